"""`qa show` opens a resolution's preambular paragraph and a decision's unnumbered one by the names UN texts use."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from tests.corpus.test_preamble import DECISION, DECISION_BODY, PREAMBLE, RESOLUTION

runner = CliRunner()


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "res.txt").write_text(RESOLUTION, encoding="utf-8")
    (corpus / "dec.txt").write_text(DECISION, encoding="utf-8")
    monkeypatch.setenv("QA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("QA_PARSE_CACHE_DIR", str(tmp_path / "parse-cache"))
    return corpus


@pytest.mark.parametrize("name", ["preambular para. 2", "second preambular paragraph", "pp. 2", "序言部分第2段"])
def test_show_a_preambular_paragraph(folder: Path, name: str) -> None:
    result = runner.invoke(app, ["show", "A/RES/80/6", name])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first == "A/RES/80/6, preambular para. 2  (A/RES/80/6号文件序言部分第2段)"
    assert PREAMBLE[1] in result.stdout


def test_show_an_unnumbered_paragraph_of_a_decision(folder: Path) -> None:
    result = runner.invoke(app, ["show", "A/HRC/DEC/14/105", "unnumbered para. 3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "A/HRC/DEC/14/105, unnumbered para. 3  (A/HRC/DEC/14/105号文件第3个未编号段落)"
    )
    assert DECISION_BODY[2] in result.stdout


def test_a_missing_preambular_paragraph_is_a_clear_error(folder: Path) -> None:
    result = runner.invoke(app, ["show", "A/RES/80/6", "preambular para. 9"])
    assert result.exit_code != 0
    assert "preambular para" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "question",
    [
        "A/RES/80/6, preambular para. 4",
        "the fourth preambular paragraph of A/RES/80/6",
        "A/RES/80/6号文件序言部分第4段",
    ],
)
def test_a_question_naming_a_preambular_paragraph_refers_to_it_not_to_operative_paragraph_4(question: str) -> None:
    from qa.references import ParagraphRef, read_references

    refs = read_references(question, ("A/RES/80/6",))
    assert refs.paragraphs == (ParagraphRef("A/RES/80/6", "preambular para. 4"),)
    assert read_references("A/RES/80/6, para. 4", ("A/RES/80/6",)).paragraphs == (ParagraphRef("A/RES/80/6", "4"),)
