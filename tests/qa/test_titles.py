"""The document level of the ranking: titles scored against the question, added once per document."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from corpus.loading import load_corpus
from index.tokenization import tokenize
from qa.fusion import FusionWeights
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT
from qa.titles import TitleIndex

STRATEGIC_PLAN = "Which intergovernmental organizations did UN-Habitat cooperate with on the strategic plan?"
"""Names words of one bundled title (HSP/HA.2/4/Add.2: *Cooperation with UN system entities,
intergovernmental organizations … in implementing the strategic plan 2020–2023*)."""


def _weighted(searcher: Searcher, title: float) -> Searcher:
    return Searcher(
        searcher.store,
        searcher.embedder,
        translator=searcher.translator,
        relevance=searcher.relevance,
        weights=replace(searcher.weights, title=title),
    )


def test_a_word_every_title_has_weighs_little_and_a_missing_word_most() -> None:
    titles = TitleIndex.build(
        [
            {"doc_id": "a", "title": "Report of the Court on the budget", "language": "en"},
            {"doc_id": "b", "title": "Report of the Committee on outer space", "language": "en"},
            {"doc_id": "c", "title": "Report of the Council", "language": "en"},
        ]
    )
    both = titles.scores([["report"], ["budget"]])
    assert set(both) == {"a", "b", "c"}
    assert both["a"] > 0.8 > 0.2 > both["b"] == both["c"]  # "report" is in every title
    # A question word no title holds lowers every share.
    assert titles.scores([["report"], ["budget"], ["elect"]])["a"] < both["a"]
    assert titles.scores([["elect"]]) == {}
    assert TitleIndex.build([]).scores([["report"]]) == {}


def test_both_titles_of_a_document_count(searcher: Searcher) -> None:
    # The bundled documents are Chinese with an English title: an English question reaches both.
    query = searcher.analyse(STRATEGIC_PLAN)
    shares = searcher.titles.scores([g.alternatives for g in query.groups])
    best = max(shares, key=lambda doc: shares[doc])
    assert searcher.documents[best]["symbol"] == "HSP/HA.2/4/Add.2"
    assert len(searcher.titles) == 10  # five documents, a Chinese and an English title each


def test_the_title_weight_adds_the_same_amount_to_every_paragraph_of_a_document(searcher: Searcher) -> None:
    assert FusionWeights().title == 0.0, "off by default: its gain on tune was within noise"
    plain, weighted = _weighted(searcher, 0.0), _weighted(searcher, 0.3)
    query = searcher.analyse(STRATEGIC_PLAN)
    shares = searcher.titles.scores([g.alternatives for g in query.groups])
    before = {(h.doc_id, h.entry): h.score for h in plain.search(query, top_k=50).hits}
    after = {(h.doc_id, h.entry): h.score for h in weighted.search(query, top_k=50).hits}
    common = set(before) & set(after)
    assert len(common) >= 30
    for doc, entry in common:
        assert after[(doc, entry)] - before[(doc, entry)] == pytest.approx(0.3 * shares.get(doc, 0.0), abs=2e-6)
    # The best-matching document's paragraphs move up.
    best = max(shares, key=lambda doc: shares[doc])
    top_before = [d for d, _ in sorted(before, key=lambda k: -before[k])[:10]]
    top_after = [d for d, _ in sorted(after, key=lambda k: -after[k])[:10]]
    assert top_after.count(best) > top_before.count(best)


def test_a_question_in_no_title_ranks_as_without_titles(searcher: Searcher) -> None:
    question = "全球有多少人无家可归？"
    query = searcher.analyse(question)
    assert searcher.titles.scores([g.alternatives for g in query.groups]) == {}
    plain = [(h.doc_id, h.entry, h.score) for h in _weighted(searcher, 0.0).search(query, top_k=10).hits]
    weighted = [(h.doc_id, h.entry, h.score) for h in _weighted(searcher, 0.3).search(query, top_k=10).hits]
    assert weighted == plain


REAL = ("A_RES_80_6-en.txt", "A_RES_80_14-en.txt", "A_RES_80_15-en.txt", "A_RES_80_54-en.txt")
RESOLUTIONS = PROJECT_ROOT / "eval" / "corpora" / "resolutions" / "files"


@pytest.mark.skipif(
    not all((RESOLUTIONS / name).is_file() for name in REAL),
    reason=f"the real resolutions are not in {RESOLUTIONS} (see eval/corpora/resolutions/SOURCES.md)",
)
def test_real_resolutions_the_question_names_its_resolutions_title(tmp_path: Path) -> None:
    for name in REAL:
        shutil.copyfile(RESOLUTIONS / name, tmp_path / name)
    corpus = load_corpus(tmp_path, root=tmp_path)
    titles = TitleIndex.build({"doc_id": d.doc_id, "title": d.info.title, "language": d.info.language} for d in corpus)
    symbols = {d.doc_id: d.symbol for d in corpus}

    def shares(question: str) -> dict[str | None, float]:
        groups = [[t] for t in dict.fromkeys(tokenize(question, lang="en"))]
        return {symbols[doc]: share for doc, share in titles.scores(groups).items()}

    # 80/54 "Treaty on the Prohibition of Nuclear Weapons" and 80/15 "Treaty for the Prohibition of Nuclear
    # Weapons in Latin America" hold the same four words of the question: the share counts the question's
    # words, not the title's others. 80/14 "African Nuclear-Weapon-Free Zone Treaty" holds fewer.
    tpnw = shares("When did the Treaty on the Prohibition of Nuclear Weapons enter into force?")
    assert tpnw["A/RES/80/54"] == tpnw["A/RES/80/15"] == max(tpnw.values())
    assert 0 < tpnw["A/RES/80/14"] < tpnw["A/RES/80/54"] < 1
    assert "A/RES/80/6" not in tpnw
    icc = shares("Who pays for the International Criminal Court's investigations?")
    assert set(icc) == {"A/RES/80/6"}
