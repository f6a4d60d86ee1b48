"""Networks: a stack of (Dense, activation) layers and a loss, indexed as in the course.

Layer j = 1 … J computes z^j = W^j a^{j-1} + b^j and a^j = σ^j(z^j), with a^0 = x.
After `forward` and `backward` the network keeps, per layer j, the lists
`Z[j]`, `A[j]`, `dA[j]`, `dZ[j]` (= φ^j), `dW[j]`, `db[j]`; index 0 is the input layer,
which has activations but no weights (its other entries are None).
"""

import copy

import numpy as np

from .activations import get_activation
from .errors import MlpeduError, ShapeError, as_rng, check_batch, float_dtype
from .layers import Dense
from .losses import get_loss


class LayerView(list):
    """net.W, net.b, net.dW, net.db: [None, X^1, …, X^J]. Assigning net.W[j] = … (or
    net.W[j] -= …) reaches layer j; gradients come from backward and cannot be assigned."""

    def __init__(self, network, attribute):
        super().__init__([None] + [getattr(dense, attribute) for dense in network.dense[1:]])
        self.network, self.attribute = network, attribute

    def __setitem__(self, j, value):
        if not isinstance(j, (int, np.integer)) or not 1 <= j <= self.network.J:
            raise MlpeduError(f"{self.attribute}[{j!r}]: layers are numbered 1 … {self.network.J} (0 is the input layer).")
        dense = self.network.dense[j]
        if value is getattr(dense, self.attribute):  # an in-place update such as net.W[j] -= lr * net.dW[j]
            return
        if self.attribute not in ("W", "b"):
            raise MlpeduError(f"{self.attribute}[{j}] is computed by backward(); it cannot be assigned.")
        dense.set_params(**{self.attribute: value})
        super().__setitem__(j, getattr(dense, self.attribute))


def frobenius(array):
    """‖array‖ (Frobenius), finite and non-zero for every finite, non-zero array. np.linalg.norm
    sums the squares of the entries, which overflow to inf above about 1e154 and underflow to 0
    below about 1e-162 (deep exploding and vanishing networks): those cases are measured again,
    scaled by the largest entry (call it under np.errstate(over="ignore", under="ignore"))."""
    norm = np.linalg.norm(array)
    if (np.isinf(norm) or norm == 0) and np.all(np.isfinite(array)) and np.any(array):
        largest = np.max(np.abs(array))
        norm = largest * np.linalg.norm(array / largest)
    return float(norm)


