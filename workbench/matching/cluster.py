"""Groups of more than two, without chaining.

Candidates above a threshold connect customers into groups. Taken naively, a chain A~B~C puts
A and C together even when they clearly differ (a mother and a daughter each sharing
something with a record that has bits of both). So groups are grown from the strongest links
down, and two groups join only when no pair across them clearly differs: every such pair
scores at least `floor` bits (far below zero: missing evidence is not a difference), has no
conflict (different first names, birth dates, Jr/Sr) unless its names, birth dates and
identifiers alone reach `conflict_floor` (the review threshold), and was not rejected by a
steward.

A conflict is outvoted when the two groups are held together by many more links than
conflicts: a person's fifth record whose birth date was mistyped may conflict with a fourth
whose first name was, while linking strongly to the three others. Each conflicting pair needs
`OUTVOTE` links across beside it. Chaining through a middle record (mother ~ record ~ daughter)
brings one link against one conflict and stays apart; a pair below `floor` or a rejection is
never outvoted.

Some pairs are *contradicted* (`coherence.py`: birth dates that differ beyond a typo, one
system's two customers, a household): no number of links outvotes them. A link that would put
such a pair into one group is not followed, and `kept_apart` records for it which pair stopped
it, so the review can say why a group was split.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Pair = tuple[int, int]
# (score, conflict) or (score, conflict, contradiction) of each pair asked
PairScore = Callable[[list[Pair]], dict[Pair, tuple]]

# Bits: a pair across two groups scoring below this is evidence of two people, not just a lack of
# evidence (a record with only an e-mail and one with only a phone have little to compare).
CHAIN_FLOOR = -20.0
MAX_GROUP = 60  # a component larger than this is split by its strongest links only
OUTVOTE = 3  # links across two groups that outvote one conflicting pair


def _key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def components(edges: Iterable[Pair]) -> list[list[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    return [sorted(g) for g in groups.values()]


def split_chains(edges: dict[Pair, float], pair_score: PairScore, *,
                 cannot_link: set[Pair] | frozenset[Pair] = frozenset(), floor: float = CHAIN_FLOOR,
                 conflict_floor: float = 0.0, contradicted: dict[Pair, int] | None = None,
                 kept_apart: dict[Pair, tuple[int, Pair]] | None = None,
                 names_alone: set[Pair] | frozenset[Pair] = frozenset(),
                 names_against: set[Pair] | None = None, names_reason: int = 0) -> list[list[int]]:
    """Groups (of two or more) from scored links, each group free of clearly different pairs.

    `edges`: the links that may join (pair → score). `pair_score` gives (score, conflict) of
    the pairs inside components that have no link, asked once for all of them, so every pair
    in a group is known; it may add a third value, the pair's contradiction (`coherence.py`).
    `contradicted`: links known to be contradicted (pair → reason). `kept_apart`, when given,
    is filled with link → (reason, contradicted pair) for each link not followed because of a
    contradicted pair. `names_alone`: links with nothing but the names in common; such a link
    joins no two groups holding a pair of `names_against` (nothing but the names in common
    against a difference; a fourth value of `pair_score`, and those found among the pairs asked
    are added), and `kept_apart` gives it `names_reason`.
    """
    hard: dict[Pair, int] = dict(contradicted or {})
    against: set[Pair] = set(names_against or ())
    groups: list[list[int]] = []
    component_of: dict[int, int] = {}
    members_of = components(edges)
    for number, members in enumerate(members_of):
        for member in members:
            component_of[member] = number
    links: list[dict[Pair, float]] = [{} for _ in members_of]
    for pair, score in edges.items():
        links[component_of[pair[0]]][pair] = score
    missing: list[Pair] = []
    for members, inside in zip(members_of, links, strict=True):
        if 2 < len(members) <= MAX_GROUP:
            missing.extend(_key(a, b) for i, a in enumerate(members) for b in members[i + 1:]
                           if _key(a, b) not in inside)
    scored = pair_score(missing) if missing else {}
    for pair, found in scored.items():
        if len(found) > 2 and found[2]:
            hard[pair] = int(found[2])
        if len(found) > 3 and found[3]:
            against.add(pair)
    against_codes = dict.fromkeys(against, names_reason)
    for members, inside in zip(members_of, links, strict=True):
        if len(members) == 2:
            pair = _key(members[0], members[1])
            if pair in hard:
                if kept_apart is not None:
                    kept_apart[pair] = (hard[pair], pair)
            elif pair not in cannot_link:
                groups.append(members)
            continue
        known: dict[Pair, tuple[float, bool]] = {p: (s, False) for p, s in inside.items()}
        if len(members) <= MAX_GROUP:
            known.update((p, (scored[p][0], scored[p][1])) for i, a in enumerate(members) for b in members[i + 1:]
                         if (p := _key(a, b)) in scored)
        weak = (names_alone, against_codes) if names_alone and against_codes else None
        groups.extend(_grow(members, inside, known, cannot_link, floor, conflict_floor, hard, kept_apart, weak))
    return groups


def _grow(members: list[int], links: dict[Pair, float], known: dict[Pair, tuple[float, bool]],
          cannot_link: set[Pair] | frozenset[Pair], floor: float, conflict_floor: float,
          hard: dict[Pair, int] | None = None,
          kept_apart: dict[Pair, tuple[int, Pair]] | None = None,
          weak: tuple[set[Pair] | frozenset[Pair], dict[Pair, int]] | None = None) -> list[list[int]]:
    group_of = {m: m for m in members}
    content = {m: [m] for m in members}
    hard = hard or {}
    for (a, b), _score in sorted(links.items(), key=lambda item: (-item[1], item[0])):
        ga, gb = group_of[a], group_of[b]
        if ga == gb:
            continue
        if hard and _kept_apart_by(content[ga], content[gb], hard, (a, b), kept_apart):
            continue
        if weak is not None and (a, b) in weak[0] and _kept_apart_by(content[ga], content[gb], weak[1], (a, b),
                                                                      kept_apart):
            continue
        if not _compatible(content[ga], content[gb], known, cannot_link, floor, conflict_floor):
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for node in content[gone]:
            group_of[node] = keep
        content[keep].extend(content.pop(gone))
    return [sorted(g) for g in content.values() if len(g) > 1]


def _kept_apart_by(left: list[int], right: list[int], codes: dict[Pair, int], link: Pair,
                   kept_apart: dict[Pair, tuple[int, Pair]] | None) -> bool:
    """Whether a pair of `codes` across two groups keeps `link` from joining them (noted in `kept_apart`)."""
    blocking = _contradicted(left, right, codes)
    if blocking is None:
        return False
    if kept_apart is not None:
        kept_apart[link] = (codes[blocking], blocking)
    return True


def _contradicted(left: list[int], right: list[int], hard: dict[Pair, int]) -> Pair | None:
    """The first contradicted pair across two groups, if any."""
    for a in left:
        for b in right:
            if (pair := _key(a, b)) in hard:
                return pair
    return None


def _compatible(left: list[int], right: list[int], known: dict[Pair, tuple[float, bool]],
                cannot_link: set[Pair] | frozenset[Pair], floor: float, conflict_floor: float) -> bool:
    links = conflicts = 0
    for a in left:
        for b in right:
            pair = _key(a, b)
            if pair in cannot_link:
                return False
            found = known.get(pair)
            if found is None:
                continue  # a component too large to compare all pairs: the links decide
            score, conflict = found
            if score < floor:
                return False
            if conflict and score < conflict_floor:
                conflicts += 1
            elif score >= max(conflict_floor, 0.0):
                links += 1
    return links >= OUTVOTE * conflicts
