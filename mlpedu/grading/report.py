"""What grading leaves in RESULTS_DIR, always written to a temporary file and then os.replace'd:

    RESULTS_DIR/
      grades.csv              one row per student per assignment (nbgrader's grade-export columns
                              first, then status, reason, tampering, ...: see `gradebook`)
      cells.csv               one row per graded cell: points, status and the check's message
      summary.json            counts, and every failure, duplicate and unmatched file with its reason
      course.json, marks.json the roster, due dates, late rule (`gradebook`); hand-given marks (`review`)
      records/ASSIGNMENT/STUDENT.json   the full result of one submission (what --resume reads)
      feedback/STUDENT/ASSIGNMENT.html  a page per submission: score, each check and its message
      feedback/STUDENT/ASSIGNMENT.ipynb the notebook as graded, with outputs (hidden tests not shown)
      review/ASSIGNMENT.html            every answer to the hand-graded cells, to mark (`review`)
      report/                           what the class got wrong (`classreport`)

A record counts only if it is a regular file at the path its own student_id and assignment give,
with the fields a record has; anything else in records/ is listed and ignored (`read_records`).
Text in the CSV files that a spreadsheet would run as a formula is escaped (`spreadsheet_text`).
"""

import csv
import hashlib
import html
import io
import json
import math
import os
import re
import tempfile
from pathlib import Path

import nbformat

from .submissions import UnreadableFile, read_regular_file

STATUSES = ("graded", "incident", "invalid", "error")
RECORD_FIELDS = ("student_id", "assignment", "status", "score", "max_score", "reason", "cells", "tampering")
MAX_RECORD_BYTES = 64 * 2**20
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)


def atomic_write(path, content):
    """Write `content` (text, or bytes) to `path` through a temporary file, so that no reader ever
    sees half of it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # a lone surrogate (a student's odd file name or message) is written as \udc9a, never raises
        with (os.fdopen(fd, "wb") if isinstance(content, bytes)
              else os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace", newline="")) as handle:
            handle.write(content)
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


def write_if_changed(path, text):
    """`atomic_write`, unless the file already holds `text`: pages made again from unchanged records are
    left alone, so a class of thousands is not rewritten (and synced to disk) for one mark."""
    try:
        if Path(path).read_text(encoding="utf-8") == text:
            return
    except (OSError, UnicodeDecodeError):
        pass
    atomic_write(path, text)


HASHED = re.compile(r"-[0-9a-f]{16}$")


def safe_name(text):
    """A file name for a student id or assignment: readable, and distinct ids stay distinct.

    An id that had to change (or be cut, or that already looks like a changed one) gets a hash of
    itself appended, 64 bits: no one can choose an id that lands on another student's files."""
    slug = re.sub(r"[^A-Za-z0-9._@-]+", "_", text).strip("._") or "student"
    if slug != text or len(slug) > 120 or HASHED.search(slug):
        slug = slug[:100] + "-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return slug


def record_path(results_dir, assignment, student_id):
    return Path(results_dir) / "records" / safe_name(assignment) / f"{safe_name(student_id)}.json"


def write_record(results_dir, record):
    atomic_write(record_path(results_dir, record["assignment"], record["student_id"]),
                 json.dumps(record, indent=1, ensure_ascii=False))


def read_records(results_dir):
    """(records, ignored): the records in RESULTS_DIR/records that grading could have written, and
    (path relative to RESULTS_DIR, why) for everything else there, which is not trusted."""
    results_dir = Path(results_dir)
    records, ignored = [], []

    def ignore(path, why):
        ignored.append((path.relative_to(results_dir).as_posix(), why))

    for folder, is_folder in _listing(results_dir / "records", ignore):
        if not is_folder:
            ignore(folder, _misplaced(folder, "an assignment folder"))
            continue
        for path, is_folder in _listing(folder, ignore):
            if is_folder or path.suffix != ".json":
                ignore(path, _misplaced(path, "a record file"))
                continue
            try:
                data = read_regular_file(path, MAX_RECORD_BYTES)
                if len(data) > MAX_RECORD_BYTES:
                    raise ValueError(f"larger than {MAX_RECORD_BYTES // 2**20} MiB")
                record = json.loads(data.decode("utf-8"))
                why = _record_problem(results_dir, path, record)
            except UnreadableFile as exc:
                why = exc.reason
            except ValueError as exc:  # too large, not UTF-8, not JSON
                why = f"is not a readable record ({exc})"
            if why:
                ignore(path, why)
            else:
                records.append(record)
    return records, ignored


def _listing(folder, ignore):
    """Sorted (path, is a folder) for the entries of `folder`, never following a link."""
    if os.path.islink(folder):  # scandir would follow it
        ignore(Path(folder), "is a symbolic link (not followed)")
        return []
    try:
        with os.scandir(folder) as entries:
            return sorted((Path(e.path), e.is_dir(follow_symlinks=False)) for e in entries)
    except FileNotFoundError:
        return []  # no records yet
    except OSError as exc:
        ignore(Path(folder), f"cannot be listed: {exc.strerror}")
        return []


