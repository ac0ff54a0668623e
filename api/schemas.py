"""Request and response models of the HTTP API (pydantic lives here, at the edge)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

__all__ = [
    "AskRequest",
    "AskResponse",
    "DocRef",
    "DocumentAdded",
    "DocumentDetail",
    "DocumentRemoved",
    "DocumentSummary",
    "ErrorResponse",
    "FootnoteOut",
    "HealthResponse",
    "ParagraphOut",
    "ResultOut",
    "SpanOut",
]

Mode = Literal["hybrid", "dense", "bm25"]
Lang = Literal["zh", "en", "fr", "es", "ru", "ar"]
"""The six official UN languages (a ``lang`` preference or a version's language)."""
_ODS = Field(
    None,
    description="The document on the UN's Official Document System, from its symbol and language; "
    "null without a symbol.",
    examples=["https://documents.un.org/api/symbol/access?s=HSP/HA.2/4&l=en&t=pdf"],
)

DocRef = Annotated[str, Field(min_length=1, pattern=r"\S", examples=["HSP/HA.2/4"])]
"""A doc_id or a symbol: not empty and not only spaces (``documents: [""]`` and ``?doc=`` are refused,
as the published schema says, rather than read as "every document")."""


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
        description="A question in Arabic, Chinese, English, French, Russian or Spanish (1–2,000 characters).",
    )
    top_k: Annotated[int, BeforeValidator(_whole_number)] = Field(
        5, ge=1, le=50, description="How many paragraphs to return (1–50)."
    )
    mode: Mode = Field(
        "hybrid",
        description=(
            "hybrid (default; the page calls it *Best match*): meaning and exact words fused; "
            "dense (*Meaning*): the multilingual model only; bm25 (*Exact words*): the words only."
        ),
    )
    documents: list[DocRef] | None = Field(
        None,
        description="Only search these documents, by doc_id or symbol (e.g. HSP/HA.2/4); each entry non-empty. "
        "Leave the field out (or send null or []) to search every document.",
    )
    lang: Lang | None = Field(
        None,
        description="Which language version of a paragraph leads its hit (zh, en, fr, es, ru, ar); "
        "default: the question's language.",
    )


class FootnoteOut(BaseModel):
    mark: str = Field(examples=["5"], description="The footnote's mark as printed: 1, 2… or *.")
    text: str = Field(examples=["赫尔辛基、梅赫伦、格但斯克、万塔、维尔纽斯和坦佩雷。"])


_ENTRY = Field(
    "",
    description="The id that opens this entry at /documents/{doc}/paragraphs/{entry}: the paragraph number, "
    "or summary, 'annex, rows 1-30', 'after para. 12'.",
    examples=["19", "summary", "annex, rows 1-30"],
)
_FOOTNOTES: Any = Field(
    default_factory=list, description="The footnotes the paragraph calls, cited as '…, footnote 5'."
)
_LANG = Field("zh", description="The paragraph's language: zh, en, fr, es, ru or ar.")


class SpanOut(BaseModel):
    """A stretch of a paragraph's ``text``, in characters (Unicode code points, 0-based, end excluded)."""

    start: int = Field(examples=[0])
    end: int = Field(examples=[18])


class VersionOut(BaseModel):
    """The same paragraph in another language version of the document."""

    lang: str = Field(examples=["zh"])
    doc_id: str
    paragraph: str | None = Field(examples=["19"])
    citation: str = Field(description="In the version's language form.", examples=["HSP/HA.2/4号文件第19段"])
    text: str
    ods_url: str | None = _ODS


class ResultOut(BaseModel):
    """One source paragraph, ranked, with its citation in English and Chinese forms."""

    rank: int = Field(description="1 for the best paragraph.", examples=[1])
    score: float = Field(
        description=(
            "How well the paragraph matches, for ordering within this answer only. In hybrid mode a fused "
            "score: the cosine similarity of meaning plus a weighted, normalised exact-word score plus a bonus "
            "for each cited symbol, so it can exceed 1. dense: cosine similarity (up to 1); bm25: the raw "
            "BM25 score (unbounded). Not comparable across questions or modes."
        ),
        examples=[1.0321],
    )
    doc_id: str = Field(description="The document's id in this index.", examples=["000_b5f21519506bdb07"])
    symbol: str | None = Field(
        description="The document symbol; null where the document has none.", examples=["HSP/HA.2/4"]
    )
    paragraph: str | None = Field(
        description="The document's own paragraph number; null for unnumbered text.", examples=["19"]
    )
    section: str = Field(
        description="The headings above the paragraph.", examples=["一、 导言 > D. 催化作用的规范性指导"]
    )
    text: str = Field(description="The paragraph's clean text, as printed.")
    citation: str = Field(description="The English citation, UN style.", examples=["HSP/HA.2/4, para. 19"])
    citation_zh: str = Field(description="The Chinese citation.", examples=["HSP/HA.2/4号文件第19段"])
    source: str = Field(
        description="File path relative to the project root.", examples=["corpus/000_b5f21519506bdb07.txt"]
    )
    lines: list[int] = Field(description="1-based [start, end] line span in the source file.", examples=[[76, 76]])
    marks: list[SpanOut] = Field(
        default_factory=list,
        description=(
            "The sentence(s) of `text` that best answer the question (weighted overlap with `terms`); "
            "empty when no sentence stands out or the paragraph is one sentence."
        ),
    )
    footnotes: list[FootnoteOut] = _FOOTNOTES
    entry: str = _ENTRY
    lang: str = _LANG
    ods_url: str | None = _ODS
    versions: list[VersionOut] = Field(
        default_factory=list,
        description="The same paragraph in the document's other language versions (one hit, not two).",
    )
    match: Literal["strong", "related", "weak"] = Field(
        default="weak",
        description=(
            "The service's judgement of this paragraph, calibrated on held-out questions (not relative to the "
            "other hits): strong — it likely answers the question; related — on the question's subject; "
            "weak — probably not about it. A paragraph the question cites outright is strong."
        ),
        examples=["strong"],
    )
    relevance: float = Field(
        default=0.0,
        ge=0.0,
        le=1.0,
        description="The calibrated probability that this paragraph answers the question (what `match` reads).",
        examples=[0.93],
    )


