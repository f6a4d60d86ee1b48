"""The gradebook: the graded records, and what the instructor knows about the class.

    RESULTS_DIR/course.json   the assignments graded (nbgrader folder, points, hand-graded cells) and
                              the roster, due dates and late-penalty rule (written by `mlpedu grade` and
                              `mlpedu gradebook`; a later run that does not give them keeps them)
    RESULTS_DIR/marks.json    the instructor's marks of hand-graded cells (`mlpedu marks`, see `review`)

grades.csv and cells.csv are made from these and the trusted records alone, so `mlpedu gradebook
RESULTS_DIR` can write them again after a change of roster, due date or rule, without grading again.

Rows: every student (on the roster, or with a submission) gets a row for every assignment the class
was set (one that has a due date or a submission); no submission scores 0 with status `missing`.
A submission later than its due date loses `late_submission_penalty` points, as nbgrader computes
them: the rule's penalty, kept between 0 and the notebook's score. One difference: nbgrader fixes
the penalty when it autogrades, before any hand marking; here the score it is kept under includes
the marks, so `zero` means zero whenever the marks are given. `--format nbgrader` writes the
file `nbgrader export` writes: its columns, one row per nbgrader assignment (a folder's notebooks
summed) and student, numbers as Python prints floats, times in UTC without a zone, "\\n" line ends;
only where nbgrader's file would break (a comma or quote in a name) or hold a formula is a field
quoted or escaped.
"""

import csv
import hashlib
import importlib.util
import io
import json
import math
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import MlpeduError
from . import report
from .submissions import parse_timestamp

NBGRADER_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                    "raw_score", "late_submission_penalty", "score", "max_score"]
GRADE_COLUMNS = NBGRADER_COLUMNS + ["status", "reason", "tampering", "needs_manual_grading", "seconds_late",
                                    "lms_user_id", "file", "sandbox"]
CELL_COLUMNS = ["assignment", "student_id", "grade_id", "kind", "points", "max_points", "status", "mistake",
                "message"]
ROSTER_FIELDS = ("id", "first_name", "last_name", "email", "lms_user_id")  # nbgrader's `db student import`


class GradebookError(MlpeduError):
    """A roster, due date, penalty rule or marks file that cannot be used as it is."""


# ---------------------------------------------------------------------------------------------- course


@dataclass
class Course:
    assignments: dict = field(default_factory=dict)  # notebook name -> {"folder", "max_score", "manual": {id: pts}}
    roster: list = field(default_factory=list)       # [{"id", "first_name", "last_name", "email", "lms_user_id"}]
    due: dict = field(default_factory=dict)          # nbgrader assignment or notebook name -> ISO 8601 time
    late_penalty: str = "none"
    shard: list | None = None                        # [K, N] for a results folder of one shard

    def nbgrader_name(self, notebook):
        """The assignment nbgrader knows a notebook by: its folder in source/, else its own name."""
        return (self.assignments.get(notebook) or {}).get("folder") or notebook

    def due_date(self, notebook):
        return self.due.get(notebook) or self.due.get(self.nbgrader_name(notebook))


def course_path(results_dir):
    return Path(results_dir) / "course.json"


def load_course(results_dir):
    """The course settings stored in a results folder (none yet: an empty Course)."""
    path = course_path(results_dir)
    if not path.exists():
        return Course()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        course = Course(**{key: data[key] for key in asdict(Course()) if key in data})
        if not (isinstance(course.assignments, dict) and isinstance(course.roster, list)
                and isinstance(course.due, dict) and isinstance(course.late_penalty, str)):
            raise TypeError("a field has the wrong type")
        late_rule(course.late_penalty)
    except (OSError, ValueError, TypeError, GradebookError) as exc:
        raise GradebookError(f"{path} is not a course file mlpedu wrote ({exc}); move it away and give the roster, "
                             "due dates and late-penalty rule again.") from None
    return course


def save_course(results_dir, course):
    report.atomic_write(course_path(results_dir), json.dumps(asdict(course), indent=1, ensure_ascii=False))


