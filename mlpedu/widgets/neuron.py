"""Widgets of notebook 01 (a single neuron) and notebook 02 (a layered network).

Each function draws one figure from plain numbers and returns it; the notebooks call
`show(draw)`. Backprop values come from `mlpedu` itself, so a figure is also a visual check
of the library: a tangent drawn with the backprop slope must touch the curve it belongs to.
"""

import numpy as np
from matplotlib.collections import LineCollection

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


def _two_panels(width_ratios=(1, 1), height=3.6, bottom=0.14):
    """A 9-inch-wide figure with two axes side by side, with few ticks: dense tick labels
    would slow every redraw."""
    fig = new_figure(9.0, height, left=0.07, right=0.985, bottom=bottom, top=0.9, wspace=0.22)
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
    numeric = float(numerical_gradient(net.loss_function(X, Y), net.dense[1].W)[0, 0])
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
    shown_z = f"{z:+.2f}" if z == 0 or abs(z) >= 0.01 else f"{z:+.3f}"  # never "+0.00" for a unit that is on
    ax_relu.plot([z], [max(z, 0.0)], "o", color="C3", label=f"z = w·x + b = {shown_z}")
    low, high = min(0.0, y), max(zs.max(), y)
    span = high - low + 0.1
    # the target line and the curve below the legend, never on the top edge under it
    ax_relu.set(xlabel="z", ylabel="ŷ", title="the neuron", ylim=(low - 0.1 * span, high + 0.75 * span))
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
    ax_out.set_title(f"{units} unit(s): for ŷ the claim {'holds' if agree else 'fails'} for x > 0", fontsize=10)
    zero = [j for j, w in enumerate(weights, start=1) if w == 0]
    if zero:  # z^j = 0 · a^(j-1) = 0 for every x: the kink, where the claim's derivative ignores the ReLU
        ax_grad.text(0.97, 0.04, f"w{zero[0]} = 0 puts z{zero[0]} = 0, on the kink, for every x:\n"
                     "backprop takes ReLU′(0) = 0; the claim's\nderivative acts as if the unit were on.",
                     transform=ax_grad.transAxes, ha="right", va="bottom", fontsize=8,
                     bbox={"facecolor": "white", "edgecolor": "0.8"}, gid="note")
    ax_grad.set_title("∂ŷ/∂w1: one step factor per unit, one weight per later unit", fontsize=10)
    ax_out.text(0.03, 0.04, "grey: x < 0, outside\nseed 000's assumption", transform=ax_out.transAxes, fontsize=8)
    return fig


# ---- notebook 02: seed 002's network, the gradient flowing back ------------------------------

# The weights of notebook 02 (drawn there from default_rng(2024), rounded to one decimal), its
# example input and targets.
SEED_002_WEIGHTS = {
    "W1": [[0.8, 1.3, 0.9], [-0.8, -1.1, 0.1], [0.7, 0.4, 1.4], [0.6, 0.5, -0.6]],
    "b1": [-0.3, 0.4, 0.0, 0.2],
    "W2": [[-1.1, -0.3, -1.0, -0.6], [0.7, -1.2, -0.4, 0.1]],
    "b2": [-0.2, -0.1],
}
SEED_002_TARGETS = [[-4.0], [0.5]]
OUTPUTS = ["identity", "relu"]


def seed_002_network(output="identity"):
    """Notebook 02's 3-4-2 network: ReLU hidden layer, `output` activation, cost ½Σ(a − y)²."""
    if output not in OUTPUTS:
        raise MlpeduError(f"output must be one of {OUTPUTS}; got {output!r}.")
    net = MLP([3, 4, 2], activation="relu", output=output, loss="half_squared_error", rng=0)
    net.dense[1].set_params(W=SEED_002_WEIGHTS["W1"], b=SEED_002_WEIGHTS["b1"])
    net.dense[2].set_params(W=SEED_002_WEIGHTS["W2"], b=SEED_002_WEIGHTS["b2"])
    return net


