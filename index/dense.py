"""FAISS indexes over normalized vectors (inner product = cosine): flat, HNSW, IVF."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np

from index.errors import ConfigurationError

__all__ = ["AUTO_APPROXIMATE_ABOVE", "FAISS_TYPES", "DenseIndex", "choose_type"]

FAISS_TYPES = ("flat", "hnsw", "ivf")
AUTO_APPROXIMATE_ABOVE = 50_000
"""``auto`` stays exact up to this many paragraphs, HNSW above: exact search costs ~0.18 ms per
1,000 paragraphs a question here (18 ms at 100k), HNSW 0.3 ms at recall@10 ≥ 0.999 (eval/benchmarks)."""
HNSW_M = 32
HNSW_EF_SEARCH = 96
HNSW_EF_CONSTRUCTION = 80


def choose_type(kind: str, size: int) -> str:
    if kind == "auto":
        return "hnsw" if size > AUTO_APPROXIMATE_ABOVE else "flat"
    if kind not in FAISS_TYPES:
        raise ConfigurationError(f"unknown FAISS index type {kind!r}: use one of auto, {', '.join(FAISS_TYPES)}")
    return kind


class DenseIndex:
    """A FAISS index plus the search parameters of its type."""

    def __init__(self, index: faiss.Index, kind: str) -> None:
        self.index = index
        self.kind = kind
        self._tune()

    def _tune(self) -> None:
        if self.kind == "hnsw":
            faiss.downcast_index(self.index).hnsw.efSearch = HNSW_EF_SEARCH
        elif self.kind == "ivf":
            ivf = faiss.extract_index_ivf(self.index)
            ivf.nprobe = max(8, min(64, ivf.nlist // 16))
            ivf.make_direct_map()  # for :meth:`vectors`

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def dim(self) -> int:
        return int(self.index.d)

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str = "flat") -> DenseIndex:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        n, dim = vectors.shape
        kind = choose_type(kind, n)
        if kind == "flat":
            index: faiss.Index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            nlist = max(1, min(int(4 * np.sqrt(n)), n // 39 or 1))
            quantizer = faiss.IndexFlatIP(dim)
            index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
            sample = (
                vectors if n <= 256 * nlist else vectors[np.random.default_rng(0).choice(n, 256 * nlist, replace=False)]
            )
            index.train(sample)
        index.add(vectors)
        return cls(index, kind)

    def search(
        self, queries: np.ndarray, k: int, *, allowed: Sequence[int] | np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Scores and row ids, best first; ``allowed`` restricts to those rows (-1 pads)."""
        queries = np.ascontiguousarray(queries.reshape(-1, self.dim), dtype=np.float32)
        k = max(1, min(k, self.size))
        if allowed is None:
            scores, ids = self.index.search(queries, k)
            return scores, ids
        selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        params: faiss.SearchParameters
        if self.kind == "hnsw":
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
        elif self.kind == "ivf":
            ivf = faiss.extract_index_ivf(self.index)
            params = faiss.SearchParametersIVF(sel=selector, nprobe=ivf.nprobe)
        else:
            params = faiss.SearchParameters(sel=selector)
        scores, ids = self.index.search(queries, min(k, len(allowed)) or 1, params=params)
        return scores, ids

    def vectors(self, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """The stored vectors of ``rows`` (one row each, in the order given)."""
        ids = np.asarray(rows, dtype=np.int64).reshape(-1)
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self.index.reconstruct_batch(ids), dtype=np.float32).reshape(len(ids), self.dim)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str) -> DenseIndex:
        return cls(faiss.read_index(str(path)), kind)
