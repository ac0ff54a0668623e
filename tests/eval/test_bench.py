"""`qa bench` and `qa eval`: they say why they fail, survive closed keep-alive connections, and leave the
tracked tree alone unless asked (issue 22, item 2). Real processes, a real server, a real git checkout."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.bench import TARGETS, KeepAliveClient, _service, _stage_p50, default_out, disturbance, server_timing
from eval.scale import in_child
from qa.cli import app
from qa.retrieval import Searcher
from qa.settings import PROJECT_ROOT, Settings

runner = CliRunner()


def test_a_stage_that_fails_says_which_and_why_and_exits_non_zero(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "index"
    not_a_folder.write_text("a file where the index folder should be", encoding="utf-8")
    out = tmp_path / "figures.json"
    result = runner.invoke(
        app, ["bench", "--only", "queries", "--out", str(out)], env={"QA_INDEX_DIR": str(not_a_folder)}
    )
    assert result.exit_code == 1, result.output
    assert "the benchmark failed: queries:" in result.output
    assert str(not_a_folder) in " ".join(result.output.split()) or "index" in result.output
    assert not out.exists()


def test_a_child_measurement_that_fails_raises_its_reason_instead_of_waiting_for_ever() -> None:
    with pytest.raises(RuntimeError, match=r"getpid failed: TypeError"):
        in_child(os.getpid)  # called as getpid(queue): a TypeError in the child


def test_an_unknown_stage_is_a_clear_error() -> None:
    result = runner.invoke(app, ["bench", "--only", "nosuch"])
    assert result.exit_code == 1 and "no such stage nosuch" in result.output


def test_a_quick_run_is_never_saved_to_the_tracked_figures() -> None:
    result = runner.invoke(app, ["bench", "--quick", "--save"])
    assert result.exit_code == 1 and "not saved" in result.output


def test_figures_go_to_var_by_default() -> None:
    assert default_out(quick=True).is_relative_to(PROJECT_ROOT / "var")
    assert default_out(quick=False).is_relative_to(PROJECT_ROOT / "var")


def test_the_client_reconnects_when_the_server_closed_its_keep_alive_connection(
    searcher: Searcher, index_settings: Settings
) -> None:
    """Against `qa serve --keep-alive 1`, a pause of 1.5 s between questions closes the connection."""
    settings = Settings(index_dir=index_settings.index_dir, cache_path=index_settings.cache_path)
    with _service(settings, keep_alive=1) as (base, _, healthy):
        assert healthy is not None
        client = KeepAliveClient(base, timeout=60)
        statuses = []
        for question in ("执行局的决定", "How many people were homeless in 2022?", "城乡联系"):
            status, body, stages = client.post_timed("/ask", {"question": question, "top_k": 1})
            statuses.append(status)
            assert json.loads(body)["results"]
            assert list(stages) == ["analyse", "encode", "rank", "serialize", "app"]
            time.sleep(1.5)
    assert statuses == [200, 200, 200]
    assert client.reconnects >= 2


def test_server_timing_is_read_stage_by_stage() -> None:
    header = 'analyse;dur=0.41, encode;desc="the model";dur=17.2, rank;dur=3, serialize;dur=0.6, app;dur=22.5'
    stages = server_timing(header)
    assert stages == {"analyse": 0.41, "encode": 17.2, "rank": 3.0, "serialize": 0.6, "app": 22.5}
    assert server_timing(None) == {} and server_timing("cache;desc=hit, db;dur=x") == {}
    # The HTTP layer is what the app spent beyond its stages; outside the app, what the client waited beyond it.
    summary = _stage_p50([stages, stages], [0.0251, 0.0251])
    assert summary["http_layer"] == 1.29 and summary["outside_app"] == 2.6
    assert _stage_p50([{}, stages], [0.02, 0.02]) == {}


# -- the tracked tree stays clean ------------------------------------------------------------


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The project's tracked files in a git repository of their own, committed: `git status` starts clean."""
    root = tmp_path_factory.mktemp("checkout")
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        source = PROJECT_ROOT / name
        if source.is_file():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / name)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    subprocess.run([*git, "add", "-A"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-qm", "tracked files"], cwd=root, check=True)
    yield root


def _run_in(root: Path, index_settings: Settings, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "QA_INDEX_DIR": str(index_settings.index_dir),
        "QA_CACHE_PATH": str(index_settings.cache_path),
    }
    for name in ("QA_CORPUS_DIR", "QA_PARSE_CACHE_DIR"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "qa.cli", *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout
    )


def _status(root: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True).stdout


def test_qa_eval_writes_var_and_leaves_the_tracked_tree_unchanged(
    checkout: Path, searcher: Searcher, index_settings: Settings
) -> None:
    result = _run_in(checkout, index_settings, "eval", "eval/questions/dev.jsonl", "-m", "bm25", timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    (saved,) = (checkout / "var" / "eval").glob("dev-bm25-*/report.json")  # a new run folder under var/eval
    report = json.loads(saved.read_text(encoding="utf-8"))
    assert report["split"] == "dev"
    assert _status(checkout) == ""


@pytest.mark.slow
def test_qa_bench_quick_completes_and_leaves_the_tracked_tree_unchanged(
    checkout: Path, searcher: Searcher, index_settings: Settings
) -> None:
    result = _run_in(checkout, index_settings, "bench", "--quick", timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _status(checkout) == ""
    written = json.loads((checkout / "var" / "benchmarks" / "quick.json").read_text(encoding="utf-8"))
    assert written["quick"] is True
    assert {"queries", "build", "startup", "scale", "fairness", "follow", "checks"} <= set(written)
    assert len(written["follow"]["follow_s"]) == 2 and written["follow"]["follow_max_s"] > 0  # qa add, qa remove
    assert [row["long_clients"] for row in written["fairness"]["under_long_load"]] == [4, 8]
    assert written["fairness"]["short_p99_under_8_long_clients_over_idle"] > 0
    assert written["startup"]["startup_to_healthy_s"] is not None
    assert written["build"]["refresh_unchanged_rebuilt"] is False
    assert written["build"]["refresh_after_adding_embedded"] == written["build"]["added_paragraphs"]
    assert {r["type"] for r in written["scale"]["dense"]} == {"flat", "hnsw", "ivf"}
    assert set(written["checks"]) <= set(TARGETS)
    assert "the full run (qa bench)" in result.stdout


def test_a_run_disturbed_by_other_work_is_told_apart() -> None:
    """The bare engine's p50 encode, measured before the stages, in the queries stage and after them: a run where
    it moved by more than half (another job took the cores) is flagged, and ``--save`` refuses it."""
    quiet = {"before the stages": 20.1, "in the queries stage": 20.8, "after them": 21.5}
    assert disturbance(quiet) is None
    busy = {"before the stages": 20.4, "in the queries stage": 125.6, "after them": 21.0}
    reason = disturbance(busy)
    assert reason is not None and "125.6 ms in the queries stage" in reason and "disturbed" in reason
    assert disturbance({"before the stages": 20.0}) is None
