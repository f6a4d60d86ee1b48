"""Notebook 03's widget: every layer's φ and gradient beside its numerical check."""

from typing import NamedTuple

import numpy as np

from ..errors import MlpeduError, as_rng
from ..experiments import DELTA_RULES, deltas_with, gradients_from_deltas, targets_for
from ..gradcheck import GOOD, WRONG, noise_floor, numerical_gradient, relative_error, verdict
from ..network import MLP
from . import LiveFigure, interactive_figure, new_figure, rounded_limits, sparse_log_ticks

# The loss each output activation can feed, and why the others cannot.
COMPATIBLE_OUTPUTS = {
    "mean_squared_error": ("identity", "relu", "sigmoid", "tanh", "softmax"),
    "half_squared_error": ("identity", "relu", "sigmoid", "tanh", "softmax"),
    "binary_cross_entropy": ("sigmoid",),
    "categorical_cross_entropy": ("softmax",),
}
VERDICT_COLOURS = {"good": "#1a7f37", "look closer": "#9a6700", "wrong": "#cf222e"}
# Central differences at up to three steps: round-off shrinks as the step grows, truncation as it
# shrinks, and a wrong gradient disagrees at every step. Each layer keeps its best agreement; the
# middle step comes first, and a layer already good there needs no other (a third of the work).
STEPS = (3e-6, 1e-6, 1e-5)
# The literal index reading multiplies φ^(j+1) with σ′(z^j) entry by entry: the widget makes the
# output as wide as the hidden layers for it, the only networks on which it type-checks.
SAME_WIDTH_RULES = ("index i for k (seed 003 §2.2)",)


def check_combination(output, loss, n_out):
    if loss not in COMPATIBLE_OUTPUTS:
        raise MlpeduError(f"Unknown loss {loss!r}; choose one of {', '.join(COMPATIBLE_OUTPUTS)}.")
    if output not in COMPATIBLE_OUTPUTS[loss]:
        raise MlpeduError(
            f"{loss} needs an output activation among {', '.join(COMPATIBLE_OUTPUTS[loss])}; got {output!r}. "
            "Binary cross-entropy treats each output as a probability of its own (sigmoid); categorical "
            "cross-entropy treats the outputs together as one distribution (softmax)."
        )
    if output == "softmax" and n_out < 2:
        raise MlpeduError("softmax over a single output is always 1: it needs at least 2 outputs. (The literal "
                          "index reading makes the output as wide as the hidden layers: choose width ≥ 2, or a "
                          "sigmoid output with binary cross-entropy.)")


class LayerChecks(NamedTuple):
    """What layer_checks measured: phi course-indexed (φ^j = phi[j]); grads and numeric (at the
    first step) named like net.parameters() ("W1", ...); errors[j-1] the largest relative error
    of ∇_{W^j} L at the first step where it is good, else at the step that agrees best (the
    denominator floored at the round-off level, as gradcheck does); floor, the gradient size below
    which central differences resolve nothing."""
    net: MLP
    phi: list
    grads: dict
    numeric: dict
    errors: list
    floor: float


def layer_checks(depth, width, activation, output, loss, delta_rule, rng=0, batch=4, n_out=3):
    """Build the network, backpropagate with `delta_rule`, and compare each ∇_{W^j} L with central
    differences (a LayerChecks)."""
    if delta_rule not in DELTA_RULES:
        raise MlpeduError(f"Unknown delta_rule {delta_rule!r}; choose one of {', '.join(DELTA_RULES)}.")
    n_out = width if delta_rule in SAME_WIDTH_RULES else n_out
    check_combination(output, loss, n_out)
    rng = as_rng(rng)
    sizes = [3] + [width] * (depth - 1) + [n_out]
    net = MLP(sizes, activation=activation, output=output, loss=loss, init="xavier", rng=rng)
    X = rng.standard_normal((sizes[0], batch))
    Y = targets_for(net, batch, rng)
    phi = deltas_with(net, X, Y, delta_rule)
    grads = gradients_from_deltas(net, phi)

    network_loss = net.loss_function(X, Y)
    base = network_loss()
    floors = {step: noise_floor(base, step) for step in STEPS}
    numeric, errors = {}, []
    for j in range(1, net.J + 1):
        best = np.inf
        for step in STEPS:
            estimate = numerical_gradient(network_loss, net.W[j], step)
            numeric.setdefault(f"W{j}", estimate)
            best = min(best, float(np.max(relative_error(grads[f"W{j}"], estimate, floors[step]))))
            if best < GOOD:
                break
        errors.append(best)
    return LayerChecks(net, phi, grads, numeric, errors, floors[max(STEPS)])


MAX_DEPTH = 6  # the depth slider's end: the picture has bars for this many layers, those unused hidden
ERROR_FLOOR = 1e-12  # an exact match would sit at 0, which a log axis cannot show


