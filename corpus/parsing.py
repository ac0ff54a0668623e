"""Turn the text extracted from a UN PDF into numbered, cleaned paragraphs.

The extraction keeps the PDF's noise: page breaks inside paragraphs, footnotes and
their URLs between a paragraph's lines, footnote markers glued to words
(``约 550 万美元1的赤字``), hard line breaks inside paragraphs, markdown bold and
list dashes, figure captions and chart legends. :func:`parse_text` removes it and
returns :class:`~corpus.models.RawBlock` records in document order.

Before the rules, the layout rules of :mod:`corpus.layout` blank what is not body text
(running headers and footers left in a text file, a table of contents) and give an
instrument numbered by articles its article numbers; what they removed is counted in
:attr:`ParseResult.removed`.

Rules, in the order they are tried on each non-blank line after the front matter:

* footnotes: a line opening with superscript digits or asterisks, or with the next
  expected footnote number *and* a marker of that number glued to a word just above;
  URL lines and URL fragments that follow a footnote;
* a numbered paragraph: ``N.`` where N is the next number in sequence (other
  ``N.`` lines are sub-headings); one text answering several numbers (``33., 34., 35.
  Slovenia accepts these…``) is an entry under each; a short numbered list before the
  body (abbreviations) gives its numbers back when the body's ``1.`` comes;
* a sub-item ``(a)``: it belongs to the paragraph above;
* headings: ``一、``, ``A.``, out-of-sequence ``N.``, ``附件``, ``摘要``;
* figures: ``图 N`` and the short caption lines after it are dropped;
* a resolution's or decision's opening line (``The General Assembly,``, :mod:`corpus.preamble`)
  before any ``1.`` starts the body: the unnumbered paragraphs after it are its preamble, one
  paragraph per line ending with a comma (a line starting in lower case continues the one
  before), in the section ``Preamble`` until the first numbered paragraph; a document with
  such an opening and no ``1.`` at all (a decision) is read the same way to its end, and one
  with neither starts at its first long sentence;
* anything else continues the open block, or becomes unnumbered content (a
  summary, an annex) — never glued onto a numbered paragraph that has ended.

Footnotes are kept: each is attached to the block whose line calls it (a superscript
``城市⁵``, a glued number ``美元1的``, or ``*``); footnotes called from the front matter
(the agenda footnote) belong to the document, not to a paragraph. Footnotes a reader
found apart from the text (PDF page feet, DOCX footnotes) are passed in and attached
by their superscript call marks.

English (and other Latin-script) documents follow the same rules with their own
headings (``I. Introduction``, ``A. …``, ``Summary``, ``Annex``), a full stop ending a
sentence, and words joined with a space across line breaks.

Every step is linear in the size of the text: blocks collect pieces and join once,
footnote calls are looked up in a table built in one pass.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.layout import (
    FOOTNOTE_RULE_RE,
    Removal,
    in_capitals,
    is_article_head,
    is_article_title,
    is_division,
    is_page_line,
    merge_removals,
    native_paragraph_numbers,
    number_articles,
    number_section_paragraphs,
    read_header,
    strip_contents,
    strip_running_lines,
    strip_title_headers,
)
from corpus.layout_words import all_languages
from corpus.models import Footnote, RawBlock
from corpus.preamble import is_chapeau, preamble_label

__all__ = ["SUBITEM_RE", "ParseResult", "clean_inline", "parse_text", "superscript"]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
_SUP_VALUE = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}
_CLOSERS = "”’」』）)】》\"'"
_SENTENCE_END = "。；：！？!?;:؛؟"
"""What ends a sentence or a clause that ends a line, Arabic's semicolon and question mark (``؛``, ``؟``) included."""
_LATIN_SENTENCE_END = _SENTENCE_END + "."
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_PROSE_CHARS = 80
"""A line this long, in sentences, is running text (a header block's lines are short)."""
_PARA_RE = re.compile(r"^(\d{1,6})\s*[.．](?!\d)\s*(\S.*)$")
_LABEL_RE = re.compile(r"^[^\W\d_]{3,}\s+(?:\d{1,3}|[IVXL]{1,6})$")
"""A label: a word and its number (``Recommendation 4``, ``Table 2``, ``Figure II``)."""
_NAMED_LABEL_RE = re.compile(
    r"^[^\W\d_]{2,}(?:\s[^\W\d_]{2,})?\s+(?:\d{1,3}|[IVXL]{1,6}|[A-Z]\.\d{1,2})(?:\s*[.:：]\s*[^\W\d_].*)?$"
)
"""A label as a guideline or a principle is printed over its text: one or two words, a number (``Recommendation 4``,
``Guideline A.4``, ``准则 A.4``, ``Руководящий принцип D.1``) and its name after a full stop or a colon
(``Principe 6. Consultations``)."""
_LABELLED_CHARS = 60
"""A line at least this long after a label is running text that the label names (not a caption's short lines)."""
"""A numbered paragraph's first line; a figure with decimals that opens a line ("14.4 percentage points…", the rest
of a paragraph from the page before) is not one."""
_GROUPED_RE = re.compile(r"^((?:\d{1,6}\s*[.．]\s*[,，]\s*)+\d{1,6}\s*[.．]\s*[,，]?)\s*(\S.*)$")
"""One answer to several numbered items: ``5., 6., 7. The Government accepts these…``."""
_NUMBERS_ONLY_RE = re.compile(r"^(?:\d{1,6}\s*[.．]\s*[,，]?\s*)+$")
"""Numbers alone on a line: the group of the line before goes on."""
SUBITEM_RE = re.compile(r"^(?:[(（]([a-z]{1,2}|[ivx]{1,4})[)）]|([a-z]|[ivx]{1,4})\))\s*(.*)$")
"""A sub-item's mark: ``(a)``, ``(iv)``, or, as French, Spanish and Russian documents print it, ``a)``, ``iv)``
(the letter is group 1 or 2, the text group 3)."""
_ROMAN_HEADING_RE = re.compile(r"^[一二三四五六七八九十]+\s*、\s*\S")
_LETTER_HEADING_RE = re.compile(r"^[A-Z]\s*[.．]\s*\S")
_FIGURE_RE = re.compile(r"^[图表]\s*\d*\s*$")
_SUP_FOOTNOTE_RE = re.compile(rf"^[{_SUPERSCRIPTS}]+\s*\S")
_STAR_FOOTNOTE_RE = re.compile(r"^\*{1,3}\s*\S")
_NUM_FOOTNOTE_RE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_MD_FOOTNOTE_RE = re.compile(r"^\[\^(\w{1,6})\]:\s*(.*)$")
"""A Markdown footnote definition (``[^4]: A/80/342.``), as text exports of UN PDFs write them."""
_MD_CALL_RE = re.compile(r"\s?\[\^(\w{1,6})\](?!:)")
"""A Markdown footnote call in the text (``Weapons[^4] that``)."""
_PREAMBLE_ENDS = (",", "，", "،")
_MEETING_RE = re.compile(r"^\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting\b", re.IGNORECASE)
"""The line that closes a resolution: ``35th plenary meeting 11 November 2025``."""
_PAGE_OF_RE = re.compile(r"^[-–]?\s*\d{1,3}\s*/\s*\d{1,3}\s*[-–]?$")
"""A page number ``2/5 -`` left in the text."""
_UNIT_POWER_RE = re.compile(r"(?<=\d)(\s?(?:[kcdm]?m|ft|mi)(?=[²³]))([²³])(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")
"""A unit's power after a figure (``10 000 km²``, ``5 m³``): text, not a footnote call."""
_KEPT_POWERS = str.maketrans("²³", "\ue002\ue003")
_POWERS_BACK = str.maketrans("\ue002\ue003", "²³")
_SUP_CALL_RE = re.compile(rf"(?<=\S)[{_SUPERSCRIPTS}]+")
_STAR_CALL_RE = re.compile(r"(?<=[^\s*])(\*{1,3})(?!\*)")
_EN_ROMAN_HEADING_RE = re.compile(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV)\s*\.\s+\S")
_EN_ANNEX_RE = re.compile("|".join(f"(?:{w.annex})" for w in all_languages() if w.annex), re.IGNORECASE)
"""An annex heading in any official language (``Annex``, ``ANNEXE``, ``Anexo II``, ``Приложение``): a
resolution's own numbered paragraphs end there (A/RES/48/263 in French and Spanish ran on into its annex)."""
_EN_SUMMARY_RE = re.compile(r"^Summary\s*$", re.IGNORECASE)
_PREAMBLE_RE = re.compile("^(?:" + "|".join(re.escape(w.openers[0]) for w in all_languages()) + r")\s*$", re.IGNORECASE)
"""An instrument's preamble heading (``Preamble``, ``Préambule``, ``序言``…): the body starts there."""
_URL_LINE_RE = re.compile(r"^<?https?://\S*$")
_URL_FRAGMENT_RE = re.compile(r"^[A-Za-z0-9%_./:#?=&\-~+]+[。.]?$")
_LIST_DASH_RE = re.compile(r"^[-–•·]\s+(?=\S)")
_INVISIBLE_RE = re.compile("[\u200b\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff]")
"""Direction marks, zero-width spaces and byte-order marks: invisible, but they would hide a paragraph's
number (``\\u200f1. …`` in Arabic text copied from the web). Joiners (U+200C, U+200D) are kept."""
_MULTISPACE_RE = re.compile(r"[ \t\u3000]+")
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")
_CJK_RE = re.compile(rf"[{_CJK}]")
_ANNEX_RE = re.compile(r"^附件[一二三四五六七八九十]*\s*$")
_SUMMARY_RE = re.compile(r"^摘要\s*$")

