"""Widgets that update in place (LiveFigure) must show, after any sequence of moves, exactly the
picture a new figure draws for the same values: a redraw that kept a stale background (an axis
limit, a tick label or a note that changed but was not redrawn) shows up as differing pixels.
And the point of updating in place: a move that changes only the moving artists redraws just
those. Along the way, no text is cut by the figure's edge and none shows a negative zero (what
an outside review of the pictures found)."""

import io
import re

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


def drawn_anew(name, values):
    """A new picture of widget `name` at `values`, drawn once: (picture, its PNG)."""
    picture = REGISTRY[name][0].live()
    picture.update(**values)
    return picture, picture.png()


def walk(name):
    """A reader's moves (each control away from the default and back: the settings the other
    widget tests train are the ones trained here), without the skipped ones."""
    draw, _ = REGISTRY[name]
    for control, values in reader_moves(draw, WALKED.get(name)):
        if (name, control, values[control]) not in SKIPPED:
            yield control, values


def text_problems(figure):
    """What a reader would stumble on in the picture's texts: one cut by the figure's edge, or a
    negative zero ("-0.00", as a slider at 0 once showed)."""
    renderer, bounds, problems = figure.canvas.get_renderer(), figure.bbox, []
    texts = list(figure.texts)
    for ax in (ax for ax in figure.axes if ax.get_visible()):
        texts += [*ax.texts, ax.title, ax._left_title, ax._right_title]
        texts += ax.get_legend().get_texts() if ax.get_legend() else []
        for axis in (ax.xaxis, ax.yaxis):
            low, high = sorted(axis.get_view_interval())
            texts.append(axis.label)
            texts += [tick.label1 for tick in axis.get_major_ticks() if low <= tick.get_loc() <= high]
    texts = [t for t in texts if t.get_visible() and t.get_text().strip()]
    for text in texts:
        box = text.get_window_extent(renderer)
        if box.x0 < bounds.x0 - 1 or box.x1 > bounds.x1 + 1 or box.y0 < bounds.y0 - 1 or box.y1 > bounds.y1 + 1:
            problems.append(f"{text.get_text()!r} reaches past the figure's edge ({box.x0:.0f}…{box.x1:.0f} px "
                            f"across, {box.y0:.0f}…{box.y1:.0f} up; the figure is {bounds.x1:.0f} × {bounds.y1:.0f})")
        if re.search(r"(?<![\w.])[-−]0\.0+(?![\d])", text.get_text()):
            problems.append(f"{text.get_text()!r} shows a negative zero")
    return problems


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
        problems = text_problems(live.figure)
        assert not problems, f"{name} after moving {control} ({values}):\n" + "\n".join(problems)
        expected = pixels(drawn_anew(name, values)[1])
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
        assert np.array_equal(shown, pixels(drawn_anew("playground", values)[1])), \
            f"playground {values}: not what a new figure draws"


# Settings an outside review of the pictures flagged (a note past the edge, a cut label, "-0.00").
REVIEWED = [
    ("layered_gradients", dict(x1=0.0, x2=0.0, x3=0.0)),
    ("layered_gradients", dict(x1=0.0, x2=2.0, x3=2.0, output="relu")),
    ("chained_relu", dict(w2=0.0)),
    ("chained_relu", dict(w1=0.0, w2=0.0, w3=0.0)),
    ("chained_relu", dict(w1=2.0, w2=2.0, w3=2.0, units=1)),
    ("chained_relu", dict(w1=0.05, w2=1.0, units=2)),
    ("single_neuron_cost", dict(w=0.0, b=0.0, x=0.0, y=-1.0)),
    ("single_neuron_cost", dict(x=-2.0, b=-2.0)),
    ("gradient_check_by_layer", dict(depth=6, width=1)),
    ("gradient_check_by_layer", dict(depth=1, width=8, delta_rule="index i for k (seed 003 §2.2)")),
    ("gradient_norms_by_layer", dict(depth=300, activation="relu", init="he", weight_scale=2.0)),
    ("gradient_norms_by_layer", dict(depth=300, activation="sigmoid", init="small")),
    ("playground", dict(depth=0)),
]


@pytest.mark.parametrize("name, values", REVIEWED, ids=[f"{n}-{v}" for n, v in REVIEWED])
def test_reviewed_settings_show_every_text_whole(name, values):
    picture, _ = drawn_anew(name, values)
    problems = text_problems(picture.figure)
    assert not problems, f"{name} {values}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name, values, words", [
    ("gradient_check_by_layer", dict(depth=1), "no hidden layer"),
    ("playground", dict(depth=0), "no hidden layer"),
])
def test_a_network_without_hidden_layers_names_no_hidden_activation(name, values, words):
    figure = REGISTRY[name][0](**values)
    title = figure._suptitle.get_text()
    assert words in title and "tanh" not in title, title


def test_the_layer_axis_of_deep_networks_starts_at_zero_and_shows_the_smallest_norms():
    figure = REGISTRY["gradient_norms_by_layer"][0](depth=300, activation="sigmoid", init="small")
    ax_norm = figure.axes[0]
    assert ax_norm.get_xlim()[0] == 0, f"layer axis {ax_norm.get_xlim()}: no negative layers"
    smallest = min(np.nanmin(np.where(line.get_ydata() > 0, line.get_ydata(), np.nan)) for line in ax_norm.get_lines())
    assert ax_norm.get_ylim()[0] <= smallest, f"norm axis from {ax_norm.get_ylim()[0]:.0e} hides {smallest:.0e}"
