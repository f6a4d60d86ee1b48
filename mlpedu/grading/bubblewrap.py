"""The operating-system sandbox: each student's kernel runs under bubblewrap (`bwrap`).

The kernel gets namespaces of its own: user (every capability dropped), PID (it sees only its
own processes), IPC, UTS, cgroup and network (no network at all, not even the grader's
loopback). Its file system is built from nothing and holds only:

    /usr, /bin, /lib ...        the system, read-only
    a few files of /etc         the loader cache, time zone, alternatives, fonts; read-only
    the Python environment      sys.prefix and sys.base_prefix, read-only
    mlpedu                      the *student's view* of the package, read-only: the library and
                                the grader's kernel side, without the exercise sources, and with
                                `mlpedu.autocheck` replaced by a stand-in that has `check` and
                                none of the reference solutions (see `kernel_autocheck`)
    /submission                 a fresh tmpfs (size-limited) with a copy of the notebook
    /tmp, /home/student         fresh tmpfs, size-limited
    /run/mlpedu/sockets         a small tmpfs for the kernel's ZeroMQ ipc sockets; the worker
                                reaches them from outside through /proc/<pid>/root (see `kernel`)
    /run/mlpedu/connection      the connection file, read-only

The sources, the results, the other submissions, the grader's /proc and the real mlpedu
package are simply not there. The kernel dies with its worker (--die-with-parent).
"""

import compileall
import functools
import glob
import os
import re
import shutil
import site
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import MlpeduError

PACKAGE = "bubblewrap"  # Debian/Ubuntu/Fedora/Arch all call it this
WORK, HOME, TMP = "/submission", "/home/student", "/tmp"
SOCKETS, CONNECTION = "/run/mlpedu/sockets", "/run/mlpedu/connection"
WRITABLE = (WORK, HOME, TMP, "/dev/shm")  # inside the sandbox; everything else is read-only
NAMESPACES = ["--unshare-user", "--unshare-pid", "--unshare-ipc", "--unshare-net", "--unshare-uts",
              "--unshare-cgroup-try", "--disable-userns", "--cap-drop", "ALL", "--die-with-parent", "--new-session"]
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "localtime", "alternatives", "fonts", "mime.types")
MLPEDU_PACKAGE = Path(__file__).resolve().parents[1]


class OsSandboxError(MlpeduError):
    """bubblewrap is missing or cannot create namespaces on this machine."""


@dataclass(frozen=True)
class OsSandbox:
    bwrap: str
    view: Path  # the student's view of the mlpedu package, mounted where the real one is

    def command(self, python_argv, kernel_dir, notebook_fd, notebook_name, notebook_bytes, workspace_mb):
        """The bwrap command line that starts `python_argv` inside the sandbox; `kernel_dir` (the
        host folder of the connection file) is seen read-only as CONNECTION. Order matters: the
        fresh folders first, then what is bound from the host, which may lie below them (a venv in /tmp)."""
        size = str(workspace_mb * 2**20)
        argv = [self.bwrap, *NAMESPACES, "--hostname", "grading",
                "--proc", "/proc", "--dev", "/dev",
                "--size", size, "--tmpfs", "/dev/shm",
                "--size", str(workspace_mb * 2**20 + notebook_bytes), "--tmpfs", WORK,
                "--size", size, "--tmpfs", TMP,
                "--size", size, "--tmpfs", HOME,
                "--size", str(2**20), "--tmpfs", SOCKETS,
                "--file", str(notebook_fd), f"{WORK}/{notebook_name}"]
        for folder in SYSTEM:
            if os.path.islink(folder):  # merged /usr: /lib -> usr/lib
                argv += ["--symlink", os.readlink(folder), folder]
            elif os.path.isdir(folder):
                argv += ["--ro-bind", folder, folder]
        for name in ETC:
            argv += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
        for prefix in python_prefixes():
            argv += ["--ro-bind", prefix, prefix]
        for backend in foreign_function_backends():  # C calls no audit event sees: an empty file instead
            argv += ["--ro-bind", str(self.view.parent / "empty"), backend]
        argv += ["--ro-bind", str(self.view), str(MLPEDU_PACKAGE),  # over whatever the prefix holds there
                 "--ro-bind", str(kernel_dir), CONNECTION,
                 "--remount-ro", "/dev", "--remount-ro", "/",
                 "--chdir", WORK, "--unsetenv", "JPY_PARENT_PID", "--"]
        return argv + list(python_argv)

    def environment(self):
        """Variables the kernel starts with, inside the sandbox."""
        return {"HOME": HOME, "TMPDIR": TMP, "USER": "student", "LOGNAME": "student",
                "MPLCONFIGDIR": f"{HOME}/.matplotlib", "IPYTHONDIR": f"{HOME}/.ipython",
                "PYTHONPATH": str(MLPEDU_PACKAGE.parent), "PYTHONDONTWRITEBYTECODE": "1"}


def label(os_sandbox):
    """How the gradebook's `sandbox` column names the way a submission was graded."""
    return "bubblewrap" if os_sandbox else "none (--no-os-sandbox)"


@functools.cache  # the same for every kernel of this process: worked out once
def python_prefixes():
    """The folders the kernel's Python needs, outermost first, without the system's /usr: the
    environment, the Python it was made from, and the user's site-packages if Python reads it."""
    candidates = [sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix]
    if site.ENABLE_USER_SITE and os.path.isdir(site.getusersitepackages()):
        candidates.append(site.getusersitepackages())
    found = []
    for prefix in candidates:
        real = os.path.realpath(prefix)
        if not any(real == s or real.startswith(s + os.sep) for s in SYSTEM) and real not in found:
            found.append(real)
    return tuple(sorted(found, key=len))


