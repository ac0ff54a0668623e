"""Parsing the five real documents: counts, and the clean text where extraction is at its worst."""

from __future__ import annotations

import pytest

from corpus.layout import roman_value
from corpus.loading import Corpus
from corpus.models import RawBlock
from corpus.parsing import parse_text

EXPECTED_COUNTS = {
    "000_b5f21519506bdb07": 70,
    "001_2a97e9fcc96299fc": 15,
    "002_81e21580ef986bd8": 60,
    "003_588044482a18401b": 92,
    "004_723cbf81696a18db": 11,
}


def test_numbered_paragraph_counts(corpus: Corpus) -> None:
    assert {d.doc_id: d.numbered_count for d in corpus} == EXPECTED_COUNTS
    assert corpus.problems == []


def test_numbers_are_consecutive(corpus: Corpus) -> None:
    for doc in corpus:
        numbers = [int(p.paragraph) for p in doc.paragraphs if p.paragraph]
        assert numbers == list(range(1, len(numbers) + 1)), doc.doc_id


# (doc, paragraph, opening words, closing words, why this one)
CASES = [
    (
        "000",
        "4",
        "新的组织结构使人居署能够更好地整合",
        "全球共同优先事项的贡献。",
        "page break and * footnote mid-paragraph",
    ),
    ("000", "17", "人居署为应对这一大流行病", "以健康为成果的方法。", "sub-items kept; superscript marker ¹ removed"),
    ("000", "22", "城市和空间规划规范是减少城市地区不平等", "参与城市规划。", "two footnotes between the halves"),
    (
        "000",
        "51",
        "人居署继续与全球各伙伴和利益攸关方",
        "建设包容性城市的工作。",
        "page break after a comma-free line end",
    ),
    ("000", "42", "根据关于加强能力建设以执行", "提高影响力和资源效率。", "page break with two footnotes"),
    (
        "001",
        "2",
        "2019 年 12 月 5 日至 7 日，在墨西哥瓜达拉哈拉",
        "实施国家和地方一级的干预措施。",
        "agenda footnote inside",
    ),
    ("002", "2", "伙伴关系是实现《2030年议程》的核心内容", "以执行《2030年议程》。", "two * footnotes mid-paragraph"),
    ("002", "8", "作为《新城市议程》后续落实和审查工作", "作出的承诺和创造的势头。", "footnote ¹ between the halves"),
    (
        "002",
        "13",
        "人居署在联合国国家工作队内开展有效合作",
        "持久解决方案（Saameynta）。",
        "page break inside a word pair 此/外",
    ),
    (
        "003",
        "1",
        "本报告根据联合国人类住区规划署（人居署）理事会第 26/1 号",
        "这些决议的最新执行情况。",
        "hard line breaks",
    ),
    ("003", "2", "人居署的工作由三个主要政策机构来指导", "增强人居署的财务能力。", "'6 日于纽约' kept, not a footnote"),
    ("003", "8", "为应对自 2012 年以来", "中期结果显示赤字约为 190 万美元。", "glued footnote marker 1 removed"),
    ("003", "24", "该报告概述了迄今为止的协作实施情况", "有效实施情况的能力。", "chart legend dropped"),
    ("003", "43", "城市经济学和金融领域的一个主要工作重点", "这些年轻人的就业。", "'1 000多名青年' kept"),
    (
        "003",
        "61",
        "人居署继续实施由非洲、加勒比和太平洋国家集团秘书处发起",
        "贫民窟生活的区域战略。",
        "footnote 2 and its URL lines between",
    ),
    (
        "003",
        "72",
        "除了呼吁提高城市安全方面可利用的工具",
        "关于强化循证政策和实践的对话。",
        "footnote 4 with a wrapped URL",
    ),
    (
        "004",
        "6",
        "根据变革领域 1：减少城乡连续体各社区中的空间不平等和贫困现象，",
        "获得供水和环卫设施的机会。",
        "markdown bold removed",
    ),
    ("004", "10", "人居署还协助推出了以下五个旗舰方案", "全机构数字转型。", "list dashes and bold in sub-items"),
]


