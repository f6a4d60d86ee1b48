"""Experiments behind notebooks 03 and 04 (and their widgets).

- Backpropagation written out with a chosen rule for the recursive delta (equation 2), so the
  right rule and the seeds' mistaken ones can be put through the same gradient check.
- Deep, narrow networks for the vanishing/exploding-gradient experiments: per-layer gradient
  norms, the norms the product-of-Jacobians argument predicts, and the share of dead ReLUs.
"""

import numpy as np

from .errors import MlpeduError, ShapeError, as_rng
from .gradcheck import check_parameters
from .losses import one_hot
from .network import MLP, frobenius


# ---- equation (2) and its misreadings -------------------------------------------------------

def delta_right(W_next, phi_next, Z, sigma):
    return (W_next.T @ phi_next) * sigma.derivative(Z)           # (2) φ^j = (W^{j+1})ᵀ φ^{j+1} ∘ σ′(z^j)


def delta_sigma_not_derivative(W_next, phi_next, Z, sigma):
    return (W_next.T @ phi_next) * sigma.function(Z)             # seed 003 §2.2 as printed: σ(z), not σ′(z)


def delta_same_index(W_next, phi_next, Z, sigma):
    if phi_next.shape[0] != Z.shape[0]:
        raise ShapeError(
            f"the literal reading of seed 003 §2.2 multiplies φ^(j+1) (shape {phi_next.shape}) "
            f"elementwise with σ′(z^j) (shape {Z.shape}): it only type-checks when layers j and "
            f"j+1 have the same width. The right rule sums over k with (W^(j+1))ᵀ."
        )
    # Σ_k φ_i^{j+1} w_{k,i} σ′(z_i^j), read literally: the k-sum only touches the weights
    return W_next.sum(axis=0)[:, None] * phi_next * sigma.derivative(Z)


DELTA_RULES = {
    "right": delta_right,
    "σ(z) for σ′(z) (seed 003 §2.2)": delta_sigma_not_derivative,
    "index i for k (seed 003 §2.2)": delta_same_index,
}


def deltas_with(net, X, Y, delta_rule="right"):
    """φ^j for j = 1 … J by equations (1) and (2), with equation (2) replaced by `delta_rule`
    (a name in DELTA_RULES or a function (W_next, phi_next, Z, sigma) -> φ^j); course-indexed
    list, None at index 0. Equation (1) is the network's own last-layer delta (fused a − y
    where it applies)."""
    rule = DELTA_RULES.get(delta_rule, delta_rule) if isinstance(delta_rule, str) else delta_rule
    if not callable(rule):
        raise MlpeduError(f"Unknown delta_rule {delta_rule!r}. Known: {', '.join(DELTA_RULES)}.")
    net.loss_and_gradients(X, Y)  # forward pass and φ^J from the network
    phi = [None] * (net.J + 1)
    phi[net.J] = net.dZ[net.J]
    for j in range(net.J - 1, 0, -1):
        phi[j] = rule(net.W[j + 1], phi[j + 1], net.Z[j], net.sigma[j])
    return phi


def gradients_from_deltas(net, phi):
    """Equations (3) and (4) over a batch: each sums its per-example terms over the columns."""
    grads = {}
    for j in range(1, net.J + 1):
        grads[f"W{j}"] = phi[j] @ net.A[j - 1].T                # (3) ∇_{W^j} L = φ^j (a^{j-1})ᵀ
        grads[f"b{j}"] = phi[j].sum(axis=1, keepdims=True)      # (4) ∇_{b^j} L = φ^j, summed over columns
    return grads


def backprop_with(net, X, Y, delta_rule="right"):
    """Gradients {"W1": ..., "b1": ...} with equation (2) replaced by `delta_rule`."""
    return gradients_from_deltas(net, deltas_with(net, X, Y, delta_rule))


def check_gradients(net, X, Y, grads, title="gradient check", fast=False):
    """Compare `grads` (named like net.parameters()) with central differences of net's loss."""
    X = net.A[0] if X is None else X
    return check_parameters(net.loss_function(X, Y), net.parameters(), grads, title, fast=fast)


