"""Read an nbgrader-format source notebook and rebuild a student's notebook from it.

Cell kinds (nbgrader schema 3, `cell.metadata.nbgrader`):
- answer cell: `solution: true` (the student's code; `grade: true` as well = graded by hand);
- test cell: `grade: true, solution: false, locked: true` with `points` (autograded);
- given cell: `locked: true` otherwise (code or text the student must not change);
- task cell: `task: true` (graded by hand).

`merge(source, student)` keeps the student's answer cells and the cells they added, and takes
every locked cell, and all grading metadata, from the source by `grade_id`. Whatever the student
did to a locked cell (edited, deleted, changed its points) is undone and reported as tampering.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..errors import MlpeduError

HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|$)",
                          re.MULTILINE | re.DOTALL)


class AssignmentError(MlpeduError):
    """A source notebook is missing, unreadable or not in nbgrader format."""


@dataclass
class Cell:
    """One cell of the notebook the grader runs, with what the grader must do with it."""

    kind: str  # "answer", "test", "given", "manual", "student" (added by the student), "text"
    cell_type: str
    source: str
    grade_id: str | None = None
    points: float = 0.0
    shown_source: str | None = None  # what the feedback shows (hidden tests removed)

    @property
    def runs_in_kernel(self):
        return self.cell_type == "code" and self.kind in ("answer", "given", "student", "manual")

    @property
    def runs_in_grader(self):
        return self.cell_type == "code" and self.kind in ("test", "given")


@dataclass
class Assignment:
    name: str
    path: Path
    notebook: object
    cells: list  # source cells that carry a grade_id, as Cell
    by_id: dict = field(default_factory=dict)

    @property
    def max_score(self):
        return sum(c.points for c in self.cells if c.kind in ("test", "manual"))


def strip_hidden_tests(source):
    return HIDDEN_TESTS.sub("", source)


def nbgrader_meta(cell):
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else None


def classify(meta, cell_type):
    if meta.get("task"):
        return "manual"
    if meta.get("solution"):
        return "manual" if meta.get("grade") else "answer"
    if meta.get("grade"):
        return "test" if cell_type == "code" else "manual"
    return "given" if meta.get("locked") else "text"


def load_assignment(path):
    """Read a source notebook; every graded or locked cell must have a unique grade_id."""
    path = Path(path)
    try:
        notebook = nbformat.read(path, as_version=4)
    except Exception as exc:
        raise AssignmentError(f"Cannot read the source notebook {path}: {exc}") from None
    cells, by_id = [], {}
    for index, raw in enumerate(notebook.cells):
        meta = nbgrader_meta(raw)
        if meta is None or not (meta.get("grade_id") or meta.get("grade") or meta.get("solution")
                                or meta.get("locked") or meta.get("task")):
            continue
        grade_id = meta.get("grade_id")
        if not grade_id:
            raise AssignmentError(f"{path.name}, cell {index}: nbgrader cell without a grade_id.")
        if grade_id in by_id:
            raise AssignmentError(f"{path.name}, cell {index}: grade_id {grade_id!r} is used twice.")
        kind = classify(meta, raw.cell_type)
        points = float(meta.get("points") or 0) if kind in ("test", "manual") else 0.0
        cell = Cell(kind, raw.cell_type, raw.source, grade_id, points, strip_hidden_tests(raw.source))
        cells.append(cell)
        by_id[grade_id] = cell
    if not any(c.kind in ("test", "manual") for c in cells):
        raise AssignmentError(f"{path.name} has no graded cells (nbgrader metadata 'grade: true').")
    return Assignment(path.stem, path, notebook, cells, by_id)


def load_assignments(source_dir):
    source_dir = Path(source_dir)
    paths = sorted(p for p in source_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise AssignmentError(f"No source notebooks (*.ipynb) in {source_dir}.")
    return {p.stem: load_assignment(p) for p in paths}


def _normalise(source):
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def merge(assignment, student_notebook):
    """The cells to run, in order, and the list of tampering found (human-readable strings)."""
    tampering = []
    student_cells = list(student_notebook.get("cells", []))
    chosen, extras, anchor = {}, {None: []}, None
    for position, raw in enumerate(student_cells):
        meta = nbgrader_meta(raw) or {}
        grade_id = meta.get("grade_id")
        if grade_id in assignment.by_id:
            if grade_id in chosen:
                tampering.append(f"cell {grade_id!r} appears twice; the first copy was graded")
                continue
            chosen[grade_id] = (position, raw, meta)
            anchor = grade_id
            extras[anchor] = []
        else:
            extras[anchor].append(raw)

    cells = [_student_cell(raw) for raw in extras[None]]
    if student_cells and not chosen:  # not one cell deleted but all metadata gone: say that, once
        tampering.append("no cell carries its nbgrader metadata (an editor may have stripped it, or this is "
                         "another notebook): the student's cells ran as they are, before every locked cell, "
                         "which was restored from the source")
    for expected in assignment.cells:
        found = chosen.get(expected.grade_id)
        if found is None:
            if expected.kind in ("answer", "manual"):
                if chosen:
                    tampering.append(f"answer cell {expected.grade_id!r} was deleted; it is graded as empty")
                cells.append(Cell(expected.kind, expected.cell_type, "", expected.grade_id, expected.points, ""))
            else:
                if chosen:
                    tampering.append(f"locked cell {expected.grade_id!r} was deleted; restored from the source")
                cells.append(expected)
            continue
        _, raw, meta = found
        if expected.kind in ("answer", "manual") and expected.cell_type == raw.get("cell_type"):
            source = _text(raw.get("source", ""))
            cells.append(Cell(expected.kind, expected.cell_type, source, expected.grade_id, expected.points, source))
        else:
            if _normalise(_text(raw.get("source", ""))) not in (_normalise(expected.shown_source),
                                                                 _normalise(expected.source)):
                tampering.append(f"locked cell {expected.grade_id!r} was edited; restored from the source")
            cells.append(expected)
        student_points = meta.get("points")
        if expected.kind in ("test", "manual") and not _same_points(student_points, expected.points):
            tampering.append(f"points of {expected.grade_id!r} were changed to {student_points!r}; "
                             f"the source's {expected.points:g} count")
        for flag in ("grade", "solution", "locked"):
            source_meta = nbgrader_meta(_source_raw(assignment, expected.grade_id)) or {}
            if bool(meta.get(flag)) != bool(source_meta.get(flag)):
                tampering.append(f"the {flag!r} flag of {expected.grade_id!r} was changed; the source's counts")
                break
        cells.extend(_student_cell(extra) for extra in extras.get(expected.grade_id, []))
    return cells, tampering


def _source_raw(assignment, grade_id):
    for raw in assignment.notebook.cells:
        if (nbgrader_meta(raw) or {}).get("grade_id") == grade_id:
            return raw
    return {}


def _same_points(value, expected):
    try:
        return float(value or 0) == expected
    except (TypeError, ValueError):
        return False


def _text(source):
    return "".join(source) if isinstance(source, list) else str(source)


def _student_cell(raw):
    cell_type = raw.get("cell_type") if raw.get("cell_type") in ("code", "markdown", "raw") else "raw"
    source = _text(raw.get("source", ""))
    return Cell("student" if cell_type == "code" else "text", cell_type, source, None, 0.0, source)
