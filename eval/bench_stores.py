"""The local store (FAISS + bm25s) against Milvus (a ``milvus-lite server`` process, or ``--uri``).

* scale: at each size (default 100,000 synthetic paragraphs, :class:`eval.scale.SyntheticCorpus`:
  real sentences recombined, vectors around random centres), per question on each store: latency
  p50/p95 of a dense search, a BM25 search and a whole hybrid search (:func:`_measure`), and through
  Milvus the bytes of the gRPC messages both ways (counted by an interceptor on pymilvus's channel);
  the insert rate, the server's peak memory and disk;
* agreement: the ``tune`` questions on both stores built from the real corpus: top-10 overlap per mode
  and the metrics of each (the report: ``eval/results/stores/report.md``);
* embedding: the model's passages/s per CPU core on the corpus (what feeds any store).

    python -m eval.bench_stores [--paragraphs 100000 300000] [--lite25 PATH] [--skip-agreement] [--save]

Results go to ``var/benchmarks/stores.json`` (``--out``); ``--save`` writes the tracked
``eval/benchmarks/stores.json`` and ``eval/results/stores/`` too. Sizes measured before (in the file
written) are kept unless measured again.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from corpus.loading import Corpus, load_corpus
from corpus.models import Paragraph
from eval.datasets import load_question_set
from eval.runner import evaluate
from eval.scale import DIM, SyntheticCorpus, in_child, peak_rss_mb
from index.bm25 import term_statistics
from index.build import BATCH, build_index, passage_text
from index.cache import EmbeddingCache
from index.embedding import Embedder, get_embedder
from index.stores.local import LocalStore
from index.stores.milvus import Client, LexicalWeights, MilvusConfig, MilvusStore, build_milvus
from index.stores.milvus.lexical import MAX_CHOICES
from index.stores.milvus.schema import BATCH as MILVUS_BATCH
from index.stores.milvus.schema import (
    create_generation,
    drop_generation,
    insert_batches,
    paragraph_row,
    write_vocabulary,
)
from index.stores.server import MilvusServer, free_port
from qa.exceptions import StoreUnavailable
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT

__all__ = ["agreement", "embedding_rate", "scale"]

TRACKED = PROJECT_ROOT / "eval" / "benchmarks" / "stores.json"
OUT = PROJECT_ROOT / "var" / "benchmarks" / "stores.json"
REPORT = PROJECT_ROOT / "eval" / "results" / "stores"
QUESTIONS = PROJECT_ROOT / "eval" / "questions"
POOL = 100
"""Hits of each search (what the searcher asks a store for)."""
KINDS = ("dense", "bm25", "hybrid")
SCALE_QUESTIONS = 200
WARM_UP = 5


def _percentile(samples: list[float], q: float) -> float:
    return round(float(np.percentile(np.array(samples), q)), 2)


class _ByteCounter:
    """Bytes of the gRPC messages (serialised protobuf, without HTTP/2 framing) a client sends and
    receives, counted by an interceptor put in front of pymilvus's channel while the block runs."""

    def __init__(self, client: Client) -> None:
        import grpc

        self.handler = client.client._get_connection()
        self.sent = self.received = 0
        self.calls = 0
        counter = self

        class Interceptor(grpc.UnaryUnaryClientInterceptor):
            def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
                counter.sent += request.ByteSize()
                counter.calls += 1
                response = continuation(details, request)
                counter.received += response.result().ByteSize()
                return response

        self.interceptor = Interceptor()

    def __enter__(self) -> _ByteCounter:
        import grpc
        from pymilvus.grpc_gen import milvus_pb2_grpc

        self.stub = self.handler._stub
        channel = grpc.intercept_channel(self.handler._final_channel, self.interceptor)
        self.handler._stub = milvus_pb2_grpc.MilvusServiceStub(channel)
        return self

    def __exit__(self, *exc: object) -> None:
        self.handler._stub = self.stub

    def take(self) -> tuple[int, int]:
        """Bytes both ways and calls since the last call."""
        moved, calls = self.sent + self.received, self.calls
        self.sent = self.received = self.calls = 0
        return moved, calls


