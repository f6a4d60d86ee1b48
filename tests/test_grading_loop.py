"""The instructor's loop on an nbgrader course: roster, due dates and late penalties, missing
submissions, hand-graded cells marked on the review page, the nbgrader-format export, shards.

One class (tests/grading_fixtures/toy.py's assignment, twice, in nbgrader's layout) is graded once;
everything else works on that results folder or on records written by hand. Shards graded and
merged, and the cases an outside tester wrote, are in test_grading_loop_outsider.py."""

import csv
import io
import json
import zipfile
from pathlib import Path

import nbformat
import pytest

from grading_fixtures import toy
from mlpedu.cli import main
from mlpedu.grading import gradebook, report, review, shards
from mlpedu.grading.gradebook import GradebookError

LIMITS = ["--cell-timeout", "3", "--notebook-timeout", "60", "--no-progress"]
ROSTER = """id,first_name,last_name,email,lms_user_id
alice,Alice,Zhou,alice@uni.example,1001
bob,Bob,Young,bob@uni.example,1002
carol,Carol,Young,,1003
dan,Dan,Abbott,dan@uni.example,1004
"""
# ps1 is due at 17:00 UTC; ps2 at 19:00 Berlin summer time, 17:00 UTC
DUE = ["ps1=2026-10-01 17:00", "ps2=2026-10-01T19:00+02:00"]
BOB_PARTLY = {"sigmoid_prime": "def sigmoid_prime(z):\n    return 1.0 / (1.0 + np.exp(-z))"}  # 6 of 8 autograded
# student -> {assignment folder: (answers, timestamp.txt or None)}
CLASS = {
    "alice": {"ps1": ({}, "2026-10-01 16:59:59.250000 UTC"), "ps2": ({}, "2026-10-01 17:00:00 UTC")},
    "bob": {"ps1": (BOB_PARTLY, "2026-10-01 19:31:00 UTC"),                 # 2 h 31 min late: 3 points
            "ps2": ({}, "2026-10-01 18:50:00 Europe/Berlin")},              # 16:50 UTC: on time
    "carol": {"ps2": (None, "2026-10-01 17:40:00 UTC")},                    # 40 min late, nothing answered; no ps1
    "erin": {"ps1": ({}, None)},                                            # not on the roster; no timestamp.txt
    # dan is on the roster and submitted nothing
}
NOTEBOOK = {"ps1": "toy_backprop", "ps2": "toy_again"}


def write_course(root):
    """nbgrader's course folder: source/<assignment>/<notebook>.ipynb and submitted/<student>/<assignment>/."""
    for folder, name in NOTEBOOK.items():
        (root / "source" / folder).mkdir(parents=True)
        nbformat.write(toy.source_notebook(), root / "source" / folder / f"{name}.ipynb")
    for student, work in CLASS.items():
        for folder, (answers, timestamp) in work.items():
            where = root / "submitted" / student / folder
            where.mkdir(parents=True)
            (where / f"{NOTEBOOK[folder]}.ipynb").write_text(toy.answered(answers), encoding="utf-8")
            if timestamp:
                (where / "timestamp.txt").write_text(timestamp, encoding="utf-8")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def course(tmp_path_factory, os_sandbox):
    root = tmp_path_factory.mktemp("course")
    write_course(root)
    options = ["--source", str(root), "--roster", str(root / "roster.csv"), "--late-penalty", "per-hour:1",
               *[item for due in DUE for item in ("--due", due)], *LIMITS]
    code = main(["grade", str(root / "submitted"), "--out", str(root / "results"), "-j", "2", *options])
    return {"root": root, "results": root / "results", "exit_code": code}


def test_the_class_grades_cleanly(course):
    assert course["exit_code"] == 0, f"grade exit code: {course['exit_code']}"


