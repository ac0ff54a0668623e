"""A real Milvus process for the store tests: ``milvus-lite server`` on a free loopback port.

It is started once per session with a temporary data folder, and stopped by its PID at the end
(also when a test fails). :class:`~index.stores.server.MilvusServer` can stop and restart it on
the same port and folder, for the fault tests.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corpus.loading import Corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.stores.base import IndexStore
from index.stores.local import LocalStore
from index.stores.milvus import MilvusConfig, MilvusStore, build_milvus
from index.stores.server import MilvusServer, free_port
from qa.retrieval import Searcher
from qa.settings import Settings


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
