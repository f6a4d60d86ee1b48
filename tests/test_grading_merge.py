"""merge(): whatever a student does to a cell with a grade_id, an answer is graded with the student's
own text, a locked cell with the source's, and the feedback never shows a solution or a hidden test.

The source is the toy assignment plus a task cell (locked instructions graded by hand, with a model
answer in a solution region) and a plain cell that has a grade_id but no nbgrader flags."""

import copy
from pathlib import Path

import nbformat
import pytest

from grading_fixtures import toy
from mlpedu.grading.assignment import load_assignment, merge, strip_hidden_tests, strip_solutions

REPO = Path(__file__).resolve().parent.parent

TASK = ("## 5. Backprop in one sentence  (2 points)\n"
        "### BEGIN SOLUTION\nThe chain rule, applied from the loss backwards.\n### END SOLUTION")
NOTES = "Scratch notes: write anything here."
STUDENT_SIGMOID = "def sigmoid_prime(z):\n    return z * 0.25  # the student's own attempt"
STUDENT_EXPLANATION = "The student's own explanation."


def source_notebook():
    notebook = toy.source_notebook()
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in notebook.cells]
    notebook.cells.insert(ids.index("explain_relu"), toy._markdown(TASK, grade_id="describe_task", task=True,
                                                                   locked=True, points=2))
    notebook.cells.insert(ids.index("setup") + 1, toy._markdown(NOTES, grade_id="notes"))
    return notebook


@pytest.fixture(scope="module")
def assignment(tmp_path_factory):
    path = tmp_path_factory.mktemp("source") / "toy_backprop.ipynb"
    nbformat.write(source_notebook(), path)
    return load_assignment(path)


def region_lines(notebook, marker):
    """The lines inside the `### BEGIN <marker>` regions of a notebook's cells, and the marker itself."""
    found = {f"BEGIN {marker}"}
    for cell in notebook.cells:
        inside = False
        for line in cell.source.splitlines():
            if f"### BEGIN {marker}" in line:
                inside = True
            elif f"### END {marker}" in line:
                inside = False
            elif inside and line.strip():
                found.add(line.strip())
    return found


SOLUTIONS = region_lines(source_notebook(), "SOLUTION")
HIDDEN = region_lines(source_notebook(), "HIDDEN TESTS")
ANSWERS = {c.metadata["nbgrader"]["grade_id"] for c in source_notebook().cells
           if c.metadata.get("nbgrader", {}).get("solution")}


def test_the_secrets_include_the_known_ones():
    for line in ("s = 1.0 / (1.0 + np.exp(-z))", "ReLU has a kink at 0.", "BEGIN SOLUTION",
                 "The chain rule, applied from the loss backwards."):
        assert line in SOLUTIONS, f"expected {line!r} among the solution lines, got {sorted(SOLUTIONS)}"
    for line in ("Z = rng.normal(size=(4, 5))", "BEGIN HIDDEN TESTS"):
        assert line in HIDDEN, f"expected {line!r} among the hidden-test lines, got {sorted(HIDDEN)}"


def student_notebook():
    """The student edition with two answers written (the other answers are left unanswered)."""
    notebook = toy.student_edition(source_notebook())
    toy._cell(notebook, "sigmoid_prime").source = STUDENT_SIGMOID
    # the fixture's student edition leaves this inline-marked solution in place; a student overwrites it
    toy._cell(notebook, "explain_relu").source = STUDENT_EXPLANATION
    return notebook


def retype(cell_type):
    def action(notebook, cell):
        cell.cell_type = cell_type
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
        if cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return action


def edit(notebook, cell):
    cell.source = "x = 'edited by the student'" if cell.cell_type == "code" else "Edited by the student."


def flip(flag):
    def action(notebook, cell):
        cell.metadata["nbgrader"][flag] = not cell.metadata["nbgrader"].get(flag)
    return action


def set_points(notebook, cell):
    cell.metadata["nbgrader"]["points"] = 100


def add_key(notebook, cell):
    cell.metadata["nbgrader"]["extra_key"] = "added by the student"


def copy_text(cell):
    return cell.source + ("\n# the copy" if cell.cell_type == "code" else "\n\n(the copy)")


