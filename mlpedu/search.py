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
from copy import copy
from functools import lru_cache

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

    def __rsub__(self, other):
        return Op("-", (_expr(other), self))

    def __rmul__(self, other):
        return Op("*", (_expr(other), self))

    def __neg__(self):
        return Op("neg", (self,))

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
    kind: str                # "@", "*", "-", "/", "T", "neg", "sum", "mean", or a function name of the scope
    args: tuple
    axis: int = None         # for "sum" and "mean": over which axis (keepdims)

    def text(self, nested=False):
        """In the course's notation: W @ x + b, (a − y) ∘ σ′(z), A_prevᵀ; brackets only inside."""
        if self.kind == "T":
            inner = self.args[0]
            if isinstance(inner, Op) and inner.kind == "T":  # (xᵀ)ᵀ is x: one answer, not two
                return inner.args[0].text(nested)
            return f"{inner.text(nested=True)}ᵀ"
        if self.kind == "neg":
            return f"−{self.args[0].text(nested=True)}"
        if self.kind == "*" and isinstance(self.args[0], Const):  # a number times something: 2·eps
            return f"{self.args[0].text()}·{self.args[1].text(nested=True)}"
        if self.kind in "@*-/+":
            symbol = {"*": "∘", "-": "−"}.get(self.kind, self.kind)
            inside = f"{self.args[0].text(nested=True)} {symbol} {self.args[1].text(nested=True)}"
            return f"({inside})" if nested else inside
        if self.kind in ("sum", "mean"):
            return f"{self.kind}({self.args[0].text()}" + (f", axis={self.axis})" if self.axis is not None else ")")
        if self.kind in COUNTS:
            return self.kind
        return f"{self.kind}({', '.join(arg.text() for arg in self.args)})"


@dataclass(frozen=True, eq=False)
class At(Expr):
    """Entry j + offset of a list of the scope (course-indexed layers): W[j+1], Z[j], phi[j+1];
    with `last`, entry J + offset, the output layer's: A[J]."""
    name: str
    offset: int = 0
    last: bool = False

    def text(self, nested=False):
        layer = "J" if self.last else "j"
        return f"{self.name}[{layer}{'+' if self.offset > 0 else '−'}{abs(self.offset)}]" if self.offset else f"{self.name}[{layer}]"


@dataclass(frozen=True, eq=False)
class Loop(Expr):
    """A list of layers. Going down, as backprop does: entry j = body for j = J−1 … 1, after entry J
    = top (or the entry already there when there is no top). Not going down: entry j = body for
    each layer j = 1 … J. The body reads lists through At; J is the scope's J, or the list's last
    index."""
    body: Expr
    top: Expr = None
    down: bool = True
    only: int = None         # the body holds at layer `only` alone; `usual` at the others
    usual: Expr = None

    @property
    def layers(self):
        return "for j = J−1 … 1" if self.down else "for j = 1 … J"

    def js(self, J):
        return range(J - 1, 0, -1) if self.down else range(1, J + 1)

    def text(self, nested=False):
        return f"{self.body.text()} {self.layers}" + (f", from {self.top.text()} at J" if self.top is not None else "")


@dataclass(frozen=True, eq=False)
class Shifted(Expr):
    """x + amount·eᵢ: a copy of the array `name` with entry i (of an Entries loop) moved by amount;
    every entry moved when `every`."""
    name: str
    amount: Expr
    every: bool = False

    def text(self, nested=False):
        negative = isinstance(self.amount, Op) and self.amount.kind == "neg"
        size = (self.amount.args[0] if negative else self.amount).text(nested=True)
        inside = f"{self.name} {'−' if negative else '+'} {size}{'' if self.every else '·eᵢ'}"
        return f"({inside})" if nested else inside


