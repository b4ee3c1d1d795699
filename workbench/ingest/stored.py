"""Values in the exact form SQLite stores them, made where a record is standardized.

SQLAlchemy keeps dates and times as text, booleans as 0/1 and JSON as text in SQLite.
Producing that form in the worker process that standardized the record leaves the one
process that writes to the master with nothing to do but write. On PostgreSQL the writer
turns stored values back into the Python values its driver expects (`python_form`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Table, TypeDecorator

from workbench.store.json_text import dumps_or_str, loads

Converter = Callable[[Any], Any]


def to_json(value: Any) -> str | None:
    """Dates and dataclasses go to `str`, as they always did in a stored row."""
    return None if value is None else dumps_or_str(value)


def stored_datetime(value: Any) -> Any:
    if isinstance(value, datetime):  # as SQLAlchemy writes it: '2024-09-02 15:16:00.000000'
        return value.isoformat(" ", "microseconds")
    return value


def stored_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def stored_json(value: Any) -> Any:
    """A text value is taken to be JSON already (stored rows carry no other text in JSON columns)."""
    if value is None or isinstance(value, str):
        return value
    return to_json(value)


def stored_bool(value: Any) -> Any:
    return None if value is None else int(bool(value))


def identity(value: Any) -> Any:
    return value


def _python_datetime(value: Any) -> Any:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _python_date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _python_json(value: Any) -> Any:
    return loads(value) if isinstance(value, str) else value


def _python_bool(value: Any) -> Any:
    return None if value is None else bool(value)


_FORMS: tuple[tuple[type, Converter, Converter], ...] = (
    (DateTime, stored_datetime, _python_datetime),
    (Date, stored_date, _python_date),
    (JSON, stored_json, _python_json),
    (Boolean, stored_bool, _python_bool),
)


def stored_form(column_type: Any) -> Converter:
    """Python value → the value SQLite stores for a column of this type."""
    if isinstance(column_type, TypeDecorator):  # values arrive in the stored form of what it decorates
        column_type = column_type.impl_instance
    return next((stored for kind, stored, _ in _FORMS if isinstance(column_type, kind)), identity)


def python_form(column_type: Any) -> Converter:
    """A stored value → the Python value SQLAlchemy would have handed the database."""
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    return next((python for kind, _, python in _FORMS if isinstance(column_type, kind)), identity)


RowForm = tuple[tuple[int, Converter], ...]


def row_converters(table: Table, columns: Sequence[str]) -> RowForm:
    """The columns whose values need converting, with their converters."""
    return tuple((i, form) for i, c in enumerate(columns) if (form := stored_form(table.c[c].type)) is not identity)


def stored_row(converters: RowForm, values: list[Any]) -> tuple:
    for i, convert in converters:
        values[i] = convert(values[i])
    return tuple(values)
