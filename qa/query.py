"""A question, analysed once: the typed :class:`Query` that the searcher only reads.

:class:`QueryAnalyser` checks the text (empty, too long, nothing to search on, unsupported
script), tells its language, tokenizes it for BM25, translates an English question's words into
the Chinese terms the corpus uses (:mod:`qa.translation`), finds the document symbols and
paragraph references it cites (``HSP/HA.2/4, para. 19``, ``HSP/HA.2/4号文件第19段``,
``para. 19 of HSP/HA.2/4``, ``第19段``, ``par. 19``, ``párr. 19``, ``пункт 19``, ``الفقرة 19``)
and lists the terms to highlight.

A question in French, Spanish, Russian or Arabic (which the dictionary does not translate) is
searched by meaning (dense) and by its own words in documents of its language (BM25 with that
language's analysis, :mod:`corpus.languages`); a question in a script of none of the six languages
by meaning only. Either way ``notes`` says so.

>>> analyser = QueryAnalyser(translator, searcher.store.vocabulary)   # doctest: +SKIP
>>> q = analyser.analyse("How many people were homeless in 2022?")  # doctest: +SKIP
>>> [g.alternatives for g in q.groups]                               # doctest: +SKIP
[('人们', '人民', …), ('无家可归',), ('2022',)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.languages import LANGUAGES, paragraph_reference_re, rules, zh
from corpus.symbols import SYMBOL_RE, normalize_symbol
from index.tokenization import normalize, tokenize
from qa.exceptions import QueryError
from qa.language import OTHER, detect_language, detect_script
from qa.references import OutsideRef, ParagraphRef, read_references
from qa.translation import TermGroup, Translator, Vocabulary

__all__ = ["OutsideRef", "ParagraphRef", "Query", "QueryAnalyser", "clean_question"]

_PARA_EN_RE = paragraph_reference_re()
"""``para. 19`` and the other languages' words for it (``par.``, ``párr.``, ``пункт``, ``الفقرة``)."""
_PARA_ZH_RE = re.compile(r"第\s*(\d{1,4})\s*段")
_DIGIT_RE = re.compile(r"\d")
_GA_RES_RE = re.compile(r"^A/RES/(\d{1,3})/(\d{1,4})$", re.I)
_MAX_HIGHLIGHT = 30


@dataclass(frozen=True)
class Query:
    """Everything the searcher reads of a question, worked out once."""

    text: str
    """The question as asked (control characters removed, trimmed)."""
    normalized: str
    """Simplified characters, half-width forms, lower-case Latin letters."""
    language: str
    """One of the six (``zh``, ``en``, ``fr``, ``es``, ``ru``, ``ar``), or ``und`` for another script."""
    tokens: tuple[str, ...]
    """The question's own BM25 tokens (for an English question: only its figures and symbols)."""
    groups: tuple[TermGroup, ...]
    """What BM25 scores: each group counts as one term (its best alternative)."""
    untranslated: tuple[str, ...] = ()
    """Content words of an English question that found no Chinese term in the corpus."""
    symbols: tuple[str, ...] = ()
    """Document symbols the question cites, as written (``HSP/HA.2/4``, ``A/RES/73/239``)."""
    paragraph_refs: tuple[ParagraphRef, ...] = ()
    outside_refs: tuple[OutsideRef, ...] = ()
    """Paragraphs of resolutions or decisions cited by number (``paragraph 3 of resolution 1/1``)."""
    highlight: tuple[str, ...] = ()
    """Terms as the documents write them, for highlighting."""
    notes: tuple[str, ...] = field(default=())

    @property
    def references(self) -> set[str]:
        """Symbols and resolution numbers as BM25 tokens (``hsp/ha.1/res.5``, ``1/5``)."""
        return {t for t in self.tokens if "/" in t}

    @property
    def translated_share(self) -> float:
        """The share of the question's words that reach another language's paragraphs: the words of its term groups
        (figures and symbols reach every language as written; a word found only as itself in English paragraphs does
        not) over those and the :attr:`untranslated` ones, a symbol's letters (``RES`` of ``A/RES/73/239``) not
        counted as words. 1.0 when there are none (a Chinese question's words are never counted as missing)."""
        fragments = {w for symbol in self.symbols for w in re.findall(r"[^\W\d_]+", symbol.lower())}
        found = sum(len(g.source.split()) for g in self.groups if g.origin != "english")
        missing = sum(1 for w in self.untranslated if w.lower() not in fragments)
        return found / (found + missing) if found + missing else 1.0

    @property
    def nothing_to_translate(self) -> bool:
        """An English question none of whose words reach the lexical side: dense search alone."""
        return self.language == "en" and not self.groups

    @property
    def only_citation(self) -> bool:
        """The question is nothing but symbols and paragraph numbers."""
        rest = self.text
        for s in self.symbols:
            rest = rest.replace(s, " ")
        rest = _PARA_EN_RE.sub(" ", _PARA_ZH_RE.sub(" ", rest))
        rest = re.sub(r"[\s,.;:，。；：、،()（）号文件of]+", "", rest, flags=re.I)
        return bool(self.symbols or self.paragraph_refs) and not rest


