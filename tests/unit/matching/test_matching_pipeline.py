"""The match run as a whole, on SQLite and PostgreSQL: what it stores, what it remembers, what it leaves alone."""

import math

import pytest
from matching_helpers import add_rows, background, candidate_pairs, pair
from sqlalchemy import select, update

from workbench.errors import Cancelled
from workbench.matching import auto_merge_groups, run_matching
from workbench.progress import Progress
from workbench.store.models import Customer, Decision, MatchCandidate, MatchRun, utcnow

BOB = {"first_name": "Bob", "last_name": "Kowalczyk", "email": "bob.kowalczyk@gmail.com"}
ROBERT = {"first_name": "Robert", "last_name": "Kowalczyk", "email": "Bob.Kowalczyk+shop@gmail.com"}
ROBERT_KOELN = {"first_name": "Robert", "last_name": "Kowalczyk", "email": "bob.kowalczyk@gmail.com",
                "city": "Köln", "phone": "0221 123456"}


@pytest.fixture
def small(master):
    add_rows(master, background(rows=250))
    return master


def test_candidates_carry_an_explanation_that_adds_up_to_the_score(small):
    a, b = add_rows(small, [BOB, ROBERT])
    report = run_matching(small)
    assert report.mode == "full" and report.pairs_compared > 0 and set(report.timings) >= {"load", "compare", "write"}
    with small.session() as session:
        candidate = session.scalar(select(MatchCandidate).where(MatchCandidate.customer_a_id == min(a, b),
                                                                 MatchCandidate.customer_b_id == max(a, b)))
        assert candidate is not None and candidate.status == "open"
        assert 0.5 < candidate.probability <= 1
        fields = {e["field"]: e for e in candidate.explanation}
        assert fields["first_name"]["level"] == "nickname"
        assert {fields["first_name"]["left"], fields["first_name"]["right"]} == {"Bob", "Robert"}
        assert fields["email"]["level"] == "exact" and fields["email"]["weight"] > 5
        assert fields["prior"]["weight"] < 0
        assert math.isclose(sum(e["weight"] for e in candidate.explanation), candidate.score, abs_tol=0.1)
        run = session.scalar(select(MatchRun).order_by(MatchRun.id.desc()))
        assert run.finished_at is not None and run.stats["pairs_compared"] == report.pairs_compared
        assert all(c.customer_a_id < c.customer_b_id for c in session.scalars(select(MatchCandidate)))


def _reject(master, a, b):
    with master.transaction() as session:
        session.add(Decision(customer_a_id=min(a, b), customer_b_id=max(a, b), verdict="not_duplicate",
                             actor="steward"))


def _merge(master, merged, survivor):
    with master.transaction() as session:
        session.execute(update(Customer).where(Customer.id == merged).values(merged_into_id=survivor))
        session.execute(update(Customer).where(Customer.id == survivor).values(updated_at=utcnow()))


def test_a_rejection_holds_through_merges_and_unmerges(small):
    bob, robert, robert_koeln = add_rows(small, [BOB, ROBERT, ROBERT_KOELN])
    run_matching(small)
    assert pair(bob, robert) in candidate_pairs(small)
    _reject(small, bob, robert)
    run_matching(small)
    assert pair(bob, robert) not in candidate_pairs(small)
    assert pair(bob, robert_koeln) in candidate_pairs(small)

    # Robert is merged into the Köln record: Bob and the survivor are the pair that was rejected.
    _merge(small, robert, robert_koeln)
    report = run_matching(small)
    assert pair(bob, robert_koeln) not in candidate_pairs(small)
    assert report.rejected_skipped >= 1
    with small.session() as session:
        assert not any(bob in g and robert_koeln in g for g in auto_merge_groups(session))

    # Undone: Robert is himself again, still rejected against Bob; the Köln record is not.
    with small.transaction() as session:
        session.execute(update(Customer).where(Customer.id == robert).values(merged_into_id=None,
                                                                             updated_at=utcnow()))
    run_matching(small, full=True)
    pairs = candidate_pairs(small)
    assert pair(bob, robert) not in pairs and pair(bob, robert_koeln) in pairs


def test_after_an_import_only_new_customers_are_compared(small):
    first = add_rows(small, [BOB, ROBERT])
    full = run_matching(small)
    before = {p: s for p, s in candidate_pairs(small).items()}
    with small.session() as session:
        ids_before = set(session.scalars(select(MatchCandidate.id)))
    new = add_rows(small, [ROBERT_KOELN, {"first_name": "Zygmunt", "last_name": "Brzęczyszczykiewicz"}],
                   source="Second file")
    report = run_matching(small)
    assert report.mode == "incremental" and report.focus == 2
    assert report.pairs_compared < full.pairs_compared
    after = candidate_pairs(small)
    assert pair(first[0], new[0]) in after and pair(first[1], new[0]) in after
    assert all(after[p] == s for p, s in before.items())
    with small.session() as session:
        assert ids_before <= set(session.scalars(select(MatchCandidate.id)))


