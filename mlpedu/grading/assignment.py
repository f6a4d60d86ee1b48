"""Read an nbgrader-format source notebook and rebuild a student's notebook from it.

Cell kinds (nbgrader schema 3, `cell.metadata.nbgrader`):
- answer cell: `solution: true` (the student's code; `grade: true` as well = graded by hand);
- test cell: `grade: true, solution: false, locked: true` with `points` (autograded);
- given cell: `locked: true` otherwise (code or text the student must not change);
- task cell: `task: true` (locked instructions, graded by hand);
- a cell with only a `grade_id` is an ordinary cell: the student may change it.

`merge(source, student)` matches cells by `grade_id`. An answer cell always keeps the student's text
(never the source's: that is the solution), in the source's cell type. Locked cells (given, test,
task) and all grading metadata come from the source. Whatever the student did (edited, retyped,
duplicated, moved or deleted a cell, changed its points) is undone where it matters and reported
as tampering. The feedback never shows the source's solutions or hidden tests.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..errors import MlpeduError

# a region runs to its END marker, or to the end of the cell if that is missing: never show half of one
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?(?:^[ \t]*### END HIDDEN TESTS[^\n]*(?:\n|\Z)|\Z)",
                          re.MULTILINE | re.DOTALL)
# like nbgrader, the whole line holding BEGIN SOLUTION is replaced, even if text precedes the marker
SOLUTION = re.compile(r"^([ \t]*)[^\n]*### BEGIN SOLUTION.*?(?:### END SOLUTION[^\n]*|\Z)", re.MULTILINE | re.DOTALL)


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
    shown_source: str | None = None  # what the feedback shows (no solutions, no hidden tests)

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
    folder: str | None = None  # nbgrader's assignment (source/<folder>/<name>.ipynb), if laid out so

    @property
    def max_score(self):
        return sum(c.points for c in self.cells if c.kind in ("test", "manual"))


def strip_hidden_tests(source):
    return HIDDEN_TESTS.sub("", source)


def hidden_lines(source):
    """The line numbers (from 1) of a cell's hidden tests, markers included: what strip_hidden_tests removes."""
    lines = set()
    for match in HIDDEN_TESTS.finditer(source):
        first = source.count("\n", 0, match.start()) + 1
        lines.update(range(first, source.count("\n", 0, match.end() - 1) + 2))
    return lines


def strip_solutions(source, cell_type="code"):
    """The source with each solution region replaced by the student edition's placeholder."""
    if cell_type == "code":
        return SOLUTION.sub(lambda m: f"{m[1]}# YOUR CODE HERE\n{m[1]}raise NotImplementedError()", source)
    return SOLUTION.sub(lambda m: f"{m[1]}YOUR ANSWER HERE", source)


def nbgrader_meta(cell):
    metadata = cell.get("metadata")
    meta = metadata.get("nbgrader") if isinstance(metadata, dict) else None
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
        shown = strip_solutions(strip_hidden_tests(raw.source), raw.cell_type)
        cell = Cell(kind, raw.cell_type, raw.source, grade_id, points, shown)
        cells.append(cell)
        by_id[grade_id] = cell
    if not any(c.kind in ("test", "manual") for c in cells):
        raise AssignmentError(f"{path.name} has no graded cells (nbgrader metadata 'grade: true').")
    return Assignment(path.stem, path, notebook, cells, by_id)


def load_assignments(source_dir):
    """The source notebooks in `source_dir`, by name: either its own *.ipynb, or nbgrader's layout,
    source/<assignment>/<notebook>.ipynb (given the course folder, its source/ is used)."""
    source_dir = Path(source_dir)
    if not list(source_dir.glob("*.ipynb")) and (source_dir / "source").is_dir():
        source_dir = source_dir / "source"
    paths = _visible(source_dir.glob("*.ipynb"), source_dir) or _visible(source_dir.glob("*/*.ipynb"), source_dir)
    if not paths:
        raise AssignmentError(f"No source notebooks (*.ipynb) in {source_dir}, nor in its assignment folders "
                              f"({source_dir}/<assignment>/*.ipynb, as nbgrader lays them out).")
    by_name = {}
    for path in paths:
        by_name.setdefault(path.stem, []).append(path)
    clashes = {name: found for name, found in by_name.items() if len(found) > 1}
    if clashes:  # submissions are matched to sources by the notebook's name
        name, found = sorted(clashes.items())[0]
        raise AssignmentError(f"Two source notebooks are named {name!r}: "
                              f"{', '.join(str(p.relative_to(source_dir)) for p in found)}. Rename one, or grade "
                              "each assignment folder with its own --source.")
    assignments = {}
    for path in paths:
        assignments[path.stem] = load_assignment(path)
        assignments[path.stem].folder = path.parent.name if path.parent != source_dir else None
    return assignments


def _visible(paths, root):
    return sorted(p for p in paths if not any(part.startswith(".") for part in p.relative_to(root).parts))


def _normalise(source):
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