class Sequential:
    """A network from an alternating list [Dense, activation, Dense, activation, ...]."""

    def __init__(self, layers, loss="half_squared_error", reduction="mean"):
        layers = list(layers)
        if not layers or len(layers) % 2:
            raise MlpeduError(
                "Sequential needs an alternating list [Dense, activation, Dense, activation, ...] "
                f"ending with the output activation; got {len(layers)} item(s)."
            )
        self.dense, self.sigma = [None], [None]
        seen = set()
        for position in range(0, len(layers), 2):
            j = position // 2 + 1
            dense, activation = layers[position], layers[position + 1]
            if not isinstance(dense, Dense):
                raise MlpeduError(f"Item {position} (layer {j}) must be a Dense layer; got {dense!r}.")
            if isinstance(activation, Dense):
                raise MlpeduError(
                    f"Item {position + 1} should be the activation of layer {j}, but it is {activation!r}; "
                    "put an activation (e.g. 'identity') between two Dense layers."
                )
            if id(dense) in seen:
                raise MlpeduError(f"Item {position} (layer {j}) is a Dense layer already used earlier in the list; "
                                  "each layer keeps its own input and gradients, so create a new Dense for each.")
            seen.add(id(dense))
            if j > 1 and dense.n_in != self.dense[j - 1].n_out:
                raise ShapeError(
                    f"Layer {j} expects {dense.n_in} input(s), but layer {j - 1} produces "
                    f"{self.dense[j - 1].n_out}: W^{j} must have shape ({dense.n_out}, {self.dense[j - 1].n_out})."
                )
            self.dense.append(dense)
            # a copy per layer: an activation remembers its own z, so two layers cannot share one
            self.sigma.append(copy.copy(get_activation(activation)))
        self.J = len(self.dense) - 1
        self.sizes = [self.dense[1].n_in] + [d.n_out for d in self.dense[1:]]
        dtypes = {d.dtype for d in self.dense[1:]}
        if len(dtypes) > 1:
            raise MlpeduError(f"Sequential: all Dense layers must compute in one dtype; got {sorted(d.name for d in dtypes)}.")
        self.dtype = dtypes.pop()
        self.loss = get_loss(loss, reduction)
        self.loss.check_output_activation(self.sigma[self.J].name)
        self.A = self.Z = self.dA = self.dZ = None

    @property
    def fused(self):
        """Sigmoid + BCE and softmax + CCE have the fused last-layer delta φ^J = a^J − y."""
        return self.loss.fuses_with == self.sigma[self.J].name

    # ---- forward and backward: the four equations --------------------------------------
    def forward(self, X):
        """Compute and keep every layer's Z and A; return the output A^J."""
        return self.propagate(check_batch(X, self.sizes[0], "X", "input layer", self.dtype))

    def propagate(self, X):
        """forward() without the input checks, for X already known to be a valid batch."""
        self.A, self.Z = [X] + [None] * self.J, [None] * (self.J + 1)
        for j in range(1, self.J + 1):
            self.Z[j] = self.dense[j].forward(self.A[j - 1])  # z^j = W^j a^{j-1} + b^j
            self.A[j] = self.sigma[j].forward(self.Z[j])      # a^j = σ(z^j)
        self.dA = self.dZ = None
        return self.A[self.J]

    __call__ = forward

    def loss_value(self, Y):
        """The loss of the last forward pass against targets Y."""
        return self.unchecked_loss(self._targets(Y))

    def unchecked_loss(self, Y):
        """loss_value() without the target checks."""
        if self.fused:  # from z^J: stable even where a^J rounds to exactly 0 or 1
            return self.loss.loss_from_logits(self.Z[self.J], Y)
        return self.loss.forward(self.A[self.J], Y)

    def compute_loss(self, X, Y):
        """Forward pass and loss, without gradients (what gradient checks evaluate)."""
        self.forward(X)
        return self.loss_value(Y)

    def backward(self, Y, input_gradient=False):
        """Backpropagate from targets Y; fills dA, dZ (= φ) and every layer's dW, db.
        dA[0], the gradient with respect to the input X, only with input_gradient=True."""
        return self.backpropagate(self._targets(Y), input_gradient)

    def backpropagate(self, Y, input_gradient=False):
        """backward() without the target checks, for Y already known to fit the output."""
        J, A = self.J, self.A
        dA, dZ = [None] * (J + 1), [None] * (J + 1)
        if self.fused:
            dZ[J] = self.loss.fused_delta(A[J], Y)                  # (1) fused: φ^J = a^J − y
        else:
            dA[J] = self.loss.backward(A[J], Y)                     # ∇_{a^J} L
            dZ[J] = self.sigma[J].backward(dA[J])                   # (1) φ^J = ∇_{a^J} L ∘ σ′(z^J)
        for j in range(J, 0, -1):
            need_dA_prev = j > 1 or input_gradient
            dA[j - 1] = self.dense[j].backward(dZ[j], need_dA_prev)  # (3), (4); returns (W^j)ᵀ φ^j
            if j > 1:
                dZ[j - 1] = self.sigma[j - 1].backward(dA[j - 1])    # (2) φ^{j-1} = (W^j)ᵀ φ^j ∘ σ′(z^{j-1})
        self.dA, self.dZ = dA, dZ
        return self

    def loss_and_gradients(self, X, Y, input_gradient=False):
        """Forward, loss and backward in one call; returns the loss."""
        self.forward(X)
        Y = self._targets(Y)
        loss = self.unchecked_loss(Y)
        self.backpropagate(Y, input_gradient)
        return loss

    def loss_function(self, X, Y):
        """f() = the loss at the current parameters on (X, Y), checked once here: what gradient
        checks perturb and re-evaluate many times."""
        self.forward(X)
        X, Y = self.A[0], self._targets(Y)

        def loss():
            self.propagate(X)
            return self.unchecked_loss(Y)

        return loss

    def _targets(self, Y):
        if self.A is None:
            raise MlpeduError("Call forward(X) before asking for the loss or the gradients.")
        return self.loss.check_targets(self.A[self.J], Y)

    # ---- parameters, by course name -----------------------------------------------------
    # Course-indexed views: W[j] is W^j for j = 1 … J; index 0 (the input layer) is None.
    W = property(lambda self: LayerView(self, "W"))
    b = property(lambda self: LayerView(self, "b"))
    dW = property(lambda self: LayerView(self, "dW"))
    db = property(lambda self: LayerView(self, "db"))

    def parameters(self):
        """{"W1": W^1, "b1": b^1, ...}: the live arrays (changing them changes the network)."""
        return {f"{name}{j}": array for j in range(1, self.J + 1) for name, array in self.dense[j].params().items()}

    def gradients(self):
        """{"W1": ∇_{W^1} L, "b1": ∇_{b^1} L, ...} from the last backward pass."""
        return {f"{name}{j}": array for j in range(1, self.J + 1) for name, array in self.dense[j].grads().items()}

    def n_parameters(self):
        return int(sum(p.size for p in self.parameters().values()))

    def gradient_norms(self):
        """‖∇_{W^j} L‖ (Frobenius) for j = 1 … J, as an array of length J."""
        if self.dW[1] is None:
            return None
        with np.errstate(over="ignore", under="ignore"):  # a square past float64's range: frobenius rescales
            return np.array([frobenius(g) for g in self.dW[1:]])

    def astype(self, dtype):
        """A copy of the network computing in `dtype` (np.float32 or np.float64), same weights."""
        dtype = float_dtype(dtype)
        twin = copy.deepcopy(self)
        for dense in twin.dense[1:]:
            dense.dtype, dense.W, dense.b = dtype, dense.W.astype(dtype), dense.b.astype(dtype)
            dense.dW = dense.db = None
        twin.dtype, twin.A = dtype, None
        return twin

    def __repr__(self):
        layers = ", ".join(f"{self.dense[j].n_out} {self.sigma[j].name}" for j in range(1, self.J + 1))
        dtype = "" if self.dtype == np.float64 else f"; {self.dtype.name}"
        return f"{type(self).__name__}(input {self.sizes[0]} → {layers}; loss {self.loss.name}{dtype})"


