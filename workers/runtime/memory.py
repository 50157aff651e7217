"""Memory figures of a process, read from /proc (Linux)."""

from pathlib import Path


def memory_mb(pid: int | str, field: str) -> float:
    """A memory figure of /proc/PID/status (VmRSS, VmHWM…) in MB; NaN if absent.

    NaN, not 0: an unknown figure must not pass for a small one (a sum with it
    is unknown too). `pid` may be "self".
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return float("nan")
    for line in status.splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")
