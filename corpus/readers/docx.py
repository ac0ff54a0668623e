"""Word (.docx) documents through ``python-docx`` and the package's own XML parts.

* body paragraphs and table rows in document order (a table row is one line, its cells
  separated by tabs, as in the text files' annex tables);
* the paragraph numbers Word generates: list numbering (``w:numPr`` in the paragraph or
  its style) is counted level by level, so ``1.``, ``2.`` and ``(a)`` items appear in the
  text as if typed;
* footnotes from ``word/footnotes.xml``; their references in the body become superscript
  call markers (``城市⁵``); custom marks (``*``) are kept as printed;
* the symbol from the page headers (running header, first page header).

The zip directory is checked before anything is unpacked: too large an uncompressed size
(a zip bomb) or a damaged zip is refused.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml import parse_xml

from corpus.readers.base import ReaderError, SourceText, superscript
from corpus.readers.furniture import masthead_span, symbol_in_line

__all__ = ["MAX_UNCOMPRESSED_BYTES", "read_docx"]

MAX_UNCOMPRESSED_BYTES = 300_000_000
"""The most a .docx may unpack to (all parts together)."""
_MAX_RATIO = 200
"""A part that unpacks to more than this many times its compressed size (and over 1 MB) is a bomb."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W}
_FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_CONTENT_START_RE = re.compile(r"^(?:1\s*[.．]\s*\S|一\s*、|摘要\s*$|Summary\s*$|I\.\s)")
_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]
_CHINESE = "零一二三四五六七八九十"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ReaderError(
            f"{path.name} is not a readable .docx (damaged zip: {exc}); supply the complete file"
        ) from None
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ReaderError(
            f"{path.name} would unpack to {total / 1e6:.0f} MB (over {MAX_UNCOMPRESSED_BYTES / 1e6:.0f} MB):"
            " refused as a possible zip bomb; supply the document without embedded bulk"
        )
    for info in infos:
        if info.file_size > 1_000_000 and info.file_size > _MAX_RATIO * max(info.compress_size, 1):
            raise ReaderError(
                f"{path.name}: part {info.filename} unpacks {info.file_size // max(info.compress_size, 1)} times"
                " its packed size: refused as a possible zip bomb"
            )
    if "word/document.xml" not in names:
        raise ReaderError(f"{path.name} is a zip file but not a Word document (no word/document.xml)")


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out = ""
        n = value
        for number, text in _ROMAN:
            while n >= number:
                out += text
                n -= number
        return out.upper() if fmt == "upperRoman" else out
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional") and 0 < value < 100:
        tens, ones = divmod(value, 10)
        return (("" if tens == 1 else _CHINESE[tens]) + "十" if tens else "") + (_CHINESE[ones] if ones else "")
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "none":
        return ""
    return str(value)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"


