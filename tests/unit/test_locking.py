"""Write units lock before they read; a busy master is a state with a message, not a crash."""

from __future__ import annotations

import threading
import time

import pytest
from review_data import add_customer
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from workbench.errors import WorkbenchError
from workbench.stewardship.bulk import merge_groups
from workbench.store.locking import MasterBusy, WriteConflict
from workbench.store.master import open_master
from workbench.store.models import Customer


def test_a_write_unit_reads_only_after_the_writer_before_it_has_committed(sqlite_master):
    customer = add_customer(sqlite_master, "Webshop", 70, first_name="Ida", last_name="Lock", order_count="1")
    other = open_master(sqlite_master.url.database)
    holding = threading.Event()
    seen: list[int] = []

    def first() -> None:
        with sqlite_master.transaction() as session:
            row = session.get(Customer, customer)
            holding.set()
            time.sleep(0.5)  # the second unit starts meanwhile and must wait, not read
            row.order_count += 1

    def second() -> None:
        holding.wait()
        with other.transaction() as session:
            row = session.get(Customer, customer)
            seen.append(row.order_count)
            row.order_count += 1

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other.close()
    assert seen == [2]  # read after the first unit committed: no increment lost
    with sqlite_master.session() as session:
        assert session.get(Customer, customer).order_count == 3


def test_a_read_session_cannot_write(sqlite_master):
    add_customer(sqlite_master, "Webshop", 70, first_name="Ida", last_name="Read")
    with sqlite_master.session() as session, pytest.raises(OperationalError, match="readonly"):
        session.execute(text("UPDATE customers SET first_name = 'X'"))


def test_reads_go_on_while_a_write_holds_the_lock(sqlite_master):
    customer = add_customer(sqlite_master, "Webshop", 70, first_name="Ida", last_name="Reads")
    with sqlite_master.transaction() as session:
        session.get(Customer, customer).first_name = "Changed"
        other = open_master(sqlite_master.url.database)
        started = time.monotonic()
        with other.session() as reading:  # sees the last committed state at once
            assert reading.get(Customer, customer).first_name == "Ida"
        assert time.monotonic() - started < 1
        other.close()


def test_a_busy_master_says_what_it_is_busy_with_and_gives_up_in_one_line(sqlite_master):
    add_customer(sqlite_master, "Webshop", 70, first_name="Ida", last_name="Busy")
    other = open_master(sqlite_master.url.database)
    other.busy.wait_s = 0.6
    told: list[str] = []
    other.busy.notify = told.append
    try:
        with sqlite_master.activity("an import of shop-export.csv"), sqlite_master.transaction():
            started = time.monotonic()
            with pytest.raises(MasterBusy) as caught, other.transaction():
                pass
            waited = time.monotonic() - started
        assert 0.5 <= waited < 3
        assert told == [told[0]] and "an import of shop-export.csv" in told[0] and told[0].startswith("Waiting")
        message = str(caught.value)
        assert "\n" not in message and "an import of shop-export.csv" in message and "gave up" in message
        assert isinstance(caught.value, WorkbenchError)
        with other.transaction() as session:  # free again: the next unit goes through at once
            session.execute(select(Customer.id)).all()
    finally:
        other.close()


def test_a_writer_that_waits_goes_on_once_the_master_is_free(sqlite_master):
    customer = add_customer(sqlite_master, "Webshop", 70, first_name="Ida", last_name="Waits")
    other = open_master(sqlite_master.url.database)
    other.busy.wait_s = 10
    told: list[str] = []
    other.busy.notify = told.append

    def hold() -> None:
        with sqlite_master.transaction() as session:
            session.get(Customer, customer).last_name = "Held"
            time.sleep(1.6)  # long enough to be worth a word to whoever waits

    holder = threading.Thread(target=hold)
    holder.start()
    time.sleep(0.2)
    with other.transaction() as session:
        assert session.get(Customer, customer).last_name == "Held"
    holder.join()
    other.close()
    assert len(told) == 1 and "another window or command" in told[0] and told[0].startswith("Waiting")


@pytest.mark.postgres
def test_postgres_gives_up_on_a_locked_customer_after_the_limit(postgres_master):
    master = postgres_master
    customer = add_customer(master, "Webshop", 70, first_name="Ida", last_name="Row")
    other = open_master(master.url)
    other.busy.wait_s = 0.5
    try:
        with master.transaction() as session:
            session.execute(select(Customer).where(Customer.id == customer).with_for_update()).all()
            with pytest.raises(MasterBusy, match="busy .* gave up after waiting"), \
                    other.transaction() as locked:
                locked.execute(select(Customer).where(Customer.id == customer).with_for_update(key_share=True)).all()
    finally:
        other.close()


def test_write_runs_a_unit_again_after_a_conflict_and_reports_when_it_keeps_failing(sqlite_master):
    calls: list[int] = []

    def flaky(session):
        calls.append(1)
        if len(calls) < 3:
            raise WriteConflict("someone else changed the same customers at the same moment; try again")
        return "done"

    assert sqlite_master.write(flaky) == "done" and len(calls) == 3

    def hopeless(session):
        raise WriteConflict("someone else changed the same customers at the same moment; try again")

    with pytest.raises(WriteConflict):
        sqlite_master.write(hopeless, attempts=2)


def test_a_bulk_merge_that_must_stop_says_what_it_did_and_what_is_left(sqlite_master, monkeypatch):
    ids = [add_customer(sqlite_master, "Webshop", 70, first_name=f"Bo {i // 2}", last_name="Bulk",
                        email=f"bo{i // 2}@example.com") for i in range(8)]
    groups = [ids[i:i + 2] for i in range(0, 8, 2)]
    real_write = sqlite_master.write
    calls = [0]

    def busy_after_two(unit, **kwargs):
        calls[0] += 1
        if calls[0] > 2:
            raise MasterBusy("the master is busy with an import of pos.xlsx; gave up after waiting 2 minutes")
        return real_write(unit, **kwargs)

    monkeypatch.setattr(sqlite_master, "write", busy_after_two)
    monkeypatch.setattr("workbench.stewardship.bulk.CHUNK_GROUPS", 1)  # a write unit per group
    result = merge_groups(sqlite_master, groups)
    assert len(result.event_ids) == 2 and result.merged_away == 2
    assert result.stopped.startswith("the master is busy") and result.not_tried == 2
    assert result.as_dict()["groups_not_tried"] == 2
