"""Outsider corpus 5: realistic student answers for the mlpedu exercises.

Each answer is a module-level function named <prefix>_<short_name>, with a one-line comment
`# MISTAKE: ...` or `# RIGHT: ...` directly above it.
Prefixes: ng_ neuron_gradient, rc_ relu_chain, db_ dense_backward, rd_ recursive_delta,
sb_ sigmoid_bce_delta, sc_ softmax_ce_delta, nu_ numerical_gradient, fb_ fix_backward.
"""
import numpy as np


# helpers given in the notebooks (ex01 and ex06)
def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


# ============================================================ neuron_gradient

# MISTAKE: forgets the sigma' factor: uses delta = a - y
def ng_no_sigprime(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    delta = a - y          # dL/dz
    dW = delta @ x.T
    db = delta
    return dW, db


# MISTAKE: sign of dL/da flipped: uses y - a
def ng_sign_flip(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    dL_da = y - a
    da_dz = a * (1 - a)
    phi = dL_da * da_dz
    return phi @ x.T, phi


# MISTAKE: dW not transposed: dW = phi * x has shape (n, 1) instead of (1, n)
def ng_dW_not_transposed(x, W, b, y):
    z = np.dot(W, x) + b
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    dW = phi * x   # dz/dW = x
    db = phi
    return dW, db


# MISTAKE: evaluates sigma' at a instead of z: sigma(a)(1 - sigma(a))
def ng_sigprime_of_a(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    sp = sigmoid(a) * (1 - sigmoid(a))
    phi = (a - y) * sp
    return phi @ x.T, phi


# MISTAKE: writes sigma'(z) as z(1 - z) instead of a(1 - a)
def ng_z_times_one_minus_z(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * z * (1 - z)
    dW = phi @ x.T
    db = phi
    return dW, db


# MISTAKE: db forgets sigma': db = a - y while dW is correct
def ng_db_missing_sigprime(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    dW = ((a - y) * a * (1 - a)) @ x.T
    db = a - y   # dz/db = 1
    return dW, db


# MISTAKE: returns W^T phi (the gradient with respect to x) as dW instead of phi x^T
def ng_dW_is_dx(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    dW = W.T @ phi
    db = phi
    return dW, db


# MISTAKE: forgets the bias in the forward pass: z = W x
def ng_no_bias_forward(x, W, b, y):
    z = W @ x
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: returns (db, dW) instead of (dW, db)
def ng_swapped_return(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    dW = phi @ x.T
    db = phi
    return db, dW


# MISTAKE: dL/da = 2(a - y): differentiates (a - y)^2 ignoring the 1/2
def ng_factor_two(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    dL_da = 2 * (a - y)
    phi = dL_da * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: uses the loss value 1/2 (a - y)^2 instead of its derivative a - y
def ng_loss_not_derivative(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    L = 0.5 * (a - y) ** 2
    phi = L * a * (1 - a)
    return phi @ x.T, phi


# MISTAKE: own sigmoid written with exp(+z), i.e. computes sigma(-z) in the forward pass
def ng_own_sigmoid_wrong_sign(x, W, b, y):
    z = W @ x + b
    a = 1 / (1 + np.exp(z))
    phi = (a - y) * a * (1 - a)
    dW = phi @ x.T
    db = phi
    return dW, db


# MISTAKE: reduces dW to a single number: np.sum(phi * x) instead of the row phi x^T
def ng_dW_summed(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * a * (1 - a)
    dW = np.sum(phi * x)
    db = phi
    return dW, db


# MISTAKE: two mistakes: no sigma' factor AND dW not transposed (shape (n, 1))
def ng_two_no_sigprime_not_transposed(x, W, b, y):
    a = sigmoid(W @ x + b)
    error = a - y
    dW = error * x
    db = error
    return dW, db


# RIGHT: sigma'(z) written as exp(-z)/(1+exp(-z))^2 and dW built as (x * phi).T
def ng_right_exp_form(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    sp = np.exp(-z) / (1 + np.exp(-z)) ** 2
    phi = (a - y) * sp
    dW = (x * phi).T
    db = phi.copy()
    return dW, db


# RIGHT: uses np.outer and reshapes db, element-by-element style
def ng_right_outer(x, W, b, y):
    z = float((W @ x + b)[0, 0])
    a = 1.0 / (1.0 + np.exp(-z))
    phi = (a - float(y[0, 0])) * a * (1.0 - a)
    dW = np.outer([phi], x.ravel())
    db = np.array([[phi]])
    return dW, db


# ============================================================ relu_chain

def _step(z):
    return 1.0 if z > 0 else 0.0


# MISTAKE: no ReLU' at all (seed 000's "all units on" simplification)
def rc_no_relu_prime(x, w1, b1, w2, b2, w3, b3, y):
    r1 = max(0.0, w1 * x + b1)
    r2 = max(0.0, w2 * r1 + b2)
    r3 = max(0.0, w3 * r2 + b3)
    d = r3 - y
    dw3 = d * r2
    dw2 = d * w3 * r1
    dw1 = d * w3 * w2 * x
    return dw1, dw2, dw3


# MISTAKE: applies ReLU' only at the output unit, forgets it in the two hidden units
def rc_prime_only_output(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = (r3 - y) * (1 if z3 > 0 else 0)
    d2 = d3 * w3
    d1 = d2 * w2
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: multiplies by ReLU(z) instead of ReLU'(z) (the function instead of its derivative)
def rc_relu_instead_of_prime(x, w1, b1, w2, b2, w3, b3, y):
    relu = lambda z: max(0.0, z)
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    d3 = (r3 - y) * relu(z3)
    d2 = d3 * w3 * relu(z2)
    d1 = d2 * w2 * relu(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: uses the pre-activation z of the previous unit instead of its output r in dw2, dw3
def rc_dw_uses_z(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * z1, d3 * z2


# MISTAKE: propagates the delta with the unit's own weight instead of the next one's (d2 = d3 * w2 ..., d1 = d2 * w1 ...)
def rc_wrong_weight_in_chain(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w2 * _step(z2)
    d1 = d2 * w1 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: forward pass without the biases (seed 000's w1 w2 w3 x model)
def rc_no_bias_forward(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x; r1 = max(0, z1)
    z2 = w2 * r1; r2 = max(0, z2)
    z3 = w3 * r2; r3 = max(0, z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: returns the gradients in seed 000's order (dw3, dw2, dw1), numbered from the output end
def rc_reversed_return(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d3 * r2, d2 * r1, d1 * x


# MISTAKE: sign of dC/dy_hat flipped: uses y - y_hat
def rc_sign_flip(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = (y - r3) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: forgets the input x in dw1 (dw1 = delta_1)
def rc_missing_x(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = (r3 - y) * _step(z3)
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1, d2 * r1, d3 * r2


# MISTAKE: ReLU' of the wrong layer (off by one): d2 uses step(z3), d1 uses step(z2), output delta has no step
def rc_step_wrong_layer(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = r3 - y
    d2 = d3 * w3 * _step(z3)
    d1 = d2 * w2 * _step(z2)
    return d1 * x, d2 * r1, d3 * r2


# MISTAKE: loop version multiplies the delta by the layer's own output r[j] instead of its input r[j-1]
def rc_loop_own_output(x, w1, b1, w2, b2, w3, b3, y):
    w = [None, w1, w2, w3]
    b = [None, b1, b2, b3]
    r = [x, 0, 0, 0]
    z = [None, 0, 0, 0]
    for j in range(1, 4):
        z[j] = w[j] * r[j - 1] + b[j]
        r[j] = max(0.0, z[j])
    grads = [None, 0, 0, 0]
    delta = r[3] - y
    for j in range(3, 0, -1):
        delta = delta * (1.0 if z[j] > 0 else 0.0)
        grads[j] = delta * r[j]
        delta = delta * w[j]
    return grads[1], grads[2], grads[3]


# MISTAKE: uses np.sign(z) as ReLU' (gives -1 for negative z instead of 0)
def rc_sign_as_step(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = np.maximum(0, z1)
    z2 = w2 * r1 + b2; r2 = np.maximum(0, z2)
    z3 = w3 * r2 + b3; r3 = np.maximum(0, z3)
    d3 = (r3 - y) * np.sign(z3)
    d2 = d3 * w3 * np.sign(z2)
    d1 = d2 * w2 * np.sign(z1)
    return float(d1 * x), float(d2 * r1), float(d3 * r2)


# MISTAKE: two mistakes: no ReLU' anywhere AND gradients returned in reverse order (dw3, dw2, dw1)
def rc_two_no_prime_reversed(x, w1, b1, w2, b2, w3, b3, y):
    r1 = max(0, w1 * x + b1)
    r2 = max(0, w2 * r1 + b2)
    yhat = max(0, w3 * r2 + b3)
    err = yhat - y
    return err * r2, err * w3 * r1, err * w3 * w2 * x


# MISTAKE: two mistakes: sign flipped (y - y_hat) AND no ReLU' at the output unit
def rc_two_sign_no_output_prime(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    d3 = y - r3
    d2 = d3 * w3 * _step(z2)
    d1 = d2 * w2 * _step(z1)
    return d1 * x, d2 * r1, d3 * r2


# RIGHT: ReLU'(0) = 1 (z >= 0), the seed 000/001 convention the exercise accepts
def rc_right_ge_zero(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = max(0, z1)
    z2 = w2 * r1 + b2; r2 = max(0, z2)
    z3 = w3 * r2 + b3; r3 = max(0, z3)
    g = lambda z: 1.0 if z >= 0 else 0.0
    d3 = (r3 - y) * g(z3)
    d2 = d3 * w3 * g(z2)
    d1 = d2 * w2 * g(z1)
    return d1 * x, d2 * r1, d3 * r2


# RIGHT: loop over layers with lists, correct indices, ReLU'(0) = 0
def rc_right_loop(x, w1, b1, w2, b2, w3, b3, y):
    ws = [w1, w2, w3]
    bs = [b1, b2, b3]
    inputs, zs = [], []
    a = x
    for w, b in zip(ws, bs):
        inputs.append(a)
        z = w * a + b
        zs.append(z)
        a = max(z, 0.0)
    grads = [0.0, 0.0, 0.0]
    delta = a - y
    for k in (2, 1, 0):
        delta = delta * (1.0 if zs[k] > 0 else 0.0)
        grads[k] = delta * inputs[k]
        delta = delta * ws[k]
    return float(grads[0]), float(grads[1]), float(grads[2])


# ============================================================ dense_backward

# MISTAKE: divides dW and db by m (extra 1/m, already inside phi)
def db_divide_by_m(dZ, A_prev, W):
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: db summed without keepdims: shape (n_out,) instead of (n_out, 1)
def db_db_no_keepdims(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.sum(dZ, axis=1)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: db summed over the wrong axis (axis=0, over units), shape (1, m)
def db_db_axis0(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=0, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: db = dZ, columns not added up
def db_db_not_summed(dZ, A_prev, W):
    dW = np.dot(dZ, A_prev.T)
    db = dZ
    dA_prev = np.dot(W.T, dZ)
    return dW, db, dA_prev


# MISTAKE: dW transposed: A_prev @ dZ.T, shape (n_in, n_out)
def db_dW_transposed(dZ, A_prev, W):
    dW = A_prev @ dZ.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: dA_prev in the rows-are-examples layout: dZ.T @ W, shape (m, n_in)
def db_dA_rows_layout(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = dZ.T @ W
    return dW, db, dA_prev


# MISTAKE: db is the mean over the batch instead of the sum
def db_db_mean(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.mean(dZ, axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: loop over examples assigns dW = outer(...) instead of accumulating (+=): keeps only the last example
def db_loop_overwrites(dZ, A_prev, W):
    n_out, m = dZ.shape
    dW = np.zeros_like(W)
    db = np.zeros((n_out, 1))
    for i in range(m):
        dW = np.outer(dZ[:, i], A_prev[:, i])
        db += dZ[:, i:i + 1]
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: loop over examples stops one early (range(m - 1)): last example missing from dW and db
def db_loop_range_off(dZ, A_prev, W):
    m = dZ.shape[1]
    dW = np.zeros(W.shape)
    db = np.zeros((W.shape[0], 1))
    for i in range(m - 1):
        dW += dZ[:, [i]] @ A_prev[:, [i]].T
        db += dZ[:, [i]]
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: db sums every entry of dZ into one number (np.sum without axis)
def db_db_total_sum(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = np.sum(dZ)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: multiplies dA_prev by a sigmoid' of the previous activations, A_prev (1 - A_prev) (not part of the dense layer)
def db_dA_times_sigprime(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = (W.T @ dZ) * A_prev * (1 - A_prev)
    return dW, db, dA_prev


# MISTAKE: returns (dW, dA_prev, db): wrong order of the tuple
def db_return_order(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1, keepdims=True)
    dA_prev = W.T @ dZ
    return dW, dA_prev, db


# MISTAKE: sums the delta over the batch before passing it back: dA_prev = W.T @ dZ.sum(axis=1), one column
def db_dA_summed_over_batch(dZ, A_prev, W):
    dZ_sum = dZ.sum(axis=1, keepdims=True)
    dW = dZ @ A_prev.T
    db = dZ_sum
    dA_prev = W.T @ dZ_sum
    return dW, db, dA_prev


# MISTAKE: two mistakes: dW transposed (A_prev @ dZ.T) AND db without keepdims
def db_two_dW_transposed_db_flat(dZ, A_prev, W):
    dW = A_prev @ dZ.T
    db = dZ.sum(axis=1)
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# MISTAKE: two mistakes: rows-are-examples habit for both dW (A_prev @ dZ.T) and dA_prev (dZ.T @ W)
def db_two_rows_layout(dZ, A_prev, W):
    dW = A_prev @ dZ.T
    db = np.sum(dZ, axis=1, keepdims=True)
    dA_prev = dZ.T @ W
    return dW, db, dA_prev


# RIGHT: explicit loop summing outer products over the examples
def db_right_loop(dZ, A_prev, W):
    n_out, m = dZ.shape
    dW = np.zeros((n_out, A_prev.shape[0]))
    db = np.zeros((n_out, 1))
    for i in range(m):
        dW += np.outer(dZ[:, i], A_prev[:, i])
        db[:, 0] += dZ[:, i]
    dA_prev = W.T @ dZ
    return dW, db, dA_prev


# RIGHT: einsum for dW and dA_prev, db as dZ @ ones
def db_right_einsum(dZ, A_prev, W):
    m = dZ.shape[1]
    dW = np.einsum("ik,jk->ij", dZ, A_prev)
    db = dZ @ np.ones((m, 1))
    dA_prev = np.einsum("ij,ik->jk", W, dZ)
    return dW, db, dA_prev


# ============================================================ recursive_delta

# MISTAKE: forgets the sigma'(z^j) factor in equation (2)
def rd_missing_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1]
    return phi


# MISTAKE: multiplies by sigma(z^j) = A[j] instead of sigma'(z^j) (seed 003's missing prime)
def rd_sigma_instead_of_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j]
    return phi


# MISTAKE: uses W[j] instead of W[j+1] in equation (2) (index slip)
def rd_wrong_weight_index(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


# MISTAKE: replaces the matrix product with column sums of W^{j+1} times phi (seed 003's component slip)
def rd_column_sums(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        col = W[j + 1].sum(axis=0)[:, None]          # sum_k w_ki
        phi[j] = col * phi[j + 1].sum(axis=0, keepdims=True) * sigma_prime(Z[j])
    return phi


# MISTAKE: evaluates sigma' at the activation A[j] instead of Z[j]
def rd_sigma_prime_of_A(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(A[j])
    return phi


# MISTAKE: loop range(J-1, 1, -1) stops too early: phi[1] is never computed (left None)
def rd_range_stops_early(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 1, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: loop goes down to j = 0 and computes a delta for the input layer (Z[0] is None)
def rd_range_includes_zero(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, -1, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: builds the deltas from the output down by appending and forgets to reverse the list
def rd_list_not_reversed(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    deltas = [phi_J]
    delta = phi_J
    for j in range(J - 1, 0, -1):
        delta = (W[j + 1].T @ delta) * sigma_prime(Z[j])
        deltas.append(delta)
    return [None] + deltas


# MISTAKE: returns [phi^1, ..., phi^J] without the leading None (length J, indices shifted)
def rd_missing_none(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi[1:]


# MISTAKE: multiplies the given phi_J by sigma'(Z[J]) again (equation (1) applied twice)
def rd_phi_J_times_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J * sigma_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# MISTAKE: divides each propagated delta by m (extra 1/m at every layer)
def rd_one_over_m(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    m = phi_J.shape[1]
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigma_prime(Z[j]) / m
    return phi


# MISTAKE: applies sigma' of the layer above inside the product: W^T (phi^{j+1} * sigma'(z^{j+1})) instead of (W^T phi^{j+1}) * sigma'(z^j)
def rd_prime_of_layer_above(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ (phi[j + 1] * sigma_prime(Z[j + 1]))
    return phi


# MISTAKE: two mistakes: sigma' evaluated at A[j] instead of Z[j] AND loop stops early (phi[1] left None)
def rd_two_prime_of_A_stops_early(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 1, -1):
        phi[j] = W[j + 1].T.dot(phi[j + 1]) * sigma_prime(A[j])
    return phi


# MISTAKE: forgets the transpose: W[j+1] @ phi[j+1] instead of W[j+1].T @ phi[j+1]
def rd_no_transpose(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1] @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


# RIGHT: recursive helper function instead of a loop
def rd_right_recursive(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1

    def delta(j):
        if j == J:
            return phi_J
        return (W[j + 1].T @ delta(j + 1)) * sigma_prime(Z[j])

    return [None] + [delta(j) for j in range(1, J + 1)]


# RIGHT: (phi^T W)^T form and in-place multiply on a fresh array
def rd_right_rows_then_transpose(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None for _ in range(J + 1)]
    phi[J] = phi_J
    j = J - 1
    while j >= 1:
        d = (phi[j + 1].T @ W[j + 1]).T
        d *= sigma_prime(Z[j])
        phi[j] = d
        j -= 1
    return phi


# ============================================================ sigmoid_bce_delta

# MISTAKE: forgets the 1/m of the mean: returns A - Y
def sb_no_mean(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return A - Y


# MISTAKE: sign flipped: (Y - A) / m
def sb_sign_flip(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    m = Z.shape[1]
    return (Y - A) / m


# MISTAKE: divides by n = Z.shape[0] (number of outputs) instead of m
def sb_divide_by_n(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    m = Z.shape[0]
    return (A - Y) / m


# MISTAKE: divides by Z.size = n*m instead of m
def sb_divide_by_size(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return (A - Y) / Z.size


# MISTAKE: multiplies the simplified delta by sigma' again: (A - Y) A (1 - A) / m
def sb_extra_sigprime(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    m = Z.shape[1]
    dA = (A - Y) / m
    return dA * A * (1 - A)


# MISTAKE: seed 003's sign error in dl/da: -y/a - (1-y)/(1-a), then times a(1-a)
def sb_seed_sign_error(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    m = Z.shape[1]
    dA = -Y / A - (1 - Y) / (1 - A)
    return dA * A * (1 - A) / m


# MISTAKE: forgets the sigmoid: uses Z - Y instead of sigma(Z) - Y
def sb_no_sigmoid(Z, Y):
    m = Z.shape[1]
    return (Z - Y) / m


# MISTAKE: returns dL/dA (-y/a + (1-y)/(1-a))/m, forgets to multiply by sigma'
def sb_dA_only(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    m = Z.shape[1]
    return (-Y / A + (1 - Y) / (1 - A)) / m


# MISTAKE: leaves the formula unsimplified (dL/dA * A(1-A)): 0/0 = NaN when a sigmoid saturates to exactly 0 or 1
def sb_unsimplified_nan(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    m = Z.shape[1]
    dA = (-Y / A + (1 - Y) / (1 - A)) / m
    return dA * (A * (1 - A))


# MISTAKE: sigmoid written as exp(Z)/(1+exp(Z)): overflows to inf/inf = NaN for large positive Z
def sb_sigmoid_overflow(Z, Y):
    E = np.exp(Z)
    A = E / (1 + E)
    return (A - Y) / Z.shape[1]


# MISTAKE: takes the mean over everything: returns the scalar np.mean(A - Y)
def sb_mean_to_scalar(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return np.mean(A - Y)


# MISTAKE: averages over the batch axis: returns np.mean(A - Y, axis=1, keepdims=True), one column
def sb_mean_over_batch_axis(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return np.mean(A - Y, axis=1, keepdims=True)


# MISTAKE: uses a softmax over each column instead of the elementwise sigmoid
def sb_uses_softmax(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) / Z.shape[1]


# MISTAKE: divides by m twice (once in dL/dA, once again at the end): (A - Y) / m^2
def sb_m_squared(Z, Y):
    m = Z.shape[1]
    A = 1 / (1 + np.exp(-Z))
    dA = (-Y / A + (1 - Y) / (1 - A)) / m
    phi = dA * A * (1 - A)
    return phi / m


# MISTAKE: two mistakes: sign flipped (Y - A) AND no 1/m
def sb_two_sign_no_mean(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return Y - A


# MISTAKE: two mistakes: no sigmoid (Z - Y) AND no 1/m
def sb_two_no_sigmoid_no_mean(Z, Y):
    return Z - Y


# RIGHT: sigmoid written as (1 + tanh(z/2)) / 2, stable for large |z|
def sb_right_tanh(Z, Y):
    A = 0.5 * (1.0 + np.tanh(0.5 * Z))
    return (A - Y) / Z.shape[1]


# RIGHT: numerically stable two-branch sigmoid with np.where
def sb_right_stable_where(Z, Y):
    E = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1 / (1 + E), E / (1 + E))
    m = Y.shape[1]
    return (A - Y) * (1.0 / m)


# ============================================================ softmax_ce_delta

def _softmax_cols(Z):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


# MISTAKE: forgets the 1/m of the mean: returns A - Y
def sc_no_mean(Z, Y):
    Zs = Z - np.max(Z, axis=0, keepdims=True)
    A = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return A - Y


# MISTAKE: softmax over the rows (axis=1, rows-are-examples habit) instead of over each column
def sc_softmax_rows(Z, Y):
    Zs = Z - Z.max(axis=1, keepdims=True)
    E = np.exp(Zs)
    A = E / E.sum(axis=1, keepdims=True)
    return (A - Y) / Z.shape[1]


# MISTAKE: no max subtraction: exp overflows for logits of several hundred (NaN)
def sc_overflow(Z, Y):
    E = np.exp(Z)
    A = E / np.sum(E, axis=0, keepdims=True)
    return (A - Y) / Z.shape[1]


# MISTAKE: normalises by the sum over the whole batch (E / E.sum()) instead of per column
def sc_global_sum(Z, Y):
    E = np.exp(Z - Z.max())
    A = E / E.sum()
    return (A - Y) / Z.shape[1]


# MISTAKE: subtracts the global max instead of each column's max: columns far below underflow to 0/0 = NaN
def sc_global_max(Z, Y):
    E = np.exp(Z - np.max(Z))
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) / Z.shape[1]


# MISTAKE: sign flipped: (Y - A) / m
def sc_sign_flip(Z, Y):
    A = _softmax_cols(Z)
    m = Z.shape[1]
    return (Y - A) / m


# MISTAKE: treats softmax as elementwise: dL/dA = -Y/A times A(1 - A), gives -Y(1 - A)/m
def sc_elementwise_sigprime(Z, Y):
    A = _softmax_cols(Z)
    m = Z.shape[1]
    dA = -Y / A
    return dA * A * (1 - A) / m


# MISTAKE: returns dL/dA = -Y/A / m instead of dL/dZ
def sc_dA_only(Z, Y):
    A = _softmax_cols(Z)
    return -Y / A / Z.shape[1]


# MISTAKE: divides by the number of classes n = Z.shape[0] instead of m
def sc_mean_by_n(Z, Y):
    n, m = Z.shape
    A = _softmax_cols(Z)
    return (A - Y) / n


# MISTAKE: uses the sigmoid instead of the softmax
def sc_uses_sigmoid(Z, Y):
    A = 1 / (1 + np.exp(-Z))
    return (A - Y) / Z.shape[1]


# MISTAKE: subtracts the max in place (Z -= ...), modifying the caller's Z array
def sc_inplace_max(Z, Y):
    Z -= Z.max(axis=0, keepdims=True)
    E = np.exp(Z)
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) / Z.shape[1]


# MISTAKE: subtracts each row's max (axis=1) but normalises per column: the shift is not constant within a column
def sc_max_rows_sum_cols(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) / Z.shape[1]


# MISTAKE: two mistakes: no max subtraction (overflow) AND no 1/m
def sc_two_overflow_no_mean(Z, Y):
    A = np.exp(Z) / np.exp(Z).sum(axis=0)
    return A - Y


# MISTAKE: two mistakes: softmax over rows (axis=1) AND no 1/m
def sc_two_rows_no_mean(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    A = E / E.sum(axis=1, keepdims=True)
    return A - Y


# RIGHT: softmax over axis 0 without keepdims: (n, m) / (m,) broadcasts over columns correctly
def sc_right_no_keepdims(Z, Y):
    Zs = Z - Z.max(axis=0)
    E = np.exp(Zs)
    A = E / E.sum(axis=0)
    return (A - Y) / Z.shape[1]


# RIGHT: log-sum-exp form: A = exp(Z - logsumexp(Z)) per column
def sc_right_logsumexp(Z, Y):
    mx = Z.max(axis=0, keepdims=True)
    lse = mx + np.log(np.exp(Z - mx).sum(axis=0, keepdims=True))
    A = np.exp(Z - lse)
    return (A - Y) / Y.shape[1]


# ============================================================ numerical_gradient

# MISTAKE: one-sided forward difference (f(x + eps e_i) - f(x)) / eps
def nu_forward_diff(f, x, eps):
    grad = np.zeros_like(x)
    fx = f(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy()
        xp[idx] += eps
        grad[idx] = (f(xp) - fx) / eps
    return grad


# MISTAKE: perturbs x in place and never puts the entry back (x[i] ends at x[i] - eps)
def nu_no_restore(f, x, eps):
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        fp = f(x)
        x[idx] -= 2 * eps
        fm = f(x)
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# MISTAKE: divides the central difference by eps instead of 2 eps
def nu_divide_by_eps(f, x, eps):
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy(); xp[idx] += eps
        xm = x.copy(); xm[idx] -= eps
        grad[idx] = (f(xp) - f(xm)) / eps
    return grad


# MISTAKE: perturbs all entries at once (x + eps, x - eps) instead of one entry
def nu_perturb_all(f, x, eps):
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        grad[idx] = (f(x + eps) - f(x - eps)) / (2 * eps)
    return grad


# MISTAKE: xp = x and xm = x without copy: both names alias the same array, so f(xp) - f(xm) = 0
def nu_aliasing(f, x, eps):
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        x_plus = x
        x_minus = x
        x_plus[idx] = x_plus[idx] + eps
        x_minus[idx] = x_minus[idx] - eps
        grad[idx] = (f(x_plus) - f(x_minus)) / (2 * eps)
    return grad


# MISTAKE: loops only over the first axis (for i in range(len(x))): for 2-D x it perturbs a whole row at a time
def nu_only_first_axis(f, x, eps):
    grad = np.zeros_like(x)
    for i in range(len(x)):
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# MISTAKE: ignores the given eps and hard-codes eps = 1e-5
def nu_eps_hardcoded(f, x, eps):
    h = 1e-5
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy(); xp[idx] += h
        xm = x.copy(); xm[idx] -= h
        grad[idx] = (f(xp) - f(xm)) / (2 * h)
    return grad


# MISTAKE: difference in the wrong order: (f(x - eps e_i) - f(x + eps e_i)) / (2 eps)
def nu_sign_swapped(f, x, eps):
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy(); xp[idx] += eps
        xm = x.copy(); xm[idx] -= eps
        grad[idx] = (f(xm) - f(xp)) / (2 * eps)
    return grad


# MISTAKE: in-place: after +eps subtracts only eps (back to x), so f_minus is f(x): gives (f(x+eps) - f(x)) / (2 eps)
def nu_minus_only_once(f, x, eps):
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + eps
        f_plus = f(x)
        x[idx] -= eps
        f_minus = f(x)
        grad[idx] = (f_plus - f_minus) / (2 * eps)
        x[idx] = old
    return grad


# MISTAKE: collects the entries in a Python list and returns a flat 1-D array, not shaped like x
def nu_flat_output(f, x, eps):
    grads = []
    for idx in np.ndindex(*x.shape):
        xp = x.copy(); xp[idx] += eps
        xm = x.copy(); xm[idx] -= eps
        grads.append((f(xp) - f(xm)) / (2 * eps))
    return np.array(grads)


# MISTAKE: relative step eps * x[i] instead of the absolute step eps (0/0 when x[i] = 0)
def nu_relative_step(f, x, eps):
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        h = eps * x[idx]
        xp = x.copy(); xp[idx] += h
        xm = x.copy(); xm[idx] -= h
        grad[idx] = (f(xp) - f(xm)) / (2 * h)
    return grad


# MISTAKE: flat-index loop range(x.size - 1) skips the last entry (left 0)
def nu_skip_last(f, x, eps):
    grad = np.zeros_like(x)
    flat_grad = grad.reshape(-1)
    for i in range(x.size - 1):
        xp = x.copy().reshape(-1); xp[i] += eps
        xm = x.copy().reshape(-1); xm[i] -= eps
        flat_grad[i] = (f(xp.reshape(x.shape)) - f(xm.reshape(x.shape))) / (2 * eps)
    return grad


# MISTAKE: two mistakes: forward difference AND perturbs x in place without restoring it
def nu_two_forward_no_restore(f, x, eps):
    grad = np.zeros_like(x)
    f0 = f(x)
    for idx in np.ndindex(*x.shape):
        x[idx] += eps
        grad[idx] = (f(x) - f0) / eps
    return grad


# MISTAKE: two mistakes: hard-coded step h = 1e-5 AND one-sided forward difference
def nu_two_hardcoded_forward(f, x, eps):
    h = 1e-5
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        xp = x.copy(); xp[idx] += h
        grad[idx] = (f(xp) - f(x)) / h
    return grad


# RIGHT: perturbs in place, saves and restores each entry
def nu_right_inplace_restore(f, x, eps):
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        saved = x[idx]
        x[idx] = saved + eps
        fp = f(x)
        x[idx] = saved - eps
        fm = f(x)
        x[idx] = saved
        grad[idx] = (fp - fm) / (2 * eps)
    return grad


# RIGHT: unit-vector form with np.zeros_like and a flat index
def nu_right_unit_vector(f, x, eps):
    grad = np.empty_like(x, dtype=float)
    for k in range(x.size):
        e = np.zeros_like(x, dtype=float)
        e.flat[k] = eps
        grad.flat[k] = (f(x + e) - f(x - e)) / (2 * eps)
    return grad


# ============================================================ fix_backward

# MISTAKE: did not fix the sign in dL/dA: keeps -Y/A - (1-Y)/(1-A) (other three bugs fixed)
def fb_sign_not_fixed(W, b, X, Y):
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


# MISTAKE: kept the column sums of W (seed 003's component slip) instead of W[j+1].T @ phi[j+1] (others fixed)
def fb_column_sums_kept(W, b, X, Y):
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


# MISTAKE: kept sigmoid(Z[j]) instead of sigmoid_prime(Z[j]) in equation (2) (others fixed)
def fb_sigmoid_not_prime(W, b, X, Y):
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
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: did not sum db over the batch: db[j] = phi[j] (others fixed)
def fb_db_not_summed(W, b, X, Y):
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


# MISTAKE: db summed without keepdims: shape (n_j,) instead of (n_j, 1)
def fb_db_no_keepdims(W, b, X, Y):
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
    db = [None] + [np.sum(phi[j], axis=1) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: db is the mean over the batch instead of the sum (extra 1/m in db)
def fb_db_mean(W, b, X, Y):
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


# MISTAKE: dropped the /m from dL/dA while fixing the sign (gradient of the summed loss, m times too big)
def fb_no_m(W, b, X, Y):
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


# MISTAKE: simplified the output delta to A - Y but forgot the 1/m of the mean
def fb_fused_no_m(W, b, X, Y):
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    phi = [None] * (J + 1)
    phi[J] = A[J] - Y                      # sigmoid + BCE simplifies
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: simplified the output delta to (A - Y)/m and still multiplied by sigma'(Z[J]) (sigma' twice at the output)
def fb_fused_with_sigprime(W, b, X, Y):
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


# MISTAKE: divides dW by m again ("mean over the batch") although the 1/m is already in phi; db correct
def fb_dW_extra_m(W, b, X, Y):
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


# MISTAKE: fixed the missing prime but evaluates it at A[j]: sigmoid_prime(A[j]) instead of sigmoid_prime(Z[j])
def fb_sigprime_of_A(W, b, X, Y):
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
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(A[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: two bugs left: the sign in dL/dA and sigmoid instead of sigmoid_prime in (2) (fixed column sums and db)
def fb_two_sign_and_sigmoid(W, b, X, Y):
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
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# MISTAKE: three bugs left: only fixed the sign; column sums, sigmoid-not-prime and unsummed db remain
def fb_three_only_sign_fixed(W, b, X, Y):
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
        phi[j] = column_sums * phi[j + 1] * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


# MISTAKE: db summed over the wrong axis (axis=0, over units): shape (1, m)
def fb_db_axis0(W, b, X, Y):
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


# MISTAKE: loop range(J - 1, 1, -1) stops before layer 1: phi[1] stays None and dW[1] crashes
def fb_loop_skips_layer1(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 1, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# RIGHT: fused output delta (A - Y)/m and sigma' from the stored activations A(1 - A)
def fb_right_fused(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    phi = [None] * (J + 1)
    phi[J] = (A[J] - Y) / m
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1].T @ phi[j + 1]) * A[j] * (1 - A[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] @ np.ones((m, 1)) for j in range(1, J + 1)]
    return dW, db


# RIGHT: the four minimal fixes of buggy_backward
def fb_right_minimal_fix(W, b, X, Y):
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
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# (exercise, answer, the writer's own description), in the order written
CORPUS = [
    ('neuron_gradient', ng_no_sigprime, "forgets the sigma' factor: uses delta = a - y"),
    ('neuron_gradient', ng_sign_flip, 'sign of dL/da flipped: uses y - a'),
    ('neuron_gradient', ng_dW_not_transposed, 'dW not transposed: dW = phi * x has shape (n, 1) instead of (1, n)'),
    ('neuron_gradient', ng_sigprime_of_a, "evaluates sigma' at a instead of z: sigma(a)(1 - sigma(a))"),
    ('neuron_gradient', ng_z_times_one_minus_z, "writes sigma'(z) as z(1 - z) instead of a(1 - a)"),
    ('neuron_gradient', ng_db_missing_sigprime, "db forgets sigma': db = a - y while dW is correct"),
    ('neuron_gradient', ng_dW_is_dx, 'returns W^T phi (the gradient with respect to x) as dW instead of phi x^T'),
    ('neuron_gradient', ng_no_bias_forward, 'forgets the bias in the forward pass: z = W x'),
    ('neuron_gradient', ng_swapped_return, 'returns (db, dW) instead of (dW, db)'),
    ('neuron_gradient', ng_factor_two, 'dL/da = 2(a - y): differentiates (a - y)^2 ignoring the 1/2'),
    ('neuron_gradient', ng_loss_not_derivative, 'uses the loss value 1/2 (a - y)^2 instead of its derivative a - y'),
    ('neuron_gradient', ng_own_sigmoid_wrong_sign, 'own sigmoid written with exp(+z), i.e. computes sigma(-z) in the forward pass'),
    ('neuron_gradient', ng_dW_summed, 'reduces dW to a single number: np.sum(phi * x) instead of the row phi x^T'),
    ('neuron_gradient', ng_two_no_sigprime_not_transposed, "two mistakes: no sigma' factor AND dW not transposed (shape (n, 1))"),
    ('neuron_gradient', ng_right_exp_form, "sigma'(z) written as exp(-z)/(1+exp(-z))^2 and dW built as (x * phi).T"),
    ('neuron_gradient', ng_right_outer, 'uses np.outer and reshapes db, element-by-element style'),
    ('relu_chain', rc_no_relu_prime, 'no ReLU\' at all (seed 000\'s "all units on" simplification)'),
    ('relu_chain', rc_prime_only_output, "applies ReLU' only at the output unit, forgets it in the two hidden units"),
    ('relu_chain', rc_relu_instead_of_prime, "multiplies by ReLU(z) instead of ReLU'(z) (the function instead of its derivative)"),
    ('relu_chain', rc_dw_uses_z, 'uses the pre-activation z of the previous unit instead of its output r in dw2, dw3'),
    ('relu_chain', rc_wrong_weight_in_chain, "propagates the delta with the unit's own weight instead of the next one's (d2 = d3 * w2 ..., d1 = d2 * w1 ...)"),
    ('relu_chain', rc_no_bias_forward, "forward pass without the biases (seed 000's w1 w2 w3 x model)"),
    ('relu_chain', rc_reversed_return, "returns the gradients in seed 000's order (dw3, dw2, dw1), numbered from the output end"),
    ('relu_chain', rc_sign_flip, 'sign of dC/dy_hat flipped: uses y - y_hat'),
    ('relu_chain', rc_missing_x, 'forgets the input x in dw1 (dw1 = delta_1)'),
    ('relu_chain', rc_step_wrong_layer, "ReLU' of the wrong layer (off by one): d2 uses step(z3), d1 uses step(z2), output delta has no step"),
    ('relu_chain', rc_loop_own_output, "loop version multiplies the delta by the layer's own output r[j] instead of its input r[j-1]"),
    ('relu_chain', rc_sign_as_step, "uses np.sign(z) as ReLU' (gives -1 for negative z instead of 0)"),
    ('relu_chain', rc_two_no_prime_reversed, "two mistakes: no ReLU' anywhere AND gradients returned in reverse order (dw3, dw2, dw1)"),
    ('relu_chain', rc_two_sign_no_output_prime, "two mistakes: sign flipped (y - y_hat) AND no ReLU' at the output unit"),
    ('relu_chain', rc_right_ge_zero, "ReLU'(0) = 1 (z >= 0), the seed 000/001 convention the exercise accepts"),
    ('relu_chain', rc_right_loop, "loop over layers with lists, correct indices, ReLU'(0) = 0"),
    ('dense_backward', db_divide_by_m, 'divides dW and db by m (extra 1/m, already inside phi)'),
    ('dense_backward', db_db_no_keepdims, 'db summed without keepdims: shape (n_out,) instead of (n_out, 1)'),
    ('dense_backward', db_db_axis0, 'db summed over the wrong axis (axis=0, over units), shape (1, m)'),
    ('dense_backward', db_db_not_summed, 'db = dZ, columns not added up'),
    ('dense_backward', db_dW_transposed, 'dW transposed: A_prev @ dZ.T, shape (n_in, n_out)'),
    ('dense_backward', db_dA_rows_layout, 'dA_prev in the rows-are-examples layout: dZ.T @ W, shape (m, n_in)'),
    ('dense_backward', db_db_mean, 'db is the mean over the batch instead of the sum'),
    ('dense_backward', db_loop_overwrites, 'loop over examples assigns dW = outer(...) instead of accumulating (+=): keeps only the last example'),
    ('dense_backward', db_loop_range_off, 'loop over examples stops one early (range(m - 1)): last example missing from dW and db'),
    ('dense_backward', db_db_total_sum, 'db sums every entry of dZ into one number (np.sum without axis)'),
    ('dense_backward', db_dA_times_sigprime, "multiplies dA_prev by a sigmoid' of the previous activations, A_prev (1 - A_prev) (not part of the dense layer)"),
    ('dense_backward', db_return_order, 'returns (dW, dA_prev, db): wrong order of the tuple'),
    ('dense_backward', db_dA_summed_over_batch, 'sums the delta over the batch before passing it back: dA_prev = W.T @ dZ.sum(axis=1), one column'),
    ('dense_backward', db_two_dW_transposed_db_flat, 'two mistakes: dW transposed (A_prev @ dZ.T) AND db without keepdims'),
    ('dense_backward', db_two_rows_layout, 'two mistakes: rows-are-examples habit for both dW (A_prev @ dZ.T) and dA_prev (dZ.T @ W)'),
    ('dense_backward', db_right_loop, 'explicit loop summing outer products over the examples'),
    ('dense_backward', db_right_einsum, 'einsum for dW and dA_prev, db as dZ @ ones'),
    ('recursive_delta', rd_missing_prime, "forgets the sigma'(z^j) factor in equation (2)"),
    ('recursive_delta', rd_sigma_instead_of_prime, "multiplies by sigma(z^j) = A[j] instead of sigma'(z^j) (seed 003's missing prime)"),
    ('recursive_delta', rd_wrong_weight_index, 'uses W[j] instead of W[j+1] in equation (2) (index slip)'),
    ('recursive_delta', rd_column_sums, "replaces the matrix product with column sums of W^{j+1} times phi (seed 003's component slip)"),
    ('recursive_delta', rd_sigma_prime_of_A, "evaluates sigma' at the activation A[j] instead of Z[j]"),
    ('recursive_delta', rd_range_stops_early, 'loop range(J-1, 1, -1) stops too early: phi[1] is never computed (left None)'),
    ('recursive_delta', rd_range_includes_zero, 'loop goes down to j = 0 and computes a delta for the input layer (Z[0] is None)'),
    ('recursive_delta', rd_list_not_reversed, 'builds the deltas from the output down by appending and forgets to reverse the list'),
    ('recursive_delta', rd_missing_none, 'returns [phi^1, ..., phi^J] without the leading None (length J, indices shifted)'),
    ('recursive_delta', rd_phi_J_times_prime, "multiplies the given phi_J by sigma'(Z[J]) again (equation (1) applied twice)"),
    ('recursive_delta', rd_one_over_m, 'divides each propagated delta by m (extra 1/m at every layer)'),
    ('recursive_delta', rd_prime_of_layer_above, "applies sigma' of the layer above inside the product: W^T (phi^{j+1} * sigma'(z^{j+1})) instead of (W^T phi^{j+1}) * sigma'(z^j)"),
    ('recursive_delta', rd_two_prime_of_A_stops_early, "two mistakes: sigma' evaluated at A[j] instead of Z[j] AND loop stops early (phi[1] left None)"),
    ('recursive_delta', rd_no_transpose, 'forgets the transpose: W[j+1] @ phi[j+1] instead of W[j+1].T @ phi[j+1]'),
    ('recursive_delta', rd_right_recursive, 'recursive helper function instead of a loop'),
    ('recursive_delta', rd_right_rows_then_transpose, '(phi^T W)^T form and in-place multiply on a fresh array'),
    ('sigmoid_bce_delta', sb_no_mean, 'forgets the 1/m of the mean: returns A - Y'),
    ('sigmoid_bce_delta', sb_sign_flip, 'sign flipped: (Y - A) / m'),
    ('sigmoid_bce_delta', sb_divide_by_n, 'divides by n = Z.shape[0] (number of outputs) instead of m'),
    ('sigmoid_bce_delta', sb_divide_by_size, 'divides by Z.size = n*m instead of m'),
    ('sigmoid_bce_delta', sb_extra_sigprime, "multiplies the simplified delta by sigma' again: (A - Y) A (1 - A) / m"),
    ('sigmoid_bce_delta', sb_seed_sign_error, "seed 003's sign error in dl/da: -y/a - (1-y)/(1-a), then times a(1-a)"),
    ('sigmoid_bce_delta', sb_no_sigmoid, 'forgets the sigmoid: uses Z - Y instead of sigma(Z) - Y'),
    ('sigmoid_bce_delta', sb_dA_only, "returns dL/dA (-y/a + (1-y)/(1-a))/m, forgets to multiply by sigma'"),
    ('sigmoid_bce_delta', sb_unsimplified_nan, 'leaves the formula unsimplified (dL/dA * A(1-A)): 0/0 = NaN when a sigmoid saturates to exactly 0 or 1'),
    ('sigmoid_bce_delta', sb_sigmoid_overflow, 'sigmoid written as exp(Z)/(1+exp(Z)): overflows to inf/inf = NaN for large positive Z'),
    ('sigmoid_bce_delta', sb_mean_to_scalar, 'takes the mean over everything: returns the scalar np.mean(A - Y)'),
    ('sigmoid_bce_delta', sb_mean_over_batch_axis, 'averages over the batch axis: returns np.mean(A - Y, axis=1, keepdims=True), one column'),
    ('sigmoid_bce_delta', sb_uses_softmax, 'uses a softmax over each column instead of the elementwise sigmoid'),
    ('sigmoid_bce_delta', sb_m_squared, 'divides by m twice (once in dL/dA, once again at the end): (A - Y) / m^2'),
    ('sigmoid_bce_delta', sb_two_sign_no_mean, 'two mistakes: sign flipped (Y - A) AND no 1/m'),
    ('sigmoid_bce_delta', sb_two_no_sigmoid_no_mean, 'two mistakes: no sigmoid (Z - Y) AND no 1/m'),
    ('sigmoid_bce_delta', sb_right_tanh, 'sigmoid written as (1 + tanh(z/2)) / 2, stable for large |z|'),
    ('sigmoid_bce_delta', sb_right_stable_where, 'numerically stable two-branch sigmoid with np.where'),
    ('softmax_ce_delta', sc_no_mean, 'forgets the 1/m of the mean: returns A - Y'),
    ('softmax_ce_delta', sc_softmax_rows, 'softmax over the rows (axis=1, rows-are-examples habit) instead of over each column'),
    ('softmax_ce_delta', sc_overflow, 'no max subtraction: exp overflows for logits of several hundred (NaN)'),
    ('softmax_ce_delta', sc_global_sum, 'normalises by the sum over the whole batch (E / E.sum()) instead of per column'),
    ('softmax_ce_delta', sc_global_max, "subtracts the global max instead of each column's max: columns far below underflow to 0/0 = NaN"),
    ('softmax_ce_delta', sc_sign_flip, 'sign flipped: (Y - A) / m'),
    ('softmax_ce_delta', sc_elementwise_sigprime, 'treats softmax as elementwise: dL/dA = -Y/A times A(1 - A), gives -Y(1 - A)/m'),
    ('softmax_ce_delta', sc_dA_only, 'returns dL/dA = -Y/A / m instead of dL/dZ'),
    ('softmax_ce_delta', sc_mean_by_n, 'divides by the number of classes n = Z.shape[0] instead of m'),
    ('softmax_ce_delta', sc_uses_sigmoid, 'uses the sigmoid instead of the softmax'),
    ('softmax_ce_delta', sc_inplace_max, "subtracts the max in place (Z -= ...), modifying the caller's Z array"),
    ('softmax_ce_delta', sc_max_rows_sum_cols, "subtracts each row's max (axis=1) but normalises per column: the shift is not constant within a column"),
    ('softmax_ce_delta', sc_two_overflow_no_mean, 'two mistakes: no max subtraction (overflow) AND no 1/m'),
    ('softmax_ce_delta', sc_two_rows_no_mean, 'two mistakes: softmax over rows (axis=1) AND no 1/m'),
    ('softmax_ce_delta', sc_right_no_keepdims, 'softmax over axis 0 without keepdims: (n, m) / (m,) broadcasts over columns correctly'),
    ('softmax_ce_delta', sc_right_logsumexp, 'log-sum-exp form: A = exp(Z - logsumexp(Z)) per column'),
    ('numerical_gradient', nu_forward_diff, 'one-sided forward difference (f(x + eps e_i) - f(x)) / eps'),
    ('numerical_gradient', nu_no_restore, 'perturbs x in place and never puts the entry back (x[i] ends at x[i] - eps)'),
    ('numerical_gradient', nu_divide_by_eps, 'divides the central difference by eps instead of 2 eps'),
    ('numerical_gradient', nu_perturb_all, 'perturbs all entries at once (x + eps, x - eps) instead of one entry'),
    ('numerical_gradient', nu_aliasing, 'xp = x and xm = x without copy: both names alias the same array, so f(xp) - f(xm) = 0'),
    ('numerical_gradient', nu_only_first_axis, 'loops only over the first axis (for i in range(len(x))): for 2-D x it perturbs a whole row at a time'),
    ('numerical_gradient', nu_eps_hardcoded, 'ignores the given eps and hard-codes eps = 1e-5'),
    ('numerical_gradient', nu_sign_swapped, 'difference in the wrong order: (f(x - eps e_i) - f(x + eps e_i)) / (2 eps)'),
    ('numerical_gradient', nu_minus_only_once, 'in-place: after +eps subtracts only eps (back to x), so f_minus is f(x): gives (f(x+eps) - f(x)) / (2 eps)'),
    ('numerical_gradient', nu_flat_output, 'collects the entries in a Python list and returns a flat 1-D array, not shaped like x'),
    ('numerical_gradient', nu_relative_step, 'relative step eps * x[i] instead of the absolute step eps (0/0 when x[i] = 0)'),
    ('numerical_gradient', nu_skip_last, 'flat-index loop range(x.size - 1) skips the last entry (left 0)'),
    ('numerical_gradient', nu_two_forward_no_restore, 'two mistakes: forward difference AND perturbs x in place without restoring it'),
    ('numerical_gradient', nu_two_hardcoded_forward, 'two mistakes: hard-coded step h = 1e-5 AND one-sided forward difference'),
    ('numerical_gradient', nu_right_inplace_restore, 'perturbs in place, saves and restores each entry'),
    ('numerical_gradient', nu_right_unit_vector, 'unit-vector form with np.zeros_like and a flat index'),
    ('fix_backward', fb_sign_not_fixed, 'did not fix the sign in dL/dA: keeps -Y/A - (1-Y)/(1-A) (other three bugs fixed)'),
    ('fix_backward', fb_column_sums_kept, "kept the column sums of W (seed 003's component slip) instead of W[j+1].T @ phi[j+1] (others fixed)"),
    ('fix_backward', fb_sigmoid_not_prime, 'kept sigmoid(Z[j]) instead of sigmoid_prime(Z[j]) in equation (2) (others fixed)'),
    ('fix_backward', fb_db_not_summed, 'did not sum db over the batch: db[j] = phi[j] (others fixed)'),
    ('fix_backward', fb_db_no_keepdims, 'db summed without keepdims: shape (n_j,) instead of (n_j, 1)'),
    ('fix_backward', fb_db_mean, 'db is the mean over the batch instead of the sum (extra 1/m in db)'),
    ('fix_backward', fb_no_m, 'dropped the /m from dL/dA while fixing the sign (gradient of the summed loss, m times too big)'),
    ('fix_backward', fb_fused_no_m, 'simplified the output delta to A - Y but forgot the 1/m of the mean'),
    ('fix_backward', fb_fused_with_sigprime, "simplified the output delta to (A - Y)/m and still multiplied by sigma'(Z[J]) (sigma' twice at the output)"),
    ('fix_backward', fb_dW_extra_m, 'divides dW by m again ("mean over the batch") although the 1/m is already in phi; db correct'),
    ('fix_backward', fb_sigprime_of_A, 'fixed the missing prime but evaluates it at A[j]: sigmoid_prime(A[j]) instead of sigmoid_prime(Z[j])'),
    ('fix_backward', fb_two_sign_and_sigmoid, 'two bugs left: the sign in dL/dA and sigmoid instead of sigmoid_prime in (2) (fixed column sums and db)'),
    ('fix_backward', fb_three_only_sign_fixed, 'three bugs left: only fixed the sign; column sums, sigmoid-not-prime and unsummed db remain'),
    ('fix_backward', fb_db_axis0, 'db summed over the wrong axis (axis=0, over units): shape (1, m)'),
    ('fix_backward', fb_loop_skips_layer1, 'loop range(J - 1, 1, -1) stops before layer 1: phi[1] stays None and dW[1] crashes'),
    ('fix_backward', fb_right_fused, "fused output delta (A - Y)/m and sigma' from the stored activations A(1 - A)"),
    ('fix_backward', fb_right_minimal_fix, 'the four minimal fixes of buggy_backward'),
]
