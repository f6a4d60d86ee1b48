"""Start an IPython kernel for one student's notebook, fenced in before any student code runs.

    python -m mlpedu.grading.sandbox -f CONNECTION_FILE      (with MLPEDU_SANDBOX=<json> set)

These are the inner layers; the wall is the operating-system sandbox the kernel is started in
(`bubblewrap`), which decides what exists at all. Before the kernel accepts code this launcher
- dies with its parent (Linux prctl PR_SET_PDEATHSIG), so a killed grading worker leaves no kernel;
- sets resource limits: address space (memory), CPU seconds, file size, no core dumps;
- on Linux x86-64, installs a seccomp filter so that no new process can start (fork, exec) and
  the system calls that reach past a namespace (ptrace, mount, unshare, setns, keyrings, bpf,
  io_uring, pidfd ...) or hold memory outside the address-space limit (memfd, System V shared
  memory and queues) are refused;
- installs a Python audit hook (sys.addaudithook, which cannot be removed) that refuses writing,
  deleting or renaming anything outside the writable folders, reading the folders the grader
  names as private (sources, solutions, other submissions, results), starting processes,
  forking, ctypes, opening network connections, and signalling any process but itself.

Without the OS sandbox (`mlpedu grade --no-os-sandbox`) these layers are all there is: they keep
a notebook from damaging files or reading the hidden tests through ordinary Python, but they are
not a jail. The grader never trusts the kernel anyway (see `mlpedu.grading`).
"""

import json
import os
import resource
import sys

WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
BLOCKED_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                  "os.forkpty", "os.killpg", "socket.connect", "socket.bind", "pty.spawn", "os.startfile",
                  "resource.setrlimit", "resource.prlimit", "webbrowser.open")
# events whose first argument (and for renames the second) is a path being changed
WRITE_EVENTS = ("os.remove", "os.rmdir", "os.mkdir", "os.rename", "os.link", "os.symlink", "os.truncate",
                "os.chmod", "os.chown", "os.utime", "os.chflags", "os.lchflags", "os.setxattr", "os.removexattr",
                "shutil.rmtree", "shutil.copyfile", "shutil.copymode", "shutil.copystat", "shutil.move")
FOREIGN_FUNCTION_MODULES = ("cffi", "_cffi_backend")  # calls into C that no audit event reports
LIST_EVENTS = ("os.listdir", "os.scandir", "glob.glob", "os.chdir")


def _die_with_parent(parent_pid):
    """`parent_pid` None: inside bubblewrap, whose reaper is the parent (and dies with the worker)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass  # not Linux: the worker kills its kernel itself, and the batch kills the worker
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)  # the parent died before prctl took effect


# Seccomp (Linux x86-64): a BPF filter on system calls, so no new process can start even if
# student code got past the audit hook. Threads (clone with CLONE_THREAD) stay allowed.
_LOAD, _JEQ, _JSET, _RET = 0x20, 0x15, 0x45, 0x06
_ALLOW, _EPERM, _ENOSYS = 0x7FFF0000, 0x00050001, 0x00050026
_CLONE, _CLONE3, _SOCKET, _SOCKETPAIR, _SETSOCKOPT = 56, 435, 41, 53, 54
_CLONE_THREAD, _AF_UNIX, _SOL_SOCKET = 0x00010000, 1, 1
_BUFFER_SIZES = (7, 8, 32, 33)  # SO_SNDBUF, SO_RCVBUF and their FORCE forms: kernel memory past any limit
REFUSED_SYSCALLS = {  # x86-64 numbers
    "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "ptrace": 101, "process_vm_readv": 310,
    "process_vm_writev": 311, "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155,
    "chroot": 161, "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
    "userfaultfd": 323, "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
    "open_by_handle_at": 304, "name_to_handle_at": 303, "kexec_load": 246, "init_module": 175,
    "finit_module": 313, "delete_module": 176,
    # memory outside the address-space limit: anonymous files and System V shared memory and queues
    "memfd_create": 319, "memfd_secret": 447, "shmget": 29, "shmat": 30, "msgget": 68,
    # reaching other processes through pid file descriptors
    "pidfd_open": 434, "pidfd_send_signal": 424, "pidfd_getfd": 438}


def _arg(n):
    """Where the low 32 bits of system call argument n lie in seccomp's data."""
    return 16 + 8 * n


