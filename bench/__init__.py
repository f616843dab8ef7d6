"""Benchmark scripts: synthetic banks and the timing harness (python bench/run.py)."""
