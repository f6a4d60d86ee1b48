"""show(): the default figure is a plain display output, controls redraw it in place, and an
exception in a redraw is shown and re-raised, never swallowed."""

import pytest
from ipywidgets import HBox, Output

import IPython.display
import mlpedu.widgets
from mlpedu.errors import MlpeduError
from mlpedu.widgets import build_controls, interactive_figure, new_figure, png, show


@interactive_figure(slope=(-2.0, 2.0, 0.5), kind=["line", "broken", "refused"])
def tiny_plot(slope=1.0, kind="line"):
    if kind == "broken":
        raise ValueError("this combination cannot be drawn")
    if kind == "refused":
        raise MlpeduError("a line cannot be refused <politely>; choose another kind.")
    print(f"drawing slope {slope}")
    figure = new_figure(2, 2)
    figure.subplots().plot([0, 1], [0, slope])
    return figure


class FakeHandle:
    def __init__(self):
        self.updates = []

    def update(self, figure):
        self.updates.append(figure)


@pytest.fixture
def shown(monkeypatch):
    displayed, handle = [], FakeHandle()

    def fake_display(*objects, display_id=None):
        displayed.extend(objects)
        return handle if display_id else None

    monkeypatch.setattr(IPython.display, "display", fake_display)
    monkeypatch.setattr(mlpedu.widgets, "png", lambda figure: figure)  # keep figures inspectable
    show(tiny_plot)
    controls = next(o for o in displayed if isinstance(o, HBox)).children
    return displayed, handle, {c.description: c for c in controls}


def slope_of(figure):
    return figure.axes[0].lines[0].get_ydata()[1]


def test_default_figure_is_displayed_first_as_a_plain_output(shown):
    displayed, handle, controls = shown
    assert slope_of(displayed[0]) == 1.0 and not handle.updates
    assert set(controls) == {"slope", "kind"}


def test_moving_a_control_redraws_the_same_output(shown):
    _, handle, controls = shown
    controls["slope"].value = -1.5
    assert [slope_of(f) for f in handle.updates] == [-1.5]


def test_sliders_redraw_on_release():
    assert build_controls(tiny_plot)["slope"].continuous_update is False


def test_an_exception_in_a_redraw_is_shown_and_raised(shown):
    displayed, handle, controls = shown
    error = displayed[-1]
    with pytest.raises(ValueError, match="cannot be drawn"):
        controls["kind"].value = "broken"
    assert "ValueError: this combination cannot be drawn" in error.value and not handle.updates
    controls["kind"].value = "line"
    assert error.value == "" and len(handle.updates) == 1


def test_what_a_redraw_prints_goes_to_an_output_below_the_controls(shown):
    displayed, _, controls = shown
    assert isinstance(displayed[-2], Output)


def test_figures_are_shown_as_png_images_rendered_once():
    image = png(tiny_plot())
    assert image.format == "png" and image.data.startswith(b"\x89PNG")


def test_a_refused_combination_shows_its_message_in_place_of_the_figure_and_nothing_else(shown):
    displayed, handle, controls = shown
    error = displayed[-1]
    controls["kind"].value = "refused"  # raises nothing
    assert error.value == "", f"a refusal is not an error: got {error.value!r}"
    message = handle.updates[-1]
    assert isinstance(message, IPython.display.HTML), f"expected the message in place of the figure, got {message!r}"
    assert "a line cannot be refused &lt;politely&gt;; choose another kind." in message.data, message.data
    assert "Traceback" not in message.data


def test_in_a_kernel_where_the_output_swallows_exceptions_a_redraw_still_never_breaks(shown, monkeypatch):
    """ipywidgets' Output, inside a kernel, prints an exception raised in it and suppresses it; a
    redraw must not then go on with a figure it never got (the UnboundLocalError once seen in 03)."""
    displayed, handle, controls = shown
    monkeypatch.setattr(Output, "__exit__", lambda self, *exc: True)
    controls["kind"].value = "refused"
    assert isinstance(handle.updates[-1], IPython.display.HTML)
    with pytest.raises(ValueError, match="cannot be drawn"):
        controls["kind"].value = "broken"
    assert "ValueError: this combination cannot be drawn" in displayed[-1].value
