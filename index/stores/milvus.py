"""The index in a Milvus collection (a laptop ``milvus-lite server`` or a cluster, same API).

One collection per build, reached through an alias (the configured collection name)::

    key        INT64 primary key      paragraph_key(doc_id, ordinal)
    doc_id     VARCHAR  (INVERTED)    lang, symbol: VARCHAR (INVERTED) too
    ordinal    INT64                  the paragraph's position in its document
    entry      VARCHAR  (INVERTED)    the paragraph's number or entry id (``19``, ``summary``): citations, versions
    record     VARCHAR                the Paragraph as JSON (what a hit shows)
    text       VARCHAR, jieba analyzer  → text_sparse  (BM25 function): Milvus's own Chinese analysis
    terms      VARCHAR, word analyzer   → terms_sparse (BM25 function): the project's tokens
                                          (index/tokenization.py, English words stemmed as they are there),
                                          one word each, so both stores score the same terms
    refs       ARRAY<VARCHAR>         the symbols and resolution numbers a paragraph cites
    vector     FLOAT_VECTOR           AUTOINDEX, HNSW or FLAT, inner product

A second small collection ``<collection>_meta`` holds the manifest and the document records.
With sentence windows on (manifest ``windows`` > 0, index/windows.py) a third one,
``<collection>_windows``, holds the window vectors of the paragraphs that have more than one::

    key        INT64 primary key      window_key(paragraph key, window number)
    owner      INT64                  the paragraph's key
    doc_id     VARCHAR  (INVERTED)    for the document filter
    vector     FLOAT_VECTOR           the paragraph collection's index type, inner product

``build_milvus`` writes a NEW set of collections, loads it, then points the alias at it: a failed build
leaves the previous collection serving. BM25 scores come back as negative distances from
milvus-lite 3.x and as positive scores from Milvus 2.5 servers; both are read as ``abs``.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any, TypeVar

import numpy as np
from tqdm.auto import tqdm

from corpus.loading import Corpus
from corpus.models import Paragraph
from index.bm25 import Bm25Scorer, Bm25Stats, term_statistics
from index.build import BuildReport, embed_corpus, lexical_text
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.errors import (
    ConfigurationError,
    IndexCorrupt,
    IndexIncompatible,
    IndexNotBuilt,
    IndexStateError,
    StoreUnavailable,
)
from index.folder import FORMAT_VERSION, REBUILD_HINT, IndexManifest, document_record
from index.stores.base import IndexStore, TermVocabulary, Vocabulary, entry_id, paragraph_key
from index.tokenization import tokenize
from index.windows import DEFAULT_WINDOW, WINDOW_FACTOR, mixed_scores, window_key

__all__ = ["INDEX_TYPES", "MilvusConfig", "MilvusStore", "build_milvus", "encode_term", "store_info"]

INDEX_TYPES = ("AUTOINDEX", "HNSW", "FLAT")
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 96
BATCH = 500
MAX_LIMIT = 16_384
"""Milvus's largest ``limit`` for one search or query."""
VARCHAR_MAX = 65_535
CANDIDATES = 3
"""Lexical candidates Milvus finds per search, as a multiple of the ``k`` wanted, before exact re-scoring."""
_T = TypeVar("_T")


@dataclass(frozen=True)
class MilvusConfig:
    uri: str = "http://127.0.0.1:19530"
    token: str = ""
    collection: str = "un_paragraphs"
    index_type: str = "AUTOINDEX"
    lexical_field: str = "terms"
    """``terms`` (the project's tokens, same BM25 as the local store) or ``text`` (Milvus's jieba analyzer)."""
    timeout: float = 10.0

    def __post_init__(self) -> None:
        if self.index_type.upper() not in INDEX_TYPES:
            raise ConfigurationError(
                f"unknown Milvus index type {self.index_type!r}: use one of {', '.join(INDEX_TYPES)}"
            )
        if self.lexical_field not in ("terms", "text"):
            raise ConfigurationError(f"unknown lexical field {self.lexical_field!r}: use terms or text")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,200}", self.collection):
            raise ConfigurationError(
                f"Milvus collection name {self.collection!r} must be letters, digits and _, starting with a letter"
            )


