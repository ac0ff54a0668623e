"""Document relevance from titles: the upper level of a two-level ranking (document, then paragraph).

A paragraph often speaks of its document's subject without naming it: operative paragraph 2 of
resolution 80/54, *Treaty on the Prohibition of Nuclear Weapons*, reads "Welcomes the entry into force
of the Treaty on 22 January 2021". A question names the subject ("When did the Treaty on the
Prohibition of Nuclear Weapons enter into force?"), and it is the document's title that does too.

:class:`TitleIndex` scores a document by the share of the question's term groups its title holds,
each group weighed by its idf over the titles (the paragraph index's analysis and synonym groups:
:class:`index.lexical.LexicalIndex`; a document's English title counts too, ``title_en``). A word every
title has ("report") weighs next to nothing, a word no title has weighs most, so a long question that
only touches a title gets a small share. The searcher adds ``weight × share`` to each candidate
paragraph's fused score (:attr:`qa.fusion.FusionWeights.title`): one parameter, and a question whose
words are in no title changes nothing. Paragraphs of one document all get the same amount, so this
orders documents, never the paragraphs of one document.

>>> index = TitleIndex.build([
...     {"doc_id": "a", "title": "Treaty on the Prohibition of Nuclear Weapons", "language": "en"},
...     {"doc_id": "b", "title": "Report of the International Criminal Court", "language": "en"},
... ])
>>> index.scores([["treati"], ["nuclear"], ["weapon"]])
{'a': 1.0}
>>> {doc: round(share, 3) for doc, share in index.scores([["nuclear"], ["forc"]]).items()}
{'a': 0.279}
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from index.lexical import LexicalIndex

__all__ = ["TitleIndex"]

TITLE_FIELDS = (("title", None), ("title_en", "en"))
"""A document record's title fields and the language each is written in (``None``: the document's)."""


class TitleIndex:
    """BM25 over the documents' titles (one entry per title, several per document)."""

    def __init__(self, lexical: LexicalIndex | None, owners: Sequence[str]) -> None:
        self._lexical = lexical
        self._owners = np.asarray(owners, dtype=object)

    @classmethod
    def build(cls, documents: Iterable[Mapping[str, Any]]) -> TitleIndex:
        """The index of the records' ``title`` (in the document's ``language``) and ``title_en``."""
        texts: list[str] = []
        languages: list[str | None] = []
        owners: list[str] = []
        for record in documents:
            seen: set[str] = set()
            for name, lang in TITLE_FIELDS:
                title = str(record.get(name) or "").strip()
                if not title or title in seen:
                    continue
                seen.add(title)
                texts.append(title)
                languages.append(lang or (str(record["language"]) if record.get("language") else None))
                owners.append(str(record["doc_id"]))
        lexical = LexicalIndex.build(texts, languages=languages) if texts else None
        return cls(lexical, owners)

    def __len__(self) -> int:
        return len(self._owners)

    def scores(self, groups: Sequence[Sequence[str]]) -> dict[str, float]:
        """Each document whose title holds some of the question's term groups, with the idf-weighted
        share of the groups its best title holds (in (0, 1]; idf over the titles, a group no title
        holds weighs most). Empty when no title matches."""
        if self._lexical is None or not groups:
            return {}
        n = len(self._owners)
        found = [
            np.max([self._lexical.phrase_scores(a) for a in g], axis=0) > 0 if g else np.zeros(n, dtype=bool)
            for g in groups
        ]
        idf = np.array([np.log(1.0 + (n - int(f.sum()) + 0.5) / (int(f.sum()) + 0.5)) for f in found])
        total = float(idf.sum())
        if total <= 0.0:
            return {}
        share = np.sum([w * f for w, f in zip(idf, found, strict=True)], axis=0) / total
        out: dict[str, float] = {}
        for row in np.flatnonzero(share > 0):
            doc = str(self._owners[row])
            out[doc] = max(out.get(doc, 0.0), float(share[row]))
        return out
