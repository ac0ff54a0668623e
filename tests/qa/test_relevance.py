"""The relevance judgement on the real index: ``match`` per hit, ``answered`` per answer."""

from __future__ import annotations

import json

import pytest

from qa.exceptions import ConfigurationError
from qa.relevance import (
    DENSE_FEATURES,
    FEATURES,
    MATCHES,
    MODEL_PATH,
    Features,
    Logistic,
    RelevanceModel,
    agreement,
    asks,
    counted_words,
    holds_count,
    margin,
    reached_languages,
    unfit,
)
from qa.retrieval import Searcher
from qa.translation import TermGroup


def test_the_bundled_model_says_how_it_was_fitted() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    model = RelevanceModel.load()
    assert data["lexical"]["features"] == list(FEATURES) and len(model.lexical.coef) == len(FEATURES)
    assert data["dense"]["features"] == list(DENSE_FEATURES) and len(model.dense.coef) == len(DENSE_FEATURES)
    assert "same_language" not in FEATURES + DENSE_FEATURES
    assert data["fitted"]["split"] == "tune" and data["fitted"]["by"].startswith("python -m eval.calibrate_relevance")
    for part in (model.lexical, model.dense):
        assert 0 < part.related <= part.strong < 1


def _part(coef: tuple[float, ...], names: tuple[str, ...] = FEATURES) -> Logistic:
    return Logistic(names, intercept=-2.0, coef=coef, strong=0.8, related=0.5)


_COVERAGE_ONLY = tuple(4.0 if name == "coverage" else 0.0 for name in FEATURES)


def test_classes_follow_the_thresholds() -> None:
    model = RelevanceModel(lexical=_part(_COVERAGE_ONLY), dense=_part((8.0, 0.0, 0.0), DENSE_FEATURES))
    assert model.lexical.match(0.9) == "strong" and model.lexical.match(0.6) == "related"
    assert model.lexical.match(0.1) == "weak"
    assert model.judge(Features(dense=0.8, coverage=1.0, agreement=1.0)).match == "strong"
    assert model.judge(Features(dense=0.8, coverage=0.6, agreement=1.0)).match == "related"
    assert model.judge(Features(dense=0.8, coverage=0.0, agreement=1.0)).match == "weak"


def test_hits_the_question_cannot_reach_are_judged_on_meaning() -> None:
    # Coverage and agreement say nothing when the question's words cannot match the paragraph's language.
    model = RelevanceModel(lexical=_part(_COVERAGE_ONLY), dense=_part((8.0, 0.0, 0.0), DENSE_FEATURES))
    unreached = Features(dense=0.8, coverage=0.0, agreement=0.0, cross_lingual=1.0, lexical=False)
    assert model.part(unreached) is model.dense and model.judge(unreached).match == "strong"
    assert model.judge(Features(dense=0.8, coverage=0.0, agreement=0.0, cross_lingual=1.0)).match == "weak"


def test_a_broken_model_file_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "relevance.json"
    good = _part((1.0,) * len(FEATURES)).to_dict()
    dense = _part((1.0, 1.0, 1.0), DENSE_FEATURES).to_dict()
    bad.write_text(json.dumps({"lexical": {**good, "coef": [1, 2]}, "dense": dense}), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="coefficients"):
        RelevanceModel.load(bad)
    bad.write_text(
        json.dumps({"lexical": {**good, "features": ["same_language"] * len(FEATURES)}, "dense": dense}), "utf-8"
    )
    with pytest.raises(ConfigurationError, match="unknown features"):
        RelevanceModel.load(bad)
    bad.write_text(json.dumps({"lexical": good}), encoding="utf-8")
    with pytest.raises(ConfigurationError, match="'dense' part"):
        RelevanceModel.load(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="cannot read"):
        RelevanceModel.load(bad)
    bad.write_text(json.dumps({"lexical": {**good, "strong": 0.1, "related": 0.5}, "dense": dense}), "utf-8")
    with pytest.raises(ConfigurationError, match="thresholds"):
        RelevanceModel.load(bad)


def test_margin_is_the_distance_to_the_kth_dense_score() -> None:
    ranked = [0.9 - 0.01 * i for i in range(20)]
    assert margin(0.9, ranked, rank=10) == pytest.approx(0.09)
    assert margin(0.9, ranked[:3], rank=10) == pytest.approx(0.02), "fewer candidates: the last one"
    assert margin(0.5, []) == 0.0


