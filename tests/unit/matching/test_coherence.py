"""Namesakes kept apart and groups that hold together: each rule on its own, then end to end.

- a full name in common never outweighs a birth date, an e-mail, a phone and an address that all
  differ (`model.names_never_outweigh`);
- contradicted pairs (birth dates beyond a typo, one keyed system's two customers, a household)
  are never put into one group, however many links there are (`coherence.py`, `cluster.py`), and
  the links not followed say why;
- name frequencies of the customers' countries from published statistics (`reference.py`).
"""

import numpy as np
import pytest
from matching_helpers import add_rows, background, pair
from sqlalchemy import select, update

from workbench.matching import auto_merge_groups, run_matching
from workbench.matching.cluster import split_chains
from workbench.matching.coherence import (
    BIRTH_DATE,
    CONTACTS,
    HOUSEHOLD,
    NAMES_AGAINST,
    NONE,
    SYSTEM,
    YEARS,
    contradictions,
)
from workbench.matching.comparisons import BY_FIELD
from workbench.matching.model import names_never_outweigh
from workbench.matching.reference import country_names, reference_countries
from workbench.store.models import MatchCandidate, Source

FIELDS = ["first_name", "last_name", "birth_date", "email", "phone", "address", "identifier"]


def levels(**keys: str) -> np.ndarray:
    """One pair's levels by key (missing where not given)."""
    row = [BY_FIELD[name].index(keys[name]) if name in keys else 0 for name in FIELDS]
    return np.asarray([row], dtype=np.int8)


# ---------------------------------------------------------------------- a name against four differences


def test_a_full_name_never_outweighs_four_differences_together():
    four = levels(first_name="exact", last_name="exact", birth_date="different", email="different",
                  phone="different", address="different")
    weights = np.asarray([[12.0, 14.0, -6.0, -3.0, -2.5, -1.5, 0.0]], dtype=np.float32)
    changed = names_never_outweigh(FIELDS, four, weights)
    assert changed.tolist() == [True]
    assert weights[0, :2].sum() == pytest.approx(13.0, abs=1e-4)  # no more than the four take away
    assert weights[0, 0] / weights[0, 1] == pytest.approx(12 / 14, rel=1e-4)  # each name in proportion


@pytest.mark.parametrize("missing", ["birth_date", "email", "phone", "address"])
def test_the_cap_needs_all_four_present_and_different(missing):
    keys = {"first_name": "exact", "last_name": "exact", "birth_date": "different", "email": "different",
            "phone": "different", "address": "different"}
    del keys[missing]
    weights = np.asarray([[12.0, 14.0, -6.0, -3.0, -2.5, -1.5, 0.0]], dtype=np.float32)
    assert names_never_outweigh(FIELDS, levels(**keys), weights).tolist() == [False]
    assert weights[0, :2].tolist() == [12.0, 14.0]


def test_the_same_house_is_no_difference():
    weights = np.asarray([[12.0, 14.0, -6.0, -3.0, -2.5, 9.0, 0.0]], dtype=np.float32)
    same_house = levels(first_name="exact", last_name="exact", birth_date="different", email="different",
                        phone="different", address="exact")
    assert names_never_outweigh(FIELDS, same_house, weights).tolist() == [False]


# ---------------------------------------------------------------------- what contradicts a pair


def test_birth_dates_beyond_a_typo_contradict_and_typos_do_not():
    assert contradictions(FIELDS, levels(birth_date="different")).tolist() == [BIRTH_DATE]
    for typo in ("swapped", "one_part", "close"):
        assert contradictions(FIELDS, levels(birth_date=typo)).tolist() == [NONE]


def test_a_birth_date_wholly_wrong_at_one_house_or_a_replaced_first_name_is_left_to_the_score():
    assert contradictions(FIELDS, levels(birth_date="different", address="exact")).tolist() == [NONE]
    replaced = levels(first_name="different", birth_date="exact", address="exact")
    assert contradictions(FIELDS, replaced, named=np.asarray([True])).tolist() == [NONE]


def test_a_shared_identifier_outweighs_every_contradiction():
    assert contradictions(FIELDS, levels(birth_date="different", identifier="exact")).tolist() == [NONE]


