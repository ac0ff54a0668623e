"""Footnotes kept: each bundled footnote on the paragraph that calls it (hand-checked), URLs kept, citable."""

from __future__ import annotations

import pytest

from corpus.citations import cite_footnote, cite_footnote_zh
from corpus.loading import Corpus
from corpus.parsing import parse_text
from index.build import lexical_text

# (document, paragraph, mark, words of the footnote) — checked by hand against the text files.
EXPECTED = [
    ("HSP/HA.2/4", "17", "1", "https://unhabitat.citiq.com/"),
    ("HSP/HA.2/4", "20", "2", "加快改造非正规住区和贫民窟的 2030 年全球行动计划"),
    ("HSP/HA.2/4", "23", "3", "2021 年国家城市政策全球状况"),
    ("HSP/HA.2/4", "39", "4", "阿尔及利亚、多民族玻利维亚国"),
    ("HSP/HA.2/4", "40", "5", "赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷"),
    ("HSP/HA.2/4/Add.2", "7", "1", "附件一提供了地方政府"),
    ("HSP/HA.2/4/Add.2", "42", "2", "https://www.eib.org/attachments/events/joint-communicue-africa-day-04032020.pdf"),
    ("HSP/HA/1/2", "8", "1", "所有以元为单位的数字均指美元"),
    ("HSP/HA/1/2", "59", "2", "www.sherpa4housing.org/"),
    ("HSP/HA/1/2", "65", "3", "第 26/5 号决议"),
    (
        "HSP/HA/1/2",
        "72",
        "4",
        "www.mile.org.za/AFUS2018/DocumentsAFUS2017/20%20Years%20of%20Safer%20Cities%20in%20Africa%20-%20Report.pdf",
    ),
    ("HSP/HA/1/2", "73", "5", "Guide-safety-audits_final_predesign_EN.pdf"),
]


@pytest.mark.parametrize(("doc", "number", "mark", "words"), EXPECTED, ids=[f"{d}-{n}" for d, n, _, _ in EXPECTED])
def test_footnote_on_its_paragraph(corpus: Corpus, doc: str, number: str, mark: str, words: str) -> None:
    p = corpus.paragraph(doc, number)
    assert [f.mark for f in p.footnotes] == [mark]
    assert words in p.footnotes[0].text
    assert words not in p.text  # the footnote is not glued into the paragraph's text


def test_every_numbered_footnote_is_placed_once(corpus: Corpus) -> None:
    placed = [(d.doc_id, f.mark) for d in corpus for p in d.paragraphs for f in p.footnotes]
    assert len(placed) == len(EXPECTED) == len(set(placed))
    # Agenda footnotes (*) are called from the front matter: they belong to the document.
    for doc in corpus:
        assert doc.footnotes and doc.footnotes[0].mark == "*", doc.doc_id
    assert [f.mark for f in corpus.resolve("HSP/HA.2/4/Add.2").footnotes] == ["*", "**"]


def test_footnote_is_indexed_and_citable(corpus: Corpus) -> None:
    p = corpus.paragraph("HSP/HA.2/4", "40")
    assert "坦佩雷" in lexical_text(p)
    assert "坦佩雷" not in p.text
    assert cite_footnote(p.citation, "5") == "HSP/HA.2/4, para. 40, footnote 5"
    assert cite_footnote_zh(p.citation_zh, "5") == "HSP/HA.2/4号文件第40段脚注5"
    assert p.to_dict()["footnotes"] == [{"mark": "5", "text": "赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。"}]


def test_explicit_footnotes_attach_by_superscript_call() -> None:
    """What the PDF and DOCX readers pass: call marks glued to words, footnote texts apart."""
    text = "1. 第一段提到城市⁵的数据。\n\n2. 第二段没有脚注。\n\n3. 第三段有两个⁶脚注⁷。\n"
    result = parse_text(text, footnotes=[("5", "五个城市。"), ("6", "六。"), ("7", "见 https://example.org/x。")])
    notes = {b.paragraph: [(f.mark, f.text) for f in b.footnotes] for b in result.blocks}
    assert notes == {"1": [("5", "五个城市。")], "2": [], "3": [("6", "六。"), ("7", "见 https://example.org/x。")]}
    assert "⁵" not in result.blocks[0].text


