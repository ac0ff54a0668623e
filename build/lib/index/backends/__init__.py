"""Optional embedding backends (imported only when chosen)."""
