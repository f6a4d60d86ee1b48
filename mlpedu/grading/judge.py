"""Grade one submission: run the student's cells in a sandboxed kernel and the tests in here.

The process running this module never executes student code. Test cells and given cells are
executed here with `exec`, in a namespace where any name the tests need but the grader does not
define is fetched from the student's kernel through `remote.Remote` (plain data, or a stand-in
that calls into the kernel). See `mlpedu.grading` for the whole design.
"""

import ast
import builtins
import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import traceback
import warnings
from pathlib import Path

import nbformat

from . import bubblewrap, reaching
from .assignment import hidden_lines, manual_answers, merge
from .kernel import SandboxKernel
from .limits import Limits  # noqa: F401  (re-exported)
from .remote import Remote, SandboxFailure, StudentError
from .submissions import UnreadableFile, read_regular_file


BUILTIN_NAMES = frozenset(dir(builtins))
MAX_NOTEBOOK_BYTES = 100 * 2**20
MAX_SHOWN_SOURCE = 100_000  # characters of one cell's text kept in the feedback notebook
MAX_ANSWER = 20_000  # characters of a hand-graded answer kept for the review page
MAX_CELLS = 10_000  # a course notebook has tens; more is built to exhaust the grader's time


class GraderNamespace(dict):
    """Globals for the trusted cells: the grader's own names first, then the student's, fetched."""

    def __init__(self, remote):
        super().__init__(__builtins__=builtins, __name__="__main__")
        self.remote, self.fetched = remote, {}
        self.provided = set()  # names the given and test cells bind: never taken from the student, even if missing

    def __missing__(self, name):
        if name in BUILTIN_NAMES or name.startswith("__") or name in self.provided:
            raise KeyError(name)
        if name not in self.fetched:
            self.fetched[name] = self.remote.get(name)
        return self.fetched[name]


def bound_names(source):
    """(names a cell binds at top level, names it binds by import/def/class); empty if it does not parse."""
    tree = reaching.parse(source)
    if tree is None:
        return set(), set()
    names, definitions = set(), set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            definitions.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            definitions.add(node.name)
        else:
            names.update(n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))
    for node in ast.walk(tree):  # `global x` inside a function rebinds x when it is called
        if isinstance(node, ast.Global):
            names.update(node.names)
    return names | definitions, definitions


