"""Resolutions and decisions (issue 20): the preamble is read, documents without numbered paragraphs are read.

Generated texts, PDFs (fpdf2, UN layout) and DOCX (python-docx) always run; the real files are in
``test_resolutions_real.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.entries import normalize_entry
from corpus.file_parsing import parse_file
from corpus.library import add_document
from corpus.loading import load_corpus
from corpus.parsing import parse_text
from corpus.preamble import is_chapeau, preamble_label
from tests.fixtures.un_files import CJK_FONT, UNDoc, cjk_ttf, render_docx, render_pdf

PREAMBLE = (
    "Recalling its resolution 79/6 of 29 October 2024 and all its previous relevant resolutions,",
    "Recognizing the International Criminal Court as an independent permanent judicial institution,",
    "Reiterating the historic significance of the adoption of the Rome Statute,",
    "Convinced that ending impunity is essential for coming to terms with any past crimes committed "
    "and preventing such crimes in the future,",
)
OPERATIVE = (
    "1. Welcomes the report of the International Criminal Court for 2024/25;",
    "2. Requests the Secretary-General, within available resources:",
    "(a) To continue the practice of sending an annual note verbale to Member States;",
    "(b) To circulate annually a list of the reports received;",
    "3. Decides to include in the provisional agenda of its eighty-first session the item entitled "
    "“Report of the International Criminal Court”.",
)
RESOLUTION = "\n\n".join(
    (
        "United Nations A/RES/80/6",
        "General Assembly Distr.: General 12 November 2025",
        "Eightieth session Agenda item 74",
        "Resolution adopted by the General Assembly on 11 November 2025",
        "80/6. Report of the International Criminal Court",
        "The General Assembly,",
        *PREAMBLE,
        *OPERATIVE,
        "35th plenary meeting 11 November 2025",
    )
)
DECISION_BODY = (
    "Acting in compliance with the mandate entrusted to it by the General Assembly in its resolution 60/251 "
    "of 15 March 2006 and Council resolution 5/1 of 18 June 2007,",
    "Having conducted the review of Slovenia on 16 February 2010 in conformity with all the relevant "
    "provisions contained in Council resolution 5/1;",
    "Adopts the outcome of the universal periodic review on Slovenia which is constituted of the report of "
    "the Working Group on Slovenia, together with the views of Slovenia concerning the recommendations.",
)
DECISION = "\n\n".join(
    (
        "United Nations A/HRC/DEC/14/105",
        "General Assembly Distr.: General 23 June 2010",
        "Human Rights Council",
        "Fourteenth session",
        "Agenda item 6",
        "Decision adopted by the Human Rights Council",
        "14/105 Outcome of the Universal Periodic Review: Slovenia",
        "The Human Rights Council,",
        *DECISION_BODY,
        "22nd meeting 9 June 2010 [Adopted without a vote.]",
    )
)


@pytest.mark.parametrize(
    "line",
    [
        "The General Assembly,",
        "The Human Rights Council,",
        "The Security Council,",
        "The UN-Habitat Assembly,",
        "L’Assemblée générale,",
        "La Asamblea General,",
        "Генеральная Ассамблея,",
        "大会，",
        "إن الجمعية العامة،",
        "The General Assembly",
    ],
)
def test_the_opening_line_of_a_resolution_in_every_language(line: str) -> None:
    assert is_chapeau(line)


@pytest.mark.parametrize(
    "line",
    [
        "General Assembly",  # the banner
        "General Assembly Distr.: General 12 November 2025",
        "Recalling its resolution 79/6,",
        "Welcoming the General Assembly,",
        "Australia, Colombia, Costa Rica, Dominican Republic,",
        "大会",
    ],
)
def test_other_lines_are_not_an_opening(line: str) -> None:
    assert not is_chapeau(line)


def test_preambular_paragraphs_are_read_in_their_section_and_operative_ones_by_number() -> None:
    parsed = parse_text(RESOLUTION, lang="en")
    pre = [b for b in parsed.blocks if b.paragraph is None]
    assert [b.text for b in pre] == list(PREAMBLE)
    assert all(b.section == ("Preamble",) for b in pre)
    numbered = [b for b in parsed.blocks if b.paragraph is not None]
    assert [b.paragraph for b in numbered] == ["1", "2", "3"]
    assert all(b.section == () for b in numbered), "the operative part is not in the preamble"
    assert numbered[1].text.splitlines() == [
        "Requests the Secretary-General, within available resources:",
        "(a) To continue the practice of sending an annual note verbale to Member States;",
        "(b) To circulate annually a list of the reports received;",
    ]
    assert "35th plenary meeting" not in " ".join(b.text for b in parsed.blocks)
    assert "The General Assembly," not in [h for _, h in parsed.header_lines][-1:]


def test_a_preambular_paragraph_broken_across_lines_stays_one() -> None:
    text = RESOLUTION.replace(
        "Recognizing the International Criminal Court as an independent permanent judicial institution,",
        "Recognizing the International Criminal Court as an independent\n\npermanent judicial institution,",
    ).replace(
        "Reiterating the historic significance of the adoption of the Rome Statute,",
        "Reiterating the historic significance of the adoption of the Convention on the Prohibition of the "
        "Development,\nProduction and Stockpiling of Bacteriological Weapons,",
    )
    pre = [b.text for b in parse_text(text, lang="en").blocks if b.paragraph is None]
    assert len(pre) == 4
    assert pre[1] == PREAMBLE[1]
    assert pre[2].endswith("of the Development, Production and Stockpiling of Bacteriological Weapons,")


def test_a_decision_without_numbered_paragraphs_is_read_whole() -> None:
    parsed = parse_text(DECISION, lang="en")
    assert [b.text for b in parsed.blocks] == list(DECISION_BODY)
    assert all(b.paragraph is None for b in parsed.blocks)


def test_markdown_footnotes_of_a_text_export_are_footnotes() -> None:
    text = RESOLUTION.replace("for 2024/25;", "for 2024/25;[^1]") + (
        "\n\n---\n\n[^1]: A/80/342.\n\n[^2]: S/PRST/2013/2; see Resolutions and Decisions of the Security Council,"
        " 1 August 2012–31 July\n[^2013]: (S/INF/68).\n"
    )
    parsed = parse_text(text, lang="en")
    assert not any("[^" in b.text for b in parsed.blocks)
    notes = [f.text for f in parsed.document_footnotes] + [f.text for b in parsed.blocks for f in b.footnotes]
    assert "A/80/342." in notes
    assert any(n.endswith("1 August 2012–31 July (S/INF/68).") for n in notes)


@pytest.mark.parametrize(
    ("ref", "entry"),
    [
        ("preambular para. 4", "preambular para. 4"),
        ("Preambular paragraph 4", "preambular para. 4"),
        ("pp. 4", "preambular para. 4"),
        ("fourth preambular paragraph", "preambular para. 4"),
        ("序言部分第4段", "preambular para. 4"),
        ("unnumbered para. 3", "unnumbered para. 3"),
        ("第3个未编号段落", "unnumbered para. 3"),
        ("para. 19", "19"),
    ],
)
def test_the_ways_a_preambular_paragraph_is_named(ref: str, entry: str) -> None:
    assert normalize_entry(ref) == entry


def _folder(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_citations_and_ids_of_a_resolution_and_a_decision(tmp_path: Path) -> None:
    corpus = load_corpus(_folder(tmp_path, {"res.txt": RESOLUTION, "dec.txt": DECISION}))
    assert not corpus.problems
    res = corpus.resolve("A/RES/80/6")
    assert [p.entry for p in res.paragraphs] == [
        "preambular para. 1",
        "preambular para. 2",
        "preambular para. 3",
        "preambular para. 4",
        "1",
        "2",
        "3",
    ]
    p = corpus.paragraph("A/RES/80/6", "fourth preambular paragraph")
    assert p.text == PREAMBLE[3]
    assert p.citation == "A/RES/80/6, preambular para. 4"
    assert p.citation_zh == "A/RES/80/6号文件序言部分第4段"
    assert corpus.paragraph("A/RES/80/6", "2").citation == "A/RES/80/6, para. 2"
    dec = corpus.resolve("A/HRC/DEC/14/105")
    assert [p.entry for p in dec.paragraphs] == ["unnumbered para. 1", "unnumbered para. 2", "unnumbered para. 3"]
    last = corpus.paragraph("A/HRC/DEC/14/105", "unnumbered para. 3")
    assert last.text == DECISION_BODY[2]
    assert last.citation == "A/HRC/DEC/14/105, unnumbered para. 3"
    assert last.citation_zh == "A/HRC/DEC/14/105号文件第3个未编号段落"


def test_adding_a_decision_is_not_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {})
    added = add_document(folder, DECISION.encode(), filename="A_HRC_DEC_14_105.txt")
    assert added.symbol == "A/HRC/DEC/14/105"
    assert (added.numbered, added.entries) == (0, 3)
    corpus = load_corpus(folder)
    assert corpus.paragraph("A/HRC/DEC/14/105", "unnumbered para. 1").text == DECISION_BODY[0]


def _undoc(name: str, symbol: str, title: tuple[str, ...], body: tuple[str, ...]) -> UNDoc:
    return UNDoc(
        name=name,
        symbol=symbol,
        language="en",
        masthead=("Distr.: General", "12 November 2025", "Original: English"),
        title=title,
        body=body,
        footnotes=(),
        job_number="25-18305 (E)",
    )


RESOLUTION_DOC = _undoc(
    "resolution",
    "A/RES/80/6",
    (
        "Eightieth session",
        "Agenda item 74",
        "Resolution adopted by the General Assembly on 11 November 2025",
        "80/6. Report of the International Criminal Court",
    ),
    ("The General Assembly,", *PREAMBLE, *OPERATIVE),
)
DECISION_DOC = _undoc(
    "decision",
    "A/HRC/DEC/14/105",
    (
        "Human Rights Council",
        "Fourteenth session",
        "Agenda item 6",
        "Decision adopted by the Human Rights Council",
        "14/105 Outcome of the Universal Periodic Review: Slovenia",
    ),
    ("The Human Rights Council,", *DECISION_BODY),
)


@pytest.fixture(scope="module")
def font(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert CJK_FONT.is_file(), f"{CJK_FONT} is missing: apt-get install fonts-noto-cjk (scripts/test.sh does)"
    texts = [line for doc in (RESOLUTION_DOC, DECISION_DOC) for line in (*doc.title, *doc.body, *doc.masthead)]
    return cjk_ttf(tmp_path_factory.mktemp("font") / "font.ttf", [*texts, "United Nations0123456789"])


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_generated_resolution_file_reads_its_preamble(tmp_path: Path, font: Path, kind: str) -> None:
    path = tmp_path / f"res.{kind}"
    if kind == "pdf":
        render_pdf(RESOLUTION_DOC, path, font=font)
    else:
        render_docx(RESOLUTION_DOC, path)
    parsed = parse_file(path).parsed
    pre = [b for b in parsed.blocks if b.paragraph is None]
    assert [b.text for b in pre] == list(PREAMBLE)
    assert all(b.section == (preamble_label("en"),) for b in pre)
    assert [b.paragraph for b in parsed.blocks if b.paragraph] == ["1", "2", "3"]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_a_generated_decision_file_is_read_not_refused(tmp_path: Path, font: Path, kind: str) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    path = tmp_path / f"dec.{kind}"
    if kind == "pdf":
        render_pdf(DECISION_DOC, path, font=font)
    else:
        render_docx(DECISION_DOC, path)
    added = add_document(folder, path.read_bytes(), filename=path.name)
    assert added.symbol == "A/HRC/DEC/14/105"
    doc = load_corpus(folder).resolve("A/HRC/DEC/14/105")
    assert [p.text for p in doc.paragraphs] == list(DECISION_BODY)
    assert doc.paragraphs[1].citation == "A/HRC/DEC/14/105, unnumbered para. 2"