def _scale_questions(count: int) -> list[str]:
    """The ``tune`` questions (Chinese and English, as users ask them), ``count`` of them (repeated if fewer)."""
    path = QUESTIONS / "tune.jsonl" if (QUESTIONS / "tune.jsonl").exists() else QUESTIONS / "dev.jsonl"
    questions = [q.question for q in load_question_set(path).questions]
    return [questions[i % len(questions)] for i in range(count)]


def _measure(
    searcher: Searcher, queries: np.ndarray, questions: list[str], counter: _ByteCounter | None = None
) -> dict[str, Any]:
    """Per question, for each kind: latency p50/p95 (ms) and, through Milvus, bytes both ways and calls.

    ``dense``: one ``dense_search`` (``POOL`` hits); ``bm25``: one ``lexical_search`` of the question's
    analysed words (``POOL`` hits); ``hybrid``: a whole ``Searcher.search`` (both searches, the
    candidates' outlines, the citing bonus, the language versions, the shown paragraphs; top 10), the
    question already analysed and its vector given, so the model's encoding is not in the figure on
    either store.
    """
    store = searcher.store
    analysed = [searcher.analyse(q) for q in questions]
    groups = [[g.alternatives for g in a.groups] for a in analysed]
    kinds: dict[str, Any] = {
        "dense": lambda i: store.dense_search(queries[i % len(queries)], POOL),
        "bm25": lambda i: store.lexical_search(groups[i], POOL),
        "hybrid": lambda i: searcher.search(
            analysed[i], top_k=10, mode="hybrid", query_vector=queries[i % len(queries)]
        ),
    }
    for i in range(min(WARM_UP, len(questions))):  # first calls load what later ones find loaded
        for run in kinds.values():
            run(i)
    samples: dict[str, list[float]] = {k: [] for k in kinds}
    moved: dict[str, list[int]] = {k: [] for k in kinds}
    calls: dict[str, list[int]] = {k: [] for k in kinds}
    for i in tqdm(range(len(questions)), desc=f"questions on {store.kind}", unit="q", mininterval=5):
        for kind, run in kinds.items():
            if counter is not None:
                counter.take()
            t = time.perf_counter()
            run(i)
            samples[kind].append((time.perf_counter() - t) * 1000)
            if counter is not None:
                b, c = counter.take()
                moved[kind].append(b)
                calls[kind].append(c)
    result: dict[str, Any] = {"questions": len(questions)}
    if isinstance(store, MilvusStore):  # sparse vectors a BM25 question is asked as (one per choice)
        choices = [len(store.lexical_weights().query(g).vectors) for g in groups]
        result["bm25_vectors"] = {
            "p50": float(np.median(choices)),
            "mean": round(float(np.mean(choices)), 1),
            "p95": float(np.percentile(choices, 95)),
            "max": max(choices),
        }
    for kind in kinds:
        figures: dict[str, float] = {
            "p50_ms": _percentile(samples[kind], 50),
            "p95_ms": _percentile(samples[kind], 95),
        }
        if counter is not None:  # the local store moves nothing: it searches in its own memory
            figures |= {
                "bytes_p50": round(float(np.median(moved[kind]))),
                "bytes_mean": round(float(np.mean(moved[kind]))),
                "bytes_p95": round(float(np.percentile(moved[kind], 95))),
                "calls_mean": round(float(np.mean(calls[kind])), 2),
            }
        result[kind] = figures
    return result


def _local_child(n: int, questions: list[str], out: Any) -> None:
    from index.dense import DenseIndex
    from index.folder import FORMAT_VERSION, IndexManifest, LoadedIndex
    from index.lexical import LexicalIndex

    corpus = SyntheticCorpus(n)
    paragraphs: list[Paragraph] = []
    tokens: list[list[str]] = []
    vectors = np.empty((n, DIM), dtype=np.float32)
    for batch in corpus.batches():
        paragraphs.extend(batch.paragraphs)
        tokens.extend(batch.tokens)
        vectors[batch.start : batch.start + len(batch.paragraphs)] = batch.vectors
    started = time.perf_counter()
    dense = DenseIndex.build(vectors, "auto")
    del vectors
    lexical = LexicalIndex.from_tokens(tokens)
    del tokens
    seconds = time.perf_counter() - started
    manifest = IndexManifest(
        FORMAT_VERSION, "synthetic", DIM, "", dense.kind, n, corpus.document_count, False, False, windows=0
    )
    store = LocalStore(LoadedIndex(manifest, corpus.documents(), paragraphs, dense, lexical, Path(".")))
    searcher = Searcher(store, get_embedder())
    result = {"type": dense.kind, "build_s": round(seconds, 1)}
    result |= _measure(searcher, corpus.queries(len(questions)), questions)
    out.put(result | {"peak_rss_mb": peak_rss_mb()})