def test_another_known_first_name_at_one_house_is_a_household_but_a_slip_is_not():
    household = levels(first_name="different", last_name="exact", address="exact")
    assert contradictions(FIELDS, household, named=np.asarray([True])).tolist() == [HOUSEHOLD]
    # 'Dsnniel' against 'Daniel': a name only one customer holds is a slip of the keyboard.
    assert contradictions(FIELDS, household, named=np.asarray([False])).tolist() == [NONE]
    # Another first name without a house, phone or e-mail in common is for the score to weigh.
    apart = levels(first_name="different", last_name="exact", address="different")
    assert contradictions(FIELDS, apart, named=np.asarray([True])).tolist() == [NONE]


def test_one_systems_two_customers_with_other_contacts_contradict():
    other_mail = levels(first_name="exact", last_name="exact", email="different")
    assert contradictions(FIELDS, other_mail, same_system=np.asarray([True])).tolist() == [SYSTEM]
    assert contradictions(FIELDS, other_mail, same_system=np.asarray([False])).tolist() == [NONE]
    # One e-mail in common: a customer registered twice in one system, a duplicate there too.
    one_mail = levels(first_name="exact", last_name="exact", email="exact", phone="different")
    assert contradictions(FIELDS, one_mail, same_system=np.asarray([True])).tolist() == [NONE]


def test_one_systems_two_customers_sharing_only_a_landline_beside_their_own_mobiles_contradict():
    shared_line = levels(first_name="exact", last_name="exact", email="different", phone="exact")
    system = np.asarray([True])
    assert contradictions(FIELDS, shared_line, same_system=system).tolist() == [NONE]
    assert contradictions(FIELDS, shared_line, same_system=system, landline_only=np.asarray([True])).tolist() \
        == [SYSTEM]
    assert contradictions(FIELDS, shared_line, same_system=system, landline_only=np.asarray([False])).tolist() \
        == [NONE]


def test_a_parent_and_child_of_one_name_in_one_system_sharing_the_home_landline_stay_two(tmp_path):
    # As a mailing tool holds them: two contacts of one name with their own e-mail and mobile and
    # the family's landline; the shop has each of them once more. The tool's two contact numbers
    # and the two mobiles say two people; the landline is the house's.
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    add_rows(master, background())
    name = {"first_name": "Marco", "last_name": "Russo", "country": "IT"}
    parent = {**name, "email": "russo.marco@libero.it", "phone": "02 1290 6791", "mobile": "312 867 1350"}
    child = {**name, "email": "marcorusso@libero.it", "phone": "02 1290 6791", "mobile": "+33 6 12 43 75 35"}
    tool = add_rows(master, [parent, child], source="Mailing tool", region="IT")
    with master.transaction() as session:
        session.execute(update(Source).where(Source.name == "Mailing tool").values(key_column="Contact ID"))
    shop = add_rows(master, [{**name, "email": "russo.marco@libero.it", "city": "Bolzano", "postcode": "39100"},
                             {**name, "email": "marcorusso@libero.it", "city": "Bolzano", "postcode": "39100"}],
                    source="Shop", region="IT")
    run_matching(master)
    with master.session() as session:
        groups = auto_merge_groups(session)
    master.close()
    assert not any(tool[0] in g and tool[1] in g for g in groups), groups
    assert any(tool[0] in g and shop[0] in g for g in groups) and any(tool[1] in g and shop[1] in g for g in groups)


def test_one_systems_two_customers_with_nothing_but_the_name_in_common_contradict():
    # A record with no contacts against the namesake's: the system's two numbers are all there is.
    name_only = levels(first_name="exact", last_name="exact")
    assert contradictions(FIELDS, name_only, same_system=np.asarray([True])).tolist() == [SYSTEM]
    assert contradictions(FIELDS, name_only, same_system=np.asarray([False])).tolist() == [NONE]
    # Anything else in common leaves the pair to the score: one birth date, one house, one phone.
    for shared in ({"birth_date": "exact"}, {"birth_date": "swapped"}, {"address": "same_house"},
                   {"phone": "typo"}):
        pair_levels = levels(first_name="exact", last_name="exact", **shared)
        assert contradictions(FIELDS, pair_levels, same_system=np.asarray([True])).tolist() == [NONE], shared


