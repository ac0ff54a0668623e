"""Big documents: paragraph numbers past 1,000, linear parsing, the paragraph size cap, the parse cache."""

from __future__ import annotations

import os
from pathlib import Path

from corpus.loading import PARSER_VERSION, load_corpus
from corpus.parse_cache import ParseCache
from eval.bench_parse import bench_parse, synthetic_document


def test_a_1500_paragraph_document_keeps_every_paragraph(tmp_path: Path) -> None:
    text, count = synthetic_document(0.75)
    assert count >= 1500
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "big.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(folder)
    doc = corpus.documents["big"]
    numbers = [p.paragraph for p in doc.paragraphs if p.paragraph]
    assert numbers == [str(n) for n in range(1, count + 1)]
    longest = max(len(p.text) for p in doc.paragraphs)
    assert longest < 5_000  # nothing merged into paragraph 999
    assert corpus.paragraph("big", "1234").citation.endswith("para. 1234")
    # The footnote every 25 paragraphs is on its paragraph, not lost.
    assert [f.text for f in corpus.paragraph("big", "1500").footnotes] == ["脚注 60。"]
    assert corpus.problems == []


def test_parse_benchmark_runs_and_reports_the_ratio_to_linear() -> None:
    lines: list[str] = []
    rows = bench_parse((0.1, 0.4), out=lines.append)
    assert [r["parsed_paragraphs"] == r["paragraphs"] for r in rows] == [True, True]
    assert rows[0]["per_mb_ratio"] == 1.0 and rows[1]["per_mb_ratio"] > 0
    assert len(lines) == 2 and "time per MB" in lines[1]


def test_a_paragraph_over_the_cap_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    long = "很长的段落，" * 5_000
    (folder / "long.txt").write_text(f"1. 第一段。\n\n2. {long}结束。\n\n3. 第三段。\n", encoding="utf-8")
    corpus = load_corpus(folder, max_paragraph_chars=20_000)
    assert [p.paragraph for p in corpus.documents["long"].paragraphs] == ["1", "2", "3"]
    (problem,) = corpus.problems
    assert problem.file == "long.txt"
    assert "paragraph 2" in problem.message and "over the cap of 20,000" in problem.message


def test_parse_cache_is_used_and_never_touches_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("1. 第一段⁵。\n\n⁵ 一个脚注。\n\n2. 第二段。\n", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    mine = cache_dir / "notes.txt"
    mine.write_text("not the cache's", encoding="utf-8")
    first = load_corpus(folder, cache_dir=cache_dir)
    cached = sorted(p.name for p in cache_dir.iterdir())
    assert len(cached) == 2 and "notes.txt" in cached
    entry = next(p for p in cache_dir.iterdir() if p.name != "notes.txt")
    assert f"-p{PARSER_VERSION}-" in entry.name
    before = os.stat(entry).st_mtime_ns
    second = load_corpus(folder, cache_dir=cache_dir)
    assert os.stat(entry).st_mtime_ns == before
    assert second.paragraphs == first.paragraphs
    # The second load read the cache, not the file: mark the cached parse and see the mark come back.
    entry.write_text(entry.read_text(encoding="utf-8").replace("一个脚注", "缓存里的脚注"), encoding="utf-8")
    assert load_corpus(folder, cache_dir=cache_dir).paragraph("a", "1").footnotes[0].text == "缓存里的脚注。"
    assert mine.read_text(encoding="utf-8") == "not the cache's"


def test_parse_cache_path_that_is_a_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "cache.txt"
    path.write_bytes(b"thesis")
    cache = ParseCache(path)
    assert not cache.usable
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("1. 第一段。\n", encoding="utf-8")
    assert len(load_corpus(folder, cache_dir=path)) == 1
    assert path.read_bytes() == b"thesis"
