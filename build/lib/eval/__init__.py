"""Stage 5: measure retrieval on question sets, and benchmark speed."""
