"""`mlpedu site`: the reading edition, a static website built from the notebooks' stored outputs.

nbconvert's HTML exporter renders every page (plots, code); this module decides which notebooks
are pages and in what order, adds a contents page and a previous/next bar, rewrites links between
notebooks from `.ipynb` to `.html`, typesets the maths when the site is built (TeX to MathML with
latex2mathml, which browsers render themselves: no script, no network, nothing to wait for), and
replaces the live controls of each widget cell with a note on how to move them in JupyterLab (a
static page has no kernel, so its sliders could not redraw anything; the default figure stays).

The site mirrors the repository's layout (`notebooks/NAME.html`, `exercises/NAME.html`), so a
relative link that works between the notebooks works between the pages.
"""

import html
import posixpath
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

import nbformat

from .errors import MlpeduError

# (folder, heading on the contents page), in reading order; solutions/ is the instructors' and
# stays out of the reading edition.
SECTIONS = (
    ("notebooks", "The course"),
    ("exercises", "Exercises (student edition)"),
)
DEFAULT_OUT = "_site"
# Written into every site this command builds: only a folder holding it is ever replaced.
MARKER = ".mlpedu-site"
OPEN_COURSE_COMMAND = "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/mlpedu start"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# `show(draw)`, `widgets.show(draw)` or `mlpedu.widgets.show(draw)` display an interactive
# figure; matplotlib's `plt.show()` does not.
SHOW_CALL = re.compile(r"(?<![\w.])(?:(?:mlpedu\.)?widgets\.)?show\(")
NBVAL_MARKER = re.compile(r"\s*#\s*NBVAL_\w+\s*$")
LINK_ATTRIBUTE = re.compile(r'(<(?:a|img)\b[^>]*?\b(?:href|src)=)"([^"]*)"', re.IGNORECASE)


class SiteError(MlpeduError):
    """The site cannot be built as asked (no notebooks, an output folder that is not ours)."""


@dataclass(frozen=True)
class Page:
    """One notebook of the site: `path` is relative to the repository, e.g. notebooks/01_x.ipynb."""

    path: PurePosixPath
    title: str
    section: str

    @property
    def html_path(self):
        return self.path.with_suffix(".html")


@dataclass
class SiteReport:
    """What a build produced and what a reader would trip over (empty lists when all is well)."""

    out_dir: Path
    pages: list
    widget_cells: dict = field(default_factory=dict)  # page path -> number of widget cells
    copied_files: list = field(default_factory=list)
    broken_links: list = field(default_factory=list)  # (page path, link, why)
    error_outputs: list = field(default_factory=list)  # (page path, cell number, summary)
    seconds: float = 0.0

    @property
    def problems(self):
        return [f"{page}: link {link!r} {why}" for page, link, why in self.broken_links] + [
            f"{page}: cell {cell} shows an error output: {summary}"
            for page, cell, summary in self.error_outputs
        ]


def notebook_title(notebook, fallback):
    """The text of the notebook's first Markdown heading, or `fallback`."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", line)
                if match:
                    return match.group(1)
    return fallback


def discover_pages(root):
    """Every notebook under the sections' folders, in course order (file names sort the course)."""
    root = Path(root)
    pages = []
    for folder, section in SECTIONS:
        for source in sorted((root / folder).glob("*.ipynb")):
            notebook = nbformat.read(source, as_version=4)
            fallback = source.stem.replace("_", " ")
            pages.append(Page(PurePosixPath(folder, source.name), notebook_title(notebook, fallback), section))
    if not pages:
        folders = " or ".join(f"{root / folder}/" for folder, _ in SECTIONS)
        raise SiteError(f"No notebooks found in {folders}; run this from the top of the course repository or pass --root.")
    return pages


def widget_models(notebook):
    """The widget state that nbclient stored with the notebook: model id -> model."""
    state = notebook.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {})
    return state.get("state", {})


def is_progress_bar(model_id, models):
    """True for a view whose widget tree holds a progress bar (tqdm's), which no reader moves."""
    model = models.get(model_id)
    if model is None:
        return False
    if "Progress" in model.get("model_name", ""):
        return True
    children = model.get("state", {}).get("children", [])
    return any(is_progress_bar(child.removeprefix("IPY_MODEL_"), models) for child in children)


def is_widget_cell(cell, models=None):
    """A code cell that shows something a reader could move: it calls show(...) or displayed a
    widget view other than a progress bar (`models` is the notebook's stored widget state)."""
    if cell.cell_type != "code":
        return False
    if SHOW_CALL.search(cell.source):
        return True
    views = [o["data"][WIDGET_VIEW] for o in cell.get("outputs", []) if WIDGET_VIEW in o.get("data", {})]
    return any(not is_progress_bar(view.get("model_id"), models or {}) for view in views)


