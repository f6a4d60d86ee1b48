"""Outsider corpus 6: wrong-but-plausible and right-but-unusual student answers for exercises 7-12,
written by a helper who never read the autocheck. Each entry: (label, exercise id, the writer's
description of the mistake or None for a right answer, the answer's code, helpers it overrides).
Each answer runs in a namespace of its own, below right versions of exercise 12's helpers (which an
entry may override), as a student's notebook would: train calls its own forward_backward by name.
"""
import re
import textwrap

RIGHT_HELPERS = '''
import math
import numpy as np


def dense_forward(W, b, A_prev):
    return W @ A_prev + b


def relu(Z):
    return np.maximum(Z, 0)


def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    log_s = Zs - np.log(np.sum(np.exp(Zs), axis=0, keepdims=True))
    return float(-np.sum(Y * log_s) / Z.shape[1])


def forward_backward(W, b, X, Y):
    J = len(W) - 1
    A, Zs = [X], [None]
    for j in range(1, J + 1):
        Z = dense_forward(W[j], b[j], A[j - 1])
        Zs.append(Z)
        A.append(relu(Z) if j < J else Z)
    loss = softmax_ce_loss(Zs[J], Y)
    m = X.shape[1]
    S = np.exp(Zs[J] - Zs[J].max(axis=0, keepdims=True))
    S = S / S.sum(axis=0, keepdims=True)
    phi = (S - Y) / m
    dW, db = [None] * (J + 1), [None] * (J + 1)
    for j in range(J, 0, -1):
        dW[j] = phi @ A[j - 1].T
        db[j] = phi.sum(axis=1, keepdims=True)
        if j > 1:
            phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
    return loss, dW, db


def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            for idx in np.ndindex(P[j].shape):
                old = P[j][idx]
                P[j][idx] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old - eps
                lm = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old
                G[j][idx] = (lp - lm) / (2 * eps)
    return dW, db


def sgd_step(W, b, dW, db, lr):
    newW = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
    newb = [None] + [b[j] - lr * db[j] for j in range(1, len(b))]
    return newW, newb


def train(X, Y, sizes, epochs, lr, batch_size, seed):
    rng = np.random.default_rng(seed)
    W, b = [None], [None]
    for j in range(1, len(sizes)):
        W.append(rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1]))
        b.append(np.zeros((sizes[j], 1)))
    m = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            _, dW, db = forward_backward(W, b, X[:, idx], Y[:, idx])
            W, b = sgd_step(W, b, dW, db, lr)
    return W, b
'''

_ENTRIES = []  # (label, exercise_id, expected, code, helpers_override)


def E(label, ex, expected, code, helpers=""):
    _ENTRIES.append((label, ex, expected, textwrap.dedent(code).strip() + "\n", textwrap.dedent(helpers).strip()))


# ---------------------------------------------------------------- ex07 mul_backward
E("mul/right", "mul_backward", None, """
def mul_backward(a, b, upstream):
    return b * upstream, a * upstream
""")
E("mul/list", "mul_backward", None, """
def mul_backward(a, b, upstream):
    grads = [upstream * b, upstream * a]   # a list rather than a tuple
    return grads
""")
E("mul/swapped", "mul_backward", "each gradient uses its own input instead of the other factor (a*up, b*up)", """
def mul_backward(a, b, upstream):
    return a * upstream, b * upstream
""")
E("mul/no_upstream", "mul_backward", "forgets to multiply by the upstream gradient", """
def mul_backward(a, b, upstream):
    return b, a
""")
E("mul/only_a", "mul_backward", "returns only grad_a, not the pair (wrong structure)", """
def mul_backward(a, b, upstream):
    return b * upstream
""")
E("mul/copy_paste", "mul_backward", "grad_b copy-pasted from grad_a: both b*upstream", """
def mul_backward(a, b, upstream):
    grad_a = b * upstream
    grad_b = b * upstream
    return grad_a, grad_b
""")
E("mul/swap+noup", "mul_backward", "two mistakes: own input as gradient AND no upstream", """
def mul_backward(a, b, upstream):
    return a, b
""")

# ---------------------------------------------------------------- ex07 relu_backward
E("relu_b/right", "relu_backward", None, """
def relu_backward(u, upstream):
    return upstream * (u > 0)
""")
E("relu_b/if", "relu_backward", None, """
def relu_backward(u, upstream):
    if u > 0:
        return upstream
    else:
        return 0.0
""")
E("relu_b/ge0", "relu_backward", None, """
def relu_backward(u, upstream):
    return upstream if u >= 0 else 0.0     # ReLU'(0) = 1: accepted with a note
""")
E("relu_b/mask_only", "relu_backward", "returns the local derivative only, forgets the upstream gradient", """
def relu_backward(u, upstream):
    return 1.0 if u > 0 else 0.0
""")
E("relu_b/value", "relu_backward", "uses ReLU(u) (the value) instead of its derivative", """
def relu_backward(u, upstream):
    return max(u, 0) * upstream
""")
E("relu_b/flipped", "relu_backward", "passes the gradient where u < 0 instead of u > 0 (inverted mask)", """
def relu_backward(u, upstream):
    return upstream if u < 0 else 0.0
""")

# ---------------------------------------------------------------- ex07 sigmoid_backward
E("sig_b/right", "sigmoid_backward", None, """
def sigmoid_backward(u, upstream):
    s = 1 / (1 + np.exp(-u))
    return upstream * s * (1 - s)
""")
E("sig_b/tanh_form", "sigmoid_backward", None, """
def sigmoid_backward(u, upstream):
    s = 0.5 * (1 + np.tanh(u / 2))      # a sigmoid that cannot overflow
    return upstream * s * (1 - s)
""")
E("sig_b/exp_form", "sigmoid_backward", None, """
def sigmoid_backward(u, upstream):
    e = math.exp(-u)
    return upstream * e / (1 + e) ** 2
""")
E("sig_b/u(1-u)", "sigmoid_backward", "applies s(1-s) to u itself: u*(1-u) instead of sigma(u)(1-sigma(u))", """
def sigmoid_backward(u, upstream):
    return upstream * u * (1 - u)
""")
E("sig_b/s_only", "sigmoid_backward", "uses sigma(u) as its own derivative (forgets the (1-s) factor)", """
def sigmoid_backward(u, upstream):
    s = 1 / (1 + np.exp(-u))
    return upstream * s
""")
E("sig_b/no_upstream", "sigmoid_backward", "forgets the upstream gradient", """
def sigmoid_backward(u, upstream):
    s = 1 / (1 + np.exp(-u))
    return s * (1 - s)
""")
E("sig_b/u(1-u)+noup", "sigmoid_backward", "two mistakes: u*(1-u) and no upstream", """
def sigmoid_backward(u, upstream):
    return u * (1 - u)
""")

