"""Stable ids for every entry of a document, so each can be opened and cited.

A numbered paragraph's id is its number (``19``, ``17(a)``). Unnumbered text gets an id
from where it stands:

* ``summary`` — the summary before paragraph 1 (``summary, part 2`` for a second block);
* ``annex, rows 1-30`` — a chunk of an annex table, rows counted from the annex's start;
  ``annex, row 12`` opens the chunk that holds row 12, ``annex`` the first chunk;
* ``annex, para. 12`` (``annex II, para. 12`` under ``Annex II``) — a paragraph an annex numbers itself
  (a declaration annexed to a resolution);
* ``after para. 12`` — other unnumbered text, named by the numbered paragraph before it
  (``before para. 1`` at the start);
* ``preambular para. 4`` — the fourth paragraph of a resolution's preamble (the unnumbered
  paragraphs after ``The General Assembly,``, :mod:`corpus.preamble`);
* ``unnumbered para. 3`` — in a document that numbers no paragraph at all (a Human Rights
  Council decision), every paragraph of its text by position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from corpus.preamble import PREAMBULAR, UNNUMBERED, is_preamble_section

__all__ = ["entry_ids", "find_entry", "normalize_entry", "place_of"]

_ANNEX_ROW_RE = re.compile(r"^annex,\s*rows?\s*(\d+)(?:\s*-\s*(\d+))?$")
_ALIASES = {"摘要": "summary", "附件": "annex", "内容提要": "summary"}
_OWN_NUMBER_RE = re.compile(r"^(\d{1,3})\s*[.．](?!\d)\s*\S")
"""An annex paragraph that the annex numbers itself (the parser opens a chunk at each: ``annex, para. 12``)."""
_ANNEX_LABEL_RE = re.compile(r"^\S+\s+([IVXLC]+|\d{1,2})\b")
"""Which annex, when a document has several: the number after the annex heading's word, in any language
(``Annex II``, ``Anexo II`` → ``annex II, para. 3``)."""
_ORDINALS = {
    w: i
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth"
        " fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
_PREAMBULAR_RE = re.compile(
    r"^(?:preambular\s+para(?:graph)?\.?|pp\.?|para(?:graph)?\.?\s+\(?preambular\)?)\s*(\d+)$"
    r"|^(\w+)\s+preambular\s+paragraph$|^序言部分第\s*(\d+)\s*段$"
)
_UNNUMBERED_RE = re.compile(r"^unnumbered\s+para(?:graph)?\.?\s*(\d+)$|^第\s*(\d+)\s*个未编号段落$")


class _Block(Protocol):
    @property
    def paragraph(self) -> str | None: ...

    @property
    def text(self) -> str: ...


def place_of(section: str) -> str:
    """``summary``, ``annex`` or ``text`` for unnumbered content under ``section``."""
    top = section.split(" > ", 1)[0].strip().lower() if section else ""
    if top.startswith(("摘要", "内容提要", "summary")):
        return "summary"
    if top.startswith(("附件", "annex")):
        return "annex"
    if is_preamble_section(top):
        return "preamble"
    return "text"


def entry_ids(blocks: Iterable[_Block], sections: Iterable[str]) -> list[str]:
    """One id per block, unique in the document (see the module docstring)."""
    pairs = list(zip(blocks, sections, strict=True))
    numbered = any(block.paragraph is not None for block, _ in pairs)
    ids: list[str] = []
    used: dict[str, int] = {}
    last_number: str | None = None
    annex_rows = 0
    preambular = 0
    unnumbered = 0
    for block, section in pairs:
        if block.paragraph is not None:
            last_number = block.paragraph.split("(", 1)[0]
            base = block.paragraph
        else:
            place = place_of(section)
            if place == "annex":
                rows = block.text.count("\n") + 1
                own = _OWN_NUMBER_RE.match(block.text)
                if own:
                    label = _ANNEX_LABEL_RE.match(section.split(" > ", 1)[0].strip())
                    base = f"annex{' ' + label.group(1) if label else ''}, para. {own.group(1)}"
                else:
                    base = f"annex, rows {annex_rows + 1}-{annex_rows + rows}"
                annex_rows += rows
            elif place == "summary":
                base = "summary"
            elif not numbered:
                unnumbered += 1
                base = f"{UNNUMBERED} {unnumbered}"
            elif place == "preamble" and last_number is None:
                preambular += 1
                base = f"{PREAMBULAR} {preambular}"
            else:
                base = f"after para. {last_number}" if last_number else "before para. 1"
        used[base] = used.get(base, 0) + 1
        ids.append(base if used[base] == 1 else f"{base}, part {used[base]}")
    return ids


class _Entry(Protocol):
    @property
    def paragraph(self) -> str | None: ...

    @property
    def entry(self) -> str: ...


E = TypeVar("E", bound=_Entry)


def normalize_entry(ref: str) -> str:
    """Lower case, single spaces, ASCII hyphens; ``para. 19`` → ``19``; ``摘要`` → ``summary``;
    ``fourth preambular paragraph``, ``pp. 4``, ``序言部分第4段`` → ``preambular para. 4``."""
    text = re.sub(r"\s+", " ", ref.strip().lower()).replace("–", "-").replace("—", "-")
    text = re.sub(r"^(?:para(?:graph)?\.?|第)\s*(\d+)\s*段?$", r"\1", text)
    pre = _PREAMBULAR_RE.match(text)
    if pre:
        n = pre.group(1) or pre.group(3) or (str(_ORDINALS[pre.group(2)]) if pre.group(2) in _ORDINALS else None)
        if n:
            return f"{PREAMBULAR} {int(n)}"
    unn = _UNNUMBERED_RE.match(text)
    if unn:
        return f"{UNNUMBERED} {int(unn.group(1) or unn.group(2))}"
    return _ALIASES.get(text, text)


def find_entry(paragraphs: Sequence[E], ref: str) -> E | None:
    """The entry ``ref`` names: a paragraph number, an entry id, or ``annex, row N``."""
    wanted = normalize_entry(ref)
    for p in paragraphs:
        if p.paragraph == wanted:
            return p
    for p in paragraphs:
        if normalize_entry(p.entry) == wanted:
            return p
    row = _ANNEX_ROW_RE.match(wanted)
    if wanted == "annex" or row:
        n = int(row.group(1)) if row else 1
        for p in paragraphs:
            m = _ANNEX_ROW_RE.match(normalize_entry(p.entry).split(", part", 1)[0])
            if m and m.group(2) and int(m.group(1)) <= n <= int(m.group(2)):
                return p
    return None