# (student, notebook) -> (timestamp, raw, penalty, score, status, seconds late)
EXPECTED_ROWS = {
    ("alice", "toy_backprop"): ("2026-10-01T16:59:59.250000+00:00", "8", "0", "8", "graded", "0"),
    ("alice", "toy_again"): ("2026-10-01T17:00:00+00:00", "8", "0", "8", "graded", "0"),  # on the dot: on time
    ("bob", "toy_backprop"): ("2026-10-01T19:31:00+00:00", "6", "3", "3", "graded", "9060"),
    ("bob", "toy_again"): ("2026-10-01T18:50:00+02:00", "8", "0", "8", "graded", "0"),
    ("carol", "toy_backprop"): ("", "0", "0", "0", "missing", "0"),
    ("carol", "toy_again"): ("2026-10-01T17:40:00+00:00", "0", "0", "0", "graded", "2400"),  # late, but 0 to lose
    ("dan", "toy_backprop"): ("", "0", "0", "0", "missing", "0"),
    ("dan", "toy_again"): ("", "0", "0", "0", "missing", "0"),
    ("erin", "toy_backprop"): ("", "8", "0", "8", "graded", "0"),  # no timestamp.txt: no time, never late
    ("erin", "toy_again"): ("", "0", "0", "0", "missing", "0"),
}


def test_every_student_has_a_row_for_every_assignment_with_penalties_as_nbgrader_computes_them(course):
    rows = {(r["student_id"], r["assignment"]): r for r in rows_of(course["results"] / "grades.csv")}
    got = {key: (r["timestamp"], r["raw_score"], r["late_submission_penalty"], r["score"], r["status"],
                 r["seconds_late"]) for key, r in rows.items()}
    for key, expected in EXPECTED_ROWS.items():
        assert got.get(key) == expected, f"{key}: expected {expected}, got {got.get(key)}"
    assert set(got) == set(EXPECTED_ROWS), f"unexpected rows: {set(got) - set(EXPECTED_ROWS)}"
    bob = rows[("bob", "toy_backprop")]
    assert (bob["first_name"], bob["last_name"], bob["email"], bob["lms_user_id"], bob["duedate"]) == (
        "Bob", "Young", "bob@uni.example", "1002", "2026-10-01T17:00:00+00:00"), bob
    assert rows[("dan", "toy_again")]["reason"] == "no submission"


def test_the_summary_names_who_is_not_on_the_roster_and_who_has_no_submission_time(course):
    summary = json.loads((course["results"] / "summary.json").read_text())
    notes = " ".join(summary["notes"])
    assert "not on the roster: erin" in notes, notes
    assert "1 submission(s) of an assignment with a due date have no timestamp.txt" in notes, notes


# What nbgrader export writes for this class, from nbgrader's CsvExportPlugin: its columns, str() of each
# value, times in UTC without a zone, students by last then first name, every student x assignment.
NBGRADER_EXPORT = """\
assignment,duedate,timestamp,student_id,last_name,first_name,email,raw_score,late_submission_penalty,score,max_score
ps1,2026-10-01 17:00:00,,erin,,,,8.0,0.0,8.0,9.0
ps1,2026-10-01 17:00:00,,dan,Abbott,Dan,dan@uni.example,0.0,0.0,0.0,9.0
ps1,2026-10-01 17:00:00,2026-10-01 19:31:00,bob,Young,Bob,bob@uni.example,6.0,3.0,3.0,9.0
ps1,2026-10-01 17:00:00,,carol,Young,Carol,,0.0,0.0,0.0,9.0
ps1,2026-10-01 17:00:00,2026-10-01 16:59:59.250000,alice,Zhou,Alice,alice@uni.example,8.0,0.0,8.0,9.0
ps2,2026-10-01 17:00:00,,erin,,,,0.0,0.0,0.0,9.0
ps2,2026-10-01 17:00:00,,dan,Abbott,Dan,dan@uni.example,0.0,0.0,0.0,9.0
ps2,2026-10-01 17:00:00,2026-10-01 16:50:00,bob,Young,Bob,bob@uni.example,8.0,0.0,8.0,9.0
ps2,2026-10-01 17:00:00,2026-10-01 17:40:00,carol,Young,Carol,,0.0,0.0,0.0,9.0
ps2,2026-10-01 17:00:00,2026-10-01 17:00:00,alice,Zhou,Alice,alice@uni.example,8.0,0.0,8.0,9.0
"""


