"""Survivorship: which value wins in the golden record when the merged records disagree.

Each single-valued field has a rule (best value, most trusted source, most recent, most
complete, most frequent, or the survivor's value until the steward picks); a few fields have
rules of their own (earliest first-seen date, sum of orders, most restrictive consent), and the
lifecycle status is not chosen at all but computed by the status rules from the merged orders
and dates. Whatever the rule, three things hold:

* a field that any record fills is never empty in the golden record (the steward's pick of an
  empty cell is not taken either);
* a value that is not valid (a birth date in the future, "n/a" as a name, a negative count)
  wins only when no record has a valid one;
* a value that is a strictly less complete form of another never wins: "A." against "Anna",
  "Anna Müller" against "Anna Maria Müller", "Hohenzollern Weinhdl." against "Hohenzollern
  Weinhandel".

A person's name is taken whole from one record, then completed from the records whose names
agree with it (a title, a middle name or a first name only they give), and its parts put where
they belong: salutations in the title, generations (Jr., III) in the suffix, a middle name that
other records keep apart in the middle name.

Contact points are consolidated (see `consolidation`): the same e-mail, number or place once,
keeping the evidence of every record that says it; one of each type is primary, by a rule per
type (best: valid, most complete, most recently confirmed).

The rules live in the master's `settings` table under "survivorship", so a team shares them.
`plan` turns records, rules and the steward's picks into the golden record a merge will produce.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workbench.definitions import rules as status_rules_mod
from workbench.definitions.attribute_types import AttributeSpec, check_value
from workbench.paths import resource_path
from workbench.stewardship import consolidation
from workbench.stewardship.records import POINT_TYPES, Evidence, PointData, RecordData, evidence_union
from workbench.store.models import Setting, Source, utcnow
from workbench.text import fold

SETTINGS_KEY = "survivorship"
SETTINGS_VERSION = 2  # 2: primary contact-point rules

RULES = {
    "best": "Best value (most records agree, most complete, most trusted, most recent)",
    "trust": "Most trusted source",
    "recent": "Most recent",
    "complete": "Most complete",
    "frequent": "Most frequent",
    "survivor": "Survivor's value (steward picks)",
    "earliest": "Earliest",
    "latest": "Latest",
    "sum": "Sum of all records",
    "restrictive": "Most restrictive",
    "computed": "Computed by the status rules from the merged orders and dates",
}
BASE_RULES = ("best", "trust", "recent", "complete", "frequent", "survivor")

# Which contact point of a type is primary, when the steward does not say.
PRIMARY_RULES = {
    "best": "Best: valid, most complete, most recently confirmed",
    "recent": "Most recently confirmed by a source",
    "frequent": "Said by the most records",
    "trust": "From the most trusted source",
    "survivor": "The survivor's primary one",
}
POINT_LABELS = {"email": "Primary e-mail", "phone": "Primary phone", "address": "Primary address"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    default: str = "best"
    extra_rules: tuple[str, ...] = ()
    group: str | None = None  # fields chosen together, under the group's rule
    computed: bool = False  # not chosen from the records but computed from the golden record

    @property
    def rules(self) -> tuple[str, ...]:
        if self.computed:
            return ("computed",)
        return self.extra_rules + BASE_RULES


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("kind", "Person or organization"),
    # A person's name is taken whole from one record: first name from one and last name from
    # another makes a name nobody has. The steward can still pick single parts.
    FieldSpec("title", "Title", group="name"),
    FieldSpec("first_name", "First name", group="name"),
    FieldSpec("middle_name", "Middle name", group="name"),
    FieldSpec("last_name", "Last name", group="name"),
    FieldSpec("suffix", "Suffix", group="name"),
    FieldSpec("company", "Company"),
    FieldSpec("job_title", "Job title", "recent"),
    FieldSpec("birth_date", "Birth date"),
    # One person, one status: the rules decide it from the merged evidence, nobody picks it.
    FieldSpec("status", "Status", "computed", computed=True),
    FieldSpec("status_override", "Status set by steward", "recent"),
    # A "no" to marketing anywhere must survive a merge: consent law is on the customer's side.
    FieldSpec("marketing_consent", "Marketing consent", "restrictive", ("restrictive",)),
    FieldSpec("first_seen_at", "First seen", "earliest", ("earliest", "latest")),
    FieldSpec("last_order_at", "Last order", "latest", ("latest", "earliest")),
    FieldSpec("order_count", "Orders", "sum", ("sum",)),
    FieldSpec("total_spent", "Total spent", "sum", ("sum",)),
)
FIELD_BY_NAME = {spec.name: spec for spec in FIELDS}
GROUPS = {"name": FieldSpec("name", "Name (all its parts together)")}
NAME_PARTS = tuple(spec.name for spec in FIELDS if spec.group == "name")
# Free-text fields where a shorter form (an abbreviation) must not beat the full one.
TEXT_FIELDS = ("title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title")


def rule_keys() -> list[FieldSpec]:
    """What a rule can be set for: each field, with grouped fields as one entry."""
    keys: list[FieldSpec] = []
    for spec in FIELDS:
        if spec.group is None:
            keys.append(spec)
        elif GROUPS[spec.group] not in keys:
            keys.append(GROUPS[spec.group])
    return keys


ATTRIBUTE_PREFIX = "attributes."

# From most to least restrictive; "unknown" says nothing and counts as empty.
CONSENT_ORDER = ("unsubscribed", "denied", "bounced", "granted")


@dataclass
class SurvivorshipSettings:
    rules: dict[str, str] = field(default_factory=dict)  # field → rule, where it differs from the default
    default_rule: str = "best"  # for custom attributes
    primary: dict[str, str] = field(default_factory=dict)  # point type → primary rule, where not "best"
    # Read from the master with the settings, never saved with them: the status rules that compute
    # the golden record's status, and the attribute definitions that say which values are valid.
    status_rules: list[status_rules_mod.NamedRule] | None = field(default=None, compare=False, repr=False)
    attribute_specs: dict[str, AttributeSpec] = field(default_factory=dict, compare=False, repr=False)

    def rule_for(self, name: str) -> str:
        spec = FIELD_BY_NAME.get(name)
        if spec is not None and spec.group:
            name = spec.group
            spec = GROUPS[name]
        spec = spec or GROUPS.get(name)
        rule = self.rules.get(name)
        if spec is None:
            return rule if rule in BASE_RULES else self.default_rule
        return rule if rule in spec.rules else spec.default

    def primary_rule(self, point_type: str) -> str:
        rule = self.primary.get(point_type)
        return rule if rule in PRIMARY_RULES else "best"

    def to_json(self) -> dict[str, Any]:
        return {"version": SETTINGS_VERSION, "default_rule": self.default_rule,
                "rules": dict(sorted(self.rules.items())), "primary": dict(sorted(self.primary.items()))}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> SurvivorshipSettings:
        data = data or {}
        rules = {str(k): str(v) for k, v in (data.get("rules") or {}).items() if v in RULES}
        default = data.get("default_rule")
        primary = {str(k): str(v) for k, v in (data.get("primary") or {}).items()
                   if k in POINT_TYPES and v in PRIMARY_RULES}
        return cls(rules, default if default in BASE_RULES else "best", primary)


def load_settings(session: Session) -> SurvivorshipSettings:
    from workbench.definitions.attributes import load_specs
    from workbench.definitions.statuses import load_rules

    row = session.get(Setting, SETTINGS_KEY)
    settings = SurvivorshipSettings.from_json(row.value if row else None)
    settings.status_rules = load_rules(session)
    settings.attribute_specs = {spec.name: spec for spec in load_specs(session)}
    return settings


def save_settings(session: Session, settings: SurvivorshipSettings) -> None:
    row = session.get(Setting, SETTINGS_KEY)
    if row is None:
        session.add(Setting(key=SETTINGS_KEY, value=settings.to_json(), updated_at=utcnow()))
    else:
        row.value = settings.to_json()
        row.updated_at = utcnow()


def source_trust(session: Session) -> dict[str, int]:
    """Source name → trust rank, most trusted first."""
    rows = session.execute(select(Source.name, Source.trust_rank).order_by(Source.trust_rank.desc(), Source.name))
    return {name: rank for name, rank in rows}


def set_source_trust(session: Session, ranks: dict[str, int]) -> None:
    for source in session.scalars(select(Source).where(Source.name.in_(list(ranks)))):
        rank = max(0, min(100, int(ranks[source.name])))
        if source.trust_rank != rank:
            source.trust_rank = rank


# --------------------------------------------------------------------------- the golden record


@dataclass
class Resolution:
    field: str
    value: Any
    from_id: int | None  # the customer whose value won; None when computed from several
    rule: str
    picked: bool = False  # chosen by the steward rather than by the rule


@dataclass
class KeptPoint:
    point: PointData  # the contact-point row the golden record keeps
    duplicates: list[PointData]  # the same e-mail / number / address (or a lesser form) from other records, dropped
    is_primary: bool = False
    kind: str = "other"  # the kind the kept row gets: the most telling kind among them
    evidence: list[Evidence] = field(default_factory=list)  # every record that says it, newest first

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(e.source for e in self.evidence))

    @property
    def seen_at(self) -> datetime | None:
        return max((e.seen_at for e in self.evidence if e.seen_at), default=None)

    def holds(self, point_id: int) -> bool:
        return point_id == self.point.id or any(d.id == point_id for d in self.duplicates)


@dataclass
class GoldenRecord:
    survivor_id: int
    fields: dict[str, Resolution]
    attributes: dict[str, Resolution]
    roles: list[Any]
    tags: list[Any]
    notes: str | None
    do_not_contact: bool
    consent_updated_at: datetime | None
    points: dict[str, list[KeptPoint]]

    def value(self, name: str) -> Any:
        if name.startswith(ATTRIBUTE_PREFIX):
            resolution = self.attributes.get(name[len(ATTRIBUTE_PREFIX):])
        else:
            resolution = self.fields.get(name)
        return resolution.value if resolution else None

    def resolution(self, name: str) -> Resolution | None:
        if name.startswith(ATTRIBUTE_PREFIX):
            return self.attributes.get(name[len(ATTRIBUTE_PREFIX):])
        return self.fields.get(name)

    def primary(self, point_type: str) -> PointData | None:
        return next((k.point for k in self.points.get(point_type, []) if k.is_primary), None)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value == "unknown"


# --------------------------------------------------------------------------- comparing values

_PUNCT = re.compile(r"[^\w\s-]")
_UMLAUT_SPELLING = re.compile(r"(?<=[aou])e")  # Mueller is Müller written without umlauts


@lru_cache(maxsize=65536)
def _collapsed(text: str) -> str:
    """A text reduced to what spelling variants share: case, accents, punctuation, ue for ü."""
    folded = _PUNCT.sub(" ", fold(text))
    return _UMLAUT_SPELLING.sub("", " ".join(folded.split()))


def _same_key(value: Any) -> Any:
    if isinstance(value, str):
        return _collapsed(value)
    if isinstance(value, list | dict):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _completeness(value: Any) -> int:
    if isinstance(value, str):
        return len(_collapsed(value).replace(" ", "").replace("-", ""))
    return 0 if value is None else 1


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[tuple[str, bool], ...]:
    """(word, written as an abbreviation) for each word: "A." → ("a", True)."""
    out = []
    for raw in fold(text).split():
        word = raw.strip(".,;:()\"'")
        if word:
            out.append((word, raw.rstrip(",;:)\"'").endswith(".") or len(word) == 1))
    return tuple(out)


def _stands_for(short: tuple[str, bool], full: tuple[str, bool]) -> bool:
    """The same word, or its abbreviation: cut short ("Str."), or contracted ("Weinhdl.", "Dr.")."""
    word, abbreviated = short
    target = full[0]
    if word == target or _UMLAUT_SPELLING.sub("", word) == _UMLAUT_SPELLING.sub("", target):
        return True
    if not abbreviated or len(target) <= len(word) or word[:1] != target[:1]:
        return False
    letters = iter(target)
    return all(c in letters for c in word)


@lru_cache(maxsize=65536)
def less_complete(short: str, full: str, *, names: bool = False) -> bool:
    """Is `short` a strictly less complete form of `full`?

    Every word of `short` stands for a word of `full`, in order: the same word or its
    abbreviation ("A." for "Anna", "Weinhdl." for "Weinhandel"). In a whole name, `full` may
    also have words `short` leaves out (a middle name, a title); elsewhere a missing word makes
    another value, not a shorter form of it.
    """
    a, b = _tokens(short), _tokens(full)
    if not a or not b or _collapsed(short) == _collapsed(full) or len(a) > len(b):
        return False
    if not names and len(a) != len(b):
        return False
    at = 0
    for token in a:
        while at < len(b) and not _stands_for(token, b[at]):
            if not names:
                return False
            at += 1
        if at == len(b):
            return False
        at += 1
    return True


@lru_cache(maxsize=1)
def _salutations() -> frozenset[str]:
    lines = resource_path("reference", "salutations.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


# Salutations read as such without a dot; the rest of the list ("Don", "Lady", "Gen") only with one.
PLAIN_SALUTATIONS = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "herr", "frau", "monsieur",
                               "madame", "mademoiselle", "mme", "mlle", "dhr", "mevr", "mevrouw", "signor", "signora",
                               "signorina", "sig", "sigra", "sra", "srta", "senor", "senora", "senorita"})
GENERATIONS = frozenset({"jr", "sr", "jun", "sen", "junior", "senior", "ii", "iii", "iv", "2nd", "3rd", "4th"})
PLACEHOLDERS = frozenset({"n/a", "na", "n.a.", "none", "null", "nil", "unknown", "unbekannt", "inconnu", "-", "--",
                          "---", "?", "??", "x", "xx", "xxx", "test", "tbd", "tba", ".", "..."})
_DIGIT = re.compile(r"\d")


def value_is_valid(name: str, value: Any, *, now: datetime | None = None,
                   specs: dict[str, AttributeSpec] | None = None) -> bool:
    """Can `value` stand in the golden record's field `name`? Empty values are not asked about."""
    if isinstance(value, str) and name in (*TEXT_FIELDS, "name"):
        text = fold(value).strip()
        if text in PLACEHOLDERS or "@" in text:
            return False
        return name in ("company", "job_title", "title", "suffix") or not _DIGIT.search(text)
    today = (now or utcnow()).date()
    if name == "birth_date" and isinstance(value, date):
        return date(1900, 1, 1) <= value <= today
    if name in ("first_seen_at", "last_order_at") and isinstance(value, datetime):
        return datetime(1900, 1, 1) <= value <= (now or utcnow()) + timedelta(days=1)
    if name in ("order_count", "total_spent") and isinstance(value, int | float):
        return value >= 0
    if name.startswith(ATTRIBUTE_PREFIX) and specs:
        spec = specs.get(name[len(ATTRIBUTE_PREFIX):])
        if spec is not None:
            return check_value(spec, value).ok
    return True


