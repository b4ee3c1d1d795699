"""Finding customers: by name (accents, umlaut spellings), e-mail, phone, master number."""

import pytest

from workbench.ingest.loader import new_customer
from workbench.sample.generator import generate
from workbench.sample.load import load_sample
from workbench.standardize.record import standardize_row
from workbench.store.filters import CustomerFilter
from workbench.store.queries import CustomerListQuery, customer_detail, master_counts, resolve_customer_id


def add(session, pairs):
    customer = new_customer(standardize_row(pairs, region="DE"))
    session.add(customer)
    session.flush()
    return customer.id


@pytest.fixture
def people(master):
    with master.transaction() as session:
        ids = {
            "anna": add(session, [("first_name", "Anna"), ("last_name", "Müller"),
                                  ("email", "Anna.Mueller@GMX.de"), ("phone", "0151 2345 6789"),
                                  ("city", "Köln"), ("country", "DE")]),
            "bob": add(session, [("first_name", "Robert"), ("last_name", "O'Brien"),
                                 ("email", "bob@example.com"), ("phone", "+1 (415) 555-0134"),
                                 ("city", "San Francisco"), ("country", "US")]),
            "firm": add(session, [("company", "Bäckerei Schmidt GmbH"), ("email", "info@baeckerei-schmidt.de")]),
        }
    return ids


@pytest.mark.parametrize("query, expected", [
    ("müller", {"anna"}),
    ("Mueller", {"anna"}),
    ("MULLER", {"anna"}),
    ("anna mül", {"anna"}),
    ("anna.mueller@gmx.de", {"anna"}),
    ("gmx", {"anna"}),
    ("0151 2345 6789", {"anna"}),
    ("+49 151 23456789", {"anna"}),
    ("o'brien", {"bob"}),
    ("(415) 555-0134", {"bob"}),
    ("bäckerei", {"firm"}),
    ("schmidt gmbh", {"firm"}),
    ("nobody-like-this", set()),
])
def test_search_finds_people_the_way_they_are_typed(master, people, query, expected):
    names = {v: k for k, v in people.items()}
    with master.session() as session:
        query_ = CustomerListQuery(text=query)
        rows = query_.rows(session, 0, 50)
        assert {names[r.id] for r in rows} == expected
        assert query_.count(session) == len(expected)


def test_master_number_search_resolves_merged_customers_to_their_survivor(master, people):
    with master.transaction() as session:
        from workbench.store.models import Customer

        session.get(Customer, people["bob"]).merged_into_id = people["anna"]
    bob_number = f"C-{people['bob']:06d}"
    with master.session() as session:
        assert resolve_customer_id(session, people["bob"]) == people["anna"]
        rows = CustomerListQuery(text=bob_number).rows(session, 0, 10)
        assert [r.id for r in rows] == [people["anna"]]
        # merged-away customers are not listed on their own
        assert people["bob"] not in {r.id for r in CustomerListQuery().rows(session, 0, 10)}
        assert master_counts(session).customers == 2


def test_list_sorts_and_pages_in_sql(master):
    load_sample(master, generate(120, seed=3))
    with master.session() as session:
        query = CustomerListQuery(sort="name")
        total = query.count(session)
        assert total == 120
        pages = [r for offset in range(0, total, 25) for r in query.rows(session, offset, 25)]
        assert len({r.id for r in pages}) == 120
        backwards = CustomerListQuery(sort="name", descending=True).rows(session, 0, total)
        assert [r.id for r in backwards] == [r.id for r in reversed(pages)]
        germans = CustomerListQuery(filter=CustomerFilter(countries=("DE",)))
        assert 0 < germans.count(session) < total
        assert all(r.country == "DE" for r in germans.rows(session, 0, 200))


def test_detail_shows_contact_points_and_source_records(master):
    load_sample(master, generate(30, seed=5))
    with master.session() as session:
        first = CustomerListQuery().rows(session, 0, 1)[0]
        detail = customer_detail(session, first.id)
        assert detail is not None
        assert detail.source_records and detail.source_records[0].source
        assert detail.source_records[0].raw
        assert customer_detail(session, 999_999) is None


def test_an_imported_record_is_found_by_the_same_words_as_one_added_by_hand():
    import copy

    from workbench.ingest.prepare import prepare

    record = standardize_row([("first_name", "Jürgen"), ("last_name", "Groß-Öztürk"), ("company", "Zoë & Co"),
                              ("email", "J.Gross@Müller.de; jurgen@example.org"), ("phone", "0151 2345 6789"),
                              ("phone:work", "+33 6 12 34 56 78"), ("city", "Köln"), ("country", "DE")])
    imported = prepare(1, {"Name": "Jürgen"}, copy.deepcopy(record), None)
    by_hand = new_customer(record)
    assert imported.search_text == by_hand.search_text
    assert {"jurgen", "juergen", "gross", "oeztuerk", "zoe", "j.gross@muller.de", "015123456789", "612345678"} \
        <= set(imported.search_text.split())


def test_the_search_index_is_rewritten_only_when_a_customers_words_change(sqlite_master, tmp_path):
    """A set-wise merge writes each survivor's whole row: unchanged words must not cost an index
    rewrite (SQLite counts the trigger's own writes in `total_changes`), changed ones must be found."""
    from sqlalchemy import text

    from workbench.store.migrate import alembic_config

    with sqlite_master.transaction() as session:
        anna = add(session, [("first_name", "Anna"), ("last_name", "Müller"), ("city", "Köln")])
    with sqlite_master.engine.begin() as connection:
        raw = connection.connection.driver_connection
        words = connection.execute(text("SELECT search_text FROM customers WHERE id = :id"), {"id": anna}).scalar()
        before = raw.total_changes
        connection.execute(text("UPDATE customers SET search_text = :w WHERE id = :id"), {"w": words, "id": anna})
        assert raw.total_changes - before == 1  # the row only
        before = raw.total_changes
        connection.execute(text("UPDATE customers SET search_text = :w WHERE id = :id"),
                           {"w": "erika schulz", "id": anna})
        assert raw.total_changes - before > 1  # the row, and the index (out, and back in)
    with sqlite_master.session() as session:
        assert [r.id for r in CustomerListQuery(text="schulz").rows(session, 0, 10)] == [anna]
        assert CustomerListQuery(text="müller").rows(session, 0, 10) == []

    # a master made before the change gets it when opened
    from alembic import command

    from workbench.store.master import make_engine, open_master, to_url

    old = tmp_path / "old.sqlite"
    engine = make_engine(to_url(str(old)))
    command.upgrade(alembic_config(engine), "0901")
    with engine.begin() as connection:  # the trigger as the code of revision 0901 made it
        connection.execute(text("DROP TRIGGER customers_fts_update"))
        connection.execute(text(
            "CREATE TRIGGER customers_fts_update AFTER UPDATE OF search_text ON customers BEGIN "
            "INSERT INTO customer_fts(customer_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
            "INSERT INTO customer_fts(rowid, search_text) VALUES (new.id, new.search_text); END"))
    engine.dispose()
    trigger = "SELECT sql FROM sqlite_master WHERE name = 'customers_fts_update'"
    upgraded = open_master(old)
    with upgraded.engine.connect() as connection:
        assert "WHEN old.search_text IS NOT new.search_text" in connection.execute(text(trigger)).scalar()
    upgraded.close()