# ---------------------------------------------------------------- ex08 by hand
E("phi1/right", "hand_phi1", None, """
def hand_phi1():
    return np.array([[0.0], [0.5]])
""")
E("phi1/flat", "hand_phi1", "right numbers but a flat (2,) vector, not a (2,1) column", """
def hand_phi1():
    return np.array([0.0, 0.5])
""")
E("phi1/no_mask", "hand_phi1", "forgot the ReLU'(z1) factor: (W2^T phi2) = (1, 0.5)", """
def hand_phi1():
    return np.array([[1.0], [0.5]])
""")
E("phi1/no_transpose", "hand_phi1", "W2 phi2 instead of W2^T phi2 (then masked): (0, -1)", """
def hand_phi1():
    return np.array([[0.0], [-1.0]])
""")
E("phi1/sign", "hand_phi1", "phi2 = y - a instead of a - y (sign): (0, -0.5)", """
def hand_phi1():
    return np.array([[0.0], [-0.5]])
""")
E("phi1/a1_mask", "hand_phi1", "multiplied by a1 = ReLU(z1) instead of ReLU'(z1): (0, 0.75)", """
def hand_phi1():
    return np.array([[0.0], [0.75]])
""")
E("phi1/no_b1", "hand_phi1", "forward pass forgot b1 (z1 = (-1, 2.5)), so phi2 = (2.5, 0.5), phi1 = (0, 5.5)", """
def hand_phi1():
    return np.array([[0.0], [5.5]])
""")

E("dW1/right_list", "hand_dW1", None, """
def hand_dW1():
    return [[0, 0], [0.5, 1]]      # a nested list of numbers
""")
E("dW1/transposed", "hand_dW1", "x phi1^T instead of phi1 x^T (transposed)", """
def hand_dW1():
    return np.array([[0.0, 0.5], [0.0, 1.0]])
""")
E("dW1/a1", "hand_dW1", "used a1 instead of the input x: phi1 a1^T", """
def hand_dW1():
    return np.array([[0.0, 0.0], [0.0, 0.75]])
""")
E("dW1/no_mask", "hand_dW1", "phi1 without the ReLU' factor (1, 0.5), so [[1,2],[0.5,1]]", """
def hand_dW1():
    return np.array([[1.0, 2.0], [0.5, 1.0]])
""")
E("dW1/W1_after", "hand_dW1", "returned W1 after the step instead of the gradient", """
def hand_dW1():
    return np.array([[1.0, -1.0], [0.45, 0.9]])
""")
E("dW1/sign+T", "hand_dW1", "two mistakes: phi2 sign flipped and transposed: -(x phi1^T)", """
def hand_dW1():
    return np.array([[0.0, -0.5], [0.0, -1.0]])
""")

E("W2a/right", "hand_W2_after", None, """
def hand_W2_after():
    W2 = np.array([[1.0, 2.0], [-1.0, 1.0]])
    dW2 = np.array([[0.5], [-0.5]]) @ np.array([[0.0, 1.5]])
    return W2 - 0.1 * dW2
""")
E("W2a/plus", "hand_W2_after", "stepped uphill: W2 + 0.1 dW2", """
def hand_W2_after():
    return np.array([[1.0, 2.075], [-1.0, 0.925]])
""")
E("W2a/transposed", "hand_W2_after", "dW2 transposed (a1 phi2^T) before the step", """
def hand_W2_after():
    return np.array([[1.0, 2.0], [-1.075, 1.075]])
""")
E("W2a/no_lr", "hand_W2_after", "forgot the learning rate: W2 - dW2", """
def hand_W2_after():
    return np.array([[1.0, 1.25], [-1.0, 1.75]])
""")
E("W2a/x_not_a1", "hand_W2_after", "dW2 = phi2 x^T (used the input x instead of a1)", """
def hand_W2_after():
    return np.array([[0.95, 1.9], [-0.95, 1.1]])
""")
E("W2a/grad_only", "hand_W2_after", "returned the gradient dW2, not W2 after the step", """
def hand_W2_after():
    return np.array([[0.0, 0.75], [0.0, -0.75]])
""")
E("W2a/plus+T", "hand_W2_after", "two mistakes: uphill step AND transposed dW2", """
def hand_W2_after():
    return np.array([[1.0, 2.0], [-0.925, 0.925]])
""")

# ---------------------------------------------------------------- ex09 unit_gain_std
E("ugs/right", "unit_gain_std", None, """
def unit_gain_std(activation, n):
    mean_sq_deriv = {"relu": 0.5, "tanh": 1.0, "sigmoid": 1 / 16, "identity": 1.0}[activation]
    return 1 / np.sqrt(n * mean_sq_deriv)
""")
E("ugs/if_chain", "unit_gain_std", None, """
def unit_gain_std(activation, n):
    if activation == "relu":
        return math.sqrt(2 / n)
    elif activation == "sigmoid":
        return 4 / math.sqrt(n)
    else:
        return math.sqrt(1 / n)
""")
E("ugs/sigmoid_xavier", "unit_gain_std", "sigmoid given Xavier sqrt(1/n): ignores sigma'(0)^2 = 1/16", """
def unit_gain_std(activation, n):
    if activation == "relu":
        return np.sqrt(2 / n)
    return np.sqrt(1 / n)
""")
E("ugs/sigmoid_unsquared", "unit_gain_std", "sigmoid: used sigma'(0)=1/4 instead of its square (s = 2/sqrt(n))", """
def unit_gain_std(activation, n):
    d = {"relu": 0.5, "tanh": 1.0, "sigmoid": 0.25, "identity": 1.0}[activation]
    return np.sqrt(1 / (n * d))
""")
E("ugs/relu_no_half", "unit_gain_std", "ReLU given sqrt(1/n): forgets that half the units are off", """
def unit_gain_std(activation, n):
    return {"relu": np.sqrt(1 / n), "tanh": np.sqrt(1 / n), "sigmoid": 4 / np.sqrt(n), "identity": np.sqrt(1 / n)}[activation]
""")
E("ugs/variance", "unit_gain_std", "returns the variance s^2 instead of the std s", """
def unit_gain_std(activation, n):
    return {"relu": 2 / n, "tanh": 1 / n, "sigmoid": 16 / n, "identity": 1 / n}[activation]
""")
E("ugs/var+sig", "unit_gain_std", "two mistakes: variance not std AND sigmoid as Xavier", """
def unit_gain_std(activation, n):
    return 2 / n if activation == "relu" else 1 / n
""")

