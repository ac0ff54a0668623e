#!/usr/bin/env bash
# Set up (once) and serve the corpus with the default model on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
index_dir=${QA_INDEX_DIR:-var/index}
if [ ! -f "$index_dir/manifest.json" ]; then
  corpus_dir=${QA_CORPUS_DIR:-corpus}
  docs=$(find "$corpus_dir" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.pdf' -o -name '*.docx' \) | wc -l)
  echo "First start: building the search index of the $docs documents in $corpus_dir/. Every paragraph, its" \
    "sentence windows and its contextual passage are embedded once; the progress bar below counts the passages, their rate and the time left" \
    "(measured: the bundled corpus is about 1,400 passages at 15-20 a second on an idle 2-core machine, so one to" \
    "two minutes; a busy machine is slower, and the bar shows it). Later starts reuse the index and take seconds." >&2
fi
exec .venv/bin/qa serve "$@"
