"""Every control of every widget through every option, one at a time from the defaults (sliders at
both ends and at their default): each redraw gives a figure, or a refusal (MlpeduError) whose plain
message says what to change. Never any other exception, never a NaN in the figure's title."""

import inspect
import math
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

import mlpedu.widgets.general  # noqa: E402,F401  (each module registers its widgets)
import mlpedu.widgets.gradients  # noqa: E402,F401
import mlpedu.widgets.neuron  # noqa: E402,F401
import mlpedu.widgets.playground  # noqa: E402,F401
from matplotlib.figure import Figure  # noqa: E402

from mlpedu.errors import MlpeduError  # noqa: E402
from mlpedu.widgets import REGISTRY  # noqa: E402

SLOW = {("playground", "dataset", "digits")}  # trains on 600 images: covered by test_widgets_general


def options(abbreviation):
    if isinstance(abbreviation, (list, tuple)) and abbreviation and isinstance(abbreviation[0], (int, float)) \
            and not isinstance(abbreviation[0], bool) and len(abbreviation) in (2, 3):
        return [abbreviation[0], abbreviation[1]]  # a slider: both ends
    if isinstance(abbreviation, bool):
        return [True, False]
    if isinstance(abbreviation, dict):
        return list(abbreviation.values())
    return list(abbreviation)


def moves():
    for name, (draw, controls) in sorted(REGISTRY.items()):
        if draw.__module__.startswith("mlpedu.widgets"):
            for control, abbreviation in controls.items():
                for value in options(abbreviation):
                    if (name, control, value) not in SLOW:
                        yield pytest.param(draw, control, value, id=f"{name}-{control}={value}")


@pytest.mark.parametrize("draw, control, value", list(moves()))
def test_every_control_through_every_option_draws_or_refuses_plainly(draw, control, value):
    defaults = {n: p.default for n, p in inspect.signature(draw).parameters.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow is explained, not warned about
        try:
            figure = draw(**{**defaults, control: value})
        except MlpeduError as refused:
            message = str(refused)
            assert message and "Traceback" not in message and len(message) < 600, message
            return
    assert isinstance(figure, Figure), f"{draw.__name__}({control}={value!r}) returned {type(figure).__name__}"
    titles = " ".join(t.get_text() for t in figure.texts) + " ".join(ax.get_title() for ax in figure.axes)
    assert "nan" not in titles.lower().split() and not any(
        w.lower() == "nan" for w in titles.replace("=", " ").split()), f"NaN shown: {titles!r}"
