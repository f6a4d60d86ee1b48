"""How long does a widget take to redraw after a control moves?

For every widget in mlpedu.widgets.REGISTRY (every module of mlpedu/widgets is imported), one
picture is kept, as `show` keeps it, and each control is moved in turn as a reader moves it: a
slider one step and to its far end, a dropdown through every option, each then back to its
default. Each move is timed as the notebook waits for it: the update (the widget's computing and
setting its artists) plus the PNG (drawing and encoding). Reported per widget: the median and
95th percentile over the moves, the share of moves drawn in place (only the moving artists on
the kept background), and the median as a ratio to two baselines measured in the same run: a
one-axes line plot (a new figure, drawn and encoded, the issue's yardstick: goal ≤ 1.2×) and the
same widget drawn as a new figure at every move (what `show` did before widgets updated in place).

The playground trains a network for a setting it has not seen (remembered after): its moves are
walked twice, and its redraw is timed on the second walk, with the training time of the first
walk in a column of its own.

    python benchmarks/bench_redraw.py [--repeats 2] [--only NAME ...]
"""

import argparse
import importlib
import pkgutil
import statistics
import time

import matplotlib
import numpy as np

import mlpedu.widgets
from mlpedu.errors import MlpeduError
from mlpedu.widgets import REGISTRY, new_figure, png, reader_moves

GOAL = 1.2  # median redraw ÷ one-axes line plot


def import_all_widget_modules():
    for module in pkgutil.iter_modules(mlpedu.widgets.__path__):
        importlib.import_module(f"mlpedu.widgets.{module.name}")


def seconds(action):
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def line_plot():
    fig = new_figure()
    fig.subplots().plot(np.arange(10), np.arange(10) ** 2)
    png(fig)


def walk(draw, picture, baseline):
    """Time every move on one kept picture: [(update s, png s, drawn in place)]. After each move
    a line plot is timed into `baseline`: both see the machine in the same state."""
    timings = []
    for _, values in reader_moves(draw):
        try:
            update = seconds(lambda: picture.update(**values))
        except MlpeduError:  # a combination the widget refuses on purpose (clear error)
            continue
        render = seconds(picture.png)
        timings.append((update, render, not picture.drew_everything))
        baseline.append(seconds(line_plot))
    return timings


def rebuilt(draw):
    """The same moves, each drawn as a new figure (how widgets redrew before LiveFigure)."""
    times = []
    for _, values in reader_moves(draw):
        try:
            times.append(seconds(lambda: png(draw(**values))))
        except MlpeduError:
            continue
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="walks per widget (the median of each move is kept)")
    parser.add_argument("--only", nargs="*", help="widget names to measure (default: all)")
    args = parser.parse_args(argv)

    import_all_widget_modules()
    line_plot()  # warm-up: fonts and caches
    print(f"matplotlib {matplotlib.__version__}; baseline: a one-axes line plot, new figure to PNG, timed after "
          "every move of the widget it is compared with\n")
    header = (f"{'widget':<26} {'moves':>5} {'median':>8} {'p95':>8} {'in place':>8} {'plot':>7} {'× plot':>7} "
              f"{'rebuilt':>8} {'× faster':>8} {'training':>9}  goal ≤ {GOAL}× plot")
    print(header)
    print("-" * len(header))
    for name in sorted(REGISTRY):
        if args.only and name not in args.only:
            continue
        draw, _ = REGISTRY[name]
        if not draw.live:
            continue
        picture = draw.live()
        picture.update()
        picture.png()
        first = walk(draw, picture, [])  # the playground trains here; the others warm up
        training = sum(update for update, _, _ in first) if name == "playground" else None
        baseline = []
        walks = [walk(draw, picture, baseline) for _ in range(args.repeats)]
        plot = statistics.median(baseline)
        totals = [statistics.median(w[i][0] + w[i][1] for w in walks) for i in range(len(walks[0]))]
        in_place = np.mean([in_place for w in walks for *_, in_place in w])
        before = statistics.median(rebuilt(draw))
        median, p95 = statistics.median(totals), float(np.percentile(totals, 95))
        verdict = "meets it" if median <= GOAL * plot else "OVER"
        training_text = f"{training:8.1f}s" if training is not None else f"{'-':>9}"
        print(f"{name:<26} {len(totals):5d} {median * 1000:6.1f}ms {p95 * 1000:6.1f}ms {in_place:8.0%} "
              f"{plot * 1000:5.1f}ms {median / plot:7.2f} {before * 1000:6.1f}ms {before / median:8.1f} "
              f"{training_text}  {verdict}")
    print("\nmedian and p95: update + PNG per move on the kept picture; in place: moves that redrew only the "
          "moving artists;\nplot: the line plot's median, timed between the moves; rebuilt: median of the same "
          "moves drawn as new figures;\ntraining: the playground's first walk, summed.")


if __name__ == "__main__":
    main()