# --------------------------------------------------------------------------- resolving one field


def _ordered(records: Sequence[RecordData]) -> list[RecordData]:
    """Tie-break order: most trusted, then most recent, then the lowest master number."""
    return sorted(records, key=lambda r: (-r.trust, -(r.recency.timestamp() if r.recency else 0), r.id))


def _candidates(name: str, present: list[tuple[int, Any]], *, names: bool = False,
                valid: Callable[[str, Any], bool] = value_is_valid) -> list[tuple[int, Any]]:
    """The values that may win: valid ones (if any are), and never a lesser form of another."""
    good = [p for p in present if valid(name, p[1])] or present
    if name in (*TEXT_FIELDS, "name") or name.startswith(ATTRIBUTE_PREFIX):
        texts = [p[1] for p in good if isinstance(p[1], str)]
        fuller = [p for p in good if not (isinstance(p[1], str) and any(
            less_complete(p[1], other, names=names) for other in texts))]
        good = fuller or good
    return good


def resolve(name: str, values: dict[int, Any], records: Sequence[RecordData], rule: str,
            survivor_id: int, *, valid: Callable[[str, Any], bool] = value_is_valid) -> Resolution:
    """The winning value of one field among `values` (customer id → value) under `rule`."""
    order = _ordered(records)
    present = [(r.id, values.get(r.id)) for r in order if not is_empty(values.get(r.id))]
    if not present:  # nothing to choose: the survivor keeps what it has ("unknown", None)
        return Resolution(name, values.get(survivor_id), None, rule)
    if rule not in ("sum", "restrictive"):
        present = _candidates(name, present, names=name == "name", valid=valid)
    else:
        present = [p for p in present if valid(name, p[1])] or present
    if rule == "survivor":
        winner = next((p for p in present if p[0] == survivor_id), present[0])
    elif rule == "recent":
        by_recency = sorted(order, key=lambda r: (-(r.recency.timestamp() if r.recency else 0), -r.trust, r.id))
        winner = next(p for r in by_recency for p in present if p[0] == r.id)
    elif rule == "complete":
        best = max(_completeness(v) for _, v in present)
        winner = next(p for p in present if _completeness(p[1]) == best)
    elif rule in ("frequent", "best"):
        # Across sources: a customer made of three source records speaks for three.
        weight = {r.id: max(1, len(r.origins)) for r in records}
        counts: dict[Any, int] = {}
        for customer_id, v in present:
            counts[_same_key(v)] = counts.get(_same_key(v), 0) + weight[customer_id]
        most = max(counts.values())
        common = [p for p in present if counts[_same_key(p[1])] == most]
        if rule == "best":  # then the most complete; ties stay in trust, recency order
            fullest = max(_completeness(v) for _, v in common)
            common = [p for p in common if _completeness(p[1]) == fullest]
        winner = _usual_spelling(common[0], present)
    elif rule in ("earliest", "latest"):
        pick = min if rule == "earliest" else max
        target = pick(v for _, v in present)
        winner = next(p for p in present if p[1] == target)
    elif rule == "sum":
        if len(present) == 1:
            winner = present[0]
        else:
            total = sum(v for _, v in present)
            return Resolution(name, round(total, 2) if isinstance(total, float) else total, None, rule)
    elif rule == "restrictive":
        rank = {v: i for i, v in enumerate(CONSENT_ORDER)}
        winner = min(present, key=lambda p: rank.get(p[1], len(CONSENT_ORDER)))
    else:  # trust
        winner = present[0]
    return Resolution(name, winner[1], winner[0], rule)