@interactive_figure(x1=(-2.0, 2.0, 0.1), x2=(-2.0, 2.0, 0.1), x3=(-2.0, 2.0, 0.1), output=OUTPUTS)
def layered_gradients(x1=1.0, x2=-0.5, x3=2.0, output="identity"):
    """Left: the network, each weight drawn as thick as its gradient |∂L/∂W| (blue > 0, red < 0),
    each unit labelled with its delta φ; units that are off are grey. Right: every weight's
    gradient from backprop next to central differences."""
    v = _finite_numbers(x1=x1, x2=x2, x3=x3)
    net = seed_002_network(output)
    x, y = np.array([[v["x1"]], [v["x2"]], [v["x3"]]]), np.array(SEED_002_TARGETS)

    loss_at_current_weights = net.loss_function(x, y)
    numeric = np.concatenate([numerical_gradient(loss_at_current_weights, net.dense[j].W).ravel() for j in (1, 2)])
    loss = net.loss_and_gradients(x, y)  # after the numeric pass: it leaves Z, dZ, dW of this point
    backprop = np.concatenate([net.dW[1].ravel(), net.dW[2].ravel()])

    fig, (ax_net, ax_bars) = _two_panels(width_ratios=(1, 1.3), height=3.8, bottom=0.17)
    heights = {0: np.linspace(0.75, 0.25, 3), 1: np.linspace(0.9, 0.1, 4), 2: np.linspace(0.65, 0.35, 2)}
    segments, widths, colours = [], [], []
    largest = max(np.abs(backprop).max(), 1e-12)
    for j in (1, 2):
        for p, q in np.ndindex(*net.dW[j].shape):  # weight from unit q of layer j-1 to unit p of layer j
            segments.append([(j - 1, heights[j - 1][q]), (j, heights[j][p])])
            widths.append(6.0 * abs(net.dW[j][p, q]) / largest)
            colours.append("C0" if net.dW[j][p, q] >= 0 else "C3")
    ax_net.add_collection(LineCollection(segments, linewidths=0.5, colors="0.8"))  # every weight, faint
    ax_net.add_collection(LineCollection(segments, linewidths=widths, colors=colours, gid="gradient edges"))
    for j in (0, 1, 2):
        on = np.ones(len(heights[j]), bool) if j == 0 else net.Z[j].ravel() > 0
        if j == 2 and output == "identity":
            on[:] = True
        ax_net.scatter([j] * len(heights[j]), heights[j], s=160, c=np.where(on, "white", "0.75"),
                       edgecolors="black", zorder=3, gid=f"units {j}")
        for unit, h in enumerate(heights[j]):
            label = f"x{unit + 1} {x[unit, 0]:+.1f}" if j == 0 else f"φ {net.dZ[j][unit, 0] + 0.0:+.2f}"
            # inputs labelled on the left, outputs on the right, hidden units above: clear of the edges
            dx, ha = {0: (-0.1, "right"), 1: (0.0, "center"), 2: (0.1, "left")}[j]
            ax_net.text(j + dx, h + (0.045 if j == 1 else 0.0), label, ha=ha, va="bottom" if j == 1 else "center",
                        fontsize=7, zorder=4)
    ax_net.set(xlim=(-0.6, 2.6), ylim=(0, 1), xticks=[0, 1, 2], yticks=[],
               xticklabels=["input", "hidden\n(ReLU)", f"output\n({output})"])
    if not np.any(backprop):
        ax_net.text(1.0, 0.02, "no gradient reaches any weight", ha="center", fontsize=8, color="C3", gid="note")
    on_kink = [unit + 1 for unit in np.flatnonzero(np.abs(net.Z[1].ravel()) < KINK_TOLERANCE)]
    if on_kink:  # the inputs' decimals put z on 0, give or take round-off: the two slopes differ there
        ax_bars.text(0.02, 0.02, f"hidden unit {', '.join(map(str, on_kink))}: z = 0 up to round-off, on the kink. "
                     "Backprop takes one slope\n(ReLU′ = 1 if z rounded above 0, else 0); central differences "
                     "straddle the kink and average both.", transform=ax_bars.transAxes, fontsize=7,
                     va="bottom", bbox={"facecolor": "white", "edgecolor": "0.8"}, gid="kink note")
    ax_net.set_title(f"L = {loss:.3f}; line width ∝ |∂L/∂W| (grey unit: off)", fontsize=10)

    positions = np.arange(backprop.size)
    # one thick vertical line per entry (a single artist) instead of 20 bar patches: half the redraw time
    ax_bars.vlines(positions, 0.0, backprop, colors=np.where(backprop >= 0, "C0", "C3"), lw=7, label="backprop",
                   gid="backprop")
    ax_bars.plot(positions, numeric, "k_", ms=10, mew=2, label="central differences", gid="numeric")
    ax_bars.axhline(0.0, color="0.5", lw=0.8)
    ax_bars.axvline(11.5, color="0.5", ls=":")
    row_starts = [0, 3, 6, 9, 12, 16]  # W1 has 4 rows of 3 entries, W2 2 rows of 4, in row-major order
    ax_bars.set_xticks(row_starts, ["W1 row 1", "row 2", "row 3", "row 4", "W2 row 1", "row 2"], fontsize=8,
                       rotation=30, ha="left")
    ax_bars.set_xlim(-0.8, backprop.size - 0.2)
    ax_bars.legend(loc="best", fontsize=8)
    ax_bars.set_title("∂L/∂W, entry by entry", fontsize=10)
    return fig
