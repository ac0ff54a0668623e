"""Which instrument a paragraph number in a question belongs to.

A paragraph number is read together with the instrument written next to it:

- a document symbol: ``HSP/HA.2/4, para. 19``, ``para. 19 of HSP/HA.2/4``, ``HSP/HA.2/4号文件第19段``
  → a :class:`ParagraphRef` to that paragraph (the searcher shows it first, or says in ``notes``
  that the document has no such paragraph);
- a resolution or decision cited by number: ``paragraph 3 of resolution 1/1``, ``decision
  2020/6, para. 5``, ``第 1/1 号决议第 3 段`` → an :class:`OutsideRef`: a paragraph of *that*
  instrument, which the corpus does not hold; the question is searched and paragraphs citing the
  instrument get the citing bonus, never "paragraph 3 of every document";
- a resolution's preambular paragraph: ``A/RES/80/6, preambular para. 4``, ``the fourth preambular
  paragraph of A/RES/80/6``, ``A/RES/80/6号文件序言部分第4段`` → a :class:`ParagraphRef` to the entry
  ``preambular para. 4`` (never operative paragraph 4);
- nothing: ``paragraph 12``, ``第12段`` → a bare ref (``symbol=None``), which the searcher
  follows only when the search is restricted to one document.

>>> [r.paragraph for r in read_references("para. 19 of HSP/HA.2/4", ("HSP/HA.2/4",)).paragraphs]
['19']
>>> read_references("paragraph 3 of resolution 1/1", ()).outside
(OutsideRef(kind='resolution', number='1/1', paragraph='3'),)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.entries import normalize_entry
from corpus.languages import paragraph_reference_re
from corpus.symbols import SYMBOL_RE, normalize_symbol

__all__ = ["OutsideRef", "ParagraphRef", "References", "read_references"]

_PARA_RE = paragraph_reference_re()
"""``para. 19`` and the other languages' words for it (``par.``, ``párr.``, ``пункт``, ``الفقرة``)."""
_PARA_ZH_RE = re.compile(r"第\s*(\d{1,4}(?:\.\d{1,3})?)\s*段")
"""``第 19 段``, and a paragraph numbered within its section: ``第 25.3 段``."""
_PREAMBULAR_RE = re.compile(
    r"\bpreambular\s+para(?:graph)?\.?\s*\d{1,3}\b|\b[a-z]+\s+preambular\s+paragraph\b|序言部分第\s*\d{1,3}\s*段",
    re.I,
)
"""A resolution's preambular paragraph (``preambular para. 4``, ``fourth preambular paragraph``, ``序言部分第4段``)."""
_INSTRUMENT_RE = re.compile(
    r"\b(?P<kind>resolution|decision)s?\s+(?:no\.\s*)?(?P<en>\d{1,4}/\d{1,4}[a-z]?)\b"
    r"|第\s*(?P<zh>\d{1,4}/\d{1,4})\s*号\s*(?P<kind_zh>决议|决定)",
    re.I,
)
# What may stand between an instrument and the paragraph number that follows it.
_BEFORE_GAP_RE = re.compile(r"^[\s,，、،]*(?:号?文件)?[\s,，、،]*$")
# What may stand between a paragraph number and the instrument that follows it ("of the report").
_AFTER_GAP_RE = re.compile(r"^[\s,]*(?:of|in|from)\b(?:\s+[\w.-]+){0,4}?\s*$|^\s*$", re.I)


@dataclass(frozen=True)
class ParagraphRef:
    """A paragraph the question names: ``symbol`` is ``None`` for a bare ``第19段``."""

    symbol: str | None
    paragraph: str


@dataclass(frozen=True)
class OutsideRef:
    """A paragraph of a resolution or decision cited by number (``1/1``, ``2020/6``)."""

    kind: str
    """``resolution`` or ``decision``."""
    number: str
    paragraph: str


