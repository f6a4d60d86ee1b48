"""Grading by hand: a review page per assignment, and the instructor's marks merged back.

    RESULTS_DIR/review/ASSIGNMENT.html       every student's answer to each hand-graded cell, with a
                                             box for points and one for a comment. "Download marks"
                                             saves ASSIGNMENT-marks.csv; until then the browser keeps
                                             what you typed (per page, on this computer).
    RESULTS_DIR/review/ASSIGNMENT-marks.csv  the same table, to fill in a spreadsheet instead

    mlpedu marks RESULTS_DIR MARKS.csv [...]   checks every row, keeps the marks in RESULTS_DIR/marks.json,
                                               and writes the gradebook, the feedback pages and these pages
                                               again. A row with no points is not marked yet.

A mark belongs to the answer it was given for (the answer's SHA-256 is in the page and the CSV): if
the student's answer changes (a new submission graded with --resume), the cell waits to be marked
again instead of keeping a mark for a text nobody read. Students' answers are shown as text, never
run or rendered as HTML.
"""

import csv
import html
import io
import json
import math
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from ..errors import MlpeduError
from . import classreport, gradebook, report

MARK_COLUMNS = ["assignment", "student_id", "grade_id", "max_points", "points", "comment", "answer_sha256"]


def refresh(results_dir, records=None, duplicates=None, course=None):
    """Write everything made from the records, the course and the marks again: grades.csv, cells.csv, the
    review pages and the feedback pages. Returns the notes on the class (`gradebook.rows`).

    Given a `course` not yet saved, nothing is written unless its rule works for every row: save
    it afterwards, so that a rule that fails is never kept."""
    results_dir = Path(results_dir)
    if records is None:
        records, _ = report.read_records(results_dir)
    if duplicates is None:
        duplicates = duplicates_found(results_dir)
    course = course if course is not None else gradebook.load_course(results_dir)
    marks = gradebook.load_marks(results_dir)
    marked = [gradebook.apply_marks(r, marks) for r in records]  # once; the review pages need the records as graded
    notes = gradebook.write(results_dir, marked, course, {}, duplicates)
    for record in marked:
        if any(c.get("kind") == "manual" for c in record.get("cells", [])):
            report.write_if_changed(report.feedback_paths(results_dir, record)[0], report.feedback_html(record))
    write_pages(results_dir, records, marks)
    classreport.write(results_dir, marked)
    return notes


def duplicates_found(results_dir):
    """The duplicates the last grading run found (summary.json), as (student, assignment, files)."""
    try:
        summary = json.loads((Path(results_dir) / "summary.json").read_text(encoding="utf-8"))
        return [(d["student_id"], d["assignment"], [str(f) for f in d["files"]]) for d in summary["duplicates"]
                if isinstance(d["student_id"], str) and isinstance(d["assignment"], str)]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def _to_mark(cell):
    """A hand-graded cell of a notebook that ran (one that could not be read has nothing to mark)."""
    return cell.get("kind") == "manual" and cell.get("status") == "manual"


def write_pages(results_dir, records, marks):
    by_assignment = {}
    for record in records:
        if any(_to_mark(c) for c in record.get("cells", [])):
            by_assignment.setdefault(record["assignment"], []).append(record)
    for assignment, own in by_assignment.items():
        own.sort(key=lambda r: r["student_id"])
        rows = [_mark_row(record, cell, marks) for record in own for cell in record["cells"] if _to_mark(cell)]
        folder = Path(results_dir) / "review"
        report.atomic_write(folder / f"{report.safe_name(assignment)}.html", page(assignment, rows))
        report.atomic_write(folder / f"{report.safe_name(assignment)}-marks.csv", report.csv_text(MARK_COLUMNS, rows))


def _mark_row(record, cell, marks):
    mark = marks.get((record["assignment"], record["student_id"], cell["grade_id"]))
    current = mark is not None and mark.get("answer_sha256") in (None, cell.get("answer_sha256"))
    return {"assignment": record["assignment"], "student_id": record["student_id"], "grade_id": cell["grade_id"],
            "max_points": report.number(cell["max_points"]), "points": report.number(mark["points"]) if current else "",
            "comment": mark.get("comment", "") if current else "", "answer_sha256": cell.get("answer_sha256", ""),
            "answer": cell.get("answer", "")}


def _shown(answer):
    if answer.strip() in ("", "YOUR ANSWER HERE"):  # the student edition's placeholder, untouched
        return "<i>(not answered: the cell is as it was handed out)</i>"
    return html.escape(answer)


