"""The index in a Milvus collection, read through its alias: searches, reads and writes.

A store reads the generation the alias names: it looks at the alias at most every
:data:`FOLLOW_EVERY` seconds, before a read, and when another process's build has dropped its
generation (builds keep the last :data:`~index.stores.milvus.build.KEEP` generations) it looks at
once. It follows the alias to a generation built with the same model: its
manifest, documents and vocabulary (updated in place, so a question analyser holding it sees the new
terms) are those of the new generation from then on.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import numpy as np

from corpus.models import Paragraph
from index.errors import IndexCorrupt, IndexIncompatible, IndexNotBuilt
from index.folder import REBUILD_HINT, IndexManifest
from index.passages import lexical_text
from index.stores.base import IndexStore, Outline, TermVocabulary, Vocabulary, paragraph_key
from index.stores.milvus.connection import Client, CollectionGone, MilvusConfig
from index.stores.milvus.lexical import LexicalWeights
from index.stores.milvus.schema import (
    BATCH,
    MAX_LIMIT,
    OUTLINE_FIELDS,
    doc_filter,
    live_collection,
    outline_of,
    paragraph_of,
    paragraph_row,
    read_meta,
    read_store_info,
    read_vocabulary,
    window_row,
    windows_name,
    write_meta,
)
from index.tokenization import tokenize
from index.windows import WINDOW_FACTOR, mixed_scores

__all__ = ["AliasWatch", "MilvusStore", "store_info"]

HNSW_EF_SEARCH = 96
FOLLOW_EVERY = 5.0
"""Seconds between a store's looks at the alias: a server follows another process's build within this."""
SMALLEST = "numbered"
"""The field a search asks for when it needs none: a hit carries its key anyway (as ``id``, or by the
primary field's name), and milvus-lite 3.x sends every field for an empty list (a bool is one byte a hit)."""
_T = TypeVar("_T")


class MilvusStore(IndexStore):
    """A built collection, opened through its alias."""

    kind = "milvus"

    def __init__(
        self, client: Client, collection: str, manifest: IndexManifest, documents: list[dict[str, Any]]
    ) -> None:
        self.client = client
        self.config = client.config
        self.collection = collection
        self.opened = collection
        """The generation the store was opened on (``collection`` moves when the store follows the alias;
        a searcher's document records are those of ``opened``)."""
        self._manifest = manifest
        self._documents = documents
        self.lexical_field = self.config.lexical_field
        self._vocabulary: TermVocabulary | None = None
        self._weights: LexicalWeights | None = None
        self.windows = windows_name(collection) if manifest.has_windows else None
        """The window collection, or ``None`` when the index has no sentence windows."""
        self._executor: ThreadPoolExecutor | None = None
        self.follow_every = FOLLOW_EVERY
        """Seconds between two looks at the alias (another process's build moves it)."""
        self._checked = time.monotonic()
        self.last_plan_pruned = False
        """Whether the last lexical search left alternatives out (:mod:`index.stores.milvus.lexical`)."""

    @classmethod
    def open(cls, config: MilvusConfig, *, model: str | None = None, dim: int | None = None) -> MilvusStore:
        client = Client(config)
        collection, manifest, documents = _open_live(client, model=model, dim=dim)
        return cls(client, collection, manifest, documents)

    def reopen(self) -> MilvusStore:
        """A new store, on the same client, on the generation the alias names now (checked against this
        store's model and dimension): what a server swaps to when another process has rebuilt."""
        collection, manifest, documents = _open_live(self.client, model=self._manifest.model, dim=self._manifest.dim)
        return MilvusStore(self.client, collection, manifest, documents)

    @property
    def manifest(self) -> IndexManifest:
        return self._manifest

    @property
    def documents(self) -> list[dict[str, Any]]:
        return self._documents

    def ping(self) -> None:
        """Raise :class:`~index.errors.StoreUnavailable` when Milvus does not answer (``/health``)."""
        self.client.has_collection(self.collection)

    def _read(self, call: Callable[[], _T]) -> _T:
        """A read, on the generation the alias names (checked every ``follow_every`` seconds), and once
        more on the current generation if another process's build dropped this one meanwhile."""
        now = time.monotonic()
        if now - self._checked >= self.follow_every:
            self._checked = now
            live = live_collection(self.client)
            if live is not None and live != self.collection:
                self._follow()
        try:
            return call()
        except CollectionGone:
            self._follow()
            return call()

    def _follow(self) -> None:
        collection, manifest, documents = _open_live(self.client, model=self._manifest.model, dim=self._manifest.dim)
        self.collection = collection
        self._manifest = manifest
        self._documents = documents
        self.windows = windows_name(collection) if manifest.has_windows else None
        self._weights = None
        if self._vocabulary is not None:  # updated in place: a question analyser holding it sees the new terms
            self._load_weights()

    # -- search ----------------------------------------------------------------------

    def dense_search(self, vector: np.ndarray, k: int, *, documents: Sequence[str] | None = None) -> dict[int, float]:
        return self._read(lambda: self._dense_search(vector, k, documents))

    def _dense_search(self, vector: np.ndarray, k: int, documents: Sequence[str] | None) -> dict[int, float]:
        """The paragraph cosine, or with sentence windows the paragraph/window mix of index/windows.py.

        Candidates: the ``k`` best paragraphs and the paragraphs of the ``WINDOW_FACTOR * k`` best
        windows (two searches at once), rescored without fetching vectors: a paragraph found through
        its windows has its best window among the hits (exact with FLAT; with HNSW as exact as the
        window search) and its own cosine from a search restricted to such paragraphs; a paragraph
        found by its own vector only has its best window from a search restricted to its windows
        (none: a one-window paragraph, which scores its paragraph cosine). Those two run at once too.
        """
        if self.windows is None:
            return self._vector_search(self.collection, vector, k, documents=documents, field="key")
        windows = self.windows
        pool = self._pool()
        own = pool.submit(self._vector_search, self.collection, vector, k, documents=documents, field="key")
        best = self._vector_search(windows, vector, WINDOW_FACTOR * k, documents=documents, field="owner")
        cosine = own.result()
        by_window = [key for key in best if key not in cosine]
        by_paragraph = [key for key in cosine if key not in best]
        more = (
            pool.submit(self._vector_search, self.collection, vector, len(by_window), keys=by_window, field="key")
            if by_window
            else None
        )
        if by_paragraph:
            best.update(self._vector_search(windows, vector, MAX_LIMIT, keys=by_paragraph, field="owner"))
        if more is not None:
            cosine.update(more.result())
        keys = sorted(cosine)  # a paragraph deleted since its window was found is left out
        if not keys:
            return {}
        windowed = [i for i, key in enumerate(keys) if key in best]
        mixed = mixed_scores(
            np.asarray([cosine[key] for key in keys], dtype=np.float32),
            np.asarray([best[keys[i]] for i in windowed], dtype=np.float32),
            np.asarray(windowed, dtype=np.int64),
        )
        return {keys[i]: float(mixed[i]) for i in np.argsort(-mixed, kind="stable")[:k]}

    def _pool(self) -> ThreadPoolExecutor:
        """A second thread for the search that can run beside another (created on first use)."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="milvus-windows")
        return self._executor

    def _vector_search(
        self,
        collection: str,
        vector: np.ndarray,
        k: int,
        *,
        field: str,
        documents: Sequence[str] | None = None,
        keys: Sequence[int] | None = None,
    ) -> dict[int, float]:
        """The ``k`` best rows of ``collection`` by inner product (of the documents, or with ``field``
        in ``keys``): ``field`` (the key, or a window's owner) → its best score."""
        data = np.asarray(vector, dtype=np.float32).reshape(1, -1).tolist()
        limit = min(k, MAX_LIMIT)
        params: dict[str, Any] = {"metric_type": "IP"}
        if self._manifest.faiss_type == "milvus-HNSW":
            params["params"] = {"ef": max(HNSW_EF_SEARCH, limit)}
        res = self.client.search(
            collection,
            data=data,
            anns_field="vector",
            limit=limit,
            filter=doc_filter(documents) if keys is None else f"{field} in {[int(x) for x in keys]}",
            output_fields=[SMALLEST] if field == "key" else [field],
            search_params=params,
        )
        out: dict[int, float] = {}
        for hit in res[0]:
            key = _hit_key(hit) if field == "key" else int(hit["entity"][field])
            out[key] = max(out.get(key, -np.inf), float(hit["distance"]))
        return out

    def sample_vectors(self, documents: Sequence[str], n: int) -> np.ndarray:
        docs = list(documents)
        if len(docs) > n:  # a short filter: documents spread over the list, their paragraphs up to n
            docs = [docs[i] for i in np.linspace(0, len(docs) - 1, n).round().astype(int)]
        if not docs or n <= 0:
            return np.zeros((0, self.manifest.dim), dtype=np.float32)
        rows = self._read(
            lambda: self.client.query(self.collection, filter=doc_filter(docs), output_fields=["vector"], limit=n)
        )
        return np.asarray([r["vector"] for r in rows], dtype=np.float32).reshape(-1, self.manifest.dim)

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._load_weights()
        assert self._vocabulary is not None
        return self._vocabulary

    def lexical_weights(self) -> LexicalWeights:
        if self._weights is None:
            self._load_weights()
        assert self._weights is not None
        return self._weights

    def _load_weights(self) -> None:
        frequencies, stats = self._read(lambda: read_vocabulary(self.client, self.collection))
        if self._vocabulary is None:
            self._vocabulary = TermVocabulary(frequencies)
        else:
            self._vocabulary.frequencies = frequencies
        self._weights = LexicalWeights(frequencies, stats)

    def lexical_search(
        self, groups: Sequence[Sequence[str]], k: int, *, documents: Sequence[str] | None = None
    ) -> dict[int, float]:
        """The ``k`` best paragraphs by BM25, ranked by Milvus.

        ``terms`` (default): the sparse BM25 weights of :mod:`index.stores.milvus.lexical`, the local
        store's scores (one search request, one vector per choice of alternatives, best kept).
        ``text``: Milvus's own BM25 over its jieba analysis, one search per question word, summed.
        """
        return self._read(lambda: self._lexical_search(groups, k, documents))

    def _lexical_search(
        self, groups: Sequence[Sequence[str]], k: int, documents: Sequence[str] | None
    ) -> dict[int, float]:
        limit = min(k, MAX_LIMIT)
        totals: dict[int, float] = {}
        if self.lexical_field == "text":
            for alternatives in groups:
                words = [t for a in alternatives for t in (tokenize(a) or [a])]
                if words:
                    for key, score in self._search_sparse("text_sparse", [" ".join(words)], limit, documents).items():
                        totals[key] = totals.get(key, 0.0) + score
        else:
            plan = self.lexical_weights().query(groups)
            self.last_plan_pruned = plan.pruned
            if plan.vectors:
                totals = self._search_sparse("terms_sparse", plan.vectors, limit, documents)
        best = sorted(((key, s) for key, s in totals.items() if s > 0), key=lambda kv: (-kv[1], kv[0]))[:k]
        return dict(best)

    def _search_sparse(
        self, field: str, data: list[Any], limit: int, documents: Sequence[str] | None
    ) -> dict[int, float]:
        """Each paragraph's best score over the query vectors (``abs``: BM25 distances come back negative
        from milvus-lite 3.x, positive from Milvus 2.5 servers)."""
        res = self.client.search(
            self.collection,
            data=data,
            anns_field=field,
            limit=limit,
            filter=doc_filter(documents),
            output_fields=[SMALLEST],
            search_params={"metric_type": "BM25" if field == "text_sparse" else "IP"},
        )
        best: dict[int, float] = {}
        for hits in res:
            for hit in hits:
                score = abs(float(hit["distance"]))
                key = _hit_key(hit)
                if score > best.get(key, 0.0):
                    best[key] = score
        return best

    def terms_in(self, keys: Iterable[int], terms: Iterable[str]) -> dict[int, frozenset[str]]:
        """From each row's ``terms_sparse`` (one dimension per term it holds; a query returns it as a dict):
        a few hundred bytes a paragraph."""
        ids = list(dict.fromkeys(int(k) for k in keys))
        if not ids:
            return {}
        dimensions = self.lexical_weights().dimensions
        wanted = {dimensions[t]: t for t in set(terms) if t in dimensions}
        rows = self._read(
            lambda: self.client.query(self.collection, filter=f"key in {ids}", output_fields=["key", "terms_sparse"])
        )
        return {int(r["key"]): frozenset(wanted[int(d)] for d in r["terms_sparse"] if int(d) in wanted) for r in rows}

    def citing(self, references: Iterable[str], *, documents: Sequence[str] | None = None) -> dict[int, int]:
        refs = sorted(set(references))
        if not refs:
            return {}
        expr = f"ARRAY_CONTAINS_ANY(refs, {json.dumps(refs, ensure_ascii=False)})"
        if documents is not None:
            expr = f"{expr} and {doc_filter(documents)}"
        rows = self._read(
            lambda: self.client.query(self.collection, filter=expr, output_fields=["key", "refs"], limit=MAX_LIMIT)
        )
        wanted = set(refs)
        return {int(r["key"]): len(wanted & set(r["refs"])) for r in rows}

    def get(self, keys: Iterable[int]) -> dict[int, Paragraph]:
        ids = [int(k) for k in keys]
        if not ids:
            return {}
        rows = self._read(
            lambda: self.client.query(self.collection, filter=f"key in {ids}", output_fields=["key", "record"])
        )
        return {int(r["key"]): paragraph_of(r["record"]) for r in rows}

    def outlines(self, keys: Iterable[int]) -> dict[int, Outline]:
        ids = [int(k) for k in keys]
        if not ids:
            return {}
        rows = self._read(
            lambda: self.client.query(self.collection, filter=f"key in {ids}", output_fields=OUTLINE_FIELDS)
        )
        return {int(r["key"]): outline_of(r) for r in rows}

    def find_entries(
        self, entries: Iterable[str], *, documents: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]:
        wanted = list(dict.fromkeys(e[:512] for e in entries if e))
        if not wanted or (documents is not None and not documents):
            return {}
        expr = f"entry in {json.dumps(wanted, ensure_ascii=False)}"
        if documents is not None:
            expr = f"{expr} and {doc_filter(documents)}"
        rows = self._read(
            lambda: self.client.query(
                self.collection, filter=expr, output_fields=["key", "doc_id", "entry", "ordinal"], limit=MAX_LIMIT
            )
        )
        found: dict[tuple[str, str], tuple[int, int]] = {}
        for r in rows:
            pair = (str(r["doc_id"]), str(r["entry"]))
            if pair not in found or int(r["ordinal"]) < found[pair][0]:
                found[pair] = (int(r["ordinal"]), int(r["key"]))
        return {pair: key for pair, (_, key) in found.items()}

    def document_paragraphs(self, doc_id: str) -> list[Paragraph]:
        rows = self._read(
            lambda: self.client.query(
                self.collection, filter=doc_filter([doc_id]), output_fields=["ordinal", "record"], limit=MAX_LIMIT
            )
        )
        return [paragraph_of(r["record"]) for r in sorted(rows, key=lambda r: r["ordinal"])]

    def iter_paragraphs(self) -> Iterator[Paragraph]:
        for d in self._documents:
            yield from self.document_paragraphs(d["doc_id"])

    # -- writes ----------------------------------------------------------------------

    def upsert(
        self, paragraphs: Sequence[Paragraph], vectors: np.ndarray, *, windows: Sequence[np.ndarray] | None = None
    ) -> None:
        """Add or replace ``paragraphs``; ``windows``: each one's window vectors in order, as
        :func:`index.windows.plan_windows` makes them for the manifest (with its contextual window, if on).

        The windows stored for a replaced paragraph are removed first; without ``windows`` an upserted
        paragraph has none (it scores its paragraph cosine alone). The vocabulary and BM25 statistics stay
        those of the last build (``qa index`` and ``qa add`` build a new collection and switch the alias):
        an upserted paragraph is weighted with them, and terms they do not know are left out of it.
        """
        weights = self.lexical_weights()
        languages = {d["doc_id"]: d.get("language", "zh") for d in self._documents}
        for start in range(0, len(paragraphs), BATCH):
            chunk = paragraphs[start : start + BATCH]
            rows = []
            for p, v in zip(chunk, vectors[start:], strict=False):
                tokens = tokenize(lexical_text(p), lang=p.lang) or ["∅"]
                rows.append(paragraph_row(p, v, languages.get(p.doc_id, "zh"), weights.document(tokens), tokens=tokens))
            self.client.upsert(self.collection, data=rows)
        if self.windows is not None:
            keys = [paragraph_key(p.doc_id, p.ordinal) for p in paragraphs]
            for start in range(0, len(keys), BATCH):
                self.client.delete(self.windows, filter=f"owner in {keys[start : start + BATCH]}")
            window_rows = [
                window_row(p, i, v)
                for p, matrix in zip(paragraphs, windows or [], strict=False)
                if len(matrix) > 1
                for i, v in enumerate(matrix)
            ]
            for start in range(0, len(window_rows), BATCH):
                self.client.insert(self.windows, data=window_rows[start : start + BATCH])

    def delete_document(self, doc_id: str) -> int:
        if self.windows is not None:
            self.client.delete(self.windows, filter=doc_filter([doc_id]))
        res = self.client.delete(self.collection, filter=doc_filter([doc_id]))
        if isinstance(res, list):  # milvus-lite: the deleted keys
            return len(res)
        return int(res.get("delete_count", 0)) if isinstance(res, dict) else 0

    def write_manifest(self, manifest: IndexManifest, documents: Sequence[dict[str, Any]]) -> None:
        write_meta(self.client, self.collection, manifest, documents)
        self._manifest = manifest
        self._documents = list(documents)


class AliasWatch:
    """Where the alias points, looked up through a :class:`~index.stores.milvus.connection.Client` of its
    own (made on the first look): a look that fails (Milvus frozen or down) never puts the questions'
    client into its pause of failing at once, and waits in the watching thread only."""

    def __init__(self, config: MilvusConfig) -> None:
        self.config = config
        self._client: Client | None = None

    def live(self) -> str | None:
        """The generation the alias names (``None``: no alias); raises
        :class:`~index.errors.StoreUnavailable` when Milvus does not answer."""
        if self._client is None:
            self._client = Client(self.config)
        return live_collection(self._client)

    def close(self) -> None:
        """Close the watch's connection (a later look opens another)."""
        client, self._client = self._client, None
        if client is not None:
            try:
                client.client.close()
            except Exception:  # noqa: BLE001 - closing a connection to a server that went away
                pass


def _hit_key(hit: Any) -> int:
    """A hit's primary key: ``id`` (Milvus 2.5 servers and milvus-lite 2.5), else the field's name."""
    try:
        return int(hit["id"])
    except KeyError:
        return int(hit["key"])


def _open_live(
    client: Client, *, model: str | None, dim: int | None
) -> tuple[str, IndexManifest, list[dict[str, Any]]]:
    """The generation the alias points at, its manifest and documents, checked against ``model``/``dim``."""
    config = client.config
    collection = live_collection(client)
    if collection is None:
        raise IndexNotBuilt(f"Milvus at {config.uri} has no collection {config.collection!r}: build it with `qa index`")
    manifest, documents = read_meta(client, collection)
    where = f"Milvus collection {config.collection!r} at {config.uri}"
    if model is not None and manifest.model != model:
        raise IndexIncompatible(
            f"{where} was built with model {manifest.model!r}, but the service uses {model!r}: {REBUILD_HINT}"
        )
    if dim is not None and manifest.dim != dim:
        raise IndexIncompatible(f"{where} holds {manifest.dim}-d vectors, the model makes {dim}-d: {REBUILD_HINT}")
    client.load_collection(collection)
    if manifest.has_windows:
        if not client.has_collection(windows_name(collection)):
            raise IndexCorrupt(f"{where} has no {windows_name(collection)!r} collection: {REBUILD_HINT}")
        client.load_collection(windows_name(collection))
    return collection, manifest, documents


def store_info(store: MilvusStore) -> dict[str, str]:
    """How the store's generation analyses text and indexes vectors."""
    return read_store_info(store.client, store.collection)
