"""Page furniture: what a UN PDF prints on every page besides the body, and the symbol in it.

* running headers and footers: lines that recur in the top or bottom band of most pages
  (compared with digits masked, so ``page 3`` and ``page 4`` are the same line);
* page numbers (``3``, ``- 3 -``, ``3/12``, ``Page 3``);
* job numbers (``GE.23-01234(C)``, ``K2300123``, ``V.23-01234``, ``23-01234 (C)``),
  with the dates and bar-code digits printed next to them;
* ``Please recycle`` under the first page's job number;
* the first page's masthead: ``Distr.: General``, its date, the language lines and
  ``Original: English``.

The symbol is read from the header lines: a line that is a symbol alone (``HSP/HA.2/4/Add.2``,
``A/RES/73/239``, ``E/2023/12``), possibly next to a page number.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.layout_words import all_languages
from corpus.readers.base import unsuperscript
from corpus.symbols import JOINT_RE, PART_SUFFIX_RE, compact_sections, joint_parts, normalize_symbol

__all__ = [
    "BOTTOM_BAND",
    "TOP_BAND",
    "FurnitureLine",
    "HeaderSymbol",
    "header_symbol",
    "is_furniture_text",
    "is_page_number",
    "masthead_span",
    "repeated_lines",
    "symbol_in_line",
    "symbol_piece",
]

TOP_BAND = 0.1
BOTTOM_BAND = 0.9

_JOB = r"(?:GE\.\d{2}-\d{5}|V\.\d{2}-\d{5}|K\d{7}|N?\d{2}-\d{5}[A-Z]?)\s*(?:\([A-Z]\))?"
_PAGE_NO = r"\d{1,4}(?:\s*/\s*\d{1,4})?"
_JOB_LINE_RE = re.compile(
    rf"^(?:{_PAGE_NO}\s+)?(?:{_JOB})(?:\s+(?:\*?\d{{6,8}}\*?|\d{{2}}/\d{{2}}/\d{{2,4}}|\([A-Z]\)))*"
    rf"(?:\s+{_PAGE_NO})?(?:\s*/\s*\.\.\.)?$"
)
"""A footer's job number line, with the page number printed before it (even pages) or after it (odd pages), as
``3`` or ``3/16`` (meeting records); an old layout's ends with ``/...``, the sign that the text goes on overleaf
(``97-32779 (E) 261197 /...``), and its job number may carry a letter (``95-27467S (E) 271095``)."""
_BARCODE_RE = re.compile(r"^\*\d{6,8}\*$")
"""The job number's bar code as its text layer gives it (``*2423730*``), on a line of its own."""
_PAGE_RE = re.compile(
    r"^(?:-\s*)?\d{1,4}(?:\s*-)?$|^\d{1,4}\s*/\s*\d{1,4}$|^(?:Page|第)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*页?$"
)
_DISTR_RE = re.compile(r"^Distr\.?\s*:?\s*(?:General|Limited|Restricted)?\s*$", re.IGNORECASE)
_ORIGINAL_RE = re.compile(r"^Original\s*:\s*\S+", re.IGNORECASE)
_SYMBOL_RE = re.compile(r"^[A-Z][A-Za-z-]{0,15}(?:\.\d+)?(?:/[A-Za-z0-9][A-Za-z0-9.()-]{0,15})+$")
_YEAR_RE = re.compile(r"^\(\d{4}\)$")
_NOTE_RE = re.compile(r"\s+\[[^\]]{1,30}\]$")
"""A note in square brackets after the symbol: ``JIU/REP/2025/1 [Expanded report]``, ``[English only]``."""
_RECYCLE_RE = re.compile(r"^(?:Please recycle|请回收利用)\s*[♲♻]?$", re.IGNORECASE)
_MASTHEAD_SPAN = 8
_ORGANISATION_RE = re.compile(
    "^(?:"
    + "|".join(re.escape(n) for w in all_languages() for n in w.organisation if " " in n or len(n) < 4)
    + r")\s+(?=\S)"
)


