"""The architecture holds: imports follow the data (corpus → index → qa → eval → api) and no stage has an import circle.

The contracts live in ``pyproject.toml`` (``[tool.importlinter]``); ``scripts/test.sh`` runs ``lint-imports`` too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "lint-imports (import-linter, a dev dependency) is not installed"
    done = subprocess.run([exe, "--no-logo", "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_lower_stages_import_no_qa() -> None:
    """Belt and braces for the first contract: no line of corpus/ or index/ imports qa."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for stage in ("corpus", "index")
        for path in (ROOT / stage).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip().startswith(("from qa", "import qa"))
    ]
    assert offenders == []


def test_every_module_imports() -> None:
    """A module moved or renamed leaves no import behind (mypy's ignore_missing_imports would not say so)."""
    import importlib
    import pkgutil

    failed = []
    for name in ("corpus", "index", "qa", "api", "eval"):
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if info.name == "corpus.sandbox_preload":  # runs only in the parse workers' forkserver
                continue
            try:
                importlib.import_module(info.name)
            except Exception as exc:  # noqa: BLE001 - every failure is listed
                failed.append(f"{info.name}: {exc!r}")
    assert failed == []
