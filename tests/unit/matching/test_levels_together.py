"""Levels of one field read with those of another: evidence the names already explain counts once."""

import numpy as np
import pytest
from matching_helpers import add_rows, background

from workbench.matching import auto_merge_groups, run_matching
from workbench.matching.comparisons import BY_FIELD
from workbench.matching.model import names_explain_mailboxes

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
