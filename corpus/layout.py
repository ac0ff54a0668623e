"""Layout rules for UN documents as they come: what is not body text, and what the header block says.

The rules are the same in every language; the words they look for are in
:mod:`corpus.layout_words`.

* :func:`strip_contents` — a table of contents (dot leaders, "Paragraphs Page" columns,
  paragraph ranges such as ``79 - 83`` and page numbers) never becomes paragraphs;
* :func:`strip_running_lines` — running headers and footers left in a text file (a PDF's
  text saved as ``.txt``): a line repeated at page breaks, page numbers, job numbers;
* :func:`strip_title_headers` — a running header printed once (a short resolution's title on its
  second page) in the middle of the body's text;
* :func:`number_articles` — an instrument numbered by articles (``Article 5``) gets its
  articles as numbered entries;
* :func:`read_header` — the header block: title (never the banner, never the body's name
  alone), body, session, agenda item and date.

Each stripping rule says what it removed as :class:`Removal` counts.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from corpus.languages import en
from corpus.layout_words import WORDS, LayoutWords, all_languages

__all__ = [
    "FOOTNOTE_RULE_RE",
    "HeaderFacts",
    "Removal",
    "is_article_title",
    "merge_removals",
    "native_paragraph_numbers",
    "is_article_head",
    "is_division",
    "number_articles",
    "number_section_paragraphs",
    "read_header",
    "strip_contents",
    "strip_running_lines",
    "strip_title_headers",
    "in_capitals",
]


FOOTNOTE_RULE_RE = re.compile(r"^_{5,}\s*(.*)$")
"""The rule above a page's footnotes, with the footnotes run into it (``____ A/73/334.``)."""


@dataclass(frozen=True, slots=True)
class Removal:
    """What a reader or rule removed from a document's text, and how many lines of it."""

    kind: str
    count: int

    def __str__(self) -> str:
        return f"{self.count} {self.kind}"


def merge_removals(*groups: tuple[Removal, ...] | list[Removal]) -> tuple[Removal, ...]:
    """Sum the counts of each kind, in order of first appearance."""
    total: Counter[str] = Counter()
    for group in groups:
        for r in group:
            total[r.kind] += r.count
    return tuple(Removal(kind, n) for kind, n in total.items() if n)


# --- tables of contents ---------------------------------------------------------------------

_LEADER = r"(?:(?:\.\s?){4,}|…{2,}|(?:·\s?){4,}|_{4,})"
_NUMBERS = r"(?:\d{1,4}(?:\s*[-–—]\s*\d{1,4})?)"
_LEADER_RE = re.compile(rf"{_LEADER}\s*(?:{_NUMBERS}(?:\s+\d{{1,4}})?)?\s*$")
_RANGE_END_RE = re.compile(r"\S\s+\d{1,4}\s*[-–—]\s*\d{1,4}\s+\d{1,4}$")
_PAGE_ONLY_RE = re.compile(r"^\s*\d{1,4}\s*$")
_SENTENCE_END = ".。!?！？;；:："
_TOC_WRAP = 3
"""How many lines a contents entry may take before the line with its leader."""


def _contents_heading(s: str) -> bool:
    low = s.strip().casefold()
    for words in all_languages():
        for heading in words.contents:
            h = heading.casefold()
            if low == h or (low.startswith(h) and re.match(words.columns, low[len(h) :].strip(), re.IGNORECASE)):
                return True
    return False


def _columns(s: str) -> bool:
    low = " ".join(s.split())
    return any(re.match(w.columns, low, re.IGNORECASE) for w in all_languages())


def _toc_entry(s: str) -> bool:
    return bool(_LEADER_RE.search(s) or _RANGE_END_RE.search(s))


def strip_contents(lines: list[str]) -> tuple[list[str], tuple[Removal, ...]]:
    """``lines`` with every table-of-contents line blanked (line numbers are kept), and the count.

    A table of contents starts at its heading (``Contents``), its column header
    (``Paragraphs Page``) or an entry with a dot leader or a paragraph range and page
    (``Racism ........ 79 - 83 16``); it goes on while lines are entries, column headers,
    page numbers, or the first lines of an entry whose leader comes within a few lines.
    """
    out = list(lines)
    content = [i for i, raw in enumerate(lines) if raw.strip()]
    removed = 0
    k = 0
    while k < len(content):
        s = lines[content[k]].strip()
        if not (_contents_heading(s) or _columns(s) and k + 1 < len(content) or _toc_entry(s)):
            k += 1
            continue
        if _columns(s) and not _contents_heading(s):
            # A lone "Page" or "Paragraphs Page" opens a table only if entries follow.
            ahead = [lines[content[j]].strip() for j in range(k + 1, min(len(content), k + 1 + _TOC_WRAP + 1))]
            if not any(_toc_entry(a) for a in ahead):
                k += 1
                continue
        end = k
        j = k
        while j < len(content):
            t = lines[content[j]].strip()
            if _contents_heading(t) or _columns(t) or _toc_entry(t) or (_PAGE_ONLY_RE.match(t) and j > k):
                end = j
                j += 1
                continue
            following = range(j + 1, min(len(content), j + 1 + _TOC_WRAP))
            if (
                len(t) <= 200
                and t[-1] not in _SENTENCE_END
                and any(_toc_entry(lines[content[a]].strip()) for a in following)
            ):
                j += 1
                continue
            break
        for j in range(k, end + 1):
            out[content[j]] = ""
            removed += 1
        k = end + 1
    return out, ((Removal("table-of-contents lines", removed),) if removed else ())


