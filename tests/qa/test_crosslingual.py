"""The cross-lingual path on committed material: Chinese questions about the English documents of
``eval/corpora/bilingual`` (our translation of HSP/HA.2/4 and the English-only report), searched on a
real index with the real model, with a cross-language lexical weight against the same-language one.

The shipped weights have no cross-language weight (on the ``tune`` split of the real English UN
documents it did not help: ``eval/results/crosslingual/``), so the shipped ranking is the
same-language one; the mechanism is tested with an explicit weight. Each language has its own dense
pool, its cosines read against the question's level in that language (``qa.fusion.standing``).

The index-time lexical view (:mod:`qa.crossterms`): English questions search Chinese paragraphs' English
view (shipped), Chinese questions English paragraphs' Chinese view (measured, not shipped: tested on an
index built with it on request)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from corpus.loading import load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.lexical import view_alternative
from qa.crossterms import CrossTerms
from qa.fusion import FusionWeights
from qa.retrieval import Searcher
from qa.service import build_from_settings
from qa.settings import PROJECT_ROOT, Settings
from tests.conftest import CORPUS_DIR
from tests.index.test_lexical import REPORT

ROWS = [
    json.loads(line)
    for line in (PROJECT_ROOT / "eval" / "questions" / "bilingual.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]
CHINESE = [r for r in ROWS if r["lang"] == "zh"]
ENGLISH = [r for r in ROWS if r["lang"] == "en"]


def _gold_rank(searcher: Searcher, row: dict[str, object]) -> int | None:
    gold = {(g["doc"], g["paragraph"]) for g in row["relevant"]}  # type: ignore[index, union-attr]
    hits = searcher.search(str(row["question"]), top_k=10).hits
    for hit in hits:
        found = {(hit.doc_id, hit.paragraph), *((v.doc_id, v.paragraph) for v in hit.versions)}
        if found & gold:
            return hit.rank
    return None


def _mrr(searcher: Searcher, rows: list[dict[str, object]]) -> float:
    ranks = [_gold_rank(searcher, r) for r in rows]
    return sum(1.0 / r for r in ranks if r) / len(ranks)


@pytest.fixture(scope="module")
def cross_weight(bilingual_searcher: Searcher) -> Searcher:
    """The same index and model, a Chinese question's English paragraphs weighted 0.8 on the lexical side."""
    weights = replace(bilingual_searcher.weights, zh_cross=0.8)
    return Searcher(bilingual_searcher.store, bilingual_searcher.embedder, weights=weights)


def test_shipped_weights_weigh_an_english_questions_chinese_paragraphs_by_their_own_weight() -> None:
    shipped = FusionWeights()
    assert shipped.cross("zh") is None, "a Chinese question's English paragraphs take its own weight"
    assert shipped.cross("en") == 0.65, "chosen on tune and dev; scaled by the share of words translated"


def test_a_cross_weight_ranks_chinese_questions_about_english_documents_differently(
    bilingual_searcher: Searcher, cross_weight: Searcher
) -> None:
    # A Chinese question's English paragraphs take the cross weight: the rankings change (with each
    # language's cosines read against that language's level, more lexical weight no longer helps here).
    before = [_gold_rank(bilingual_searcher, r) for r in CHINESE]
    after = [_gold_rank(cross_weight, r) for r in CHINESE]
    assert before != after
    assert _mrr(bilingual_searcher, CHINESE) > 0.85


def test_english_questions_are_unchanged_by_a_chinese_cross_weight(
    bilingual_searcher: Searcher, cross_weight: Searcher
) -> None:
    for row in ENGLISH[:15]:
        shipped = [(h.doc_id, h.paragraph) for h in bilingual_searcher.search(row["question"], top_k=5).hits]
        crossed = [(h.doc_id, h.paragraph) for h in cross_weight.search(row["question"], top_k=5).hits]
        assert shipped == crossed, row["id"]


def test_a_mixed_corpus_weighs_each_candidate_by_its_language(cross_weight: Searcher) -> None:
    query = cross_weight.analyse("城市热岛效应会让夜间气温升高多少？")
    dense = cross_weight._dense(query, None, None)
    lexical = cross_weight._lexical(query, None)
    known = cross_weight.store.get(dense)
    weights = cross_weight._row_weights(query, dense, lexical, known)
    assert isinstance(weights, dict) and set(weights) == set(dense) | set(lexical)
    for key, weight in weights.items():
        lang = cross_weight.versions.lang_of(known[key])
        assert weight == (0.6 if lang == "zh" else 0.8), (lang, weight)


