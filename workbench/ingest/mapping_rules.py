"""Rules that look at the columns of a file together, beyond each heading alone.

A heading read alone can be right and still wrong in its file: "Address First Name" names a first
name, but beside "First Name" it is the name on an address (a recipient), not the customer's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.ingest.evidence import HASH, POSTCODE, UUID, classify, value_class
from workbench.ingest.heading_checks import with_kind
from workbench.ingest.heading_vocab import ADDRESS_ENDINGS, CARD_WORDS
from workbench.ingest.heading_words import (
    ENTITIES,
    FILLER,
    ID_WORDS,
    QUALIFIERS,
    WORDS,
    match_heading,
    normalize_heading,
    synonyms,
)
from workbench.standardize.names import looks_like_company

Mapping = dict[str, str | None]

_FIXED = ("given", "saved", "profile")
_NAMES = ("first_name", "last_name", "full_name")
# Words that put a name on an address or a payment rather than on the customer.
_ADDRESS_WORDS = {"address", "adresse", "adres", "anschrift", "direccion", "indirizzo", "endereco", "morada", "lakcim", "cim",
                  "adresa", "adrese", "adresas", "aadress", "adress", "adresi", "osoite", "heimilisfang", "dia", "chi",
                  "адрес", "адреса", "адреса доставки", "alamat", "domicilio", "anwani", "naslov", "住所", "주소", "地址",
                  "כתובת", "διευθυνση", "ঠিকানা", "հասցե", "manzil", "мекенжай", "хаяг", "ünvan", "unvan", "पता", "townland",
                  "card", "cardholder", "karte", "carte", "tarjeta", "carta"} | {normalize_heading("ที่อยู่"), normalize_heading("العنوان")}  # Thai, Arabic


def record_uuid(heading: str, values: Sequence[str]) -> bool:
    """A column of UUIDs named only as such ("UUID", "Contact UUID"), not a session's or a device's."""
    words = set(normalize_heading(heading).split())
    return bool(words & {"uuid", "guid"}) and words <= {"uuid", "guid", "id"} | ENTITIES | FILLER and \
        classify(values).share(UUID) >= 0.8


_PLURAL_MARK = re.compile(r"(?<=[a-z])\((?:s|es|e|en|n|nen|innen)\)", re.IGNORECASE)  # "Bike(s)", "Kunde(n)"


def attribute_name(heading: str) -> str:
    """A custom column's attribute key: 'Lieblings-Farbe' → 'lieblings_farbe', 'Bike(s)' → 'bikes'."""
    return "_".join(normalize_heading(_PLURAL_MARK.sub(lambda m: m.group(0)[1:-1], heading)).split())[:100] or "column"


def _words(column: str) -> set[str]:
    return set(normalize_heading(column).split())


_CONTINUED = re.compile(r"^\s*[-–]\s*(?=\S)")
_BLOCK = re.compile(r"^(.*\S)\s+[-–]\s+\S")


def _table_prefix(columns: Sequence[str]) -> str | None:
    """The prefix a database table gives every column ("OXFNAME", "OXCITY": OXID's "OX"), when at
    least four columns in five share it and it is two to four letters; None otherwise."""
    names = [c.strip() for c in columns if len(c.strip()) > 4]
    if len(names) < 5:
        return None
    for size in (4, 3, 2):
        counts: dict[str, int] = {}
        for name in names:
            counts[name[:size].lower()] = counts.get(name[:size].lower(), 0) + 1
        prefix, count = max(counts.items(), key=lambda item: item[1])
        if prefix.isalpha() and count >= 0.8 * len(names):
            return prefix
    return None


def continued_headings(columns: Sequence[str]) -> dict[str, str]:
    """Each column's heading as it is meant: an accounting export's "- City" after "Addr 1 - Line 1"
    is the city of that block, "- Line 2" its second line ("Addr 1 - Line 2"); a table's "OXCITY"
    its "CITY"; other headings stand as they are."""
    out: dict[str, str] = {}
    prefix = _table_prefix(columns)
    block: str | None = None
    for column in columns:
        if _CONTINUED.match(column) and block is not None:
            part = _CONTINUED.sub("", column)
            out[column] = part if match_heading(part)[0] is not None else f"{block} - {part}"
            continue
        out[column] = column
        if prefix and column.strip().lower().startswith(prefix) and match_heading(column)[0] is None and \
                match_heading(rest := column.strip()[len(prefix):].lstrip("_-. "))[0] is not None:
            out[column] = rest
        found = _BLOCK.match(column)
        block = found.group(1) if found else None
    return out


