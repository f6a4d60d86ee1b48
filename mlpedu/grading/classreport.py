"""What the class got wrong: a report per assignment and an overview, made from the records alone.

    RESULTS_DIR/report/index.html              every assignment's median and spread; the mistakes
                                               students made again in a later assignment
    RESULTS_DIR/report/ASSIGNMENT.html         the score histogram, each check's pass rate, and per
                                               check the named mistakes ranked by how many made them,
                                               each with the section of the course that teaches it
    RESULTS_DIR/report/ASSIGNMENT-checks.csv   the data behind it: per check, students, passed, failed, not run
    RESULTS_DIR/report/ASSIGNMENT-mistakes.csv per check and mistake, how many students (= cells.csv)
    RESULTS_DIR/report/who/ASSIGNMENT.html     who made each mistake (instructor only: it names students)
    RESULTS_DIR/report/students/STUDENT.csv    every mistake one student made, for office hours

Its .html and .csv files are made again every time (those of students or assignments no longer
graded go); other files put in report/ are left alone. The report pages name no student, so they
can be shown to a class; the lists of who made which
mistake are pages of their own. Scores are raw scores, hand marks included, before late penalties
(what the class knows, not what it is graded). The same records give the same files, byte for
byte: a run with --resume, or shards merged, write the report one run writes. Plots are
matplotlib PNGs inside the page (offline, printable), in the Okabe-Ito colours, with alt text.
"""

import base64
import hashlib
import html
import io
import statistics
from collections import Counter
from pathlib import Path

from .. import lessons
from . import report

PASSED, FAILED, NOT_RUN = "#009E73", "#D55E00", "#999999"  # Okabe-Ito: safe for every colour vision
BAR = "#0072B2"
OTHER_FAILURE = "(failed, no mistake named)"  # a plain assert in a test cell names no mistake


def write(results_dir, records):
    """Write the report for `records` (marks already applied). Files of assignments no longer graded go."""
    import warnings

    with warnings.catch_warnings():  # a student's odd id lacks a glyph or a margin: the report is made anyway
        warnings.simplefilter("ignore", UserWarning)
        _write_all(results_dir, records)


def _write_all(results_dir, records):
    folder = Path(results_dir) / "report"
    by_assignment = {}
    for record in sorted(records, key=lambda r: (r["assignment"], r["student_id"])):
        by_assignment.setdefault(record["assignment"], []).append(record)
    summaries = {name: summarise(name, own) for name, own in by_assignment.items()}
    written = set()
    for name, summary in summaries.items():
        stem = page_stem(name)
        for file, text in ((f"{stem}.html", assignment_page(summary)),
                           (f"{stem}-checks.csv", report.csv_text(CHECK_COLUMNS, summary["check_rows"])),
                           (f"{stem}-mistakes.csv", report.csv_text(MISTAKE_COLUMNS, summary["mistake_rows"])),
                           (f"who/{stem}.html", who_page(summary))):
            report.write_if_changed(folder / file, text)
            written.add(folder / file)
    for file, text in (("index.html", overview_page(summaries)), ("who/index.html", who_again_page(summaries))):
        report.write_if_changed(folder / file, text)
        written.add(folder / file)
    for student, rows in _mistakes_by_student(summaries).items():
        path = folder / "students" / f"{report.safe_name(student)}.csv"
        report.write_if_changed(path, report.csv_text(STUDENT_COLUMNS, rows))
        written.add(path)
    for stale in folder.rglob("*") if folder.is_dir() else []:  # e.g. a student no longer in the records
        if stale.suffix in (".html", ".csv") and stale.is_file() and not stale.is_symlink() and stale not in written:
            stale.unlink()  # only what this module writes: a note of the instructor's stays


# ---- the numbers ------------------------------------------------------------------------------------------

CHECK_COLUMNS = ["assignment", "check", "max_points", "students", "passed", "failed", "not_run", "pass_rate"]
MISTAKE_COLUMNS = ["assignment", "check", "mistake", "title", "students", "share", "read_again"]
STUDENT_COLUMNS = ["student_id", "assignment", "check", "mistake", "title", "read_again"]


