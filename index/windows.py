"""Paragraph sentence windows: a second dense signal beside the whole-paragraph vector.

A paragraph is split into sentences (:func:`corpus.sentences.sentence_spans`, which keeps
``para. 19``, ``e.g.``, ``1.5`` and ``HSP/HA.2/4`` whole); every run of ``size`` consecutive
sentences (stride 1) is a window and is embedded as a passage. A paragraph of at most ``size``
sentences is one window, its own text: its window vector *is* its paragraph vector, so it is
not stored again. The dense score of a paragraph is then::

    (1 - ALPHA) * cos(q, paragraph) + ALPHA * max over its windows of cos(q, window)

(a one-window paragraph scores its paragraph cosine). On the ``tune`` split this raised English
hybrid MRR@10 from 0.816 to 0.867 (eval/results/experiments/windows/report.md).

With ``context_window`` (``QA_CONTEXT_WINDOW``) every paragraph has one more window: its **contextual
passage**, the document's title and section then the whole paragraph (:func:`index.passages.passage_text`
with ``context=True``), so the max half can find a short paragraph through its document's subject while the
plain paragraph vector keeps its own discrimination inside the document. A one-window paragraph then
stores two windows, its own text (the same vector as its paragraph) and the contextual passage, so that its
best window is ``max(paragraph, contextual)``; the mix and ``ALPHA`` are unchanged
(eval/results/experiments/context-window/report.md).

The stores search both the paragraph vectors and the window vectors, take the union of the
paragraphs found (:data:`WINDOW_FACTOR` × ``k`` windows), and rescore every candidate exactly
with :func:`mixed_scores`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from corpus.models import Paragraph
from corpus.sentences import sentence_spans
from index.dense import DenseIndex
from index.passages import passage_text

__all__ = [
    "ALPHA",
    "DEFAULT_CONTEXT_WINDOW",
    "DEFAULT_WINDOW",
    "WINDOW_FACTOR",
    "WindowIndex",
    "WindowPlan",
    "mixed_scores",
    "paragraph_windows",
    "plan_windows",
    "window_key",
]

DEFAULT_WINDOW = 2
"""Sentences per window (``QA_WINDOWS``; 0 turns windows off)."""
DEFAULT_CONTEXT_WINDOW = True
"""Whether each paragraph's contextual passage is one more window (``QA_CONTEXT_WINDOW``)."""
ALPHA = 0.5
"""The weight of the best window against the whole paragraph: an even mix, fixed on the tune split."""
WINDOW_FACTOR = 3
"""A dense search for ``k`` paragraphs also looks at the best ``WINDOW_FACTOR * k`` windows."""


def paragraph_windows(text: str, *, size: int = DEFAULT_WINDOW) -> list[str]:
    """Windows of ``size`` consecutive sentences, stride 1; at most ``size`` sentences → ``[text]``."""
    if size < 1:
        return [text]
    spans = sentence_spans(text)
    if len(spans) <= size:
        return [text]
    return [text[spans[i][0] : spans[i + size - 1][1]] for i in range(len(spans) - size + 1)]


def window_key(paragraph_key: int, number: int) -> int:
    """A positive 63-bit key for window ``number`` of the paragraph keyed ``paragraph_key``."""
    digest = hashlib.blake2b(f"{paragraph_key}\x1fw{number}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & ((1 << 63) - 1)


@dataclass(frozen=True)
class WindowPlan:
    """The windows that need vectors of their own: those of paragraphs with more than one window."""

    texts: list[str]
    """What the model embeds for each window (as :func:`index.build.passage_text` does for paragraphs)."""
    owner: np.ndarray
    """The paragraph row (position in the paragraph list) of each window; ascending."""
    number: np.ndarray
    """The window's position within its paragraph (0, 1, …)."""

    def __len__(self) -> int:
        return len(self.texts)


def plan_windows(
    paragraphs: Sequence[Paragraph],
    titles: Mapping[str, str],
    *,
    size: int,
    context: bool,
    context_window: bool = False,
) -> WindowPlan:
    """The windows of ``paragraphs`` to embed (none when ``size`` is 0 and ``context_window`` is off).

    ``context_window``: each paragraph's contextual passage is its last window; a paragraph with no
    windows of its own (one window, or ``size`` 0) gets its own text as window 0 before it.
    """
    texts: list[str] = []
    owner: list[int] = []
    number: list[int] = []
    if size > 0 or context_window:
        for row, p in enumerate(paragraphs):
            title = titles.get(p.doc_id, "")
            windows = paragraph_windows(p.text, size=size) if size > 0 else [p.text]
            if len(windows) < 2 and not context_window:
                continue
            own = [passage_text(replace(p, text=w), title, context=context) for w in windows]
            if context_window:
                own.append(passage_text(p, title, context=True))
            texts.extend(own)
            owner.extend([row] * len(own))
            number.extend(range(len(own)))
    return WindowPlan(texts, np.asarray(owner, dtype=np.int64), np.asarray(number, dtype=np.int64))


def mixed_scores(paragraph: np.ndarray, window: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """``(1 - ALPHA) * paragraph + ALPHA * best window`` per candidate.

    ``paragraph`` holds the candidates' paragraph cosines; ``window`` the cosines of their windows
    and ``owner`` the candidate position of each window. A candidate without windows keeps its
    paragraph cosine (its one window is the paragraph).
    """
    paragraph = np.asarray(paragraph, dtype=np.float32)
    best = paragraph.copy()
    if len(window):
        best_window = np.full(paragraph.shape, -np.inf, dtype=np.float32)
        np.maximum.at(best_window, np.asarray(owner, dtype=np.int64), np.asarray(window, dtype=np.float32))
        has = np.isfinite(best_window)
        best[has] = best_window[has]
    return np.asarray((1.0 - ALPHA) * paragraph + ALPHA * best, dtype=np.float32)


class WindowIndex:
    """The window vectors of an index (a FAISS index) and the paragraph row each belongs to."""

    def __init__(self, dense: DenseIndex, owner: np.ndarray, *, paragraphs: int) -> None:
        owner = np.asarray(owner, dtype=np.int64).reshape(-1)
        if dense.size != len(owner):
            raise ValueError(f"{dense.size} window vectors for {len(owner)} window owners")
        if len(owner) and (owner[0] < 0 or owner[-1] >= paragraphs or np.any(np.diff(owner) < 0)):
            raise ValueError(f"window owners are not ascending paragraph rows below {paragraphs}")
        self.dense = dense
        self.owner = owner
        rows = np.arange(paragraphs)
        self._starts = np.searchsorted(owner, rows, side="left")
        self._ends = np.searchsorted(owner, rows, side="right")

    @property
    def size(self) -> int:
        return len(self.owner)

    def rows_of(self, paragraphs: Sequence[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The window rows of the paragraph rows ``paragraphs``, and the position in ``paragraphs``
        of each window's paragraph."""
        rows = np.asarray(paragraphs, dtype=np.int64).reshape(-1)
        starts, ends = self._starts[rows], self._ends[rows]
        counts = ends - starts
        position = np.repeat(np.arange(len(rows)), counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        return np.repeat(starts, counts) + offsets, position

    def scores(self, query: np.ndarray, paragraph_vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """:func:`mixed_scores` of the paragraph rows ``rows`` (their vectors given) for ``query``."""
        q = np.asarray(query, dtype=np.float32).reshape(-1)
        window_rows, position = self.rows_of(rows)
        return mixed_scores(paragraph_vectors @ q, self.dense.vectors(window_rows) @ q, position)