def test_reached_languages() -> None:
    def group(alternatives: tuple[str, ...], origin: str) -> TermGroup:
        return TermGroup(source=alternatives[0], alternatives=alternatives, origin=origin)

    assert reached_languages([group(("无家可归",), "cedict"), group(("2022",), "number")]) == {"zh"}
    assert reached_languages([group(("全球", "world"), "chinese")]) == {"zh", "en"}
    assert reached_languages([group(("abri",), "fr"), group(("2022",), "number")]) == {"fr"}
    assert reached_languages([group(("2022",), "number")]) == set()


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What is the vacancy rate of posts?", "percentage"),
        ("人居署女性工作人员所占比例是多少？", "percentage"),
        ("What share of the budget goes to housing?", "percentage"),
        ("How much did the agency spend on travel in 2022?", "money"),
        ("内罗毕的平均房价是多少？", "money"),
        ("When did the Assembly meet?", "date"),
        ("In 2018, and when again?", "date"),
        ("Over which crimes can the Court act when the Council refers a case?", None),
        ("人居大会第三届会议将于哪一年举行？", "date"),
        ("How many countries took part?", "number"),
        ("城市繁荣倡议覆盖了多少个城市？", "number"),
        ("Who chairs the Executive Board?", None),
        ("What is the approved budget of the programme for 2023?", "money"),  # modifiers before the noun
        ("What was the estimated population of the city?", "number"),
        ("工作组建议用什么办法衡量人居署的效率？", None),
        ("人居署是否由谁提供资金？哪些国家参加了？", None),
    ],
)
def test_asks_reads_the_kind_of_answer(question: str, kind: str | None) -> None:
    asked = asks(question)
    assert (asked.name if asked else None) == kind


def test_unfit_wants_an_answer_of_the_kind_asked() -> None:
    percentage, money, date = asks("What percentage?"), asks("How much did it cost?"), asks("When?")
    assert unfit(percentage, ["Some 2,300 staff in 2022."]) == 1.0, "a figure is not a percentage"
    assert unfit(percentage, ["Some 2,300 staff in 2022.", "约 45% 的工作人员"]) == 0.0, "any version counts"
    assert unfit(money, ["预计赤字约为 550 万美元。"]) == 0.0 and unfit(money, ["US$ 3 million"]) == 0.0
    assert unfit(money, ["Seven cities applied to host the forum."]) == 1.0
    assert unfit(date, ["2019 年 6 月举行"]) == 0.0 and unfit(date, ["held in May"]) == 0.0
    assert unfit(date, ["人居署与内罗毕大学合作建立了中心。"]) == 1.0
    assert unfit(None, ["anything"]) == 0.0


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("How many staff does UN-Habitat employ at its Nairobi headquarters?", ("staff",)),
        ("How many county planners in Kenya were trained?", ("county", "planners")),
        ("How many countries took part?", ("countries",)),
        ("人居署有多少名联合国志愿人员？", ("联合国志愿人员",)),
        ("2022年城市十月活动有多少人参加？", ("人参加",)),
        ("人居署同地方和区域政府网络合作想达到哪几个目的？", ()),  # which ones, not how many
        ("What is the population of Nairobi?", ("population",)),
        ("What was the total number of cities in the programme?", ("cities",)),
        ("内罗毕的人口是多少？", ("人口",)),  # the noun before 是多少, after its last 的
        ("试点街区因高温住院的人数下降了多少？", ()),  # by how much it fell: no noun is counted
        ("What is the number?", ()),  # nothing named as counted
        ("Who chairs the Executive Board?", ()),
    ],
)
def test_counted_words_are_what_a_how_many_question_counts(question: str, counted: tuple[str, ...]) -> None:
    assert counted_words(question) == counted


def test_a_count_stands_next_to_what_it_counts() -> None:
    assert holds_count("肯尼亚约有 30 名郡规划人员接受了培训。", ["规划人员"])
    assert holds_count("与 500多万贫民窟居民合作", ["贫民窟"])
    assert holds_count("参加人数达 1 200", ["人数"]), "the figure may follow the word"
    assert not holds_count("肯尼亚约有 30 名郡规划人员接受了培训。", ["工作人员"])
    assert holds_count("some 30 county planners were trained", ["planner"]), "English words match as stems"
    assert holds_count("civil society organizations numbered 215", ["organization"])
    assert not holds_count("In 2022, the planners of the county met.", ["staff"])


def test_a_count_of_something_else_does_not_answer_how_many() -> None:
    number = asks("How many staff does UN-Habitat employ?")
    text = ["肯尼亚约有 30 名郡规划人员接受了培训。"]
    assert unfit(number, text) == 0.0, "without what is counted, any figure is a number"
    assert unfit(number, text, ["staff", "工作人员"]) == 1.0
    assert unfit(number, text, ["planner", "规划人员"]) == 0.0


