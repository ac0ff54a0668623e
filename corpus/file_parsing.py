"""One file read and parsed in this process, without the cache or any limit: what a parse worker runs.

:func:`corpus.loading.read_and_parse` adds the parse cache and, with limits, runs this in a worker
process (:mod:`corpus.sandbox`).
"""

from __future__ import annotations

from pathlib import Path

from corpus.errors import CorpusError
from corpus.language import detect_language, masthead_language
from corpus.layout import merge_removals
from corpus.parse_cache import CachedParse
from corpus.parsing import parse_text
from corpus.readers import SUPPORTED_SUFFIXES, SourceText, read_document

__all__ = ["TEXT_SUFFIXES", "parse_file", "supported_suffixes"]

TEXT_SUFFIXES = (".txt",)


def supported_suffixes() -> tuple[str, ...]:
    """The file types a corpus folder may hold: those :mod:`corpus.readers` reads (``.txt``, ``.pdf``, ``.docx``)."""
    return tuple(dict.fromkeys((*TEXT_SUFFIXES, *(x.lower() for x in SUPPORTED_SUFFIXES))))


def _read_text(raw: bytes) -> SourceText:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8") from exc
    return SourceText(text=text, format="txt")


def _read_source(path: Path, raw: bytes) -> SourceText:
    """The file's text: ``.txt`` from its bytes here, other formats through :mod:`corpus.readers`."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return _read_text(raw)
    if suffix not in supported_suffixes():
        raise CorpusError(f"unsupported file type {suffix or '(none)'!r}: use one of {', '.join(supported_suffixes())}")
    return read_document(path)  # a ReaderError is a CorpusError naming the file and what to do


_OPENING = 3000
"""Characters of a document's opening (title block and first paragraphs) that say its language."""


def _version_language(source: SourceText) -> str | None:
    """The language of this version of a document, as its masthead prints it (``English`` over ``Original:
    Arabic``), or ``None`` when the masthead says nothing the text does not.

    A masthead that prints only the original's language (``Original: English``) is believed when the opening is
    in that language: a letter in English with a long annex in French is an English document."""
    head = list(source.header_lines) or [line for line in source.text.splitlines()[:80] if line.strip()]
    printed = masthead_language(head)
    if printed.version:
        return printed.version
    if printed.original and detect_language(source.text[:_OPENING]).language == printed.original:
        return printed.original
    return None


def parse_file(path: Path, *, lang: str | None = None, raw: bytes | None = None) -> CachedParse:
    """Read and parse one file in this process, without the cache or any limit (see :func:`read_and_parse`)."""
    raw = path.read_bytes() if raw is None else raw
    source = _read_source(path, raw)
    text = source.text
    if not text.strip():
        raise CorpusError("the file is empty" if not raw.strip() else "the file has no text to read")
    hint = _version_language(source) or source.language_hint
    guess = lang or hint or detect_language(text).language
    parsed = parse_text(text, footnotes=source.footnotes, lang=guess)
    if source.header_lines:
        # The reader saw the header block whole (masthead, banner, title block): it wins.
        parsed.header_lines = [(0, h) for h in source.header_lines]
    parsed.removed = merge_removals(source.removed, parsed.removed)
    return CachedParse(
        parsed=parsed,
        symbol=source.symbol,
        symbol_evidence=source.symbol_evidence,
        language_hint=hint,
        reader_warnings=list(source.warnings),
        format=source.format,
    )
