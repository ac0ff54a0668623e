"""`qa corpus` and `qa show` through typer's CliRunner."""

from __future__ import annotations

from typer.testing import CliRunner

from qa.cli import app

runner = CliRunner()


def test_qa_corpus_lists_documents() -> None:
    result = runner.invoke(app, ["corpus"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 5
    assert lines[0].split("\t")[1] == "HSP/HA.2/4"
    assert lines[0].split("\t")[-1] == "70"


def test_qa_show_by_symbol() -> None:
    result = runner.invoke(app, ["show", "HSP/HA.2/4", "19"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("HSP/HA.2/4, para. 19")
    assert "2022 年，1.5 亿人无家可归" in result.stdout


def test_qa_show_unknown_is_a_clear_error() -> None:
    result = runner.invoke(app, ["show", "HSP/NOPE", "1"])
    assert result.exit_code == 2
    assert "unknown document" in result.output
    assert "Traceback" not in result.output
