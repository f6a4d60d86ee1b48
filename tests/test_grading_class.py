"""End to end: `mlpedu grade -j 2` over a class of submissions, hostile ones included
(tests/grading_fixtures/toy.py says who did what). One grading run, asserted case by case;
then --resume, which must grade only what changed."""

import ast
import contextlib
import csv
import io
import glob
import hashlib
import json
import os
import tempfile
from pathlib import Path

import nbformat
import psutil
import pytest

import mlpedu
from grading_fixtures import toy
from mlpedu.cli import main

PACKAGE = Path(mlpedu.__file__).parent
LIMITS = ["--cell-timeout", "3", "--notebook-timeout", "60", "--memory-mb", "1024"]


def digest(folder, skip=None):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file() and skip not in p.parts}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, os_sandbox):
    root = tmp_path_factory.mktemp("class")
    source, submissions, results = toy.write_class(root)
    before = {"submissions": digest(submissions), "source": digest(source)}
    package_before = digest(PACKAGE, skip="__pycache__")
    # A private temporary folder: another grading run on the machine cannot be mistaken for a leftover.
    private_tmp = root / "tmp"
    private_tmp.mkdir()
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"], tempfile.tempdir = str(private_tmp), str(private_tmp)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            exit_code = main(["grade", str(submissions), "--out", str(results), "--source", str(source), "-j", "2",
                              "--no-progress", *LIMITS])
    finally:
        if saved[0] is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = saved[0]
        tempfile.tempdir = saved[1]
    records = {json.loads(p.read_text())["student_id"]: json.loads(p.read_text())
               for p in (results / "records" / toy.ASSIGNMENT).glob("*.json")}
    leftovers = set(glob.glob(str(private_tmp / "mlpedu-grade-*")))
    return {"package_before": package_before, "root": root, "source": source, "submissions": submissions, "results": results, "before": before,
            "exit_code": exit_code, "records": records, "leftover_dirs": leftovers, "printed": printed.getvalue()}


@pytest.mark.parametrize("student", sorted(toy.EXPECTED))
def test_each_submission_gets_the_score_and_reason_it_deserves(graded, student):
    score, status, cells, tampering = toy.EXPECTED[student]
    record = graded["records"].get(student)
    assert record is not None, f"{student} was not graded; graded: {sorted(graded['records'])}"
    got = {c["grade_id"]: (c["status"], c["message"]) for c in record["cells"]}
    assert (record["score"], record["status"]) == (score, status), (
        f"{student}: expected {score} points ({status}), got {record['score']} ({record['status']}: "
        f"{record['reason']}); cells {got}")
    for grade_id, (cell_status, text) in cells.items():
        assert got[grade_id][0] == cell_status and text in got[grade_id][1], (
            f"{student}, {grade_id}: expected {cell_status} with {text!r}, got {got[grade_id]}")
    for text in tampering:
        assert any(text in t for t in record["tampering"]), f"{student}: {text!r} not in {record['tampering']}"
    if not tampering:
        assert record["tampering"] == [], f"{student}: unexpected tampering report {record['tampering']}"


def test_the_checkers_diagnosis_reaches_the_gradebook(graded):
    cells = {(r["student_id"], r["grade_id"]): r for r in csv.DictReader(
        (graded["results"] / "cells.csv").open(encoding="utf-8"))}
    assert cells[("bob", "test_dense_backward")]["mistake"] == "bias_not_summed"
    assert cells[("dave", "test_dense_backward")]["mistake"] == "transposed_weight_matrix"
    assert "bias gradient not summed" in cells[("bob", "test_dense_backward")]["message"]


def test_gradebook_has_a_row_per_submission_and_flags_duplicates(graded):
    rows = {r["student_id"]: r for r in csv.DictReader((graded["results"] / "grades.csv").open(encoding="utf-8"))}
    assert set(rows) == set(toy.EXPECTED) | {"quinn"}, sorted(rows)
    assert (rows["alice"]["score"], rows["alice"]["max_score"], rows["alice"]["needs_manual_grading"]) == ("8", "9", "1")
    assert rows["quinn"]["status"] == "duplicate" and "quinn_toy_backprop.ipynb" in rows["quinn"]["reason"]
    assert rows["grace"]["score"] == "8", "grace's fake grades.csv in her sandbox is not the gradebook"


