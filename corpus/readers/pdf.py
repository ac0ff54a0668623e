"""PDF documents with a text layer, read through ``pdfplumber`` (characters with positions and sizes).

How the page becomes text:

1. the body font size is the most common character size of the document;
2. characters of body size (or larger) form the text lines; smaller characters that stand
   raised inside a text line are footnote call markers (written as superscript digits
   glued to the word before them, ``城市⁵``); other small lines are footnote text when
   they stand below the body at the page foot;
3. page furniture is dropped (see :mod:`corpus.readers.furniture`);
4. a page whose body stands in two columns is read column by column;
5. lines separated by no more than the usual line pitch form a paragraph; a paragraph
   continues across a page or column break when the next part's first line does not start
   a numbered paragraph, an item or an article (``Article 44``) and the last line before the
   break was full or did not end a sentence.

A PDF without any text (a scanned image) is refused: no OCR is done. So is a PDF whose fonts carry
no Unicode map for most of its characters (pdfminer gives ``(cid:39)`` for such a glyph): its
text layer cannot be read (the BBNJ Agreement's Russian, Chinese and Arabic PDFs). Where only
a few glyphs lack the map, each is written ``\ufffd`` and a line made mostly of them (a cover
set in a display font) is dropped, and the reader says how many.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.language import masthead_language
from corpus.languages.ar import fragment_share
from corpus.layout import FOOTNOTE_RULE_RE, Removal
from corpus.layout_words import all_languages
from corpus.readers.base import ReaderError, SourceText, superscript
from corpus.readers.furniture import (
    BOTTOM_BAND,
    TOP_BAND,
    FurnitureLine,
    HeaderSymbol,
    header_symbol,
    is_furniture_text,
    is_page_number,
    masthead_span,
    repeated_lines,
    symbol_in_line,
    symbol_piece,
)

__all__ = ["read_pdf"]

_FIRST_HEADER = 0.3
"""The first page's header (masthead) is its top 30 %."""
_SMALL = 0.85
"""A character of at most this share of the body size is footnote-sized (8.5 pt under a 10 pt body, as the UN's
current template sets its notes and its verbatim records' first-page notice)."""


def _is_small(size: float, body: float) -> bool:
    """Footnote-sized against ``body`` (:data:`_SMALL`; sizes read from a PDF are floats: 8.5 / 10 may be 0.8500001)."""
    return size <= body * _SMALL + 0.01


_CJK_RE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ALNUM_RE = re.compile(r"[A-Za-z0-9]")
_CJK_PUNCT_RE = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
_PARA_START_RE = re.compile(
    r"^(?:\d{1,3}\s*[.．]\s*\S|[(（](?:[a-z]{1,2}|[ivx]{1,4})[)）]|[一二三四五六七八九十]+\s*、|[A-Z]\.\s)"
)
_NUMBERED_START_RE = re.compile(r"^\d{1,3}\s*[.．](?:\s+|(?=[^\d\s]))\S")
"""A numbered paragraph's first line (``7. Some…``, ``7.有些…``; not ``2.5 million``)."""
_CONTENT_START_RE = re.compile(r"^(?:1\s*[.．]\s*\S|一\s*、|摘要\s*$|Summary\s*$|Introduction\s*$|I\.\s)")
_FOOTNOTE_MARK_RE = re.compile(r"^(\*{1,3}|\d{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})(?=\s|[^\d.,])\s*(.*)$")
_SENTENCE_END = "。；：！？.!?;:"
_CLOSERS = "”’」』）)】》\"'"
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


_RADICALS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")
"""Kangxi and supplementary radicals some PDF producers map ideographs to (⾟ for 辛)."""


