"""`mlpedu start [FOLDER]`: a working copy of the course for one student, then JupyterLab on it.

The course notebooks go to FOLDER/notebooks and the student edition of the exercises to
FOLDER/exercises, side by side so that the links between them work. The student edits those
copies, never the files of a clone (whose next `git pull` would then conflict) or of the
installed package. A file that already exists in FOLDER is the student's work and is never
overwritten; running `mlpedu start` again only adds what the course gained since.

The notebooks ship inside the package (a wheel carries them in mlpedu/course/, see setup.py), so
a plain `pip install` can do this; in a clone they are read from its notebooks/ folder.
"""

import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .errors import MlpeduError
from .exercises.build import SOURCE_DIR, sources
from .exercises.editions import make_edition, read_notebook

PACKAGED_NOTEBOOKS = Path(__file__).parent / "course" / "notebooks"
CHECKOUT_NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CONVENTIONS = "CONVENTIONS.md"  # the notation contract the notebooks cite: beside notebooks/ in both places
FIRST_NOTEBOOK = "00_start_here.ipynb"
DEFAULT_FOLDER = "mlpedu-course"


@dataclass
class Copied:
    added: list = field(default_factory=list)
    kept: list = field(default_factory=list)        # already there: the student's own version stays
    unreadable: list = field(default_factory=list)  # kept, but not a notebook (an earlier copy cut short?)


def course_notebooks():
    """The folder the course notebooks are read from: the package's own copy, else the clone's."""
    for folder in (PACKAGED_NOTEBOOKS, CHECKOUT_NOTEBOOKS):
        if (folder / FIRST_NOTEBOOK).is_file():
            return folder
    raise MlpeduError(f"this installation of mlpedu has no course notebooks (looked in {PACKAGED_NOTEBOOKS} "
                      f"and {CHECKOUT_NOTEBOOKS}); reinstall it with `pip install mlpedu`, or from a clone.")


def copy_course(folder):
    """Copy the notebooks, CONVENTIONS.md and the student edition into `folder`, adding only
    missing files. Each file appears whole or not at all (written aside, then linked into place),
    so an interrupted copy leaves nothing half-written that a later run would keep as the
    student's."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise MlpeduError(f"{folder} is a file; give `mlpedu start` a folder to put the course in.")
    notebooks = course_notebooks()
    copied = Copied()
    plan = [(path, folder / "notebooks" / path.name) for path in sorted(notebooks.glob("*.ipynb"))]
    if (notebooks.parent / CONVENTIONS).is_file():
        plan.append((notebooks.parent / CONVENTIONS, folder / CONVENTIONS))
    plan += [(path, folder / "exercises" / path.name) for path in sources(SOURCE_DIR)]
    for source, target in plan:
        if target.exists() or target.is_symlink():
            copied.kept.append(target)
            if target.suffix == ".ipynb" and not _readable_notebook(target):
                copied.unreadable.append(target)
            continue
        if target.parent.exists() and not target.parent.is_dir():
            raise MlpeduError(f"{target.parent} is a file, where the course's {target.parent.name}/ folder goes: "
                              "move it away and run `mlpedu start` again.")
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent.name == "exercises":
            text = nbformat.writes(make_edition(read_notebook(source), source.name, "student")) + "\n"
        else:
            text = source.read_text(encoding="utf-8")
        if _create(target, text):
            copied.added.append(target)
        else:
            copied.kept.append(target)
    return copied


def _create(path, text):
    """Write `path` whole, or not at all, and never over a file: False if one appeared meanwhile."""
    handle, temporary = tempfile.mkstemp(prefix=".mlpedu-start-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.link(temporary, path)  # atomic, and refuses an existing path
        return True
    except FileExistsError:
        return False
    finally:
        os.unlink(temporary)


def _readable_notebook(path):
    try:
        read_notebook(path)
        return True
    except MlpeduError:  # read_notebook's word for "not a notebook"
        return False


def is_course_copy(folder):
    """A folder `mlpedu start` made: its notebooks and exercises side by side."""
    folder = Path(folder)
    return (folder / "notebooks" / FIRST_NOTEBOOK).is_file() and (folder / "exercises").is_dir()


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "start", help="copy the course into a folder of your own and open it in JupyterLab",
        description="Copy the course notebooks and the exercises (student edition) into FOLDER, never "
                    "overwriting a file that is already there, then open JupyterLab on FOLDER.")
    parser.add_argument("folder", nargs="?", default=None,
                        help=f"where your copy of the course lives (default: the current folder if it is "
                             f"one, else ./{DEFAULT_FOLDER})")
    parser.add_argument("--no-lab", action="store_true", help="only copy; do not start JupyterLab")
    parser.set_defaults(run=run)


def run(args):
    folder = Path(args.folder) if args.folder is not None else (
        Path(".") if is_course_copy(".") else Path(DEFAULT_FOLDER))  # run again from inside a copy: that copy
    try:
        copied = copy_course(folder)
    except MlpeduError as exc:
        print(f"mlpedu start: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # no permission, a read-only disk, a full disk, a name too long ...
        print(f"mlpedu start: could not write the course into {folder}: {exc.strerror or exc} "
              f"({exc.filename or folder}). Choose a folder you can write to.", file=sys.stderr)
        return 2
    print(f"{folder.resolve()}: {len(copied.added)} file(s) added, {len(copied.kept)} of yours kept as they are.")
    if copied.kept and copied.added:
        print("added: " + ", ".join(str(p.relative_to(folder)) for p in copied.added))
    for path in copied.unreadable:
        print(f"note: {path} is not a readable notebook (an earlier copy cut short?); delete it and run "
              "`mlpedu start` again for a fresh one.")
    first = Path("notebooks") / FIRST_NOTEBOOK
    if args.no_lab:
        print(f"open it with: cd {shlex.quote(str(folder))} && {shlex.quote(sys.executable)} -m jupyterlab {first}")
        return 0
    # JupyterLab's root is the student's folder, so notebooks/ and exercises/ are both reachable
    return subprocess.call([sys.executable, "-m", "jupyterlab", str(first)], cwd=folder)