@pytest.mark.parametrize(("doc", "number", "opening", "closing", "why"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_clean_text(corpus: Corpus, doc: str, number: str, opening: str, closing: str, why: str) -> None:
    doc_id = next(d for d in corpus.documents if d.startswith(doc))
    text = corpus.paragraph(doc_id, number).text
    assert text.startswith(opening), why
    assert text.endswith(closing), why
    for noise in ("http", "**", "¹", "²", "³", "⁴", "* HSP", "图 1", "非专门用途基金会 专门用途基金会"):
        assert noise not in text, (why, noise)


def test_glued_footnote_marker_removed(corpus: Corpus) -> None:
    text = corpus.paragraph("HSP/HA/1/2", "8").text
    assert "约 550 万美元的赤字" in text
    assert "美元1的" not in text


def test_real_text_that_looks_like_a_footnote_is_kept(corpus: Corpus) -> None:
    assert "9 月 5 日和 6 日于纽约" in corpus.paragraph("HSP/HA/1/2", "2").text
    assert "向 1 000多名青年" in corpus.paragraph("HSP/HA/1/2", "43").text


def test_markdown_and_dashes_removed(corpus: Corpus) -> None:
    p = corpus.paragraph("004_723cbf81696a18db", "10")
    assert "\n(a) 可持续发展目标城市。" in p.text
    assert "- (a)" not in p.text and "**" not in p.text


def test_summary_is_unnumbered_and_separate(corpus: Corpus) -> None:
    doc = corpus.resolve("HSP/HA/1/2")
    summary = doc.paragraphs[0]
    assert summary.paragraph is None
    assert summary.section == "摘要"
    assert summary.text.startswith("本报告提供了联合国人类住区规划署")
    assert summary.text.endswith("加以补充。")
    first = doc.paragraph("1")
    assert first is not None and not first.text.startswith("本报告提供了")


def test_headings_never_glued(corpus: Corpus) -> None:
    p = corpus.paragraph("HSP/HA.2/4/Add.2", "7")
    assert "关于《新城市议程》执行情况的联合国大会高级别会议" not in p.text
    p8 = corpus.paragraph("HSP/HA.2/4/Add.2", "8")
    assert p8.section.endswith("1. 关于《新城市议程》执行情况的联合国大会高级别会议")


def test_section_paths(corpus: Corpus) -> None:
    assert corpus.paragraph("HSP/HA.2/4", "19").section == "一、 导言 > D. 催化作用的规范性指导"
    assert corpus.paragraph("HSP/HA/1/2", "9").section.endswith(
        "A. 第 26/1 号决议：人居署的治理改革和延长方案与预算问题工作组的任务授权"
    )


def test_line_spans_point_at_the_source(corpus: Corpus) -> None:
    p = corpus.paragraph("HSP/HA.2/4", "19")
    lines = (corpus.root / p.source).read_text(encoding="utf-8").split("\n")
    assert p.source == "corpus/000_b5f21519506bdb07.txt"
    assert lines[p.lines[0] - 1].startswith("19. 2022 年，1.5 亿人无家可归")
    p8 = corpus.paragraph("HSP/HA/1/2", "8")
    assert p8.lines == (128, 146)


def test_parse_text_on_a_tiny_document() -> None:
    text = "标题\n\n一、 导言\n\n1. 第一段没有结束\n\n¹ 脚注。\n\n继续第一段。\n\n2. 第二段。\n(a) 分项；\n"
    result = parse_text(text)
    assert [(b.paragraph, b.text) for b in result.blocks] == [
        ("1", "第一段没有结束继续第一段。"),
        ("2", "第二段。\n(a) 分项；"),
    ]
    assert result.blocks[0].section == ("一、 导言",)


def test_invisible_direction_marks_do_not_hide_paragraph_numbers() -> None:
    """Arabic text copied from a web page often opens a line with a right-to-left mark (U+200F):
    the numbers behind it are still the paragraphs' numbers, and the marks leave the texts."""
    text = "عنوان الوثيقة\n\n\u200f1. الفقرة الأولى من النص.\n\n\u200f2. الفقرة\u200f الثانية من النص.\n\n\u200e3. الفقرة الثالثة.\n"
    blocks = [b for b in parse_text(text, lang="ar").blocks if b.paragraph]
    assert [(b.paragraph, b.text) for b in blocks] == [
        ("1", "الفقرة الأولى من النص."),
        ("2", "الفقرة الثانية من النص."),
        ("3", "الفقرة الثالثة."),
    ]
    # The joiners that shape Arabic and Persian letters stay.
    assert "\u200c" in parse_text("1. می\u200cخواهم.\n\n2. دوم.\n\n3. سوم.\n", lang="ar").blocks[0].text


def test_a_figure_with_decimals_opening_a_line_is_no_paragraph_number() -> None:
    """A page may open with the rest of the paragraph before it, under that page's footnotes: "14.4 percentage
    points higher…" goes on with paragraph 10. It is not a paragraph 14 reading "4 percentage points", which
    took the places of 11 to 13 (E/CN.6/2025/3)."""
    text = (
        "Report of the Secretary-General\n\n"
        + "".join(f"{n}. Paragraph {n} of the report.\n\n" for n in range(1, 10))
        + "10. Progress is slowest in crisis-affected countries.⁶ The average incidence of child marriage in "
        "conflict-affected countries is\n\n"
        "__________________ ⁶ UN-Women and United Nations, The Gender Snapshot 2023 (New York, 2023).\n\n"
        "14.4 percentage points higher than in non-conflict settings.⁷ The latest data show more.⁸\n\n"
        + "".join(f"{n}. Paragraph {n} of the report.\n\n" for n in range(11, 16))
    )
    numbered = [b for b in parse_text(text, lang="en").blocks if b.paragraph]
    assert [b.paragraph for b in numbered] == [str(n) for n in range(1, 16)]
    assert "14.4 percentage points higher" in numbered[9].text


def test_running_text_before_the_first_number_is_kept() -> None:
    """A treaty's preamble (A/CONF.164/37: "The States Parties to this Agreement, / Recalling …,") or a note's
    "The present report is a summary of …" stands between the header block and paragraph 1: it is the
    document's text, never front matter. The header block's lines (the body's name, the session, a note called
    from the title) stay out, and so does the title."""
    text = (
        "United Nations Development Programme, the United Nations Population Fund and the United Nations Office\n\n"
        "Annual session 2025\n\n"
        "AGREEMENT FOR THE IMPLEMENTATION OF THE PROVISIONS OF THE CONVENTION\n\n"
        "* The present document was submitted late owing to consultations with the Member States concerned, "
        "which took longer than planned.\n\n"
        "The States Parties to this Agreement,\n\n"
        "Recalling the relevant provisions of the United Nations Convention on the Law of the Sea of 10 December "
        "1982,\n\n"
        "Have agreed as follows:\n\n"
        "1. For the purposes of this Agreement, the terms have these meanings.\n\n"
        "2. The objective of this Agreement is long-term conservation.\n"
    )
    result = parse_text(text, lang="en")
    texts = [(b.paragraph, b.text) for b in result.blocks]
    # The parties open the preamble as "The General Assembly," opens a resolution's.
    assert result.blocks[0].section == ("Preamble",) and texts[0][1].startswith("Recalling the relevant provisions")
    assert [p for p, _ in texts if p] == ["1", "2"]
    assert not any("Annual session" in t or "Population Fund" in t or "submitted late" in t for _, t in texts)
    # With no such opening: the first line of running text starts the body.
    note = (
        "Human Rights Council\n\nSummary of stakeholders' submissions on Slovenia\n\n"
        "The present report is a summary of seven stakeholders' submissions to the universal periodic review. "
        "It follows the structure of the general guidelines.\n\n"
        "I. Background and framework\n\n1. The Ombudsman reported progress.\n"
    )
    blocks = parse_text(note, lang="en").blocks
    assert blocks[0].paragraph is None and blocks[0].text.startswith("The present report is a summary")
    assert [b.paragraph for b in blocks if b.paragraph] == ["1"]


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        ("en", ["WE THE PEOPLES OF THE UNITED NATIONS DETERMINED",
                "to save succeeding generations from the scourge of war, which twice in our lifetime has brought "
                "untold sorrow to mankind, and",
                "to promote social progress and better standards of life in larger freedom,",
                "Accordingly, our respective Governments have agreed to the present Charter of the United Nations."]),
        ("fr", ["NOUS, PEUPLES DES NATIONS UNIES, RÉSOLUS",
                "à préserver les générations futures du fléau de la guerre qui deux fois en l'espace d'une vie "
                "humaine a infligé à l'humanité d'indicibles souffrances,",
                "à favoriser le progrès social et instaurer de meilleures conditions de vie,",
                "En conséquence, nos gouvernements respectifs ont adopté la présente Charte des Nations Unies."]),
    ],
)  # fmt: skip
def test_clauses_that_go_on_before_the_first_article_are_kept(lang: str, lines: list[str]) -> None:
    """The Charter's preamble: its clauses end in a comma, or a comma and "and", not in a full stop. They were
    taken for front matter and dropped, up to "Accordingly, …" (the first line ending a sentence). Its line in
    capitals is the subject of the one sentence the preamble is ("WE THE PEOPLES … DETERMINED to save …"): it was
    taken for the title, or dropped as a caption, and is now the preamble's first words (the line after it goes on
    in lower case)."""
    articles = ["Article 1", "The Purposes of the United Nations are peace.", "Article 2", "The Organization acts.",
                "Article 3", "The original Members are the States."]  # fmt: skip
    blocks = parse_text("\n\n".join(lines + articles), lang=lang).blocks
    body = " ".join(b.text for b in blocks if b.paragraph is None)
    assert body.startswith(f"{lines[0]} {lines[1]}") and lines[3] in body
    assert [b.paragraph for b in blocks if b.paragraph] == ["1", "2", "3"]


