"""One-off retrieval experiments measured on the ``tune`` split (never shipped code paths)."""
