"""BM25 as sparse vectors whose inner product is the local store's BM25 score.

A paragraph keeps, for each of its terms, the paragraph side of the term's BM25 score
(:meth:`index.bm25.Bm25Scorer.document_weight`, ``tf / (tf + k1 · (1 − b + b · dl / avgdl))``) at the
term's dimension (its position in the vocabulary written with the build). A question asks with
``idf(t)`` at each of its terms' dimensions, so Milvus's inner product is ``Σ idf(t) · weight(t, d)``,
the BM25 score, and Milvus ranks the paragraphs itself: nothing is re-scored here.

One question word's alternatives (its translations) must count once, as the best of them; an inner
product can only add. But a sum over words of the best alternative is the best, over every choice of
one alternative per word, of the sum: so the question is asked as one sparse vector per choice, all in
one search request, and each paragraph keeps its best score. That is exact (a paragraph in the true top
``k`` is in the top ``k`` of the choice that is best for it, with its true score); when the choices
would be more than :data:`MAX_CHOICES`, the alternatives with the least weight are left out of the
words with the most alternatives until they are not (measured in ``eval/results/stores/``).

The vocabulary, the document frequencies and the mean length are those of the last build: IDF lives
in the question and is read from the build's statistics, the paragraph weights depend only on the mean
length; a paragraph upserted since (``qa add`` into a running Milvus store) is weighted with the build's
statistics, and a term the build did not see is left out of it until the next build.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import product

from index.bm25 import Bm25Scorer, Bm25Stats

__all__ = ["MAX_CHOICES", "LexicalWeights", "QueryPlan"]

MAX_CHOICES = 256
"""Sparse vectors one question may be asked as (one per choice of an alternative per word)."""


@dataclass(frozen=True)
class QueryPlan:
    """The sparse vectors a question is asked as, and whether alternatives were left out to fit."""

    vectors: list[dict[int, float]]
    pruned: bool


class LexicalWeights:
    """Term dimensions and weights for one build's vocabulary and statistics."""

    def __init__(self, frequencies: Mapping[str, int], stats: Bm25Stats) -> None:
        self.scorer = Bm25Scorer(stats, frequencies)
        self.dimensions = {t: i for i, t in enumerate(frequencies)}

    def document(self, tokens: Sequence[str]) -> dict[int, float]:
        """A paragraph's sparse vector: each known term's dimension → its BM25 paragraph weight."""
        counts = Counter(tokens)
        length = len(tokens)
        return {
            self.dimensions[t]: self.scorer.document_weight(tf, length)
            for t, tf in counts.items()
            if t in self.dimensions
        }

    def query(self, groups: Sequence[Sequence[str]], *, max_choices: int = MAX_CHOICES) -> QueryPlan:
        """One sparse vector per choice of one alternative per group (groups the index knows nothing of
        are left out); see the module docstring."""
        words: list[list[dict[str, float]]] = []
        for alternatives in groups:
            found: list[dict[str, float]] = []
            for phrase in alternatives:
                w = self.scorer.alternative_weights(phrase)
                if w and w not in found:
                    found.append(w)
            if found:
                words.append(found)
        pruned = False
        while math.prod(len(w) for w in words) > max_choices:
            widest = max(words, key=len)
            widest.remove(min(widest, key=lambda w: sum(w.values())))
            pruned = True
        vectors = []
        for choice in product(*words):
            vector: dict[int, float] = {}
            for weights in choice:
                for term, idf in weights.items():
                    dim = self.dimensions[term]
                    vector[dim] = vector.get(dim, 0.0) + idf
            vectors.append(vector)
        return QueryPlan(vectors if words else [], pruned)
