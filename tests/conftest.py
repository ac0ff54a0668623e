"""Shared fixtures: the real corpus, the real 4-bit model, a real index built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from corpus.loading import Corpus, load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder, get_embedder
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings

pytest_plugins = ["tests.fixtures.documents", "tests.fixtures.six_languages"]
"""The generated UN PDF/DOCX files (``un_pdfs``, ``un_docx``…) for every test folder."""

CORPUS_DIR = PROJECT_ROOT / "corpus"
OUTPUT = PROJECT_ROOT / "tests" / "output"
BILINGUAL_DIR = PROJECT_ROOT / "eval" / "corpora" / "bilingual"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(CORPUS_DIR)


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return get_embedder()


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a session index; the embedding cache is shared across runs."""
    root = tmp_path_factory.mktemp("qa-index")
    cache = Path(os.environ.get("QA_TEST_CACHE", PROJECT_ROOT / "var" / "test-embedding-cache.sqlite"))
    return Settings(index_dir=root / "index", cache_path=cache)


@pytest.fixture(scope="session")
def searcher(corpus: Corpus, embedder: Embedder, index_settings: Settings) -> Searcher:
    cache = EmbeddingCache(index_settings.cache_path)
    build_index(corpus, embedder, index_settings.index_dir, cache=cache, progress=False)
    cache.close()
    return Searcher.open(index_settings, embedder=embedder)


@pytest.fixture(scope="session")
def bilingual_corpus() -> Corpus:
    return load_corpus(BILINGUAL_DIR)


@pytest.fixture(scope="session")
def bilingual_searcher(
    bilingual_corpus: Corpus, embedder: Embedder, index_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Searcher:
    """A real index of the bilingual corpus; the embedding cache is the one the other tests share."""
    settings = Settings(index_dir=tmp_path_factory.mktemp("bilingual") / "index", cache_path=index_settings.cache_path)
    cache = EmbeddingCache(settings.cache_path)
    build_index(bilingual_corpus, embedder, settings.index_dir, cache=cache, progress=False)
    cache.close()
    return Searcher.open(settings, embedder=embedder)