_RULE_ONLY_RE = re.compile(r"^[-_*=—–]{3,}$")
_ANNEX_ROWS = 30
"""Rows of an annex table per unnumbered entry (up to twice as many to finish a sentence)."""

_MAX_JUMP = 50
"""How far the numbering may jump forward (an excerpt of a document keeps its numbers)."""

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
    text = _UNIT_POWER_RE.sub(lambda m: m.group(1) + m.group(2).translate(_KEPT_POWERS), text)
    text = re.sub(rf"[{_SUPERSCRIPTS}]+", "", text).translate(_POWERS_BACK)
    text = _MULTISPACE_RE.sub(" ", text)
    return text.strip()


def _ends_sentence(text: str, latin: bool = False) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in (_LATIN_SENTENCE_END if latin else _SENTENCE_END)


def _separator(a: str, b: str, latin: bool) -> str:
    """What joins two pieces of one paragraph across a line or page break (``a`` ends one, ``b`` starts the next)."""
    if latin:
        return "" if a in "-–" else " "
    if (_ASCII_ALNUM.match(a) and (_ASCII_ALNUM.match(b) or _CJK_RE.match(b))) or (
        _CJK_RE.match(a) and b.isascii() and b.isdigit()
    ):
        # Chinese UN texts set numbers and Latin words apart with spaces ("第 26/2 号").
        return " "
    return ""


def _join(left: str, right: str, latin: bool = False) -> str:
    """Join two pieces of one paragraph across a line or page break."""
    if not left:
        return right
    if not right:
        return left
    return left + _separator(left[-1], right[0], latin) + right


@dataclass
class _Block:
    kind: str  # "para", "unnumbered", "heading"
    number: str | None
    pieces: list[str]
    first: int
    last: int
    open: bool
    section: tuple[str, ...] = ()
    latin: bool = False
    footnotes: list[Footnote] = field(default_factory=list)
    also: list[str] = field(default_factory=list)
    """Further numbers the same text answers (``33., 34., 35. Slovenia accepts these…``)."""

    def add(self, text: str, line: int, *, is_open: bool, new_line: bool = False) -> None:
        """Append a piece; the pieces are joined once, so a long paragraph costs its length, not its square."""
        if not text:
            pass
        elif new_line and self.pieces:
            self.pieces.append("\n" + text)
        elif self.pieces and self.pieces[-1]:
            self.pieces.append(_separator(self.pieces[-1][-1], text[0], self.latin) + text)
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
    """Every footnote line ``(line, text)`` as printed (the symbol rules read them)."""
    warnings: list[str] = field(default_factory=list)
    document_footnotes: list[Footnote] = field(default_factory=list)
    """Footnotes called from the front matter (the agenda footnote ``*``), not from a paragraph."""
    lang: str = "zh"
    """The language whose rules parsed the text."""
    removed: tuple[Removal, ...] = ()
    """What the layout rules took out of the text (table of contents, running lines), with counts."""

    @property
    def footnote_count(self) -> int:
        return len(self.document_footnotes) + sum(len(b.footnotes) for b in self.blocks)


