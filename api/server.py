"""Run the app under uvicorn in a background thread (benchmarks and browser tests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

__all__ = ["running_server", "server_config"]


def server_config(
    app: FastAPI,
    *,
    host: str,
    port: int,
    header_timeout: float | None = None,
    keep_alive: int = 5,
    parser: str = "httptools",
) -> uvicorn.Config:
    """How ``qa serve`` runs ``app``: with ``header_timeout``, clients that do not finish a request's
    headers in that many seconds are disconnected (:mod:`api.protocol`); idle kept-alive connections
    close after ``keep_alive`` seconds. Requests are parsed by ``httptools`` (C) and the event loop is
    uvloop's where installed (uvicorn's ``auto``)."""
    from api.protocol import header_timeout_protocol

    http: Any = parser if header_timeout is None else header_timeout_protocol(header_timeout, parser=parser)
    return uvicorn.Config(app, host=host, port=port, log_level="warning", http=http, timeout_keep_alive=keep_alive)


@contextmanager
def running_server(
    app: FastAPI,
    *,
    host: str = "127.0.0.1",
    timeout: float = 20.0,
    header_timeout: float | None = None,
    parser: str = "httptools",
) -> Iterator[str]:
    """Serve ``app`` on a free loopback port; yields its base URL and stops it on exit."""
    with socket.socket() as s:
        s.bind((host, 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(server_config(app, host=host, port=port, header_timeout=header_timeout, parser=parser))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            server.should_exit = True
            raise RuntimeError(f"uvicorn did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
