"""The collections of one build (a *generation*), their rows, and the meta collection's records.

One collection per build, reached through an alias (the configured collection name)::

    key           INT64 primary key      paragraph_key(doc_id, ordinal)
    doc_id        VARCHAR  (INVERTED)    lang, symbol: VARCHAR (INVERTED) too
    ordinal       INT64                  the paragraph's position in its document
    entry         VARCHAR  (INVERTED)    the paragraph's number or entry id (``19``, ``summary``)
    numbered      BOOL                   whether it is a numbered paragraph (what a ranking reads of a
                                         candidate with doc_id, lang, symbol and entry: an ``Outline``)
    record        VARCHAR                the Paragraph as JSON (what a hit shows)
    text          VARCHAR, jieba analyzer → text_sparse (Milvus's BM25 function): Milvus's own analysis
    terms_sparse  SPARSE_FLOAT_VECTOR    the BM25 weights of the project's tokens (index/tokenization.py),
                                         computed here (:mod:`index.stores.milvus.lexical`), inner product
    refs          ARRAY<VARCHAR>         the symbols and resolution numbers a paragraph cites
    vector        FLOAT_VECTOR           AUTOINDEX, HNSW or FLAT, inner product

A second small collection ``<generation>_meta`` holds the manifest, the document records, the
vocabulary (term → document frequency; a term's sparse dimension is its position there) and the BM25
statistics. With sentence windows on (manifest ``windows`` > 0, index/windows.py) a third one,
``<generation>_windows``, holds the window vectors of the paragraphs that have more than one::

    key        INT64 primary key      window_key(paragraph key, window number)
    owner      INT64                  the paragraph's key
    doc_id     VARCHAR  (INVERTED)    for the document filter
    vector     FLOAT_VECTOR           the paragraph collection's index type, inner product
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict
from typing import Any

import numpy as np

from corpus.models import Paragraph
from index.bm25 import Bm25Stats
from index.errors import IndexCorrupt, IndexIncompatible
from index.folder import FORMAT_VERSION, REBUILD_HINT, IndexManifest
from index.passages import lexical_text
from index.stores.base import Outline, entry_id, paragraph_key
from index.stores.milvus.connection import Client
from index.tokenization import tokenize
from index.windows import window_key

__all__ = ["LEXICAL_WEIGHTS", "ROWS", "encode_term", "generations", "insert_batches", "live_collection"]

HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
BATCH = 500
"""Rows per insert request. Milvus Lite 2.5 copies each column of a request once per row it slices out
of it (its ``InsertTask``), so a request costs more per row the bigger it is: at 20k paragraphs on the
shared machine ~900 rows/s at 200–500 rows a request, 540 at 2,000, 370 at 4,000."""
IN_FLIGHT = 2
"""Insert requests sent at once while building: the next one is converted (Python) while the server
works on the previous one."""
MAX_LIMIT = 16_384
"""Milvus's largest ``limit`` for one search or query."""
VARCHAR_MAX = 65_535
LEXICAL_WEIGHTS = "bm25-weights-1"
"""What ``terms_sparse`` holds (in the ``store`` record); a generation holding anything else is rebuilt."""
ROWS = "outline-1"
"""The paragraph rows' layout (in the ``store`` record): ``outline-1`` added ``numbered``, which a
ranking reads instead of whole records; a generation without it is rebuilt."""
OUTLINE_FIELDS = ["key", "doc_id", "lang", "symbol", "entry", "numbered"]
"""What :meth:`~index.stores.base.IndexStore.outlines` reads of a row."""
VOCAB_CHUNK = 20_000
"""Characters of the vocabulary's JSON per meta row (a VARCHAR holds at most 65,535 bytes)."""


def encode_term(token: str) -> str:
    """A project token as one word for any word tokenizer: ``1/5`` → ``1_2f_5`` (reversible, no collisions)."""
    return re.sub(r"\W", lambda m: f"_{ord(m.group(0)):x}_", token)


def clip(text: str, limit: int = VARCHAR_MAX) -> str:
    raw = text.encode("utf-8")
    return text if len(raw) <= limit else raw[:limit].decode("utf-8", "ignore")


def doc_filter(documents: Sequence[str] | None) -> str:
    return "" if documents is None else f"doc_id in {json.dumps(list(documents), ensure_ascii=False)}"


def meta_name(collection: str) -> str:
    return f"{collection}_meta"


def windows_name(collection: str) -> str:
    return f"{collection}_windows"


def paragraph_record(p: Paragraph) -> str:
    return json.dumps(p.to_record(), ensure_ascii=False)


def paragraph_of(record: str) -> Paragraph:
    return Paragraph.from_dict(json.loads(record))


def outline_of(row: dict[str, Any]) -> Outline:
    """A row's :data:`OUTLINE_FIELDS` as an :class:`~index.stores.base.Outline`."""
    return Outline(
        doc_id=str(row["doc_id"]),
        lang=str(row["lang"]),
        symbol=str(row["symbol"]),
        entry=str(row["entry"]),
        numbered=bool(row["numbered"]),
    )


# -- generations ----------------------------------------------------------------------------


