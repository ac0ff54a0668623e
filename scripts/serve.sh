#!/usr/bin/env bash
# Set up (once) and serve the corpus with the default model on http://127.0.0.1:8000/
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
index_dir=${QA_INDEX_DIR:-var/index}
if [ ! -f "$index_dir/manifest.json" ]; then
  corpus_dir=${QA_CORPUS_DIR:-corpus}
  docs=$(find "$corpus_dir" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.pdf' -o -name '*.docx' \) | wc -l)
  echo "First start: building the search index of the $docs documents in $corpus_dir/ —" \
    "every paragraph and its sentence windows are embedded once (about 20 passages a second here: one to two" \
    "minutes for the bundled documents, longer for thousands of paragraphs). Later starts reuse it and take seconds." >&2
fi
exec .venv/bin/qa serve "$@"
