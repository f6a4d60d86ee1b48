"""The class report: its counts are cells.csv's, it is made again byte for byte from the records, its
pages name no student (the "who" pages do), and a student's odd id stays text."""

import csv
import hashlib
import shutil
from collections import Counter
from pathlib import Path

import pytest

from grading_fixtures import synthetic
from mlpedu.cli import main
from mlpedu.grading import classreport, report, review


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """200 students, three assignments, a known mix of mistakes, as grading would have left them."""
    results = tmp_path_factory.mktemp("generated") / "results"
    records, expected = synthetic.write_results(results)
    return results, records, expected


def mistakes_from_cells_csv(results):
    """(assignment, check, mistake) -> students, counted from cells.csv as an instructor would."""
    counted = Counter()
    for cell in rows_of(results / "cells.csv"):
        if cell["kind"] == "tests" and cell["status"] == "failed":
            counted[(cell["assignment"], cell["grade_id"], cell["mistake"])] += 1
    return counted


def mistakes_from_report(results):
    counted = Counter()
    for path in (results / "report").glob("*-mistakes.csv"):
        for row in rows_of(path):
            counted[(row["assignment"], row["check"], row["mistake"])] += int(row["students"])
    return counted


def test_the_report_counts_what_cells_csv_says_and_what_the_class_did(generated):
    results, _, expected = generated
    from_cells, from_report = mistakes_from_cells_csv(results), mistakes_from_report(results)
    assert from_report == from_cells, f"report {dict(from_report)} != cells.csv {dict(from_cells)}"
    made = Counter({key: len(students) for key, students in expected.items()})
    assert from_report == made, f"report {dict(from_report)} != the generated mix {dict(made)}"


def test_mistakes_are_ranked_with_their_share_and_the_lesson(generated):
    results = generated[0]
    rows = rows_of(results / "report" / "ex02_dense_layer-mistakes.csv")
    counts = [int(r["students"]) for r in rows]
    assert counts == sorted(counts, reverse=True), f"not ranked: {counts}"
    top = rows[0]
    assert top["mistake"] == "bias_not_summed" and top["read_again"] == "03_general_case, section “5 · Equation (4): the biases”", top
    assert abs(float(top["share"]) - int(top["students"]) / 200) < 1e-3, top
    checks = rows_of(results / "report" / "ex02_dense_layer-checks.csv")
    assert [(c["check"], c["students"]) for c in checks] == [("dense_backward_check", "200")], checks
    assert int(checks[0]["passed"]) + int(checks[0]["failed"]) == 200


def test_the_report_is_made_again_identically_from_the_records_alone(generated, tmp_path):
    results = tmp_path / "results"
    shutil.copytree(generated[0] / "records", results / "records")
    assert main(["gradebook", str(results)]) == 0
    assert digest(results / "report") == digest(generated[0] / "report"), "the same records gave another report"


def test_report_pages_name_no_student_and_the_who_pages_do(generated):
    results, records, expected = generated
    students = {r["student_id"] for r in records}
    for page in (results / "report").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        named = sorted(s for s in students if f">{s}<" in text or f" {s}," in text or f">{s}," in text)
        assert not named, f"{page.name} names students: {named[:5]}"
    who = (results / "report" / "who" / "ex02_dense_layer.html").read_text(encoding="utf-8")
    assert all(s in who for s in expected[("ex02_dense_layer", "dense_backward_check", "bias_not_summed")])


def test_mistakes_made_again_are_found_student_by_student(generated):
    results, _, expected = generated
    again = set(expected[("ex02_dense_layer", "dense_backward_check", "transposed_weight_matrix")]) & set(
        expected[("ex03_recursive_delta", "recursive_delta_check", "transposed_weight_matrix")])
    assert again, "the generated class should have students who transpose twice"
    found = dict(classreport.persistent(classreport_summaries(results)))
    assert {s for s, _ in found["transposed_weight_matrix"]} == again
    page = (results / "report" / "who" / "index.html").read_text(encoding="utf-8")
    assert all(f"<li>{s}: ex02_dense_layer, ex03_recursive_delta</li>" in page for s in again)
    one = sorted(again)[0]
    mine = rows_of(results / "report" / "students" / f"{one}.csv")
    assert {(r["assignment"], r["mistake"]) for r in mine} >= {("ex02_dense_layer", "transposed_weight_matrix"),
                                                               ("ex03_recursive_delta", "transposed_weight_matrix")}


def classreport_summaries(results):
    records, _ = report.read_records(results)
    by_assignment = {}
    for record in sorted(records, key=lambda r: (r["assignment"], r["student_id"])):
        by_assignment.setdefault(record["assignment"], []).append(record)
    return {name: classreport.summarise(name, own) for name, own in by_assignment.items()}


def test_every_picture_has_alt_text_and_lives_in_the_page(generated):
    page = (generated[0] / "report" / "ex04_output_deltas.html").read_text(encoding="utf-8")
    images = page.count("<img ")
    assert images == 4, f"histogram, pass rates and one chart per failed check: expected 4 images, got {images}"
    assert page.count("src='data:image/png;base64,") == images and page.count(" alt='") == images
    assert "alt='Mistakes in softmax_ce_delta_check: stopped at ∂L/∂a" in page


def test_odd_ids_and_a_student_who_left_are_handled(tmp_path):
    results = tmp_path / "results"
    records, _ = synthetic.class_records(n=4)
    records[0]["student_id"] = "<script>alert(1)</script>"
    for record in records[:2]:
        record["cells"][0].update(status="failed", mistake="bias_not_summed", points=0.0)
    for record in records:
        report.write_record(results, record)
    review.refresh(results)
    who = (results / "report" / "who" / "ex02_dense_layer.html").read_text(encoding="utf-8")
    assert "<script>alert" not in who and "&lt;script&gt;alert(1)&lt;/script&gt;" in who
    leaving = records[1]["student_id"]
    student_file = results / "report" / "students" / f"{leaving}.csv"
    assert student_file.is_file(), "a student who made a mistake has a file for office hours"
    for path in report.record_path(results, "ex02_dense_layer", leaving).parent.parent.glob(f"*/{leaving}.json"):
        path.unlink()
    review.refresh(results)
    assert not student_file.exists(), "a student no longer graded keeps no report file"


def test_a_grading_run_writes_the_report(tmp_path, two_submissions, os_sandbox):
    source, submissions, results = two_submissions
    assert main(["grade", str(submissions), "--out", str(results), "--source", str(source), "--no-progress",
                 "--cell-timeout", "5"]) == 0
    assert (results / "report" / "index.html").is_file() and (results / "report" / "toy_backprop.html").is_file()
    checks = rows_of(results / "report" / "toy_backprop-checks.csv")
    assert {c["check"]: c["passed"] for c in checks} == {
        "test_sigmoid_prime": "2", "test_dense_backward": "2", "test_numerical_gradient": "2", "test_dL_dw": "2"}