# --- running headers and footers in text ----------------------------------------------------------

_MASK_RE = re.compile(r"\d+")
_SYMBOL_ALONE_RE = re.compile(r"^[A-Z][A-Za-z-]{0,15}(?:\.\d+)?(?:/[A-Za-z0-9][A-Za-z0-9.()-]{0,15})+$")
_PAGE_RE = re.compile(r"^(?:-\s*)?\d{1,4}(?:\s*-)?$|^\d{1,4}\s*/\s*\d{1,4}$|^(?:Page|第)\s*\d{1,4}\s*页?$")
_JOB_RE = re.compile(
    r"^(?:GE\.\d{2}-\d{5}|V\.\d{2}-\d{5}|K\d{7}|N?\d{2}-\d{5})\s*(?:\([A-Z]\))?(?:\s+\*?\d{6,8}\*?)*$|^\*\d{7}\*$"
)


def _furniture_token(token: str) -> bool:
    return bool(_PAGE_RE.match(token) or _JOB_RE.match(token) or _SYMBOL_ALONE_RE.match(token))


def is_page_line(text: str) -> bool:
    """A page number as a line prints it: ``12``, ``- 12 -``, ``3/8``, ``Page 12``, ``第 12 页``."""
    return bool(_PAGE_RE.match(text.strip()))


def _ends(s: str) -> bool:
    s = s.rstrip().rstrip("”’\"')")
    return bool(s) and s[-1] in _SENTENCE_END


def strip_running_lines(lines: list[str]) -> tuple[list[str], tuple[Removal, ...]]:
    """``lines`` with the running headers and footers a PDF-to-text conversion left in them blanked
    (line numbers are kept; the parser joins the paragraph a page break interrupted).

    A running line is a line (digits masked) printed three times or more where at least one
    of its appearances interrupts a sentence (the line before it does not end one), or
    twice when both times it stands next to a page number, job number or symbol line.
    Page numbers, job numbers and symbol lines next to a running line go with it.
    """
    content = [i for i, raw in enumerate(lines) if raw.strip()]
    keyed: dict[str, list[int]] = {}
    for i in content:
        s = lines[i].strip()
        if len(s) < 200 and not re.match(r"^\d{1,4}\s*[.．]\s", s):
            keyed.setdefault(_MASK_RE.sub("#", " ".join(s.split())), []).append(i)
    position = {i: k for k, i in enumerate(content)}

    def small(i: int) -> bool:
        tokens = lines[i].split()
        return bool(tokens) and all(_furniture_token(t) for t in tokens)

    def neighbours(i: int) -> list[int]:
        k = position[i]
        return [content[j] for j in (k - 1, k + 1) if 0 <= j < len(content)]

    running: set[int] = set()
    for key, where in keyed.items():
        if len(where) < 2 or len(key) < 3:
            continue
        interrupts = any(position[i] > 0 and not _ends(lines[content[position[i] - 1]]) for i in where)
        beside = all(any(small(n) for n in neighbours(i)) for i in where)
        long_enough = len(key) >= 12
        if (len(where) >= 3 and ((interrupts and long_enough) or beside)) or (
            len(where) == 2 and beside and interrupts
        ):
            running.update(where)
    counts: Counter[str] = Counter()
    if running:
        counts["running header/footer lines"] = len(running)
        extra: set[int] = set()
        for i in running:
            k = position[i]
            for j in (k - 2, k - 1, k + 1, k + 2):
                if 0 <= j < len(content) and content[j] not in running and small(content[j]):
                    extra.add(content[j])
        for i in extra:
            s = lines[i].strip()
            tokens = s.split()
            kind = (
                "page numbers"
                if any(_PAGE_RE.match(t) for t in tokens)
                else "job numbers"
                if any(_JOB_RE.match(t) for t in tokens)
                else "symbol lines"
            )
            counts[kind] += 1
        running |= extra
    if not running:
        return lines, ()
    out = ["" if i in running else raw for i, raw in enumerate(lines)]
    return out, tuple(Removal(k, n) for k, n in counts.items())


_TITLE_HEADER_CHARS = 12
"""A once-printed running header is at least this many letters of the title, never a stray word."""
_INTERRUPTED_CHARS = 30
"""The lines a running header interrupts are running text at least this long (a heading's neighbours are not)."""


