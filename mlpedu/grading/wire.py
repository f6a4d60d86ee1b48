"""The plain-data wire format between the grader and a student's kernel.

Only JSON crosses the boundary. Arrays travel as dtype + shape + base64 bytes, tuples and dicts
are tagged, and everything else stays in the kernel behind a numbered handle. Decoding on the
grader's side accepts nothing but this schema (numbers, strings, lists, tuples, dicts, plain
`numpy.ndarray`s of numeric dtype, and handles), so no object made by student code, and no
method it defined (`__eq__`, `__array__`, `__float__` ...), ever runs in the grader.

This module is imported on both sides, so it imports nothing but the standard library and numpy.
"""

import base64
import json
import math

import numpy as np

MAX_PAYLOAD_BYTES = 4 * 2**20  # one answer larger than this is refused, not shipped
MAX_DEPTH = 20
NUMERIC_KINDS = "biufc"


class WireError(ValueError):
    """A message does not follow the wire format (or is too large)."""


def encode(value, make_handle, budget=None, depth=0):
    """Turn `value` into JSON-able data; objects that are not plain data become handles.

    `make_handle(obj)` stores an object and returns its handle (an int); `budget` is a one-item
    list counting the bytes still allowed.
    """
    budget = [MAX_PAYLOAD_BYTES] if budget is None else budget
    if depth > MAX_DEPTH:
        raise WireError(f"the value is nested more than {MAX_DEPTH} levels deep")

    def spend(n):
        budget[0] -= n
        if budget[0] < 0:
            raise WireError(f"the value is larger than {MAX_PAYLOAD_BYTES // 2**20} MiB")

    kind = type(value)
    if value is None or kind is bool or kind is str:
        spend(len(value) if kind is str else 1)
        return value
    if kind is int:
        spend(8)
        return value if abs(value) < 2**63 else {"__float__": repr(float(value))}
    if kind is float:
        spend(8)
        return value if math.isfinite(value) else {"__float__": repr(value)}
    if isinstance(value, (np.ndarray, np.generic)) and np.asarray(value).dtype.kind in NUMERIC_KINDS:
        array = np.array(np.asarray(value), order="C", copy=True)  # a plain ndarray, 0-d stays 0-d
        spend(array.nbytes)
        return {"__ndarray__": {"dtype": array.dtype.str, "shape": list(array.shape),
                                "data": base64.b64encode(array.tobytes()).decode("ascii"),
                                "scalar": isinstance(value, np.generic)}}
    if kind in (list, tuple):
        items = [encode(item, make_handle, budget, depth + 1) for item in value]
        return items if kind is list else {"__tuple__": items}
    if kind is dict:
        return {"__dict__": [[encode(k, make_handle, budget, depth + 1), encode(v, make_handle, budget, depth + 1)]
                             for k, v in value.items()]}
    spend(64)
    return {"__handle__": make_handle(value), "type": _type_name(value), "callable": callable(value)}


def _type_name(value):
    try:
        return str(type(value).__name__)[:100]
    except Exception:
        return "object"


def decode(data, make_remote, depth=0):
    """Rebuild a value from wire data, accepting only the schema above.

    `make_remote(handle, type_name, is_callable)` builds the stand-in for an object that stayed
    on the other side.
    """
    if depth > MAX_DEPTH:
        raise WireError("the value is nested too deeply")
    if data is None or type(data) in (bool, int, float, str):
        return data
    if type(data) is list:
        return [decode(item, make_remote, depth + 1) for item in data]
    if type(data) is not dict or len(data) not in (1, 3):
        raise WireError(f"unexpected item of type {type(data).__name__}")
    if "__float__" in data:
        text = data["__float__"]
        if text not in ("nan", "inf", "-inf") and not _looks_like_float(text):
            raise WireError(f"bad float {text!r}")
        return float(text)
    if "__tuple__" in data:
        return tuple(decode(item, make_remote, depth + 1) for item in _expect(data["__tuple__"], list))
    if "__dict__" in data:
        pairs = _expect(data["__dict__"], list)
        result = {}
        for pair in pairs:
            key, value = _expect(pair, list)
            key = decode(key, make_remote, depth + 1)
            if type(key) not in (str, int, float, bool, tuple) and key is not None:
                raise WireError("a dict key is not plain data")
            result[key] = decode(value, make_remote, depth + 1)
        return result
    if "__ndarray__" in data:
        return _decode_array(_expect(data["__ndarray__"], dict))
    if "__handle__" in data:
        handle, type_name, is_callable = data["__handle__"], data.get("type"), data.get("callable")
        if type(handle) is not int or type(type_name) is not str or type(is_callable) is not bool:
            raise WireError("bad handle")
        return make_remote(handle, type_name[:100], is_callable)
    raise WireError(f"unknown tag {sorted(data)[:3]}")


def _decode_array(spec):
    try:
        dtype = np.dtype(_expect(spec["dtype"], str))
        shape = tuple(_expect(n, int) for n in _expect(spec["shape"], list))
        raw = base64.b64decode(_expect(spec["data"], str), validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"bad array ({exc})") from None
    if dtype.kind not in NUMERIC_KINDS or dtype.fields is not None or dtype.subdtype is not None:
        raise WireError(f"arrays of dtype {dtype} are not accepted")
    if any(n < 0 for n in shape) or math.prod(shape) * dtype.itemsize != len(raw):
        raise WireError(f"array data does not fit shape {shape} and dtype {dtype}")
    array = np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
    return array[()] if spec.get("scalar") is True else array


def _looks_like_float(text):
    try:
        float(text)
        return len(text) < 40
    except ValueError:
        return False


def _expect(value, kind):
    if type(value) is not kind:
        raise WireError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def dumps(data):
    text = json.dumps(data, allow_nan=False, separators=(",", ":"))
    if len(text) > 2 * MAX_PAYLOAD_BYTES:
        raise WireError("message too large")
    return text


def loads(text):
    if type(text) is not str or len(text) > 2 * MAX_PAYLOAD_BYTES:
        raise WireError("message is not text or too large")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise WireError(f"not valid JSON ({exc})") from None


def _reject_constant(name):
    raise WireError(f"bare {name} is not allowed")
