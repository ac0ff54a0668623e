"""The index folder: a manifest, the paragraph table, the FAISS and BM25 indexes.

Layout::

    <index_dir>/
        manifest.json      format version, model, dim, corpus fingerprint, file checksums
        documents.json     what is known of each document
        paragraphs.jsonl   the paragraph table, row i = vector i = BM25 document i
        dense.faiss
        windows.faiss      the sentence windows' vectors (index/windows.py), if windows are on
        windows_owner.npy  the paragraph row of each window
        bm25/              bm25s files
        bm25_view/         bm25s files of the lexical view (the paragraphs' terms in the other language), if built

A build writes a sibling temporary folder and renames it into place, so an
interrupted or failed build leaves the last good index. Loading checks the
manifest and every file's checksum before anything is used.

What the service never touches: the index path is written only when it is missing,
an empty folder, or a folder holding this service's own index (its manifest and
files, nothing else); anything else is refused with :class:`UnsafeIndexPath` and left
as it was. A folder is this service's only by proof, never by its file names: its
``manifest.json`` carries the marker ``"index_of": "un-docs-qa"`` and a ``seal`` (the
sha256 of the manifest's own content), so a damaged index of ours (a file that no
longer matches its checksum) is still recognised and repaired, while a foreign
``manifest.json`` beside files named ``documents.json``, ``dense.faiss``, ``bm25/``… is
not. A manifest written before the seal existed proves ownership only when every file
it lists is there with its recorded checksum.

Next to the index folder the service creates, and only ever removes, its own
``.<name>.tmp-<pid>-<ms>`` (a build in progress), ``.<name>.old`` (the previous index
during a commit) and the lock files ``.<name>.lock`` (one build at a time) and
``.<name>.commit.lock`` (held for the two renames of a commit).
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from corpus.models import Document, Paragraph
from corpus.processes import process_alive
from index.dense import DenseIndex
from index.errors import (
    IndexCorrupt,
    IndexIncompatible,
    IndexNotBuilt,
    IndexStateError,
    IndexWriteError,
    UnsafeIndexPath,
)
from index.lexical import LexicalIndex
from index.windows import WindowIndex

__all__ = [
    "FORMAT_VERSION",
    "IndexManifest",
    "LoadedIndex",
    "build_lock",
    "check_index_target",
    "clean_stale_temp",
    "commit_folder",
    "is_own_index",
    "load_index",
    "read_manifest",
    "verify_files",
    "write_index",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The folder holding the packages; an index folder may never contain it."""

log = logging.getLogger(__name__)

FORMAT_VERSION = 3
"""2: sentence windows (``windows.faiss``, ``windows_owner.npy``, manifest ``windows``); Milvus ``entry`` field.
3: the lexical view (``bm25_view/``, manifest ``view``; :attr:`index.lexical.LexicalIndex.view`)."""
MANIFEST = "manifest.json"
_FILES = ("documents.json", "paragraphs.jsonl", "dense.faiss")
_WINDOW_FILES = ("windows.faiss", "windows_owner.npy")
_LAYOUT = frozenset({MANIFEST, *_FILES, *_WINDOW_FILES})
_LEXICAL = "bm25"
_VIEW = "bm25_view"
_BM25_FILE = re.compile(r"^[a-z_]+(\.[a-z]+)?\.index\.(json|npy)$")
"""The files ``bm25s`` saves: params.index.json, vocab.index.json, data.csc.index.npy…"""
_MANIFEST_FIELDS = frozenset({"format_version", "model", "dim", "corpus_fingerprint", "files"})
MARKER_KEY = "index_of"
MARKER = "un-docs-qa"
"""``manifest.json["index_of"]``: written by this service (with :data:`SEAL_KEY`)."""
SEAL_KEY = "seal"
"""``manifest.json["seal"]``: the sha256 of the manifest without this key (:func:`_seal`)."""
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
REBUILD_HINT = "rebuild it with `qa index --rebuild`"
CHOOSE_ANOTHER = "choose a new or empty folder for the index (`qa index --index-dir DIR` or QA_INDEX_DIR)"
COMMIT_WAIT_SECONDS = 30.0
"""How long a reader waits for a commit (two renames) in progress before trying again."""


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
    windows: int = 0
    """Sentences per window of the second dense signal (index/windows.py); 0: no windows."""
    view: str = ""
    """How the lexical view was made (:class:`index.passages.ViewTerms` ``id``); empty: no view."""
    context_window: bool = False
    """Each paragraph's contextual passage is one more window (index/windows.py, ``QA_CONTEXT_WINDOW``)."""
    tokenizer: str = ""
    """The BM25 tokens' version (:data:`index.tokenization.TOKENIZER_VERSION`); empty: before it was kept."""
    created: float = field(default_factory=time.time)
    files: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """Identifies the whole index: corpus, model and options."""
        raw = f"{self.corpus_fingerprint}|{self.model}|{self.faiss_type}|{self.embed_context}|{self.split_items}"
        if self.windows:
            raw += f"|windows={self.windows}"
        if self.view:
            raw += f"|view={self.view}"
        if self.context_window:
            raw += "|context_window"
        if self.tokenizer:
            raw += f"|tokenizer={self.tokenizer}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    @property
    def has_windows(self) -> bool:
        """Whether the index stores window vectors (sentence windows, or the contextual window)."""
        return bool(self.windows) or self.context_window


