"""Where the course teaches the idea each named mistake gets wrong: a notebook and one of its headings.

The autochecks add it to a failing check's message, the feedback pages and the class report show
it. The anchor is the heading's text with spaces as dashes, %-encoded for a URL: what the reading
edition (nbconvert) gives a heading, and what a browser matches to JupyterLab's id for it, so
`notebooks/03_general_case.ipynb#5-%C2%B7-Equation-(4):-the-biases` opens the section in both.
tests/test_lessons.py checks every heading exists, tests/test_site.py that its page has the id.
"""

TAUGHT_IN = {
    "relu0_one": ("01_single_neuron", "1.1 ReLU and its derivative"),
    "relu0_half": ("01_single_neuron", "1.1 ReLU and its derivative"),
    "missing_sigma_prime": ("01_single_neuron", "1.2 One neuron, one example"),
    "sigma_for_sigma_prime": ("01_single_neuron", "1.2 One neuron, one example"),
    "sigma_prime_of_activation": ("01_single_neuron", "1.2 One neuron, one example"),
    "sigma_prime_formula_on_z": ("01_single_neuron", "1.2 One neuron, one example"),
    "assumes_sigmoid": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "wrong_sign": ("01_single_neuron", "1.2 One neuron, one example"),
    "factor_2": ("01_single_neuron", "1.4 The cost convention: ½ or not"),
    "factor_half": ("01_single_neuron", "1.4 The cost convention: ½ or not"),
    "reversed_order": ("01_single_neuron", "1.6 Two and three chained units (seed 000)"),
    "chain_treated_as_linear": ("01_single_neuron", "1.6 Two and three chained units (seed 000)"),
    "all_entries_at_once": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "x_not_restored": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "no_known_mistake": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "forward_difference": ("00_start_here", "A first look: a network and its gradient check"),
    "backward_difference": ("00_start_here", "A first look: a network and its gradient check"),
    "divided_by_eps": ("00_start_here", "A first look: a network and its gradient check"),
    "ignores_eps": ("00_start_here", "A first look: a network and its gradient check"),
    "relative_eps": ("00_start_here", "A first look: a network and its gradient check"),
    "eps_precedence": ("00_start_here", "A first look: a network and its gradient check"),
    "second_point_not_shifted": ("00_start_here", "A first look: a network and its gradient check"),
    "perturbed_whole_rows": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "perturbed_copies_alias_x": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "shape_flat": ("00_start_here", "The notation on one page"),
    "shape_transposed": ("00_start_here", "The notation on one page"),
    "shape_mismatch": ("00_start_here", "The notation on one page"),
    "integer_dtype": ("00_start_here", "The notation on one page"),
    "factor_m": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "factor_1_over_m": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "mean_over_entries": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "transposed_weight_matrix": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "weights_of_wrong_layer": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "sigma_prime_of_wrong_layer": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "missing_weights": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "phi_index_error": ("03_general_case", "Seed 003 §2.2, as printed"),
    "input_not_previous_activation": ("03_general_case", "4 · Equation (3): the weights"),
    "input_not_transposed": ("03_general_case", "4 · Equation (3): the weights"),
    "output_for_input": ("03_general_case", "4 · Equation (3): the weights"),
    "input_factor_missing": ("01_single_neuron", "1.6 Two and three chained units (seed 000)"),
    "biases_left_out": ("01_single_neuron", "1.6 Two and three chained units (seed 000)"),
    "bias_not_summed": ("03_general_case", "5 · Equation (4): the biases"),
    "bias_summed_over_units": ("03_general_case", "5 · Equation (4): the biases"),
    "bce_second_term_sign": ("03_general_case", "6.2 Sigmoid with binary cross-entropy"),
    "sigma_prime_applied_twice": ("03_general_case", "6.2 Sigmoid with binary cross-entropy"),
    "bce_long_way_unclipped": ("03_general_case", "6.2 Sigmoid with binary cross-entropy"),
    "softmax_over_rows": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "elementwise_softmax_derivative": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "missing_softmax_jacobian": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "softmax_jacobian_diagonal_only": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "softmax_not_shifted": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "softmax_shifted_by_batch_max": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "non_finite": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "bias_summed_over_everything": ("03_general_case", "5 · Equation (4): the biases"),
    "bias_times_b": ("01_single_neuron", "1.2 One neuron, one example"),
    "factor_1_over_n": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "last_example_left_out": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "last_example_only": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "first_example_only": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "product_of_sums": ("03_general_case", "4 · Equation (3): the weights"),
    "delta_of_layer_below": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "layer_never_computed": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "output_delta_given": ("03_general_case", "3 · Equation (2): from one layer to the one below"),
    "hidden_relu_prime_changes_nothing": ("01_single_neuron", "1.6 Two and three chained units (seed 000)"),
    "output_relu_prime_missing": ("01_single_neuron", "1.6 Two and three chained units (seed 000)"),
    "log_base_10": ("03_general_case", "6.2 Sigmoid with binary cross-entropy"),
    "perturbation_accumulates": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "restored_too_far": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "layers_reversed": ("00_start_here", "The notation on one page"),
    "upstream_left_out": ("06_backprop_on_a_graph", "1 · Every number remembers where it came from"),
    "product_gradients_swapped": ("06_backprop_on_a_graph", "1 · Every number remembers where it came from"),
    "update_sign": ("01_single_neuron", "1.3 One gradient-descent step"),
    "learning_rate_left_out": ("01_single_neuron", "1.3 One gradient-descent step"),
    "no_step_taken": ("06_backprop_on_a_graph", "5 · A 2-2-2 network you can check by hand"),
    "he_for_every_activation": ("04_vanishing_exploding", "The typical case: the gain of a layer"),
    "xavier_for_every_activation": ("04_vanishing_exploding", "The typical case: the gain of a layer"),
    "variance_for_std": ("04_vanishing_exploding", "The typical case: the gain of a layer"),
    "derivative_not_squared": ("04_vanishing_exploding", "The typical case: the gain of a layer"),
    "one_layer_too_many": ("04_vanishing_exploding", "5 · The weight scale"),
    "ratio_upside_down": ("04_vanishing_exploding", "5 · The weight scale"),
    "gain_added_not_multiplied": ("04_vanishing_exploding", "5 · The weight scale"),
    "row_layout_not_transposed": ("03_general_case", "10 · The row layout of PyTorch and D2L: a Rosetta table"),
    "probability_for_loss": ("03_general_case", "9 · Two debugging habits: the first loss, and L2 in the gradient"),
    "log_left_out": ("03_general_case", "9 · Two debugging habits: the first loss, and L2 in the gradient"),
    "weight_decay_left_out": ("03_general_case", "9 · Two debugging habits: the first loss, and L2 in the gradient"),
    "weight_decay_doubled": ("03_general_case", "9 · Two debugging habits: the first loss, and L2 in the gradient"),
    "weight_decay_sign": ("03_general_case", "9 · Two debugging habits: the first loss, and L2 in the gradient"),
    "truncation_left_out": ("00_start_here", "The step ε: truncation against round-off"),
    "roundoff_left_out": ("00_start_here", "The step ε: truncation against round-off"),
    "forward_difference_truncation": ("00_start_here", "The step ε: truncation against round-off"),
    "central_remainder_not_halved": ("00_start_here", "The step ε: truncation against round-off"),
    "roundoff_not_divided_by_eps": ("00_start_here", "The step ε: truncation against round-off"),
    "float64_epsilon_for_float32": ("00_start_here", "The step ε: truncation against round-off"),
    "square_root_rule": ("00_start_here", "The step ε: truncation against round-off"),
    "cube_root_without_3": ("00_start_here", "The step ε: truncation against round-off"),
    "machine_epsilon_as_step": ("00_start_here", "The step ε: truncation against round-off"),
    "roundoff_not_halved": ("00_start_here", "The step ε: truncation against round-off"),
    "roundoff_without_f": ("00_start_here", "The step ε: truncation against round-off"),
    "best_step_of_doubled_roundoff": ("00_start_here", "The step ε: truncation against round-off"),
    "best_step_derivative_halved": ("00_start_here", "The step ε: truncation against round-off"),
    "forward_weights_transposed": ("03_general_case", "1 · The forward pass, a batch at a time"),
    "builtin_max_for_relu": ("01_single_neuron", "1.1 ReLU and its derivative"),
    "column_max_for_relu": ("01_single_neuron", "1.1 ReLU and its derivative"),
    "relu_prime_for_relu": ("01_single_neuron", "1.1 ReLU and its derivative"),
    "abs_for_relu": ("01_single_neuron", "1.1 ReLU and its derivative"),
    "negative_part_for_relu": ("01_single_neuron", "1.1 ReLU and its derivative"),
    "targets_left_out": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "loss_without_log": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "binary_ce_for_categorical": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "relu_on_output_layer": ("03_general_case", "6.3 Softmax with categorical cross-entropy"),
    "loss_never_saw_the_step": ("02_layered_network", "2.4 The gradients by hand, checked entry by entry"),
    "last_layer_not_updated": ("01_single_neuron", "1.3 One gradient-descent step"),
    "learning_rate_divides": ("01_single_neuron", "1.3 One gradient-descent step"),
    "biases_not_updated": ("01_single_neuron", "1.3 One gradient-descent step"),
    "weights_not_updated": ("01_single_neuron", "1.3 One gradient-descent step"),
    "bias_gradient_for_weights": ("01_single_neuron", "1.3 One gradient-descent step"),
    "global_rng_used": ("05_playground", "5 · Sanity checks before a long run"),
    "initial_biases_not_zero": ("05_playground", "5 · Sanity checks before a long run"),
    "batch_size_ignored": ("05_playground", "5 · Sanity checks before a long run"),
    "not_every_example_each_epoch": ("05_playground", "5 · Sanity checks before a long run"),
    "not_shuffled": ("05_playground", "5 · Sanity checks before a long run"),
    "parameters_not_updated": ("05_playground", "5 · Sanity checks before a long run"),
    "init_not_he": ("04_vanishing_exploding", "5 · The weight scale"),
    "training_not_seeded": ("05_playground", "5 · Sanity checks before a long run"),
    "weights_start_equal": ("05_playground", "5 · Sanity checks before a long run"),
    "training_diverged": ("05_playground", "5 · Sanity checks before a long run"),
    "tiny_batch_not_learnt": ("05_playground", "5 · Sanity checks before a long run"),
    "held_out_below_target": ("05_playground", "3 · Digits: 64 inputs, 10 classes"),
}
# about the code, not about backpropagation: no section to read again
NOT_ABOUT_AN_IDEA = {"not_implemented", "raised", "bad_return", "input_modified", "outputs_swapped",
                     "outputs_aliased", "same_value_twice", "last_entry_skipped", "overwritten_by_last",
                     "found_by_search"}  # the change found says where it is


def anchor(heading):
    """The heading's id in a URL: spaces as dashes, and what a URL fragment may not hold %-encoded,
    as nbconvert writes it (a browser matches it to JupyterLab's undecoded id too)."""
    from urllib.parse import quote

    return quote(heading.replace(" ", "-"), safe="?/:@!$&'()*+,;=")


def where(mistake_id, folder="../notebooks/"):
    """'notebooks/NB.ipynb#anchor' (relative to an exercise, by default) for a mistake, or None."""
    taught = TAUGHT_IN.get(mistake_id)
    return f"{folder}{taught[0]}.ipynb#{anchor(taught[1])}" if taught else None


def described(mistake_id):
    """'03_general_case, section “5 · Equation (4): the biases”', or None."""
    taught = TAUGHT_IN.get(mistake_id)
    return f"{taught[0]}, section “{taught[1]}”" if taught else None
