"""Grade a folder of submissions: one worker process (and one kernel) per submission, N at a time.

The parent process only schedules, watches the clock and writes results. Each worker is a fresh
process (forked on Linux, so the imports are already done) that grades one submission and sends
its record back through a pipe. A worker that runs past its wall-clock limit is killed together
with its kernel; a worker that dies is recorded as an error; the batch always goes on.
"""

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from datetime import datetime, timezone
from multiprocessing.connection import wait
from pathlib import Path

import nbformat

from ..errors import MlpeduError
from . import bubblewrap, gradebook, report, review
from .assignment import load_assignments
from .judge import MAX_NOTEBOOK_BYTES, grade_notebook
from .limits import Limits
from .shards import keep_shard
from .submissions import UnreadableFile, discover, read_regular_file

WORKER_GRACE = 30.0  # seconds a worker gets beyond the notebook limit (start-up, writing)


@dataclass
class Summary:
    graded: list = field(default_factory=list)      # records graded in this run
    resumed: list = field(default_factory=list)     # records kept from a previous run (--resume)
    duplicates: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    ignored: list = field(default_factory=list)     # (path, why): files in records/ the gradebook does not trust
    notes: list = field(default_factory=list)       # on the class: e.g. students not on the roster
    shard: tuple | None = None
    os_sandbox: bool = True
    seconds: float = 0.0

    def count(self, status):
        return sum(1 for r in self.graded if r["status"] == status)

    @property
    def ok(self):
        return not self.duplicates and not self.count("error") and not self.ignored

    def text(self):
        lines = [] if self.os_sandbox else [
            "WITHOUT the operating-system sandbox (--no-os-sandbox): the kernels ran with in-process limits only, "
            "which a determined student can get past; the gradebook's 'sandbox' column says so."]
        lines += [f"Graded {len(self.graded)} submission(s) in {self.seconds:.1f} s"
                 + (f"; kept {len(self.resumed)} from the previous run" if self.resumed else "")
                 + (f" (shard {self.shard[0]} of {self.shard[1]})" if self.shard else "") + "."]
        for status, meaning in (("graded", "ran to the end"),
                                ("incident", "scored what ran before a time-out or a dead kernel"),
                                ("invalid", "not a readable notebook: 0 points"),
                                ("error", "the grader failed: 0 points, please look")):
            if self.count(status):
                lines.append(f"  {self.count(status):4d} {status:<9} {meaning}")
        for r in self.graded + self.resumed:  # problems kept by --resume are still problems
            if r["status"] != "graded":
                lines.append(f"  {r['status']:<9} {r['student_id']} / {r['assignment']}: {r['reason']}")
        tampered = [r for r in self.graded + self.resumed if r.get("tampering")]
        if tampered:
            lines.append(f"  {len(tampered)} submission(s) changed locked cells or grading data, or reached for the "
                         "answers (see the 'tampering' column)")
        for student, assignment, files in self.duplicates:
            lines.append(f"  duplicate {student} / {assignment}: {', '.join(files)} (not graded: keep one)")
        for path, why in self.unmatched:
            lines.append(f"  unmatched {path}: {why}")
        if self.skipped:
            lines.append(f"  skipped {len(self.skipped)} hidden file(s) (e.g. {self.skipped[0]})")
        for path, why in self.ignored:
            lines.append(f"  ignored {path}: {why}")
        lines += [f"  {note}" for note in self.notes]
        return "\n".join(map(printable, lines))

    def to_dict(self):
        return {"seconds": round(self.seconds, 3), "os_sandbox": self.os_sandbox, "shard": self.shard,
                "graded": len(self.graded), "resumed": len(self.resumed),
                "by_status": {s: self.count(s) for s in ("graded", "incident", "invalid", "error")},
                "problems": [{k: r[k] for k in ("student_id", "assignment", "status", "reason")}
                             for r in self.graded + self.resumed if r["status"] != "graded"],
                "tampering": {f"{r['student_id']}/{r['assignment']}": r["tampering"]
                              for r in self.graded + self.resumed if r.get("tampering")},
                "duplicates": [{"student_id": s, "assignment": a, "files": f} for s, a, f in self.duplicates],
                "unmatched": [{"file": p, "why": w} for p, w in self.unmatched], "skipped": self.skipped,
                "ignored": [{"file": p, "why": w} for p, w in self.ignored], "notes": self.notes}


