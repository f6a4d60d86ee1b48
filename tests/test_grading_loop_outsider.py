"""An outsider's adversarial tests of the grading loop: roster, due dates, late penalties, the
nbgrader export, hand grading (marks), shards and merge, resume/force.

Written from the documented contract and `--help` only; every command runs through the `mlpedu`
console script. Kernels are used by three module-scoped gradings (the whole class; its two shards)
and two small incremental re-gradings of one shard; everything else works on copies of those
results folders or on records written by hand.
"""

import contextlib
import csv
import hashlib
import html.parser
import io
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from grading_fixtures import toy
from mlpedu.grading.report import write_record

MLPEDU = Path(sys.executable).with_name("mlpedu")
FAST = ["--cell-timeout", "3", "--notebook-timeout", "60", "--no-progress", "-j", "2"]
HYPER = '=HYPERLINK("evil.example","click")'  # a student id a spreadsheet would run
XSS = "</pre><script>alert(1)</script><img src=x onerror=alert(2)>"
DUE = "2026-10-01T19:00+02:00"  # = 2026-10-01 17:00 UTC
GRADES_HEADER = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                 "raw_score", "late_submission_penalty", "score", "max_score", "status", "reason", "tampering",
                 "needs_manual_grading", "seconds_late", "lms_user_id", "file", "sandbox"]
NBGRADER_HEADER = GRADES_HEADER[:11]

# the roster: commas, quotes, unicode, and formula-looking fields
ROSTER = ('id,first_name,last_name,email,lms_user_id\n'
          'alice,Alice,Zed,alice@x.org,1\n'
          'bob,"Bob ""the builder""","O\'Brien, Jr.",bob@x.org,2\n'
          '"=HYPERLINK(""evil.example"",""click"")",@SUM(1+1),-2+3,+x@y,=1+1\n'
          'carol,Carol,Émile,carol@x.org,3\n'
          'erin,Ærin,Ünïcödé,,5\n'
          'frank,Frank,Meier,frank@x.org,6\n')


# ----------------------------------------------------------------------------------------------
# helpers

def mlpedu(*args, timeout=300, real=False):
    """Run `mlpedu ARGS`: with real=True through the console script; otherwise (every test here) in this process through the script's entry point, which saves the ~2.5 s that importing
    nbformat's jsonschema (rfc3987_syntax) costs every new process here."""
    args = [str(a) for a in args]
    if real:
        return subprocess.run([str(MLPEDU), *args], capture_output=True, text=True, timeout=timeout)
    from mlpedu.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return subprocess.CompletedProcess(["mlpedu", *args], code or 0, out.getvalue(), err.getvalue())


def ok(result):
    assert result.returncode == 0, f"expected exit 0, got {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}"
    return result


def refused(result, *words):
    assert result.returncode == 2, (f"expected a refusal (exit 2), got exit {result.returncode}\n"
                                    f"stdout: {result.stdout}\nstderr: {result.stderr}")
    for word in words:
        assert word.lower() in (result.stderr + result.stdout).lower(), \
            f"expected the refusal to mention {word!r}; got: {result.stderr.strip()}"
    return result


def rows(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def by_key(path, *keys):
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in rows(path)}


def grade_row(results, student, assignment):
    found = [r for r in rows(Path(results) / "grades.csv") if r["assignment"] == assignment
             and unescape(r["student_id"]) == student]
    assert len(found) == 1, f"expected one grades.csv row for {student!r}/{assignment!r}, got {len(found)}"
    return found[0]


def unescape(text):
    return text[1:] if text.startswith("'") else text


def snapshot(results):
    return {name: (Path(results) / name).read_bytes() for name in ("grades.csv", "cells.csv")}


def copy(results, tmp_path, name="copy"):
    target = tmp_path / name
    shutil.copytree(results, target)
    return target


def tiny_source():
    meta = {"grade": False, "grade_id": "x_answer", "locked": False, "schema_version": 3, "solution": True,
            "task": False}
    test = {"grade": True, "grade_id": "test_x", "locked": True, "points": 1, "schema_version": 3,
            "solution": False, "task": False}
    notebook = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                 "display_name": "Python 3"}})
    notebook.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nx = 1\n### END SOLUTION",
                                                metadata={"nbgrader": meta}),
                      nbformat.v4.new_code_cell("assert x == 1, 'x should be 1'", metadata={"nbgrader": test})]
    return notebook


def tiny_answer(x):
    notebook = tiny_source()
    notebook.cells[0].source = f"x = {x}"
    return nbformat.writes(notebook)


def explain(text):
    def edit(notebook):
        for cell in notebook.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "explain_relu":
                cell.source = text
    return edit


# student -> (toy notebook, tiny notebook, timestamp.txt or None)
def class_submissions():
    return {
        "alice": (toy.answered({}, edit=explain("ReLU is not differentiable at 0")), tiny_answer(1),
                  "2026-10-01 17:00:00 UTC"),  # exactly on time
        "bob": (toy.answered({}), tiny_answer(1), "2026-10-01 19:30:00 UTC"),  # 2.5 h late
        HYPER: (toy.answered({}, edit=explain(XSS)), tiny_answer(1), "2026-10-01 17:30:00.250000 UTC"),
        "carol": (toy.answered(None), tiny_answer(2), "2026-10-02 17:00:00 UTC"),  # 24 h late, 0 points
        "dave": (toy.answered({}), tiny_answer(1), None),  # not on the roster, no timestamp.txt
        "frank": (toy.answered({}), tiny_answer(1), "2026-10-01 19:00:00.000000 Europe/Berlin"),  # on time
    }


