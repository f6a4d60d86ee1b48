"""An outsider's corpus of student-style answers (wrong and right), written without reading the
autocheck or its catalogue (tests/test_autocheck_outsider.py checks what the autocheck says of each)."""
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    s = sigmoid(z)
    return s * (1 - s)


def relu(z):
    return max(0.0, z)


# =====================================================================  ex01: neuron_gradient
def ng_missing_sigma_prime(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = a - y
    return phi @ x.T, phi


def ng_no_transpose(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi * x, phi                 # x instead of x.T -> (n, 1)


def ng_sigma_prime_of_a(x, W, b, y):
    a = sigmoid(W @ x + b)
    sp = sigmoid(a) * (1 - sigmoid(a))  # σ′ evaluated at a instead of z
    phi = (a - y) * sp
    return phi @ x.T, phi


def ng_sign(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (y - a) * a * (1 - a)
    return phi @ x.T, phi


def ng_prime_formula_on_z(x, W, b, y):
    z = W @ x + b
    a = sigmoid(z)
    phi = (a - y) * z * (1 - z)         # a(1-a) written with z
    return phi @ x.T, phi


def ng_factor_two(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = 2 * (a - y) * a * (1 - a)     # derivative of (a-y)^2, ignoring the ½
    return phi @ x.T, phi


def ng_times_W(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi * W, phi                 # ∂z/∂W taken as W instead of xᵀ


def ng_db_scalar(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, float(phi)        # db returned as a number, not (1,1)


def ng_missing_prime_and_sign(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = y - a
    return phi @ x.T, phi


def ng_forgot_bias(x, W, b, y):
    a = sigmoid(W @ x)                  # forward pass without b
    phi = (a - y) * a * (1 - a)
    return phi @ x.T, phi


# right
def ng_right_outer(x, W, b, y):
    z = float(np.einsum("ij,jk->", W, x)) + float(b[0, 0])
    a = 0.5 * (1 + np.tanh(z / 2))
    d = (a - float(y[0, 0])) * a * (1 - a)
    return np.outer(d, x.ravel()).reshape(W.shape), np.full_like(b, d, dtype=float)


# =====================================================================  ex01: relu_chain
def rc_no_relu_prime(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    d3 = r3 - y
    d2 = d3 * w3
    d1 = d2 * w2
    return d1 * x, d2 * r1, d3 * r2


def rc_prime_r_ge_0(x, w1, b1, w2, b2, w3, b3, y):
    r1 = relu(w1 * x + b1); r2 = relu(w2 * r1 + b2); r3 = relu(w3 * r2 + b3)
    d3 = (r3 - y) * (1.0 if r3 >= 0 else 0.0)   # r >= 0 always: ReLU′ is always 1
    d2 = d3 * w3 * (1.0 if r2 >= 0 else 0.0)
    d1 = d2 * w2 * (1.0 if r1 >= 0 else 0.0)
    return d1 * x, d2 * r1, d3 * r2


def rc_wrong_weight(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * s(z3)
    d2 = d3 * w2 * s(z2)                # should be w3
    d1 = d2 * w1 * s(z1)                # should be w2
    return d1 * x, d2 * r1, d3 * r2


def rc_forgot_input(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * s(z3)
    d2 = d3 * w3 * s(z2)
    d1 = d2 * w2 * s(z1)
    return d1, d2 * r1, d3 * r2         # dw1 forgets the factor x


def rc_wrong_activation(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * s(z3)
    d2 = d3 * w3 * s(z2)
    d1 = d2 * w2 * s(z1)
    return d1 * x, d2 * x, d3 * x       # every dw uses the network input x


def rc_prime_off_by_one(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * s(z3)
    d2 = d3 * w3 * s(z3)                # ReLU′ of the layer above
    d1 = d2 * w2 * s(z2)
    return d1 * x, d2 * r1, d3 * r2


def rc_sign(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (y - r3) * s(z3)
    d2 = d3 * w3 * s(z2)
    d1 = d2 * w2 * s(z1)
    return d1 * x, d2 * r1, d3 * r2


def rc_no_biases(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x; r1 = relu(z1)          # biases left out of the forward pass
    z2 = w2 * r1; r2 = relu(z2)
    z3 = w3 * r2; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * s(z3)
    d2 = d3 * w3 * s(z2)
    d1 = d2 * w2 * s(z1)
    return d1 * x, d2 * r1, d3 * r2


def rc_output_linear(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y)                       # forgot ReLU′ of the output unit only
    d2 = d3 * w3 * s(z2)
    d1 = d2 * w2 * s(z1)
    return d1 * x, d2 * r1, d3 * r2


def rc_reversed_order(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * s(z3)
    d2 = d3 * w3 * s(z2)
    d1 = d2 * w2 * s(z1)
    return d3 * r2, d2 * r1, d1 * x     # returned in backward order (dw3, dw2, dw1)


# right
def rc_right_kink_one(x, w1, b1, w2, b2, w3, b3, y):
    zs, r = [], x
    for w, b in ((w1, b1), (w2, b2), (w3, b3)):
        z = w * r + b
        zs.append((z, r))
        r = z if z >= 0 else 0.0        # kink convention 1 (allowed)
    g = r - y
    out = []
    ws = (w1, w2, w3)
    for k in (2, 1, 0):
        z, rin = zs[k]
        g = g * (1.0 if z >= 0 else 0.0)
        out.append(g * rin)
        g = g * ws[k]
    return tuple(out[::-1])


def rc_right_heaviside(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = np.maximum(z1, 0)
    z2 = w2 * r1 + b2; r2 = np.maximum(z2, 0)
    z3 = w3 * r2 + b3; r3 = np.maximum(z3, 0)
    h = lambda z: float(np.heaviside(z, 0.0))
    d3 = (r3 - y) * h(z3)
    d2 = w3 * d3 * h(z2)
    d1 = w2 * d2 * h(z1)
    return float(x * d1), float(r1 * d2), float(r2 * d3)


# =====================================================================  ex02: dense_backward
def db_wrong_axis(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=0, keepdims=True), W.T @ dZ


def db_no_keepdims(dZ, A_prev, W):
    return dZ @ A_prev.T, np.sum(dZ, axis=1), W.T @ dZ


def db_divide_by_m(dZ, A_prev, W):
    m = A_prev.shape[1]
    return dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m, W.T @ dZ


def db_dA_transposed(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), dZ.T @ W     # (m, n_in)


def db_dW_transposed(dZ, A_prev, W):
    return A_prev @ dZ.T, dZ.sum(axis=1, keepdims=True), W.T @ dZ     # (n_in, n_out)


def db_mean_bias(dZ, A_prev, W):
    return dZ @ A_prev.T, np.mean(dZ, axis=1, keepdims=True), W.T @ dZ


def db_extra_sigma_prime(dZ, A_prev, W):
    dA_prev = (W.T @ dZ) * A_prev * (1 - A_prev)    # applies a σ′ that belongs to the next step
    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), dA_prev


def db_sum_everything(dZ, A_prev, W):
    return dZ @ A_prev.T, np.sum(dZ), W.T @ dZ      # db a single number


def db_not_summed(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ, W.T @ dZ              # db per example, (n_out, m)


def db_m_and_mean(dZ, A_prev, W):
    m = dZ.shape[1]
    return np.dot(dZ, A_prev.T) / m, dZ.mean(axis=1, keepdims=True), np.dot(W.T, dZ) / m


def db_dA_uses_dW(dZ, A_prev, W):
    dW = dZ @ A_prev.T
    return dW, dZ.sum(axis=1, keepdims=True), dW.T @ dZ   # dW instead of W in dA_prev


# right
def db_right_einsum(dZ, A_prev, W):
    m = dZ.shape[1]
    dW = np.einsum("om,im->oi", dZ, A_prev)
    db = dZ @ np.ones((m, 1))
    dA = np.einsum("oi,om->im", W, dZ)
    return dW, db, dA


# =====================================================================  ex03: recursive_delta
def rd_missing_sigma_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1]
    return phi


def rd_wrong_W_index(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


def rd_prime_at_A(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(A[j])
    return phi


def rd_prime_at_Z_next(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ (phi[j + 1] * sigma_prime(Z[j + 1]))
    return phi


def rd_no_transpose(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = (W[j + 1] @ phi[j + 1]) * sigma_prime(Z[j])
    return phi


def rd_column_sums(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].sum(axis=0)[:, None] * phi[j + 1].sum(axis=0, keepdims=True) * sigma_prime(Z[j])
    return phi


def rd_loop_stops_early(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 1, -1):       # stops before layer 1
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


def rd_forward_loop(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(1, J):               # goes up instead of down: phi[j+1] not yet known
        phi[j] = W[j + 1].T @ phi[j + 1] * sigma_prime(Z[j])
    return phi


def rd_sigma_not_prime(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * A[j]     # σ(z) instead of σ′(z)
    return phi


def rd_matmul_hadamard(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = np.dot(W[j + 1].T @ phi[j + 1], sigma_prime(Z[j]).T)   # matrix product for ∘
    return phi


def rd_no_leading_none(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [phi_J]
    for j in range(J - 1, 0, -1):
        phi.insert(0, W[j + 1].T @ phi[0] * sigma_prime(Z[j]))
    return phi                          # [φ¹, …, φᴶ] without the None at index 0


def rd_uses_phi_J_each_step(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    delta = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ delta * sigma_prime(Z[j])   # forgets to update delta
    return phi


def rd_inplace_alias(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        s = A[j]
        s *= 1 - s                      # "σ′ = a(1−a)": ignores sigma_prime, overwrites A[j]
        phi[j] = W[j + 1].T @ phi[j + 1] * s
    return phi


# right
def rd_right_recursive(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1

    def go(j):
        if j == J:
            return [phi_J]
        rest = go(j + 1)
        return [np.multiply(np.dot(W[j + 1].T, rest[0]), sigma_prime(Z[j]))] + rest

    return [None] + go(1)


def rd_right_reversed(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = {J: phi_J}
    for j in reversed(range(1, J)):
        phi[j] = np.einsum("ki,km->im", W[j + 1], phi[j + 1]) * sigma_prime(Z[j])
    return [None] + [phi[j] for j in range(1, J + 1)]


# =====================================================================  ex04: sigmoid_bce_delta
def sb_no_m(Z, Y):
    return sigmoid(Z) - Y


def sb_sign(Z, Y):
    return (Y - sigmoid(Z)) / Z.shape[1]


def sb_mean_all_entries(Z, Y):
    return (sigmoid(Z) - Y) / Z.size


def sb_seed_sign_slip(Z, Y):
    A = sigmoid(Z)
    m = Z.shape[1]
    return (-Y / A - (1 - Y) / (1 - A)) * A * (1 - A) / m   # sign of the second term


def sb_returns_dA(Z, Y):
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) / Z.shape[1]        # forgot to multiply by σ′


def sb_extra_prime(Z, Y):
    A = sigmoid(Z)
    return (A - Y) * A * (1 - A) / Z.shape[1]               # σ′ applied after simplifying


def sb_uses_Z(Z, Y):
    return (Z - Y) / Z.shape[1]


def sb_divide_by_n(Z, Y):
    return (sigmoid(Z) - Y) / Z.shape[0]


def sb_unstable_unsimplified(Z, Y):
    A = sigmoid(Z)
    return (-Y / A + (1 - Y) / (1 - A)) * A * (1 - A) / Z.shape[1]   # nan/inf when σ saturates


def sb_mean_over_axis(Z, Y):
    return np.mean(sigmoid(Z) - Y, axis=1, keepdims=True)   # averages the columns away


# right
def sb_right_tanh(Z, Y):
    return (0.5 * (1.0 + np.tanh(0.5 * Z)) - Y) / np.shape(Z)[-1]


def sb_right_stable(Z, Y):
    e = np.exp(-np.abs(Z))
    A = np.where(Z >= 0, 1 / (1 + e), e / (1 + e))
    return np.divide(A - Y, len(Z[0]))


# =====================================================================  ex04: softmax_ce_delta
def sm_wrong_axis(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    A = E / E.sum(axis=1, keepdims=True)    # normalises rows instead of columns
    return (A - Y) / Z.shape[1]


def sm_no_shift(Z, Y):
    E = np.exp(Z)
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.shape[1]


def sm_global_max(Z, Y):
    E = np.exp(Z - np.max(Z))               # one max for the whole batch
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.shape[1]


def sm_no_m(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return E / E.sum(axis=0, keepdims=True) - Y


def sm_shift_wrong_axis(Z, Y):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))  # row max subtracted: not a per-column constant
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.shape[1]


def sm_elementwise_prime(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    A = E / E.sum(axis=0, keepdims=True)
    return (A - Y) * A * (1 - A) / Z.shape[1]     # treated softmax like sigmoid: extra a(1-a)


def sm_sign(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return (Y - E / E.sum(axis=0, keepdims=True)) / Z.shape[1]


def sm_returns_dA(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    A = E / E.sum(axis=0, keepdims=True)
    return -Y / A / Z.shape[1]                    # ∂L/∂a, not ∂L/∂z


def sm_mean_all_entries(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.size


def sm_logits_minus_y(Z, Y):
    return (Z - Y) / Z.shape[1]                   # forgot the softmax


def sm_inplace_shift(Z, Y):
    Z -= Z.max(axis=0, keepdims=True)             # shifts the caller's array
    E = np.exp(Z)
    return (E / E.sum(axis=0, keepdims=True) - Y) / Z.shape[1]


def sm_m_from_rows(Z, Y):
    E = np.exp(Z - Z.max(axis=0))
    return (E / E.sum(axis=0) - Y) / len(Z)        # len(Z) is n, not m


# right
def sm_right_logsumexp(Z, Y):
    mx = Z.max(axis=0)
    lse = mx + np.log(np.exp(Z - mx).sum(axis=0))   # no keepdims, broadcast over columns
    return (np.exp(Z - lse) - Y) / Z.shape[1]


def sm_right_transpose(Z, Y):
    Zt = Z.T.copy()
    Zt = Zt - Zt.max(axis=1, keepdims=True)
    P = np.exp(Zt); P /= P.sum(axis=1, keepdims=True)
    return ((P - Y.T) / len(Zt)).T


# =====================================================================  ex05: numerical_gradient
def nn_forward_difference(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    f0 = f(x)
    for i in np.ndindex(*x.shape):
        xp = x.copy(); xp[i] += eps
        grad[i] = (f(xp) - f0) / eps
    return grad


def nn_divide_by_eps(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / eps
    return grad


def nn_no_restore(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        x[i] += eps
        fp = f(x)
        x[i] -= 2 * eps
        fm = f(x)
        grad[i] = (fp - fm) / (2 * eps)       # x[i] left at x_i − ε
    return grad


def nn_alias_copies(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        xp = x
        xm = x
        xp[i] += eps
        xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


def nn_all_at_once(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        grad[i] = (f(x + eps) - f(x - eps)) / (2 * eps)   # moves every entry together
    return grad


def nn_ignores_eps(f, x, eps):
    eps = 1e-6
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


def nn_sign(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f(xm) - f(xp)) / (2 * eps)
    return grad


def nn_first_axis_only(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in range(len(x)):                    # x[i] is a whole row when x is 2-D
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


def nn_precedence(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / 2 * eps    # means /(2ε), computes ·ε/2
    return grad


def nn_half_forward(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        x[i] += eps
        fp = f(x)
        x[i] -= eps                            # back to x, not to x − ε
        fm = f(x)
        grad[i] = (fp - fm) / (2 * eps)
    return grad


def nn_flat_result(f, x, eps):
    grad = []
    for i in np.ndindex(*x.shape):
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad.append((f(xp) - f(xm)) / (2 * eps))
    return np.array(grad)                      # 1-D, not shaped like x


def nn_int_grad(f, x, eps):
    grad = np.zeros(x.shape, dtype=int)        # integer array truncates the slopes
    for i in np.ndindex(*x.shape):
        xp = x.copy(); xp[i] += eps
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


# right
def nn_right_inplace_restore(f, x, eps):
    g = np.empty(x.shape)
    for i in np.ndindex(*x.shape):
        old = float(x[i])
        x[i] = old + eps; fp = f(x)
        x[i] = old - eps; fm = f(x)
        x[i] = old
        g[i] = (fp - fm) / (2 * eps)
    return g


def nn_right_eye(f, x, eps):
    flat = x.astype(float).ravel()
    E = np.eye(flat.size) * eps
    vals = [(f((flat + e).reshape(x.shape)) - f((flat - e).reshape(x.shape))) / (2 * eps) for e in E]
    return np.array(vals).reshape(x.shape)


# =====================================================================  ex06: fix_backward
def _forward(W, b, X):
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    return J, Z, A


def fb_sign_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m           # sign bug kept
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_column_sums_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        column_sums = W[j + 1].sum(axis=0)[:, None]         # bug kept
        phi[j] = column_sums * phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_prime_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid(Z[j])   # σ instead of σ′ kept
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_db_not_summed(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]        # db not summed over the batch
    return dW, db


def fb_db_wrong_axis(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=0, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_db_no_keepdims(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1) for j in range(1, J + 1)]
    return dW, db


def fb_no_m(W, b, X, Y):
    J, Z, A = _forward(W, b, X)
    dA = -Y / A[J] + (1 - Y) / (1 - A[J])                 # dropped the /m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_wrong_layer_W(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j].T @ phi[j + 1] * sigmoid_prime(Z[j])  # W[j] instead of W[j+1]
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_sign_and_prime_left(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_prime_at_A(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(A[j])   # σ′(a) instead of σ′(z)
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_double_m(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T / m for j in range(1, J + 1)]          # second 1/m
    db = [None] + [phi[j].sum(axis=1, keepdims=True) / m for j in range(1, J + 1)]
    return dW, db


def fb_all_bugs(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        column_sums = W[j + 1].sum(axis=0)[:, None]
        phi[j] = column_sums * phi[j + 1] * sigmoid(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j] for j in range(1, J + 1)]
    return dW, db


def fb_dW_uses_A_j(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j].T for j in range(1, J + 1)]     # A[j] instead of A[j-1]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_phi_J_without_prime(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA                                           # σ′ forgotten at the output
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# right
def fb_right_simplified(W, b, X, Y):
    J = len(W) - 1
    acts = [X]
    for j in range(1, J + 1):
        acts.append(1 / (1 + np.exp(-(W[j] @ acts[-1] + b[j]))))
    delta = (acts[J] - Y) / X.shape[1]                    # fused sigmoid + BCE delta
    dW, db = [None] * (J + 1), [None] * (J + 1)
    for j in range(J, 0, -1):
        dW[j] = delta @ acts[j - 1].T
        db[j] = delta.sum(axis=1, keepdims=True)
        if j > 1:
            delta = (W[j].T @ delta) * acts[j - 1] * (1 - acts[j - 1])
    return dW, db



# =====================================================================  second batch (probes)
def rd_assumes_sigmoid(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * (A[j] * (1 - A[j]))   # ignores sigma_prime: assumes sigmoid
    return phi


def rd_seed_column_sums(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1); phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].sum(axis=0)[:, None] * phi[j + 1] * sigma_prime(Z[j])
    return phi


def db_dA_no_transpose(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W @ dZ     # W instead of Wᵀ


def db_dW_no_transpose_elementwise(dZ, A_prev, W):
    dW = (dZ[:, None, :] * A_prev[None, :, :]).mean(axis=2)         # per-example outer products, averaged
    return dW, dZ.sum(axis=1, keepdims=True), W.T @ dZ


def nn_backward_difference(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    f0 = f(x)
    for i in np.ndindex(*x.shape):
        xm = x.copy(); xm[i] -= eps
        grad[i] = (f0 - f(xm)) / eps              # one-sided backward difference
    return grad


def nn_restore_before_minus(f, x, eps):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        old = x[i]
        x[i] = old + eps
        fp = f(x)
        x[i] = old - eps
        fm = f(x)
        grad[i] = (fp - fm) / (2 * eps)
        x[i] = old + 0 * eps if False else old - eps   # "restores" to the minus point
    return grad


def sm_sum_whole_batch(Z, Y):
    E = np.exp(Z - Z.max(axis=0, keepdims=True))
    return (E / E.sum() - Y) / Z.shape[1]          # normalises by the sum over the whole batch


def sb_log_sigmoid_confusion(Z, Y):
    A = sigmoid(Z)
    return (A - Y) / A / Z.shape[1]                # divides by a (half the long way's cancellation)


def ng_prime_at_y(x, W, b, y):
    a = sigmoid(W @ x + b)
    phi = (a - y) * y * (1 - y)                    # σ′ written with y instead of a
    return phi @ x.T, phi


def rc_dw_uses_output(x, w1, b1, w2, b2, w3, b3, y):
    z1 = w1 * x + b1; r1 = relu(z1)
    z2 = w2 * r1 + b2; r2 = relu(z2)
    z3 = w3 * r2 + b3; r3 = relu(z3)
    s = lambda z: 1.0 if z > 0 else 0.0
    d3 = (r3 - y) * s(z3)
    d2 = d3 * w3 * s(z2)
    d1 = d2 * w2 * s(z1)
    return d1 * r1, d2 * r2, d3 * r3               # each dw uses the layer's own output, not its input


def fb_prime_wrong_layer(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ (phi[j + 1] * sigmoid_prime(Z[j + 1]))   # σ′ of layer j+1
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fb_dW_no_transpose(W, b, X, Y):
    J, Z, A = _forward(W, b, X); m = X.shape[1]
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])
    dW = [None] + [A[j - 1] @ phi[j].T for j in range(1, J + 1)]   # (n_{j-1}, n_j): transposed
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


# right (second batch)
def rc_right_kink_half(x, w1, b1, w2, b2, w3, b3, y):
    d = lambda z: 1.0 if z > 0 else (0.5 if z == 0 else 0.0)
    z1 = w1 * x + b1; r1 = max(z1, 0.0)
    z2 = w2 * r1 + b2; r2 = max(z2, 0.0)
    z3 = w3 * r2 + b3; r3 = max(z3, 0.0)
    g3 = (r3 - y) * d(z3); g2 = g3 * w3 * d(z2); g1 = g2 * w2 * d(z1)
    return g1 * x, g2 * r1, g3 * r2


def fb_right_minimal_fix(W, b, X, Y):
    J = len(W) - 1
    m = X.shape[1]
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigmoid(Z[j])
    dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m         # sign fixed
    phi = [None] * (J + 1)
    phi[J] = dA * sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        phi[j] = W[j + 1].T @ phi[j + 1] * sigmoid_prime(Z[j])   # matrix product, σ′
    dW = [None] + [phi[j] @ A[j - 1].T for j in range(1, J + 1)]
    db = [None] + [phi[j].sum(axis=1, keepdims=True) for j in range(1, J + 1)]
    return dW, db


def db_right_loop(dZ, A_prev, W):
    n_out, m = dZ.shape
    dW = np.zeros_like(W, dtype=float)
    db = np.zeros((n_out, 1))
    for k in range(m):
        dW += np.outer(dZ[:, k], A_prev[:, k])
        db[:, 0] += dZ[:, k]
    return dW, db, np.matmul(W.T, dZ)


CORPUS = [
    # ---- neuron_gradient
    ("neuron_gradient", ng_missing_sigma_prime, "missing σ′: delta taken as a − y without the factor a(1 − a)"),
    ("neuron_gradient", ng_no_transpose, "missing transpose: dW = φ·x instead of φ·xᵀ (shape (n,1) instead of (1,n))"),
    ("neuron_gradient", ng_sigma_prime_of_a, "σ′ evaluated at the activation a (σ(a)(1−σ(a))) instead of at z"),
    ("neuron_gradient", ng_sign, "sign slip: ∂L/∂a taken as y − a (gradient has the opposite sign)"),
    ("neuron_gradient", ng_prime_formula_on_z, "σ′ formula a(1−a) written with z: z(1−z) instead of a(1−a)"),
    ("neuron_gradient", ng_factor_two, "factor 2: derivative of (a−y)² ignoring the ½ of the loss (gradient doubled)"),
    ("neuron_gradient", ng_times_W, "wrong operand: dW = φ·W instead of φ·xᵀ (∂z/∂W taken as W)"),
    ("neuron_gradient", ng_db_scalar, "db returned as a Python float, not an array of shape (1,1)"),
    ("neuron_gradient", ng_missing_prime_and_sign, "two slips: missing σ′ and sign (delta = y − a)"),
    ("neuron_gradient", ng_forgot_bias, "forward pass forgets the bias b: z = W x"),
    ("neuron_gradient", ng_right_outer, "right"),
    # ---- relu_chain
    ("relu_chain", rc_no_relu_prime, "no ReLU′ at all: every unit treated as linear (on)"),
    ("relu_chain", rc_prime_r_ge_0, "ReLU′ computed as (r >= 0) on the outputs, which is always 1: effectively no ReLU′"),
    ("relu_chain", rc_wrong_weight, "wrong weight when passing the delta back: d2 uses w2 (should be w3), d1 uses w1 (should be w2)"),
    ("relu_chain", rc_forgot_input, "dw1 forgets the input factor x (dw1 = δ1 instead of δ1·x)"),
    ("relu_chain", rc_wrong_activation, "dw2 and dw3 multiplied by the network input x instead of r1 and r2"),
    ("relu_chain", rc_prime_off_by_one, "ReLU′ off by one layer: δ2 uses ReLU′(z3), δ1 uses ReLU′(z2)"),
    ("relu_chain", rc_sign, "sign slip: ∂C/∂ŷ = y − ŷ"),
    ("relu_chain", rc_no_biases, "forward pass leaves out the biases b1, b2, b3"),
    ("relu_chain", rc_output_linear, "missing ReLU′ only on the output unit (ŷ treated as linear in the backward pass)"),
    ("relu_chain", rc_reversed_order, "returns the gradients in reverse order (dw3, dw2, dw1)"),
    ("relu_chain", rc_right_kink_one, "right"),
    ("relu_chain", rc_right_heaviside, "right"),
    # ---- dense_backward
    ("dense_backward", db_wrong_axis, "db summed over the wrong axis (axis=0: over units instead of examples), shape (1, m)"),
    ("dense_backward", db_no_keepdims, "db summed over axis 1 without keepdims: shape (n_out,) instead of (n_out, 1)"),
    ("dense_backward", db_divide_by_m, "extra 1/m on dW and db (the 1/m is already inside dZ)"),
    ("dense_backward", db_dA_transposed, "dA_prev computed as dZᵀ W: transposed result (m, n_in)"),
    ("dense_backward", db_dW_transposed, "dW computed as A_prev dZᵀ: the transpose of the right dW (n_in, n_out)"),
    ("dense_backward", db_mean_bias, "db is the mean over the examples instead of the sum (factor 1/m)"),
    ("dense_backward", db_extra_sigma_prime, "dA_prev multiplied by a σ′ = A_prev(1 − A_prev) that does not belong here"),
    ("dense_backward", db_sum_everything, "db summed over all entries: a single number instead of (n_out, 1)"),
    ("dense_backward", db_not_summed, "db not summed over the batch: returns dZ itself (n_out, m)"),
    ("dense_backward", db_m_and_mean, "extra 1/m on all three gradients (dW, db mean, dA_prev)"),
    ("dense_backward", db_dA_uses_dW, "wrong operand: dA_prev uses dWᵀ instead of Wᵀ"),
    ("dense_backward", db_right_einsum, "right"),
    # ---- recursive_delta
    ("recursive_delta", rd_missing_sigma_prime, "missing σ′(z^j) factor in equation (2)"),
    ("recursive_delta", rd_wrong_W_index, "wrong layer index: uses W[j] instead of W[j+1]"),
    ("recursive_delta", rd_prime_at_A, "σ′ evaluated at A[j] (the activation) instead of Z[j]"),
    ("recursive_delta", rd_prime_at_Z_next, "σ′ at the wrong layer: multiplies φ^{j+1} by σ′(z^{j+1}) before Wᵀ instead of σ′(z^j) after"),
    ("recursive_delta", rd_no_transpose, "missing transpose: W[j+1] @ φ instead of W[j+1].T @ φ"),
    ("recursive_delta", rd_column_sums, "column sums of W times the summed delta instead of the matrix product Wᵀφ (seed-003-like component slip)"),
    ("recursive_delta", rd_loop_stops_early, "loop off by one: range(J-1, 1, -1) never computes φ¹ (left None)"),
    ("recursive_delta", rd_forward_loop, "loop runs upward (1..J-1) so φ^{j+1} is still None when needed"),
    ("recursive_delta", rd_sigma_not_prime, "σ(z^j) = A[j] instead of σ′(z^j) (missing prime)"),
    ("recursive_delta", rd_matmul_hadamard, "matrix product with σ′(z)ᵀ instead of the elementwise (Hadamard) product"),
    ("recursive_delta", rd_no_leading_none, "returned list lacks the leading None: [φ¹..φᴶ] of length J (indices shifted by one)"),
    ("recursive_delta", rd_uses_phi_J_each_step, "always propagates φᴶ: uses phi_J instead of φ^{j+1} at every step (delta not updated)"),
    ("recursive_delta", rd_inplace_alias, "ignores sigma_prime and uses a(1−a) (sigmoid assumption), computed in place so it overwrites A[j]"),
    ("recursive_delta", rd_right_recursive, "right"),
    ("recursive_delta", rd_right_reversed, "right"),
    # ---- sigmoid_bce_delta
    ("sigmoid_bce_delta", sb_no_m, "missing 1/m (sum instead of mean over the examples)"),
    ("sigmoid_bce_delta", sb_sign, "sign slip: Y − A instead of A − Y"),
    ("sigmoid_bce_delta", sb_mean_all_entries, "divides by n·m (mean over all entries) instead of m"),
    ("sigmoid_bce_delta", sb_seed_sign_slip, "sign slip in ∂ℓ/∂a: −y/a − (1−y)/(1−a) (second term's sign wrong), then × σ′"),
    ("sigmoid_bce_delta", sb_returns_dA, "returns ∂L/∂a: forgot to multiply by σ′(z)"),
    ("sigmoid_bce_delta", sb_extra_prime, "extra σ′: (a − y)·a(1−a) — multiplied by σ′ after already simplifying"),
    ("sigmoid_bce_delta", sb_uses_Z, "uses Z instead of σ(Z): (Z − Y)/m"),
    ("sigmoid_bce_delta", sb_divide_by_n, "divides by n (number of outputs, rows) instead of m"),
    ("sigmoid_bce_delta", sb_unstable_unsimplified, "numerically unstable unsimplified formula: correct in exact arithmetic, nan/inf when σ saturates (a = 0 or 1)"),
    ("sigmoid_bce_delta", sb_mean_over_axis, "np.mean over axis 1: averages the columns away (shape (n,1))"),
    ("sigmoid_bce_delta", sb_right_tanh, "right"),
    ("sigmoid_bce_delta", sb_right_stable, "right"),
    # ---- softmax_ce_delta
    ("softmax_ce_delta", sm_wrong_axis, "softmax over the wrong axis (rows, axis=1) instead of each column"),
    ("softmax_ce_delta", sm_no_shift, "no max subtraction: overflow (nan) for large logits"),
    ("softmax_ce_delta", sm_global_max, "subtracts one global max for the whole batch: columns far below it underflow (0/0) — latent overflow/underflow bug"),
    ("softmax_ce_delta", sm_no_m, "missing 1/m"),
    ("softmax_ce_delta", sm_shift_wrong_axis, "max subtracted over the wrong axis (row max, not a per-column constant), so the softmax changes"),
    ("softmax_ce_delta", sm_elementwise_prime, "treats softmax like sigmoid: extra elementwise factor a(1−a)"),
    ("softmax_ce_delta", sm_sign, "sign slip: Y − A"),
    ("softmax_ce_delta", sm_returns_dA, "returns ∂L/∂a = −y/a/m instead of ∂L/∂z"),
    ("softmax_ce_delta", sm_mean_all_entries, "divides by n·m instead of m"),
    ("softmax_ce_delta", sm_logits_minus_y, "forgot the softmax: (Z − Y)/m"),
    ("softmax_ce_delta", sm_inplace_shift, "modifies the input Z in place (Z -= max); values right, caller's Z changed"),
    ("softmax_ce_delta", sm_m_from_rows, "divides by len(Z) = n (rows) instead of m"),
    ("softmax_ce_delta", sm_right_logsumexp, "right"),
    ("softmax_ce_delta", sm_right_transpose, "right"),
    # ---- numerical_gradient
    ("numerical_gradient", nn_forward_difference, "one-sided forward difference (f(x+εe)−f(x))/ε instead of central"),
    ("numerical_gradient", nn_divide_by_eps, "central difference divided by ε instead of 2ε (factor 2)"),
    ("numerical_gradient", nn_no_restore, "perturbs x in place and never restores: each entry is left at x_i − ε (and x is modified)"),
    ("numerical_gradient", nn_alias_copies, "xp = x, xm = x are aliases of x, not copies: perturbations cancel, gradient 0"),
    ("numerical_gradient", nn_all_at_once, "perturbs all entries at once (x + ε), directional derivative in every entry"),
    ("numerical_gradient", nn_ignores_eps, "ignores the given eps and uses 1e-6"),
    ("numerical_gradient", nn_sign, "sign slip: (f(x−εe) − f(x+εe))/(2ε)"),
    ("numerical_gradient", nn_first_axis_only, "loops over range(len(x)): for a 2-D x perturbs whole rows at once"),
    ("numerical_gradient", nn_precedence, "operator precedence: / 2 * eps computes (Δf/2)·ε instead of Δf/(2ε)"),
    ("numerical_gradient", nn_half_forward, "second evaluation at x instead of x − ε: (f(x+ε) − f(x))/(2ε), half a forward difference"),
    ("numerical_gradient", nn_flat_result, "returns a flat 1-D array instead of the shape of x"),
    ("numerical_gradient", nn_int_grad, "grad array has integer dtype: slopes truncated to integers"),
    ("numerical_gradient", nn_right_inplace_restore, "right"),
    ("numerical_gradient", nn_right_eye, "right"),
    # ---- fix_backward
    ("fix_backward", fb_sign_left, "seed bug left: sign of the second term of ∇_a BCE (−(1−y)/(1−a) instead of +)"),
    ("fix_backward", fb_column_sums_left, "seed bug left: column sums of W times φ instead of Wᵀφ"),
    ("fix_backward", fb_prime_left, "seed bug left: σ(z^j) instead of σ′(z^j) in equation (2)"),
    ("fix_backward", fb_db_not_summed, "seed bug left: db = φ not summed over the batch"),
    ("fix_backward", fb_db_wrong_axis, "db summed over the wrong axis (axis=0), shape (1, m)"),
    ("fix_backward", fb_db_no_keepdims, "db summed over axis 1 without keepdims: shape (n_j,)"),
    ("fix_backward", fb_no_m, "dropped the 1/m of the mean loss (gradients m times too big)"),
    ("fix_backward", fb_wrong_layer_W, "fixed column sums with the wrong layer: W[j].T instead of W[j+1].T"),
    ("fix_backward", fb_sign_and_prime_left, "two seed bugs left: BCE sign and σ instead of σ′"),
    ("fix_backward", fb_prime_at_A, "σ′ evaluated at A[j] instead of Z[j] in equation (2)"),
    ("fix_backward", fb_double_m, "extra 1/m in dW and db (1/m applied twice)"),
    ("fix_backward", fb_all_bugs, "all four seed bugs left (buggy_backward unchanged)"),
    ("fix_backward", fb_dW_uses_A_j, "dW uses A[j] instead of A[j−1] (wrong layer's activation)"),
    ("fix_backward", fb_phi_J_without_prime, "σ′ forgotten at the output: φᴶ = ∇_a L without σ′(z^J)"),
    ("fix_backward", fb_right_simplified, "right"),
    # ---- second batch
    ("recursive_delta", rd_assumes_sigmoid, "ignores the sigma_prime argument and hard-codes the sigmoid's a(1−a) (wrong for tanh/ReLU hidden layers)"),
    ("recursive_delta", rd_seed_column_sums, "seed 003's index slip: column sums of W^{j+1} times φ^{j+1} elementwise instead of (W^{j+1})ᵀφ^{j+1}"),
    ("dense_backward", db_dA_no_transpose, "missing transpose in dA_prev: W @ dZ instead of Wᵀ @ dZ"),
    ("dense_backward", db_dW_no_transpose_elementwise, "dW as the mean (not the sum) of per-example outer products: extra 1/m on dW only"),
    ("numerical_gradient", nn_backward_difference, "one-sided backward difference (f(x) − f(x−εe))/ε instead of central"),
    ("numerical_gradient", nn_restore_before_minus, "restores x[i] to x_i − ε instead of x_i (x not restored; later entries shifted)"),
    ("softmax_ce_delta", sm_sum_whole_batch, "softmax normalised by the sum over the whole batch (E.sum() without axis) instead of per column"),
    ("sigmoid_bce_delta", sb_log_sigmoid_confusion, "divides (a − y) by a: ∂ℓ/∂a-ish cancellation done wrong, (a − y)/(a·m)"),
    ("neuron_gradient", ng_prime_at_y, "σ′ written with the target y: y(1 − y) instead of a(1 − a)"),
    ("relu_chain", rc_dw_uses_output, "each dw multiplied by the layer's own output r_j instead of its input r_{j−1} (x for layer 1)"),
    ("fix_backward", fb_prime_wrong_layer, "σ′ of the wrong layer: φ^{j+1}∘σ′(z^{j+1}) before Wᵀ instead of ∘σ′(z^j) after"),
    ("fix_backward", fb_dW_no_transpose, "dW computed as A[j−1] @ φᵀ: transposed dW (n_{j−1}, n_j)"),
    ("relu_chain", rc_right_kink_half, "right"),
    ("fix_backward", fb_right_minimal_fix, "right"),
    ("dense_backward", db_right_loop, "right"),
]
