"""Autochecks for the exercises: compare a student's function with the reference and, when
they disagree, name the mistake in the course's words.

A student calls `check("dense_backward", dense_backward)` in a notebook. The check runs the
function on seeded random cases, compares every output with mlpedu's reference and

- prints "✓ ..." when everything agrees (an accepted convention, such as ReLU′(0) = 1, passes
  with a note);
- otherwise raises `CheckFailed` (an AssertionError, so nbgrader-style test cells fail) whose
  message says which output is wrong and why: for each wrong output, the catalogue of known
  mistakes is tried in order, each computed from the reference ingredients on the same inputs,
  and the first one that reproduces the student's output on every case is the diagnosis.
  When none does and the exercise describes its reference as a program, the search of
  mlpedu/search.py tries the wrong programs one or two changes away from it, and names the
  change(s) that reproduce every output on every case. When nothing does, the message says
  where the result differs (which entries, by how much). A mistake is named only if it
  reproduces every output it would change.

Whatever the student's code does (returns lists, integers, None, the wrong shape, raises), the
check reports it in a sentence; it never lets a traceback escape from inside the checker.
`diagnose(...)` returns the same `CheckResult` without printing or raising, and every check
run in a kernel is recorded in `results()` for a grader to collect.

The two tables are data: `MISTAKES` (mistake id → title and hint, in the course's words) and
`EXERCISES` (exercise id → cases, reference, and the ordered list of (mistake id, how to
compute it) variants). Tests iterate over both.
"""

import copy
import json
from contextlib import contextmanager
import linecache
import re
import sys
from dataclasses import asdict, dataclass, field

import numpy as np

from . import lessons
from .activations import ReLU, Sigmoid, Softmax
from .errors import MlpeduError
from .gradcheck import numerical_gradient as reference_numerical_gradient
from .grading import kernel_side
from .layers import Dense
from .losses import BinaryCrossEntropy, CategoricalCrossEntropy, HalfSquaredError
from .network import MLP, Sequential
from .search import At, Entries, Loop, Program, Shifted, Var, call, search, total

RTOL, ATOL = 1e-6, 1e-9   # "agrees with the reference": float64 round-off passes, any real mistake fails
N_SHOWN = 3               # differing entries listed in a "no known mistake" message


# ---- the catalogue of mistakes: id → what went wrong and a hint, in the course's words ------

@dataclass(frozen=True)
class Mistake:
    id: str
    title: str
    hint: str
    accepted: bool = False  # a legitimate convention: the check passes and adds the title as a note


MISTAKES = {m.id: m for m in [
    # conventions that are accepted
    Mistake("relu0_one", "you used ReLU′(0) = 1 (as seeds 000 and 001); the course uses ReLU′(0) = 0",
            "Both are fine: ReLU has no derivative at 0, any value in [0, 1] is a valid choice and "
            "a pre-activation is almost never exactly 0 in practice.", accepted=True),
    Mistake("relu0_half", "you used ReLU′(0) = ½; the course uses ReLU′(0) = 0",
            "Fine too: any value in [0, 1] is a valid subgradient at the kink.", accepted=True),
    # the activation's derivative
    Mistake("missing_sigma_prime", "missing σ′: the factor σ′(z) of the chain rule is left out",
            "Going back through a = σ(z) multiplies by ∂a/∂z = σ′(z): φ = ∂L/∂a ∘ σ′(z)."),
    Mistake("sigma_for_sigma_prime", "σ used where σ′ is meant: you multiplied by σ(z) (the activation) instead of σ′(z)",
            "The chain rule needs the derivative of the activation, σ′(z); seed 003's recursive delta "
            "makes this very slip."),
    Mistake("assumes_sigmoid", "the sigmoid's σ′ = a(1 − a) written out where the given sigma_prime is meant: "
            "the layers are not always sigmoid (one case has tanh layers)",
            "Call the function you are given, sigma_prime(Z[j]): the same code then works for any activation."),
    Mistake("sigma_prime_formula_on_z", "σ′ written as z(1 − z): the sigmoid's a(1 − a) with z in place of a",
            "σ′(z) = σ(z)(1 − σ(z)) = a(1 − a): the formula takes the activation a = σ(z), not z itself."),
    Mistake("sigma_prime_of_activation", "σ′ applied to the activation a instead of the pre-activation z",
            "σ′ is evaluated where σ was: at z (for the sigmoid, σ′(z) = a(1 − a), not σ′(a))."),
    Mistake("reversed_order", "the right gradients in reverse order: (∂C/∂w₃, ∂C/∂w₂, ∂C/∂w₁)",
            "Return them in the order of the parameters, w1 (next to the input) first; seed 000 numbers its "
            "weights from the output end, the exercise from the input."),
    Mistake("chain_treated_as_linear", "the chain was treated as linear, ReLU(w₃ ReLU(w₂ ReLU(w₁ x))) = w₁ w₂ w₃ x "
            "(the derivation of seed 000's question)",
            "That identity holds only while every unit is on (every z > 0); when a unit is off, its output "
            "and every gradient through it are 0. Keep the ReLU and its step derivative in each layer."),
    # weights and the layer structure
    Mistake("transposed_weight_matrix", "transposed weight matrix: you multiplied by W where Wᵀ is meant",
            "W has shape (n_out, n_in) and maps a layer's input forward; going back, ∂L/∂a_prev = Wᵀ φ."),
    Mistake("weights_of_wrong_layer", "weights of the wrong layer: you used W^j where W^{j+1} is meant",
            "φ^j collects what layer j feeds into layer j + 1: φ^j = (W^{j+1})ᵀ φ^{j+1} ∘ σ′(z^j)."),
    Mistake("sigma_prime_of_wrong_layer", "σ′ of the wrong layer: you used σ′(z^{j+1}) where σ′(z^j) is meant",
            "The factor σ′ belongs to the layer whose delta you compute: φ^j = (W^{j+1})ᵀ φ^{j+1} ∘ σ′(z^j)."),
    Mistake("phi_index_error", "the index error of seed 003's component derivation: φ^{j+1} multiplied "
            "elementwise by the column sums of W^{j+1}, instead of the matrix product (W^{j+1})ᵀ φ^{j+1}",
            "In φ^j_i = Σ_k w^{j+1}_{k,i} φ^{j+1}_k σ′(z^j_i) the delta inside the sum carries the index k, "
            "not i: it is a matrix product."),
    Mistake("missing_weights", "the weights are missing: φ^{j+1} is used elementwise instead of (W^{j+1})ᵀ φ^{j+1}",
            "Each unit of layer j feeds every unit of layer j + 1 through W^{j+1}: φ^j = (W^{j+1})ᵀ φ^{j+1} ∘ σ′(z^j)."),
    Mistake("input_not_transposed", "the layer's input is not transposed: φ x (or φ a^{j-1}) where φ xᵀ is meant",
            "∇_W L = φ (a^{j-1})ᵀ: a column of deltas times a row of inputs gives the (n_j, n_{j-1}) "
            "shape of W. Without the transpose the shapes do not fit (numpy's matmul error)."),
    Mistake("output_for_input", "the weight gradient uses the layer's own output a^j where its input a^{j-1} is meant",
            "z^j = W^j a^{j-1} + b^j, so ∂z^j/∂W^j brings the activation that enters layer j: ∇_{W^j} L = φ^j (a^{j-1})ᵀ."),
    Mistake("input_factor_missing", "the input factor of a weight gradient is left out: ∂z/∂w is the layer's input, not 1",
            "∂(w r + b)/∂w = r: multiply the delta by the input of the layer (x for the first one)."),
    Mistake("biases_left_out", "the biases are left out of the forward pass: z = w·r where w·r + b is meant",
            "Each unit computes z = w·r + b; without b the units switch on and off at other inputs."),
    Mistake("input_not_previous_activation", "the weight gradient uses the network input x instead of the layer's own input a^{j-1}",
            "z^j = w^j a^{j-1}, so ∂z^j/∂w^j = a^{j-1}: the activation that enters layer j, not x."),
    Mistake("bias_not_summed", "bias gradient not summed over the batch: db has one column per example",
            "b is shared by all m examples, so its gradient adds their contributions: "
            "db = np.sum(dZ, axis=1, keepdims=True), shape (n, 1)."),
    Mistake("bias_summed_over_units", "bias gradient summed over the units (axis 0) instead of the examples (axis 1)",
            "Examples are columns: sum along the rows of each unit, np.sum(dZ, axis=1, keepdims=True)."),
    # output layer
    Mistake("bce_second_term_sign", "wrong sign on the second term of the BCE derivative (as printed in seed 003)",
            "∂/∂ŷ [−y log ŷ − (1 − y) log(1 − ŷ)] = −y/ŷ + (1 − y)/(1 − ŷ): the log(1 − ŷ) term brings a "
            "second minus sign. With σ′ = ŷ(1 − ŷ) the delta simplifies to ŷ − y."),
    Mistake("sigma_prime_applied_twice", "σ′ applied on top of the fused delta: (a − y) ∘ σ′(z)",
            "For sigmoid + binary cross-entropy, σ′(z) = a(1 − a) already cancelled the denominators of "
            "∂L/∂a: φ^J = (a − y) / m, with no σ′ left to apply."),
    Mistake("mean_over_entries", "divided by n·m (every entry) instead of m (the examples)",
            "The loss is a sum over the n outputs of each example and a mean over the m examples: "
            "φ^J = (a^J − y) / m."),
    Mistake("softmax_over_rows", "softmax taken along the rows (axis 1) instead of down each column (axis 0)",
            "Each column is one example, and softmax normalises one example's n outputs: sum over axis 0."),
    Mistake("elementwise_softmax_derivative", "softmax treated as an elementwise function: multiplied by s(1 − s)",
            "Softmax is not elementwise; with cross-entropy its Jacobian cancels and φ^J = (s − y) / m."),
    Mistake("missing_softmax_jacobian", "stopped at ∂L/∂a = −y/s: the softmax's Jacobian is missing",
            "φ^J = ∂L/∂z^J: go through the softmax too; with cross-entropy it simplifies to (s − y) / m."),
    Mistake("softmax_jacobian_diagonal_only", "only the true class gets a gradient, −y(1 − s): what the diagonal "
            "of the softmax Jacobian alone gives, ∂L/∂s ∘ s(1 − s), with the cross terms ∂s_i/∂z_k = −s_i s_k "
            "(i ≠ k) left out; the other classes' s_k are pushed down by those cross terms",
            "Every z_k moves every s_i through the shared denominator; with all terms, "
            "Jᵀ(−y/s) = s − y, so φ^J = (s − y) / m. (Dividing by s also gives NaN where s underflows to 0.)"),
    Mistake("softmax_shifted_by_batch_max", "softmax shifted by the largest logit of the whole batch, not each "
            "column's: a column far below it underflows to 0/0",
            "Each example (column) is its own softmax: subtract np.max(Z, axis=0, keepdims=True)."),
    Mistake("softmax_not_shifted", "exp of a large logit overflowed: softmax computed without subtracting "
            "each column's maximum",
            "softmax(z) = softmax(z − max z): subtract each column's maximum before exp and nothing "
            "exceeds e⁰ = 1."),
    Mistake("bce_long_way_unclipped", "the delta computed the long way, ∂L/∂a ∘ σ′(z): for a large |z| the sigmoid "
            "rounds to exactly 0 or 1, and −y/a + (1 − y)/(1 − a) divides by zero (NaN)",
            "The factors cancel on paper: φ^J = (a − y) / m, with no division and exact for every z."),
    # gradient checking
    Mistake("forward_difference", "one-sided (forward) difference (f(x + ε) − f(x)) / ε instead of the central difference",
            "Use (f(x + ε) − f(x − ε)) / (2ε): its error shrinks like ε², the one-sided one only like ε."),
    Mistake("backward_difference", "one-sided (backward) difference (f(x) − f(x − ε)) / ε instead of the central difference",
            "Use (f(x + ε) − f(x − ε)) / (2ε): its error shrinks like ε², the one-sided one only like ε."),
    Mistake("divided_by_eps", "divided by ε instead of 2ε: the two points x ± ε are 2ε apart",
            "Central difference: (f(x + ε) − f(x − ε)) / (2ε)."),
    Mistake("all_entries_at_once", "every entry of x was perturbed at once",
            "Perturb one entry at a time (the others stay put) to get that entry's partial derivative."),
    Mistake("x_not_restored", "x was not restored after perturbing an entry, so later entries are measured at a shifted point",
            "Save x[i], perturb, evaluate, and put the saved value back before moving to the next entry."),
    Mistake("relative_eps", "a step relative to the entry, ε·|x_i|, where the step ε itself is meant",
            "The check asks for the central difference with step ε: (f(x + ε e_i) − f(x − ε e_i)) / (2ε). "
            "A relative step is a valid idea of its own, but it is another estimate (and 0 where x_i = 0)."),
    Mistake("perturbed_copies_alias_x", "f saw the same point both times, so every difference is 0: the arrays you "
            "perturbed are not what f was given (x_plus = x and x_minus = x are x itself, so both steps land in x "
            "and cancel; or you moved entries of a copy, such as x.flatten(), and called f on x)",
            "Call f on the array you moved: x_plus = x.copy(), move x_plus[i], call f(x_plus) (or move x in place, "
            "call f(x), and restore it between the two evaluations)."),
    Mistake("eps_precedence", "written `/ 2 * eps`, which divides by 2 and then multiplies by ε: Python reads it left to right",
            "Write / (2 * eps): the brackets make 2ε the denominator."),
    Mistake("second_point_not_shifted", "the second evaluation is at x, not x − ε: (f(x + ε) − f(x)) / (2ε) is half a "
            "forward difference",
            "Move the entry down to x − ε for the second evaluation (and restore it afterwards)."),
    Mistake("perturbed_whole_rows", "a loop over `range(len(x))` walks the first axis only: for a matrix each step moves a whole row",
            "Visit every entry: for i in np.ndindex(*x.shape) (or np.nditer with multi_index)."),
    Mistake("perturbation_accumulates", "the step vector is not reset: entries visited earlier stay moved, so "
            "each difference moves entries 0 … i at once",
            "Start every entry from a fresh step (zeros with only entry i set), or restore what you moved."),
    Mistake("last_example_only", "only the last example counts: inside a loop over the examples, = overwrote what "
            "the earlier examples gave",
            "Accumulate over the batch: dW += (a column of dZ) @ (a column of A_prev)ᵀ, db += (a column of dZ), "
            "starting from zeros; or, without a loop, dZ @ A_prevᵀ and a sum over axis 1."),
    Mistake("hidden_relu_prime_changes_nothing", "the hidden units' ReLU′ factors change nothing: left out, or every "
            "ReLU′ taken at the output unit's z₃ (one variable z reused for all three layers gives exactly this)",
            "Each unit's own factor: φ2 = φ3 · w3 · ReLU′(z2), φ1 = φ2 · w2 · ReLU′(z1), each z kept under its own name."),
    Mistake("output_relu_prime_missing", "the output unit's ReLU′ factor is left out (the hidden units' are there)",
            "The chain starts at the output: φ3 = (ŷ − y) · ReLU′(z3), which is 0 when the output unit is off."),
    Mistake("bias_times_b", "db multiplied by b: ∂z/∂b is 1, not b (b is not an input of its own term)",
            "z = W x + b, so ∂z/∂b = 1 and db = φ (summed over a batch)."),
    Mistake("first_example_only", "only the first example counts: the batch's other columns are left out",
            "Sum over every column: dW = dZ @ A_prevᵀ, db = the sum of dZ over axis 1."),
    Mistake("product_of_sums", "dW as a product of sums over the batch, (Σ φ)(Σ a)ᵀ, where a sum of products, "
            "Σ φ aᵀ, is meant",
            "Each example contributes its own outer product φ_k a_kᵀ; dZ @ A_prevᵀ adds them up."),
    Mistake("delta_of_layer_below", "dA_prev multiplied by the activation derivative of the layer below: that is "
            "the layer below's delta φ, one step further than this layer's backward pass goes",
            "dense_backward returns ∂L/∂a_prev = Wᵀ dZ; the layer below applies its own σ′ when it computes its φ."),
    Mistake("output_delta_given", "φᴶ is given with its σ′ already in it (equation (1) is done): multiplying it by "
            "σ′(z^J) again applies equation (1) twice",
            "Start the loop from phi[J] = phi_J as given; equation (2) multiplies by σ′(z^j) for the layers below only."),
    Mistake("restored_too_far", "each entry was put back to x + ε, not x: later entries are measured at a shifted point",
            "Restore what you saved (x[i] = saved), or undo exactly what you added."),
    Mistake("overwritten_by_last", "one number came back: `grad = …` inside the loop overwrote the whole array each "
            "time, so what is left is the last entry's value",
            "Write each entry into its place: grad[i] = …, with grad = np.zeros_like(x) before the loop."),
    Mistake("outputs_aliased", "this list holds another output's values: the two names are one list "
            "(dW = db = [None] * (J + 1) makes one list with two names)",
            "Make each list on its own: dW = [None] * (J + 1); db = [None] * (J + 1)."),
    Mistake("same_value_twice", "this output holds the right value of another output: the same formula written "
            "for both (a line copied and not changed?)",
            "Each output has its own formula: compare the line that computes this one with the exercise."),
    Mistake("upstream_left_out", "the upstream gradient is left out: a node passes back its local gradient × the "
            "upstream gradient ∂out/∂node, not its local gradient alone",
            "Multiply each local gradient by `upstream`: that is the chain rule, applied once per edge."),
    Mistake("product_gradients_swapped", "each input got its own value as gradient: ∂(a·b)/∂a is b, the other factor",
            "For c = a·b: ∂c/∂a = b and ∂c/∂b = a, each times the upstream gradient."),
    Mistake("update_sign", "the step went up the gradient: W + lr·∇W where W − lr·∇W is meant",
            "Gradient descent moves against the gradient: W ← W − lr · ∇_W L."),
    Mistake("no_step_taken", "the weights as they were: the step was not taken",
            "After the gradient, one step: W ← W − lr · ∇_W L."),
    Mistake("learning_rate_left_out", "the whole gradient was subtracted: W − ∇W where W − lr·∇W is meant",
            "Scale the step by the learning rate: W ← W − lr · ∇_W L, here lr = 0.1."),
    Mistake("he_for_every_activation", "the He std √(2/n) for every activation: its 2 makes up for ReLU's half of the "
            "units off, which tanh, the sigmoid and the identity do not have",
            "g² = n s² · mean σ′²: solve g = 1 for s with the activation's own mean σ′² at z ≈ 0."),
    Mistake("xavier_for_every_activation", "the std √(1/n) for every activation: right where σ′ ≈ 1 at 0 (tanh, the "
            "identity), not for ReLU (half the units off) or the sigmoid (σ′(0) = ¼)",
            "g² = n s² · mean σ′²: solve g = 1 for s with the activation's own mean σ′² at z ≈ 0."),
    Mistake("variance_for_std", "a variance where the standard deviation is meant: s² = 1/(n · mean σ′²), not its square root",
            "The gain formula has s²; the initialisation wants s, its square root."),
    Mistake("derivative_not_squared", "mean σ′ where mean σ′² is meant: for the sigmoid σ′(0) = ¼, so σ′² = 1/16",
            "The gain is about the squared norm: g² = n s² · mean σ′²."),
    Mistake("one_layer_too_many", "one factor too many: a delta at layer 1 has gone through J − 1 layers, not J",
            "φ¹ = (J − 1 Jacobians) · φᴶ: the ratio is g^(J−1)."),
    Mistake("ratio_upside_down", "the ratio upside down: ‖φᴶ‖ / ‖φ¹‖ where ‖φ¹‖ / ‖φᴶ‖ is meant",
            "Going down from layer J to layer 1 multiplies the norm by g at each layer: ‖φ¹‖ ≈ g^(J−1) ‖φᴶ‖."),
    Mistake("gain_added_not_multiplied", "the gains added, (J − 1) · g, where they multiply, g^(J−1)",
            "Each layer multiplies the norm by g: a product of J − 1 factors, a power."),
    Mistake("row_layout_not_transposed", "the row layout's product written in the column layout's order: with examples "
            "as rows, z = x Wᵀ + bᵀ (X @ W.T + b.T), not W x",
            "In the row layout each example is a row: Z_rows = X_rows @ W.T + b.T, which is (W @ X_rows.T + b).T."),
    Mistake("probability_for_loss", "the probability 1/C where the loss −ln(1/C) = ln C is meant",
            "Cross-entropy is −ln of the probability given to the right class: −ln(1/C) = ln C."),
    Mistake("log_left_out", "the number of classes C where ln C is meant: the logarithm is left out",
            "Cross-entropy is −ln s_y; with s_y = 1/C that is ln C."),
    Mistake("weight_decay_left_out", "the penalty's gradient λW is left out: ∇W L of the regularised loss is dW + λW",
            "d/dW of (λ/2)‖W‖² is λW: add it to the gradient of the data loss."),
    Mistake("weight_decay_doubled", "twice the penalty's gradient, 2λW where λW is meant: the ½ of (λ/2)‖W‖² cancels the 2 "
            "of the square",
            "With (λ/2)‖W‖² in the loss, its gradient is λW."),
    Mistake("weight_decay_sign", "dW − λW where dW + λW is meant: the penalty adds to the loss, so its gradient adds too",
            "d/dW of +(λ/2)‖W‖² is +λW; the step W − η(dW + λW) then shrinks W."),
    # the step of a gradient check (exercise 11)
    Mistake("truncation_left_out", "only the round-off u|f|/ε: the truncation error ε²|f‴|/6 is left out",
            "The central difference's Taylor remainder, ε²f‴(x)/6, is what makes a large step inaccurate."),
    Mistake("roundoff_left_out", "only the truncation ε²|f‴|/6: the round-off u|f|/ε is left out",
            "Each value of f is rounded by up to u|f|; divided by 2ε, the difference's rounding grows as ε shrinks."),
    Mistake("forward_difference_truncation", "the one-sided difference's truncation ε|f″|/2 where the central "
            "difference's ε²|f‴|/6 is meant",
            "In f(x + ε) − f(x − ε) the even terms of Taylor cancel: what is left is ε²f‴/6 after dividing by 2ε."),
    Mistake("central_remainder_not_halved", "ε²|f‴|/3 where ε²|f‴|/6 is meant: the remainder ε³f‴/3 of "
            "f(x + ε) − f(x − ε) divided by ε, not by 2ε",
            "f(x + ε) − f(x − ε) = 2εf′ + ε³f‴/3 + …; divided by 2ε: f′ + ε²f‴/6."),
    Mistake("roundoff_not_divided_by_eps", "the round-off u|f| is not divided by ε: the rounding of the two values "
            "of f grows when the difference is divided by 2ε",
            "About 2u|f| of rounding in f(x + ε) − f(x − ε), divided by 2ε: u|f|/ε."),
    Mistake("float64_epsilon_for_float32", "float64's u = 2.2e-16 for every dtype: float32 rounds to u = 1.2e-7",
            "u = np.finfo(dtype).eps, the spacing of dtype's numbers at 1, depends on the dtype."),
    Mistake("roundoff_not_halved", "a round-off of 2u|f|/ε where u|f|/ε is meant: the 2u|f| of the two values' "
            "rounding is divided by 2ε, not by ε",
            "(f(x + ε) − f(x − ε)) / (2ε): about 2u|f| of rounding in the numerator, over 2ε, is u|f|/ε."),
    Mistake("roundoff_without_f", "a round-off of u/ε where u|f|/ε is meant: rounding is relative, so it scales "
            "with |f(x)| (e here)",
            "A float is rounded by up to u times its size: f(x) ± ε by about u|f(x)|."),
    Mistake("best_step_of_doubled_roundoff", "the step (6u)^(1/3): the best step of ε²|f‴|/6 + 2u|f|/ε, whose round-off is "
            "twice the bound's",
            "With the round-off u|f|/ε (the 2u|f| of the numerator over 2ε), ε³ = 3u|f|/|f‴|."),
    Mistake("best_step_derivative_halved", "the step (3u/2)^(1/3): the derivative of ε²|f‴|/6 taken as ε|f‴|/6, or the 3 "
            "halved on the way",
            "d/dε (ε²|f‴|/6) = ε|f‴|/3; set ε|f‴|/3 = u|f|/ε²: ε³ = 3u|f|/|f‴|."),
    Mistake("square_root_rule", "the square root √u, the best step of a one-sided difference, where the central "
            "difference's (3u)^(1/3) is meant",
            "Set the derivative of ε²|f‴|/6 + u|f|/ε to 0: ε³ = 3u|f|/|f‴|, and |f| = |f‴| = e here."),
    Mistake("cube_root_without_3", "u^(1/3): the factor 3 of ε³ = 3u|f|/|f‴| is left out",
            "d/dε (ε²|f‴|/6 + u|f|/ε) = ε|f‴|/3 − u|f|/ε² = 0 gives ε³ = 3u|f|/|f‴|."),
    Mistake("machine_epsilon_as_step", "u itself as the step: there the round-off u|f|/ε is as large as |f|",
            "The smallest step is the worst one: minimise the bound, ε* = (3u)^(1/3) here."),
    # your own network (exercise 12)
    Mistake("forward_weights_transposed", "the forward pass multiplies by Wᵀ where W is meant",
            "W has shape (n_out, n_in): z = W a_prev + b maps a layer's n_in inputs to its n_out units. "
            "Wᵀ belongs to the backward pass."),
    Mistake("builtin_max_for_relu", "the built-in max(Z, 0) compares a whole array with 0, which has no single truth "
            "value (Python's max is not numpy's)",
            "np.maximum(Z, 0) takes the larger of z and 0 entry by entry."),
    Mistake("column_max_for_relu", "np.max(Z, 0) gives the largest entry of each column (0 is its axis), not ReLU",
            "np.max reduces along an axis; the elementwise larger of two arrays is np.maximum(Z, 0)."),
    Mistake("relu_prime_for_relu", "ReLU′ (1 where z > 0, else 0) where ReLU itself is meant",
            "ReLU(z) = max(z, 0) keeps the value of z where it is positive; its derivative is the 0/1 step."),
    Mistake("abs_for_relu", "the absolute value |z| where ReLU is meant: negative pre-activations come out positive",
            "ReLU(z) = max(z, 0) sets negative entries to 0: np.maximum(Z, 0)."),
    Mistake("negative_part_for_relu", "min(z, 0) where max(z, 0) is meant: the negative part kept, the positive dropped",
            "ReLU(z) = np.maximum(Z, 0)."),
    Mistake("targets_left_out", "every class's −ln s counted: the one-hot targets y are left out of the loss",
            "Cross-entropy picks the log-probability of the true class: L = −(1/m) Σ y ∘ ln s, and y is 0 for "
            "every other class."),
    Mistake("loss_without_log", "the probabilities themselves summed, −(1/m) Σ y ∘ s: the logarithm is left out",
            "Cross-entropy is −(1/m) Σ y ∘ ln s: the log makes a confident wrong answer cost a lot."),
    Mistake("binary_ce_for_categorical", "binary cross-entropy, −(1/m) Σ [y ln s + (1 − y) ln(1 − s)], where the "
            "categorical one is meant",
            "With a softmax the classes share one distribution: L = −(1/m) Σ y ∘ ln s, with no (1 − y) term."),
    Mistake("relu_on_output_layer", "ReLU applied to the output layer too, before the softmax",
            "Only the hidden layers have ReLU; the softmax takes the output layer's z^J as it is "
            "(a ReLU there clips every negative logit to 0)."),
    Mistake("loss_never_saw_the_step", "every difference is 0: the loss never saw a moved entry (entries of a copy "
            "moved while the loss reads the originals, or a loop that never reaches these parameters)",
            "Move the entry the loss reads, W[j][i] itself, evaluate, put it back; and visit every W[j] and b[j]."),
    Mistake("last_layer_not_updated", "the last layer takes no step: a loop over the layers that stops one early "
            "(range(1, len(W) − 1), or range(1, J) with J = len(W) − 1)",
            "Layers 1 … J all take a step: for j in range(1, len(W)) visits every one (W[0] is None)."),
    Mistake("learning_rate_divides", "the gradient divided by the learning rate: W − ∇W / lr where W − lr·∇W is meant",
            "The step is the learning rate times the gradient: W ← W − lr ∇W."),
    Mistake("biases_not_updated", "the weights take their step, the biases do not",
            "Every parameter takes a step: b ← b − lr ∇b as well as W ← W − lr ∇W."),
    Mistake("weights_not_updated", "the biases take their step, the weights do not",
            "Every parameter takes a step: W ← W − lr ∇W as well as b ← b − lr ∇b."),
    Mistake("bias_gradient_for_weights", "the weights step along the bias gradient: W − lr·∇b (numpy broadcasts the "
            "column ∇b across W)",
            "Each parameter steps along its own gradient: W ← W − lr dW, b ← b − lr db."),
    Mistake("global_rng_used", "numpy's global generator used (np.random.seed, randn, permutation …): the run "
            "depends on, and changes, random state outside the function",
            "Make one generator from the seed, rng = np.random.default_rng(seed), and draw everything from it: "
            "rng.standard_normal(shape), rng.permutation(m)."),
    Mistake("init_not_he", "the initial weights do not have He's scale: mean 0 and standard deviation √(2/n_{j−1}), "
            "n_{j−1} the layer's inputs",
            "W[j] = rng.standard_normal((n_j, n_{j−1})) · √(2 / n_{j−1}): a ReLU layer then keeps the size of the "
            "signal from layer to layer (notebook 04, section 5)."),
    Mistake("initial_biases_not_zero", "with epochs = 0 the biases are not all 0: they start elsewhere, or the loop "
            "trained anyway (range(epochs + 1)?)",
            "Biases start at 0; with epochs = 0 the loop runs no step and train returns the initial weights."),
    Mistake("batch_size_ignored", "batches larger than batch_size",
            "Take batch_size columns at a time: order[start:start + batch_size] for start in range(0, m, batch_size)."),
    Mistake("not_every_example_each_epoch", "an epoch does not visit every example exactly once (the last, shorter "
            "batch skipped? range(0, m − batch_size, …) or m // batch_size batches?)",
            "for start in range(0, m, batch_size): batch = order[start:start + batch_size]; the last batch may "
            "be shorter, and it counts."),
    Mistake("not_shuffled", "the examples are not shuffled anew in every epoch",
            "Draw order = rng.permutation(m) at the start of each epoch: batches of other examples each time."),
    Mistake("parameters_not_updated", "some weights and biases never take a step",
            "After each batch, every W[j] and b[j] takes its step: keep what sgd_step returns for every layer."),
    Mistake("training_not_seeded", "not reproducible: the same seed gave different initial weights",
            "Make every random choice from one generator, rng = np.random.default_rng(seed): the initial "
            "weights and the shuffling. A run you can repeat is a run you can debug."),
    Mistake("weights_start_equal", "the initial weights are all equal (all zeros, say), so every hidden unit "
            "computes the same thing",
            "Units that start equal get equal gradients and stay equal: draw the weights at random, "
            "W[j] = rng.standard_normal(shape) · √(2 / n_{j−1}) for ReLU layers (He), biases 0."),
    Mistake("training_diverged", "training diverged: the weights or the loss became NaN or infinite",
            "A step too large overshoots and grows: check the sign of the step and that the gradient is a "
            "mean over the batch (the 1/m), then try a smaller learning rate."),
    Mistake("tiny_batch_not_learnt", "the network cannot learn 10 examples by heart: the loss hardly falls",
            "Overfitting a tiny batch is the first sanity check of training: when it fails, some parameters do "
            "not get their step (check that every layer's W and b are updated, and with lr)."),
    Mistake("held_out_below_target", "it learns, but does not reach the target on the held-out digits",
            "Does every epoch visit every example, in a new shuffled order, in batches (the last batch may be "
            "short)? Are the weights kept from one batch to the next?"),
    Mistake("layer_never_computed", "a layer is never computed: it is still all zeros: a loop over the layers that "
            "stops before it (range(1, J) never reaches J, range(J − 1, 1, −1) never reaches 1), or backprop run "
            "upwards, reading a delta of the layer above that is not computed yet",
            "Visit every layer: for j in range(1, J + 1) going up; backprop goes down, for j in range(J − 1, 0, −1), "
            "each step using the delta just computed above it."),
    Mistake("last_entry_skipped", "the last entry (row, column or example) is never filled in: a loop that stops one "
            "early, such as range(n − 1) where range(n) is meant",
            "range(n) already stops at n − 1: loop over range(n), or np.ndindex(*shape) for every index."),
    Mistake("last_example_left_out", "the last example is left out of the sums over the batch: a loop over "
            "range(m − 1) where range(m) is meant",
            "range(m) already stops at the last example, m − 1."),
    Mistake("bias_summed_over_everything", "every entry of db is the sum of all of dZ (∂z/∂b taken as a matrix of "
            "ones, as in seed 003): the sum over the units is one too many",
            "Each unit's bias affects only its own z_i: ∂z_i/∂b_k = 1 if i = k, else 0, so db = Σ over the "
            "examples of dZ's own row."),
    Mistake("outputs_swapped", "these are right but returned in each other's place",
            "Return the values in the order the exercise states."),
    Mistake("log_base_10", "a factor 1/ln 10 ≈ 0.434: log10 where the natural log is meant (as in seed 003)",
            "Cross-entropy uses the natural log, whose derivative is 1/a; log10's is 1/(a ln 10)."),
    Mistake("layers_reversed", "the layers come back in reverse order: your list's entry j holds another layer's delta",
            "Fill phi[j] by its index (phi = [None] * (J + 1), then phi[j] = …) instead of appending while "
            "going down, or reverse the list you appended to."),
    Mistake("ignores_eps", "the ε you were given is not used (your values match a much smaller step)",
            "Use the eps argument: the check compares with a central difference at that step."),
    # factors and signs (generic: tried on every output after the specific mistakes)
    Mistake("wrong_sign", "wrong sign: your result is exactly minus the right one",
            "Check each sign of the chain, starting with the loss's own derivative (for ½(a − y)² it is "
            "a − y, not y − a) and, in a difference quotient, which point comes first."),
    Mistake("factor_m", "a factor m (the batch size) too large: the 1/m of the mean over the batch is missing",
            "The loss is the mean over the m examples (columns), so its gradient carries a 1/m."),
    Mistake("factor_1_over_m", "a factor 1/m too small: divided by the batch size m once too often",
            "The 1/m lives in the loss (∂L/∂a^J); the weight and bias gradients only sum over the batch."),
    Mistake("factor_2", "a factor 2 too large",
            "The ½ in ½(a − y)² cancels the 2 of the square; a central difference divides by 2ε."),
    Mistake("factor_1_over_n", "a factor 1/n too small: divided by a size of the array (a number of units or "
            "inputs), where no such division belongs",
            "Only the loss's mean over the m examples divides; a sum over units or inputs is never averaged."),
    Mistake("factor_half", "a factor ½ too small",
            "The derivative of ½(a − y)² is (a − y): the ½ has already cancelled the 2."),
    # what came back
    Mistake("shape_flat", "a flat 1-D array where a 2-D one (a column (n, 1), a row (1, n) or a matrix) is expected",
            "Return the shape the exercise states (the shape of the parameter or input it belongs to): "
            "np.sum(..., axis=1, keepdims=True) keeps a column, and .reshape(shape) restores one. A flat "
            "vector broadcasts silently later, e.g. b − lr·db becomes an (n, n) matrix."),
    Mistake("shape_transposed", "the values are right but transposed (rows and columns swapped)",
            "The course's shapes: W^j and dW^j are (n_j, n_{j-1}); examples are columns."),
    Mistake("shape_mismatch", "wrong shape", "Compare the shape with the one the exercise states."),
    Mistake("non_finite", "NaN or infinity in the result",
            "Look for log(0), division by zero, or exp of a large number."),
    Mistake("integer_dtype", "an integer array: the fractions were cut off",
            "Compute in floating point (e.g. np.zeros(shape) rather than np.zeros(shape, dtype=int))."),
    Mistake("input_modified", "your function changed an input array in place",
            "The caller still needs the arrays it passed in: compute into a new array (a fresh result, "
            "or a .copy() before changing one) instead of writing into an input."),
    Mistake("not_implemented", "not written yet", "Replace `raise NotImplementedError()` with your code."),
    Mistake("raised", "your function raised an exception", "Read the error message and the line it points at."),
    Mistake("bad_return", "the function does not return what the exercise asks for",
            "Check the return statement against the exercise."),
    Mistake("found_by_search", "no mistake of the catalogue, but a small change to the right computation "
            "reproduces all your numbers",
            "Each line names a change to the course's computation that gives exactly your results on every "
            "case (and where it is): undo it in your code."),
    Mistake("no_known_mistake", "the result differs from the reference, and no known mistake explains it",
            "Compare entry by entry with a hand computation or a gradient check."),
]}

