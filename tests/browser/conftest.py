"""The course in a real browser: JupyterLab on a temporary copy of notebooks/, driven by
Playwright in the system's headless Chromium.

Without a browser these tests skip and say how to enable them; under CI (CI=true) they fail
instead, so a CI machine that lost its browser cannot pass by skipping them.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from mlpedu import start

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Flags known to work on a machine without a display or outside network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_ENABLE = (
    "To run them, install Chromium (e.g. `sudo apt-get install chromium`) or set "
    "MLPEDU_CHROMIUM=/path/to/chromium, and install the test extras "
    "(`.venv/bin/pip install -e \".[test]\"`, which brings Playwright; never `playwright install`)."
)
SERVER_START_SECONDS = 90


def running_under_ci():
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def find_chromium():
    """(path, None) for the browser to use, or (None, why not)."""
    chosen = os.environ.get("MLPEDU_CHROMIUM")
    if chosen:
        if Path(chosen).is_file() and os.access(chosen, os.X_OK):
            return chosen, None
        return None, f"MLPEDU_CHROMIUM={chosen} is not an executable file."
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found, None
    return None, f"no Chromium found (looked for MLPEDU_CHROMIUM and {', '.join(CHROMIUM_NAMES)} on PATH)."


def missing_requirement():
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed."
    return find_chromium()[1]


@pytest.fixture(scope="session")
def chromium_path():
    reason = missing_requirement()
    if reason:
        if running_under_ci():
            pytest.fail(f"Browser tests cannot run under CI: {reason} .ci/run must install Chromium.", pytrace=False)
        SKIPPED_BECAUSE.append(reason)
        pytest.skip(f"Browser tests skipped: {reason} {HOW_TO_ENABLE}")
    return find_chromium()[0]


SKIPPED_BECAUSE = []


SESSION_STARTED = time.time()
LATENCY_REPORT = ROOT / "artifacts" / "widget-latency.txt"  # written by test_course_in_jupyterlab.py


def pytest_terminal_summary(terminalreporter):
    """Say it at the end of a plain `python -m pytest` run too (skip reasons need -rs there),
    and how fast the widgets answered in the browser, if this run measured it."""
    if SKIPPED_BECAUSE:
        terminalreporter.write_sep("-", "browser tests skipped")
        terminalreporter.write_line(f"{SKIPPED_BECAUSE[0]} {HOW_TO_ENABLE}")
    if LATENCY_REPORT.exists() and LATENCY_REPORT.stat().st_mtime >= SESSION_STARTED:
        terminalreporter.write_sep("-", "widgets in the browser")
        terminalreporter.write_line(LATENCY_REPORT.read_text().splitlines()[0] + f" (every move: {LATENCY_REPORT})")


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def write_lab_settings(settings_dir):
    """Settings a test needs: every cell in the page (no windowing), no news or update pop-ups."""
    overrides = {
        "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
        "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }
    for name, values in overrides.items():
        path = settings_dir / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@dataclass
class JupyterLab:
    base_url: str
    token: str
    course_dir: Path
    log_path: Path

    def url(self, path):
        """The page of a file of the course: a bare notebook name is one of notebooks/."""
        path = path if "/" in path else f"notebooks/{path}"
        return f"{self.base_url}/lab/tree/{path}?token={self.token}&reset"

    def log_tail(self, characters=3000):
        return self.log_path.read_text(errors="replace")[-characters:]

    def shut_down_kernels(self):
        """Stop every kernel, so one notebook's kernel does not slow down the next notebook."""
        headers = {"Authorization": f"token {self.token}"}
        request = urllib.request.Request(f"{self.base_url}/api/kernels", headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            kernels = json.load(response)
        for kernel in kernels:
            stop = urllib.request.Request(f"{self.base_url}/api/kernels/{kernel['id']}", headers=headers, method="DELETE")
            urllib.request.urlopen(stop, timeout=30).close()


@pytest.fixture(scope="session")
def jupyterlab(chromium_path, tmp_path_factory):
    """JupyterLab on a student's copy of the course, made by `mlpedu start` as the README's first
    command makes it: localhost, a free port, a random token, its own settings, workspaces,
    config and runtime folders; stopped at the end. The copy means the browser can never change
    the committed notebooks' stored outputs."""
    home = tmp_path_factory.mktemp("jupyterlab")
    course_dir = home / "mlpedu-course"
    start.copy_course(course_dir)
    env = dict(os.environ)
    for variable in ("JUPYTER_CONFIG_DIR", "JUPYTER_RUNTIME_DIR", "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "IPYTHONDIR"):
        env[variable] = str(home / variable.lower())
        Path(env[variable]).mkdir()
    write_lab_settings(Path(env["JUPYTERLAB_SETTINGS_DIR"]))
    port, token = free_port(), secrets.token_hex(24)
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={course_dir}",
        f"--NotebookNotary.data_dir={home}",  # the signing key goes here, not into the user's folder
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI runs as root
        command.append("--allow-root")
    log_path = home / "jupyterlab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    lab = JupyterLab(f"http://127.0.0.1:{port}", token, course_dir, log_path)
    try:
        wait_until_serving(server, lab)
        yield lab
    finally:
        stop(server)


def wait_until_serving(server, lab):
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited with code {server.returncode} while starting:\n{lab.log_tail()}", pytrace=False)
        try:
            urllib.request.urlopen(f"{lab.base_url}/api/status?token={lab.token}", timeout=2).close()
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"JupyterLab did not answer within {SERVER_START_SECONDS} s:\n{lab.log_tail()}", pytrace=False)


def stop(server):
    """Stop the server and its kernels (its whole process group): politely, then for sure."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def screenshot_dir():
    """artifacts/screenshots/ (git ignores /artifacts/): what a maintainer looks at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
