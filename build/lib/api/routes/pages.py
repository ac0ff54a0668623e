"""The web page: ``/`` to ask, ``/read/{doc_id}`` to read a document at a paragraph."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parent.parent / "static"


@router.get("/")
def home() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html; charset=utf-8")


@router.get("/read/{doc_id:path}")
def read(doc_id: str) -> FileResponse:
    return FileResponse(STATIC / "read.html", media_type="text/html; charset=utf-8")