# ---------------------------------------------------------------- ex09 depth_ratio
E("dr/right", "depth_ratio", None, """
def depth_ratio(gain, layers):
    return gain ** (layers - 1)
""")
E("dr/loop", "depth_ratio", None, """
def depth_ratio(gain, layers):
    ratio = 1.0
    for j in range(layers - 1, 0, -1):   # from phi^J down to phi^1: J-1 factors
        ratio *= gain
    return ratio
""")
E("dr/off_by_one", "depth_ratio", "gain**layers: one factor too many (J factors instead of J-1)", """
def depth_ratio(gain, layers):
    return gain ** layers
""")
E("dr/inverted", "depth_ratio", "inverted ratio ||phi^J||/||phi^1||: gain**-(J-1)", """
def depth_ratio(gain, layers):
    return 1 / gain ** (layers - 1)
""")
E("dr/additive", "depth_ratio", "adds instead of multiplying: gain*(layers-1)", """
def depth_ratio(gain, layers):
    return gain * (layers - 1)
""")
E("dr/inv+off", "depth_ratio", "two mistakes: inverted AND one factor too many", """
def depth_ratio(gain, layers):
    return (1 / gain) ** layers
""")

# ---------------------------------------------------------------- ex10 rows_forward
E("rf/right", "rows_forward", None, """
def rows_forward(X, W, b):
    return X @ W.T + b.T
""")
E("rf/via_columns", "rows_forward", None, """
def rows_forward(X, W, b):
    return (W @ X.T + b).T
""")
E("rf/einsum", "rows_forward", None, """
def rows_forward(X, W, b):
    return np.einsum("mi,oi->mo", X, W) + b.ravel()
""")
E("rf/columns_out", "rows_forward", "returns column layout (n_out, m): forgot to transpose back", """
def rows_forward(X, W, b):
    return W @ X.T + b
""")
E("rf/b_not_T", "rows_forward", "adds b (n_out,1) without transposing: broadcasts to wrong shape / error", """
def rows_forward(X, W, b):
    return X @ W.T + b
""")
E("rf/no_bias", "rows_forward", "forgot the bias", """
def rows_forward(X, W, b):
    return X @ W.T
""")
E("rf/W_not_T", "rows_forward", "X @ W instead of X @ W.T (only runs when W is square)", """
def rows_forward(X, W, b):
    return X @ W + b.T
""")

# ---------------------------------------------------------------- ex10 rows_weight_gradient
E("rwg/right", "rows_weight_gradient", None, """
def rows_weight_gradient(dZ, X):
    return dZ.T @ X
""")
E("rwg/outer_loop", "rows_weight_gradient", None, """
def rows_weight_gradient(dZ, X):
    total = np.zeros((dZ.shape[1], X.shape[1]))
    for i in range(X.shape[0]):
        total += np.outer(dZ[i], X[i])
    return total
""")
E("rwg/transposed", "rows_weight_gradient", "X.T @ dZ: the transpose, shape (n_in, n_out)", """
def rows_weight_gradient(dZ, X):
    return X.T @ dZ
""")
E("rwg/extra_mean", "rows_weight_gradient", "divides by m again although 1/m is already in dZ", """
def rows_weight_gradient(dZ, X):
    m = X.shape[0]
    return dZ.T @ X / m
""")
E("rwg/loop_skip_last", "rows_weight_gradient", "loop over examples skips the last one (range(m-1))", """
def rows_weight_gradient(dZ, X):
    total = np.zeros((dZ.shape[1], X.shape[1]))
    for i in range(X.shape[0] - 1):
        total += np.outer(dZ[i], X[i])
    return total
""")
E("rwg/T+mean", "rows_weight_gradient", "two mistakes: transposed AND extra 1/m", """
def rows_weight_gradient(dZ, X):
    return (X.T @ dZ) / len(X)
""")

# ---------------------------------------------------------------- ex11 expected_first_loss
E("efl/right", "expected_first_loss", None, """
def expected_first_loss(classes):
    return np.log(classes)
""")
E("efl/neglog", "expected_first_loss", None, """
def expected_first_loss(classes):
    p = 1 / classes
    return -math.log(p)
""")
E("efl/log10", "expected_first_loss", "log base 10 instead of the natural log", """
def expected_first_loss(classes):
    return np.log10(classes)
""")
E("efl/prob", "expected_first_loss", "returns the uniform probability 1/C, not the loss", """
def expected_first_loss(classes):
    return 1 / classes
""")
E("efl/sign", "expected_first_loss", "sign: ln(1/C) = -ln C (negative loss)", """
def expected_first_loss(classes):
    return np.log(1 / classes)
""")
E("efl/log2", "expected_first_loss", "log base 2", """
def expected_first_loss(classes):
    return np.log2(classes)
""")

