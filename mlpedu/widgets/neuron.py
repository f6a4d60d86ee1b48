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
from . import LiveFigure, interactive_figure, new_figure, rounded_limits

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


def signed(value, decimals=2):
    """`value` with its sign, never "-0.00": a slider at 0 or a slope that rounds to 0 reads +0.00."""
    text = f"{value:+.{decimals}f}"
    return "+" + text[1:] if float(text) == 0 else text


def _two_panels(width_ratios=(1, 1), height=3.6, bottom=0.14):
    """A 9-inch-wide figure with two axes side by side, with few ticks: dense tick labels
    would slow every redraw."""
    fig = new_figure(9.0, height, left=0.08, right=0.985, bottom=bottom, top=0.9, wspace=0.26)
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


class SingleNeuronCost(LiveFigure):
    """Left: the cost C(w) = ½(y − ReLU(w x + b))² as w varies (b, x, y fixed), with the tangent
    at the current w whose slope is backprop's ∂C/∂w. Right: where z = w x + b sits on the ReLU."""

    def build(self):
        fig, (self.ax_cost, self.ax_relu) = _two_panels(width_ratios=(3, 2))
        moving, ax_cost, ax_relu = self.moving, self.ax_cost, self.ax_relu
        moving(ax_cost.yaxis, ax_relu.xaxis, ax_relu.yaxis)  # their limits follow the values
        self.curve = moving(ax_cost.plot([], [], color="C0", gid="cost")[0])
        self.tangent = moving(ax_cost.plot([], [], color="C3", lw=2, gid="tangent")[0])
        self.current = moving(ax_cost.plot([], [], "o", color="C3", gid="current")[0])
        numeric_entry = ax_cost.plot([], [], " ")[0]  # a legend line with no mark
        self.cost_legend = moving(ax_cost.legend([self.curve, self.tangent, numeric_entry], ["C(w)", "", ""],
                                                 loc="upper center", fontsize=8))
        self.cost_title = moving(ax_cost.set_title("", fontsize=10, y=1.0))
        ax_cost.set(xlabel="w", ylabel="C", xlim=(-2.75, 2.75))

        self.relu = moving(ax_relu.plot([], [], color="C0")[0])
        self.target = moving(ax_relu.axhline(0.0, color="C2", ls="--"))
        self.z_point = moving(ax_relu.plot([], [], "o", color="C3")[0])
        self.relu_legend = moving(ax_relu.legend([self.relu, self.target, self.z_point], ["ŷ = ReLU(z)", "", ""],
                                                 loc="upper left", fontsize=8))
        ax_relu.set(xlabel="z", ylabel="ŷ")
        ax_relu.set_title("the neuron", fontsize=10, y=1.0)
        self.note = moving(ax_relu.text(0.97, 0.04, "", transform=ax_relu.transAxes, ha="right", va="bottom",
                                        fontsize=8, bbox={"facecolor": "white", "edgecolor": "0.8"}, gid="note"))
        return fig

    def update(self, w=0.8, b=-0.2, x=1.5, y=2.0, relu_grad_at_zero=0.0):
        v = _finite_numbers(w=w, b=b, x=x, y=y)
        w, b, x, y = v["w"], v["b"], v["x"], v["y"]
        relu_grad_at_zero = _check_relu_grad_at_zero(relu_grad_at_zero)
        if abs(w * x + b) < KINK_TOLERANCE:
            # Slider values are decimal approximations (0.4·1.5 − 0.6 = 1.1e-16): sit exactly on the kink.
            b = -(w * x)
        cost, backprop, numeric = single_neuron_slopes(w, b, x, y, relu_grad_at_zero)
        z = w * x + b

        ws = np.linspace(-2.5, 2.5, CURVE_POINTS)
        curve = 0.5 * (y - np.maximum(ws * x + b, 0.0)) ** 2
        self.curve.set_data(ws, curve)
        half_width = 0.6
        self.tangent.set_data([w - half_width, w + half_width],
                              [cost - half_width * backprop, cost + half_width * backprop])
        self.current.set_data([w], [cost])
        _, tangent_label, numeric_label = self.cost_legend.get_texts()
        tangent_label.set_text(f"tangent, slope ∂C/∂w = {signed(backprop, 4)} (backprop)")
        numeric_label.set_text(f"numeric slope (central differences) = {signed(numeric, 4)}")
        # a steep tangent must not squash the curve; headroom on top for the legend
        self.set_changed(self.ax_cost, ylim=rounded_limits(curve.min(), curve.max(), below=0.1, above=0.6))
        self.cost_title.set_text(f"C(w) = ½(y − ReLU(w·x + b))²   with b = {signed(b)}, x = {signed(x)}, y = {signed(y)}")

        zs = np.array(sorted({min(-2.0, z - 0.5), 0.0, max(2.0, z + 0.5)}))  # ReLU is piecewise linear
        self.relu.set_data(zs, np.maximum(zs, 0.0))
        self.target.set_ydata([y, y])
        self.z_point.set_data([z], [max(z, 0.0)])
        shown_z = f"{z:+.2f}" if z == 0 or abs(z) >= 0.01 else f"{z:+.3f}"  # never "+0.00" for a unit that is on
        _, target_label, z_label = self.relu_legend.get_texts()
        target_label.set_text(f"target y = {signed(y)}")
        z_label.set_text(f"z = w·x + b = {shown_z}")
        # the target line and the curve below the legend, never on the top edge under it
        self.set_changed(self.ax_relu, xlim=rounded_limits(zs.min(), zs.max(), below=0.05, above=0.05),
                         ylim=rounded_limits(min(0.0, y), max(zs.max(), y), below=0.1, above=0.75))
        if abs(z) < KINK_TOLERANCE:
            note = (f"z = 0: the kink. Backprop uses\nReLU′(0) = {relu_grad_at_zero:g}; the numeric slope\n"
                    "averages the one-sided slopes.")
        elif x == 0.0:
            note = "x = 0: w has no effect on z,\nso ∂C/∂w = φ·x = 0."
        elif z < 0:
            note = "z < 0: the neuron is off,\nReLU′(z) = 0: no gradient\nreaches w or b."
        else:
            note = "z > 0: the neuron is on,\nReLU′(z) = 1."
        self.note.set_text(note)