def _annex(rows: list[str]) -> list[RawBlock]:
    head = ["Report", "", "1. The Commission met.", "", "2. It adopted the rules in the annex.", "", "Annex", ""]
    text = "\n".join([*head, "Rules of procedure", "", *rows])
    return [b for b in parse_text(text, lang="en").blocks if b.paragraph is None]


def test_an_annex_chunk_closes_between_sentences() -> None:
    """An annex of rules is running text read line by line: its chunk of 30 rows ends after the sentence the
    thirtieth row is in, not inside it (A/AC.296/2026/9's rules of procedure)."""
    places = "Accra Bogota Cairo Dakar Essen Fiji Goa Hanoi Izmir Jena".split()
    rows = [f"A meeting in {a} may follow one in {b}, as the Parties choose." for a in places[:3] for b in places]
    rows = rows[:28]  # with the title row, "Rule 30" is the thirtieth row
    rows += ["Rule 30. Each Party shall be represented at the Conference by a delegation consisting of a head of", ""]
    rows += ["delegation and such other accredited representatives as it may require.", "Rule 31. Text ends here."]
    chunks = _annex(rows)
    assert chunks[0].text.endswith("such other accredited representatives as it may require.")
    assert chunks[1].text == "Rule 31. Text ends here."
    assert chunks[0].lines[1] - chunks[0].lines[0] > 30


