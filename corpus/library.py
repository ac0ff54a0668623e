"""Add documents to the corpus folder and take them out again (``qa add``, ``qa remove``, the API).

Added documents are recorded in ``added.toml`` beside the hand-written ``documents.toml``,
which is never written. Safety rules:

* a file is written under a temporary name in the corpus folder, its entry is written to
  ``added.toml`` (itself rewritten under a temporary name and renamed), and only then is the
  file renamed into place: a process killed at any point leaves either nothing new, or an
  entry whose file is missing (reported by the loader; the next add of the file or a remove of
  the entry settles it), and temporary files of dead processes are removed by the next add or
  remove;
* only files the service added are ever deleted: a plain file directly inside the corpus
  folder (no ``..``, no symbolic link, never a manifest), listed in ``added.toml`` with the
  checksum it recorded and still matching it, or a file whose content-addressed name
  ``<slug>_<sha256[:12]>.<ext>`` matches its content (a copy whose entry was never written, by
  an older version killed mid-add); a bundled or hand-placed document is refused with what
  to do instead;
* the same file again is reported as already indexed and nothing changes; a different file
  with a symbol (and language) already present is refused unless ``replace`` is given;
* a lock file (in the system's temporary folder, named after the corpus folder) serializes
  writers, in this process and others; nothing but documents and ``added.toml`` is written
  into the corpus folder.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock

from corpus.errors import CorpusError, CorpusWriteError, DocumentConflict, NotFound, UploadTooLarge
from corpus.language import check_language, detect_language
from corpus.loading import (
    ADDED_MANIFEST_NAME,
    MANIFEST_NAME,
    Corpus,
    load_corpus,
    read_and_parse,
    supported_suffixes,
)
from corpus.models import Document, SymbolRule
from corpus.processes import process_alive
from corpus.readers.limits import ParseLimits
from corpus.sandbox import clean_stale_scratch, make_scratch
from corpus.symbols import is_symbol, normalize_symbol, propose_symbol, resolve_reference

__all__ = [
    "MAX_NAME_BYTES",
    "AddResult",
    "RemoveResult",
    "add_document",
    "added_entries",
    "clean_stale_scratch",
    "corpus_lock",
    "remove_document",
]

log = logging.getLogger(__name__)

_SLUG_RE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_NAME_BYTES = 255
"""The longest file name (in UTF-8 bytes) most file systems store."""
_TEMP_RE = re.compile(r"^\.(?P<name>.+)\.tmp-(?P<pid>\d+)-\d+$")
"""``.<name>.tmp-<pid>-<ns>``: a file :func:`_write_atomic` is writing."""
_OWN_NAME_RE = re.compile(r"^(?P<slug>[A-Za-z0-9_-]{1,40})_(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
"""The content-addressed name ``add_document`` gives a file (:func:`_doc_id` plus its suffix)."""


@dataclass(frozen=True)
class AddResult:
    """What adding one file found and did."""

    doc_id: str
    file: str
    symbol: str | None
    symbol_rule: str
    symbol_evidence: str
    language: str
    numbered: int
    entries: int
    footnotes: int
    already: bool = False
    """The same file was already in the corpus: nothing changed."""
    replaced: str | None = None
    """The doc_id this file replaced."""
    warnings: list[str] = field(default_factory=list)
    """What could not be read, or was only guessed (a language to give with ``--lang``…)."""
    removed: list[str] = field(default_factory=list)
    """What the reader and the layout rules took out of the text, with counts (``12 page numbers``)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "file": self.file,
            "symbol": self.symbol,
            "symbol_rule": self.symbol_rule,
            "symbol_evidence": self.symbol_evidence,
            "language": self.language,
            "numbered_paragraphs": self.numbered,
            "entries": self.entries,
            "footnotes": self.footnotes,
            "status": "already indexed" if self.already else ("replaced" if self.replaced else "added"),
            "replaced": self.replaced,
            "warnings": list(self.warnings),
            "removed": list(self.removed),
        }


@dataclass(frozen=True)
class RemoveResult:
    doc_id: str
    symbol: str | None
    file: str