_PREAMBULAR_OPENER_RE = re.compile(
    r"^(?:\w+(?:ing|ed|en)|Aware|Mindful|Conscious|Cognizant|Desirous|Deeply|Gravely|Fully"
    r"|Further|Also|Seriously|Firmly|Strongly|Keenly|Equally|Bearing|In"
    r"|Adopts|Decides|Requests|Welcomes|Calls|Urges|Invites|Encourages|Takes|Notes|Recognizes|Reaffirms|Expresses"
    r"|Emphasizes|Stresses|Underlines|Recalls|Approves|Endorses|Affirms|Appeals|Condemns|Deplores|Demands"
    r"|Acknowledges|Commends|Supports|Reiterates|Declares|Proclaims|Authorizes)\b"
)


def _opens_preambular(s: str) -> bool:
    """An English preambular paragraph opens with a participle or adjective (``Recalling``, ``Convinced``,
    ``Aware``), an unnumbered operative one with a verb (``Adopts``, ``Decides``)."""
    return bool(_PREAMBULAR_OPENER_RE.match(s))


def _is_hard_wrapped(lines: list[str]) -> bool:
    """True when paragraphs are broken into short lines (as in 003)."""
    lengths = [len(line.strip()) for line in lines if len(line.strip()) > 8]
    if len(lengths) < 20:
        return False
    lengths.sort()
    return lengths[len(lengths) // 2] < 50


def _annex_chunk_full(pieces: list[str], row: str, *, latin: bool) -> bool:
    """Whether an annex chunk of ``pieces`` closes before ``row``: at :data:`_ANNEX_ROWS` rows, between two
    sentences. An annex of rules or guidelines is running text read line by line, and a chunk cut inside a sentence
    gives half of it to each entry; a row that goes on the sentence of the row before (it opens in lower case, or
    the row before is a full line of running text that ends no sentence) stays, up to twice the rows. A table's
    rows are shorter than a line of text and close at the count."""
    if len(pieces) < _ANNEX_ROWS:
        return False
    if len(pieces) >= 2 * _ANNEX_ROWS:
        return True
    before = pieces[-1].strip()
    long = _PROSE_CHARS if latin else _PROSE_CHARS // 2  # a Chinese character is as wide as two letters
    goes_on = row[:1].islower() or (len(before) >= long and not _ends_sentence(before, latin=latin))
    return not goes_on


def _is_top_heading(s: str) -> bool:
    return bool(
        _ROMAN_HEADING_RE.match(s)
        or _EN_ROMAN_HEADING_RE.match(s)
        or _ANNEX_RE.match(s)
        or _SUMMARY_RE.match(s)
        or _EN_ANNEX_RE.match(s)
        or _EN_SUMMARY_RE.match(s)
        or _PREAMBLE_RE.match(s)
        or is_division(s)
    )


_CLAUSE_GOES_ON_RE = re.compile(
    r"[,،，](?:\s*(?:"
    + "|".join(sorted({c for w in all_languages() for c in w.conjunctions}, key=len, reverse=True))
    + r"))?$"
)
"""A clause of a sentence that goes on in the next line: a comma, or a comma and a conjunction (the Charter's
preamble: "…untold sorrow to mankind, and")."""


def _is_prose(raw: str) -> bool:
    """A line of running text, not of a header block: long, in sentences or in a clause that goes on (a comma,
    a comma and a conjunction, a preamble's clause: ``Recalling …;``), not a note (``* The present report…``) and
    not set in capitals."""
    if _SUP_FOOTNOTE_RE.match(raw) or _STAR_FOOTNOTE_RE.match(raw) or _NUM_FOOTNOTE_RE.match(raw):
        return False
    s = clean_inline(_LIST_DASH_RE.sub("", raw))
    if len(s) < _PROSE_CHARS:
        return False
    if in_capitals(s):
        return False
    return (
        _ends_sentence(s, latin=True)
        or bool(_CLAUSE_GOES_ON_RE.search(s))
        or (_opens_preambular(s) and s.endswith((";", "；")))
    )


def _clauses_go_on(lines: list[str], at: int, end: int) -> bool:
    """Line ``at`` and the next one each end in a clause that goes on (a comma): a sentence running over short
    lines (the Chinese Charter's preamble: ``欲免后世再遭今代人类两度身历惨不堪言之战祸，``), which a header
    block's lines never are."""
    after = next((j for j in range(at + 1, end) if lines[j].strip()), None)
    return after is not None and all(
        bool(_CLAUSE_GOES_ON_RE.search(clean_inline(lines[k].strip()))) for k in (at, after)
    )


def _heads_prose(s: str, nxt: str) -> bool:
    """A short line over running text is its heading ("Objectif de sûreté" over "L'objectif fondamental de
    sûreté…"), not a caption: it is words, not figures, and the next line is a long line of sentences."""
    letters = sum(c.isalpha() for c in s)
    return letters >= 2 * sum(c.isdigit() for c in s) + 2 and len(nxt) >= _PROSE_CHARS and not nxt[0].islower()


def _continues_line_above(s: str) -> bool:
    """A line whose first two words start in lower case (a script with case): the sentence of the line above goes
    on ("to save succeeding…"; not a table note's mark, "a Estimates as at…")."""
    words = [w for w in s.split() if any(c.isalpha() for c in w)][:2]
    return len(words) == 2 and all(next(c for c in w if c.isalpha()).islower() for w in words)


def _prose_before(lines: list[str], end: int) -> int:
    """Where the body starts when its first number or heading is at ``end``: earlier, at the first line of
    running text after the header block (a treaty's preamble, a note's "The Secretary-General has the honour
    to transmit…"), with the short opening line ending in a comma just above it (``The States Parties to
    this Agreement,``). Such text is the document's, never front matter to drop."""
    first = next((i for i in range(end) if lines[i].strip()), end)
    for i in range(first + 1, end):  # a document opens with its header: its first line is never the body's
        if not _is_prose(lines[i].strip()) and not _clauses_go_on(lines, i, end):
            continue
        above = next((j for j in range(i - 1, -1, -1) if lines[j].strip()), None)
        if above is not None and clean_inline(lines[above].strip()).endswith((",", "，", "،")):
            return above
        if above is not None and _continues_line_above(lines[i].strip()):
            # "WE THE PEOPLES OF THE UNITED NATIONS DETERMINED" over "to save succeeding generations…": a line
            # in lower case goes on from the one above, which opens the text (the Charter's preamble).
            return above
        return i
    return end


def _find_content_start(lines: list[str]) -> tuple[int, int | None]:
    """Where the body starts, and the line of a resolution's opening (``The General Assembly,``) if it starts there."""
    chapeau: int | None = None
    for i, raw in enumerate(lines):
        s = clean_inline(_LIST_DASH_RE.sub("", raw.strip()))
        m = _PARA_RE.match(s)
        if (m and m.group(1) == "1") or (_is_top_heading(s) and not _ANNEX_RE.match(s) and not _EN_ANNEX_RE.match(s)):
            return (chapeau, chapeau) if chapeau is not None else (_prose_before(lines, i), None)
        if chapeau is None and is_chapeau(s):
            chapeau = i
    if chapeau is not None:
        return chapeau, chapeau
    for i, raw in enumerate(lines):
        # No number, no heading, no opening line: the body starts at the first long sentence.
        s = clean_inline(raw.strip())
        if len(s) >= 80 and _ends_sentence(s, latin=True):
            return i, None
    return len(lines), None


@dataclass
class _Note:
    """A footnote found in the text: its first line, mark, text, and the line that calls it."""

    line: int
    mark: str
    text: str
    call: int | None = None


def _note_mark(s: str) -> tuple[str, str]:
    """``⁵ 赫尔辛基…`` → ``("5", "赫尔辛基…")``; ``** 本文件…`` → ``("**", "本文件…")``."""
    if s[0] in _SUP_VALUE:
        digits = ""
        i = 0
        while i < len(s) and s[i] in _SUP_VALUE:
            digits += _SUP_VALUE[s[i]]
            i += 1
        return digits, s[i:].strip()
    if s[0] == "*":
        stars = len(s) - len(s.lstrip("*"))
        return "*" * stars, s[stars:].strip()
    m = _NUM_FOOTNOTE_RE.match(s)
    if m:
        return m.group(1), m.group(2).strip()
    return "", s


_INNER_SUP_RE = re.compile(rf"\s([{_SUPERSCRIPTS}]+)\s*(?=\S)")
_INNER_STARS_RE = re.compile(r"\s(\*{2,3})\s*(?=\S)")


def _split_notes(mark: str, body: str) -> list[tuple[str, str]]:
    """One line holding several notes of a page foot (``¹ Treaty Series, vol. 1833. ² Resolutions 75/239. ³
    A/CONF.232/2023/4.``, A/RES/78/272): each next mark in sequence (``²`` after ``¹``, ``**`` after ``*``, ``¹``
    after the starred notes) after a space starts the next note. Any other superscript in a note (``km²``) stays
    its text."""
    notes = [(mark, body)]
    while True:
        last, text = notes[-1]
        if last.isdigit():
            want = str(int(last) + 1)
            hit = next((m for m in _INNER_SUP_RE.finditer(text) if _note_mark(m.group(1))[0] == want), None)
        elif last and set(last) == {"*"}:
            want = last + "*"
            hit = next((m for m in _INNER_STARS_RE.finditer(text) if m.group(1) == want), None)
            # The numbered notes start after the starred ones ("* On behalf of … ¹ Report of the World Summit…").
            one = next((m for m in _INNER_SUP_RE.finditer(text) if _note_mark(m.group(1))[0] == "1"), None)
            if one is not None and (hit is None or one.start() < hit.start()):
                want, hit = "1", one
        else:
            hit = None
        if hit is None:
            return notes
        notes[-1] = (last, text[: hit.start()].strip())
        notes.append((want, text[hit.end() :].strip()))


def _add_to_note(note: _Note, s: str) -> None:
    """A URL line or URL fragment after a footnote: kept once, fragments joined to the URL they continue."""
    if _URL_LINE_RE.match(s):
        host = re.sub(r"^<?https?://(www\.)?", "", s).split("/", 1)[0]
        if host and host in note.text:
            return  # the link target of a URL the footnote already prints
        note.text = f"{note.text} {s}" if note.text else s
    else:
        note.text += s


def _footnote_lines(lines: list[str], start: int) -> tuple[dict[int, str], dict[int, list[str]], list[_Note]]:
    """Find footnote lines and the glued markers they imply.

    Returns ``{line index: footnote text}``, ``{line index: [marker numbers to strip]}``
    and the footnotes themselves (with the line of a glued-number call where there is one).
    """
    footnotes: dict[int, str] = {}
    strip: dict[int, list[str]] = {}
    notes: list[_Note] = []
    expected = 1
    previous_footnote = -10
    for i in range(start, len(lines)):
        s = lines[i].strip()
        if not s:
            continue
        rule = FOOTNOTE_RULE_RE.match(s)
        if rule:
            footnotes[i] = s
            previous_footnote = i
            rest = rule.group(1).strip()
            if rest:
                mark, body = (
                    _note_mark(rest) if _SUP_FOOTNOTE_RE.match(rest) or _STAR_FOOTNOTE_RE.match(rest) else ("", rest)
                )
                notes.extend(_Note(i, m, b) for m, b in _split_notes(mark, body))
                if notes[-1].mark.isdigit():
                    expected = int(notes[-1].mark) + 1
            continue
        md = _MD_FOOTNOTE_RE.match(s)
        follows = i > start and (i - 1) in footnotes and bool(lines[i - 1].strip()) and bool(notes)
        if md and not (follows and md.group(1).isdigit() and int(md.group(1)) != expected):
            footnotes[i] = s
            previous_footnote = i
            notes.append(_Note(i, md.group(1), md.group(2).strip()))
            if md.group(1).isdigit():
                expected = int(md.group(1)) + 1
            continue
        if follows and _MD_FOOTNOTE_RE.match(lines[notes[-1].line].strip()):
            # A Markdown footnote wrapped onto the next line ("…1 August 2012–31 July⏎[^2013]: (S/INF/68).").
            footnotes[i] = s
            previous_footnote = i
            notes[-1].text = _join(notes[-1].text, md.group(2).strip() if md else s, latin=True)
            continue
        if _SUP_FOOTNOTE_RE.match(s) or _STAR_FOOTNOTE_RE.match(s):
            footnotes[i] = s
            previous_footnote = i
            notes.extend(_Note(i, m, b) for m, b in _split_notes(*_note_mark(s)))
            if notes[-1].mark.isdigit():
                expected = int(notes[-1].mark) + 1
            continue
        if _URL_LINE_RE.match(s) or (i - previous_footnote <= 3 and _URL_FRAGMENT_RE.match(s)):
            footnotes[i] = s
            previous_footnote = i
            if notes and i - notes[-1].line <= 8:
                _add_to_note(notes[-1], s)
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
                    notes.append(_Note(i, m.group(1), m.group(2).strip(), call=j))
                    expected += 1
                    previous_footnote = i
                    break
    return footnotes, strip, notes


def _call_table(lines: list[str], skip: dict[int, str]) -> dict[str, list[int]]:
    """``{mark: [line indexes]}`` of every superscript or asterisk call glued to a word, in one pass."""
    calls: dict[str, list[int]] = {}
    for i, raw in enumerate(lines):
        if i in skip or not raw.strip():
            continue
        if any(c in _SUP_VALUE for c in raw):
            for m in _SUP_CALL_RE.finditer(_UNIT_POWER_RE.sub(lambda u: u.group(1) + "^", raw)):
                calls.setdefault("".join(_SUP_VALUE[c] for c in m.group(0)), []).append(i)
        if "*" in raw:
            for m in _STAR_CALL_RE.finditer(raw):
                calls.setdefault(m.group(1), []).append(i)
    return calls


def _locate_calls(notes: list[_Note], calls: dict[str, list[int]], *, before: bool) -> None:
    """Give each footnote the line that calls it: the nearest call above it (``before``) or the next unused one."""
    used: dict[str, int] = {}
    for note in notes:
        if note.call is not None:
            continue
        found = calls.get(note.mark, [])
        if before:
            k = bisect.bisect_left(found, note.line) - 1
            if k >= 0 and note.line - found[k] <= _MARKER_NEAR * 4:
                note.call = found[k]
        else:
            k = used.get(note.mark, 0)
            if k < len(found):
                note.call = found[k]
                used[note.mark] = k + 1


def parse_text(text: str, *, footnotes: Sequence[tuple[str, str]] = (), lang: str | None = None) -> ParseResult:
    """Parse one document's text into paragraph blocks (see the module docstring).

    ``footnotes`` are ``(mark, text)`` pairs a reader found apart from the text; they are
    attached to the paragraphs that call them with superscript marks (``城市⁵``).
    ``lang`` chooses the rules (``zh``, or ``en`` and other Latin-script languages);
    by default it is detected from the text.
    """
    if lang is None:
        from corpus.language import detect_language

        lang = detect_language(text).language or "zh"
    # Words are set apart by spaces in every official language but Chinese.
    latin = lang not in ("zh", "ja", "ko")
    lines = _INVISIBLE_RE.sub("", text).split("\n")
    lines, running = strip_running_lines(lines)
    before_contents = lines
    lines, contents = strip_contents(lines)
    first_removed = next((i for i, (a, b) in enumerate(zip(before_contents, lines, strict=True)) if a != b), len(lines))
    lines, articles = number_articles(native_paragraph_numbers(lines, lang))
    lines, printed = number_section_paragraphs(lines) if not articles else (lines, [])
    removed = merge_removals(running, contents)
    hard_wrapped = _is_hard_wrapped(lines)
    start, chapeau = _find_content_start(lines)
    header = [(i + 1, clean_inline(lines[i])) for i in range(min(start, first_removed)) if lines[i].strip()]
    lines, once = strip_title_headers(lines, start, read_header([t for _, t in header], lang).title)
    removed = merge_removals(removed, once)
    footnote_at, strip_markers, notes = _footnote_lines(lines, start)
    calls = _call_table(lines, footnote_at)
    for i, raw in enumerate(lines):
        if "[^" in raw and i not in footnote_at:
            for m in _MD_CALL_RE.finditer(raw):
                calls.setdefault(m.group(1), []).append(i)
    _locate_calls(notes, calls, before=True)
    given = [_Note(-1, str(mark).strip(), str(body).strip()) for mark, body in footnotes]
    _locate_calls(given, calls, before=False)
    notes = notes + given

    blocks: list[_Block] = []
    line_block: dict[int, _Block] = {}
    section: list[tuple[str, str]] = []  # (level, heading text)
    expected = 1
    covered: set[int] = set()
    current: _Block | None = None
    group: _Block | None = None  # the last block answering several numbers, until the next number
    in_figure = False
    in_annex = False
    annex_next = 1  # the next number of an annex's own paragraphs
    last_letter = ""
    warnings: list[str] = []
    in_preamble = False
    items_of: _Block | None = None
    if chapeau is None and start < len(lines):
        first = clean_inline(_LIST_DASH_RE.sub("", lines[start].strip()))
        if not _PARA_RE.match(first) and not _is_top_heading(first):
            warnings.append(f"line {start + 1}: no numbered paragraph and no opening line; the text starts here")

    def end_preamble() -> None:
        """The preamble's section ends: the label the parser gave it, or its own heading (``PREAMBLE``)."""
        nonlocal in_preamble
        section[:] = [e for e in section if e != ("1", preamble_label(lang)) and not _PREAMBLE_RE.match(e[1])]
        in_preamble = False

    def under_preamble() -> bool:
        """The current section is under a preamble's own heading (``Preamble``, ``Préambule``, ``序言``)."""
        return any(_PREAMBLE_RE.match(h) for _, h in section)

    def is_annex(s: str) -> bool:
        return bool(_ANNEX_RE.match(s) or (latin and _EN_ANNEX_RE.match(s)))

    def is_roman(s: str) -> bool:
        if _ROMAN_HEADING_RE.match(s):
            return True
        # "I." after "H." is a letter heading, not chapter one.
        return bool(latin and _EN_ROMAN_HEADING_RE.match(s) and not (s[0] == "I" and last_letter == "H"))

    def heading_level(s: str) -> str:
        if is_division(s):
            return "0"  # a part or chapter of an instrument: above its sections and articles
        if is_article_title(s) or is_article_head(s):
            return "4"  # under the instrument's parts and chapters
        if (
            is_roman(s)
            or is_annex(s)
            or _SUMMARY_RE.match(s)
            or (latin and _EN_SUMMARY_RE.match(s))
            or _PREAMBLE_RE.match(s)
        ):
            return "1"
        if _LETTER_HEADING_RE.match(s):
            return "2"
        return "3"

    def push_heading(s: str, line: int, raw_open: bool, level: str | None = None) -> _Block:
        nonlocal last_letter
        level = level or heading_level(s)
        if level == "2":
            last_letter = s[0]
        elif level == "1":
            last_letter = ""
        while section and (section[-1][0] >= level or is_annex(s)):
            section.pop()  # an annex ends the instrument's parts and chapters too
        section.append((level, s))
        block = _Block("heading", None, [s], line, line, raw_open, latin=latin)
        blocks.append(block)
        return block

    def ends(s: str) -> bool:
        return _ends_sentence(s, latin)

    def is_open(raw: str, s: str) -> bool:
        if hard_wrapped:
            # A wrapped line that ends a block carries a trailing space; a space before
            # a number at the wrap ("向 ⏎1 000多名") does not end a long line.
            closed = raw.endswith((" ", "\t", "\u3000")) and (ends(s) or len(s) < 25)
            return not closed
        return not ends(s)

    label: tuple[int, str] | None = None  # (the line it opens, a label printed over it: "Recommendation 1")
    for i in range(start, len(lines)):
        raw = lines[i]
        if not raw.strip() or i in footnote_at:
            continue
        line_no = i + 1
        if "[^" in raw:
            raw = _MD_CALL_RE.sub("", raw)
        if i == chapeau:
            # "The General Assembly,": the subject of every paragraph after it; the preamble starts.
            section.clear()
            section.append(("1", preamble_label(lang)))
            in_preamble = True
            current = None
            continue
        work = raw
        for number in strip_markers.get(i, []):
            work = _glued_marker_re(number).sub("", work, count=1)
        if in_annex and expected == 1 and is_roman(clean_inline(work.strip())):
            # An annex heading before the document's first paragraph is the contents' list of annexes ("Annexes" /
            # "Annex 1: Output scorecard…"): the body's first chapter ("I. Overview") closes it.
            in_annex = False
        if in_annex and not is_annex(work.strip()):
            # An annex is a table or list: keep its rows as unnumbered content, in chunks; a paragraph the annex
            # numbers itself (1., 2., … from its heading) is a chunk of its own, ``annex, para. 2``.
            row = "；".join(clean_inline(cell) for cell in work.split("\t") if cell.strip())
            if _RULE_ONLY_RE.match(row):
                continue  # a thematic break (``---`` before a text file's notes) holds no text
            numbered = _PARA_RE.match(row)
            value = int(numbered.group(1)) if numbered else 0
            # (a number or two may be lost where the source ran two paragraphs into one line)
            opens = annex_next <= value <= annex_next + 2
            if opens:
                annex_next = value + 1
            if (
                current is None
                or current.kind != "unnumbered"
                or opens
                or _annex_chunk_full(current.pieces, row, latin=latin)
            ):
                current = _Block(
                    "unnumbered", None, [], line_no, line_no, True, tuple(h for _, h in section), latin=latin
                )
                blocks.append(current)
            current.add(row, line_no, is_open=True, new_line=True)
            line_block[i] = current
            continue
        s = clean_inline(_LIST_DASH_RE.sub("", work.strip()))
        if not s or _PAGE_OF_RE.match(s) or not any(c.isalnum() for c in s):
            continue  # a page line, or a stray mark with no word (a lone "," a PDF left between lines)
        section_now = tuple(h for _, h in section)

        grouped = _GROUPED_RE.match(s)
        if group is not None and (grouped or _PARA_RE.match(s)):
            covered.update(_harvest_group_numbers(group, covered))
            group = None
            while expected in covered:
                expected += 1
        numbers = [int(n) for n in re.findall(r"\d+", grouped.group(1))] if grouped else []
        increasing = all(a < b for a, b in zip(numbers, numbers[1:], strict=False))
        starts = bool(numbers) and expected <= numbers[0] <= expected + _MAX_JUMP
        if grouped and starts and increasing and not in_annex:
            warnings.append(f"line {line_no}: one text answers paragraphs {', '.join(map(str, numbers))}")
            current = _Block(
                "para", str(numbers[0]), [grouped.group(2)], line_no, line_no, True, section_now, latin=latin
            )
            current.also = [str(n) for n in numbers[1:]]
            group = current
            current.open = is_open(raw, s)
            blocks.append(current)
            line_block[i] = current
            covered.update(numbers)
            expected = _next_free(numbers[0], covered)
            continue
        more = _NUMBERS_ONLY_RE.match(s)
        if more and current is not None and current.also and not in_annex:
            numbers = [int(n) for n in re.findall(r"\d+", s)]
            if numbers and numbers[0] == expected:
                current.also += [str(n) for n in numbers]  # the group goes on: "40., 41., 42., …⏎43., 44."
                covered.update(numbers)
                expected = _next_free(numbers[0], covered)
                continue
        para = _PARA_RE.match(s)
        value = int(para.group(1)) if para else 0
        if para and value == 1 < expected and len(s) > 60 and not in_annex:
            run = [b for b in blocks if b.kind == "para"]
            if run and sum(len(b.text) < 80 for b in run) >= 0.75 * len(run):
                # The numbers so far were a short list before the body (abbreviations, a
                # list of annexes): the body's numbering starts here.
                for b in run:
                    b.kind, b.number = "unnumbered", None
                warnings.append(
                    f"line {line_no}: numbering restarts at 1; the {len(run)} short items before are a list"
                )
                expected = 1
                covered.clear()
        jump = para is not None and expected < value <= expected + _MAX_JUMP and len(s) > 60
        if para and (value == expected or jump) and not in_annex:
            if in_preamble or under_preamble():
                # A preamble numbers none of its paragraphs: the first number (an article's, an operative
                # paragraph's) ends it, also when a heading ("Preamble") and not an opening line began it.
                end_preamble()
                section_now = tuple(h for _, h in section)
            if value != expected:
                # An excerpt (a translation of some paragraphs) keeps the original's numbers.
                warnings.append(f"line {line_no}: paragraph numbers jump from {expected - 1} to {value}")
            covered.add(value)
            expected = _next_free(value, covered)
            in_figure = False
            current = _Block("para", para.group(1), [para.group(2)], line_no, line_no, True, section_now, latin=latin)
            current.open = is_open(raw, s)
            blocks.append(current)
            line_block[i] = current
            continue

        sub = SUBITEM_RE.match(s)
        if sub and current is not None and (current.kind == "para" or in_preamble) and not in_annex:
            current.add(s, line_no, is_open=is_open(raw, s), new_line=True)
            line_block[i] = current
            continue

        division_open = _heads_division(lines, i, footnote_at) if is_division(s) else None
        if (
            is_roman(s)
            or _LETTER_HEADING_RE.match(s)
            or is_annex(s)
            or _SUMMARY_RE.match(s)
            or (latin and _EN_SUMMARY_RE.match(s))
            or _PREAMBLE_RE.match(s)
            or (para and len(s) <= 60 and not ends(s))
            or is_article_title(s)
            or division_open is not None
        ):
            in_figure = False
            # An annex ends the document's own numbered paragraphs, except an instrument's articles where
            # the document numbers nothing before them (the UNDRIP booklet: resolution 61/295 numbers
            # nothing, its annex is the Declaration, numbered by its articles).
            in_annex = in_annex or (is_annex(s) and (expected > 1 or not articles))
            if is_annex(s):
                annex_next = 1
            if heading_level(s) <= "1":
                in_preamble = False
            if division_open is not None:
                end_preamble()
            wraps = hard_wrapped and is_open(raw, s) and not _PREAMBLE_RE.match(s)
            current = push_heading(s, line_no, wraps if division_open is None else division_open)
            line_block[i] = current
            continue

        if _FIGURE_RE.match(s):
            in_figure = True
            current = None
            continue

        if in_preamble and not any(c.isalpha() for c in s):
            continue  # a rule or a lone number between the preamble's lines
        if in_preamble and (_MEETING_RE.match(s) or (s.startswith("[") and s.endswith("]"))):
            # "22nd meeting 9 June 2010 [Adopted without a vote.]": the adoption line, not a paragraph.
            warnings.append(f"line {line_no}: the adoption line is not a paragraph: {s!r}")
            current = None
            continue
        if in_preamble:
            # One preambular paragraph a line, ending with a comma; lower case goes on the one before.
            closed = _ends_sentence(s, latin) or s.rstrip("0123456789 ").endswith(_PREAMBLE_ENDS)
            goes_on = (
                current is not None
                and current.kind == "unnumbered"
                and (
                    current.open
                    or s[0].islower()
                    or s[0].isdigit()
                    or (not hard_wrapped and i > 0 and bool(lines[i - 1].strip()) and line_block.get(i - 1) is current)
                    or (
                        # A comma ends a line, not the paragraph, when no participle opens the next.
                        lang == "en"
                        and current.text.rstrip("0123456789 ").endswith(_PREAMBLE_ENDS)
                        and not _opens_preambular(s)
                    )
                )
            )
            if current is not None and goes_on:
                current.add(s, line_no, is_open=not closed)
            elif len(s) <= 60 and not closed:
                # A heading inside the text ("Peacebuilding Commission").
                current = push_heading(s, line_no, False)
            else:
                current = _Block("unnumbered", None, [s], line_no, line_no, not closed, section_now, latin=latin)
                blocks.append(current)
            line_block[i] = current
            continue
        if (
            chapeau is not None
            and current is not None
            and current.kind == "para"
            and current.text.endswith((":", "：", "؛"))
            or (current is not None and current is items_of)
        ) and not _MEETING_RE.match(s):
            # In a resolution, an operative paragraph ending with a colon ("Requests the
            # Secretary-General:") owns the lines after it, lettered or not, until the next number.
            items_of = current
            current.add(s, line_no, is_open=is_open(raw, s), new_line=True)
            line_block[i] = current
            continue
        # Plain text: a continuation, a heading's second line, a caption, or unnumbered content.
        if current is not None and current.kind == "heading" and current.open:
            current.add(s, line_no, is_open=is_open(raw, s))
            section[-1] = (section[-1][0], current.text)
            line_block[i] = current
            continue
        if current is not None and current.kind in ("para", "unnumbered") and current.open:
            if _is_chart_legend(s):
                continue
            current.add(s, line_no, is_open=is_open(raw, s))
            line_block[i] = current
            continue
        # A caption ends no sentence, and no clause either: a short line ending in a comma is a sentence going on.
        short = (
            len(s) <= 40 and not ends(s) and not _CLAUSE_GOES_ON_RE.search(s) and not (hard_wrapped and is_open(raw, s))
        )
        if in_figure or (short and (s.startswith(("（", "(")) or _is_chart_legend(s))):
            continue  # figure caption, unit line or chart legend
        if short:
            in_text = False
            at = _next_index(lines, i + 1, footnote_at)
            nxt = "" if at is None else clean_inline(lines[at].strip())
            if _PARA_RE.match(nxt):
                current = push_heading(s, line_no, False)
                line_block[i] = current
            elif is_article_title(nxt):
                # "Parte II Prospección" over "Artículo 2 — Prospección": a part, above its articles' headings; the
                # preamble ends there.
                end_preamble()
                current = push_heading(s, line_no, False)
                line_block[i] = current
            elif at is not None and _LABEL_RE.match(s) and _titles_part(lines, at, footnote_at):
                # "PART III" over its title in capitals, then the part's first article: one heading of two lines.
                end_preamble()
                current = push_heading(s, line_no, True, level="1")
                line_block[i] = current
            elif is_article_head(s):
                # An article the numbering left as it was (the second instrument of a compilation, whose articles
                # start again at 1): its heading heads its text, never dropped as a caption.
                current = push_heading(s, line_no, False, level="4")
                line_block[i] = current
            elif at is not None and _NAMED_LABEL_RE.match(s) and not is_page_line(s) and len(nxt) >= _LABELLED_CHARS:
                # "Recommendation 1" over the recommendation's text (a JIU report), "Table 2" over its title:
                # the label opens the text it names, so that "recommendation 1" finds it.
                label = (at, s)
            elif _continues_line_above(nxt) and len(s.split()) > 1:
                # A caption is never continued in lower case: "NOUS, PEUPLES DES NATIONS UNIES, RÉSOLUS" over "à
                # préserver les générations futures…" opens the Charter's preamble (a part's letter, "B" over
                # "считая, что…", stays a label).
                in_text = True
            elif under_preamble():
                # A preamble has no captions: a short line in it is its text ("فإن الجمعية العامة" / "تنادي بهذا
                # الإعلان…", the Arabic UDHR's "Now, therefore, the General Assembly proclaims this Declaration").
                in_text = True
            elif _heads_prose(s, nxt):
                current = push_heading(s, line_no, False)
                line_block[i] = current
            else:
                warnings.append(f"line {line_no}: dropped a short line that looks like a caption: {s!r}")
            if not in_text:
                continue
        opened = f"{label[1]} {s}" if label is not None and label[0] == i else s
        current = _Block("unnumbered", None, [opened], line_no, line_no, is_open(raw, s), section_now, latin=latin)
        blocks.append(current)
        line_block[i] = current

    if group is not None:
        _harvest_group_numbers(group, covered)
    document_notes = _attach(notes, blocks, line_block, start, warnings)
    out = [
        RawBlock(
            paragraph=_printed_number(number, printed),
            section=b.section,
            text=b.text,
            lines=(b.first, b.last),
            footnotes=tuple(b.footnotes) if number == b.number else (),
        )
        for b in blocks
        if b.kind != "heading" and b.text
        for number in (b.number, *b.also)
    ]
    footnote_lines = [(i + 1, footnote_at[i]) for i in sorted(footnote_at)]
    return ParseResult(
        blocks=out,
        header_lines=header,
        footnotes=footnote_lines,
        warnings=warnings,
        document_footnotes=document_notes,
        lang=lang,
        removed=removed,
    )


_RUN_RE = re.compile(r"(?<!\S)((?:\d{1,6}\s*[.．]\s*[,，]\s*)+\d{1,6}\s*[.．][,，]?|\d{1,6}\s*[.．]\s*[,，])(?=\s|$)")


def _next_free(value: int, covered: set[int]) -> int:
    n = value + 1
    while n in covered:
        n += 1
    return n


def _harvest_group_numbers(block: _Block, covered: set[int]) -> set[int]:
    """A group printed in a table's first column runs into the text beside it
    (``77., 78., 79., 82., Slovenia accepts… in the light of the 83., 85., 86., 87. decision…``):
    the later numbers are taken out of the text and answered by it too. Returns them."""
    text = block.text
    last = int(block.also[-1])
    added: set[int] = set()
    for m in _RUN_RE.finditer(text):
        numbers = [int(n) for n in re.findall(r"\d+", m.group(1))]
        if numbers[0] > last and not any(n in covered for n in numbers):
            text = text.replace(m.group(1), " ", 1)
            block.also += [str(n) for n in numbers]
            added.update(numbers)
            last = numbers[-1]
    if added:
        block.pieces = [re.sub(r"\s{2,}", " ", text).strip()]
    return added


def _attach(
    notes: list[_Note], blocks: list[_Block], line_block: dict[int, _Block], start: int, warnings: list[str]
) -> list[Footnote]:
    """Attach each footnote to the block that calls it; return those the front matter calls."""
    document: list[Footnote] = []
    body = [b for b in blocks if b.kind != "heading"]
    firsts = [b.first for b in body]
    for note in notes:
        footnote = Footnote(note.mark, note.text)
        if note.call is None:
            warnings.append(f"footnote {note.mark}: no call mark found in the text; kept with the document")
            document.append(footnote)
            continue
        if note.call < start:
            document.append(footnote)
            continue
        block = line_block.get(note.call)
        if block is None or block.kind == "heading":
            # A call in a heading or a dropped caption: the next paragraph carries it.
            k = bisect.bisect_right(firsts, note.call + 1)
            block = body[k] if k < len(body) else None
        if block is None:
            warnings.append(f"footnote {note.mark}: its call on line {note.call + 1} is in no paragraph")
            document.append(footnote)
            continue
        block.footnotes.append(footnote)
    return document


def _is_chart_legend(s: str) -> bool:
    """Several short label words separated by spaces, no punctuation (a chart's legend)."""
    parts = s.split(" ")
    return (
        len(parts) >= 3
        and all(0 < len(p) <= 10 for p in parts)
        and not any(c in s for c in "，。；：、,.;:")
        and bool(_CJK_RE.search(s))
    )


def _next_index(lines: list[str], start: int, skip: dict[int, str]) -> int | None:
    """The index of the first line from ``start`` that holds text and is not in ``skip`` (a footnote)."""
    return next((j for j in range(start, len(lines)) if lines[j].strip() and j not in skip), None)


def _printed_number(number: str | None, printed: list[str]) -> str | None:
    """A paragraph's number as the document prints it: ``25.1`` where the document numbers within sections
    (:func:`~corpus.layout.number_section_paragraphs` counted it ``1``)."""
    if not printed or number is None or not number.isdigit() or not 0 < int(number) <= len(printed):
        return number
    return printed[int(number) - 1]


def _heads_division(lines: list[str], at: int, skip: dict[int, str]) -> bool | None:
    """Line ``at``, a part's or chapter's heading (:func:`~corpus.layout.is_division`), heads what follows it: a
    numbered paragraph or article, another division, or a short heading of its own (``COMPOSITION`` under
    ``Chapter IV: The General Assembly``). ``True`` when the next line is its title (``PART III`` over
    ``SETTLEMENT OF DISPUTES``), ``False`` when it heads the next line, ``None`` when it heads nothing (a line of
    running text that happens to start so)."""
    after = _next_index(lines, at + 1, skip)
    if after is None:
        return None
    head = clean_inline(lines[at].strip())
    first = clean_inline(lines[after].strip())
    bare = not re.search(r"[:：—–.]", head) and len(head) <= 20  # a label alone: its title may follow
    if bare and _titles_part(lines, after, skip):
        return True
    if _PARA_RE.match(first) or is_article_title(first) or is_division(first):
        return False
    if len(first) > 60 or _ends_sentence(first, True) or _CLAUSE_GOES_ON_RE.search(first):
        return None
    return bare


def _titles_part(lines: list[str], at: int, skip: dict[int, str]) -> bool:
    """Line ``at`` is a part's or chapter's title: it ends no sentence, and an article's heading follows it
    (``Article 8 — Cooperation for …``), or it is in capitals and a numbered paragraph follows it."""
    title = clean_inline(lines[at].strip())
    after = _next_index(lines, at + 1, skip)
    if after is None or _ends_sentence(title, True):
        return False
    first = clean_inline(lines[after].strip())
    return is_article_title(first) or (in_capitals(title) and bool(_PARA_RE.match(first)))


def superscript(mark: str) -> str:
    """``"5"`` → ``"⁵"`` (how PDF and DOCX readers mark footnote calls in the text)."""
    return mark.translate(_TO_SUPERSCRIPT)