def test_an_email_a_phone_and_an_address_that_all_differ_contradict():
    three = {"first_name": "exact", "last_name": "exact", "email": "different", "phone": "different",
             "address": "different"}
    assert contradictions(FIELDS, levels(**three)).tolist() == [CONTACTS]
    # One of them missing, or alike in part (the same town, the same mailbox name elsewhere): the score weighs it.
    for change in ({"email": "missing"}, {"phone": "missing"}, {"address": "missing"}, {"address": "same_place"},
                   {"email": "same_name"}, {"phone": "other_kind"}):
        assert contradictions(FIELDS, levels(**{**three, **change})).tolist() == [NONE], change
    # A birth date alike says one person who moved and changed numbers.
    assert contradictions(FIELDS, levels(**three, birth_date="exact")).tolist() == [NONE]
    assert contradictions(FIELDS, levels(**three, birth_date="swapped")).tolist() == [NONE]


def test_mailboxes_ending_in_other_birth_years_in_other_towns_contradict():
    apart = levels(first_name="exact", last_name="exact", email="different", address="different")
    assert contradictions(FIELDS, apart, years_differ=np.asarray([True])).tolist() == [YEARS]
    assert contradictions(FIELDS, apart, years_differ=np.asarray([False])).tolist() == [NONE]
    # The same town, a phone in common, or one mailbox: the score weighs it.
    for change in ({"address": "same_place"}, {"phone": "exact"}, {"email": "same_name"}, {"address": "missing"}):
        pair_levels = levels(**{"first_name": "exact", "last_name": "exact", "email": "different",
                                "address": "different", **change})
        assert contradictions(FIELDS, pair_levels, years_differ=np.asarray([True])).tolist() == [NONE], change


def test_mailbox_years_are_compared_only_where_both_have_them_and_no_birth_date(tmp_path):
    from workbench.matching.coherence import mailbox_years_differ
    from workbench.matching.features import load_features
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    ids = add_rows(master, [{"first_name": "Josette", "last_name": "Renard", "email": "josette_renard92@gmail.com"},
                            {"first_name": "Josette", "last_name": "Renard", "email": "josette_renard24@free.fr"},
                            {"first_name": "Josette", "last_name": "Renard", "email": "j.renard92@orange.fr"},
                            {"first_name": "Josette", "last_name": "Renard", "email": "josette.renard@free.fr"},
                            {"first_name": "Josette", "last_name": "Renard", "email": "jr24@free.fr",
                             "birth_date": "1992-05-04"}], region="FR")
    with master.session() as session:
        features = load_features(session, fields=["first_name", "last_name", "birth_date", "email", "email_year"])
    master.close()
    at = features.positions
    first = at([ids[0]] * 4)
    others = at(ids[1:])
    assert mailbox_years_differ(features, first, others).tolist() == [True, False, False, False]


# ---------------------------------------------------------------------- groups split at their weakest links


def test_a_group_with_a_contradicted_pair_is_split_at_its_weakest_link_and_says_why():
    # Records 1-2 are one person, 4-5 another of the same name; 3 has nothing but the name and
    # links to both. 1 and 5 have different birth dates: no number of links outvotes that.
    edges = {(1, 2): 30.0, (4, 5): 30.0, (2, 3): 9.0, (3, 4): 8.0, (1, 3): 9.0, (3, 5): 8.0}

    def score(pairs):
        return {p: (2.0, False, BIRTH_DATE if p == (1, 5) else NONE) for p in pairs}

    kept_apart: dict = {}
    groups = split_chains(edges, score, kept_apart=kept_apart)
    assert sorted(groups) == [[1, 2, 3], [4, 5]]
    assert kept_apart and all(reason == (BIRTH_DATE, (1, 5)) for reason in kept_apart.values())
    assert set(kept_apart) <= {(3, 4), (3, 5)}  # the weaker links, not the strong ones inside each person


def test_a_contradicted_pair_alone_is_no_group():
    kept_apart: dict = {}
    assert split_chains({(1, 2): 12.0}, lambda pairs: {}, contradicted={(1, 2): SYSTEM},
                        kept_apart=kept_apart) == []
    assert kept_apart == {(1, 2): (SYSTEM, (1, 2))}


