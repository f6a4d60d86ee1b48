"""Grading throughput: 60 submissions of one assignment, graded serially and with -j 2, in the
operating-system sandbox (bubblewrap) and without it (--no-os-sandbox), so its cost shows.

    python benchmarks/bench_grading.py [--assignment ex02_dense_layer] [--n 60] [--only-sandboxed]

The submissions are a third correct (the solution edition), a third partly wrong (a dense
layer whose bias gradient is not summed), a third untouched (the student edition). The
baseline, measured in the same run, is the cost of starting and stopping one plain IPython
kernel: the grader needs one per submission, so "seconds per submission / kernel start" says
how much the grading itself adds, whatever the machine. Goal: >= 120 submissions per minute with
-j 2 on a 2-core machine, in the sandbox.
"""

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat
from jupyter_client import KernelManager

from mlpedu.exercises import SOURCE_DIR
from mlpedu.grading import Limits, grade

REPO = Path(__file__).resolve().parent.parent
PARTLY_WRONG = {"dense_backward": "def dense_backward(dZ, A_prev, W):\n    return dZ @ A_prev.T, dZ, W.T @ dZ\n"}


def kernel_start_seconds(repeats=5):
    """Median wall time to start a stock python3 kernel, wait until it answers, and stop it."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        manager = KernelManager(kernel_name="python3")
        manager.start_kernel(extra_arguments=["--HistoryManager.enabled=False"], stderr=subprocess.DEVNULL)
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def partly_wrong(student_edition):
    notebook = nbformat.read(student_edition, as_version=4)
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id in PARTLY_WRONG and cell.metadata["nbgrader"].get("solution"):
            cell.source = PARTLY_WRONG[grade_id]
    return nbformat.writes(notebook)


def write_submissions(folder, assignment, n):
    editions = {"correct": (REPO / "solutions" / f"{assignment}.ipynb").read_text(encoding="utf-8"),
                "partly_wrong": partly_wrong(REPO / "exercises" / f"{assignment}.ipynb"),
                "untouched": (REPO / "exercises" / f"{assignment}.ipynb").read_text(encoding="utf-8")}
    kinds = list(editions)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        (folder / f"student{i:03d}_{kind}_{assignment}.ipynb").write_text(editions[kind], encoding="utf-8")


def run(submissions, jobs, limits, os_sandbox):
    results = Path(tempfile.mkdtemp(prefix="bench-results-"))
    try:
        started = time.perf_counter()
        summary = grade(submissions, results, SOURCE_DIR, jobs=jobs, limits=limits, progress=False,
                        os_sandbox=os_sandbox)
        seconds = time.perf_counter() - started
    finally:
        shutil.rmtree(results, ignore_errors=True)
    scores = sorted({r["score"] for r in summary.graded})
    return seconds, summary, scores


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assignment", default="ex02_dense_layer")
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--only-sandboxed", action="store_true", help="skip the runs without the OS sandbox")
    args = parser.parse_args()
    limits = Limits()
    baseline = kernel_start_seconds()
    print(f"baseline: start + stop a plain kernel: {baseline:.2f} s (median of 5)")
    with tempfile.TemporaryDirectory(prefix="bench-submissions-") as folder:
        write_submissions(Path(folder), args.assignment, args.n)
        per_minute = {}
        for os_sandbox in (True,) if args.only_sandboxed else (True, False):
            for jobs in (1, 2):
                seconds, summary, scores = run(folder, jobs, limits, os_sandbox)
                per = seconds / args.n
                per_minute[os_sandbox, jobs] = 60 / per
                statuses = {s: summary.count(s) for s in ("graded", "incident", "invalid", "error") if summary.count(s)}
                label = "sandboxed    " if os_sandbox else "no OS sandbox"
                print(f"{label} -j {jobs}: {args.n} submissions in {seconds:.1f} s = {60 / per:.0f} per minute, "
                      f"{per:.2f} s each = {per / baseline:.2f} x kernel start; statuses {statuses}, scores {scores}")
        for jobs in (1, 2):
            if (False, jobs) in per_minute:
                print(f"the OS sandbox's cost at -j {jobs}: {per_minute[False, jobs] / per_minute[True, jobs]:.2f} x "
                      "the time without it")


if __name__ == "__main__":
    main()