def _usual_spelling(winner: tuple[int, Any], present: Sequence[tuple[int, Any]]) -> tuple[int, Any]:
    """Of the values that are the winner written another way ("Mueller", "MÜLLER" for "Müller"),
    the spelling most records use; ties go to the earlier (more trusted) one."""
    if not isinstance(winner[1], str):
        return winner
    key = _collapsed(winner[1])
    same = [p for p in present if isinstance(p[1], str) and _collapsed(p[1]) == key]
    counts: dict[str, int] = {}
    for _, value in same:
        counts[value] = counts.get(value, 0) + 1
    return max(same, key=lambda p: counts[p[1]]) if same else winner


def _union(lists: Sequence[list[Any]]) -> list[Any]:
    result: list[Any] = []
    for items in lists:
        for item in items:
            if item not in result:
                result.append(item)
    return result


# --------------------------------------------------------------------------- names


def full_name(record: RecordData) -> str:
    return " ".join(str(record.values[p]) for p in NAME_PARTS if record.values.get(p))


def _name_parts_agree(x: Any, y: Any) -> bool:
    if not x or not y:
        return True
    x, y = str(x), str(y)
    return _collapsed(x) == _collapsed(y) or less_complete(x, y) or less_complete(y, x) or \
        less_complete(x, y, names=True) or less_complete(y, x, names=True)


