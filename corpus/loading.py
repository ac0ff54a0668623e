"""Load a corpus folder: the manifest, every document's paragraphs, and what went wrong.

A broken document never stops the others from loading: an undecodable or empty file,
a file with no paragraphs at all, a manifest entry whose file is missing, or a
duplicate doc_id is reported in :attr:`Corpus.problems` (and logged) and skipped.
Warnings that do not stop a document (a paragraph over the size cap, a language that
cannot be told) are reported there too.

Two manifests are read: ``documents.toml`` (written by hand) and ``added.toml``
(written by ``qa add`` / ``POST /documents``; see :mod:`corpus.library`).
Text files are read here; PDF and Word files through :mod:`corpus.readers`.
Parse results are cached by file fingerprint when a ``cache_dir`` is given.
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
from corpus.entries import entry_ids, find_entry
from corpus.errors import CorpusError, NotFound
from corpus.file_parsing import TEXT_SUFFIXES, parse_file, supported_suffixes
from corpus.language import check_language, detect_language
from corpus.layout import read_header
from corpus.models import Document, DocumentInfo, Paragraph, RawBlock, SymbolRule
from corpus.parse_cache import CachedParse, ParseCache
from corpus.parsing import SUBITEM_RE
from corpus.preamble import resolution_title
from corpus.readers import READER_VERSION
from corpus.readers.limits import ParseLimits, check_output
from corpus.symbols import normalize_symbol, propose_symbol, resolve_version

__all__ = [
    "ADDED_MANIFEST_NAME",
    "MANIFEST_NAME",
    "MAX_PARAGRAPH_CHARS",
    "PARSER_VERSION",
    "TEXT_SUFFIXES",
    "Corpus",
    "CorpusProblem",
    "load_corpus",
    "parse_file",
    "read_and_parse",
    "split_subitems",
    "supported_suffixes",
]

log = logging.getLogger(__name__)

PARSER_VERSION = "28"
"""Bumped whenever parsing changes what a paragraph's text is (it changes the fingerprint).
2: footnotes kept and attached, entry ids, language per paragraph, paragraph numbers ≥ 1000.
3: tables of contents and running lines removed, articles numbered, spaces kept in ru/ar.
4: a resolution's preamble read (preambular paragraphs), documents without numbered paragraphs read.
5: direction marks and zero-width spaces dropped, Chinese article numbers past 100, Chinese mastheads' English dates.
6: articles numbered where paragraph numbers start again article by article, article titles as headings,
   annex headings in every language, Arabic paragraph numbers (``١ - ``).
7: a line opening with a decimal figure (``14.4 percentage points``) continues its paragraph; the block under a
   footnote rule does not take the next page's first line.