def in_capitals(text: str) -> bool:
    """Most of the line's letters are capitals (a heading, a banner)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > len(letters) / 2


def _running(text: str) -> bool:
    return len(text) >= _INTERRUPTED_CHARS and not in_capitals(text)


def _bare(text: str) -> str:
    return re.sub(r"\s+", "", text)


def strip_title_headers(lines: list[str], body_start: int, title: str) -> tuple[list[str], tuple[Removal, ...]]:
    """``lines`` with a running header printed only once blanked. A two- or three-page resolution heads its
    second page with its title, or the title's first line, so the repetition test of :func:`strip_running_lines`
    cannot see it; a PDF's text saved as ``.txt`` leaves it in the middle of a sentence (``…during the general
    debate of the`` / ``Participation by the State of Palestine during the eightieth session`` / ``Assembly at its
    eightieth session…``) or between two preambular paragraphs, which it then joins into one.

    Such a line comes after ``body_start``, is the document's ``title`` or the title's beginning, is not set in
    capitals and does not end a sentence, and interrupts running text: the lines on both sides are long, and the
    one before it does not end a sentence (a preambular paragraph ends with a comma). A heading that repeats the
    title stands under a sentence's end, above or under a short line, or in capitals."""
    whole = _bare(title)
    if len(whole) < _TITLE_HEADER_CHARS:
        return lines, ()
    content = [i for i in range(body_start, len(lines)) if lines[i].strip()]
    dropped: set[int] = set()
    for before, i, after in zip(content, content[1:], content[2:], strict=False):
        s = lines[i].strip()
        bare = _bare(s)
        above, below = lines[before].strip(), lines[after].strip()
        if (
            len(bare) >= _TITLE_HEADER_CHARS
            and whole.startswith(bare)
            and not _ends(s)
            and not in_capitals(s)
            and _running(above)
            and not _ends(above)
            and _running(below)
        ):
            dropped.add(i)
    if not dropped:
        return lines, ()
    out = ["" if i in dropped else raw for i, raw in enumerate(lines)]
    return out, (Removal("running header/footer lines", len(dropped)),)


# --- instruments numbered by articles ---------------------------------------------------------

_ZH_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
_ZH_UNITS = {"十": 10, "百": 100}


_ROMAN_RE = re.compile(r"[IVXLІХ]+")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "І": 1, "Х": 10}
"""Capital Roman numerals, and the Cyrillic letters a Russian text sets for I and X (``Статья ХХ``)."""


def roman_value(s: str) -> int:
    """The value of capital Roman numerals (``XVII`` → 17, ``XLIV`` → 44, Cyrillic ``ХХ`` → 20)."""
    values = [_ROMAN_VALUES[ch] for ch in s]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def _article_number(num: str) -> int:
    """An article heading's number: ``premier``, digits, Roman numerals (``XVII``) or Chinese numerals (``十一``)."""
    if num.casefold() == "premier":
        return 1
    if num.isdigit():
        return int(num)
    return roman_value(num) if _ROMAN_RE.fullmatch(num) else _zh_number(num)


def _zh_number(s: str) -> int:
    """A number in Chinese numerals (``十`` 10, ``二十一`` 21, ``一百零一`` 101, ``一百一十一`` 111)."""
    total = digit = 0
    for ch in s:
        if ch in _ZH_UNITS:
            total += (digit or 1) * _ZH_UNITS[ch]
            digit = 0
        else:
            digit = _ZH_DIGITS.get(ch, 0)
    return total + digit


_ARTICLE_ENDS = '.!?;:,)»”"’。；：，！？）」』؛؟،'
"""What ends a line of running text (a line ending otherwise, when short, is a heading)."""


def native_paragraph_numbers(lines: list[str], lang: str | None) -> list[str]:
    """Paragraph numbers as the language prints them (Arabic: ``١ - يعتمد …``) written ``1. يعتمد …``,
    the form the parser numbers by; other lines as they were."""
    words = WORDS.get(lang or "")
    if words is None or not words.numbered:
        return lines
    pattern = re.compile(words.numbered)
    out = []
    for raw in lines:
        m = pattern.match(raw.strip())
        out.append(f"{int(m.group('num'))}. {m.group('text')}" if m else raw)
    return out


_FIRST_PARAGRAPH_RE = re.compile(r"^\s*1\s*[.．]\s*\S")


def number_articles(lines: list[str]) -> tuple[list[str], int]:
    """An instrument numbered by its article headings (``Article 5``, ``Статья 5``, ``第五条``):
    each heading is blanked and its first paragraph opens with the number (``5. …``) so that
    the article is cited by its number. Returns the lines and the number of articles (0: the
    text is left as it was).

    The articles are the headings numbered 1, 2, 3 … from the first; headings after that run
    that start again (the standard clauses annexed to regulations have articles of their own)
    stay as they are. Either the instrument numbers no paragraphs (the UDHR, the Charter as
    un.org prints it), or its paragraph numbers start again in article after article
    (``Article 5`` / ``1. …`` / ``2. …``, the BBNJ Agreement, the UNDRIP, the ISA regulations):
    then they are the article's own and stay in its text. A document whose numbered paragraphs
    run on across the headings, or start before them, is left as it was.
    A title line under the heading (``Use of terms``) stays a heading line: ``Article 1 — Use of terms``;
    so does a title printed on the heading's line (``第 1 条用语和范围``)."""
    found = _article_heads(lines)
    run = next((k for k, (_, value, _) in enumerate(found) if value != k + 1), len(found))
    heads = found[:run]
    if len(heads) < 3:
        return lines, 0
    firsts = [i for i, raw in enumerate(lines) if _FIRST_PARAGRAPH_RE.match(raw)]
    if firsts:
        starts = [i for i, _, _ in heads]
        restarting = {bisect.bisect_right(starts, i) for i in firsts}
        if firsts[0] < starts[0] or len(restarting) < 2:
            return lines, 0
    out = list(lines)
    ends = [i for i, _, _ in found[1 : run + 1]] + ([len(out)] if run == len(found) else [])
    for (i, value, title), end in zip(heads, ends, strict=True):
        j = _next_line(out, i + 1, end)
        after = _next_line(out, j + 1, end)
        head = out[i].strip()
        if title:
            head = head[: len(head) - len(title)].strip()
            out[i] = f"{head}{_TITLE_DASH}{title}"
        elif after < end and out[j].strip()[-1] not in _ARTICLE_ENDS and not _ITEM_RE.match(out[j].strip()):
            # The article's title stays a heading line, with the article's heading before it
            # (``Article 74 — Annexes``: the title alone would read as the annexes' heading). A line opening with
            # an item's mark is the article's first paragraph, whatever it ends with (``一、联合国各会员国为…``).
            out[j] = f"{head}{_TITLE_DASH}{out[j].strip()}"
            j = after
        if j < end:
            if not title:
                out[i] = ""
            out[j] = f"{value}. {_article_text(out, j, end)}"
    return out, len(heads)


