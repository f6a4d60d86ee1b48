"""The mutant corpus: wrong implementations of every exercise, written as a student might, each
with the exact diagnosis the autocheck must give (a mistake id of `mlpedu.autocheck.MISTAKES`).

Mutants with "no_known_mistake" are honest gaps: the checker cannot name them and must say
where the result differs instead. The share of named diagnoses is printed by
`python tests/test_autocheck_mutants.py`.
"""

import numpy as np
import pytest

from mlpedu import autocheck

# the mutants divide by zero and overflow on purpose; the checker reports it, the warnings are noise here
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


# ---- 1.1 neuron_gradient -------------------------------------------------------------------

def neuron_missing_sigma_prime(x, W, b, y):
    a = sigmoid(W @ x + b)
    return (a - y) @ x.T, a - y


def neuron_sigma_for_sigma_prime(x, W, b, y):
    z = W @ x + b
    phi = (sigmoid(z) - y) * sigmoid(z)
    return phi @ x.T, phi


def neuron_sigma_prime_of_a(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * sigmoid_prime(a)
    return phi @ x.T, phi


def neuron_wrong_sign(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (y - a) * a * (1 - a)
    return phi @ x.T, phi


def neuron_forgot_half(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = 2 * (a - y) * a * (1 - a)
    return phi @ x.T, phi


def neuron_dW_transposed(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return x @ phi, phi


def neuron_returns_lists(x, W, b, y):  # right values as nested lists: accepted
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return (phi @ x.T).tolist(), phi.tolist()


def neuron_flat_dW(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return (phi @ x.T).ravel(), phi


def neuron_dW_without_x(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi * np.ones_like(W), phi


# ---- 1.2 relu_chain ------------------------------------------------------------------------

def chain(x, w1, b1, w2, b2, w3, b3, y, step=lambda z: 1.0 if z > 0 else 0.0, weight_input=None, grads_scale=1.0,
          hidden_step=None):
    hidden_step = hidden_step or step
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * step(z3)
    d2 = d3 * w3 * hidden_step(z2)
    d1 = d2 * w2 * hidden_step(z1)
    inputs = (x, r1, r2) if weight_input is None else weight_input(x, r1, r2)
    return tuple(grads_scale * d * r for d, r in zip((d1, d2, d3), inputs))


def relu_step_at_zero_one(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y, step=lambda z: 1.0 if z >= 0 else 0.0)


def relu_step_at_zero_half(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y, step=lambda z: 1.0 if z > 0 else (0.5 if z == 0 else 0.0))


def relu_numpy_heaviside(x, w1, b1, w2, b2, w3, b3, y):  # np.heaviside(z, 0) is the course's convention
    return chain(x, w1, b1, w2, b2, w3, b3, y, step=lambda z: np.heaviside(z, 0.0))


def relu_no_step(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y, step=lambda z: 1.0)


def relu_relu_as_derivative(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y, step=lambda z: max(z, 0.0))


def relu_linear_chain(x, w1, b1, w2, b2, w3, b3, y):  # seed 000's question: the ReLUs dropped, as if all on
    r1 = w1 * x + b1
    r2 = w2 * r1 + b2
    error = w3 * r2 + b3 - y
    return error * w3 * w2 * x, error * w3 * r1, error * r2


def relu_x_as_input(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y, weight_input=lambda x, r1, r2: (x, x, x))


def relu_sign(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y, grads_scale=-1.0)


def relu_forgot_half(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y, grads_scale=2.0)


def relu_returns_arrays(x, w1, b1, w2, b2, w3, b3, y):  # (1, 1) arrays for numbers: accepted
    return tuple(np.array([[g]]) for g in chain(x, w1, b1, w2, b2, w3, b3, y))


def relu_output_end_first(x, w1, b1, w2, b2, w3, b3, y):  # numbered from the output end, as seed 000 does
    return tuple(reversed(chain(x, w1, b1, w2, b2, w3, b3, y)))


def relu_int_truncated(x, w1, b1, w2, b2, w3, b3, y):
    return tuple(int(g) for g in chain(x, w1, b1, w2, b2, w3, b3, y))


def relu_returns_two(x, w1, b1, w2, b2, w3, b3, y):
    return chain(x, w1, b1, w2, b2, w3, b3, y)[:2]


def relu_raises_inside(x, w1, b1, w2, b2, w3, b3, y):  # divides by z₂, which is 0 at the kink
    z2 = w2 * max(w1 * x + b1, 0.0) + b2
    return chain(x, w1, b1, w2, b2, w3, b3, y) if z2 != 0 else 1.0 / z2


def relu_numpy_ints(x, w1, b1, w2, b2, w3, b3, y):
    return tuple(np.floor(g) for g in chain(x, w1, b1, w2, b2, w3, b3, y))


def relu_pre_activation_for_input(x, w1, b1, w2, b2, w3, b3, y):  # dw2 from z1, not r1 = ReLU(z1): found by search
    z1 = w1 * x + b1
    z2 = w2 * max(z1, 0.0) + b2
    z3 = w3 * max(z2, 0.0) + b3
    step = lambda z: 1.0 if z > 0 else 0.0  # noqa: E731
    d3 = (max(z3, 0.0) - y) * step(z3)
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2 * step(z1)
    return d1 * x, d2 * z1, d3 * max(z2, 0.0)


# issue 12, item 1: with biases, each ReLU′ factor changes some case's answer
def relu_hidden_steps_missing(x, w1, b1, w2, b2, w3, b3, y):  # only the output's ReLU′ kept
    return chain(x, w1, b1, w2, b2, w3, b3, y, hidden_step=lambda z: 1.0)


def relu_steps_one_layer_up(x, w1, b1, w2, b2, w3, b3, y):  # ReLU′ of the unit above each delta
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    step = lambda z: 1.0 if z > 0 else 0.0  # noqa: E731
    d3 = (max(z3, 0.0) - y) * step(z3)
    d2 = d3 * w3 * step(z3)
    d1 = d2 * w2 * step(z2)
    return d1 * x, d2 * r1, d3 * r2




# ---- 2.1 dense_backward -------------------------------------------------------------------

def dense_W_not_transposed(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W @ dZ


def dense_bias_not_summed(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ, W.T @ dZ


def dense_bias_axis0(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=0, keepdims=True), W.T @ dZ


def dense_bias_flat(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=1), W.T @ dZ


def dense_dW_transposed(dZ, A_prev, W):
    return A_prev @ dZ.T, dZ.sum(axis=1, keepdims=True), W.T @ dZ


def dense_mean_over_batch(dZ, A_prev, W):
    m = dZ.shape[1]
    return dZ @ A_prev.T / m, dZ.mean(axis=1, keepdims=True), W.T @ dZ


def dense_bias_mean(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.mean(axis=1, keepdims=True), W.T @ dZ


def dense_returns_None(dZ, A_prev, W):
    dW = dZ @ A_prev.T  # forgot the return


def dense_int_db(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True).astype(int), W.T @ dZ


def dense_nan(dZ, A_prev, W):
    db = dZ.sum(axis=1, keepdims=True)
    return dZ @ A_prev.T, db / (db - db), W.T @ dZ


def dense_loop_version(dZ, A_prev, W):  # a slow but right version: accepted
    dW = np.zeros(W.shape)
    db = np.zeros((W.shape[0], 1))
    for k in range(dZ.shape[1]):
        dW += np.outer(dZ[:, k], A_prev[:, k])
        db[:, 0] += dZ[:, k]
    return dW, db, W.T @ dZ


def dense_list_db(dZ, A_prev, W):  # a list of lists of floats: accepted
    return dZ @ A_prev.T, [[float(v)] for v in dZ.sum(axis=1)], W.T @ dZ


def dense_first_example_only(dZ, A_prev, W):
    return np.outer(dZ[:, 0], A_prev[:, 0]), dZ[:, :1], W.T @ dZ


def dense_two_mistakes(dZ, A_prev, W):
    return A_prev @ dZ.T, dZ, W.T @ dZ


# ---- 3.1 recursive_delta ------------------------------------------------------------------

def deltas(step):
    def recursive_delta(W, Z, A, phi_J, sigma_prime):
        J = len(W) - 1
        phi = [None] * (J + 1)
        phi[J] = phi_J
        for j in range(J - 1, 0, -1):
            phi[j] = step(W, Z, A, phi, j, sigma_prime)
        return phi
    return recursive_delta


rd_sigma_for_sigma_prime = deltas(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * sigmoid(Z[j]))
rd_A_for_sigma_prime = deltas(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * A[j])
rd_sigma_prime_of_A = deltas(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * sp(A[j]))
rd_no_sigma_prime = deltas(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1])
rd_transposed = deltas(lambda W, Z, A, phi, j, sp: W[j + 1] @ phi[j + 1] * sp(Z[j]))
rd_index_error = deltas(lambda W, Z, A, phi, j, sp: np.sum(W[j + 1], axis=0, keepdims=True).T * phi[j + 1] * sp(Z[j]))
rd_no_weights = deltas(lambda W, Z, A, phi, j, sp: phi[j + 1] * sp(Z[j]))
rd_wrong_layer_W = deltas(lambda W, Z, A, phi, j, sp: W[j].T @ phi[j + 1] * sp(Z[j]))
rd_einsum_right = deltas(lambda W, Z, A, phi, j, sp: np.einsum("ki,km->im", W[j + 1], phi[j + 1]) * sp(Z[j]))
# a(1 − a) written out, the given sigma_prime ignored (an outsider's corpus: right on sigmoid layers only)
rd_assumes_sigmoid = deltas(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * A[j] * (1 - A[j]))
rd_wrong_layer_sp = deltas(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * sp(Z[j + 1]))
rd_A_form = deltas(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * A[j] * (1 - A[j]))  # σ′ = a(1 − a): sigmoid only
rd_wrong_sign = deltas(lambda W, Z, A, phi, j, sp: -(W[j + 1].T @ phi[j + 1]) * sp(Z[j]))


def rd_without_none(W, Z, A, phi_J, sigma_prime):
    phi = rd_einsum_right(W, Z, A, phi_J, sigma_prime)
    return phi[1:]


def rd_phi_J_missing(W, Z, A, phi_J, sigma_prime):
    phi = rd_einsum_right(W, Z, A, phi_J, sigma_prime)
    phi[-1] = None
    return phi


def rd_einsum_typo(W, Z, A, phi_J, sigma_prime):  # sums over the wrong index of W: W φ, not Wᵀ φ
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = np.dot(W[j + 1], phi[j + 1]) * sigma_prime(Z[j])
    return phi


rd_two_mistakes = deltas(lambda W, Z, A, phi, j, sp: W[j + 1] @ phi[j + 1] * A[j])  # transposed and σ for σ′
# every index one layer off: W^j and σ′(z^{j+1}) (a loop written for j+1 → j+2)
rd_both_indices_off = deltas(lambda W, Z, A, phi, j, sp: W[j].T @ phi[j + 1] * sp(Z[j + 1]))


def rd_off_by_one_loop(W, Z, A, phi_J, sigma_prime):  # stops before layer 1
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 1, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


# ---- 4.1 sigmoid_bce_delta and 4.2 softmax_ce_delta ---------------------------------------

def bce_seed_003_sign(Z, Y):
    A = sigmoid(Z)
    return (-Y / A - (1 - Y) / (1 - A)) * A * (1 - A) / Z.shape[1]


def bce_no_mean(Z, Y):
    return sigmoid(Z) - Y


def bce_sigma_prime_again(Z, Y):  # the fused delta, then σ′ once more out of habit
    A = sigmoid(Z)
    return (A - Y) * A * (1 - A) / Z.shape[1]


def bce_y_minus_a(Z, Y):
    return (Y - sigmoid(Z)) / Z.shape[1]


def bce_dA_only(Z, Y):
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) / Z.shape[1]


def bce_times_sigma(Z, Y):
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) * A / Z.shape[1]


def bce_sigma_prime_of_a(Z, Y):
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) * sigmoid_prime(A) / Z.shape[1]


def bce_np_mean(Z, Y):
    return (sigmoid(Z) - Y) / Z.size


def bce_unfused_right(Z, Y):  # the long way round: right on paper, 0/0 where a sigmoid saturates
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) * A * (1 - A) / Z.shape[1]


def bce_clipped_long_way(Z, Y):  # the long way with the sigmoid kept off 0 and 1: right, accepted
    A = np.clip(sigmoid(Z), 1e-12, 1 - 1e-12)
    return (-Y / A + (1 - Y) / (1 - A)) * A * (1 - A) / Z.shape[1]


def bce_divided_twice(Z, Y):
    return (sigmoid(Z) - Y) / Z.shape[1] ** 2


def sm_no_shift_overflow(Z, Y):
    E = np.exp(Z)
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.shape[1]


def sm_over_rows(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return (E / E.sum(axis=1, keepdims=True) - Y) / Z.shape[1]


def sm_elementwise(Z, Y):
    E = np.exp(Z - Z.max(axis=0))
    S = E / E.sum(axis=0)
    return (S - Y) * S * (1 - S) / Z.shape[1]


def sm_dA_only(Z, Y):
    E = np.exp(Z - Z.max(axis=0))
    S = E / E.sum(axis=0)
    return -Y / S / Z.shape[1]


def sm_no_mean(Z, Y):
    E = np.exp(Z - Z.max(axis=0))
    return E / E.sum(axis=0) - Y


def sm_sign(Z, Y):
    E = np.exp(Z - Z.max(axis=0))
    return (Y - E / E.sum(axis=0)) / Z.shape[1]


def sm_logsumexp_right(Z, Y):  # softmax through log-sum-exp, each column shifted by its own max: right
    top = Z.max(axis=0, keepdims=True)
    log_s = Z - top - np.log(np.exp(Z - top).sum(axis=0, keepdims=True))
    return (np.exp(log_s) - Y) / Z.shape[1]


def sm_global_max_shift(Z, Y):  # one shift for the whole batch: 0/0 in a column far below the maximum
    E = np.exp(Z - Z.max())
    with np.errstate(divide="ignore", invalid="ignore"):
        return (E / E.sum(axis=0) - Y) / Z.shape[1]


def sm_one_hot_ignored(Z, Y):  # subtracts 1 everywhere instead of y
    E = np.exp(Z - Z.max(axis=0))
    return (E / E.sum(axis=0) - 1) / Z.shape[1]


# ---- 5.1 numerical_gradient ---------------------------------------------------------------

def ng_forward(f, x, eps):
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        x_plus = x.copy()
        x_plus[i] += eps
        grad[i] = (f(x_plus) - f(x)) / eps
    return grad


def ng_backward(f, x, eps):
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        x_minus = x.copy()
        x_minus[i] -= eps
        grad[i] = (f(x) - f(x_minus)) / eps
    return grad


def ng_over_eps(f, x, eps):
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += eps
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / eps
    return grad


def ng_not_restored(f, x, eps):
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        x[i] += eps
        plus = f(x)
        x[i] -= 2 * eps
        grad[i] = (plus - f(x)) / (2 * eps)
    return grad


def ng_all_at_once(f, x, eps):
    return np.ones_like(x) * (f(x + eps) - f(x - eps)) / (2 * eps)


def ng_fixed_eps(f, x, eps):
    return ng_right(f, x, 1e-6)


def ng_right(f, x, eps):
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        e = np.zeros_like(x)
        e[i] = eps
        grad[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return grad


def ng_sign(f, x, eps):
    return -ng_right(f, x, eps)


def ng_first_axis_only(f, x, eps):  # range(len(x)) misses the other axes of a matrix
    grad = np.zeros_like(x)
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = eps
        grad[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return grad


def ng_relative_step(f, x, eps):  # a step scaled to the entry (issue 12's list: "relative ε")
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        h = eps * abs(x[i])
        up, down = x.copy(), x.copy()
        up[i] += h
        down[i] -= h
        grad[i] = (f(up) - f(down)) / (2 * h)
    return grad


def ng_aliased_copies(f, x, eps):
    # "x_plus = x" does not copy (issue 12's list of numerical-gradient slips: two names aliasing one
    # array); the gradient-checking assignments students compare us to make theta_plus with np.copy
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        x_plus = x
        x_plus[i] += eps
        x_minus = x
        x_minus[i] -= eps
        grad[i] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad


def ng_flat(f, x, eps):
    return ng_right(f, x, eps).ravel()


# ---- 6.1 fix_backward ---------------------------------------------------------------------

def fixed_except(*bugs):
    def fix_backward(W, b, X, Y):
        J, m = len(W) - 1, X.shape[1]
        Z, A = [None] * (J + 1), [X] + [None] * J
        for j in range(1, J + 1):
            Z[j] = W[j] @ A[j - 1] + b[j]
            A[j] = sigmoid(Z[j])
        if "bce_second_term_sign" in bugs:
            dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
        else:
            dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
        phi = [None] * (J + 1)
        phi[J] = dA * sigmoid_prime(Z[J])
        for j in range(J - 1, 0, -1):
            back = (W[j + 1].sum(axis=0)[:, None] * phi[j + 1] if "phi_index_error" in bugs
                    else W[j + 1].T @ phi[j + 1])
            phi[j] = back * (sigmoid(Z[j]) if "sigma_for_sigma_prime" in bugs else sigmoid_prime(Z[j]))
        dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
        db = [None] + [phi[j] if "bias_not_summed" in bugs else phi[j].sum(axis=1, keepdims=True)
                       for j in range(1, J + 1)]
        return dW, db
    return fix_backward


def right_delta(W_above, phi_above, A_j, j):  # equation (2), σ′ written from the activation
    return W_above.T @ phi_above * A_j * (1 - A_j)


def fix_forward_and_deltas(W, b, X, Y, delta=right_delta):
    """Activations A[0..J] and deltas φ^j, with the fused output delta: what a right answer computes
    (or, with another `delta(W[j+1], φ[j+1], A[j], j)`, a slip in equation (2))."""
    J, m = len(W) - 1, X.shape[1]
    A = [X]
    for j in range(1, J + 1):
        A.append(sigmoid(W[j] @ A[-1] + b[j]))
    phi = [None] * (J + 1)
    phi[J] = (A[J] - Y) / m
    for j in range(J - 1, 0, -1):
        phi[j] = delta(W[j + 1], phi[j + 1], A[j], j)
    return A, phi


def fix_gradients(A, phi):
    """dW and db from the activations and deltas: equations (3) and (4), course-indexed."""
    return ([None] + [phi[j] @ A[j - 1].T for j in range(1, len(phi))],
            [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, len(phi))])


def fix_fused(W, b, X, Y):  # a different right answer: the fused delta a − y
    return fix_gradients(*fix_forward_and_deltas(W, b, X, Y))


def fix_all_but_mean(W, b, X, Y):
    dW, db = fix_fused(W, b, X, Y)
    m = X.shape[1]
    return [None] + [g * m for g in dW[1:]], [None] + [g * m for g in db[1:]]


def fix_returns_tuple_of_arrays(W, b, X, Y):  # forgot course indexing: no None at index 0
    dW, db = fix_fused(W, b, X, Y)
    return dW[1:], db[1:]


# ---- issue 12, items 2-5: verdicts once wrong or missing -----------------------------------------

def fix_db_over_units(W, b, X, Y):  # every seed error fixed, then db summed down the units
    A, phi = fix_forward_and_deltas(W, b, X, Y)
    return ([None] + [phi[j] @ A[j - 1].T for j in range(1, len(W))],
            [None] + [phi[j].sum(axis=0, keepdims=True) for j in range(1, len(W))])


def fix_dW_without_transpose(W, b, X, Y):  # the same forgotten .T as neuron_dW_without_transpose
    A, phi = fix_forward_and_deltas(W, b, X, Y)
    return ([None] + [phi[j] @ A[j - 1] for j in range(1, len(W))],
            [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, len(W))])


def neuron_dW_without_transpose(x, W, b, y):  # numpy's matmul error in ex01 too: named, not "raised"
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi @ x, phi


def neuron_dW_np_dot_without_transpose(x, W, b, y):  # np.dot words the shape error differently
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return np.dot(phi, x), phi


def neuron_raises_something_else(x, W, b, y):  # an unrelated error is not "the forgotten transpose"
    raise KeyError("W")


def sm_diagonal_jacobian(Z, Y):  # shifted softmax, then only ∂s_i/∂z_i: NaN where s underflows to 0
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return (-Y / S) * S * (1 - S) / Z.shape[1]


def sm_diagonal_jacobian_simplified(Z, Y):  # the same, simplified by hand: no NaN, still wrong
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return -Y * (1 - S) / Z.shape[1]


def dense_dA_prev_in_place(dZ, A_prev, W):  # right values, but A_prev is overwritten with dA_prev
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    np.matmul(W.T, dZ, out=A_prev)
    return dW, db, A_prev


def dense_dW_unusual_factor(dZ, A_prev, W):  # proportional, but by no usual factor
    return 4.009 * dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W.T @ dZ


def dense_dW_all_zero(dZ, A_prev, W):  # the gradient never filled in
    return np.zeros_like(W), dZ.sum(axis=1, keepdims=True), W.T @ dZ


def grad_restored_by_arithmetic(f, x, eps):  # x[i] += ε, −= 2ε, += ε: right, x back to the last bit or so
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        x[i] += eps
        plus = f(x)
        x[i] -= 2 * eps
        minus = f(x)
        x[i] += eps
        grad[i] = (plus - minus) / (2 * eps)
    return grad


# ---- found by search: no catalogue entry, one or two changes to the reference's program ----------

def neuron_no_bias_in_z(x, W, b, y):
    a = sigmoid(W @ x)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


def neuron_y_minus_a_no_sigma_prime(x, W, b, y):  # two slips at once
    a = sigmoid(W @ x + b)
    return (y - a) @ x.T, y - a


def sm_sigmoid_for_softmax(Z, Y):
    return (sigmoid(Z) - Y) / Z.shape[1]


def bce_divided_by_units(Z, Y):
    return (sigmoid(Z) - Y) / Z.shape[0]


def dense_dW_from_dZ_itself(dZ, A_prev, W):  # the wrong operand: dZ where A_prev is meant
    return dZ @ dZ.T, dZ.sum(axis=1, keepdims=True), W.T @ dZ


# ---- real mistakes, from public Q&A threads (the idea only; no code copied) ------------------------

def neuron_sigma_prime_as_z_one_minus_z(x, W, b, y):
    # the derivative's formula applied to z instead of the activation: a forum thread on the Deep
    # Learning Specialization's backward propagation, where 1 − Z1² was written for 1 − A1²
    # (community.deeplearning.ai/t/wrong-values-for-dw1/85937)
    z = W @ x + b
    phi = (sigmoid(z) - y) * z * (1 - z)
    return phi @ x.T, phi


def neuron_times_z_instead_of_derivative(x, W, b, y):
    # "you don't need to multiply by Z1": multiplying by z where σ′(z) is meant (same thread)
    z = W @ x + b
    phi = (sigmoid(z) - y) * z
    return phi @ x.T, phi


def dense_dW_elementwise(dZ, A_prev, W):
    # elementwise * where the matrix product is meant, and no transpose: a gradient of the wrong
    # shape (community.deeplearning.ai/t/course-1-week-2-exercise-5-propagate/119220)
    return dZ * A_prev, dZ.sum(axis=1, keepdims=True), W.T @ dZ


def dense_extra_one_over_m(dZ, A_prev, W):
    # the 1/m applied again in dW and db after dZ already carries it
    # (community.deeplearning.ai/t/course-1-week-3-planar-assignment-4-5-exercise-6-backward-propagation-error-for-dw1-values/63071)
    m = dZ.shape[1]
    return dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m, W.T @ dZ


# ---- partial changes, other activations, reductions: found by the search's newer rewrites ---------

def neuron_dW_without_sigma_prime_only(x, W, b, y):  # db keeps σ′, dW loses it: one use of φ changed
    a = sigmoid(W @ x + b)
    return (a - y) @ x.T, (a - y) * a * (1 - a)


def neuron_dW_over_inputs(x, W, b, y):  # averaged over the n inputs
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T / x.shape[0], phi


def neuron_tanh_derivative(x, W, b, y):  # tanh's derivative written for the sigmoid
    a = sigmoid(W @ x + b)
    phi = (a - y) * (1 - a ** 2)
    return phi @ x.T, phi


def dense_loop_assigns(dZ, A_prev, W):  # = where += is meant: only the last example is left
    dW, db = np.zeros_like(W), np.zeros((dZ.shape[0], 1))
    for k in range(dZ.shape[1]):
        dW = np.outer(dZ[:, k], A_prev[:, k])
        db = dZ[:, k:k + 1]
    return dW, db, W.T @ dZ


def dense_db_one_number(dZ, A_prev, W):
    return dZ @ A_prev.T, np.sum(dZ), W.T @ dZ


def rd_no_sigma_prime_top_hidden(W, Z, A, phi_J, sigma_prime):  # σ′ left out at layer J − 1 only
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * (1.0 if j == J - 1 else sigma_prime(Z[j]))
    return phi


def rd_appended_downwards(W, Z, A, phi_J, sigma_prime):  # appended while going down: layers reversed
    J = len(W) - 1
    deltas, current = [phi_J], phi_J
    for j in range(J - 1, 0, -1):
        current = W[j + 1].T @ current * sigma_prime(Z[j])
        deltas.append(current)
    return [None] + deltas


def bce_tanh_output(Z, Y):
    return (np.tanh(Z) - Y) / Z.shape[1]


def bce_mean_over_examples(Z, Y):
    return np.mean(sigmoid(Z) - Y, axis=1, keepdims=True)


def sm_log_probabilities(Z, Y):
    S = np.exp(Z - Z.max(axis=0, keepdims=True))
    return (np.log(S / S.sum(axis=0, keepdims=True)) - Y) / Z.shape[1]


def sm_shift_by_row_max(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.shape[1]


def ng_step_never_reset(f, x, eps):
    grad, step = np.zeros_like(x), np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        step[i] = eps  # the earlier entries of step are still eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return grad


def ng_plus_for_minus(f, x, eps):  # the two evaluations added, not subtracted
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) + f(down)) / (2 * eps)
    return grad


def fix_output_delta_from_z(W, b, X, Y):  # ∇_a L written with Z[J] where A[J] is meant
    J, m = len(W) - 1, X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    phi = [None] * (J + 1)
    phi[J] = (-Y / Z[J] + (1 - Y) / (1 - Z[J])) / m * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    return fix_gradients(A, phi)


def fix_sign_left_and_db_mean(W, b, X, Y):  # two slips: seed 003's sign kept, and db a mean
    dW, db = fixed_except("bce_second_term_sign")(W, b, X, Y)
    return dW, [None] + [d / X.shape[1] for d in db[1:]]


def fix_no_transpose_in_recursion(W, b, X, Y):  # a shape error, except on the case with square weights
    return fix_gradients(*fix_forward_and_deltas(
        W, b, X, Y, delta=lambda W_above, phi_above, A_j, j: np.dot(W_above, phi_above) * A_j * (1 - A_j)))


def fix_sigma_prime_missing_in_layer_1(W, b, X, Y):
    return fix_gradients(*fix_forward_and_deltas(
        W, b, X, Y, delta=lambda W_above, phi_above, A_j, j: W_above.T @ phi_above * (A_j * (1 - A_j) if j > 1 else 1.0)))


def ng_scaled_oddly(f, x, eps):  # nothing a student writes: what no change explains
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps) * 1.3
    return grad


def fix_output_delta_scaled_oddly(W, b, X, Y):  # the slowest check: every change and pair is tried
    dW, db = fixed_except()(W, b, X, Y)
    J = len(W) - 1
    return dW[:J] + [dW[J] * 1.7], db[:J] + [db[J] * 1.7]


# ---- 7.1-7.3 the backward rules of graph nodes ---------------------------------------------------

def mul_right(a, b, upstream):
    return b * upstream, a * upstream


def mul_no_upstream(a, b, upstream):
    return b, a


def mul_own_values(a, b, upstream):
    return a * upstream, b * upstream


def mul_sign(a, b, upstream):
    return -b * upstream, -a * upstream


def mul_copied_line(a, b, upstream):  # grad_b's line copied from grad_a's and not changed
    return b * upstream, b * upstream


def mul_divides(a, b, upstream):  # the quotient rule's habit: upstream / the other factor
    return upstream / b, upstream / a


def mul_returns_one(a, b, upstream):
    return b * upstream


def relu_node_right(u, upstream):
    return upstream if u > 0 else 0.0


def relu_node_at_zero_one(u, upstream):
    return upstream if u >= 0 else 0.0


def relu_node_no_upstream(u, upstream):
    return 1.0 if u > 0 else 0.0


def relu_node_value(u, upstream):  # ReLU(u) where ReLU′(u) is meant
    return max(u, 0.0) * upstream


def relu_node_sign(u, upstream):
    return -upstream if u > 0 else 0.0


def relu_node_both_ways(u, upstream):  # returns the input's gradient twice, as if a node had two inputs
    return (upstream if u > 0 else 0.0), upstream


def sigmoid_node_right(u, upstream):
    s = 1.0 / (1.0 + np.exp(-u))
    return upstream * s * (1 - s)


def sigmoid_node_no_upstream(u, upstream):
    s = 1.0 / (1.0 + np.exp(-u))
    return s * (1 - s)


def sigmoid_node_value(u, upstream):
    return upstream / (1.0 + np.exp(-u))


def sigmoid_node_formula_on_u(u, upstream):
    return upstream * u * (1 - u)


def sigmoid_node_tanh_derivative(u, upstream):
    return upstream * (1 - np.tanh(u) ** 2)


def sigmoid_node_prime_of_s(u, upstream):
    s = 1.0 / (1.0 + np.exp(-u))
    t = 1.0 / (1.0 + np.exp(-s))
    return upstream * t * (1 - t)


# ---- 8.1-8.3 by hand: the 2-2-2 network's numbers ---------------------------------------------------

def hand_phi1_right(): return np.array([[0.0], [0.5]])
def hand_phi1_without_relu_prime(): return np.array([[1.0], [0.5]])
def hand_phi1_W_not_transposed(): return np.array([[0.0], [-1.0]])
def hand_phi1_flat(): return np.array([0.0, 0.5])
def hand_phi1_row(): return np.array([[0.0, 0.5]])
def hand_phi1_sign(): return np.array([[0.0], [-0.5]])
def hand_phi1_forgot_return(): np.array([[0.0], [0.5]])
def hand_dW1_right(): return np.array([[0.0, 0.0], [0.5, 1.0]])
def hand_dW1_without_relu_prime(): return np.array([[1.0, 2.0], [0.5, 1.0]])
def hand_dW1_W_not_transposed(): return np.array([[0.0, 0.0], [-1.0, -2.0]])
def hand_dW1_x_phi1(): return np.array([[0.0, 0.5], [0.0, 1.0]])
def hand_dW1_sign(): return np.array([[0.0, 0.0], [-0.5, -1.0]])
def hand_dW1_arithmetic_slip(): return np.array([[0.0, 0.0], [0.5, 2.0]])
def hand_W2_right(): return np.array([[1.0, 1.925], [-1.0, 1.075]])
def hand_W2_uphill(): return np.array([[1.0, 2.075], [-1.0, 0.925]])
def hand_W2_no_lr(): return np.array([[1.0, 1.25], [-1.0, 1.75]])
def hand_W2_unchanged(): return np.array([[1.0, 2.0], [-1.0, 1.0]])
def hand_W2_transposed(): return np.array([[1.0, -1.0], [1.925, 1.075]])
def hand_W2_rounded_wrong(): return np.array([[1.0, 1.9], [-1.0, 1.1]])


# ---- 9.1-9.2 the gain of a layer ---------------------------------------------------------------

SLOPE2 = {"relu": 0.5, "tanh": 1.0, "sigmoid": 1.0 / 16, "identity": 1.0}
def gain_std_right(activation, n): return float(np.sqrt(1.0 / (n * SLOPE2[activation])))
def gain_std_he_always(activation, n): return float(np.sqrt(2.0 / n))
def gain_std_xavier_always(activation, n): return float(np.sqrt(1.0 / n))
def gain_std_variance(activation, n): return 1.0 / (n * SLOPE2[activation])
def gain_std_sigmoid_quarter(activation, n): return float(np.sqrt(1.0 / (n * (0.25 if activation == "sigmoid" else SLOPE2[activation]))))
def gain_std_times_two(activation, n): return 2 * float(np.sqrt(1.0 / (n * SLOPE2[activation])))
def gain_std_relu_full(activation, n): return float(np.sqrt(1.0 / (n * (1.0 if activation == "relu" else SLOPE2[activation]))))
def depth_right(gain, layers): return gain ** (layers - 1)
def depth_all_layers(gain, layers): return gain ** layers
def depth_upside_down(gain, layers): return gain ** (1 - layers)
def depth_added(gain, layers): return gain * (layers - 1)
def depth_two_short(gain, layers): return gain ** (layers - 2)
def depth_negative(gain, layers): return -gain ** (layers - 1)


# ---- 10.1-10.2 shapes: the row layout ------------------------------------------------------------

def rows_fwd_right(X, W, b): return X @ W.T + b.T
def rows_fwd_column_order(X, W, b): return W @ X.T + b
def rows_fwd_no_bias(X, W, b): return X @ W.T
def rows_fwd_W_untransposed(X, W, b): return X @ W + b.T
def rows_fwd_b_untransposed(X, W, b): return X @ W.T + b
def rows_fwd_einsum(X, W, b): return np.einsum("mi,oi->mo", X, W) + b.ravel()
def rows_fwd_mean(X, W, b): return (X @ W.T + b.T) / X.shape[0]
def rows_fwd_sign(X, W, b): return -(X @ W.T + b.T)
def rows_fwd_returns_pair(X, W, b): return X @ W.T + b.T, X
def rows_dW_right(dZ, X): return dZ.T @ X
def rows_dW_transposed(dZ, X): return X.T @ dZ
def rows_dW_over_m(dZ, X): return dZ.T @ X / X.shape[0]
def rows_dW_column_formula(dZ, X): return dZ @ X.T
def rows_dW_product_of_sums(dZ, X): return np.sum(dZ, 0)[:, None] @ np.sum(X, 0)[None, :]
def rows_dW_sign(dZ, X): return -(dZ.T @ X)


# ---- 11.1-11.2 debugging habits -----------------------------------------------------------------

def first_loss_right(classes): return float(np.log(classes))
def first_loss_probability(classes): return 1.0 / classes
def first_loss_no_log(classes): return float(classes)
def first_loss_sign(classes): return -float(np.log(classes))
def first_loss_log10(classes): return float(np.log10(classes))
def first_loss_log2(classes): return float(np.log2(classes))
def l2_right(dW, W, lam): return dW + lam * W
def l2_in_place(dW, W, lam):  # right numbers, but dW is changed in place
    dW += lam * W
    return dW
def l2_left_out(dW, W, lam): return dW.copy()
def l2_doubled(dW, W, lam): return dW + 2 * lam * W
def l2_sign(dW, W, lam): return dW - lam * W
def l2_without_lambda(dW, W, lam): return dW + W
def l2_squared_weights(dW, W, lam): return dW + lam * W ** 2



# ---- 11.3-11.4 the step of a gradient check --------------------------------------------------

def bound_right(eps, dtype): return np.e * eps ** 2 / 6 + np.finfo(dtype).eps * np.e / eps
def bound_math(eps, dtype):
    import math
    return math.e * eps * eps / 6 + float(np.finfo(dtype).eps) * math.e / eps
def bound_no_truncation(eps, dtype): return np.finfo(dtype).eps * np.e / eps
def bound_no_roundoff(eps, dtype): return np.e * eps ** 2 / 6
def bound_one_sided(eps, dtype): return np.e * eps / 2 + np.finfo(dtype).eps * np.e / eps
def bound_over_3(eps, dtype): return np.e * eps ** 2 / 3 + np.finfo(dtype).eps * np.e / eps
def bound_roundoff_times_eps(eps, dtype): return np.e * eps ** 2 / 6 + np.finfo(dtype).eps * np.e * eps
def bound_roundoff_undivided(eps, dtype): return np.e * eps ** 2 / 6 + np.finfo(dtype).eps * np.e
def bound_float64_always(eps, dtype): return np.e * eps ** 2 / 6 + np.finfo(float).eps * np.e / eps
def bound_tiny_of_dtype(eps, dtype): return np.e * eps ** 2 / 6 + np.finfo(dtype).tiny * np.e / eps
def bound_roundoff_doubled(eps, dtype): return np.e * eps ** 2 / 6 + 2 * np.finfo(dtype).eps * np.e / eps
def bound_roundoff_absolute(eps, dtype): return np.e * eps ** 2 / 6 + np.finfo(dtype).eps / eps
def bound_max(eps, dtype): return max(np.e * eps ** 2 / 6, np.finfo(dtype).eps * np.e / eps)


def beststep_right(dtype): return float(np.cbrt(3 * np.finfo(dtype).eps))
def beststep_power(dtype): return (3 * np.finfo(dtype).eps) ** (1 / 3)
def beststep_sqrt(dtype): return np.sqrt(np.finfo(dtype).eps)
def beststep_no_3(dtype): return np.cbrt(np.finfo(dtype).eps)
def beststep_u(dtype): return np.finfo(dtype).eps
def beststep_float64(dtype): return np.cbrt(3 * np.finfo(np.float64).eps)
def beststep_sqrt_3u(dtype): return np.sqrt(3 * np.finfo(dtype).eps)
def beststep_6u(dtype): return np.cbrt(6 * np.finfo(dtype).eps)
def beststep_half_3u(dtype): return np.cbrt(1.5 * np.finfo(dtype).eps)
def beststep_grid(dtype):  # the best power of ten on a grid: close, but not the minimum
    steps = 10.0 ** -np.arange(1, 13)
    return float(steps[np.argmin(np.e * steps ** 2 / 6 + np.finfo(dtype).eps * np.e / steps)])


# ---- 12.1-12.7 your own network: ReLU layers, a softmax output, trained on the digits -----------

def own_fwd_right(W, b, A_prev): return W @ A_prev + b
def own_fwd_np_dot(W, b, A_prev): return np.dot(W, A_prev) + b
def own_fwd_transposed(W, b, A_prev): return W.T @ A_prev + b
def own_fwd_no_bias(W, b, A_prev): return W @ A_prev
def own_fwd_bias_subtracted(W, b, A_prev): return W @ A_prev - b
def own_fwd_bias_row(W, b, A_prev): return W @ A_prev + b.T
def own_fwd_elementwise(W, b, A_prev): return W * A_prev + b
def own_fwd_mean(W, b, A_prev): return (W @ A_prev + b) / A_prev.shape[1]
def own_fwd_sign(W, b, A_prev): return -(W @ A_prev + b)
def own_fwd_flat(W, b, A_prev): return (W @ A_prev + b).ravel()


def own_relu_right(Z): return np.maximum(Z, 0)
def own_relu_mask(Z): return Z * (Z > 0)
def own_relu_where(Z): return np.where(Z > 0, Z, 0.0)
def own_relu_builtin_max(Z): return max(Z, 0)
def own_relu_column_max(Z): return np.max(Z, 0)
def own_relu_step(Z): return (Z > 0).astype(float)
def own_relu_abs(Z): return np.abs(Z)
def own_relu_min(Z): return np.minimum(Z, 0)
def own_relu_in_place(Z):  # right numbers, but the caller's Z is changed
    Z[Z < 0] = 0
    return Z
def own_relu_bool(Z): return Z > 0


def _own_softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def own_loss_right(Z, Y): return -np.sum(Y * np.log(_own_softmax(Z))) / Z.shape[1]
def own_loss_logsumexp(Z, Y):
    shifted = Z - Z.max(axis=0)
    return float(np.mean(np.log(np.exp(shifted).sum(axis=0)) - (Y * shifted).sum(axis=0)))
def own_loss_unshifted(Z, Y):
    S = np.exp(Z) / np.exp(Z).sum(axis=0)
    return -np.sum(Y * np.log(S)) / Z.shape[1]
def own_loss_summed(Z, Y): return -np.sum(Y * np.log(_own_softmax(Z)))
def own_loss_every_entry(Z, Y): return -np.mean(Y * np.log(_own_softmax(Z)))
def own_loss_sign(Z, Y): return np.sum(Y * np.log(_own_softmax(Z))) / Z.shape[1]
def own_loss_log10(Z, Y): return -np.sum(Y * np.log10(_own_softmax(Z))) / Z.shape[1]
def own_loss_no_targets(Z, Y): return -np.sum(np.log(_own_softmax(Z))) / Z.shape[1]
def own_loss_no_log(Z, Y): return -np.sum(Y * _own_softmax(Z)) / Z.shape[1]
def own_loss_binary(Z, Y):
    S = _own_softmax(Z)
    return -np.sum(Y * np.log(S) + (1 - Y) * np.log(1 - S)) / Z.shape[1]
def own_loss_rows(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return -np.sum(Y * np.log(E / E.sum(axis=1, keepdims=True))) / Z.shape[1]
def own_loss_kept_dims(Z, Y): return -np.sum(Y * np.log(_own_softmax(Z)), keepdims=True) / Z.shape[1]  # a (1, 1) number
def own_loss_per_example(Z, Y): return -np.sum(Y * np.log(_own_softmax(Z)), axis=0) / Z.shape[1]


def own_network_forward(W, b, X, relu_output=False):
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = np.maximum(Z[j], 0) if j < J or relu_output else Z[j]
    return Z, A


def own_fb(delta_top=lambda S, Y, m: (S - Y) / m, back=lambda W, phi, Z: W.T @ phi * (Z > 0),
           dW_of=lambda phi, A_prev: phi @ A_prev.T, db_of=lambda phi: phi.sum(axis=1, keepdims=True),
           loss_of=lambda S, Y, m: -np.sum(Y * np.log(S)) / m, relu_output=False):
    def forward_backward(W, b, X, Y):
        J, m = len(W) - 1, X.shape[1]
        Z, A = own_network_forward(W, b, X, relu_output)
        S = _own_softmax(A[J])
        phi = [None] * (J + 1)
        phi[J] = delta_top(S, Y, m)
        for j in range(J - 1, 0, -1):
            phi[j] = back(W[j + 1], phi[j + 1], Z[j])
        dW = [None] + [dW_of(phi[j], A[j - 1]) for j in range(1, J + 1)]
        db = [None] + [db_of(phi[j]) for j in range(1, J + 1)]
        return loss_of(S, Y, m), dW, db
    return forward_backward


own_fb_right = own_fb()
own_fb_relu_prime_at_zero_one = own_fb(back=lambda W, phi, Z: W.T @ phi * (Z >= 0))
own_fb_no_relu_prime = own_fb(back=lambda W, phi, Z: W.T @ phi)
own_fb_no_transpose = own_fb(back=lambda W, phi, Z: W @ phi * (Z > 0))
own_fb_no_mean = own_fb(delta_top=lambda S, Y, m: S - Y, loss_of=lambda S, Y, m: -np.sum(Y * np.log(S)))
own_fb_db_not_summed = own_fb(db_of=lambda phi: phi)
own_fb_db_over_units = own_fb(db_of=lambda phi: phi.sum(axis=0, keepdims=True))
own_fb_elementwise_softmax = own_fb(delta_top=lambda S, Y, m: (S - Y) / m * S * (1 - S))
own_fb_relu_on_output = own_fb(relu_output=True)
own_fb_delta_sign = own_fb(delta_top=lambda S, Y, m: (Y - S) / m)
own_fb_relu_of_phi = own_fb(back=lambda W, phi, Z: np.maximum(W.T @ phi, 0))
own_fb_loss_summed_only = own_fb(loss_of=lambda S, Y, m: -np.sum(Y * np.log(S)))
def own_fb_returns_lists_only(W, b, X, Y): return own_fb_right(W, b, X, Y)[1:]
def own_fb_loss_kept_dims(W, b, X, Y):
    loss, dW, db = own_fb_right(W, b, X, Y)
    return np.array([[loss]]), dW, db
def own_fb_loss_last(W, b, X, Y):
    loss, dW, db = own_fb_right(W, b, X, Y)
    return dW, db, loss


def own_ng_with(difference):
    def numerical_gradients(W, b, X, Y, eps):
        out = []
        for params in (W, b):
            grads = [None]
            for j in range(1, len(W)):
                G = np.zeros_like(params[j])
                for i in np.ndindex(*params[j].shape):
                    def loss(value, i=i, j=j, params=params):
                        kept = params[j][i]
                        params[j][i] = value
                        L = own_fb_right(W, b, X, Y)[0]
                        params[j][i] = kept
                        return L
                    G[i] = difference(loss, params[j][i], eps)
                grads.append(G)
            out.append(grads)
        return tuple(out)
    return numerical_gradients


own_ng_right = own_ng_with(lambda L, x, e: (L(x + e) - L(x - e)) / (2 * e))
own_ng_forward = own_ng_with(lambda L, x, e: (L(x + e) - L(x)) / e)
own_ng_backward = own_ng_with(lambda L, x, e: (L(x) - L(x - e)) / e)
own_ng_over_eps = own_ng_with(lambda L, x, e: (L(x + e) - L(x - e)) / e)
own_ng_precedence = own_ng_with(lambda L, x, e: (L(x + e) - L(x - e)) / 2 * e)
own_ng_second_at_x = own_ng_with(lambda L, x, e: (L(x + e) - L(x)) / (2 * e))
own_ng_plus = own_ng_with(lambda L, x, e: (L(x + e) + L(x - e)) / (2 * e))
def own_ng_weights_on_copies(W, b, X, Y, eps):  # W's entries moved in copies that the loss never sees
    dW = [None]
    for j in range(1, len(W)):
        G = np.zeros_like(W[j])
        for i in np.ndindex(*W[j].shape):
            W_plus, W_minus = W[j].copy(), W[j].copy()
            W_plus[i] += eps
            W_minus[i] -= eps
            G[i] = (own_fb_right(W, b, X, Y)[0] - own_fb_right(W, b, X, Y)[0]) / (2 * eps)
        dW.append(G)
    return dW, own_ng_right(W, b, X, Y, eps)[1]
def own_ng_never_put_back(W, b, X, Y, eps):  # +ε, −2ε, and the entry stays at θ − ε
    out = []
    for params in (W, b):
        grads = [None]
        for j in range(1, len(W)):
            G = np.zeros_like(params[j])
            for i in np.ndindex(*params[j].shape):
                params[j][i] += eps
                plus = own_fb_right(W, b, X, Y)[0]
                params[j][i] -= 2 * eps
                G[i] = (plus - own_fb_right(W, b, X, Y)[0]) / (2 * eps)
            grads.append(G)
        out.append(grads)
    return tuple(out)
def own_ng_analytic(W, b, X, Y, eps): return tuple(own_fb_right(W, b, X, Y)[1:])
def own_ng_whole_array(W, b, X, Y, eps):
    out = []
    for params in (W, b):
        grads = [None]
        for j in range(1, len(W)):
            kept = params[j].copy()
            params[j] = kept + eps
            plus = own_fb_right(W, b, X, Y)[0]
            params[j] = kept - eps
            minus = own_fb_right(W, b, X, Y)[0]
            params[j] = kept
            grads.append(np.full_like(kept, (plus - minus) / (2 * eps)))
        out.append(grads)
    return tuple(out)


def own_step_with(step_W, step_b):
    def sgd_step(W, b, dW, db, lr):
        return ([None] + [step_W(W[j], dW[j], db[j], lr) for j in range(1, len(W))],
                [None] + [step_b(b[j], db[j], lr) for j in range(1, len(b))])
    return sgd_step


own_step_right = own_step_with(lambda W, dW, db, lr: W - lr * dW, lambda b, db, lr: b - lr * db)
own_step_plus = own_step_with(lambda W, dW, db, lr: W + lr * dW, lambda b, db, lr: b + lr * db)
own_step_no_lr = own_step_with(lambda W, dW, db, lr: W - dW, lambda b, db, lr: b - db)
own_step_over_lr = own_step_with(lambda W, dW, db, lr: W - dW / lr, lambda b, db, lr: b - db / lr)
own_step_no_bias = own_step_with(lambda W, dW, db, lr: W - lr * dW, lambda b, db, lr: b)
own_step_weights_kept = own_step_with(lambda W, dW, db, lr: W, lambda b, db, lr: b - lr * db)
own_step_db_for_W = own_step_with(lambda W, dW, db, lr: W - lr * db, lambda b, db, lr: b - lr * db)
own_step_halved = own_step_with(lambda W, dW, db, lr: W - lr * dW / 2, lambda b, db, lr: b - lr * db / 2)
def own_step_in_place(W, b, dW, db, lr):  # right numbers, but the caller's arrays change
    for j in range(1, len(W)):
        W[j] -= lr * dW[j]
        b[j] -= lr * db[j]
    return W, b
def own_step_stops_early(W, b, dW, db, lr):
    W, b = list(W), list(b)
    for j in range(1, len(W) - 1):
        W[j], b[j] = W[j] - lr * dW[j], b[j] - lr * db[j]
    return W, b
def own_step_returns_nothing(W, b, dW, db, lr):
    W = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]


forward_backward = own_fb_right  # what a student's train calls by name (the check watches those calls)


def own_train_with(init=lambda rng, n_out, n_in: rng.standard_normal((n_out, n_in)) * np.sqrt(2 / n_in),
                   step=lambda p, g, lr: p - lr * g, shuffle=True, batches=lambda m, size: range(0, m, size),
                   rng_of=np.random.default_rng, extra_epochs=0, once=False):
    def train(X, Y, sizes, epochs, lr, batch_size, seed):
        rng = rng_of(seed)
        W = [None] + [init(rng, sizes[j], sizes[j - 1]) for j in range(1, len(sizes))]
        b = [None] + [np.zeros((sizes[j], 1)) for j in range(1, len(sizes))]
        order = rng.permutation(X.shape[1])
        for _ in range(epochs + extra_epochs):
            if not once:
                order = rng.permutation(X.shape[1]) if shuffle else np.arange(X.shape[1])
            for start in batches(X.shape[1], batch_size):
                batch = order[start:start + batch_size]
                _, dW, db = forward_backward(W, b, X[:, batch], Y[:, batch])
                W = [None] + [step(W[j], dW[j], lr) for j in range(1, len(W))]
                b = [None] + [step(b[j], db[j], lr) for j in range(1, len(b))]
        return W, b
    return train


own_train_right = own_train_with()
own_train_epochs_plus_one = own_train_with(extra_epochs=1)
own_train_shuffled_once = own_train_with(once=True)
own_train_last_batch_skipped = own_train_with(batches=lambda m, size: range(0, (m // size) * size, size))
own_train_small_init = own_train_with(init=lambda rng, n_out, n_in: rng.standard_normal((n_out, n_in)) * 0.01)
own_train_fan_out = own_train_with(init=lambda rng, n_out, n_in: rng.standard_normal((n_out, n_in)) * np.sqrt(2 / n_out))
own_train_uniform_positive = own_train_with(init=lambda rng, n_out, n_in: rng.random((n_out, n_in)) * np.sqrt(2 / n_in))
own_train_he_uniform = own_train_with(init=lambda rng, n_out, n_in: rng.uniform(-1, 1, (n_out, n_in)) * np.sqrt(6 / n_in))
def own_train_whole_batch(X, Y, sizes, epochs, lr, batch_size, seed):  # every example in one batch
    return own_train_right(X, Y, sizes, epochs, lr, X.shape[1], seed)
own_train_last_layer_frozen = own_train_with(step=lambda p, g, lr: p if p.shape[0] == 10 else p - lr * g)


def own_train_global_rng(X, Y, sizes, epochs, lr, batch_size, seed):
    np.random.seed(seed)
    W = [None] + [np.random.randn(sizes[j], sizes[j - 1]) * np.sqrt(2 / sizes[j - 1]) for j in range(1, len(sizes))]
    b = [None] + [np.zeros((sizes[j], 1)) for j in range(1, len(sizes))]
    for _ in range(epochs):
        order = np.random.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch_size):
            batch = order[start:start + batch_size]
            _, dW, db = forward_backward(W, b, X[:, batch], Y[:, batch])
            W = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
            b = [None] + [b[j] - lr * db[j] for j in range(1, len(b))]
    return W, b


def own_train_global_shuffle(X, Y, sizes, epochs, lr, batch_size, seed):  # seeded weights, global shuffling
    rng = np.random.default_rng(seed)
    W = [None] + [rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1]) for j in range(1, len(sizes))]
    b = [None] + [np.zeros((sizes[j], 1)) for j in range(1, len(sizes))]
    for _ in range(epochs):
        order = np.random.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch_size):
            batch = order[start:start + batch_size]
            W, b = own_step_right(W, b, *forward_backward(W, b, X[:, batch], Y[:, batch])[1:], lr)
    return W, b


def own_train_loss_printed(X, Y, sizes, epochs, lr, batch_size, seed):  # right: a loss on all of X is not a batch
    rng = np.random.default_rng(seed)
    W = [None] + [rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1]) for j in range(1, len(sizes))]
    b = [None] + [np.zeros((sizes[j], 1)) for j in range(1, len(sizes))]
    losses = []
    for _ in range(epochs):
        order = rng.permutation(X.shape[1])
        for start in range(0, X.shape[1], batch_size):
            batch = order[start:start + batch_size]
            _, dW, db = forward_backward(W, b, X[:, batch], Y[:, batch])
            W = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
            b = [None] + [b[j] - lr * db[j] for j in range(1, len(b))]
        losses.append(forward_backward(W, b, X, Y)[0])
    return W, b
