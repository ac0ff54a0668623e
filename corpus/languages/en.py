"""English: Snowball (Porter 2) stems; UN citation ``A/HRC/7/3, para. 12``, ``para. 12 (a)``.

BM25's English stop words are the ones ``index.tokenization.STOPWORDS`` always had (kept as they
were so that rankings do not move); the list here is the same words."""

from __future__ import annotations

from corpus.languages import LanguageRules

RULES = LanguageRules(
    code="en",
    name="English",
    stemmer="english",
    stop_words=frozenset(
        "a an the of and or to in on for by with at from as is are was were be been what which who whom how when "
        "where why did does do has have had its it this that these those there their about into than after before "
        "any all some many much more most".split()
    ),
    function_words=frozenset(
        "the of and to in is that for on with by as are was were be this from which has have its "
        "what how who why when where many much did does".split()
    ),
    paragraph_word="para.",
    paragraph_words=(r"\bpara(?:graph)?s?\.?", r"¶"),
    footnote_word="footnote",
)
