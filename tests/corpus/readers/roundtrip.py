"""What the round-trip tests compare: the parser's paragraphs, numbers and text up to whitespace."""

from __future__ import annotations

import re

from corpus.parsing import parse_text

__all__ = ["paragraphs"]


def paragraphs(text: str) -> list[tuple[str | None, str]]:
    """``(number, text without whitespace)`` of every block the paragraph parser finds.

    The parser strips footnote call markers, so these compare with the markers removed.
    """
    return [(b.paragraph, re.sub(r"\s+", "", b.text)) for b in parse_text(text).blocks]