def summarise(assignment, records):
    """Counts per check and mistake, as cells.csv has them, for one assignment's records."""
    checks = {}
    for record in records:
        for cell in record.get("cells", []):
            if cell.get("kind") != "tests":
                continue
            check = checks.setdefault(cell["grade_id"], {"max_points": cell["max_points"], "students": 0,
                                                         "status": Counter(), "mistakes": {}})
            check["students"] += 1
            check["status"][cell["status"]] += 1
            if cell["status"] == "failed":
                key = cell.get("mistake") or ""
                check["mistakes"].setdefault(key, []).append(record["student_id"])
    check_rows, mistake_rows = [], []
    for grade_id, check in checks.items():
        n, status = check["students"], check["status"]
        check_rows.append({"assignment": assignment, "check": grade_id, "max_points": report.number(check["max_points"]),
                           "students": n, "passed": status["passed"], "failed": status["failed"],
                           "not_run": n - status["passed"] - status["failed"],
                           "pass_rate": f"{status['passed'] / n:.3f}" if n else ""})
        ranked = sorted(check["mistakes"].items(), key=lambda item: (-len(item[1]), item[0]))
        for key, students in ranked:
            mistake_rows.append({"assignment": assignment, "check": grade_id, "mistake": key, "title": title(key),
                                 "students": len(students), "share": f"{len(students) / n:.3f}",
                                 "read_again": lessons.described(key) or "", "who": students})
    scores = [r["score"] for r in records if r.get("score") is not None]
    return {"assignment": assignment, "scores": scores, "max_score": max((r.get("max_score") or 0 for r in records),
                                                                        default=0), "n": len(records),
            "check_rows": check_rows, "mistake_rows": mistake_rows,
            "statuses": Counter(r["status"] for r in records)}


def title(mistake_id):
    from ..autocheck import mistake_title

    if not mistake_id:
        return OTHER_FAILURE
    return mistake_title(mistake_id)


def _mistakes_by_student(summaries):
    rows = {}
    for summary in summaries.values():
        for row in summary["mistake_rows"]:
            for student in row["who"]:
                rows.setdefault(student, []).append({"student_id": student, **row})
    return dict(sorted(rows.items()))


def persistent(summaries):
    """(mistake, [(student, [assignments])]): named mistakes students made in two assignments or more."""
    seen = {}
    for summary in summaries.values():
        for row in summary["mistake_rows"]:
            if row["mistake"]:
                for student in row["who"]:
                    seen.setdefault(row["mistake"], {}).setdefault(student, set()).add(summary["assignment"])
    found = []
    for mistake, students in seen.items():
        again = sorted((s, sorted(a)) for s, a in students.items() if len(a) > 1)
        if again:
            found.append((mistake, again))
    return sorted(found, key=lambda item: (-len(item[1]), item[0]))


# ---- the pictures -----------------------------------------------------------------------------------------


def _figure(width, height):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(figure)
    return figure, figure.add_subplot()


def _label(text):
    """Text for a chart as it was written: '$…$' is not a formula (matplotlib's mathtext), a lone surrogate
    is shown escaped."""
    return str(text).encode("utf-8", "backslashreplace").decode("utf-8").replace("$", r"\$")


def _png(figure, alt):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})  # no version stamp: same records, same bytes
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img src='data:image/png;base64,{data}' alt='{html.escape(alt, quote=True)}'>"


def histogram(summary):
    figure, axes = _figure(6.4, 2.6)
    top = summary["max_score"] or max(summary["scores"], default=1) or 1
    bins = [x - 0.5 for x in range(int(top) + 2)] if float(top).is_integer() and top <= 60 else 20
    axes.hist(summary["scores"], bins=bins, color=BAR, edgecolor="white")
    axes.set_xlabel(f"score (of {report.number(top)})")
    axes.set_ylabel("students")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    scores = summary["scores"]
    alt = (f"Histogram of the scores of {len(scores)} students: median {report.number(statistics.median(scores))} "
           f"of {report.number(top)}" if scores else "No scores yet")
    return _png(figure, alt)


def pass_rates(summary):
    rows = summary["check_rows"]
    figure, axes = _figure(6.4, max(1.6, 0.8 + 0.4 * len(rows)))
    names = [_label(r["check"]) for r in rows][::-1]
    for start, key, colour, label in ((0, "passed", PASSED, "passed"), (None, "failed", FAILED, "failed"),
                                      (None, "not_run", NOT_RUN, "not run")):
        widths = [r[key] / r["students"] * 100 if r["students"] else 0 for r in rows][::-1]
        left = [0.0] * len(rows) if key == "passed" else lefts
        axes.barh(names, widths, left=left, color=colour, label=label, height=0.6)
        lefts = [a + b for a, b in zip(left, widths)]
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of students")
    axes.legend(loc="lower right", fontsize="small", frameon=False, ncols=3, bbox_to_anchor=(1, 1))
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    alt = "Pass rate per check: " + "; ".join(f"{r['check']} {_percent(r['passed'], r['students'])} passed"
                                              for r in rows)
    return _png(figure, alt)


