"""``qa ask`` prints the judgement: each hit's match, and a plain line when the documents do not answer."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from qa.cli import NOT_ANSWERED, app
from qa.settings import Settings

runner = CliRunner()


@pytest.fixture
def ask_args(index_settings: Settings, searcher: object, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("QA_CACHE_PATH", str(index_settings.cache_path))
    return ["--index-dir", str(index_settings.index_dir)]


def _plain(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_text_output_says_when_the_documents_do_not_answer(ask_args: list[str]) -> None:
    out = _plain(runner.invoke(app, ["ask", "国际法院现任院长是谁？", "-k", "3", *ask_args]).stdout)
    assert NOT_ANSWERED in out
    assert "strong match" not in out and re.search(r"(related|weak) match", out)
    answered = _plain(runner.invoke(app, ["ask", "2022年全球有多少人无家可归？", "-k", "3", *ask_args]).stdout)
    assert NOT_ANSWERED not in answered and "strong match" in answered


def test_notes_are_printed_and_json_carries_the_judgement(ask_args: list[str]) -> None:
    out = _plain(runner.invoke(app, ["ask", "HSP/HA.2/4, para. 99", "-k", "2", *ask_args]).stdout)
    assert "note: HSP/HA.2/4 has no paragraph 99" in out
    data = json.loads(runner.invoke(app, ["ask", "HSP/HA.2/4, para. 19", "-k", "2", "--json", *ask_args]).stdout)
    assert data["answered"] is True and data["results"][0]["match"] == "strong"
