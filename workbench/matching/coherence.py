"""Pairs that may never end up in one customer, whatever links the rest of a group brings.

A group is merged whole only when no pair in it is contradicted. Six things contradict a
pair (unless the two share a personal identifier, which outweighs them all):

- **birth dates**: both have one and they differ beyond a typo (not swapped day and month, not
  one part or two digits mistyped), and they share no house, phone or e-mail (with one, a birth
  date typed wholly wrong is as likely, and the household rules weigh it);
- **one system, two customers**: both have a record in one system with its own customer
  numbers (a source imported with a key column), so that system keeps them as two customers,
  and their e-mails or phones differ where both have one, with none in common, or they have
  nothing but the name in common (no e-mail, phone, house or birth date); a landline in common
  beside a mobile of each of their own is a household's line, not a number in common;
- **a household**: another first name (or Jr against Sr) while they share a house, a phone or
  an e-mail: a couple, a parent and a child, not one person (unless their birth dates are the
  same: then a first name was replaced). Both first names must be names, not slips: held by
  `ESTABLISHED` customers or more, or a common given name (`given_names.txt`, the nickname
  table), and not an initial. 'Dsnniel' against 'Daniel' at one house is one person typed
  twice, 'Hans' against 'Greta' is two, and so are 'Marta' and 'Martin' in a list that holds
  each once.
- **every contact**: both have an e-mail, a phone and an address and none is alike (not the same
  mailbox name elsewhere, not a mobile against a landline, not the same town), and no birth date
  says one person: a name in common is all there is against three things that say two people;
- **colleagues**: each has their own mailbox at one organisation's domain, the names in them
  differing ('mueller.baerbel@blumen-koch.de', 'baerbel.fischer@blumen-koch.de'): two people
  who share the company's phone and address as a household shares a house;
- **birth years in the mailboxes**: neither has a birth date, their e-mail addresses end in years
  (as `email_year` reads them) with none in common, they share no contact and live in other towns.

Scores already count these, but in a group links add up: ten records of one person and ten of
a namesake link through the records that have nothing but the name, and only a pair across
shows that they are two. `cluster.py` keeps such pairs apart however many links there are and
says, on the links it did not follow, which pair kept the groups apart.
"""

from __future__ import annotations

import re

import numpy as np

from workbench.matching.comparisons import (
    BY_FIELD,
    OTHER_MAILBOX,
    SHARED_CONTACT_LEVELS,
    Comparison,
    at_any,
    at_levels,
)
from workbench.matching.features import LANDLINE, MOBILE, Features
from workbench.matching.normalize import known_given_name
from workbench.store.models import format_master_number

NONE, BIRTH_DATE, SYSTEM, HOUSEHOLD, CONTACTS, YEARS, COLLEAGUES, NAMES_AGAINST = 0, 1, 2, 3, 4, 5, 6, 7
ESTABLISHED = 3  # customers holding a first name for it to count as a name, not a slip

REASONS = {
    BIRTH_DATE: "their birth dates differ by more than a typo",
    SYSTEM: "one system with its own customer numbers has them as two customers, with other e-mails or phones "
            "or nothing but the name in common",
    HOUSEHOLD: "another first name at the same house, phone or e-mail: one household, two people",
    CONTACTS: "their e-mails, phones and addresses all differ: nothing but the name in common",
    YEARS: "their e-mail addresses end in different birth years and they live in different towns",
    COLLEAGUES: "each has their own mailbox at one organisation: two colleagues",
}

_BIRTH_ALIKE = ("exact", "swapped", "one_part", "close")


def established_first_names(features: Features) -> np.ndarray | None:
    """Per customer whether its first name is a name (not a slip, not an initial): one the list
    holds `ESTABLISHED` times or more, or a common given name the list may hold only once."""
    data = features.fields.get("first_name")
    if data is None or data.slots is None or data.frequency is None:
        return None
    first = data.slots[:, 0]
    values = data.vocabulary.values
    real = np.asarray([len(v) > 1 for v in values] + [False], dtype=bool)
    known = np.asarray([known_given_name(v) for v in values] + [False], dtype=bool)
    counts = np.append(data.frequency, 0)
    return ((counts[first] >= ESTABLISHED) | known[first]) & real[first]