own_train_not_shuffled = own_train_with(shuffle=False)
own_train_xavier = own_train_with(init=lambda rng, n_out, n_in: rng.standard_normal((n_out, n_in)) / np.sqrt(n_in))
own_train_zeros = own_train_with(init=lambda rng, n_out, n_in: np.zeros((n_out, n_in)))
own_train_unseeded = own_train_with(rng_of=lambda seed: np.random.default_rng())
own_train_uphill = own_train_with(step=lambda p, g, lr: p + lr * g)
own_train_no_step = own_train_with(step=lambda p, g, lr: p)


def own_fb_unshifted(W, b, X, Y):  # the softmax without its shift: fine for small logits only
    J, m = len(W) - 1, X.shape[1]
    Z, A = own_network_forward(W, b, X)
    S = np.exp(A[J]) / np.exp(A[J]).sum(axis=0, keepdims=True)
    phi = [None] * (J + 1)
    phi[J] = (S - Y) / m
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * (Z[j] > 0)
    return (-np.sum(Y * np.log(S)) / m, [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)],
            [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)])


def own_train_huge_step_unshifted(X, Y, sizes, epochs, lr, batch_size, seed):  # lr ignored: 100 is far too large
    rng = np.random.default_rng(seed)
    lr = 100.0
    W = [None] + [rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1]) for j in range(1, len(sizes))]
    b = [None] + [np.zeros((sizes[j], 1)) for j in range(1, len(sizes))]
    for _ in range(epochs):
        for start in range(0, X.shape[1], batch_size):
            _, dW, db = own_fb_unshifted(W, b, X[:, start:start + batch_size], Y[:, start:start + batch_size])
            W = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
            b = [None] + [b[j] - lr * db[j] for j in range(1, len(b))]
    return W, b
