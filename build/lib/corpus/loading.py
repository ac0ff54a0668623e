"""Load a corpus folder: the manifest, every document's paragraphs, and what went wrong.

A broken document never stops the others from loading: an undecodable or empty file,
a file with no numbered paragraphs, a manifest entry whose file is missing, or a
duplicate doc_id is reported in :attr:`Corpus.problems` (and logged) and skipped.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from corpus.citations import cite, cite_zh
from corpus.models import Document, DocumentInfo, Paragraph, RawBlock, SymbolRule
from corpus.parsing import SUBITEM_RE, parse_text
from corpus.symbols import normalize_symbol, propose_symbol, resolve_reference
from qa.exceptions import CorpusError, NotFound

__all__ = ["PARSER_VERSION", "Corpus", "CorpusProblem", "load_corpus", "split_subitems"]

log = logging.getLogger(__name__)

PARSER_VERSION = "1"
"""Bumped whenever parsing changes what a paragraph's text is (it changes the fingerprint)."""

MANIFEST_NAME = "documents.toml"


@dataclass(frozen=True, slots=True)
class CorpusProblem:
    """Something wrong with one file or manifest entry."""

    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@dataclass
class Corpus:
    """Documents in order, with lookups by doc_id or symbol."""

    root: Path
    documents: dict[str, Document]
    problems: list[CorpusProblem] = field(default_factory=list)
    split_items: bool = False

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents.values())

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for d in self.documents.values() for p in d.paragraphs]

    def resolve(self, ref: str) -> Document:
        """A document by doc_id or symbol (case-insensitive for symbols)."""
        return self.documents[resolve_reference(ref, ((d.doc_id, d.symbol) for d in self))]

    def paragraph(self, ref: str, number: str) -> Paragraph:
        doc = self.resolve(ref)
        found = doc.paragraph(number.strip())
        if found is None:
            numbers = [p.paragraph for p in doc.paragraphs if p.paragraph]
            span = f"{numbers[0]}–{numbers[-1]}" if numbers else "none"
            raise NotFound(f"{doc.doc_id} has no paragraph {number!r} (numbered paragraphs: {span})")
        return found

    @property
    def fingerprint(self) -> str:
        """Changes when any document's text, facts or the parser changes."""
        h = hashlib.sha256(f"parser={PARSER_VERSION};split={self.split_items}".encode())
        for doc in self.documents.values():
            h.update(f"{doc.doc_id}:{doc.sha256}:{doc.info}".encode())
        return h.hexdigest()[:16]