def test_a_link_of_names_alone_joins_no_group_holding_a_difference_against_those_names():
    # 1-2 are one person (a shared e-mail); 3 has only their phone; 4 has the name and another
    # e-mail than 1's, and links to 3 by the names alone (3 has no e-mail to differ).
    edges = {(1, 2): 30.0, (1, 3): 15.0, (3, 4): 5.0}

    def score(pairs):  # (score, conflict, contradiction, names alone against a difference)
        return {p: (1.0, False, NONE, p == (1, 4)) for p in pairs}

    kept_apart: dict = {}
    groups = split_chains(edges, score, kept_apart=kept_apart, names_alone={(3, 4)}, names_reason=NAMES_AGAINST)
    assert groups == [[1, 2, 3]]
    assert kept_apart == {(3, 4): (NAMES_AGAINST, (1, 4))}
    # A link that shares more than the names still joins (a phone, say): only names are doubted.
    assert split_chains(edges, score, names_alone=set(), names_reason=NAMES_AGAINST) == [[1, 2, 3, 4]]


def _matched(master) -> tuple[list[list[int]], dict]:
    """Match the master; then what `merge --auto` would merge and every candidate's explanation (the
    master is closed)."""
    run_matching(master)
    with master.session() as session:
        groups = auto_merge_groups(session)
        links = {(a, b): e for a, b, e in session.execute(
            select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id, MatchCandidate.explanation))}
    master.close()
    return groups, links


def test_namesakes_in_a_small_list_are_not_joined_through_a_record_with_only_the_name(tmp_path):
    """One Ottilie Quandtmeyer with an e-mail and a mobile in two systems and a till record with
    only her mobile; another with her own e-mail. The till record and the other share nothing
    but the name: the names alone do not bring the other into the first one's group."""
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    add_rows(master, background())
    name = {"first_name": "Ottilie", "last_name": "Quandtmeyer"}
    first = add_rows(master, [{**name, "email": "ottilie.quandtmeyer@orange.fr", "mobile": "0612425008"},
                              {**name, "email": "ottilie.quandtmeyer@orange.fr"}], source="Shop", region="FR")
    till = add_rows(master, [{**name, "mobile": "0612425008"}], source="Till", region="FR")
    other = add_rows(master, [{**name, "email": "o.quandtmeyer@gmail.com"}], source="Newsletter", region="FR")
    groups, found = _matched(master)
    ours = next(g for g in groups if first[0] in g)
    assert set(first + till) <= set(ours) and other[0] not in ours
    note = [e["description"] for e in found[pair(till[0], other[0])] if e.get("field") == "group"]
    assert note and "only the names join them" in note[0] and "C-0" in note[0]


# ---------------------------------------------------------------------- end to end


RARE = {"first_name": "Quirinus", "last_name": "Oberwexler"}


@pytest.fixture(scope="module")
def namesakes(tmp_path_factory):
    """Two people of one rare name, ten years apart, each in several systems, and records with
    nothing but the name that link to both."""
    from workbench.store.master import open_master

    master = open_master(tmp_path_factory.mktemp("namesakes") / "master.sqlite")
    add_rows(master, background())
    older = {**RARE, "birth_date": "1961-03-14", "email": "q.oberwexler@posteo.de", "mobile": "0171 3344556",
             "street": "Lindenweg 4", "postcode": "80331", "city": "München"}
    younger = {**RARE, "birth_date": "1971-09-02", "email": "quirinus.o@web.de", "mobile": "0160 7788990",
               "street": "Hafenstraße 12", "postcode": "20457", "city": "Hamburg"}
    billing = add_rows(master, [older, younger], source="Billing")
    with master.transaction() as session:  # a system with its own customer numbers
        session.execute(update(Source).where(Source.name == "Billing").values(key_column="Customer no"))
    shop = add_rows(master, [{**RARE, "email": older["email"]}, {**RARE, "email": younger["email"]}], source="Shop")
    names_only = add_rows(master, [dict(RARE), dict(RARE), dict(RARE)], source="Fair")
    run_matching(master)
    with master.session() as session:
        groups = auto_merge_groups(session)
        found = session.execute(select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id,
                                       MatchCandidate.explanation, MatchCandidate.score)).all()
    yield {"older": [billing[0], shop[0]], "younger": [billing[1], shop[1]], "names_only": names_only,
           "groups": groups, "explanations": {(a, b): e for a, b, e, _ in found},
           "scores": {(a, b): s for a, b, _, s in found}}
    master.close()


