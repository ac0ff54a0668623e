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
import json
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
from index.stores.milvus import (
    MilvusConfig,
    MilvusStore,
    _Client,
    _create_pair,
    _row,
    _write_bm25_stats,
    _write_vocabulary,
    build_milvus,
)
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


def _query_p50(store: IndexStore, queries: np.ndarray, documents: list[str]) -> dict[str, float]:
    tokens = [[[t] for t in tokenize(q)] for q in SCALE_QUESTIONS]  # one group per token
    dense, lexical, filtered = [], [], []
    for i in range(QUERIES):
        t = time.perf_counter()
        store.dense_search(queries[i % len(queries)], POOL)
        dense.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.lexical_search(tokens[i % len(tokens)], POOL)
        lexical.append(time.perf_counter() - t)
        t = time.perf_counter()
        store.dense_search(queries[i % len(queries)], POOL, documents=documents)
        filtered.append(time.perf_counter() - t)
    return {"dense_p50_ms": _p50(dense), "lexical_p50_ms": _p50(lexical), "dense_filtered_p50_ms": _p50(filtered)}


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
    _create_pair(client, name, vectors.shape[1], index_type)
    batch = 1000
    for start in tqdm(range(0, n, batch), desc=f"milvus insert {index_type}", unit="batch"):
        rows = [_row(p, vectors[start + i], "zh") for i, p in enumerate(paragraphs[start : start + batch])]
        client.insert(name, data=rows)
    # What a build keeps with the manifest: the vocabulary and BM25 statistics.
    frequencies, stats = term_statistics(tokenize(p.text) or ["∅"] for p in paragraphs)
    _write_vocabulary(client, name, frequencies)
    _write_bm25_stats(client, name, stats)
    client.flush(name)
    client.load_collection(name)
    seconds = time.perf_counter() - started
    store = MilvusStore(client, name, _manifest(index_type, n, vectors.shape[1]), [])
    result: dict[str, Any] = {"type": index_type, "insert_s": round(seconds, 1), "insert_per_s": round(n / seconds)}
    result |= _query_p50(store, queries, ["syn00001", "syn00002"])
    client.drop_collection(name)
    client.drop_collection(f"{name}_meta")
    return result


def _connect(config: MilvusConfig, attempts: int = 5) -> _Client:
    """A client, retried: milvus-lite has been seen to drop a new connection (gRPC GOAWAY, too_many_pings)
    right after the local half of the benchmark kept both cores busy."""
    for attempt in range(attempts):
        try:
            return _Client(config)
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


def scale(n: int, uri: str, server: MilvusServer | None) -> dict[str, Any]:
    local = in_child(_local_child, n)
    milvus = _milvus(n, uri, "HNSW")
    milvus["server_peak_rss_mb"] = _server_rss_mb(server)
    ratios = {
        "insert_rate": round(milvus["insert_per_s"] / local["insert_per_s"], 3),
        "dense_p50": round(milvus["dense_p50_ms"] / local["dense_p50_ms"], 1),
        "lexical_p50": round(milvus["lexical_p50_ms"] / local["lexical_p50_ms"], 1),
        "dense_filtered_p50": round(milvus["dense_filtered_p50_ms"] / local["dense_filtered_p50_ms"], 1),
    }
    return {"paragraphs": n, "local": local, "milvus": milvus, "milvus_over_local": ratios}


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


def agreement(corpus: Corpus, embedder: Embedder, uri: str) -> dict[str, Any]:
    path = QUESTIONS / "tune.jsonl" if (QUESTIONS / "tune.jsonl").exists() else QUESTIONS / "dev.jsonl"
    qset = load_question_set(path)
    questions = [q.question for q in qset.questions]
    cache = EmbeddingCache(PROJECT_ROOT / "var" / "test-embedding-cache.sqlite")
    with tempfile.TemporaryDirectory() as tmp:
        build_index(corpus, embedder, Path(tmp) / "index", cache=cache, progress=False)
        local = Searcher(LocalStore.open(Path(tmp) / "index"), embedder)
    config = MilvusConfig(uri=uri, collection="agreement", index_type="FLAT", timeout=60)
    build_milvus(corpus, embedder, config, cache=cache, progress=False)
    cache.close()
    milvus = Searcher(MilvusStore.open(config), embedder)
    native = Searcher(MilvusStore.open(replace(config, lexical_field="text")), embedder)
    modes = ["hybrid", "dense", "bm25"]
    result: dict[str, Any] = {"questions": path.name, "count": len(questions), "overlap": {}, "metrics": {}}
    for name, searcher in (("milvus", milvus), ("milvus_jieba_field", native)):
        result["overlap"][name] = {m: _overlap(local, searcher, questions, m) for m in modes}
    reports = {}
    for name, searcher in (("local", local), ("milvus", milvus), ("milvus_jieba_field", native)):
        reports[name] = evaluate(qset, searcher, modes=modes, progress=False)
        result["metrics"][name] = {m: dict(reports[name].metrics[m]) for m in modes}
    _write_report(result)
    return result


def _write_report(result: dict[str, Any]) -> None:
    REPORT.mkdir(parents=True, exist_ok=True)
    (REPORT / "report.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [
        f"# Local store vs Milvus: {result['count']} questions of {result['questions']}",
        "",
        "`milvus`: BM25 on the `terms` field (the project's tokens, as the local store); "
        "`milvus_jieba_field`: BM25 on the `text` field analysed by Milvus's own jieba tokenizer.",
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
    parser.add_argument("--uri", help="a running Milvus (default: start milvus-lite on a free loopback port)")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-agreement", action="store_true", help="keep the agreement figures of the last run")
    args = parser.parse_args()
    results: dict[str, Any] = {"machine_cores": __import__("os").cpu_count()}
    server = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.uri is None:
            server = MilvusServer(Path(tmp) / "data", free_port(), Path(tmp) / "server.log")
            server.start()
        uri = args.uri or server.uri  # type: ignore[union-attr]
        try:
            corpus = load_corpus(PROJECT_ROOT / "corpus")
            embedder = get_embedder()
            results["embedding"] = embedding_rate(corpus, embedder)
            print(json.dumps(results["embedding"]))
            if args.skip_agreement and OUT.exists():
                results["agreement"] = json.loads(OUT.read_text(encoding="utf-8")).get("agreement")
            else:
                results["agreement"] = agreement(corpus, embedder, uri)
                print(json.dumps(results["agreement"]["overlap"]))
            if not args.skip_scale:
                results["scale"] = scale(10_000 if args.quick else 100_000, uri, server)
                print(json.dumps(results["scale"]))
        finally:
            if server is not None:
                server.stop()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
