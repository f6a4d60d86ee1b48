"""`mlpedu start`: a student's own copy of the course, never overwriting their work, from a clone
or from the notebooks a wheel carries inside the package."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from mlpedu import lessons, start
from mlpedu.cli import main

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted(p.name for p in (ROOT / "exercises").glob("*.ipynb"))
N_FILES = len(NOTEBOOKS) + 1 + len(EXERCISES)  # and CONVENTIONS.md, which the notebooks cite


def test_a_new_folder_gets_the_course_and_the_student_edition_as_committed(tmp_path):
    copied = start.copy_course(tmp_path / "course")
    assert len(copied.added) == N_FILES and not copied.kept
    assert (tmp_path / "course" / "CONVENTIONS.md").read_bytes() == (ROOT / "CONVENTIONS.md").read_bytes()
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
    assert f"{N_FILES} file(s) added, 0 of yours kept" in out, out
    assert calls == [([sys.executable, "-m", "jupyterlab", str(Path("notebooks") / "00_start_here.ipynb")],
                      tmp_path / "course")], calls
    assert main(["start", str(tmp_path / "course"), "--no-lab"]) == 0 and len(calls) == 1
    assert f"0 file(s) added, {N_FILES} of yours kept" in capsys.readouterr().out


def test_a_built_package_carries_the_notebooks_and_start_copies_from_there(tmp_path, monkeypatch):
    """What a wheel holds: setup.py's build step puts notebooks/ into mlpedu/course/notebooks."""
    subprocess.run([sys.executable, "setup.py", "-q", "build_py", "-d", str(tmp_path / "lib")], cwd=ROOT,
                   check=True, capture_output=True)
    packaged = tmp_path / "lib" / "mlpedu" / "course" / "notebooks"
    assert sorted(p.name for p in packaged.glob("*.ipynb")) == NOTEBOOKS
    assert (packaged.parent / "CONVENTIONS.md").is_file(), "the wheel must carry the notation the notebooks cite"
    monkeypatch.setattr(start, "PACKAGED_NOTEBOOKS", packaged)
    monkeypatch.setattr(start, "CHECKOUT_NOTEBOOKS", tmp_path / "no-clone")
    assert start.course_notebooks() == packaged
    start.copy_course(tmp_path / "course")
    assert sorted(p.name for p in (tmp_path / "course" / "notebooks").glob("*.ipynb")) == NOTEBOOKS
    assert (tmp_path / "course" / "CONVENTIONS.md").is_file()


def test_an_installation_without_the_notebooks_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(start, "PACKAGED_NOTEBOOKS", tmp_path / "a")
    monkeypatch.setattr(start, "CHECKOUT_NOTEBOOKS", tmp_path / "b")
    with pytest.raises(start.MlpeduError, match="has no course notebooks"):
        start.copy_course(tmp_path / "course")


def test_an_interrupted_copy_leaves_no_half_written_file(tmp_path, monkeypatch):
    """Ctrl-C or a full disk in the middle of a file: that file is absent, so the next run adds it
    (once, an empty exercise was kept for ever as "yours")."""
    folder = tmp_path / "course"
    real_link, calls = start.os.link, []

    def interrupted(source, target):
        calls.append(target)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real_link(source, target)
    monkeypatch.setattr(start.os, "link", interrupted)
    with pytest.raises(KeyboardInterrupt):
        start.copy_course(folder)
    monkeypatch.setattr(start.os, "link", real_link)
    written = sorted(p for p in folder.rglob("*") if p.is_file())
    assert len(written) == 2 and all(p.stat().st_size > 0 for p in written), written
    assert not list(folder.rglob(".mlpedu-start-*")), "a temporary file was left behind"
    copied = start.copy_course(folder)
    assert len(copied.added) == N_FILES - 2 and len(copied.kept) == 2 and not copied.unreadable


def test_a_file_cut_short_earlier_is_kept_but_named(tmp_path, capsys):
    folder = tmp_path / "course"
    start.copy_course(folder)
    (folder / "exercises" / EXERCISES[0]).write_text("", encoding="utf-8")
    assert main(["start", str(folder), "--no-lab"]) == 0
    out = capsys.readouterr().out
    assert f"{EXERCISES[0]} is not a readable notebook" in out and "delete it" in out, out


@pytest.mark.parametrize("blocker", ["notebooks", "exercises"])
def test_a_file_where_a_course_folder_goes_is_named_and_nothing_is_half_done(tmp_path, capsys, blocker):
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / blocker).write_text("mine", encoding="utf-8")
    assert main(["start", str(folder), "--no-lab"]) == 2
    err = capsys.readouterr().err
    assert f"{folder / blocker} is a file" in err and "Traceback" not in err, err
    assert (folder / blocker).read_text(encoding="utf-8") == "mine"


def test_an_unwritable_folder_is_a_message_not_a_traceback(tmp_path, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "course"))
    monkeypatch.setattr(start.tempfile, "mkstemp", refuse)
    assert main(["start", str(tmp_path / "course"), "--no-lab"]) == 2
    err = capsys.readouterr().err
    assert "could not write the course into" in err and "Permission denied" in err and "Traceback" not in err, err


def test_run_again_from_inside_a_copy_it_updates_that_copy_not_a_nested_one(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "course"
    start.copy_course(folder)
    monkeypatch.chdir(folder)
    assert main(["start", "--no-lab"]) == 0
    assert not (folder / start.DEFAULT_FOLDER).exists(), "a nested copy was made inside the student's copy"
    assert f"0 file(s) added, {N_FILES} of yours kept" in capsys.readouterr().out


def test_the_printed_command_survives_spaces_and_uses_this_python(tmp_path, capsys):
    folder = tmp_path / "my course ü"
    assert main(["start", str(folder), "--no-lab"]) == 0
    line = next(l for l in capsys.readouterr().out.splitlines() if l.startswith("open it with: "))
    command = line[len("open it with: "):]
    assert shlex.split(command)[:2] == ["cd", str(folder)] and sys.executable in command, command
