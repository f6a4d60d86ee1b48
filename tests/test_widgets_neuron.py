"""Widgets of notebooks 01 and 02, drawn headlessly: the figures must show the right numbers."""

import inspect
import re

import numpy as np
import pytest
from matplotlib.figure import Figure

import mlpedu
from mlpedu.errors import MlpeduError
from mlpedu.widgets import REGISTRY
from mlpedu.widgets import neuron


def line(fig, gid):
    found = [l for ax in fig.axes for l in ax.get_lines() if l.get_gid() == gid]
    assert len(found) == 1, f"expected one line with gid {gid!r}, found {len(found)}"
    return found[0]


def shown_texts(ax, gid=None):
    """The texts a reader sees in `ax` (a live figure keeps its notes, empty or hidden, when they do not apply)."""
    return [t.get_text() for t in ax.texts if t.get_visible() and t.get_text() and gid in (None, t.get_gid())]


def legend_texts(fig):
    return [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()]


def pre_activation(w, b, x):
    z = w * x + b
    return 0.0 if abs(z) < 1e-9 else z  # the widget reads slider round-off as the kink itself


def relu_step(z, at_zero):
    return 1.0 if z > 0 else 0.0 if z < 0 else at_zero


# (w, b, x, y, ReLU′(0)) → ∂C/∂w = (ReLU(z) − y) · ReLU′(z) · x, worked out here independently
SLOPE_CASES = [
    (0.8, -0.2, 1.5, 2.0, 0.0),   # neuron on
    (-1.0, 0.5, 1.5, 2.0, 0.0),   # neuron off: slope 0
    (0.4, -0.6, 1.5, 2.0, 0.0),   # z = 0 up to round-off (1.1e-16), convention 0
    (0.4, -0.6, 1.5, 2.0, 1.0),   # z = 0 exactly, convention 1 (seed 001)
    (0.4, -0.6, 1.5, 2.0, 0.5),   # z = 0 exactly, convention ½
    (1.3, 0.3, 0.0, -0.5, 0.0),   # x = 0: w does nothing
    (-1.5, 0.2, -2.0, 1.0, 0.0),  # negative input, neuron on
]


@pytest.mark.parametrize("w, b, x, y, at_zero", SLOPE_CASES)
def test_tangent_slope_is_the_analytic_derivative(w, b, x, y, at_zero):
    z = pre_activation(w, b, x)
    expected = (max(z, 0.0) - y) * relu_step(z, at_zero) * x
    fig = neuron.single_neuron_cost(w=w, b=b, x=x, y=y, relu_grad_at_zero=at_zero)
    xs, ys = line(fig, "tangent").get_data()
    slope = (ys[1] - ys[0]) / (xs[1] - xs[0])
    assert slope == pytest.approx(expected, abs=1e-12), f"tangent slope {slope}, expected ∂C/∂w = {expected}"
    point_w, point_c = (v[0] for v in line(fig, "current").get_data())
    cost = 0.5 * (y - max(z, 0.0)) ** 2
    assert (point_w, point_c) == pytest.approx((w, cost)), f"point ({point_w}, {point_c}), expected ({w}, {cost})"
    assert np.interp(w, *line(fig, "cost").get_data()) == pytest.approx(cost, abs=0.02), "the point is off the curve"


@pytest.mark.parametrize("w, b, x, y, at_zero", SLOPE_CASES)
def test_numeric_slope_in_the_legend(w, b, x, y, at_zero):
    z = pre_activation(w, b, x)
    if z == 0.0:  # central differences at the corner: the mean of the slopes left (0) and right
        expected = 0.5 * (0.0 - y) * x
    else:
        expected = (max(z, 0.0) - y) * relu_step(z, at_zero) * x
    fig = neuron.single_neuron_cost(w=w, b=b, x=x, y=y, relu_grad_at_zero=at_zero)
    [text] = [t for t in legend_texts(fig) if t.startswith("numeric slope")]
    shown = float(re.search(r"= ([+-]\d+\.\d+)", text).group(1))
    assert shown == pytest.approx(expected, abs=1e-4), f"legend says {text!r}, expected slope {expected:+.4f}"


