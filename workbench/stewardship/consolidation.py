"""When two contact points are the same place, mailbox or number, and which one says more.

A merge keeps one of each: these rules decide what "the same" is, beyond identical text.

E-mail: the same mailbox. Case does not count (every mail provider in use ignores it), and at
Gmail dots in the name part do not either, and googlemail.com is gmail.com: Google documents
both ("dots don't matter in Gmail addresses"). A +tag makes another address: the customer chose
it for one shop, and it is kept as given.

Phone: the same number once read with its country code: "+49 30 1234567", "030 1234567" (read
in Germany, where the customer's addresses are) and "+49 (0)30 123 45 67" are one number. A
number that cannot be read in any of the customer's countries is compared by its digits.

Address: the same place after standardization, whatever the spelling: case, accents, punctuation
and spacing do not count, nor umlauts written out ("Koenigsallee"), nor street-type abbreviations ("Hauptstr." is "Hauptstraße", "St" at
the end of a US street is "Street"), nor "92 a" against "92a". An address that says less (no
street, no house number, no postcode) is absorbed by one that says everything it says and more,
never by one it contradicts: "10115 Berlin" goes into "Hauptstraße 5, 10115 Berlin", not into
"Gartenweg 2, 14467 Potsdam". A country or region only one of them gives is no contradiction.
Two roles of a place (billing and shipping) stay two points: exports ask for them by kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from workbench.standardize.addresses import expand_street, format_postcode
from workbench.standardize.phones import standardize_phone
from workbench.text import digits, fold

GMAIL_DOMAINS = ("gmail.com", "googlemail.com")
# Kinds that name no role: an address of such a kind goes together with one of any kind.
GENERIC_KINDS = {"email": {"other"}, "phone": {"other"}, "address": {"other", "home"}}
# Kinds an address keeps apart: the same place as billing and as shipping address is two points.
ADDRESS_ROLES = {"billing", "shipping", "work"}
_PUNCTUATION = re.compile(r"[.,;:/\\()\[\]\"'’`#]")
_UMLAUT_SPELLING = re.compile(r"(?<=[aou])e")  # "Koenigsallee" is "Königsallee" written without umlauts


@dataclass(frozen=True)
class AddressForm:
    street: str  # the street's name, folded, abbreviations expanded, without spaces
    house: str  # house number, "92a"
    street2: str
    postcode: str
    city: str
    region: str
    country: str

    @property
    def fullness(self) -> int:
        """How much the address says: a street and its number count most."""
        return (4 * bool(self.street) + 2 * bool(self.house) + 2 * bool(self.postcode) + 2 * bool(self.city)
                + bool(self.street2) + bool(self.country) + bool(self.region))


def _words(text: str | None) -> list[str]:
    return _PUNCTUATION.sub(" ", fold(text or "")).split()


def _plain(text: str | None) -> str:
    return " ".join(_words(text))


@lru_cache(maxsize=65536)
def address_form(street: str | None, street2: str | None, postcode: str | None, city: str | None,
                 region: str | None, country: str | None, context_country: str | None = None) -> AddressForm:
    """The parts of an address as compared; `context_country` stands in for a missing country."""
    country = (country or "").upper()
    where = country or (context_country or "").upper() or None
    name: list[str] = []
    house: list[str] = []
    for token in _words(expand_street(street, where) if street else None):
        if any(c.isdigit() for c in token):
            house.append(token)
        elif house and len(token) == 1 and name:  # "92 a": the letter belongs to the number
            house[-1] += token
        else:
            name.extend(token.split("-"))
    code = format_postcode(postcode, where)[0] if postcode else ""
    return AddressForm(_UMLAUT_SPELLING.sub("", "".join(name)), " ".join(house), _plain(street2).replace(" ", ""),
                       (code or "").upper().replace(" ", "").replace("-", ""), _UMLAUT_SPELLING.sub("", _plain(city)),
                       _plain(region), country)


def _same_city(a: AddressForm, b: AddressForm) -> bool:
    if a.city == b.city:
        return True
    # Within one postcode, "Frankfurt" and "Frankfurt am Main" are one city.
    return bool(a.postcode and a.postcode == b.postcode and a.city and b.city
                and a.city.split()[0] == b.city.split()[0])


def _agree(x: str, y: str) -> bool:
    return not x or not y or x == y


def address_contains(a: AddressForm, b: AddressForm) -> bool:
    """Does `a` say everything `b` says, without contradicting it?"""
    if not _agree(a.country, b.country):
        return False
    if a.region and b.region and a.region != b.region and min(len(a.region), len(b.region)) > 3:
        return False
    if b.street and a.street != b.street:
        return False
    if b.house and (a.house != b.house or a.street != b.street):
        return False
    if b.street2 and a.street2 != b.street2:
        return False
    if b.postcode and a.postcode != b.postcode:
        return False
    if b.city and not (a.city and _same_city(a, b)):
        return False
    return bool(b.street or b.postcode or b.city)


def mailbox(address: str) -> str:
    """The mailbox an e-mail address delivers to (see the module's words on what counts)."""
    local, _, domain = address.strip().lower().rpartition("@")
    if domain in GMAIL_DOMAINS:
        return f"{local.replace('.', '')}@gmail.com"
    return f"{local}@{domain}"


@lru_cache(maxsize=65536)
def phone_key(number: str, e164: str | None, regions: tuple[str, ...] = ()) -> tuple[str, bool]:
    """(what makes numbers the same, whether it is the full international number)."""
    if e164:
        return e164, True
    for region in regions:
        value = standardize_phone(number, region)
        if value.e164 and value.is_valid:
            return value.e164, True
    return digits(number) or number.strip(), False


# --------------------------------------------------------------------------- forms of points


@dataclass(frozen=True)
class Form:
    """A contact point as these rules compare it."""

    type: str
    key: Any  # mailbox, phone key, or AddressForm
    fullness: int


def form(point_type: str, parts: dict[str, Any], *, context_country: str | None = None,
         regions: tuple[str, ...] = ()) -> Form:
    """The form of a contact point given by its columns (a row's or a source record's)."""
    if point_type == "email":
        return Form("email", mailbox(parts.get("normalized") or parts.get("address") or ""), 1)
    if point_type == "phone":
        key, full = phone_key(parts.get("number") or "", parts.get("e164"), regions)
        return Form("phone", key, 2 if full else 1)
    shape = address_form(parts.get("street"), parts.get("street2"), parts.get("postcode"), parts.get("city"),
                         parts.get("region"), parts.get("country"), context_country)
    return Form("address", shape, shape.fullness)


def says_all_of(a: Form, b: Form) -> bool:
    """Does point form `a` say everything `b` says (the same point, or `b` a lesser form of it)?"""
    if a.type == "address":
        return address_contains(a.key, b.key)
    return a.key == b.key


def kinds_go_together(point_type: str, a: str, b: str) -> bool:
    if point_type != "address" or a == b:
        return True
    return not (a in ADDRESS_ROLES and b in ADDRESS_ROLES)


def context(points: Iterable[Any]) -> tuple[str | None, tuple[str, ...]]:
    """The country to assume for an address without one, and the regions to read numbers in:
    the countries of the customer's addresses, the most frequent first."""
    counts: dict[str, int] = {}
    for point in points:
        country = (point.parts.get("country") or "").upper() if point.type == "address" else ""
        if country:
            counts[country] = counts.get(country, 0) + 1
        if point.type == "phone" and point.parts.get("e164"):
            region = _region_of(point.parts["e164"])
            if region:
                counts.setdefault(region, 0)
    regions = tuple(sorted(counts, key=lambda c: (-counts[c], c)))
    return (regions[0] if regions else None), regions


@lru_cache(maxsize=4096)
def _region_of(e164: str) -> str | None:
    import phonenumbers

    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None


# --------------------------------------------------------------------------- grouping


@dataclass
class Group:
    """Contact points that are one: the first says the most and stands for the others."""

    type: str
    members: list[Any]  # PointData, the representative first
    forms: list[Form] = field(default_factory=list)
    kind: str = "other"  # the most telling kind among the members

    @property
    def representative(self) -> Any:
        return self.members[0]

    @property
    def ids(self) -> set[int]:
        return {m.id for m in self.members}


def group_points(point_type: str, points: Sequence[Any], rank: Callable[[Any], Any],
                 form_of: Callable[[Any], Form]) -> list[Group]:
    """Points that are the same (or lesser forms of one another) taken together.

    `rank` orders points of equal fullness (the better first); each point joins the first
    group, fullest first, whose representative says all it says and whose kinds go with its
    own. Taking the groups' representatives together again gives the same groups: a merged
    customer has one of each.
    """
    forms = {id(p): form_of(p) for p in points}
    ordered = sorted(points, key=lambda p: (-forms[id(p)].fullness, rank(p)))
    groups: list[Group] = []
    generic = GENERIC_KINDS[point_type]
    for point in ordered:
        own = forms[id(point)]
        for group in groups:
            if not says_all_of(group.forms[0], own):
                continue
            if not kinds_go_together(point_type, group.kind, point.kind):
                continue
            group.members.append(point)
            group.forms.append(own)
            if group.kind in generic and point.kind not in generic:
                group.kind = point.kind
            break
        else:
            groups.append(Group(point_type, [point], [own], point.kind))
    for group in groups:
        # Among members that say as much as the first, the best ranked stands for the group.
        best = min((m for m, f in zip(group.members, group.forms, strict=True)
                    if says_all_of(f, group.forms[0])), key=lambda m: (m.kind in generic, rank(m)))
        if best is not group.members[0]:
            index = group.members.index(best)
            group.members.insert(0, group.members.pop(index))
            group.forms.insert(0, group.forms.pop(index))
    return groups
