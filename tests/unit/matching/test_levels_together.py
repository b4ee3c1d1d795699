"""Levels of one field read with those of another: evidence the names already explain counts once."""

import numpy as np
import pytest
from matching_helpers import add_rows, background

from workbench.matching import auto_merge_groups, run_matching
from workbench.matching.comparisons import BY_FIELD, Comparison
from workbench.matching.model import contacts_explain_surnames, names_explain_mailboxes

FIELDS = ["first_name", "last_name", "email", "email_name"]


def _levels(first: str, last: str, email: str, email_name: str) -> np.ndarray:
    keys = (first, last, email, email_name)
    return np.asarray([[BY_FIELD[f].index(k) for f, k in zip(FIELDS, keys, strict=True)]], dtype=np.int8)


@pytest.mark.parametrize(("first", "last", "email", "email_name", "expected"), [
    # namesakes: 'ehuisman@kpnmail.nl' and 'ehuisman@gmail.com' are made of the name they share
    ("exact", "exact", "same_name", "missing", "different"),
    ("initial", "typo", "same_name", "missing", "different"),
    ("exact", "missing", "same_name", "in_email", "different"),  # the surname read from the mailbox
    # the mailbox name speaks for itself where the names do not agree (a married name) or are missing
    ("exact", "different", "same_name", "missing", "same_name"),
    ("missing", "missing", "same_name", "missing", "same_name"),
    ("different", "exact", "same_name", "missing", "same_name"),
    # other e-mail levels are left alone
    ("exact", "exact", "exact", "missing", "exact"),
    ("exact", "exact", "typo", "missing", "typo"),
])
def test_a_mailbox_made_of_shared_names(first, last, email, email_name, expected):
    levels = _levels(first, last, email, email_name)
    names_explain_mailboxes(FIELDS, levels)
    assert BY_FIELD["email"].levels[levels[0, 2]].key == expected


def test_fields_left_out_change_nothing():
    levels = np.asarray([[1, BY_FIELD["email"].index("same_name")]], dtype=np.int8)
    names_explain_mailboxes(["first_name", "email"], levels)  # no surname to agree
    assert levels[0, 1] == BY_FIELD["email"].index("same_name")


def test_namesakes_at_two_providers_are_not_merged_automatically(master):
    rows = [{"first_name": "Eva", "last_name": "Huisman", "email": "ehuisman@kpnmail.nl", "city": "Utrecht"},
            {"first_name": "Eva", "last_name": "Huisman", "email": "ehuisman@gmail.com", "city": "Haarlem"}]
    eva, other = add_rows(master, [*background(rows=300), *rows])[-2:]
    run_matching(master)
    with master.session() as session:
        assert not any(eva in g and other in g for g in auto_merge_groups(session))


def _household(n: int) -> list[dict[str, str]]:
    shared = {"last_name": f"Hausmann{chr(97 + n % 26)}{chr(97 + n // 26)}", "street": f"Ahornweg {n + 1}",
              "postcode": "50667", "city": "Köln"}
    return [{"first_name": "Petra", **shared, "email": f"petra{n}@web.de"},
            {"first_name": "Klaus", **shared, "email": f"klaus{n}@gmx.de"}]


def test_a_shared_house_counts_less_where_families_share_houses(master):
    """Same name and house, each their own e-mail and mobile, no birth dates: a parent and a child as
    likely as one person, in a list whose households show that families share houses."""
    families = [row for n in range(30) for row in _household(n)]
    rows = [{"first_name": "Gerhard", "last_name": "Wiesenthaler", "street": "Lindenweg 3", "postcode": "80331",
             "city": "München", "email": "gerhard.wiesenthaler@web.de", "mobile": "0151 11223344"},
            {"first_name": "Gerhard", "last_name": "Wiesenthaler", "street": "Lindenweg 3", "postcode": "80331",
             "city": "München", "email": "gw2001@gmail.com", "mobile": "0160 99887766"}]
    ids = add_rows(master, [*background(rows=300), *families, *rows])
    run_matching(master)
    family = report_family(master)
    assert family["address"][1] > 1e-3  # a shared house is common among people with one surname here
    with master.session() as session:
        assert not any(ids[-2] in g and ids[-1] in g for g in auto_merge_groups(session))