@pytest.mark.parametrize("values, words", [
    ({"w": 0.4, "b": -0.6, "x": 1.5}, "the kink"),
    ({"w": -1.0, "b": 0.5, "x": 1.5}, "the neuron is off"),
    ({"w": 1.0, "b": 0.5, "x": 0.0}, "w has no effect"),
    ({"w": 1.0, "b": 0.5, "x": 1.0}, "the neuron is on"),
])
def test_note_names_the_situation(values, words):
    fig = neuron.single_neuron_cost(**values)
    notes = [text for ax in fig.axes for text in shown_texts(ax, "note")]
    assert len(notes) == 1 and words in notes[0], f"expected a note containing {words!r}, got {notes}"


@pytest.mark.parametrize("values, message", [
    ({"w": float("nan")}, "w must be a finite number"),
    ({"y": float("inf")}, "y must be a finite number"),
    ({"x": "two"}, "x must be a number"),
    ({"relu_grad_at_zero": 2.0}, "relu_grad_at_zero must lie in [0, 1]"),
])
def test_bad_values_are_named(values, message):
    with pytest.raises(MlpeduError) as error:
        neuron.single_neuron_cost(**values)
    assert message in str(error.value), f"expected {message!r} in {str(error.value)!r}"


def test_single_neuron_slopes_agree_with_mlpedu_gradient_check():
    net = neuron.single_neuron(0.8, -0.2)
    X, Y = np.array([[1.5]]), np.array([[2.0]])
    report = mlpedu.check_network(net, X, Y, fast=False)
    assert report.passed, str(report)
    cost, backprop, numeric = neuron.single_neuron_slopes(0.8, -0.2, 1.5, 2.0)
    assert (cost, backprop, numeric) == pytest.approx((0.5, -1.5, -1.5), abs=1e-8)


# ---- chained scalar ReLU units (seed 000) ----------------------------------------------------

def backprop_dyhat_dw1(weights, x):
    """∂ŷ/∂w^1 from mlpedu: with C = ½(ŷ − y)² and y = ŷ − 1, ∂C/∂ŷ = 1, so dW^1 = ∂ŷ/∂w^1."""
    net = mlpedu.MLP([1] * (len(weights) + 1), activation="relu", output="relu", rng=0)
    for j, w in enumerate(weights, start=1):
        net.dense[j].set_params(W=[[w]], b=[0.0])
    X = np.array([[x]])
    y_hat = net.forward(X)
    net.loss_and_gradients(X, y_hat - 1.0)
    return net.dW[1].item()


WEIGHT_CASES = [
    [1.2], [1.2, 0.8], [1.2, 0.8, 0.5],        # every unit on for x > 0
    [1.2, -0.8], [1.2, -0.8, -0.5],            # w^2 < 0: the chain is dead for x > 0
    [-1.2, -0.8, 0.5], [0.7, 1.1, -0.9],
]


@pytest.mark.parametrize("weights", WEIGHT_CASES, ids=str)
@pytest.mark.parametrize("x", [-1.3, 0.6, 1.7])
def test_chained_derivative_is_what_backprop_computes(weights, x):
    formula = neuron.chained_relu_grad_first_weight(weights, np.array([x]))[0]
    backprop = backprop_dyhat_dw1(weights, x)
    assert formula == pytest.approx(backprop, abs=1e-12), f"product of steps and weights {formula}, mlpedu {backprop}"


@pytest.mark.parametrize("weights", WEIGHT_CASES, ids=str)
def test_chained_figure_shows_chain_and_claim(weights):
    w = dict(zip(["w1", "w2", "w3"], weights + [1.0] * (3 - len(weights))))
    fig = neuron.chained_relu(**w, units=len(weights))
    xs, chain = line(fig, "chain ŷ").get_data()
    _, claim = line(fig, "claim ŷ").get_data()
    assert np.allclose(chain, neuron.chained_relu_output(weights, xs))
    assert np.allclose(claim, np.prod(weights) * xs)
    all_on = all(w > 0 for w in weights)  # for x > 0 every pre-activation is then positive
    positive = xs > 0
    assert np.allclose(chain[positive], claim[positive]) == all_on, (
        f"weights {weights}: the claim should {'hold' if all_on else 'fail'} for x > 0")
    expected_title = "holds" if all_on else "fails"
    assert expected_title in fig.axes[0].get_title(), fig.axes[0].get_title()


