"""The operating-system sandbox (bubblewrap) on its own: what a kernel in it can see and do with
no help from the inner layers (no audit hook, no seccomp), what it is given of mlpedu, and how
grading behaves without it."""

import csv
import io
import contextlib
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pytest

from grading_fixtures import toy
from mlpedu.grading import bubblewrap, runner
from mlpedu.grading.kernel import SandboxKernel

REPO = Path(__file__).resolve().parent.parent
WORKSPACE_MB = 8

# What plain Python (no audit hook, no seccomp) tries inside the sandbox; it prints one JSON dict.
PROBE = r"""
import json, os, socket, sys
found = {}
def attempt(name, action):
    try:
        found[name] = action()
    except OSError as exc:
        found[name] = f"{type(exc).__name__} errno {exc.errno}"
    except Exception as exc:
        found[name] = type(exc).__name__
def read(path):
    with open(path, "rb") as f:
        return f"read {len(f.read())} bytes"
def write(path, size=10):
    with open(path, "wb") as f:
        f.write(b"x" * size)
    return "written"
plan = json.loads(sys.argv[1])
for name, path in plan["read"].items():
    attempt("read " + name, lambda: read(path))
for name, path in plan["write"].items():
    attempt("write " + name, lambda: write(path))
attempt("fill /tmp", lambda: write("/tmp/big", plan["too_big"]))
attempt("fill /submission", lambda: write("/submission/big", plan["too_big"]))
attempt("fill the socket folder", lambda: write(plan["sockets"] + "/big", plan["too_big"]))
attempt("processes", lambda: sorted(p for p in os.listdir("/proc") if p.isdigit()))
attempt("capabilities", lambda: [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0])
attempt("hostname", socket.gethostname)
attempt("loopback server", lambda: socket.create_connection(("127.0.0.1", plan["port"]), timeout=2) and "connected")
attempt("references", lambda: "_reference" in open(os.path.join(plan["package"], "autocheck.py")).read())
attempt("new user namespace", lambda: os.system("unshare -U true") == 0 and "made" or "refused")
attempt("C calls through cffi", lambda: __import__("_cffi_backend") and "loaded")
print(json.dumps(found))
"""


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory, os_sandbox):
    return bubblewrap.prepare(tmp_path_factory.mktemp("view"))


@pytest.fixture(scope="module")
def probed(sandbox, tmp_path_factory):
    """Run PROBE in the sandbox once, with canaries planted on the host and a server on loopback."""
    host = tmp_path_factory.mktemp("host")
    (host / "secret.txt").write_text("the hidden tests")
    kernel_dir = host / "kernel"
    kernel_dir.mkdir()
    server = socket.create_server(("127.0.0.1", 0))
    package = bubblewrap.MLPEDU_PACKAGE
    plan = {"read": {"a host file": str(host / "secret.txt"),
                     "an exercise source": str(package / "exercises" / "source" / "ex01_single_neuron.ipynb"),
                     "the solution edition": str(REPO / "solutions" / "ex01_single_neuron.ipynb"),
                     "the grader's environment": f"/proc/{os.getpid()}/environ",
                     "/etc/shadow": "/etc/shadow", "the notebook copy": "/submission/alice.ipynb"},
            "write": {"the package": str(package / "evil.py"), "/usr": "/usr/evil", "/": "/evil",
                      "/etc": "/etc/evil", "a host folder": str(host / "evil"),
                      "the connection folder": f"{bubblewrap.CONNECTION}/evil", "/tmp": "/tmp/small",
                      "home": f"{bubblewrap.HOME}/small", "/dev/shm": "/dev/shm/small"},
            "too_big": 2 * WORKSPACE_MB * 2**20, "sockets": bubblewrap.SOCKETS, "port": server.getsockname()[1], "package": str(package)}
    notebook = b'{"cells": []}'
    fd = os.memfd_create("notebook")
    os.write(fd, notebook)
    os.lseek(fd, 0, os.SEEK_SET)
    argv = sandbox.command([sys.executable, "-c", PROBE, json.dumps(plan)], kernel_dir, fd, "alice.ipynb",
                           len(notebook), WORKSPACE_MB)
    try:
        done = subprocess.run(argv, env={"PATH": "/usr/bin:/bin", **sandbox.environment()}, pass_fds=(fd,),
                              capture_output=True, text=True, timeout=60)
    finally:
        os.close(fd)
        server.close()
    assert done.returncode == 0, f"the probe failed in the sandbox: {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1]), kernel_dir