def report_family(master):
    from workbench.store.candidates import last_run

    with master.session() as session:
        return last_run(session).stats["model"]["family"]


def test_without_households_a_shared_house_keeps_its_weight():
    """No pair with one surname and a conflict shares anything: the family weights are those of
    a level never seen (half a pair), far above what the level adds."""
    from workbench.matching.family import estimate_family

    class _Values:
        frequency = np.asarray([3, 2, 1, 1])

    class _Features:
        fields = {"last_name": _Values()}

    fields = ["first_name", "last_name", "address"]
    first, last, address = (BY_FIELD[f] for f in fields)
    levels = np.asarray([[first.index("exact"), last.index("exact"), address.index("exact")],
                         [first.index("different"), last.index("different"), address.index("exact")],
                         [first.index("different"), last.index("exact"), address.index("different")]], dtype=np.int8)
    family = estimate_family(_Features(), fields, levels)  # type: ignore[arg-type]
    assert family["address"][address.index("exact")] == pytest.approx(0.5 / 4)  # 3 + 1 pairs share a surname
    assert family["address"][address.index("different")] == pytest.approx(1.5 / 4)


def test_pairs_with_one_surname_and_one_house_are_counted_as_one_person_or_one_family():
    """The odds the household rule keeps for a conflict: in this list, of the compared pairs with
    one surname and one house (the address however written, or the landline), how many are one
    person (no conflict) against one family (a conflict and no identifier in common)."""
    from workbench.matching.family import ONE_HOUSE, estimate_family, household_odds
    from workbench.matching.model import MatchModel

    class _Values:
        frequency = np.asarray([3, 2, 1, 1])

    class _Features:
        fields = {"last_name": _Values()}

    fields = ["first_name", "last_name", "address", "phone"]
    first, last, address, phone = (BY_FIELD[f] for f in fields)
    rows = [("exact", "exact", "exact", "missing"),  # one person
            ("typo", "exact", "street_typo", "missing"),  # one person, both typed differently
            ("exact", "exact", "missing", "exact"),  # one person by the landline
            ("different", "exact", "same_house", "missing"),  # one family
            ("different", "exact", "same_street", "missing"),  # neighbours: no house in common
            ("exact", "different", "exact", "exact")]  # another surname: neither
    levels = np.asarray([[c.index(k) for c, k in zip((first, last, address, phone), row, strict=True)]
                         for row in rows], dtype=np.int8)
    family = estimate_family(_Features(), fields, levels)  # type: ignore[arg-type]
    assert family[ONE_HOUSE] == [3.0, 1.0]
    model = MatchModel(fields, {}, {}, 0.0, family=family)
    assert household_odds(model) == pytest.approx(np.log2(3.5 / 1.5))
    assert household_odds(MatchModel(fields, {}, {}, 0.0)) is None


def _family_pairs(persons: int, relatives: int, one_name_share: float) -> tuple[list[str], np.ndarray]:
    """Pairs with one surname and one house, drawn at random: one person's records (mostly the
    same first name, e-mail and mobile), and two of one family (their own e-mails and mobiles
    mostly; a share of them of one first name, a parent and a child)."""
    fields = ["first_name", "last_name", "email", "phone", "address"]
    first, email, phone = (BY_FIELD[f] for f in ("first_name", "email", "phone"))
    rng = np.random.default_rng(3)

    def draw(count: int, comparison: Comparison, shares: dict[str, float]) -> np.ndarray:
        return rng.choice([comparison.index(k) for k in shares], size=count, p=list(shares.values()))

    one = [draw(persons, first, {"exact": 0.85, "typo": 0.1, "initial": 0.05}),
           draw(persons, email, {"exact": 0.6, "missing": 0.3, "different": 0.1}),
           draw(persons, phone, {"missing": 0.5, "exact": 0.45, "different": 0.05})]
    two = [draw(relatives, first, {"exact": one_name_share, "different": 1 - one_name_share}),
           draw(relatives, email, {"missing": 0.2, "exact": 0.15, "different": 0.65}),
           draw(relatives, phone, {"missing": 0.3, "exact": 0.2, "different": 0.5})]
    columns = [np.concatenate([a, b]) for a, b in zip(one, two, strict=True)]
    ones = np.ones(persons + relatives, dtype=np.int8)
    return fields, np.stack([columns[0], ones, columns[1], columns[2], ones], axis=1).astype(np.int8)