def test_namesakes_with_everything_else_different_are_not_even_suggested(namesakes):
    older, younger = namesakes["older"][0], namesakes["younger"][0]
    assert pair(older, younger) not in namesakes["explanations"]


def test_namesakes_are_never_merged_through_records_with_only_the_name(namesakes):
    older, younger = set(namesakes["older"]), set(namesakes["younger"])
    for group in namesakes["groups"]:
        assert not (older & set(group) and younger & set(group)), group


def test_each_namesake_is_still_merged_with_their_own_records(namesakes):
    for person in ("older", "younger"):
        a, b = namesakes[person]
        assert any(a in g and b in g for g in namesakes["groups"]), person


def test_the_review_says_why_a_group_was_split(namesakes):
    entries = [e for explanation in namesakes["explanations"].values() for e in explanation
               if e.get("field") == "group"]
    assert entries, "no link says why it was not followed"
    assert all(e["weight"] == 0 and "cannot be one person" in e["description"] for e in entries)


def test_explanations_with_a_split_still_add_up_to_the_score(namesakes):
    for key, explanation in namesakes["explanations"].items():
        assert sum(e["weight"] for e in explanation) == pytest.approx(namesakes["scores"][key], abs=0.05)


def test_a_keyed_systems_record_with_nothing_but_the_name_stays_out_of_the_namesakes_group(tmp_path):
    # As in a shop's till: two customer numbers of one name, one with a mobile, one with nothing
    # else; the phone book has the first with the mobile, e-mail and house. The bare record may be
    # the other Jörg Schneider: the till's two numbers say so, and no link outvotes them.
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    add_rows(master, background())
    name = {"first_name": "Jörg", "last_name": "Schneider"}
    bare, with_mobile = add_rows(master, [dict(name), {**name, "mobile": "0151 23976888"}], source="Till")
    with master.transaction() as session:
        session.execute(update(Source).where(Source.name == "Till").values(key_column="Customer ID"))
    (phone_book,) = add_rows(master, [{**name, "mobile": "+49 151 23976888", "email": "j.schneider@t-online.de",
                                       "street": "Schwarzwaldstraße 32", "postcode": "79102",
                                       "city": "Freiburg im Breisgau"}], source="Phone book")
    run_matching(master)
    with master.session() as session:
        groups = auto_merge_groups(session)
    master.close()
    assert any(with_mobile in g and phone_book in g for g in groups)
    assert not any(bare in g for g in groups), groups


# ---------------------------------------------------------------------- reference name frequencies


def test_published_name_frequencies_are_read_and_cited():
    assert "US" in reference_countries()
    us = country_names("US")
    assert us is not None
    assert us.last["smith"] > 0.005 > us.last_floor  # about 1 % of Americans
    assert us.first["john"] > 0.01 > us.first.get("zebulon", us.first_floor)  # about 3 % of men, half of that of all
    assert us.first["mary"] > 0.01
    from workbench.paths import resource_path

    head = resource_path("reference", "name_frequencies_us.csv").read_text(encoding="utf-8")[:400]
    assert "Census Bureau" in head and "public domain" in head


def test_a_common_name_counts_less_than_a_rare_one_in_a_small_american_list(tmp_path):
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    people = [("John", "Smith"), ("Zebulon", "Quackenbush")]
    rows = []
    for first, last in people:
        for _copy in range(2):
            rows.append({"first_name": first, "last_name": last, "email": f"{first}.{last}@example.com".lower(),
                         "city": "New York", "country": "US"})
    for k in range(40):  # a small list of Americans with other names
        rows.append({"first_name": f"Person{k}", "last_name": f"Family{k}", "city": "Boston", "country": "US",
                     "street": f"{k + 1} Elm Street", "postcode": "02108"})
    ids = add_rows(master, rows, region="US")
    run_matching(master)
    with master.session() as session:
        found = {(a, b): e for a, b, e in session.execute(
            select(MatchCandidate.customer_a_id, MatchCandidate.customer_b_id, MatchCandidate.explanation))}
    master.close()

    def name_weight(a, b):
        entries = found.get(pair(a, b)) or []
        return sum(e["weight"] for e in entries if e.get("field") in ("first_name", "last_name"))

    # In the list both names are held by two customers alike; the census says John Smith is common.
    assert name_weight(ids[0], ids[1]) < name_weight(ids[2], ids[3]) - 4


