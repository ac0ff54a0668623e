"""The local store (FAISS + bm25s) against Milvus (a ``milvus-lite server`` process, or ``--uri``).

* scale: insert rate (paragraphs/s until searchable) and query p50 of each side at 100,000
  synthetic paragraphs (vectors from :mod:`eval.scale`, Chinese text recombined from the corpus's
  sentences), as ratios to the local store;
* agreement: the dev questions on both stores built from the real corpus: top-10 overlap per mode
  and the metrics of each (``eval/results/stores/``);
* embedding: the model's passages/s per CPU core on the corpus (what feeds any store).

    python -m eval.bench_stores [--quick] [--uri http://host:19530] [--skip-scale]

``--quick`` uses 10,000 paragraphs. Results go to ``eval/benchmarks/stores.json``.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import re
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from corpus.loading import Corpus, load_corpus
from corpus.models import Paragraph
from eval.datasets import load_question_set
from eval.runner import evaluate
from eval.scale import _vectors, in_child, peak_rss_mb
from index.bm25 import term_statistics
from index.build import BATCH, build_index, passage_text
from index.cache import EmbeddingCache
from index.embedding import Embedder, get_embedder
from index.stores.base import IndexStore
from index.stores.local import LocalStore
from index.stores.milvus import Client, LexicalWeights, MilvusConfig, MilvusStore, build_milvus
from index.stores.milvus.lexical import MAX_CHOICES
from index.stores.milvus.schema import create_generation, drop_generation, paragraph_row, write_vocabulary
from index.stores.server import MilvusServer, free_port
from index.tokenization import tokenize
from qa.exceptions import StoreUnavailable
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT

__all__ = ["agreement", "embedding_rate", "scale"]

OUT = PROJECT_ROOT / "eval" / "benchmarks" / "stores.json"
REPORT = PROJECT_ROOT / "eval" / "results" / "stores"
QUESTIONS = PROJECT_ROOT / "eval" / "questions"
QUERIES = 100
POOL = 100
SYNONYM_QUESTIONS = [[["城市"], ["废物", "垃圾", "废弃物"], ["管理", "治理"]], [["自愿"], ["捐款", "捐助", "资金"]]]
"""Questions with one English word's alternatives (asked as one vector per choice on Milvus)."""
SCALE_QUESTIONS = ["人居署 2018 年的赤字", "城乡联系电子学习课程", "执行局 利益攸关方参与政策", "第 26/2 号决议 基金"]


def _p50(samples: list[float]) -> float:
    return round(float(np.percentile(np.array(samples) * 1000, 50)), 2)


def _synthetic(n: int) -> tuple[list[Paragraph], np.ndarray, np.ndarray]:
    corpus = load_corpus(PROJECT_ROOT / "corpus")
    pool = [s for p in corpus.paragraphs for s in re.split(r"(?<=[。；])", p.text) if len(s) > 8]
    rng = np.random.default_rng(1)
    paragraphs = []
    for i in range(n):
        text = "".join(pool[j] for j in rng.integers(0, len(pool), int(rng.integers(2, 6))))
        doc = f"syn{i // 100:05d}"
        paragraphs.append(Paragraph(doc, None, str(i % 100 + 1), "", text, "", "", "", (0, 0), i % 100))
    vectors, queries = _vectors(n)
    return paragraphs, vectors, queries


class _ByteCounter:
    """Bytes of the gRPC messages (serialised protobuf, without HTTP/2 framing) a client sends and
    receives, counted by an interceptor put in front of pymilvus's channel while the block runs."""

    def __init__(self, client: Client) -> None:
        import grpc

        self.handler = client.client._get_connection()
        self.sent = self.received = 0
        counter = self

        class Interceptor(grpc.UnaryUnaryClientInterceptor):
            def intercept_unary_unary(self, continuation: Any, details: Any, request: Any) -> Any:
                counter.sent += request.ByteSize()
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

    def take(self) -> int:
        """Bytes both ways since the last call."""
        moved = self.sent + self.received
        self.sent = self.received = 0
        return moved


