"""The autocheck: right answers pass, every catalogue entry is reachable, and whatever a
student's function does (returns lists, None, the wrong dtype, raises) gets a clear message
instead of a traceback from inside the checker."""

import json

import nbformat
import numpy as np
import pytest

from mlpedu import autocheck
from mlpedu.autocheck import EXERCISES, MISTAKES, CheckFailed, Raised, check, diagnose
from mlpedu.errors import MlpeduError
from mlpedu.exercises import SOURCE_DIR


def solutions_namespace(name):
    """Run a source notebook's cells except the graded test cells; return its namespace."""
    namespace = {}
    for cell in nbformat.read(str(SOURCE_DIR / name), as_version=4).cells:
        if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade"):
            exec(compile(cell.source, f"{name}:{cell.metadata['nbgrader']['grade_id']}", "exec"), namespace)
    return namespace


@pytest.fixture(scope="module")
def solutions():
    functions = {}
    for path in sorted(SOURCE_DIR.glob("*.ipynb")):
        namespace = solutions_namespace(path.name)
        functions.update({name: namespace[name] for name in EXERCISES if name in namespace})
    return functions


@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_the_source_notebooks_solutions_pass(solutions, exercise, hidden, capsys):
    assert exercise in solutions, f"no source notebook defines {exercise}; found {sorted(solutions)}"
    result = diagnose(exercise, solutions[exercise], hidden=hidden)
    assert result.passed and result.mistake is None and not result.notes, result.message
    answers_are_numbers = not EXERCISES[exercise].make_cases(hidden)[0].inputs  # one network, by hand
    assert result.n_cases >= (1 if answers_are_numbers else 2), f"{exercise}: {result.n_cases} case(s)"


# ---- the catalogue is data: every variant is reachable and named --------------------------

def as_student_function(exercise, compute):
    """A function that returns exactly what a catalogue variant computes, in the exercise's
    return structure: what a student with that mistake would return."""
    ex = EXERCISES[exercise]
    extras = {id(c.inputs["f"]): c.inputs["exact"] for c in autocheck.cases_of(ex, False) if "exact" in c.inputs}

    names = [name for name in autocheck.cases_of(ex, False)[0].inputs if name != "exact"]

    def student(*args):  # called by position, in the template's parameter order
        inputs = dict(zip(names, args))
        if "f" in inputs:  # the numerical-gradient variants may read the exact gradient, students do not get it
            inputs["exact"] = extras[id(inputs["f"])]
        case = autocheck.Case("", inputs)
        [ref] = autocheck.reference_outputs(ex, [case])
        [out] = autocheck.variant_outputs(ex, compute, [case], [ref])
        first = next(iter(out.values()))
        if isinstance(first, Raised):
            raise first.exception
        returned = {}
        for name, value in out.items():  # "loss" as it is; "dW[2]" → returned["dW"][2]
            if "[" in name:
                returned.setdefault(name.split("[")[0], [None]).append(value)
            else:
                returned[name] = value
        return tuple(returned.values()) if len(returned) > 1 else next(iter(returned.values()))
    return student


VARIANTS = [(exercise, mistake_id) for exercise, ex in EXERCISES.items() for mistake_id, _ in ex.variants]


@pytest.mark.parametrize("exercise, mistake_id", VARIANTS, ids=[f"{e}-{m}" for e, m in VARIANTS])
def test_every_catalogue_variant_is_diagnosed_as_itself(exercise, mistake_id):
    for part in mistake_id.split("+"):
        assert part in MISTAKES, f"{exercise}: variant {mistake_id!r} has no entry {part!r} in MISTAKES"
    student = as_student_function(exercise, dict(EXERCISES[exercise].variants)[mistake_id])
    result = diagnose(exercise, student)
    assert result.mistake == mistake_id, f"{exercise}: the variant {mistake_id!r} was diagnosed as:\n{result.message}"
    assert result.passed == MISTAKES[mistake_id.split("+")[0]].accepted, result.message