def test_a_decided_candidate_is_not_reopened(small):
    a, b = add_rows(small, [BOB, ROBERT])
    run_matching(small)
    with small.transaction() as session:
        candidate = session.scalar(select(MatchCandidate).where(MatchCandidate.customer_a_id == min(a, b),
                                                                 MatchCandidate.customer_b_id == max(a, b)))
        candidate.status = "rejected"
        session.add(Decision(customer_a_id=min(a, b), customer_b_id=max(a, b), verdict="not_duplicate",
                             candidate_id=candidate.id))
    run_matching(small, full=True)
    assert pair(a, b) in candidate_pairs(small, status="rejected")
    assert pair(a, b) not in candidate_pairs(small)


def test_cancelling_leaves_the_previous_candidates(small):
    add_rows(small, [BOB, ROBERT])
    run_matching(small)
    before = candidate_pairs(small)
    with small.session() as session:
        runs = session.scalar(select(MatchRun.id).order_by(MatchRun.id.desc()))
    cancelled = {"now": False}

    def report(done, total, message):
        if message.startswith("Scoring"):
            cancelled["now"] = True

    with pytest.raises(Cancelled):
        run_matching(small, full=True, progress=Progress(report, lambda: cancelled["now"]))
    assert candidate_pairs(small) == before
    with small.session() as session:
        assert session.scalar(select(MatchRun.id).order_by(MatchRun.id.desc())) == runs


def test_auto_merge_groups_use_the_threshold_and_later_rejections(small):
    a, b, c = add_rows(small, [BOB, ROBERT, ROBERT_KOELN])
    run_matching(small)
    with small.session() as session:
        groups = auto_merge_groups(session)
        assert [a, b, c] in groups
        assert auto_merge_groups(session, min_score=1000) == []
    _reject(small, a, c)
    with small.session() as session:
        groups = auto_merge_groups(session)
    # the steward said a and c differ: whether b goes with a or with c is theirs to decide
    assert not any({a, b, c} & set(g) for g in groups)


def test_an_empty_master_matches_to_nothing(master):
    report = run_matching(master)
    assert report.customers == 0 and report.candidates == 0
    with master.session() as session:
        assert auto_merge_groups(session) == []


def test_a_tiny_master_still_finds_its_duplicate(master):
    """Three customers: too few to learn from, but a shared e-mail and name is still a duplicate,
    and the same name alone in a tiny list is not."""
    anna, ben, mueller, thomas_a, thomas_b = add_rows(master, [
        {"first_name": "Anna", "last_name": "Müller", "email": "anna@example.org"},
        {"first_name": "Ben", "last_name": "Okafor", "email": "ben@example.org"},
        {"first_name": "Anna", "last_name": "Mueller", "email": "ANNA@example.org"},
        {"first_name": "Thomas", "last_name": "Weber", "email": "t.weber@web.de", "city": "Berlin"},
        {"first_name": "Thomas", "last_name": "Weber", "email": "tw1980@gmx.de", "city": "München"},
    ])
    run_matching(master)
    found = candidate_pairs(master)
    assert pair(anna, mueller) in found
    assert pair(thomas_a, thomas_b) not in found and len(found) == 1


def test_a_shared_customer_number_outweighs_the_household_rule(master):
    """Same address, different first names: a household's conflict takes back the address, unless
    the two share a personal identifier (then the first name was typed wrong, not another person)."""
    from workbench.matching.settings import MatchSettings

    rows = [
        {"first_name": "Marianne", "last_name": "Oberhuber", "street": "Lindenweg 4", "postcode": "80331",
         "city": "München", "attribute:customer_no": "K-48213"},
        {"first_name": "Jana", "last_name": "Oberhuber", "street": "Lindenweg 4", "postcode": "80331",
         "city": "München", "attribute:customer_no": "K-48213"},
    ]
    marianne, jana = add_rows(master, [*background(rows=300), *rows])[-2:]

    def explained(settings):
        run_matching(master, settings=settings, full=True)
        with master.session() as session:
            candidate = session.scalars(select(MatchCandidate).where(
                MatchCandidate.customer_a_id == marianne, MatchCandidate.customer_b_id == jana)).one_or_none()
            if candidate is None:
                return None
            entries = {e["field"]: e["weight"] for e in candidate.explanation}
            assert math.isclose(sum(entries.values()), candidate.score, abs_tol=0.05)  # it adds up
            return entries, candidate.score

    with_number, score_with = explained(MatchSettings(identifier_attributes=("customer_no",), household_rule=True))
    # The address counts again (no conflict entry takes it back); among people with one surname
    # it counts what this list's households make a shared house worth (family.estimate_family).
    assert "conflict" not in with_number and with_number["address"] > 0
    assert score_with > 0
    assert explained(MatchSettings(household_rule=True)) is None  # without the number: two household members


