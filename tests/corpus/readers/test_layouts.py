"""Generated UN PDFs with a table of contents, running headers and footers, a banner, and a heading
after a short paragraph, in English and Russian: read by the PDF reader and parsed as the service does."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.parsing import parse_text
from corpus.readers import SourceText, read_document
from tests.fixtures.un_files import CJK_FONT, UNDoc, cjk_ttf, render_pdf

_LONG = (
    "The Working Group took note of the information provided by the State under review on the measures taken "
    "to implement the recommendations it had accepted, and on the challenges that remain in the areas of "
    "non-discrimination, the rights of the child and the protection of migrants, refugees and asylum seekers."
)
_LONG_RU = (
    "Рабочая группа приняла к сведению информацию государства о мерах по выполнению принятых рекомендаций "
    "и о сохраняющихся трудностях в области недискриминации, прав ребенка и защиты мигрантов, беженцев "
    "и просителей убежища, а также о планах правительства на ближайшие годы."
)

ENGLISH = UNDoc(
    name="toc_en",
    symbol="A/HRC/99/15",
    language="en",
    masthead=("Distr.: General", "15 March 2099", "Original: English"),
    title=(
        "Human Rights Council",
        "Ninety-ninth session",
        "Agenda item 6",
        "Universal periodic review",
        "Report of the Working Group on the Universal Periodic Review",
        "Utopia",
        "Contents",
        "Paragraphs Page",
        "I. Summary of the proceedings of the review process .................... 1–5 3",
        "A. Presentation by the State under review ................................ 1–3 3",
        "Racism and xenophobia 4 - 5 4",
        "II. Conclusions and/or recommendations .................................. 6–8 5",
    ),
    body=(
        "I. Summary of the proceedings of the review process",
        "A. Presentation by the State under review",
        *(f"{n}. {_LONG} {_LONG}" for n in range(1, 4)),
        "Racism and xenophobia",
        *(f"{n}. {_LONG}" for n in range(4, 6)),
        "II. Conclusions and/or recommendations",
        *(f"{n}. {_LONG} {_LONG} {_LONG}" for n in range(6, 9)),
    ),
    footnotes=(),
    job_number="GE.99-01234(E)",
)

RUSSIAN = UNDoc(
    name="toc_ru",
    symbol="A/HRC/99/15",
    language="ru",
    masthead=("Distr.: General", "15 March 2099", "Russian", "Original: English"),
    title=(
        "Совет по правам человека",
        "Девяносто девятая сессия",
        "Пункт 6 повестки дня",
        "Универсальный периодический обзор",
        "Доклад Рабочей группы по универсальному периодическому обзору",
        "Утопия",
        "Содержание",
        "Пункты Стр.",
        "I. Резюме процесса обзора ........................................ 1–5 3",
        "II. Выводы и/или рекомендации ................................. 6–8 5",
    ),
    body=(
        "I. Резюме процесса обзора",
        *(f"{n}. {_LONG_RU} {_LONG_RU}" for n in range(1, 3)),
        "3. Правительство приняло программу защиты прав национальных меньшинств.",
        "Мигранты, беженцы и просители убежища",
        *(f"{n}. {_LONG_RU}" for n in range(4, 6)),
        "II. Выводы и/или рекомендации",
        *(f"{n}. {_LONG_RU} {_LONG_RU} {_LONG_RU}" for n in range(6, 9)),
    ),
    footnotes=(),
    job_number="GE.99-01234(R)",
)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, SourceText]:
    assert CJK_FONT.is_file(), f"{CJK_FONT} is missing: apt-get install fonts-noto-cjk (scripts/test.sh does)"
    folder = tmp_path_factory.mktemp("layouts")
    docs = (ENGLISH, RUSSIAN)
    texts = [d.plain_text + d.symbol + "".join(d.masthead) + d.job_number for d in docs]
    font = cjk_ttf(folder / "font.ttf", [*texts, "United Nations0123456789"])
    out: dict[str, SourceText] = {}
    for doc in docs:
        rendered = render_pdf(doc, folder / f"{doc.name}.pdf", font=font)
        assert rendered.pages >= 3
        out[doc.language] = read_document(Path(rendered.path))
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_contents_and_page_furniture_never_become_paragraphs(sources: dict[str, SourceText], lang: str) -> None:
    source = sources[lang]
    parsed = parse_text(source.text, footnotes=source.footnotes, lang=lang)
    numbered = [b for b in parsed.blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == [str(n) for n in range(1, 9)]
    assert not any("...." in b.text or "GE.99" in b.text or "A/HRC/99/15" in b.text for b in parsed.blocks)
    reader_kinds = {r.kind for r in source.removed}
    assert {"running header/footer lines", "masthead lines"} <= reader_kinds
    assert any(r.kind == "table-of-contents lines" and r.count >= 4 for r in parsed.removed)
    assert source.symbol == "A/HRC/99/15"


def test_english_header_facts_from_the_reader(sources: dict[str, SourceText]) -> None:
    from corpus.layout import read_header

    facts = read_header(list(sources["en"].header_lines), "en")
    assert facts.title == "Report of the Working Group on the Universal Periodic Review: Utopia"
    assert (facts.body, facts.session, facts.agenda_item, facts.date) == (
        "Human Rights Council",
        "Ninety-ninth session",
        "6",
        "2099-03-15",
    )


def test_russian_heading_is_not_glued_onto_the_paragraph_before(sources: dict[str, SourceText]) -> None:
    parsed = parse_text(sources["ru"].text, lang="ru")
    by_number = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert by_number["3"].text == "Правительство приняло программу защиты прав национальных меньшинств."
    assert by_number["4"].section[-1] == "Мигранты, беженцы и просители убежища"
    assert by_number["1"].text.startswith("Рабочая группа приняла к сведению информацию государства")
    assert "  " not in by_number["1"].text and "государства о мерах" in by_number["1"].text


_LONG_FR = (
    "Le Comité national a recensé les atteintes portées aux principes humanitaires et aux règles de conduite des "
    "hostilités dans les villes et les villages du sud du pays, ainsi que leurs effets sur la population civile, "
    "les écoles, les hôpitaux et les services publics dont dépendent les familles déplacées."
)

LETTER = UNDoc(
    name="letter_en",
    symbol="A/99/876–S/2099/230",
    language="en",
    masthead=("Distr.: General", "17 April 2099", "English", "Original: French"),
    title=(
        "General Assembly Security Council",
        "Ninety-ninth session Agenda item 34",
        "The situation in Utopia",
        "Identical letters dated 10 April 2099 from the Permanent Representative of Utopia to the United Nations "
        "addressed to the Secretary-General and the President of the Security Council",
    ),
    body=(
        "On instructions from my Government, I transmit herewith the report of the National Committee "
        "(see annex). I should be grateful if you would have the present letter and its annex circulated as a "
        "document of the General Assembly and of the Security Council.",
        "Annex",
        *(f"{_LONG_FR} {_LONG_FR}" for _ in range(12)),
    ),
    footnotes=(),
    job_number="25-08477 (E)",
)


def test_a_letter_with_a_long_annex_in_another_language_keeps_its_masthead_language_and_joint_symbol(
    tmp_path: Path,
) -> None:
    """A/79/876–S/2025/230 is an English letter of one paragraph with seven pages of annex in another language:
    its masthead prints ``English`` over ``Original: Arabic``. It is the English version, cited under both
    symbols and found by either; each paragraph keeps its own language."""
    from corpus.file_parsing import parse_file
    from corpus.loading import load_corpus

    assert CJK_FONT.is_file(), f"{CJK_FONT} is missing: apt-get install fonts-noto-cjk (scripts/test.sh does)"
    text = LETTER.plain_text + LETTER.symbol + "".join(LETTER.masthead) + LETTER.job_number
    font = cjk_ttf(tmp_path / "font.ttf", [text, "United Nations0123456789"])
    folder = tmp_path / "docs"
    folder.mkdir()
    rendered = render_pdf(LETTER, folder / "letter.pdf", font=font)
    assert rendered.pages >= 3

    item = parse_file(rendered.path)
    assert item.language_hint == "en"
    assert item.symbol == "A/99/876-S/2099/230"

    corpus = load_corpus(folder)
    doc = corpus.resolve("S/2099/230")
    assert doc is corpus.resolve("A/99/876") is corpus.resolve("A/99/876–S/2099/230")
    assert (doc.info.language, doc.symbol) == ("en", "A/99/876-S/2099/230")
    assert doc.info.title.startswith("Identical letters dated 10 April 2099")
    languages = {p.lang for p in doc.paragraphs if p.text.startswith("On instructions")}
    languages |= {p.lang + "-annex" for p in doc.paragraphs if p.text.startswith("Le Comité national")}
    assert languages == {"en", "fr-annex"}