def test_the_nbgrader_export_is_what_nbgrader_writes_column_by_column(course, tmp_path):
    target = tmp_path / "grades.csv"
    assert main(["gradebook", str(course["results"]), "--format", "nbgrader", "--to", str(target)]) == 0
    data = target.read_bytes()
    assert b"\r" not in data, "nbgrader writes \\n line endings"
    got, expected = data.decode().splitlines(), NBGRADER_EXPORT.splitlines()
    assert got[0] == expected[0], f"header: expected {expected[0]!r}, got {got[0]!r}"
    assert len(got) == len(expected), f"expected {len(expected) - 1} rows, got {len(got) - 1}:\n" + "\n".join(got)
    columns = expected[0].split(",")
    for line, (mine, theirs) in enumerate(zip(got[1:], expected[1:]), start=2):
        for column, a, b in zip(columns, mine.split(","), theirs.split(",")):
            assert a == b, f"line {line}, column {column}: expected {b!r}, got {a!r}"
    assert main(["gradebook", str(course["results"]), "--format", "nbgrader", "--to", str(target)]) == 2, \
        "an existing export is not overwritten without --force"
    assert main(["gradebook", str(course["results"]), "--format", "nbgrader", "--to", str(target), "--force"]) == 0


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_hand_graded_answers_are_marked_on_the_review_page_and_merged_everywhere(course, tmp_path):
    import shutil

    results = tmp_path / "results"
    shutil.copytree(course["results"], results)
    page = (results / "review" / "toy_backprop.html").read_text()
    assert page.count("class='card'") == 3, "alice, bob and erin each answered explain_relu of toy_backprop"
    template = rows_of(results / "review" / "toy_backprop-marks.csv")
    assert [(r["student_id"], r["grade_id"], r["max_points"], r["points"]) for r in template] == [
        ("alice", "explain_relu", "1", ""), ("bob", "explain_relu", "1", ""), ("erin", "explain_relu", "1", "")]
    marks = io.StringIO()
    writer = csv.DictWriter(marks, review.MARK_COLUMNS)
    writer.writeheader()
    for row, (points, comment) in zip(template, [("1", "Exactly"), ("0.5", "Half: why a convention?"), ("", "")]):
        writer.writerow({**row, "points": points, "comment": comment})
    assert main(["marks", str(results), str(_write(tmp_path / "marks.csv", marks.getvalue()))]) == 0
    grades = {(r["student_id"], r["assignment"]): r for r in rows_of(results / "grades.csv")}
    got = {s: (grades[(s, "toy_backprop")]["raw_score"], grades[(s, "toy_backprop")]["score"],
               grades[(s, "toy_backprop")]["needs_manual_grading"]) for s in ("alice", "bob", "erin")}
    assert got == {"alice": ("9", "9", "0"), "bob": ("6.5", "3.5", "0"), "erin": ("8", "8", "1")}, got
    cells = [c for c in rows_of(results / "cells.csv") if c["grade_id"] == "explain_relu" and c["student_id"] == "bob"
             and c["assignment"] == "toy_backprop"]
    assert [(c["status"], c["points"], c["message"]) for c in cells] == [("marked", "0.5", "Half: why a convention?")]
    assert "Half: why a convention?" in (results / "feedback" / "bob" / "toy_backprop.html").read_text()
    assert main(["feedback", str(results), "--out", str(tmp_path / "zips")]) == 0
    with zipfile.ZipFile(tmp_path / "zips" / "bob_feedback.zip") as archive:
        mine = {r["assignment"]: r for r in csv.DictReader(io.StringIO(archive.read("grades.csv").decode()))}
    assert (mine["toy_backprop"]["raw_score"], mine["toy_backprop"]["late_submission_penalty"],
            mine["toy_backprop"]["score"]) == ("6.5", "3", "3.5"), mine["toy_backprop"]
    # the marks stay with the results: a new roster or rule, the gradebook written again, they still count
    assert main(["gradebook", str(results), "--late-penalty", "zero"]) == 0
    grades = {(r["student_id"], r["assignment"]): r for r in rows_of(results / "grades.csv")}
    assert (grades[("bob", "toy_backprop")]["raw_score"], grades[("bob", "toy_backprop")]["score"]) == ("6.5", "0")


