"""Outsider corpus 2: realistic student answers for the mlpedu exercises, written by a second helper
who never read the autocheck (tests/test_autocheck_outsider.py checks what the autocheck says of each;
kept as written).

Each answer is a module-level function `<prefix>_<short_name>` preceded by a one-line comment
`# MISTAKE: ...` or `# RIGHT: ...`. Prefixes: ng_ (neuron_gradient), rc_ (relu_chain),
dense_ (dense_backward), rd_ (recursive_delta), bce_ (sigmoid_bce_delta),
sm_ (softmax_ce_delta), num_ (numerical_gradient), fix_ (fix_backward).
Helpers start with an underscore and are not answers.
"""

import numpy as np


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _sigmoid_prime(z):
    s = _sigmoid(z)
    return s * (1 - s)


def _relu(z):
    return max(z, 0.0)


def _step(z):
    return 1.0 if z > 0 else 0.0


def _softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


# ============================================================================ neuron_gradient

# MISTAKE: forgot σ′: the delta is just a − y
def ng_no_sigma_prime(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = a - y
    return phi @ x.T, phi


# MISTAKE: σ′ evaluated at a instead of at z, i.e. σ(a)(1 − σ(a))
def ng_sprime_at_a(x, W, b, y):
    a = _sigmoid(W @ x + b)
    s = _sigmoid(a)
    phi = (a - y) * s * (1 - s)
    return phi @ x.T, phi


# MISTAKE: sign of ∂L/∂a flipped: uses y − a
def ng_sign_flipped(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = (y - a) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: dW returned as a column (n, 1), x·φ, instead of the row φ xᵀ (transposed gradient)
def ng_dW_column(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    dW = x * phi
    return dW, phi


# MISTAKE: σ′ missing from db only (db = a − y); dW is correct
def ng_db_missing_sprime(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, a - y


# MISTAKE: σ′ computed from z as z(1 − z) instead of a(1 − a)
def ng_sprime_from_z(x, W, b, y):
    z = W @ x + b
    a = _sigmoid(z)
    phi = (a - y) * z * (1 - z)
    return phi @ x.T, phi


# MISTAKE: used tanh's derivative 1 − a² for the sigmoid
def ng_tanh_derivative(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = (a - y) * (1 - a ** 2)
    return phi @ x.T, phi


# MISTAKE: dW multiplies the delta by W instead of by x (confused ∂z/∂W with ∂z/∂x)
def ng_dW_times_W(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi * W, phi


# MISTAKE: forgot the bias in the forward pass (z = W x)
def ng_no_bias_forward(x, W, b, y):
    a = _sigmoid(W @ x)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: differentiated (a − y)² without the ½: factor 2 in both gradients
def ng_factor_two(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = 2 * (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: precedence slip a * 1 - a for a(1 − a): σ′ becomes 0, so both gradients are zero
def ng_precedence_slip(x, W, b, y):
    a = _sigmoid(W @ x + b)
    sprime = a * 1 - a
    phi = (a - y) * sprime
    return phi @ x.T, phi


# MISTAKE: own sigmoid with the wrong sign in the exponent, 1/(1 + e^{z}) (forward pass wrong)
def ng_sigmoid_wrong_sign(x, W, b, y):
    z = W @ x + b
    a = 1.0 / (1.0 + np.exp(z))
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: divides dW by the number of inputs n (averaging over the weights)
def ng_dW_over_n(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    n = x.shape[0]
    return phi @ x.T / n, phi


# MISTAKE: two mistakes: σ′ missing and sign flipped (y − a)
def ng_no_sprime_and_sign(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = y - a
    return phi @ x.T, phi


# MISTAKE: db multiplied by the bias value b (treated b like a weight with input b)
def ng_db_times_b(x, W, b, y):
    a = _sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi * b


# MISTAKE: σ′ applied twice: took ∂L/∂a as (a − y)·a(1 − a), then multiplied by σ′ again
def ng_sprime_twice(x, W, b, y):
    a = _sigmoid(W @ x + b)
    dL_da = (a - y) * a * (1 - a)
    phi = dL_da * a * (1 - a)
    return phi @ x.T, phi


# RIGHT: loops over the n inputs, dW[0, i] = φ x_i, with float conversions
def ng_right_loop(x, W, b, y):
    z = float((W @ x + b)[0, 0])
    a = 1.0 / (1.0 + np.exp(-z))
    phi = (a - float(y[0, 0])) * a * (1 - a)
    dW = np.zeros_like(W, dtype=float)
    for i in range(W.shape[1]):
        dW[0, i] = phi * x[i, 0]
    return dW, np.array([[phi]])


# RIGHT: σ′(z) written as e^{−z}/(1 + e^{−z})², dW as (φ x)ᵀ
def ng_right_explicit_exp(x, W, b, y):
    z = W @ x + b
    a = 1.0 / (1.0 + np.exp(-z))
    sprime = np.exp(-z) / (1.0 + np.exp(-z)) ** 2
    phi = (a - y) * sprime
    return (phi * x).T, phi


# ============================================================================ relu_chain

# MISTAKE: no ReLU′ factor anywhere (treats every unit as on)
def rc_no_relu_prime(x, w1, b1, w2, b2, w3, b3, y):
    r1 = _relu(w1 * x + b1)
    r2 = _relu(w2 * r1 + b2)
    r3 = _relu(w3 * r2 + b3)
    d3 = r3 - y
    d2 = d3 * w3
    d1 = d2 * w2
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: ReLU′(z1) missing at layer 1 only
def rc_missing_prime_layer1(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: ReLU′(z3) missing at the output unit only
def rc_missing_prime_output(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = r3 - y
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: used seed 000's all-on simplification ŷ = w1 w2 w3 x for the derivatives (ignores biases and off units)
def rc_all_on_simplification(x, w1, b1, w2, b2, w3, b3, y):
    r1 = _relu(w1 * x + b1)
    r2 = _relu(w2 * r1 + b2)
    yhat = _relu(w3 * r2 + b3)
    e = yhat - y
    return e * w2 * w3 * x, e * w1 * w3 * x, e * w1 * w2 * x


# MISTAKE: ReLU′ factors of layers 1 and 2 swapped (step(z2) at layer 1, step(z1) at layer 2)
def rc_gates_swapped(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z1)
    d1 = d2 * w2 * _step(z2)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: weight gradients use the pre-activation z of the layer below instead of its output r (dw2 = δ2 z1, dw3 = δ3 z2)
def rc_uses_z_not_r(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * z1, d3 * z2


# MISTAKE: off-by-one weight in the chain: δ1 = δ2 · w3 · ReLU′(z1) instead of w2
def rc_wrong_weight_in_chain(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w3 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: sign flipped: ∂C/∂ŷ taken as y − ŷ
def rc_sign_flipped(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (y - r3) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: factor 2: ∂C/∂ŷ = 2(ŷ − y), as for a cost without the ½
def rc_factor_two(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = 2 * (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: returns the gradients in seed 000's order (∂C/∂w3, ∂C/∂w2, ∂C/∂w1), numbering from the output end
def rc_reversed_order(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d3 * r2, d2 * r1, d1 * x


# MISTAKE: forward pass without the biases (seed 000's chain), backward otherwise right
def rc_no_biases(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x
    r1 = _relu(z1)
    z2 = w2 * r1
    r2 = _relu(z2)
    z3 = w3 * r2
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: multiplied by ReLU(z) (the activation value) instead of ReLU′(z)
def rc_relu_instead_of_prime(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * r3
    d2 = d3 * w3 * r2
    d1 = d2 * w2 * r1
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: no backpropagation through later layers: each dw_j = (ŷ − y)·ReLU′(z_j)·(its input), dropping later weights and gates
def rc_local_only(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    e = r3 - y
    return e * _step(z1) * x, e * _step(z2) * r1, e * _step(z3) * r2


# MISTAKE: propagated the weight gradient instead of the delta: δ2 = (∂C/∂w3)·w3·ReLU′(z2) (extra factors r2, r1)
def rc_propagates_dw(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(z3)
    dw3 = d3 * r2
    d2 = dw3 * w3 * _step(z2)
    dw2 = d2 * r1
    d1 = dw2 * w2 * _step(z1)
    dw1 = d1 * x
    return dw1, dw2, dw3


# MISTAKE: ReLU′ evaluated at the layer's input (x, r1, r2) instead of its own pre-activation z_j
def rc_gate_on_input(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * _step(r2)
    d2 = d3 * w3 * _step(r1)
    d1 = d2 * w2 * _step(x)
    return d1 * x, d2 * r1, d3 * r2


# RIGHT: gates on the outputs r_j > 0, which is the same as z_j > 0 with ReLU′(0) = 0
def rc_right_gate_on_output(x, w1, b1, w2, b2, w3, b3, y):
    r1 = max(0.0, w1 * x + b1)
    r2 = max(0.0, w2 * r1 + b2)
    r3 = max(0.0, w3 * r2 + b3)
    d3 = (r3 - y) * (r3 > 0)
    d2 = d3 * w3 * (r2 > 0)
    d1 = d2 * w2 * (r1 > 0)
    return float(d1 * x), float(d2 * r1), float(d3 * r2)


# RIGHT: ReLU′(0) = 1 convention (z >= 0), as seeds 000/001: accepted by the notebook
def rc_right_kink_one(x, w1, b1, w2, b2, w3, b3, y):
    g = lambda z: 1.0 if z >= 0 else 0.0
    z1 = w1 * x + b1
    r1 = _relu(z1)
    z2 = w2 * r1 + b2
    r2 = _relu(z2)
    z3 = w3 * r2 + b3
    r3 = _relu(z3)
    d3 = (r3 - y) * g(z3)
    d2 = d3 * w3 * g(z2)
    d1 = d2 * w2 * g(z1)
    return d1 * x, d2 * r1, d3 * r2


# RIGHT: ReLU′(0) = ½ convention via np.heaviside(z, 0.5): accepted by the notebook
def rc_right_kink_half(x, w1, b1, w2, b2, w3, b3, y):
    ws, bs = [w1, w2, w3], [b1, b2, b3]
    a, zs, acts = x, [], [x]
    for w, bb in zip(ws, bs):
        z = w * a + bb
        a = np.maximum(z, 0.0)
        zs.append(z)
        acts.append(a)
    delta = (a - y) * np.heaviside(zs[2], 0.5)
    grads = [None, None, None]
    for k in (2, 1, 0):
        grads[k] = float(delta * acts[k])
        if k > 0:
            delta = delta * ws[k] * np.heaviside(zs[k - 1], 0.5)
    return tuple(grads)


# ============================================================================ dense_backward

# MISTAKE: divides all three gradients by m (Andrew Ng's 1/m inside the layer)
def dense_divide_by_m(dZ, A_prev, W):
    m = dZ.shape[1]
    return dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m, W.T @ dZ / m


# MISTAKE: divides dW and db by m (but not dA_prev), as in Andrew Ng's course
def dense_divide_dW_db_by_m(dZ, A_prev, W):
    m = A_prev.shape[1]
    dW = (1 / m) * dZ @ A_prev.T
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    return dW, db, W.T @ dZ


# MISTAKE: db is the mean over the batch instead of the sum
def dense_db_mean(dZ, A_prev, W):
    return dZ @ A_prev.T, np.mean(dZ, axis=1, keepdims=True), W.T @ dZ


# MISTAKE: db summed without keepdims: shape (n_out,) instead of (n_out, 1)
def dense_db_no_keepdims(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=1), W.T @ dZ


# MISTAKE: db summed over the wrong axis (over the units, axis 0): shape (1, m)
def dense_db_wrong_axis(dZ, A_prev, W):
    return dZ @ A_prev.T, np.sum(dZ, axis=0, keepdims=True), W.T @ dZ


# MISTAKE: db not summed over the batch: returns dZ itself, shape (n_out, m)
def dense_db_not_summed(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ, W.T @ dZ


# MISTAKE: dW transposed: A_prev dZᵀ, shape (n_in, n_out)
def dense_dW_transposed(dZ, A_prev, W):
    return A_prev @ dZ.T, np.sum(dZ, axis=1, keepdims=True), W.T @ dZ


# MISTAKE: dA_prev in PyTorch row layout: dZᵀ W, shape (m, n_in) (not transposed back)
def dense_dA_rows(dZ, A_prev, W):
    return dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True), dZ.T @ W


# MISTAKE: whole answer in PyTorch row layout: dW transposed, db flat, dA_prev transposed (three layout mistakes)
def dense_pytorch_layout(dZ, A_prev, W):
    dZr, Ar = dZ.T, A_prev.T           # rows = examples
    dW = Ar.T @ dZr                    # (n_in, n_out), PyTorch's weight.grad.T
    db = dZr.sum(axis=0)               # (n_out,)
    dA = dZr @ W                       # (m, n_in)
    return dW, db, dA


# MISTAKE: dA_prev uses dW instead of W: dWᵀ φ
def dense_dA_uses_dW(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    return dW, np.sum(dZ, axis=1, keepdims=True), dW.T @ dZ


# MISTAKE: dW as the product of the batch sums instead of the sum of per-example products
def dense_dW_product_of_sums(dZ, A_prev, W):
    dW = np.sum(dZ, axis=1, keepdims=True) @ np.sum(A_prev, axis=1, keepdims=True).T
    return dW, np.sum(dZ, axis=1, keepdims=True), W.T @ dZ


# MISTAKE: loops over the examples but assigns dW = outer(...) instead of +=: keeps only the last example
def dense_loop_overwrites(dZ, A_prev, W):
    m = dZ.shape[1]
    dW = np.zeros_like(W)
    db = np.zeros((W.shape[0], 1))
    for k in range(m):
        dW = np.outer(dZ[:, k], A_prev[:, k])
        db += dZ[:, k:k + 1]
    return dW, db, W.T @ dZ


# MISTAKE: loop accumulates dW correctly but overwrites db with the last example's column
def dense_loop_db_overwrites(dZ, A_prev, W):
    dW = np.zeros(W.shape)
    db = np.zeros((W.shape[0], 1))
    for k in range(dZ.shape[1]):
        dW += np.outer(dZ[:, k], A_prev[:, k])
        db = dZ[:, [k]]
    return dW, db, W.T @ dZ


# MISTAKE: db summed over everything: a scalar instead of a column
def dense_db_scalar(dZ, A_prev, W):
    return dZ @ A_prev.T, np.sum(dZ), W.T @ dZ


# MISTAKE: multiplies dA_prev by σ′ of the previous layer (sigmoid, from A_prev): returns the previous delta, not dA_prev
def dense_dA_times_sprime(dZ, A_prev, W):
    dA = (W.T @ dZ) * A_prev * (1 - A_prev)
    return dZ @ A_prev.T, np.sum(dZ, axis=1, keepdims=True), dA


# MISTAKE: normalises dZ by m in place first (modifies the caller's dZ, and every gradient gets 1/m)
def dense_inplace_divide(dZ, A_prev, W):
    dZ /= dZ.shape[1]
    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W.T @ dZ


# RIGHT: einsum for dW and dA_prev, db as dZ times a column of ones
def dense_right_einsum(dZ, A_prev, W):
    dW = np.einsum("im,jm->ij", dZ, A_prev)
    db = dZ @ np.ones((dZ.shape[1], 1))
    dA = np.einsum("ij,im->jm", W, dZ)
    return dW, db, dA


# RIGHT: explicit loop over examples with np.outer and += accumulation
def dense_right_loop(dZ, A_prev, W):
    n_out, n_in = W.shape
    m = dZ.shape[1]
    dW = np.zeros((n_out, n_in))
    db = np.zeros((n_out, 1))
    dA = np.zeros((n_in, m))
    for k in range(m):
        dW += np.outer(dZ[:, k], A_prev[:, k])
        db[:, 0] += dZ[:, k]
        dA[:, k] = W.T @ dZ[:, k]
    return dW, db, dA


# RIGHT: PyTorch-style row computations transposed back to the course's column layout
def dense_right_rows_then_transpose(dZ, A_prev, W):
    dZr, Ar = dZ.T, A_prev.T
    dW = (Ar.T @ dZr).T
    db = dZr.sum(axis=0).reshape(-1, 1)
    dA = (dZr @ W).T
    return dW, db, dA


# ============================================================================ recursive_delta

# MISTAKE: seed 003's index slip: uses W[j] instead of W[j+1] in equation (2)
def rd_weight_index_off(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: forgot σ′(z^j) (seed 003's missing prime: no derivative factor at all)
def rd_missing_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1]
    return phi


# MISTAKE: σ′ evaluated at a^j (A[j]) instead of z^j
def rd_prime_of_A(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(A[j])
    return phi


# MISTAKE: σ′ evaluated at z^{j+1} (layer above) instead of z^j
def rd_prime_wrong_layer(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ (phi[j + 1] * sigma_prime(Z[j + 1]))
    return phi


# MISTAKE: forgot the transpose: W[j+1] φ^{j+1} instead of (W^{j+1})ᵀ φ^{j+1}
def rd_no_transpose(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1] @ phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: seed 003's component slip: multiplies by the column sums of W^{j+1} instead of the matrix product
def rd_column_sums(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        column_sums = W[j + 1].sum(axis=0)[:, None]
        phi[j] = column_sums * phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: loop stops one layer early (range(J-1, 1, -1)): φ¹ is left as None
def rd_loop_stops_early(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 1, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: returns [φ¹, …, φᴶ] without the leading None (0-based list instead of course indexing)
def rd_no_leading_none(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi[1:]


# MISTAKE: loop runs forward (j = 1 … J−1) over zero-initialised deltas, so every layer below J−1 gets zeros
def rd_forward_loop(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] + [np.zeros_like(Z[j]) for j in range(1, J + 1)]
    phi[J] = phi_J
    for j in range(1, J):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: appends while going backwards and returns [None] + that list: the deltas come out in reverse order
def rd_reversed_list(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    out = [phi_J]
    delta = phi_J
    for j in range(J - 1, 0, -1):
        delta = W[j + 1].T @ delta * sigma_prime(Z[j])
        out.append(delta)
    return [None] + out


# MISTAKE: always propagates from φᴶ (phi_J) instead of from φ^{j+1}
def rd_always_from_phi_J(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi_J * sigma_prime(Z[j])
    return phi


# MISTAKE: multiplies phi_J by σ′(z^J) again, in place (equation (1) applied a second time; also mutates the caller's phi_J)
def rd_extra_prime_at_output(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi_J *= sigma_prime(Z[J])
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: multiplies by σ(z^j) = A[j] instead of σ′(z^j)
def rd_sigma_not_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * A[j]
    return phi


# MISTAKE: divides each propagated delta by m (an extra 1/m at every layer)
def rd_divides_by_m(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    m = phi_J.shape[1]
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j]) / m
    return phi


# MISTAKE: leaves out σ′ at layer 1 only ("the first layer sits on the input, so no activation")
def rd_no_prime_layer1(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        back = W[j + 1].T @ phi[j + 1]
        phi[j] = back if j == 1 else back * sigma_prime(Z[j])
    return phi


# MISTAKE: row layout: φ^{j+1}ᵀ W^{j+1} without transposing back, so each φ^j has shape (m, n_j)
def rd_rows_not_transposed(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    row = phi_J.T                      # (m, n_J), PyTorch habit
    for j in range(J - 1, 0, -1):
        row = (row @ W[j + 1]) * sigma_prime(Z[j]).T
        phi[j] = row                   # stored as (m, n_j), never transposed back
    return phi


# RIGHT: einsum for (W^{j+1})ᵀ φ^{j+1}
def rd_right_einsum(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = np.einsum("ki,km->im", W[j + 1], phi[j + 1]) * sigma_prime(Z[j])
    return phi


# RIGHT: recursive Python function from the top down
def rd_right_recursion(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1

    def delta(j):
        if j == J:
            return phi_J
        return (W[j + 1].T @ delta(j + 1)) * sigma_prime(Z[j])

    return [None] + [delta(j) for j in range(1, J + 1)]


# ============================================================================ sigmoid_bce_delta

# MISTAKE: no 1/m: returns σ(Z) − Y (per-example delta, not the mean's)
def bce_no_mean(Z, Y):
    return _sigmoid(Z) - Y


# MISTAKE: sign flipped: (Y − σ(Z))/m
def bce_sign_flipped(Z, Y):
    return (Y - _sigmoid(Z)) / Z.shape[1]


# MISTAKE: divides by n·m (np.mean-style normalisation over every entry)
def bce_divide_by_size(Z, Y):
    return (_sigmoid(Z) - Y) / Z.size


# MISTAKE: divides by len(Z), the number of outputs n, instead of the batch size m
def bce_divide_by_len(Z, Y):
    return (_sigmoid(Z) - Y) / len(Z)


# MISTAKE: seed 003's sign slip in ∂ℓ/∂a: (−y/a − (1 − y)/(1 − a)), then times σ′ and 1/m
def bce_seed003_sign(Z, Y):
    A = _sigmoid(Z)
    dA = (-Y / A - (1 - Y) / (1 - A)) / Z.shape[1]
    return dA * A * (1 - A)


# MISTAKE: multiplies the simplified delta by σ′ again: (a − y)·a(1 − a)/m
def bce_extra_sprime(Z, Y):
    A = _sigmoid(Z)
    return (A - Y) * A * (1 - A) / Z.shape[1]


# MISTAKE: returns ∇_a L (forgot to multiply by σ′): (−y/a + (1 − y)/(1 − a))/m
def bce_returns_dA(Z, Y):
    A = _sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) / Z.shape[1]


# MISTAKE: used Z instead of σ(Z): (Z − Y)/m (forgot the activation)
def bce_uses_Z(Z, Y):
    return (Z - Y) / Z.shape[1]


# MISTAKE: averages over the batch axis: mean(a − y, axis=1), shape (n, 1) instead of (n, m)
def bce_mean_over_batch(Z, Y):
    return np.mean(_sigmoid(Z) - Y, axis=1, keepdims=True)


# MISTAKE: unsimplified chain rule with probabilities clipped to [1e-3, 1 − 1e-3] in ∂ℓ/∂a: wrong for saturated outputs
def bce_clip_in_chain_rule(Z, Y):
    A = _sigmoid(Z)
    P = np.clip(A, 1e-3, 1 - 1e-3)
    dA = (-Y / P + (1 - Y) / (1 - P)) / Z.shape[1]
    return dA * A * (1 - A)


# MISTAKE: unsimplified chain rule without clipping: 0/0 = nan when the sigmoid saturates (a = 1 exactly)
def bce_unsimplified_nan(Z, Y):
    A = _sigmoid(Z)
    dA = (-Y / A + (1 - Y) / (1 - A)) / Z.shape[1]
    return dA * A * (1 - A)


# MISTAKE: sigmoid written as e^z/(1 + e^z): overflows to inf/inf = nan for large z
def bce_sigmoid_overflow(Z, Y):
    E = np.exp(Z)
    return (E / (1 + E) - Y) / Z.shape[1]


# MISTAKE: used tanh as the output activation: (tanh(Z) − Y)/m
def bce_tanh(Z, Y):
    return (np.tanh(Z) - Y) / Z.shape[1]


# MISTAKE: used a softmax over each column instead of elementwise sigmoids
def bce_softmax_instead(Z, Y):
    return (_softmax(Z) - Y) / Z.shape[1]


# MISTAKE: two mistakes: sign flipped and no 1/m
def bce_sign_and_no_mean(Z, Y):
    return Y - _sigmoid(Z)


# RIGHT: numerically stable sigmoid with np.where, then (a − y)/m
def bce_right_stable_where(Z, Y):
    Z = np.asarray(Z, dtype=float)
    e = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1 / (1 + e), e / (1 + e))
    return (A - Y) / Z.shape[1]


# RIGHT: σ(z) = (1 + tanh(z/2))/2, then (a − y)/m
def bce_right_tanh_identity(Z, Y):
    A = 0.5 * (1.0 + np.tanh(0.5 * Z))
    m = Y.shape[1]
    return (A - Y) * (1.0 / m)


# ============================================================================ softmax_ce_delta

# MISTAKE: no 1/m: softmax(Z) − Y
def sm_no_mean(Z, Y):
    return _softmax(Z) - Y


# MISTAKE: softmax normalised along the rows (axis=1, PyTorch habit) instead of over each column
def sm_softmax_rows(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    S = E / E.sum(axis=1, keepdims=True)
    return (S - Y) / Z.shape[1]


# MISTAKE: no max subtraction: exp overflows for logits of several hundred (nan)
def sm_no_max_shift(Z, Y):
    E = np.exp(Z)
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) / Z.shape[1]


# MISTAKE: subtracts one global max instead of each column's max: columns far below it underflow to 0/0
def sm_global_max(Z, Y):
    E = np.exp(Z - np.max(Z))
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) / Z.shape[1]


# MISTAKE: subtracts each row's max (axis=1) but normalises columns: the shift differs within a column, so the softmax is wrong
def sm_max_wrong_axis(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) / Z.shape[1]


# MISTAKE: applied equation (1) with only the diagonal of the softmax Jacobian: (−y/s)·s(1 − s)/m = −y(1 − s)/m
def sm_diagonal_jacobian(Z, Y):
    S = _softmax(Z)
    dA = -Y / np.where(Y > 0, S, 1.0) / Z.shape[1]
    return dA * S * (1 - S)


# MISTAKE: softmax Jacobian with the wrong sign, s sᵀ − diag(s): the delta comes out negated
def sm_jacobian_sign(Z, Y):
    S = _softmax(Z)
    n, m = Z.shape
    out = np.zeros_like(S)
    for k in range(m):
        s = S[:, k:k + 1]
        Jac = s @ s.T - np.diagflat(s)
        g = -Y[:, k:k + 1] / np.where(Y[:, k:k + 1] > 0, s, 1.0)
        out[:, k:k + 1] = Jac.T @ g
    return out / m


# MISTAKE: sign flipped: (Y − softmax(Z))/m
def sm_sign_flipped(Z, Y):
    return (Y - _softmax(Z)) / Z.shape[1]


# MISTAKE: used the log-softmax instead of the softmax: (log s − y)/m
def sm_log_softmax(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    logS = Zs - np.log(np.exp(Zs).sum(axis=0, keepdims=True))
    return (logS - Y) / Z.shape[1]


# MISTAKE: used elementwise sigmoids instead of the softmax: (σ(Z) − Y)/m
def sm_sigmoid_instead(Z, Y):
    return (_sigmoid(Z) - Y) / Z.shape[1]


# MISTAKE: divides by the number of classes n instead of the batch size m
def sm_divide_by_n(Z, Y):
    return (_softmax(Z) - Y) / Z.shape[0]


# MISTAKE: averages over the batch: mean(s − y, axis=1), shape (n, 1)
def sm_mean_over_batch(Z, Y):
    return np.mean(_softmax(Z) - Y, axis=1, keepdims=True)


# MISTAKE: subtracts the column max in place (Z -= ...): right values but modifies the caller's Z
def sm_inplace_shift(Z, Y):
    Z -= Z.max(axis=0, keepdims=True)
    E = np.exp(Z)
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.shape[1]


# MISTAKE: multiplied the fused delta by σ′-like s(1 − s) again: (s − y)·s(1 − s)/m
def sm_extra_prime(Z, Y):
    S = _softmax(Z)
    return (S - Y) * S * (1 - S) / Z.shape[1]


# MISTAKE: two mistakes: softmax over rows (axis=1) and no 1/m
def sm_rows_and_no_mean(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True) - Y


# RIGHT: max and sum without keepdims, which broadcast correctly along the columns of (n, m)
def sm_right_no_keepdims(Z, Y):
    E = np.exp(Z - Z.max(axis=0))
    S = E / E.sum(axis=0)
    return (S - Y) / Y.shape[1]


# RIGHT: softmax via log-sum-exp per column
def sm_right_logsumexp(Z, Y):
    mx = Z.max(axis=0, keepdims=True)
    lse = mx + np.log(np.sum(np.exp(Z - mx), axis=0, keepdims=True))
    return (np.exp(Z - lse) - Y) / Z.shape[1]


# ============================================================================ numerical_gradient

# MISTAKE: one-sided forward difference (f(x + εe_i) − f(x))/ε
def num_forward_difference(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy()
        xp[idx] += eps
        grad[idx] = (f(xp) - fx) / eps
    return grad


# MISTAKE: one-sided backward difference (f(x) − f(x − εe_i))/ε
def num_backward_difference(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(*x.shape):
        xm = x.copy()
        xm[idx] -= eps
        grad[idx] = (fx - f(xm)) / eps
    return grad


# MISTAKE: central difference divided by ε instead of 2ε (factor 2)
def num_denominator_eps(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / eps
    return grad


# MISTAKE: precedence slip: (f(x+) − f(x−)) / 2 * eps, i.e. multiplies by ε/2
def num_precedence_slip(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / 2 * eps
    return grad


# MISTAKE: perturbs in place and never restores: after x+ε and x−2ε the entry stays at x−ε (drifts and mutates the caller's x)
def num_eps_not_restored(f, x, eps):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        fp = f(x)
        x[idx] -= 2 * eps
        fm = f(x)
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: aliasing: xp = x and xm = x are the same array, so f(x−) is really f(x) and the result is half a forward difference
def num_aliasing(f, x, eps):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        xp = x
        xp[idx] += eps
        fp = f(xp)
        xm = x
        xm[idx] -= eps
        fm = f(xm)
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: perturbs every entry at once (x ± ε everywhere): each entry gets the same directional derivative
def num_perturb_all(f, x, eps):
    x = np.asarray(x, dtype=float)
    g = (f(x + eps) - f(x - eps)) / (2 * eps)
    return np.full(x.shape, g)


# MISTAKE: relative step h = ε·|x_i| instead of the given ε (nan where x_i = 0)
def num_relative_eps(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        h = eps * abs(x[idx])
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        with np.errstate(all="ignore"):
            grad[idx] = (f(xp) - f(xm)) / (2 * h)
    return grad


# MISTAKE: no float conversion: with an integer x, x.copy() stays integer and x ± ε is truncated back to x (gradient 0)
def num_integer_x(f, x, eps):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: loops over range(len(x)) only: for a 2-D x it perturbs whole rows and fills each row with one number
def num_loop_rows_only(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for i in range(len(x)):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: returns a flat vector of length x.size instead of an array shaped like x
def num_returns_flat(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = []
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad.append((f(xp) - f(xm)) / (2 * eps))
    return np.array(grad)


# MISTAKE: ignores the given eps and uses its own 1e-5
def num_fixed_eps(f, x, eps):
    x = np.asarray(x, dtype=float)
    h = 1e-5
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        grad[idx] = (f(xp) - f(xm)) / (2 * h)
    return grad


# MISTAKE: perturbation vector built once and never reset: e accumulates ε in every entry visited so far
def num_perturbation_not_reset(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    e = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        e[idx] = eps
        grad[idx] = (f(x + e) - f(x - e)) / (2 * eps)
    return grad


# MISTAKE: differences the wrong way round, (f(x − εe_i) − f(x + εe_i))/2ε: sign flipped
def num_sign_flipped(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xm) - f(xp)) / (2 * eps)
    return grad


# MISTAKE: perturbs a flattened copy (x.flatten()) but evaluates f on the unperturbed x: gradient all zero
def num_flatten_copy(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros(x.size)
    flat = x.flatten()
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        fp = f(x)
        flat[i] = old - eps
        fm = f(x)
        flat[i] = old
        grad[i] = (fp - fm) / (2 * eps)
    return grad.reshape(x.shape)


# RIGHT: in place on x with the old value saved and restored exactly (float copy only if x is not float)
def num_right_inplace_restore(f, x, eps):
    if not np.issubdtype(np.asarray(x).dtype, np.floating):
        x = np.asarray(x, dtype=float)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + eps
        fp = f(x)
        x[idx] = old - eps
        fm = f(x)
        x[idx] = old
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# RIGHT: in place with arithmetic restore (+ε, −2ε, +ε), as the notebook allows (x may end up 1 ulp off)
def num_right_inplace_arith(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        fp = f(x)
        x[idx] -= 2 * eps
        fm = f(x)
        x[idx] += eps
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# RIGHT: flat index with np.eye rows as the basis vectors e_i, reshaped back to x's shape
def num_right_eye_basis(f, x, eps):
    x = np.array(x, dtype=float)
    basis = np.eye(x.size)
    grad = np.empty(x.size)
    for i in range(x.size):
        e = basis[i].reshape(x.shape) * eps
        grad[i] = (f(x + e) - f(x - e)) / (2.0 * eps)
    return grad.reshape(x.shape)


# ============================================================================ fix_backward

def _forward(W, b, X):
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = _sigmoid(Z[j])
    return J, Z, A


# MISTAKE: handed in buggy_backward unchanged (all four of seed 003's errors: BCE sign, column sums, σ instead of σ′, db not summed)
def fix_unchanged(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        column_sums = W[j + 1].sum(axis=0)[:, None]
        phi[j] = column_sums * phi[j + 1] * _sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed three bugs but left the sign of the BCE derivative (−y/a − (1 − y)/(1 − a))
def fix_sign_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed three bugs but kept the column sums of W^{j+1} instead of (W^{j+1})ᵀ φ^{j+1}
def fix_column_sums_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        column_sums = W[j + 1].sum(axis=0)[:, None]
        phi[j] = column_sums * phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed three bugs but left σ(z^j) instead of σ′(z^j) in equation (2)
def fix_sigmoid_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed three bugs but left db = φ^j unsummed over the batch (shape (n_j, m))
def fix_db_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


# MISTAKE: db fixed as the mean over the batch (np.mean, axis 1) instead of the sum: an extra 1/m in db
def fix_db_mean(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].mean(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: db summed without keepdims: shape (n_j,) instead of (n_j, 1)
def fix_db_no_keepdims(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [np.sum(phi[j], axis=1) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: replaced the column sums by W[j+1] @ φ^{j+1} but forgot the transpose
def fix_no_transpose(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1] @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: all four bugs fixed but dW and db divided by m again (double 1/m, Andrew Ng style)
def fix_double_m(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T / m for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) / m for j in range(1, J + 1)]
    return dW, db


# MISTAKE: all four bugs fixed but the /m removed from ∇_a L (gradient of the summed loss, not the mean)
def fix_no_m(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    dA = -Y / A[J] + (1 - Y) / (1 - A[J])
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: replaced the output delta by the fused a − y but forgot the 1/m
def fix_fused_no_m(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    phi = [None] * (J + 1)
    phi[J] = A[J] - Y
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: "fixed" σ into σ′ but evaluated it at a^j: sigmoid_prime(A[j])
def fix_prime_of_A(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(A[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: off-by-one in equation (3): dW^j = φ^j (a^j)ᵀ instead of φ^j (a^{j−1})ᵀ
def fix_dW_index_off(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed only two bugs (transpose product and σ′); left the BCE sign and the unsummed db
def fix_sign_and_db_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


# MISTAKE: "fixed" the sign on the wrong term: (y/a − (1 − y)/(1 − a)), so every gradient is negated
def fix_sign_wrong_term(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: seed 003's index slip introduced while fixing: W[j].T @ φ^{j+1} instead of W[j+1].T
def fix_weight_index_off(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed the four bugs but dropped σ′(z^J) at the output (phi[J] = dA)
def fix_no_output_prime(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: db summed over the wrong axis (axis 0, over units): shape (1, m)
def fix_db_wrong_axis(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=0, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# RIGHT: fused output delta (a − y)/m instead of the chain rule through ∇_a L
def fix_right_fused(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    phi = [None] * (J + 1)
    phi[J] = (A[J] - Y) / m
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# RIGHT: σ′ written from the stored activations, A[j](1 − A[j]), all four bugs fixed
def fix_right_uses_A(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * A[J] * (1 - A[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j] * (1 - A[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [np.sum(phi[j], axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# RIGHT: per-example loop that accumulates gradients of the mean loss (divides each example's delta by m)
def fix_right_per_example(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    dW = [None] + [np.zeros_like(W[j], dtype=float) for j in range(1, J + 1)]
    db = [None] + [np.zeros_like(b[j], dtype=float) for j in range(1, J + 1)]
    for k in range(m):
        a = [X[:, k:k + 1]]
        for j in range(1, J + 1):
            a.append(_sigmoid(W[j] @ a[-1] + b[j]))
        delta = (a[J] - Y[:, k:k + 1]) / m
        for j in range(J, 0, -1):
            dW[j] += delta @ a[j - 1].T
            db[j] += delta
            if j > 1:
                delta = (W[j].T @ delta) * a[j - 1] * (1 - a[j - 1])
    return dW, db


# (exercise, answer, the writer's own description), in the order written
CORPUS = [
    ('neuron_gradient', ng_no_sigma_prime, 'forgot σ′: the delta is just a − y'),
    ('neuron_gradient', ng_sprime_at_a, 'σ′ evaluated at a instead of at z, i.e. σ(a)(1 − σ(a))'),
    ('neuron_gradient', ng_sign_flipped, 'sign of ∂L/∂a flipped: uses y − a'),
    ('neuron_gradient', ng_dW_column, 'dW returned as a column (n, 1), x·φ, instead of the row φ xᵀ (transposed gradient)'),
    ('neuron_gradient', ng_db_missing_sprime, 'σ′ missing from db only (db = a − y); dW is correct'),
    ('neuron_gradient', ng_sprime_from_z, 'σ′ computed from z as z(1 − z) instead of a(1 − a)'),
    ('neuron_gradient', ng_tanh_derivative, "used tanh's derivative 1 − a² for the sigmoid"),
    ('neuron_gradient', ng_dW_times_W, 'dW multiplies the delta by W instead of by x (confused ∂z/∂W with ∂z/∂x)'),
    ('neuron_gradient', ng_no_bias_forward, 'forgot the bias in the forward pass (z = W x)'),
    ('neuron_gradient', ng_factor_two, 'differentiated (a − y)² without the ½: factor 2 in both gradients'),
    ('neuron_gradient', ng_precedence_slip, 'precedence slip a * 1 - a for a(1 − a): σ′ becomes 0, so both gradients are zero'),
    ('neuron_gradient', ng_sigmoid_wrong_sign, 'own sigmoid with the wrong sign in the exponent, 1/(1 + e^{z}) (forward pass wrong)'),
    ('neuron_gradient', ng_dW_over_n, 'divides dW by the number of inputs n (averaging over the weights)'),
    ('neuron_gradient', ng_no_sprime_and_sign, 'two mistakes: σ′ missing and sign flipped (y − a)'),
    ('neuron_gradient', ng_db_times_b, 'db multiplied by the bias value b (treated b like a weight with input b)'),
    ('neuron_gradient', ng_sprime_twice, 'σ′ applied twice: took ∂L/∂a as (a − y)·a(1 − a), then multiplied by σ′ again'),
    ('neuron_gradient', ng_right_loop, 'loops over the n inputs, dW[0, i] = φ x_i, with float conversions'),
    ('neuron_gradient', ng_right_explicit_exp, 'σ′(z) written as e^{−z}/(1 + e^{−z})², dW as (φ x)ᵀ'),
    ('relu_chain', rc_no_relu_prime, 'no ReLU′ factor anywhere (treats every unit as on)'),
    ('relu_chain', rc_missing_prime_layer1, 'ReLU′(z1) missing at layer 1 only'),
    ('relu_chain', rc_missing_prime_output, 'ReLU′(z3) missing at the output unit only'),
    ('relu_chain', rc_all_on_simplification, "used seed 000's all-on simplification ŷ = w1 w2 w3 x for the derivatives (ignores biases and off units)"),
    ('relu_chain', rc_gates_swapped, 'ReLU′ factors of layers 1 and 2 swapped (step(z2) at layer 1, step(z1) at layer 2)'),
    ('relu_chain', rc_uses_z_not_r, 'weight gradients use the pre-activation z of the layer below instead of its output r (dw2 = δ2 z1, dw3 = δ3 z2)'),
    ('relu_chain', rc_wrong_weight_in_chain, 'off-by-one weight in the chain: δ1 = δ2 · w3 · ReLU′(z1) instead of w2'),
    ('relu_chain', rc_sign_flipped, 'sign flipped: ∂C/∂ŷ taken as y − ŷ'),
    ('relu_chain', rc_factor_two, 'factor 2: ∂C/∂ŷ = 2(ŷ − y), as for a cost without the ½'),
    ('relu_chain', rc_reversed_order, "returns the gradients in seed 000's order (∂C/∂w3, ∂C/∂w2, ∂C/∂w1), numbering from the output end"),
    ('relu_chain', rc_no_biases, "forward pass without the biases (seed 000's chain), backward otherwise right"),
    ('relu_chain', rc_relu_instead_of_prime, 'multiplied by ReLU(z) (the activation value) instead of ReLU′(z)'),
    ('relu_chain', rc_local_only, 'no backpropagation through later layers: each dw_j = (ŷ − y)·ReLU′(z_j)·(its input), dropping later weights and gates'),
    ('relu_chain', rc_propagates_dw, 'propagated the weight gradient instead of the delta: δ2 = (∂C/∂w3)·w3·ReLU′(z2) (extra factors r2, r1)'),
    ('relu_chain', rc_gate_on_input, "ReLU′ evaluated at the layer's input (x, r1, r2) instead of its own pre-activation z_j"),
    ('relu_chain', rc_right_gate_on_output, 'gates on the outputs r_j > 0, which is the same as z_j > 0 with ReLU′(0) = 0'),
    ('relu_chain', rc_right_kink_one, 'ReLU′(0) = 1 convention (z >= 0), as seeds 000/001: accepted by the notebook'),
    ('relu_chain', rc_right_kink_half, 'ReLU′(0) = ½ convention via np.heaviside(z, 0.5): accepted by the notebook'),
    ('dense_backward', dense_divide_by_m, "divides all three gradients by m (Andrew Ng's 1/m inside the layer)"),
    ('dense_backward', dense_divide_dW_db_by_m, "divides dW and db by m (but not dA_prev), as in Andrew Ng's course"),
    ('dense_backward', dense_db_mean, 'db is the mean over the batch instead of the sum'),
    ('dense_backward', dense_db_no_keepdims, 'db summed without keepdims: shape (n_out,) instead of (n_out, 1)'),
    ('dense_backward', dense_db_wrong_axis, 'db summed over the wrong axis (over the units, axis 0): shape (1, m)'),
    ('dense_backward', dense_db_not_summed, 'db not summed over the batch: returns dZ itself, shape (n_out, m)'),
    ('dense_backward', dense_dW_transposed, 'dW transposed: A_prev dZᵀ, shape (n_in, n_out)'),
    ('dense_backward', dense_dA_rows, 'dA_prev in PyTorch row layout: dZᵀ W, shape (m, n_in) (not transposed back)'),
    ('dense_backward', dense_pytorch_layout, 'whole answer in PyTorch row layout: dW transposed, db flat, dA_prev transposed (three layout mistakes)'),
    ('dense_backward', dense_dA_uses_dW, 'dA_prev uses dW instead of W: dWᵀ φ'),
    ('dense_backward', dense_dW_product_of_sums, 'dW as the product of the batch sums instead of the sum of per-example products'),
    ('dense_backward', dense_loop_overwrites, 'loops over the examples but assigns dW = outer(...) instead of +=: keeps only the last example'),
    ('dense_backward', dense_loop_db_overwrites, "loop accumulates dW correctly but overwrites db with the last example's column"),
    ('dense_backward', dense_db_scalar, 'db summed over everything: a scalar instead of a column'),
    ('dense_backward', dense_dA_times_sprime, 'multiplies dA_prev by σ′ of the previous layer (sigmoid, from A_prev): returns the previous delta, not dA_prev'),
    ('dense_backward', dense_inplace_divide, "normalises dZ by m in place first (modifies the caller's dZ, and every gradient gets 1/m)"),
    ('dense_backward', dense_right_einsum, 'einsum for dW and dA_prev, db as dZ times a column of ones'),
    ('dense_backward', dense_right_loop, 'explicit loop over examples with np.outer and += accumulation'),
    ('dense_backward', dense_right_rows_then_transpose, "PyTorch-style row computations transposed back to the course's column layout"),
    ('recursive_delta', rd_weight_index_off, "seed 003's index slip: uses W[j] instead of W[j+1] in equation (2)"),
    ('recursive_delta', rd_missing_prime, "forgot σ′(z^j) (seed 003's missing prime: no derivative factor at all)"),
    ('recursive_delta', rd_prime_of_A, 'σ′ evaluated at a^j (A[j]) instead of z^j'),
    ('recursive_delta', rd_prime_wrong_layer, 'σ′ evaluated at z^{j+1} (layer above) instead of z^j'),
    ('recursive_delta', rd_no_transpose, 'forgot the transpose: W[j+1] φ^{j+1} instead of (W^{j+1})ᵀ φ^{j+1}'),
    ('recursive_delta', rd_column_sums, "seed 003's component slip: multiplies by the column sums of W^{j+1} instead of the matrix product"),
    ('recursive_delta', rd_loop_stops_early, 'loop stops one layer early (range(J-1, 1, -1)): φ¹ is left as None'),
    ('recursive_delta', rd_no_leading_none, 'returns [φ¹, …, φᴶ] without the leading None (0-based list instead of course indexing)'),
    ('recursive_delta', rd_forward_loop, 'loop runs forward (j = 1 … J−1) over zero-initialised deltas, so every layer below J−1 gets zeros'),
    ('recursive_delta', rd_reversed_list, 'appends while going backwards and returns [None] + that list: the deltas come out in reverse order'),
    ('recursive_delta', rd_always_from_phi_J, 'always propagates from φᴶ (phi_J) instead of from φ^{j+1}'),
    ('recursive_delta', rd_extra_prime_at_output, "multiplies phi_J by σ′(z^J) again, in place (equation (1) applied a second time; also mutates the caller's phi_J)"),
    ('recursive_delta', rd_sigma_not_prime, 'multiplies by σ(z^j) = A[j] instead of σ′(z^j)'),
    ('recursive_delta', rd_divides_by_m, 'divides each propagated delta by m (an extra 1/m at every layer)'),
    ('recursive_delta', rd_no_prime_layer1, 'leaves out σ′ at layer 1 only ("the first layer sits on the input, so no activation")'),
    ('recursive_delta', rd_rows_not_transposed, 'row layout: φ^{j+1}ᵀ W^{j+1} without transposing back, so each φ^j has shape (m, n_j)'),
    ('recursive_delta', rd_right_einsum, 'einsum for (W^{j+1})ᵀ φ^{j+1}'),
    ('recursive_delta', rd_right_recursion, 'recursive Python function from the top down'),
    ('sigmoid_bce_delta', bce_no_mean, "no 1/m: returns σ(Z) − Y (per-example delta, not the mean's)"),
    ('sigmoid_bce_delta', bce_sign_flipped, 'sign flipped: (Y − σ(Z))/m'),
    ('sigmoid_bce_delta', bce_divide_by_size, 'divides by n·m (np.mean-style normalisation over every entry)'),
    ('sigmoid_bce_delta', bce_divide_by_len, 'divides by len(Z), the number of outputs n, instead of the batch size m'),
    ('sigmoid_bce_delta', bce_seed003_sign, "seed 003's sign slip in ∂ℓ/∂a: (−y/a − (1 − y)/(1 − a)), then times σ′ and 1/m"),
    ('sigmoid_bce_delta', bce_extra_sprime, 'multiplies the simplified delta by σ′ again: (a − y)·a(1 − a)/m'),
    ('sigmoid_bce_delta', bce_returns_dA, 'returns ∇_a L (forgot to multiply by σ′): (−y/a + (1 − y)/(1 − a))/m'),
    ('sigmoid_bce_delta', bce_uses_Z, 'used Z instead of σ(Z): (Z − Y)/m (forgot the activation)'),
    ('sigmoid_bce_delta', bce_mean_over_batch, 'averages over the batch axis: mean(a − y, axis=1), shape (n, 1) instead of (n, m)'),
    ('sigmoid_bce_delta', bce_clip_in_chain_rule, 'unsimplified chain rule with probabilities clipped to [1e-3, 1 − 1e-3] in ∂ℓ/∂a: wrong for saturated outputs'),
    ('sigmoid_bce_delta', bce_unsimplified_nan, 'unsimplified chain rule without clipping: 0/0 = nan when the sigmoid saturates (a = 1 exactly)'),
    ('sigmoid_bce_delta', bce_sigmoid_overflow, 'sigmoid written as e^z/(1 + e^z): overflows to inf/inf = nan for large z'),
    ('sigmoid_bce_delta', bce_tanh, 'used tanh as the output activation: (tanh(Z) − Y)/m'),
    ('sigmoid_bce_delta', bce_softmax_instead, 'used a softmax over each column instead of elementwise sigmoids'),
    ('sigmoid_bce_delta', bce_sign_and_no_mean, 'two mistakes: sign flipped and no 1/m'),
    ('sigmoid_bce_delta', bce_right_stable_where, 'numerically stable sigmoid with np.where, then (a − y)/m'),
    ('sigmoid_bce_delta', bce_right_tanh_identity, 'σ(z) = (1 + tanh(z/2))/2, then (a − y)/m'),
    ('softmax_ce_delta', sm_no_mean, 'no 1/m: softmax(Z) − Y'),
    ('softmax_ce_delta', sm_softmax_rows, 'softmax normalised along the rows (axis=1, PyTorch habit) instead of over each column'),
    ('softmax_ce_delta', sm_no_max_shift, 'no max subtraction: exp overflows for logits of several hundred (nan)'),
    ('softmax_ce_delta', sm_global_max, "subtracts one global max instead of each column's max: columns far below it underflow to 0/0"),
    ('softmax_ce_delta', sm_max_wrong_axis, "subtracts each row's max (axis=1) but normalises columns: the shift differs within a column, so the softmax is wrong"),
    ('softmax_ce_delta', sm_diagonal_jacobian, 'applied equation (1) with only the diagonal of the softmax Jacobian: (−y/s)·s(1 − s)/m = −y(1 − s)/m'),
    ('softmax_ce_delta', sm_jacobian_sign, 'softmax Jacobian with the wrong sign, s sᵀ − diag(s): the delta comes out negated'),
    ('softmax_ce_delta', sm_sign_flipped, 'sign flipped: (Y − softmax(Z))/m'),
    ('softmax_ce_delta', sm_log_softmax, 'used the log-softmax instead of the softmax: (log s − y)/m'),
    ('softmax_ce_delta', sm_sigmoid_instead, 'used elementwise sigmoids instead of the softmax: (σ(Z) − Y)/m'),
    ('softmax_ce_delta', sm_divide_by_n, 'divides by the number of classes n instead of the batch size m'),
    ('softmax_ce_delta', sm_mean_over_batch, 'averages over the batch: mean(s − y, axis=1), shape (n, 1)'),
    ('softmax_ce_delta', sm_inplace_shift, "subtracts the column max in place (Z -= ...): right values but modifies the caller's Z"),
    ('softmax_ce_delta', sm_extra_prime, 'multiplied the fused delta by σ′-like s(1 − s) again: (s − y)·s(1 − s)/m'),
    ('softmax_ce_delta', sm_rows_and_no_mean, 'two mistakes: softmax over rows (axis=1) and no 1/m'),
    ('softmax_ce_delta', sm_right_no_keepdims, 'max and sum without keepdims, which broadcast correctly along the columns of (n, m)'),
    ('softmax_ce_delta', sm_right_logsumexp, 'softmax via log-sum-exp per column'),
    ('numerical_gradient', num_forward_difference, 'one-sided forward difference (f(x + εe_i) − f(x))/ε'),
    ('numerical_gradient', num_backward_difference, 'one-sided backward difference (f(x) − f(x − εe_i))/ε'),
    ('numerical_gradient', num_denominator_eps, 'central difference divided by ε instead of 2ε (factor 2)'),
    ('numerical_gradient', num_precedence_slip, 'precedence slip: (f(x+) − f(x−)) / 2 * eps, i.e. multiplies by ε/2'),
    ('numerical_gradient', num_eps_not_restored, "perturbs in place and never restores: after x+ε and x−2ε the entry stays at x−ε (drifts and mutates the caller's x)"),
    ('numerical_gradient', num_aliasing, 'aliasing: xp = x and xm = x are the same array, so f(x−) is really f(x) and the result is half a forward difference'),
    ('numerical_gradient', num_perturb_all, 'perturbs every entry at once (x ± ε everywhere): each entry gets the same directional derivative'),
    ('numerical_gradient', num_relative_eps, 'relative step h = ε·|x_i| instead of the given ε (nan where x_i = 0)'),
    ('numerical_gradient', num_integer_x, 'no float conversion: with an integer x, x.copy() stays integer and x ± ε is truncated back to x (gradient 0)'),
    ('numerical_gradient', num_loop_rows_only, 'loops over range(len(x)) only: for a 2-D x it perturbs whole rows and fills each row with one number'),
    ('numerical_gradient', num_returns_flat, 'returns a flat vector of length x.size instead of an array shaped like x'),
    ('numerical_gradient', num_fixed_eps, 'ignores the given eps and uses its own 1e-5'),
    ('numerical_gradient', num_perturbation_not_reset, 'perturbation vector built once and never reset: e accumulates ε in every entry visited so far'),
    ('numerical_gradient', num_sign_flipped, 'differences the wrong way round, (f(x − εe_i) − f(x + εe_i))/2ε: sign flipped'),
    ('numerical_gradient', num_flatten_copy, 'perturbs a flattened copy (x.flatten()) but evaluates f on the unperturbed x: gradient all zero'),
    ('numerical_gradient', num_right_inplace_restore, 'in place on x with the old value saved and restored exactly (float copy only if x is not float)'),
    ('numerical_gradient', num_right_inplace_arith, 'in place with arithmetic restore (+ε, −2ε, +ε), as the notebook allows (x may end up 1 ulp off)'),
    ('numerical_gradient', num_right_eye_basis, "flat index with np.eye rows as the basis vectors e_i, reshaped back to x's shape"),
    ('fix_backward', fix_unchanged, "handed in buggy_backward unchanged (all four of seed 003's errors: BCE sign, column sums, σ instead of σ′, db not summed)"),
    ('fix_backward', fix_sign_left, 'fixed three bugs but left the sign of the BCE derivative (−y/a − (1 − y)/(1 − a))'),
    ('fix_backward', fix_column_sums_left, 'fixed three bugs but kept the column sums of W^{j+1} instead of (W^{j+1})ᵀ φ^{j+1}'),
    ('fix_backward', fix_sigmoid_left, 'fixed three bugs but left σ(z^j) instead of σ′(z^j) in equation (2)'),
    ('fix_backward', fix_db_left, 'fixed three bugs but left db = φ^j unsummed over the batch (shape (n_j, m))'),
    ('fix_backward', fix_db_mean, 'db fixed as the mean over the batch (np.mean, axis 1) instead of the sum: an extra 1/m in db'),
    ('fix_backward', fix_db_no_keepdims, 'db summed without keepdims: shape (n_j,) instead of (n_j, 1)'),
    ('fix_backward', fix_no_transpose, 'replaced the column sums by W[j+1] @ φ^{j+1} but forgot the transpose'),
    ('fix_backward', fix_double_m, 'all four bugs fixed but dW and db divided by m again (double 1/m, Andrew Ng style)'),
    ('fix_backward', fix_no_m, 'all four bugs fixed but the /m removed from ∇_a L (gradient of the summed loss, not the mean)'),
    ('fix_backward', fix_fused_no_m, 'replaced the output delta by the fused a − y but forgot the 1/m'),
    ('fix_backward', fix_prime_of_A, '"fixed" σ into σ′ but evaluated it at a^j: sigmoid_prime(A[j])'),
    ('fix_backward', fix_dW_index_off, 'off-by-one in equation (3): dW^j = φ^j (a^j)ᵀ instead of φ^j (a^{j−1})ᵀ'),
    ('fix_backward', fix_sign_and_db_left, 'fixed only two bugs (transpose product and σ′); left the BCE sign and the unsummed db'),
    ('fix_backward', fix_sign_wrong_term, '"fixed" the sign on the wrong term: (y/a − (1 − y)/(1 − a)), so every gradient is negated'),
    ('fix_backward', fix_weight_index_off, "seed 003's index slip introduced while fixing: W[j].T @ φ^{j+1} instead of W[j+1].T"),
    ('fix_backward', fix_no_output_prime, 'fixed the four bugs but dropped σ′(z^J) at the output (phi[J] = dA)'),
    ('fix_backward', fix_db_wrong_axis, 'db summed over the wrong axis (axis 0, over units): shape (1, m)'),
    ('fix_backward', fix_right_fused, 'fused output delta (a − y)/m instead of the chain rule through ∇_a L'),
    ('fix_backward', fix_right_uses_A, 'σ′ written from the stored activations, A[j](1 − A[j]), all four bugs fixed'),
    ('fix_backward', fix_right_per_example, "per-example loop that accumulates gradients of the mean loss (divides each example's delta by m)"),
]