def encode_term(token: str) -> str:
    """A project token as one word for any word tokenizer: ``1/5`` → ``1_2f_5`` (reversible, no collisions)."""
    return re.sub(r"\W", lambda m: f"_{ord(m.group(0)):x}_", token)


def _clip(text: str, limit: int = VARCHAR_MAX) -> str:
    raw = text.encode("utf-8")
    return text if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def _doc_filter(documents: Sequence[str] | None) -> str:
    return "" if documents is None else f"doc_id in {json.dumps(list(documents), ensure_ascii=False)}"


class _Decoded(dict[str, int]):
    """Token counts keyed by the stored (:func:`encode_term`'d) words, looked up by project tokens."""

    def get(self, token: str, default: int = 0) -> int:  # type: ignore[override]
        return super().get(encode_term(token), default)


def _paragraph(record: str) -> Paragraph:
    return Paragraph.from_dict(json.loads(record))


def _record(p: Paragraph) -> str:
    return json.dumps(p.to_record(), ensure_ascii=False)


class _Client:
    """A ``MilvusClient`` whose failures become :class:`StoreUnavailable` naming the URI."""

    def __init__(self, config: MilvusConfig) -> None:
        self.config = config
        self.uri = config.uri
        try:
            from pymilvus import MilvusClient
        except ImportError as exc:  # pragma: no cover - pymilvus is a dependency
            raise ConfigurationError("QA_STORE=milvus needs the pymilvus package: pip install pymilvus") from exc
        self.client = self.call(MilvusClient, uri=config.uri, token=config.token, timeout=config.timeout)

    def call(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        from pymilvus.exceptions import MilvusException

        try:
            return fn(*args, **kwargs)
        except MilvusException as exc:
            raise StoreUnavailable(
                f"Milvus at {self.uri} did not answer or refused the request ({exc.message or exc}); "
                "check that the server runs and QA_MILVUS_URI/QA_MILVUS_TOKEN"
            ) from exc
        except (OSError, TimeoutError) as exc:
            raise StoreUnavailable(f"Milvus at {self.uri} is unreachable ({exc}); check QA_MILVUS_URI") from exc

    def __getattr__(self, name: str) -> Callable[..., Any]:
        method = getattr(self.client, name)
        if name not in ("search", "query", "get"):
            return lambda *args, **kwargs: self.call(method, *args, **kwargs)
        return lambda *args, **kwargs: self.call(self._loaded, method, *args, **kwargs)

    def _loaded(self, method: Callable[..., _T], collection: str, *args: Any, **kwargs: Any) -> _T:
        """Read, loading the collection first if a restarted server has released it."""
        from pymilvus.exceptions import MilvusException

        try:
            return method(collection, *args, **kwargs)
        except MilvusException as exc:
            if "load" not in str(exc.message):
                raise
        self.client.load_collection(collection)
        return method(collection, *args, **kwargs)


class MilvusStore(IndexStore):
    """A built collection, opened through its alias."""

    kind = "milvus"

    def __init__(
        self, client: _Client, collection: str, manifest: IndexManifest, documents: list[dict[str, Any]]
    ) -> None:
        self.client = client
        self.config = client.config
        self.collection = collection
        self._manifest = manifest
        self._documents = documents
        self.lexical_field = self.config.lexical_field
        self._vocabulary: TermVocabulary | None = None
        self._scorer: Bm25Scorer | None = None
        self.windows = _windows_name(collection) if manifest.windows else None
        """The window collection, or ``None`` when the index has no sentence windows."""
        self._executor: ThreadPoolExecutor | None = None

    @classmethod
    def open(cls, config: MilvusConfig, *, model: str | None = None, dim: int | None = None) -> MilvusStore:
        client = _Client(config)
        collection = _live_collection(client)
        if collection is None:
            raise IndexNotBuilt(
                f"Milvus at {config.uri} has no collection {config.collection!r}: build it with `qa index`"
            )
        manifest, documents = _read_meta(client, collection)
        where = f"Milvus collection {config.collection!r} at {config.uri}"
        if model is not None and manifest.model != model:
            raise IndexIncompatible(
                f"{where} was built with model {manifest.model!r}, but the service uses {model!r}: {REBUILD_HINT}"
            )
        if dim is not None and manifest.dim != dim:
            raise IndexIncompatible(f"{where} holds {manifest.dim}-d vectors, the model makes {dim}-d: {REBUILD_HINT}")
        client.load_collection(collection)
        if manifest.windows:
            if not client.has_collection(_windows_name(collection)):
                raise IndexCorrupt(f"{where} has no {_windows_name(collection)!r} collection: {REBUILD_HINT}")
            client.load_collection(_windows_name(collection))
        return cls(client, collection, manifest, documents)

    @property
    def manifest(self) -> IndexManifest:
        return self._manifest

    @property
    def documents(self) -> list[dict[str, Any]]:
        return self._documents

    # -- search ----------------------------------------------------------------------

    def dense_search(self, vector: np.ndarray, k: int, *, documents: Sequence[str] | None = None) -> dict[int, float]:
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
            filter=_doc_filter(documents) if keys is None else f"{field} in {[int(x) for x in keys]}",
            output_fields=["doc_id"] if field == "key" else [field],
            search_params=params,
        )
        out: dict[int, float] = {}
        for hit in res[0]:
            key = int(hit["key"] if field == "key" else hit["entity"][field])
            out[key] = max(out.get(key, -np.inf), float(hit["distance"]))
        return out

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            self._vocabulary = TermVocabulary(_read_vocabulary(self.client, self.collection))
        return self._vocabulary

    def lexical_search(
        self, groups: Sequence[Sequence[str]], k: int, *, documents: Sequence[str] | None = None
    ) -> dict[int, float]:
        """Candidates from Milvus's BM25 index, ranked by the local store's BM25 (``terms`` field).

        Milvus scores a query's terms as a sum, so one English word's alternatives would add up, and its
        BM25 parameters differ from bm25s's. So Milvus only finds the candidates: the ``k`` best for each
        question word (its alternatives together) and for the whole question; each candidate is then
        scored exactly as :meth:`index.lexical.LexicalIndex.group_scores` scores it (best alternative per
        word, summed), from its stored tokens and the collection's statistics. With ``lexical_field=text``
        (Milvus's own jieba analysis) Milvus's scores are used as they are, summed over the words.
        """
        searches = [words for words in (self._words(alternatives) for alternatives in groups) if words]
        if self.lexical_field == "terms" and len(searches) > 1:
            searches.append([w for words in searches for w in words])
        totals: dict[int, float] = {}
        depth = k if self.lexical_field == "text" else CANDIDATES * k
        for words in searches:
            for key, score in self._bm25(words, depth, documents).items():
                totals[key] = totals.get(key, 0.0) + score
        if self.lexical_field == "terms" and totals:
            totals = self._rescore(list(totals), groups)
        best = sorted(((key, s) for key, s in totals.items() if s > 0), key=lambda kv: (-kv[1], kv[0]))[:k]
        return dict(best)

    def _words(self, alternatives: Sequence[str]) -> list[str]:
        """The words one search asks for: the terms each alternative is scored by (``terms``), or its tokens."""
        if self.lexical_field == "text":
            return [t for a in alternatives for t in (tokenize(a) or [a])]
        scorer = self._bm25_scorer()
        tokens = [t for a in alternatives for t in scorer.parts(a)]
        return [encode_term(t) for t in dict.fromkeys(tokens)]

    def _bm25(self, words: list[str], k: int, documents: Sequence[str] | None) -> dict[int, float]:
        res = self.client.search(
            self.collection,
            data=[" ".join(words)],
            anns_field=f"{self.lexical_field}_sparse",
            limit=min(k, MAX_LIMIT),
            filter=_doc_filter(documents),
            output_fields=["doc_id"],
            search_params={"metric_type": "BM25"},
        )
        return {int(hit["key"]): abs(float(hit["distance"])) for hit in res[0] if hit["distance"]}

    def _bm25_scorer(self) -> Bm25Scorer:
        if self._scorer is None:
            if self._vocabulary is None:
                self._vocabulary = TermVocabulary(_read_vocabulary(self.client, self.collection))
            stats = _read_bm25_stats(self.client, self.collection)
            self._scorer = Bm25Scorer(stats, self._vocabulary.frequencies)
        return self._scorer

    def _rescore(self, keys: list[int], groups: Sequence[Sequence[str]]) -> dict[int, float]:
        scorer = self._bm25_scorer()
        scores: dict[int, float] = {}
        for start in range(0, len(keys), MAX_LIMIT):
            ids = keys[start : start + MAX_LIMIT]
            rows = self.client.query(self.collection, filter=f"key in {ids}", output_fields=["key", "terms"])
            for r in rows:
                words = str(r["terms"]).split()
                counts: dict[str, int] = {}
                for w in words:
                    counts[w] = counts.get(w, 0) + 1
                scores[int(r["key"])] = scorer.score(_Decoded(counts), len(words), groups)
        return scores

    def citing(self, references: Iterable[str], *, documents: Sequence[str] | None = None) -> dict[int, int]:
        refs = sorted(set(references))
        if not refs:
            return {}
        expr = f"ARRAY_CONTAINS_ANY(refs, {json.dumps(refs, ensure_ascii=False)})"
        if documents is not None:
            expr = f"{expr} and {_doc_filter(documents)}"
        rows = self.client.query(self.collection, filter=expr, output_fields=["key", "refs"], limit=MAX_LIMIT)
        wanted = set(refs)
        return {int(r["key"]): len(wanted & set(r["refs"])) for r in rows}

    def get(self, keys: Iterable[int]) -> dict[int, Paragraph]:
        ids = [int(k) for k in keys]
        if not ids:
            return {}
        rows = self.client.query(self.collection, filter=f"key in {ids}", output_fields=["key", "record"])
        return {int(r["key"]): _paragraph(r["record"]) for r in rows}

    def find_entries(
        self, entries: Iterable[str], *, documents: Sequence[str] | None = None
    ) -> dict[tuple[str, str], int]:
        wanted = list(dict.fromkeys(e[:512] for e in entries if e))
        if not wanted or (documents is not None and not documents):
            return {}
        expr = f"entry in {json.dumps(wanted, ensure_ascii=False)}"
        if documents is not None:
            expr = f"{expr} and {_doc_filter(documents)}"
        rows = self.client.query(
            self.collection, filter=expr, output_fields=["key", "doc_id", "entry", "ordinal"], limit=MAX_LIMIT
        )
        found: dict[tuple[str, str], tuple[int, int]] = {}
        for r in rows:
            pair = (str(r["doc_id"]), str(r["entry"]))
            if pair not in found or int(r["ordinal"]) < found[pair][0]:
                found[pair] = (int(r["ordinal"]), int(r["key"]))
        return {pair: key for pair, (_, key) in found.items()}

    def document_paragraphs(self, doc_id: str) -> list[Paragraph]:
        rows = self.client.query(
            self.collection, filter=_doc_filter([doc_id]), output_fields=["ordinal", "record"], limit=MAX_LIMIT
        )
        return [_paragraph(r["record"]) for r in sorted(rows, key=lambda r: r["ordinal"])]

    def iter_paragraphs(self) -> Iterator[Paragraph]:
        for d in self._documents:
            yield from self.document_paragraphs(d["doc_id"])

    # -- writes ----------------------------------------------------------------------

    def upsert(
        self, paragraphs: Sequence[Paragraph], vectors: np.ndarray, *, windows: Sequence[np.ndarray] | None = None
    ) -> None:
        """Add or replace ``paragraphs``; ``windows``: each one's window vectors (index/windows.py), in order.

        The windows stored for a replaced paragraph are removed first; without ``windows`` an upserted
        paragraph has none (it scores its paragraph cosine alone). The vocabulary and BM25 statistics stay
        those of the last build (``qa index`` and ``qa add`` build a new collection and switch the alias).
        """
        languages = {d["doc_id"]: d.get("language", "zh") for d in self._documents}
        for start in range(0, len(paragraphs), BATCH):
            chunk = paragraphs[start : start + BATCH]
            rows = [_row(p, v, languages.get(p.doc_id, "zh")) for p, v in zip(chunk, vectors[start:], strict=False)]
            self.client.upsert(self.collection, data=rows)
        if self.windows is not None:
            keys = [paragraph_key(p.doc_id, p.ordinal) for p in paragraphs]
            for start in range(0, len(keys), BATCH):
                self.client.delete(self.windows, filter=f"owner in {keys[start : start + BATCH]}")
            window_rows = [
                _window_row(p, i, v)
                for p, matrix in zip(paragraphs, windows or [], strict=False)
                if len(matrix) > 1
                for i, v in enumerate(matrix)
            ]
            for start in range(0, len(window_rows), BATCH):
                self.client.insert(self.windows, data=window_rows[start : start + BATCH])

    def delete_document(self, doc_id: str) -> int:
        if self.windows is not None:
            self.client.delete(self.windows, filter=_doc_filter([doc_id]))
        res = self.client.delete(self.collection, filter=_doc_filter([doc_id]))
        if isinstance(res, list):  # milvus-lite: the deleted keys
            return len(res)
        return int(res.get("delete_count", 0)) if isinstance(res, dict) else 0

    def write_manifest(self, manifest: IndexManifest, documents: Sequence[dict[str, Any]]) -> None:
        _write_meta(self.client, self.collection, manifest, documents)
        self._manifest = manifest
        self._documents = list(documents)