def contradictions(fields: list[str], levels: np.ndarray, same_system: np.ndarray | None = None,
                   named: np.ndarray | None = None, years_differ: np.ndarray | None = None,
                   landline_only: np.ndarray | None = None) -> np.ndarray:
    """Per pair what contradicts it: NONE, or one code; where several do, BIRTH_DATE before HOUSEHOLD
    before YEARS before CONTACTS before SYSTEM, and a shared identifier clears them all.

    `same_system`: both have a record in one keyed system (`same_system`); `named`: both first
    names are established (`established_first_names`); without it no household is told;
    `years_differ`: the years their e-mail addresses end in differ (`mailbox_years_differ`);
    `landline_only`: the numbers they share are landlines, and each has a mobile of their own
    (`landline_only_shared`): a household's line, which does not make one system's two customers one.
    """
    out = np.zeros(len(levels), dtype=np.int8)
    if not len(levels):
        return out
    shares_contact = at_any(fields, levels, SHARED_CONTACT_LEVELS)
    other_name = at_levels(fields, levels, "first_name", ("other_gender", "similar", "different"))
    other_person = (other_name & named if named is not None else np.zeros(len(levels), dtype=bool)) \
        | at_levels(fields, levels, "generation", ("different",))
    # One birth date and another first name is one person whose first name was replaced (twins aside).
    household = other_person & shares_contact & ~at_levels(fields, levels, "birth_date", ("exact",))
    if same_system is not None:
        differ = at_levels(fields, levels, "email", ("same_name", *OTHER_MAILBOX)) \
            | at_levels(fields, levels, "phone", ("different",))
        phone_agrees = at_levels(fields, levels, "phone", SHARED_CONTACT_LEVELS["phone"])
        if landline_only is not None:
            phone_agrees &= ~landline_only
        agree = at_levels(fields, levels, "email", SHARED_CONTACT_LEVELS["email"]) | phone_agrees
        # With nothing but the name in common the system's two numbers are the only evidence on the
        # pair, and they say two people: a namesake's record with no contacts is no duplicate of it.
        alike = at_levels(fields, levels, "birth_date", _BIRTH_ALIKE)
        out[same_system & ((differ & ~agree) | ~(shares_contact | alike))] = SYSTEM
    # Both have an e-mail, a phone and an address and none of them is alike: a name shared is all
    # there is, against three things that say two people (a birth date alike still says one).
    everything_differs = (at_levels(fields, levels, "email", OTHER_MAILBOX)
                          & at_levels(fields, levels, "phone", ("different",))
                          & at_levels(fields, levels, "address", ("different",)))
    out[everything_differs & ~at_levels(fields, levels, "birth_date", _BIRTH_ALIKE)] = CONTACTS
    if years_differ is not None:
        # 'josette_renard92@' in Geneva, 'josette_renard24@' in Bordeaux: two people born decades apart.
        apart = at_levels(fields, levels, "email", OTHER_MAILBOX) & at_levels(fields, levels, "address", ("different",))
        out[years_differ & apart & ~shares_contact & ~at_levels(fields, levels, "birth_date", _BIRTH_ALIKE)] = YEARS
    out[at_levels(fields, levels, "email", ("colleague",))] = COLLEAGUES
    out[household] = HOUSEHOLD
    # With a house, phone or e-mail in common a birth date typed wholly wrong is as likely as another
    # person (the household rules and the score weigh those); without, it is two people.
    out[at_levels(fields, levels, "birth_date", ("different",)) & ~shares_contact] = BIRTH_DATE
    if "identifier" in fields:
        out[np.isin(levels[:, fields.index("identifier")], [Comparison.EXACT, BY_FIELD["identifier"].index("typo")])] \
            = NONE
    return out