NOT_THERE, READ_ONLY, FULL = "FileNotFoundError errno 2", "OSError errno 30", "OSError errno 28"


@pytest.mark.parametrize("attempt, expected", [
    ("read a host file", NOT_THERE),
    ("read an exercise source", NOT_THERE),
    ("read the solution edition", NOT_THERE),
    ("read the grader's environment", NOT_THERE),  # another PID namespace: the grader has no number here
    ("read /etc/shadow", NOT_THERE),
    ("read the notebook copy", "read 13 bytes"),
    ("write the package", READ_ONLY),
    ("write /usr", READ_ONLY),
    ("write /", READ_ONLY),
    ("write /etc", READ_ONLY),
    ("write a host folder", NOT_THERE),
    ("write the connection folder", READ_ONLY),  # the one host folder it sees
    ("write /tmp", "written"),
    ("write home", "written"),
    ("write /dev/shm", "written"),
    ("fill /tmp", FULL),
    ("fill /submission", FULL),
    ("fill the socket folder", FULL),  # its sockets live in a tmpfs of 1 MB: no host folder to fill
    ("processes", ["1", "2"]),  # bubblewrap's reaper and the kernel
    ("capabilities", "0000000000000000"),
    ("hostname", "grading"),
    ("loopback server", "ConnectionRefusedError errno 111"),  # its own loopback: nothing listens there
    ("references", False),
    ("new user namespace", "refused"),
    ("C calls through cffi", "ImportError"),  # its compiled backend is an empty file in there
])
def test_the_os_sandbox_alone_is_a_wall(probed, attempt, expected):
    found, _ = probed
    assert found.get(attempt) == expected, f"{attempt}: expected {expected!r}, got {found.get(attempt)!r}"


def test_the_kernel_wrote_nothing_on_the_host(probed):
    _, kernel_dir = probed
    assert sorted(p.name for p in kernel_dir.iterdir()) == []
    assert not (kernel_dir.parent / "evil").exists(), "the host folder around the socket folder was written"
    assert not (bubblewrap.MLPEDU_PACKAGE / "evil.py").exists()


def test_the_students_view_of_mlpedu_has_no_answers(tmp_path):
    view = bubblewrap.build_view(tmp_path)
    real = {p.relative_to(bubblewrap.MLPEDU_PACKAGE) for p in bubblewrap.MLPEDU_PACKAGE.rglob("*.py")
            if "__pycache__" not in p.parts}
    given = {p.relative_to(view) for p in view.rglob("*.py")}
    assert given == real, f"the view should have every module: missing {real - given}, extra {given - real}"
    assert not (view / "exercises" / "source").exists(), "the exercise sources hold solutions and hidden tests"
    assert not list(view.rglob("*.ipynb"))
    stand_in = (view / "autocheck.py").read_text(encoding="utf-8")
    assert "_reference" not in stand_in and "def check(" in stand_in
    assert list((view / "__pycache__").glob("autocheck.*.pyc")), "compiled ahead, so kernels start fast"
    compiled = next((view / "__pycache__").glob("autocheck.*.pyc")).read_bytes()
    assert b"dense_reference" not in compiled, "the compiled autocheck is the real one"
    stems = {p.name.split(".")[0] for p in view.rglob("*.pyc")}
    assert stems == {p.stem for p in view.rglob("*.py")}, "a compiled module without its source came along"


