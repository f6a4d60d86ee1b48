"""Outsider corpus 4: realistic student answers for the eight checked mlpedu exercises.

Every answer is a module-level function <prefix>_<short_name> with a comment above it:
'# MISTAKE: ...' or '# RIGHT: ...'. Prefixes: ng_ (neuron_gradient), rc_ (relu_chain),
dn_ (dense_backward), rd_ (recursive_delta), bce_ (sigmoid_bce_delta), sce_ (softmax_ce_delta),
num_ (numerical_gradient), fix_ (fix_backward). Helpers are the notebook's own (sigmoid,
sigmoid_prime) and are not answers.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


# =====================================================================================
# Exercise 1.1: neuron_gradient(x, W, b, y) -> (dW, db)
# =====================================================================================

# MISTAKE: forgets the sigma' factor: the delta is just a - y
def ng_missing_sigma_prime(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = a - y
    return phi @ x.T, phi


# MISTAKE: evaluates sigma' with the pre-activation: z(1 - z) instead of a(1 - a)
def ng_sigma_prime_of_z(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * z * (1 - z)
    return phi @ x.T, phi


# MISTAKE: loss derivative with the wrong sign, y - a instead of a - y
def ng_sign_flipped(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (y - a) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: dW = x phi (a column of shape (n, 1)), the transpose of phi x^T
def ng_dW_column(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    dW = x @ phi
    return dW, phi


# MISTAKE: takes dz/db = b, so db = phi * b instead of phi
def ng_db_times_b(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi * b


# MISTAKE: returns (db, dW) instead of (dW, db)
def ng_return_swapped(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    dW = phi @ x.T
    db = phi
    return db, dW


# MISTAKE: sigma'(z) written as a only, forgetting the (1 - a) factor
def ng_sigma_prime_missing_factor(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a
    return phi @ x.T, phi


# MISTAKE: takes dz/dW = W instead of x^T, so dW = phi * W
def ng_dW_uses_W(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi * W, phi


# MISTAKE: forgets the bias in the forward pass: z = W x
def ng_no_bias_forward(x, W, b, y):
    z = W @ x
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: drops the 1/2 of the loss in the derivative: dL/da = 2 (a - y)
def ng_factor_two(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = 2 * (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: reuses the variable a for a - y (a -= y), so sigma' is computed from a - y instead of a
def ng_aliasing_a(x, W, b, y):
    a = sigmoid(W @ x + b)
    a -= y
    phi = a * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: sign slip in the sigmoid formula: 1 / (1 + e^{+z}), i.e. sigma(-z), in the forward pass
def ng_sigmoid_sign(x, W, b, y):
    z = W @ x + b
    a = 1.0 / (1.0 + np.exp(z))
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: divides dW by the number of inputs n ("averages over the inputs")
def ng_divide_by_n(x, W, b, y):
    n = x.shape[0]
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T / n, phi


# MISTAKE: mix: forgets sigma' AND returns dW as the column x phi (transposed)
def ng_mix_missing_sigma_and_transposed(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = a - y
    return x @ phi, phi


# MISTAKE: uses the pre-activation z instead of a in dL/da: (z - y) sigma'(z)
def ng_loss_on_z(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (z - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: mix: dL/da = 2(a - y) (drops the 1/2) AND dW transposed to a column x phi
def ng_mix_factor2_transposed(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = 2 * (a - y) * a * (1 - a)
    return x * phi, phi


# RIGHT: phi is (1, 1), so broadcasting phi * x.T equals phi @ x.T
def ng_right_broadcast(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi * x.T, phi.copy()


# RIGHT: sigma'(z) = sigma(z) sigma(-z), written with exponentials; dW via np.outer
def ng_right_outer(x, W, b, y):
    z = W @ x + b
    s_pos = 1.0 / (1.0 + np.exp(-z))
    s_neg = 1.0 / (1.0 + np.exp(z))
    phi = (s_pos - y) * s_pos * s_neg
    dW = np.outer(phi, x)
    db = phi.reshape(1, 1)
    return dW, db


# =====================================================================================
# Exercise 1.2: relu_chain(x, w1, b1, w2, b2, w3, b3, y) -> (dC/dw1, dC/dw2, dC/dw3)
# =====================================================================================

# MISTAKE: ignores every ReLU' factor (seed 000's all-units-on simplification)
def rc_no_relu_prime(x, w1, b1, w2, b2, w3, b3, y):
    r1 = max(w1 * x + b1, 0.0)
    r2 = max(w2 * r1 + b2, 0.0)
    r3 = max(w3 * r2 + b3, 0.0)
    d3 = r3 - y
    d2 = d3 * w3
    d1 = d2 * w2
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: evaluates ReLU' of the layer above: d2 uses step(z3), d1 uses step(z2)
def rc_prime_wrong_layer(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * (z3 > 0)
    d2 = d3 * w3 * (z3 > 0)
    d1 = d2 * w2 * (z2 > 0)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: copy-paste: propagates to layer 1 through w1 instead of w2
def rc_copy_paste_weight(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w1 * (z1 > 0)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: multiplies each delta by the layer's own output r_j instead of its input r_{j-1}
def rc_input_wrong_layer(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return d1 * r1, d2 * r2, d3 * r3


# MISTAKE: forgets the ReLU' of the output unit (treats the output as linear)
def rc_missing_output_prime(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = r3 - y
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: uses ReLU(z) itself as the derivative ReLU'(z)
def rc_prime_is_relu(x, w1, b1, w2, b2, w3, b3, y):
    relu = lambda z: max(z, 0.0)
    z1 = w1 * x + b1
    r1 = relu(z1)
    z2 = w2 * r1 + b2
    r2 = relu(z2)
    z3 = w3 * r2 + b3
    r3 = relu(z3)
    d3 = (r3 - y) * relu(z3)
    d2 = d3 * w3 * relu(z2)
    d1 = d2 * w2 * relu(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: loss derivative with the wrong sign, y - yhat
def rc_sign(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (y - r3) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: forgets the biases in the forward pass (z_j = w_j r_{j-1})
def rc_no_bias_forward(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x
    r1 = max(z1, 0.0)
    z2 = w2 * r1
    r2 = max(z2, 0.0)
    z3 = w3 * r2
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: appends the gradients while going backwards, so returns (dC/dw3, dC/dw2, dC/dw1)
def rc_reversed_return(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    grads = []
    d3 = (r3 - y) * (z3 > 0)
    grads.append(d3 * r2)
    d2 = d3 * w3 * (z2 > 0)
    grads.append(d2 * r1)
    d1 = d2 * w2 * (z1 > 0)
    grads.append(d1 * x)
    return tuple(grads)


# MISTAKE: uses np.sign(z) as ReLU', which gives -1 (not 0) for a unit that is off
def rc_sign_derivative(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * np.sign(z3)
    d2 = d3 * w3 * np.sign(z2)
    d1 = d2 * w2 * np.sign(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: drops the 1/2 of the cost: dC/dyhat = 2 (yhat - y)
def rc_factor_two(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = 2 * (r3 - y) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: reuses one variable z for all three layers, so every ReLU' is evaluated at z3
def rc_reused_z(x, w1, b1, w2, b2, w3, b3, y):
    z = w1 * x + b1
    r1 = max(z, 0.0)
    z = w2 * r1 + b2
    r2 = max(z, 0.0)
    z = w3 * r2 + b3
    r3 = max(z, 0.0)
    step = 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * step
    d2 = d3 * w3 * step
    d1 = d2 * w2 * step
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: list-index slip: propagates the delta through ws[i-1] instead of ws[i] (d2 uses w2, d1 uses w1)
def rc_list_index(x, w1, b1, w2, b2, w3, b3, y):
    ws, bs = [w1, w2, w3], [b1, b2, b3]
    inputs, zs = [x], []
    for w, b in zip(ws, bs):
        z = w * inputs[-1] + b
        zs.append(z)
        inputs.append(max(z, 0.0))
    grads = [0.0, 0.0, 0.0]
    delta = (inputs[3] - y) * (zs[2] > 0)
    for i in range(2, -1, -1):
        grads[i] = delta * inputs[i]
        if i > 0:
            delta = delta * ws[i - 1] * (zs[i - 1] > 0)
    return tuple(grads)


# MISTAKE: ReLU'(z) computed as relu(z) / z: right except at the kink z = 0, where it divides by zero
def rc_relu_over_z(x, w1, b1, w2, b2, w3, b3, y):
    def relu_prime(z):
        return max(z, 0.0) / z
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * relu_prime(z3)
    d2 = d3 * w3 * relu_prime(z2)
    d1 = d2 * w2 * relu_prime(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: returns the deltas dC/dz_j, forgetting the factor dz_j/dw_j (the layer's input)
def rc_forgot_input_factor(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (r3 - y) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return d1, d2, d3


# MISTAKE: mix: sign flipped (y - yhat) AND results returned in reverse order (w3, w2, w1)
def rc_mix_reversed_and_sign(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = max(z3, 0.0)
    d3 = (y - r3) * (z3 > 0)
    d2 = d3 * w3 * (z2 > 0)
    d1 = d2 * w2 * (z1 > 0)
    return d3 * r2, d2 * r1, d1 * x


# RIGHT: ReLU'(0) = 1 (seeds 000/001 convention), which the task says is accepted
def rc_right_kink_one(x, w1, b1, w2, b2, w3, b3, y):
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


# RIGHT: np.heaviside(z, 0.5): ReLU'(0) = 1/2, accepted by the task
def rc_right_heaviside_half(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    r1 = np.maximum(z1, 0.0)
    z2 = w2 * r1 + b2
    r2 = np.maximum(z2, 0.0)
    z3 = w3 * r2 + b3
    r3 = np.maximum(z3, 0.0)
    h1, h2, h3 = np.heaviside(z1, 0.5), np.heaviside(z2, 0.5), np.heaviside(z3, 0.5)
    g = r3 - y
    return float(g * h3 * w3 * h2 * w2 * h1 * x), float(g * h3 * w3 * h2 * r1), float(g * h3 * r2)


# RIGHT: closed-form products of the chain, written out per weight with boolean masks
def rc_right_closed_form(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1
    on1 = z1 > 0
    r1 = z1 * on1
    z2 = w2 * r1 + b2
    on2 = z2 > 0
    r2 = z2 * on2
    z3 = w3 * r2 + b3
    on3 = z3 > 0
    r3 = z3 * on3
    err = r3 - y
    g3 = err * on3 * r2
    g2 = err * on3 * w3 * on2 * r1
    g1 = err * on3 * w3 * on2 * w2 * on1 * x
    return g1, g2, g3


# =====================================================================================
# Exercise 2: dense_backward(dZ, A_prev, W) -> (dW, db, dA_prev)
# =====================================================================================

# MISTAKE: divides dW and db by the batch size m (the 1/m is already inside dZ)
def dn_divide_by_m(dZ, A_prev, W):
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    return dW, db, W.T @ dZ


# MISTAKE: db sums over the wrong axis (axis=0, over the units), shape (1, m)
def dn_db_axis0(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=0, keepdims=True)
    return dW, db, W.T @ dZ


# MISTAKE: db summed over the columns but without keepdims: shape (n_out,) instead of (n_out, 1)
def dn_db_no_keepdims(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1)
    return dW, db, W.T @ dZ


# MISTAKE: db is the mean over the columns instead of the sum
def dn_db_mean(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.mean(dZ, axis=1, keepdims=True)
    return dW, db, W.T @ dZ


# MISTAKE: dW = A_prev dZ^T, the transpose (n_in, n_out)
def dn_dW_transposed(dZ, A_prev, W):
    dW = A_prev @ dZ.T
    db = dZ.sum(axis=1, keepdims=True)
    return dW, db, W.T @ dZ


# MISTAKE: dA_prev = dZ^T W, the transpose (m, n_in) of W^T dZ
def dn_dA_transposed(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = dZ.T @ W
    return dW, db, dA_prev


# MISTAKE: db = dZ, not summed over the batch (shape (n_out, m))
def dn_db_not_summed(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ
    return dW, db, W.T @ dZ


# MISTAKE: np.sum(dZ) with no axis: sums over everything, db is a single number
def dn_db_total_sum(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.sum(dZ)
    return dW, db, W.T @ dZ


# MISTAKE: divides dW by n_in (A_prev.shape[0], the wrong dimension) thinking it is the batch size
def dn_dW_over_n_in(dZ, A_prev, W):
    m = A_prev.shape[0]
    dW = dZ @ A_prev.T / m
    db = dZ.sum(axis=1, keepdims=True)
    return dW, db, W.T @ dZ


# MISTAKE: returns (dW, dA_prev, db) instead of (dW, db, dA_prev)
def dn_return_order(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, dA_prev, db


# MISTAKE: copy-paste slip: dA_prev = dW^T dZ (uses the gradient dW instead of the weights W)
def dn_dA_uses_dW(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = dW.T @ dZ
    return dW, db, dA_prev


# MISTAKE: db takes only the first example's column dZ[:, [0]] instead of summing all columns
def dn_db_first_column(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ[:, [0]]
    return dW, db, W.T @ dZ


# MISTAKE: multiplies dA_prev by a sigmoid derivative A_prev (1 - A_prev) (applies eq. 2's sigma' here)
def dn_extra_sigma_prime(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = (W.T @ dZ) * A_prev * (1 - A_prev)
    return dW, db, dA_prev


# MISTAKE: sums dZ and A_prev over the batch first, then takes one outer product (sum of products != product of sums)
def dn_sum_then_outer(dZ, A_prev, W):
    dZ_sum = dZ.sum(axis=1, keepdims=True)
    A_sum = A_prev.sum(axis=1, keepdims=True)
    dW = dZ_sum @ A_sum.T
    return dW, dZ_sum, W.T @ dZ


# MISTAKE: mix: dW transposed (A_prev dZ^T) AND dW, db divided by m
def dn_mix_transposed_and_mean(dZ, A_prev, W):
    m = dZ.shape[1]
    dW = A_prev @ dZ.T / m
    db = np.mean(dZ, axis=1, keepdims=True)
    return dW, db, W.T @ dZ


# MISTAKE: does the SGD step W -= 0.1 dW inside backward (changes the caller's W) and then computes dA_prev with the updated W
def dn_updates_W(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    W -= 0.1 * dW
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# RIGHT: einsum for every product
def dn_right_einsum(dZ, A_prev, W):
    dW = np.einsum("im,jm->ij", dZ, A_prev)
    db = np.einsum("im->i", dZ)[:, None]
    dA_prev = np.einsum("ij,im->jm", W, dZ)
    return dW, db, dA_prev


# RIGHT: loops over the examples and accumulates the outer products
def dn_right_loop(dZ, A_prev, W):
    n_out, m = dZ.shape
    dW = np.zeros((n_out, A_prev.shape[0]))
    db = np.zeros((n_out, 1))
    for c in range(m):
        dW += np.outer(dZ[:, c], A_prev[:, c])
        db += dZ[:, c:c + 1]
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# RIGHT: db via a product with a column of ones, dA_prev as (dZ^T W)^T
def dn_right_ones(dZ, A_prev, W):
    m = dZ.shape[1]
    dW = np.dot(dZ, A_prev.T)
    db = dZ @ np.ones((m, 1))
    dA_prev = (dZ.T @ W).T
    return dW, db, dA_prev


# =====================================================================================
# Exercise 3: recursive_delta(W, Z, A, phi_J, sigma_prime) -> [None, phi^1, ..., phi^J]
# =====================================================================================

# MISTAKE: index slip: uses W[j] instead of W[j+1]
def rd_index_Wj(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: multiplies by sigma(z^j) = A[j] instead of sigma'(z^j) (the missing prime)
def rd_sigma_not_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j]
    return phi


# MISTAKE: forgets the sigma'(z^j) factor altogether
def rd_no_sigma_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1]
    return phi


# MISTAKE: evaluates sigma' at the activation A[j] instead of at Z[j]
def rd_sigma_prime_of_A(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(A[j])
    return phi


# MISTAKE: loop bound off by one: range(J-1, 1, -1) never computes phi^1 (left None)
def rd_loop_stops_early(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 1, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: returns phi[1:], dropping the leading None (list of length J)
def rd_no_leading_none(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi[1:]


# MISTAKE: builds the list by appending while going down, so returns [None, phi^J, ..., phi^1] (reversed)
def rd_reversed_list(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    deltas = [phi_J]
    for j in range(J - 1, 0, -1):
        deltas.append((W[j + 1].T @ deltas[-1]) * sigma_prime(Z[j]))
    return [None] + deltas


# MISTAKE: applies sigma' of the layer above inside the product, W^T (phi^{j+1} * sigma'(z^{j+1})), instead of sigma'(z^j) outside
def rd_prime_upper_layer(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ (phi[j + 1] * sigma_prime(Z[j + 1]))
    return phi


# MISTAKE: multiplies the given phi_J by sigma'(Z[J]) again (applies equation 1 on top of the delta it was given)
def rd_output_prime_again(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J * sigma_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: divides by the batch size m at every step of the recursion
def rd_divide_by_m(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    m = phi_J.shape[1]
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j]) / m
    return phi


# MISTAKE: ignores the sigma_prime argument and hard-codes the sigmoid derivative A(1 - A)
def rd_hardcoded_sigmoid(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j] * (1 - A[j])
    return phi


# MISTAKE: sums W^T phi over the batch (axis=1, keepdims) before multiplying by sigma'(z^j)
def rd_batch_sum(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        back = (W[j + 1].T @ phi[j + 1]).sum(axis=1, keepdims=True)
        phi[j] = back * sigma_prime(Z[j])
    return phi


# MISTAKE: works with rows (phi^T W, PyTorch style) and stores the hidden deltas transposed, shape (m, n_j)
def rd_rows_not_transposed_back(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    row = phi_J.T
    for j in range(J - 1, 0, -1):
        row = (row @ W[j + 1]) * sigma_prime(Z[j]).T
        phi[j] = row
    return phi


# MISTAKE: mix: multiplies by A[j] (sigma, not sigma') AND divides by m at each step
def rd_mix_sigma_and_divide(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    m = Z[J].shape[1]
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j] / m
    return phi


# MISTAKE: seed 003's component slip: column sums of W^{j+1} times phi^{j+1} elementwise (sum_k w_ki phi_i) instead of W^T phi
def rd_column_sums(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        col = W[j + 1].sum(axis=0)[:, None]
        phi[j] = col * phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: mix: evaluates sigma' at the activation A[j] instead of Z[j] AND returns the list without the leading None
def rd_mix_prime_of_A_no_none(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(A[j])
    return phi[1:]


# RIGHT: row form (phi^T W)^T, which equals W^T phi
def rd_right_rows(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (phi[j + 1].T @ W[j + 1]).T * sigma_prime(Z[j])
    return phi


# RIGHT: recursion with a helper, list built by insert(0, ...)
def rd_right_recursive(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1

    def down(j, upper):
        if j == 0:
            return []
        here = np.multiply(np.dot(W[j + 1].T, upper), sigma_prime(Z[j]))
        rest = down(j - 1, here)
        rest.append(here)
        return rest

    lower = down(J - 1, phi_J)
    return [None] + lower + [phi_J]


# =====================================================================================
# Exercise 4.1: sigmoid_bce_delta(Z, Y) -> phi^J
# =====================================================================================

# MISTAKE: forgets the 1/m of the mean over the batch
def bce_no_1_over_m(Z, Y):
    return sigmoid(Z) - Y


# MISTAKE: sign flipped: (Y - A)/m
def bce_sign(Z, Y):
    m = Z.shape[1]
    return (Y - sigmoid(Z)) / m


# MISTAKE: divides by the number of outputs n (Z.shape[0]) instead of the batch size m
def bce_divide_by_n(Z, Y):
    n = Z.shape[0]
    return (sigmoid(Z) - Y) / n


# MISTAKE: divides by Z.size = n*m (mean over every entry) instead of by m
def bce_divide_by_size(Z, Y):
    return (sigmoid(Z) - Y) / Z.size


# MISTAKE: keeps seed 003's sign error dL/da = -y/a - (1-y)/(1-a), then multiplies by a(1-a)
def bce_seed003_sign(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    dA = -Y / A - (1 - Y) / (1 - A)
    return dA * A * (1 - A) / m


# MISTAKE: returns dL/dA (correct, with 1/m) and forgets to multiply by sigma'(z)
def bce_no_sigma_prime(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) / m


# MISTAKE: unsimplified dL/dA * A(1-A): when sigma(z) rounds to exactly 1 or 0 (|z| > ~37) it divides by zero (nan)
def bce_unsimplified_overflow(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    dA = (-Y / A + (1 - Y) / (1 - A)) / m
    return dA * A * (1 - A)


# MISTAKE: averages the delta over the examples: mean over axis 1, shape (n, 1)
def bce_mean_over_examples(Z, Y):
    return np.mean(sigmoid(Z) - Y, axis=1, keepdims=True)


# MISTAKE: multiplies the already simplified a - y by sigma'(z) again (double sigma')
def bce_extra_sigma_prime(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    return (A - Y) * A * (1 - A) / m


# MISTAKE: uses a softmax over each column instead of the elementwise sigmoid
def bce_softmax(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) / m


# MISTAKE: takes the log in base 10 in the loss, so the gradient carries 1/ln(10)
def bce_log10(Z, Y):
    m = Z.shape[1]
    A = sigmoid(Z)
    dA = (-Y / A + (1 - Y) / (1 - A)) / np.log(10) / m
    return dA * A * (1 - A)


# MISTAKE: computes it in place in the caller's Y (Y -= sigma(Z)), returns the right value but destroys Y
def bce_inplace_Y(Z, Y):
    m = Z.shape[1]
    Y -= sigmoid(Z)
    Y /= -m
    return Y


# MISTAKE: returns the transpose (A - Y).T / m, shape (m, n)
def bce_transposed(Z, Y):
    m = Z.shape[1]
    return (sigmoid(Z) - Y).T / m


# MISTAKE: mix: sign flipped AND no 1/m
def bce_mix_sign_no_m(Z, Y):
    return Y - sigmoid(Z)


# MISTAKE: mix: seed 003's sign error in dL/da AND no 1/m
def bce_mix_seed003_no_m(Z, Y):
    A = sigmoid(Z)
    dA = -Y / A - (1 - Y) / (1 - A)
    return dA * A * (1 - A)


# MISTAKE: wrong sigmoid via tanh: (1 + tanh(z))/2 instead of (1 + tanh(z/2))/2
def bce_tanh_sigmoid(Z, Y):
    m = Z.shape[1]
    A = (1 + np.tanh(Z)) / 2
    return (A - Y) / m


# RIGHT: scipy.special.expit for the sigmoid
def bce_right_expit(Z, Y):
    from scipy.special import expit
    return (expit(Z) - Y) / Z.shape[1]


# RIGHT: overflow-safe sigmoid with np.where on the sign of z
def bce_right_where_stable(Z, Y):
    E = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1 / (1 + E), E / (1 + E))
    return (A - Y) * (1.0 / Z.shape[1])


# RIGHT: naive sigmoid 1/(1+exp(-z)): exp overflows to inf for very negative z (RuntimeWarning) but the value 0 is right
def bce_right_naive_overflow_warning(Z, Y):
    A = 1.0 / (1.0 + np.exp(-Z))
    return (A - Y) / Z.shape[1]


# =====================================================================================
# Exercise 4.2: softmax_ce_delta(Z, Y) -> phi^J
# =====================================================================================

# MISTAKE: no max subtraction: exp overflows for large logits (inf/inf = nan)
def sce_no_max_shift(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z)
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) / m


# MISTAKE: softmax over the rows (axis=1) instead of over each column
def sce_axis1(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    S = E / E.sum(axis=1, keepdims=True)
    return (S - Y) / m


# MISTAKE: normalises by the sum over the whole matrix (no axis), not per column
def sce_global_sum(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max())
    S = E / np.sum(E)
    return (S - Y) / m


# MISTAKE: forgets the 1/m of the mean over the batch
def sce_no_1_over_m(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return S - Y


# MISTAKE: sign flipped: (Y - S)/m
def sce_sign(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return (Y - S) / m


# MISTAKE: subtracts each ROW's max (axis=1) before the column softmax, which changes each column's softmax
def sce_max_wrong_axis(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) / m


# MISTAKE: multiplies a - y by the diagonal "sigma'" s(1 - s), as if softmax were elementwise
def sce_diag_jacobian_extra(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) * S * (1 - S) / m


# MISTAKE: returns dL/da = -y/a / m and never goes through the softmax
def sce_grad_wrt_a(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return -Y / S / m


# MISTAKE: uses only the diagonal of the softmax Jacobian: (-y/a) * a(1-a) = -y(1-a), dropping the off-diagonal terms
def sce_diag_only(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return -Y * (1 - S) / m


# MISTAKE: divides by the number of classes n instead of the batch size m
def sce_divide_by_n(Z, Y):
    n = Z.shape[0]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) / n


# MISTAKE: uses the log-softmax (log a) in place of the softmax a: (log a - y)/m
def sce_log_softmax(Z, Y):
    m = Z.shape[1]
    shifted = Z - Z.max(axis=0, keepdims=True)
    log_S = shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))
    return (log_S - Y) / m


# MISTAKE: averages the delta over the examples: mean over axis 1, shape (n, 1)
def sce_mean_columns(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    return np.mean(S - Y, axis=1, keepdims=True)


# MISTAKE: shifts the caller's Z in place (Z -= max): right value, but modifies the input array
def sce_inplace_Z(Z, Y):
    m = Z.shape[1]
    Z -= Z.max(axis=0, keepdims=True)
    E = np.exp(Z)
    S = E / E.sum(axis=0, keepdims=True)
    return (S - Y) / m


# MISTAKE: fancy-indexing slip: S[labels] -= 1 subtracts 1 from whole rows instead of one entry per column
def sce_fancy_index_rows(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    labels = Y.argmax(axis=0)
    S[labels] -= 1
    return S / m


# MISTAKE: mix: softmax over the rows (axis=1) AND no 1/m
def sce_mix_axis_no_m(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    S = E / E.sum(axis=1, keepdims=True)
    return S - Y


# MISTAKE: mix: no max shift (overflow for large logits) AND no 1/m
def sce_mix_no_shift_no_m(Z, Y):
    E = np.exp(Z)
    return E / E.sum(axis=0, keepdims=True) - Y


# RIGHT: subtracts 1 at the label of each column with (labels, arange(m)) fancy indexing
def sce_right_fancy_index(Z, Y):
    m = Z.shape[1]
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    S = E / E.sum(axis=0, keepdims=True)
    S[Y.argmax(axis=0), np.arange(m)] -= 1
    return S / m


# RIGHT: axis=0 reductions without keepdims: (n, m) - (m,) broadcasts per column, which is right
def sce_right_no_keepdims(Z, Y):
    E = np.exp(Z - Z.max(axis=0))
    S = E / E.sum(axis=0)
    return (S - Y) / Z.shape[1]


# RIGHT: exp(z - logsumexp(z)) per column via scipy
def sce_right_logsumexp(Z, Y):
    from scipy.special import logsumexp
    S = np.exp(Z - logsumexp(Z, axis=0, keepdims=True))
    return (S - Y) / Z.shape[1]


# =====================================================================================
# Exercise 5: numerical_gradient(f, x, eps) -> grad
# =====================================================================================

# MISTAKE: one-sided forward difference (f(x + eps e_i) - f(x)) / eps
def num_forward_diff(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    f0 = f(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy()
        xp[idx] += eps
        grad[idx] = (f(xp) - f0) / eps
    return grad


# MISTAKE: central difference divided by eps instead of 2 eps (twice too large)
def num_divide_eps(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / eps
    return grad


# MISTAKE: perturbs x in place and never puts the entry back (each entry is left at x - eps)
def num_no_restore(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        fp = f(x)
        x[idx] -= 2 * eps
        fm = f(x)
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: "restores" x before the second evaluation, so it computes (f(x + eps) - f(x)) / (2 eps)
def num_restore_to_center(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        fp = f(x)
        x[idx] -= eps
        fm = f(x)
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: aliasing: xp = x and xm = x are the same array (no copy), so both evaluations see x and grad is 0
def num_alias_no_copy(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp = x
        xm = x
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: ignores the eps argument and uses its own step 1e-5
def num_own_eps(f, x, eps):
    h = 1e-5
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += h
        xm[idx] -= h
        grad[idx] = (f(xp) - f(xm)) / (2 * h)
    return grad


# MISTAKE: loops over range(len(x)) and perturbs x[i], a whole row when x is 2-D
def num_first_axis_only(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in range(len(x)):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: perturbs a flattened copy (x.flatten()) but calls f on the untouched x, so grad is 0
def num_flatten_copy(f, x, eps):
    flat = x.flatten()
    grad = np.zeros(flat.size)
    for i in range(flat.size):
        flat[i] += eps
        fp = f(x)
        flat[i] -= 2 * eps
        fm = f(x)
        flat[i] += eps
        grad[i] = (fp - fm) / (2 * eps)
    return grad.reshape(x.shape)


# MISTAKE: returns the gradient flattened, shape (x.size,) instead of x.shape
def num_flat_result(f, x, eps):
    grad = []
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad.append((f(xp) - f(xm)) / (2 * eps))
    return np.array(grad)


# MISTAKE: assigns grad = ... instead of grad[idx] = ..., so returns only the last entry's number
def num_grad_overwritten(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: sign reversed: (f(x - eps e_i) - f(x + eps e_i)) / (2 eps)
def num_sign(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xm) - f(xp)) / (2 * eps)
    return grad


# MISTAKE: perturbs all entries at once (x + eps, x - eps) and puts that one number in every entry
def num_all_at_once(f, x, eps):
    g = (f(x + eps) - f(x - eps)) / (2 * eps)
    return g * np.ones_like(x, dtype=float)


# MISTAKE: operator precedence: / 2 * eps divides by 2 and MULTIPLIES by eps
def num_precedence(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        xp, xm = x.copy(), x.copy()
        xp[idx] += eps
        xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / 2 * eps
    return grad


# MISTAKE: restores with += 2 eps after the minus step, leaving each entry at x + eps (drift for later entries, x modified)
def num_over_restore(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        fp = f(x)
        x[idx] -= 2 * eps
        fm = f(x)
        x[idx] += 2 * eps
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: loop bound off by one over the flat index: range(x.size - 1), the last entry stays 0
def num_off_by_one(f, x, eps):
    grad = np.zeros(x.size)
    for i in range(x.size - 1):
        e = np.zeros(x.size)
        e[i] = eps
        e = e.reshape(x.shape)
        grad[i] = (f(x + e) - f(x - e)) / (2 * eps)
    return grad.reshape(x.shape)


# MISTAKE: mix: one-sided forward difference AND perturbs x in place without restoring
def num_mix_forward_no_restore(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for idx in np.ndindex(*x.shape):
        f0 = f(x)
        x[idx] += eps
        grad[idx] = (f(x) - f0) / eps
    return grad


# RIGHT: in-place perturbation, saving and restoring the original value of each entry
def num_right_inplace_restore(f, x, eps):
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


# RIGHT: builds each unit direction from the identity matrix and reshapes
def num_right_basis(f, x, eps):
    basis = np.eye(x.size)
    values = [(f(x + eps * e.reshape(x.shape)) - f(x - eps * e.reshape(x.shape))) / (2 * eps) for e in basis]
    return np.array(values, dtype=float).reshape(x.shape)


# =====================================================================================
# Exercise 6: fix_backward(W, b, X, Y) -> (dW, db)
# =====================================================================================

# MISTAKE: leaves seed 003's sign error in dL/da (- (1-Y)/(1-A)); the other three bugs fixed
def fix_sign_left(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: leaves the column-sums error in equation (2) (sum_k w_ki times phi elementwise); the other three fixed
def fix_column_sums_left(W, b, X, Y):
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
        column_sums = W[j + 1].sum(axis=0)[:, None]
        phi[j] = column_sums * phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: leaves sigmoid(Z[j]) instead of sigmoid_prime(Z[j]) in equation (2); the other three fixed
def fix_sigmoid_not_prime_left(W, b, X, Y):
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
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: leaves db = phi[j] unsummed over the batch (shape (n_j, m)); the other three fixed
def fix_db_not_summed_left(W, b, X, Y):
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
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixes db with the mean over the columns instead of the sum (an extra 1/m on db)
def fix_db_mean(W, b, X, Y):
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
    db = [None] + [phi[j].mean(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: fixes db by summing over axis=0 (the units) instead of axis=1 (the examples)
def fix_db_axis0(W, b, X, Y):
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
    db = [None] + [phi[j].sum(axis=0, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: while fixing the sign of dL/da also drops the / m (gradients m times too large)
def fix_no_1_over_m(W, b, X, Y):
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = -Y / A[J] + (1 - Y) / (1 - A[J])
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: replaces the output delta by the fused A - Y but forgets the 1/m
def fix_fused_no_m(W, b, X, Y):
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    phi = [None] * (J + 1)
    phi[J] = A[J] - Y
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: uses the fused delta (A - Y)/m as dA and still multiplies by sigma'(Z[J]) (sigma' applied on top of the fused delta)
def fix_fused_with_prime(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = (A[J] - Y) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: all four bugs fixed but a new slip in (3): dW[j] = phi[j] A[j]^T (the layer's own activation, not A[j-1])
def fix_dW_wrong_activation(W, b, X, Y):
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
    dW = [None] + [phi[j] @ A[j].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: all four bugs fixed but dW additionally divided by m (1/m counted twice for dW)
def fix_dW_divided_by_m(W, b, X, Y):
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
    dW = [None] + [phi[j] @ A[j - 1].T / m for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: mix: fixes only equation (2) (transpose product and sigma'); the sign error in dL/da and the unsummed db remain
def fix_two_left(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


# MISTAKE: aliasing: dW = db = [None] * (J+1) is ONE list, so the db entries overwrite the dW entries (both returns are db)
def fix_alias_lists(W, b, X, Y):
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
    dW = db = [None] * (J + 1)
    for j in range(1, J + 1):
        dW[j] = phi[j] @ A[j - 1].T
        db[j] = phi[j].sum(axis=1, keepdims=True)
    return dW, db


# MISTAKE: all four bugs fixed but returns (db, dW) instead of (dW, db)
def fix_return_swapped(W, b, X, Y):
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
    return db, dW


# MISTAKE: "fixes" the sign by flipping both terms: dL/da = Y/A - (1-Y)/(1-A), the negative of the right one (all gradients negated)
def fix_both_signs_flipped(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = (Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: all four bugs fixed but the returned lists lack the leading None (dW[0] is layer 1's gradient)
def fix_no_leading_none(W, b, X, Y):
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
    dW = [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# RIGHT: fused output delta (A - Y)/m, sigma' from the stored activations A(1 - A)
def fix_right_fused(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    A = [X]
    for j in range(1, J + 1):
        A.append(sigmoid(W[j] @ A[j - 1] + b[j]))
    phi = [None] * (J + 1)
    phi[J] = (A[J] - Y) / m
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j] * (1 - A[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] @ np.ones((m, 1)) for j in range(1, J + 1)]
    return dW, db


# RIGHT: the buggy code with exactly the four few-character fixes (sign, W^T phi, sigma', summed db)
def fix_right_minimal(W, b, X, Y):
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
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [np.sum(phi[j], axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# (exercise, answer, the writer's own description), in the order written
CORPUS = [
    ('neuron_gradient', ng_missing_sigma_prime, "forgets the sigma' factor: the delta is just a - y"),
    ('neuron_gradient', ng_sigma_prime_of_z, "evaluates sigma' with the pre-activation: z(1 - z) instead of a(1 - a)"),
    ('neuron_gradient', ng_sign_flipped, 'loss derivative with the wrong sign, y - a instead of a - y'),
    ('neuron_gradient', ng_dW_column, 'dW = x phi (a column of shape (n, 1)), the transpose of phi x^T'),
    ('neuron_gradient', ng_db_times_b, 'takes dz/db = b, so db = phi * b instead of phi'),
    ('neuron_gradient', ng_return_swapped, 'returns (db, dW) instead of (dW, db)'),
    ('neuron_gradient', ng_sigma_prime_missing_factor, "sigma'(z) written as a only, forgetting the (1 - a) factor"),
    ('neuron_gradient', ng_dW_uses_W, 'takes dz/dW = W instead of x^T, so dW = phi * W'),
    ('neuron_gradient', ng_no_bias_forward, 'forgets the bias in the forward pass: z = W x'),
    ('neuron_gradient', ng_factor_two, 'drops the 1/2 of the loss in the derivative: dL/da = 2 (a - y)'),
    ('neuron_gradient', ng_aliasing_a, "reuses the variable a for a - y (a -= y), so sigma' is computed from a - y instead of a"),
    ('neuron_gradient', ng_sigmoid_sign, 'sign slip in the sigmoid formula: 1 / (1 + e^{+z}), i.e. sigma(-z), in the forward pass'),
    ('neuron_gradient', ng_divide_by_n, 'divides dW by the number of inputs n ("averages over the inputs")'),
    ('neuron_gradient', ng_mix_missing_sigma_and_transposed, "mix: forgets sigma' AND returns dW as the column x phi (transposed)"),
    ('neuron_gradient', ng_loss_on_z, "uses the pre-activation z instead of a in dL/da: (z - y) sigma'(z)"),
    ('neuron_gradient', ng_mix_factor2_transposed, 'mix: dL/da = 2(a - y) (drops the 1/2) AND dW transposed to a column x phi'),
    ('neuron_gradient', ng_right_broadcast, 'phi is (1, 1), so broadcasting phi * x.T equals phi @ x.T'),
    ('neuron_gradient', ng_right_outer, "sigma'(z) = sigma(z) sigma(-z), written with exponentials; dW via np.outer"),
    ('relu_chain', rc_no_relu_prime, "ignores every ReLU' factor (seed 000's all-units-on simplification)"),
    ('relu_chain', rc_prime_wrong_layer, "evaluates ReLU' of the layer above: d2 uses step(z3), d1 uses step(z2)"),
    ('relu_chain', rc_copy_paste_weight, 'copy-paste: propagates to layer 1 through w1 instead of w2'),
    ('relu_chain', rc_input_wrong_layer, "multiplies each delta by the layer's own output r_j instead of its input r_{j-1}"),
    ('relu_chain', rc_missing_output_prime, "forgets the ReLU' of the output unit (treats the output as linear)"),
    ('relu_chain', rc_prime_is_relu, "uses ReLU(z) itself as the derivative ReLU'(z)"),
    ('relu_chain', rc_sign, 'loss derivative with the wrong sign, y - yhat'),
    ('relu_chain', rc_no_bias_forward, 'forgets the biases in the forward pass (z_j = w_j r_{j-1})'),
    ('relu_chain', rc_reversed_return, 'appends the gradients while going backwards, so returns (dC/dw3, dC/dw2, dC/dw1)'),
    ('relu_chain', rc_sign_derivative, "uses np.sign(z) as ReLU', which gives -1 (not 0) for a unit that is off"),
    ('relu_chain', rc_factor_two, 'drops the 1/2 of the cost: dC/dyhat = 2 (yhat - y)'),
    ('relu_chain', rc_reused_z, "reuses one variable z for all three layers, so every ReLU' is evaluated at z3"),
    ('relu_chain', rc_list_index, 'list-index slip: propagates the delta through ws[i-1] instead of ws[i] (d2 uses w2, d1 uses w1)'),
    ('relu_chain', rc_relu_over_z, "ReLU'(z) computed as relu(z) / z: right except at the kink z = 0, where it divides by zero"),
    ('relu_chain', rc_forgot_input_factor, "returns the deltas dC/dz_j, forgetting the factor dz_j/dw_j (the layer's input)"),
    ('relu_chain', rc_mix_reversed_and_sign, 'mix: sign flipped (y - yhat) AND results returned in reverse order (w3, w2, w1)'),
    ('relu_chain', rc_right_kink_one, "ReLU'(0) = 1 (seeds 000/001 convention), which the task says is accepted"),
    ('relu_chain', rc_right_heaviside_half, "np.heaviside(z, 0.5): ReLU'(0) = 1/2, accepted by the task"),
    ('relu_chain', rc_right_closed_form, 'closed-form products of the chain, written out per weight with boolean masks'),
    ('dense_backward', dn_divide_by_m, 'divides dW and db by the batch size m (the 1/m is already inside dZ)'),
    ('dense_backward', dn_db_axis0, 'db sums over the wrong axis (axis=0, over the units), shape (1, m)'),
    ('dense_backward', dn_db_no_keepdims, 'db summed over the columns but without keepdims: shape (n_out,) instead of (n_out, 1)'),
    ('dense_backward', dn_db_mean, 'db is the mean over the columns instead of the sum'),
    ('dense_backward', dn_dW_transposed, 'dW = A_prev dZ^T, the transpose (n_in, n_out)'),
    ('dense_backward', dn_dA_transposed, 'dA_prev = dZ^T W, the transpose (m, n_in) of W^T dZ'),
    ('dense_backward', dn_db_not_summed, 'db = dZ, not summed over the batch (shape (n_out, m))'),
    ('dense_backward', dn_db_total_sum, 'np.sum(dZ) with no axis: sums over everything, db is a single number'),
    ('dense_backward', dn_dW_over_n_in, 'divides dW by n_in (A_prev.shape[0], the wrong dimension) thinking it is the batch size'),
    ('dense_backward', dn_return_order, 'returns (dW, dA_prev, db) instead of (dW, db, dA_prev)'),
    ('dense_backward', dn_dA_uses_dW, 'copy-paste slip: dA_prev = dW^T dZ (uses the gradient dW instead of the weights W)'),
    ('dense_backward', dn_db_first_column, "db takes only the first example's column dZ[:, [0]] instead of summing all columns"),
    ('dense_backward', dn_extra_sigma_prime, "multiplies dA_prev by a sigmoid derivative A_prev (1 - A_prev) (applies eq. 2's sigma' here)"),
    ('dense_backward', dn_sum_then_outer, 'sums dZ and A_prev over the batch first, then takes one outer product (sum of products != product of sums)'),
    ('dense_backward', dn_mix_transposed_and_mean, 'mix: dW transposed (A_prev dZ^T) AND dW, db divided by m'),
    ('dense_backward', dn_updates_W, "does the SGD step W -= 0.1 dW inside backward (changes the caller's W) and then computes dA_prev with the updated W"),
    ('dense_backward', dn_right_einsum, 'einsum for every product'),
    ('dense_backward', dn_right_loop, 'loops over the examples and accumulates the outer products'),
    ('dense_backward', dn_right_ones, 'db via a product with a column of ones, dA_prev as (dZ^T W)^T'),
    ('recursive_delta', rd_index_Wj, 'index slip: uses W[j] instead of W[j+1]'),
    ('recursive_delta', rd_sigma_not_prime, "multiplies by sigma(z^j) = A[j] instead of sigma'(z^j) (the missing prime)"),
    ('recursive_delta', rd_no_sigma_prime, "forgets the sigma'(z^j) factor altogether"),
    ('recursive_delta', rd_sigma_prime_of_A, "evaluates sigma' at the activation A[j] instead of at Z[j]"),
    ('recursive_delta', rd_loop_stops_early, 'loop bound off by one: range(J-1, 1, -1) never computes phi^1 (left None)'),
    ('recursive_delta', rd_no_leading_none, 'returns phi[1:], dropping the leading None (list of length J)'),
    ('recursive_delta', rd_reversed_list, 'builds the list by appending while going down, so returns [None, phi^J, ..., phi^1] (reversed)'),
    ('recursive_delta', rd_prime_upper_layer, "applies sigma' of the layer above inside the product, W^T (phi^{j+1} * sigma'(z^{j+1})), instead of sigma'(z^j) outside"),
    ('recursive_delta', rd_output_prime_again, "multiplies the given phi_J by sigma'(Z[J]) again (applies equation 1 on top of the delta it was given)"),
    ('recursive_delta', rd_divide_by_m, 'divides by the batch size m at every step of the recursion'),
    ('recursive_delta', rd_hardcoded_sigmoid, 'ignores the sigma_prime argument and hard-codes the sigmoid derivative A(1 - A)'),
    ('recursive_delta', rd_batch_sum, "sums W^T phi over the batch (axis=1, keepdims) before multiplying by sigma'(z^j)"),
    ('recursive_delta', rd_rows_not_transposed_back, 'works with rows (phi^T W, PyTorch style) and stores the hidden deltas transposed, shape (m, n_j)'),
    ('recursive_delta', rd_mix_sigma_and_divide, "mix: multiplies by A[j] (sigma, not sigma') AND divides by m at each step"),
    ('recursive_delta', rd_column_sums, "seed 003's component slip: column sums of W^{j+1} times phi^{j+1} elementwise (sum_k w_ki phi_i) instead of W^T phi"),
    ('recursive_delta', rd_mix_prime_of_A_no_none, "mix: evaluates sigma' at the activation A[j] instead of Z[j] AND returns the list without the leading None"),
    ('recursive_delta', rd_right_rows, 'row form (phi^T W)^T, which equals W^T phi'),
    ('recursive_delta', rd_right_recursive, 'recursion with a helper, list built by insert(0, ...)'),
    ('sigmoid_bce_delta', bce_no_1_over_m, 'forgets the 1/m of the mean over the batch'),
    ('sigmoid_bce_delta', bce_sign, 'sign flipped: (Y - A)/m'),
    ('sigmoid_bce_delta', bce_divide_by_n, 'divides by the number of outputs n (Z.shape[0]) instead of the batch size m'),
    ('sigmoid_bce_delta', bce_divide_by_size, 'divides by Z.size = n*m (mean over every entry) instead of by m'),
    ('sigmoid_bce_delta', bce_seed003_sign, "keeps seed 003's sign error dL/da = -y/a - (1-y)/(1-a), then multiplies by a(1-a)"),
    ('sigmoid_bce_delta', bce_no_sigma_prime, "returns dL/dA (correct, with 1/m) and forgets to multiply by sigma'(z)"),
    ('sigmoid_bce_delta', bce_unsimplified_overflow, 'unsimplified dL/dA * A(1-A): when sigma(z) rounds to exactly 1 or 0 (|z| > ~37) it divides by zero (nan)'),
    ('sigmoid_bce_delta', bce_mean_over_examples, 'averages the delta over the examples: mean over axis 1, shape (n, 1)'),
    ('sigmoid_bce_delta', bce_extra_sigma_prime, "multiplies the already simplified a - y by sigma'(z) again (double sigma')"),
    ('sigmoid_bce_delta', bce_softmax, 'uses a softmax over each column instead of the elementwise sigmoid'),
    ('sigmoid_bce_delta', bce_log10, 'takes the log in base 10 in the loss, so the gradient carries 1/ln(10)'),
    ('sigmoid_bce_delta', bce_inplace_Y, "computes it in place in the caller's Y (Y -= sigma(Z)), returns the right value but destroys Y"),
    ('sigmoid_bce_delta', bce_transposed, 'returns the transpose (A - Y).T / m, shape (m, n)'),
    ('sigmoid_bce_delta', bce_mix_sign_no_m, 'mix: sign flipped AND no 1/m'),
    ('sigmoid_bce_delta', bce_mix_seed003_no_m, "mix: seed 003's sign error in dL/da AND no 1/m"),
    ('sigmoid_bce_delta', bce_tanh_sigmoid, 'wrong sigmoid via tanh: (1 + tanh(z))/2 instead of (1 + tanh(z/2))/2'),
    ('sigmoid_bce_delta', bce_right_expit, 'scipy.special.expit for the sigmoid'),
    ('sigmoid_bce_delta', bce_right_where_stable, 'overflow-safe sigmoid with np.where on the sign of z'),
    ('sigmoid_bce_delta', bce_right_naive_overflow_warning, 'naive sigmoid 1/(1+exp(-z)): exp overflows to inf for very negative z (RuntimeWarning) but the value 0 is right'),
    ('softmax_ce_delta', sce_no_max_shift, 'no max subtraction: exp overflows for large logits (inf/inf = nan)'),
    ('softmax_ce_delta', sce_axis1, 'softmax over the rows (axis=1) instead of over each column'),
    ('softmax_ce_delta', sce_global_sum, 'normalises by the sum over the whole matrix (no axis), not per column'),
    ('softmax_ce_delta', sce_no_1_over_m, 'forgets the 1/m of the mean over the batch'),
    ('softmax_ce_delta', sce_sign, 'sign flipped: (Y - S)/m'),
    ('softmax_ce_delta', sce_max_wrong_axis, "subtracts each ROW's max (axis=1) before the column softmax, which changes each column's softmax"),
    ('softmax_ce_delta', sce_diag_jacobian_extra, 'multiplies a - y by the diagonal "sigma\'" s(1 - s), as if softmax were elementwise'),
    ('softmax_ce_delta', sce_grad_wrt_a, 'returns dL/da = -y/a / m and never goes through the softmax'),
    ('softmax_ce_delta', sce_diag_only, 'uses only the diagonal of the softmax Jacobian: (-y/a) * a(1-a) = -y(1-a), dropping the off-diagonal terms'),
    ('softmax_ce_delta', sce_divide_by_n, 'divides by the number of classes n instead of the batch size m'),
    ('softmax_ce_delta', sce_log_softmax, 'uses the log-softmax (log a) in place of the softmax a: (log a - y)/m'),
    ('softmax_ce_delta', sce_mean_columns, 'averages the delta over the examples: mean over axis 1, shape (n, 1)'),
    ('softmax_ce_delta', sce_inplace_Z, "shifts the caller's Z in place (Z -= max): right value, but modifies the input array"),
    ('softmax_ce_delta', sce_fancy_index_rows, 'fancy-indexing slip: S[labels] -= 1 subtracts 1 from whole rows instead of one entry per column'),
    ('softmax_ce_delta', sce_mix_axis_no_m, 'mix: softmax over the rows (axis=1) AND no 1/m'),
    ('softmax_ce_delta', sce_mix_no_shift_no_m, 'mix: no max shift (overflow for large logits) AND no 1/m'),
    ('softmax_ce_delta', sce_right_fancy_index, 'subtracts 1 at the label of each column with (labels, arange(m)) fancy indexing'),
    ('softmax_ce_delta', sce_right_no_keepdims, 'axis=0 reductions without keepdims: (n, m) - (m,) broadcasts per column, which is right'),
    ('softmax_ce_delta', sce_right_logsumexp, 'exp(z - logsumexp(z)) per column via scipy'),
    ('numerical_gradient', num_forward_diff, 'one-sided forward difference (f(x + eps e_i) - f(x)) / eps'),
    ('numerical_gradient', num_divide_eps, 'central difference divided by eps instead of 2 eps (twice too large)'),
    ('numerical_gradient', num_no_restore, 'perturbs x in place and never puts the entry back (each entry is left at x - eps)'),
    ('numerical_gradient', num_restore_to_center, '"restores" x before the second evaluation, so it computes (f(x + eps) - f(x)) / (2 eps)'),
    ('numerical_gradient', num_alias_no_copy, 'aliasing: xp = x and xm = x are the same array (no copy), so both evaluations see x and grad is 0'),
    ('numerical_gradient', num_own_eps, 'ignores the eps argument and uses its own step 1e-5'),
    ('numerical_gradient', num_first_axis_only, 'loops over range(len(x)) and perturbs x[i], a whole row when x is 2-D'),
    ('numerical_gradient', num_flatten_copy, 'perturbs a flattened copy (x.flatten()) but calls f on the untouched x, so grad is 0'),
    ('numerical_gradient', num_flat_result, 'returns the gradient flattened, shape (x.size,) instead of x.shape'),
    ('numerical_gradient', num_grad_overwritten, "assigns grad = ... instead of grad[idx] = ..., so returns only the last entry's number"),
    ('numerical_gradient', num_sign, 'sign reversed: (f(x - eps e_i) - f(x + eps e_i)) / (2 eps)'),
    ('numerical_gradient', num_all_at_once, 'perturbs all entries at once (x + eps, x - eps) and puts that one number in every entry'),
    ('numerical_gradient', num_precedence, 'operator precedence: / 2 * eps divides by 2 and MULTIPLIES by eps'),
    ('numerical_gradient', num_over_restore, 'restores with += 2 eps after the minus step, leaving each entry at x + eps (drift for later entries, x modified)'),
    ('numerical_gradient', num_off_by_one, 'loop bound off by one over the flat index: range(x.size - 1), the last entry stays 0'),
    ('numerical_gradient', num_mix_forward_no_restore, 'mix: one-sided forward difference AND perturbs x in place without restoring'),
    ('numerical_gradient', num_right_inplace_restore, 'in-place perturbation, saving and restoring the original value of each entry'),
    ('numerical_gradient', num_right_basis, 'builds each unit direction from the identity matrix and reshapes'),
    ('fix_backward', fix_sign_left, "leaves seed 003's sign error in dL/da (- (1-Y)/(1-A)); the other three bugs fixed"),
    ('fix_backward', fix_column_sums_left, 'leaves the column-sums error in equation (2) (sum_k w_ki times phi elementwise); the other three fixed'),
    ('fix_backward', fix_sigmoid_not_prime_left, 'leaves sigmoid(Z[j]) instead of sigmoid_prime(Z[j]) in equation (2); the other three fixed'),
    ('fix_backward', fix_db_not_summed_left, 'leaves db = phi[j] unsummed over the batch (shape (n_j, m)); the other three fixed'),
    ('fix_backward', fix_db_mean, 'fixes db with the mean over the columns instead of the sum (an extra 1/m on db)'),
    ('fix_backward', fix_db_axis0, 'fixes db by summing over axis=0 (the units) instead of axis=1 (the examples)'),
    ('fix_backward', fix_no_1_over_m, 'while fixing the sign of dL/da also drops the / m (gradients m times too large)'),
    ('fix_backward', fix_fused_no_m, 'replaces the output delta by the fused A - Y but forgets the 1/m'),
    ('fix_backward', fix_fused_with_prime, "uses the fused delta (A - Y)/m as dA and still multiplies by sigma'(Z[J]) (sigma' applied on top of the fused delta)"),
    ('fix_backward', fix_dW_wrong_activation, "all four bugs fixed but a new slip in (3): dW[j] = phi[j] A[j]^T (the layer's own activation, not A[j-1])"),
    ('fix_backward', fix_dW_divided_by_m, 'all four bugs fixed but dW additionally divided by m (1/m counted twice for dW)'),
    ('fix_backward', fix_two_left, "mix: fixes only equation (2) (transpose product and sigma'); the sign error in dL/da and the unsummed db remain"),
    ('fix_backward', fix_alias_lists, 'aliasing: dW = db = [None] * (J+1) is ONE list, so the db entries overwrite the dW entries (both returns are db)'),
    ('fix_backward', fix_return_swapped, 'all four bugs fixed but returns (db, dW) instead of (dW, db)'),
    ('fix_backward', fix_both_signs_flipped, '"fixes" the sign by flipping both terms: dL/da = Y/A - (1-Y)/(1-A), the negative of the right one (all gradients negated)'),
    ('fix_backward', fix_no_leading_none, "all four bugs fixed but the returned lists lack the leading None (dW[0] is layer 1's gradient)"),
    ('fix_backward', fix_right_fused, "fused output delta (A - Y)/m, sigma' from the stored activations A(1 - A)"),
    ('fix_backward', fix_right_minimal, "the buggy code with exactly the four few-character fixes (sign, W^T phi, sigma', summed db)"),
]
