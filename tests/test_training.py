"""Training: SGD and momentum update rules, the fit loop, its history, determinism."""

import numpy as np
import pytest

import mlpedu


def regression_problem(seed=0, m=64):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (2, m))
    Y = np.sin(2 * X[:1]) + 0.5 * X[1:]
    return X, Y


def test_sgd_step_is_theta_minus_lr_times_gradient():
    X, Y = regression_problem()
    net = mlpedu.MLP([2, 3, 1], rng=0)
    net.loss_and_gradients(X, Y)
    before = {k: v.copy() for k, v in net.parameters().items()}
    grads = {k: v.copy() for k, v in net.gradients().items()}
    mlpedu.SGD(lr=0.3).step(net)
    for name, param in net.parameters().items():
        assert np.allclose(param, before[name] - 0.3 * grads[name]), name


def test_momentum_accumulates_velocity():
    X, Y = regression_problem()
    net = mlpedu.MLP([2, 3, 1], rng=0)
    opt = mlpedu.SGD(lr=0.1, momentum=0.9)
    net.loss_and_gradients(X, Y)
    g1 = net.gradients()["W1"].copy()
    w0 = net.parameters()["W1"].copy()
    opt.step(net)
    net.loss_and_gradients(X, Y)
    g2 = net.gradients()["W1"].copy()
    w1 = net.parameters()["W1"].copy()
    opt.step(net)
    assert np.allclose(w1, w0 - 0.1 * g1)
    assert np.allclose(net.parameters()["W1"], w1 - 0.1 * (0.9 * g1 + g2))


@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_fit_reduces_the_loss_and_records_history(momentum):
    X, Y = regression_problem()
    net = mlpedu.MLP([2, 16, 1], activation="tanh", init="xavier", rng=1)
    history = mlpedu.fit(net, X, Y, epochs=60, batch_size=16, lr=0.05, momentum=momentum, rng=2)
    assert len(history.loss) == 60 and history.grad_norms_array.shape == (60, 2)
    assert history.loss[-1] < 0.3 * history.loss[0], f"loss went from {history.loss[0]:.4f} to {history.loss[-1]:.4f}"
    assert np.all(history.grad_norms_array > 0)


def test_fit_is_deterministic_given_seeds():
    X, Y = regression_problem()
    runs = [mlpedu.fit(mlpedu.MLP([2, 8, 1], rng=3), X, Y, epochs=5, batch_size=8, rng=4).loss for _ in range(2)]
    assert runs[0] == runs[1]


def test_fit_continues_a_history():
    X, Y = regression_problem()
    net = mlpedu.MLP([2, 8, 1], rng=3)
    history = mlpedu.fit(net, X, Y, epochs=3, rng=0)
    mlpedu.fit(net, X, Y, epochs=2, rng=0, history=history)
    assert len(history.loss) == 5


def test_fit_classifies_xor_with_softmax_and_cross_entropy():
    X = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])
    labels = np.array([0, 1, 1, 0])
    net = mlpedu.MLP([2, 8, 2], activation="tanh", output="softmax", loss="cce", init="xavier", rng=0)
    mlpedu.fit(net, X, mlpedu.one_hot(labels, 2), epochs=500, batch_size=4, lr=0.5, rng=0)
    assert np.array_equal(net.forward(X).argmax(axis=0), labels)


def test_progress_bar_runs_and_closes(capsys):
    X, Y = regression_problem()
    history = mlpedu.fit(mlpedu.MLP([2, 4, 1], rng=0), X, Y, epochs=3, rng=0, progress=True)
    assert len(history.loss) == 3
    assert "training" in capsys.readouterr().err


@pytest.mark.parametrize("progress, shown", [(False, False), (True, True), (0.0, True), (1000.0, False)])
def test_a_progress_bar_appears_only_once_training_has_taken_its_delay(capsys, progress, shown):
    X, Y = regression_problem()
    history = mlpedu.fit(mlpedu.MLP([2, 4, 1], rng=0), X, Y, epochs=3, rng=0, progress=progress)
    err = capsys.readouterr().err
    assert len(history.loss) == 3 and ("training" in err) == shown, f"progress={progress!r}: stderr {err!r}"


@pytest.mark.parametrize("progress", ["yes", -1.0, [1]])
def test_a_bad_progress_setting_is_named(progress):
    X, Y = regression_problem()
    with pytest.raises(mlpedu.MlpeduError, match="progress is False, True or a number of seconds"):
        mlpedu.fit(mlpedu.MLP([2, 4, 1], rng=0), X, Y, epochs=1, rng=0, progress=progress)


def test_divergence_stops_training_with_a_reason():
    X, Y = regression_problem()
    net = mlpedu.MLP([2, 16, 1], activation="relu", rng=1)
    with pytest.raises(mlpedu.MlpeduError, match=r"training diverged: the loss became (nan|inf) in epoch \d+\. "
                                                 r"The learning rate 1000 is probably too large"):
        mlpedu.fit(net, X, Y, epochs=50, batch_size=16, lr=1e3, rng=0)


@pytest.mark.parametrize("kwargs, message", [
    (dict(lr="0.1"), "lr must be a positive number; got '0.1'"),
    (dict(lr=0.0), "lr must be a positive number"),
    (dict(momentum=1.0), r"momentum must lie in \[0, 1\)"),
])
def test_bad_optimizer_settings_are_named(kwargs, message):
    with pytest.raises(mlpedu.MlpeduError, match=message):
        mlpedu.SGD(**kwargs)