@dataclass(frozen=True)
class References:
    paragraphs: tuple[ParagraphRef, ...]
    outside: tuple[OutsideRef, ...]
    instruments: tuple[str, ...] = ()
    """Every resolution or decision number the text names (``1/1``, ``2020/6``)."""


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    kind: str  # "symbol", "resolution", "decision"
    name: str


def _instruments(text: str) -> list[_Mention]:
    mentions = [_Mention(m.start(), m.end(), "symbol", normalize_symbol(m.group(0))) for m in SYMBOL_RE.finditer(text)]
    for m in _INSTRUMENT_RE.finditer(text):
        if any(s.start <= m.start() < s.end for s in mentions):
            continue
        if m.group("kind"):
            kind, number = m.group("kind").lower(), m.group("en")
        else:
            kind, number = ("resolution" if m.group("kind_zh") == "决议" else "decision"), m.group("zh")
        mentions.append(_Mention(m.start(), m.end(), kind, number))
    return sorted(mentions, key=lambda x: x.start)


def _owner(text: str, start: int, end: int, mentions: list[_Mention]) -> _Mention | None:
    """The instrument written right before the paragraph number, else right after it."""
    before = [m for m in mentions if m.end <= start]
    if before and _BEFORE_GAP_RE.match(text[before[-1].end : start]):
        return before[-1]
    after = [m for m in mentions if m.start >= end]
    if after and _AFTER_GAP_RE.match(text[end : after[0].start]):
        return after[0]
    return None


def _paragraph_number(found: str) -> str:
    """``19 (a)``, ``19 a)``, ``١٩`` → ``19(a)``, ``19``: the number as paragraphs record it."""
    number = re.sub(r"\s+", "", found)
    number = "".join(str(int(ch)) if ch.isdecimal() else ch for ch in number)
    m = re.match(r"^(\d+)\(?([a-z]{1,4})\)$", number, re.I)
    return f"{m.group(1)}({m.group(2).lower()})" if m else number


def _paragraph_numbers(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` names a paragraph number, in any official language, in order."""
    preambular = [(m.start(), m.end(), normalize_entry(m.group(0))) for m in _PREAMBULAR_RE.finditer(text)]
    preambular = [(a, b, e) for a, b, e in preambular if e.startswith("preambular para. ")]
    found = [(m.start(), m.end(), _paragraph_number(m.group(1))) for m in _PARA_RE.finditer(text)]
    found += [(m.start(), m.end(), m.group(1)) for m in _PARA_ZH_RE.finditer(text)]
    # "para. 4" inside "preambular para. 4" is the preambular paragraph, not operative paragraph 4.
    found = [f for f in found if not any(a <= f[0] < b for a, b, _ in preambular)]
    return sorted(found + preambular)


def read_references(text: str, symbols: tuple[str, ...]) -> References:
    """The paragraph references of ``text``; ``symbols`` are the document symbols it cites (normalised)."""
    mentions = _instruments(text)
    paragraphs: list[ParagraphRef] = []
    outside: list[OutsideRef] = []
    bare: list[str] = []
    for start, end, number in _paragraph_numbers(text):
        owner = _owner(text, start, end, mentions)
        if owner is None:
            bare.append(number)
        elif owner.kind == "symbol":
            paragraphs.append(ParagraphRef(owner.name, number))
        else:
            outside.append(OutsideRef(owner.kind, owner.name, number))
    if bare:
        # A number next to no instrument: of the one instrument the question names, or bare.
        cited = list(dict.fromkeys(symbols))
        others = list(dict.fromkeys((m.kind, m.name) for m in mentions if m.kind != "symbol"))
        if not cited and len(others) == 1:
            outside.extend(OutsideRef(others[0][0], others[0][1], number) for number in bare)
            bare = []
        for number in bare:
            if len(cited) == 1 and not outside:
                paragraphs.append(ParagraphRef(cited[0], number))
            elif not cited and not outside:
                paragraphs.append(ParagraphRef(None, number))
    named = tuple(dict.fromkeys(m.name for m in mentions if m.kind != "symbol"))
    return References(tuple(dict.fromkeys(paragraphs)), tuple(dict.fromkeys(outside)), named)
