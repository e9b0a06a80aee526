"""Benchmarks of the cross-check engine (`make bench`, `python -m bench.run`)."""