_HOUSE_NUMBER = {"number", "no", "nr", "nummer", "huisnummer", "hausnummer", "hausnr", "numero", "num",
                 "house number", "housenumber", "huisnr", "n civico", "civico", "numero civico", "n", "num civico",
                 "numero de calle", "no de rue", "num ext", "no ext", "n ext", "numero exterior", "num exterior",
                 "no exterior", "nr domu", "numer domu", "street number", "street no", "street nr", "building number",
                 "building no", "numer budynku", "nr budynku", "numero de porta", "house no",
                 normalize_heading("رقم المبنى")}  # Saudi Arabia's national address: the building's number
# What follows the number: "Toevoeging", "Zusatz", Mexico's "Núm. Int." (the flat inside the building)
_ADDITION = {"extension", "addition", "toevoeging", "zusatz", "huisnummertoevoeging", "suffix", "bus", "num int",
             "no int", "n int", "numero interior", "num interior", "no interior", "interior", "nr lokalu", "nr mieszkania",
             "boite", "bte", "numer lokalu", "numer mieszkania", "nr lok", "apartment number", "flat number",
             "unit number", "apt number"}
_ADDRESS_LEADS = {"address", "adresse", "adres", "adresa", "direccion", "indirizzo", "endereco"}
_PAPERS = {"invoice", "rechnung", "facture", "factura", "fattura", "factuur", "order", "bestellung", "commande",
           "pedido", "ordine", "bestelling", "receipt", "ticket"}


def house_numbers(columns: list[str], mapping: Mapping, origin: dict[str, str],
                  samples: dict[str, list[str]] | None = None) -> None:
    """A number beside a street column is its house number ("Streetname", "Number", "Extension"),
    unless the street's cells hold their numbers already ("Street Address", then the "Street Number"
    parsed out of it: the same number twice)."""
    for index in range(1, len(columns)):
        column = columns[index]
        if origin.get(column) in _FIXED:
            continue
        heading = normalize_heading(column).split()
        if set(heading) & _PAPERS:
            continue  # "Invoice Number" after the billing street: the invoice's number
        words = [w for w in heading if w not in QUALIFIERS]
        if len(words) > 2 and words[0] in _ADDRESS_LEADS and words[1].isdigit():
            words = words[2:]  # "Adresse 2 Hausnummer" after "Adresse 2 Straße": that address's number
        elif len(words) > 1 and words[0] in _ADDRESS_LEADS and " ".join(words[1:]) in _HOUSE_NUMBER:
            words = words[1:]  # "BillingAddressNo" after "BillingAddress": the billing street's number
        text = " ".join(words)
        previous = mapping.get(columns[index - 1]) or ""
        name, _, kind = previous.partition(":")
        if name not in ("street", "street2"):
            continue
        if text in _HOUSE_NUMBER:
            if samples is not None and _numbered(samples.get(columns[index - 1], [])):
                continue
            mapping[column], origin[column] = f"street:{kind}" if kind else "street", WORDS
        elif text in _ADDITION:
            mapping[column], origin[column] = f"street2:{kind}" if kind else "street2", WORDS


def _numbered(values: list[str]) -> bool:
    """Whether most street cells carry a house number already."""
    found = [v for v in values if v and v.strip()]
    return len(found) >= 2 and sum(any(c.isdigit() for c in v) for v in found) >= 0.6 * len(found)