# -- collections --------------------------------------------------------------------------


def _meta_name(collection: str) -> str:
    return f"{collection}_meta"


def _windows_name(collection: str) -> str:
    return f"{collection}_windows"


def _live_collection(client: _Client) -> str | None:
    """The collection the alias points at, or None if there is none."""
    name = client.config.collection
    if name in client.list_aliases().get("aliases", []):
        return str(client.describe_alias(name)["collection_name"])
    return None


def _read_meta(client: _Client, collection: str) -> tuple[IndexManifest, list[dict[str, Any]]]:
    meta = _meta_name(collection)
    where = f"Milvus collection {collection!r} at {client.uri}"
    if not client.has_collection(meta):
        raise IndexCorrupt(f"{where} has no {meta!r} collection with its manifest: {REBUILD_HINT}")
    client.load_collection(meta)
    rows = client.query(meta, filter='name != ""', output_fields=["name", "body"], limit=MAX_LIMIT)
    bodies = {r["name"]: r["body"] for r in rows}
    try:
        data = json.loads(bodies["manifest"])
        if data.get("format_version") != FORMAT_VERSION:
            raise IndexIncompatible(
                f"{where} has index format {data.get('format_version')!r}, this program reads format "
                f"{FORMAT_VERSION}: {REBUILD_HINT}"
            )
        manifest = IndexManifest(**data)
        documents = [json.loads(bodies[f"doc:{i}"]) for i in range(manifest.documents)]
    except IndexIncompatible:
        raise
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexCorrupt(f"{where}: the manifest is unreadable ({exc!r}): {REBUILD_HINT}") from exc
    return manifest, documents


