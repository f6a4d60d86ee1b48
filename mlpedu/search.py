"""Diagnosis by search: the wrong programs a student could have written, tried against their numbers.

An exercise describes its reference as a small program: a few steps `name = expression` over the
inputs, in the notation of the course (`Var("W").T @ Var("dZ")`). `mutants(program)` rewrites it
the ways students do (another array of the scope in place of one, a transpose added or lost,
the factors of a product in the other order, a sum over the other axis or a mean for a sum, a
factor left out, σ′ taken at the wrong place or replaced by σ), one change at a time and then two
at a time, each with a sentence saying what changed where. The autocheck runs its catalogue
first; when no catalogued mistake explains the student's numbers it asks `search`, which keeps
the mutants that reproduce every output on every case, so a new exercise gets diagnosis from its
program alone.
"""

from dataclasses import dataclass, replace

import numpy as np


# ---- expressions ---------------------------------------------------------------------------

COUNTS = ("m", "n")  # functions that count examples or units: written as the letter alone, "(a − y) / m"

class Expr:
    def __matmul__(self, other):
        return Op("@", (self, other))

    def __mul__(self, other):
        return Op("*", (self, _expr(other)))

    def __add__(self, other):
        return Op("+", (self, _expr(other)))

    def __sub__(self, other):
        return Op("-", (self, _expr(other)))

    def __truediv__(self, other):
        return Op("/", (self, _expr(other)))

    @property
    def T(self):
        return Op("T", (self,))


@dataclass(frozen=True, eq=False)
class Var(Expr):
    name: str

    def text(self, nested=False):
        return self.name


@dataclass(frozen=True, eq=False)
class Const(Expr):
    value: float

    def text(self, nested=False):
        return f"{self.value:g}"


@dataclass(frozen=True, eq=False)
class Op(Expr):
    kind: str                # "@", "*", "-", "/", "T", "sum", "mean", or a function name of the scope
    args: tuple
    axis: int = None         # for "sum" and "mean": over which axis (keepdims)

    def text(self, nested=False):
        """In the course's notation: W @ x + b, (a − y) ∘ σ′(z), A_prevᵀ; brackets only inside."""
        if self.kind == "T":
            inner = self.args[0]
            if isinstance(inner, Op) and inner.kind == "T":  # (xᵀ)ᵀ is x: one answer, not two
                return inner.args[0].text(nested)
            return f"{inner.text(nested=True)}ᵀ"
        if self.kind in "@*-/+":
            symbol = {"*": "∘", "-": "−"}.get(self.kind, self.kind)
            inside = f"{self.args[0].text(nested=True)} {symbol} {self.args[1].text(nested=True)}"
            return f"({inside})" if nested else inside
        if self.kind in ("sum", "mean"):
            return f"{self.kind}({self.args[0].text()}, axis={self.axis})"
        if self.kind in COUNTS:
            return self.kind
        return f"{self.kind}({', '.join(arg.text() for arg in self.args)})"


@dataclass(frozen=True, eq=False)
class At(Expr):
    """Entry j + offset of a list of the scope (course-indexed layers): W[j+1], Z[j], phi[j+1]."""
    name: str
    offset: int = 0

    def text(self, nested=False):
        return f"{self.name}[j{'+' if self.offset > 0 else '−'}{abs(self.offset)}]" if self.offset else f"{self.name}[j]"


@dataclass(frozen=True, eq=False)
class Loop(Expr):
    """A list filled from the top down, as backprop does: entry j = body for j = J−1 … 1 (the
    entries already there, such as the top one, stay). The body reads lists through At."""
    body: Expr

    def text(self, nested=False):
        return f"{self.body.text()} for j = J−1 … 1"


def _expr(value):
    return value if isinstance(value, Expr) else Const(float(value))


def total(expr, axis):
    """Σ over `axis`, keeping it (np.sum(..., axis, keepdims=True))."""
    return Op("sum", (expr,), axis)


def call(function, *args):
    """A function of the exercise's scope (σ, σ′, …), applied elementwise."""
    return Op(function, tuple(args))