@dataclass(frozen=True, eq=False)
class Entries(Expr):
    """An array shaped like the scope's `like`, entry i = body for every index i (a numerical gradient)."""
    body: Expr
    like: str = "x"

    def text(self, nested=False):
        return f"{self.body.text()} for every entry i of {self.like}"


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

    def with_steps(self, steps):
        """The same program with other steps (a shallow copy: dataclasses.replace is slow for the
        thousands of mutants a search makes)."""
        other = copy(self)
        other.steps = steps
        return other

    def run(self, inputs, before=None):
        """The outputs on `inputs`. `before`: the reference's scopes before each step on these
        inputs, so that steps a mutant leaves as they are (the same objects) are not redone."""
        start = 0
        if before is not None:
            while start < len(self.steps) and self.steps[start] is before.program.steps[start]:
                start += 1
        scope = dict(inputs) if before is None else dict(before.scopes[start])
        memo = None if before is None else before.memo
        for name, expr in self.steps[start:]:
            scope[name] = evaluate(expr, scope, self.functions, name, memo)
        found = {}
        for name in self.outputs:  # a list output is its entries: phi → phi[1], phi[2], …
            value = scope[name]
            found.update({f"{name}[{j}]": v for j, v in enumerate(value) if v is not None}
                         if isinstance(value, list) else {name: value})
        return found


@dataclass
class Memo:
    """The values of the parts that read the case's inputs alone (not what a step computes, which
    a mutant may change), per layer j and entry i: mutants share their unchanged parts with the
    reference and with each other (the same objects), so each part is computed once per case."""
    inputs: frozenset
    values: dict

    def get(self, expr, scope):
        key = (id(expr), scope.get("j"), scope.get("i"))
        kept = self.values.get(key)
        return (key, None) if kept is None or kept[0] is not expr else (key, kept[1])  # kept[0]: id not reused


@dataclass
class Scopes:
    """What the reference program has computed before each of its steps, on one case."""
    program: Program
    scopes: list
    memo: Memo = None

    @classmethod
    def of(cls, program, inputs):
        memo = Memo(frozenset(inputs) - {name for name, _ in program.steps}, {})
        scope, scopes = dict(inputs), []
        for name, expr in program.steps:
            scopes.append(dict(scope))
            scope[name] = evaluate(expr, scope, program.functions, name, memo)
        scopes.append(scope)
        return cls(program, scopes, memo)

    def outputs(self):
        """The reference's outputs on this case."""
        return replace(self.program, steps=()).run(self.scopes[-1])


@lru_cache(maxsize=1 << 16)  # expressions hash by identity, and the cache keeps them alive
def _reads(expr):
    """The names of the scope `expr` reads (functions aside)."""
    if isinstance(expr, (Var, At)):
        return frozenset({expr.name})
    if isinstance(expr, Shifted):
        return frozenset({expr.name}) | _reads(expr.amount)
    if isinstance(expr, (Loop, Entries)):
        return _reads(expr.body) | (_reads(expr.top) if isinstance(expr, Loop) and expr.top is not None else frozenset())
    if isinstance(expr, Op):
        return frozenset().union(*(_reads(arg) for arg in expr.args))
    return frozenset()


def evaluate(expr, scope, functions, target=None, memo=None):
    if memo is not None and isinstance(expr, (Op, Shifted)) and _reads(expr) <= memo.inputs:
        key, value = memo.get(expr, scope)
        if value is None:
            value = _evaluate(expr, scope, functions, target, memo)
            memo.values[key] = (expr, value)
        return value
    return _evaluate(expr, scope, functions, target, memo)


