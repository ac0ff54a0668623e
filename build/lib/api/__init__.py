"""Stage 4: the HTTP API and the web page (FastAPI)."""
