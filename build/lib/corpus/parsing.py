"""Turn the text extracted from a UN PDF into numbered, cleaned paragraphs.

The extraction keeps the PDF's noise: page breaks inside paragraphs, footnotes and
their URLs between a paragraph's lines, footnote markers glued to words
(``约 550 万美元1的赤字``), hard line breaks inside paragraphs, markdown bold and
list dashes, figure captions and chart legends. :func:`parse_text` removes it and
returns :class:`~corpus.models.RawBlock` records in document order.

Rules, in the order they are tried on each non-blank line after the front matter:

* footnotes: a line opening with superscript digits or asterisks, or with the next
  expected footnote number *and* a marker of that number glued to a word just above;
  URL lines and URL fragments that follow a footnote;
* a numbered paragraph: ``N.`` where N is the next number in sequence (other
  ``N.`` lines are sub-headings);
* a sub-item ``(a)``: it belongs to the paragraph above;
* headings: ``一、``, ``A.``, out-of-sequence ``N.``, ``附件``, ``摘要``;
* figures: ``图 N`` and the short caption lines after it are dropped;
* anything else continues the open block, or becomes unnumbered content (a
  summary, an annex) — never glued onto a numbered paragraph that has ended.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.models import RawBlock

__all__ = ["SUBITEM_RE", "ParseResult", "clean_inline", "parse_text"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUP_VALUE = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}
_CLOSERS = "”’」』）)】》\"'"
_SENTENCE_END = "。；：！？!?;:"

_PARA_RE = re.compile(r"^(\d{1,3})\s*[.．]\s*(\S.*)$")
SUBITEM_RE = re.compile(r"^[(（]([a-z]{1,2}|[ivx]{1,4})[)）]\s*(.*)$")
_ROMAN_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+\s*、\s*\S")
_LETTER_HEADING_RE = re.compile(r"^[A-Z]\s*[.．]\s*\S")
_FIGURE_RE = re.compile(r"^[图表]\s*\d*\s*$")
_SUP_FOOTNOTE_RE = re.compile(rf"^[{_SUPERSCRIPTS}]+\s*\S")
_STAR_FOOTNOTE_RE = re.compile(r"^\*{1,3}\s*\S")
_NUM_FOOTNOTE_RE = re.compile(r"^(\d{1,2})\s+(\S.*)$")
_URL_LINE_RE = re.compile(r"^<?https?://\S*$")
_URL_FRAGMENT_RE = re.compile(r"^[A-Za-z0-9%_./:#?=&\-~+]+[。.]?$")
_LIST_DASH_RE = re.compile(r"^[-–•·]\s+(?=\S)")
_MULTISPACE_RE = re.compile(r"[ \t\u3000]+")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_CJK_RE = re.compile(rf"[{_CJK}]")
_ANNEX_RE = re.compile(r"^附件[一二三四五六七八九十]*\s*$")
_SUMMARY_RE = re.compile(r"^摘要\s*$")

_ANNEX_ROWS = 30
"""Rows of an annex table per unnumbered entry."""

_MARKER_NEAR = 80
"""How many lines above a footnote its marker may stand (a page and a bit)."""


def _glued_marker_re(number: str) -> re.Pattern[str]:
    """A footnote number glued to the word before it: ``美元1的``, ``报告3。``."""
    before = rf"[{_CJK}）》」”a-zA-Z.。，]"
    after = rf"(?=[{_CJK}，。；：、）)」”\s]|$)"
    return re.compile(rf"(?<={before}){number}{after}")


def clean_inline(text: str) -> str:
    """Remove inline markup and markers from one line: bold, asterisks, superscripts."""
    text = text.replace("**", "")
    text = text.replace("*", "")
    text = re.sub(rf"[{_SUPERSCRIPTS}]+", "", text)
    text = _MULTISPACE_RE.sub(" ", text)
    return text.strip()


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _join(left: str, right: str) -> str:
    """Join two pieces of one paragraph across a line or page break."""
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if (_ASCII_ALNUM.match(a) and (_ASCII_ALNUM.match(b) or _CJK_RE.match(b))) or (
        _CJK_RE.match(a) and b.isascii() and b.isdigit()
    ):
        # Chinese UN texts set numbers and Latin words apart with spaces ("第 26/2 号").
        return f"{left} {right}"
    return left + right


@dataclass
class _Block:
    kind: str  # "para", "unnumbered", "heading"
    number: str | None
    pieces: list[str]
    first: int
    last: int
    open: bool
    section: tuple[str, ...] = ()

    def add(self, text: str, line: int, *, is_open: bool, new_line: bool = False) -> None:
        if new_line and self.pieces:
            self.pieces.append("\n" + text)
        elif self.pieces:
            self.pieces[-1] = _join(self.pieces[-1], text)
        else:
            self.pieces.append(text)
        self.last = line
        self.open = is_open

    @property
    def text(self) -> str:
        return "".join(self.pieces).strip()


@dataclass
class ParseResult:
    """Blocks of one document plus what the parser noticed on the way."""

    blocks: list[RawBlock]
    header_lines: list[tuple[int, str]]
    footnotes: list[tuple[int, str]]
    warnings: list[str] = field(default_factory=list)


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when paragraphs are broken into short lines (as in 003)."""
    lengths = [len(line.strip()) for line in lines if len(line.strip()) > 8]
    if len(lengths) < 20:
        return False
    lengths.sort()
    return lengths[len(lengths) // 2] < 50


def _find_content_start(lines: list[str]) -> int:
    for i, raw in enumerate(lines):
        s = clean_inline(_LIST_DASH_RE.sub("", raw.strip()))
        m = _PARA_RE.match(s)
        if (m and m.group(1) == "1") or _ROMAN_HEADING_RE.match(s) or _SUMMARY_RE.match(s):
            return i
    return len(lines)


def _footnote_lines(lines: list[str], start: int) -> tuple[dict[int, str], dict[int, list[str]]]:
    """Find footnote lines and the glued markers they imply.

    Returns ``{line index: footnote text}`` and ``{line index: [marker numbers to strip]}``.
    """
    footnotes: dict[int, str] = {}
    strip: dict[int, list[str]] = {}
    expected = 1
    previous_footnote = -10
    for i in range(start, len(lines)):
        s = lines[i].strip()
        if not s:
            continue
        if _SUP_FOOTNOTE_RE.match(s) or _STAR_FOOTNOTE_RE.match(s):
            footnotes[i] = s
            previous_footnote = i
            digits = "".join(_SUP_VALUE.get(c, "") for c in s[:3] if c in _SUP_VALUE)
            if digits.isdigit():
                expected = int(digits) + 1
            continue
        if _URL_LINE_RE.match(s) or (i - previous_footnote <= 3 and _URL_FRAGMENT_RE.match(s)):
            footnotes[i] = s
            previous_footnote = i
            continue
        m = _NUM_FOOTNOTE_RE.match(s)
        if m and int(m.group(1)) == expected:
            marker = _glued_marker_re(m.group(1))
            for j in range(i - 1, max(start, i - _MARKER_NEAR) - 1, -1):
                if j in footnotes or not lines[j].strip():
                    continue
                if marker.search(lines[j]):
                    footnotes[i] = s
                    strip.setdefault(j, []).append(m.group(1))
                    expected += 1
                    previous_footnote = i
                    break
    return footnotes, strip


def parse_text(text: str) -> ParseResult:
    """Parse one document's text into paragraph blocks (see the module docstring)."""
    lines = text.split("\n")
    hard_wrapped = _is_hard_wrapped(lines)
    start = _find_content_start(lines)
    header = [(i + 1, clean_inline(lines[i])) for i in range(start) if lines[i].strip()]
    footnote_at, strip_markers = _footnote_lines(lines, start)

    blocks: list[_Block] = []
    section: list[tuple[str, str]] = []  # (level, heading text)
    expected = 1
    current: _Block | None = None
    in_figure = False
    in_annex = False
    warnings: list[str] = []

    def heading_level(s: str) -> str:
        if _ROMAN_HEADING_RE.match(s) or _ANNEX_RE.match(s) or _SUMMARY_RE.match(s):
            return "1"
        if _LETTER_HEADING_RE.match(s):
            return "2"
        return "3"

    def push_heading(s: str, line: int, raw_open: bool) -> _Block:
        level = heading_level(s)
        while section and section[-1][0] >= level:
            section.pop()
        section.append((level, s))
        block = _Block("heading", None, [s], line, line, raw_open)
        blocks.append(block)
        return block

    def is_open(raw: str, s: str) -> bool:
        if hard_wrapped:
            # A wrapped line that ends a block carries a trailing space; a space before
            # a number at the wrap ("向 ⏎1 000多名") does not end a long line.
            closed = raw.endswith((" ", "\t", "\u3000")) and (_ends_sentence(s) or len(s) < 25)
            return not closed
        return not _ends_sentence(s)

    for i in range(start, len(lines)):
        raw = lines[i]
        if not raw.strip() or i in footnote_at:
            continue
        line_no = i + 1
        work = raw
        for number in strip_markers.get(i, []):
            work = _glued_marker_re(number).sub("", work, count=1)
        if in_annex and not _ANNEX_RE.match(work.strip()):
            # An annex is a table or list: keep its rows as unnumbered content, in chunks.
            row = "；".join(clean_inline(cell) for cell in work.split("\t") if cell.strip())
            if current is None or current.kind != "unnumbered" or len(current.pieces) >= _ANNEX_ROWS:
                current = _Block("unnumbered", None, [], line_no, line_no, True, tuple(h for _, h in section))
                blocks.append(current)
            current.add(row, line_no, is_open=True, new_line=True)
            continue
        s = clean_inline(_LIST_DASH_RE.sub("", work.strip()))
        if not s:
            continue
        section_now = tuple(h for _, h in section)

        para = _PARA_RE.match(s)
        if para and int(para.group(1)) == expected and not in_annex:
            expected += 1
            in_figure = False
            current = _Block("para", para.group(1), [para.group(2)], line_no, line_no, True, section_now)
            current.open = is_open(raw, s)
            blocks.append(current)
            continue

        sub = SUBITEM_RE.match(s)
        if sub and current is not None and current.kind == "para" and not in_annex:
            current.add(s, line_no, is_open=is_open(raw, s), new_line=True)
            continue

        if (
            _ROMAN_HEADING_RE.match(s)
            or _LETTER_HEADING_RE.match(s)
            or _ANNEX_RE.match(s)
            or _SUMMARY_RE.match(s)
            or (para and len(s) <= 60 and not _ends_sentence(s))
        ):
            in_figure = False
            in_annex = in_annex or bool(_ANNEX_RE.match(s))
            current = push_heading(s, line_no, is_open(raw, s) if hard_wrapped else False)
            continue

        if _FIGURE_RE.match(s):
            in_figure = True
            current = None
            continue

        # Plain text: a continuation, a heading's second line, a caption, or unnumbered content.
        if current is not None and current.kind == "heading" and current.open:
            current.add(s, line_no, is_open=is_open(raw, s))
            section[-1] = (section[-1][0], current.text)
            continue
        if current is not None and current.kind in ("para", "unnumbered") and current.open:
            if _is_chart_legend(s):
                continue
            current.add(s, line_no, is_open=is_open(raw, s))
            continue
        short = len(s) <= 40 and not _ends_sentence(s) and not (hard_wrapped and is_open(raw, s))
        if in_figure or (short and (s.startswith(("（", "(")) or _is_chart_legend(s))):
            continue  # figure caption, unit line or chart legend
        if short:
            nxt = _next_content(lines, i + 1, footnote_at)
            if nxt is not None and _PARA_RE.match(clean_inline(nxt)):
                current = push_heading(s, line_no, False)
            else:
                warnings.append(f"line {line_no}: dropped a short line that looks like a caption: {s!r}")
            continue
        current = _Block("unnumbered", None, [s], line_no, line_no, is_open(raw, s), section_now)
        blocks.append(current)

    out = [
        RawBlock(paragraph=b.number, section=b.section, text=b.text, lines=(b.first, b.last))
        for b in blocks
        if b.kind != "heading" and b.text
    ]
    footnotes = [(i + 1, footnote_at[i]) for i in sorted(footnote_at)]
    return ParseResult(blocks=out, header_lines=header, footnotes=footnotes, warnings=warnings)


def _is_chart_legend(s: str) -> bool:
    """Several short label words separated by spaces, no punctuation (a chart's legend)."""
    parts = s.split(" ")
    return (
        len(parts) >= 3
        and all(0 < len(p) <= 10 for p in parts)
        and not any(c in s for c in "，。；：、,.;:")
        and bool(re.search(rf"[{_CJK}]", s))
    )


def _next_content(lines: list[str], start: int, skip: dict[int, str]) -> str | None:
    for j in range(start, len(lines)):
        if lines[j].strip() and j not in skip:
            return lines[j].strip()
    return None
