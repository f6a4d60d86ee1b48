"""Widgets and experiments of notebooks 03-05, headless: the numbers each figure plots are the
network's numbers, the seeds' mistaken rules fail the gradient check, bad combinations are named."""

import inspect
import io
import warnings

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import mlpedu  # noqa: E402
from mlpedu import experiments  # noqa: E402
from mlpedu.errors import MlpeduError, ShapeError  # noqa: E402
from mlpedu.widgets import REGISTRY  # noqa: E402
from mlpedu.widgets.general import gradient_check_by_layer, layer_checks  # noqa: E402
from mlpedu.widgets.gradients import gradient_norms_by_layer  # noqa: E402
from mlpedu.widgets.playground import confusion, playground, train  # noqa: E402

SEED_RULES = ["σ(z) for σ′(z) (seed 003 §2.2)", "index i for k (seed 003 §2.2)"]


def bar_heights(ax):
    """The tops of the bars a reader sees (a live figure keeps bars for the deepest network, hidden when unused)."""
    return np.array([patch.get_y() + patch.get_height() for patch in ax.patches if patch.get_visible()])


# ---- experiments ---------------------------------------------------------------------------

def square_tanh_net(rng):
    net = mlpedu.MLP([3, 4, 4, 4], activation="tanh", output="identity", loss="mean_squared_error", rng=rng)
    return net, rng.standard_normal((3, 5)), rng.standard_normal((4, 5))


def test_right_delta_rule_passes_and_matches_the_network():
    net, X, Y = square_tanh_net(np.random.default_rng(0))
    grads = experiments.backprop_with(net, X, Y, "right")
    report = experiments.check_gradients(net, X, Y, grads)
    assert report.passed, str(report)
    for name, expected in net.gradients().items():
        assert np.allclose(grads[name], expected), f"{name}: backprop_with differs from the network's backward"


@pytest.mark.parametrize("rule", SEED_RULES)
def test_seed_delta_rules_fail_below_the_last_layer(rule):
    net, X, Y = square_tanh_net(np.random.default_rng(0))
    report = experiments.check_gradients(net, X, Y, experiments.backprop_with(net, X, Y, rule))
    status = {c.name: c.status for c in report.checks}
    # equation (2) is not used for layer J, so only W1, b1, W2, b2 can go wrong
    assert status == {"W1": "wrong", "b1": "wrong", "W2": "wrong", "b2": "wrong", "W3": "good", "b3": "good"}, status


def test_literal_index_reading_only_type_checks_for_equal_widths():
    rng = np.random.default_rng(1)
    net = mlpedu.MLP([3, 4, 2], activation="tanh", rng=rng)
    with pytest.raises(ShapeError, match="only type-checks when layers j and j\\+1 have the same width"):
        experiments.backprop_with(net, rng.standard_normal((3, 2)), rng.standard_normal((2, 2)),
                                  "index i for k (seed 003 §2.2)")


def test_loss_from_layer_gives_phi_by_central_differences():
    rng = np.random.default_rng(2)
    net = mlpedu.MLP([3, 5, 4, 3], activation="sigmoid", output="softmax", loss="categorical_cross_entropy", rng=rng)
    X, Y = rng.standard_normal((3, 4)), mlpedu.one_hot(rng.integers(0, 3, 4), 3)
    net.loss_and_gradients(X, Y)
    for j in (1, 2, 3):
        report = mlpedu.check_function(lambda Z: experiments.loss_from_layer(net, j, Z, Y),
                                       lambda Z: net.dZ[j], net.Z[j].copy())
        assert report.passed, f"φ^{j}:\n{report}"