GENERIC_VARIANTS = (  # (mistake id, output transform) tried on every output after the specific ones
    ("shape_transposed", lambda value, m: value.T),
    ("wrong_sign", lambda value, m: -value),
    ("factor_m", lambda value, m: value * m),
    ("factor_1_over_m", lambda value, m: value / m),
    ("factor_2", lambda value, m: value * 2.0),
    ("factor_half", lambda value, m: value * 0.5),
    ("factor_1_over_n", lambda value, m: value / value.shape[0] if value.ndim else value),
    ("factor_1_over_n", lambda value, m: value / value.shape[-1] if value.ndim else value),
    ("log_base_10", lambda value, m: value / np.log(10.0)),
)


# ---- results ------------------------------------------------------------------------------

@dataclass
class CheckResult:
    """What one check found: a grader collects these (see `results()`)."""
    name: str                     # the exercise id, e.g. "dense_backward"
    passed: bool
    mistake: str = None           # id in MISTAKES of the first diagnosis (None when passed cleanly)
    message: str = ""
    mistakes: dict = field(default_factory=dict)   # output name → mistake id, for every wrong output
    notes: list = field(default_factory=list)      # accepted conventions and other remarks
    hidden: bool = False
    n_cases: int = 0

    def to_dict(self):
        return asdict(self)

    def __str__(self):
        return self.message

    def _repr_html_(self):
        colour = "#1a7f37" if self.passed else "#cf222e"
        text = self.message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text = re.sub(r"(read again: )(\S+)", r"\1<a href='\2'>\2</a>", text)  # opens the section in JupyterLab
        return f"<pre style='color:{colour}'>{text}</pre>"


class CheckFailed(AssertionError):
    """Raised by `check` when the student's function disagrees; the message is the diagnosis."""

    def __init__(self, result):
        super().__init__(result.message)
        self.result = result


_RESULTS = []


def results():
    """Every CheckResult of this session (kernel), in order: what a grader reads back."""
    return list(_RESULTS)


def results_json():
    return json.dumps([r.to_dict() for r in _RESULTS])


def reset_results():
    _RESULTS.clear()


# ---- exercises: cases, reference, variants --------------------------------------------------

@dataclass
class Case:
    label: str
    inputs: dict
    m: int = 1  # batch size: what "a factor m" means for this case


@dataclass
class Exercise:
    id: str
    signature: str            # how the student's function is called, for messages
    make_cases: object        # make_cases(hidden: bool) -> list[Case]
    reference: object         # reference(**inputs) -> dict output name → array
    variants: list            # [(mistake id, compute(inputs, ref) -> dict of the outputs it changes)]
    split: object             # split(returned, case) -> dict output name → value; raises ReturnError
    scalar: bool = False      # outputs are numbers: any size-1 array is accepted
    program: Program = None   # the reference as a program, for diagnosis by search (mlpedu/search.py)
    program_inputs: object = None  # inputs → the program's flat scope (e.g. the list W → W1, W2, W3)


class ReturnError(Exception):
    """The returned value does not have the structure the exercise asks for."""


def tuple_of(*names):
    """split() for a function that returns a fixed tuple of outputs, e.g. (dW, db)."""
    def split(returned, case):
        if len(names) == 1:
            if returned is None:
                raise ReturnError("returned None: is the `return` statement missing?")
            if isinstance(returned, tuple):
                raise ReturnError(f"returned a tuple of {len(returned)} values; expected a single array, {names[0]}.")
            return {names[0]: returned}
        if returned is None:
            raise ReturnError("returned None: is the `return` statement missing?")
        if not isinstance(returned, (tuple, list)) or len(returned) != len(names):
            got = (f"{len(returned)} values" if isinstance(returned, (tuple, list))
                   else f"one {type(returned).__name__}")
            raise ReturnError(f"returned {got}; expected {len(names)} values: ({', '.join(names)}).")
        return dict(zip(names, returned))
    return split


def layer_lists(*names):
    """split() for lists in course indexing: name[j] for j = 1 … J, name[0] None (the input layer)."""
    def split(returned, case):
        J = len(case.inputs["W"]) - 1
        if returned is None:
            raise ReturnError("returned None: is the `return` statement missing?")
        lists = (returned,) if len(names) == 1 else returned
        if len(names) > 1 and (not isinstance(returned, (tuple, list)) or len(returned) != len(names)):
            raise ReturnError(f"expected a pair of lists ({', '.join(names)}); got {type(returned).__name__}"
                              f"{' of length ' + str(len(returned)) if isinstance(returned, (tuple, list)) else ''}.")
        outputs = {}
        for name, values in zip(names, lists):
            if not isinstance(values, (list, tuple)):
                raise ReturnError(f"{name} should be a list [None, {name}[1], …, {name}[{J}]] in course "
                                  f"indexing; got {type(values).__name__}.")
            if len(values) == J:
                missing = (f"the last one, {name}[{J}], is missing" if values[0] is None else
                           f"the first, {name}[0] = None (the input layer), is missing")
                raise ReturnError(f"{name} has {J} entries, expected J + 1 = {J + 1} ({name}[0] = None, then "
                                  f"layers 1 … {J}): {missing}.")
            if len(values) != J + 1:
                raise ReturnError(f"{name} has {len(values)} entries; expected J + 1 = {J + 1} "
                                  f"({name}[0] = None, then layers 1 … {J}).")
            outputs.update({f"{name}[{j}]": values[j] for j in range(1, J + 1)})
        return outputs
    return split


def _sigmoid(Z):
    return Sigmoid().function(Z)


