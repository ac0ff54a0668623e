"""Sentence windows: how paragraphs are split, which windows get vectors, and the score mix; the contextual
window (the document's title and section, then the paragraph) on the real model."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from corpus.loading import Corpus, load_corpus
from index.build import build_index
from index.cache import EmbeddingCache
from index.dense import DenseIndex
from index.embedding import Embedder
from index.folder import MANIFEST, SEAL_KEY, _seal, load_index
from index.passages import passage_text
from index.stores.local import LocalStore
from index.windows import ALPHA, WindowIndex, mixed_scores, paragraph_windows, plan_windows, window_key
from qa.service import build_from_settings
from qa.settings import Settings

CITING = (
    "As noted in HSP/HA.2/4, para. 19, homelessness rose by 1.5 per cent in 2022. "
    "The Executive Board took note of the report. "
    "It decided to act, e.g. by funding housing programmes."
)


def test_windows_are_two_consecutive_sentences_with_stride_one() -> None:
    assert paragraph_windows(CITING) == [
        "As noted in HSP/HA.2/4, para. 19, homelessness rose by 1.5 per cent in 2022. "
        "The Executive Board took note of the report.",
        "The Executive Board took note of the report. It decided to act, e.g. by funding housing programmes.",
    ]
    assert paragraph_windows("第一句。第二句！第三句？第四句。") == [
        "第一句。第二句！",
        "第二句！第三句？",
        "第三句？第四句。",
    ]
    assert paragraph_windows(CITING, size=1)[0].endswith("in 2022.")


@pytest.mark.parametrize(
    "text",
    [
        "See para. 19 of HSP/HA.2/4, where 1.5 million people are counted.",  # one sentence, not split
        "The Board met in Nairobi. It adopted decision 2023/1.",  # two sentences: one window
        "执行局通过了第 HSP/EB.2023/1 号决定。",
        "",
    ],
)
def test_at_most_two_sentences_are_one_window_the_text_itself(text: str) -> None:
    assert paragraph_windows(text) == [text]


def test_only_paragraphs_with_several_windows_are_planned(corpus: Corpus) -> None:
    doc = corpus.documents["004_723cbf81696a18db"]
    paragraphs = list(doc.paragraphs)
    plan = plan_windows(paragraphs, {}, size=2, context=False)
    per_paragraph = [paragraph_windows(p.text) for p in paragraphs]
    assert len(plan) == sum(len(w) for w in per_paragraph if len(w) > 1) > 0
    assert plan.texts == [w for ws in per_paragraph if len(ws) > 1 for w in ws]
    assert list(plan.owner) == sorted(plan.owner) and set(plan.owner) == {
        i for i, ws in enumerate(per_paragraph) if len(ws) > 1
    }
    assert len(plan_windows(paragraphs, {}, size=0, context=False)) == 0
    titled = plan_windows(paragraphs, {doc.doc_id: "Title"}, size=2, context=True)
    assert titled.texts[0].startswith("Title") and titled.texts[0].endswith(plan.texts[0])


def test_window_keys_are_stable_and_distinct() -> None:
    keys = {window_key(owner, n) for owner in (1, 2, 2**62) for n in range(5)}
    assert len(keys) == 15 and all(0 < k < 2**63 for k in keys)
    assert window_key(7, 0) == window_key(7, 0)


def test_mixed_scores_take_the_best_window_and_keep_a_lone_paragraph() -> None:
    paragraph = np.array([0.8, 0.6, 0.5], dtype=np.float32)
    window = np.array([0.9, 0.7, 0.4, 0.3], dtype=np.float32)
    owner = np.array([0, 0, 2, 2])  # candidate 1 has no windows of its own: one window, itself
    got = mixed_scores(paragraph, window, owner)
    expected = [(1 - ALPHA) * 0.8 + ALPHA * 0.9, 0.6, (1 - ALPHA) * 0.5 + ALPHA * 0.4]
    assert got == pytest.approx(expected)
    assert mixed_scores(paragraph, np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)) == pytest.approx(
        paragraph
    )


def test_window_index_finds_the_windows_of_paragraphs() -> None:
    vectors = np.eye(5, 8, dtype=np.float32)
    index = WindowIndex(DenseIndex.build(vectors), np.array([0, 0, 2, 2, 2]), paragraphs=4)
    rows, position = index.rows_of([2, 1, 0])
    assert rows.tolist() == [2, 3, 4, 0, 1] and position.tolist() == [0, 0, 0, 2, 2]
    assert index.dense.vectors(rows).tolist() == vectors[[2, 3, 4, 0, 1]].tolist()
    with pytest.raises(ValueError, match="ascending"):
        WindowIndex(DenseIndex.build(vectors), np.array([0, 2, 1, 3, 3]), paragraphs=4)
    with pytest.raises(ValueError, match="5 window vectors for 2"):
        WindowIndex(DenseIndex.build(vectors), np.array([0, 1]), paragraphs=4)


# Two General Assembly resolutions written for these tests: operative paragraphs say "the Treaty" and "the
# Convention" without naming them; only the document's title (its numbered title line) names the instrument.
RESOLUTIONS = {
    "tpnw.txt": """General Assembly Distr.: General 1 December 2035

