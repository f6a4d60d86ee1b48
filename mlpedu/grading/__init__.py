"""Grade a folder of student notebooks, treating every submission as possibly hostile.

    mlpedu grade SUBMISSIONS_DIR --out RESULTS_DIR [-j 2] [--resume | --force]
    mlpedu.grading.grade(submissions_dir, results_dir, source_dir=None, jobs=1, ...) -> Summary

The trust boundary
------------------
Three kinds of process, and student code runs in only one of them:

1. the batch (`runner`): finds submissions, schedules workers, enforces a wall-clock limit per
   worker, writes results atomically. Kernel output only passes through it, into the feedback
   notebook; nothing of it is interpreted.
2. a worker per submission (`judge`): rebuilds the notebook from the nbgrader source (locked
   cells and grading metadata by `grade_id`, the student's answer cells), drives the kernel,
   and runs the *test* cells and the *given* cells itself, with `exec`, in its own namespace.
3. a sandboxed kernel per submission (`sandbox`, `kernel`): runs the given cells and the
   student's cells, in a fresh temporary folder, under resource and audit limits.

Test cells (visible and hidden) never enter the kernel. When a test needs a name the grader does
not have (the student's `dense_backward`, `dL_dw`, ...), `remote` fetches it: plain data comes
back as plain data (numbers, strings, lists, dicts, numpy arrays of numeric dtype, decoded from
JSON by a strict schema); anything else stays in the kernel and the grader gets a stand-in whose
calls run there and return plain data again. So the tests, numpy, `mlpedu.autocheck` and the
references all run in a process the student never touched: monkeypatching `np.allclose` or the
checker, an `__eq__` that always says True, an ndarray subclass that lies, a rebinding of a
provided name, all stay inside the kernel and change nothing in the verdict. The grade is the
sum of the points of the test cells that ran here without an exception; nothing the kernel
prints, writes or exits with is read as a result. Names bound by the given and test cells stay
the grader's own: a student cannot replace the test inputs or a provided function.

The kernel starts with limits (see `sandbox`): memory (RLIMIT_AS), CPU time, file size; it dies
with its worker; a seccomp filter (Linux x86-64) stops it from starting any process; an audit
hook refuses writes outside its folder, reading the sources, other submissions, the results,
the other kernels' folders and other processes' /proc, ctypes and sockets. Its environment is
scrubbed and its stdout/stderr go nowhere. Each cell has a time limit (interrupt, then kill),
each notebook has one, and the batch kills a worker that overruns. A timed-out or dead kernel
fails the cells it affects, with the reason; the cells before it keep their points; the batch
goes on. Originals are only read; results are written to a temporary file and os.replace'd.

What it cannot prevent: a student who calls mlpedu's own reference functions (the library is
the course's, importable by design); reading files elsewhere that the instructor's user may
read; an escape below Python (the audit hook and seccomp filter are not a jail: for a course
with untrusted students, run the batch as an unprivileged user, in a container). Grading runs
on Linux; elsewhere the limits the platform lacks (seccomp, PDEATHSIG, RLIMIT_AS) are skipped.
"""

# Loaded on first use: the sandboxed kernel imports this package's small modules (`sandbox`,
# `kernel_side`, `wire`) and must not pay for nbformat and jupyter_client at every start.
_EXPORTS = {"Assignment": "assignment", "AssignmentError": "assignment", "load_assignment": "assignment",
            "load_assignments": "assignment", "Limits": "limits", "grade_notebook": "judge", "Summary": "runner",
            "grade": "runner", "discover": "submissions"}
__all__ = sorted(_EXPORTS)


def __getattr__(name):
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
