"""Make UN-style PDF and Word files with real tools (fpdf2, python-docx) for the reader tests.

A :class:`UNDoc` is a document's content: the masthead, the title lines, the body lines
(one per paragraph, as in ``corpus/*.txt``) with footnote calls written as
``\\x01mark\\x02``, and the footnotes. :func:`render_pdf` lays it out as the UN prints it
— the symbol in the header of every page, page numbers and a job number in the footer,
footnotes at the page foot in a smaller font with raised call markers, paragraphs split
across pages — and :func:`render_docx` writes it as Word does, with list numbering for
the paragraph numbers and ``(a)`` items, a footnotes part and the symbol in the page header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from corpus.parsing import parse_text

__all__ = [
    "CJK_FONT",
    "UNDoc",
    "cjk_ttf",
    "english_doc",
    "from_corpus_text",
    "render_docx",
    "render_pdf",
    "RenderedPdf",
]

CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
"""Debian's fonts-noto-cjk; index 2 of the collection is Simplified Chinese."""

_CALL_RE = re.compile("\x01([^\x02]+)\x02")
_SUPERSCRIPT_RUN_RE = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_FROM_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_FOOTNOTE_START_RE = re.compile(r"^(\*{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.*)$")


@dataclass(frozen=True)
class UNDoc:
    name: str
    symbol: str
    language: str
    masthead: tuple[str, ...]
    title: tuple[str, ...]
    body: tuple[str, ...]
    footnotes: tuple[tuple[str, str], ...]
    job_number: str = "GE.23-01234(C)"

    @property
    def plain_text(self) -> str:
        """The document as a ``.txt`` (calls as superscripts), for the parser's expected blocks."""

        def sup(m: re.Match[str]) -> str:
            mark = m.group(1)
            return mark.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))

        return "\n\n".join(_CALL_RE.sub(sup, line) for line in (*self.title, *self.body)) + "\n"


def from_corpus_text(path: Path, *, symbol: str, name: str) -> UNDoc:
    """A bundled document as a :class:`UNDoc`: its footnote lines become real footnotes.

    Only documents whose calls are superscript digits or asterisks are supported.
    """
    text = path.read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    parsed = parse_text(text)
    footnote_lines = {n - 1 for n, _ in parsed.footnotes}
    footnotes: list[list[str]] = []
    for _line, note in parsed.footnotes:
        m = _FOOTNOTE_START_RE.match(note.strip())
        if m:
            footnotes.append([m.group(1).translate(_FROM_SUP), m.group(2)])
        else:
            footnotes[-1][1] += note.strip()
    marks = {mark for mark, _ in footnotes}
    first_header = min((n for n, _ in parsed.header_lines), default=1) - 1
    last_header = max((n for n, _ in parsed.header_lines), default=0) - 1
    title: list[str] = []
    body: list[str] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or i in footnote_lines or i < first_header:
            continue
        line = _SUPERSCRIPT_RUN_RE.sub(lambda m: f"\x01{m.group(0).translate(_FROM_SUP)}\x02", line)
        if i <= last_header:
            line = re.sub(
                r"(?<!\*)(\*{1,3})(?!\*)",
                lambda m: f"\x01{m.group(1)}\x02" if m.group(1) in marks else m.group(1),
                line,
            )
            title.append(line)
        else:
            body.append(line)
    return UNDoc(
        name=name,
        symbol=symbol,
        language="zh",
        masthead=("Distr.: General", "12 April 2023", "Chinese", "Original: English"),
        title=tuple(title),
        body=tuple(body),
        footnotes=tuple((m, t) for m, t in footnotes),
    )