def loss_from_layer(net, j, Z_j, Y):
    """The network's loss as a function of z^j alone: run layers j … J from Z_j (the upper
    layers' weights as they are). Lets a check perturb z^j directly to measure φ^j = ∂L/∂z^j."""
    Z = Z_j
    A = net.sigma[j].function(Z)
    for k in range(j + 1, net.J + 1):
        Z = net.W[k] @ A + net.b[k]
        A = net.sigma[k].function(Z)
    if net.fused:
        return net.loss.loss_from_logits(Z, Y)
    return net.loss.forward(A, Y)


def targets_for(net, m, rng):
    """Random targets that suit the network's loss: one-hot for CCE, 0/1 for BCE, normal otherwise."""
    n_out, name = net.sizes[-1], net.loss.name
    if name == "categorical_cross_entropy":
        return one_hot(rng.integers(0, n_out, m), n_out)
    if name == "binary_cross_entropy":
        return (rng.random((n_out, m)) > 0.5).astype(float)
    return rng.standard_normal((n_out, m))


# ---- deep networks: vanishing and exploding gradients ----------------------------------------

def deep_network(depth, width=16, activation="relu", init="he", weight_scale=1.0, rng=0):
    """`depth` layers of `width` units (identity output, half squared error): the recursion
    φ^j = D^j (W^{j+1})ᵀ φ^{j+1} then multiplies square matrices only."""
    if not isinstance(depth, (int, np.integer)) or depth < 1:
        raise MlpeduError(f"depth is the number of layers J; expected a positive integer, got {depth!r}.")
    return MLP([width] * (depth + 1), activation=activation, output="identity",
               loss="half_squared_error", init=init, weight_scale=weight_scale, rng=rng)


def run_deep(depth, width=16, activation="relu", init="he", weight_scale=1.0, batch=8, rng=0):
    """Build a deep network, backpropagate one random batch, return the network."""
    rng = as_rng(rng)
    net = deep_network(depth, width, activation, init, weight_scale, rng)
    X, Y = rng.standard_normal((width, batch)), rng.standard_normal((width, batch))
    net.loss_and_gradients(X, Y)
    return net


def delta_norms(net):
    """‖φ^j‖ (Frobenius over the batch) for j = 1 … J."""
    with np.errstate(over="ignore", under="ignore"):  # a square past float64's range: frobenius rescales
        return np.array([frobenius(net.dZ[j]) for j in range(1, net.J + 1)])


def layer_gains(net):
    """The factor by which ‖φ‖ is expected to change from layer j+1 to j, for j = 1 … J−1:

    φ^j = D^j (W^{j+1})ᵀ φ^{j+1}. With random weights of variance s², each entry of (W^{j+1})ᵀ φ
    has variance s² ‖φ‖², so E‖(W^{j+1})ᵀ φ‖² = n_j s² ‖φ‖², and D^j = diag σ′(z^j) scales it by
    the mean of σ′(z^j)². The gain is the square root of n_j s² mean(σ′(z^j)²), with s² read off
    the actual W^{j+1}."""
    gains = []
    for j in range(1, net.J):
        W_next = net.W[j + 1]
        n_j = W_next.shape[1]
        s2 = np.mean(W_next ** 2)
        gains.append(np.sqrt(n_j * s2 * np.mean(net.sigma[j].derivative(net.Z[j]) ** 2)))
    return np.array(gains)


def predicted_delta_norms(net):
    """‖φ^j‖ predicted from the measured ‖φ^J‖ times the product of layer gains down to j."""
    gains = layer_gains(net)
    with np.errstate(over="ignore", under="ignore"):
        top = frobenius(net.dZ[net.J])
    # φ^j picks up the gains of layers j … J−1
    return top * np.append(np.cumprod(gains[::-1])[::-1], 1.0)


def dead_unit_fraction(net):
    """For each hidden layer j = 1 … J−1: the share of units whose z^j ≤ 0 on every example of
    the last forward pass (a ReLU there passes no gradient for this batch)."""
    return np.array([np.mean(np.all(net.Z[j] <= 0, axis=1)) for j in range(1, net.J)])
