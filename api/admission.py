"""Back-pressure: at most ``max_waiting_questions`` questions and ``max_waiting_uploads`` uploads in the
service at once; the next gets 503 with ``Retry-After``.

Uploads (``POST``/``DELETE /documents``) are admitted before their body is read
(:class:`UploadAdmission`, an ASGI middleware), then take their turn one at a time
(:meth:`UploadQueue.turn`): a waiting upload awaits an async lock and holds no worker thread,
and the document is parsed in a worker process (:mod:`corpus.sandbox`), so questions keep
their threads. On SIGTERM/SIGINT the parse workers are killed and waiting uploads get 503.
"""

from __future__ import annotations

import contextlib
import logging
import math
import signal
import threading
import time
from collections.abc import AsyncIterator
from types import FrameType
from typing import Any

import anyio
from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import error_response
from qa.exceptions import Overloaded

__all__ = ["QuestionGate", "UploadAdmission", "UploadQueue", "kill_parses_on_shutdown", "question_slot"]

log = logging.getLogger(__name__)


class QuestionGate:
    """Counts the questions being answered or waiting, and refuses one beyond ``limit``.

    ``Retry-After`` is the recent time a question spent in the service (a moving average, 1–60 s):
    with the service full, about that long frees the places ahead of the caller.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._inside = 0
        self._average_s = 1.0
        self._lock = threading.Lock()

    @property
    def inside(self) -> int:
        return self._inside

    def enter(self) -> float:
        with self._lock:
            if self._inside >= self.limit:
                retry = min(60, max(1, math.ceil(self._average_s)))
                raise Overloaded(
                    f"the service is busy: {self._inside} questions are already waiting or being answered "
                    f"(the limit, QA_MAX_WAITING_QUESTIONS, is {self.limit}); try again in {retry} s",
                    retry_after=retry,
                )
            self._inside += 1
        return time.perf_counter()

    def leave(self, entered: float) -> None:
        with self._lock:
            self._inside -= 1
            self._average_s = 0.8 * self._average_s + 0.2 * (time.perf_counter() - entered)


async def question_slot(request: Request) -> AsyncIterator[None]:
    """A dependency for the question routes: a place in the gate for the length of the request."""
    gate: QuestionGate = request.app.state.question_gate
    entered = gate.enter()
    try:
        yield
    finally:
        gate.leave(entered)


class UploadQueue:
    """Counts the uploads in the service (waiting or being processed) and lets one work at a time.

    ``Retry-After`` is the recent time one upload took (a moving average) times the uploads
    ahead, 1–600 s.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.closed = False
        """Set on shutdown: uploads still waiting are refused with 503."""
        self._inside = 0
        self._average_s = 5.0
        self._lock = threading.Lock()
        self._turn: anyio.Lock | None = None

    @property
    def inside(self) -> int:
        return self._inside

    def retry_after(self) -> int:
        return min(600, max(1, math.ceil(self._average_s * max(1, self._inside))))

    def enter(self) -> float:
        with self._lock:
            if self.closed or self._inside >= self.limit:
                retry = self.retry_after()
                why = (
                    "the service is shutting down"
                    if self.closed
                    else f"{self._inside} uploads are already waiting or being processed (the limit, "
                    f"QA_MAX_WAITING_UPLOADS, is {self.limit})"
                )
                raise Overloaded(f"the service is busy: {why}; try again in {retry} s", retry_after=retry)
            self._inside += 1
        return time.perf_counter()

    def leave(self, entered: float) -> None:
        with self._lock:
            self._inside -= 1
            self._average_s = 0.8 * self._average_s + 0.2 * (time.perf_counter() - entered)

    @contextlib.asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        """Wait (without a thread) until no other upload works, then hold the turn."""
        if self._turn is None:
            self._turn = anyio.Lock()  # made in the event loop that uses it
        async with self._turn:
            if self.closed:
                raise Overloaded("the service is shutting down; try again in a moment", retry_after=5)
            yield


class UploadAdmission:
    """Admit ``POST``/``DELETE`` under ``/documents`` into the :class:`UploadQueue` before the body is read."""

    def __init__(self, app: ASGIApp, queue: UploadQueue) -> None:
        self.app = app
        self.queue = queue

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if (
            scope["type"] != "http"
            or scope.get("method") not in ("POST", "DELETE")
            or not (path == "/documents" or path.startswith("/documents/"))
        ):
            await self.app(scope, receive, send)
            return
        try:
            entered = self.queue.enter()
        except Overloaded as exc:
            response = error_response(503, str(exc), headers={"Retry-After": str(exc.retry_after)})
            await response(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.queue.leave(entered)


def kill_parses_on_shutdown(app: FastAPI) -> None:
    """On SIGTERM/SIGINT, kill the document parse workers and refuse waiting uploads, then let the
    server's own handler run (its graceful shutdown then waits for no parse).

    Only in the main thread (where uvicorn installs its handlers before the app starts).
    """
    if threading.current_thread() is not threading.main_thread():
        return
    from corpus.sandbox import stop_all

    queue: UploadQueue = app.state.upload_queue
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous = signal.getsignal(sig)

        def handler(signum: int, frame: FrameType | None, previous: Any = previous) -> None:
            queue.closed = True
            stopped = stop_all()
            if stopped:
                log.warning("shutting down: stopped %d document parse(s) in progress", stopped)
            if callable(previous):
                previous(signum, frame)
            else:  # the default or ignore: as it was
                signal.signal(signum, previous)
                signal.raise_signal(signum)

        signal.signal(sig, handler)
