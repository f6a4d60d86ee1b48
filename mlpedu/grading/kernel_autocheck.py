"""`mlpedu.autocheck` as a student's kernel sees it while a notebook is graded.

While grading, the checks (and the reference solutions they compare with) run in the grader,
never in the student's kernel: the sandbox mounts this file in place of the real autocheck.
It has `check`, so the notebook's own cells still run, and nothing else.
"""

NOT_AVAILABLE = "is not available while grading"


class CheckFailed(AssertionError):
    """Kept so that `except CheckFailed` in a student's cell still works."""


def check(exercise, function, hidden=False):
    print(f"(while grading, the check of {exercise!r} runs in the grader)")


def __getattr__(name):
    if name.startswith("__"):
        raise AttributeError(name)
    raise AttributeError(f"mlpedu.autocheck.{name} {NOT_AVAILABLE}: the checks and their reference solutions "
                         "stay with the grader")