def duplicate(notebook, cell):
    twin = copy.deepcopy(cell)
    twin.source, twin.id = copy_text(cell), "the-copy"
    notebook.cells.append(twin)


def move(notebook, cell):
    """To the end of the notebook; the last graded cell goes to the top instead."""
    notebook.cells.remove(cell)
    if cell.metadata["nbgrader"]["grade_id"] == "explain_relu":
        notebook.cells.insert(0, cell)
    else:
        notebook.cells.append(cell)


def delete(notebook, cell):
    notebook.cells.remove(cell)


ACTIONS = {"to code": retype("code"), "to markdown": retype("markdown"), "to raw": retype("raw"), "edited": edit,
           "grade flipped": flip("grade"), "solution flipped": flip("solution"), "locked flipped": flip("locked"),
           "task flipped": flip("task"), "points changed": set_points, "extra key": add_key,
           "duplicated": duplicate, "moved": move, "deleted": delete}


def retyped_answer(grade_id, old, new):
    return f"answer cell {grade_id!r} was changed from {old} to {new}; it was graded as {old}, with the student's text"


def retyped_locked(grade_id, old, new):
    return f"locked cell {grade_id!r} was changed from {old} to {new}; restored from the source"


def flag(name, grade_id):
    return f"the {name!r} flag of {grade_id!r} was changed; the source's counts"


def twice(grade_id, answer):
    first = "the first copy ran as the answer" if answer else "the source's version was restored in its place"
    return f"cell {grade_id!r} appears twice; {first}, the later copy ran as an ordinary cell where the student put it"


def moved(grade_id):
    return f"graded cells were moved ({grade_id!r}); they ran in the assignment's order"


