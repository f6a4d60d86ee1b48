"""The time and memory limits of one submission (defaults of `mlpedu grade`)."""

from dataclasses import dataclass


@dataclass
class Limits:
    cell_timeout: float = 30.0       # seconds for one cell (interrupted, then the kernel is killed)
    notebook_timeout: float = 300.0  # seconds for the whole notebook
    memory_mb: int = 1024            # address-space limit of the student's kernel
    workspace_mb: int = 64           # each of the kernel's writable folders (RAM-backed, with the OS sandbox)
    worker_memory_mb: int = 2048     # address space a grading worker may add to what it had when it started
