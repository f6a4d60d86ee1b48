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


def move_control(page, cell):
    """Move the widget's first control the way a person would: a slider one step with the
    keyboard (back if it sits at its end), a dropdown to another option, a checkbox clicked.
    Returns a description of the change."""
    control = cell.locator(CONTROLS).first
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
        return f"dropdown: {before} -> {choice}"
    control.locator("input[type=checkbox]").click()
    return "checkbox clicked"


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


@pytest.mark.parametrize("name", WIDGET_NOTEBOOKS)
def test_moving_each_widget_redraws_its_figure(run_notebook, screenshot_dir, name):
    run = run_notebook(name)
    cells = widget_cells(run.panel)
    assert cells, f"{name} calls show(...) but no widget controls appeared after Run All"
    for number, cell in enumerate(cells, start=1):
        cell.scroll_into_view_if_needed()
        before = image_bytes(cell)
        description = f"{name}, widget {number}: " + move_control(run.page, cell)
        wait_for_new_figure(run.page, cell, before, description)
        cell.screenshot(path=str(screenshot_dir / f"{Path(name).stem}.widget{number}.png"))
        assert not cell.locator(ERROR_OUTPUTS).count(), f"{description}: the redraw showed an error"


@pytest.mark.skipif(PLAYGROUND is None, reason="no playground notebook in notebooks/")
def test_playground_trains_and_shows_a_decision_boundary(run_notebook, screenshot_dir):
    run = run_notebook(PLAYGROUND)
    playground = next(
        (cell for cell in widget_cells(run.panel) if "show(playground)" in cell.locator(".jp-InputArea").inner_text()),
        None,
    )
    assert playground is not None, f"{PLAYGROUND}: no cell shows the playground widget"
    playground.scroll_into_view_if_needed()
    dataset = playground.locator(".widget-dropdown", has=run.page.locator("label", has_text="dataset")).locator("select")
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
