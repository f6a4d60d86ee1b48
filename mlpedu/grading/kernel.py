"""One sandboxed kernel per submission, driven with jupyter_client.

nbclient runs whole cells but cannot answer a kernel's `input()` request, which is how a student
function asks the grader to run a grader-side function (see `remote`); so this module runs code
with jupyter_client directly: execute, collect outputs, answer stdin, enforce the time limits,
interrupt and then kill a kernel that does not stop.

With the operating-system sandbox (`bubblewrap`) the kernel lives in namespaces of its own, with
no network: it binds ZeroMQ ipc sockets in a small tmpfs of its own, and this process connects
to them from outside through /proc/<pid>/root. So the kernel has no host folder it can write.
Without it (`--no-os-sandbox`) the kernel is an ordinary process on loopback TCP, fenced in only
by `sandbox`'s in-process limits.
"""

import collections
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

from . import bubblewrap, wire
from .kernel_side import CALLBACK_PROMPT, RESULT_MIME

MAX_CELL_OUTPUT_CHARS = 1_000_000      # kept per cell for the feedback; the rest is dropped with a note
MAX_NOTEBOOK_OUTPUT_CHARS = 4_000_000  # kept per notebook
MAX_MESSAGE_BYTES = 2 * wire.MAX_PAYLOAD_BYTES + 2**20  # one ZeroMQ message; a larger one cuts the link
RECEIVE_QUEUE = 32                     # messages ZeroMQ may hold for us: bounds the worker's memory
INTERRUPT_GRACE = 2.0  # seconds a kernel gets to stop after an interrupt before it is killed
DRAIN_SLICE = 0.2      # seconds of reading output before the clock is looked at again
RESULT_PREFIX = RESULT_MIME.split("+")[0]
KEPT_RESULTS = 4  # result messages kept per execution
MAX_OUTPUT_DEPTH = 12  # nesting of a rich output's data (JSON): deeper ones are dropped, not stored
MLPEDU_HOME = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class OutputBudget:
    """What one notebook's outputs may add to its feedback, over all its cells."""

    def __init__(self, chars=MAX_NOTEBOOK_OUTPUT_CHARS):
        self.left = chars


class Execution:
    """What running one piece of code produced."""

    def __init__(self, budget):
        self.outputs, self.error, self.timed_out, self.died = [], None, False, False
        self.chars, self.dropped, self.budget = 0, 0, budget
        self.results = collections.deque(maxlen=KEPT_RESULTS)  # the grader reads the last; a flood cannot pile up

    def add_output(self, output):
        """Keep `output` while the cell's and the notebook's budgets allow; past that, keep the
        start of a long print, and one note says the rest was dropped."""
        if self.dropped:  # cheap: a flood is read as fast as it comes
            self.dropped += 1
            return
        size = len(str(output.get("text", ""))) if output.get("output_type") == "stream" else len(json.dumps(output))
        room = min(MAX_CELL_OUTPUT_CHARS - self.chars, self.budget.left)
        if size <= room:
            self._keep(output, size)
            return
        if output.get("output_type") == "stream" and room > 1000:
            start = nbformat.from_dict({**output, "text": str(output.get("text", ""))[:room - 1000]})
            self._keep(start, len(json.dumps(start)))
        self.outputs.append(nbformat.v4.new_output("stream", name="stderr", text=(
            f"[output truncated by the grader: the feedback keeps {MAX_CELL_OUTPUT_CHARS // 1000:,} kB per "
            f"cell and {MAX_NOTEBOOK_OUTPUT_CHARS // 1000:,} kB per notebook]\n")))
        self.dropped += 1

    def _keep(self, output, size):
        self.outputs.append(output)
        self.chars += size
        self.budget.left -= size


