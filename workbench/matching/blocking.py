"""Which pairs of customers are worth comparing at all.

Comparing every customer with every other is 5·10^11 pairs at a million customers. A pair is
compared when the two share a blocking key:

- an e-mail mailbox, a phone number;
- the sound of the surname with the first initial;
- the first name (or any name it is a nickname of) with the surname, in either order, so
  swapped first and last names meet;
- postcode with the start of the surname; street, house and postcode; birth date with the
  initial of either name; the company name without its legal form;

or when they are neighbours in two sorted orders (surname spelled backwards, so a typo in
the first letter still sorts close; company name). A key shared by more than
`max_block_size` customers ("Smith", a company's switchboard number) is not compared all
against all: its customers are sorted by name and each is compared with its neighbours
only, so one frequent key cannot explode the work.

Everything is integer arithmetic on numpy arrays: keys are built from the vocabularies'
ids, not from strings per customer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from workbench.matching.features import Features
from workbench.matching.normalize import ROLE_MAILBOXES, nickname_groups
from workbench.matching.phonetic import phonetic_key


@dataclass
class BlockingReport:
    pairs_by_rule: dict[str, int] = field(default_factory=dict)
    capped_keys: dict[str, int] = field(default_factory=dict)
    pairs: int = 0


def _codes(values: list[str]) -> np.ndarray:
    """Strings → integer codes, equal strings equal codes, '' → -1."""
    table: dict[str, int] = {}
    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        out[i] = table.setdefault(value, len(table)) if value else -1
    return out


def _rank(values: list[str]) -> np.ndarray:
    """Each string's position in sorted order."""
    order = sorted(range(len(values)), key=values.__getitem__)
    rank = np.empty(len(values), dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(values), dtype=np.int64)
    return rank


class _NameTables:
    """Per name in the shared vocabulary: its sound, initial, nickname groups, sort ranks."""

    def __init__(self, features: Features) -> None:
        names = features.names.values
        self.size = len(names)
        self.sounds: dict[str, int] = {}
        self.sound = np.asarray([self.sound_code(n) for n in names], dtype=np.int64)
        self.initial = np.asarray([ord(n[0]) if n else -1 for n in names], dtype=np.int64)
        self.prefix = _codes([n.replace(" ", "")[:3] for n in names])
        self.rank = _rank(list(names))
        self.reversed_rank = _rank([n.replace(" ", "")[::-1] for n in names])
        owners: list[int] = []
        groups: list[int] = []
        for index, name in enumerate(names):
            for group in nickname_groups(name):
                owners.append(index)
                groups.append(group)
        self.group_owner = np.asarray(owners, dtype=np.int64)
        self.group_id = np.asarray(groups, dtype=np.int64)
        self.group_count = (int(self.group_id.max()) + 1) if len(groups) else 0

    def sound_code(self, name: str) -> int:
        key = phonetic_key(name)
        return self.sounds.setdefault(key, len(self.sounds)) if key else -1


def _first_slot(features: Features, name: str) -> np.ndarray:
    data = features.fields.get(name)
    if data is None or data.slots is None:
        return np.full(features.size, -1, dtype=np.int64)
    return data.slots[:, 0].astype(np.int64)


