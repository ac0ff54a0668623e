"""Saved evaluations: ``/eval`` lists them, ``/eval/{run}`` shows one's HTML report, and
``/eval/{run}/{file}`` hands out its run files (``qrels.trec``, ``runs/hybrid.trec``, ``report.json``…).

A report carries its CSS and script inline, which the site's policy forbids; it is served with a
policy of its own: inline script and style, nothing fetched, sandboxed (an opaque origin, so its
script can reach neither the API nor the page's storage).
"""

from __future__ import annotations

import html
import re

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse

from api.deps import SettingsDep
from eval.saved_runs import find_run, list_runs
from qa.exceptions import NotFound

router = APIRouter(include_in_schema=False)

REPORT_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox allow-scripts"
)
FILES = re.compile(
    r"^(report\.(json|md)|comparison\.(json|md)|questions\.json|qrels\.trec|runs/[A-Za-z0-9:_-]+\.trec)$"
)
TYPES = {".json": "application/json", ".md": "text/markdown; charset=utf-8", ".trec": "text/plain; charset=utf-8"}


@router.get("/eval")
def list_reports(settings: SettingsDep) -> HTMLResponse:
    rows = []
    for run in list_runs(settings.eval_dir):
        name = html.escape(run.name)
        meta = run.meta
        rows.append(
            f'<tr><td><a href="/eval/{name}">{name}</a></td><td>{run.kind}</td>'
            f"<td>{html.escape(str(meta.get('set', '')))}</td><td>{html.escape(str(meta.get('split', '')))}</td>"
            f"<td>{html.escape(str(meta.get('questions', '')))}</td>"
            f"<td>{html.escape(' '.join(meta.get('modes', [])))}</td>"
            f"<td>{html.escape(str(meta.get('date', '')))}</td></tr>"
        )
    body = (
        "<table><tr><th>run</th><th>kind</th><th>set</th><th>split</th><th>questions</th><th>modes</th>"
        f"<th>date</th></tr>{''.join(rows)}</table>"
        if rows
        else "<p>No saved evaluation yet: run <code>qa eval eval/questions/test.jsonl</code>.</p>"
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Evaluations</title>'
        '<link rel="stylesheet" href="/static/style.css"></head><body><main>'
        f"<h1>Saved evaluations</h1>{body}</main></body></html>"
    )
    return HTMLResponse(page)


@router.get("/eval/{name}")
def show_report(name: str, settings: SettingsDep) -> FileResponse:
    run = find_run(settings.eval_dir, name)
    return FileResponse(
        run.path / "report.html",
        media_type="text/html; charset=utf-8",
        headers={"Content-Security-Policy": REPORT_CSP, "Cache-Control": "no-cache"},
    )


@router.get("/eval/{name}/{file:path}")
def report_file(name: str, file: str, settings: SettingsDep) -> FileResponse:
    run = find_run(settings.eval_dir, name)
    path = run.path / file
    if not FILES.match(file) or not path.is_file():
        raise NotFound(f"{name} has no file {file!r} (report.json, report.md, qrels.trec, runs/<mode>.trec)")
    return FileResponse(path, media_type=TYPES.get(path.suffix, "application/octet-stream"))
