"""Gradient checks: compare an analytic gradient with central differences, in float64.

Cheap first, full diagnosis on failure:
- `check_network(net, X, Y)` compares one random directional derivative per parameter set
  (two loss evaluations each); only a parameter set that fails gets the per-entry check,
  whose report names the worst entries, the analytic and numeric values, and a guess at why.
- Near a kink (ReLU input within ε of 0) central differences are unreliable. An entry that
  disagrees is re-measured: if its left and right slopes differ at every step size, the loss has
  a corner there and the derivative is a convention (ReLU′(0)), so a value in the range of those
  slopes passes as "kink"; if a step 100 times smaller agrees with the analytic value, the corner
  was merely within ε, also "kink". Anything else is "wrong".

Relative error: |a − n| / max(|a|, |n|, tiny). Guide (CONVENTIONS.md): below 1e-7 good,
1e-7 … 1e-4 look closer, above 1e-4 wrong. Central differences carry round-off of about
ε_machine·|f|/ε, so `tiny` is raised to the level where that round-off alone would read as 1e-7:
entries smaller than it are judged by their absolute error, not flagged for noise.
"""

from dataclasses import dataclass, field
from html import escape

import numpy as np

from .activations import Activation
from .errors import DTypeError, MlpeduError, as_float_array, as_rng, check_batch
from .layers import Dense

GOOD, WRONG = 1e-7, 1e-4
EPS = 1e-6     # finite-difference step
TINY = 1e-8    # least floor of the denominator: gradients this small count as zero
N_WORST = 5    # entries shown in a report


def relative_error(analytic, numeric, tiny=TINY):
    analytic, numeric = np.asarray(analytic, float), np.asarray(numeric, float)
    return np.abs(analytic - numeric) / np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), tiny)


def verdict(rel_error):
    return "good" if rel_error < GOOD else "look closer" if rel_error < WRONG else "wrong"


@dataclass
class Entry:
    """One entry of a parameter: where it is, both derivatives, and, for an entry that disagrees,
    its one-sided slopes and whether a kink explains the disagreement."""
    index: tuple
    analytic: float
    numeric: float
    rel_error: float
    left: float = None
    right: float = None
    at_kink: bool = False


@dataclass
class ParameterCheck:
    """The comparison for one parameter set (e.g. "W2"); `mode` is "directional" or "per entry"."""
    name: str
    shape: tuple
    mode: str
    max_rel_error: float
    worst: list = field(default_factory=list)
    hint: str = ""
    n_wrong: int = 0  # entries off by more than WRONG that no kink explains
    n_kink: int = 0   # entries whose disagreement is a kink

    @property
    def status(self):
        status = verdict(self.max_rel_error)
        if status != "good" and self.mode == "per entry" and self.n_kink and not self.n_wrong:
            return "kink"
        return status

    @property
    def passed(self):
        return self.status != "wrong"

    def describe(self):
        counts = f", {self.n_wrong} wrong entr{'y' if self.n_wrong == 1 else 'ies'}" if self.n_wrong else ""
        counts += f", {self.n_kink} at a kink" if self.n_kink else ""
        lines = [f"{self.name} {self.shape}: {self.status} (max relative error {self.max_rel_error:.2e}, "
                 f"{self.mode}{counts})"]
        for e in self.worst:
            if e.rel_error < GOOD:
                continue
            line = f"    [{', '.join(map(str, e.index))}] analytic {e.analytic:+.6e}  numeric {e.numeric:+.6e}  rel {e.rel_error:.1e}"
            if e.left is not None:
                line += f"  (left slope {e.left:+.4e}, right slope {e.right:+.4e})"
            lines.append(line)
        if self.status == "kink":
            lines.append("    the loss has a corner here (a ReLU input at or within ε of 0): its left and right slopes "
                         "differ, so the analytic value is a convention; this is the kink, not a bug.")
        if self.hint:
            lines.append(f"    why? {self.hint}")
        return "\n".join(lines)


