"""Issue 19 over real HTTP: slow clients are cut off, bad uploads and bad corpus facts are clear 4xx/503
answers (never a 500), and error messages echo little of the request.

The ``qa serve`` test runs a real server process in a private mount namespace (``unshare --mount``)
where the corpus folder is mounted read-only, as on a read-only deployment.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from api.main import create_app
from api.server import running_server
from corpus.loading import MANIFEST_NAME
from index.embedding import Embedder
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR

DOC = "004_723cbf81696a18db.txt"
DATA = PROJECT_ROOT / "tests" / "corpus" / "data"
HALF_HEADER = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


@pytest.fixture(scope="module", params=["httptools", "h11"])
def server(searcher: Searcher, index_settings: Settings, request: pytest.FixtureRequest) -> Iterator[tuple[str, int]]:
    """The server as ``qa serve`` runs it (httptools), and on uvicorn's pure-Python h11 parser."""
    app = create_app(index_settings, searcher=searcher)
    with running_server(app, header_timeout=1.0, parser=request.param) as url:
        parts = urlsplit(url)
        yield str(parts.hostname), int(parts.port or 80)


def _slow_clients(address: tuple[str, int], count: int) -> list[socket.socket]:
    """``count`` connections: one sends nothing, the others half a request head."""
    socks = []
    for i in range(count):
        s = socket.create_connection(address, timeout=10)
        if i:
            s.sendall(HALF_HEADER)
        socks.append(s)
    return socks


def _closed_within(socks: list[socket.socket], seconds: float) -> list[float]:
    """How long each connection took to be closed by the server (a read of b"" or a reset)."""
    started = time.monotonic()
    times = []
    for s in socks:
        s.settimeout(max(0.1, seconds - (time.monotonic() - started)))
        try:
            data = s.recv(1024)
        except ConnectionResetError:
            data = b""
        except TimeoutError:
            data = b"still open"
        assert data == b"", f"the server answered or kept the connection open: {data[:80]!r}"
        times.append(time.monotonic() - started)
        s.close()
    return times


def test_half_sent_request_heads_are_cut_off_after_the_header_timeout(server: tuple[str, int]) -> None:
    socks = _slow_clients(server, 6)
    with httpx.Client(base_url=f"http://{server[0]}:{server[1]}") as client:  # others are served meanwhile
        assert client.get("/health").status_code == 200
        time.sleep(1.5)
        assert client.get("/health").status_code == 200  # a kept-alive connection between requests is fine
    times = _closed_within(socks, 6.0)
    assert max(times) < 6.0


def test_a_head_that_trickles_in_is_cut_off_too(server: tuple[str, int]) -> None:
    s = socket.create_connection(server, timeout=10)
    started = time.monotonic()
    closed = False
    for byte in HALF_HEADER:  # one byte every 0.2 s: each arrives well within any per-read timeout
        try:
            s.sendall(bytes([byte]))
        except (BrokenPipeError, ConnectionResetError):
            closed = True
            break
        time.sleep(0.2)
        if time.monotonic() - started > 4:
            break
    if not closed:
        _closed_within([s], 3.0)
    assert time.monotonic() - started < 5.0


def test_error_messages_echo_at_most_200_characters(server: tuple[str, int]) -> None:
    base = f"http://{server[0]}:{server[1]}"
    long_ref = "X" * 5000
    r = httpx.get(f"{base}/documents/{long_ref}", timeout=60)
    assert r.status_code == 404
    message = r.json()["error"]
    assert "XXXX" in message and len(message) < 700 and "X" * 201 not in message
    r = httpx.post(f"{base}/ask", json={"question": "执行局", "documents": [long_ref]}, timeout=60)
    assert r.status_code == 404 and "X" * 201 not in r.json()["error"]
    r = httpx.post(f"{base}/ask", json={"question": "执行局", "k" * 3000: 1}, timeout=60)
    assert r.status_code == 422 and "k" * 201 not in r.json()["error"]


