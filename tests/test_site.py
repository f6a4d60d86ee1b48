"""The reading edition (`mlpedu site`): built from the repository as committed, every notebook
has its page, no internal link is broken, no page shows an error output, and widget cells keep
their default figure with a note on how to move them in JupyterLab."""

import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from mlpedu import site
from mlpedu.errors import MlpeduError

ROOT = Path(__file__).resolve().parents[1]
STDERR_OUTPUT = 'data-mime-type="application/vnd.jupyter.stderr"'
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# ---------------------------------------------------------------- reading built pages


class PageParser(HTMLParser):
    """Collects what a link check needs from one page: its ids, links, images and notes."""

    def __init__(self):
        super().__init__()
        self.ids, self.links, self.notes, self.title = set(), [], 0, ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.links.append(attrs["src"])
        if "mlpedu-widget-note" in (attrs.get("class") or "").split():
            self.notes += 1
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse_page(path):
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_internal_links(site_dir):
    """[(page, link, why)] for every relative link or image whose file or anchor is missing."""
    parsed = {path: parse_page(path) for path in site_dir.rglob("*.html")}
    broken = []
    for page, parser in parsed.items():
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if not target.is_file():
                broken.append((page.relative_to(site_dir), link, "no such file in the site"))
            elif parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse_page(target).ids
                # nbconvert percent-encodes ids; a browser matches the fragment either way
                if unquote(parts.fragment) not in {unquote(i) for i in ids}:
                    broken.append((page.relative_to(site_dir), link, "no such anchor on that page"))
    return broken


def course_notebooks():
    """The notebooks a clean checkout has, section by section, in course order."""
    return [
        PurePosixPath(folder, path.name)
        for folder, _ in site.SECTIONS
        for path in sorted((ROOT / folder).glob("*.ipynb"))
    ]


