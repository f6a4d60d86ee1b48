"""Only what pyproject.toml cannot say: a wheel carries the course notebooks (notebooks/) and the
notation they cite (CONVENTIONS.md) inside the package, as mlpedu/course/, so that `pip install`
without a clone can still run `mlpedu start`. An editable install reads them from the clone
instead (mlpedu/start.py)."""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCourse(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "mlpedu" / "course" / "notebooks"
        self.mkpath(str(target))
        for notebook in sorted(Path("notebooks").glob("*.ipynb")):
            self.copy_file(str(notebook), str(target / notebook.name))
        self.copy_file("CONVENTIONS.md", str(target.parent / "CONVENTIONS.md"))


setup(cmdclass={"build_py": BuildWithCourse})
