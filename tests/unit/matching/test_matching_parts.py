"""The parts of matching on their own: clusters without chaining, the estimates, settings, bulk vs one pair."""

import numpy as np
import pytest

from workbench.errors import WorkbenchError
from workbench.matching import MatchSettings, load_settings, save_settings
from workbench.matching.blocking import candidate_pairs
from workbench.matching.cluster import split_chains
from workbench.matching.compare import compare_one, compare_pairs
from workbench.matching.comparisons import BY_FIELD, COMPARISONS
from workbench.matching.features import load_features
from workbench.matching.model import Labelled, estimate, estimate_u
from workbench.matching.phonetic import phonetic_key
from workbench.matching.settings import PRESETS, FieldSetting


def no_more_scores(pairs):
    return {}


def test_a_chain_through_a_middle_record_does_not_join_two_clearly_different_people():
    # Mother (1) and daughter (3) each look like record 2; 1 and 3 clearly differ.
    edges = {(1, 2): 20.0, (2, 3): 15.0}

    def score(pairs):
        return {(1, 3): (-8.0, True)}

    assert split_chains(edges, score) == [[1, 2]]


def test_a_chain_of_one_person_stays_one_group():
    edges = {(1, 2): 20.0, (2, 3): 15.0}
    assert split_chains(edges, lambda pairs: {(1, 3): (-2.0, False)}) == [[1, 2, 3]]


def test_one_conflict_is_outvoted_by_many_links():
    # Five records of one person: 5 conflicts with 4 only (two different fields mistyped), and
    # links strongly to the three others.
    edges = {(1, 2): 30.0, (1, 3): 30.0, (1, 4): 30.0, (2, 3): 30.0, (2, 4): 30.0, (3, 4): 30.0,
             (1, 5): 20.0, (2, 5): 20.0, (3, 5): 20.0}
    assert split_chains(edges, lambda pairs: {(4, 5): (-3.0, True)}) == [[1, 2, 3, 4, 5]]


def test_a_record_between_a_mother_and_her_records_is_not_outvoted():
    # The mother's three records (1, 2, 3) conflict with the daughter (5); record 4 has bits of both.
    edges = {(1, 2): 30.0, (1, 3): 30.0, (2, 3): 30.0, (1, 4): 20.0, (4, 5): 25.0}
    conflicts = {(1, 5): (-8.0, True), (2, 5): (-8.0, True), (3, 5): (-8.0, True), (2, 4): (5.0, False),
                 (3, 4): (5.0, False)}
    assert [1, 2, 3, 4, 5] not in split_chains(edges, lambda pairs: {p: conflicts[p] for p in pairs})


def test_a_strong_difference_or_a_rejection_is_never_outvoted():
    edges = {(1, 2): 30.0, (1, 3): 30.0, (2, 3): 30.0, (1, 4): 20.0, (2, 4): 20.0, (3, 4): 20.0}
    many = {(1, 5): 20.0, (2, 5): 20.0, (3, 5): 20.0, **edges}
    assert split_chains(many, lambda pairs: {(4, 5): (-30.0, False)}) != [[1, 2, 3, 4, 5]]
    assert split_chains(many, lambda pairs: {(4, 5): (-3.0, True)}, cannot_link={(4, 5)}) != [[1, 2, 3, 4, 5]]


def test_missing_evidence_is_not_a_difference_but_a_strong_one_is():
    edges = {(1, 2): 20.0, (2, 3): 15.0}
    assert split_chains(edges, lambda pairs: {(1, 3): (-30.0, False)}) == [[1, 2]]


def test_a_conflicted_pair_that_still_scores_on_names_and_birth_dates_may_join():
    edges = {(1, 2): 20.0, (2, 3): 15.0}
    assert split_chains(edges, lambda pairs: {(1, 3): (6.0, True)}, conflict_floor=0.0) == [[1, 2, 3]]


def test_a_rejected_pair_splits_its_group_and_a_rejected_pair_alone_is_no_group():
    edges = {(1, 2): 20.0, (2, 3): 15.0, (5, 6): 30.0}
    groups = split_chains(edges, lambda pairs: {(1, 3): (10.0, False)}, cannot_link={(1, 3), (5, 6)})
    assert groups == [[1, 2]]


def test_the_phonetic_key_folds_spellings_of_one_sound():
    for names in (("Meier", "Meyer", "Maier", "Mayer"), ("Schmidt", "Schmitt", "Schmid"), ("Hoffmann", "Hofmann"),
                  ("Müller", "Mueller", "MULLER"), ("Fischer", "Fisher"), ("Katharina", "Catharina")):
        assert len({phonetic_key(n) for n in names}) == 1, names
    assert phonetic_key("Schmidt") != phonetic_key("Schneider")
    assert phonetic_key("") == ""