@pytest.mark.parametrize("exercise", list(EXERCISES))
def test_every_variant_differs_from_the_reference_on_the_visible_cases(exercise):
    ex = EXERCISES[exercise]
    cases = autocheck.cases_of(ex, False)
    refs = autocheck.reference_outputs(ex, cases)
    for mistake_id, compute in ex.variants:
        outputs = autocheck.variant_outputs(ex, compute, cases, refs)
        assert any(autocheck._distinct(refs, outputs, name) for name in refs[0]), (
            f"{exercise}: the mistake {mistake_id!r} gives the right answer on every visible case, "
            "so the visible check cannot tell it apart")


def test_every_mistake_has_words_for_students():
    for mistake in MISTAKES.values():
        assert mistake.title and mistake.hint, mistake
        assert mistake.title[0].islower() or mistake.title[0] in "ReLUσNφ", f"{mistake.id}: title reads into a sentence"


# ---- whatever the student's function does: a sentence, never a checker traceback ------------

def right(dZ, A_prev, W):
    return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W.T @ dZ


def raises_zero_division(dZ, A_prev, W):
    scale = 1 / 0
    return right(dZ, A_prev, W)


def not_written(dZ, A_prev, W):
    raise NotImplementedError()


ROBUSTNESS = [
    # (what the student's function does, expected mistake id, words the message must contain)
    ("returns nested lists", lambda dZ, A_prev, W: tuple(np.asarray(v).tolist() for v in right(dZ, A_prev, W)), None, "passed"),
    ("returns float32 arrays", lambda dZ, A_prev, W: tuple(v.astype(np.float32).astype(np.float64) for v in right(dZ, A_prev, W)), None, "passed"),
    ("changes its inputs in place", lambda dZ, A_prev, W: right(dZ, A_prev, W) if not dZ.fill(0.0) else None, "no_known_mistake", "differ"),
    ("returns None", lambda dZ, A_prev, W: None, "bad_return", "returned None"),
    ("returns a string", lambda dZ, A_prev, W: "dW", "bad_return", "expected 3 values"),
    ("returns four values", lambda dZ, A_prev, W: right(dZ, A_prev, W) + (None,), "bad_return", "expected 3 values"),
    ("returns text inside", lambda dZ, A_prev, W: ("dW",) + right(dZ, A_prev, W)[1:], "bad_return", "dtype"),
    ("returns a ragged list", lambda dZ, A_prev, W: ([[1.0], [1.0, 2.0]],) + right(dZ, A_prev, W)[1:], "bad_return", "array"),
    ("returns booleans", lambda dZ, A_prev, W: (right(dZ, A_prev, W)[0] > 0,) + right(dZ, A_prev, W)[1:], "bad_return", "boolean"),
    ("returns complex numbers", lambda dZ, A_prev, W: (right(dZ, A_prev, W)[0] + 0j,) + right(dZ, A_prev, W)[1:], "bad_return", "complex"),
    ("returns None inside", lambda dZ, A_prev, W: (None,) + right(dZ, A_prev, W)[1:], "bad_return", "dW is None"),
    ("returns an integer array", lambda dZ, A_prev, W: (np.round(right(dZ, A_prev, W)[0]).astype(int),) + right(dZ, A_prev, W)[1:], "integer_dtype", "integer"),
    ("returns db of shape (n,)", lambda dZ, A_prev, W: (right(dZ, A_prev, W)[0], dZ.sum(axis=1), W.T @ dZ), "shape_flat", "expected (3, 1)"),
    ("returns inf", lambda dZ, A_prev, W: (right(dZ, A_prev, W)[0] * np.inf,) + right(dZ, A_prev, W)[1:], "non_finite", "NaN/inf"),
    ("raises ZeroDivisionError", raises_zero_division, "raised", "`scale = 1 / 0`"),
    ("is not written yet", not_written, "not_implemented", "not written yet"),
    ("scales dW by 3", lambda dZ, A_prev, W: (3 * dZ @ A_prev.T,) + right(dZ, A_prev, W)[1:], "no_known_mistake",
     "Yours is 3 × the expected value everywhere"),
    ("takes other arguments", lambda dZ, W: right(dZ, None, W), "raised", "TypeError"),
]