def without_magics(source):
    """Trusted cells run here as plain Python: drop IPython magics and shell lines."""
    if source.lstrip().startswith("%%"):
        return ""
    return "\n".join("pass" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


def _read_quietly(text):
    """nbformat.reads, without its log line on a schema error: that line quotes the student's notebook,
    and would land in the instructor's terminal. What the grader needs of the notebook, merge checks."""
    import logging

    log = logging.getLogger("traitlets")  # where nbformat logs outside a Jupyter application
    level = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        return nbformat.reads(text, as_version=4)
    finally:
        log.setLevel(level)


def _error_output(exc):
    return nbformat.v4.new_output("error", ename=type(exc).__name__, evalue=str(exc),
                                  traceback=[f"{type(exc).__name__}: {exc}"])


def failure_message(exc, source, broken=None, filename="<test>"):
    """What a failed test cell reports; `broken` maps names to the error of the student cell
    that should have defined them. A bare assert is quoted only from the cell's visible lines."""
    if isinstance(exc, AssertionError):
        if str(exc):
            return str(exc)
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
        number, lines = (frames[-1].lineno if frames else None), source.splitlines()
        if number in hidden_lines(source):
            return "a hidden test failed (its assertion has no message)"
        if number and 0 < number <= len(lines):
            return f"assertion failed: {lines[number - 1].strip()}"
        return "assertion failed"
    if isinstance(exc, NameError):
        name = getattr(exc, "name", None) or next(iter(re.findall(r"name '(\w+)'", str(exc))), None)
        if broken and name in broken:
            return f"{exc}: the cell that defines it stopped with {broken[name]}"
        return f"{exc} (was the cell that defines it run without errors?)"
    return f"{type(exc).__name__}: {exc}"


def grade_notebook(assignment, notebook_path, limits, sandbox_parent=None, private_dirs=(),
                   on_kernel_start=None, os_sandbox=True):
    """Grade `notebook_path` against `assignment`; return (record, executed notebook or None).

    `os_sandbox`: a prepared `bubblewrap.OsSandbox`, True to prepare one here, or False for the
    in-process limits only (`--no-os-sandbox`)."""
    record = {"assignment": assignment.name, "max_score": assignment.max_score, "score": 0.0,
              "status": "graded", "reason": "", "tampering": [], "cells": [],
              "sandbox": bubblewrap.label(os_sandbox)}
    try:  # never through a link, never blocking on a FIFO swapped in since the batch found the file
        data = read_regular_file(notebook_path, MAX_NOTEBOOK_BYTES)
    except UnreadableFile as exc:
        data, unreadable = b"", exc.reason
    else:
        unreadable = None
    record["sha256"] = hashlib.sha256(data).hexdigest()
    try:
        if unreadable:
            raise ValueError(f"the file {unreadable}")
        if len(data) > MAX_NOTEBOOK_BYTES:
            raise ValueError(f"the file has {len(data) // 2**20} MiB; a notebook over "
                             f"{MAX_NOTEBOOK_BYTES // 2**20} MiB is not graded")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("it is not text (not UTF-8): a binary file?") from None
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"it is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                             "a truncated or damaged file?") from None
        with warnings.catch_warnings():  # e.g. cells without ids: nbformat repairs them, nobody need hear
            warnings.simplefilter("ignore")
            student = _read_quietly(text)
        if not isinstance(student.get("cells"), list):
            raise ValueError("it has no list of cells")
        if len(student.cells) > MAX_CELLS:
            raise ValueError(f"it has {len(student.cells):,} cells; a notebook over {MAX_CELLS:,} is not graded")
    except Exception as exc:
        record.update(status="invalid", reason=f"not a readable notebook: {str(exc).splitlines()[0][:300]}")
        record["cells"] = [_cell_record(c, "not run", "the file is not a notebook") for c in assignment.cells
                           if c.kind in ("test", "manual")]
        return record, None

    cells, record["tampering"] = merge(assignment, student)
    root = tempfile.mkdtemp(prefix="mlpedu-grade-", dir=sandbox_parent)
    work, kernel_dir = os.path.join(root, "work"), os.path.join(root, "kernel")
    os.makedirs(work)
    os.makedirs(kernel_dir, mode=0o700)
    try:
        if os_sandbox is True:
            os_sandbox = bubblewrap.prepare(root)
        # the kernel works on a copy: the original is in a folder it cannot see
        with SandboxKernel(work, kernel_dir, Path(notebook_path).name, data, os_sandbox=os_sandbox or None,
                           private_dirs=private_dirs, memory_mb=limits.memory_mb,
                           cpu_seconds=limits.notebook_timeout + 30, workspace_mb=limits.workspace_mb) as kernel:
            if on_kernel_start:
                on_kernel_start(kernel.pid)
            executed = _run_cells(kernel, cells, limits, record)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    record["score"] = sum(c["points"] for c in record["cells"])
    _attach_answers(record, manual_answers(assignment, cells))
    return record, executed


def _attach_answers(record, answers):
    """Each hand-graded cell's answer goes with its record, for the review page; its digest lets a mark
    be matched to the answer it was given for."""
    for cell in record["cells"]:
        if cell["kind"] == "manual" and cell["grade_id"] in answers:
            text = answers[cell["grade_id"]]
            cell["answer_sha256"] = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
            cell["answer"] = text if len(text) <= MAX_ANSWER else (
                text[:MAX_ANSWER] + f"\n[cut by the grader: {len(text) - MAX_ANSWER:,} characters more]")


def _run_cells(kernel, cells, limits, record):
    notebook_deadline = time.monotonic() + limits.notebook_timeout
    cell_deadline = [notebook_deadline]
    remote = Remote(kernel, lambda: cell_deadline[0])
    namespace = GraderNamespace(remote)
    protected = set()  # names the trusted cells bound: the student cannot replace them
    provided = {}  # the functions, classes and modules among them, and how they were defined
    broken = {}  # name → the error of the student cell that should have defined it
    executed = nbformat.v4.new_notebook()
    incident = grader_failed = None
    for cell in cells:
        shown = cell.shown_source
        if len(shown) > MAX_SHOWN_SOURCE:  # the feedback stays a file people can open
            shown = shown[:MAX_SHOWN_SOURCE] + f"\n[cut by the grader: {len(shown) - MAX_SHOWN_SOURCE:,} characters more]"
        out = (nbformat.v4.new_code_cell(shown) if cell.cell_type == "code"
               else nbformat.v4.new_markdown_cell(shown) if cell.cell_type == "markdown"
               else nbformat.v4.new_raw_cell(shown))
        if cell.grade_id:
            out.metadata["nbgrader"] = {"grade_id": cell.grade_id, "points": cell.points, "kind": cell.kind}
        executed.cells.append(out)
        if cell.cell_type != "code":
            if cell.kind == "manual":
                record["cells"].append(_cell_record(cell, "manual", "graded by hand"))
            continue
        now = time.monotonic()
        cell_deadline[0] = min(now + limits.cell_timeout, notebook_deadline)
        if now >= notebook_deadline and incident is None:
            incident = f"the notebook ran past its time limit of {limits.notebook_timeout:g} s"
        if cell.runs_in_kernel:
            if incident is None:
                result = kernel.run(cell.source, cell_deadline[0] - now)
                out.outputs = result.outputs
                if result.timed_out and not result.died:
                    out.outputs.append(_error_output(TimeoutError(
                        f"the grader stopped this cell at its time limit ({limits.cell_timeout:g} s per cell, "
                        f"{limits.notebook_timeout:g} s per notebook)")))
                if result.died:
                    incident = f"the kernel died while running a cell ({kernel.dead_reason})"
                    out.outputs.append(_error_output(RuntimeError(incident)))
                errors = [o for o in out.outputs if o.get("output_type") == "error"]
                if errors and cell.kind != "given":
                    for name in set().union(*bound_names(cell.source)):
                        broken[name] = f"{errors[-1]['ename']}: {errors[-1]['evalue']}"
            namespace.fetched.clear()  # the student's state changed: fetch again when needed
            if cell.kind != "given":
                record["tampering"] += _notes_on(cell, out.outputs, provided)
        if cell.runs_in_grader:
            if cell.kind == "given":  # what the student sees provided (a test's helpers stay unnamed)
                provided.update(definitions(cell.source))
            error = _run_trusted(cell, namespace, remote, out, record, incident, protected, broken)
            if cell.kind == "given" and error is not None and incident is None and not isinstance(
                    error, (StudentError, SandboxFailure)):  # the tests after it would run on a broken setup
                incident = (f"the grader could not run the provided cell {cell.grade_id!r} "
                            f"({type(error).__name__}: {str(error)[:300]})")
                if isinstance(error, MemoryError):  # the worker's limit, filled by what this kernel sent
                    incident += ": the grading worker was out of memory, filled by what this kernel sent it"
                else:
                    grader_failed = incident
            if remote.failure and not kernel.alive() and incident is None:
                incident = f"the kernel died while the tests ran ({kernel.dead_reason})"
            remote.failure = None if kernel.alive() else remote.failure
        if cell.kind == "manual":
            record["cells"].append(_cell_record(cell, "manual", "graded by hand"))
    if incident:
        record.update(status="error" if incident == grader_failed else "incident", reason=incident)
    record["tampering"] = list(dict.fromkeys(record["tampering"]))
    executed.metadata["mlpedu_grading"] = {"score": sum(c["points"] for c in record["cells"]),
                                           "max_score": record["max_score"]}
    return executed


def definitions(source):
    """{name: how the cell defines it} for the functions, classes and imports a cell binds."""
    tree, found = reaching.parse(source), {}
    for node in tree.body if tree is not None else []:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found[node.name] = ast.dump(node)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                found[(alias.asname or alias.name).split(".")[0]] = f"{getattr(node, 'module', '')}:{alias.name}"
    return found


def replaced(source, provided):
    """The provided functions, classes and modules a student's cell replaces with something else
    (an identical copy of a provided function, or the same import again, replaces nothing)."""
    tree = reaching.parse(source)
    if tree is None:
        return []
    own = definitions(source)
    assigned = {n.id for node in tree.body if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef,
                                                                    ast.ClassDef, ast.Import, ast.ImportFrom))
                for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
    return sorted(name for name in provided if (name in own and own[name] != provided[name]) or name in assigned)