# ---- the rules, one at a time ----------------------------------------------------------------------------

HOUR = 3600.0


@pytest.mark.parametrize("rule, score, seconds, expected", [
    ("none", 8.0, 10 * HOUR, 0.0),
    ("zero", 8.0, 1.0, 8.0),
    ("per-hour:1", 8.0, 0.4 * HOUR, 0.0),   # nbgrader's example rounds the hours: 24 min is 0 hours
    ("per-hour:1", 8.0, 0.6 * HOUR, 1.0),
    ("per-hour:1", 8.0, 2.5 * HOUR, 2.0),   # Python rounds halves to even, as the example does
    ("per-hour:0.5", 8.0, 3.2 * HOUR, 1.5),
])
def test_late_rules_give_nbgraders_penalties(rule, score, seconds, expected):
    got = gradebook.late_rule(rule)("s", score, seconds)
    assert got == expected, f"{rule}, {score} points, {seconds / HOUR:g} h late: expected {expected}, got {got}"


@pytest.mark.parametrize("rule, message", [
    ("half", "expected one of none, zero, per-hour:POINTS, or FILE.py:FUNCTION"),
    ("per-hour:-1", "a number ≥ 0"),
    ("per-hour:lots", "a number ≥ 0"),
    ("missing.py:penalty", "there is no file"),
])
def test_a_rule_that_cannot_be_used_is_refused_before_grading(rule, message):
    with pytest.raises(GradebookError, match=message):
        gradebook.late_rule(rule)


def test_your_own_rule_is_called_as_nbgrader_calls_a_plugin_and_kept_between_0_and_the_score(tmp_path):
    plugin = _write(tmp_path / "late.py", "def penalty(student_id, score, seconds_late):\n"
                                          "    return {'a': 100.0, 'b': -3.0, 'c': None, 'd': 2}[student_id]\n"
                                          "def broken(student_id, score, seconds_late):\n    return 1 / 0\n")
    course = gradebook.Course(due={"x": "2026-01-01T00:00:00+00:00"}, late_penalty=f"{plugin}:penalty",
                              assignments={"x": {"folder": None, "max_score": 9.0, "manual": {}}})
    records = [{"student_id": s, "assignment": "x", "status": "graded", "score": 5.0, "max_score": 9.0, "reason": "",
                "tampering": [], "cells": [], "timestamp": "2026-01-02T00:00:00+00:00"} for s in "abcd"]
    rows, _, _ = gradebook.rows(records, course)
    got = {r["student_id"]: (r["late_submission_penalty"], r["score"]) for r in rows}
    assert got == {"a": (5.0, 0.0), "b": (0.0, 5.0), "c": (0.0, 5.0), "d": (2.0, 3.0)}, got
    course.late_penalty = f"{plugin}:broken"
    with pytest.raises(GradebookError, match="failed for 'a'.*ZeroDivisionError"):
        gradebook.rows(records, course)


