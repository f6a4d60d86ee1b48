"""Notebook 05's widget: train a small MLP on a data set and show what it learned.

Training happens inside the redraw, so a redraw costs training plus drawing: the defaults
(a few hundred points, one or two hidden layers of 16, 150 epochs) keep it well under a second.
Controls are dropdowns, not sliders, so one choice trains once instead of once per slider step.
"""

from functools import lru_cache

import numpy as np

from .. import datasets
from ..errors import MlpeduError, as_rng
from ..losses import one_hot
from ..network import MLP
from ..training import fit
from . import interactive_figure, new_figure, sparse_log_ticks

GRID = 120  # decision-boundary resolution per axis


def train(dataset="moons", depth=2, width=16, activation="tanh", lr=0.3, epochs=150, n_points=200,
          batch_size=32, rng=0, progress=False):
    """Train a softmax + categorical cross-entropy MLP with `depth` hidden layers of `width`
    units. Returns (net, X, labels, history). Digits ignore `n_points`: 600 images are drawn,
    X and labels are the 400 for training, and `net.held_out` keeps the other 200 as
    (X_test, labels_test); for the 2-D sets `net.held_out` is None."""
    if not isinstance(depth, (int, np.integer)) or depth < 0:
        raise MlpeduError(f"depth counts hidden layers; expected an integer ≥ 0, got {depth!r}.")
    if not isinstance(width, (int, np.integer)) or width < 1:
        raise MlpeduError(f"width must be a positive integer; got {width!r}.")
    rng = as_rng(rng)
    X, labels = datasets.load(dataset, n_points=n_points if dataset != "digits" else 600, rng=rng)
    held_out = None
    if dataset == "digits":  # 8×8 images: judge on images the network never saw
        X, labels, held_out = X[:, :400], labels[:400], (X[:, 400:], labels[400:])
    k = datasets.n_classes(labels) if dataset != "digits" else 10
    net = MLP([X.shape[0]] + [width] * depth + [k], activation=activation, output="softmax",
              loss="categorical_cross_entropy", init="xavier" if activation in ("tanh", "sigmoid") else "he",
              rng=rng)
    history = fit(net, X, one_hot(labels, k), epochs=epochs, batch_size=batch_size, lr=lr, rng=rng,
                  progress=progress)
    net.held_out = held_out
    return net, X, labels, history


@lru_cache(maxsize=64)
def trained(dataset, depth, width, activation, lr, epochs, progress=False):
    """train() with the widget's defaults, remembered: the controls take finitely many values, so
    moving back to a setting shows its network again instead of training it again."""
    return train(dataset, depth, width, activation, lr, epochs, progress=progress)


def predict(net, X):
    return np.argmax(net.forward(X), axis=0)


def decision_grid(net, X, resolution=GRID):
    """Predicted class on a grid covering the data (with a margin): (xx, yy, classes)."""
    lo, hi = X.min(axis=1) - 0.3, X.max(axis=1) + 0.3
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    classes = predict(net, np.stack([xx.ravel(), yy.ravel()])).reshape(xx.shape)
    return xx, yy, classes


def confusion(true, predicted, k):
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (true, predicted), 1)
    return counts


# In a notebook, a redraw that trains for more than half a second shows a progress bar; scikit-learn
# (for the digits) is imported in the background as soon as the widget is shown.
@interactive_figure(when_shown={"progress": 0.5}, warm_up=datasets.digits,
                    dataset=list(datasets.DATASETS), depth=[0, 1, 2, 3, 4], width=[2, 4, 8, 16, 32],
                    activation=["tanh", "relu", "sigmoid", "leaky_relu"], lr=[0.01, 0.03, 0.1, 0.3, 1.0, 3.0],
                    epochs=[25, 50, 150, 300, 600])
def playground(dataset="moons", depth=2, width=16, activation="tanh", lr=0.3, epochs=150, progress=False):
    """Left: the decision regions over the training points (digits: the confusion matrix on
    held-out images). Right: the training loss per epoch. `progress` as in `fit`."""
    arguments = (dataset, depth, width, activation, lr, epochs, progress)
    try:
        hash(arguments)
    except TypeError:  # e.g. a list for depth: train() says what is wrong with it
        trained_now = train(*arguments)
    else:
        trained_now = trained(*arguments)
    net, X, labels, history = trained_now
    accuracy = np.mean(predict(net, X) == labels)
    fig = new_figure(10.0, 4.0, left=0.07, right=0.98, bottom=0.12, top=0.86, wspace=0.25)
    ax_data, ax_loss = fig.subplots(1, 2)
    if dataset == "digits":
        X_test, labels_test = net.held_out
        guessed = predict(net, X_test)
        ax_data.imshow(confusion(labels_test, guessed, 10), cmap="Blues")
        ax_data.set(xlabel="predicted digit", ylabel="true digit", xticks=range(10), yticks=range(10),
                    title=f"held-out images: accuracy {np.mean(guessed == labels_test):.0%}")
    else:
        xx, yy, classes = decision_grid(net, X)
        k = datasets.n_classes(labels)
        ax_data.contourf(xx, yy, classes, levels=np.arange(k + 1) - 0.5, cmap="coolwarm", alpha=0.35)
        ax_data.scatter(X[0], X[1], c=labels, cmap="coolwarm", vmin=0, vmax=k - 1, s=10, edgecolors="k",
                        linewidths=0.3)
        ax_data.set(xlabel="x₁", ylabel="x₂", title="decision regions and training points")
    ax_loss.plot(np.arange(1, len(history.loss) + 1), history.loss)
    ax_loss.set(xlabel="epoch", ylabel="mean cross-entropy", yscale="log", title="training loss")
    sparse_log_ticks(ax_loss)
    sizes = " → ".join(map(str, net.sizes))
    fig.suptitle(f"{dataset}: {sizes} ({activation}), lr {lr:g}, {epochs} epochs; training accuracy {accuracy:.0%}",
                 fontsize=9)
    return fig
