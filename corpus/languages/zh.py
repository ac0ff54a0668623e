"""Chinese: jieba words (search mode), no stemming; UN citation ``A/HRC/7/3号文件第12段``.

The citation itself is written by :func:`corpus.citations.cite_zh` (the number comes before the
word: ``第12段``), and a question's ``第12段`` is recognised by ``qa.query`` apart from the other
languages' words."""

from __future__ import annotations

import re

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

_DIGITS = "零一二三四五六七八九"
_MONTH_RE = re.compile(r"(?<!\d)(\d{1,2})\s*月")


def numeral(n: int) -> str:
    """``n`` (1–99) in Chinese numerals: 9 → 九, 11 → 十一, 20 → 二十, 67 → 六十七."""
    if not 1 <= n <= 99:
        raise ValueError(f"numeral() writes 1 to 99, not {n}")
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else _DIGITS[tens] + "十"
    return head + (_DIGITS[units] if units else "")


def cardinal_forms(n: int) -> tuple[str, ...]:
    """How a UN text in Chinese writes a count of ``n``: 九, 九个, 9 (and 两, 两个 for 2)."""
    written = numeral(n)
    forms = (written, written + "个", str(n))
    return ("两", "两个", *forms) if n == 2 else forms


def ordinal_forms(n: int) -> tuple[str, ...]:
    """How a UN text in Chinese writes the ``n``-th: 第九, 第九届 (a session), 第九次 (a meeting)."""
    written = "第" + numeral(n)
    return (written, written + "届", written + "次")


def month_forms(n: int) -> tuple[str, ...]:
    """How a UN text in Chinese writes the month ``n`` (1–12): 11月 (as in 2019 年 11 月), 十一月."""
    if not 1 <= n <= 12:
        raise ValueError(f"month_forms() writes months 1 to 12, not {n}")
    return (f"{n}月", numeral(n) + "月")


def month_numbers(text: str) -> set[str]:
    """The figures a Chinese text writes as months: ``11`` of ``2019年11月`` or ``11 月`` (1–12 only)."""
    return {m.group(1) for m in _MONTH_RE.finditer(text) if 1 <= int(m.group(1)) <= 12}
