"""Every error the library raises on purpose.

Hierarchy::

    QAError
    ├── CorpusError            a document or the manifest cannot be read
    ├── ConfigurationError     a setting or model choice that cannot work
    ├── IndexStateError        the index folder cannot serve
    │   ├── IndexNotBuilt      no index at that place
    │   ├── IndexIncompatible  another format version, model or dimension
    │   ├── IndexCorrupt       a file is missing or unreadable
    │   └── StoreUnavailable   the index server (Milvus) does not answer
    ├── QueryError             a question or search option is unusable
    ├── NotFound               an unknown document or paragraph
    └── EvaluationError        a question set cannot be read or used

Library code raises these; only ``api/`` turns them into HTTP responses.
"""

from __future__ import annotations

__all__ = [
    "QAError",
    "CorpusError",
    "ConfigurationError",
    "IndexStateError",
    "IndexNotBuilt",
    "IndexIncompatible",
    "IndexCorrupt",
    "StoreUnavailable",
    "QueryError",
    "NotFound",
    "EvaluationError",
]


class QAError(Exception):
    """Base class of every error this project raises on purpose."""


class CorpusError(QAError):
    """A document or the manifest cannot be read or makes no sense."""


class ConfigurationError(QAError):
    """A setting, model name or option that cannot work."""


class IndexStateError(QAError):
    """The index folder cannot serve questions."""


class IndexNotBuilt(IndexStateError):
    """There is no index at the configured place."""


class IndexIncompatible(IndexStateError):
    """The index was built with another format, model or dimension."""


class IndexCorrupt(IndexStateError):
    """A file of the index is missing, truncated or unreadable."""


class StoreUnavailable(IndexStateError):
    """The index server (``QA_STORE=milvus``) is unreachable or failed; the message names its URI."""


class QueryError(QAError):
    """A question or a search option is unusable (empty, too long, unknown mode…)."""


class NotFound(QAError):
    """An unknown document or paragraph."""


class EvaluationError(QAError):
    """A question set cannot be read or refers to nothing in the corpus."""
