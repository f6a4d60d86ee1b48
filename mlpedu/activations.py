"""Activation functions σ as matched forward/backward pairs.

`forward(Z)` computes A = σ(Z) and remembers Z; `backward(dA)` returns φ = dA ∘ σ′(Z), the
"∘ σ′(z)" factor of equations (1) and (2). Elementwise activations also expose
`derivative(Z)` = σ′(Z) so the notebooks can plot it.
"""

import numpy as np

from .errors import MlpeduError, check_choice


class Activation:
    name = "activation"
    has_kink = False  # True where σ′ jumps (ReLU, LeakyReLU at 0): gradient checks warn about it there

    def __call__(self, Z):
        Z = np.asarray(Z)
        return self.function(Z if Z.dtype.kind == "f" else Z.astype(float))  # float32 stays float32

    def forward(self, Z):
        self.Z = Z
        self.A = self.function(Z)
        return self.A

    def backward(self, dA):
        return dA * self.derivative(self.Z)  # φ = ∂L/∂a ∘ σ′(z)

    def function(self, Z):
        raise NotImplementedError

    def derivative(self, Z):
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}()"


class Identity(Activation):
    name = "identity"

    def function(self, Z):
        return Z

    def derivative(self, Z):
        return np.ones_like(Z)

    def backward(self, dA):
        return dA  # σ′ = 1


class ReLU(Activation):
    """max(0, z). ReLU′(0) is a convention: 0 by default (as PyTorch); seed 001 uses 1."""

    name = "relu"
    has_kink = True

    def __init__(self, grad_at_zero=0.0):
        self.grad_at_zero = float(grad_at_zero)

    def function(self, Z):
        return np.maximum(Z, 0.0)

    def derivative(self, Z):
        step = (Z > 0).astype(Z.dtype)  # the input's float type: float32 stays float32
        if self.grad_at_zero:
            step[Z == 0] = self.grad_at_zero  # the convention at the kink
        return step

    def __repr__(self):
        return f"ReLU(grad_at_zero={self.grad_at_zero:g})"


class LeakyReLU(Activation):
    name = "leaky_relu"
    has_kink = True

    def __init__(self, slope=0.01):
        self.slope = float(slope)

    def function(self, Z):
        return np.where(Z > 0, Z, self.slope * Z)

    def derivative(self, Z):
        return np.where(Z > 0, 1.0, self.slope).astype(Z.dtype, copy=False)  # float32 stays float32

    def __repr__(self):
        return f"LeakyReLU(slope={self.slope:g})"


class Sigmoid(Activation):
    """1 / (1 + e^−z), written so that neither branch overflows at |z| = 1000."""

    name = "sigmoid"

    def function(self, Z):
        E = np.exp(-np.abs(Z))  # in (0, 1]: never overflows
        return np.where(Z >= 0, 1.0 / (1.0 + E), E / (1.0 + E))

    def derivative(self, Z):
        S = self.function(Z)
        return S * (1.0 - S)

    def backward(self, dA):
        return dA * self.A * (1.0 - self.A)  # σ′(z) = σ(z)(1 − σ(z)), and σ(z) is already in A


class Tanh(Activation):
    name = "tanh"

    def function(self, Z):
        return np.tanh(Z)

    def derivative(self, Z):
        return 1.0 - np.tanh(Z) ** 2

    def backward(self, dA):
        return dA * (1.0 - self.A ** 2)  # tanh′(z) = 1 − tanh(z)², and tanh(z) is already in A


class Softmax(Activation):
    """exp(z) / Σ exp(z) over each column (one example). Not elementwise: its Jacobian is
    diag(s) − s sᵀ, so backward uses the Jacobian-vector product s ∘ (dA − sᵀdA)."""

    name = "softmax"

    def function(self, Z):
        E = np.exp(Z - Z.max(axis=0, keepdims=True))  # shift by the max: exp never overflows
        return E / E.sum(axis=0, keepdims=True)

    def derivative(self, Z):
        raise MlpeduError(
            "softmax has no elementwise derivative: each output depends on every input. "
            "Use Softmax().backward(dA) (a Jacobian-vector product) or the fused "
            "softmax + categorical cross-entropy delta a − y."
        )

    def backward(self, dA):
        S = self.A
        return S * (dA - np.sum(S * dA, axis=0, keepdims=True))


ACTIVATIONS = {cls.name: cls for cls in (Identity, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax)}
ACTIVATIONS.update({"linear": Identity, "none": Identity, "leakyrelu": LeakyReLU, "logistic": Sigmoid})


def get_activation(spec, relu_grad_at_zero=0.0):
    """An Activation from a name ("relu", "tanh", ...), a class, or an instance."""
    if isinstance(spec, Activation):
        return spec
    if isinstance(spec, type) and issubclass(spec, Activation):
        spec = spec.name
    if not isinstance(spec, str):
        raise MlpeduError(
            f"An activation must be a name or an Activation; got {type(spec).__name__}. "
            f"Known names: {', '.join(sorted(ACTIVATIONS))}."
        )
    cls = check_choice("activation", spec, ACTIVATIONS, "activation")
    return cls(grad_at_zero=relu_grad_at_zero) if cls is ReLU else cls()