@pytest.mark.parametrize("text, message", [
    ("first_name,last_name\nA,B\n", "has no 'id' column"),
    ("id,first_name\na,A\na,B\n", "lists the student 'a' twice"),
    ("id,first_name\n,A\n", "line 2: a student without an id"),
    ("", "has no 'id' column"),
])
def test_a_roster_that_cannot_be_used_is_refused_with_where(tmp_path, text, message):
    with pytest.raises(GradebookError, match=message):
        gradebook.read_roster(_write(tmp_path / "roster.csv", text))


def test_a_roster_from_a_spreadsheet_is_read_as_meant(tmp_path):
    text = "\ufeffstudent_id,last_name,first_name,Notes\n  ana ,Ñúñez,Ana,x\n\n"
    assert gradebook.read_roster(_write(tmp_path / "roster.csv", text)) == [
        {"id": "ana", "first_name": "Ana", "last_name": "Ñúñez", "email": "", "lms_user_id": ""}]


@pytest.mark.parametrize("spec, expected", [
    ("a=2026-10-01 17:00", "2026-10-01T17:00:00+00:00"),
    ("a=2026-10-01T17:00+02:00", "2026-10-01T17:00:00+02:00"),
    ("a=2026-10-01 17:00:00 Europe/Berlin", "2026-10-01T17:00:00+02:00"),
    ("a=2026-12-01 17:00:00 Europe/Berlin", "2026-12-01T17:00:00+01:00"),
    ("a=none", None),
])
def test_due_dates_are_read_in_every_form_nbgrader_takes(spec, expected):
    assert gradebook.read_due_dates([spec]) == {"a": expected}


@pytest.mark.parametrize("spec, message", [("a", "expected ASSIGNMENT=TIME"), ("a=tomorrow", "is not a time")])
def test_a_due_date_that_cannot_be_read_says_how_to_write_one(spec, message):
    with pytest.raises(GradebookError, match=message):
        gradebook.read_due_dates([spec])


def test_a_due_date_for_an_assignment_that_does_not_exist_is_refused():
    course = gradebook.Course(assignments={"toy_backprop": {"folder": "ps1", "max_score": 9.0, "manual": {}}})
    assert gradebook.update_course(course, due={"ps1": "2026-10-01T17:00:00+00:00"}).due_date("toy_backprop")
    with pytest.raises(GradebookError, match="'ps9', which is not an assignment here; the assignments are"):
        gradebook.update_course(course, due={"ps9": "2026-10-01T17:00:00+00:00"})


def test_a_folder_with_two_notebooks_is_one_nbgrader_assignment_summed():
    course = gradebook.Course(assignments={"a": {"folder": "ps", "max_score": 4.0, "manual": {}},
                                           "b": {"folder": "ps", "max_score": 6.0, "manual": {}}})
    records = [{"student_id": "s", "assignment": name, "status": "graded", "score": score, "max_score": top,
                "reason": "", "tampering": [], "cells": [], "timestamp": "2026-01-01T10:00:00.000001+00:00"}
               for name, score, top in (("a", 0.1, 4.0), ("b", 0.2, 6.0))]
    lines = gradebook.nbgrader_export(records, course).splitlines()
    assert lines[1:] == ["ps,,2026-01-01 10:00:00.000001,s,,,,0.30000000000000004,0.0,0.30000000000000004,10.0"], lines


# ---- marks that must not count -----------------------------------------------------------------------


def manual_record(student="ann", answer_sha="aaa"):
    return {"student_id": student, "assignment": "x", "status": "graded", "score": 2.0, "max_score": 4.0,
            "reason": "", "tampering": [], "timestamp": "",
            "cells": [{"grade_id": "t", "kind": "tests", "points": 2.0, "max_points": 2.0, "status": "passed",
                       "mistake": "", "message": ""},
                      {"grade_id": "why", "kind": "manual", "points": 0.0, "max_points": 2.0, "status": "manual",
                       "mistake": "", "message": "graded by hand", "answer": "<script>alert(1)</script>",
                       "answer_sha256": answer_sha}]}