# ---------------------------------------------------------------- ex11 l2_weight_gradient
E("l2/right", "l2_weight_gradient", None, """
def l2_weight_gradient(dW, W, lam):
    return dW + lam * W
""")
E("l2/np_add", "l2_weight_gradient", None, """
def l2_weight_gradient(dW, W, lam):
    out = dW.copy()
    out += lam * W
    return out
""")
E("l2/2lam", "l2_weight_gradient", "2*lam*W: missed that the 1/2 cancels the 2", """
def l2_weight_gradient(dW, W, lam):
    return dW + 2 * lam * W
""")
E("l2/half", "l2_weight_gradient", "lam/2 * W: kept the 1/2 of the penalty", """
def l2_weight_gradient(dW, W, lam):
    return dW + lam / 2 * W
""")
E("l2/inplace", "l2_weight_gradient", "modifies dW in place (value right)", """
def l2_weight_gradient(dW, W, lam):
    dW += lam * W
    return dW
""")
E("l2/penalty_only", "l2_weight_gradient", "returns only the penalty's gradient lam*W, drops dW", """
def l2_weight_gradient(dW, W, lam):
    return lam * W
""")
E("l2/minus", "l2_weight_gradient", "sign: dW - lam*W", """
def l2_weight_gradient(dW, W, lam):
    return dW - lam * W
""")
E("l2/inplace+2lam", "l2_weight_gradient", "two mistakes: in place AND 2*lam", """
def l2_weight_gradient(dW, W, lam):
    dW += 2 * lam * W
    return dW
""")

# ---------------------------------------------------------------- ex12.1 dense_forward
E("df/right", "dense_forward", None, """
def dense_forward(W, b, A_prev):
    return W @ A_prev + b
""")
E("df/np_dot", "dense_forward", None, """
def dense_forward(W, b, A_prev):
    Z = np.dot(W, A_prev)
    Z += b
    return Z
""")
E("df/col_loop", "dense_forward", None, """
def dense_forward(W, b, A_prev):
    cols = [W @ A_prev[:, [i]] + b for i in range(A_prev.shape[1])]
    return np.hstack(cols)
""")
E("df/no_bias", "dense_forward", "forgot the bias", """
def dense_forward(W, b, A_prev):
    return W @ A_prev
""")
E("df/rows_layout", "dense_forward", "rows layout: A_prev.T @ W.T + b.T, result transposed (m, n_out)", """
def dense_forward(W, b, A_prev):
    return A_prev.T @ W.T + b.T
""")
E("df/elementwise", "dense_forward", "elementwise W * A_prev instead of the matrix product", """
def dense_forward(W, b, A_prev):
    return W * A_prev + b
""")
E("df/b_ravel", "dense_forward", "adds b.ravel(): (n,) broadcasts along the examples axis", """
def dense_forward(W, b, A_prev):
    return W @ A_prev + b.ravel()
""")
E("df/relu_inside", "dense_forward", "applies ReLU inside dense_forward (returns activations, not Z)", """
def dense_forward(W, b, A_prev):
    return np.maximum(W @ A_prev + b, 0)
""")
E("df/minus_b", "dense_forward", "subtracts the bias", """
def dense_forward(W, b, A_prev):
    return W @ A_prev - b
""")
E("df/loop_skip_last", "dense_forward", "column loop skips the last example (range(m-1))", """
def dense_forward(W, b, A_prev):
    m = A_prev.shape[1]
    Z = np.zeros((W.shape[0], m))
    for i in range(m - 1):
        Z[:, i] = W @ A_prev[:, i] + b[:, 0]
    return Z
""")
E("df/WT", "dense_forward", "W.T @ A_prev (transposed weights)", """
def dense_forward(W, b, A_prev):
    return W.T @ A_prev + b
""")
E("df/nobias+relu", "dense_forward", "two mistakes: no bias AND ReLU applied", """
def dense_forward(W, b, A_prev):
    return np.maximum(W @ A_prev, 0)
""")

# ---------------------------------------------------------------- ex12.2 relu
E("relu/right", "relu", None, """
def relu(Z):
    return np.maximum(Z, 0)
""")
E("relu/mask_mult", "relu", None, """
def relu(Z):
    return Z * (Z > 0)
""")
E("relu/abs", "relu", None, """
def relu(Z):
    return (Z + np.abs(Z)) / 2
""")
E("relu/copy_then_inplace", "relu", None, """
def relu(Z):
    A = Z.copy()
    A[A < 0] = 0
    return A
""")
E("relu/inplace", "relu", "modifies Z in place (Z[Z<0]=0), values right", """
def relu(Z):
    Z[Z < 0] = 0
    return Z
""")
E("relu/alias", "relu", "A = Z is not a copy: modifies Z in place", """
def relu(Z):
    A = Z
    A[A < 0] = 0
    return A
""")
E("relu/python_max", "relu", "Python max(Z, 0) instead of np.maximum (fails on arrays)", """
def relu(Z):
    return max(Z, 0)
""")
E("relu/np_max", "relu", "np.max(Z, 0) reduces over axis 0 instead of elementwise max", """
def relu(Z):
    return np.max(Z, 0)
""")
E("relu/derivative", "relu", "returns the derivative / mask (Z > 0) instead of the value", """
def relu(Z):
    return (Z > 0).astype(float)
""")
E("relu/leaky", "relu", "leaky ReLU: slope 0.01 for negative Z", """
def relu(Z):
    return np.maximum(Z, 0.01 * Z)
""")
E("relu/minimum", "relu", "np.minimum instead of np.maximum", """
def relu(Z):
    return np.minimum(Z, 0)
""")
E("relu/int", "relu", "casts the result to int (truncates)", """
def relu(Z):
    return np.maximum(Z, 0).astype(int)
""")
E("relu/inplace+leaky", "relu", "two mistakes: in place AND leaky slope", """
def relu(Z):
    Z[Z < 0] *= 0.01
    return Z
""")