# (student, notebook) -> raw, penalty, score, max, status, seconds_late  (per-hour:1, due 17:00 UTC)
EXPECTED = {
    ("alice", "toy_backprop"): (8, 0, 8, 9, "graded", 0), ("alice", "tiny"): (1, 0, 1, 1, "graded", 0),
    ("bob", "toy_backprop"): (8, 2, 6, 9, "graded", 9000), ("bob", "tiny"): (1, 1, 0, 1, "graded", 9000),
    (HYPER, "toy_backprop"): (8, 1, 7, 9, "graded", 1800.25), (HYPER, "tiny"): (1, 1, 0, 1, "graded", 1800.25),
    ("carol", "toy_backprop"): (0, 0, 0, 9, "graded", 86400), ("carol", "tiny"): (0, 0, 0, 1, "graded", 86400),
    ("dave", "toy_backprop"): (8, 0, 8, 9, "graded", 0), ("dave", "tiny"): (1, 0, 1, 1, "graded", 0),
    ("frank", "toy_backprop"): (8, 0, 8, 9, "graded", 0), ("frank", "tiny"): (1, 0, 1, 1, "graded", 0),
    ("erin", "toy_backprop"): (0, 0, 0, 9, "missing", 0), ("erin", "tiny"): (0, 0, 0, 1, "missing", 0),
}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("course")
    (root / "source" / "ps1").mkdir(parents=True)
    nbformat.write(toy.source_notebook(), root / "source" / "ps1" / "toy_backprop.ipynb")
    nbformat.write(tiny_source(), root / "source" / "ps1" / "tiny.ipynb")
    for student, (toy_nb, tiny_nb, stamp) in class_submissions().items():
        folder = root / "submitted" / student / "ps1"
        folder.mkdir(parents=True)
        (folder / "toy_backprop.ipynb").write_text(toy_nb, encoding="utf-8")
        (folder / "tiny.ipynb").write_text(tiny_nb, encoding="utf-8")
        if stamp:
            (folder / "timestamp.txt").write_text(stamp + "\n", encoding="utf-8")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return root


def grade_args(course, out, *extra):
    return ["grade", course / "submitted", "--out", out, "--source", course / "source", "--roster",
            course / "roster.csv", "--due", f"ps1={DUE}", "--late-penalty", "per-hour:1", *FAST, *extra]


@pytest.fixture(scope="module")
def graded(course, os_sandbox):
    """The whole class graded once, unsharded."""
    out = course / "results"
    ok(mlpedu(*grade_args(course, out)))
    return out


@pytest.fixture(scope="module")
def shards(course, os_sandbox):
    out = []
    for k in (1, 2):
        folder = course / f"shard{k}"
        ok(mlpedu(*grade_args(course, folder, "--shard", f"{k}/2")))
        out.append(folder)
    return out


@pytest.fixture
def hand_results(tmp_path):
    """(results folder, add): records written by hand for assignment hw1, with the given timestamps."""
    folder = tmp_path / "hand"

    def add(student, score, timestamp, max_score=9.0, message="", assignment="hw1"):
        record = {"student_id": student, "assignment": assignment, "status": "graded", "score": score,
                  "max_score": max_score, "reason": "", "tampering": [], "timestamp": timestamp,
                  "cells": [{"grade_id": "t1", "kind": "tests", "points": score, "max_points": max_score,
                             "status": "passed", "mistake": "", "message": message}]}
        write_record(folder, record)
    return folder, add


# ----------------------------------------------------------------------------------------------
# the graded class: grades.csv

