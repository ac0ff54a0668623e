"""Search the index: a question in, ranked source paragraphs with citations out.

>>> searcher = Searcher.open()                                  # doctest: +SKIP
>>> result = searcher.search("人居署的财务状况如何？", top_k=3)     # doctest: +SKIP
>>> result.hits[0].citation                                     # doctest: +SKIP
'HSP/HA/1/2, para. 34'
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from corpus.models import Paragraph
from corpus.symbols import resolve_reference
from index.embedding import Embedder, get_embedder
from index.store import LoadedIndex
from index.stores.base import IndexStore
from index.stores.local import LocalStore
from index.tokenization import tokenize
from qa.exceptions import QueryError
from qa.fusion import FusionWeights, fuse, lexical_weight
from qa.glossary import Glossary, load_glossary
from qa.language import detect_language
from qa.settings import Settings

__all__ = ["MAX_TOP_K", "MODES", "Hit", "SearchResult", "Searcher"]

MODES = ("hybrid", "dense", "bm25")
MAX_TOP_K = 50
POOL = 100
"""Candidates each side contributes before fusion."""


@dataclass(frozen=True)
class Hit:
    """One ranked source paragraph."""

    rank: int
    score: float
    doc_id: str
    symbol: str | None
    paragraph: str | None
    section: str
    text: str
    citation: str
    citation_zh: str
    source: str
    lines: tuple[int, int]

    @classmethod
    def of(cls, rank: int, score: float, paragraph: Paragraph) -> Hit:
        return cls(rank=rank, score=round(float(score), 6), **{**paragraph.to_dict(), "lines": paragraph.lines})

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lines"] = list(self.lines)
        return data


@dataclass(frozen=True)
class SearchResult:
    question: str
    mode: str
    took_ms: float
    language: str
    hits: list[Hit]
    terms: list[str]
    """The question's terms as the documents write them (Chinese glossary terms for English), for highlighting."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON that ``POST /ask`` and ``qa ask --json`` return."""
        return {
            "question": self.question,
            "mode": self.mode,
            "language": self.language,
            "took_ms": round(self.took_ms, 2),
            "terms": self.terms,
            "results": [h.to_dict() for h in self.hits],
        }


@dataclass(frozen=True)
class _Analysis:
    """What the lexical side reads of a question, worked out once per search."""

    tokens: list[str]
    coverage: float
    highlight: list[str]

    @property
    def references(self) -> set[str]:
        """Symbols and resolution numbers (``hsp/ha.1/res.5``, ``1/5``): the tokenizer keeps them whole."""
        return {t for t in self.tokens if "/" in t}


