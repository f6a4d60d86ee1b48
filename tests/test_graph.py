"""The scalar reverse-mode engine (mlpedu/graph.py): each node's local rule against central
differences, fan-out adding up, deep graphs, and a whole network's gradients equal to what the
four equations give."""

import math

import numpy as np
import pytest

import mlpedu
from mlpedu.graph import Node, gradients_by_graph, network_graph, topological_order

EPS = 1e-6

# (name, f of scalar nodes, f of floats, inputs): each rule's gradient against central differences
RULES = [
    ("add", lambda a, b: a + b, lambda a, b: a + b, (0.7, -1.3)),
    ("mul", lambda a, b: a * b, lambda a, b: a * b, (0.7, -1.3)),
    ("sub and div", lambda a, b: (a - b) / b, lambda a, b: (a - b) / b, (0.7, -1.3)),
    ("pow", lambda a, b: a ** 3 + b ** -2, lambda a, b: a ** 3 + b ** -2, (0.7, -1.3)),
    ("relu on", lambda a, b: (a * b).relu(), lambda a, b: max(a * b, 0.0), (-0.7, -1.3)),
    ("relu off", lambda a, b: (a * b).relu(), lambda a, b: max(a * b, 0.0), (0.7, -1.3)),
    ("exp and log", lambda a, b: (a.exp() + b * b).log(), lambda a, b: math.log(math.exp(a) + b * b), (0.7, -1.3)),
    ("tanh", lambda a, b: (a * b).tanh(), lambda a, b: math.tanh(a * b), (0.7, -1.3)),
    ("sigmoid", lambda a, b: (a + b).sigmoid(), lambda a, b: 1 / (1 + math.exp(-(a + b))), (0.7, -1.3)),
    ("fan-out: a used three times", lambda a, b: a * a + a * b, lambda a, b: a * a + a * b, (0.7, -1.3)),
    ("constants on the left", lambda a, b: 2.0 - a + 3.0 * b, lambda a, b: 2.0 - a + 3.0 * b, (0.7, -1.3)),
]


@pytest.mark.parametrize("name, f, f_float, inputs", RULES, ids=[r[0] for r in RULES])
def test_each_rule_gives_the_gradient_central_differences_give(name, f, f_float, inputs):
    nodes = [Node(v) for v in inputs]
    out = f(*nodes).backward()
    assert out.value == pytest.approx(f_float(*inputs), rel=1e-12)
    for k, leaf in enumerate(nodes):
        up, down = list(inputs), list(inputs)
        up[k] += EPS
        down[k] -= EPS
        numeric = (f_float(*up) - f_float(*down)) / (2 * EPS)
        assert leaf.grad == pytest.approx(numeric, rel=1e-6, abs=1e-9), f"{name}: ∂/∂input {k}"


def test_a_value_used_twice_gets_both_contributions_and_backward_twice_is_the_same():
    x = Node(3.0)
    y = x * x  # ∂y/∂x = 2x: one contribution x from each use
    y.backward()
    assert x.grad == 6.0
    y.backward()  # gradients are reset, not accumulated over calls
    assert x.grad == 6.0


def test_each_node_comes_after_its_parents_and_a_deep_chain_needs_no_recursion():
    x = Node(0.5)
    a, b = x * 2.0, x + 1.0
    out = a * b  # a diamond: x feeds a and b
    order = topological_order(out)
    assert order.index(x) < order.index(a) < order.index(out) and order.index(b) < order.index(out)
    deep = x
    for _ in range(20_000):
        deep = deep * 1.0 + 0.0
    deep.backward()
    assert x.grad == 1.0


NETWORKS = [  # (sizes, hidden activation, output activation, loss)
    ([3, 5, 2], "relu", "identity", "half_squared_error"),
    ([2, 4, 4, 3], "tanh", "identity", "mse"),
    ([4, 3, 3, 1], "sigmoid", "sigmoid", "half_squared_error"),
    ([2, 6, 2], "identity", "tanh", "mse"),
]


@pytest.mark.parametrize("sizes, hidden, output, loss", NETWORKS)
def test_the_graph_reproduces_the_four_equations_to_1e_12(sizes, hidden, output, loss):
    rng = np.random.default_rng(7)
    net = mlpedu.MLP(sizes, activation=hidden, output=output, loss=loss, rng=rng)
    X, Y = rng.standard_normal((sizes[0], 5)), rng.standard_normal((sizes[-1], 5))
    value = net.loss_and_gradients(X, Y)
    loss_node, _ = network_graph(net, X, Y)
    assert loss_node.value == pytest.approx(value, rel=1e-12)
    by_graph = gradients_by_graph(net, X, Y)
    for name, expected in net.gradients().items():
        scale = max(np.max(np.abs(expected)), 1e-300)
        error = np.max(np.abs(by_graph[name] - expected)) / scale
        assert error < 1e-12, f"{name}: graph and four equations differ by {error:.1e} (relative to the largest entry)"


def test_a_network_the_graph_cannot_build_says_what_it_can():
    net = mlpedu.MLP([2, 3, 3], activation="relu", output="softmax", loss="cce", rng=0)
    with pytest.raises(mlpedu.MlpeduError, match="squared error"):
        network_graph(net, np.zeros((2, 1)), np.eye(3)[:, :1])


@pytest.mark.parametrize("reduction, relu_grad_at_zero", [("sum", 0.0), ("mean", 0.5), ("mean", 1.0)])
def test_the_graph_follows_the_networks_reduction_and_relu_convention(reduction, relu_grad_at_zero):
    net = mlpedu.MLP([2, 3, 1], activation="relu", reduction=reduction, relu_grad_at_zero=relu_grad_at_zero, rng=0)
    net.W[1] = [[1.0, -1.0], [0.5, 0.5], [2.0, 0.0]]
    net.b[1] = [0.0, -1.0, 0.5]
    X, Y = np.array([[1.0, 2.0, -1.0], [1.0, 0.0, 1.0]]), np.array([[0.5, -1.0, 2.0]])  # unit 1 at the kink
    net.loss_and_gradients(X, Y)
    for name, expected in net.gradients().items():
        assert np.allclose(gradients_by_graph(net, X, Y)[name], expected, rtol=1e-12, atol=1e-15), name


@pytest.mark.parametrize("make, message", [
    (lambda: Node(0.0) ** 0.5, "infinite"),
    (lambda: Node(1.0) / Node(0.0), "division by a node whose value is 0"),
    (lambda: Node(-2.0) ** 0.5, "not a real number"),
    (lambda: Node(0.0).log(), "positive"),
    (lambda: Node(710.0).exp(), "overflows"),
])
def test_impossible_steps_say_what_went_wrong(make, message):
    with pytest.raises(mlpedu.MlpeduError, match=message):
        make()


@pytest.mark.parametrize("z", [-745.0, -40.0, -30.0, 0.0, 30.0, 40.0, 800.0])
def test_the_sigmoid_node_is_accurate_far_into_both_tails(z):
    s = Node(z)
    out = s.sigmoid().backward()
    exact = math.exp(-abs(z)) / (1 + math.exp(-abs(z)))
    value = 1 - exact if z >= 0 else exact
    assert out.value == pytest.approx(value, rel=1e-12) and s.grad == pytest.approx(exact / (1 + math.exp(-abs(z))), rel=1e-12)


def test_a_constant_divided_by_a_node_and_x_to_the_0():
    x = Node(4.0)
    (2.0 / x).backward()
    assert x.grad == pytest.approx(-2.0 / 16)
    zero = Node(0.0)
    (zero ** 0).backward()
    assert zero.grad == 0.0
