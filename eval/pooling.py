"""Pooling for judging: each question's top hits in every mode that nobody has judged yet.

A paragraph counts as judged for a question when the set lists it as relevant or not relevant
(any language version of it, as the evaluation counts them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval.judgements import read_set, set_path
from qa.exceptions import EvaluationError, NotFound
from qa.retrieval import MODES, Searcher

__all__ = ["PoolHit", "PoolQuestion", "pool"]

DEPTH = 10


@dataclass(frozen=True)
class PoolHit:
    doc_id: str
    paragraph: str
    citation: str
    lang: str
    text: str
    ranks: dict[str, int]
    """Mode → rank of this paragraph in that mode's top :data:`DEPTH`."""


@dataclass(frozen=True)
class PoolQuestion:
    id: str
    question: str
    lang: str
    judged: int
    """Paragraphs of this question already judged (relevant or not)."""
    hits: list[PoolHit] = field(default_factory=list)


def _judged(searcher: Searcher, row: dict[str, Any]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for r in [*row.get("relevant", []), *row.get("not_relevant", [])]:
        try:
            doc = searcher.resolve_document(str(r["doc"]))
        except (NotFound, KeyError, TypeError):
            continue
        out.add((doc, str(r["paragraph"])))
    return out


def pool(folder: Path, name: str, searcher: Searcher, *, limit: int = 10, depth: int = DEPTH) -> list[PoolQuestion]:
    """Up to ``limit`` questions of set ``name`` that have unjudged hits, with those hits."""
    path = set_path(folder, name)
    if not path.is_file():
        raise NotFound(f"no question set {name!r}")
    out: list[PoolQuestion] = []
    for row in read_set(path):
        if "question" not in row:
            raise EvaluationError(f"{name}: a line without a question")
        judged = _judged(searcher, row)
        seen: dict[tuple[str, str], PoolHit] = {}
        for mode in MODES:
            result = searcher.search(str(row["question"]), top_k=depth, mode=mode)
            for hit in result.hits:
                if hit.paragraph is None:
                    continue
                versions = {(hit.doc_id, hit.paragraph)} | {(v.doc_id, v.paragraph) for v in hit.versions}
                if versions & judged:
                    continue
                key = (hit.doc_id, hit.paragraph)
                if key not in seen:
                    seen[key] = PoolHit(hit.doc_id, hit.paragraph, hit.citation, hit.lang, hit.text, {})
                seen[key].ranks[mode] = hit.rank
        if seen:
            hits = sorted(seen.values(), key=lambda h: min(h.ranks.values()))
            lang = str(row.get("lang") or result.language)
            out.append(PoolQuestion(str(row.get("id")), str(row["question"]), lang, len(judged), hits))
            if len(out) >= limit:
                break
    return out
