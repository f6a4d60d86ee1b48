"""Notice a student's code that reaches for the answers shipped with the course.

The kernel cannot get at them: in the OS sandbox `mlpedu.autocheck` is a stand-in with `check`
and nothing else, and the exercise sources are not there (see `bubblewrap`). This module only
*says so*, in the gradebook, so that the instructor sees an answer that tried. It names only
what the course really has (`dense_reference`, not any name ending in "_reference").
"""

import ast
import functools
import re

from .kernel_autocheck import NOT_AVAILABLE

ALLOWED_FROM_AUTOCHECK = {"check", "CheckFailed"}
GRADER_ONLY_MODULES = ("mlpedu.exercises", "mlpedu.grading")
STAND_IN_ERROR = re.compile(r"mlpedu\.autocheck\.(\w+) " + re.escape(NOT_AVAILABLE))


@functools.cache
def reference_names():
    """The names in mlpedu.autocheck that give answers away: the reference solutions and their tables."""
    from .. import autocheck

    return frozenset(name for name in vars(autocheck) if not name.startswith("_") and (
        "reference" in name or name in ("seed_backward", "variant_outputs", "EXERCISES", "MISTAKES")))


def reaches(source):
    """The grader-only names and modules `source` mentions, sorted; empty if none (or unparsable)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found, aliases = set(), set()  # aliases: names bound to mlpedu.autocheck in this cell
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "mlpedu.autocheck" and alias.asname:
                    aliases.add(alias.asname)
                if alias.name.startswith(GRADER_ONLY_MODULES):
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = {a.name: a.asname or a.name for a in node.names}
            if node.module == "mlpedu.autocheck":
                found.update(f"mlpedu.autocheck.{n}" for n in names if n not in ALLOWED_FROM_AUTOCHECK)
            elif node.module.startswith(GRADER_ONLY_MODULES):
                found.add(node.module)
            elif node.module == "mlpedu":
                aliases.update(bound for n, bound in names.items() if n == "autocheck")
                found.update(f"mlpedu.{n}" for n in names if n in ("exercises", "grading"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = ast.unparse(node.value)
            if (owner in aliases or owner == "mlpedu.autocheck") and node.attr not in ALLOWED_FROM_AUTOCHECK:
                found.add(f"mlpedu.autocheck.{node.attr}")
            elif node.attr in reference_names():
                found.add(node.attr)
        elif isinstance(node, ast.Name) and node.id in reference_names():
            found.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(m for m in ("mlpedu.autocheck", *GRADER_ONLY_MODULES) if m in node.value)
            found.update(word for word in re.findall(r"\w+", node.value) if word in reference_names())
    return sorted(found)


def stand_in_errors(outputs):
    """The autocheck names a cell's outputs say it tried to use in the kernel."""
    text = " ".join(str(o.get("evalue", "")) + " " + "".join(o.get("traceback", []) or [])
                    for o in outputs if o.get("output_type") == "error")
    return sorted(set(f"mlpedu.autocheck.{name}" for name in STAND_IN_ERROR.findall(text)))
