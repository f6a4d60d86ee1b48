"""The grader on the course's own exercises: the solution edition earns every point, the student
edition none (each check says the function is not written yet). Plus the per-notebook time limit."""

import csv
import time
from pathlib import Path

import nbformat
import pytest

from grading_fixtures import toy
from mlpedu.exercises import SOURCE_DIR
from mlpedu.grading import Limits, grade, grade_notebook, load_assignment, load_assignments
from mlpedu.grading.report import feedback_paths

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENTS = sorted(p.stem for p in SOURCE_DIR.glob("*.ipynb"))


def test_every_source_notebook_is_gradable():
    assignments = load_assignments(SOURCE_DIR)
    assert sorted(assignments) == ASSIGNMENTS and len(ASSIGNMENTS) >= 5, ASSIGNMENTS
    for name, assignment in assignments.items():
        tests = [c for c in assignment.cells if c.kind == "test"]
        assert tests and all(c.points > 0 for c in tests), f"{name}: graded test cells with points expected"


# Exercise 12.7's check watches what the student's training loop does inside the student's kernel
# (the calls to their forward_backward, numpy's global generator): while grading it must see the
# same as in the notebook, and put the kernel's forward_backward back afterwards. One loop per
# request the check sends; they are graded in the same batch as the editions (a right loop: the
# solution edition's).
RIGHT_TRAIN = '''def train(X, Y, sizes, epochs, lr, batch_size, seed):
    rng = np.random.default_rng(seed)
    W = [None] + [rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1]) for j in range(1, len(sizes))]
    b = [None] + [np.zeros((sizes[j], 1)) for j in range(1, len(sizes))]
    for _ in range(epochs):
        order = ORDER
        for start in range(0, X.shape[1], batch_size):
            batch = order[start:start + batch_size]
            _, dW, db = forward_backward(W, b, X[:, batch], Y[:, batch])
            W, b = sgd_step(W, b, dW, db, lr)
    return W, b
'''
TRAINING_LOOPS = {"global_rng_used": "np.random.permutation(X.shape[1])",
                  "not_every_example_each_epoch": "rng.permutation(X.shape[1])[:X.shape[1] // batch_size * batch_size]"}
EX12 = "ex12_your_own_network"


def with_training_loop(order):
    notebook = nbformat.read(REPO / "solutions" / f"{EX12}.ipynb", as_version=4)
    answer = next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "train")
    answer.source = RIGHT_TRAIN.replace("ORDER", order)
    notebook.cells.append(nbformat.v4.new_code_cell("print(forward_backward.__name__)"))  # put back afterwards?
    return nbformat.writes(notebook)


@pytest.fixture(scope="module")
def graded_editions(tmp_path_factory, os_sandbox):
    root = tmp_path_factory.mktemp("editions")
    for student, folder in (("solution", "solutions"), ("blank", "exercises")):
        (root / "submissions" / student).mkdir(parents=True)
        for name in ASSIGNMENTS:
            (root / "submissions" / student / f"{name}.ipynb").write_bytes((REPO / folder / f"{name}.ipynb").read_bytes())
    for mistake, order in TRAINING_LOOPS.items():
        (root / "submissions" / mistake).mkdir(parents=True)
        (root / "submissions" / mistake / f"{EX12}.ipynb").write_text(with_training_loop(order), encoding="utf-8")
    summary = grade(root / "submissions", root / "results", jobs=2, progress=False,
                    limits=Limits(cell_timeout=20, notebook_timeout=120))
    rows = list(csv.DictReader((root / "results" / "cells.csv").open(encoding="utf-8")))
    summary.results_dir = root / "results"  # where the feedback notebooks are
    return summary, rows


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_solution_edition_gets_full_marks_and_the_student_edition_none(graded_editions, assignment):
    summary, rows = graded_editions
    records = {r["student_id"]: r for r in summary.graded if r["assignment"] == assignment}
    solution, blank = records["solution"], records["blank"]
    assert (solution["status"], solution["score"], solution["tampering"]) == ("graded", solution["max_score"], []), (
        f"{assignment}: the solution edition should earn {solution['max_score']}, got {solution['score']}: "
        f"{[(c['grade_id'], c['message']) for c in solution['cells'] if c['status'] != 'passed']}")
    assert (blank["status"], blank["score"], blank["tampering"]) == ("graded", 0.0, [])
    for cell in (r for r in rows if r["student_id"] == "blank" and r["assignment"] == assignment):
        if cell["kind"] == "tests":
            assert cell["mistake"] == "not_implemented" and "is not written yet" in cell["message"], cell


def test_a_notebook_past_its_time_limit_keeps_what_it_earned(tmp_path, os_sandbox):
    path = tmp_path / "toy_backprop.ipynb"
    nbformat.write(toy.source_notebook(), path)
    slow = tmp_path / "slow.ipynb"
    slow.write_text(toy.answered({"numerical_gradient": "import time\ntime.sleep(30)"}), encoding="utf-8")
    started = time.monotonic()
    record, executed = grade_notebook(load_assignment(path), slow, Limits(cell_timeout=20, notebook_timeout=4))
    assert time.monotonic() - started < 15, "the notebook limit, not the cell limit, stopped the sleep"
    got = {c["grade_id"]: (c["status"], c["points"]) for c in record["cells"]}
    assert got["test_sigmoid_prime"] == ("passed", 2.0) and got["test_dense_backward"] == ("passed", 3.0), got
    assert got["test_numerical_gradient"][0] == got["test_dL_dw"][0] == "not run", got
    assert (record["status"], record["score"]) == ("incident", 5.0)
    assert "ran past its time limit of 4 s" in record["reason"]


def test_hidden_tests_never_reach_the_students_kernel(tmp_path, monkeypatch, os_sandbox):
    from mlpedu.grading.kernel import SandboxKernel

    sent = []
    original_run = SandboxKernel.run

    def recording_run(self, code, timeout, answer_input=None):
        sent.append(code)
        return original_run(self, code, timeout, answer_input)

    monkeypatch.setattr(SandboxKernel, "run", recording_run)
    path = tmp_path / "toy_backprop.ipynb"
    nbformat.write(toy.source_notebook(), path)
    submission = tmp_path / "alice.ipynb"
    submission.write_text(toy.answered({}), encoding="utf-8")
    record, _ = grade_notebook(load_assignment(path), submission, Limits(cell_timeout=20, notebook_timeout=60))
    assert record["score"] == 8, record
    everything_sent = "\n".join(sent)
    for hidden in ("HIDDEN TESTS", "rng.normal(size=(4, 5))", "hidden=True", "dL_dw == 15.0", "Sigmoid().derivative"):
        assert hidden not in everything_sent, f"{hidden!r} was sent to the student's kernel"
    assert "def sigmoid_prime" in everything_sent, "the student's own cells do run there"



@pytest.mark.parametrize("mistake", list(TRAINING_LOOPS))
def test_a_training_loop_is_judged_in_the_students_kernel_as_in_the_notebook(graded_editions, mistake):
    summary, rows = graded_editions
    record = next(r for r in summary.graded if r["student_id"] == mistake)
    cells = {c["grade_id"]: c for c in record["cells"]}
    assert (cells["train_check"]["status"], cells["train_check"]["mistake"]) == ("failed", mistake), cells["train_check"]
    assert record["score"] == record["max_score"] - cells["train_check"]["max_points"], record
    _, notebook = feedback_paths(summary.results_dir, record)
    executed = nbformat.read(notebook, as_version=4)
    assert executed.cells[-1].outputs[0]["text"].strip() == "forward_backward", executed.cells[-1].outputs
