"""The reading edition as a reader's browser shows it: from the contents page every page opens,
every figure decodes, each widget figure sits above its JupyterLab note, and, with the network
blocked, every formula is typeset (no `$` of TeX left in the text a reader sees) and every page
has loaded at once."""

import time
from pathlib import Path

import pytest

from mlpedu import site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    report = site.build_site(ROOT, out_dir=tmp_path_factory.mktemp("reading") / "site")
    assert not report.problems, report.problems
    return report


def test_every_page_opens_from_the_contents_with_its_figures(browser, built_site, screenshot_dir):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    # Offline: a request to any host fails, as on a train or in a lab without internet.
    page.route("http*://**", lambda route: route.abort())
    try:
        page.goto((built_site.out_dir / "index.html").as_uri())
        page.screenshot(path=str(screenshot_dir / "site_contents.png"))
        links = page.locator("main a[href$='.html']")
        titles = links.all_inner_texts()
        assert titles == [p.title for p in built_site.pages], f"contents lists {titles}"
        for number, expected in enumerate(built_site.pages):
            page.goto((built_site.out_dir / "index.html").as_uri())
            page.locator("main a[href$='.html']").nth(number).click()
            page.wait_for_load_state()
            assert page.url.endswith(str(expected.html_path)), f"{expected.title}: landed on {page.url}"
            broken = page.evaluate(
                "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 60))"
            )
            assert not broken, f"{expected.html_path}: figures that do not decode: {broken}"
            notes = page.locator(".mlpedu-widget-note")
            assert notes.count() == built_site.widget_cells[str(expected.path)], f"{expected.html_path}: notes"
            for note in notes.all():
                figure = note.locator("xpath=ancestor::div[contains(@class, 'jp-Cell-outputWrapper')]//img")
                assert figure.count() >= 1, f"{expected.html_path}: a widget note without its default figure"
            if notes.count():  # the first widget figure with its note, as a reader sees it
                notes.first.locator("xpath=ancestor::div[contains(@class, 'jp-Cell-outputWrapper')]//img").first.scroll_into_view_if_needed()
                page.screenshot(path=str(screenshot_dir / f"site_{expected.path.stem}.png"))
    finally:
        page.close()


# Text nodes a reader sees with a `$` in them (code, scripts and typeset maths aside).
UNTYPESET = """() => { const left = []; const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) { const text = walker.currentNode;
    if (text.parentElement.closest('code, pre, script, style, math')) continue;
    if (text.textContent.includes('$')) left.push(text.textContent.trim().slice(0, 60)); }
  return left; }"""


def test_every_page_reads_offline_with_its_maths_typeset(browser, built_site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested = []
    page.route("http*://**", lambda route: (requested.append(route.request.url), route.abort()))
    try:
        for expected in built_site.pages:
            started = time.perf_counter()
            page.goto((built_site.out_dir / expected.html_path).as_uri(), wait_until="load", timeout=10_000)
            seconds = time.perf_counter() - started
            left = page.evaluate(UNTYPESET)
            assert not left, f"{expected.html_path}: TeX shown as text: {left[:5]}"
            formulas = page.evaluate("document.querySelectorAll('math').length")
            shown = page.evaluate("[...document.querySelectorAll('math')].filter(m => m.getBoundingClientRect().width > 0).length")
            assert shown == formulas, f"{expected.html_path}: {formulas - shown} formulas not laid out"
            # a hang detector, not a speed test: the CDN scripts this replaces blocked a page for 40 s
            assert seconds < 5, f"{expected.html_path}: took {seconds:.1f} s to load offline"
        assert not requested, f"pages asked the network for {requested[:5]}"
    finally:
        page.close()