@functools.cache
def foreign_function_backends():
    """The compiled backends of libraries that call C without Python's audit hooks (cffi)."""
    return tuple(sorted(path for prefix in python_prefixes()
                        for path in glob.glob(f"{prefix}/lib*/python3*/site-packages/_cffi_backend*.so")))


def find_bwrap():
    path = shutil.which("bwrap")
    if path is None:
        raise OsSandboxError(
            f"Grading runs each student's kernel in an operating-system sandbox, which needs bubblewrap: install "
            f"the package '{PACKAGE}' (Debian/Ubuntu: sudo apt-get install {PACKAGE}). On a machine without it "
            "(macOS, Windows) you can grade with --no-os-sandbox, which keeps only the in-process limits and "
            "says so in the gradebook.")
    return path


MINIMUM_VERSION = (0, 8)  # --size for tmpfs, --disable-userns


def probe(bwrap):
    """Start `true` with the sandbox's namespaces once; raise OsSandboxError saying why it cannot."""
    try:
        said = subprocess.run([bwrap, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OsSandboxError(f"bubblewrap ({bwrap}) could not be run: {exc}") from None
    match = re.search(r"(\d+)\.(\d+)", said)
    version = (int(match[1]), int(match[2])) if match else None
    if version and version < MINIMUM_VERSION:
        raise OsSandboxError(f"bubblewrap {'.'.join(map(str, version))} ({bwrap}) is too old: the sandbox needs "
                             f"{'.'.join(map(str, MINIMUM_VERSION))} or newer (tmpfs sizes, no nested user "
                             "namespaces). Install a newer bubblewrap, or grade with --no-os-sandbox.")
    try:
        done = subprocess.run([bwrap, *NAMESPACES, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "true"],
                              capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OsSandboxError(f"bubblewrap ({bwrap}) could not be run: {exc}") from None
    if done.returncode != 0:
        why = done.stderr.decode(errors="replace").strip() or f"exit code {done.returncode}"
        raise OsSandboxError(
            f"bubblewrap ({bwrap}) cannot create the sandbox's namespaces here: {why}. Unprivileged user "
            "namespaces must be allowed (sysctl kernel.unprivileged_userns_clone=1, or "
            "kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu); inside a container they often are not. "
            "Grade on the host, or pass --no-os-sandbox to grade with the in-process limits only.")


def build_view(folder):
    """Copy mlpedu for the kernel: the library and the grader's kernel side, without the exercise
    sources and with the stand-in autocheck. Compiled here so that kernels start fast."""
    view = Path(folder) / "mlpedu"
    shutil.copytree(MLPEDU_PACKAGE, view, ignore=_leave_out)
    (Path(folder) / "empty").write_bytes(b"")  # mounted over what the kernel must not load
    shutil.copyfile(MLPEDU_PACKAGE / "grading" / "kernel_autocheck.py", view / "autocheck.py")
    compileall.compile_dir(str(view), quiet=1, ddir=str(MLPEDU_PACKAGE))
    return view


def _leave_out(folder, names):
    here = Path(folder)
    left = {n for n in names if n == "__pycache__" or not (n.endswith(".py") or (here / n).is_dir())}
    if here == MLPEDU_PACKAGE / "exercises":
        left.add("source")
    return left


def prepare(folder):
    """Check that bubblewrap works here and build the student's view of mlpedu in `folder`."""
    bwrap = find_bwrap()
    probe(bwrap)
    return OsSandbox(bwrap, build_view(folder))


def sandbox_root(bwrap_pid, timeout=10.0):
    """The sandbox's file system as this process sees it: /proc/<pid>/root of bwrap's child, the
    process that made the namespaces (bwrap itself stays outside them). None if it is gone."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and os.path.exists(f"/proc/{bwrap_pid}"):
        child = children(bwrap_pid)
        if child:
            return f"/proc/{child[0]}/root"
        time.sleep(0.002)
    return None


def children(pid):
    """The process ids whose parent is `pid`: from /proc/<pid>/task/<pid>/children where the kernel
    keeps that list, else from every process's stat line."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as listed:
            return [int(n) for n in listed.read().split()]
    except FileNotFoundError:
        pass
    except OSError:
        return []
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as line:
                fields = line.read().rsplit(")", 1)[1].split()  # after "(name)", which may hold spaces
        except (OSError, IndexError):
            continue
        if entry.isdigit() and int(fields[1]) == pid:
            found.append(int(entry))
    return sorted(found)


def open_socket(root, path):
    """An O_PATH descriptor of the unix socket at `path` inside the sandbox whose root is `root`,
    or None if there is none (yet). Each step is taken without following a link: a kernel that puts
    a link to a host socket in its place cannot make the worker connect there."""
    opened = []
    try:
        opened.append(os.open(root, os.O_PATH | os.O_DIRECTORY))
        for part in path.strip("/").split("/"):
            opened.append(os.open(part, os.O_PATH | os.O_NOFOLLOW, dir_fd=opened[-1]))
        if stat.S_ISSOCK(os.fstat(opened[-1]).st_mode):
            return opened.pop()
    except OSError:
        pass
    finally:
        for fd in opened:
            os.close(fd)
    return None