@contextlib.contextmanager
def corpus_lock(corpus_dir: Path, *, timeout: float = 600.0) -> Iterator[None]:
    """Serialize changes to one corpus folder (threads and processes)."""
    key = hashlib.sha256(str(Path(corpus_dir).resolve()).encode()).hexdigest()[:16]
    with FileLock(str(Path(tempfile.gettempdir()) / f"qa-corpus-{key}.lock"), timeout=timeout):
        yield


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp-{os.getpid()}-{time.monotonic_ns()}")


def _write_temp(path: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``path`` (removed again if the write fails)."""
    tmp = _temp_name(path)
    try:
        tmp.write_bytes(data)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()  # our own temporary file
        if isinstance(exc, OSError):
            raise _corpus_write_error(path.parent, exc) from exc
        raise
    return tmp


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()  # our own temporary file
        if isinstance(exc, OSError):
            raise _corpus_write_error(path.parent, exc) from exc
        raise


_WRITE_HINTS = {
    errno.EROFS: "the corpus folder is on a read-only file system",
    errno.EACCES: "no permission to write in the corpus folder",
    errno.EPERM: "no permission to write in the corpus folder",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
}


def _corpus_write_error(folder: Path, exc: OSError) -> CorpusWriteError:
    """The disk's refusal, blaming the corpus folder (not the document being added)."""
    why = _WRITE_HINTS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
    return CorpusWriteError(
        f"cannot write to the corpus folder {folder}: {why}; nothing was added or removed "
        "(make it writable, or set QA_CORPUS_DIR to a writable folder)"
    )


def _clean_stale_temp(folder: Path) -> None:
    """Remove ``.<name>.tmp-<pid>-<ns>`` files that processes killed mid-write left in ``folder``."""
    for entry in folder.iterdir():
        m = _TEMP_RE.match(entry.name)
        if not m or entry.is_symlink() or not entry.is_file() or process_alive(int(m["pid"])):
            continue
        with contextlib.suppress(OSError):
            entry.unlink()
            log.info("removed %s, left by an interrupted add (process %s)", entry, m["pid"])


def added_entries(corpus_dir: Path) -> list[dict[str, Any]]:
    """The entries of ``added.toml`` (empty when nothing was added)."""
    from corpus.loading import _read_manifest

    return _read_manifest(Path(corpus_dir) / ADDED_MANIFEST_NAME)


def _write_added(corpus_dir: Path, entries: list[dict[str, Any]]) -> None:
    lines = [
        "# Written by `qa add` and POST /documents: the documents the service added to this folder.",
        f"# Hand-written entries belong in {MANIFEST_NAME}; this file is rewritten on every add and remove.",
        "",
    ]
    for entry in entries:
        lines.append("[[document]]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in entry.items() if value is not None]
        lines.append("")
    _write_atomic(Path(corpus_dir) / ADDED_MANIFEST_NAME, "\n".join(lines).encode("utf-8"))


def _check_name(name: str) -> tuple[str, str]:
    """``(stem, suffix)`` of an uploaded or given file name; no folders, a supported type."""
    if not name or name != Path(name).name or name in (".", "..") or "\\" in name or "\0" in name:
        raise CorpusError(f"bad file name {_cut(name)!r}: give a plain file name, without folders")
    size = len(name.encode("utf-8", "surrogatepass"))
    if size > MAX_NAME_BYTES:
        raise CorpusError(
            f"the file name {_cut(name)!r} is {size:,} bytes long; the limit is {MAX_NAME_BYTES}: rename the file"
        )
    suffix = Path(name).suffix.lower()
    if suffix not in supported_suffixes():
        raise CorpusError(
            f"{_cut(name)}: unsupported file type {_cut(suffix, 20) or '(none)'!r}; "
            f"supported: {', '.join(supported_suffixes())}"
        )
    return Path(name).stem, suffix


def _cut(text: str, limit: int = 120) -> str:
    """``text`` as echoed in a message: at most ``limit`` characters."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


def _doc_id(stem: str, digest: str) -> str:
    slug = _SLUG_RE.sub("-", stem).strip("-_")[:40] or "document"
    return f"{slug}_{digest[:12]}"


def add_document(
    corpus_dir: Path | str,
    data: bytes,
    *,
    filename: str,
    symbol: str | None = None,
    lang: str | None = None,
    replace: bool = False,
    max_bytes: int = 50_000_000,
    cache_dir: Path | str | None = None,
    limits: ParseLimits | None = None,
) -> AddResult:
    """Add one document (its bytes and its file name) to ``corpus_dir``; see the module docstring.

    Raises :class:`CorpusError` for a file that cannot be read or has no paragraphs,
    :class:`UploadTooLarge` over ``max_bytes`` and :class:`DocumentConflict` for a symbol
    already present (unless ``replace``). With ``limits`` the file is read in a worker process
    (:mod:`corpus.sandbox`) and one over a limit raises :class:`ParseLimitExceeded`; nothing is written.
    """
    folder = Path(corpus_dir).resolve()
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such corpus folder (set QA_CORPUS_DIR)")
    stem, suffix = _check_name(filename)
    if len(data) > max_bytes:
        raise UploadTooLarge(
            f"{filename} is {len(data):,} bytes; the cap is {max_bytes:,} (setting QA_MAX_UPLOAD_BYTES)"
        )
    if not data.strip():
        raise CorpusError(f"{filename}: the file is empty; supply the document's content")
    wanted_lang = check_language(lang) if lang else None
    wanted_symbol = normalize_symbol(symbol) if symbol else None
    if wanted_symbol is not None and not is_symbol(wanted_symbol):
        raise CorpusError(f"{symbol!r} does not look like a UN document symbol (e.g. HSP/HA.2/4)")
    digest = hashlib.sha256(data).hexdigest()

    with corpus_lock(folder):
        _clean_stale_temp(folder)
        corpus = load_corpus(folder, cache_dir=cache_dir, limits=limits)
        for doc in corpus:
            if doc.sha256 == digest:
                return _already(doc)

        scratch = make_scratch()
        try:
            probe = scratch / filename  # checked above: a plain name; readers may quote it
            probe.write_bytes(data)
            item, _ = read_and_parse(probe, lang=wanted_lang, raw=data, limits=limits)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)  # our own scratch folder
        parsed = item.parsed
        if not parsed.blocks:
            raise CorpusError(f"{filename}: no paragraphs were found (no text after the header)")
        warnings = [*item.reader_warnings, *parsed.warnings]

        language = wanted_lang or item.language_hint
        if language is None:
            guess = detect_language("\n".join(b.text for b in parsed.blocks[:50]))
            language = guess.language
            if language is None:
                language = parsed.lang
                warnings.append(f"the language cannot be told ({guess.evidence}); add it again with --lang")

        own: str | None
        if wanted_symbol:
            own, rule, evidence = wanted_symbol, SymbolRule.MANIFEST, "given with --symbol"
        elif item.symbol:
            own, rule, evidence = normalize_symbol(item.symbol), SymbolRule.HEADER, item.symbol_evidence
        else:
            proposal = propose_symbol(
                header_lines=[t for _, t in parsed.header_lines],
                opening_text="\n".join(b.text for b in parsed.blocks[:4]),
                footnotes=[t for _, t in parsed.footnotes],
            )
            own, rule, evidence = proposal.symbol, proposal.rule, proposal.evidence
            if own is None:
                warnings.append(f"no symbol found ({evidence}); give one with --symbol")

        entries = added_entries(folder)
        added_ids = {str(e.get("doc_id")) for e in entries}
        replaced: str | None = None
        if own:
            clash = [d for d in corpus if d.symbol and d.symbol.upper() == own.upper() and d.info.language == language]
            for doc in clash:
                if not replace:
                    raise DocumentConflict(
                        f"{own} ({language}) is already in the corpus as {doc.doc_id} ({doc.source}), from a "
                        "different file: add it with --replace (replace=true) to replace it"
                    )
                if doc.doc_id not in added_ids:
                    raise DocumentConflict(
                        f"{own} is {doc.doc_id}, a document the service did not add ({doc.source}); "
                        "it is never deleted or replaced here: remove or move that file yourself"
                    )
                replaced = doc.doc_id

        doc_id = _doc_id(stem, digest)
        target = folder / f"{doc_id}{suffix}"
        if target.exists():
            raise CorpusError(f"{target.name} already exists in {folder} and is not this file: nothing was changed")
        entry: dict[str, Any] = {
            "doc_id": doc_id,
            "file": target.name,
            "symbol": own,
            "symbol_source": str(rule),
            "symbol_evidence": evidence,
            "title": _title(parsed, language, stem),
            **_header_facts(parsed, language),
            "language": language,
            "original_name": filename,
            "sha256": digest,
            "added": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        # an entry of the same doc_id whose file is missing (an add killed before its rename) is replaced
        keep = [e for e in entries if str(e.get("doc_id")) not in (replaced, doc_id)]
        tmp = _write_temp(target, data)  # 1. the bytes, under a temporary name the loader skips
        try:
            _write_added(folder, [*keep, entry])  # 2. the intent: the entry, before the file is visible
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()  # our own temporary file
            raise
        try:
            os.replace(tmp, target)  # 3. the file in place
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            with contextlib.suppress(OSError, CorpusError):
                _write_added(folder, entries)  # back to what it was
            if isinstance(exc, OSError):
                raise _corpus_write_error(folder, exc) from exc
            raise
        if replaced:
            old = next(e for e in entries if str(e.get("doc_id")) == replaced)
            _delete_ours(folder, old)

    numbered = sum(1 for b in parsed.blocks if b.paragraph and b.paragraph.isdigit())
    return AddResult(
        doc_id=doc_id,
        file=target.name,
        symbol=own,
        symbol_rule=str(rule),
        symbol_evidence=evidence,
        language=language,
        numbered=numbered,
        entries=len(parsed.blocks),
        footnotes=parsed.footnote_count,
        replaced=replaced,
        warnings=warnings,
        removed=[str(r) for r in parsed.removed],
    )


def _header_facts(parsed: Any, language: str) -> dict[str, str]:
    """Date, body, session and agenda item as the header block prints them (only those it prints)."""
    from corpus.layout import read_header

    facts = read_header([t for _, t in parsed.header_lines], language)
    found = {"date": facts.date, "body": facts.body, "session_label": facts.session, "agenda_item": facts.agenda_item}
    return {k: v for k, v in found.items() if v}


def _title(parsed: Any, language: str, stem: str) -> str:
    from corpus.layout import read_header
    from corpus.loading import _guess_title

    header = [t for _, t in parsed.header_lines]
    return read_header(header, language).title or _guess_title(header, language) or stem


def _already(doc: Document) -> AddResult:
    return AddResult(
        doc_id=doc.doc_id,
        file=Path(doc.source).name,
        symbol=doc.symbol,
        symbol_rule=str(doc.info.symbol_rule),
        symbol_evidence=doc.info.symbol_evidence,
        language=doc.info.language,
        numbered=doc.numbered_count,
        entries=len(doc.paragraphs),
        footnotes=doc.footnote_count,
        already=True,
    )


def _added_file(folder: Path, entry: dict[str, Any]) -> Path:
    """The file an ``added.toml`` entry names, if the service may delete it; :class:`CorpusError` otherwise.

    It must be a plain name of a supported type directly inside ``folder`` (no ``..``, no link,
    never a manifest) and the entry must carry the sha256 the service recorded. The file may be
    missing (then there is nothing to delete); if it is there, its content is checked by the caller.
    """
    name = str(entry.get("file", ""))
    doc_id = str(entry.get("doc_id", ""))
    where = f"{ADDED_MANIFEST_NAME} entry {_cut(doc_id)!r}"
    path = folder / name
    plain = bool(name) and name == Path(name).name and name not in (".", "..") and "\\" not in name
    if not plain or path.parent != folder:
        raise CorpusError(
            f"the {where} names {_cut(name)!r}, which is not a file directly inside the corpus folder {folder}; "
            f"nothing was deleted: correct or delete that entry in {folder / ADDED_MANIFEST_NAME}"
        )
    if name in (MANIFEST_NAME, ADDED_MANIFEST_NAME) or Path(name).suffix.lower() not in supported_suffixes():
        raise CorpusError(
            f"the {where} names {name!r}, which is not a document the service adds; nothing was deleted: "
            f"correct or delete that entry in {folder / ADDED_MANIFEST_NAME}"
        )
    digest = entry.get("sha256")
    if not isinstance(digest, str) or not re.fullmatch(r"[0-9a-f]{64}", digest):
        raise CorpusError(
            f"the {where} for {name} has no valid sha256 checksum, so the file cannot be proven to be the one the "
            f"service added; nothing was deleted: delete the file and the entry yourself"
        )
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise CorpusError(f"{name} in {folder} is not a plain file; nothing was deleted: remove it yourself")
    return path


def _matches(path: Path, digest: str) -> bool:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest() == digest


def _delete_ours(folder: Path, entry: dict[str, Any]) -> None:
    """Delete a file the service added, only if it is still the file it recorded."""
    path = _added_file(folder, entry)
    if not path.is_file():
        return
    if not _matches(path, str(entry["sha256"])):
        raise CorpusError(f"{path.name} changed since it was added; it was left in place: remove it yourself")
    path.unlink()


def _orphan(folder: Path, doc_id: str, current: Corpus) -> Path | None:
    """A file the service wrote but never listed (an older version killed between its rename and the
    ``added.toml`` write): its content-addressed name ``<slug>_<sha256[:12]>.<ext>`` matches its content."""
    doc = current.documents.get(doc_id)
    if doc is None:
        return None
    path = folder / Path(doc.source).name
    m = _OWN_NAME_RE.match(path.name)
    if not m or path.stem != doc_id or path.is_symlink() or not path.is_file():
        return None
    if path.parent != folder or not doc.sha256.startswith(m["digest"]) or not _matches(path, doc.sha256):
        return None
    if any(str(e.get("file", "")) == path.name for e in _read_hand_written(folder)):
        return None  # listed in documents.toml: placed by hand
    return path


def _read_hand_written(folder: Path) -> list[dict[str, Any]]:
    from corpus.loading import _read_manifest

    return _read_manifest(folder / MANIFEST_NAME)


def remove_document(corpus_dir: Path | str, ref: str, *, corpus: Corpus | None = None) -> RemoveResult:
    """Take out a document the service added (by doc_id or symbol); others are refused.

    See the module docstring for which files may be deleted; anything else raises
    :class:`CorpusError` and changes nothing.
    """
    folder = Path(corpus_dir).resolve()
    with corpus_lock(folder):
        _clean_stale_temp(folder)
        entries = added_entries(folder)
        current = corpus or load_corpus(folder)
        try:
            doc_id = resolve_reference(ref, ((d.doc_id, d.symbol) for d in current))
        except NotFound:
            doc_id = resolve_reference(ref, ((str(e.get("doc_id")), e.get("symbol")) for e in entries))
        entry = next((e for e in entries if str(e.get("doc_id")) == doc_id), None)
        if entry is None:
            orphan = _orphan(folder, doc_id, current)
            if orphan is None:
                doc = current.documents.get(doc_id)
                where = doc.source if doc else doc_id
                raise CorpusError(
                    f"{doc_id} ({where}) was not added with `qa add`: the service never deletes files it did not "
                    "create; remove the file and its documents.toml entry yourself"
                )
            orphan.unlink()  # verified: a file of our naming whose name is its own checksum
            doc = current.documents[doc_id]
            return RemoveResult(doc_id=doc_id, symbol=doc.symbol, file=orphan.name)
        path = _added_file(folder, entry)
        if path.is_file() and not _matches(path, str(entry["sha256"])):
            raise CorpusError(f"{path.name} changed since it was added; nothing was removed: remove it yourself")
        _write_added(folder, [e for e in entries if str(e.get("doc_id")) != doc_id])
        try:
            path.unlink()  # verified above: the file the service wrote
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise _corpus_write_error(folder, exc) from exc
    symbol = entry.get("symbol")
    return RemoveResult(doc_id=doc_id, symbol=str(symbol) if symbol else None, file=path.name)
