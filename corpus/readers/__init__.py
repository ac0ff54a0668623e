"""Format readers: a document file (text, PDF, Word) → :class:`SourceText` for the paragraph parser.

``read_document`` checks the file first (extension, size cap, what its first bytes say it
is) and then dispatches to the reader of its format; every failure is a
:class:`ReaderError` that names the file and says what to do.
"""

from __future__ import annotations

from pathlib import Path

from corpus.readers.base import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, ReaderError, SourceText, check_file

__all__ = ["DEFAULT_MAX_BYTES", "READER_VERSION", "SUPPORTED_SUFFIXES", "ReaderError", "SourceText", "read_document"]

READER_VERSION = "16"
"""Bumped whenever a reader changes what it returns for the same file (part of the parse cache key)."""


def read_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceText:
    """Read one document file of a supported format (``.txt``, ``.pdf``, ``.docx``)."""
    path = Path(path)
    kind = check_file(path, max_bytes=max_bytes)
    if kind == "pdf":
        from corpus.readers.pdf import read_pdf

        return read_pdf(path)
    if kind == "docx":
        from corpus.readers.docx import read_docx

        return read_docx(path)
    from corpus.readers.text import read_text

    return read_text(path)