def update_course(course, assignments=None, roster=None, due=None, late_penalty=None):
    """`course` with what was given replacing what it had; due dates are checked against the assignments."""
    if assignments is not None:
        course.assignments = {name: {"folder": a.folder, "max_score": a.max_score,
                                     "manual": {c.grade_id: c.points for c in a.cells if c.kind == "manual"}}
                              for name, a in sorted(assignments.items())}
    if roster is not None:
        course.roster = read_roster(roster) if isinstance(roster, (str, Path)) else roster
    if due is not None:  # given dates replace stored ones; NAME=none removes one
        course.due = {name: when for name, when in {**course.due, **due}.items() if when is not None}
    if late_penalty is not None:
        late_penalty = late_penalty.strip()
        file, colon, name = late_penalty.rpartition(":")
        if colon and file.endswith(".py"):  # kept as an absolute path: later commands run from elsewhere
            late_penalty = f"{Path(file).resolve()}:{name}"
        late_rule(late_penalty)  # refuse a rule that cannot be used before anything is graded
        course.late_penalty = late_penalty
    known = set(course.assignments) | {a["folder"] for a in course.assignments.values() if a.get("folder")}
    unknown = sorted(set(course.due) - known)
    if unknown and course.assignments:
        raise GradebookError(f"a due date is given for {', '.join(map(repr, unknown))}, which is not an assignment "
                             f"here; the assignments are {', '.join(map(repr, sorted(known)))}.")
    in_folder = sorted(name for name in course.due if (course.assignments.get(name) or {}).get("folder"))
    if in_folder:  # nbgrader has one due date per assignment: its notebooks cannot have their own
        name = in_folder[0]
        raise GradebookError(f"{name!r} is a notebook of the nbgrader assignment "
                             f"{course.assignments[name]['folder']!r}; give the due date to "
                             f"{course.assignments[name]['folder']!r} (--due {course.assignments[name]['folder']}"
                             f"=TIME, or --due {name}=none to take this one away).")
    return course


def read_roster(path):
    """The students of a roster CSV with nbgrader's columns (id, first_name, last_name, email, lms_user_id;
    `student_id` is taken for `id`). Only `id` is required; other columns are ignored."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")  # a spreadsheet's byte-order mark is not part of the header
    except (OSError, UnicodeDecodeError) as exc:
        raise GradebookError(f"Cannot read the roster {path}: {exc}") from None
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip() for name in (reader.fieldnames or [])]
    if "id" in header and "student_id" in header:
        raise GradebookError(f"The roster {path} has both an 'id' and a 'student_id' column; keep the one students "
                             "submit under as 'id' (or 'student_id') and rename the other.")
    reader.fieldnames = ["id" if name == "student_id" and "id" not in header else name for name in header]
    if "id" not in reader.fieldnames:
        raise GradebookError(f"The roster {path} has no 'id' column (nor 'student_id'): expected a header row "
                             f"like {','.join(ROSTER_FIELDS)}; found {','.join(header) or 'an empty file'}.")
    students, lines = [], {}
    for line, row in enumerate(reader, start=2):
        student = {key: (row.get(key) or "").strip() for key in ROSTER_FIELDS}
        if not student["id"]:
            if any((value or "").strip() for value in row.values() if isinstance(value, str)):
                raise GradebookError(f"The roster {path}, line {line}: a student without an id.")
            continue  # a blank line
        if student["id"] in lines:
            raise GradebookError(f"The roster {path} lists the student {student['id']!r} twice (lines "
                                 f"{lines[student['id']]} and {line}); keep one.")
        lines[student["id"]] = line
        students.append(student)
    return students


def read_due_dates(specs=(), path=None):
    """{assignment: ISO 8601 time} from NAME=TIME items and a CSV with columns name (or assignment) and
    duedate, as nbgrader's `db assignment import` takes. A time without a zone is UTC, as in nbgrader;
    the time `none` takes a due date away."""
    items = []
    if path is not None:
        try:
            rows = list(csv.DictReader(io.StringIO(Path(path).read_text(encoding="utf-8-sig"))))
        except (OSError, UnicodeDecodeError) as exc:
            raise GradebookError(f"Cannot read the due dates {path}: {exc}") from None
        for line, row in enumerate(rows, start=2):
            name = (row.get("name") or row.get("assignment") or "").strip()
            if not name or not (row.get("duedate") or "").strip():
                raise GradebookError(f"The due dates {path}, line {line}: expected the columns name (or "
                                     "assignment) and duedate, both filled in.")
            items.append((name, row["duedate"], f"{path}, line {line}"))
    for spec in specs:
        name, equals, when = spec.partition("=")
        if not equals or not name.strip() or not when.strip():
            raise GradebookError(f"--due {spec!r}: expected ASSIGNMENT=TIME, e.g. ex01_single_neuron=2026-10-01T17:00"
                                 "+02:00.")
        items.append((name.strip(), when, f"--due {spec}"))
    due = {}
    for name, when, where in items:
        if when.strip().lower() == "none":
            due[name] = None
            continue
        try:
            due[name] = parse_timestamp(when)
        except ValueError:
            raise GradebookError(f"{where}: {when.strip()!r} is not a time; write it as 2026-10-01 17:00 (UTC), "
                                 "2026-10-01T17:00+02:00, or 2026-10-01 17:00 Europe/Berlin.") from None
        problem = _local_time_problem(when.strip())
        if problem:
            raise GradebookError(f"{where}: {problem}; write the offset instead, e.g. 2026-03-29T03:30+02:00.")
    return due


def _local_time_problem(text):
    """Why a time given in a named zone is not one moment (a clock change skips or repeats it), or None."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    clock, _, zone = text.rpartition(" ")
    try:
        local = datetime.fromisoformat(clock).replace(tzinfo=ZoneInfo(zone))
    except (ValueError, ZoneInfoNotFoundError):
        return None  # an offset or UTC: one moment
    if local.replace(fold=1).utcoffset() != local.utcoffset():
        return f"{text!r} happens twice (the clocks go back that night)"
    if local.astimezone(timezone.utc).astimezone(local.tzinfo).replace(tzinfo=None) != local.replace(tzinfo=None):
        return f"{text!r} does not exist (the clocks go forward over it)"
    return None