@pytest.mark.parametrize("what, function, mistake, words", ROBUSTNESS, ids=[r[0] for r in ROBUSTNESS])
def test_robust_to_what_student_code_does(what, function, mistake, words):
    result = diagnose("dense_backward", function)
    assert result.mistake == mistake, f"{what}: expected {mistake!r}, got {result.mistake!r}:\n{result.message}"
    assert result.passed == (mistake is None), result.message
    assert words in result.message, f"{what}: expected {words!r} in:\n{result.message}"
    assert "Traceback" not in result.message and "autocheck.py" not in result.message, result.message


def test_numbers_as_arrays_and_arrays_as_numbers_are_accepted():
    def relu_chain(x, w1, b1, w2, b2, w3, b3, y):  # returns (1, 1) arrays and numpy scalars for numbers
        step = lambda z: np.float64(z > 0)
        z1 = w1 * x + b1
        r1 = max(z1, 0.0)
        z2 = w2 * r1 + b2
        r2 = max(z2, 0.0)
        z3 = w3 * r2 + b3
        d3 = (max(z3, 0.0) - y) * step(z3)
        d2, d1 = d3 * w3 * step(z2), d3 * w3 * step(z2) * w2 * step(z1)
        return np.array([[d1 * x]]), [d2 * r1], d3 * r2
    assert diagnose("relu_chain", relu_chain).passed


def test_a_non_function_is_explained():
    result = diagnose("dense_backward", right(np.ones((2, 1)), np.ones((2, 1)), np.eye(2)))
    assert result.mistake == "bad_return" and "without ()" in result.message, result.message


def test_an_unknown_exercise_is_an_error_for_the_author():
    with pytest.raises(MlpeduError, match="Unknown exercise 'dense'.*dense_backward"):
        diagnose("dense", right)


# ---- check(): what a notebook cell shows, and what a grader collects ---------------------

def test_check_prints_a_tick_and_records_the_result(capsys):
    autocheck.reset_results()
    assert check("dense_backward", right) is None
    assert capsys.readouterr().out.startswith("✓ dense_backward: passed (2 cases")
    [result] = autocheck.results()
    assert (result.name, result.passed, result.mistake, result.hidden) == ("dense_backward", True, None, False)


def test_check_raises_an_assertion_error_with_the_diagnosis_and_no_chained_traceback():
    autocheck.reset_results()
    with pytest.raises(CheckFailed) as info:
        check("dense_backward", raises_zero_division, hidden=True)
    error = info.value
    assert isinstance(error, AssertionError)
    assert "ZeroDivisionError" in str(error) and error.result.mistake == "raised"
    assert error.__cause__ is None and error.__suppress_context__, "the student's exception must not be chained"
    records = json.loads(autocheck.results_json())
    assert [(r["name"], r["passed"], r["mistake"], r["hidden"]) for r in records] == [
        ("dense_backward", False, "raised", True)]
    autocheck.reset_results()
    assert autocheck.results() == []


def test_an_accepted_convention_passes_with_a_note(capsys):
    def relu_chain(x, w1, b1, w2, b2, w3, b3, y):  # ReLU′(0) = 1, as seeds 000 and 001
        step = lambda z: 1.0 if z >= 0 else 0.0
        r1 = max(w1 * x + b1, 0.0)
        r2 = max(w2 * r1 + b2, 0.0)
        z3 = w3 * r2 + b3
        d3 = (max(z3, 0.0) - y) * step(z3)
        d2 = d3 * w3 * step(w2 * r1 + b2)
        return d2 * w2 * step(w1 * x + b1) * x, d2 * r1, d3 * r2
    check("relu_chain", relu_chain)
    shown = capsys.readouterr().out
    assert shown.startswith("✓ relu_chain: passed") and "note: you used ReLU′(0) = 1" in shown, shown
    assert autocheck.results()[-1].mistake == "relu0_one"


