"""How a paragraph is cited, the way UN texts cite: symbol plus paragraph number."""

from __future__ import annotations

import re

from corpus.models import DocumentInfo

__all__ = ["cite", "cite_zh"]

_SUBITEM_RE = re.compile(r"^(\d+)\(([a-z]+)\)$")
_UNNUMBERED_EN = {"摘要": "summary", "附件": "annex"}


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


def cite(info: DocumentInfo, paragraph: str | None, section: str = "") -> str:
    """``HSP/HA.2/4, para. 19``; without a symbol, the session and agenda item.

    >>> from corpus.models import DocumentInfo, SymbolRule
    >>> cite(DocumentInfo("d", "HSP/HA.2/4", SymbolRule.MANIFEST, "t"), "19")
    'HSP/HA.2/4, para. 19'
    """
    if info.symbol:
        where = info.symbol
    else:
        label = info.session_label or info.session or info.doc_id
        where = f"{label}, agenda item {info.agenda_item}" if info.agenda_item else label
    if paragraph is None:
        return f"{where}, {_place(section)}"
    m = _SUBITEM_RE.match(paragraph)
    if m:
        return f"{where}, para. {m.group(1)} ({m.group(2)})"
    return f"{where}, para. {paragraph}"


def cite_zh(info: DocumentInfo, paragraph: str | None, section: str = "") -> str:
    """``HSP/HA.2/4号文件第19段``; without a symbol, ``人居署执行局2020年第一次会议临时议程项目6，第3段``."""
    if info.symbol:
        where = f"{info.symbol}号文件"
        sep = ""
    else:
        label = info.session_label_zh or info.session or info.doc_id
        where = f"{label}临时议程项目{info.agenda_item}" if info.agenda_item else label
        sep = "，"
    if paragraph is None:
        return f"{where}{sep}{_place_zh(section)}"
    m = _SUBITEM_RE.match(paragraph)
    if m:
        return f"{where}{sep}第{m.group(1)}段({m.group(2)})分段"
    return f"{where}{sep}第{paragraph}段"
