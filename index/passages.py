"""What a paragraph becomes for each index: the text the model embeds and the text BM25 reads."""

from __future__ import annotations

from typing import Protocol

from corpus.models import Paragraph

__all__ = ["ViewTerms", "lexical_text", "passage_text", "view_tokens"]


class ViewTerms(Protocol):
    """A paragraph's lexical terms in another language, for the index's lexical view
    (:attr:`index.lexical.LexicalIndex.view`); ``qa.crossterms.CrossTerms`` is the one the service uses."""

    @property
    def id(self) -> str:
        """Identifies how the terms are made (recorded in the manifest: a change rebuilds the index)."""
        ...

    def __call__(self, text: str, lang: str) -> list[str]: ...


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


def view_tokens(p: Paragraph, terms: ViewTerms) -> list[str]:
    """What the lexical view indexes of a paragraph: the terms of its :func:`lexical_text` in the other language."""
    return terms(lexical_text(p), p.lang)