def _levels_with(fields, m_pattern_match, count_match, count_other):
    rows = [m_pattern_match] * count_match + [[2] * len(fields)] * count_other
    return np.asarray(rows, dtype=np.int8)


def test_estimates_separate_duplicates_from_the_rest_without_labels(sqlite_master):
    from matching_helpers import add_rows, background

    add_rows(sqlite_master, background(rows=300))
    fields = ["first_name", "last_name", "email", "phone", "address"]
    with sqlite_master.session() as session:
        features = load_features(session, fields=fields)
    a, b, _ = candidate_pairs(features, max_block_size=60, window=4)
    levels = compare_pairs(features, fields, a, b).levels
    model = estimate(features, fields, levels, estimate_u(features, fields))
    weights = model.weight_table()
    for name in fields:
        assert weights[name][1] > 3, f"{name}: agreeing must count for a duplicate"
        assert weights[name][-1] < 0, f"{name}: disagreeing must count against"
    assert 0.05 < model.match_rate < 2


def test_steward_decisions_move_the_estimates(sqlite_master):
    from matching_helpers import add_rows, background

    add_rows(sqlite_master, background(rows=300))
    fields = ["first_name", "last_name", "email"]
    with sqlite_master.session() as session:
        features = load_features(session, fields=fields)
    a, b, _ = candidate_pairs(features, max_block_size=60, window=4)
    levels = compare_pairs(features, fields, a, b).levels
    u = estimate_u(features, fields)
    plain = estimate(features, fields, levels, u)
    # The steward merged pairs whose first names differ but whose e-mails agree: maybe people who
    # go by their middle name here. Those pairs must now count for more.
    first_different = BY_FIELD["first_name"].different
    decided = Labelled(np.asarray([[first_different, 1, 1]] * 20, dtype=np.int8), np.ones(20, dtype=bool))
    taught = estimate(features, fields, levels, u, labelled=decided, decision_weight=20)
    assert taught.labelled == 20
    assert taught.weight("first_name", first_different) > plain.weight("first_name", first_different) + 1


def test_bulk_comparison_and_the_one_pair_explanation_agree(sqlite_master):
    from matching_helpers import add_rows, background

    add_rows(sqlite_master, background(rows=400, seed=9))
    fields = [c.field for c in COMPARISONS if c.field != "identifier"]
    with sqlite_master.session() as session:
        features = load_features(session, fields=fields)
    a, b, _ = candidate_pairs(features, max_block_size=60, window=4)
    rng = np.random.default_rng(3)
    extra_a, extra_b = rng.integers(0, features.size, 300), rng.integers(0, features.size, 300)
    keep = extra_a != extra_b
    a, b = np.concatenate([a, extra_a[keep]]), np.concatenate([b, extra_b[keep]])
    bulk = compare_pairs(features, fields, a, b)
    for k in range(len(a)):
        results, swapped = compare_one(features, fields, int(a[k]), int(b[k]))
        assert [r.level for r in results] == bulk.levels[k].tolist(), (int(a[k]), int(b[k]))
        assert swapped == bool(bulk.swapped[k])


def test_screens_never_change_a_level(sqlite_master):
    from matching_helpers import add_rows, background

    add_rows(sqlite_master, background(rows=300, seed=4))
    fields = ["first_name", "last_name", "email", "phone", "address"]
    with sqlite_master.session() as session:
        features = load_features(session, fields=fields)
    rng = np.random.default_rng(1)
    for name in fields:
        comparison = features.fields[name].comparison
        values = features.fields[name].vocabulary.values
        left = [values[i] for i in rng.integers(0, len(values), 3000)]
        right = [values[i] for i in rng.integers(0, len(values), 3000)]
        screened = comparison.screen(left, right)
        for x, y, surely in zip(left, right, screened, strict=True):
            if surely and x != y:
                assert comparison.compare(x, y) == comparison.different, (name, x, y)


def test_settings_are_kept_in_the_master_with_a_version(sqlite_master):
    with sqlite_master.session() as session:
        assert load_settings(session) == MatchSettings()
    changed = MatchSettings().with_preset("strict")
    changed = MatchSettings(**{**changed.__dict__, "fields": {**changed.fields, "company": FieldSetting(False, 1.0),
                                                               "email": FieldSetting(True, 1.5)}})
    with sqlite_master.transaction() as session:
        save_settings(session, changed)
    with sqlite_master.session() as session:
        loaded = load_settings(session)
    assert loaded == changed and loaded.version == 1
    assert "company" not in loaded.enabled_fields() and loaded.factor("email") == 1.5
    assert (loaded.review_threshold, loaded.auto_merge_threshold) == (PRESETS["strict"].review_threshold,
                                                                      PRESETS["strict"].auto_merge_threshold)


