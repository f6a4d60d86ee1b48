"""Gradient checks: they pass right gradients, catch wrong ones, say where and (if they can) why."""

import numpy as np
import pytest

import mlpedu
from mlpedu import check_function, check_network
from mlpedu.gradcheck import relative_error, verdict


@pytest.mark.parametrize("a, n, expected", [
    (1.0, 1.0, 0.0), (1.0, 1.0 + 1e-9, 1e-9), (2.0, 1.0, 0.5), (-1.0, 1.0, 2.0), (0.0, 0.0, 0.0), (1e-12, 0.0, 1e-4),
])
def test_relative_error_formula(a, n, expected):
    assert relative_error(a, n) == pytest.approx(expected, rel=1e-6, abs=1e-15)


@pytest.mark.parametrize("rel, expected", [(1e-9, "good"), (1e-6, "look closer"), (1e-2, "wrong")])
def test_thresholds_of_the_conventions(rel, expected):
    assert verdict(rel) == expected


def test_check_function_passes_a_right_gradient_and_fails_a_wrong_one():
    x = np.array([[0.3, -1.2], [2.0, 0.5]])
    f = lambda v: float(np.sum(np.sin(v) * v))
    right = lambda v: np.cos(v) * v + np.sin(v)
    assert check_function(f, right, x).passed
    report = check_function(f, lambda v: np.cos(v) * v, x)
    assert not report.passed and report["x"].status == "wrong"


def network_and_batch(seed=0, activation="tanh"):
    rng = np.random.default_rng(seed)
    net = mlpedu.MLP([3, 4, 4, 2], activation=activation, output="identity", rng=rng)
    return net, rng.standard_normal((3, 6)), rng.standard_normal((2, 6))


def break_layer_gradient(net, j, mutate):
    """Make layer j's backward store a wrong dW (as a student's bug would)."""
    original = net.dense[j].backward

    def backward(dZ, *args):
        dA_prev = original(dZ, *args)
        net.dense[j].dW = mutate(net.dense[j].dW)
        return dA_prev

    net.dense[j].backward = backward


BUGS = [  # (bug, mutation of dW, words the "why" hint must contain)
    ("sign flipped", lambda dW: -dW, "sign is flipped"),
    ("factor 2", lambda dW: 2 * dW, "2 × numeric"),
    ("factor 1/m missing", lambda dW: 6 * dW, "6 × numeric"),
    ("all zeros", lambda dW: np.zeros_like(dW), "all zeros"),
    ("one entry wrong", lambda dW: dW + np.eye(*dW.shape)[::-1] * 0.5, ""),
]


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "full"])
@pytest.mark.parametrize("bug, mutate, why", BUGS, ids=[b[0] for b in BUGS])
def test_a_wrong_gradient_is_caught_located_and_explained(bug, mutate, why, fast):
    net, X, Y = network_and_batch()
    break_layer_gradient(net, 2, mutate)
    report = check_network(net, X, Y, fast=fast)
    statuses = {c.name: c.status for c in report.checks}
    expected = {"W1": "good", "b1": "good", "W2": "wrong", "b2": "good", "W3": "good", "b3": "good"}
    assert statuses == expected, f"{bug}: expected {expected}, got {statuses}\n{report}"
    assert report["W2"].mode == "per entry", "a failing fast check must fall back to the per-entry diagnosis"
    assert why in report["W2"].hint, f"{bug}: hint {report['W2'].hint!r} lacks {why!r}"
    assert "W2 (4, 4): wrong" in str(report) and "FAILED" in str(report)


def test_report_names_the_worst_entry_with_both_values():
    net, X, Y = network_and_batch()
    break_layer_gradient(net, 1, lambda dW: dW + np.where(np.arange(dW.size).reshape(dW.shape) == 5, 0.25, 0.0))
    report = check_network(net, X, Y)
    worst = report["W1"].worst[0]
    assert worst.index == (1, 2)  # flat index 5 of a (4, 3) matrix
    assert worst.analytic - worst.numeric == pytest.approx(0.25, rel=1e-5)
    assert report["W1"].n_wrong == 1
    assert "[1, 2] analytic" in str(report)


def test_fast_mode_checks_one_direction_per_parameter_set_when_all_is_well():
    net, X, Y = network_and_batch()
    report = check_network(net, X, Y, fast=True)
    assert report.passed and {c.mode for c in report.checks} == {"directional"}, str(report)
    full = check_network(net, X, Y, fast=False)
    assert full.passed and {c.mode for c in full.checks} == {"per entry"}, str(full)


def test_check_leaves_the_network_as_it_was():
    net, X, Y = network_and_batch()
    before = {k: v.copy() for k, v in net.parameters().items()}
    check_network(net, X, Y, fast=False)
    assert all(np.array_equal(before[k], v) for k, v in net.parameters().items())
    assert net.A[0] is not None and net.dW[1] is not None


