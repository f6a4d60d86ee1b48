"""Grading past one machine: `mlpedu grade --shard K/N` grades a fixed share of the class, and
`mlpedu merge SHARD_DIR... --out RESULTS_DIR` puts the shards' results together.

A student belongs to shard K of N when the first 8 bytes of SHA-256(student id), as a number,
leave K − 1 after division by N. So the share depends on nothing but the id: every machine agrees
without talking to the others, a student's assignments are graded together, and a class that grows
keeps everyone where they were (a shard graded again with --resume grades only what changed).

The merged folder is a results folder like any other (grades.csv, feedback, review pages; `mlpedu
feedback`, `mlpedu marks` and `mlpedu gradebook` work on it). Merging refuses shards graded with
different sources, rosters, due dates or rules, a shard missing from 1..N, a submission found in two
shards, and a folder that already holds results (unless --force, which replaces the graded results
and keeps the marks).
"""

import json
import os
import re
import sys
from pathlib import Path

from ..errors import MlpeduError
from . import gradebook, report, review
from .gradebook import shard_of
from .submissions import UnreadableFile, read_regular_file

MAX_FEEDBACK_BYTES = 200 * 2**20


def parse_shard(text):
    """(K, N) from "K/N", 1 ≤ K ≤ N."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text or "")
    if not match:
        raise MlpeduError(f"--shard {text!r}: expected K/N, e.g. 2/8 for the second of eight shards.")
    k, n = int(match[1]), int(match[2])
    if not 1 <= k <= n:
        raise MlpeduError(f"--shard {text!r}: shards are numbered 1 to N (here 1 to {n}); a 0-based array index "
                          "needs + 1, e.g. --shard $((SLURM_ARRAY_TASK_ID + 1))/N.")
    return k, n


def keep_shard(found, shard):
    """Narrow a Discovery to one shard. Files that belong to no student are reported by shard 1 only."""
    if shard is None:
        return found
    k, n = shard
    found.submissions = [s for s in found.submissions if shard_of(s.student_id, n) == k]
    found.duplicates = [d for d in found.duplicates if shard_of(d[0], n) == k]
    if k != 1:
        found.unmatched, found.skipped = [], []
    return found


def merge(shard_dirs, out_dir, force=False):
    """Put the shards' results into `out_dir`; return (records, notes)."""
    shard_dirs, out_dir = [Path(d).resolve() for d in shard_dirs], Path(out_dir).resolve()
    if out_dir in shard_dirs:
        raise MlpeduError(f"{out_dir} is one of the shards; merge into a folder of its own.")
    courses = [_shard_course(d) for d in shard_dirs]
    course = _agreed(shard_dirs, courses)
    records, origin, summaries = {}, {}, []
    for folder in shard_dirs:
        found, ignored = report.read_records(folder)
        if ignored:
            raise MlpeduError(f"{folder} has files in records/ that grading did not write ({ignored[0][0]}: "
                              f"{ignored[0][1]}); grade that shard again or remove them.")
        for record in found:
            key = (record["assignment"], record["student_id"])
            if key in records:
                raise MlpeduError(f"{record['student_id']!r}'s {record['assignment']!r} is in two shards, "
                                  f"{origin[key]} and {folder}; were they graded with the same --shard N?")
            records[key], origin[key] = record, folder
        summaries.append(_summary(folder))
    previous, _ = report.read_records(out_dir)
    if previous and not force:
        raise MlpeduError(f"{out_dir} already holds {len(previous)} graded submission(s); use --force to replace "
                          "them with the shards' (the marks there are kept).")
    for key, record in sorted(records.items()):
        report.write_record(out_dir, record)
        for path in report.feedback_paths(origin[key], record):
            target = out_dir / path.relative_to(origin[key])
            try:
                report.atomic_write(target, read_regular_file(path, MAX_FEEDBACK_BYTES))
            except UnreadableFile:
                pass  # an invalid notebook has a page but no graded notebook
    for stale in previous:  # graded before, in no shard now: its results go with it
        if (stale["assignment"], stale["student_id"]) not in records:
            for path in (report.record_path(out_dir, stale["assignment"], stale["student_id"]),
                         *report.feedback_paths(out_dir, stale)):
                if path.is_file() and not path.is_symlink():
                    os.unlink(path)
    course.shard = None
    gradebook.save_course(out_dir, course)
    marks = {}
    for folder in shard_dirs:
        marks.update(gradebook.load_marks(folder))
    if marks:
        gradebook.save_marks(out_dir, {**marks, **gradebook.load_marks(out_dir)})
    summary = _merged_summary(summaries, list(records.values()))
    report.atomic_write(out_dir / "summary.json", json.dumps(summary, indent=1, ensure_ascii=False))
    notes = review.refresh(out_dir, list(records.values()))  # the duplicates: from the summary just written
    return list(records.values()), notes


