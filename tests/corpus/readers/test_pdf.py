"""The PDF reader on UN-layout PDFs made by fpdf2, and on PDFs it must refuse."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from corpus.readers import ReaderError, SourceText, read_document
from tests.fixtures.bad_files import encrypted_pdf, scanned_pdf
from tests.fixtures.documents import ROUND_TRIP
from tests.fixtures.roundtrip import paragraphs
from tests.fixtures.un_files import RenderedPdf, UNDoc, render_pdf


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_pdf_paragraphs_equal_the_text_files(
    name: str, un_docs: dict[str, UNDoc], un_pdfs: dict[str, RenderedPdf], pdf_sources: dict[str, SourceText]
) -> None:
    doc, rendered, source = un_docs[name], un_pdfs[name], pdf_sources[name]
    assert rendered.pages >= 2 and rendered.split_paragraphs >= 1, "the layout must split a paragraph across pages"
    expected = paragraphs(doc.plain_text)
    assert sum(1 for number, _ in expected if number) >= 7
    assert paragraphs(source.text) == expected
    assert source.format == "pdf"
    assert source.warnings == ()


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_pdf_footnotes_and_their_calls(
    name: str, un_docs: dict[str, UNDoc], pdf_sources: dict[str, SourceText]
) -> None:
    doc, source = un_docs[name], pdf_sources[name]
    assert source.footnotes == doc.footnotes
    for mark, _ in doc.footnotes:
        if mark.isdigit():
            sup = mark.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
            assert re.search(rf"\S{sup}", source.text), f"call marker {sup} glued to the word before it"
    for _, note in doc.footnotes:
        assert note not in source.text, "footnote text stays out of the body"


def test_the_cities_footnote_of_hsp_ha_2_4(pdf_sources: dict[str, SourceText]) -> None:
    source = pdf_sources["000"]
    para_40 = next(line for line in source.text.split("\n") if line.startswith("40."))
    assert "城市⁵" in para_40
    assert dict(source.footnotes)["5"] == "赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。"


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_pdf_symbol_from_the_headers_and_furniture_removed(
    name: str, un_docs: dict[str, UNDoc], un_pdfs: dict[str, RenderedPdf], pdf_sources: dict[str, SourceText]
) -> None:
    doc, rendered, source = un_docs[name], un_pdfs[name], pdf_sources[name]
    assert source.symbol == doc.symbol
    assert f"running header of {rendered.pages - 1} of {rendered.pages - 1}" in source.symbol_evidence
    assert "first page's header" in source.symbol_evidence
    assert source.language_hint == doc.language
    lines = source.text.split("\n")
    assert doc.symbol not in lines
    assert not any(doc.job_number in line for line in lines)
    assert not any(line.startswith(("Distr.", "Original:")) for line in lines)
    assert not any(re.fullmatch(r"\d{1,3}", line) for line in lines), "page numbers removed"
    assert source.header_lines and source.header_lines[-1] == re.sub(
        "\x01[^\x02]*\x02", lambda m: m.group(0)[1:-1], doc.title[-1]
    )


def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf")
    with pytest.raises(ReaderError, match=r"scan\.pdf has no text layer \(a scanned image\?\); no OCR is done"):
        read_document(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = encrypted_pdf(tmp_path / "locked.pdf")
    with pytest.raises(ReaderError, match=r"locked\.pdf is an encrypted \(password-protected\) PDF"):
        read_document(path)


def test_truncated_pdf(tmp_path: Path, un_pdfs: dict[str, RenderedPdf]) -> None:
    data = un_pdfs["english"].path.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReaderError, match=r"cut\.pdf is (not a readable PDF|truncated)"):
        read_document(path)


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    with pytest.raises(ReaderError, match=r"garbage\.pdf is not a readable PDF"):
        read_document(path)


def test_windows_program_renamed_pdf(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500 + b"This program cannot be run in DOS mode.")
    with pytest.raises(ReaderError, match=r"report\.pdf is named \.pdf but is a Windows program"):
        read_document(path)


def test_two_column_pdf(un_docs: dict[str, UNDoc], un_dir: Path, un_font: Path) -> None:
    doc = un_docs["english"]
    rendered = render_pdf(doc, un_dir / "english-2col.pdf", font=un_font, columns=2)
    assert rendered.split_columns >= 1, "a paragraph must run on from the left column to the right"
    source = read_document(rendered.path)
    assert paragraphs(source.text) == paragraphs(doc.plain_text)
    assert source.footnotes == doc.footnotes
    assert source.symbol == doc.symbol


def test_pdf_with_only_an_owner_password_reads(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner")  # no password to open it, only restrictions
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.text(20, 40, "1. A paragraph anyone may read.")
    path = tmp_path / "restricted.pdf"
    pdf.output(str(path))
    assert read_document(path).text == "1. A paragraph anyone may read.\n"


def test_join_lines() -> None:
    from corpus.readers.pdf import join_lines

    assert join_lines("城市", "安全") == "城市安全"
    assert join_lines("第 26/2", "号") == "第 26/2 号"
    assert join_lines("第", "26/2 号") == "第 26/2 号"
    assert join_lines("1/3", "、1/4") == "1/3、1/4"
    assert join_lines("the six", "cities") == "the six cities"
    assert join_lines("policy-", "making") == "policy-making"
    assert join_lines("cities,", "and") == "cities, and"


_CHROMIUM_PAGE = """<html><head><meta charset="utf-8"><style>
body {{ font-family: 'Noto Sans CJK SC'; font-size: 10pt; line-height: 1.4 }}
p {{ margin: 0 0 6pt 0 }} .note {{ font-size: 8pt }} hr {{ width: 30%; margin: 400pt 0 4pt 0 }}
</style></head><body>
<p>Executive Board of the United Nations Human Settlements Programme</p>
<p>I. Introduction</p>
<p>1. The present report is submitted pursuant to resolution 2/1 of the Assembly.<sup>1</sup> {long}</p>
<p>2. 2020 年通过协商进程编制了城市安全监测框架。在欧洲联盟城市<sup>5</sup>试点了该框架。</p>
<p>3. {long}</p>
<hr><p class="note">1 See HSP/HA.2/4, para. 40.</p><p class="note">5 赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。</p>
</body></html>"""


@pytest.mark.browser
def test_pdf_printed_by_chromium(tmp_path: Path) -> None:
    """Another producer (Chromium's Skia PDF backend): other font encodings, <sup> call markers."""
    import shutil
    import subprocess

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is not installed (apt-get install chromium; scripts/test.sh does)"
    long = (
        "The Executive Board took note of the progress made in the implementation of the strategic plan, "
        "including the work carried out with national and local governments and the private sector."
    )
    page = tmp_path / "report.html"
    page.write_text(_CHROMIUM_PAGE.format(long=long), encoding="utf-8")
    path = tmp_path / "report.pdf"
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         f"--print-to-pdf={path}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    source = read_document(path)
    assert [n for n, _ in paragraphs(source.text) if n] == ["1", "2", "3"]
    lines = source.text.split("\n\n")
    assert lines[2] == f"1. The present report is submitted pursuant to resolution 2/1 of the Assembly.¹ {long}"
    assert lines[3] == "2. 2020 年通过协商进程编制了城市安全监测框架。在欧洲联盟城市⁵试点了该框架。"
    assert source.footnotes == (
        ("1", "See HSP/HA.2/4, para. 40."),
        ("5", "赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。"),
    )


def _lines_pdf(path: Path, lines: list[str], *, pitch: float = 5.0) -> Path:
    """One page of Helvetica 10 pt lines set at an even pitch: no space between paragraphs."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for k, line in enumerate(lines):
        pdf.text(20, 40 + k * pitch, line)
    pdf.output(str(path))
    return path


def test_a_numbered_line_after_a_sentence_starts_a_paragraph_without_a_gap(tmp_path: Path) -> None:
    """Some UN pages (A/75/836 in Chinese) set no space between paragraphs and a paragraph's last line
    runs to the margin: the next "7." still opens paragraph 7. A figure such as "2.5 million" at
    the start of a line does not."""
    lines = [
        "1. The first paragraph takes two lines of the page and its first line reaches the margin, as",
        "of the page, while its second line also runs on to the right margin and ends a sentence.",
        "2. The second paragraph follows with no space above it; the number alone marks it, and",
        "its text ends with a figure that the next line carries on, as the count of people rose to over",
        "2.5 million people in that year, and with nothing else the line goes on to the margin.",
    ]
    source = read_document(_lines_pdf(tmp_path / "tight.pdf", lines))
    assert source.text.split("\n\n") == [" ".join(lines[:2]), " ".join(lines[2:]) + "\n"]
    assert [number for number, _ in paragraphs(source.text)] == ["1", "2"]


def test_chinese_automatic_spacing_around_numbers_is_a_space(tmp_path: Path) -> None:
    """Word sets a number a little apart from Chinese characters (under a quarter of an em, no space
    character): the reader writes a space there, as the Chinese text files do (到 2030 年)."""
    from fpdf import FPDF

    from tests.fixtures.un_files import cjk_ttf

    font = cjk_ttf(tmp_path / "cjk.ttf", ["重新走上到年消除艾滋病2030"])
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=14)
    x, gap = 20.0, 0.2 * 14 * 25.4 / 72  # a fifth of an em, in millimetres
    for piece in ("重新走上到", "2030", "年消除艾滋病"):
        pdf.text(x, 40, piece)
        x += pdf.get_string_width(piece) + gap
    path = tmp_path / "autospace.pdf"
    pdf.output(str(path))
    assert read_document(path).text.strip() == "重新走上到 2030 年消除艾滋病"


def _font_without_unicode(pdf: Any, tmp_path: Path) -> None:
    """Add the font ``broken``: its glyphs reach pdfminer without any Unicode character (see :func:`_unmap`)."""
    from tests.fixtures.un_files import cjk_ttf

    pdf.add_font("broken", fname=str(cjk_ttf(tmp_path / "broken.ttf", [])))


def _unmap(raw: bytes) -> bytes:
    """The PDF as some producers write it: no ``/ToUnicode`` map, and no font program pdfminer
    could read one from (the keys are renamed, same length, so the cross-reference table holds)."""
    assert raw.count(b"/ToUnicode") == 1 and raw.count(b"/FontFile2") == 1
    return raw.replace(b"/ToUnicode", b"/ToUnicodX").replace(b"/FontFile2", b"/FontFileX")


def test_a_text_layer_without_unicode_is_refused(tmp_path: Path) -> None:
    """The BBNJ Agreement's Russian, Chinese and Arabic PDFs carry text whose fonts give no Unicode
    character (``(cid:587)``): nothing readable can come out, so the reader says so."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    _font_without_unicode(pdf, tmp_path)
    pdf.set_font("broken", size=11)
    for k in range(8):
        pdf.text(20, 40 + 8 * k, f"{k + 1}. A paragraph set in a font that has no Unicode map at all.")
    path = tmp_path / "no-unicode.pdf"
    path.write_bytes(_unmap(bytes(pdf.output())))
    with pytest.raises(ReaderError, match=r"has a text layer without Unicode: its fonts give no character for \d+"):
        read_document(path)


def test_a_few_glyphs_without_unicode_are_marked_and_their_lines_dropped(tmp_path: Path) -> None:
    """The BBNJ Agreement's French PDF sets its cover and some capitals (``G``, ``Z``) in a display
    font without a Unicode map: a line made of such glyphs is dropped, a lone one is written U+FFFD
    (never ``(cid:42)``), and the reader says how many there were."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    _font_without_unicode(pdf, tmp_path)
    pdf.set_font("broken", size=14)
    pdf.text(20, 30, "ACCORD SUR LA MER")
    pdf.set_font("helvetica", size=11)
    pdf.text(20, 50, "DISPOSITIONS ")
    x = 20 + pdf.get_string_width("DISPOSITIONS ")
    pdf.set_font("broken", size=11)
    pdf.text(x, 50, "G")
    x += pdf.get_string_width("G")
    pdf.set_font("helvetica", size=11)
    pdf.text(x, 50, "ÉNÉRALES")
    body = [
        "1. The first paragraph of the agreement is set in a font that has its Unicode map, as is",
        "the rest of the body, so that its text reads as printed on the page.",
    ]
    for k, line in enumerate(body):
        pdf.text(20, 70 + 5 * k, line)
    path = tmp_path / "display-font.pdf"
    path.write_bytes(_unmap(bytes(pdf.output())))
    source = read_document(path)
    assert "(cid:" not in source.text
    assert "ACCORD" not in source.text
    assert "DISPOSITIONS \ufffdÉNÉRALES" in source.text
    assert " ".join(body) in source.text
    assert any("have no Unicode character" in w and "1 of them" in w for w in source.warnings)
    assert any(r.kind == "lines in a font without a Unicode map" and r.count == 1 for r in source.removed)


def _two_pages_pdf(path: Path, first: list[str], second: list[str], *, footer: str = "") -> Path:
    """Two pages of Helvetica 10 pt lines: ``first`` ends at the foot of page 1 (then ``footer``,
    as a booklet prints ``- 2 -``), ``second`` starts page 2."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    top = 200 - 5 * len(first)
    for k, line in enumerate(first):
        pdf.text(20, top + 5 * k, line)
    if footer:
        pdf.text(100, 215, footer)
    pdf.add_page()
    for k, line in enumerate(second):
        pdf.text(20, 30 + 5 * k, line)
    pdf.output(str(path))
    return path


def test_an_article_heading_at_the_top_of_a_page_starts_the_article(tmp_path: Path) -> None:
    """A page of the BBNJ Agreement ends with a line that runs to the margin and ends a sentence;
    the next page opens with ``Article 44``: the heading starts a paragraph of its own (it was glued
    onto the end of article 43), and so does the title under it. The booklet's page number
    ``- 41 -`` at the end of the page is dropped, whatever page of the file it stands on."""
    first = [
        "5. Marine technology transferred pursuant to this Part shall be appropriate, relevant and,",
        "to the extent possible, reliable, affordable, up to date and environmentally sound, as set.",
    ]
    second = [
        "Article 44",
        "Types of capacity-building",
        "1. In support of the objectives set out in article 40, the types of capacity-building may",
        "include support for the creation or enhancement of the capabilities of the Parties.",
    ]
    source = read_document(_two_pages_pdf(tmp_path / "articles.pdf", first, second, footer="- 41 -"))
    assert source.text.split("\n\n")[:4] == [
        " ".join(first),
        "Article 44",
        "Types of capacity-building",
        " ".join(second[2:]) + "\n",
    ]
    assert any(r.kind == "page numbers" for r in source.removed)


def test_a_typesetters_hyphenation_is_mended_and_hyphenated_words_kept(tmp_path: Path) -> None:
    """A booklet (the French UNDRIP) breaks words at line ends (``re-`` / ``connus``); a hyphenated
    word broken at its hyphen keeps it (``policy-`` / ``making``). The document's own words tell
    them apart: it prints ``reconnus``, ``participer`` and ``autochtones`` whole elsewhere."""
    lines = [
        "1. Les droits de l'homme et les libertés fondamentales re-",
        "connus par la Charte, et la policy-",
        "making des États, dans une procédure d'éla-",
        "boration commune où les peuples autoch-",
        "tones peuvent partici-",
        "per, sont reconnus; la policy des États et le making des autochtones, qui veulent participer.",
    ]
    source = read_document(_lines_pdf(tmp_path / "hyphens.pdf", lines))
    assert source.text.strip() == (
        "1. Les droits de l'homme et les libertés fondamentales reconnus par la Charte, et la policy-making"
        " des États, dans une procédure d'élaboration commune où les peuples autochtones peuvent participer,"
        " sont reconnus; la policy des États et le making des autochtones, qui veulent participer."
    )


def test_a_un_document_keeps_the_hyphens_at_its_line_ends(tmp_path: Path) -> None:
    """A UN document breaks no words: ``twenty-`` / ``first`` and ``post-`` / ``conflict`` (A/RES/73/6,
    A/RES/73/7) keep their hyphens, though ``post`` is no word of the document."""
    lines = [
        "1. Emphasizes capacity-building for the twenty-",
        "first century and transitional justice in conflict and post-",
        "conflict societies as a building block of sustainable peace in the first place.",
    ]
    source = read_document(_lines_pdf(tmp_path / "un.pdf", lines))
    assert "twenty-first century" in source.text and "post-conflict societies" in source.text


def test_a_space_glyph_drawn_over_a_letter_is_no_word_space(tmp_path: Path) -> None:
    """The UNDRIP booklet draws a space glyph over the first letter after a paragraph number (a tab
    stop): ``1. L es peuples`` must read ``1. Les peuples``."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.text(20, 40, "1.")
    pdf.text(26, 40, "Les peuples autochtones ont le droit de maintenir leurs institutions.")
    pdf.text(26.05, 40, " ")
    path = tmp_path / "tab.pdf"
    pdf.output(str(path))
    assert (
        read_document(path).text.strip() == "1. Les peuples autochtones ont le droit de maintenir leurs institutions."
    )


def test_a_line_ending_with_a_function_word_goes_on_under_a_capital(tmp_path: Path) -> None:
    """A/RES/48/263 in Spanish sets its title on short lines: ``… sobre el Derecho del`` / ``Mar de 10 de
    diciembre de 1982``. A short line that ends with a capital after it starts a new paragraph (or a
    heading), except when it ends with a word no sentence ends with (``del``, ``of``, ``de la``)."""
    lines = [
        "48/263. Acuerdo relativo a la aplicación de la Parte XI de la",
        "Convención de las Naciones Unidas sobre el Derecho del",
        "Mar de 10 de diciembre de 1982",
        "La Asamblea General,",
        "Inspirada por el deseo de lograr la participación universal en la Convención de las Naciones Unidas",
    ]
    source = read_document(_lines_pdf(tmp_path / "title.pdf", lines))
    assert source.text.split("\n\n")[:2] == [" ".join(lines[:3]), lines[3]]


def test_an_annex_heading_is_never_joined_to_the_title_under_it(tmp_path: Path) -> None:
    """ISBA/19/C/17 in Spanish and Russian sets ``Anexo`` and the regulations' title in one bold size, line under
    line: they read as ``Anexo Reglamento sobre …`` and the annex went unnoticed (its regulations' numbers were
    taken for the decision's). The annex heading is a line of its own."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", style="B", size=12)
    pdf.text(20, 30, "Anexo")
    pdf.text(20, 36, "Reglamento sobre Prospección y Exploración")
    pdf.set_font("helvetica", size=10)
    body = [
        "1. Los términos utilizados en la Convención tendrán igual significado en el presente Reglamento,",
        "que se aplicará a la prospección y la exploración de nódulos polimetálicos en la Zona.",
    ]
    for k, line in enumerate(body):
        pdf.text(20, 46 + 5 * k, line)
    path = tmp_path / "annex.pdf"
    pdf.output(str(path))
    assert read_document(path).text.split("\n\n")[:2] == ["Anexo", "Reglamento sobre Prospección y Exploración"]


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def test_arabic_in_presentation_forms_and_visual_order_reads_as_written(tmp_path: Path) -> None:
    """ISBA/19/C/17 in Arabic (Acrobat Distiller) carries its text as the page shows it: contextual letter
    forms (``ﺭﺎﺤﺒﻟﺍ``), left to right, the paragraph number ``- ٢`` at the line's end. The reader gives the
    text in the order it is written, in plain letters: ``٢ - يقرر …``, ``المجلس``, ``البحار``."""
    from fpdf import FPDF

    assert DEJAVU.is_file(), "DejaVu Sans is missing (Debian's fonts-dejavu-core)"
    visual = [
        "،ﺭﺎﺤﺒﻟﺍ ﻉﺎﻘﻟ ﺔﻴﻟﻭﺪﻟﺍ ﺔﻄﻠﺴﻟﺍ ﺲﻠﺠﻣ ﻥﺇ",
        "ﻪﻟ ﺲﻠﺠﻤﻟﺍ ﺩﺎﻤﺘﻋﺍ ﺦﻳﺭﺎﺗ ﻦﻣ ﺍﺭﺎﺒﺘﻋﺍ ﺎﺘﻗﺆﻣ ﻝﺪﻌﻤﻟﺍ ﻡﺎﻈﻨﻟﺍ ﻖﻴﺒﻄﺗ ﺭﺮــﻘﻳ - ٢",
    ]
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("dejavu", fname=str(DEJAVU))
    pdf.set_font("dejavu", size=12)
    for k, line in enumerate(visual):
        pdf.text(190 - pdf.get_string_width(line), 40 + 12 * k, line)  # set flush right, as an Arabic page is
    path = tmp_path / "arabic.pdf"
    pdf.output(str(path))
    lines = read_document(path).text.split("\n\n")
    assert lines[0] == "إن مجلس السلطة الدولية لقاع البحار،"
    assert lines[1].strip() == "٢ - يقرر تطبيق النظام المعدل مؤقتا اعتبارا من تاريخ اعتماد المجلس له"


def test_an_arabic_line_keeps_its_numbers_latin_words_and_ligatures() -> None:
    """Numbers and Latin words in an Arabic line stay left to right (``ISBA/19/C/17``, ``٢٠١٣``), brackets
    turn back, and a ligature glyph keeps its letters' order (``لمج`` in ``لمجلس``)."""
    from corpus.readers.pdf import _logical

    visual = [*"ISBA/19/C/17", " ", "ﺲ", "ﻠ", "ﻟﻤﺠ", "ﺭ", "ﺮ", "ﻘ", "ﻣ", " ", "(", "ﺏ", ")", " ", "٢", "٠", "١", "٣"]
    assert _logical(visual) == "٢٠١٣ (ب) مقررلمجلس ISBA/19/C/17"


def test_a_symbol_header_below_the_band_goes_with_the_job_number_footer(tmp_path: Path) -> None:
    """ISBA/19/C/17 prints its symbol a little below the top band of every page and a footer of the page
    number and the job number in small raised type (``2 ¹³-⁴⁰⁴⁰²(C)``): both are furniture, and a
    paragraph that runs over the page break is one paragraph again."""
    from fpdf import FPDF

    pages = [
        [
            "1. The Council adopts the amendments to the Regulations set out in the annex to the present decision and",
            "decides that they shall apply provisionally from the date of their adoption by the Council, pending their",
        ],
        [
            "approval by the Assembly of the Authority.",
            "2. The Council requests the Secretary-General to consult with applicants before the contracts are signed.",
        ],
        ["3. The Council requests the Legal and Technical Commission to review the provisions on joint ventures."],
    ]
    pdf = FPDF(format="A4")
    for number, lines in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.text(20, 34, "ISBA/99/C/1")  # 11% of the page height: outside the top band
        for k, line in enumerate(lines):
            pdf.text(20, 60 + 5 * k, line)
        if number > 1:
            pdf.text(20, 284, str(number))
            pdf.set_font("helvetica", size=6)
            pdf.text(26, 282.5, "13-40402")  # small and raised
            pdf.set_font("helvetica", size=10)
            pdf.text(36, 284, "(C)")
    path = tmp_path / "isba.pdf"
    pdf.output(str(path))
    text = read_document(path).text
    assert "ISBA/99/C/1" not in text and "(C)" not in text
    assert [number for number, _ in paragraphs(text)] == ["1", "2", "3"]
    assert "pending their approval by the Assembly" in text


def test_a_glyph_printed_twice_over_is_read_once() -> None:
    """Old layouts print bold by setting each glyph twice, a fraction of a point apart ("UUNNIITTEEDD")."""
    from corpus.readers.pdf import _Char, _dedupe

    def glyph(text: str, x: float, dx: float = 0.0) -> _Char:
        return _Char(text, 10.0, x + dx, x + dx + 6.0, 100.0, 110.0)

    doubled = [c for i, t in enumerate("UN") for c in (glyph(t, 50 + 7 * i), glyph(t, 50 + 7 * i, 0.3))]
    assert "".join(c.text for c in _dedupe(doubled)) == "UN"
    # Two narrow letters of small type stand close, but not on each other: both are kept.
    small = [_Char("l", 6.0, 50.0, 51.7, 100.0, 106.0), _Char("l", 6.0, 51.7, 53.4, 100.0, 106.0)]
    assert len(_dedupe(small)) == 2


def test_a_first_page_notice_in_8_5_point_type_is_no_part_of_the_text(tmp_path: Path) -> None:
    """A verbatim record's first page ends with a notice set at 8.5 pt under a 10 pt body ("This record contains
    the text of speeches…"), while the speech's sentence runs on to page 2: the sentence joins across the page and
    the notice stays out of it, as a footnote-sized block does (A/79/PV.64)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()

    def block(size: float, top: float, lines: list[str]) -> None:
        pdf.set_font("helvetica", size=size)
        for k, line in enumerate(lines):
            pdf.text(20, top + k * size / 2, line)

    block(
        10,
        200,
        [
            "Mr. Makayat-Safouesse (Congo): We lose approximately ten million hectares of forests every",
            "year, as the recent estimates show. On another note, the global",
        ],
    )
    block(
        8.5,
        225,
        [
            "This record contains the text of speeches delivered in English and of the translation of speeches",
            "delivered in other languages. Corrections should be submitted to the original languages only.",
        ],
    )
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.text(20, 40, "population is constantly growing, which causes a worrisome loss of our forests.")
    path = tmp_path / "verbatim.pdf"
    pdf.output(str(path))
    text = read_document(path).text
    assert "On another note, the global population is constantly growing" in text
    assert "This record contains" not in text


def _placed(words: list[str], *, word_gap: float, letter_gap: float = 0.0, space_glyphs: bool = False) -> str:
    """A 10 pt line whose letters are 5 pt wide, set ``letter_gap`` apart and words ``word_gap`` apart (in em)."""
    from corpus.readers.pdf import _Char, _Line

    chars: list[_Char] = []
    x = 50.0
    for i, word in enumerate(words):
        if i:
            if space_glyphs:
                chars.append(_Char(" ", 10.0, x, x + 2.5, 100.0, 110.0))
                x += 2.5
            x += 10.0 * word_gap
        for letter in word:
            chars.append(_Char(letter, 10.0, x, x + 5.0, 100.0, 110.0))
            x += 5.0 + 10.0 * letter_gap
    return _Line(chars, small=False).text()


def test_words_placed_without_space_glyphs_are_read_apart() -> None:
    """TD/B/43/6 and ICCD/COP(8)/CST/8 place each word without writing a space glyph, a fifth of an em
    apart ("Theforty-thirdsessionoftheBoard"): such a gap is a word space, as pdfminer's word margin reads it."""
    words = ["The", "forty-third", "session", "of", "the", "Board"]
    assert _placed(words, word_gap=0.2) == "The forty-third session of the Board"
    # Letters set close (under a tenth of an em) stay one word.
    assert _placed(["session"], word_gap=0.2, letter_gap=0.08) == "session"


def test_letters_spread_by_justification_stay_one_word() -> None:
    """A/RES/73/3 writes its word spaces and justifies by spreading letters up to ~0.13 em: on a line with
    space glyphs only a clearly wide gap is one more space."""
    assert _placed(["quality", "care"], word_gap=0.0, letter_gap=0.13, space_glyphs=True) == "quality care"


def test_chinese_characters_spread_by_justification_stay_together() -> None:
    """Chinese text is justified by spreading its characters (A/75/836's charts, a fifth of an em): no space."""
    assert _placed(["重点人群"], word_gap=0.0, letter_gap=0.2) == "重点人群"


def test_smaller_type_on_the_baseline_is_text_and_raised_type_a_footnote_call() -> None:
    """ISBA/19/C/17 in Arabic sets Latin words and figures in 10 pt inside 15 pt Arabic lines, on the same
    baseline; the Arabic font's box reaches far below that baseline, Times' does not. A box's bottom read them
    as raised (``WGS⁸⁴``, ``ISBA/¹⁹/C/¹⁷``, ``²²July²⁰¹³``): the baseline says they are text. A call raised above
    the baseline stays a footnote call, and small type far beside a line is a line of its own."""
    from corpus.readers.pdf import _Char, _page_lines

    def word(text: str, x: float, size: float, base: float, depth: float) -> list[_Char]:
        return [
            _Char(ch, size, x + i * 0.5 * size, x + (i + 1) * 0.5 * size, base - 0.8 * size, base + depth, base)
            for i, ch in enumerate(text)
        ]

    body = word("abcdefghij", 100.0, 15.0, 500.0, 7.5) + word("klmnopqrst", 220.0, 15.0, 500.0, 7.5)
    latin = word("WGS", 178.0, 10.0, 500.0, 2.2)  # in the gap between the two runs, on the baseline
    call = word("1", 295.5, 8.0, 495.0, 2.0)  # raised: a footnote call after the line's last word
    assert [ln.text() for ln in _page_lines(body + latin + call, 15.0)] == ["abcdefghij WGS klmnopqrst¹"]
    far = word("Distr.", 450.0, 10.0, 494.0, 2.2)  # raised, but far to the right: a line of its own
    assert sorted(ln.text() for ln in _page_lines(body + far, 15.0)) == ["Distr.", "abcdefghij klmnopqrst"]


def test_a_pdf_without_a_readable_page_says_so_not_that_it_is_scanned(tmp_path: Path) -> None:
    """A/HRC/WG.6/7/SVN/2's page tree is beyond pdfminer (PDFium reads its 17 pages): "no text layer (a scanned
    image?)" sent the user to look for OCR. A PDF whose pages cannot be found says that, and how to mend it."""
    path = tmp_path / "no-pages.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    with pytest.raises(ReaderError) as err:
        read_document(path)
    assert "no page of this PDF could be read" in str(err.value) and "scanned" not in str(err.value)


def _page_image_with_text(path: Path, *, image_width: float, pages: int) -> Path:
    """A PDF whose pages each carry an image ``image_width`` mm wide and a line of text over it, as a scan with an
    OCR layer does (the text invisible there; drawn here, which the reader does not tell apart)."""
    from fpdf import FPDF
    from PIL import Image

    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.image(Image.new("L", (420, 594), 235), x=0, y=0, w=image_width)
        pdf.text(20, 40, f"{n}. The Executive Board approved the programme of work for the year {1979 + n}.")
    pdf.output(str(path))
    return path


def test_a_scan_with_an_ocr_text_layer_is_read_with_a_warning(tmp_path: Path) -> None:
    """E/ICEF/672 (1980) and E/CN.4/149 (1948) are page images with text recognised by OCR: the reader reads the
    text and says its words may be misread. A page with a logo is no scan."""
    scan = read_document(_page_image_with_text(tmp_path / "scan.pdf", image_width=210, pages=3))
    assert "The Executive Board approved the programme of work for the year 1980." in scan.text
    assert any(w.startswith("this PDF is a scan of paper with text recognised by OCR") for w in scan.warnings)
    logo = read_document(_page_image_with_text(tmp_path / "logo.pdf", image_width=40, pages=3))
    assert not any("OCR" in w for w in logo.warnings)


_ARABIC = "إن مجلس السلطة الدولية لقاع البحار يقرر تطبيق النظام المعدل مؤقتا اعتبارا من تاريخ اعتماد المجلس له"
_ARABIC_BROKEN = "إ ن م جلس ال سلطة ال دولية ل قاع ال بحار ي قرر ت طبيق ال نظام ال معدل م ؤقتا ا عتبارا م ن"
"""The sentence above as a PDF whose fonts map glyphs to the wrong letters reads: words broken into fragments
(the Arabic annexes of S/2025/354 and A/79/876)."""


@pytest.mark.parametrize(("line", "warned"), [(_ARABIC, False), (_ARABIC_BROKEN, True)])
def test_arabic_text_that_falls_apart_is_read_with_a_warning(tmp_path: Path, line: str, warned: bool) -> None:
    from fpdf import FPDF

    assert DEJAVU.is_file(), "DejaVu Sans is missing (Debian's fonts-dejavu-core)"
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(DEJAVU))
    pdf.set_font("dejavu", size=8)
    for _ in range(3):
        pdf.add_page()
        for k in range(12):
            visual = line[::-1]  # as the page shows it, right to left, in letters without contextual forms
            assert pdf.get_string_width(visual) < 180
            pdf.text(195 - pdf.get_string_width(visual), 30 + 12 * k, visual)
    path = tmp_path / "arabic.pdf"
    pdf.output(str(path))
    source = read_document(path)
    assert "قاع" in source.text
    assert any(w.startswith("its Arabic text falls apart") for w in source.warnings) is warned


def test_a_line_set_beyond_the_pages_edge_is_read(tmp_path: Path) -> None:
    """Glyphs left of the page's edge (a line longer than the page, set flush right) once shrank the reader's map
    of the page's columns and failed with an IndexError."""
    from fpdf import FPDF

    line = "The Council decided to extend the mandate of the mission until the end of the year. " * 3
    pdf = FPDF()
    pdf.set_font("helvetica", size=11)
    pdf.add_page()
    for k in range(10):
        pdf.text(195 - pdf.get_string_width(line), 30 + 12 * k, line)
    path = tmp_path / "wide.pdf"
    pdf.output(str(path))
    assert "extend the mandate of the mission" in read_document(path).text