# -- a real `qa serve` on a read-only corpus -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def read_only_server(
    tmp_path_factory: pytest.TempPathFactory, index_settings: Settings
) -> Iterator[tuple[str, Path, Path, str]]:
    """``qa serve`` with QA_HEADER_TIMEOUT=1 on a corpus folder mounted read-only; yields (url, corpus,
    temporary folder, what it printed)."""
    root = tmp_path_factory.mktemp("readonly")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS_DIR / DOC, corpus / DOC)
    entry = "[[document]]" + (CORPUS_DIR / MANIFEST_NAME).read_text(encoding="utf-8").split("[[document]]")[-1]
    entry = "\n".join(line for line in entry.splitlines() if not line.startswith("session ="))
    (corpus / MANIFEST_NAME).write_text(entry + "\nsession = 5\n", encoding="utf-8")  # a number, not text
    outside = root / "private.txt"
    outside.write_bytes((DATA / "en_only_report.txt").read_bytes())
    (corpus / "private.txt").symlink_to(outside)  # a link out of the corpus folder
    tmp = root / "tmp"
    tmp.mkdir()
    stale = tmp / f"qa-add-{_dead_pid()}-k1ll3d"  # left by a server killed while reading an upload
    (stale / "upload").mkdir(parents=True)
    port = _free_port()
    env = {
        **os.environ,
        "QA_CORPUS_DIR": str(corpus),
        "QA_INDEX_DIR": str(root / "index"),
        "QA_CACHE_PATH": str(index_settings.cache_path),
        "QA_PARSE_CACHE_DIR": str(root / "parse-cache"),
        "QA_ADMIN_TOKEN": "s3cret-token",
        "QA_HEADER_TIMEOUT": "1",
        "QA_PORT": str(port),
        "TMPDIR": str(tmp),
    }
    script = f'mount --bind "{corpus}" "{corpus}" && mount -o remount,bind,ro "{corpus}" && exec "$@"'
    proc = subprocess.Popen(
        ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", sys.executable, "-m"]
        + ["qa.cli", "serve"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        assert proc.poll() is None, f"qa serve exited with {proc.returncode}"
        yield url, corpus, tmp, ""
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()


def _upload(url: str, name: str, data: bytes) -> httpx.Response:
    return httpx.post(
        f"{url}/documents",
        files={"file": (name, data, "text/plain")},
        headers={"Authorization": "Bearer s3cret-token"},
        timeout=120,
    )


def test_serve_on_a_read_only_corpus(read_only_server: tuple[str, Path, Path, str]) -> None:
    url, corpus, tmp, _ = read_only_server
    before = sorted(p.name for p in corpus.iterdir())
    assert not any(p.name.startswith("qa-add-") for p in tmp.iterdir())  # the stale scratch folder: removed

    r = httpx.get(f"{url}/documents", timeout=60)  # `session = 5` used to fail response validation: 500
    assert r.status_code == 200, r.text
    (doc,) = r.json()  # the link to a file outside the corpus is not served
    assert doc["doc_id"] == DOC.removesuffix(".txt") and doc["session"] == "5"

    data = (DATA / "en_only_report.txt").read_bytes()
    r = _upload(url, "报" * 100 + ".txt", data)  # 304 bytes: ENAMETOOLONG was a 500
    assert r.status_code == 400 and "304 bytes long; the limit is 255" in r.json()["error"]
    assert len(r.json()["error"]) < 400

    r = _upload(url, "report.txt", data)  # EROFS was a 500 with a traceback
    assert r.status_code == 503, r.text
    message = r.json()["error"]
    assert f"cannot write to the corpus folder {corpus}" in message and "read-only" in message
    assert "report.txt" not in message and "Traceback" not in message
    assert sorted(p.name for p in corpus.iterdir()) == before
    assert httpx.get(f"{url}/health", timeout=30).status_code == 200


def test_serve_cuts_off_slow_clients(read_only_server: tuple[str, Path, Path, str]) -> None:
    url, *_ = read_only_server
    parts = urlsplit(url)
    socks = _slow_clients((str(parts.hostname), int(parts.port or 80)), 20)
    assert httpx.get(f"{url}/health", timeout=30).status_code == 200
    times = _closed_within(socks, 8.0)
    assert max(times) < 8.0
    r = httpx.post(f"{url}/ask", json={"question": "执行局", "top_k": 1}, timeout=60)
    assert r.status_code == 200 and json.loads(r.content)["results"]


def test_clip_message_keeps_our_words_and_cuts_the_echo() -> None:
    from api.errors import clip_message

    quoted = clip_message(f"unknown document {'x' * 5000!r}; known documents: a (A/1), b")
    assert quoted.endswith("…' (5,000 characters); known documents: a (A/1), b") and len(quoted) < 300
    bare = clip_message("y" * 3000 + ".txt is over the cap of 5 bytes (setting QA_MAX_UPLOAD_BYTES)")
    assert bare.endswith("… (3,004 characters) is over the cap of 5 bytes (setting QA_MAX_UPLOAD_BYTES)")
    short = "the service's index isn't 'HSP/HA.2/4' here: see \"/docs\""
    assert clip_message(short) == short


def test_delete_of_a_hand_edited_entry_deletes_nothing(tmp_path: Path, embedder: Embedder) -> None:
    """``DELETE /documents`` over real HTTP with ``added.toml`` pointing outside the corpus, or at the
    hand-written manifest without a checksum: a clear 400, every file kept."""
    import hashlib

    from qa.service import build_from_settings

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS_DIR / DOC, folder / DOC)
    (folder / MANIFEST_NAME).write_text("# hand-written\n", encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("1. Someone else's file.\n", encoding="utf-8")
    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    (folder / "added.toml").write_text(
        f'[[document]]\ndoc_id = "out"\nfile = "../outside.txt"\nsha256 = "{digest}"\n\n'
        f'[[document]]\ndoc_id = "man"\nfile = "{MANIFEST_NAME}"\n',
        encoding="utf-8",
    )
    settings = Settings(
        corpus_dir=folder,
        index_dir=tmp_path / "index",
        cache_path=Path(os.environ.get("QA_TEST_CACHE", PROJECT_ROOT / "var" / "test-embedding-cache.sqlite")),
        parse_cache_dir=tmp_path / "parse-cache",
        admin_token="s3cret-token",
    )
    build_from_settings(settings, progress=False)
    app_ = create_app(settings, searcher=Searcher.open(settings, embedder=embedder))
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with running_server(app_) as url:
        auth = {"Authorization": "Bearer s3cret-token"}
        r = httpx.delete(f"{url}/documents/out", headers=auth, timeout=120)
        assert r.status_code == 400 and "not a file directly inside the corpus folder" in r.json()["error"]
        r = httpx.delete(f"{url}/documents/man", headers=auth, timeout=120)
        assert r.status_code == 400 and "not a document the service adds" in r.json()["error"]
        assert httpx.get(f"{url}/health", timeout=30).status_code == 200
    assert outside.read_text(encoding="utf-8") == "1. Someone else's file.\n"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
