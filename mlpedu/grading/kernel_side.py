"""The grader's helper inside a student's kernel: look a name up, call a function, ship the result.

Runs in the untrusted process, so the student can replace any of it. That is fine: all it can
do is change what the grader receives as the student's answer, which the grader then checks
with its own code (see `mlpedu.grading` for the trust boundary).
"""

import itertools
import traceback

from . import wire

RESULT_MIME = "application/vnd.mlpedu.grading+json"
CALLBACK_PROMPT = "\x00mlpedu-callback:"

_handles = {}
_next_handle = itertools.count(1)


def _store(obj):
    handle = next(_next_handle)
    _handles[handle] = obj
    return handle


def _publish(nonce, payload):
    from IPython.display import publish_display_data

    payload["nonce"] = nonce
    publish_display_data({RESULT_MIME: wire.dumps(payload)})


def _callback_stub(nonce, callback_id):
    """A stand-in for a grader function passed as an argument: ask the grader to run it."""
    from IPython import get_ipython

    kernel = get_ipython().kernel

    def call_grader(*args, **kwargs):
        request = {"nonce": nonce, "callback": callback_id,
                   "args": wire.encode(list(args), _store), "kwargs": wire.encode(kwargs, _store)}
        reply = wire.loads(kernel.raw_input(CALLBACK_PROMPT + wire.dumps(request)))
        if "error" in reply:
            raise RuntimeError(f"the grader's function raised {reply['error']}")
        return wire.decode(reply["ok"], _callback_remote)

    call_grader.__name__ = f"grader_function_{callback_id}"
    return call_grader


def _callback_remote(handle, type_name, is_callable):
    return _handles[handle]


# ---- what the check of a training loop watches (mlpedu.autocheck, exercise 12.7): the same code on
# a student's own machine and, while grading, here in the student's kernel

_watched = {}   # (id of the namespace, name) → (the student's function, the X of each call)
_global_rng = []  # numpy's global state before the check, then the state the check set


def watch(namespace, name):
    """Record the X (third argument) of every call to namespace[name]; False if it is not a function."""
    original = namespace.get(name)
    if not callable(original) or (id(namespace), name) in _watched:
        return False
    calls = []

    def watched(*args, **kwargs):
        calls.append(args[2] if len(args) > 2 else kwargs.get("X"))
        return original(*args, **kwargs)
    _watched[id(namespace), name] = (original, calls)
    namespace[name] = watched
    return True


def unwatch(namespace, name):
    """Put the student's function back; the X of each call made meanwhile."""
    original, calls = _watched.pop((id(namespace), name))
    namespace[name] = original
    return calls


def seed_global_rng(seed):
    """Set numpy's global generator to a known state, keeping the state it had."""
    import numpy

    _global_rng[:] = [numpy.random.get_state()]
    numpy.random.seed(seed)
    _global_rng.append(numpy.random.get_state())


def global_rng_used():
    """Whether numpy's global generator moved since seed_global_rng; its old state is put back."""
    import numpy

    kept, seeded = _global_rng
    now = numpy.random.get_state()
    numpy.random.set_state(kept)
    return not (numpy.array_equal(now[1], seeded[1]) and tuple(now[2:]) == tuple(seeded[2:]))


def serve(nonce, request_text, user_namespace):
    """Answer one request from the grader: `get` a global name, `getattr`, or `call` a handle (or
    `watch`/`unwatch` a function, `seed_global_rng`/`global_rng_used`, for the check of a training loop)."""
    try:
        request = wire.loads(request_text)
        op = request["op"]
        if op == "get":
            if request["name"] not in user_namespace:
                _publish(nonce, {"missing": request["name"]})
                return
            value = user_namespace[request["name"]]
        elif op in ("watch", "unwatch"):
            value = (watch if op == "watch" else unwatch)(user_namespace, str(request["name"]))
        elif op == "seed_global_rng":
            value = seed_global_rng(int(request["seed"]))
        elif op == "global_rng_used":
            value = global_rng_used()
        else:
            target = _handles[request["handle"]]
            if op == "getattr":
                value = getattr(target, request["name"])
            elif op == "call":
                def restore(handle, type_name, is_callable):
                    if handle < 0:  # a grader function: call back through input()
                        return _callback_stub(nonce, -handle)
                    return _handles[handle]
                args = wire.decode(request["args"], restore)
                kwargs = wire.decode(request["kwargs"], restore)
                value = target(*args, **kwargs)
            else:
                raise ValueError(f"unknown request {op!r}")
        payload = {"ok": wire.encode(value, _store)}
    except BaseException as exc:  # the student's error (or interrupt) is reported, never raised here
        if isinstance(exc, KeyboardInterrupt):
            raise
        lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
        payload = {"error": {"type": type(exc).__name__[:100], "message": str(exc)[:2000],
                             "traceback": "".join(lines[-6:])[-4000:]}}
    _publish(nonce, payload)
