"""XQuAD across languages: one language's questions over another language's contexts.

XQuAD's files are translations of the same 240 SQuAD paragraphs and 1,190 questions, with the
same question ids in every language. ``python -m eval.xquad_pairs`` writes a SQuAD JSON file whose
questions come from the English file and whose contexts (and answers) come from the Chinese one,
matched by question id, so ``qa eval`` measures English questions over Chinese contexts::

    python -m eval.xquad_pairs --questions eval/external/xquad/xquad.en.json \\
        --contexts eval/external/xquad/xquad.zh.json --out var/xquad-en-zh.json
    qa eval var/xquad-en-zh.json -m dense -m hybrid --out var/eval/xquad-en-zh

The English file (google-deepmind/xquad ``xquad.en.json``, CC BY-SA 4.0) is fetched data and is
not committed (``.gitignore``); the pairing is written under ``var/`` or ``--out``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from qa.exceptions import EvaluationError

__all__ = ["cross_pairs", "main"]


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise EvaluationError(f"{path}: no such XQuAD file")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        articles = data["data"]
    except (json.JSONDecodeError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise EvaluationError(f"{path}: not a SQuAD JSON file ({exc})") from exc
    if not isinstance(articles, list):
        raise EvaluationError(f"{path}: not a SQuAD JSON file ('data' is not a list)")
    return articles


def cross_pairs(questions: list[dict[str, Any]], contexts: list[dict[str, Any]]) -> dict[str, Any]:
    """SQuAD data with each question of ``questions`` placed on its id's paragraph of ``contexts``.

    A question whose id the other file lacks is left out; :class:`EvaluationError` when no id matches.
    """
    asked = {
        str(qa["id"]): str(qa.get("question", ""))
        for article in questions
        for para in article.get("paragraphs", [])
        for qa in para.get("qas", [])
        if "id" in qa
    }
    out: list[dict[str, Any]] = []
    matched = 0
    for article in contexts:
        paragraphs = []
        for para in article.get("paragraphs", []):
            qas = []
            for qa in para.get("qas", []):
                text = asked.get(str(qa.get("id")))
                if text is None:
                    continue
                qas.append({**qa, "question": text})
                matched += 1
            paragraphs.append({"context": para.get("context", ""), "qas": qas})
        out.append({"title": article.get("title", ""), "paragraphs": paragraphs})
    if not matched:
        raise EvaluationError("no question id of the first file is in the second: not two XQuAD languages")
    return {"version": "xquad-cross", "data": out}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, required=True, help="XQuAD file whose questions are asked")
    parser.add_argument("--contexts", type=Path, required=True, help="XQuAD file whose contexts are searched")
    parser.add_argument("--out", type=Path, required=True, help="where to write the paired SQuAD JSON")
    args = parser.parse_args(argv)
    try:
        data = cross_pairs(_read(args.questions), _read(args.contexts))
    except EvaluationError as exc:
        parser.exit(2, f"error: {exc}\n")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    count = sum(len(p["qas"]) for a in data["data"] for p in a["paragraphs"])
    print(f"{count} questions over {sum(len(a['paragraphs']) for a in data['data'])} contexts → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