def test_grading_refuses_to_start_without_bubblewrap(monkeypatch, tmp_path):
    source, submissions, results = toy.write_class(tmp_path)
    monkeypatch.setattr(bubblewrap.shutil, "which", lambda name: None)
    with pytest.raises(bubblewrap.OsSandboxError) as refused:
        runner.grade(submissions, results, source, progress=False)
    message = str(refused.value)
    for part in ("bubblewrap", "apt-get install bubblewrap", "--no-os-sandbox"):
        assert part in message, f"{part!r} missing from: {message}"
    assert not results.exists(), "nothing is written before the sandbox is known to work"


@pytest.mark.parametrize("script, why", [
    ("echo bubblewrap 0.8.0; exit 0;; *) echo 'bwrap: No permissions to create new namespace' >&2; exit 1",
     "No permissions to create new namespace.*user namespaces"),
    ("echo bubblewrap 0.6.1; exit 0;; *) exit 0", "bubblewrap 0.6 .* is too old: the sandbox needs 0.8 or newer"),
])
def test_a_bubblewrap_that_cannot_make_the_sandbox_is_refused_with_its_reason(monkeypatch, tmp_path, script, why):
    fake = tmp_path / "bwrap"
    fake.write_text(f'#!/bin/sh\ncase "$1" in --version) {script};; esac\n')
    fake.chmod(0o755)
    monkeypatch.setattr(bubblewrap, "find_bwrap", lambda: str(fake))
    with pytest.raises(bubblewrap.OsSandboxError, match=why):
        runner.grade(tmp_path, tmp_path / "results", progress=False)


def test_without_the_os_sandbox_the_summary_and_the_gradebook_say_so(monkeypatch, tmp_path):
    from mlpedu.cli import main

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the replaced grading step reaches the worker only when it is forked")
    source, submissions, results = tmp_path / "source", tmp_path / "submissions", tmp_path / "results"
    source.mkdir()
    submissions.mkdir()
    nbformat.write(toy.source_notebook(), source / "toy_backprop.ipynb")
    (submissions / "alice_toy_backprop.ipynb").write_text(toy.answered({}), encoding="utf-8")
    def graded_without_kernel(assignment, path, limits, **options):  # runs in the worker: report what it got
        return {"status": "graded", "score": 8.0, "cells": [], "tampering": [], "reason": "",
                "asked": repr(options.get("os_sandbox"))}, None

    monkeypatch.setattr(runner, "grade_notebook", graded_without_kernel)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        main(["grade", str(submissions), "--out", str(results), "--source", str(source), "--no-progress",
              "--no-os-sandbox"])
    assert printed.getvalue().startswith("WITHOUT the operating-system sandbox"), printed.getvalue()
    rows = list(csv.DictReader((results / "grades.csv").open(encoding="utf-8")))
    assert [(r["student_id"], r["sandbox"]) for r in rows] == [("alice", "none (--no-os-sandbox)")], rows
    assert json.loads((results / "summary.json").read_text())["os_sandbox"] is False
    record = json.loads((results / "records" / "toy_backprop" / "alice.json").read_text())
    assert record["asked"] == "False", f"the worker was asked to grade with os_sandbox={record['asked']}"


def test_a_print_flood_keeps_the_start_and_one_note(sandbox, tmp_path):
    work, kernel_dir = tmp_path / "work", tmp_path / "kernel"
    work.mkdir()
    kernel_dir.mkdir()
    with SandboxKernel(work, kernel_dir, "alice.ipynb", b"{}", os_sandbox=sandbox) as kernel:
        result = kernel.run(textwrap.dedent("""\
            for i in range(30):
                print(str(i) * 100_000, flush=True)"""), 30)
    texts = [o["text"] for o in result.outputs]
    assert texts[0].startswith("0000") and "output truncated by the grader" in texts[-1], [t[:40] for t in texts]
    kept = sum(len(t) for t in texts)
    assert 900_000 < kept <= 1_000_000, f"a cell keeps about 1 MB of output; kept {kept:,} characters"


# ---- answers that reach for what only the grader has: noted, and only those -----------------

