"""``qa show --lang`` and ``qa corpus``'s version warnings, on the bilingual corpus."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from qa.cli import app
from tests.conftest import BILINGUAL_DIR

runner = CliRunner()


@pytest.fixture
def bilingual_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_CORPUS_DIR", str(BILINGUAL_DIR))


@pytest.mark.usefixtures("bilingual_env")
def test_show_lang_en_prints_the_english_version() -> None:
    result = runner.invoke(app, ["show", "HSP/HA.2/4", "19", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("HSP/HA.2/4, para. 19")
    assert "In 2022, 150 million people were homeless." in result.stdout
    default = runner.invoke(app, ["show", "HSP/HA.2/4", "19"])
    assert "无家可归" in default.stdout


@pytest.mark.usefixtures("bilingual_env")
def test_show_unknown_lang_exits_2_naming_the_allowed() -> None:
    result = runner.invoke(app, ["show", "HSP/HA.2/4", "19", "--lang", "de"])
    assert result.exit_code == 2
    assert "zh, en, fr, es, ru, ar" in result.output


@pytest.mark.usefixtures("bilingual_env")
def test_corpus_reports_paragraphs_one_version_lacks() -> None:
    result = runner.invoke(app, ["corpus"])
    assert result.exit_code == 0, result.output
    assert "HSP/HA.2/4 (en): no paragraph 50" in result.output
