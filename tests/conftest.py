"""Shared fixtures. Tests that grade with real kernels need bubblewrap, the grader's OS sandbox."""

import os

import nbformat
import pytest


@pytest.fixture(scope="session")
def os_sandbox():
    """Skip (with how to enable) where bubblewrap cannot run; under CI, which installs it, fail instead."""
    from mlpedu.grading import bubblewrap

    try:
        bubblewrap.probe(bubblewrap.find_bwrap())
    except bubblewrap.OsSandboxError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must be able to grade in the OS sandbox: {exc}")
        pytest.skip(f"grading with kernels needs the OS sandbox: {exc}")
    return True


@pytest.fixture
def two_submissions(tmp_path):
    """(source, submissions, results folders): the toy assignment and two untouched submissions of it."""
    from grading_fixtures import toy

    source, submissions, results = tmp_path / "source", tmp_path / "submissions", tmp_path / "results"
    source.mkdir()
    submissions.mkdir()
    nbformat.write(toy.source_notebook(), source / "toy_backprop.ipynb")
    for student in ("alice", "bob"):
        (submissions / f"{student}_toy_backprop.ipynb").write_text(toy.answered({}), encoding="utf-8")
    return source, submissions, results