def widget_note(page):
    """The note that replaces a widget's controls on a static page."""
    return nbformat.v4.new_output(
        "display_data",
        data={
            "text/html": (
                '<div class="mlpedu-widget-note" style="border-left: 4px solid #0969da; '
                'padding: 0.4em 0.8em; background: #ddf4ff;">'
                "<strong>This figure is interactive in JupyterLab.</strong> Moving its controls "
                "redraws it with Python, which a static page cannot run; above is the figure at "
                "the default settings. To move them, open the course in JupyterLab from the top "
                f"of the repository:<br><code>{html.escape(OPEN_COURSE_COMMAND)}</code><br>"
                f"then open <code>{html.escape(str(page.path))}</code> and choose "
                "<em>Run &#9656; Run All Cells</em>.</div>"
            ),
            "text/plain": (
                "This figure is interactive in JupyterLab: open the course with "
                f"`{OPEN_COURSE_COMMAND}`, open {page.path} and run all cells."
            ),
        },
    )


def prepare_for_reading(notebook, page):
    """Return (notebook, number of widget cells, error outputs) ready for the static exporter.

    Widget views need a kernel and are dropped (a progress bar's text form would show its
    first state, 0%, so it goes too); a widget cell gets the note in their place. The widget
    state goes as well, so that the page loads no widget manager."""
    notebook = nbformat.from_dict(notebook)  # a deep copy: the source stays as it is
    models = widget_models(notebook)
    notebook.metadata.pop("widgets", None)
    widget_cells, errors = 0, []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        widget_cell = is_widget_cell(cell, models)
        # nbval's markers are for the test run, not for readers
        cell.source = "\n".join(line for line in cell.source.split("\n") if not NBVAL_MARKER.match(line))
        for output in cell.outputs:
            if output.output_type == "error":
                errors.append((str(page.path), number, f"{output.ename}: {output.evalue}"))
            elif output.output_type == "stream" and output.name == "stderr":
                errors.append((str(page.path), number, f"stderr: {output.text.strip()[:200]}"))
        cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
        if widget_cell:
            widget_cells += 1
            cell.outputs.append(widget_note(page))
    return notebook, widget_cells, errors


def navigation_cell(page, pages, contents_href):
    """A Markdown bar: contents, previous and next page of the same section."""
    siblings = [p for p in pages if p.section == page.section]
    index = siblings.index(page)
    here = page.path.parent

    def link(target, text):
        href = posixpath.relpath(str(target.html_path), str(here))
        return f"[{text}]({quote(href)})"

    parts = [f"[Contents]({contents_href})"]
    if index > 0:
        parts.append("previous: " + link(siblings[index - 1], siblings[index - 1].title))
    if index + 1 < len(siblings):
        parts.append("next: " + link(siblings[index + 1], siblings[index + 1].title))
    return nbformat.v4.new_markdown_cell(" · ".join(parts))


def contents_notebook(pages):
    """The contents page, written as a notebook so that it looks like the other pages."""
    cells = [
        "# mlpedu: backpropagation, derived and verified\n\n"
        "The reading edition of the course: every notebook with its stored outputs and plots. "
        "The interactive figures show their default setting here; to move their controls, open "
        f"the course in JupyterLab from the top of the repository:\n\n    {OPEN_COURSE_COMMAND}"
    ]
    for _, section in SECTIONS:
        entries = [p for p in pages if p.section == section]
        if entries:
            lines = [f"- [{p.title}]({quote(str(p.html_path))})" for p in entries]  # titles carry their numbers
            cells.append(f"## {section}\n\n" + "\n".join(lines))
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell(text) for text in cells]
    return notebook