def _run_trusted(cell, namespace, remote, out, record, incident, protected, broken):
    """Run a given or test cell here; for a test cell, score it."""
    stdout = io.StringIO()
    error = None
    autocheck = sys.modules.get("mlpedu.autocheck")  # loaded here by the trusted cells, if they use it
    if incident is None:
        if hasattr(autocheck, "reset_results"):
            autocheck.reset_results()
        try:
            code = compile(without_magics(cell.source), _filename(cell), "exec")
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stdout), warnings.catch_warnings():
                warnings.simplefilter("ignore")  # a warning quotes the grader's own source lines
                exec(code, namespace)
        except Exception as exc:  # the verdict of a test cell: any exception fails it
            error = exc
        if remote.failure:
            error = SandboxFailure(remote.failure)
    names, _ = bound_names(cell.source)
    protected.update(names)
    namespace.provided.update(names)  # had the cell failed on the way: never the student's instead
    protected.update(name for name in namespace if not name.startswith("__"))  # also exec/globals() bindings
    if cell.kind == "given":
        return error
    if stdout.getvalue():
        out.outputs.append(nbformat.v4.new_output("stream", name="stdout", text=stdout.getvalue()[-20_000:]))
    if incident is not None:
        record["cells"].append(_cell_record(cell, "not run", incident))
        out.outputs.append(_error_output(RuntimeError(f"not run: {incident}")))
    elif error is None:
        record["cells"].append(_cell_record(cell, "passed", "", cell.points))
    else:
        if isinstance(error, SandboxFailure):
            status, message = "failed", f"the student's code was stopped: {error}"
        elif isinstance(error, StudentError):
            detail = f": {error}" if str(error) else " (is it written yet?)"
            status, message = "failed", f"the student's code raised {error.type_name}{detail}"
        else:
            status, message = "failed", failure_message(error, cell.source, broken, _filename(cell))
        record["cells"].append(_cell_record(cell, status, message))
        autocheck = sys.modules.get("mlpedu.autocheck")
        checks = autocheck.results() if hasattr(autocheck, "results") else []
        failed_checks = [c for c in checks if not getattr(c, "passed", True)]
        if failed_checks:
            record["cells"][-1]["mistake"] = str(getattr(failed_checks[0], "mistake", "") or "")
        out.outputs.append(_error_output(AssertionError(message) if isinstance(error, AssertionError)
                                         else RuntimeError(message)))