class Searcher:
    """The loaded index, the model and the glossary; safe to share between threads."""

    def __init__(
        self,
        index: LoadedIndex | IndexStore,
        embedder: Embedder,
        *,
        glossary: Glossary | None = None,
        weights: FusionWeights | None = None,
        max_question_chars: int = 2000,
    ) -> None:
        self.store: IndexStore = index if isinstance(index, IndexStore) else LocalStore(index)
        self.index = self.store  # ``.manifest`` and ``.documents``, as the loaded folder had them
        self.embedder = embedder
        self.glossary = glossary or load_glossary()
        self.weights = weights or FusionWeights()
        self.max_question_chars = max_question_chars
        self.documents: dict[str, dict[str, Any]] = {d["doc_id"]: d for d in self.store.documents}
        self.warm_up()

    def warm_up(self) -> None:
        """Load jieba's dictionary and touch the model now, not on the first question."""
        tokenize("联合国人居署")
        self.embedder.encode_queries(["warm up"])

    @classmethod
    def open(cls, settings: Settings | None = None, *, embedder: Embedder | None = None) -> Searcher:
        settings = settings or Settings()
        embedder = embedder or get_embedder(settings.model, settings.backend)
        from index.stores.factory import open_store

        store = open_store(settings, model=embedder.name, dim=embedder.dim)
        return cls(store, embedder, max_question_chars=settings.max_question_chars)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph (read from the store on each call: for evaluation, not for serving)."""
        return list(self.store.iter_paragraphs())

    # -- the public call ------------------------------------------------------------

    def search(
        self,
        question: str,
        *,
        top_k: int = 5,
        mode: str = "hybrid",
        documents: Sequence[str] | None = None,
    ) -> SearchResult:
        """Ranked source paragraphs for ``question``.

        ``documents`` restricts the search to documents given by doc_id or symbol.
        Raises :class:`QueryError` for an unusable question or option and
        :class:`NotFound` for an unknown document.
        """
        started = time.perf_counter()
        question = self._check_question(question)
        top_k = self._check_top_k(top_k)
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
        allowed = self._allowed_rows(documents)
        language = detect_language(question)
        analysis = self._analyse(question, language)

        if mode == "dense":
            ranked = sorted(self._dense(question, allowed).items(), key=lambda kv: (-kv[1], kv[0]))
        elif mode == "bm25":
            ranked = sorted(self._lexical(analysis.tokens, allowed).items(), key=lambda kv: (-kv[1], kv[0]))
        else:
            weight = lexical_weight(language, analysis.coverage, self.weights)
            dense = self._dense(question, allowed)
            lexical = self._lexical(analysis.tokens, allowed) if weight > 0 else {}
            bonus = self._citing_bonus(analysis.references, allowed)
            ranked = fuse(dense, lexical, lexical_weight=weight, bonus=bonus)

        found = self.store.get(key for key, _ in ranked[:top_k])
        hits = [Hit.of(rank, score, found[key]) for rank, (key, score) in enumerate(ranked[:top_k], start=1)]
        took = (time.perf_counter() - started) * 1000
        return SearchResult(
            question=question, mode=mode, took_ms=took, language=language, hits=hits, terms=analysis.highlight
        )

    def document_paragraphs(self, doc_id: str) -> list[Paragraph]:
        """A document's paragraphs in order (``doc_id`` as :meth:`resolve_document` returns it)."""
        return self.store.document_paragraphs(doc_id)

    # -- checks ---------------------------------------------------------------------

    def _check_question(self, question: object) -> str:
        if not isinstance(question, str):
            raise QueryError(f"the question must be a string, not {type(question).__name__}")
        cleaned = "".join(ch for ch in question if ch.isprintable() or ch in "\n\t").strip()
        if not cleaned:
            raise QueryError("the question is empty: type a question in Chinese or English")
        if len(cleaned) > self.max_question_chars:
            raise QueryError(f"the question is {len(cleaned)} characters long; the limit is {self.max_question_chars}")
        return cleaned

    @staticmethod
    def _check_top_k(top_k: object) -> int:
        if isinstance(top_k, bool) or not isinstance(top_k, int | np.integer):
            raise QueryError(f"top_k must be a whole number from 1 to {MAX_TOP_K}, not {top_k!r}")
        if not 1 <= int(top_k) <= MAX_TOP_K:
            raise QueryError(f"top_k must be from 1 to {MAX_TOP_K}, not {top_k}")
        return int(top_k)

    def resolve_document(self, ref: str) -> str:
        """A doc_id for a doc_id or a symbol."""
        return resolve_reference(ref, ((d, r.get("symbol")) for d, r in self.documents.items()))

    def _allowed_rows(self, documents: Sequence[str] | None) -> list[str] | None:
        if documents is None:
            return None
        if isinstance(documents, str) or not isinstance(documents, Sequence):
            raise QueryError("documents must be a list of doc_ids or symbols")
        if not documents:
            return None
        doc_ids: list[str] = []
        for ref in documents:
            if not isinstance(ref, str) or not ref.strip():
                raise QueryError("each entry of documents must be a non-empty doc_id or symbol")
            doc_ids.append(self.resolve_document(ref.strip()))
        return sorted(set(doc_ids))

    # -- the two sides ----------------------------------------------------------------

    def _dense(self, question: str, allowed: list[str] | None) -> dict[int, float]:
        vector = self.embedder.encode_queries([question])
        return self.store.dense_search(vector, POOL, documents=allowed)

    def lexical_query(self, question: str, language: str) -> tuple[list[str], float]:
        """BM25 query tokens, and the share of an English question the glossary covers."""
        analysis = self._analyse(question, language)
        return analysis.tokens, analysis.coverage

    def _analyse(self, question: str, language: str) -> _Analysis:
        if language == "zh":
            tokens = tokenize(question)
            highlight = [t for t in tokens if len(t) >= 2 or t.isdigit()]
            return _Analysis(tokens, 1.0, list(dict.fromkeys(highlight))[:30])
        expansion = self.glossary.expand(question)
        tokens = tokenize(expansion.text) if expansion.terms else []
        # Numbers, symbols and acronyms are read as they are: they match Chinese text too.
        tokens += [t for t in tokenize(question) if re.search(r"\d", t)]
        highlight = list(expansion.terms) + re.findall(r"\d+(?:[/.]\d+)*", question)
        return _Analysis(tokens, expansion.coverage, list(dict.fromkeys(highlight))[:30])

    def _lexical(self, tokens: list[str], allowed: list[str] | None) -> dict[int, float]:
        return self.store.lexical_search(tokens, POOL, documents=allowed)

    def _citing_bonus(self, references: set[str], allowed: list[str] | None) -> dict[int, float]:
        """A bonus for each reference of the question that a paragraph (or its section) cites."""
        counts = self.store.citing(references, documents=allowed)
        return {key: self.weights.symbol_bonus * n for key, n in counts.items()}