def resolve_link(url, page, pages_by_path, root):
    """Where a relative link on `page` should point in the site.

    Returns (new url, file to copy or None, problem or None). Absolute URLs and in-page anchors
    are left alone."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return url, None, None
    target = posixpath.normpath(posixpath.join(str(page.path.parent), unquote(parts.path)))
    if target.startswith("../") or target == "..":
        return url, None, "points outside the repository"
    if target == "index.html":  # the contents page
        return url, None, None
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    linked = pages_by_path.get(PurePosixPath(target))
    if linked is None:  # a link written straight to a page, e.g. by the navigation bar
        linked = next((p for p in pages_by_path.values() if str(p.html_path) == target), None)
    if linked is not None:
        href = posixpath.relpath(str(linked.html_path), str(page.path.parent))
        return quote(href) + fragment, None, None
    if not (Path(root) / target).is_file():
        return url, None, f"points to {target}, which does not exist"
    if target.endswith(".ipynb"):
        return url, None, f"points to {target}, a notebook that is not part of the reading edition"
    return url, PurePosixPath(target), None


def rewrite_links(page_html, page, pages_by_path, root):
    """Return (html, files to copy, problems) with links to notebooks turned into links to pages."""
    copies, problems = set(), []

    def replace(match):
        url = html.unescape(match.group(2))
        new_url, copy, problem = resolve_link(url, page, pages_by_path, root)
        if copy:
            copies.add(copy)
        if problem:
            problems.append((str(page.path), url, problem))
        return f'{match.group(1)}"{html.escape(new_url)}"'

    return LINK_ATTRIBUTE.sub(replace, page_html), copies, problems


# Scripts the lab template loads from a CDN, blocking the page until they come (or time out):
# MathJax, not needed once the maths is MathML, and require.js, which only widgets and JavaScript
# outputs use (a page has neither: widget views are replaced by a note).
CDN_SCRIPTS = re.compile(r"<script[^>]*src=\"https?://[^\"]*\"[^>]*>\s*</script>"
                         r"|<script type=\"text/x-mathjax-config\">.*?</script>"
                         r"|<!-- (?:Load mathjax|MathJax configuration|End of mathjax configuration) -->",
                         re.IGNORECASE | re.DOTALL)
# MathML is typeset by the browser; keep each formula on one line (a table cell must not break it)
# Fonts with the OpenType MATH table that stretches braces, bars and big operators, on Linux,
# macOS and Windows; without one a browser falls back to a text font and nothing stretches.
MATH_STYLE = ("<style>math { white-space: nowrap; font-size: 1.1em; font-family: 'Latin Modern Math', "
              "'STIX Two Math', 'DejaVu Math TeX Gyre', 'Noto Sans Math', 'TeX Gyre Pagella Math', 'Cambria Math', "
              "math; } math[display=block] { margin: 0.8em 0; } "
              "mtd[columnalign=left] { text-align: left; } mtd[columnalign=right] { text-align: right; }</style>")


ELEMENT_PREFIX = re.compile(r"<(/?)ns0:")
# latex2mathml puts a prime in a superscript, where U+2032 (already a raised glyph) becomes a tiny
# tick far above the letter: σ′ must read as σ′. And its overline (U+2015) does not stretch.
RAISED_PRIME = re.compile(r"<msup>(<mi>[^<]*</mi>|<mrow>(?:(?!</?mrow>).)*</mrow>)<mi>(&#x0203[23];)</mi></msup>")
SHORT_OVERLINE = '<mo accent="true">&#x02015;</mo></mover>'
NAMESPACED_MATHML = re.compile(r' xmlns:ns0="http://www.w3.org/1998/Math/MathML"')
ALIGNED = re.compile(r"\\begin\{aligned\}(.*?)\\end\{aligned\}", re.DOTALL)
TAG = re.compile(r"\\tag\{([^}]*)\}")


def _as_array(match):
    """aligned as the array latex2mathml knows: columns right, left, right, left, … as many as
    the widest row's & make."""
    rows = match.group(1).split("\\\\")
    columns = max(row.count("&") for row in rows) + 1
    return f"\\begin{{array}}{{{('rl' * columns)[:columns]}}}{match.group(1)}\\end{{array}}"


def mathml(tex, display):
    """TeX as MathML; if latex2mathml cannot read it, the TeX itself in a code span (a reader sees
    what was meant, and the build does not fail on one formula)."""
    from latex2mathml.converter import convert

    tex = TAG.sub(lambda m: f"\\qquad\\text{{({m.group(1)})}}", ALIGNED.sub(_as_array, tex))
    try:
        typeset = convert(tex, display="block" if display else "inline")
        typeset = RAISED_PRIME.sub(r'\1<mo lspace="0" rspace="0">\2</mo>', typeset)
        return typeset.replace(SHORT_OVERLINE, '<mo accent="true" stretchy="true">&#x0203E;</mo></mover>')
    except Exception:  # noqa: BLE001  (latex2mathml raises many kinds on TeX it does not know)
        return f"<code>{html.escape(tex)}</code>"