own_train_first_batch_only = own_train_with(batches=lambda m, size: range(0, size, size))
own_train_biases_only = own_train_with(step=lambda p, g, lr: p - lr * g if p.shape[1] == 1 else p)
def own_train_returns_weights_only(X, Y, sizes, epochs, lr, batch_size, seed):
    return own_train_right(X, Y, sizes, epochs, lr, batch_size, seed)[0]
def own_train_raises(X, Y, sizes, epochs, lr, batch_size, seed):
    W = [None] + [np.zeros((sizes[j], sizes[j - 1])) for j in range(1, len(sizes))]
    return W @ X


CORPUS = {
    "neuron_gradient": [
        (neuron_missing_sigma_prime, "missing_sigma_prime"),
        (neuron_sigma_for_sigma_prime, "sigma_for_sigma_prime"),
        (neuron_sigma_prime_of_a, "sigma_prime_of_activation"),
        (neuron_wrong_sign, "wrong_sign"),
        (neuron_forgot_half, "factor_2"),
        (neuron_dW_transposed, "shape_transposed"),
        (neuron_flat_dW, "shape_flat"),
        (neuron_dW_without_x, "no_known_mistake"),
        (neuron_returns_lists, None),
        (neuron_dW_without_transpose, "input_not_transposed"),
        (neuron_dW_np_dot_without_transpose, "input_not_transposed"),
        (neuron_raises_something_else, "raised"),
        (neuron_no_bias_in_z, "found_by_search"),
        (neuron_sigma_prime_as_z_one_minus_z, "sigma_prime_formula_on_z"),
        (neuron_times_z_instead_of_derivative, "found_by_search"),
        (neuron_y_minus_a_no_sigma_prime, "missing_sigma_prime+wrong_sign"),
        (neuron_dW_without_sigma_prime_only, "found_by_search"),
        (neuron_dW_over_inputs, "factor_1_over_n"),
        (neuron_tanh_derivative, "found_by_search"),
    ],
    "relu_chain": [
        (relu_step_at_zero_one, "relu0_one"),
        (relu_step_at_zero_half, "relu0_half"),
        (relu_numpy_heaviside, None),
        (relu_no_step, "missing_sigma_prime"),
        (relu_relu_as_derivative, "sigma_for_sigma_prime"),
        (relu_linear_chain, "chain_treated_as_linear"),
        (relu_x_as_input, "input_not_previous_activation"),
        (relu_sign, "wrong_sign"),
        (relu_output_end_first, "reversed_order"),
        (relu_forgot_half, "factor_2"),
        (relu_returns_arrays, None),
        (relu_int_truncated, "integer_dtype"),
        (relu_numpy_ints, "no_known_mistake"),
        (relu_returns_two, "bad_return"),
        (relu_raises_inside, "raised"),
        (relu_hidden_steps_missing, "hidden_relu_prime_changes_nothing"),
        (relu_steps_one_layer_up, "sigma_prime_of_wrong_layer"),
        (relu_pre_activation_for_input, "found_by_search"),
    ],
    "dense_backward": [
        (dense_dA_prev_in_place, "input_modified"),
        (dense_dW_unusual_factor, "no_known_mistake"),
        (dense_dW_all_zero, "no_known_mistake"),
        (dense_dW_from_dZ_itself, "found_by_search"),
        (dense_dW_elementwise, "found_by_search"),
        (dense_extra_one_over_m, "factor_1_over_m"),
        (dense_W_not_transposed, "transposed_weight_matrix"),
        (dense_bias_not_summed, "bias_not_summed"),
        (dense_bias_axis0, "bias_summed_over_units"),
        (dense_bias_flat, "shape_flat"),
        (dense_dW_transposed, "shape_transposed"),
        (dense_mean_over_batch, "factor_1_over_m"),
        (dense_bias_mean, "factor_1_over_m"),
        (dense_returns_None, "bad_return"),
        (dense_int_db, "integer_dtype"),
        (dense_nan, "non_finite"),
        (dense_loop_version, None),
        (dense_list_db, None),
        (dense_first_example_only, "first_example_only"),
        (dense_two_mistakes, "shape_transposed"),
        (dense_loop_assigns, "last_example_only"),
        (dense_db_one_number, "found_by_search"),
    ],
    "recursive_delta": [
        (rd_sigma_for_sigma_prime, "sigma_for_sigma_prime"),
        (rd_A_for_sigma_prime, "sigma_for_sigma_prime"),
        (rd_sigma_prime_of_A, "sigma_prime_of_activation"),
        (rd_no_sigma_prime, "missing_sigma_prime"),
        (rd_transposed, "transposed_weight_matrix"),
        (rd_einsum_typo, "transposed_weight_matrix"),
        (rd_two_mistakes, "found_by_search"),  # W φ fails on non-square layers; the square case shows both changes
        (rd_both_indices_off, "found_by_search"),
        (rd_assumes_sigmoid, "assumes_sigmoid"),
        (rd_index_error, "phi_index_error"),
        (rd_no_weights, "missing_weights"),
        (rd_wrong_layer_W, "weights_of_wrong_layer"),
        (rd_wrong_layer_sp, "sigma_prime_of_wrong_layer"),
        (rd_wrong_sign, "wrong_sign"),  # φ² flips sign, φ¹ flips back: only φ² is wrong
        (rd_A_form, "assumes_sigmoid"),  # right for sigmoid layers only
        (rd_einsum_right, None),
        (rd_without_none, "bad_return"),
        (rd_phi_J_missing, "bad_return"),
        (rd_off_by_one_loop, "bad_return"),
        (rd_no_sigma_prime_top_hidden, "found_by_search"),
        (rd_appended_downwards, "layers_reversed"),
    ],
    "sigmoid_bce_delta": [
        (bce_seed_003_sign, "bce_second_term_sign"),
        (bce_no_mean, "factor_m"),
        (bce_y_minus_a, "wrong_sign"),
        (bce_dA_only, "missing_sigma_prime"),
        (bce_times_sigma, "sigma_for_sigma_prime"),
        (bce_sigma_prime_of_a, "sigma_prime_of_activation"),
        (bce_np_mean, "mean_over_entries"),
        (bce_sigma_prime_again, "sigma_prime_applied_twice"),
        (bce_divided_twice, "factor_1_over_m"),
        (bce_unfused_right, "bce_long_way_unclipped"),
        (bce_clipped_long_way, None),
        (bce_divided_by_units, "found_by_search"),
        (bce_tanh_output, "found_by_search"),
        (bce_mean_over_examples, "found_by_search"),
    ],
    "softmax_ce_delta": [
        (sm_no_shift_overflow, "softmax_not_shifted"),  # the large-logit case overflows e^z
        (sm_diagonal_jacobian, "softmax_jacobian_diagonal_only"),
        (sm_diagonal_jacobian_simplified, "softmax_jacobian_diagonal_only"),
        (sm_sigmoid_for_softmax, "found_by_search"),
        (sm_over_rows, "softmax_over_rows"),
        (sm_elementwise, "elementwise_softmax_derivative"),
        (sm_dA_only, "missing_softmax_jacobian"),
        (sm_no_mean, "factor_m"),
        (sm_sign, "wrong_sign"),
        (sm_global_max_shift, "softmax_shifted_by_batch_max"),
        (sm_logsumexp_right, None),
        (sm_one_hot_ignored, "no_known_mistake"),
        (sm_log_probabilities, "found_by_search"),
        (sm_shift_by_row_max, "found_by_search"),
    ],
    "numerical_gradient": [
        (grad_restored_by_arithmetic, None),
        (ng_forward, "forward_difference"),
        (ng_backward, "backward_difference"),
        (ng_over_eps, "divided_by_eps"),
        (ng_not_restored, "x_not_restored"),
        (ng_all_at_once, "all_entries_at_once"),
        (ng_relative_step, "relative_eps"),
        (ng_aliased_copies, "perturbed_copies_alias_x"),
        (ng_fixed_eps, "ignores_eps"),
        (ng_sign, "wrong_sign"),
        (ng_first_axis_only, "perturbed_whole_rows"),
        (ng_flat, "shape_flat"),
        (ng_right, None),
        (ng_step_never_reset, "perturbation_accumulates"),
        (ng_plus_for_minus, "found_by_search"),
        (ng_scaled_oddly, "no_known_mistake"),
    ],
    "mul_backward": [
        (mul_right, None),
        (mul_no_upstream, "upstream_left_out"),
        (mul_own_values, "product_gradients_swapped"),
        (mul_sign, "wrong_sign"),
        (mul_divides, "no_known_mistake"),
        (mul_copied_line, "same_value_twice"),
        (mul_returns_one, "bad_return"),
    ],
    "relu_backward": [
        (relu_node_right, None),
        (relu_node_at_zero_one, "relu0_one"),
        (relu_node_no_upstream, "upstream_left_out"),
        (relu_node_value, "sigma_for_sigma_prime"),
        (relu_node_sign, "wrong_sign"),
        (relu_node_both_ways, "bad_return"),
    ],
    "sigmoid_backward": [
        (sigmoid_node_right, None),
        (sigmoid_node_no_upstream, "upstream_left_out"),
        (sigmoid_node_value, "sigma_for_sigma_prime"),
        (sigmoid_node_formula_on_u, "sigma_prime_formula_on_z"),
        (sigmoid_node_tanh_derivative, "found_by_search"),
        (sigmoid_node_prime_of_s, "sigma_prime_of_activation"),
    ],
    "hand_phi1": [
        (hand_phi1_right, None),
        (hand_phi1_without_relu_prime, "missing_sigma_prime"),
        (hand_phi1_W_not_transposed, "transposed_weight_matrix"),
        (hand_phi1_flat, "shape_flat"),
        (hand_phi1_row, "shape_transposed"),
        (hand_phi1_sign, "wrong_sign"),
        (hand_phi1_forgot_return, "bad_return"),
    ],
    "hand_dW1": [
        (hand_dW1_right, None),
        (hand_dW1_without_relu_prime, "missing_sigma_prime"),
        (hand_dW1_W_not_transposed, "transposed_weight_matrix"),
        (hand_dW1_x_phi1, "shape_transposed"),
        (hand_dW1_sign, "wrong_sign"),
        (hand_dW1_arithmetic_slip, "no_known_mistake"),
    ],
    "hand_W2_after": [
        (hand_W2_right, None),
        (hand_W2_uphill, "update_sign"),
        (hand_W2_no_lr, "learning_rate_left_out"),
        (hand_W2_unchanged, "no_step_taken"),
        (hand_W2_transposed, "shape_transposed"),
        (hand_W2_rounded_wrong, "no_known_mistake"),
    ],
    "unit_gain_std": [
        (gain_std_right, None),
        (gain_std_he_always, "he_for_every_activation"),
        (gain_std_xavier_always, "xavier_for_every_activation"),
        (gain_std_variance, "variance_for_std"),
        (gain_std_sigmoid_quarter, "derivative_not_squared"),
        (gain_std_times_two, "factor_2"),
        (gain_std_relu_full, "no_known_mistake"),
    ],
    "depth_ratio": [
        (depth_right, None),
        (depth_all_layers, "one_layer_too_many"),
        (depth_upside_down, "ratio_upside_down"),
        (depth_added, "gain_added_not_multiplied"),
        (depth_two_short, "no_known_mistake"),
        (depth_negative, "wrong_sign"),
    ],
    "rows_forward": [
        (rows_fwd_right, None),
        (rows_fwd_einsum, None),
        (rows_fwd_column_order, "row_layout_not_transposed"),
        (rows_fwd_no_bias, "found_by_search"),
        (rows_fwd_W_untransposed, "found_by_search"),
        (rows_fwd_b_untransposed, "found_by_search"),
        (rows_fwd_mean, "factor_1_over_m"),
        (rows_fwd_sign, "wrong_sign"),
        (rows_fwd_returns_pair, "bad_return"),
    ],
    "rows_weight_gradient": [
        (rows_dW_right, None),
        (rows_dW_transposed, "shape_transposed"),
        (rows_dW_over_m, "factor_1_over_m"),
        (rows_dW_column_formula, "found_by_search"),
        (rows_dW_product_of_sums, "no_known_mistake"),
        (rows_dW_sign, "wrong_sign"),
    ],
    "expected_first_loss": [
        (first_loss_right, None),
        (first_loss_probability, "probability_for_loss"),
        (first_loss_no_log, "log_left_out"),
        (first_loss_sign, "wrong_sign"),
        (first_loss_log10, "log_base_10"),
        (first_loss_log2, "no_known_mistake"),
    ],
    "l2_weight_gradient": [
        (l2_right, None),
        (l2_in_place, "input_modified"),
        (l2_left_out, "weight_decay_left_out"),
        (l2_doubled, "weight_decay_doubled"),
        (l2_sign, "weight_decay_sign"),
        (l2_without_lambda, "found_by_search"),
        (l2_squared_weights, "no_known_mistake"),
    ],
    "difference_error_bound": [
        (bound_right, None),
        (bound_math, None),
        (bound_no_truncation, "truncation_left_out"),
        (bound_no_roundoff, "roundoff_left_out"),
        (bound_one_sided, "forward_difference_truncation"),
        (bound_over_3, "central_remainder_not_halved"),
        (bound_roundoff_undivided, "roundoff_not_divided_by_eps"),
        (bound_float64_always, "float64_epsilon_for_float32"),
        (bound_roundoff_times_eps, "no_known_mistake"),
        (bound_tiny_of_dtype, "roundoff_left_out"),  # tiny (1e-308), not eps: as good as no round-off
        (bound_max, "no_known_mistake"),
        (bound_roundoff_doubled, "roundoff_not_halved"),
        (bound_roundoff_absolute, "roundoff_without_f"),
    ],
    "best_step": [
        (beststep_right, None),
        (beststep_power, None),
        (beststep_sqrt, "square_root_rule"),
        (beststep_no_3, "cube_root_without_3"),
        (beststep_u, "machine_epsilon_as_step"),
        (beststep_float64, "float64_epsilon_for_float32"),
        (beststep_sqrt_3u, "no_known_mistake"),
        (beststep_grid, "no_known_mistake"),
        (beststep_6u, "best_step_of_doubled_roundoff"),
        (beststep_half_3u, "best_step_derivative_halved"),
    ],
    "dense_forward": [
        (own_fwd_right, None),
        (own_fwd_np_dot, None),
        (own_fwd_transposed, "forward_weights_transposed"),
        (own_fwd_no_bias, "biases_left_out"),
        (own_fwd_bias_subtracted, "found_by_search"),
        (own_fwd_bias_row, "found_by_search"),
        (own_fwd_elementwise, "found_by_search"),
        (own_fwd_mean, "factor_1_over_m"),
        (own_fwd_sign, "wrong_sign"),
        (own_fwd_flat, "shape_flat"),
    ],
    "relu": [
        (own_relu_right, None),
        (own_relu_mask, None),
        (own_relu_where, None),
        (own_relu_builtin_max, "builtin_max_for_relu"),
        (own_relu_column_max, "column_max_for_relu"),
        (own_relu_step, "relu_prime_for_relu"),
        (own_relu_abs, "abs_for_relu"),
        (own_relu_min, "negative_part_for_relu"),
        (own_relu_in_place, "input_modified"),
        (own_relu_bool, "bad_return"),
    ],
    "softmax_ce_loss": [
        (own_loss_right, None),
        (own_loss_logsumexp, None),
        (own_loss_kept_dims, None),
        (own_loss_unshifted, "softmax_not_shifted"),
        (own_loss_summed, "factor_m"),
        (own_loss_every_entry, "mean_over_entries"),
        (own_loss_sign, "wrong_sign"),
        (own_loss_log10, "log_base_10"),
        (own_loss_no_targets, "targets_left_out"),
        (own_loss_no_log, "loss_without_log"),
        (own_loss_binary, "binary_ce_for_categorical"),
        (own_loss_rows, "softmax_over_rows"),
        (own_loss_per_example, "shape_mismatch"),
    ],
    "forward_backward": [
        (own_fb_right, None),
        (own_fb_relu_prime_at_zero_one, None),
        (own_fb_loss_kept_dims, None),
        (own_fb_no_relu_prime, "missing_sigma_prime"),
        (own_fb_no_transpose, "transposed_weight_matrix"),
        (own_fb_no_mean, "factor_m"),
        (own_fb_db_not_summed, "bias_not_summed"),
        (own_fb_db_over_units, "bias_summed_over_units"),
        (own_fb_elementwise_softmax, "elementwise_softmax_derivative"),
        (own_fb_relu_on_output, "relu_on_output_layer"),
        (own_fb_delta_sign, "wrong_sign"),
        (own_fb_relu_of_phi, "no_known_mistake"),
        (own_fb_loss_summed_only, "factor_m"),
        (own_fb_returns_lists_only, "bad_return"),
        (own_fb_loss_last, "bad_return"),
    ],
    "numerical_gradients": [
        (own_ng_right, None),
        (own_ng_forward, "forward_difference"),
        (own_ng_backward, "backward_difference"),
        (own_ng_over_eps, "divided_by_eps"),
        (own_ng_precedence, "eps_precedence"),
        (own_ng_second_at_x, "second_point_not_shifted"),
        (own_ng_whole_array, "all_entries_at_once"),
        (own_ng_plus, "no_known_mistake"),
        (own_ng_analytic, "no_known_mistake"),
        (own_ng_never_put_back, "x_not_restored"),
        (own_ng_weights_on_copies, "loss_never_saw_the_step"),
    ],
    "sgd_step": [
        (own_step_right, None),
        (own_step_plus, "update_sign"),
        (own_step_no_lr, "learning_rate_left_out"),
        (own_step_over_lr, "learning_rate_divides"),
        (own_step_no_bias, "biases_not_updated"),
        (own_step_weights_kept, "weights_not_updated"),
        (own_step_db_for_W, "bias_gradient_for_weights"),
        (own_step_halved, "no_known_mistake"),
        (own_step_in_place, "input_modified"),
        (own_step_stops_early, "last_layer_not_updated"),
        (own_step_returns_nothing, "bad_return"),
    ],
    "train": [
        (own_train_right, None),
        (own_train_not_shuffled, "not_shuffled"),
        (own_train_xavier, "init_not_he"),
        (own_train_he_uniform, None),
        (own_train_loss_printed, None),
        (own_train_epochs_plus_one, "initial_biases_not_zero"),
        (own_train_shuffled_once, "not_shuffled"),
        (own_train_last_batch_skipped, "not_every_example_each_epoch"),
        (own_train_small_init, "init_not_he"),
        (own_train_fan_out, "init_not_he"),
        (own_train_uniform_positive, "init_not_he"),
        (own_train_whole_batch, "batch_size_ignored"),
        (own_train_last_layer_frozen, "parameters_not_updated"),
        (own_train_global_rng, "global_rng_used"),
        (own_train_global_shuffle, "global_rng_used"),
        (own_train_zeros, "weights_start_equal"),
        (own_train_unseeded, "training_not_seeded"),
        (own_train_uphill, "update_sign"),
        (own_train_no_step, "no_step_taken"),
        (own_train_huge_step_unshifted, "training_diverged"),
        (own_train_first_batch_only, "not_every_example_each_epoch"),
        (own_train_biases_only, "weights_not_updated"),
        (own_train_returns_weights_only, "bad_return"),
        (own_train_raises, "raised"),
    ],
    "fix_backward": [
        (fix_db_over_units, "bias_summed_over_units"),
        (fix_dW_without_transpose, "input_not_transposed"),
        (fixed_except("sigma_for_sigma_prime", "bce_second_term_sign", "phi_index_error", "bias_not_summed"),
         "sigma_for_sigma_prime+bce_second_term_sign+phi_index_error+bias_not_summed"),
        (fixed_except("sigma_for_sigma_prime"), "sigma_for_sigma_prime"),
        (fixed_except("bce_second_term_sign"), "bce_second_term_sign"),
        (fixed_except("phi_index_error"), "phi_index_error"),
        (fixed_except("bias_not_summed"), "bias_not_summed"),
        (fixed_except("sigma_for_sigma_prime", "phi_index_error"), "sigma_for_sigma_prime+phi_index_error"),
        (fixed_except("bce_second_term_sign", "bias_not_summed"), "bce_second_term_sign+bias_not_summed"),
        (fixed_except(), None),
        (fix_fused, None),
        (fix_all_but_mean, "factor_m"),
        (fix_returns_tuple_of_arrays, "bad_return"),
        (fix_output_delta_from_z, "found_by_search"),
        (fix_sign_left_and_db_mean, "found_by_search"),
        (fix_no_transpose_in_recursion, "found_by_search"),
        (fix_sigma_prime_missing_in_layer_1, "found_by_search"),
        (fix_output_delta_scaled_oddly, "no_known_mistake"),
    ],
}

