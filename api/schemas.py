"""Request and response models of the HTTP API (pydantic lives here, at the edge)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "AskRequest",
    "AskResponse",
    "DocumentDetail",
    "DocumentSummary",
    "ErrorResponse",
    "HealthResponse",
    "ParagraphOut",
    "ResultOut",
]

Mode = Literal["hybrid", "dense", "bm25"]


def _whole_number(value: object) -> object:
    """JSON Schema's integer: ``5`` and ``5.0`` yes; ``"5"``, ``true`` and ``2.5`` no."""
    if isinstance(value, bool | str):
        raise ValueError("must be a whole number, not a string or a boolean")
    return value


class AskRequest(BaseModel):
    """A question, how many paragraphs to return, the mode, and optionally which documents."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"question": "人居署 2018 年的赤字是多少？", "top_k": 5, "mode": "hybrid"},
                {
                    "question": "What did the Executive Board decide on the stakeholder engagement policy?",
                    "top_k": 3,
                    "mode": "hybrid",
                    "documents": ["HSP/HA.2/4"],
                },
            ]
        },
    )

    question: str = Field(
        ...,
        min_length=1,
        max_length=2000,
        strict=True,
        description="A question in Chinese or English (1–2,000 characters).",
    )
    top_k: Annotated[int, BeforeValidator(_whole_number)] = Field(
        5, ge=1, le=50, description="How many paragraphs to return (1–50)."
    )
    mode: Mode = Field("hybrid", description="hybrid (default), dense or bm25.")
    documents: list[str] | None = Field(
        None, description="Only search these documents, by doc_id or symbol (e.g. HSP/HA.2/4)."
    )


class ResultOut(BaseModel):
    rank: int
    score: float
    doc_id: str
    symbol: str | None = Field(description="The document symbol; null where the document has none.")
    paragraph: str | None = Field(description="The document's own paragraph number; null for unnumbered text.")
    section: str
    text: str
    citation: str = Field(examples=["HSP/HA.2/4, para. 19"])
    citation_zh: str = Field(examples=["HSP/HA.2/4号文件第19段"])
    source: str = Field(description="File path relative to the project root.")
    lines: list[int] = Field(description="1-based [start, end] line span in the source file.")


class AskResponse(BaseModel):
    question: str
    mode: Mode
    language: Literal["zh", "en"]
    took_ms: float
    terms: list[str] = Field(description="The question's terms as the documents write them, for highlighting.")
    notes: list[str] = Field(
        default_factory=list,
        description="What to know about this ranking, e.g. a cited paragraph shown first, misspelt words "
        "read otherwise, or dense search only because no word of the question translated.",
    )
    results: list[ResultOut]


class DocumentSummary(BaseModel):
    doc_id: str
    symbol: str | None
    symbol_rule: str = Field(description="How the symbol is known: manifest, header, addenda-parent, session-only.")
    title: str
    title_en: str
    session: str | None
    session_label: str
    date: str
    agenda_item: str | None
    language: str
    paragraphs: int
    numbered_paragraphs: int
    source: str


class ParagraphOut(BaseModel):
    doc_id: str
    symbol: str | None
    paragraph: str | None
    section: str
    text: str
    citation: str
    citation_zh: str
    source: str
    lines: list[int]


class DocumentDetail(DocumentSummary):
    items: list[ParagraphOut] = Field(description="The document's paragraphs in order.")


class HealthResponse(BaseModel):
    status: Literal["ok"]
    model: str
    documents: int
    paragraphs: int
    index_fingerprint: str
    faiss_type: str


class ErrorResponse(BaseModel):
    """Every error has this shape: what went wrong and what to fix."""

    error: str = Field(examples=["the question is empty: type a question in Chinese or English"])
    status: int = Field(examples=[422])
    detail: list[dict[str, object]] | None = None