def test_phi_is_the_product_of_jacobians():
    net = experiments.run_deep(6, width=5, activation="tanh", init="xavier", batch=3, rng=3)
    column = 1
    phi = net.dZ[net.J][:, column]
    for j in range(net.J - 1, 0, -1):
        D = np.diag(net.sigma[j].derivative(net.Z[j][:, column]))
        phi = D @ net.W[j + 1].T @ phi
        assert np.allclose(phi, net.dZ[j][:, column], atol=1e-14), f"φ^{j} differs from the Jacobian product"


@pytest.mark.parametrize("activation, init, low, high", [
    ("sigmoid", "xavier", 1e-25, 1e-12),  # about ¼ per layer over 29 steps
    ("relu", "he", 1e-2, 1e2),            # gain 1 on average
])
def test_vanishing_or_not_over_30_layers(activation, init, low, high):
    net = experiments.run_deep(30, activation=activation, init=init, rng=0)
    ratio = net.gradient_norms()[0] / net.gradient_norms()[-1]
    assert low < ratio < high, f"{activation}/{init}: ‖∇W¹‖/‖∇W³⁰‖ = {ratio:.2e}, expected in ({low}, {high})"


def test_predicted_norms_follow_the_measured_ones():
    net = experiments.run_deep(40, activation="sigmoid", init="xavier", rng=0)
    measured, predicted = experiments.delta_norms(net), experiments.predicted_delta_norms(net)
    assert predicted[-1] == pytest.approx(measured[-1])
    # over 39 steps and 20 orders of magnitude, the prediction stays within a factor of 10
    assert np.max(np.abs(np.log10(measured) - np.log10(predicted))) < 1.0


def test_a_large_negative_bias_kills_every_relu():
    rng = np.random.default_rng(0)
    net = experiments.deep_network(4, width=8, activation="relu", rng=rng)
    net.dense[2].b[:] = -50.0
    X = rng.standard_normal((8, 32))
    net.loss_and_gradients(X, rng.standard_normal((8, 32)))
    dead = experiments.dead_unit_fraction(net)
    assert dead[1] == 1.0, f"layer 2 with bias −50 should be all dead; dead fractions {dead}"
    assert np.all(net.dW[1] == 0) and np.all(net.dW[2] == 0), "no gradient reaches below a dead layer"


# ---- widgets -------------------------------------------------------------------------------

def test_my_widgets_are_registered_with_controls_that_match_their_arguments():
    for name in ("gradient_check_by_layer", "gradient_norms_by_layer", "playground"):
        draw, controls = REGISTRY[name]
        parameters = inspect.signature(draw).parameters
        missing = [c for c in controls if c not in parameters]
        assert not missing, f"{name}: controls {missing} are not arguments of draw"


def test_gradient_check_figure_plots_the_network_numbers():
    fig = gradient_check_by_layer(depth=3, width=4)
    net, phi, grads, numeric, errors, _ = layer_checks(3, 4, "tanh", "softmax", "categorical_cross_entropy", "right")
    ax_phi, ax_grad, ax_err = fig.axes
    expected_phi = [np.linalg.norm(phi[j]) for j in (1, 2, 3)]
    assert np.allclose(bar_heights(ax_phi), expected_phi), f"φ bars {bar_heights(ax_phi)} vs {expected_phi}"
    expected_grad = [np.linalg.norm(grads[f"W{j}"]) for j in (1, 2, 3)] + [np.linalg.norm(numeric[f"W{j}"]) for j in (1, 2, 3)]
    assert np.allclose(bar_heights(ax_grad), expected_grad)
    assert np.allclose(bar_heights(ax_grad)[:3], net.gradient_norms()), "backprop bars should equal net.gradient_norms()"
    assert np.all(bar_heights(ax_err) < 1e-7), f"right rule: relative errors {bar_heights(ax_err)}"


def test_gradient_check_figure_shows_the_seed_error_failing():
    fig = gradient_check_by_layer(depth=3, width=4, delta_rule=SEED_RULES[0])
    errors = bar_heights(fig.axes[2])
    assert np.all(errors[:2] > 1e-4) and errors[2] < 1e-7, f"expected layers 1, 2 wrong and 3 good; got {errors}"