def _shard_course(folder):
    if not gradebook.course_path(folder).is_file():
        raise MlpeduError(f"{folder} is not a results folder of `mlpedu grade` (it has no course.json).")
    course = gradebook.load_course(folder)
    if not course.shard:
        raise MlpeduError(f"{folder} was not graded with --shard K/N; only shards are merged.")
    return course


def _agreed(folders, courses):
    """The course all shards were graded with; a difference is named."""
    first = courses[0]
    n = first.shard[1]
    for folder, course in zip(folders, courses):
        for name in ("assignments", "roster", "due", "late_penalty"):
            if getattr(course, name) != getattr(first, name):
                raise MlpeduError(f"{folder} was graded with other {name.replace('_', ' ')} than {folders[0]}; grade "
                                  "every shard with the same sources and options.")
        if course.shard[1] != n:
            raise MlpeduError(f"{folder} is shard {course.shard[0]} of {course.shard[1]}, {folders[0]} one of {n}.")
    numbers = sorted(course.shard[0] for course in courses)
    repeated = sorted({k for k in numbers if numbers.count(k) > 1})
    if repeated:
        raise MlpeduError(f"shard {repeated[0]} of {n} is given twice.")
    missing = sorted(set(range(1, n + 1)) - set(numbers))
    if missing:
        raise MlpeduError(f"shard(s) {', '.join(map(str, missing))} of {n} are missing: merge all {n} results folders.")
    return gradebook.Course(**{**vars(first)})


def _summary(folder):
    try:
        return json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _merged_summary(summaries, records):
    def listed(name):
        return [item for s in summaries for item in (s.get(name) or []) if isinstance(item, (dict, str))]

    statuses = ("graded", "incident", "invalid", "error")
    return {"merged_shards": len(summaries), "seconds": round(sum(float(s.get("seconds") or 0) for s in summaries), 3),
            "os_sandbox": all(s.get("os_sandbox", True) for s in summaries), "graded": len(records), "resumed": 0,
            "by_status": {s: sum(1 for r in records if r["status"] == s) for s in statuses},
            "problems": [{k: r[k] for k in ("student_id", "assignment", "status", "reason")}
                         for r in records if r["status"] != "graded"],
            "tampering": {f"{r['student_id']}/{r['assignment']}": r["tampering"] for r in records if r.get("tampering")},
            "duplicates": [d for d in listed("duplicates") if isinstance(d, dict) and isinstance(d.get("files"), list)],
            "unmatched": listed("unmatched"), "skipped": listed("skipped"), "ignored": listed("ignored")}


def add_parser(subparsers):
    parser = subparsers.add_parser("merge", help="merge the results folders of `mlpedu grade --shard K/N`",
                                   description="Put the results of all shards of a class into one results folder: "
                                               "one gradebook, all feedback, the review pages.")
    parser.add_argument("shards", nargs="+", metavar="SHARD_DIR", help="the --out folder of each shard")
    parser.add_argument("--out", required=True, metavar="RESULTS_DIR", help="folder for the merged results")
    parser.add_argument("--force", action="store_true", help="replace results already in RESULTS_DIR (marks are kept)")
    parser.set_defaults(run=run)
    return parser


def run(args):
    try:
        records, notes = merge(args.shards, args.out, force=args.force)
    except MlpeduError as exc:
        print(f"mlpedu merge: {exc}", file=sys.stderr)
        return 2
    print(f"Merged {len(records)} graded submission(s) from {len(args.shards)} shard(s) into {args.out}.")
    for note in notes:
        print(f"  {note}")
    print(f"Grades: {args.out}/grades.csv (per cell: cells.csv); feedback: {args.out}/feedback/")
    return 0