def test_footnote_without_a_call_is_kept_with_a_warning() -> None:
    result = parse_text("1. 一段。\n\n2. 二段。\n", footnotes=[("9", "无处引用。")])
    assert [f.text for f in result.document_footnotes] == ["无处引用。"]
    assert any("footnote 9" in w for w in result.warnings)


def test_notes_of_a_page_foot_read_as_one_line_are_apart_and_each_on_its_paragraph() -> None:
    """A PDF's page foot can come out as one line after the rule (A/RES/78/272: "¹ United Nations, Treaty
    Series, vol. 1833, No. 31363. ² Resolutions 75/239 … ³ A/CONF.232/2023/4."): each next mark in sequence
    starts a note of its own, which goes to the paragraph that calls it; ``km²`` inside a note stays text."""
    text = (
        "Resolution adopted by the General Assembly\n\n"
        "The General Assembly,\n\n"
        "Recalling the Convention,¹ and its resolutions,²\n\n"
        "1. Welcomes the Agreement,³ which covers the high seas;\n\n"
        "__________________ ¹ United Nations, Treaty Series, vol. 1833, No. 31363. ² Resolutions 75/239 and "
        "77/248. ³ A/CONF.232/2023/4, an area of 10 000 km² in all.\n\n"
        "2. Decides to remain seized of the matter.\n"
    )
    blocks = parse_text(text, lang="en").blocks
    notes = {n.mark: (b.paragraph, n.text) for b in blocks for n in b.footnotes}
    assert notes["1"] == (None, "United Nations, Treaty Series, vol. 1833, No. 31363.")
    assert notes["2"] == (None, "Resolutions 75/239 and 77/248.")
    assert notes["3"] == ("1", "A/CONF.232/2023/4, an area of 10 000 km² in all.")


def test_numbered_notes_after_a_starred_one_on_the_same_line_are_apart() -> None:
    """A/C.3/80/L.16: the first page's foot opens with the sponsor's note ("* On behalf of …"), then ¹ ² ³ on the
    same line. The starred note took them all, and the preamble's calls found no note."""
    text = (
        "Djibouti:* draft resolution\n\n"
        "Inclusive policies and programmes to address homelessness\n\n"
        "The General Assembly,\n\n"
        "Recalling the World Summit for Social Development¹ and the twenty-fourth special session,²\n\n"
        "Recalling the International Covenant on Economic, Social and Cultural Rights,³\n\n"
        "__________________ * On behalf of the States Members of the United Nations that are members of the Group "
        "of African States. ¹ Report of the World Summit for Social Development, chap. I. ² Resolution S-24/2, "
        "annex. ³ Resolution 2200 A (XXI), annex.\n\n"
        "1. Calls upon States to address homelessness.\n"
    )
    result = parse_text(text, lang="en")
    notes = {n.mark: n.text for b in result.blocks for n in b.footnotes}
    assert notes == {
        "1": "Report of the World Summit for Social Development, chap. I.",
        "2": "Resolution S-24/2, annex.",
        "3": "Resolution 2200 A (XXI), annex.",
    }


def test_a_units_power_is_text_not_a_footnote_call() -> None:
    """ "an area of 400.000 km²" (ISBA/19/C/17 in Spanish), "7m² of living space" (A/HRC/WG.6/34/SVN/3): the
    ² is the unit's power. It stays in the text and calls no note; a call after a comma is still a call."""
    text = (
        "Report\n\n1. The area covers 10 000 km² of the high seas and 5 m³ of water,³ in all.\n\n"
        "__________________ ³ Three.\n\n2. Decides.\n"
    )
    block = parse_text(text, lang="en").blocks[0]
    assert block.text == "The area covers 10 000 km² of the high seas and 5 m³ of water, in all."
    assert [n.mark for n in block.footnotes] == ["3"]
