"""The class report as an instructor opens it: from file://, offline, at laptop width; every picture
decodes and every link (to a section, a "who" list, a data file) leads somewhere that exists."""

from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from grading_fixtures import synthetic


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report") / "results"
    synthetic.write_results(folder)
    return folder


def test_every_page_of_the_report_opens_with_its_pictures_and_links(browser, results, screenshot_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.route("http*://**", lambda route: route.abort())
    pages = sorted((results / "report").glob("*.html")) + sorted((results / "report" / "who").glob("*.html"))
    assert len(pages) == 1 + 3 + 1 + 3, [p.name for p in pages]
    try:
        for path in pages:
            page.goto(path.as_uri())
            broken = page.evaluate("[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).length")
            assert broken == 0, f"{path.name}: {broken} pictures that do not decode"
            for href in page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)"):
                target = urlparse(href)
                assert target.scheme == "file", f"{path.name}: a link out of the results folder: {href}"
                file = Path(unquote(target.path))
                assert file.is_file(), f"{path.name}: link to {file}, which does not exist"
                if target.fragment:
                    ids = ids_on(page, file)
                    assert unquote(target.fragment) in ids, f"{path.name}: no #{target.fragment} on {file.name}"
            page.goto(path.as_uri())
        page.goto((results / "report" / "ex02_dense_layer.html").as_uri())
        page.screenshot(path=str(screenshot_dir / "class_report.png"), full_page=True)  # docs/class-report.png
    finally:
        page.close()


def ids_on(page, file):
    current = page.url
    page.goto(file.as_uri())
    ids = set(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
    page.goto(current)
    return ids
