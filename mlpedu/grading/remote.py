"""Stand-ins in the grader for the names a student's notebook defined.

`Remote(kernel).get("layer_backward")` returns plain data (numbers, arrays, lists ...) when the
student's value is plain data, and otherwise a `RemoteObject`: calling it, or reading an attribute,
runs in the student's kernel and brings back plain data again. Arguments travel the other way;
a grader function passed as an argument (say the `f` of a student's numerical gradient) stays in
the grader and the kernel calls back through `input()`.

Failures inside the student's code arrive as `StudentError` (an ordinary Exception, so the
checks report it like any error of the student's function). A time-out or a dead kernel raises
`SandboxFailure`, and the grader fails the cell whatever the test code did with the exception.
"""

import builtins
import secrets
import time

from . import wire
from .kernel_side import CALLBACK_PROMPT, RESULT_MIME


class StudentError(Exception):
    """The student's code raised an exception; str() is 'TypeName: message'."""

    def __init__(self, type_name, message, traceback_text=""):
        Exception.__init__(self, message)
        self.type_name, self.message, self.student_traceback = type_name, message, traceback_text

    def __str__(self):
        return self.message


_STUDENT_ERROR_TYPES = {}


def student_error(type_name, message, traceback_text=""):
    """A StudentError that is also the builtin exception it names (NotImplementedError, ValueError ...),
    so checks that look at the kind of error still can; unknown names give a plain StudentError."""
    builtin = getattr(builtins, type_name, None)
    if not (isinstance(builtin, type) and issubclass(builtin, Exception)) or issubclass(builtin, StudentError):
        return StudentError(type_name, message, traceback_text)
    try:
        if type_name not in _STUDENT_ERROR_TYPES:
            _STUDENT_ERROR_TYPES[type_name] = type(type_name, (StudentError, builtin),
                                                   {"__str__": StudentError.__str__})
        return _STUDENT_ERROR_TYPES[type_name](type_name, message, traceback_text)
    except TypeError:  # an exception type that cannot be combined
        return StudentError(type_name, message, traceback_text)


class SandboxFailure(Exception):
    """The student's kernel timed out or died while the grader was using it."""


class RemoteObject:
    """An object that lives in the student's kernel. Only calls and attribute reads pass through."""

    __slots__ = ("_remote", "_handle", "_type_name", "_callable")

    def __init__(self, remote, handle, type_name, is_callable):
        self._remote, self._handle = remote, handle
        self._type_name, self._callable = type_name, is_callable

    def __call__(self, *args, **kwargs):
        if not self._callable:
            raise TypeError(f"the student's {self._type_name} object is not callable")
        return self._remote.request({"op": "call", "handle": self._handle, "args": args, "kwargs": kwargs})

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._remote.request({"op": "getattr", "handle": self._handle, "name": name})

    def __repr__(self):
        return f"<student's {self._type_name} object>"

    # Comparisons, truth and conversions deliberately stay the grader's own: an object whose
    # __eq__ says True, or that poses as an array, cannot answer for itself here.
    __eq__ = object.__eq__
    __hash__ = object.__hash__

    def __bool__(self):
        raise TypeError(f"the student's function returned a {self._type_name} object, not plain data")


def _parse(display_data):
    """A result the kernel published, or None if it is not one (or not readable)."""
    try:
        return wire.loads(display_data.get(RESULT_MIME))
    except wire.WireError:
        return None


class Remote:
    """The grader's connection to one student kernel."""

    def __init__(self, kernel, deadline_fn):
        self.kernel, self.deadline_fn = kernel, deadline_fn
        self.failure = None  # the first SandboxFailure, so the cell fails even if a check swallowed it

    def get(self, name):
        """The student's global `name`; KeyError if the notebook did not define it."""
        return self.request({"op": "get", "name": name})

    def request(self, request):
        if self.failure is not None:
            raise SandboxFailure(self.failure)
        nonce = secrets.token_hex(8)
        callbacks = {}
        encoded = dict(request)
        for key in ("args", "kwargs"):
            if key in request:
                encoded[key] = wire.encode(request[key] if key == "kwargs" else list(request[key]),
                                           lambda obj: self._outgoing_handle(obj, callbacks))
        code = ("__import__('mlpedu.grading.kernel_side', fromlist=['serve']).serve("
                f"{nonce!r}, {wire.dumps(encoded)!r}, globals())")
        timeout = self.deadline_fn() - time.monotonic()
        if timeout <= 0:
            return self._fail("it ran out of time")
        execution = self.kernel.run(code, timeout, lambda prompt: self._answer_callback(prompt, nonce, callbacks))
        if execution.died:
            return self._fail(f"the kernel died ({self.kernel.dead_reason})")
        if execution.timed_out:
            return self._fail(f"it ran past the time limit (the test had {timeout:.1f} s left of its cell's limit; "
                              "an endless loop?)")
        replies = [r for r in map(_parse, execution.results) if type(r) is dict and r.get("nonce") == nonce]
        if not replies:
            raise StudentError("NoAnswer", "the student's code did not let the grader read a result"
                               + (f" ({execution.error['ename']}: {execution.error['evalue']})"
                                  if execution.error else ""))
        reply = replies[-1]
        if "missing" in reply:
            raise KeyError(request.get("name"))
        if "error" in reply:
            error = reply["error"]
            if type(error) is not dict:
                raise StudentError("BadAnswer", "the kernel sent an unreadable error report")
            raise student_error(str(error.get("type"))[:100], str(error.get("message"))[:2000],
                                str(error.get("traceback"))[:4000])
        try:
            return wire.decode(reply["ok"], lambda h, t, c: RemoteObject(self, h, t, c))
        except (KeyError, wire.WireError) as exc:
            raise StudentError("BadAnswer", f"the value could not be read as plain data ({exc})") from None

    def _fail(self, why):
        self.failure = why
        raise SandboxFailure(why)

    def _outgoing_handle(self, obj, callbacks):
        if isinstance(obj, RemoteObject):
            if obj._remote is not self:
                raise TypeError("an object from another kernel cannot be passed here")
            return obj._handle
        if callable(obj):
            callbacks[len(callbacks) + 1] = obj
            return -len(callbacks)  # negative handles are grader functions, called back
        raise TypeError(f"a {type(obj).__name__} cannot be passed to the student's code")

    def _answer_callback(self, prompt, nonce, callbacks):
        """Run a grader function the student's code called back, on plain-data arguments."""
        try:
            request = wire.loads(prompt[len(CALLBACK_PROMPT):])
            if type(request) is not dict or request.get("nonce") != nonce:
                raise wire.WireError("stale callback")
            function = callbacks[request["callback"]]
            make = lambda h, t, c: RemoteObject(self, h, t, c)  # noqa: E731
            args = wire.decode(request["args"], make)
            kwargs = wire.decode(request["kwargs"], make)
            if type(args) is not list or type(kwargs) is not dict:
                raise wire.WireError("bad callback arguments")
            value = function(*args, **kwargs)
            return wire.dumps({"ok": wire.encode(value, lambda obj: self._reject(obj))})
        except Exception as exc:  # reported to the student's code as an error of the call
            return wire.dumps({"error": f"{type(exc).__name__}: {exc}"[:500]})

    @staticmethod
    def _reject(obj):
        raise TypeError(f"a {type(obj).__name__} cannot be sent to the student's code")