# What says two records are one person beyond their names: a contact point in common, a birth
# date alike, an identifier, the birth year in the other's mailbox, the same company.
_CORROBORATING = {**SHARED_CONTACT_LEVELS, "birth_date": _BIRTH_ALIKE, "identifier": ("exact", "typo"),
                  "email_year": ("in_email",), "company": ("exact",)}
# ... and what says two people, where both have one.
_DIFFERING = {"email": OTHER_MAILBOX, "phone": ("different",), "address": ("different",)}
_LETTERS = re.compile(r"[a-z]+")
NAMES_ONLY_NOTE = "not merged automatically: only the names agree, and an e-mail, phone or address both have differs"
ONE_HOUSE_NOTE = ("not merged automatically: one name at one address or home phone, each with an e-mail address of "
                  "their own — a parent and a child of one name, or one person with two e-mail addresses; only a person "
                  "can tell")


def names_alone(fields: list[str], levels: np.ndarray) -> np.ndarray:
    """Per pair: nothing but the names (and perhaps the town) in common, whatever else differs."""
    return ~at_any(fields, levels, _CORROBORATING)


def other_houses(features: Features, fields: list[str], levels: np.ndarray, a: np.ndarray, b: np.ndarray
                 ) -> np.ndarray | None:
    """Per pair: both have a street address with a house number, and theirs are only in one town
    ('98 rue des Lilas' against '65 avenue Jean Jaurès', both 75011 Paris): another house, a
    difference, where the level says no more than "same postcode or town"."""
    data = features.fields.get("address")
    if data is None or data.slots is None or "address" not in fields or not len(a):
        return None
    housed = features.derived("housed", _housed)
    return housed[a] & housed[b] & at_levels(fields, levels, "address", ("same_place",))


def _housed(features: Features) -> np.ndarray:
    """Per customer: whether one of their addresses has a street and a house number."""
    data = features.fields["address"]
    assert data.slots is not None
    with_house = np.fromiter((bool(key.street and key.house) for key in data.vocabulary.values), dtype=bool,
                             count=len(data.vocabulary.values))
    if not len(with_house):
        return np.zeros(len(data.slots), dtype=bool)
    return ((data.slots >= 0) & with_house[np.maximum(data.slots, 0)]).any(axis=1)


def names_only_against(fields: list[str], levels: np.ndarray, alone: np.ndarray | None = None,
                       houses: np.ndarray | None = None) -> np.ndarray:
    """Per pair: nothing but the names (and perhaps the town) in common, while an e-mail, a phone or
    an address both have differs (`houses`: `other_houses` of the same pairs, another house in the
    same town).

    Such a link is not followed when groups are formed for merging without a person (`run.py`):
    John Smith at john.smith@gmail.com and John Smith at smith.john@yahoo.com are a namesake, a
    father and son, or one man with two mailboxes, and only a person can tell. The pair stays a
    candidate for review at its score, and records that share more still bring the two together.
    `alone`: `names_alone` of the same pairs, when the caller has it already."""
    differ = at_any(fields, levels, _DIFFERING)
    if houses is not None:
        differ |= houses
    return differ & (names_alone(fields, levels) if alone is None else alone)


# What says one person beyond a house or a landline in common: the same mailbox, a birth date alike,
# an identifier, the birth year in the other's mailbox, the same company, a mobile in common.
_BEYOND_HOUSE = {"email": SHARED_CONTACT_LEVELS["email"], "birth_date": _BIRTH_ALIKE,
                 "identifier": ("exact", "typo"), "email_year": ("in_email",), "company": ("exact",)}


