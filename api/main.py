"""Build the FastAPI app: ``create_app(settings)``; ``qa serve`` runs it with uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from api.admission import QuestionGate, UploadAdmission, UploadQueue, kill_parses_on_shutdown, question_slot
from api.errors import BodySizeLimit, install_error_handlers
from api.middleware import HeadAsGet, SecurityHeaders, ServerTiming
from api.routes import ask, docs, documents, health, judgements, pages, reports
from qa.retrieval import Searcher
from qa.service import IndexFollower, open_searcher
from qa.settings import Settings

__all__ = ["create_app"]

DESCRIPTION = """
Ask a question about the indexed UN documents in Arabic, Chinese, English, French, Russian or
Spanish and get the exact source paragraphs back, each cited the UN way: `HSP/HA.2/4, para. 19`
(`HSP/HA.2/4号文件第19段`, `par. 19`, `párr. 19`, `пункт 19`, `الفقرة 19`).

* `POST /ask` or `GET /ask?q=…` — ranked paragraphs (modes: hybrid, dense, bm25), as JSON, CSV
  (`format=csv`) or a citation list to paste into a document (`format=md`)
* `GET /documents`, `GET /documents/{doc_id}`, `GET /documents/{doc_id}/paragraphs/{n}`
* `GET /health`

Every error is JSON `{"error": "...", "status": N}` saying what to fix. When more than
`QA_MAX_WAITING_QUESTIONS` questions are waiting, `/ask` answers 503 with a `Retry-After` header.
Every `GET` route also answers `HEAD`; every 405 names the allowed methods in `Allow`.
"""


def create_app(settings: Settings | None = None, *, searcher: Searcher | None = None) -> FastAPI:
    """The app; without a ``searcher`` it opens (and if needed builds) the index at start-up."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        kill_parses_on_shutdown(app)
        if app.state.searcher is None:
            app.state.searcher = await anyio.to_thread.run_sync(lambda: open_searcher(settings, progress=True))
        follower = IndexFollower(
            settings, current=lambda: app.state.searcher, swap=lambda fresh: setattr(app.state, "searcher", fresh)
        )
        follower.start()  # picks up what `qa add`, `qa remove` or `qa index` commit from another process
        try:
            yield
        finally:
            follower.stop()

    app = FastAPI(
        title="UN documents QA",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.searcher = searcher
    app.state.question_gate = QuestionGate(settings.max_waiting_questions)
    app.state.upload_queue = UploadQueue(settings.max_waiting_uploads)
    install_error_handlers(app)
    app.include_router(ask.router, dependencies=[Depends(question_slot)])
    app.include_router(documents.router)
    app.include_router(health.router)
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.include_router(judgements.router)
    app.include_router(reports.router)
    docs.tidy_responses(app)
    app.mount("/static", StaticFiles(directory=str(pages.STATIC)), name="static")
    # Uploads may carry a document up to the upload cap, plus the multipart envelope.
    uploads = {"/documents": settings.max_upload_bytes + 64_000}
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, uploads=uploads)
    app.add_middleware(UploadAdmission, queue=app.state.upload_queue)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders, docs_paths=list(docs.DOCS_PAGES))
    app.add_middleware(ServerTiming)
    return app