@dataclass(frozen=True)
class FurnitureLine:
    """A line of one page as the band and repetition checks see it."""

    page: int
    index: int
    text: str
    top: float
    bottom: float
    page_height: float

    @property
    def band(self) -> str | None:
        if self.bottom <= self.page_height * TOP_BAND:
            return "top"
        if self.top >= self.page_height * BOTTOM_BAND:
            return "bottom"
        return None


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def is_page_number(text: str) -> bool:
    return bool(_PAGE_RE.match(text.strip()))


_RAISED_RE = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹][⁰¹²³⁴⁵⁶⁷⁸⁹-]*")


def is_furniture_text(text: str) -> bool:
    """A job number line or the recycling note (anywhere on a page). The job number may be set in small
    raised type, which the reader gives as superscript digits (``2 ¹³-⁴⁰⁴⁰²(C)``)."""
    stripped = _RAISED_RE.sub(lambda m: " " + unsuperscript(m.group(0)), text).strip()
    return any(pattern.match(stripped) for pattern in (_JOB_LINE_RE, _BARCODE_RE, _RECYCLE_RE))


def symbol_in_line(text: str) -> str | None:
    """The symbol when ``text`` is a symbol alone, or next to a page number or ``United Nations``: a Security
    Council resolution's year (``S/RES/1540 (2004)``), a part (``DP/FPA/2025/4 (Part I)``) and the two symbols of
    a joint document (``A/79/876–S/2025/230``) included."""
    tokens = _ORGANISATION_RE.sub("", compact_sections(text.strip())).split()
    while tokens and is_page_number(tokens[0]):
        tokens.pop(0)
    while tokens and is_page_number(tokens[-1]):
        tokens.pop()
    rest = _NOTE_RE.sub("", " ".join(tokens))
    part = PART_SUFFIX_RE.search(rest)
    if part:
        rest = rest[: part.start()]
    tokens = JOINT_RE.sub("-", rest).split()
    if len(tokens) == 2 and _YEAR_RE.match(tokens[1]):
        tokens = [tokens[0] + tokens[1]]  # a Security Council resolution: S/RES/1540 (2004)
    if len(tokens) != 1:
        return None
    candidate = tokens[0].rstrip(".")
    if all(_SYMBOL_RE.match(p) and any(c.isdigit() for c in p) for p in JOINT_RE.split(candidate)):
        return normalize_symbol(candidate + (part.group(0) if part else ""))
    return None


