"""Chinese: jieba words (search mode), no stemming; UN citation ``A/HRC/7/3号文件第12段``.

The citation itself is written by :func:`corpus.citations.cite_zh` (the number comes before the
word: ``第12段``), and a question's ``第12段`` is recognised by ``qa.query`` apart from the other
languages' words."""

from __future__ import annotations

from corpus.languages import LanguageRules

RULES = LanguageRules(
    code="zh",
    name="Chinese",
    stemmer=None,
    stop_words=frozenset(
        "的 了 和 与 及 在 是 为 对 于 以 其 并 或 等 中 将 由 也 这 该 之 个 所 有 把 被 就 都 而 从 至 到 上 下 "
        "哪些 什么 如何 怎样 哪个 多少 是否 吗 呢 么".split()
    ),
    paragraph_word="段",
    comma="",
    footnote_word="脚注",
    html_lang="zh-Hans",
)
