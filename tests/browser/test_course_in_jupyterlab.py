"""What a person checks in JupyterLab on a 1280-pixel laptop screen with the file browser open:
every notebook runs without an error output, every widget control is wide enough to use and
inside the page, moving a control of each widget redraws its figure, and the playground trains
and shows a decision boundary. A screenshot of each notebook after its run goes to
artifacts/screenshots/."""

import base64
import io
import re
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat
import numpy as np
import pytest

from mlpedu import datasets
from mlpedu.site import SHOW_CALL

ROOT = Path(__file__).resolve().parents[2]

NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
WIDGET_NOTEBOOKS = [name for name in NOTEBOOKS if any(
    cell.cell_type == "code" and SHOW_CALL.search(cell.source)
    for cell in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells
)]
PLAYGROUND = next((name for name in NOTEBOOKS if "playground" in name), None)
VIEWPORT = {"width": 1280, "height": 900}  # a laptop screen; the file browser stays open
MIN_CONTROL_PX = 120  # a slider's track or a dropdown's box narrower than this is hard to use
RUN_SECONDS = 240  # one notebook's Run All, on a busy 2-core machine
REDRAW_SECONDS = 30
ERROR_OUTPUTS = (
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"], '
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.error"]'
)
CONTROLS = ".widget-slider, .widget-dropdown, .widget-checkbox"
# Lumino menus have no stable ids; their labels are what a person clicks.
CLEAR_ALL_OUTPUTS = ("Edit", "Clear Outputs of All Cells")
RUN_ALL_CELLS = ("Run", "Run All Cells")


# True when every code cell's prompt matches the pattern (every cell is in the page: no windowing).
ALL_PROMPTS_MATCH = """pattern => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    return prompts.length > 0 && prompts.every(p => new RegExp(pattern).test(p.textContent.trim()));
}"""
# True when Run All has ended: every cell ran, or an error stopped it (nothing left queued).
RUN_ENDED = r"""pattern => {
    const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')].map(p => p.textContent.trim());
    if (prompts.length > 0 && prompts.every(p => new RegExp(pattern).test(p))) return true;
    // Run All queues every cell at once ([*]:); an error empties the queue and leaves the rest [ ]:.
    const idle = [...document.querySelectorAll('.jp-StatusBar-Widget')].some(w => /\|\s*Idle/.test(w.textContent));
    return idle && !prompts.includes('[*]:') && prompts.some(p => new RegExp(pattern).test(p));
}"""


def kernel_idle(page):
    return page.locator(".jp-StatusBar-Widget", has_text=re.compile(r"\|\s*Idle")).first


def menu(page, path):
    top, item = path
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{top}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{item}$")).click()


def notebook_panel(page):
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")


def open_notebook(page, jupyterlab, name, screenshot_dir):
    page.goto(jupyterlab.url(name))
    panel = notebook_panel(page)
    try:
        panel.locator(".jp-Cell").first.wait_for(timeout=60_000)
        # Kernel ready: the status bar says so (before that, Run All would queue behind the start).
        kernel_idle(page).wait_for(timeout=60_000)
    except Exception as error:
        page.screenshot(path=str(screenshot_dir / f"{Path(name).stem}.failed-to-open.png"))
        raise AssertionError(
            f"{name}: the notebook or its kernel did not come up in JupyterLab within 60 s "
            f"(screenshot saved). Server log:\n{jupyterlab.log_tail()}"
        ) from error
    return panel


def run_all(page, panel, name):
    """Clear the stored outputs (so every output seen was made now), run all, wait for the end."""
    menu(page, CLEAR_ALL_OUTPUTS)
    try:  # cleared prompts read [ ]: so that a stale [n]: cannot pass for a finished run
        page.wait_for_function(ALL_PROMPTS_MATCH, arg=r"^\[ \]:$", timeout=10_000, polling=100)
    except Exception as error:
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        raise AssertionError(f"{name}: clearing all outputs left the prompts {prompts}") from error
    menu(page, RUN_ALL_CELLS)
    started = time.monotonic()
    try:
        page.wait_for_function(RUN_ENDED, arg=r"^\[\d+\]:$", timeout=RUN_SECONDS * 1000, polling=250)
        kernel_idle(page).wait_for(timeout=RUN_SECONDS * 1000)  # widget messages settle too
    except Exception as error:
        prompts = panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        raise AssertionError(f"{name}: Run All did not finish within {RUN_SECONDS} s; prompts {prompts}") from error
    return time.monotonic() - started