def _milvus(n: int, uri: str, index_type: str, questions: list[str], embedder: Embedder) -> dict[str, Any]:
    corpus = SyntheticCorpus(n)
    config = MilvusConfig(uri=uri, collection="bench", index_type=index_type, timeout=600)
    client = _connect(config)
    name = f"bench_{int(time.time())}"
    started = time.perf_counter()
    # What a build does: the vocabulary and BM25 statistics first (a pass over the tokens), then the rows.
    frequencies, stats = term_statistics(t for batch in corpus.batches(vectors=False) for t in batch.tokens)
    weights = LexicalWeights(frequencies, stats)
    create_generation(client, name, DIM, index_type)
    bar = tqdm(total=n, desc=f"milvus insert {index_type}", unit="para", mininterval=10)
    inserting = time.perf_counter()
    insert_batches(client, name, _row_batches(corpus, weights), done=bar.update)
    inserting = time.perf_counter() - inserting
    bar.close()
    write_vocabulary(client, name, frequencies, stats)
    client.flush(name)
    client.load_collection(name)
    seconds = time.perf_counter() - started
    store = MilvusStore(client, name, _manifest(index_type, n, corpus.document_count), corpus.documents())
    store.follow_every = float("inf")  # no alias here (and Milvus Lite 2.5 has none to look at)
    searcher = Searcher(store, embedder)
    result: dict[str, Any] = {
        "type": index_type,
        "build_s": round(seconds, 1),
        "insert_per_s": round(n / seconds),
        "insert_only_per_s": round(n / inserting),
    }
    with _ByteCounter(client) as counter:
        result |= _measure(searcher, corpus.queries(len(questions)), questions, counter)
    drop_generation(client, name)
    return result


def _row_batches(corpus: SyntheticCorpus, weights: LexicalWeights) -> Iterator[list[dict[str, Any]]]:
    """The corpus's rows as a build makes them (:func:`paragraph_row`), :data:`BATCH` rows at a time."""
    for batch in corpus.batches():
        for at in range(0, len(batch.paragraphs), MILVUS_BATCH):
            yield [
                paragraph_row(p, batch.vectors[i], "zh", weights.document(batch.tokens[i]), tokens=batch.tokens[i])
                for i, p in enumerate(batch.paragraphs[at : at + MILVUS_BATCH], start=at)
            ]


def _connect(config: MilvusConfig, attempts: int = 5) -> Client:
    """A client, retried: milvus-lite has been seen to drop a new connection (gRPC GOAWAY, too_many_pings)
    right after the local half of the benchmark kept both cores busy."""
    for attempt in range(attempts):
        try:
            return Client(config)
        except StoreUnavailable:
            if attempt == attempts - 1:
                raise
            time.sleep(5)
    raise AssertionError("unreachable")


def _manifest(index_type: str, n: int, documents: int) -> Any:
    from index.folder import FORMAT_VERSION, IndexManifest

    return IndexManifest(
        FORMAT_VERSION, "synthetic", DIM, "", f"milvus-{index_type}", n, documents, False, False, windows=0
    )


def _server_rss_mb(server: MilvusServer | None) -> float | None:
    """The server's peak resident memory (VmHWM, /proc), with its child processes' peaks."""
    if server is None or server.proc is None:
        return None
    total, pending = 0.0, [server.proc.pid]
    while pending:
        pid = pending.pop()
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{pid}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return round(total, 1)


def _disk_mb(folder: Path | None) -> float | None:
    if folder is None or not folder.exists():
        return None
    return round(sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 2**20, 1)