def _filter_program():
    """The BPF program as (code, jt, jf, k) tuples. Written with labels (strings) for jump targets,
    resolved at the end into the relative offsets BPF wants."""
    steps = [(_LOAD, None, None, 4),                          # architecture
             (_JEQ, None, "deny", 0xC000003E),                # not x86-64 (i386 through int 0x80): refused
             (_LOAD, None, None, 0),                          # the system call's number
             (_JSET, "deny", None, 0x40000000),               # x32 ABI: refused
             (_JEQ, "clone", None, _CLONE),
             (_JEQ, "socket", None, _SOCKET),
             (_JEQ, "socket", None, _SOCKETPAIR),
             (_JEQ, "setsockopt", None, _SETSOCKOPT),
             (_JEQ, "enosys", None, _CLONE3)]                 # glibc then falls back to clone
    steps += [(_JEQ, "deny", None, number) for number in sorted(REFUSED_SYSCALLS.values())]
    steps += [(_RET, None, None, _ALLOW),
              "clone", (_LOAD, None, None, _arg(0)),           # a thread, or a new process?
              (_JSET, "allow", "deny", _CLONE_THREAD),
              "socket", (_LOAD, None, None, _arg(0)),          # only local sockets: no network buffers to fill
              (_JEQ, "allow", "deny", _AF_UNIX),
              "setsockopt", (_LOAD, None, None, _arg(1)),
              (_JEQ, None, "allow", _SOL_SOCKET),
              (_LOAD, None, None, _arg(2)),
              *[(_JEQ, "deny", None, option) for option in _BUFFER_SIZES],
              "allow", (_RET, None, None, _ALLOW),
              "deny", (_RET, None, None, _EPERM),
              "enosys", (_RET, None, None, _ENOSYS)]
    labels, program = {}, []
    for step in steps:
        if isinstance(step, str):
            labels[step] = len(program)
        else:
            program.append(step)
    return [(code, labels[jt] - i - 1 if jt else 0, labels[jf] - i - 1 if jf else 0, k)
            for i, (code, jt, jf, k) in enumerate(program)]


def forbid_new_processes():
    """Install the seccomp filter on every thread of this process; False where unsupported."""
    import platform

    if not sys.platform.startswith("linux") or platform.machine() != "x86_64":
        return False
    import ctypes

    class Instruction(ctypes.Structure):
        _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8),
                    ("k", ctypes.c_uint32)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_uint16), ("filter", ctypes.POINTER(Instruction))]

    steps = _filter_program()
    instructions = (Instruction * len(steps))(*[Instruction(*i) for i in steps])
    program = Program(len(steps), instructions)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS: required to install a filter unprivileged
        return False
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, ...): all threads, not just this one
    return libc.syscall(317, 1, 1, ctypes.byref(program)) == 0


MAX_OPEN_FILES, MAX_THREADS = 256, 256


def _set_limits(memory_bytes, cpu_seconds, file_bytes, os_sandbox=False):
    # threads count per user: only inside the sandbox's own user namespace is that this kernel alone
    threads = MAX_THREADS if os_sandbox else None
    for limit, value in ((resource.RLIMIT_AS, memory_bytes), (resource.RLIMIT_CPU, cpu_seconds),
                         (resource.RLIMIT_FSIZE, file_bytes), (resource.RLIMIT_CORE, 0),
                         (resource.RLIMIT_NOFILE, MAX_OPEN_FILES), (resource.RLIMIT_NPROC, threads)):
        if value is not None:
            try:
                resource.setrlimit(limit, (value, value))
            except (ValueError, OSError):
                pass  # e.g. RLIMIT_AS on macOS: the time limits and the batch's wall clock still hold