def _notes_on(cell, outputs, provided):
    """What a student's cell did that the instructor should hear of: reaching for the grader's
    names, calling the course library in an answer, replacing what the given cells provide."""
    notes = []
    reached = sorted(set(reaching.reaches(cell.source)) | set(reaching.stand_in_errors(outputs)))
    if reached:
        where = f"answer cell {cell.grade_id!r}" if cell.grade_id else "a cell the student added"
        notes.append(f"{where} reaches for what only the grader has ({', '.join(reached)}); the reference "
                     "solutions are not available while grading")
    used = reaching.library_uses(cell.source, provided) if cell.kind in ("answer", "manual") else []
    if used:
        notes.append(f"answer cell {cell.grade_id!r} calls the course library ({', '.join(used)}); the grade "
                     "stands: check that the exercise allows it")
    # names the trusted cells bound stay the grader's; replacing a provided function is reported
    notes += [f"the student's code redefines the provided {name!r} (the grader keeps the provided one)"
              for name in replaced(cell.source, provided)]
    return notes


def _filename(cell):
    """Each trusted cell compiles under its own name, so a traceback says which cell a line is in."""
    return f"<cell {cell.grade_id}>"


def _cell_record(cell, status, message, points=0.0):
    return {"grade_id": cell.grade_id, "kind": "tests" if cell.kind == "test" else "manual",
            "points": float(points), "max_points": cell.points, "status": status, "mistake": "",
            "message": message}
