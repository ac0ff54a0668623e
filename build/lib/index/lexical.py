"""BM25 over the project's tokens (``bm25s``), with full score vectors for fusion and filters."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.tokenization import tokenize

__all__ = ["LexicalIndex"]


class LexicalIndex:
    """A ``bm25s`` index whose documents and questions go through :func:`tokenize`."""

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._retriever = retriever
        self.size = size

    @classmethod
    def build(
        cls, texts: Sequence[str], *, tokenizer: Callable[[str], list[str]] = tokenize, show_progress: bool = False
    ) -> LexicalIndex:
        tokens = [tokenizer(t) or ["∅"] for t in texts]
        return cls.from_tokens(tokens, show_progress=show_progress)

    @classmethod
    def from_tokens(cls, tokens: list[list[str]], *, show_progress: bool = False) -> LexicalIndex:
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index(tokens, show_progress=show_progress)
        return cls(retriever, len(tokens))

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 score of every document (0 where no query term matches)."""
        vocab = self._retriever.vocab_dict
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(known), dtype=np.float32)

    def matched_terms(self, query_tokens: Sequence[str]) -> list[str]:
        vocab = self._retriever.vocab_dict
        return [t for t in query_tokens if t in vocab]

    def save(self, folder: Path) -> None:
        self._retriever.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> LexicalIndex:
        retriever = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(retriever, size)
