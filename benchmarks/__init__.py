"""Benchmarks against plain Polars: python -m benchmarks.run"""