class AskResponse(BaseModel):
    """The ranked paragraphs for a question. Also as CSV or a citation list: ``format=csv|md`` or ``Accept``."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "question": "2022年全球有多少人无家可归？",
                    "mode": "hybrid",
                    "language": "zh",
                    "took_ms": 21.4,
                    "answered": True,
                    "terms": ["2022", "全球", "无家可归"],
                    "results": [
                        {
                            "rank": 1,
                            "score": 1.0321,
                            "doc_id": "000_b5f21519506bdb07",
                            "symbol": "HSP/HA.2/4",
                            "paragraph": "19",
                            "section": "一、 导言 > D. 催化作用的规范性指导",
                            "text": "2022 年，1.5 亿人无家可归。2021 年，联合国大会通过了……",
                            "citation": "HSP/HA.2/4, para. 19",
                            "citation_zh": "HSP/HA.2/4号文件第19段",
                            "source": "corpus/000_b5f21519506bdb07.txt",
                            "lines": [76, 76],
                            "marks": [{"start": 0, "end": 18}],
                            "match": "strong",
                            "relevance": 0.93,
                        }
                    ],
                }
            ]
        }
    )

    question: str = Field(description="The question as searched (control characters removed, trimmed).")
    mode: Mode = Field(description="The mode used.")
    language: Literal["zh", "en", "fr", "es", "ru", "ar", "und"] = Field(
        description="The question's language as detected: one of the six official UN languages, or ``und`` for a "
        "question in another script (searched by meaning only; ``notes`` says so)."
    )
    took_ms: float = Field(description="Search time in the server, milliseconds.")
    answered: bool = Field(
        default=False,
        description=(
            "Whether the documents likely answer the question: true when some result is a strong match. "
            "When false, the results are only the closest paragraphs."
        ),
        examples=[True],
    )
    terms: list[str] = Field(
        description=(
            "The question's terms as the documents write them (Chinese words of a Chinese question; the "
            "glossary's Chinese terms and the numbers of an English one), for highlighting."
        ),
        examples=[["2022", "全球", "无家可归"]],
    )
    notes: list[str] = Field(
        default_factory=list,
        description="What the service did to the question, in words; empty for most questions: a cited "
        "paragraph shown first, misspelt words read otherwise, dense search only because no word of the "
        "question translated, or a question longer than the semantic model's cap (QA_MAX_QUESTION_TOKENS, "
        "256 tokens by default) cut there for that model (keyword search always reads the whole question).",
        examples=[[]],
    )
    results: list[ResultOut] = Field(description="Best first; at most top_k.")


class DocumentSummary(BaseModel):
    doc_id: str
    symbol: str | None
    symbol_rule: str = Field(description="How the symbol is known: manifest, header, addenda-parent, session-only.")
    title: str
    title_en: str
    body: str = Field(
        "", description="The body the header block names (Human Rights Council, General Assembly…), if printed."
    )
    session: str | None
    session_label: str
    date: str
    agenda_item: str | None
    language: str
    paragraphs: int
    numbered_paragraphs: int
    source: str
    ods_url: str | None = _ODS


class ParagraphOut(BaseModel):
    """One paragraph."""

    doc_id: str
    symbol: str | None
    paragraph: str | None
    section: str
    text: str
    citation: str
    citation_zh: str
    source: str
    lines: list[int]
    footnotes: list[FootnoteOut] = _FOOTNOTES
    entry: str = _ENTRY
    lang: str = _LANG


class DocumentDetail(DocumentSummary):
    items: list[ParagraphOut] = Field(description="The document's paragraphs in order.")


class DocumentAdded(BaseModel):
    """What ``POST /documents`` found and did."""

    doc_id: str
    file: str = Field(description="The file's name in the corpus folder.")
    symbol: str | None
    symbol_rule: str = Field(description="How the symbol is known: manifest (given), header, addenda-parent…")
    symbol_evidence: str
    language: str
    numbered_paragraphs: int
    entries: int
    footnotes: int
    status: Literal["added", "replaced", "already indexed"]
    replaced: str | None = Field(description="The doc_id this upload replaced, if any.")
    warnings: list[str] = Field(description="What could not be read or was only guessed (give lang=… then).")
    paragraphs_indexed: int = Field(description="Paragraphs in the index now serving.")


class DocumentRemoved(BaseModel):
    doc_id: str
    symbol: str | None
    file: str
    paragraphs_indexed: int


class HealthResponse(BaseModel):
    status: Literal["ok"]
    model: str
    documents: int
    paragraphs: int
    index_fingerprint: str
    faiss_type: str
    index_generation: str = Field(description="Changes with every build of the index the service answers from.")
    index_built_at: str = Field(
        description="When that build was made (UTC, ISO 8601).", examples=["2026-12-06T03:00:00Z"]
    )


class ErrorResponse(BaseModel):
    """Every error has this shape: what went wrong and what to fix."""

    error: str = Field(
        examples=["the question is empty: type a question in one of Chinese, English, French, Spanish, Russian, Arabic"]
    )
    status: int = Field(examples=[422])
    detail: list[dict[str, object]] | None = None