def _read_manifest(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: the manifest is not valid TOML: {exc}") from exc
    entries = data.get("document", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CorpusError(f"{path}: expected [[document]] tables")
    return entries


def _info_from_manifest(entry: dict[str, Any], doc_id: str) -> DocumentInfo:
    rule_name = str(entry.get("symbol_source", "manifest"))
    try:
        rule = SymbolRule(rule_name)
    except ValueError:
        rule = SymbolRule.MANIFEST
    symbol = entry.get("symbol")
    return DocumentInfo(
        doc_id=doc_id,
        symbol=normalize_symbol(str(symbol)) if symbol else None,
        symbol_rule=rule,
        title=str(entry.get("title", doc_id)),
        title_en=str(entry.get("title_en", "")),
        body=str(entry.get("body", "")),
        session=entry.get("session"),
        session_label=str(entry.get("session_label", "")),
        session_label_zh=str(entry.get("session_label_zh", "")),
        dates=str(entry.get("dates", "")),
        date=str(entry.get("date", "")),
        agenda_item=str(entry["agenda_item"]) if "agenda_item" in entry else None,
        language=str(entry.get("language", "zh")),
        symbol_evidence=str(entry.get("symbol_evidence", "")),
    )


def _guess_title(header: list[str]) -> str:
    """The last substantial header line before the report's heading."""
    lines = [h for h in header if len(h) > 4 and not re.search(r"\d{4}|议程|Distr|Original|Chinese", h)]
    return lines[-1] if lines else ""


def split_subitems(paragraphs: list[RawBlock]) -> list[RawBlock]:
    """Give each sub-item ``(a)`` an entry ``17(a)`` of its own after its paragraph's chapeau."""
    out: list[RawBlock] = []
    for block in paragraphs:
        parts = block.text.split("\n")
        if block.paragraph is None or len(parts) == 1:
            out.append(block)
            continue
        out.append(replace(block, text=parts[0]))
        for part in parts[1:]:
            m = SUBITEM_RE.match(part)
            number = f"{block.paragraph}({m.group(1)})" if m else block.paragraph
            out.append(replace(block, paragraph=number, text=part))
    return out


def _build_document(path: Path, root: Path, info: DocumentInfo | None, *, split_items: bool) -> Document:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"not UTF-8 text (byte {exc.start}: {exc.reason}); save it as UTF-8") from exc
    if not text.strip():
        raise CorpusError("the file is empty")
    parsed = parse_text(text)
    if not any(b.paragraph for b in parsed.blocks):
        raise CorpusError("no numbered paragraphs ('1. …', '2. …') were found")
    for warning in parsed.warnings:
        log.info("%s: %s", path.name, warning)

    if info is None:
        opening = "\n".join(b.text for b in parsed.blocks[:4])
        proposal = propose_symbol(
            header_lines=[t for _, t in parsed.header_lines],
            opening_text=opening,
            footnotes=[t for _, t in parsed.footnotes],
        )
        info = DocumentInfo(
            doc_id=path.stem,
            symbol=proposal.symbol,
            symbol_rule=proposal.rule,
            title=_guess_title([t for _, t in parsed.header_lines]) or path.stem,
            session=proposal.session,
            symbol_evidence=proposal.evidence,
        )

    blocks = split_subitems(parsed.blocks) if split_items else parsed.blocks
    source = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    paragraphs = tuple(
        Paragraph(
            doc_id=info.doc_id,
            symbol=info.symbol,
            paragraph=b.paragraph,
            section=" > ".join(b.section),
            text=b.text,
            citation=cite(info, b.paragraph, " > ".join(b.section)),
            citation_zh=cite_zh(info, b.paragraph, " > ".join(b.section)),
            source=source,
            lines=b.lines,
            ordinal=i,
        )
        for i, b in enumerate(blocks)
    )
    return Document(info=info, source=source, paragraphs=paragraphs, sha256=hashlib.sha256(raw).hexdigest())


def load_corpus(directory: Path | str, *, root: Path | str | None = None, split_items: bool = False) -> Corpus:
    """Load every ``*.txt`` document of ``directory`` with the facts of its ``documents.toml``.

    ``root`` is what ``source`` paths are relative to (by default the folder above
    ``directory``, the project root for the bundled corpus).
    """
    folder = Path(directory).resolve()
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such corpus folder")
    root_path = Path(root).resolve() if root else folder.parent
    problems: list[CorpusProblem] = []
    entries = _read_manifest(folder / MANIFEST_NAME)

    by_file: dict[str, DocumentInfo] = {}
    seen_ids: set[str] = set()
    for entry in entries:
        file_name = str(entry.get("file", ""))
        doc_id = str(entry.get("doc_id") or Path(file_name).stem)
        if not file_name:
            problems.append(CorpusProblem(MANIFEST_NAME, f"entry {doc_id!r} names no file"))
            continue
        if doc_id in seen_ids:
            problems.append(CorpusProblem(file_name, f"duplicate doc_id {doc_id!r} in the manifest; entry skipped"))
            continue
        if not (folder / file_name).is_file():
            problems.append(CorpusProblem(file_name, f"the manifest lists {doc_id!r} but the file is missing"))
            continue
        seen_ids.add(doc_id)
        by_file[file_name] = _info_from_manifest(entry, doc_id)

    documents: dict[str, Document] = {}
    for path in sorted(folder.glob("*.txt")):
        info = by_file.get(path.name)
        doc_id = info.doc_id if info else path.stem
        if doc_id in documents:
            problems.append(CorpusProblem(path.name, f"duplicate doc_id {doc_id!r}; file skipped"))
            continue
        try:
            documents[doc_id] = _build_document(path, root_path, info, split_items=split_items)
        except CorpusError as exc:
            problems.append(CorpusProblem(path.name, str(exc)))
        except OSError as exc:
            problems.append(CorpusProblem(path.name, f"cannot be read: {exc.strerror or exc}"))
    for problem in problems:
        log.warning("corpus: %s", problem)
    return Corpus(root=root_path, documents=documents, problems=problems, split_items=split_items)