def english_doc() -> UNDoc:
    """A short English report written for these tests."""
    long = (
        "The Executive Board took note of the progress made in the implementation of the strategic plan, "
        "including the work carried out with national and local governments, civil society organizations "
        "and the private sector, and requested the Executive Director to continue to report on the results "
        "achieved, on the lessons learned and on the resources mobilized for the programme of work."
    )
    body = (
        "I. Introduction",
        "1. The present report is submitted pursuant to resolution 2/1 of the Assembly, in which the Assembly "
        "requested a report on the urban safety monitoring framework.\x011\x02",
        f"2. {long} {long}",
        "3. The framework was piloted in six cities\x012\x02 and covers the following areas:",
        "(a) Crime and violence prevention in public spaces;",
        "(b) Safety of women and girls in public transport;",
        "(c) Perception of safety among older persons.",
        "II. Financial matters",
        f"4. {long} The Board welcomed the contributions received in 2023.\x013\x02 {long}",
        f"5. {long}",
        f"6. {long} {long} {long}",
        "7. The Executive Board may wish to take note of the present report.",
    )
    return UNDoc(
        name="english",
        symbol="HSP/EB.2023/9",
        language="en",
        masthead=("Distr.: General", "3 March 2023", "Original: English"),
        title=(
            "Executive Board of the United Nations Human Settlements Programme",
            "First session of 2023",
            "Item 5 of the provisional agenda\x01*\x02",
            "Urban safety monitoring framework: report of the Executive Director",
        ),
        body=body,
        footnotes=(
            ("*", "HSP/EB.2023/1."),
            ("1", "See HSP/HA.2/4, para. 40, for the earlier report on the framework."),
            ("2", "Helsinki, Mechelen, Gdansk, Vantaa, Vilnius and Tampere, with the support of the European Union."),
            ("3", "Contributions received after 31 December 2023 are shown in the annex to the financial report."),
        ),
    )


# --- the font ---------------------------------------------------------------------------------


def cjk_ttf(out: Path, texts: list[str]) -> Path:
    """A TrueType subset of Noto Sans CJK SC for ``texts`` (fpdf2 needs glyf outlines for pdfminer).

    fpdf2 embeds a CFF (.otf/.ttc) font with an encoding pdfminer cannot map; converting the
    subset's outlines to quadratic TrueType keeps the glyphs and makes the text extractable.
    """
    if not CJK_FONT.is_file():
        raise RuntimeError(
            f"{CJK_FONT} is missing: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk);"
            " the PDF reader tests need a CJK font"
        )
    from fontTools import subset
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(CJK_FONT), fontNumber=2)
    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    chars = "".join(texts) + "".join(chr(i) for i in range(32, 127)) + "⁰¹²³⁴⁵⁶⁷⁸⁹–—“”‘’"
    subsetter.populate(text=chars)
    subsetter.subset(font)
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].indexToLocFormat = 0
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    font.sfntVersion = "\000\001\000\000"
    font.save(str(out))
    return out


# --- PDF --------------------------------------------------------------------------------------

