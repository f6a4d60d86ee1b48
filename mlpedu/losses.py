"""Loss functions, each with its convention in its name.

A loss takes the network output A (n_J, m) and targets Y (n_J, m), one example per column.
`forward` is the per-example loss reduced over the batch (mean over the m columns by default,
or sum); `backward` is ∇_A L of that reduced loss, so any 1/m lives here and nowhere else.

Two pairs have a fused last-layer delta φ^J = (a^J − y) per example: sigmoid + binary
cross-entropy and softmax + categorical cross-entropy. For them `loss_from_logits` computes
the loss from z^J without ever taking log(0).
"""

import numpy as np

from .errors import MlpeduError, ShapeError, as_float_array, check_choice, check_same_shape

PROBABILITY_CLIP = 1e-12  # keeps log(ŷ) finite at ŷ = 0 or 1 when no logits are at hand


class Loss:
    name = "loss"
    fuses_with = None  # name of the output activation whose delta simplifies to a − y
    needs_output = None  # the output activation this loss is defined on (None: any)

    def __init__(self, reduction="mean"):
        if reduction not in ("mean", "sum"):
            raise MlpeduError(f"reduction must be 'mean' or 'sum'; got {reduction!r}.")
        self.reduction = reduction

    def _batch_scale(self, m):
        return 1.0 / m if self.reduction == "mean" else 1.0

    def check_output_activation(self, output):
        if self.needs_output and output != self.needs_output:
            raise MlpeduError(
                f"{self.name} takes probabilities, so it needs a {self.needs_output} output layer; "
                f"got {output!r}. Use output={self.needs_output!r}, or a squared-error loss."
            )

    def check_targets(self, A, Y):
        if Y is None:
            raise MlpeduError(f"{self.name}: targets Y are missing; expected an array of shape {A.shape}.")
        Y = check_same_shape(Y, A, "Y", "the network output A (n_outputs, m)")
        return Y

    def per_example(self, A, Y):
        """Loss of each example (column): shape (m,)."""
        raise NotImplementedError

    def forward(self, A, Y):
        return float(np.sum(self.per_example(A, Y)) * self._batch_scale(A.shape[1]))

    def __call__(self, A, Y):
        """The loss of outputs A against targets Y, both checked (forward() trusts its inputs)."""
        A = as_float_array(A, "A")
        if A.ndim != 2:
            raise ShapeError(f"A has shape {A.shape}; expected (n_outputs, m), one example per column.")
        return self.forward(A, self.check_targets(A, Y))

    def backward(self, A, Y):
        """∇_A L of the batch loss, same shape as A."""
        raise NotImplementedError

    def fused_delta(self, A, Y):
        """φ^J = ∂L/∂z^J for the fused output activation: a − y for each example, times the
        batch's 1/m under mean reduction."""
        return (A - Y) * self._batch_scale(A.shape[1])

    def __repr__(self):
        return f"{type(self).__name__}(reduction={self.reduction!r})"


class HalfSquaredError(Loss):
    """½ Σ_i (a_i − y_i)² per example (seeds 000, 001, 002); ∂/∂a = a − y."""

    name = "half_squared_error"

    def per_example(self, A, Y):
        return 0.5 * np.sum((A - Y) ** 2, axis=0)

    def backward(self, A, Y):
        return (A - Y) * self._batch_scale(A.shape[1])


class MeanSquaredError(Loss):
    """(1/n) Σ_i (y_i − ŷ_i)² per example over the n outputs (seed 003); ∂/∂ŷ = −(2/n)(y − ŷ)."""

    name = "mean_squared_error"

    def per_example(self, A, Y):
        return np.mean((Y - A) ** 2, axis=0)

    def backward(self, A, Y):
        n = A.shape[0]
        return -(2.0 / n) * (Y - A) * self._batch_scale(A.shape[1])


