"""What every format reader returns, its error, and the checks made before reading a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus.errors import CorpusError
from corpus.layout import Removal

__all__ = [
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "ReaderError",
    "SourceText",
    "check_file",
    "sniff_format",
    "superscript",
    "unsuperscript",
]

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".docx")
DEFAULT_MAX_BYTES = 50_000_000

_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_UNSUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


class ReaderError(CorpusError):
    """A document file cannot be read (wrong type, damaged, encrypted, scanned, too big…)."""


@dataclass(frozen=True)
class SourceText:
    """A document's text as a reader found it, in the form the paragraph parser takes.

    ``text`` has the body in reading order, a paragraph per line with blank lines
    between (as in the bundled ``corpus/*.txt`` files), page furniture removed and
    footnote call markers written as superscript digits glued to their word (``城市⁵``).
    """

    text: str
    footnotes: tuple[tuple[str, str], ...] = ()
    """``(mark, text)`` when the format keeps footnotes apart (PDF page foot, DOCX footnotes part)."""
    header_lines: tuple[str, ...] = ()
    """The first page's header (title block) lines, for title and symbol detection."""
    symbol: str | None = None
    """The document symbol printed in the first page's header or the running headers."""
    symbol_evidence: str = ""
    """Which rule decided the symbol, e.g. ``printed in the running header of 5 of 6 pages``."""
    language_hint: str | None = None
    """The language the file declares (DOCX core properties, PDF metadata), if any."""
    warnings: tuple[str, ...] = ()
    """Things the reader could not read."""
    format: str = "txt"
    """``"txt"``, ``"pdf"`` or ``"docx"``."""
    removed: tuple[Removal, ...] = ()
    """What the reader took out of the text (running headers, page numbers, masthead…), with counts."""


def superscript(mark: str) -> str:
    """``"12"`` → ``"¹²"``; other characters (``*``) are kept."""
    return mark.translate(_SUPERSCRIPT)


def unsuperscript(text: str) -> str:
    """``"¹²"`` → ``"12"``, the inverse of :func:`superscript`."""
    return text.translate(_UNSUPERSCRIPT)


def _describe(head: bytes) -> str:
    if head.startswith(b"MZ"):
        return "a Windows program (it starts with 'MZ')"
    if head.startswith(b"%PDF-"):
        return "a PDF file"
    if head.startswith(b"PK\x03\x04"):
        return "a zip file (such as a Word .docx)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old-format Word .doc or a password-protected Office file (OLE)"
    if head.startswith(b"\x7fELF"):
        return "a Linux program"
    return f"not that kind of file (it starts with {head[:8]!r})"


def sniff_format(head: bytes) -> str | None:
    """The format the first bytes announce: ``"pdf"``, ``"docx"`` (any zip) or ``None``."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    return None


def check_file(path: Path, *, max_bytes: int) -> str:
    """Check a file before reading it; return its format (``txt``, ``pdf``, ``docx``).

    Raises :class:`ReaderError` for a missing file, an unsupported extension, an empty
    or over-size file, or content that is not what the extension says.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "no extension"
        raise ReaderError(
            f"{path.name}: unsupported file type ({shown}); supported: {', '.join(SUPPORTED_SUFFIXES)}"
            " — save the document as PDF, Word (.docx) or UTF-8 text"
        )
    if not path.is_file():
        raise ReaderError(f"{path}: no such file")
    size = path.stat().st_size
    if size == 0:
        raise ReaderError(f"{path.name} is empty (0 bytes); supply the document's content")
    if size > max_bytes:
        raise ReaderError(
            f"{path.name} is {size / 1e6:.1f} MB, over the size cap of {max_bytes / 1e6:.1f} MB;"
            " split the document or raise the cap setting"
        )
    with path.open("rb") as fh:
        head = fh.read(1024)
    wanted = suffix.lstrip(".")
    found = sniff_format(head)
    if wanted == "txt":
        if found is not None or head.startswith((b"MZ", b"\x7fELF", b"\xd0\xcf\x11\xe0")):
            raise ReaderError(f"{path.name} is named .txt but is {_describe(head)}; give it the right extension")
        return "txt"
    if found != wanted:
        raise ReaderError(
            f"{path.name} is named {suffix} but is {_describe(head)}, not a {wanted.upper()} file;"
            " supply the real document"
        )
    return wanted