_PAGE_W, _PAGE_H = 210.0, 297.0
_LEFT, _TEXT_W = 25.0, 160.0
_BODY_TOP, _BODY_BOTTOM = 38.0, 262.0
_BODY_PT, _NOTE_PT, _SUP_PT = 10.0, 8.0, 6.0
_PITCH, _NOTE_PITCH, _PARA_GAP = 5.5, 4.0, 3.5
_SUP_RAISE = 1.5
_GUTTER = 8.0
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def _units(text: str) -> list[tuple[str, bool]]:
    """Break units: a CJK character, a Latin word, a space, or a call marker (``True``)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _CALL_RE.finditer(text):
        out.extend(_text_units(text[pos : m.start()]))
        out.append((m.group(1), True))
        pos = m.end()
    out.extend(_text_units(text[pos:]))
    return out


def _text_units(text: str) -> list[tuple[str, bool]]:
    return [
        (u, False)
        for u in re.findall(
            r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]|\s+|[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+", text
        )
    ]


class _PdfWriter:
    def __init__(self, doc: UNDoc, font: Path, *, columns: int = 1) -> None:
        from fpdf import FPDF

        self.doc = doc
        self.pdf = FPDF(unit="mm", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("noto", fname=str(font))
        self.pdf.set_lang(doc.language)
        self.page_notes: list[tuple[str, str]] = []
        self.notes = dict(doc.footnotes)
        self.y = 0.0
        self.split_paragraphs = 0
        self.split_columns = 0
        self.columns = columns
        self.column = 0
        self.column_top = 0.0
        self.column_width = (_TEXT_W - _GUTTER * (columns - 1)) / columns

    def width(self, text: str, size: float) -> float:
        self.pdf.set_font("noto", size=size)
        return float(self.pdf.get_string_width(text))

    def wrap(self, text: str, *, size: float, width: float) -> list[list[tuple[str, bool]]]:
        lines: list[list[tuple[str, bool]]] = [[]]
        used = 0.0
        for unit, is_call in _units(text):
            w = self.width(unit, _SUP_PT if is_call else size)
            if not is_call and used + w > width and lines[-1]:
                if unit.isspace():
                    continue
                lines.append([])
                used = 0.0
            if not lines[-1] and unit.isspace():
                continue
            lines[-1].append((unit, is_call))
            used += w
        return [ln for ln in lines if ln]

    def draw(self, line: list[tuple[str, bool]], *, x: float, baseline: float, size: float) -> None:
        for unit, is_call in line:
            if is_call:
                self.pdf.set_font("noto", size=_SUP_PT)
                self.pdf.text(x, baseline - _SUP_RAISE, unit)
                x += self.width(unit, _SUP_PT)
            else:
                self.pdf.set_font("noto", size=size)
                self.pdf.text(x, baseline, unit)
                x += self.width(unit, size)

    def note_text(self, mark: str, text: str) -> str:
        """Chinese UN documents raise the footnote's mark; the English layout prints it on the line."""
        return f"\x01{mark}\x02 {text}" if self.doc.language == "zh" else f"{mark} {text}"

    def notes_height(self, notes: list[tuple[str, str]]) -> float:
        if not notes:
            return 0.0
        lines = sum(len(self.wrap(self.note_text(m, t), size=_NOTE_PT, width=_TEXT_W)) for m, t in notes)
        return 4.0 + lines * _NOTE_PITCH

    def new_page(self) -> None:
        if self.pdf.page:
            self.finish_page()
        self.pdf.add_page()
        page = self.pdf.page
        self.pdf.set_font("noto", size=_BODY_PT)
        if page == 1:
            self.pdf.set_font("noto", size=14)
            self.pdf.text(_LEFT + _TEXT_W - self.width(self.doc.symbol, 14), 16, self.doc.symbol)
            self.pdf.set_font("noto", size=_BODY_PT)
            self.pdf.text(_LEFT, 24, "联合国" if self.doc.language == "zh" else "United Nations")
            y = 34.0
            for line in self.doc.masthead:
                self.pdf.text(_LEFT + 110, y, line)
                y += _PITCH
            self.y = y + 6
            self.column_top = self.y
        else:
            x = _LEFT if page % 2 == 0 else _LEFT + _TEXT_W - self.width(self.doc.symbol, _BODY_PT)
            self.pdf.text(x, 15, self.doc.symbol)
            self.y = _BODY_TOP
            self.column_top = self.y
        self.column = 0
        self.page_notes = []

    def finish_page(self) -> None:
        page = self.pdf.page
        if self.page_notes:
            lines = [self.wrap(self.note_text(m, t), size=_NOTE_PT, width=_TEXT_W) for m, t in self.page_notes]
            y = _BODY_BOTTOM - sum(len(ln) for ln in lines) * _NOTE_PITCH + _NOTE_PITCH
            self.pdf.line(_LEFT, y - 5, _LEFT + 50, y - 5)
            for note in lines:
                for line in note:
                    self.draw(line, x=_LEFT, baseline=y, size=_NOTE_PT)
                    y += _NOTE_PITCH
        self.pdf.set_font("noto", size=9)
        number = str(page)
        self.pdf.text(_LEFT + _TEXT_W - self.width(number, 9), 280, number)
        self.pdf.set_font("noto", size=8)
        self.pdf.text(_LEFT, 287, self.doc.job_number)

    def paragraph(self, text: str) -> None:
        indent = 8.0 if re.match(r"^[(（][a-z]{1,2}[)）]", text) else 0.0
        for n, line in enumerate(self.wrap(text, size=_BODY_PT, width=self.column_width - indent)):
            calls = [(u, self.notes[u]) for u, is_call in line if is_call and u in self.notes]
            needed = self.notes_height(self.page_notes + calls)
            if self.y + _PITCH > _BODY_BOTTOM - needed:
                if self.column + 1 < self.columns:
                    self.column += 1
                    self.y = self.column_top
                    self.split_columns += n > 0
                else:
                    self.new_page()
                    self.split_paragraphs += n > 0
            self.page_notes.extend(calls)
            x = _LEFT + self.column * (self.column_width + _GUTTER) + indent
            self.draw(line, x=x, baseline=self.y, size=_BODY_PT)
            self.y += _PITCH
        self.y += _PARA_GAP

    def render(self, out: Path) -> RenderedPdf:
        self.new_page()
        for line in (*self.doc.title, *self.doc.body):
            self.paragraph(line)
        self.finish_page()
        self.pdf.output(str(out))
        return RenderedPdf(
            out, pages=self.pdf.page, split_paragraphs=self.split_paragraphs, split_columns=self.split_columns
        )


