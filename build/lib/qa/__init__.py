"""Retrieval question answering over official UN documents, with paragraph citations.

The import is kept light: the search machinery lives in :mod:`qa.retrieval`.
"""

from qa.exceptions import (
    ConfigurationError,
    CorpusError,
    EvaluationError,
    IndexCorrupt,
    IndexIncompatible,
    IndexNotBuilt,
    IndexStateError,
    NotFound,
    QAError,
    QueryError,
)

__version__ = "0.1.0"

__all__ = [
    "ConfigurationError",
    "CorpusError",
    "EvaluationError",
    "IndexCorrupt",
    "IndexIncompatible",
    "IndexNotBuilt",
    "IndexStateError",
    "NotFound",
    "QAError",
    "QueryError",
    "__version__",
]
