"""`mlpedu grade SUBMISSIONS_DIR --out RESULTS_DIR`: grade a folder of student notebooks."""

import sys

from ..errors import MlpeduError
from .limits import Limits

EPILOG = """Student ids come from the layout: SUBMISSIONS/<student>/<...assignment...> (a folder per
student) or SUBMISSIONS/<student>_<assignment>.ipynb (a file per student; separators _ - . or
space, either order). The assignment is the source notebook whose name appears in the file name.
Use --pattern with a (?P<student>...) group for other layouts. Duplicates and unmatched files are
listed in the summary and in RESULTS_DIR/summary.json. Each kernel runs in an operating-system
sandbox (bubblewrap: install the package 'bubblewrap'); without it grading refuses to start
unless --no-os-sandbox. Exit code 0: every submission graded (unreadable notebooks score 0 and
are listed); 1: duplicates, grader errors or untrusted files in RESULTS_DIR/records to look at;
2: bad arguments, or no sandbox."""


def add_parser(subparsers):
    parser = subparsers.add_parser("grade", help="grade a folder of submitted notebooks",
                                   description="Run each submission in its own sandboxed kernel with the "
                                               "hidden tests restored, and write a gradebook and feedback.",
                                   epilog=EPILOG)
    parser.add_argument("submissions", metavar="SUBMISSIONS_DIR", help="folder of submitted notebooks")
    parser.add_argument("--out", required=True, metavar="RESULTS_DIR", help="folder for grades and feedback")
    parser.add_argument("--source", metavar="DIR", help="folder of nbgrader source notebooks, or nbgrader's "
                                                        "source/<assignment>/ tree, or the course folder holding "
                                                        "it (default: the exercises shipped with mlpedu)")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="submissions graded in parallel (default 1)")
    again = parser.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true", help="keep grades already in RESULTS_DIR; grade only "
                                                             "new or changed submissions")
    again.add_argument("--force", action="store_true", help="grade everything again, replacing earlier grades")
    parser.add_argument("--pattern", metavar="REGEX", help="regular expression on the relative path with a "
                                                          "(?P<student>...) group and optionally (?P<assignment>...)")
    parser.add_argument("--cell-timeout", type=float, default=Limits.cell_timeout, metavar="S",
                        help=f"seconds per cell (default {Limits.cell_timeout:g})")
    parser.add_argument("--notebook-timeout", type=float, default=Limits.notebook_timeout, metavar="S",
                        help=f"seconds per notebook (default {Limits.notebook_timeout:g})")
    parser.add_argument("--memory-mb", type=int, default=Limits.memory_mb, metavar="MB",
                        help=f"memory limit of a student's kernel (default {Limits.memory_mb})")
    parser.add_argument("--workspace-mb", type=int, default=Limits.workspace_mb, metavar="MB",
                        help=f"size of each of the kernel's writable folders (default {Limits.workspace_mb})")
    parser.add_argument("--no-os-sandbox", action="store_true",
                        help="grade without bubblewrap, with the in-process limits only (not a jail: for trusted "
                             "notebooks, or machines without user namespaces); said in the summary and gradebook")
    add_course_options(parser)
    parser.add_argument("--shard", metavar="K/N", help="grade only shard K of N (1 ≤ K ≤ N): a fixed share of the "
                                                       "students, for a batch system; `mlpedu merge` joins the shards")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(run=run)
    return parser


def add_course_options(parser):
    """What the gradebook knows besides the grades; kept in RESULTS_DIR/course.json until given again."""
    from .gradebook import LATE_RULES

    group = parser.add_argument_group("class", "kept in RESULTS_DIR/course.json: later runs that do not give "
                                               "them use the same")
    group.add_argument("--roster", metavar="CSV", help="students: columns id (or student_id), first_name, last_name, "
                                                       "email, lms_user_id (nbgrader's student import format)")
    group.add_argument("--due", action="append", default=[], metavar="ASSIGNMENT=TIME",
                       help="a due date, e.g. ex01_single_neuron=2026-10-01T17:00+02:00 (no zone: UTC; 'none' "
                            "removes it); repeat for each assignment")
    group.add_argument("--due-dates", metavar="CSV", help="due dates: columns name (or assignment) and duedate")
    group.add_argument("--late-penalty", metavar="RULE", help=f"{LATE_RULES} (default none); see the README")