@dataclass
class LoadedIndex:
    manifest: IndexManifest
    documents: list[dict[str, Any]]
    paragraphs: list[Paragraph]
    dense: DenseIndex
    lexical: LexicalIndex
    path: Path
    windows: WindowIndex | None = None
    """The sentence windows (``None`` when the manifest says ``windows: 0``)."""


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


def _backup_path(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def _lock_file(target: Path, kind: str) -> Path:
    return target.parent / f".{target.name}.{kind}"


_TEMP = re.compile(r"^\.(?P<name>.+)\.tmp-(?P<pid>\d+)-(?P<ms>\d+)$")


def _temp_path(target: Path) -> Path:
    return target.parent / f".{target.name}.tmp-{os.getpid()}-{int(time.time() * 1000)}"


# -- what is ours -------------------------------------------------------------------------


def _seal(data: dict[str, Any]) -> str:
    """The sha256 of a manifest's content (every key but :data:`SEAL_KEY`), in a canonical JSON form."""
    body = {k: v for k, v in data.items() if k != SEAL_KEY}
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()


def _sealed(manifest: IndexManifest) -> dict[str, Any]:
    """The manifest as written to ``manifest.json``: with the marker and the seal that prove it ours."""
    data: dict[str, Any] = {MARKER_KEY: MARKER, **asdict(manifest)}
    data[SEAL_KEY] = _seal(data)
    return data


def _listed_files_match(folder: Path, files: dict[str, Any]) -> bool:
    """Every file listed is a plain file inside ``folder`` with its recorded checksum."""
    for name, digest in files.items():
        path = folder / name
        if ".." in Path(name).parts or Path(name).is_absolute() or path.is_symlink():
            return False
        try:
            if _sha256(path) != digest:
                return False
        except OSError:
            return False
    return True


def _manifest_files(folder: Path) -> set[str] | None:
    """The files listed by a manifest that proves the folder ours; ``None`` if there is no such manifest.

    Proof: our marker and a seal that matches the manifest's content (the listed files may be
    damaged: the index is then repaired), or, for a manifest written before seals, our fields and
    every listed file present with its recorded checksum.
    """
    path = folder / MANIFEST
    if path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not _MANIFEST_FIELDS <= data.keys():
        return None
    files = data["files"]
    if not isinstance(files, dict) or not files:
        return None
    if not all(isinstance(k, str) and isinstance(v, str) and _SHA256.match(v) for k, v in files.items()):
        return None
    if MARKER_KEY in data or SEAL_KEY in data:
        if data.get(MARKER_KEY) != MARKER or data.get(SEAL_KEY) != _seal(data):
            return None
    elif not _listed_files_match(folder, files):
        return None
    return set(files)


def _foreign_entries(folder: Path, listed: set[str]) -> list[str]:
    """Entries of ``folder`` that an index written by this service never holds."""
    foreign: list[str] = []
    for entry in sorted(folder.iterdir()):
        name = entry.name
        if entry.is_symlink():
            foreign.append(name)
        elif name in (_LEXICAL, _VIEW) and entry.is_dir():
            for sub in sorted(entry.iterdir()):
                rel = f"{name}/{sub.name}"
                ok = not sub.is_symlink() and sub.is_file() and (rel in listed or _BM25_FILE.match(sub.name))
                if not ok:
                    foreign.append(rel)
        elif not (entry.is_file() and (name in _LAYOUT or name in listed)):
            foreign.append(name)
    return foreign


def _ownership(folder: Path) -> tuple[bool, list[str]]:
    """``(holds an index of ours, entries that are not ours)`` for an existing, non-empty folder.

    Only a manifest proves a folder ours (:func:`_manifest_files`); without that proof every
    entry counts as not ours, whatever its name.
    """
    listed = _manifest_files(folder)
    if listed is None:
        return False, sorted(p.name for p in folder.iterdir())
    return True, _foreign_entries(folder, listed)


def is_own_index(folder: Path) -> bool:
    """True for a folder holding an index of this service and nothing else (it may be replaced)."""
    folder = Path(folder)
    if folder.is_symlink() or not folder.is_dir():
        return False
    ours, foreign = _ownership(folder)
    return ours and not foreign


def _shown(names: list[str]) -> str:
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def check_index_target(target: Path) -> Path:
    """The absolute index folder, if the service may write there; :class:`UnsafeIndexPath` otherwise.

    Allowed: a missing path (its parents are created), an empty folder, or a folder holding
    this service's index and nothing else. Never the current folder or a folder above it, a
    folder containing the project, a mount point or a file.
    """
    given = Path(target)
    path = Path(os.path.abspath(given.expanduser())).resolve()
    cwd = Path.cwd().resolve()
    if path == PROJECT_ROOT or path in PROJECT_ROOT.parents:
        raise UnsafeIndexPath(f"the index folder {given} ({path}) contains the project itself: {CHOOSE_ANOTHER}")
    if path == cwd or path in cwd.parents:
        raise UnsafeIndexPath(
            f"the index folder {given} is the current folder or a folder above it; the index is replaced by "
            f"renaming its folder, so {CHOOSE_ANOTHER}, e.g. ./var/index"
        )
    if not path.exists():
        return path
    if not path.is_dir():
        raise UnsafeIndexPath(
            f"the index path {given} is an existing file, not a folder; it is left untouched: {CHOOSE_ANOTHER}"
        )
    if os.path.ismount(path):
        raise UnsafeIndexPath(
            f"the index folder {given} is a mount point, which cannot be replaced by renaming: "
            f"use a folder inside it, e.g. {path / 'index'}"
        )
    try:
        empty = not any(path.iterdir())
    except OSError as exc:
        raise UnsafeIndexPath(f"the index folder {given} cannot be listed ({exc.strerror}): {CHOOSE_ANOTHER}") from exc
    if empty:
        return path
    ours, foreign = _ownership(path)
    if not ours:
        why = ""
        if (path / MANIFEST).exists():
            why = (
                f"; its {MANIFEST} is not one this service wrote (no valid index marker and seal, or files that "
                "do not match their checksums)"
            )
        raise UnsafeIndexPath(
            f"the index folder {given} is not empty and holds no index of this service ({_shown(foreign)}){why}; "
            f"it is left untouched: {CHOOSE_ANOTHER}"
        )
    if foreign:
        raise UnsafeIndexPath(
            f"the index folder {given} holds an index plus other files ({_shown(foreign)}) that would be lost "
            f"when the index is replaced; they are left untouched: move them out, or {CHOOSE_ANOTHER}"
        )
    return path


# -- locks --------------------------------------------------------------------------------


_HINTS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up", errno.EROFS: "mounted read-only"}
_HINTS.update({errno.EACCES: "no permission to write", errno.EPERM: "no permission to write"})


def _write_error(what: Path, exc: BaseException, *, target: Path) -> IndexWriteError:
    """The disk's refusal as a clear error: what could not be written, why, and that nothing changed."""
    code = exc.errno if isinstance(exc, OSError) else None
    if code is None:  # FAISS reports "write error in …: 4051 != 39936 (No space left on device)"
        code = next((c for c in _HINTS if os.strerror(c) in str(exc)), None)
    if code is not None:
        reason = f"{os.strerror(code)} ({_HINTS.get(code, 'the disk refused')})"
    else:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        reason = (lines[-1] if lines else type(exc).__name__)[:300]
    return IndexWriteError(
        f"cannot write {what}: {reason}. The index at {target} is unchanged; free disk space or make "
        f"{target.parent} writable, then run `qa index` again"
    )


@contextmanager
def build_lock(target: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` next to the index folder: one build (check, embed, write, commit) at a time.

    A second build waits, with a message, and then finds the index the first one made.
    """
    path = _lock_file(target, "lock")
    lock = FileLock(str(path))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            log.warning("another build of %s is running (lock %s); waiting for it to finish", target, path)
            lock.acquire()
    except OSError as exc:
        raise _write_error(path, exc, target=target) from exc
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _commit_lock(target: Path, *, timeout: float = -1) -> Iterator[bool]:
    """Hold ``.<name>.commit.lock``; yields False if it cannot be had (timeout or a read-only folder)."""
    lock = FileLock(str(_lock_file(target, "commit.lock")))
    try:
        lock.acquire(timeout=timeout)
    except (Timeout, OSError):
        yield False
        return
    try:
        yield True
    finally:
        lock.release()


def _commit_in_progress(target: Path) -> bool:
    """Whether a commit held the commit lock just now (then wait for it to end).

    A reader never creates the lock file: without one, no commit has ever run here.
    """
    path = _lock_file(target, "commit.lock")
    if not path.is_file():
        return False
    lock = FileLock(str(path))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        with _commit_lock(target, timeout=COMMIT_WAIT_SECONDS):
            return True
    except OSError:
        return False
    lock.release()
    return False


def clean_stale_temp(target: Path) -> list[Path]:
    """Remove ``.<name>.tmp-<pid>-<ms>`` folders left by builds whose process is gone.

    Only folders of exactly that name, of a dead process, holding nothing but index files.
    Call it while holding :func:`build_lock`.
    """
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    for entry in target.parent.iterdir():
        m = _TEMP.match(entry.name)
        if not m or m["name"] != target.name or entry.is_symlink() or not entry.is_dir():
            continue
        pid = int(m["pid"])
        if pid == os.getpid() or process_alive(pid):
            continue
        foreign = _foreign_entries(entry, _manifest_files(entry) or set())
        if foreign:
            log.warning("left %s alone: it holds files that are not the service's (%s)", entry, _shown(foreign))
            continue
        shutil.rmtree(entry, ignore_errors=True)
        log.info("removed %s, left by an interrupted build (process %d)", entry, pid)
        removed.append(entry)
    return removed


# -- writing ------------------------------------------------------------------------------


def write_index(
    target: Path,
    *,
    manifest: IndexManifest,
    documents: list[Document],
    paragraphs: list[Paragraph],
    dense: DenseIndex,
    lexical: LexicalIndex,
    windows: WindowIndex | None = None,
) -> IndexManifest:
    """Write everything to a temporary sibling folder, then rename it into place.

    ``windows`` must be given exactly when ``manifest.has_windows``, and ``lexical.view``
    exactly when ``manifest.view`` is not empty.

    ``target`` must pass :func:`check_index_target` (checked again here). A refusal of the disk
    raises :class:`IndexWriteError`; the previous index is then unchanged and the temporary
    folder removed.
    """
    if (windows is None) == manifest.has_windows:
        given = "none were" if windows is None else "they were"
        raise ValueError(
            f"the manifest says windows={manifest.windows}, context_window={manifest.context_window}, but {given} given"
        )
    if (lexical.view is None) != (not manifest.view):
        has = "has no" if lexical.view is None else "has a"
        raise ValueError(f"the manifest says view={manifest.view!r}, but the lexical index {has} view")
    target = check_index_target(target)
    tmp = _temp_path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as exc:
        raise _write_error(target, exc, target=target) from exc
    try:
        (tmp / "documents.json").write_text(
            json.dumps([document_record(d) for d in documents], ensure_ascii=False, indent=1), encoding="utf-8"
        )
        with (tmp / "paragraphs.jsonl").open("w", encoding="utf-8") as f:
            for p in paragraphs:
                f.write(json.dumps(p.to_record(), ensure_ascii=False) + "\n")
        dense.save(tmp / "dense.faiss")
        if windows is not None:
            windows.dense.save(tmp / "windows.faiss")
            np.save(tmp / "windows_owner.npy", windows.owner, allow_pickle=False)
        lexical.save(tmp / _LEXICAL)
        if lexical.view is not None:
            lexical.view.save(tmp / _VIEW)
        files = {p.relative_to(tmp).as_posix(): _sha256(p) for p in _tree_files(tmp)}
        final = IndexManifest(**{**asdict(manifest), "files": files})
        (tmp / MANIFEST).write_text(json.dumps(_sealed(final), indent=1), encoding="utf-8")
        commit_folder(tmp, target)
        return final
    except IndexStateError:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    except (OSError, RuntimeError) as exc:  # FAISS reports a failed write as RuntimeError
        shutil.rmtree(tmp, ignore_errors=True)
        raise _write_error(target, exc, target=target) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def commit_folder(tmp: Path, target: Path) -> None:
    """Replace ``target`` by ``tmp`` under the commit lock; a crash in between is repaired on load.

    An empty ``target`` is replaced in one rename; an index of ours is first moved to
    ``.<name>.old``, then removed. Anything else is refused (:class:`UnsafeIndexPath`).
    """
    backup = _backup_path(target)
    with _commit_lock(target):
        if backup.exists() or backup.is_symlink():
            if not is_own_index(backup):
                raise UnsafeIndexPath(
                    f"{backup} is in the way of the index commit and was not made by this service; it is left "
                    f"untouched: move it away or {CHOOSE_ANOTHER}"
                )
            shutil.rmtree(backup)
        if target.is_dir() and not target.is_symlink() and not any(target.iterdir()):
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            os.replace(tmp, target)  # rename(2) replaces an empty folder in one step
            return
        if target.exists() or target.is_symlink():
            if not is_own_index(target):
                raise UnsafeIndexPath(
                    f"the index folder {target} holds files that are not this service's index; it is left "
                    f"untouched: {CHOOSE_ANOTHER}"
                )
            os.replace(target, backup)
            try:
                os.replace(tmp, target)
            except BaseException:
                os.replace(backup, target)
                raise
        else:
            os.replace(tmp, target)
    shutil.rmtree(backup, ignore_errors=True)


def _restore_backup(target: Path) -> None:
    """Put back ``.<name>.old`` if a commit was interrupted between its two renames."""
    backup = _backup_path(target)
    if target.exists() or not backup.is_dir():
        return
    with _commit_lock(target, timeout=COMMIT_WAIT_SECONDS) as held:
        if held and not target.exists() and is_own_index(backup):
            try:
                os.replace(backup, target)
            except OSError as exc:
                log.warning("could not restore the previous index %s: %s", backup, exc)


# -- reading ------------------------------------------------------------------------------


def read_manifest(folder: Path) -> IndexManifest:
    folder = Path(folder)
    _restore_backup(folder)
    if not folder.exists():
        raise IndexNotBuilt(f"no index at {folder}: build it with `qa index`")
    path = folder / MANIFEST
    if not path.is_file():
        raise IndexCorrupt(f"{folder} is not an index folder (no {MANIFEST}): {REBUILD_HINT}")
    try:
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:  # swapped away by a commit since it was found
            raise IndexCorrupt(f"{folder} is not an index folder (no {MANIFEST}): {REBUILD_HINT}") from None
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("not an object")
        if (MARKER_KEY in data or SEAL_KEY in data) and (
            data.get(MARKER_KEY) != MARKER or data.get(SEAL_KEY) != _seal(data)
        ):
            raise ValueError("its seal does not match its content")
        data.pop(MARKER_KEY, None)
        data.pop(SEAL_KEY, None)
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


def verify_files(folder: Path, manifest: IndexManifest) -> None:
    """Check that every file the manifest lists is there with its recorded checksum."""
    for name in (*_FILES, *(_WINDOW_FILES if manifest.has_windows else ())):
        if name not in manifest.files:
            raise IndexCorrupt(f"{folder}: the manifest lists no {name}: {REBUILD_HINT}")
    for name, digest in manifest.files.items():
        path = folder / name
        try:
            actual = _sha256(path)
        except FileNotFoundError:  # missing, or swapped away by a commit since the manifest was read
            raise IndexCorrupt(f"{folder}: {name} is missing: {REBUILD_HINT}") from None
        except IsADirectoryError:
            raise IndexCorrupt(f"{folder}: {name} is not a file: {REBUILD_HINT}") from None
        if actual != digest:
            raise IndexCorrupt(f"{folder}: {name} does not match its checksum (changed or truncated): {REBUILD_HINT}")


def _stamp(folder: Path) -> tuple[int, int] | None:
    try:
        st = (folder / MANIFEST).stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns


LOAD_ATTEMPTS = 5
"""Reads of an index that overlap commits (each retried only when a commit changed the folder)."""


def load_index(folder: Path, *, model: str | None = None, dim: int | None = None) -> LoadedIndex:
    """Load and check an index; ``model``/``dim`` must match the embedder that will query it.

    A load that overlaps a commit (the folder swapped while its files were read) is tried
    again after the commit (up to :data:`LOAD_ATTEMPTS` reads in all), instead of reporting a
    false :class:`IndexCorrupt`; a folder that is damaged without a commit fails at once.
    """
    folder = Path(folder)
    for _ in range(LOAD_ATTEMPTS - 1):
        before = _stamp(folder)
        try:
            return _load_once(folder, model=model, dim=dim)
        except (IndexCorrupt, IndexNotBuilt):
            in_progress = _commit_in_progress(folder)
            if not in_progress and _stamp(folder) == before:
                raise
        log.info("%s changed while it was read (a build committed); reading it again", folder)
    return _load_once(folder, model=model, dim=dim)


def _load_once(folder: Path, *, model: str | None, dim: int | None) -> LoadedIndex:
    manifest = read_manifest(folder)
    if model is not None and manifest.model != model:
        raise IndexIncompatible(
            f"{folder} was built with model {manifest.model!r}, but the service uses {model!r}: {REBUILD_HINT}"
        )
    if dim is not None and manifest.dim != dim:
        raise IndexIncompatible(f"{folder} holds {manifest.dim}-d vectors, the model makes {dim}-d: {REBUILD_HINT}")
    verify_files(folder, manifest)
    try:
        documents = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        paragraphs = []
        with (folder / "paragraphs.jsonl").open(encoding="utf-8") as f:
            for line in f:
                paragraphs.append(Paragraph.from_dict(json.loads(line)))
        dense = DenseIndex.load(folder / "dense.faiss", manifest.faiss_type)
        lexical = LexicalIndex.load(folder / _LEXICAL, len(paragraphs))
        if manifest.view:
            lexical.view = LexicalIndex.load(folder / _VIEW, len(paragraphs))
        windows = _load_windows(folder, manifest, len(paragraphs)) if manifest.has_windows else None
    except Exception as exc:  # any parse error of a checked file means the folder is not ours
        raise IndexCorrupt(f"{folder} cannot be read ({type(exc).__name__}: {exc}): {REBUILD_HINT}") from exc
    if dense.size != len(paragraphs) or len(paragraphs) != manifest.paragraphs:
        raise IndexCorrupt(
            f"{folder}: {dense.size} vectors for {len(paragraphs)} paragraphs (manifest: {manifest.paragraphs}): "
            f"{REBUILD_HINT}"
        )
    return LoadedIndex(manifest, documents, paragraphs, dense, lexical, folder, windows)


def _load_windows(folder: Path, manifest: IndexManifest, paragraphs: int) -> WindowIndex:
    owner = np.load(folder / "windows_owner.npy", allow_pickle=False)
    kind = manifest.faiss_type if len(owner) else "flat"  # no windows: an empty flat index
    return WindowIndex(DenseIndex.load(folder / "windows.faiss", kind), owner, paragraphs=paragraphs)
