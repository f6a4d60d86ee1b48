"""Widgets of notebook 01 (a single neuron) and notebook 02 (a layered network).

Each function draws one figure from plain numbers and returns it; the notebooks call
`show(draw)`. Backprop values come from `mlpedu` itself, so a figure is also a visual check
of the library: a tangent drawn with the backprop slope must touch the curve it belongs to.
"""

import numpy as np

from ..errors import MlpeduError
from ..gradcheck import numerical_gradient
from ..network import MLP
from . import interactive_figure, new_figure

KINK_TOLERANCE = 1e-9  # |z| below this counts as sitting on ReLU's corner
CURVE_POINTS = 201     # samples per curve: smooth enough, cheap to redraw


def _finite_numbers(**values):
    """Return the values as floats, or say which one is not a finite number."""
    numbers = {}
    for name, value in values.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise MlpeduError(f"{name} must be a number; got {value!r}.") from None
        if not np.isfinite(number):
            raise MlpeduError(f"{name} must be a finite number; got {value!r}.")
        numbers[name] = number
    return numbers


def _check_relu_grad_at_zero(value):
    value = _finite_numbers(relu_grad_at_zero=value)["relu_grad_at_zero"]
    if not 0.0 <= value <= 1.0:
        raise MlpeduError(
            f"relu_grad_at_zero must lie in [0, 1] (a slope between ReLU's left slope 0 and right "
            f"slope 1); got {value:g}."
        )
    return value


def _two_panels(width_ratios=(1, 1)):
    """A 9 × 3.6 in figure with two axes side by side. Fixed margins and few ticks: constrained
    layout and dense tick labels would double the time of each redraw."""
    fig = new_figure(9.0, 3.6)
    fig.set_layout_engine(None)
    fig.subplots_adjust(left=0.07, right=0.985, bottom=0.14, top=0.9, wspace=0.22)
    axes = fig.subplots(1, 2, gridspec_kw={"width_ratios": list(width_ratios)})
    for ax in axes:
        ax.locator_params(nbins=5)
    return fig, axes


def single_neuron(w, b, relu_grad_at_zero=0.0):
    """The one-neuron network ŷ = ReLU(w x + b) with cost ½(y − ŷ)², as an mlpedu MLP."""
    net = MLP([1, 1], output="relu", loss="half_squared_error", relu_grad_at_zero=relu_grad_at_zero, rng=0)
    net.dense[1].set_params(W=[[w]], b=[b])
    return net


def single_neuron_slopes(w, b, x, y, relu_grad_at_zero=0.0):
    """(cost, ∂C/∂w from backprop, ∂C/∂w from central differences) at one point."""
    net = single_neuron(w, b, relu_grad_at_zero)
    X, Y = np.array([[x]]), np.array([[y]])
    cost = net.loss_and_gradients(X, Y)
    backprop = float(net.dW[1][0, 0])
    numeric = float(numerical_gradient(lambda: net.compute_loss(X, Y), net.dense[1].W)[0, 0])
    return cost, backprop, numeric


@interactive_figure(w=(-2.0, 2.0, 0.05), b=(-2.0, 2.0, 0.05), x=(-2.0, 2.0, 0.1), y=(-1.0, 3.0, 0.1),
                    relu_grad_at_zero=[0.0, 0.5, 1.0])
def single_neuron_cost(w=0.8, b=-0.2, x=1.5, y=2.0, relu_grad_at_zero=0.0):
    """Left: the cost C(w) = ½(y − ReLU(w x + b))² as w varies (b, x, y fixed), with the tangent
    at the current w whose slope is backprop's ∂C/∂w. Right: where z = w x + b sits on the ReLU."""
    v = _finite_numbers(w=w, b=b, x=x, y=y)
    w, b, x, y = v["w"], v["b"], v["x"], v["y"]
    relu_grad_at_zero = _check_relu_grad_at_zero(relu_grad_at_zero)
    if abs(w * x + b) < KINK_TOLERANCE:
        # Slider values are decimal approximations (0.4·1.5 − 0.6 = 1.1e-16): sit exactly on the kink.
        b = -(w * x)
    cost, backprop, numeric = single_neuron_slopes(w, b, x, y, relu_grad_at_zero)
    z = w * x + b

    fig, (ax_cost, ax_relu) = _two_panels(width_ratios=(3, 2))

    ws = np.linspace(-2.5, 2.5, CURVE_POINTS)
    curve = 0.5 * (y - np.maximum(ws * x + b, 0.0)) ** 2
    ax_cost.plot(ws, curve, color="C0", label="C(w)", gid="cost")
    half_width = 0.6
    ax_cost.plot([w - half_width, w + half_width], [cost - half_width * backprop, cost + half_width * backprop],
                 color="C3", lw=2, label=f"tangent, slope ∂C/∂w = {backprop:+.4f} (backprop)", gid="tangent")
    ax_cost.plot([w], [cost], "o", color="C3", gid="current")
    ax_cost.plot([], [], " ", label=f"numeric slope (central differences) = {numeric:+.4f}")
    spread = curve.max() - curve.min() + 0.1
    # fixed limits: a steep tangent must not squash the curve; headroom on top for the legend
    ax_cost.set_ylim(curve.min() - 0.1 * spread, curve.max() + 0.6 * spread)
    ax_cost.set(xlabel="w", ylabel="C", title=f"C(w) = ½(y − ReLU(w·x + b))²   with b = {b:+.2f}, x = {x:+.2f}, y = {y:+.2f}")
    ax_cost.title.set_fontsize(10)
    ax_cost.legend(loc="upper center", fontsize=8)

    zs = np.array(sorted({min(-2.0, z - 0.5), 0.0, max(2.0, z + 0.5)}))  # ReLU is piecewise linear
    ax_relu.plot(zs, np.maximum(zs, 0.0), color="C0", label="ŷ = ReLU(z)")
    ax_relu.axhline(y, color="C2", ls="--", label=f"target y = {y:+.2f}")
    ax_relu.plot([z], [max(z, 0.0)], "o", color="C3", label=f"z = w·x + b = {z:+.2f}")
    ax_relu.set(xlabel="z", ylabel="ŷ", title="the neuron")
    ax_relu.title.set_fontsize(10)
    ax_relu.legend(loc="upper left", fontsize=8)
    if abs(z) < KINK_TOLERANCE:
        note = (f"z = 0: the kink. Backprop uses\nReLU′(0) = {relu_grad_at_zero:g}; the numeric slope\n"
                "averages the one-sided slopes.")
    elif x == 0.0:
        note = "x = 0: w has no effect on z,\nso ∂C/∂w = φ·x = 0."
    elif z < 0:
        note = "z < 0: the neuron is off,\nReLU′(z) = 0: no gradient\nreaches w or b."
    else:
        note = "z > 0: the neuron is on,\nReLU′(z) = 1."
    ax_relu.text(0.97, 0.04, note, transform=ax_relu.transAxes, ha="right", va="bottom", fontsize=8,
                 bbox={"facecolor": "white", "edgecolor": "0.8"}, gid="note")
    return fig