for _name, _value in list(globals().items()):  # name the generated mutants after their variables
    if callable(_value) and _name.startswith(("rd_", "fix_", "neuron_", "relu_", "dense_", "bce_", "sm_", "ng_", "mul_",
                                               "sigmoid_node", "hand_", "gain_",
                                               "depth_", "rows_", "first_loss_", "l2_", "own_", "bound_", "beststep_")):
        _value.__name__ = _name


def expectations(entry, hidden):
    """A corpus entry is (function, expected) or (function, expected visibly, expected hidden)."""
    return entry[2] if hidden and len(entry) == 3 else entry[1]


MUTANTS = [(exercise, entry[0], entry) for exercise, entries in CORPUS.items() for entry in entries]


@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
@pytest.mark.parametrize("exercise, function, entry", MUTANTS, ids=[f"{e}-{f.__name__}" for e, f, _ in MUTANTS])
def test_each_mutant_gets_its_diagnosis(exercise, function, entry, hidden):
    expected = expectations(entry, hidden)
    result = autocheck.diagnose(exercise, function, hidden=hidden)
    accepted = expected is None or autocheck.MISTAKES.get(expected, autocheck.Mistake("", "", "")).accepted
    assert result.passed == accepted, f"{function.__name__}: expected passed={accepted}, got:\n{result.message}"
    assert result.mistake == expected, (f"{function.__name__}: expected diagnosis {expected!r}, "
                                        f"got {result.mistake!r}:\n{result.message}")
    if expected == "no_known_mistake":
        assert "differ" in result.message and "expected" in result.message, result.message
    for words in MESSAGE_WORDS.get(function.__name__, ()):
        assert words in result.message, f"{function.__name__}: expected {words!r} in:\n{result.message}"
    for words in MESSAGE_NOT.get(function.__name__, ()):
        assert words not in result.message, f"{function.__name__}: {words!r} should not be said:\n{result.message}"