def _write_meta(client: _Client, collection: str, manifest: IndexManifest, documents: Sequence[dict[str, Any]]) -> None:
    meta = _meta_name(collection)
    rows = [{"name": "manifest", "body": json.dumps(asdict(manifest)), "v": [0.0, 1.0]}]
    rows += [
        {"name": f"doc:{i}", "body": json.dumps(d, ensure_ascii=False), "v": [0.0, 1.0]}
        for i, d in enumerate(documents)
    ]
    for start in range(0, len(rows), BATCH):
        client.upsert(meta, data=rows[start : start + BATCH])


VOCAB_CHUNK = 20_000
"""Characters of the vocabulary's JSON per meta row (a VARCHAR holds at most 65,535 bytes)."""


def _write_vocabulary(client: _Client, collection: str, frequencies: dict[str, int]) -> None:
    """The corpus's BM25 terms and document frequencies, in chunks of the meta collection."""
    body = json.dumps(frequencies, ensure_ascii=False)
    chunks = [body[i : i + VOCAB_CHUNK] for i in range(0, len(body), VOCAB_CHUNK)] or ["{}"]
    rows = [{"name": "vocab:count", "body": str(len(chunks)), "v": [0.0, 1.0]}]
    rows += [{"name": f"vocab:{i}", "body": c, "v": [0.0, 1.0]} for i, c in enumerate(chunks)]
    for start in range(0, len(rows), BATCH):
        client.upsert(_meta_name(collection), data=rows[start : start + BATCH])