def printable(text):
    """Text made by students (ids, file names, reasons) as a terminal may show it: control characters,
    escape sequences, newlines and bidirectional overrides written as escapes, never acted on."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
                   for c in str(text))


def default_source_dir():
    from ..exercises import SOURCE_DIR

    return SOURCE_DIR


def grade(submissions_dir, results_dir, source_dir=None, *, jobs=1, resume=False, force=False, pattern=None,
          limits=None, progress=True, private_dirs=(), os_sandbox=True, roster=None, due=None, late_penalty=None,
          shard=None):
    """Grade every submission in `submissions_dir` into `results_dir`; return a Summary.

    `roster` (a CSV path), `due` ({assignment: ISO time}) and `late_penalty` (a `gradebook.late_rule`
    text) are kept in the results folder's course.json; None keeps what is there. `shard` (K, N)
    grades only the students of shard K (`shards`).

    A results folder that already holds grades is only written to with `resume=True` (grade
    what is new or changed, keep the rest) or `force=True` (grade everything again).
    Each kernel runs in the operating-system sandbox (`bubblewrap`); without bubblewrap this
    refuses to start, unless `os_sandbox=False` (`--no-os-sandbox`), which the gradebook notes.
    """
    started = time.monotonic()
    submissions_dir, results_dir = Path(submissions_dir).resolve(), Path(results_dir).resolve()
    source_dir = Path(source_dir or default_source_dir()).resolve()
    limits = limits or Limits()
    if jobs < 1:
        raise MlpeduError(f"jobs must be at least 1; got {jobs}.")
    for name, value in vars(limits).items():
        if not value > 0:
            raise MlpeduError(f"the limit {name} must be a positive number; got {value!r}.")
    if os_sandbox:  # before anything is read or written: say now what to install
        bwrap = bubblewrap.find_bwrap()
        bubblewrap.probe(bwrap)
    if results_dir == submissions_dir or submissions_dir in results_dir.parents:
        raise MlpeduError(f"The results folder {results_dir} is inside the submissions folder; put it elsewhere "
                          "so that results are never mistaken for submissions.")
    python = [Path(sys.prefix).resolve(), Path(__file__).resolve().parents[2]]  # what a kernel must read
    for name, folder in (("source", source_dir), ("submissions", submissions_dir), ("results", results_dir)):
        if any(folder == p or folder in p.parents for p in python):
            raise MlpeduError(f"The {name} folder {folder} contains the Python environment or mlpedu itself, which "
                              "the students' kernels must be able to read; give the notebooks a folder of their own.")
    previous, ignored = report.read_records(results_dir)  # only records that passed its checks count
    previous = {(r["student_id"], r["assignment"]): r for r in previous}
    if (previous or ignored) and not (resume or force):
        raise MlpeduError(f"{results_dir} already holds {len(previous)} graded submission(s)"
                          + (f" and {len(ignored)} other file(s) in records/" if ignored else "")
                          + ". Use --resume to grade only what is new or changed, or --force to grade everything "
                          "again.")
    assignments = load_assignments(source_dir)
    course = gradebook.update_course(gradebook.load_course(results_dir), assignments, roster, due, late_penalty)
    course.shard = list(shard) if shard else None
    marks = gradebook.load_marks(results_dir)
    found = keep_shard(discover(submissions_dir, assignments, pattern), shard)
    _set_aside_clashes(found, results_dir)
    summary = Summary(duplicates=found.duplicates, unmatched=found.unmatched, skipped=found.skipped,
                      ignored=ignored, os_sandbox=bool(os_sandbox), shard=tuple(shard) if shard else None)

    todo = []
    for submission in found.submissions:
        old = previous.get((submission.student_id, submission.assignment))
        if resume and old and old.get("sha256") == _sha256(submission.path) and old["status"] != "error":
            summary.resumed.append(old)
        else:
            todo.append(submission)
    # every sandbox lives in one private folder: a kernel may read its own, never its neighbours'
    batch_dir = tempfile.mkdtemp(prefix="mlpedu-grade-")
    hidden_from_students = [source_dir, submissions_dir, results_dir, batch_dir, *private_dirs]
    bar = _progress_bar(len(todo), progress)
    try:
        sandbox = bubblewrap.OsSandbox(bwrap, bubblewrap.build_view(batch_dir)) if os_sandbox else False
        with contextlib.closing(_run_all(todo, assignments, limits, jobs, hidden_from_students, batch_dir,
                                         sandbox)) as results:
            for record, executed in results:
                record["sandbox"] = bubblewrap.label(os_sandbox)
                report.write_record(results_dir, record)
                report.write_feedback(results_dir, gradebook.apply_marks(record, marks), executed)
                summary.graded.append(record)
                bar.update(1)
                bar.set_postfix_str(printable(f"{record['student_id']} / {record['assignment']}: {record['status']}"),
                                    refresh=False)
    finally:
        bar.close()
        shutil.rmtree(batch_dir, ignore_errors=True)

    # this run's records as graded, and the trusted previous ones not graded again; never re-read from disk
    keep = {**previous, **{(r["student_id"], r["assignment"]): r for r in summary.graded}}
    try:
        summary.notes = review.refresh(results_dir, list(keep.values()), found.duplicates, course)
    except gradebook.GradebookError as exc:
        raise gradebook.GradebookError(f"{exc}\nThe graded submissions are kept in {results_dir / 'records'}; write "
                                       f"the gradebook with `mlpedu gradebook {results_dir} --late-penalty RULE`.") from None
    gradebook.save_course(results_dir, course)
    summary.seconds = time.monotonic() - started
    report.atomic_write(results_dir / "summary.json", json.dumps(summary.to_dict(), indent=1, ensure_ascii=False))
    return summary


def _set_aside_clashes(found, results_dir):
    """Two students whose results would share one file (ids that differ only in case, on a disk that
    ignores case) are not graded: each would overwrite the other. Both are listed as unmatched."""
    by_file = {}
    for submission in found.submissions:
        key = str(report.record_path(results_dir, submission.assignment, submission.student_id)).casefold()
        by_file.setdefault(key, []).append(submission)
    for clash in (group for group in by_file.values() if len(group) > 1):
        ids = ", ".join(repr(s.student_id) for s in clash)
        for submission in clash:
            found.submissions.remove(submission)
            found.unmatched.append((str(submission.path), f"the student ids {ids} would share one results file; "
                                                          "rename one (not graded)"))


def _progress_bar(total, enabled):
    from tqdm import tqdm

    tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
    return tqdm(total=total, unit="submission", desc="grading", disable=not enabled, file=sys.stderr)


def _sha256(path):
    """The digest of what the judge reads, or None if `path` is no longer a regular file we can read."""
    import hashlib

    try:
        return hashlib.sha256(read_regular_file(path, MAX_NOTEBOOK_BYTES)).hexdigest()
    except UnreadableFile:
        return None


def _base_record(submission, assignment):
    # the submission time is nbgrader's timestamp.txt, as in nbgrader: a file's time changes with every copy,
    # so it is kept for the instructor's eyes only (lstat: a link swapped in since is not followed)
    try:
        file_time = datetime.fromtimestamp(os.lstat(submission.path).st_mtime, timezone.utc).isoformat()
    except OSError:
        file_time = ""
    return {"student_id": submission.student_id, "assignment": submission.assignment,
            "file": str(submission.path), "timestamp": submission.timestamp or "", "file_time": file_time,
            "max_score": assignment.max_score, "score": 0.0, "status": "error", "reason": "", "tampering": [],
            "cells": [], "sha256": _sha256(submission.path)}


def _worker(connection, assignment, path, limits, private_dirs, batch_dir, os_sandbox):
    """In the worker process: grade one notebook and send (record, executed notebook) back."""
    os.environ["MPLBACKEND"] = "Agg"
    try:
        _limit_own_memory(max(limits.worker_memory_mb, limits.memory_mb))  # the kernel's limit must fit under it
        record, executed = grade_notebook(assignment, path, limits, sandbox_parent=batch_dir, private_dirs=private_dirs,
                                          on_kernel_start=lambda pid: connection.send(("kernel", pid)),
                                          os_sandbox=os_sandbox)
        connection.send(("done", record, _notebook_text(executed, record)))
    except MemoryError:  # the frames that held the memory are gone by now: a short message still fits
        connection.send(("limit", f"grading it needed more than the {limits.worker_memory_mb} MB a grading worker "
                                  "may add (what the kernel sent back was too large)"))
    except BaseException:
        connection.send(("crash", traceback.format_exc()[-3000:]))
    finally:
        connection.close()


def _notebook_text(executed, record):
    """The graded notebook as text; if its outputs cannot be written, the notebook without them."""
    if executed is None:
        return None
    try:
        return nbformat.writes(executed)
    except Exception as exc:  # e.g. an output nbformat cannot validate: the grade stands, the outputs go
        for cell in executed.cells:
            if cell.cell_type == "code":
                cell.outputs = []
        record["reason"] = (record.get("reason", "") + f" (the feedback notebook lost its outputs: "
                            f"{type(exc).__name__})").strip()
        return nbformat.writes(executed)


def _limit_own_memory(megabytes):
    """An address-space limit for this worker: what it has now (forked from the batch) plus `megabytes`.
    The student's kernel starts under it too, and lowers it to its own limit."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            now = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (now + megabytes * 2**20,) * 2)
    except (OSError, ValueError, StopIteration, ImportError):
        pass  # not Linux: the batch's wall clock still bounds the worker


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _run_all(todo, assignments, limits, jobs, private_dirs, batch_dir, os_sandbox):
    """Yield (record, executed notebook or None) for each submission, as workers finish."""
    context, pending, running = _context(), list(todo), {}
    wall_limit = limits.notebook_timeout + WORKER_GRACE
    worker = (limits, private_dirs, batch_dir, os_sandbox)
    try:
        yield from _schedule(context, pending, running, assignments, jobs, worker, wall_limit)
    finally:  # stopped early (e.g. the results folder failed): no worker may outlive the batch
        for receive in list(running):
            _finish(running, receive, reason="the batch stopped before this submission was graded")


