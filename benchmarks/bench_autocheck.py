"""How long a student waits for an autocheck, the search included (mlpedu/search.py).

    python benchmarks/bench_autocheck.py [--repeats 5]

For each exercise that has a program to search (and exercise 12's numerical gradients and training
loop, the slowest checks without one), four answers from the mutant corpus
(tests/test_autocheck_mutants.py): a right one (the catalogue is not even tried), one the
catalogue names, one only the search names, and the slowest kind, one nobody can name (every
single change, then every pair, is tried and fails). The baseline, measured in the same run, is
the check of the right answer: "× right" says what a wrong answer costs on top. Goal: every
check well under a second on 2 cores.
"""

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import test_autocheck_mutants as corpus  # noqa: E402

from mlpedu import autocheck  # noqa: E402

ANSWERS = {  # exercise: (right, named by the catalogue, named by the search, named by nobody)
    "neuron_gradient": ("neuron_returns_lists", "neuron_missing_sigma_prime", "neuron_y_minus_a_no_sigma_prime",
                        "neuron_dW_without_x"),
    "dense_backward": ("dense_loop_version", "dense_W_not_transposed", "dense_dW_from_dZ_itself",
                       "dense_dW_unusual_factor"),
    "recursive_delta": ("rd_einsum_right", "rd_wrong_layer_W", "rd_both_indices_off", None),
    "sigmoid_bce_delta": ("bce_clipped_long_way", "bce_seed_003_sign", "bce_divided_by_units", None),
    "softmax_ce_delta": ("sm_logsumexp_right", "sm_over_rows", "sm_sigmoid_for_softmax", None),
    "relu_chain": ("relu_numpy_heaviside", "relu_no_step", "relu_pre_activation_for_input", "relu_numpy_ints"),
    "numerical_gradient": ("ng_right", "ng_forward", "ng_plus_for_minus", "ng_scaled_oddly"),
    "fix_backward": ("fix_fused", "fix_db_over_units", "fix_output_delta_from_z", "fix_output_delta_scaled_oddly"),
    "dense_forward": ("own_fwd_np_dot", "own_fwd_transposed", "own_fwd_bias_subtracted", None),
    "forward_backward": ("own_fb_right", "own_fb_no_relu_prime", None, "own_fb_relu_of_phi"),
    "numerical_gradients": ("own_ng_right", "own_ng_forward", None, "own_ng_plus"),
    "train": ("own_train_right", "own_train_shuffled_once", None, None),  # judged by what it does: it trains
}
KINDS = ("right", "catalogue", "search", "unnamed")


def seconds(exercise, function, repeats):
    autocheck.diagnose(exercise, function)  # the cases are made once per session
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        autocheck.diagnose(exercise, function)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # the mutants divide by zero on purpose
    print(f"{'exercise':<20}" + "".join(f"{kind:>22}" for kind in KINDS))
    worst = 0.0
    for exercise, names in ANSWERS.items():
        right = getattr(corpus, names[0]) if names[0] else None
        baseline = seconds(exercise, right, args.repeats) if right else None
        cells = []
        for name in names:
            if name is None:
                cells.append("-")
                continue
            took = seconds(exercise, getattr(corpus, name), args.repeats)
            worst = max(worst, took)
            ratio = f" ({took / baseline:.0f}× right)" if baseline and name != names[0] else ""
            cells.append(f"{took * 1000:.0f} ms{ratio}")
        print(f"{exercise:<20}" + "".join(f"{cell:>22}" for cell in cells))
    print(f"slowest check: {worst * 1000:.0f} ms (goal: well under 1000 ms on 2 cores)")


if __name__ == "__main__":
    main()