@pytest.fixture
def marked(tmp_path):
    results = tmp_path / "results"
    report.write_record(results, manual_record())
    return results


@pytest.mark.parametrize("row, message", [
    ("x,bob,why,2,1,,aaa", "no graded submission of 'x' by 'bob' has a hand-graded cell 'why'"),
    ("x,ann,t,2,1,,aaa", "has a hand-graded cell 't'"),
    ("x,ann,why,2,3,,aaa", "points '3' for 'ann'/'why': expected a number from 0 to 2"),
    ("x,ann,why,2,-1,,aaa", "expected a number from 0 to 2"),
    ("x,ann,why,2,nan,,aaa", "expected a number from 0 to 2"),
    ("x,ann,why,2,1,,bbb", "has submitted a new answer to 'why' since this mark was given"),
])
def test_a_marks_file_with_a_wrong_row_changes_nothing(marked, tmp_path, capsys, row, message):
    path = _write(tmp_path / "m.csv", ",".join(review.MARK_COLUMNS) + "\nx,ann,why,2,1,fine,aaa\n" + row + "\n")
    assert main(["marks", str(marked), str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and "nothing changed" in err, err
    assert not (marked / "marks.json").exists(), "no mark is kept from a file with a wrong row"


def test_a_mark_counts_only_for_the_answer_it_was_given_for(marked, tmp_path):
    path = _write(tmp_path / "m.csv", ",".join(review.MARK_COLUMNS) + "\nx,ann,why,2,1.5,ok,aaa\n")
    assert main(["marks", str(marked), str(path)]) == 0
    marks = gradebook.load_marks(marked)
    assert gradebook.apply_marks(manual_record(), marks)["score"] == 3.5
    resubmitted = gradebook.apply_marks(manual_record(answer_sha="new"), marks)
    assert resubmitted["score"] == 2.0 and resubmitted["cells"][1]["status"] == "manual", resubmitted["cells"][1]
    assert "the answer has changed since: mark it again" in resubmitted["cells"][1]["message"]


def test_the_review_page_shows_answers_as_text_never_as_html(marked):
    review.refresh(marked)
    page = (marked / "review" / "x.html").read_text()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ---- shards ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, message", [("0/4", "numbered 1 to N"), ("5/4", "numbered 1 to N"),
                                           ("2", "expected K/N"), ("a/b", "expected K/N")])
def test_a_shard_must_be_k_of_n(text, message):
    with pytest.raises(Exception, match=message):
        shards.parse_shard(text)


def test_shards_split_a_class_evenly_and_the_same_way_everywhere():
    ids = [f"student{i:04d}" for i in range(4000)]
    sizes = [sum(1 for s in ids if gradebook.shard_of(s, 8) == k) for k in range(1, 9)]
    assert min(sizes) > 400 and max(sizes) < 600, f"8 shards of 4000 students: {sizes}"
    assert gradebook.shard_of("alice", 8) == 1 + int.from_bytes(
        __import__("hashlib").sha256(b"alice").digest()[:8], "big") % 8, "the share depends on the id alone"


def test_a_course_file_not_written_by_mlpedu_is_refused_with_what_to_do(tmp_path):
    _write(tmp_path / "course.json", '{"roster": "everyone"}')
    with pytest.raises(GradebookError, match="is not a course file mlpedu wrote"):
        gradebook.load_course(tmp_path)


def test_course_settings_are_kept_by_a_run_that_does_not_give_them(tmp_path):
    course = gradebook.update_course(gradebook.Course(), None, [{"id": "a"}], {"x": "2026-01-01T00:00:00+00:00"},
                                     "zero")
    gradebook.save_course(tmp_path, course)
    again = gradebook.update_course(gradebook.load_course(tmp_path), None, None, None, None)
    assert (again.roster, again.due, again.late_penalty) == ([{"id": "a"}], {"x": "2026-01-01T00:00:00+00:00"}, "zero")
    assert Path(tmp_path / "course.json").is_file()
