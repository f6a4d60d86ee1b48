"""`mlpedu feedback RESULTS_DIR --out DIR`: one zip per student, ready to upload to an LMS.

    DIR/<student>_feedback.zip
        grades.csv                   the student's own rows of the gradebook: due date, time, score
                                     before and after a late penalty, status (`missing` too), reason
        <assignment>.html            the feedback page of each graded assignment
        <assignment>.ipynb           the notebook as graded (no solutions, no hidden tests)

Only records the gradebook trusts are packed (see `report.read_records`), with the instructor's
marks of hand-graded cells. A zip already in DIR is kept unless --force: nothing there is
overwritten by surprise.
"""

import io
import sys
import zipfile
from pathlib import Path

from ..errors import MlpeduError
from . import gradebook, report

STUDENT_COLUMNS = ["assignment", "duedate", "timestamp", "raw_score", "late_submission_penalty", "score", "max_score",
                   "status", "reason"]
NEVER_RELEASED = ("### BEGIN HIDDEN TESTS", "### BEGIN SOLUTION")  # the feedback never has them; checked anyway
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # the same records give the same zip, byte for byte


def pack(results_dir, out_dir, force=False):
    """Write one zip per student; return (written, kept): paths written, and (path, why) left alone."""
    results_dir, out_dir = Path(results_dir), Path(out_dir)
    records, _ = report.read_records(results_dir)
    if not records:
        raise MlpeduError(f"{results_dir} holds no graded submissions (records/); run `mlpedu grade` first.")
    marks = gradebook.load_marks(results_dir)
    rows, _, _ = gradebook.rows(records, gradebook.load_course(results_dir), marks)
    by_student = {}
    for row in rows:  # the gradebook's own rows: marks, late penalties and missing submissions included
        by_student.setdefault(row["student_id"], []).append(row)
    written, kept = [], []
    out_dir.mkdir(parents=True, exist_ok=True)
    for student, own in sorted(by_student.items()):
        target = out_dir / f"{report.safe_name(student)}_feedback.zip"
        if target.exists() and not force:
            kept.append((target, "already there (use --force to write it again)"))
            continue
        _write_zip(target, _members(results_dir, sorted(own, key=lambda r: r["assignment"])))
        written.append(target)
    return written, kept


def _members(results_dir, rows):
    members = {}
    for row in rows:
        if row["status"] == "missing":
            continue
        for path in report.feedback_paths(results_dir, row):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                if any(marker.encode() in data for marker in NEVER_RELEASED):
                    raise MlpeduError(f"{path} holds hidden tests or a solution; it was not released. Grade that "
                                      "submission again (--force) and report this as a bug.")
                members[path.name] = data
    table = report.csv_text(STUDENT_COLUMNS, rows, ("raw_score", "late_submission_penalty", "score", "max_score"))
    members["grades.csv"] = table.encode("utf-8", "backslashreplace")
    return members


def _write_zip(target, members):
    archive_bytes = io.BytesIO()
    with zipfile.ZipFile(archive_bytes, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(members.items()):
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    report.atomic_write(target, archive_bytes.getvalue())


def add_parser(subparsers):
    parser = subparsers.add_parser("feedback", help="pack each student's feedback into a zip for an LMS",
                                   description=__doc__.splitlines()[0].split(": ", 1)[1])
    parser.add_argument("results", metavar="RESULTS_DIR", help="the --out folder of `mlpedu grade`")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the zips")
    parser.add_argument("--force", action="store_true", help="write zips that are already there again")
    parser.set_defaults(run=run)
    return parser


def run(args):
    try:
        written, kept = pack(args.results, args.out, force=args.force)
    except MlpeduError as exc:
        print(f"mlpedu feedback: {exc}", file=sys.stderr)
        return 2
    print(f"Packed feedback for {len(written)} student(s) into {args.out}.")
    for path, why in kept:
        print(f"  kept {path.name}: {why}")
    return 0
