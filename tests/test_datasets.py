"""Generated data sets: layout (examples as columns), geometry, seeding, clear errors."""

import numpy as np
import pytest

from mlpedu import datasets
from mlpedu.errors import MlpeduError

GENERATED = ["moons", "circles", "spirals", "xor"]
EXPECTED_CLASSES = {"moons": 2, "circles": 2, "spirals": 3, "xor": 2}


@pytest.mark.parametrize("name", GENERATED)
def test_layout_and_balance(name):
    X, labels = datasets.load(name, n_points=101, rng=1)
    k = EXPECTED_CLASSES[name]
    assert X.shape == (2, 101), f"{name}: expected X of shape (2, 101), got {X.shape}"
    assert labels.shape == (101,) and labels.dtype.kind == "i", f"{name}: labels {labels.shape} {labels.dtype}"
    counts = np.bincount(labels)
    assert len(counts) == k and counts.max() - counts.min() <= 1, f"{name}: class counts {counts}, expected {k} balanced"


@pytest.mark.parametrize("name", GENERATED)
def test_same_seed_same_data_other_seed_other_data(name):
    a, b, c = (datasets.load(name, n_points=50, rng=seed) for seed in (3, 3, 4))
    assert np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0]), f"{name}: seeds 3 and 4 gave the same points"


def test_noise_free_geometry():
    X, labels = datasets.moons(40, noise=0.0)
    upper = X[:, labels == 0]
    assert np.allclose(np.hypot(*upper), 1.0), "moons: class 0 should lie on the unit circle"
    assert np.all(upper[1] >= -1e-12), "moons: class 0 is the upper arc"

    X, labels = datasets.circles(40, noise=0.0, factor=0.3)
    radii = np.hypot(*X)
    assert np.allclose(radii[labels == 0], 1.0) and np.allclose(radii[labels == 1], 0.3)

    X, labels = datasets.spirals(60, noise=0.0)
    assert np.all(np.hypot(*X) <= 1.0 + 1e-12)

    X, labels = datasets.xor(80, noise=0.0)
    expected = (np.sign(X[0]) != np.sign(X[1])).astype(int)
    assert np.array_equal(labels, expected), "xor: the label is 1 exactly where the signs differ"


def test_digits_ships_with_scikit_learn():
    X, labels = datasets.digits()
    assert X.shape == (64, 1797) and labels.shape == (1797,)
    assert X.min() == 0.0 and X.max() == 1.0, f"pixels should be scaled to [0, 1]; got [{X.min()}, {X.max()}]"
    assert set(np.unique(labels)) == set(range(10))
    X_small, labels_small = datasets.load("digits", n_points=100, rng=0)
    assert X_small.shape == (64, 100) and labels_small.shape == (100,)


@pytest.mark.parametrize("call, message", [
    (lambda: datasets.load("swiss roll"), "Known: circles, digits, moons, spirals, xor"),
    (lambda: datasets.moons(1), "n_points must be an integer of at least 2"),
    (lambda: datasets.circles(10, noise=-0.1), "noise must be a non-negative number"),
    (lambda: datasets.circles(10, factor=1.5), "expected 0 < factor < 1"),
    (lambda: datasets.spirals(10, n_classes=1), "n_classes must be an integer of at least 2"),
    (lambda: datasets.digits(n_points=5000), "n_points must be an integer from 2 to 1797"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(MlpeduError) as info:
        call()
    assert message in str(info.value), f"expected {message!r} in {str(info.value)!r}"