# (grade_id, action, text the merged cell carries, its cell_type, its kind,
#  the graded cell it follows, the exact tampering notes)
# text: "student" (the student's text after the action), "source" (the source's), "empty", "absent" (no cell)
CASES = [
    # an answer code cell
    ("sigmoid_prime", "to markdown", "student", "code", "answer", "setup",
     [retyped_answer("sigmoid_prime", "code", "markdown")]),
    ("sigmoid_prime", "to raw", "student", "code", "answer", "setup", [retyped_answer("sigmoid_prime", "code", "raw")]),
    ("sigmoid_prime", "edited", "student", "code", "answer", "setup", []),
    ("sigmoid_prime", "grade flipped", "student", "code", "answer", "setup", [flag("grade", "sigmoid_prime")]),
    ("sigmoid_prime", "solution flipped", "student", "code", "answer", "setup", [flag("solution", "sigmoid_prime")]),
    ("sigmoid_prime", "locked flipped", "student", "code", "answer", "setup", [flag("locked", "sigmoid_prime")]),
    ("sigmoid_prime", "task flipped", "student", "code", "answer", "setup", [flag("task", "sigmoid_prime")]),
    ("sigmoid_prime", "points changed", "student", "code", "answer", "setup", []),  # an answer carries no points
    ("sigmoid_prime", "extra key", "student", "code", "answer", "setup", []),
    ("sigmoid_prime", "duplicated", "student", "code", "answer", "setup", [twice("sigmoid_prime", True)]),
    ("sigmoid_prime", "moved", "student", "code", "answer", "setup", [moved("sigmoid_prime")]),
    ("sigmoid_prime", "deleted", "empty", "code", "answer", "setup",
     ["answer cell 'sigmoid_prime' was deleted; its place was left empty (the student's other cells ran as they are)"]),
    # a markdown answer graded by hand (solution + grade)
    ("explain_relu", "to code", "student", "markdown", "manual", "describe_task",
     [retyped_answer("explain_relu", "markdown", "code")]),
    ("explain_relu", "to raw", "student", "markdown", "manual", "describe_task",
     [retyped_answer("explain_relu", "markdown", "raw")]),
    ("explain_relu", "edited", "student", "markdown", "manual", "describe_task", []),
    ("explain_relu", "grade flipped", "student", "markdown", "manual", "describe_task", [flag("grade", "explain_relu")]),
    ("explain_relu", "solution flipped", "student", "markdown", "manual", "describe_task",
     [flag("solution", "explain_relu")]),
    ("explain_relu", "locked flipped", "student", "markdown", "manual", "describe_task",
     [flag("locked", "explain_relu")]),
    ("explain_relu", "task flipped", "student", "markdown", "manual", "describe_task", [flag("task", "explain_relu")]),
    ("explain_relu", "points changed", "student", "markdown", "manual", "describe_task",
     ["points of 'explain_relu' were changed to 100; the source's 1 count"]),
    ("explain_relu", "extra key", "student", "markdown", "manual", "describe_task", []),
    ("explain_relu", "duplicated", "student", "markdown", "manual", "describe_task", [twice("explain_relu", True)]),
    ("explain_relu", "moved", "student", "markdown", "manual", "describe_task", [moved("explain_relu")]),
    ("explain_relu", "deleted", "empty", "markdown", "manual", "describe_task",
     ["answer cell 'explain_relu' was deleted; its place was left empty (the student's other cells ran as they are)"]),
    # a test cell
    ("test_sigmoid_prime", "to markdown", "source", "code", "test", "sigmoid_prime",
     [retyped_locked("test_sigmoid_prime", "code", "markdown")]),
    ("test_sigmoid_prime", "to raw", "source", "code", "test", "sigmoid_prime",
     [retyped_locked("test_sigmoid_prime", "code", "raw")]),
    ("test_sigmoid_prime", "edited", "source", "code", "test", "sigmoid_prime",
     ["locked cell 'test_sigmoid_prime' was edited; restored from the source"]),
    ("test_sigmoid_prime", "grade flipped", "source", "code", "test", "sigmoid_prime",
     [flag("grade", "test_sigmoid_prime")]),
    ("test_sigmoid_prime", "solution flipped", "source", "code", "test", "sigmoid_prime",
     [flag("solution", "test_sigmoid_prime")]),
    ("test_sigmoid_prime", "locked flipped", "source", "code", "test", "sigmoid_prime",
     [flag("locked", "test_sigmoid_prime")]),
    ("test_sigmoid_prime", "task flipped", "source", "code", "test", "sigmoid_prime",
     [flag("task", "test_sigmoid_prime")]),
    ("test_sigmoid_prime", "points changed", "source", "code", "test", "sigmoid_prime",
     ["points of 'test_sigmoid_prime' were changed to 100; the source's 2 count"]),
    ("test_sigmoid_prime", "extra key", "source", "code", "test", "sigmoid_prime", []),
    ("test_sigmoid_prime", "duplicated", "source", "code", "test", "sigmoid_prime",
     [twice("test_sigmoid_prime", False)]),
    ("test_sigmoid_prime", "moved", "source", "code", "test", "sigmoid_prime", [moved("test_sigmoid_prime")]),
    ("test_sigmoid_prime", "deleted", "source", "code", "test", "sigmoid_prime",
     ["locked cell 'test_sigmoid_prime' was deleted; restored from the source"]),
    # a given (locked) code cell
    ("setup", "to markdown", "source", "code", "given", None, [retyped_locked("setup", "code", "markdown")]),
    ("setup", "to raw", "source", "code", "given", None, [retyped_locked("setup", "code", "raw")]),
    ("setup", "edited", "source", "code", "given", None, ["locked cell 'setup' was edited; restored from the source"]),
    ("setup", "grade flipped", "source", "code", "given", None, [flag("grade", "setup")]),
    ("setup", "solution flipped", "source", "code", "given", None, [flag("solution", "setup")]),
    ("setup", "locked flipped", "source", "code", "given", None, [flag("locked", "setup")]),
    ("setup", "task flipped", "source", "code", "given", None, [flag("task", "setup")]),
    ("setup", "points changed", "source", "code", "given", None, []),  # a given cell carries no points
    ("setup", "extra key", "source", "code", "given", None, []),
    ("setup", "duplicated", "source", "code", "given", None, [twice("setup", False)]),
    ("setup", "moved", "source", "code", "given", None, [moved("setup")]),
    ("setup", "deleted", "source", "code", "given", None, ["locked cell 'setup' was deleted; restored from the source"]),
    # a task cell: locked instructions, graded by hand (kind "manual")
    ("describe_task", "to code", "source", "markdown", "manual", "test_dL_dw",
     [retyped_locked("describe_task", "markdown", "code")]),
    ("describe_task", "to raw", "source", "markdown", "manual", "test_dL_dw",
     [retyped_locked("describe_task", "markdown", "raw")]),
    ("describe_task", "edited", "source", "markdown", "manual", "test_dL_dw",
     ["locked cell 'describe_task' was edited; restored from the source"]),
    ("describe_task", "grade flipped", "source", "markdown", "manual", "test_dL_dw", [flag("grade", "describe_task")]),
    ("describe_task", "solution flipped", "source", "markdown", "manual", "test_dL_dw",
     [flag("solution", "describe_task")]),
    ("describe_task", "locked flipped", "source", "markdown", "manual", "test_dL_dw",
     [flag("locked", "describe_task")]),
    ("describe_task", "task flipped", "source", "markdown", "manual", "test_dL_dw", [flag("task", "describe_task")]),
    ("describe_task", "points changed", "source", "markdown", "manual", "test_dL_dw",
     ["points of 'describe_task' were changed to 100; the source's 2 count"]),
    ("describe_task", "extra key", "source", "markdown", "manual", "test_dL_dw", []),
    ("describe_task", "duplicated", "source", "markdown", "manual", "test_dL_dw", [twice("describe_task", False)]),
    ("describe_task", "moved", "source", "markdown", "manual", "test_dL_dw", [moved("describe_task")]),
    ("describe_task", "deleted", "source", "markdown", "manual", "test_dL_dw",
     ["locked cell 'describe_task' was deleted; restored from the source"]),
    # a cell with only a grade_id: an ordinary cell, the student's as it is, where the student left it
    ("notes", "to code", "student", "code", "student", "setup", []),
    ("notes", "to raw", "student", "raw", "text", "setup", []),
    ("notes", "edited", "student", "markdown", "text", "setup", []),
    ("notes", "grade flipped", "student", "markdown", "text", "setup", []),
    ("notes", "solution flipped", "student", "markdown", "text", "setup", []),
    ("notes", "locked flipped", "student", "markdown", "text", "setup", []),
    ("notes", "task flipped", "student", "markdown", "text", "setup", []),
    ("notes", "points changed", "student", "markdown", "text", "setup", []),
    ("notes", "extra key", "student", "markdown", "text", "setup", []),
    ("notes", "duplicated", "student", "markdown", "text", "setup", []),
    ("notes", "moved", "student", "markdown", "text", "explain_relu", []),
    ("notes", "deleted", "absent", None, None, None, []),
]