def _unify(m: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", m.group(0))


@dataclass(slots=True)
class _Char:
    text: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    base: float = math.nan
    """The baseline, from the page's top (``bottom`` is the font's descent below it: fonts differ)."""

    def __post_init__(self) -> None:
        if math.isnan(self.base):
            self.base = self.bottom


def _commonest(values: Iterable[float]) -> float:
    """The value most characters share (sizes and baselines, to a tenth of a point)."""
    return Counter(round(v, 1) for v in values).most_common(1)[0][0]


_WORD_GAP = 0.25  # em, on a line whose producer wrote space glyphs
_PLACED_WORD_GAP = 0.15  # em, on a line without space glyphs
_MIXED_GAP = 0.12  # em, between a Chinese character and a Latin letter or figure


@dataclass
class _Line:
    chars: list[_Char]
    small: bool
    sups: list[_Char] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def x0(self) -> float:
        return min(c.x0 for c in self.chars)

    @property
    def x1(self) -> float:
        return max(c.x1 for c in self.chars + self.sups)

    @property
    def size(self) -> float:
        return _commonest(c.size for c in self.chars)

    @property
    def base(self) -> float:
        """The baseline most of the line's characters stand on."""
        return _commonest(c.base for c in self.chars)

    def text(self) -> str:
        items = [(c, False) for c in self.chars] + [(c, True) for c in self.sups]
        items.sort(key=lambda item: item[0].x0)
        # A gap between letters is a word space when it is wider than letters are set apart. Where a line has
        # space glyphs, its producer wrote its word spaces, and a gap is one only when clearly wide (justified
        # text spreads letters up to ~0.13 em: A/RES/73/3). A line without any (words placed by position, as in
        # TD/B/43/6 and ICCD/COP(8)/CST/8) has word gaps from ~0.2 em and letter gaps under 0.1 em: the
        # threshold stands in that valley, as pdfminer's word margin does.
        wide = _WORD_GAP if any(c.text.isspace() for c in self.chars) else _PLACED_WORD_GAP
        out: list[str] = []
        previous: _Char | None = None
        for char, is_sup in items:
            if char.text.isspace():
                # A space glyph set over the letter before it is no word space (a tab after a
                # paragraph number, drawn over the next letter: ``1. L es`` in the UNDRIP booklet).
                overlaps = previous is not None and char.x0 < previous.x1 - 0.2 * max(char.size, previous.size)
                if out and out[-1] != " " and not overlaps:
                    out.append(" ")
                if not overlaps:
                    previous = char
                continue
            if previous is not None and not is_sup and out and out[-1] != " ":
                # Chinese text sets numbers and Latin words a little apart (Word's automatic spacing,
                # under a quarter of an em): that gap is a space too, as the text files write it.
                cjk = bool(_CJK_RE.match(previous.text)), bool(_CJK_RE.match(char.text))
                mixed = cjk[0] != cjk[1] and bool(_ALNUM_RE.match(previous.text) or _ALNUM_RE.match(char.text))
                # Chinese text is justified by spreading its characters: there a gap needs the wider margin.
                gap = _MIXED_GAP if mixed else _WORD_GAP if any(cjk) else wide
                if char.x0 - previous.x1 > gap * max(char.size, previous.size):
                    out.append(" ")
            out.append(superscript(char.text) if is_sup else _RADICALS.sub(_unify, char.text))
            previous = char
        return _logical(out)


_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f\u0400-\u04ff]")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
_LTR = "A-Za-z0-9\u0660-\u0669\u06f0-\u06f9\u2070\u00b9\u00b2\u00b3\u2074-\u2079"
_LTR_JOIN = ".:,%()/\\-–"
_LTR_RUN_RE = re.compile(rf"[{_LTR_JOIN}]*[{_LTR}][{_LTR}{_LTR_JOIN}]*(?: [{_LTR_JOIN}]*[{_LTR}][{_LTR}{_LTR_JOIN}]*)*")
_MIRRORED = str.maketrans("()[]{}«»“”‹›", ")(][}{»«”“›‹")


def _logical(pieces: list[str]) -> str:
    """A line's glyphs, read left to right as the page shows them, in the order the line is written.

    An Arabic line is read from the right, glyph by glyph (a ligature's letters keep their order:
    ``لمج``), its numbers and Latin words left to right, its brackets and quotes turned back
    (a right-to-left page draws ``(`` as ``)``); the contextual letter forms some producers write
    (presentation forms, ``ﺭﺎﺤﺒﻟﺍ``) become letters (``البحار``) and the tatweel that stretches
    words for justification (``ﻡﺎــﻈﻧ``) goes (ISBA/19/C/17 in Arabic)."""
    line = "".join(pieces).strip()
    arabic = len(_ARABIC_RE.findall(line))
    if not arabic or arabic <= len(_LATIN_RE.findall(line)):
        return line
    reversed_line = "".join(reversed(pieces)).strip()
    parts: list[str] = []
    at = 0
    for m in _LTR_RUN_RE.finditer(reversed_line):
        parts.append(reversed_line[at : m.start()].translate(_MIRRORED))
        parts.append(m.group(0)[::-1])
        at = m.end()
    parts.append(reversed_line[at:].translate(_MIRRORED))
    logical = _PRESENTATION_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), "".join(parts))
    return logical.replace("\u0640", "")


def _cluster(chars: list[_Char], tolerance: float) -> list[list[_Char]]:
    """Characters grouped into lines by their baseline (bottom)."""
    groups: list[list[_Char]] = []
    for char in sorted(chars, key=lambda c: (c.bottom, c.x0)):
        if groups and abs(char.bottom - groups[-1][0].bottom) <= tolerance:
            groups[-1].append(char)
        else:
            groups.append([char])
    return groups