def _evaluate(expr, scope, functions, target=None, memo=None):
    if isinstance(expr, Var):
        return scope[expr.name]
    if isinstance(expr, Const):
        return expr.value
    if isinstance(expr, At):
        layers = scope[expr.name]
        index = (scope.get("J", len(layers) - 1) if expr.last else scope["j"]) + expr.offset
        value = layers[index] if 0 <= index < len(layers) else None  # A[j−2] at j = 1 is no layer (not A[−1])
        if value is None:
            raise IndexError(f"{expr.text()} is not there (yet)" + ("" if expr.last else f" at j = {scope['j']}"))
        return value
    if isinstance(expr, Loop):
        J = scope["J"] if "J" in scope else len(scope[target]) - 1
        filled = list(scope[target]) if target in scope else [None] * (J + 1)
        if expr.top is not None:
            filled[J] = evaluate(expr.top, {**scope, "j": J}, functions, memo=memo)
        for j in expr.js(J):
            body = expr.body if expr.only in (None, j) else expr.usual
            filled[j] = evaluate(body, {**scope, target: filled, "j": j}, functions, memo=memo)
        return filled
    if isinstance(expr, Entries):
        like = np.asarray(scope[expr.like])
        found = np.zeros(like.shape)
        for i in np.ndindex(*like.shape):
            found[i] = evaluate(expr.body, {**scope, "i": i}, functions, memo=memo)
        return found
    if isinstance(expr, Shifted):
        moved = np.array(scope[expr.name], dtype=float)
        amount = evaluate(expr.amount, scope, functions, memo=memo)
        if expr.every:
            moved += amount
        else:
            moved[scope["i"]] += amount
        return moved
    args = [evaluate(arg, scope, functions, memo=memo) for arg in expr.args]
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
    if expr.kind == "neg":
        return -args[0]
    if expr.kind == "sum":  # over an axis, keeping it; over everything (axis None), one number
        return np.sum(args[0], axis=expr.axis, keepdims=expr.axis is not None)
    if expr.kind == "mean":
        return np.mean(args[0], axis=expr.axis, keepdims=expr.axis is not None)
    function = scope.get(expr.kind) if callable(scope.get(expr.kind)) else functions[expr.kind]
    return function(*args)  # a function the case brings (its activation's σ′) before the program's own


# ---- rewriting -----------------------------------------------------------------------------

@dataclass
class Mutant:
    program: Program
    changes: tuple           # sentences, one per change
    places: tuple = ()       # (step, part of the step) of each change, in the order of the steps
    partial: bool = False    # a change made at one layer of a loop only, or in one use of a shared value

    @property
    def description(self):
        return "; ".join(self.changes)


