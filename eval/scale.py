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
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["dense_at_scale", "in_child", "lexical_at_scale", "peak_rss_mb"]

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
