"""Today's index folder (FAISS + bm25s, ``index/folder.py``) behind the :class:`IndexStore` interface."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from corpus.models import Paragraph
from index.errors import ConfigurationError
from index.folder import IndexManifest, LoadedIndex, load_index
from index.stores.base import IndexStore, Outline, Vocabulary, entry_id, paragraph_key
from index.windows import WINDOW_FACTOR

__all__ = ["LocalStore"]


class LocalStore(IndexStore):
    """A loaded index folder; read-only (``qa index`` rebuilds it as a whole, atomically)."""

    kind = "local"

    def __init__(self, loaded: LoadedIndex) -> None:
        self.loaded = loaded
        self.keys = np.array([paragraph_key(p.doc_id, p.ordinal) for p in loaded.paragraphs], dtype=np.int64)
        self._rows = {int(k): i for i, k in enumerate(self.keys)}
        self._rows_by_doc: dict[str, list[int]] = {}
        self._entries: dict[str, dict[str, int]] = {}
        """entry id → doc_id → row (the first paragraph with that id)."""
        self._outlines: dict[int, Outline] = {}
        """Outlines made so far (the store is read-only; every question asks for ~100 of them)."""
        for i, p in enumerate(loaded.paragraphs):
            self._rows_by_doc.setdefault(p.doc_id, []).append(i)
            entry = entry_id(p)
            if entry:
                self._entries.setdefault(entry, {}).setdefault(p.doc_id, i)

    @classmethod
    def open(cls, folder: Path, *, model: str | None = None, dim: int | None = None) -> LocalStore:
        return cls(load_index(folder, model=model, dim=dim))

    @property
    def manifest(self) -> IndexManifest:
        return self.loaded.manifest

    @property
    def documents(self) -> list[dict[str, Any]]:
        return self.loaded.documents

    def _allowed(self, documents: Sequence[str] | None) -> list[int] | None:
        if documents is None:
            return None
        return sorted({row for d in documents for row in self._rows_by_doc.get(d, [])})

    def dense_search(self, vector: np.ndarray, k: int, *, documents: Sequence[str] | None = None) -> dict[int, float]:
        """The paragraph cosine, or with sentence windows (index/windows.py) the paragraph/window mix:
        candidates are the ``k`` best paragraphs and the paragraphs of the ``WINDOW_FACTOR * k`` best
        windows, each rescored exactly."""
        allowed = self._allowed(documents)
        if allowed is not None and not allowed:
            return {}
        scores, ids = self.loaded.dense.search(vector, k, allowed=allowed)
        windows = self.loaded.windows
        if windows is None:
            return {int(self.keys[i]): float(s) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0}
        candidates = set(ids[0][ids[0] >= 0].tolist())
        window_allowed = None if allowed is None else windows.rows_of(allowed)[0]
        if windows.size and (window_allowed is None or len(window_allowed)):
            _, window_ids = windows.dense.search(vector, WINDOW_FACTOR * k, allowed=window_allowed)
            candidates.update(windows.owner[window_ids[0][window_ids[0] >= 0]].tolist())
        rows = np.fromiter(sorted(candidates), dtype=np.int64, count=len(candidates))
        mixed = windows.scores(vector, self.loaded.dense.vectors(rows), rows)
        top = np.argsort(-mixed, kind="stable")[:k]
        return {int(self.keys[rows[i]]): float(mixed[i]) for i in top}

    def sample_vectors(self, documents: Sequence[str], n: int) -> np.ndarray:
        rows = self._allowed(documents) or []
        if len(rows) > n:
            rows = [rows[i] for i in np.linspace(0, len(rows) - 1, n).round().astype(int)]
        return self.loaded.dense.vectors(rows)

    @property
    def vocabulary(self) -> Vocabulary:
        return self.loaded.lexical

    @property
    def lexical_view(self) -> bool:
        return self.loaded.lexical.view is not None

    def lexical_search(
        self, groups: Sequence[Sequence[str]], k: int, *, documents: Sequence[str] | None = None
    ) -> dict[int, float]:
        scores = self.loaded.lexical.group_scores(groups)
        allowed = self._allowed(documents)
        if allowed is not None:
            mask = np.full(scores.shape, -np.inf, dtype=np.float32)
            mask[allowed] = 0.0
            scores = scores + mask
        k = min(k, scores.shape[0])
        top = np.argpartition(-scores, k - 1)[:k] if k < scores.shape[0] else np.arange(scores.shape[0])
        return {int(self.keys[i]): float(scores[i]) for i in top if scores[i] > 0}

    def terms_in(self, keys: Iterable[int], terms: Iterable[str]) -> dict[int, frozenset[str]]:
        found = [k for k in dict.fromkeys(keys) if k in self._rows]
        rows = np.fromiter((self._rows[k] for k in found), dtype=np.int64, count=len(found))
        held: list[set[str]] = [set() for _ in found]
        for term in set(terms):
            for i in np.flatnonzero(self.loaded.lexical.holds(term, rows)):
                held[i].add(term)
        return {k: frozenset(h) for k, h in zip(found, held, strict=True)}

    def citing(self, references: Iterable[str], *, documents: Sequence[str] | None = None) -> dict[int, int]:
        counts = np.zeros(len(self.keys), dtype=np.int32)
        for ref in references:
            counts += self.loaded.lexical.term_scores(ref) > 0
        allowed = self._allowed(documents)
        if allowed is not None:
            keep = np.zeros_like(counts)
            keep[allowed] = 1
            counts *= keep
        return {int(self.keys[row]): int(counts[row]) for row in np.nonzero(counts)[0]}

    def get(self, keys: Iterable[int]) -> dict[int, Paragraph]:
        return {k: self.loaded.paragraphs[self._rows[k]] for k in keys if k in self._rows}

    def outlines(self, keys: Iterable[int]) -> dict[int, Outline]:
        found: dict[int, Outline] = {}
        for k in keys:
            outline = self._outlines.get(k)
            if outline is None:
                row = self._rows.get(k)
                if row is None:
                    continue
                outline = self._outlines[k] = Outline.of(self.loaded.paragraphs[row])
            found[k] = outline
        return found

    def find_entries(
        self, entries: Iterable[str], *, documents: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]:
        wanted = None if documents is None else set(documents)
        return {
            (doc_id, entry): int(self.keys[row])
            for entry in dict.fromkeys(entries)
            for doc_id, row in self._entries.get(entry, {}).items()
            if wanted is None or doc_id in wanted
        }

    def document_paragraphs(self, doc_id: str) -> list[Paragraph]:
        return [self.loaded.paragraphs[row] for row in self._rows_by_doc.get(doc_id, [])]

    def iter_paragraphs(self) -> Iterator[Paragraph]:
        return iter(self.loaded.paragraphs)

    def _read_only(self, what: str) -> ConfigurationError:
        return ConfigurationError(
            f"the local index at {self.loaded.path} cannot {what} in place: change the corpus and run `qa index`, "
            "or use QA_STORE=milvus for a store that takes updates"
        )

    def upsert(self, paragraphs: Sequence[Paragraph], vectors: np.ndarray) -> None:
        raise self._read_only("add paragraphs")

    def delete_document(self, doc_id: str) -> int:
        raise self._read_only("delete a document")

    def write_manifest(self, manifest: IndexManifest, documents: Sequence[dict[str, Any]]) -> None:
        raise self._read_only("rewrite its manifest")
