"""The class report: how long `mlpedu grade` and `mlpedu marks` spend writing it, for a generated
class of 200 students over three assignments (tests/grading_fixtures/synthetic.py).

    python benchmarks/bench_report.py [--students 200] [--repeats 3]

The baseline, measured in the same run, is one plain matplotlib bar chart saved as a PNG: the
unit a report is made of, so "report / one chart" says how much more than its pictures the
report costs, whatever the machine. Goal: under 5 s for 200 students on 2 cores.
"""

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from grading_fixtures import synthetic  # noqa: E402

from mlpedu.grading import classreport, gradebook  # noqa: E402


def one_chart():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    started = time.perf_counter()
    figure = Figure(figsize=(6.4, 2.0))
    FigureCanvasAgg(figure)
    figure.add_subplot().barh(["a", "b", "c"], [3, 2, 1])
    figure.savefig(io.BytesIO(), format="png")
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    records, _ = synthetic.class_records(n=args.students)
    one_chart()  # matplotlib's import and font cache are not the report's cost
    chart = statistics.median(one_chart() for _ in range(5))
    times = []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as results:
            started = time.perf_counter()
            gradebook.write(results, records, gradebook.Course(), {})
            classreport.write(results, records)
            times.append(time.perf_counter() - started)
    seconds = statistics.median(times)
    print(f"baseline: one bar chart saved as PNG: {chart * 1000:.0f} ms (median of 5)")
    print(f"gradebook + class report, {args.students} students x {len(synthetic.MIX)} assignments "
          f"({len(records)} records): {seconds:.2f} s (median of {args.repeats}) = {seconds / chart:.0f} x one chart; "
          f"goal < 5 s: {'met' if seconds < 5 else 'NOT met'}")


if __name__ == "__main__":
    main()
