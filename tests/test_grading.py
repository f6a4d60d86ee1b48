"""Grading without kernels: the wire format, the sandbox's rules, finding submissions, restoring
locked cells, the gradebook. The end-to-end run over a class of submissions is in
test_grading_class.py."""

import csv
import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest

from grading_fixtures import toy
from mlpedu.errors import MlpeduError
from mlpedu.grading import gradebook, report, wire
from mlpedu.grading.assignment import AssignmentError, load_assignment, merge, strip_hidden_tests
from mlpedu.grading.judge import GraderNamespace, bound_names
from mlpedu.grading.remote import RemoteObject, StudentError, student_error
from mlpedu.grading.runner import grade
from mlpedu.grading.sandbox import make_audit_hook
from mlpedu.grading.submissions import discover

ASSIGNMENTS = {"ex01_single_neuron": None, "ex01": None, "toy_backprop": None}


# ---- the wire: only plain data comes back from a kernel ----------------------------------------

def roundtrip(value):
    handles = []
    data = wire.loads(wire.dumps(wire.encode(value, lambda obj: handles.append(obj) or len(handles))))
    return wire.decode(data, lambda h, t, c: ("remote", h, t, c)), handles


@pytest.mark.parametrize("value", [None, True, 3, -2.5, "text", [1, [2.0, None]], (1, (2, "x")),
                                   {"a": (1, 2), "b": [3.0]}, float("nan"), float("inf")])
def test_plain_values_come_back_equal(value):
    back, handles = roundtrip(value)
    assert handles == [], f"{value!r} should travel as data, got handles {handles}"
    if isinstance(value, float) and np.isnan(value):
        assert np.isnan(back)
    else:
        assert back == value and type(back) is type(value), f"sent {value!r}, got {back!r}"


@pytest.mark.parametrize("array", [np.arange(6.0).reshape(2, 3), np.arange(4, dtype=np.int32), np.array(True),
                                   np.ones((3, 1), dtype=np.float32), np.float64(2.5)])
def test_arrays_come_back_as_plain_arrays(array):
    back, _ = roundtrip(array)
    assert type(back) is type(array), f"sent {type(array)}, got {type(back)}"
    assert np.asarray(back).dtype == np.asarray(array).dtype and np.array_equal(back, array)


def test_an_ndarray_subclass_arrives_as_a_plain_ndarray_with_its_data():
    class Liar(np.ndarray):
        def __eq__(self, other):
            return np.ones(np.shape(other), dtype=bool)

    back, _ = roundtrip(np.zeros(3).view(Liar))
    assert type(back) is np.ndarray and not np.any(back == np.ones(3)), f"got {type(back)} {back}"


def test_objects_stay_behind_a_handle_and_their_methods_never_run_here():
    class AlwaysEqual:
        def __eq__(self, other):
            return True

    back, handles = roundtrip([AlwaysEqual(), len])
    assert [b[0] for b in back] == ["remote", "remote"] and back[0][2] == "AlwaysEqual" and back[1][3] is True
    stand_in = RemoteObject(remote=None, handle=1, type_name="AlwaysEqual", is_callable=False)
    assert not (stand_in == 15.0), "a stand-in compares by identity, whatever the student's __eq__ says"
    with pytest.raises(TypeError):
        bool(stand_in)


@pytest.mark.parametrize("message, why", [
    ('{"__ndarray__": {"dtype": "|O", "shape": [1], "data": "AAAAAAAAAAA="}}', "dtype object"),
    ('{"__ndarray__": {"dtype": "<f8", "shape": [3], "data": "AAAAAAAAAAA="}}', "data does not fit"),
    ('{"__ndarray__": {"dtype": "<f8", "shape": [-1], "data": ""}}', "data does not fit"),
    ('{"__pickle__": "gASVAAAAAAAAAAA="}', "unknown tag"),
    ('{"__float__": "__import__(\'os\')"}', "bad float"),
    ('[NaN]', "bare NaN"),
    ('{"__handle__": "1", "type": "x", "callable": true}', "bad handle"),
])
def test_malformed_messages_are_refused(message, why):
    with pytest.raises(wire.WireError, match=why):
        wire.decode(wire.loads(message), lambda *a: None)


