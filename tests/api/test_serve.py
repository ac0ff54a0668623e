"""``qa serve`` listens where QA_HOST and QA_PORT say (a real process, a real socket)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR


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


def test_a_busy_port_fails_at_once_before_serving_is_announced(tmp_path: Path, index_settings: Settings) -> None:
    """The port is taken before the index is opened or built: no "serving … on :PORT" line, no build."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        env = _env(index_settings, QA_INDEX_DIR=str(tmp_path / "index"), QA_PORT=str(port))
        started = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "qa.cli", "serve"],
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in " ".join(result.stderr.split())
    assert "serving" not in result.stdout
    assert not (tmp_path / "index").exists(), "nothing was built for a server that cannot listen"
    assert time.monotonic() - started < 60


def test_first_start_shows_the_build_progress_serve_sh_promises(tmp_path: Path, index_settings: Settings) -> None:
    """serve.sh's first-start message points at a progress bar and measured figures; `qa serve` shows that bar."""
    script = (PROJECT_ROOT / "scripts" / "serve.sh").read_text(encoding="utf-8")
    assert "progress bar" in script and "20 a second" in script and "one to two minutes" not in script
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "004_723cbf81696a18db.txt").write_bytes((CORPUS_DIR / "004_723cbf81696a18db.txt").read_bytes())
    port = _free_port()
    env = _env(
        index_settings,
        QA_INDEX_DIR=str(tmp_path / "index"),
        QA_CORPUS_DIR=str(corpus),
        QA_PARSE_CACHE_DIR=str(tmp_path / "parse-cache"),
        QA_CACHE_PATH=str(tmp_path / "embeddings.sqlite"),  # empty: the passages are really embedded
        QA_PORT=str(port),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
    finally:
        proc.terminate()
        out, errors = proc.communicate(timeout=30)
    assert re.search(r"\d+/\d+ \[[^\]]*passage/s\]", errors), errors[-2000:]
    assert f"on http://127.0.0.1:{port}/" in out


def test_connections_accepted_by_qa_serve_send_without_nagle() -> None:
    """``qa serve`` listens on its own socket: asyncio turns Nagle off (TCP_NODELAY) on the connections
    it accepts only when that socket says it is TCP. With Nagle on, a kept-alive client waited for its
    delayed ACK (~40 ms) for every response body written after its headers."""
    import asyncio

    from qa.cli import _listen

    sock = _listen("127.0.0.1", _free_port())
    nodelay: list[int] = []

    class Record(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            accepted = transport.get_extra_info("socket")
            nodelay.append(accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def accept_one() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(Record, sock=sock)
        port = sock.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(100):
            if nodelay:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(accept_one())
    assert nodelay == [1]


def test_the_server_parses_with_httptools_on_uvloop() -> None:
    """``qa serve``'s configuration: llhttp (C) parses requests, and uvloop runs the event loop."""
    import uvloop
    from fastapi import FastAPI
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    from api.server import server_config

    config = server_config(FastAPI(), host="127.0.0.1", port=0, header_timeout=5.0)
    assert isinstance(config.http, type) and issubclass(config.http, HttpToolsProtocol)
    factory = config.get_loop_factory()
    assert factory is not None
    loop = factory()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()