def merge(assignment, student_notebook):
    """The cells to run, in order, and the list of tampering found (human-readable strings)."""
    tampering = []
    source_meta = {c.grade_id: nbgrader_meta(_source_raw(assignment, c.grade_id)) for c in assignment.cells}
    roles = {c.grade_id: _role(c, source_meta[c.grade_id]) for c in assignment.cells}
    student_cells = list(student_notebook.get("cells", []))
    chosen, copies, extras, anchor = {}, {}, {None: []}, None
    for raw in student_cells:
        meta = nbgrader_meta(raw) or {}
        grade_id = meta.get("grade_id") if isinstance(meta.get("grade_id"), str) else None
        if grade_id not in roles and (meta.get("grade") or meta.get("points")):
            tampering.append(f"a cell the student added claims to be graded (grade_id {_brief(grade_id)}, points "
                             f"{_brief(meta.get('points'))}); it counts for nothing and ran as an ordinary cell")
        if roles.get(grade_id, "ordinary") == "ordinary" or grade_id in chosen:
            # ordinary cells, and later copies of a graded cell, run as the student wrote them, where they were
            if grade_id in chosen:
                copies[grade_id] = copies.get(grade_id, 1) + 1
            extras[anchor].append(raw)
        else:
            chosen[grade_id] = raw
            anchor = grade_id
            extras[anchor] = []

    for grade_id, count in copies.items():
        first = ("the first copy ran as the answer" if roles[grade_id] == "answer"
                 else "the source's version was restored in its place")
        later = ("the later copy ran as an ordinary cell where the student put it" if count == 2
                 else "the later copies ran as ordinary cells where the student put them")
        tampering.append(f"cell {grade_id!r} appears {'twice' if count == 2 else f'{count} times'}; {first}, {later}")
    moved = _out_of_order(list(chosen), [c.grade_id for c in assignment.cells])
    if moved:
        tampering.append(f"graded cells were moved ({', '.join(map(repr, moved))}); they ran in the assignment's order")

    cells = [_student_cell(raw) for raw in extras[None]]
    if student_cells and not chosen:  # not one cell deleted but all metadata gone: say that, once
        tampering.append("no cell carries its nbgrader metadata (an editor may have stripped it, or this is "
                         "another notebook): the student's cells ran as they are, before every locked cell, "
                         "which was restored from the source")
    for expected in assignment.cells:
        grade_id, role, raw = expected.grade_id, roles[expected.grade_id], chosen.get(expected.grade_id)
        if role == "ordinary":  # it travelled with the student's cells
            continue
        what = f"answer cell {grade_id!r}" if role == "answer" else f"locked cell {grade_id!r}"
        if raw is None:
            if chosen:
                tampering.append(f"{what} was deleted; " + (
                    "its place was left empty (the student's other cells ran as they are)" if role == "answer"
                    else "restored from the source"))
            raw = {"cell_type": expected.cell_type, "source": ""}
            meta = source_meta[grade_id]
        else:
            meta = nbgrader_meta(raw)
        text = _text(raw.get("source", ""))
        if raw.get("cell_type") != expected.cell_type:
            tampering.append(f"{what} was changed from {expected.cell_type} to {str(raw.get('cell_type'))[:20]}; " + (
                f"it was graded as {expected.cell_type}, with the student's text" if role == "answer"
                else "restored from the source"))
        elif role == "locked" and grade_id in chosen and _normalise(text) not in (
                _normalise(expected.shown_source), _normalise(expected.source)):
            tampering.append(f"{what} was edited; restored from the source")
        # an answer is always the student's own text: the source's is the solution
        cells.append(Cell(expected.kind, expected.cell_type, text, grade_id, expected.points, text)
                     if role == "answer" else expected)
        if expected.kind in ("test", "manual") and not _same_points(meta.get("points"), expected.points):
            tampering.append(f"points of {grade_id!r} were changed to {_brief(meta.get('points'))}; "
                             f"the source's {expected.points:g} count")
        for flag in ("grade", "solution", "locked", "task"):
            if bool(meta.get(flag)) != bool(source_meta[grade_id].get(flag)):
                tampering.append(f"the {flag!r} flag of {grade_id!r} was changed; the source's counts")
                break
        cells.extend(_student_cell(extra) for extra in extras.get(grade_id, []))
    return cells, tampering


def _role(expected, meta):
    """What counts: the student's text ("answer"), the source's ("locked"), or neither ("ordinary")."""
    if expected.kind == "text":
        return "ordinary"
    return "answer" if meta.get("solution") and not meta.get("task") else "locked"


def _out_of_order(student_order, source_order):
    """The grade_ids not in the longest run of cells the student kept in the source's order."""
    position = {grade_id: i for i, grade_id in enumerate(source_order)}
    runs = []  # runs[i]: the longest in-order run ending with student_order[i]
    for i, grade_id in enumerate(student_order):
        before = [runs[j] for j in range(i) if position[student_order[j]] < position[grade_id]]
        runs.append(max(before, key=len, default=[]) + [grade_id])
    kept = max(runs, key=len, default=[])
    return [grade_id for grade_id in student_order if grade_id not in kept]


def _source_raw(assignment, grade_id):
    for raw in assignment.notebook.cells:
        if (nbgrader_meta(raw) or {}).get("grade_id") == grade_id:
            return raw
    return {}


def _brief(value, width=40):
    """A value the student wrote, as a note quotes it: its repr, cut to `width` characters."""
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"


def _same_points(value, expected):
    try:
        return float(value or 0) == expected
    except (TypeError, ValueError, OverflowError):
        return False


def _text(source):
    return "".join(source) if isinstance(source, list) else str(source)


def _student_cell(raw):
    cell_type = raw.get("cell_type") if raw.get("cell_type") in ("code", "markdown", "raw") else "raw"
    source = _text(raw.get("source", ""))
    return Cell("student" if cell_type == "code" else "text", cell_type, source, None, 0.0, source)


def manual_answers(assignment, cells):
    """{grade_id: the student's answer} for each hand-graded cell of a merged notebook: a written answer
    cell's own text; for a task (locked instructions), the cells the student added after it."""
    answers = {}
    for index, cell in enumerate(cells):
        if cell.kind != "manual":
            continue
        if (nbgrader_meta(_source_raw(assignment, cell.grade_id)) or {}).get("task"):
            after = []
            for later in cells[index + 1:]:
                if later.grade_id:
                    break
                after.append(later.source)
            answers[cell.grade_id] = "\n\n".join(after)
        else:
            answers[cell.grade_id] = cell.source
    return answers
