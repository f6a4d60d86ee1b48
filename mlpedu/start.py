"""`mlpedu start [FOLDER]`: a working copy of the course for one student, then JupyterLab on it.

The course notebooks go to FOLDER/notebooks and the student edition of the exercises to
FOLDER/exercises, side by side so that the links between them work. The student edits those
copies, never the files of a clone (whose next `git pull` would then conflict) or of the
installed package. A file that already exists in FOLDER is the student's work and is never
overwritten; running `mlpedu start` again only adds what the course gained since.

The notebooks ship inside the package (a wheel carries them in mlpedu/course/, see setup.py), so
a plain `pip install` can do this; in a clone they are read from its notebooks/ folder.
"""

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .errors import MlpeduError
from .exercises.build import SOURCE_DIR, sources
from .exercises.editions import make_edition, read_notebook

PACKAGED_NOTEBOOKS = Path(__file__).parent / "course" / "notebooks"
CHECKOUT_NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
FIRST_NOTEBOOK = "00_start_here.ipynb"
DEFAULT_FOLDER = "mlpedu-course"


@dataclass
class Copied:
    added: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # already there: the student's own version stays


def course_notebooks():
    """The folder the course notebooks are read from: the package's own copy, else the clone's."""
    for folder in (PACKAGED_NOTEBOOKS, CHECKOUT_NOTEBOOKS):
        if (folder / FIRST_NOTEBOOK).is_file():
            return folder
    raise MlpeduError(f"this installation of mlpedu has no course notebooks (looked in {PACKAGED_NOTEBOOKS} "
                      f"and {CHECKOUT_NOTEBOOKS}); reinstall it with `pip install mlpedu`, or from a clone.")


def copy_course(folder):
    """Copy the notebooks and the student edition into `folder`, adding only missing files."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise MlpeduError(f"{folder} is a file; give `mlpedu start` a folder to put the course in.")
    copied = Copied()
    plan = [(path, folder / "notebooks" / path.name) for path in sorted(course_notebooks().glob("*.ipynb"))]
    plan += [(path, folder / "exercises" / path.name) for path in sources(SOURCE_DIR)]
    for source, target in plan:
        if target.exists() or target.is_symlink():
            copied.kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as file:  # "x": never replace a file that appeared meanwhile
            if target.parent.name == "exercises":
                nbformat.write(make_edition(read_notebook(source), source.name, "student"), file)
            else:
                file.write(source.read_text(encoding="utf-8"))
        copied.added.append(target)
    return copied


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "start", help="copy the course into a folder of your own and open it in JupyterLab",
        description="Copy the course notebooks and the exercises (student edition) into FOLDER, never "
                    "overwriting a file that is already there, then open JupyterLab on FOLDER.")
    parser.add_argument("folder", nargs="?", default=DEFAULT_FOLDER,
                        help=f"where your copy of the course lives (default: ./{DEFAULT_FOLDER})")
    parser.add_argument("--no-lab", action="store_true", help="only copy; do not start JupyterLab")
    parser.set_defaults(run=run)


def run(args):
    try:
        copied = copy_course(args.folder)
    except MlpeduError as exc:
        print(f"mlpedu start: {exc}", file=sys.stderr)
        return 2
    folder = Path(args.folder)
    print(f"{folder}: {len(copied.added)} file(s) added, {len(copied.kept)} of yours kept as they are.")
    if copied.kept and copied.added:
        print("added: " + ", ".join(str(p.relative_to(folder)) for p in copied.added))
    first = Path("notebooks") / FIRST_NOTEBOOK
    if args.no_lab:
        print(f"open it with: cd {folder} && jupyter lab {first}")
        return 0
    # JupyterLab's root is the student's folder, so notebooks/ and exercises/ are both reachable
    return subprocess.call([sys.executable, "-m", "jupyterlab", str(first)], cwd=folder)

