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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_seed_cost_named_J_is_flagged_where_it_appears(path):
    """J is the number of layers (CONVENTIONS.md); a seed's cost called J must be said to be L here."""
    texts = [c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown"]
    first = next((i for i, text in enumerate(texts) if re.search(r"\$\$\s*J\s*=", text)), None)
    if first is None:
        return
    assert "calls the cost $L$" in texts[first], (
        f"{path.name}: a cost written 'J = …' without saying, in the same cell, that the course calls the cost L "
        "and keeps J for the number of layers")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_equation_1_is_stated_with_its_condition(path):
    """φ^J = ∇_a L ∘ σ′(z^J) holds for an elementwise σ only (not softmax): wherever it is stated, so is that."""
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown" and re.search(r"\(1\)\\quad\s*\\varphi\^J", cell.source):
            assert "elementwise" in cell.source, f"{path.name}: equation (1) stated without its condition"


def test_01_says_once_that_its_cost_and_output_are_the_course_s_loss_and_last_activation():
    cells = [c.source for c in nbformat.read(NOTEBOOKS[1], as_version=4).cells if c.cell_type == "markdown"]
    first = next(i for i, text in enumerate(cells) if "$C = " in text)
    assert "the cost $C$ is the course's loss $L$" in cells[first] and "$a^J$" in cells[first], (
        f"{NOTEBOOKS[1].name}: C and ŷ are used without saying they are L and a^J")