def one_house_two_mailboxes(features: Features, fields: list[str], levels: np.ndarray, a: np.ndarray,
                            b: np.ndarray) -> np.ndarray:
    """Per pair: one full name (a typo aside) at one house or on one home phone, each with a mailbox
    of their own, and nothing else in common: a father and a son of one name (or one person with
    two mailboxes).

    Like `names_only_against`, such a link is not followed when groups are formed for merging
    without a person: the pair stays a candidate for review at its score."""
    out = np.zeros(len(levels), dtype=bool)
    if not len(levels) or "email" not in fields:
        return out
    same_name = at_levels(fields, levels, "first_name", ("exact", "typo")) \
        & at_levels(fields, levels, "last_name", ("exact", "typo"))
    house = at_levels(fields, levels, "address", SHARED_CONTACT_LEVELS["address"])
    phone = at_levels(fields, levels, "phone", SHARED_CONTACT_LEVELS["phone"])
    found = same_name & at_levels(fields, levels, "email", OTHER_MAILBOX) & (house | phone) \
        & ~at_any(fields, levels, _BEYOND_HOUSE)
    data, kinds = features.fields.get("phone"), features.phone_value_kinds
    for k in np.flatnonzero(found).tolist():
        # Each mailbox bears its holder's name: not a record of one person kept under the mailbox
        # of the partner they live with.
        left, right = int(a[k]), int(b[k])
        names = _names_of(features, left, right)
        if names is None or not (_own_mailboxes(features, left, *names) and _own_mailboxes(features, right, *names)):
            continue
        if phone[k]:
            # A number in common counts as the house's unless one shared is a mobile (an American
            # number's kind no one can tell: the house's as well); numbers only alike need the house.
            if data is None or data.slots is None or kinds is None:
                continue
            shared = {v for v in data.slots[left].tolist() if v >= 0} & {v for v in data.slots[right].tolist() if v >= 0}
            if any(kinds[v] & MOBILE for v in shared) or not (shared or house[k]):
                continue
        out[k] = True
    return out


