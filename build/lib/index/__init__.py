"""Stage 2: embed paragraphs into FAISS, tokenize them into BM25, and keep both on disk."""
