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
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from index.errors import ConfigurationError, StoreUnavailable

__all__ = ["INDEX_TYPES", "Client", "CollectionGone", "MilvusConfig"]

INDEX_TYPES = ("AUTOINDEX", "HNSW", "FLAT")
GRPC_OPTIONS = {"grpc.keepalive_time_ms": 300_000, "grpc.keepalive_permit_without_calls": 0}
"""pymilvus pings every 10 s, idle or not; gRPC servers that keep the default ping policy (milvus-lite 3.x)
answer "too many pings" and close the connection (GOAWAY), failing the calls on it. Every call has a
deadline, which finds a dead server sooner than pings would."""
SLOW_CALLS = frozenset({"create_collection", "insert", "flush", "load_collection", "drop_collection"})
"""Calls a build makes that may take long on a big collection: they get at least ``SLOW_TIMEOUT``."""
SLOW_TIMEOUT = 600.0
PAUSE = 5.0
"""Seconds at least during which calls fail at once after one got no answer (or the timeout, if longer)."""
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
    """pymilvus logs a traceback per failed attempt (its own handler, level WARNING); our exceptions
    say what happened instead. ``QA_PYMILVUS_LOG_LEVEL`` (e.g. ``DEBUG``) keeps its logs for debugging."""
    level = os.environ.get("QA_PYMILVUS_LOG_LEVEL", "CRITICAL").upper()
    logging.getLogger("pymilvus").setLevel(level if level in logging.getLevelNamesMapping() else "CRITICAL")


def _transport_failure(exc: BaseException) -> bool:
    """The server did not answer (down, frozen, unreachable), as opposed to refusing a request."""
    import grpc

    if isinstance(exc, OSError | TimeoutError):
        return True
    if isinstance(exc, grpc.RpcError):
        code = exc.code() if isinstance(exc, grpc.Call) else None
        return code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED)
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
        deadline = time.monotonic() + config.timeout
        while True:  # a connection refused at once is tried again within the timeout (a server starting up)
            try:
                last = time.monotonic() + 0.5 >= deadline
                self.client = self._call(
                    MilvusClient,
                    uri=config.uri,
                    token=config.token,
                    timeout=config.timeout,
                    grpc_options=GRPC_OPTIONS,
                    dedicated=True,  # pymilvus 3 shares one channel per URI, made with its first client's options
                    _log=last,
                )
                break
            except StoreUnavailable:
                if last:
                    raise
                self._down_until = 0.0
                time.sleep(0.5)

    @property
    def slow_timeout(self) -> float:
        """The deadline of a call in :data:`SLOW_CALLS` (an insert, a flush, a load)."""
        return max(self.config.timeout, SLOW_TIMEOUT)

    def call(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """``fn(*args, **kwargs)``, its failures as :class:`StoreUnavailable` (logged in one line)."""
        return self._call(fn, *args, **kwargs)

    def _call(self, fn: Callable[..., _T], *args: Any, _log: bool = True, **kwargs: Any) -> _T:
        import grpc
        from pymilvus.exceptions import MilvusException

        if time.monotonic() < self._down_until:
            raise StoreUnavailable(
                f"Milvus at {self.uri} did not answer a moment ago (tried again {max(self.config.timeout, PAUSE):g} s after that); "
                "check that the server runs (QA_MILVUS_URI)"
            )
        started = time.monotonic()
        try:
            return fn(*args, **kwargs)
        except (MilvusException, grpc.RpcError, OSError, TimeoutError) as exc:
            elapsed = time.monotonic() - started
            if not _transport_failure(exc) and elapsed < self.config.timeout:
                message = str(getattr(exc, "message", "") or exc)
                if isinstance(exc, grpc.Call):
                    message = f"{exc.code().name} {exc.details() or ''}".strip()
                if "not found" in message or "not exist" in message:
                    raise CollectionGone(f"Milvus at {self.uri}: {message}") from exc
                raise StoreUnavailable(
                    f"Milvus at {self.uri} refused the request ({message[:300]}); "
                    "check the server and QA_MILVUS_URI/QA_MILVUS_TOKEN"
                ) from exc
            with self._lock:
                self._down_until = time.monotonic() + max(self.config.timeout, PAUSE)
            what = (
                f"did not answer within {self.config.timeout:g} s"
                if elapsed >= 0.9 * self.config.timeout
                else f"is unreachable (no connection after {elapsed:.1f} s)"
            )
            msg = f"Milvus at {self.uri} {what}; check that the server runs (QA_MILVUS_URI)"
            if _log:
                log.warning("%s", msg)
            raise StoreUnavailable(msg) from exc

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.client, name)

        def bounded(*args: Any, **kwargs: Any) -> Any:
            slow = name in SLOW_CALLS
            kwargs.setdefault("timeout", self.slow_timeout if slow else self.config.timeout)
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