def _rewrites(expr, names, program):
    """(new expression, sentence) for every single change a student might make inside `expr`."""
    if isinstance(expr, Var):
        for other in names:
            if other != expr.name:
                yield Var(other), f"{other} where {expr.name} is meant"
        if names.get(expr.name, True):  # a number has no transpose
            yield expr.T, f"{expr.name}ᵀ where {expr.name} is meant"
        return
    if isinstance(expr, Const):
        return
    if isinstance(expr, At):
        for other in program.lists:
            if other != expr.name:
                yield replace(expr, name=other), f"{replace(expr, name=other).text()} where {expr.text()} is meant"
        for offset in sorted({expr.offset - 1, expr.offset + 1}):
            yield replace(expr, offset=offset), f"{replace(expr, offset=offset).text()} where {expr.text()} is meant (the wrong layer)"
        if expr.offset and not expr.last:
            top = replace(expr, offset=0, last=True)
            yield top, f"{top.text()} (the output layer's) where {expr.text()} is meant"
        yield expr.T, f"{expr.text()}ᵀ where {expr.text()} is meant"
        return
    if isinstance(expr, Shifted):
        yield Var(expr.name), f"{expr.name} itself where {expr.text()} is meant (that point not moved)"
        yield replace(expr, every=True), f"every entry moved at once, {replace(expr, every=True).text()}, where {expr.text()} is meant"
        negative = isinstance(expr.amount, Op) and expr.amount.kind == "neg"
        flipped = replace(expr, amount=expr.amount.args[0] if negative else -expr.amount)
        yield flipped, f"{flipped.text()} where {expr.text()} is meant"
        for new, sentence in _rewrites(expr.amount, names, program):
            yield replace(expr, amount=new), sentence
        return
    if isinstance(expr, Entries):
        for new, sentence in _rewrites(expr.body, names, program):
            yield replace(expr, body=new), sentence
        return
    kind, args = expr.kind, expr.args
    if kind == "T":
        yield args[0], f"the transpose of {args[0].text()} left out"
    if kind == "neg":
        yield args[0], f"{args[0].text()} where {expr.text()} is meant (the minus sign left out)"
    if kind == "@":
        yield Op("@", (args[1], args[0])), f"the product {expr.text()} in the other order"
        yield Op("*", args), f"an elementwise product where the matrix product {expr.text()} is meant"
    if kind == "*":
        yield args[0], f"the factor {args[1].text()} left out"
        yield args[1], f"the factor {args[0].text()} left out"
        if isinstance(args[1], Op) and args[1].kind in program.functions:
            yield Op("*", (expr, args[1])), f"the factor {args[1].text()} applied twice"
        if isinstance(args[0], Op) and args[0].kind == "@":  # (A @ B) ∘ C taken as A @ (B ∘ C)
            A, B = args[0].args
            yield Op("@", (A, Op("*", (B, args[1])))), \
                f"the factor {args[1].text()} applied to {B.text()} before the product with {A.text()}"
    if kind == "+":
        yield args[0], f"the term {args[1].text()} left out"
        yield Op("-", args), f"{args[0].text()} − {args[1].text()} where {args[0].text()} + {args[1].text()} is meant"
    if kind == "-":
        yield args[0], f"the term −{args[1].text(nested=True)} left out"
        yield Op("-", (args[1], args[0])), f"{args[1].text()} − {args[0].text()} where {args[0].text()} − {args[1].text()} is meant"
        yield Op("+", args), f"{args[0].text()} + {args[1].text()} where {args[0].text()} − {args[1].text()} is meant"
    if kind == "/":
        yield args[0], f"the division by {args[1].text()} left out"
        yield Op("*", args), f"multiplied by {args[1].text()} where divided is meant"
    if kind in ("sum", "mean") and expr.axis is not None:
        other_axis = 1 - expr.axis
        yield Op(kind, args, other_axis), f"{kind} over axis {other_axis} (the {'examples' if other_axis == 1 else 'units'}) " \
                                          f"where axis {expr.axis} is meant"
        yield Op("mean" if kind == "sum" else "sum", args, expr.axis), \
            f"{'a mean' if kind == 'sum' else 'a sum'} where {'a sum' if kind == 'sum' else 'a mean'} is meant"
        yield args[0], f"{args[0].text()} not reduced ({kind} over axis {expr.axis} left out)"
        if kind == "sum":
            yield Op("sum", args, None), f"summed over everything to one number where a sum over axis {expr.axis} is meant"
    for wrong in (program.swaps or {}).get(kind, ()):
        yield Op(wrong, args), f"{wrong} where {kind} is meant"
    if kind in program.functions and kind not in program.whole and len(args) == 1:
        yield args[0], f"{args[0].text()} itself where {expr.text()} is meant"
        flipped = Op(kind, (-args[0],))
        yield flipped, f"{flipped.text()} where {expr.text()} is meant (a sign inside)"
    if kind in program.whole:
        return
    for i, arg in enumerate(args):
        for new, sentence in _rewrites(arg, names, program):
            yield Op(kind, args[:i] + (new,) + args[i + 1:], expr.axis), sentence


def _places(name, expr):
    """The parts of a step a change is reported in, as (where, part, the step with the part
    replaced): a loop's entry J and its other entries apart, so a sentence quotes one line."""
    if isinstance(expr, Loop):
        if expr.top is not None:
            yield f"{name}[J] = {expr.top.text()}", expr.top, lambda new: replace(expr, top=new)
        yield f"{name}[j] = {expr.body.text()} {expr.layers}", expr.body, lambda new: replace(expr, body=new)
    elif isinstance(expr, Entries):
        yield f"{name}[i] = {expr.body.text()}", expr.body, lambda new: replace(expr, body=new)
    else:
        yield f"{name} = {expr.text()}", expr, lambda new: new


def _operands(scope):
    """The names a student may use in place of another, each with whether it is an array (not a
    number): arrays and numbers, not lists of layers, functions or loop counters."""
    return {name: isinstance(value, np.ndarray) for name, value in scope.items()
            if name not in ("i", "j", "J") and isinstance(value, (np.ndarray, float, int)) and not isinstance(value, bool)}


