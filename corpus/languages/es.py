"""Spanish: Snowball stems; UN citation ``A/HRC/7/3, párr. 12`` and ``párr. 12 a)``."""

from __future__ import annotations

from corpus.languages import LanguageRules


def _subitem(number: str, letter: str) -> str:
    return f"{number} {letter})"


RULES = LanguageRules(
    code="es",
    name="Spanish",
    stemmer="spanish",
    stop_words=frozenset(
        "a al con como de del desde e el en entre es esta este esto están fue ha han la las le les lo los más "
        "ni no o os para pero por que se sin sobre son su sus también u un una uno unos y ya "
        "cuántos cuántas cuánto cuál cuáles cómo qué dónde cuándo quién quiénes".split()
    ),
    function_words=frozenset(
        "el la los las del de y en es una un para por que con se su al ha han sobre "
        "cuántos cuántas cuál cuáles cómo qué dónde nadie ni será están todo toda todos todas tiene tienen "
        "los y del".split()
    ),
    paragraph_word="párr.",
    paragraph_words=(r"\bp[áa]rr\.", r"\bp[áa]rrafos?"),
    footnote_word="nota",
    subitem=_subitem,
)
