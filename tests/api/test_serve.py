"""``qa serve`` listens where QA_HOST and QA_PORT say (a real process, a real socket)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(index_settings: Settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "QA_INDEX_DIR": str(index_settings.index_dir),
        "QA_CACHE_PATH": str(index_settings.cache_path),
        **extra,
    }


def test_serve_listens_on_qa_host_and_qa_port(searcher: Searcher, index_settings: Settings) -> None:
    port = _free_port()
    env = _env(index_settings, QA_HOST="127.0.0.1", QA_PORT=str(port))
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve"], cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 300
        status = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status = httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code
                break
            except httpx.TransportError:
                time.sleep(0.2)
        assert status == 200, f"nothing answered on QA_PORT={port} (exit code {proc.poll()})"
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"on http://127.0.0.1:{port}/" in out


def test_a_bad_qa_port_is_a_clear_error(index_settings: Settings) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "qa.cli", "serve"],
        cwd=PROJECT_ROOT,
        env=_env(index_settings, QA_PORT="70000"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "bad setting" in result.stderr and "port" in result.stderr
