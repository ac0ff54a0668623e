"""The local store's dense side: the paragraph/window mix of index/windows.py, checked against numpy
over the real model's vectors on a small real corpus (two documents, 26 paragraphs, 34 windows)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from corpus.loading import Corpus, load_corpus
from index.build import build_index, embed_passages
from index.cache import EmbeddingCache
from index.embedding import Embedder
from index.stores.base import paragraph_key
from index.stores.local import LocalStore
from index.windows import ALPHA, paragraph_windows
from qa.settings import Settings
from tests.conftest import CORPUS_DIR

DOCS = {"004_723cbf81696a18db": "004_723cbf81696a18db.txt", "001_2a97e9fcc96299fc": "001_2a97e9fcc96299fc.txt"}
QUESTIONS = [
    "人居署 2021 年执行成果要点",  # doc 004
    "冠状病毒病大流行对任务执行的影响",
    "专家组会议在墨西哥瓜达拉哈拉举行",  # doc 001
    "How is gender equality supported through the work of UN-Habitat?",
    "城乡联系",
]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("windows-corpus")
    for name in DOCS.values():
        shutil.copy(CORPUS_DIR / name, root / name)
    return root


def _build(small: Path, target: Path, embedder: Embedder, cache_path: Path, windows: int) -> tuple[Corpus, LocalStore]:
    corpus = load_corpus(small)
    cache = EmbeddingCache(cache_path)
    try:
        # sentence windows alone: the contextual window is checked in tests/index/test_windows.py
        build_index(corpus, embedder, target, cache=cache, progress=False, windows=windows, context_window=False)
    finally:
        cache.close()
    return corpus, LocalStore.open(target, model=embedder.name, dim=embedder.dim)


@pytest.fixture(scope="module")
def windowed(
    small: Path, tmp_path_factory: pytest.TempPathFactory, embedder: Embedder, index_settings: Settings
) -> tuple[Corpus, LocalStore]:
    return _build(small, tmp_path_factory.mktemp("windowed") / "index", embedder, index_settings.cache_path, 2)


@pytest.fixture(scope="module")
def expected(windowed: tuple[Corpus, LocalStore], embedder: Embedder, index_settings: Settings) -> dict[str, object]:
    """Each paragraph's vector and all its windows' vectors, from the real model (through the shared cache)."""
    corpus, _ = windowed
    cache = EmbeddingCache(index_settings.cache_path)
    try:
        paragraphs, _, _ = embed_passages(embedder, [p.text for p in corpus.paragraphs], cache=cache, progress=False)
        windows = [
            embed_passages(embedder, paragraph_windows(p.text), cache=cache, progress=False)[0]
            for p in corpus.paragraphs
        ]
    finally:
        cache.close()
    keys = [paragraph_key(p.doc_id, p.ordinal) for p in corpus.paragraphs]
    return {"paragraphs": paragraphs, "windows": windows, "keys": keys, "doc": [p.doc_id for p in corpus.paragraphs]}


def _exact(expected: dict[str, object], q: np.ndarray, *, doc: str | None = None) -> dict[int, float]:
    """The mixed score of every (allowed) paragraph, best first, computed over all of its windows."""
    paragraphs: np.ndarray = expected["paragraphs"]  # type: ignore[assignment]
    windows: list[np.ndarray] = expected["windows"]  # type: ignore[assignment]
    keys: list[int] = expected["keys"]  # type: ignore[assignment]
    docs: list[str] = expected["doc"]  # type: ignore[assignment]
    scores = {
        keys[i]: float((1 - ALPHA) * paragraphs[i] @ q + ALPHA * np.max(windows[i] @ q))
        for i in range(len(keys))
        if doc is None or docs[i] == doc
    }
    return dict(sorted(scores.items(), key=lambda kv: -kv[1]))


@pytest.mark.parametrize("question", QUESTIONS)
def test_dense_search_returns_the_paragraph_window_mix(
    question: str, windowed: tuple[Corpus, LocalStore], expected: dict[str, object], embedder: Embedder
) -> None:
    _, store = windowed
    q = embedder.encode_queries([question])
    exact = _exact(expected, q[0])
    every = store.dense_search(q, len(exact))
    assert list(every) == list(exact)
    assert list(every.values()) == pytest.approx(list(exact.values()), abs=1e-5)
    top = store.dense_search(q, 5)  # candidates: 5 paragraphs ∪ owners of the 15 best windows
    assert list(top) == list(exact)[:5]
    assert list(top.values()) == pytest.approx(list(exact.values())[:5], abs=1e-5)


def test_the_mix_differs_from_the_paragraph_cosine(
    windowed: tuple[Corpus, LocalStore], expected: dict[str, object], embedder: Embedder
) -> None:
    """Not a no-op: for a paragraph of several windows the score is not its paragraph cosine."""
    _, store = windowed
    q = embedder.encode_queries([QUESTIONS[1]])[0]
    paragraphs: np.ndarray = expected["paragraphs"]  # type: ignore[assignment]
    keys: list[int] = expected["keys"]  # type: ignore[assignment]
    windows: list[np.ndarray] = expected["windows"]  # type: ignore[assignment]
    found = store.dense_search(q, len(keys))
    several = [i for i, w in enumerate(windows) if len(w) > 1]
    lone = [i for i, w in enumerate(windows) if len(w) == 1]
    assert several and lone
    assert all(found[keys[i]] == pytest.approx(float(paragraphs[i] @ q), abs=1e-5) for i in lone)
    assert sum(abs(found[keys[i]] - float(paragraphs[i] @ q)) > 1e-3 for i in several) >= len(several) // 2


@pytest.mark.parametrize("doc", list(DOCS))
def test_a_document_filter_restricts_the_window_candidates(
    doc: str, windowed: tuple[Corpus, LocalStore], expected: dict[str, object], embedder: Embedder
) -> None:
    _, store = windowed
    docs: list[str] = expected["doc"]  # type: ignore[assignment]
    keys: list[int] = expected["keys"]  # type: ignore[assignment]
    for question in QUESTIONS:
        q = embedder.encode_queries([question])
        exact = _exact(expected, q[0], doc=doc)
        found = store.dense_search(q, 5, documents=[doc])
        assert {docs[keys.index(k)] for k in found} == {doc}
        assert list(found) == list(exact)[:5]
        assert list(found.values()) == pytest.approx(list(exact.values())[:5], abs=1e-5)
    assert store.dense_search(embedder.encode_queries([QUESTIONS[0]]), 5, documents=["no-such-doc"]) == {}


def test_windows_off_is_the_paragraph_cosine(
    small: Path,
    tmp_path_factory: pytest.TempPathFactory,
    embedder: Embedder,
    index_settings: Settings,
    expected: dict[str, object],
) -> None:
    _, store = _build(small, tmp_path_factory.mktemp("plain") / "index", embedder, index_settings.cache_path, 0)
    assert store.loaded.windows is None
    paragraphs: np.ndarray = expected["paragraphs"]  # type: ignore[assignment]
    keys: list[int] = expected["keys"]  # type: ignore[assignment]
    q = embedder.encode_queries([QUESTIONS[3]])
    cosines = paragraphs @ q[0]
    order = np.argsort(-cosines)[:10]
    found = store.dense_search(q, 10)
    assert list(found) == [keys[i] for i in order]
    assert list(found.values()) == pytest.approx(cosines[order].tolist(), abs=1e-5)


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_window_index_takes_the_paragraph_index_type(
    kind: str,
    small: Path,
    tmp_path: Path,
    embedder: Embedder,
    index_settings: Settings,
    windowed: tuple[Corpus, LocalStore],
) -> None:
    corpus = load_corpus(small)
    cache = EmbeddingCache(index_settings.cache_path)
    try:
        build_index(
            corpus, embedder, tmp_path / "index", cache=cache, progress=False, faiss_type=kind, context_window=False
        )
    finally:
        cache.close()
    store = LocalStore.open(tmp_path / "index")
    assert store.loaded.windows is not None and store.loaded.windows.dense.kind == store.loaded.dense.kind == kind
    _, flat = windowed
    for question in QUESTIONS:
        q = embedder.encode_queries([question])
        got, exact = store.dense_search(q, 5), flat.dense_search(q, 5)  # a small index: both searches are exact
        assert list(got) == list(exact) and list(got.values()) == pytest.approx(list(exact.values()), abs=1e-5)
