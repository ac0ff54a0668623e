"""A paragraph's sentences as spans: ``。；！？`` and ``. ; ! ?``, not the dots of ``para. 19`` or ``HSP/HA.2/4``.

>>> sentence_spans("第一句。第二句！")
[(0, 4), (4, 8)]
"""

from __future__ import annotations

import re

__all__ = ["Span", "sentence_spans"]

Span = tuple[int, int]
"""``(start, end)`` in code points of the paragraph text (Python string indexes)."""

_ABBREVIATIONS = {"para", "paras", "no", "nos", "art", "arts", "e.g", "i.e", "mr", "mrs", "ms", "dr", "vol", "p", "pp"}
_BOUNDARY = re.compile(r"[。！？；!?;]+[”’」』）)\"']*|\.(?=\s|$)[”’\"')]*|\n+")


def _is_abbreviation(text: str, dot: int) -> bool:
    """The dot at ``dot`` ends an abbreviation (``para.``, ``e.g.``) or an initial (``A.``)."""
    word = re.search(r"(?<![A-Za-z])([A-Za-z.]+)$", text[:dot])
    if not word:
        return False
    w = word.group(1).lower()
    return w in _ABBREVIATIONS or len(w) == 1


def sentence_spans(text: str) -> list[Span]:
    """The sentences of ``text`` as spans, leading and trailing spaces left out."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.group(0).startswith(".") and _is_abbreviation(text, m.start()):
            continue
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        s2 = s + (len(chunk) - len(chunk.lstrip()))
        e2 = e - (len(chunk) - len(chunk.rstrip()))
        if e2 > s2:
            out.append((s2, e2))
    return out