def live_collection(client: Client) -> str | None:
    """The collection the alias points at, or None if there is none."""
    name = client.config.collection
    if name in client.list_aliases().get("aliases", []):
        return str(client.describe_alias(name)["collection_name"])
    return None


def generations(client: Client) -> list[str]:
    """The paragraph collections of every build under the configured name, oldest first."""
    pattern = re.compile(rf"{re.escape(client.config.collection)}_(\d+)")
    found = [(int(m.group(1)), c) for c in client.list_collections() if (m := pattern.fullmatch(c))]
    return [c for _, c in sorted(found)]


def drop_generation(client: Client, collection: str) -> None:
    for name in (collection, meta_name(collection), windows_name(collection)):
        if client.has_collection(name):
            client.drop_collection(name)


# -- creation -------------------------------------------------------------------------------


def create_generation(client: Client, collection: str, dim: int, index_type: str, *, windows: bool = False) -> None:
    """Create the paragraph collection and its meta collection (and with ``windows`` its window collection)."""
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False)
    schema.add_field("key", DataType.INT64, is_primary=True)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=256)
    schema.add_field("lang", DataType.VARCHAR, max_length=16)
    schema.add_field("symbol", DataType.VARCHAR, max_length=256)
    schema.add_field("ordinal", DataType.INT64)
    schema.add_field("entry", DataType.VARCHAR, max_length=512)
    schema.add_field("numbered", DataType.BOOL)
    schema.add_field("record", DataType.VARCHAR, max_length=VARCHAR_MAX)
    schema.add_field(
        "text", DataType.VARCHAR, max_length=VARCHAR_MAX, enable_analyzer=True, analyzer_params={"tokenizer": "jieba"}
    )
    schema.add_field("text_sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("terms_sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("refs", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=256, max_length=256)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_function(
        Function(
            name="bm25_text",
            function_type=FunctionType.BM25,
            input_field_names=["text"],
            output_field_names=["text_sparse"],
        )
    )
    index = client.prepare_index_params()
    vector_params = {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION} if index_type == "HNSW" else {}
    index.add_index("vector", index_type=index_type, metric_type="IP", params=vector_params)
    index.add_index(
        "text_sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25", params={"bm25_k1": 1.2, "bm25_b": 0.75}
    )
    index.add_index("terms_sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    for field in ("doc_id", "lang", "symbol", "entry"):
        index.add_index(field, index_type="INVERTED")
    client.create_collection(collection, schema=schema, index_params=index)

    meta = client.create_schema(auto_id=False)
    meta.add_field("name", DataType.VARCHAR, is_primary=True, max_length=512)
    meta.add_field("body", DataType.VARCHAR, max_length=VARCHAR_MAX)
    meta.add_field("v", DataType.FLOAT_VECTOR, dim=2)  # Milvus wants a vector field in every collection
    meta_index = client.prepare_index_params()
    meta_index.add_index("v", index_type="FLAT", metric_type="IP")
    client.create_collection(meta_name(collection), schema=meta, index_params=meta_index)
    if windows:
        _create_windows(client, collection, dim, index_type)


def _create_windows(client: Client, collection: str, dim: int, index_type: str) -> None:
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
    client.create_collection(windows_name(collection), schema=schema, index_params=index)


# -- rows -----------------------------------------------------------------------------------


def window_row(p: Paragraph, number: int, vector: np.ndarray) -> dict[str, Any]:
    owner = paragraph_key(p.doc_id, p.ordinal)
    return {
        "key": window_key(owner, number),
        "owner": owner,
        "doc_id": p.doc_id,
        "vector": np.asarray(vector, dtype=np.float32).tolist(),
    }


def paragraph_row(
    p: Paragraph, vector: np.ndarray, language: str, weights: dict[int, float], *, tokens: list[str] | None = None
) -> dict[str, Any]:
    """A paragraph's row; ``weights``: its BM25 weights by term dimension (:mod:`.lexical`);
    ``tokens``: its tokens when the caller has them already."""
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
        "numbered": p.paragraph is not None,
        "record": paragraph_record(p),
        "text": clip(text),
        "terms_sparse": weights or {0: 0.0},
        "refs": [r[:256] for r in refs],
        "vector": np.asarray(vector, dtype=np.float32).tolist(),
    }


def insert_columns(client: Client, collection: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts of :func:`paragraph_row`'s or :func:`window_row`'s fields) as one request
    in column format: one list per field, which pymilvus converts about three times faster than rows
    (its row format packs each row's fields one by one: ~1,600 rows/s here, ~5,000 as columns)."""
    if not rows:
        return
    schema = client.describe_collection(collection)
    handler = client.client._get_connection()  # MilvusClient.insert takes rows only
    entities = [
        {"name": f["name"], "type": f["type"], "values": [r[f["name"]] for r in rows]}
        for f in schema["fields"]
        if not f.get("is_function_output") and f["name"] in rows[0]
    ]
    client.call(handler.batch_insert, collection, entities, schema=schema, timeout=client.slow_timeout)


def insert_batches(
    client: Client,
    collection: str,
    batches: Iterable[Sequence[dict[str, Any]]],
    *,
    in_flight: int = IN_FLIGHT,
    done: Callable[[int], None] | None = None,
) -> int:
    """Insert each batch of rows (:func:`insert_columns`), ``in_flight`` requests at a time, so that the
    client's conversion of one overlaps the server's work on another; ``done(rows)`` after each batch.
    The first failure is raised (after the requests already sent have ended). Returns the rows inserted."""
    total = 0
    pending: deque[tuple[Future[None], int]] = deque()
    with ThreadPoolExecutor(max_workers=max(1, in_flight), thread_name_prefix="milvus-insert") as pool:
        try:
            for batch in batches:
                while len(pending) >= max(1, in_flight):
                    total += _finish(pending, done)
                pending.append((pool.submit(insert_columns, client, collection, batch), len(batch)))
            while pending:
                total += _finish(pending, done)
        except BaseException:
            for future, _ in pending:
                future.cancel()
            raise
    return total


def _finish(pending: deque[tuple[Future[None], int]], done: Callable[[int], None] | None) -> int:
    future, count = pending.popleft()
    future.result()
    if done is not None:
        done(count)
    return count


# -- the meta collection --------------------------------------------------------------------


def _put(client: Client, collection: str, rows: list[dict[str, str]]) -> None:
    full = [{**r, "v": [0.0, 1.0]} for r in rows]
    for start in range(0, len(full), BATCH):
        client.upsert(meta_name(collection), data=full[start : start + BATCH])


def _bodies(client: Client, collection: str) -> dict[str, str]:
    rows = client.query(meta_name(collection), filter='name != ""', output_fields=["name", "body"], limit=MAX_LIMIT)
    return {str(r["name"]): str(r["body"]) for r in rows}


def read_meta(client: Client, collection: str) -> tuple[IndexManifest, list[dict[str, Any]]]:
    meta = meta_name(collection)
    where = f"Milvus collection {collection!r} at {client.uri}"
    if not client.has_collection(meta):
        raise IndexCorrupt(f"{where} has no {meta!r} collection with its manifest: {REBUILD_HINT}")
    client.load_collection(meta)
    bodies = _bodies(client, collection)
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
    info = json.loads(bodies.get("store", "{}"))
    if info.get("terms") != LEXICAL_WEIGHTS:
        raise IndexIncompatible(
            f"{where} keeps its BM25 terms as {info.get('terms', 'an older layout')!r}, this program reads "
            f"{LEXICAL_WEIGHTS!r}: {REBUILD_HINT}"
        )
    if info.get("rows") != ROWS:
        raise IndexIncompatible(
            f"{where} has paragraph rows {info.get('rows', 'without a numbered field')!r}, this program reads "
            f"{ROWS!r}: {REBUILD_HINT}"
        )
    return manifest, documents


def write_meta(client: Client, collection: str, manifest: IndexManifest, documents: Sequence[dict[str, Any]]) -> None:
    rows = [{"name": "manifest", "body": json.dumps(asdict(manifest))}]
    rows += [{"name": f"doc:{i}", "body": json.dumps(d, ensure_ascii=False)} for i, d in enumerate(documents)]
    _put(client, collection, rows)


def write_vocabulary(client: Client, collection: str, frequencies: dict[str, int], stats: Bm25Stats) -> None:
    """The corpus's BM25 terms and document frequencies (in chunks), and the collection statistics."""
    body = json.dumps(frequencies, ensure_ascii=False)
    chunks = [body[i : i + VOCAB_CHUNK] for i in range(0, len(body), VOCAB_CHUNK)] or ["{}"]
    rows = [{"name": "vocab:count", "body": str(len(chunks))}, {"name": "bm25", "body": json.dumps(asdict(stats))}]
    rows += [{"name": f"vocab:{i}", "body": c} for i, c in enumerate(chunks)]
    _put(client, collection, rows)


def read_vocabulary(client: Client, collection: str) -> tuple[dict[str, int], Bm25Stats]:
    """The vocabulary in the order it was written (a term's dimension is its position) and the statistics."""
    bodies = _bodies(client, collection)
    try:
        count = int(bodies["vocab:count"])
        data = json.loads("".join(bodies[f"vocab:{i}"] for i in range(count)))
        stats = Bm25Stats(**json.loads(bodies["bm25"]))
    except (KeyError, ValueError, TypeError) as exc:
        raise IndexCorrupt(
            f"Milvus collection {collection!r} at {client.uri} has no readable vocabulary ({exc!r}): {REBUILD_HINT}"
        ) from exc
    return {str(t): int(n) for t, n in data.items()}, stats


def write_store_info(client: Client, collection: str, info: dict[str, str]) -> None:
    """How the collection analyses text and indexes vectors (read back by :func:`read_store_info`)."""
    _put(client, collection, [{"name": "store", "body": json.dumps(info)}])


def read_store_info(client: Client, collection: str) -> dict[str, str]:
    rows = client.query(meta_name(collection), filter='name == "store"', output_fields=["body"])
    return dict(json.loads(rows[0]["body"])) if rows else {}
