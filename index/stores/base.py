"""The store interface the searcher talks to, whatever holds the index.

Paragraphs are addressed by a stable 63-bit integer key (:func:`paragraph_key`), not by a
list position, so a store can hold more paragraphs than the searcher's memory and a
document can be replaced without renumbering the others.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from corpus.models import Paragraph
from index.bm25 import phrase_parts
from index.folder import IndexManifest

__all__ = ["IndexStore", "Outline", "TermVocabulary", "Vocabulary", "entry_id", "paragraph_key"]


def paragraph_key(doc_id: str, ordinal: int) -> int:
    """A positive 63-bit key for a document's ``ordinal``-th paragraph, the same on every machine."""
    digest = hashlib.blake2b(f"{doc_id}\x1f{ordinal}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & ((1 << 63) - 1)


def entry_id(p: Paragraph) -> str:
    """The id a paragraph is looked up by: its number (``19``), or its entry id (``summary``, ``annex, rows 1-30``)."""
    return p.entry or p.paragraph or ""


@dataclass(frozen=True, slots=True)
class Outline:
    """What a ranking needs of a candidate before its text (a few dozen bytes, not the whole record):
    its document, language, symbol and :func:`entry_id`, and whether it is a numbered paragraph."""

    doc_id: str
    lang: str
    symbol: str
    entry: str
    numbered: bool

    @classmethod
    def of(cls, p: Paragraph) -> Outline:
        return cls(
            doc_id=p.doc_id, lang=p.lang, symbol=p.symbol or "", entry=entry_id(p), numbered=p.paragraph is not None
        )


class Vocabulary(Protocol):
    """Which terms the corpus knows and in how many paragraphs (what question translation needs)."""

    def knows(self, phrase: str) -> bool: ...

    def document_frequency(self, phrase: str) -> int: ...


class TermVocabulary:
    """The corpus's BM25 terms and their document frequencies, for the question translator.

    The local store reads them off its bm25s index; a remote store keeps them with its manifest.
    """

    def __init__(self, frequencies: dict[str, int]) -> None:
        self.frequencies = frequencies

    def parts(self, phrase: str) -> tuple[str, ...]:
        """The terms a phrase is scored by, as the local index finds them (:func:`index.bm25.phrase_parts`)."""
        return phrase_parts(phrase, self.frequencies)

    def knows(self, phrase: str) -> bool:
        return bool(self.parts(phrase))

    def document_frequency(self, phrase: str) -> int:
        """A term's paragraph count; a phrase's, its most frequent part's (the local index counts the
        paragraphs holding any part, which these counts cannot tell; the order of senses rarely differs)."""
        return max((self.frequencies[t] for t in self.parts(phrase)), default=0)


class IndexStore(ABC):
    """Paragraphs with their vectors and BM25 terms; scores are "higher is better" on both sides."""

    kind: str
    """``local`` or ``milvus``."""

    @property
    @abstractmethod
    def manifest(self) -> IndexManifest:
        """Model, dimension, options and corpus fingerprint of what is stored."""

    @property
    @abstractmethod
    def documents(self) -> list[dict[str, Any]]:
        """One record per document (``index.folder.document_record``)."""

    @abstractmethod
    def dense_search(self, vector: np.ndarray, k: int, *, documents: Sequence[str] | None = None) -> dict[int, float]:
        """The ``k`` best paragraphs by inner product with ``vector`` (key → score)."""

    @abstractmethod
    def sample_vectors(self, documents: Sequence[str], n: int) -> np.ndarray:
        """The paragraph vectors of at most ``n`` paragraphs of ``documents`` (all when fewer), spread over
        them: what a question's cosine to an ordinary paragraph of those documents is measured against."""

    @property
    @abstractmethod
    def vocabulary(self) -> Vocabulary:
        """What the question translator needs of the corpus: which terms it knows, and how often."""

    @property
    def lexical_view(self) -> bool:
        """Whether :meth:`lexical_search` scores view alternatives (``index.lexical.VIEW_MARK``) in the
        paragraphs' terms in the other language. Only the local store has the view; others score none."""
        return False

    @abstractmethod
    def lexical_search(
        self, groups: Sequence[Sequence[str]], k: int, *, documents: Sequence[str] | None = None
    ) -> dict[int, float]:
        """The ``k`` best paragraphs by BM25 over the project's tokens (key → positive score).

        Each group holds one question word's alternatives (its translations): a paragraph scores the
        best alternative of each group, summed over the groups, so synonyms never add up.
        """

    @abstractmethod
    def terms_in(self, keys: Iterable[int], terms: Iterable[str]) -> dict[int, frozenset[str]]:
        """Which of ``terms`` (BM25 tokens) each paragraph's indexed text holds, read from the index rather
        than by tokenizing the text again (key → those terms; unknown keys left out)."""

    @abstractmethod
    def citing(self, references: Iterable[str], *, documents: Sequence[str] | None = None) -> dict[int, int]:
        """Paragraphs citing any of ``references`` (symbols, ``1/5``) → how many of them they cite."""

    @abstractmethod
    def get(self, keys: Iterable[int]) -> dict[int, Paragraph]:
        """Paragraphs by key (unknown keys are left out)."""

    def outlines(self, keys: Iterable[int]) -> dict[int, Outline]:
        """Candidates' outlines by key (unknown keys are left out): what the ranking reads of the
        candidates it may not show; :meth:`get` reads the paragraphs it shows."""
        return {k: Outline.of(p) for k, p in self.get(keys).items()}

    @abstractmethod
    def find_entries(
        self, entries: Iterable[str], *, documents: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]:
        """Keys of the paragraphs whose :func:`entry_id` is one of ``entries`` → ``(doc_id, entry) → key``.

        Where a document has an id twice, the first paragraph of the two answers. This is how a cited
        ``para. 19`` and the other language versions of a paragraph are found without holding every
        paragraph in memory.
        """

    @abstractmethod
    def document_paragraphs(self, doc_id: str) -> list[Paragraph]:
        """A document's paragraphs in order (empty for an unknown document)."""

    @abstractmethod
    def iter_paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph, document by document."""

    def iter_keyed(self) -> Iterator[tuple[int, Paragraph]]:
        """Every paragraph with its key, document by document."""
        for p in self.iter_paragraphs():
            yield paragraph_key(p.doc_id, p.ordinal), p

    @abstractmethod
    def upsert(self, paragraphs: Sequence[Paragraph], vectors: np.ndarray) -> None:
        """Add or replace paragraphs (keyed by :func:`paragraph_key`) with their vectors."""

    @abstractmethod
    def delete_document(self, doc_id: str) -> int:
        """Remove a document's paragraphs; returns how many were removed."""

    def ping(self) -> None:
        """Raise :class:`~qa.exceptions.StoreUnavailable` if the store does not answer (a local one always does)."""
        return None

    @abstractmethod
    def write_manifest(self, manifest: IndexManifest, documents: Sequence[dict[str, Any]]) -> None:
        """Record what the store holds."""