def make_exporter():
    from jinja2 import pass_context
    from nbconvert import HTMLExporter
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

    class MathMLRenderer(IPythonRenderer):
        def block_math(self, body):
            return mathml(body, display=True)

        def latex_environment(self, name, body):
            return mathml(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)

        def inline_math(self, body):
            return mathml(body, display=False)

    class ReadingExporter(HTMLExporter):
        """nbconvert's lab page with its Markdown maths as MathML and nothing loaded from the network."""

        @pass_context
        def markdown2html(self, context, source):
            cell = context.get("cell", {})
            renderer = MathMLRenderer(escape=False, attachments=cell.get("attachments", {}),
                                      path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                                      anchor_link_text=self.anchor_link_text)
            return MarkdownWithMath(renderer=renderer).render(source)

        def from_notebook_node(self, nb, resources=None, **kw):
            page_html, resources = super().from_notebook_node(nb, resources, **kw)
            page_html = CDN_SCRIPTS.sub("", page_html).replace("</head>", MATH_STYLE + "\n</head>", 1)
            # nbconvert re-serialises headings with ElementTree, which writes MathML as <ns0:math>:
            # a browser would show that as plain text
            page_html = NAMESPACED_MATHML.sub("", ELEMENT_PREFIX.sub(r"<\1", page_html))
            return page_html, resources

    return ReadingExporter(template_name="lab")


def replace_folder(built, out_dir):
    """Move the freshly built site to `out_dir`, replacing only a site this command built."""
    if out_dir.exists():
        if not (out_dir / MARKER).is_file() and any(out_dir.iterdir()):
            raise SiteError(
                f"{out_dir} exists and was not built by `mlpedu site` (no {MARKER} file in it); "
                "refusing to replace it. Choose another --out or remove the folder yourself."
            )
        shutil.rmtree(out_dir)
    shutil.move(str(built), str(out_dir))


def build_site(root=".", out_dir=None):
    """Build the reading edition of the course at `root` into `out_dir` (default root/_site)."""
    started = time.perf_counter()
    root = Path(root).resolve()
    out_dir = Path(out_dir).resolve() if out_dir else root / DEFAULT_OUT
    pages = discover_pages(root)
    pages_by_path = {page.path: page for page in pages}
    exporter = make_exporter()
    report = SiteReport(out_dir=out_dir, pages=pages)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".mlpedu-site-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp's private mode would keep a web server from reading the site
    try:
        copies = set()
        for page in pages:
            notebook = nbformat.read(root / page.path, as_version=4)
            notebook, report.widget_cells[str(page.path)], errors = prepare_for_reading(notebook, page)
            report.error_outputs += errors
            contents = posixpath.relpath("index.html", str(page.path.parent))
            bars = [navigation_cell(page, pages, contents) for _ in range(2)]  # top and bottom
            notebook.cells = [bars[0], *notebook.cells, bars[1]]
            resources = {"metadata": {"name": f"{page.title} · mlpedu", "path": str((root / page.path).parent)}}
            page_html, _ = exporter.from_notebook_node(notebook, resources)
            page_html, page_copies, problems = rewrite_links(page_html, page, pages_by_path, root)
            copies |= page_copies
            report.broken_links += problems
            target = staging / page.html_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page_html, encoding="utf-8")
        index = Page(PurePosixPath("index.ipynb"), "Contents", "")
        index_html, _ = exporter.from_notebook_node(contents_notebook(pages), {"metadata": {"name": "mlpedu: the reading edition"}})
        index_html, _, problems = rewrite_links(index_html, index, pages_by_path, root)
        report.broken_links += problems
        (staging / "index.html").write_text(index_html, encoding="utf-8")
        for relative in sorted(copies):
            (staging / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / relative, staging / relative)
        report.copied_files = sorted(copies)
        (staging / MARKER).write_text("Built by `mlpedu site`; the whole folder is replaced on the next build.\n")
        replace_folder(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    report.seconds = time.perf_counter() - started
    return report


def run(args):
    try:
        report = build_site(args.root, args.out)
    except SiteError as error:
        print(f"mlpedu site: {error}", file=sys.stderr)
        return 2
    widgets = sum(report.widget_cells.values())
    print(
        f"Built {len(report.pages)} pages ({widgets} widget cells with a JupyterLab note) into "
        f"{report.out_dir} in {report.seconds:.1f} s; open {report.out_dir / 'index.html'}"
    )
    for problem in report.problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if report.problems else 0


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "site",
        help="build the reading edition: a static website of the notebooks with their stored outputs",
        description=(
            "Build a static website of the course from the notebooks' stored outputs: a contents "
            "page in course order, every notebook in notebooks/ and exercises/ as a page, links "
            "between them, maths typeset as MathML (it reads offline). Exits 1 if a page has a "
            "broken link or shows an error output."
        ),
    )
    parser.add_argument("--root", default=".", help="the course repository (default: the current folder)")
    parser.add_argument("--out", default=None, help=f"output folder (default: ROOT/{DEFAULT_OUT})")
    parser.set_defaults(run=run)
    return parser