_TITLE_DASH = " — "


_SECTION_PARAGRAPH_RE = re.compile(r"^\s*(\d{1,3})\.(\d{1,3})\s+(\S.*)$")
"""A paragraph numbered within its section: ``25.1 The Office of …`` (a budget fascicle), ``2.3 The author …``."""


def number_section_paragraphs(lines: list[str]) -> tuple[list[str], list[str]]:
    """A document that numbers its paragraphs within sections (``A/81/6 (Sect. 25)``: ``25.1``, ``25.2`` …; a treaty
    body's views: ``1.1``, ``1.2``, ``2.1`` …): each such line is written ``n. …`` with ``n`` counting them, for the
    parser, and the printed numbers are returned in that order, to be put back (``n`` → ``25.1``). A line is such a
    paragraph when it goes on from the one before: the next number in its section, or the first of the next
    section; the run starts at a section's first. Returns the lines as they were and ``[]`` for any other document:
    one numbered ``1.``, ``2.`` … before such a run, or with fewer than three (``14.4 percentage points …``)."""
    found = [(i, m) for i, raw in enumerate(lines) if (m := _SECTION_PARAGRAPH_RE.match(raw))]
    printed: list[str] = []
    at: list[tuple[int, str]] = []
    section = number = 0
    for i, m in found:
        s, n = int(m.group(1)), int(m.group(2))
        if (not printed and n == 1) or (
            printed and ((s == section and n == number + 1) or (s == section + 1 and n == 1))
        ):
            section, number = s, n
            printed.append(f"{s}.{n}")
            at.append((i, m.group(3)))
    if len(printed) < 3 or any(_FIRST_PARAGRAPH_RE.match(raw) for raw in lines[: at[0][0]]):
        return lines, []
    out = list(lines)
    for k, (i, text) in enumerate(at, start=1):
        out[i] = f"{k}. {text}"
    return out, printed


def is_article_title(line: str) -> bool:
    """A heading line :func:`number_articles` wrote: an article's heading and its title
    (``Article 74 — Annexes``). It is a heading wherever it stands: it never continues the
    paragraph before it (article 73 of the Spanish BBNJ Agreement ends without a full stop)."""
    head, dash, title = line.strip().partition(_TITLE_DASH)
    return bool(dash and title) and any(re.match(w.article, head, re.IGNORECASE) for w in all_languages())


def _in_any_language(pattern: Callable[[LayoutWords], str], line: str) -> bool:
    """``line`` (stripped) matches one of the official languages' ``pattern`` (a :class:`LayoutWords` field)."""
    s = line.strip()
    return bool(s) and any(re.match(pattern(w), s, re.IGNORECASE) for w in all_languages())


def is_article_head(line: str) -> bool:
    """An article's heading alone on its line (``Article 5``, ``Статья 5``, ``第五条``), in any official language."""
    return _in_any_language(lambda w: w.article, line)


def is_division(line: str) -> bool:
    """The heading of a part or chapter of an instrument (:attr:`~corpus.layout_words.LayoutWords.division`:
    ``Chapter IV: The General Assembly``, ``Parte III``, ``第四章：大会``), in any official language."""
    return _in_any_language(lambda w: w.division, line)


def _next_line(lines: list[str], start: int, end: int) -> int:
    """The first non-blank line from ``start`` (``end`` when there is none before it)."""
    while start < end and not lines[start].strip():
        start += 1
    return start


def _article_heads(lines: list[str]) -> list[tuple[int, int, str]]:
    """``(line, number, title)`` of every article heading (the title when printed on the heading's line)."""
    heads: list[tuple[int, int, str]] = []
    for i, raw in enumerate(lines):
        s = raw.strip()
        for words in all_languages():
            m = re.match(words.article, s, re.IGNORECASE)
            if m:
                num = m.group("num")
                value = _article_number(num)
                title = m.groupdict().get("title") or ""
                heads.append((i, value, title.strip()))
                break
    return heads


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


