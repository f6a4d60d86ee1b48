"""Every named mistake leads back to the section of the course that explains the idea it gets wrong:
the heading exists, in the notebook named, and the check's message points at it."""

from pathlib import Path

import nbformat
import pytest

from mlpedu import autocheck, lessons

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def headings(notebook):
    found = set()
    for cell in nbformat.read(NOTEBOOKS / f"{notebook}.ipynb", as_version=4).cells:
        if cell.cell_type == "markdown":
            found |= {line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")}
    return found


def test_every_mistake_in_the_catalogue_has_a_section_or_is_not_about_an_idea():
    without = sorted(set(autocheck.MISTAKES) - set(lessons.TAUGHT_IN) - lessons.NOT_ABOUT_AN_IDEA)
    assert not without, f"mistakes with no section of the course to read again: {without}"
    unknown = sorted((set(lessons.TAUGHT_IN) | lessons.NOT_ABOUT_AN_IDEA) - set(autocheck.MISTAKES))
    assert not unknown, f"lessons for mistakes the catalogue does not have: {unknown}"


@pytest.mark.parametrize("mistake_id", sorted(lessons.TAUGHT_IN))
def test_each_section_named_is_a_heading_of_its_notebook(mistake_id):
    notebook, heading = lessons.TAUGHT_IN[mistake_id]
    assert (NOTEBOOKS / f"{notebook}.ipynb").is_file(), f"{mistake_id}: no notebook {notebook}.ipynb"
    found = headings(notebook)
    assert heading in found, f"{mistake_id}: no heading {heading!r} in {notebook}; it has {sorted(found)}"
    assert "$" not in heading, f"{mistake_id}: a heading with maths has no stable anchor"


def test_a_failing_check_says_where_to_read_again():
    def dense_backward(dZ, A_prev, W):  # the bias gradient not summed over the batch
        return dZ @ A_prev.T, dZ, W.T @ dZ

    with pytest.raises(autocheck.CheckFailed) as failed:
        autocheck.check("dense_backward", dense_backward)
    result = failed.value.result
    assert result.mistake == "bias_not_summed", result.message
    expected = "read again: ../notebooks/03_general_case.ipynb#5-%C2%B7-Equation-(4):-the-biases"
    assert expected in result.message, f"expected {expected!r} in:\n{result.message}"
    assert "<a href='../notebooks/03_general_case.ipynb#5-%C2%B7-Equation-(4):-the-biases'>" in result._repr_html_()