def _read_vocabulary(client: _Client, collection: str) -> dict[str, int]:
    meta = _meta_name(collection)
    rows = client.query(meta, filter='name != ""', output_fields=["name", "body"], limit=MAX_LIMIT)
    bodies = {r["name"]: r["body"] for r in rows}
    try:
        count = int(bodies["vocab:count"])
        data = json.loads("".join(bodies[f"vocab:{i}"] for i in range(count)))
    except (KeyError, ValueError) as exc:
        raise IndexCorrupt(
            f"Milvus collection {collection!r} at {client.uri} has no readable vocabulary ({exc!r}): {REBUILD_HINT}"
        ) from exc
    return {str(t): int(n) for t, n in data.items()}


def _write_bm25_stats(client: _Client, collection: str, stats: Bm25Stats) -> None:
    body = json.dumps(asdict(stats))
    client.upsert(_meta_name(collection), data=[{"name": "bm25", "body": body, "v": [0.0, 1.0]}])


def _read_bm25_stats(client: _Client, collection: str) -> Bm25Stats:
    rows = client.query(_meta_name(collection), filter='name == "bm25"', output_fields=["body"])
    try:
        return Bm25Stats(**json.loads(rows[0]["body"]))
    except (IndexError, KeyError, ValueError, TypeError) as exc:
        raise IndexCorrupt(
            f"Milvus collection {collection!r} at {client.uri} has no BM25 statistics ({exc!r}): {REBUILD_HINT}"
        ) from exc


