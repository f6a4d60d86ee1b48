"""Activations: values, derivatives against central differences, stability, conventions."""

import numpy as np
import pytest

import mlpedu
from mlpedu import check_elementwise, check_layer

Z = np.array([[-2.0, -0.5, 0.0, 0.5, 2.0]])

VALUES = [  # (activation, expected σ(Z))
    (mlpedu.ReLU(), [0.0, 0.0, 0.0, 0.5, 2.0]),
    (mlpedu.LeakyReLU(0.1), [-0.2, -0.05, 0.0, 0.5, 2.0]),
    (mlpedu.Identity(), [-2.0, -0.5, 0.0, 0.5, 2.0]),
    (mlpedu.Sigmoid(), [0.11920292202211755, 0.3775406687981454, 0.5, 0.6224593312018546, 0.8807970779778823]),
    (mlpedu.Tanh(), [-0.9640275800758169, -0.46211715726000974, 0.0, 0.46211715726000974, 0.9640275800758169]),
]


@pytest.mark.parametrize("activation, expected", VALUES, ids=lambda v: repr(v) if isinstance(v, mlpedu.Activation) else "")
def test_values(activation, expected):
    got = activation(Z).ravel()
    assert np.allclose(got, expected, rtol=1e-12), f"{activation!r}: expected {expected}, got {got}"


SMOOTH_POINTS = np.array([-3.0, -1.0, -0.3, 0.2, 0.7, 2.5])


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "identity", "sigmoid", "tanh"])
def test_derivative_matches_central_differences(name):
    sigma = mlpedu.get_activation(name)
    report = check_elementwise(sigma.function, sigma.derivative, SMOOTH_POINTS)
    assert report.passed and report["z"].status == "good", str(report)


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "identity", "sigmoid", "tanh", "softmax"])
def test_backward_is_a_correct_vector_jacobian_product(name):
    report = check_layer(mlpedu.get_activation(name), rng=3)
    assert report["Z"].status == "good", str(report)


@pytest.mark.parametrize("grad_at_zero", [0.0, 0.5, 1.0])
def test_relu_derivative_at_zero_is_a_convention(grad_at_zero):
    relu = mlpedu.ReLU(grad_at_zero=grad_at_zero)
    assert relu.derivative(np.array([0.0]))[0] == grad_at_zero
    assert list(relu.derivative(np.array([-1e-9, 1e-9]))) == [0.0, 1.0]


@pytest.mark.parametrize("grad_at_zero", [0.0, 1.0])
def test_relu_kink_is_reported_as_a_kink_not_a_bug(grad_at_zero):
    relu = mlpedu.ReLU(grad_at_zero=grad_at_zero)
    report = check_elementwise(relu.function, relu.derivative, np.array([-1.0, 0.0, 2.0]))
    check = report["z"]
    assert check.status == "kink" and report.passed, str(report)
    assert check.worst[0].index == (1,) and (check.worst[0].left, check.worst[0].right) == pytest.approx((0.0, 1.0))
    assert "kink, not a bug" in str(report)


def test_relu_half_at_zero_equals_the_central_difference_and_passes():
    relu = mlpedu.ReLU(grad_at_zero=0.5)
    assert check_elementwise(relu.function, relu.derivative, np.array([0.0])).passed


EXTREME = np.array([[-1000.0, -50.0, 0.0, 50.0, 1000.0]])


def test_sigmoid_is_finite_and_right_at_extremes():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # underflow to 0 is right
        got = mlpedu.Sigmoid()(EXTREME).ravel()
        slope = mlpedu.Sigmoid().derivative(EXTREME).ravel()
    assert got[0] == 0.0 and got[-1] == 1.0 and got[2] == 0.5
    assert got[1] == pytest.approx(np.exp(-50.0), rel=1e-12)
    assert np.all(np.isfinite(slope)) and slope[2] == 0.25


def test_softmax_is_finite_and_right_at_extremes():
    with np.errstate(over="raise"):
        got = mlpedu.Softmax()(np.array([[1000.0, -1000.0], [999.0, -1000.0], [0.0, -1001.0]]))
    expected_first = np.array([1.0, np.exp(-1.0), 0.0]) / (1.0 + np.exp(-1.0))
    assert np.allclose(got[:, 0], expected_first)
    assert np.allclose(got[:, 1], np.array([1.0, 1.0, np.exp(-1.0)]) / (2.0 + np.exp(-1.0)))
    assert np.allclose(got.sum(axis=0), 1.0)


def test_softmax_has_no_elementwise_derivative_and_says_why():
    with pytest.raises(mlpedu.MlpeduError, match="Jacobian-vector product"):
        mlpedu.Softmax().derivative(np.zeros((2, 1)))


def test_unknown_activation_lists_the_known_ones():
    with pytest.raises(mlpedu.MlpeduError) as error:
        mlpedu.get_activation("relu6")
    message = str(error.value)
    assert "Unknown activation 'relu6'" in message
    for name in ("relu", "leaky_relu", "sigmoid", "tanh", "identity", "softmax"):
        assert name in message


@pytest.mark.parametrize("spelling", ["ReLU", "Leaky-ReLU", "TANH", "logistic"])
def test_names_are_forgiving_about_case_and_dashes(spelling):
    assert isinstance(mlpedu.get_activation(spelling), mlpedu.Activation)