def _names_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Could both name the same person: last names the same, first names the same or one an initial."""
    if not (a.get("last_name") or a.get("first_name")) or not (b.get("last_name") or b.get("first_name")):
        return True
    return _name_parts_agree(a.get("last_name"), b.get("last_name")) and \
        _name_parts_agree(a.get("first_name"), b.get("first_name"))


def _names_near(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """The same person spelt differently or renamed: the first or the last name agrees (a typo
    "Brwon" in one, a married name in the other)."""
    return any(a.get(p) and b.get(p) and _name_parts_agree(a.get(p), b.get(p))
               for p in ("first_name", "last_name"))


def _usual_split(chosen: int, records: Sequence[RecordData]) -> int:
    """Of the records writing the chosen name word for word, the one whose split into first, middle
    and last name most records share: a full-name cell split by guess ("Carlos | Pérez | Moreno")
    gives way to the lists that keep the name in its own columns ("Carlos | Pérez Moreno"). On a
    tie, a split without a middle name: a list with its own middle-name column would have said."""
    by_id = {r.id: r for r in records}
    key = _collapsed(full_name(by_id[chosen]))
    same = [r for r in _ordered(records) if _collapsed(full_name(r)) == key]

    def split(r: RecordData) -> tuple[str, ...]:
        return tuple(_collapsed(str(r.values.get(p) or "")) for p in ("first_name", "middle_name", "last_name"))
    votes: dict[tuple[str, ...], int] = {}
    for r in same:
        votes[split(r)] = votes.get(split(r), 0) + max(1, len(r.origins))
    if len(votes) < 2:
        return chosen
    most = max(votes.values())
    best = [r for r in same if votes[split(r)] == most]
    best.sort(key=lambda r: (bool(r.values.get("middle_name")), r.id != chosen))
    return best[0].id


def _words_of(parts: dict[str, Any]) -> set[str]:
    return {w for p in NAME_PARTS for w in _collapsed(str(parts.get(p) or "")).replace("-", " ").split()}


def _complete_name(parts: dict[str, Any], sources: dict[str, int], donors: list[RecordData],
                   fixed: set[str]) -> None:
    """Fill the parts the chosen name lacks, and replace abbreviated ones, from records whose
    names agree with it; `sources` records where each part came from."""
    for donor in donors:
        theirs = {p: donor.values.get(p) for p in NAME_PARTS}
        # A salutation is the person's however the rest of the name is spelt ("Ms." beside a typo
        # "Brwon"), as long as one part of the name agrees; the other parts only from names that agree.
        parts_to_take = NAME_PARTS if _names_agree(parts, theirs) else \
            ("title",) if _names_near(parts, theirs) else ()
        for part in parts_to_take:
            if part in fixed:
                continue
            value = theirs.get(part)
            if not value or not value_is_valid(part, value):
                continue
            mine = parts.get(part)
            fuller = bool(mine) and less_complete(str(mine), str(value))
            # A part the name lacks, unless its words are in the name already ("Lefevre" of "Lefèvre-Desjardins").
            missing = not mine and not set(_collapsed(str(value)).replace("-", " ").split()) <= _words_of(parts)
            if fuller or missing:
                parts[part], sources[part] = value, donor.id


def _tidy_name(parts: dict[str, Any], records: Sequence[RecordData], fixed: set[str]) -> None:
    """Salutations into the title, generations into the suffix, middle names out of the first name."""
    def words(part: str) -> list[str]:
        return str(parts.get(part) or "").split()

    first = words("first_name")
    if "first_name" not in fixed and "title" not in fixed and len(first) > 1:
        head = fold(first[0]).strip(".")
        if head in PLAIN_SALUTATIONS or (head in _salutations() and first[0].endswith(".")):
            title = parts.get("title")
            if not title or _collapsed(str(title)) == _collapsed(first[0]):
                parts["title"], parts["first_name"] = title or first[0], " ".join(first[1:])
    for part in ("last_name", "first_name"):
        found = words(part)
        if part in fixed or "suffix" in fixed or len(found) < 2:
            continue
        tail = fold(found[-1]).strip(".,")
        suffix = parts.get("suffix")
        if tail in GENERATIONS and (not suffix or _collapsed(str(suffix)) == _collapsed(found[-1])):
            parts["suffix"], parts[part] = suffix or found[-1].lstrip(","), " ".join(found[:-1]).rstrip(",")
            break
    first = words("first_name")
    if "first_name" in fixed or "middle_name" in fixed or len(first) < 2:
        return
    rest = " ".join(first[1:])
    middle = parts.get("middle_name")
    if middle and _collapsed(str(middle)) == _collapsed(rest):  # "Anna Maria" with "Maria" as middle name
        parts["first_name"] = first[0]
        return
    if middle:
        return
    # Split only where another record keeps them apart: "Anna Maria" may be one first name.
    evidence = any(_collapsed(str(r.values.get("first_name") or "")) == _collapsed(first[0])
                   or _collapsed(str(r.values.get("middle_name") or "")) == _collapsed(rest) for r in records)
    if evidence:
        parts["first_name"], parts["middle_name"] = first[0], rest


# --------------------------------------------------------------------------- contact points


def _evidence(point: PointData, record: RecordData) -> list[Evidence]:
    if point.evidence:
        return point.evidence
    return [Evidence(point.source_record_id, record.display_name or record.master_number, record.recency,
                     point.text, record.trust)]


def _seen(evidence: Sequence[Evidence]) -> int:
    """The day a source last confirmed it: sources confirming it on one day confirm it alike."""
    return max((e.seen_at.toordinal() for e in evidence if e.seen_at), default=0)


def point_groups(point_type: str, records: Sequence[RecordData]) -> tuple[list[consolidation.Group],
                                                                             dict[int, list[Evidence]]]:
    """The contact points of `records` of one type, taken together where they are one (whoever
    survives), and each point's evidence."""
    evidence: dict[int, list[Evidence]] = {}
    points: list[PointData] = []
    for record in records:
        for point in record.points.get(point_type, []):
            evidence[point.id] = _evidence(point, record)
            points.append(point)
    if not points:
        return [], evidence
    every = [p for r in records for t in POINT_TYPES for p in r.points.get(t, [])]
    country, regions = consolidation.context(every)

    def form_of(point: PointData) -> consolidation.Form:
        return consolidation.form(point_type, point.parts or _parts_from_key(point), context_country=country,
                                  regions=regions)

    def rank(point: PointData) -> tuple:
        said = evidence[point.id]
        return (not point.is_valid, -max(e.trust for e in said), -_seen(said), point.id)

    return consolidation.group_points(point_type, points, rank, form_of), evidence


