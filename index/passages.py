"""What a paragraph becomes for each index: the text the model embeds and the text BM25 reads."""

from __future__ import annotations

from corpus.models import Paragraph

__all__ = ["lexical_text", "passage_text"]


def passage_text(p: Paragraph, title: str, *, context: bool) -> str:
    """What the model embeds for a paragraph: the text, or title and section, then text."""
    if not context:
        return p.text
    head = " > ".join(x for x in (title, p.section) if x)
    return f"{head}\n{p.text}" if head else p.text


def lexical_text(p: Paragraph) -> str:
    """What BM25 indexes: the section headings (they name resolutions and symbols), the text and its footnotes."""
    text = f"{p.section}\n{p.text}" if p.section else p.text
    if p.footnotes:
        text += "\n" + "\n".join(f.text for f in p.footnotes)
    return text