single_neuron_cost = interactive_figure(
    w=(-2.0, 2.0, 0.05), b=(-2.0, 2.0, 0.05), x=(-2.0, 2.0, 0.1), y=(-1.0, 3.0, 0.1), relu_grad_at_zero=[0.0, 0.5, 1.0],
)(SingleNeuronCost, "single_neuron_cost")


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


class ChainedRelu(LiveFigure):
    """Seed 000's chain of scalar ReLU units against the learner's claim ŷ = w^1 w^2 ⋯ x.
    Left: the output; right: ∂ŷ/∂w^1 from backprop against the claim's derivative."""

    def build(self):
        fig, (self.ax_out, self.ax_grad) = _two_panels()
        self.xs = np.linspace(-2.0, 2.0, CURVE_POINTS)
        self.panels = []
        for ax, label in ((self.ax_out, "ŷ"), (self.ax_grad, "∂ŷ/∂w1")):
            ax.axvspan(-2.0, 0.0, color="0.92", lw=0)  # seed 000 assumes x > 0
            self.moving(ax.yaxis)  # its limits follow the curves
            claimed = self.moving(ax.plot([], [], color="C1", ls="--", lw=2, gid=f"claim {label}")[0])
            actual = self.moving(ax.plot([], [], color="C0", gid=f"chain {label}")[0])
            differ = self.moving(ax.fill_between(self.xs, 0.0, 0.0, color="C3", alpha=0.25, lw=0))
            legend = self.moving(ax.legend([claimed, actual, differ],
                                           ["", f"{label} of the ReLU chain", "they differ"], loc="upper left",
                                           fontsize=8))
            ax.set(xlabel="x", ylabel=label, xlim=(-2.2, 2.2))
            self.panels.append((ax, claimed, actual, differ, legend))
        self.out_title = self.moving(self.ax_out.set_title("", fontsize=10, y=1.0))
        self.ax_grad.set_title("∂ŷ/∂w1: a step factor per unit, a weight per later unit", fontsize=9, y=1.0)
        self.note = self.moving(self.ax_grad.text(0.97, 0.04, "", transform=self.ax_grad.transAxes, ha="right",
                                                  va="bottom", fontsize=8,
                                                  bbox={"facecolor": "white", "edgecolor": "0.8"}, gid="note"))
        self.ax_out.text(0.03, 0.04, "grey: x < 0, outside\nseed 000's assumption", transform=self.ax_out.transAxes,
                         fontsize=8)
        return fig

    def update(self, w1=1.2, w2=-0.8, w3=-0.5, units=3):
        v = _finite_numbers(w1=w1, w2=w2, w3=w3)
        if units not in (1, 2, 3):
            raise MlpeduError(f"units must be 1, 2 or 3; got {units!r}.")
        weights = [v["w1"], v["w2"], v["w3"]][:units]
        xs = self.xs
        output = chained_relu_output(weights, xs)
        claim = np.prod(weights) * xs
        grad = chained_relu_grad_first_weight(weights, xs)
        claim_grad = np.prod(weights[1:]) * xs  # derivative of w^1 w^2 ⋯ x with respect to w^1

        names = " · ".join(f"w{j}" for j in range(1, units + 1))
        claim_labels = (f"claim: {names} · x", "claim: derivative of the claim")
        for (ax, claimed, actual, differ, legend), values, claimed_values, claim_label in zip(
                self.panels, (output, grad), (claim, claim_grad), claim_labels):
            claimed.set_data(xs, claimed_values)
            actual.set_data(xs, values)
            differ.set_data(xs, values, claimed_values, where=~np.isclose(values, claimed_values))
            legend.get_texts()[0].set_text(claim_label)
            low, high = min(values.min(), claimed_values.min()), max(values.max(), claimed_values.max())
            # at least −½ … ½: a flat curve (a zero weight) gets short tick labels, not ±0.005 ones
            self.set_changed(ax, ylim=rounded_limits(min(low, -0.5), max(high, 0.5)))
        positive = xs > 0
        agree = not np.any(~np.isclose(output, claim)[positive])
        self.out_title.set_text(f"{units} unit(s): for ŷ the claim {'holds' if agree else 'fails'} for x > 0")
        zero = [j for j, w in enumerate(weights, start=1) if w == 0]
        # z^j = 0 · a^(j-1) = 0 for every x: the kink, where the claim's derivative ignores the ReLU
        self.note.set_text(f"w{zero[0]} = 0 puts z{zero[0]} = 0, on the kink, for every x:\n"
                           "backprop takes ReLU′(0) = 0; the claim's\nderivative acts as if the unit were on."
                           if zero else "")
        self.note.set_visible(bool(zero))