def test_how_often_two_of_one_family_share_a_first_name_is_learned_from_the_list():
    """Nobody says which pairs at one house are one person: expectation maximisation finds that
    here one family pair in eight shares a first name (a parent and a child of one name), where
    strangers share one in a thousand."""
    from workbench.matching.family import family_first_names

    fields, levels = _family_pairs(persons=4_000, relatives=800, one_name_share=0.125)
    u_random = {name: [1.0, *([0.001] * (len(BY_FIELD[name].levels) - 2)), 0.99] for name in fields}
    m = {name: [1.0, 0.9, *([0.1 / (len(BY_FIELD[name].levels) - 2)] * (len(BY_FIELD[name].levels) - 2))]
         for name in fields}
    found = family_first_names(fields, levels, u_random, m)
    assert found is not None
    assert found[BY_FIELD["first_name"].index("exact")] == pytest.approx(0.125, abs=0.03)
    # A list without families keeps the strangers' figure: a first name in common counts in full.
    fields, levels = _family_pairs(persons=4_000, relatives=0, one_name_share=0.0)
    found = family_first_names(fields, levels, u_random, m)
    assert found is not None and found[BY_FIELD["first_name"].index("exact")] < 0.01


def test_a_shared_e_mail_address_says_its_birth_year_once():
    """The year an address both share ends in is part of what they share, not a second finding;
    read from another address it still counts."""
    fields = ["first_name", "email", "email_year"]
    first, email, year = (BY_FIELD[f] for f in fields)
    levels = np.asarray([[first.index("exact"), email.index("exact"), year.index("in_email")],
                         [first.index("exact"), email.index("different"), year.index("in_email")]], dtype=np.int8)
    names_explain_mailboxes(fields, levels)
    assert levels[0, 2] == Comparison.MISSING and levels[1, 2] == year.index("in_email")


SURNAME_FIELDS = ["first_name", "last_name", "email", "phone", "address"]


@pytest.mark.parametrize(("first", "email", "phone", "address", "swapped", "expected"), [
    # a name changed at marriage: the e-mail address, the phone number or the house stayed, the first name agrees
    ("exact", "exact", "missing", "missing", False, "missing"),
    ("typo", "typo", "different", "different", False, "missing"),
    ("nickname", "different", "exact", "missing", False, "missing"),
    ("exact", "missing", "missing", "same_house", False, "missing"),
    # a household shares contacts with another first name: left to the household rule
    ("different", "exact", "exact", "exact", False, "different"),
    # nothing in common but the first name (or only the town): another surname is another person
    ("exact", "different", "different", "same_place", False, "different"),
    ("exact", "same_name", "missing", "missing", False, "different"),
    # names read crosswise compare first names as "surnames": two of them at one address are two people
    ("exact", "exact", "missing", "exact", True, "different"),
])
def test_a_kept_contact_explains_another_surname(first, email, phone, address, swapped, expected):
    keys = (first, "different", email, phone, address)
    levels = np.asarray([[BY_FIELD[f].index(k) for f, k in zip(SURNAME_FIELDS, keys, strict=True)]], dtype=np.int8)
    contacts_explain_surnames(SURNAME_FIELDS, levels, np.asarray([swapped]))
    assert BY_FIELD["last_name"].levels[levels[0, 1]].key == expected


def test_a_married_name_with_the_same_e_mail_is_merged_and_explained(master):
    import json

    from sqlalchemy import select

    from workbench.store.models import MatchCandidate

    rows = [{"first_name": "Annamaria", "last_name": "Lorch", "email": "annamaria.lorch@t-online.de",
             "city": "Düsseldorf"},
            {"first_name": "Annamaria", "last_name": "Gieß", "email": "annamaria.lorch@t-online.de",
             "phone": "+49 151 23849765", "city": "Düsseldorf"},
            # a couple sharing one address: other first names, never one customer
            {"first_name": "Hans", "last_name": "Weber", "email": "familie.weber@web.de", "city": "Köln"},
            {"first_name": "Greta", "last_name": "Schulz", "email": "familie.weber@web.de", "city": "Köln"}]
    lorch, giess, hans, greta = add_rows(master, [*background(rows=300), *rows])[-4:]
    run_matching(master)
    with master.session() as session:
        groups = auto_merge_groups(session)
        assert any(lorch in g and giess in g for g in groups)
        assert not any(hans in g and greta in g for g in groups)
        explanation = session.scalar(select(MatchCandidate.explanation).where(
            MatchCandidate.customer_a_id == min(lorch, giess), MatchCandidate.customer_b_id == max(lorch, giess)))
    entries = explanation if isinstance(explanation, list) else json.loads(explanation)
    surname = next(e for e in entries if e["field"] == "last_name")
    assert {surname["left"], surname["right"]} == {"Lorch", "Gieß"} and surname["weight"] == 0
    assert "married name" in surname["description"]
    # what the steward reads: why the surnames count neither way, not that one is missing
    from workbench.stewardship.queue import CandidateInfo
    from workbench.stewardship.reasons import reasons

    said = [r.sentence for r in reasons([CandidateInfo(0, min(lorch, giess), max(lorch, giess), 20.0, "open", entries)])]
    assert any("married name" in text for text in said) and not any("No last name" in text for text in said)