# ---------------------------------------------------------------------------------------------- late penalty

LATE_RULES = "none, zero, per-hour:POINTS, or FILE.py:FUNCTION"


def late_rule(text):
    """The penalty function (student_id, score, seconds_late) -> points of a rule:

    none              no penalty (nbgrader's default)
    zero              a late submission scores 0 (nbgrader's `zero`)
    per-hour:P        P points per hour late, hours rounded as nbgrader's documented plugin example does
    FILE.py:FUNCTION  your own function, called as nbgrader calls a late-submission plugin's method
    """
    text = text.strip()
    if text == "none":
        return lambda student_id, score, seconds_late: 0.0
    if text == "zero":
        return lambda student_id, score, seconds_late: score
    per_hour = re.fullmatch(r"per-hour:(\S+)", text)
    if per_hour:
        try:
            points = float(per_hour[1])
        except ValueError:
            points = math.nan
        if not (math.isfinite(points) and points >= 0):
            raise GradebookError(f"late-penalty rule {text!r}: the points per hour must be a number ≥ 0.")
        return lambda student_id, score, seconds_late: points * round(seconds_late / 3600, 0)
    file, colon, name = text.rpartition(":")
    if colon and file.endswith(".py") and name.isidentifier():
        return _custom_rule(Path(file), name, text)
    raise GradebookError(f"late-penalty rule {text!r}: expected one of {LATE_RULES}.")


def _custom_rule(path, name, text):
    if not path.is_file():
        raise GradebookError(f"late-penalty rule {text!r}: there is no file {path}.")
    spec = importlib.util.spec_from_file_location(f"mlpedu_late_penalty_{abs(hash(str(path)))}", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise GradebookError(f"late-penalty rule {text!r}: {path} failed to load ({type(exc).__name__}: {exc}).") from None
    function = getattr(module, name, None)
    if not callable(function):
        raise GradebookError(f"late-penalty rule {text!r}: {path} defines no function {name}(student_id, score, "
                             "seconds_late).")

    def rule(student_id, score, seconds_late):
        try:
            penalty = function(student_id, score, seconds_late)
        except Exception as exc:
            raise GradebookError(f"late-penalty rule {text!r} failed for {student_id!r} ({score} points, "
                                 f"{seconds_late:g} s late): {type(exc).__name__}: {exc}") from None
        if penalty is None:
            return 0.0
        if isinstance(penalty, bool) or not isinstance(penalty, (int, float)) or not math.isfinite(penalty):
            raise GradebookError(f"late-penalty rule {text!r} returned {penalty!r} for {student_id!r}; expected a "
                                 "number of points (or None for no penalty).")
        return float(penalty)

    return rule


def shard_of(student_id, n):
    """The shard (1..n) a student's submissions are graded in (see `shards`)."""
    digest = hashlib.sha256(student_id.encode("utf-8", "surrogatepass")).digest()
    return int.from_bytes(digest[:8], "big") % n + 1


def seconds_late(timestamp, due):
    if not timestamp or not due:
        return 0.0
    return max(0.0, (datetime.fromisoformat(timestamp) - datetime.fromisoformat(due)).total_seconds())


# ---------------------------------------------------------------------------------------------- marks


def apply_marks(record, marks):
    """`record` with the instructor's marks in its hand-graded cells (a copy; records stay as graded).

    A mark counts only for the answer it was given to: if the answer has changed since (a new submission),
    the cell waits to be marked again."""
    cells = []
    for cell in record.get("cells", []):
        mark = marks.get((record["assignment"], record["student_id"], cell.get("grade_id")))
        if cell.get("status") == "manual" and mark is not None:
            if mark.get("answer_sha256") and mark["answer_sha256"] != cell.get("answer_sha256"):
                cell = {**cell, "message": f"marked {report.number(mark['points'])} before, but the answer has "
                                           "changed since: mark it again"}
            else:
                cell = {**cell, "status": "marked", "points": min(max(float(mark["points"]), 0.0), cell["max_points"]),
                        "message": mark.get("comment") or "marked by hand"}
        cells.append(cell)
    if cells == record.get("cells", []):
        return record
    return {**record, "cells": cells, "score": sum(c["points"] for c in cells)}


def load_marks(results_dir):
    """{(assignment, student_id, grade_id): mark} from RESULTS_DIR/marks.json (written by `mlpedu marks`)."""
    path = Path(results_dir) / "marks.json"
    if not path.exists():
        return {}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))["marks"]
        return {(m["assignment"], m["student_id"], m["grade_id"]): m for m in rows
                if isinstance(m["points"], (int, float)) and math.isfinite(m["points"])}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GradebookError(f"{path} is not a marks file mlpedu wrote ({exc}); move it away and give the marks "
                             "again with `mlpedu marks`.") from None