def test_chained_rejects_bad_unit_count():
    with pytest.raises(MlpeduError, match="units must be 1, 2 or 3"):
        neuron.chained_relu(units=4)


# ---- registration ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["single_neuron_cost", "chained_relu", "layered_gradients"])
def test_registered_with_controls_matching_the_defaults(name):
    draw, controls = REGISTRY[name]
    defaults = {k: p.default for k, p in inspect.signature(draw).parameters.items()}
    assert set(controls) == set(defaults), f"controls {sorted(controls)} vs arguments {sorted(defaults)}"
    for arg, control in controls.items():
        if isinstance(control, tuple):
            low, high, _step = control
            assert low <= defaults[arg] <= high, f"{arg} default {defaults[arg]} outside slider {control}"
        else:
            assert defaults[arg] in control, f"{arg} default {defaults[arg]} not among {control}"
    assert isinstance(draw(), Figure)


# ---- notebook 02: seed 002's network ------------------------------------------------------------

def backprop_bars(fig):
    [bars] = [c for c in fig.axes[1].collections if c.get_gid() == "backprop"]
    return np.array([segment[1][1] for segment in bars.get_segments()])


def hand_gradients(x, output):
    """∂L/∂W¹, ∂L/∂W² and z¹ of notebook 02's network, written out in numpy (ReLU′(0) = 0)."""
    W1, b1 = np.array(neuron.SEED_002_WEIGHTS["W1"]), np.array(neuron.SEED_002_WEIGHTS["b1"]).reshape(-1, 1)
    W2, b2 = np.array(neuron.SEED_002_WEIGHTS["W2"]), np.array(neuron.SEED_002_WEIGHTS["b2"]).reshape(-1, 1)
    z1 = W1 @ x + b1
    a1 = np.maximum(z1, 0)
    z2 = W2 @ a1 + b2
    a2 = np.maximum(z2, 0) if output == "relu" else z2
    phi2 = (a2 - np.array(neuron.SEED_002_TARGETS)) * ((z2 > 0) if output == "relu" else 1.0)
    phi1 = (W2.T @ phi2) * (z1 > 0)
    return phi1 @ x.T, phi2 @ a1.T, z1


@pytest.mark.parametrize("output", ["identity", "relu"])
@pytest.mark.parametrize("inputs", [(1.0, -0.5, 2.0), (-2.0, 1.0, 0.5), (0.3, 0.3, -1.2), (2.0, 2.0, 2.0)])
def test_layered_widths_and_bars_are_the_gradients(inputs, output):
    x = np.array(inputs).reshape(3, 1)
    dW1, dW2, z1 = hand_gradients(x, output)
    expected = np.concatenate([dW1.ravel(), dW2.ravel()])
    fig = neuron.layered_gradients(*inputs, output=output)
    [edges] = [c for c in fig.axes[0].collections if c.get_gid() == "gradient edges"]
    widths = np.asarray(edges.get_linewidths(), float)
    scale = np.abs(expected).max()
    assert np.allclose(widths, 6.0 * np.abs(expected) / scale if scale else 0.0), (
        f"edge widths {widths.round(3)}, expected ∝ |∂L/∂W| = {np.abs(expected).round(3)}")
    bars = backprop_bars(fig)
    assert np.allclose(bars, expected, atol=1e-12), f"bars {bars.round(4)}, expected {expected.round(4)}"
    numeric = line(fig, "numeric").get_ydata()
    assert np.allclose(numeric, expected, atol=1e-6), f"numeric {numeric.round(4)}, expected {expected.round(4)}"
    [hidden] = [c for c in fig.axes[0].collections if c.get_gid() == "units 1"]
    grey = np.isclose(hidden.get_facecolors()[:, 0], 0.75)
    assert list(grey) == list(z1.ravel() <= 0), f"grey hidden units {grey}, z¹ = {z1.ravel()}"