def _page_lines(chars: list[_Char], body: float) -> list[_Line]:
    main = [c for c in chars if not _is_small(c.size, body)]
    small = [c for c in chars if _is_small(c.size, body)]
    lines = [_Line(group, small=False) for group in _cluster(main, 0.35 * body)]
    lines = [ln for ln in lines if any(not c.text.isspace() for c in ln.chars)]
    small_lines: list[_Line] = []
    for group in _cluster(small, 0.25 * body):
        top = min(c.top for c in group)
        bottom = max(c.bottom for c in group)
        base = _commonest(c.base for c in group)
        x0, x1 = min(c.x0 for c in group), max(c.x1 for c in group)
        beside = [
            ln for ln in lines if bottom > ln.top and top < ln.bottom and x0 <= ln.x1 + body and x1 >= ln.x0 - body
        ]
        # Smaller type raised above a line's baseline is a footnote call; smaller type on the line's baseline
        # right beside it is part of the line (ISBA/19/C/17: "ISBA" at 20 pt, "/19/C/17" at 10 pt). A baseline,
        # not a box's bottom, says which: an Arabic font reaches far below its baseline, Times does not.
        host = next((ln for ln in beside if base < ln.base - 0.15 * body), None)
        same = next(
            (
                ln
                for ln in beside
                if abs(base - ln.base) <= 0.15 * body
                and not any(c.x0 < x1 - 0.1 * body and c.x1 > x0 + 0.1 * body for c in ln.chars if not c.text.isspace())
            ),
            None,
        )
        if host is not None:
            host.sups.extend(c for c in group if not c.text.isspace())
        elif same is not None:
            same.chars.extend(group)
        else:
            small_lines.append(_Line(group, small=True))
    # A footnote's own mark is often raised and smaller still: it belongs to the note's line.
    for tiny in sorted(small_lines, key=lambda ln: ln.size):
        if not tiny.chars:
            continue
        host = next(
            (
                ln
                for ln in small_lines
                if ln is not tiny
                and ln.chars
                and _is_small(tiny.size, ln.size)
                and tiny.bottom > ln.top
                and tiny.top < ln.bottom
                and tiny.base < ln.base - 0.1 * ln.size
            ),
            None,
        )
        if host is not None:
            host.sups.extend(c for c in tiny.chars if not c.text.isspace())
            tiny.chars = []
    lines.extend(ln for ln in small_lines if ln.chars)
    lines = [ln for ln in lines if any(not c.text.isspace() for c in ln.chars)]
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _split_columns(chars: list[_Char], *, body: float, width: float, height: float) -> list[list[_Char]]:
    """A page's characters, as two parts when the body stands in two columns.

    Two columns: an empty vertical strip (at least 1.5 body sizes wide) in the middle
    third of the page, with body text on both sides. Header and footer bands and the
    footnotes below the body stay with the first and the last part.
    """
    core = [
        c
        for c in chars
        if not _is_small(c.size, body)
        and c.top > height * TOP_BAND
        and c.bottom < height * BOTTOM_BAND
        and not c.text.isspace()
    ]
    if len(core) < 100:
        return [chars]
    occupied = bytearray(int(width) + 2)
    for c in core:
        # A glyph set beyond the page's edge (a line longer than the page) marks only what is on the page.
        first, end = max(0, int(c.x0)), min(len(occupied), int(c.x1) + 1)
        if end > first:
            occupied[first:end] = b"\x01" * (end - first)
    best_start, best_len, start = 0, 0, None
    for x in range(int(width * 0.3), int(width * 0.7) + 1):
        if not occupied[x]:
            start = x if start is None else start
            if x - start + 1 > best_len:
                best_start, best_len = start, x - start + 1
        else:
            start = None
    if best_len < 1.5 * body:
        return [chars]
    gutter = best_start + best_len / 2
    left_core = sum(1 for c in core if c.x1 <= gutter)
    if min(left_core, len(core) - left_core) < 0.2 * len(core):
        return [chars]
    body_bottom = max(c.bottom for c in core)
    left: list[_Char] = []
    right: list[_Char] = []
    for c in chars:
        in_body = c.top > height * TOP_BAND and c.bottom < height * BOTTOM_BAND
        if in_body and c.top <= body_bottom:
            (left if c.x1 <= gutter else right).append(c)
        elif in_body:
            right.append(c)  # footnotes below the body come after both columns
        else:
            left.append(c)
    return [left, right]


def _is_article_heading(text: str) -> bool:
    """An article heading (``Article 44``, ``Статья 5``, ``第五条``): at the top of a page it starts
    an article, it never continues the paragraph that ended the page before."""
    s = text.strip()
    return any(re.match(words.article, s, re.IGNORECASE) for words in all_languages())


def _starts_numbered(text: str) -> bool:
    """A paragraph numbered as its language prints numbers (``١ - يعتمد …``): the body has started."""
    return any(words.numbered and re.match(words.numbered, text.strip()) for words in all_languages())


def _is_annex_heading(text: str) -> bool:
    """An annex heading (``Annex``, ``Anexo``, ``Приложение``): a line of its own, never joined to the
    title under it (``Anexo Reglamento sobre …`` hid ISBA/19/C/17's annex in Spanish and Russian)."""
    s = text.strip()
    return any(re.match(words.annex, s, re.IGNORECASE) for words in all_languages())


