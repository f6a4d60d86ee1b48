"""Networks: the seeds' hand-computed examples, gradient checks over every combination, and
what a network keeps for the notebooks."""

import itertools

import numpy as np
import pytest

import mlpedu
from mlpedu.network import frobenius


def test_single_neuron_of_seed_001_by_hand():
    # z = w x + b, ŷ = ReLU(z), C = ½ (y − ŷ)²; x = 2, w = 0.5, b = 0.25, y = 2
    net = mlpedu.MLP([1, 1], output="relu", loss="half_squared_error", rng=0)
    net.dense[1].set_params(W=[[0.5]], b=[0.25])
    loss = net.loss_and_gradients(np.array([[2.0]]), np.array([[2.0]]))
    expected = {"loss": 0.5 * 0.75**2, "z": 1.25, "phi": -0.75, "dW": -1.5, "db": -0.75}
    got = {"loss": loss, "z": net.Z[1].item(), "phi": net.dZ[1].item(), "dW": net.dW[1].item(), "db": net.db[1].item()}
    assert got == pytest.approx(expected, rel=1e-12), f"expected {expected}, got {got}"


def test_two_output_network_of_seed_002_by_hand():
    # ReLU hidden layer (one unit off), identity outputs, J = Σ ½ (a_i − y_i)²
    net = mlpedu.MLP([2, 2, 2], activation="relu", output="identity", loss="half_squared_error", rng=0)
    net.dense[1].set_params(W=[[0.1, 0.2], [-0.4, 0.1]], b=[0.0, 0.0])
    net.dense[2].set_params(W=[[0.3, -0.2], [0.5, 0.6]], b=[0.0, 0.0])
    loss = net.loss_and_gradients(np.array([[1.0], [2.0]]), np.array([[0.0], [1.0]]))
    expected = {
        "loss": 0.5 * (0.15**2 + 0.75**2),
        "A1": [[0.5], [0.0]], "A2": [[0.15], [0.25]],
        "dZ2": [[0.15], [-0.75]], "dW2": [[0.075, 0.0], [-0.375, 0.0]],
        "dZ1": [[-0.33], [0.0]], "dW1": [[-0.33, -0.66], [0.0, 0.0]], "db1": [[-0.33], [0.0]],
    }
    got = {"loss": loss, "A1": net.A[1], "A2": net.A[2], "dZ2": net.dZ[2], "dW2": net.dW[2],
           "dZ1": net.dZ[1], "dW1": net.dW[1], "db1": net.db[1]}
    for key, value in expected.items():
        assert np.allclose(got[key], value, atol=1e-12), f"{key}: expected {value}, got {got[key]}"


def targets_for(loss, n_out, m, rng):
    if loss in ("categorical_cross_entropy",):
        return mlpedu.one_hot(rng.integers(0, n_out, m), n_out)
    if loss == "binary_cross_entropy":
        return (rng.random((n_out, m)) > 0.5).astype(float)
    return rng.standard_normal((n_out, m))


COMBINATIONS = [
    (hidden, output, loss)
    for hidden, (output, loss) in itertools.product(
        ["relu", "leaky_relu", "sigmoid", "tanh", "identity"],
        [("identity", "half_squared_error"), ("identity", "mean_squared_error"), ("relu", "mean_squared_error"),
         ("sigmoid", "binary_cross_entropy"), ("softmax", "categorical_cross_entropy"),
         ("sigmoid", "half_squared_error"), ("softmax", "half_squared_error"), ("tanh", "binary_cross_entropy")])
    if not (output == "tanh")  # tanh outputs leave [0, 1]: not a BCE input
]


@pytest.mark.parametrize("hidden, output, loss", COMBINATIONS)
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "full"])
def test_backprop_passes_the_gradient_check(hidden, output, loss, fast):
    rng = np.random.default_rng(7)
    net = mlpedu.MLP([3, 5, 4, 3], activation=hidden, output=output, loss=loss, init="xavier", rng=rng)
    X = rng.standard_normal((3, 6))
    report = mlpedu.check_network(net, X, targets_for(loss, 3, 6, rng), fast=fast)
    assert report.passed, str(report)
    assert [c.name for c in report.checks] == ["W1", "b1", "W2", "b2", "W3", "b3"]