def _reduced(expr):
    """A whole result reduced where it should not be: summed or averaged over an axis (keeping
    it), or summed to one number."""
    if isinstance(expr, Op) and expr.kind in ("sum", "mean"):
        return
    for kind in ("sum", "mean"):
        for axis in (1, 0):
            yield Op(kind, (expr,), axis), f"{'a sum' if kind == 'sum' else 'a mean'} over axis {axis} " \
                                           f"(the {'examples' if axis == 1 else 'units'}) where no reduction is meant"
    yield Op("sum", (expr,), None), "summed over everything to one number where no reduction is meant"


def _leaves(expr):
    """The names (Var) and layer entries (At) `expr` reads, each as often as it reads it."""
    if isinstance(expr, (Var, At)):
        return [expr]
    if isinstance(expr, Shifted):
        return _leaves(expr.amount)
    return [leaf for child in getattr(expr, "args", ()) for leaf in _leaves(child)]


def _key(leaf):
    return (type(leaf), leaf.name, getattr(leaf, "offset", 0), getattr(leaf, "last", False))


def _substituted(expr, old, new):
    """`expr` with every leaf like `old` replaced by `new`."""
    if isinstance(expr, (Var, At)):
        return new if _key(expr) == _key(old) else expr
    if isinstance(expr, Shifted):
        return replace(expr, amount=_substituted(expr.amount, old, new))
    if isinstance(expr, Op):
        return Op(expr.kind, tuple(_substituted(arg, old, new) for arg in expr.args), expr.axis)
    return expr


def _everywhere(part, names, program):
    """One name read twice or more in a line, replaced by the same other name at every place
    (Z[J] for A[J] in both terms of ∇_a L)."""
    leaves = _leaves(part)
    for leaf in {_key(leaf): leaf for leaf in leaves}.values():
        if sum(_key(other) == _key(leaf) for other in leaves) < 2:
            continue
        for new, sentence in _rewrites(leaf, names, program):
            if isinstance(new, (Var, At)):
                yield _substituted(part, leaf, new), f"{sentence} (everywhere in this line)"


def _function_swapped(expr, kind, wrong):
    """`expr` with every call of `kind` made a call of `wrong`."""
    if isinstance(expr, Op):
        args = tuple(_function_swapped(arg, kind, wrong) for arg in expr.args)
        return Op(wrong if expr.kind == kind else expr.kind, args, expr.axis)
    if isinstance(expr, Loop):
        return replace(expr, body=_function_swapped(expr.body, kind, wrong),
                       top=None if expr.top is None else _function_swapped(expr.top, kind, wrong))
    if isinstance(expr, Entries):
        return replace(expr, body=_function_swapped(expr.body, kind, wrong))
    return expr


def _calls(expr, kind):
    own = isinstance(expr, Op) and expr.kind == kind
    children = list(getattr(expr, "args", ())) + [getattr(expr, name) for name in ("body", "top")
                                                   if getattr(expr, name, None) is not None]
    return own + sum(_calls(child, kind) for child in children)


def _everywhere_in_program(program):
    """A function the program calls in several steps replaced by another at every call (the
    sigmoid's σ′ for ReLU′ in every layer): one misunderstanding, not several slips."""
    for kind, wrongs in (program.swaps or {}).items():
        steps_calling = [index for index, (_, expr) in enumerate(program.steps) if _calls(expr, kind)]
        if len(steps_calling) < 2:
            continue
        for wrong in wrongs:
            steps = tuple((name, _function_swapped(expr, kind, wrong)) for name, expr in program.steps)
            yield Mutant(program.with_steps(steps), (f"{wrong} where {kind} is meant, in every step that uses {kind}",),
                         ((steps_calling[0], 0),))


def _shared(program):
    """The values computed by a step (not a loop) and used by more than one later step."""
    uses = {}
    def count(expr):
        if isinstance(expr, Var):
            uses[expr.name] = uses.get(expr.name, 0) + 1
        for child in getattr(expr, "args", ()):
            count(child)
    for _, expr in program.steps:
        count(expr)
    return {name: expr for name, expr in program.steps if not isinstance(expr, (Loop, Entries)) and uses.get(name, 0) > 1}


