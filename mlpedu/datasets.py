"""Small classification data sets, generated in code (seeded, no downloads).

Every loader returns `(X, labels)` in the course's layout: X has shape (n_features, m), one
example per column, and labels is an integer array of shape (m,). Use `mlpedu.one_hot(labels, k)`
for softmax targets, or `labels[None, :].astype(float)` for one sigmoid output.
"""

import numpy as np

from .errors import MlpeduError, as_rng, check_choice


def _check_size(n_points, noise):
    if not isinstance(n_points, (int, np.integer)) or isinstance(n_points, bool) or n_points < 2:
        raise MlpeduError(f"n_points must be an integer of at least 2; got {n_points!r}.")
    if not (isinstance(noise, (int, float)) and noise >= 0):
        raise MlpeduError(f"noise must be a non-negative number (the std of added Gaussian noise); got {noise!r}.")


def _split(n_points, n_classes):
    """How many points each class gets: as equal as possible, summing to n_points."""
    return [n_points // n_classes + (k < n_points % n_classes) for k in range(n_classes)]


def _finish(parts, noise, rng):
    X = np.concatenate([p for p, _ in parts], axis=1)
    labels = np.concatenate([np.full(p.shape[1], k) for p, k in parts])
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(labels.size)  # shuffle so a minibatch is not one class
    return X[:, order], labels[order]


def moons(n_points=200, noise=0.1, rng=0):
    """Two interleaved half circles: class 0 the upper arc, class 1 the lower, shifted one."""
    _check_size(n_points, noise)
    rng = as_rng(rng)
    n0, n1 = _split(n_points, 2)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    upper = np.stack([np.cos(t0), np.sin(t0)])
    lower = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    return _finish([(upper, 0), (lower, 1)], noise, rng)


def circles(n_points=200, noise=0.05, factor=0.5, rng=0):
    """Two concentric circles: class 0 outside (radius 1), class 1 inside (radius `factor`)."""
    _check_size(n_points, noise)
    if not 0 < factor < 1:
        raise MlpeduError(f"factor is the inner radius relative to the outer one; expected 0 < factor < 1, got {factor!r}.")
    rng = as_rng(rng)
    n0, n1 = _split(n_points, 2)
    t0, t1 = (np.linspace(0, 2 * np.pi, n, endpoint=False) for n in (n0, n1))
    outer = np.stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.stack([np.cos(t1), np.sin(t1)])
    return _finish([(outer, 0), (inner, 1)], noise, rng)


def spirals(n_points=300, noise=0.03, n_classes=3, turns=1.0, rng=0):
    """`n_classes` arms of a spiral, each arm one class, turned by 2π/n_classes from the last."""
    _check_size(n_points, noise)
    if not isinstance(n_classes, (int, np.integer)) or n_classes < 2:
        raise MlpeduError(f"n_classes must be an integer of at least 2; got {n_classes!r}.")
    rng = as_rng(rng)
    parts = []
    for k, n in enumerate(_split(n_points, n_classes)):
        radius = np.linspace(0.05, 1.0, n)
        angle = 2 * np.pi * (turns * radius + k / n_classes)
        parts.append((radius * np.stack([np.cos(angle), np.sin(angle)]), k))
    return _finish(parts, noise, rng)


def xor(n_points=200, noise=0.1, rng=0):
    """Four clusters at (±1, ±1): the class is 1 where the signs of the two coordinates differ."""
    _check_size(n_points, noise)
    rng = as_rng(rng)
    corners = np.array([[1, 1], [-1, -1], [1, -1], [-1, 1]], dtype=float).T
    parts = []
    for corner, n in enumerate(_split(n_points, 4)):
        parts.append((np.repeat(corners[:, [corner]], n, axis=1), int(corner >= 2)))
    # the noise of _finish spreads each cluster; a uniform jitter keeps the clusters filled
    X, labels = _finish(parts, noise, rng)
    return X + rng.uniform(-0.5, 0.5, X.shape), labels


def digits(n_points=None, rng=0):
    """scikit-learn's 8×8 handwritten digits (shipped with scikit-learn, no download), pixels
    scaled to [0, 1]: X has shape (64, m), labels 0…9. `n_points` takes a seeded subset."""
    from sklearn.datasets import load_digits

    data = load_digits()
    X, labels = data.data.T / 16.0, data.target.astype(int)
    if n_points is not None:
        if not isinstance(n_points, (int, np.integer)) or not 2 <= n_points <= labels.size:
            raise MlpeduError(f"n_points must be an integer from 2 to {labels.size}; got {n_points!r}.")
        keep = as_rng(rng).choice(labels.size, size=n_points, replace=False)
        X, labels = X[:, keep], labels[keep]
    return X, labels


GENERATED = {"moons": moons, "circles": circles, "spirals": spirals, "xor": xor}
DATASETS = dict(GENERATED, digits=digits)


def load(name, n_points=200, noise=None, rng=0):
    """A data set by name: one of moons, circles, spirals, xor (2-D, generated) or digits.
    `noise=None` keeps the generator's own default (each suits its data set's scale)."""
    loader = check_choice("name", name, DATASETS, "data set")
    if loader is digits:
        return digits(n_points, rng=rng)
    if noise is None:
        return loader(n_points=n_points, rng=rng)
    return loader(n_points=n_points, noise=noise, rng=rng)


def n_classes(labels):
    return int(np.max(labels)) + 1
