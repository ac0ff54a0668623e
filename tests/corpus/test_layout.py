"""The layout rules (:mod:`corpus.layout`) on UN layouts typed as the documents print them, in six languages."""

from __future__ import annotations

import pytest

from corpus.layout import (
    Removal,
    number_articles,
    number_section_paragraphs,
    read_header,
    strip_contents,
    strip_running_lines,
    strip_title_headers,
)
from corpus.layout_words import WORDS
from corpus.parsing import parse_text

_BODY = (
    "The Working Group on the Universal Periodic Review held its seventh session from 8 to 19 February 2010, "
    "and the review of the State was held at its fourteenth meeting."
)

TOC_EN = """\
Report of the Working Group on the Universal Periodic Review

Contents

Paragraphs Page

Introduction............................................................................................. 1–4 3

I. Summary of the proceedings of the review process................................. 5–110 3

A. Presentation by the State under review........................................... 5–18 3

Racism and xenophobia 79 - 83 16

II. Conclusions and/or recommendations.................................................. 111–112 14

Annex

Composition of the delegation................................................................ 22

Introduction

1. {body}

2. {body}

I. Summary of the proceedings of the review process

3. {body}
"""

TOC_OLD = """\
HUMAN RIGHTS COUNCIL

NATIONAL REPORT SUBMITTED IN ACCORDANCE WITH PARAGRAPH 15 (A)

CONTENTS Paragraphs Page

I. METHODOLOGY AND CONSULTATION PROCESS

FOR THE PREPARATION OF THE REPORT ............................ 1 - 2 3

II. NORMATIVE AND INSTITUTIONAL FRAMEWORK .......... 3 - 9 3

I. METHODOLOGY AND CONSULTATION PROCESS

1. {body}

2. {body}

3. {body}
"""

TOC_FR = """\
Rapport du Groupe de travail sur l’Examen périodique universel

Table des matières

Paragraphes Pages

Introduction ............................................................ 1–4 3

I. Résumé des débats au titre de la procédure d’examen ...... 5–90 3

Racisme et xénophobie 79 - 83 16

Introduction

1. Le Groupe de travail sur l’Examen périodique universel a tenu sa septième session du 8 au 19 février 2010.

2. Le Groupe de travail a adopté le rapport sur la Slovénie à sa dix-septième séance, le 19 février 2010.
"""

TOC_RU = """\
Доклад Рабочей группы по универсальному периодическому обзору

Содержание

Пункты Стр.

Введение ................................................................ 1–4 3

I. Резюме процесса обзора ....................................... 5–90 3

Введение

1. Рабочая группа по универсальному периодическому обзору провела свою седьмую сессию 8–19 февраля 2010 года.

2. Рабочая группа приняла доклад по Словении на своем семнадцатом заседании 19 февраля 2010 года.
"""


