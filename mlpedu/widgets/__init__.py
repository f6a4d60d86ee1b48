"""Interactive figures for the notebooks.

A widget draws one figure from the values of its controls. The simple kind is a plain function
`draw(**values) -> matplotlib.figure.Figure`; the course's own widgets are `LiveFigure`s, built
once and then updated in place, so that a redraw draws only what moved (see LiveFigure). Either
is registered with its controls by `interactive_figure`, and tests and benchmarks call the
registered `draw` headlessly. A notebook calls `show(draw)`, which displays the default figure as
an ordinary image output (so a static view of the notebook still shows it) and the controls below
it, and redraws that same output when a control moves. A combination the widget refuses (an
MlpeduError) shows its plain message in place of the figure; any other exception in a redraw is
shown in full and re-raised, never swallowed. The controls wrap onto as many rows as the
notebook's width needs, each at its natural width.
"""

import html
import inspect
import io
import threading
import traceback
from types import SimpleNamespace

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.axis import Axis
from matplotlib.image import AxesImage
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..errors import MlpeduError

# name -> (draw function, {argument: ipywidgets abbreviation}); filled by @interactive_figure
REGISTRY = {}


def interactive_figure(when_shown=None, warm_up=None, **controls):
    """Register a widget with its controls, written as ipywidgets `interact` abbreviations:
    (min, max, step) for a slider, a list for a dropdown, a bool for a checkbox.
    Decorates a draw function, or is called on a LiveFigure subclass with its function's name,
    `interactive_figure(**controls)(PictureClass, "picture_name")`, and returns the draw function
    `picture_name(**values) -> Figure` (a new LiveFigure updated once) with `.live` the class.
    `when_shown`: arguments `show` adds to every redraw (e.g. a progress bar, which a headless
    call does not want); `warm_up`: slow set-up that `show` starts in the background, so that it
    is done while the reader looks at the first figure (e.g. importing scikit-learn)."""

    def register(widget, name=None):
        if isinstance(widget, type) and issubclass(widget, LiveFigure):
            draw = widget.headless(name)
        else:
            draw, draw.live = widget, None
        REGISTRY[draw.__name__] = (draw, controls)
        draw.controls, draw.when_shown, draw.warm_up = controls, dict(when_shown or {}), warm_up
        return draw

    return register


class LiveFigure:
    """A figure built once and updated in place: what a widget needs to follow the hand.

    A subclass's `build()` returns the figure with every artist the picture can ever show (a note
    that only some values need is there, empty or hidden, for the others), and passes the artists
    that change with the controls through `self.moving(artist)`. Its `update(**values)` checks
    the values, computes, then sets those artists' data, heights and texts; it may change the
    rest too (limits, ticks), best through `self.set_changed`, which touches only what differs.

    `png()` renders. Matplotlib marks the figure stale whenever something that is not moving
    changes; then the whole figure is drawn, without the moving artists, and kept as the
    background. Otherwise that background is restored and only the moving artists are drawn on
    it (blitting): most moves redraw a few lines and texts instead of axes, ticks and labels."""

    def __init__(self):
        self._moving, self._background, self.drew_everything, self._last_set = [], None, None, {}
        self._background_with_axes, self._axes_moved = None, False
        self.figure = self.build()
        FigureCanvasAgg(self.figure)

    def build(self):
        raise NotImplementedError

    def update(self, **values):
        raise NotImplementedError

    def moving(self, *artists):
        """Register artists that `update` changes, drawn in this order; returns the artist (the
        tuple of them, if several)."""
        self._moving.extend(artists)
        return artists[0] if len(artists) == 1 else artists

    def png(self):
        """The figure as PNG bytes, drawing only the moving artists when nothing else changed."""
        figure, canvas = self.figure, self.figure.canvas
        shown = lambda artist: artist.axes is None or artist.axes.get_visible()  # noqa: E731  (as a full drawing)
        axes = [artist for artist in self._moving if isinstance(artist, Axis)]
        self.drew_everything = self._background is None or figure.stale
        if self.drew_everything:
            for part in (part for artist in self._moving for part in artist.findobj()):
                part.set_animated(True)  # left out of the background; its changes leave the figure fresh
            images = [artist for artist in self._moving if isinstance(artist, AxesImage) and artist.get_visible()]
            for image in images:  # an axes draws its images even when they are animated
                image.set_visible(False)
            canvas.draw()
            for image in images:
                image.set_visible(True)
            self._background = canvas.copy_from_bbox(figure.bbox)
        if self.drew_everything or self._axes_moved:  # moving axes: drawn on the background once per change
            canvas.restore_region(self._background)
            for axis in filter(shown, axes):
                figure.draw_artist(axis)
            self._background_with_axes, self._axes_moved = canvas.copy_from_bbox(figure.bbox), False
        else:
            canvas.restore_region(self._background_with_axes)
        for artist in self._moving:
            if shown(artist) and artist not in axes:
                figure.draw_artist(artist)
        figure.stale = False  # drawing the moving artists marks it stale; the background still holds
        return encode_png(canvas)

    def set_changed(self, ax, **properties):
        """`ax.set(**properties)` for those that differ from what this call set last time:
        matplotlib marks the figure stale on every set, even to the same value, which would
        force a drawing of everything. Limits and ticks of an axis registered as moving (say
        `self.moving(ax.yaxis)`, in an axes where everything drawn in data coordinates is moving
        too) change without that: the axis is drawn again with the moving artists."""
        changed = {name: value for name, value in properties.items()
                   if not _same(self._last_set.get((ax, name)), value)}
        if changed:
            stale = self.figure.stale
            ax.set(**changed)
            self._last_set.update({(ax, name): value for name, value in changed.items()})
            if all(name[0] in "xy" and getattr(ax, f"{name[0]}axis") in self._moving for name in changed):
                self.figure.stale, self._axes_moved = stale, True

    @classmethod
    def headless(cls, name):
        """The function `name(**values) -> Figure` that tests and scripts call: a new picture, updated once."""

        def draw(*values, **named_values):
            picture = cls()
            picture.update(*values, **named_values)
            return picture.figure

        parameters = list(inspect.signature(cls.update).parameters.values())[1:]  # without self
        draw.__name__ = draw.__qualname__ = name
        draw.__doc__, draw.__module__ = cls.__doc__, cls.__module__
        draw.__signature__ = inspect.Signature(parameters)
        draw.live = cls
        return draw