@dataclass
class GradCheckReport:
    title: str
    checks: list
    notes: list = field(default_factory=list)

    @property
    def passed(self):
        return all(c.passed for c in self.checks)

    def __getitem__(self, name):
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(f"no parameter {name!r} in this report; it has {[c.name for c in self.checks]}")

    def __bool__(self):
        return self.passed

    def __str__(self):
        head = f"{self.title}: {'PASSED' if self.passed else 'FAILED'}"
        return "\n".join([head] + [c.describe() for c in self.checks] + [f"note: {n}" for n in self.notes])

    __repr__ = __str__

    def _repr_html_(self):
        colours = {"good": "#1a7f37", "look closer": "#9a6700", "kink": "#9a6700", "wrong": "#cf222e"}
        rows = []
        for c in self.checks:
            worst = "<br>".join(
                f"[{', '.join(map(str, e.index))}] a={e.analytic:+.4e} n={e.numeric:+.4e} rel={e.rel_error:.1e}"
                for e in c.worst if e.rel_error >= GOOD)
            rows.append(
                f"<tr><td><code>{escape(c.name)}</code></td><td>{c.shape}</td>"
                f"<td style='color:{colours[c.status]};font-weight:bold'>{c.status}</td>"
                f"<td>{c.max_rel_error:.1e}</td><td>{escape(c.mode)}</td>"
                f"<td style='text-align:left'>{worst}{'<br><i>' + escape(c.hint) + '</i>' if c.hint else ''}</td></tr>")
        notes = "".join(f"<li>{escape(n)}</li>" for n in self.notes)
        verdict_html = "<b style='color:#1a7f37'>PASSED</b>" if self.passed else "<b style='color:#cf222e'>FAILED</b>"
        return (f"<div><p>{escape(self.title)}: {verdict_html}</p><table><tr><th>parameter</th><th>shape</th>"
                f"<th>status</th><th>max rel. error</th><th>mode</th><th>worst entries</th></tr>"
                f"{''.join(rows)}</table>{'<ul>' + notes + '</ul>' if notes else ''}</div>")


# ---- the measurements ----------------------------------------------------------------------

def numerical_gradient(f, x, eps=EPS):
    """Central differences of the scalar function f() with respect to every entry of x.

    x is perturbed in place (so f can read it through a closure) and restored exactly."""
    if not isinstance(x, np.ndarray) or x.dtype.kind != "f":
        raise DTypeError(f"numerical_gradient perturbs x in place, so x must be a float array; "
                         f"got {getattr(x, 'dtype', type(x).__name__)}. Use x = x.astype(float).")
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        grad[index] = _central(f, x, index, eps)
    return grad


def _central(f, x, index, eps):
    saved = x[index]
    try:
        x[index] = saved + eps
        plus = f()
        x[index] = saved - eps
        minus = f()
    finally:
        x[index] = saved
    return (plus - minus) / (2 * eps)


def _one_sided(f, x, index, eps, base):
    """(left, right) slopes of f along entry `index`; `base` is f() at x."""
    saved = x[index]
    try:
        x[index] = saved + eps
        right = (f() - base) / eps
        x[index] = saved - eps
        left = (base - f()) / eps
    finally:
        x[index] = saved
    return left, right


def _directional(f, x, direction, eps):
    saved = x.copy()
    try:
        x += eps * direction
        plus = f()
        x[...] = saved - eps * direction
        minus = f()
    finally:
        x[...] = saved
    return (plus - minus) / (2 * eps)


def _explained_by_kink(f, x, index, eps, base, entry):
    """Re-measure a disagreeing entry: does a kink explain it? Sets entry.left/right/at_kink."""
    entry.left, entry.right = _one_sided(f, x, index, eps, base)
    left, right = _one_sided(f, x, index, eps / 100, base)
    gap, gap_small = abs(entry.right - entry.left), abs(right - left)
    scale = max(abs(entry.left), abs(entry.right), TINY)
    if gap > WRONG * scale and gap_small > 0.5 * gap:
        # A corner at x: the slopes keep their gap however small the step (a smooth function's
        # gap shrinks with it). Any value in or next to the range of the slopes is a convention.
        low, high = min(left, right) - gap, max(left, right) + gap
        entry.at_kink = bool(low <= entry.analytic <= high)
    else:
        # No corner at x itself; if one lies within ε, a 100 times smaller step avoids it.
        closer = (left + right) / 2  # the central difference with step ε/100
        entry.at_kink = bool(relative_error(entry.analytic, closer) < WRONG <= relative_error(entry.numeric, closer))
    return entry.at_kink