def test_dead_relu_outputs_send_no_gradient():
    fig = neuron.layered_gradients(1.0, -0.5, 2.0, output="relu")  # both z² < 0 for notebook 02's example
    assert not np.any(backprop_bars(fig)), backprop_bars(fig)
    notes = shown_texts(fig.axes[0], "note")
    assert notes == ["no gradient reaches any weight"], notes


def test_layered_weights_are_those_of_notebook_02():
    rng = np.random.default_rng(2024)  # notebook 02 draws its weights like this
    drawn = {name: np.round(rng.normal(0, scale, shape), 1)
             for name, scale, shape in (("W1", 0.8, (4, 3)), ("b1", 0.3, (4, 1)), ("W2", 0.8, (2, 4)), ("b2", 0.3, (2, 1)))}
    for name, values in drawn.items():
        stored = np.array(neuron.SEED_002_WEIGHTS[name]).reshape(values.shape)
        assert np.array_equal(stored, values), f"{name}: widget has {stored.tolist()}, notebook 02 draws {values.tolist()}"


def test_layered_rejects_unknown_output():
    with pytest.raises(MlpeduError, match="output must be one of"):
        neuron.layered_gradients(output="softmax")
    with pytest.raises(MlpeduError, match="x2 must be a finite number"):
        neuron.layered_gradients(x2=float("nan"))


@pytest.mark.parametrize("values", [dict(), dict(y=3.0), dict(y=-1.0), dict(w=2.0, b=2.0, x=2.0, y=-1.0),
                                    dict(w=-2.0, b=-2.0, x=2.0, y=3.0)])
def test_target_line_and_curve_sit_below_the_legend(values):
    """At the defaults the target y = 2 once sat on the top edge of the axes, under the legend."""
    fig = neuron.single_neuron_cost(**values)
    ax_relu = fig.axes[1]
    bottom, top = ax_relu.get_ylim()
    heights = [line.get_ydata()[0] for line in ax_relu.get_lines() if line.get_linestyle() == "--"]
    heights += [max(line.get_ydata()) for line in ax_relu.get_lines() if line.get_linestyle() == "-"]
    for height in heights:
        fraction = (height - bottom) / (top - bottom)
        assert 0.02 < fraction < 0.65, f"{values}: a line at {height:+.2f} sits at {fraction:.0%} of the axes' height"


def test_a_hidden_unit_on_the_kink_is_explained_where_backprop_and_central_differences_part():
    """x = (0, 2, 2) puts hidden unit 4 on z = 0 (up to round-off): the bars and the marks disagree, and say why."""
    fig = neuron.layered_gradients(x1=0.0, x2=2.0, x3=2.0)
    notes = shown_texts(fig.axes[1])
    assert any("hidden unit 4" in n and "on the kink" in n and "average" in n for n in notes), notes
    assert not shown_texts(neuron.layered_gradients().axes[1]), "no kink note where no unit is on the kink"


def test_a_zero_weight_in_the_chain_is_named_as_the_kink_it_makes():
    fig = neuron.chained_relu(w1=0.0, w2=1.0, w3=1.0, units=3)
    assert fig.axes[0].get_title().startswith("3 unit(s): for ŷ the claim holds"), fig.axes[0].get_title()
    notes = shown_texts(fig.axes[1])
    assert any("w1 = 0 puts z1 = 0, on the kink" in n for n in notes), notes


@pytest.mark.parametrize("values, shown", [(dict(w=-1.95, b=-1.75, x=-0.9), "+0.005"), (dict(), "+1.00")])
def test_z_is_never_shown_as_zero_when_the_unit_is_on(values, shown):
    label = neuron.single_neuron_cost(**values).axes[1].get_legend().get_texts()[-1].get_text()
    assert label.endswith(shown), label
