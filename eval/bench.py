"""Benchmarks measured in one run, reported as ratios to the model's own cost.

So far: warm query latency in-process and over HTTP (uvicorn on loopback), 1 and 8 clients,
beside the cost of encoding one question with the same model; throughput with 8 clients beside
the raw encoding throughput on 8 threads. Build speed, start-up and the 100k/1M scale runs
are not written yet (issue 5/6 stays open).
"""

from __future__ import annotations

import json
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from eval.datasets import load_question_set
from qa.settings import PROJECT_ROOT, Settings

__all__ = ["run_benchmarks"]

LATEST = PROJECT_ROOT / "eval" / "benchmarks" / "latest.json"


def _pcts(samples: list[float]) -> dict[str, float]:
    arr = np.array(samples) * 1000
    return {f"p{p}": round(float(np.percentile(arr, p)), 2) for p in (50, 95, 99)}


def _timed(fn: Callable[[str], object], questions: list[str]) -> list[float]:
    out = []
    for q in questions:
        t = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - t)
    return out


def _throughput(fn: Callable[[str], object], questions: list[str], workers: int) -> float:
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(fn, questions))
    return len(questions) / (time.perf_counter() - t)


def run_benchmarks(*, quick: bool = False, out: Path | None = None) -> dict[str, Any]:
    from api.main import create_app
    from api.server import running_server
    from qa.service import open_searcher

    settings = Settings()
    searcher = open_searcher(settings, progress=True)
    questions = [q.question for q in load_question_set(PROJECT_ROOT / "eval" / "questions" / "dev.jsonl").questions]
    rounds = 1 if quick else 3
    qs = (questions * rounds)[: 60 if quick else len(questions) * rounds]
    embedder = searcher.embedder
    for q in questions[:5]:
        searcher.search(q)

    encode = _timed(lambda q: embedder.encode_queries([q]), qs)
    search = _timed(lambda q: searcher.search(q), qs)

    local = threading.local()
    with running_server(create_app(settings, searcher=searcher)) as base:
        url = f"{base}/ask"

        def http_ask(q: str) -> None:
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = httpx.Client(timeout=60)
            client.post(url, json={"question": q}).raise_for_status()

        http_one = _timed(http_ask, qs)
        http_qps_8 = _throughput(http_ask, qs, 8)
    encode_qps_8 = _throughput(lambda q: embedder.encode_queries([q]), qs, 8)

    enc_p50 = statistics.median(encode)
    http_p50 = statistics.median(http_one)
    figures: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "quick": quick,
        "questions": len(qs),
        "model": embedder.name,
        "paragraphs": searcher.index.manifest.paragraphs,
        "encode_one_question_ms": _pcts(encode),
        "search_in_process_ms": _pcts(search),
        "http_one_client_ms": _pcts(http_one),
        "http_8_clients_qps": round(http_qps_8, 1),
        "encode_8_threads_qps": round(encode_qps_8, 1),
        "ratios": {
            "http_p50_over_encode_p50": round(http_p50 / enc_p50, 2),
            "target_http_p50_over_encode_p50": 1.3,
            "http_8_clients_over_encode_8_threads": round(http_qps_8 / encode_qps_8, 2),
            "target_http_8_clients_over_encode_8_threads": 0.8,
        },
    }
    print(json.dumps(figures, indent=1))
    path = out or LATEST
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    return figures