def test_the_review_page_shows_why_a_group_was_split():
    from workbench.matching.coherence import split_entry
    from workbench.stewardship.queue import CandidateInfo
    from workbench.ui.review.explanation import reasons_html

    entries = [{"field": "prior", "label": "Starting point", "level": "prior", "weight": 5.0},
               split_entry(BIRTH_DATE, 3, 9)]
    html = reasons_html([CandidateInfo(1, 3, 4, 5.0, "open", entries)], {3: 1, 4: 2})
    assert "customers C-000003 and C-000009" in html and "birth dates differ" in html


# ---------------------------------------------------------------------- slips are not other people


def test_a_mailbox_of_the_first_name_says_nothing_of_the_surname():
    from workbench.matching.normalize import mailbox_words

    assert mailbox_words("luke98@btinternet.com", "luek") == ()  # the first name, mistyped on the record
    assert mailbox_words("bobby.kowalczyk@gmail.com", "robert") == ("kowalczyk",)  # a nickname of it
    assert mailbox_words("dghoerle@web.de", "dana") == ("dghoerle", "ghoerle")


def test_a_first_name_nobody_else_holds_is_a_slip_not_another_person(tmp_path):
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    add_rows(master, background(rows=300))
    for first in ("Christine", "Christopher"):  # names the list knows
        add_rows(master, [{"first_name": first, "last_name": f"Other{k}", "city": "Bonn"} for k in range(3)])
    slip = add_rows(master, [
        {"first_name": "Daniel", "last_name": "Rieckhoff", "email": "d.rieckhoff@posteo.de", "phone": "0171 2233445"},
        {"first_name": "Dsnniel", "last_name": "Rieckhoff", "email": "d.rieckhoff@posteo.de", "phone": "0171 2233445"}])
    two = add_rows(master, [
        {"first_name": "Christine", "last_name": "Brandauer", "email": "brandauers@posteo.de", "phone": "0228 554433"},
        {"first_name": "Christopher", "last_name": "Brandauer", "email": "brandauers@posteo.de", "phone": "0228 554433"}])
    run_matching(master)
    with master.session() as session:
        groups = auto_merge_groups(session)
    master.close()
    assert any(slip[0] in g and slip[1] in g for g in groups)
    assert not any(two[0] in g and two[1] in g for g in groups)


def test_a_mobile_against_a_landline_is_a_level_of_its_own(tmp_path):
    from workbench.matching.compare import compare_one, compare_pairs
    from workbench.matching.features import load_features
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    ids = add_rows(master, [{"first_name": "Aaron", "last_name": "Ansems", "phone": "0171 2345678"},
                            {"first_name": "Aaron", "last_name": "Ansems", "phone": "030 4455667"},
                            {"first_name": "Aaron", "last_name": "Ansems", "phone": "0160 9988776"}])
    with master.session() as session:
        features = load_features(session, fields=["first_name", "last_name", "phone"])
    master.close()
    i, j, k = features.positions(ids).tolist()
    bulk = compare_pairs(features, ["first_name", "last_name", "phone"], np.asarray([i, i]), np.asarray([j, k]))
    phone = BY_FIELD["phone"]
    assert bulk.levels[:, 2].tolist() == [phone.index("other_kind"), phone.different]
    one, _ = compare_one(features, ["first_name", "last_name", "phone"], i, j)
    assert one[2].level == phone.index("other_kind")  # the explanation says the same


# ---------------------------------------------------------------------- one name at one house


ZIMMERMANN = {"first_name": "Jörg", "last_name": "Zimmermann", "street": "Goethestraße 39", "postcode": "77652",
              "city": "Offenburg", "country": "DE"}
ANDERSON = {"first_name": "John", "last_name": "Anderson", "street": "34 Elm Street", "postcode": "10013",
            "city": "New York", "state": "NY", "country": "US"}


