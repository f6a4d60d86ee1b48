"""Checks on the notebooks' prose that no gradient check can make: labels read in order."""

import re
import string
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))
POINT = re.compile(r"\*\*\(([a-z])\)")  # a bold "(a)" starting a point


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lettered_points_are_lettered_in_reading_order(path):
    cells = nbformat.read(path, as_version=4).cells
    letters = [m for c in cells if c.cell_type == "markdown" for m in POINT.findall(c.source)]
    expected = list(string.ascii_lowercase[:len(letters)])
    assert letters == expected, f"{path.name}: points lettered {letters}, expected {expected} in reading order"
