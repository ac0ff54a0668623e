"""Whether a process that left a temporary file or folder behind still runs (names carry its pid)."""

from __future__ import annotations

import os

__all__ = ["process_alive"]


def process_alive(pid: int) -> bool:
    """``True`` while ``pid`` runs (this process, or one of another user: alive as far as we can tell)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
