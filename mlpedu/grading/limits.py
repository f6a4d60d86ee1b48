"""The time and memory limits of one submission (defaults of `mlpedu grade`)."""

from dataclasses import dataclass


@dataclass
class Limits:
    cell_timeout: float = 30.0       # seconds for one cell (interrupted, then the kernel is killed)
    notebook_timeout: float = 300.0  # seconds for the whole notebook
    memory_mb: int = 1024            # address-space limit of the student's kernel