@functools.cache
def _function_words() -> frozenset[str]:
    from corpus.languages import rules

    return frozenset().union(*(rules(code).stop_words for code in ("en", "fr", "es", "ru")))


def _ends_open(text: str) -> bool:
    """A line that ends with a word no sentence ends with (``… sobre el Derecho del`` / ``Mar de 10
    de diciembre de 1982``: a title's lines): the next line goes on, capital or not."""
    words = text.split()
    return bool(words) and words[-1].casefold() in _function_words()


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def join_lines(left: str, right: str) -> str:
    """Join two lines of one paragraph: no space between Chinese characters, else one space.

    As in the text files, a number or Latin word next to a Chinese character is set apart
    by a space (``第 26/2 号``), Chinese punctuation never is.
    """
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if a == "-" and len(left) > 1 and left[-2].isalpha() and b.isalpha():
        return left + right  # a word broken at its hyphen: "policy-⏎making"
    a_cjk, b_cjk = bool(_CJK_RE.match(a)), bool(_CJK_RE.match(b))
    if not a_cjk and not b_cjk:
        return f"{left} {right}" if a not in "⁰¹²³⁴⁵⁶⁷⁸⁹" or b.isalnum() else left + right
    if _CJK_PUNCT_RE.match(a) or _CJK_PUNCT_RE.match(b):
        return left + right
    if (_ALNUM_RE.match(a) and b_cjk) or (a_cjk and b.isdigit()):
        return f"{left} {right}"
    return left + right


_BREAK = "\u00ad"
"""Marks, while a document is assembled, a word broken at a hyphen at the end of a line."""
_TYPESET_BREAKS = 3
"""Breaks at a line end whose word the document prints whole elsewhere that show a typesetter's hyphenation."""
_WORD_RE = re.compile(r"[^\W\d_]+(?:[\u00ad-][^\W\d_]+)*")


def _join_broken(left: str, right: str) -> str:
    """:func:`join_lines`, marking a word broken at its hyphen (``re-⏎connus``) for :func:`_mend_broken_words`."""
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].isalpha():
        return left[:-1] + _BREAK + right
    return join_lines(left, right)


def _mend_broken_words(paragraphs: list[_Para], footnotes: list[list[str]]) -> None:
    """A word broken at a hyphen at a line end (``éla-⏎borer``): a typesetter's hyphenation loses
    its hyphen, a hyphenated word keeps it (``policy-⏎making``, ``twenty-⏎first``).

    The document's own words decide. A document that prints whole, elsewhere, fewer than three of
    the words it breaks is no typeset one (UN documents break no words): every hyphen stays. In a
    typeset one (a booklet: the French UNDRIP) a word is joined when the document prints it whole
    elsewhere, or when a part of it is no word of the document (``éla``, ``borer``); it keeps its
    hyphen when the document prints it hyphenated inside a line, or when both parts are words of
    the document (``policy``, ``making``)."""
    texts = [para.text for para in paragraphs] + [note[1] for note in footnotes]
    if not any(_BREAK in t for t in texts):
        return
    words = [w.casefold() for t in texts for w in _WORD_RE.findall(t)]
    vocabulary = {w for w in words if _BREAK not in w and "-" not in w}
    hyphenated = {w for w in words if "-" in w}
    broken = [w for w in words if _BREAK in w]
    # Only a typeset document breaks words: it shows in breaks whose word it prints whole elsewhere.
    # A UN document (a hyphen at a line end is the word's own: ``twenty-⏎first``) keeps them all.
    typeset = sum(1 for w in broken if w.replace(_BREAK, "") in vocabulary and w.replace(_BREAK, "-") not in hyphenated)

    def mend(m: re.Match[str]) -> str:
        word = m.group(0)
        if _BREAK not in word:
            return word
        joined, kept = word.replace(_BREAK, ""), word.replace(_BREAK, "-")
        if typeset < _TYPESET_BREAKS:
            return kept
        parts = kept.casefold().split("-")
        if joined.casefold() in vocabulary:
            return joined
        if kept.casefold() in hyphenated or all(part in vocabulary for part in parts):
            return kept
        return joined

    for para in paragraphs:
        para.text = _WORD_RE.sub(mend, para.text).replace(_BREAK, "-")
    for note in footnotes:
        note[1] = _WORD_RE.sub(mend, note[1]).replace(_BREAK, "-")


def _pdf_error(path: Path, exc: BaseException) -> ReaderError:
    chain = []
    cur: BaseException | None = exc
    while cur is not None:
        chain.append(f"{type(cur).__name__} {cur}")
        cur = cur.__cause__ or cur.__context__
    described = " ".join(chain)
    if "Password" in described or "Encrypt" in described or "encrypt" in described:
        return ReaderError(f"{path.name} is an encrypted (password-protected) PDF; supply a copy without a password")
    return ReaderError(
        f"{path.name} is not a readable PDF (damaged or truncated: {type(exc).__name__}); supply the complete file"
    )


