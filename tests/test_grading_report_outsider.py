"""The class report (RESULTS/report/), tested from the outside: only its documented contract, records
built by hand, `review.refresh` or `mlpedu gradebook` to write it. Adversarial and edge cases."""

import base64
import csv
import hashlib
import html
import json
import random
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import unquote

import pytest

from grading_fixtures import synthetic
from mlpedu import autocheck
from mlpedu.cli import main
from mlpedu.grading import classreport, report, review

CHECKS_HEADER = ["assignment", "check", "max_points", "students", "passed", "failed", "not_run", "pass_rate"]
MISTAKES_HEADER = ["assignment", "check", "mistake", "title", "students", "share", "read_again"]
STUDENT_HEADER = ["student_id", "assignment", "check", "mistake", "title", "read_again"]
NO_MISTAKE_TITLE = "(failed, no mistake named)"


# ------------------------------------------------------------------------------------------- helpers

def cell(grade_id, status="passed", mistake="", points=None, max_points=2.0, kind="tests", message=None):
    if points is None:
        points = max_points if status == "passed" else 0.0
    return {"grade_id": grade_id, "kind": kind, "points": points, "max_points": max_points, "status": status,
            "mistake": mistake, "message": status if message is None else message}


def rec(student, assignment, cells, status="graded", score="sum", max_score="sum", timestamp=""):
    return {"student_id": student, "assignment": assignment, "status": status,
            "score": sum(c["points"] for c in cells) if score == "sum" else score,
            "max_score": sum(c["max_points"] for c in cells) if max_score == "sum" else max_score,
            "reason": "", "tampering": [], "timestamp": timestamp, "file": "", "cells": cells}


def write(results, records):
    for record in records:
        report.write_record(results, record)
    return Path(results)


def build(results, records):
    write(results, records)
    review.refresh(results)
    return Path(results)


