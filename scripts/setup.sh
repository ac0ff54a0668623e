#!/usr/bin/env bash
# Create .venv and install the project (with the dev/test extras when given "dev").
# Installs only when pyproject.toml or constraints.txt changed since the last install (a stamp in .venv),
# so a warm `bash scripts/serve.sh` starts at once; pip's and setuptools' chatter goes to .venv/install.log.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null 2>&1 || PY=python3
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
want=$(cat pyproject.toml constraints.txt 2>/dev/null | sha256sum | cut -d' ' -f1)
stamp_dev=.venv/.installed-dev
stamp_run=.venv/.installed
if [ "${1:-}" = "dev" ]; then
  stamps=("$stamp_dev")
else
  stamps=("$stamp_run" "$stamp_dev")  # a dev install serves too
fi
for s in "${stamps[@]}"; do
  if [ -f "$s" ] && [ "$(cat "$s")" = "$want" ] && [ -x .venv/bin/qa ]; then
    exit 0
  fi
done
echo "Installing the project into .venv (only when pyproject.toml changes; log: .venv/install.log)…" >&2
log=.venv/install.log
export PIP_DISABLE_PIP_VERSION_CHECK=1
{
  .venv/bin/python -m pip install -q --upgrade pip
  if [ "${1:-}" = "dev" ]; then
    # constraints.txt pins torch to the CPU build (sentence-transformers needs torch).
    .venv/bin/python -m pip install -q -c constraints.txt -e ".[dev]"
  else
    .venv/bin/python -m pip install -q -e .
  fi
} >"$log" 2>&1 || { cat "$log" >&2; echo "setup failed: see .venv/install.log" >&2; exit 1; }
if [ "${1:-}" = "dev" ]; then echo "$want" >"$stamp_dev"; else echo "$want" >"$stamp_run"; fi
