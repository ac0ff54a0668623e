"""Which sentence of a hit answers the question: mark it, not word pairs cut mid-word.

At query time each hit's paragraph is split into sentences (``。；！？`` and ``. ; ! ?``, not the
dots of ``para. 19`` or ``HSP/HA.2/4``) and every sentence is scored by the question's terms it
contains (``SearchResult.terms``: whole words as the documents write them), each weighted by how
rare it is among the result's paragraphs, so the term that tells the hits apart counts most.
No model call: it costs microseconds per hit (eval figure in the report of issue 14).

>>> sentence_spans("第一句。第二句！")
[(0, 4), (4, 8)]
>>> mark_sentences(["人居署成立。2022 年，1.5 亿人无家可归。"], ["无家可归"])
[[(6, 24)]]
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from corpus.sentences import Span, sentence_spans

__all__ = ["Span", "add_marks", "mark_sentences", "sentence_spans", "term_spans"]

MAX_MARKS = 2
"""At most this many sentences are marked per paragraph."""
SECOND_SHARE = 0.7
"""A second sentence is marked only if it scores at least this share of the best one."""

_LATIN = re.compile(r"[A-Za-z]")


@lru_cache(maxsize=4096)
def _pattern(term: str) -> re.Pattern[str]:
    """Latin terms match at a word start (``decide`` in ``decided``); Chinese ones anywhere.

    Kept per process: compiling was most of the marking's time (a question's terms recur in the next ones)."""
    escaped = re.escape(term)
    if _LATIN.search(term):
        return re.compile(r"(?<![A-Za-z])" + escaped, re.IGNORECASE)
    return re.compile(escaped, re.IGNORECASE)


def term_spans(text: str, terms: Sequence[str]) -> list[Span]:
    """Where ``terms`` occur in ``text``, longest first where they overlap, in order."""
    found: list[Span] = []
    for term in sorted({t for t in terms if t.strip()}, key=len, reverse=True):
        for m in _pattern(term).finditer(text):
            if all(m.end() <= s or m.start() >= e for s, e in found):
                found.append((m.start(), m.end()))
    return sorted(found)


def mark_sentences(texts: Sequence[str], terms: Sequence[str]) -> list[list[Span]]:
    """For each paragraph, the sentence(s) that best match ``terms`` (empty when none or only one)."""
    unique = [t for t in dict.fromkeys(terms) if t.strip()]
    patterns = {t: _pattern(t) for t in unique}
    n = len(texts)
    df = {t: sum(1 for text in texts if p.search(text)) for t, p in patterns.items()}
    weight = {t: math.log((n + 1) / (df[t] + 0.5)) * (1 + 0.1 * min(len(t), 6)) for t in unique if df[t]}
    marks: list[list[Span]] = []
    for text in texts:
        spans = sentence_spans(text)
        if len(spans) < 2 or not weight:
            marks.append([])
            continue
        scored = []
        for s, e in spans:
            sentence = text[s:e]
            score = sum(w for t, w in weight.items() if patterns[t].search(sentence))
            scored.append((score, s, e))
        best = max(score for score, _, _ in scored)
        if best <= 0:
            marks.append([])
            continue
        ranked = sorted(scored, key=lambda x: (-x[0], x[1]))
        chosen = [ranked[0]] + [x for x in ranked[1:MAX_MARKS] if x[0] >= SECOND_SHARE * best]
        marks.append(sorted((s, e) for _, s, e in chosen))
    return marks


def add_marks(result: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a search's JSON with ``marks: [{"start", "end"}]`` (the answering sentences) on every hit."""
    hits = list(result.get("results", []))
    marks = mark_sentences([str(h.get("text", "")) for h in hits], list(result.get("terms", [])))
    return {
        **result,
        "results": [
            {**h, "marks": [{"start": s, "end": e} for s, e in spans]} for h, spans in zip(hits, marks, strict=True)
        ],
    }
