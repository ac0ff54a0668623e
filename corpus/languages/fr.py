"""French: Snowball stems, elided articles dropped (``l'homme`` → ``homm``); UN citation
``A/HRC/WG.6/7/ITA/1, par. 12`` and ``par. 12 a)``, as French UN documents print them."""

from __future__ import annotations

from corpus.languages import LanguageRules


def _subitem(number: str, letter: str) -> str:
    return f"{number} {letter})"


RULES = LanguageRules(
    code="fr",
    name="French",
    stemmer="french",
    stop_words=frozenset(
        "a à au aux avec ce ces cet cette dans de des du elle en et est été être il ils la le les leur leurs lui "
        "mais ne ni nos notre ou où par pas pour qu que qui sa se ses son sont sur ta te tes toi ton tous tout "
        "toute toutes un une vos votre y l d j m n s t c "
        "combien comment quel quelle quels quelles pourquoi quand quoi est-ce ont sera seront".split()
    ),
    function_words=frozenset(
        "le la les des du de et en est une un pour dans que qui sur par au aux ont été "
        "combien comment quel quelle quels quelles pourquoi où nul ni sera sont ne pas il elle ils tout toute "
        "tous leur leurs avec".split()
    ),
    paragraph_word="par.",
    paragraph_words=(r"\bpar\.", r"\bparagraphes?"),
    footnote_word="note",
    subitem=_subitem,
)