def test_network_keeps_every_layer_for_the_notebooks():
    rng = np.random.default_rng(0)
    net = mlpedu.MLP([4, 6, 5, 2], rng=rng)
    X, Y = rng.standard_normal((4, 8)), rng.standard_normal((2, 8))
    net.loss_and_gradients(X, Y, input_gradient=True)
    shapes = {name: [None if v is None else v.shape for v in getattr(net, name)]
              for name in ("Z", "A", "dZ", "dA", "W", "b", "dW", "db")}
    expected = {
        "Z": [None, (6, 8), (5, 8), (2, 8)], "A": [(4, 8), (6, 8), (5, 8), (2, 8)],
        "dZ": [None, (6, 8), (5, 8), (2, 8)], "dA": [(4, 8), (6, 8), (5, 8), (2, 8)],
        "W": [None, (6, 4), (5, 6), (2, 5)], "b": [None, (6, 1), (5, 1), (2, 1)],
        "dW": [None, (6, 4), (5, 6), (2, 5)], "db": [None, (6, 1), (5, 1), (2, 1)],
    }
    assert shapes == expected
    net.loss_and_gradients(X, Y)
    assert net.dA[0] is None, "training does not need ∂L/∂X: it is computed only on request"
    # equation (2) by hand, from what the network kept
    phi2 = (net.W[3].T @ net.dZ[3]) * (net.Z[2] > 0)
    assert np.allclose(net.dZ[2], phi2)
    assert np.allclose(net.dW[2], net.dZ[2] @ net.A[1].T)
    assert np.allclose(net.db[2], net.dZ[2].sum(axis=1, keepdims=True))


def test_batch_gradient_is_the_mean_of_per_example_gradients():
    rng = np.random.default_rng(1)
    net = mlpedu.MLP([3, 4, 2], activation="tanh", rng=rng)
    X, Y = rng.standard_normal((3, 5)), rng.standard_normal((2, 5))
    net.loss_and_gradients(X, Y)
    batch = {k: v.copy() for k, v in net.gradients().items()}
    singles = []
    for i in range(5):
        net.loss_and_gradients(X[:, [i]], Y[:, [i]])
        singles.append({k: v.copy() for k, v in net.gradients().items()})
    for name in batch:
        assert np.allclose(batch[name], np.mean([s[name] for s in singles], axis=0)), name


def test_same_seed_same_network():
    a, b = mlpedu.MLP([3, 4, 1], rng=5), mlpedu.MLP([3, 4, 1], rng=5)
    assert all(np.array_equal(a.parameters()[k], b.parameters()[k]) for k in a.parameters())


@pytest.mark.parametrize("init, n_in, n_out, std", [
    ("small", 400, 300, 0.01), ("xavier", 400, 300, np.sqrt(2 / 700)), ("he", 400, 300, np.sqrt(2 / 400)), (0.2, 400, 300, 0.2),
])
def test_initialisations_have_their_standard_deviation(init, n_in, n_out, std):
    W = mlpedu.Dense(n_in, n_out, init=init, rng=0).W
    assert W.shape == (n_out, n_in)
    assert W.std() == pytest.approx(std, rel=0.02), f"{init}: expected std {std:.4g}, got {W.std():.4g}"


def test_dense_layer_gradient_check():
    report = mlpedu.check_layer(mlpedu.Dense(4, 3, rng=2), rng=2)
    assert report.passed and all(c.status == "good" for c in report.checks), str(report)


def test_repr_names_layers_and_loss():
    assert repr(mlpedu.MLP([2, 3, 1], rng=0)) == "MLP(input 2 → 3 relu, 1 identity; loss half_squared_error)"


def test_assigning_a_weight_through_the_course_view_reaches_the_layer():
    net = mlpedu.MLP([2, 3, 1], rng=0)
    new_W = np.ones((3, 2))
    net.W[1] = new_W
    assert np.array_equal(net.dense[1].W, new_W)
    before = net.dense[2].W
    net.W[2] -= 1.0  # in place: the same array, updated
    assert net.dense[2].W is before


@pytest.mark.parametrize("assign, message", [
    (lambda net: net.W.__setitem__(1, np.ones((2, 3))), r"W must have shape \(n_out, n_in\) = \(3, 2\)"),
    (lambda net: net.W.__setitem__(0, np.ones((3, 2))), r"numbered 1 … 2 \(0 is the input layer\)"),
    (lambda net: net.dW.__setitem__(1, np.ones((3, 2))), "computed by backward"),
])
def test_bad_assignments_through_the_course_view_say_why(assign, message):
    net = mlpedu.MLP([2, 3, 1], rng=0)
    net.loss_and_gradients(np.ones((2, 4)), np.ones((1, 4)))
    with pytest.raises(mlpedu.MlpeduError, match=message):
        assign(net)


FROBENIUS = [  # (array, expected norm): a norm must not overflow while every entry is finite
    (np.array([3.0, 4.0]), 5.0),
    (np.array([[3e200, 4e200]]), 5e200),
    (np.full((4, 4), 1e160), 4e160),
    (np.array([[3e-200, 4e-200]]), 5e-200),  # squares underflow to 0, the norm does not
    (np.full((2, 2), 1e-310), 2e-310),       # subnormal entries
    (np.zeros((0, 3)), 0.0),
    (np.array([np.inf, 1.0]), np.inf),
]


