"""Speed of the mlpedu core, as ratios against baselines measured in the same run.

1. One training step (forward, loss, backward, SGD update: what fit does with each batch, its
   inputs checked once for the whole set; and, for comparison, the same step through the
   checked entry point loss_and_gradients) of a 784-256-256-10 ReLU MLP with a
   softmax + cross-entropy output, at batch sizes 1, 32 and 128, against two floors written
   inline in numpy: the minimal step (what a short script does: temporaries freed as it goes),
   and the same step keeping its arrays until the next one, as a network keeps Z and A. The
   ratio against the minimal step is the one to trust (issue 15 asks ≤ 1.05 at batch 128 and
   ≤ 1.2 at batch 32), in float64 and, at batch 32 and 128, float32. BLAS threads are pinned (--threads, default 1, through threadpoolctl),
   and the BLAS library in use is printed: thread counts change results more than anything.
2. Gradient checks of a network with about 10^5 parameters: fast mode (one directional
   derivative per parameter set; goal < 1 s) and full mode (every entry), against the time of one
   loss evaluation.

Run: python benchmarks/bench_core.py [--repeats N]
"""

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import mlpedu

SIZES, BATCHES, LR = [784, 256, 256, 10], (1, 32, 128), 0.01


def median_time(step, repeats):
    step()  # warm up caches and BLAS threads
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def minimal_step(params, X, Y):
    """The minimal step: the same products and elementwise operations, temporaries freed as it goes."""
    W1, b1, W2, b2, W3, b3 = params
    m = X.shape[1]
    Z1 = W1 @ X + b1
    A1 = np.maximum(Z1, 0.0)
    Z2 = W2 @ A1 + b2
    A2 = np.maximum(Z2, 0.0)
    Z3 = W3 @ A2 + b3
    top = Z3.max(axis=0, keepdims=True)
    E = np.exp(Z3 - top)
    S = E.sum(axis=0, keepdims=True)
    loss = np.mean(top[0] + np.log(S[0]) - np.sum(Y * Z3, axis=0))
    dZ3 = (E / S - Y) / m
    dZ2 = (W3.T @ dZ3) * (Z2 > 0)
    dZ1 = (W2.T @ dZ2) * (Z1 > 0)
    grads = (dZ1 @ X.T, dZ1.sum(axis=1, keepdims=True), dZ2 @ A1.T, dZ2.sum(axis=1, keepdims=True),
             dZ3 @ A2.T, dZ3.sum(axis=1, keepdims=True))
    for p, g in zip(params, grads):
        p -= LR * g
    return loss


def numpy_floor_step(params, X, Y, kept):
    """The floor: the training step written inline, the way a hand-tuned script would.

    Its arrays stay referenced in `kept` until the next step, as a network keeps its Z and A:
    freeing every large temporary at return makes the allocator hand back fresh pages each
    step, which costs more than a third of the step and would flatter any framework."""
    W1, b1, W2, b2, W3, b3 = params
    m = X.shape[1]
    k = kept
    k["Z1"] = W1 @ X + b1
    k["A1"] = np.maximum(k["Z1"], 0.0)
    k["Z2"] = W2 @ k["A1"] + b2
    k["A2"] = np.maximum(k["Z2"], 0.0)
    k["Z3"] = W3 @ k["A2"] + b3
    top = k["Z3"].max(axis=0, keepdims=True)
    k["E"] = np.exp(k["Z3"] - top)
    S = k["E"].sum(axis=0, keepdims=True)
    k["P"] = k["E"] / S
    loss = np.mean(top[0] + np.log(S[0]) - np.sum(Y * k["Z3"], axis=0))
    k["dZ3"] = (k["P"] - Y) / m
    k["dW3"], k["db3"] = k["dZ3"] @ k["A2"].T, k["dZ3"].sum(axis=1, keepdims=True)
    k["dZ2"] = (W3.T @ k["dZ3"]) * (k["Z2"] > 0)
    k["dW2"], k["db2"] = k["dZ2"] @ k["A1"].T, k["dZ2"].sum(axis=1, keepdims=True)
    k["dZ1"] = (W2.T @ k["dZ2"]) * (k["Z1"] > 0)
    k["dW1"], k["db1"] = k["dZ1"] @ X.T, k["dZ1"].sum(axis=1, keepdims=True)
    for p, name in zip(params, ("dW1", "db1", "dW2", "db2", "dW3", "db3")):
        p -= LR * k[name]
    return loss


