"""Build or refresh the index of a corpus, embedding only what the cache does not hold."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from corpus.loading import Corpus
from corpus.models import Paragraph
from index.cache import EmbeddingCache
from index.dense import DenseIndex, choose_type
from index.embedding import Embedder
from index.errors import IndexStateError
from index.folder import (
    FORMAT_VERSION,
    IndexManifest,
    build_lock,
    check_index_target,
    clean_stale_temp,
    read_manifest,
    verify_files,
    write_index,
)
from index.lexical import LexicalIndex
from index.passages import ViewTerms, lexical_text, passage_text, view_tokens
from index.tokenization import TOKENIZER_VERSION
from index.windows import DEFAULT_CONTEXT_WINDOW, DEFAULT_WINDOW, WindowIndex, WindowPlan, plan_windows

__all__ = [
    "BuildReport",
    "build_index",
    "build_lexical",
    "build_window_index",
    "current_index",
    "EmbeddedCorpus",
    "embed_corpus",
    "embed_passage_groups",
    "embed_passages",
    "lexical_text",
    "passage_text",
    "wanted_manifest",
]

BATCH = 16


@dataclass(frozen=True)
class BuildReport:
    manifest: IndexManifest
    rebuilt: bool
    """False when the index was already up to date."""
    embedded: int
    """Passages the model encoded (the rest came from the cache)."""
    cached: int
    seconds: float
    windows_embedded: int = 0
    """Sentence windows the model encoded (``embedded`` and ``cached`` count paragraphs)."""
    windows_cached: int = 0


def embed_passages(
    embedder: Embedder,
    texts: list[str],
    *,
    cache: EmbeddingCache | None = None,
    store: EmbeddingCache | None = None,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int, int]:
    """Vectors for ``texts``: looked up in ``cache``, the rest encoded in batches (and saved to ``store``).

    Returns the vectors, how many were encoded, and how many came from the cache.
    """
    return embed_passage_groups(embedder, [texts], cache=cache, store=store, progress=progress, on_batch=on_batch)[0]


def embed_passage_groups(
    embedder: Embedder,
    groups: list[list[str]],
    *,
    cache: EmbeddingCache | None = None,
    store: EmbeddingCache | None = None,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
    desc: str = "embedding paragraphs",
) -> list[tuple[np.ndarray, int, int]]:
    """:func:`embed_passages` for several lists of texts (paragraphs, windows) under one progress bar.

    A text that occurs more than once (a one-window paragraph's own window beside its paragraph) is
    encoded once; its other occurrences count as cached.
    """
    found = [cache.get_many(embedder.name, texts) if cache is not None else {} for texts in groups]
    missing = [[i for i in range(len(texts)) if i not in hits] for texts, hits in zip(groups, found, strict=True)]
    total = len({texts[i] for texts, todo in zip(groups, missing, strict=True) for i in todo})
    bar = tqdm(total=total, desc=desc, unit="passage", disable=not progress or not total)
    encoded_here: dict[str, np.ndarray] = {}
    out: list[tuple[np.ndarray, int, int]] = []
    for texts, hits, todo in zip(groups, found, missing, strict=True):
        vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
        for i, vec in hits.items():
            vectors[i] = vec
        fresh = list(dict.fromkeys(texts[i] for i in todo if texts[i] not in encoded_here))
        for start in range(0, len(fresh), BATCH):
            batch = fresh[start : start + BATCH]
            encoded = embedder.encode_passages(batch)
            encoded_here.update(zip(batch, encoded, strict=True))
            if store is not None:
                store.put_many(embedder.name, batch, encoded)
            bar.update(len(batch))
            if on_batch is not None:
                on_batch(len(batch))
        for i in todo:
            vectors[i] = encoded_here[texts[i]]
        out.append((vectors, len(fresh), len(texts) - len(fresh)))
    bar.close()
    return out


@dataclass(frozen=True)
class EmbeddedCorpus:
    """A corpus's paragraph vectors and sentence-window vectors, and what the model encoded for them."""

    vectors: np.ndarray
    windows: WindowPlan
    window_vectors: np.ndarray
    embedded: int
    cached: int
    windows_embedded: int
    windows_cached: int


def embed_corpus(
    corpus: Corpus,
    embedder: Embedder,
    *,
    windows: int,
    context: bool,
    cache: EmbeddingCache | None,
    rebuild: bool,
    progress: bool,
    on_batch: Callable[[int], None] | None = None,
    context_window: bool = DEFAULT_CONTEXT_WINDOW,
) -> EmbeddedCorpus:
    """Every paragraph and its windows (sentence windows, and with ``context_window`` the contextual
    passage: :func:`index.windows.plan_windows`), through the embedding cache (read unless ``rebuild``)."""
    paragraphs = corpus.paragraphs
    titles = {d.doc_id: d.info.title for d in corpus}
    texts = [passage_text(p, titles[p.doc_id], context=context) for p in paragraphs]
    plan = plan_windows(paragraphs, titles, size=windows, context=context, context_window=context_window)
    (vectors, embedded, cached), (window_vectors, w_embedded, w_cached) = embed_passage_groups(
        embedder,
        [texts, plan.texts],
        cache=None if rebuild else cache,
        store=cache,
        progress=progress,
        on_batch=on_batch,
        desc="embedding paragraphs and windows" if windows or context_window else "embedding paragraphs",
    )
    return EmbeddedCorpus(vectors, plan, window_vectors, embedded, cached, w_embedded, w_cached)


def wanted_manifest(
    corpus: Corpus,
    embedder: Embedder,
    *,
    faiss_type: str = "auto",
    context: bool = False,
    windows: int = DEFAULT_WINDOW,
    view: ViewTerms | None = None,
    context_window: bool = DEFAULT_CONTEXT_WINDOW,
) -> IndexManifest:
    """The manifest an index of ``corpus`` made with these options would have (without its file checksums)."""
    paragraphs = corpus.paragraphs
    return IndexManifest(
        format_version=FORMAT_VERSION,
        model=embedder.name,
        dim=embedder.dim,
        corpus_fingerprint=corpus.fingerprint,
        faiss_type=choose_type(faiss_type, len(paragraphs)),
        paragraphs=len(paragraphs),
        documents=len(corpus),
        embed_context=context,
        split_items=corpus.split_items,
        windows=windows,
        view=view.id if view is not None else "",
        context_window=context_window,
        tokenizer=TOKENIZER_VERSION,
    )


def current_index(target: Path, wanted: IndexManifest, *, verify: bool = True) -> IndexManifest | None:
    """The manifest at ``target`` if that index already is ``wanted``, else ``None``.

    With ``verify`` the file checksums recorded in the manifest are checked too, so a damaged
    index is never reported as up to date.
    """
    try:
        current = read_manifest(target)
        if current.fingerprint != wanted.fingerprint or current.model != wanted.model:
            return None
        if verify:
            verify_files(target, current)
    except IndexStateError:
        return None
    return current


def build_index(
    corpus: Corpus,
    embedder: Embedder,
    target: Path,
    *,
    cache: EmbeddingCache | None = None,
    faiss_type: str = "auto",
    context: bool = False,
    rebuild: bool = False,
    progress: bool = True,
    on_batch: Callable[[int], None] | None = None,
    verify: bool = True,
    windows: int = DEFAULT_WINDOW,
    view: ViewTerms | None = None,
    context_window: bool = DEFAULT_CONTEXT_WINDOW,
) -> BuildReport:
    """Build ``target`` from ``corpus``, or leave it as it is if nothing changed.

    ``target`` must be missing, empty or an index of this service (:class:`UnsafeIndexPath`
    otherwise). Builds of one folder are serialized by a lock file; a second build waits and
    then finds the first one's index. A damaged index (``verify``: file checksums) is rebuilt,
    taking the vectors from ``cache``. ``windows``: sentences per window (:mod:`index.windows`;
    0 for none), embedded with the paragraphs under the same progress bar. ``view``: how each
    paragraph's terms are written in the other language, for the lexical view (``None``: no view).
    ``context_window``: each paragraph's contextual passage is one more window (:mod:`index.windows`).
    """
    started = time.perf_counter()
    target = check_index_target(target)
    paragraphs = corpus.paragraphs
    wanted = wanted_manifest(
        corpus,
        embedder,
        faiss_type=faiss_type,
        context=context,
        windows=windows,
        view=view,
        context_window=context_window,
    )
    with build_lock(target):
        clean_stale_temp(target)
        if not rebuild:
            current = current_index(target, wanted, verify=verify)
            if current is not None:
                return BuildReport(current, False, 0, 0, time.perf_counter() - started)
        if not paragraphs:
            raise IndexStateError("the corpus has no paragraphs to index; see the corpus problems above")

        found = embed_corpus(
            corpus,
            embedder,
            windows=windows,
            context=context,
            cache=cache,
            rebuild=rebuild,
            progress=progress,
            on_batch=on_batch,
            context_window=context_window,
        )

        dense = DenseIndex.build(found.vectors, wanted.faiss_type)
        window_index = build_window_index(
            found.window_vectors, found.windows.owner, kind=wanted.faiss_type, paragraphs=len(paragraphs)
        )
        lexical = build_lexical(paragraphs, view=view)
        manifest = write_index(
            target,
            manifest=wanted,
            documents=list(corpus),
            paragraphs=paragraphs,
            dense=dense,
            lexical=lexical,
            windows=window_index if wanted.has_windows else None,
        )
    seconds = time.perf_counter() - started
    return BuildReport(
        manifest, True, found.embedded, found.cached, seconds, found.windows_embedded, found.windows_cached
    )


def build_window_index(vectors: np.ndarray, owner: np.ndarray, *, kind: str, paragraphs: int) -> WindowIndex:
    """The FAISS index of the window vectors, of the paragraph index's type (flat when there are none)."""
    return WindowIndex(DenseIndex.build(vectors, kind if len(vectors) else "flat"), owner, paragraphs=paragraphs)


def build_lexical(paragraphs: Sequence[Paragraph], *, view: ViewTerms | None = None) -> LexicalIndex:
    """The BM25 index of the paragraphs (each analysed as its language) and, with ``view``, its
    lexical view: a second BM25 index, row for row, over each paragraph's terms in the other language."""
    lexical = LexicalIndex.build([lexical_text(p) for p in paragraphs], languages=[p.lang for p in paragraphs])
    if view is not None:
        lexical.view = LexicalIndex.from_tokens([view_tokens(p, view) or ["∅"] for p in paragraphs])
    return lexical
