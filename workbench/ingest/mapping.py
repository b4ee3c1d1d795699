"""Which canonical field each column holds: from its heading (synonyms in resources/), else its values.

A target is a canonical field name, optionally with a kind ("phone:work", "street:shipping",
"email:home"), or "attribute:<name>" for a column kept as a custom attribute, or None for a
column deliberately ignored. Nothing is dropped unless the user says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from workbench.errors import WorkbenchError
from workbench.ingest import mapping_rules
from workbench.ingest.consent_columns import are_subscriber_states, says_consent, unnamed_subscription_column
from workbench.ingest.evidence import (
    contradicts,
    holds_whole_addresses,
    technical,
)
from workbench.ingest.evidence import whole_addresses as evidence_whole_addresses
from workbench.ingest.heading_hints import dated_event, says_id, says_someone_else
from workbench.ingest.heading_vocab import MONEY, SOMEONE_RESPONSIBLE, STATES_OF_THINGS
from workbench.ingest.heading_words import (
    ENTITIES,
    QUALIFIERS,
    WHOLE,
    WORDS,
    match_heading,
    normalize_heading,
    says_money,
    with_kind,
)
from workbench.ingest.mapping_rules import attribute_name
from workbench.ingest.targets import target_label
from workbench.standardize.address_cell import place_parts
from workbench.standardize.contacts import calling_code_region
from workbench.standardize.countries import country_code
from workbench.standardize.names import is_given_name, looks_like_company, salutations
from workbench.standardize.record import (
    ADDRESS_KINDS,
    ADDRESS_PARTS,
    CANONICAL_FIELDS,
    EMAIL_KINDS,
    PHONE_KINDS,
)
from workbench.standardize.values import (
    is_consent_word,
    parse_datetime,
    parse_epoch,
    parse_month_day,
    parse_period_start,
    parse_yes_no,
)
from workbench.text import fold

if TYPE_CHECKING:
    from workbench.ingest.profiles import Recognition

Mapping = dict[str, str | None]
# How a column's target was found → how sure the proposal is. "low" columns are shown first.
CONFIDENCE = {"profile": "high", "given": "high", "saved": "high", "file": "high", WHOLE: "high",
              WORDS: "medium", "values": "medium", "technical": "medium", "kept": "low", "doubt": "low"}

_AREA_CODE = re.compile(r"^\s*\(?\d{2,5}\)?\s*$")
_EMAIL_VALUE = re.compile(r"^\s*<?[^@\s<>,;]+@[^@\s<>,;]+\.[A-Za-z]{2,}>?\s*$")
_PHONE_VALUE = re.compile(r"^\s*'?(\+|00|\()?[\d][\d\s()./\-]{5,24}$")
UNSUBSCRIBED_FILE = re.compile(r"unsubscrib|opt[\s_-]?out|abgemeldet|desinscri|afgemeld|disiscritt|bajas?\b")
BOUNCED_FILE = re.compile(r"cleaned|bounced?s?\b")


def _share(values: Sequence[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


# The codes of the states, provinces and cantons written as two letters in addresses (the US, Canada,
# Australia, Switzerland): a column of them is a region column, however short its heading ("ST", "Kt.").
_REGION_CODES = {
    "US": "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
          "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR",
    "CA": "AB BC MB NB NL NS NT NU ON PE QC SK YT",
    "AU": "NSW VIC QLD WA SA TAS ACT NT",
    "CH": "AG AI AR BE BL BS FR GE GL GR JU LU NE NW OW SG SH SO SZ TG TI UR VD VS ZG ZH",
}
_REGION_SETS = {country: frozenset(codes.split()) for country, codes in _REGION_CODES.items()}


def region_codes(values: Sequence[str]) -> bool:
    """Are (nearly) all values the region codes of one country, and not all the same one or two letters
    a word could be (a column of "CO" alone is a state; a column of "Y"/"N" is not)?"""
    codes = [v.strip() for v in values if v and v.strip()]
    if len(codes) < 2 or any(len(c) not in (2, 3) or not c.isupper() for c in codes):
        return False
    return any(_share(codes, lambda c, known=known: c in known) >= 0.9 for known in _REGION_SETS.values())


def target_for_values(values: Sequence[str]) -> str | None:
    """A column of e-mail addresses is an e-mail column, whatever its heading says."""
    values = [v for v in values if v]
    if len(values) < 2:
        return None
    if _share(values, _EMAIL_VALUE.match) >= 0.8:
        return "email"
    if region_codes(values):
        return "region"

    if _share(values, lambda v: v.replace(" ", "").rstrip().endswith("000")) >= 0.5:
        return None  # 63700000, 2400000, 88500000: round amounts of money, not phone numbers
    if _share(values, _phone_like) >= 0.8 and len({len(v) for v in values}) > 1 or \
            _share(values, lambda v: _phone_like(v) and v.lstrip("'").startswith(("+", "00", "0"))) >= 0.8 or \
            _share(values, lambda v: bool(_NORTH_AMERICAN_PHONE.match(v))) >= 0.8:
        return "phone"
    return None


def _phone_like(value: str) -> bool:
    digits = sum(c.isdigit() for c in value)
    # thirteen digits and more, written without a space or a +: a tax or identity number (Thailand's 0105561234567)
    return bool(_PHONE_VALUE.match(value)) and 7 <= digits <= 15 and not _looks_like_date(value) \
        and not _IP_ADDRESS.match(value) and not (value.isdigit() and digits >= 13)


def _kind_alone(heading: str, values: Sequence[str], by_values: str | None) -> str | None:
    """"Home", "Work", "Other" over phone numbers or e-mail addresses (an address book's columns):
    that kind of phone or e-mail, even from one value."""
    words = normalize_heading(heading).split()
    kind = QUALIFIERS.get(words[0]) if len(words) == 1 else None
    if kind not in ("home", "work", "other", "fax"):
        return by_values
    filled = [v for v in values if v]
    if by_values is None and filled and all(_EMAIL_VALUE.match(v) for v in filled):
        by_values = "email"
    elif by_values is None and filled and all(_phone_like(v) for v in filled):
        by_values = "phone"
    return with_kind(by_values, kind) if by_values in ("phone", "email") else by_values


# "(206) 555-0110", "206.555.0134", "206-555-0110 x12": how North American phone numbers are written.
_NORTH_AMERICAN_PHONE = re.compile(r"^\s*(?:\+?1[\s.\-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.\-])\d{3}[\s.\-]\d{4}"
                                   r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?\s*$", re.IGNORECASE)


_DATE_SHAPE = re.compile(r"^\s*\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_IP_ADDRESS = re.compile(r"^\s*(?:\d{1,3}\.){3}\d{1,3}\s*$|^\s*[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\s*$", re.IGNORECASE)


def _looks_like_date(value: str) -> bool:
    """'04/02/2024' is a date however it starts; '0171 2345678' is not."""
    if _DATE_SHAPE.match(value):
        return True
    return parse_datetime(value) is not None and not value.lstrip().startswith(("+", "0"))


_ZERO_DATE = re.compile(r"^[0/.\-\s:]+$")


def plausible(target: str, values: Sequence[str]) -> bool:
    """Do the values fit what the heading promised? A 'Status' column of lead stages is no consent."""
    values = [v for v in values if v]
    if not values:
        return True
    name, _, kind = target.partition(":")
    by_values = target_for_values(values)
    if by_values == "email" and name != "email" or by_values == "phone" and name in (
            "first_name", "last_name", "full_name", "company", "city", "email"):
        return False
    if name in ("first_name", "last_name", "full_name", "middle_name", "company") and \
            _share(values, lambda v: "@" in v) >= 0.5:
        return False  # "E-mail Display Name": Anna Meier (anna@example.org)
    # Middle names are left out here: a column of initials ("J", "N", "S") reads as yes and no.
    if name in ("first_name", "last_name", "full_name", "company") and \
            _share(values, lambda v: parse_yes_no(v) is not None) >= 0.8:
        return False  # "Privatperson": yes / no, whether the customer is a private person, not a name
    if name in ("phone", "mobile") and _share(values, lambda v: bool(_IP_ADDRESS.match(v))) >= 0.3:
        return False
    if name in ("phone", "mobile") and _share(values, lambda v: parse_yes_no(v) is not None) >= 0.5:
        return False  # "SMS reminder": yes / no, whether to send one, not the number
    if name in ("phone", "mobile") and _share(values, lambda v: v.strip().isdigit() and len(v.strip()) <= 6) >= 0.8:
        return False  # "Contact.number": 10234, a record's number, too short for any phone
    if name in ("phone", "mobile") and _share(values, lambda v: sum(c.isdigit() for c in v) >= 5) < 0.5:
        return False  # "SMS Carrier": Verizon, AT&T; "Aina ya simu": Tecno Camon 20 — a carrier or a device, no number
    if name == "order_count" and _share(values, lambda v: bool(_AMOUNT_VALUE.match(v.strip()))) >= 0.5:
        return False  # "Total payments": 1,245.00, what was paid, not how often
    if name == "birth_date":  # a birthday without a year (MM/DD) is a birthday; 0/0/00 is an empty one
        filled = [v for v in values if not _ZERO_DATE.match(v)]
        return not filled or _share(filled, lambda v: parse_datetime(v) is not None
                                    or parse_month_day(v) is not None) >= 0.5
    if name == "marketing_consent":
        return _share(values, lambda v: is_consent_word(v)) >= 0.5
    if name in ("created_at", "last_order_at"):  # "03/2019" or "2019" say when, to the month or year
        return _share(values, lambda v: parse_datetime(v) is not None or parse_period_start(v) is not None
                      or parse_epoch(v) is not None) >= 0.5
    if name == "email":
        return _share(values, lambda v: "@" in v) >= 0.5
    if name == "title":  # "Title" is a salutation in one system and a job title in the next
        return _share(values, is_salutation) >= 0.6
    if name == "job_title" and holds_whole_addresses(values):
        return False  # Azerbaijani "Ünvan" (an address; Turkish: a title): "Bakı, Yasamal r., Şərifzadə küç. 112"
    if name in ("street", "street2", "city", "postcode", "address") and \
            _share(values, lambda v: parse_yes_no(v) is not None) >= 0.8:
        return False  # "_address_default_billing_": 1 / 0, whether an address is the default, not one
    if name == "region" and _share(values, lambda v: v.strip().lower() in STATES_OF_THINGS) >= 0.5:
        return False  # "State": active / cancelled, a subscription's or an account's, not a region
    if name == "postcode":  # every country's postcodes hold digits; "Kod": KOWALSKA_A, a customer's code
        return _share(values, lambda v: any(c.isdigit() for c in v)) >= 0.5 and \
            _share(values, lambda v: " " in v.strip() or len(v.strip()) <= 10) >= 0.5  # "KRA PIN": A003456789K
    if name == "country":  # a heading as short as "CC" must be borne out by its values
        return _share(values, lambda v: country_code(v) is not None) >= 0.6
    return True


# What a column is when its values contradict the heading's first meaning ("Title": Sales Manager).
SECOND_MEANING = {"title": "job_title", "order_count": "total_spent", "job_title": "address"}
_AMOUNT_VALUE = re.compile(r"^[€$£]?\s?-?\d{1,3}(?:[,.' ]?\d{3})*[.,]\d{2}(?:\s?[€$£]|\s?[A-Z]{3})?$")
_TITLE_WORDS = {"title", "titel", "titre", "titulo", "titolo", "tytul"}
_DIGIT_POSTCODE = re.compile(r"^\d{2,3}[- ]?\d{2,3}$|^\d{4,6}$")


def is_salutation(value: str) -> bool:
    """'Mr', 'Frau Dr.', 'Mme', 'Sig.ra' — a form of address, not a position."""
    words = re.findall(r"[a-z]+", fold(value))
    return bool(words) and len(words) <= 3 and all(w in salutations() for w in words)


def confidence_of(origin: str) -> str:
    return CONFIDENCE.get(origin, "low")


def propose_mapping(columns: Sequence[str], samples: dict[str, list[str]],
                    recognised: Recognition | None = None) -> tuple[Mapping, dict[str, str], dict[str, str]]:
    """A target per column, how it was found (profile, heading, words, values, kept, doubt) and,
    for columns whose values contradict their heading, why they were kept aside instead."""
    mapping: Mapping = {}
    origin: dict[str, str] = {}
    notes: dict[str, str] = {}
    headings = mapping_rules.continued_headings(columns)
    mailing_list = bool(columns) and target_for_values(samples.get(columns[0], [])) == "email"
    for column in columns:
        values = samples.get(column, [])
        if recognised is not None and column in recognised.targets:
            mapping[column], origin[column] = recognised.targets[column], "profile"
            continue
        heading = headings[column]
        target, how = match_heading(heading)
        if target is None and (reason := technical(values)) is not None:
            if mapping_rules.record_uuid(heading, values):  # "UUID", "Contact GUID": the record's own key in its system
                mapping[column], origin[column] = "external_id", WORDS
                continue
            mapping[column], origin[column], notes[column] = None, "technical", reason  # IP addresses, time zones
            continue
        filled = [v for v in values if v]
        place = (target or "").partition(":")[0]
        if place in ("region", "country") and are_subscriber_states(filled, mailing_list):
            # "Estado", "Stav": Activo / Baja, a subscriber's state, not a region; "Stato" (Italian: also the
            # country): Iscritto / Disiscritto — but "Pays by DD?" (French "pays"): Y / N, and an account's
            # "Estado": Activo / Inactivo, are no subscription
            target = "marketing_consent"
        if target is not None and target.startswith("marketing_consent") and not says_consent(heading, values):
            notes[column] = f"the values do not look like {target_label(target).lower()}"
            target = None  # "Status": active / canceled of an account, not a subscription
        if target == "full_name" and _share([v for v in values if v], looks_like_company) >= 0.6:
            target = "company"  # "Client" of an agency: firms (Ltd, GmbH, Pty Ltd), not people
        if place == "postcode" and normalize_heading(heading) in mapping_rules.CODE_HEADINGS and \
                not all(_DIGIT_POSTCODE.match(v.strip()) for v in filled):
            target = "external_id"  # "Kód": ODB0012, a customer's code; "Kod": 00-950, a Polish postcode
        if target is not None and target.partition(":")[0] == "street" and holds_whole_addresses(values):
            target = "address" + target[len("street"):]  # "Address" holding whole addresses
        if (target or "").partition(":")[0] == "country" and filled and \
                all(v.strip().startswith(("+", "00")) and calling_code_region(v) for v in filled):
            target = "phone:code"  # "Country code", "رمز الدولة": +966, +965, the calling code of the row's numbers
        if target == "phone:code" and not all(calling_code_region(v) for v in values if v):
            target = None  # "Phone Code" holding something else than +65, 0049, 44 …
        if target == "phone:area" and not all(_AREA_CODE.match(v) for v in values if v):
            target = None  # "Area Code" holding something else than 212, 030, (089)
        if target in ("phone:code", "phone:area"):
            mapping[column], origin[column] = target, how or WHOLE
            continue
        if target is not None:
            problem = contradiction(target, values)
            if problem is None:
                mapping[column], origin[column] = target, how or WHOLE
                continue
            second = SECOND_MEANING.get(target)
            if second is not None and contradiction(second, values) is None and \
                    (second != "job_title" or set(normalize_heading(heading).split()) & _TITLE_WORDS):
                # a "Salutation" is no position; a count of payments in money is what was paid
                mapping[column], origin[column] = second, WORDS
                continue
            notes[column] = problem
        by_values = _kind_alone(heading, values, target_for_values(values))
        if by_values == "region" and set(normalize_heading(heading).split()) & _KINDS_OF_THINGS:
            by_values = None  # "Donor Type": IN / CO, individual or company, not Indiana or Colorado
        if (by_values or "").startswith("phone") and (says_id(heading) or contradicts("phone", values)
                                                      or set(normalize_heading(heading).split()) & MONEY
                                                      or says_money(heading)):
            by_values = None  # "Buyer User ID": numbers of something, not phone numbers
        if by_values is not None and says_someone_else(heading):
            by_values = None  # "Contact Owner": the e-mail of whoever looks after the customer
        if by_values in ("email", "phone") and _responsible(heading):
            by_values += ":other"  # "Parent Email": a pupil's parent's, one more way to reach the family
        elif by_values in ("email", "phone") and (kind := _said_kind(heading)) is not None:
            by_values += f":{kind}"  # "Contacto alternativo": numbers, and another one
        if by_values is None and (event := dated_event(heading)) is not None and \
                _share([v for v in values if v], lambda v: parse_datetime(v) is not None) >= 0.8:
            by_values = event  # "Last Groom" holding dates: the last visit of a dog groomer's customer
        if by_values is None and target is None and unnamed_subscription_column(heading, filled):
            by_values = "marketing_consent"  # "Abonnementstatus": abonniert / abgemeldet, a subscriber's state
        if by_values is not None:
            mapping[column], origin[column] = by_values, "values"
            continue
        mapping[column] = f"attribute:{attribute_name(column)}"
        origin[column] = "doubt" if column in notes else "kept"
    _unnamed_by_values(list(columns), mapping, origin, samples)
    _surname_alone(mapping, origin, samples)
    _company_and_contact(mapping, origin, samples)
    _given_name_beside_surname(mapping, origin, samples)
    _one_history(list(columns), mapping, origin)
    _owner_beside_customer(list(columns), mapping, origin)
    mapping_rules.house_numbers(list(columns), mapping, origin, samples)  # "Number" beside a street first: no id
    mapping_rules.one_customer_id(list(columns), mapping, origin, samples)
    _numbered_people(list(columns), mapping, origin)
    _guardian_alone(list(columns), mapping, origin)
    mapping_rules.apply(list(columns), mapping, origin, samples)
    return mapping, origin, notes


def _unnamed_by_values(columns: list[str], mapping: Mapping, origin: dict[str, str],
                       samples: dict[str, list[str]]) -> None:
    """A column whose heading names nothing ("Who", "Home base") in a file that has no name or no
    address column: people's names or whole addresses in its values make it that column, and
    postcodes with their places ("1000 Ljubljana") beside a street its town."""
    def taken(*names: str) -> bool:
        return any((t or "").partition(":")[0] in names for t in mapping.values())

    for column in columns:
        if origin.get(column) != "kept" or says_someone_else(column):
            continue  # "Salesperson": a name, but not the customer's
        values = [v for v in samples.get(column, []) if v]
        if len(values) < 2:
            continue
        if not taken("full_name", "first_name", "last_name") and _share(values, _name_shaped) >= 0.8 and \
                _share(values, lambda v: is_given_name(_name_words(v)[0])) >= 0.4:
            mapping[column], origin[column] = "full_name", "values"
        elif not taken("address", "street") and evidence_whole_addresses(values[:50]):
            mapping[column], origin[column] = "address", "values"
        elif taken("street") and not taken("city", "postcode", "address") and _share(values, _postcode_and_place) >= 0.8:
            mapping[column], origin[column] = "city", "values"  # "Pošta": 1000 Ljubljana, the postcode split off


def _postcode_and_place(value: str) -> bool:
    """"1000 Ljubljana", "00-950 Warszawa": a postcode and its town, nothing else (no street before them)."""
    found = "," not in value and place_parts(value)
    return bool(found) and value.strip().startswith(found["postcode"])


_NAME_WORDS = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:[\-'’][^\W\d_]+)*\.?$")


def _name_words(value: str) -> list[str]:
    return [w for w in value.replace("&", " ").split() if w.lower() not in ("and", "und", "et", "y", "e", "en")] or [""]


def _name_shaped(value: str) -> bool:
    """'Rebecca Hollister', 'Yoshiko & Ken Ito': two to four words of letters, no firm."""
    words = _name_words(value)
    return 2 <= len(words) <= 4 and all(_NAME_WORDS.match(w) for w in words) and not looks_like_company(value)


_ONE_PER_PERSON = {"first_name", "middle_name", "last_name", "full_name", "title", "suffix", "birth_date", "job_title"}


def _numbered_people(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"FirstName" beside "Person1FirstName" … "Person5FirstName": the numbered ones are other people
    of the same record (Xero's contact persons), kept as custom attributes, not the customer's name;
    their e-mails and phones are the record's other ones. A number alone ("Organization 1 - Title",
    "E-mail 2 Address") is only the first or next of a field."""
    def other_person(column: str) -> bool:
        words = normalize_heading(column).split()
        numbers = [int(w) for w in words if w.isdigit()]
        return bool(numbers) and (bool(set(words) & ENTITIES) or max(numbers) >= 2)

    def numbered_person(column: str) -> bool:
        words = normalize_heading(column).split()
        return any(w.isdigit() for w in words) and bool(set(words) & ENTITIES)

    free = [c for c in columns if origin.get(c) not in ("given", "saved", "profile")]
    for name in _ONE_PER_PERSON:
        holders = [c for c in free if mapping.get(c) == name]
        plain = [c for c in holders if not any(ch.isdigit() for ch in c)]
        if plain and len(holders) > len(plain):
            for column in holders:
                if column not in plain and other_person(column):
                    mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"
    for name in ("email", "phone"):  # a numbered person's mobile stays a mobile
        holders = [c for c in free if (mapping.get(c) or "").partition(":")[0] == name]
        if any(not numbered_person(c) for c in holders):
            for column in holders:
                if numbered_person(column):
                    mapping[column] = "email:other" if name == "email" else "phone:other"
    for name in ("email", "phone"):  # "Email", "Email 2", "Email 3": the first is the customer's, the rest other ones
        plain = [c for c in free if mapping.get(c) == name]
        if len(plain) > 1:
            for column in plain[1:]:
                words = normalize_heading(column).split()
                numbers = [int(w) for w in words if w.isdigit()]
                if numbers and max(numbers) >= 2 or set(words) & _LATER_ORDINALS:
                    mapping[column] = f"{name}:other"
        # "E-post" and "E-post faktura": the one for invoices beside the customer's own is another one
        billing = [c for c in plain if any(QUALIFIERS.get(w) == "billing" for w in normalize_heading(c).split())]
        if billing and len(billing) < len(plain):
            for column in billing:
                mapping[column] = f"{name}:other"


def _guardian_alone(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Parent email" in a file with no e-mail of the customer's own: the family's address, the one to
    write to (a private teacher's list of pupils, kept by their parents), not one more beside it; and
    "Primary Guardian First" / "Last" in a file with no other name: the family account's holder."""
    if not any(t in _NAMES for t in mapping.values()):
        for column in columns:
            if origin.get(column) == "kept" and _responsible(column) and (found := _without_guardian(column)) in _NAMES:
                mapping[column], origin[column] = found, WORDS
    for name, fields in (("email", ("email",)), ("phone", ("phone", "mobile"))):
        own = [c for c in columns if (mapping.get(c) or "").partition(":")[0] in fields]
        guardians = [c for c in own if origin.get(c) not in ("given", "saved", "profile") and mapping.get(c) == f"{name}:other"
                     and _responsible(c)]
        if guardians and len(guardians) == len(own):
            said = _without_guardian(guardians[0])  # "Veli Cep Tel": the guardian's mobile, a mobile
            mapping[guardians[0]] = said if said in fields else name


def _said_kind(heading: str) -> str | None:
    """The kind of phone or e-mail a heading names beside words no vocabulary knows: home, work or another."""
    return next((QUALIFIERS[w] for w in normalize_heading(heading).split() if QUALIFIERS.get(w) in ("home", "work", "other")),
                None)


def _without_guardian(heading: str) -> str | None:
    """What the heading names once its guardian is left out: "Primary Guardian First" → first_name."""
    rest = [w for w in normalize_heading(heading).split() if w not in SOMEONE_RESPONSIBLE]
    return match_heading(" ".join(rest))[0] if rest else None


def _responsible(heading: str) -> bool:
    """"Parent Email", "Målsman 1 mobil", "Cel. Apoderado": a column of a pupil's or member's parent or guardian."""
    return bool(set(normalize_heading(heading).split()) & SOMEONE_RESPONSIBLE)


_KINDS_OF_THINGS = {"type", "kind", "category", "class", "status", "code", "group", "level", "typ", "art", "tipo"}
_LATER_ORDINALS = {"second", "third", "2nd", "3rd", "zweite", "zweites", "dritte", "deuxieme", "segundo", "segunda",
                   "secondo", "seconda", "tweede", "andra", "anden", "andet", "toinen", "drugi", "druga"}
_NAMES = ("full_name", "first_name", "last_name")


def _owner_beside_customer(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Owner Name" is the customer's where the customer is a pet's owner; beside the customer's own
    name columns it is the record owner's (the salesperson's), kept as a custom attribute."""
    owners = [c for c in columns if normalize_heading(c).split()[:1] == ["owner"] and mapping.get(c) in _NAMES
              and origin.get(c) not in ("given", "saved", "profile")]
    if owners and any(mapping.get(c) in _NAMES for c in columns if c not in owners):
        for column in owners:
            mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"


def _one_history(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Order Count" beside "Donation Count", "Last Order Date" beside "Last Donation Date": where a
    heading names the customer's orders outright, columns found from other events' words are those
    events' own, kept as custom attributes."""
    for field in ("order_count", "total_spent", "last_order_at"):
        holders = [c for c in columns if mapping.get(c) == field]
        if len(holders) > 1 and any(origin.get(c) != WORDS for c in holders):
            for column in holders:
                if origin.get(column) == WORDS:
                    mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"


def _given_name_beside_surname(mapping: Mapping, origin: dict[str, str], samples: dict[str, list[str]]) -> None:
    """"Nombre" beside "Apellidos", "name" beside "last_name": where a file has a surname column and no
    given-name column, its one name column of single words is the given name, not the whole name."""
    targets = set(mapping.values())
    if "first_name" in targets or "last_name" not in targets:
        return
    names = [c for c, t in mapping.items() if t == "full_name"]
    if len(names) != 1 or origin.get(names[0]) in ("given", "saved", "profile"):
        return
    values = [v for v in samples.get(names[0], []) if v]
    if values and _share(values, lambda v: len(v.split()) == 1) >= 0.6:
        mapping[names[0]], origin[names[0]] = "first_name", WORDS


def _surname_alone(mapping: Mapping, origin: dict[str, str], samples: dict[str, list[str]]) -> None:
    """Romanian "Nume", French "Nom" (the surname beside a given name) alone in a file with no other name
    column, holding whole names ("Ion Popescu", "SC Alfa SRL"): the whole name, or the firm's."""
    targets = list(mapping.values())
    if targets.count("last_name") != 1 or {"first_name", "full_name", "company"} & set(targets):
        return
    column = next(c for c, t in mapping.items() if t == "last_name")
    values = [v for v in samples.get(column, []) if v]
    if normalize_heading(column) not in ("nume", "nom") or origin.get(column) in ("given", "saved", "profile"):
        return
    if not values or _share(values, lambda v: len(v.split()) >= 2) < 0.6:
        return
    firms = _share(values, looks_like_company) >= 0.6
    mapping[column], origin[column] = "company" if firms else "full_name", WORDS


def _company_and_contact(mapping: Mapping, origin: dict[str, str], samples: dict[str, list[str]]) -> None:
    """Two name columns where one holds firms ("Customer": Jacob Allain et Fils, "Full Name": Jacob
    Allain): the firms are the company, the other the person, never two names of one person."""
    names = [c for c, t in mapping.items() if t == "full_name" and origin.get(c) not in ("given", "saved")]
    if len(names) < 2 or any(t == "company" for t in mapping.values()):
        return
    share = {c: _share([v for v in samples.get(c, []) if v], looks_like_company) for c in names}
    firms = max(names, key=lambda c: share[c])
    if share[firms] > 0 and share[firms] > min(share.values()):
        mapping[firms], origin[firms] = "company", WORDS


def contradiction(target: str, values: Sequence[str]) -> str | None:
    """Why these values cannot be what the target says, in words for people; None when they can."""
    reason = contradicts(target, values)
    if reason is not None:
        return reason
    if plausible(target, values):
        return None
    return f"the values do not look like {target_label(target).lower()}"


def validate_target(target: object, column: str) -> str | None:
    """Check one target of a user's mapping; raises WorkbenchError naming the column."""
    if target is None:
        return None
    if not isinstance(target, str) or not target.strip():
        raise WorkbenchError(f"mapping for column {column!r}: expected a field name or null, got {target!r}")
    name, _, kind = target.strip().partition(":")
    if name == "address":  # a whole address in one cell, split into its parts as it is read
        if kind and kind not in ADDRESS_KINDS:
            raise WorkbenchError(f"mapping for column {column!r}: 'address' has no kind {kind!r} "
                                 f"(kinds: {', '.join(ADDRESS_KINDS)})")
        return f"address:{kind}" if kind else "address"
    if name == "attribute":
        if not kind.strip():
            raise WorkbenchError(f"mapping for column {column!r}: 'attribute:' needs a name")
        return f"attribute:{attribute_name(kind)}"
    if name not in CANONICAL_FIELDS:
        raise WorkbenchError(f"mapping for column {column!r}: unknown field {name!r} "
                             f"(known: {', '.join(CANONICAL_FIELDS)})")
    if kind:
        allowed = (ADDRESS_KINDS if name in ADDRESS_PARTS else EMAIL_KINDS if name == "email"
                   else (*PHONE_KINDS, "code", "area") if name == "phone" else PHONE_KINDS if name == "mobile"
                   else ("inverted", "optin") if name == "marketing_consent"
                   else ("second",) if name == "last_name" else ())
        if kind not in allowed:
            raise WorkbenchError(f"mapping for column {column!r}: {name!r} has no kind {kind!r}"
                                 + (f" (kinds: {', '.join(allowed)})" if allowed else ""))
    return f"{name}:{kind}" if kind else name


def apply_overrides(mapping: Mapping, overrides: dict[str, object], columns: Iterable[str], *,
                    strict: bool) -> Mapping:
    """A saved or given mapping wins over the proposal for the columns it names."""
    result = dict(mapping)
    known = set(columns)
    for column, target in overrides.items():
        if column not in known:
            if strict:
                raise WorkbenchError(f"mapping names column {column!r}, which the file does not have "
                                     f"(columns: {', '.join(known) if len(known) < 30 else len(known)})")
            continue
        result[column] = validate_target(target, column)
    return result


def file_consent(file_name: str) -> str | None:
    """A whole file of unsubscribed (or bounced) people, as e-mail tools export them."""
    name = fold(file_name)
    if UNSUBSCRIBED_FILE.search(name):
        return "unsubscribed"
    if BOUNCED_FILE.search(name):
        return "bounced"
    return None