def _all_slots(features: Features, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(customer index, value id) for every value of a multi-valued field."""
    data = features.fields.get(name)
    if data is None or data.slots is None:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    rows, columns = np.nonzero(data.slots >= 0)
    return rows.astype(np.int64), data.slots[rows, columns].astype(np.int64)


def _combine(*parts: np.ndarray) -> np.ndarray:
    """Several non-negative integer columns → one key per row (-1 where any part is missing)."""
    key = np.zeros(len(parts[0]), dtype=np.int64)
    missing = np.zeros(len(parts[0]), dtype=bool)
    for part in parts:
        missing |= part < 0
        part = np.maximum(part, 0).astype(np.int64)
        span = int(part.max()) + 1 if len(part) else 1
        if int(key.max() if len(key) else 0) * span > 2**62 // 2:
            key = np.unique(key, return_inverse=True)[1].reshape(-1).astype(np.int64)
        key = key * span + part
    key[missing] = -1
    return key


def _pairs_in_blocks(members: np.ndarray, keys: np.ndarray, order: np.ndarray, cap: int,
                     window: int) -> tuple[np.ndarray, np.ndarray, int]:
    """All pairs inside blocks of up to `cap` customers; neighbours in `order` inside larger ones."""
    valid = keys >= 0
    members, keys = members[valid], keys[valid]
    if len(members) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64), 0
    sort = np.lexsort((order[members], keys))
    members, keys = members[sort], keys[sort]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= cap)]):
        block_starts = starts[sizes == size]
        matrix = members[block_starts[:, None] + np.arange(size)[None, :]]
        i, j = np.triu_indices(int(size), 1)
        left.append(matrix[:, i].reshape(-1))
        right.append(matrix[:, j].reshape(-1))
    big = sizes > cap
    if big.any():
        in_big = np.repeat(big, sizes)
        block = np.repeat(np.arange(len(sizes)), sizes)
        for offset in range(1, window + 1):
            same = (block[:-offset] == block[offset:]) & in_big[:-offset]
            left.append(members[:-offset][same])
            right.append(members[offset:][same])
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64), int(big.sum())
    return np.concatenate(left), np.concatenate(right), int(big.sum())


def _neighbours(order_keys: list[np.ndarray], present: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted neighbourhood: each customer with the next `window` in the given order."""
    candidates = np.flatnonzero(present)
    if len(candidates) < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    sort = np.lexsort(tuple(k[candidates] for k in reversed(order_keys)))
    ordered = candidates[sort]
    left = [ordered[:-o] for o in range(1, window + 1) if o < len(ordered)]
    right = [ordered[o:] for o in range(1, window + 1) if o < len(ordered)]
    return np.concatenate(left), np.concatenate(right)


def candidate_pairs(features: Features, *, max_block_size: int, window: int,
                    focus: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, BlockingReport]:
    """Pairs (a < b, customer indexes) to compare. With `focus` (a bool per customer) only pairs
    that involve at least one focused customer: the incremental run after an import."""
    n = features.size
    report = BlockingReport()
    if n < 2:
        empty = np.empty(0, np.int64)
        return empty, empty, report
    names = _NameTables(features)
    first = _first_slot(features, "first_name")
    last = _first_slot(features, "last_name")
    has_first, has_last = first >= 0, last >= 0
    name_order = np.where(has_last, names.rank[np.maximum(last, 0)], -1) * (names.size + 1) \
        + np.where(has_first, names.rank[np.maximum(first, 0)], -1)
    everyone = np.arange(n, dtype=np.int64)
    # Each rule's pairs as one code (a·n + b, a < b) at once: two index arrays per rule would
    # hold twice the memory until the end (10^7 pairs at 10^6 customers).
    codes: list[np.ndarray] = []

    def collect(a: np.ndarray, b: np.ndarray) -> None:
        low, high = np.minimum(a, b), np.maximum(a, b)
        wanted = low != high
        if focus is not None:
            wanted &= focus[low] | focus[high]
        codes.append(low[wanted] * n + high[wanted])

    def add(rule: str, members: np.ndarray, keys: np.ndarray) -> None:
        a, b, capped = _pairs_in_blocks(members, keys, name_order, max_block_size, window)
        report.pairs_by_rule[rule] = report.pairs_by_rule.get(rule, 0) + len(a)
        if capped:
            report.capped_keys[rule] = report.capped_keys.get(rule, 0) + capped
        collect(a, b)

    for rule, name in (("e-mail", "email"), ("phone", "phone"), ("address", "address"),
                       ("identifier", "identifier")):
        members, values = _all_slots(features, name)
        if len(members):
            if name == "address":
                # The same house: only addresses with a street take part (a town alone is no key).
                data = features.fields[name]
                with_street = np.asarray([bool(v.street and v.house) for v in data.vocabulary.values], dtype=bool)
                keep = with_street[values]
                members, values = members[keep], values[keep]
            add(rule, members, values)

    last_safe, first_safe = np.maximum(last, 0), np.maximum(first, 0)
    both = has_first & has_last
    # A customer without a surname takes part with the words of its e-mail address instead.
    word_members, word_sounds = _mailbox_sounds(features, names)
    sound = np.concatenate([np.where(both, names.sound[last_safe], -1), word_sounds])
    initial = np.concatenate([names.initial[first_safe], names.initial[first_safe[word_members]]])
    members = np.concatenate([everyone, word_members])
    has = np.concatenate([both, has_first[word_members]])
    add("surname sound + initial", members, np.where(has & (sound >= 0), _combine(sound, initial), -1))
    mailbox = _mailbox_names(features)
    if mailbox is not None:
        add("mailbox name", *mailbox)
    low, high = np.minimum(first, last), np.maximum(first, last)
    add("first and last name", everyone, np.where(both, _combine(low, high), -1))
    if names.group_count:
        # Each nickname group of the first name, with the surname (in either position).
        for position, other in ((first, last), (last, first)):
            hit = np.isin(position, names.group_owner) & (other >= 0)
            customers = np.flatnonzero(hit)
            order = np.argsort(names.group_owner, kind="stable")
            owners_sorted, groups_sorted = names.group_owner[order], names.group_id[order]
            start = np.searchsorted(owners_sorted, position[customers], side="left")
            stop = np.searchsorted(owners_sorted, position[customers], side="right")
            counts = stop - start
            member = np.repeat(customers, counts)
            offsets = np.repeat(start, counts) + (np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts,
                                                                                       counts))
            group = groups_sorted[offsets]
            add("nickname + surname", member, _combine(group, other[member]))
    postcode = _postcodes(features)
    add("postcode + surname start", everyone,
        np.where(has_last & (postcode >= 0), _combine(postcode, names.prefix[last_safe]), -1))
    birth = _first_slot(features, "birth_date")
    # The initial of either name, so first and last names written the other way round (and a
    # replaced first name) still meet on the birth date.
    # One _combine for both halves: its keys are comparable only within one call.
    other_initial = has_last & ~(has_first & (names.initial[last_safe] == names.initial[first_safe]))
    initials = np.concatenate([np.where(has_first, names.initial[first_safe], -1),
                               np.where(other_initial, names.initial[last_safe], -1)])
    add("birth date + initial", np.concatenate([everyone, everyone]), _combine(np.concatenate([birth, birth]), initials))
    company = _first_slot(features, "company")
    add("company", everyone, company)

    # Sorted neighbourhoods: surname read backwards (first-letter typos), then the company.
    a, b = _neighbours([names.reversed_rank[last_safe], names.rank[first_safe]], has_last, window)
    # A neighbour is worth comparing when the first names start alike too (or one is missing):
    # the order already brought similar surnames together, the initial keeps strangers apart.
    initial = np.where(has_first, names.initial[first_safe], -1)
    alike = (initial[a] == initial[b]) | (initial[a] < 0) | (initial[b] < 0)
    a, b = a[alike], b[alike]
    report.pairs_by_rule["neighbours by surname"] = len(a)
    collect(a, b)
    if "company" in features.fields:
        company_rank = _company_rank(features)
        a, b = _neighbours([company_rank], company >= 0, window)
        report.pairs_by_rule["neighbours by company"] = len(a)
        collect(a, b)

    unique = _sorted_unique(np.concatenate(codes) if codes else np.empty(0, np.int64))
    report.pairs = len(unique)
    return unique // n, unique % n, report


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """np.unique by sorting in place: numpy 2's hashing unique takes 17 s for 10^7 pair codes."""
    values.sort()
    if len(values) < 2:
        return values
    return values[np.r_[True, values[1:] != values[:-1]]]


