"""How long does a widget take to redraw after a control moves?

For every function in mlpedu.widgets.REGISTRY (every module of mlpedu/widgets is imported),
each control is moved away from its default to a few other values; each move is timed as the
notebook experiences it: draw(**values) (computing and building the figure, which for the
playground includes training the network) plus rendering the figure to PNG (what the notebook
displays). Reported: the median over repeats of each move, then per widget the median and the
slowest move, as seconds and as ratios to two baselines measured in the same run (an empty
new_figure() and a one-axes line plot, both rendered to PNG). Widgets whose median redraw
exceeds 0.1 s are flagged.

    python benchmarks/bench_redraw.py [--repeats 3] [--moves 2] [--only NAME ...]
"""

import argparse
import importlib
import inspect
import pkgutil
import statistics
import time

import numpy as np

import mlpedu.widgets
from mlpedu.errors import MlpeduError
from mlpedu.widgets import REGISTRY, new_figure

TARGET = 0.1  # seconds per redraw


def import_all_widget_modules():
    for module in pkgutil.iter_modules(mlpedu.widgets.__path__):
        importlib.import_module(f"mlpedu.widgets.{module.name}")


def render(fig):
    mlpedu.widgets.png(fig)  # exactly what show() displays after each move


def timed(action, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def baselines(repeats):
    def empty():
        render(new_figure())

    def line_plot():
        fig = new_figure()
        fig.subplots().plot(np.arange(10), np.arange(10) ** 2)
        render(fig)

    empty(), line_plot()  # warm-up: fonts and caches
    return {"empty figure": timed(empty, repeats * 5), "one-axes line plot": timed(line_plot, repeats * 5)}


def alternatives(abbreviation, default):
    """Values other than the default that a user can move the control to, most distant first
    for sliders."""
    if isinstance(abbreviation, bool):
        return [not default]
    if isinstance(abbreviation, tuple):
        low, high = abbreviation[0], abbreviation[1]
        middle = type(default)(low + (high - low) / 2) if isinstance(default, int) else low + (high - low) / 2
        return [v for v in (high, low, middle) if v != default]
    return [v for v in abbreviation if v != default]


def measure_widget(draw, controls, repeats, n_moves):
    defaults = {name: p.default for name, p in inspect.signature(draw).parameters.items()}
    values = {name: defaults[name] for name in controls}
    moves, refused = [], []
    render(draw(**values))  # warm-up
    for name, abbreviation in controls.items():
        measured = 0
        for value in alternatives(abbreviation, values[name]):
            if measured == n_moves:
                break
            moved = dict(values, **{name: value})
            try:
                draw(**moved)
            except MlpeduError:  # a combination the widget refuses on purpose (clear error)
                refused.append(f"{name}={value!r}")
                continue
            measured += 1
            total = timed(lambda: render(draw(**moved)), repeats)  # what the notebook waits for
            build = timed(lambda: draw(**moved), repeats)           # the same without the PNG
            moves.append((f"{name}={value!r}", build, total))
    return moves, refused


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timings per move (median taken)")
    parser.add_argument("--moves", type=int, default=2, help="moves measured per control (refused values are skipped)")
    parser.add_argument("--only", nargs="*", help="widget names to measure (default: all)")
    args = parser.parse_args(argv)

    import_all_widget_modules()
    base = baselines(args.repeats)
    for name, seconds in base.items():
        print(f"baseline {name:<22} {seconds * 1000:8.1f} ms")
    reference = base["empty figure"]
    print(f"\nredraw = draw(**values) + render to PNG; ratios against the empty figure "
          f"({reference * 1000:.1f} ms) and the line plot ({base['one-axes line plot'] * 1000:.1f} ms)\n")
    header = f"{'widget':<28} {'median':>9} {'slowest':>9} {'× empty':>8} {'× plot':>7}  flag"
    print(header)
    print("-" * len(header))
    details = []
    for name in sorted(REGISTRY):
        if args.only and name not in args.only:
            continue
        draw, controls = REGISTRY[name]
        moves, refused = measure_widget(draw, controls, args.repeats, args.moves)
        totals = [total for _, _, total in moves]
        median, slowest = statistics.median(totals), max(totals)
        flag = f"over {TARGET} s" if median > TARGET else ""
        print(f"{name:<28} {median * 1000:7.1f}ms {slowest * 1000:7.1f}ms {median / reference:8.1f} "
              f"{median / base['one-axes line plot']:7.1f}  {flag}")
        details.append((name, moves, refused))
    print("\nper move (median of repeats): compute + build the figure | whole redraw incl. PNG")
    for name, moves, refused in details:
        print(f"  {name}")
        for move, build, total in moves:
            print(f"    {move:<52} {build * 1000:8.1f} ms | {total * 1000:6.1f} ms")
        if refused:
            print(f"    refused with a clear error (by design): {', '.join(refused)}")


if __name__ == "__main__":
    main()