def repeated_lines(lines: list[FurnitureLine], *, pages: int) -> set[tuple[int, int]]:
    """``(page, index)`` of lines in the top or bottom band that recur on most pages (compared with their figures
    masked), or of a header that recurs word for word on half the pages after the first.

    A UN document's running header alternates: ``A/RES/79/1 The Pact for the Future`` on even pages, ``The Pact
    for the Future A/RES/79/1`` on odd ones, and none on the first page. Each form is on half the pages after the
    first, 27 of 56; asking for most pages (28) kept the odd pages' header in the text, mid-sentence. Only a
    header's exact words count that way: notes at the foot with their figures masked look alike
    (``FCCC/CP/#/#/Add.#``) and are not furniture."""
    if pages < 2:
        return set()
    banded = [(ln, ln.band, _mask(ln.text), " ".join(ln.text.split())) for ln in lines if ln.band]
    masked = Counter((band, key) for _, band, key, _ in banded)
    exact = Counter(text for _, band, _, text in banded if band == "top" and any(c.isalnum() for c in text))
    most, half = max(2, (pages + 1) // 2), max(2, (pages - 1) // 2)
    return {
        (ln.page, ln.index)
        for ln, band, key, text in banded
        if masked[(band, key)] >= most or (band == "top" and exact[text] >= half)
    }


def masthead_span(texts: list[str]) -> set[int]:
    """Indexes of the first page's ``Distr.: General`` … ``Original: English`` lines."""
    drop: set[int] = set()
    for i, text in enumerate(texts):
        if _DISTR_RE.match(text.strip()):
            drop.add(i)
            for j in range(i + 1, min(len(texts), i + _MASTHEAD_SPAN)):
                if _ORIGINAL_RE.match(texts[j].strip()):
                    drop.update(range(i, j + 1))
                    break
        elif _ORIGINAL_RE.match(text.strip()):
            drop.add(i)
    return drop


_LONE_LETTER_RE = re.compile(r"^(?:.*\s)?([A-Z])$")
_TAIL_RE = re.compile(r"^(/[A-Za-z0-9][A-Za-z0-9.()-]{0,15}(?:/[A-Za-z0-9][A-Za-z0-9.()-]{0,15})+)$")


_NAME_WORD_RE = re.compile(r"^[^\W\d_][^\W\d_'’-]*$")


def named_symbol(text: str) -> str | None:
    """The symbol a masthead line prints after its issuing body's name, in words only (a UN-system body's own
    banner: ``Autoridad Internacional de los Fondos Marinos ISBA/19/C/17``, ``国际海底管理局 ISBA/19/C/17``), the
    mark of the document's own footnote aside (``ISBA/16/A/12/Rev.1*``: a reissued document's note)."""
    tokens = compact_sections(text.strip()).split()
    if len(tokens) < 2 or tokens[0][0].islower() or not all(_NAME_WORD_RE.match(t) for t in tokens[:-1]):
        return None  # a name starts with a capital (or a script without case); prose does not
    return symbol_in_line(tokens[-1].rstrip("*"))


def symbol_piece(text: str) -> bool:
    """A banner line that is a piece of a split symbol: the organ's letter or ``/HRC/…`` (with the banner)."""
    rest = _ORGANISATION_RE.sub("", compact_sections(text.strip())).rstrip("*")
    return bool(re.fullmatch(r"[A-Z]", rest) or _TAIL_RE.match(rest))


def _split_symbol(first_page: list[str]) -> str | None:
    """A symbol the banner prints in two pieces: the organ's letter (``A``, ``E``, ``S``) set
    apart from the rest (``/HRC/WG.6/34/ITA/3``), on one line or two."""
    letters: list[str] = []
    tails: list[str] = []
    for text in first_page:
        tokens = [t.rstrip("*") for t in _ORGANISATION_RE.sub("", compact_sections(text.strip())).split()]
        for i, token in enumerate(tokens):
            if _TAIL_RE.match(token):
                year = tokens[i + 1] if i + 1 < len(tokens) and _YEAR_RE.match(tokens[i + 1]) else ""
                tails.append(token + year)
        m = _LONE_LETTER_RE.match(_ORGANISATION_RE.sub("", text.strip()))
        if m:
            letters.append(m.group(1))
    if len(set(letters)) == 1 and tails:
        candidate = letters[0] + tails[0]
        return normalize_symbol(candidate) if _SYMBOL_RE.match(candidate) else None
    return None


@dataclass(frozen=True)
class HeaderSymbol:
    symbol: str | None
    evidence: str


def header_symbol(*, first_page: list[str], running: list[list[str]], first_foot: Sequence[str] = ()) -> HeaderSymbol:
    """The symbol from the running headers (pages after the first), the first page's header and, when neither
    prints one, ``first_foot``: the lines beside the first page's job number, where an older treaty secretariat's
    layout prints it (``FCCC/SBSTA/2011/MISC.14`` over ``GE.11-64419``).

    ``running`` holds the top/bottom band lines of every page after the first.
    """
    counts: Counter[str] = Counter()
    for page_lines in running:
        found = {s for s in (symbol_in_line(t) for t in page_lines) if s}
        counts.update(found)
    first = (
        next((s for s in (symbol_in_line(t) for t in first_page) if s), None)
        or _split_symbol(first_page)
        or next((s for s in (named_symbol(t) for t in first_page) if s), None)
    )
    if counts:
        symbol, n = counts.most_common(1)[0]
        if first and len(joint_parts(first)) > 1 and symbol in joint_parts(first):
            return HeaderSymbol(
                first,
                f"printed in the first page's header, its parts in the running header of {n}"
                f" of {len(running)} following pages",
            )
        if n * 2 > len(running) or (first == symbol):
            where = f"printed in the running header of {n} of {len(running)} following pages"
            if first == symbol:
                where = f"printed in the first page's header and {where}"
            return HeaderSymbol(symbol, where)
    if first:
        return HeaderSymbol(first, "printed in the first page's header")
    foot = next((s for s in (symbol_in_line(t) for t in first_foot) if s), None)
    if foot:
        return HeaderSymbol(foot, "printed beside the first page's job number")
    return HeaderSymbol(None, "no symbol printed in the page headers")