def _sigmoid_prime(Z):
    return Sigmoid().derivative(Z)


def _relu(Z):
    return np.maximum(Z, 0.0)


def layers_forward(W, b, X, sigma=_relu, top=lambda Z: Z):
    """The forward pass in course indexing: Z[j] = W[j] A[j−1] + b[j], then A[j] = σ(Z[j]) below
    the top layer and top(Z[J]) at it (the logits themselves, unless told otherwise)."""
    J = len(W) - 1
    Z, A = [None] * (J + 1), [X] + [None] * J
    for j in range(1, J + 1):
        Z[j] = W[j] @ A[j - 1] + b[j]
        A[j] = sigma(Z[j]) if j < J else top(Z[j])
    return Z, A


def _try(compute):
    """A variant computed with the same numpy operations a student would use may raise too
    (e.g. W @ φ with a non-square W): keep that as a result, not an error."""
    try:
        return compute()
    except Exception as exc:
        return Raised(exc)


@dataclass
class Raised:
    exception: BaseException


# 1.1 a single sigmoid neuron, one example, loss ½(a − y)² ------------------------------

def neuron_cases(hidden):
    rng = np.random.default_rng(11 if hidden else 1)
    cases = []
    for n in ((4, 2, 5) if hidden else (3, 2)):
        inputs = {"x": rng.standard_normal((n, 1)), "W": rng.standard_normal((1, n)),
                  "b": rng.standard_normal((1, 1)), "y": rng.uniform(0.0, 1.0, (1, 1))}
        cases.append(Case(f"n = {n} inputs", inputs))
    return cases


def neuron_reference(x, W, b, y):
    layer, sigma = Dense(x.shape[0], 1).set_params(W=W, b=b), Sigmoid()
    A = sigma.forward(layer.forward(x))
    layer.backward(sigma.backward(HalfSquaredError().backward(A, y)))
    return {"dW": layer.dW, "db": layer.db}


def neuron_with(factor):
    """The neuron's gradients with `factor(z, a)` in place of σ′(z)."""
    def compute(inputs, ref):
        x, W, b, y = (inputs[k] for k in ("x", "W", "b", "y"))
        Z = W @ x + b
        A = _sigmoid(Z)
        phi = (A - y) * factor(Z, A)
        return {"dW": phi @ x.T, "db": phi}
    return compute


def _neuron_input_not_transposed(inputs, ref):
    x, W, b, y = (inputs[k] for k in ("x", "W", "b", "y"))
    A = _sigmoid(W @ x + b)
    phi = (A - y) * A * (1 - A)
    return {"dW": phi @ x}  # (1, 1) @ (n, 1): the shapes do not fit, as in the student's code


# The sigmoid, its derivative, and what students put in their place: σ for σ′, tanh′'s 1 − a²
# for σ′, tanh or a softmax for σ.
SIGMOID = {"σ": lambda Z: _sigmoid(Z), "σ′": lambda Z: _sigmoid_prime(Z), "1 − σ²": lambda Z: 1 - _sigmoid(Z) ** 2,
           "tanh′": lambda Z: 1 - np.tanh(Z) ** 2, "tanh": np.tanh, "softmax": lambda Z: Softmax().function(Z)}
SIGMOID_SWAPS = {"σ′": ("σ", "1 − σ²", "tanh′"), "σ": ("σ′", "tanh", "softmax")}

NEURON_PROGRAM = Program(
    steps=(("z", Var("W") @ Var("x") + Var("b")),
           ("a", call("σ", Var("z"))),
           ("φ", (Var("a") - Var("y")) * call("σ′", Var("z"))),
           ("dW", Var("φ") @ Var("x").T),
           ("db", Var("φ"))),
    outputs=("dW", "db"), functions=SIGMOID, swaps=SIGMOID_SWAPS)

NEURON_VARIANTS = [
    ("input_not_transposed", _neuron_input_not_transposed),
    ("missing_sigma_prime", neuron_with(lambda Z, A: 1.0)),
    ("sigma_for_sigma_prime", neuron_with(lambda Z, A: _sigmoid(Z))),
    ("sigma_prime_formula_on_z", neuron_with(lambda Z, A: Z * (1 - Z))),
    ("sigma_prime_of_activation", neuron_with(lambda Z, A: _sigmoid_prime(A))),
    ("bias_times_b", lambda i, r: {"db": r["db"] * i["b"]}),
]


# 1.2 three chained scalar ReLU units (seed 000, with biases), cost ½(ŷ − y)² -------------

# Which units are on (z > 0), off (z < 0) or at the kink (z = 0). With biases a unit can be on
# after one that is off, so each ReLU′ factor of the chain rule changes some case's answer
# (in seed 000's bias-free chain one unit off makes every gradient 0, whatever the code does).
RELU_PATTERNS = [("all three units on", "+++"), ("unit 2 off (z₂ < 0), unit 3 on", "+-+"),
                 ("unit 1 off (z₁ < 0), units 2 and 3 on", "-++"), ("output unit off (z₃ < 0)", "++-"),
                 ("unit 2 exactly at the kink (z₂ = 0)", "+0+"),
                 ("a negative input x, all three units on", "+++")]  # ReLU′ taken at x would be 0 here
HIDDEN_RELU_PATTERNS = [("units 1 and 2 off, unit 3 on", "--+"), ("all on, other values", "+++"),
                        ("unit 3 exactly at the kink (z₃ = 0)", "++0")]


def relu_chain_forward(x, w, b):
    """z_j and r_j (course-indexed, r_0 = x) of the chain r_j = ReLU(w_j r_{j−1} + b_j)."""
    r, z = [x, None, None, None], [None] * 4
    for j in (1, 2, 3):
        z[j] = w[j] * r[j - 1] + b[j]
        r[j] = max(z[j], 0.0)
    return z, r


def relu_chain_case(rng, pattern, negative_input=False):
    """Numbers (3 decimals; a kink exactly 0 in float) whose units follow `pattern`."""
    size = lambda: float(np.round(rng.uniform(0.3, 1.5), 3))  # noqa: E731
    while True:
        x, w, b = size() * (-1 if negative_input else 1), [None] + [float(size() * rng.choice([-1, 1])) for _ in range(3)], [None] + [
            float(np.round(rng.uniform(-1.0, 1.0), 3)) for _ in range(3)]
        for j, want in enumerate(pattern, start=1):
            if want == "0":  # put unit j on the kink: b_j = −w_j r_{j−1}, exactly
                _, r = relu_chain_forward(x, w, b)
                w[j], b[j] = 0.5, -0.5 * r[j - 1]
        z, _ = relu_chain_forward(x, w, b)
        signs = "".join("+" if v > 0 else "-" if v < 0 else "0" for v in z[1:])
        if signs == pattern and all(v == 0 or abs(v) > 0.05 for v in z[1:]):  # clearly on or off
            return {"x": x, "w1": w[1], "b1": b[1], "w2": w[2], "b2": b[2], "w3": w[3], "b3": b[3], "y": 2 * size()}


def relu_chain_cases(hidden):
    rng = np.random.default_rng(12 if hidden else 2)
    patterns = RELU_PATTERNS + (HIDDEN_RELU_PATTERNS if hidden else [])
    return [Case(label, relu_chain_case(rng, pattern, negative_input=label.startswith("a negative input")))
            for label, pattern in patterns]


def relu_chain_reference(x, w1, b1, w2, b2, w3, b3, y, grad_at_zero=0.0):
    layers = []
    for w, b in ((w1, b1), (w2, b2), (w3, b3)):
        layers += [Dense(1, 1).set_params(W=[[w]], b=[b]), ReLU(grad_at_zero)]
    net = Sequential(layers, loss="half_squared_error")
    net.loss_and_gradients(np.array([[x]]), np.array([[y]]))
    return {f"dw{j}": net.dW[j].item() for j in (1, 2, 3)}


# The chain as a program: one change at a time only (15 steps make too many pairs to try in time).
RELU_CHAIN_PROGRAM = Program(
    steps=(("z1", Var("w1") * Var("x") + Var("b1")), ("r1", call("ReLU", Var("z1"))),
           ("z2", Var("w2") * Var("r1") + Var("b2")), ("r2", call("ReLU", Var("z2"))),
           ("z3", Var("w3") * Var("r2") + Var("b3")), ("r3", call("ReLU", Var("z3"))),
           ("φ3", (Var("r3") - Var("y")) * call("ReLU′", Var("z3"))),
           ("φ2", Var("φ3") * Var("w3") * call("ReLU′", Var("z2"))),
           ("φ1", Var("φ2") * Var("w2") * call("ReLU′", Var("z1"))),
           ("dw1", Var("φ1") * Var("x")), ("dw2", Var("φ2") * Var("r1")), ("dw3", Var("φ3") * Var("r2"))),
    outputs=("dw1", "dw2", "dw3"),
    functions={"ReLU": _relu, "ReLU′": lambda z: np.where(z > 0, 1.0, 0.0),
               "σ′": lambda z: _sigmoid_prime(z),  # the sigmoid's derivative, as in the other exercises
               "sign": np.sign},  # np.sign(z) for ReLU′: −1 where the unit is off
    swaps={"ReLU′": ("ReLU", "σ′", "sign"), "ReLU": ("ReLU′",)}, pairs=False)


def _previous(r, j):  # the right input of layer j's weight: the activation below it
    return r[j - 1]


def relu_chain_with(step=None, weight_input=_previous, grad_at_zero=None, step_layer=lambda j: j, hidden_step=None,
                    weight_layer=lambda j: j):
    """The chain's gradients by hand, with a replaced ReLU′ (`hidden_step` for units 1 and 2 if
    given), ReLU′ taken at layer step_layer(j), or a replaced weight-gradient input."""
    def compute(inputs, ref):
        if grad_at_zero is not None:
            return relu_chain_reference(**inputs, grad_at_zero=grad_at_zero)
        w = [None, inputs["w1"], inputs["w2"], inputs["w3"]]
        z, r = relu_chain_forward(inputs["x"], w, [None, inputs["b1"], inputs["b2"], inputs["b3"]])
        dr = r[3] - inputs["y"]
        grads = {}
        for j in (3, 2, 1):
            dz = dr * (step if j == 3 or hidden_step is None else hidden_step)(z[step_layer(j)])
            grads[f"dw{j}"] = dz * weight_input(r, j)
            dr = dz * (w[weight_layer(j)] if weight_layer(j) >= 1 else 0.0)
        return grads
    return compute


def _relu_step(z):
    return 1.0 if z > 0 else 0.0


def _linear_chain(inputs, ref):
    """Seed 000's learner: the chain differentiated as if no ReLU were there (every unit on)."""
    x, y, w1, b1, w2, b2, w3, b3 = (inputs[k] for k in ("x", "y", "w1", "b1", "w2", "b2", "w3", "b3"))
    r1 = w1 * x + b1
    r2 = w2 * r1 + b2
    error = w3 * r2 + b3 - y
    return {"dw1": error * w3 * w2 * x, "dw2": error * w3 * r1, "dw3": error * r2}


RELU_CHAIN_VARIANTS = [
    ("relu0_one", relu_chain_with(grad_at_zero=1.0)),
    ("relu0_half", relu_chain_with(grad_at_zero=0.5)),
    ("chain_treated_as_linear", _linear_chain),
    ("reversed_order", lambda i, r: {"dw1": r["dw3"], "dw2": r["dw2"], "dw3": r["dw1"]}),
    ("missing_sigma_prime", relu_chain_with(step=lambda z: 1.0)),
    ("hidden_relu_prime_changes_nothing", relu_chain_with(step=_relu_step, hidden_step=lambda z: 1.0)),  # hidden only
    ("sigma_for_sigma_prime", relu_chain_with(step=lambda z: max(z, 0.0))),
    ("sigma_prime_of_wrong_layer", relu_chain_with(step=_relu_step, step_layer=lambda j: min(j + 1, 3))),
    ("input_not_previous_activation", relu_chain_with(step=_relu_step, weight_input=lambda r, j: r[0])),
    ("output_relu_prime_missing", relu_chain_with(step=lambda z: 1.0, hidden_step=_relu_step)),  # the output's only
    ("output_for_input", relu_chain_with(step=_relu_step, weight_input=lambda r, j: r[j])),
    ("input_factor_missing", relu_chain_with(step=_relu_step, weight_input=lambda r, j: r[j - 1] if j > 1 else 1.0)),
    ("weights_of_wrong_layer", relu_chain_with(step=_relu_step, weight_layer=lambda j: j - 1)),
    ("biases_left_out", lambda i, r: relu_chain_reference(**{**i, "b1": 0.0, "b2": 0.0, "b3": 0.0})),
]


# 2.1 a dense layer's backward pass ------------------------------------------------------

def dense_cases(hidden):
    rng = np.random.default_rng(13 if hidden else 3)
    shapes = [(3, 3, 4), (4, 2, 5)] + ([(5, 3, 1), (2, 2, 3), (3, 6, 2)] if hidden else [])
    cases = []
    for n_in, n_out, m in shapes:
        inputs = {"dZ": rng.standard_normal((n_out, m)), "A_prev": rng.standard_normal((n_in, m)),
                  "W": rng.standard_normal((n_out, n_in))}
        cases.append(Case(f"n_in = {n_in}, n_out = {n_out}, m = {m}", inputs, m=m))
    return cases


def dense_reference(dZ, A_prev, W):
    layer = Dense(W.shape[1], W.shape[0]).set_params(W=W)
    layer.forward(A_prev)
    dA_prev = layer.backward(dZ)
    return {"dW": layer.dW, "db": layer.db, "dA_prev": dA_prev}


DENSE_PROGRAM = Program(
    steps=(("dW", Var("dZ") @ Var("A_prev").T),
           ("db", total(Var("dZ"), axis=1)),
           ("dA_prev", Var("W").T @ Var("dZ"))),
    outputs=("dW", "db", "dA_prev"), functions={})

DENSE_VARIANTS = [
    ("transposed_weight_matrix", lambda i, r: {"dA_prev": _try(lambda: i["W"] @ i["dZ"])}),
    ("bias_not_summed", lambda i, r: {"db": i["dZ"]}),
    ("bias_summed_over_units", lambda i, r: {"db": np.sum(i["dZ"], axis=0, keepdims=True)}),
    ("last_example_only", lambda i, r: {"dW": i["dZ"][:, -1:] @ i["A_prev"][:, -1:].T}),
    ("last_example_only", lambda i, r: {"db": i["dZ"][:, -1:]}),
    ("last_example_left_out", lambda i, r: {"dW": i["dZ"][:, :-1] @ i["A_prev"][:, :-1].T,
                                            "db": np.sum(i["dZ"][:, :-1], axis=1, keepdims=True)}),
    ("last_example_left_out", lambda i, r: {"dW": i["dZ"][:, :-1] @ i["A_prev"][:, :-1].T}),
    ("last_example_left_out", lambda i, r: {"db": np.sum(i["dZ"][:, :-1], axis=1, keepdims=True)}),
    ("bias_summed_over_everything", lambda i, r: {"db": np.full((i["dZ"].shape[0], 1), i["dZ"].sum())}),
    ("first_example_only", lambda i, r: {"dW": i["dZ"][:, :1] @ i["A_prev"][:, :1].T, "db": i["dZ"][:, :1]}),
    ("first_example_only", lambda i, r: {"dW": i["dZ"][:, :1] @ i["A_prev"][:, :1].T}),
    ("first_example_only", lambda i, r: {"db": i["dZ"][:, :1]}),
    ("product_of_sums", lambda i, r: {"dW": np.sum(i["dZ"], axis=1, keepdims=True) @ np.sum(i["A_prev"], axis=1, keepdims=True).T}),
    ("delta_of_layer_below", lambda i, r: {"dA_prev": r["dA_prev"] * i["A_prev"] * (1 - i["A_prev"])}),  # sigmoid below
    ("delta_of_layer_below", lambda i, r: {"dA_prev": r["dA_prev"] * (i["A_prev"] > 0)}),  # ReLU below
]


# 3.1 the recursive delta through a whole MLP -------------------------------------------

def recursive_delta_cases(hidden):
    rng = np.random.default_rng(14 if hidden else 4)
    # sigmoid layers, and one case of tanh layers: code that ignores sigma_prime and writes a(1 − a) fails it
    setups = [([3, 3, 3, 3], 4, "sigmoid"), ([4, 5, 3, 2], 3, "sigmoid"), ([3, 4, 4, 2], 3, "tanh")]
    setups += [([2, 2, 2, 2], 2, "sigmoid"), ([5, 4, 4, 1], 6, "sigmoid")] if hidden else []
    cases = []
    for sizes, m, activation in setups:
        net = MLP(sizes, activation=activation, output=activation, init="xavier", rng=rng)
        net.forward(rng.standard_normal((sizes[0], m)))
        sigma = net.sigma[1]
        inputs = {"W": [None] + [w.copy() for w in net.W[1:]], "Z": [None] + [z.copy() for z in net.Z[1:]],
                  "A": [a.copy() for a in net.A], "phi_J": rng.standard_normal((sizes[-1], m)),
                  "sigma_prime": sigma.derivative, "sigma": sigma.function}  # sigma: for the search only
        cases.append(Case(f"sizes {sizes}, m = {m}, {activation} layers", inputs, m=m))
    return cases


def recursive_delta_reference(W, Z, A, phi_J, sigma_prime):
    J = len(W) - 1
    phi = [None] * (J + 1)
    phi[J] = phi_J
    for j in range(J - 1, 0, -1):
        layer = Dense(W[j + 1].shape[1], W[j + 1].shape[0]).set_params(W=W[j + 1])
        layer.forward(A[j])
        phi[j] = layer.backward(phi[j + 1]) * sigma_prime(Z[j])  # (2) φ^j = (W^{j+1})ᵀ φ^{j+1} ∘ σ′(z^j)
    return {f"phi[{j}]": phi[j] for j in range(1, J + 1)}


def recursive_delta_with(step):
    """The deltas with `step(W, Z, A, phi, j, σ′)` in place of equation (2)."""
    def compute(inputs, ref):
        W, Z, A, sigma_prime = inputs["W"], inputs["Z"], inputs["A"], inputs["sigma_prime"]
        J = len(W) - 1
        phi = [None] * (J + 1)
        phi[J] = inputs["phi_J"]
        for j in range(J - 1, 0, -1):
            phi[j] = _try(lambda: step(W, Z, A, phi, j, sigma_prime))
            if isinstance(phi[j], Raised):  # every delta below this layer fails the same way
                phi[1:j] = [phi[j]] * (j - 1)
                break
        return {f"phi[{j}]": phi[j] for j in range(1, J)}
    return compute


def deltas_to_fill(inputs):
    """The scope of the program: the layer lists, and phi with only its top entry, φ^J, filled."""
    scope = {name: list(inputs[name]) for name in ("W", "Z", "A")}
    scope["phi"] = [None] * (len(inputs["W"]) - 1) + [inputs["phi_J"]]
    scope["σ′"], scope["σ"] = inputs["sigma_prime"], inputs["sigma"]  # the case's activation, not always sigmoid
    return scope


# Equation (2) as a loop from the top down: a mistake in the loop's line is one change.
RECURSIVE_DELTA_PROGRAM = Program(
    steps=(("phi", Loop((At("W", 1).T @ At("phi", 1)) * call("σ′", At("Z")))),),
    outputs=("phi",), functions=SIGMOID, swaps=SIGMOID_SWAPS, lists=("W", "Z", "A", "phi"))

def _layers_reversed(inputs, ref):
    J = len(inputs["W"]) - 1
    return {f"phi[{j}]": ref[f"phi[{J + 1 - j}]"] for j in range(1, J + 1)}


def _output_delta_again(inputs, ref):
    """recursive_delta with φᴶ multiplied by σ′(z^J) once more before the loop."""
    J = len(inputs["W"]) - 1
    again = {**inputs, "phi_J": inputs["phi_J"] * inputs["sigma_prime"](inputs["Z"][J])}
    return recursive_delta_reference(**{k: v for k, v in again.items() if k != "sigma"})


RECURSIVE_DELTA_VARIANTS = [
    ("layers_reversed", _layers_reversed),
    ("output_delta_given", _output_delta_again),
    ("assumes_sigmoid", recursive_delta_with(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * _sigmoid_prime(Z[j]))),
    ("assumes_sigmoid", recursive_delta_with(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * A[j] * (1 - A[j]))),
    ("sigma_for_sigma_prime", recursive_delta_with(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * A[j])),
    ("sigma_for_sigma_prime", recursive_delta_with(  # the sigmoid written out, whatever the layers are
        lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * _sigmoid(Z[j]))),
    ("sigma_prime_of_activation", recursive_delta_with(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * sp(A[j]))),
    ("missing_sigma_prime", recursive_delta_with(lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1])),
    ("transposed_weight_matrix", recursive_delta_with(lambda W, Z, A, phi, j, sp: W[j + 1] @ phi[j + 1] * sp(Z[j]))),
    ("phi_index_error", recursive_delta_with(
        lambda W, Z, A, phi, j, sp: W[j + 1].sum(axis=0)[:, None] * phi[j + 1] * sp(Z[j]))),
    ("missing_weights", recursive_delta_with(lambda W, Z, A, phi, j, sp: phi[j + 1] * sp(Z[j]))),
    ("weights_of_wrong_layer", recursive_delta_with(lambda W, Z, A, phi, j, sp: W[j].T @ phi[j + 1] * sp(Z[j]))),
    ("sigma_prime_of_wrong_layer", recursive_delta_with(
        lambda W, Z, A, phi, j, sp: W[j + 1].T @ phi[j + 1] * sp(Z[j + 1]))),
    ("sigma_prime_of_wrong_layer", recursive_delta_with(  # σ′ of layer j + 1 applied before the weights
        lambda W, Z, A, phi, j, sp: W[j + 1].T @ (phi[j + 1] * sp(Z[j + 1])))),
]