def graded_before(cells, index):
    """The grade_id of the nearest graded cell before cells[index] (None if there is none)."""
    return next((c.grade_id for c in reversed(cells[:index]) if c.grade_id), None)


def check_invariants(assignment, cells):
    graded = [c.grade_id for c in assignment.cells if c.kind != "text"]
    got = [c.grade_id for c in cells if c.grade_id]
    assert got == graded, f"graded cells: expected the source's order {graded}, got {got}"
    assert sum(c.points for c in cells) == assignment.max_score, (
        f"points: expected {assignment.max_score}, got {sum(c.points for c in cells)}")
    for cell in cells:
        for line in SOLUTIONS | HIDDEN:
            assert line not in cell.shown_source, (
                f"the feedback of {cell.grade_id or cell.kind!r} should not show {line!r}; it shows {cell.shown_source!r}")
        for line in SOLUTIONS:
            assert not (cell.grade_id in ANSWERS and line in cell.source), (
                f"answer {cell.grade_id!r} should not contain the solution line {line!r}; it runs {cell.source!r}")
        for line in HIDDEN:
            assert not (cell.runs_in_kernel and line in cell.source), (
                f"a cell run in the student's kernel should not contain the hidden test {line!r}; got {cell.source!r}")


@pytest.mark.parametrize("grade_id, action, text, cell_type, kind, after, notes", CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_what_the_student_did_to_a_cell(assignment, grade_id, action, text, cell_type, kind, after, notes):
    notebook = student_notebook()
    target = toy._cell(notebook, grade_id)
    ACTIONS[action](notebook, target)
    student_text = target.source
    cells, tampering = merge(assignment, notebook)

    assert tampering == notes, f"{grade_id} {action}: expected the notes {notes}, got {tampering}"
    check_invariants(assignment, cells)
    ordinary = assignment.by_id[grade_id].kind == "text"
    found = [i for i, c in enumerate(cells) if (c.grade_id is None and c.source == student_text if ordinary
                                                 else c.grade_id == grade_id)]
    if text == "absent":
        assert found == [], f"{grade_id} {action}: expected no cell, got {[cells[i] for i in found]}"
        return
    assert len(found) == 1, f"{grade_id} {action}: expected one merged cell, got {[cells[i] for i in found]}"
    cell, source = cells[found[0]], assignment.by_id[grade_id]
    want = {"student": student_text, "source": source.source, "empty": ""}[text]
    assert cell.source == want, f"{grade_id} {action}: expected the {text}'s text {want!r}, got {cell.source!r}"
    shown = source.shown_source if text == "source" else want
    assert cell.shown_source == shown, f"{grade_id} {action}: expected the feedback {shown!r}, got {cell.shown_source!r}"
    assert (cell.cell_type, cell.kind) == (cell_type, kind), (
        f"{grade_id} {action}: expected a {kind} {cell_type} cell, got a {cell.kind} {cell.cell_type} cell")
    assert graded_before(cells, found[0]) == after, (
        f"{grade_id} {action}: expected it after {after!r}, got after {graded_before(cells, found[0])!r}")
    if action == "duplicated":  # the copy: an ordinary cell where the student put it, at the end
        twin = cells[-1]
        want_twin = ("student" if target.cell_type == "code" else "text", target.cell_type, None, copy_text(target))
        got_twin = (twin.kind, twin.cell_type, twin.grade_id, twin.source)
        assert got_twin == want_twin, f"{grade_id}: expected the copy as {want_twin}, got {got_twin}"


@pytest.mark.parametrize("grade_id, note", [
    ("sigmoid_prime", "cell 'sigmoid_prime' appears 3 times; the first copy ran as the answer, "
                      "the later copies ran as ordinary cells where the student put them"),
    ("setup", "cell 'setup' appears 3 times; the source's version was restored in its place, "
              "the later copies ran as ordinary cells where the student put them"),
])
def test_three_copies_are_counted(assignment, grade_id, note):
    notebook = student_notebook()
    duplicate(notebook, toy._cell(notebook, grade_id))
    duplicate(notebook, toy._cell(notebook, grade_id))
    cells, tampering = merge(assignment, notebook)
    assert tampering == [note], f"expected [{note!r}], got {tampering}"
    assert [c.kind for c in cells[-2:]] == ["student", "student"], f"expected two ordinary copies at the end, got {cells[-2:]}"


def test_cells_the_student_added_travel_with_a_moved_answer(assignment):
    notebook = student_notebook()
    answer = toy._cell(notebook, "sigmoid_prime")
    scratch = nbformat.v4.new_code_cell("scratch = sigmoid_prime(0.0)")
    notebook.cells.remove(answer)
    notebook.cells += [answer, scratch]
    cells, tampering = merge(assignment, notebook)
    assert tampering == [moved("sigmoid_prime")], f"expected one note on the move, got {tampering}"
    index = next(i for i, c in enumerate(cells) if c.source == scratch.source)
    assert cells[index - 1].grade_id == "sigmoid_prime", (
        f"expected the scratch cell right after 'sigmoid_prime', got after {cells[index - 1].grade_id or cells[index - 1].kind!r}")


def test_an_unanswered_answer_turned_to_raw_still_raises(assignment):
    notebook = toy.student_edition(source_notebook())
    retype("raw")(notebook, toy._cell(notebook, "dense_backward"))
    cells, _ = merge(assignment, notebook)
    cell = next(c for c in cells if c.grade_id == "dense_backward")
    assert cell.runs_in_kernel and "raise NotImplementedError()" in cell.source, (
        f"expected the placeholder run as code, got a {cell.cell_type} cell {cell.source!r}")


@pytest.mark.parametrize("source, cell_type, expected", [
    (toy.SIGMOID_PRIME, "code", "def sigmoid_prime(z):\n    # YOUR CODE HERE\n    raise NotImplementedError()"),
    ("Why? ### BEGIN SOLUTION\nBecause.\n### END SOLUTION\nMore text.", "markdown", "YOUR ANSWER HERE\nMore text."),
    ("a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nc = 3\n### BEGIN SOLUTION\nd = 4\n### END SOLUTION",
     "code", "a = 1\n# YOUR CODE HERE\nraise NotImplementedError()\nc = 3\n# YOUR CODE HERE\nraise NotImplementedError()"),
    ("a = 1\n### BEGIN SOLUTION\nsecret = 2", "code", "a = 1\n# YOUR CODE HERE\nraise NotImplementedError()"),
    ("no regions here", "code", "no regions here"),
])
def test_strip_solutions(source, cell_type, expected):
    got = strip_solutions(source, cell_type)
    assert got == expected, f"expected {expected!r}, got {got!r}"


@pytest.mark.parametrize("source, expected", [
    ("a = 1\n### BEGIN HIDDEN TESTS\nassert secret\n### END HIDDEN TESTS\nb = 2", "a = 1\nb = 2"),
    ("a = 1\n### BEGIN HIDDEN TESTS\nassert secret", "a = 1\n"),
    ("### BEGIN HIDDEN TESTS\nassert secret\n### END HIDDEN TESTS", ""),
])
def test_strip_hidden_tests(source, expected):
    got = strip_hidden_tests(source)
    assert got == expected, f"expected {expected!r}, got {got!r}"


def test_answers_turned_to_raw_in_exercise_1_get_no_solution():
    """The attack: the answer cells of the student edition changed to raw, to get the solutions graded."""
    source_path = REPO / "mlpedu" / "exercises" / "source" / "ex01_single_neuron.ipynb"
    assignment = load_assignment(source_path)
    source = nbformat.read(source_path, as_version=4)
    notebook = nbformat.read(REPO / "exercises" / "ex01_single_neuron.ipynb", as_version=4)
    answers = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert [c.cell_type for c in answers] == ["code", "code"], f"expected two code answers, got {answers}"
    for cell in answers:
        retype("raw")(notebook, cell)  # no outputs, no execution_count: what JupyterLab saves
    solutions, hidden = region_lines(source, "SOLUTION"), region_lines(source, "HIDDEN TESTS")
    student_text = "\n".join(c.source for c in notebook.cells)
    assert len(solutions) > 5 and not [line for line in solutions if line in student_text], (
        f"expected solution lines absent from the student edition, got {sorted(solutions)}")

    cells, tampering = merge(assignment, notebook)

    expected = [retyped_answer(c.metadata["nbgrader"]["grade_id"], "code", "raw") for c in answers]
    assert tampering == expected, f"expected {expected}, got {tampering}"
    for cell in cells:
        for line in solutions:
            assert line not in cell.source and line not in cell.shown_source, (
                f"{cell.grade_id or cell.kind!r} should not contain the solution line {line!r}; got {cell.source!r}")
        for line in hidden:
            assert line not in cell.shown_source, f"the feedback shows the hidden test {line!r}: {cell.shown_source!r}"
    for answer in answers:
        cell = next(c for c in cells if c.grade_id == answer.metadata["nbgrader"]["grade_id"])
        assert (cell.kind, cell.cell_type, cell.source) == ("answer", "code", answer.source), (
            f"expected the student's text as a code answer, got a {cell.kind} {cell.cell_type} cell {cell.source!r}")
        assert "raise NotImplementedError()" in cell.source, f"expected the placeholder to run, got {cell.source!r}"


def test_a_cell_the_student_added_with_grading_metadata_counts_for_nothing(assignment):
    def add(notebook):
        notebook.cells.append(nbformat.v4.new_code_cell("assert True", metadata={"nbgrader": {
            "grade": True, "grade_id": "bonus", "points": 100, "locked": True, "solution": False, "schema_version": 3}}))

    notebook = student_notebook()
    add(notebook)
    cells, tampering = merge(assignment, notebook)
    assert tampering == ["a cell the student added claims to be graded (grade_id 'bonus', points 100); it counts "
                         "for nothing and ran as an ordinary cell"], tampering
    added = [c for c in cells if c.source == "assert True"]
    assert [(c.kind, c.points, c.grade_id) for c in added] == [("student", 0.0, None)], added
    assert sum(c.points for c in cells) == assignment.max_score