def bench_training_step(repeats, batch, dtype=np.float64):
    rng = np.random.default_rng(0)
    X = rng.standard_normal((SIZES[0], batch)).astype(dtype)
    Y = mlpedu.one_hot(rng.integers(0, SIZES[-1], batch), SIZES[-1]).astype(dtype)
    net = mlpedu.MLP(SIZES, activation="relu", output="softmax", loss="cce", rng=1, dtype=dtype)
    optimizer = mlpedu.SGD(lr=LR)
    minimal_params = [p.copy() for p in net.parameters().values()]
    kept_params, kept = [p.copy() for p in net.parameters().values()], {}

    def mlpedu_step():  # what fit does with each batch: its inputs were checked once, for the whole set
        net.propagate(X)
        net.unchecked_loss(Y)
        net.backpropagate(Y)
        optimizer.step(net)

    def checked_step():  # the same step through the checked entry point, as a notebook calls it
        net.loss_and_gradients(X, Y)
        optimizer.step(net)

    # Interleave the three so that machine noise hits them alike.
    times = {"minimal": [], "kept": [], "mlpedu": [], "checked": []}
    for _ in range(5):
        times["minimal"].append(median_time(lambda: minimal_step(minimal_params, X, Y), repeats))
        times["kept"].append(median_time(lambda: numpy_floor_step(kept_params, X, Y, kept), repeats))
        times["mlpedu"].append(median_time(mlpedu_step, repeats))
        times["checked"].append(median_time(checked_step, repeats))
    best = {name: min(found) for name, found in times.items()}
    goal = {128: "goal <= 1.05x", 32: "goal <= 1.2x"}.get(batch, "no goal")
    print(f"training step {'-'.join(map(str, SIZES))}, batch {batch}, {np.dtype(dtype).name}:")
    print(f"  minimal numpy step   {best['minimal'] * 1e3:8.3f} ms")
    print(f"  numpy, arrays kept   {best['kept'] * 1e3:8.3f} ms   {best['kept'] / best['minimal']:.2f}x minimal")
    print(f"  mlpedu (fit's step)  {best['mlpedu'] * 1e3:8.3f} ms   {best['mlpedu'] / best['minimal']:.2f}x minimal ({goal}), "
          f"{best['mlpedu'] / best['kept']:.2f}x arrays kept")
    print(f"  mlpedu, inputs checked each step (loss_and_gradients)  {best['checked'] * 1e3:8.3f} ms   "
          f"{best['checked'] / best['minimal']:.2f}x minimal")


def bench_gradient_checks(full_repeats=1):
    rng = np.random.default_rng(0)
    net = mlpedu.MLP([300, 256, 100, 10], activation="tanh", rng=rng)
    X, Y = rng.standard_normal((300, 4)), rng.standard_normal((10, 4))
    loss_t = median_time(lambda: net.compute_loss(X, Y), 50)
    fast_t = median_time(lambda: mlpedu.check_network(net, X, Y, fast=True), 5)
    start = time.perf_counter()
    for _ in range(full_repeats):
        report = mlpedu.check_network(net, X, Y, fast=False)
    full_t = (time.perf_counter() - start) / full_repeats
    assert report.passed, str(report)
    n = net.n_parameters()
    print(f"gradient check, {n} parameters, batch 4:")
    print(f"  one loss evaluation  {loss_t * 1e3:8.3f} ms")
    print(f"  fast mode            {fast_t * 1e3:8.1f} ms   = {fast_t / loss_t:7.1f} loss evaluations (goal < 1 s)")
    print(f"  full mode            {full_t:8.1f} s    = {full_t / loss_t:7.0f} loss evaluations "
          f"(2 per parameter = {2 * n}); {full_t / fast_t:.0f}x fast mode")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=20, help="timed repetitions per measurement")
    parser.add_argument("--skip-full", action="store_true", help="skip the (slow) full gradient check")
    parser.add_argument("--threads", type=int, default=1, help="BLAS threads (pinned with threadpoolctl)")
    args = parser.parse_args()
    with threadpool_limits(limits=args.threads, user_api="blas"):
        for pool in threadpool_info():
            if pool.get("user_api") == "blas":
                print(f"BLAS: {pool.get('internal_api')} {pool.get('version')} ({pool.get('architecture')}), "
                      f"{pool.get('num_threads')} thread(s)")
        for batch in BATCHES:
            bench_training_step(args.repeats, batch)
        for batch in BATCHES[1:]:  # float32 (MLP(dtype=np.float32)) against the same numpy steps in float32
            bench_training_step(args.repeats, batch, np.float32)
        if args.skip_full:
            print("(full gradient check skipped)")
        else:
            bench_gradient_checks()