def test_relu_kink_in_a_network_is_reported_as_a_kink():
    # a hidden ReLU input exactly at 0: W row of zeros and zero bias
    net = mlpedu.MLP([2, 3, 1], activation="relu", rng=0)
    net.dense[1].W[0] = 0.0
    X, Y = np.array([[1.0, -0.5], [0.5, 2.0]]), np.array([[1.0, -1.0]])
    report = check_network(net, X, Y, fast=False)
    assert report.passed, str(report)
    assert report["W1"].status == "kink" and report["W1"].n_kink > 0, str(report)
    assert any("within" in note and "kink" in note for note in report.notes)


def test_html_report_for_notebooks():
    net, X, Y = network_and_batch()
    break_layer_gradient(net, 3, lambda dW: -dW)
    html = check_network(net, X, Y)._repr_html_()
    assert "<table>" in html and "FAILED" in html and "<code>W3</code>" in html and "sign is flipped" in html


def test_float32_parameters_are_refused_with_a_reason():
    net, X, Y = network_and_batch()
    net.dense[1].W = net.dense[1].W.astype(np.float32)
    with pytest.raises(mlpedu.MlpeduError, match="float64"):
        check_network(net, X, Y)


def test_a_hundred_thousand_parameter_network_checks_fast_mode_correctly():
    rng = np.random.default_rng(0)
    net = mlpedu.MLP([300, 256, 100, 10], activation="tanh", rng=rng)
    assert net.n_parameters() > 10**5
    report = check_network(net, rng.standard_normal((300, 8)), rng.standard_normal((10, 8)), fast=True)
    assert report.passed and all(c.mode == "directional" for c in report.checks), str(report)


KINK_CASES = [  # (what, f, analytic gradient, x, expected status)
    ("ReLU′(0) = 0 at the corner", lambda v: np.maximum(v, 0).sum(), lambda v: (v > 0) * 1.0, [0.0], "kink"),
    ("ReLU′(0) = 1 at the corner", lambda v: np.maximum(v, 0).sum(), lambda v: (v >= 0) * 1.0, [0.0], "kink"),
    ("a corner within ε, not at x", lambda v: np.maximum(v, 0).sum(), lambda v: (v > 0) * 1.0, [3e-7], "kink"),
    ("a value no convention gives", lambda v: np.maximum(v, 0).sum(), lambda v: 5.0 + 0 * v, [0.0], "wrong"),
    ("a smooth function near a zero slope", lambda v: ((v - 1e-9) ** 2).sum(), lambda v: 1.0 + 0 * v, [0.0], "wrong"),
    ("a wrong slope near a corner within ε", lambda v: np.maximum(v, 0).sum(), lambda v: 2.0 + 0 * v, [3e-7], "wrong"),
]


@pytest.mark.parametrize("what, f, grad, x, expected", KINK_CASES, ids=[c[0] for c in KINK_CASES])
def test_a_kink_excuses_only_values_a_kink_explains(what, f, grad, x, expected):
    report = check_function(f, grad, np.array(x))
    assert report["x"].status == expected, f"{what}: expected {expected}\n{report}"


def test_layers_that_share_an_activation_object_still_get_right_gradients():
    rng = np.random.default_rng(4)
    net = mlpedu.MLP([2, 4, 3, 1], activation=mlpedu.ReLU(grad_at_zero=1.0), rng=rng)
    assert net.sigma[1] is not net.sigma[2]
    report = check_network(net, rng.standard_normal((2, 5)), rng.standard_normal((1, 5)), fast=False)
    assert report.passed, str(report)


def test_check_layer_validates_its_input_and_leaves_the_layer_as_it_was():
    layer = mlpedu.Dense(3, 2, rng=0)
    with pytest.raises(mlpedu.ShapeError, match="inputs has shape"):
        mlpedu.check_layer(layer, inputs=np.ones((2, 4)))
    X = np.random.default_rng(1).standard_normal((3, 4))
    layer.forward(X)
    layer.backward(np.ones((2, 4)))
    before = (layer.A_prev, layer.dW.copy(), layer.db.copy())
    assert mlpedu.check_layer(layer).passed
    assert layer.A_prev is before[0] and np.array_equal(layer.dW, before[1]) and np.array_equal(layer.db, before[2])


def test_numerical_gradient_refuses_integer_arrays():
    with pytest.raises(mlpedu.DTypeError, match="float array"):
        mlpedu.numerical_gradient(lambda: 0.0, np.array([1, 2]))


def test_a_wrongly_shaped_gradient_is_named_in_fast_mode_too():
    net, X, Y = network_and_batch()
    break_layer_gradient(net, 3, lambda dW: dW.T)
    with pytest.raises(mlpedu.MlpeduError, match=r"W3 has shape \(4, 2\) \(it looks transposed\); expected \(2, 4\)"):
        check_network(net, X, Y, fast=True)