8: articles numbered by the run of headings 1..N from the first (an annex's articles of its own aside), Russian
   ``Правило N`` and English ``Regulation N`` headings, Chinese ``第 1 条`` in Arabic digits (title on its line).
18: a version's language is the one its masthead prints (``English`` over ``Original: Arabic``), not its annex's.
19: articles numbered in Roman numerals (``Article XVII``); a lettered heading ends an article; a label
    (``Recommendation 4``) opens the text it names instead of being dropped as a caption.
20: a part's or chapter's label over its title in capitals (``PART III`` / ``MECHANISMS FOR …``) heads its articles.
21: a chapter or part heading in any official language (``Chapter IV: The General Assembly``, ``第四章：大会``) heads
    its sections and articles, above them, and ends the article before it; a short line ending in a comma is a
    clause, not a caption (the Chinese Charter's preamble); a line with no letter or digit is dropped.
22: the Arabic semicolon and question mark (``؛``, ``؟``) end a sentence or clause, as ``;`` and ``?`` do.
23: the first numbered paragraph or article ends a preamble that a heading (``Preamble``) began.
24: a short line in a preamble is its text, never a caption.
25: an agenda item's name wrapped in Title Case stays the item's (not the title's first part); a sum of money ends
    the title (a table of figures under it).
26: paragraphs numbered within their section (``25.1``, ``25.2`` …; ``1.1``, ``1.2``, ``2.1`` …) are found under
    their printed numbers.
27: an article heading the numbering left as it was (a compilation's second instrument) heads its text.
28: an article heading over one unnumbered paragraph heads it; a numbered principle over unnumbered text labels it;
    a short heading over running text heads it; a line continued in lower case opens the text; an agenda line of
    several items; a budget section's symbol (``A/81/6 (Sect. 25)/Part A``)."""

MANIFEST_NAME = "documents.toml"
ADDED_MANIFEST_NAME = "added.toml"
MAX_PARAGRAPH_CHARS = 20_000
"""A paragraph longer than this is reported: usually numbering the parser did not follow."""


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

    def resolve(self, ref: str, lang: str | None = None) -> Document:
        """A document by doc_id or symbol (case-insensitive for symbols); of a symbol's language
        versions, the one in ``lang`` if given, else the Chinese (or first) one."""
        return self.documents[resolve_version(ref, ((d.doc_id, d.symbol, d.info.language) for d in self), lang=lang)]

    def paragraph(self, ref: str, number: str, lang: str | None = None) -> Paragraph:
        """A paragraph by number (``19``) or entry id (``summary``, ``annex, row 12``), in ``lang``'s version."""
        doc = self.resolve(ref, lang)
        found = find_entry(doc.paragraphs, number)
        if found is None:
            numbers = [p.paragraph for p in doc.paragraphs if p.paragraph]
            span = f"{numbers[0]}–{numbers[-1]}" if numbers else "none"
            others = sorted({p.entry.split(",", 1)[0] for p in doc.paragraphs if p.paragraph is None})
            extra = f"; other entries: {', '.join(others)}" if others else ""
            raise NotFound(f"{doc.doc_id} has no paragraph {number!r} (numbered paragraphs: {span}{extra})")
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
        session=str(entry["session"]) if entry.get("session") is not None else None,  # `session = 5` is "5"
        session_label=str(entry.get("session_label", "")),
        session_label_zh=str(entry.get("session_label_zh", "")),
        dates=str(entry.get("dates", "")),
        date=str(entry.get("date", "")),
        agenda_item=str(entry["agenda_item"]) if "agenda_item" in entry else None,
        language=str(entry.get("language", "")),
        symbol_evidence=str(entry.get("symbol_evidence", "")),
    )


_EN_NOISE_RE = re.compile(
    r"\d{4}|Distr|Original|English|French|Spanish|Chinese|Russian|Arabic|session|Nairobi|Geneva|New York"
    r"|^[A-Z][A-Za-z-]*(?:[/.][A-Za-z0-9.]+)+$|^United Nations$|^[A-Z]{2,}$",
    re.IGNORECASE,
)
_EN_AGENDA_RE = re.compile(r"provisional agenda|^item \d", re.IGNORECASE)


def _guess_title(header: list[str], lang: str = "zh") -> str:
    """The title block before the first heading.

    Chinese: the last substantial header line. English: the lines after the agenda line
    that are not symbols, dates or distribution notes, joined (``Activities of…: report of…``).
    """
    if lang == "zh":
        lines = [h for h in header if len(h) > 4 and not re.search(r"\d{4}|议程|Distr|Original|Chinese", h)]
        return lines[-1] if lines else ""
    agenda = max((i for i, h in enumerate(header) if _EN_AGENDA_RE.search(h)), default=-1)
    lines = [h.strip() for h in header[agenda + 1 :] if len(h.strip()) > 4 and not _EN_NOISE_RE.search(h)]
    if not lines:
        return ""
    parts = [lines[0]] + [x[0].lower() + x[1:] if x.split(" ", 1)[0] in ("Report", "Note") else x for x in lines[1:]]
    return ": ".join(parts[:3])


def split_subitems(paragraphs: list[RawBlock]) -> list[RawBlock]:
    """Give each sub-item ``(a)`` (or ``a)``) an entry ``17(a)`` of its own after its paragraph's chapeau.

    The paragraph's footnotes stay with its chapeau (the entry that cites the whole paragraph).
    """
    out: list[RawBlock] = []
    for block in paragraphs:
        parts = block.text.split("\n")
        if block.paragraph is None or len(parts) == 1:
            out.append(block)
            continue
        out.append(replace(block, text=parts[0]))
        for part in parts[1:]:
            m = SUBITEM_RE.match(part)
            number = f"{block.paragraph}({m.group(1) or m.group(2)})" if m else block.paragraph
            out.append(replace(block, paragraph=number, text=part, footnotes=()))
    return out


def _reader_version(path: Path) -> str:
    """For PDF and Word files, the readers' version is part of the parse cache key."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return ""
    return f"-{suffix.lstrip('.')}{READER_VERSION}"


def read_and_parse(
    path: Path,
    *,
    lang: str | None = None,
    cache: ParseCache | None = None,
    raw: bytes | None = None,
    limits: ParseLimits | None = None,
) -> tuple[CachedParse, str]:
    """Read and parse one file (from the cache when its fingerprint is known); also returns its sha256.

    With ``limits`` a file not in the cache is read in a worker process (:mod:`corpus.sandbox`) and
    any result over a limit raises :class:`~corpus.readers.limits.ParseLimitExceeded`.
    """
    raw = path.read_bytes() if raw is None else raw
    digest = hashlib.sha256(raw).hexdigest()
    key = f"{digest}-p{PARSER_VERSION}-{lang or 'auto'}{_reader_version(path)}"
    item = cache.get(key) if cache is not None else None
    if item is not None:
        if limits is not None:
            check_output(path.name, item.parsed.blocks, limits)
        return item, digest
    if limits is None:
        item = parse_file(path, lang=lang, raw=raw)
    else:
        from corpus.sandbox import parse_isolated

        item = parse_isolated(path, lang=lang, limits=limits)
    if cache is not None and item.parsed.blocks:
        cache.put(key, item)
    return item, digest


def _document_language(info: DocumentInfo | None, item: CachedParse, text_sample: str) -> tuple[str, str | None]:
    """The document's language and, when it cannot be told, a warning asking for ``--lang``."""
    if info is not None and info.language:
        return info.language, None
    if item.language_hint:
        return item.language_hint, None
    guess = detect_language(text_sample)
    if guess.language:
        return guess.language, None
    return item.parsed.lang or "zh", f"the language cannot be told ({guess.evidence}); give it with --lang"


def _build_document(
    path: Path,
    root: Path,
    info: DocumentInfo | None,
    *,
    split_items: bool,
    cache: ParseCache | None = None,
    max_paragraph_chars: int = MAX_PARAGRAPH_CHARS,
    problems: list[CorpusProblem] | None = None,
    limits: ParseLimits | None = None,
) -> Document:
    raw = path.read_bytes()
    if not raw.strip():
        raise CorpusError("the file is empty")
    lang = info.language if info and info.language else None
    item, digest = read_and_parse(path, lang=lang, cache=cache, raw=raw, limits=limits)
    parsed = item.parsed
    if not parsed.blocks:
        raise CorpusError("no paragraphs were found (no text after the header)")
    for warning in (*item.reader_warnings, *parsed.warnings):
        log.info("%s: %s", path.name, warning)
    notes: list[CorpusProblem] = problems if problems is not None else []
    sample = "\n".join(b.text for b in parsed.blocks[:50])
    language, language_warning = _document_language(info, item, sample)
    if language_warning:
        notes.append(CorpusProblem(path.name, language_warning))

    if info is None:
        opening = "\n".join(b.text for b in parsed.blocks[:4])
        symbol: str | None
        session: str | None
        if item.symbol:
            symbol, rule, evidence = normalize_symbol(item.symbol), SymbolRule.HEADER, item.symbol_evidence
            session = symbol.rsplit("/", 1)[0]
        else:
            proposal = propose_symbol(
                header_lines=[t for _, t in parsed.header_lines],
                opening_text=opening,
                footnotes=[t for _, t in parsed.footnotes],
            )
            symbol, rule, evidence, session = proposal.symbol, proposal.rule, proposal.evidence, proposal.session
        facts = read_header([t for _, t in parsed.header_lines], language)
        info = DocumentInfo(
            doc_id=path.stem,
            symbol=symbol,
            symbol_rule=rule,
            title=resolution_title([t for _, t in parsed.header_lines])
            or facts.title
            or _guess_title([t for _, t in parsed.header_lines], language)
            or path.stem,
            session=session,
            session_label=facts.session,
            body=facts.body,
            date=facts.date,
            agenda_item=facts.agenda_item,
            symbol_evidence=evidence,
            language=language,
        )
    elif not info.language:
        info = replace(info, language=language)

    blocks = split_subitems(parsed.blocks) if split_items else parsed.blocks
    for b in blocks:
        if len(b.text) > max_paragraph_chars:
            where = f"paragraph {b.paragraph}" if b.paragraph else f"unnumbered text at line {b.lines[0]}"
            notes.append(
                CorpusProblem(
                    path.name,
                    f"{where} (lines {b.lines[0]}–{b.lines[1]}) is {len(b.text):,} characters long, over the cap of "
                    f"{max_paragraph_chars:,}: check its numbering (kept, but answers from it will be long)",
                )
            )
    source = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    sections = [" > ".join(b.section) for b in blocks]
    ids = entry_ids(blocks, sections)
    paragraphs = tuple(
        Paragraph(
            doc_id=info.doc_id,
            symbol=info.symbol,
            paragraph=b.paragraph,
            section=section,
            text=b.text,
            citation=cite(info, b.paragraph, section, entry, lang=info.language),
            citation_zh=cite_zh(info, b.paragraph, section, entry),
            source=source,
            lines=b.lines,
            ordinal=i,
            footnotes=b.footnotes,
            entry=entry,
            lang=_paragraph_language(b.text, info.language),
        )
        for i, (b, section, entry) in enumerate(zip(blocks, sections, ids, strict=True))
    )
    return Document(
        info=info,
        source=source,
        paragraphs=paragraphs,
        sha256=digest,
        footnotes=tuple(parsed.document_footnotes),
        format=item.format,
    )


def _paragraph_language(text: str, default: str) -> str:
    """The paragraph's own language where its text says so clearly, else the document's."""
    return detect_language(text).language or default


def load_corpus(
    directory: Path | str,
    *,
    root: Path | str | None = None,
    split_items: bool = False,
    cache_dir: Path | str | None = None,
    max_paragraph_chars: int = MAX_PARAGRAPH_CHARS,
    limits: ParseLimits | None = None,
) -> Corpus:
    """Load every document of ``directory`` with the facts of its manifests.

    ``root`` is what ``source`` paths are relative to (by default the folder above
    ``directory``, the project root for the bundled corpus). ``cache_dir`` keeps parse
    results by file fingerprint. With ``limits`` every file not in the cache is read in a
    worker process within them (:mod:`corpus.sandbox`); a file over a limit is skipped and
    reported in :attr:`Corpus.problems`, like any unreadable file.
    """
    folder = Path(directory).resolve()
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such corpus folder")
    root_path = Path(root).resolve() if root else folder.parent
    problems: list[CorpusProblem] = []
    entries = [(MANIFEST_NAME, e) for e in _read_manifest(folder / MANIFEST_NAME)]
    entries += [(ADDED_MANIFEST_NAME, e) for e in _read_manifest(folder / ADDED_MANIFEST_NAME)]
    cache = ParseCache(cache_dir) if cache_dir is not None else None

    by_file: dict[str, DocumentInfo] = {}
    seen_ids: set[str] = set()
    for manifest_name, entry in entries:
        file_name = str(entry.get("file", ""))
        doc_id = str(entry.get("doc_id") or Path(file_name).stem)
        if not file_name:
            problems.append(CorpusProblem(manifest_name, f"entry {doc_id!r} names no file"))
            continue
        if doc_id in seen_ids:
            problems.append(CorpusProblem(file_name, f"duplicate doc_id {doc_id!r} in the manifest; entry skipped"))
            continue
        if not (folder / file_name).is_file():
            problems.append(CorpusProblem(file_name, f"the manifest lists {doc_id!r} but the file is missing"))
            continue
        seen_ids.add(doc_id)
        listed = _info_from_manifest(entry, doc_id)
        if listed.language:
            try:
                listed = replace(listed, language=check_language(listed.language))
            except CorpusError as exc:
                problems.append(CorpusProblem(file_name, f"{manifest_name}: {exc}; the language is told from the text"))
                listed = replace(listed, language="")
        by_file[file_name] = listed

    suffixes = supported_suffixes()
    documents: dict[str, Document] = {}
    files = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in suffixes and not p.name.startswith(".")
    )
    # A link to a file outside the folder is read only when the hand-written documents.toml lists it (the corpus's
    # owner put it there on purpose, as eval/corpora/bilingual does); any other such link is not read or served.
    declared = {str(e.get("file", "")) for m, e in entries if m == MANIFEST_NAME}
    outside = [p for p in files if p.is_symlink() and not p.resolve().is_relative_to(folder) and p.name not in declared]
    for path in outside:
        problems.append(
            CorpusProblem(
                path.name,
                f"a link to a file outside the corpus folder, not listed in {MANIFEST_NAME}; not read or served",
            )
        )
        files.remove(path)
    for path in files:
        info = by_file.get(path.name)
        doc_id = info.doc_id if info else path.stem
        if doc_id in documents:
            problems.append(CorpusProblem(path.name, f"duplicate doc_id {doc_id!r}; file skipped"))
            continue
        try:
            documents[doc_id] = _build_document(
                path,
                root_path,
                info,
                split_items=split_items,
                cache=cache,
                max_paragraph_chars=max_paragraph_chars,
                problems=problems,
                limits=limits,
            )
        except CorpusError as exc:
            problems.append(CorpusProblem(path.name, str(exc)))
        except OSError as exc:
            problems.append(CorpusProblem(path.name, f"cannot be read: {exc.strerror or exc}"))
    for problem in problems:
        log.warning("corpus: %s", problem)
    return Corpus(root=root_path, documents=documents, problems=problems, split_items=split_items)