def test_the_issues_list_of_mistakes_is_covered():
    # the tracker's list, as catalogue ids: every one is named by at least one exercise's check
    required = {"transposed_weight_matrix", "missing_sigma_prime", "sigma_for_sigma_prime",
                "sigma_prime_of_activation", "wrong_sign", "factor_1_over_m", "factor_m", "factor_2",
                "factor_half", "bias_not_summed", "relu0_one", "shape_transposed"}
    named = {mistake for exercise in EXERCISES for mistake in autocheck.diagnosable(exercise)}
    assert required <= named, f"not named by any exercise: {sorted(required - named)}"
    table = autocheck.catalogue_table()
    assert all(f"`{exercise}`" in table for exercise in EXERCISES) and "non_finite" in table, table


def test_the_training_check_lists_every_mistake_it_can_name():
    import inspect
    import re

    raised = set(re.findall(r'TrainingProblem\(\s*"(\w+)"', inspect.getsource(autocheck)))
    named = raised - {"not_implemented", "raised", "bad_return"}  # about the code: worded as for every exercise
    chosen = {"weights_not_updated", "biases_not_updated", "parameters_not_updated"}  # by which ones stayed put
    assert all(f'"{m}"' in inspect.getsource(autocheck._judge_training) for m in chosen)
    listed = set(autocheck.TRAINING_MISTAKES)
    assert named | chosen == listed, sorted((named | chosen) ^ listed)
    assert listed <= set(MISTAKES) and all(f"{m}" in autocheck.catalogue_table() for m in listed)


JUNK = {
    "None": None, "zero": 0, "text": "dW", "empty list": [], "list of None": [None, None, None],
    "dict": {"dW": 1.0}, "object": object(), "empty array": np.array([]), "pair of empty arrays": (np.zeros(0),) * 2,
    "nested lists with None": [[None], [1.0]], "generator": (v for v in range(3)), "nan": float("nan"),
    "lists of wrong lengths": ([None, 1.0], [None]), "huge": np.ones((50, 50)),
}


@pytest.mark.parametrize("exercise", list(EXERCISES))
@pytest.mark.parametrize("junk", list(JUNK))
def test_any_return_value_gets_a_sentence_not_a_crash(exercise, junk):
    value = JUNK[junk]
    result = diagnose(exercise, lambda **inputs: value)
    assert not result.passed and result.mistake in MISTAKES, f"{junk}: {result.mistake}: {result.message}"
    assert result.message.startswith(f"✗ {exercise}:") and "Traceback" not in result.message, result.message


def renamed_dense_backward(delta, inputs, weights):
    return delta @ inputs.T, delta.sum(axis=1, keepdims=True), weights.T @ delta


def renamed_numerical_gradient(function, point, h):
    grad = np.zeros_like(point)
    for index in np.ndindex(*point.shape):
        saved = point[index]
        point[index] = saved + h
        plus = function(point)
        point[index] = saved - h
        minus = function(point)
        point[index] = saved
        grad[index] = (plus - minus) / (2 * h)
    return grad


@pytest.mark.parametrize("exercise, function", [
    ("dense_backward", renamed_dense_backward), ("numerical_gradient", renamed_numerical_gradient),
])
def test_right_answers_with_renamed_parameters_pass(exercise, function):
    for hidden in (False, True):
        result = diagnose(exercise, function, hidden=hidden)
        assert result.passed, result.message


def test_an_exception_that_came_back_from_the_grading_kernel_is_matched_by_its_kind():
    """While grading, the student's ValueError arrives as remote.StudentError subclassing ValueError
    with the same name and message: the raising mistake must still be named (once it was not)."""
    from mlpedu.grading.remote import student_error

    def from_kernel(dZ, A_prev, W):
        try:
            return dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True), W @ dZ
        except ValueError as exc:
            raise student_error("ValueError", str(exc)) from None
    result = diagnose("dense_backward", from_kernel, hidden=True)
    assert result.mistake == "transposed_weight_matrix", result.message
