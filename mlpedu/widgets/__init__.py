"""Interactive figures for the notebooks.

A widget is a plain function `draw(**values) -> matplotlib.figure.Figure`, registered with the
controls that vary its arguments. Tests and benchmarks call `draw` headlessly; a notebook calls
`show(draw)`, which displays the default figure as an ordinary image output (so a static view
of the notebook still shows it) and the controls below it, and redraws that same output when a
control moves. A combination the widget refuses (an MlpeduError) shows its plain message in place
of the figure; any other exception in a redraw is shown in full and re-raised, never swallowed.
"""

import html
import io
import traceback

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..errors import MlpeduError

# name -> (draw function, {argument: ipywidgets abbreviation}); filled by @interactive_figure
REGISTRY = {}


def interactive_figure(**controls):
    """Register `draw` with its controls, written as ipywidgets `interact` abbreviations:
    (min, max, step) for a slider, a list for a dropdown, a bool for a checkbox."""

    def register(draw):
        REGISTRY[draw.__name__] = (draw, controls)
        draw.controls = controls
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


def show(draw):
    """Display `draw`'s default figure and its controls; redraw the figure when they change."""
    from IPython.display import HTML as HTMLText
    from IPython.display import display
    from ipywidgets import HTML, HBox, Output

    controls = build_controls(draw)
    handle = display(png(draw(**{name: w.value for name, w in controls.items()})), display_id=True)
    error, printed = HTML(), Output()  # what a redraw prints (e.g. a progress bar) shows in `printed`

    def redraw(_change=None):
        printed.clear_output()
        failure = figure = None
        with printed:  # in a kernel the Output would swallow an exception: it is caught here instead
            try:
                figure = draw(**{name: w.value for name, w in controls.items()})
            except Exception as exc:
                failure = exc
        if isinstance(failure, MlpeduError):  # a combination the widget refuses: its message, not a traceback
            handle.update(HTMLText(f"<p style='color:#9a6700'>{html.escape(str(failure))}</p>"))
            error.value = ""
        elif failure is not None:  # a bug: shown in full, and raised
            error.value = f"<pre style='color:#cf222e'>{html.escape(''.join(traceback.format_exception(failure)))}</pre>"
            raise failure
        else:
            handle.update(png(figure))
            error.value = ""

    for widget in controls.values():
        widget.observe(redraw, names="value")
    display(HBox(list(controls.values())), printed, error)
