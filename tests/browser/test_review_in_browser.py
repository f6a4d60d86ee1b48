"""The review page of hand-graded cells as an instructor uses it: at laptop width, marks typed in,
kept over a reload, downloaded, and merged with `mlpedu marks`. Answers are text, never markup."""

import csv

import pytest

from mlpedu.cli import main
from mlpedu.grading import report, review

ANSWERS = {"ann": "ReLU has a kink at 0, so any value in [0, 1] is a subgradient.",
           "=HYPERLINK(\"http://x\")": "<img src=x onerror=\"document.title='owned'\">\n$\\frac{a}{b}$"}


def record(student, answer):
    return {"student_id": student, "assignment": "ps1", "status": "graded", "score": 2.0, "max_score": 4.0,
            "reason": "", "tampering": [], "timestamp": "",
            "cells": [{"grade_id": "t", "kind": "tests", "points": 2.0, "max_points": 2.0, "status": "passed",
                       "mistake": "", "message": ""},
                      {"grade_id": "why_kink", "kind": "manual", "points": 0.0, "max_points": 2.0,
                       "status": "manual", "mistake": "", "message": "graded by hand", "answer": answer,
                       "answer_sha256": f"sha-of-{len(answer)}"}]}


@pytest.fixture
def results(tmp_path):
    folder = tmp_path / "results"
    for student, answer in ANSWERS.items():
        report.write_record(folder, record(student, answer))
    review.refresh(folder)
    return folder


def test_marks_typed_on_the_review_page_are_kept_downloaded_and_merged(browser, results, tmp_path, screenshot_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.route("http*://**", lambda route: route.abort())  # offline: the page needs nothing from outside
    try:
        page.goto((results / "review" / "ps1.html").as_uri())
        assert page.title() == "Review: ps1", f"the injected answer changed the page: title {page.title()!r}"
        assert page.locator("img").count() == 0, "a student's <img> was rendered instead of shown as text"
        assert "onerror" in page.locator(".card pre").nth(0).inner_text() + page.locator(".card pre").nth(1).inner_text()
        cards = page.locator(".card")
        assert cards.count() == 2
        assert page.locator("#count").inner_text() == "0 of 2 answers marked"
        ann = page.locator(".card[data-student='ann']")
        ann.locator(".points").fill("1.5")
        ann.locator(".comment").fill("Right, and say which value the course takes.")
        assert page.locator("#count").inner_text() == "1 of 2 answers marked"
        page.reload()  # a closed tab or a crash loses nothing typed
        assert ann.locator(".points").input_value() == "1.5", "the browser did not keep the typed mark"
        other = cards.nth(0) if cards.nth(0).get_attribute("data-student") != "ann" else cards.nth(1)
        other.locator(".points").fill("5")  # more than the cell's 2 points
        messages = []
        page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
        page.locator("#download").click()
        page.wait_for_timeout(300)
        assert messages and "between 0 and the cell's points" in messages[0], messages
        other.locator(".points").fill("0")
        page.screenshot(path=str(screenshot_dir / "review_page.png"), full_page=True)
        with page.expect_download() as download:
            page.locator("#download").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
    finally:
        context.close()
    assert saved.name == "ps1-marks.csv"
    with saved.open(encoding="utf-8", newline="") as handle:
        rows = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert rows["'=HYPERLINK(\"http://x\")"]["points"] == "0", "the id is escaped for spreadsheets as in grades.csv"
    assert main(["marks", str(results), str(saved)]) == 0
    with (results / "grades.csv").open(encoding="utf-8", newline="") as handle:
        grades = {r["student_id"]: r for r in csv.DictReader(handle)}
    assert (grades["ann"]["score"], grades["ann"]["needs_manual_grading"]) == ("3.5", "0"), grades["ann"]
    assert "say which value the course takes" in (results / "feedback" / "ann" / "ps1.html").read_text()