def error_outputs(panel):
    """[(cell number, text)] for every error or stderr output in the notebook."""
    found = []
    for index, cell in enumerate(panel.locator(".jp-Cell").all(), start=1):
        for output in cell.locator(ERROR_OUTPUTS).all():
            found.append((index, output.inner_text()[:400]))
    return found


def image_bytes(cell):
    """The PNG of the cell's figure, as the page shows it right now."""
    source = cell.locator(".jp-OutputArea-output img").first.get_attribute("src") or ""
    prefix = "data:image/png;base64,"
    assert source.startswith(prefix), f"the figure is not an inline PNG: {source[:60]!r}"
    return base64.b64decode(source[len(prefix):])


def move_control(page, control):
    """Move a widget control the way a person would: a slider one step with the keyboard (back
    if it sits at its end), a dropdown to another option, a checkbox clicked. Returns a
    description of the change."""
    kind = control.get_attribute("class")
    if "widget-slider" in kind:
        readout = control.locator(".widget-readout")
        before = readout.inner_text()
        handle = control.locator(".noUi-handle").first
        handle.focus()
        for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):
            page.keyboard.press(key)
            if readout.inner_text() != before:
                break
        after = readout.inner_text()
        assert after != before, f"the slider's readout stayed at {before!r} after arrow keys"
        return f"slider {control.inner_text().splitlines()[0]!r}: {before} -> {after}"
    if "widget-dropdown" in kind:
        select = control.locator("select")
        options = select.locator("option").all_inner_texts()
        before = select.evaluate("s => s.options[s.selectedIndex].text")
        choice = next(option for option in options if option != before)
        select.select_option(label=choice)
        return f"dropdown {control.locator('label').inner_text()!r}: {before} -> {choice}"
    control.locator("input[type=checkbox]").click()
    return "checkbox clicked"


# Before a move: note the time of the first input event the cell receives (capture phase: before
# the control handles it) and of the first figure output rendered after it (an image, or a
# refusal's message in its place; a move can leave the picture as it was, e.g. ReLU′(0) while z
# is not 0, so a rendering counts, not a difference), as the page sees them.
WATCH_FOR_NEW_FIGURE = """cell => {
    const move = {input: null, figure: null};
    const input = () => { if (move.input === null) move.input = performance.now(); };
    for (const type of ['keydown', 'pointerdown', 'input', 'change']) cell.addEventListener(type, input, {capture: true});
    const isFigure = node => node.nodeType === 1 && !node.closest('.jupyter-widgets, .widget-output')
        && (node.matches('img, .jp-RenderedHTMLCommon') || node.querySelector('img, .jp-RenderedHTMLCommon'));
    const observer = new MutationObserver(records => {
        if (move.input !== null && move.figure === null && records.some(r => [...r.addedNodes].some(isFigure))) {
            move.figure = performance.now();
            observer.disconnect();
        }
    });
    observer.observe(cell.querySelector('.jp-OutputArea'), {subtree: true, childList: true});
    window.mlpeduMove = move;
}"""
MOVE_SHOWN = "() => window.mlpeduMove.figure !== null"
MOVE_SECONDS = "() => (window.mlpeduMove.figure - window.mlpeduMove.input) / 1000"


def widget_cells(panel):
    return [cell for cell in panel.locator(".jp-CodeCell").all() if cell.locator(CONTROLS).count()]


def wait_for_new_figure(page, cell, before, description):
    deadline = time.monotonic() + REDRAW_SECONDS
    while time.monotonic() < deadline:
        if image_bytes(cell) != before:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{description}: the figure did not change within {REDRAW_SECONDS} s")


