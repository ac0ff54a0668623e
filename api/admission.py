"""Back-pressure: at most ``max_waiting_questions`` questions in the service at once; the next gets 503."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import AsyncIterator

from fastapi import Request

from qa.exceptions import Overloaded

__all__ = ["QuestionGate", "question_slot"]


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