def _mailbox_sounds(features: Features, names: _NameTables) -> tuple[np.ndarray, np.ndarray]:
    data = features.fields.get("email_name")
    if data is None or data.slots is None:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    members: list[int] = []
    sounds: list[int] = []
    vocabulary = data.vocabulary.values
    for index in np.flatnonzero(data.slots[:, 0] >= 0).tolist():
        value = vocabulary[data.slots[index, 0]]
        if value[0] == "m":
            for word in value[1:]:
                members.append(index)
                sounds.append(names.sound_code(word))
    return np.asarray(members, dtype=np.int64), np.asarray(sounds, dtype=np.int64)


def _mailbox_names(features: Features) -> tuple[np.ndarray, np.ndarray] | None:
    """The same mailbox name at another provider ('aime.cousin@gmail.com', 'aime.cousin@garden.com')."""
    data = features.fields.get("email")
    if data is None or data.slots is None:
        return None
    table: dict[str, int] = {}
    codes = np.full(len(data.vocabulary) + 1, -1, dtype=np.int64)
    for value_id, address in enumerate(data.vocabulary.values):
        local = address.partition("@")[0].replace(".", "")
        if len(local) >= 5 and local not in ROLE_MAILBOXES:
            codes[value_id] = table.setdefault(local, len(table))
    rows, columns = np.nonzero(data.slots >= 0)
    return rows.astype(np.int64), codes[data.slots[rows, columns]]


def _postcodes(features: Features) -> np.ndarray:
    data = features.fields.get("address")
    if data is None or data.slots is None:
        return np.full(features.size, -1, dtype=np.int64)
    postcode = _codes([v.postcode for v in data.vocabulary.values])
    first = data.slots[:, 0].astype(np.int64)
    return np.where(first >= 0, postcode[np.maximum(first, 0)] if len(postcode) else -1, -1)


def _company_rank(features: Features) -> np.ndarray:
    data = features.fields["company"]
    rank = _rank(list(data.vocabulary.values)) if len(data.vocabulary) else np.zeros(1, np.int64)
    first = data.slots[:, 0].astype(np.int64) if data.slots is not None else np.full(features.size, -1)
    return np.where(first >= 0, rank[np.maximum(first, 0)], -1)
