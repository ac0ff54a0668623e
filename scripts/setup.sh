#!/usr/bin/env bash
# Create .venv and install the project (with the dev/test extras when given "dev").
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
if [ "${1:-}" = "dev" ]; then
  # constraints.txt pins torch to the CPU build (sentence-transformers needs torch).
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
else
  .venv/bin/python -m pip install -q -e .
fi
