"""UN document symbols: find them in text and propose a document's own symbol.

A symbol names the issuing body and session (``HSP/HA.2``, ``HSP/HA/1``,
``HSP/EB.2022``), then the document number, then change components (``/Add.N``,
``/Rev.N``, ``/Corr.N``) or series components (``/INF/N``, ``/L.N``, ``/Res.N``).
The text of a document cites many symbols; only some rules tell its *own* one:

1. ``header``: the symbol printed on a line of its own in the header (002);
2. ``addenda-parent``: the parent of the addenda the document lists near its start
   (000 lists ``HSP/HA.2/4/Add.1``–``Add.3``, so it is ``HSP/HA.2/4``);
3. ``session-only``: no symbol, only the session, from the provisional agenda named in
   the agenda footnote (``* HSP/EB.2020/1``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.errors import NotFound
from corpus.models import SymbolRule

__all__ = [
    "JOINT_RE",
    "PART_SUFFIX_RE",
    "SYMBOL_RE",
    "SymbolProposal",
    "compact_sections",
    "find_symbols",
    "is_symbol",
    "joint_parts",
    "resolve_version",
    "normalize_symbol",
    "symbol_names",
    "propose_symbol",
    "resolve_reference",
]

_KNOWN_SERIES = r"HSP/EB|HSP/HA|HS/GC|HSP|UNEP|UN-Habitat|E/CN\.\d+|ST/[A-Z]+|A|E|S"
"""Series written in any case in a question (``a/res/75/1``) and with stray spaces in extracted text."""
_SECTION = r" ?\( ?(?i:sect\. ?\d{1,3}[a-z]?) ?\)"
"""A section of a document issued in sections, after its number: ``A/81/6 (Sect. 25)``."""
_PART = rf"(?:[A-Za-z]{{1,6}}\.?\d*(?:\.\d+)*|[A-Z]{{1,3}}-\d+|\d+(?:\.\d+)*)(?:\(\d{{1,4}}\)|{_SECTION})?"
SYMBOL_RE = re.compile(
    r"(?<![A-Za-z0-9/])"
    rf"(?:(?=[A-Za-z-]+ ?/)(?i:{_KNOWN_SERIES})(?: ?/ ?{_PART}|\.{_PART})+"
    rf"|[A-Z][A-Z-]{{0,9}}/{_PART}(?:[/.]{_PART})*)"
    r"(?<=[0-9)])(?: ?/ ?Part ?[A-Z])?(?![A-Za-z0-9])"
)
"""A UN document symbol such as ``HSP/HA.2/4/Add.2``, ``A/RES/75/224``, ``ISBA/19/C/17`` or
``S/RES/2334(2016)``.

The grammar is the UN's own: a body's series (``A``, ``E/CN.6``, ``CRC``, ``ISBA``…), then
components separated by slashes (session, number, ``Add.N``, ``Rev.N``, ``L.N``, ``(year)``).
A symbol ends with a number (or a year or section in brackets: ``A/81/6 (Sect. 25)``), or with a lettered part
after one (``A/81/6 (Sect. 25)/Part A``), so ``e.g.`` or ``s/he`` is never one.
The series above are also read in lower case and with a space beside a slash (as questions and
PDF extraction write them); any other series is read as printed: upper case, no spaces. A series
is always followed by a slash, so ``e.g. 2``, ``A.1`` or the sales number ``E.84.V.3`` is not a
symbol, and a dot ends a component only when a component follows at once (``…/122. 2`` is not
``…/122.2``).
"""

PART_SUFFIX_RE = re.compile(r"\s*\(\s*Part\s*(?P<n>[IVX]+)\s*\)$", re.IGNORECASE)
"""A document issued in parts: ``DP/FPA/2025/4 (Part I)``."""
JOINT_RE = re.compile(r"(?<=[0-9)])\s*[-–]\s*(?=[A-Z][A-Za-z]*/)")
"""Between the two symbols of a document issued jointly by two organs: ``A/79/876-S/2025/230``."""
_YEAR_SUFFIX_RE = re.compile(r"\(\d{4}\)$")
_SECTION_RE = re.compile(r"\s*\(\s*sect\.\s*(\d{1,3}[a-z]?)\s*\)", re.IGNORECASE)
_PART_LETTER_RE = re.compile(r"(?<=\))\s*/\s*part\s*([a-z])(?![a-z0-9])", re.IGNORECASE)
"""A lettered part after a section (``…(Sect. 25)/Part A``), however it is spaced."""

_ADD_RE = re.compile(r"^(?P<parent>.+)/Add\.(?P<n>\d+)$")
_HEADER_SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z-]*(?:[/.][A-Za-z0-9.]+)+(?:\(\d{4}\))?$")
"""A symbol alone on a header line (spaces dropped), a Security Council resolution's year included: S/RES/1540(2004)."""
_AGENDA_FOOTNOTE_RE = re.compile(r"^\*\s*(?P<symbol>\S+?)[。.]?$")


