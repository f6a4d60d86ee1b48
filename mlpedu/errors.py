"""Input checks that fail with a message in the course's terms.

Every public entry point validates what the user gave it here, so a mistake is reported as
"X has shape (128, 784): examples look like rows" instead of a broadcasting error from deep
inside numpy.
"""

import numpy as np


class MlpeduError(ValueError):
    """Base class: something the user passed does not fit what mlpedu expects."""


class ShapeError(MlpeduError):
    """An array has the wrong shape (the message says what was expected)."""


class DTypeError(MlpeduError, TypeError):
    """An array has a dtype mlpedu does not compute with (integers, booleans, objects)."""


class NonFiniteError(MlpeduError):
    """An array contains NaN or infinity."""


FLOAT_DTYPES = (np.dtype(np.float64), np.dtype(np.float32))


def float_dtype(dtype, name="dtype"):
    """np.float64 or np.float32 (the two mlpedu computes in), or a clear error."""
    try:
        found = np.dtype(dtype)
    except TypeError:
        found = None
    if found not in FLOAT_DTYPES:
        raise DTypeError(f"{name} must be np.float64 or np.float32; got {dtype!r}.")
    return found


def as_float_array(value, name, dtype=np.float64):
    """Return `value` as a float array of `dtype` (float64 unless a float32 network asks), or raise
    a clear error for ints, bools, NaN, junk."""
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and similar
        raise DTypeError(f"{name} could not be turned into a numeric array ({exc}).") from None
    if array.dtype.kind in "iu":
        raise DTypeError(
            f"{name} has integer dtype {array.dtype}; mlpedu computes in floating point. "
            f"Convert it first, e.g. {name}.astype(float)."
        )
    if array.dtype.kind == "b":
        raise DTypeError(f"{name} has boolean dtype; convert it with {name}.astype(float).")
    if array.dtype.kind != "f":
        raise DTypeError(f"{name} has dtype {array.dtype}; expected a float array.")
    array = array.astype(dtype, copy=False)
    if not np.all(np.isfinite(array)):
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        first = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise NonFiniteError(
            f"{name} contains {bad} NaN or infinite value(s), the first at index {first}."
        )
    return array


def check_batch(value, n_rows, name, what="input", dtype=np.float64):
    """Check that `value` is a float batch of shape (n_rows, m): one example per column."""
    array = as_float_array(value, name, dtype)
    if array.ndim == 1:
        hint = (
            f"reshape it with {name}.reshape({n_rows}, 1)"
            if array.shape[0] == n_rows
            else f"expected shape ({n_rows}, m)"
        )
        raise ShapeError(
            f"{name} is 1-D with shape {array.shape}; mlpedu stacks examples as columns, "
            f"so one example is a column vector: {hint}."
        )
    if array.ndim != 2:
        raise ShapeError(f"{name} has {array.ndim} dimensions; expected shape ({n_rows}, m).")
    if array.shape[0] != n_rows:
        if array.shape[1] == n_rows:
            raise ShapeError(
                f"{name} has shape {array.shape}: the examples look like rows. mlpedu stacks "
                f"examples as columns ({what} of size {n_rows}), so pass {name}.T "
                f"with shape ({n_rows}, {array.shape[0]})."
            )
        raise ShapeError(
            f"{name} has shape {array.shape}; expected ({n_rows}, m) because the {what} "
            f"has {n_rows} unit(s), one example per column."
        )
    if array.shape[1] == 0:
        raise ShapeError(f"{name} has no examples (shape {array.shape}); expected at least one column.")
    return array


def check_same_shape(value, reference, name, reference_name):
    """Check that `value` is a float array with exactly the shape of `reference` (and its dtype,
    float32 for a float32 network's targets)."""
    array = as_float_array(value, name, reference.dtype if reference.dtype in FLOAT_DTYPES else np.float64)
    if array.shape != reference.shape:
        hint = ""
        if array.shape == reference.shape[::-1]:
            hint = f" It looks transposed: pass {name}.T."
        elif array.ndim == 1 and array.size == reference.size:
            hint = f" Reshape it with {name}.reshape{reference.shape}."
        raise ShapeError(
            f"{name} has shape {array.shape}; expected {reference.shape}, the shape of "
            f"{reference_name}.{hint}"
        )
    return array


def check_choice(name, value, known, what):
    """Look `value` up in the dict `known`, or say which names exist."""
    key = value.lower().replace("-", "_").replace(" ", "_") if isinstance(value, str) else value
    if key not in known:
        names = ", ".join(sorted(k for k in known if isinstance(k, str)))
        raise MlpeduError(f"Unknown {what} {value!r} for {name}. Known: {names}.")
    return known[key]


def as_rng(rng):
    """Accept a seed (int), a numpy Generator or None, and return a Generator."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise MlpeduError(f"rng must be an int seed, a numpy.random.Generator or None; got {type(rng).__name__}.")