@dataclass
class Program:
    """The reference as steps `name = expression`, evaluated in order; `outputs` are returned."""
    steps: tuple             # ((name, expression), ...)
    outputs: tuple
    functions: dict          # name → callable, e.g. {"σ": sigmoid, "σ′": sigmoid_prime}
    swaps: dict = None       # function name → functions a student confuses it with, e.g. {"σ′": ("σ",)}
    whole: tuple = ()        # functions whose arguments are not rewritten (m(Z), the batch size)
    lists: tuple = ()        # names of the scope's layer lists an At may read (W, Z, A, phi)
    pairs: bool = True       # also try two changes (a long program has too many pairs to try in time)

    def run(self, inputs, before=None):
        """The outputs on `inputs`. `before`: the reference's scopes before each step on these
        inputs, so that steps a mutant leaves as they are (the same objects) are not redone."""
        start = 0
        if before is not None:
            while start < len(self.steps) and self.steps[start] is before.program.steps[start]:
                start += 1
        scope = dict(inputs) if before is None else dict(before.scopes[start])
        for name, expr in self.steps[start:]:
            scope[name] = evaluate(expr, scope, self.functions, name)
        found = {}
        for name in self.outputs:  # a list output is its entries: phi → phi[1], phi[2], …
            value = scope[name]
            found.update({f"{name}[{j}]": v for j, v in enumerate(value) if v is not None}
                         if isinstance(value, list) else {name: value})
        return found


@dataclass
class Scopes:
    """What the reference program has computed before each of its steps, on one case."""
    program: Program
    scopes: list

    @classmethod
    def of(cls, program, inputs):
        scope, scopes = dict(inputs), []
        for name, expr in program.steps:
            scopes.append(dict(scope))
            scope[name] = evaluate(expr, scope, program.functions, name)
        scopes.append(scope)
        return cls(program, scopes)


def evaluate(expr, scope, functions, target=None):
    if isinstance(expr, Var):
        return scope[expr.name]
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, At):
        value = scope[expr.name][scope["j"] + expr.offset]
        if value is None:
            raise IndexError(f"{expr.text()} is not there (yet) at j = {scope['j']}")
        return value
    if isinstance(expr, Loop):
        filled = list(scope[target])
        for j in range(len(filled) - 2, 0, -1):
            filled[j] = evaluate(expr.body, {**scope, target: filled, "j": j}, functions)
        return filled
    args = [evaluate(arg, scope, functions) for arg in expr.args]
    if expr.kind == "@":
        return args[0] @ args[1]
    if expr.kind == "*":
        return args[0] * args[1]
    if expr.kind == "-":
        return args[0] - args[1]
    if expr.kind == "+":
        return args[0] + args[1]
    if expr.kind == "/":
        return args[0] / args[1]
    if expr.kind == "T":
        return np.transpose(args[0])
    if expr.kind == "sum":
        return np.sum(args[0], axis=expr.axis, keepdims=True)
    if expr.kind == "mean":
        return np.mean(args[0], axis=expr.axis, keepdims=True)
    function = scope.get(expr.kind) if callable(scope.get(expr.kind)) else functions[expr.kind]
    return function(*args)  # a function the case brings (its activation's σ′) before the program's own


# ---- rewriting -----------------------------------------------------------------------------

@dataclass
class Mutant:
    program: Program
    changes: tuple           # sentences, one per change

    @property
    def description(self):
        return "; ".join(self.changes)


