"""Shared fixtures. Tests that grade with real kernels need bubblewrap, the grader's OS sandbox."""

import os

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