@pytest.mark.parametrize(
    "question", ["What percentage of UN-Habitat staff work in Nairobi?", "人居署的预算中有百分之几用于住房？"]
)
def test_a_paragraph_without_the_kind_of_answer_asked_is_not_an_answer(searcher: Searcher, question: str) -> None:
    result = searcher.search(question, top_k=3)
    top = result.hits[0]
    assert not any(c in text for text in (top.text, *(v.text for v in top.versions)) for c in "%％")
    assert result.features[0].unfit == 1.0 and not result.answered


def test_agreement_is_the_worse_rank() -> None:
    assert agreement(1, 1) == 1.0 and agreement(1, 4) == 0.25 and agreement(3, None) == 0.0


def test_an_answered_question_has_a_strong_first_hit(searcher: Searcher) -> None:
    result = searcher.search("2022年全球有多少人无家可归？", top_k=5)
    assert result.answered
    assert result.hits[0].citation == "HSP/HA.2/4, para. 19" and result.hits[0].match == "strong"
    assert result.features[0].unfit == 0.0, "it asks for a number and the paragraph has one"
    assert all(h.match in MATCHES for h in result.hits)
    assert result.to_dict()["answered"] is True
    assert {"match", "relevance"} <= set(result.to_dict()["results"][0])


@pytest.mark.parametrize(
    "question",
    ["How many peacekeepers are deployed in the UN Mission in South Sudan?", "国际法院现任院长是谁？"],
)
def test_a_question_the_documents_do_not_answer(searcher: Searcher, question: str) -> None:
    result = searcher.search(question, top_k=5)
    assert not result.answered
    assert result.hits, "the closest paragraphs are still returned"
    assert all(h.match != "strong" for h in result.hits)


def test_the_judgement_reads_the_same_in_every_mode(searcher: Searcher) -> None:
    for mode in ("dense", "bm25", "hybrid"):
        result = searcher.search("How many peacekeepers are deployed in the UN Mission in South Sudan?", mode=mode)
        assert not result.answered, mode


def test_a_cited_paragraph_is_a_strong_match(searcher: Searcher) -> None:
    result = searcher.search("HSP/HA.2/4, para. 40", top_k=3)
    assert result.answered and result.hits[0].match == "strong" and result.hits[0].relevance == 1.0


def test_a_correct_cross_lingual_answer_is_answered(searcher: Searcher) -> None:
    # English and French questions about the Chinese documents: the right paragraph first, and a strong match.
    for question in (
        "How many people were homeless in 2022?",
        "Combien de personnes étaient sans abri dans le monde en 2022 ?",
    ):
        result = searcher.search(question, top_k=3)
        assert result.hits[0].citation == "HSP/HA.2/4, para. 19", question
        assert result.answered and result.features[0].cross_lingual == 1.0, question
    french = searcher.search("Combien de personnes étaient sans abri dans le monde en 2022 ?", top_k=1)
    assert not french.features[0].lexical, "French words cannot reach a Chinese paragraph: judged on meaning"


def test_a_chinese_question_about_an_english_only_document(bilingual_searcher: Searcher) -> None:
    result = bilingual_searcher.search("有多少个屋顶刷了反光涂料，室内温度降低了多少？", top_k=3)
    top = result.hits[0]
    assert (top.lang, top.paragraph) == ("en", "8") and not top.versions
    assert result.features[0].cross_lingual == 1.0 and result.features[0].lexical
    assert result.answered and top.match == "strong"


def test_an_english_question_about_its_english_version_is_answered(bilingual_searcher: Searcher) -> None:
    # Same language (the English translation of HSP/HA.2/4): no penalty for being in the question's language.
    result = bilingual_searcher.search("How many people were homeless worldwide in 2022?", top_k=3)
    assert result.hits[0].lang == "en" and result.hits[0].symbol == "HSP/HA.2/4"
    assert result.features[0].cross_lingual == 0.0 and result.answered


def test_calibration_reads_another_question_set(searcher: Searcher, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from eval.calibrate_relevance import collect, summarise

    questions = tmp_path / "other.jsonl"
    rows = [
        {
            "id": "o-1",
            "question": "2022年全球有多少人无家可归？",
            "lang": "zh",
            "split": "tune",
            "relevant": [{"doc": "HSP/HA.2/4", "paragraph": "19"}],
        },
        {
            "id": "o-2",
            "question": "How many people were homeless in 2022?",
            "lang": "en",
            "split": "test",
            "relevant": [{"doc": "HSP/HA.2/4", "paragraph": "19"}],
        },
    ]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    observations = collect(searcher, "tune", questions=questions, unanswerable_path=None)
    assert [o.id for o in observations] == ["o-1"], "the split's rows only, no unanswerable set"
    assert observations[0].gold_rank == 1 and observations[0].answered
    summary = summarise(observations, searcher.relevance)
    assert summary["answerable"]["gold first keeps answered/all"] == {"n": 1, "share": 1.0}
    assert summary["unanswerable"]["on-topic/all"]["n"] == 0