class SandboxKernel:
    """Start with `SandboxKernel(...)` as a context manager; `run(code, timeout)` executes code.

    `work_dir` and `kernel_dir` are fresh host folders of this submission; the notebook's bytes
    are copied into the kernel's working folder as `notebook_name`."""

    def __init__(self, work_dir, kernel_dir, notebook_name, notebook_bytes, *, os_sandbox=None, private_dirs=(),
                 memory_mb=1024, cpu_seconds=None, file_mb=64, workspace_mb=64):
        self.kernel_dir, self.os_sandbox, self.dead_reason = str(kernel_dir), os_sandbox, None
        self.budget, self._notebook_fd, self._socket_fds = OutputBudget(), None, []
        limits = {"memory_bytes": int(memory_mb * 2**20) if memory_mb else None,
                  "cpu_seconds": int(cpu_seconds) if cpu_seconds else None, "file_bytes": int(file_mb * 2**20)}
        # a small, clean environment: no secrets from the instructor's shell
        self.env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0",
                    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                    "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
                    "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        connection_file = os.path.join(self.kernel_dir, "kernel.json")
        python = [sys.executable, "-m", "mlpedu.grading.sandbox", "-f", "{connection_file}",
                  "--HistoryManager.enabled=False", "--IPKernelApp.log_level=CRITICAL"]
        if os_sandbox is not None:
            config = {**limits, "os_sandbox": True, "sandbox_dir": bubblewrap.WORK,
                      "writable_dirs": list(bubblewrap.WRITABLE), "private_dirs": []}
            self.env.update(os_sandbox.environment())
            self._notebook_fd = os.memfd_create("notebook")
            os.write(self._notebook_fd, notebook_bytes)
            os.lseek(self._notebook_fd, 0, os.SEEK_SET)
            python[4] = f"{bubblewrap.CONNECTION}/kernel.json"  # where the sandbox shows it
            argv = os_sandbox.command(python, kernel_dir, self._notebook_fd, notebook_name, len(notebook_bytes),
                                      workspace_mb)
            self.cwd, transport, ip = self.kernel_dir, "ipc", f"{bubblewrap.SOCKETS}/kernel"
        else:
            home = os.path.join(str(work_dir), ".home")
            os.makedirs(home, exist_ok=True)
            with open(os.path.join(str(work_dir), notebook_name), "wb") as copy:
                copy.write(notebook_bytes)
            config = {**limits, "os_sandbox": False, "parent_pid": os.getpid(), "sandbox_dir": str(work_dir),
                      "writable_dirs": [], "private_dirs": [str(d) for d in private_dirs] + [self.kernel_dir]}
            self.env.update({"HOME": home, "TMPDIR": home, "MPLCONFIGDIR": home,
                             "IPYTHONDIR": os.path.join(home, ".ipython"),
                             "PYTHONPATH": MLPEDU_HOME})  # the kernel imports the same mlpedu as the grader
            argv, self.cwd, transport, ip = python, str(work_dir), "tcp", "127.0.0.1"
        self.env["MLPEDU_SANDBOX"] = json.dumps(config)
        context = zmq.Context()
        context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)  # larger messages cut the link, never fill memory
        context.setsockopt(zmq.RCVHWM, RECEIVE_QUEUE)
        self.km = KernelManager(connection_file=connection_file, transport=transport, ip=ip, context=context)
        # jupyter_client has no public way to give one KernelManager its own launch command.
        # Interrupts go as messages: a signal would reach bwrap, not the kernel inside it.
        self.km._kernel_spec = KernelSpec(argv=argv, display_name="mlpedu sandbox", language="python",
                                          interrupt_mode="message" if os_sandbox else "signal")
        self.kc = None

    def __enter__(self):
        # the kernel's own stdout/stderr go nowhere: a student cannot write into the instructor's terminal
        extra = {"pass_fds": (self._notebook_fd,)} if self._notebook_fd is not None else {}
        try:
            self.km.start_kernel(env=self.env, cwd=self.cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 **extra)
        finally:
            if self._notebook_fd is not None:
                os.close(self._notebook_fd)
        if self.os_sandbox is not None:
            self._reach_into_sandbox()
        self.kc = self.km.client()
        self.kc.start_channels(hb=False)  # liveness is the process's; a channel no one reads could fill memory
        if not self._wait_ready(timeout=60):
            self.dead_reason = self.dead_reason or "the kernel did not start"
        self.km._close_control_socket()  # likewise: opened again only to send an interrupt
        return self

    def _wait_ready(self, timeout):
        """Like KernelClient.wait_for_ready, with short polls: start-up is most of a submission's time.
        Ready = a kernel_info reply on the shell channel and a message on IOPub (so no output is lost)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.alive():
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
            self.km.context.destroy(linger=0)
            for fd in self._socket_fds:
                os.close(fd)

    def _reach_into_sandbox(self, timeout=60):
        """Connect this side to the kernel's sockets inside the sandbox: each socket file is opened once,
        step by step without following links, and reached through a link of ours to that descriptor
        (in KERNEL_DIR, which the kernel sees read-only). So it always means the kernel's own socket."""
        root = bubblewrap.sandbox_root(self.pid)
        links = os.path.join(self.kernel_dir, "links")
        os.makedirs(links)
        waiting, deadline = set(self.km.ports), time.monotonic() + timeout
        while root and waiting and self.km.is_alive() and time.monotonic() < deadline:
            for port in sorted(waiting):
                fd = bubblewrap.open_socket(root, f"{self.km.ip}-{port}")
                if fd is not None:
                    self._socket_fds.append(fd)
                    os.symlink(f"/proc/self/fd/{fd}", os.path.join(links, f"kernel-{port}"))
                    waiting.discard(port)
            time.sleep(0.005)
        if waiting:
            self.dead_reason = "the kernel did not start"
            return
        self.km.ip = os.path.join(links, "kernel")
        # jupyter_client connected its control socket to the path as the kernel sees it: connect again
        self.km._close_control_socket()
        self.km._connect_control_socket()

    @property
    def pid(self):
        provisioner = self.km.provisioner
        return getattr(getattr(provisioner, "process", None), "pid", None)

    def _kill(self, reason):
        if self.dead_reason is None:
            self.dead_reason = reason
        try:
            os.kill(self.pid, signal.SIGKILL)  # with the OS sandbox this is bwrap: the kernel dies with it
        except (ProcessLookupError, TypeError):
            pass

    def alive(self):
        if self.dead_reason is None and not self.km.is_alive():
            self.dead_reason = "the kernel exited or was killed"
        return self.dead_reason is None

    def run(self, code, timeout, answer_input=None):
        """Execute `code`; `answer_input(prompt) -> str` answers the kernel's input() calls."""
        result = Execution(self.budget)
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
                self.km._close_control_socket()  # sent (it lingers 0.1 s); nothing is read from it
            if interrupted_at is not None and now - interrupted_at > INTERRUPT_GRACE:
                self._kill(f"it did not stop within {INTERRUPT_GRACE:g} s of the interrupt at its time limit, so the "
                           "grader killed it")
            if not self.alive():
                result.died = True
                return result
            events = dict(poller.poll(200))
            if self.kc.stdin_channel.socket in events:
                try:
                    prompt = str(self.kc.stdin_channel.get_msg(timeout=0)["content"].get("prompt", ""))
                except Exception:  # malformed: answered with nothing
                    prompt = ""
                reply = answer_input(prompt) if answer_input and prompt.startswith(CALLBACK_PROMPT) else ""
                self.kc.input(reply)
            if self.kc.iopub_channel.socket in events and self._drain_iopub(msg_id, result):
                self._drain_shell()
                return result

    def _drain_iopub(self, msg_id, result):
        """Read IOPub for at most DRAIN_SLICE seconds (a flood must not hold off the clock);
        True once the kernel says it is idle."""
        until = time.monotonic() + DRAIN_SLICE
        while self.kc.iopub_channel.msg_ready() and time.monotonic() < until:
            try:
                msg = self.kc.iopub_channel.get_msg(timeout=0)
                if msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "status" and content.get("execution_state") == "idle":
                    return True
                if kind == "display_data" and any(str(k).startswith(RESULT_PREFIX) for k in content["data"]):
                    result.results.append(dict(content["data"]))
                    continue
                if kind in ("stream", "display_data", "execute_result", "error") and _shallow(content):
                    output = nbformat.v4.output_from_msg(msg)
                    if not _well_formed(output):  # nbformat would complain to the instructor's terminal
                        continue
                    if kind == "error" and result.error is None:
                        result.error = output
                    result.add_output(output)
            except Exception:  # the kernel is the student's: a malformed message is dropped, never raised here
                continue
        return False

    def _drain_shell(self):
        while self.kc.shell_channel.msg_ready():
            try:
                self.kc.shell_channel.get_msg(timeout=0)
            except Exception:  # malformed replies are dropped
                pass


def _shallow(data, limit=MAX_OUTPUT_DEPTH):
    """True if `data` (decoded JSON) nests at most `limit` deep: the feedback notebook, validated
    and written by recursive code, must never meet a structure built to exhaust the stack."""
    level = [data]
    for _ in range(limit):
        level = [v for item in level for v in (item.values() if isinstance(item, dict)
                                               else item if isinstance(item, list) else ())]
        if not level:
            return True
    return False


def _well_formed(output):
    """True if `output` is what the notebook format allows (text where it wants text), so the
    feedback notebook validates and nothing of the student's is logged as a schema error."""
    def text(value):
        return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))

    kind = output.get("output_type")
    if kind == "stream":
        return output.get("name") in ("stdout", "stderr") and text(output.get("text"))
    if kind == "error":
        return all(isinstance(output.get(k), str) for k in ("ename", "evalue")) and text(output.get("traceback"))
    data, metadata = output.get("data"), output.get("metadata", {})
    return (isinstance(data, dict) and isinstance(metadata, dict) and all(
        isinstance(key, str) and (text(value) or "json" in key) for key, value in data.items()))