# 4.1, 4.2 output deltas (loss = mean over the m examples) ---------------------------------

def output_cases(hidden, seed, softmax):
    rng = np.random.default_rng(seed + (10 if hidden else 0))
    shapes = [(1, 5), (3, 4)] + ([(2, 1), (4, 6)] if hidden else [])
    cases = []
    for n, m in shapes:
        n = max(n, 2) if softmax else n
        Z = rng.uniform(-3.0, 3.0, (n, m))
        Y = (np.eye(n)[:, rng.integers(0, n, m)] if softmax else rng.integers(0, 2, (n, m)).astype(float))
        cases.append(Case(f"n = {n} outputs, m = {m} examples", {"Z": Z, "Y": Y}, m=m))
    if not softmax:  # saturated sigmoids: a = 1.0 or 0.0 exactly, so a delta that divides by a or 1 − a breaks
        Z = rng.uniform(-3.0, 3.0, (2, 3))
        Z[0, 0], Z[1, 1], Z[1, 2] = 40.0, -40.0, 750.0  # e^750 overflows: e^z / (1 + e^z) is inf / inf there
        cases.append(Case("n = 2, m = 3, saturated outputs (z = ±40, 750)", {"Z": Z, "Y": np.array([[0.0, 1, 1], [1, 0, 0]])}, m=3))
    if softmax:  # large logits: exp overflows unless shifted by the column maximum (visible: say so early)
        Z = rng.uniform(-1.0, 1.0, (3, 4)) * 800.0
        Z[0, 0] = 900.0  # e^900 overflows float64 (beyond e^709)
        cases.append(Case("n = 3, m = 4, logits of size ~800", {"Z": Z, "Y": np.eye(3)[:, [0, 1, 2, 0]]}, m=4))
        Z = rng.uniform(-1.0, 1.0, (3, 2)) + np.array([[500.0, -500.0]])  # columns far apart: shift each its own
        cases.append(Case("n = 3, m = 2, one column near +500, one near −500", {"Z": Z, "Y": np.eye(3)[:, [1, 2]]}, m=2))
    return cases


def sigmoid_bce_reference(Z, Y):
    return {"phi_J": BinaryCrossEntropy().fused_delta(_sigmoid(Z), Y)}


def bce_with(dA, factor):
    """φ^J = dA(a, y) ∘ factor(z, a) / m: a non-fused delta with possibly wrong parts."""
    def compute(inputs, ref):
        Z, Y = inputs["Z"], inputs["Y"]
        A = _sigmoid(Z)
        return {"phi_J": dA(A, Y) * factor(Z, A) / Z.shape[1]}
    return compute


def _bce_dA(A, Y):
    return -Y / A + (1 - Y) / (1 - A)


EXAMPLES = {"m": lambda Z: Z.shape[1], "n": lambda Z: Z.shape[0]}  # the batch size, the number of units

SIGMOID_BCE_PROGRAM = Program(
    steps=(("a", call("σ", Var("Z"))),
           ("phi_J", (Var("a") - Var("Y")) / call("m", Var("Z")))),
    outputs=("phi_J",), functions={**SIGMOID, **EXAMPLES}, swaps={**SIGMOID_SWAPS, "m": ("n",)}, whole=("m", "n"))

SIGMOID_BCE_VARIANTS = [
    ("bce_long_way_unclipped", bce_with(_bce_dA, lambda Z, A: A * (1 - A))),
    ("bce_second_term_sign", bce_with(lambda A, Y: -Y / A - (1 - Y) / (1 - A), lambda Z, A: A * (1 - A))),
    ("missing_sigma_prime", bce_with(_bce_dA, lambda Z, A: 1.0)),
    ("sigma_for_sigma_prime", bce_with(_bce_dA, lambda Z, A: A)),
    ("sigma_prime_of_activation", bce_with(_bce_dA, lambda Z, A: _sigmoid_prime(A))),
    ("sigma_prime_applied_twice", lambda i, r: {"phi_J": r["phi_J"] * _sigmoid_prime(i["Z"])}),
    ("mean_over_entries", lambda i, r: {"phi_J": r["phi_J"] / i["Z"].shape[0]}),
]


def softmax_ce_reference(Z, Y):
    return {"phi_J": CategoricalCrossEntropy().fused_delta(Softmax().function(Z), Y)}


def _softmax_rows(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def _row_max_shift(Z):
    """Softmax over each column, shifted by each row's maximum (fine until a column's logits
    are all far below its row's maximum)."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=0, keepdims=True)


def _softmax_whole(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum()


def _softmax_unshifted(Z):
    E = np.exp(Z)
    return E / E.sum(axis=0, keepdims=True)


def _diagonal_only(written_out):
    """φ^J from the Jacobian's diagonal alone: ∂L/∂s ∘ s(1 − s), divided out (NaN where s = 0) or
    simplified by hand (−y(1 − s))."""
    def compute(inputs, ref):
        S, Y, m = Softmax().function(inputs["Z"]), inputs["Y"], inputs["Z"].shape[1]
        return {"phi_J": (-Y / S * S * (1 - S) if written_out else -Y * (1 - S)) / m}
    return compute


SOFTMAX_CE_PROGRAM = Program(
    steps=(("s", call("softmax", Var("Z"))),
           ("phi_J", (Var("s") - Var("Y")) / call("m", Var("Z")))),
    outputs=("phi_J",), functions={"softmax": lambda Z: Softmax().function(Z), "σ": lambda Z: _sigmoid(Z),
                                   "softmax over rows": _softmax_rows, "softmax shifted by row maxima": _row_max_shift,
                                   "log softmax": lambda Z: np.log(Softmax().function(Z)),
                                   "softmax over the whole matrix": _softmax_whole, **EXAMPLES},
    swaps={"softmax": ("σ", "softmax over rows", "softmax shifted by row maxima", "log softmax",
                       "softmax over the whole matrix"), "m": ("n",)},
    whole=("m", "n"))

def _softmax_global_shift(Z):
    E = np.exp(Z - Z.max())
    return E / E.sum(axis=0, keepdims=True)


SOFTMAX_CE_VARIANTS = [
    ("softmax_shifted_by_batch_max", lambda i, r: {"phi_J": (_softmax_global_shift(i["Z"]) - i["Y"]) / i["Z"].shape[1]}),
    ("softmax_not_shifted", lambda i, r: {"phi_J": (_softmax_unshifted(i["Z"]) - i["Y"]) / i["Z"].shape[1]}),
    ("softmax_jacobian_diagonal_only", _diagonal_only(written_out=True)),
    ("softmax_jacobian_diagonal_only", _diagonal_only(written_out=False)),
    ("softmax_over_rows", lambda i, r: {"phi_J": (_softmax_rows(i["Z"]) - i["Y"]) / i["Z"].shape[1]}),
    ("elementwise_softmax_derivative", lambda i, r: {"phi_J": r["phi_J"] * Softmax().function(i["Z"])
                                                     * (1 - Softmax().function(i["Z"]))}),
    ("missing_softmax_jacobian", lambda i, r: {"phi_J": -i["Y"] / Softmax().function(i["Z"]) / i["Z"].shape[1]}),
    ("mean_over_entries", lambda i, r: {"phi_J": r["phi_J"] / i["Z"].shape[0]}),
]


# 5.1 a numerical gradient written by the student -----------------------------------------

def _test_function(kind, rng, shape):
    """A smooth scalar function of an array, with its exact gradient (curved enough that
    one-sided differences are visibly worse than central ones at ε = 1e-2)."""
    a = rng.uniform(1.0, 3.0, shape)
    if kind == "sine":
        return (lambda x: float(np.sum(np.sin(a * x))), lambda x: a * np.cos(a * x))
    Q = rng.standard_normal((shape[0], shape[0]))
    Q = Q @ Q.T
    # f(x) = Σ exp(a ∘ x / 3) + ½ tr(xᵀ Q x)
    return (lambda x: float(np.sum(np.exp(a * x / 3)) + 0.5 * np.sum(x * (Q @ x))),
            lambda x: a / 3 * np.exp(a * x / 3) + 0.5 * (Q + Q.T) @ x)


def gradient_cases(hidden):
    rng = np.random.default_rng(15 if hidden else 5)
    setups = [("sine", (4,)), ("exp + quadratic", (2, 3))] + ([("sine", (3, 1)), ("exp + quadratic", (3,))] if hidden else [])
    cases = []
    for kind, shape in setups:
        f, grad = _test_function(kind, rng, shape)
        inputs = {"f": f, "x": rng.uniform(-1.0, 1.0, shape), "eps": 1e-2, "exact": grad}
        cases.append(Case(f"{kind} function, x of shape {shape}, eps = 1e-2", inputs))
    return cases


def gradient_reference(f, x, eps, exact=None):
    x = x.copy()
    return {"grad": reference_numerical_gradient(lambda: f(x), x, eps)}


def difference_with(formula):
    """Per-entry differences `formula(f, x, i, eps)`, x restored between entries."""
    def compute(inputs, ref):
        f, x, eps = inputs["f"], inputs["x"].copy(), inputs["eps"]
        grad = np.zeros_like(x)
        for i in np.ndindex(*x.shape):
            grad[i] = formula(f, x, i, eps)
        return {"grad": grad}
    return compute


def _shifted(x, i, delta):
    y = x.copy()
    y[i] += delta
    return y


def _moved_in_place(put_back):
    """x[i] += ε, f; x[i] −= 2ε, f; then x[i] += put_back(ε): 0 leaves each entry at x − ε (never
    restored), 2ε at x + ε (restored too far); later entries are measured at the shifted point."""
    def compute(inputs, ref):
        f, x, eps = inputs["f"], inputs["x"].copy(), inputs["eps"]
        grad = np.zeros_like(x)
        for i in np.ndindex(*x.shape):
            x[i] += eps
            plus = f(x)
            x[i] -= 2 * eps
            grad[i] = (plus - f(x)) / (2 * eps)
            x[i] += put_back(eps)
        return {"grad": grad}
    return compute


def _all_at_once(inputs, ref):
    f, x, eps = inputs["f"], inputs["x"], inputs["eps"]
    return {"grad": np.full_like(x, (f(x + eps) - f(x - eps)) / (2 * eps))}


def _relative_step(inputs, ref):
    f, x, eps = inputs["f"], inputs["x"].copy(), inputs["eps"]
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        h = eps * abs(x[i])
        grad[i] = (f(_shifted(x, i, h)) - f(_shifted(x, i, -h))) / (2 * h)  # 0/0 where x_i = 0, as the student's
    return {"grad": grad}


def _whole_rows(inputs, ref):
    f, x, eps = inputs["f"], inputs["x"].copy(), inputs["eps"]
    grad = np.zeros_like(x)
    for i in range(len(x)):  # x[i] is a row of a matrix: all its entries move together
        grad[i] = (f(_shifted(x, i, eps)) - f(_shifted(x, i, -eps))) / (2 * eps)
    return {"grad": grad}


def _accumulated_step(inputs, ref):
    """e[i] = ε without e being reset: at entry i, entries 0 … i are all moved."""
    f, x, eps = inputs["f"], inputs["x"].copy(), inputs["eps"]
    grad, step = np.zeros_like(x), np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        step[i] = eps
        grad[i] = (f(x + step) - f(x - step)) / (2 * eps)
    return {"grad": grad}


def _aliased_copies(inputs, ref):
    """x_plus = x; x_plus[i] += ε; x_minus = x; x_minus[i] −= ε: both names are x, so f sees x."""
    f, x, eps = inputs["f"], inputs["x"].copy(), inputs["eps"]
    grad = np.zeros_like(x)
    for i in np.ndindex(*x.shape):
        x[i] += eps
        x[i] -= eps
        grad[i] = (f(x) - f(x)) / (2 * eps)
    return {"grad": grad}


# grad[i] = (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / (2ε), entry by entry: a slip in the formula is one change.
GRADIENT_PROGRAM = Program(
    steps=(("grad", Entries((call("f", Shifted("x", Var("eps"))) - call("f", Shifted("x", -Var("eps"))))
                            / (2 * Var("eps")))),),
    outputs=("grad",), functions={})

GRADIENT_VARIANTS = [
    ("forward_difference", difference_with(lambda f, x, i, e: (f(_shifted(x, i, e)) - f(x)) / e)),
    ("backward_difference", difference_with(lambda f, x, i, e: (f(x) - f(_shifted(x, i, -e))) / e)),
    ("divided_by_eps", difference_with(lambda f, x, i, e: (f(_shifted(x, i, e)) - f(_shifted(x, i, -e))) / e)),
    ("x_not_restored", _moved_in_place(lambda eps: 0.0)),
    ("restored_too_far", _moved_in_place(lambda eps: 2 * eps)),
    ("all_entries_at_once", _all_at_once),
    ("relative_eps", _relative_step),
    ("relative_eps", difference_with(  # moved by ε·|x_i|, divided by 2ε
        lambda f, x, i, e: (f(_shifted(x, i, e * abs(x[i]))) - f(_shifted(x, i, -e * abs(x[i])))) / (2 * e))),
    ("relative_eps", difference_with(  # moved by ε·x_i (signed), divided by 2ε
        lambda f, x, i, e: (f(_shifted(x, i, e * x[i])) - f(_shifted(x, i, -e * x[i]))) / (2 * e))),
    ("eps_precedence", difference_with(lambda f, x, i, e: (f(_shifted(x, i, e)) - f(_shifted(x, i, -e))) / 2 * e)),
    ("second_point_not_shifted", difference_with(lambda f, x, i, e: (f(_shifted(x, i, e)) - f(x)) / (2 * e))),
    ("perturbed_whole_rows", _whole_rows),
    ("perturbed_copies_alias_x", _aliased_copies),
    ("perturbation_accumulates", _accumulated_step),
    ("ignores_eps", lambda i, r: {"grad": i["exact"](i["x"])}),
]


# 7.1-7.3 the backward rules of graph nodes (notebook 06): scalars ---------------------------

def node_cases(hidden, seed, one_input=False, kink=False):
    """Scalars (a, b, upstream), or (u, upstream) for a node with one input: upstream never 1 (so
    leaving it out shows), a ≠ b, both signs, a ReLU input exactly at 0 where asked, and a
    sigmoid far in its tail."""
    rng = np.random.default_rng(seed + (10 if hidden else 0))
    values = [(0.7, -1.3, 2.5), (-2.0, 0.5, -0.4), (3.0, 2.0, 0.1)]
    values += [tuple(float(v) for v in np.round(rng.uniform(-3, 3, 3), 3)) for _ in range(3 if hidden else 1)]
    if kink:
        values.append((0.0, 1.0, 1.5))
    values.append((-30.0, 4.0, 3.0))  # a sigmoid deep in its tail, a large product
    if one_input:
        return [Case(f"u = {a:g}, upstream = {g:g}", {"u": float(a), "upstream": float(g)}) for a, _, g in values]
    return [Case(f"a = {a:g}, b = {b:g}, upstream = {g:g}", {"a": float(a), "b": float(b), "upstream": float(g)})
            for a, b, g in values]


def _relu_prime(u, at_zero=0.0):
    return 1.0 if u > 0 else at_zero if u == 0 else 0.0


def _sigmoid_node(function):
    return lambda u: float(function(np.array(u)))


MUL_PROGRAM = Program(steps=(("grad_a", Var("b") * Var("upstream")), ("grad_b", Var("a") * Var("upstream"))),
                      outputs=("grad_a", "grad_b"), functions={})
MUL_VARIANTS = [
    ("upstream_left_out", lambda i, r: {"grad_a": i["b"], "grad_b": i["a"]}),
    ("product_gradients_swapped", lambda i, r: {"grad_a": i["a"] * i["upstream"], "grad_b": i["b"] * i["upstream"]}),
]
RELU_NODE_PROGRAM = Program(steps=(("grad_u", call("ReLU′", Var("u")) * Var("upstream")),), outputs=("grad_u",),
                            functions={"ReLU′": lambda u: np.where(np.asarray(u) > 0, 1.0, 0.0),
                                       "ReLU": lambda u: np.maximum(u, 0.0)},
                            swaps={"ReLU′": ("ReLU",)})
RELU_NODE_VARIANTS = [
    ("relu0_one", lambda i, r: {"grad_u": _relu_prime(i["u"], 1.0) * i["upstream"]}),
    ("relu0_half", lambda i, r: {"grad_u": _relu_prime(i["u"], 0.5) * i["upstream"]}),
    ("upstream_left_out", lambda i, r: {"grad_u": _relu_prime(i["u"])}),
    ("sigma_for_sigma_prime", lambda i, r: {"grad_u": max(i["u"], 0.0) * i["upstream"]}),
]
SIGMOID_NODE_PROGRAM = Program(steps=(("grad_u", call("σ′", Var("u")) * Var("upstream")),), outputs=("grad_u",),
                               functions=SIGMOID, swaps=SIGMOID_SWAPS)
SIGMOID_NODE_VARIANTS = [
    ("upstream_left_out", lambda i, r: {"grad_u": _sigmoid_node(_sigmoid_prime)(i["u"])}),
    ("sigma_for_sigma_prime", lambda i, r: {"grad_u": _sigmoid_node(_sigmoid)(i["u"]) * i["upstream"]}),
    ("sigma_prime_of_activation", lambda i, r: {"grad_u": float(_sigmoid_prime(_sigmoid(np.array(i["u"])))) * i["upstream"]}),
    ("sigma_prime_formula_on_z", lambda i, r: {"grad_u": i["u"] * (1 - i["u"]) * i["upstream"]}),
]


# 8.1-8.3 by hand: the 2-2-2 network of notebook 06, section 5 (answers are numbers) --------

HAND_X, HAND_Y = np.array([[1.0], [2.0]]), np.array([[3.0], [2.0]])
HAND_W = {1: np.array([[1.0, -1.0], [0.5, 1.0]]), 2: np.array([[1.0, 2.0], [-1.0, 1.0]])}
HAND_B = {1: np.array([[0.0], [-1.0]]), 2: np.array([[0.5], [0.0]])}
HAND_LR = 0.1


def hand_network(relu_prime=lambda z: (z > 0).astype(float), weights_back=lambda W: W.T):
    """Forward and backward by the four equations, with a replaceable ReLU′ and Wᵀ (for the variants)."""
    z1 = HAND_W[1] @ HAND_X + HAND_B[1]
    a1 = np.maximum(z1, 0.0)
    z2 = HAND_W[2] @ a1 + HAND_B[2]
    phi2 = z2 - HAND_Y                                    # identity output, half squared error, one example
    phi1 = weights_back(HAND_W[2]) @ phi2 * relu_prime(z1)
    return {"phi1": phi1, "dW1": phi1 @ HAND_X.T, "dW2": phi2 @ a1.T,
            "W2_after": HAND_W[2] - HAND_LR * (phi2 @ a1.T)}


def hand_cases(hidden):
    return [Case("the 2-2-2 network of notebook 06, section 5", {})]


def hand_answer(name):
    """The reference for one number-answer task: what hand_network gives."""
    return lambda: {name: hand_network()[name.replace("hand_", "")]}


def hand_with(name, **changes):
    return lambda i, r: {name: hand_network(**changes)[name.replace("hand_", "")]}


HAND_PHI1_VARIANTS = [
    ("missing_sigma_prime", hand_with("hand_phi1", relu_prime=lambda z: np.ones_like(z))),
    ("transposed_weight_matrix", hand_with("hand_phi1", weights_back=lambda W: W)),
]
HAND_DW1_VARIANTS = [
    ("missing_sigma_prime", hand_with("hand_dW1", relu_prime=lambda z: np.ones_like(z))),
    ("transposed_weight_matrix", hand_with("hand_dW1", weights_back=lambda W: W)),
]
HAND_W2_VARIANTS = [
    ("update_sign", lambda i, r: {"hand_W2_after": HAND_W[2] + HAND_LR * hand_network()["dW2"]}),
    ("learning_rate_left_out", lambda i, r: {"hand_W2_after": HAND_W[2] - hand_network()["dW2"]}),
    ("no_step_taken", lambda i, r: {"hand_W2_after": HAND_W[2].copy()}),
]


# 9.1-9.2 vanishing and exploding: the gain of a layer (notebook 04) -------------------------

MEAN_SQUARED_SLOPE = {"relu": 0.5, "tanh": 1.0, "sigmoid": 1.0 / 16, "identity": 1.0}  # mean σ′² at z ≈ 0


def gain_cases(hidden):
    setups = [("relu", 16), ("tanh", 64), ("sigmoid", 10), ("identity", 25)]
    setups += [("relu", 100), ("sigmoid", 4), ("tanh", 9)] if hidden else []
    return [Case(f"activation {a!r}, n = {n}", {"activation": a, "n": n}) for a, n in setups]


def unit_gain_with(slope=lambda a: MEAN_SQUARED_SLOPE[a], root=np.sqrt):
    return lambda i, r: {"std": float(root(1.0 / (i["n"] * slope(i["activation"]))))}


GAIN_VARIANTS = [
    ("he_for_every_activation", unit_gain_with(slope=lambda a: 0.5)),
    ("xavier_for_every_activation", unit_gain_with(slope=lambda a: 1.0)),
    ("variance_for_std", unit_gain_with(root=lambda v: v)),
    ("derivative_not_squared", unit_gain_with(slope=lambda a: np.sqrt(MEAN_SQUARED_SLOPE[a]) if a == "sigmoid"
                                              else MEAN_SQUARED_SLOPE[a])),
]


def depth_cases(hidden):
    setups = [(0.25, 10), (1.1, 50), (0.5, 3)] + ([(0.9, 100), (2.0, 5)] if hidden else [])
    return [Case(f"gain {g:g}, {J} layers", {"gain": g, "layers": J}) for g, J in setups]


DEPTH_VARIANTS = [
    ("one_layer_too_many", lambda i, r: {"ratio": i["gain"] ** i["layers"]}),
    ("ratio_upside_down", lambda i, r: {"ratio": i["gain"] ** -(i["layers"] - 1)}),
    ("gain_added_not_multiplied", lambda i, r: {"ratio": i["gain"] * (i["layers"] - 1)}),
]


# 10.1-10.2 shape reasoning: the course's columns and the row layout of PyTorch and D2L ------

def rows_cases(hidden, seed):
    """Examples as rows. Sizes all different, so each wrong order fails on shapes; and one square
    case, where a transpose gives numbers instead of an error, so the search can name it."""
    rng = np.random.default_rng(seed + (10 if hidden else 0))
    shapes = [(3, 4, 5), (2, 3, 6), (3, 3, 3)] + ([(4, 2, 3), (2, 2, 2)] if hidden else [])
    cases = []
    for n_in, n_out, m in shapes:
        inputs = {"X": rng.standard_normal((m, n_in)), "W": rng.standard_normal((n_out, n_in)),
                  "b": rng.standard_normal((n_out, 1)), "dZ": rng.standard_normal((m, n_out))}
        cases.append(Case(f"m = {m} examples as rows, n_in = {n_in}, n_out = {n_out}", inputs, m=m))
    return cases


ROWS_FORWARD_PROGRAM = Program(steps=(("Z", Var("X") @ Var("W").T + Var("b").T),), outputs=("Z",), functions={})
ROWS_FORWARD_VARIANTS = [
    ("row_layout_not_transposed", lambda i, r: {"Z": _try(lambda: (i["W"] @ i["X"].T + i["b"]))}),
]
ROWS_GRADIENT_PROGRAM = Program(steps=(("dW", Var("dZ").T @ Var("X")),), outputs=("dW",), functions={})


# 11.1-11.2 debugging habits: the first loss, and L2 in the gradient (notebook 03, section 9) ------

def classes_cases(hidden):
    return [Case(f"C = {c} classes", {"classes": c}) for c in ([2, 10, 3] + ([100, 7] if hidden else []))]


FIRST_LOSS_VARIANTS = [
    ("probability_for_loss", lambda i, r: {"loss": 1.0 / i["classes"]}),
    ("log_left_out", lambda i, r: {"loss": float(i["classes"])}),
]


def l2_cases(hidden):
    rng = np.random.default_rng(22 + (10 if hidden else 0))
    shapes = [((2, 3), 0.1), ((3, 3), 0.5)] + ([((1, 4), 0.01), ((4, 2), 1.0)] if hidden else [])
    return [Case(f"W of shape {shape}, λ = {lam:g}", {"dW": rng.standard_normal(shape), "W": rng.standard_normal(shape),
                                                        "lam": lam}) for shape, lam in shapes]


L2_PROGRAM = Program(steps=(("dW_total", Var("dW") + Var("lam") * Var("W")),), outputs=("dW_total",), functions={})
L2_VARIANTS = [
    ("weight_decay_left_out", lambda i, r: {"dW_total": i["dW"].copy()}),
    ("weight_decay_doubled", lambda i, r: {"dW_total": i["dW"] + 2 * i["lam"] * i["W"]}),
    ("weight_decay_sign", lambda i, r: {"dW_total": i["dW"] - i["lam"] * i["W"]}),
]


# 11.3-11.4 the step of a gradient check: truncation against round-off (notebook 00) ------------
# f = exp at x = 1, where f = f‴ = e: the bound is e ε²/6 + u e/ε, smallest at ε* = (3u)^(1/3)

def eps_cases(hidden):
    """Bounds well above the checker's absolute tolerance (1e-9), each term dominant in some case."""
    setups = [(1e-2, "float64"), (1e-9, "float64"), (1e-3, "float32"), (1e-1, "float32")]
    setups += [(1e-11, "float64"), (1e-3, "float64"), (1e-5, "float32")] if hidden else []
    return [Case(f"eps = {eps:g}, dtype = {dtype!r}", {"eps": eps, "dtype": dtype}) for eps, dtype in setups]


def bound_with(truncation=lambda eps: np.e * eps ** 2 / 6, roundoff=lambda u, eps: u * np.e / eps,
               machine_epsilon=lambda dtype: float(np.finfo(dtype).eps)):
    return lambda i, r: {"bound": truncation(i["eps"]) + roundoff(machine_epsilon(i["dtype"]), i["eps"])}


BOUND_VARIANTS = [
    ("truncation_left_out", bound_with(truncation=lambda eps: 0.0)),
    ("roundoff_left_out", bound_with(roundoff=lambda u, eps: 0.0)),
    ("forward_difference_truncation", bound_with(truncation=lambda eps: np.e * eps / 2)),
    ("central_remainder_not_halved", bound_with(truncation=lambda eps: np.e * eps ** 2 / 3)),
    ("roundoff_not_divided_by_eps", bound_with(roundoff=lambda u, eps: u * np.e)),
    ("float64_epsilon_for_float32", bound_with(machine_epsilon=lambda dtype: float(np.finfo(np.float64).eps))),
    ("roundoff_not_halved", bound_with(roundoff=lambda u, eps: 2 * u * np.e / eps)),
    ("roundoff_without_f", bound_with(roundoff=lambda u, eps: u / eps)),
]


def dtype_cases(hidden):
    """dtypes by name (a name crosses to a graded kernel; np.finfo takes it as well as np.float32)."""
    return [Case(f"dtype = {d!r}", {"dtype": d}) for d in (["float64", "float32"] if not hidden else ["float32", "float64"])]


def best_with(rule, machine_epsilon=lambda dtype: float(np.finfo(dtype).eps)):
    return lambda i, r: {"eps": rule(machine_epsilon(i["dtype"]))}


BEST_STEP_VARIANTS = [
    ("square_root_rule", best_with(np.sqrt)),
    ("cube_root_without_3", best_with(np.cbrt)),
    ("machine_epsilon_as_step", best_with(lambda u: u)),
    ("best_step_of_doubled_roundoff", best_with(lambda u: np.cbrt(6 * u))),
    ("best_step_derivative_halved", best_with(lambda u: np.cbrt(1.5 * u))),
    ("float64_epsilon_for_float32", best_with(lambda u: np.cbrt(3 * u),
                                             machine_epsilon=lambda dtype: float(np.finfo(np.float64).eps))),
]

# 12.1-12.7 your own network: ReLU layers, a softmax output and cross-entropy, trained on the digits ---

def _one_hot(rng, classes, m):
    return np.eye(classes)[:, rng.integers(0, classes, m)]


def own_dense_cases(hidden):
    """One square case, where Wᵀ for W gives numbers instead of a shape error."""
    rng = np.random.default_rng(23 + (10 if hidden else 0))
    shapes = [(3, 4, 5), (2, 3, 2), (3, 3, 3)] + ([(4, 2, 1), (5, 5, 2)] if hidden else [])
    return [Case(f"n_in = {n_in}, n_out = {n_out}, m = {m}",
                 {"W": rng.standard_normal((n_out, n_in)), "b": rng.standard_normal((n_out, 1)),
                  "A_prev": rng.standard_normal((n_in, m))}, m=m) for n_in, n_out, m in shapes]


DENSE_FORWARD_PROGRAM = Program(steps=(("Z", Var("W") @ Var("A_prev") + Var("b")),), outputs=("Z",), functions={})
DENSE_FORWARD_VARIANTS = [
    ("forward_weights_transposed", lambda i, r: {"Z": _try(lambda: i["W"].T @ i["A_prev"] + i["b"])}),
    ("biases_left_out", lambda i, r: {"Z": i["W"] @ i["A_prev"]}),
]


def relu_cases(hidden):
    """Both signs in every case, and one entry exactly at the kink (ReLU(0) = 0 either way)."""
    rng = np.random.default_rng(24 + (10 if hidden else 0))
    cases = []
    for shape in [(3, 4), (2, 5)] + ([(4, 2), (1, 3)] if hidden else []):
        Z = rng.standard_normal(shape)
        Z.flat[0], Z.flat[1], Z.flat[-1] = 0.0, -abs(Z.flat[1]), abs(Z.flat[-1])
        cases.append(Case(f"Z of shape {shape}", {"Z": Z}, m=shape[1]))
    return cases


RELU_VARIANTS = [
    ("builtin_max_for_relu", lambda i, r: {"A": _try(lambda: max(i["Z"], 0))}),
    ("column_max_for_relu", lambda i, r: {"A": np.max(i["Z"], axis=0)}),
    ("relu_prime_for_relu", lambda i, r: {"A": (i["Z"] > 0).astype(float)}),
    ("abs_for_relu", lambda i, r: {"A": np.abs(i["Z"])}),
    ("negative_part_for_relu", lambda i, r: {"A": np.minimum(i["Z"], 0.0)}),
]


def _log_softmax(Z):
    shifted = Z - np.max(Z, axis=0, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))


