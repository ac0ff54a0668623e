"""Synthetic corpora of 100,000 and 1,000,000 paragraphs: FAISS index types and BM25 at scale.

Dense side: unit vectors drawn around random centres (a mixture, so that nearest neighbours
mean something, as they do for real embeddings; uniform random vectors in 384 dimensions are
all nearly equidistant). Queries are perturbed corpus vectors. Lexical side: realistic Chinese
paragraphs made by recombining sentences of the bundled corpus (tokenized once, then the token
lists are recombined, which is what BM25 sees).

Each measurement runs in a child process of its own, so the peak memory it reports is its own.
"""

from __future__ import annotations

import multiprocessing as mp
import queue as queue_module
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from corpus.models import Paragraph

__all__ = ["SyntheticCorpus", "dense_at_scale", "in_child", "lexical_at_scale", "peak_rss_mb"]

DIM = 384
QUERIES = 200


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")  # pragma: no cover - not Linux


def _vectors(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(16, n // 250), DIM)).astype(np.float32)
    data = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        pick = rng.integers(0, len(centres), stop - start)
        block = centres[pick] + 0.9 * rng.standard_normal((stop - start, DIM)).astype(np.float32)
        data[start:stop] = block / np.linalg.norm(block, axis=1, keepdims=True)
    queries = data[rng.integers(0, n, QUERIES)] + 0.3 * rng.standard_normal((QUERIES, DIM)).astype(
        np.float32
    ) / np.sqrt(DIM)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    return data, queries.astype(np.float32)


def _dense_child(n: int, kind: str, out: Any) -> None:
    import faiss

    from index.dense import DenseIndex

    faiss.omp_set_num_threads(2)
    data, queries = _vectors(n)
    exact = faiss.IndexFlatIP(DIM)
    exact.add(data)
    _, truth = exact.search(queries, 10)
    del exact
    started = time.perf_counter()
    index = DenseIndex.build(data, kind)
    build_s = time.perf_counter() - started
    del data
    latencies = []
    found = []
    for i in range(QUERIES):
        t = time.perf_counter()
        _, ids = index.search(queries[i : i + 1], 10)
        latencies.append(time.perf_counter() - t)
        found.append(len(set(ids[0].tolist()) & set(truth[i].tolist())) / 10)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.faiss"
        index.save(path)
        disk_mb = path.stat().st_size / 2**20
    lat = np.array(latencies) * 1000
    out.put(
        {
            "paragraphs": n,
            "type": kind,
            "build_s": round(build_s, 1),
            "search_p50_ms": round(float(np.percentile(lat, 50)), 3),
            "search_p95_ms": round(float(np.percentile(lat, 95)), 3),
            "recall_at_10": round(float(np.mean(found)), 4),
            "disk_mb": round(disk_mb, 1),
            "peak_rss_mb": peak_rss_mb(),
        }
    )


def _sentences() -> list[list[str]]:
    from corpus.loading import load_corpus
    from index.tokenization import tokenize
    from qa.settings import PROJECT_ROOT

    corpus = load_corpus(PROJECT_ROOT / "corpus")
    sentences = [s for p in corpus.paragraphs for s in re.split(r"(?<=[。；])", p.text) if len(s) > 8]
    return [tokenize(s) for s in sentences]


def _lexical_child(n: int, out: Any) -> None:
    from index.lexical import LexicalIndex
    from index.tokenization import tokenize

    pool = _sentences()
    rng = np.random.default_rng(1)
    docs = []
    for _ in range(n):
        picks = rng.integers(0, len(pool), int(rng.integers(2, 6)))
        docs.append([t for i in picks for t in pool[i]])
    started = time.perf_counter()
    index = LexicalIndex.from_tokens(docs)
    build_s = time.perf_counter() - started
    del docs
    questions = [
        "人居署 2018 年的赤字",
        "城乡联系电子学习课程",
        "执行局 利益攸关方参与政策",
        "第 26/2 号决议 基金",
        "世界城市论坛 吉隆坡",
    ]
    tokens = [tokenize(q) for q in questions]
    latencies = []
    for i in range(QUERIES):
        t = time.perf_counter()
        scores = index.scores(tokens[i % len(tokens)])
        np.argpartition(-scores, 100)[:100]
        latencies.append(time.perf_counter() - t)
    with tempfile.TemporaryDirectory() as tmp:
        index.save(Path(tmp))
        disk_mb = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
    lat = np.array(latencies) * 1000
    out.put(
        {
            "paragraphs": n,
            "build_s": round(build_s, 1),
            "search_p50_ms": round(float(np.percentile(lat, 50)), 2),
            "search_p95_ms": round(float(np.percentile(lat, 95)), 2),
            "disk_mb": round(disk_mb, 1),
            "peak_rss_mb": peak_rss_mb(),
        }
    )


def in_child(target: Any, *args: Any) -> dict[str, Any]:
    """Run ``target(*args, queue)`` in a fresh (spawned) process and return what it puts.

    A child that fails or dies without putting anything raises :class:`RuntimeError` with the
    reason (its exception, or its exit code) instead of waiting for ever.
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_guarded, args=(target, args, queue))
    proc.start()
    while True:
        try:
            result = queue.get(timeout=1.0)
            break
        except queue_module.Empty:
            if not proc.is_alive():
                raise RuntimeError(
                    f"{getattr(target, '__name__', target)} ended with exit code {proc.exitcode} and no result"
                ) from None
    proc.join()
    if isinstance(result, dict) and "__error__" in result:
        raise RuntimeError(f"{getattr(target, '__name__', target)} failed: {result['__error__']}")
    return dict(result)


def _guarded(target: Any, args: tuple[Any, ...], queue: Any) -> None:
    try:
        target(*args, queue)
    except BaseException as exc:
        queue.put({"__error__": f"{type(exc).__name__}: {exc}"})
        raise


def dense_at_scale(n: int, kind: str) -> dict[str, Any]:
    return in_child(_dense_child, n, kind)


def lexical_at_scale(n: int) -> dict[str, Any]:
    return in_child(_lexical_child, n)


PARAGRAPHS_PER_DOCUMENT = 100


@dataclass(frozen=True)
class SyntheticBatch:
    """Paragraphs ``start``…``start + len(paragraphs) - 1`` of a :class:`SyntheticCorpus`."""

    start: int
    paragraphs: list[Paragraph]
    tokens: list[list[str]]
    """Each paragraph's tokens (what :func:`index.tokenization.tokenize` makes of its sentences)."""
    vectors: np.ndarray


class SyntheticCorpus:
    """``n`` paragraphs made batch by batch, the same ones on every pass, in bounded memory.

    Text: 2–5 sentences of the bundled corpus (split after 。 and ；), drawn at random, so the lengths,
    the term frequencies and the vocabulary are those of real UN-Habitat paragraphs (the vocabulary
    does not grow with ``n`` as a real corpus's would: every term is more frequent than in a real
    corpus of that size, so BM25 reads longer posting lists — a heavier case). Each sentence is
    tokenized once; a paragraph's tokens are its sentences' tokens. Vectors: unit vectors around
    ``n / 250`` random centres (see :func:`_vectors`). Documents: ``syn000000``… of
    :data:`PARAGRAPHS_PER_DOCUMENT` paragraphs each, numbered 1–100.
    """

    def __init__(self, n: int, *, seed: int = 1, batch: int = 10_000) -> None:
        self.n = n
        self.seed = seed
        self.batch = batch
        pool = _sentence_pool()
        self.sentences = [text for text, _ in pool]
        self.sentence_tokens = [tokens for _, tokens in pool]
        self.centres = np.random.default_rng(seed).standard_normal((max(16, n // 250), DIM)).astype(np.float32)

    @property
    def document_count(self) -> int:
        return -(-self.n // PARAGRAPHS_PER_DOCUMENT)

    def documents(self) -> list[dict[str, Any]]:
        """The document records a store keeps (``index.folder.document_record``'s keys that matter here)."""
        return [
            {"doc_id": _doc(d), "symbol": None, "title": f"synthetic {d}", "language": "zh", "paragraphs": 0}
            for d in range(self.document_count)
        ]

    def batches(self, *, vectors: bool = True) -> Iterator[SyntheticBatch]:
        from corpus.models import Paragraph

        for number, start in enumerate(range(0, self.n, self.batch)):
            stop = min(self.n, start + self.batch)
            rng = np.random.default_rng([self.seed, number])
            paragraphs, tokens = [], []
            for i in range(start, stop):
                picks = rng.integers(0, len(self.sentences), int(rng.integers(2, 6)))
                doc, ordinal = _doc(i // PARAGRAPHS_PER_DOCUMENT), i % PARAGRAPHS_PER_DOCUMENT
                text = "".join(self.sentences[j] for j in picks)
                paragraphs.append(
                    Paragraph(
                        doc, None, str(ordinal + 1), "", text, f"{doc}, para. {ordinal + 1}", "", "", (0, 0), ordinal
                    )
                )
                tokens.append([t for j in picks for t in self.sentence_tokens[j]] or ["∅"])
            block = np.empty((0, DIM), dtype=np.float32)
            if vectors:
                pick = rng.integers(0, len(self.centres), stop - start)
                block = self.centres[pick] + 0.9 * rng.standard_normal((stop - start, DIM)).astype(np.float32)
                block /= np.linalg.norm(block, axis=1, keepdims=True)
            yield SyntheticBatch(start, paragraphs, tokens, block)

    def queries(self, count: int) -> np.ndarray:
        """Question vectors: drawn as a paragraph's, then moved a little (a question near some paragraphs)."""
        rng = np.random.default_rng([self.seed, 1 << 30])
        pick = rng.integers(0, len(self.centres), count)
        q = self.centres[pick] + 0.9 * rng.standard_normal((count, DIM)).astype(np.float32)
        q /= np.linalg.norm(q, axis=1, keepdims=True)
        q += 0.3 * rng.standard_normal((count, DIM)).astype(np.float32) / np.sqrt(DIM)
        return (q / np.linalg.norm(q, axis=1, keepdims=True)).astype(np.float32)


def _doc(number: int) -> str:
    return f"syn{number:06d}"


def _sentence_pool() -> list[tuple[str, list[str]]]:
    from corpus.loading import load_corpus
    from index.tokenization import tokenize
    from qa.settings import PROJECT_ROOT

    corpus = load_corpus(PROJECT_ROOT / "corpus")
    sentences = [s for p in corpus.paragraphs if p.lang == "zh" for s in re.split(r"(?<=[。；])", p.text) if len(s) > 8]
    return [(s, tokenize(s)) for s in sentences]
