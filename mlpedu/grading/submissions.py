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
Anything that is not a regular readable file (a symbolic link, a FIFO, a device, a socket, a file
or folder without read permission) is listed as unmatched with its reason, and never followed or
opened; `read_regular_file` reads a submission with the same rules, in case it was swapped since.

`--pattern REGEX` replaces these rules: it is matched against the path relative to
SUBMISSIONS (with `/` separators) and must have a named group `student`, and may have a
group `assignment` (otherwise the assignment name must appear in the path).
"""

import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MlpeduError

SEPARATORS = "_-. "
_NOT_FILES = [(stat.S_ISLNK, "is a symbolic link (not followed)"),
              (stat.S_ISFIFO, "is a named pipe (FIFO), not a file (not opened)"),
              (stat.S_ISCHR, "is a character device, not a file (not opened)"),
              (stat.S_ISBLK, "is a block device, not a file (not opened)"),
              (stat.S_ISSOCK, "is a socket, not a file (not opened)"),
              (stat.S_ISDIR, "is a folder, not a file")]


class UnreadableFile(MlpeduError):
    """A path that is not a regular file, or cannot be read; `reason` says why, in a few words."""

    def __init__(self, path, reason):
        super().__init__(f"{path} {reason}")
        self.path, self.reason = path, reason


def not_a_file(mode):
    """Why an entry with this (lstat) mode is not a regular file, or None if it is one."""
    if stat.S_ISREG(mode):
        return None
    return next((why for test, why in _NOT_FILES if test(mode)), "is not a regular file (not opened)")


def _os_reason(exc, action="read"):
    if exc.errno in (errno.ELOOP, errno.EMLINK):  # O_NOFOLLOW met a link (EMLINK on FreeBSD)
        return "is a symbolic link (not followed)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot be {action}: permission denied"
    if exc.errno == errno.ENOENT:
        return "no longer exists"
    return f"cannot be {action}: {exc.strerror or exc}"


def read_regular_file(path, max_bytes):
    """The bytes of `path`, at most max_bytes + 1 (more than max_bytes means: too large).

    Raises UnreadableFile unless `path` is a regular file we may read. A link is never followed and
    a FIFO or device never opened: checked before opening (lstat), refused while opening (O_NOFOLLOW,
    O_NONBLOCK: a FIFO cannot block us) and checked again on the open file (fstat), in case the file
    was swapped in between.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK
    for name in ("O_NOFOLLOW", "O_CLOEXEC", "O_NOCTTY"):
        flags |= getattr(os, name, 0)
    try:
        why = not_a_file(os.lstat(path).st_mode)
        if why:
            raise UnreadableFile(path, why)
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnreadableFile(path, _os_reason(exc)) from None
    try:
        why = not_a_file(os.fstat(fd).st_mode)
        if why:
            raise UnreadableFile(path, why)
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 2**20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UnreadableFile(path, _os_reason(exc)) from None
    finally:
        os.close(fd)


@dataclass
class Submission:
    student_id: str
    assignment: str
    path: Path
    timestamp: str | None = None  # from nbgrader's timestamp.txt beside it (ISO 8601); None without one


@dataclass
class Discovery:
    submissions: list = field(default_factory=list)
    unmatched: list = field(default_factory=list)  # (relative path, why)
    duplicates: list = field(default_factory=list)  # (student, assignment, [relative paths])
    skipped: list = field(default_factory=list)    # hidden files and folders


def _walk(root):
    """Sorted (path, why) for every entry under `root` but folders; why is None for a regular file
    we can read. Links are listed, never followed; a folder that cannot be listed is listed too."""
    entries, folders = [], [root]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                children = list(listing)
        except OSError as exc:
            if folder == root:
                raise MlpeduError(f"The submissions folder {root} cannot be listed: {exc.strerror}.") from None
            entries.append((folder, _os_reason(exc, "listed")))
            continue
        for entry in children:
            path = Path(entry.path)
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                entries.append((path, _os_reason(exc)))
                continue
            if stat.S_ISDIR(mode):
                folders.append(path)
            elif not_a_file(mode):
                entries.append((path, not_a_file(mode)))
            else:
                try:
                    read_regular_file(path, 0)  # can we read it? (opening a regular file is harmless)
                    entries.append((path, None))
                except UnreadableFile as exc:
                    entries.append((path, exc.reason))
    return sorted(entries, key=lambda entry: entry[0])


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
    result, found, timestamps = Discovery(), {}, {}
    for path, why in _walk(root):
        relative = path.relative_to(root)
        if _hidden(relative):
            result.skipped.append(relative.as_posix())
            continue
        if why:
            result.unmatched.append((relative.as_posix(), why))
            continue
        if relative.name == TIMESTAMP_FILE:  # nbgrader's submitted/<student>/<assignment>/timestamp.txt
            timestamps[path.parent] = path
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
    _attach_timestamps(result, timestamps, root)
    return result


TIMESTAMP_FILE = "timestamp.txt"


def _attach_timestamps(result, timestamps, root):
    """Give each submission the time in the timestamp.txt beside it; list those that say no time."""
    used = set()
    for submission in result.submissions:
        path = timestamps.get(submission.path.parent)
        if path is None:
            continue
        used.add(path)
        try:
            submission.timestamp = parse_timestamp(read_regular_file(path, 200).decode("utf-8", "replace"))
        except (UnreadableFile, ValueError) as exc:
            result.unmatched.append((path.relative_to(root).as_posix(), f"not read as a submission time ({exc}); "
                                                                        "the notebook's file time is used"))
    result.unmatched += [(p.relative_to(root).as_posix(), "a timestamp.txt with no submitted notebook beside it")
                         for p in sorted(set(timestamps.values()) - used)]


def parse_timestamp(text):
    """An nbgrader timestamp ("2024-01-31 12:34:56.123456 UTC", a zone name or offset, or none: UTC)
    as an ISO 8601 time with its offset."""
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = text.strip()
    if len(text) > 100:
        raise ValueError("too long for a time")
    try:
        moment = datetime.fromisoformat(text.replace(" UTC", "+00:00").replace(" GMT", "+00:00"))
    except ValueError:
        clock, _, zone = text.rpartition(" ")
        try:
            moment = datetime.fromisoformat(clock).replace(tzinfo=ZoneInfo(zone))
        except (ValueError, ZoneInfoNotFoundError):
            raise ValueError(f"{text[:60]!r} is not a time nbgrader writes") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()
