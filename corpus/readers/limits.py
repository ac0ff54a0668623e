"""Limits on what reading one document may cost: time, memory and output.

A hostile or broken file (a PDF stream that inflates to gigabytes, a .docx whose XML unpacks
to hundreds of megabytes, a document that comes out as one enormous paragraph) is refused
with :class:`ParseLimitExceeded`, which names the limit and the setting that raises it.

The checks here run inside the worker process of :mod:`corpus.sandbox`:

* :func:`check_docx_size`: the zip directory's unpacked sizes, before anything is unpacked
  (a zip member can never yield more than the size its directory entry declares);
* :func:`cap_pdf_inflation`: pdfminer's FlateDecode goes through a ``zlib`` that stops at the
  document's remaining budget of inflated bytes, and every decoded stream counts against it;
* :func:`check_output`: the paragraph count and the longest paragraph of the parse result.

Memory (``RLIMIT_AS``) and wall time are enforced by :mod:`corpus.sandbox` around all of this.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.readers.base import ReaderError

__all__ = [
    "InflateBudget",
    "ParseLimitExceeded",
    "ParseLimits",
    "cap_pdf_inflation",
    "check_docx_size",
    "check_output",
]


@dataclass(frozen=True, slots=True)
class ParseLimits:
    """What reading one document may cost; each field has a ``QA_PARSE_…`` setting."""

    max_seconds: float = 120.0
    """Wall time of the worker process (QA_PARSE_MAX_SECONDS); it is killed past it."""
    max_memory_mb: int = 2048
    """Address space of the worker process (QA_PARSE_MAX_MEMORY_MB, ``RLIMIT_AS``)."""
    max_inflated_mb: float = 200.0
    """Decompressed bytes: all PDF streams, or all parts of a .docx (QA_PARSE_MAX_INFLATED_MB)."""
    max_paragraphs: int = 20_000
    """Paragraphs (entries) one document may yield (QA_PARSE_MAX_PARAGRAPHS)."""
    max_paragraph_chars: int = 200_000
    """Characters of the longest paragraph (QA_PARSE_MAX_PARAGRAPH_CHARS)."""

    @property
    def max_inflated_bytes(self) -> int:
        return int(self.max_inflated_mb * 1_000_000)


class ParseLimitExceeded(ReaderError):
    """A document goes over one of the :class:`ParseLimits`; ``limit`` is the setting's name."""

    def __init__(self, message: str, *, limit: str) -> None:
        super().__init__(message)
        self.limit = limit

    def __reduce__(self) -> tuple[Any, ...]:  # crosses the process boundary
        return (_rebuild, (str(self), self.limit))


def _rebuild(message: str, limit: str) -> ParseLimitExceeded:
    return ParseLimitExceeded(message, limit=limit)


def _mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB" if n >= 10e6 else f"{n / 1e6:,.1f} MB"


def inflate_error(name: str, budget: int) -> ParseLimitExceeded:
    return ParseLimitExceeded(
        f"{name} inflates to more than {_mb(budget)} of decompressed data (the limit QA_PARSE_MAX_INFLATED_MB):"
        " refused as a possible decompression bomb; supply the document without embedded bulk",
        limit="QA_PARSE_MAX_INFLATED_MB",
    )


def check_docx_size(path: Path, limits: ParseLimits) -> None:
    """Refuse a zip whose members declare more unpacked bytes, together, than the budget."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader says what is wrong with a damaged zip
    if total > limits.max_inflated_bytes:
        raise ParseLimitExceeded(
            f"{path.name} unpacks to {_mb(total)} (over the limit of {_mb(limits.max_inflated_bytes)},"
            " QA_PARSE_MAX_INFLATED_MB): refused as a possible zip bomb; supply the document without embedded bulk",
            limit="QA_PARSE_MAX_INFLATED_MB",
        )


class InflateBudget:
    """Decompressed bytes a document may still produce; ``exceeded`` stays set once it ran out.

    ``exceeded`` matters because a library may catch the error and carry on: the sandbox
    checks it after the reader returns.
    """

    def __init__(self, name: str, total: int) -> None:
        self.name = name
        self.total = total
        self.used = 0
        self.exceeded = False

    @property
    def remaining(self) -> int:
        return max(0, self.total - self.used)

    def spend(self, n: int) -> None:
        self.used += n
        if self.used > self.total:
            raise self.fail()

    def fail(self) -> ParseLimitExceeded:
        self.exceeded = True
        return inflate_error(self.name, self.total)


class _CappedDecompressor:
    """``zlib.decompressobj()`` that stops at the budget (pdfminer's ``decompress_corrupted`` uses it)."""

    def __init__(self, budget: InflateBudget) -> None:
        self._d = zlib.decompressobj()
        self._budget = budget
        self._made = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = self._budget.remaining - self._made + 1
        out = self._d.decompress(data, room if max_length <= 0 else min(room, max_length))
        self._made += len(out)
        if self._made > self._budget.remaining:
            raise self._budget.fail()
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._d, name)


class _CappedZlib:
    """The part of the ``zlib`` module pdfminer uses, with output capped at the budget."""

    error = zlib.error

    def __init__(self, budget: InflateBudget) -> None:
        self._budget = budget

    def decompress(self, data: bytes, *args: Any, **kwargs: Any) -> bytes:
        d = zlib.decompressobj()
        room = self._budget.remaining
        out = d.decompress(data, room + 1)
        if len(out) > room:
            raise self._budget.fail()
        if not d.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def decompressobj(self, *args: Any, **kwargs: Any) -> _CappedDecompressor:
        return _CappedDecompressor(self._budget)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def cap_pdf_inflation(budget: InflateBudget) -> None:
    """Make pdfminer (in this process, for good: call it only in a worker) spend ``budget``.

    FlateDecode stops as soon as the budget is used up, before the bytes exist; every decoded
    stream (whatever its filter) counts against it.
    """
    from pdfminer import pdftypes

    pdftypes.zlib = _CappedZlib(budget)  # type: ignore[assignment]
    decode = pdftypes.PDFStream.decode

    def counted(stream: pdftypes.PDFStream) -> None:
        if budget.exceeded:
            raise budget.fail()
        decode(stream)
        budget.spend(len(stream.data or b""))

    pdftypes.PDFStream.decode = counted  # type: ignore[method-assign,assignment]


def check_output(name: str, blocks: list[Any], limits: ParseLimits) -> None:
    """Refuse a parse result with too many paragraphs or one too long (``blocks`` have ``text``)."""
    if len(blocks) > limits.max_paragraphs:
        raise ParseLimitExceeded(
            f"{name} yields {len(blocks):,} paragraphs, over the limit of {limits.max_paragraphs:,}"
            " (QA_PARSE_MAX_PARAGRAPHS); split the document or check that it is a report",
            limit="QA_PARSE_MAX_PARAGRAPHS",
        )
    longest = max(blocks, key=lambda b: len(b.text), default=None)
    if longest is not None and len(longest.text) > limits.max_paragraph_chars:
        where = f"paragraph {longest.paragraph}" if getattr(longest, "paragraph", None) else "an unnumbered paragraph"
        raise ParseLimitExceeded(
            f"{name}: {where} is {len(longest.text):,} characters long, over the limit of"
            f" {limits.max_paragraph_chars:,} (QA_PARSE_MAX_PARAGRAPH_CHARS); check its paragraph breaks",
            limit="QA_PARSE_MAX_PARAGRAPH_CHARS",
        )