def test_namesakes_with_one_mailbox_name_written_two_ways_stay_apart(master):
    """Two Thomas Müllers at one provider: thomas.mueller@ was gone, so the second took thomasmueller@."""
    rows = [{"first_name": "Thomas", "last_name": "Müller", "email": "thomas.mueller@t-online.de",
             "street": "Kirchweg 12a", "postcode": "70173", "city": "Stuttgart"},
            {"first_name": "Thomas", "last_name": "Müller", "email": "THOMASMUELLER@T-ONLINE.DE",
             "phone": "+49 1512 4152536", "street": "Am Mühlbach 100", "postcode": "20095", "city": "Hamburg"}]
    first, second = add_rows(master, [*background(rows=300), *rows])[-2:]
    run_matching(master)
    with master.session() as session:
        assert not any(first in g and second in g for g in auto_merge_groups(session))


def test_a_shared_contact_counts_as_common_as_the_people_holding_it(master):
    """Four records of one Ann at her address are one person's address; a couple's is two people's;
    a firm's records count by its names."""
    from workbench.matching.features import load_features

    ann = [{"first_name": "Ann", "last_name": "Watkins", "email": "ann_watkins54@yahoo.com"}] * 4
    couple = [{"first_name": "Hans", "last_name": "Weber", "email": "familie.weber@web.de"},
              {"first_name": "Greta", "last_name": "Weber", "email": "familie.weber@web.de"}]
    initial = [{"first_name": "A.", "last_name": "Ortiz", "email": "ann_watkins54@yahoo.com"}]
    firm = [{"company": "Alberto Media S.A.", "email": "pedidos@albertomedia.es"}] * 3 \
        + [{"company": "Albreto Media S.A.", "email": "pedidos@albertomedia.es"}]
    shared = [{"company": "Kesselring GmbH", "email": "buero@gemeinschaftsbuero.de"},
              {"company": "Larkspur Design Ltd", "email": "buero@gemeinschaftsbuero.de"}]
    add_rows(master, [*background(rows=50), *ann, *couple, *initial, *firm, *shared])
    with master.session() as session:
        features = load_features(session, fields=["first_name", "last_name", "company", "email"])
    email = features.fields["email"]
    people = features.people_holding("email")
    held = {value: (int(email.frequency[k]), int(people[k])) for k, value in enumerate(email.vocabulary.values)}
    assert held["ann_watkins54@yahoo.com"] == (5, 1)  # the initial is nobody else
    assert held["familie.weber@web.de"] == (2, 2)
    # Four records of one firm (one with its name mistyped) hold its address as two firms would, not four.
    assert held["pedidos@albertomedia.es"] == (4, 2)
    assert held["buero@gemeinschaftsbuero.de"] == (2, 2)


def test_an_address_held_by_many_records_of_one_person_still_merges_them(master):
    rows = [{"first_name": "Ann", "last_name": "Watkins", "email": "ann_watkins54@yahoo.com", "city": "Chicago"}] * 3
    rows += [{"first_name": "A.", "last_name": "Ortiz", "email": "ann_watkins54@yahoo.com", "city": "Los Angeles"}]
    ids = add_rows(master, [*background(rows=300), *rows])[-4:]
    run_matching(master)
    with master.session() as session:
        assert any(set(ids) <= set(g) for g in auto_merge_groups(session))