def rounded_limits(low, high, below=0.05, above=0.05, steps=5):
    """Limits from `low` − below·span to `high` + above·span, rounded outwards to a step of 1, 2
    or 5 times a power of ten that divides that range into about `steps` (steps=1: a bar chart's
    top at the next 1, 2 or 5). A move that shifts the data a little keeps the limits, and so the
    ticks and the background, as they were."""
    span = high - low if high > low else max(abs(high), 1.0) * 0.1
    low, high = low - below * span, high + above * span
    step = nice_step((high - low) / steps)
    return float(np.floor(low / step) * step), float(np.ceil(high / step) * step)


def nice_step(at_least):
    """The smallest of 1, 2 and 5 times a power of ten that is at least `at_least` (> 0)."""
    power = 10.0 ** np.floor(np.log10(at_least))
    return power * next(m for m in (1, 2, 5, 10) if m * power >= at_least)


def log_axis(*series):
    """Log-axis limits and ticks for every drawable positive value of the series: powers of ten
    whose exponents are multiples of a step of 1, 2 or 5 times a power of ten (four to ten ticks),
    so that labels read 1e-40, 1e-30, … and most moves keep them. Down to 1e-323 at most:
    float64's smallest numbers are shown, never 0. With no such value: 1e-3 … 1."""
    values = np.concatenate([np.ravel(s) for s in series])
    values = values[np.isfinite(values) & (values > 0)]
    if not values.size:
        return (1e-3, 1.0), [1e-3, 1e-2, 1e-1, 1.0]
    low, high = np.floor(np.log10(values.min())), np.ceil(np.log10(values.max()))
    step = max(1.0, nice_step(max(high - low, 1.0) / 5))  # in decades
    bottom, top = max(np.floor(low / step) * step, -323.0), max(np.ceil(high / step) * step, low + 1)
    exponents = np.arange(np.ceil(bottom / step) * step, top + step / 2, step)
    return (10.0 ** bottom, 10.0 ** top), list(10.0 ** exponents)


def encode_png(canvas):
    """The canvas's pixels as PNG bytes, compressed fast (files only ~5% larger than the default)."""
    from PIL import Image as PillowImage

    width, height = canvas.get_width_height(physical=True)
    buffer = io.BytesIO()
    PillowImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1).save(
        buffer, format="png", compress_level=1)
    return buffer.getvalue()


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


def reader_moves(draw, only=None):
    """(control, values) for a reader's walk through `draw`'s controls (those in `only`, if given):
    each in turn one step and to its far end (a slider) or to every other option (a dropdown),
    then back to its default. What the tests and benchmarks of redrawing move."""
    defaults = {name: p.default for name, p in inspect.signature(draw).parameters.items() if name in draw.controls}
    for control, abbreviation in draw.controls.items():
        if only is not None and control not in only:
            continue
        default = defaults[control]
        if isinstance(abbreviation, tuple):
            low, high, step = abbreviation
            near = default + step if default + step <= high else default - step
            options = [type(default)(near), high if default - low < high - default else low]
        else:
            options = [option for option in abbreviation if option != default]
        for option in options + [default]:
            yield control, dict(defaults, **{control: option})


def attach(draw):
    """Display `draw`'s default figure and its controls, and redraw the figure when they change.
    Returns what a test needs to move the controls and see the outcome: `controls` by name,
    `refused` (the message of the last redraw's refusal, or "") and `error` (the HTML widget a
    bug's traceback shows in)."""
    from IPython.display import HTML as HTMLText
    from IPython.display import Image, display
    from ipywidgets import HTML, HBox, Layout, Output

    if draw.warm_up is not None:
        threading.Thread(target=draw.warm_up, daemon=True).start()
    controls = build_controls(draw)
    arguments = lambda: {**{name: w.value for name, w in controls.items()}, **draw.when_shown}  # noqa: E731
    picture = draw.live() if draw.live else None  # one figure, updated in place

    def image():
        if picture is None:
            return png(draw(**arguments()))
        picture.update(**arguments())
        return Image(data=picture.png(), format="png")

    handle = display(image(), display_id=True)
    error, printed = HTML(), Output()  # what a redraw prints (a progress bar) shows in `printed`
    shown = SimpleNamespace(controls=controls, refused="", error=error)

    def redraw(_change=None):
        printed.clear_output()
        failure = drawn = None
        with printed:  # in a kernel the Output would swallow an exception: it is caught here instead
            try:
                drawn = image()
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
            handle.update(drawn)
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


def _same(last, wanted):
    if last is None:
        return False
    if isinstance(wanted, str) or isinstance(last, str):
        return last == wanted
    if isinstance(wanted, (list, tuple)) and wanted and isinstance(wanted[0], str):
        return list(last) == list(wanted)
    last, wanted = np.asarray(last, dtype=float), np.asarray(wanted, dtype=float)
    return last.shape == wanted.shape and np.array_equal(last, wanted)