def _kept_points(point_type: str, records: Sequence[RecordData], survivor_id: int, primary_id: int | None,
                 rule: str) -> list[KeptPoint]:
    """One point for each e-mail, number or place; one primary, by the steward's choice or `rule`."""
    groups, evidence = point_groups(point_type, records)
    if not groups:
        return []
    # Listed as before: the survivor's points first, then the other records', most trusted first.
    order = sorted(records, key=lambda r: r.id != survivor_id)
    order = order[:1] + _ordered(order[1:])
    position = {p.id: (i, j) for i, r in enumerate(order) for j, p in enumerate(r.points.get(point_type, []))}
    groups.sort(key=lambda g: min(position[m.id] for m in g.members))
    kept = [KeptPoint(g.representative, g.members[1:], kind=g.kind,
                      evidence=evidence_union([_with(m, evidence[m.id]) for m in g.members])) for g in groups]
    fullness = {id(k): g.forms[0].fullness for k, g in zip(kept, groups, strict=True)}

    if primary_id is not None:
        match = next((k for k in kept if k.holds(primary_id)), None)
        if match is not None:
            match.is_primary = True
            return kept
    if rule == "survivor":
        survivor_primary = next((p.id for p in order[0].points.get(point_type, []) if p.is_primary), None)
        any_primary = next((p.id for r in order for p in r.points.get(point_type, []) if p.is_primary), None)
        for wanted in (survivor_primary, any_primary):
            match = next((k for k in kept if wanted is not None and k.holds(wanted)), None)
            if match is not None:
                match.is_primary = True
                return kept
        (next((k for k in kept if k.point.is_valid), kept[0])).is_primary = True
        return kept

    def criteria(k: KeptPoint) -> dict[str, Any]:
        return {"valid": not k.point.is_valid, "complete": -fullness[id(k)], "recent": -_seen(k.evidence),
                "frequent": -len({e.source_record_id for e in k.evidence}),
                "trust": -max(e.trust for e in k.evidence),
                "primary": not any(p.is_primary for p in (k.point, *k.duplicates))}

    sequence = {"best": ("valid", "complete", "recent", "frequent", "trust", "primary"),
                "recent": ("valid", "recent", "complete", "frequent", "trust", "primary"),
                "frequent": ("valid", "frequent", "complete", "recent", "trust", "primary"),
                "trust": ("valid", "trust", "complete", "recent", "frequent", "primary")}[rule]
    ranked = min(kept, key=lambda k: (*(criteria(k)[c] for c in sequence), kept.index(k)))
    ranked.is_primary = True
    return kept


