"""BM25 over the project's tokens (``bm25s``), with full score vectors for fusion and filters.

An index may carry a **lexical view** (:attr:`LexicalIndex.view`): a second ``bm25s`` index over each
paragraph's terms in the other language (a Chinese paragraph's words as the English stems the dictionary
gives them, and on request an English paragraph's as Chinese terms: ``qa.crossterms``), built at index
time, row for row. A question reaches it through alternatives marked with :data:`VIEW_MARK`
(``"⇄homeless"``: the term in the view); such an alternative competes with the word's other alternatives,
so a word still counts once (its best).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.bm25 import K1, B, phrase_parts
from index.tokenization import tokenize

# bm25s sets its own logger to DEBUG on import ("DEBUG Building index from tokens" on every build).
logging.getLogger("bm25s").setLevel(logging.WARNING)

__all__ = ["VIEW_MARK", "LexicalIndex", "view_alternative"]

VIEW_MARK = "⇄"
"""Marks an alternative that is scored in the lexical view, not in the paragraphs' own terms."""


def view_alternative(term: str) -> str:
    """The alternative that scores ``term`` in the lexical view."""
    return VIEW_MARK + term


class LexicalIndex:
    """A ``bm25s`` index whose documents and questions go through :func:`tokenize`."""

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size
        self._term_cache: dict[str, np.ndarray] = {}
        self._parts_cache: dict[str, tuple[str, ...]] = {}
        self._df_cache: dict[str, int] = {}
        self._lock = threading.Lock()
        self.view: LexicalIndex | None = None
        """The paragraphs' terms in the other language, row for row (``None``: the index has no view)."""

    @classmethod
    def build(
        cls,
        texts: Sequence[str],
        *,
        tokenizer: Callable[[str], list[str]] = tokenize,
        languages: Sequence[str | None] | None = None,
        show_progress: bool = False,
    ) -> LexicalIndex:
        """An index of ``texts``; ``languages`` (one per text) has each analysed as its language
        (:func:`~index.tokenization.tokenize`'s ``lang``)."""
        if languages is not None:
            if len(languages) != len(texts):
                raise ValueError(f"{len(texts)} texts but {len(languages)} languages")
            tokens = [tokenize(t, lang=lang) or ["∅"] for t, lang in zip(texts, languages, strict=True)]
        else:
            tokens = [tokenizer(t) or ["∅"] for t in texts]
        return cls.from_tokens(tokens, show_progress=show_progress)

    @classmethod
    def from_tokens(cls, tokens: list[list[str]], *, show_progress: bool = False) -> LexicalIndex:
        retriever = bm25s.BM25(k1=K1, b=B)
        retriever.index(tokens, show_progress=show_progress)
        return cls(retriever, len(tokens))

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (0 where no query term matches)."""
        vocab = self._retriever.vocab_dict
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    # -- synonym groups ---------------------------------------------------------------

    def term_scores(self, term: str) -> np.ndarray:
        """BM25 score of one vocabulary term in every document (cached; zeros for an unknown term)."""
        cached = self._term_cache.get(term)
        if cached is not None:
            return cached
        if term in self._retriever.vocab_dict:
            vector = np.asarray(self._retriever.get_scores([term]), dtype=np.float32)
        else:
            vector = np.zeros(self.size, dtype=np.float32)
        vector.setflags(write=False)
        with self._lock:
            if len(self._term_cache) > 50_000:
                self._term_cache.clear()
            self._term_cache[term] = vector
        return vector

    def holds(self, term: str, rows: np.ndarray) -> np.ndarray:
        """Whether each of ``rows`` holds the vocabulary term ``term`` (all False for an unknown term)."""
        if term not in self._retriever.vocab_dict:
            return np.zeros(len(rows), dtype=bool)
        return np.asarray(self.term_scores(term)[rows] > 0)

    def parts(self, phrase: str) -> tuple[str, ...]:
        """The vocabulary terms a phrase is scored by: itself if indexed, else its longest tokens
        (all of them must be indexed; ``()`` when the corpus does not know the phrase)."""
        if phrase.startswith(VIEW_MARK):
            return self.view.parts(phrase[len(VIEW_MARK) :]) if self.view is not None else ()
        cached = self._parts_cache.get(phrase)
        if cached is not None:
            return cached
        found = phrase_parts(phrase, self._retriever.vocab_dict)
        with self._lock:
            self._parts_cache[phrase] = found
        return found

    def knows(self, phrase: str) -> bool:
        return bool(self.parts(phrase))

    def document_frequency(self, phrase: str) -> int:
        """How many documents the phrase scores in (cached: every hit's relevance asks it again)."""
        cached = self._df_cache.get(phrase)
        if cached is not None:
            return cached
        df = int(np.count_nonzero(self.phrase_scores(phrase)))
        with self._lock:
            if len(self._df_cache) > 50_000:
                self._df_cache.clear()
            self._df_cache[phrase] = df
        return df

    def phrase_scores(self, phrase: str) -> np.ndarray:
        """A phrase's score: its own, or the mean of its parts' (so it counts as one term); a phrase
        marked with :data:`VIEW_MARK` is scored in the view (zeros when there is none)."""
        if phrase.startswith(VIEW_MARK):
            if self.view is None:
                return np.zeros(self.size, dtype=np.float32)
            return self.view.phrase_scores(phrase[len(VIEW_MARK) :])
        parts = self.parts(phrase)
        if not parts:
            return np.zeros(self.size, dtype=np.float32)
        if len(parts) == 1:
            return self.term_scores(parts[0])
        return np.mean([self.term_scores(t) for t in parts], axis=0).astype(np.float32)

    def group_scores(self, groups: Sequence[Sequence[str]]) -> np.ndarray:
        """Sum over groups of the best alternative's score: synonyms of one word never add up."""
        total = np.zeros(self.size, dtype=np.float32)
        for alternatives in groups:
            vectors = [self.phrase_scores(a) for a in alternatives]
            if vectors:
                total += np.max(vectors, axis=0)
        return total

    def matched_terms(self, query_tokens: Sequence[str]) -> list[str]:
        vocab = self._retriever.vocab_dict
        return [t for t in query_tokens if t in vocab]

    def save(self, folder: Path) -> None:
        """The ``bm25s`` files in ``folder`` (the view, if any, is saved by the caller where it wants it)."""
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, size)