def _why(analytic, numeric):
    """A guess at the mistake behind a per-entry mismatch, from the pattern of the values."""
    scale = np.max(np.abs(numeric))
    if scale < TINY:
        return "the numeric gradient is zero here (e.g. all ReLUs of this layer are off): the analytic one should be too."
    if np.max(np.abs(analytic)) < TINY:
        return "the analytic gradient is all zeros: is it computed, or is a factor (σ′, the input) zero?"
    square = analytic.ndim == 2 and analytic.shape[0] == analytic.shape[1]
    if square and np.allclose(analytic.T, numeric, rtol=1e-4, atol=TINY):
        return "the analytic gradient equals the transpose of the numeric one: check the order of the product."
    mask = np.abs(numeric) > 1e-3 * scale
    ratios = analytic[mask] / numeric[mask]
    if ratios.size and np.allclose(ratios, ratios[0], rtol=1e-3):
        r = ratios[0]
        if np.isclose(r, -1, rtol=1e-3):
            return "analytic = −numeric everywhere: a sign is flipped."
        return f"analytic = {r:.4g} × numeric everywhere: a constant factor is off (a 2, ½, 1/m or 1/n?)."
    return ""


def noise_floor(base, eps=EPS, tiny=TINY):
    """The denominator floor: at least `tiny`, and above the round-off of central differences
    of a function whose value is `base`."""
    return max(tiny, np.finfo(float).eps * max(abs(base), 1.0) / eps / GOOD)


def _as_gradient_of(analytic, x, name):
    analytic = np.asarray(analytic, float)
    if analytic.shape != x.shape:
        transposed = " (it looks transposed)" if analytic.shape == x.shape[::-1] else ""
        raise MlpeduError(f"the analytic gradient for {name} has shape {analytic.shape}{transposed}; "
                          f"expected {x.shape}, the shape of {name}.")
    return analytic


def check_parameter(f, x, analytic, name, eps=EPS, tiny=TINY):
    """Per-entry check of `analytic` (∂f/∂x) against central differences; kinks re-measured."""
    analytic = _as_gradient_of(analytic, x, name)
    base = f()
    tiny = noise_floor(base, eps, tiny)
    numeric = numerical_gradient(f, x, eps)
    rel = relative_error(analytic, numeric, tiny)
    entries = []
    for flat in np.argsort(rel, axis=None)[::-1]:  # worst first
        index = np.unravel_index(flat, x.shape)
        if len(entries) >= N_WORST and rel[index] < WRONG:
            break
        entry = Entry(tuple(int(i) for i in index), float(analytic[index]), float(numeric[index]), float(rel[index]))
        if entry.rel_error >= GOOD:
            _explained_by_kink(f, x, index, eps, base, entry)
        entries.append(entry)
    max_rel = float(rel.max()) if rel.size else 0.0
    unexplained = [e for e in entries if e.rel_error >= WRONG and not e.at_kink]
    hint = _why(analytic, numeric) if unexplained else ""
    return ParameterCheck(name, x.shape, "per entry", max_rel, entries[:N_WORST], hint,
                          n_wrong=len(unexplained), n_kink=sum(e.at_kink for e in entries))


def check_directional(f, x, analytic, name, rng, eps=EPS, tiny=TINY):
    """Fast check: one random direction u, compare (f(x+εu) − f(x−εu)) / 2ε with ⟨∇f, u⟩."""
    tiny = noise_floor(f(), eps, tiny)
    direction = rng.standard_normal(x.shape)
    direction /= np.linalg.norm(direction) or 1.0
    numeric = _directional(f, x, direction, eps)
    expected = float(np.sum(np.asarray(analytic) * direction))
    rel = float(relative_error(expected, numeric, tiny))
    return ParameterCheck(name, x.shape, "directional", rel, [Entry(("u",), expected, numeric, rel)])


def check_parameters(f, params, grads, title, fast=False, rng=0, eps=EPS, tiny=TINY, notes=()):
    """Check named parameter arrays (perturbed in place) against named analytic gradients.

    In fast mode each parameter set gets one directional check; any that is not "good"
    is checked again per entry, so the report always shows where a failure is."""
    rng = as_rng(rng)
    checks = []
    for name, x in params.items():
        if x.dtype != np.float64:
            raise MlpeduError(f"gradient checks run in float64; {name} has dtype {x.dtype}.")
        analytic = _as_gradient_of(grads[name], x, name)
        check = check_directional(f, x, analytic, name, rng, eps, tiny) if fast else None
        if check is None or check.status != "good":
            check = check_parameter(f, x, analytic, name, eps, tiny)
        checks.append(check)
    return GradCheckReport(title, checks, list(notes))


# ---- what users check ----------------------------------------------------------------------

