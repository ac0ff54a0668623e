"""Building a corpus into a new generation of collections, and switching the alias to it.

``build_milvus`` writes a NEW set of collections (a *generation*, named ``<collection>_<ms>``), loads
it, then points the alias at it: a failed build leaves the previous generation serving. Old
generations are dropped only beyond the newest :data:`KEEP` (the one just built and the one before):
a server that opened the previous generation keeps answering from it while another process rebuilds,
and follows the alias on its next read once that generation is gone (:class:`MilvusStore`).
"""

from __future__ import annotations

import time

from tqdm.auto import tqdm

from corpus.loading import Corpus
from index.bm25 import term_statistics
from index.build import BuildReport, embed_corpus, lexical_text
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.errors import IndexStateError, StoreUnavailable
from index.folder import FORMAT_VERSION, IndexManifest, document_record
from index.stores.milvus.connection import Client, MilvusConfig
from index.stores.milvus.lexical import LexicalWeights
from index.stores.milvus.schema import (
    BATCH,
    LEXICAL_WEIGHTS,
    ROWS,
    create_generation,
    drop_generation,
    generations,
    insert_batches,
    live_collection,
    meta_name,
    paragraph_row,
    read_meta,
    window_row,
    windows_name,
    write_store_info,
    write_vocabulary,
)
from index.stores.milvus.store import MilvusStore
from index.tokenization import TOKENIZER_VERSION, tokenize
from index.windows import DEFAULT_CONTEXT_WINDOW, DEFAULT_WINDOW

__all__ = ["KEEP", "build_milvus", "prune_generations"]

KEEP = 2
"""Generations kept: the live one and the one before (which a running server may still read)."""


def build_milvus(
    corpus: Corpus,
    embedder: Embedder,
    config: MilvusConfig,
    *,
    cache: EmbeddingCache | None = None,
    context: bool = False,
    rebuild: bool = False,
    progress: bool = True,
    windows: int = DEFAULT_WINDOW,
    context_window: bool = DEFAULT_CONTEXT_WINDOW,
) -> BuildReport:
    """Build the corpus into a new generation and switch the alias to it (or leave an up-to-date one).

    ``windows``: sentences per window (index/windows.py; 0 for none), kept in ``<generation>_windows``
    with, under ``context_window``, each paragraph's contextual window (the same windows as the local index).
    """
    started = time.perf_counter()
    client = Client(config)
    paragraphs = corpus.paragraphs
    index_type = config.index_type.upper()
    wanted = IndexManifest(
        format_version=FORMAT_VERSION,
        model=embedder.name,
        dim=embedder.dim,
        corpus_fingerprint=corpus.fingerprint,
        faiss_type=f"milvus-{index_type}",
        paragraphs=len(paragraphs),
        documents=len(corpus),
        embed_context=context,
        split_items=corpus.split_items,
        windows=windows,
        context_window=context_window,
        tokenizer=TOKENIZER_VERSION,
    )
    live = live_collection(client)
    if live is not None and not rebuild:
        try:
            current, _ = read_meta(client, live)
            if current.fingerprint == wanted.fingerprint and current.model == wanted.model:
                return BuildReport(current, False, 0, 0, time.perf_counter() - started)
        except IndexStateError:
            pass
    if not paragraphs:
        raise IndexStateError("the corpus has no paragraphs to index; see the corpus problems above")

    documents = list(corpus)
    found = embed_corpus(
        corpus,
        embedder,
        windows=windows,
        context=context,
        cache=cache,
        rebuild=rebuild,
        progress=progress,
        context_window=context_window,
    )
    tokens = [tokenize(lexical_text(p), lang=p.lang) or ["∅"] for p in paragraphs]
    frequencies, stats = term_statistics(tokens)
    weights = LexicalWeights(frequencies, stats)
    new = f"{config.collection}_{int(time.time() * 1000)}"
    records = [document_record(d) for d in documents]
    try:
        create_generation(client, new, embedder.dim, index_type, windows=wanted.has_windows)
        store = MilvusStore(client, new, wanted, records)
        bar = tqdm(total=len(paragraphs), desc="inserting into Milvus", unit="para", disable=not progress)
        languages = {d.doc_id: d.info.language for d in documents}
        rows = (
            [
                paragraph_row(
                    p,
                    found.vectors[start + i],
                    languages[p.doc_id],
                    weights.document(tokens[start + i]),
                    tokens=tokens[start + i],
                )
                for i, p in enumerate(paragraphs[start : start + BATCH])
            ]
            for start in range(0, len(paragraphs), BATCH)
        )
        insert_batches(client, new, rows, done=bar.update)
        bar.close()
        if wanted.has_windows:
            owners, numbers = found.windows.owner, found.windows.number
            window_rows = (
                [
                    window_row(paragraphs[int(owners[j])], int(numbers[j]), found.window_vectors[j])
                    for j in range(start, min(start + BATCH, len(owners)))
                ]
                for start in range(0, len(owners), BATCH)
            )
            insert_batches(client, windows_name(new), window_rows)
            client.flush(windows_name(new))
            client.load_collection(windows_name(new))
        store.write_manifest(wanted, records)
        write_vocabulary(client, new, frequencies, stats)
        write_store_info(
            client, new, {"index_type": index_type, "text": "jieba", "terms": LEXICAL_WEIGHTS, "rows": ROWS}
        )
        client.flush(new)
        client.flush(meta_name(new))
        client.load_collection(new)
        read_meta(client, new)  # what was written reads back before anyone is pointed at it
        if live is None:
            client.create_alias(new, config.collection)
        else:
            client.alter_alias(new, config.collection)
    except BaseException:
        try:
            drop_generation(client, new)
        except StoreUnavailable:
            pass
        raise
    prune_generations(client, keep=KEEP)
    seconds = time.perf_counter() - started
    return BuildReport(
        wanted, True, found.embedded, found.cached, seconds, found.windows_embedded, found.windows_cached
    )


def prune_generations(client: Client, *, keep: int = KEEP) -> list[str]:
    """Drop the generations older than the newest ``keep`` (never the live one); returns those dropped."""
    live = live_collection(client)
    old = [g for g in generations(client)[:-keep] if g != live] if keep > 0 else []
    for g in old:
        drop_generation(client, g)
    return old