def decision_region_shares(png):
    """Shares of the left panel (the decision regions) tinted blue and red by the classifier."""
    from PIL import Image

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    left = pixels[:, : pixels.shape[1] // 2]
    red, blue = left[..., 0], left[..., 2]
    light = left.min(axis=-1) > 120  # the regions are pale (alpha 0.35); points and text are dark
    bluish = light & (blue - red > 25)
    reddish = light & (red - blue > 25)
    return bluish.mean(), reddish.mean()


@dataclass
class Run:
    page: object
    panel: object
    seconds: float


@pytest.fixture(scope="module")
def run_notebook(browser, jupyterlab, screenshot_dir):
    """Open and run a notebook once, keep its tab for the tests that look at it afterwards."""
    runs, contexts = {}, []

    def run(name):
        if name not in runs:
            context = browser.new_context(viewport=VIEWPORT)
            contexts.append(context)
            page = context.new_page()
            panel = open_notebook(page, jupyterlab, name, screenshot_dir)
            seconds = run_all(page, panel, name)
            page.screenshot(path=str(screenshot_dir / f"{Path(name).stem}.png"))
            runs[name] = Run(page, panel, seconds)
        return runs[name]

    yield run
    for context in contexts:
        context.close()
    jupyterlab.shut_down_kernels()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_without_error_output(run_notebook, name):
    run = run_notebook(name)
    errors = error_outputs(run.panel)
    assert not errors, f"{name}: error outputs after Run All ({run.seconds:.0f} s):\n" + "\n".join(
        f"cell {cell}: {text}" for cell, text in errors
    )
    images = run.panel.locator(".jp-OutputArea-output img").count()
    expected = sum(
        "image/png" in output.get("data", {})
        for cell in nbformat.read(ROOT / "notebooks" / name, as_version=4).cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert images >= expected, f"{name}: {images} figures on screen after Run All; the stored notebook has {expected}"


# For every control of every widget: its kind, label, the width of the part a person drags or
# opens, whether its label is cut, and how far it reaches past the visible notebook.
CONTROL_GEOMETRY = """panel => [...panel.querySelectorAll('.widget-slider, .widget-dropdown, .widget-checkbox')].map(c => {
    const part = c.querySelector('.noUi-target, .slider-container, select, input[type=checkbox]') || c;
    const label = c.querySelector('label');
    const visible = panel.querySelector('.jp-WindowedPanel-outer, .jp-Notebook').getBoundingClientRect();
    const area = c.closest('.jp-OutputArea-output').getBoundingClientRect();
    const box = c.getBoundingClientRect();
    return {kind: c.className.match(/widget-(slider|dropdown|checkbox)/)[1],
            label: label ? label.textContent.trim() : '',
            width: Math.round(part.getBoundingClientRect().width),
            labelCut: label ? label.scrollWidth > label.clientWidth + 1 : false,
            pastEdge: Math.round(Math.max(box.right - Math.min(area.right, visible.right), 0))};
})"""


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_every_control_is_usable_on_a_1280_pixel_screen_with_the_file_browser_open(run_notebook, screenshot_dir, name):
    run = run_notebook(name)
    assert run.page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").count(), \
        "the file browser (left side bar) should be open, as a student has it"
    controls = run.panel.evaluate(CONTROL_GEOMETRY)
    assert controls, f"{name}: no widget controls after Run All"
    problems = []
    for c in controls:
        if c["kind"] != "checkbox" and c["width"] < MIN_CONTROL_PX:
            problems.append(f"{c['label']!r} ({c['kind']}) is {c['width']} px wide, expected at least {MIN_CONTROL_PX}")
        if c["labelCut"]:
            problems.append(f"{c['label']!r}: its label is cut off")
        if c["pastEdge"] > 1:
            problems.append(f"{c['label']!r} ({c['kind']}) reaches {c['pastEdge']} px past the visible notebook")
    if problems:
        run.page.screenshot(path=str(screenshot_dir / f"{Path(name).stem}.controls-at-1280.png"))
    assert not problems, f"{name} at {VIEWPORT['width']} px:\n" + "\n".join(problems)


LATENCIES = []  # (notebook, widget, move, seconds from the input event to the new figure on the page)
LATENCY_REPORT = ROOT / "artifacts" / "widget-latency.txt"  # the browser conftest prints its summary line


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_moving_each_control_redraws_its_figure(run_notebook, screenshot_dir, name):
    """Every control of every widget, moved once as a person moves it: the figure changes (or a
    refusal says why not), without an error. The time from the input event to the new figure is
    measured in the page and reported (artifacts/widget-latency.txt and the end of the run):
    a measurement, not a pass/fail."""
    run = run_notebook(name)
    cells = widget_cells(run.panel)
    assert cells, f"{name} calls show(...) but no widget controls appeared after Run All"
    for number, cell in enumerate(cells, start=1):
        cell.scroll_into_view_if_needed()
        for control in cell.locator(CONTROLS).all():
            cell.evaluate(WATCH_FOR_NEW_FIGURE)
            description = f"{name}, widget {number}: " + move_control(run.page, control)
            try:
                run.page.wait_for_function(MOVE_SHOWN, timeout=REDRAW_SECONDS * 1000, polling="raf")
            except Exception as error:
                raise AssertionError(f"{description}: the figure did not change within {REDRAW_SECONDS} s") from error
            LATENCIES.append((name, number, description.split(": ", 1)[1], run.page.evaluate(MOVE_SECONDS)))
            assert not cell.locator(ERROR_OUTPUTS).count(), f"{description}: the redraw showed an error"
        cell.screenshot(path=str(screenshot_dir / f"{Path(name).stem}.widget{number}.png"))
    if name == WIDGET_NOTEBOOKS[-1]:
        write_latency_report()


def write_latency_report():
    seconds = np.array([latency for *_, latency in LATENCIES])
    lines = [f"input event to new figure in JupyterLab (Chromium, {VIEWPORT['width']} px), {len(seconds)} moves: "
             f"p50 {np.percentile(seconds, 50):.2f} s, p95 {np.percentile(seconds, 95):.2f} s, "
             f"slowest {seconds.max():.2f} s (goal: p50 ≤ 0.25 s)"]
    lines += [f"  {notebook} widget {number}  {move:<58} {latency:5.2f} s" for notebook, number, move, latency in LATENCIES]
    LATENCY_REPORT.parent.mkdir(exist_ok=True)
    LATENCY_REPORT.write_text("\n".join(lines) + "\n")


PLAYGROUND_DEFAULTS = {"depth": "2", "width": "16", "activation": "tanh", "lr": "0.3", "epochs": "150"}


@pytest.mark.skipif(PLAYGROUND is None, reason="no playground notebook in notebooks/")
def test_playground_trains_and_shows_a_decision_boundary(run_notebook, screenshot_dir):
    run = run_notebook(PLAYGROUND)
    playground = next(
        (cell for cell in widget_cells(run.panel) if "show(playground)" in cell.locator(".jp-InputArea").inner_text()),
        None,
    )
    assert playground is not None, f"{PLAYGROUND}: no cell shows the playground widget"
    playground.scroll_into_view_if_needed()
    dropdown = lambda label: playground.locator(  # noqa: E731
        ".widget-dropdown", has=run.page.locator("label", has_text=label)).locator("select")
    for label, default in PLAYGROUND_DEFAULTS.items():  # the test above moved every control
        if dropdown(label).evaluate("s => s.options[s.selectedIndex].text") != default:
            before = image_bytes(playground)
            dropdown(label).select_option(label=default)
            wait_for_new_figure(run.page, playground, before, f"playground: {label} back to {default}")
    dataset = dropdown("dataset")
    current = dataset.evaluate("s => s.value")
    other = next(name for name in datasets.GENERATED if name != current)
    for setting in (current, other):
        if setting != current:  # choosing another data set retrains the network
            before = image_bytes(playground)
            dataset.select_option(setting)
            wait_for_new_figure(run.page, playground, before, f"playground: dataset {current} -> {setting}")
        blue, red = decision_region_shares(image_bytes(playground))
        assert blue > 0.03 and red > 0.03, (
            f"playground on {setting}: expected two tinted decision regions in the left panel, "
            f"found {blue:.1%} blue and {red:.1%} red"
        )
    playground.screenshot(path=str(screenshot_dir / f"{Path(PLAYGROUND).stem}.playground.png"))


def test_a_student_follows_the_start_page_to_the_first_exercise(browser, jupyterlab, screenshot_dir):
    """In the student's copy (`mlpedu start`) the links of 00 reach the exercises: no 404, no
    "File Load Error", the exercise opens in a tab of its own."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    try:
        panel = open_notebook(page, jupyterlab, "00_start_here.ipynb", screenshot_dir)
        link = panel.locator(".jp-RenderedMarkdown a", has_text="one neuron, then a chain of three").first
        link.scroll_into_view_if_needed()
        link.click()
        tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="ex01_single_neuron.ipynb")
        try:
            tab.wait_for(timeout=30_000)
            notebook_panel(page).locator(".jp-Cell").first.wait_for(timeout=30_000)
        finally:
            page.screenshot(path=str(screenshot_dir / "00_start_here.first-exercise.png"))
        errors = page.locator(".jp-Dialog", has_text=re.compile("Error|not found", re.IGNORECASE))
        assert not errors.count(), f"opening the exercise showed: {errors.first.inner_text()[:300]}"
        cells = notebook_panel(page).locator(".jp-Cell").count()
        assert cells > 5, f"the exercise opened with {cells} cells"
    finally:
        context.close()
        jupyterlab.shut_down_kernels()
