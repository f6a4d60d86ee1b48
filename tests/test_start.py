"""`mlpedu start`: a student's own copy of the course, never overwriting their work, from a clone
or from the notebooks a wheel carries inside the package."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mlpedu import lessons, start
from mlpedu.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))


def test_a_new_folder_gets_the_course_and_the_student_edition_as_committed(tmp_path):
    copied = start.copy_course(tmp_path / "course")
    assert len(copied.added) == len(NOTEBOOKS) + len(EXERCISES) and not copied.kept
    for folder, names in (("notebooks", NOTEBOOKS), ("exercises", EXERCISES)):
        for name in names:
            mine, committed = tmp_path / "course" / folder / name, ROOT / folder / name
            assert mine.read_bytes() == committed.read_bytes(), f"{folder}/{name} differs from the committed one"


def test_the_students_own_files_are_never_overwritten_and_missing_ones_are_added(tmp_path):
    folder = tmp_path / "course"
    start.copy_course(folder)
    answer = folder / "exercises" / EXERCISES[0]
    answer.write_text("my answers, half done", encoding="utf-8")
    edited = folder / "notebooks" / NOTEBOOKS[1]
    edited.write_text("my notes", encoding="utf-8")
    (folder / "notebooks" / NOTEBOOKS[2]).unlink()  # deleted by the student, or new in the course
    copied = start.copy_course(folder)
    assert answer.read_text(encoding="utf-8") == "my answers, half done"
    assert edited.read_text(encoding="utf-8") == "my notes"
    assert copied.added == [folder / "notebooks" / NOTEBOOKS[2]], copied.added
    assert answer in copied.kept and edited in copied.kept


def test_a_symlink_in_the_way_is_left_alone_not_followed(tmp_path):
    folder = tmp_path / "course"
    (folder / "notebooks").mkdir(parents=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("not the course's", encoding="utf-8")
    (folder / "notebooks" / NOTEBOOKS[0]).symlink_to(outside)
    dangling = folder / "notebooks" / NOTEBOOKS[1]
    dangling.symlink_to(tmp_path / "nowhere.ipynb")
    copied = start.copy_course(folder)
    assert outside.read_text(encoding="utf-8") == "not the course's"
    assert not (tmp_path / "nowhere.ipynb").exists(), "a dangling link was followed and written through"
    assert dangling in copied.kept


def test_links_between_the_copied_notebooks_and_exercises_resolve(tmp_path):
    folder = tmp_path / "course"
    start.copy_course(folder)
    for notebook in sorted((folder / "notebooks").glob("*.ipynb")):
        for target in re.findall(r"\]\((\.\./exercises/[^)#\s]+|[0-9][^)#\s/]*\.ipynb)", notebook.read_text(encoding="utf-8")):
            assert (notebook.parent / target).is_file(), f"{notebook.name} links to {target}, missing in the copy"
    for mistake, (taught_in, _) in lessons.TAUGHT_IN.items():  # the autochecks' "read again: ../notebooks/…"
        assert (folder / "notebooks" / f"{taught_in}.ipynb").is_file(), f"{mistake}: {taught_in} not in the copy"


def test_a_file_where_the_folder_should_be_is_named(tmp_path, capsys):
    (tmp_path / "course").write_text("", encoding="utf-8")
    assert main(["start", str(tmp_path / "course"), "--no-lab"]) == 2
    assert "is a file; give `mlpedu start` a folder" in capsys.readouterr().err


def test_the_command_reports_and_then_opens_jupyterlab_on_the_copy(tmp_path, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda command, cwd: calls.append((command, cwd)) or 0)
    assert main(["start", str(tmp_path / "course")]) == 0
    out = capsys.readouterr().out
    assert f"{len(NOTEBOOKS) + len(EXERCISES)} file(s) added, 0 of yours kept" in out, out
    assert calls == [([sys.executable, "-m", "jupyterlab", str(Path("notebooks") / "00_start_here.ipynb")],
                      tmp_path / "course")], calls
    assert main(["start", str(tmp_path / "course"), "--no-lab"]) == 0 and len(calls) == 1
    assert f"0 file(s) added, {len(NOTEBOOKS) + len(EXERCISES)} of yours kept" in capsys.readouterr().out


def test_a_built_package_carries_the_notebooks_and_start_copies_from_there(tmp_path, monkeypatch):
    """What a wheel holds: setup.py's build step puts notebooks/ into mlpedu/course/notebooks."""
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "-d", str(tmp_path / "lib")], cwd=ROOT,
                   check=True, capture_output=True)
    packaged = tmp_path / "lib" / "mlpedu" / "course" / "notebooks"
    assert sorted(p.name for p in packaged.glob("*.ipynb")) == NOTEBOOKS
    monkeypatch.setattr(start, "PACKAGED_NOTEBOOKS", packaged)
    monkeypatch.setattr(start, "CHECKOUT_NOTEBOOKS", tmp_path / "no-clone")
    assert start.course_notebooks() == packaged
    start.copy_course(tmp_path / "course")
    assert sorted(p.name for p in (tmp_path / "course" / "notebooks").glob("*.ipynb")) == NOTEBOOKS


def test_an_installation_without_the_notebooks_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(start, "PACKAGED_NOTEBOOKS", tmp_path / "a")
    monkeypatch.setattr(start, "CHECKOUT_NOTEBOOKS", tmp_path / "b")
    with pytest.raises(start.MlpeduError, match="has no course notebooks"):
        start.copy_course(tmp_path / "course")