def tracked_files():
    """The repository's tracked files (what a clean checkout holds), or None outside git."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        return None
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in listing.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    """The command a maintainer runs, on a copy of the checkout (untracked files left out)."""
    checkout = tmp_path_factory.mktemp("checkout")
    files = tracked_files()
    if files is None:
        for folder in ("notebooks", "exercises", "solutions", "mlpedu"):
            if (ROOT / folder).is_dir():
                shutil.copytree(ROOT / folder, checkout / folder)
    else:
        for name in files:
            if (ROOT / name).is_file():
                (checkout / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / name, checkout / name)
    result = subprocess.run(
        [sys.executable, "-m", "mlpedu.cli", "site", "--root", str(checkout)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    site_dir = checkout / site.DEFAULT_OUT
    if not (site_dir / "index.html").is_file():  # nothing to inspect: say why, never pass on an empty folder
        pytest.fail(f"`mlpedu site` built nothing (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return site_dir, result


# ---------------------------------------------------------------- the real course


def test_site_builds_from_a_clean_checkout(built_site):
    site_dir, result = built_site
    assert result.returncode == 0, f"`mlpedu site` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    assert "Built" in result.stdout and (site_dir / "index.html").is_file(), result.stdout


def test_every_section_a_mistake_leads_back_to_has_its_anchor_on_the_page(built_site):
    import html as html_module

    from mlpedu import lessons

    site_dir, _ = built_site
    for mistake_id, (notebook, heading) in sorted(lessons.TAUGHT_IN.items()):
        page = (site_dir / "notebooks" / f"{notebook}.html").read_text(encoding="utf-8")
        ids = {html_module.unescape(i) for i in re.findall(r'\bid="([^"]+)"', page)}  # as nbconvert wrote them
        assert lessons.anchor(heading) in ids, f"{mistake_id}: no id {lessons.anchor(heading)!r} on {notebook}.html"


def test_every_notebook_has_its_page_in_course_order(built_site):
    site_dir, _ = built_site
    notebooks = course_notebooks()
    missing = [str(nb) for nb in notebooks if not (site_dir / nb.with_suffix(".html")).is_file()]
    assert not missing, f"no page for {missing}"
    contents = parse_page(site_dir / "index.html")
    listed = [unquote(link) for link in contents.links if link.endswith(".html")]
    expected = [str(nb.with_suffix(".html")) for nb in notebooks]
    assert listed == expected, f"contents page lists {listed}; expected course order {expected}"


def test_no_broken_internal_link(built_site):
    site_dir, _ = built_site
    broken = broken_internal_links(site_dir)
    assert not broken, "broken links (page, link, why):\n" + "\n".join(map(str, broken))


def test_no_page_shows_an_error_output(built_site):
    site_dir, _ = built_site
    shown = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(re.escape(STDERR_OUTPUT) + "[^>]*>", text):
            excerpt = re.sub(r"<[^>]+>", "", text[match.end() : match.end() + 600])
            shown.append(f"{page.relative_to(site_dir)}: {html.unescape(excerpt).strip()[:200]!r}")
    assert not shown, "pages showing an error or stderr output:\n" + "\n".join(shown)


def test_widget_cells_keep_their_figure_and_say_how_to_move_it(built_site):
    site_dir, _ = built_site
    checked = 0
    for notebook_path in course_notebooks():
        notebook = nbformat.read(ROOT / notebook_path, as_version=4)
        models = site.widget_models(notebook)
        widget_cells = [c for c in notebook.cells if site.is_widget_cell(c, models)]
        page_html = (site_dir / notebook_path.with_suffix(".html")).read_text(encoding="utf-8")
        notes = parse_page(site_dir / notebook_path.with_suffix(".html")).notes
        assert notes == len(widget_cells), f"{notebook_path}: {len(widget_cells)} widget cells, {notes} notes"
        assert "application/vnd.jupyter.widget" not in page_html, f"{notebook_path}: a widget view or state is left"
        for cell in widget_cells:
            if cell.outputs:  # a widget cell with stored outputs shows its default figure
                assert any("image/png" in o.get("data", {}) for o in cell.outputs), (
                    f"{notebook_path}: widget cell {cell.source[:60]!r} stored no default figure"
                )
        checked += len(widget_cells)
    if not checked:
        pytest.skip("no notebook in the course has a widget cell yet")


OUTSIDE_TEXT = re.compile(r"<(code|pre|script|style|math)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


def markdown_formulas(cell_source):
    """The $…$ and $$…$$ of a Markdown cell, code spans aside (a `$` in code is not maths)."""
    prose = re.sub(r"```.*?```|`[^`\n]*`", " ", cell_source, flags=re.DOTALL)
    return re.findall(r"\$\$.+?\$\$|\$[^$\n]+\$", prose, flags=re.DOTALL)


def test_maths_is_typeset_when_the_site_is_built(built_site):
    """Every formula of every Markdown cell becomes MathML on its page, no `$` of TeX is left in
    the text a reader sees, and no page loads anything from the network (the MathJax and
    require.js of nbconvert's template block a page until their CDN answers)."""
    site_dir, _ = built_site
    for notebook_path in course_notebooks():
        notebook = nbformat.read(ROOT / notebook_path, as_version=4)
        page_html = (site_dir / notebook_path.with_suffix(".html")).read_text(encoding="utf-8")
        formulas = sum(len(markdown_formulas(c.source)) for c in notebook.cells if c.cell_type == "markdown")
        typeset = page_html.count("<math ")
        assert typeset >= formulas, f"{notebook_path}: {formulas} formulas in its Markdown, {typeset} typeset"
        assert "<merror" not in page_html, f"{notebook_path}: latex2mathml could not read a formula"
        assert "<ns0:" not in page_html, f"{notebook_path}: namespaced MathML (a browser shows it as plain text)"
        left = [line.strip()[:80] for line in OUTSIDE_TEXT.sub("", page_html).split("\n")
                if "$" in re.sub(r"<[^>]+>", "", line)]
        assert not left, f"{notebook_path}: TeX left untypeset: {left[:5]}"
        remote = re.findall(r"<(?:script|link|img)\b[^>]*(?:src|href)=\"(https?://[^\"]*)\"", page_html)
        assert not remote, f"{notebook_path}: the page loads {remote} from the network"


@pytest.mark.parametrize("tex, expected", [
    (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", ["<mtable>", 'columnalign="right"', "<mi>c</mi>"]),
    (r"\varphi^J = \nabla_{a^J} L \circ \sigma'(z^J) \tag{1}", ["(1)", "<msup>"]),
    (r"\begin{cases} 1 & z > 0 \\ 0 & z \le 0 \end{cases}", ["<mtable>"]),
    # a prime beside its letter (a superscript U+2032 is a tiny tick far above it), a stretchy overline
    (r"\sigma'(z) + \mathrm{ReLU}'(0)", ['<mi>&#x003C3;</mi><mo lspace="0" rspace="0">&#x02032;</mo>',
                                         '</mrow><mo lspace="0" rspace="0">&#x02032;</mo>']),
    (r"\overline{\sigma'(z)^2}", ['stretchy="true">&#x0203E;</mo></mover>']),
])
def test_tex_becomes_mathml_with_aligned_rows_and_tags(tex, expected):
    got = site.mathml(tex, display=True)
    for part in expected:
        assert part in got, f"{tex!r}: expected {part!r} in {got[:300]}"


# ---------------------------------------------------------------- the builder on made-up notebooks


def widget_outputs():
    """What `mlpedu.widgets.show` stores: the default figure, then the controls' views."""
    view = {"application/vnd.jupyter.widget-view+json": {"model_id": "abc", "version_major": 2, "version_minor": 0}}
    return [
        new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
        new_output("display_data", data={**view, "text/plain": "HBox(children=(FloatSlider(value=1.0),))"}),
        new_output("display_data", data={**view, "text/plain": "HTML(value='')"}),
    ]


def progress_bar_output():
    """What a tqdm progress bar stores: a view of an HBox holding a FloatProgress, and the
    bar's text at its start; returns (output, widget state)."""
    view = {"model_id": "bar", "version_major": 2, "version_minor": 0}
    output = new_output("display_data", data={WIDGET_VIEW: view, "text/plain": "training:   0%|   | 0/200"})
    state = {
        "bar": {"model_name": "HBoxModel", "state": {"children": ["IPY_MODEL_label", "IPY_MODEL_progress"]}},
        "label": {"model_name": "HTMLModel", "state": {"value": "training: 100%"}},
        "progress": {"model_name": "FloatProgressModel", "state": {"value": 200}},
    }
    return output, state


def write_course(root, notebooks, widget_state=None):
    for relative, cells in notebooks.items():
        path = Path(root) / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        notebook = new_notebook(cells=cells)
        if widget_state:
            notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": widget_state}}
        nbformat.write(notebook, path)


@pytest.fixture
def small_course(tmp_path):
    show_cell = new_code_cell("# NBVAL_IGNORE_OUTPUT\nshow(draw)", outputs=widget_outputs())
    progress, widget_state = progress_bar_output()
    write_course(
        tmp_path,
        {
            "notebooks/01_first.ipynb": [
                new_markdown_cell("# First steps\n\nOn to [the second](02_second.ipynb#Part-two) and [the exercise](../exercises/01_first_exercises.ipynb)."),
                show_cell,
                new_code_cell("net = train(progress=True)", outputs=[progress]),
            ],
            "notebooks/02_second.ipynb": [
                new_markdown_cell("# Second\n\n## Part two\n\nSee [the library](../mlpedu/network.py)."),
                new_code_cell("plt.show()", outputs=[new_output("display_data", data={"image/png": "iVBORw0KGgo="})]),
            ],
            "exercises/01_first_exercises.ipynb": [new_markdown_cell("# Exercises for the first steps")],
        },
        widget_state,
    )
    (tmp_path / "mlpedu").mkdir()
    (tmp_path / "mlpedu" / "network.py").write_text("# the network\n")
    return tmp_path


def test_small_course_builds_with_working_links_and_a_note_per_widget_cell(small_course):
    report = site.build_site(small_course)
    site_dir = small_course / "_site"
    assert report.problems == [], report.problems
    assert [str(p.path) for p in report.pages] == [
        "notebooks/01_first.ipynb",
        "notebooks/02_second.ipynb",
        "exercises/01_first_exercises.ipynb",
    ]
    assert report.widget_cells == {
        "notebooks/01_first.ipynb": 1,
        "notebooks/02_second.ipynb": 0,
        "exercises/01_first_exercises.ipynb": 0,
    }
    assert broken_internal_links(site_dir) == []
    first = site_dir / "notebooks" / "01_first.html"
    first_html = first.read_text()
    assert 'href="02_second.html#Part-two"' in first_html and 'href="../exercises/01_first_exercises.html"' in first_html
    assert "NBVAL_IGNORE_OUTPUT" not in first_html, "nbval markers are noise for readers"
    assert parse_page(first).notes == 1 and "data:image/png;base64,iVBORw0KGgo=" in first_html
    assert "HBox(children" not in first_html and "widget-view" not in first_html
    assert "0/200" not in first_html, "a progress bar's text shows its first state: it must go"
    assert parse_page(first).title.startswith("First steps")
    assert (site_dir / "mlpedu" / "network.py").read_text() == "# the network\n", "a linked file is copied along"


@pytest.mark.parametrize(
    "source, outputs, expected",
    [
        ("show(draw)", [], True),
        ("from mlpedu import widgets\nwidgets.show(draw_neuron)", [], True),
        ("mlpedu.widgets.show(draw)", [], True),
        ("plt.show()", [], False),
        ("fig.show()", [], False),
        ("showcase(draw)", [], False),
        ("display(box)", [new_output("display_data", data={WIDGET_VIEW: {"model_id": "box"}})], True),
        ("train(progress=True)", [progress_bar_output()[0]], False),
    ],
)
def test_is_widget_cell(source, outputs, expected):
    models = progress_bar_output()[1]
    assert site.is_widget_cell(new_code_cell(source, outputs=outputs), models) is expected, source


@pytest.mark.parametrize(
    "page, url, expected_url, expected_problem",
    [
        ("notebooks/01_a.ipynb", "02_b.ipynb", "02_b.html", None),
        ("notebooks/01_a.ipynb", "02_b.ipynb#The-four-equations", "02_b.html#The-four-equations", None),
        ("notebooks/01_a.ipynb", "../exercises/01_a_ex.ipynb", "../exercises/01_a_ex.html", None),
        ("notebooks/01_a.ipynb", "./02_b.ipynb", "02_b.html", None),
        ("notebooks/01_a.ipynb", "#local-anchor", "#local-anchor", None),
        ("notebooks/01_a.ipynb", "https://example.org/x.ipynb", "https://example.org/x.ipynb", None),
        ("notebooks/01_a.ipynb", "../solutions/01_a_solutions.ipynb", None, "not part of the reading edition"),
        ("notebooks/01_a.ipynb", "03_missing.ipynb", None, "does not exist"),
        ("notebooks/01_a.ipynb", "figure.svg", None, "does not exist"),
        ("notebooks/01_a.ipynb", "../../elsewhere.md", None, "outside the repository"),
    ],
)
def test_resolve_link(tmp_path, page, url, expected_url, expected_problem):
    write_course(tmp_path, {"solutions/01_a_solutions.ipynb": []})
    pages = {
        PurePosixPath(p): site.Page(PurePosixPath(p), p, "")
        for p in ("notebooks/01_a.ipynb", "notebooks/02_b.ipynb", "exercises/01_a_ex.ipynb")
    }
    new_url, copy, problem = site.resolve_link(url, pages[PurePosixPath(page)], pages, tmp_path)
    assert copy is None
    if expected_problem:
        assert problem and expected_problem in problem, f"{url}: expected a problem saying {expected_problem!r}, got {problem!r}"
    else:
        assert (new_url, problem) == (expected_url, None), f"{url}: got {new_url!r}, {problem!r}"


def test_broken_links_and_error_outputs_are_reported_and_fail_the_command(tmp_path, capsys):
    error = new_output("error", ename="ZeroDivisionError", evalue="division by zero", traceback=["boom"])
    write_course(
        tmp_path,
        {"notebooks/01_only.ipynb": [new_markdown_cell("# Only\n\n[gone](02_gone.ipynb)"), new_code_cell("1/0", outputs=[error])]},
    )
    report = site.build_site(tmp_path)
    assert report.broken_links == [("notebooks/01_only.ipynb", "02_gone.ipynb", "points to notebooks/02_gone.ipynb, which does not exist")]
    assert report.error_outputs == [("notebooks/01_only.ipynb", 2, "ZeroDivisionError: division by zero")]
    from mlpedu.cli import main

    assert main(["site", "--root", str(tmp_path)]) == 1
    assert "02_gone.ipynb" in capsys.readouterr().err


def test_refuses_to_replace_a_folder_it_did_not_build(small_course):
    precious = small_course / "my_notes"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine")
    with pytest.raises(site.SiteError, match="refusing to replace"):
        site.build_site(small_course, out_dir=precious)
    assert (precious / "notes.txt").read_text() == "mine"
    site.build_site(small_course, out_dir=small_course / "out")
    site.build_site(small_course, out_dir=small_course / "out")  # its own site it rebuilds
    assert (small_course / "out" / "index.html").is_file()


def test_no_notebooks_is_a_clear_error(tmp_path):
    with pytest.raises(MlpeduError, match=r"No notebooks found in .*notebooks/"):
        site.build_site(tmp_path)
