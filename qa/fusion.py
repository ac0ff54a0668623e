"""Fuse dense and BM25 scores, weighing the lexical side by the evidence it has.

Plain reciprocal-rank fusion treats both sides as equally informed; here BM25 on an
English question over Chinese text is mostly noise. Each side's scores are scaled to
[0, 1] over the candidates (dense: min–max; BM25: divided by its best score), then
mixed with a fixed lexical weight per question language. An English question reaches
BM25 through its translated term groups (:mod:`qa.translation`); when none of its words
translate, it has no lexical side and the result is exactly the dense ranking.

A paragraph in another language than the question's is reached by the dictionary's translations
on the lexical side and by the multilingual model on the dense side, whose cosines across languages
are lower and noisier than within one. Such a paragraph takes its own lexical weight per question
language (:func:`row_weights`): ``zh_cross`` for a Chinese question's English paragraphs,
``en_cross`` for an English question's Chinese ones; both chosen on ``tune``
(``eval/results/crosslingual/``). A corpus of one language needs no per-paragraph weights.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["FusionWeights", "fuse", "lexical_weight", "row_weights", "standing"]


@dataclass(frozen=True)
class FusionWeights:
    """Few free parameters; checked on the tune split (eval/results/tune/)."""

    zh: float = 0.6
    """Lexical weight for Chinese questions."""
    en: float = 0.5
    """Lexical weight for an English question with at least one translated term."""
    symbol_bonus: float = 0.25
    """Added to paragraphs that cite a symbol or resolution number named in the question."""
    title: float = 0.0
    """Added to a paragraph × its document's title share (:mod:`qa.titles`). Off: 0.1 was best on tune but
    gained +0.002 MRR@10 (resolutions, en) and +0.0007 (bundled), within noise, for ~0.4 ms a question
    (``eval/results/resolutions/experiments.md``)."""
    zh_cross: float | None = None
    """Lexical weight for a Chinese question's paragraphs in another language (``None``: ``zh``)."""
    en_cross: float | None = 0.65
    """Lexical weight for an English question's paragraphs in another language (``None``: ``en``), times the share
    of the question's words that translate (:attr:`qa.query.Query.translated_share`): a lexical score that sees
    half the question says less than one that sees all of it. Chosen on ``tune`` and ``dev`` (eleventh session:
    the plateau 0.65–0.8 of the scaled weight, its end nearest the former 0.5)."""

    def cross(self, language: str) -> float | None:
        """The lexical weight of a paragraph in another language than a ``language`` question (``None``: the same)."""
        return self.zh_cross if language == "zh" else self.en_cross if language == "en" else None


def lexical_weight(language: str, has_terms: bool, weights: FusionWeights) -> float:
    """The lexical weight of a paragraph in the question's own language."""
    if not has_terms:
        return 0.0
    return weights.zh if language == "zh" else weights.en


def row_weights(
    language: str,
    has_terms: bool,
    weights: FusionWeights,
    row_languages: Mapping[int, str],
    *,
    translated: float = 1.0,
) -> float | dict[int, float]:
    """Each candidate's lexical weight: the question language's for paragraphs in that language,
    its cross weight (:meth:`FusionWeights.cross`) times ``translated`` (the share of the question's words that
    reach the other language) for the others. A single float when every candidate takes the same weight."""
    same = lexical_weight(language, has_terms, weights)
    cross = weights.cross(language)
    if not has_terms or cross is None:
        return same
    cross *= translated
    per = {row: (same if lang == language else cross) for row, lang in row_languages.items()}
    values = set(per.values())
    if len(values) <= 1:
        return values.pop() if values else same
    return per


def standing(
    pools: Mapping[str, Mapping[int, float]],
    *,
    references: Mapping[str, float] | None = None,
    drop: Collection[int] = (),
) -> dict[int, float]:
    """Dense scores that mean the same in every language: each cosine minus its language's reference.

    The multilingual model's cosines are higher between texts of one language than across languages,
    for relevant and irrelevant paragraphs alike: in a corpus of Chinese and English documents an
    English question's best Chinese paragraph scores below most English ones. ``references`` holds,
    per language, the question's mean cosine to an ordinary paragraph of that language (a fixed sample
    of its paragraphs: :meth:`qa.retrieval.Searcher._references`); a pool without one is read against
    its own mean. A paragraph's score then says how far it stands above that language's level; no
    parameter. In a corpus of one language this is one shift for every score, and the fused ranking
    is unchanged. Rows in ``drop`` are left out: paragraphs read in another language of their own
    (:meth:`qa.retrieval.Searcher._read_in_question_language`).
    Measured on ``tune`` over corpora of both languages: ``eval/results/crosslingual/mixed/``.
    """
    out: dict[int, float] = {}
    dropped = set(drop)
    for language, pool in pools.items():
        if not pool:
            continue
        if references is not None and language in references:
            level = references[language]
        else:
            level = float(np.mean(list(pool.values())))
        for row, score in pool.items():
            if row not in dropped:
                out[row] = score - level
    return out


def fuse(
    dense: dict[int, float],
    lexical: dict[int, float],
    *,
    lexical_weight: float | Mapping[int, float],
    bonus: dict[int, float] | None = None,
    lexical_only: set[int] | frozenset[int] = frozenset(),
) -> list[tuple[int, float]]:
    """Rows ranked by the weighted mix of scaled scores, best first.

    ``lexical_weight`` is one weight for every row, or a weight per row (:func:`row_weights`; a row
    it does not name takes the mean of the weights given). Rows in ``lexical_only`` take their dense part in proportion to their (scaled) lexical
    evidence: with no term of the question they get nothing from the dense side.
    """
    rows = set(dense) | set(lexical) | set(bonus or {})
    if not rows:
        return []
    d_values = np.array(list(dense.values()), dtype=np.float64) if dense else np.zeros(1)
    d_min, d_max = float(d_values.min()), float(d_values.max())
    d_span = d_max - d_min or 1.0
    l_max = max(lexical.values(), default=0.0) or 1.0
    if isinstance(lexical_weight, Mapping):
        per: Mapping[int, float] = lexical_weight
        default = float(np.mean(list(per.values()))) if per else 0.0
    else:
        per, default = {}, float(lexical_weight)
    fused = []
    for row in rows:
        w = per.get(row, default)
        d = (dense[row] - d_min) / d_span if row in dense else 0.0
        lex = lexical.get(row, 0.0) / l_max
        if row in lexical_only:
            d *= lex
        score = (1.0 - w) * d + w * lex + (bonus or {}).get(row, 0.0)
        fused.append((row, score))
    fused.sort(key=lambda item: (-item[1], item[0]))
    return fused
