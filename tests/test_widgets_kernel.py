"""Every control of every widget through every option inside a real kernel, as the browser moves
them: the new value arrives as the state update JupyterLab sends (a dropdown's index, a slider's
value), and `show` redraws. In a kernel ipywidgets' Output prints an exception and swallows it, so
headless tests alone cannot see what a reader would; here each move must replace the figure with a
new image, or with a refusal's plain message, and print nothing else: no traceback, no warning."""

import json

import nbformat
import pytest
from nbclient import NotebookClient

SWEEP = r'''
import json, warnings
warnings.simplefilter("error", RuntimeWarning)  # an overflow is explained in the figure, not warned about
import IPython.display
import mlpedu.widgets.general, mlpedu.widgets.gradients, mlpedu.widgets.neuron, mlpedu.widgets.playground
from mlpedu.widgets import REGISTRY, attach

updates = []
original_update = IPython.display.DisplayHandle.update
def recording_update(self, obj, **kwargs):
    updates.append(type(obj).__name__)
    return original_update(self, obj, **kwargs)
IPython.display.DisplayHandle.update = recording_update

def frontend_move(widget, value):
    # what JupyterLab sends when the reader picks an option or releases a slider
    if hasattr(widget, "options"):
        widget.set_state({"index": list(widget.options).index(value) if not isinstance(widget.options[0], tuple)
                          else [v for _, v in widget.options].index(value)})
    else:
        widget.set_state({"value": value})

def options(widget):
    if hasattr(widget, "options"):
        return [o[1] if isinstance(o, tuple) else o for o in widget.options]
    if hasattr(widget, "min"):
        return [widget.min, widget.max]
    return [True, False]

report = []
for name, (draw, _) in sorted(REGISTRY.items()):
    shown = attach(draw)
    for control, widget in shown.controls.items():
        default = widget.value
        for value in options(widget):
            if value == default:
                continue
            before = len(updates)
            problem = ""
            try:
                frontend_move(widget, value)
            except Exception as exc:
                problem = f"raised {type(exc).__name__}: {exc}"
            if shown.error.value:
                problem += " traceback shown"
            drawn = updates[before:]
            expected = ["HTML"] if shown.refused else ["Image"]
            if drawn != expected:
                problem += f" display updates {drawn}, expected {expected}"
            report.append([name, control, repr(value), shown.refused, problem.strip()])
        try:
            frontend_move(widget, default)
        except Exception as exc:
            report.append([name, control, "back to default", "", f"raised {type(exc).__name__}: {exc}"])
print("SWEEP " + json.dumps(report))
'''


@pytest.fixture(scope="module")
def swept():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SWEEP)])
    NotebookClient(notebook, timeout=300, kernel_name="python3", allow_errors=True).execute()
    outputs = notebook.cells[0].outputs
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stdout")
    lines = [line for line in text.splitlines() if line.startswith("SWEEP ")]
    return outputs, json.loads(lines[0][len("SWEEP "):]) if lines else None


def test_the_sweep_ran_in_the_kernel_and_printed_nothing_else(swept):
    outputs, report = swept
    errors = [o for o in outputs if o.output_type == "error"]
    assert not errors, f"the sweep itself failed: {errors[0].ename}: {errors[0].evalue}"
    stderr = "".join(o.get("text", "") for o in outputs if o.output_type == "stream" and o.name == "stderr")
    assert not stderr.strip(), f"the kernel printed to stderr during the sweep:\n{stderr[:2000]}"
    assert report, "no sweep report"
    widgets = {row[0] for row in report}
    assert widgets >= {"gradient_check_by_layer", "gradient_norms_by_layer", "playground", "single_neuron_cost",
                       "chained_relu", "layered_gradients"}, f"widgets swept: {sorted(widgets)}"
    assert len(report) > 60, f"only {len(report)} moves"


def test_every_move_in_the_kernel_redraws_or_refuses_plainly(swept):
    _, report = swept
    problems = [f"{name}: {control} = {value}: {problem}" for name, control, value, _, problem in report if problem]
    assert not problems, "\n".join(problems)


def test_refusals_in_the_kernel_are_plain_messages(swept):
    _, report = swept
    refused = {(name, control, value): message for name, control, value, message, _ in report if message}
    assert ("gradient_check_by_layer", "output", "'identity'") in refused, \
        f"expected output=identity with cross-entropy to be refused; refused: {sorted(refused)}"
    for move, message in refused.items():
        assert "Traceback" not in message and len(message) < 600, f"{move}: {message}"