def make_audit_hook(sandbox_dir, private_dirs, writable_dirs=()):
    sandbox = os.path.realpath(sandbox_dir)
    writable = (sandbox, *(os.path.realpath(d) for d in writable_dirs), "/dev/null")
    private = tuple(os.path.realpath(d) for d in private_dirs)
    own_pid = os.getpid()
    own_proc = (f"/proc/{own_pid}", "/proc/self", "/proc/thread-self", "/proc/sys", "/proc/meminfo", "/proc/cpuinfo",
                "/proc/stat", "/proc/loadavg", "/proc/version", "/proc/filesystems")
    realpath, fspath = os.path.realpath, os.fspath

    def inside(path, folders):
        return any(path == f or path.startswith(f + os.sep) for f in folders)

    resolved = {}

    def text(path):
        path = fspath(path)
        return path.decode(errors="replace") if isinstance(path, bytes) else path

    def resolve(path):
        if isinstance(path, int) or path is None:
            return None
        path = text(path)
        if not path.startswith(os.sep):
            return realpath(path)  # relative to the current folder, which the student may change
        if path not in resolved:  # realpath costs a stat per component; imports open thousands of files
            if len(resolved) > 50_000:
                resolved.clear()
            resolved[path] = realpath(path)
        return resolved[path]

    def refuse(event, detail=""):
        raise PermissionError(f"Not allowed while grading: {event}{detail} (the grader runs your notebook "
                              f"in a sandbox that may only write inside its own folder).")

    def hook(event, args):
        if event == "open":
            path = resolve(args[0])
            if path is None:
                return
            if args[1] is None:  # os.open: a dir_fd may make a relative path mean another folder
                raw = text(args[0])
                if not os.path.isabs(raw) and ".." in raw.split(os.sep):
                    refuse("os.open with '..' in ", raw)
                if os.path.isdir(path) and not inside(path, (sandbox,)):
                    refuse("opening the folder ", path)
            if path.startswith("/proc/") and not inside(path, own_proc):
                refuse("reading another process's ", path)
            flags = args[2] if len(args) > 2 and isinstance(args[2], int) else 0
            mode = args[1] if isinstance(args[1], str) else ""
            writing = flags & WRITE_FLAGS or any(c in mode for c in "wax+")
            if writing and not inside(path, writable):
                refuse("writing ", path)
            if inside(path, private) and not inside(path, (sandbox,)):
                refuse("reading ", path)
        elif event in WRITE_EVENTS:
            for arg in args[:2] if event in ("os.rename", "os.link", "os.symlink", "shutil.move",
                                             "shutil.copyfile") else args[:1]:
                path = resolve(arg) if isinstance(arg, (str, bytes, os.PathLike)) else None
                if path is not None and not inside(path, writable):
                    refuse(f"{event} on ", path)
        elif event in LIST_EVENTS:
            path = resolve(args[0]) if args and isinstance(args[0], (str, bytes, os.PathLike)) else None
            if path is not None and inside(path, private) and not inside(path, (sandbox,)):
                refuse(f"{event} on ", path)
        elif event.startswith("ctypes.") or event in BLOCKED_EVENTS:
            refuse(event)
        elif event == "import" and args[0] in FOREIGN_FUNCTION_MODULES:
            refuse("importing ", args[0])
        elif event == "os.kill" and args[0] != own_pid:
            refuse(event, f" on process {args[0]}")

    return hook


def _keep_to_the_notebook(shell):
    """`!pip install x` or `%pip` in a student's cell: no process may start here, so say so and go on
    (rather than stop the cell, and with it the definitions after that line). Likewise `quit()`."""
    from IPython.utils.text import SList

    def skip(command, *args, **kwargs):
        print(f"[while grading, shell commands do not run: !{command}]")
        return SList()

    shell.system = shell.system_raw = shell.system_piped = shell.getoutput = skip

    def stay(*args, **kwargs):  # quit() or exit() left in a cell: in Jupyter a slip, here a race with the tests
        print("[while grading, quit() and exit() do not stop the kernel: the notebook runs to the end]")

    shell.ask_exit = stay


def main(argv=None):
    config = json.loads(os.environ.pop("MLPEDU_SANDBOX"))
    _die_with_parent(config.get("parent_pid"))
    _set_limits(config.get("memory_bytes"), config.get("cpu_seconds"), config.get("file_bytes"),
                config.get("os_sandbox", False))
    import numpy  # noqa: F401  -- loaded before the fence: it opens libraries with ctypes
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(sys.argv[1:] if argv is None else argv)
    _keep_to_the_notebook(app.kernel.shell)
    forbid_new_processes()
    sys.addaudithook(make_audit_hook(config["sandbox_dir"], config.get("private_dirs", ()),
                                     config.get("writable_dirs", ())))
    app.start()


if __name__ == "__main__":
    main()