def scale(
    n: int,
    servers: dict[str, tuple[str, MilvusServer | None]],
    *,
    questions: list[str],
    embedder: Embedder,
    with_local: bool = True,
) -> dict[str, Any]:
    """The local store and each Milvus (``name → (uri, server process or None)``) at ``n`` paragraphs.

    Each Milvus first (a server this run started is restarted after its turn, which gives its memory
    back: at 1M paragraphs several GB), then the local store in a child process; one at a time, each
    with the machine's load average sampled while it runs."""
    result: dict[str, Any] = {"paragraphs": n}
    milvus_results: dict[str, dict[str, Any]] = {}
    for name, (uri, server) in servers.items():
        # Milvus Lite 2.5 ("local mode") builds only FLAT, IVF_FLAT and AUTOINDEX.
        index_type = "AUTOINDEX" if server is not None and server.binary is not None else "HNSW"
        began = time.perf_counter()
        with _LoadSampler() as load:
            milvus = _milvus(n, uri, index_type, questions, embedder)
        milvus["wall_s"] = round(time.perf_counter() - began)
        milvus["load_average"] = load.summary()
        milvus["server_peak_rss_mb"] = _server_rss_mb(server)
        milvus["server_disk_mb"] = _disk_mb(server.data_dir if server is not None else None)
        if server is not None:  # its memory back before the next store is built (1M: several GB each)
            server.stop()
            server.start()
        result[name] = milvus_results[name] = milvus
        print(json.dumps({"paragraphs": n, name: milvus}), flush=True)
    if with_local:
        began = time.perf_counter()
        with _LoadSampler() as load:
            local = in_child(_local_child, n, questions)
        local["wall_s"] = round(time.perf_counter() - began)
        local["load_average"] = load.summary()
        result["local"] = local
        print(json.dumps({"paragraphs": n, "local": local}), flush=True)
        for name, milvus in milvus_results.items():
            result[f"{name}_over_local"] = {
                kind: round(milvus[kind]["p50_ms"] / max(local[kind]["p50_ms"], 0.01), 1) for kind in KINDS
            }
    return result


class _LoadSampler:
    """The machine's 1-minute load average, sampled every ``every`` seconds while the block runs."""

    def __init__(self, every: float = 15.0) -> None:
        self.every = every
        self.samples: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while True:
            self.samples.append(os.getloadavg()[0])
            if self._stop.wait(self.every):
                return

    def __enter__(self) -> _LoadSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, float]:
        values = self.samples or [os.getloadavg()[0]]
        return {"min": round(min(values), 1), "mean": round(float(np.mean(values)), 1), "max": round(max(values), 1)}


def _overlap(a: Searcher, b: Searcher, questions: list[str], mode: str) -> dict[str, float]:
    overlaps, same_first, same_order = [], 0, 0
    for q in questions:
        ka = [(h.doc_id, h.paragraph, h.text[:20]) for h in a.search(q, top_k=10, mode=mode).hits]
        kb = [(h.doc_id, h.paragraph, h.text[:20]) for h in b.search(q, top_k=10, mode=mode).hits]
        overlaps.append(len(set(ka) & set(kb)) / max(len(ka), len(kb)) if ka or kb else 1.0)  # both empty: agree
        same_first += bool(ka) and bool(kb) and ka[0] == kb[0]
        same_order += ka == kb
    n = len(questions)
    return {
        "overlap_at_10": round(float(np.mean(overlaps)), 4),
        "min_overlap_at_10": round(float(np.min(overlaps)), 2),
        "same_first": round(same_first / n, 4),
        "identical_top_10": round(same_order / n, 4),
    }


