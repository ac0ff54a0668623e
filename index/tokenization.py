"""Tokens for BM25 in the six official UN languages, the same for documents and questions.

* Traditional characters become Simplified (OpenCC ``t2s``), full-width forms
  half-width (NFKC), Latin letters lower case.
* UN symbols of every series (``HSP/HA.2/4/Add.2``, ``ISBA/19/C/17``), resolution numbers (``1/5``, ``26/2``),
  acronyms and figures (``COVID-19``, ``2020–2023``, ``11.7.1``) stay whole tokens.
  A resolution symbol also yields its short number: ``HSP/HA.1/Res.5`` → ``1/5``.
* English words are stemmed (Snowball); English and Chinese stop words are dropped.
* The rest is segmented by jieba (search mode: words and their sub-words).
* Russian (Cyrillic) and Arabic words are analysed by their script, in any text: Russian
  Snowball stems; Arabic normalised (diacritics, tatweel, alef/yeh/taa marbuta forms) and
  lightly stemmed (:mod:`corpus.languages.ar`); each language's stop words dropped.
* Latin-script words are English unless ``lang`` says ``fr`` or ``es``: then that language's
  Snowball stems and stop words, accented letters kept, French elisions (``l'``, ``d'``…) dropped.
  Text in English or Chinese is tokenized exactly as before the other languages came in.

>>> tokenize("《新城市议程》與 HSP/HA.1/Res.5")  # doctest: +SKIP
['新', '城市', '议程', '新城市', ... 'hsp/ha.1/res.5', '1/5']
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from functools import lru_cache

import jieba
import snowballstemmer

from corpus.languages import rules
from corpus.languages.ar import light_stem, normalize_arabic
from corpus.symbols import SYMBOL_RE

__all__ = ["STOPWORDS", "TOKENIZER_VERSION", "normalize", "stem", "stem_in", "tokenize"]

TOKENIZER_VERSION = "2"
"""Changes when the tokens of a text change, so that an index built with other tokens is rebuilt.
2: symbols of every series are one token (``isba/19/c/17``, not ``isba 19 c 17``)."""

jieba.setLogLevel(logging.WARNING)
_init_lock = threading.Lock()

_CYRILLIC = "\u0400-\u04ff"
_ARABIC = "\u0621-\u063a\u0640-\u065f\u0670-\u06d3"
_LATIN = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"


def _protected(word: str) -> re.Pattern[str]:
    return re.compile(
        r"(?P<symbol>(?<![a-z0-9])(?:hsp|a|e|unep|hs/gc|st/[a-z]+)(?:\s?[/.]\s?(?:[a-z]{1,5}\.?\d*(?:\.\d+)*|\d+(?:\.\d+)*))+)"
        r"|(?P<res>\d{1,3}/\d{1,4})"
        r"|(?P<range>\d{4}\s?[-–—~]\s?\d{2,4})"
        rf"|(?P<word>{word})"
        rf"|(?P<cyrillic>[{_CYRILLIC}]+(?:-[{_CYRILLIC}]+)*)"
        rf"|(?P<arabic>[{_ARABIC}]+)"
        r"|(?P<num>\d+(?:[.,]\d+)*)"
    )


_PROTECTED_RE = _protected(r"[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*")
"""English (and Chinese) text: ASCII words, as the index always had them."""
_PROTECTED_LATIN_RE = _protected(rf"[{_LATIN}][{_LATIN}0-9]*(?:[-'’][{_LATIN}0-9]+)*")
"""French and Spanish text: accented letters belong to the word."""
_ELISION_RE = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]")
_STEMMED_LANGUAGES = ("fr", "es")
"""Latin-script languages other than English whose words ``lang`` can ask for."""
_RES_SYMBOL_RE = re.compile(r"(?:hsp/ha|hsp/eb)[./](\d+)/res\.?(\d+)")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

STOPWORDS = rules("zh").stop_words | rules("en").stop_words
"""Chinese and English stop words, dropped from every text."""
_SCRIPT_STOPWORDS = STOPWORDS | rules("ru").stop_words | rules("ar").stop_words
"""Russian and Arabic stop words cannot be mistaken for another language's words: dropped everywhere too."""
_LANG_STOPWORDS = {code: _SCRIPT_STOPWORDS | rules(code).stop_words for code in _STEMMED_LANGUAGES}


