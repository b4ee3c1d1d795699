"""Row images: a table row as plain JSON, and back.

A merge stores images of every row it changes so that unmerge can put them back exactly,
however much later. Dates and times become ISO strings; everything else is already JSON.
"""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Date, DateTime, inspect

Image = dict[str, Any]


@cache
def _columns(model: type) -> list[tuple[str, Any]]:
    return [(attr.key, attr.columns[0].type) for attr in inspect(model).column_attrs]


def to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):  # a JSON column's value: a copy the row cannot change
        try:
            return json.loads(json.dumps(value))  # far quicker than deepcopy for big explanations
        except (TypeError, ValueError):
            return copy.deepcopy(value)
    return value


def from_json(column_type: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    return copy.deepcopy(value)


def image(row: Any, only: tuple[str, ...] | None = None) -> Image:
    """Every column of an ORM row (or those named in `only`), JSON-ready."""
    return {key: to_json(getattr(row, key)) for key, _type in _columns(type(row)) if only is None or key in only}


def restore(row: Any, picture: Image, *, skip: tuple[str, ...] = ("id",)) -> None:
    """Set every column of `row` from `picture` (the primary key stays)."""
    for key, column_type in _columns(type(row)):
        if key in skip or key not in picture:
            continue
        value = from_json(column_type, picture[key])
        if getattr(row, key) != value:
            setattr(row, key, value)


def build(model: type, picture: Image) -> Any:
    """A new row of `model` from an image, with its original primary key."""
    row = model()
    for key, column_type in _columns(model):
        if key in picture:
            setattr(row, key, from_json(column_type, picture[key]))
    return row


def restore_three_way(row: Any, before: Image, after: Image | None, *, skip: tuple[str, ...] = ("id",)
                      ) -> list[str]:
    """Put back `before` where the row still holds what the change left (`after`).

    A column someone changed since is kept as it is now; its name is returned so the caller
    can say so. Without an `after` image every column is restored; an `after` image of some
    columns only (those the change could touch) leaves the others as they are.
    """
    kept: list[str] = []
    for key, column_type in _columns(type(row)):
        if key in skip or key not in before or (after is not None and key not in after):
            continue
        current = to_json(getattr(row, key))
        if after is not None and current != after[key]:
            kept.append(key)
            continue
        value = from_json(column_type, before[key])
        if getattr(row, key) != value:
            setattr(row, key, value)
    return kept