@pytest.mark.parametrize("text", [TOC_EN, TOC_OLD], ids=["new-layout", "old-layout"])
def test_table_of_contents_never_becomes_paragraphs(text: str) -> None:
    parsed = parse_text(text.format(body=_BODY), lang="en")
    numbered = [b for b in parsed.blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == ["1", "2", "3"]
    assert all(b.text == _BODY for b in numbered)
    assert not any("....." in b.text or "79 - 83" in b.text for b in parsed.blocks)
    kinds = {r.kind: r.count for r in parsed.removed}
    assert kinds["table-of-contents lines"] >= 4


@pytest.mark.parametrize(("text", "lang"), [(TOC_FR, "fr"), (TOC_RU, "ru")])
def test_table_of_contents_in_french_and_russian(text: str, lang: str) -> None:
    parsed = parse_text(text, lang=lang)
    assert [b.paragraph for b in parsed.blocks if b.paragraph] == ["1", "2"]
    assert not any("...." in b.text or "Пункты" in b.text or "Paragraphes" in b.text for b in parsed.blocks)
    first = next(b for b in parsed.blocks if b.paragraph == "1")
    assert first.text.startswith(("Le Groupe de travail", "Рабочая группа"))


def test_a_body_heading_after_the_contents_is_kept() -> None:
    lines = TOC_EN.format(body=_BODY).split("\n")
    stripped, removed = strip_contents(lines)
    assert removed == (Removal("table-of-contents lines", 9),)
    kept = [line for line in stripped if line.strip()]
    assert kept[:3] == ["Report of the Working Group on the Universal Periodic Review", "Introduction", f"1. {_BODY}"]
    assert len(stripped) == len(lines)  # line numbers are kept


def test_running_title_repeated_mid_sentence_is_removed_from_text() -> None:
    title = "Participation by the State of Palestine during the eightieth session"
    text = "\n".join(
        [
            "80/5. " + title,
            "",
            "The General Assembly,",
            "",
            "1. Decides that the State of Palestine may participate in the general debate of the",
            "A/RES/80/5",
            title,
            "2/4 25-13745",
            "Assembly at its eightieth session through a pre-recorded statement;",
            "",
            "2. Also decides that the arrangement is made without prejudice to the rules of procedure of",
            "A/RES/80/5",
            title,
            "3/4 25-13745",
            "the Assembly and to any future decision;",
            "",
            "3. Requests the Secretary-General to take the measures necessary for the implementation of",
            "A/RES/80/5",
            title,
            "4/4 25-13745",
            "the present resolution.",
        ]
    )
    parsed = parse_text(text, lang="en")
    by_number = {b.paragraph: b.text for b in parsed.blocks if b.paragraph}
    assert by_number["1"] == (
        "Decides that the State of Palestine may participate in the general debate of the "
        "Assembly at its eightieth session through a pre-recorded statement;"
    )
    assert by_number["3"].endswith("for the implementation of the present resolution.")
    assert not any(title in t for t in by_number.values())
    kinds = {r.kind: r.count for r in parsed.removed}
    assert kinds == {"running header/footer lines": 3, "symbol lines": 3, "page numbers": 3}


_RES_HEAD = [
    "United Nations",
    "",
    "General Assembly Distr.: General 5 December 2025",
    "",
    "Resolution adopted by the General Assembly on 1 December 2025",
    "",
]


def test_running_title_printed_once_is_removed_from_text() -> None:
    """A two-page resolution heads only its second page with its title: the repetition test cannot see it."""
    title = "Participation by the State of Palestine during the eightieth session"
    lines = [
        *_RES_HEAD,
        f"80/1. {title}",
        "",
        "The General Assembly,",
        "",
        "1. Decides that the State of Palestine may submit a statement, which will be played in the General "
        "Assembly Hall during the general debate of the",
        "",
        title,
        "",
        "Assembly at its eightieth session;",
    ]
    parsed = parse_text("\n".join(lines), lang="en")
    assert parsed.blocks[-1].text.endswith("during the general debate of the Assembly at its eightieth session;")
    assert ("running header/footer lines", 1) in {(r.kind, r.count) for r in parsed.removed}


def test_running_title_printed_once_no_longer_joins_two_preambular_paragraphs() -> None:
    lines = [
        *_RES_HEAD,
        "80/32. Observance of environmental norms in the drafting and implementation of agreements",
        "",
        "The General Assembly,",
        "",
        "Taking note of the report of the Secretary-General submitted pursuant to resolution 79/45,1",
        "",
        "Observance of environmental norms in the drafting and",  # the title's first line, heading page 2
        "",
        "Mindful of the detrimental environmental effects of the use of nuclear weapons,",
        "",
        "1. Reaffirms that international disarmament forums should take fully into account the norms;",
    ]
    parsed = parse_text("\n".join(lines), lang="en")
    preamble = [b.text for b in parsed.blocks if b.paragraph is None]
    assert preamble == [
        "Taking note of the report of the Secretary-General submitted pursuant to resolution 79/45,1",
        "Mindful of the detrimental environmental effects of the use of nuclear weapons,",
    ]


@pytest.mark.parametrize(
    ("above", "line", "below"),
    [
        # a sentence ends above it: a heading
        ("1. The Committee reviewed the draft rules at length and adopted them.", "Regional disarmament", _BODY),
        # a short line above it (a letter heading): a heading
        ("A.", "Regional disarmament", _BODY),
        # set in capitals: a heading
        ("1. The Committee reviewed the draft rules on", "REGIONAL DISARMAMENT", "regional approaches at length;"),
        # a short line below it: a heading over a short line
        ("1. The Committee reviewed the draft rules on", "Regional disarmament", "A."),
    ],
)
def test_a_heading_that_repeats_the_title_is_kept(above: str, line: str, below: str) -> None:
    lines = [*_RES_HEAD, "80/27. Regional disarmament", "", "The General Assembly,", "", above, "", line, "", below]
    assert strip_title_headers(lines, 8, "Regional disarmament") == (lines, ())


def test_only_the_title_or_its_beginning_is_a_running_header() -> None:
    """A line from the middle of the title (a list of documents naming the same agreement) is the text's."""
    title = "Report of the Preparatory Commission for the Agreement on Marine Biological Diversity"
    above = "1. The Commission had before it the documents listed below, including the draft of"
    below = "the rules of procedure for the Conference of the Parties, as revised at its second session"
    lines = ["Report", "", above, "", "the Agreement on Marine Biological Diversity", "", below]
    assert strip_title_headers(lines, 2, title) == (lines, ())
    lines[4] = "Report of the Preparatory Commission for the"
    assert strip_title_headers(lines, 2, title)[0][4] == ""


def test_a_line_printed_twice_in_the_body_is_not_a_running_header() -> None:
    lines = ["Recommendations", "", "1. Text that ends.", "", "Recommendations", "", "2. More text that ends."]
    assert strip_running_lines(lines) == (lines, ())


def test_headings_are_not_glued_onto_the_paragraph_before_in_russian() -> None:
    text = (
        "4. Правительство приняло программу защиты прав национальных меньшинств.\n\n"
        "Мигранты, беженцы и просители убежища\n\n"
        "5. Закон о международной защите вступил в силу в 2016 году и соответствует "
        "стандартам Европейского союза в области убежища.\n"
    )
    parsed = parse_text("Доклад\n\n1. Первый пункт доклада.\n\n2. Второй.\n\n3. Третий.\n\n" + text, lang="ru")
    p4 = next(b for b in parsed.blocks if b.paragraph == "4")
    assert p4.text.endswith("национальных меньшинств.")
    p5 = next(b for b in parsed.blocks if b.paragraph == "5")
    assert p5.section[-1] == "Мигранты, беженцы и просители убежища"


def test_russian_lines_of_one_paragraph_are_joined_with_a_space() -> None:
    parsed = parse_text("Доклад\n\n1. Правительство приняло\nпрограмму защиты прав.\n", lang="ru")
    assert parsed.blocks[0].text == "Правительство приняло программу защиты прав."


def test_a_numbered_list_before_the_body_does_not_take_its_numbers() -> None:
    text = (
        "NATIONAL REPORT\n\nLIST OF ABBREVIATIONS\n\n1. CEPOL European Police College\n\n2. CoE Council of Europe\n\n"
        "3. ESD Education for Sustainable Development 4. EU European Union\n\n5. HIV Human immunodeficiency virus\n\n"
        f"I. REPORT DRAFTING METHODOLOGY\n\n1. {_BODY}\n\n2. {_BODY}\n\n3. {_BODY}\n\n4. {_BODY}\n"
    )
    parsed = parse_text(text, lang="en")
    numbered = [b for b in parsed.blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == ["1", "2", "3", "4"]
    assert all(b.text == _BODY for b in numbered)
    assert any("numbering restarts at 1" in w for w in parsed.warnings)


def test_one_answer_to_several_numbered_recommendations() -> None:
    text = (
        f"Addendum\n\n1. {_BODY}\n\n2., 3., 4. Slovenia accepts these recommendations and has already "
        "implemented them.\n\n5. Slovenia accepts the recommendation.\n"
    )
    parsed = parse_text(text, lang="en")
    by_number = {b.paragraph: b.text for b in parsed.blocks if b.paragraph}
    assert list(by_number) == ["1", "2", "3", "4", "5"]
    assert (
        by_number["3"] == by_number["2"] == "Slovenia accepts these recommendations and has already implemented them."
    )


@pytest.mark.parametrize(
    ("lang", "heads"),
    [
        ("en", ["Article 1", "Article 2", "Article 3"]),
        ("fr", ["Article premier", "Article 2", "Article 3"]),
        ("es", ["Artículo 1", "Artículo 2", "Artículo 3"]),
        ("ru", ["Статья 1", "Статья 2", "Статья 3"]),
        ("ar", ["المادة 1", "المادة 2", "المادة 3"]),
        ("zh", ["第一条", "第二条", "第三条"]),
        ("en", ["Article I", "Article II", "Article III"]),  # the Outer Space Treaty, the Genocide Convention
        ("es", ["Artículo I", "Artículo II", "Artículo III"]),
        ("ru", ["Статья I", "Статья II", "Статья III"]),
    ],
)
def test_articles_are_numbered_entries(lang: str, heads: list[str]) -> None:
    lines = ["Title", ""]
    for n, head in enumerate(heads, start=1):
        lines += [head, "", f"Text of article {n}.", ""]
    out, count = number_articles(lines)
    assert count == 3
    assert [line for line in out if line.strip()] == [
        "Title",
        "1. Text of article 1.",
        "2. Text of article 2.",
        "3. Text of article 3.",
    ]


def _zh_numeral(n: int) -> str:
    """How a Chinese text writes 1-199 (``十一``, ``一百零一``, ``一百一十一``)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 100:
        return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")
    rest = n % 100
    if rest == 0:
        return "一百"
    if rest < 10:
        return "一百零" + digits[rest]
    return "一百" + digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")


def test_chinese_article_numbers_past_one_hundred() -> None:
    """The Charter has 111 articles: in Chinese ``第一百条``, ``第一百零一条`` … ``第一百一十一条``."""
    assert [_zh_numeral(n) for n in (1, 10, 11, 20, 99, 100, 101, 110, 111)] == [
        "一", "十", "十一", "二十", "九十九", "一百", "一百零一", "一百一十", "一百一十一",
    ]  # fmt: skip
    lines = ["宪章", ""]
    for n in range(1, 112):
        lines += [f"第{_zh_numeral(n)}条", f"第{n}条的案文。", ""]
    out, count = number_articles(lines)
    assert count == 111
    assert [line for line in out if line.strip()][1:] == [f"{n}. 第{n}条的案文。" for n in range(1, 112)]


def test_roman_numerals_and_the_next_instrument_of_a_compilation() -> None:
    """ST/SPACE/61/Rev.3 compiles the Outer Space Treaty (articles I-XVII) and the Rescue Agreement (articles 1-10):
    the treaty's articles are numbered by their value, and its last one ends at the next instrument's lettered
    heading, however long, not at the next article heading (it took in the whole Rescue Agreement)."""
    lines = ["A. Outer Space Treaty", ""]
    for numeral in ("I", "II", "III", "IV"):
        lines += [f"Article {numeral}", "", f"Text of article {numeral}.", ""]
    lines += [
        "B. Agreement on the Rescue of Astronauts, the Return of Astronauts and the Return of Objects Launched "
        "into Outer Space",
        "The Contracting Parties,",
        "Article 1",
        "Each Contracting Party which receives information shall immediately notify the launching authority.",
        "Article 2",
        "Text.",
    ]
    out, count = number_articles(lines)
    assert count == 4
    kept = [line for line in out if line.strip()]
    assert kept[1:5] == [
        "1. Text of article I.",
        "2. Text of article II.",
        "3. Text of article III.",
        "4. Text of article IV.",
    ]
    assert kept[5].startswith("B. Agreement on the Rescue of Astronauts")
    assert "Article 1" in kept


def test_articles_are_left_alone_where_paragraphs_are_numbered() -> None:
    lines = ["1. A paragraph.", "Article 1", "Text.", "Article 2", "Text.", "Article 3", "Text."]
    assert number_articles(lines) == (lines, 0)


HEADERS = {
    "en": (
        [
            "A",
            "United Nations /HRC/14/15",
            "General Assembly Distr.: General",
            "15 March 2010",
            "Original: English",
            "Human Rights Council",
            "Fourteenth session",
            "Agenda item 6",
            "Universal Periodic Review",
            "Report of the Working Group on the Universal Periodic Review*",
            "Slovenia",
            "* Previously issued under document symbol A/HRC/WG.6/7/L.14.",
        ],
        ("Report of the Working Group on the Universal Periodic Review: Slovenia", "Human Rights Council",
         "Fourteenth session", "6", "2010-03-15"),
    ),
    "fr": (
        [
            "Nations Unies A/HRC/14/15",
            "Assemblée générale Distr. générale",
            "15 mars 2010",
            "Français Original : anglais",
            "Conseil des droits de l’homme",
            "Quatorzième session",
            "Point 6 de l’ordre du jour",
            "Examen périodique universel",
            "Rapport du Groupe de travail sur l’Examen périodique universel*",
            "Slovénie",
        ],
        ("Rapport du Groupe de travail sur l’Examen périodique universel: Slovénie", "Conseil des droits de l’homme",
         "Quatorzième session", "6", "2010-03-15"),
    ),
    "es": (
        [
            "Naciones Unidas A/HRC/14/15",
            "Asamblea General Distr. general",
            "15 de marzo de 2010",
            "Español Original: inglés",
            "Consejo de Derechos Humanos",
            "14º período de sesiones",
            "Tema 6 del programa",
            "Examen periódico universal",
            "Informe del Grupo de Trabajo sobre el Examen Periódico Universal*",
            "Eslovenia",
        ],
        ("Informe del Grupo de Trabajo sobre el Examen Periódico Universal: Eslovenia", "Consejo de Derechos Humanos",
         "14º período de sesiones", "6", "2010-03-15"),
    ),
    "ru": (
        [
            "Организация Объединенных Наций A/HRC/14/15",
            "Генеральная Ассамблея Distr.: General",
            "15 марта 2010 года",
            "Russian Original: English",
            "Совет по правам человека",
            "Четырнадцатая сессия",
            "Пункт 6 повестки дня",
            "Универсальный периодический обзор",
            "Доклад Рабочей группы по универсальному периодическому обзору*",
            "Словения",
        ],
        ("Доклад Рабочей группы по универсальному периодическому обзору: Словения", "Совет по правам человека",
         "Четырнадцатая сессия", "6", "2010-03-15"),
    ),
    "ar": (
        [
            "الأمم المتحدة A/HRC/14/15",
            "الجمعية العامة Distr.: General",
            "15 آذار/مارس 2010",
            "Arabic Original: English",
            "مجلس حقوق الإنسان",
            "الدورة الرابعة عشرة",
            "البند 6 من جدول الأعمال",
            "الاستعراض الدوري الشامل",
            "تقرير الفريق العامل المعني بالاستعراض الدوري الشامل*",
            "سلوفينيا",
        ],
        ("تقرير الفريق العامل المعني بالاستعراض الدوري الشامل: سلوفينيا", "مجلس حقوق الإنسان",
         "الدورة الرابعة عشرة", "6", "2010-03-15"),
    ),
    "zh": (
        [
            "联合国 A/HRC/14/15",
            "大会 Distr.: General",
            "2010年3月15日",
            "Chinese Original: English",
            "人权理事会",
            "第十四届会议",
            "议程项目 6",
            "普遍定期审议",
            "普遍定期审议工作组的报告*",
            "斯洛文尼亚",
        ],
        ("普遍定期审议工作组的报告: 斯洛文尼亚", "人权理事会", "第十四届会议", "6", "2010-03-15"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", list(HEADERS))
def test_header_block_in_six_languages(lang: str) -> None:
    lines, (title, body, session, agenda, date) = HEADERS[lang]
    facts = read_header(lines, lang)
    assert (facts.title, facts.body, facts.session, facts.agenda_item, facts.date) == (
        title,
        body,
        session,
        agenda,
        date,
    )


def test_title_of_a_generic_report_reads_with_its_agenda_item() -> None:
    facts = read_header(
        [
            "HSP/HA.2/4",
            "United Nations Habitat Assembly of the United Nations Human Settlements Programme",
            "Second session",
            "Nairobi, 5–9 June 2023",
            "Item 4 of the provisional agenda*",
            "Activities of the United Nations Human Settlements Programme, including",
            "coordination matters",
            "Report of the Executive Director",
        ],
        "en",
    )
    assert facts.title == (
        "Activities of the United Nations Human Settlements Programme, including coordination matters: "
        "report of the Executive Director"
    )
    assert facts.agenda_item == "4" and facts.session == "Second session"


@pytest.mark.parametrize(
    ("item", "rest", "title"),
    [
        (["Financing of the United Nations Multidimensional", "Integrated Stabilization Mission in Mali"],
         ["Budget performance of the United Nations Multidimensional Integrated Stabilization Mission in Mali for "
          "the period from 1 July 2024 to 30 June 2025", "Report of the Secretary-General"],
         "Budget performance of the United Nations Multidimensional Integrated Stabilization Mission in Mali for "
         "the period from 1 July 2024 to 30 June 2025: report of the Secretary-General"),
        (["Oceans and the law of the sea: Agreement under the United Nations Convention on the Law of the Sea on "
          "the Conservation and Sustainable Use of Marine Biological", "Diversity of Areas beyond National Jurisdiction"],
         ["Agreement under the United Nations Convention on the Law of the Sea on the Conservation and Sustainable "
          "Use of Marine Biological Diversity of Areas beyond National Jurisdiction"],
         "Agreement under the United Nations Convention on the Law of the Sea on the Conservation and Sustainable "
         "Use of Marine Biological Diversity of Areas beyond National Jurisdiction"),
        (["Financing of the United Nations peacekeeping forces in the Middle East: United Nations Disengagement",
          "Observer Force"],
         ["Budget performance for the period from 1 July 2024 to 30 June 2025", "Report of the Advisory Committee on "
          "Administrative and Budgetary Questions", "Appropriation for 2024/25 $68,743,800",
          "Allotment for 2024/25 $68,235,000"],
         "Budget performance for the period from 1 July 2024 to 30 June 2025: report of the Advisory Committee on "
         "Administrative and Budgetary Questions"),
    ],
)  # fmt: skip
def test_an_agenda_items_name_wrapped_in_title_case_stays_out_of_the_title(
    item: list[str], rest: list[str], title: str
) -> None:
    """A/80/590, A/78/L.102, A/80/604/Add.1: the agenda item's title wraps onto a second line that opens with a
    capital, as the names of missions and treaties do ("…Multidimensional" / "Integrated Stabilization Mission in
    Mali"). That line was taken for the document's title and led it ("Integrated Stabilization Mission in Mali:
    Budget performance…"). A line in Title Case, no longer than the broken-off line before it, carries the
    name on. A/80/604/Add.1 also ran its table of figures into the title ("…: Appropriation for 2024/25
    $68,743,800"): a sum of money ends the title."""
    lines = ["General Assembly Distr.: General", "7 January 2026", "Eightieth session", "Agenda item 155", *item, *rest]
    assert read_header(lines, "en").title == title


@pytest.mark.parametrize(
    ("lang", "agenda", "names"),
    [
        ("en", "Items 138 and 139 of the preliminary list**", ["Proposed programme budget for 2027", "Programme planning"]),
        ("fr", "Points 138 et 139 de la liste préliminaire**", ["Projet de budget-programme pour 2027", "Planification des programmes"]),
        ("es", "Temas 138 y 139 de la lista preliminar**", ["Proyecto de presupuesto por programas para 2027", "Planificación de los programas"]),
        ("ru", "Пункты 138 и 139 предварительного перечня**", ["Предлагаемый бюджет по программам на 2027 год", "Планирование по программам"]),
    ],
)  # fmt: skip
def test_an_agenda_line_of_several_items_names_each(lang: str, agenda: str, names: list[str]) -> None:
    """A/81/6 (Sect. 25)/Part A is issued before its session under "Items 138 and 139 of the preliminary list", and
    each item's name follows on a line of its own. The line was not read as an agenda line (two items, a
    preliminary list): its title was "Items 138 and 139 of the preliminary list: Proposed programme budget for
    2027: Programme planning", the section's own title lost."""
    title = {"en": ["Part VI", "Human rights and humanitarian affairs"], "fr": ["Titre VI", "Droits de l'homme et affaires humanitaires"],
             "es": ["Parte VI", "Derechos humanos y asuntos humanitarios"], "ru": ["Часть VI", "Права человека и гуманитарные вопросы"]}[lang]  # fmt: skip
    lines = [
        "A/81/6 (Sect. 25)/Part A*",
        "General Assembly Distr.: General",
        "20 February 2026",
        agenda,
        *names,
        *title,
    ]
    facts = read_header(lines, lang)
    assert facts.agenda_item == "138"
    assert facts.title == f"{title[0]}: {title[1]}"


def test_a_letter_naming_its_agenda_item_is_body_not_header() -> None:
    """A/79/876–S/2025/230 has no numbered paragraph, so its header runs into the letter. The letter asks that it be
    circulated "under agenda item 34": that sentence is the body, not another agenda line after which a title
    starts (the title was the signature, "(Signed) Hadi Hachem")."""
    facts = read_header(
        [
            "United Nations A/79/876-S/2025/230",
            "General Assembly Distr.: General Security Council English",
            "17 April 2025",
            "General Assembly Security Council Seventy-ninth session Eightieth year Agenda item 34 The situation in "
            "the Middle East",
            "Identical letters dated 10 April 2025 from the Chargé d’affaires a.i. of the Permanent Mission of "
            "Lebanon to the United Nations addressed to the Secretary-General and the President of the Security "
            "Council",
            "I should be grateful if you would have the present letter and its annex circulated as a document of "
            "the General Assembly, under agenda item 34, and of the Security Council.",
            "(Signed) Hadi Hachem Chargé d’affaires a.i.",
        ],
        "en",
    )
    assert facts.title.startswith("Identical letters dated 10 April 2025 from the Chargé d’affaires a.i.")
    assert facts.title.endswith("the President of the Security Council")
    assert (facts.session, facts.agenda_item) == ("Seventy-ninth session", "34")


def test_a_treaty_bodys_banner_split_by_the_masthead_is_no_title() -> None:
    """A treaty body prints its treaty's name as the banner, in two lines with the masthead beside and between
    them: "International Covenant on Civil and Political Rights" is neither the title nor part of it. The form's
    fields under the title ("Communication submitted by: …") end it, and the title keeps no footnote marks."""
    facts = read_header(
        [
            "United Nations CCPR/C/121/D/2025/2011",
            "Original: English",
            "International Covenant on Distr.: General",
            "27 December 2017",
            "Civil and Political Rights",
            "Human Rights Committee",
            "Decision adopted by the Committee under the Optional Protocol, concerning communication No. 2025/2011* **",
            "Communication submitted by: C",
            "Alleged victim: The author",
        ],
        "en",
    )
    assert (
        facts.title
        == "Decision adopted by the Committee under the Optional Protocol, concerning communication No. 2025/2011"
    )
    assert (facts.body, facts.date) == ("Human Rights Committee", "2017-12-27")


def test_a_russian_treaty_banner_and_the_symbols_series_printed_apart_are_no_title() -> None:
    """CEDAW/C/CAF/CO/6 in Russian: the series "CEDAW" stands apart from "/C/CAF/CO/6", and the masthead runs
    through the middle of the Convention's name."""
    facts = read_header(
        [
            "Организация Объединенных Наций /C/CAF/CO/6",
            "Original: English",
            "CEDAW",
            "Конвенция о ликвидации Distr.: General всех форм дискриминации 20 February 2024",
            "Russian",
            "в отношении женщин",
            "Комитет по ликвидации дискриминации в отношении женщин",
            "Заключительные замечания по шестому периодическому докладу Центральноафриканской Республики*",
        ],
        "ru",
    )
    assert facts.title == "Заключительные замечания по шестому периодическому докладу Центральноафриканской Республики"
    assert (facts.body, facts.date) == ("Комитет по ликвидации дискриминации в отношении женщин", "2024-02-20")


def test_title_of_a_resolution_is_its_numbered_title_line() -> None:
    facts = read_header(
        [
            "United Nations A/RES/80/7",
            "General Assembly Distr.: General 18 November 2025",
            "Eightieth session Agenda item 89",
            "Resolution adopted by the General Assembly on 14 November 2025",
            "[without reference to a Main Committee (A/80/L.7)]",
            "80/7. Report of the International Atomic Energy Agency",
            "The General Assembly,",
        ],
        "en",
    )
    assert facts.title == "Report of the International Atomic Energy Agency"
    assert (facts.body, facts.session, facts.agenda_item, facts.date) == (
        "General Assembly",
        "Eightieth session",
        "89",
        "2025-11-18",
    )


def test_old_layout_banner_and_session_place() -> None:
    facts = read_header(
        [
            "UNITED",
            "A",
            "NATIONS",
            "General Assembly",
            "Distr.",
            "GENERAL",
            "A/HRC/WG.6/7/SVN/3",
            "12 November 2009",
            "Original: ENGLISH",
            "HUMAN RIGHTS COUNCIL",
            "Working Group on the Universal Periodic Review",
            "Seventh session",
            "Geneva, 8-19 February 2010",
            "SUMMARY PREPARED BY THE OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS",
            "Slovenia*",
            "The present report is a summary of seven stakeholders’ submissions to the universal periodic review.",
        ],
        "en",
    )
    assert facts.title == "SUMMARY PREPARED BY THE OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS: Slovenia"
    assert facts.date == "2009-11-12" and facts.session == "Seventh session"
    assert facts.body == "Working Group on the Universal Periodic Review"


def test_every_language_has_its_words() -> None:
    assert set(WORDS) == {"ar", "zh", "en", "fr", "ru", "es"}
    for words in WORDS.values():
        assert len(words.months) == 12 and words.contents and words.bodies and words.organisation


def test_groups_printed_in_a_table_column_run_into_the_text() -> None:
    text = (
        f"Addendum\n\n1. {_BODY}\n\n"
        "2., 3., 5., Slovenia accepts these recommendations and refers, in the light of the 6., 7. decision "
        "by the Court, to the Act.\n\n4. Slovenia accepts the recommendation.\n\n"
        "8., 9., Slovenia accepts these recommendations and already acts accordingly.\n\n10., 11.\n\n"
        "12. Slovenia accepts.\n"
    )
    by_number = {b.paragraph: b.text for b in parse_text(text, lang="en").blocks if b.paragraph}
    assert sorted(by_number, key=int) == [str(n) for n in range(1, 13)]
    assert (
        by_number["7"]
        == by_number["2"]
        == ("Slovenia accepts these recommendations and refers, in the light of the decision by the Court, to the Act.")
    )
    assert by_number["11"] == "Slovenia accepts these recommendations and already acts accordingly."
    assert by_number["12"] == "Slovenia accepts."


ARTICLE_TEXTS = {
    "en": ("Everyone has rights.", "Furthermore, no distinction shall be made.", "Everyone has duties."),
    "fr": ("Chacun a des droits.", "De plus, il ne sera fait aucune distinction.", "Chacun a des devoirs."),
    "es": ("Toda persona tiene derechos.", "Además, no se hará distinción alguna.", "Toda persona tiene deberes."),
    "ru": (
        "Каждый человек имеет права.",
        "Кроме того, не должно проводиться различия.",
        "Каждый человек имеет обязанности.",
    ),
    "ar": ("لكل إنسان حقوق.", "وفضلاً عما تقدم فلن يكون هناك أي تمييز.", "على كل فرد واجبات."),
    "zh": ("人人享有权利。", "并且不得有所区别。", "人人对社会负有义务。"),
}


@pytest.mark.parametrize(
    ("lang", "heads"),
    [
        ("en", ["Article 1", "Article 2", "Article 3"]),
        ("fr", ["Article premier", "Article 2", "Article 3"]),
        ("es", ["Artículo 1", "Artículo 2", "Artículo 3"]),
        ("ru", ["Статья 1", "Статья 2", "Статья 3"]),
        ("ar", ["المادة 1", "المادة 2", "المادة 3"]),
        ("zh", ["第一条", "第二条", "第三条"]),
    ],
)
def test_an_article_of_several_paragraphs_answers_to_its_number_whole(lang: str, heads: list[str]) -> None:
    """Article 2 of the Universal Declaration has two paragraphs: both are article 2 in every language,
    so the language versions of one instrument hold the same text under the same number."""
    first, second, third = ARTICLE_TEXTS[lang]
    lines = ["Title", "", heads[0], "", first, "", heads[1], "", first, "", second, "", heads[2], "", third, ""]
    lines += ["ANNEX", "", third]
    out, count = number_articles(lines)
    assert count == 3
    joined = f"{first}{second}" if lang == "zh" else f"{first} {second}"
    assert [line for line in out if line.strip()] == [
        "Title",
        f"1. {first}",
        f"2. {joined}",
        f"3. {third}",
        "ANNEX",
        third,
    ]
    # The parser then reads article 2 as one numbered paragraph, whatever the script.
    blocks = {b.paragraph: b.text for b in parse_text("\n".join(lines), lang=lang).blocks if b.paragraph}
    assert blocks["2"] == joined and blocks["3"] == third


def test_a_chinese_masthead_as_the_un_prints_it() -> None:
    """The banner and the organ letter-spaced (``联 合 国``, ``大 会``), the date in English
    (``Distr.: General 31 March 2021``), session and agenda item on one line (A/75/836)."""
    lines = [
        "Original: English",
        "联 合 国 A/75/836",
        "大 会 Distr.: General 31 March 2021",
        "Chinese",
        "第七十五届会议议程项目10《关于艾滋病毒/艾滋病问题的承诺宣言》和关于艾滋病毒/艾滋病问题的各项政治宣言的执行情况",
        "应对不平等现象，重新走上到 2030 年消除艾滋病的轨道",
        "秘书长的报告",
    ]
    facts = read_header(lines, "zh")
    assert (facts.title, facts.body, facts.session, facts.agenda_item, facts.date) == (
        "应对不平等现象，重新走上到 2030 年消除艾滋病的轨道: 秘书长的报告",
        "大会",
        "第七十五届会议",
        "10",
        "2021-03-31",
    )


TREATY_EN = """\
AGREEMENT UNDER THE CONVENTION

PREAMBLE

The Parties to this Agreement,

Have agreed as follows:

PART I

GENERAL PROVISIONS

Article 1

Use of terms

For the purposes of this Agreement:

1. “Convention” means the United Nations Convention on the Law of the Sea of 10 December 1982.

2. “Party” means a State that has consented to be bound by this Agreement.

Article 2

General objective

The objective of this Agreement is to ensure the conservation and sustainable use of marine biological diversity.

Article 3

Relationship between this Agreement and the Convention and relevant legal instruments and frameworks and relevant global, regional, subregional and sectoral bodies

1. This Agreement shall be interpreted and applied in the context of and in a manner consistent with the Convention.

2. This Agreement shall be interpreted and applied in a manner that does not undermine relevant legal instruments.

PART II

FINAL PROVISIONS

Article 4

Annexes

1. The annexes form an integral part of this Agreement.

2. The provisions of article 3 shall also apply to a new annex.

Article 5

Authentic texts

The Arabic, Chinese, English, French, Russian and Spanish texts of this Agreement are equally authentic.

ANNEX I

Indicative criteria for identification of areas

(a) Uniqueness;

(b) Rarity.
"""


def test_articles_whose_paragraph_numbers_start_again_are_the_numbered_entries() -> None:
    """A treaty numbers its paragraphs article by article (the BBNJ Agreement: ``Article 5`` /
    ``1. …`` / ``2. …``; the UNDRIP): the article is the numbered entry, its own paragraphs
    stay in its text, and its title (``Use of terms``, or a title as long as a sentence) is a
    heading that names the article, ``Article 4 — Annexes`` (the title alone read as the annexes
    and ended the numbering)."""
    parsed = parse_text(TREATY_EN, lang="en")
    numbered = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert list(numbered) == ["1", "2", "3", "4", "5"]
    assert numbered["1"].text == (
        "For the purposes of this Agreement: 1. “Convention” means the United Nations Convention on the Law of the"
        " Sea of 10 December 1982. 2. “Party” means a State that has consented to be bound by this Agreement."
    )
    assert (
        numbered["3"].text.startswith("1. This Agreement shall be interpreted")
        and " 2. This Agreement" in numbered["3"].text
    )
    assert numbered["5"].text.startswith("The Arabic, Chinese, English")
    assert numbered["1"].section[-1] == "Article 1 — Use of terms"
    assert numbered["4"].section[-1] == "Article 4 — Annexes"
    assert not any("Article 2" in b.text or "General objective" in b.text for b in parsed.blocks if b.paragraph)


def test_a_list_item_wrapped_mid_sentence_does_not_end_its_article() -> None:
    """The 1995 Fish Stocks Agreement, article 1: an item wraps after "and" in a short line. The item went on
    as text of the article, but its paragraph 3 became the document's paragraph 3, and articles 2 and 3 lost
    their numbers ("after para. 3")."""
    lines = ["Agreement", "", "Article 1", "", "Use of terms and scope", ""]
    lines += ["1. For the purposes of this Agreement, “Convention” means the Convention on the Law of the Sea.", ""]
    lines += ["2. (a) “States Parties” means States which have consented to be bound by this Agreement.", ""]
    lines += [
        "(b) This Agreement applies mutatis mutandis:",
        "",
        "(i) to any entity referred to in article 305 and",
        "",
    ]
    lines += ["(ii) to any international organization which becomes a Party to this Agreement.", ""]
    lines += ["3. This Agreement applies mutatis mutandis to other fishing entities.", ""]
    for n, text in ((2, "The objective of this Agreement is conservation."), (3, "1. This Agreement applies.")):
        lines += [f"Article {n}", "", "Heading", "", text, ""]
    parsed = parse_text("\n".join(lines), lang="en")
    numbered = {b.paragraph: b.text for b in parsed.blocks if b.paragraph}
    assert list(numbered) == ["1", "2", "3"]
    assert numbered["1"].endswith("3. This Agreement applies mutatis mutandis to other fishing entities.")
    assert numbered["2"] == "The objective of this Agreement is conservation."


def test_paragraph_numbers_that_run_across_article_headings_are_kept() -> None:
    """A document whose numbered paragraphs run on across ``Article`` headings (a commentary
    that heads its sections by the article it discusses) keeps its own numbers."""
    lines = ["Commentary", ""]
    for n in range(1, 4):
        lines += [f"Article {n}", "", f"{2 * n - 1}. First remark on article {n}.", "", f"{2 * n}. Second remark.", ""]
    out, count = number_articles(lines)
    assert count == 0 and out == lines


def test_an_article_title_never_continues_an_article_printed_without_a_full_stop() -> None:
    """Article 73 of the Spanish BBNJ Agreement ends without its full stop: the next article's
    heading and title (``Artículo 74 — Anexos``) still head article 74."""
    text = TREATY_EN.replace("to be bound by this Agreement.", "to be bound by this Agreement")
    parsed = parse_text(text, lang="en")
    numbered = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert numbered["1"].text.endswith("to be bound by this Agreement")
    assert numbered["2"].section[-1] == "Article 2 — General objective"


@pytest.mark.parametrize(
    ("lang", "annex", "chapeau"),
    [
        ("fr", "ANNEXE", "L’Assemblée générale,"),
        ("es", "ANEXO", "La Asamblea General,"),
        ("ru", "ПРИЛОЖЕНИЕ", "Генеральная Ассамблея,"),
    ],
)
def test_a_resolutions_numbers_end_at_its_annex_in_every_language(lang: str, annex: str, chapeau: str) -> None:
    """A/RES/48/263 in French and Spanish: after paragraph 13 the annexed Agreement's section 1 prints
    paragraphs 14-17 of its own; they were taken for the resolution's 14-17 (the annex heading was
    known in English only)."""
    body = "Texte du paragraphe qui se termine ici par un point-virgule et assez long pour compter;"
    text = f"{chapeau}\n\n" + "".join(f"{n}. {body}\n\n" for n in range(1, 4)) + f"{annex}\n\n"
    text += "".join(f"{n}. {body}\n\n" for n in range(4, 7))
    parsed = parse_text(text, lang=lang)
    assert [b.paragraph for b in parsed.blocks if b.paragraph] == ["1", "2", "3"]


def test_a_spanish_session_with_a_compound_ordinal() -> None:
    """``Cuadragésimo octavo período de sesiones`` (A/RES/48/263) is the session, not ``octavo …``."""
    facts = read_header(
        ["Asamblea General", "Distr.", "GENERAL", "A/RES/48/263", "17 de agosto de 1994",
         "Cuadragésimo octavo período de sesiones", "Tema 36 del programa"],
        "es",
    )  # fmt: skip
    assert (facts.session, facts.agenda_item, facts.date) == (
        "Cuadragésimo octavo período de sesiones",
        "36",
        "1994-08-17",
    )


def test_an_annex_that_is_the_whole_content_keeps_its_numbers() -> None:
    """The UNDRIP booklet: resolution 61/295 numbers no paragraph of its own, its annex is the Declaration
    (``Annexe`` / ``Article premier`` …): the annex's articles are the numbered entries."""
    articles = [
        "Les peuples autochtones ont le droit de jouir pleinement de l’ensemble des droits de l’homme.",
        "Les autochtones, peuples et individus, sont libres et égaux à tous les autres.",
        "Les peuples autochtones ont le droit à l’autodétermination.",
        "Tout autochtone a droit à une nationalité.",
    ]
    text = "L’Assemblée générale,\n\nAdopte la Déclaration dont le texte figure en annexe.\n\nAnnexe\n\n"
    for n, body in enumerate(articles, start=1):
        text += f"{'Article premier' if n == 1 else f'Article {n}'}\n\n{body}\n\n"
    parsed = parse_text(text, lang="fr")
    numbered = [b for b in parsed.blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == ["1", "2", "3", "4"]
    assert [b.text for b in numbered] == articles


def test_arabic_paragraph_numbers_as_the_un_prints_them() -> None:
    """Arabic UN documents number paragraphs ``١ - يعتمد …`` (ISBA/19/C/17): they are paragraphs 1, 2, 3, and
    the annex (``المرفق``) ends them."""
    text = (
        "إن مجلس السلطة الدولية لقاع البحار،\n\n"
        "١ - يعتمد التعديلات التي أدخلت على نظام التنقيب عن العقيدات المؤلفة من عدة معادن؛\n\n"
        "٢ - يقرر تطبيق النظام المعدل مؤقتا اعتبارا من تاريخ اعتماد المجلس له؛\n\n"
        "٣ - يطلب إلى الأمين العام أن يتشاور مع مقدم الطلب قبل التوقيع على عقد الاستكشاف.\n\n"
        "المرفق\n\n"
        "١ - للمصطلحات المستخدمة في الاتفاقية نفس المعنى في هذا النظام.\n"
    )
    parsed = parse_text(text, lang="ar")
    numbered = [b for b in parsed.blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == ["1", "2", "3"]
    assert numbered[1].text == "يقرر تطبيق النظام المعدل مؤقتا اعتبارا من تاريخ اعتماد المجلس له؛"


@pytest.mark.parametrize(
    ("lang", "lines", "title"),
    [
        (
            "fr",
            ["Conseil", "Distr. générale", "22 juillet 2013", "Dix-neuvième session",
             "Décision du Conseil de l’Autorité internationale des fonds marins concernant le Règlement",
             "Le Conseil de l’Autorité internationale des fonds marins"],
            "Décision du Conseil de l’Autorité internationale des fonds marins concernant le Règlement",
        ),
        (
            "es",
            ["Consejo", "Distr. general", "22 de julio de 2013", "19º período de sesiones",
             "Decisión del Consejo de la Autoridad Internacional de los Fondos Marinos sobre el Reglamento",
             "El Consejo de la Autoridad Internacional de los Fondos Marinos,"],
            "Decisión del Consejo de la Autoridad Internacional de los Fondos Marinos sobre el Reglamento",
        ),
        (
            "zh",
            ["理 事 会", "Distr.: General", "22 July 2013", "第十九届会议",
             "国际海底管理局理事会关于规章修正案及有关事项的决定", "国际海底管理局理事会，"],
            "国际海底管理局理事会关于规章修正案及有关事项的决定",
        ),
    ],
)  # fmt: skip
def test_a_decisions_opening_line_is_not_its_title(lang: str, lines: list[str], title: str) -> None:
    """ISBA/19/C/17: the line under the title opens the decision (``Le Conseil de l’Autorité …``, with or
    without its comma); it was read as the title's second part. The body printed alone (``Conseil``,
    ``理 事 会``) is the body, as for a UN organ."""
    facts = read_header(lines, lang)
    assert facts.title == title
    assert facts.body == lines[0].replace(" ", "")


def test_a_list_of_sponsors_is_not_part_of_the_title() -> None:
    """An old draft resolution (A/L.632): the agenda item's title, then its sponsors and "draft resolution"."""
    facts = read_header(
        [
            "UNITED NATIONS",
            "GENERAL ASSEMBLY",
            "A/L.632",
            "Twenty-sixth session",
            "Agenda item 93",
            "RESTORATION OF THE LAWFUL RIGHTS OF THE PEOPLE'S REPUBLIC OF CHINA IN THE UNITED NATIONS",
            "Australia, Colombia, Costa Rica, Dominican Republic,",
            "El Salvador, Fiji, Gambia, Guatemala, Haiti, Honduras, Japan, Lesotho,",
            "Philippines, Thailand, United States of America and Uruguay: draft resolution",
        ],
        "en",
    )
    assert facts.title == "RESTORATION OF THE LAWFUL RIGHTS OF THE PEOPLE'S REPUBLIC OF CHINA IN THE UNITED NATIONS"


@pytest.mark.parametrize(
    ("lang", "lines", "title"),
    [
        (
            "en",
            [
                "WE THE PEOPLES OF THE UNITED NATIONS DETERMINED",
                "to save succeeding generations from the scourge of war, which twice in our lifetime has brought "
                "untold sorrow to mankind, and",
                "to reaffirm faith in fundamental human rights, and",
            ],
            "WE THE PEOPLES OF THE UNITED NATIONS DETERMINED",
        ),
        (
            "fr",
            [
                "NOUS, PEUPLES DES NATIONS UNIES, RÉSOLUS",
                "à préserver les générations futures du fléau de la guerre,",
                "à proclamer à nouveau notre foi dans les droits fondamentaux de l'homme,",
            ],
            "NOUS, PEUPLES DES NATIONS UNIES, RÉSOLUS",
        ),
        (
            "ru",
            [
                "МЫ, НАРОДЫ ОБЪЕДИНЕННЫХ НАЦИЙ, ПРЕИСПОЛНЕННЫЕ РЕШИМОСТИ",
                "избавить грядущие поколения от бедствий войны, дважды в нашей жизни принесшей человечеству "
                "невыразимое горе, и",
            ],
            "МЫ, НАРОДЫ ОБЪЕДИНЕННЫХ НАЦИЙ, ПРЕИСПОЛНЕННЫЕ РЕШИМОСТИ",
        ),
        (
            "zh",
            ["我联合国人民同兹决心", "欲免后世再遭今代人类两度身历惨不堪言之战祸，", "重申基本人权，"],
            "我联合国人民同兹决心",
        ),
    ],
)
def test_running_text_after_the_first_line_is_not_title(lang: str, lines: list[str], title: str) -> None:
    """A text file that opens with the preamble (the UN Charter): lines that stop mid-sentence (a comma,
    ``, and``) are running text, so the title is the opening line, not the preamble joined with colons."""
    assert read_header(lines, lang).title == title


def test_a_title_wrapped_after_its_first_line_ends_in_a_comma_is_whole() -> None:
    """The first title line may end with a comma (``…Programme,`` / ``including coordination matters``)."""
    facts = read_header(
        [
            "Item 4 of the provisional agenda*",
            "Activities of the United Nations Human Settlements Programme,",
            "including coordination matters",
            "Report of the Executive Director",
        ],
        "en",
    )
    assert facts.title.startswith("Activities of the United Nations Human Settlements Programme, including")


# --- real layouts (issue 20): header blocks modelled on the newdocs PDFs ------------------------------


@pytest.mark.parametrize(
    ("lang", "sponsors", "title", "opening"),
    [
        ("en", "Iraq:*,** draft resolution", "Doha Programme of Action for the decade 2022–2031",
         "The Economic and Social Council,"),
        ("fr", "Iraq* : projet de résolution", "Programme d’action de Doha pour la décennie 2022-2031",
         "Le Conseil économique et social,"),
        ("es", "Iraq*: proyecto de resolución", "Programa de Acción de Doha para el decenio 2022-2031",
         "El Consejo Económico y Social,"),
        ("ru", "Ирак*: проект резолюции", "Дохинская программа действий на десятилетие 2022–2031 годов",
         "Экономический и Социальный Совет,"),
        ("ar", "العراق*: مشروع قرار", "برنامج عمل الدوحة للعقد 2022-2031", "إن المجلس الاقتصادي والاجتماعي،"),
        ("zh", "伊拉克*：决议草案", "2022-2031 十年期多哈行动纲领", "经济及社会理事会，"),
    ],
)  # fmt: skip
def test_a_drafts_sponsor_line_is_not_its_title(lang: str, sponsors: str, title: str, opening: str) -> None:
    """E/2025/L.10: the agenda item's title, the sponsor line (the sponsors, a colon, footnote marks, "draft
    resolution"), then the draft's own title: the title is the last, without the item's title in front."""
    agenda, item = {
        "en": ("Agenda item 12 (b)", "Implementation of and follow-up to major conferences and summits"),
        "fr": ("Point 12 b) de l’ordre du jour", "Application et suivi des grandes conférences"),
        "es": ("Tema 12 b) del programa", "Aplicación y seguimiento de las grandes conferencias"),
        "ru": ("Пункт 12 (b) повестки дня", "Осуществление решений крупных конференций"),
        "ar": ("البند 12 (ب) من جدول الأعمال", "تنفيذ نتائج المؤتمرات الرئيسية ومتابعتها"),
        "zh": ("议程项目 12 (b)", "主要国际会议和首脑会议成果的执行和后续行动"),
    }[lang]
    facts = read_header([agenda, item, sponsors, title, opening], lang)
    assert facts.title == title


def test_sponsors_listed_over_several_lines_are_not_title() -> None:
    """A/L.632: the sponsors run over lines ending in commas; all of them belong to the sponsor line."""
    facts = read_header(
        [
            "Agenda item 93",
            "Promotion and protection of human rights",
            "Australia, Colombia, Costa Rica,",
            "Japan, Lesotho, Thailand and Uruguay: draft resolution",
            "The right to food",
            "The General Assembly,",
        ],
        "en",
    )
    assert facts.title == "The right to food"


def test_footnote_marks_after_a_sponsor_line_still_make_it_one() -> None:
    """A/78/L.102: "Australia and Belize: draft decision**" carries its footnote marks at the end."""
    facts = read_header(
        [
            "Agenda item 75 (c)",
            "Oceans and the law of the sea",
            "Australia and Belize: draft decision**",
            "Agreement under the United Nations Convention on the Law of the Sea",
            "The General Assembly, recalling its resolution 78/272 of 24 April 2024, requests the Secretary-General.",
        ],
        "en",
    )
    assert facts.title == "Agreement under the United Nations Convention on the Law of the Sea"


@pytest.mark.parametrize("ordinal", ["16º", "16.º", "16°"])
def test_a_spanish_session_numbered_with_its_ordinal_indicator(ordinal: str) -> None:
    """ISBA/16/A/12/Rev.1 (es) prints "16° período de sesiones" (a degree sign for the indicator): a session line,
    so the banner and the session above the title are not read as title."""
    facts = read_header(
        [
            "Autoridad Internacional de los Fondos Marinos ISBA/16/A/12/Rev.1",
            "Asamblea Distr. general",
            "15 de noviembre de 2010",
            f"{ordinal} período de sesiones",
            "Kingston (Jamaica) 26 de abril a 7 de mayo de 2010",
            "Decisión de la Asamblea en relación con el reglamento sobre prospección",
            "La Asamblea de la Autoridad Internacional de los Fondos Marinos,",
        ],
        "es",
    )
    assert facts.title == "Decisión de la Asamblea en relación con el reglamento sobre prospección"
    assert facts.session == f"{ordinal} período de sesiones"


@pytest.mark.parametrize(
    ("lang", "title", "notice"),
    [
        ("fr", "Droit international de l’espace : Instruments des Nations Unies", "© Nations Unies, mai 2017."),
        ("ru", "Международное космическое право", "© Организация Объединенных Наций, 2025 год."),
        ("en", "International Space Law: United Nations Instruments", "© United Nations, May 2017."),
    ],
)
def test_a_copyright_notice_is_no_part_of_the_title(lang: str, title: str, notice: str) -> None:
    """ST/SPACE/61/Rev.3: the publication's copyright notice is read on the title's line."""
    facts = read_header([f"{title} {notice} All rights reserved.", "© Photograph: NASA"], lang)
    assert facts.title == title


def test_the_session_place_and_dates_are_not_title() -> None:
    """ISBA/16/A/12/Rev.1 (fr): the session's place and its dates (a range across two months) under the session."""
    facts = read_header(
        [
            "Autorité internationale des fonds marins ISBA/16/A/12/Rev.1*",
            "Assemblée Distr. générale",
            "4 mai 2010",
            "Seizième session",
            "Kingston (Jamaïque) 26 avril-7 mai 2010",
            "Décision de l’Assemblée concernant le Règlement relatif à la prospection",
            "L’Assemblée de l’Autorité internationale des fonds marins,",
        ],
        "fr",
    )
    assert facts.title == "Décision de l’Assemblée concernant le Règlement relatif à la prospection"
    assert facts.session == "Seizième session" and facts.date == "2010-05-04"


def test_an_agenda_line_printed_without_spaces_is_still_the_agenda_line() -> None:
    """ICCD/COP(8)/CST/8 sets its masthead without space glyphs: ``Item6 (b)of theprovisional agenda`` and the
    item's title on one line; the document's title is the lines after it."""
    facts = read_header(
        [
            "ConventiontoCombat Distr.",
            "CONFERENCEOFTHE PARTIES Committee on Science andTechnology Eighth session Madrid,4–6September 2007",
            "Item6 (b)of theprovisional agenda Programme of work of theCommitteeon Scienceand Technology",
            "Abridged report on the international workshop on climate and land degradation",
            "Note by the secretariat*",
        ],
        "en",
    )
    assert (
        facts.title
        == "Abridged report on the international workshop on climate and land degradation: note by the secretariat"
    )
    assert facts.agenda_item == "6 (b)" and facts.session == "Eighth session"


@pytest.mark.parametrize(
    ("lang", "lines", "title"),
    [
        (
            "en",
            ["Sixty-ninth session", "Item 3 (a) of the provisional agenda*",
             "Follow-up to the twenty-third special session of the General Assembly",
             "Review and appraisal of the outcomes of the twenty-third special session of the General Assembly",
             "Report of the Secretary-General**"],
            "Review and appraisal of the outcomes of the twenty-third special session of the General Assembly: "
            "report of the Secretary-General",
        ),
        (
            "fr",
            ["Soixante-neuvième session", "Point 3 a) de l’ordre du jour provisoire*",
             "Suite donnée à la vingt-troisième session extraordinaire de l’Assemblée générale",
             "Examen de l’application des textes issus de la vingt-troisième session extraordinaire",
             "Rapport du Secrétaire général**"],
            "Examen de l’application des textes issus de la vingt-troisième session extraordinaire: "
            "Rapport du Secrétaire général",
        ),
        (
            "zh",
            ["第六十九届会议", "临时议程项目 3 (a)*", "大会第二十三届特别会议的后续行动",
             "审查和评价大会第二十三届特别会议成果的执行情况", "秘书长的报告**"],
            "审查和评价大会第二十三届特别会议成果的执行情况: 秘书长的报告",
        ),
    ],
)  # fmt: skip
def test_a_session_named_inside_a_title_is_no_session_line(lang: str, lines: list[str], title: str) -> None:
    """E/CN.6/2025/3: the item's and the document's titles name "the twenty-third special session"; they are
    titles, not session lines, and the document's own title ("Review and appraisal …") is not replaced by
    the report line alone. Its title says more than whose report it is, so the item's title stays out."""
    facts = read_header(lines, lang)
    assert facts.title == title
    assert facts.session == lines[0]


@pytest.mark.parametrize(
    ("lang", "agenda", "item", "byline"),
    [
        ("fr", "Point 4 de l’ordre du jour provisoire", "Activités du Programme", "Rapport de la Directrice exécutive"),
        ("es", "Tema 4 del programa provisional", "Actividades del Programa", "Informe de la Directora Ejecutiva"),
        ("ru", "Пункт 4 предварительной повестки дня", "Деятельность Программы", "Доклад Директора-исполнителя"),
        ("ar", "البند 4 من جدول الأعمال المؤقت", "أنشطة البرنامج", "تقرير المديرة التنفيذية"),
        ("zh", "临时议程项目 4", "方案的活动", "执行主任的报告"),
    ],
)  # fmt: skip
def test_a_report_line_alone_reads_with_the_agenda_items_title(lang: str, agenda: str, item: str, byline: str) -> None:
    """A title that only says whose report it is reads with its agenda item's title, in every language."""
    assert read_header([agenda, item, byline], lang).title == f"{item}: {byline}"


def test_a_meeting_records_title_is_the_meeting_with_its_date_and_place() -> None:
    """A/79/PV.64: the meeting, its date and time, the place; the President line (with dot leaders) and the
    opening of the record are not title."""
    facts = read_header(
        [
            "United Nations A/79/PV.64",
            "General Assembly",
            "Official Records",
            "Seventy-ninth session",
            "64th plenary meeting",
            "Wednesday, 16 April 2025, 10 a.m.",
            "New York",
            "President: Mr. Yang . . . . . . . . . . . . . . . . . . . . (Cameroon)",
            "In the absence of the President, Mr. Kössler (Austria), Vice-President, took the Chair.",
            "The meeting was called to order at 10.05 a.m.",
        ],
        "en",
    )
    assert facts.title == "64th plenary meeting, Wednesday, 16 April 2025, 10 a.m., New York"
    assert facts.date == "2025-04-16" and facts.session == "Seventy-ninth session"


def test_a_title_wrapped_over_lines_in_capitals_is_one_title() -> None:
    """A/48/653 (1993): the agenda items' titles in capitals over several lines join with spaces, not with
    ``": "``; the committee's report line follows; the Rapporteur line is not title."""
    facts = read_header(
        [
            "Forty-eighth session",
            "Agenda items 117 and 18",
            "ACTIVITIES OF THOSE FOREIGN ECONOMIC AND OTHER INTERESTS",
            "WHICH IMPEDE THE IMPLEMENTATION OF THE DECLARATION ON THE GRANTING OF INDEPENDENCE, APARTHEID AND RACIAL",
            "DISCRIMINATION IN SOUTHERN AFRICA",
            "Report of the Special Political and Decolonization Committee (Fourth Committee)",
            "Rapporteur: Mr. Anuson CHINVANNO (Thailand)",
        ],
        "en",
    )
    assert facts.title == (
        "ACTIVITIES OF THOSE FOREIGN ECONOMIC AND OTHER INTERESTS WHICH IMPEDE THE IMPLEMENTATION OF THE "
        "DECLARATION ON THE GRANTING OF INDEPENDENCE, APARTHEID AND RACIAL DISCRIMINATION IN SOUTHERN AFRICA: "
        "report of the Special Political and Decolonization Committee (Fourth Committee)"
    )


def test_a_heading_that_says_the_title_again_starts_the_body() -> None:
    """HRI/MC/2025/1: "Provisional agenda and annotations", then the body's first heading "Provisional agenda"."""
    facts = read_header(
        [
            "Item 3 of the provisional agenda",
            "Adoption of the agenda and organization of work",
            "Provisional agenda and annotations*",
            "Provisional agenda",
        ],
        "en",
    )
    assert facts.title == "Provisional agenda and annotations"


def test_an_old_masthead_with_dist_is_not_title() -> None:
    """TD/B/43/6 (1996) prints ``Dist.`` for ``Distr.``: it ended the title block before the title."""
    facts = read_header(
        [
            "UNITED",
            "NATIONS",
            "United Nations Conference",
            "Dist.",
            "on Trade and GENERAL Development TD/B/43/6",
            "15 August 1996",
            "TRADE AND DEVELOPMENT BOARD",
            "Forty-third session",
            "Geneva, 7 October 1996",
            "Item 5 of the provisional agenda",
            "UNCTAD’s CONTRIBUTION TO THE IMPLEMENTATION OF THE UNITED NATIONS NEW AGENDA FOR AFRICA",
        ],
        "en",
    )
    assert facts.title == "UNCTAD’s CONTRIBUTION TO THE IMPLEMENTATION OF THE UNITED NATIONS NEW AGENDA FOR AFRICA"
    assert facts.date == "1996-08-15"


def test_an_agenda_item_named_inside_a_longer_line_has_no_title_line_of_its_own() -> None:
    """TRANS/SC.2/2001/20: ``Working Party on Rail Transport (Fifty-fifth session, …, agenda item 13 )``; the
    line after it is the document's title, not the agenda item's."""
    facts = read_header(
        [
            "Working Party on Rail Transport (Fifty-fifth session, 16-18 October 2001, agenda item 13 )",
            "TRANS-EUROPEAN RAILWAY (TER) PROJECT",
            "Progress report",
            "Transmitted by the TER Project Central Office",
        ],
        "en",
    )
    assert (
        facts.title
        == "TRANS-EUROPEAN RAILWAY (TER) PROJECT: Progress report: Transmitted by the TER Project Central Office"
    )
    assert facts.agenda_item == "13"


# --- regulations numbered by their articles (issue 20) -----------------------------------------------


def _regulations(head: str, standard_clauses: str) -> list[str]:
    """An ISA decision with its regulations annexed: each article numbers its own paragraphs (``1.`` ``2.``),
    and the annexed standard clauses number sections of their own (``{standard_clauses} 1`` …)."""
    lines = ["The Assembly,", "", "Approves the Regulations annexed to the present decision.", "", "Annex", ""]
    for n in range(1, 6):
        lines += [head.format(n=n), "", f"Title of article {n}", ""]
        lines += [f"1. First paragraph of article {n} ends here.", "", f"2. Second paragraph of article {n}.", ""]
    lines += ["Annex 4", "", "Standard clauses", ""]
    for n in range(1, 3):
        lines += [standard_clauses.format(n=n), "", f"Clause {n}", "", f"1. First paragraph of clause {n}.", ""]
    return lines


@pytest.mark.parametrize(
    ("head", "clauses"),
    [("Article {n}", "Article {n}"), ("Правило {n}", "Раздел {n}"), ("Regulation {n}", "Section {n}")],
)
def test_regulations_are_numbered_by_their_articles_before_an_annex_numbering_its_own(head: str, clauses: str) -> None:
    """ISBA/18/A/11 in French, Russian and Chinese: the articles (``Article 1`` … ``Article 44``, in Russian
    ``Правило 1`` …) are numbered 1..N from the first; the standard clauses annexed to them start again at
    ``Article 1`` (French) — that second run no longer stops the articles from being the numbered entries."""
    out, count = number_articles(_regulations(head, clauses))
    assert count == 5
    numbered = [line for line in out if line[:2] in {f"{n}." for n in range(1, 6)} and "article" in line]
    assert [line.split(".", 1)[0] for line in numbered] == ["1", "2", "3", "4", "5"]
    assert numbered[0] == "1. 1. First paragraph of article 1 ends here. 2. Second paragraph of article 1."
    assert head.format(n=1) + " — Title of article 1" in out
    assert clauses.format(n=1) in out  # the clauses' own headings are left as they were


def test_an_article_opening_with_an_item_mark_has_no_title() -> None:
    """The Chinese Charter, Article 93: its first paragraph "一、联合国各会员国为国际法院规约之当然当事国" lacks its
    full stop, and was taken for the article's title (the section of Articles 93 and after). A line opening
    with an item's mark is the article's first paragraph."""
    lines = ["宪章", "第一条", "宗旨。", "第二条", "原则。", "第三条", "一、联合国各会员国为国际法院规约之当然当事国",
             "二、非会员国得为当事国。", "第四条", "会员。"]  # fmt: skip
    numbered = [b for b in parse_text("\n\n".join(lines), lang="zh").blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == ["1", "2", "3", "4"]
    assert numbered[2].text == "一、联合国各会员国为国际法院规约之当然当事国二、非会员国得为当事国。"
    assert numbered[3].section == ()


def test_chinese_articles_numbered_in_arabic_digits_with_the_title_on_the_line() -> None:
    """ISBA/16/A/12/Rev.1 (zh) prints ``第 1 条用语和范围``: Arabic digits and the article's title on its line."""
    lines = []
    for n in range(1, 4):
        lines += [f"第 {n} 条用语和范围", "", f"1. 第{n}条第一款。", "", f"2. 第{n}条第二款。", ""]
    out, count = number_articles(lines)
    assert count == 3
    assert out[0] == "第 1 条 — 用语和范围"
    assert out[2] == "1. 1. 第1条第一款。2. 第1条第二款。"
    numbered = [b for b in parse_text("\n".join(lines), lang="zh").blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == ["1", "2", "3"]
    assert numbered[1].section == ("第 2 条 — 用语和范围",)


def test_a_chinese_line_opening_with_an_article_reference_is_no_heading() -> None:
    """``第 4 条第 2 款…`` (a reference in running text) is not an article heading with a title."""
    lines = ["第 4 条第 2 款规定的通知", "第 5 条", "第 6 条"]
    out, count = number_articles(lines)
    assert count == 0 and out == lines


def test_a_report_line_in_capitals_is_not_joined_to_the_title_above() -> None:
    facts = read_header(["Agenda item 108", "QUESTION OF EAST TIMOR", "PROGRESS REPORT OF THE SECRETARY-GENERAL"], "en")
    assert facts.title == "QUESTION OF EAST TIMOR: PROGRESS REPORT OF THE SECRETARY-GENERAL"


@pytest.mark.parametrize("rule", ["__________________", ""])
def test_a_footnote_inside_an_article_stays_a_footnote(rule: str) -> None:
    """ISBA/18/A/11: a page's footnote falls inside article 2 (the rule, or no rule where the running-line
    rule took it away, then ``¹ Report of …``); it was read into the article's text."""
    lines = ["The Assembly,", "", "Approves the Regulations.", ""]
    for n in range(1, 4):
        lines += [f"Article {n}", "", f"Title {n}", "", f"1. First paragraph of article {n}.¹", ""]
        if n == 2:
            lines += [rule, "", "¹ Report of the United Nations Conference on Environment and Development.", ""]
        lines += [f"2. Second paragraph of article {n}.", ""]
    parsed = parse_text("\n".join(lines), lang="en")
    numbered = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert numbered["2"].text == "1. First paragraph of article 2. 2. Second paragraph of article 2."
    assert [(n.mark, n.text) for n in numbered["2"].footnotes] == [
        ("1", "Report of the United Nations Conference on Environment and Development.")
    ]


def test_paragraphs_numbered_within_their_section_keep_their_printed_numbers() -> None:
    """A/81/6 (Sect. 25) numbers its paragraphs 25.1, 25.2 …: none was found, and the rows of its table of
    deliverables (``1. Report of the United Nations High Commissioner … 1 1 1 1``) became paragraphs 1–22. Its
    paragraphs are now found under their printed numbers, and the table's rows are not paragraphs."""
    lines = [
        "Proposed programme budget for 2027",
        "25.1 The Office of the United Nations High Commissioner for Refugees is responsible for leading action.",
        "Objective",
        "25.2 The objective, to which this programme contributes, is to ensure international protection.",
        "25.3 To contribute to the objective, UNHCR will work in close cooperation with national authorities.",
        "Table 25.1",
        "1. Report of the United Nations High Commissioner for Refugees to the General Assembly 1 1 1 1",
        "2. Report of the Executive Committee of the Programme 1 1 1 1",
    ]
    blocks = parse_text("\n\n".join(lines), lang="en").blocks
    numbered = {b.paragraph: b for b in blocks if b.paragraph}
    assert list(numbered) == ["25.1", "25.2", "25.3"]
    assert numbered["25.2"].text == lines[3][5:] and numbered["25.2"].section == ("Objective",)


def test_views_numbered_section_by_section_keep_their_printed_numbers() -> None:
    """A treaty body's views number paragraphs within sections that follow each other: 1.1, 1.2, 2.1 …"""
    texts = [
        "1.1 The author of the communication is a national of the State party, born in 1980.",
        "1.2 On 3 May 2021, the Committee requested the State party to refrain from deporting the author.",
        "2.1 The author states that he was arrested in 2019 and held without charge.",
        "2.2 The author appealed the decision to the Supreme Court, which rejected the appeal.",
        "3.1 The author claims that his rights under article 9 of the Covenant have been violated.",
    ]
    blocks = parse_text("\n\n".join(["Views adopted by the Committee", *texts]), lang="en").blocks
    assert [b.paragraph for b in blocks if b.paragraph] == ["1.1", "1.2", "2.1", "2.2", "3.1"]


def test_decimals_opening_lines_of_an_ordinarily_numbered_report_are_no_section_numbers() -> None:
    lines = ["Report", "1. The Board met twice.", "2. Employment grew:", "3.5 per cent in 2024 and", "2. It rose."]
    assert number_section_paragraphs(lines) == (lines, [])
    odd = ["Report", "14.4 percentage points of the gap remain.", "2.1 million people were reached."]
    assert number_section_paragraphs(odd) == (odd, [])