def _query_p50(
    store: IndexStore, queries: np.ndarray, documents: list[str], counter: _ByteCounter | None = None
) -> dict[str, float]:
    """p50 latency of each kind of search (``POOL`` hits each) and, for Milvus, the bytes one moves."""
    groups = [[[t] for t in tokenize(q)] for q in SCALE_QUESTIONS]  # one group per token
    groups += SYNONYM_QUESTIONS
    dense: list[float] = []
    lexical: list[float] = []
    filtered: list[float] = []
    moved: dict[str, list[int]] = {"dense": [], "lexical": [], "dense_filtered": []}

    def timed(kind: str, samples: list[float], search: Any) -> None:
        if counter is not None:
            counter.take()
        t = time.perf_counter()
        search()
        samples.append(time.perf_counter() - t)
        if counter is not None:
            moved[kind].append(counter.take())

    for i in range(QUERIES):
        vector, words = queries[i % len(queries)], groups[i % len(groups)]
        timed("dense", dense, lambda v=vector: store.dense_search(v, POOL))
        timed("lexical", lexical, lambda w=words: store.lexical_search(w, POOL))
        timed("dense_filtered", filtered, lambda v=vector: store.dense_search(v, POOL, documents=documents))
    result: dict[str, float] = {
        "dense_p50_ms": _p50(dense),
        "lexical_p50_ms": _p50(lexical),
        "lexical_p99_ms": round(float(np.percentile(np.array(lexical) * 1000, 99)), 2),
        "dense_filtered_p50_ms": _p50(filtered),
    }
    for kind, sizes in moved.items():  # the local store moves nothing: it searches in its own memory
        result[f"{kind}_bytes_per_search"] = round(float(np.mean(sizes))) if sizes else 0
        result[f"{kind}_bytes_p50"] = round(float(np.median(sizes))) if sizes else 0
    return result