def test_an_english_only_paragraph_comes_first_for_its_chinese_question(bilingual_searcher: Searcher) -> None:
    result = bilingual_searcher.search("有多少个屋顶刷了反光涂料，室内温度降低了多少？", top_k=3)
    assert (result.hits[0].doc_id, result.hits[0].paragraph) == ("en_only_urban_heat", "8")
    assert result.hits[0].lang == "en"


@pytest.mark.parametrize(
    ("question", "paragraph"),
    [
        ("哪些机构参与了这份高温报告的编写磋商？", "3"),  # written for this test, not in bilingual.jsonl
        ("很少有城市在哪一层级收集高温数据？", "6"),
    ],
)
def test_each_language_has_its_own_dense_pool(bilingual_searcher: Searcher, question: str, paragraph: str) -> None:
    """The model's cosines are higher within a language: one pool of the best cosines would hold the Chinese
    paragraphs only. Each language's pool is searched, and its cosines read against the question's mean cosine
    to that language's paragraphs (:func:`qa.fusion.standing`), so an English-only paragraph leads for its
    Chinese question, judged an answer."""
    pools = bilingual_searcher._dense_pools(None, bilingual_searcher.encode([question]))
    assert set(pools) == {"zh", "en"} and all(pools.values())
    result = bilingual_searcher.search(question, top_k=3)
    assert (result.hits[0].doc_id, result.hits[0].paragraph, result.hits[0].lang) == (
        "en_only_urban_heat",
        paragraph,
        "en",
    )
    assert result.answered


def test_a_paragraph_with_a_version_in_the_question_language_is_read_in_it(bilingual_searcher: Searcher) -> None:
    """HSP/HA.2/4 is here in Chinese and (paras 1-49) in English: a Chinese question reads its paragraphs in
    Chinese, not through the English version's cross-language cosine, which would put English versions
    of the wrong paragraphs above a Chinese answer."""
    question = "世界城市论坛第十一届会议在哪里举行？"
    query = bilingual_searcher.analyse(question)
    pools = bilingual_searcher._dense_pools(None, bilingual_searcher.encode([question]))
    known: dict[int, object] = {}
    own = bilingual_searcher._read_in_question_language("zh", pools, known)  # type: ignore[arg-type]
    english_000 = {k for k in pools["en"] if known[k].doc_id == "000_en"}  # type: ignore[attr-defined]
    assert own and own == english_000
    assert not own & {k for k in pools["en"] if known[k].doc_id == "en_only_urban_heat"}  # type: ignore[attr-defined]
    hit = bilingual_searcher.search(query, top_k=1).hits[0]
    assert hit.lang == "zh"


def test_a_one_language_corpus_fetches_no_paragraph_for_the_weights(searcher: Searcher) -> None:
    # The bundled corpus is all Chinese: an English question's weight is one number, no store read.
    query = searcher.analyse("How many people were homeless in 2022?")
    dense = searcher._dense(query, None, None)
    lexical = searcher._lexical(query, None)
    known: dict[int, object] = {}
    weight = searcher._row_weights(query, dense, lexical, known)  # type: ignore[arg-type]
    assert isinstance(weight, float) and not known


# -- the index-time lexical view (qa.crossterms) ------------------------------------------------


