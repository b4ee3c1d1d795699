"""Custom attributes that look like personal identifiers take part in matching without being named."""

import pytest
from matching_helpers import add_rows, background, candidate_pairs, pair

from workbench.matching import run_matching
from workbench.matching.identifiers import detect_identifiers, effective_settings, looks_like_code
from workbench.matching.settings import MatchSettings, load_settings, save_settings
from workbench.store.models import MatchRun

# Duplicates a typist got wrong (another first name) that share their member number.
MEMBERS = [("Marianne", "Jana", "Oberhuber"), ("Kurt", "Willi", "Zimmerschied"), ("Edeltraud", "Erika", "Pfannkuch")]
# And most duplicates, whose names agree.
ORDINARY = [("Sieglinde", "Sieglinde", "Achternbusch"), ("Roswitha", "Roswita", "Wichtelmann"),
            ("Adalbert", "Adalbert", "Kesselring"), ("Gottfried", "Gottfried", "Eichelhardt"),
            ("Hannelore", "Hanne Lore", "Pfeffermann"), ("Wolfgang", "Wolfgang", "Immendorff"),
            ("Brunhilde", "Brunhilde", "Tafelmeier")]


def _rows(attribute: str, value_of, *, people=MEMBERS + ORDINARY):
    rows = [{**row, f"attribute:{attribute}": value_of(n)} for n, row in enumerate(background(rows=300))]
    pairs = []
    for n, (first, other, last) in enumerate(people):
        shared = {"street": f"Lindenweg {n + 1}", "postcode": "80331", "city": "München",
                  f"attribute:{attribute}": value_of(1000 + n)}
        pairs.append(({"first_name": first, "last_name": last, **shared},
                      {"first_name": other, "last_name": last, **shared}))
    return rows, pairs


@pytest.mark.parametrize("value", ["M-000123", "4711-0815", "DE123456789", 1804974])
def test_codes_look_like_codes(value):
    assert looks_like_code(value)


@pytest.mark.parametrize("value", ["12.50", "1.234,56", "2024-03-01", "01.02.1990", "gold", "abc", 3.5, True, None])
def test_amounts_dates_and_words_do_not(value):
    assert not looks_like_code(value)


def test_a_member_number_found_in_the_data_outweighs_the_household_rule(master):
    rows, pairs = _rows("member_no", lambda n: f"M-{100000 + n}")
    ids = add_rows(master, [*rows, *(row for p in pairs for row in p)])
    with master.session() as session:
        assert detect_identifiers(session) == ("member_no",)
        assert effective_settings(session, load_settings(session)).identifier_attributes == ("member_no",)
    run_matching(master)
    found = candidate_pairs(master)
    couples = list(zip(ids[-2 * len(pairs)::2], ids[-2 * len(pairs) + 1::2], strict=True))[:len(MEMBERS)]
    assert all(pair(a, b) in found for a, b in couples)
    with master.session() as session:
        run = session.query(MatchRun).one()
        assert run.settings["identifier_attributes"] == ["member_no"]  # the run says what took part


def test_not_when_switched_off(master):
    rows, pairs = _rows("member_no", lambda n: f"M-{100000 + n}")
    ids = add_rows(master, [*rows, *(row for p in pairs for row in p)])
    with master.transaction() as session:
        save_settings(session, MatchSettings(detect_identifiers=False))
    run_matching(master)
    found = candidate_pairs(master)
    first = -2 * (len(MEMBERS) + len(ORDINARY))
    assert pair(ids[first], ids[first + 1]) not in found  # a household again: two first names at one address


def test_a_number_a_household_shares_is_no_personal_identifier(master):
    """Each household's members share an account number: the names of those sharing it differ."""
    rows, pairs = _rows("account", lambda n: f"A-{100000 + n}", people=MEMBERS)
    with_households = [*rows, *(row for p in pairs for row in p)]
    for n, row in enumerate(rows[:40]):  # more households: their members share the account too
        with_households.append({"first_name": "Hildegard" if n % 2 else "Ferdinand",
                                "last_name": row.get("last_name", "Okonkwo"), "attribute:account": row["attribute:account"]})
    add_rows(master, with_households)
    with master.session() as session:
        assert detect_identifiers(session) == ()


@pytest.mark.parametrize("values", [
    lambda n: ["gold", "silver", "bronze"][n % 3],  # a tier
    lambda n: f"{(n * 37) % 500}.{n % 100:02d}",  # an amount
    lambda n: f"K-{n % 7}",  # a branch code: crowds share it
])
def test_tiers_amounts_and_branches_are_not_identifiers(master, values):
    rows, pairs = _rows("extra", values)
    add_rows(master, [*rows, *(row for p in pairs for row in p)])
    with master.session() as session:
        assert detect_identifiers(session) == ()


def test_few_holders_are_not_enough(master):
    rows, pairs = _rows("member_no", lambda n: f"M-{100000 + n}", people=ORDINARY)
    for row in rows:
        del row["attribute:member_no"]
    add_rows(master, [*rows, *(row for p in pairs for row in p)])
    with master.session() as session:
        assert detect_identifiers(session) == ()  # fourteen customers of 314: not a column of this list
