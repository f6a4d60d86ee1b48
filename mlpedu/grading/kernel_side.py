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


def serve(nonce, request_text, user_namespace):
    """Answer one request from the grader: `get` a global name, `getattr`, or `call` a handle."""
    try:
        request = wire.loads(request_text)
        op = request["op"]
        if op == "get":
            if request["name"] not in user_namespace:
                _publish(nonce, {"missing": request["name"]})
                return
            value = user_namespace[request["name"]]
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