def mistake_bars(check, rows):
    figure, axes = _figure(8.0, max(1.5, 0.7 + 0.35 * len(rows)))
    labels = [_label(_short(r["title"])) for r in rows][::-1]
    shares = [float(r["share"]) * 100 for r in rows][::-1]
    bars = axes.barh(labels, shares, color=[NOT_RUN if not r["mistake"] else FAILED for r in rows][::-1], height=0.6)
    axes.bar_label(bars, labels=[f"{s:.0f} % ({r['students']})" for s, r in zip(shares, rows[::-1])],
                   padding=3, fontsize="small")
    axes.set_xlim(0, max(shares + [1]) * 1.4)  # room for the "38 % (12)" labels
    axes.set_xlabel("% of the students who took this check")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    alt = f"Mistakes in {check}: " + "; ".join(f"{r['title']}: {_percent(r['students'], None, r['share'])}"
                                              for r in rows)
    return _png(figure, alt)


def spread(summaries):
    names = list(summaries)
    figure, axes = _figure(6.4, max(1.6, 0.8 + 0.45 * len(names)))
    data = [[s / (summaries[n]["max_score"] or 1) * 100 for s in summaries[n]["scores"]] or [0] for n in names]
    style = {"widths": 0.5, "medianprops": {"color": FAILED}, "boxprops": {"color": BAR},
             "whiskerprops": {"color": BAR}, "capprops": {"color": BAR}}
    try:  # matplotlib 3.10 names it orientation; 3.7–3.9 only know vert
        axes.boxplot(data[::-1], orientation="horizontal", **style)
    except TypeError:
        axes.boxplot(data[::-1], vert=False, **style)
    axes.set_yticks(range(1, len(names) + 1), [_label(n) for n in names[::-1]])
    axes.set_xlim(-2, 102)
    axes.set_xlabel("score, % of the points")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    alt = "Scores per assignment: " + "; ".join(
        f"{n} median {report.number(_median_percent(summaries[n]))} %" for n in names)
    return _png(figure, alt)


def _median_percent(summary):
    return round(statistics.median(summary["scores"]) / (summary["max_score"] or 1) * 100, 1) if summary["scores"] else 0


def _short(text, width=48):
    return text if len(text) <= width else text[:width - 1] + "…"


def _percent(count, total, share=None):
    value = float(share) if share is not None else (count / total if total else 0.0)
    return f"{value * 100:.0f} %"


# ---- the pages --------------------------------------------------------------------------------------------

STYLE = """body{font-family:sans-serif;max-width:62em;margin:2em auto;padding:0 1em;color:#1f2328}
table{border-collapse:collapse}td,th{padding:.25em .6em;text-align:left;border-bottom:1px solid #ddd}
td.n{text-align:right}img{max-width:100%}.note{color:#57606a}"""


def _page(title, body):
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>\n{body}\n</body></html>\n")