def _language(pdf: Any) -> str | None:
    try:
        from pdfminer.pdftypes import resolve1

        lang = resolve1(pdf.doc.catalog.get("Lang"))
    except Exception:  # noqa: BLE001 - metadata is optional
        return None
    if isinstance(lang, bytes):
        lang = lang.decode("latin-1", "replace")
    return str(lang).split("-")[0].lower() if lang else None


_FRAGMENT_MIN_WORDS = 100
_FRAGMENT_SHARE = 0.08
"""Arabic text with more fragments than this is read through a wrong glyph map (:func:`fragment_share`: about 2%
in the UN's own Arabic PDFs, 17-22% in the Arabic annexes of S/2025/354 and A/79/876)."""

_SCAN_SHARE = 0.7
"""An image over this share of a page, under its text, makes the page a scan with a text layer made by OCR."""


def _ranges(pages: list[int]) -> str:
    """``[1, 2, 3, 7]`` → ``1-3, 7``."""
    runs: list[list[int]] = []
    for n in pages:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def _scanned(page: Any) -> bool:
    """The page is an image of paper, its text an OCR layer over it: one image covers most of the page."""
    area = float(page.width) * float(page.height)
    return any(
        (float(i["x1"]) - float(i["x0"])) * (float(i["bottom"]) - float(i["top"])) > _SCAN_SHARE * area
        for i in page.images
    )


def _extract(path: Path) -> tuple[list[list[_Char]], list[tuple[float, float]], str | None, list[int]]:
    """Each page's glyphs, each page's size, the language the PDF declares and the pages (from 1) that are scans
    with an OCR text layer."""
    import pdfplumber

    pages: list[list[_Char]] = []
    sizes: list[tuple[float, float]] = []
    scans: list[int] = []
    quiet = logging.getLogger("pdfminer")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # font-descriptor complaints of some producers are noise here
    try:
        with pdfplumber.open(path) as pdf:
            language = _language(pdf)
            for page in pdf.pages:
                chars = [
                    _Char(
                        _UNMAPPED if _CID_RE.match(c["text"]) else c["text"],
                        float(c["size"]),
                        float(c["x0"]),
                        float(c["x1"]),
                        float(c["top"]),
                        float(c["bottom"]),
                        _baseline(c),
                    )
                    for c in page.chars
                    if c.get("upright", True) and c["text"]
                ]
                pages.append(_dedupe(chars))
                sizes.append((float(page.width), float(page.height)))
                if chars and _scanned(page):
                    scans.append(len(pages))
                page.close()
    except ReaderError:
        raise
    except Exception as exc:  # noqa: BLE001 - any failure inside the parser means an unreadable file
        raise _pdf_error(path, exc) from None
    finally:
        quiet.setLevel(level)
    return pages, sizes, language, scans


def _baseline(c: dict[str, Any]) -> float:
    """A glyph's baseline from the page's top: its box's bottom, less the depth of the box below the glyph's
    origin (the text matrix's ``f``; the box reaches down by the font's descent, which differs between fonts)."""
    matrix = c.get("matrix")
    if not matrix or len(matrix) < 6:
        return float(c["bottom"])
    return float(c["bottom"]) - (float(matrix[5]) - float(c["y0"]))


def _dedupe(chars: list[_Char]) -> list[_Char]:
    """One glyph where the page prints it twice over at one place (old layouts' bold: "UUNNIITTEEDD
    NNAATTIIOONNSS"): the same character in the same size, less than a point and less than half its width
    away (two ``l`` of small type stand further apart). pdfplumber's ``dedupe_chars`` does the same at six
    times the cost of reading the page."""
    seen: dict[tuple[str, float, int, int], list[_Char]] = {}
    kept: list[_Char] = []
    for c in chars:
        if c.text.isspace():
            kept.append(c)
            continue
        size, x, y = round(c.size, 1), round(c.x0), round(c.top)
        near = min(1.0, (c.x1 - c.x0) / 2)
        if any(
            abs(o.x0 - c.x0) < near and abs(o.top - c.top) < 1.0
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for o in seen.get((c.text, size, x + dx, y + dy), ())
        ):
            continue
        seen.setdefault((c.text, size, x, y), []).append(c)
        kept.append(c)
    return kept


_DASHED_PAGE_RE = re.compile(r"^[-–]\s*\d{1,4}\s*[-–]$")
_CID_RE = re.compile(r"^\(cid:\d+\)$")
"""How pdfminer writes a glyph whose font gives no Unicode character for it."""
_UNMAPPED = "\ufffd"
_UNMAPPED_REFUSE = 0.2
"""A PDF with more than this share of glyphs without a Unicode map is refused (its text is unreadable)."""
_UNMAPPED_LINE = 0.5
"""A line with more than this share of them is dropped."""