# What some messages must say, or must not (a wrong claim is worse than silence).
MESSAGE_WORDS = {
    "relu_pre_activation_for_input": ["z1 where r1 is meant, in dw2 = φ2 ∘ r1"],
    "rd_both_indices_off": ["W[j] where W[j+1] is meant (the wrong layer)", "Z[j+1] where Z[j] is meant"],
    "rd_two_mistakes": ["the transpose of W[j+1] left out", "σ where σ′ is meant"],
    "neuron_times_z_instead_of_derivative": ["z itself where σ′(z) is meant"],
    "dense_dW_elementwise": ["an elementwise product where the matrix product dZ @ A_prevᵀ is meant"],
    "neuron_no_bias_in_z": ["exactly what this change gives: the term b left out, in z = (W @ x) + b"],
    "neuron_y_minus_a_no_sigma_prime": ["two mistakes at once", "missing σ′", "wrong sign"],
    "sm_sigmoid_for_softmax": ["σ where softmax is meant, in s = softmax(Z)"],
    "bce_divided_by_units": ["n where m is meant, in phi_J = (a − Y) / m"],
    "dense_dW_from_dZ_itself": ["dZ where A_prev is meant, in dW = dZ @ A_prevᵀ"],
    "dense_dW_unusual_factor": ["4.009 × the expected value everywhere, which is none of the usual factors"],
    "dense_dW_all_zero": ["Yours is all zeros"],
    "dense_dA_prev_in_place": ["A_prev was changed in place"],
    "fix_db_over_units": ["summed over the units"],
    "sm_diagonal_jacobian": ["diagonal of the softmax Jacobian"],
    "neuron_dW_without_sigma_prime_only": ["the factor σ′(z) left out in the φ used here, in dW = φ @ xᵀ"],
    "neuron_tanh_derivative": ["1 − σ² where σ′ is meant"],
    "neuron_dW_over_inputs": ["a factor 1/n too small"],
    "dense_db_one_number": ["summed over everything to one number"],
    "rd_no_sigma_prime_top_hidden": ["the factor σ′(Z[j]) left out at layer j = 2 only"],
    "bce_tanh_output": ["tanh where σ is meant"],
    "bce_mean_over_examples": ["over axis 1 (the examples) where no reduction is meant"],
    "sm_log_probabilities": ["log softmax where softmax is meant"],
    "sm_shift_by_row_max": ["softmax shifted by row maxima where softmax is meant"],
    "ng_plus_for_minus": ["f(x + eps·eᵢ) + f(x − eps·eᵢ) where f(x + eps·eᵢ) − f(x − eps·eᵢ) is meant"],
    "fix_output_delta_from_z": ["Z[J] where A[J] is meant"],
    "fix_sign_left_and_db_mean": ["a mean where a sum is meant", "−(Y / A[J]) − (1 − Y) / (1 − A[J])"],
    "fix_no_transpose_in_recursion": ["the transpose of W[j+1] left out"],
    "fix_sigma_prime_missing_in_layer_1": ["the factor σ′(Z[j]) left out at layer j = 1 only"],
    "sigmoid_node_tanh_derivative": ["tanh′ where σ′ is meant"],
    "rows_fwd_W_untransposed": ["the transpose of W left out"],
    "rows_dW_column_formula": ["the transpose of dZ left out"],
}
MESSAGE_NOT = {
    "dense_dW_unusual_factor": ["a constant factor is off"],
    "dense_dW_all_zero": ["-0 ×", "−0 ×", "0 × the expected"],
    "fix_db_over_units": ["seed errors still there", "errors still there", "bias gradient not summed over the batch"],
    "sm_diagonal_jacobian": ["subtract each column's maximum"],
}