Resolution adopted by the General Assembly on 1 December 2035

90/1. Treaty on the Prohibition of Nuclear Weapons

The General Assembly,

Recalling its earlier resolutions on the subject,

1. Welcomes the entry into force of the Treaty on 22 January 2021;

2. Calls upon all States that have not yet done so to sign and ratify the Treaty at the earliest possible date;

3. Requests the Secretary-General to report to it at its ninety-first session on the implementation of the present
resolution.
""",
    "cluster.txt": """General Assembly Distr.: General 1 December 2035

Resolution adopted by the General Assembly on 1 December 2035

90/2. Implementation of the Convention on Cluster Munitions

The General Assembly,

Recalling its earlier resolutions on the subject,

1. Welcomes the entry into force of the Convention on 1 August 2010;

2. Calls upon all States that have not yet done so to join the Convention as soon as possible. It notes the
progress made in clearing contaminated land. It encourages assistance to the victims;

3. Requests the Secretary-General to report to it at its ninety-first session on the implementation of the present
resolution.
""",
}
NAMED_BY_TITLE = [
    "When did the Treaty on the Prohibition of Nuclear Weapons enter into force?",
    "Since when is the nuclear weapons ban treaty in force?",
]


def write_resolutions(root: Path) -> Path:
    """The two resolutions above as a corpus folder (also used by the Milvus store's tests)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in RESOLUTIONS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_contextual_passage_is_the_last_window_of_every_paragraph(corpus: Corpus) -> None:
    doc = corpus.documents["004_723cbf81696a18db"]
    paragraphs = list(doc.paragraphs)
    titles = {doc.doc_id: "Title"}
    plan = plan_windows(paragraphs, titles, size=2, context=False, context_window=True)
    expected: list[str] = []
    for p in paragraphs:
        own = paragraph_windows(p.text)  # a one-window paragraph: [its text], stored as window 0
        expected += [*own, passage_text(p, "Title", context=True)]
    assert plan.texts == expected
    assert set(plan.owner) == set(range(len(paragraphs))) and list(plan.owner) == sorted(plan.owner)
    lone = next(row for row, p in enumerate(paragraphs) if len(paragraph_windows(p.text)) == 1)
    first = int(np.searchsorted(plan.owner, lone))
    assert plan.texts[first : first + 2] == [
        paragraphs[lone].text,
        passage_text(paragraphs[lone], "Title", context=True),
    ]
    assert plan.number[plan.owner == lone].tolist() == [0, 1] and plan.texts[first + 1].startswith("Title")
    # Without sentence windows each paragraph has two: itself and its contextual passage.
    bare = plan_windows(paragraphs, titles, size=0, context=False, context_window=True)
    assert bare.texts[::2] == [p.text for p in paragraphs]
    assert bare.texts[1::2] == [passage_text(p, "Title", context=True) for p in paragraphs]


@pytest.fixture(scope="module")
def resolution_stores(
    tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, index_settings: Settings
) -> dict[bool, LocalStore]:
    """The two resolutions indexed with and without the contextual window (the real model and FAISS)."""
    root = tmp_path_factory.mktemp("context-window")
    corpus = load_corpus(write_resolutions(root / "corpus"))
    cache = EmbeddingCache(index_settings.cache_path)
    try:
        for flag in (False, True):
            build_index(corpus, embedder, root / f"index-{flag}", cache=cache, progress=False, context_window=flag)
    finally:
        cache.close()
    return {flag: LocalStore.open(root / f"index-{flag}") for flag in (False, True)}


def _ranking(store: LocalStore, embedder: Embedder, question: str) -> list[tuple[str, str | None, float]]:
    found = store.dense_search(embedder.encode_queries([question]), 10)
    paragraphs = store.get(found)
    return [(paragraphs[k].symbol or "", paragraphs[k].paragraph, score) for k, score in found.items()]


@pytest.mark.parametrize("question", NAMED_BY_TITLE)
def test_a_short_paragraph_is_found_through_its_documents_title(
    question: str, resolution_stores: dict[bool, LocalStore], embedder: Embedder
) -> None:
    """ "Welcomes the entry into force of the Treaty" names no treaty: with the contextual window the question
    naming the treaty finds it first, its document's paragraphs above the other resolution's."""
    gold = ("A/RES/90/1", "1")
    plain = _ranking(resolution_stores[False], embedder, question)
    ranked = _ranking(resolution_stores[True], embedder, question)
    assert ranked[0][:2] == gold
    assert [symbol for symbol, _, _ in ranked[:4]] == ["A/RES/90/1"] * 4
    assert any(symbol == "A/RES/90/2" for symbol, _, _ in plain[:4])  # without it the other treaty's paragraphs mix in

    def margin(ranking: list[tuple[str, str | None, float]]) -> float:
        score = {(symbol, number): s for symbol, number, s in ranking}
        return score[gold] - max(s for symbol, _, s in ranking if symbol == "A/RES/90/2")

    assert margin(ranked) > margin(plain) + 0.02


def test_the_contextual_window_scores_as_one_more_window(
    resolution_stores: dict[bool, LocalStore], embedder: Embedder
) -> None:
    """The stored score is ½·cos(paragraph) + ½·max(windows ∪ {contextual}), the paragraph vector plain."""
    loaded = resolution_stores[True].loaded
    assert loaded.manifest.context_window and loaded.windows is not None
    paragraph_vectors = loaded.dense.vectors(np.arange(len(loaded.paragraphs)))
    plain = resolution_stores[False].loaded.dense.vectors(np.arange(len(loaded.paragraphs)))
    assert np.allclose(paragraph_vectors, plain)  # the paragraph vector stays plain
    q = embedder.encode_queries([NAMED_BY_TITLE[0]])[0]
    found = resolution_stores[True].dense_search(q.reshape(1, -1), 10)
    for row, p in enumerate(loaded.paragraphs):
        windows = loaded.windows.dense.vectors(loaded.windows.rows_of([row])[0])
        assert len(windows) == len(paragraph_windows(p.text)) + 1
        expected = (1 - ALPHA) * float(paragraph_vectors[row] @ q) + ALPHA * float(np.max(windows @ q))
        key = int(resolution_stores[True].keys[row])
        assert found[key] == pytest.approx(expected, abs=1e-5)


def test_the_context_window_option_rebuilds_and_an_older_index_is_not_mixed(
    tmp_path: Path, embedder: Embedder, index_settings: Settings
) -> None:
    settings = Settings(
        corpus_dir=write_resolutions(tmp_path / "corpus"),
        index_dir=tmp_path / "index",
        cache_path=index_settings.cache_path,
        context_window=False,
    )
    off = build_from_settings(settings, progress=False)
    assert not off.manifest.context_window
    # An index written before the option existed has no `context_window` in its manifest: it reads as off…
    path = tmp_path / "index" / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["context_window"], data[SEAL_KEY]
    data[SEAL_KEY] = _seal(data)
    path.write_text(json.dumps(data), encoding="utf-8")
    assert not load_index(tmp_path / "index").manifest.context_window
    assert not build_from_settings(settings, progress=False).rebuilt
    # …and asking for the option rebuilds it, every paragraph then holding its contextual window.
    on = build_from_settings(Settings(**{**settings.model_dump(), "context_window": True}), progress=False)
    loaded = load_index(tmp_path / "index")
    assert on.rebuilt and loaded.manifest.context_window and loaded.manifest.fingerprint != off.manifest.fingerprint
    assert loaded.windows is not None and set(loaded.windows.owner.tolist()) == set(range(len(loaded.paragraphs)))
    assert on.windows_embedded + on.windows_cached == len(loaded.paragraphs) * 2 + 1  # one paragraph has 2 windows
