"""Backprop as reverse-mode differentiation on a graph of scalars.

Every number computed from the inputs is a Node that remembers which nodes it came from and its
local gradient with respect to each (∂ this / ∂ parent, known when it is computed). `backward()`
visits the nodes from the output back to the inputs, each after every node that uses it, and
adds to each parent "local gradient × upstream gradient": where a value fans out (is used twice),
the contributions add up. One backward pass gives the gradient with respect to every input, at
about the cost of the forward pass; central differences need two forward passes per input.

The same bookkeeping, done a matrix at a time instead of a scalar at a time, is the four
equations of mlpedu/network.py (`gradients_by_graph` checks that they agree), and it is what
PyTorch's `loss.backward()` and `jax.grad` do.
"""

import math

import numpy as np

from .errors import MlpeduError


class Node:
    """A scalar: its value, its parents as (node, ∂self/∂parent), and after backward its grad."""

    __slots__ = ("value", "parents", "op", "grad")

    def __init__(self, value, parents=(), op="input"):
        self.value, self.parents, self.op, self.grad = float(value), tuple(parents), op, 0.0

    # ---- forward rules, each with its local gradients -----------------------------------------
    def __add__(self, other):
        other = node(other)
        return Node(self.value + other.value, ((self, 1.0), (other, 1.0)), "+")

    def __mul__(self, other):
        other = node(other)
        return Node(self.value * other.value, ((self, other.value), (other, self.value)), "*")

    def __pow__(self, k):
        return Node(self.value ** k, ((self, k * self.value ** (k - 1)),), f"**{k:g}")

    def relu(self):
        return Node(max(self.value, 0.0), ((self, 1.0 if self.value > 0 else 0.0),), "relu")  # ReLU′(0) = 0

    def exp(self):
        e = math.exp(self.value)
        return Node(e, ((self, e),), "exp")

    def log(self):
        return Node(math.log(self.value), ((self, 1.0 / self.value),), "log")

    def tanh(self):
        t = math.tanh(self.value)
        return Node(t, ((self, 1.0 - t * t),), "tanh")

    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.value))  # σ(z), without overflow at large |z|
        return Node(s, ((self, s * (1.0 - s)),), "sigmoid")

    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + -node(other)

    def __rsub__(self, other):
        return node(other) + -self

    def __truediv__(self, other):
        return self * node(other) ** -1

    # ---- the backward pass --------------------------------------------------------------------
    def backward(self):
        """Fill .grad = ∂self/∂node for every node self depends on."""
        order = topological_order(self)
        for each in order:
            each.grad = 0.0
        self.grad = 1.0
        for each in reversed(order):  # every node after all the nodes that use it
            for parent, local in each.parents:
                parent.grad += local * each.grad  # local gradient × upstream gradient; fan-out adds
        return self

    def __repr__(self):
        return f"Node({self.value:.6g}, op={self.op!r}, grad={self.grad:.6g})"


def node(value):
    return value if isinstance(value, Node) else Node(value, op="constant")


def topological_order(output):
    """The nodes `output` depends on, each after its parents (iterative: deep graphs are fine)."""
    order, seen, stack = [], set(), [(output, False)]
    while stack:
        current, parents_done = stack.pop()
        if parents_done:
            order.append(current)
        elif id(current) not in seen:
            seen.add(id(current))
            stack.append((current, True))
            stack.extend((parent, False) for parent, _ in current.parents if id(parent) not in seen)
    return order


# ---- a whole network as a graph: the four equations, checked scalar by scalar ----------------------

SCALAR_ACTIVATIONS = {"identity": lambda z: z, "relu": Node.relu, "sigmoid": Node.sigmoid, "tanh": Node.tanh}


def network_graph(network, X, Y):
    """The loss of `network` on (X, Y) built from scalar Nodes: returns (loss, {"W1": nodes, …}).
    Elementwise activations and the half squared error or mean squared error, mean over the batch."""
    names = [network.sigma[j].name for j in range(1, network.J + 1)]
    unknown = sorted({n for n in names if n not in SCALAR_ACTIVATIONS})
    if unknown or network.loss.name not in ("half_squared_error", "mean_squared_error"):
        raise MlpeduError(f"network_graph builds {', '.join(SCALAR_ACTIVATIONS)} layers with the (half) squared "
                          f"error; got activations {names} and loss {network.loss.name!r}.")
    params = {f"{kind}{j}": np.array([[Node(v) for v in row] for row in getattr(network.dense[j], kind)], dtype=object)
              for j in range(1, network.J + 1) for kind in ("W", "b")}
    A = np.array([[node(v) for v in row] for row in np.asarray(X, dtype=float)], dtype=object)
    for j in range(1, network.J + 1):
        Z = params[f"W{j}"].dot(A) + params[f"b{j}"]          # z^j = W^j a^{j-1} + b^j, one scalar at a time
        A = np.vectorize(SCALAR_ACTIVATIONS[names[j - 1]], otypes=[object])(Z)
    squares = (A - np.asarray(Y, dtype=float)) ** 2
    scale = 0.5 if network.loss.name == "half_squared_error" else 1.0 / A.shape[0]
    loss = squares.sum() * (scale / A.shape[1])              # mean over the m examples
    return loss, params


def gradients_by_graph(network, X, Y):
    """{"W1": ∂L/∂W^1, …} from one backward pass over the scalar graph."""
    loss, params = network_graph(network, X, Y)
    loss.backward()
    return {name: np.vectorize(lambda n: n.grad, otypes=[float])(nodes) for name, nodes in params.items()}