def save_marks(results_dir, marks):
    rows = [marks[key] for key in sorted(marks)]
    report.atomic_write(Path(results_dir) / "marks.json", json.dumps({"marks": rows}, indent=1, ensure_ascii=False))


# ---------------------------------------------------------------------------------------------- rows


def rows(records, course, marks=None, duplicates=()):
    """(grade rows, cell rows, notes): the gradebook as dicts, and what the instructor should hear of it."""
    marks = marks or {}
    records = [apply_marks(r, marks) for r in records]
    rule = late_rule(course.late_penalty)
    roster = {s["id"]: s for s in course.roster}
    if course.shard:  # a shard's gradebook: the students graded in it
        roster = {student: s for student, s in roster.items() if shard_of(student, course.shard[1]) == course.shard[0]}
    graded = {(r["assignment"], r["student_id"]): r for r in records}
    for student, assignment, files in duplicates:
        graded.setdefault((assignment, student), {
            "student_id": student, "assignment": assignment, "status": "duplicate", "score": None,
            "max_score": (course.assignments.get(assignment) or {}).get("max_score"),
            "reason": "several files: " + ", ".join(files), "file": "", "cells": [], "tampering": []})
    students = set(roster) | {student for _, student in graded}
    assignments = ({a for a, _ in graded} | {name for name in course.assignments if course.due_date(name)})
    notes = []
    strangers = sorted({student for _, student in graded} - set(roster))
    if roster and strangers:
        by_case = {student.casefold(): student for student in roster}
        named = [f"{s} (the roster has {by_case[s.casefold()]})" if s.casefold() in by_case else s for s in strangers]
        notes.append(f"{len(strangers)} student(s) with a submission are not on the roster: "
                     + ", ".join(named[:20]) + (" ..." if len(named) > 20 else ""))
    undated = sum(1 for r in records if course.due_date(r["assignment"]) and not r.get("timestamp"))
    if undated:
        notes.append(f"{undated} submission(s) of an assignment with a due date have no timestamp.txt beside them, "
                     "so no submission time: they are not checked for lateness (as in nbgrader)")
    grade_rows, cell_rows = [], []
    for assignment in sorted(assignments):
        due = course.due_date(assignment) or ""
        for student in sorted(students):
            record = graded.get((assignment, student)) or _missing(assignment, student, course)
            person = roster.get(student, {})
            late = seconds_late(record.get("timestamp"), due) if record["status"] != "missing" else 0.0
            raw = record.get("score")
            penalty = 0.0
            if late > 0 and raw is not None:
                penalty = min(max(rule(student, raw, late), 0.0), raw)  # as nbgrader keeps it
            grade_rows.append({
                **record, "duedate": due, "last_name": person.get("last_name", ""),
                "first_name": person.get("first_name", ""), "email": person.get("email", ""),
                "lms_user_id": person.get("lms_user_id", ""), "raw_score": raw, "late_submission_penalty": penalty,
                "score": None if raw is None else max(0.0, raw - penalty), "seconds_late": late,
                "tampering": "; ".join(record.get("tampering", [])), "nbgrader_assignment": course.nbgrader_name(assignment),
                "needs_manual_grading": sum(1 for c in record.get("cells", []) if c["status"] == "manual")})
            cell_rows += [{**cell, "assignment": assignment, "student_id": student} for cell in record.get("cells", [])]
    missing = sum(1 for row in grade_rows if row["status"] == "missing")
    if missing:
        notes.append(f"{missing} submission(s) missing: status 'missing' and 0 points in grades.csv")
    return grade_rows, cell_rows, notes