def _names_on_addresses(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Address First Name", "Billing Name" beside the customer's own "First Name": the name an
    address or a payment was made out to, kept as a custom attribute, not a second customer name."""
    def on_address(column: str) -> bool:
        words = _words(column)
        return bool(words & _ADDRESS_WORDS) or any(QUALIFIERS.get(w) in ("billing", "shipping") for w in words)

    own = {mapping.get(c) for c in columns if mapping.get(c) in _NAMES and not on_address(c)}
    for name in _NAMES:  # "Bill to Contact First Name" beside a firm's "Customer Name" stays: the person's name
        named = [c for c in columns if mapping.get(c) == name and origin.get(c) not in _FIXED]
        whole_given = name == "full_name" and {"first_name", "last_name"} <= own  # "Billing Name" beside both
        if name not in own and not whole_given:
            continue
        for column in named:
            if on_address(column):
                mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"


def _surname_beside_given_name(columns: list[str], mapping: Mapping, origin: dict[str, str],
                               samples: dict[str, list[str]]) -> None:
    """"Vorname" beside "Name", "Prénom" beside "Nom": where a file has a given-name column and no surname
    column, its one whole-name column of single words is the surname (the German and French habit)."""
    targets = set(mapping.values())
    if "first_name" not in targets or "last_name" in targets:
        return
    names = [c for c in columns if mapping.get(c) == "full_name"]
    if len(names) != 1 or origin.get(names[0]) in _FIXED:
        return
    values = [v for v in samples.get(names[0], []) if v]
    if len(values) >= 2 and sum(_one_surname(v) for v in values) >= 0.8 * len(values):
        mapping[names[0]], origin[names[0]] = "last_name", "words"


# The small words of surnames ("Van den Bossche", "El Amrani", "de la Cruz"): one surname, not two names.
_PARTICLES = {"van", "von", "vom", "der", "den", "de", "del", "della", "di", "da", "das", "dos", "du", "des", "la",
              "le", "el", "al", "ten", "ter", "te", "het", "op", "mac", "mc", "st", "saint", "san", "y", "e"}


def _one_surname(value: str) -> bool:
    words = value.split()
    return len([w for w in words if w.lower() not in _PARTICLES]) == 1


_NAME_WORDS = {"name", "names", "fullname", "nom", "nombre", "nome", "naam", "namn", "navn", "imie", "nazwisko",
               "vorname", "nachname"}


def _one_whole_name(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Name" beside "Person" (a board's assignee), "Buyer" (a user name): of two whole-name columns,
    the one whose heading says name is the customer's; one that names a role without saying name is
    someone's handle or another person, kept as a custom attribute."""
    holders = [c for c in columns if mapping.get(c) == "full_name" and origin.get(c) not in _FIXED]
    named = [c for c in holders if _words(c) & _NAME_WORDS]
    if len(named) != 1 or len(holders) < 2:
        return
    for column in holders:
        if column not in named:
            mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"


def _kind(target: str | None) -> str:
    return (target or "").partition(":")[2] or "home"


def _whole_address_alone(columns: list[str], mapping: Mapping, origin: dict[str, str],
                         samples: dict[str, list[str]]) -> None:
    """"Billing Address", "address (home)" in a file with no town or postcode of that address: a whole
    address in one cell ("6146 Honey Bluff Parkway Calder Michigan 49628-7978"), split as it is read,
    when its cells are longer than a street line."""
    for column in columns:
        target = mapping.get(column) or ""
        if target.partition(":")[0] != "street" or origin.get(column) in _FIXED:
            continue
        words = [w for w in normalize_heading(column).split() if w not in QUALIFIERS]
        if len(words) == 1 and not words[0].isascii():
            words = [words[0].rstrip("0123456789") or words[0]]  # "주소1": the Korean address's first line
        if not words or not set(words) <= _ADDRESS_WORDS | {"full", "complete", "whole"}:
            continue  # "Address 1", "Street Address": a street line
        kind = _kind(target)
        parts = {(t or "").partition(":")[0] for t in mapping.values() if _kind(t) == kind}
        values = [v.replace("،", ",") for v in samples.get(column, []) if v]  # the Arabic comma is a comma
        if "city" in parts or not values:
            continue
        if "postcode" in parts:  # "14 Lower Dominick St, Galway" beside an Eircode: the town is in the cell;
            # in Thai or Arabic the district, town and province follow the street, with no commas
            whole = sum(_ends_in_a_place(v) or _other_script(v) and len(v.split()) >= 4
                        for v in values) >= 0.6 * len(values)
        else:  # "서울특별시 마포구 월드컵로12길 34": a Korean address, its city and district before the street
            whole = sum("," in v or len(v.split()) >= 5 or _other_script(v) and len(v.split()) >= 4
                        for v in values) >= 0.6 * len(values)
        if whole:
            mapping[column] = "address" + target[len("street"):]


def _other_script(value: str) -> bool:
    """Written mostly in letters beyond the Latin alphabets (Thai, Arabic, Cyrillic …)."""
    letters = [c for c in value if c.isalpha()]
    return bool(letters) and sum(ord(c) > 0x24F for c in letters) >= 0.5 * len(letters)


_FLAT_WORDS = {"apt", "apartment", "unit", "suite", "flat", "floor", "fl", "ste", "bldg", "building", "room", "po", "box"}


def _ends_in_a_place(value: str) -> bool:
    """'Main St, Ennistymon, Co. Clare': after the last comma a place's name, no flat or house number."""
    head, comma, tail = value.rpartition(",")
    words = tail.replace(".", " ").split()
    return bool(comma and head.strip() and words) and all(w.isalpha() for w in words) \
        and not {w.lower() for w in words} & _FLAT_WORDS


def _whole_name_under_given_name_heading(columns: list[str], mapping: Mapping, origin: dict[str, str],
                                         samples: dict[str, list[str]]) -> None:
    """"Nome" (Italian: the given name; Portuguese: the name) in a file with no surname column, its cells
    "Fernanda Costa", "Padaria Pão Dourado Ltda": the whole name, not a given name."""
    targets = set(mapping.values())
    if "last_name" in targets:
        return
    given = [c for c in columns if mapping.get(c) == "first_name" and origin.get(c) not in _FIXED]
    if len(given) != 1:
        return
    values = [v for v in samples.get(given[0], []) if v]
    if len(values) >= 2 and sum(len(v.split()) >= 2 for v in values) >= 0.8 * len(values):
        if "full_name" not in targets:
            mapping[given[0]], origin[given[0]] = "full_name", "values"
        elif "company" not in targets and any(looks_like_company(v) for v in values):
            # beside a contact person's name ("Pessoa de contacto"): the customers' names, firms among them
            mapping[given[0]], origin[given[0]] = "company", "values"


def _nickname_beside_both_names(columns: list[str], mapping: Mapping, origin: dict[str, str],
                                samples: dict[str, list[str]]) -> None:
    """"Preferred Name" beside "First Name" and "Last Name", its cells single words ("Kate", "Mo"): a
    nickname, kept as a custom attribute, not the customer's whole name."""
    targets = set(mapping.values())
    if not {"first_name", "last_name"} <= targets:
        return
    for column in columns:
        if mapping.get(column) != "full_name" or origin.get(column) in _FIXED:
            continue
        values = [v for v in samples.get(column, []) if v]
        if len(values) >= 2 and sum(len(v.split()) == 1 for v in values) >= 0.8 * len(values):
            mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"


_PLACE_PARTS = ("street", "street2", "city", "region", "postcode", "country")


def _one_address_block(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"billingaddress1", "billingaddress2", "city", "state", "postalcode", "country": the parts that
    follow a kind's address lines without a kind of their own, each part once, are that address's."""
    block_kind: str | None = None
    seen: set[str] = set()
    for column in columns:
        name, _, kind = (mapping.get(column) or "").partition(":")
        if name not in _PLACE_PARTS:
            block_kind, seen = None, set()
            continue
        if kind:
            block_kind = kind if not seen or block_kind == kind else None
            seen.add(name)
        elif block_kind is not None and name not in seen and origin.get(column) not in _FIXED:
            mapping[column] = f"{name}:{block_kind}"
            seen.add(name)
        else:
            block_kind = None


def _postcode_line(columns: list[str], mapping: Mapping, origin: dict[str, str], samples: dict[str, list[str]]) -> None:
    """Sage's "Address Line 1" … "Address Line 5": a later line whose cells are postcodes, in a file with no
    postcode column of that address, is its postcode, not more of the street."""
    for column in columns:
        name, _, kind = (mapping.get(column) or "").partition(":")
        values = [v for v in samples.get(column, []) if v and v.strip()]
        line = [int(w) for w in normalize_heading(column).split() if w.isdigit()]
        if name not in ("street", "street2") or not line or line[-1] < 3 or origin.get(column) in _FIXED \
                or len(values) < 2 or any(mapping.get(c) == with_kind("postcode", kind or None) for c in columns):
            continue
        if sum(value_class(v) == POSTCODE for v in values) >= 0.8 * len(values):
            mapping[column] = with_kind("postcode", kind or None)


def _named_second_address(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Postadres", "Postcode postadres", "Plaats postadres" after "Adres", "Postcode", "Plaats": an
    address named by a compound word (postal, visiting) beside the plain one is a second address,
    kept apart as another address rather than two streets and two postcodes of one; alone it is the
    customer's address."""
    named: dict[str, list[str]] = {}
    for column in columns:
        words = normalize_heading(column).split()
        name, _, kind = (mapping.get(column) or "").partition(":")
        if words and words[-1].endswith(ADDRESS_ENDINGS) and words[-1] not in ADDRESS_ENDINGS and \
                name in _PLACE_PARTS and not kind and origin.get(column) not in _FIXED:
            named.setdefault(words[-1], []).append(column)
    for block in named.values():
        parts = {mapping[c] for c in block}
        if any(mapping.get(other) in parts for other in columns if other not in block):
            for column in block:
                mapping[column] = f"{mapping[column]}:other"


def apply(columns: list[str], mapping: Mapping, origin: dict[str, str], samples: dict[str, list[str]]) -> None:
    """Adjust a proposed mapping in place by what the file's other columns say."""
    _names_on_addresses(columns, mapping, origin)
    _one_whole_name(columns, mapping, origin)
    _whole_address_alone(columns, mapping, origin, samples)
    _surname_beside_given_name(columns, mapping, origin, samples)
    _whole_name_under_given_name_heading(columns, mapping, origin, samples)
    _nickname_beside_both_names(columns, mapping, origin, samples)
    _one_address_block(columns, mapping, origin)
    _named_second_address(columns, mapping, origin)
    _postcode_line(columns, mapping, origin, samples)
    _row_numbers(columns, mapping, origin, samples)
    _pet_owners(columns, mapping, origin, samples)
    _suburb_beside_city(columns, mapping, origin)
    _nom_beside_surnames(columns, mapping, origin)
    _turkish_name_and_province(columns, mapping, origin)
    _initials_beside_given_name(columns, mapping, origin)
    _second_line_alone(columns, mapping, origin, samples)
    _plain_beside_shipping(columns, mapping, origin)


_INITIALS = {"voorletters", "initials", "initialen", "initiales", "iniciales", "iniciais", "iniziali", "inicjaly"}


def _initials_beside_given_name(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Voorletters" (J.P.) beside "Voornaam" (Jan): the given name is the latter, the initials are kept
    as they are rather than read as a second given name."""
    for column in columns:
        if mapping.get(column) == "first_name" and origin.get(column) not in _FIXED and \
                _words(column) & _INITIALS and any(mapping.get(other) == "first_name" and not _words(other) & _INITIALS
                                                   for other in columns if other != column):
            mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"


def _second_line_alone(columns: list[str], mapping: Mapping, origin: dict[str, str],
                       samples: dict[str, list[str]]) -> None:
    """An address's second line with no first line of its kind ("番地・建物名" under the prefecture and the
    city, "Flat / Building" above "Area") is the address's street line when its cells hold house
    numbers; a neighbourhood alone ("Quartier": Médina) stays the second line."""
    streets = {(mapping.get(c) or "").partition(":")[2] for c in columns
               if (mapping.get(c) or "").partition(":")[0] in ("street", "address")}
    seconds = [c for c in columns if (mapping.get(c) or "").partition(":")[0] == "street2"]
    for column in seconds:
        kind = (mapping.get(column) or "").partition(":")[2]
        values = [v for v in samples.get(column, []) if v]
        if kind not in streets and origin.get(column) not in _FIXED and values and \
                sum(any(ch.isdigit() for ch in v) for v in values) >= 0.6 * len(values) and \
                sum((mapping.get(c) or "") == mapping.get(column) for c in seconds) == 1:
            mapping[column] = "street" + (mapping.get(column) or "")[len("street2"):]


_PLACE = (*_PLACE_PARTS, "address")


def _plain_beside_shipping(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """An address without a kind beside a shipping address ("Address", "City" … "LevAdresse", "Ship City")
    is the one the invoices go to: the billing address, so the two are told apart everywhere after."""
    targets = [(mapping.get(c) or "").partition(":") for c in columns]
    shipping = {name for name, _, kind in targets if name in _PLACE and kind == "shipping"}
    plain = [c for c, (name, _, kind) in zip(columns, targets, strict=True) if name in _PLACE and not kind]
    if not {"street", "address"} & shipping or any(kind == "billing" for _, _, kind in targets):
        return
    for column in plain:
        if origin.get(column) not in _FIXED:
            mapping[column] = with_kind(mapping[column] or "", "billing")


def _turkish_name_and_province(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """Turkish lists: "Ad" beside "Soyad" is the given name (alone, two letters say too little); "İl",
    the province, is the town where no "İlçe" (district) or other town column is given."""
    headings = {column: normalize_heading(column) for column in columns}
    surname = any(h in ("soyad", "soyadi") for h in headings.values())
    town = any((mapping.get(c) or "").partition(":")[0] == "city" for c in columns)
    for column, heading in headings.items():
        if origin.get(column) in _FIXED:
            continue
        if heading == "ad" and surname and "first_name" not in mapping.values():
            mapping[column], origin[column] = "first_name", WORDS
        elif heading == "il" and mapping.get(column) == "region" and not town:
            mapping[column], origin[column] = "city", WORDS


def _nom_beside_surnames(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Nom" is the surname in French but the given name in Catalan, whose lists put it beside
    "Cognoms": beside another surname column it is the given name."""
    for column in columns:
        if normalize_heading(column) == "nom" and mapping.get(column) == "last_name" and \
                origin.get(column) not in _FIXED and "first_name" not in mapping.values() and \
                any(mapping.get(other) == "last_name" for other in columns if other != column):
            mapping[column], origin[column] = "first_name", WORDS


_PART_OF_TOWN = {"suburb", "barrio"}


def _suburb_beside_city(columns: list[str], mapping: Mapping, origin: dict[str, str]) -> None:
    """"Suburb" is the town of an Australian or New Zealand address, "Barrio" the place of a Buenos Aires
    one, but beside a "City" column of the same address (South Africa, shop systems, Colombia) either is
    the part of town: the address's second line."""
    for column in columns:
        target = mapping.get(column) or ""
        if target.partition(":")[0] != "city" or not _words(column) & _PART_OF_TOWN or origin.get(column) in _FIXED:
            continue
        if any(mapping.get(other) == target and not _words(other) & _PART_OF_TOWN for other in columns):
            mapping[column], origin[column] = "street2" + target[len("city"):], WORDS



_PET_WORDS = {"pet", "pets", "dog", "dogs", "breed", "hund", "hunde", "rasse", "chien", "race", "perro", "mascota",
              "raza", "cane", "razza", "hond", "ras", "pies", "rasa", "koira", "rotu", "cat", "katze", "chat", "gato"}
_OWNER_WORDS = {"owner", "owners", "dueno", "duena", "propietario", "propietaria", "besitzer", "besitzerin", "halter",
                "halterin", "eigenaar", "baasje", "proprietario", "proprietaria", "proprietaire", "tutor", "tutora",
                "wlasciciel", "wlascicielka", "omistaja", "agare", "ejer", "eier", "vlasnik", "vlasnica", "vlasnice",
                "lastnik", "lastnica", "majitel", "majitelka", "gazda"}


def _pet_owners(columns: list[str], mapping: Mapping, origin: dict[str, str], samples: dict[str, list[str]]) -> None:
    """"Owner (Surname, First)", "Nombre dueño" in a groomer's or a vet's list (a column names the pet or
    its breed): the owner is the customer, and no other column holds the customer's (given) name."""
    if not any(_words(c) & _PET_WORDS for c in columns) or \
            any(mapping.get(c) in ("first_name", "full_name") for c in columns):
        return
    surname = any(mapping.get(c) == "last_name" for c in columns)
    for column in columns:
        words = normalize_heading(column).split()
        if origin.get(column) in _FIXED or not set(words) & _OWNER_WORDS or set(words) & _PET_WORDS:
            continue
        rest = [w for w in words if w not in _OWNER_WORDS]
        found = match_heading(" ".join(rest))[0] if rest else None
        values = [v for v in samples.get(column, []) if v]
        if found in ("first_name", "full_name"):  # "Nombre dueño" beside "Apellidos": the given name
            mapping[column], origin[column] = "first_name" if surname else found, WORDS
        elif not surname and values and sum(map(_words_only, values)) >= 0.8 * len(values):
            mapping[column], origin[column] = "full_name", WORDS  # "Owner", "Owner (Surname, First)": names


def _words_only(value: str) -> bool:
    return any(ch.isalpha() for ch in value) and not any(ch.isdigit() or ch == "@" for ch in value)


# Headings of a row's ordinal: "Lp." (liczba porządkowa), "Poř.", "Lfd. Nr." (laufende Nummer), "S. No." /
# "Sl. No." / "Sr. No." (serial number), "№" / "N°" / "No." alone. A bare "Nr." counting 1, 2, 3 is as often the
# customer's number in a list kept by hand.
_ORDINALS = ({"lp"}, {"por"}, {"no"}, {"s", "no"}, {"sl", "no"}, {"sr", "no"}, {"sno"}, {"serial", "no"}, {"lfd", "nr"},
             {"lfd"}, {"lfdnr"})


def _row_numbers(columns: list[str], mapping: Mapping, origin: dict[str, str], samples: dict[str, list[str]]) -> None:
    """A column headed as a row's ordinal that counts 1, 2, 3 … from the first numbers the rows of a
    list kept by hand, not its customers: sort the list and every number changes."""
    for column in columns:
        values = [v.strip() for v in samples.get(column, []) if v.strip()]
        if mapping.get(column) == "external_id" and origin.get(column) not in _FIXED \
                and set(normalize_heading(column).split()) in _ORDINALS and len(values) >= 3 \
                and values == [str(n) for n in range(1, len(values) + 1)]:
            mapping[column], origin[column] = None, WORDS


_REFERENCE_WORDS = {"reference", "ref", "external", "ext", "primary", "parent", "linked", "legacy", "old"}


# Headings of a code people use for a customer ("Kód": ODB0012; also a Polish list's postcode, "Kod": 00-950)
CODE_HEADINGS = {"code", "codigo", "codice", "kod", "kood", "koodi", "kode", "cod", "kods", "kodas", "customer code", "client code",
                  "codigo cliente", "code client", "codice cliente", "kundencode", "klantcode"}


def one_customer_id(columns: list[str], mapping: Mapping, origin: dict[str, str],
                     samples: dict[str, list[str]] | None = None) -> None:
    """A record has one id in the system it comes from: of several id columns ("ID", "User ID",
    "stripe_customer_id"), the one that names the record's own id is the key, the others are kept
    as custom attributes. Own: a heading known whole, naming the customer or contact or nothing but
    the id; not a reference to another system or record; of equal headings, the number people use
    ("customerNumber": 10023) before the database's key ("id": a UUID), a code ("Código": C-0101)
    before a bare "ID"."""
    ids = [c for c in columns if mapping.get(c) == "external_id"]
    if len(ids) < 2:
        return
    fixed = [c for c in ids if origin.get(c) in ("given", "saved", "profile")]
    table = synonyms()

    def code(column: str) -> bool:  # "Código" beside "ID": the code people use, not the database's row id
        return normalize_heading(column) in CODE_HEADINGS

    def customers(column: str) -> bool:  # "kundnummer" beside "id": a word for the customer's number, not a row's
        words = normalize_heading(column).split()
        return len(words) == 1 and table.get(words[0]) == "external_id" and words[0] not in ID_WORDS

    def own(column: str) -> int:
        words = normalize_heading(column).split()
        known = table.get(" ".join(words)) == "external_id"
        bare = all(w in ID_WORDS for w in words) or code(column)
        named = bool(set(words) & ENTITIES) or customers(column)
        # a loyalty card's number ("N. tessera") beside the user's id ("ID utente") is the card's
        return 2 * known + (bare or named) - bool(set(words) & _REFERENCE_WORDS) - 2 * bool(set(words) & CARD_WORDS)

    def readable(column: str) -> bool:
        values = [v for v in (samples or {}).get(column, []) if v]
        return not values or sum(value_class(v) in (UUID, HASH) for v in values) < 0.8 * len(values)

    key = fixed[0] if fixed else max(ids, key=lambda c: (own(c), readable(c), code(c) or customers(c),
                                                         -columns.index(c)))
    for column in ids:
        if column != key and column not in fixed:
            mapping[column], origin[column] = f"attribute:{attribute_name(column)}", "kept"
