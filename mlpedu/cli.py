"""The `mlpedu` command. Each subcommand lives in its own module, which adds a parser here."""

import argparse
import importlib
import sys

from . import __version__

# subcommand name -> module with `add_parser(subparsers)` (or module:function); the parser's `run(args)` returns an exit code
SUBCOMMANDS = {
    "start": "mlpedu.start",
    "site": "mlpedu.site",
    "exercises": "mlpedu.exercises.cli",
    "grade": "mlpedu.grading.cli",
    "feedback": "mlpedu.grading.release",
    "marks": "mlpedu.grading.review",
    "merge": "mlpedu.grading.shards",
    "gradebook": "mlpedu.grading.cli:add_gradebook_parser",
}


def build_parser():
    parser = argparse.ArgumentParser(prog="mlpedu", description="The mlpedu backpropagation course tools.")
    parser.add_argument("--version", action="version", version=f"mlpedu {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for target in SUBCOMMANDS.values():
        module, _, function = target.partition(":")
        getattr(importlib.import_module(module), function or "add_parser")(subparsers)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0 if args.command is None else 2
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