# ---------------------------------------------------------------- ex12.3 softmax_ce_loss
E("sce/right", "softmax_ce_loss", None, """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return -np.sum(Y * np.log(S)) / Z.shape[1]
""")
E("sce/logsumexp", "softmax_ce_loss", None, """
from scipy.special import logsumexp

def softmax_ce_loss(Z, Y):
    log_s = Z - logsumexp(Z, axis=0, keepdims=True)
    return float(-(Y * log_s).sum(axis=0).mean())
""")
E("sce/loop_argmax", "softmax_ce_loss", None, """
def softmax_ce_loss(Z, Y):
    m = Z.shape[1]
    total = 0.0
    for i in range(m):
        z = Z[:, i] - np.max(Z[:, i])
        k = np.argmax(Y[:, i])
        total += -(z[k] - np.log(np.sum(np.exp(z))))
    return total / m
""")
E("sce/global_max", "softmax_ce_loss", "BORDERLINE: shift by the global max Z.max() (right value unless columns far apart underflow)", """
def softmax_ce_loss(Z, Y):
    E_ = np.exp(Z - Z.max())
    S = E_ / E_.sum(axis=0, keepdims=True)
    return -np.sum(Y * np.log(S)) / Z.shape[1]
""")
E("sce/no_shift", "softmax_ce_loss", "no max shift: exp overflows at logits near 800", """
def softmax_ce_loss(Z, Y):
    S = np.exp(Z) / np.sum(np.exp(Z), axis=0, keepdims=True)
    return -np.sum(Y * np.log(S)) / Z.shape[1]
""")
E("sce/sum", "softmax_ce_loss", "sums over the batch: forgot the 1/m", """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return -np.sum(Y * np.log(S))
""")
E("sce/mean_all", "softmax_ce_loss", "np.mean over all entries: divides by n*m instead of m", """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return -np.mean(Y * np.log(S))
""")
E("sce/softmax_rows", "softmax_ce_loss", "softmax normalised along axis 1 (over examples) instead of axis 0", """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=1, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=1, keepdims=True)
    return -np.sum(Y * np.log(S)) / Z.shape[1]
""")
E("sce/shift_rows", "softmax_ce_loss", "max shift along axis 1 (per row), normalisation right: shift no longer cancels", """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=1, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return -np.sum(Y * np.log(S)) / Z.shape[1]
""")
E("sce/no_minus", "softmax_ce_loss", "forgot the minus sign (negative loss)", """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return np.sum(Y * np.log(S)) / Z.shape[1]
""")
E("sce/per_example", "softmax_ce_loss", "returns the per-example losses (an array) instead of their mean", """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return -np.sum(Y * np.log(S), axis=0)
""")
E("sce/binary_ce", "softmax_ce_loss", "binary cross-entropy formula: adds (1-y) ln(1-s) terms", """
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    S = np.exp(Zs) / np.sum(np.exp(Zs), axis=0, keepdims=True)
    return -np.sum(Y * np.log(S) + (1 - Y) * np.log(1 - S)) / Z.shape[1]
""")
E("sce/noshift+sum", "softmax_ce_loss", "two mistakes: no max shift AND no 1/m", """
def softmax_ce_loss(Z, Y):
    S = np.exp(Z) / np.exp(Z).sum(axis=0)
    return -np.sum(Y * np.log(S))
""")

# ---------------------------------------------------------------- ex12.4 forward_backward
FB_HEAD = """
def forward_backward(W, b, X, Y):
    J = len(W) - 1
    A, Zs = [X], [None]
    for j in range(1, J + 1):
        Z = dense_forward(W[j], b[j], A[j - 1])
        Zs.append(Z)
        A.append(relu(Z) if j < J else Z)
    loss = softmax_ce_loss(Zs[J], Y)
    m = X.shape[1]
    S = np.exp(Zs[J] - Zs[J].max(axis=0, keepdims=True))
    S = S / S.sum(axis=0, keepdims=True)
"""


def FB(label, expected, tail, helpers=""):
    E(label, "forward_backward", expected, FB_HEAD + textwrap.indent(textwrap.dedent(tail), "    "), helpers)