@dataclass(frozen=True)
class RenderedPdf:
    path: Path
    pages: int
    split_paragraphs: int
    """How many paragraphs run on from one page to the next."""
    split_columns: int = 0
    """How many paragraphs run on from the left column to the right one."""


def render_pdf(doc: UNDoc, out: Path, *, font: Path, columns: int = 1) -> RenderedPdf:
    """Lay ``doc`` out as a UN PDF (see the module docstring) with fpdf2, in one or two columns."""
    return _PdfWriter(doc, font, columns=columns).render(out)


# --- DOCX -------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUM_ID = 21
_PARA_RE = re.compile(r"^(\d{1,3})\. (.*)$")
_ITEM_RE = re.compile(r"^(?:- )?\(([a-z])\) (.*)$")


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _add_numbering(document: object) -> None:
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{_NUM_ID}">'
        '<w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="567" w:hanging="567"/></w:pPr></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>'
        '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1134" w:hanging="567"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    num = parse_xml(f'<w:num xmlns:w="{_W}" w:numId="{_NUM_ID}"><w:abstractNumId w:val="{_NUM_ID}"/></w:num>')
    first_num = numbering.find(_w("num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)


def _number(paragraph: object, ilvl: int) -> None:
    from docx.oxml import parse_xml

    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.insert(0, parse_xml(f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{ilvl}"/><w:numId w:val="{_NUM_ID}"/></w:numPr>'))


def _runs(paragraph: object, text: str, footnote_ids: dict[str, int]) -> None:
    from docx.oxml import parse_xml

    pos = 0
    for m in _CALL_RE.finditer(text):
        if m.start() > pos:
            paragraph.add_run(text[pos : m.start()])  # type: ignore[attr-defined]
        mark = m.group(1)
        custom = "" if mark.isdigit() else ' w:customMarkFollows="1"'
        tail = "" if mark.isdigit() else f"<w:t>{mark}</w:t>"
        paragraph._p.append(
            parse_xml(  # type: ignore[attr-defined]
                f'<w:r xmlns:w="{_W}"><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference{custom} w:id="{footnote_ids[mark]}"/>{tail}</w:r>'
            )
        )
        pos = m.end()
    if pos < len(text):
        paragraph.add_run(text[pos:])  # type: ignore[attr-defined]


def _footnotes_part(document: object, footnotes: tuple[tuple[str, str], ...]) -> dict[str, int]:
    from xml.sax.saxutils import escape

    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    ids: dict[str, int] = {}
    notes = [
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for n, (mark, text) in enumerate(footnotes, start=1):
        ids[mark] = n
        ref = "<w:footnoteRef/>" if mark.isdigit() else f"<w:t>{escape(mark)}</w:t>"
        notes.append(
            f'<w:footnote w:id="{n}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>{ref}</w:r>'
            f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{_W}">{"".join(notes)}</w:footnotes>'
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml.encode("utf-8"),
        document.part.package,  # type: ignore[attr-defined]
    )
    document.part.relate_to(part, RT.FOOTNOTES)  # type: ignore[attr-defined]
    return ids


def render_docx(doc: UNDoc, out: Path) -> Path:
    """Write ``doc`` as Word does: numbered paragraphs and items by list numbering, real footnotes."""
    import docx

    document = docx.Document()
    document.core_properties.language = "zh-CN" if doc.language == "zh" else "en-GB"
    _add_numbering(document)
    ids = _footnotes_part(document, doc.footnotes)
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.header.paragraphs[0].text = doc.symbol
    first = section.first_page_header
    first.paragraphs[0].text = "联合国" if doc.language == "zh" else "United Nations"
    first.add_paragraph(doc.symbol)
    for line in doc.masthead:
        first.add_paragraph(line)
    section.footer.paragraphs[0].text = doc.job_number
    for line in doc.title:
        _runs(document.add_paragraph(), line, ids)
    expected = 1
    item = 0
    for line in doc.body:
        para = _PARA_RE.match(line)
        sub = _ITEM_RE.match(line)
        p = document.add_paragraph()
        if para and int(para.group(1)) == expected:
            expected += 1
            item = 0
            _number(p, 0)
            line = para.group(2)
        elif sub and expected > 1 and ord(sub.group(1)) - ord("a") == item:
            item += 1
            _number(p, 1)
            line = sub.group(2)
        _runs(p, line, ids)
    document.save(str(out))
    return out