def _schedule(context, pending, running, assignments, jobs, worker, wall_limit):
    while pending or running:
        while pending and len(running) < jobs:
            submission = pending.pop(0)
            assignment = assignments[submission.assignment]
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_worker, daemon=True,
                                      args=(send, assignment, submission.path, *worker))
            process.start()
            send.close()
            running[receive] = {"process": process, "submission": submission, "kernel": None,
                                "deadline": time.monotonic() + wall_limit,
                                "record": _base_record(submission, assignment)}
        ready = wait(list(running), timeout=1.0)
        for receive in ready:
            job = running[receive]
            try:
                message = receive.recv()
            except (EOFError, OSError):
                job["process"].join(5)
                code = job["process"].exitcode
                if code is not None and code < 0:  # a signal: a grader bug raises, this is its memory limit
                    yield _finish(running, receive, status="incident", reason=(
                        f"the grading worker died with signal {-code} while grading it (most likely at its memory "
                        f"limit: the kernel sent it more than it may hold)"))
                else:
                    yield _finish(running, receive, reason=f"the grading worker died (exit code {code})")
                continue
            if message[0] == "kernel":
                job["kernel"] = message[1]
            elif message[0] == "done":
                record = {**job["record"], **message[1]}
                executed = nbformat.reads(message[2], as_version=4) if message[2] else None
                yield _finish(running, receive, record=record, executed=executed)
            elif message[0] == "limit":  # the submission's doing, not the grader's
                yield _finish(running, receive, reason=message[1], status="incident")
            else:
                yield _finish(running, receive, reason=f"the grader itself failed: {message[1].splitlines()[-1]}")
        now = time.monotonic()
        for receive, job in list(running.items()):
            if now > job["deadline"]:
                yield _finish(running, receive, status="incident",
                              reason=f"the grading worker ran past {wall_limit:g} s and was killed")


def _finish(running, receive, record=None, executed=None, reason="", status="error"):
    job = running.pop(receive)
    process = job["process"]
    if record is None:
        record = {**job["record"], "reason": reason, "status": status}
        if process.is_alive():  # its kernel dies with it (PDEATHSIG); killed first anyway, while its pid is sure
            for pid in (job["kernel"], process.pid):
                if pid:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
    process.join(10)
    receive.close()
    return record, executed
