"""What grading leaves in RESULTS_DIR, always written to a temporary file and then os.replace'd:

    RESULTS_DIR/
      grades.csv              one row per student per assignment (nbgrader's grade-export columns
                              first, then status, reason, tampering, file)
      cells.csv               one row per graded cell: points, status and the check's message
      summary.json            counts, and every failure, duplicate and unmatched file with its reason
      records/ASSIGNMENT/STUDENT.json   the full result of one submission (what --resume reads)
      feedback/STUDENT/ASSIGNMENT.html  a page per submission: score, each check and its message
      feedback/STUDENT/ASSIGNMENT.ipynb the notebook as graded, with outputs (hidden tests not shown)
"""

import csv
import hashlib
import html
import io
import json
import os
import re
import tempfile
from pathlib import Path

import nbformat

GRADE_COLUMNS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                 "raw_score", "late_submission_penalty", "score", "max_score",
                 "status", "reason", "tampering", "needs_manual_grading", "file"]
CELL_COLUMNS = ["assignment", "student_id", "grade_id", "kind", "points", "max_points", "status", "mistake",
                "message"]


def atomic_write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; results are meant to be shared
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def safe_name(text):
    """A file name for a student id or assignment: readable, and distinct ids stay distinct."""
    slug = re.sub(r"[^A-Za-z0-9._@-]+", "_", text).strip("._") or "student"
    if slug != text or len(slug) > 120:  # changed or cut: the hash of the id keeps it distinct
        slug = slug[:110] + "-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return slug


def record_path(results_dir, assignment, student_id):
    return Path(results_dir) / "records" / safe_name(assignment) / f"{safe_name(student_id)}.json"


def write_record(results_dir, record):
    atomic_write(record_path(results_dir, record["assignment"], record["student_id"]),
                 json.dumps(record, indent=1, ensure_ascii=False))


def read_records(results_dir):
    records = []
    for path in sorted((Path(results_dir) / "records").glob("*/*.json")):
        try:
            records.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue  # a damaged record is graded again
    return records


def write_gradebook(results_dir, records):
    grades, cells = io.StringIO(), io.StringIO()
    grade_writer = csv.DictWriter(grades, GRADE_COLUMNS, extrasaction="ignore")
    cell_writer = csv.DictWriter(cells, CELL_COLUMNS, extrasaction="ignore")
    grade_writer.writeheader()
    cell_writer.writeheader()
    for record in sorted(records, key=lambda r: (r["assignment"], r["student_id"])):
        manual = sum(1 for c in record.get("cells", []) if c["status"] == "manual")
        grade_writer.writerow({**record, "raw_score": _number(record.get("score")),
                               "score": _number(record.get("score")), "max_score": _number(record.get("max_score")),
                               "late_submission_penalty": 0, "duedate": "",
                               "tampering": "; ".join(record.get("tampering", [])),
                               "needs_manual_grading": manual})
        for cell in record.get("cells", []):
            cell_writer.writerow({**cell, "assignment": record["assignment"], "student_id": record["student_id"],
                                  "points": _number(cell["points"]), "max_points": _number(cell["max_points"])})
    atomic_write(Path(results_dir) / "grades.csv", grades.getvalue())
    atomic_write(Path(results_dir) / "cells.csv", cells.getvalue())


def _number(value):
    return "" if value is None else f"{float(value):g}"


def feedback_paths(results_dir, record):
    folder = Path(results_dir) / "feedback" / safe_name(record["student_id"])
    stem = safe_name(record["assignment"])
    return folder / f"{stem}.html", folder / f"{stem}.ipynb"


def write_feedback(results_dir, record, executed):
    page, notebook = feedback_paths(results_dir, record)
    atomic_write(page, feedback_html(record))
    if executed is not None:
        atomic_write(notebook, nbformat.writes(executed))


STATUS_MARK = {"passed": "✓", "failed": "✗", "not run": "–", "manual": "✎"}


def feedback_html(record):
    esc = html.escape
    rows = "".join(
        f"<tr class='{esc(c['status'].replace(' ', '-'))}'><td>{STATUS_MARK.get(c['status'], '?')}</td>"
        f"<td><code>{esc(c['grade_id'])}</code></td><td>{_number(c['points'])} / {_number(c['max_points'])}</td>"
        f"<td><pre>{esc(c['message'] or c['status'])}</pre></td></tr>" for c in record.get("cells", []))
    notes = "".join(f"<li>{esc(t)}</li>" for t in record.get("tampering", []))
    reason = f"<p class='reason'>{esc(record['reason'])}</p>" if record.get("reason") else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(record['assignment'])}: {esc(record['student_id'])}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td{{vertical-align:top;padding:.3em .6em}}
pre{{white-space:pre-wrap;margin:0}}.passed td:first-child{{color:#1a7f37}}.failed td:first-child{{color:#cf222e}}
.reason{{color:#cf222e}}</style></head><body>
<h1>{esc(record['assignment'])}</h1>
<p>Student <b>{esc(record['student_id'])}</b>: <b>{_number(record.get('score'))}</b> of
{_number(record.get('max_score'))} points ({esc(record['status'])}).</p>{reason}
<table><tr><th></th><th>check</th><th>points</th><th>result</th></tr>{rows}</table>
{'<h2>Changes the grader undid</h2><ul>' + notes + '</ul>' if notes else ''}
</body></html>
"""
