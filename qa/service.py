"""Wire the stages together from settings: load the corpus, build the index, open a searcher."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus.loading import Corpus, load_corpus
from corpus.readers.limits import ParseLimits
from index.build import BuildReport, build_index, current_index, wanted_manifest
from index.cache import EmbeddingCache
from index.embedding import get_embedder
from index.folder import MANIFEST, IndexManifest, check_index_target, read_manifest
from index.stores.milvus import AliasWatch, MilvusStore
from qa.crossterms import CrossTerms
from qa.exceptions import IndexCorrupt, IndexWriteError, QAError
from qa.retrieval import Searcher
from qa.settings import Settings

__all__ = [
    "IndexFollower",
    "IndexGeneration",
    "build_from_settings",
    "index_generation",
    "load_settings_corpus",
    "open_searcher",
    "parse_limits",
]

log = logging.getLogger(__name__)


def parse_limits(settings: Settings) -> ParseLimits:
    """The ``QA_PARSE_…`` settings: what reading one document may cost (see :mod:`corpus.sandbox`)."""
    return ParseLimits(
        max_seconds=settings.parse_max_seconds,
        max_memory_mb=settings.parse_max_memory_mb,
        max_inflated_mb=settings.parse_max_inflated_mb,
        max_paragraphs=settings.parse_max_paragraphs,
        max_paragraph_chars=settings.parse_max_paragraph_chars,
    )


def load_settings_corpus(settings: Settings) -> Corpus:
    """The corpus; files not in the parse cache are read in worker processes within :func:`parse_limits`."""
    return load_corpus(
        settings.corpus_dir,
        split_items=settings.split_items,
        cache_dir=settings.parse_cache_dir,
        max_paragraph_chars=settings.max_paragraph_chars,
        limits=parse_limits(settings),
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
    embedder = get_embedder(settings.model, settings.backend, max_query_tokens=settings.max_question_tokens)
    view = CrossTerms.load() if settings.store != "milvus" else None  # the lexical view is local-only
    if not rebuild and settings.store != "milvus":  # build_milvus checks the collection itself
        wanted = wanted_manifest(
            corpus,
            embedder,
            faiss_type=settings.faiss_type,
            context=settings.embed_context,
            windows=settings.windows,
            view=view,
            context_window=settings.context_window,
        )
        current = current_index(target, wanted, verify=verify)
        if current is not None:
            return BuildReport(current, False, 0, 0, time.perf_counter() - started)
    cache = EmbeddingCache(settings.cache_path)
    try:
        if settings.store == "milvus":
            from index.stores.milvus import build_milvus
            from qa.stores import milvus_config

            return build_milvus(
                corpus,
                embedder,
                milvus_config(settings),
                cache=cache,
                context=settings.embed_context,
                rebuild=rebuild,
                progress=progress,
                windows=settings.windows,
                context_window=settings.context_window,
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
            view=view,
            context_window=settings.context_window,
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


# -- following the index another process rebuilds ------------------------------------------


@dataclass(frozen=True)
class IndexGeneration:
    """Which build of the index a searcher serves: ``id`` changes with every committed build."""

    id: str
    built_at: float
    """When the build was made (seconds since the epoch, the manifest's ``created``)."""


def index_generation(manifest: IndexManifest) -> IndexGeneration:
    """The generation of an index: a digest of its whole manifest (corpus, options, file checksums, time)."""
    raw = json.dumps(asdict(manifest), sort_keys=True, ensure_ascii=False)
    return IndexGeneration(hashlib.sha256(raw.encode()).hexdigest()[:16], manifest.created)


FOLLOW_INTERVAL_S = 0.5
"""How often a running service looks at its index folder (one ``stat`` of the manifest)."""
MILVUS_FOLLOW_INTERVAL_S = 1.0
"""How often a service on Milvus looks where the alias points (one alias look-up)."""


class IndexFollower:
    """Keeps a running service on the newest index committed to its folder, by any process.

    ``qa add``, ``qa remove`` and ``qa index`` commit a new index folder in one rename (index/store.py);
    every ``interval`` seconds the follower stats the manifest, and when it is another file it opens a
    searcher on the new index (with the same model) and hands it to ``swap``. The swap is one
    assignment, so questions in flight finish on the old index. An index the service already serves
    (an upload through this process swapped to it) is not loaded twice; one that cannot be opened
    (another model, damaged) is reported in the log and the old one keeps serving.

    A Milvus store is followed by its alias: every :data:`MILVUS_FOLLOW_INTERVAL_S` the follower looks where
    the alias points (through a client of its own), and when another process's build has moved it, it opens
    a searcher on the new generation (the same client) and swaps, so the document list, filters and counts
    are the new generation's.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        current: Callable[[], Searcher | None],
        swap: Callable[[Searcher], None],
        interval: float = FOLLOW_INTERVAL_S,
    ) -> None:
        self.settings = settings
        self.folder = Path(settings.index_dir)
        self._current = current
        self._swap = swap
        self.interval = interval
        self._seen: tuple[int, int, int] | None = None
        self._watch: AliasWatch | None = None
        self._watched = 0.0
        self._milvus_failed = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            st = (self.folder / MANIFEST).stat()
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def _follows(self, searcher: Searcher) -> bool:
        loaded = getattr(searcher.store, "loaded", None)  # the local store's folder; Milvus has none
        return loaded is not None and Path(loaded.path).resolve() == self.folder.resolve()

    def check(self) -> bool:
        """Look once; swap to a newer committed index if there is one. True when it swapped."""
        searcher = self._current()
        if searcher is not None and isinstance(searcher.store, MilvusStore):
            return self._check_milvus(searcher, searcher.store)
        if searcher is None or not self._follows(searcher):
            return False
        stamp = self._stamp()
        if stamp is None or stamp == self._seen:
            return False
        try:
            on_disk = read_manifest(self.folder)
        except QAError:
            return False  # a commit in progress; the next look sees the committed folder
        if on_disk == searcher.index.manifest:
            self._seen = stamp
            return False
        try:
            fresh = Searcher.open(self.settings, embedder=searcher.embedder)
        except QAError as exc:
            log.warning(
                "the index at %s changed but cannot be served (%s); the previous one keeps serving", self.folder, exc
            )
            self._seen = stamp
            return False
        current = self._current()
        if current is not None and current.index.manifest.created > fresh.index.manifest.created:
            return False  # an upload in this process swapped to a newer one meanwhile
        self._swap(fresh)
        self._seen = stamp
        m = fresh.index.manifest
        log.warning(
            "now serving the index built at %s: %d documents, %d paragraphs", _iso(m.created), m.documents, m.paragraphs
        )
        return True

    def _check_milvus(self, searcher: Searcher, store: MilvusStore) -> bool:
        """Look where the alias points (at most every ``MILVUS_FOLLOW_INTERVAL_S``); swap to a searcher on
        the new generation when it moved away from the one ``searcher`` was opened on."""
        now = time.monotonic()
        if now - self._watched < max(self.interval, MILVUS_FOLLOW_INTERVAL_S):
            return False
        self._watched = now
        if self._watch is None or self._watch.config != store.config:
            self._watch = AliasWatch(store.config)
        try:
            live = self._watch.live()
            if live is None or live == store.opened:
                self._milvus_failed = False
                return False
            fresh = Searcher(  # what does not depend on the corpus is the current searcher's
                store.reopen(),
                searcher.embedder,
                translator=searcher.translator,
                weights=searcher.weights,
                relevance=searcher.relevance,
                max_question_chars=self.settings.max_question_chars,
            )
        except QAError as exc:  # Milvus down (the questions say so too), or a generation of another model
            if not self._milvus_failed:
                log.warning(
                    "following the Milvus alias %r failed (%s); serving what was opened", store.config.collection, exc
                )
            self._milvus_failed = True
            return False
        self._milvus_failed = False
        if self._current() is not searcher:
            return False  # an upload in this process swapped meanwhile; the next look compares with that one
        self._swap(fresh)
        m = fresh.index.manifest
        log.warning(
            "now serving Milvus generation %s built at %s: %d documents, %d paragraphs",
            live,
            _iso(m.created),
            m.documents,
            m.paragraphs,
        )
        return True

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.check()
            except Exception:  # the service keeps answering on the index it has
                log.exception("following the index at %s failed", self.folder)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="qa-index-follower", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._watch is not None:
            self._watch.close()


def _iso(when: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))
