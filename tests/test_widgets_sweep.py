"""Every control of every widget through every option, one at a time from the defaults (sliders at
both ends), then every pair of options of any two controls together (a pairwise covering set of
combinations): each redraw gives a figure, or a refusal (MlpeduError) whose plain message says
what to change. Never any other exception or RuntimeWarning, never a NaN in the figure's title.
tests/test_widgets_kernel.py moves the same controls inside a real kernel."""

import inspect
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

import mlpedu.widgets.general  # noqa: E402,F401  (each module registers its widgets)
import mlpedu.widgets.gradients  # noqa: E402,F401
import mlpedu.widgets.neuron  # noqa: E402,F401
import mlpedu.widgets.playground  # noqa: E402,F401
from matplotlib.figure import Figure  # noqa: E402

from mlpedu.errors import MlpeduError  # noqa: E402
from mlpedu.widgets import REGISTRY  # noqa: E402

SLOW = {("playground", "dataset", "digits")}  # trains on 600 images: covered by test_widgets_general


def options(abbreviation):
    if isinstance(abbreviation, (list, tuple)) and abbreviation and isinstance(abbreviation[0], (int, float)) \
            and not isinstance(abbreviation[0], bool) and len(abbreviation) in (2, 3):
        return [abbreviation[0], abbreviation[1]]  # a slider: both ends
    if isinstance(abbreviation, bool):
        return [True, False]
    if isinstance(abbreviation, dict):
        return list(abbreviation.values())
    return list(abbreviation)


def moves():
    for name, (draw, controls) in sorted(REGISTRY.items()):
        if draw.__module__.startswith("mlpedu.widgets"):
            for control, abbreviation in controls.items():
                for value in options(abbreviation):
                    if (name, control, value) not in SLOW:
                        yield pytest.param(draw, control, value, id=f"{name}-{control}={value}")


def pairwise(choices):
    """Combinations of {control: [options]} that together contain every pair of options of any
    two controls (greedy: each new combination covers as many missing pairs as it can)."""
    names = list(choices)
    pairs = lambda case: {(a, case[a], b, case[b]) for i, a in enumerate(names) for b in names[i + 1:]}  # noqa: E731
    missing = set().union(*(pairs(dict(zip(names, values))) for values in _product(choices, names)))
    cases = []
    while missing:
        a, value_a, b, value_b = min(missing, key=repr)
        case = {a: value_a, b: value_b}
        for name in names:
            if name not in case:
                gain = lambda v: len(pairs_with(names, case, name, v) & missing)  # noqa: E731
                case[name] = max(choices[name], key=gain)
        case = {name: case[name] for name in names}
        cases.append(case)
        missing -= pairs(case)
    return cases


def pairs_with(names, case, name, value):
    order = names.index
    return {(x, case[x], name, value) if order(x) < order(name) else (name, value, x, case[x]) for x in case}


def _product(choices, names):
    import itertools
    return itertools.product(*(choices[n] for n in names))


def combinations():
    for name, (draw, controls) in sorted(REGISTRY.items()):
        if draw.__module__.startswith("mlpedu.widgets"):
            choices = {c: [v for v in options(a) if (name, c, v) not in SLOW] for c, a in controls.items()}
            for case in pairwise(choices):
                yield pytest.param(draw, case, id=f"{name}-" + ",".join(f"{c}={v}" for c, v in case.items()))


def draws_or_refuses_plainly(draw, arguments):
    defaults = {n: p.default for n, p in inspect.signature(draw).parameters.items()}
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # an overflow is explained, not warned about
        try:
            figure = draw(**{**defaults, **arguments})
        except MlpeduError as refused:
            message = str(refused)
            assert message and "Traceback" not in message and len(message) < 600, message
            return
    assert isinstance(figure, Figure), f"{draw.__name__}({arguments}) returned {type(figure).__name__}"
    titles = " ".join(t.get_text() for t in figure.texts) + " ".join(ax.get_title() for ax in figure.axes)
    assert "nan" not in titles.lower().split() and not any(
        w.lower() == "nan" for w in titles.replace("=", " ").split()), f"NaN shown: {titles!r}"


@pytest.mark.parametrize("draw, control, value", list(moves()))
def test_every_control_through_every_option_draws_or_refuses_plainly(draw, control, value):
    draws_or_refuses_plainly(draw, {control: value})


@pytest.mark.parametrize("draw, arguments", list(combinations()))
def test_every_pair_of_options_draws_or_refuses_plainly(draw, arguments):
    draws_or_refuses_plainly(draw, arguments)


def test_pairwise_covers_every_pair_of_options():
    choices = {"a": [1, 2, 3], "b": ["x", "y"], "c": [True, False], "d": [0.5, 2.0, 8.0]}
    cases = pairwise(choices)
    for (p, q) in [("a", "b"), ("a", "d"), ("b", "c"), ("c", "d")]:
        seen = {(case[p], case[q]) for case in cases}
        wanted = {(u, v) for u in choices[p] for v in choices[q]}
        assert seen == wanted, f"pairs of {p} and {q} not covered: {sorted(wanted - seen, key=repr)}"
    assert len(cases) < 3 * 3 * 2 * 2, f"{len(cases)} combinations: no better than all of them"