_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of an English word, lower case: ``programmes`` → ``programm``."""
    with _stem_lock:  # the Snowball stemmer keeps state between calls
        return str(_stemmer.stemWord(word.lower()))


_stemmers: dict[str, tuple[threading.Lock, object]] = {}


@lru_cache(maxsize=131072)
def stem_in(lang: str, word: str) -> str:
    """The stem of a lower-case word in ``lang`` (``fr``, ``es``, ``ru``; Arabic: :func:`light_stem`;
    English otherwise): ``droits`` → ``droit``, ``правах`` → ``прав``."""
    if lang == "ar":
        return light_stem(normalize_arabic(word))
    algorithm = rules(lang).stemmer
    if lang == "en" or algorithm is None:
        return stem(word)
    with _stem_lock:
        entry = _stemmers.get(lang)
        if entry is None:
            entry = _stemmers[lang] = (threading.Lock(), snowballstemmer.stemmer(algorithm))
    lock, stemmer = entry
    with lock:
        return str(stemmer.stemWord(word)) or word  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _converter() -> object | None:
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - OpenCC is a dependency; degrade rather than fail
        return None


def _simplified(text: str) -> str:
    """Simplified characters and half-width forms, the case kept."""
    text = unicodedata.normalize("NFKC", text)
    converter = _converter()
    if converter is not None:
        text = converter.convert(text)  # type: ignore[attr-defined]
    return str(text)


def normalize(text: str) -> str:
    """Simplified characters, half-width forms, lower-case Latin letters."""
    return _simplified(text).lower()


def _jieba_tokens(chunk: str) -> list[str]:
    if not _CJK_RE.search(chunk):
        return []
    with _init_lock:  # jieba builds its dictionary lazily and not thread-safely
        jieba.initialize()
    return [t for t in jieba.cut_for_search(chunk) if _CJK_RE.search(t)]


def tokenize(text: str, *, lang: str | None = None, keep_stopwords: bool = False) -> list[str]:
    """BM25 tokens of ``text`` (see the module docstring); ``lang`` is the text's language where known.

    The tokens of the last ``TOKENIZE_CACHE`` texts are kept (the same paragraphs and phrases are
    tokenized again by every question that reaches them: jieba costs ~0.1 ms per 100 characters).
    """
    return list(_tokenize(text, lang, keep_stopwords))


TOKENIZE_CACHE = 4096
"""Texts whose tokens :func:`tokenize` keeps (a question's hits in every language, its phrases)."""


@lru_cache(maxsize=TOKENIZE_CACHE)
def _tokenize(text: str, lang: str | None, keep_stopwords: bool) -> tuple[str, ...]:
    # Symbols are found before the text is lower-cased: a series of any body is read as the UN
    # writes it (``ISBA/19/C/17``, ``S/RES/2334(2016)``), the grammar of corpus.symbols.
    simplified = _simplified(text)
    latin = lang if lang in _STEMMED_LANGUAGES else None
    stop = _LANG_STOPWORDS[latin] if latin else _SCRIPT_STOPWORDS
    tokens: list[str] = []
    pos = 0
    for m in SYMBOL_RE.finditer(simplified):
        tokens.extend(_segment_tokens(simplified[pos : m.start()].lower(), latin, stop))
        tokens.extend(_symbol_tokens(m.group(0).lower()))
        pos = m.end()
    tokens.extend(_segment_tokens(simplified[pos:].lower(), latin, stop))
    if keep_stopwords:
        return tuple(tokens)
    return tuple(t for t in tokens if t not in stop)


def _symbol_tokens(value: str) -> list[str]:
    """A symbol as one token, and a resolution symbol's short number: ``hsp/ha.1/res.5`` → ``1/5``."""
    value = re.sub(r"\s+", "", value).rstrip(".")
    res = _RES_SYMBOL_RE.search(value)
    return [value, f"{res.group(1)}/{res.group(2)}"] if res else [value]


def _segment_tokens(norm: str, latin: str | None, stop: frozenset[str] | set[str]) -> list[str]:
    """Tokens of normalized (lower-case) text with no symbol of :data:`SYMBOL_RE` in it."""
    tokens: list[str] = []
    pos = 0
    for m in (_PROTECTED_LATIN_RE if latin else _PROTECTED_RE).finditer(norm):
        tokens.extend(_jieba_tokens(norm[pos : m.start()]))
        pos = m.end()
        kind = m.lastgroup
        value = re.sub(r"\s+", "", m.group(0))
        if kind == "symbol":
            tokens.extend(_symbol_tokens(value))
        elif kind == "range":
            tokens.append(re.sub(r"[-—~]", "–", value))
        elif kind == "word" and latin and not any(ch.isdigit() for ch in value):
            word = _ELISION_RE.sub("", value.replace("’", "'")) if latin == "fr" else value
            tokens.append(word if word in stop else stem_in(latin, word))
        elif kind == "word" and value.isalpha():
            # English words are read as English: stop words dropped below, the rest stemmed.
            tokens.append(value if value in STOPWORDS else stem(value))
        elif kind == "cyrillic":
            tokens.append(value if value in stop else stem_in("ru", value))
        elif kind == "arabic":
            word = normalize_arabic(value)
            if word:
                tokens.append(word if word in stop else light_stem(word))
        else:
            tokens.append(value)
    tokens.extend(_jieba_tokens(norm[pos:]))
    return tokens
