"""Run ``milvus-lite server`` (the pure-Python Milvus from PyPI) as a child process on a loopback port.

Used by the store tests and ``eval/bench_stores.py``; a deployment points ``QA_MILVUS_URI`` at a
real Milvus instead.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

__all__ = ["MilvusServer", "free_port"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MilvusServer:
    """One ``milvus-lite server`` process; ``stop``/``start`` keep the port and the data folder."""

    def __init__(self, data_dir: Path, port: int, log: Path, *, binary: Path | None = None) -> None:
        """``binary``: the ``milvus`` program of a Milvus Lite 2.5 wheel (``milvus_lite/lib/milvus``, the
        C++ engine) instead of the installed ``milvus-lite`` 3.x server (Python)."""
        self.data_dir = data_dir
        self.port = port
        self.log = log
        self.binary = binary
        self.uri = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        env = None
        if self.binary is None:
            cmd = [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(self.data_dir)]
            cmd += ["--host", "127.0.0.1", "--port", str(self.port)]
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            cmd = [str(self.binary), str(self.data_dir / "milvus.db"), f"127.0.0.1:{self.port}", "ERROR"]
            env = {**os.environ, "LD_LIBRARY_PATH": str(self.binary.parent)}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env, cwd=self.data_dir.parent
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"milvus-lite exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            if self._answers():
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(
            f"milvus-lite did not answer on {self.uri} within {timeout} s: {self.log.read_text()[-2000:]}"
        )

    def _answers(self) -> bool:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", self.port)) != 0:
                return False
        from pymilvus import MilvusClient

        try:
            client = MilvusClient(uri=self.uri, timeout=3, dedicated=True)  # closed below, shared with no one
            client.list_collections()
            client.close()
            return True
        except Exception:
            return False

    def freeze(self) -> None:
        """Stop the process without ending it (SIGSTOP): it keeps its port and answers nothing."""
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """Let a frozen process run again (SIGCONT)."""
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.proc is None:
            return
        pid = self.proc.pid
        if self.proc.poll() is None:
            self.thaw()
            os.kill(pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(pid, signal.SIGKILL)
                self.proc.wait(timeout=15)
        self.proc = None
        deadline = time.monotonic() + 15  # the port is free again before anyone restarts on it
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.2)