def test_grades_csv_header_is_nbgrader_then_mlpedu_columns(graded):
    with open(graded / "grades.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert header == GRADES_HEADER, f"expected header {GRADES_HEADER}, got {header}"


@pytest.mark.parametrize("student,notebook", sorted(EXPECTED), ids=lambda v: str(v)[:12])
def test_grades_csv_scores_penalties_and_lateness(graded, student, notebook):
    row = grade_row(graded, student, notebook)
    raw, penalty, score, max_score, status, late = EXPECTED[(student, notebook)]
    got = (row["raw_score"], row["late_submission_penalty"], row["score"], row["max_score"], row["status"])
    want = tuple(f"{v:g}" if not isinstance(v, str) else v for v in (raw, penalty, score, max_score, status))
    assert got == want, f"{student}/{notebook}: expected (raw, penalty, score, max, status) {want}, got {got}"
    assert float(row["seconds_late"]) == pytest.approx(late, abs=1), \
        f"{student}/{notebook}: expected seconds_late ≈ {late}, got {row['seconds_late']!r}"
    if status == "missing":
        assert row["reason"] == "no submission" and row["timestamp"] == "", \
            f"missing submission: expected reason 'no submission' and no timestamp, got {row['reason']!r}, {row['timestamp']!r}"


@pytest.mark.parametrize("student,timestamp", [
    ("alice", "2026-10-01T17:00:00+00:00"),  # exactly on time
    ("frank", "2026-10-01T17:00:00+00:00"),  # nbgrader's "… Europe/Berlin" timestamp.txt format, CEST
    (HYPER, "2026-10-01T17:30:00.250000+00:00"),
    ("dave", ""),  # no timestamp.txt: no submission time
])
def test_timestamps_are_read_from_timestamp_txt(graded, student, timestamp):
    from datetime import datetime
    got = grade_row(graded, student, "toy_backprop")["timestamp"]
    if timestamp == "":
        assert got == "", f"{student}: expected no timestamp, got {got!r}"
    else:
        assert got and datetime.fromisoformat(got) == datetime.fromisoformat(timestamp), \
            f"{student}: expected timestamp {timestamp}, got {got!r}"


def test_roster_text_survives_csv_round_trip(graded):
    bob = grade_row(graded, "bob", "toy_backprop")
    erin = grade_row(graded, "erin", "toy_backprop")
    got = (bob["last_name"], bob["first_name"], erin["last_name"], erin["first_name"], erin["lms_user_id"])
    want = ("O'Brien, Jr.", 'Bob "the builder"', "Ünïcödé", "Ærin", "5")
    assert got == want, f"expected roster fields {want}, got {got}"


@pytest.mark.parametrize("name", ["grades.csv", "cells.csv", "review/toy_backprop-marks.csv"])
def test_no_field_would_run_as_a_spreadsheet_formula(graded, name):
    bad = []
    with open(graded / name, encoding="utf-8", newline="") as handle:
        for line in csv.reader(handle):
            bad += [field for field in line if field[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not bad, f"{name}: expected formula-looking text escaped with a leading ', got unescaped {bad}"


def test_hostile_roster_fields_are_escaped_not_dropped(graded):
    row = grade_row(graded, HYPER, "toy_backprop")
    got = (row["student_id"], row["last_name"], row["first_name"], row["email"], row["lms_user_id"])
    want = ("'" + HYPER, "'-2+3", "'@SUM(1+1)", "'+x@y", "'=1+1")
    assert got == want, f"expected escaped roster fields {want}, got {got}"


# ----------------------------------------------------------------------------------------------
# review page and feedback pages: student text is never markup

class Tags(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]


def parse(path):
    parser = Tags()
    parser.feed(Path(path).read_text(encoding="utf-8"))
    return parser


def test_review_page_never_renders_a_students_answer_as_html(graded):
    page = graded / "review" / "toy_backprop.html"
    parsed = parse(page)
    text = page.read_text(encoding="utf-8")
    assert parsed.tags.count("script") == 1, f"expected only the page's own <script>, got {parsed.tags.count('script')}"
    assert "img" not in parsed.tags and not parsed.handlers, \
        f"expected the student's <img onerror> as text, got tags {set(parsed.tags)} handlers {parsed.handlers}"
    assert "&lt;/pre&gt;&lt;script&gt;alert(1)" in text, "expected the answer shown escaped on the review page"


def test_review_page_lists_every_submitted_answer_once(graded):
    got = sorted(unescape(r["student_id"]) for r in rows(graded / "review" / "toy_backprop-marks.csv"))
    want = sorted(s for s in class_submissions())
    assert got == want, f"expected one marks row per student who submitted, got {got}"


def test_review_page_escapes_quotes_in_ids_and_answers(hand_results):
    """Single quotes in an id must not break out of the page's attribute quoting; nor may an answer
    close a <textarea> or <pre>."""
    results, _ = hand_results
    student, answer = "o' onmouseover='alert(1)", "x</textarea></pre><script>alert(3)</script>"
    write_record(results, {
        "student_id": student, "assignment": "hw1", "status": "graded", "score": 0.0, "max_score": 1.0,
        "reason": "", "tampering": [], "timestamp": "",
        "cells": [{"grade_id": "essay", "kind": "manual", "points": 0.0, "max_points": 1.0, "status": "manual",
                   "mistake": "", "message": "graded by hand", "answer": answer,
                   "answer_sha256": hashlib.sha256(answer.encode()).hexdigest()}]})
    ok(mlpedu("gradebook", results))
    page = results / "review" / "hw1.html"
    assert page.exists(), "expected the review page written from the records"
    parsed = parse(page)
    assert not parsed.handlers and parsed.tags.count("script") == 1, \
        f"expected no event handler and only the page's script, got handlers {parsed.handlers}, " \
        f"{parsed.tags.count('script')} scripts"
    template = rows(results / "review" / "hw1-marks.csv")
    assert [(r["student_id"], r["answer_sha256"]) for r in template] == [
        (student, hashlib.sha256(answer.encode()).hexdigest())], f"unexpected marks template {template}"


def test_marks_template_columns_and_empty_points(graded):
    table = rows(graded / "review" / "toy_backprop-marks.csv")
    header = list(table[0].keys())
    assert header == ["assignment", "student_id", "grade_id", "max_points", "points", "comment", "answer_sha256"], \
        f"unexpected marks header {header}"
    got = {(r["grade_id"], r["max_points"], r["points"], r["comment"]) for r in table}
    assert got == {("explain_relu", "1", "", "")}, f"expected empty points and comments, got {got}"
    shas = {unescape(r["student_id"]): r["answer_sha256"] for r in table}
    assert shas["alice"] != shas["bob"] and shas["bob"] == shas["carol"], \
        f"expected different answers to have different sha256 and equal answers equal ones, got {shas}"


def test_feedback_pages_contain_no_student_markup(graded):
    pages = sorted((graded / "feedback").glob("*/*.html"))
    assert len(pages) == 12, f"expected 12 feedback pages (6 students × 2 notebooks), got {len(pages)}"
    for page in pages:
        parsed = parse(page)
        assert "script" not in parsed.tags and "img" not in parsed.tags, f"{page}: markup from a student: {parsed.tags}"
    assert all(".." not in p.parts and p.resolve().is_relative_to((graded / "feedback").resolve()) for p in pages)


# ----------------------------------------------------------------------------------------------
# nbgrader export

# nbgrader's own file for this class, except where it would break or hold a formula: a name with a comma or
# quote is quoted, and text a spreadsheet would run is escaped with ', as in grades.csv (a documented choice).
NBGRADER_EXPORT = """\
assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score
ps1,2026-10-01 17:00:00,,dave,,,,9.0,0.0,9.0,10.0
ps1,2026-10-01 17:00:00,2026-10-01 17:30:00.250000,"'=HYPERLINK(""evil.example"",""click"")",'-2+3,'@SUM(1+1),'+x@y,9.0,2.0,7.0,10.0
ps1,2026-10-01 17:00:00,2026-10-01 17:00:00,frank,Meier,Frank,frank@x.org,9.0,0.0,9.0,10.0
ps1,2026-10-01 17:00:00,2026-10-01 19:30:00,bob,"O'Brien, Jr.","Bob ""the builder""\",bob@x.org,9.0,3.0,6.0,10.0
ps1,2026-10-01 17:00:00,2026-10-01 17:00:00,alice,Zed,Alice,alice@x.org,9.0,0.0,9.0,10.0
ps1,2026-10-01 17:00:00,2026-10-02 17:00:00,carol,Émile,Carol,carol@x.org,0.0,0.0,0.0,10.0
ps1,2026-10-01 17:00:00,,erin,Ünïcödé,Ærin,,0.0,0.0,0.0,10.0
"""


def test_nbgrader_export_is_byte_for_byte_what_nbgrader_writes(graded, tmp_path):
    results = copy(graded, tmp_path)
    ok(mlpedu("gradebook", results, "--format", "nbgrader"))
    got = (results / "nbgrader-grades.csv").read_bytes().decode("utf-8")
    assert got.splitlines() == NBGRADER_EXPORT.splitlines(), \
        "expected:\n" + NBGRADER_EXPORT + "got:\n" + got
    assert "\r" not in got and got.endswith("\n"), "expected \\n line endings"


def test_nbgrader_export_is_a_well_formed_csv(graded, tmp_path):
    results = copy(graded, tmp_path)
    ok(mlpedu("gradebook", results, "--format", "nbgrader"))
    with open(results / "nbgrader-grades.csv", encoding="utf-8", newline="") as handle:
        widths = {len(line) for line in csv.reader(handle)}
    assert widths == {11}, f"expected 11 fields in every row, got widths {widths}"


def test_nbgrader_export_never_overwrites_without_force(graded, tmp_path):
    results = copy(graded, tmp_path)
    target = tmp_path / "mine.csv"
    target.write_text("precious\n")
    refused(mlpedu("gradebook", results, "--format", "nbgrader", "--to", target))
    assert target.read_text() == "precious\n", "expected the existing --to file untouched"
    ok(mlpedu("gradebook", results, "--format", "nbgrader", "--to", target, "--force"))
    assert target.read_text(encoding="utf-8").startswith(",".join(NBGRADER_HEADER) + "\n")


def test_a_due_date_on_a_notebook_of_an_nbgrader_assignment_is_refused(graded, tmp_path):
    """nbgrader has one due date per assignment folder; a notebook's own due date has no row to go in the
    export, so it is refused with the folder to give it to."""
    results = copy(graded, tmp_path)
    before = snapshot(results)
    refused(mlpedu("gradebook", results, "--due", "ps1=none", "--due", "toy_backprop=2026-10-01T17:00",
                   "--format", "nbgrader"), "notebook of the nbgrader assignment 'ps1'", "--due ps1=TIME")
    assert snapshot(results) == before, "expected nothing changed by a refused due date"


# ----------------------------------------------------------------------------------------------
# settings kept in course.json; gradebook rewrites

def test_gradebook_without_arguments_rewrites_the_same_files(graded, tmp_path):
    results = copy(graded, tmp_path)
    before = snapshot(results)
    ok(mlpedu("gradebook", results))
    after = snapshot(results)
    for name in before:
        assert after[name] == before[name], f"{name}: expected an identical rewrite from the kept settings"


def test_changed_rule_is_kept_by_later_runs(graded, tmp_path):
    results = copy(graded, tmp_path)
    ok(mlpedu("gradebook", results, "--late-penalty", "zero"))
    ok(mlpedu("gradebook", results))
    ok(mlpedu("marks", results, marks_file(results, tmp_path, lambda r: r)))  # marks keeps it too
    got = {s: grade_row(results, s, "toy_backprop")["score"] for s in ("alice", "bob", "dave", "frank")}
    assert got == {"alice": "8", "bob": "0", "dave": "8", "frank": "8"}, \
        f"expected the zero rule kept (late bob 0; on-time alice/frank and no-timestamp dave 8), got {got}"


def test_due_none_removes_lateness(graded, tmp_path):
    results = copy(graded, tmp_path)
    ok(mlpedu("gradebook", results, "--due", "ps1=none"))
    late = [(r["student_id"], r["duedate"], r["late_submission_penalty"], r["seconds_late"])
            for r in rows(results / "grades.csv")
            if (r["duedate"], r["late_submission_penalty"], r["seconds_late"]) != ("", "0", "0")]
    assert not late, f"expected no due date, penalty or lateness after --due ps1=none, got {late}"
    assert {unescape(r["student_id"]) for r in rows(results / "grades.csv")} >= {"erin"}, \
        "expected roster students without a submission to keep their 'missing' rows"


@pytest.mark.parametrize("due,seconds", [
    ("2026-10-01T17:00", 9000), ("2026-10-01T17:00Z", 9000), ("2026-10-01 19:00 Europe/Berlin", 9000),
    ("2026-10-01 13:00 America/New_York", 9000), ("2026-10-02T02:00+09:00", 9000),
    ("2026-10-01T19:30", 0), ("2026-10-01 21:30 Europe/Berlin", 0), ("2026-10-01T19:29:59", 1),
])
def test_due_date_zones(graded, tmp_path, due, seconds):
    results = copy(graded, tmp_path)
    ok(mlpedu("gradebook", results, "--due", f"ps1={due}"))
    row = grade_row(results, "bob", "toy_backprop")  # submitted 2026-10-01 19:30:00 UTC
    assert float(row["seconds_late"]) == seconds, f"--due ps1={due}: expected bob {seconds} s late, got {row['seconds_late']}"


@pytest.mark.parametrize("due", ["nosuch=2026-10-01T17:00", "ps1=garbage", "ps1=2026-13-01", "ps1",
                                 "=2026-10-01", "ps1=2026-10-01 17:00 Mars/Olympus", "PS1=2026-10-01T17:00"])
def test_bad_due_dates_are_refused_and_change_nothing(graded, tmp_path, due):
    results = copy(graded, tmp_path)
    before = snapshot(results), (results / "course.json").read_text()
    refused(mlpedu("gradebook", results, "--due", due))
    assert (snapshot(results), (results / "course.json").read_text()) == before, "expected nothing changed"


@pytest.mark.parametrize("header", ["name,duedate", "assignment,duedate", "\ufeffname,duedate"])
def test_due_dates_csv(graded, tmp_path, header):
    results = copy(graded, tmp_path)
    dues = tmp_path / "dues.csv"
    dues.write_text(f"{header}\nps1,2026-10-01 19:30 Europe/Berlin\n", encoding="utf-8")
    ok(mlpedu("gradebook", results, "--due-dates", dues))
    got = grade_row(results, "bob", "toy_backprop")["seconds_late"]
    assert float(got) == 7200, f"expected bob (19:30 UTC) 7200 s late after a due date of 17:30 UTC, got {got}"


def test_due_dates_csv_with_unknown_assignment_is_refused(graded, tmp_path):
    results = copy(graded, tmp_path)
    dues = tmp_path / "dues.csv"
    dues.write_text("name,duedate\nps1,2026-10-01T17:00\nps2,2026-10-08T17:00\n", encoding="utf-8")
    refused(mlpedu("gradebook", results, "--due-dates", dues), "ps2")


@pytest.mark.parametrize("due,timestamp,seconds", [
    ("2026-10-25 12:00 Europe/Berlin", "2026-10-25T11:00:00+00:00", 0),    # after the autumn change: CET
    ("2026-10-25 12:00 Europe/Berlin", "2026-10-25T11:30:00+00:00", 1800),
    ("2026-03-29 12:00 Europe/Berlin", "2026-03-29T10:00:00+00:00", 0),    # after the spring change: CEST
    ("2026-03-29 12:00 Europe/Berlin", "2026-03-29T10:00:01+00:00", 1),
    ("2026-03-08 12:00 America/Chicago", "2026-03-08T17:00:00+00:00", 0),  # CDT from that morning
])
def test_due_dates_across_daylight_saving_changes(hand_results, due, timestamp, seconds):
    results, add = hand_results
    add("s1", 8.0, timestamp)
    ok(mlpedu("gradebook", results, "--due", f"hw1={due}"))
    got = grade_row(results, "s1", "hw1")["seconds_late"]
    assert float(got) == seconds, f"due {due}, submitted {timestamp}: expected {seconds} s late, got {got}"


# ----------------------------------------------------------------------------------------------
# late-penalty rules (records written by hand, so no kernels)

@pytest.mark.parametrize("seconds,penalty", [
    (0, 0), (1799, 0), (1800, 0), (1801, 1), (5400, 2), (9000, 2), (9001, 3), (12600, 4), (36000, 8)])
def test_per_hour_rounds_like_python_round(hand_results, seconds, penalty):
    from datetime import datetime, timedelta, timezone
    results, add = hand_results
    stamp = datetime(2026, 10, 1, 17, tzinfo=timezone.utc) + timedelta(seconds=seconds)
    add("s1", 8.0, stamp.isoformat())
    ok(mlpedu("gradebook", results, "--due", "hw1=2026-10-01T17:00", "--late-penalty", "per-hour:1"))
    row = grade_row(results, "s1", "hw1")
    want = (f"{penalty:g}", f"{8 - penalty:g}")
    got = (row["late_submission_penalty"], row["score"])
    assert got == want, f"{seconds} s late, per-hour:1: expected (penalty, score) {want}, got {got}"


def test_zero_rule_one_microsecond_late(hand_results):
    results, add = hand_results
    add("ontime", 8.0, "2026-10-01T17:00:00+00:00")
    add("late", 8.0, "2026-10-01T17:00:00.000001+00:00")
    ok(mlpedu("gradebook", results, "--due", "hw1=2026-10-01T17:00", "--late-penalty", "zero"))
    got = {s: grade_row(results, s, "hw1")["score"] for s in ("ontime", "late")}
    assert got == {"ontime": "8", "late": "0"}, f"expected on time 8 and 1 µs late 0 (nbgrader: late if > 0 s), got {got}"


def test_seconds_late_is_not_zero_on_a_penalised_row(hand_results):
    results, add = hand_results
    add("late", 8.0, "2026-10-01T17:00:00.400000+00:00")
    ok(mlpedu("gradebook", results, "--due", "hw1=2026-10-01T17:00", "--late-penalty", "zero"))
    row = grade_row(results, "late", "hw1")
    assert not (row["late_submission_penalty"] == "8" and float(row["seconds_late"]) == 0), \
        f"expected seconds_late > 0 on a row penalised for lateness, got penalty {row['late_submission_penalty']} " \
        f"with seconds_late {row['seconds_late']!r}"


PLUGIN = """\
import json
LOG = {log!r}
def rule(student_id, score, seconds_late):
    with open(LOG, "a") as f:
        f.write(json.dumps([student_id, score, seconds_late]) + "\\n")
    return {{"neg": -5, "big": 1e9, "none": None, "half": score / 2}}[student_id]
def boom(student_id, score, seconds_late):
    raise RuntimeError("boom")
def text(student_id, score, seconds_late):
    return "3"
"""


def test_custom_rule_is_called_for_late_submissions_only_and_clamped(hand_results, tmp_path):
    results, add = hand_results
    log = tmp_path / "calls.jsonl"
    plugin = tmp_path / "rules.py"
    plugin.write_text(PLUGIN.format(log=str(log)))
    for student in ("neg", "big", "none", "half"):
        add(student, 8.0, "2026-10-01T17:30:00.250000+00:00")
    add("ontime", 8.0, "2026-10-01T17:00:00+00:00")
    add("=1+2", 6.0, "")  # no timestamp: never late
    ok(mlpedu("gradebook", results, "--due", "hw1=2026-10-01T17:00", "--late-penalty", f"{plugin}:rule"))
    calls = sorted(json.loads(line) for line in log.read_text().splitlines())
    assert {tuple(c) for c in calls} == {(s, 8.0, 1800.25) for s in ("big", "half", "neg", "none")}, \
        f"expected one call per late submission with (student_id, raw score, exact seconds late), got {calls}"
    got = {s: (grade_row(results, s, "hw1")["late_submission_penalty"], grade_row(results, s, "hw1")["score"])
           for s in ("neg", "big", "none", "half", "ontime")}
    want = {"neg": ("0", "8"), "big": ("8", "0"), "none": ("0", "8"), "half": ("4", "4"), "ontime": ("0", "8")}
    assert got == want, f"expected penalties clamped to 0..score, got {got}"


@pytest.mark.parametrize("rule", ["boom", "text", "missing_function"])
def test_broken_custom_rule_refuses_and_changes_nothing(hand_results, tmp_path, rule):
    results, add = hand_results
    plugin = tmp_path / "rules.py"
    plugin.write_text(PLUGIN.format(log=str(tmp_path / "log")))
    add("s1", 8.0, "2026-10-01T18:00:00+00:00")
    ok(mlpedu("gradebook", results, "--due", "hw1=2026-10-01T17:00"))
    before = snapshot(results), (results / "course.json").read_text()
    refused(mlpedu("gradebook", results, "--late-penalty", f"{plugin}:{rule}"))
    kept = json.loads((results / "course.json").read_text())["late_penalty"]
    assert kept == "none", f"expected the refused rule not stored in course.json (late_penalty 'none'), got {kept!r}"
    assert snapshot(results) == before[0], "expected grades.csv and cells.csv unchanged"
    ok(mlpedu("gradebook", results))  # a later run without --late-penalty must still work


@pytest.mark.parametrize("rule", ["per-hour:-1", "per-hour:abc", "per-hour:nan", "per-hour:inf", "per-hour:",
                                  "Zero", "zero:1", "missing.py:f"])
def test_bad_rules_are_refused(hand_results, rule):
    results, add = hand_results
    add("s1", 8.0, "2026-10-01T18:00:00+00:00")
    refused(mlpedu("gradebook", results, "--late-penalty", rule))


@pytest.mark.parametrize("score,max_score", [(1234567.5, 2000000), (0.125, 0.25), (100.0625, 101)])
def test_numbers_in_grades_csv_are_not_rounded(hand_results, score, max_score):
    results, add = hand_results
    add("s1", score, "", max_score=max_score)
    ok(mlpedu("gradebook", results))
    row = grade_row(results, "s1", "hw1")
    got = (float(row["raw_score"]), float(row["score"]), float(row["max_score"]))
    assert got == (score, score, max_score), \
        f"expected raw/score/max {score}, {score}, {max_score} exactly; got {row['raw_score']!r}, " \
        f"{row['score']!r}, {row['max_score']!r}"


def test_cell_messages_are_escaped_in_cells_csv(hand_results):
    results, add = hand_results
    add("s1", 1.0, "", message="=cmd|' /C calc'!A0")
    add("s2", 1.0, "", message="ok;=1+1")
    ok(mlpedu("gradebook", results))
    got = {r["student_id"]: r["message"] for r in rows(results / "cells.csv")}
    assert got["s1"].startswith("'=") and ";=" not in got["s2"], f"expected formulas escaped, got {got}"


# ----------------------------------------------------------------------------------------------
# roster

@pytest.mark.parametrize("roster,words", [
    ("student,first_name\nalice,A\n", ["id"]),                      # no id column
    ("id;first_name\nalice;A\n", ["id"]),                           # Excel's semicolons
    ("id,first_name\nalice,A\nalice,B\n", ["alice"]),                # duplicate
    ("id,first_name\nalice,A\n alice ,B\n", ["alice"]),              # duplicate once trimmed
    ("id,first_name\nalice,A\n,Bob\n", ["id"]),                      # data but no id
    ("student_id,id\nalice,bob\n", []),                              # both columns: ambiguous
])
def test_bad_rosters_are_refused_by_gradebook(graded, tmp_path, roster, words):
    results = copy(graded, tmp_path)
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    before = snapshot(results), (results / "course.json").read_text()
    refused(mlpedu("gradebook", results, "--roster", tmp_path / "roster.csv"), *words)
    assert (snapshot(results), (results / "course.json").read_text()) == before, "expected nothing changed"


def test_bad_roster_is_refused_before_grading(course, tmp_path, os_sandbox):
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name\nalice,A\nalice,B\n", encoding="utf-8")
    out = tmp_path / "out"
    args = grade_args(course, out)
    args[args.index("--roster") + 1] = roster
    refused(mlpedu(*args, timeout=60), "alice")
    assert not (out / "records").exists() or not any((out / "records").rglob("*.json")), \
        "expected no submission graded with a bad roster"


@pytest.mark.parametrize("roster", [
    "\ufeffid,first_name,last_name,email,lms_user_id\nalice,A,Z,,\n",   # Excel's UTF-8 BOM
    "student_id,first_name\nalice,A\n",
    "id,first_name\nalice,A\n,\n\n",                                     # blank trailing rows
])
def test_acceptable_rosters(graded, tmp_path, roster):
    results = copy(graded, tmp_path)
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    ok(mlpedu("gradebook", results, "--roster", tmp_path / "roster.csv"))
    got = grade_row(results, "alice", "toy_backprop")["first_name"]
    assert got == "A", f"expected alice's first name from the new roster, got {got!r}"
    students = {unescape(r["student_id"]) for r in rows(results / "grades.csv")}
    assert "erin" not in students, f"expected erin (only on the old roster) gone, got {sorted(students)}"


def test_header_only_roster_means_the_students_who_submitted(graded, tmp_path):
    results = copy(graded, tmp_path)
    (tmp_path / "roster.csv").write_text("id,first_name,last_name,email,lms_user_id\n", encoding="utf-8")
    ok(mlpedu("gradebook", results, "--roster", tmp_path / "roster.csv"))
    got = sorted({unescape(r["student_id"]) for r in rows(results / "grades.csv")})
    assert got == sorted(class_submissions()), f"expected only the students who submitted, got {got}"


def test_roster_ids_differing_in_case_are_never_merged_silently(graded, tmp_path):
    results = copy(graded, tmp_path)
    (tmp_path / "roster.csv").write_text("id,first_name\nalice,lower\nAlice,Upper\n", encoding="utf-8")
    result = mlpedu("gradebook", results, "--roster", tmp_path / "roster.csv")
    if result.returncode == 2:
        return  # refused: fine
    ok(result)
    got = sorted((r["student_id"], r["first_name"], r["status"]) for r in rows(results / "grades.csv")
                 if r["assignment"] == "toy_backprop" and r["student_id"].lower() == "alice")
    assert got == [("Alice", "Upper", "missing"), ("alice", "lower", "graded")], \
        f"expected two distinct students (or a refusal), got {got}"


# ----------------------------------------------------------------------------------------------
# marks

def marks_file(results, tmp_path, fill, name="marks.csv"):
    """The review template with `fill(row) -> row or None` applied (None drops the row)."""
    template = rows(results / "review" / "toy_backprop-marks.csv")
    out = [r2 for r in template if (r2 := fill(dict(r))) is not None]
    path = tmp_path / name
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(template[0].keys()) + [
            k for k in (out[0] if out else {}) if k not in template[0]])
        writer.writeheader()
        writer.writerows(out)
    return path


COMMENT = '<b>well</b> argued, "but"\n=SUM(A1)'


def give(points_by_student):
    def fill(row):
        student = unescape(row["student_id"])
        if student in points_by_student:
            row["points"], row["comment"] = points_by_student[student], COMMENT
        return row
    return fill


def test_marks_count_in_grades_cells_feedback_zips_and_export(graded, tmp_path):
    results = copy(graded, tmp_path)
    ok(mlpedu("marks", results, marks_file(results, tmp_path, give({"alice": "1", HYPER: "0.5"}))))
    got = {s: tuple(grade_row(results, s, "toy_backprop")[k] for k in ("raw_score", "late_submission_penalty", "score"))
           for s in ("alice", HYPER, "bob")}
    want = {"alice": ("9", "0", "9"), HYPER: ("8.5", "1", "7.5"), "bob": ("8", "2", "6")}
    assert got == want, f"expected the marks in grades.csv (raw, penalty, score), got {got}"
    cells = {(unescape(r["student_id"]), r["grade_id"]): r for r in rows(results / "cells.csv")}
    got = {s: (cells[(s, "explain_relu")]["points"], cells[(s, "explain_relu")]["status"]) for s in ("alice", HYPER, "bob")}
    assert got == {"alice": ("1", "marked"), HYPER: ("0.5", "marked"), "bob": ("0", "manual")}, f"cells.csv: got {got}"
    assert not cells[("alice", "explain_relu")]["message"].startswith("="), "comment must be formula-escaped"
    page = results / "feedback" / "alice" / "toy_backprop.html"
    text = page.read_text(encoding="utf-8")
    assert "&lt;b&gt;well&lt;/b&gt;" in text and "<b>well</b>" not in text, \
        "expected the comment on the feedback page, escaped"
    zips = tmp_path / "zips"
    ok(mlpedu("feedback", results, "--out", zips))
    with zipfile.ZipFile(zips / "alice_feedback.zip") as archive:
        table = list(csv.DictReader(io.StringIO(archive.read("grades.csv").decode("utf-8"))))
    assert list(table[0]) == ["assignment", "duedate", "timestamp", "raw_score", "late_submission_penalty", "score",
                              "max_score", "status", "reason"], f"zip grades.csv columns: {list(table[0])}"
    toy_row = next(r for r in table if r["assignment"] == "toy_backprop")
    assert (toy_row["raw_score"], toy_row["score"]) == ("9", "9"), f"zip: expected 9/9 for alice, got {toy_row}"
    ok(mlpedu("gradebook", results, "--format", "nbgrader"))
    export = {r["student_id"]: r for r in rows(results / "nbgrader-grades.csv")}
    assert export["alice"]["raw_score"] == "10.0", f"export: expected alice 10.0, got {export['alice']['raw_score']}"


def test_marks_template_untouched_changes_nothing(graded, tmp_path):
    results = copy(graded, tmp_path)
    before = snapshot(results)
    ok(mlpedu("marks", results, marks_file(results, tmp_path, lambda r: r)))
    assert snapshot(results) == before, "expected rows with empty points skipped, nothing changed"


def test_marks_same_cell_twice_with_the_same_points_is_fine(graded, tmp_path):
    results = copy(graded, tmp_path)
    first = marks_file(results, tmp_path, give({"alice": "1"}), "a.csv")
    second = marks_file(results, tmp_path, give({"alice": "1"}), "b.csv")
    ok(mlpedu("marks", results, first, second))
    assert grade_row(results, "alice", "toy_backprop")["score"] == "9"


def test_marks_without_the_optional_columns(graded, tmp_path):
    results = copy(graded, tmp_path)
    path = tmp_path / "minimal.csv"
    path.write_text("assignment,student_id,grade_id,points\ntoy_backprop,alice,explain_relu,0.75\n")
    ok(mlpedu("marks", results, path))
    got = grade_row(results, "alice", "toy_backprop")["score"]
    assert got == "8.75", f"expected 8 + 0.75, got {got}"


def _bad(field, value, student="alice"):
    def fill(row):
        if unescape(row["student_id"]) == "bob":
            row["points"] = "1"  # a valid row that must not be merged either
        if unescape(row["student_id"]) == student:
            row["points"] = "1"
            row[field] = value
        return row
    return fill


@pytest.mark.parametrize("fill,why", [
    (_bad("student_id", "zoe"), "unknown student"),
    (_bad("student_id", "erin"), "student without a submission"),
    (_bad("assignment", "nosuch"), "unknown assignment"),
    (_bad("assignment", "ps1"), "the folder, not the notebook"),
    (_bad("grade_id", "nosuch"), "unknown cell"),
    (_bad("grade_id", "test_sigmoid_prime"), "an autograded cell"),
    (_bad("points", "abc"), "not a number"),
    (_bad("points", "0,5"), "decimal comma"),
    (_bad("points", "-0.5"), "below 0"),
    (_bad("points", "1.5"), "above max"),
    (_bad("points", "nan"), "NaN"),
    (_bad("points", "inf"), "infinite"),
    (_bad("answer_sha256", "0" * 64), "stale answer"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_an_invalid_mark_refuses_the_whole_file(graded, tmp_path, fill, why):
    results = copy(graded, tmp_path)
    before = snapshot(results)
    feedback = (results / "feedback" / "bob" / "toy_backprop.html").read_bytes()
    refused(mlpedu("marks", results, marks_file(results, tmp_path, fill)))
    assert snapshot(results) == before and \
        (results / "feedback" / "bob" / "toy_backprop.html").read_bytes() == feedback, \
        f"{why}: expected nothing changed (not even bob's valid mark)"


def test_the_same_cell_marked_twice_with_different_points_is_refused(graded, tmp_path):
    results = copy(graded, tmp_path)
    before = snapshot(results)
    first = marks_file(results, tmp_path, give({"alice": "1"}), "a.csv")
    second = marks_file(results, tmp_path, give({"alice": "0"}), "b.csv")
    refused(mlpedu("marks", results, first, second))
    assert snapshot(results) == before, "expected nothing changed"


# ----------------------------------------------------------------------------------------------
# shards and merge

@pytest.mark.parametrize("shard", ["0/2", "3/2", "1/0", "a/b", "1/2/3", "2/2.0", "-1/2"])
def test_bad_shards_are_refused(course, tmp_path, shard, os_sandbox):
    out = tmp_path / "out"
    refused(mlpedu(*grade_args(course, out, f"--shard={shard}"), timeout=60))
    assert not any(out.rglob("*.json")) if out.exists() else True, "expected nothing graded"


def students_in(results):
    return {r["student_id"] for r in (json.loads(p.read_text()) for p in (Path(results) / "records").rglob("*.json"))}


def test_shards_partition_the_class(shards):
    one, two = students_in(shards[0]), students_in(shards[1])
    everyone = set(class_submissions())
    assert not one & two and one | two == everyone, \
        f"expected the shards to partition {sorted(everyone)}, got {sorted(one)} and {sorted(two)}"


def test_merged_shards_equal_the_unsharded_run(graded, shards, tmp_path):
    out = tmp_path / "merged"
    ok(mlpedu("merge", *shards, "--out", out))
    for name in ("grades.csv", "cells.csv", "review/toy_backprop-marks.csv"):
        got, want = (out / name).read_text(encoding="utf-8"), (graded / name).read_text(encoding="utf-8")
        assert got == want, f"{name}: merged differs from unsharded\nexpected:\n{want}\ngot:\n{got}"
    want = {p.relative_to(graded / "feedback"): p.read_bytes() for p in (graded / "feedback").rglob("*.html")}
    got = {p.relative_to(out / "feedback"): p.read_bytes() for p in (out / "feedback").rglob("*.html")}
    assert got.keys() == want.keys(), f"feedback pages: expected {sorted(map(str, want))}, got {sorted(map(str, got))}"
    assert [k for k in want if got[k] != want[k]] == [], "expected identical feedback pages"
    want = {p.relative_to(graded / "report"): p.read_bytes() for p in (graded / "report").rglob("*") if p.is_file()}
    got = {p.relative_to(out / "report"): p.read_bytes() for p in (out / "report").rglob("*") if p.is_file()}
    assert got.keys() == want.keys() and [k for k in want if got[k] != want[k]] == [], \
        "expected the class report of the merged shards to be the unsharded run's, byte for byte"


def test_merge_refusals(graded, shards, tmp_path):
    one, two = shards
    changed_rule = copy(two, tmp_path, "rule")
    ok(mlpedu("gradebook", changed_rule, "--late-penalty", "zero"))
    changed_due = copy(two, tmp_path, "due")
    ok(mlpedu("gradebook", changed_due, "--due", "ps1=2026-10-02T17:00"))
    changed_roster = copy(two, tmp_path, "roster")
    (tmp_path / "other.csv").write_text("id\nalice\nbob\n")
    ok(mlpedu("gradebook", changed_roster, "--roster", tmp_path / "other.csv"))
    cases = {"missing shard 2/2": ([one], "missing"), "shard 1/2 twice": ([one, copy(one, tmp_path, "again")], "twice"),
             "a different rule": ([one, changed_rule], "late penalty"), "different due dates": ([one, changed_due], "due"),
             "a different roster": ([one, changed_roster], "roster"), "not a shard": ([one, two, graded], "shard"),
             "an unsharded folder": ([graded], "shard")}
    wrong = []
    for why, (folders, word) in cases.items():
        out = tmp_path / ("out-" + why.replace(" ", "_").replace("/", "_"))
        result = mlpedu("merge", *folders, "--out", out)
        if result.returncode != 2 or word not in result.stderr:
            wrong.append((why, result.returncode, result.stderr.strip()))
        assert not (out / "grades.csv").exists(), f"{why}: expected no merged grades.csv"
    assert not wrong, f"expected every bad merge refused (exit 2) saying why, got {wrong}"


def test_merge_into_existing_results_needs_force_and_keeps_marks(shards, tmp_path):
    out = tmp_path / "merged"
    ok(mlpedu("merge", *shards, "--out", out))
    ok(mlpedu("marks", out, marks_file(out, tmp_path, give({"alice": "1"}))))
    before = snapshot(out)
    refused(mlpedu("merge", *shards, "--out", out))
    assert snapshot(out) == before, "expected a refused merge to change nothing"
    ok(mlpedu("merge", *shards, "--out", out, "--force"))
    got = grade_row(out, "alice", "toy_backprop")["score"]
    assert got == "9", f"expected alice's mark kept through merge --force (9), got {got}"


# ----------------------------------------------------------------------------------------------
# marks through --force and a resubmission (--resume): one shard, graded twice more

def test_marks_survive_force_and_lapse_when_the_answer_changes(course, shards, tmp_path, os_sandbox):
    shard = 1
    results = copy(shards[0], tmp_path, "results")
    submitted = tmp_path / "submitted"
    shutil.copytree(course / "submitted", submitted)
    student = sorted(students_in(results))[0]
    other = sorted(students_in(results))[-1]
    assert student != other, "expected at least two students in shard 1"
    ok(mlpedu("marks", results, marks_file(results, tmp_path, give({student: "1", other: "0.5"}))))
    raw = float(grade_row(results, student, "toy_backprop")["raw_score"])
    old_sha = {unescape(r["student_id"]): r for r in rows(results / "review" / "toy_backprop-marks.csv")}[student][
        "answer_sha256"]

    def grade(*flag):
        return ok(mlpedu("grade", submitted, "--out", results, "--source", course / "source",
                         "--shard", f"{shard}/2", *FAST, *flag))

    grade("--force")
    got = float(grade_row(results, student, "toy_backprop")["raw_score"])
    assert got == raw, f"expected the mark kept through grade --force (raw {raw}), got {got}"

    notebook = submitted / student / "ps1" / "toy_backprop.ipynb"
    notebook.write_text(toy.answered({}, edit=explain("a new answer after the deadline")), encoding="utf-8")
    grade("--resume")
    cells = {(unescape(r["student_id"]), r["grade_id"]): r for r in rows(results / "cells.csv")}
    got = (cells[(student, "explain_relu")]["status"], cells[(student, "explain_relu")]["points"])
    assert got == ("manual", "0"), f"expected the stale mark dropped (manual, 0) after a resubmission, got {got}"
    got = float(grade_row(results, student, "toy_backprop")["raw_score"])
    assert got == raw - 1, f"expected raw score {raw - 1} without the stale mark, got {got}"
    template = {unescape(r["student_id"]): r for r in rows(results / "review" / "toy_backprop-marks.csv")}
    got = (template[student]["points"], template[student]["answer_sha256"] != old_sha)
    assert got == ("", True), f"expected the new answer (new sha256) waiting with empty points, got {got}"
    got = (cells[(other, "explain_relu")]["status"], cells[(other, "explain_relu")]["points"])
    assert got == ("marked", "0.5"), f"expected the unchanged answer's mark kept, got {got}"
