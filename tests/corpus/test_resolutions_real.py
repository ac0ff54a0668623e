"""Real General Assembly resolutions and Human Rights Council decisions (issue 20), read the way the service does.

Symbols, titles and paragraph counts below were written down by hand from the printed texts, and the
sampled paragraphs copied from them. The files are listed in ``eval/corpora/resolutions/SOURCES.md``
and ``eval/corpora/un/SOURCES.md``; they live in ``eval/corpora/resolutions/files`` and
``eval/corpora/un/files`` (or ``QA_UN_DOCUMENTS``). Without them these tests are skipped and say so.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corpus.library import add_document
from corpus.loading import Corpus, load_corpus
from eval.readers import ROOT, documents_folder, similarity

RESOLUTIONS = ROOT / "eval" / "corpora" / "resolutions" / "files"
UN = documents_folder()

# file: (symbol, title, preambular paragraphs, operative paragraphs)
EXPECTED = {
    "A_RES_80_1-en.txt": ("A/RES/80/1", "Participation by the State of Palestine during the eightieth session", 5, 3),
    "A_RES_80_6-en.txt": ("A/RES/80/6", "Report of the International Criminal Court", 14, 32),
    "A_RES_80_10-en.txt": ("A/RES/80/10", "International Day of the World’s Indigenous Women and Girls", 11, 3),
    "A_RES_80_14-en.txt": ("A/RES/80/14", "African Nuclear-Weapon-Free Zone Treaty", 5, 8),
    "A_RES_73_7-en.pdf": ("A/RES/73/7", "Report of the International Criminal Court", 13, 28),
    "A_RES_73_8-en.pdf": (
        "A/RES/73/8",
        "Necessity of ending the economic, commercial and financial embargo imposed by the United States of America "
        "against Cuba",
        8,
        5,
    ),
}
SAMPLES = [
    ("A/RES/80/6", "preambular para. 4", "Reiterating the historic significance of the adoption of the Rome Statute,"),
    (
        "A/RES/80/6",
        "16",
        "Emphasizes the importance of cooperation with States that are not Parties to the Rome Statute;",
    ),
    (
        "A/RES/80/10",
        "1",
        "Decides to proclaim 5 September of each year as the International Day of the World’s Indigenous Women and "
        "Girls;",
    ),
    (
        "A/RES/80/14",
        "preambular para. 2",
        "Recalling also the signing of the African Nuclear-Weapon-Free Zone Treaty (Treaty of Pelindaba) in Cairo on "
        "11 April 1996,",
    ),
    (
        "A/RES/73/8",
        "preambular para. 1",
        "Determined to encourage strict compliance with the purposes and principles enshrined in the Charter of the "
        "United Nations,",
    ),
    (
        "A/RES/73/7",
        "1",
        "Welcomes the report of the International Criminal Court for 2017/18;",
    ),
]
DECISIONS = {
    # file: (symbol, title, paragraphs, first words of each)
    "A_HRC_DEC_14_105-en.pdf": (
        "A/HRC/DEC/14/105",
        "Outcome of the Universal Periodic Review: Slovenia",
        ("Acting in compliance", "Having conducted the review", "Adopts the outcome"),
    ),
    "A_HRC_DEC_59_112-en.pdf": (
        "A/HRC/DEC/59/112",
        "Outcome of the universal periodic review: Slovenia",
        ("Acting in compliance", "Having conducted the review", "Adopts the outcome"),
    ),
}

needs_resolutions = pytest.mark.skipif(
    not all((RESOLUTIONS / name).is_file() for name in EXPECTED),
    reason=f"the real resolutions are not in {RESOLUTIONS} (see eval/corpora/resolutions/SOURCES.md)",
)
needs_un = pytest.mark.skipif(
    not all((UN / name).is_file() for name in (*DECISIONS, "A_L.632-en.pdf")),
    reason=f"the real UN documents are not in {UN} (see eval/corpora/un/SOURCES.md)",
)


@pytest.fixture(scope="module")
def resolutions(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("resolutions")
    for name in EXPECTED:
        shutil.copyfile(RESOLUTIONS / name, folder / name)
    return load_corpus(folder, root=folder)


def _by_file(corpus: Corpus, name: str):  # type: ignore[no-untyped-def]
    return next(d for d in corpus if d.source.endswith(name))


@needs_resolutions
@pytest.mark.parametrize("name", list(EXPECTED))
def test_symbol_title_and_paragraphs_of_a_real_resolution(resolutions: Corpus, name: str) -> None:
    symbol, title, preambular, operative = EXPECTED[name]
    doc = _by_file(resolutions, name)
    assert doc.symbol == symbol
    assert doc.info.title == title
    pre = [p for p in doc.paragraphs if p.entry.startswith("preambular para. ")]
    assert [p.entry for p in pre] == [f"preambular para. {n}" for n in range(1, preambular + 1)]
    numbers = [p.paragraph for p in doc.paragraphs if p.paragraph]
    assert numbers == [str(n) for n in range(1, operative + 1)]
    assert {p.entry for p in doc.paragraphs} == {p.entry for p in pre} | set(numbers), "no other unnumbered text"
    assert pre[0].citation == f"{symbol}, preambular para. 1"


@needs_resolutions
@pytest.mark.parametrize(("symbol", "entry", "printed"), SAMPLES)
def test_printed_paragraphs_of_real_resolutions(resolutions: Corpus, symbol: str, entry: str, printed: str) -> None:
    found = resolutions.paragraph(symbol, entry)
    assert similarity(printed, found.text) >= 0.95, found.text


@needs_un
@pytest.mark.parametrize("name", list(DECISIONS))
def test_a_real_decision_is_read_and_cited_by_position(tmp_path: Path, name: str) -> None:
    symbol, title, starts = DECISIONS[name]
    added = add_document(tmp_path, (UN / name).read_bytes(), filename=name)
    assert added.symbol == symbol
    doc = load_corpus(tmp_path).resolve(symbol)
    assert doc.info.title == title
    assert [p.text.split(" ", 3)[:3] for p in doc.paragraphs] == [s.split(" ")[:3] for s in starts]
    assert [p.citation for p in doc.paragraphs] == [f"{symbol}, unnumbered para. {n}" for n in (1, 2, 3)]
    assert "meeting" not in doc.paragraphs[-1].text.split("[", 1)[0][-40:], "the adoption line is not a paragraph"


@needs_un
def test_the_1971_draft_a_l_632_is_read(tmp_path: Path) -> None:
    added = add_document(tmp_path, (UN / "A_L.632-en.pdf").read_bytes(), filename="A_L.632-en.pdf")
    assert added.symbol == "A/L.632"
    (p,) = load_corpus(tmp_path).resolve("A/L.632").paragraphs
    assert p.text.startswith("Recalling the provisions of the Charter of the United Nations, Decides that any proposal")
    assert p.citation == "A/L.632, unnumbered para. 1"
