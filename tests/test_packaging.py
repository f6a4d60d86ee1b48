"""The set-up the README promises: pip and conda list the same dependencies, and CI runs the
README's own test command."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def requirement_name_and_spec(requirement):
    match = re.fullmatch(r"\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pip_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return dict(requirement_name_and_spec(r) for r in requirements)


def conda_requirements():
    """The packages listed under `dependencies:` (not the channels, python, or pip's own list)."""
    names, in_dependencies = {}, False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if not line.startswith(" "):
            in_dependencies = line.startswith("dependencies:")
            continue
        match = re.fullmatch(r"  - ([^:#\s][^:#]*?)\s*", line)
        if in_dependencies and match:
            name, spec = requirement_name_and_spec(match.group(1))
            if name not in ("python", "pip"):
                names[name] = spec
    return names


def test_pyproject_and_environment_yml_list_the_same_dependencies():
    pip, conda = pip_requirements(), conda_requirements()
    assert pip == conda, (
        f"only in pyproject.toml: {sorted(set(pip.items()) - set(conda.items()))}; "
        f"only in environment.yml: {sorted(set(conda.items()) - set(pip.items()))}"
    )


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert f"  - python{project['requires-python']}" in (ROOT / "environment.yml").read_text()


def readme_commands():
    return [line.strip() for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("    python3 -m venv")]


def test_readme_gives_two_setup_commands_one_opens_the_course_one_runs_the_tests():
    commands = readme_commands()
    assert len(commands) == 2, commands
    # the student's own copy of the whole course (notebooks/ beside exercises/), opened in JupyterLab
    assert commands[0].endswith(".venv/bin/mlpedu start"), commands[0]
    assert commands[1].endswith("python -m pytest"), commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    test_command = readme_commands()[1]
    assert test_command in ci.splitlines(), f"{test_command!r} is not a line of .ci/run"


NOTEBOOK_FOLDERS = ("notebooks", "solutions", "exercises", "mlpedu/exercises/source")


def test_every_notebook_names_the_kernel_as_the_kernel_names_itself():
    """A notebook whose kernelspec differs from the kernel's own opens in JupyterLab as changed (unsaved)."""
    import json

    from jupyter_client.kernelspec import KernelSpecManager

    expected = KernelSpecManager().get_kernel_spec("python3").display_name
    wrong = {}
    for folder in NOTEBOOK_FOLDERS:
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            spec = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("kernelspec", {})
            if (spec.get("name"), spec.get("display_name")) != ("python3", expected):
                wrong[str(path.relative_to(ROOT))] = (spec.get("name"), spec.get("display_name"))
    assert not wrong, f"expected kernelspec ('python3', {expected!r}); got {wrong}"


def test_the_readme_promises_no_reading_edition_that_is_not_published():
    """No address serves a built reading edition: the README may only say how to build one."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "without installing anything" not in readme, "the README promises a reading edition nobody publishes"
    assert "mlpedu site" in readme, "the README should say how to build the reading edition"
