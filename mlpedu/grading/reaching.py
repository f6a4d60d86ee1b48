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
        "reference" in name or name in ("seed_backward", "variant_outputs")))


@functools.lru_cache(maxsize=16)  # the judge asks several questions of each cell; read only, never changed
def parse(source):
    """The syntax tree of a student's cell, or None if Python cannot parse it (or it is built to make
    the parser itself fail: thousands of nested brackets or operators)."""
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None


def reaches(source):
    """The grader-only names and modules `source` mentions, sorted; empty if none (or unparsable)."""
    try:
        return _reaches(source)
    except (RecursionError, MemoryError):  # ast.unparse of a monstrous expression
        return []


def _reaches(source):
    tree = parse(source)
    if tree is None:
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
        elif isinstance(node, (ast.Call, ast.Subscript)):  # import_module("mlpedu.autocheck"), vars(m)["dense_reference"]
            keys = node.args if isinstance(node, ast.Call) else [node.slice]
            for text in (k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)):
                found.update(m for m in ("mlpedu.autocheck", *GRADER_ONLY_MODULES) if m in text)
                found.update(word for word in re.findall(r"\w+", text) if word in reference_names())
    return sorted(found)


def library_uses(source, provided):
    """What of the course library an answer calls: its own imports from mlpedu, and the names the
    provided cells imported from it (`provided`: name -> "module:name", as `judge.definitions`)."""
    tree = parse(source)
    if tree is None:
        return []
    library = {name for name, origin in provided.items()
               if origin.split(":")[0].startswith("mlpedu") or origin == ":mlpedu"} - {"check", "CheckFailed"}
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mlpedu") and not (
                node.module.startswith(("mlpedu.autocheck", *GRADER_ONLY_MODULES))):
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "mlpedu"
                         and not a.name.startswith(("mlpedu.autocheck", *GRADER_ONLY_MODULES)))
            library.update(a.asname or "mlpedu" for a in node.names if a.name.split(".")[0] == "mlpedu")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in library:
            if not (provided.get(node.value.id) == ":mlpedu.autocheck" or node.attr in ("autocheck", "grading",
                                                                                       "exercises")):
                found.add(f"{node.value.id}.{node.attr}")
        elif isinstance(node, ast.Name) and node.id in library and isinstance(node.ctx, ast.Load):
            found.add(node.id)
    found -= {n for n in found if any(other.startswith(n + ".") for other in found)}  # mlpedu.Dense, not mlpedu
    return sorted(found)


def stand_in_errors(outputs):
    """The autocheck names a cell's outputs say it tried to use in the kernel."""
    text = " ".join(str(o.get("evalue", "")) + " " + "".join(o.get("traceback", []) or [])
                    for o in outputs if o.get("output_type") == "error")
    return sorted(set(f"mlpedu.autocheck.{name}" for name in STAND_IN_ERROR.findall(text)))
