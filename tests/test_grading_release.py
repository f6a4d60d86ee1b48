"""`mlpedu feedback`: one zip per student from a results folder, with only what the student may see."""

import csv
import io
import json
import zipfile

import nbformat
import pytest

from mlpedu.cli import main
from mlpedu.grading import report


def record(student, assignment, score):
    return {"student_id": student, "assignment": assignment, "status": "graded", "score": score, "max_score": 9.0,
            "reason": "", "tampering": ["the instructor's eyes only"], "cells": [], "file": f"/secret/{student}.ipynb",
            "timestamp": "2024-01-31T12:34:56+00:00", "sandbox": "bubblewrap"}


@pytest.fixture
def results(tmp_path):
    folder = tmp_path / "results"
    for student, assignment, score in (("alice", "ex01", 8.0), ("alice", "ex02", 4.0), ("=bob", "ex01", 0.0)):
        graded = record(student, assignment, score)
        report.write_record(folder, graded)
        report.write_feedback(folder, graded, nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]))
    return folder


def test_each_student_gets_one_zip_with_their_own_rows_and_pages(results, tmp_path):
    out = tmp_path / "release"
    assert main(["feedback", str(results), "--out", str(out)]) == 0
    zips = sorted(p.name for p in out.iterdir())
    assert zips == sorted(["alice_feedback.zip", f"{report.safe_name('=bob')}_feedback.zip"]), zips
    with zipfile.ZipFile(out / "alice_feedback.zip") as archive:
        assert sorted(archive.namelist()) == ["ex01.html", "ex01.ipynb", "ex02.html", "ex02.ipynb", "grades.csv"]
        rows = list(csv.DictReader(io.StringIO(archive.read("grades.csv").decode())))
    assert [(r["assignment"], r["score"], r["max_score"]) for r in rows] == [("ex01", "8", "9"), ("ex02", "4", "9")]
    assert list(rows[0]) == ["assignment", "duedate", "timestamp", "raw_score", "late_submission_penalty", "score",
                             "max_score", "status", "reason"], list(rows[0])
    with zipfile.ZipFile(out / f"{report.safe_name('=bob')}_feedback.zip") as archive:
        assert "instructor" not in archive.read("grades.csv").decode()


def test_zips_already_there_are_kept_unless_forced_and_other_files_untouched(results, tmp_path, capsys):
    out = tmp_path / "release"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    main(["feedback", str(results), "--out", str(out)])
    first = (out / "alice_feedback.zip").read_bytes()
    assert main(["feedback", str(results), "--out", str(out)]) == 0
    assert "kept alice_feedback.zip: already there" in capsys.readouterr().out
    assert main(["feedback", str(results), "--out", str(out), "--force"]) == 0
    assert (out / "alice_feedback.zip").read_bytes() == first, "the same records give the same zip"
    assert (out / "notes.txt").read_text() == "mine"


def test_a_feedback_file_holding_hidden_tests_is_never_released(results, tmp_path, capsys):
    page, notebook = report.feedback_paths(results, record("alice", "ex01", 8.0))
    notebook.write_text(json.dumps({"leak": "### BEGIN HIDDEN TESTS\nassert secret"}))
    assert main(["feedback", str(results), "--out", str(tmp_path / "release")]) == 2
    assert "holds hidden tests or a solution; it was not released" in capsys.readouterr().err
    assert not (tmp_path / "release" / "alice_feedback.zip").exists()


def test_an_empty_results_folder_says_what_to_run_first(tmp_path, capsys):
    assert main(["feedback", str(tmp_path), "--out", str(tmp_path / "release")]) == 2
    assert "run `mlpedu grade` first" in capsys.readouterr().err