def test_a_name_written_the_other_way_round_counts_as_much_as_the_same_name(master):
    """'Kranzberger Aneta' (first and last name swapped) against 'Aneta Kranzberger' counts what the
    name is worth written the right way round: Kranzberger written once as a first name is still
    a surname six customers have, not a first name no one else has."""
    others = [{"first_name": first, "last_name": "Kranzberger", "city": city}
              for first, city in (("Jonas", "Kiel"), ("Petra", "Ulm"), ("Uwe", "Trier"), ("Ines", "Jena"))]
    others += [{"first_name": "Aneta", "last_name": last, "city": city}
               for last, city in (("Nowak", "Kiel"), ("Wrobel", "Ulm"), ("Mazur", "Trier"), ("Lis", "Jena"))]
    rows = [{"first_name": "Kranzberger", "last_name": "Aneta", "email": "aneta.k@posteo.de"},
            {"first_name": "Aneta", "last_name": "Kranzberger", "email": "aneta.k@posteo.de", "city": "Berlin"},
            {"first_name": "Aneta", "last_name": "Kranzberger", "email": "aneta.k@posteo.de"}]
    crosswise, straight, again = add_rows(master, [*background(rows=300), *others, *rows])[-3:]
    run_matching(master)

    def names(a, b):
        with master.session() as session:
            candidate = session.scalars(select(MatchCandidate).where(
                MatchCandidate.customer_a_id == min(a, b), MatchCandidate.customer_b_id == max(a, b))).one()
            return sum(e["weight"] for e in candidate.explanation if e["field"] in ("first_name", "last_name"))

    assert names(straight, crosswise) == pytest.approx(names(straight, again), abs=1.0)


def test_the_birth_year_in_an_e_mail_address_speaks_for_or_against(master):
    """A sign-up 'giulia.esposito85@…' and a shop customer Giulia Esposito born in 1985: the year
    in the address speaks for one person; 'giulia_esposito62@…' against."""
    rows = [{"full_name": "Giulia Esposito", "birth_date": "1985-03-12", "city": "Napoli", "country": "IT"},
            {"first_name": "Giulia", "last_name": "Esposito", "email": "giulia.esposito85@libero.it"},
            {"first_name": "Giulia", "last_name": "Esposito", "email": "giulia_esposito62@libero.it"}]
    shop, same_year, other_year = add_rows(master, [*background(rows=300), *rows])[-3:]
    run_matching(master)

    def entry(a, b):
        with master.session() as session:
            candidate = session.scalars(select(MatchCandidate).where(
                MatchCandidate.customer_a_id == min(a, b), MatchCandidate.customer_b_id == max(a, b))).one()
            found = {e["field"]: e for e in candidate.explanation}
            assert math.isclose(sum(e["weight"] for e in candidate.explanation), candidate.score, abs_tol=0.05)
            return found["email_year"], candidate.score

    (agrees, score_agrees), (differs, score_differs) = entry(shop, same_year), entry(shop, other_year)
    assert agrees["level"] == "in_email" and agrees["weight"] > 0
    assert differs["level"] == "different" and differs["weight"] < 0
    assert agrees["left"] == "1985-03-12" and agrees["right"] == "giulia.esposito85@libero.it"
    assert score_agrees > score_differs


def test_a_surname_read_from_an_e_mail_address_counts_no_more_than_that_surname(master):
    """'jonas.weber@web.de' from a sign-up without a surname says Weber; in a list with many Webers
    that counts what the surname Weber in common counts, not what a rare finding would."""
    webers = [{"first_name": first, "last_name": "Weber", "city": city}
              for first, city in (("Petra", "Kiel"), ("Uwe", "Ulm"), ("Ines", "Jena"), ("Karl", "Trier"),
                                  ("Maria", "Bonn"), ("Lena", "Köln"), ("Timo", "Gera"), ("Rita", "Hof"))]
    rows = [{"first_name": "Jonas", "email": "jonas.weber@web.de"},
            {"first_name": "Jonas", "last_name": "Weber", "city": "Essen"},
            {"first_name": "Jonas", "last_name": "Weber", "city": "Essen", "phone": "0201 445566"}]
    signup, shop, other = add_rows(master, [*background(rows=300), *webers, *rows])[-3:]
    run_matching(master)

    def weights(a, b):
        with master.session() as session:
            candidate = session.scalars(select(MatchCandidate).where(
                MatchCandidate.customer_a_id == min(a, b), MatchCandidate.customer_b_id == max(a, b))).one()
            return {e["field"]: e["weight"] for e in candidate.explanation}

    read, surname = weights(signup, shop)["email_name"], weights(shop, other)["last_name"]
    assert 0 < read <= surname + 0.5
