"""Notebook 04's widget: per-layer gradient norms of a deep network, measured and predicted."""

import numpy as np
from matplotlib.ticker import MaxNLocator, NullLocator

from ..errors import MlpeduError
from ..experiments import dead_unit_fraction, delta_norms, layer_gains, predicted_delta_norms, run_deep
from . import LiveFigure, interactive_figure, log_axis, new_figure, rounded_limits, sparse_log_ticks

ACTIVATIONS = ["sigmoid", "tanh", "relu", "leaky_relu"]
INITS = ["small", "xavier", "he"]


def drawable(values):
    """Values a log axis can hold: inf, NaN and anything within 1e100 of float64's limit become
    gaps (the axis pads its limits and places its ticks by multiplying, which would overflow)."""
    values = np.asarray(values, dtype=float)
    return np.where(np.isfinite(values) & (np.abs(values) < 1e200), values, np.nan)


def gain_axis_ticks(gains):
    """Limits covering ¼ … 2 and every measured gain, and powers of two around 1 as ticks:
    (ylim, ticks, labels)."""
    finite = gains[np.isfinite(gains) & (gains > 0)]
    low = min(0.125, finite.min() / 1.5) if finite.size else 0.125
    high = max(2.0, finite.max() * 1.5) if finite.size else 2.0
    low, high = 2.0 ** np.floor(np.log2(low)), 2.0 ** np.ceil(np.log2(high))  # rounded: small moves keep them
    ticks = [2.0 ** k for k in range(int(np.log2(low)), int(np.log2(high)) + 1)]
    step = max(1, len(ticks) // 7)  # at most about seven labels
    ticks = ticks[::step]
    return (low, high), ticks, [f"{t:g}" if t >= 1 else f"1/{1 / t:g}" for t in ticks]


class GradientNormsByLayer(LiveFigure):
    """Left: ‖∇_{W^j} L‖ and ‖φ^j‖ against the layer index j (log scale), with the ‖φ^j‖ that
    the product of Jacobians predicts. Right: the gain of each step j+1 → j, measured and
    predicted, against 1 (no change) and ¼ (the largest σ′ of the sigmoid)."""

    def build(self):
        fig = new_figure(10.0, 4.0, left=0.08, right=0.98, bottom=0.12, top=0.75, wspace=0.22)
        self.ax_norm, self.ax_gain = ax_norm, ax_gain = fig.subplots(1, 2)
        moving = self.moving
        moving(ax_norm.xaxis, ax_norm.yaxis, ax_gain.xaxis, ax_gain.yaxis)  # limits follow depth and norms
        self.grad_line = moving(ax_norm.plot([], [], "o-", markersize=3, label="‖dWʲ‖ measured")[0])
        self.phi_line = moving(ax_norm.plot([], [], "-", color="#8250df", label="‖φʲ‖ measured")[0])
        self.predicted_line = moving(ax_norm.plot([], [], "--", color="black", label="‖φʲ‖ predicted")[0])
        ax_norm.set(xlabel="layer j (1 = next to the input)", ylabel="norm (log scale)", yscale="log")
        above = dict(loc="lower left", bbox_to_anchor=(0.0, 1.01), fontsize=7, frameon=False, borderaxespad=0.0)
        ax_norm.legend(ncol=3, **above)  # above the axes, clear of the lines: drawn once, not at every move
        moving(ax_gain.axhline(1.0, color="#1a7f37", linestyle=":", label="1: no change", zorder=1))
        moving(ax_gain.axhline(0.25, color="#cf222e", linestyle=":", label="¼: largest σ′ of the sigmoid", zorder=1))
        self.gain_points = moving(ax_gain.plot([], [], ".", color="#8250df", label="measured ‖φʲ‖ / ‖φʲ⁺¹‖")[0])
        self.gain_line = moving(ax_gain.plot([], [], "-", color="black", linewidth=0.8, label="predicted gain")[0])
        ax_gain.set(xlabel="layer j", ylabel="gain per layer", yscale="log")
        for ax in (ax_norm, ax_gain):
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))  # few labels: each costs a redraw
        ax_gain.yaxis.set_minor_locator(NullLocator())
        ax_gain.legend(ncol=2, **above)
        sparse_log_ticks(ax_norm)
        self.title = moving(fig.suptitle("", fontsize=9))
        return fig

    def update(self, depth=50, activation="sigmoid", init="xavier", weight_scale=1.0, width=16, batch=8):
        if activation not in ACTIVATIONS:
            raise MlpeduError(f"activation must be one of {', '.join(ACTIVATIONS)}; got {activation!r}.")
        if not isinstance(depth, (int, np.integer)) or depth < 2:
            raise MlpeduError(f"depth must be an integer of at least 2 (a gain needs two layers); got {depth!r}.")
        if not weight_scale > 0:
            raise MlpeduError(f"weight_scale multiplies the initial weights' std; expected > 0, got {weight_scale!r}.")
        with np.errstate(over="ignore", invalid="ignore"):  # an overflow is counted and explained in the title
            net = run_deep(depth, width, activation, init, weight_scale, batch=batch, rng=0)
            grad_norms, phi_norms = net.gradient_norms(), delta_norms(net)
            predicted = predicted_delta_norms(net)
            phi = np.array(phi_norms)
            measured_gain = np.divide(phi[:-1], phi[1:], out=np.full(depth - 1, np.nan),
                                      where=(phi[1:] > 0) & np.isfinite(phi[1:]) & np.isfinite(phi[:-1]))
            gains = layer_gains(net)
        layers = np.arange(1, net.J + 1)

        norms = [drawable(grad_norms), drawable(phi_norms), drawable(predicted)]
        for line, values in zip((self.grad_line, self.phi_line, self.predicted_line), norms):
            line.set_data(layers, values)
        self.gain_points.set_data(layers[:-1], drawable(measured_gain))
        self.gain_line.set_data(layers[:-1], drawable(gains))
        xlim = (0, rounded_limits(0, net.J, below=0.0, above=0.02, steps=20)[1])
        norm_limits, norm_ticks = log_axis(*norms)
        self.set_changed(self.ax_norm, xlim=xlim, ylim=norm_limits, yticks=norm_ticks)
        gain_limits, ticks, labels = gain_axis_ticks(drawable(measured_gain))
        self.set_changed(self.ax_gain, xlim=xlim, ylim=gain_limits, yticks=ticks, yticklabels=labels)

        title = f"{depth} layers of {width} {activation}, init {init} × {weight_scale:g}"
        underflow = int(np.sum(grad_norms == 0))
        if underflow:
            title += f"; {underflow} layer(s) underflowed to exactly 0 (not drawn)"
        overflow = int(np.sum(~np.isfinite(grad_norms)))
        if overflow:
            title += f"; {overflow} layer(s) overflowed past float64's largest number, 1.8e308, to inf or NaN (not drawn)"
        elif np.max(grad_norms) > 1e100:
            title += f"; norms reach 1e{int(np.log10(np.max(grad_norms)))}, float64 stops at 1.8e308"
        if activation == "relu":
            title += f"; dead ReLUs on this batch: {100 * dead_unit_fraction(net).mean():.0f}%"
        if overflow:
            title += "\nthe ratio ‖∇W¹‖ / ‖∇Wᴶ‖ is lost: the mirror image of underflow, numbers too large instead of too small"
        elif grad_norms[-1] > 0:
            title += f"\n‖∇W¹‖ / ‖∇Wᴶ‖ (first layer / last) = {grad_norms[0] / grad_norms[-1]:.1e}"
        else:
            title += "\nthe last layer's gradient is 0: its input a^(J-1) died in the forward pass"
        self.title.set_text(title)


gradient_norms_by_layer = interactive_figure(
    depth=(2, 300, 1), activation=ACTIVATIONS, init=INITS, weight_scale=(0.25, 2.0, 0.05),
)(GradientNormsByLayer, "gradient_norms_by_layer")
