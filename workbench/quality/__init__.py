"""Data-quality profiling of the master: completeness, validity, reachability, staleness, duplicates."""
