"""A paragraph's terms in the other language: the index-time lexical view (:attr:`index.lexical.LexicalIndex.view`).

The same dictionary that translates questions (:mod:`qa.translation`: the glossary first, then
CC-CEDICT, names only where the text writes them as names) reads each English paragraph at index
time and writes down the Chinese terms its words and phrases (up to four words, longest first) stand
for, analysed as Chinese text is (jieba search mode); each Chinese paragraph's words (jieba tokens of
two characters or more) are written down as the English stems of all their senses. A question's own
words then match a paragraph of the other language in that view, with BM25 statistics of their own,
instead of only through the few words the question's translation keeps (at most four per word, only
those that are whole terms of the corpus).

Built by :mod:`index.build`, which takes it as a value (``index`` does not import ``qa``); searched by
:meth:`qa.retrieval.Searcher._lexical_groups`. Measured in ``eval/results/crosslingual/``.

>>> view = CrossTerms.load()                                             # doctest: +SKIP
>>> view("Measures against domestic violence were taken.", "en")[:4]    # doctest: +SKIP
['措施', '家庭', '暴力', '家庭暴力']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import cast

from index.tokenization import stem, tokenize
from qa.glossary import Glossary, load_glossary
from qa.translation import (
    MAX_PHRASE_WORDS,
    Translator,
    _fingerprint,
    _is_stopword,
    _runs,
    _written_as_name,
    dictionary_path,
)

__all__ = ["VERSION", "VIEW_LANGUAGES", "CrossTerms"]

VERSION = "2"
"""Bump when the view's construction changes: indexes then rebuild (the id is in the manifest)."""
VIEW_LANGUAGES = ("zh",)
"""Paragraph languages the service gives a view: Chinese paragraphs, in English. English paragraphs' view in
Chinese (``languages=("en", "zh")``) was measured on ``tune`` and not kept (``eval/results/crosslingual/``)."""

_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


class CrossTerms:
    """``view(text, lang)``: the view tokens of one paragraph (``[]`` for a language without a view)."""

    def __init__(
        self,
        translator: Translator | Callable[[], Translator],
        *,
        languages: Sequence[str] = VIEW_LANGUAGES,
        dictionary: str | None = None,
        glossary: Glossary | None = None,
    ) -> None:
        self._translator = translator
        """The translator, or how to load it when a paragraph is first read (an up-to-date check needs only :attr:`id`)."""
        self.glossary = glossary if glossary is not None else cast(Translator, translator).glossary
        self.languages = tuple(languages)
        self.dictionary = dictionary
        """The dictionary's fingerprint, if known (else :attr:`id` hashes the translator's lookup: slower)."""
        self._zh: dict[str, tuple[str, ...]] = {}

    @classmethod
    def load(cls, *, glossary: Glossary | None = None, languages: Sequence[str] = VIEW_LANGUAGES) -> CrossTerms:
        """The view of the service's translator: CC-CEDICT and the glossary (``qa/data/glossary.tsv``)."""
        path = dictionary_path()
        glossary = glossary or load_glossary()
        return cls(
            lambda: Translator.load(glossary=glossary, dictionary=path, spelling=False),
            languages=languages,
            dictionary=_fingerprint(path),
            glossary=glossary,
        )

    @property
    def translator(self) -> Translator:
        if not isinstance(self._translator, Translator):
            self._translator = self._translator()
        return self._translator

    @cached_property
    def id(self) -> str:
        """Identifies the view: this module's version, its languages, the dictionary and the glossary."""
        digest = hashlib.sha256(f"{VERSION}|{','.join(self.languages)}".encode())
        if self.dictionary is not None:
            digest.update(self.dictionary.encode())
        else:
            for table in (self.translator.lookup, self.translator.names):
                for key in sorted(table):
                    digest.update(f"{key}\t{'|'.join(table[key])}\n".encode())
        for phrase, values in sorted(self.glossary.entries.items()):
            digest.update(f"{phrase}\t{'|'.join(values)}".encode())
        return f"crossterms-{VERSION}-{digest.hexdigest()[:12]}"

    def __call__(self, text: str, lang: str) -> list[str]:
        if lang not in self.languages:
            return []
        if lang == "en":
            return self.chinese_terms(text)
        if lang == "zh":
            return self.english_terms(text)
        return []

    def english_terms(self, text: str) -> list[str]:
        """The English stems a Chinese text's words translate into (every CC-CEDICT and glossary sense of
        each jieba token of two characters or more, each stem once per token), as English text is analysed."""
        out: list[str] = []
        reverse = self._reverse
        for token in tokenize(text, lang="zh"):
            if len(token) < 2 or not _CJK_RE.search(token):
                continue
            out.extend(reverse.get(token, ()))
        return out

    @cached_property
    def _reverse(self) -> dict[str, tuple[str, ...]]:
        """Chinese term → the English stems of every sense (dictionary, names, glossary), stop words left out."""
        senses: dict[str, dict[str, None]] = {}
        tables = (self.translator.lookup, self.translator.names)
        for table in tables:
            for key, values in table.items():
                stems = [w for w in key.split() if not _is_stopword(w)]
                for value in values:
                    found = senses.setdefault(value, {})
                    for w in stems:
                        found[w] = None
        for phrase, chinese in self.translator.glossary.entries.items():
            stems = [t for t in tokenize(phrase, lang="en") if not _CJK_RE.search(t)]
            for value in chinese:
                found = senses.setdefault(value, {})
                for w in stems:
                    found[w] = None
        return {k: tuple(v) for k, v in senses.items()}

    def chinese_terms(self, text: str) -> list[str]:
        """The Chinese tokens of an English text's glossary terms and dictionary words and phrases.

        Each match contributes its headwords' tokens once (a word with five senses sharing 发展 adds
        发展 once); a word found nowhere adds nothing. Single-character headwords count only when
        the match has no longer one (a character alone is a weak stand-in, as in the translation)."""
        out: list[str] = []
        covered = [False] * len(text)
        glossary = self.translator.glossary
        for start, end, values in glossary.spans(text):
            out.extend(self._tokens(values))
            for i in range(start, end):
                covered[i] = True
        lookup, names = self.translator.lookup, self.translator.names
        for run in _runs(text, covered):
            found_words = list(_WORD_RE.finditer(run.lower()))
            words = [(m.group(0), stem(m.group(0))) for m in found_words]
            written = [run[m.start() : m.end()] for m in found_words]
            i = 0
            while i < len(words):
                step = 1
                for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
                    chunk = words[i : i + n]
                    if _is_stopword(chunk[0][0]) or _is_stopword(chunk[-1][0]):
                        continue
                    key = " ".join(s for _, s in chunk)
                    candidates = lookup.get(key, [])
                    if key in names and _written_as_name(written[i : i + n], common=bool(candidates)):
                        candidates = candidates + names[key]
                    if candidates:
                        out.extend(self._tokens(tuple(candidates)))
                        step = n
                        break
                i += step
        return out

    def _tokens(self, headwords: tuple[str, ...]) -> tuple[str, ...]:
        """The Chinese tokens of one match's headwords (jieba search mode, as Chinese paragraphs are read)."""
        key = "|".join(headwords)
        cached = self._zh.get(key)
        if cached is not None:
            return cached
        chinese = [h for h in headwords if _CJK_RE.search(h)]
        longer = [h for h in chinese if len(h) > 1]
        tokens: dict[str, None] = {}
        for h in longer or chinese:
            for t in tokenize(h, lang="zh"):
                if _CJK_RE.search(t):
                    tokens[t] = None
        found = tuple(tokens)
        self._zh[key] = found
        return found
