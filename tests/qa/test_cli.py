"""``qa ask`` and the CLI-wide behaviour: --version, completion, help, formats, marks, no hard wrap."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa import __version__
from qa.cli import app
from qa.settings import PROJECT_ROOT, Settings

runner = CliRunner()


@pytest.fixture
def ask_args(index_settings: Settings, searcher: object, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The session index (``searcher`` builds it); the embedding cache shared with it."""
    monkeypatch.setenv("QA_CACHE_PATH", str(index_settings.cache_path))
    return ["--index-dir", str(index_settings.index_dir)]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"qa (un-docs-qa) {__version__}"


def test_help_offers_completion_and_no_bool_beside_flags() -> None:
    top = runner.invoke(app, ["--help"])
    assert "--install-completion" in top.stdout
    ask = runner.invoke(app, ["ask", "--help"])
    assert ask.exit_code == 0
    assert "<bool>" not in top.stdout + ask.stdout
    assert "--format" in ask.stdout and "<int>" in ask.stdout


def test_help_names_the_six_official_languages() -> None:
    """Questions in all six official languages are answered: the help said "in Chinese or English"."""
    for args in (["--help"], ["ask", "--help"]):
        said = " ".join(runner.invoke(app, args, env={"COLUMNS": "200"}).stdout.split())
        assert "Chinese or English" not in said
        assert all(name in said for name in ("Arabic", "Chinese", "English", "French", "Russian", "Spanish")), said


def test_ask_text_marks_and_does_not_wrap(ask_args: list[str], tmp_path: Path) -> None:
    """In a real process with a 60-column colour terminal."""
    env = {**os.environ, "FORCE_COLOR": "1", "COLUMNS": "60", "TERM": "xterm-256color"}
    proc = subprocess.run(
        [sys.executable, "-m", "qa.cli", "ask", "2022年全球有多少人无家可归？", "-k", "2", *ask_args],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "DEBUG" not in proc.stdout + proc.stderr
    # The citation is printed bold as a whole: no colour codes between its digits.
    assert "HSP/HA.2/4, para. 19" in out
    assert not re.search(r"HSP/HA\.\x1b\[[0-9;]*m2", out)
    assert "\x1b[1m" in out, "the answering sentence is bold"
    assert "\x1b[4m" in out, "the question's words are underlined"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    paragraph = next(line for line in plain.splitlines() if "1.5 亿人无家可归" in line)
    assert len(paragraph) > 60, "Chinese text is not hard-wrapped at the terminal width"


def test_ask_formats(ask_args: list[str]) -> None:
    q = "2022年全球有多少人无家可归？"
    as_json = json.loads(runner.invoke(app, ["ask", q, "-k", "3", "--format", "json", *ask_args]).stdout)
    alias = json.loads(runner.invoke(app, ["ask", q, "-k", "3", "--json", *ask_args]).stdout)
    as_json.pop("took_ms")
    alias.pop("took_ms")
    assert as_json == alias
    citations = [h["citation"] for h in as_json["results"]]
    rows = list(
        csv.DictReader(
            io.StringIO(runner.invoke(app, ["ask", q, "-k", "3", "-f", "csv", *ask_args]).stdout.lstrip("\ufeff"))
        )
    )
    assert [r["citation"] for r in rows] == citations
    md = runner.invoke(app, ["ask", q, "-k", "3", "-f", "md", *ask_args]).stdout
    assert [e.split(" — ")[0] for e in md.strip().split("\n\n")] == citations
    bad = runner.invoke(app, ["ask", q, "-f", "xlsx", *ask_args])
    assert bad.exit_code == 2 and "xlsx" in bad.output


def test_doc_by_session_label(ask_args: list[str]) -> None:
    for label in ("HSP/EB.2020", "(HSP/EB.2020)"):
        result = runner.invoke(app, ["ask", "执行局", "-k", "2", "--doc", label, "--json", *ask_args])
        assert result.exit_code == 0, result.output
        hits = json.loads(result.stdout)["results"]
        assert hits and {h["doc_id"] for h in hits} == {"001_2a97e9fcc96299fc"}
    unknown = runner.invoke(app, ["ask", "执行局", "--doc", "HSP/EB.1999", *ask_args])
    assert unknown.exit_code == 2 and "unknown document" in unknown.output