def agreement(corpus: Corpus, embedder: Embedder, uris: dict[str, str]) -> dict[str, Any]:
    """Top-10 agreement with the local store on ``tune`` (per mode) and the metrics of each store;
    ``uris``: name → Milvus (the first also with Milvus's own jieba BM25, ``<name>_jieba_field``)."""
    path = QUESTIONS / "tune.jsonl" if (QUESTIONS / "tune.jsonl").exists() else QUESTIONS / "dev.jsonl"
    qset = load_question_set(path)
    questions = [q.question for q in qset.questions]
    cache = EmbeddingCache(PROJECT_ROOT / "var" / "test-embedding-cache.sqlite")
    with tempfile.TemporaryDirectory() as tmp:
        build_index(corpus, embedder, Path(tmp) / "index", cache=cache, progress=False)
        local = Searcher(LocalStore.open(Path(tmp) / "index"), embedder)
    searchers: dict[str, Searcher] = {}
    for i, (name, uri) in enumerate(uris.items()):
        config = MilvusConfig(uri=uri, collection="agreement", index_type="FLAT", timeout=60)
        build_milvus(corpus, embedder, config, cache=cache, progress=False)
        searchers[name] = Searcher(MilvusStore.open(config), embedder)
        if i == 0:
            searchers[f"{name}_jieba_field"] = Searcher(
                MilvusStore.open(replace(config, lexical_field="text")), embedder
            )
    cache.close()
    modes = ["hybrid", "dense", "bm25"]
    result: dict[str, Any] = {"questions": path.name, "count": len(questions), "overlap": {}, "metrics": {}}
    first = next(iter(uris))
    result["pruned_questions"] = _pruned(searchers[first], questions)
    for name, searcher in searchers.items():
        result["overlap"][name] = {m: _overlap(local, searcher, questions, m) for m in modes}
    for name, searcher in (("local", local), *searchers.items()):
        report = evaluate(qset, searcher, modes=modes, progress=False)
        result["metrics"][name] = {m: dict(report.metrics[m]) for m in modes}
    return result


def _pruned(searcher: Searcher, questions: list[str]) -> int:
    """Questions whose choices of alternatives were more than MAX_CHOICES (some left out)."""
    store = searcher.store
    assert isinstance(store, MilvusStore)
    weights = store.lexical_weights()
    return sum(weights.query([g.alternatives for g in searcher.analyse(q).groups]).pruned for q in questions)


