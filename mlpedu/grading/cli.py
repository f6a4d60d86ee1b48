"""`mlpedu grade SUBMISSIONS_DIR --out RESULTS_DIR`: grade a folder of student notebooks."""

import sys

from ..errors import MlpeduError
from .limits import Limits

EPILOG = """Student ids come from the layout: SUBMISSIONS/<student>/<...assignment...> (a folder per
student) or SUBMISSIONS/<student>_<assignment>.ipynb (a file per student; separators _ - . or
space, either order). The assignment is the source notebook whose name appears in the file name.
Use --pattern with a (?P<student>...) group for other layouts. Duplicates and unmatched files are
listed in the summary and in RESULTS_DIR/summary.json. Each kernel runs in an operating-system
sandbox (bubblewrap: install the package 'bubblewrap'); without it grading refuses to start
unless --no-os-sandbox. Exit code 0: every submission graded (unreadable notebooks score 0 and
are listed); 1: duplicates, grader errors or untrusted files in RESULTS_DIR/records to look at;
2: bad arguments, or no sandbox."""


def add_parser(subparsers):
    parser = subparsers.add_parser("grade", help="grade a folder of submitted notebooks",
                                   description="Run each submission in its own sandboxed kernel with the "
                                               "hidden tests restored, and write a gradebook and feedback.",
                                   epilog=EPILOG)
    parser.add_argument("submissions", metavar="SUBMISSIONS_DIR", help="folder of submitted notebooks")
    parser.add_argument("--out", required=True, metavar="RESULTS_DIR", help="folder for grades and feedback")
    parser.add_argument("--source", metavar="DIR", help="folder of nbgrader source notebooks, or nbgrader's "
                                                        "source/<assignment>/ tree, or the course folder holding "
                                                        "it (default: the exercises shipped with mlpedu)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded in parallel (default 1)")
    again = parser.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="keep grades already in RESULTS_DIR; grade only "
                                                             "new or changed submissions")
    again.add_argument("--force", action="store_true", help="grade everything again, replacing earlier grades")
    parser.add_argument("--pattern", metavar="REGEX", help="regular expression on the relative path with a "
                                                          "(?P<student>...) group and optionally (?P<assignment>...)")
    parser.add_argument("--cell-timeout", type=float, default=Limits.cell_timeout, metavar="S",
                        help=f"seconds per cell (default {Limits.cell_timeout:g})")
    parser.add_argument("--notebook-timeout", type=float, default=Limits.notebook_timeout, metavar="S",
                        help=f"seconds per notebook (default {Limits.notebook_timeout:g})")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb, metavar="MB",
                        help=f"memory limit of a student's kernel (default {Limits.memory_mb})")
    parser.add_argument("--workspace-mb", type=int, default=Limits.workspace_mb, metavar="MB",
                        help=f"size of each of the kernel's writable folders (default {Limits.workspace_mb})")
    parser.add_argument("--no-os-sandbox", action="store_true",
                        help="grade without bubblewrap, with the in-process limits only (not a jail: for trusted "
                             "notebooks, or machines without user namespaces); said in the summary and gradebook")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)
    return parser


def run(args):
    from .runner import grade  # jupyter_client and nbformat load only when grading

    limits = Limits(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout, memory_mb=args.memory_mb,
                    workspace_mb=args.workspace_mb)
    try:
        summary = grade(args.submissions, args.out, args.source, jobs=args.jobs, resume=args.resume,
                        force=args.force, pattern=args.pattern, limits=limits, progress=not args.no_progress,
                        os_sandbox=not args.no_os_sandbox)
    except MlpeduError as exc:
        print(f"mlpedu grade: {exc}", file=sys.stderr)
        return 2
    print(summary.text())
    print(f"Grades: {args.out}/grades.csv (per cell: cells.csv); feedback: {args.out}/feedback/")
    return 0 if summary.ok else 1