def _father_and_son(tmp_path, home: dict, emails: tuple[str, str], phone: str, region: str = "DE",
                    son_last: str | None = None):
    """A father and his son of one name at one house, the home phone theirs both (written as the
    home number, or as a plain phone whose kind no one can tell), each in a shop and a mailing tool
    with the e-mail given (the son's surname there as `son_last`, a typo, when given). Returns the
    groups, both people's customers (father's two, son's two) and the links between customers."""
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    add_rows(master, background())
    name = {"first_name": home["first_name"], "last_name": home["last_name"]}
    shop = add_rows(master, [{**home, "email": email} for email in emails], source="Shop", region=region)
    tool = add_rows(master, [{**name, "email": emails[0], "phone": phone},
                             {**name, "last_name": son_last or name["last_name"], "email": emails[1], "phone": phone}],
                    source="Mailing tool", region=region)
    groups, links = _matched(master)
    return groups, (shop[0], tool[0]), (shop[1], tool[1]), links


@pytest.mark.parametrize("home, emails, phone, region, son_last", [
    (ZIMMERMANN, ("joergzimmermann@gmx.de", "joerg.zimmermann65@t-online.de"), "030 109442", "DE", None),
    # An American home number: no one can tell a landline from a mobile there; shared by two
    # mailboxes of two people of one name, it is the house's as well.
    (ANDERSON, ("j.anderson@outlook.com", "johnanderson@gmail.com"), "(201) 683-3047", "US", None),
    # The son's surname mistyped in the mailing tool ('Zimmremann'): his mailbox is still his own.
    (ZIMMERMANN, ("joergzimmermann@gmx.de", "joerg.zimmermann65@t-online.de"), "030 109442", "DE", "Zimmremann"),
], ids=["german landline", "american number", "a typo in the surname"])
def test_a_father_and_son_of_one_name_at_one_house_each_with_their_own_mailbox_are_left_to_a_person(
        tmp_path, home, emails, phone, region, son_last):
    # Each mailbox bears its holder's name; the house and the home phone are the family's. Merged,
    # the son's orders and consent would become his father's: a person decides (the pair is
    # suggested, and says why it was not merged).
    groups, father, son, links = _father_and_son(tmp_path, home, emails, phone, region, son_last)
    assert not any(set(father) & set(g) and set(son) & set(g) for g in groups), groups
    assert any(set(father) <= set(g) for g in groups) and any(set(son) <= set(g) for g in groups), groups
    across = [links[pair(a, b)] for a in father for b in son if pair(a, b) in links]
    assert across, "the father and the son are still suggested to the review"
    assert any(e.get("level") == "one_house" and "parent and a child of one name" in e.get("description", "")
               for entries in across for e in entries), across


def test_one_person_under_the_mailbox_of_the_partner_they_live_with_is_still_merged(tmp_path):
    # 'k.zimmermann@' is not Jörg's own (his wife Karin's, say): a record of Jörg kept under the
    # household's other mailbox is his, as before.
    groups, father, son, _links = _father_and_son(tmp_path, ZIMMERMANN,
                                                  ("joergzimmermann@gmx.de", "k.zimmermann@t-online.de"),
                                                  "030 109442")
    assert any(set(father) | set(son) <= set(g) for g in groups), groups


# ---------------------------------------------------------------------- another house in one town


def test_another_house_in_the_same_town_is_a_difference_against_a_shared_name(tmp_path):
    # Marie Martin of 98 rue des Lilas (a shop and a newsletter know her e-mail) and a till's Marie
    # Martin of 65 avenue Jean Jaurès, both in 75011 Paris, with nothing else in common: the town
    # is no evidence of one person where both houses are known and differ. A record with the town
    # alone (no street to differ) still joins her.
    from workbench.store.master import open_master

    master = open_master(tmp_path / "master.sqlite")
    add_rows(master, background())
    marie = {"first_name": "Marie", "last_name": "Martin", "postcode": "75011", "city": "Paris", "country": "FR"}
    own = add_rows(master, [{**marie, "street": "98 rue des Lilas", "email": "m.martin@orange.fr"},
                            {"first_name": "Marie", "last_name": "Martin", "email": "m.martin@orange.fr"}],
                   source="Shop", region="FR")
    till = add_rows(master, [{**marie, "street": "65 avenue Jean Jaurès", "birth_date": "1999-05-20"},
                             dict(marie)], source="Till", region="FR")
    groups, links = _matched(master)
    assert not any(till[0] in g and set(own) & set(g) for g in groups), groups
    assert any(set(own) | {till[1]} <= set(g) for g in groups), groups
    other_house = links.get(pair(own[0], till[0]))
    assert other_house and any(e.get("level") == "names_only" for e in other_house), other_house
