"""The lexical view: a second BM25 index, row for row, over each paragraph's terms in the other language,
built, written, read back and scored through marked alternatives (real bm25s, the real dictionary, a real
index folder with the real model and FAISS)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from corpus.loading import load_corpus
from index.build import build_index, build_lexical
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.folder import FORMAT_VERSION, SEAL_KEY, _seal, load_index
from index.lexical import LexicalIndex, view_alternative
from qa.crossterms import CrossTerms
from qa.exceptions import IndexIncompatible
from qa.settings import Settings

REPORT = """HSP/EB.2099/1

Distr.: General
1 January 2099

Original: English

Executive Board of the United Nations Human Settlements Programme

Funding of the Programme

Report of the Executive Director

1. Contributions to the non-earmarked fund fell sharply during the reporting period.

2. The urban heat island effect makes densely built districts warmer at night.

3. The Committee of Permanent Representatives met four times during the year.
"""


@pytest.fixture(scope="module")
def view() -> CrossTerms:
    """English paragraphs' view in Chinese as well (the service builds the Chinese paragraphs' view only)."""
    return CrossTerms.load(languages=("en", "zh"))


@pytest.fixture(scope="module")
def english_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("english-corpus")
    (root / "report.txt").write_text(REPORT, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(
    english_corpus: Path,
    embedder: Embedder,
    index_settings: Settings,
    view: CrossTerms,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    target = tmp_path_factory.mktemp("view-index") / "index"
    cache = EmbeddingCache(index_settings.cache_path)
    try:
        build_index(load_corpus(english_corpus), embedder, target, cache=cache, progress=False, view=view)
    finally:
        cache.close()
    return target


def test_view_alternatives_are_scored_in_the_view_and_count_once(view: CrossTerms, english_corpus: Path) -> None:
    paragraphs = load_corpus(english_corpus).paragraphs
    lexical = build_lexical(paragraphs, view=view)
    assert lexical.view is not None and lexical.view.size == lexical.size == len(paragraphs)
    funds = [i for i, p in enumerate(paragraphs) if "non-earmarked" in p.text]
    scores = lexical.phrase_scores(view_alternative("专用"))
    assert np.flatnonzero(scores).tolist() == funds
    assert not lexical.phrase_scores("专用").any()  # the paragraphs' own terms hold no Chinese
    assert lexical.knows(view_alternative("专用")) and lexical.document_frequency(view_alternative("专用")) == 1
    # A word's alternatives, view included, score their best, never their sum.
    both = lexical.group_scores([["fund", view_alternative("资金")]])
    best = np.maximum(lexical.phrase_scores("fund"), lexical.phrase_scores(view_alternative("资金")))
    assert np.allclose(both, best) and both[funds[0]] > 0


def test_an_index_without_a_view_scores_view_alternatives_as_nothing(english_corpus: Path) -> None:
    lexical = build_lexical(load_corpus(english_corpus).paragraphs)
    assert lexical.view is None
    assert not lexical.phrase_scores(view_alternative("专用")).any() and not lexical.knows(view_alternative("专用"))
    plain = LexicalIndex.build(["Contributions to the non-earmarked fund"], languages=["en"])
    assert not plain.group_scores([[view_alternative("专用")]]).any()


def test_the_view_is_written_and_read_back_with_its_id(built: Path, view: CrossTerms) -> None:
    loaded = load_index(built)
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["format_version"] == FORMAT_VERSION == 3 and manifest["view"] == view.id
    assert any(name.startswith("bm25_view/") for name in manifest["files"])
    assert loaded.lexical.view is not None and loaded.lexical.view.size == len(loaded.paragraphs)
    assert loaded.lexical.phrase_scores(view_alternative("专用")).any()


def test_a_build_without_the_view_is_another_index(
    built: Path, english_corpus: Path, embedder: Embedder, index_settings: Settings, tmp_path: Path
) -> None:
    target = tmp_path / "index"
    cache = EmbeddingCache(index_settings.cache_path)
    try:
        plain = build_index(load_corpus(english_corpus), embedder, target, cache=cache, progress=False)
    finally:
        cache.close()
    assert plain.manifest.view == "" and load_index(target).lexical.view is None
    assert not (target / "bm25_view").exists()
    assert plain.manifest.fingerprint != load_index(built).manifest.fingerprint  # adding the view rebuilds


def test_an_index_of_the_previous_format_is_refused_with_the_rebuild_hint(built: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    for path in built.rglob("*"):
        if path.is_file():
            (old / path.relative_to(built)).parent.mkdir(parents=True, exist_ok=True)
            (old / path.relative_to(built)).write_bytes(path.read_bytes())
    manifest = json.loads((old / "manifest.json").read_text())
    manifest["format_version"] = 2
    del manifest["view"]
    manifest.pop(SEAL_KEY)
    (old / "manifest.json").write_text(json.dumps({**manifest, SEAL_KEY: _seal(manifest)}))
    with pytest.raises(IndexIncompatible, match="format 2, this program reads format 3.*qa index --rebuild"):
        load_index(old)
