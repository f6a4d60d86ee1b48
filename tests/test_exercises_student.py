"""The student edition runs top to bottom: every cell works except the check cells, and each of
those fails only because its own exercise is not written yet, with the checker's message and no
traceback from inside the checker."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
STUDENT_EDITIONS = sorted((REPO / "exercises").glob("*.ipynb"))


def run(path):
    nb = nbformat.read(str(path), as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return nb


def errors_of(cell):
    return [o for o in cell.get("outputs", []) if o.output_type == "error"]


@pytest.mark.parametrize("path", STUDENT_EDITIONS, ids=[p.stem for p in STUDENT_EDITIONS])
def test_placeholders_fail_only_their_own_checks(path):
    nb = run(path)
    failing, graded = {}, {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and meta.get("grade"):
            graded[meta["grade_id"]] = cell
        if cell.cell_type == "code" and errors_of(cell):
            failing[meta.get("grade_id")] = errors_of(cell)[0]
    assert graded, f"{path.name} has no graded cells"
    assert set(failing) == set(graded), (f"{path.name}: expected exactly the check cells {sorted(graded)} to fail, "
                                         f"got {sorted(failing)}: {[(e.ename, e.evalue) for e in failing.values()]}")
    for grade_id, error in failing.items():
        exercise = grade_id.removesuffix("_check")
        assert error.ename == "CheckFailed", f"{grade_id}: {error.ename}: {error.evalue}"
        assert error.evalue == (f"✗ {exercise}: {exercise} is not written yet: replace "
                                "`raise NotImplementedError()` with your code."), error.evalue
        shown = "\n".join(error.traceback)
        assert "autocheck.py" not in shown and "File " not in shown, f"{grade_id} shows the checker's traceback:\n{shown}"
