"""One source notebook, two editions: the nbgrader markers and metadata, read and applied.

A source notebook follows nbgrader's conventions (schema 3), so a course already on nbgrader
can use it as it is:

- a cell's `metadata["nbgrader"]` holds `grade`, `grade_id`, `locked`, `points` (graded cells),
  `schema_version` (3), `solution` and `task`;
- inside a solution cell, `### BEGIN SOLUTION` … `### END SOLUTION` marks what the student writes;
- inside a graded (test) cell, `### BEGIN HIDDEN TESTS` … `### END HIDDEN TESTS` marks the
  tests only the grader runs.

The solution edition is the source as it is (markers kept: they show the instructor what the
student sees replaced). The student edition replaces each solution region by a placeholder that
raises NotImplementedError and drops the hidden tests. Malformed markers are an error that names
the notebook and the cell.
"""

import copy
import hashlib
import json
import re

import nbformat

from ..errors import MlpeduError

SCHEMA_VERSION = 3
NBGRADER_KEYS = ("grade", "grade_id", "locked", "schema_version", "solution", "task")
REGIONS = {"SOLUTION": "solution", "HIDDEN TESTS": "hidden tests"}
MARKER = re.compile(r"^(?P<indent>\s*)### (?P<end>BEGIN|END) (?P<kind>SOLUTION|HIDDEN TESTS)\s*$")
# a line that mentions a marker without being one, e.g. "## BEGIN SOLUTION" or "### BEGIN SOLUTIONS"
NEAR_MARKER = re.compile(r"(BEGIN|END)\s+(SOLUTION|HIDDEN\s+TESTS)", re.IGNORECASE)
CODE_STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
MARKDOWN_STUB = ["YOUR ANSWER HERE"]
EDITIONS = ("solution", "student")


class MarkerError(MlpeduError):
    """A source notebook's nbgrader markers or metadata are malformed."""


def where(notebook_name, index, cell, line=None):
    grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    label = f"{notebook_name}: cell {index}" + (f" (grade_id {grade_id!r})" if grade_id else "")
    return label + (f", line {line}" if line is not None else "")


def regions(cell, notebook_name, index):
    """The marked regions of a cell as (kind, begin line, end line, indent), 0-based lines."""
    found, open_region = [], None
    for number, line in enumerate(cell.source.splitlines()):
        match = MARKER.match(line)
        if not match:
            if NEAR_MARKER.search(line):
                raise MarkerError(f"{where(notebook_name, index, cell, number + 1)}: {line.strip()!r} looks like a "
                                  f"marker but is not one; write exactly '### BEGIN SOLUTION', '### END SOLUTION', "
                                  f"'### BEGIN HIDDEN TESTS' or '### END HIDDEN TESTS' on a line of its own.")
            continue
        kind = REGIONS[match["kind"]]
        if match["end"] == "BEGIN":
            if open_region:
                raise MarkerError(f"{where(notebook_name, index, cell, number + 1)}: '### BEGIN {match['kind']}' "
                                  f"inside the {open_region[0]} region opened on line {open_region[1] + 1}; "
                                  "regions cannot be nested: close the first one with its END marker.")
            open_region = (kind, number, match["indent"])
        else:
            if not open_region:
                raise MarkerError(f"{where(notebook_name, index, cell, number + 1)}: '### END {match['kind']}' "
                                  "without a matching BEGIN marker before it.")
            if open_region[0] != kind:
                raise MarkerError(f"{where(notebook_name, index, cell, number + 1)}: '### END {match['kind']}' "
                                  f"closes the {open_region[0]} region opened on line {open_region[1] + 1}; "
                                  f"the markers are mismatched (expected '### END "
                                  f"{'SOLUTION' if open_region[0] == 'solution' else 'HIDDEN TESTS'}').")
            found.append((kind, open_region[1], number, open_region[2]))
            open_region = None
    if open_region:
        raise MarkerError(f"{where(notebook_name, index, cell, open_region[1] + 1)}: the {open_region[0]} region "
                          "is never closed (unterminated): add its END marker.")
    return found