class MLP(Sequential):
    """A multi-layer perceptron from its layer sizes [n_0, n_1, ..., n_J].

    `activation` is the hidden layers' σ (a name, or a list with one per hidden layer),
    `output` the last layer's. `init` is "small", "xavier", "he" or a number (the std),
    multiplied by `weight_scale`. `rng` is a seed or a numpy Generator. `dtype` is np.float64
    (the default) or np.float32, kept through forward, backward and training.
    """

    def __init__(self, sizes, activation="relu", output="identity", loss="half_squared_error",
                 init="he", rng=None, weight_scale=1.0, relu_grad_at_zero=0.0, reduction="mean", dtype=np.float64):
        if isinstance(sizes, (tuple, np.ndarray)) and np.ndim(sizes) == 1:
            sizes = list(sizes)
        if (not isinstance(sizes, list) or len(sizes) < 2
                or not all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0 for n in sizes)):
            raise MlpeduError(
                f"sizes must be a list of at least two positive integers [n_0, ..., n_J] "
                f"(input size first, output size last); got {sizes!r}."
            )
        J = len(sizes) - 1
        hidden = activation if isinstance(activation, (list, tuple)) else [activation] * (J - 1)
        if len(hidden) != J - 1:
            raise MlpeduError(f"activation lists one σ per hidden layer: expected {J - 1}, got {len(hidden)}.")
        rng = as_rng(rng)
        layers = []
        for j, sigma in enumerate(list(hidden) + [output], start=1):
            layers.append(Dense(sizes[j - 1], sizes[j], init=init, rng=rng, weight_scale=weight_scale, dtype=dtype))
            layers.append(get_activation(sigma, relu_grad_at_zero))
        super().__init__(layers, loss=loss, reduction=reduction)
