"""BM25 as the local index scores it, for a store that must score a few candidates the same way.

The local store scores with ``bm25s`` (Lucene variant): a term's score in a paragraph is
``idf · tf / (tf + k1 · (1 − b + b · dl / avgdl))`` with ``idf = ln(1 + (N − df + 0.5) / (df + 0.5))``.
A phrase the index does not hold as one term scores the mean of its longest tokens' scores, and a
question word's alternatives (its translations) score the best of them (:meth:`LexicalIndex.group_scores`).
:class:`Bm25Scorer` computes exactly that from a paragraph's token counts, the corpus statistics
and the document frequencies, so a remote store (Milvus) can re-score its candidates and rank them
as the local store would.

>>> scorer = Bm25Scorer(Bm25Stats(paragraphs=3, mean_length=4.0), {"城市": 2, "规划": 1})
>>> round(scorer.score({"城市": 1, "规划": 1}, 4, [["城市"], ["规划", "计划"]]), 4)
0.6595
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from index.tokenization import tokenize

__all__ = ["B", "K1", "Bm25Scorer", "Bm25Stats", "phrase_parts", "term_statistics"]

K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class Bm25Stats:
    """What BM25 needs of the whole collection besides document frequencies."""

    paragraphs: int
    mean_length: float
    """Mean number of tokens a paragraph has."""


def term_statistics(token_lists: Iterable[Sequence[str]]) -> tuple[dict[str, int], Bm25Stats]:
    """Document frequencies and collection statistics of paragraphs given as their token lists."""
    frequencies: dict[str, int] = {}
    paragraphs = length = 0
    for tokens in token_lists:
        paragraphs += 1
        length += len(tokens)
        for t in set(tokens):
            frequencies[t] = frequencies.get(t, 0) + 1
    return frequencies, Bm25Stats(paragraphs=paragraphs, mean_length=length / paragraphs if paragraphs else 0.0)


def phrase_parts(phrase: str, known: Mapping[str, int]) -> tuple[str, ...]:
    """The terms a phrase is scored by: itself if indexed, else its longest tokens (all must be indexed)."""
    if phrase in known:
        return (phrase,)
    tokens = list(dict.fromkeys(tokenize(phrase)))
    longest = [t for t in tokens if not any(t != o and t in o for o in tokens)]
    return tuple(longest) if longest and all(t in known for t in longest) else ()


class Bm25Scorer:
    """Scores of paragraphs given as token counts, equal to the local store's (up to float rounding)."""

    def __init__(self, stats: Bm25Stats, frequencies: Mapping[str, int], *, k1: float = K1, b: float = B) -> None:
        self.stats = stats
        self.frequencies = frequencies
        self.k1 = k1
        self.b = b
        self._parts: dict[str, tuple[str, ...]] = {}

    def idf(self, term: str) -> float:
        df = self.frequencies.get(term, 0)
        n = self.stats.paragraphs
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def parts(self, phrase: str) -> tuple[str, ...]:
        found = self._parts.get(phrase)
        if found is None:
            found = self._parts[phrase] = phrase_parts(phrase, self.frequencies)
        return found

    def document_weight(self, tf: int, length: int) -> float:
        """The paragraph side of a term's score, ``tf / (tf + k1 · (1 − b + b · dl / avgdl))``: what a
        store keeps per paragraph and term so that ``Σ idf(t) · weight`` is the BM25 score."""
        if not tf:
            return 0.0
        norm = self.k1 * (1.0 - self.b + self.b * length / (self.stats.mean_length or 1.0))
        return tf / (tf + norm)

    def alternative_weights(self, phrase: str) -> dict[str, float]:
        """The question side of one alternative: ``idf`` of each of its parts over their number
        (an alternative scores the mean of its parts); empty when the index does not know it."""
        parts = self.parts(phrase)
        return {t: self.idf(t) / len(parts) for t in parts}

    def term_score(self, term: str, counts: Mapping[str, int], length: int) -> float:
        return self.idf(term) * self.document_weight(counts.get(term, 0), length)

    def score(self, counts: Mapping[str, int], length: int, groups: Sequence[Sequence[str]]) -> float:
        """Sum over the groups of the best alternative; an alternative scores the mean of its parts."""
        total = 0.0
        for alternatives in groups:
            best = 0.0
            for phrase in alternatives:
                parts = self.parts(phrase)
                if parts:
                    best = max(best, sum(self.term_score(t, counts, length) for t in parts) / len(parts))
            total += best
        return total
