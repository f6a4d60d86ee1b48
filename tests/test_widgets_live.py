"""Widgets that update in place (LiveFigure) must show, after any sequence of moves, exactly the
picture a new figure draws for the same values: a redraw that kept a stale background (an axis
limit, a tick label or a note that changed but was not redrawn) shows up as differing pixels.
And the point of updating in place: a move that changes only the moving artists redraws just
those."""

import io

import numpy as np
import pytest
from PIL import Image

import mlpedu.widgets.general  # noqa: F401  (each module registers its widgets)
import mlpedu.widgets.gradients  # noqa: F401
import mlpedu.widgets.neuron  # noqa: F401
import mlpedu.widgets.playground  # noqa: F401
from mlpedu.errors import MlpeduError
from mlpedu.widgets import REGISTRY, reader_moves

LIVE = sorted(name for name, (draw, _) in REGISTRY.items() if draw.live and draw.__module__.startswith("mlpedu."))
# Training is the slow part of the playground's moves, and what is checked here is drawing: its
# walk keeps to the controls that change the picture most (the digits go in once, below).
WALKED = {"playground": ("dataset", "depth", "width")}
SKIPPED = {("playground", "dataset", "digits")}


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def walk(name):
    """A reader's moves (each control away from the default and back: the settings the other
    widget tests train are the ones trained here), without the skipped ones."""
    draw, _ = REGISTRY[name]
    for control, values in reader_moves(draw, WALKED.get(name)):
        if (name, control, values[control]) not in SKIPPED:
            yield control, values


@pytest.mark.parametrize("name", LIVE)
def test_after_every_move_the_picture_is_what_a_new_figure_draws(name):
    draw, _ = REGISTRY[name]
    live, moves, only_moving = draw.live(), 0, 0
    live.update()
    live.png()  # the first picture, at the defaults
    for control, values in walk(name):
        try:
            live.update(**values)
        except MlpeduError:  # a refused combination: the next move must still draw correctly
            continue
        shown = pixels(live.png())
        only_moving += not live.drew_everything
        fresh = draw.live()
        fresh.update(**values)
        expected = pixels(fresh.png())
        differ = np.argwhere(np.any(shown != expected, axis=-1))
        assert not differ.size, (
            f"{name} after moving {control} ({values}): {len(differ)} pixels differ from a new figure's, "
            f"rows {differ[:, 0].min()}–{differ[:, 0].max()}, columns {differ[:, 1].min()}–{differ[:, 1].max()}")
        moves += 1
    assert moves >= 5, f"{name}: only {moves} moves drawn"
    assert only_moving, f"{name}: every one of {moves} moves drew the whole figure again; none updated in place"


# (widget, a move that changes only what the controls change) -> drawn by redrawing the moving artists alone
IN_PLACE_MOVES = [
    ("single_neuron_cost", dict(w=0.85)),
    ("chained_relu", dict(w1=1.25)),
    ("layered_gradients", dict(x2=-0.6)),
    ("gradient_check_by_layer", dict(activation="sigmoid")),
    ("gradient_norms_by_layer", dict(weight_scale=1.05)),
]


@pytest.mark.parametrize("name, move", IN_PLACE_MOVES, ids=[name for name, _ in IN_PLACE_MOVES])
def test_a_small_move_redraws_only_the_moving_artists(name, move):
    draw, _ = REGISTRY[name]
    live = draw.live()
    live.update()
    live.png()
    assert live.drew_everything, "the first picture draws everything"
    live.update(**move)
    live.png()
    assert not live.drew_everything, f"{name}: moving {move} drew the whole figure again"


def test_the_digits_and_back_hide_and_show_the_right_axes():
    live = REGISTRY["playground"][0].live()
    for values in (dict(), dict(dataset="digits", depth=1, epochs=25), dict(depth=1, epochs=25)):
        live.update(**values)
        shown = pixels(live.png())
        fresh = REGISTRY["playground"][0].live()
        fresh.update(**values)
        assert np.array_equal(shown, pixels(fresh.png())), f"playground {values}: not what a new figure draws"
