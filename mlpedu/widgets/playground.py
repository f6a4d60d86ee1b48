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
from . import LiveFigure, interactive_figure, log_axis, new_figure, sparse_log_ticks

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


def loss_limits(losses):
    """1e-4 … 10, the same for most trainings (which makes them easy to compare), widened by whole
    decades for a loss outside it."""
    (low, high), _ = log_axis(losses)  # drawable losses only (a diverged run's inf and NaN are not)
    return min(low, 1e-4), max(high, 10.0)


class Playground(LiveFigure):
    """Left: the decision regions over the training points (digits: the confusion matrix on
    held-out images). Right: the training loss per epoch. `progress` as in `fit`."""

    def build(self):
        fig = new_figure(10.0, 4.0, left=0.07, right=0.98, bottom=0.12, top=0.86, wspace=0.25)
        self.ax_data, self.ax_loss = ax_data, ax_loss = fig.subplots(1, 2)
        moving = self.moving
        moving(ax_data.xaxis, ax_data.yaxis, ax_loss.xaxis, ax_loss.yaxis)  # limits follow data and epochs
        self.regions = moving(ax_data.imshow(np.zeros((GRID, GRID)), origin="lower", cmap="coolwarm", alpha=0.35,
                                             interpolation="nearest", aspect="auto"))
        self.points = moving(ax_data.scatter([], [], c=[], cmap="coolwarm", s=10, edgecolors="k", linewidths=0.3))
        ax_data.set(xlabel="x₁", ylabel="x₂")
        ax_data.set_title("decision regions and training points", y=1.0)
        # the digits' confusion matrix: its own axes in the same place, shown instead of the regions
        self.ax_confusion = fig.add_axes(ax_data.get_position(), visible=False)
        self.confusion = moving(self.ax_confusion.imshow(np.zeros((10, 10)), cmap="Blues"))
        self.ax_confusion.set(xlabel="predicted digit", ylabel="true digit", xticks=range(10), yticks=range(10))
        self.confusion_title = moving(self.ax_confusion.set_title("", y=1.0))
        self.loss_line = moving(ax_loss.plot([], [])[0])
        ax_loss.set(xlabel="epoch", ylabel="mean cross-entropy", yscale="log")
        ax_loss.set_title("training loss", y=1.0)
        sparse_log_ticks(ax_loss)
        self.title = moving(fig.suptitle("", fontsize=9))
        return fig

    def update(self, dataset="moons", depth=2, width=16, activation="tanh", lr=0.3, epochs=150, progress=False):
        arguments = (dataset, depth, width, activation, lr, epochs, progress)
        try:
            hash(arguments)
        except TypeError:  # e.g. a list for depth: train() says what is wrong with it
            trained_now = train(*arguments)
        else:
            trained_now = trained(*arguments)
        net, X, labels, history = trained_now
        accuracy = np.mean(predict(net, X) == labels)
        digits = dataset == "digits"
        self.ax_data.set_visible(not digits)
        self.ax_confusion.set_visible(digits)
        if digits:
            X_test, labels_test = net.held_out
            guessed = predict(net, X_test)
            counts = confusion(labels_test, guessed, 10)
            self.confusion.set_data(counts)
            self.confusion.set_clim(0, counts.max())
            self.confusion_title.set_text(f"held-out images: accuracy {np.mean(guessed == labels_test):.0%}")
        else:
            xx, yy, classes = decision_grid(net, X)
            k = datasets.n_classes(labels)
            self.regions.set_data(classes)
            self.regions.set_clim(-0.5, k - 0.5)  # class c at the colour of c among 0 … k-1, as the points
            extent = (xx.min(), xx.max(), yy.min(), yy.max())
            self.regions.set_extent(extent)
            self.points.set_offsets(X.T)
            self.points.set_array(labels)
            self.points.set_clim(0, k - 1)
            self.set_changed(self.ax_data, xlim=extent[:2], ylim=extent[2:])
        self.loss_line.set_data(np.arange(1, len(history.loss) + 1), history.loss)
        self.set_changed(self.ax_loss, xlim=(0, len(history.loss) + 1),
                         ylim=loss_limits(history.loss))
        sizes = " → ".join(map(str, net.sizes))
        units = f"({activation})" if depth else "(no hidden layer: a linear classifier)"
        self.title.set_text(f"{dataset}: {sizes} {units}, lr {lr:g}, {epochs} epochs; "
                            f"training accuracy {accuracy:.0%}")


# In a notebook, a redraw that trains for more than half a second shows a progress bar; scikit-learn
# (for the digits) is imported in the background as soon as the widget is shown.
playground = interactive_figure(
    when_shown={"progress": 0.5}, warm_up=datasets.digits,
    dataset=list(datasets.DATASETS), depth=[0, 1, 2, 3, 4], width=[2, 4, 8, 16, 32],
    activation=["tanh", "relu", "sigmoid", "leaky_relu"], lr=[0.01, 0.03, 0.1, 0.3, 1.0, 3.0],
    epochs=[25, 50, 150, 300, 600],
)(Playground, "playground")
