#!/usr/bin/env bash
# Set up and serve the bundled corpus with the default model on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/qa serve "$@"