def test_an_annex_table_closes_at_thirty_rows_and_a_rule_line_is_no_row() -> None:
    words = "Accra Bogota Cairo Dakar Essen Fiji Goa Hanoi Izmir Jena".split()
    rows = [f"Friends of {a} and {b}\tOffice in {b}" for a in words[:4] for b in words] + ["---"]
    chunks = _annex(rows)
    assert [len(b.text.split("\n")) for b in chunks] == [30, 11]  # the title row and 40 rows
    assert "---" not in chunks[-1].text


def test_a_contents_list_of_annexes_does_not_make_the_body_an_annex() -> None:
    """DP/FPA/2025/4 (Part I): the contents end with "Annexes" and the annexes' names, before "I. Overview". The
    annex this opened never closed, and the report's 94 numbered paragraphs became annex rows."""
    text = "\n\n".join(
        [
            "Progress in implementing the UNFPA strategic plan",
            "Summary",
            "This report analyses the progress made in achieving the results of the UNFPA strategic plan.",
            "Annexes",
            "Annex 1: Output scorecard and indicator updates, 2024 Annex 2: UNFPA humanitarian update, 2024",
            "I. Overview",
            "1. This report analyses the progress made in pursuit of the results of the strategic plan.",
            "2. Launched in 2022, the current strategic plan reaffirmed UNFPA commitment.",
            "II. Context",
            "3. The global operating context continues to evolve.",
            "Annex",
            "Output scorecard",
            "Indicator 1.1 Number of countries 2024 target 45",
        ]
    )
    blocks = parse_text(text, lang="en").blocks
    assert [b.paragraph for b in blocks if b.paragraph] == ["1", "2", "3"]
    assert blocks[-1].section[0] == "Annex" and "Indicator 1.1" in blocks[-1].text


@pytest.mark.parametrize(
    ("lang", "lead", "items"),
    [
        ("ru", "1. Комитет с удовлетворением отмечает прогресс в проведении законодательных реформ, в частности принятие:",
         ["a) новой Конституции (2023 год);", "b) закона о гендерном паритете (2016 год)."]),
        ("es", "1. El Grupo de Trabajo recomienda a los Estados que:",
         ["a) Aprovechen las oportunidades de la tecnología;", "b) Afronten los riesgos."]),
    ],
)  # fmt: skip
def test_sub_items_printed_without_an_opening_bracket_stay_in_their_paragraph(
    lang: str, lead: str, items: list[str]
) -> None:
    """CEDAW/C/CAF/CO/6 (ru), A/AC.292/2024/3 (es): French, Spanish and Russian documents print sub-items as
    ``a)``, not ``(a)``. They were cut off as unnumbered blocks after the paragraph (232 blocks for 66
    paragraphs); they are its sub-items, as ``(a)`` ones are."""
    text = "\n\n".join(["Доклад" if lang == "ru" else "Informe", lead, *items, "2." + lead[2:]])
    blocks = parse_text(text, lang=lang).blocks
    first = blocks[0]
    assert first.text.split("\n")[1:] == items
    assert [b.paragraph for b in blocks if b.paragraph] == ["1", "2"]


def test_a_label_opens_the_text_it_names() -> None:
    """JIU/REP/2025/1 prints "Recommendation 1" on a line of its own over the recommendation, after a numbered
    paragraph: the label was dropped as a caption, and "recommendation 1" found nothing. It now opens the text it
    names. A label over a caption's short lines ("Figure 2" over a chart's legend) is still dropped."""
    text = "\n\n".join(
        [
            "Joint Inspection Unit",
            "1. The implementation of the following recommendation is expected to enhance the governance of the "
            "organization.",
            "Recommendation 1",
            "The Environment Assembly should, at its eighth session at the latest, clarify the mandate of the "
            "Committee of Permanent Representatives.",
            "2. The Committee meets every quarter.",
            "Figure 2",
            "Staff by grade",
            "3. The secretariat has 1,200 staff.",
        ]
    )
    parsed = parse_text(text, lang="en")
    texts = [b.text for b in parsed.blocks]
    assert "Recommendation 1 The Environment Assembly should, at its eighth session" in " | ".join(texts)
    assert not any(t.startswith("Figure 2") for t in texts)
    assert [b.paragraph for b in parsed.blocks if b.paragraph] == ["1", "2", "3"]


