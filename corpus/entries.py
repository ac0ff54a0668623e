"""Stable ids for every entry of a document, so each can be opened and cited.

A numbered paragraph's id is its number (``19``, ``17(a)``). Unnumbered text gets an id
from where it stands:

* ``summary`` — the summary before paragraph 1 (``summary, part 2`` for a second block);
* ``annex, rows 1-30`` — a chunk of an annex table, rows counted from the annex's start;
  ``annex, row 12`` opens the chunk that holds row 12, ``annex`` the first chunk;
* ``after para. 12`` — other unnumbered text, named by the numbered paragraph before it
  (``before para. 1`` at the start).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

__all__ = ["entry_ids", "find_entry", "normalize_entry", "place_of"]

_ANNEX_ROW_RE = re.compile(r"^annex,\s*rows?\s*(\d+)(?:\s*-\s*(\d+))?$")
_ALIASES = {"摘要": "summary", "附件": "annex", "内容提要": "summary"}


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
    return "text"


def entry_ids(blocks: Iterable[_Block], sections: Iterable[str]) -> list[str]:
    """One id per block, unique in the document (see the module docstring)."""
    ids: list[str] = []
    used: dict[str, int] = {}
    last_number: str | None = None
    annex_rows = 0
    for block, section in zip(blocks, sections, strict=True):
        if block.paragraph is not None:
            last_number = block.paragraph.split("(", 1)[0]
            base = block.paragraph
        else:
            place = place_of(section)
            if place == "annex":
                rows = block.text.count("\n") + 1
                base = f"annex, rows {annex_rows + 1}-{annex_rows + rows}"
                annex_rows += rows
            elif place == "summary":
                base = "summary"
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
    """Lower case, single spaces, ASCII hyphens; ``para. 19`` → ``19``; ``摘要`` → ``summary``."""
    text = re.sub(r"\s+", " ", ref.strip().lower()).replace("–", "-").replace("—", "-")
    text = re.sub(r"^(?:para(?:graph)?\.?|第)\s*(\d+)\s*段?$", r"\1", text)
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