def _write_report(result: dict[str, Any], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [
        f"# Local store vs Milvus: {result['count']} questions of {result['questions']}",
        "",
        "`milvus`: BM25 as sparse vectors of our weights (the project's tokens, as the local store; Milvus "
        "ranks, nothing is re-scored); `milvus_lite_25`: the same on Milvus Lite 2.5; `milvus_jieba_field`: "
        "Milvus's own BM25 on the `text` field analysed by its jieba tokenizer.",
        "",
        f"Questions with more than {MAX_CHOICES} choices of alternatives (some left out): "
        f"{result.get('pruned_questions', 0)} of {result['count']}.",
        *(["", f"Re-checked: {result['rechecked']}."] if result.get("rechecked") else []),
        "",
        "## Top-10 agreement with the local store",
        "",
        "| store | mode | overlap@10 | min overlap | same first | identical top 10 |",
        "|---|---|---|---|---|---|",
    ]
    for name, modes in result["overlap"].items():
        for mode, o in modes.items():
            lines.append(
                f"| {name} | {mode} | {o['overlap_at_10']:.3f} | {o['min_overlap_at_10']:.2f} | "
                f"{o['same_first']:.3f} | {o['identical_top_10']:.3f} |"
            )
    lines += ["", "## Metrics per language (difference to the local store in brackets)", ""]
    metrics = result["metrics"]
    local = metrics["local"]
    names = list(next(iter(next(iter(local.values())).values())))
    lines += ["| store | mode | lang | " + " | ".join(names) + " |", "|---|---|---|" + "---|" * len(names)]
    for store, modes in metrics.items():
        for mode, langs in modes.items():
            for lang, values in langs.items():
                cells = [
                    f"{values[k]:.3f}" + ("" if store == "local" else f" ({values[k] - local[mode][lang][k]:+.3f})")
                    for k in names
                ]
                lines.append(f"| {store} | {mode} | {lang} | " + " | ".join(cells) + " |")
    (folder / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _stores(entry: dict[str, Any]) -> list[str]:
    """The stores a size's entry has figures of (``local``, ``milvus``, ``milvus_lite_25``)."""
    return [k for k, v in entry.items() if isinstance(v, dict) and isinstance(v.get("dense"), dict)]


def _write_scale_report(entries: list[dict[str, Any]], folder: Path) -> None:
    """``scale.md``: per size and store, latency p50/p95 and bytes per question of each kind."""
    lines = [
        "# Local store vs Milvus at scale: per question",
        "",
        "Synthetic paragraphs (`eval.scale.SyntheticCorpus`: 2–5 real sentences of the bundled corpus, "
        "vectors around random centres), the `tune` questions (Chinese and English) analysed as the "
        "service analyses them. `dense`: one dense search (100 hits); `bm25`: one BM25 search "
        "(100 hits); `hybrid`: a whole `Searcher.search` (top 10), without the model's encoding. "
        "Bytes: the serialised gRPC messages both ways, counted on the client's channel; the local "
        "store moves none (it searches in its own memory).",
        "",
        "| paragraphs | store | index | kind | p50 ms | p95 ms | bytes p50 | bytes mean | bytes p95 | calls |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for entry in entries:
        stores = _stores(entry)
        for name in stores:
            figures = entry[name]
            label = entry.get("servers", {}).get(name, name)
            for kind in KINDS:
                f = figures.get(kind)
                if not isinstance(f, dict):
                    continue
                cells = [f"{f.get(c, 0):,}" if c in f else "0" for c in ("bytes_p50", "bytes_mean", "bytes_p95")]
                lines.append(
                    f"| {entry['paragraphs']:,} | {label} | {figures.get('type', '')} | {kind} | {f['p50_ms']} | "
                    f"{f['p95_ms']} | " + " | ".join(cells) + f" | {f.get('calls_mean', 0)} |"
                )
    lines += [
        "",
        "| paragraphs | store | build s | inserts/s | peak RSS MB | disk MB | wall s | load avg (min/mean/max) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for entry in entries:
        for name in _stores(entry):
            f = entry[name]
            rss = f.get("server_peak_rss_mb", f.get("peak_rss_mb"))
            load = f.get("load_average")
            load_cell = f"{load['min']} / {load['mean']} / {load['max']}" if load else ""
            lines.append(
                f"| {entry['paragraphs']:,} | {entry.get('servers', {}).get(name, name)} | {f.get('build_s')} | "
                f"{f.get('insert_per_s', '')} | {rss} | {f.get('server_disk_mb', '')} | "
                f"{f.get('wall_s', entry.get('wall_s', ''))} | {load_cell} |"
            )
    notes = [f"- {entry['paragraphs']:,}: {note}" for entry in entries for note in entry.get("notes", [])]
    if notes:
        lines += ["", "## Notes", "", *notes]
    (folder / "scale.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def embedding_rate(corpus: Corpus, embedder: Embedder) -> dict[str, Any]:
    texts = [passage_text(p, "", context=False) for p in corpus.paragraphs]
    embedder.encode_passages(texts[:BATCH])
    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(texts), BATCH):
        embedder.encode_passages(texts[start : start + BATCH])
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "passages": len(texts),
        "mean_chars": round(float(np.mean([len(t) for t in texts])), 1),
        "passages_per_s": round(len(texts) / wall, 1),
        "cores_busy": round(cpu / wall, 2),
        "passages_per_s_per_core": round(len(texts) / cpu, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="10,000 paragraphs instead of 100,000")
    parser.add_argument("--paragraphs", type=int, nargs="+", help="scale sizes (default 100,000)")
    parser.add_argument("--questions", type=int, default=SCALE_QUESTIONS, help="questions per size and store")
    parser.add_argument("--uri", help="a running Milvus (default: start milvus-lite on a free loopback port)")
    parser.add_argument(
        "--lite25", type=Path, help="also measure Milvus Lite 2.5: the milvus_lite/lib/milvus program of its wheel"
    )
    parser.add_argument("--skip-lite3", action="store_true", help="no milvus-lite 3.x server (with --lite25)")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-local", action="store_true", help="scale: Milvus only (keeps a size's local figures)")
    parser.add_argument("--skip-embedding", action="store_true", help="keep the embedding figures of the last run")
    parser.add_argument("--skip-agreement", action="store_true", help="keep the agreement figures of the last run")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the results go (default {OUT})")
    parser.add_argument("--save", action="store_true", help=f"also write {TRACKED} and {REPORT}/")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine_cores": os.cpu_count()}
    source = args.out if args.out.exists() else TRACKED
    previous = json.loads(source.read_text(encoding="utf-8")) if source.exists() else {}
    reports = [REPORT] if args.save else []
    reports.append(args.out.parent / "stores-report")
    started: list[MilvusServer] = []
    with tempfile.TemporaryDirectory(dir=PROJECT_ROOT / "var") as tmp:
        try:
            servers: dict[str, tuple[str, MilvusServer | None]] = {}
            if args.uri is not None:
                servers["milvus"] = (args.uri, None)
            elif not args.skip_lite3:
                server = MilvusServer(Path(tmp) / "data", free_port(), Path(tmp) / "server.log")
                server.start()
                started.append(server)
                servers["milvus"] = (server.uri, server)
            if args.lite25 is not None:
                lite = MilvusServer(Path(tmp) / "data25", free_port(), Path(tmp) / "server25.log", binary=args.lite25)
                lite.start()
                started.append(lite)
                servers["milvus_lite_25"] = (lite.uri, lite)
            results["servers"] = {name: _version(uri, server) for name, (uri, server) in servers.items()}
            corpus = load_corpus(PROJECT_ROOT / "corpus")
            embedder = get_embedder()
            if args.skip_embedding and "embedding" in previous:
                results["embedding"] = previous["embedding"]
            else:
                results["embedding"] = embedding_rate(corpus, embedder)
                print(json.dumps(results["embedding"]), flush=True)
            if args.skip_agreement and "agreement" in previous:
                results["agreement"] = previous["agreement"]
            else:
                # Milvus Lite 2.5 has no aliases (UNIMPLEMENTED), which builds switch: agreement on the first only.
                name, (uri, _) = next(iter(servers.items()))
                results["agreement"] = agreement(corpus, embedder, {name: uri})
                print(json.dumps(results["agreement"]["overlap"]), flush=True)
            scales = {  # sizes measured before, per question (entries of the older per-call format are dropped)
                entry["paragraphs"]: entry
                for entry in previous.get("scale", [])
                if isinstance(entry.get("local", {}).get("dense"), dict)
            }
            if not args.skip_scale:
                questions = _scale_questions(args.questions)
                for n in args.paragraphs or [10_000 if args.quick else 100_000]:
                    entry = scale(n, servers, questions=questions, embedder=embedder, with_local=not args.skip_local)
                    entry["servers"] = results["servers"]
                    scales[n] = {
                        **scales.get(n, {}),
                        **entry,
                        "servers": {**scales.get(n, {}).get("servers", {}), **entry["servers"]},
                    }
                    _write(results | {"scale": [scales[k] for k in sorted(scales)]}, args.out, reports)
            results["scale"] = [scales[k] for k in sorted(scales)]
        finally:
            for server in started:
                server.stop()
    written = _write(results, args.out, reports)
    if args.save:
        written.append(_write(results, TRACKED, [])[0])
    print("wrote " + ", ".join(str(p) for p in written))


def _write(results: dict[str, Any], out: Path, reports: list[Path]) -> list[Path]:
    """The figures to ``out``, the agreement and scale reports to each of ``reports``; what was written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for folder in reports:
        if "agreement" in results:
            _write_report(results["agreement"], folder)
        if results.get("scale"):
            _write_scale_report(results["scale"], folder)
    return [out, *reports]


def _version(uri: str, server: MilvusServer | None) -> str:
    """The server's version, or for milvus-lite 3.x (which does not tell) the installed package's."""
    try:
        return str(_connect(MilvusConfig(uri=uri, timeout=30)).get_server_version())
    except StoreUnavailable:
        if server is not None and server.binary is None:
            return f"milvus-lite {importlib.metadata.version('milvus-lite')} (Python)"
        if server is not None and server.binary is not None:  # the unpacked wheel: .../milvus_lite/lib/milvus
            info = sorted(server.binary.parents[2].glob("milvus_lite-*.dist-info"))
            return f"{info[0].name.removesuffix('.dist-info')} (C++ engine)" if info else "milvus-lite 2.5"
        return "unknown"


if __name__ == "__main__":
    main()