def test_a_part_of_a_treaty_heads_its_articles() -> None:
    """The Fish Stocks Agreement (A/CONF.164/37) prints "PART III" over the part's title in capitals, then its
    articles. "PART III" was dropped as a caption and the title became a paragraph under article 7; the two lines
    are now one heading above the part's articles."""
    articles = {
        "Use of terms": "For the purposes of this Agreement, the terms of the Convention have the same meaning.",
        "Objective": "The objective of this Agreement is the long-term conservation of straddling fish stocks.",
        "Application": "Coastal States and States fishing on the high seas shall pursue cooperation in relation to"
        " straddling fish stocks.",
    }
    lines = ["AGREEMENT ON FISH STOCKS", "The States Parties to this Agreement,", "Have agreed as follows:"]
    for n, (title, text) in enumerate(articles.items(), start=1):
        lines += [f"Article {n}", title, text]
        if n == 2:
            lines += ["PART III", "MECHANISMS FOR INTERNATIONAL COOPERATION"]
    parsed = parse_text("\n\n".join(lines), lang="en")
    by_number = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert list(by_number) == ["1", "2", "3"]
    assert by_number["3"].section == ("PART III MECHANISMS FOR INTERNATIONAL COOPERATION", "Article 3 — Application")
    assert by_number["2"].section == ("Article 2 — Objective",)
    assert not any("MECHANISMS" in b.text for b in parsed.blocks)


def test_a_part_printed_on_one_line_heads_its_articles() -> None:
    """The ISA regulations print the part and its title on one line ("Parte II Prospección") over the article's
    heading: the articles stood under "Preámbulo"; they now stand under their part."""
    articles = {
        "Términos empleados": "Los términos utilizados en la Convención tendrán igual acepción en el presente reglamento.",
        "Prospección": "La prospección se realizará de conformidad con la Convención y con el presente reglamento.",
        "Notificación": "La persona o entidad que se proponga proceder a una prospección lo notificará a la Autoridad.",
    }
    lines = ["Reglamento sobre prospección", "Preámbulo", "De conformidad con la Convención, la Autoridad dicta:"]
    for n, (title, text) in enumerate(articles.items(), start=1):
        if n == 2:
            lines.append("Parte II Prospección")
        lines += [f"Artículo {n}", title, text]
    parsed = parse_text("\n\n".join(lines), lang="es")
    by_number = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert list(by_number) == ["1", "2", "3"]
    assert by_number["3"].section == ("Parte II Prospección", "Artículo 3 — Notificación")


