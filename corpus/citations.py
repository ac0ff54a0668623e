"""How a paragraph is cited, the way UN texts cite: symbol plus paragraph number.

A resolution's preambular paragraphs, unnumbered, are cited by their place in the preamble
(``A/RES/80/6, preambular para. 4``, ``A/RES/80/6号文件序言部分第4段``) and the paragraphs of a
document that numbers none by position, marked unnumbered (``A/HRC/DEC/14/105, unnumbered para. 3``,
``A/HRC/DEC/14/105号文件第3个未编号段落``); see :mod:`corpus.preamble`.

Each language has its UN form (:mod:`corpus.languages`): ``A/HRC/7/3, para. 12`` (English),
``A/HRC/7/3, par. 12`` (French), ``A/HRC/7/3, párr. 12`` (Spanish), ``A/HRC/7/3, пункт 12``
(Russian), ``A/HRC/7/3، الفقرة 12`` (Arabic) and ``A/HRC/7/3号文件第12段`` (Chinese, :func:`cite_zh`).
A paragraph's ``citation`` is in its document's language for French, Spanish, Russian and Arabic
documents, in English for English and Chinese ones (whose Chinese form is ``citation_zh``).
"""

from __future__ import annotations

import re

from corpus.languages import rules
from corpus.models import DocumentInfo

__all__ = ["cite", "cite_footnote", "cite_footnote_zh", "cite_zh"]

_SUBITEM_RE = re.compile(r"^(\d+)\(([a-z]+)\)$")
_UNNUMBERED_EN = {"摘要": "summary", "附件": "annex"}
_ROWS_RE = re.compile(r"^annex, rows? (\d+)-(\d+)(, part \d+)?$")
_ANNEX_PARA_RE = re.compile(r"^annex(?: ([IVXLC]+|\d+))?, para\. (\d+)")
"""A paragraph an annex numbers itself (``annex II, para. 3``, :mod:`corpus.entries`)."""
_AFTER_RE = re.compile(r"^after para\. (\d+)")
_POSITION_RE = re.compile(r"^(preambular|unnumbered) para\. (\d+)$")
"""A preambular paragraph (``preambular para. 4``) or one of a document that numbers none (:mod:`corpus.preamble`)."""


def _place(section: str) -> str:
    top = section.split(" > ", 1)[0].strip() if section else ""
    for key, value in _UNNUMBERED_EN.items():
        if top.startswith(key):
            return value
    return "unnumbered text"


def _place_zh(section: str) -> str:
    top = section.split(" > ", 1)[0].strip() if section else ""
    for key in _UNNUMBERED_EN:
        if top.startswith(key):
            return key
    return "未编号段落"


_LOCAL = ("fr", "es", "ru", "ar")
"""Languages whose documents' paragraphs are cited in their own words (English and Chinese: English)."""


def cite(info: DocumentInfo, paragraph: str | None, section: str = "", entry: str = "", *, lang: str = "en") -> str:
    """``HSP/HA.2/4, para. 19``; without a symbol, the session and agenda item.

    ``lang`` (the document's language) writes a numbered paragraph of a document with a symbol in
    that language's UN form; everything else is cited in English.

    >>> from corpus.models import DocumentInfo, SymbolRule
    >>> cite(DocumentInfo("d", "HSP/HA.2/4", SymbolRule.MANIFEST, "t"), "19")
    'HSP/HA.2/4, para. 19'
    >>> cite(DocumentInfo("d", "A/HRC/7/3", SymbolRule.MANIFEST, "t"), "19(a)", lang="fr")
    'A/HRC/7/3, par. 19 a)'
    """
    if info.symbol and paragraph is not None and lang in _LOCAL:
        m = _SUBITEM_RE.match(paragraph)
        return rules(lang).cite(info.symbol, m.group(1), m.group(2)) if m else rules(lang).cite(info.symbol, paragraph)
    if info.symbol:
        where = info.symbol
    else:
        label = info.session_label or info.session or info.doc_id
        where = f"{label}, agenda item {info.agenda_item}" if info.agenda_item else label
    if paragraph is None:
        if entry and (entry.startswith(("summary", "annex")) or _AFTER_RE.match(entry) or _POSITION_RE.match(entry)):
            return f"{where}, {entry}"
        return f"{where}, {_place(section)}"
    m = _SUBITEM_RE.match(paragraph)
    if m:
        return f"{where}, para. {m.group(1)} ({m.group(2)})"
    return f"{where}, para. {paragraph}"


def cite_zh(info: DocumentInfo, paragraph: str | None, section: str = "", entry: str = "") -> str:
    """``HSP/HA.2/4号文件第19段``; without a symbol, ``人居署执行局2020年第一次会议临时议程项目6，第3段``."""
    if info.symbol:
        where = f"{info.symbol}号文件"
        sep = ""
    else:
        label = info.session_label_zh or info.session or info.doc_id
        where = f"{label}临时议程项目{info.agenda_item}" if info.agenda_item else label
        sep = "，"
    if paragraph is None:
        rows = _ROWS_RE.match(entry)
        if rows:
            return f"{where}{sep}附件第{rows.group(1)}–{rows.group(2)}行"
        own = _ANNEX_PARA_RE.match(entry)
        if own:
            return f"{where}{sep}附件{own.group(1) or ''}第{own.group(2)}段"
        position = _POSITION_RE.match(entry)
        if position:
            if position.group(1) == "preambular":
                return f"{where}{sep}序言部分第{position.group(2)}段"
            return f"{where}{sep}第{position.group(2)}个未编号段落"
        after = _AFTER_RE.match(entry)
        if after:
            part = re.search(r", part (\d+)$", entry)
            tail = f"（第{part.group(1)}部分）" if part else ""
            return f"{where}{sep}第{after.group(1)}段之后的未编号段落{tail}"
        return f"{where}{sep}{_place_zh(section)}"
    m = _SUBITEM_RE.match(paragraph)
    if m:
        return f"{where}{sep}第{m.group(1)}段({m.group(2)})分段"
    return f"{where}{sep}第{paragraph}段"


def cite_footnote(citation: str, mark: str, *, lang: str = "en") -> str:
    """``HSP/HA.2/4, para. 40`` and ``5`` → ``HSP/HA.2/4, para. 40, footnote 5`` (``note 5``,
    ``nota 5``, ``сноска 5``, ``الحاشية 5`` for a citation in French, Spanish, Russian, Arabic).

    >>> cite_footnote("HSP/HA.2/4, para. 40", "5")
    'HSP/HA.2/4, para. 40, footnote 5'
    >>> cite_footnote("A/HRC/7/3, par. 40", "5", lang="fr")
    'A/HRC/7/3, par. 40, note 5'
    """
    if lang in _LOCAL:
        return rules(lang).cite_footnote(citation, mark)
    return f"{citation}, footnote {mark}"


def cite_footnote_zh(citation_zh: str, mark: str) -> str:
    """``HSP/HA.2/4号文件第40段`` and ``5`` → ``HSP/HA.2/4号文件第40段脚注5``."""
    return f"{citation_zh}脚注{mark}"