@pytest.mark.parametrize("source, expected", [
    ("from mlpedu.autocheck import check\ncheck('dense_backward', f)", []),
    ("import mlpedu.autocheck as ac\nac.check('x', f)", []),
    ("my_reference = 1\nreference = 2\ndef dense(Case, Value): pass", []),  # the student's own names
    ("import mlpedu\nnet = mlpedu.MLP([2, 1])", []),
    ("import mlpedu.autocheck as ac\ndef f(d, a, w):\n    return ac.dense_reference(d, a, w)",
     ["mlpedu.autocheck.dense_reference"]),
    ("from mlpedu.autocheck import neuron_reference as n", ["mlpedu.autocheck.neuron_reference"]),
    ("from mlpedu import autocheck as a\na.seed_backward(W, b, X, Y)", ["mlpedu.autocheck.seed_backward"]),
    ("import mlpedu\nmlpedu.autocheck.relu_chain_reference(1, 2, 0, 3, 0, 4, 0, 5)", ["mlpedu.autocheck.relu_chain_reference"]),
    ("f = globals()['dense_reference']", ["dense_reference"]),
    ("import importlib\ngetattr(importlib.import_module('mlpedu.autocheck'), 'neuron_' + 'reference')",
     ["mlpedu.autocheck"]),
    ("import mlpedu.exercises.build", ["mlpedu.exercises.build"]),
    ("from mlpedu.grading import kernel_side", ["mlpedu.grading"]),
    ("def broken(:", []),
])
def test_reaching_for_the_answers_is_named_and_nothing_else(source, expected):
    from mlpedu.grading.reaching import reaches

    assert reaches(source) == expected, f"{source!r}: expected {expected}, got {reaches(source)}"


def test_the_stand_ins_error_names_what_was_reached_for():
    from mlpedu.grading import kernel_autocheck
    from mlpedu.grading.reaching import stand_in_errors

    with pytest.raises(AttributeError) as error:
        kernel_autocheck.dense_reference  # noqa: B018
    outputs = [{"output_type": "error", "ename": "AttributeError", "evalue": str(error.value), "traceback": []},
               {"output_type": "stream", "text": "mlpedu.autocheck.fake is not available while grading"}]
    assert stand_in_errors(outputs) == ["mlpedu.autocheck.dense_reference"]


def test_host_folders_are_bound_after_the_fresh_ones_that_could_hide_them(sandbox):
    """A Python environment or course folder below /tmp or /home must not vanish under a fresh tmpfs."""
    argv = sandbox.command(["python"], "/tmp/kernel", 3, "a.ipynb", 10, 8)
    fresh = [i for i, arg in enumerate(argv) if arg in ("--tmpfs", "--proc", "--dev")]
    bound = [i for i, arg in enumerate(argv) if arg in ("--ro-bind", "--bind", "--ro-bind-try")]
    assert max(fresh) < min(bound), f"fresh folders at {fresh}, host folders bound at {bound}: {argv}"


def test_what_the_kernel_publishes_cannot_pile_up_or_nest_deep(sandbox, tmp_path):
    from mlpedu.grading.kernel import KEPT_RESULTS
    from mlpedu.grading.kernel_side import RESULT_MIME

    work, kernel_dir = tmp_path / "work", tmp_path / "kernel"
    work.mkdir()
    kernel_dir.mkdir()
    with SandboxKernel(work, kernel_dir, "alice.ipynb", b"{}", os_sandbox=sandbox) as kernel:
        result = kernel.run(textwrap.dedent(f"""\
            from IPython.display import publish_display_data
            for i in range(50):  # fake grader results, each 1 MB
                publish_display_data({{{RESULT_MIME!r}: "x" * 2**20}})
            deep = {{}}
            for i in range(400):  # as deep as the kernel can send, deeper than the feedback may hold
                deep = {{"d": deep}}
            publish_display_data({{"application/json": deep}})
            print("done")"""), 60)
    assert len(result.results) <= KEPT_RESULTS, f"{len(result.results)} result messages kept"
    assert [o.get("text") for o in result.outputs] == ["done\n"], result.outputs
    nbformat.writes(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=result.outputs)]))


