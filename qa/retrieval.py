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
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any, cast

import numpy as np

from corpus.language import LANGUAGES
from corpus.models import Footnote, Paragraph
from corpus.ods import ods_url
from corpus.symbols import find_symbols, resolve_version
from index.embedding import Embedder, get_embedder
from index.folder import LoadedIndex
from index.lexical import view_alternative
from index.stores.base import IndexStore, Outline, paragraph_key
from index.stores.local import LocalStore
from index.tokenization import STOPWORDS, stem, tokenize
from qa.exceptions import NotFound, QueryError
from qa.fusion import FusionWeights, fuse, lexical_weight, row_weights, standing
from qa.glossary import Glossary, load_glossary
from qa.query import Query, QueryAnalyser
from qa.references import read_references
from qa.relevance import (
    Features,
    Judgement,
    RelevanceModel,
    agreement,
    asks,
    counted_words,
    coverage,
    group_terms,
    load_model,
    margin,
    reached_languages,
    unfit,
)
from qa.settings import Settings
from qa.titles import TitleIndex
from qa.translation import Translator
from qa.versions import Version, Versions

__all__ = ["MAX_TOP_K", "MODES", "Hit", "Query", "SearchResult", "Searcher"]

MODES = ("hybrid", "dense", "bm25")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_ENGLISH_ORIGINS = frozenset({"glossary", "cedict", "english"})
MAX_TOP_K = 50
POOL = 100
"""Candidates each side contributes before fusion."""
SAMPLE = 256
"""Paragraphs per language whose cosines give a question's level in that language (:func:`qa.fusion.standing`)."""


@dataclass(frozen=True)
class Hit:
    """One ranked source paragraph: its rank, its score and the paragraph's own fields."""

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
    footnotes: tuple[Footnote, ...] = ()
    entry: str = ""
    """The id that opens the entry (``19``, ``summary``, ``annex, rows 1-30``)."""
    lang: str = "zh"
    ods_url: str | None = None
    """The document on the UN's Official Document System, in this paragraph's language."""
    versions: tuple[Version, ...] = ()
    """The same paragraph in the other language versions of the document."""
    match: str = "weak"
    """``strong`` (likely answers the question), ``related`` or ``weak`` (see :mod:`qa.relevance`)."""
    relevance: float = 0.0
    """The calibrated probability that this paragraph answers the question."""

    @classmethod
    def of(
        cls,
        rank: int,
        score: float,
        paragraph: Paragraph,
        *,
        versions: Sequence[Version] = (),
        judgement: Judgement | None = None,
    ) -> Hit:
        return cls(
            rank=rank,
            score=round(float(score), 6),
            **{**paragraph.to_dict(), "lines": paragraph.lines, "footnotes": paragraph.footnotes},
            ods_url=ods_url(paragraph.symbol, paragraph.lang),
            versions=tuple(versions),
            match=judgement.match if judgement else "weak",
            relevance=judgement.probability if judgement else 0.0,
        )

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["lines"] = list(self.lines)
        data["footnotes"] = [f.to_dict() for f in self.footnotes]
        data["versions"] = [v.to_dict() for v in self.versions]
        return data


@dataclass(frozen=True)
class SearchResult:
    question: str
    mode: str
    took_ms: float
    language: str
    hits: list[Hit]
    terms: list[str]
    """The question's terms as the documents write them (Chinese terms for English), for highlighting."""
    notes: list[str] = field(default_factory=list)
    """What the reader should know about this ranking (dense only: nothing translated; a long question cut…)."""
    query: Query | None = field(default=None, compare=False, repr=False)
    answered: bool = False
    """Whether the best hit is a ``strong`` match: the documents likely answer the question."""
    features: list[Features] = field(default_factory=list, compare=False, repr=False)
    """Each hit's relevance features (for calibration: ``eval/calibrate_relevance.py``)."""
    timings: dict[str, float] = field(default_factory=dict, compare=False, repr=False)
    """Where ``took_ms`` went, in ms: ``analyse`` (the question), ``encode`` (waiting for the model), ``rank``."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON that ``POST /ask`` and ``qa ask --json`` return."""
        return {
            "question": self.question,
            "mode": self.mode,
            "language": self.language,
            "took_ms": round(self.took_ms, 2),
            "answered": self.answered,
            "terms": self.terms,
            "notes": list(self.notes),
            "results": [h.to_dict() for h in self.hits],
        }


