"""Build or refresh the index of a corpus, embedding only what the cache does not hold."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from corpus.loading import Corpus
from corpus.models import Paragraph
from index.cache import EmbeddingCache
from index.dense import DenseIndex, choose_type
from index.embedding import Embedder
from index.lexical import LexicalIndex
from index.store import FORMAT_VERSION, IndexManifest, read_manifest, write_index
from qa.exceptions import IndexStateError

__all__ = ["BuildReport", "build_index", "embed_passages", "lexical_text", "passage_text"]

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


def passage_text(p: Paragraph, title: str, *, context: bool) -> str:
    """What the model embeds for a paragraph: the text, or title and section, then text."""
    if not context:
        return p.text
    head = " > ".join(x for x in (title, p.section) if x)
    return f"{head}\n{p.text}" if head else p.text


def lexical_text(p: Paragraph) -> str:
    """What BM25 indexes: the section headings (they name resolutions and symbols) and the text."""
    return f"{p.section}\n{p.text}" if p.section else p.text


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
    vectors = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    found = cache.get_many(embedder.name, texts) if cache is not None else {}
    for i, vec in found.items():
        vectors[i] = vec
    missing = [i for i in range(len(texts)) if i not in found]
    bar = tqdm(total=len(missing), desc="embedding paragraphs", unit="para", disable=not progress or not missing)
    for start in range(0, len(missing), BATCH):
        ids = missing[start : start + BATCH]
        batch = [texts[i] for i in ids]
        encoded = embedder.encode_passages(batch)
        vectors[ids] = encoded
        if store is not None:
            store.put_many(embedder.name, batch, encoded)
        bar.update(len(ids))
        if on_batch is not None:
            on_batch(len(ids))
    bar.close()
    return vectors, len(missing), len(found)


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
) -> BuildReport:
    """Build ``target`` from ``corpus``, or leave it as it is if nothing changed."""
    started = time.perf_counter()
    paragraphs = corpus.paragraphs
    kind = choose_type(faiss_type, len(paragraphs))
    wanted = IndexManifest(
        format_version=FORMAT_VERSION,
        model=embedder.name,
        dim=embedder.dim,
        corpus_fingerprint=corpus.fingerprint,
        faiss_type=kind,
        paragraphs=len(paragraphs),
        documents=len(corpus),
        embed_context=context,
        split_items=corpus.split_items,
    )
    if not rebuild:
        try:
            current = read_manifest(target)
            if current.fingerprint == wanted.fingerprint and current.model == wanted.model:
                return BuildReport(current, False, 0, 0, time.perf_counter() - started)
        except IndexStateError:
            pass
    if not paragraphs:
        raise IndexStateError("the corpus has no paragraphs to index; see the corpus problems above")

    titles = {d.doc_id: d.info.title for d in corpus}
    texts = [passage_text(p, titles[p.doc_id], context=context) for p in paragraphs]
    vectors, embedded, cached = embed_passages(
        embedder, texts, cache=None if rebuild else cache, store=cache, progress=progress, on_batch=on_batch
    )

    dense = DenseIndex.build(vectors, kind)
    lexical = LexicalIndex.build([lexical_text(p) for p in paragraphs])
    manifest = write_index(
        target, manifest=wanted, documents=list(corpus), paragraphs=paragraphs, dense=dense, lexical=lexical
    )
    return BuildReport(manifest, True, embedded, cached, time.perf_counter() - started)