def course_options(args):
    """(roster, due, late_penalty) as `runner.grade` and `gradebook.update_course` take them; None: keep."""
    from .gradebook import read_due_dates, read_roster

    due = read_due_dates(args.due, args.due_dates) if (args.due or args.due_dates) else None
    return (read_roster(args.roster) if args.roster else None), due, args.late_penalty


def run(args):
    from .runner import grade  # jupyter_client and nbformat load only when grading

    limits = Limits(cell_timeout=args.cell_timeout, notebook_timeout=args.notebook_timeout, memory_mb=args.memory_mb,
                    workspace_mb=args.workspace_mb)
    try:
        from .shards import parse_shard

        shard = parse_shard(args.shard) if args.shard else None
        roster, due, late_penalty = course_options(args)
        summary = grade(args.submissions, args.out, args.source, jobs=args.jobs, resume=args.resume,
                        force=args.force, pattern=args.pattern, limits=limits, progress=not args.no_progress,
                        os_sandbox=not args.no_os_sandbox, roster=roster, due=due, late_penalty=late_penalty,
                        shard=shard)
    except MlpeduError as exc:
        print(f"mlpedu grade: {exc}", file=sys.stderr)
        return 2
    print(summary.text())
    print(f"Grades: {args.out}/grades.csv (per cell: cells.csv); feedback: {args.out}/feedback/")
    return 0 if summary.ok else 1


def add_gradebook_parser(subparsers):
    parser = subparsers.add_parser("gradebook", help="write the gradebook again, or export it for nbgrader's users",
                                   description="Write RESULTS_DIR/grades.csv and cells.csv again from the graded "
                                               "records, with a new roster, due dates or late-penalty rule, and "
                                               "export the gradebook in nbgrader's format.")
    parser.add_argument("results", metavar="RESULTS_DIR", help="the --out folder of `mlpedu grade`")
    add_course_options(parser)
    parser.add_argument("--format", choices=("mlpedu", "nbgrader"), default="mlpedu",
                        help="nbgrader: also write the file `nbgrader export` writes (its columns and number format)")
    parser.add_argument("--to", metavar="FILE", help="where the nbgrader export goes (default RESULTS_DIR/"
                                                      "nbgrader-grades.csv); an existing file needs --force")
    parser.add_argument("--force", action="store_true", help="replace the --to file if it exists")
    parser.set_defaults(run=run_gradebook)
    return parser


def run_gradebook(args):
    from pathlib import Path

    from . import gradebook, report, review

    results = Path(args.results)
    try:
        records, ignored = report.read_records(results)
        if not records and not gradebook.course_path(results).is_file():
            raise MlpeduError(f"{results} holds no graded submissions; run `mlpedu grade` first.")
        target = Path(args.to) if args.to else results / "nbgrader-grades.csv"
        if args.format == "nbgrader" and args.to and target.exists() and not args.force:
            raise MlpeduError(f"{target} exists; use --force to replace it, or choose another --to.")
        roster, due, late_penalty = course_options(args)
        course = gradebook.update_course(gradebook.load_course(results), None, roster, due, late_penalty)
        notes = review.refresh(results, records, course=course)
        gradebook.save_course(results, course)  # after the rows were made: a rule that fails is not kept
        if args.format == "nbgrader":
            text = gradebook.nbgrader_export(records, course, gradebook.load_marks(results), review.duplicates_found(results))
            report.atomic_write(target, text)
    except MlpeduError as exc:
        print(f"mlpedu gradebook: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote {results}/grades.csv and cells.csv from {len(records)} graded submission(s)"
          + (f"; nbgrader's format: {target}" if args.format == "nbgrader" else "") + ".")
    for path, why in ignored:
        print(f"  ignored {path}: {why}")
    for note in notes:
        print(f"  {note}")
    return 1 if ignored else 0
