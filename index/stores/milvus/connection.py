"""The connection to Milvus: configuration, a deadline on every call, and failures as our errors.

pymilvus retries a failed call (its ``retry_on_rpc_failure`` decorator, up to 75 times with back-off)
and waits without a deadline unless each call is given ``timeout=``; it also logs a traceback block
for every failed attempt. :class:`Client` passes ``timeout`` to every call, so a frozen or stopped
server fails a call within about the configured timeout; after such a failure it answers
"unavailable" at once for ``timeout`` seconds (a question makes several calls, which would otherwise
wait one timeout each), then tries the server again. pymilvus's own logger is set to CRITICAL, and
one warning line of ours says what happened.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from qa.exceptions import ConfigurationError, StoreUnavailable

__all__ = ["INDEX_TYPES", "Client", "CollectionGone", "MilvusConfig"]

INDEX_TYPES = ("AUTOINDEX", "HNSW", "FLAT")
SLOW_CALLS = frozenset({"create_collection", "insert", "flush", "load_collection", "drop_collection"})
"""Calls a build makes that may take long on a big collection: they get at least ``SLOW_TIMEOUT``."""
SLOW_TIMEOUT = 600.0
_T = TypeVar("_T")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MilvusConfig:
    uri: str = "http://127.0.0.1:19530"
    token: str = ""
    collection: str = "un_paragraphs"
    index_type: str = "AUTOINDEX"
    lexical_field: str = "terms"
    """``terms`` (BM25 weights computed as the local store scores, same ranking) or ``text``
    (Milvus's own BM25 over its jieba analyzer)."""
    timeout: float = 10.0
    """Seconds one call to Milvus may take; a question fails with 503 after about this long."""

    def __post_init__(self) -> None:
        if self.index_type.upper() not in INDEX_TYPES:
            raise ConfigurationError(
                f"unknown Milvus index type {self.index_type!r}: use one of {', '.join(INDEX_TYPES)}"
            )
        if self.lexical_field not in ("terms", "text"):
            raise ConfigurationError(f"unknown lexical field {self.lexical_field!r}: use terms or text")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", self.collection):
            raise ConfigurationError(
                f"Milvus collection name {self.collection!r} must be letters, digits and _, starting with a letter"
            )
        if not self.timeout > 0:
            raise ConfigurationError(f"the Milvus timeout must be positive seconds, not {self.timeout!r}")


class CollectionGone(StoreUnavailable):
    """A collection this process reads was dropped (another process rebuilt the index)."""


def quiet_pymilvus() -> None:
    """pymilvus logs a traceback per failed attempt; our exceptions say what happened instead."""
    logger = logging.getLogger("pymilvus")
    if logger.level == logging.NOTSET:  # leave a level someone chose on purpose
        logger.setLevel(logging.CRITICAL)


def _transport_failure(exc: BaseException) -> bool:
    """The server did not answer (down, frozen, unreachable), as opposed to refusing a request."""
    import grpc

    if isinstance(exc, grpc.RpcError | OSError | TimeoutError):
        return True
    text = str(getattr(exc, "message", "") or exc)
    return any(s in text for s in ("Retry timeout", "DEADLINE_EXCEEDED", "UNAVAILABLE", "Fail connecting"))


class Client:
    """A ``MilvusClient`` whose calls have a deadline and whose failures are :class:`StoreUnavailable`."""

    def __init__(self, config: MilvusConfig) -> None:
        self.config = config
        self.uri = config.uri
        self._down_until = 0.0
        self._lock = threading.Lock()
        quiet_pymilvus()
        try:
            from pymilvus import MilvusClient
        except ImportError as exc:  # pragma: no cover - pymilvus is a dependency
            raise ConfigurationError("QA_STORE=milvus needs the pymilvus package: pip install pymilvus") from exc
        self.client = self.call(MilvusClient, uri=config.uri, token=config.token, timeout=config.timeout)

    def call(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        import grpc
        from pymilvus.exceptions import MilvusException

        if time.monotonic() < self._down_until:
            raise StoreUnavailable(
                f"Milvus at {self.uri} did not answer within {self.config.timeout:g} s a moment ago; "
                "check that the server runs (QA_MILVUS_URI)"
            )
        started = time.monotonic()
        try:
            return fn(*args, **kwargs)
        except (MilvusException, grpc.RpcError, OSError, TimeoutError) as exc:
            elapsed = time.monotonic() - started
            if isinstance(exc, MilvusException) and not _transport_failure(exc) and elapsed < self.config.timeout:
                message = str(exc.message or exc)
                if "not found" in message or "not exist" in message:
                    raise CollectionGone(f"Milvus at {self.uri}: {message}") from exc
                raise StoreUnavailable(
                    f"Milvus at {self.uri} refused the request ({message[:300]}); "
                    "check the server and QA_MILVUS_URI/QA_MILVUS_TOKEN"
                ) from exc
            with self._lock:
                self._down_until = time.monotonic() + self.config.timeout
            msg = (
                f"Milvus at {self.uri} did not answer within {self.config.timeout:g} s "
                f"({type(exc).__name__} after {elapsed:.1f} s); check that the server runs (QA_MILVUS_URI)"
            )
            log.warning("%s", msg)
            raise StoreUnavailable(msg) from exc

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.client, name)

        def bounded(*args: Any, **kwargs: Any) -> Any:
            slow = name in SLOW_CALLS
            kwargs.setdefault("timeout", max(self.config.timeout, SLOW_TIMEOUT) if slow else self.config.timeout)
            if name in ("search", "query", "get"):
                return self.call(self._loaded, method, *args, **kwargs)
            return self.call(method, *args, **kwargs)

        return bounded

    def _loaded(self, method: Callable[..., _T], collection: str, *args: Any, **kwargs: Any) -> _T:
        """Read, loading the collection first if a restarted server has released it."""
        from pymilvus.exceptions import MilvusException

        try:
            return method(collection, *args, **kwargs)
        except MilvusException as exc:
            if "load" not in str(exc.message):
                raise
        self.client.load_collection(collection, timeout=self.config.timeout)
        return method(collection, *args, **kwargs)