def _unmapped_lines(layout: _Layout, drop: dict[tuple[int, int], str]) -> None:
    """Drop the lines made mostly of glyphs without a Unicode map (a cover set in a display font)."""
    for p, texts in enumerate(layout.texts):
        for i, text in enumerate(texts):
            letters = [ch for ch in text if not ch.isspace()]
            if letters and letters.count(_UNMAPPED) > _UNMAPPED_LINE * len(letters):
                drop.setdefault((p, i), "lines in a font without a Unicode map")


@dataclass
class _Layout:
    """The document's lines, page part by page part (a column counts as a part)."""

    lines: list[list[_Line]]
    texts: list[list[str]]
    heights: list[float]
    real: list[int]
    """The PDF page of each part."""
    pages: int
    body: float


def _layout(real_pages: list[list[_Char]], page_sizes: list[tuple[float, float]], body: float) -> _Layout:
    parts: list[list[_Char]] = []
    heights: list[float] = []
    real: list[int] = []
    for number, chars in enumerate(real_pages):
        width, height = page_sizes[number]
        for part in _split_columns(chars, body=body, width=width, height=height):
            parts.append(part)
            heights.append(height)
            real.append(number)
    lines = [_page_lines(chars, body) for chars in parts]
    texts = [[ln.text() for ln in page] for page in lines]
    return _Layout(lines, texts, heights, real, len(real_pages), body)


def _furniture(layout: _Layout) -> tuple[dict[tuple[int, int], str], HeaderSymbol]:
    """``(part, line)`` of every furniture line with its kind, and the symbol the headers print."""
    flines = [
        FurnitureLine(p, i, layout.texts[p][i], ln.top, ln.bottom, layout.heights[p])
        for p, lines in enumerate(layout.lines)
        for i, ln in enumerate(lines)
    ]
    drop: dict[tuple[int, int], str] = dict.fromkeys(
        repeated_lines(flines, pages=layout.pages), "running header/footer lines"
    )
    running: list[list[str]] = [[] for _ in range(layout.pages - 1)]
    first_page_header: list[str] = []
    for fl in flines:
        on_first = layout.real[fl.page] == 0
        in_first_header = on_first and fl.top < fl.page_height * _FIRST_HEADER
        if not on_first and fl.band:
            running[layout.real[fl.page] - 1].append(fl.text)
        if in_first_header:
            first_page_header.append(fl.text)
        if (fl.page, fl.index) in drop:
            continue
        if is_furniture_text(fl.text):
            drop[(fl.page, fl.index)] = "job numbers"
        elif fl.band and is_page_number(fl.text):
            drop[(fl.page, fl.index)] = "page numbers"
        elif (fl.band or in_first_header) and symbol_in_line(fl.text):
            drop[(fl.page, fl.index)] = "symbol lines"
        elif in_first_header and symbol_piece(fl.text):
            drop[(fl.page, fl.index)] = "symbol lines"
    # A job number dropped here no longer stands beside its page's symbol line for the text-level
    # check (corpus.layout.strip_running_lines): the symbol printed as that page's first or last line,
    # on two pages or more, goes with it (ISBA/19/C/17, whose header sits just below the top band).
    jobs = {p for p, i in drop if is_furniture_text(layout.texts[p][i])}
    edges = {(p, i): symbol_in_line(layout.texts[p][i]) for p in jobs for i in {0, len(layout.texts[p]) - 1}}
    counts = Counter(s for s in edges.values() if s)
    for (p, i), symbol in edges.items():
        if symbol and counts[symbol] >= 2 and (p, i) not in drop:
            drop[(p, i)] = "symbol lines"
    for p, texts in enumerate(layout.texts):
        if layout.real[p] == 0:
            for i in masthead_span(texts):
                drop.setdefault((p, i), "masthead lines")
        # A page number printed as the first or last line of a page, outside the bands.
        kept = [i for i in range(len(texts)) if (p, i) not in drop]
        for i in (kept[:1] + kept[-1:]) if kept else []:
            t = texts[i].strip()
            # ``- 2 -`` is a page number whatever the front matter; a bare number must be near the page's own.
            if _DASHED_PAGE_RE.match(t) or (t.isdigit() and int(t) - (layout.real[p] + 1) in (-1, 0, 1)):
                drop[(p, i)] = "page numbers"
    # The first page's lines beside its job number: where an older layout prints the symbol.
    beside_job = [
        (p, k)
        for p, i in list(drop)
        if layout.real[p] == 0 and drop[(p, i)] == "job numbers"
        for k in (i - 1, i + 1)
        if 0 <= k < len(layout.texts[p]) and (p, k) not in drop
    ]
    found = header_symbol(
        first_page=first_page_header, running=running, first_foot=[layout.texts[p][k] for p, k in beside_job]
    )
    for p, k in beside_job:
        if found.symbol and symbol_in_line(layout.texts[p][k]) == found.symbol:
            drop[(p, k)] = "symbol lines"
    return drop, found