def _misplaced(path, expected):
    if path.is_symlink():
        return "is a symbolic link (not followed)"
    return f"is not {expected} (records/ASSIGNMENT/STUDENT.json)"


def _record_problem(results_dir, path, record):
    """Why `record`, read from `path`, is not one grading wrote there; None if it may be."""
    if not isinstance(record, dict):
        return "is not a record (a JSON object)"
    missing = [key for key in RECORD_FIELDS if key not in record]
    if missing:
        return "has no " + ", ".join(missing)
    for key in ("student_id", "assignment"):
        if not isinstance(record[key], str) or not record[key]:
            return f"its {key} {record[key]!r:.60} is not a non-empty text"
    if path != record_path(results_dir, record["assignment"], record["student_id"]):
        key = "assignment" if safe_name(record["assignment"]) != path.parent.name else "student_id"
        return f"its {key} {record[key]!r:.60} does not match its path"
    if record["status"] not in STATUSES:
        return f"its status {record['status']!r:.60} is not one of {', '.join(STATUSES)}"
    for key in ("score", "max_score"):
        if record[key] is not None and not _is_number(record[key]):
            return f"its {key} {record[key]!r:.60} is not a number"
    if not isinstance(record["reason"], str):
        return "its reason is not a text"
    if not isinstance(record["tampering"], list) or not all(isinstance(t, str) for t in record["tampering"]):
        return "its tampering is not a list of texts"
    if not isinstance(record["cells"], list) or not all(
            isinstance(c, dict) and isinstance(c.get("status"), str) and _is_number(c.get("points"))
            and _is_number(c.get("max_points")) for c in record["cells"]):
        return "its cells are not a list of cells (each with a status, points and max_points)"
    return None


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def spreadsheet_text(value):
    """`value`, with a ' in front of anything a spreadsheet would read as a formula (=HYPERLINK(...), +, -,
    @), at the start or after a ; or tab, where spreadsheets set to split there start a new cell."""
    if not isinstance(value, str):
        return value
    value = re.sub(r"([;\t])(?=[=+\-@\r])", r"\1'", value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(columns, rows, numbers=()):
    """A CSV table of `rows` (dicts; keys outside `columns` ignored): the `numbers` columns written by
    `number`, every other value through `spreadsheet_text`, so that "-1" stays a score and "=1+1" is no
    formula."""
    text = io.StringIO()
    writer = csv.DictWriter(text, columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: number(value) if key in numbers else spreadsheet_text(value) for key, value in row.items()})
    return text.getvalue()


def number(value):
    """A score as people write it: 8, 0.5, 1234567.5 (whole numbers without ".0", nothing rounded)."""
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def feedback_paths(results_dir, record):
    folder = Path(results_dir) / "feedback" / safe_name(record["student_id"])
    stem = safe_name(record["assignment"])
    return folder / f"{stem}.html", folder / f"{stem}.ipynb"


def write_feedback(results_dir, record, executed):
    page, notebook = feedback_paths(results_dir, record)
    atomic_write(page, feedback_html(record))
    if executed is not None:
        atomic_write(notebook, nbformat.writes(executed))


def _read_again(cell):
    from .. import lessons

    section = lessons.described(cell.get("mistake") or "") if cell.get("status") == "failed" else None
    return f"<p class='lesson'>Read again: {html.escape(section)}</p>" if section else ""


STATUS_MARK = {"passed": "✓", "failed": "✗", "not run": "–", "manual": "✎", "marked": "✎"}


def feedback_html(record):
    esc = html.escape
    rows = "".join(
        f"<tr class='{esc(c['status'].replace(' ', '-'))}'><td>{STATUS_MARK.get(c['status'], '?')}</td>"
        f"<td><code>{esc(c['grade_id'])}</code></td><td>{number(c['points'])} / {number(c['max_points'])}</td>"
        f"<td><pre>{esc(c['message'] or c['status'])}</pre>{_read_again(c)}</td></tr>" for c in record.get("cells", []))
    notes = "".join(f"<li>{esc(t)}</li>" for t in record.get("tampering", []))
    reason = f"<p class='reason'>{esc(record['reason'])}</p>" if record.get("reason") else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{esc(record['assignment'])}: {esc(record['student_id'])}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}td{{vertical-align:top;padding:.3em .6em}}td:nth-child(3){{white-space:nowrap}}
pre{{white-space:pre-wrap;margin:0}}.passed td:first-child{{color:#1a7f37}}.failed td:first-child{{color:#cf222e}}
.reason{{color:#cf222e}}</style></head><body>
<h1>{esc(record['assignment'])}</h1>
<p>Student <b>{esc(record['student_id'])}</b>: <b>{number(record.get('score'))}</b> of
{number(record.get('max_score'))} points ({esc(record['status'])}).</p>{reason}
<table><tr><th></th><th>check</th><th>points</th><th>result</th></tr>{rows}</table>
{'<h2>Notes on this submission</h2><ul>' + notes + '</ul>' if notes else ''}
</body></html>
"""
