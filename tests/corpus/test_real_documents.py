"""The readers on real UN documents (``eval/corpora/un``): paragraphs by their own numbers, printed texts,
titles, symbols and header facts as written down by hand in ``eval/corpora/un/expected/``.

The documents themselves are listed with their sources in ``eval/corpora/un/SOURCES.md``; they live
in ``eval/corpora/un/files`` (or ``QA_UN_DOCUMENTS``). Without them these tests are skipped and say so.
"""

from __future__ import annotations

import json
import os
import shutil
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.loading import Corpus, load_corpus
from corpus.readers import read_document
from eval.readers import EXPECTED, ROOT, documents_folder, similarity
from qa.cli import app

FOLDER = documents_folder()
pytestmark = pytest.mark.skipif(
    not (FOLDER / "udhr_en.txt").is_file(),
    reason=f"the real UN documents are not in {FOLDER} (see eval/corpora/un/SOURCES.md)",
)

PDFS = ("A_HRC_14_15_Add.1-en.pdf", "A_HRC_WG.6_7_SVN_3-en.pdf", "A_HRC_WG.6_20_SVN_2-en.pdf")
"""An addendum answering grouped recommendations, the 2009 layout, the 2014 layout (8–14 pages each)."""
UDHR = tuple(f"udhr_{lang}.txt" for lang in ("ar", "zh", "en", "fr", "ru", "es"))


def _expected(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (EXPECTED / name).read_text(encoding="utf-8").splitlines() if line.strip()]


WANT = {row["file"]: row for row in _expected("documents.jsonl")}
SAMPLES = _expected("paragraphs.jsonl")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("real")
    for name in (*PDFS, *UDHR):
        shutil.copyfile(FOLDER / name, folder / name)
    return load_corpus(folder, root=folder)


def _doc(real: Corpus, file: str):  # type: ignore[no-untyped-def]
    return next(d for d in real if d.source == file)


@pytest.mark.parametrize("file", PDFS + UDHR)
def test_every_numbered_paragraph_under_its_own_number(real: Corpus, file: str) -> None:
    doc = _doc(real, file)
    numbers = [int(p.paragraph) for p in doc.paragraphs if p.paragraph and p.paragraph.isdigit()]
    # One answer may stand for several numbers printed together (77., 78., 79., 82.): order aside.
    assert sorted(numbers) == list(range(1, int(WANT[file]["numbered"]) + 1))


@pytest.mark.parametrize("file", PDFS + UDHR)
def test_title_symbol_and_header_facts(real: Corpus, file: str) -> None:
    want, info = WANT[file], _doc(real, file).info
    assert info.title == want["title"]
    assert (info.symbol or "") == want["symbol"]
    assert info.language == want["lang"]
    for field, attr in (
        ("date", "date"),
        ("body", "body"),
        ("session", "session_label"),
        ("agenda_item", "agenda_item"),
    ):
        if field in want:
            assert getattr(info, attr) == want[field], field


@pytest.mark.parametrize(
    "sample",
    [s for s in SAMPLES if s["file"] in PDFS + UDHR],
    ids=lambda s: f"{s['file']}#{s['paragraph']}",
)
def test_printed_paragraph_texts(real: Corpus, sample: dict[str, str]) -> None:
    para = _doc(real, sample["file"]).paragraph(sample["paragraph"])
    assert para is not None
    assert similarity(sample["text"], para.text) >= 0.95, para.text


def test_no_table_of_contents_row_and_no_page_furniture_in_paragraphs(real: Corpus) -> None:
    for file in PDFS:
        for p in _doc(real, file).paragraphs:
            assert "....." not in p.text and "GE.09-" not in p.text and not p.text.startswith("Page ")


def test_the_old_layout_and_its_removed_furniture() -> None:
    source = read_document(FOLDER / "A_HRC_WG.6_7_SVN_3-en.pdf")
    assert source.symbol == "A/HRC/WG.6/7/SVN/3"
    kinds = {r.kind for r in source.removed}
    assert {"running header/footer lines", "masthead lines"} <= kinds
    assert "12 November 2009" in source.header_lines and "UNITED" not in source.text.split("\n\n")[4:]


def test_symbol_split_across_the_banner_reads_whole() -> None:
    """A one-page decision: no running header, "A" printed apart from "/HRC/DEC/14/105"."""
    source = read_document(FOLDER / "A_HRC_DEC_14_105-en.pdf")
    assert source.symbol == "A/HRC/DEC/14/105"
    assert "/HRC/DEC/14/105" not in source.text


def test_qa_add_says_what_it_removed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    env = {
        "QA_CORPUS_DIR": str(corpus),
        "QA_INDEX_DIR": str(tmp_path / "index"),
        "QA_PARSE_CACHE_DIR": str(tmp_path / "parse-cache"),
        "QA_CACHE_PATH": os.environ.get("QA_TEST_CACHE", str(ROOT / "var" / "test-embedding-cache.sqlite")),
    }
    result = CliRunner().invoke(app, ["add", str(FOLDER / "A_HRC_WG.6_7_SVN_2_Corr.1-en.pdf")], env=env)
    assert result.exit_code == 0, result.output
    assert "symbol: A/HRC/WG.6/7/SVN/2/Corr.1" in result.stdout
    assert "1 numbered paragraph, " in result.stdout
    removed = next(line for line in result.stdout.splitlines() if line.strip().startswith("removed:"))
    assert "masthead lines" in removed and "symbol lines" in removed
    # The header facts go into the manifest, so /documents and the page's facets have them.
    entry = tomllib.loads((corpus / "added.toml").read_text(encoding="utf-8"))["document"][0]
    assert (entry["date"], entry["body"], entry["session_label"]) == (
        "2009-12-22",
        "Working Group on the Universal Periodic Review",
        "Seventh session",
    )
