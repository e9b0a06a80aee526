"""Pieces every web app shares: optimistic locking (`versioning`) and, later, counters."""
