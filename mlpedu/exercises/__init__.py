"""The exercises: source notebooks (nbgrader format) and the generator of their two editions.

    mlpedu exercises build            # write solutions/ and exercises/ in the current folder
    mlpedu exercises build --check    # report editions that drifted from their sources

The autochecks the notebooks call live in `mlpedu.autocheck`.
"""

from .build import SOURCE_DIR, build, check
from .editions import MarkerError, make_edition, validate

__all__ = ["SOURCE_DIR", "build", "check", "MarkerError", "make_edition", "validate"]
