"""Bad input gets a clear error in the user's terms, never a numpy traceback from deep inside."""

import numpy as np
import pytest

import mlpedu
from mlpedu import DTypeError, MlpeduError, NonFiniteError, ShapeError

rng = np.random.default_rng(0)
NET = mlpedu.MLP([3, 4, 2], rng=0)
X_GOOD = rng.standard_normal((3, 5))
Y_GOOD = rng.standard_normal((2, 5))

def assert_mentions(error, words, what):
    message = str(error)
    missing = [w for w in words if w not in message]
    assert not missing, f"{what}: message {message!r} lacks {missing}"


FORWARD_CASES = [  # (what the user did, input X, error class, words the message must contain)
    ("examples as rows", X_GOOD.T, ShapeError, ["shape (5, 3)", "look like rows", "pass X.T", "(3, 5)"]),
    ("one example as a 1-D vector", X_GOOD[:, 0], ShapeError, ["1-D", "column", "X.reshape(3, 1)"]),
    ("wrong number of input features", rng.standard_normal((4, 5)), ShapeError, ["shape (4, 5)", "expected (3, m)"]),
    ("3-D array", rng.standard_normal((3, 5, 1)), ShapeError, ["3 dimensions", "(3, m)"]),
    ("integer input", np.ones((3, 5), dtype=int), DTypeError, ["integer dtype", "astype(float)"]),
    ("boolean input", np.ones((3, 5), dtype=bool), DTypeError, ["boolean"]),
    ("NaN input", np.where(np.eye(3, 5) > 0, np.nan, 1.0), NonFiniteError, ["NaN or infinite", "index (0, 0)"]),
    ("infinite input", np.full((3, 5), np.inf), NonFiniteError, ["15 NaN or infinite"]),
    ("strings", np.array([["a"] * 5] * 3), DTypeError, ["expected a float array"]),
    ("ragged lists", [[1.0, 2.0], [1.0]], DTypeError, ["could not be turned into a numeric array"]),
    ("no examples", np.zeros((3, 0)), ShapeError, ["no examples"]),
]


@pytest.mark.parametrize("what, X, error, words", FORWARD_CASES, ids=[c[0] for c in FORWARD_CASES])
def test_forward_rejects(what, X, error, words):
    with pytest.raises(error) as raised:
        NET.forward(X)
    assert_mentions(raised.value, words, what)


TARGET_CASES = [
    ("targets as rows", "half_se", Y_GOOD.T, ShapeError, ["shape (5, 2)", "expected (2, 5)", "transposed", "Y.T"]),
    ("targets 1-D", "half_se", Y_GOOD[0], ShapeError, ["shape (5,)", "expected (2, 5)"]),
    ("missing targets", "half_se", None, MlpeduError, ["targets Y are missing"]),
    ("integer class labels for CCE", "cce", np.array([0, 1, 1, 0, 1]), ShapeError, ["class labels", "one_hot"]),
    ("integer class labels as a row for CCE", "cce", np.array([[0, 1, 1, 0, 1]]), ShapeError, ["class labels", "one_hot"]),
    ("float class labels for CCE", "cce", np.array([0.0, 1.0, 1.0, 0.0, 1.0]), ShapeError, ["class labels", "one_hot"]),
    ("CCE targets not one-hot", "cce", np.full((2, 5), 0.2), MlpeduError, ["one-hot", "column 0 sums to 0.4"]),
    ("BCE targets out of [0, 1]", "bce", np.full((2, 5), 2.0), MlpeduError, ["targets in [0, 1]", "[2, 2]"]),
]


@pytest.mark.parametrize("what, loss, Y, error, words", TARGET_CASES, ids=[c[0] for c in TARGET_CASES])
def test_backward_rejects_bad_targets(what, loss, Y, error, words):
    output = {"cce": "softmax", "bce": "sigmoid"}.get(loss, "identity")
    net = mlpedu.MLP([3, 4, 2], output=output, loss=loss, rng=0)
    net.forward(X_GOOD)
    with pytest.raises(error) as raised:
        net.backward(Y)
    assert_mentions(raised.value, words, what)