@pytest.fixture(scope="module")
def view_searcher(embedder: Embedder, index_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    """A real index (real model, FAISS) of one English report with English paragraphs' view in Chinese (built
    on request: the service builds the Chinese paragraphs' view only), Chinese questions searching it."""
    root = tmp_path_factory.mktemp("english-report")
    (root / "corpus").mkdir()
    (root / "corpus" / "report.txt").write_text(REPORT, encoding="utf-8")
    cache = EmbeddingCache(index_settings.cache_path)
    view = CrossTerms.load(languages=("en", "zh"))
    try:
        build_index(load_corpus(root / "corpus"), embedder, root / "index", cache=cache, progress=False, view=view)
    finally:
        cache.close()
    searcher = Searcher.open(Settings(index_dir=root / "index"), embedder=embedder)
    searcher.chinese_view = True
    return searcher


def test_the_service_searches_no_chinese_view_of_english_paragraphs(
    tmp_path: Path, embedder: Embedder, index_settings: Settings
) -> None:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "report.txt").write_text(REPORT, encoding="utf-8")
    settings = Settings(
        corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", cache_path=index_settings.cache_path
    )
    build_from_settings(settings, progress=False)
    shipped = Searcher.open(settings, embedder=embedder)
    assert shipped.store.lexical_view and shipped.english_view and not shipped.chinese_view
    assert shipped._lexical(shipped.analyse("非专用的部分"), None) == {}


def test_a_chinese_question_finds_an_english_paragraph_through_a_term_only_the_view_has(
    view_searcher: Searcher,
) -> None:
    assert view_searcher.store.lexical_view and view_searcher.index.manifest.view.startswith("crossterms-")
    query = view_searcher.analyse("非专用的部分")
    # No word of the question translates back into an English word of the report ("non-earmarked" is a
    # glossary term, which only the view reads): without the view, BM25 finds nothing.
    assert all(len(g.alternatives) == 1 for g in query.groups), query.groups
    off = Searcher(view_searcher.store, view_searcher.embedder, lexical_view=False)
    assert off._lexical(off.analyse("非专用的部分"), None) == {}
    found = view_searcher.search("非专用的部分", mode="bm25", top_k=3)
    assert [h.paragraph for h in found.hits] == ["1"] and found.hits[0].lang == "en"
    hybrid = view_searcher.search("非专用资金大幅减少", top_k=3)
    assert hybrid.hits[0].paragraph == "1" and hybrid.hits[0].citation == "HSP/EB.2099/1, para. 1"


def test_english_questions_over_english_paragraphs_rank_as_without_the_view(view_searcher: Searcher) -> None:
    # The report is English: its view is Chinese, which an English question's words never match.
    off = Searcher(view_searcher.store, view_searcher.embedder, lexical_view=False)
    for question in ("urban heat island at night", "Who met four times during the year?"):
        assert [(h.paragraph, h.score) for h in view_searcher.search(question, top_k=3).hits] == [
            (h.paragraph, h.score) for h in off.search(question, top_k=3).hits
        ]


@pytest.fixture(scope="module")
def bundled_view_searcher(
    embedder: Embedder, index_settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Searcher:
    """The bundled (Chinese) corpus indexed as the service indexes it: with the lexical view."""
    settings = Settings(
        corpus_dir=CORPUS_DIR,
        index_dir=tmp_path_factory.mktemp("bundled-view") / "index",
        cache_path=index_settings.cache_path,
    )
    build_from_settings(settings, progress=False)
    return Searcher.open(settings, embedder=embedder)


def test_an_english_question_finds_a_chinese_paragraph_through_the_english_view(
    bundled_view_searcher: Searcher,
) -> None:
    question = "Which major training institutions in Korea and Singapore does UN-Habitat keep working with?"
    query = bundled_view_searcher.analyse(question)
    # "Korea" finds no Chinese term of the corpus (韩国 is no token of its own there: jieba reads 韩国国际…),
    # but the paragraph's own tokens, written in English at index time, hold it.
    assert "korea" in query.untranslated
    groups = bundled_view_searcher._lexical_groups(query)
    assert (view_alternative("korea"),) in groups
    off = Searcher(bundled_view_searcher.store, bundled_view_searcher.embedder, lexical_view=False)
    on_hits = bundled_view_searcher.search(question, mode="bm25", top_k=5).hits
    off_hits = off.search(question, mode="bm25", top_k=5).hits
    gold = ("HSP/HA.2/4", "48")
    assert (on_hits[0].symbol, on_hits[0].paragraph) == gold
    off_gold = next(h for h in off_hits if (h.symbol, h.paragraph) == gold)
    assert on_hits[0].score > off_gold.score  # the view added "korea"'s evidence, no other word's
    only_korea = bundled_view_searcher.store.lexical_search([(view_alternative("korea"),)], 5)
    assert only_korea and not off.store.vocabulary.knows("korea")
