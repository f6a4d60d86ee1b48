"""Why backprop: one backward pass against the 2P forward passes of central differences.

For MLPs of growing width (P parameters), the time of one forward + backward pass (every
gradient at once) against central differences: measured in full while P is small, and as 2P ×
the time of one forward pass beyond that. The ratio grows like P: backprop's cost is a small
multiple of one forward pass whatever P is. Also the scalar engine of mlpedu/graph.py on a
small network, to show what doing the same bookkeeping one scalar at a time costs in Python.

    python benchmarks/bench_backprop.py [--repeats 5]
"""

import argparse

import numpy as np
from bench_core import median_time  # the same warmed-up median as the core benchmark

import mlpedu
from mlpedu.graph import gradients_by_graph

MEASURED_IN_FULL = 2_000  # parameters up to which central differences are timed, not estimated


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"{'P':>9} {'forward':>10} {'forward+backward':>17} {'central differences':>22} {'ratio':>9}")
    for width in (4, 16, 64, 256, 1024):
        net = mlpedu.MLP([32, width, width, 10], activation="tanh", rng=rng)
        X, Y = rng.standard_normal((32, 64)), rng.standard_normal((10, 64))
        P = net.n_parameters()
        forward = median_time(lambda: net.compute_loss(X, Y), args.repeats)
        backward = median_time(lambda: net.loss_and_gradients(X, Y), args.repeats)
        if P <= MEASURED_IN_FULL:
            loss = net.loss_function(X, Y)
            differences = median_time(lambda: [mlpedu.numerical_gradient(loss, p) for p in net.parameters().values()], 1)
            how = "measured"
        else:
            differences, how = 2 * P * forward, "2P × forward"
        print(f"{P:>9} {forward * 1e3:>8.2f}ms {backward * 1e3:>15.2f}ms {differences:>12.3f} s {how:>9} "
              f"{differences / backward:>8.0f}x")
    small = mlpedu.MLP([3, 8, 8, 2], activation="tanh", rng=1)
    X, Y = rng.standard_normal((3, 16)), rng.standard_normal((2, 16))
    matrices = median_time(lambda: small.loss_and_gradients(X, Y), args.repeats)
    scalars = median_time(lambda: gradients_by_graph(small, X, Y), 1)
    print(f"\nthe same gradients of a 3-8-8-2 network on 16 examples: four equations {matrices * 1e3:.2f} ms, "
          f"scalar graph (mlpedu/graph.py) {scalars * 1e3:.1f} ms = {scalars / matrices:.0f}x")


if __name__ == "__main__":
    main()
