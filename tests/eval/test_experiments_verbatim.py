"""The six-language check (eval.experiments.verbatim_versions) end to end: real model, real index, six versions."""

from __future__ import annotations

import json
from pathlib import Path

from eval.experiments.verbatim_versions import main, opening
from tests.conftest import CORPUS_DIR
from tests.fixtures.six_languages import PARAGRAPHS, write_six


def test_opening() -> None:
    assert opening("Tous les êtres humains naissent libres. Ils sont doués de raison.") == (
        "Tous les êtres humains naissent libres."
    )
    assert opening("人人有权享有生命、自由和人身安全。其他。") == "人人有权享有生命、自由和人身安全。"
    assert opening("Article 1. All human beings are born free.") == "Article 1. All human beings are born free."
    assert opening("no sentence end here") == "no sentence end here"


def test_each_version_s_sentences_lead_with_their_own_language(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir()
    small = "004_723cbf81696a18db.txt"
    (base / small).write_bytes((CORPUS_DIR / small).read_bytes())
    (base / "documents.toml").write_text(f'[[document]]\nfile = "{small}"\nlanguage = "zh"\n', encoding="utf-8")
    versions = write_six(tmp_path / "six")
    files = sorted(versions.glob("udhr_*.txt"))
    out = tmp_path / "verbatim.json"
    code = main([*map(str, files), "--base", str(base), "--index-dir", str(tmp_path / "index"), "--out", str(out)])
    assert code == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["languages"] == ["ar", "en", "es", "fr", "ru", "zh"]
    for setting in ("pools", "one pool"):
        for lang, paragraphs in PARAGRAPHS.items():
            row = results[setting][lang]
            assert row["sentences"] == len(paragraphs), (setting, lang)
            assert row["paragraph_first"] == row["led_by_own_language"] == len(paragraphs), (setting, lang, row)