def page(assignment, rows):
    esc = html.escape
    sections = {}
    for row in rows:
        sections.setdefault(row["grade_id"], []).append(row)
    parts = []
    for grade_id, answers in sections.items():
        cards = "".join(
            f"<div class='card' data-student='{esc(r['student_id'])}' data-grade-id='{esc(grade_id)}' "
            f"data-sha='{esc(r['answer_sha256'])}' data-max='{esc(r['max_points'])}'>"
            f"<h3>{esc(r['student_id'])}</h3><pre>{_shown(r['answer'])}</pre>"
            f"<label>points <input type='number' min='0' max='{esc(r['max_points'])}' step='any' class='points' "
            f"value='{esc(r['points'])}'> / {esc(r['max_points'])}</label>"
            f"<label>comment <textarea class='comment' rows='2'>{esc(r['comment'])}</textarea></label></div>"
            for r in answers)
        parts.append(f"<section><h2><code>{esc(grade_id)}</code> ({esc(answers[0]['max_points'])} points, "
                     f"{len(answers)} answers)</h2>{cards}</section>")
    data = json.dumps({"assignment": assignment, "columns": MARK_COLUMNS}).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Review: {esc(assignment)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
.card{{border:1px solid #ccc;border-radius:6px;padding:.5em 1em;margin:1em 0}}.card.done{{border-color:#1a7f37}}
pre{{white-space:pre-wrap;background:#f6f8fa;padding:.5em}}label{{display:block;margin:.3em 0}}
textarea{{width:100%}}.bar{{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ccc}}
.invalid{{outline:2px solid #cf222e}}</style></head><body>
<h1>Review: {esc(assignment)}</h1>
<p>Give each answer its points (a number from 0 to the cell's points) and, if you like, a comment the student will
see. Then download the marks and merge them: <code>mlpedu marks RESULTS_DIR {esc(report.safe_name(assignment))}-marks.csv</code>.
What you type is kept in this browser until then.</p>
<div class="bar"><button id="download">Download marks</button> <span id="count"></span></div>
{''.join(parts)}
<script>
const page = {data};
const store = "mlpedu-marks:" + page.assignment;
const cards = [...document.querySelectorAll(".card")];
const key = c => [c.dataset.student, c.dataset.gradeId, c.dataset.sha].join("\\u0000");
function valid(c) {{
  const text = c.querySelector(".points").value.trim();
  const value = Number(text);
  return text === "" || (isFinite(value) && value >= 0 && value <= Number(c.dataset.max));
}}
function update() {{
  let done = 0;
  const saved = {{}};
  for (const c of cards) {{
    const points = c.querySelector(".points").value.trim(), comment = c.querySelector(".comment").value;
    c.querySelector(".points").classList.toggle("invalid", !valid(c));
    c.classList.toggle("done", points !== "" && valid(c));
    if (points !== "" && valid(c)) done++;
    saved[key(c)] = [points, comment];
  }}
  try {{ localStorage.setItem(store, JSON.stringify(saved)); }} catch (e) {{}}
  document.getElementById("count").textContent = done + " of " + cards.length + " answers marked";
}}
try {{
  const saved = JSON.parse(localStorage.getItem(store) || "{{}}");
  for (const c of cards) {{
    const kept = saved[key(c)];
    if (kept) {{ c.querySelector(".points").value = kept[0]; c.querySelector(".comment").value = kept[1]; }}
  }}
}} catch (e) {{}}
const formula = v => (v = v.replace(/([;\\t])(?=[=+\\-@\\r])/g, "$1'"), /^[=+\\-@\\t\\r]/.test(v) ? "'" + v : v);
const cell = v => (v = formula(v), /[",\\n\\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
document.getElementById("download").addEventListener("click", () => {{
  const bad = cards.filter(c => !valid(c));
  if (bad.length) {{ bad[0].scrollIntoView(); alert("Points must be between 0 and the cell's points."); return; }}
  const lines = [page.columns.join(",")];
  for (const c of cards) {{
    const row = [page.assignment, c.dataset.student, c.dataset.gradeId, c.dataset.max,
                 c.querySelector(".points").value.trim(), c.querySelector(".comment").value, c.dataset.sha];
    lines.push(row.map(cell).join(","));
  }}
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([lines.join("\\r\\n") + "\\r\\n"], {{type: "text/csv"}}));
  link.download = page.assignment + "-marks.csv";
  link.click();
}});
document.addEventListener("input", update);
update();
</script>
</body></html>
"""


def read_marks(results_dir, paths):
    """{(assignment, student, grade_id): mark} from marks CSV files, checked against the graded records.
    Every problem is collected; if there is one, nothing is kept (GradebookError lists them all)."""
    records, _ = report.read_records(results_dir)
    cells = {(r["assignment"], r["student_id"], c["grade_id"]): c for r in records for c in r.get("cells", [])
             if _to_mark(c)}
    marks, problems = {}, []
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    for path in map(Path, paths):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path}: cannot be read ({exc})")
            continue
        reader = csv.DictReader(io.StringIO(text))
        missing = [c for c in ("assignment", "student_id", "grade_id", "points") if c not in (reader.fieldnames or [])]
        if missing:
            problems.append(f"{path}: no column {', '.join(missing)} (expected {','.join(MARK_COLUMNS)})")
            continue
        for line, row in enumerate(reader, start=2):
            where = f"{path}, line {line}"
            key = tuple(_unescape(row.get(c) or "").strip() for c in ("assignment", "student_id", "grade_id"))
            points = (row.get("points") or "").strip()
            if not points:
                continue  # not marked yet
            cell = cells.get(key)
            if cell is None:
                problems.append(f"{where}: no graded submission of {key[0]!r} by {key[1]!r} has a hand-graded cell "
                                f"{key[2]!r}")
                continue
            # ASCII digits only: float() would also take "١" or "1_0", which nobody means as points
            value = float(points) if re.fullmatch(r"[0-9]+(\.[0-9]*)?|\.[0-9]+", points) else math.nan
            if not (math.isfinite(value) and 0 <= value <= cell["max_points"]):
                problems.append(f"{where}: points {points!r} for {key[1]!r}/{key[2]!r}: expected a number from 0 "
                                f"to {report.number(cell['max_points'])}, written like 1.5")
                continue
            sha = (row.get("answer_sha256") or "").strip()
            if sha and sha != cell.get("answer_sha256"):
                problems.append(f"{where}: {key[1]!r} has submitted a new answer to {key[2]!r} since this mark was "
                                "given; mark it again on the new review page")
                continue
            if key in marks and marks[key]["points"] != value:
                problems.append(f"{where}: {key[1]!r}/{key[2]!r} is marked twice, {report.number(marks[key]['points'])} "
                                f"and {points}; keep one")
                continue
            marks[key] = {"assignment": key[0], "student_id": key[1], "grade_id": key[2], "points": value,
                          "comment": _unescape(row.get("comment") or "").strip(),
                          "answer_sha256": cell.get("answer_sha256"), "marked_at": now, "file": path.name}
    if problems:
        raise gradebook.GradebookError("The marks were not merged; nothing changed:\n  " + "\n  ".join(problems))
    return marks


def _unescape(text):
    """A value the marks CSV escaped for spreadsheets ('=..., ;'=...) read back as written."""
    text = re.sub(r"([;\t])'(?=[=+\-@\r])", r"\1", text)
    return text[1:] if text.startswith("'") and text[1:2] in tuple(report.FORMULA_STARTS) else text


def add_parser(subparsers):
    parser = subparsers.add_parser("marks", help="merge the marks of hand-graded cells into the gradebook",
                                   description="Merge the instructor's marks (the CSV the review page downloads, "
                                               "or RESULTS_DIR/review/ASSIGNMENT-marks.csv filled in) into the "
                                               "gradebook and the feedback.")
    parser.add_argument("results", metavar="RESULTS_DIR", help="the --out folder of `mlpedu grade`")
    parser.add_argument("marks", nargs="+", metavar="MARKS.csv", help="columns assignment, student_id, grade_id, "
                                                                       "points, and optionally comment, answer_sha256")
    parser.set_defaults(run=run)
    return parser


def run(args):
    try:
        new = read_marks(args.results, args.marks)
        marks = gradebook.load_marks(args.results)
        changed = sum(1 for key, mark in new.items() if key not in marks or
                      (marks[key]["points"], marks[key]["comment"]) != (mark["points"], mark["comment"]))
        marks.update(new)
        gradebook.save_marks(args.results, marks)
        notes = refresh(args.results)
    except MlpeduError as exc:
        print(f"mlpedu marks: {exc}", file=sys.stderr)
        return 2
    records, _ = report.read_records(args.results)
    waiting = sum(1 for r in records for c in gradebook.apply_marks(r, marks)["cells"] if c["status"] == "manual")
    print(f"Merged {len(new)} mark(s) ({changed} new or changed); {waiting} hand-graded answer(s) still to mark.")
    for note in notes:
        print(f"  {note}")
    print(f"Grades: {args.results}/grades.csv; feedback: {args.results}/feedback/")
    return 0
