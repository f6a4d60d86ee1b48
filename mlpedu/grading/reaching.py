"""Notice a student's code that reaches for the answers shipped with the course.

The kernel cannot get at them: in the OS sandbox `mlpedu.autocheck` is a stand-in with `check`
and nothing else, and the exercise sources are not there (see `bubblewrap`). This module only
*says so*, in the gradebook, so that the instructor sees an answer that tried.
"""

import ast
import re

from .kernel_autocheck import NOT_AVAILABLE

ALLOWED_FROM_AUTOCHECK = {"check", "CheckFailed"}
GRADER_MODULES = ("mlpedu.autocheck", "mlpedu.exercises", "mlpedu.grading")
REFERENCE_NAME = re.compile(r"^\w+_reference$|^(seed_backward|reference_outputs|variant_outputs|EXERCISES|MISTAKES)$")
STAND_IN_ERROR = re.compile(r"mlpedu\.autocheck\.(\w+) " + re.escape(NOT_AVAILABLE))


def reaches(source):
    """The grader-only names and modules `source` mentions, sorted; empty if none (or unparsable)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "mlpedu.autocheck":
                found.update(f"mlpedu.autocheck.{a.name}" for a in node.names if a.name not in ALLOWED_FROM_AUTOCHECK)
            elif node.module.startswith(GRADER_MODULES[1:]):
                found.add(node.module)
            elif node.module == "mlpedu":
                found.update(f"mlpedu.{a.name}" for a in node.names if a.name in ("exercises", "grading"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith(GRADER_MODULES[1:]))
        elif isinstance(node, ast.Attribute) and REFERENCE_NAME.match(node.attr):
            found.add(node.attr)
        elif isinstance(node, ast.Name) and REFERENCE_NAME.match(node.id):
            found.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.update(m for m in GRADER_MODULES[:2] if m in node.value)
            found.update(word for word in re.findall(r"\w+_reference\b", node.value))
    return sorted(found)


def stand_in_errors(outputs):
    """The autocheck names a cell's outputs say it tried to use in the kernel."""
    text = " ".join(str(o.get("evalue", "")) + " " + "".join(o.get("traceback", []) or [])
                    for o in outputs if o.get("output_type") == "error")
    return sorted(set(f"mlpedu.autocheck.{name}" for name in STAND_IN_ERROR.findall(text)))