def _local_child(n: int, out: Any) -> None:
    from index.dense import DenseIndex
    from index.folder import FORMAT_VERSION, IndexManifest, LoadedIndex
    from index.lexical import LexicalIndex

    paragraphs, vectors, queries = _synthetic(n)
    started = time.perf_counter()
    dense = DenseIndex.build(vectors, "auto")
    lexical = LexicalIndex.build([p.text for p in paragraphs])
    seconds = time.perf_counter() - started
    manifest = IndexManifest(FORMAT_VERSION, "synthetic", vectors.shape[1], "", dense.kind, n, n // 100, False, False)
    store = LocalStore(LoadedIndex(manifest, [], paragraphs, dense, lexical, Path(".")))
    result = {"type": dense.kind, "insert_s": round(seconds, 1), "insert_per_s": round(n / seconds)}
    result |= _query_p50(store, queries, ["syn00001", "syn00002"])
    out.put(result | {"peak_rss_mb": peak_rss_mb()})


def _milvus(n: int, uri: str, index_type: str) -> dict[str, Any]:
    paragraphs, vectors, queries = _synthetic(n)
    config = MilvusConfig(uri=uri, collection="bench", index_type=index_type, timeout=600)
    client = _connect(config)
    name = f"bench_{int(time.time())}"
    started = time.perf_counter()
    # What a build does: the vocabulary and BM25 statistics first, then each paragraph's weights.
    tokens = [tokenize(p.text) or ["∅"] for p in paragraphs]
    frequencies, stats = term_statistics(tokens)
    weights = LexicalWeights(frequencies, stats)
    create_generation(client, name, vectors.shape[1], index_type)
    batch = 1000
    for start in tqdm(range(0, n, batch), desc=f"milvus insert {index_type}", unit="batch"):
        rows = [
            paragraph_row(p, vectors[start + i], "zh", weights.document(tokens[start + i]), tokens=tokens[start + i])
            for i, p in enumerate(paragraphs[start : start + batch])
        ]
        client.insert(name, data=rows)
    write_vocabulary(client, name, frequencies, stats)
    client.flush(name)
    client.load_collection(name)
    seconds = time.perf_counter() - started
    store = MilvusStore(client, name, _manifest(index_type, n, vectors.shape[1]), [])
    result: dict[str, Any] = {"type": index_type, "insert_s": round(seconds, 1), "insert_per_s": round(n / seconds)}
    with _ByteCounter(client) as counter:
        result |= _query_p50(store, queries, ["syn00001", "syn00002"], counter)
    drop_generation(client, name)
    return result


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


def _manifest(index_type: str, n: int, dim: int) -> Any:
    from index.folder import FORMAT_VERSION, IndexManifest

    return IndexManifest(FORMAT_VERSION, "synthetic", dim, "", f"milvus-{index_type}", n, n // 100, False, False)


def _server_rss_mb(server: MilvusServer | None) -> float | None:
    if server is None or server.proc is None:
        return None
    for line in Path(f"/proc/{server.proc.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def scale(n: int, servers: dict[str, tuple[str, MilvusServer | None]]) -> dict[str, Any]:
    """The local store and each Milvus (``name → (uri, server process or None)``) at ``n`` paragraphs."""
    local = in_child(_local_child, n)
    result: dict[str, Any] = {"paragraphs": n, "local": local}
    for name, (uri, server) in servers.items():
        # Milvus Lite 2.5 ("local mode") builds only FLAT, IVF_FLAT and AUTOINDEX.
        milvus = _milvus(n, uri, "AUTOINDEX" if server is not None and server.binary is not None else "HNSW")
        milvus["server_peak_rss_mb"] = _server_rss_mb(server)
        result[name] = milvus
        result[f"{name}_over_local"] = {
            "insert_rate": round(milvus["insert_per_s"] / local["insert_per_s"], 3),
            "dense_p50": round(milvus["dense_p50_ms"] / local["dense_p50_ms"], 1),
            "lexical_p50": round(milvus["lexical_p50_ms"] / local["lexical_p50_ms"], 1),
            "dense_filtered_p50": round(milvus["dense_filtered_p50_ms"] / local["dense_filtered_p50_ms"], 1),
        }
        print(json.dumps({"paragraphs": n, name: milvus}), flush=True)
    return result


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
    _write_report(result)
    return result


def _pruned(searcher: Searcher, questions: list[str]) -> int:
    """Questions whose choices of alternatives were more than MAX_CHOICES (some left out)."""
    store = searcher.store
    assert isinstance(store, MilvusStore)
    weights = store.lexical_weights()
    return sum(weights.query([g.alternatives for g in searcher.analyse(q).groups]).pruned for q in questions)


def _write_report(result: dict[str, Any]) -> None:
    REPORT.mkdir(parents=True, exist_ok=True)
    (REPORT / "report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [
        f"# Local store vs Milvus: {result['count']} questions of {result['questions']}",
        "",
        "`milvus`: BM25 as sparse vectors of our weights (the project's tokens, as the local store; Milvus "
        "ranks, nothing is re-scored); `milvus_lite_25`: the same on Milvus Lite 2.5; `milvus_jieba_field`: "
        "Milvus's own BM25 on the `text` field analysed by its jieba tokenizer.",
        "",
        f"Questions with more than {MAX_CHOICES} choices of alternatives (some left out): "
        f"{result.get('pruned_questions', 0)} of {result['count']}.",
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
    (REPORT / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


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
    parser.add_argument("--uri", help="a running Milvus (default: start milvus-lite on a free loopback port)")
    parser.add_argument(
        "--lite25", type=Path, help="also measure Milvus Lite 2.5: the milvus_lite/lib/milvus program of its wheel"
    )
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-embedding", action="store_true", help="keep the embedding figures of the last run")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where the results go (default {OUT})")
    parser.add_argument("--skip-agreement", action="store_true", help="keep the agreement figures of the last run")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine_cores": os.cpu_count()}
    previous = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else {}
    started: list[MilvusServer] = []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            servers: dict[str, tuple[str, MilvusServer | None]] = {}
            if args.uri is not None:
                servers["milvus"] = (args.uri, None)
            else:
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
            if args.skip_scale:
                if "scale" in previous:
                    results["scale"] = previous["scale"]
            else:
                sizes = args.paragraphs or [10_000 if args.quick else 100_000]
                results["scale"] = [scale(n, servers) for n in sizes]
        finally:
            for server in started:
                server.stop()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {args.out}")


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