@dataclass
class _Para:
    text: str
    part: int
    last_line_width: float


def _assemble(layout: _Layout, drop: dict[tuple[int, int], str]) -> tuple[list[_Para], list[list[str]], list[str]]:
    """Paragraphs (joined across lines, pages and columns), footnotes ``[mark, text]`` and warnings."""
    kept_lines = [[(i, ln) for i, ln in enumerate(lines) if (p, i) not in drop] for p, lines in enumerate(layout.lines)]
    widest = max((ln.x1 - ln.x0 for kept in kept_lines for _, ln in kept if not ln.small), default=1.0)
    column_width = [max((ln.x1 - ln.x0 for _, ln in kept if not ln.small), default=widest) for kept in kept_lines]
    # The line pitch: a low quantile of the distances between successive lines (paragraph
    # gaps are the larger ones), kept between 1 and 1.5 body sizes.
    pitches: list[float] = []
    for kept in kept_lines:
        body_lines = [ln for _, ln in kept if not ln.small]
        pitches.extend(b.top - a.top for a, b in zip(body_lines, body_lines[1:], strict=False) if b.top > a.top)
    pitches.sort()
    low = pitches[len(pitches) // 5] if pitches else layout.body * 1.4
    pitch = max(layout.body, min(low, layout.body * 1.5))

    paragraphs: list[_Para] = []
    footnotes: list[list[str]] = []
    warnings: list[str] = []
    next_mark = 1
    for p, kept in enumerate(kept_lines):
        body_bottom = max((ln.bottom for _, ln in kept if not ln.small), default=0.0)
        called = {c.text for _, ln in kept for c in ln.sups}
        previous: _Line | None = None
        previous_text = ""
        for i, ln in kept:
            text = layout.texts[p][i]
            if ln.small and ln.top >= body_bottom:
                m = _FOOTNOTE_MARK_RE.match(text)
                mark = m.group(1).translate(_FROM_SUPERSCRIPT) if m else ""
                if m and (mark.startswith("*") or int(mark) == next_mark or not footnotes or mark in called):
                    if mark.isdigit():
                        next_mark = int(mark) + 1
                    footnotes.append([mark, m.group(2)])
                elif footnotes:
                    footnotes[-1][1] = _join_broken(footnotes[-1][1], text)
                else:
                    page = layout.real[p] + 1
                    warnings.append(f"page {page}: small text at the page foot that is no footnote: {text!r}")
                continue
            width = ln.x1 - ln.x0
            new_para = (
                previous is None
                or ln.top - previous.top > max(pitch, previous.size * 1.25) * 1.3
                or abs(ln.size - previous.size) > 0.5
                or (bool(_PARA_START_RE.match(text)) and previous.x1 - previous.x0 < 0.9 * column_width[p])
                # A numbered line after a line that ends a sentence starts a paragraph even where the
                # page sets no space between paragraphs and that line ran to the margin.
                or (bool(_NUMBERED_START_RE.match(text)) and _ends_sentence(previous_text))
                # An article heading stands alone (its title line may start with a glyph that has no
                # Unicode character: ``Article 18`` / ``\ufffdone d’application``).
                or _is_article_heading(previous_text)
                or _is_annex_heading(previous_text)
                # A justified paragraph's lines run to the margin: after a short line that ends a
                # sentence (or before a capitalised line) a new paragraph or heading starts.
                or (
                    abs(ln.size - layout.body) < 0.5
                    and previous.x1 - previous.x0 < 0.7 * column_width[p]
                    and (_ends_sentence(previous_text) or (text[:1].isupper() and not _ends_open(previous_text)))
                    and not _CJK_RE.match(text[:1])
                )
            )
            if previous is None and paragraphs and p > 0:
                last = paragraphs[-1]
                full = column_width[last.part]
                carries = (
                    not _PARA_START_RE.match(text)
                    and not _is_article_heading(text)
                    # The block under a page's footnote rule is not the text the next page goes on with (the
                    # parser joins that to the paragraph above the rule).
                    and not FOOTNOTE_RULE_RE.match(last.text)
                    and last.part == p - 1
                    and (
                        last.last_line_width >= 0.9 * full
                        or (not _ends_sentence(last.text) and last.last_line_width >= 0.6 * full)
                    )
                )
                new_para = not carries
            if new_para:
                paragraphs.append(_Para(text, p, width))
            else:
                paragraphs[-1].text = _join_broken(paragraphs[-1].text, text)
                paragraphs[-1].part = p
                paragraphs[-1].last_line_width = width
            previous = ln
            previous_text = text
    _mend_broken_words(paragraphs, footnotes)
    return paragraphs, footnotes, warnings


def _checked_language(declared: str | None, sample: str, warnings: list[str]) -> str | None:
    """The language the PDF declares, unless its text is clearly in another one (then the text's)."""
    from corpus.language import detect_language

    found = detect_language(sample).language
    if declared and found and found != declared:
        warnings.append(f"the PDF declares its language as {declared!r} but its text is {found!r}: read as {found!r}")
        return found
    return declared


def _no_pages(path: Path) -> str:
    """Why a PDF with no page the parser can find is refused, and how many pages another parser sees (a damaged
    page tree or a broken incremental update: A/HRC/WG.6/7/SVN/2, which PDFium reads with its 17 pages)."""
    try:
        import pypdfium2

        seen = len(pypdfium2.PdfDocument(str(path)))
    except Exception:  # noqa: BLE001 - only for the message
        seen = 0
    also = f" (PDFium, another parser, counts {seen})" if seen else ""
    return (
        f"{path.name}: no page of this PDF could be read{also}; its page tree is damaged or in a form the "
        "reader does not follow — open it and save or print it as a new PDF, or supply a Word/text version"
    )


def read_pdf(path: Path) -> SourceText:
    """Read a PDF's body text, footnotes and header symbol (see the module docstring)."""
    real_pages, page_sizes, language, scans = _extract(path)
    if not real_pages:
        raise ReaderError(_no_pages(path))
    sizes: Counter[float] = Counter()
    for chars in real_pages:
        sizes.update(round(c.size, 1) for c in chars if not c.text.isspace())
    if not sizes:
        raise ReaderError(
            f"{path.name} has no text layer (a scanned image?); no OCR is done —"
            " supply a PDF with text or a Word/text version"
        )
    body = sizes.most_common(1)[0][0]
    warnings: list[str] = []
    glyphs = sum(sizes.values())
    unmapped = sum(1 for chars in real_pages for c in chars if c.text == _UNMAPPED)
    if unmapped > _UNMAPPED_REFUSE * glyphs:
        raise ReaderError(
            f"{path.name} has a text layer without Unicode: its fonts give no character for "
            f"{unmapped} of its {glyphs} glyphs, so its text cannot be read from it (no OCR is done) —"
            " supply a PDF whose text can be copied, or a Word/text version"
        )
    empty = [i + 1 for i, chars in enumerate(real_pages) if all(c.text.isspace() for c in chars)]
    if empty:
        warnings.append(f"pages without text (scanned?): {', '.join(map(str, empty))}")
    if scans:
        which = "this PDF is a scan" if len(scans) == len(real_pages) else f"pages {_ranges(scans)} are scans"
        warnings.append(
            f"{which} of paper with text recognised by OCR: words may be misread (check a paragraph against the page)"
        )

    layout = _layout(real_pages, page_sizes, body)
    drop, found = _furniture(layout)
    _unmapped_lines(layout, drop)
    paragraphs, footnotes, more = _assemble(layout, drop)
    warnings.extend(more)
    share, words = fragment_share("\n".join(para.text for para in paragraphs))
    if words >= _FRAGMENT_MIN_WORDS and share > _FRAGMENT_SHARE:
        warnings.append(
            f"its Arabic text falls apart ({share:.0%} of its {words} Arabic words are single letters or an article"
            " standing alone): its fonts map glyphs to the wrong letters, so Arabic words may not be found —"
            " supply a Word/text version for the Arabic"
        )
    left = sum(para.text.count(_UNMAPPED) for para in paragraphs)
    if unmapped:
        warnings.append(
            f"{unmapped} glyphs have no Unicode character in their font: {left} of them are written"
            f" {_UNMAPPED!r} in the text, the others stood in lines that were dropped"
        )

    header: list[str] = [
        layout.texts[p][i]
        for p, i in sorted(drop)
        if layout.real[p] == 0 and drop[(p, i)] in ("masthead lines", "symbol lines")
    ]
    for para in paragraphs:
        if layout.real[para.part] > 0 or _CONTENT_START_RE.match(para.text) or _starts_numbered(para.text):
            break
        header.append(para.text)
    return SourceText(
        text="\n\n".join(para.text for para in paragraphs) + "\n",
        footnotes=tuple((mark, note.strip()) for mark, note in footnotes),
        header_lines=tuple(header),
        symbol=found.symbol,
        symbol_evidence=found.evidence,
        # The version's language as its masthead prints it ("English" over "Original: Arabic") is not checked
        # against the text: a letter's annex in another language may be most of it.
        language_hint=masthead_language(header).version
        or _checked_language(language, "\n".join(p.text for p in paragraphs[:60]), warnings),
        warnings=tuple(warnings),
        format="pdf",
        removed=tuple(Removal(kind, n) for kind, n in Counter(drop.values()).items()),
    )