def check_metadata(cell, notebook_name, index):
    """The nbgrader metadata of one cell, checked; None for a cell nbgrader does not manage."""
    meta = cell.get("metadata", {}).get("nbgrader")
    if meta is None:
        return None
    missing = [key for key in NBGRADER_KEYS if key not in meta]
    if missing:
        raise MarkerError(f"{where(notebook_name, index, cell)}: nbgrader metadata lacks {', '.join(missing)} "
                          f"(schema {SCHEMA_VERSION} needs {', '.join(NBGRADER_KEYS)}).")
    if meta["schema_version"] != SCHEMA_VERSION:
        raise MarkerError(f"{where(notebook_name, index, cell)}: nbgrader schema_version is "
                          f"{meta['schema_version']!r}; expected {SCHEMA_VERSION}.")
    if not isinstance(meta["grade_id"], str) or not re.fullmatch(r"[A-Za-z0-9_-]+", meta["grade_id"]):
        raise MarkerError(f"{where(notebook_name, index, cell)}: grade_id {meta['grade_id']!r} must be a "
                          "non-empty name of letters, digits, '_' and '-'.")
    if (meta["grade"] or meta["task"]) and not isinstance(meta.get("points"), (int, float)):
        raise MarkerError(f"{where(notebook_name, index, cell)}: a graded cell needs numeric 'points'; "
                          f"got {meta.get('points')!r}.")
    return meta


def validate(nb, notebook_name):
    """Check every cell's markers and metadata; return {cell index: regions}."""
    seen, found = {}, {}
    for index, cell in enumerate(nb.cells):
        meta = check_metadata(cell, notebook_name, index)
        cell_regions = regions(cell, notebook_name, index)
        if meta:
            if meta["grade_id"] in seen:
                raise MarkerError(f"{where(notebook_name, index, cell)}: grade_id {meta['grade_id']!r} is used "
                                  f"again (first in cell {seen[meta['grade_id']]}); each must be unique.")
            seen[meta["grade_id"]] = index
        for kind, begin, _, _ in cell_regions:
            if kind == "solution" and not (meta and meta["solution"]):
                raise MarkerError(f"{where(notebook_name, index, cell, begin + 1)}: a solution region in a cell "
                                  "whose nbgrader metadata does not say solution: true.")
            if kind == "hidden tests" and not (meta and meta["grade"] and cell.cell_type == "code"):
                raise MarkerError(f"{where(notebook_name, index, cell, begin + 1)}: hidden tests in a cell that is "
                                  "not a graded code cell (nbgrader metadata grade: true).")
        found[index] = cell_regions
    return found


def student_source(cell, cell_regions):
    """The cell's source with solutions replaced by the placeholder and hidden tests removed."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    stub = CODE_STUB if cell.cell_type == "code" else MARKDOWN_STUB
    if meta.get("solution") and not cell_regions:  # nbgrader: a solution cell without markers is all solution
        return "\n".join(stub)
    lines, out, position = cell.source.splitlines(), [], 0
    for kind, begin, end, indent in cell_regions:
        out += lines[position:begin]
        if kind == "solution":
            out += [indent + line for line in stub]
        position = end + 1
    out += lines[position:]
    return "\n".join(out)


def cells_digest(nb):
    """A fingerprint of what a person could edit: cell types, sources and nbgrader metadata."""
    content = [(cell.cell_type, cell.source, cell.get("metadata", {}).get("nbgrader")) for cell in nb.cells]
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def make_edition(source_nb, notebook_name, edition):
    """The solution or student edition of a source notebook, marked as generated."""
    if edition not in EDITIONS:
        raise MlpeduError(f"Unknown edition {edition!r}; expected one of {', '.join(EDITIONS)}.")
    found = validate(source_nb, notebook_name)
    nb = copy.deepcopy(source_nb)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
        if edition == "student":
            cell.source = student_source(cell, found[index])
            meta = cell.metadata.get("nbgrader", {})
            # as nbgrader's release does: Jupyter keeps graded and answer cells, and locked ones unedited
            if meta.get("grade") or meta.get("solution") or meta.get("locked"):
                cell.metadata["deletable"] = False
            if meta.get("locked"):
                cell.metadata["editable"] = False
    nb.metadata["mlpedu"] = {
        "edition": edition,
        "generated_by": "mlpedu exercises build",
        "source": notebook_name,
        "cells_sha256": cells_digest(nb),
    }
    return nb


def read_notebook(path):
    try:
        return nbformat.read(str(path), as_version=4)
    except Exception as exc:
        raise MlpeduError(f"{path} could not be read as a notebook ({type(exc).__name__}: {exc}).") from None
