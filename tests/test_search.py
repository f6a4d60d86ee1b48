"""Diagnosis by search (mlpedu/search.py): programs of the exercises reproduce their references,
the rewrites are the changes students make, worded in the course's notation, and a search only
names what reproduces every number."""

import numpy as np
import pytest

from mlpedu import autocheck
from mlpedu.search import At, Loop, Program, Var, call, double_mutants, mutants, search, total

WITH_PROGRAM = [name for name, exercise in autocheck.EXERCISES.items() if exercise.program is not None]


@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
@pytest.mark.parametrize("exercise", WITH_PROGRAM)
def test_each_program_computes_its_exercises_reference(exercise, hidden):
    ex = autocheck.EXERCISES[exercise]
    for case in autocheck.cases_of(ex, hidden):
        inputs = autocheck._fresh_inputs(case, for_student=True)
        flat = (ex.program_inputs or (lambda given: given))(autocheck._fresh_inputs(case))
        expected, got = ex.reference(**inputs), ex.program.run(flat)
        for name in [name for name in expected if name.split("[")[0] in ex.program.outputs]:  # not a loss beside
            assert np.allclose(got[name], expected[name]), f"{exercise}, {case.label}: {name} differs"


TINY = Program(steps=(("h", Var("W") @ Var("x")),
                      ("g", total(Var("h") * call("f′", Var("h")), axis=1))),
               outputs=("g",), functions={"f′": np.tanh, "f": np.sin}, swaps={"f′": ("f",)})
TINY_INPUTS = {"W": np.arange(6.0).reshape(2, 3) / 7, "x": np.arange(12.0).reshape(3, 4) / 5 - 1}


@pytest.mark.parametrize("sentence", [
    "x where W is meant, in h = W @ x",
    "Wᵀ where W is meant, in h = W @ x",
    "the product W @ x in the other order, in h = W @ x",
    "the factor f′(h) left out, in g = sum(h ∘ f′(h), axis=1)",
    "sum over axis 0 (the units) where axis 1 is meant",
    "a mean where a sum is meant",
    "f where f′ is meant, in g = sum(h ∘ f′(h), axis=1)",
    "W where h is meant, in g = sum(h ∘ f′(h), axis=1)",
])
def test_the_rewrites_are_the_changes_students_make_in_course_notation(sentence):
    found = [m.description for m in mutants(TINY, TINY_INPUTS)]
    assert any(sentence in d for d in found), f"no rewrite says {sentence!r}; some that do exist: {found[:8]}"


def student_of(mutant):
    """What a student whose code is `mutant` returns on each case (an exception where it raises)."""
    def answer(inputs):
        try:
            return mutant.program.run(inputs)
        except Exception as exc:
            return exc
    return answer


def matcher(student, cases):
    answers = [student(c) for c in cases]

    def reproduces(index, out):
        want = answers[index]
        if isinstance(want, Exception) or isinstance(out, Exception):
            return isinstance(want, Exception) and isinstance(out, Exception) and type(want) is type(out)
        return all(np.asarray(out[k]).shape == np.asarray(want[k]).shape and np.allclose(out[k], want[k])
                   for k in out)  # the search may ask about some outputs only
    return reproduces


def tiny_cases():
    rng = np.random.default_rng(0)
    return [{"W": rng.standard_normal((2, 3)), "x": rng.standard_normal((3, m))} for m in (4, 5)]


def test_one_change_is_found_alone_and_two_changes_only_when_one_does_not_explain():
    cases = tiny_cases()
    single = next(m for m in mutants(TINY, cases[0]) if "f where f′ is meant" in m.description)
    found = search(TINY, cases, matcher(student_of(single), cases))
    assert [m.description for m in found] == [single.description], [m.description for m in found]
    double = next(m for m in double_mutants(TINY, cases[0])
                  if "f where f′" in m.description and "mean where a sum" in m.description)
    found = search(TINY, cases, matcher(student_of(double), cases))
    assert found and all(len(m.changes) == 2 for m in found), [m.description for m in found]
    assert any("f where f′" in m.description and "a mean where a sum" in m.description for m in found)


def test_the_same_two_changes_in_either_order_are_one_answer():
    cases = tiny_cases()
    double = next(m for m in double_mutants(TINY, cases[0])
                  if "f where f′" in m.description and "a mean where a sum" in m.description)
    found = search(TINY, cases, matcher(student_of(double), cases))
    programs = [tuple(e.text() for _, e in m.program.steps) for m in found]
    assert len(programs) == len(set(programs)), [m.description for m in found]


def test_raising_where_the_student_raises_is_not_enough():
    cases = tiny_cases()

    def always_raises(index, out):  # a student whose code raised a shape error on every case
        return isinstance(out, ValueError)
    assert search(TINY, cases, always_raises) == [], "a mutant that only raises proves nothing"


def test_nothing_is_named_when_nothing_reproduces_the_numbers():
    cases = tiny_cases()
    assert search(TINY, cases, lambda index, out: False) == []


LOOP = Program(steps=(("d", Loop((At("W", 1).T @ At("d", 1)) * call("f′", At("Z")))),),
               outputs=("d",), functions={"f′": np.tanh, "f": np.sin}, swaps={"f′": ("f",)}, lists=("W", "Z", "d"))


def loop_inputs(rng, sizes=(3, 3, 3, 3), m=2):
    W = [None] + [rng.standard_normal((sizes[j], sizes[j - 1])) for j in range(1, len(sizes))]
    Z = [None] + [rng.standard_normal((n, m)) for n in sizes[1:]]
    return {"W": W, "Z": Z, "d": [None] * (len(sizes) - 1) + [rng.standard_normal((sizes[-1], m))]}


def test_a_loop_fills_its_list_from_the_top_and_its_rewrites_name_layers():
    inputs = loop_inputs(np.random.default_rng(1))
    out = LOOP.run(inputs)
    d2 = (inputs["W"][3].T @ inputs["d"][3]) * np.tanh(inputs["Z"][2])
    assert set(out) == {"d[1]", "d[2]", "d[3]"} and np.allclose(out["d[2]"], d2)
    found = [m.description for m in mutants(LOOP, inputs)]
    for sentence in ("W[j] where W[j+1] is meant (the wrong layer)", "Z[j+1] where Z[j] is meant (the wrong layer)",
                     "W[j+1]ᵀ", "f where f′ is meant", "for j = J−1 … 1"):
        assert any(sentence in d for d in found), f"no rewrite says {sentence!r}"


def test_a_loops_mistake_is_one_change_found_in_every_layer():
    rng = np.random.default_rng(2)
    cases = [loop_inputs(rng), loop_inputs(rng, (2, 4, 3, 2), 3)]
    wrong = next(m for m in mutants(LOOP, cases[0]) if m.description.startswith("Z[j+1] where Z[j] is meant"))
    found = search(LOOP, cases, matcher(student_of(wrong), cases))
    assert [m.description for m in found] == [wrong.description], [m.description for m in found]
