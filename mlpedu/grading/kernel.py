"""One sandboxed kernel per submission, driven with jupyter_client.

nbclient runs whole cells but cannot answer a kernel's `input()` request, which is how a student
function asks the grader to run a grader-side function (see `remote`); so this module runs code
with jupyter_client directly: execute, collect outputs, answer stdin, enforce the time limits,
interrupt and then kill a kernel that does not stop.
"""

import json
import os
import queue
import signal
import subprocess
import sys
import time

import nbformat
import zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpec

from .kernel_side import CALLBACK_PROMPT

MAX_OUTPUT_CHARS = 2_000_000  # per cell, kept for the feedback; the rest is dropped with a note
INTERRUPT_GRACE = 2.0  # seconds a kernel gets to stop after an interrupt before it is killed
MLPEDU_HOME = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Execution:
    """What running one piece of code produced."""

    def __init__(self):
        self.outputs, self.error, self.timed_out, self.died = [], None, False, False
        self.results, self.chars = [], 0

    def add_output(self, output):
        text = json.dumps(output)
        self.chars += len(text)
        if self.chars <= MAX_OUTPUT_CHARS:
            self.outputs.append(output)
        elif not getattr(self, "_truncated", False):
            self._truncated = True
            self.outputs.append(nbformat.v4.new_output("stream", name="stderr",
                                                       text="[output truncated by the grader]\n"))


class SandboxKernel:
    """Start with `SandboxKernel(...)` as a context manager; `run(code, timeout)` executes code."""

    def __init__(self, sandbox_dir, private_dir, private_dirs=(), memory_mb=1024, cpu_seconds=None,
                 file_mb=64):
        self.sandbox_dir, self.dead_reason = str(sandbox_dir), None
        config = {"parent_pid": os.getpid(), "sandbox_dir": self.sandbox_dir,
                  "private_dirs": [str(d) for d in private_dirs] + [str(private_dir)],
                  "memory_bytes": int(memory_mb * 2**20) if memory_mb else None,
                  "cpu_seconds": int(cpu_seconds) if cpu_seconds else None,
                  "file_bytes": int(file_mb * 2**20)}
        home = os.path.join(self.sandbox_dir, ".home")
        os.makedirs(home, exist_ok=True)
        # a small, clean environment: no secrets from the instructor's shell, caches in the sandbox
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "TMPDIR": home,
                    "LANG": "C.UTF-8", "MPLCONFIGDIR": home, "IPYTHONDIR": os.path.join(home, ".ipython"),
                    "MPLBACKEND": "module://matplotlib_inline.backend_inline", "PYTHONHASHSEED": "0",
                    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                    "PYDEVD_DISABLE_FILE_VALIDATION": "1", "MLPEDU_SANDBOX": json.dumps(config),
                    "PYTHONPATH": MLPEDU_HOME}  # the kernel imports the same mlpedu as the grader
        self.km = KernelManager(connection_file=os.path.join(str(private_dir), "kernel.json"))
        # jupyter_client has no public way to give one KernelManager its own launch command
        self.km._kernel_spec = KernelSpec(
            argv=[sys.executable, "-m", "mlpedu.grading.sandbox", "-f", "{connection_file}",
                  "--HistoryManager.enabled=False", "--IPKernelApp.log_level=CRITICAL"],
            display_name="mlpedu sandbox", language="python")
        self.kc = None

    def __enter__(self):
        # the kernel's own stdout/stderr go nowhere: a student cannot write into the instructor's terminal
        self.km.start_kernel(env=self.env, cwd=self.sandbox_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.kc = self.km.client()
        self.kc.start_channels()
        if not self._wait_ready(timeout=60):
            self.dead_reason = "the kernel did not start"
        return self

    def _wait_ready(self, timeout):
        """Like KernelClient.wait_for_ready, with short polls: start-up is most of a submission's time.
        Ready = a kernel_info reply on the shell channel and a message on IOPub (so no output is lost)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.km.is_alive():
            self.kc.kernel_info()
            try:
                reply = self.kc.shell_channel.get_msg(timeout=0.25)
            except queue.Empty:
                continue
            if reply["msg_type"] != "kernel_info_reply":
                continue
            try:
                self.kc.iopub_channel.get_msg(timeout=0.1)
            except queue.Empty:
                continue  # IOPub not subscribed yet: ask again
            while self.kc.iopub_channel.msg_ready():
                self.kc.iopub_channel.get_msg(timeout=0)
            self._drain_shell()
            return True
        return False

    def __exit__(self, *exc):
        try:
            self.kc.stop_channels()
        finally:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)

    @property
    def pid(self):
        provisioner = self.km.provisioner
        return getattr(getattr(provisioner, "process", None), "pid", None)

    def _kill(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, TypeError):
            pass

    def alive(self):
        if self.dead_reason is None and not self.km.is_alive():
            self.dead_reason = "the kernel exited or was killed"
        return self.dead_reason is None

    def run(self, code, timeout, answer_input=None):
        """Execute `code`; `answer_input(prompt) -> str` answers the kernel's input() calls."""
        result = Execution()
        if not self.alive():
            result.died = True
            return result
        msg_id = self.kc.execute(code, store_history=False, allow_stdin=True, stop_on_error=False)
        deadline = time.monotonic() + max(timeout, 0.01)
        poller = zmq.Poller()
        poller.register(self.kc.iopub_channel.socket, zmq.POLLIN)
        poller.register(self.kc.stdin_channel.socket, zmq.POLLIN)
        interrupted_at = None
        while True:
            now = time.monotonic()
            if now >= deadline and interrupted_at is None:
                result.timed_out, interrupted_at = True, now
                self.km.interrupt_kernel()
            if interrupted_at is not None and now - interrupted_at > INTERRUPT_GRACE:
                self.dead_reason = "it ignored the interrupt after its time limit, so the grader killed it"
                self._kill()
                result.died = True
                return result
            events = dict(poller.poll(200))
            if not events and not self.alive():
                result.died = True
                return result
            if self.kc.stdin_channel.socket in events:
                msg = self.kc.stdin_channel.get_msg(timeout=0)
                prompt = msg["content"].get("prompt", "")
                reply = answer_input(prompt) if answer_input and prompt.startswith(CALLBACK_PROMPT) else ""
                self.kc.input(reply)
            if self.kc.iopub_channel.socket not in events:
                continue
            while self.kc.iopub_channel.msg_ready():
                msg = self.kc.iopub_channel.get_msg(timeout=0)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "status" and content["execution_state"] == "idle":
                    self._drain_shell()
                    return result
                if kind == "display_data" and any(k.startswith("application/vnd.mlpedu") for k in content["data"]):
                    result.results.append(content["data"])
                    continue
                if kind in ("stream", "display_data", "execute_result", "error"):
                    output = nbformat.v4.output_from_msg(msg)
                    if kind == "error" and result.error is None:
                        result.error = output
                    result.add_output(output)

    def _drain_shell(self):
        while self.kc.shell_channel.msg_ready():
            self.kc.shell_channel.get_msg(timeout=0)