@pytest.mark.parametrize(
    ("lang", "article", "chapters", "sub", "clause"),
    [
        ("en", "Article", ["Chapter III: Organs", "Chapter IV: The General Assembly",
                           "Chapter VII: Action with Respect to Threats to the Peace, Breaches of the Peace, and Acts "
                           "of Aggression"], "COMPOSITION", "The Organization shall act in good faith."),
        ("fr", "Article", ["Chapitre III: Organes", "Chapitre IV: Assemblée générale",
                           "Chapitre VII: Action en cas de menace contre la paix, de rupture de la paix et d'acte "
                           "d'agression"], "COMPOSITION", "L'Organisation agit de bonne foi."),
        ("es", "Artículo", ["Capítulo III: Órganos", "Capítulo IV: La Asamblea General",
                            "Capítulo VII: Acción en caso de amenazas a la paz, quebrantamientos de la paz o actos de "
                            "agresión"], "COMPOSICIÓN", "La Organización actuará de buena fe."),
        ("ru", "Статья", ["Глава III: Органы", "Глава IV: Генеральная Ассамблея",
                          "Глава VII: Действия в отношении угрозы миру, нарушений мира и актов агрессии"],
         "СОСТАВ", "Организация действует добросовестно."),
        ("ar", "المادة", ["الفصل الثالث: الفروع", "الفصل الرابع: الجمعية العامة",
                          "الفصل السابع: فيما يتخذ من الأعمال في حالات تهديد السلم والإخلال به ووقوع العدوان"],
         "تأليفها", "تعمل الهيئة بحسن نية."),
        ("zh", "", ["第三章：机关", "第四章：大会", "第七章：对于和平之威胁、和平之破坏及侵略行为之应付办法"],
         "组织", "本组织应一秉善意。"),
    ],
)  # fmt: skip
def test_chapters_head_their_sections_and_articles(
    lang: str, article: str, chapters: list[str], sub: str, clause: str
) -> None:
    """The Charter as un.org prints it, in its six languages: "Chapter IV: The General Assembly" over "COMPOSITION"
    over "Article 9". A chapter followed by a short heading was dropped as a caption, so the chapters' articles stood
    under the last heading of the chapter before (Articles 33–51 under "PROCEDURE" of Chapter V); a chapter heading
    longer than a caption ("Chapter VII: Action with Respect to…") was glued onto the last paragraph of the article
    before it. Each chapter now heads its sections and articles."""
    numerals = "一二三四"

    def head(n: int) -> str:
        return f"第{numerals[n - 1]}条" if lang == "zh" else f"{article} {n}"

    # Four different lines: one printed alike on every page, or with a page number, is a running header.
    texts = [clause, clause[: len(clause) // 2] + clause, (clause[-4:] + clause).strip(), clause * 2]
    lines = ["Charter", head(1), texts[0], chapters[0], head(2), texts[1], chapters[1], sub, head(3), texts[2]]
    lines += [chapters[2], head(4), texts[3]]
    parsed = parse_text("\n\n".join(lines), lang=lang)
    by_number = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert list(by_number) == ["1", "2", "3", "4"]
    assert by_number["2"].section == (chapters[0],)
    assert by_number["3"].section == (chapters[1], sub)
    assert by_number["4"].section == (chapters[2],)
    assert [b.text for b in by_number.values()] == texts  # no chapter glued onto an article
    assert not any(w for w in parsed.warnings if "caption" in w)


def test_a_section_stands_under_its_part() -> None:
    """The ISA regulations: "Parte III" over "Sección 2" over the articles. Both were pushed at one level, so the
    section replaced its part; it now stands under it."""
    texts = [
        "Los términos utilizados en la Convención tendrán igual acepción en el presente reglamento.",
        "La prospección se realizará de conformidad con la Convención.",
        "Toda solicitud de aprobación de un plan de trabajo contendrá los datos del solicitante.",
        "El Secretario General acusará recibo por escrito de cada solicitud.",
    ]
    lines = ["Reglamento sobre prospección y exploración", "Parte I Introducción"]
    for n in range(1, 5):
        if n == 2:
            lines += ["Parte III", "Solicitudes de aprobación de planes de trabajo"]
        if n == 3:
            lines.append("Sección 2 Contenido de las solicitudes")
        lines += [f"Artículo {n}", texts[n - 1]]
    parsed = parse_text("\n\n".join(lines), lang="es")
    by_number = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert list(by_number) == ["1", "2", "3", "4"]
    part = "Parte III Solicitudes de aprobación de planes de trabajo"
    assert by_number["2"].section == (part,)
    assert by_number["3"].section == (part, "Sección 2 Contenido de las solicitudes")


def test_a_chinese_preamble_of_short_clauses_is_kept() -> None:
    """The Chinese Charter's preamble: clauses of 20–40 characters, each ending in a comma. They were taken for the
    header block (shorter than a line of running text) and the preamble was lost; the first chapter's articles
    had no section. Two clauses going on in a row are a sentence, never a header."""
    clauses = ["欲免后世再遭今代人类两度身历惨不堪言之战祸，", "重申基本人权，人格尊严与价值，以及男女与大小各国平等权利之信念，",
               "并为达此目的", "力行容恕，彼此以善邻之道，和睦相处，", "爰由我各本国政府议定本联合国宪章，并设立国际组织，定名联合国。"]  # fmt: skip
    articles = ["第一章：宗旨及原则", "第一条", "联合国之宗旨为维持国际和平及安全。", "第二条", "本组织系基于各会员国主权平等之原则。",
                "第二章：会员", "第三条", "凡签订本宪章之国家，均为联合国之创始会员国。"]  # fmt: skip
    parsed = parse_text("\n\n".join(["我联合国人民同兹决心", *clauses, *articles]), lang="zh")
    preamble = [b for b in parsed.blocks if b.paragraph is None]
    assert len(preamble) == 1 and preamble[0].text == "".join(clauses)
    by_number = {b.paragraph: b for b in parsed.blocks if b.paragraph}
    assert by_number["1"].section == ("第一章：宗旨及原则",) and by_number["3"].section == ("第二章：会员",)


def test_a_stray_mark_between_lines_is_no_heading_and_no_text() -> None:
    """A/HRC/WG.6/34/SVN/2: the PDF leaves a lone "," between a heading and its paragraphs, and a barcode in a
    private-use font (no letter of any alphabet) between two lines of a paragraph. The comma became the section of
    the paragraphs under it and the barcode's glyphs ran into the text; neither is either now."""
    text = "\n".join(
        [
            "Report",
            "",
            "I. Background",
            "A. Scope of international obligations",
            ",",
            "1. It was recommended that Slovenia ratify the Convention, adopted in",
            "\uf02a\uf031\uf039\uf031\uf034\uf038\uf037\uf030\uf02a\uf020",
            "2017, and apply for A status.",
        ]
    )
    blocks = parse_text(text, lang="en").blocks
    assert [(b.paragraph, b.section) for b in blocks] == [
        ("1", ("I. Background", "A. Scope of international obligations"))
    ]
    assert (
        blocks[0].text
        == "It was recommended that Slovenia ratify the Convention, adopted in 2017, and apply for A status."
    )


def test_an_arabic_semicolon_ends_a_line_of_an_article() -> None:
    """The Arabic Charter, Article 76: its items end in the Arabic semicolon ``؛``, which no rule knew. A short item
    ("توطيد السلم والأمن الدولي؛") was dropped as a caption and the article's next lines became unnumbered
    paragraphs; the article is whole again."""
    lines = [
        "ميثاق الأمم المتحدة",
        "المادة 1",
        "مقاصد الأمم المتحدة هي حفظ السلم والأمن الدولي.",
        "المادة 2",
        "تعمل الهيئة وأعضاؤها وفقاً للمبادئ الآتية.",
        "المادة 3",
        "الأهداف الأساسية لنظام الوصاية هي:",
        "",
        "توطيد السلم والأمن الدولي؛",
        "التشجيع على احترام حقوق الإنسان والحريات الأساسية للجميع؛",
        "المادة 4",
        "يطبق نظام الوصاية على الأقاليم الآتية.",
    ]
    parsed = parse_text("\n".join(lines), lang="ar")
    assert [b.paragraph for b in parsed.blocks] == ["1", "2", "3", "4"]
    assert "توطيد السلم والأمن الدولي؛" in parsed.blocks[2].text
    assert "التشجيع على احترام" in parsed.blocks[2].text
    assert not any("caption" in w for w in parsed.warnings)


@pytest.mark.parametrize(
    ("lang", "head", "article"),
    [("en", "Preamble", "Article"), ("fr", "Préambule", "Article"), ("ru", "ПРЕАМБУЛА", "Статья"), ("zh", "序言", "")],
)
def test_the_first_article_ends_a_preamble_under_its_own_heading(lang: str, head: str, article: str) -> None:
    """The UDHR prints "Preamble" as a heading, then its considerations, then "Article 1": all thirty articles stood
    in the section "Preamble", in all six versions. The first numbered paragraph ends the preamble."""
    texts = {
        "en": ["Whereas recognition of the inherent dignity of all members of the human family is the foundation,",
               "All human beings are born free and equal in dignity and rights.",
               "Everyone is entitled to all the rights and freedoms set forth in this Declaration.",
               "Everyone has the right to life, liberty and security of person."],
        "fr": ["Considérant que la reconnaissance de la dignité inhérente à tous les membres de la famille humaine,",
               "Tous les êtres humains naissent libres et égaux en dignité et en droits.",
               "Chacun peut se prévaloir de tous les droits et de toutes les libertés proclamés.",
               "Tout individu a droit à la vie, à la liberté et à la sûreté de sa personne."],
        "ru": ["Принимая во внимание, что признание достоинства, присущего всем членам человеческой семьи,",
               "Все люди рождаются свободными и равными в своем достоинстве и правах.",
               "Каждый человек должен обладать всеми правами и всеми свободами.",
               "Каждый человек имеет право на жизнь, на свободу и на личную неприкосновенность."],
        "zh": ["鉴于对人类家庭所有成员的固有尊严及其平等的和不移的权利的承认，乃是世界自由、正义与和平的基础，",
               "人人生而自由，在尊严和权利上一律平等。", "人人有资格享有本宣言所载的一切权利和自由。", "人人有权享有生命、自由和人身安全。"],
    }[lang]  # fmt: skip
    heads = [f"第{n}条" if lang == "zh" else f"{article} {n}" for n in ("一二三" if lang == "zh" else "123")]
    lines = ["Universal Declaration", head, texts[0]]
    for n in range(3):
        lines += [heads[n], texts[n + 1]]
    blocks = parse_text("\n\n".join(lines), lang=lang).blocks
    assert [(b.paragraph, b.section) for b in blocks] == [(None, (head,)), ("1", ()), ("2", ()), ("3", ())]


def test_a_short_line_of_a_preamble_is_its_text_not_a_caption() -> None:
    """The Arabic UDHR closes its preamble with "فإن الجمعية العامة" / "تنادي بهذا الإعلان العالمي لحقوق الإنسان" /
    "على أنه المستوى المشترك…" ("Now, therefore, the General Assembly proclaims this Universal Declaration … as a
    common standard"), three lines with no punctuation. The two short ones were dropped as captions, and the
    proclamation lost its verb. A preamble has no captions."""
    lines = [
        "الإعلان العالمي لحقوق الإنسان",
        "الديباجة",
        "لمّا كان الاعتراف بالكرامة المتأصلة في جميع أعضاء الأسرة البشرية هو أساس الحرية والعدل والسلام في العالم.",
        "فإن الجمعية العامة",
        "تنادي بهذا الإعلان العالمي لحقوق الإنسان",
        "على أنه المستوى المشترك الذي ينبغي أن تستهدفه كافة الشعوب والأمم.",
        "المادة 1",
        "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.",
        "المادة 2",
        "لكل إنسان حق التمتع بكافة الحقوق والحريات الواردة في هذا الإعلان.",
        "المادة 3",
        "لكل فرد الحق في الحياة والحرية وسلامة شخصه.",
    ]
    parsed = parse_text("\n\n".join(lines), lang="ar")
    preamble = [b.text for b in parsed.blocks if b.paragraph is None]
    assert preamble[-1] == " ".join(lines[3:6])
    assert [b.paragraph for b in parsed.blocks if b.paragraph] == ["1", "2", "3"]
    assert not any("caption" in w for w in parsed.warnings)


def test_the_articles_of_a_second_instrument_head_their_text() -> None:
    """ST/SPACE/61/Rev.3 (zh) compiles five treaties, each numbering its articles from 1. The first treaty's articles
    are cited by number; the headings of the others ("第一条" again) were dropped as captions, 102 paragraphs lost
    the article they belong to. Such a heading now heads its article's text."""
    lines = ["国际空间法：联合国文书", "A. 外层空间条约"]
    for n in "一二三":
        lines += [f"第{n}条", f"各缔约国在探索和利用外层空间方面应遵守第{n}项原则。"]
    lines += [
        "B. 营救协定",
        "第一条",
        "缔约国于获悉宇航人员遭遇意外事故时，应立即通知发射当局。",
        "第二条",
        "缔约国应采取一切措施营救宇航人员。",
    ]
    parsed = parse_text("\n\n".join(lines), lang="zh")
    assert [b.paragraph for b in parsed.blocks if b.paragraph] == ["1", "2", "3"]
    second = [b for b in parsed.blocks if b.paragraph is None]
    assert [b.section for b in second] == [("B. 营救协定", "第一条"), ("B. 营救协定", "第二条")]
    assert not any("caption" in w for w in parsed.warnings)


def test_an_article_of_one_unnumbered_paragraph_and_cyrillic_roman_numerals() -> None:
    """ST/SPACE/61/Rev.3 (ru): in the Liability Convention, an article of one paragraph printed "Статья XII" over its
    text was glued onto that text as a label ("Статья XII Компенсация…") under the article before it, and "Статья ХХ"
    (set with the Cyrillic letter Х) was read as no article at all, its heading nested under "Статья XIX"."""
    lines = [
        "Международное космическое право: документы Организации Объединенных Наций",
        "C. Конвенция о международной ответственности",
        "Статья XIX",
        "1. Комиссия по рассмотрению претензий действует в соответствии с положениями статьи XII настоящей Конвенции.",
        "2. Решение Комиссии является окончательным и обязательным, если об этом была достигнута договоренность.",
        "Статья ХХ",
        "Расходы, связанные с работой Комиссии по рассмотрению претензий, распределяются поровну между сторонами.",
        "Статья XXI",
        "Если ущерб, причиненный космическим объектом, представляет в больших масштабах опасность для людей.",
    ]
    parsed = parse_text("\n\n".join(lines), lang="ru")
    body = [(b.section, b.text[:20]) for b in parsed.blocks if b.text.startswith(("Расходы", "Если", "Статья"))]
    assert body == [(("Статья ХХ",), "Расходы, связанные с"), (("Статья XXI",), "Если ущерб, причинен")]
    assert roman_value("ХХ") == 20 and roman_value("XIX") == 19


@pytest.mark.parametrize(
    ("lang", "label", "text"),
    [
        ("fr", "Principe 6. Consultations",
         "Les États qui fournissent des informations en vertu du principe 5 répondent rapidement aux demandes."),
        ("ru", "Руководящий принцип D.1",
         "Поощрение и поддержка изучения и разработки путей обеспечения устойчивого освоения космического пространства."),
        ("zh", "准则 A.4",
         "各国和各国际政府间组织应当在开展外层空间活动时考虑到国家监管框架的作用，并保护地球环境和空间环境，促进空间活动的长期可持续性。"),
    ],
)  # fmt: skip
def test_a_numbered_principle_over_unnumbered_text_labels_it(lang: str, label: str, text: str) -> None:
    """ST/SPACE/61/Rev.3 prints its principles and guidelines as a label over their text ("Principe 6.
    Consultations", "Руководящий принцип D.1", "准则 A.4"). Over a numbered paragraph the label heads it; over
    unnumbered text it was dropped as a caption, and "principle 6" found nothing. It now opens the text it names."""
    lines = [
        "Droit international de l'espace",
        "D. Principes relatifs aux sources d'énergie nucléaires",
        "Principe 5. Notification de retour",
        "1. Tout État qui lance un objet spatial ayant à son bord une source d'énergie nucléaire informe les États.",
        "2. Les informations sont fournies aussi tôt que possible et mises à jour aussi souvent que nécessaire.",
    ]
    if lang == "zh":
        lines[2:] = [
            "原则 5. 重返通知",
            "1. 发射载有核动力源的空间物体的任何国家应及时通知有关国家。",
            "2. 资料应尽早提供。",
        ]
    lines += [
        label,
        text,
    ]
    parsed = parse_text("\n\n".join(lines), lang=lang)
    assert f"{label} {text}" in [b.text for b in parsed.blocks]
    assert not any("caption" in w for w in parsed.warnings)


def test_a_short_heading_over_running_text_heads_it() -> None:
    """ST/SPACE/61/Rev.3 (fr) sets "Avant-propos", "Objectif de sûreté" over unnumbered running text, and A/81/6
    (Sect. 25) "Programme performance in 2025" over a result's title. Over a numbered paragraph such a heading
    was kept; over running text it was dropped as a caption, and the text stood under the heading before it. A
    short line of words over a long line of sentences now heads it; a line of figures, or a short line over
    another short one (a table's title over its rows), is still dropped."""
    lines = [
        "Cadre de sûreté pour les applications de sources d'énergie nucléaire dans l'espace",
        "1. Le présent cadre a été établi conjointement par le Sous-Comité scientifique et technique et l'AIEA.",
        "Objectif de sûreté",
        "L'objectif fondamental de sûreté est de protéger les personnes et l'environnement de la biosphère terrestre "
        "contre les dangers potentiels.",
        "Évolution 2001-2019",
        "2 000 000",
        "1 500 000",
    ]
    parsed = parse_text("\n\n".join(lines), lang="fr")
    running = next(b for b in parsed.blocks if b.text.startswith("L'objectif fondamental"))
    assert running.section == ("Objectif de sûreté",)
    assert [w.rsplit(": ", 1)[-1] for w in parsed.warnings if "caption" in w] == ["'Évolution 2001-2019'"]
