"""Any sentence-transformers model, by hub name or local folder, with its own prompts."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path

import numpy as np

from index.backends.base import DEFAULT_MAX_QUESTION_TOKENS, PreparedQuery, finished, truncate_to_tokens
from index.errors import ConfigurationError

__all__ = ["SentenceTransformerEmbedder"]

_E5_PROMPTS = {"query": "query: ", "passage": "passage: "}


class SentenceTransformerEmbedder:
    """Encode with sentence-transformers on the CPU.

    Prompts: the model's own configured ``query``/``passage`` (or ``document``) prompts
    if it has them; ``query: ``/``passage: `` for the e5 family; none otherwise.
    Questions are cut to ``max_query_tokens`` tokens, or the model's own ``max_seq_length`` if lower.
    """

    def __init__(
        self, model: str, *, batch_size: int = 32, max_query_tokens: int = DEFAULT_MAX_QUESTION_TOKENS
    ) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigurationError("sentence-transformers is not installed: pip install 'un-docs-qa[st]'") from exc
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises many types: OSError, ValueError, HF errors
            raise ConfigurationError(
                f"cannot load sentence-transformers model {model!r}: {exc}. "
                "Give a local model folder, or a hub name that is already cached (no download here)."
            ) from exc
        self.name = Path(model).name if Path(model).exists() else model
        self.name = f"{self.name}@sentence-transformers"
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if dim is None:
            raise ConfigurationError(f"{model!r} does not say its embedding dimension")
        self.dim = int(dim)
        self._batch_size = batch_size
        prompts = dict(getattr(self._model, "prompts", {}) or {})
        lowered = model.lower()
        self.query_prompt = prompts.get("query") or (_E5_PROMPTS["query"] if "e5" in lowered else "")
        self.passage_prompt = (
            prompts.get("passage") or prompts.get("document") or (_E5_PROMPTS["passage"] if "e5" in lowered else "")
        )
        model_max = getattr(self._model, "max_seq_length", None)
        self.max_query_tokens = min(max_query_tokens, int(model_max)) if model_max else max_query_tokens
        self._prepare = lru_cache(maxsize=1024)(self._prepare_uncached)

    def _count(self, text: str) -> int:
        return len(self._model.tokenizer(self.query_prompt + text)["input_ids"])

    def prepare_query(self, text: str) -> PreparedQuery:
        return self._prepare(text)

    def _prepare_uncached(self, text: str) -> PreparedQuery:
        return truncate_to_tokens(text, self.max_query_tokens, self._count)

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            [prompt + t for t in texts],
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode([self.prepare_query(t).text for t in texts], self.query_prompt)

    def submit_queries(self, texts: Sequence[str]) -> Future[np.ndarray]:
        # torch already uses every core for one question: encoding in the background would only
        # contend with the caller's own work, so the vectors are ready when this returns.
        return finished(self.encode_queries(texts))

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self.passage_prompt)
