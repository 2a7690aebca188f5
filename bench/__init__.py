"""Benchmarks, run on demand (`make bench`); results in bench/RESULTS.md."""