class BinaryCrossEntropy(Loss):
    """Σ_i −y_i log ŷ_i − (1 − y_i) log(1 − ŷ_i) per example, natural log; for sigmoid outputs.
    ∂/∂ŷ = −y/ŷ + (1 − y)/(1 − ŷ) (seed 003 prints the second term with the wrong sign)."""

    name = "binary_cross_entropy"
    fuses_with = needs_output = "sigmoid"

    def check_targets(self, A, Y):
        Y = super().check_targets(A, Y)
        if np.any((Y < 0) | (Y > 1)):
            raise MlpeduError(
                f"binary cross-entropy needs targets in [0, 1]; Y ranges over "
                f"[{Y.min():g}, {Y.max():g}]."
            )
        return Y

    def per_example(self, A, Y):
        P = np.clip(A, PROBABILITY_CLIP, 1.0 - PROBABILITY_CLIP)
        return np.sum(-Y * np.log(P) - (1.0 - Y) * np.log(1.0 - P), axis=0)

    def backward(self, A, Y):
        P = np.clip(A, PROBABILITY_CLIP, 1.0 - PROBABILITY_CLIP)
        return (-Y / P + (1.0 - Y) / (1.0 - P)) * self._batch_scale(A.shape[1])

    def loss_from_logits(self, Z, Y):
        # −y log σ(z) − (1−y) log(1−σ(z)) = log(1 + e^z) − y z, with log(1 + e^z) = logaddexp(0, z)
        per_example = np.sum(np.logaddexp(0.0, Z) - Y * Z, axis=0)
        return float(np.sum(per_example) * self._batch_scale(Z.shape[1]))


class CategoricalCrossEntropy(Loss):
    """−Σ_i y_i log ŷ_i per example, natural log; for softmax outputs, targets one-hot columns
    (or any columns that sum to 1)."""

    name = "categorical_cross_entropy"
    fuses_with = needs_output = "softmax"

    def check_targets(self, A, Y):
        if Y is not None:
            Y_array = np.asarray(Y)
            labels = (Y_array.dtype.kind in "iuf" and Y_array.size == A.shape[1] and A.shape[0] > 1
                      and Y_array.shape != A.shape and np.all(Y_array == np.round(Y_array)))
            if labels:  # one whole number per example: class labels, not one-hot columns
                raise ShapeError(
                    f"Y looks like class labels with shape {Y_array.shape}; categorical "
                    f"cross-entropy needs one-hot columns of shape {A.shape}: use "
                    f"mlpedu.one_hot(Y.ravel().astype(int), {A.shape[0]})."
                )
        Y = super().check_targets(A, Y)
        if np.any(Y < 0):
            index = tuple(int(i) for i in np.argwhere(Y < 0)[0])
            raise MlpeduError(
                f"categorical cross-entropy needs targets that are probabilities; Y has a negative "
                f"entry {Y[index]:g} at index {index}."
            )
        sums = Y.sum(axis=0)
        if not np.allclose(sums, 1.0):
            column = int(np.argmax(np.abs(sums - 1.0)))
            raise MlpeduError(
                f"categorical cross-entropy needs each column of Y to be one-hot (or a "
                f"distribution summing to 1); column {column} sums to {sums[column]:g}."
            )
        return Y

    def per_example(self, A, Y):
        return -np.sum(Y * np.log(np.clip(A, PROBABILITY_CLIP, 1.0)), axis=0)

    def backward(self, A, Y):
        return -Y / np.clip(A, PROBABILITY_CLIP, 1.0) * self._batch_scale(A.shape[1])

    def loss_from_logits(self, Z, Y):
        # −Σ y log softmax(z) = logsumexp(z) − Σ y z when Σ y = 1
        top = Z.max(axis=0, keepdims=True)
        logsumexp = top[0] + np.log(np.sum(np.exp(Z - top), axis=0))
        per_example = logsumexp - np.sum(Y * Z, axis=0)
        return float(np.sum(per_example) * self._batch_scale(Z.shape[1]))


LOSSES = {cls.name: cls for cls in (HalfSquaredError, MeanSquaredError, BinaryCrossEntropy, CategoricalCrossEntropy)}
LOSSES.update({
    "half_se": HalfSquaredError, "hse": HalfSquaredError, "mse": MeanSquaredError,
    "bce": BinaryCrossEntropy, "cce": CategoricalCrossEntropy, "cross_entropy": CategoricalCrossEntropy,
})


def get_loss(spec, reduction="mean"):
    """A Loss from a name ("half_squared_error", "mse", "bce", "cce", ...) or an instance."""
    if isinstance(spec, Loss):
        return spec
    if not isinstance(spec, str):
        raise MlpeduError(f"A loss must be a name or a Loss; got {type(spec).__name__}.")
    return check_choice("loss", spec, LOSSES, "loss")(reduction=reduction)


def one_hot(labels, n_classes):
    """Integer labels of shape (m,) → one-hot columns of shape (n_classes, m)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise MlpeduError(f"one_hot needs a 1-D array of integer labels; got shape {labels.shape}, dtype {labels.dtype}.")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise MlpeduError(f"labels must lie in 0..{n_classes - 1}; got values from {labels.min()} to {labels.max()}.")
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y