# Every depth and width of the widget, the activations and output/loss pairs taken in turn: the right
# rule is green on all of them (a round-off "look closer" would tell a student the right rule is doubtful).
PAIRS = [("softmax", "categorical_cross_entropy"), ("identity", "mean_squared_error"),
         ("sigmoid", "binary_cross_entropy"), ("relu", "half_squared_error"), ("sigmoid", "mean_squared_error")]
ACTIVATIONS = ["tanh", "sigmoid", "relu", "leaky_relu"]
GRID = [(depth, width, ACTIVATIONS[(depth + width) % 4], *PAIRS[(depth * width) % 5])
        for depth in range(1, 7) for width in range(1, 9)]


@pytest.mark.parametrize("depth, width, activation, output, loss", GRID)
def test_right_rule_is_good_on_every_layer(depth, width, activation, output, loss):
    errors = layer_checks(depth, width, activation, output, loss, "right").errors
    assert max(errors) < 1e-7, f"right rule, {depth} layers of {width} ({activation}, {output}, {loss}): errors {errors}"


@pytest.mark.parametrize("rule", SEED_RULES)
@pytest.mark.parametrize("depth, width", [(2, 2), (3, 4), (4, 8), (6, 3)])
def test_seed_rules_are_wrong_below_the_last_layer_and_good_on_it(rule, depth, width):
    fig = gradient_check_by_layer(depth=depth, width=width, delta_rule=rule)
    errors = bar_heights(fig.axes[2])
    assert np.all(errors[:-1] > 1e-4) and errors[-1] < 1e-7, f"{rule} at depth {depth}, width {width}: errors {errors}"


def test_literal_index_reading_at_width_one_is_the_right_rule_and_says_so():
    fig = gradient_check_by_layer(depth=3, width=1, output="sigmoid", loss="binary_cross_entropy",
                                  delta_rule=SEED_RULES[1])
    assert np.all(bar_heights(fig.axes[2]) < 1e-7), bar_heights(fig.axes[2])
    assert "literal reading is the right rule" in fig._suptitle.get_text(), fig._suptitle.get_text()


REFUSED = [  # (widget, arguments it cannot draw, words its error must contain)
    (gradient_check_by_layer, dict(output="identity", loss="categorical_cross_entropy"), "needs an output activation among softmax"),
    (gradient_check_by_layer, dict(output="softmax", loss="binary_cross_entropy"), "needs an output activation among sigmoid"),
    (gradient_check_by_layer, dict(width=1, delta_rule="index i for k (seed 003 §2.2)"),
     "softmax over a single output is always 1"),
    (gradient_norms_by_layer, dict(depth=1), "depth must be an integer of at least 2"),
    (gradient_norms_by_layer, dict(activation="softmax"), "activation must be one of"),
    (gradient_norms_by_layer, dict(weight_scale=0.0), "expected > 0"),
    (gradient_norms_by_layer, dict(init="glorious"), "Unknown init 'glorious'"),
]


@pytest.mark.parametrize("widget, kwargs, message", REFUSED, ids=lambda v: getattr(v, "__name__", None))
def test_widgets_refuse_bad_input_clearly(widget, kwargs, message):
    with pytest.raises(MlpeduError) as info:
        widget(**kwargs)
    assert message in str(info.value), f"expected {message!r} in {str(info.value)!r}"


def test_gradient_norms_figure_plots_the_network_numbers():
    fig = gradient_norms_by_layer(depth=20, activation="tanh", init="xavier", weight_scale=1.5)
    net = experiments.run_deep(20, 16, "tanh", "xavier", 1.5, batch=8, rng=0)
    lines = fig.axes[0].get_lines()
    assert np.allclose(lines[0].get_ydata(), net.gradient_norms())
    assert np.allclose(lines[1].get_ydata(), experiments.delta_norms(net))
    assert np.allclose(lines[2].get_ydata(), experiments.predicted_delta_norms(net))