def _inlined(expr, shared, names, program):
    """A change made in one use of a shared value only: its expression, changed, in place of its
    name here (σ′ left out of the φ that db uses, while dW's φ keeps it)."""
    if isinstance(expr, Var) and expr.name in shared:
        for new, sentence in _rewrites(shared[expr.name], names, program):
            yield new, f"{sentence} in the {expr.name} used here"
    elif isinstance(expr, Op):
        for i, arg in enumerate(expr.args):
            for new, sentence in _inlined(arg, shared, names, program):
                yield Op(expr.kind, expr.args[:i] + (new,) + expr.args[i + 1:], expr.axis), sentence


def mutants(program, inputs, at=lambda place: True, partial=True):
    """Every program one change away from `program`: the change, and the step it is in (only in
    the places `at` allows); with `partial`, also each change made at one layer of a loop alone,
    or in one use of a value that several steps use."""
    names_before = _operands(inputs)
    shared = _shared(program) if partial else {}
    for index, (name, expr) in enumerate(program.steps):
        for number, (where, part, rebuilt) in enumerate(_places(name, expr)):
            if not at((index, number)):
                continue
            changes = list(_rewrites(part, names_before, program))
            if name in program.outputs and not isinstance(part, Entries) and not (isinstance(expr, Loop) and part is expr.top):
                changes += list(_reduced(part))  # what is returned, reduced
            changes += list(_everywhere(part, names_before, program))
            for new, sentence in changes:
                steps = program.steps[:index] + ((name, rebuilt(new)),) + program.steps[index + 1:]
                yield Mutant(program.with_steps(steps), (f"{sentence}, in {where}",), ((index, number),))
            for new, sentence in _inlined(part, shared, names_before, program):
                steps = program.steps[:index] + ((name, rebuilt(new)),) + program.steps[index + 1:]
                yield Mutant(program.with_steps(steps), (f"{sentence}, in {where}",), ((index, number),), partial=True)
            if partial and isinstance(expr, Loop) and part is expr.body and expr.only is None:
                layers = list(expr.js(inputs["J"] if "J" in inputs else len(inputs[name]) - 1))
                for j in layers if len(layers) > 1 else ():
                    for new, sentence in changes:
                        step = replace(expr, body=new, only=j, usual=expr.body)
                        steps = program.steps[:index] + ((name, step),) + program.steps[index + 1:]
                        yield Mutant(program.with_steps(steps), (f"{sentence} at layer j = {j} only, in {where}",),
                                     ((index, number),), partial=True)
        if not isinstance(expr, Loop):  # a list of layers is read through At, not named whole
            names_before[name] = True
    if partial:
        yield from _everywhere_in_program(program)


def double_mutants(program, inputs, singles=None, worth=lambda first, place: True, keep=lambda first, second: True):
    """Two changes, in two places of the program or two of one place, the second never in a place
    before the first's (`singles`: the program's mutants, when the caller has them already;
    `worth(first, place)`: whether a second change at `place` could still explain the answer;
    `keep(first, second)`: whether to try that pair)."""
    seen = set()  # two changes that do not touch each other come from either order: try them once
    for first in singles if singles is not None else mutants(program, inputs, partial=False):
        if first.partial:
            continue
        allowed = lambda place, first=first: place >= first.places[0] and worth(first, place)
        change = first.changes[0].split(", in ")[0]
        for second in mutants(first.program, inputs, allowed, partial=False):
            other = second.changes[0].split(", in ")[0]
            pair = (first.places[0], second.places[0], frozenset((change, other)))
            if other not in first.description and pair not in seen and keep(first, second):
                seen.add(pair)
                yield Mutant(second.program, first.changes + second.changes, first.places + second.places)


# ---- search --------------------------------------------------------------------------------

def _output_on(mutant, inputs, before=None):
    """The mutant's outputs on one case, or the exception it raises there (as numpy would); the
    caller silences numpy's warnings once for the whole search."""
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
    with np.errstate(all="ignore"):  # once here, not per mutant: a search runs thousands
        return _search(program, cases_inputs, reproduces)


