"""The index folder: a manifest, the paragraph table, the FAISS and BM25 indexes.

Layout::

    <index_dir>/
        manifest.json      format version, model, dim, corpus fingerprint, file checksums
        documents.json     what is known of each document
        paragraphs.jsonl   the paragraph table, row i = vector i = BM25 document i
        dense.faiss
        bm25/              bm25s files

A build writes a sibling temporary folder and renames it into place, so an
interrupted or failed build leaves the last good index. Loading checks the
manifest and every file's checksum before anything is used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from corpus.models import Document, Paragraph
from index.dense import DenseIndex
from index.lexical import LexicalIndex
from qa.exceptions import IndexCorrupt, IndexIncompatible, IndexNotBuilt

__all__ = [
    "FORMAT_VERSION",
    "IndexManifest",
    "LoadedIndex",
    "commit_folder",
    "load_index",
    "read_manifest",
    "write_index",
]

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_FILES = ("documents.json", "paragraphs.jsonl", "dense.faiss")
REBUILD_HINT = "rebuild it with `qa index --rebuild`"


@dataclass(frozen=True)
class IndexManifest:
    format_version: int
    model: str
    dim: int
    corpus_fingerprint: str
    faiss_type: str
    paragraphs: int
    documents: int
    embed_context: bool
    split_items: bool
    created: float = field(default_factory=time.time)
    files: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Identifies the whole index: corpus, model and options."""
        raw = f"{self.corpus_fingerprint}|{self.model}|{self.faiss_type}|{self.embed_context}|{self.split_items}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass
class LoadedIndex:
    manifest: IndexManifest
    documents: list[dict[str, Any]]
    paragraphs: list[Paragraph]
    dense: DenseIndex
    lexical: LexicalIndex
    path: Path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _tree_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST)


def document_record(doc: Document) -> dict[str, Any]:
    info = doc.info
    return {
        "doc_id": doc.doc_id,
        "symbol": doc.symbol,
        "symbol_rule": str(info.symbol_rule),
        "title": info.title,
        "title_en": info.title_en,
        "body": info.body,
        "session": info.session,
        "session_label": info.session_label,
        "date": info.date or info.dates,
        "dates": info.dates,
        "agenda_item": info.agenda_item,
        "language": info.language,
        "paragraphs": len(doc.paragraphs),
        "numbered_paragraphs": doc.numbered_count,
        "source": doc.source,
    }


def write_index(
    target: Path,
    *,
    manifest: IndexManifest,
    documents: list[Document],
    paragraphs: list[Paragraph],
    dense: DenseIndex,
    lexical: LexicalIndex,
) -> IndexManifest:
    """Write everything to a temporary sibling folder, then rename it into place."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.parent / f".{target.name}.tmp-{os.getpid()}-{int(time.time() * 1000)}"
    tmp.mkdir()
    try:
        (tmp / "documents.json").write_text(
            json.dumps([document_record(d) for d in documents], ensure_ascii=False, indent=1), encoding="utf-8"
        )
        with (tmp / "paragraphs.jsonl").open("w", encoding="utf-8") as f:
            for p in paragraphs:
                row = asdict(p)
                row["lines"] = list(p.lines)
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        dense.save(tmp / "dense.faiss")
        lexical.save(tmp / "bm25")
        files = {p.relative_to(tmp).as_posix(): _sha256(p) for p in _tree_files(tmp)}
        final = IndexManifest(**{**asdict(manifest), "files": files})
        (tmp / MANIFEST).write_text(json.dumps(asdict(final), indent=1), encoding="utf-8")
        commit_folder(tmp, target)
        return final
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def commit_folder(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp`` with two renames; a crash in between is repaired on load."""
    backup = target.parent / f".{target.name}.old"
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    os.replace(tmp, target)
    shutil.rmtree(backup, ignore_errors=True)


def _restore_backup(target: Path) -> None:
    backup = target.parent / f".{target.name}.old"
    if not target.exists() and backup.exists():
        with contextlib.suppress(OSError):
            os.replace(backup, target)


def read_manifest(folder: Path) -> IndexManifest:
    folder = Path(folder)
    _restore_backup(folder)
    if not folder.exists():
        raise IndexNotBuilt(f"no index at {folder}: build it with `qa index`")
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexCorrupt(f"{folder} is not an index folder (no {MANIFEST}): {REBUILD_HINT}")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        version = data.get("format_version")
        if version != FORMAT_VERSION:
            raise IndexIncompatible(
                f"{folder} has index format {version!r}, this program reads format {FORMAT_VERSION}: {REBUILD_HINT}"
            )
        return IndexManifest(**data)
    except IndexIncompatible:
        raise
    except (ValueError, TypeError, UnicodeDecodeError) as exc:
        raise IndexCorrupt(f"{path} is unreadable ({exc}): {REBUILD_HINT}") from exc


def load_index(folder: Path, *, model: str | None = None, dim: int | None = None) -> LoadedIndex:
    """Load and check an index; ``model``/``dim`` must match the embedder that will query it."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    if model is not None and manifest.model != model:
        raise IndexIncompatible(
            f"{folder} was built with model {manifest.model!r}, but the service uses {model!r}: {REBUILD_HINT}"
        )
    if dim is not None and manifest.dim != dim:
        raise IndexIncompatible(f"{folder} holds {manifest.dim}-d vectors, the model makes {dim}-d: {REBUILD_HINT}")
    for name in _FILES:
        if name not in manifest.files:
            raise IndexCorrupt(f"{folder}: the manifest lists no {name}: {REBUILD_HINT}")
    for name, digest in manifest.files.items():
        path = folder / name
        if not path.is_file():
            raise IndexCorrupt(f"{folder}: {name} is missing: {REBUILD_HINT}")
        if _sha256(path) != digest:
            raise IndexCorrupt(f"{folder}: {name} does not match its checksum (changed or truncated): {REBUILD_HINT}")
    try:
        documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        paragraphs = []
        with (folder / "paragraphs.jsonl").open(encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                row["lines"] = tuple(row["lines"])
                paragraphs.append(Paragraph(**row))
        dense = DenseIndex.load(folder / "dense.faiss", manifest.faiss_type)
        lexical = LexicalIndex.load(folder / "bm25", len(paragraphs))
    except Exception as exc:  # any parse error of a checked file means the folder is not ours
        raise IndexCorrupt(f"{folder} cannot be read ({type(exc).__name__}: {exc}): {REBUILD_HINT}") from exc
    if dense.size != len(paragraphs) or len(paragraphs) != manifest.paragraphs:
        raise IndexCorrupt(
            f"{folder}: {dense.size} vectors for {len(paragraphs)} paragraphs (manifest: {manifest.paragraphs}): "
            f"{REBUILD_HINT}"
        )
    return LoadedIndex(manifest, documents, paragraphs, dense, lexical, folder)
