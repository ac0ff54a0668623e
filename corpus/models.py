"""The corpus's typed records: documents and their paragraphs."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from corpus.entries import find_entry

__all__ = ["Document", "DocumentInfo", "Footnote", "Paragraph", "RawBlock", "SymbolRule"]


class SymbolRule(StrEnum):
    """How a document's symbol became known."""

    MANIFEST = "manifest"
    """Recorded by hand in ``corpus/documents.toml``."""
    HEADER = "header"
    """Printed in the document's own header (``HSP/HA.2/4/Add.2``)."""
    ADDENDA_PARENT = "addenda-parent"
    """The parent of the addenda the document lists (``…/Add.1`` → ``…``)."""
    SESSION_ONLY = "session-only"
    """No symbol: only the session is known, from the agenda footnote."""
    UNKNOWN = "unknown"
    """Nothing in the text says which document this is."""


@dataclass(frozen=True, slots=True)
class Footnote:
    """A footnote as the document prints it: its mark (``"5"``, ``"*"``) and its text, URLs kept."""

    mark: str
    text: str

    def to_dict(self) -> dict[str, str]:
        return {"mark": self.mark, "text": self.text}


@dataclass(frozen=True, slots=True)
class RawBlock:
    """One paragraph as the parser finds it, before document facts are attached."""

    paragraph: str | None
    """The document's own number (``"19"``, ``"17(a)"``), or ``None`` for unnumbered text."""
    section: tuple[str, ...]
    text: str
    lines: tuple[int, int]
    """1-based, inclusive line span in the source file."""
    footnotes: tuple[Footnote, ...] = ()
    """The footnotes this block calls, in the order they are called."""


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What is known of a document besides its text (from the manifest or its own text)."""

    doc_id: str
    symbol: str | None
    symbol_rule: SymbolRule
    title: str
    body: str = ""
    session: str | None = None
    session_label: str = ""
    session_label_zh: str = ""
    dates: str = ""
    date: str = ""
    agenda_item: str | None = None
    language: str = "zh"
    title_en: str = ""
    symbol_evidence: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One citable unit: a numbered paragraph, a sub-item, or unnumbered content."""

    doc_id: str
    symbol: str | None
    paragraph: str | None
    section: str
    """Headings above the paragraph, outermost first, joined by `` > ``."""
    text: str
    citation: str
    citation_zh: str
    source: str
    """File path relative to the project root."""
    lines: tuple[int, int]
    ordinal: int
    """Position of the paragraph in its document (0-based)."""
    footnotes: tuple[Footnote, ...] = ()
    """The footnotes the paragraph calls (``HSP/HA.2/4`` para. 40 calls footnote 5)."""
    entry: str = ""
    """The id that opens this entry: the paragraph number, or ``summary``, ``annex, rows 1-30``…"""
    lang: str = "zh"
    """The paragraph's language (``zh``, ``en``, …)."""

    def to_dict(self) -> dict[str, Any]:
        """The paragraph as the API and the CLI show it: every field but ``ordinal``, ``lines`` as a list."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "ordinal"}
        data["lines"] = list(self.lines)
        data["footnotes"] = [f.to_dict() for f in self.footnotes]
        return data

    def to_record(self) -> dict[str, Any]:
        """Every field, JSON-ready (the index's paragraph table); :meth:`from_dict` reads it back."""
        data = self.to_dict()
        data["ordinal"] = self.ordinal
        return data

    @classmethod
    def from_dict(cls, row: dict[str, Any]) -> Paragraph:
        """A paragraph from :meth:`to_record` (or an older record without the newer fields)."""
        data = dict(row)
        data["lines"] = tuple(data["lines"])
        data["footnotes"] = tuple(Footnote(str(f["mark"]), str(f["text"])) for f in data.get("footnotes") or ())
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})

    @property
    def key(self) -> str:
        """A stable identifier, unique in the corpus."""
        return f"{self.doc_id}#{self.paragraph if self.paragraph is not None else f'u{self.ordinal}'}"


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document with its paragraphs in order."""

    info: DocumentInfo
    source: str
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)
    sha256: str = ""
    footnotes: tuple[Footnote, ...] = ()
    """Footnotes of the front matter (the agenda footnote ``*``), called from no paragraph."""
    format: str = "txt"
    """``txt``, ``pdf`` or ``docx``."""

    @property
    def footnote_count(self) -> int:
        return len(self.footnotes) + sum(len(p.footnotes) for p in self.paragraphs)

    @property
    def doc_id(self) -> str:
        return self.info.doc_id

    @property
    def symbol(self) -> str | None:
        return self.info.symbol

    @property
    def numbered_count(self) -> int:
        """Numbered paragraphs, sub-item entries not counted."""
        return sum(1 for p in self.paragraphs if p.paragraph is not None and p.paragraph.isdigit())

    def paragraph(self, number: str) -> Paragraph | None:
        """A paragraph by number (``19``) or by entry id (``summary``, ``annex, row 12``)."""
        return find_entry(self.paragraphs, number)
