"""The bilingual corpus (Chinese documents, an English version of one, an English-only document) indexed once."""

from __future__ import annotations

import pytest

from corpus.loading import Corpus, load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings

BILINGUAL_DIR = PROJECT_ROOT / "eval" / "corpora" / "bilingual"


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