def links_not_followed(features: Features, fields: list[str], levels: np.ndarray, a: np.ndarray, b: np.ndarray,
                       alone: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: whether `merge --auto` leaves the link to a person (`names_only_against`, with another
    house in one town as a difference, or `one_house_two_mailboxes`), and whether it is the latter.
    `alone`: `names_alone` of the same pairs."""
    house = one_house_two_mailboxes(features, fields, levels, a, b)
    return names_only_against(fields, levels, alone, other_houses(features, fields, levels, a, b)) | house, house


def _names_of(features: Features, *indexes: int) -> tuple[list[str], list[str]] | None:
    """The surnames and first names (name keys, spaces dropped) the customers hold, together (a typo
    in one's surname is no other name)."""
    first, last = features.fields.get("first_name"), features.fields.get("last_name")
    if first is None or last is None or first.slots is None or last.slots is None:
        return None
    names = last.vocabulary.values  # first and last names share one vocabulary
    surnames = [names[v].replace(" ", "") for i in indexes for v in last.slots[i].tolist() if v >= 0]
    givens = [names[v].replace(" ", "") for i in indexes for v in first.slots[i].tolist() if v >= 0]
    return (surnames, givens) if surnames and givens else None


def _own_mailboxes(features: Features, index: int, surnames: list[str], givens: list[str]) -> bool:
    """Whether every e-mail address of a customer is its own: the mailbox name holds the surname, and
    what is left of it is the first name or the start of it ('joerg.zimmermann65', 'e.neumann' for
    Elisabeth Neumann; not 'k.neumann', her husband's, nor 'mariepetit', nor a bare 'neumann')."""
    email = features.fields.get("email")
    if email is None or email.slots is None:
        return False
    mailboxes = [email.vocabulary.values[v].partition("@")[0] for v in email.slots[index].tolist() if v >= 0]

    def own(mailbox: str) -> bool:
        letters = "".join(_LETTERS.findall(mailbox))
        for surname in surnames:
            if len(surname) >= 3 and surname in letters:
                rest = letters.replace(surname, "", 1)
                if rest and any(given.startswith(rest) or rest.startswith(given) for given in givens):
                    return True
        return False

    return bool(mailboxes) and all(own(mailbox) for mailbox in mailboxes)


def names_only_entry(one_house: bool = False) -> dict[str, object]:
    """The explanation entry of a link `names_only_against` (or, `one_house`, `one_house_two_mailboxes`)
    did not follow (weight 0: the score is as it was)."""
    return {"field": "group", "label": "Group", "level": "one_house" if one_house else "names_only", "weight": 0.0,
            "description": ONE_HOUSE_NOTE if one_house else NAMES_ONLY_NOTE, "left": None, "right": None}


def both(named: np.ndarray | None, a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """Per pair whether both first names are established (None without first names)."""
    return named[a] & named[b] if named is not None else None


def pair_flags(features: Features, a: np.ndarray, b: np.ndarray, named: np.ndarray | None
               ) -> tuple[np.ndarray | None, np.ndarray | None, np.ndarray | None, np.ndarray | None]:
    """`same_system`, `named`, `years_differ` and `landline_only` of pairs (indexes into the
    features), for `contradictions`."""
    system = same_system(features.systems, a, b)
    return system, both(named, a, b), mailbox_years_differ(features, a, b), \
        landline_only_shared(features, a, b, system)


def landline_only_shared(features: Features, a: np.ndarray, b: np.ndarray,
                         among: np.ndarray | None) -> np.ndarray | None:
    """Per pair (of those `among` marks) whether every number they share is a landline while each
    has a mobile the other does not: a parent and a child at one house, each with their own mobile."""
    data, kinds, held = features.fields.get("phone"), features.phone_value_kinds, features.phone_kinds
    if data is None or data.slots is None or kinds is None or held is None or among is None or not len(a):
        return None
    out = np.zeros(len(a), dtype=bool)
    slots = data.slots
    # Only where both hold a mobile and a landline (most pairs of a big list do not): looked at one by one.
    both_kinds = MOBILE | LANDLINE
    for k in np.flatnonzero(among & (held[a] == both_kinds) & (held[b] == both_kinds)).tolist():
        left = {v for v in slots[a[k]].tolist() if v >= 0}
        right = {v for v in slots[b[k]].tolist() if v >= 0}
        shared = left & right
        if not shared or any(kinds[v] != LANDLINE for v in shared):
            continue
        mobiles_left = {v for v in left if kinds[v] == MOBILE}
        mobiles_right = {v for v in right if kinds[v] == MOBILE}
        out[k] = bool(mobiles_left) and bool(mobiles_right) and not mobiles_left & mobiles_right
    return out


def mailbox_years_differ(features: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """Per pair whether both have no birth date and e-mail addresses ending in years, none shared
    ('anna.berg85@' against 'anna.berg07@'); None without the e-mail year field."""
    data = features.fields.get("email_year")
    if data is None or data.slots is None or not len(a):
        return None
    values = data.vocabulary.values  # ('m', '85', …) from mailboxes, ('b', '85') from a birth date
    first = data.slots[:, 0]
    left, right = first[a], first[b]
    out = np.zeros(len(a), dtype=bool)
    for k in np.flatnonzero((left >= 0) & (right >= 0)).tolist():
        x, y = values[left[k]], values[right[k]]
        out[k] = x[0] == "m" and y[0] == "m" and not set(x[1:]) & set(y[1:])
    return out


def same_system(systems: np.ndarray | None, a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """Whether both customers of each pair have a record in one system with its own customer numbers."""
    if systems is None or not systems.any():
        return None
    return (systems[a] & systems[b]) != 0


def describe_split(code: int, left: int, right: int) -> str:
    """Why a link was not followed: which two customers of the groups it joins contradict each other."""
    left_number, right_number = format_master_number(left), format_master_number(right)
    if code == NAMES_AGAINST:
        return (f"not merged automatically with the other group: only the names join them, and customers "
                f"{left_number} and {right_number} in them share the name while each has an e-mail, phone or "
                f"address of their own — one person or two of one name, which only a person can tell")
    return (f"not merged with the other group: customers {left_number} and {right_number} in them cannot be one "
            f"person — {REASONS.get(code, 'they differ')}")


def split_entry(code: int, left: int, right: int) -> dict[str, object]:
    """An explanation entry (weight 0: the score is as it was) saying why a link was not followed."""
    return {"field": "group", "label": "Group", "level": "kept_apart", "weight": 0.0,
            "description": describe_split(code, left, right), "left": None, "right": None}
