"""Backprop as reverse-mode differentiation on a graph of scalars.

Every number computed from the inputs is a Node that remembers which nodes it came from and its
local gradient with respect to each (∂ this / ∂ parent, known when it is computed). `backward()`
visits the nodes from the output back to the inputs, each after every node that uses it, and
adds to each parent "local gradient × upstream gradient": where a value fans out (is used twice),
the contributions add up. One backward pass gives the gradient with respect to every input, for
a small multiple of the cost of the forward pass (about twice: every product is met again, with
two factors to pass back); central differences need two forward passes per input.

The same bookkeeping, done a matrix at a time instead of a scalar at a time, is the four
equations of mlpedu/network.py (`gradients_by_graph` checks that they agree), and it is what
PyTorch's `loss.backward()` and `jax.grad` do (with tensors, and each with its own rules: PyTorch
adds into the .grad of leaf tensors across calls; `Node.backward()` starts every node from 0).
"""

import math

import numpy as np

from .errors import MlpeduError, check_batch, check_same_shape


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
        if self.value == 0 and k < 1 and k != 0:
            raise MlpeduError(f"{'a division by' if k == -1 else f'the power {k:g} of'} a node whose value is 0: "
                              "its derivative there is infinite.")
        if self.value < 0 and k != int(k):
            raise MlpeduError(f"the power {k:g} of a negative value ({self.value:g}) is not a real number.")
        return Node(self.value ** k, ((self, k * self.value ** (k - 1) if k else 0.0),), f"**{k:g}")

    def relu(self, grad_at_zero=0.0):
        local = 1.0 if self.value > 0 else grad_at_zero if self.value == 0 else 0.0  # ReLU′(0): a convention
        return Node(max(self.value, 0.0), ((self, local),), "relu")

    def exp(self):
        if self.value > 709.78:
            raise MlpeduError(f"exp({self.value:g}) overflows a float (the largest is about exp(709.78)).")
        e = math.exp(self.value)
        return Node(e, ((self, e),), "exp")

    def log(self):
        if self.value <= 0:
            raise MlpeduError(f"log({self.value:g}): the logarithm needs a positive value.")
        return Node(math.log(self.value), ((self, 1.0 / self.value),), "log")

    def tanh(self):
        t = math.tanh(self.value)
        return Node(t, ((self, 1.0 - t * t),), "tanh")

    def sigmoid(self):
        e = math.exp(-abs(self.value))  # in (0, 1]: never overflows, and accurate far into both tails
        s = 1.0 / (1.0 + e) if self.value >= 0 else e / (1.0 + e)
        return Node(s, ((self, e / (1.0 + e) ** 2),), "sigmoid")  # σ′(z) = σ(z)(1 − σ(z)) = e/(1 + e)²

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

    def __rtruediv__(self, other):
        return node(other) * self ** -1

    # ---- the backward pass --------------------------------------------------------------------
    def backward(self):
        """Fill .grad = ∂self/∂node for every node self depends on (each starts from 0: calling
        it again gives the same gradients, it does not add to them)."""
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

SCALAR_ACTIVATIONS = {"identity": lambda z, sigma: z, "relu": lambda z, sigma: z.relu(sigma.grad_at_zero),
                      "sigmoid": lambda z, sigma: z.sigmoid(), "tanh": lambda z, sigma: z.tanh()}


def network_graph(network, X, Y):
    """The loss of `network` on (X, Y) built from scalar Nodes: returns (loss, {"W1": nodes, …}).
    Elementwise activations and the half squared error or mean squared error, with the network's
    reduction over the batch (mean or sum) and its ReLU′(0)."""
    names = [network.sigma[j].name for j in range(1, network.J + 1)]
    unknown = sorted({n for n in names if n not in SCALAR_ACTIVATIONS})
    if unknown or network.loss.name not in ("half_squared_error", "mean_squared_error"):
        raise MlpeduError(f"network_graph builds {', '.join(SCALAR_ACTIVATIONS)} layers with the (half) squared "
                          f"error; got activations {names} and loss {network.loss.name!r}.")
    params = {f"{kind}{j}": np.array([[Node(v) for v in row] for row in getattr(network.dense[j], kind)], dtype=object)
              for j in range(1, network.J + 1) for kind in ("W", "b")}
    X = check_batch(X, network.sizes[0], "X", "input layer")
    Y = check_same_shape(Y, np.empty((network.sizes[-1], X.shape[1])), "Y", "the network output (n_outputs, m)")
    A = np.array([[node(v) for v in row] for row in X], dtype=object)
    for j in range(1, network.J + 1):
        Z = params[f"W{j}"].dot(A) + params[f"b{j}"]          # z^j = W^j a^{j-1} + b^j, one scalar at a time
        A = np.vectorize(lambda z, j=j: SCALAR_ACTIVATIONS[names[j - 1]](z, network.sigma[j]), otypes=[object])(Z)
    squares = (A - Y) ** 2
    scale = 0.5 if network.loss.name == "half_squared_error" else 1.0 / A.shape[0]
    loss = squares.sum() * (scale * network.loss._batch_scale(A.shape[1]))  # ½ Σ or the mean over outputs, then over m
    return loss, params


def gradients_by_graph(network, X, Y):
    """{"W1": ∂L/∂W^1, …} from one backward pass over the scalar graph."""
    loss, params = network_graph(network, X, Y)
    loss.backward()
    return {name: np.vectorize(lambda n: n.grad, otypes=[float])(nodes) for name, nodes in params.items()}
