"""Losses: hand-computed values, gradients, batch reduction, stability, fused deltas."""

import numpy as np
import pytest

import mlpedu
from mlpedu import check_function

A = np.array([[0.2, 0.9], [0.7, 0.4]])
Y = np.array([[0.0, 1.0], [1.0, 0.0]])

HAND_VALUES = [  # (loss, per-example values by hand, convention)
    ("half_squared_error", [0.5 * (0.2**2 + 0.3**2), 0.5 * (0.1**2 + 0.4**2)]),
    ("mean_squared_error", [(0.2**2 + 0.3**2) / 2, (0.1**2 + 0.4**2) / 2]),
    ("binary_cross_entropy", [-np.log(0.8) - np.log(0.7), -np.log(0.9) - np.log(0.6)]),
]


@pytest.mark.parametrize("name, per_example", HAND_VALUES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_values_by_hand_and_batch_reduction(name, per_example, reduction):
    loss = mlpedu.get_loss(name, reduction=reduction)
    expected = np.mean(per_example) if reduction == "mean" else np.sum(per_example)
    got = loss(A, Y)
    assert got == pytest.approx(expected, rel=1e-12), f"{name} ({reduction}): expected {expected}, got {got}"


def test_categorical_cross_entropy_by_hand():
    P = np.array([[0.7, 0.1], [0.2, 0.3], [0.1, 0.6]])
    T = np.array([[1.0, 0.0], [0.0, 0.0], [0.0, 1.0]])
    assert mlpedu.get_loss("cce")(P, T) == pytest.approx((-np.log(0.7) - np.log(0.6)) / 2)


CASES = [("half_squared_error", Y), ("mean_squared_error", Y), ("binary_cross_entropy", Y),
         ("categorical_cross_entropy", np.array([[0.0, 1.0], [1.0, 0.0]]))]


@pytest.mark.parametrize("name, targets", CASES)
@pytest.mark.parametrize("reduction", ["mean", "sum"])
def test_backward_matches_central_differences(name, targets, reduction):
    loss = mlpedu.get_loss(name, reduction=reduction)
    report = check_function(lambda a: loss(a, targets), lambda a: loss.backward(a, targets), A, name="A")
    assert report["A"].status == "good", str(report)


def test_mse_and_half_se_differ_by_the_factor_2_over_n():
    n = A.shape[0]
    half, mse = mlpedu.HalfSquaredError(), mlpedu.MeanSquaredError()
    assert np.allclose(mse.backward(A, Y), (2.0 / n) * half.backward(A, Y))


@pytest.mark.parametrize("p", [0.0, 1.0])
def test_bce_is_finite_at_probabilities_0_and_1(p):
    bce = mlpedu.BinaryCrossEntropy()
    P = np.array([[p, p]])
    T = np.array([[0.0, 1.0]])
    value, grad = bce(P, T), bce.backward(P, T)
    assert np.isfinite(value) and np.all(np.isfinite(grad)), (value, grad)
    assert value > 10  # one of the two examples is confidently wrong


FUSED_PAIRS = [  # (loss, output activation, targets): the pairs with the fused delta a − y
    ("bce", "sigmoid", np.array([[0.0, 1.0, 1.0]])),
    ("cce", "softmax", np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])),
]


@pytest.mark.parametrize("name, output, targets", FUSED_PAIRS, ids=["sigmoid+bce", "softmax+cce"])
def test_loss_from_logits_is_stable_and_equals_loss_of_probabilities(name, output, targets):
    loss, sigma = mlpedu.get_loss(name), mlpedu.get_activation(output)
    Z = np.linspace(-3, 2, targets.size).reshape(targets.shape)
    assert loss.loss_from_logits(Z, targets) == pytest.approx(loss(sigma(Z), targets), rel=1e-10)
    Z_extreme = np.where(targets > 0, -1000.0, 1000.0)  # every example confidently wrong
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = loss.loss_from_logits(Z_extreme, targets)
    assert np.isfinite(value) and value > 900


@pytest.mark.parametrize("name, output, targets", FUSED_PAIRS, ids=["sigmoid+bce", "softmax+cce"])
def test_fused_delta_equals_the_chain_rule_through_the_activation(name, output, targets):
    loss, sigma = mlpedu.get_loss(name), mlpedu.get_activation(output)
    Z = np.linspace(-2, 2, targets.size).reshape(targets.shape)
    A_out = sigma.forward(Z)
    unfused = sigma.backward(loss.backward(A_out, targets))
    assert np.allclose(loss.fused_delta(A_out, targets), unfused, atol=1e-12)
    assert np.allclose(loss.fused_delta(A_out, targets), (A_out - targets) / targets.shape[1])


def test_one_hot():
    assert np.array_equal(mlpedu.one_hot(np.array([2, 0]), 3), [[0, 1], [0, 0], [1, 0]])


@pytest.mark.parametrize("labels, message", [
    (np.array([0, 3]), "labels must lie in 0..2"),
    (np.array([0.0, 1.0]), "integer labels"),
])
def test_one_hot_rejects_bad_labels(labels, message):
    with pytest.raises(mlpedu.MlpeduError, match=message):
        mlpedu.one_hot(labels, 3)


def test_unknown_loss_lists_the_known_ones():
    with pytest.raises(mlpedu.MlpeduError, match="Unknown loss 'hinge'.*half_squared_error.*mean_squared_error"):
        mlpedu.get_loss("hinge")