_ITEM_RE = re.compile(
    r"^(?:[(（]\s*[0-9A-Za-z一二三四五六七八九十]{1,5}\s*[)）]|\d{1,3}\s*[.．](?!\d)|[一二三四五六七八九十]{1,3}、)"
)
"""An item's or an inner paragraph's mark at a line's start: ``(a)``, ``(iv)``, ``（一）``, ``2.``, ``一、``."""


_SECTION_HEAD_RE = re.compile(r"^(?:[A-Z]|[IVX]{1,5})\.\s+[^\W\d_]")


def _article_text(out: list[str], first: int, end: int) -> str:
    """An article's text: its first paragraph and the ones after it up to the next article (the
    lines taken are blanked), so that all of an article answers to its number in every language
    (``Article 2`` has two paragraphs). A short line that ends no sentence (``PART III``) ends it, unless
    it opens with an item's mark: a list item wraps mid-sentence (``(i) to any entity referred to in
    article 305, paragraph 1 (c), (d) and``).
    A part's or chapter's heading (:func:`is_division`: ``Chapter VII: Action with Respect to Threats to the
    Peace, Breaches of the Peace, and Acts of Aggression``) ends it however long, and so does a heading
    lettered or numbered in capitals (``B. Agreement on the Rescue of Astronauts, the Return of
    Astronauts and …``, ``II. …``) ends it however long: the next instrument of a compilation starts there.
    A page's footnotes inside the article (the rule ``_____``, a note opening with its mark ``¹``) are
    left where they stand, for the parser to attach to their calls."""
    text = out[first].strip()
    for k in range(first + 1, end):
        s = out[k].strip()
        if not s or FOOTNOTE_RULE_RE.match(s) or _FOOTNOTE_LINE_RE.match(s):
            continue
        if is_division(s) or (
            s[-1] not in _ARTICLE_ENDS and ((len(s) <= 60 and not _ITEM_RE.match(s)) or _SECTION_HEAD_RE.match(s))
        ):
            break
        text += ("" if _wide(text[-1]) or _wide(s[0]) else " ") + s
        out[k] = ""
    return text


# --- the header block -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeaderFacts:
    """What a document's header block prints (empty where it prints nothing)."""

    title: str = ""
    body: str = ""
    session: str = ""
    agenda_item: str | None = None
    date: str = ""
    """ISO ``YYYY-MM-DD``."""


_FOOTNOTE_LINE_RE = re.compile(r"^(?:\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*\S")
_TRAILING_MARK_RE = re.compile(r"(?:\s*(?:\*{1,3}|[¹²³⁴⁵⁶⁷⁸⁹⁰]+))+$")
_SYMBOL_TOKEN_RE = re.compile(r"(?<!\w)(?:[A-Z][A-Za-z-]*)?(?:/[A-Za-z0-9][A-Za-z0-9.()-]*){1,}(?!\w)")
_RESOLUTION_RE = re.compile(r"^\d{1,3}/\d{1,4}\s*[.．]?\s+(?P<title>[^\W\d_].*)$")
_LETTERS_RE = re.compile(r"[^\W\d_]{3}")
_LETTER_RE = re.compile(r"^[A-Z]$")
_FIELD_RE = re.compile(r"^[^\W\d_][\w’'-]*(?P<rest>(?:\s+[\w’'-]+){1,3})\s*:\s+\S")
"""A form's field: a label of two to four words in sentence case, a colon and its value (``Alleged victim: The
author``, ``State party: Russian Federation``); not a title's parts (``Services Sectors: Fostering``)."""
_SERIES_RE = re.compile(r"^[A-Z]{2,6}$")
"""A symbol's first part printed apart in the banner (``CEDAW`` over ``/C/CAF/CO/6``)."""
_TAIL_RE = re.compile(r"(?<!\S)/[A-Za-z0-9][A-Za-z0-9.()-]*/")
_LETTERSPACED_RE = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


_OPENING_COMMA = ",，،"


def _goes_on(line: str, words: LayoutWords) -> bool:
    """The line stops mid-sentence (``…mankind, and``, ``…souffrances,``, a list of sponsors ``Australia,
    Colombia,``): running text or a list, never a title line (a title wraps at a word, not after a comma)."""
    s = line.rstrip()
    head, _, last = s.rpartition(" ")
    return s.endswith(tuple(_OPENING_COMMA)) or (
        head.endswith(tuple(_OPENING_COMMA)) and last.casefold() in words.conjunctions
    )


def _without_opening_line(lines: list[str]) -> list[str]:
    """The title lines without the body's opening line that follows them in a decision's header
    (ISBA/19/C/17: ``El Consejo de la Autoridad Internacional de los Fondos Marinos,``, ``إن مجلس …،``,
    or without its comma ``Le Conseil de l’Autorité internationale des fonds marins``, which names
    the body the title already names: ``Décision du Conseil de l’Autorité internationale …``)."""
    if len(lines) < 2:
        return lines
    last = lines[-1].strip()
    if last.endswith(tuple(_OPENING_COMMA)):
        return lines[:-1]
    words = last.split()[1:]
    before = set(" ".join(lines[:-1]).split())
    if len(words) >= 3 and all(w in before for w in words):
        return lines[:-1]
    return lines