def ce_loss(Z, Y):
    """Mean over the m examples (columns) of −Σ_k y_k ln softmax(z)_k."""
    return float(-np.sum(Y * _log_softmax(Z)) / Z.shape[1])


def loss_cases(hidden):
    """Two cases with large logits: all near 800 (exp overflows unless each column is shifted), and
    one column near 700 beside one near −100 (a shift by the batch's maximum underflows the other)."""
    rng = np.random.default_rng(25 + (10 if hidden else 0))
    setups = [((3, 4), ""), ((4, 5), ""), ((10, 3), "every logit near 800"), ((3, 2), "logits near 700 and −100")]
    setups += [((2, 6), ""), ((5, 2), "")] if hidden else []
    cases = []
    for (n, m), large in setups:
        Z = 2 * rng.standard_normal((n, m))
        if large:
            Z += 800.0 if "800" in large else np.array([[700.0, -100.0]])
        cases.append(Case(f"{n} classes, m = {m}{', ' + large if large else ''}", {"Z": Z, "Y": _one_hot(rng, n, m)}, m=m))
    return cases


def _loss_from(probabilities):
    return lambda i, r: {"loss": float(-np.sum(i["Y"] * np.log(probabilities(i["Z"]))) / i["Z"].shape[1])}


LOSS_VARIANTS = [
    ("softmax_not_shifted", _loss_from(_softmax_unshifted)),
    ("softmax_shifted_by_batch_max", _loss_from(_softmax_global_shift)),
    ("softmax_over_rows", _loss_from(_softmax_rows)),
    ("mean_over_entries", lambda i, r: {"loss": r["loss"] / i["Z"].shape[0]}),
    ("targets_left_out", lambda i, r: {"loss": float(-np.sum(_log_softmax(i["Z"])) / i["Z"].shape[1])}),
    ("loss_without_log", lambda i, r: {"loss": float(-np.sum(i["Y"] * np.exp(_log_softmax(i["Z"]))) / i["Z"].shape[1])}),
    ("binary_ce_for_categorical", lambda i, r: {"loss": float(-np.sum(
        i["Y"] * _log_softmax(i["Z"]) + (1 - i["Y"]) * np.log(1 - np.exp(_log_softmax(i["Z"])))) / i["Z"].shape[1])}),
]


def network_cases(hidden, seed):
    """ReLU layers under a softmax output, m examples as columns, W and b in course indexing. One
    case is square throughout, where a lost or extra transpose gives numbers, not a shape error."""
    rng = np.random.default_rng(seed + (10 if hidden else 0))
    setups = [([4, 5, 3], 6), ([3, 4, 4, 2], 5), ([3, 3, 3, 3], 4)] + ([([2, 3, 2], 3), ([5, 4, 3, 3], 2)] if hidden else [])
    cases = []
    for sizes, m in setups:
        W = [None] + [rng.standard_normal((sizes[j], sizes[j - 1])) for j in range(1, len(sizes))]
        b = [None] + [0.5 * rng.standard_normal((sizes[j], 1)) for j in range(1, len(sizes))]
        cases.append(Case(f"sizes {sizes}, m = {m}", {"W": W, "b": b, "X": rng.standard_normal((sizes[0], m)),
                                                      "Y": _one_hot(rng, sizes[-1], m)}, m=m))
    return cases


def own_network(W, b, X, Y, slips=()):
    """Forward, then equations (1)-(4), for ReLU layers and a softmax output with cross-entropy
    (mean over m); the slips, named by mistake ids, are what students write instead."""
    J, m = len(W) - 1, X.shape[1]
    Z, A = layers_forward(W, b, X, top=_relu if "relu_on_output_layer" in slips else (lambda Z: Z))
    loss = ce_loss(A[J], Y)
    S = np.exp(_log_softmax(A[J]))
    relu_prime = [None] + [(Z[j] > 0).astype(float) for j in range(1, J + 1)]
    phi = [None] * (J + 1)
    phi[J] = (S - Y) / m                                                   # (1) softmax with cross-entropy
    if "elementwise_softmax_derivative" in slips:
        phi[J] = phi[J] * S * (1 - S)
    for j in range(J - 1, 0, -1):
        back = W[j + 1] @ phi[j + 1] if "transposed_weight_matrix" in slips else W[j + 1].T @ phi[j + 1]
        phi[j] = back if "missing_sigma_prime" in slips else back * relu_prime[j]          # (2)
    below = [A[j] if "output_for_input" in slips else X if "input_not_previous_activation" in slips else A[j - 1]
             for j in range(J + 1)]
    dW = [None] + [phi[j] @ (below[j] if "input_not_transposed" in slips else below[j].T) for j in range(1, J + 1)]  # (3)
    db = [None] + [phi[j] if "bias_not_summed" in slips else                                                          # (4)
                   np.sum(phi[j], axis=0 if "bias_summed_over_units" in slips else 1, keepdims=True) for j in range(1, J + 1)]
    return loss, dW, db


def _loss_and_lists(loss, dW, db):
    return {"loss": loss, **{f"{name}[{j}]": grads[j] for name, grads in (("dW", dW), ("db", db)) for j in range(1, len(dW))}}


def own_network_with(*slips):
    return lambda i, r: _loss_and_lists(*own_network(i["W"], i["b"], i["X"], i["Y"], slips=slips))


def loss_and_layer_lists(returned, case):
    """split() for (loss, dW, db): a number, then two lists in course indexing."""
    if returned is None:
        raise ReturnError("returned None: is the `return` statement missing?")
    if not isinstance(returned, (tuple, list)) or len(returned) != 3:
        got = f"{len(returned)} values" if isinstance(returned, (tuple, list)) else f"one {type(returned).__name__}"
        raise ReturnError(f"returned {got}; expected 3 values: (loss, dW, db).")
    if isinstance(returned[0], (list, tuple)):
        raise ReturnError("returned a list first; expected the loss, a number, first: (loss, dW, db) in this order.")
    loss = returned[0]
    if isinstance(loss, np.ndarray) and loss.size == 1:  # np.sum(..., keepdims=True): a number, as in 12.3
        loss = loss.reshape(())
    return {"loss": loss, **layer_lists("dW", "db")(tuple(returned[1:]), case)}


def own_forward_pass(inputs):
    """The scope of forward_backward's program: the forward pass, ReLU layers and a softmax on top."""
    W, b, X = inputs["W"], inputs["b"], inputs["X"]
    Z, A = layers_forward(W, b, X, top=lambda Z: np.exp(_log_softmax(Z)))
    return {"W": W, "b": b, "Z": Z, "A": A, "X": X, "Y": inputs["Y"], "J": len(W) - 1}


NETWORK_PROGRAM = Program(
    steps=(("phi", Loop((At("W", 1).T @ At("phi", 1)) * call("ReLU′", At("Z")),
                        top=(At("A", last=True) - Var("Y")) / call("m", Var("X")))),
           ("dW", Loop(At("phi") @ At("A", -1).T, down=False)),
           ("db", Loop(total(At("phi"), axis=1), down=False))),
    outputs=("dW", "db"), functions={"ReLU′": lambda z: np.where(z > 0, 1.0, 0.0), "ReLU": _relu,
                                     "sign": np.sign, **EXAMPLES},
    swaps={"ReLU′": ("ReLU", "sign"), "m": ("n",)}, whole=("m", "n"), lists=("W", "Z", "A", "phi"))

NETWORK_VARIANTS = [(slip, own_network_with(slip)) for slip in (
    "missing_sigma_prime", "transposed_weight_matrix", "output_for_input", "input_not_previous_activation",
    "input_not_transposed", "bias_not_summed", "bias_summed_over_units", "elementwise_softmax_derivative",
    "relu_on_output_layer")]


def network_loss(W, b, X, Y):
    """The forward pass and the loss alone (what numerical differences evaluate, many times)."""
    return ce_loss(layers_forward(W, b, X)[1][-1], Y)


def numerical_network_gradients(W, b, X, Y, eps, difference=None, only=("dW", "db")):
    """(dW, db) by differences of the loss, one parameter array at a time; `difference` is one of the
    numerical_gradient variants (what a slip in the differences gives), None for the central one;
    `only` the gradients it applies to (a slip in the loop over the weights alone, say)."""
    W, b = list(W), list(b)
    out = {}
    for name, params in (("dW", W), ("db", b)):
        if name not in only:
            continue
        for j in range(1, len(W)):
            def loss_at(x, params=params, j=j):
                kept, params[j] = params[j], x
                try:
                    return network_loss(W, b, X, Y)
                finally:
                    params[j] = kept
            if difference is None:
                x = params[j].copy()
                out[f"{name}[{j}]"] = reference_numerical_gradient(lambda: loss_at(x), x, eps)
            else:
                out[f"{name}[{j}]"] = difference({"f": loss_at, "x": params[j], "eps": eps}, None)["grad"]
    return out


def never_put_back(by_layer):
    """Each entry moved +ε, then −2ε, and left there: later entries, and later parameters, are measured
    at the shifted point. By_layer: W[1], b[1], W[2], …; otherwise every W[j], then every b[j]."""
    def compute(inputs, ref):
        W, b = [None] + [w.copy() for w in inputs["W"][1:]], [None] + [v.copy() for v in inputs["b"][1:]]
        X, Y, eps, J = inputs["X"], inputs["Y"], inputs["eps"], len(inputs["W"]) - 1
        order = ([(name, j) for j in range(1, J + 1) for name in ("dW", "db")] if by_layer else
                 [(name, j) for name in ("dW", "db") for j in range(1, J + 1)])
        out = {}
        for name, j in order:
            params = W if name == "dW" else b
            grad = np.zeros_like(params[j])
            for i in np.ndindex(*params[j].shape):
                params[j][i] += eps
                plus = network_loss(W, b, X, Y)
                params[j][i] -= 2 * eps
                grad[i] = (plus - network_loss(W, b, X, Y)) / (2 * eps)
            out[f"{name}[{j}]"] = grad
        return out
    return compute


def numerical_cases(hidden):
    return [Case(c.label + ", eps = 1e-3", {**c.inputs, "eps": 1e-3}, m=c.m) for c in network_cases(hidden, 27)]


NUMERICAL_VARIANTS = [({"perturbed_copies_alias_x": "loss_never_saw_the_step"}.get(mistake_id, mistake_id),
                       lambda i, r, d=difference, o=only: numerical_network_gradients(**i, difference=d, only=o))
                      for only in (("dW", "db"), ("dW",), ("db",))  # the slip in both loops, or in one
                      for mistake_id, difference in GRADIENT_VARIANTS
                      if mistake_id not in ("ignores_eps", "relative_eps", "perturbation_accumulates")
                      and (only == ("dW", "db") or mistake_id == "perturbed_copies_alias_x")  # the one seen in one loop
                      ] + [("x_not_restored", never_put_back(by_layer)) for by_layer in (False, True)]


def step_cases(hidden):
    cases = []
    for case, lr in zip(network_cases(hidden, 28), (0.1, 0.5, 0.05, 0.2, 1.5)):
        inputs = case.inputs
        _, dW, db = own_network(inputs["W"], inputs["b"], inputs["X"], inputs["Y"])
        cases.append(Case(case.label.split(", m =")[0] + f", lr = {lr:g}",
                          {"W": inputs["W"], "b": inputs["b"], "dW": dW, "db": db, "lr": lr}))
    return cases