def rows_of(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def dicts_of(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def digest(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def report_pages(results):
    """The pages meant for the class: report/*.html (not who/)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((results / "report").glob("*.html"))}


def all_html(results):
    return {str(p.relative_to(results)): p.read_text(encoding="utf-8")
            for p in sorted((results / "report").rglob("*.html"))}


def mistakes_csv(results, assignment):
    return dicts_of(results / "report" / f"{classreport.page_stem(assignment)}-mistakes.csv")


def checks_csv(results, assignment):
    return {r["check"]: r for r in dicts_of(results / "report" / f"{classreport.page_stem(assignment)}-checks.csv")}


def from_cells_csv(results):
    counted = Counter()
    for c in dicts_of(results / "cells.csv"):
        if c["kind"] == "tests" and c["status"] == "failed":
            counted[(c["assignment"], c["grade_id"], c["mistake"])] += 1
    return counted


def from_report(results):
    counted = Counter()
    for path in (results / "report").glob("*-mistakes.csv"):
        for r in dicts_of(path):
            counted[(r["assignment"], r["check"], r["mistake"])] += int(r["students"])
    return counted


def student_csvs(results):
    folder = results / "report" / "students"
    return {p.name: dicts_of(p) for p in sorted(folder.glob("*.csv"))} if folder.is_dir() else {}


def made_again_rows(index_html):
    """(mistake title, students, href) of the "mistakes made again" table of index.html."""
    part = index_html.split("made again", 1)[1] if "made again" in index_html else ""
    return [(html.unescape(t), int(n), h) for t, n, h in re.findall(
        r"<tr><td>(.*?)</td><td class='n'>(\d+)</td><td>.*?</td><td><a href='([^']*)'>", part)]


def index_row(index_html, assignment):
    """The cells of the index table row of `assignment`."""
    for row in re.findall(r"<tr>(.*?)</tr>", index_html, re.S):
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if cells and cells[0] == assignment:
            return cells
    raise AssertionError(f"no row for {assignment!r} in index.html")


# ------------------------------------------------------------------------------ empty and degenerate

def test_zero_students_gives_an_empty_report_not_a_crash(tmp_path):
    results = tmp_path / "results"
    (results / "records").mkdir(parents=True)
    review.refresh(results)
    assert (results / "report" / "index.html").is_file(), "expected report/index.html even for no records"
    leftovers = sorted(p.name for p in (results / "report").glob("*") if p.name not in ("index.html", "who", "students"))
    assert leftovers == [], f"expected no assignment files for zero students, got {leftovers}"


def test_removing_every_record_empties_the_report(tmp_path):
    results = build(tmp_path / "r", [rec("s1", "exA", [cell("c", "failed", "bias_not_summed")]),
                                     rec("s1", "exB", [cell("c", "failed", "bias_not_summed")])])
    assert student_csvs(results), "setup: expected a students/ file"
    shutil.rmtree(results / "records")
    (results / "records").mkdir()
    review.refresh(results)
    files = sorted(str(p.relative_to(results / "report")) for p in (results / "report").rglob("*") if p.is_file())
    assert all(f in ("index.html", "who/index.html") for f in files), f"expected only the empty index pages, got {files}"
    assert "s1" not in (results / "report" / "who" / "index.html").read_text(encoding="utf-8")


def test_everyone_passed(tmp_path):
    results = build(tmp_path / "r", [rec(f"p{i}", "exA", [cell("c1"), cell("c2")]) for i in range(5)])
    checks = checks_csv(results, "exA")
    for name in ("c1", "c2"):
        got = (checks[name]["students"], checks[name]["passed"], checks[name]["failed"], checks[name]["not_run"],
               checks[name]["pass_rate"])
        assert got == ("5", "5", "0", "0", "1.000"), f"{name}: expected 5 passed of 5, pass_rate 1.000; got {got}"
    assert mistakes_csv(results, "exA") == [], f"expected no mistakes, got {mistakes_csv(results, 'exA')}"
    assert student_csvs(results) == {}, f"expected no student files, got {list(student_csvs(results))}"
    assert "who/" not in report_pages(results)["exA.html"], "a 'who' link for a check nobody failed"


def test_everyone_failed_without_a_named_mistake(tmp_path):
    results = build(tmp_path / "r", [rec(f"f{i}", "exA", [cell("c1", "failed"), cell("c2", "failed")]) for i in range(4)])
    rows = mistakes_csv(results, "exA")
    got = sorted((r["check"], r["mistake"], r["title"], r["students"], r["share"]) for r in rows)
    expected = [(c, "", NO_MISTAKE_TITLE, "4", "1.000") for c in ("c1", "c2")]
    assert got == expected, f"expected {expected}, got {got}"
    assert {r["pass_rate"] for r in checks_csv(results, "exA").values()} == {"0.000"}


def test_only_manual_cells_make_no_mistakes_and_no_checks_failed(tmp_path):
    records = [rec(f"m{i}", "exM", [cell("essay", "manual", kind="manual", points=0.0),
                                    cell("proof", "marked", kind="manual", points=1.5),
                                    # a manual cell marked 'failed' with a mistake is still not a test cell
                                    cell("odd", "failed", "bias_not_summed", kind="manual")]) for i in range(3)]
    results = build(tmp_path / "r", records)
    assert mistakes_csv(results, "exM") == [], f"manual cells counted as mistakes: {mistakes_csv(results, 'exM')}"
    assert student_csvs(results) == {}, f"manual cells gave student files: {list(student_csvs(results))}"
    assert "exM" in (results / "report" / "index.html").read_text(encoding="utf-8"), "assignment missing from index"
    header = rows_of(results / "report" / "exM-checks.csv")[0]
    assert header == CHECKS_HEADER, f"expected header {CHECKS_HEADER}, got {header}"


def test_incident_cells_not_run_are_not_failures(tmp_path):
    records = [rec("ok", "exA", [cell("c1"), cell("c2")]),
               rec("bad", "exA", [cell("c1", "failed", "bias_not_summed"), cell("c2", "passed")]),
               # an incident: nothing ran; a stale mistake id on a cell that did not run must not count
               rec("inc1", "exA", [cell("c1", "not run", "bias_not_summed"), cell("c2", "not run")], status="incident"),
               rec("inc2", "exA", [cell("c1", "not run"), cell("c2", "not run")], status="incident")]
    results = build(tmp_path / "r", records)
    c1 = checks_csv(results, "exA")["c1"]
    got = {k: c1[k] for k in ("students", "passed", "failed", "not_run")}
    assert got == {"students": "4", "passed": "1", "failed": "1", "not_run": "2"}, f"c1: got {got}"
    assert from_report(results) == Counter({("exA", "c1", "bias_not_summed"): 1}), f"got {dict(from_report(results))}"
    assert list(student_csvs(results)) == ["bad.csv"], f"expected only bad.csv, got {list(student_csvs(results))}"


def test_invalid_notebooks_with_no_cells_and_error_records_without_score(tmp_path):
    records = [rec("g1", "exA", [cell("c1", "failed", "bias_not_summed")]),
               rec("g2", "exA", [cell("c1")]),
               rec("inv", "exA", [], status="invalid", score=0, max_score=None),
               rec("err", "exA", [], status="error", score=None, max_score=None)]
    results = build(tmp_path / "r", records)
    c1 = checks_csv(results, "exA")["c1"]
    total = int(c1["passed"]) + int(c1["failed"]) + int(c1["not_run"])
    assert total == int(c1["students"]), f"passed+failed+not_run {total} != students {c1['students']}"
    for name, text in all_html(results).items():
        assert not re.search(r"\bnan\b|\binf\b|None", text, re.I), f"{name} shows nan/inf/None"


def test_max_score_zero_and_odd_floats_do_not_crash_or_show_nan(tmp_path):
    records = [rec("z1", "exZ", [cell("c", "passed", max_points=0.0, points=0.0)]),
               rec("z2", "exZ", [cell("c", "failed", "bias_not_summed", max_points=0.0, points=0.0)]),
               rec("f1", "exF", [cell("c", points=0.1 + 0.2, max_points=0.30000000000000004)]),
               rec("f2", "exF", [cell("c", "failed", points=5e-324, max_points=0.30000000000000004)]),
               rec("f3", "exF", [cell("c", points=1e16, max_points=1e16)], score=1e16, max_score=1e16)]
    results = build(tmp_path / "r", records)
    for name, text in all_html(results).items():
        assert not re.search(r"\bnan\b|\binf(inity)?\b", text, re.I), f"{name} shows nan/inf"
    for path in (results / "report").glob("*.csv"):
        body = path.read_text(encoding="utf-8").lower()
        assert "nan" not in body and "inf" not in body.replace("info", ""), f"{path.name}: {body}"


# --------------------------------------------------------------------------------- counts and ranks

def messy_class(n=60, seed=7):
    """Random statuses, kinds, named/unknown/no mistakes, passed cells carrying an accepted convention."""
    rng = random.Random(seed)
    named = [m for m, info in autocheck.MISTAKES.items() if not info.accepted][:8]
    pool = named + ["", "", "brand_new_unknown_mistake"]
    records = []
    for i in range(n):
        for assignment in ("ex1", "ex2", "ex3"):
            status = rng.choice(["graded"] * 8 + ["incident", "invalid", "error"])
            cells = []
            if status != "invalid":
                for check in ("k1", "k2"):
                    if rng.random() < 0.1:
                        continue  # this record has no such check
                    st = "not run" if status == "incident" else rng.choice(["passed", "passed", "failed"])
                    mistake = rng.choice(pool) if st == "failed" else rng.choice(["", "", "relu0_one"])
                    cells.append(cell(check, st, mistake, max_points=rng.choice([1.0, 2.5])))
                cells.append(cell("essay", rng.choice(["manual", "marked"]), kind="manual", points=0.5))
            records.append(rec(f"s{i:03d}", assignment, cells, status=status))
    return records


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    results = tmp_path_factory.mktemp("messy") / "results"
    records = messy_class()
    build(results, records)
    return results, records


def test_mistake_counts_equal_cells_csv_on_a_messy_class(messy):
    results, _ = messy
    got, expected = from_report(results), from_cells_csv(results)
    diff = {k: (expected.get(k), got.get(k)) for k in set(got) | set(expected) if got.get(k) != expected.get(k)}
    assert not diff, f"(cells.csv, report) differ: {diff}"


def test_accepted_conventions_on_passed_cells_are_not_mistakes(messy):
    results, _ = messy
    assert not any(k[2] == "relu0_one" for k in from_report(results)), "a passed cell's relu0_one counted"


def test_mistakes_are_ranked_and_share_is_of_the_students_with_the_check(messy):
    results, _ = messy
    for assignment in ("ex1", "ex2", "ex3"):
        rows = mistakes_csv(results, assignment)
        assert [list(r) for r in rows[:1]] in ([], [MISTAKES_HEADER]), f"header: {list(rows[0])}"
        checks = checks_csv(results, assignment)
        by_check = defaultdict(list)
        for r in rows:
            by_check[r["check"]].append(int(r["students"]))
            share = int(r["students"]) / int(checks[r["check"]]["students"])
            assert abs(float(r["share"]) - share) <= 5e-4, f"{assignment}/{r['check']}/{r['mistake']}: share {r['share']} != {share:.3f}"
        for check, counts in by_check.items():
            assert counts == sorted(counts, reverse=True), f"{assignment}/{check}: not ranked: {counts}"
        for name, c in checks.items():
            total = int(c["passed"]) + int(c["failed"]) + int(c["not_run"])
            assert total == int(c["students"]), f"{assignment}/{name}: {total} != students {c['students']}"
            assert abs(float(c["pass_rate"]) - int(c["passed"]) / int(c["students"])) <= 5e-4, c


def test_checks_csv_counts_students_who_have_the_check(tmp_path):
    records = [rec("a", "exA", [cell("old"), cell("new", "failed", "bias_not_summed")]),
               rec("b", "exA", [cell("old", "failed")]),
               rec("c", "exA", [cell("old")]),
               rec("d", "exA", [cell("old"), cell("new")])]
    results = build(tmp_path / "r", records)
    checks = checks_csv(results, "exA")
    got = {k: (v["students"], v["passed"], v["failed"], v["pass_rate"]) for k, v in checks.items()}
    expected = {"old": ("4", "3", "1", "0.750"), "new": ("2", "1", "1", "0.500")}
    assert got == expected, f"expected {expected}, got {got}"
    share = {r["check"]: r["share"] for r in mistakes_csv(results, "exA")}
    assert share == {"old": "0.250", "new": "0.500"}, f"expected shares of the students with the check, got {share}"


def test_unknown_mistake_id_is_kept_and_counted(tmp_path):
    records = [rec(f"u{i}", "exA", [cell("c", "failed", "mistake_from_the_future")]) for i in range(3)]
    records.append(rec("v", "exA", [cell("c", "failed", "bias_not_summed")]))
    results = build(tmp_path / "r", records)
    rows = {r["mistake"]: r for r in mistakes_csv(results, "exA")}
    assert set(rows) == {"mistake_from_the_future", "bias_not_summed"}, f"got {set(rows)}"
    future = rows["mistake_from_the_future"]
    assert future["students"] == "3" and future["title"] and future["read_again"] == "", f"got {future}"
    assert mistakes_csv(results, "exA")[0]["mistake"] == "mistake_from_the_future", "not ranked first"


# ----------------------------------------------------------------------------------- made again

def test_a_persistent_mistake_counts_once_per_student(tmp_path):
    six = [f"ex0{i}" for i in range(1, 7)]
    records = [rec("stubborn", a, [cell("c", "failed", "bias_not_summed")]) for a in six]
    records += [rec("twice", a, [cell("c", "failed", "bias_not_summed")]) for a in six[:2]]
    records += [rec("once", six[0], [cell("c", "failed", "bias_not_summed")])]
    results = build(tmp_path / "r", records)
    rows = made_again_rows((results / "report" / "index.html").read_text(encoding="utf-8"))
    title = autocheck.MISTAKES["bias_not_summed"].title
    assert [(t, n) for t, n, _ in rows] == [(title, 2)], f"expected [({title!r}, 2)], got {rows}"
    who = (results / "report" / "who" / "index.html").read_text(encoding="utf-8")
    assert who.count("stubborn") == 1, f"expected stubborn listed once, got {who.count('stubborn')} times"
    line = next(li for li in re.findall(r"<li>(.*?)</li>", who) if li.startswith("stubborn"))
    assert all(line.count(a) == 1 for a in six), f"expected each of the 6 assignments once: {line}"
    assert "once" not in re.sub(r"<[^>]+>", " ", who).split(), "a student with one assignment listed as 'again'"


def test_not_made_again_one_assignment_twice_unnamed_failures_accepted_conventions(tmp_path):
    records = [rec("twochecks", "exA", [cell("c1", "failed", "transposed_weight_matrix"),
                                        cell("c2", "failed", "transposed_weight_matrix")]),
               rec("twochecks", "exB", [cell("c1")])]
    for a in ("exA", "exB", "exC"):  # unnamed failures, and a passed cell carrying an accepted convention
        records.append(rec("unnamed", a, [cell("c1", "failed", ""), cell("c2", "passed", "relu0_one")]))
    results = build(tmp_path / "r", records)
    rows = made_again_rows((results / "report" / "index.html").read_text(encoding="utf-8"))
    assert rows == [], f"expected nothing 'made again' (one assignment only / unnamed / accepted), got {rows}"


def test_ids_differing_only_in_case_are_different_students(tmp_path):
    records = [rec("Alice", "exA", [cell("c", "failed", "bias_not_summed")]),
               rec("alice", "exB", [cell("c", "failed", "bias_not_summed")]),
               rec("ALICE", "exC", [cell("c", "failed", "missing_sigma_prime")])]
    results = build(tmp_path / "r", records)
    rows = made_again_rows((results / "report" / "index.html").read_text(encoding="utf-8"))
    assert rows == [], f"Alice/alice merged into one student: {rows}"
    files = student_csvs(results)
    ids = sorted(r["student_id"] for rows_ in files.values() for r in rows_)
    assert len(files) == 3 and ids == ["ALICE", "Alice", "alice"], f"expected 3 files, one per id; got {files}"
    for name, rows_ in files.items():
        assert len({r["student_id"] for r in rows_}) == 1, f"{name} mixes students: {rows_}"


# ------------------------------------------------------------------------------ hostile student ids

HOSTILE = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'onmouseover='alert(1)",
           "=HYPERLINK(\"http://evil.example\",\"click\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
           "\tTAB", "a,b\"c\nnewline", "Zoë", "zoë", "e\u0301", "\u00e9", "学生一号", "x" * 5000,
           "../../../escape", "..", "CON", "a;=1+1"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    results = tmp_path_factory.mktemp("hostile") / "results"
    records = []
    for i, sid in enumerate(HOSTILE):
        records.append(rec(sid, "exA", [cell("c", "failed", "bias_not_summed", message=f"MSG-{i} {sid}")]))
        records.append(rec(sid, "exB", [cell("c", "failed", "bias_not_summed")]))
    records.append(rec("plain", "exA", [cell("c")]))
    build(results, records)
    return results


def test_hostile_ids_never_become_html(hostile):
    for name, text in all_html(hostile).items():
        for bad in ("<script", "<img src=x", "'onmouseover='"):
            assert bad not in text, f"{name} contains raw {bad!r}"


def test_report_pages_name_no_student_and_show_no_message(hostile):
    for name, text in report_pages(hostile).items():
        for sid in HOSTILE:
            if len(sid) < 4 or sid in ("CON",):
                continue
            assert sid not in text and html.escape(sid) not in text and html.escape(sid, quote=False) not in text, \
                f"{name} names student {sid[:40]!r}"
        assert "MSG-" not in text, f"{name} shows a student's message"
    for path in (hostile / "report").glob("*.csv"):
        assert "MSG-" not in path.read_text(encoding="utf-8"), f"{path.name} shows a message"


def test_who_pages_list_every_hostile_id_escaped(hostile):
    who = (hostile / "report" / "who" / "exA.html").read_text(encoding="utf-8")
    missing = [sid[:30] for sid in HOSTILE if html.escape(sid) not in who and html.escape(sid, quote=False) not in who]
    assert not missing, f"expected every student on who/exA.html (escaped), missing {missing}"
    again = (hostile / "report" / "who" / "index.html").read_text(encoding="utf-8")
    rows = made_again_rows((hostile / "report" / "index.html").read_text(encoding="utf-8"))
    assert [n for _, n, _ in rows] == [len(HOSTILE)], f"expected {len(HOSTILE)} students made it again, got {rows}"
    assert "&lt;script&gt;" in again, "the <script> id is not listed (escaped) on who/index.html"


def test_student_csvs_one_per_id_with_formulas_escaped(hostile):
    files = student_csvs(hostile)
    ids = Counter(r["student_id"] for rows_ in files.values() for r in rows_)
    assert len(files) == len(HOSTILE), f"expected {len(HOSTILE)} student files, got {len(files)}"
    for rows_ in files.values():
        assert len({r["student_id"] for r in rows_}) == 1 and len(rows_) == 2, f"expected one id, 2 rows: {rows_}"
        assert list(rows_[0]) == STUDENT_HEADER, f"header {list(rows_[0])}"
    for sid in HOSTILE:
        shown = "'" + sid if sid.startswith(report.FORMULA_STARTS) else sid
        if ";" in sid:
            shown = report.spreadsheet_text(sid)
        assert ids.get(shown) == 2, f"expected {shown[:40]!r} in 2 rows of its file, got {ids.get(shown)}"


def test_hostile_ids_stay_inside_report_with_short_names(hostile):
    root = (hostile / "report").resolve()
    for path in hostile.rglob("*"):
        assert len(path.name.encode()) <= 255, f"file name too long: {len(path.name.encode())} bytes"
    for path in (hostile.parent).rglob("*"):
        if "escape" in path.name:
            assert root in path.resolve().parents or (hostile / "records").resolve() in path.resolve().parents \
                or (hostile / "feedback").resolve() in path.resolve().parents, f"{path} escaped the results folder"


def test_hostile_mistake_and_check_ids_are_escaped(tmp_path):
    evil_m, evil_c = "<img src=x onerror=alert(1)>", "=cmd|'/C calc'!A0"
    records = [rec("s1", "exA", [cell(evil_c, "failed", evil_m), cell("c'q", "failed", "=1+1")]),
               rec("s1", "exB", [cell("k", "failed", evil_m)])]
    results = build(tmp_path / "r", records)
    for name, text in all_html(results).items():
        assert "<img src=x" not in text, f"{name} contains a raw mistake id as HTML"
    for path in [p for p in (results / "report").rglob("*.csv")]:
        for row in rows_of(path)[1:]:
            for value in row:
                assert not value.startswith(("=", "+", "@")), f"{path.name}: formula not escaped: {value!r} in {row}"


# ---------------------------------------------------------------------------------- links and anchors

LINK = re.compile(r"(?:href|src)='([^']*)'")


def test_every_link_resolves_even_with_colliding_anchors(tmp_path):
    records = [rec("s1", "exA", [cell("c", "failed", ""), cell("c--d", "failed", "e"), cell("k", "failed", "a b")]),
               rec("s2", "exA", [cell("c", "failed", "other"), cell("c", "passed"), cell("k", "failed", "a_b")]),
               rec("s3", "exA", [cell("c", "failed", "d--e"), cell("k", "failed", "a-b")]),
               rec("s4", "ex B/<x>", [cell("q'uote", "failed", "bias_not_summed")]),
               rec("s4", "exA", [cell("q'uote", "failed", "bias_not_summed")])]
    results = build(tmp_path / "r", records)
    targets = defaultdict(set)
    for name, text in all_html(results).items():
        page = results / name
        for href in LINK.findall(text):
            if href.startswith("data:"):
                continue
            assert not re.match(r"[a-z]+:", href), f"{name}: external link {href}"
            file, _, anchor = html.unescape(href).partition("#")
            target = (page.parent / unquote(file)).resolve() if file else page.resolve()
            assert target.is_file(), f"{name}: link {href} -> missing {target}"
            if anchor:
                ids = re.findall(r"id='([^']*)'", target.read_text(encoding="utf-8"))
                assert html.escape(unquote(anchor), quote=True) in ids or unquote(anchor) in map(html.unescape, ids), \
                    f"{name}: anchor #{anchor} not in {target.name}"
                if "who/" in href:
                    targets[target.name].add(anchor)
    for name in ("exA.html",):
        text = (results / "report" / "who" / name).read_text(encoding="utf-8")
        ids = re.findall(r"id='([^']*)'", text)
        assert len(ids) == len(set(ids)), f"who/{name}: duplicate anchors {[i for i, n in Counter(ids).items() if n > 1]}"
    # 3 checks; (c,""), (c,other), (c,d--e), (c--d,e), (k,a b), (k,a_b), (k,a-b), (q'uote, bias_not_summed)
    assert len(targets["exA.html"]) == 8, f"expected 8 distinct who anchors for exA, got {sorted(targets['exA.html'])}"


def test_every_picture_is_an_embedded_png_with_alt_text(messy):
    results, _ = messy
    for name, text in all_html(results).items():
        for tag in re.findall(r"<img[^>]*>", text):
            src = re.search(r"src='data:image/png;base64,([^']+)'", tag)
            alt = re.search(r"alt='([^']*)'", tag)
            assert src, f"{name}: picture not a data: PNG: {tag[:80]}"
            assert base64.b64decode(src.group(1))[:8] == b"\x89PNG\r\n\x1a\n", f"{name}: not a PNG"
            assert alt and alt.group(1).strip(), f"{name}: picture without alt text"


# ------------------------------------------------------------------------------- scores in the report

def test_fractional_medians(tmp_path):
    records = [rec(s, "exOdd", [cell("c", points=p, max_points=3.0)]) for s, p in
               (("a", 0.5), ("b", 1.25), ("c", 2.75))]
    records += [rec(s, "exEven", [cell("c", points=p, max_points=3.0)]) for s, p in (("a", 1.0), ("b", 2.0))]
    results = build(tmp_path / "r", records)
    index = (results / "report" / "index.html").read_text(encoding="utf-8")
    odd, even = index_row(index, "exOdd"), index_row(index, "exEven")
    assert (odd[1], odd[2]) == ("3", "1.25"), f"exOdd: expected 3 students median 1.25, got {odd}"
    assert (even[1], even[2]) == ("2", "1.5"), f"exEven: expected 2 students median 1.5, got {even}"
    page = report_pages(results)["exOdd.html"]
    assert "median 1.25" in page, "exOdd.html does not say median 1.25"


def test_scores_are_raw_with_hand_marks_and_before_late_penalty(tmp_path):
    late = "2030-01-02T00:00:00+00:00"
    records = [rec(s, "exH", [cell("auto", points=2.0, max_points=2.0), cell("essay", "manual", kind="manual",
                                                                           points=0.0, max_points=4.0)], timestamp=late)
               for s in ("h1", "h2", "h3")]
    results = write(tmp_path / "r", records)
    review.refresh(results)
    marks = tmp_path / "marks.csv"
    marks.write_text("assignment,student_id,grade_id,points\nexH,h1,essay,4\nexH,h2,essay,3\nexH,h3,essay,1\n",
                     encoding="utf-8")
    assert main(["marks", str(results), str(marks)]) in (0, None)
    assert main(["gradebook", str(results), "--due", "exH=2030-01-01T00:00+00:00", "--late-penalty", "zero"]) == 0
    grades = {r["student_id"]: r for r in dicts_of(results / "grades.csv")}
    assert grades["h2"]["score"] in ("0", "0.0"), f"setup: expected the late rule to zero h2, got {grades['h2']}"
    row = index_row((results / "report" / "index.html").read_text(encoding="utf-8"), "exH")
    assert row[2] == "5", f"expected median raw score 5 (2 + hand mark 3), got {row}"


def test_a_roster_does_not_change_the_report(tmp_path):
    records = [rec(f"r{i}", "exA", [cell("c", "failed" if i % 2 else "passed", "bias_not_summed" if i % 2 else "")])
               for i in range(6)]
    one = write(tmp_path / "one", records)
    two = write(tmp_path / "two", records)
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name,last_name,email\n" + "".join(f"r{i},F,L,r{i}@x\n" for i in range(6))
                      + "ghost1,G,H,g@x\nghost2,G,H,h@x\n", encoding="utf-8")
    assert main(["gradebook", str(one)]) == 0
    assert main(["gradebook", str(two), "--roster", str(roster)]) == 0
    assert digest(one / "report") == digest(two / "report"), \
        "students on the roster with no submission changed the report (it should come from the records alone)"


# ------------------------------------------------------------------------------ determinism and removal

def test_same_records_in_any_order_give_the_same_bytes(messy, tmp_path):
    a, records = messy
    shuffled = records[:]
    random.Random(1).shuffle(shuffled)
    b = write(tmp_path / "b", shuffled)
    assert main(["gradebook", str(b)]) == 0
    assert digest(a / "report") == digest(b / "report"), "shuffled write order changed the report"


def test_ties_are_broken_the_same_way_whatever_the_order(tmp_path):
    mistakes = ["bias_not_summed", "transposed_weight_matrix", "missing_sigma_prime", "zz_unknown", ""]
    records = [rec(f"t{i}{m}", "exT", [cell("c", "failed", m)]) for m in mistakes for i in range(2)]
    a = build(tmp_path / "a", records)
    b = build(tmp_path / "b", list(reversed(records)))
    assert digest(a / "report") == digest(b / "report")
    order = [r["mistake"] for r in mistakes_csv(a, "exT")]
    assert sorted(order[:-1]) == order[:-1] or order[-1] == "", f"ties in an odd order: {order}"


def test_removing_a_student_and_an_assignment_removes_their_files(tmp_path):
    records = [rec(s, a, [cell("c", "failed", "bias_not_summed")]) for s in ("keep", "gone", "Zoë") for a in ("exA", "exB")]
    results = build(tmp_path / "r", records)
    assert len(student_csvs(results)) == 3, f"setup: {sorted(student_csvs(results))}"
    for s in ("gone", "Zoë"):
        for a in ("exA", "exB"):
            report.record_path(results, a, s).unlink()
    for s in ("keep",):
        report.record_path(results, "exB", s).unlink()
    review.refresh(results)
    assert sorted(student_csvs(results)) == ["keep.csv"], f"expected only keep.csv, got {sorted(student_csvs(results))}"
    left = sorted(str(p.relative_to(results / "report")) for p in (results / "report").rglob("*") if "exB" in p.name)
    assert left == [], f"expected no exB files after its last record went, got {left}"
    for name, text in all_html(results).items():
        assert "gone" not in text and "Zoë" not in text, f"{name} still names a removed student"
    fresh = tmp_path / "fresh"
    shutil.copytree(results / "records", fresh / "records")
    review.refresh(fresh)
    assert digest(fresh / "report") == digest(results / "report"), "an updated report differs from a fresh one"


def test_a_student_who_fixed_their_mistakes_has_no_stale_office_hours_file(tmp_path):
    results = build(tmp_path / "r", [rec("fixer", "exA", [cell("c", "failed", "bias_not_summed")]),
                                     rec("other", "exA", [cell("c")])])
    assert "fixer.csv" in student_csvs(results)
    report.write_record(results, rec("fixer", "exA", [cell("c")]))  # the resubmission passes
    review.refresh(results)
    stale = [r for r in student_csvs(results).get("fixer.csv", []) if r["mistake"]]
    assert stale == [], f"expected no mistakes for fixer after the fix, got {stale}"
    assert mistakes_csv(results, "exA") == [], f"expected no mistakes, got {mistakes_csv(results, 'exA')}"


# ----------------------------------------------------------------------------------------- read again

def lesson_mistakes():
    return [m for m in autocheck.MISTAKES if autocheck._read_again(m, "").strip()]


def test_read_again_agrees_between_report_feedback_and_autocheck(tmp_path):
    ids = [m for m in autocheck.MISTAKES if not autocheck.MISTAKES[m].accepted]
    records = [rec(f"s{i}", "exR", [cell("c", "failed", m)]) for i, m in enumerate(ids)]
    results = build(tmp_path / "r", records)
    rows = {r["mistake"]: r for r in mistakes_csv(results, "exR")}
    problems = []
    for m in ids:
        where = autocheck._read_again(m, "").strip()
        read_again = rows[m]["read_again"]
        if rows[m]["title"] != autocheck.MISTAKES[m].title:
            problems.append(f"{m}: title {rows[m]['title']!r} != catalogue {autocheck.MISTAKES[m].title!r}")
        page = report.feedback_html(rec("x", "exR", [cell(m, "failed", m)]))
        shown = re.search(r"Read again: (.*?)</p>", page)
        shown = html.unescape(shown.group(1)) if shown else ""
        if shown != read_again:
            problems.append(f"{m}: feedback says {shown!r}, report says {read_again!r}")
        if bool(where) != bool(read_again):
            problems.append(f"{m}: autocheck says {where!r}, report {read_again!r}")
            continue
        if where:
            target = re.match(r"read again: \.\./notebooks/(.+)\.ipynb#(.+)$", where)
            nb, section = re.match(r"(.+), section “(.+)”$", read_again).groups()
            if not target or target.group(1) != nb or unquote(target.group(2)) != section.replace(" ", "-"):
                problems.append(f"{m}: autocheck {where!r} vs report {read_again!r}")
    assert not problems, "\n".join(problems)


def test_read_again_anchors_exist_in_the_notebooks():
    root = Path(__file__).resolve().parent.parent / "notebooks"
    problems = []
    for m in lesson_mistakes():
        where = autocheck._read_again(m, "").strip()
        nb, anchor = re.match(r"read again: \.\./notebooks/(.+\.ipynb)#(.+)$", where).groups()
        path = root / nb
        if not path.is_file():
            problems.append(f"{m}: {nb} does not exist")
            continue
        headings = set()
        for c in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if c["cell_type"] == "markdown":
                for line in "".join(c["source"]).splitlines():
                    h = re.match(r"#+\s+(.*?)\s*$", line)
                    if h:
                        headings.add(h.group(1).replace(" ", "-"))
        if unquote(anchor) not in headings:
            problems.append(f"{m}: #{unquote(anchor)} is no heading of {nb}")
    assert not problems, "\n".join(problems)


def test_a_real_failed_check_message_ends_with_read_again_and_the_feedback_shows_it():
    def no_sum(dZ, A_prev, W):
        return dZ @ A_prev.T, dZ, W.T @ dZ

    with pytest.raises(autocheck.CheckFailed) as failed:
        autocheck.check("dense_backward", no_sum)
    message = str(failed.value)
    assert re.search(r"read again: \.\./notebooks/\w+\.ipynb#\S+$", message), f"message ends: {message[-120:]!r}"
    mistake = failed.value.result.mistake
    assert mistake == "bias_not_summed", f"expected bias_not_summed, got {mistake}"
    page = report.feedback_html(rec("s", "ex02", [cell("dense_backward_check", "failed", mistake, message=message)]))
    assert "Read again: 03_general_case, section “5 · Equation (4): the biases”" in html.unescape(page), page
    passed = report.feedback_html(rec("s", "ex02", [cell("c", "passed", "relu0_one"), cell("d", "failed", "")]))
    assert "Read again" not in passed, "Read again shown for a passed cell or an unnamed failure"


def test_old_records_whose_cells_have_no_mistake_field(tmp_path):
    old = cell("c", "failed")
    del old["mistake"]
    none = cell("c", "failed", None)
    records = [rec("old", "exA", [old]), rec("none", "exA", [none]), rec("new", "exA", [cell("c", "failed", "")])]
    results = build(tmp_path / "r", records)
    got = [(r["mistake"], r["title"], r["students"]) for r in mistakes_csv(results, "exA")]
    assert got == [("", NO_MISTAKE_TITLE, "3")], f"expected 3 unnamed failures, got {got}"


def test_degenerate_score_distributions(tmp_path):
    records = [rec("only", "exOne", [cell("c", points=1.0)]),
               *[rec(f"same{i}", "exSame", [cell("c", points=1.0)]) for i in range(5)],
               rec("over", "exOver", [cell("c", points=5.0, max_points=2.0)]),
               rec("neg", "exOver", [cell("c", "failed", points=-1.0, max_points=2.0)]),
               *[rec(f"e{i}", "exNoScore", [], status="error", score=None, max_score=None) for i in range(2)]]
    results = build(tmp_path / "r", records)
    index = (results / "report" / "index.html").read_text(encoding="utf-8")
    assert index_row(index, "exOne")[1:3] == ["1", "1"], f"exOne: {index_row(index, 'exOne')}"
    assert index_row(index, "exSame")[1:4] == ["5", "1", "1–1"], f"exSame: {index_row(index, 'exSame')}"
    for name, text in all_html(results).items():
        assert not re.search(r"\bnan\b|None", text), f"{name} shows nan/None"


def test_monstrous_unknown_mistake_ids_are_survived(tmp_path):
    weird = ["\u202eevil RTL", "💥" * 50, "m" * 10000, "line\nbreak", "tab\there", "<b>&amp;</b>"]
    records = [rec(f"w{i}", "exW", [cell("c", "failed", m)]) for i, m in enumerate(weird)]
    records += [rec(f"x{i}", "exW", [cell("c", "failed", f"unknown_{i}")]) for i in range(60)]
    results = tmp_path / "r"
    write(results, records)
    review.refresh(results)  # how long it takes is benchmarks/bench_report.py's question
    rows = mistakes_csv(results, "exW")
    assert len(rows) == 66 and sum(int(r["students"]) for r in rows) == 66, f"expected 66 rows of 1, got {len(rows)}"


@pytest.mark.parametrize("mistake", ["cost_$5$_or_$6$", "$\\frac{a}{$"])
def test_dollar_signs_in_a_mistake_id_are_text_not_mathtext(tmp_path, mistake):
    results = write(tmp_path / "r", [rec("s1", "exD", [cell("c", "failed", mistake)])])
    try:
        review.refresh(results)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"expected the report to be written for mistake {mistake!r}, got {type(exc).__name__}: "
                    f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''}")
    assert [r["mistake"] for r in mistakes_csv(results, "exD")] == [mistake]


def test_a_mistake_id_with_a_lone_surrogate_does_not_stop_the_report(tmp_path):
    # grading writes such text without raising (report.atomic_write: backslashreplace); the report must too
    results = write(tmp_path / "r", [rec("s1", "exS", [cell("c", "failed", "bad\udc9a")]),
                                     rec("s2", "exS", [cell("c", "failed", "bias_not_summed")])])
    try:
        review.refresh(results)
    except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes
        pytest.fail(f"expected the report to be written, got {type(exc).__name__}: {str(exc)[:60]}")
    assert sum(int(r["students"]) for r in mistakes_csv(results, "exS")) == 2


def test_a_broken_file_in_records_does_not_break_the_report(tmp_path):
    results = write(tmp_path / "r", [rec("s1", "exA", [cell("c", "failed", "bias_not_summed")])])
    (results / "records" / "exA" / "s2.json").write_text("{not json", encoding="utf-8")
    (results / "records" / "exA" / "s3.json").write_text(json.dumps(rec("someone_else", "exA", [cell("c", "failed", "x")])),
                                                      encoding="utf-8")
    assert main(["gradebook", str(results)]) == 1, "expected exit 1 (records ignored)"
    assert from_report(results) == Counter({("exA", "c", "bias_not_summed"): 1}), dict(from_report(results))


def test_files_the_instructor_put_in_report_are_left_alone(tmp_path):
    results = build(tmp_path / "r", [rec("s1", "exA", [cell("c", "failed", "bias_not_summed")])])
    notes = results / "report" / "my-notes.txt"
    notes.write_text("for Tuesday", encoding="utf-8")
    review.refresh(results)
    assert notes.is_file(), "refresh deleted a file in report/ that belongs to no student or assignment"


OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]


def test_chart_colours_are_from_a_colour_blind_safe_palette(messy):
    import io

    import matplotlib.image as mpimg
    import numpy as np

    results, _ = messy
    palette = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in OKABE_ITO])
    for name, text in report_pages(results).items():
        for src in re.findall(r"src='data:image/png;base64,([^']+)'", text):
            img = mpimg.imread(io.BytesIO(base64.b64decode(src)), format="png")[..., :3]
            px = (img.reshape(-1, 3) * 255).round().astype(int)
            saturated = px[px.max(axis=1) - px.min(axis=1) > 60]  # not white, grey or black
            if not len(saturated):
                continue
            colours, counts = np.unique(saturated, axis=0, return_counts=True)
            main_colours = colours[counts > 0.01 * len(px)]
            far = [("#%02x%02x%02x" % tuple(c)) for c in main_colours
                   if np.abs(palette - c).sum(axis=1).min() > 24]
            assert not far, f"{name}: chart colours outside the Okabe–Ito palette: {far}"