class GradientCheckByLayer(LiveFigure):
    """Per layer j: ‖φ^j‖, ‖∇_{W^j} L‖ from backprop beside central differences, and the
    largest relative error between the two (log scale, with the course's 1e-7 and 1e-4 lines)."""

    def build(self):
        fig = new_figure(10.0, 3.6, left=0.06, right=0.98, bottom=0.13, top=0.8, wspace=0.25)
        self.ax_phi, self.ax_grad, self.ax_err = fig.subplots(1, 3)
        layers, zeros = np.arange(1, MAX_DEPTH + 1), np.zeros(MAX_DEPTH)
        bars = lambda container: list(self.moving(*container))  # noqa: E731
        # the x axes follow the depth, the y axes of the norms their values
        self.moving(self.ax_phi.xaxis, self.ax_grad.xaxis, self.ax_err.xaxis, self.ax_phi.yaxis, self.ax_grad.yaxis)
        self.phi_bars = bars(self.ax_phi.bar(layers, zeros, color="#8250df"))
        self.ax_phi.set_xlabel("layer j")
        self.analytic_bars = bars(self.ax_grad.bar(layers - 0.2, zeros, width=0.4, label="backprop", color="#0969da"))
        self.numeric_bars = bars(self.ax_grad.bar(layers + 0.2, zeros, width=0.4, label="central differences",
                                                  color="#bf8700"))
        # in the headroom above the bars (the norms' limits leave a third of the height for it)
        self.moving(self.ax_grad.legend(fontsize=7, loc="upper center", ncol=2))
        self.ax_grad.set_xlabel("layer j")
        self.error_bars = bars(self.ax_err.bar(layers, zeros, bottom=ERROR_FLOOR / 10))
        self.level_labels = []
        for level, text in ((GOOD, "good below"), (WRONG, "wrong above")):
            self.ax_err.axhline(level, color="grey", linestyle="--", linewidth=0.8, zorder=0.5)
            self.level_labels.append(self.moving(self.ax_err.text(
                0.0, level, text, fontsize=7, ha="right", va="bottom", color="#444444",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})))  # readable over a bar
        self.ax_err.set(xlabel="layer j", yscale="log", ylim=(ERROR_FLOOR / 10, 10))
        sparse_log_ticks(self.ax_err, numticks=8)
        for ax, title in ((self.ax_phi, "‖φʲ‖ (backprop)"), (self.ax_grad, "‖dWʲ‖ = ‖∂L/∂Wʲ‖"),
                          (self.ax_err, "max relative error of dWʲ")):
            ax.set_title(title, y=1.0)  # a fixed place: no search for the tick labels' extent at every draw
        self.title = self.moving(fig.suptitle("", fontsize=9))
        return fig

    def update(self, depth=3, width=4, activation="tanh", output="softmax", loss="categorical_cross_entropy",
               delta_rule="right"):
        net, phi, grads, numeric, errors, floor_resolved = layer_checks(depth, width, activation, output, loss,
                                                                        delta_rule)
        layers = np.arange(1, net.J + 1)
        phi_norms = [np.linalg.norm(phi[j]) for j in layers]
        analytic = [np.linalg.norm(grads[f"W{j}"]) for j in layers]
        numerical = [np.linalg.norm(numeric[f"W{j}"]) for j in layers]
        verdicts = [verdict(e) for e in errors]

        for bars, heights in ((self.phi_bars, phi_norms), (self.analytic_bars, analytic),
                              (self.numeric_bars, numerical)):
            for j, bar in enumerate(bars):
                bar.set_visible(j < net.J)
                bar.set_height(heights[j] if j < net.J else 0.0)
        for j, bar in enumerate(self.error_bars):
            bar.set_visible(j < net.J)
            if j < net.J:
                bar.set_height(max(errors[j], ERROR_FLOOR) - ERROR_FLOOR / 10)
                bar.set_facecolor(VERDICT_COLOURS[verdicts[j]])
        for ax, heights, headroom in ((self.ax_phi, phi_norms, 0.05), (self.ax_grad, analytic + numerical, 0.5)):
            finite = [h for h in heights if np.isfinite(h)] or [1.0]
            self.set_changed(ax, ylim=rounded_limits(0.0, max(finite), below=0.0, above=headroom, steps=1))
        for ax in (self.ax_phi, self.ax_grad, self.ax_err):
            self.set_changed(ax, xticks=layers, xlim=(0.4, net.J + 0.6))
        for label in self.level_labels:
            label.set_x(net.J + 0.45)

        sizes = " → ".join(map(str, net.sizes))
        note = ""
        silent = [j for j in layers if not np.any(numeric[f"W{j}"]) and not np.any(grads[f"W{j}"])]
        faint = [j for j in layers if j not in silent and np.max(np.abs(numeric[f"W{j}"])) < floor_resolved]
        if silent:
            note += f"\nlayer {', '.join(map(str, silent))}: no gradient at all (every unit off), so no rule can be told apart there"
        if faint:
            note += (f"\nlayer {', '.join(map(str, faint))}: gradients below what central differences resolve "
                     f"({floor_resolved:.0e}), so a wrong rule may show only amber there")
        if delta_rule in SAME_WIDTH_RULES:
            note = ("\n(one unit per layer: the sum over k has one term, so the literal reading is the right rule)"
                    if width == 1 else "\n(output as wide as the hidden layers: the literal reading only type-checks there)")
        hidden = f"{activation} hidden" if net.J > 1 else "no hidden layer"
        self.title.set_text(f"{sizes}: {hidden}, {output} output, {loss}; equation (2): {delta_rule}{note}")


gradient_check_by_layer = interactive_figure(
    depth=(1, MAX_DEPTH, 1), width=(1, 8, 1), activation=["tanh", "sigmoid", "relu", "leaky_relu"],
    output=["identity", "relu", "sigmoid", "softmax"], loss=list(COMPATIBLE_OUTPUTS), delta_rule=list(DELTA_RULES),
)(GradientCheckByLayer, "gradient_check_by_layer")