def _date(text: str, words: LayoutWords) -> str:
    """The date in ``words``' language, else in English: a Chinese masthead prints it in English
    (``Distr.: General 31 March 2021`` in A/75/836)."""
    for lang_words in (words, WORDS["en"]):
        for m in re.finditer(lang_words.date, text, re.IGNORECASE):
            month_name = " ".join(m.group("month").split()).casefold()
            for number, names in enumerate(lang_words.months, start=1):
                if month_name in (n.casefold() for n in names.split("|")):
                    return f"{int(m.group('year')):04d}-{number:02d}-{int(m.group('day')):02d}"
    return ""


def _without_days(text: str, words: LayoutWords) -> str:
    """``text`` without the days, months and punctuation a date range leaves once its date is taken out
    (``26 avril-`` of ``26 avril-7 mai 2010``): the place that is left."""
    return re.sub(r"[\d\W_]+", " ", _month_names(words).sub(" ", text))


@lru_cache(maxsize=8)
def _month_names(words: LayoutWords) -> re.Pattern[str]:
    """Any month name of ``words``' language or of English (a masthead prints English dates)."""
    months = "|".join(re.escape(n) for names in (*words.months, *WORDS["en"].months) for n in names.split("|"))
    return re.compile(rf"(?<!\w)(?:{months})(?!\w)", re.IGNORECASE)


def _residue(s: str, words: LayoutWords, *, names: bool = True) -> str:
    """What is left of a header line once banner, bodies (unless not ``names``), masthead words, symbols and dates
    are taken out."""
    rest = s
    for name in (*words.organisation, *words.bodies) if names else ():
        rest = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", rest, flags=re.IGNORECASE)
    dated = re.sub(WORDS["en"].date, " ", re.sub(words.date, " ", rest, flags=re.IGNORECASE), flags=re.IGNORECASE)
    if dated != rest and len(" ".join(_without_days(dated, words).split())) < 25:
        return ""  # a date with its place: "Geneva, 8-19 February 2010", "Kingston (Jamaïque) 26 avril-7 mai 2010"
    rest = dated
    rest = re.sub(r"(?<!\w)(?:Distr\.?|Dist\.)\s*:?\s*(?:\w+)?", " ", rest, flags=re.IGNORECASE)
    rest = re.sub(r"(?<!\w)Original\s*:\s*\w+", " ", rest, flags=re.IGNORECASE)
    rest = _SYMBOL_TOKEN_RE.sub(" ", rest)
    rest = " ".join(rest.split())
    if re.fullmatch(words.masthead, rest, re.IGNORECASE) or _LETTER_RE.match(rest):
        return ""
    return rest


_SPLIT_NAME_LINES = 3
"""Lines a body's name may be printed over in the banner, masthead lines between its parts aside."""


def _split_names(lines: list[str], words: LayoutWords) -> dict[int, str]:
    """The lines of a body's name printed over two or three lines of the banner, with the masthead beside or between
    its parts (``International Covenant on Distr.: General`` / ``27 December 2017`` / ``Civil and Political
    Rights``; ``Конвенция о ликвидации Distr.: General всех форм …`` / ``Russian`` / ``в отношении женщин``),
    each with the name."""
    known = {re.sub(r"\s+", "", n).casefold(): n for n in words.bodies}
    longest = max(map(len, known), default=0)
    parts = [re.sub(r"\s+", "", _residue(line, words, names=False)).casefold() for line in lines]
    found: dict[int, str] = {}
    for i, part in enumerate(parts):
        if not part or part in known or not any(k.startswith(part) for k in known):
            continue
        joined, used = part, [i]
        for j in range(i + 1, min(len(lines), i + 1 + _SPLIT_NAME_LINES)):
            if not parts[j]:
                continue
            joined, used = joined + parts[j], [*used, j]
            if joined in known:
                found.update(dict.fromkeys(used, known[joined]))
                break
            if len(joined) >= longest:
                break
    return found


def _repeats(part: str, whole: str) -> bool:
    """``part`` is said again in ``whole`` (its words, inflected endings aside)."""
    part, whole = part.casefold(), whole.casefold()
    if part in whole:
        return True
    stems = [w[:5] for w in re.findall(r"[^\W\d_]{4,}", part)]
    words = re.findall(r"[^\W\d_]+", whole)
    return bool(stems) and all(any(w.startswith(stem) for w in words) for stem in stems)


def _glued(pattern: str) -> str:
    """``pattern`` matching its words printed without the spaces between them (a PDF that sets its masthead
    without space glyphs: ``Item6 (b)of theprovisional agenda``)."""
    return pattern.replace(r"\s+", r"\s*")


def _mentioned(before: str, words: LayoutWords) -> bool:
    """The session named after ``before`` is a mention in running text (``…outcomes of the twenty-third
    special session``, ``…和大会第二十三届特别会议``), not the session line: the word before it is a lower-case
    word, or, in a script without case, any word but a body's name."""
    tokens = before.split()
    if not tokens or not tokens[-1][-1].isalpha():
        return False
    last = tokens[-1]
    if any(c.isupper() or c.islower() for c in last):
        return last.islower()
    rest = before
    for name in (*words.organisation, *words.bodies):
        rest = rest.replace(name, " ")
    return bool(re.search(r"[^\W\d_]", rest))