def _union(pools: dict[str, dict[int, float]]) -> dict[int, float]:
    if len(pools) == 1:
        return next(iter(pools.values()))
    merged: dict[int, float] = {}
    for pool in pools.values():
        merged.update(pool)
    return merged


class Searcher:
    """The loaded index, the model and the question analyser; safe to share between threads."""

    def __init__(
        self,
        index: LoadedIndex | IndexStore,
        embedder: Embedder,
        *,
        glossary: Glossary | None = None,
        translator: Translator | None = None,
        weights: FusionWeights | None = None,
        max_question_chars: int = 2000,
        relevance: RelevanceModel | None = None,
        lexical_view: bool = True,
    ) -> None:
        self.store: IndexStore = index if isinstance(index, IndexStore) else LocalStore(index)
        self.index = self.store  # ``.manifest`` and ``.documents``, as the loaded folder had them
        self.embedder = embedder
        self.weights = weights or FusionWeights()
        self.relevance = relevance or load_model()
        self.max_question_chars = max_question_chars
        self.lexical_view = lexical_view and self.store.lexical_view
        """Whether the question's words also search the lexical view (:meth:`_lexical_groups`)."""
        self.english_view = True
        """An English question's words also search Chinese paragraphs' English view (measured on ``tune``: kept)."""
        self.chinese_view = False
        """A Chinese question's words also search English paragraphs' Chinese view, in an index built with one
        (``CrossTerms(languages=("en", "zh"))``; measured on ``tune``: not kept, ``eval/results/crosslingual/``)."""
        self.translator = translator or Translator.load(glossary=glossary or load_glossary())
        self.analyser = QueryAnalyser(self.translator, self.store.vocabulary, max_chars=max_question_chars)
        # Only the document records are held here; paragraphs are read from the store as a ranking needs them.
        self.documents: dict[str, dict[str, Any]] = {
            d["doc_id"]: {**d, "ods_url": ods_url(d.get("symbol"), d.get("language"))} for d in self.store.documents
        }
        self.versions = Versions(self.store, self.documents)
        self.documents_by_language: dict[str, list[str]] = {}
        """doc_ids per document language: in a corpus of several, each language's dense pool is its own."""
        for doc_id, record in self.documents.items():
            self.documents_by_language.setdefault(str(record.get("language") or "zh"), []).append(doc_id)
        self.languages = frozenset(self.documents_by_language)
        """The documents' languages: with one, no paragraph is read to weigh the fusion per language."""
        self.language_pools = True
        """Each document language has its own dense pool, read against the question's level in that language
        (:func:`qa.fusion.standing`); off: one pool of the best cosines, as before
        (``eval/experiments/language_pools.py`` measures both)."""
        self.warm_up()

    @cached_property
    def titles(self) -> TitleIndex:
        """The documents' titles, for the document level of the ranking (:mod:`qa.titles`); built when first
        used, not at start-up (the shipped ``FusionWeights.title`` is 0)."""
        return TitleIndex.build(self.documents.values())

    def warm_up(self) -> None:
        """Load jieba's dictionary, the translator's tables (~0.3 s, once per process) and touch the
        model now, not on the first question."""
        self.translator.warm_up()
        self.analyse("联合国人居署")
        self.embedder.encode_queries(["warm up"])

    @classmethod
    def open(cls, settings: Settings | None = None, *, embedder: Embedder | None = None) -> Searcher:
        settings = settings or Settings()
        embedder = embedder or get_embedder(
            settings.model, settings.backend, max_query_tokens=settings.max_question_tokens
        )
        from qa.stores import open_store

        store = open_store(settings, model=embedder.name, dim=embedder.dim)
        return cls(store, embedder, max_question_chars=settings.max_question_chars)

    @property
    def paragraphs(self) -> list[Paragraph]:
        """Every paragraph, document by document, read from the store (for listings and tests, not for search)."""
        return list(self.store.iter_paragraphs())

    # -- the public calls -----------------------------------------------------------

    def analyse(self, question: object) -> Query:
        """The question as the searcher reads it (raises :class:`QueryError` when it cannot be searched)."""
        return self.analyser.analyse(question)

    def encode(self, questions: Sequence[str]) -> np.ndarray:
        """Question vectors in one batch call, for :meth:`search`'s ``query_vector``."""
        return self.embedder.encode_queries(list(questions))

    def search(
        self,
        question: str | Query,
        *,
        top_k: int = 5,
        mode: str = "hybrid",
        documents: Sequence[str] | None = None,
        query_vector: np.ndarray | None = None,
        lang: str | None = None,
    ) -> SearchResult:
        """Ranked source paragraphs for ``question``.

        ``documents`` restricts the search to documents given by doc_id or symbol;
        ``query_vector`` is the question's embedding when it was encoded already (batch evaluation);
        ``lang`` is the language whose version of a paragraph leads (default: the question's).
        Raises :class:`QueryError` for an unusable question or option and
        :class:`NotFound` for an unknown document.
        """
        started = time.perf_counter()
        top_k = self._check_top_k(top_k)
        chosen_lang = self._check_lang(lang) if lang is not None else None
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}: use one of {', '.join(MODES)}")
        allowed = self._allowed_docs(documents)
        # Both sides are computed in every mode: the relevance judgement reads them. The model starts
        # on the question first; analysis, citations and BM25 run while it encodes.
        text = question.text if isinstance(question, Query) else self.analyser.clean(question)
        pending = self.embedder.submit_queries([text]) if query_vector is None else None
        query = question if isinstance(question, Query) else self.analyser.analyse(question, cleaned=text)
        analysed = time.perf_counter()
        prefer = chosen_lang or query.language
        notes = list(query.notes)

        direct, cite_notes, absent = self._cited_keys(query, allowed)
        notes.extend(cite_notes)
        ranked: list[tuple[int, float]]
        known: dict[int, Outline] = {}
        lexical = self._lexical(query, allowed) if query.groups else {}
        encode_s = 0.0
        if pending is None:
            vector = cast(np.ndarray, query_vector)  # the caller's, encoded already
        else:
            asked = time.perf_counter()
            vector = pending.result()
            encode_s = time.perf_counter() - asked
        pools = self._dense_pools(allowed, vector)
        dense = _union(pools)
        if mode == "dense":
            ranked = sorted(dense.items(), key=lambda kv: (-kv[1], kv[0]))
        elif mode == "bm25":
            ranked = sorted(lexical.items(), key=lambda kv: (-kv[1], kv[0]))
        else:
            same = lexical_weight(query.language, bool(query.groups), self.weights)
            fused_lexical = lexical if same > 0 else {}
            weight: float | dict[int, float] = same
            if fused_lexical:
                known = self.store.outlines(dense)
                guarded = self._guard_lists(known)
                weight = self._row_weights(query, dense, lexical, known)
            else:
                guarded = set()
            bonus = self._citing_bonus(query, allowed)
            outside, outside_notes = self._outside_bonus(query, list(dict.fromkeys([*dense, *lexical])))
            notes.extend(outside_notes)
            for key, value in outside.items():
                bonus[key] = bonus.get(key, 0.0) + value
            for key, value in self._title_bonus(query, dense, lexical, known).items():
                bonus[key] = bonus.get(key, 0.0) + value
            if len(pools) > 1:  # each language's cosines read against the question's level in that language
                dense_scores = standing(
                    pools,
                    references=self._references(vector),
                    drop=self._read_in_question_language(query.language, pools, known),
                )
            else:
                dense_scores = dense
            ranked = fuse(
                dense_scores,
                fused_lexical,
                lexical_weight=weight,
                bonus=bonus,
                lexical_only=guarded,
            )

        if direct:
            top = max((score for _, score in ranked[:1]), default=0.0)
            first = [(key, top + 1.0) for key in direct]
            named = set(direct)
            ranked = first + [(key, score) for key, score in ranked if key not in named]
        collapsed = self.versions.collapse(
            ranked, prefer=prefer, limit=top_k, keep=None if allowed is None else set(allowed), known=known
        )
        if direct:
            cited = ", ".join(collapsed.paragraphs[key].citation for key in direct[:3] if key in collapsed.paragraphs)
            notes.append(f"the question names {cited}: shown first")
        judgements = self._judge(query, collapsed.groups, collapsed.paragraphs, pools, lexical, set(direct))
        if cite_notes and not direct and query.only_citation:
            # The question is nothing but a citation of ours that does not exist: the paragraphs
            # found by searching it are near the cited document, not an answer to it.
            judgements = [_at_most_related(j) for j in judgements]
        if absent:
            # The question asks for a paragraph of a document not held here: only a paragraph that
            # cites that document may answer it.
            judgements = [
                j
                if absent.intersection(s.upper() for s in find_symbols(collapsed.paragraphs[g.lead].text))
                else _at_most_related(j)
                for g, j in zip(collapsed.groups, judgements, strict=True)
            ]
        hits = [
            Hit.of(
                rank,
                group.score,
                collapsed.paragraphs[group.lead],
                versions=self.versions.versions(group, collapsed.paragraphs),
                judgement=judgement,
            )
            for rank, (group, judgement) in enumerate(zip(collapsed.groups, judgements, strict=True), start=1)
        ]
        took = (time.perf_counter() - started) * 1000
        if mode != "bm25" and query_vector is None:
            cut = self.embedder.prepare_query(query.text).note
            if cut:
                notes.append(cut)
        return SearchResult(
            question=query.text,
            mode=mode,
            took_ms=took,
            language=query.language,
            hits=hits,
            terms=list(query.highlight),
            notes=notes,
            query=query,
            answered=bool(hits) and hits[0].match == "strong",
            features=[j.features for j in judgements],
            timings={
                "analyse": (analysed - started) * 1000,
                "encode": encode_s * 1000,
                "rank": took - (analysed - started + encode_s) * 1000,
            },
        )

    def document_paragraphs(self, doc_id: str) -> list[Paragraph]:
        """A document's paragraphs in order (``doc_id`` as :meth:`resolve_document` returns it)."""
        return self.store.document_paragraphs(doc_id)

    def _judge(
        self,
        query: Query,
        groups: Sequence[Any],
        paragraphs: dict[int, Paragraph],
        pools: dict[str, dict[int, float]],
        lexical: dict[int, float],
        direct: set[int],
    ) -> list[Judgement]:
        """Each hit's relevance (:mod:`qa.relevance`); a paragraph the question cites is a strong match.

        A hit's dense features (score, margin, rank) are read within its own language's pool, as the
        model was calibrated on a corpus of one language (:meth:`_dense_pools`)."""
        dense = _union(pools)
        ranked_pools = {lang: sorted(pool.items(), key=lambda kv: (-kv[1], kv[0])) for lang, pool in pools.items()}
        dense_rank = {key: r for ranked in ranked_pools.values() for r, (key, _) in enumerate(ranked, 1)}
        pool_scores = {lang: [score for _, score in ranked] for lang, ranked in ranked_pools.items()}
        pool_of = {key: lang for lang, pool in pools.items() for key in pool}
        first_pool = next(iter(pool_scores.values()), [])
        lexical_rank = {key: r for r, (key, _) in enumerate(sorted(lexical.items(), key=lambda kv: (-kv[1], kv[0])), 1)}
        floor = min(dense.values(), default=0.0)
        size = max(1, int(self.store.manifest.paragraphs))
        # English words that found no term and are not used as they are by English paragraphs.
        as_is = {g.source for g in query.groups if g.origin == "english"}
        missing = sum(1 for w in query.untranslated if w not in as_is) if query.language == "en" else 0
        reached = reached_languages(query.groups)
        kind = asks(query.normalized)
        counted = self._counted_terms(query) if kind is not None and kind.name == "number" else ()
        held = self.store.terms_in([k for g in groups for k in (g.lead, *g.others)], group_terms(query.groups))
        judgements: list[Judgement] = []
        for group in groups:
            keys = [group.lead, *group.others]
            texts = [(p.text, self.versions.lang_of(p)) for p in (paragraphs[k] for k in keys if k in paragraphs)]
            tokens = [held.get(k, frozenset()) for k in keys if k in paragraphs]
            best, best_key = max(((dense.get(k, floor), k) for k in keys), default=(floor, group.lead))
            # A paragraph only BM25 found is measured against its document language's pool.
            own_pool = pool_of.get(best_key) or (
                self.versions.lang_of(paragraphs[best_key]) if best_key in paragraphs else ""
            )
            features = Features(
                dense=best,
                margin=margin(best, pool_scores.get(own_pool) or first_pool),
                coverage=coverage(query.groups, tokens, vocabulary=self.store.vocabulary, size=size, missing=missing),
                agreement=max(agreement(dense_rank.get(k), lexical_rank.get(k)) for k in keys),
                cross_lingual=float(all(lang != query.language for _, lang in texts)),
                unfit=unfit(kind, (text for text, _ in texts), counted),
                lexical=any(lang in reached for _, lang in texts),
            )
            judgement = self.relevance.judge(features)
            if direct.intersection(keys):
                judgement = Judgement(probability=1.0, match="strong", features=features)
            judgements.append(judgement)
        if judgements and judgements[0].match != "strong":
            # The best paragraph does not answer: no paragraph below it is shown as an answer either.
            judgements = [_at_most_related(j) for j in judgements]
        return judgements

    def _counted_terms(self, query: Query) -> tuple[str, ...]:
        """What a "how many" question counts (:func:`qa.relevance.counted_words`), as paragraphs of either language
        may write it: its words (English ones as stems) and the translations the question's analysis found for
        them, with a word's first one-character sense (``people`` → 人, ``years`` → 年: counts are written
        "30 人", "三十年")."""
        words = counted_words(query.text)
        if not words:
            return ()
        if query.language == "zh":
            tokens = tokenize(words[0])
            own = [t for t in tokens if len(t) > 1] + ([tokens[0]] if tokens and len(tokens[0]) == 1 else [])
        else:
            own = [stem(w) for w in words if w not in STOPWORDS]
        sources = set(own) | set(words)
        translated = [a for g in query.groups if sources.intersection(g.source.lower().split()) for a in g.alternatives]
        single = []
        if query.language == "en":
            for word in own:
                first = next((c for c in self.translator.lookup.get(word, []) if len(c) == 1), None)
                if first:
                    single.append(first)
        return tuple(dict.fromkeys([*own, *translated, *single]))

    @cached_property
    def _language_samples(self) -> dict[str, np.ndarray]:
        """Up to ``SAMPLE`` paragraph vectors of each document language (read once, when first needed)."""
        return {
            language: self.store.sample_vectors(docs, SAMPLE) for language, docs in self.documents_by_language.items()
        }

    def _references(self, vector: np.ndarray) -> dict[str, float]:
        """The question's mean cosine to an ordinary paragraph of each language (:func:`qa.fusion.standing`)."""
        query = np.asarray(vector, dtype=np.float32).reshape(-1)
        return {lang: float((sample @ query).mean()) for lang, sample in self._language_samples.items() if len(sample)}

    def _read_in_question_language(
        self, language: str, pools: dict[str, dict[int, float]], known: dict[int, Outline]
    ) -> set[int]:
        """The candidates of other languages' pools whose paragraph has a version in the question's language.

        Such a paragraph is read in the question's language (a cosine within one language says more
        than one across languages): its version there is a candidate of its own, and the group of
        versions is ranked once (:meth:`Versions.collapse`). The outlines read land in ``known``."""
        if not self.versions.multilingual:
            return set()
        cross = [k for lang, pool in pools.items() if lang != language for k in pool]
        missing = [k for k in cross if k not in known]
        if missing:
            known.update(self.store.outlines(missing))
        groups = {k: g for k in cross if k in known and (g := self.versions.group_of(known[k])) is not None}
        members = self.versions.members(list(set(groups.values())))
        return {k for k, g in groups.items() if language in members.get(g, {})}

    # -- checks ---------------------------------------------------------------------

    @staticmethod
    def _check_top_k(top_k: object) -> int:
        if isinstance(top_k, bool) or not isinstance(top_k, int | np.integer):
            raise QueryError(f"top_k must be a whole number from 1 to {MAX_TOP_K}, not {top_k!r}")
        if not 1 <= int(top_k) <= MAX_TOP_K:
            raise QueryError(f"top_k must be from 1 to {MAX_TOP_K}, not {top_k}")
        return int(top_k)

    @staticmethod
    def _check_lang(lang: object) -> str:
        code = lang.strip().lower() if isinstance(lang, str) else None
        if code not in LANGUAGES:
            raise QueryError(f"unknown lang {lang!r}: use one of {', '.join(LANGUAGES)}")
        return code

    def resolve_document(self, ref: str, lang: str | None = None) -> str:
        """A doc_id for a doc_id, a symbol, or the session label ``qa corpus`` prints for a document
        without a symbol (``HSP/EB.2020`` or ``(HSP/EB.2020)``) when only one such document has it.
        Of a symbol's language versions: the one in ``lang`` if given, else the Chinese (or first) one."""
        wanted = self._check_lang(lang) if lang is not None else None
        try:
            return resolve_version(
                ref,
                ((d, r.get("symbol"), str(r.get("language") or "zh")) for d, r in self.documents.items()),
                lang=wanted,
            )
        except NotFound:
            label = ref.strip().strip("()").strip().upper()
            by_session = [
                d
                for d, r in self.documents.items()
                if not r.get("symbol") and label in {str(r.get(k) or "").upper() for k in ("session", "session_label")}
            ]
            if len(by_session) == 1:
                return by_session[0]
            raise

    def _find_document(self, symbol: str) -> str | None:
        try:
            return self.resolve_document(symbol)
        except NotFound:
            return None

    def _allowed_docs(self, documents: Sequence[str] | None) -> list[str] | None:
        """The doc_ids a ``documents`` filter names (``None``: every document)."""
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
            doc = self.resolve_document(ref.strip())
            symbol = self.documents[doc].get("symbol") if doc != ref.strip() else None
            # A symbol names all its language versions; a doc_id names one document.
            doc_ids.extend([d for d, r in self.documents.items() if symbol and r.get("symbol") == symbol] or [doc])
        return sorted(set(doc_ids))

    # -- citations ----------------------------------------------------------------------

    def _cited_keys(self, query: Query, allowed: list[str] | None) -> tuple[list[int], list[str], set[str]]:
        """Paragraphs the question names outright (a paragraph of a document, or a whole document),
        notes on cited paragraphs that do not exist, and the symbols (upper case) of cited documents not
        held here. A bare ``paragraph 12`` counts only when the search is restricted to one document."""
        wanted: list[tuple[str | None, str]] = []  # (doc_id or None for the one allowed document, number)
        absent: list[str] = []  # symbols cited with a paragraph number that no document here has
        one_document = allowed is not None and len({self.documents[d].get("symbol") or d for d in allowed}) == 1
        for ref in query.paragraph_refs:
            if ref.symbol is None:
                if one_document:
                    wanted.append((None, ref.paragraph))
                continue
            doc = self._find_document(ref.symbol)
            if doc and (allowed is None or doc in allowed):
                wanted.append((doc, ref.paragraph))
            elif doc is None:
                absent.append(ref.symbol)
        keys: list[int] = []
        notes = [
            f"{symbol} is not among these documents: the question was searched instead"
            for symbol in dict.fromkeys(absent)
        ]
        if wanted:
            found = self.store.find_entries({number for _, number in wanted}, documents=allowed)
            for doc, number in wanted:
                docs = [doc] if doc is not None else [d for d in self.documents if (d, number) in found]
                hits = [found[(d, number)] for d in docs if (d, number) in found]
                if not hits and doc is not None:
                    name = self.documents[doc].get("symbol") or doc
                    notes.append(f"{name} has no paragraph {number}: the question was searched instead")
                keys.extend(k for k in hits if k not in keys)
        if not keys and query.only_citation and not query.paragraph_refs:
            # A bare document symbol: the document from its start.
            for symbol in query.symbols:
                doc = self._find_document(symbol)
                if doc and (allowed is None or doc in allowed):
                    keys.extend(paragraph_key(p.doc_id, p.ordinal) for p in self.store.document_paragraphs(doc))
        return keys[: 2 * MAX_TOP_K], notes, {symbol.upper() for symbol in absent}

    def _outside_bonus(self, query: Query, candidates: Sequence[int]) -> tuple[dict[int, float], list[str]]:
        """Paragraphs citing a resolution or decision whose paragraph the question names (``paragraph 3
        of resolution 1/1``): a bonus for citing the instrument, twice that for citing that paragraph."""
        if not query.outside_refs:
            return {}, []
        paragraphs = self.store.get(candidates)
        bonus: dict[int, float] = {}
        for key in candidates:
            p = paragraphs.get(key)
            if p is None:
                continue
            cited = read_references(p.text, ())
            numbers = set(cited.instruments)
            for ref in query.outside_refs:
                if ref.number in numbers:
                    same = any(o.number == ref.number and o.paragraph == ref.paragraph for o in cited.outside)
                    bonus[key] = bonus.get(key, 0.0) + self.weights.symbol_bonus * (2.0 if same else 1.0)
        named = "; ".join(f"paragraph {r.paragraph} of {r.kind} {r.number}" for r in query.outside_refs)
        return bonus, [f"{named}: not a paragraph of these documents; paragraphs citing it come first"]

    # -- the two sides ----------------------------------------------------------------

    def _dense(self, query: Query, allowed: list[str] | None, vector: np.ndarray | None) -> dict[int, float]:
        """The dense candidates: every language's pool (:meth:`_dense_pools`) together."""
        if vector is None:
            vector = self.embedder.encode_queries([query.text])
        return _union(self._dense_pools(allowed, vector))

    def _dense_pools(self, allowed: list[str] | None, vector: np.ndarray) -> dict[str, dict[int, float]]:
        """The ``POOL`` best paragraphs of each document language (one pool in a corpus of one language).

        The model's cosines are higher within a language than across: in a corpus of several languages
        one pool would hold the question's own language and little else, whatever the documents say.
        """
        vector = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        if len(self.documents_by_language) <= 1 or not self.language_pools:
            return {"": self.store.dense_search(vector, POOL, documents=allowed)}
        wanted = None if allowed is None else set(allowed)
        pools = {}
        for language, docs in self.documents_by_language.items():
            chosen = docs if wanted is None else [d for d in docs if d in wanted]
            if chosen:
                pools[language] = self.store.dense_search(vector, POOL, documents=chosen)
        return pools

    def _lexical(self, query: Query, allowed: list[str] | None) -> dict[int, float]:
        return self.store.lexical_search(self._lexical_groups(query), POOL, documents=allowed)

    def _lexical_groups(self, query: Query) -> list[tuple[str, ...]]:
        """What BM25 scores: each group's alternatives and, with the lexical view, one more: the question's
        own word in the paragraphs' terms in the question's language (a Chinese word in English paragraphs'
        Chinese view; an English word in Chinese paragraphs' English view, where that view was built).
        A word still counts once, by its best alternative (no new weight); an English word the dictionary
        found nowhere in the corpus is searched in the view alone."""
        own = [g.alternatives for g in query.groups]
        if not self.lexical_view:
            return own
        if query.language == "zh" and self.chinese_view:
            return [
                (*g.alternatives, view_alternative(g.source))
                if g.origin == "chinese" and _CJK_RE.search(g.source)
                else g.alternatives
                for g in query.groups
            ]
        if query.language == "en" and self.english_view:
            sources = {g.source for g in query.groups}
            return [
                (*g.alternatives, view_alternative(g.source)) if g.origin in _ENGLISH_ORIGINS else g.alternatives
                for g in query.groups
            ] + [(view_alternative(w),) for w in dict.fromkeys(query.untranslated) if w not in sources]
        return own

    def _row_weights(
        self,
        query: Query,
        dense: dict[int, float],
        lexical: dict[int, float],
        known: dict[int, Outline] | dict[int, Paragraph],
    ) -> float | dict[int, float]:
        """Each candidate's lexical weight by whether it shares the question's language (:func:`row_weights`).
        In a corpus of one language nothing is read; otherwise the lexical-only candidates' outlines
        are read too (into ``known``, which the ranking reuses)."""
        share = query.translated_share
        if len(self.languages) <= 1 or self.weights.cross(query.language) is None:
            only = {0: next(iter(self.languages), query.language)}
            return row_weights(query.language, True, self.weights, only, translated=share)
        missing = [k for k in lexical if k not in known]
        if missing:
            cast(dict[int, Outline | Paragraph], known).update(self.store.outlines(missing))
        rows = {k: self.versions.lang_of(p) for k, p in known.items() if k in dense or k in lexical}
        return row_weights(query.language, True, self.weights, rows, translated=share)

    @staticmethod
    def _guard_lists(candidates: dict[int, Outline]) -> set[int]:
        """Unnumbered entries (annex lists of names, tables) are ranked on lexical evidence.

        A long list of names sits close to any short question in the embedding space, so on
        dense evidence alone such lists flood the results (``Helsinki``, a name the corpus
        barely knows). When the question has a lexical side, an unnumbered entry's dense score
        counts only in proportion to its share of the best lexical score (see :func:`fuse`).
        """
        return {key for key, o in candidates.items() if not o.numbered}

    def _title_bonus(
        self,
        query: Query,
        dense: dict[int, float],
        lexical: dict[int, float],
        known: dict[int, Outline],
    ) -> dict[int, float]:
        """The document level of the ranking: each candidate gets ``weights.title`` × its document's
        title share (:meth:`TitleIndex.scores`: the idf-weighted share of the question's terms the title
        holds). Outlines read here are kept
        in ``known`` for the ranking."""
        if self.weights.title <= 0 or not query.groups:
            return {}
        documents = self.titles.scores([g.alternatives for g in query.groups])
        if not documents:
            return {}
        candidates = [k for k in dict.fromkeys([*dense, *lexical]) if k not in known]
        if candidates:
            known.update(self.store.outlines(candidates))
        weight = self.weights.title
        return {
            key: weight * documents[o.doc_id]
            for key in dict.fromkeys([*dense, *lexical])
            if (o := known.get(key)) is not None and o.doc_id in documents
        }

    def _citing_bonus(self, query: Query, allowed: list[str] | None) -> dict[int, float]:
        """A bonus for each reference of the question that a paragraph (or its section) cites."""
        counts = self.store.citing(query.references, documents=allowed)
        return {key: self.weights.symbol_bonus * n for key, n in counts.items()}


def _at_most_related(judgement: Judgement) -> Judgement:
    """The judgement with ``strong`` lowered to ``related`` (the paragraph is not shown as an answer)."""
    if judgement.match != "strong":
        return judgement
    return Judgement(judgement.probability, "related", judgement.features)
