"""Gradient descent: an SGD optimizer (with momentum) and a `fit` loop that records history."""

import time
from dataclasses import dataclass, field

import numpy as np

from .errors import MlpeduError, as_rng, check_batch


class SGD:
    """θ ← θ − lr · v, where v ← momentum · v + ∇θ L (plain SGD when momentum is 0)."""

    def __init__(self, lr=0.1, momentum=0.0):
        if not isinstance(lr, (int, float, np.number)) or not lr > 0:
            raise MlpeduError(f"lr must be a positive number; got {lr!r}.")
        if not isinstance(momentum, (int, float, np.number)) or not 0 <= momentum < 1:
            raise MlpeduError(f"momentum must lie in [0, 1); got {momentum!r}.")
        self.lr, self.momentum = float(lr), float(momentum)
        self.velocity = {}

    def step(self, network):
        grads = network.gradients()
        for name, param in network.parameters().items():
            if self.momentum:
                v = self.velocity.get(name, 0.0) * self.momentum + grads[name]
                self.velocity[name] = v
            else:
                v = grads[name]
            param -= self.lr * v  # in place: the network holds the same array

    def __repr__(self):
        return f"SGD(lr={self.lr:g}, momentum={self.momentum:g})"


@dataclass
class History:
    """What `fit` measured: the mean training loss of each epoch and, per epoch, the mean
    Frobenius norm ‖∇_{W^j} L‖ of each layer j = 1 … J (columns of `grad_norms`)."""

    loss: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)

    @property
    def grad_norms_array(self):
        return np.array(self.grad_norms)


def minibatches(m, batch_size, rng):
    order = rng.permutation(m)
    return [order[start:start + batch_size] for start in range(0, m, batch_size)]


def progress_delay(progress):
    """Seconds of training before the progress bar appears, or None for no bar. `progress`:
    False, True (at once), or a number of seconds (so that a short training shows nothing and
    creates no widget)."""
    if progress is False or progress is None:
        return None
    if progress is True:
        return 0.0
    if isinstance(progress, (int, float)) and progress >= 0:
        return float(progress)
    raise MlpeduError(f"progress is False, True or a number of seconds ≥ 0 to wait before showing the bar; "
                      f"got {progress!r}.")


def progress_bar(total, done):
    """A tqdm bar (an ipywidgets bar inside Jupyter) that starts at `done` epochs."""
    from tqdm.auto import tqdm
    return tqdm(total=total, initial=done, desc="training", unit="epoch", leave=False)


def fit(network, X, Y, epochs=10, batch_size=32, lr=0.1, momentum=0.0, optimizer=None,
        rng=None, progress=False, history=None):
    """Train `network` on columns of X and Y with minibatch SGD; return a History.

    Pass `history` to continue an earlier History; `progress=True` shows a progress bar, a
    number of seconds shows it once the training has taken that long.
    """
    X = check_batch(X, network.sizes[0], "X", "input layer", network.dtype)
    # Checked once for the whole set, against the output's shape: minibatches then skip the checks.
    Y = network.loss.check_targets(np.empty((network.sizes[-1], X.shape[1]), dtype=network.dtype), Y)
    if not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise MlpeduError(f"epochs must be a non-negative integer; got {epochs!r}.")
    if not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise MlpeduError(f"batch_size must be a positive integer; got {batch_size!r}.")
    optimizer = optimizer or SGD(lr=lr, momentum=momentum)
    rng = as_rng(rng)
    history = history or History()
    delay, bar, started = progress_delay(progress), None, time.perf_counter()
    try:
        for epoch in range(epochs):
            losses, sizes, norms = [], [], []
            for batch in minibatches(X.shape[1], batch_size, rng):
                with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported below, in words
                    network.propagate(X[:, batch])
                    losses.append(network.unchecked_loss(Y[:, batch]))
                    if not np.isfinite(losses[-1]):
                        raise MlpeduError(
                            f"training diverged: the loss became {losses[-1]} in epoch {len(history.loss) + 1}. "
                            f"The learning rate {optimizer.lr:g} is probably too large; try one 10 times smaller."
                        )
                    network.backpropagate(Y[:, batch])
                    sizes.append(len(batch))
                    norms.append(network.gradient_norms())
                    optimizer.step(network)
            history.loss.append(float(np.average(losses, weights=sizes)))  # a short last batch counts less
            history.grad_norms.append(np.mean(norms, axis=0))
            if bar is None and delay is not None and time.perf_counter() - started >= delay:
                bar = progress_bar(epochs, epoch)
            if bar is not None:
                bar.update(1)
                bar.set_postfix(loss=f"{history.loss[-1]:.4g}")
    finally:
        if bar is not None:
            bar.close()
    return history