def _sponsor_lines(lines: list[str], words: LayoutWords) -> set[int]:
    """The lines of a draft's sponsor line (``Iraq:*,** draft resolution``, ``Australia, Colombia, …`` /
    ``… and Uruguay: draft resolution``, ``Australia and Belize: draft decision**``): the sponsors, a colon,
    footnote marks, then the draft's name and its footnote marks."""
    if not words.draft:
        return set()
    sponsor = re.compile(rf"\S.*[:：][\s*¹²³⁴⁵⁶⁷⁸⁹⁰,]*{words.draft}[\s*¹²³⁴⁵⁶⁷⁸⁹⁰]*$", re.IGNORECASE)
    found: set[int] = set()
    for i, raw in enumerate(lines):
        if sponsor.match(" ".join(raw.split())):
            found.add(i)
            k = i - 1
            while k >= 0 and _goes_on(lines[k], words):
                found.add(k)
                k -= 1
    return found


def _one_title(before: str, line: str, words: LayoutWords) -> bool:
    """``line`` wraps the title line ``before`` (their lines join with a space, not as two parts): it goes
    on in lower case, or both are set in capitals (``…APARTHEID AND RACIAL`` / ``DISCRIMINATION IN …``)
    and it is not a report line of its own (``PROGRESS REPORT OF THE SECRETARY-GENERAL``)."""
    if words.byline and re.search(words.byline, line, re.IGNORECASE):
        return False
    return line[:1].islower() or (before.isupper() and line.isupper())


_AMOUNT_RE = re.compile(r"[$€£¥]\s?\(?\d|\d{1,3}(?:,\d{3}){2,}")
"""A sum of money or a figure in the millions: a table's row, which no title holds."""
_TITLE_SMALL_WORDS = en.PARTICLES | frozenset("from into onto upon with than that this their those these".split())


def _in_title_case(line: str) -> bool:
    """An English line set in Title Case, as agenda items name bodies and missions (``Integrated Stabilization
    Mission in Mali``): every word of four letters or more, prepositions aside, starts with a capital."""
    content = [
        w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", line) if len(w) > 3 and w.lower() not in _TITLE_SMALL_WORDS
    ]
    return bool(content) and all(w[0].isupper() for w in content)


def _name_goes_on(before: str, line: str, words: LayoutWords) -> bool:
    """``line`` carries on the name that the agenda item's title line ``before`` broke off (``Financing of the United
    Nations Multidimensional`` / ``Integrated Stabilization Mission in Mali``): ``before`` ends in a capitalised word,
    with no stop, and ``line``, no longer than it (the rest of a wrapped line; a title of its own under the item's
    may be longer), is in Title Case and no report line of its own. English only: the other languages
    write such names in sentence case, and :func:`_one_title` reads their wraps from the lower case."""
    tail = before.rstrip()
    last = tail.rsplit(" ", 1)[-1]
    if not last[:1].isupper() or tail[-1:] in ".:;,)" or re.search(words.byline, line, re.IGNORECASE):
        return False
    return len(line) <= len(tail) and _in_title_case(line) and not _ends(line)


