"""Find the submissions in a folder and name their students.

The documented layouts (an LMS download is usually one of them):

- one folder per student:  SUBMISSIONS/<student_id>/<anything containing the assignment name>
  e.g. `alice/ex01_single_neuron.ipynb`, `alice/hw/ex01_single_neuron (1).ipynb`;
- one file per student:    SUBMISSIONS/<student_id><sep><assignment>.ipynb or <assignment><sep><student_id>.ipynb
  with <sep> one or more of `_ - . space`, e.g. `alice_ex01_single_neuron.ipynb`.

The assignment is the longest source-notebook name found in the file name (case-insensitive).
A file whose name contains no assignment is *unmatched*; two files for the same student and
assignment are *duplicates*, and neither is graded until one is removed. Both are reported.
Hidden files and folders (`.ipynb_checkpoints`, `.DS_Store`, `__MACOSX`) are skipped and listed.

`--pattern REGEX` replaces these rules: it is matched against the path relative to
SUBMISSIONS (with `/` separators) and must have a named group `student`, and may have a
group `assignment` (otherwise the assignment name must appear in the path).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MlpeduError

SEPARATORS = "_-. "


@dataclass
class Submission:
    student_id: str
    assignment: str
    path: Path


@dataclass
class Discovery:
    submissions: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)  # (relative path, why)
    duplicates: list = field(default_factory=list)  # (student, assignment, [relative paths])
    skipped: list = field(default_factory=list)    # hidden files and folders


def _hidden(relative):
    return any(part.startswith(".") or part == "__MACOSX" for part in relative.parts)


def _find_assignment(name, assignments):
    lowered = name.lower()
    found = [a for a in assignments if a.lower() in lowered]
    return max(found, key=len) if found else None


def identify(relative, assignments, pattern=None):
    """(student id, assignment) for a path relative to the submissions folder, or (None, why)."""
    posix = relative.as_posix()
    if pattern is not None:
        match = pattern.search(posix)
        if not match:
            return None, "does not match --pattern"
        groups = match.groupdict()
        assignment = groups.get("assignment") or _find_assignment(posix, assignments)
        if assignment not in assignments:
            return None, f"assignment {assignment!r} is not one of the source notebooks"
        student = (groups.get("student") or "").strip(SEPARATORS)
        return (student, assignment) if student else (None, "the pattern matched an empty student id")
    assignment = _find_assignment(relative.name, assignments)
    if assignment is None:
        return None, "no assignment name (" + ", ".join(sorted(assignments)) + ") in the file name"
    if len(relative.parts) > 1:
        return relative.parts[0], assignment
    stem = relative.name
    start = stem.lower().find(assignment.lower())
    before, after = stem[:start], stem[start + len(assignment):]
    after = after[: after.rfind(".")] if "." in after else after
    student = (before.strip(SEPARATORS) or after.strip(SEPARATORS)).strip(SEPARATORS)
    return (student, assignment) if student else (None, "no student id in the file name")


def discover(submissions_dir, assignments, pattern=None):
    """Walk `submissions_dir` and sort every file into submissions, unmatched, duplicates, skipped."""
    root = Path(submissions_dir)
    if not root.is_dir():
        raise MlpeduError(f"The submissions folder {root} does not exist or is not a folder.")
    compiled = None
    if pattern:
        try:
            compiled = re.compile(pattern)
        except re.error as exc:
            raise MlpeduError(f"--pattern {pattern!r} is not a valid regular expression: {exc}") from None
        if "student" not in compiled.groupindex:
            raise MlpeduError(f"--pattern {pattern!r} needs a named group (?P<student>...) for the student id.")
    result, found = Discovery(), {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink()):
        relative = path.relative_to(root)
        if _hidden(relative):
            result.skipped.append(relative.as_posix())
            continue
        if path.is_symlink():
            result.unmatched.append((relative.as_posix(), "is a symbolic link (not followed)"))
            continue
        student, assignment = identify(relative, assignments, compiled)
        if student is None:
            result.unmatched.append((relative.as_posix(), assignment))
            continue
        found.setdefault((student, assignment), []).append(path)
    for (student, assignment), paths in sorted(found.items()):
        notebooks = [p for p in paths if p.suffix.lower() == ".ipynb"]
        if len(paths) > 1 and len(notebooks) == 1:  # e.g. the notebook and its HTML export
            result.unmatched += [(p.relative_to(root).as_posix(), f"not a notebook; {notebooks[0].name} is "
                                  f"graded for {student}") for p in paths if p is not notebooks[0]]
            paths = notebooks
        if len(paths) > 1:
            result.duplicates.append((student, assignment, [p.relative_to(root).as_posix() for p in paths]))
        else:
            result.submissions.append(Submission(student, assignment, paths[0]))
    return result
