"""When a source record was last seen: the batch that wrote it, or a later one that saw it unchanged.

An import writes a new or changed record's row with its batch (`batch_id`, then
`last_batch_id`). A record found unchanged by a later import is only *seen* again: that batch
goes to `record_sightings`, a narrow table, instead of rewriting the record's row (a million
unchanged records would otherwise mean the whole table written again). A record written
again after it was seen loses its sighting, so the latest batch is always the sighting's when
there is one, else `last_batch_id`, else `batch_id`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from workbench.store.models import RecordSighting, SourceRecord

SIGHTINGS = RecordSighting.__table__
CHUNK = 10_000


def sighting(records: Any = SourceRecord) -> tuple[Table, ColumnElement[bool]]:
    """What a statement outer-joins to read `last_seen_batch`: `.outerjoin(*sighting(records))`
    (`records`: `SourceRecord`, or the columns of its table)."""
    return SIGHTINGS, SIGHTINGS.c.record_id == records.id


def last_seen_batch(records: Any = SourceRecord) -> ColumnElement[int]:
    """The id of the batch a record was last seen in (with `sighting` joined)."""
    return func.coalesce(SIGHTINGS.c.batch_id, records.last_batch_id, records.batch_id)


def seen(session: Session, batch_id: int, record_ids: Sequence[int]) -> None:
    """Records found unchanged by batch `batch_id`: it is the batch they were last seen in."""
    if not record_ids:
        return
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.executemany(  # type: ignore[union-attr]
            "INSERT OR REPLACE INTO record_sightings (record_id, batch_id) VALUES (?, ?)",
            [(record_id, batch_id) for record_id in record_ids])
        return
    statement = pg_insert(SIGHTINGS)
    connection.execute(statement.on_conflict_do_update(index_elements=[SIGHTINGS.c.record_id],
                                                       set_={"batch_id": statement.excluded.batch_id}),
                       [{"record_id": record_id, "batch_id": batch_id} for record_id in record_ids])


def written(session: Session, record_ids: Sequence[int]) -> None:
    """Records written again by an import: their own `last_batch_id` says when they were seen."""
    ids = list(record_ids)
    for start in range(0, len(ids), CHUNK):
        session.execute(delete(SIGHTINGS).where(SIGHTINGS.c.record_id.in_(ids[start:start + CHUNK])))


__all__ = ["last_seen_batch", "seen", "sighting", "written"]