chained_relu = interactive_figure(w1=(-2.0, 2.0, 0.05), w2=(-2.0, 2.0, 0.05), w3=(-2.0, 2.0, 0.05), units=[1, 2, 3])(
    ChainedRelu, "chained_relu")


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


class LayeredGradients(LiveFigure):
    """Left: the network, each weight drawn as thick as its gradient |∂L/∂W| (blue > 0, red < 0),
    each unit labelled with its delta φ; units that are off are grey. Right: every weight's
    gradient from backprop next to central differences."""

    HEIGHTS = {0: np.linspace(0.75, 0.25, 3), 1: np.linspace(0.9, 0.1, 4), 2: np.linspace(0.65, 0.35, 2)}

    def build(self):
        fig, (self.ax_net, self.ax_bars) = _two_panels(width_ratios=(1, 1.3), height=3.8, bottom=0.17)
        ax_net, ax_bars, heights, moving = self.ax_net, self.ax_bars, self.HEIGHTS, self.moving
        segments = [[(j - 1, heights[j - 1][q]), (j, heights[j][p])]  # from unit q of layer j-1 to unit p of layer j
                    for j in (1, 2) for p in range(len(heights[j])) for q in range(len(heights[j - 1]))]
        ax_net.add_collection(LineCollection(segments, linewidths=0.5, colors="0.8"))  # every weight, faint
        self.edges = moving(ax_net.add_collection(LineCollection(segments, gid="gradient edges")))
        self.units, self.unit_labels = {}, {}
        for j in (0, 1, 2):
            self.units[j] = moving(ax_net.scatter([j] * len(heights[j]), heights[j], s=160, c="white",
                                                  edgecolors="black", zorder=3, gid=f"units {j}"))
            # inputs labelled on the left, outputs on the right, hidden units above: clear of the edges
            dx, ha = {0: (-0.1, "right"), 1: (0.0, "center"), 2: (0.1, "left")}[j]
            self.unit_labels[j] = [moving(ax_net.text(j + dx, h + (0.045 if j == 1 else 0.0), "", ha=ha,
                                                      va="bottom" if j == 1 else "center", fontsize=7, zorder=4))
                                   for h in heights[j]]
        ax_net.set(xlim=(-0.6, 2.6), ylim=(0, 1), xticks=[0, 1, 2], yticks=[])
        self.no_gradient = moving(ax_net.text(1.0, 0.02, "no gradient reaches any weight", ha="center", fontsize=8,
                                              color="C3", gid="note"))
        self.net_title = moving(ax_net.set_title("", fontsize=10, y=1.0))

        positions = np.arange(20)
        # one thick vertical line per entry (a single artist) instead of 20 bar patches: half the redraw time
        self.backprop_bars = moving(ax_bars.vlines(positions, 0.0, np.zeros(20), lw=7, label="backprop",
                                                   gid="backprop"))
        self.numeric_marks = moving(ax_bars.plot(positions, np.zeros(20), "k_", ms=10, mew=2,
                                                 label="central differences", gid="numeric")[0])
        moving(ax_bars.yaxis)  # its limits follow the gradients, and so does the zero line:
        moving(ax_bars.axhline(0.0, color="0.5", lw=0.8, zorder=1))
        ax_bars.axvline(11.5, color="0.5", ls=":", zorder=1)
        row_starts = [0, 3, 6, 9, 12, 16]  # W1 has 4 rows of 3 entries, W2 2 rows of 4, in row-major order
        ax_bars.set_xticks(row_starts, ["W1 row 1", "row 2", "row 3", "row 4", "W2 row 1", "row 2"], fontsize=8,
                           rotation=30, ha="left")
        ax_bars.set_xlim(-0.8, 19.8)
        self.bars_legend = moving(ax_bars.legend(loc="best", fontsize=8))
        ax_bars.set_title("∂L/∂W, entry by entry", fontsize=10, y=1.0)
        self.kink_note = moving(ax_bars.text(0.02, 0.02, "", transform=ax_bars.transAxes, fontsize=7, va="bottom",
                                             bbox={"facecolor": "white", "edgecolor": "0.8"}, gid="kink note"))
        return fig

    def update(self, x1=1.0, x2=-0.5, x3=2.0, output="identity"):
        v = _finite_numbers(x1=x1, x2=x2, x3=x3)
        net = seed_002_network(output)
        x, y = np.array([[v["x1"]], [v["x2"]], [v["x3"]]]), np.array(SEED_002_TARGETS)

        loss_at_current_weights = net.loss_function(x, y)
        numeric = np.concatenate([numerical_gradient(loss_at_current_weights, net.dense[j].W).ravel() for j in (1, 2)])
        loss = net.loss_and_gradients(x, y)  # after the numeric pass: it leaves Z, dZ, dW of this point
        backprop = np.concatenate([net.dW[1].ravel(), net.dW[2].ravel()])

        largest = max(np.abs(backprop).max(), 1e-12)
        self.edges.set_linewidths(6.0 * np.abs(backprop) / largest)  # same order as the segments: row-major dW
        self.edges.set_colors(np.where(backprop >= 0, "C0", "C3"))
        for j in (0, 1, 2):
            on = np.ones(len(self.HEIGHTS[j]), bool) if j == 0 else net.Z[j].ravel() > 0
            if j == 2 and output == "identity":
                on[:] = True
            self.units[j].set_facecolors(np.where(on, "white", "0.75"))
            for unit, label in enumerate(self.unit_labels[j]):
                label.set_text(f"x{unit + 1} {x[unit, 0]:+.1f}" if j == 0 else f"φ {net.dZ[j][unit, 0] + 0.0:+.2f}")
        self.set_changed(self.ax_net, xticklabels=["input", "hidden\n(ReLU)", f"output\n({output})"])
        self.no_gradient.set_visible(not np.any(backprop))
        self.net_title.set_text(f"L = {loss:.3f}; line width ∝ |∂L/∂W| (grey unit: off)")

        self.backprop_bars.set_segments([[(p, 0.0), (p, g)] for p, g in enumerate(backprop)])
        self.backprop_bars.set_colors(np.where(backprop >= 0, "C0", "C3"))
        self.numeric_marks.set_ydata(numeric)
        reach = rounded_limits(0.0, max(np.abs(backprop).max(), np.abs(numeric).max(), 1e-3), below=0.0, above=0.05,
                               steps=1)[1]
        self.set_changed(self.ax_bars, ylim=(-reach, reach))  # symmetric, at the next 1, 2 or 5: most moves keep it
        on_kink = [unit + 1 for unit in np.flatnonzero(np.abs(net.Z[1].ravel()) < KINK_TOLERANCE)]
        # the inputs' decimals put z on 0, give or take round-off: the two slopes differ there
        self.kink_note.set_text(
            f"hidden unit {', '.join(map(str, on_kink))}: z = 0 up to round-off, on the kink. Backprop takes one "
            "slope\n(ReLU′ = 1 if z rounded above 0, else 0); central differences straddle the kink\nand average both."
            if on_kink else "")
        self.kink_note.set_visible(bool(on_kink))


layered_gradients = interactive_figure(x1=(-2.0, 2.0, 0.1), x2=(-2.0, 2.0, 0.1), x3=(-2.0, 2.0, 0.1), output=OUTPUTS)(
    LayeredGradients, "layered_gradients")
