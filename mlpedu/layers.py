"""The dense (fully connected) layer: z = W a_prev + b, forward and backward side by side."""

import numpy as np

from .errors import MlpeduError, ShapeError, as_float_array, as_rng, check_batch, float_dtype

# Standard deviation of the initial weights, as a function of (n_in, n_out).
INITS = {
    "small": lambda n_in, n_out: 0.01,                       # small normal
    "xavier": lambda n_in, n_out: np.sqrt(2.0 / (n_in + n_out)),  # Glorot & Bengio 2010
    "he": lambda n_in, n_out: np.sqrt(2.0 / n_in),              # He et al. 2015, for ReLU
}
INITS["glorot"] = INITS["xavier"]


def init_std(init, n_in, n_out):
    if isinstance(init, (int, float)) and not isinstance(init, bool):
        return float(init)
    if isinstance(init, str) and init.lower() in INITS:
        return INITS[init.lower()](n_in, n_out)
    raise MlpeduError(
        f"Unknown init {init!r}. Known: {', '.join(sorted(INITS))}, or a number (the std)."
    )


class Dense:
    """One layer's affine map. W has shape (n_out, n_in), b has shape (n_out, 1).

    After `forward(A_prev)` and `backward(dZ)` it holds `dW` and `db`, the gradients of the
    loss with respect to W and b, summed over the examples of the batch.
    """

    def __init__(self, n_in, n_out, init="he", rng=None, weight_scale=1.0, dtype=np.float64):
        for name, n in (("n_in", n_in), ("n_out", n_out)):
            if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
                raise MlpeduError(f"Dense: {name} must be a positive integer; got {n!r}.")
        self.n_in, self.n_out = int(n_in), int(n_out)
        self.dtype = float_dtype(dtype)  # float32 halves memory and time; gradient checks stay in float64
        std = init_std(init, self.n_in, self.n_out) * weight_scale
        self.W = as_rng(rng).normal(0.0, std, size=(self.n_out, self.n_in)).astype(self.dtype)
        self.b = np.zeros((self.n_out, 1), dtype=self.dtype)
        self.dW = self.db = None

    def forward(self, A_prev):
        self.A_prev = A_prev
        return self.W @ A_prev + self.b  # z = W a_prev + b

    def backward(self, dZ, input_gradient=True):
        """Given φ = ∂L/∂z, store dW and db and return ∂L/∂a_prev (None if not wanted:
        the first layer's input gradient is a whole extra matrix product that training never uses)."""
        self.dW = dZ @ self.A_prev.T                 # (3)  ∇_W L = φ (a_prev)ᵀ
        self.db = np.sum(dZ, axis=1, keepdims=True)  # (4)  ∇_b L = φ, summed over the batch
        return self.W.T @ dZ if input_gradient else None  # Wᵀ φ: the first factor of (2)

    # Checked entry points for users; the network calls forward/backward on data it checked.
    def __call__(self, A_prev):
        return self.forward(check_batch(A_prev, self.n_in, "A_prev", "layer's input", self.dtype))

    def params(self):
        return {"W": self.W, "b": self.b}

    def grads(self):
        if self.dW is None:
            raise MlpeduError("Dense: no gradients yet; call forward and then backward first.")
        return {"W": self.dW, "b": self.db}

    def set_params(self, W=None, b=None):
        """Replace W and/or b, checking their shapes (used by the notebooks' hand examples)."""
        if W is not None:
            W = np.array(as_float_array(W, "W", self.dtype), ndmin=2)
            if W.shape != self.W.shape:
                raise ShapeError(f"W must have shape (n_out, n_in) = {self.W.shape}; got {W.shape}.")
            self.W = W
        if b is not None:
            b = as_float_array(b, "b", self.dtype)
            b = b.reshape(-1, 1) if b.ndim <= 1 else b.copy()
            if b.shape != self.b.shape:
                raise ShapeError(f"b must have shape (n_out, 1) = {self.b.shape}; got {b.shape}.")
            self.b = b
        return self

    def __repr__(self):
        dtype = "" if self.dtype == np.float64 else f", dtype={self.dtype.name}"
        return f"Dense(n_in={self.n_in}, n_out={self.n_out}{dtype})"