def test_oversized_answers_are_refused_before_they_are_sent():
    with pytest.raises(wire.WireError, match="larger than"):
        wire.encode(np.zeros(wire.MAX_PAYLOAD_BYTES // 8 + 1), lambda obj: 0)


def test_student_errors_keep_the_builtin_kind_for_the_checks():
    error = student_error("NotImplementedError", "")
    assert isinstance(error, NotImplementedError) and isinstance(error, StudentError)
    assert type(student_error("SystemExit", "bye")) is StudentError, "a BaseException must not become one here"
    assert type(student_error("MadeUpError", "x")) is StudentError


# ---- the sandbox's audit hook, called directly ---------------------------------------------------

@pytest.fixture
def hook(tmp_path):
    sandbox, private = tmp_path / "work", tmp_path / "private"
    sandbox.mkdir()
    private.mkdir()
    return make_audit_hook(sandbox, [private]), sandbox, private


@pytest.mark.parametrize("event, args, allowed", [
    ("open", ("{work}/answer.txt", "w", 577), True),
    ("open", ("{work}/../escape.txt", "w", 577), False),
    ("open", ("/tmp/elsewhere.txt", "a", 1089), False),
    ("open", ("{private}/hidden_tests.ipynb", "r", 0), False),
    ("open", ("/etc/hostname", "r", 0), True),
    ("open", ("/dev/null", "w", 577), True),
    ("os.remove", ("{work}/answer.txt", -1), True),
    ("os.remove", ("/tmp/elsewhere.txt", -1), False),
    ("os.rename", ("{work}/a", "/tmp/b", -1, -1), False),
    ("os.listdir", ("{private}",), False),
    ("subprocess.Popen", ("ls", ["ls"], None, None), False),
    ("os.system", (b"ls",), False),
    ("os.fork", (), False),
    ("ctypes.dlopen", ("libc.so.6",), False),
    ("socket.connect", (None, ("example.org", 80)), False),
    ("os.kill", (1, 9), False),
    ("open", ("/proc/1/environ", "r", 0), False),
    ("open", ("/proc/self/status", "r", 0), True),
    ("open", ("/tmp", None, 65536), False),
    ("open", ("{work}", None, 65536), True),
    ("open", ("../escape.txt", None, 577), False),
])
def test_the_audit_hook_allows_only_the_sandbox(hook, event, args, allowed):
    check, sandbox, private = hook
    args = tuple(a.format(work=sandbox, private=private) if isinstance(a, str) else a for a in args)
    if allowed:
        check(event, args)
    else:
        with pytest.raises(PermissionError, match="Not allowed while grading"):
            check(event, args)


def test_the_audit_hook_lets_a_kernel_kill_itself(hook):
    import os

    hook[0]("os.kill", (os.getpid(), 9))  # nothing raised: "killing the kernel" is survived by the grader


# ---- finding submissions and students ---------------------------------------------------------

def make_tree(root, names):
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("{}")
    return root


def test_student_ids_come_from_folders_or_file_names(tmp_path):
    root = make_tree(tmp_path, ["alice/ex01_single_neuron.ipynb", "bob_ex01_single_neuron.ipynb",
                                "ex01_single_neuron - carol.ipynb", "dave/hw/ex01_single_neuron (1).ipynb",
                                "erin/ex01.ipynb", "notes.txt", "frank/Untitled.ipynb",
                                ".ipynb_checkpoints/x.ipynb", "__MACOSX/alice/ex01.ipynb",
                                "gina/ex01_single_neuron.ipynb", "gina/ex01_single_neuron.html",
                                "hank/ex01.ipynb", "hank_ex01.ipynb"])
    found = discover(root, ASSIGNMENTS)
    got = sorted((s.student_id, s.assignment) for s in found.submissions)
    assert got == [("alice", "ex01_single_neuron"), ("bob", "ex01_single_neuron"), ("carol", "ex01_single_neuron"),
                   ("dave", "ex01_single_neuron"), ("erin", "ex01"), ("gina", "ex01_single_neuron")], got
    assert found.duplicates == [("hank", "ex01", ["hank/ex01.ipynb", "hank_ex01.ipynb"])], found.duplicates
    unmatched = dict(found.unmatched)
    assert set(unmatched) == {"notes.txt", "frank/Untitled.ipynb", "gina/ex01_single_neuron.html"}, unmatched
    assert "no assignment name" in unmatched["notes.txt"] and "is graded for gina" in unmatched[
        "gina/ex01_single_neuron.html"]
    assert sorted(found.skipped) == [".ipynb_checkpoints/x.ipynb", "__MACOSX/alice/ex01.ipynb"]


def test_a_pattern_names_students_in_other_layouts(tmp_path):
    root = make_tree(tmp_path, ["smith_john_12345_toy_backprop.ipynb", "other.ipynb"])
    found = discover(root, ASSIGNMENTS, pattern=r"_(?P<student>\d+)_(?P<assignment>\w+)\.ipynb$")
    assert [(s.student_id, s.assignment) for s in found.submissions] == [("12345", "toy_backprop")]
    assert found.unmatched == [("other.ipynb", "does not match --pattern")]
    with pytest.raises(MlpeduError, match=r"\(\?P<student>"):
        discover(root, ASSIGNMENTS, pattern=r"(\d+)")


# ---- restoring locked cells from the source ---------------------------------------------------

@pytest.fixture(scope="module")
def assignment(tmp_path_factory):
    path = tmp_path_factory.mktemp("source") / "toy_backprop.ipynb"
    nbformat.write(toy.source_notebook(), path)
    return load_assignment(path)


def student(**kwargs):
    return nbformat.reads(toy.answered(**kwargs), as_version=4)


def test_the_assignment_reads_points_and_kinds(assignment):
    kinds = {c.grade_id: (c.kind, c.points) for c in assignment.cells}
    assert kinds == {"setup": ("given", 0), "sigmoid_prime": ("answer", 0), "test_sigmoid_prime": ("test", 2),
                     "dense_backward": ("answer", 0), "test_dense_backward": ("test", 3),
                     "numerical_gradient": ("answer", 0), "test_numerical_gradient": ("test", 2),
                     "dL_dw": ("answer", 0), "test_dL_dw": ("test", 1), "explain_relu": ("manual", 1)}, kinds
    assert assignment.max_score == 9


def test_an_untouched_submission_has_no_tampering_and_hidden_tests_restored(assignment):
    cells, tampering = merge(assignment, student(answers={}))
    assert tampering == []
    test = next(c for c in cells if c.grade_id == "test_sigmoid_prime")
    assert "### BEGIN HIDDEN TESTS" in test.source and "BEGIN HIDDEN" not in test.shown_source


def test_tampering_is_undone_and_reported(assignment):
    def tamper(notebook):
        toy._tamper(notebook)
        answer = toy._cell(notebook, "dL_dw")
        answer.metadata["nbgrader"]["grade"], answer.metadata["nbgrader"]["points"] = True, 50
        notebook.cells.append(nbformat.v4.new_code_cell("x = 1", metadata=dict(answer.metadata)))

    cells, tampering = merge(assignment, student(answers={}, edit=tamper))
    assert tampering == [
        "cell 'dL_dw' appears twice; the first copy ran as the answer, the later copy ran as an ordinary cell where "
        "the student put it",
        "locked cell 'test_sigmoid_prime' was edited; restored from the source",
        "points of 'test_sigmoid_prime' were changed to 100; the source's 2 count",
        "locked cell 'test_dense_backward' was deleted; restored from the source",
        "the 'grade' flag of 'dL_dw' was changed; the source's counts"], tampering
    assert [c.grade_id for c in cells if c.grade_id] == [c.grade_id for c in assignment.cells]
    assert sum(c.points for c in cells) == assignment.max_score


def test_cells_the_student_added_stay_in_place(assignment):
    cells, _ = merge(assignment, student(answers={}, extra_cells=[("sigmoid_prime", "scratch = 1")]))
    position = next(i for i, c in enumerate(cells) if c.source == "scratch = 1")
    assert cells[position - 1].grade_id == "sigmoid_prime" and cells[position].kind == "student"


def test_a_deleted_answer_cell_is_graded_as_empty(assignment):
    cells, tampering = merge(assignment, student(answers={}, edit=lambda nb: nb.cells.remove(
        toy._cell(nb, "dense_backward"))))
    assert "answer cell 'dense_backward' was deleted; its place was left empty (the student's other cells ran as " \
           "they are)" in tampering
    assert next(c for c in cells if c.grade_id == "dense_backward").source == ""


def test_a_notebook_whose_metadata_was_stripped_gets_one_plain_note(assignment):
    def strip(notebook):
        for cell in notebook.cells:
            cell.metadata.pop("nbgrader", None)

    cells, tampering = merge(assignment, student(answers={}, edit=strip))
    assert len(tampering) == 1 and tampering[0].startswith("no cell carries its nbgrader metadata"), tampering
    assert [c.grade_id for c in cells if c.grade_id] == [c.grade_id for c in assignment.cells]


def test_a_source_without_graded_cells_is_refused(tmp_path):
    path = tmp_path / "plain.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]), path)
    with pytest.raises(AssignmentError, match="no graded cells"):
        load_assignment(path)


def test_hidden_tests_are_stripped_for_the_feedback():
    source = "a = 1\n### BEGIN HIDDEN TESTS\nassert secret\n### END HIDDEN TESTS\nb = 2"
    assert strip_hidden_tests(source) == "a = 1\nb = 2"


# ---- the grader's namespace ---------------------------------------------------------------

class FakeRemote:
    def __init__(self, values):
        self.values, self.asked = values, []

    def get(self, name):
        self.asked.append(name)
        return self.values[name]


def test_names_resolve_to_the_graders_first_then_the_students():
    remote = FakeRemote({"dL_dw": 15.0, "len": "a student's len", "check": "a student's check"})
    namespace = GraderNamespace(remote)
    exec("check = 'the provided check'", namespace)
    exec("result = (dL_dw, len([1, 2]), check)", namespace)
    assert namespace["result"] == (15.0, 2, "the provided check"), namespace["result"]
    assert remote.asked == ["dL_dw"], "builtins and the grader's own names are never fetched"
    with pytest.raises(NameError):
        exec("undefined_name", namespace)


def test_a_name_the_provided_cells_bind_is_never_taken_from_the_student():
    remote = FakeRemote({"rng": "the student's rigged generator", "dL_dw": 15.0})
    namespace = GraderNamespace(remote)
    namespace.provided.add("rng")  # e.g. its provided cell failed, or bound it only on some branch
    with pytest.raises(NameError):
        exec("rng.normal(size=3)", namespace)
    assert remote.asked == [], f"asked the student's kernel for {remote.asked}"


@pytest.mark.parametrize("source, provided, expected", [
    ("def check(*a): pass", {"check": "mlpedu.autocheck:check"}, ["check"]),
    ("check = lambda *a, **k: None", {"check": "mlpedu.autocheck:check"}, ["check"]),
    ("np = None", {"np": ":numpy"}, ["np"]),
    ("import numpy as np\nfrom mlpedu.autocheck import check", {"np": ":numpy", "check": "mlpedu.autocheck:check"},
     []),  # the same imports again
    ("def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))", None, []),  # an exact copy of the provided one
    ("def sigmoid(z):\n    return 0.5", None, ["sigmoid"]),
    ("x = 1\nz = np.zeros(3)", {"np": ":numpy"}, []),
])
def test_replacing_a_provided_name_is_noted_and_copying_it_is_not(source, provided, expected):
    from mlpedu.grading.judge import definitions, replaced

    provided = provided or definitions("def sigmoid(z):\n    return 1.0 / (1.0 + np.exp(-z))")
    assert replaced(source, provided) == expected, f"{source!r}: expected {expected}, got {replaced(source, provided)}"


@pytest.mark.parametrize("source", ["x = " + "+1" * 200_000, "x = " + "-" * 10_000 + "1", "x = " + "(" * 5000 + ")" * 5000])
def test_code_built_to_break_the_parser_is_just_unparsable(source):
    from mlpedu.grading.judge import bound_names, definitions, replaced
    from mlpedu.grading.reaching import reaches

    assert (bound_names(source), definitions(source), replaced(source, {"x": "y"}), reaches(source)) == (
        (set(), set()), {}, [], [])


HELPER = "def assert_close(a, b):\n    assert abs(a - b) < 1e-9\n"  # a provided cell's helper, 2 lines


@pytest.mark.parametrize("test_source, expected", [
    ("x = 1\nassert x == 2", "assertion failed: assert x == 2"),
    ("x = 1\n### BEGIN HIDDEN TESTS\nassert x == 2  # secret: 2\n### END HIDDEN TESTS",
     "a hidden test failed (its assertion has no message)"),
    ("assert_close(1, 2)", "assertion failed: assert_close(1, 2)"),  # the helper's line 2 is not this cell's
    ("### BEGIN HIDDEN TESTS\nassert_close(1, 3)\n### END HIDDEN TESTS",
     "a hidden test failed (its assertion has no message)"),
    ("assert 1 == 2, 'one is not two'", "one is not two"),
])
def test_a_bare_assertion_is_quoted_only_from_the_cells_visible_lines(test_source, expected):
    from mlpedu.grading.judge import failure_message

    namespace = {}
    exec(compile(HELPER, "<cell setup>", "exec"), namespace)
    try:
        exec(compile(test_source, "<cell test_x>", "exec"), namespace)
    except AssertionError as exc:
        message = failure_message(exc, test_source, filename="<cell test_x>")
    assert message == expected, f"expected {expected!r}, got {message!r}"
    assert "secret" not in message and "1 == 3" not in message


def test_bound_names_finds_what_a_cell_defines():
    names, definitions = bound_names("import numpy as np\nfrom a import b as c\nx, y = 1, 2\n"
                                     "def f():\n    global z\n    z = 1\nclass K: pass\nfor i in []: pass")
    assert names == {"np", "c", "x", "y", "z", "f", "K", "i"} and definitions == {"np", "c", "f", "K"}
    assert bound_names("def broken(:") == (set(), set())


# ---- results folder ----------------------------------------------------------------------------

def test_results_are_never_overwritten_without_resume_or_force(tmp_path):
    source, submissions, results = toy.write_class(tmp_path)
    report.write_record(results, {"student_id": "alice", "assignment": "toy_backprop", "status": "graded",
                                  "score": 8, "max_score": 9, "cells": []})
    with pytest.raises(MlpeduError, match="--resume .* --force"):
        grade(submissions, results, source, progress=False, os_sandbox=False)
    with pytest.raises(MlpeduError, match="inside the submissions folder"):
        grade(submissions, submissions / "results", source, progress=False, os_sandbox=False)


def test_gradebook_columns_match_nbgrader_and_cells_have_their_own_csv(tmp_path):
    record = {"student_id": "bob", "assignment": "toy_backprop", "status": "graded", "score": 3.0, "max_score": 9.0,
              "reason": "", "tampering": ["x"], "file": "bob.ipynb", "timestamp": "t",
              "cells": [{"grade_id": "t1", "kind": "tests", "points": 0.0, "max_points": 2.0, "status": "failed",
                         "mistake": "bias_not_summed", "message": "✗ db is wrong,\n with a comma"},
                        {"grade_id": "m", "kind": "manual", "points": 0.0, "max_points": 1.0, "status": "manual",
                         "mistake": "", "message": "graded by hand"}]}
    gradebook.write(tmp_path, [record])
    grades = list(csv.DictReader((tmp_path / "grades.csv").open(encoding="utf-8")))
    nbgrader_export = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                       "raw_score", "late_submission_penalty", "score", "max_score"]
    assert list(grades[0])[:len(nbgrader_export)] == nbgrader_export
    assert (grades[0]["score"], grades[0]["max_score"], grades[0]["needs_manual_grading"]) == ("3", "9", "1")
    cells = list(csv.DictReader((tmp_path / "cells.csv").open(encoding="utf-8")))
    assert [(c["grade_id"], c["status"], c["mistake"]) for c in cells] == [("t1", "failed", "bias_not_summed"),
                                                                         ("m", "manual", "")]
    assert cells[0]["message"] == "✗ db is wrong,\n with a comma"
    assert not list(Path(tmp_path).glob(".*.tmp")), "no temporary files left behind"


def test_safe_names_keep_distinct_ids_distinct():
    long_a, long_b = "x" * 130 + "a", "x" * 130 + "b"
    assert report.safe_name(long_a) != report.safe_name(long_b) and len(report.safe_name(long_a)) <= 120
    assert report.safe_name("alice") == "alice"
    assert report.safe_name("../etc/passwd") != report.safe_name("etc_passwd")
    assert "/" not in report.safe_name("../etc/passwd")


def test_feedback_page_escapes_what_the_student_wrote():
    page = report.feedback_html({"student_id": "<script>", "assignment": "a", "status": "graded", "score": 1,
                                 "max_score": 2, "reason": "", "tampering": [],
                                 "cells": [{"grade_id": "t", "points": 1, "max_points": 2, "status": "failed",
                                            "message": "<img onerror=alert(1)>"}]})
    assert "<script>" not in page and "<img" not in page and "&lt;img onerror" in page
    json.dumps(page)  # plain text


# ---- the batch survives its own workers failing (no kernels: the grading step is replaced) ----

def hang(*args, **kwargs):
    import time

    time.sleep(60)


def crash(*args, **kwargs):
    raise RuntimeError("a bug in the grader")


def die(*args, **kwargs):
    import os

    os._exit(3)


def killed(*args, **kwargs):  # as the kernel's out-of-memory killer would
    import os
    import signal

    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("worker, status, reason", [
    (hang, "incident", "the grading worker ran past 0.5 s and was killed"),  # the submission's limit
    (crash, "error", "the grader itself failed: RuntimeError: a bug in the grader"),
    (die, "error", "the grading worker died (exit code 3)"),
    (killed, "incident", "the grading worker died with signal 9 while grading it (most likely at its memory limit: "
                         "the kernel sent it more than it may hold)"),
])
def test_a_failing_worker_is_recorded_and_the_batch_goes_on(monkeypatch, two_submissions, worker, status, reason):
    import multiprocessing

    from mlpedu.grading import runner
    from mlpedu.grading.limits import Limits

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the replaced grading step reaches the worker only when it is forked")
    source, submissions, results = two_submissions
    monkeypatch.setattr(runner, "grade_notebook", worker)
    monkeypatch.setattr(runner, "WORKER_GRACE", 0.0)
    summary = grade(submissions, results, source, jobs=2, progress=False, os_sandbox=False,
                    limits=Limits(cell_timeout=0.5, notebook_timeout=0.5))
    assert [(r["student_id"], r["status"], r["reason"]) for r in sorted(summary.graded, key=lambda r: r["student_id"])] \
        == [("alice", status, reason), ("bob", status, reason)]
    assert summary.ok == (status != "error"), "a grader error needs the instructor: the run is not ok"
    rows = list(csv.DictReader((results / "grades.csv").open(encoding="utf-8")))
    assert [(r["student_id"], r["score"], r["status"]) for r in rows] == [("alice", "0", status), ("bob", "0", status)]
    again = grade(submissions, results, source, resume=True, progress=False, os_sandbox=False,
                  limits=Limits(cell_timeout=0.5, notebook_timeout=0.5))
    expected = 2 if status == "error" else 0
    assert len(again.graded) == expected, f"--resume grades again what failed in the grader only: {len(again.graded)}"


def test_when_writing_results_fails_no_worker_outlives_the_batch(monkeypatch, two_submissions):
    import multiprocessing

    from mlpedu.grading import runner
    from mlpedu.grading.limits import Limits

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the replaced grading step reaches the worker only when it is forked")
    source, submissions, results = two_submissions
    workers = []
    real_process = multiprocessing.get_context("fork").Process  # the worker the grader would start, but recorded

    def tracked_process(*args, **kwargs):
        workers.append(real_process(*args, **kwargs))
        return workers[-1]

    fork = multiprocessing.get_context("fork")
    monkeypatch.setattr(runner, "_context", lambda: SimpleNamespace(Process=tracked_process, Pipe=fork.Pipe))
    monkeypatch.setattr(runner, "grade_notebook", lambda *a, **k: ({"status": "graded"}, None)
                        if a[1].name.startswith("alice") else hang())
    monkeypatch.setattr(runner.report, "write_record", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        grade(submissions, results, source, jobs=2, progress=False, os_sandbox=False,
              limits=Limits(cell_timeout=30, notebook_timeout=30))
    assert len(workers) == 2 and not any(w.is_alive() for w in workers), "a worker outlived the failed batch"


def _try_to_start_processes(queue):
    import os
    import subprocess
    import threading

    from mlpedu.grading.sandbox import forbid_new_processes

    outcome = {"installed": forbid_new_processes()}
    thread = threading.Thread(target=lambda: outcome.setdefault("thread", "ran"))
    thread.start()
    thread.join()
    for name, attempt in [("fork", os.fork), ("subprocess", lambda: subprocess.run(["true"])),
                          ("exec", lambda: os.execv("/bin/true", ["true"]))]:
        try:
            if attempt() == 0:
                os._exit(0)  # a forked child must not report
            outcome[name] = "started"
        except OSError as exc:
            outcome[name] = f"refused (errno {exc.errno})"
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for name, number, args in [("unshare", 272, (0x10000000,)), ("ptrace", 101, (0, 0, 0, 0)),
                               ("mount", 165, (None, None, None, 0, None)), ("io_uring_setup", 425, (1, None)),
                               ("memfd_create", 319, (b"m", 0)), ("shmget", 29, (0, 2**20, 0o1600))]:
        returned = libc.syscall(number, *args)
        outcome[name] = f"refused (errno {ctypes.get_errno()})" if returned == -1 else f"returned {returned}"
    import socket

    for name, attempt in [("network socket", lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM)),
                          ("bigger socket buffer", lambda: socket.socketpair()[0].setsockopt(
                              socket.SOL_SOCKET, socket.SO_SNDBUF, 2**24)),
                          ("local socket pair", socket.socketpair)]:
        try:
            attempt()
            outcome[name] = "made"
        except OSError as exc:
            outcome[name] = f"refused (errno {exc.errno})"
    queue.put(outcome)


def test_seccomp_stops_new_processes_even_past_the_audit_hook():
    import multiprocessing
    import platform
    import sys

    if not sys.platform.startswith("linux") or platform.machine() != "x86_64":
        pytest.skip("the seccomp filter is for Linux x86-64")
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_try_to_start_processes, args=(queue,))
    child.start()
    outcome = queue.get(timeout=30)
    child.join(10)
    refused = "refused (errno 1)"
    assert outcome == {"installed": True, "thread": "ran", "fork": refused, "subprocess": refused, "exec": refused,
                       "unshare": refused, "ptrace": refused, "mount": refused, "io_uring_setup": refused,
                       "memfd_create": refused, "shmget": refused, "network socket": refused,
                       "bigger socket buffer": refused, "local socket pair": "made"}, outcome