def clean_question(question: object, *, max_chars: int) -> str:
    """The question without control characters; :class:`QueryError` when it cannot be searched."""
    if not isinstance(question, str):
        raise QueryError(f"the question must be a string, not {type(question).__name__}")
    cleaned = "".join(ch for ch in question if ch.isprintable() or ch in "\n\t").strip()
    if not cleaned:
        raise QueryError(f"the question is empty: type a question in one of {_LANGUAGE_NAMES}")
    if len(cleaned) > max_chars:
        raise QueryError(f"the question is {len(cleaned)} characters long; the limit is {max_chars}")
    script = detect_script(cleaned)
    if script == "none":
        raise QueryError(
            "the question has nothing to search on (no letters, characters or figures): "
            f"type a question in one of {_LANGUAGE_NAMES}"
        )
    return cleaned


_LANGUAGE_NAMES = ", ".join(rules(code).name for code in LANGUAGES)


class QueryAnalyser:
    """Turns question text into a :class:`Query`; shared by every search (thread-safe)."""

    def __init__(self, translator: Translator, vocabulary: Vocabulary, *, max_chars: int = 2000) -> None:
        self.translator = translator
        self.vocabulary = vocabulary
        self.max_chars = max_chars

    def _english_for(self, token: str, months: set[str]) -> tuple[str, ...]:
        """A Chinese question's token in English: a word's translations, a month's figure its name."""
        if token in months:
            return self.translator.english_month(token, self.vocabulary)
        return self.translator.english_for(token, self.vocabulary) if len(token) > 1 else ()

    def clean(self, question: object) -> str:
        """The question's text as it is encoded and analysed (:func:`clean_question`)."""
        return clean_question(question, max_chars=self.max_chars)

    def analyse(self, question: object, *, cleaned: str | None = None) -> Query:
        """``cleaned``: the question's text from :meth:`clean` already."""
        text = cleaned if cleaned is not None else self.clean(question)
        language = detect_language(text)
        symbols = tuple(dict.fromkeys(normalize_symbol(m.group(0)) for m in SYMBOL_RE.finditer(text)))
        refs = read_references(text, symbols)
        paragraph_refs = refs.paragraphs
        tokens = tuple(tokenize(text))
        # A General Assembly resolution symbol is cited by its number: A/RES/73/239 → 73/239.
        tokens += tuple(f"{m.group(1)}/{m.group(2)}" for s in symbols if (m := _GA_RES_RE.match(s)))
        if language == "zh":
            months = zh.month_numbers(text)  # 11 of 2019年11月 also reaches "November"
            groups = [TermGroup(t, (t,) + self._english_for(t, months), "chinese") for t in dict.fromkeys(tokens)]
            highlight = [t for t in tokens if len(t) >= 2 or t.isdigit()]
            untranslated: list[str] = []
            corrections: list[tuple[str, str]] = []
        elif language != "en":
            # French, Spanish, Russian, Arabic: the question's own words, analysed as its language,
            # match the documents in that language (the dictionary translates English only).
            own = tuple(tokenize(text, lang=language)) if language != OTHER else ()
            figures = tuple(t for t in dict.fromkeys(tokens) if _DIGIT_RE.search(t))
            tokens = tuple(dict.fromkeys(own + figures))
            groups = [TermGroup(t, (t,), "number" if _DIGIT_RE.search(t) else language) for t in dict.fromkeys(tokens)]
            highlight = [w for w in re.findall(r"\w{3,}", text) if not w.isdigit() and tokenize(w, lang=language)]
            highlight += re.findall(r"\d+(?:[/.]\d+)*", text)
            untranslated, corrections = [], []
        else:
            translated, untranslated, corrections = self.translator.translate_with_corrections(text, self.vocabulary)
            numbers = [t for t in dict.fromkeys(tokens) if _DIGIT_RE.search(t)]
            tokens = tuple(numbers)
            groups = translated + [TermGroup(t, (t,), "number") for t in numbers]
            highlight = [a for g in translated for a in g.alternatives] + re.findall(r"\d+(?:[/.]\d+)*", text)
        notes: list[str] = _language_notes(language, text, bool(groups))
        if language == "en" and corrections:
            notes.append("read " + ", ".join(f"{a!r} as {b!r}" for a, b in corrections))
        if language == "en" and not groups:
            notes.append(
                "no word of the question was found in the dictionary or the glossary, "
                "nor in the documents: the ranking is by meaning only (dense)"
            )
        return Query(
            text=text,
            normalized=normalize(text),
            language=language,
            tokens=tokens,
            groups=tuple(groups),
            untranslated=tuple(untranslated),
            symbols=symbols,
            paragraph_refs=paragraph_refs,
            outside_refs=refs.outside,
            highlight=tuple(list(dict.fromkeys(highlight))[:_MAX_HIGHLIGHT]),
            notes=tuple(notes),
        )


def _language_notes(language: str, text: str, has_terms: bool) -> list[str]:
    """What a reader should know of a question in a language the dictionary does not translate."""
    if language == OTHER:
        return [
            f"the question is written in {detect_script(text)}, which is none of the six official UN languages "
            "(Arabic, Chinese, English, French, Russian, Spanish): the ranking is by meaning only (dense)"
        ]
    if language in ("zh", "en"):
        return []
    name = rules(language).name
    article = "an" if name[0] in "AEIOU" else "a"
    if not has_terms:
        return [f"{article} {name} question with no word left to match: the ranking is by meaning only (dense)"]
    return [
        f"{article} {name} question: the dictionary translates only between English and Chinese, so the ranking is "
        f"by meaning (dense) and by the question's own words in {name} documents (BM25)"
    ]
