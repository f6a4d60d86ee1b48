"""Gradient checks: they pass right gradients, catch wrong ones, say where and (if they can) why."""

import numpy as np
import pytest

import mlpedu
from mlpedu import check_function, check_network
from mlpedu.gradcheck import GOOD, WRONG, relative_error, verdict


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