FB("fb/right", None, """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/mask_from_A", None, """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi @ np.ones((m, 1))
    if j > 1:
        phi = (W[j].T @ phi) * np.heaviside(A[j - 1], 0)   # ReLU' from the activation
return loss, tuple(dW), tuple(db)
""")
FB("fb/no_1_over_m", "output delta S - Y without the 1/m", """
phi = S - Y
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/db_not_summed", "db = phi, not summed over examples (shape (n, m))", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/db_mean", "db = phi.mean(axis=1): divides by m a second time", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.mean(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/dW_transposed", "dW = A[j-1] phi^T: transposed weight gradient", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = A[j - 1] @ phi.T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/skip_layer1", "backward loop range(J, 1, -1) stops before layer 1: dW[1], db[1] stay None", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 1, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/no_relu_deriv", "equation (2) without the ReLU'(z) factor", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = W[j].T @ phi
return loss, dW, db
""")
FB("fb/no_softmax_delta", "output delta (Z - Y)/m: forgot the softmax in the delta", """
phi = (Zs[J] - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/append_reversed", "lists built by append while going backward: reversed order, no None at index 0", """
phi = (S - Y) / m
dW, db = [], []
for j in range(J, 0, -1):
    dW.append(phi @ A[j - 1].T)
    db.append(phi.sum(axis=1, keepdims=True))
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/order", "returns (dW, db, loss): wrong order of the tuple", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return dW, db, loss
""")
FB("fb/mask_wrong_layer", "ReLU' mask of the layer above (Zs[j] instead of Zs[j-1])", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ (phi * (Zs[j] > 0)))
return loss, dW, db
""")
FB("fb/noM+dbns", "two mistakes: no 1/m AND db not summed", """
phi = S - Y
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
FB("fb/helper_relu_inplace", None, """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""", helpers="""
def relu(Z):
    Z[Z < 0] = 0          # in place: harmless here, Z > 0 is unchanged
    return Z
""")
FB("fb/helper_loss_sum", "forward_backward right, but the student's softmax_ce_loss sums (no 1/m): loss wrong, gradients right", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""", helpers="""
def softmax_ce_loss(Z, Y):
    Zs = Z - Z.max(axis=0, keepdims=True)
    return float(-np.sum(Y * (Zs - np.log(np.exp(Zs).sum(axis=0, keepdims=True)))))
""")
FB("fb/helper_dense_nobias", "forward_backward right, but the student's dense_forward forgets the bias", """
phi = (S - Y) / m
dW, db = [None] * (J + 1), [None] * (J + 1)
for j in range(J, 0, -1):
    dW[j] = phi @ A[j - 1].T
    db[j] = phi.sum(axis=1, keepdims=True)
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""", helpers="""
def dense_forward(W, b, A_prev):
    return W @ A_prev
""")

# ---------------------------------------------------------------- ex12.5 numerical_gradients
E("ng/right", "numerical_gradients", None, """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            for idx in np.ndindex(P[j].shape):
                old = P[j][idx]
                P[j][idx] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old - eps
                lm = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old
                G[j][idx] = (lp - lm) / (2 * eps)
    return dW, db
""")
E("ng/copies", "numerical_gradients", None, """
import copy

def numerical_gradients(W, b, X, Y, eps):
    def L(Wx, bx):
        return forward_backward(Wx, bx, X, Y)[0]
    dW, db = [None], [None]
    for j in range(1, len(W)):
        gW = np.zeros(W[j].shape)
        for r in range(W[j].shape[0]):
            for c in range(W[j].shape[1]):
                Wp, Wm = copy.deepcopy(W), copy.deepcopy(W)
                Wp[j][r, c] += eps
                Wm[j][r, c] -= eps
                gW[r, c] = (L(Wp, b) - L(Wm, b)) / (2 * eps)
        gb = np.zeros(b[j].shape)
        for r in range(b[j].shape[0]):
            bp, bm = copy.deepcopy(b), copy.deepcopy(b)
            bp[j][r, 0] += eps
            bm[j][r, 0] -= eps
            gb[r, 0] = (L(W, bp) - L(W, bm)) / (2 * eps)
        dW.append(gW)
        db.append(gb)
    return dW, db
""")
E("ng/roundoff_restore", "numerical_gradients", "BORDERLINE: restores by += eps after -= 2 eps (round-off may leave entries not exactly as they were)", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            it = np.nditer(P[j], flags=["multi_index"])
            for _ in it:
                idx = it.multi_index
                P[j][idx] += eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] -= 2 * eps
                lm = forward_backward(W, b, X, Y)[0]
                P[j][idx] += eps
                G[j][idx] = (lp - lm) / (2 * eps)
    return dW, db
""")
E("ng/forward_diff", "numerical_gradients", "one-sided difference (L(t+e) - L(t))/e instead of central", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    L0 = forward_backward(W, b, X, Y)[0]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            for idx in np.ndindex(P[j].shape):
                old = P[j][idx]
                P[j][idx] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old
                G[j][idx] = (lp - L0) / eps
    return dW, db
""")
E("ng/no_restore", "numerical_gradients", "does not put the entry back: left at theta - eps", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            for idx in np.ndindex(P[j].shape):
                old = P[j][idx]
                P[j][idx] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old - eps
                lm = forward_backward(W, b, X, Y)[0]
                G[j][idx] = (lp - lm) / (2 * eps)
    return dW, db
""")
E("ng/alias_restore", "numerical_gradients", "saved = W[j] is an alias, not a copy: W[j] = saved restores nothing (entries left at -eps)", """
def numerical_gradients(W, b, X, Y, eps):
    dW, db = [None], [None]
    for j in range(1, len(W)):
        gW = np.zeros_like(W[j])
        for r in range(W[j].shape[0]):
            for c in range(W[j].shape[1]):
                saved = W[j]
                W[j][r, c] += eps
                lp = forward_backward(W, b, X, Y)[0]
                W[j][r, c] -= 2 * eps
                lm = forward_backward(W, b, X, Y)[0]
                W[j] = saved
                gW[r, c] = (lp - lm) / (2 * eps)
        gb = np.zeros_like(b[j])
        for r in range(b[j].shape[0]):
            saved = b[j]
            b[j][r, 0] += eps
            lp = forward_backward(W, b, X, Y)[0]
            b[j][r, 0] -= 2 * eps
            lm = forward_backward(W, b, X, Y)[0]
            b[j] = saved
            gb[r, 0] = (lp - lm) / (2 * eps)
        dW.append(gW)
        db.append(gb)
    return dW, db
""")
E("ng/eps_not_2eps", "numerical_gradients", "divides by eps instead of 2*eps (gradient doubled)", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            for idx in np.ndindex(P[j].shape):
                old = P[j][idx]
                P[j][idx] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old - eps
                lm = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old
                G[j][idx] = (lp - lm) / eps
    return dW, db
""")
E("ng/copy_typo", "numerical_gradients", "perturbs a copy but evaluates the loss on the originals: every gradient 0", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for j in range(1, len(W)):
        for idx in np.ndindex(W[j].shape):
            Wp = [None] + [w.copy() for w in W[1:]]
            Wm = [None] + [w.copy() for w in W[1:]]
            Wp[j][idx] += eps
            Wm[j][idx] -= eps
            dW[j][idx] = (forward_backward(W, b, X, Y)[0] - forward_backward(W, b, X, Y)[0]) / (2 * eps)
        for idx in np.ndindex(b[j].shape):
            bp = [None] + [v.copy() for v in b[1:]]
            bm = [None] + [v.copy() for v in b[1:]]
            bp[j][idx] += eps
            bm[j][idx] -= eps
            db[j][idx] = (forward_backward(W, bp, X, Y)[0] - forward_backward(W, bm, X, Y)[0]) / (2 * eps)
    return dW, db
""")
E("ng/skip_last_layer", "numerical_gradients", "layer loop range(1, len(W)-1) skips the last layer (its gradients stay 0)", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P) - 1):
            for idx in np.ndindex(P[j].shape):
                old = P[j][idx]
                P[j][idx] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old - eps
                lm = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old
                G[j][idx] = (lp - lm) / (2 * eps)
    return dW, db
""")
E("ng/no_b", "numerical_gradients", "only the weights: db left as zeros", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for j in range(1, len(W)):
        for idx in np.ndindex(W[j].shape):
            old = W[j][idx]
            W[j][idx] = old + eps
            lp = forward_backward(W, b, X, Y)[0]
            W[j][idx] = old - eps
            lm = forward_backward(W, b, X, Y)[0]
            W[j][idx] = old
            dW[j][idx] = (lp - lm) / (2 * eps)
    return dW, db
""")
E("ng/no_None", "numerical_gradients", "lists without the None at index 0 (not course indexing)", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [np.zeros_like(w) for w in W[1:]]
    db = [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            for idx in np.ndindex(P[j].shape):
                old = P[j][idx]
                P[j][idx] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old - eps
                lm = forward_backward(W, b, X, Y)[0]
                P[j][idx] = old
                G[j - 1][idx] = (lp - lm) / (2 * eps)
    return dW, db
""")
E("ng/fwd+norestore", "numerical_gradients", "two mistakes: one-sided difference AND entries left at theta + eps", """
def numerical_gradients(W, b, X, Y, eps):
    dW = [None] + [np.zeros_like(w) for w in W[1:]]
    db = [None] + [np.zeros_like(v) for v in b[1:]]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            for idx in np.ndindex(P[j].shape):
                L0 = forward_backward(W, b, X, Y)[0]
                P[j][idx] += eps
                G[j][idx] = (forward_backward(W, b, X, Y)[0] - L0) / eps
    return dW, db
""")

# ---------------------------------------------------------------- ex12.6 sgd_step
E("sgd/right", "sgd_step", None, """
def sgd_step(W, b, dW, db, lr):
    newW = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
    newb = [None] + [b[j] - lr * db[j] for j in range(1, len(b))]
    return newW, newb
""")
E("sgd/zip_deepcopy", "sgd_step", None, """
import copy

def sgd_step(W, b, dW, db, lr):
    W_new, b_new = copy.deepcopy(W), copy.deepcopy(b)
    for w, g in zip(W_new[1:], dW[1:]):
        w -= lr * g
    for v, g in zip(b_new[1:], db[1:]):
        v -= lr * g
    return W_new, b_new
""")
E("sgd/inplace", "sgd_step", "updates the given arrays in place (W[j] -= ...), values right", """
def sgd_step(W, b, dW, db, lr):
    for j in range(1, len(W)):
        W[j] -= lr * dW[j]
        b[j] -= lr * db[j]
    return W, b
""")
E("sgd/shallow_copy", "sgd_step", "list(W) copies the list, not the arrays: -= still changes the caller's arrays", """
def sgd_step(W, b, dW, db, lr):
    W_new, b_new = list(W), list(b)
    for j in range(1, len(W)):
        W_new[j] -= lr * dW[j]
        b_new[j] -= lr * db[j]
    return W_new, b_new
""")
E("sgd/plus", "sgd_step", "steps uphill: W + lr*dW", """
def sgd_step(W, b, dW, db, lr):
    newW = [None] + [W[j] + lr * dW[j] for j in range(1, len(W))]
    newb = [None] + [b[j] + lr * db[j] for j in range(1, len(b))]
    return newW, newb
""")
E("sgd/only_W", "sgd_step", "updates only the weights, biases returned unchanged", """
def sgd_step(W, b, dW, db, lr):
    newW = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
    return newW, b
""")
E("sgd/skip_last", "sgd_step", "layer loop range(1, len(W)-1): the last layer is not updated", """
def sgd_step(W, b, dW, db, lr):
    newW, newb = [None], [None]
    for j in range(1, len(W) - 1):
        newW.append(W[j] - lr * dW[j])
        newb.append(b[j] - lr * db[j])
    newW.append(W[-1])
    newb.append(b[-1])
    return newW, newb
""")
E("sgd/no_None", "sgd_step", "returns lists without None at index 0 (not course indexing)", """
def sgd_step(W, b, dW, db, lr):
    return [W[j] - lr * dW[j] for j in range(1, len(W))], [b[j] - lr * db[j] for j in range(1, len(b))]
""")
E("sgd/b_no_lr", "sgd_step", "forgot the learning rate on the biases: b - db", """
def sgd_step(W, b, dW, db, lr):
    newW = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
    newb = [None] + [b[j] - db[j] for j in range(1, len(b))]
    return newW, newb
""")
E("sgd/inplace+plus", "sgd_step", "two mistakes: in place AND uphill", """
def sgd_step(W, b, dW, db, lr):
    for j in range(1, len(W)):
        W[j] += lr * dW[j]
        b[j] += lr * db[j]
    return W, b
""")
E("sgd/onlyW+noNone", "sgd_step", "two mistakes: biases not updated AND no None at index 0", """
def sgd_step(W, b, dW, db, lr):
    return [w - lr * g for w, g in zip(W[1:], dW[1:])], b[1:]
""")

# ---------------------------------------------------------------- ex12.7 train
TRAIN_RIGHT = """
def train(X, Y, sizes, epochs, lr, batch_size, seed):
    rng = np.random.default_rng(seed)
    W, b = [None], [None]
    for j in range(1, len(sizes)):
        W.append(rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1]))
        b.append(np.zeros((sizes[j], 1)))
    m = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            _, dW, db = forward_backward(W, b, X[:, idx], Y[:, idx])
            W, b = sgd_step(W, b, dW, db, lr)
    return W, b
"""


def T(label, expected, old_new_pairs=(), code=None, helpers=""):
    src = TRAIN_RIGHT if code is None else code
    for old, new in old_new_pairs:
        assert old in src, (label, old)
        src = src.replace(old, new)
    E(label, "train", expected, src, helpers)


T("train/right", None)
T("train/normal_shuffle", None, [
    ("rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1])",
     "rng.normal(0.0, np.sqrt(2 / sizes[j - 1]), size=(sizes[j], sizes[j - 1]))"),
    ("order = rng.permutation(m)", "order = np.arange(m)\n        rng.shuffle(order)")])
T("train/choice_order", None, [
    ("order = rng.permutation(m)", "order = rng.choice(m, size=m, replace=False)   # another way to shuffle")])
T("train/global_rng", "uses the global numpy RNG (np.random.seed / np.random.randn) instead of default_rng(seed)", [
    ("rng = np.random.default_rng(seed)", "np.random.seed(seed)"),
    ("rng.standard_normal((sizes[j], sizes[j - 1]))", "np.random.randn(sizes[j], sizes[j - 1])"),
    ("order = rng.permutation(m)", "order = np.random.permutation(m)")])
T("train/unseeded", "default_rng() without the seed: a new run gives new weights", [
    ("np.random.default_rng(seed)", "np.random.default_rng()")])
T("train/zero_init", "weights initialised to 0: units start equal", [
    ("rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1])", "np.zeros((sizes[j], sizes[j - 1]))")])
T("train/const_init", "every weight the same constant sqrt(2/n): symmetric units", [
    ("rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1])", "np.full((sizes[j], sizes[j - 1]), np.sqrt(2 / sizes[j - 1]))")])
T("train/uniform_init", "rng.random (uniform on [0,1), all positive) * sqrt(2/n) instead of a normal", [
    ("rng.standard_normal((sizes[j], sizes[j - 1]))", "rng.random((sizes[j], sizes[j - 1]))")])
T("train/fan_out", "He's std with the wrong n: sqrt(2/n_j) (fan-out) instead of sqrt(2/n_{j-1})", [
    ("np.sqrt(2 / sizes[j - 1])", "np.sqrt(2 / sizes[j])")])
T("train/small_init", "initial std 0.01 instead of He's sqrt(2/n)", [
    ("* np.sqrt(2 / sizes[j - 1])", "* 0.01")])
T("train/skip_last_batch", "batch loop m // batch_size batches: the last, shorter batch is skipped", [
    ("for start in range(0, m, batch_size):", "for start in range(0, (m // batch_size) * batch_size, batch_size):")])
T("train/shuffle_once", "shuffles once before the epochs instead of in every epoch", [
    ("    for _ in range(epochs):\n        order = rng.permutation(m)\n",
     "    order = rng.permutation(m)\n    for _ in range(epochs):\n")])
T("train/no_shuffle", "never shuffles: batches in the data's order", [
    ("order = rng.permutation(m)", "order = np.arange(m)")])
T("train/only_W", "manual update that only changes W, never b", [
    ("W, b = sgd_step(W, b, dW, db, lr)", "W = [None] + [W[k] - lr * dW[k] for k in range(1, len(W))]")])
T("train/b_1d", "biases initialised 1-D, shape (n,), instead of columns (n, 1)", [
    ("np.zeros((sizes[j], 1))", "np.zeros(sizes[j])")])
T("train/extra_epoch", "range(epochs + 1): one epoch too many (epochs=0 trains)", [
    ("for _ in range(epochs):", "for _ in range(epochs + 1):")])
T("train/global+skip", "two mistakes: global RNG AND the last batch skipped", [
    ("rng = np.random.default_rng(seed)", "np.random.seed(seed)"),
    ("rng.standard_normal((sizes[j], sizes[j - 1]))", "np.random.randn(sizes[j], sizes[j - 1])"),
    ("order = rng.permutation(m)", "order = np.random.permutation(m)"),
    ("for start in range(0, m, batch_size):", "for start in range(0, m - batch_size + 1, batch_size):")])
T("train/zero+noshuffle", "two mistakes: zero weights AND no shuffling", [
    ("rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1])", "np.zeros((sizes[j], sizes[j - 1]))"),
    ("order = rng.permutation(m)", "order = np.arange(m)")])


# ---------------------------------------------------------------- second round: follow-ups on what round one showed
E("df/cache_tuple", "dense_forward", "returns (Z, cache) like other courses do: wrong structure", """
def dense_forward(W, b, A_prev):
    Z = W @ A_prev + b
    cache = (W, b, A_prev)
    return Z, cache
""")
E("relu_b/np_maximum", "relu_backward", None, """
def relu_backward(u, upstream):
    return float(np.heaviside(u, 0.0)) * upstream
""")
E("sce/log_eps", "softmax_ce_loss", None, """
def softmax_ce_loss(Z, Y):
    Zs = Z - np.max(Z, axis=0)
    S = np.exp(Zs) / np.exp(Zs).sum(axis=0)
    return -np.sum(Y * np.log(S + 1e-12)) / Y.shape[1]     # epsilon against log(0)
""")
FB("fb/append_reversed_None", "built by append while going backward, with None first: layers in reverse order", """
phi = (S - Y) / m
dW, db = [None], [None]
for j in range(J, 0, -1):
    dW.append(phi @ A[j - 1].T)
    db.append(phi.sum(axis=1, keepdims=True))
    if j > 1:
        phi = (W[j].T @ phi) * (Zs[j - 1] > 0)
return loss, dW, db
""")
E("ng/flatten_copy", "numerical_gradients", "perturbs W[j].flatten(), a copy: the loss never changes, every gradient 0", """
def numerical_gradients(W, b, X, Y, eps):
    dW, db = [None], [None]
    for P, G in ((W, dW), (b, db)):
        for j in range(1, len(P)):
            flat = P[j].flatten()
            g = np.zeros_like(flat)
            for k in range(flat.size):
                old = flat[k]
                flat[k] = old + eps
                lp = forward_backward(W, b, X, Y)[0]
                flat[k] = old - eps
                lm = forward_backward(W, b, X, Y)[0]
                flat[k] = old
                g[k] = (lp - lm) / (2 * eps)
            G.append(g.reshape(P[j].shape))
    return dW, db
""")
E("sgd/list_copy_rebind", "sgd_step", None, """
def sgd_step(W, b, dW, db, lr):
    W_new, b_new = W.copy(), b.copy()      # copies the lists; the arrays are replaced, not changed
    for j in range(1, len(W)):
        W_new[j] = W_new[j] - lr * dW[j]
        b_new[j] = b_new[j] - lr * db[j]
    return W_new, b_new
""")
T("train/discard_step", "calls sgd_step but throws its result away: nothing is learnt", [
    ("W, b = sgd_step(W, b, dW, db, lr)", "sgd_step(W, b, dW, db, lr)")])
T("train/only_last_layer", "manual update of the last layer only: hidden layers never learn", [
    ("W, b = sgd_step(W, b, dW, db, lr)", "J = len(W) - 1\n            W[J] = W[J] - lr * dW[J]\n            b[J] = b[J] - lr * db[J]")])

# ---------------------------------------------------------------- build
CORPUS, LABELS, SOURCES = [], [], []
for label, exercise, expected, code, helpers in _ENTRIES:
    namespace = {"__name__": f"outsider6_{len(CORPUS)}"}
    text = RIGHT_HELPERS + ("\n\n" + helpers + "\n" if helpers else "") + "\n\n" + code
    exec(compile(text, f"<outsider 6: {label}>", "exec"), namespace)
    function = namespace[exercise]
    function.__name__ = re.sub(r"\W+", "_", label)  # mul/copy_paste → mul_copy_paste: the test's id
    CORPUS.append((exercise, function, expected))
    LABELS.append(label)
    SOURCES.append(code)