def check_function(f, grad_f, x, name="x", eps=EPS, tiny=TINY):
    """Check grad_f(x) against central differences of the scalar function f at x."""
    x = as_float_array(x, name).copy()
    value = f(x)
    if np.ndim(value) != 0:
        raise MlpeduError(f"check_function needs f to return a scalar; it returned shape {np.shape(value)}. "
                          "For an elementwise function use check_elementwise.")
    analytic = np.asarray(grad_f(x.copy()), dtype=float)
    return check_parameters(lambda: float(f(x)), {name: x}, {name: analytic}, "check_function", eps=eps, tiny=tiny)


def check_elementwise(function, derivative, z, name="z", eps=EPS, tiny=TINY):
    """Check an elementwise σ′ against central differences of σ, entry by entry (kinks noted)."""
    z = as_float_array(z, name).copy()
    analytic = np.asarray(derivative(z.copy()), dtype=float)
    # σ is elementwise, so ∂/∂z_k of Σ σ(z) is σ′(z_k): the other terms do not move.
    f = lambda: float(np.sum(function(z)))
    title = f"check_elementwise({getattr(function, '__name__', 'σ')})"
    return check_parameters(f, {name: z}, {name: analytic}, title, eps=eps, tiny=tiny)


def check_layer(layer, inputs=None, rng=0, eps=EPS, tiny=TINY):
    """Check one Dense layer (W, b and its input) or one Activation (its input Z).

    The layer's output is reduced with fixed random weights R to a scalar L = Σ R ∘ out,
    so ∂L/∂out = R is what backward receives. The layer is left as it was."""
    rng = as_rng(rng)
    if isinstance(layer, Dense):
        X = (rng.standard_normal((layer.n_in, 3)) if inputs is None
             else check_batch(inputs, layer.n_in, "inputs", "layer's input").copy())
        params, saved = {"W": layer.W, "b": layer.b, "A_prev": X}, ("A_prev", "dW", "db")
    elif isinstance(layer, Activation):
        X = rng.standard_normal((4, 3)) if inputs is None else as_float_array(inputs, "inputs").copy()
        params, saved = {"Z": X}, ("Z", "A")
    else:
        raise MlpeduError(f"check_layer takes a Dense layer or an Activation; got {type(layer).__name__}.")
    state = {name: getattr(layer, name, None) for name in saved}
    try:
        R = rng.standard_normal(layer.forward(X).shape)
        if isinstance(layer, Dense):
            dX = layer.backward(R)
            grads = {"W": layer.dW, "b": layer.db, "A_prev": dX}
        else:
            grads = {"Z": layer.backward(R)}
        f = lambda: float(np.sum(R * layer.forward(X)))
        return check_parameters(f, params, grads, f"check_layer({layer!r})", eps=eps, tiny=tiny)
    finally:
        for name, value in state.items():
            setattr(layer, name, value)


def check_network(network, X, Y, fast=True, rng=0, eps=EPS, tiny=TINY):
    """Check every W^j and b^j of a network on a batch (X, Y).

    fast=True: one directional derivative per parameter set, per-entry diagnosis only for
    those that fail. fast=False: every entry of every parameter.

    Checks run in float64: a float32 network's gradients are compared with central differences
    of a float64 copy with the same weights (float32's own round-off, ~1e-7 relative, divided by ε,
    would drown the differences), and the report says so."""
    network.loss_and_gradients(X, Y)
    grads = {name: g.astype(np.float64) for name, g in network.gradients().items()}
    notes = []
    if network.dtype != np.float64:
        notes.append(f"the network computes in {network.dtype.name}: its gradients were compared with central "
                     "differences of a float64 copy (gradient checks run in float64), so the errors shown are "
                     f"{network.dtype.name}'s rounding, about 1e-7 relative per operation, not a bug.")
        network, stored = network.astype(np.float64), network
    else:
        stored = None
    for j in range(1, network.J + 1):
        near = int(np.count_nonzero(np.abs(network.Z[j]) < 100 * eps)) if network.sigma[j].has_kink else 0
        if near:
            notes.append(f"layer {j} ({network.sigma[j].name}): {near} input(s) z within {100 * eps:g} of the "
                         "kink at 0; a disagreement there may be the kink, not a bug.")
    loss = network.loss_function(X, Y)
    report = check_parameters(loss, network.parameters(), grads, f"check_network({'fast' if fast else 'full'})",
                              fast=fast, rng=rng, eps=eps, tiny=tiny, notes=notes)
    (stored or network).loss_and_gradients(X, Y)  # leave the network's stored values as they were
    return report