def chained_relu_output(weights, x):
    """ŷ = ReLU(w^k ⋯ ReLU(w^2 ReLU(w^1 x))) for a 1-D array of inputs x: no biases (seed 000)."""
    a = np.asarray(x, dtype=float)
    for w in weights:
        a = np.maximum(w * a, 0.0)
    return a


def chained_relu_grad_first_weight(weights, x, relu_grad_at_zero=0.0):
    """∂ŷ/∂w^1 = s^k w^k ⋯ s^2 w^2 · s^1 x, with s^j = ReLU′(z^j): one step factor per unit and
    one weight per unit after the first."""
    a = np.asarray(x, dtype=float)
    steps = []
    for w in weights:
        z = w * a
        steps.append(np.where(z > 0, 1.0, np.where(z < 0, 0.0, relu_grad_at_zero)))
        a = np.maximum(z, 0.0)
    grad = steps[0] * np.asarray(x, dtype=float)
    for w, step in zip(weights[1:], steps[1:]):
        grad = grad * w * step
    return grad


@interactive_figure(w1=(-2.0, 2.0, 0.05), w2=(-2.0, 2.0, 0.05), w3=(-2.0, 2.0, 0.05), units=[1, 2, 3])
def chained_relu(w1=1.2, w2=-0.8, w3=-0.5, units=3):
    """Seed 000's chain of scalar ReLU units against the learner's claim ŷ = w^1 w^2 ⋯ x.
    Left: the output; right: ∂ŷ/∂w^1 from backprop against the claim's derivative."""
    v = _finite_numbers(w1=w1, w2=w2, w3=w3)
    if units not in (1, 2, 3):
        raise MlpeduError(f"units must be 1, 2 or 3; got {units!r}.")
    weights = [v["w1"], v["w2"], v["w3"]][:units]
    xs = np.linspace(-2.0, 2.0, CURVE_POINTS)
    output = chained_relu_output(weights, xs)
    claim = np.prod(weights) * xs
    grad = chained_relu_grad_first_weight(weights, xs)
    claim_grad = np.prod(weights[1:]) * xs  # derivative of w^1 w^2 ⋯ x with respect to w^1

    fig, (ax_out, ax_grad) = _two_panels()
    names = " · ".join(f"w{j}" for j in range(1, units + 1))
    for ax, actual, claimed, label in ((ax_out, output, claim, "ŷ"), (ax_grad, grad, claim_grad, "∂ŷ/∂w1")):
        ax.axvspan(-2.0, 0.0, color="0.92", lw=0)  # seed 000 assumes x > 0
        ax.plot(xs, claimed, color="C1", ls="--", lw=2, label="claim: " + (f"{names} · x" if label == "ŷ"
                                                                            else "derivative of the claim"),
                gid=f"claim {label}")
        ax.plot(xs, actual, color="C0", label=f"{label} of the ReLU chain", gid=f"chain {label}")
        wrong = ~np.isclose(actual, claimed)
        ax.fill_between(xs, actual, claimed, where=wrong, color="C3", alpha=0.25, lw=0, label="they differ")
        ax.set(xlabel="x", ylabel=label)
        ax.legend(loc="upper left", fontsize=8)
    positive = xs > 0
    agree = not np.any(~np.isclose(output, claim)[positive])
    ax_out.set_title(f"{units} unit(s): claim {'holds' if agree else 'fails'} for x > 0", fontsize=10)
    ax_grad.set_title("∂ŷ/∂w1: one step factor per unit, one weight per later unit", fontsize=10)
    ax_out.text(0.03, 0.04, "grey: x < 0, outside\nseed 000's assumption", transform=ax_out.transAxes, fontsize=8)
    return fig
