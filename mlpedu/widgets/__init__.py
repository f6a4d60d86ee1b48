"""Interactive figures for the notebooks.

A widget is a plain function `draw(**values) -> matplotlib.figure.Figure`, registered with the
controls that vary its arguments. Tests and benchmarks call `draw` headlessly; a notebook calls
`show(draw)`, which displays the default figure as an ordinary image output (so a static view
of the notebook still shows it) and the controls below it, and redraws that same output when a
control moves. A combination the widget refuses (an MlpeduError) shows its plain message in place
of the figure; any other exception in a redraw is shown in full and re-raised, never swallowed.
The controls wrap onto as many rows as the notebook's width needs, each at its natural width.
"""

import html
import io
import threading
import traceback
from types import SimpleNamespace

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..errors import MlpeduError

# name -> (draw function, {argument: ipywidgets abbreviation}); filled by @interactive_figure
REGISTRY = {}


def interactive_figure(when_shown=None, warm_up=None, **controls):
    """Register `draw` with its controls, written as ipywidgets `interact` abbreviations:
    (min, max, step) for a slider, a list for a dropdown, a bool for a checkbox.
    `when_shown`: arguments `show` adds to every redraw (e.g. a progress bar, which a headless
    call does not want); `warm_up`: slow set-up that `show` starts in the background, so that it
    is done while the reader looks at the first figure (e.g. importing scikit-learn)."""

    def register(draw):
        REGISTRY[draw.__name__] = (draw, controls)
        draw.controls, draw.when_shown, draw.warm_up = controls, dict(when_shown or {}), warm_up
        return draw

    return register


def new_figure(width=6.4, height=4.0, **margins):
    """A Figure that belongs to no pyplot state (nothing leaks between redraws), with fixed
    margins given as `subplots_adjust` arguments: a layout solver would measure every label at
    each redraw, about 40% of a multi-panel figure's redraw time."""
    figure = Figure(figsize=(width, height))
    figure.subplots_adjust(**margins)
    return figure


def power_of_ten(value, _position=None):
    """'1e-8' in plain text: matplotlib's default log labels ('10' with a superscript) go through
    its maths parser, which costs several milliseconds per label at every redraw."""
    return f"1e{int(round(np.log10(value)))}" if value > 0 else ""


def sparse_log_ticks(ax, numticks=5):
    """A few labelled decades and no minor ticks on a log y axis."""
    ax.yaxis.set_major_locator(LogLocator(numticks=numticks))
    ax.yaxis.set_major_formatter(FuncFormatter(power_of_ten))
    ax.yaxis.set_minor_locator(NullLocator())


def png(figure):
    """The figure as a PNG image output, rendered once with its own margins (the inline
    backend's default 'tight' bounding box would render it twice)."""
    from IPython.display import Image

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", pil_kwargs={"compress_level": 1})  # fast: files only ~5% larger
    return Image(data=buffer.getvalue(), format="png")


def build_controls(draw):
    """ipywidgets controls for `draw`, starting at its default argument values."""
    import inspect

    from ipywidgets import interactive

    defaults = {name: p.default for name, p in inspect.signature(draw).parameters.items()}
    widgets = {}
    for name, abbreviation in draw.controls.items():
        widget = interactive.widget_from_abbrev(abbreviation, defaults[name])
        widget.description = name
        widget.style.description_width = "initial"
        if hasattr(widget, "continuous_update"):  # redraw when a slider is released, not at every step
            widget.continuous_update = False
        widgets[name] = widget
    return widgets


def attach(draw):
    """Display `draw`'s default figure and its controls, and redraw the figure when they change.
    Returns what a test needs to move the controls and see the outcome: `controls` by name,
    `refused` (the message of the last redraw's refusal, or "") and `error` (the HTML widget a
    bug's traceback shows in)."""
    from IPython.display import HTML as HTMLText
    from IPython.display import display
    from ipywidgets import HTML, HBox, Layout, Output

    if draw.warm_up is not None:
        threading.Thread(target=draw.warm_up, daemon=True).start()
    controls = build_controls(draw)
    arguments = lambda: {**{name: w.value for name, w in controls.items()}, **draw.when_shown}  # noqa: E731
    handle = display(png(draw(**arguments())), display_id=True)
    error, printed = HTML(), Output()  # what a redraw prints (a progress bar) shows in `printed`
    shown = SimpleNamespace(controls=controls, refused="", error=error)

    def redraw(_change=None):
        printed.clear_output()
        failure = figure = None
        with printed:  # in a kernel the Output would swallow an exception: it is caught here instead
            try:
                figure = draw(**arguments())
            except Exception as exc:
                failure = exc
        if isinstance(failure, MlpeduError):  # a combination the widget refuses: its message, not a traceback
            shown.refused = str(failure)
            handle.update(HTMLText(f"<p style='color:#9a6700'>{html.escape(shown.refused)}</p>"))
            error.value = ""
        elif failure is not None:  # a bug: shown in full, and raised
            error.value = f"<pre style='color:#cf222e'>{html.escape(''.join(traceback.format_exception(failure)))}</pre>"
            raise failure
        else:
            handle.update(png(figure))
            shown.refused = error.value = ""

    for widget in controls.values():
        widget.observe(redraw, names="value")
        widget.layout.flex = "0 0 auto"  # keep its natural width; the row wraps instead
        widget.layout.margin = "2px 16px 2px 0"
    display(HBox(list(controls.values()), layout=Layout(flex_flow="row wrap")), printed, error)
    return shown


def show(draw):
    """Display `draw`'s default figure and its controls; redraw the figure when they change."""
    attach(draw)