def test_settings_from_an_older_or_partial_store_get_defaults():
    loaded = MatchSettings.from_json({"version": 0, "review_threshold": 1.5, "fields": {"phone": {"enabled": False},
                                                                                       "nonsense": {}}})
    assert loaded.review_threshold == 1.5 and loaded.auto_merge_threshold == MatchSettings().auto_merge_threshold
    assert "phone" not in loaded.enabled_fields() and "email" in loaded.enabled_fields()


@pytest.mark.parametrize("bad", [
    {"review_threshold": 10.0, "auto_merge_threshold": 5.0},
    {"fields": {c.field: FieldSetting(False) for c in COMPARISONS}},
    {"fields": {**MatchSettings().fields, "email": FieldSetting(True, 9.0)}},
    {"max_block_size": 1},
])
def test_settings_that_cannot_work_are_refused(bad):
    with pytest.raises(WorkbenchError):
        MatchSettings(**bad).validate()


def test_unknown_preset_is_refused():
    with pytest.raises(WorkbenchError, match="unknown preset"):
        MatchSettings().with_preset("aggressive")


@pytest.mark.parametrize(("left", "right"), [
    # first and last name swapped, one of them mistyped: no name key holds, the birth date does
    ({"first_name": "Novak", "last_name": "Benjamni"}, {"first_name": "Benjamin", "last_name": "Novak"}),
    # the first name replaced: the surname's initial still meets the birth date
    ({"first_name": "Flynn", "last_name": "Wellerz"}, {"first_name": "Ebony", "last_name": "Weller"}),
])
def test_a_birth_date_meets_the_initial_of_either_name(sqlite_master, left, right):
    from matching_helpers import add_rows, background

    born = {"birth_date": "1901-06-30"}
    ids = add_rows(sqlite_master, [*background(rows=100), {**left, **born}, {**right, **born}])
    with sqlite_master.session() as session:
        features = load_features(session, fields=["first_name", "last_name", "birth_date"])
    a, b, report = candidate_pairs(features, max_block_size=20, window=2)
    i, j = features.index_of(ids[-2:]).tolist()
    assert (i, j) in set(zip(a.tolist(), b.tolist(), strict=True))


def test_an_address_held_by_the_two_alone_is_as_rare_as_different_people_sharing_one():
    """An e-mail address two customers alone hold is not 'one in N': the list's pairs of different
    people sharing an address say how rare that is; an address held by more counts by how many."""
    import math

    from workbench.matching.model import MatchModel, term_frequency_weight

    m = {"email": [1.0, 0.8, 0.05, 0.05, 0.1]}
    plain = MatchModel(["email"], m, m, 0.1)
    learned = MatchModel(["email"], m, m, 0.1, shared={"email": 49.0})
    customers = 10_000
    pairs = customers * (customers - 1) / 2
    held = np.asarray([2, 3, 50])
    before, after = term_frequency_weight(plain, "email", held, customers), \
        term_frequency_weight(learned, "email", held, customers)
    assert before[0] == pytest.approx(math.log2(0.8 * (customers - 1)))
    assert after[0] == pytest.approx(math.log2(0.8 * pairs / 50))
    assert after[1] == pytest.approx(math.log2(0.8 * (customers - 1)))  # one other holder
    assert after[2] == pytest.approx(math.log2(0.8 * (customers - 1) / 48))
    assert after[0] > after[1] > after[2]


def test_a_lone_name_the_list_holds_as_a_surname_is_read_as_one(sqlite_master):
    """'Pellegrini' alone in the first-name field (the list holds Pellegrini as a surname, never
    as a given name) is a surname; 'Giulia' alone stays a first name, and so does 'Anna'."""
    from matching_helpers import add_rows

    ids = add_rows(sqlite_master, [
        {"first_name": "Marco", "last_name": "Pellegrini"}, {"first_name": "Luca", "last_name": "Pellegrini"},
        {"first_name": "Pellegrini", "email": "giulia.pellegrini@libero.it"},
        {"first_name": "Giulia", "email": "giulia.pellegrini@libero.it"},
        {"first_name": "Sara", "last_name": "Anna"}, {"first_name": "Paolo", "last_name": "Anna"},
        {"first_name": "Anna"}])
    with sqlite_master.session() as session:
        features = load_features(session, fields=["first_name", "last_name"])
    first, last = features.fields["first_name"], features.fields["last_name"]

    def name(data, customer):
        slot = data.slots[features.positions([customer])[0], 0]
        return data.vocabulary.values[slot] if slot >= 0 else None

    assert (name(first, ids[2]), name(last, ids[2])) == (None, "pellegrini")
    assert (name(first, ids[3]), name(last, ids[3])) == ("giulia", None)
    assert (name(first, ids[6]), name(last, ids[6])) == ("anna", None)  # a given name stays one