SHAPE_CHANGES = ("ᵀ where", "the transpose of", "in the other order", "an elementwise product where")


def _search(program, cases_inputs, reproduces):
    before = [Scopes.of(program, inputs) for inputs in cases_inputs]
    references = [scopes.outputs() for scopes in before]

    def matches(mutant, first_output=None):
        outputs = [first_output if first_output is not None else _output_on(mutant, cases_inputs[0], before[0])]
        for index, inputs in enumerate(cases_inputs):
            if index > 0:
                outputs.append(_output_on(mutant, inputs, before[index]))
            if not reproduces(index, outputs[-1]):
                return False
        numbers = [(out, ref) for out, ref in zip(outputs, references) if not isinstance(out, Exception)]
        # a change that gives the right numbers (σ(−(−z)), two changes that undo each other) explains nothing
        return bool(numbers) and any(_altered(out, ref) for out, ref in numbers)

    singles = list(mutants(program, cases_inputs[0]))
    first_outputs = [_output_on(m, cases_inputs[0], before[0]) for m in singles]
    found = [m for m, out in zip(singles, first_outputs) if matches(m, out)]
    if found or not program.pairs:
        return _distinct(found)
    reach = _reach(singles, first_outputs, references[0])
    first_output = {id(m): out for m, out in zip(singles, first_outputs)}
    # the outputs the student has wrong on the first case: a pair must reach them all, and must
    # not alter one the student has right (two changes that cancel there explain nothing)
    wrong = {name for name, value in references[0].items() if not reproduces(0, {name: value})}

    def worth(first, place):
        """Could a second change at `place` still explain the answer, given the first's numbers?"""
        if not wrong <= reach.get(first.places[0], set()) | reach.get(place, set()):
            return False
        out = first_output[id(first)]
        if isinstance(out, Exception):  # only a transpose or a product's order may make it run again
            return place == first.places[0]
        if _altered(out, references[0]) - wrong:
            return False
        untouched = {name: value for name, value in out.items() if name not in reach.get(place, ())}
        return not untouched or reproduces(0, untouched)

    def keep(first, second):
        """A first change that raises alone is paired only with a second that changes a shape."""
        return not isinstance(first_output[id(first)], Exception) or any(
            marker in second.changes[0] for marker in SHAPE_CHANGES)

    return _distinct([m for m in double_mutants(program, cases_inputs[0], singles, worth, keep) if matches(m)])


def _altered(outputs, reference):
    """The outputs that differ from the reference's."""
    return {name for name, value in reference.items() if np.shape(outputs[name]) != np.shape(value)
            or not np.allclose(outputs[name], value, equal_nan=True)}


def _reach(singles, outputs, reference):
    """place → the outputs the single changes there alter on the first case (those that raise
    say nothing about it; where all raise, every output)."""
    reach = {}
    for mutant, out in zip(singles, outputs):
        reach.setdefault(mutant.places[0], set())
        if not isinstance(out, Exception):
            reach[mutant.places[0]] |= _altered(out, reference)
    return {place: altered or set(reference) for place, altered in reach.items()}


def _distinct(found):
    """One mutant per program (two changes found in either order are one answer), the likeliest
    first when several give the same numbers."""
    seen, kept = set(), []
    for mutant in found:
        key = tuple(expr.text() for _, expr in mutant.program.steps)
        if key not in seen:
            seen.add(key)
            kept.append(mutant)
    return sorted(kept, key=_unlikeliness)


def _unlikeliness(mutant):
    """One change before two; a factor or term left out (the commonest slip) before a name for a
    name of its kind (z1 for z2, A[j] for A[j−1]), and that before other swaps; a change made
    everywhere before the same made in one place."""
    def swap(change):
        head = change.split(", in ")[0]
        if " left out" in head:
            return 0
        if " where " in head and " is meant" in head:
            used, meant = head.split(" where ")[0], head.split(" where ")[1].split(" is meant")[0]
            if used[:1] == meant[:1] and used[:1].isalpha():
                return 1
        return 2
    return (len(mutant.changes), sum(swap(c) for c in mutant.changes), mutant.partial)
