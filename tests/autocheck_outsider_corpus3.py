"""Outsider-3 corpus: realistic student answers to the eight checked mlpedu exercises.

Every answer is a module-level function <prefix>_<short_name> with a one-line comment above it.
Prefixes: ng_ neuron_gradient, rc_ relu_chain, db_ dense_backward, rd_ recursive_delta,
sb_ sigmoid_bce_delta, sm_ softmax_ce_delta, nd_ numerical_gradient, fb_ fix_backward.
Helpers (not answers) have no such prefix.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def relu(z):
    return max(z, 0.0)


def step(z):
    return 1.0 if z > 0 else 0.0


# =====================================================================================
# Exercise 1.1  neuron_gradient(x, W, b, y) -> (dW (1, n), db (1, 1))
# =====================================================================================

# MISTAKE: leaves out σ′(z): uses φ = a − y (the derivative w.r.t. a) as the delta
def ng_no_sigma_prime(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = a - y
    return phi @ x.T, phi


# MISTAKE: sign slip in ∂L/∂a: writes y − a instead of a − y
def ng_sign_flip(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (y - a) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: CS231n/row layout: dW = x φ, a column (n, 1), the transpose of W's shape (1, n)
def ng_dW_column(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    dW = x @ phi
    return dW, phi


# MISTAKE: σ′ evaluated at the activation a instead of at z: σ(a)(1 − σ(a))
def ng_sigma_prime_at_a(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * sigmoid_prime(a)
    return phi @ x.T, phi


# MISTAKE: plugs z into the formula a(1 − a): uses z(1 − z) as σ′
def ng_prime_formula_on_z(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * z * (1 - z)
    return phi @ x.T, phi


# MISTAKE: multiplies by σ(z) instead of σ′(z) (the activation instead of its derivative)
def ng_sigma_instead_of_prime(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * sigmoid(z)
    return phi @ x.T, phi


# MISTAKE: forward pass forgets the bias: z = W x
def ng_no_bias_forward(x, W, b, y):
    z = W @ x
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: keeps the ½ of the loss in the derivative: φ = ½ (a − y) σ′(z)
def ng_half_kept(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = 0.5 * (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: differentiates (a − y)² without the ½ (MSE convention): gradient twice too large
def ng_factor_two(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = 2 * (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: loop over the inputs stops one early (range(n − 1)): the last weight's gradient stays 0
def ng_loop_off_by_one(x, W, b, y):
    n = x.shape[0]
    z = (W @ x + b).item()
    a = 1.0 / (1.0 + np.exp(-z))
    phi = (a - y.item()) * a * (1 - a)
    dW = np.zeros((1, n))
    for i in range(n - 1):
        dW[0, i] = phi * x[i, 0]
    db = np.array([[phi]])
    return dW, db


# MISTAKE: σ′ only in dW: the bias gradient is a − y without σ′
def ng_db_without_prime(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    dW = (a - y) * a * (1 - a) @ x.T
    db = a - y
    return dW, db


# MISTAKE: uses tanh's derivative 1 − a² instead of the sigmoid's a(1 − a)
def ng_tanh_derivative(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * (1 - a ** 2)
    return phi @ x.T, phi


# MISTAKE: takes ∂z/∂W to be W (confuses it with ∂z/∂x): dW = φ W instead of φ xᵀ
def ng_times_W(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    dW = phi * W
    return dW, phi


# MISTAKE: two slips: sign flipped (y − a) and σ′ missing
def ng_sign_and_no_prime(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = y - a
    return phi @ x.T, phi


# MISTAKE: uses the neuron's own output a instead of its input x in dW = φ aᵀ (gives shape (1, 1))
def ng_dW_uses_a(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    dW = phi @ a.T
    return dW, phi


# RIGHT: explicit scalar loop over the inputs, all entries included
def ng_right_loop(x, W, b, y):
    n = x.shape[0]
    z = b[0, 0]
    for i in range(n):
        z += W[0, i] * x[i, 0]
    a = 1.0 / (1.0 + np.exp(-z))
    phi = (a - y[0, 0]) * a * (1.0 - a)
    dW = np.empty_like(W, dtype=float)
    for i in range(n):
        dW[0, i] = phi * x[i, 0]
    return dW, np.full((1, 1), phi)


# RIGHT: σ′(z) written as e^{−z}/(1 + e^{−z})², the same function
def ng_right_exp_form(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    sp = np.exp(-z) / (1.0 + np.exp(-z)) ** 2
    phi = (a - y) * sp
    return np.dot(phi, x.T), phi.copy()


# =====================================================================================
# Exercise 1.2  relu_chain(x, w1, b1, w2, b2, w3, b3, y) -> (dC/dw1, dC/dw2, dC/dw3)
# =====================================================================================

def _chain_forward(x, w1, b1, w2, b2, w3, b3):
    z1 = w1 * x + b1
    r1 = relu(z1)
    z2 = w2 * r1 + b2
    r2 = relu(z2)
    z3 = w3 * r2 + b3
    r3 = relu(z3)
    return z1, r1, z2, r2, z3, r3


# MISTAKE: seed 000's collapsed product: differentiates ŷ = w1 w2 w3 x with no ReLU′ step factors at all
def rc_collapsed(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    err = r3 - y
    return err * w3 * w2 * x, err * w3 * r1, err * r2


# MISTAKE: forgets the ReLU′ factor of layer 1 (first unit's step)
def rc_missing_step1(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * step(z3)
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: multiplies by ReLU(z) instead of ReLU′(z) (the activation instead of its derivative)
def rc_relu_as_derivative(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * relu(z3)
    d2 = d3 * w3 * relu(z2)
    d1 = d2 * w2 * relu(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: every weight gradient multiplies its delta by the network input x instead of that layer's input
def rc_input_x_everywhere(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * step(z3)
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2 * step(z1)
    return d1 * x, d2 * x, d3 * x


# MISTAKE: weight gradient uses the layer's own output r_j instead of its input r_{j−1}
def rc_own_output(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * step(z3)
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2 * step(z1)
    return d1 * r1, d2 * r2, d3 * r3


# MISTAKE: seed 000 numbers weights from the output end: returns (dC/dw3, dC/dw2, dC/dw1), reversed order
def rc_reversed_order(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * step(z3)
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2 * step(z1)
    return d3 * r2, d2 * r1, d1 * x


# MISTAKE: forward pass without the biases (seed 000's bias-free chain)
def rc_no_biases(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x
    r1 = max(z1, 0)
    z2 = w2 * r1
    r2 = max(z2, 0)
    z3 = w3 * r2
    r3 = max(z3, 0)
    d3 = (r3 - y) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return float(d1 * x), float(d2 * r1), float(d3 * r2)


# MISTAKE: index slip in the backward step: delta of layer j uses its own weight w_j instead of w_{j+1}
def rc_wrong_weight_in_delta(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * step(z3)
    d2 = d3 * w2 * step(z2)
    d1 = d2 * w1 * step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: sign slip: ∂C/∂ŷ written as y − ŷ
def rc_sign(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (y - r3) * step(z3)
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2 * step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: forward loop never updates its input: every layer computes w_j x + b_j from x itself
def rc_loop_feeds_x(x, w1, b1, w2, b2, w3, b3, y):
    ws, bs = [w1, w2, w3], [b1, b2, b3]
    zs, rs = [], [x]
    for j in range(3):
        z = ws[j] * x + bs[j]
        zs.append(z)
        rs.append(max(z, 0.0))
    delta = (rs[3] - y)
    grads = [0.0, 0.0, 0.0]
    for j in range(2, -1, -1):
        delta = delta * (1.0 if zs[j] > 0 else 0.0)
        grads[j] = delta * rs[j]
        delta = delta * ws[j]
    return tuple(grads)


# MISTAKE: forgets the output unit's ReLU′ (step of layer 3)
def rc_missing_step3(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = r3 - y
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2 * step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: uses the sigmoid's derivative σ(z)(1 − σ(z)) in place of ReLU′
def rc_sigmoid_derivative(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * sigmoid_prime(z3)
    d2 = d3 * w3 * sigmoid_prime(z2)
    d1 = d2 * w2 * sigmoid_prime(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: keeps the ½ of the cost: ∂C/∂ŷ = ½ (ŷ − y)
def rc_half_kept(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = 0.5 * (r3 - y) * step(z3)
    d2 = d3 * w3 * step(z2)
    d1 = d2 * w2 * step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: evaluates ReLU′ at w_j r_{j−1} without the bias (derivative at the wrong place)
def rc_step_without_bias(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * step(w3 * r2)
    d2 = d3 * w3 * step(w2 * r1)
    d1 = d2 * w2 * step(w1 * x)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: two slips: layer 2's ReLU′ missing and ∂C/∂w2 multiplies by x instead of r1
def rc_two_mistakes(x, w1, b1, w2, b2, w3, b3, y):
    z1, r1, z2, r2, z3, r3 = _chain_forward(x, w1, b1, w2, b2, w3, b3)
    d3 = (r3 - y) * step(z3)
    d2 = d3 * w3
    d1 = d2 * w2 * step(z1)
    return d1 * x, d2 * x, d3 * r2


# MISTAKE: backward loop multiplies the delta by w_j before storing ∂C/∂w_j: each gradient gets an extra factor w_j
def rc_loop_weight_too_early(x, w1, b1, w2, b2, w3, b3, y):
    ws, bs = [w1, w2, w3], [b1, b2, b3]
    zs, rs = [], [x]
    for j in range(3):
        z = ws[j] * rs[-1] + bs[j]
        zs.append(z)
        rs.append(max(z, 0.0))
    delta = rs[3] - y
    grads = [0.0, 0.0, 0.0]
    for j in reversed(range(3)):
        delta = delta * (1.0 if zs[j] > 0 else 0.0)
        delta = delta * ws[j]
        grads[j] = delta * rs[j]
    return grads[0], grads[1], grads[2]


# RIGHT: ReLU′(0) = 1 (seed 001's convention, accepted by the exercise)
def rc_right_relu1_at_zero(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * (1.0 if z3 >= 0 else 0.0)
    d2 = d3 * w3 * (1.0 if z2 >= 0 else 0.0)
    d1 = d2 * w2 * (1.0 if z1 >= 0 else 0.0)
    return d1 * x, d2 * r1, d3 * r2


# RIGHT: generic loop over layers with np.heaviside(z, 0.5) (ReLU′(0) = ½, accepted)
def rc_right_loop_heaviside(x, w1, b1, w2, b2, w3, b3, y):
    ws, bs = [w1, w2, w3], [b1, b2, b3]
    a, zs, ins = float(x), [], []
    for w, bb in zip(ws, bs):
        ins.append(a)
        z = w * a + bb
        zs.append(z)
        a = max(z, 0.0)
    delta = a - y
    grads = [None] * 3
    for j in (2, 1, 0):
        delta = delta * float(np.heaviside(zs[j], 0.5))
        grads[j] = delta * ins[j]
        delta = delta * ws[j]
    return tuple(grads)


# =====================================================================================
# Exercise 2  dense_backward(dZ, A_prev, W) -> (dW, db, dA_prev)
# =====================================================================================

# MISTAKE: Andrew Ng's convention: divides dW and db by m although the 1/m is already inside dZ
def db_ng_divide_m(dZ, A_prev, W):
    m = A_prev.shape[1]
    dW = (1 / m) * dZ @ A_prev.T
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: bias gradient is the mean over the columns instead of the sum
def db_db_mean(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.mean(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: dW transposed: A_prev φᵀ of shape (n_in, n_out)
def db_dW_transposed(dZ, A_prev, W):
    dW = A_prev @ dZ.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: PyTorch row habit half-converted: dA_prev = dZᵀ W, shape (m, n_in), examples as rows
def db_dA_rows(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = dZ.T @ W
    return dW, db, dA_prev


# MISTAKE: db summed without keepdims: shape (n_out,) instead of (n_out, 1)
def db_db_flat(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: bias gradient summed over the wrong axis (over the units, axis 0), shape (1, m)
def db_db_axis0(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=0, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: seed 003's ∇b = φ taken literally over a batch: db = dZ, not summed over the columns
def db_db_is_dZ(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: ∂z/∂b taken as a matrix of ones (seed 003): every entry of db is the sum of all of dZ
def db_db_ones_matrix(dZ, A_prev, W):
    n_out = dZ.shape[0]
    dW = dZ @ A_prev.T
    db = np.ones((n_out, n_out)) @ dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: loop over examples assigns dW = outer(...) instead of adding (=, not +=): keeps the last example only
def db_loop_assign(dZ, A_prev, W):
    n_out, m = dZ.shape
    dW = np.zeros_like(W, dtype=float)
    db = np.zeros((n_out, 1))
    for i in range(m):
        dW = np.outer(dZ[:, i], A_prev[:, i])
        db += dZ[:, i:i + 1]
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: loop over examples runs range(m − 1): the last example is left out of dW and db
def db_loop_range(dZ, A_prev, W):
    n_out, m = dZ.shape
    dW = np.zeros(W.shape)
    db = np.zeros((n_out, 1))
    for i in range(m - 1):
        dW += np.outer(dZ[:, i], A_prev[:, i])
        db += dZ[:, [i]]
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: multiplies dA_prev by a ReLU′ (A_prev > 0): an activation derivative that does not belong in the dense layer
def db_dA_extra_prime(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = (W.T @ dZ) * (A_prev > 0)
    return dW, db, dA_prev


# MISTAKE: forgets the transpose in dA_prev: W φ instead of Wᵀ φ (runs only for square W)
def db_dA_no_transpose(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W @ dZ
    return dW, db, dA_prev


# MISTAKE: returns the negative gradients (thinks of the descent direction −∇)
def db_negative(dZ, A_prev, W):
    dW = -(dZ @ A_prev.T)
    db = -dZ.sum(axis=1, keepdims=True)
    dA_prev = -(W.T @ dZ)
    return dW, db, dA_prev


# MISTAKE: returns the three results in the wrong order (dW, dA_prev, db)
def db_return_order(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, dA_prev, db


# MISTAKE: sums each factor over the batch first: dW = (Σ_c φ_c)(Σ_c a_c)ᵀ, product of sums instead of sum of products
def db_product_of_sums(dZ, A_prev, W):
    dW = dZ.sum(axis=1, keepdims=True) @ A_prev.sum(axis=1, keepdims=True).T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: two mistakes: dW transposed (A_prev φᵀ) and db = dZ not summed over the columns
def db_two_mistakes(dZ, A_prev, W):
    dW = A_prev @ dZ.T
    db = dZ
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: db accumulator reset inside the loop over examples: db keeps the last column only
def db_loop_reset_inside(dZ, A_prev, W):
    m = dZ.shape[1]
    dW = dZ @ A_prev.T
    for i in range(m):
        db = np.zeros((dZ.shape[0], 1))
        db += dZ[:, i].reshape(-1, 1)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# RIGHT: einsum for dW and a product with a column of ones for db
def db_right_einsum(dZ, A_prev, W):
    dW = np.einsum("im,jm->ij", dZ, A_prev)
    db = dZ @ np.ones((dZ.shape[1], 1))
    dA_prev = np.einsum("ij,im->jm", W, dZ)
    return dW, db, dA_prev


# RIGHT: explicit loop accumulating the per-example outer products
def db_right_loop(dZ, A_prev, W):
    n_out, m = dZ.shape
    dW = np.zeros((n_out, A_prev.shape[0]))
    db = np.zeros((n_out, 1))
    dA_prev = np.zeros(A_prev.shape)
    for c in range(m):
        phi = dZ[:, c:c + 1]
        dW += phi @ A_prev[:, c:c + 1].T
        db += phi
        dA_prev[:, c:c + 1] = W.T @ phi
    return dW, db, dA_prev


# RIGHT: PyTorch row layout inside, converted back fully (X = A_prevᵀ, G = dZᵀ)
def db_right_rows_converted(dZ, A_prev, W):
    X, G = A_prev.T, dZ.T
    grad_W = G.T @ X
    grad_b = G.sum(axis=0)[:, None]
    grad_X = G @ W
    return grad_W, grad_b, grad_X.T


# =====================================================================================
# Exercise 3  recursive_delta(W, Z, A, phi_J, sigma_prime) -> [None, φ1, ..., φJ]
# =====================================================================================

# MISTAKE: seed 003's slip: multiplies by σ(z^j) = A[j] instead of σ′(z^j)
def rd_sigma_not_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j]
    return phi


# MISTAKE: seed 003's index slip: Σ_k w_{k,i} φ_i (column sums of W times φ^{j+1} entrywise)
def rd_same_index(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        col_sums = W[j + 1].sum(axis=0)[:, None]
        phi[j] = col_sums * phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: forgets the transpose: W^{j+1} φ^{j+1} instead of (W^{j+1})ᵀ φ^{j+1}
def rd_no_transpose(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1] @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: σ′ evaluated at the activation a^j instead of at z^j
def rd_sigma_prime_at_A(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(A[j])
    return phi


# MISTAKE: leaves out σ′(z^j) entirely: φ^j = (W^{j+1})ᵀ φ^{j+1}
def rd_missing_sigma_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1]
    return phi


# MISTAKE: loop bound range(J − 1, 1, −1) stops before layer 1: φ¹ stays at its initial zeros
def rd_loop_stops_early(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] + [np.zeros_like(Z[j]) for j in range(1, J + 1)]
    phi[J] = phi_J
    for j in range(J - 1, 1, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: loop runs forwards (j = 1 … J−1): each φ^j is computed from a φ^{j+1} not computed yet (still zeros)
def rd_loop_forwards(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] + [np.zeros_like(Z[j]) for j in range(1, J + 1)]
    phi[J] = phi_J
    for j in range(1, J):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: applies equation (1) to the given φᴶ again: phi[J] = phi_J ∘ σ′(z^J), an extra σ′ at the output that propagates down
def rd_phi_J_times_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J * sigma_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: ignores the sigma_prime argument and hard-codes the sigmoid's derivative a(1 − a)
def rd_sigmoid_hardcoded(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j] * (1 - A[j])
    return phi


# MISTAKE: appends the deltas while going down and forgets to reverse: the list is in reverse order
def rd_reversed_list(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    deltas = [phi_J]
    for j in range(J - 1, 0, -1):
        deltas.append((W[j + 1].T @ deltas[-1]) * sigma_prime(Z[j]))
    return [None] + deltas


# MISTAKE: Andrew Ng habit: divides every hidden delta by m again (the 1/m is already in φᴶ)
def rd_divided_by_m(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    m = phi_J.shape[1]
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j]) / m
    return phi


# MISTAKE: PyTorch row layout half-converted: hidden deltas computed as φᵀ W and returned as (m, n_j), transposed
def rd_rows_layout(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    d = phi_J.T
    for j in range(J - 1, 0, -1):
        d = (d @ W[j + 1]) * sigma_prime(Z[j]).T
        phi[j] = d
    return phi


# MISTAKE: returns [None, φ¹, …, φ^{J−1}] without φᴶ (list one too short)
def rd_forgot_phi_J(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * J
    current = phi_J
    for j in range(J - 1, 0, -1):
        current = (W[j + 1].T @ current) * sigma_prime(Z[j])
        phi[j] = current
    return phi


# MISTAKE: puts σ′ of the layer above inside the product: (W^{j+1})ᵀ(φ^{j+1} ∘ σ′(z^{j+1})) instead of ∘ σ′(z^j) outside
def rd_prime_of_layer_above(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ (phi[j + 1] * sigma_prime(Z[j + 1]))
    return phi


# MISTAKE: off-by-one weight index: uses W[j] instead of W[j+1]
def rd_wrong_W_index(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: both of seed 003's slips at once: column sums times φ_i (index slip) and σ(z) = A[j] instead of σ′
def rd_both_seed_slips(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].sum(axis=0)[:, None] * phi[j + 1] * A[j]
    return phi


# RIGHT: component form with explicit loops, φ^j_i = σ′(z^j_i) Σ_k w^{j+1}_{k,i} φ^{j+1}_k
def rd_right_components(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = np.array(phi_J, dtype=float)
    for j in range(J - 1, 0, -1):
        n_j, m = Z[j].shape
        n_up = W[j + 1].shape[0]
        sp = sigma_prime(Z[j])
        out = np.zeros((n_j, m))
        for c in range(m):
            for i in range(n_j):
                total = 0.0
                for k in range(n_up):
                    total += W[j + 1][k, i] * phi[j + 1][k, c]
                out[i, c] = total * sp[i, c]
        phi[j] = out
    return phi


# RIGHT: recursion with einsum for (W^{j+1})ᵀ φ^{j+1}
def rd_right_recursive_einsum(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1

    def delta(j):
        if j == J:
            return phi_J
        return np.einsum("ki,km->im", W[j + 1], delta(j + 1)) * sigma_prime(Z[j])

    return [None] + [delta(j) for j in range(1, J + 1)]


# =====================================================================================
# Exercise 4.1  sigmoid_bce_delta(Z, Y) -> (σ(Z) − Y) / m
# =====================================================================================

# MISTAKE: Nielsen's per-example cost: a − y without the 1/m of the batch mean
def sb_no_m(Z, Y):
    A = sigmoid(Z)
    return A - Y


# MISTAKE: seed 003's sign slip: (−y/a − (1−y)/(1−a)) ∘ a(1−a) / m
def sb_seed_sign(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    dA = -Y / A - (1 - Y) / (1 - A)
    return dA * A * (1 - A) / m


# MISTAKE: sign flipped: (y − a)/m
def sb_sign_flipped(Z, Y):
    m = Z.shape[1]
    return (Y - sigmoid(Z)) / m


# MISTAKE: m taken as len(Z) (row-layout habit): divides by the number of outputs n instead of examples m
def sb_len_Z(Z, Y):
    m = len(Z)
    return (sigmoid(Z) - Y) / m


# MISTAKE: divides by Z.size = n·m (mean over every entry) instead of m
def sb_divide_by_size(Z, Y):
    return (sigmoid(Z) - Y) / Z.size


# MISTAKE: multiplies the already simplified a − y by σ′ again: (a − y) a (1 − a) / m
def sb_extra_sigma_prime(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    return (A - Y) * A * (1 - A) / m


# MISTAKE: forgets to apply the sigmoid: uses z − y
def sb_no_sigmoid(Z, Y):
    m = Z.shape[1]
    return (Z - Y) / m


# MISTAKE: returns ∂L/∂a (−y/a + (1−y)/(1−a))/m, forgets to multiply by σ′(z)
def sb_grad_a_only(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) / m


# MISTAKE: column loop runs range(m − 1): the last example's delta stays 0
def sb_loop_last_column(Z, Y):
    n, m = Z.shape
    phi = np.zeros((n, m))
    for c in range(m - 1):
        a = 1 / (1 + np.exp(-Z[:, c]))
        phi[:, c] = (a - Y[:, c]) / m
    return phi


# MISTAKE: takes the loss in log base 10 (keeps seed 003's log(e) factor as log10 e = 1/ln 10)
def sb_log10(Z, Y):
    m = Z.shape[1]
    return (sigmoid(Z) - Y) * np.log10(np.e) / m


# MISTAKE: uses np.tanh as the output activation instead of the sigmoid
def sb_tanh_as_sigmoid(Z, Y):
    m = Z.shape[1]
    return (np.tanh(Z) - Y) / m


# MISTAKE: averages the delta over the batch: returns one column (n, 1) instead of one delta per example
def sb_mean_over_batch(Z, Y):
    A = sigmoid(Z)
    return np.mean(A - Y, axis=1, keepdims=True)


# MISTAKE: sign slip inside the sigmoid: 1/(1 + e^{z}) = σ(−z)
def sb_exp_sign(Z, Y):
    m = Z.shape[1]
    A = 1 / (1 + np.exp(Z))
    return (A - Y) / m


# MISTAKE: two mistakes: sign flipped (y − a) and no 1/m
def sb_sign_and_no_m(Z, Y):
    return Y - sigmoid(Z)


# MISTAKE: row layout: returns the transpose (m, n)
def sb_transposed(Z, Y):
    m = Z.shape[1]
    return ((sigmoid(Z) - Y) / m).T


# RIGHT: σ(z) = (1 + tanh(z/2))/2, an identity that never overflows
def sb_right_tanh_identity(Z, Y):
    A = 0.5 * (1.0 + np.tanh(0.5 * Z))
    return (A - Y) / Z.shape[1]


# RIGHT: per-column loop with a branch-stable sigmoid
def sb_right_loop(Z, Y):
    n, m = Z.shape
    out = np.empty((n, m))
    for c in range(m):
        for i in range(n):
            z = Z[i, c]
            if z >= 0:
                a = 1.0 / (1.0 + np.exp(-z))
            else:
                e = np.exp(z)
                a = e / (1.0 + e)
            out[i, c] = (a - Y[i, c]) / m
    return out


# =====================================================================================
# Exercise 4.2  softmax_ce_delta(Z, Y) -> (softmax(Z) − Y) / m
# =====================================================================================

def _softmax(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


# MISTAKE: no 1/m: returns a − y for the summed (not mean) loss
def sm_no_m(Z, Y):
    return _softmax(Z) - Y


# MISTAKE: softmax without subtracting the max: exp overflows for logits of several hundred (NaN)
def sm_no_max_shift(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z)
    A = E / np.sum(E, axis=0, keepdims=True)
    return (A - Y) / m


# MISTAKE: softmax normalised over the rows (axis=1, PyTorch's dim=1 habit) instead of each column
def sm_softmax_over_rows(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    A = E / E.sum(axis=1, keepdims=True)
    return (A - Y) / m


# MISTAKE: softmax normalised over the whole matrix (np.sum without axis)
def sm_softmax_whole_matrix(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - np.max(Z))
    A = E / np.sum(E)
    return (A - Y) / m


# MISTAKE: equation (1) with σ′ = a(1 − a) for softmax (only the Jacobian's diagonal): (−y/a) a(1 − a)/m
def sm_diagonal_jacobian(Z, Y):
    m = Z.shape[1]
    A = _softmax(Z)
    dA = -Y / A / m
    return dA * A * (1 - A)


# MISTAKE: returns ∂L/∂a = −y/a /m and stops: no softmax Jacobian at all
def sm_grad_a_only(Z, Y):
    m = Z.shape[1]
    A = _softmax(Z)
    return -Y / A / m


# MISTAKE: subtracts each row's max (axis=1) instead of each column's: a different shift per entry changes the softmax
def sm_row_max_shift(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) / m


# MISTAKE: sign flipped: (y − a)/m
def sm_sign(Z, Y):
    m = Z.shape[1]
    return (Y - _softmax(Z)) / m


# MISTAKE: divides by the number of classes n (Z.shape[0]) instead of the number of examples m
def sm_divide_by_n(Z, Y):
    n = Z.shape[0]
    return (_softmax(Z) - Y) / n


# MISTAKE: uses sigmoid outputs instead of softmax: (σ(z) − y)/m
def sm_sigmoid_outputs(Z, Y):
    m = Z.shape[1]
    return (sigmoid(Z) - Y) / m


# MISTAKE: averages over the batch: returns one column (n, 1), the mean of a − y over examples
def sm_mean_over_batch(Z, Y):
    return (_softmax(Z) - Y).mean(axis=1, keepdims=True)


# MISTAKE: column loop with an off-by-one index: softmax of column i − 1 paired with target column i
def sm_loop_off_by_one(Z, Y):
    n, m = Z.shape
    phi = np.zeros((n, m))
    for i in range(m):
        z = Z[:, i - 1]
        e = np.exp(z - z.max())
        phi[:, i] = (e / e.sum() - Y[:, i]) / m
    return phi


# MISTAKE: applies the softmax Jacobian (diag(a) − a aᵀ) to the already fused delta (a − y)/m: Jacobian counted twice
def sm_jacobian_on_fused(Z, Y):
    m = Z.shape[1]
    A = _softmax(Z)
    G = (A - Y) / m
    out = np.zeros_like(Z, dtype=float)
    for c in range(m):
        a = A[:, c]
        out[:, c] = (np.diag(a) - np.outer(a, a)) @ G[:, c]
    return out


# MISTAKE: only the true class gets a gradient: (a − 1) at the target entry, 0 for the other classes
def sm_true_class_only(Z, Y):
    m = Z.shape[1]
    A = _softmax(Z)
    return Y * (A - 1) / m


# MISTAKE: two mistakes: no max shift (overflow at large logits) and no 1/m
def sm_no_shift_no_m(Z, Y):
    A = np.exp(Z) / np.exp(Z).sum(axis=0)
    return A - Y


# MISTAKE: "stabilises" after exponentiating (divides e^z by its column max): e^z still overflows, NaN for large logits
def sm_rescale_after_exp(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z)
    E = E / E.max(axis=0, keepdims=True)
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) / m


# MISTAKE: row layout: returns the delta transposed (m, n)
def sm_transposed(Z, Y):
    m = Z.shape[1]
    return ((_softmax(Z) - Y) / m).T


# RIGHT: softmax through log-sum-exp (numerically safe), then (a − y)/m
def sm_right_logsumexp(Z, Y):
    top = Z.max(axis=0, keepdims=True)
    lse = top + np.log(np.exp(Z - top).sum(axis=0, keepdims=True))
    A = np.exp(Z - lse)
    return (A - Y) / Z.shape[1]


# RIGHT: the general formula (Σ_i y_i) a − y, equal to a − y for one-hot columns
def sm_right_general_formula(Z, Y):
    A = _softmax(Z)
    return (Y.sum(axis=0, keepdims=True) * A - Y) / Z.shape[1]


# RIGHT: per-column loop with the max shift
def sm_right_loop(Z, Y):
    n, m = Z.shape
    out = np.empty((n, m))
    for c in range(m):
        z = Z[:, c] - np.max(Z[:, c])
        e = np.exp(z)
        out[:, c] = (e / np.sum(e) - Y[:, c]) / m
    return out


# =====================================================================================
# Exercise 5  numerical_gradient(f, x, eps) -> central differences, shaped like x
# =====================================================================================

# MISTAKE: one-sided forward difference (f(x + εe) − f(x))/ε
def nd_forward_diff(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    fx = f(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy()
        xp[idx] += eps
        grad[idx] = (f(xp) - fx) / eps
    return grad


# MISTAKE: one-sided backward difference (f(x) − f(x − εe))/ε
def nd_backward_diff(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xm = x.copy()
        xm[idx] -= eps
        grad[idx] = (f(x) - f(xm)) / eps
    return grad


# MISTAKE: central difference divided by ε instead of 2ε (twice too large)
def nd_over_eps(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / eps
    return grad


# MISTAKE: perturbs x in place and never puts the entry back: each entry is left at x − ε for the later ones
def nd_no_restore(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        fp = f(x)
        x[idx] -= 2 * eps
        fm = f(x)
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: aliasing: xp = x and xm = x are the same array, so f sees x both times and every entry is 0
def nd_alias(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp = x
        xm = x
        xp[idx] = xp[idx] + eps
        xm[idx] = xm[idx] - eps
        grad[idx] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: perturbs every entry at once (x ± ε everywhere) and puts the same number in every entry
def nd_all_at_once(f, x, eps):
    d = (f(x + eps) - f(x - eps)) / (2 * eps)
    return np.full(x.shape, d)


# MISTAKE: ignores the eps argument and uses a hard-coded step 1e-5
def nd_fixed_eps(f, x, eps):
    h = 1e-5
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        grad[idx] = (f(xp) - f(xm)) / (2 * h)
    return grad


# MISTAKE: walks only the first axis (range(x.shape[0])): for a matrix it perturbs a whole row at once
def nd_first_axis_only(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in range(x.shape[0]):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: after x + ε it restores x and evaluates f(x) instead of f(x − ε), yet divides by 2ε (half a forward difference)
def nd_minus_side_at_x(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + eps
        fp = f(x)
        x[idx] = old
        fm = f(x)
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: returns a flat vector of length x.size instead of an array shaped like x
def nd_flat_return(f, x, eps):
    grad = np.zeros(x.size)
    for k, idx in enumerate(np.ndindex(*x.shape)):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[k] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: sign slip: (f(x − εe) − f(x + εe))/(2ε)
def nd_sign(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xm) - f(xp)) / (2 * eps)
    return grad


# MISTAKE: perturbs by a relative step ε·x_i but divides by 2ε
def nd_relative_step(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        h = eps * x[idx]
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        grad[idx] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: copies x once before the loop and never resets the copies: perturbations pile up entry after entry
def nd_copy_once(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    xp = x.copy()
    xm = x.copy()
    for idx in np.ndindex(*x.shape):
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: flat loop range(x.size − 1) misses the last entry (its gradient stays 0)
def nd_last_entry_missed(f, x, eps):
    grad = np.zeros(x.shape)
    flat_x = x.reshape(-1)
    flat_g = grad.reshape(-1)
    for k in range(x.size - 1):
        xp = flat_x.copy()
        xm = flat_x.copy()
        xp[k] += eps
        xm[k] -= eps
        flat_g[k] = (f(xp.reshape(x.shape)) - f(xm.reshape(x.shape))) / (2 * eps)
    return grad


# MISTAKE: saves the original value once before the loop (entry 0's) and restores every entry to it
def nd_restore_first_value(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    first = next(np.ndindex(*x.shape))
    old = x[first]
    for idx in np.ndindex(*x.shape):
        x[idx] = old + eps
        fp = f(x)
        x[idx] = old - eps
        fm = f(x)
        x[idx] = old
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# RIGHT: perturbs x in place and puts every entry back exactly
def nd_right_inplace_restore(f, x, eps):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        saved = x[idx].copy()
        x[idx] = saved + eps
        plus = f(x)
        x[idx] = saved - eps
        minus = f(x)
        x[idx] = saved
        grad[idx] = (plus - minus) / (2.0 * eps)
    return grad


# RIGHT: adds a basis array e (ε at one entry), never touching x
def nd_right_basis(f, x, eps):
    x = np.asarray(x, dtype=float)
    grad = np.empty_like(x)
    for idx in np.ndindex(*x.shape):
        e = np.zeros_like(x)
        e[idx] = eps
        grad[idx] = (f(x + e) - f(x - e)) / (2 * eps)
    return grad


# =====================================================================================
# Exercise 6  fix_backward(W, b, X, Y) -> (dW, db) lists; seed code has four bugs:
#   (i) dA sign of the second term, (ii) column sums instead of W[j+1].T @ phi[j+1],
#   (iii) sigmoid(Z[j]) instead of sigmoid_prime(Z[j]), (iv) db = phi[j] not summed over columns
# =====================================================================================

def _forward(W, b, X):
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    return J, Z, A


# MISTAKE: fixed three bugs but kept seed 003's sign in ∂L/∂a: −y/a − (1−y)/(1−a)
def fb_kept_sign(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed three bugs but kept the column sums Σ_k w_{k,i} times φ_i (seed's index slip)
def fb_kept_column_sums(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        column_sums = W[j + 1].sum(axis=0)[:, None]
        phi[j] = column_sums * phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed three bugs but kept σ(z^j) where σ′(z^j) belongs in equation (2)
def fb_kept_sigma(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed three bugs but kept db = φ^j, not summed over the batch's columns
def fb_kept_db(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


# MISTAKE: bias gradient as the mean over the columns instead of the sum
def fb_db_mean(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].mean(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: replaced (1) by the fused delta a − y but dropped the 1/m of the mean
def fb_fused_no_m(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    phi = [None] * (J + 1)
    phi[J] = A[J] - Y
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: Andrew Ng style 1/m in dW and db as well as in dA: divides by m twice
def fb_double_m(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T / m for j in range(1, J + 1)]
    db = [None] + [np.sum(phi[j], axis=1, keepdims=True) / m for j in range(1, J + 1)]
    return dW, db


# MISTAKE: weight gradient uses the layer's own activation: φ^j (a^j)ᵀ instead of φ^j (a^{j−1})ᵀ
def fb_dW_with_A_j(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: σ′ evaluated at the activation: sigmoid_prime(A[j]) instead of sigmoid_prime(Z[j]) in (2)
def fb_sigmoid_prime_of_A(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(A[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: replaced the column sums by W[j+1] @ φ without the transpose (runs only for square W)
def fb_W_no_transpose(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1] @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: uses the fused delta (a − y)/m and still multiplies it by σ′(z^J): σ′ counted twice at the output
def fb_fused_times_prime(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    phi = [None] * (J + 1)
    phi[J] = (A[J] - Y) / m * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixed only two bugs (column sums and db): still has the sign slip in ∂L/∂a and σ instead of σ′
def fb_two_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: "fixed" the sign on the wrong term: y/a − (1−y)/(1−a), the negative of ∂L/∂a (all gradients negated)
def fb_sign_wrong_term(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: backward loop range(J − 1, 1, −1) skips layer 1: φ¹ stays None and dW[1] crashes
def fb_loop_skips_layer1(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 1, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: bias gradient summed over the wrong axis (axis 0, over the units): shape (1, m)
def fb_db_axis0(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=0, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: weight gradients transposed: a^{j−1} (φ^j)ᵀ (seed 001's from→to layout)
def fb_dW_transposed(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [A[j - 1] @ phi[j].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: replaced σ(z) by tanh's derivative 1 − a² instead of the sigmoid's a(1 − a) in (2)
def fb_tanh_prime(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * (1 - A[j] ** 2)
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# RIGHT: the four minimal fixes of the seed code (sign, transpose, σ′, sum over columns)
def fb_right_minimal(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# RIGHT: fused output delta (a − y)/m, σ′ from the stored activations, db as φ times a column of ones
def fb_right_fused(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    A = [X]
    for j in range(1, J + 1):
        A.append(sigmoid(W[j] @ A[-1] + b[j]))
    phi = (A[J] - Y) / m
    dW, db = [None] * (J + 1), [None] * (J + 1)
    for j in range(J, 0, -1):
        dW[j] = phi @ A[j - 1].T
        db[j] = phi @ np.ones((m, 1))
        if j > 1:
            phi = (W[j].T @ phi) * A[j - 1] * (1 - A[j - 1])
    return dW, db


# (exercise, answer, the writer's own description), in the order written
CORPUS = [
    ('neuron_gradient', ng_no_sigma_prime, 'leaves out σ′(z): uses φ = a − y (the derivative w.r.t. a) as the delta'),
    ('neuron_gradient', ng_sign_flip, 'sign slip in ∂L/∂a: writes y − a instead of a − y'),
    ('neuron_gradient', ng_dW_column, "CS231n/row layout: dW = x φ, a column (n, 1), the transpose of W's shape (1, n)"),
    ('neuron_gradient', ng_sigma_prime_at_a, 'σ′ evaluated at the activation a instead of at z: σ(a)(1 − σ(a))'),
    ('neuron_gradient', ng_prime_formula_on_z, 'plugs z into the formula a(1 − a): uses z(1 − z) as σ′'),
    ('neuron_gradient', ng_sigma_instead_of_prime, 'multiplies by σ(z) instead of σ′(z) (the activation instead of its derivative)'),
    ('neuron_gradient', ng_no_bias_forward, 'forward pass forgets the bias: z = W x'),
    ('neuron_gradient', ng_half_kept, 'keeps the ½ of the loss in the derivative: φ = ½ (a − y) σ′(z)'),
    ('neuron_gradient', ng_factor_two, 'differentiates (a − y)² without the ½ (MSE convention): gradient twice too large'),
    ('neuron_gradient', ng_loop_off_by_one, "loop over the inputs stops one early (range(n − 1)): the last weight's gradient stays 0"),
    ('neuron_gradient', ng_db_without_prime, 'σ′ only in dW: the bias gradient is a − y without σ′'),
    ('neuron_gradient', ng_tanh_derivative, "uses tanh's derivative 1 − a² instead of the sigmoid's a(1 − a)"),
    ('neuron_gradient', ng_times_W, 'takes ∂z/∂W to be W (confuses it with ∂z/∂x): dW = φ W instead of φ xᵀ'),
    ('neuron_gradient', ng_sign_and_no_prime, 'two slips: sign flipped (y − a) and σ′ missing'),
    ('neuron_gradient', ng_dW_uses_a, "uses the neuron's own output a instead of its input x in dW = φ aᵀ (gives shape (1, 1))"),
    ('neuron_gradient', ng_right_loop, 'explicit scalar loop over the inputs, all entries included'),
    ('neuron_gradient', ng_right_exp_form, 'σ′(z) written as e^{−z}/(1 + e^{−z})², the same function'),
    ('relu_chain', rc_collapsed, "seed 000's collapsed product: differentiates ŷ = w1 w2 w3 x with no ReLU′ step factors at all"),
    ('relu_chain', rc_missing_step1, "forgets the ReLU′ factor of layer 1 (first unit's step)"),
    ('relu_chain', rc_relu_as_derivative, 'multiplies by ReLU(z) instead of ReLU′(z) (the activation instead of its derivative)'),
    ('relu_chain', rc_input_x_everywhere, "every weight gradient multiplies its delta by the network input x instead of that layer's input"),
    ('relu_chain', rc_own_output, "weight gradient uses the layer's own output r_j instead of its input r_{j−1}"),
    ('relu_chain', rc_reversed_order, 'seed 000 numbers weights from the output end: returns (dC/dw3, dC/dw2, dC/dw1), reversed order'),
    ('relu_chain', rc_no_biases, "forward pass without the biases (seed 000's bias-free chain)"),
    ('relu_chain', rc_wrong_weight_in_delta, 'index slip in the backward step: delta of layer j uses its own weight w_j instead of w_{j+1}'),
    ('relu_chain', rc_sign, 'sign slip: ∂C/∂ŷ written as y − ŷ'),
    ('relu_chain', rc_loop_feeds_x, 'forward loop never updates its input: every layer computes w_j x + b_j from x itself'),
    ('relu_chain', rc_missing_step3, "forgets the output unit's ReLU′ (step of layer 3)"),
    ('relu_chain', rc_sigmoid_derivative, "uses the sigmoid's derivative σ(z)(1 − σ(z)) in place of ReLU′"),
    ('relu_chain', rc_half_kept, 'keeps the ½ of the cost: ∂C/∂ŷ = ½ (ŷ − y)'),
    ('relu_chain', rc_step_without_bias, 'evaluates ReLU′ at w_j r_{j−1} without the bias (derivative at the wrong place)'),
    ('relu_chain', rc_two_mistakes, "two slips: layer 2's ReLU′ missing and ∂C/∂w2 multiplies by x instead of r1"),
    ('relu_chain', rc_loop_weight_too_early, 'backward loop multiplies the delta by w_j before storing ∂C/∂w_j: each gradient gets an extra factor w_j'),
    ('relu_chain', rc_right_relu1_at_zero, "ReLU′(0) = 1 (seed 001's convention, accepted by the exercise)"),
    ('relu_chain', rc_right_loop_heaviside, 'generic loop over layers with np.heaviside(z, 0.5) (ReLU′(0) = ½, accepted)'),
    ('dense_backward', db_ng_divide_m, "Andrew Ng's convention: divides dW and db by m although the 1/m is already inside dZ"),
    ('dense_backward', db_db_mean, 'bias gradient is the mean over the columns instead of the sum'),
    ('dense_backward', db_dW_transposed, 'dW transposed: A_prev φᵀ of shape (n_in, n_out)'),
    ('dense_backward', db_dA_rows, 'PyTorch row habit half-converted: dA_prev = dZᵀ W, shape (m, n_in), examples as rows'),
    ('dense_backward', db_db_flat, 'db summed without keepdims: shape (n_out,) instead of (n_out, 1)'),
    ('dense_backward', db_db_axis0, 'bias gradient summed over the wrong axis (over the units, axis 0), shape (1, m)'),
    ('dense_backward', db_db_is_dZ, "seed 003's ∇b = φ taken literally over a batch: db = dZ, not summed over the columns"),
    ('dense_backward', db_db_ones_matrix, '∂z/∂b taken as a matrix of ones (seed 003): every entry of db is the sum of all of dZ'),
    ('dense_backward', db_loop_assign, 'loop over examples assigns dW = outer(...) instead of adding (=, not +=): keeps the last example only'),
    ('dense_backward', db_loop_range, 'loop over examples runs range(m − 1): the last example is left out of dW and db'),
    ('dense_backward', db_dA_extra_prime, 'multiplies dA_prev by a ReLU′ (A_prev > 0): an activation derivative that does not belong in the dense layer'),
    ('dense_backward', db_dA_no_transpose, 'forgets the transpose in dA_prev: W φ instead of Wᵀ φ (runs only for square W)'),
    ('dense_backward', db_negative, 'returns the negative gradients (thinks of the descent direction −∇)'),
    ('dense_backward', db_return_order, 'returns the three results in the wrong order (dW, dA_prev, db)'),
    ('dense_backward', db_product_of_sums, 'sums each factor over the batch first: dW = (Σ_c φ_c)(Σ_c a_c)ᵀ, product of sums instead of sum of products'),
    ('dense_backward', db_two_mistakes, 'two mistakes: dW transposed (A_prev φᵀ) and db = dZ not summed over the columns'),
    ('dense_backward', db_loop_reset_inside, 'db accumulator reset inside the loop over examples: db keeps the last column only'),
    ('dense_backward', db_right_einsum, 'einsum for dW and a product with a column of ones for db'),
    ('dense_backward', db_right_loop, 'explicit loop accumulating the per-example outer products'),
    ('dense_backward', db_right_rows_converted, 'PyTorch row layout inside, converted back fully (X = A_prevᵀ, G = dZᵀ)'),
    ('recursive_delta', rd_sigma_not_prime, "seed 003's slip: multiplies by σ(z^j) = A[j] instead of σ′(z^j)"),
    ('recursive_delta', rd_same_index, "seed 003's index slip: Σ_k w_{k,i} φ_i (column sums of W times φ^{j+1} entrywise)"),
    ('recursive_delta', rd_no_transpose, 'forgets the transpose: W^{j+1} φ^{j+1} instead of (W^{j+1})ᵀ φ^{j+1}'),
    ('recursive_delta', rd_sigma_prime_at_A, 'σ′ evaluated at the activation a^j instead of at z^j'),
    ('recursive_delta', rd_missing_sigma_prime, 'leaves out σ′(z^j) entirely: φ^j = (W^{j+1})ᵀ φ^{j+1}'),
    ('recursive_delta', rd_loop_stops_early, 'loop bound range(J − 1, 1, −1) stops before layer 1: φ¹ stays at its initial zeros'),
    ('recursive_delta', rd_loop_forwards, 'loop runs forwards (j = 1 … J−1): each φ^j is computed from a φ^{j+1} not computed yet (still zeros)'),
    ('recursive_delta', rd_phi_J_times_prime, 'applies equation (1) to the given φᴶ again: phi[J] = phi_J ∘ σ′(z^J), an extra σ′ at the output that propagates down'),
    ('recursive_delta', rd_sigmoid_hardcoded, "ignores the sigma_prime argument and hard-codes the sigmoid's derivative a(1 − a)"),
    ('recursive_delta', rd_reversed_list, 'appends the deltas while going down and forgets to reverse: the list is in reverse order'),
    ('recursive_delta', rd_divided_by_m, 'Andrew Ng habit: divides every hidden delta by m again (the 1/m is already in φᴶ)'),
    ('recursive_delta', rd_rows_layout, 'PyTorch row layout half-converted: hidden deltas computed as φᵀ W and returned as (m, n_j), transposed'),
    ('recursive_delta', rd_forgot_phi_J, 'returns [None, φ¹, …, φ^{J−1}] without φᴶ (list one too short)'),
    ('recursive_delta', rd_prime_of_layer_above, 'puts σ′ of the layer above inside the product: (W^{j+1})ᵀ(φ^{j+1} ∘ σ′(z^{j+1})) instead of ∘ σ′(z^j) outside'),
    ('recursive_delta', rd_wrong_W_index, 'off-by-one weight index: uses W[j] instead of W[j+1]'),
    ('recursive_delta', rd_both_seed_slips, "both of seed 003's slips at once: column sums times φ_i (index slip) and σ(z) = A[j] instead of σ′"),
    ('recursive_delta', rd_right_components, 'component form with explicit loops, φ^j_i = σ′(z^j_i) Σ_k w^{j+1}_{k,i} φ^{j+1}_k'),
    ('recursive_delta', rd_right_recursive_einsum, 'recursion with einsum for (W^{j+1})ᵀ φ^{j+1}'),
    ('sigmoid_bce_delta', sb_no_m, "Nielsen's per-example cost: a − y without the 1/m of the batch mean"),
    ('sigmoid_bce_delta', sb_seed_sign, "seed 003's sign slip: (−y/a − (1−y)/(1−a)) ∘ a(1−a) / m"),
    ('sigmoid_bce_delta', sb_sign_flipped, 'sign flipped: (y − a)/m'),
    ('sigmoid_bce_delta', sb_len_Z, 'm taken as len(Z) (row-layout habit): divides by the number of outputs n instead of examples m'),
    ('sigmoid_bce_delta', sb_divide_by_size, 'divides by Z.size = n·m (mean over every entry) instead of m'),
    ('sigmoid_bce_delta', sb_extra_sigma_prime, 'multiplies the already simplified a − y by σ′ again: (a − y) a (1 − a) / m'),
    ('sigmoid_bce_delta', sb_no_sigmoid, 'forgets to apply the sigmoid: uses z − y'),
    ('sigmoid_bce_delta', sb_grad_a_only, 'returns ∂L/∂a (−y/a + (1−y)/(1−a))/m, forgets to multiply by σ′(z)'),
    ('sigmoid_bce_delta', sb_loop_last_column, "column loop runs range(m − 1): the last example's delta stays 0"),
    ('sigmoid_bce_delta', sb_log10, "takes the loss in log base 10 (keeps seed 003's log(e) factor as log10 e = 1/ln 10)"),
    ('sigmoid_bce_delta', sb_tanh_as_sigmoid, 'uses np.tanh as the output activation instead of the sigmoid'),
    ('sigmoid_bce_delta', sb_mean_over_batch, 'averages the delta over the batch: returns one column (n, 1) instead of one delta per example'),
    ('sigmoid_bce_delta', sb_exp_sign, 'sign slip inside the sigmoid: 1/(1 + e^{z}) = σ(−z)'),
    ('sigmoid_bce_delta', sb_sign_and_no_m, 'two mistakes: sign flipped (y − a) and no 1/m'),
    ('sigmoid_bce_delta', sb_transposed, 'row layout: returns the transpose (m, n)'),
    ('sigmoid_bce_delta', sb_right_tanh_identity, 'σ(z) = (1 + tanh(z/2))/2, an identity that never overflows'),
    ('sigmoid_bce_delta', sb_right_loop, 'per-column loop with a branch-stable sigmoid'),
    ('softmax_ce_delta', sm_no_m, 'no 1/m: returns a − y for the summed (not mean) loss'),
    ('softmax_ce_delta', sm_no_max_shift, 'softmax without subtracting the max: exp overflows for logits of several hundred (NaN)'),
    ('softmax_ce_delta', sm_softmax_over_rows, "softmax normalised over the rows (axis=1, PyTorch's dim=1 habit) instead of each column"),
    ('softmax_ce_delta', sm_softmax_whole_matrix, 'softmax normalised over the whole matrix (np.sum without axis)'),
    ('softmax_ce_delta', sm_diagonal_jacobian, "equation (1) with σ′ = a(1 − a) for softmax (only the Jacobian's diagonal): (−y/a) a(1 − a)/m"),
    ('softmax_ce_delta', sm_grad_a_only, 'returns ∂L/∂a = −y/a /m and stops: no softmax Jacobian at all'),
    ('softmax_ce_delta', sm_row_max_shift, "subtracts each row's max (axis=1) instead of each column's: a different shift per entry changes the softmax"),
    ('softmax_ce_delta', sm_sign, 'sign flipped: (y − a)/m'),
    ('softmax_ce_delta', sm_divide_by_n, 'divides by the number of classes n (Z.shape[0]) instead of the number of examples m'),
    ('softmax_ce_delta', sm_sigmoid_outputs, 'uses sigmoid outputs instead of softmax: (σ(z) − y)/m'),
    ('softmax_ce_delta', sm_mean_over_batch, 'averages over the batch: returns one column (n, 1), the mean of a − y over examples'),
    ('softmax_ce_delta', sm_loop_off_by_one, 'column loop with an off-by-one index: softmax of column i − 1 paired with target column i'),
    ('softmax_ce_delta', sm_jacobian_on_fused, 'applies the softmax Jacobian (diag(a) − a aᵀ) to the already fused delta (a − y)/m: Jacobian counted twice'),
    ('softmax_ce_delta', sm_true_class_only, 'only the true class gets a gradient: (a − 1) at the target entry, 0 for the other classes'),
    ('softmax_ce_delta', sm_no_shift_no_m, 'two mistakes: no max shift (overflow at large logits) and no 1/m'),
    ('softmax_ce_delta', sm_rescale_after_exp, '"stabilises" after exponentiating (divides e^z by its column max): e^z still overflows, NaN for large logits'),
    ('softmax_ce_delta', sm_transposed, 'row layout: returns the delta transposed (m, n)'),
    ('softmax_ce_delta', sm_right_logsumexp, 'softmax through log-sum-exp (numerically safe), then (a − y)/m'),
    ('softmax_ce_delta', sm_right_general_formula, 'the general formula (Σ_i y_i) a − y, equal to a − y for one-hot columns'),
    ('softmax_ce_delta', sm_right_loop, 'per-column loop with the max shift'),
    ('numerical_gradient', nd_forward_diff, 'one-sided forward difference (f(x + εe) − f(x))/ε'),
    ('numerical_gradient', nd_backward_diff, 'one-sided backward difference (f(x) − f(x − εe))/ε'),
    ('numerical_gradient', nd_over_eps, 'central difference divided by ε instead of 2ε (twice too large)'),
    ('numerical_gradient', nd_no_restore, 'perturbs x in place and never puts the entry back: each entry is left at x − ε for the later ones'),
    ('numerical_gradient', nd_alias, 'aliasing: xp = x and xm = x are the same array, so f sees x both times and every entry is 0'),
    ('numerical_gradient', nd_all_at_once, 'perturbs every entry at once (x ± ε everywhere) and puts the same number in every entry'),
    ('numerical_gradient', nd_fixed_eps, 'ignores the eps argument and uses a hard-coded step 1e-5'),
    ('numerical_gradient', nd_first_axis_only, 'walks only the first axis (range(x.shape[0])): for a matrix it perturbs a whole row at once'),
    ('numerical_gradient', nd_minus_side_at_x, 'after x + ε it restores x and evaluates f(x) instead of f(x − ε), yet divides by 2ε (half a forward difference)'),
    ('numerical_gradient', nd_flat_return, 'returns a flat vector of length x.size instead of an array shaped like x'),
    ('numerical_gradient', nd_sign, 'sign slip: (f(x − εe) − f(x + εe))/(2ε)'),
    ('numerical_gradient', nd_relative_step, 'perturbs by a relative step ε·x_i but divides by 2ε'),
    ('numerical_gradient', nd_copy_once, 'copies x once before the loop and never resets the copies: perturbations pile up entry after entry'),
    ('numerical_gradient', nd_last_entry_missed, 'flat loop range(x.size − 1) misses the last entry (its gradient stays 0)'),
    ('numerical_gradient', nd_restore_first_value, "saves the original value once before the loop (entry 0's) and restores every entry to it"),
    ('numerical_gradient', nd_right_inplace_restore, 'perturbs x in place and puts every entry back exactly'),
    ('numerical_gradient', nd_right_basis, 'adds a basis array e (ε at one entry), never touching x'),
    ('fix_backward', fb_kept_sign, "fixed three bugs but kept seed 003's sign in ∂L/∂a: −y/a − (1−y)/(1−a)"),
    ('fix_backward', fb_kept_column_sums, "fixed three bugs but kept the column sums Σ_k w_{k,i} times φ_i (seed's index slip)"),
    ('fix_backward', fb_kept_sigma, 'fixed three bugs but kept σ(z^j) where σ′(z^j) belongs in equation (2)'),
    ('fix_backward', fb_kept_db, "fixed three bugs but kept db = φ^j, not summed over the batch's columns"),
    ('fix_backward', fb_db_mean, 'bias gradient as the mean over the columns instead of the sum'),
    ('fix_backward', fb_fused_no_m, 'replaced (1) by the fused delta a − y but dropped the 1/m of the mean'),
    ('fix_backward', fb_double_m, 'Andrew Ng style 1/m in dW and db as well as in dA: divides by m twice'),
    ('fix_backward', fb_dW_with_A_j, "weight gradient uses the layer's own activation: φ^j (a^j)ᵀ instead of φ^j (a^{j−1})ᵀ"),
    ('fix_backward', fb_sigmoid_prime_of_A, 'σ′ evaluated at the activation: sigmoid_prime(A[j]) instead of sigmoid_prime(Z[j]) in (2)'),
    ('fix_backward', fb_W_no_transpose, 'replaced the column sums by W[j+1] @ φ without the transpose (runs only for square W)'),
    ('fix_backward', fb_fused_times_prime, 'uses the fused delta (a − y)/m and still multiplies it by σ′(z^J): σ′ counted twice at the output'),
    ('fix_backward', fb_two_left, 'fixed only two bugs (column sums and db): still has the sign slip in ∂L/∂a and σ instead of σ′'),
    ('fix_backward', fb_sign_wrong_term, '"fixed" the sign on the wrong term: y/a − (1−y)/(1−a), the negative of ∂L/∂a (all gradients negated)'),
    ('fix_backward', fb_loop_skips_layer1, 'backward loop range(J − 1, 1, −1) skips layer 1: φ¹ stays None and dW[1] crashes'),
    ('fix_backward', fb_db_axis0, 'bias gradient summed over the wrong axis (axis 0, over the units): shape (1, m)'),
    ('fix_backward', fb_dW_transposed, "weight gradients transposed: a^{j−1} (φ^j)ᵀ (seed 001's from→to layout)"),
    ('fix_backward', fb_tanh_prime, "replaced σ(z) by tanh's derivative 1 − a² instead of the sigmoid's a(1 − a) in (2)"),
    ('fix_backward', fb_right_minimal, 'the four minimal fixes of the seed code (sign, transpose, σ′, sum over columns)'),
    ('fix_backward', fb_right_fused, 'fused output delta (a − y)/m, σ′ from the stored activations, db as φ times a column of ones'),
]