def test_a_provided_cell_that_fails_in_the_grader_stops_the_tests(tmp_path, os_sandbox):
    from mlpedu.grading import Limits, grade_notebook, load_assignment

    source = toy.source_notebook()
    setup = toy._cell(source, "setup")  # runs in the kernel, then fails in the grader (say, out of memory)
    setup.source = 'import sys\nassert "mlpedu.grading.judge" not in sys.modules, "only in the kernel"\n' + setup.source
    nbformat.write(source, tmp_path / "toy_backprop.ipynb")
    submission = tmp_path / "alice.ipynb"
    submission.write_text(toy.answered({}), encoding="utf-8")
    record, _ = grade_notebook(load_assignment(tmp_path / "toy_backprop.ipynb"), submission,
                               Limits(cell_timeout=20, notebook_timeout=60))
    assert (record["status"], record["score"]) == ("error", 0.0), (record["status"], record["score"])
    assert record["reason"] == "the grader could not run the provided cell 'setup' (AssertionError: only in the kernel)"
    statuses = {c["grade_id"]: c["status"] for c in record["cells"] if c["kind"] == "tests"}
    assert set(statuses.values()) == {"not run"}, statuses


def test_a_name_a_failed_test_never_bound_is_not_taken_from_the_student(tmp_path, os_sandbox):
    from mlpedu.grading import Limits, grade_notebook, load_assignment

    meta = toy._meta  # nbgrader metadata, as in the toy assignment
    source = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("x = 0  # YOUR CODE", metadata=meta("answer", solution=True)),
        nbformat.v4.new_code_cell('assert x == 2, "x should be 2"\nexpected = 2', metadata=meta(
            "t1", grade=True, locked=True, points=1)),
        nbformat.v4.new_code_cell("assert x == expected", metadata=meta("t2", grade=True, locked=True, points=1))])
    nbformat.write(source, tmp_path / "two_tests.ipynb")
    student = nbformat.reads(nbformat.writes(source), as_version=4)
    student.cells[0].source = "x = 1\nexpected = 1  # what the second test would compare with, if asked"
    nbformat.write(student, tmp_path / "mallory.ipynb")
    record, _ = grade_notebook(load_assignment(tmp_path / "two_tests.ipynb"), tmp_path / "mallory.ipynb",
                               Limits(cell_timeout=20, notebook_timeout=60))
    got = {c["grade_id"]: (c["status"], c["message"]) for c in record["cells"]}
    assert record["score"] == 0 and got["t2"][0] == "failed" and "expected" in got["t2"][1], got


def test_the_worker_opens_the_kernels_sockets_without_following_links(tmp_path):
    """What the kernel controls (its socket folder) may hold links to host sockets: never followed."""
    root, host = tmp_path / "root", tmp_path / "host.sock"
    (root / "run" / "sockets").mkdir(parents=True)
    listening = [socket.socket(socket.AF_UNIX), socket.socket(socket.AF_UNIX)]
    listening[0].bind(str(root / "run" / "sockets" / "kernel-1"))
    listening[1].bind(str(host))
    (root / "run" / "sockets" / "kernel-2").symlink_to(host)  # absolute: would resolve on the host
    (root / "run" / "linked").symlink_to(root / "run" / "sockets")
    (root / "run" / "sockets" / "plain-file").write_text("x")
    try:
        fd = bubblewrap.open_socket(str(root), "/run/sockets/kernel-1")
        assert fd is not None and os.path.samestat(os.fstat(fd), os.stat(root / "run" / "sockets" / "kernel-1"))
        os.close(fd)
        for path in ("/run/sockets/kernel-2", "/run/linked/kernel-1", "/run/sockets/plain-file", "/run/sockets/none"):
            assert bubblewrap.open_socket(str(root), path) is None, f"{path} should not be opened"
    finally:
        for s in listening:
            s.close()


