"""Grade a folder of student notebooks, treating every submission as possibly hostile.

    mlpedu grade SUBMISSIONS_DIR --out RESULTS_DIR [-j 2] [--resume | --force] [--roster ...] [--shard K/N]
    mlpedu.grading.grade(submissions_dir, results_dir, source_dir=None, jobs=1, ...) -> Summary

Around it, the instructor's loop: `gradebook` (roster, due dates, late penalties, nbgrader's export
format), `review` (hand-graded cells: review pages, `mlpedu marks`), `classreport` (what the class
got wrong), `release` (`mlpedu feedback`: a zip per student), `shards` (`--shard K/N`, `mlpedu merge`). They read the records grading wrote
and never change them.

The trust boundary
------------------
Student code runs only in the kernel, and the kernel runs in an operating-system sandbox
(`bubblewrap`): namespaces of its own (user with no capabilities, PID, IPC, UTS, network: no
network at all), a file system built from nothing with the system and Python read-only, a
student's view of mlpedu (no exercise sources, no reference solutions: `mlpedu.autocheck` there
is a stand-in with `check` only), and size-limited tmpfs for its working folder, /tmp, home and
its ZeroMQ sockets, which the worker reaches from outside through /proc/<pid>/root without
following links. Nothing on the host is writable from inside. The sources, results, other
submissions, the real package and the grader's processes do not exist in there. Inside, seccomp
(no processes, no memory outside the address-space limit), resource limits and an audit hook
(`sandbox`) are inner layers. Without bubblewrap, grading refuses to start
unless `--no-os-sandbox`, which the summary and the gradebook's `sandbox` column then say.

Three kinds of process:
1. the batch (`runner`): finds submissions (regular files only; links, FIFOs and devices are
   listed, never opened), schedules workers with a wall-clock limit each, and alone writes the
   results folder, atomically. The gradebook is built from this run's records and from earlier
   records at their own `record_path` that pass a schema check; anything else is listed.
2. a worker per submission (`judge`), under an address-space limit: rebuilds the notebook from
   the nbgrader source (`assignment.merge`: locked cells and grading metadata from the source by
   `grade_id`; answer cells always the student's own text, whatever its type; solutions and
   hidden tests never shown), drives the kernel, and runs the test and given cells itself. A
   name a given or test cell binds is never fetched from the kernel; a given cell that fails
   here stops the tests (status error).
3. the kernel (`kernel`, `sandbox`): runs the given cells and the student's cells. Its output is
   capped per message, per cell and per notebook; the clock is checked while output is read.

Test cells (visible and hidden) never enter the kernel. When a test needs a name the grader does
not have (the student's `dense_backward`, `dL_dw`, ...), `remote` fetches it: plain data comes
back as plain data (numbers, strings, lists, dicts, numpy arrays of numeric dtype, decoded from
JSON by a strict schema); anything else stays in the kernel and the grader gets a stand-in whose
calls run there and return plain data again. So the tests, numpy, `mlpedu.autocheck` and the
references all run in a process the student never touched: monkeypatching `np.allclose` or the
checker, an `__eq__` that always says True, an ndarray subclass that lies, a rebinding of a
provided name, all stay inside the kernel and change nothing in the verdict. The grade is the
sum of the points of the test cells that ran in the grader without an exception; nothing the
kernel prints, writes or exits with is read as a result.

Each cell has a time limit (interrupt, then kill), each notebook has one, and the batch kills a
worker that overruns. A timed-out or dead kernel, or a worker stopped by its own limits, is an
*incident* of that submission: the cells before it keep their points, the batch goes on. A bug
in the grader is an *error*. Originals are only read; results go to a temporary file, then
os.replace. An answer that reaches for grader-only names (`*_reference`, `mlpedu.exercises`)
is noted in the gradebook's tampering column.

What it does not cover: the course library is in the kernel by design, and the references are
made of it, so an answer that calls `mlpedu.Dense` earns its points (and is noted); a student's
function sees the hidden tests' inputs when called (as in nbgrader) and may print them into its
own feedback. Bubblewrap needs Linux with unprivileged user namespaces (not macOS, not most
containers). Graded as root, the kernel is root of its own user namespace with every capability
dropped and only read-only system folders in view, but Linux does not hold root to the thread
limit: compiled code a student brings could use up the machine's process ids. Run the batch as
an unprivileged user.
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