def normalize_symbol(symbol: str) -> str:
    """Drop spaces the extraction put inside a symbol (``HSP/HA/1/ INF.3``); a joint symbol's parts are joined by
    a hyphen (``A/79/876-S/2025/230``) and a part is written ``DP/FPA/2025/4 (Part I)``."""
    part = PART_SUFFIX_RE.search(symbol)
    if part:
        symbol = symbol[: part.start()]
    joined = "-".join(_spaced(re.sub(r"\s+", "", p).rstrip(".")) for p in JOINT_RE.split(symbol.strip()))
    return f"{joined} (Part {part.group('n').upper()})" if part else joined


def _spaced(symbol: str) -> str:
    """A section and a lettered part written as the UN prints them: ``A/81/6(sect.25)/PartA`` →
    ``A/81/6 (Sect. 25)/Part A``."""
    symbol = _SECTION_RE.sub(lambda m: f" (Sect. {m.group(1).upper()})", symbol)
    return _PART_LETTER_RE.sub(lambda m: f"/Part {m.group(1).upper()}", symbol)


def compact_sections(text: str) -> str:
    """``text`` with a symbol's section and lettered part written without spaces (``A/81/6(Sect.25)/PartA``), so
    that a reader splitting a header line into words keeps the symbol whole."""
    text = _SECTION_RE.sub(lambda m: f"(Sect.{m.group(1).upper()})", text)
    return _PART_LETTER_RE.sub(lambda m: f"/Part{m.group(1).upper()}", text)


def joint_parts(symbol: str) -> list[str]:
    """The symbols of a document issued by two organs at once (``A/79/876-S/2025/230`` → both); a symbol alone
    is its own only part. A hyphen inside a symbol (``A/HRC/S-33/1``, ``A/ES-10/1``) separates nothing."""
    return JOINT_RE.split(normalize_symbol(symbol))


def is_symbol(text: str) -> bool:
    """``text`` is one document symbol, a joint symbol or a part of a document (see :func:`normalize_symbol`)."""
    symbol = PART_SUFFIX_RE.sub("", normalize_symbol(text))
    return all(SYMBOL_RE.fullmatch(p) for p in JOINT_RE.split(symbol))


def symbol_names(symbol: str) -> set[str]:
    """Every name (upper case) a document with ``symbol`` answers to: the symbol, each part of a joint symbol,
    a Security Council resolution without its year (``S/RES/2785`` for ``S/RES/2785(2025)``) and a lettered part
    by its section (``A/81/6 (Sect. 25)`` for ``A/81/6 (Sect. 25)/Part A``)."""
    full = normalize_symbol(symbol)
    names = {full, PART_SUFFIX_RE.sub("", full)}
    for part in joint_parts(full):
        names.update({part, _YEAR_SUFFIX_RE.sub("", part), _PART_LETTER_RE.sub("", part)})
    return {name.upper() for name in names}


def resolve_reference(ref: str, documents: Iterable[tuple[str, str | None]]) -> str:
    """The doc_id that ``ref`` names, as a doc_id or a symbol (case and spaces ignored).

    ``documents`` are ``(doc_id, symbol)`` pairs. Raises :class:`NotFound` listing the known ones.
    """
    pairs = list(documents)
    if any(doc_id == ref for doc_id, _ in pairs):
        return ref
    wanted = normalize_symbol(ref).upper()
    for doc_id, symbol in pairs:
        if symbol and symbol.upper() == wanted:
            return doc_id
    for doc_id, symbol in pairs:
        if symbol and wanted in symbol_names(symbol):
            return doc_id
    known = ", ".join(f"{d} ({s})" if s else d for d, s in pairs)
    raise NotFound(f"unknown document {ref!r}; known documents: {known}")


def resolve_version(ref: str, documents: Iterable[tuple[str, str | None, str]], *, lang: str | None = None) -> str:
    """Like :func:`resolve_reference` over ``(doc_id, symbol, language)`` triples, choosing among
    the language versions that share a symbol: the one in ``lang`` when given, else the Chinese
    one, else the first. A doc_id names its own document whatever ``lang`` says.

    Raises :class:`NotFound` when ``ref`` is unknown or has no version in ``lang``.
    """
    triples = list(documents)
    doc_id = resolve_reference(ref, ((d, s) for d, s, _ in triples))
    if doc_id == ref:
        return doc_id
    symbol = next(s for d, s, _ in triples if d == doc_id)
    versions = [(d, lg) for d, s, lg in triples if s and symbol and s.upper() == symbol.upper()]
    if lang is not None:
        chosen = [d for d, lg in versions if lg == lang]
        if not chosen:
            have = ", ".join(sorted({lg for _, lg in versions}))
            raise NotFound(f"{symbol} has no {lang} version in this corpus (languages: {have})")
        return chosen[0]
    return next((d for d, lg in versions if lg == "zh"), versions[0][0] if versions else doc_id)