@pytest.mark.parametrize("array, expected", FROBENIUS, ids=lambda v: None if isinstance(v, np.ndarray) else repr(v))
def test_frobenius_norm_does_not_overflow_on_finite_entries(array, expected):
    with np.errstate(over="ignore", under="ignore"):
        got = frobenius(array)
    assert got == pytest.approx(expected, rel=1e-12), f"‖{array.tolist()}‖: expected {expected}, got {got}"


# ---- float32: kept end to end, checked in float64 --------------------------------------------

FLOAT32_SETUPS = [  # (hidden activation, output, loss)
    ("relu", "identity", "half_squared_error"), ("leaky_relu", "identity", "mse"), ("tanh", "sigmoid", "bce"),
    ("sigmoid", "softmax", "cce"), ("identity", "tanh", "mse"),
]


def float32_batch(loss, n_out=3, m=12):
    rng = np.random.default_rng(5)
    X = rng.standard_normal((4, m))  # float64 on purpose: a float32 network converts what it is given
    Y = mlpedu.one_hot(np.arange(m) % n_out, n_out) if loss == "cce" else (rng.random((n_out, m)) > 0.5).astype(float)
    return X, Y


@pytest.mark.parametrize("hidden, output, loss", FLOAT32_SETUPS)
def test_a_float32_network_stays_float32_through_forward_backward_and_training(hidden, output, loss):
    net = mlpedu.MLP([4, 6, 3], activation=hidden, output=output, loss=loss, rng=0, dtype=np.float32)
    X, Y = float32_batch(loss)
    net.loss_and_gradients(X, Y, input_gradient=True)
    arrays = {"A[J]": net.A[net.J], "φ¹": net.dZ[1], "dA[0]": net.dA[0], **net.gradients(), **net.parameters()}
    wrong = {name: a.dtype.name for name, a in arrays.items() if a.dtype != np.float32}
    assert not wrong, f"expected float32 everywhere, got {wrong}"
    mlpedu.fit(net, X, Y, epochs=2, batch_size=5, lr=0.05, momentum=0.9, rng=0)
    wrong = {name: a.dtype.name for name, a in net.parameters().items() if a.dtype != np.float32}
    assert not wrong, f"training turned parameters into {wrong}"


@pytest.mark.parametrize("hidden, output, loss", FLOAT32_SETUPS)
def test_a_float32_network_matches_float64_to_float32_precision(hidden, output, loss):
    net64 = mlpedu.MLP([4, 6, 3], activation=hidden, output=output, loss=loss, rng=0)
    net32 = net64.astype(np.float32)
    X, Y = float32_batch(loss)
    loss64, loss32 = net64.loss_and_gradients(X, Y), net32.loss_and_gradients(X, Y)
    assert abs(loss32 - loss64) <= 1e-5 * max(1.0, abs(loss64)), f"loss {loss32} in float32, {loss64} in float64"
    for name, g64 in net64.gradients().items():
        g32 = net32.gradients()[name]
        assert np.allclose(g32, g64, rtol=1e-3, atol=1e-5), f"{name}: float32 {g32.ravel()[:3]}, float64 {g64.ravel()[:3]}"


def test_a_float32_network_is_gradient_checked_in_float64_and_says_so():
    net32 = mlpedu.MLP([4, 6, 3], activation="tanh", output="identity", rng=0, dtype=np.float32)
    X, Y = float32_batch("mse")
    report = mlpedu.check_network(net32, X, Y, fast=False)
    assert report.passed, str(report)
    assert any("float64 copy" in note for note in report.notes), report.notes
    worst = max(check.max_rel_error for check in report.checks)
    assert 1e-9 < worst < 1e-4, f"float32's rounding should show (around 1e-6), got {worst:.1e}"
    assert all(p.dtype == np.float32 for p in net32.parameters().values()), "the check changed the network's dtype"


@pytest.mark.parametrize("make, message", [
    (lambda: mlpedu.MLP([2, 3, 1], dtype=np.float16), "np.float64 or np.float32"),
    (lambda: mlpedu.MLP([2, 3, 1], dtype="int32"), "np.float64 or np.float32"),
    (lambda: mlpedu.Sequential([mlpedu.Dense(2, 3, dtype=np.float32), "relu", mlpedu.Dense(3, 1), "identity"]),
     "one dtype"),
])
def test_unsupported_or_mixed_dtypes_say_what_is_expected(make, message):
    with pytest.raises(mlpedu.MlpeduError, match=message):
        make()
