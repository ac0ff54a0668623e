"""A paragraph's terms in the other language: the index-time lexical view (:attr:`index.lexical.LexicalIndex.view`).

The same dictionary that translates questions (:mod:`qa.translation`: the glossary first, then
CC-CEDICT, names only where the text writes them as names) reads each English paragraph at index
time and writes down the Chinese terms its words and phrases (up to four words, longest first) stand
for, analysed as Chinese text is (jieba search mode). A Chinese question's own tokens then match an
English paragraph in that view, phrase for phrase, with BM25 statistics of their own, instead of only
through the few English words each question token translates back into.

Only English paragraphs get a view (:data:`VIEW_LANGUAGES`): a Chinese paragraph's view in English was
measured on ``tune`` and did not help English questions (``eval/results/crosslingual/``). The view
is built by :mod:`index.build`, which takes it as a value (``index`` does not import ``qa``).

>>> view = CrossTerms(Translator.load(spelling=False))                     # doctest: +SKIP
>>> view("Measures against domestic violence were taken.", "en")[:4]      # doctest: +SKIP
['措施', '家庭', '暴力', '家庭暴力']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from functools import cached_property

from index.tokenization import stem, tokenize
from qa.glossary import Glossary
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

VERSION = "1"
"""Bump when the view's construction changes: indexes then rebuild (the id is in the manifest)."""
VIEW_LANGUAGES = ("en",)
"""Paragraph languages that get a view (English paragraphs, in Chinese)."""

_WORD_RE = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")


class CrossTerms:
    """``view(text, lang)``: the view tokens of one paragraph (``[]`` for a language without a view)."""

    def __init__(
        self, translator: Translator, *, languages: Sequence[str] = VIEW_LANGUAGES, dictionary: str | None = None
    ) -> None:
        self.translator = translator
        self.languages = tuple(languages)
        self.dictionary = dictionary
        """The dictionary's fingerprint, if known (else :attr:`id` hashes the translator's lookup: slower)."""
        self._zh: dict[str, tuple[str, ...]] = {}

    @classmethod
    def load(cls, *, glossary: Glossary | None = None) -> CrossTerms:
        """The view of the service's translator: CC-CEDICT and the glossary (``qa/data/glossary.tsv``)."""
        path = dictionary_path()
        return cls(Translator.load(glossary=glossary, dictionary=path, spelling=False), dictionary=_fingerprint(path))

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
        for phrase, values in sorted(self.translator.glossary.entries.items()):
            digest.update(f"{phrase}\t{'|'.join(values)}".encode())
        return f"crossterms-{VERSION}-{digest.hexdigest()[:12]}"

    def __call__(self, text: str, lang: str) -> list[str]:
        if lang not in self.languages:
            return []
        if lang == "en":
            return self.chinese_terms(text)
        return []

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