def find_symbols(text: str) -> list[str]:
    """Every symbol cited in ``text``, normalized, in order of appearance."""
    return [normalize_symbol(m.group(0)) for m in SYMBOL_RE.finditer(text)]


@dataclass(frozen=True, slots=True)
class SymbolProposal:
    """A document's symbol as its own text supports it, and which rule decided."""

    symbol: str | None
    rule: SymbolRule
    session: str | None
    evidence: str


def _session_of(symbol: str) -> str:
    """``HSP/EB.2020/1`` → ``HSP/EB.2020``; ``HSP/HA/1/1`` → ``HSP/HA/1``."""
    return symbol.rsplit("/", 1)[0] if "/" in symbol else symbol


_BANNER_RE = re.compile(
    r"^(?:United Nations|Nations Unies|Naciones Unidas|Организация Объединенных Наций|联合国|الأمم المتحدة)\s+"
)
"""The banner before the symbol on the first line (``United Nations A/RES/80/6``)."""
_ADOPTED_RE = re.compile(
    r"^(Resolution|Decision) adopted by the (General Assembly|Human Rights Council)\b", re.IGNORECASE
)
_NUMBER_RE = re.compile(r"^((?:ES-|S-)?\d{1,3})/(\d{1,4})\.?\s+\S")
_SERIES = {
    ("resolution", "general assembly"): "A/RES",
    ("decision", "general assembly"): "A/DEC",
    ("resolution", "human rights council"): "A/HRC/RES",
    ("decision", "human rights council"): "A/HRC/DEC",
}


def _adopted_number(header_lines: list[str]) -> SymbolProposal | None:
    """A resolution's or decision's own number under "Resolution adopted by the General Assembly":
    ``80/1. Participation by …`` → ``A/RES/80/1``; ``14/105 Outcome …`` (Human Rights Council decision)
    → ``A/HRC/DEC/14/105``."""
    kind: tuple[str, str] | None = None
    for line in header_lines:
        s = line.strip()
        adopted = _ADOPTED_RE.match(s)
        if adopted:
            kind = (adopted.group(1).lower(), adopted.group(2).lower())
            continue
        m = _NUMBER_RE.match(s)
        if kind and m:
            symbol = f"{_SERIES[kind]}/{m.group(1)}/{m.group(2)}"
            return SymbolProposal(
                symbol,
                SymbolRule.HEADER,
                _session_of(symbol),
                f"numbered {m.group(1)}/{m.group(2)} under {kind[0]} adopted",
            )
    return None


def propose_symbol(*, header_lines: list[str], opening_text: str, footnotes: list[str]) -> SymbolProposal:
    """Propose a symbol from a document's header, its first paragraphs and its footnotes.

    ``opening_text`` should be the summary and the first few paragraphs, where a
    report lists the addenda issued with it.
    """
    for line in header_lines:
        candidate = normalize_symbol(_BANNER_RE.sub("", line.strip()))
        if is_symbol(candidate) and all(_HEADER_SYMBOL_RE.match(p) for p in joint_parts(candidate)):
            return SymbolProposal(
                candidate, SymbolRule.HEADER, _session_of(_session_of(candidate)), f"header line {line.strip()!r}"
            )
    numbered = _adopted_number(header_lines)
    if numbered:
        return numbered

    agenda = None
    for note in footnotes:
        m = _AGENDA_FOOTNOTE_RE.match(note.strip())
        if m and SYMBOL_RE.fullmatch(normalize_symbol(m.group("symbol"))):
            agenda = normalize_symbol(m.group("symbol"))
            break
    session = _session_of(agenda) if agenda else None

    parents: Counter[str] = Counter()
    addenda: dict[str, set[str]] = {}
    for symbol in find_symbols(opening_text):
        m = _ADD_RE.match(symbol)
        if m:
            addenda.setdefault(m.group("parent"), set()).add(m.group("n"))
            parents[m.group("parent")] += 1
    listed = [(p, addenda[p]) for p, _ in parents.most_common() if len(addenda[p]) >= 2]
    if listed:
        parent, numbers = listed[0]
        adds = ", ".join(f"{parent}/Add.{n}" for n in sorted(numbers, key=int))
        if session is None:
            session = _session_of(parent)
        return SymbolProposal(parent, SymbolRule.ADDENDA_PARENT, session, f"lists its addenda {adds}")

    if agenda:
        return SymbolProposal(
            None, SymbolRule.SESSION_ONLY, session, f"agenda footnote names the session's agenda {agenda}"
        )
    return SymbolProposal(None, SymbolRule.UNKNOWN, None, "no symbol, addenda or agenda footnote found")
