"""Wire the stages together from settings: load the corpus, build the index, open a searcher."""

from __future__ import annotations

import logging
import time

from corpus.loading import Corpus, load_corpus
from index.build import BuildReport, build_index, current_index, wanted_manifest
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from index.store import check_index_target
from qa.exceptions import IndexCorrupt, IndexWriteError, QAError
from qa.retrieval import Searcher
from qa.settings import Settings

__all__ = ["build_from_settings", "load_settings_corpus", "open_searcher"]

log = logging.getLogger(__name__)


def load_settings_corpus(settings: Settings) -> Corpus:
    return load_corpus(
        settings.corpus_dir,
        split_items=settings.split_items,
        cache_dir=settings.parse_cache_dir,
        max_paragraph_chars=settings.max_paragraph_chars,
    )


def build_from_settings(
    settings: Settings, *, rebuild: bool = False, progress: bool = True, verify: bool = True
) -> BuildReport:
    """Build or refresh the index the settings point at (only new passages are embedded).

    The index path is checked first (:class:`~qa.exceptions.UnsafeIndexPath` before anything is
    loaded). An index that is already up to date is left alone without taking the build lock or
    opening the embedding cache, so a read-only deployment can still start. With ``verify`` the
    file checksums count in "up to date": a damaged index is rebuilt from the embedding cache.
    """
    started = time.perf_counter()
    target = check_index_target(settings.index_dir)
    corpus = load_settings_corpus(settings)
    embedder = get_embedder(settings.model, settings.backend)
    if not rebuild and settings.store != "milvus":  # build_milvus checks the collection itself
        wanted = wanted_manifest(
            corpus, embedder, faiss_type=settings.faiss_type, context=settings.embed_context, windows=settings.windows
        )
        current = current_index(target, wanted, verify=verify)
        if current is not None:
            return BuildReport(current, False, 0, 0, time.perf_counter() - started)
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
                windows=settings.windows,
            )
        return build_index(
            corpus,
            embedder,
            target,
            cache=cache,
            faiss_type=settings.faiss_type,
            context=settings.embed_context,
            rebuild=rebuild,
            progress=progress,
            verify=verify,
            windows=settings.windows,
        )
    finally:
        cache.close()


def open_searcher(settings: Settings, *, build_if_missing: bool = True, progress: bool = True) -> Searcher:
    """A searcher on the configured index, built or refreshed first so it matches the corpus and options.

    A refresh with nothing changed only parses the corpus (the load checks every file's checksum;
    a damaged index is then rebuilt from the embedding cache). If the disk refuses the refresh
    (:class:`~qa.exceptions.IndexWriteError`) the existing index keeps serving, with a warning.
    With ``build_if_missing=False`` the index is opened as it is (and
    :class:`~qa.exceptions.IndexNotBuilt` raised if there is none).
    """
    if not build_if_missing:
        return Searcher.open(settings)
    try:
        build_from_settings(settings, progress=progress, verify=False)  # the load below verifies the files
    except IndexWriteError as exc:
        try:
            searcher = Searcher.open(settings)
        except QAError:
            raise exc from None
        log.warning("%s; serving the existing index at %s as it is", exc, settings.index_dir)
        return searcher
    try:
        return Searcher.open(settings)
    except IndexCorrupt as exc:
        log.warning("%s; repairing it from the embedding cache", exc)
        build_from_settings(settings, progress=progress, verify=True)
        return Searcher.open(settings)
