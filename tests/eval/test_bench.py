"""`qa bench --quick` runs end to end and writes every section (figures are checked by reading them, not here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.bench import TARGETS, run_benchmarks
from qa.retrieval import Searcher
from qa.settings import Settings


@pytest.mark.slow
def test_quick_benchmark_writes_all_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, searcher: Searcher, index_settings: Settings
) -> None:
    monkeypatch.setenv("QA_INDEX_DIR", str(index_settings.index_dir))
    monkeypatch.setenv("QA_CACHE_PATH", str(index_settings.cache_path))
    out = tmp_path / "latest.json"
    figures = run_benchmarks(quick=True, out=out)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["quick"] is True
    assert {"queries", "build", "startup", "scale", "fairness", "checks"} <= set(written)
    assert written["fairness"]["short_p99_under_long_load_over_idle"] > 0
    assert written["startup"]["startup_to_healthy_s"] is not None
    assert written["build"]["refresh_unchanged_rebuilt"] is False
    assert written["build"]["refresh_after_adding_embedded"] == written["build"]["added_paragraphs"]
    assert {r["type"] for r in written["scale"]["dense"]} == {"flat", "hnsw", "ivf"}
    assert set(figures["checks"]) <= set(TARGETS)
