"""Saved evaluations: one folder per run under ``QA_EVAL_DIR`` (``var/eval``), plus folders written
elsewhere with ``--out`` (remembered in ``runs.txt`` there), listed at ``/eval`` and opened at ``/eval/<name>``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock

from qa.exceptions import EvaluationError, NotFound

__all__ = ["RUN_NAME", "SavedRun", "find_run", "list_runs", "new_run_folder", "register_run"]

RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")
"""A run's name is its folder's name: letters, digits, ``._+-``; never a path."""
REGISTRY = "runs.txt"


@dataclass(frozen=True)
class SavedRun:
    name: str
    path: Path
    meta: dict[str, Any]
    kind: str
    """``evaluation`` or ``comparison``."""


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:60] or "run"


def new_run_folder(root: Path, set_name: str, modes: list[str]) -> Path:
    """A fresh folder name: ``<set>-<modes>-<UTC time>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    base = f"{_slug(set_name)}-{_slug('+'.join(modes))}-{stamp}"
    folder, n = root / base, 1
    while folder.exists():
        n += 1
        folder = root / f"{base}-{n}"
    return folder


def register_run(root: Path, folder: Path) -> None:
    """Remember a run folder outside ``root`` so that ``/eval`` lists it."""
    folder = folder.resolve()
    root.mkdir(parents=True, exist_ok=True)
    if folder.parent == root.resolve():
        return
    registry = root / REGISTRY
    with FileLock(str(registry) + ".lock"):
        known = registry.read_text(encoding="utf-8").splitlines() if registry.exists() else []
        if str(folder) not in known:
            with registry.open("a", encoding="utf-8") as f:
                f.write(f"{folder}\n")


def _kind(folder: Path) -> str | None:
    if (folder / "comparison.json").is_file():
        return "comparison"
    if (folder / "report.json").is_file():
        return "evaluation"
    return None


def _read(folder: Path) -> SavedRun | None:
    kind = _kind(folder)
    if kind is None or not RUN_NAME.match(folder.name) or not (folder / "report.html").is_file():
        return None
    try:
        data = json.loads((folder / f"{'comparison' if kind == 'comparison' else 'report'}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    meta = data.get("meta") or {}
    if kind == "comparison":
        meta = {"set": data.get("title", ""), "date": data.get("date", "")}
    return SavedRun(folder.name, folder, meta if isinstance(meta, dict) else {}, kind)


def list_runs(root: Path) -> list[SavedRun]:
    """Runs under ``root`` and those registered there, newest first; one per name (``root``'s own first)."""
    folders: list[Path] = sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    registry = root / REGISTRY
    if registry.is_file():
        folders += [Path(line) for line in registry.read_text(encoding="utf-8").splitlines() if line.strip()]
    runs: dict[str, SavedRun] = {}
    for folder in folders:
        if folder.is_dir():
            run = _read(folder)
            if run is not None and run.name not in runs:
                runs[run.name] = run
    return sorted(runs.values(), key=lambda r: (str(r.meta.get("date", "")), r.name), reverse=True)


def find_run(root: Path, name: str) -> SavedRun:
    if not RUN_NAME.match(name):
        raise EvaluationError(f"{name!r} is not a run name (letters, digits and ._+- only)")
    for run in list_runs(root):
        if run.name == name:
            return run
    raise NotFound(f"no saved evaluation named {name!r}: see /eval for the list")
