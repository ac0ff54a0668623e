"""Judging from the page (``/judge``): save a question with the paragraphs marked relevant into a
question set, and list a set's unjudged hits (pooled from every mode's top 10).

Everything here needs ``QA_ADMIN_TOKEN`` (as ``Authorization: Bearer …``), reading the pool too: it
shows the set's questions. Sets live in ``QA_QUESTIONS_DIR`` (``eval/questions``) and are named by a
plain file name; the file is rewritten atomically under a lock (``eval/judgements.py``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel, Field

from api.deps import AdminDep, SearcherDep, SettingsDep
from api.errors import ERROR_RESPONSES
from api.routes.pages import STATIC
from api.schemas import Lang
from eval.judgements import SET_NAME, Judgement, read_set, save_judgement
from eval.pooling import pool
from qa.exceptions import NotFound, QueryError
from qa.retrieval import Searcher

router = APIRouter(tags=["judgements"])

_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    400: {"description": "Not a set name, or nothing marked."},
    401: {"description": "No bearer token sent."},
    403: {"description": "Judging is off (no QA_ADMIN_TOKEN) or the token is wrong."},
}
SetName = Annotated[str, Field(min_length=1, max_length=64, pattern=SET_NAME.pattern)]


class ParagraphRef(BaseModel):
    doc: str = Field(min_length=1, max_length=200, description="doc_id or symbol")
    paragraph: str = Field(min_length=1, max_length=40, description="The document's own paragraph number")


class JudgementIn(BaseModel):
    set: SetName = Field(description="The question set (file eval/questions/<set>.jsonl)")
    question: str = Field(default="", max_length=2000)
    question_id: str | None = Field(default=None, max_length=100, description="Judge more hits of this question")
    lang: Lang | None = None
    relevant: list[ParagraphRef] = Field(default_factory=list, max_length=50)
    not_relevant: list[ParagraphRef] = Field(default_factory=list, max_length=100)
    who: str = Field(min_length=1, max_length=80, description="Who judged (a name or initials)")


class PoolHitOut(BaseModel):
    doc_id: str
    paragraph: str
    citation: str
    lang: str
    text: str
    ranks: dict[str, int]


class PoolQuestionOut(BaseModel):
    id: str
    question: str
    lang: str
    judged: int
    hits: list[PoolHitOut]


def _resolve(searcher: Searcher, refs: list[ParagraphRef]) -> list[tuple[str, str]]:
    """doc_ids for the references, each paragraph checked to exist."""
    out = []
    for ref in refs:
        doc = searcher.resolve_document(ref.doc.strip())
        number = ref.paragraph.strip()
        if (doc, number) not in searcher.store.find_entries({number}, documents=[doc]):
            raise NotFound(f"{ref.doc} has no paragraph {number}")
        out.append((doc, number))
    return out


@router.get("/judge", include_in_schema=False)
def judge_page() -> FileResponse:
    return FileResponse(STATIC / "judge.html", media_type="text/html; charset=utf-8")


@router.get("/judgements/sets", dependencies=[AdminDep], responses=_RESPONSES)
def judgement_sets(settings: SettingsDep) -> list[dict[str, Any]]:
    """The question sets judging can add to, with their number of questions."""
    folder = settings.questions_dir
    files = sorted(folder.glob("*.jsonl")) if folder.is_dir() else []
    return [{"set": p.stem, "questions": len(read_set(p))} for p in files if SET_NAME.match(p.stem)]


@router.get("/judgements/pool", dependencies=[AdminDep], responses=_RESPONSES)
async def judgement_pool(
    settings: SettingsDep,
    searcher: SearcherDep,
    set: Annotated[str, Query(min_length=1, max_length=64, pattern=SET_NAME.pattern)],
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
) -> list[PoolQuestionOut]:
    """Questions of the set with hits nobody has judged (every mode's top 10)."""
    found = await anyio.to_thread.run_sync(lambda: pool(settings.questions_dir, set, searcher, limit=limit))
    return [PoolQuestionOut.model_validate(q, from_attributes=True) for q in found]


@router.post("/judgements", dependencies=[AdminDep], responses=_RESPONSES)
async def add_judgement(body: JudgementIn, settings: SettingsDep, searcher: SearcherDep) -> dict[str, Any]:
    """Save a question with the paragraphs marked relevant (and those looked at and not marked)."""
    if not body.question.strip() and not body.question_id:
        raise QueryError("send the question (or the question_id of a question of the set)")
    judgement = Judgement(
        question=body.question,
        relevant=_resolve(searcher, body.relevant),
        not_relevant=_resolve(searcher, body.not_relevant),
        who=body.who.strip(),
        lang=body.lang,
        question_id=body.question_id,
    )
    row = await anyio.to_thread.run_sync(lambda: save_judgement(settings.questions_dir, body.set, judgement))
    return {"set": body.set, "saved": datetime.now(UTC).isoformat(timespec="seconds"), "question": row}
