"""Question latency while documents are uploaded: p50/p99 of ``POST /ask`` idle and during 20 uploads.

A real ``qa serve`` process (uvicorn, the bundled model) serves a copy of the bundled corpus with
writes on. One client asks the questions of ``eval/questions/dev.jsonl`` in turn, one at a time:

1. ``idle``: ``--idle`` questions with no upload;
2. ``during``: meanwhile another client uploads 20 distinct documents (the English test report
   with its symbol and figures changed, so each is new: read in a parse worker, its paragraphs
   embedded, the index rebuilt and swapped), one after the other; questions are timed until
   the last upload has answered.

Each upload's status and time is kept too. The server runs in its own process, so the
client's threads do not share its interpreter.

Run: ``python -m eval.bench_uploads`` (writes ``var/bench-uploads.json``; ``--save`` writes
``eval/benchmarks/uploads.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx

from qa.settings import PROJECT_ROOT

__all__ = ["bench_uploads", "percentile"]

CORPUS = PROJECT_ROOT / "corpus"
REPORT = PROJECT_ROOT / "tests" / "corpus" / "data" / "en_only_report.txt"
QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "dev.jsonl"
OUT = PROJECT_ROOT / "var" / "bench-uploads.json"
SAVED = PROJECT_ROOT / "eval" / "benchmarks" / "uploads.json"
TOKEN = "bench-uploads-token"


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q / 100
    lo = int(k)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def _summary(seconds: Sequence[float]) -> dict[str, Any]:
    return {
        "questions": len(seconds),
        "p50_ms": round(percentile(seconds, 50) * 1000, 1),
        "p99_ms": round(percentile(seconds, 99) * 1000, 1),
        "max_ms": round(max(seconds, default=0) * 1000, 1),
    }


def _document(i: int) -> bytes:
    text = REPORT.read_text(encoding="utf-8")
    text = text.replace("HSP/EB.2099/7", f"HSP/EB.2099/{100 + i}").replace("4.2 million", f"{4 + i / 10:.1f} million")
    return text.encode("utf-8")


def _questions() -> list[str]:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [str(r["question"]) for r in rows][:40]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(work: Path, port: int) -> subprocess.Popen[bytes]:
    folder = work / "corpus"
    folder.mkdir()
    for path in [*sorted(CORPUS.glob("*.txt")), CORPUS / "documents.toml"]:
        shutil.copy2(path, folder / path.name)
    env = {
        **os.environ,
        "QA_CORPUS_DIR": str(folder),
        "QA_INDEX_DIR": str(work / "index"),
        "QA_PARSE_CACHE_DIR": str(work / "parse-cache"),
        "QA_CACHE_PATH": str(PROJECT_ROOT / "var" / "embedding-cache.sqlite"),
        "QA_ADMIN_TOKEN": TOKEN,
        "QA_MAX_WAITING_UPLOADS": "32",
        "PYTHONPATH": str(PROJECT_ROOT),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "qa.cli", "serve", "--port", str(port)],
        env=env,
        cwd=work,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_ready(url: str, server: subprocess.Popen[bytes], timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"qa serve exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("qa serve did not become healthy")


def _ask_until(client: httpx.Client, questions: list[str], done: Callable[[int], bool]) -> tuple[list[float], int]:
    times: list[float] = []
    errors = 0
    i = 0
    while not done(i):
        started = time.perf_counter()
        r = client.post("/ask", json={"question": questions[i % len(questions)], "top_k": 5})
        times.append(time.perf_counter() - started)
        errors += r.status_code != 200
        i += 1
    return times, errors


def bench_uploads(*, uploads: int = 20, idle: int = 60, out: Callable[[str], None] | None = print) -> dict[str, Any]:
    """Start a server, time questions idle and during ``uploads`` uploads; see the module docstring."""
    questions = _questions()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory(prefix="qa-bench-uploads-") as tmp:
        server = _start_server(Path(tmp), port)
        try:
            _wait_ready(url, server)
            with httpx.Client(base_url=url, timeout=120) as client:
                _ask_until(client, questions, lambda i: i >= 5)  # warm-up
                idle_times, idle_errors = _ask_until(client, questions, lambda i: i >= idle)
                rows: list[dict[str, Any]] = []

                def upload_all() -> None:
                    with httpx.Client(base_url=url, timeout=600) as uploader:
                        for i in range(uploads):
                            started = time.perf_counter()
                            r = uploader.post(
                                "/documents",
                                files={"file": (f"report-{i}.txt", _document(i))},
                                headers={"Authorization": f"Bearer {TOKEN}"},
                            )
                            rows.append({"status": r.status_code, "seconds": round(time.perf_counter() - started, 3)})

                thread = threading.Thread(target=upload_all)
                started = time.perf_counter()
                thread.start()
                during_times, during_errors = _ask_until(client, questions, lambda i: not thread.is_alive())
                uploads_s = time.perf_counter() - started
                thread.join()
                documents = client.get("/health").json()["documents"]
        finally:
            server.terminate()
            server.wait(timeout=60)
    upload_seconds = [r["seconds"] for r in rows]
    figures = {
        "uploads": uploads,
        "uploads_ok": sum(1 for r in rows if r["status"] == 201),
        "upload_p50_s": round(statistics.median(upload_seconds), 3) if upload_seconds else None,
        "uploads_total_s": round(uploads_s, 2),
        "documents_after": documents,
        "idle": {**_summary(idle_times), "errors": idle_errors},
        "during_uploads": {**_summary(during_times), "errors": during_errors},
        "machine": {"cpus": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 1)},
        "upload_rows": rows,
    }
    if out is not None:
        i, d = figures["idle"], figures["during_uploads"]
        out(f"idle:           {i['questions']} questions  p50 {i['p50_ms']:.0f} ms  p99 {i['p99_ms']:.0f} ms")
        out(f"during uploads: {d['questions']} questions  p50 {d['p50_ms']:.0f} ms  p99 {d['p99_ms']:.0f} ms")
        out(
            f"{figures['uploads_ok']}/{uploads} uploads added in {uploads_s:.1f} s "
            f"(median {figures['upload_p50_s']} s each); errors: {i['errors']} idle, {d['errors']} during"
        )
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20, help="documents to upload (default 20)")
    parser.add_argument("--idle", type=int, default=60, help="questions timed with no upload (default 60)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the JSON figures (default {OUT})")
    parser.add_argument("--save", action="store_true", help=f"write the figures to {SAVED} instead")
    args = parser.parse_args(argv)
    figures = bench_uploads(uploads=args.uploads, idle=args.idle)
    target = SAVED if args.save else args.out
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(figures, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written to {target}")


if __name__ == "__main__":  # pragma: no cover
    main()
