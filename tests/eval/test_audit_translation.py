"""The translation audit as a regression test: no English question of our sets translates a function
word, or a word into a name the question does not write as one."""

from __future__ import annotations

from eval.audit_translation import audit, english_questions
from qa.glossary import load_glossary
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT


def _alternatives(searcher: Searcher, text: str) -> set[str]:
    groups, _ = searcher.translator.translate(text, searcher.store.vocabulary)
    return {a for g in groups for a in g.alternatives}


def test_no_question_of_our_sets_is_mistranslated(searcher: Searcher) -> None:
    rows = english_questions(PROJECT_ROOT / "eval" / "questions")
    assert len(rows) > 300
    n_questions, n_groups, mistakes = audit(
        rows, searcher.translator, searcher.store.vocabulary, glossary=load_glossary()
    )
    assert n_questions == len(rows) and n_groups > n_questions
    assert mistakes == [], "\n".join(f"{m.id}: {m.source} → {m.alternative} ({m.reason})" for m in mistakes)


def test_the_audit_finds_the_mistakes_it_is_about(searcher: Searcher) -> None:
    """The oracle itself: a translator that still reads ``Who`` as WHO is caught."""
    from qa.glossary import Glossary

    loose = Glossary({"who": ("世界卫生组织",)})  # an entry not in capitals matches any case
    translator = type(searcher.translator)(searcher.translator.lookup, loose)
    _, _, mistakes = audit(
        [{"id": "x", "question": "Who co-chairs Local2030?"}],
        translator,
        searcher.store.vocabulary,
        glossary=load_glossary(),
    )
    assert [(m.source, m.alternative, m.reason) for m in mistakes] == [("Who", "世界卫生组织", "function word")]


def test_question_words_are_not_names_but_acronyms_are(searcher: Searcher) -> None:
    assert "世界卫生组织" not in _alternatives(searcher, "Who co-chairs Local2030?")
    assert "世界卫生组织" in _alternatives(searcher, "Which sourcebook did UN-Habitat publish with WHO?")
    assert not _alternatives(searcher, "who what when does they if") & {"世界卫生组织", "如果", "他们"}


def test_a_name_sense_needs_a_name_in_the_question(searcher: Searcher) -> None:
    assert "巴西" in _alternatives(searcher, "refugees in cities of Brazil")
    assert "巴西" not in _alternatives(searcher, "refugees in cities of brazil")
