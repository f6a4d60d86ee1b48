"""A small nbgrader-format assignment and the submissions of a class of (partly hostile) students.

The notebooks are built here rather than committed so that nbval never runs the hostile ones.
`write_class(folder)` writes the source notebook and the submissions folder; `EXPECTED` says
what each student should get and why.
"""

import json
import re

import nbformat

ASSIGNMENT = "toy_backprop"


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=None, task=False):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": task}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _code(source, **meta):
    return nbformat.v4.new_code_cell(source, metadata=_meta(**meta) if meta else {})


def _markdown(source, **meta):
    return nbformat.v4.new_markdown_cell(source, metadata=_meta(**meta) if meta else {})


SIGMOID_PRIME = """\
def sigmoid_prime(z):
    ### BEGIN SOLUTION
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)
    ### END SOLUTION"""

DENSE_BACKWARD = """\
def dense_backward(dZ, A_prev, W):
    ### BEGIN SOLUTION
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev
    ### END SOLUTION"""

NUMERICAL_GRADIENT = """\
def numerical_gradient(f, x, eps=1e-5):
    ### BEGIN SOLUTION
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        plus, minus = x.copy(), x.copy()
        plus[i] += eps
        minus[i] -= eps
        grad[i] = (f(plus) - f(minus)) / (2 * eps)
    return grad
    ### END SOLUTION"""

DL_DW = """\
w, x, y = 2.0, 3.0, 1.0
### BEGIN SOLUTION
dL_dw = (w * x - y) * x
### END SOLUTION"""


def source_notebook():
    cells = [
        _markdown("# A toy assignment: pieces of backprop"),
        _code("import numpy as np\nfrom mlpedu.activations import Sigmoid\nfrom mlpedu.autocheck import check\n"
              "rng = np.random.default_rng(0)", grade_id="setup", locked=True),
        _markdown("## 1. σ′(z)  (2 points)"),
        _code(SIGMOID_PRIME, grade_id="sigmoid_prime", solution=True),
        _code("z = np.linspace(-3.0, 3.0, 7)\n"
              "assert np.allclose(sigmoid_prime(z), Sigmoid().derivative(z)), \"sigmoid_prime(z) should be σ(z)(1 − σ(z))\"\n"
              "### BEGIN HIDDEN TESTS\n"
              "Z = rng.normal(size=(4, 5))\n"
              "got = sigmoid_prime(Z)\n"
              "assert isinstance(got, np.ndarray) and got.shape == Z.shape, f\"expected an array of shape {Z.shape}\"\n"
              "assert np.allclose(got, Sigmoid().derivative(Z)), \"sigmoid_prime is wrong on the hidden inputs\"\n"
              "### END HIDDEN TESTS", grade_id="test_sigmoid_prime", grade=True, locked=True, points=2),
        _markdown("## 2. A dense layer's backward pass  (3 points)"),
        _code(DENSE_BACKWARD, grade_id="dense_backward", solution=True),
        _code("check(\"dense_backward\", dense_backward)\n### BEGIN HIDDEN TESTS\n"
              "check(\"dense_backward\", dense_backward, hidden=True)\n### END HIDDEN TESTS",
              grade_id="test_dense_backward", grade=True, locked=True, points=3),
        _markdown("## 3. A numerical gradient  (2 points)"),
        _code(NUMERICAL_GRADIENT, grade_id="numerical_gradient", solution=True),
        _code("check(\"numerical_gradient\", numerical_gradient)\n### BEGIN HIDDEN TESTS\n"
              "check(\"numerical_gradient\", numerical_gradient, hidden=True)\n### END HIDDEN TESTS",
              grade_id="test_numerical_gradient", grade=True, locked=True, points=2),
        _markdown("## 4. One number  (1 point)"),
        _code(DL_DW, grade_id="dL_dw", solution=True),
        _code("### BEGIN HIDDEN TESTS\nassert dL_dw == 15.0, \"dL_dw should be (w·x − y)·x = 15\"\n"
              "### END HIDDEN TESTS", grade_id="test_dL_dw", grade=True, locked=True, points=1),
        _markdown("Why is ReLU′(0) a convention? ### BEGIN SOLUTION\nReLU has a kink at 0.\n### END SOLUTION",
                  grade_id="explain_relu", grade=True, solution=True, points=1),
    ]
    return nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                          "display_name": "Python 3"}})


