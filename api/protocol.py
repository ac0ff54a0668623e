"""uvicorn's HTTP/1.1 protocol with a header-read timeout, so slow clients cannot hold connections forever.

uvicorn closes an idle kept-alive connection after ``timeout_keep_alive`` seconds, but waits
without end for the headers of a request that has begun (or for the first byte of a new
connection). :func:`header_timeout_protocol` gives a protocol class that closes a connection
whose request headers are not complete ``seconds`` after the connection opened, or after the
first byte of its next request. Requests whose headers arrived are not limited (a large upload
may take its time; the body cap is :class:`api.errors.BodySizeLimit`).

>>> cls = header_timeout_protocol(5.0)
>>> cls.header_timeout
5.0
"""

from __future__ import annotations

import asyncio
import logging
import socket

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["H11HeaderTimeoutProtocol", "HeaderTimeoutProtocol", "header_timeout_protocol"]

log = logging.getLogger(__name__)


def _no_delay(transport: asyncio.Transport) -> None:
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        # headers and body go out as two writes: with Nagle on, the body waits for the
        # client's delayed ACK (~40 ms a kept-alive request)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class _HeadTimer:
    """The header clock shared by both protocols: armed while a request head is incomplete."""

    header_timeout: float = 10.0
    _header_timer: asyncio.TimerHandle | None = None
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    client: tuple[str, int] | None

    def _head_incomplete(self) -> bool:
        raise NotImplementedError

    def _arm_header_timer(self) -> None:
        if self._header_timer is None:
            self._header_timer = self.loop.call_later(self.header_timeout, self._header_timed_out)

    def _cancel_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _header_timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or not self._head_incomplete():
            return
        client = f"{self.client[0]}:{self.client[1]}" if self.client else "a client"
        log.info("closing the connection of %s: no complete request head in %.1f s", client, self.header_timeout)
        self.transport.close()


class HeaderTimeoutProtocol(_HeadTimer, HttpToolsProtocol):
    """uvicorn's httptools protocol (the C parser ``llhttp``: a third of h11's time a request) that
    disconnects a client still sending its request headers after :attr:`header_timeout` seconds."""

    _head_open = True
    """A request head has begun (or the connection is new) and is not complete."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _no_delay(transport)
        self._head_open = True
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_open = True
        self._arm_header_timer()  # the first byte of a request: the clock runs

    def on_headers_complete(self) -> None:
        self._head_open = False
        self._cancel_header_timer()
        super().on_headers_complete()

    def _head_incomplete(self) -> bool:
        return self._head_open


class H11HeaderTimeoutProtocol(_HeadTimer, H11Protocol):
    """The same on uvicorn's pure-Python h11 protocol (where httptools is not installed)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        _no_delay(transport)
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_header_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self._arm_header_timer()  # part of a request's head: the clock runs (if it is not running yet)
        else:
            self._cancel_header_timer()  # the head is complete (or the connection is ending)

    def on_response_complete(self) -> None:
        self._cancel_header_timer()  # the keep-alive timeout takes over until the next request's first byte
        super().on_response_complete()

    def _head_incomplete(self) -> bool:
        return self.conn.their_state is h11.IDLE


def header_timeout_protocol(seconds: float, *, parser: str = "httptools") -> type[_HeadTimer]:
    """A protocol class with this header timeout (uvicorn's ``http=`` takes a class): on ``httptools``
    (the default, a dependency of the project) or ``h11``."""
    if not seconds > 0:
        raise ValueError(f"the header timeout must be more than 0 seconds, not {seconds!r}")
    if parser not in ("httptools", "h11"):
        raise ValueError(f"unknown HTTP parser {parser!r}: use httptools or h11")
    base: type[_HeadTimer] = HeaderTimeoutProtocol if parser == "httptools" else H11HeaderTimeoutProtocol
    return type(base.__name__, (base,), {"header_timeout": float(seconds)})