def test_playground_learns_moons_and_plots_its_loss_curve():
    fig = playground(dataset="moons", epochs=150)
    net, X, labels, history = train("moons", epochs=150)
    assert np.allclose(fig.axes[1].get_lines()[0].get_ydata(), history.loss)
    assert history.loss[-1] < history.loss[0] / 10, f"loss went from {history.loss[0]:.3g} to {history.loss[-1]:.3g}"
    accuracy = np.mean(np.argmax(net.forward(X), axis=0) == labels)
    assert accuracy > 0.95, f"training accuracy on moons {accuracy:.2f}"
    assert f"training accuracy {accuracy:.0%}" in fig._suptitle.get_text()


def test_playground_digits_shows_a_confusion_matrix_of_held_out_images():
    fig = playground(dataset="digits", depth=1, width=16, epochs=25)
    [shown] = [ax for ax in fig.axes if ax.get_visible() and ax.get_images() and "digit" in ax.get_xlabel()]
    counts = shown.get_images()[0].get_array()
    assert counts.shape == (10, 10) and counts.sum() == 200, f"confusion matrix {counts.shape}, {counts.sum()} images"
    assert np.trace(counts) / counts.sum() > 0.8, "a one-hidden-layer net should get most held-out digits right"


def test_confusion_counts():
    assert confusion(np.array([0, 1, 1, 2]), np.array([0, 1, 2, 2]), 3).tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]


def test_playground_refuses_bad_input_clearly():
    with pytest.raises(MlpeduError, match="Unknown data set 'iris'"):
        playground(dataset="iris")
    with pytest.raises(MlpeduError, match="depth counts hidden layers"):
        playground(depth=-1)


def test_deep_relu_with_doubled_weights_stays_finite_and_says_how_large_it_got():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        fig = gradient_norms_by_layer(depth=300, activation="relu", init="he", weight_scale=2.0)
    title = fig._suptitle.get_text()
    heights = fig.axes[0].get_lines()[0].get_ydata()
    assert np.all(np.isfinite(heights)) and heights.max() > 1e150, f"norms up to {heights.max():.1e}"
    assert "norms reach 1e158, float64 stops at 1.8e308" in title and "nan" not in title, title


def test_an_overflow_is_counted_and_explained_not_warned_about():
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        fig = gradient_norms_by_layer(depth=300, activation="relu", init="he", weight_scale=4.0)
        fig.savefig(io.BytesIO())  # drawing must not overflow either (log axes multiply their limits)
    title = fig._suptitle.get_text()
    for words in ("300 layer(s) overflowed past float64's largest number, 1.8e308", "mirror image of underflow"):
        assert words in title, f"expected {words!r} in {title!r}"
    assert "= nan" not in title and "inf" not in title.replace("to inf", ""), title


def test_the_playground_remembers_a_setting_it_has_trained():
    from mlpedu.widgets.playground import trained
    trained.cache_clear()
    first = playground(dataset="xor", epochs=25)
    again = playground(dataset="xor", epochs=25)
    info = trained.cache_info()
    assert (info.hits, info.misses) == (1, 1), f"expected one training and one reuse, got {info}"
    assert first._suptitle.get_text() == again._suptitle.get_text()


def test_layers_without_any_gradient_say_that_no_rule_can_be_told_apart_there():
    fig = gradient_check_by_layer(depth=6, width=1, activation="relu", delta_rule=SEED_RULES[0])
    assert "no gradient at all (every unit off), so no rule can be told apart there" in fig._suptitle.get_text()


def test_softmax_with_one_output_says_what_the_student_can_change():
    with pytest.raises(MlpeduError, match="choose width ≥ 2, or a sigmoid output"):
        gradient_check_by_layer(width=1, delta_rule=SEED_RULES[1])