def _anchor(*parts):
    """An id for a check, or a (check, mistake) pair: a digest, so no two pairs can share one."""
    return "c" + hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def page_stem(assignment):
    """The file name of an assignment's pages: never the overview's (index.html)."""
    stem = report.safe_name(assignment)
    if stem.lower() == "index":
        stem += "-" + hashlib.sha256(assignment.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return stem


def assignment_page(summary):
    esc, name = html.escape, summary["assignment"]
    stem = page_stem(name)
    scores = summary["scores"]
    stats = (f"{len(scores)} students; median {report.number(statistics.median(scores))}, "
             f"middle half {report.number(_quartiles(scores)[0])}–{report.number(_quartiles(scores)[1])}, "
             f"of {report.number(summary['max_score'])} points" if scores else "no graded submissions")
    problems = ", ".join(f"{count} {status}" for status, count in sorted(summary["statuses"].items())
                         if status != "graded")
    parts = [f"<p><a href='index.html'>All assignments</a></p><h1>{esc(name)}: what the class got wrong</h1>",
             f"<p>{esc(stats)}{esc('; ' + problems) if problems else ''}. Raw scores, hand marks included, before "
             "late penalties.</p>", "<h2>Scores</h2>", histogram(summary),
             "<h2>Each check</h2>", pass_rates(summary) if summary["check_rows"] else "<p>No autograded checks.</p>",
             "<table><tr><th>check</th><th>passed</th><th>failed</th><th>not run</th><th>most common mistake</th></tr>"]
    by_check = {}
    for row in summary["mistake_rows"]:
        by_check.setdefault(row["check"], []).append(row)
    for row in summary["check_rows"]:
        top = by_check.get(row["check"], [])
        parts.append(f"<tr><td><a href='#{_anchor(row['check'])}'><code>{esc(row['check'])}</code></a></td>"
                     f"<td class='n'>{_percent(row['passed'], row['students'])}</td>"
                     f"<td class='n'>{row['failed']}</td><td class='n'>{row['not_run']}</td>"
                     f"<td>{esc(top[0]['title']) if top else ''}</td></tr>")
    parts.append("</table>")
    for row in summary["check_rows"]:
        mistakes = by_check.get(row["check"], [])
        parts.append(f"<h2 id='{_anchor(row['check'])}'><code>{esc(row['check'])}</code></h2>")
        if not mistakes:
            parts.append(f"<p>Nobody failed it ({row['passed']} of {row['students']} passed).</p>")
            continue
        parts.append(f"<p>{row['failed']} of {row['students']} students failed it. The mistakes they made:</p>")
        parts.append(mistake_bars(row["check"], mistakes))
        parts.append("<table><tr><th>mistake</th><th>students</th><th>taught in</th><th></th></tr>")
        for mistake in mistakes:
            parts.append(f"<tr><td>{esc(mistake['title'])}</td>"
                         f"<td class='n'>{_percent(0, 0, mistake['share'])} ({mistake['students']})</td>"
                         f"<td>{esc(mistake['read_again'])}</td>"
                         f"<td><a href='who/{stem}.html#{_anchor(row['check'], mistake['mistake'])}'>who</a></td></tr>")
        parts.append("</table>")
    parts.append(f"<p class='note'>The data: <a href='{stem}-checks.csv'>{esc(stem)}-checks.csv</a>, "
                 f"<a href='{stem}-mistakes.csv'>{esc(stem)}-mistakes.csv</a>. The “who” lists name students: "
                 "for the instructor only.</p>")
    return _page(f"{name}: what the class got wrong", "\n".join(parts))


def who_page(summary):
    esc, name = html.escape, summary["assignment"]
    parts = [f"<p><a href='../{page_stem(name)}.html'>Back to the report</a></p>",
             f"<h1>{esc(name)}: who made which mistake</h1>",
             "<p class='note'>Instructor only: this page names students.</p>"]
    for row in summary["mistake_rows"]:
        parts.append(f"<h2 id='{_anchor(row['check'], row['mistake'])}'><code>{esc(row['check'])}</code>: "
                     f"{esc(row['title'])} ({row['students']})</h2>")
        parts.append("<p>" + ", ".join(esc(s) for s in row["who"]) + "</p>")
    return _page(f"{name}: who made which mistake", "\n".join(parts))


def overview_page(summaries):
    esc = html.escape
    parts = ["<h1>The class, assignment by assignment</h1>"]
    if summaries:
        parts.append(spread(summaries))
    parts.append("<table><tr><th>assignment</th><th>students</th><th>median</th><th>middle half</th><th>of</th>"
                 "<th>most common mistake</th></tr>")
    for name, summary in summaries.items():
        scores = summary["scores"]
        low, high = _quartiles(scores) if scores else (None, None)
        named = [r for r in summary["mistake_rows"] if r["mistake"]]
        top = max(named, key=lambda r: r["students"], default=None)
        common = f"{top['title']} ({top['students']})" if top else ""
        parts.append(f"<tr><td><a href='{page_stem(name)}.html'>{esc(name)}</a></td><td class='n'>{len(scores)}</td>"
                     f"<td class='n'>{report.number(statistics.median(scores)) if scores else ''}</td>"
                     f"<td class='n'>{report.number(low)}–{report.number(high)}</td>"
                     f"<td class='n'>{report.number(summary['max_score'])}</td>"
                     f"<td>{esc(common)}</td></tr>")
    parts.append("</table><h2>Mistakes made again</h2>")
    again = persistent(summaries)
    if not again:
        parts.append("<p>No student made the same named mistake in two assignments.</p>")
    else:
        parts.append("<p>Students who made the same named mistake in two assignments or more.</p>"
                     "<table><tr><th>mistake</th><th>students</th><th>taught in</th><th></th></tr>")
        for mistake, students in again:
            parts.append(f"<tr><td>{esc(title(mistake))}</td><td class='n'>{len(students)}</td>"
                         f"<td>{esc(lessons.described(mistake) or '')}</td>"
                         f"<td><a href='who/index.html#{_anchor('again', mistake)}'>who</a></td></tr>")
        parts.append("</table><p class='note'>Each student's mistakes, for office hours: "
                     "<code>report/students/STUDENT.csv</code>.</p>")
    return _page("The class, assignment by assignment", "\n".join(parts))


def who_again_page(summaries):
    esc = html.escape
    parts = ["<p><a href='../index.html'>Back to the overview</a></p><h1>Who made a mistake again</h1>",
             "<p class='note'>Instructor only: this page names students.</p>"]
    for mistake, students in persistent(summaries):
        parts.append(f"<h2 id='{_anchor('again', mistake)}'>{esc(title(mistake))} ({len(students)})</h2><ul>")
        parts += [f"<li>{esc(student)}: {esc(', '.join(assignments))}</li>" for student, assignments in students]
        parts.append("</ul>")
    return _page("Who made a mistake again", "\n".join(parts))


def _quartiles(scores):
    if len(scores) < 2:
        return (scores[0], scores[0]) if scores else (None, None)
    q = statistics.quantiles(scores, n=4, method="inclusive")
    return q[0], q[2]
