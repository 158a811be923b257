"""Benchmarks for Upward (not shipped in the package)."""