@dataclass
class _Numbering:
    """Word's list numbering: definitions and the running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    """numId → ilvl → level definition."""
    starts: dict[tuple[str, int], int] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)

    @classmethod
    def load(cls, document: Any) -> _Numbering:
        found = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            root = None
        if root is not None:
            abstract: dict[str, dict[int, _Level]] = {}
            for node in root.findall(_w("abstractNum")):
                levels: dict[int, _Level] = {}
                for lvl in node.findall(_w("lvl")):
                    level = _Level()
                    start = lvl.find(_w("start"))
                    fmt = lvl.find(_w("numFmt"))
                    text = lvl.find(_w("lvlText"))
                    suffix = lvl.find(_w("suff"))
                    if start is not None:
                        level.start = int(start.get(_w("val"), "1"))
                    if fmt is not None:
                        level.fmt = fmt.get(_w("val"), "decimal")
                    if text is not None:
                        level.text = text.get(_w("val"), "")
                    if suffix is not None:
                        level.suffix = suffix.get(_w("val"), "tab")
                    levels[int(lvl.get(_w("ilvl"), "0"))] = level
                abstract[node.get(_w("abstractNumId"), "")] = levels
            for num in root.findall(_w("num")):
                num_id = num.get(_w("numId"), "")
                ref = num.find(_w("abstractNumId"))
                found.levels[num_id] = abstract.get(ref.get(_w("val"), "") if ref is not None else "", {})
                for override in num.findall(_w("lvlOverride")):
                    start = override.find(_w("startOverride"))
                    if start is not None:
                        found.starts[(num_id, int(override.get(_w("ilvl"), "0")))] = int(start.get(_w("val"), "1"))
        for style in document.styles:
            try:
                ppr = style.element.pPr
            except AttributeError:
                continue
            num_pr = ppr.find(_w("numPr")) if ppr is not None else None
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
                if num_id:
                    found.style_num[style.style_id] = (num_id, ilvl)
        return found

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (list, level) and return the label Word prints."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num_id, {})
        start = self.starts.get((num_id, ilvl), levels[ilvl].start)
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""

        def value(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, _Level())
            n = counters.get(k, self.starts.get((num_id, k), lvl.start))
            return _format(n, lvl.fmt)

        text = re.sub(r"%(\d)", value, level.text)
        return text + ("" if level.suffix == "nothing" or not text else " ")


def _num_pr(num_pr: Any) -> tuple[str, int]:
    num_id = num_pr.find(_w("numId"))
    ilvl = num_pr.find(_w("ilvl"))
    return (
        num_id.get(_w("val"), "") if num_id is not None else "",
        int(ilvl.get(_w("val"), "0")) if ilvl is not None else 0,
    )


def _para_text(p: Any, marks: _Marks) -> str:
    """A paragraph's text with footnote references as superscript markers."""
    out: list[str] = []
    for run in p.iter(_w("r")):
        parent = run.getparent()
        if parent is not None and parent.tag in (_w("del"), _w("moveFrom")):
            continue
        props = run.find(_w("rPr"))
        raised = False
        if props is not None:
            va = props.find(_w("vertAlign"))
            raised = va is not None and va.get(_w("val")) == "superscript"
        custom = False
        for child in run:
            tag = child.tag
            if tag == _w("t"):
                text = child.text or ""
                out.append(superscript(text) if (raised and text.strip().isdigit()) or custom else text)
            elif tag == _w("tab"):
                out.append("\t")
            elif tag in (_w("br"), _w("cr")):
                out.append("\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("footnoteReference"):
                note_id = child.get(_w("id"), "")
                if child.get(_w("customMarkFollows")) in ("1", "true", "on"):
                    custom = True
                    marks.custom_pending = note_id
                else:
                    out.append(superscript(marks.auto(note_id)))
        if custom and marks.custom_pending:
            texts = [c.text or "" for c in run if c.tag == _w("t")]
            marks.order.append((marks.custom_pending, "".join(texts).strip() or "*"))
            marks.custom_pending = None
    return "".join(out)


@dataclass
class _Marks:
    """Footnote references in the order of the body, with their printed marks."""

    order: list[tuple[str, str]] = field(default_factory=list)
    custom_pending: str | None = None
    _next: int = 1

    def auto(self, note_id: str) -> str:
        mark = str(self._next)
        self._next += 1
        self.order.append((note_id, mark))
        return mark


def _footnote_texts(document: Any) -> dict[str, str]:
    for rel in document.part.rels.values():
        if rel.reltype == _FOOTNOTES_REL and not rel.is_external:
            root = parse_xml(rel.target_part.blob)
            break
    else:
        return {}
    notes: dict[str, str] = {}
    for note in root.findall(_w("footnote")):
        if note.get(_w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        parts = []
        for p in note.findall(f".//{_w('p')}"):
            texts: list[str] = []
            for run in p.iter(_w("r")):
                if run.find(_w("footnoteRef")) is not None:
                    continue
                if run.find(_w("footnoteReference")) is not None:
                    continue
                texts.extend(t.text or "" for t in run.findall(_w("t")))
            parts.append("".join(texts).strip())
        notes[note.get(_w("id"), "")] = " ".join(x for x in parts if x)
    return notes


def _header_lines(document: Any) -> list[list[str]]:
    headers = []
    for rel in document.part.rels.values():
        if rel.reltype == _HEADER_REL and not rel.is_external:
            root = parse_xml(rel.target_part.blob)
            lines = ["".join(t.text or "" for t in p.iter(_w("t"))).strip() for p in root.iter(_w("p"))]
            headers.append([line for line in lines if line])
    return headers


def _blocks(body: Any) -> Any:
    """The body's paragraphs and tables in order, looking inside content controls (``w:sdt``)."""
    for child in body.iterchildren():
        if child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _blocks(content)
        else:
            yield child


def read_docx(path: Path) -> SourceText:
    """Read a .docx's paragraphs (with generated numbers), footnotes and header symbol."""
    _check_zip(path)
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - any failure inside python-docx means an unreadable file
        raise ReaderError(f"{path.name} is not a readable Word document ({type(exc).__name__}: {exc})") from None
    numbering = _Numbering.load(document)
    marks = _Marks()
    warnings: list[str] = []
    lines: list[str] = []
    for child in _blocks(document.element.body):
        if child.tag == _w("p"):
            ppr = child.find(_w("pPr"))
            num: tuple[str, int] | None = None
            if ppr is not None:
                num_pr = ppr.find(_w("numPr"))
                if num_pr is not None:
                    num = _num_pr(num_pr)
                else:
                    style = ppr.find(_w("pStyle"))
                    if style is not None:
                        num = numbering.style_num.get(style.get(_w("val"), ""))
            text = _para_text(child, marks).strip()
            if not text:
                continue
            label = numbering.label(*num) if num and num[0] not in ("", "0") else ""
            lines.append(label + text)
        elif child.tag == _w("tbl"):
            for row in child.findall(_w("tr")):
                cells = []
                for cell in row.findall(_w("tc")):
                    cells.append(" ".join(_para_text(p, marks).strip() for p in cell.findall(_w("p"))).strip())
                if any(cells):
                    lines.append("\t".join(cells))
    notes = _footnote_texts(document)
    footnotes: list[tuple[str, str]] = []
    for note_id, mark in marks.order:
        if note_id in notes:
            text = notes[note_id]
            if not mark.isdigit() and text.startswith(mark):
                text = text[len(mark) :].strip()  # a custom mark is typed again before the note's text
            footnotes.append((mark, text))
        else:
            warnings.append(f"footnote reference {mark} (id {note_id}) has no footnote text")

    headers = _header_lines(document)
    counts: Counter[str] = Counter()
    for header_part in headers:
        counts.update({s for s in (symbol_in_line(line) for line in header_part) if s})
    symbol: str | None = None
    evidence = "no symbol printed in the page headers"
    if counts:
        symbol, n = counts.most_common(1)[0]
        evidence = f"printed in the page header ({n} of {len(headers)} header parts)"
    else:
        for line in lines[:15]:
            found = symbol_in_line(line)
            if found:
                symbol, evidence = found, "printed in the first page's header block"
                break

    drop = masthead_span(lines[:20])
    lines = [line for i, line in enumerate(lines) if i not in drop and not (i < 15 and symbol_in_line(line))]
    header: list[str] = []
    for line in lines:
        if _CONTENT_START_RE.match(line):
            break
        header.append(line)
    language = document.core_properties.language or None
    return SourceText(
        text="\n\n".join(lines) + "\n",
        footnotes=tuple(footnotes),
        header_lines=tuple(header[:30]),
        symbol=symbol,
        symbol_evidence=evidence,
        language_hint=language.split("-")[0].lower() if language else None,
        warnings=tuple(warnings),
        format="docx",
    )
