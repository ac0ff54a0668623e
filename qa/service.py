"""Wire the stages together from settings: load the corpus, build the index, open a searcher."""

from __future__ import annotations

from pathlib import Path

from corpus.loading import Corpus, load_corpus
from index.build import BuildReport, build_index
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from qa.retrieval import Searcher
from qa.settings import Settings

__all__ = ["build_from_settings", "load_settings_corpus", "open_searcher"]


def load_settings_corpus(settings: Settings) -> Corpus:
    return load_corpus(settings.corpus_dir, split_items=settings.split_items)


def build_from_settings(settings: Settings, *, rebuild: bool = False, progress: bool = True) -> BuildReport:
    """Build or refresh the index the settings point at (only new passages are embedded)."""
    corpus = load_settings_corpus(settings)
    embedder = get_embedder(settings.model, settings.backend)
    cache = EmbeddingCache(settings.cache_path)
    try:
        if settings.store == "milvus":
            from index.stores.factory import milvus_config
            from index.stores.milvus import build_milvus

            return build_milvus(
                corpus,
                embedder,
                milvus_config(settings),
                cache=cache,
                context=settings.embed_context,
                rebuild=rebuild,
                progress=progress,
            )
        return build_index(
            corpus,
            embedder,
            Path(settings.index_dir),
            cache=cache,
            faiss_type=settings.faiss_type,
            context=settings.embed_context,
            rebuild=rebuild,
            progress=progress,
        )
    finally:
        cache.close()


def open_searcher(settings: Settings, *, build_if_missing: bool = True, progress: bool = True) -> Searcher:
    """A searcher on the configured index, built or refreshed first so it matches the corpus and options.

    A refresh with nothing changed only parses the corpus; with ``build_if_missing=False`` the index
    is opened as it is (and :class:`~qa.exceptions.IndexNotBuilt` raised if there is none).
    """
    if build_if_missing:
        build_from_settings(settings, progress=progress)
    return Searcher.open(settings)