def test_summary_reports_duplicates_unmatched_and_failures(graded):
    summary = json.loads((graded["results"] / "summary.json").read_text())
    assert summary["by_status"] == {"graded": 19, "incident": 5, "invalid": 2, "error": 0}, summary["by_status"]
    assert summary["duplicates"] == [{"student_id": "quinn", "assignment": "toy_backprop",
                                      "files": ["quinn/toy_backprop.ipynb", "quinn_toy_backprop.ipynb"]}]
    assert {u["file"] for u in summary["unmatched"]} == {"notes.txt", "rachel/Untitled.ipynb"}
    assert {p["student_id"] for p in summary["problems"]} == {"heidi", "leo", "mike", "nina", "olga", "oscar", "tina"}
    assert graded["exit_code"] == 1, "duplicates need the instructor: the command says so with exit code 1"
    printed = graded["printed"]
    for line in ("Graded 26 submission(s)", "19 graded", "5 incident", "2 invalid",
                 "incident  mike / toy_backprop: the kernel died", "invalid   nina / toy_backprop: not a readable notebook",
                 "duplicate quinn / toy_backprop", "unmatched notes.txt", "6 submission(s) changed locked cells"):
        assert line in printed, f"{line!r} missing from the summary:\n{printed}"


def test_nothing_outside_the_sandbox_was_touched(graded):
    assert digest(graded["submissions"]) == graded["before"]["submissions"], "a submission was modified"
    assert digest(graded["source"]) == graded["before"]["source"], "the source notebook was modified"
    assert not Path("/tmp/mlpedu_grace_was_here").exists()
    results = graded["results"]
    assert "pwned" not in (results / "grades.csv").read_text(encoding="utf-8")
    assert json.loads((results / "records" / "toy_backprop" / "grace.json").read_text())["score"] == 8