def sgd_step_with(step_W, step_b):
    def compute(i, r):
        J = len(i["W"]) - 1
        return {**{f"W[{j}]": step_W(i["W"][j], i["dW"][j], i["db"][j], i["lr"]) for j in range(1, J + 1)},
                **{f"b[{j}]": step_b(i["b"][j], i["db"][j], i["lr"]) for j in range(1, J + 1)}}
    return compute


_RIGHT_W = lambda W, dW, db, lr: W - lr * dW  # noqa: E731
_RIGHT_B = lambda b, db, lr: b - lr * db      # noqa: E731
SGD_STEP_VARIANTS = [
    ("update_sign", sgd_step_with(lambda W, dW, db, lr: W + lr * dW, lambda b, db, lr: b + lr * db)),
    ("learning_rate_left_out", sgd_step_with(lambda W, dW, db, lr: W - dW, lambda b, db, lr: b - db)),
    ("learning_rate_divides", sgd_step_with(lambda W, dW, db, lr: W - dW / lr, lambda b, db, lr: b - db / lr)),
    ("no_step_taken", sgd_step_with(lambda W, dW, db, lr: W.copy(), lambda b, db, lr: b.copy())),
    ("biases_not_updated", sgd_step_with(_RIGHT_W, lambda b, db, lr: b.copy())),
    ("weights_not_updated", sgd_step_with(lambda W, dW, db, lr: W.copy(), _RIGHT_B)),
    ("bias_gradient_for_weights", sgd_step_with(lambda W, dW, db, lr: W - lr * db, _RIGHT_B)),
    ("last_layer_not_updated", lambda i, r: {**{f"W[{j}]": i["W"][j].copy() for j in [len(i["W"]) - 1]},
                                             **{f"b[{j}]": i["b"][j].copy() for j in [len(i["b"]) - 1]}}),
]


# 12.7 training: judged by what it does (no reference to compare numbers with: the order of the
# examples and the initial weights are the student's own choice)

TRAIN_SETTINGS = {False: dict(sizes=[64, 64, 10], seed=0), True: dict(sizes=[64, 48, 10], seed=1)}
TINY = dict(examples=10, epochs=150, lr=0.5)        # a tiny batch a network learns by heart
FULL = dict(epochs=30, lr=0.05, batch_size=16)      # the digits, 1347 to train on, 450 held out: 95-97 % in 10 seeds
TARGET_ACCURACY, TINY_LOSS = 0.90, 0.1
UNLIKELY_SEED = 2_718_281_828  # the global generator's state while train runs: no student seeds with this


def digits_split(seed, held_out=450):
    """scikit-learn's digits in a seeded split: (X, Y one-hot) to train on, (X, labels) held out."""
    from .datasets import digits
    X, labels = digits()
    order = np.random.default_rng(seed).permutation(labels.size)
    test, train = order[:held_out], order[held_out:]
    return (X[:, train], np.eye(10)[:, labels[train]]), (X[:, test], labels[test])


def predict(W, b, X):
    """The class of each column: ReLU layers, the largest logit on top (softmax keeps the order)."""
    return np.argmax(layers_forward(W, b, X)[1][-1], axis=0)


def reference_train(X, Y, sizes, epochs, lr, batch_size, seed):
    """He-initialised weights, zero biases, minibatch gradient descent on shuffled examples."""
    rng = np.random.default_rng(seed)
    W = [None] + [rng.standard_normal((sizes[j], sizes[j - 1])) * np.sqrt(2 / sizes[j - 1]) for j in range(1, len(sizes))]
    b = [None] + [np.zeros((sizes[j], 1)) for j in range(1, len(sizes))]
    m = X.shape[1]
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            _, dW, db = own_network(W, b, X[:, batch], Y[:, batch])
            W = [None] + [W[j] - lr * dW[j] for j in range(1, len(W))]
            b = [None] + [b[j] - lr * db[j] for j in range(1, len(b))]
    return W, b


TRAINING_MISTAKES = ("global_rng_used", "training_not_seeded", "weights_start_equal", "init_not_he",
                     "initial_biases_not_zero", "batch_size_ignored", "not_every_example_each_epoch", "not_shuffled",
                     "training_diverged", "no_step_taken", "update_sign", "weights_not_updated", "biases_not_updated",
                     "parameters_not_updated", "tiny_batch_not_learnt", "held_out_below_target")  # in the order checked


class TrainingProblem(Exception):
    """What a training run shows: a mistake id and a sentence."""

    def __init__(self, mistake, message):
        super().__init__(message)
        self.mistake = mistake


def _trained(function, X, Y, sizes, epochs, lr, batch_size, seed, what):
    """Call the student's train; (W, b) as float arrays of the right shapes, or TrainingProblem."""
    try:
        with np.errstate(all="ignore"):  # an overflow is judged by its result, below
            returned = function(X.copy(), Y.copy(), list(sizes), epochs, lr, batch_size, seed)
    except NotImplementedError:
        raise TrainingProblem("not_implemented", "train is not written yet: replace `raise NotImplementedError()` "
                                                 "with your code.")
    except (Exception, SystemExit) as exc:
        where = _student_line(exc, function)
        raise TrainingProblem("raised", f"your function raised {type(exc).__name__}: {exc} ({what}"
                                        f"{'; ' + where if where else ''}).")
    J = len(sizes) - 1
    if not isinstance(returned, (tuple, list)) or len(returned) != 2:
        raise TrainingProblem("bad_return", f"train returned {type(returned).__name__}; expected a pair (W, b).")
    W, b = returned
    for name, values, shape in (("W", W, lambda j: (sizes[j], sizes[j - 1])), ("b", b, lambda j: (sizes[j], 1))):
        if not isinstance(values, (list, tuple)) or len(values) != J + 1:
            raise TrainingProblem("bad_return", f"{name} should be a list [None, {name}[1], …, {name}[{J}]] in "
                                                f"course indexing ({what}).")
        for j in range(1, J + 1):
            value = _read(values[j], scalar=False)
            if value.problem or value.array.shape != shape(j):
                got = value.problem or f"has shape {value.array.shape}"
                raise TrainingProblem("bad_return", f"{name}[{j}] {got}; expected shape {shape(j)} for sizes "
                                                    f"{sizes} ({what}).")
    W = [None] + [np.asarray(w, dtype=float) for w in W[1:]]
    b = [None] + [np.asarray(v, dtype=float) for v in b[1:]]
    return W, b


class _Side:
    """Where the student's function runs: this process, or, while grading, the student's kernel (the
    function is then the grader's stand-in, whose `_remote` sends requests there)."""

    def __init__(self, function):
        remote = getattr(function, "_remote", None)
        self.remote = remote if callable(getattr(remote, "request", None)) else None
        self.namespace = None if self.remote else getattr(function, "__globals__", None)

    def _do(self, op, local, **request):
        return self.remote.request({"op": op, **request}) if self.remote else local()

    @contextmanager
    def watching(self, name):
        """The X of every call the student's code makes to their global `name` meanwhile (None: no such
        function to watch)."""
        if self.namespace is None and self.remote is None:
            yield None
            return
        if not self._do("watch", lambda: kernel_side.watch(self.namespace, name), name=name):
            yield None
            return
        calls = []
        try:
            yield calls
        finally:
            calls += self._do("unwatch", lambda: kernel_side.unwatch(self.namespace, name), name=name) or []

    def seed_global_rng(self, seed):
        self._do("seed_global_rng", lambda: kernel_side.seed_global_rng(seed), seed=seed)

    def global_rng_used(self):
        return bool(self._do("global_rng_used", kernel_side.global_rng_used))


def _check_epochs(calls, X, epochs, batch_size):
    """From the X of every forward_backward call: each epoch visits every column once, in batches of at
    most batch_size, in a new shuffled order. Calls on all of X in its own order (a loss printed per
    epoch) are not batches. Says nothing when the columns cannot be told apart."""
    index = {X[:, i].tobytes(): i for i in range(X.shape[1])}
    m, batches = X.shape[1], []
    for batch in calls:
        batch = np.asarray(batch) if batch is not None else None
        if batch is None or batch.ndim != 2 or batch.shape[0] != X.shape[0]:
            return
        columns = [index.get(np.ascontiguousarray(batch[:, i]).tobytes()) for i in range(batch.shape[1])]
        if None in columns:
            return
        if columns != list(range(m)):
            batches.append(columns)
    if not batches:
        return
    sizes = [len(b) for b in batches]
    if max(sizes) > batch_size:
        raise TrainingProblem("batch_size_ignored", f"with batch_size = {batch_size}, forward_backward was called on "
                                                    f"batches of {', '.join(map(str, sizes[:6]))} examples.")
    seen = [i for batch in batches for i in batch]
    orders = [seen[e * m:(e + 1) * m] for e in range(epochs)]
    if len(seen) != epochs * m or any(sorted(order) != list(range(m)) for order in orders):
        raise TrainingProblem("not_every_example_each_epoch", f"in {epochs} epochs over {m} examples in batches of "
                              f"{batch_size}, forward_backward saw {len(seen)} examples, in batches of "
                              f"{', '.join(map(str, sizes[:8]))}; expected {epochs * m}, every example once per epoch.")
    if orders[0] == list(range(m)):
        raise TrainingProblem("not_shuffled", "the first epoch visits the examples in the order they are given.")
    if any(order == orders[0] for order in orders[1:]):
        raise TrainingProblem("not_shuffled", "every epoch visits the examples in the same order: shuffled once, "
                                              "before the epochs, not once per epoch.")


def _check_initial(W0, b0, sizes):
    rows = W0[1]
    if np.allclose(rows, rows[:1]):
        raise TrainingProblem("weights_start_equal", f"every row of W[1] starts the same ({rows[0, 0]:g} …): "
                                                     "the hidden units are copies of each other.")
    for j in range(1, len(sizes)):
        he = np.sqrt(2 / sizes[j - 1])
        std, mean = float(np.std(W0[j])), float(np.mean(W0[j]))
        if abs(std / he - 1) > 0.2 or abs(mean) > 0.2 * he:
            raise TrainingProblem("init_not_he", f"W[{j}] ({sizes[j]} × {sizes[j - 1]}) starts with mean {mean:.3g} and "
                                                 f"std {std:.3g}; He's is mean 0, std √(2/{sizes[j - 1]}) = {he:.3g}.")
        if np.any(b0[j]):
            raise TrainingProblem("initial_biases_not_zero", f"b[{j}] is not all 0 after epochs = 0.")


def _moved(before, after):
    """'W[2]', 'b[1]', … : the parameters a training run left exactly as they were."""
    return [f"{name}[{j}]" for name, old, new in (("W", before[0], after[0]), ("b", before[1], after[1]))
            for j in range(1, len(old)) if np.array_equal(old[j], new[j])]


def _judge_training(function, hidden):
    """The checks of notebook 05's section 5 on the student's own train, then the real thing."""
    sizes, seed = TRAIN_SETTINGS[hidden]["sizes"], TRAIN_SETTINGS[hidden]["seed"]
    (X, Y), (X_test, labels_test) = digits_split(seed)
    X_tiny, Y_tiny = X[:, :TINY["examples"]], Y[:, :TINY["examples"]]
    tiny = lambda epochs, what, batch=TINY["examples"]: _trained(  # noqa: E731
        function, X_tiny, Y_tiny, sizes, epochs, TINY["lr"], batch, seed, what)
    side = _Side(function)
    side.seed_global_rng(UNLIKELY_SEED)  # numpy's global generator: a state of our own, watched, then put back
    try:
        W0, b0 = tiny(0, "epochs = 0: the initial weights")
        again = tiny(0, "epochs = 0, a second time")
        with side.watching("forward_backward") as calls:
            tiny(2, "2 epochs in batches of 4", batch=4)
    finally:
        used = side.global_rng_used()
    if used:
        raise TrainingProblem("global_rng_used", "numpy's global generator (np.random.seed, np.random.randn, "
                                                 "np.random.permutation, …) was used.")
    if not all(np.array_equal(p, q) for p, q in zip(W0[1:] + b0[1:], again[0][1:] + again[1][1:])):
        raise TrainingProblem("training_not_seeded", "two calls with the same seed and epochs = 0 gave different weights.")
    _check_initial(W0, b0, sizes)
    if calls is not None:
        _check_epochs(calls, X_tiny, epochs=2, batch_size=4)
    start = network_loss(W0, b0, X_tiny, Y_tiny)
    W, b = tiny(TINY["epochs"], f"{TINY['epochs']} epochs on {TINY['examples']} examples")
    with np.errstate(all="ignore"):
        end = network_loss(W, b, X_tiny, Y_tiny) + 0.0 if all(np.all(np.isfinite(p)) for p in W[1:] + b[1:]) else np.nan
    tried = f"{TINY['epochs']} epochs at lr = {TINY['lr']} on {TINY['examples']} examples"
    if not np.isfinite(end):
        raise TrainingProblem("training_diverged", f"after {tried} the weights or the loss are NaN or infinite.")
    unmoved = _moved((W0, b0), (W, b))
    if len(unmoved) == 2 * (len(sizes) - 1):
        raise TrainingProblem("no_step_taken", f"after {tried} the weights are still the initial ones.")
    if end > start:
        raise TrainingProblem("update_sign", f"the loss rose from {start:.3g} to {end:.3g} in {tried}.")
    if unmoved:
        kind = "weights_not_updated" if all(p.startswith("W") for p in unmoved) else "biases_not_updated"
        raise TrainingProblem(kind if all(p[0] == unmoved[0][0] for p in unmoved) else "parameters_not_updated",
                              f"after {tried}, {', '.join(unmoved)} {'is' if len(unmoved) == 1 else 'are'} "
                              "exactly as at the start.")
    if end > TINY_LOSS:
        raise TrainingProblem("tiny_batch_not_learnt", f"the loss fell from {start:.3g} to {end:.3g} only, in {tried}; "
                                                       f"below {TINY_LOSS} is expected.")
    W, b = _trained(function, X, Y, sizes, FULL["epochs"], FULL["lr"], FULL["batch_size"], seed,
                    f"{FULL['epochs']} epochs on {X.shape[1]} digits")
    with np.errstate(all="ignore"):
        accuracy = float(np.mean(predict(W, b, X_test) == labels_test))
    if not accuracy >= TARGET_ACCURACY:
        raise TrainingProblem("held_out_below_target", f"after {FULL['epochs']} epochs (batches of {FULL['batch_size']}, "
                              f"lr = {FULL['lr']}) on {X.shape[1]} digits, {accuracy:.1%} of the {labels_test.size} "
                              f"held-out digits are right; {TARGET_ACCURACY:.0%} is the target.")
    return start, end, accuracy


def diagnose_training(function, hidden=False):
    """CheckResult for train(X, Y, sizes, epochs, lr, batch_size, seed) -> (W, b)."""
    result = CheckResult("train", passed=False, hidden=hidden, n_cases=3)
    if not callable(function):
        return _finish(result, "bad_return", f"expected your function train; got {type(function).__name__}. "
                                             "Pass the function itself, without ().")
    try:
        start, end, accuracy = _judge_training(function, hidden)
    except TrainingProblem as problem:
        if problem.mistake in lessons.NOT_ABOUT_AN_IDEA:  # about the code: said as for every other exercise
            return _finish(result, problem.mistake, str(problem))
        mistake = MISTAKES[problem.mistake]
        result.mistake, result.mistakes = problem.mistake, {"train": problem.mistake}
        result.message = (f"✗ train: {mistake.title}.\n    {problem}\n    hint: {mistake.hint}"
                          + _read_again(problem.mistake, "    "))
        return result
    result.passed = True
    result.message = (f"✓ train: passed (the tiny batch's loss fell from {start:.3g} to {end:.2g}; "
                      f"{accuracy:.1%} of {'hidden ' if hidden else ''}held-out digits right)")
    return result


# 6.1 spot the bug: seed 003's errors in a sigmoid network with binary cross-entropy --------

SEED_BUGS = ("sigma_for_sigma_prime", "bce_second_term_sign", "phi_index_error", "bias_not_summed")


def seed_backward(W, b, X, Y, bugs=()):
    """Backprop for sigmoid layers + BCE (mean over m), with any of seed 003's errors switched on
    (and slips no seed makes, named by their mistake ids: see FIX_VARIANTS)."""
    J = len(W) - 1
    m = X.shape[1]
    Z, A = layers_forward(W, b, X, _sigmoid, _sigmoid)
    if "bce_second_term_sign" in bugs:
        dA = (-Y / A[J] - (1 - Y) / (1 - A[J])) / m
    else:
        dA = (-Y / A[J] + (1 - Y) / (1 - A[J])) / m
    phi = [None] * (J + 1)
    phi[J] = dA if "missing_sigma_prime" in bugs else dA * _sigmoid_prime(Z[J])
    for j in range(J - 1, 0, -1):
        if "sigma_prime_of_wrong_layer" in bugs:  # σ′ of layer j + 1, applied before going through the weights
            phi[j] = W[j + 1].T @ (phi[j + 1] * _sigmoid_prime(Z[j + 1]))
            continue
        back = W[j + 1].sum(axis=0)[:, None] * phi[j + 1] if "phi_index_error" in bugs else W[j + 1].T @ phi[j + 1]
        factor = (_sigmoid(Z[j]) if "sigma_for_sigma_prime" in bugs else
                  _sigmoid_prime(A[j]) if "sigma_prime_of_activation" in bugs else _sigmoid_prime(Z[j]))
        phi[j] = back * factor
    inputs = [A[j] if "output_for_input" in bugs else A[j - 1] for j in range(1, J + 1)]
    dW = [None] + [phi[j] @ (inputs[j - 1] if "input_not_transposed" in bugs else inputs[j - 1].T) for j in range(1, J + 1)]
    db = [None] + [phi[j] if "bias_not_summed" in bugs else phi[j].sum(axis=0 if "bias_summed_over_units" in bugs else 1,
                                                                          keepdims=True) for j in range(1, J + 1)]
    return dW, db


def fix_cases(hidden):
    rng = np.random.default_rng(16 if hidden else 6)
    # one case with square weights and three outputs (BCE per output): there a forgotten transpose or the
    # wrong layer's W gives numbers instead of a shape error, so the mistake can be named
    setups = [([3, 4, 4, 1], 5), ([2, 3, 3, 1], 6), ([3, 3, 3, 3], 4)] + ([([4, 2, 2, 1], 3), ([3, 5, 5, 1], 2)] if hidden else [])
    cases = []
    for sizes, m in setups:
        net = MLP(sizes, activation="sigmoid", output="sigmoid", loss="bce", init="xavier", rng=rng)
        for j in range(1, net.J + 1):
            net.dense[j].b = rng.standard_normal(net.dense[j].b.shape) * 0.5
        inputs = {"W": [None] + [w.copy() for w in net.W[1:]], "b": [None] + [v.copy() for v in net.b[1:]],
                  "X": rng.standard_normal((sizes[0], m)), "Y": rng.integers(0, 2, (sizes[-1], m)).astype(float)}
        cases.append(Case(f"sizes {sizes}, m = {m}", inputs, m=m))
    return cases


def fix_reference(W, b, X, Y):
    sizes = [W[1].shape[1]] + [w.shape[0] for w in W[1:]]
    net = MLP(sizes, activation="sigmoid", output="sigmoid", loss="bce")
    for j in range(1, len(W)):
        net.dense[j].set_params(W=W[j], b=b[j])
    net.loss_and_gradients(X, Y)
    return {f"{name}[{j}]": grads[j] for name, grads in (("dW", net.dW), ("db", net.db)) for j in range(1, len(W))}


def seed_bugs_left(bugs):
    def compute(inputs, ref):
        dW, db = seed_backward(**inputs, bugs=bugs)  # may raise, as the student's code does (see _variant)
        return {f"{name}[{j}]": grads[j] for name, grads in (("dW", dW), ("db", db)) for j in range(1, len(dW))}
    return compute


def _subsets(items):
    """Non-empty subsets, smallest first (one bug left is the likeliest)."""
    from itertools import combinations
    return [set(c) for size in range(1, len(items) + 1) for c in combinations(items, size)]


def forward_pass(inputs):
    """The scope of fix_backward's program: the seed's forward pass (given, and right) layer by layer."""
    W, b, X = inputs["W"], inputs["b"], inputs["X"]
    Z, A = layers_forward(W, b, X, _sigmoid, _sigmoid)
    return {"W": W, "b": b, "Z": Z, "A": A, "X": X, "Y": inputs["Y"], "J": len(W) - 1}


# Equations (1)-(4) over the layers, the output's ∇_a L written out as the seed does: a slip in
# any line, at any layer, is one change.
FIX_PROGRAM = Program(
    steps=(("phi", Loop((At("W", 1).T @ At("phi", 1)) * call("σ′", At("Z")),
                        top=(-(Var("Y") / At("A", last=True)) + (1 - Var("Y")) / (1 - At("A", last=True)))
                        / call("m", Var("X")) * call("σ′", At("Z", last=True)))),
           ("dW", Loop(At("phi") @ At("A", -1).T, down=False)),
           ("db", Loop(total(At("phi"), axis=1), down=False))),
    outputs=("dW", "db"), functions={**SIGMOID, **EXAMPLES}, swaps={**SIGMOID_SWAPS, "m": ("n",)}, whole=("m", "n"),
    lists=("W", "Z", "A", "phi"))  # not b: backprop never reads the biases