def _rewrites(expr, names, program):
    """(new expression, sentence) for every single change a student might make inside `expr`."""
    if isinstance(expr, Var):
        for other in names:
            if other != expr.name:
                yield Var(other), f"{other} where {expr.name} is meant"
        yield expr.T, f"{expr.name}ᵀ where {expr.name} is meant"
        return
    if isinstance(expr, Const):
        return
    if isinstance(expr, At):
        for other in program.lists:
            if other != expr.name:
                yield At(other, expr.offset), f"{At(other, expr.offset).text()} where {expr.text()} is meant"
        for offset in sorted({expr.offset - 1, expr.offset + 1}):
            yield At(expr.name, offset), f"{At(expr.name, offset).text()} where {expr.text()} is meant (the wrong layer)"
        yield expr.T, f"{expr.text()}ᵀ where {expr.text()} is meant"
        return
    if isinstance(expr, Loop):
        for new, sentence in _rewrites(expr.body, names, program):
            yield Loop(new), sentence
        return
    kind, args = expr.kind, expr.args
    if kind == "T":
        yield args[0], f"the transpose of {args[0].text()} left out"
    if kind == "@":
        yield Op("@", (args[1], args[0])), f"the product {expr.text()} in the other order"
        yield Op("*", args), f"an elementwise product where the matrix product {expr.text()} is meant"
    if kind == "*":
        yield args[0], f"the factor {args[1].text()} left out"
        yield args[1], f"the factor {args[0].text()} left out"
    if kind == "+":
        yield args[0], f"the term {args[1].text()} left out"
    if kind == "-":
        yield Op("-", (args[1], args[0])), f"{args[1].text()} − {args[0].text()} where {args[0].text()} − {args[1].text()} is meant"
        yield Op("+", args), f"{args[0].text()} + {args[1].text()} where {args[0].text()} − {args[1].text()} is meant"
    if kind == "/":
        yield args[0], f"the division by {args[1].text()} left out"
        yield Op("*", args), f"multiplied by {args[1].text()} where divided is meant"
    if kind in ("sum", "mean"):
        other_axis = 1 - expr.axis
        yield Op(kind, args, other_axis), f"{kind} over axis {other_axis} (the {'examples' if other_axis == 1 else 'units'}) " \
                                          f"where axis {expr.axis} is meant"
        yield Op("mean" if kind == "sum" else "sum", args, expr.axis), \
            f"{'a mean' if kind == 'sum' else 'a sum'} where {'a sum' if kind == 'sum' else 'a mean'} is meant"
        yield args[0], f"{args[0].text()} not reduced ({kind} over axis {expr.axis} left out)"
    for wrong in (program.swaps or {}).get(kind, ()):
        yield Op(wrong, args), f"{wrong} where {kind} is meant"
    if kind in program.functions and kind not in program.whole and len(args) == 1:
        yield args[0], f"{args[0].text()} itself where {expr.text()} is meant"
    if kind in program.whole:
        return
    for i, arg in enumerate(args):
        for new, sentence in _rewrites(arg, names, program):
            yield Op(kind, args[:i] + (new,) + args[i + 1:], expr.axis), sentence


def mutants(program, inputs):
    """Every program one change away from `program`: the change, and the step it is in."""
    names_before = list(inputs)
    for index, (name, expr) in enumerate(program.steps):
        for new, sentence in _rewrites(expr, names_before, program):
            steps = program.steps[:index] + ((name, new),) + program.steps[index + 1:]
            yield Mutant(replace(program, steps=steps), (f"{sentence}, in {name} = {expr.text()}",))
        names_before.append(name)


def double_mutants(program, inputs, singles=None):
    """Two changes, in two different steps or two places of one step (`singles`: the program's
    mutants, when the caller has them already)."""
    for first in singles if singles is not None else mutants(program, inputs):
        for second in mutants(first.program, inputs):
            if second.changes[0].split(", in ")[0] not in first.description:
                yield Mutant(second.program, first.changes + second.changes)


# ---- search --------------------------------------------------------------------------------

def output_on(mutant, inputs, before=None):
    """The mutant's outputs on one case, or the exception it raises there (as numpy would)."""
    with np.errstate(all="ignore"):
        try:
            return mutant.program.run(inputs, before)
        except Exception as exc:  # a shape that does not fit, as the student's code may meet too
            return exc


def search(program, cases_inputs, reproduces):
    """The mutants that reproduce the student's answer, `reproduces(case index, outputs or
    exception)` being true on every case: those one change away first; if none, those two
    changes away. Cheap first: a mutant is dropped at the first case it gets wrong. A mutant
    that only raises where the student's code raises proves nothing: it must also reproduce
    the numbers of at least one case."""
    with np.errstate(all="ignore"):
        before = [Scopes.of(program, inputs) for inputs in cases_inputs]

    def matches(mutant):
        outputs = []
        for index, inputs in enumerate(cases_inputs):
            outputs.append(output_on(mutant, inputs, before[index]))
            if not reproduces(index, outputs[-1]):
                return False
        return any(not isinstance(output, Exception) for output in outputs)

    singles = list(mutants(program, cases_inputs[0]))
    found = [m for m in singles if matches(m)]
    if found or not program.pairs:
        return _distinct(found)
    return _distinct([m for m in double_mutants(program, cases_inputs[0], singles) if matches(m)])


def _distinct(found):
    """One mutant per program (two changes found in either order are one answer)."""
    seen, kept = set(), []
    for mutant in found:
        key = tuple(expr.text() for _, expr in mutant.program.steps)
        if key not in seen:
            seen.add(key)
            kept.append(mutant)
    return kept
