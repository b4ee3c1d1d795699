"""A bulk merge, done set-wise many groups to a write unit, leaves the master exactly as merging
the same groups one by one with `merge_customers` does: the same golden records, contact
points, source-record links, candidate states, statuses, decisions, merge events (with their
images) and audit entries. Only the moments differ, and the bulk merge's write units."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.definitions.rules import Rule
from workbench.errors import WorkbenchError
from workbench.ingest.importer import import_file
from workbench.matching import auto_merge_groups, run_matching
from workbench.sample.generator import generate
from workbench.sample.load import write_sample
from workbench.stewardship import bulk, images
from workbench.stewardship.merge import MergeRequest, merge_customers
from workbench.stewardship.unmerge import unmerge
from workbench.store.master import open_master
from workbench.store.models import (
    Address,
    AuditEntry,
    Customer,
    Decision,
    Email,
    MatchCandidate,
    MergeEvent,
    Phone,
    SourceRecord,
    StatusRule,
    utcnow,
)

MODELS = (Customer, Email, Phone, Address, SourceRecord, MatchCandidate, Decision, MergeEvent, AuditEntry)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


def _second_database(url: str, tmp_path: Path) -> str:
    """Another empty master beside the one at `url` (a file, or a database on the same server)."""
    if "://" not in url:
        return str(tmp_path / "second.sqlite")
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(host=parsed.host, port=parsed.port, user=parsed.username, dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return parsed.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def two_masters(master_url: str, tmp_path: Path):
    """Two masters built alike from the same generated customers, imported from their systems'
    files and matched as a user would (on each backend)."""
    urls = [master_url, _second_database(master_url, tmp_path)]
    files = write_sample(generate(160, seed=23), tmp_path / "exports")
    masters = [open_master(url) for url in urls]
    for master in masters:
        for file in files:
            import_file(master, file)
        run_matching(master)
    yield masters
    for master in masters:
        master.close()


def _now_or(value, since: datetime):
    """Moments of the merges themselves (and of the build, which differs between the masters) as one."""
    if isinstance(value, str) and ISO.match(value):
        try:
            return "<now>" if datetime.fromisoformat(value).replace(tzinfo=None) >= since else value
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: _now_or(v, since) for k, v in value.items()}
    if isinstance(value, list):
        return [_now_or(v, since) for v in value]
    return value


def _dump(master, since: datetime) -> dict[str, list]:
    with master.session() as session:
        return {model.__tablename__: [_now_or(images.image(row), since) for row in
                                      session.scalars(select(model).order_by(model.id))] for model in MODELS}


def _one_by_one(master, groups, batch: str) -> list:
    outcomes = []
    for group in groups:
        try:
            outcomes.append(master.write(lambda session, group=group: merge_customers(
                session, MergeRequest(list(group), origin="auto", batch=batch))).event_id)
        except WorkbenchError as exc:
            outcomes.append(str(exc))
    return outcomes


@pytest.mark.parametrize("first_chunk", [3, 500])
def test_a_set_wise_bulk_merge_leaves_the_master_as_single_merges_do(two_masters, monkeypatch, first_chunk):
    since = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    setwise_master, single_master = two_masters
    with setwise_master.session() as session:
        groups = auto_merge_groups(session)
    with single_master.session() as session:
        assert auto_merge_groups(session) == groups
    assert len(groups) >= 10 and any(len(g) > 2 for g in groups)
    # A steward said meanwhile that two customers of one group are not duplicates, on both masters:
    # that group is left alone, the others merged.
    for master in two_masters:
        with master.transaction() as session:
            a, b = groups[1][:2]
            session.add(Decision(customer_a_id=a, customer_b_id=b, verdict="not_duplicate"))
    monkeypatch.setattr(bulk, "FIRST_CHUNK", first_chunk)
    result = bulk.merge_groups(setwise_master, groups)
    single = _one_by_one(single_master, groups, result.batch)

    assert result.stopped is None
    assert [f for f in single if isinstance(f, str)] == [error for _, error in result.failed]
    assert [e for e in single if isinstance(e, int)] == result.event_ids
    merged, alone = _dump(setwise_master, since), _dump(single_master, since)
    for table in merged:
        assert merged[table] == alone[table], table


@pytest.mark.parametrize("first_chunk", [3, 500])
def test_a_bulk_unmerge_many_to_a_unit_leaves_the_master_as_unmerging_one_by_one_does(two_masters, monkeypatch,
                                                                                       first_chunk):
    """`unmerge --batch` reads each write unit's rows in one query per table and flushes once; the
    master ends as undoing the same merges one at a time, each in its own transaction, leaves it —
    with a merge that built on two of the bulk merge's golden records and an edit made since."""
    since = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    batched, single = two_masters
    with batched.session() as session:
        groups = auto_merge_groups(session)
    events, batch = [], None
    for master in two_masters:
        if batch is not None:  # the same bulk merge, so the same batch number on both masters
            monkeypatch.setattr(bulk.uuid, "uuid4", lambda batch=batch: uuid.UUID(int=int(batch, 16) << 80))
        result = bulk.merge_groups(master, groups)
        batch = result.batch
        survivors = [sorted(g)[0] for g in groups[:2]]
        later = master.write(lambda session, survivors=survivors, batch=result.batch: merge_customers(
            session, MergeRequest(survivors, origin="auto", batch=batch)))
        with master.transaction() as session:  # a steward's edit of a golden record since
            session.get(Customer, sorted(groups[3])[0]).job_title = "Owner"
            # and a status rule put first since, which gives every customer a status no image holds
            session.add(StatusRule(name="Everyone", position=-1, rule=Rule().to_json()))
        events.append([*result.event_ids, later.event_id])
    assert events[0] == events[1] and len(events[0]) >= 10
    monkeypatch.setattr(bulk, "FIRST_CHUNK", first_chunk)
    undone = bulk.unmerge_all(batched, events[0])
    for event_id in sorted(events[1], reverse=True):
        single.write(lambda session, event_id=event_id: unmerge(session, event_id))

    assert undone == sorted(events[0], reverse=True)
    after_batched, after_single = _dump(batched, since), _dump(single, since)
    for table in after_batched:
        assert after_batched[table] == after_single[table], table
    with batched.session() as session:
        assert session.get(Customer, sorted(groups[3])[0]).job_title == "Owner"  # the edit is kept
        restored = [i for group in groups for i in group]  # statuses computed anew, by today's rules
        assert {session.get(Customer, i).status for i in restored} == {"Everyone"}
        assert all(e.undone_at is not None for e in session.scalars(select(MergeEvent)))


def test_a_bulk_unmerge_stops_at_a_merge_that_cannot_be_undone(two_masters):
    master = two_masters[0]
    with master.session() as session:
        groups = auto_merge_groups(session)
    result = bulk.merge_groups(master, groups)
    survivors = [sorted(g)[0] for g in groups[:2]]
    master.write(lambda session: merge_customers(session, MergeRequest(survivors, origin="manual")))
    # Only the bulk merge's own merges: the first group's is refused while the later manual merge stands.
    with pytest.raises(WorkbenchError, match="took part in a later merge"):
        bulk.unmerge_all(master, result.event_ids)
    with master.session() as session:  # the merges of the two groups stay, with the manual merge on them
        assert [session.get(MergeEvent, e).undone_at for e in result.event_ids[:2]] == [None, None]
