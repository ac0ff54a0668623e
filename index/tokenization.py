"""Chinese-aware tokens for BM25, the same for documents and questions.

* Traditional characters become Simplified (OpenCC ``t2s``), full-width forms
  half-width (NFKC), Latin letters lower case.
* UN symbols (``HSP/HA.2/4/Add.2``), resolution numbers (``1/5``, ``26/2``),
  acronyms and figures (``COVID-19``, ``2020–2023``, ``11.7.1``) stay whole tokens.
  A resolution symbol also yields its short number: ``HSP/HA.1/Res.5`` → ``1/5``.
* English words are stemmed (Snowball); English and Chinese stop words are dropped.
* The rest is segmented by jieba (search mode: words and their sub-words).

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

__all__ = ["STOPWORDS", "normalize", "stem", "tokenize"]

jieba.setLogLevel(logging.WARNING)
_init_lock = threading.Lock()

_PROTECTED_RE = re.compile(
    r"(?P<symbol>(?<![a-z0-9])(?:hsp|a|e|unep|hs/gc|st/[a-z]+)(?:\s?[/.]\s?(?:[a-z]{1,5}\.?\d*(?:\.\d+)*|\d+(?:\.\d+)*))+)"
    r"|(?P<res>\d{1,3}/\d{1,4})"
    r"|(?P<range>\d{4}\s?[-–—~]\s?\d{2,4})"
    r"|(?P<word>[a-z][a-z0-9]*(?:[-'][a-z0-9]+)*)"
    r"|(?P<num>\d+(?:[.,]\d+)*)"
)
_RES_SYMBOL_RE = re.compile(r"(?:hsp/ha|hsp/eb)[./](\d+)/res\.?(\d+)")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

STOPWORDS = frozenset(
    "的 了 和 与 及 在 是 为 对 于 以 其 并 或 等 中 将 由 也 这 该 之 个 所 有 把 被 就 都 而 从 至 到 上 下 "
    "哪些 什么 如何 怎样 哪个 多少 是否 吗 呢 么 "
    "a an the of and or to in on for by with at from as is are was were be been what which who whom how when "
    "where why did does do has have had its it this that these those there their about into than after before "
    "any all some many much more most".split()
)


_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) stem of an English word, lower case: ``programmes`` → ``programm``."""
    with _stem_lock:  # the Snowball stemmer keeps state between calls
        return str(_stemmer.stemWord(word.lower()))


@lru_cache(maxsize=1)
def _converter() -> object | None:
    try:
        import opencc

        return opencc.OpenCC("t2s")
    except Exception:  # pragma: no cover - OpenCC is a dependency; degrade rather than fail
        return None


def normalize(text: str) -> str:
    """Simplified characters, half-width forms, lower-case Latin letters."""
    text = unicodedata.normalize("NFKC", text)
    converter = _converter()
    if converter is not None:
        text = converter.convert(text)  # type: ignore[attr-defined]
    return text.lower()


def _jieba_tokens(chunk: str) -> list[str]:
    if not _CJK_RE.search(chunk):
        return []
    with _init_lock:  # jieba builds its dictionary lazily and not thread-safely
        jieba.initialize()
    return [t for t in jieba.cut_for_search(chunk) if _CJK_RE.search(t)]


def tokenize(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """BM25 tokens of ``text`` (see the module docstring)."""
    norm = normalize(text)
    tokens: list[str] = []
    pos = 0
    for m in _PROTECTED_RE.finditer(norm):
        tokens.extend(_jieba_tokens(norm[pos : m.start()]))
        pos = m.end()
        kind = m.lastgroup
        value = re.sub(r"\s+", "", m.group(0))
        if kind == "symbol":
            tokens.append(value.rstrip("."))
            res = _RES_SYMBOL_RE.search(value)
            if res:
                tokens.append(f"{res.group(1)}/{res.group(2)}")
        elif kind == "range":
            tokens.append(re.sub(r"[-—~]", "–", value))
        elif kind == "word" and value.isalpha():
            # English words are read as English: stop words dropped below, the rest stemmed.
            tokens.append(value if value in STOPWORDS else stem(value))
        else:
            tokens.append(value)
    tokens.extend(_jieba_tokens(norm[pos:]))
    if keep_stopwords:
        return tokens
    return [t for t in tokens if t not in STOPWORDS]
