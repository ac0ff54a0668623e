#!/usr/bin/env bash
# Set up (dev extras, headless Chromium for the page test) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
# Headless Chromium drives the page test; the Noto CJK fonts render Chinese in it and in the test PDFs.
if ! command -v chromium >/dev/null 2>&1 || [ ! -d /usr/share/fonts/opentype/noto ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  else
    echo "warning: chromium or fonts-noto-cjk is not installed; the browser and PDF tests will fail (apt-get install chromium fonts-noto-cjk)" >&2
  fi
fi
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports --no-logo  # imports follow the data, no circles: [tool.importlinter] in pyproject.toml
exec .venv/bin/python -m pytest "$@"