def _missing(assignment, student, course):
    known = course.assignments.get(assignment) or {}
    return {"student_id": student, "assignment": assignment, "status": "missing", "score": 0.0,
            "max_score": known.get("max_score"), "reason": "no submission", "timestamp": "", "file": "",
            "cells": [], "tampering": []}


def write(results_dir, records, course=None, marks=None, duplicates=()):
    """Write grades.csv and cells.csv; return the notes on the class (e.g. students not on the roster)."""
    course = course if course is not None else load_course(results_dir)
    marks = marks if marks is not None else load_marks(results_dir)
    grade_rows, cell_rows, notes = rows(records, course, marks, duplicates)  # raises before anything is written
    numbers = {"raw_score", "late_submission_penalty", "score", "max_score", "points", "max_points", "seconds_late"}
    for name, columns, table in (("grades.csv", GRADE_COLUMNS, grade_rows), ("cells.csv", CELL_COLUMNS, cell_rows)):
        report.atomic_write(Path(results_dir) / name, report.csv_text(columns, table, numbers))
    return notes


def nbgrader_export(records, course, marks=None, duplicates=()):
    """The text `nbgrader export` (its CsvExportPlugin) writes for the same class."""
    grade_rows, _, _ = rows(records, course, marks, duplicates)
    by_key = {}
    for row in grade_rows:
        by_key.setdefault((row["nbgrader_assignment"], row["student_id"]), []).append(row)
    maximum = {}
    for notebook, known in course.assignments.items():
        maximum[course.nbgrader_name(notebook)] = maximum.get(course.nbgrader_name(notebook), 0.0) + known["max_score"]
    assignments = {}
    for (name, _), group in by_key.items():
        assignments.setdefault(name, group[0]["duedate"] or course.due.get(name) or "")
    roster = {s["id"]: s for s in course.roster}

    def student_order(student):  # nbgrader: by last name, then first name; no name sorts first, as NULL does
        person = roster.get(student, {})
        return (bool(person.get("last_name")), person.get("last_name", ""), bool(person.get("first_name")),
                person.get("first_name", ""), student)

    lines = [",".join(NBGRADER_COLUMNS)]
    students = sorted({student for _, student in by_key}, key=student_order)
    for name in sorted(assignments, key=lambda a: (bool(assignments[a]), _nbgrader_time(assignments[a]), a)):
        for student in students:
            group = [row for row in by_key.get((name, student), []) if row["status"] not in ("missing", "duplicate")]
            person = roster.get(student, {})
            values = {"assignment": name, "duedate": _nbgrader_time(assignments[name]), "student_id": student,
                      "last_name": person.get("last_name", ""), "first_name": person.get("first_name", ""),
                      "email": person.get("email", ""),
                      "max_score": maximum.get(name, sum(r["max_score"] or 0.0 for r in by_key[(name, student)]))}
            if not group:  # nbgrader: no submission scores 0.0, with no timestamp
                values.update(timestamp="", raw_score=0.0, late_submission_penalty=0.0, score=0.0)
            else:
                raw = _sum(r["raw_score"] for r in group)
                penalty = _sum(r["late_submission_penalty"] for r in group)
                values.update(timestamp=_nbgrader_time(next((r["timestamp"] for r in group if r.get("timestamp")), "")),
                              raw_score=raw, late_submission_penalty=penalty, score=max(0.0, raw - penalty))
            lines.append(",".join(_nbgrader_field(values[key]) for key in NBGRADER_COLUMNS))
    return "\n".join(lines) + "\n"


def _nbgrader_field(value):
    """A value as nbgrader writes it (str(), no quotes), but never a file that breaks or a formula: text with a
    comma, quote or line break is quoted, which nbgrader does not do, and formulas are escaped as in grades.csv."""
    if not isinstance(value, str):
        return str(float(value))
    value = report.spreadsheet_text(value)
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\r\n') else value


def _sum(values):
    total = 0.0
    for value in values:
        total += value or 0.0
    return total


def _nbgrader_time(iso):
    """nbgrader keeps times in UTC without a zone and prints them with str(): 2026-10-01 17:00:00[.123456]."""
    if not iso:
        return ""
    return str(datetime.fromisoformat(iso).astimezone(timezone.utc).replace(tzinfo=None))
