"""A real Milvus process for the store tests: ``milvus-lite server`` on a free loopback port.

It is started once per session with a temporary data folder, and stopped by its PID at the end
(also when a test fails). :class:`MilvusServer` can stop and restart it on the same port and
folder, for the fault tests.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from corpus.loading import Corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.stores.base import IndexStore
from index.stores.local import LocalStore
from index.stores.milvus import MilvusConfig, MilvusStore, build_milvus
from qa.retrieval import Searcher
from qa.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MilvusServer:
    """One ``milvus-lite server`` process; ``stop``/``start`` keep the port and the data folder."""

    def __init__(self, data_dir: Path, port: int, log: Path) -> None:
        self.data_dir = data_dir
        self.port = port
        self.log = log
        self.uri = f"http://127.0.0.1:{port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> None:
        cmd = [sys.executable, "-m", "milvus_lite", "server", "--data-dir", str(self.data_dir)]
        cmd += ["--host", "127.0.0.1", "--port", str(self.port)]
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"milvus-lite exited with {self.proc.returncode}: {self.log.read_text()[-2000:]}")
            if self._answers():
                return
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(
            f"milvus-lite did not answer on {self.uri} within {timeout} s: {self.log.read_text()[-2000:]}"
        )

    def _answers(self) -> bool:
        with socket.socket() as s:
            s.settimeout(0.5)
            if s.connect_ex(("127.0.0.1", self.port)) != 0:
                return False
        from pymilvus import MilvusClient

        try:
            client = MilvusClient(uri=self.uri, timeout=3)
            client.list_collections()
            client.close()
            return True
        except Exception:
            return False

    def stop(self) -> None:
        if self.proc is None:
            return
        pid = self.proc.pid
        if self.proc.poll() is None:
            os.kill(pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.kill(pid, signal.SIGKILL)
                self.proc.wait(timeout=15)
        self.proc = None
        deadline = time.monotonic() + 15  # the port is free again before anyone restarts on it
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.2)


@pytest.fixture(scope="session")
def milvus_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MilvusServer]:
    root = tmp_path_factory.mktemp("milvus")
    server = MilvusServer(root / "data", free_port(), root / "server.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def milvus_config(milvus_server: MilvusServer) -> MilvusConfig:
    return MilvusConfig(uri=milvus_server.uri, collection="test_corpus", index_type="FLAT", timeout=5)


@pytest.fixture(scope="session")
def local_store(corpus: Corpus, embedder: Embedder, index_settings: Settings) -> LocalStore:
    cache = EmbeddingCache(index_settings.cache_path)
    build_index(corpus, embedder, index_settings.index_dir, cache=cache, progress=False)
    cache.close()
    return LocalStore.open(index_settings.index_dir, model=embedder.name, dim=embedder.dim)


@pytest.fixture(scope="session")
def milvus_store(
    corpus: Corpus, embedder: Embedder, index_settings: Settings, milvus_config: MilvusConfig
) -> MilvusStore:
    cache = EmbeddingCache(index_settings.cache_path)
    build_milvus(corpus, embedder, milvus_config, cache=cache, progress=False)
    cache.close()
    return MilvusStore.open(milvus_config, model=embedder.name, dim=embedder.dim)


@pytest.fixture(scope="session", params=["local", "milvus"])
def store(request: pytest.FixtureRequest) -> IndexStore:
    return request.getfixturevalue(f"{request.param}_store")  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def store_searcher(store: IndexStore, embedder: Embedder) -> Searcher:
    return Searcher(store, embedder)