def test_the_escape_attempts_were_refused_inside_the_kernel(graded):
    notebook = nbformat.read(graded["results"] / "feedback" / "grace" / "toy_backprop.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    attempts = ast.literal_eval(printed[printed.index("{'"):printed.index("}\n", printed.index("{'")) + 1])
    # In the OS sandbox the grader's folders do not exist at all; the audit hook refuses what it sees first.
    refused = {"PermissionError", "FileNotFoundError"}
    expected = {str(graded["results"] / "grades.csv"): refused,
                str(graded["results"] / "records" / "toy_backprop" / "grace.json"): refused,
                str(graded["submissions"] / "alice" / "toy_backprop.ipynb"): refused,
                str(graded["source"] / "toy_backprop.ipynb"): refused,
                "read " + str(graded["source"] / "toy_backprop.ipynb"): refused,
                "read " + str(graded["submissions"]): refused,
                "/tmp/mlpedu_grace_was_here": {"written"},  # the sandbox's own /tmp; the host's stays clean
                "grader command line": refused, "subprocess": refused}
    for target, outcomes in expected.items():
        assert attempts.get(target) in outcomes, f"{target}: expected one of {sorted(outcomes)}, got {attempts.get(target)}"
    neighbours = ast.literal_eval(attempts["neighbours"])  # what is two folders up from the kernel's own
    assert not [n for n in neighbours if n.startswith("mlpedu-grade") or n in toy.EXPECTED], neighbours
    assert "score: 100" in printed, "the fake score is printed, and ignored"


def test_links_descriptors_and_proc_reach_nothing(graded):
    notebook = nbformat.read(graded["results"] / "feedback" / "uma" / "toy_backprop.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    found = ast.literal_eval(printed[printed.index("FOUND ") + 6:].splitlines()[0])
    # the audit hook refuses the link, unless the course lies below /tmp (the sandbox's own /tmp, to the hook);
    # either way the read-only mount refuses what matters: writing through it
    expected = {"link to the package": {"PermissionError", "None"},
                "write into the package via a link": {"PermissionError", "FileNotFoundError", "OSError"},
                "write into the package via dir_fd": {"PermissionError", "FileNotFoundError", "OSError"},
                "exercise sources": {"FileNotFoundError"}, "real autocheck": {"'0'", "0"},
                "parent's cwd": {"PermissionError", "'/submission'"}, "processes": {"['1', '2']"},
                "network": {"PermissionError", "ConnectionRefusedError", "OSError"}}
    for attempt, outcomes in expected.items():
        assert found.get(attempt) in outcomes, f"{attempt}: expected one of {sorted(outcomes)}, got {found.get(attempt)}"
    assert graded["package_before"] == digest(PACKAGE, skip="__pycache__"), "the mlpedu package changed while grading"


def test_memory_outside_the_address_space_limit_is_refused(graded):
    notebook = nbformat.read(graded["results"] / "feedback" / "xena" / "toy_backprop.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    found = ast.literal_eval(printed[printed.index("MEMORY ") + 7:].splitlines()[0])
    # memfd: refused by seccomp; the tmpfs folders: full at their size (the audit hook refuses none of it)
    assert found == {"memfd": "PermissionError", "fill /dev/shm": "OSError", "fill /tmp": "OSError"}, found


def test_the_answers_in_raw_cells_are_the_students_not_the_solution(graded):
    feedback = graded["results"] / "feedback" / "paul"
    for page in (feedback / "toy_backprop.html", feedback / "toy_backprop.ipynb"):
        text = page.read_text(encoding="utf-8")
        for solution_line in ("1.0 / (1.0 + np.exp(-z))", "dZ.sum(axis=1, keepdims=True)", "(w * x - y) * x",
                              "ReLU has a kink at 0", "rng.normal(size=(4, 5))"):
            assert solution_line not in text, f"{page.name} shows solution or hidden-test text {solution_line!r}"


def test_output_floods_are_cut_and_the_deadline_holds(graded):
    for student in ("sam", "tina"):
        size = (graded["results"] / "feedback" / student / "toy_backprop.ipynb").stat().st_size
        assert size < 6 * 2**20, f"{student}'s feedback notebook has {size:,} bytes; the grader keeps at most ~5 MB"
    notebook = nbformat.read(graded["results"] / "feedback" / "tina" / "toy_backprop.ipynb", as_version=4)
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert any("time limit" in o.evalue for o in errors), [o.evalue for o in errors]


def test_feedback_shows_each_check_without_the_hidden_tests(graded):
    feedback = graded["results"] / "feedback"
    for student in toy.EXPECTED:
        assert (feedback / student / "toy_backprop.html").exists(), student
    page = (feedback / "bob" / "toy_backprop.html").read_text(encoding="utf-8")
    assert "<b>3</b> of\n9 points" in page and "bias gradient not summed" in page
    notebook = (feedback / "bob" / "toy_backprop.ipynb").read_text(encoding="utf-8")
    assert "HIDDEN TESTS" not in notebook and "rng.normal(size=(4, 5))" not in notebook


def test_no_kernel_process_or_temporary_folder_outlives_the_run(graded):
    kernels = [p for p in psutil.Process().children(recursive=True)
               if "mlpedu.grading.sandbox" in " ".join(p.cmdline())]
    assert kernels == [], f"kernels left running: {kernels}"
    assert graded["leftover_dirs"] == set()


def test_resume_grades_only_what_is_new_or_changed(graded):
    results, submissions = graded["results"], graded["submissions"]
    grades_before = (results / "grades.csv").read_text(encoding="utf-8")
    args = ["grade", str(submissions), "--out", str(results), "--source", str(graded["source"]), "--no-progress",
            *LIMITS]
    assert main(args) == 2, "a second run without --resume or --force must refuse"
    main(args + ["--resume"])
    summary = json.loads((results / "summary.json").read_text())
    assert (summary["graded"], summary["resumed"]) == (0, 26), summary
    assert (results / "grades.csv").read_text(encoding="utf-8") == grades_before
    first_run = {r["student_id"]: r for r in graded["records"].values()}
    assert {p["student_id"] for p in summary["problems"]} == {s for s, r in first_run.items() if r["status"] != "graded"}, \
        "problems found in the first run must stay in the summary after --resume"
    assert len(summary["tampering"]) == sum(1 for r in first_run.values() if r.get("tampering"))

    notebook = nbformat.read(submissions / "bob_toy_backprop.ipynb", as_version=4)
    toy._cell(notebook, "sigmoid_prime").source = toy._clean(toy.SIGMOID_PRIME)
    nbformat.write(notebook, submissions / "bob_toy_backprop.ipynb")
    main(args + ["--resume"])
    summary = json.loads((results / "summary.json").read_text())
    assert (summary["graded"], summary["resumed"]) == (1, 25), summary
    rows = {r["student_id"]: r for r in csv.DictReader((results / "grades.csv").open(encoding="utf-8"))}
    assert rows["bob"]["score"] == "5", f"bob fixed σ′ and resubmitted: expected 5, got {rows['bob']['score']}"


def test_the_class_report_counts_what_cells_csv_says(graded):
    """The hostile class's mistakes, as the report has them, are cells.csv's, check by check."""
    results = graded["results"]
    with open(results / "cells.csv", encoding="utf-8", newline="") as handle:
        cells = [c for c in csv.DictReader(handle) if c["kind"] == "tests"]
    with open(results / "report" / f"{toy.ASSIGNMENT}-mistakes.csv", encoding="utf-8", newline="") as handle:
        reported = {(r["check"], r["mistake"]): int(r["students"]) for r in csv.DictReader(handle)}
    counted = {}
    for cell in cells:
        if cell["status"] == "failed":
            key = (cell["grade_id"], cell["mistake"])
            counted[key] = counted.get(key, 0) + 1
    assert reported == counted, f"report {reported} != cells.csv {counted}"
    with open(results / "report" / f"{toy.ASSIGNMENT}-checks.csv", encoding="utf-8", newline="") as handle:
        checks = {r["check"]: r for r in csv.DictReader(handle)}
    for check, row in checks.items():
        mine = [c for c in cells if c["grade_id"] == check]
        assert (int(row["students"]), int(row["passed"]), int(row["failed"])) == (
            len(mine), sum(c["status"] == "passed" for c in mine), sum(c["status"] == "failed" for c in mine)), row