FIX_VARIANTS = [("+".join(sorted(bugs, key=SEED_BUGS.index)), seed_bugs_left(bugs)) for bugs in _subsets(SEED_BUGS)] + [
    (slip, seed_bugs_left({slip})) for slip in ("input_not_transposed", "bias_summed_over_units", "missing_sigma_prime",
                                                "sigma_prime_of_activation", "sigma_prime_of_wrong_layer", "output_for_input")]


EXERCISES = {e.id: e for e in [
    Exercise("neuron_gradient", "neuron_gradient(x, W, b, y) -> (dW, db)", neuron_cases, neuron_reference,
             NEURON_VARIANTS, tuple_of("dW", "db"), program=NEURON_PROGRAM),
    Exercise("relu_chain", "relu_chain(x, w1, b1, w2, b2, w3, b3, y) -> (dw1, dw2, dw3)", relu_chain_cases,
             relu_chain_reference, RELU_CHAIN_VARIANTS, tuple_of("dw1", "dw2", "dw3"), scalar=True,
             program=RELU_CHAIN_PROGRAM),
    Exercise("dense_backward", "dense_backward(dZ, A_prev, W) -> (dW, db, dA_prev)", dense_cases, dense_reference,
             DENSE_VARIANTS, tuple_of("dW", "db", "dA_prev"), program=DENSE_PROGRAM),
    Exercise("recursive_delta", "recursive_delta(W, Z, A, phi_J, sigma_prime) -> phi", recursive_delta_cases,
             recursive_delta_reference, RECURSIVE_DELTA_VARIANTS, layer_lists("phi"),
             program=RECURSIVE_DELTA_PROGRAM, program_inputs=deltas_to_fill),
    Exercise("sigmoid_bce_delta", "sigmoid_bce_delta(Z, Y) -> phi_J", lambda hidden: output_cases(hidden, 7, False),
             sigmoid_bce_reference, SIGMOID_BCE_VARIANTS, tuple_of("phi_J"), program=SIGMOID_BCE_PROGRAM),
    Exercise("softmax_ce_delta", "softmax_ce_delta(Z, Y) -> phi_J", lambda hidden: output_cases(hidden, 8, True),
             softmax_ce_reference, SOFTMAX_CE_VARIANTS, tuple_of("phi_J"), program=SOFTMAX_CE_PROGRAM),
    Exercise("numerical_gradient", "numerical_gradient(f, x, eps) -> grad", gradient_cases, gradient_reference,
             GRADIENT_VARIANTS, tuple_of("grad"), program=GRADIENT_PROGRAM),
    Exercise("mul_backward", "mul_backward(a, b, upstream) -> (grad_a, grad_b)",
             lambda hidden: node_cases(hidden, 17), lambda a, b, upstream: {"grad_a": b * upstream, "grad_b": a * upstream},
             MUL_VARIANTS, tuple_of("grad_a", "grad_b"), scalar=True, program=MUL_PROGRAM),
    Exercise("relu_backward", "relu_backward(u, upstream) -> grad_u",
             lambda hidden: node_cases(hidden, 18, one_input=True, kink=True),
             lambda u, upstream: {"grad_u": _relu_prime(u) * upstream}, RELU_NODE_VARIANTS, tuple_of("grad_u"),
             scalar=True, program=RELU_NODE_PROGRAM),
    Exercise("sigmoid_backward", "sigmoid_backward(u, upstream) -> grad_u",
             lambda hidden: node_cases(hidden, 19, one_input=True),
             lambda u, upstream: {"grad_u": _sigmoid_node(_sigmoid_prime)(u) * upstream}, SIGMOID_NODE_VARIANTS,
             tuple_of("grad_u"), scalar=True, program=SIGMOID_NODE_PROGRAM),
    Exercise("hand_phi1", "hand_phi1() -> phi1, the (2, 1) array φ¹", hand_cases, hand_answer("hand_phi1"),
             HAND_PHI1_VARIANTS, tuple_of("hand_phi1")),
    Exercise("hand_dW1", "hand_dW1() -> dW1, the (2, 2) array ∇_{W¹} L", hand_cases, hand_answer("hand_dW1"),
             HAND_DW1_VARIANTS, tuple_of("hand_dW1")),
    Exercise("hand_W2_after", "hand_W2_after() -> W2, the (2, 2) array W² after one step", hand_cases,
             hand_answer("hand_W2_after"), HAND_W2_VARIANTS, tuple_of("hand_W2_after")),
    Exercise("unit_gain_std", "unit_gain_std(activation, n) -> std", gain_cases,
             lambda activation, n: {"std": float(np.sqrt(1.0 / (n * MEAN_SQUARED_SLOPE[activation])))},
             GAIN_VARIANTS, tuple_of("std"), scalar=True),
    Exercise("depth_ratio", "depth_ratio(gain, layers) -> ratio", depth_cases,
             lambda gain, layers: {"ratio": gain ** (layers - 1)}, DEPTH_VARIANTS, tuple_of("ratio"), scalar=True),
    Exercise("rows_forward", "rows_forward(X, W, b) -> Z, examples as rows",
             lambda hidden: [Case(c.label, {k: c.inputs[k] for k in ("X", "W", "b")}, m=c.m) for c in rows_cases(hidden, 20)],
             lambda X, W, b: {"Z": X @ W.T + b.T}, ROWS_FORWARD_VARIANTS, tuple_of("Z"), program=ROWS_FORWARD_PROGRAM),
    Exercise("rows_weight_gradient", "rows_weight_gradient(dZ, X) -> dW, in the course's shape (n_out, n_in)",
             lambda hidden: [Case(c.label, {"dZ": c.inputs["dZ"], "X": c.inputs["X"]}, m=c.m) for c in rows_cases(hidden, 21)],
             lambda dZ, X: {"dW": dZ.T @ X}, [], tuple_of("dW"), program=ROWS_GRADIENT_PROGRAM),
    Exercise("expected_first_loss", "expected_first_loss(classes) -> loss", classes_cases,
             lambda classes: {"loss": float(np.log(classes))}, FIRST_LOSS_VARIANTS, tuple_of("loss"), scalar=True),
    Exercise("l2_weight_gradient", "l2_weight_gradient(dW, W, lam) -> the gradient of the regularised loss", l2_cases,
             lambda dW, W, lam: {"dW_total": dW + lam * W}, L2_VARIANTS, tuple_of("dW_total"), program=L2_PROGRAM),
    Exercise("difference_error_bound", "difference_error_bound(eps, dtype) -> bound", eps_cases,
             lambda eps, dtype: {"bound": np.e * eps ** 2 / 6 + float(np.finfo(dtype).eps) * np.e / eps},
             BOUND_VARIANTS, tuple_of("bound"), scalar=True),
    Exercise("best_step", "best_step(dtype) -> eps", dtype_cases,
             lambda dtype: {"eps": float(np.cbrt(3 * np.finfo(dtype).eps))}, BEST_STEP_VARIANTS, tuple_of("eps"),
             scalar=True),
    Exercise("dense_forward", "dense_forward(W, b, A_prev) -> Z", own_dense_cases,
             lambda W, b, A_prev: {"Z": W @ A_prev + b}, DENSE_FORWARD_VARIANTS, tuple_of("Z"),
             program=DENSE_FORWARD_PROGRAM),
    Exercise("relu", "relu(Z) -> A", relu_cases, lambda Z: {"A": _relu(Z)}, RELU_VARIANTS, tuple_of("A")),
    Exercise("softmax_ce_loss", "softmax_ce_loss(Z, Y) -> loss", loss_cases, lambda Z, Y: {"loss": ce_loss(Z, Y)},
             LOSS_VARIANTS, tuple_of("loss"), scalar=True),
    Exercise("forward_backward", "forward_backward(W, b, X, Y) -> (loss, dW, db)",
             lambda hidden: network_cases(hidden, 26), lambda W, b, X, Y: _loss_and_lists(*own_network(W, b, X, Y)),
             NETWORK_VARIANTS, loss_and_layer_lists, program=NETWORK_PROGRAM, program_inputs=own_forward_pass),
    Exercise("numerical_gradients", "numerical_gradients(W, b, X, Y, eps) -> (dW, db)", numerical_cases,
             lambda W, b, X, Y, eps: numerical_network_gradients(W, b, X, Y, eps), NUMERICAL_VARIANTS,
             layer_lists("dW", "db")),
    Exercise("sgd_step", "sgd_step(W, b, dW, db, lr) -> (W, b), new lists", step_cases,
             lambda W, b, dW, db, lr: sgd_step_with(_RIGHT_W, _RIGHT_B)({"W": W, "b": b, "dW": dW, "db": db, "lr": lr}, None),
             SGD_STEP_VARIANTS, layer_lists("W", "b")),
    Exercise("fix_backward", "fix_backward(W, b, X, Y) -> (dW, db)", fix_cases, fix_reference,
             FIX_VARIANTS, layer_lists("dW", "db"), program=FIX_PROGRAM, program_inputs=forward_pass),
]}

JUDGED_BY_BEHAVIOUR = {"train": diagnose_training}  # no reference numbers: judged by what training does


def _seed_bugs(exercise, mistake_id):
    """For "spot the bug": which of seed 003's errors a mistake id says are still there."""
    bugs = mistake_id.split("+") if exercise == "fix_backward" and mistake_id else []
    return bugs if bugs and all(bug in SEED_BUGS for bug in bugs) else None


# ---- running the student's function ---------------------------------------------------------

@dataclass
class Run:
    """One call of the student's function on one case."""
    outputs: dict = None      # output name → value as returned
    exception: BaseException = None
    where: str = ""           # the student's line that raised
    modified: list = field(default_factory=list)  # names of the inputs the call changed in place


def _student_line(exc, function):
    """'line N: <code>' of the deepest frame in the student's own file (not numpy, not us)."""
    code = getattr(function, "__code__", None)
    tb, found = exc.__traceback__, None
    while tb is not None:
        if code is not None and tb.tb_frame.f_code.co_filename == code.co_filename:
            found = tb
        tb = tb.tb_next
    if found is None:
        return ""
    line = linecache.getline(found.tb_frame.f_code.co_filename, found.tb_lineno).strip()
    return f"line {found.tb_lineno} of {found.tb_frame.f_code.co_name}" + (f": `{line}`" if line else "")


EXTRAS = ("exact", "sigma")  # what some mistakes and the search compute from; never passed to a student


def _fresh_inputs(case, for_student=False):
    """A deep copy of a case's arrays (functions shared), so no call can change the case itself.
    Students do not get the extras some mistakes are computed from (the exact gradient)."""
    inputs = {name: value if callable(value) else copy.deepcopy(value) for name, value in case.inputs.items()}
    if for_student:
        for extra in EXTRAS:
            inputs.pop(extra, None)
    return inputs


def _call(function, case):
    inputs = _fresh_inputs(case, for_student=True)
    try:
        # by position, in the template's order: a student may rename the parameters
        returned = function(*inputs.values())
    except (Exception, SystemExit) as exc:  # whatever the student's code raises is reported, not re-raised
        return Run(exception=exc, where=_student_line(exc, function))
    return Run(outputs=returned, modified=[name for name, value in inputs.items()
                                           if not _unchanged(value, case.inputs[name])])


def _unchanged(after, before):
    """An input as it was given (arrays to round-off: x[i] += ε; x[i] −= ε may leave the last bit)."""
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and after.shape == before.shape
                and bool(np.allclose(after, before, rtol=1e-12, atol=1e-15, equal_nan=True)))
    if isinstance(before, (list, tuple)):
        return (isinstance(after, (list, tuple)) and len(after) == len(before)
                and all(_unchanged(a, b) for a, b in zip(after, before)))
    return True


def _reference(exercise, case):
    return exercise.reference(**_fresh_inputs(case, for_student=True))


def variant_outputs(exercise, compute, cases, refs):
    """What a mistake gives on each case: {output name: array or Raised} per case."""
    return [{k: _as_ref(v, exercise.scalar) for k, v in _variant(exercise, compute, case, ref).items()}
            for case, ref in zip(cases, refs)]


def reference_outputs(exercise, cases):
    return [{k: _as_ref(v, exercise.scalar) for k, v in _reference(exercise, case).items()} for case in cases]


def cases_of(exercise, hidden):
    """The exercise's cases, made once per session (seeded, so always the same)."""
    key = (exercise.id, hidden)
    if key not in _CASES:
        _CASES[key] = exercise.make_cases(hidden)
    return _CASES[key]


_CASES = {}


def _variant(exercise, compute, case, ref):
    inputs = _fresh_inputs(case)
    with np.errstate(all="ignore"):  # a mistake may well divide by zero; that is its value
        out = _try(lambda: compute(inputs, ref))
    if isinstance(out, dict):
        out = {name: out.get(name, ref[name]) for name in ref}
        out = next((value for value in out.values() if isinstance(value, Raised)), out)
    # a mistake that raises on this case raises for the whole call, as the student's function would
    return {name: out for name in ref} if isinstance(out, Raised) else out


# ---- comparing one output -----------------------------------------------------------------

@dataclass
class Value:
    """A student output read as a float array, or why it could not be."""
    array: np.ndarray = None
    problem: str = ""
    integer: bool = False


def _read(value, scalar):
    if value is None:
        return Value(problem="is None: never filled in (a missing `return`, or for a layer list, a loop over the "
                             "layers that stops before this layer: range(J − 1, 0, −1) goes down to 1)")
    if isinstance(value, Raised):
        return Value(problem=f"could not be computed ({type(value.exception).__name__})")
    try:
        array = np.asarray(value)
    except Exception:
        return Value(problem=f"could not be read as an array (a {type(value).__name__} of uneven pieces?)")
    if array.dtype.kind == "O":
        try:
            array = array.astype(float)
        except Exception:
            return Value(problem=f"is a {type(value).__name__} that does not make a numeric array "
                                 "(uneven pieces, or None inside?)")
    if array.dtype.kind == "b":
        return Value(problem="is a boolean array; expected numbers")
    if array.dtype.kind == "c":
        return Value(problem="has complex numbers; expected real numbers")
    if array.dtype.kind not in "iuf":
        return Value(problem=f"has dtype {array.dtype}; expected a float array")
    integer = array.dtype.kind in "iu"
    array = array.astype(np.float64)
    if scalar and array.size == 1:
        array = array.reshape(())
    return Value(array, integer=integer)


def _close(got, want):
    """Same shape and the same values (NaN where the other has NaN, e.g. a mistake that divides by 0)."""
    if want is None or isinstance(want, Raised):
        return False
    got, want = np.asarray(got), np.asarray(want)
    if got.shape != want.shape:
        return False
    with np.errstate(invalid="ignore", over="ignore"):  # np.allclose's test, written out: the search calls it often
        if got.size and abs(got.flat[0] - want.flat[0]) > ATOL + RTOL * abs(want.flat[0]):
            return False  # most wrong answers differ at once
        close = (got == want) | (np.abs(got - want) <= ATOL + RTOL * np.abs(want)) | (np.isnan(got) & np.isnan(want))
    return bool(close.all())


def _as_ref(value, scalar):
    if isinstance(value, Raised):
        return value
    array = np.asarray(value, dtype=np.float64)
    return array.reshape(()) if scalar and array.size == 1 else array


def _matches(runs, values, variant_outputs, name):
    """The variant reproduces output `name` on every case: same value where the student
    returned one, an exception where the student's function raised. Where the student's
    numbers have a few NaN/inf (an overflow on top of the mistake) the others must agree, and
    some other case must agree exactly."""
    exact, lenient = False, False
    for run, value, variant in zip(runs, values, variant_outputs):
        expected = variant.get(name) if variant is not None else None
        if variant is not None and name not in variant:  # this case has no such output (fewer layers)
            continue
        if run.exception is not None:
            if not isinstance(expected, Raised) or not _same_failure(run.exception, expected.exception):
                return False
        elif value is None:  # this case did not have that output
            continue
        elif isinstance(expected, Raised) or value.array is None:
            return False
        elif _close(value.array, expected):
            exact = True
        elif _agrees_where_finite(value.array, expected):
            lenient = True
        else:
            return False
    return exact or not lenient


def _agrees_where_finite(got, want):
    """Most of `got` is finite, and there it is `want` (NaN/inf elsewhere: a second problem)."""
    got, want = np.asarray(got), np.asarray(want, dtype=float)
    finite = np.isfinite(got)
    if got.shape != want.shape or finite.all() or 2 * finite.sum() < got.size:
        return False
    return _close(got[finite], want[finite])


def _same_failure(got, expected):
    """The student's exception is the one the mistake raises: same kind and message, or both a
    shape error of numpy (`@`, np.dot and broadcasting word it differently). The kind is the
    type's name: while grading, the student's ValueError comes back from the sandboxed kernel as
    a StudentError that names it (mlpedu/grading/remote.py)."""
    kind = lambda exc: getattr(exc, "type_name", type(exc).__name__)  # noqa: E731
    if kind(got) != kind(expected):
        return False
    if str(got) == str(expected):
        return True
    sizes_got, sizes_expected = _mismatched_sizes(str(got)), _mismatched_sizes(str(expected))
    return sizes_got is not None and sizes_got == sizes_expected  # the same clash of sizes, worded otherwise


def _mismatched_sizes(message):
    """The two sizes a numpy shape error says clash (matmul, np.dot, broadcasting), unordered, or None."""
    for pattern in (r"size (\d+) is different from (\d+)", r"(\d+) \(dim \d+\) != (\d+) \(dim \d+\)",
                    r"broadcast together with shapes (\([\d, ]*\)) (\([\d, ]*\))"):
        found = re.search(pattern, message)
        if found:
            return frozenset(found.groups())
    return None


def _explains(runs, per_output, refs, outputs):
    """The mistake reproduces every output it changes: a mistake that would also change an output
    the student got right, or got wrong another way, does not explain the student's numbers."""
    changed = [name for name in per_output if _distinct(refs, outputs, name)]
    return bool(changed) and all(_matches(runs, per_output[name], outputs, name) for name in changed)


def _distinct(refs, variant_outputs, name):
    return any(isinstance(v.get(name), Raised) or not _close(v[name], r[name])
               for r, v in zip(refs, variant_outputs) if name in r)


def _where_it_differs(name, cases, values, refs):
    for case, value, ref in zip(cases, values, refs):
        if value is None or value.array is None or name not in ref or _close(value.array, ref[name]):
            continue  # the call raised, this case has no such output, or it agrees here
        got, want = value.array, ref[name]
        off = ~np.isclose(got, want, rtol=RTOL, atol=ATOL)
        if got.ndim == 0:
            return f"on the case {case.label}: yours {got.item():.6g}, expected {want.item():.6g}."
        order = np.argsort(-np.abs(got - want), axis=None)[:N_SHOWN]
        entries = "; ".join(f"[{', '.join(map(str, np.unravel_index(k, got.shape)))}] yours {got.flat[k]:.6g}, "
                            f"expected {want.flat[k]:.6g}" for k in order if off.flat[k])
        return (f"on the case {case.label}: {int(off.sum())} of {off.size} entries differ, the largest: "
                f"{entries}." + _ratio_remark(_constant_ratio(got, want), case.m, want.shape))
    return ""


def _ratio_remark(ratio, m, shape):
    """What a constant ratio yours / expected says, if there is one."""
    if ratio is None:
        return ""
    if ratio == 0:
        return (" Yours is all zeros: a gradient never filled in (an np.zeros_like returned as it is), or a "
                "factor that is always 0 (an input of 0, a unit that is off, or a derivative written so that it is "
                "0, such as a * 1 - a for a * (1 - a)).")
    usual = {2.0: "2", 0.5: "½", float(m): f"m = {m}", 1.0 / m: f"1/m = 1/{m}", float(m * m): f"m² = {m * m}, m twice",
             1.0 / (m * m): f"1/m² = 1/{m * m}, divided by m twice"}
    for size in shape:
        usual.setdefault(float(size), f"n = {size}, a size of this array")
        usual.setdefault(1.0 / size, f"1/n = 1/{size}, one over a size of this array")
    named = next((name for factor, name in usual.items() if np.isclose(abs(ratio), factor, rtol=1e-6)), None)
    if named or np.isclose(abs(ratio), 1.0, rtol=1e-6):
        return f" Yours is {ratio:.4g} × the expected value everywhere: a constant factor{' (' + named + ')' if named else ''} is off."
    return (f" Yours is {ratio:.4g} × the expected value everywhere, which is none of the usual factors "
            "(±1, 2, ½, m, 1/m, n, 1/n): rather a term missing or extra that scales every entry alike.")


def _constant_ratio(got, want):
    """got / want when it is one constant over all (non-zero) entries, else None."""
    mask = np.abs(want) > ATOL
    if not mask.any() or not np.allclose(got[~mask], 0.0, atol=ATOL):
        return None
    ratios = got[mask] / want[mask]
    return float(ratios.flat[0]) if np.allclose(ratios, ratios.flat[0], rtol=1e-6) else None


