"""Inputs the grader must not trust: text that a spreadsheet would run, files in records/ that
grading did not write, and entries of the submissions folder that are not plain files (links,
FIFOs, devices, sockets, unreadable files). No kernels: the grading step is replaced."""

import csv
import errno
import json
import os
import socket
import stat
import threading

import nbformat
import pytest

from grading_fixtures import toy
from mlpedu.grading import gradebook, report, runner, submissions
from mlpedu.grading.limits import Limits
from mlpedu.grading.submissions import UnreadableFile, discover, read_regular_file

ASSIGNMENTS = {"toy_backprop": None}
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SOCKETS = []


def within(seconds, function, *args):
    """Run function(*args) in a thread; fail if it has not returned after `seconds` (e.g. a FIFO opened)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function.__name__} did not return within {seconds} s (blocked on a FIFO?)"
    return outcome


def a_record(student_id="alice", assignment="toy_backprop", **changes):
    record = {"student_id": student_id, "assignment": assignment, "status": "graded", "score": 5.0,
              "max_score": 9.0, "reason": "", "tampering": [], "file": f"{student_id}.ipynb", "timestamp": "t",
              "cells": [{"grade_id": "t1", "kind": "tests", "points": 2.0, "max_points": 2.0, "status": "passed",
                         "mistake": "", "message": "ok"}]}
    return {**record, **changes}


# ---- the CSV files: text that starts a formula is escaped, our numbers stay numbers -----------

HYPERLINK = '=HYPERLINK("http://x","click")'


@pytest.mark.parametrize("csv_file, column, value, expected", [
    ("grades.csv", "student_id", HYPERLINK, "'" + HYPERLINK),
    ("grades.csv", "student_id", "+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
    ("grades.csv", "student_id", "-2+3", "'-2+3"),
    ("grades.csv", "student_id", "@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("grades.csv", "student_id", "\t=1+1", "'\t'=1+1"),  # a tab may start a cell of its own too
    ("grades.csv", "student_id", "x;=2+3;", "x;'=2+3;"),  # a spreadsheet that splits at ; starts a cell there
    ("grades.csv", "student_id", "a;b", "a;b"),
    ("grades.csv", "student_id", "\r=1+1", "'\r=1+1"),
    ("grades.csv", "assignment", "=1+1", "'=1+1"),
    ("grades.csv", "reason", "-the kernel died", "'-the kernel died"),
    ("grades.csv", "tampering", "=cmd", "'=cmd"),
    ("grades.csv", "file", "@x.ipynb", "'@x.ipynb"),
    ("grades.csv", "first_name", "=A1", "'=A1"),
    ("grades.csv", "student_id", "alice", "alice"),
    ("grades.csv", "student_id", "bob-=x", "bob-=x"),
    ("grades.csv", "max_score", -1.5, "-1.5"),
    ("grades.csv", "raw_score", -1.5, "-1.5"),
    ("cells.csv", "grade_id", "=t1", "'=t1"),
    ("cells.csv", "message", "-1 is not 2", "'-1 is not 2"),
    ("cells.csv", "mistake", "+x", "'+x"),
    ("cells.csv", "status", "@passed", "'@passed"),
    ("cells.csv", "student_id", HYPERLINK, "'" + HYPERLINK),
    ("cells.csv", "points", -2.0, "-2"),
])
def test_text_a_spreadsheet_would_run_is_escaped_and_numbers_stay_numbers(tmp_path, csv_file, column, value,
                                                                         expected):
    record = a_record()
    if csv_file == "cells.csv" and column not in ("student_id", "assignment"):
        record["cells"][0][column] = value
    elif column == "tampering":
        record["tampering"] = [value]
    elif column in ("score", "raw_score"):
        record["score"] = value
    elif column != "first_name":  # names come from the roster
        record[column] = value
    roster = [{"id": record["student_id"], "first_name": value if column == "first_name" else "", "last_name": "",
               "email": "", "lms_user_id": ""}]
    gradebook.write(tmp_path, [record], gradebook.Course(roster=roster))
    with (tmp_path / csv_file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1, f"expected one row in {csv_file}, got {rows}"
    got = rows[0][column]
    assert got == expected, f"{csv_file} {column}: expected {expected!r}, got {got!r}"


# ---- records/: only what grading wrote, where it wrote it, counts --------------------------------

def plant(results, relative, kind, content=None):
    """Put something at results/relative: a JSON value, text, bytes, a link, a folder or a FIFO."""
    path = results / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "json":
        path.write_text(json.dumps(content), encoding="utf-8")
    elif kind == "text":
        path.write_text(content, encoding="utf-8")
    elif kind == "bytes":
        path.write_bytes(content)
    elif kind == "link":
        target = results.parent / "elsewhere" / content
        target.parent.mkdir(parents=True, exist_ok=True)
        if content.endswith(".json"):
            target.write_text(json.dumps(a_record("bob")), encoding="utf-8")
        else:
            target.mkdir(exist_ok=True)
            (target / "bob.json").write_text(json.dumps(a_record("bob")), encoding="utf-8")
        path.symlink_to(target)
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    return path


@pytest.mark.parametrize("relative, kind, content, reason", [
    ("records/toy_backprop/mallory.json", "json", a_record("alice"),
     "its student_id 'alice' does not match its path"),
    ("records/toy_backprop/bob.json", "json", a_record("carol", score=9.0),
     "its student_id 'carol' does not match its path"),
    ("records/other/bob.json", "json", a_record("bob"), "its assignment 'toy_backprop' does not match its path"),
    ("records/toy_backprop/bob.json", "text", '{"student_id": "bob", ', "is not a readable record ("),
    ("records/toy_backprop/bob.json", "bytes", b"\xff\xfe{}", "is not a readable record ("),
    ("records/toy_backprop/bob.json", "json", [a_record("bob")], "is not a record (a JSON object)"),
    ("records/toy_backprop/bob.json", "json", {k: v for k, v in a_record("bob").items() if k != "tampering"},
     "has no tampering"),
    ("records/toy_backprop/student.json", "json", a_record(""), "its student_id '' is not a non-empty text"),
    ("records/toy_backprop/bob.json", "json", a_record("bob", status="perfect"),
     "its status 'perfect' is not one of graded, incident, invalid, error"),
    ("records/toy_backprop/bob.json", "json", a_record("bob", score="9"), "its score '9' is not a number"),
    ("records/toy_backprop/bob.json", "json", a_record("bob", max_score=True), "its max_score True is not a number"),
    ("records/toy_backprop/bob.json", "json", a_record("bob", cells=[1]), "its cells are not a list of cells"),
    ("records/toy_backprop/bob.json", "json", a_record("bob", cells=[{"status": "passed"}]),
     "its cells are not a list of cells"),
    ("records/toy_backprop/bob.json", "json", a_record("bob", tampering=[1]), "its tampering is not a list of texts"),
    ("records/toy_backprop/bob.json", "link", "bob.json", "is a symbolic link (not followed)"),
    ("records/linked", "link", "folder", "is a symbolic link (not followed)"),
    ("records/toy_backprop/bob.json", "folder", None, "is not a record file (records/ASSIGNMENT/STUDENT.json)"),
    ("records/toy_backprop/notes.txt", "text", "hello", "is not a record file (records/ASSIGNMENT/STUDENT.json)"),
    ("records/stray.json", "json", a_record("bob"), "is not an assignment folder (records/ASSIGNMENT/STUDENT.json)"),
    ("records/toy_backprop/bob.json", "fifo", None, "is a named pipe (FIFO), not a file (not opened)"),
])
def test_records_grading_did_not_write_are_ignored_with_their_reason(tmp_path, relative, kind, content, reason):
    results = tmp_path / "results"
    report.write_record(results, a_record("alice"))
    plant(results, relative, kind, content)
    outcome = within(5, report.read_records, results)
    assert "error" not in outcome, f"read_records failed: {outcome.get('error')!r}"
    records, ignored = outcome["value"]
    assert [r["student_id"] for r in records] == ["alice"], \
        f"expected only alice's own record to count, got {[r['student_id'] for r in records]}"
    assert len(ignored) == 1 and ignored[0][0] == relative and ignored[0][1].startswith(reason), \
        f"expected [({relative!r}, {reason!r}...)], got {ignored}"


def test_valid_records_all_count(tmp_path):
    for student in ("alice", "bob", "=HYPERLINK(x)", "x" * 200):
        report.write_record(tmp_path, a_record(student, status="incident", score=None, reason="time-out"))
    records, ignored = report.read_records(tmp_path)
    assert (len(records), ignored) == (4, []), f"expected 4 records and nothing ignored, got {len(records)}, {ignored}"
    assert report.read_records(tmp_path / "absent") == ([], []), "no results folder yet: nothing to read"


def graded_five(*args, **kwargs):
    return {"status": "graded", "score": 5.0, "cells": []}, None


@pytest.mark.parametrize("again, regraded", [({"resume": True}, ["alice"]), ({"force": True}, ["alice", "bob"])])
def test_a_forged_record_never_reaches_the_gradebook(monkeypatch, two_submissions, again, regraded):
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the replaced grading step reaches the worker only when it is forked")
    source, submissions_dir, results = two_submissions
    monkeypatch.setattr(runner, "grade_notebook", graded_five)
    limits = Limits(cell_timeout=30, notebook_timeout=30)
    first = runner.grade(submissions_dir, results, source, progress=False, limits=limits, os_sandbox=False)
    assert first.ok and first.ignored == [], f"a clean first run: expected ok, got {first.text()}"
    # alice's record replaced by one that claims bob; mallory's claims alice
    plant(results, "records/toy_backprop/alice.json", "json", a_record("bob", score=100.0))
    plant(results, "records/toy_backprop/mallory.json", "json", a_record("alice", score=100.0))

    summary = runner.grade(submissions_dir, results, source, progress=False, limits=limits, os_sandbox=False,
                           **again)
    with (results / "grades.csv").open(encoding="utf-8", newline="") as handle:
        rows = [(r["student_id"], r["score"]) for r in csv.DictReader(handle)]
    assert rows == [("alice", "5"), ("bob", "5")], f"expected the graded scores only, got {rows}"
    assert sorted(r["student_id"] for r in summary.graded) == regraded, \
        f"expected {regraded} graded again, got {[r['student_id'] for r in summary.graded]}"
    expected = [("records/toy_backprop/alice.json", "its student_id 'bob' does not match its path"),
                ("records/toy_backprop/mallory.json", "its student_id 'alice' does not match its path")]
    assert summary.ignored == expected, f"expected {expected}, got {summary.ignored}"
    assert not summary.ok, "ignored records need the instructor: the run is not ok"
    line = "  ignored records/toy_backprop/mallory.json: its student_id 'alice' does not match its path"
    assert line in summary.text().splitlines(), f"expected {line!r} in:\n{summary.text()}"
    saved = json.loads((results / "summary.json").read_text(encoding="utf-8"))["ignored"]
    assert saved == [{"file": p, "why": w} for p, w in expected], f"summary.json: got {saved}"


# ---- the submissions folder: links, FIFOs, devices, sockets and unreadable files are listed ----

def make_symlink_to_file(root, outside, monkeypatch):
    (outside / "real.ipynb").write_text("{}")
    (root / "mallory_toy_backprop.ipynb").symlink_to(outside / "real.ipynb")
    return "mallory_toy_backprop.ipynb"


def make_symlink_to_outside_folder(root, outside, monkeypatch):
    (outside / "toy_backprop.ipynb").write_text("{}")
    (root / "mallory").symlink_to(outside, target_is_directory=True)
    return "mallory"


def make_symlink_to_inside_folder(root, outside, monkeypatch):
    (root / "mallory").symlink_to(root / "alice", target_is_directory=True)
    return "mallory"


def make_fifo(root, outside, monkeypatch):
    os.mkfifo(root / "x_toy_backprop.ipynb")
    return "x_toy_backprop.ipynb"


def make_unreadable_file(root, outside, monkeypatch):
    path = root / "erin_toy_backprop.ipynb"
    path.write_text("{}")
    if IS_ROOT:  # root reads through chmod 000: the refusal the kernel would give is simulated
        real_open = os.open
        monkeypatch.setattr(os, "open", lambda p, *a, **k: (_ for _ in ()).throw(
            PermissionError(errno.EACCES, "Permission denied", str(p))) if str(p) == str(path) else real_open(p, *a, **k))
    else:
        path.chmod(0)
    return "erin_toy_backprop.ipynb"


def make_unlistable_folder(root, outside, monkeypatch):
    folder = root / "frank"
    folder.mkdir()
    (folder / "toy_backprop.ipynb").write_text("{}")
    if IS_ROOT:
        real_scandir = os.scandir
        monkeypatch.setattr(os, "scandir", lambda p=".": (_ for _ in ()).throw(
            PermissionError(errno.EACCES, "Permission denied", str(p))) if str(p) == str(folder) else real_scandir(p))
    else:
        folder.chmod(0)
    return "frank"


def make_device(root, outside, monkeypatch):
    if not IS_ROOT:
        pytest.skip("making a device (mknod) needs root")
    try:
        os.mknod(root / "dev_toy_backprop.ipynb", stat.S_IFCHR | 0o600, os.makedev(1, 3))  # like /dev/null
    except PermissionError:
        pytest.skip("mknod is not permitted here (no CAP_MKNOD)")
    return "dev_toy_backprop.ipynb"


def make_socket(root, outside, monkeypatch):
    monkeypatch.chdir(root)  # a socket path is limited to ~100 characters: bind a relative one
    SOCKETS.append(socket.socket(socket.AF_UNIX))  # closed when the test ends
    SOCKETS[-1].bind("sock_toy_backprop.ipynb")
    return "sock_toy_backprop.ipynb"


@pytest.mark.parametrize("make, reason", [
    (make_symlink_to_file, "is a symbolic link (not followed)"),
    (make_symlink_to_outside_folder, "is a symbolic link (not followed)"),
    (make_symlink_to_inside_folder, "is a symbolic link (not followed)"),
    (make_fifo, "is a named pipe (FIFO), not a file (not opened)"),
    (make_unreadable_file, "cannot be read: permission denied"),
    (make_unlistable_folder, "cannot be listed: permission denied"),
    (make_device, "is a character device, not a file (not opened)"),
    (make_socket, "is a socket, not a file (not opened)"),
])
def test_entries_that_are_not_plain_files_are_listed_and_never_opened(tmp_path, monkeypatch, make, reason):
    root, outside = tmp_path / "submissions", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    (root / "alice").mkdir()
    (root / "alice" / "toy_backprop.ipynb").write_text("{}")
    try:
        name = make(root, outside, monkeypatch)
        outcome = within(5, discover, root, ASSIGNMENTS)
    finally:
        for path in (root / "erin_toy_backprop.ipynb", root / "frank"):
            if path.exists() and not path.is_symlink():
                path.chmod(0o755)
        while SOCKETS:
            SOCKETS.pop().close()
    assert "error" not in outcome, f"discover failed: {outcome.get('error')!r}"
    found = outcome["value"]
    got = [(s.student_id, s.path.relative_to(root).as_posix()) for s in found.submissions]
    assert got == [("alice", "alice/toy_backprop.ipynb")], f"expected only alice's file graded, got {got}"
    assert found.unmatched == [(name, reason)], f"expected [({name!r}, {reason!r})], got {found.unmatched}"


def test_hidden_entries_that_are_not_files_are_skipped_as_before(tmp_path):
    os.mkfifo(tmp_path / ".pipe_toy_backprop.ipynb")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "alice_toy_backprop.ipynb").symlink_to(tmp_path / "nowhere")
    found = within(5, discover, tmp_path, ASSIGNMENTS)["value"]
    expected = [".pipe_toy_backprop.ipynb", "__MACOSX/alice_toy_backprop.ipynb"]
    assert (sorted(found.skipped), found.unmatched) == (expected, []), \
        f"expected {expected} skipped, got {found.skipped} skipped and {found.unmatched} unmatched"


# ---- the safe reader: a FIFO never blocks, a link is never followed, even if swapped in later ----

NOT_FILES = [("fifo", "is a named pipe (FIFO), not a file (not opened)"), ("link", "is a symbolic link (not followed)"),
             ("folder", "is a folder, not a file")]


@pytest.mark.parametrize("kind, reason, swapped", [(k, r, False) for k, r in NOT_FILES] + [
    ("missing", "no longer exists", False)] + [(k, r, True) for k, r in NOT_FILES])
def test_the_safe_reader_refuses_what_is_not_a_regular_file(tmp_path, monkeypatch, kind, reason, swapped):
    path, target = tmp_path / "alice_toy_backprop.ipynb", tmp_path / "real.ipynb"
    target.write_text("{}")
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "link":
        path.symlink_to(target)
    elif kind == "folder":
        path.mkdir()
    if swapped:  # lstat still sees the regular file that was there at discovery: open and fstat must refuse
        real_lstat = os.lstat
        monkeypatch.setattr(os, "lstat", lambda p, *a, **k: real_lstat(target if str(p) == str(path) else p, *a, **k))
    outcome = within(2, read_regular_file, path, 100)
    error = outcome.get("error")
    assert isinstance(error, UnreadableFile) and error.reason == reason, \
        f"expected UnreadableFile({reason!r}), got {error!r} (returned {outcome.get('value')!r})"
    assert str(path) in str(error), f"the message should name the file: {error}"
    assert runner._sha256(path) is None, "the digest of what is not a file is None"


@pytest.mark.parametrize("max_bytes, expected", [(100, b"0123456789"), (10, b"0123456789"), (4, b"01234"),
                                                 (0, b"0")])
def test_the_safe_reader_reads_at_most_one_byte_more_than_allowed(tmp_path, max_bytes, expected):
    path = tmp_path / "notebook.ipynb"
    path.write_bytes(b"0123456789")
    got = read_regular_file(path, max_bytes)
    assert got == expected, f"max_bytes={max_bytes}: expected {expected!r}, got {got!r}"


def test_the_base_record_of_a_vanished_file_still_has_every_field(tmp_path):
    from types import SimpleNamespace

    submission = submissions.Submission("alice", "toy_backprop", tmp_path / "gone.ipynb")
    record = runner._base_record(submission, SimpleNamespace(max_score=9))
    assert (record["timestamp"], record["sha256"], record["status"]) == ("", None, "error"), record


# ---- names and text a student chose: never another student's files, never raw in a terminal ----

def test_an_id_built_to_look_like_another_students_safe_name_gets_files_of_its_own():
    victim = "bob smith"
    forged = report.safe_name(victim)  # anyone can compute it
    assert report.safe_name(forged) != report.safe_name(victim), "the forged id would share bob's files"
    assert report.record_path("r", "a", forged) != report.record_path("r", "a", victim)


@pytest.mark.parametrize("student_id", ["b\udcffb", "bad \ud800 id", "=cmd|' /C calc'!A0\n"])
def test_odd_ids_are_written_escaped_never_raising(tmp_path, student_id):
    record = {"student_id": student_id, "assignment": "toy_backprop", "status": "graded", "score": 1.0,
              "max_score": 9.0, "reason": "raised ValueError: bad \ud800", "tampering": [], "cells": []}
    report.write_record(tmp_path, record)
    gradebook.write(tmp_path, [record])
    (tmp_path / "feedback").mkdir()
    report.write_feedback(tmp_path, record, None)
    back, ignored = report.read_records(tmp_path)
    assert [r["student_id"] for r in back] == [student_id] and ignored == [], (back, ignored)


@pytest.mark.parametrize("text, shown", [
    ("alice / toy_backprop", "alice / toy_backprop"),
    ("Übung – ok", "Übung – ok"),
    ("\x1b[2J\x1b[31mALL GRADED", "\\x1b[2J\\x1b[31mALL GRADED"),
    ("two\nlines", "two\\nlines"),
    ("\u202eevil", "\\u202eevil"),  # a right-to-left override would reorder the line
    ("lone \ud800", "lone \\ud800"),
])
def test_the_summary_prints_student_text_escaped(text, shown):
    from mlpedu.grading.runner import printable

    assert printable(text) == shown, f"{text!r}: expected {shown!r}, got {printable(text)!r}"


# ---- nbgrader's course layout: source/<assignment>/<notebook>.ipynb, submitted/<student>/<assignment>/ ----

def nbgrader_course(root):
    """source/ps1/toy_backprop.ipynb and source/ps2/second.ipynb, with checkpoints as Jupyter leaves them."""
    for folder, name in (("ps1", "toy_backprop"), ("ps2", "second")):
        (root / "source" / folder / ".ipynb_checkpoints").mkdir(parents=True)
        nbformat.write(toy.source_notebook(), root / "source" / folder / f"{name}.ipynb")
        nbformat.write(toy.source_notebook(), root / "source" / folder / ".ipynb_checkpoints" / f"{name}-checkpoint.ipynb")
    return root


@pytest.mark.parametrize("given", ["source", "."])  # the source folder, or the course folder that holds it
def test_nbgraders_source_tree_is_read_by_notebook(tmp_path, given):
    from mlpedu.grading.assignment import load_assignments

    assignments = load_assignments(nbgrader_course(tmp_path) / given)
    got = {name: a.folder for name, a in assignments.items()}
    assert got == {"toy_backprop": "ps1", "second": "ps2"}, got


def test_two_source_notebooks_of_one_name_are_refused_with_both_paths(tmp_path):
    from mlpedu.grading.assignment import AssignmentError, load_assignments

    nbgrader_course(tmp_path)
    nbformat.write(toy.source_notebook(), tmp_path / "source" / "ps2" / "toy_backprop.ipynb")
    with pytest.raises(AssignmentError, match=r"named 'toy_backprop': ps1/toy_backprop.ipynb, ps2/toy_backprop.ipynb"):
        load_assignments(tmp_path / "source")


@pytest.mark.parametrize("written, expected", [
    ("2024-01-31 12:34:56.123456 UTC\n", "2024-01-31T12:34:56.123456+00:00"),  # what nbgrader writes
    ("2024-01-31 12:34:56 America/Los_Angeles", "2024-01-31T12:34:56-08:00"),
    ("2024-01-31T12:34:56+02:00", "2024-01-31T12:34:56+02:00"),
    ("2024-01-31 12:34:56", "2024-01-31T12:34:56+00:00"),  # no zone: UTC, as nbgrader reads it
])
def test_timestamp_txt_is_the_submission_time(tmp_path, written, expected):
    nbgrader_course(tmp_path)
    folder = tmp_path / "submitted" / "alice" / "ps1"
    folder.mkdir(parents=True)
    (folder / "toy_backprop.ipynb").write_text(toy.answered({}), encoding="utf-8")
    (folder / "timestamp.txt").write_text(written, encoding="utf-8")
    found = discover(tmp_path / "submitted", {"toy_backprop": None, "second": None})
    got = [(s.student_id, s.assignment, s.timestamp) for s in found.submissions]
    assert got == [("alice", "toy_backprop", expected)] and found.unmatched == [], (got, found.unmatched)


def test_a_timestamp_that_says_no_time_or_stands_alone_is_listed(tmp_path):
    for student, files in (("alice", {"toy_backprop.ipynb": toy.answered({}), "timestamp.txt": "yesterday"}),
                           ("bob", {"timestamp.txt": "2024-01-31 12:34:56 UTC"})):
        folder = tmp_path / student / "ps1"
        folder.mkdir(parents=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    found = discover(tmp_path, {"toy_backprop": None})
    assert [(s.student_id, s.timestamp) for s in found.submissions] == [("alice", None)]
    assert dict(found.unmatched) == {
        "alice/ps1/timestamp.txt": "not read as a submission time ('yesterday' is not a time nbgrader writes); the "
                                   "notebook's file time is used",
        "bob/ps1/timestamp.txt": "a timestamp.txt with no submitted notebook beside it"}, found.unmatched


def test_the_gradebook_takes_the_time_from_timestamp_txt(monkeypatch, tmp_path):
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the replaced grading step reaches the worker only when it is forked")
    nbgrader_course(tmp_path)
    for student in ("alice", "bob"):
        folder = tmp_path / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        (folder / "toy_backprop.ipynb").write_text(toy.answered({}), encoding="utf-8")
    (tmp_path / "submitted" / "alice" / "ps1" / "timestamp.txt").write_text("2024-01-31 12:34:56.5 UTC")
    os.utime(tmp_path / "submitted" / "bob" / "ps1" / "toy_backprop.ipynb", (1_700_000_000, 1_700_000_000))
    monkeypatch.setattr(runner, "grade_notebook", graded_five)
    runner.grade(tmp_path / "submitted", tmp_path / "results", tmp_path, progress=False, os_sandbox=False,
                 limits=Limits(cell_timeout=30, notebook_timeout=30))
    rows = {(r["student_id"], r["assignment"]): r["timestamp"]
            for r in csv.DictReader((tmp_path / "results" / "grades.csv").open(encoding="utf-8"))}
    # no timestamp.txt, no submission time (as in nbgrader): a file's time changes with every copy
    assert rows == {("alice", "toy_backprop"): "2024-01-31T12:34:56.500000+00:00", ("bob", "toy_backprop"): ""}, rows
    bob = json.loads(report.record_path(tmp_path / "results", "toy_backprop", "bob").read_text())
    assert bob["file_time"] == "2023-11-14T22:13:20+00:00", "the file's time is kept in the record for the instructor"