@pytest.mark.parametrize("option, value", [("--workspace-mb", "0"), ("--memory-mb", "-5"), ("--cell-timeout", "0")])
def test_a_limit_that_is_not_positive_is_refused_before_anything_runs(tmp_path, capsys, option, value):
    from mlpedu.cli import main

    source, submissions, results = toy.write_class(tmp_path)
    assert main(["grade", str(submissions), "--out", str(results), "--source", str(source), option, value]) == 2
    assert "must be a positive number" in capsys.readouterr().err and not results.exists()


@pytest.mark.parametrize("answers, extra, score", [
    ({}, [], 8.0),
    ({"dense_backward": "def dense_backward(dZ, A_prev, W):\n    return dZ @ A_prev.T, dZ, W.T @ dZ"}, [], 5.0),
    ({}, [("setup", "open('/tmp/mlpedu-no-sandbox-canary', 'w').write('x')")], 8.0),  # refused by the audit hook
])
def test_without_the_os_sandbox_the_inner_layers_still_grade(tmp_path, answers, extra, score):
    from mlpedu.grading import Limits, grade_notebook, load_assignment

    nbformat.write(toy.source_notebook(), tmp_path / "toy_backprop.ipynb")
    submission = tmp_path / "alice.ipynb"
    submission.write_text(toy.answered(answers, extra_cells=extra), encoding="utf-8")
    record, _ = grade_notebook(load_assignment(tmp_path / "toy_backprop.ipynb"), submission,
                               Limits(cell_timeout=20, notebook_timeout=60), os_sandbox=False)
    assert (record["score"], record["status"], record["sandbox"]) == (score, "graded", "none (--no-os-sandbox)"), record
    assert not os.path.exists("/tmp/mlpedu-no-sandbox-canary")


@pytest.mark.parametrize("ending, note", [
    ("quit()", "quit() and exit() do not stop the kernel"),
    ("exit()", "quit() and exit() do not stop the kernel"),
    ("import sys\nsys.exit()", "SystemExit"),  # an exception IPython shows; the kernel goes on
])
def test_quit_left_in_a_cell_grades_the_same_every_time(tmp_path, os_sandbox, ending, note):
    """In Jupyter quit() ends the kernel; while grading that raced with the tests (0 to 14 of 27 over 8
    runs of one batch). Now the notebook runs to the end, every time, and the output says why."""
    from mlpedu.grading import Limits, grade_notebook, load_assignment

    nbformat.write(toy.source_notebook(), tmp_path / "toy_backprop.ipynb")
    submission = tmp_path / "alice.ipynb"
    submission.write_text(toy.answered({"sigmoid_prime": toy._clean(toy.SIGMOID_PRIME) + "\n" + ending}),
                          encoding="utf-8")
    outcomes = []
    for _ in range(3):
        record, executed = grade_notebook(load_assignment(tmp_path / "toy_backprop.ipynb"), submission,
                                          Limits(cell_timeout=20, notebook_timeout=60))
        outcomes.append((record["score"], record["status"]))
    assert outcomes == [(8.0, "graded")] * 3, outcomes
    printed = "".join(o.get("text", "") + o.get("ename", "") for c in executed.cells if c.cell_type == "code"
                      for o in c.outputs)
    assert note in printed, printed[:500]


def test_the_sandboxs_process_is_found_with_or_without_the_kernels_children_list(monkeypatch):
    child = subprocess.Popen(["sleep", "5"])
    try:
        assert child.pid in bubblewrap.children(os.getpid()), bubblewrap.children(os.getpid())
        real_open = open

        def no_children_list(path, *args, **kwargs):  # kernels built without CONFIG_PROC_CHILDREN
            if str(path).endswith("/children"):
                raise FileNotFoundError(path)
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr("builtins.open", no_children_list)
        assert child.pid in bubblewrap.children(os.getpid())
    finally:
        child.kill()
        child.wait()
