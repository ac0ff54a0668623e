"""Settings that cannot work are refused at start with a clear message (issue 19)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from qa.cli import app
from qa.settings import Settings


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        (
            "QA_MAX_UPLOAD_BYTES",
            "-1",
            "max_upload_bytes (QA_MAX_UPLOAD_BYTES): Input should be greater than or equal to 1",
        ),
        ("QA_MAX_UPLOAD_BYTES", "0", "greater than or equal to 1 (given: '0')"),
        ("QA_MAX_BODY_BYTES", "-5", "max_body_bytes (QA_MAX_BODY_BYTES)"),
        ("QA_MAX_QUESTION_CHARS", "0", "max_question_chars (QA_MAX_QUESTION_CHARS)"),
        ("QA_MAX_PARAGRAPH_CHARS", "-1", "max_paragraph_chars (QA_MAX_PARAGRAPH_CHARS)"),
        ("QA_HEADER_TIMEOUT", "0", "header_timeout (QA_HEADER_TIMEOUT): Input should be greater than 0"),
        ("QA_HEADER_TIMEOUT", "nan", "header_timeout (QA_HEADER_TIMEOUT)"),
        ("QA_ADMIN_TOKEN", "   ", "the admin token is blank"),
        ("QA_MILVUS_COLLECTION", " ", "milvus_collection (QA_MILVUS_COLLECTION): must not be empty"),
    ],
)
def test_nonsensical_settings_are_refused_at_start(
    variable: str, value: str, message: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv("QA_INDEX_DIR", str(tmp_path / "index"))
    result = CliRunner().invoke(app, ["serve", "--port", "9"])
    out = " ".join(result.output.split())
    assert result.exit_code == 2 and "bad setting:" in out and message in out, out
    assert "Traceback" not in out and "pydantic.dev" not in out
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # refused before anything was built


def test_a_secret_is_never_echoed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QA_ADMIN_TOKEN", " hunter2-but-padded ")
    result = CliRunner().invoke(app, ["index"])
    assert result.exit_code == 2 and "white space" in result.output and "hunter2" not in result.output


def test_sensible_settings_are_kept() -> None:
    s = Settings(max_upload_bytes=1, header_timeout=0.5, admin_token="t0ken")
    assert (s.max_upload_bytes, s.header_timeout, s.admin_token) == (1, 0.5, "t0ken")