TERMS_ANALYZERS = ("whitespace", "standard")
"""For the ``terms`` field: Milvus servers (2.5+) split on whitespace only, which keeps the project's tokens
as they are; milvus-lite 3.x has no whitespace tokenizer, and its ``standard`` one (``\\w+``) does the same
for :func:`encode_term`'d tokens. (A server's ``standard`` tokenizer would split Chinese into characters.)"""


def _write_store_info(client: _Client, collection: str, info: dict[str, str]) -> None:
    """How the collection analyses text and indexes vectors (read back by :func:`store_info`)."""
    client.upsert(_meta_name(collection), data=[{"name": "store", "body": json.dumps(info), "v": [0.0, 1.0]}])


def store_info(store: MilvusStore) -> dict[str, str]:
    rows = store.client.query(_meta_name(store.collection), filter='name == "store"', output_fields=["body"])
    return dict(json.loads(rows[0]["body"])) if rows else {}


def _create_pair(client: _Client, collection: str, dim: int, index_type: str, *, windows: bool = False) -> str:
    """Create the collection and its meta collection (and with ``windows`` its window collection);
    returns the analyzer the ``terms`` field got."""
    for analyzer in TERMS_ANALYZERS:
        try:
            quiet = logging.getLogger("pymilvus.decorators")
            level = quiet.level
            quiet.setLevel(logging.CRITICAL)  # the probe for a whitespace tokenizer may fail, as expected
            try:
                _create(client, collection, dim, index_type, analyzer)
            finally:
                quiet.setLevel(level)
            if windows:
                _create_windows(client, collection, dim, index_type)
            return analyzer
        except StoreUnavailable as exc:
            if analyzer == TERMS_ANALYZERS[-1] or "tokenizer" not in str(exc):
                raise
            _drop_pair(client, collection)
    raise AssertionError("unreachable")  # pragma: no cover


