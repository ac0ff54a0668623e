"""qa.highlight: sentences split where a reader would, and the answering one marked."""

from __future__ import annotations

from qa.highlight import add_marks, mark_sentences, sentence_spans, term_spans
from qa.retrieval import Searcher


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_sentences_in_both_languages() -> None:
    assert _sentences("第一句。第二句；第三句！") == ["第一句。", "第二句；", "第三句！"]
    text = "The Board noted para. 19 of HSP/HA.2/4. It decided, e.g. on 2.5 million. Done? Yes"
    assert _sentences(text) == [
        "The Board noted para. 19 of HSP/HA.2/4.",
        "It decided, e.g. on 2.5 million.",
        "Done?",
        "Yes",
    ]
    assert _sentences("（a）第一项；\n（b）第二项") == ["（a）第一项；", "（b）第二项"]


def test_rare_terms_decide_the_sentence() -> None:
    texts = ["城市发展。无家可归者增加。城市规划。", "城市很多。", "城市化。"]
    marks = mark_sentences(texts, ["城市", "无家可归"])
    assert [texts[0][s:e] for s, e in marks[0]] == ["无家可归者增加。"]
    assert marks[1] == [] and marks[2] == [], "one-sentence paragraphs are not marked"
    assert mark_sentences(["甲。乙。"], ["丙"]) == [[]]


def test_term_spans_whole_words() -> None:
    text = "Agreements were signed; the agreement holds. Disagreement"
    assert [text[s:e] for s, e in term_spans(text, ["agreement"])] == ["Agreement", "agreement"]
    assert term_spans("人居署人居", ["人居署", "人居"]) == [(0, 3), (3, 5)]


def test_real_search_marks_the_answer(searcher: Searcher) -> None:
    data = add_marks(searcher.search("2022年全球有多少人无家可归？", top_k=5).to_dict())
    first = data["results"][0]
    assert first["citation"] == "HSP/HA.2/4, para. 19"
    marked = [first["text"][m["start"] : m["end"]] for m in first["marks"]]
    assert marked[0] == "2022 年，1.5 亿人无家可归。"
    assert all(len(h["marks"]) <= 2 for h in data["results"])
