"""The generator: one source, two editions that never drift; malformed markers are errors that
name the notebook and the cell; nothing a person made is overwritten by surprise."""

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from mlpedu import autocheck, cli
from mlpedu.exercises import SOURCE_DIR, MarkerError, build, check, make_edition, validate
from mlpedu.exercises.editions import NBGRADER_KEYS, student_source

REPO = Path(__file__).resolve().parent.parent


def nbgrader(grade_id, grade=False, solution=False, locked=False, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def tiny_source(answer="    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                test="assert double(2) == 4\n### BEGIN HIDDEN TESTS\nassert double(-1) == -2\n### END HIDDEN TESTS"):
    return new_notebook(cells=[
        new_markdown_cell("# Double it", metadata=nbgrader("intro", locked=True)),
        new_code_cell("def double(x):\n" + answer, metadata=nbgrader("double", solution=True)),
        new_code_cell(test, metadata=nbgrader("double_check", grade=True, locked=True, points=1)),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def write_source(folder, nb, name="tiny.ipynb"):
    folder.mkdir(parents=True, exist_ok=True)
    for index, cell in enumerate(nb.cells):  # ids as an edited source keeps them (new_*_cell draws random ones)
        cell.id = f"cell-{index}"
    nbformat.write(nb, str(folder / name))
    return folder


# ---- the committed editions --------------------------------------------------------------

def test_committed_editions_are_what_the_generator_makes():
    report = check(SOURCE_DIR, REPO)
    assert report.ok, "the committed editions drifted from their sources:\n" + "\n".join(report.problems)
    assert len(report.unchanged) == 2 * len(list(SOURCE_DIR.glob("*.ipynb")))


def test_sources_are_nbgrader_notebooks_with_one_graded_exercise_per_check():
    solutions, checks = {}, {}
    for path in sorted(SOURCE_DIR.glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        validate(nb, path.name)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader")
            assert meta and set(NBGRADER_KEYS) <= set(meta), f"{path.name}: a cell without nbgrader metadata"
            assert cell.cell_type != "code" or not cell.outputs, f"{path.name}: sources carry no outputs"
            if meta["solution"]:
                solutions[meta["grade_id"]] = path.name
            if meta["grade"]:
                checks[meta["grade_id"]] = meta["points"]
                assert meta["locked"] and "### BEGIN HIDDEN TESTS" in cell.source, f"{path.name}: {meta}"
    checked = set(autocheck.EXERCISES) | set(autocheck.JUDGED_BY_BEHAVIOUR)
    assert set(solutions) == checked, f"solution cells {sorted(solutions)}"
    assert set(checks) == {f"{name}_check" for name in checked}, f"check cells {sorted(checks)}"
    assert all(points > 0 for points in checks.values()) and sum(checks.values()) >= 20, checks


def test_student_edition_has_placeholders_and_no_hidden_tests():
    for path in sorted((REPO / "exercises").glob("*.ipynb")):
        text = path.read_text()
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "hidden=True"):
            assert marker not in text, f"{path.name} still contains {marker!r}"
        assert "raise NotImplementedError()" in text, path.name
    for path in sorted((REPO / "solutions").glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        graded = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")]
        assert graded and all(c.outputs for c in graded), f"{path.name}: the solution edition is committed executed"


# ---- markers ------------------------------------------------------------------------------

MALFORMED = [
    ("unterminated", "    ### BEGIN SOLUTION\n    return 2 * x", None,
     r"tiny.ipynb: cell 1 \(grade_id 'double'\), line 2: the solution region is never closed"),
    ("nested", "    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n    ### END SOLUTION",
     None, r"cell 1 \(grade_id 'double'\), line 3: '### BEGIN SOLUTION' inside the solution region opened on line 2"),
    ("mismatched", "    ### BEGIN SOLUTION\n    return 2 * x\n    ### END HIDDEN TESTS", None,
     r"cell 1 \(grade_id 'double'\), line 4: '### END HIDDEN TESTS' closes the solution region.*mismatched"),
    ("end without begin", "    return 2 * x\n    ### END SOLUTION", None,
     r"cell 1 \(grade_id 'double'\), line 3: '### END SOLUTION' without a matching BEGIN"),
    ("misspelt", "    ## BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION", None,
     r"cell 1 \(grade_id 'double'\), line 2: '## BEGIN SOLUTION' looks like a marker"),
    ("hidden tests unterminated", None, "assert double(2) == 4\n### BEGIN HIDDEN TESTS\nassert double(-1) == -2",
     r"cell 2 \(grade_id 'double_check'\), line 2: the hidden tests region is never closed"),
    ("hidden tests in a solution cell", "    ### BEGIN HIDDEN TESTS\n    return 2 * x\n    ### END HIDDEN TESTS", None,
     r"cell 1 \(grade_id 'double'\), line 2: hidden tests in a cell that is not a graded code cell"),
]


@pytest.mark.parametrize("what, answer, test, message", MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_markers_name_the_notebook_and_cell(what, answer, test, message):
    kwargs = {k: v for k, v in (("answer", answer), ("test", test)) if v is not None}
    with pytest.raises(MarkerError, match=message):
        make_edition(tiny_source(**kwargs), "tiny.ipynb", "student")


def test_malformed_metadata_is_an_error():
    nb = tiny_source()
    nb.cells[2].metadata["nbgrader"].pop("points")
    with pytest.raises(MarkerError, match=r"cell 2 \(grade_id 'double_check'\): a graded cell needs numeric 'points'"):
        validate(nb, "tiny.ipynb")
    nb = tiny_source()
    nb.cells[0].metadata["nbgrader"]["grade_id"] = "double"
    with pytest.raises(MarkerError, match=r"cell 1 \(grade_id 'double'\): grade_id 'double' is used again \(first in cell 0\)"):
        validate(nb, "tiny.ipynb")
    nb = tiny_source()
    nb.cells[1].metadata["nbgrader"]["solution"] = False
    with pytest.raises(MarkerError, match="a solution region in a cell whose nbgrader metadata does not say solution"):
        validate(nb, "tiny.ipynb")
    nb = tiny_source()
    nb.cells[1].metadata["nbgrader"]["schema_version"] = 1
    with pytest.raises(MarkerError, match="schema_version is 1; expected 3"):
        validate(nb, "tiny.ipynb")


@pytest.mark.parametrize("cell_type, source, solution, expected", [
    ("code", "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n\nf(1)", True,
     "def f(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()\n\nf(1)"),
    ("code", "x = 1", True, "# YOUR CODE HERE\nraise NotImplementedError()"),  # nbgrader: all solution
    ("markdown", "Why?\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION", True, "Why?\nYOUR ANSWER HERE"),
    ("code", "check(f)\n### BEGIN HIDDEN TESTS\ncheck(f, hidden=True)\n### END HIDDEN TESTS\nprint('done')", False,
     "check(f)\nprint('done')"),
])
def test_student_source(cell_type, source, solution, expected):
    make = new_code_cell if cell_type == "code" else new_markdown_cell
    cell = make(source, metadata=nbgrader("c", grade=not solution, solution=solution, points=None if solution else 1))
    from mlpedu.exercises.editions import regions
    assert student_source(cell, regions(cell, "t.ipynb", 0)) == expected


# ---- building: where it writes, and what it refuses to overwrite -------------------------

def test_build_writes_both_editions_and_then_leaves_them_alone(tmp_path):
    source = write_source(tmp_path / "source", tiny_source())
    report = build(source, tmp_path / "out", run=False, log=lambda *_: None)
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in report.written) == [
        "exercises/tiny.ipynb", "solutions/tiny.ipynb"]
    student = nbformat.read(str(tmp_path / "out/exercises/tiny.ipynb"), as_version=4)
    assert "raise NotImplementedError()" in student.cells[1].source
    assert student.cells[2].source == "assert double(2) == 4"
    assert student.metadata["mlpedu"]["edition"] == "student"
    assert [(c.metadata.get("editable"), c.metadata.get("deletable")) for c in student.cells] == [
        (False, False), (None, False), (False, False)], "locked cells read-only, answer cells kept"
    again = build(source, tmp_path / "out", run=False, log=lambda *_: None)
    assert again.written == [] and len(again.unchanged) == 2 and again.ok
    assert check(source, tmp_path / "out").ok


def test_build_refuses_to_overwrite_a_file_it_did_not_make_unless_forced(tmp_path):
    source = write_source(tmp_path / "source", tiny_source())
    mine = tmp_path / "out/exercises/tiny.ipynb"
    mine.parent.mkdir(parents=True)
    nbformat.write(new_notebook(cells=[new_code_cell("my own work")]), str(mine))
    report = build(source, tmp_path / "out", run=False, log=lambda *_: None)
    assert not report.ok and "was not generated by `mlpedu exercises build`" in report.problems[0]
    assert "my own work" in mine.read_text(), "a file the generator did not make was overwritten"
    forced = build(source, tmp_path / "out", run=False, force=True, log=lambda *_: None)
    assert forced.ok and "my own work" not in mine.read_text()


def test_build_refuses_to_overwrite_a_student_edition_that_was_edited(tmp_path):
    source = write_source(tmp_path / "source", tiny_source())
    build(source, tmp_path / "out", run=False, log=lambda *_: None)
    target = tmp_path / "out/exercises/tiny.ipynb"
    nb = nbformat.read(str(target), as_version=4)
    nb.cells[1].source = "def double(x):\n    return x + x  # the student's answer"
    nbformat.write(nb, str(target))
    changed = tiny_source()
    changed.cells[0].source = "# Double it (revised)"
    write_source(tmp_path / "source", changed)
    report = build(source, tmp_path / "out", run=False, log=lambda *_: None)
    assert "was edited after it was generated" in " ".join(report.problems), report.problems
    assert "the student's answer" in target.read_text()
    assert [p.name for p in report.written] == ["tiny.ipynb"] and report.written[0].parent.name == "solutions"


def test_check_reports_drift_missing_and_stale_editions(tmp_path):
    source = write_source(tmp_path / "source", tiny_source())
    build(source, tmp_path / "out", run=False, log=lambda *_: None)
    changed = tiny_source(answer="    ### BEGIN SOLUTION\n    return x * 2\n    ### END SOLUTION")
    write_source(tmp_path / "source", changed)
    report = check(source, tmp_path / "out")
    assert len(report.problems) == 1, report.problems  # the student edition hides the changed line
    assert report.problems[0].startswith(f"{tmp_path / 'out/solutions/tiny.ipynb'} differs from its source")
    assert "cell 1 has different text" in report.problems[0]
    (tmp_path / "out/exercises/tiny.ipynb").rename(tmp_path / "out/exercises/old.ipynb")
    problems = " ".join(check(source, tmp_path / "out").problems)
    assert "exercises/tiny.ipynb is missing" in problems and "old.ipynb was generated from tiny.ipynb" in problems


def test_cli_check_mode_exit_codes(tmp_path, capsys):
    source = write_source(tmp_path / "source", tiny_source())
    out = tmp_path / "out"
    assert cli.main(["exercises", "build", "--source", str(source), "--out", str(out), "--no-execute"]) == 0
    assert cli.main(["exercises", "build", "--source", str(source), "--out", str(out), "--check"]) == 0
    write_source(source, tiny_source(test="assert double(3) == 6"))
    assert cli.main(["exercises", "build", "--source", str(source), "--out", str(out), "--check"]) == 1
    assert "drift:" in capsys.readouterr().err
    assert cli.main(["exercises", "build", "--source", str(tmp_path / "nowhere"), "--out", str(out)]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_build_runs_the_solution_edition_and_stops_on_a_failing_solution(tmp_path):
    source = write_source(tmp_path / "source", tiny_source())
    report = build(source, tmp_path / "out", log=lambda *_: None)
    assert report.ok
    solved = nbformat.read(str(tmp_path / "out/solutions/tiny.ipynb"), as_version=4)
    assert solved.cells[2].execution_count == 2, "the solution edition is executed"
    wrong = tiny_source(answer="    ### BEGIN SOLUTION\n    return 3 * x\n    ### END SOLUTION")
    write_source(source, wrong)
    from mlpedu.errors import MlpeduError
    with pytest.raises(MlpeduError, match="the solution edition failed while running"):
        build(source, tmp_path / "out", log=lambda *_: None)
    assert check(source, tmp_path / "out").problems, "a failing solution edition must not be written"


def test_source_notebooks_ship_with_the_package():
    # An instructor with only the installed package builds and grades from these sources.
    import tomllib
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    package_data = config.get("tool", {}).get("setuptools", {}).get("package-data", {})
    assert "exercises/source/*.ipynb" in package_data.get("mlpedu", []), package_data


def test_check_reports_cell_ids_that_drift_from_the_source(tmp_path):
    """`mlpedu start` copies what the source generates, ids included: an edition kept from an older
    source with other ids would reach students different from the committed one."""
    source = write_source(tmp_path / "source", tiny_source())
    build(source, tmp_path / "out", run=False, log=lambda *_: None)
    renamed = nbformat.read(str(source / "tiny.ipynb"), as_version=4)
    renamed.cells[0].id = "another-id"
    nbformat.write(renamed, str(source / "tiny.ipynb"))
    problems = check(source, tmp_path / "out").problems
    assert len(problems) == 2 and all("cell 0 has the id 'cell-0', its source cell 'another-id'" in p for p in problems), problems
    report = build(source, tmp_path / "out", run=False, log=lambda *_: None)
    assert len(report.written) == 2 and not check(source, tmp_path / "out").problems