SOLUTION = re.compile(r"^([ \t]*)### BEGIN SOLUTION\n.*?^[ \t]*### END SOLUTION$", re.MULTILINE | re.DOTALL)
HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS\n.*?^[ \t]*### END HIDDEN TESTS\n?", re.MULTILINE | re.DOTALL)


def student_edition(source):
    """What a student downloads: solutions replaced by placeholders, hidden tests removed."""
    notebook = nbformat.reads(nbformat.writes(source), as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.source = SOLUTION.sub(lambda m: f"{m[1]}# YOUR CODE HERE\n{m[1]}raise NotImplementedError()",
                                       cell.source)
            cell.source = HIDDEN.sub("", cell.source)
        else:  # in text the marker may follow other text on its line
            cell.source = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION", "YOUR ANSWER HERE", cell.source,
                                 flags=re.DOTALL)
    return notebook


def answered(answers=None, extra_cells=(), edit=None):
    """A submission: the student edition with `answers` (grade_id -> code) filled in, cells appended
    at the end (or after a grade_id: (grade_id, source) pairs), and `edit(notebook)` applied."""
    notebook = student_edition(source_notebook())
    solutions = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source_notebook().cells
                 if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if answers is not None and grade_id in solutions:
            cell.source = answers.get(grade_id, _clean(solutions[grade_id]))
    for where, source in extra_cells:
        position = len(notebook.cells) if where is None else next(
            i + 1 for i, c in enumerate(notebook.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == where)
        notebook.cells.insert(position, nbformat.v4.new_code_cell(source))
    if edit:
        edit(notebook)
    return nbformat.writes(notebook)


def _clean(solution_source):
    """The reference answer as a student would type it (no markers)."""
    return "\n".join(line for line in solution_source.splitlines() if "### " not in line)


def _cell(notebook, grade_id):
    return next(c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _tamper(notebook):
    test = _cell(notebook, "test_sigmoid_prime")
    test.source = "pass  # nothing to see here"
    test.metadata["nbgrader"]["points"] = 100
    notebook.cells.remove(_cell(notebook, "test_dense_backward"))


HOSTILE_PATCHES = """\
import numpy as np
import mlpedu.autocheck as autocheck
np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
autocheck.check = lambda *a, **k: None
def check(*args, **kwargs):
    return None
def sigmoid_prime(z):
    return np.zeros_like(z)"""

LIARS = """\
class AlwaysEqual:
    def __eq__(self, other):
        return True
    def __float__(self):
        return 15.0
class FakeArray(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)
def sigmoid_prime(z):
    np.allclose = lambda *a, **k: True
    return np.zeros(np.shape(z)).view(FakeArray)"""

ESCAPES = """\
import os, json
print("score: 100")
print(json.dumps({"student_id": "grace", "score": 100, "max_score": 100}))
with open("toy_backprop.ipynb", "a") as f:
    f.write("the working copy can be changed")
with open("grades.csv", "w") as f:
    f.write("assignment,student_id,score\\ntoy_backprop,grace,100\\n")
attempts = {}
for target in [RESULTS + "/grades.csv", RESULTS + "/records/toy_backprop/grace.json", SUBMISSIONS + "/alice/toy_backprop.ipynb",
               SOURCE + "/toy_backprop.ipynb", "/tmp/mlpedu_grace_was_here"]:
    try:
        with open(target, "w") as f:
            f.write("pwned")
        attempts[target] = "written"
    except Exception as exc:
        attempts[target] = type(exc).__name__
for target in [SOURCE + "/toy_backprop.ipynb", SUBMISSIONS]:
    try:
        attempts["read " + target] = str(os.listdir(target) if os.path.isdir(target) else open(target).read()[:20])
    except Exception as exc:
        attempts["read " + target] = type(exc).__name__
for name, target in [("neighbours", os.path.dirname(os.path.dirname(os.getcwd()))),
                     ("grader command line", f"/proc/{os.getppid()}/cmdline")]:
    try:
        attempts[name] = str(os.listdir(target) if os.path.isdir(target) else open(target).read()[:20])
    except Exception as exc:
        attempts[name] = type(exc).__name__
try:
    import subprocess
    subprocess.run(["touch", "/tmp/mlpedu_grace_was_here"])
except Exception as exc:
    attempts["subprocess"] = type(exc).__name__
print(attempts)"""


STUBBORN_LOOP = """\
while True:  # swallows the grader's interrupt
    try:
        while True:
            pass
    except BaseException:
        pass"""


def _answers_to_raw(notebook):
    """The issue's attack: every answer cell of the student edition switched to raw, outputs dropped."""
    for i, cell in enumerate(notebook.cells):
        if cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code":
            notebook.cells[i] = nbformat.v4.new_raw_cell(cell.source, metadata=cell.metadata)


REACHES_FOR_REFERENCES = """\
import importlib
import mlpedu.autocheck as autocheck
def dense_backward(dZ, A_prev, W):
    return autocheck.dense_reference(dZ, A_prev, W)
def sigmoid_prime(z):
    reference = getattr(importlib.import_module("mlpedu.autocheck"), "neuron_" + "reference")
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1.0 - s)"""

FLOOD = """\
while True:  # a steady stream, each line sent at once (the kernel's memory never fills), deaf to interrupts
    try:
        while True:
            print("x" * 10_000, flush=True)
    except BaseException:
        pass"""

# Walks around path checks with links and directory descriptors, then looks for the grader.
LINKS_AND_DESCRIPTORS = """\
import os, mlpedu
found = {}
package = os.path.dirname(mlpedu.__file__)
def attempt(name, action):
    try:
        found[name] = repr(action())[:80]
    except Exception as exc:
        found[name] = type(exc).__name__
attempt("link to the package", lambda: os.symlink(package, "package_link"))
attempt("write into the package via a link", lambda: open("package_link/evil.py", "w").write("x = 1"))
def write_with_dir_fd():
    folder = os.open("package_link", os.O_RDONLY)
    return os.write(os.open("evil.py", os.O_WRONLY | os.O_CREAT, dir_fd=folder), b"x = 1")
attempt("write into the package via dir_fd", write_with_dir_fd)
attempt("exercise sources", lambda: os.listdir(os.path.join(package, "exercises", "source")))
attempt("real autocheck", lambda: open(os.path.join(package, "autocheck.py")).read().count("_reference"))
attempt("parent's cwd", lambda: os.readlink(f"/proc/{os.getppid()}/cwd"))
attempt("processes", lambda: sorted(p for p in os.listdir("/proc") if p.isdigit()))
attempt("network", lambda: __import__("socket").create_connection(("127.0.0.1", 8888), timeout=1))
print("FOUND", found)"""


def _odd_text(notebook):
    """A markdown cell with a lone surrogate (valid JSON, not valid UTF-8 once decoded)."""
    notebook.cells.append(nbformat.v4.new_markdown_cell("notes \ud800 and \x1b[2J"))


def _huge_points(notebook):
    _cell(notebook, "test_dL_dw").metadata["nbgrader"]["points"] = 10**400


# Memory that an address-space limit does not count: refused by the sandbox's seccomp filter.
MEMORY_OUTSIDE_THE_LIMIT = """\
import os
found = {}
def fill(path):
    fd = os.open(path, os.O_CREAT | os.O_WRONLY)
    os.unlink(path)  # unnamed, still held
    os.posix_fallocate(fd, 0, 2**30)
for name, action in [("memfd", lambda: os.memfd_create("m")), ("fill /dev/shm", lambda: fill("/dev/shm/x")),
                     ("fill /tmp", lambda: fill("/tmp/x"))]:
    try:
        found[name] = type(action()).__name__
    except Exception as exc:
        found[name] = type(exc).__name__
print("MEMORY", found)"""


def class_submissions(folders):
    """file name (relative to the submissions folder) -> file content (str or bytes)."""
    escapes = "\n".join(f"{name} = {str(path)!r}" for name, path in folders.items()) + "\n" + ESCAPES
    return {
        "alice/toy_backprop.ipynb": answered({}),
        "bob_toy_backprop.ipynb": answered({
            "sigmoid_prime": "def sigmoid_prime(z):\n    return 1.0 / (1.0 + np.exp(-z))",
            "dense_backward": "def dense_backward(dZ, A_prev, W):\n    return dZ @ A_prev.T, dZ, W.T @ dZ"}),
        "carol/toy_backprop.ipynb": answered(None),
        "dave-toy_backprop.ipynb": answered({
            "dense_backward": "def dense_backward(dZ, A_prev, W):\n"
                              "    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W @ dZ"}, edit=_tamper),
        "eve/toy_backprop.ipynb": answered({
            "sigmoid_prime": HOSTILE_PATCHES,
            "dense_backward": "def dense_backward(dZ, A_prev, W):\n    return 0, 0, 0",
            "numerical_gradient": "def numerical_gradient(f, x, eps=1e-5):\n    return np.zeros_like(x)",
            "dL_dw": "dL_dw = 0.0"}),
        "frank/toy_backprop.ipynb": answered({"sigmoid_prime": LIARS, "dL_dw": "dL_dw = AlwaysEqual()"}),
        "grace/toy_backprop.ipynb": answered({}, extra_cells=[("setup", escapes)]),
        "heidi/toy_backprop.ipynb": answered({"dL_dw": "import os\nos._exit(0)\ndL_dw = 15.0"}),
        "ivan/toy_backprop.ipynb": answered({"sigmoid_prime": "def sigmoid_prime(z):\n    while True:\n        pass"}),
        "judy/toy_backprop.ipynb": answered({
            "dense_backward": "def dense_backward(dZ, A_prev, W):\n    hog = np.ones((10**6, 10**5))\n"
                              "    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W.T @ dZ",
            "numerical_gradient": "hog = [0] * 10**10\n" + _clean(NUMERICAL_GRADIENT)}),
        "kate/toy_backprop.ipynb": answered({"sigmoid_prime": "import sys\nsys.exit('bye')\n" + _clean(SIGMOID_PRIME)}),
        "leo/toy_backprop.ipynb": answered({"numerical_gradient": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"}),
        "mike/toy_backprop.ipynb": answered({"dense_backward": STUBBORN_LOOP}),
        "olga/toy_backprop.ipynb": answered({"numerical_gradient": "def numerical_gradient(f, x, eps=1e-5):\n"
                                                                   "    import os\n    os._exit(1)"}),
        "nina_toy_backprop.ipynb": b"\x89PNG\r\n\x1a\n this is not a notebook",
        "oscar_toy_backprop.ipynb": json.dumps({"hello": "a JSON file, but not a notebook"}),
        "paul/toy_backprop.ipynb": answered(None, edit=_answers_to_raw),
        "rita/toy_backprop.ipynb": answered({"dense_backward": REACHES_FOR_REFERENCES}),
        "sam/toy_backprop.ipynb": answered({}, extra_cells=[(None, 'print("x" * 1_000_000)')] * 150),
        "tina/toy_backprop.ipynb": answered({}, extra_cells=[(None, FLOOD)]),
        "uma/toy_backprop.ipynb": answered({}, extra_cells=[("setup", LINKS_AND_DESCRIPTORS)]),
        "vera/toy_backprop.ipynb": answered({"sigmoid_prime": "def sigmoid_prime(z):\n"
                                                             "    raise ValueError('bad ' + chr(0xD800))"}),
        "walt/toy_backprop.ipynb": answered({"dense_backward": "!pip install numpy\n" + _clean(DENSE_BACKWARD)},
                                            edit=_odd_text),
        "xena/toy_backprop.ipynb": answered({}, extra_cells=[("setup", MEMORY_OUTSIDE_THE_LIMIT)]),
        "zack/toy_backprop.ipynb": answered({}, edit=_huge_points),
        "yara/toy_backprop.ipynb": answered({"sigmoid_prime": "def sigmoid_prime(z):\n"
                                                             "    return Sigmoid().derivative(z)"}),
        "quinn/toy_backprop.ipynb": answered({}),
        "quinn_toy_backprop.ipynb": answered({}),
        "rachel/Untitled.ipynb": answered({}),
        "notes.txt": "collected by the LMS",
    }


def write_class(root):
    """Write source/, submissions/ under `root`; return (source dir, submissions dir, results dir)."""
    folders = {"SOURCE": root / "source", "SUBMISSIONS": root / "submissions", "RESULTS": root / "results"}
    folders["SOURCE"].mkdir(parents=True)
    nbformat.write(source_notebook(), folders["SOURCE"] / f"{ASSIGNMENT}.ipynb")
    for name, content in class_submissions(folders).items():
        path = folders["SUBMISSIONS"] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:  # a lone surrogate is written as the JSON escape \ud800, as a JSON file may hold it
            path.write_text(content, encoding="utf-8", errors="backslashreplace")
    return folders["SOURCE"], folders["SUBMISSIONS"], folders["RESULTS"]


# student -> (score, status, {grade_id: (status, text the message must contain)}, tampering substrings)
FULL = {"test_sigmoid_prime": ("passed", ""), "test_dense_backward": ("passed", ""),
        "test_numerical_gradient": ("passed", ""), "test_dL_dw": ("passed", "")}
NOT_WRITTEN = "is not written yet"
EXPECTED = {
    "alice": (8, "graded", FULL, []),
    "bob": (3, "graded", {**FULL, "test_sigmoid_prime": ("failed", "sigmoid_prime(z) should be σ(z)(1 − σ(z))"),
                          "test_dense_backward": ("failed", "db is wrong")}, []),
    "carol": (0, "graded", {"test_sigmoid_prime": ("failed", "NotImplementedError"),
                            "test_dense_backward": ("failed", NOT_WRITTEN),
                            "test_numerical_gradient": ("failed", NOT_WRITTEN),
                            "test_dL_dw": ("failed", "name 'dL_dw' is not defined")}, []),
    "dave": (5, "graded", {**FULL, "test_dense_backward": ("failed", "dA_prev is wrong")},
             ["'test_sigmoid_prime' was edited", "points of 'test_sigmoid_prime' were changed to 100",
              "'test_dense_backward' was deleted"]),
    "eve": (0, "graded", {"test_sigmoid_prime": ("failed", "sigmoid_prime(z) should be σ(z)(1 − σ(z))"),
                          "test_dense_backward": ("failed", "dense_backward"),
                          "test_numerical_gradient": ("failed", "grad is wrong"),
                          "test_dL_dw": ("failed", "dL_dw should be (w·x − y)·x = 15")},
            ["redefines the provided 'check'"]),
    "frank": (5, "graded", {**FULL, "test_sigmoid_prime": ("failed", "sigmoid_prime(z) should be σ(z)(1 − σ(z))"),
                            "test_dL_dw": ("failed", "dL_dw should be (w·x − y)·x = 15")}, []),
    "grace": (8, "graded", FULL, []),
    "heidi": (7, "incident", {**FULL, "test_dL_dw": ("not run", "the kernel died")}, []),
    "ivan": (6, "graded", {**FULL, "test_sigmoid_prime": ("failed", "ran past the time limit")}, []),
    "judy": (3, "graded", {**FULL, "test_dense_backward": ("failed", "MemoryError"),
                           "test_numerical_gradient": ("failed", "name 'numerical_gradient' is not defined: the cell "
                                                                 "that defines it stopped with MemoryError")}, []),
    "kate": (6, "graded", {**FULL, "test_sigmoid_prime": ("failed", "name 'sigmoid_prime' is not defined: the cell "
                                                                    "that defines it stopped with SystemExit")}, []),
    "leo": (5, "incident", {**FULL, "test_numerical_gradient": ("not run", "the kernel died"),
                            "test_dL_dw": ("not run", "the kernel died")}, []),
    "mike": (2, "incident", {**FULL, "test_dense_backward": ("not run", "did not stop within 2 s of the interrupt"),
                             "test_numerical_gradient": ("not run", "did not stop within 2 s of the interrupt"),
                             "test_dL_dw": ("not run", "did not stop within 2 s of the interrupt")}, []),
    "olga": (5, "incident", {**FULL, "test_numerical_gradient": ("failed", "stopped: the kernel died"),
                             "test_dL_dw": ("not run", "the kernel died while the tests ran")}, []),
    "paul": (0, "graded", {"test_sigmoid_prime": ("failed", "NotImplementedError"),
                           "test_dense_backward": ("failed", NOT_WRITTEN),
                           "test_numerical_gradient": ("failed", NOT_WRITTEN),
                           "test_dL_dw": ("failed", "name 'dL_dw' is not defined")},
             ["answer cell 'sigmoid_prime' was changed from code to raw"]),
    "rita": (5, "graded", {**FULL, "test_dense_backward": ("failed", "not available while grading")},
             ["reaches for what only the grader has (mlpedu.autocheck, mlpedu.autocheck.dense_reference)"]),
    "sam": (8, "graded", FULL, []),
    "tina": (8, "incident", FULL, []),
    "uma": (8, "graded", FULL, []),
    "vera": (6, "graded", {**FULL, "test_sigmoid_prime": ("failed", "ValueError: bad ")}, []),
    "walt": (8, "graded", FULL, []),
    "xena": (8, "graded", FULL, []),
    "zack": (8, "graded", FULL, ["points of 'test_dL_dw' were changed to"]),
    "yara": (8, "graded", FULL, ["answer cell 'sigmoid_prime' calls the course library (Sigmoid); the grade "
                                 "stands: check that the exercise allows it"]),
    "nina": (0, "invalid", {}, []),
    "oscar": (0, "invalid", {}, []),
}
