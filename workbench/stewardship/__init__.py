"""Stewardship: merge, unmerge, survivorship, decisions, the review queue and customer history.

Everything here is Qt-free and works on a SQLAlchemy session; the Duplicates page and the
`merge` / `unmerge` commands are thin fronts over it.
"""