def _with(point: PointData, evidence: list[Evidence]) -> PointData:
    if point.evidence is evidence:
        return point
    return PointData(point.id, point.type, point.key, point.text, point.kind, point.is_primary, point.is_valid,
                     point.source_record_id, point.parts, evidence)


def _parts_from_key(point: PointData) -> dict[str, Any]:
    """For points made without their columns (tests, old callers): what the key says."""
    if point.type == "email":
        return {"address": point.text, "normalized": point.key}
    if point.type == "phone":
        return {"number": point.text, "e164": point.key if point.key.startswith("+") else None}
    kind, street, postcode, city, country = (point.key.split("|") + ["", "", "", "", ""])[:5]
    return {"street": street or None, "postcode": postcode or None, "city": city or None,
            "country": country or None}


# --------------------------------------------------------------------------- the plan


def default_survivor(records: Sequence[RecordData]) -> int:
    return min(r.id for r in records)


def computed_status(fields: dict[str, Resolution], survivor: RecordData, rules: list[Any],
                    now: datetime) -> str | None:
    """The status the status rules give the golden record's merged orders and dates."""
    values = {name: resolution.value for name, resolution in fields.items()}
    values["created_at"] = survivor.created_at
    values["updated_at"] = now
    return status_rules_mod.first_match(rules, values, now)