def _create(client: _Client, collection: str, dim: int, index_type: str, terms_analyzer: str) -> None:
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False)
    schema.add_field("key", DataType.INT64, is_primary=True)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=256)
    schema.add_field("lang", DataType.VARCHAR, max_length=16)
    schema.add_field("symbol", DataType.VARCHAR, max_length=256)
    schema.add_field("ordinal", DataType.INT64)
    schema.add_field("entry", DataType.VARCHAR, max_length=512)
    schema.add_field("record", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field(
        "text", DataType.VARCHAR, max_length=VARCHAR_MAX, enable_analyzer=True, analyzer_params={"tokenizer": "jieba"}
    )
    schema.add_field(
        "terms",
        DataType.VARCHAR,
        max_length=VARCHAR_MAX,
        enable_analyzer=True,
        analyzer_params={"tokenizer": terms_analyzer},
    )
    schema.add_field("text_sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("terms_sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("refs", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=256, max_length=256)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    for field in ("text", "terms"):
        schema.add_function(
            Function(
                name=f"bm25_{field}",
                function_type=FunctionType.BM25,
                input_field_names=[field],
                output_field_names=[f"{field}_sparse"],
            )
        )
    index = client.prepare_index_params()
    vector_params = {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION} if index_type == "HNSW" else {}
    index.add_index("vector", index_type=index_type, metric_type="IP", params=vector_params)
    for field in ("text_sparse", "terms_sparse"):
        index.add_index(
            field, index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": 1.2, "bm25_b": 0.75}
        )
    for field in ("doc_id", "lang", "symbol", "entry"):
        index.add_index(field, index_type="INVERTED")
    client.create_collection(collection, schema=schema, index_params=index)

    meta = client.create_schema(auto_id=False)
    meta.add_field("name", DataType.VARCHAR, is_primary=True, max_length=512)
    meta.add_field("body", DataType.VARCHAR, max_length=VARCHAR_MAX)
    meta.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
    meta_index = client.prepare_index_params()
    meta_index.add_index("v", index_type="FLAT", metric_type="IP")
    client.create_collection(_meta_name(collection), schema=meta, index_params=meta_index)


def _create_windows(client: _Client, collection: str, dim: int, index_type: str) -> None:
    from pymilvus import DataType

    schema = client.create_schema(auto_id=False)
    schema.add_field("key", DataType.INT64, is_primary=True)
    schema.add_field("owner", DataType.INT64)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=256)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    index = client.prepare_index_params()
    vector_params = {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION} if index_type == "HNSW" else {}
    index.add_index("vector", index_type=index_type, metric_type="IP", params=vector_params)
    index.add_index("doc_id", index_type="INVERTED")
    index.add_index("owner", index_type="INVERTED")
    client.create_collection(_windows_name(collection), schema=schema, index_params=index)


def _window_row(p: Paragraph, number: int, vector: np.ndarray) -> dict[str, Any]:
    owner = paragraph_key(p.doc_id, p.ordinal)
    return {
        "key": window_key(owner, number),
        "owner": owner,
        "doc_id": p.doc_id,
        "vector": np.asarray(vector, dtype=np.float32).tolist(),
    }


def _row(p: Paragraph, vector: np.ndarray, language: str, *, tokens: list[str] | None = None) -> dict[str, Any]:
    """A paragraph's row; ``tokens``: its tokens when the caller has them already."""
    text = lexical_text(p)
    tokens = tokens or tokenize(text, lang=p.lang) or ["∅"]
    refs = list(dict.fromkeys(t for t in tokens if "/" in t))[:256]
    return {
        "key": paragraph_key(p.doc_id, p.ordinal),
        "doc_id": p.doc_id,
        "lang": language,
        "symbol": p.symbol or "",
        "ordinal": p.ordinal,
        "entry": entry_id(p)[:512],
        "record": _record(p),
        "text": _clip(text),
        "terms": _clip(" ".join(encode_term(t) for t in tokens)),
        "refs": [r[:256] for r in refs],
        "vector": np.asarray(vector, dtype=np.float32).tolist(),
    }


def _drop_pair(client: _Client, collection: str) -> None:
    for name in (collection, _meta_name(collection), _windows_name(collection)):
        if client.has_collection(name):
            client.drop_collection(name)


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
) -> BuildReport:
    """Build the corpus into a new collection and switch the alias to it (or leave an up-to-date one).

    ``windows``: sentences per window (index/windows.py; 0 for none), kept in ``<collection>_windows``.
    """
    started = time.perf_counter()
    client = _Client(config)
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
    )
    live = _live_collection(client)
    if live is not None and not rebuild:
        try:
            current, _ = _read_meta(client, live)
            if current.fingerprint == wanted.fingerprint and current.model == wanted.model:
                return BuildReport(current, False, 0, 0, time.perf_counter() - started)
        except IndexStateError:
            pass
    if not paragraphs:
        raise IndexStateError("the corpus has no paragraphs to index; see the corpus problems above")

    documents = list(corpus)
    found = embed_corpus(
        corpus, embedder, windows=windows, context=context, cache=cache, rebuild=rebuild, progress=progress
    )
    tokens = [tokenize(lexical_text(p), lang=p.lang) or ["∅"] for p in paragraphs]
    new = f"{config.collection}_{int(time.time() * 1000)}"
    records = [document_record(d) for d in documents]
    try:
        terms_analyzer = _create_pair(client, new, embedder.dim, index_type, windows=bool(windows))
        store = MilvusStore(client, new, wanted, records)
        bar = tqdm(total=len(paragraphs), desc="inserting into Milvus", unit="para", disable=not progress)
        languages = {d.doc_id: d.info.language for d in documents}
        for start in range(0, len(paragraphs), BATCH):
            chunk = paragraphs[start : start + BATCH]
            rows = [
                _row(p, found.vectors[start + i], languages[p.doc_id], tokens=tokens[start + i])
                for i, p in enumerate(chunk)
            ]
            client.insert(new, data=rows)
            bar.update(len(chunk))
        bar.close()
        if windows:
            window_rows = [
                _window_row(paragraphs[int(row)], int(number), vector)
                for row, number, vector in zip(
                    found.windows.owner, found.windows.number, found.window_vectors, strict=True
                )
            ]
            for start in range(0, len(window_rows), BATCH):
                client.insert(_windows_name(new), data=window_rows[start : start + BATCH])
            client.flush(_windows_name(new))
            client.load_collection(_windows_name(new))
        store.write_manifest(wanted, records)
        frequencies, stats = term_statistics(tokens)
        _write_vocabulary(client, new, frequencies)
        _write_bm25_stats(client, new, stats)
        _write_store_info(client, new, {"index_type": index_type, "text": "jieba", "terms": terms_analyzer})
        client.flush(new)
        client.flush(_meta_name(new))
        client.load_collection(new)
        _read_meta(client, new)  # what was written reads back before anyone is pointed at it
        if live is None:
            client.create_alias(new, config.collection)
        else:
            client.alter_alias(new, config.collection)
    except BaseException:
        try:
            _drop_pair(client, new)
        except StoreUnavailable:
            pass
        raise
    for old in client.list_collections():
        if old.startswith(f"{config.collection}_") and not old.endswith("_meta") and old != new:
            if re.fullmatch(rf"{re.escape(config.collection)}_\d+", old):
                _drop_pair(client, old)
    seconds = time.perf_counter() - started
    return BuildReport(
        wanted, True, found.embedded, found.cached, seconds, found.windows_embedded, found.windows_cached
    )