def read_header(lines: list[str], lang: str) -> HeaderFacts:
    """Title, body, session, agenda item and date from a document's header block.

    ``lines`` are the header block's lines as read (banner, masthead, session and agenda
    lines, title lines, the agenda footnote). The title is the lines after the session and
    agenda lines that are neither banner, body name, masthead, symbol, date, place, footnote,
    sponsor line (``Iraq:* draft resolution``), officer (``President: Mr. …``) nor dot leaders,
    joined with ``": "`` (``Report of the Working Group on the Universal Periodic Review:
    Slovenia``); a line that wraps the one before joins it with a space. A resolution's title is
    its numbered title line (``80/7. Report of …``); a meeting record's is the meeting with its
    date and place (``64th plenary meeting, Wednesday, 16 April 2025, 10 a.m., New York``).
    A title that only says whose report it is (``Report of the Secretary-General``) reads with
    its agenda item's title.
    """
    words = WORDS.get(lang, WORDS["en"])
    date = ""
    body = ""
    session = ""
    agenda: str | None = None
    kept: list[tuple[int, str]] = []
    last_meta = -1
    agenda_title = kept_agenda = False
    names_left = 0
    agenda_lines: list[str] = []
    openers = {o.casefold() for o in words.openers}
    agenda_re = _glued(words.agenda)
    sponsors = _sponsor_lines(lines, words)
    split_names = _split_names(lines, words)
    split_symbol = any(_TAIL_RE.search(line) for line in lines)
    meeting = False
    for i, raw in enumerate(lines):
        # A publication's copyright notice runs from © to the line's end, on the title's line or below it.
        s = " ".join(raw.split("©", 1)[0].split())
        if lang == "zh":
            s = _LETTERSPACED_RE.sub("", s)  # the banner and body set letter-spaced: "联 合 国", "大 会"
        if not s or _FOOTNOTE_LINE_RE.match(s) or i in sponsors:
            continue
        if split_symbol and _SERIES_RE.match(s):
            continue  # the symbol's series, printed apart from the rest of it: "CEDAW" over "/C/CAF/CO/6"
        if i in split_names:
            body = split_names[i]
            date = date or _date(s, words)
            continue
        if _contents_heading(s) or _columns(s):
            break
        if re.search(_LEADER, s) or (words.officer and re.match(words.officer, s)):
            meeting = False
            continue  # "President: Mr. Yang . . . (Cameroon)", "Rapporteur: Mr. …": officers, not title
        found_session = re.search(words.session, s, re.IGNORECASE)
        if found_session and _mentioned(s[: found_session.start()], words):
            found_session = None  # "…the outcomes of the twenty-third special session": a title
        found_agenda = re.search(agenda_re, s, re.IGNORECASE)
        if (found_session or found_agenda) and kept and kept[-1][0] > last_meta and _ends(s):
            break  # a sentence after the title that names the agenda item: the body ("…under agenda item 34.")
        m = _RESOLUTION_RE.match(s)
        rest = "" if found_session or found_agenda or m else _residue(s, words)
        if not rest:
            for name in words.bodies:
                if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", s, re.IGNORECASE):
                    body = name
                    break
        if found_session and not session:
            session = found_session.group(0)
        if found_agenda and agenda is None:
            agenda = " ".join(next(g for g in found_agenda.groups() if g).split())
        if found_session or found_agenda:
            last_meta = i
            # "Agenda item 6" alone on its line (or after the session): the item's own title follows it.
            beside = s[: found_agenda.start()] + " " + s[found_agenda.end() :] if found_agenda else ""
            if found_session and found_agenda:
                beside = beside.replace(found_session.group(0), " ")
            agenda_title = found_agenda is not None and not _LETTERS_RE.search(beside)
            kept_agenda = False
            # "Items 138 and 139 of the preliminary list": one name a line for each item.
            names_left = len(re.findall(r"[0-9]+", found_agenda.group(0))) if found_agenda else 0
            continue
        if s.casefold() in openers:
            break
        if re.match(words.adoption, s, re.IGNORECASE):
            continue  # "Adopted by General Assembly resolution 217 A (III)…"
        if m:
            # A resolution or decision: its numbered title line is the title.
            kept = [(i, _TRAILING_MARK_RE.sub("", m.group("title")))]
            agenda_lines = []
            last_meta = i - 1
            break
        titled = bool(kept) and kept[-1][0] > last_meta
        if not rest:
            date = date or _date(s, words)
            if meeting and titled:
                kept[-1] = (i, f"{kept[-1][1]}, {s}")  # the meeting's date: "64th plenary meeting, Wednesday, …"
            continue
        if not _LETTERS_RE.search(rest) or re.match(r"^GE[.:]\s?\d", s):
            continue
        if i > last_meta and ((titled and _ends(s)) or ((titled or agenda_lines) and _goes_on(s, words))):
            break  # the summary, the preamble or a list of sponsors after the title
        if titled and _AMOUNT_RE.search(s):
            break  # a table of figures under the title ("Appropriation for 2024/25 $68,743,800"), not a title line
        field = _FIELD_RE.match(s)
        if titled and field and field.group("rest").islower():
            break  # a form's fields after the title: "Communication submitted by: …", "State party: …"
        if agenda_title:
            goes_on = kept_agenda and (
                _one_title(agenda_lines[-1], s, words) or (lang == "en" and _name_goes_on(agenda_lines[-1], s, words))
            )
            if not kept_agenda or goes_on or names_left > 1:
                if kept_agenda and not goes_on:
                    names_left -= (
                        1  # the next item's name ("Proposed programme budget for 2027" / "Programme planning")
                    )
                kept_agenda = True  # the agenda item's title (and its continuation)
                agenda_lines.append(_TRAILING_MARK_RE.sub("", s))
                last_meta = i
                continue
            agenda_title = False
        line = _TRAILING_MARK_RE.sub("", s)
        if titled and meeting and len(rest) < 25:
            kept[-1] = (i, f"{kept[-1][1]}, {line}")  # the meeting's place: "…, 10 a.m., New York"
            continue
        if titled and any(t.casefold().startswith(line.casefold()) for j, t in kept if j > last_meta):
            break  # the title said again: the body's first heading ("Provisional agenda")
        if titled and _one_title(kept[-1][1], line, words):
            kept[-1] = (i, f"{kept[-1][1]} {line}")
            continue
        kept.append((i, line))
        meeting = bool(words.meeting and re.match(words.meeting, line, re.IGNORECASE))
    title_lines = _without_opening_line([t for i, t in kept if i > last_meta])
    item_title = " ".join(agenda_lines)
    if not title_lines:
        title_lines = [item_title] if item_title else [t for _, t in kept]
    elif (
        item_title
        and all(re.search(words.byline, t, re.IGNORECASE) for t in title_lines)
        and not _repeats(item_title, " ".join(title_lines))
    ):
        # A generic title ("Report of the Executive Director") reads with its agenda item's.
        title_lines = [item_title, *title_lines]
    if lang == "en":
        # As the UN catalogue writes it: "…: report of the Executive Director".
        title_lines = title_lines[:1] + [
            t[0].lower() + t[1:] if t.split(" ", 1)[0] in ("Report", "Note") else t for t in title_lines[1:]
        ]
    title = ": ".join(t for t in title_lines[:4] if t)
    return HeaderFacts(title=title, body=body, session=session, agenda_item=agenda, date=date)
