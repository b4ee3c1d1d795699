"""Realistic demo data with known duplicates: for trying the app, for tests and benchmarks."""
