"""Read and parse one document in a worker process, within :class:`~corpus.readers.limits.ParseLimits`.

The real readers (pdfplumber, python-docx) run in a fresh process per document, forked from a
``forkserver`` that has them imported already (a few tens of milliseconds per document). The
worker caps its own address space (``RLIMIT_AS``) and CPU time, caps pdfminer's inflation and
checks a .docx's unpacked size before reading; the caller waits at most ``max_seconds`` and then
kills it. So a hostile file costs one process, for a bounded time and memory, and the caller
gets :class:`ParseLimitExceeded` naming the limit, or the reader's own :class:`ReaderError`.

:func:`stop_all` kills every worker of this process (a server shutting down does not wait).
:func:`make_scratch` gives the temporary folder an upload is parsed from; it is named after the
process, so folders left by a process that was killed are removed by the next one.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import stat
import tempfile
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from corpus.errors import QAError
from corpus.file_parsing import parse_file
from corpus.parse_cache import CachedParse
from corpus.processes import process_alive
from corpus.readers.base import ReaderError
from corpus.readers.limits import (
    InflateBudget,
    ParseLimitExceeded,
    ParseLimits,
    cap_pdf_inflation,
    check_docx_size,
    check_output,
)

__all__ = ["ParseLimitExceeded", "ParseLimits", "ParseStopped", "make_scratch", "parse_isolated", "running", "stop_all"]

_PRELOAD = ["corpus.sandbox_preload", "pdfplumber", "docx"]
"""Imported once in the forkserver (not the service's main module: see :mod:`corpus.sandbox_preload`)."""
_LOCK = threading.Lock()
_LIVE: set[BaseProcess] = set()
_STOPPED: set[int] = set()
_CONTEXT: BaseContext | None = None


class ParseStopped(ReaderError):
    """The worker was killed by :func:`stop_all` (the service is shutting down)."""


def _context() -> BaseContext:
    global _CONTEXT
    with _LOCK:
        if _CONTEXT is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
            _CONTEXT = ctx
        return _CONTEXT


log = logging.getLogger(__name__)

_SCRATCH_RE = re.compile(r"^qa-add-(\d+)-")


def clean_stale_scratch(tmp_dir: Path | str | None = None) -> list[Path]:
    """Remove ``qa-add-<pid>-*`` folders that killed processes left in the system's temporary folder.

    Only folders of that name, owned by this user, whose process is gone. Called when ``qa serve``
    starts and by :func:`make_scratch` before each add.
    """
    base = Path(tmp_dir or tempfile.gettempdir())
    removed: list[Path] = []
    try:
        candidates = list(base.iterdir())
    except OSError:
        return removed
    for entry in candidates:
        m = _SCRATCH_RE.match(entry.name)
        if not m or process_alive(int(m.group(1))):
            continue
        try:
            st = entry.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            continue
        shutil.rmtree(entry, ignore_errors=True)
        log.info("removed %s, left by an interrupted add (process %s)", entry, m.group(1))
        removed.append(entry)
    return removed


def make_scratch() -> Path:
    """A new temporary folder ``qa-add-<pid>-…``; first removes such folders of processes that are gone."""
    clean_stale_scratch()
    return Path(tempfile.mkdtemp(prefix=f"qa-add-{os.getpid()}-"))


def running() -> int:
    """Workers alive now."""
    with _LOCK:
        return len(_LIVE)


def stop_all() -> int:
    """Kill every worker of this process (their callers get an error at once); returns how many."""
    with _LOCK:
        procs = list(_LIVE)
        _STOPPED.update(id(p) for p in procs)
    for proc in procs:
        proc.kill()
    return len(procs)


def _memory_error(name: str, limits: ParseLimits) -> ParseLimitExceeded:
    return ParseLimitExceeded(
        f"reading {name} needs more than {limits.max_memory_mb:,} MB of memory (the limit QA_PARSE_MAX_MEMORY_MB);"
        " supply a smaller document or split it",
        limit="QA_PARSE_MAX_MEMORY_MB",
    )


def _caused_by_memory(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _work(path: Path, lang: str | None, limits: ParseLimits, budget: InflateBudget) -> CachedParse:
    if path.suffix.lower() == ".docx":
        check_docx_size(path, limits)
    cap_pdf_inflation(budget)
    item = parse_file(path, lang=lang)
    if budget.exceeded:
        raise budget.fail()
    check_output(path.name, item.parsed.blocks, limits)
    return item


def _child(conn: Connection, path_name: str, lang: str | None, limits: ParseLimits) -> None:
    """The worker: set its own limits, parse, send ``("ok", item)`` or ``(kind, message, limit)``."""
    import resource

    memory = limits.max_memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.max_seconds) + 5  # a backstop should the parent be gone
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    path = Path(path_name)
    budget = InflateBudget(path.name, limits.max_inflated_bytes)
    outcome: tuple[Any, ...]
    try:
        outcome = ("ok", _work(path, lang, limits, budget))
    except BaseException as caught:  # noqa: BLE001 - everything goes back to the parent as a message
        err: BaseException = caught
        if budget.exceeded:
            err = budget.fail()
        elif _caused_by_memory(caught):
            err = _memory_error(path.name, limits)
        if isinstance(err, ParseLimitExceeded):
            outcome = ("limit", str(err), err.limit)
        elif isinstance(err, ReaderError | QAError):
            outcome = ("error", str(err), "")
        else:
            outcome = ("error", f"{path.name} cannot be read ({type(err).__name__}: {err})", "")
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(("limit", str(_memory_error(path.name, limits)), "QA_PARSE_MAX_MEMORY_MB"))
    conn.close()


def parse_isolated(path: Path, *, lang: str | None, limits: ParseLimits) -> CachedParse:
    """Read and parse ``path`` in a worker process within ``limits``.

    Raises :class:`ParseLimitExceeded` (over a limit: the worker was stopped) or
    :class:`ReaderError` (the file cannot be read), never leaving a worker behind.
    """
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(  # type: ignore[attr-defined]
        target=_child, args=(sender, str(path), lang, limits), name=f"qa-parse {path.name}", daemon=True
    )
    with _LOCK:
        proc.start()
        _LIVE.add(proc)
    sender.close()
    started = time.monotonic()
    answered = False
    try:
        if not receiver.poll(limits.max_seconds):
            raise ParseLimitExceeded(
                f"reading {path.name} took longer than {limits.max_seconds:g} s (the limit QA_PARSE_MAX_SECONDS):"
                " stopped; supply a smaller or simpler document",
                limit="QA_PARSE_MAX_SECONDS",
            )
        try:
            outcome = receiver.recv()
            answered = True
        except (EOFError, OSError):
            proc.join(timeout=5)
            if id(proc) in _STOPPED:
                raise ParseStopped(f"reading {path.name} was stopped: the service is shutting down") from None
            if time.monotonic() - started >= limits.max_seconds - 1:
                raise ParseLimitExceeded(
                    f"reading {path.name} used more CPU time than {limits.max_seconds:g} s allow"
                    " (the limit QA_PARSE_MAX_SECONDS): stopped",
                    limit="QA_PARSE_MAX_SECONDS",
                ) from None
            raise ParseLimitExceeded(
                f"the reader of {path.name} stopped (exit code {proc.exitcode}), most likely over the memory limit"
                f" of {limits.max_memory_mb:,} MB (QA_PARSE_MAX_MEMORY_MB); supply a smaller document or split it",
                limit="QA_PARSE_MAX_MEMORY_MB",
            ) from None
    finally:
        if answered:
            proc.join(timeout=2)
        if proc.is_alive():
            proc.kill()
            proc.join()
        receiver.close()
        with _LOCK:
            _LIVE.discard(proc)
            _STOPPED.discard(id(proc))
    if outcome[0] == "ok":
        item: CachedParse = outcome[1]
        return item
    if outcome[0] == "limit":
        raise ParseLimitExceeded(outcome[1], limit=outcome[2])
    raise ReaderError(outcome[1])