def plan(
    records: Sequence[RecordData],
    settings: SurvivorshipSettings,
    *,
    survivor_id: int | None = None,
    picks: dict[str, int] | None = None,
    primaries: dict[str, int] | None = None,
    now: datetime | None = None,
) -> GoldenRecord:
    """The golden record merging `records` gives, under `settings` and the steward's picks.

    `picks` maps a field (or `attributes.<name>`) to the customer whose value the steward
    chose; `primaries` maps a contact-point type to the point the steward made primary. A pick
    of an empty value, or of a computed field, is not taken.
    """
    if len(records) < 1:
        raise ValueError("nothing to merge")
    now = now or utcnow()
    ids = {r.id for r in records}
    survivor = survivor_id if survivor_id in ids else default_survivor(records)
    by_id = {r.id: r for r in records}
    picks = {k: v for k, v in (picks or {}).items() if v in ids}

    def value_of(name: str, record: RecordData) -> Any:
        if name.startswith(ATTRIBUTE_PREFIX):
            return record.attributes.get(name[len(ATTRIBUTE_PREFIX):])
        return record.values.get(name)

    picks = {k: v for k, v in picks.items() if not is_empty(value_of(k, by_id[v]))
             and not (FIELD_BY_NAME.get(k) and FIELD_BY_NAME[k].computed)}

    def valid(name: str, value: Any) -> bool:
        return value_is_valid(name, value, now=now, specs=settings.attribute_specs)

    def choose(name: str, values: dict[int, Any]) -> Resolution:
        if name in picks:
            return Resolution(name, values.get(picks[name]), picks[name], "pick", picked=True)
        return resolve(name, values, records, settings.rule_for(name), survivor, valid=valid)

    fields = {spec.name: choose(spec.name, {r.id: r.values.get(spec.name) for r in records})
              for spec in FIELDS if spec.group is None and not spec.computed}
    whole = resolve("name", {r.id: full_name(r) for r in records}, records, settings.rule_for("name"), survivor,
                    valid=valid)
    name_from = whole.from_id if whole.from_id is not None else survivor
    if whole.from_id is not None and "name" not in picks:
        name_from = _usual_split(name_from, records)
    parts = {part: by_id[name_from].values.get(part) for part in NAME_PARTS}
    sources = dict.fromkeys(NAME_PARTS, name_from)
    fixed = {part for part in NAME_PARTS if part in picks}
    for part in fixed:
        parts[part], sources[part] = by_id[picks[part]].values.get(part), picks[part]
    donors = [r for r in _ordered(records) if r.id != name_from]
    _complete_name(parts, sources, donors, fixed)
    _tidy_name(parts, records, fixed)
    for part in NAME_PARTS:
        if part not in fixed and parts[part]:
            present = [(r.id, r.values.get(part)) for r in _ordered(records) if r.values.get(part)]
            present.sort(key=lambda p: p[0] != sources[part])  # the chosen record's spelling breaks ties
            sources[part], parts[part] = _usual_spelling((sources[part], parts[part]), present)
    for part in NAME_PARTS:
        if part in fixed:
            fields[part] = choose(part, {r.id: r.values.get(part) for r in records})
        else:
            fields[part] = Resolution(part, parts[part], sources[part], whole.rule)
    status_spec = FIELD_BY_NAME["status"]
    if settings.status_rules is not None:
        fields["status"] = Resolution("status", computed_status(fields, by_id[survivor], settings.status_rules, now),
                                      None, "computed")
    else:  # no rules at hand (a plan without a master): the survivor's, recomputed by the merge
        fields["status"] = Resolution("status", by_id[survivor].values.get("status"), survivor,
                                      status_spec.default)
    fields = {spec.name: fields[spec.name] for spec in FIELDS}
    attribute_names = _union([sorted(r.attributes) for r in sorted(records, key=lambda r: r.id)])
    attributes = {name: choose(ATTRIBUTE_PREFIX + name, {r.id: r.attributes.get(name) for r in records})
                  for name in attribute_names}
    consent_from = fields["marketing_consent"].from_id
    consent_at = by_id[consent_from].consent_updated_at if consent_from in by_id else None
    ordered = sorted(records, key=lambda r: r.id != survivor)
    notes = [r.notes.strip() for r in ordered if r.notes and r.notes.strip()]
    return GoldenRecord(
        survivor_id=survivor,
        fields=fields,
        attributes=attributes,
        roles=_union([r.roles for r in ordered]),
        tags=_union([r.tags for r in ordered]),
        notes="\n\n".join(dict.fromkeys(notes)) or None,
        do_not_contact=any(r.do_not_contact for r in records),
        consent_updated_at=consent_at,
        points={t: _kept_points(t, records, survivor, (primaries or {}).get(t), settings.primary_rule(t))
                for t in POINT_TYPES},
    )
