"""Plain text documents: UTF-8 (a byte-order mark is allowed), read as they are."""

from __future__ import annotations

from pathlib import Path

from corpus.readers.base import ReaderError, SourceText

__all__ = ["read_text"]


def read_text(path: Path) -> SourceText:
    """The file's text; footnotes stay inline (the paragraph parser finds them)."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise ReaderError(f"{path.name} contains NUL bytes: it is not a text file; supply UTF-8 text, PDF or .docx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(f"{path.name} is not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReaderError(f"{path.name} contains only whitespace; supply the document's text")
    return SourceText(text=text, format="txt")