def test_folders_that_would_hide_python_from_the_kernels_are_refused(tmp_path):
    import sys

    source, submissions, _ = toy.write_class(tmp_path)
    with pytest.raises(MlpeduError, match="contains the Python environment or mlpedu itself"):
        grade(submissions, tmp_path / "results", Path(sys.prefix).parent, progress=False, os_sandbox=False)


@pytest.mark.parametrize("content, reason", [
    (b'{\n "cells": [\n  {\n   "cell_type": "m', "it is not valid JSON (line 4, column 17: Unterminated string"),
    (b"\x89PNG\x00\xff", "it is not text (not UTF-8): a binary file?"),
    (b'{"cells": "none", "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "The notebook is invalid"),
    (json.dumps({"cells": [{"cell_type": "markdown", "metadata": {}, "source": ""}] * 10_001, "metadata": {},
                 "nbformat": 4, "nbformat_minor": 4}).encode(), "it has 10,001 cells; a notebook over 10,000 is not"),
])
def test_an_unreadable_file_is_graded_invalid_with_a_plain_reason(assignment, tmp_path, content, reason):
    from mlpedu.grading.judge import grade_notebook
    from mlpedu.grading.limits import Limits

    path = tmp_path / "alice_toy_backprop.ipynb"
    path.write_bytes(content)
    record, executed = grade_notebook(assignment, path, Limits())
    assert (record["status"], executed) == ("invalid", None)
    assert record["reason"].startswith(f"not a readable notebook: {reason}"), record["reason"]


def test_a_schema_error_in_a_submission_is_not_logged_to_the_instructors_terminal(caplog):
    from mlpedu.grading.judge import _read_quietly

    text = json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "", "execution_count": None,
                                  "outputs": [{"output_type": "stream", "name": "\x1b[2JALL GRADED", "text": "x"}]}],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 4})
    with caplog.at_level("DEBUG"):
        notebook = _read_quietly(text)
    assert len(notebook.cells) == 1 and caplog.records == [], [r.getMessage()[:80] for r in caplog.records]


def test_results_are_written_with_the_usual_permissions(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        report.atomic_write(tmp_path / "grades.csv", "a,b\n")
    finally:
        os.umask(umask)
    assert (tmp_path / "grades.csv").stat().st_mode & 0o777 == 0o644