def test_every_exercise_has_a_corpus_with_right_answers_and_mistakes():
    assert set(CORPUS) == set(autocheck.EXERCISES) | set(autocheck.JUDGED_BY_BEHAVIOUR)
    for exercise, entries in CORPUS.items():
        expected = [expectations(entry, hidden) for entry in entries for hidden in (False, True)]
        assert len({e for e in expected if e}) >= 5 and None in expected, f"{exercise}: corpus {entries}"


def diagnosis_share():
    """(named correctly, honest gaps, total) over the wrong mutants of the corpus."""
    named = gaps = total = 0
    for exercise, function, entry in MUTANTS:
        for hidden in (False, True):
            expected = expectations(entry, hidden)
            if expected is None or autocheck.MISTAKES[expected.split("+")[0]].accepted:
                continue
            total += 1
            got = autocheck.diagnose(exercise, function, hidden=hidden).mistake
            named += got == expected and expected != "no_known_mistake"
            gaps += got == expected == "no_known_mistake"
    return named, gaps, total


if __name__ == "__main__":
    named, gaps, total = diagnosis_share()
    print(f"{len(MUTANTS)} mutants × (visible, hidden cases); {total} wrong-answer diagnoses: {named} named correctly ({named / total:.0%}), "
          f"{gaps} honest gaps reported as 'no known mistake' with where they differ.")
