"""Fuse dense and BM25 scores, weighing the lexical side by the evidence it has.

Plain reciprocal-rank fusion treats both sides as equally informed; here BM25 on an
English question over Chinese text is mostly noise. Each side's scores are scaled to
[0, 1] over the candidates (dense: min–max; BM25: divided by its best score), then
mixed with a fixed lexical weight per question language. An English question reaches
BM25 through its translated term groups (:mod:`qa.translation`); when none of its words
translate, it has no lexical side and the result is exactly the dense ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["FusionWeights", "fuse", "lexical_weight"]


@dataclass(frozen=True)
class FusionWeights:
    """Few free parameters; checked on the tune split (eval/results/tune/)."""

    zh: float = 0.6
    """Lexical weight for Chinese questions."""
    en: float = 0.5
    """Lexical weight for an English question with at least one translated term."""
    symbol_bonus: float = 0.25
    """Added to paragraphs that cite a symbol or resolution number named in the question."""


def lexical_weight(language: str, has_terms: bool, weights: FusionWeights) -> float:
    if not has_terms:
        return 0.0
    return weights.zh if language == "zh" else weights.en


def fuse(
    dense: dict[int, float],
    lexical: dict[int, float],
    *,
    lexical_weight: float,
    bonus: dict[int, float] | None = None,
    lexical_only: set[int] | frozenset[int] = frozenset(),
) -> list[tuple[int, float]]:
    """Rows ranked by the weighted mix of scaled scores, best first.

    Rows in ``lexical_only`` take their dense part in proportion to their (scaled) lexical
    evidence: with no term of the question they get nothing from the dense side.
    """
    rows = set(dense) | set(lexical) | set(bonus or {})
    if not rows:
        return []
    d_values = np.array(list(dense.values()), dtype=np.float64) if dense else np.zeros(1)
    d_min, d_max = float(d_values.min()), float(d_values.max())
    d_span = d_max - d_min or 1.0
    l_max = max(lexical.values(), default=0.0) or 1.0
    w = lexical_weight
    fused = []
    for row in rows:
        d = (dense[row] - d_min) / d_span if row in dense else 0.0
        lex = lexical.get(row, 0.0) / l_max
        if row in lexical_only:
            d *= lex
        score = (1.0 - w) * d + w * lex + (bonus or {}).get(row, 0.0)
        fused.append((row, score))
    fused.sort(key=lambda item: (-item[1], item[0]))
    return fused
