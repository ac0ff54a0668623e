"""Links to the official source: a document on the UN's Official Document System (ODS).

ODS serves every language version of a document under its symbol, so the link is built
from the symbol and the language alone, with no network:

>>> ods_url("HSP/HA.2/4", "en")
'https://documents.un.org/api/symbol/access?s=HSP/HA.2/4&l=en&t=pdf'
>>> ods_url(None, "zh") is None
True
"""

from __future__ import annotations

from urllib.parse import quote

from corpus.symbols import compact_sections, joint_parts

__all__ = ["ODS_LANGUAGES", "ods_url"]

ODS_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
"""The six official languages, as ODS names them."""

_BASE = "https://documents.un.org/api/symbol/access"


def ods_url(symbol: str | None, lang: str | None = "en") -> str | None:
    """The ODS link of ``symbol`` in ``lang`` (English when the language is not an official one).

    ``None`` for a document without a symbol (cited by session): ODS cannot find it.
    """
    if not symbol:
        return None
    symbol = joint_parts(symbol)[0]  # ODS files a joint document under its first symbol
    symbol = compact_sections(symbol)  # ODS writes a section with no spaces: A/80/6(Sect.25)
    language = lang if lang in ODS_LANGUAGES else "en"
    return f"{_BASE}?s={quote(symbol, safe='/.')}&l={language}&t=pdf"