def _non_finite_note(cases, per_output, names):
    """For a change found by search that reproduces the numbers where the student's are finite."""
    for name in names:
        for case, value in zip(cases, per_output[name]):
            if value is not None and value.array is not None and not np.all(np.isfinite(value.array)):
                return (f" Yours also has NaN/inf in {name} on the case {case.label}: on top of that change, "
                        "something overflows or divides by 0 (exp of a large number, or a division by 0).")
    return ""


def _holds(name, other, per_output, refs):
    """The student's `name` is, on every case that has it, the right value of output `other`."""
    values = [(v, r) for v, r in zip(per_output[name], refs) if v is not None and other in r]
    return bool(values) and all(v.array is not None and _close(v.array, r[other]) for v, r in values)


def _swapped_outputs(wrong_names, per_output, refs):
    """name → the output whose right value it holds, for pairs returned in each other's place."""
    return {a: b for a in wrong_names for b in wrong_names
            if a != b and _holds(a, b, per_output, refs) and _holds(b, a, per_output, refs)}


def _aliased_outputs(wrong_names, names, per_output, refs):
    """name → the right output whose values it holds (two names for one list, or one formula written twice)."""
    return {a: b for a in wrong_names for b in names
            if b != a and b not in wrong_names and _holds(a, b, per_output, refs)}


def _overflow_note(name, cases, values, outputs):
    """Where the student's numbers are NaN/inf but the mistake's are not, say so: something
    overflowed or divided by 0 on top of the mistake."""
    for case, value, output in zip(cases, values, outputs):
        want = output.get(name) if output else None
        if value is None or value.array is None or want is None or isinstance(want, Raised):
            continue
        bad = ~np.isfinite(value.array) & np.isfinite(np.asarray(want, dtype=float))
        if bad.any():
            return (f"{name} also has {int(bad.sum())} NaN/inf value(s) on the case {case.label}, where this "
                    "mistake alone gives numbers: on top of it something overflows or divides by 0 (exp of a "
                    "large number, or a division by a probability that is 0).")
    return ""


def _with_a_generic_mistake(name, cases, runs, per_output, refs, variants):
    """Two mistakes at once: a catalogued one and, on top of it, a sign, a factor or a transpose
    (σ′ left out and dW transposed; seed 003's sign and no 1/m), applied to every output the
    catalogued one changes; like any mistake it must reproduce all of them."""
    def transformed(outputs, transform):
        both = []
        for case, output in zip(cases, outputs):
            both.append({key: value if isinstance(value, Raised) else transform(np.asarray(value, dtype=float), case.m)
                         for key, value in output.items()})
        return both

    for mistake_id, outputs in variants:
        if name not in {key for output in outputs for key in output}:
            continue
        for generic_id, transform in GENERIC_VARIANTS:
            both = transformed(outputs, transform)
            if _distinct(outputs, both, name) and _distinct(refs, both, name) \
                    and _explains(runs, per_output, refs, both):
                return Finding(name, f"{mistake_id}+{generic_id}", _overflow_note(name, cases, per_output[name], both))
    return None


def _never_filled(name, present):
    """(mistake id, detail) when the answer is the reference with something left at zero: a whole
    layer of a layer list, or the last entry along one axis (a loop that stopped one early)."""
    arrays = [(case, v.array, r[name]) for case, v, r in present if v.array is not None]
    wrong = [(case, got, want) for case, got, want in arrays if not _close(got, want)]
    if not wrong or any(got.shape != np.shape(want) for _, got, want in arrays):
        return None
    if "[" in name and all(not np.any(got) for _, got, _ in wrong):
        return "layer_never_computed", f"{name} is all zeros (case {wrong[0][0].label})."
    for axis in [None] + list(range(wrong[0][1].ndim)):
        def last(a):
            return a.reshape(-1)[-1:] if axis is None else np.take(a, [-1], axis=axis)
        def rest(a):
            return a.reshape(-1)[:-1] if axis is None else np.delete(a, -1, axis=axis)
        if all(a.size > 1 and not np.any(last(a)) and np.any(last(b)) and _close(rest(a), rest(b)) for _, a, b in wrong):
            where = "entry" if axis is None else ("row" if axis == 0 else "column")
            return "last_entry_skipped", f"{name}'s last {where} is 0, the rest is right (case {wrong[0][0].label})."
    return None


@dataclass
class Finding:
    output: str
    mistake: str
    detail: str = ""


def _diagnose_output(exercise, name, cases, runs, per_output, refs, variants):
    """The first explanation of why output `name` is wrong, as a Finding."""
    values = per_output[name]
    present = [(c, v, r) for c, v, r in zip(cases, values, refs) if v is not None and name in r]
    for case, value, ref in present:
        if value.problem:
            return Finding(name, "bad_return", f"{name} {value.problem} (case {case.label}).")
    for mistake_id, outputs in variants:
        if _distinct(refs, outputs, name) and _explains(runs, per_output, refs, outputs):
            return Finding(name, mistake_id, _overflow_note(name, cases, values, outputs))
    for mistake_id, transform in GENERIC_VARIANTS:
        outputs = [{name: transform(r[name], c.m)} if name in r else {} for c, r in zip(cases, refs)]
        if _distinct(refs, outputs, name) and _matches(runs, values, outputs, name):
            return Finding(name, mistake_id, _overflow_note(name, cases, values, outputs))
    combined = _with_a_generic_mistake(name, cases, runs, per_output, refs, variants)
    if combined:
        return combined
    for case, value, ref in present:
        if not np.all(np.isfinite(value.array)):
            bad = np.argwhere(~np.isfinite(value.array))
            first = ", ".join(map(str, bad[0])) if value.array.ndim else ""
            detail = (f"{name} has {len(bad)} NaN/inf value(s) on the case {case.label}"
                      f"{', the first at [' + first + ']' if first else ''}.")
            return Finding(name, "non_finite", detail)
    never = _never_filled(name, present)
    if never:
        return Finding(name, *never)
    if any(v.integer for _, v, _ in present) and all(
            _close(v.array, np.trunc(r[name])) or _close(v.array, np.round(r[name])) for _, v, r in present):
        return Finding(name, "integer_dtype", f"{name} has an integer dtype, so its values were rounded.")
    for case, value, ref in present:
        got, want = value.array, ref[name]
        if got.shape == want.shape:
            continue
        where = f"{name} has shape {got.shape}; expected {want.shape} (case {case.label})."
        if got.size == 1 and np.size(want) > 1 and all(
                v.array.size == 1 and _close(v.array.reshape(()), np.asarray(r[name]).reshape(-1)[-1]) for _, v, r in present):
            return Finding(name, "overwritten_by_last", where)
        if got.ndim == 1 and want.ndim >= 2 and got.size == want.size:
            return Finding(name, "shape_flat", where)
        if got.shape == want.shape[::-1] and np.allclose(got, want.T, rtol=RTOL, atol=ATOL):
            return Finding(name, "shape_transposed", where)
        if got.shape == want.shape[::-1]:  # transposed, and a sign or a factor off as well
            for generic_id, transform in GENERIC_VARIANTS:
                if generic_id == "shape_transposed":  # the transpose is already taken
                    continue
                if all(v.array.shape == np.shape(r[name])[::-1] and _close(v.array, transform(np.asarray(r[name]), c.m).T)
                       for c, v, r in present):
                    return Finding(name, f"shape_transposed+{generic_id}", where)
        return Finding(name, "shape_mismatch", where + (" Rows and columns are swapped."
                                                        if got.shape == want.shape[::-1] else ""))
    return Finding(name, "no_known_mistake", f"{name} differs " + _where_it_differs(name, cases, values, refs))


def diagnose(exercise, function, hidden=False):
    """Run the student's `function` on the exercise's cases and explain any disagreement.

    Returns a CheckResult; never raises for anything the student's code does."""
    if exercise in JUDGED_BY_BEHAVIOUR:
        return JUDGED_BY_BEHAVIOUR[exercise](function, hidden)
    if exercise not in EXERCISES:
        raise MlpeduError(f"Unknown exercise {exercise!r}. Known: {', '.join([*EXERCISES, *JUDGED_BY_BEHAVIOUR])}.")
    ex = EXERCISES[exercise]
    result = CheckResult(exercise, passed=False, hidden=hidden)
    if not callable(function):
        return _finish(result, "bad_return", f"expected your function for {ex.signature}; got "
                                             f"{type(function).__name__}. Pass the function itself, without ().")
    cases = cases_of(ex, hidden)
    result.n_cases = len(cases)
    refs = reference_outputs(ex, cases)
    runs = [_call(function, case) for case in cases]

    if any(isinstance(run.exception, NotImplementedError) for run in runs):
        return _finish(result, "not_implemented",
                       f"{ex.signature.split('(')[0]} is not written yet: replace `raise NotImplementedError()` "
                       "with your code.")
    variants = [(mistake_id, variant_outputs(ex, compute, cases, refs)) for mistake_id, compute in ex.variants]

    values, structure = [], None
    for case, run in zip(cases, runs):
        if run.exception is not None:
            values.append(None)
            continue
        try:
            outputs = ex.split(run.outputs, case)
        except ReturnError as exc:
            structure = structure or f"{ex.signature.split(' ->')[0]} {exc}"
            values.append(None)
            continue
        except Exception as exc:  # e.g. len() of an object without one
            structure = structure or f"the returned value could not be read ({type(exc).__name__}: {exc})."
            values.append(None)
            continue
        values.append({name: _read(outputs[name], ex.scalar) for name in outputs})
    if structure:
        return _finish(result, "bad_return", structure)

    names = list(dict.fromkeys(name for ref in refs for name in ref))
    per_output = {name: [None if v is None else v.get(name) for v in values] for name in names}
    wrong_names = [name for name in names if not all(
        v is not None and not v.problem and _close(v.array, r[name])
        for run, v, r in zip(runs, per_output[name], refs) if name in r and run.exception is None)]
    if not wrong_names and any(run.exception is not None for run in runs):
        wrong_names = names  # it raised wherever it was wrong: a mistake that raises the same way may explain it
    # One mistake that reproduces every output explains them all (e.g. a missing σ′ that
    # spoils every layer below it); otherwise each wrong output gets its own diagnosis.
    whole = next((mistake_id for mistake_id, outputs in variants if wrong_names
                  and any(_distinct(refs, outputs, name) for name in names)
                  and all(_matches(runs, per_output[name], outputs, name) for name in names)), None)
    swapped = _swapped_outputs(wrong_names, per_output, refs)
    aliased = _aliased_outputs(wrong_names, names, per_output, refs)
    whole_outputs = dict(variants).get(whole)
    findings = [Finding(name, whole, _overflow_note(name, cases, per_output[name], whole_outputs)) if whole else
                Finding(name, "outputs_swapped", f"{name} holds what {swapped[name]} should.") if name in swapped else
                Finding(name, "outputs_aliased" if "[" in name else "same_value_twice",
                        f"{name} holds {aliased[name]}'s values.") if name in aliased else
                _diagnose_output(ex, name, cases, runs, per_output, refs, variants) for name in wrong_names]

    raised = [(case, run) for case, run in zip(cases, runs) if run.exception is not None]
    specific = {mistake_id for mistake_id, _ in ex.variants}
    combined = any(f.mistake and "+" in f.mistake and not _seed_bugs(exercise, f.mistake) for f in findings)
    unexplained = combined or any(f.mistake in UNNAMED for f in findings) or (
        raised and not any(f.mistake in specific for f in findings))
    all_zero = all(v is None or v.array is None or not np.any(v.array) for name in wrong_names for v in per_output[name])
    # all zeros: many changes give them (a factor 0, y for a, …), so none would be named truthfully
    found = _searched(ex, cases, runs, per_output, names) if unexplained and ex.program is not None and not all_zero else []
    if combined and found and any(len(m.changes) > 1 for m in found):
        found = []  # two catalogued mistakes say it better than two changes to the program
    if found:  # the search explains the whole answer, the raising calls included
        detail = _search_detail(found) + _non_finite_note(cases, per_output, wrong_names)
        covered = lambda name: name.split("[")[0] in ex.program.outputs  # noqa: E731 (the loss of forward_backward is not)
        findings = [Finding(f.output, "found_by_search", detail) if covered(f.output) else f for f in findings]
        raised = []
    if raised and not any(f.mistake in specific for f in findings):
        case, run = raised[0]
        return _finish(result, "raised", f"your function raised {type(run.exception).__name__}: {run.exception} "
                                         f"(case {case.label}{'; ' + run.where if run.where else ''}).")

    accepted = [f for f in findings if MISTAKES.get(f.mistake) and MISTAKES[f.mistake].accepted]
    wrong = [f for f in findings if f not in accepted]
    result.notes = sorted({f"{MISTAKES[f.mistake].title}. {MISTAKES[f.mistake].hint}" for f in accepted})
    result.mistakes = {f.output: f.mistake for f in findings}
    modified = next(((case, run) for case, run in zip(cases, runs) if run.modified), None)
    if not wrong and modified:
        case, run = modified
        result.mistake, result.mistakes = "input_modified", {name: "input_modified" for name in run.modified}
        result.message = (f"✗ {exercise}: your results are right, but {', '.join(run.modified)} "
                          f"{'was' if len(run.modified) == 1 else 'were'} changed in place (case {case.label}): "
                          f"{_input_modified_hint(exercise)}" + _read_again("input_modified", "  "))
        return result
    if not wrong:
        result.passed = True
        result.mistake = accepted[0].mistake if accepted else None
        agree = "case agrees" if len(cases) == 1 else "cases agree"
        result.message = (f"✓ {exercise}: passed ({len(cases)} {'hidden ' if hidden else ''}{agree} with the reference)"
                          + "".join(f"\n  note: {note}" for note in result.notes))
        return result
    result.mistake = wrong[0].mistake
    result.message = _describe(exercise, names, wrong)
    if modified:
        case, run = modified
        result.message += (f"\n  also: {', '.join(run.modified)} {'was' if len(run.modified) == 1 else 'were'} changed in "
                           f"place (case {case.label}): {_input_modified_hint(exercise)}")
    return result


MOVED_AND_PUT_BACK = ("numerical_gradient", "numerical_gradients")  # the method moves inputs in place


def _input_modified_hint(exercise):
    if exercise in MOVED_AND_PUT_BACK:
        return ("Moving an entry in place is the method; put it back before the next one "
                "(saved = x[i] before, x[i] = saved after).")
    return MISTAKES["input_modified"].hint


UNNAMED = ("no_known_mistake", "shape_mismatch", "non_finite")  # findings the search may still explain
N_FOUND = 3  # changes listed when several reproduce the answer


def _searched(ex, cases, runs, per_output, names):
    """Mutants of the exercise's program that reproduce the student's whole answer (search.py)."""
    def reproduces(index, out):
        run = runs[index]
        if run.exception is not None or isinstance(out, Exception):
            return run.exception is not None and isinstance(out, Exception) and _same_failure(run.exception, out)
        shown = [name for name in names if name in out]  # the search may ask about some outputs only
        values = [per_output[name][index] for name in shown]
        return all(v is not None and v.array is not None and (_close(v.array, _as_ref(out[name], ex.scalar))
                   or _agrees_where_finite(v.array, _as_ref(out[name], ex.scalar))) for name, v in zip(shown, values))
    flat = ex.program_inputs or (lambda inputs: {k: v for k, v in inputs.items() if k not in EXTRAS})
    return search(ex.program, [flat(_fresh_inputs(case)) for case in cases], reproduces)


def _search_detail(found):
    if len(found) == 1:
        return f"your numbers are exactly what this change gives: {found[0].description}."
    shown = "; or ".join(m.description for m in found[:N_FOUND])
    more = f" (and {len(found) - N_FOUND} more)" if len(found) > N_FOUND else ""
    return f"your numbers are exactly what each of these changes gives: {shown}{more}."


def _describe(exercise, names, wrong):
    wrong_names = [f.output for f in wrong]
    lines = [f"✗ {exercise}: {', '.join(wrong_names)} {'is' if len(wrong) == 1 else 'are'} wrong"
             f"{' (the others agree)' if len(wrong) < len(names) else ''}."]
    by_mistake = {}
    for f in wrong:
        by_mistake.setdefault(f.mistake, []).append(f)
    for mistake_id, group in by_mistake.items():
        outputs = ", ".join(f.output for f in group)
        seed_bugs = _seed_bugs(exercise, mistake_id)
        if seed_bugs:
            left = ("none of the four errors is fixed yet" if len(seed_bugs) == len(SEED_BUGS)
                    else f"{len(seed_bugs)} of the four errors still there ({len(SEED_BUGS) - len(seed_bugs)} fixed)")
            lines.append(f"  {outputs}: {left}:")
            lines += [f"    - {MISTAKES[bug].title}.\n      hint: {MISTAKES[bug].hint}" + _read_again(bug, "      ")
                      for bug in seed_bugs]
            continue
        parts = mistake_id.split("+") if mistake_id and "+" in mistake_id else []
        if parts and all(part in MISTAKES for part in parts):  # two mistakes at once
            lines.append(f"  {outputs}: two mistakes at once:")
            lines += [f"    - {MISTAKES[part].title}.\n      hint: {MISTAKES[part].hint}" + _read_again(part, "      ")
                      for part in parts]
            lines += [f"    {detail}" for detail in list(dict.fromkeys(f.detail for f in group if f.detail))[:N_SHOWN]]
            continue
        mistake = MISTAKES.get(mistake_id) or MISTAKES["no_known_mistake"]
        lines.append(f"  {outputs}: {mistake.title}.")
        lines += [f"    {detail}" for detail in list(dict.fromkeys(f.detail for f in group if f.detail))[:N_SHOWN]]
        lines.append(f"    hint: {mistake.hint}" + _read_again(mistake.id, "    "))
    return "\n".join(lines)


def mistake_title(mistake_id):
    """The title of a mistake id, or of each part of a combined one ("a+b"); the id if unknown."""
    parts = (mistake_id or "").split("+")
    return " and ".join(MISTAKES[p].title if p in MISTAKES else p for p in parts)


def _read_again(mistake_id, indent):
    """The section of the course that explains what the mistake gets wrong, as a line of its own."""
    where = lessons.where(mistake_id)
    return f"\n{indent}read again: {where}" if where else ""


def _finish(result, mistake_id, message):
    result.mistake = mistake_id
    result.message = f"✗ {result.name}: {message}"
    return result


def diagnosable(exercise, hidden=False):
    """The mistake ids the check can name for an exercise: its own variants, then the generic
    factors and signs that differ from the right answer on its cases."""
    ex = EXERCISES[exercise]
    cases = cases_of(ex, hidden)
    refs = reference_outputs(ex, cases)
    names = [name for ref in refs for name in ref]
    found = [mistake_id for mistake_id, _ in ex.variants]
    for mistake_id, transform in GENERIC_VARIANTS:
        outputs = [{name: transform(ref[name], case.m) for name in ref} for case, ref in zip(cases, refs)]
        if any(_distinct(refs, outputs, name) for name in set(names)):
            found.append(mistake_id)
    return found


def catalogue_table():
    """A markdown table: which mistakes each exercise's check names (for instructors)."""
    always = ("shape_flat", "shape_mismatch", "non_finite", "integer_dtype", "raised", "bad_return", "not_implemented")
    rows = ["| exercise | mistakes it names |", "|---|---|"]
    for exercise, ex in EXERCISES.items():
        ids = diagnosable(exercise)
        if exercise == "fix_backward":  # the subsets of seed 003's errors: list the four errors once
            ids = list(SEED_BUGS) + [i for i in ids if "+" not in i and i not in SEED_BUGS]
        searched = "; and by search, one or two changes to its program" if ex.program is not None else ""
        rows.append(f"| `{exercise}` | {', '.join(MISTAKES[i].id for i in dict.fromkeys(ids))}{searched} |")
    rows.append(f"| `train` | {', '.join(TRAINING_MISTAKES)}; by what training does, not by its numbers |")
    rows.append(f"| every exercise | {', '.join(always)}; otherwise: where it differs (no_known_mistake) |")
    return "\n".join(rows)


# ---- what a notebook calls ---------------------------------------------------------------

def check(exercise, function, hidden=False):
    """Check the student's `function` for `exercise`: print "✓ …", or raise CheckFailed whose
    message names the mistake. Either way the CheckResult is recorded in `results()` (and a
    failure carries it as `.result`); nothing is returned, so a notebook cell shows only the message."""
    __tracebackhide__ = True  # pytest and IPython: show the message, not this frame
    try:
        result = diagnose(exercise, function, hidden=hidden)
    except MlpeduError:
        raise
    except Exception as exc:  # a bug in the checker itself: say so plainly, still no traceback
        result = CheckResult(exercise, False, "checker_error",
                             f"✗ {exercise}: the checker itself failed ({type(exc).__name__}: {exc}). "
                             "This is not your fault; please tell your instructor.", hidden=hidden)
    _RESULTS.append(result)
    if not result.passed:
        raise CheckFailed(result) from None
    print(result.message)


def _show_check_failed(shell, etype, value, tb, tb_offset=None):
    """IPython: show a failed check as its message alone (the student's code is not in this traceback)."""
    shell.showtraceback((etype, value, tb), exception_only=True)


def _register_ipython_handler():
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    if shell is not None and hasattr(shell, "set_custom_exc"):
        shell.set_custom_exc((CheckFailed,), _show_check_failed)


_register_ipython_handler()