CONSTRUCTION_CASES = [
    ("sizes too short", lambda: mlpedu.MLP([3]), ["at least two positive integers"]),
    ("zero width", lambda: mlpedu.MLP([3, 0, 1]), ["positive integers"]),
    ("float size", lambda: mlpedu.MLP([3, 2.5, 1]), ["positive integers"]),
    ("unknown activation", lambda: mlpedu.MLP([3, 2, 1], activation="relu7"), ["Unknown activation 'relu7'", "tanh"]),
    ("unknown output", lambda: mlpedu.MLP([3, 2, 1], output="probit"), ["Unknown activation 'probit'"]),
    ("unknown loss", lambda: mlpedu.MLP([3, 2, 1], loss="l1"), ["Unknown loss 'l1'", "binary_cross_entropy"]),
    ("unknown init", lambda: mlpedu.MLP([3, 2, 1], init="lecun"), ["Unknown init 'lecun'", "xavier"]),
    ("activations per hidden layer", lambda: mlpedu.MLP([3, 2, 2, 1], activation=["relu"]), ["expected 2, got 1"]),
    ("mismatched layer sizes", lambda: mlpedu.Sequential([mlpedu.Dense(3, 4), "relu", mlpedu.Dense(5, 1), "identity"]),
     ["Layer 2 expects 5 input(s)", "layer 1 produces 4", "shape (1, 4)"]),
    ("two Dense in a row", lambda: mlpedu.Sequential([mlpedu.Dense(3, 4), mlpedu.Dense(4, 1)]), ["activation", "between two Dense"]),
    ("bad rng", lambda: mlpedu.MLP([3, 1], rng="seed"), ["rng must be an int seed"]),
    ("bad reduction", lambda: mlpedu.get_loss("mse", reduction="avg"), ["'mean' or 'sum'"]),
    ("W of the wrong shape", lambda: mlpedu.Dense(3, 2).set_params(W=np.ones((3, 2))), ["(n_out, n_in) = (2, 3)", "(3, 2)"]),
    ("gradients before backward", lambda: mlpedu.Dense(3, 2).grads(), ["call forward and then backward first"]),
    ("backward before forward", lambda: mlpedu.MLP([3, 1], rng=0).backward(np.zeros((1, 2))), ["Call forward(X) before"]),
    ("negative learning rate", lambda: mlpedu.SGD(lr=-0.1), ["lr must be a positive number"]),
    ("fit with mismatched Y", lambda: mlpedu.fit(mlpedu.MLP([3, 2], rng=0), X_GOOD, np.zeros((2, 4))),
     ["shape (2, 4)", "expected (2, 5)"]),
    ("fit with too many target rows, named in whole-set shapes, not minibatch ones",
     lambda: mlpedu.fit(mlpedu.MLP([3, 1], rng=0), X_GOOD, np.zeros((2, 5)), batch_size=2), ["shape (2, 5)", "expected (1, 5)"]),
    ("the same Dense twice", lambda: (lambda d: mlpedu.Sequential([d, "tanh", d, "identity"]))(mlpedu.Dense(2, 2)),
     ["already used earlier", "new Dense"]),
    ("cross-entropy on an identity output", lambda: mlpedu.MLP([3, 2], output="identity", loss="bce"),
     ["binary_cross_entropy takes probabilities", "output='sigmoid'"]),
    ("NaN weights", lambda: mlpedu.Dense(2, 1).set_params(W=[[np.nan, 1.0]]), ["W contains 1 NaN"]),
    ("text weights", lambda: mlpedu.Dense(2, 1).set_params(W=[["a", 1.0]]), ["W has dtype", "float"]),
    ("loss called with transposed targets", lambda: mlpedu.HalfSquaredError()(np.zeros((1, 5)), np.zeros((5, 1))),
     ["shape (5, 1)", "expected (1, 5)"]),
    ("negative CCE targets", lambda: mlpedu.CategoricalCrossEntropy()(np.full((2, 1), 0.5), np.array([[1.5], [-0.5]])),
     ["negative entry -0.5 at index (1, 0)"]),
]


@pytest.mark.parametrize("what, action, words", CONSTRUCTION_CASES, ids=[c[0] for c in CONSTRUCTION_CASES])
def test_clear_errors(what, action, words):
    with pytest.raises(MlpeduError) as raised:
        action()
    assert_mentions(raised.value, words, what)


def test_errors_are_value_errors_so_generic_handlers_catch_them():
    assert issubclass(MlpeduError, ValueError) and issubclass(DTypeError, TypeError)
