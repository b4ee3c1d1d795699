"""What a column heading names, word by word, in many languages.

A heading is split into words (camelCase, punctuation and underscores count as spaces,
case and accents do not). Words such as billing / Rechnung / livraison give an address its
kind, work / privat an e-mail or phone theirs, mobile / Handy make a phone a mobile; words
such as Default, Primary or Mailing add nothing. What is left is looked up in the field
vocabularies (resources/reference/header_synonyms.csv). A heading no vocabulary names as a
whole is tried in parts: "Ort / City" by its parts, "Customer Billing Zip Code" by the longest
run of words a vocabulary knows ("zip code"), a date column by the words around its "date".
How a target was found says how sure it is: a whole heading is sure, a part of one less so.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache

from workbench.ingest.consent_words import NEGATIONS, consent_question
from workbench.ingest.heading_checks import checked, something_else, with_kind
from workbench.ingest.heading_slips import abbreviated, mistyped, split_run_together
from workbench.ingest.heading_vocab import (
    ADDRESS_ENDINGS,
    AMBIGUOUS,
    ANSWER_HINT,
    APPENDAGES,
    BIRTH,
    BLOCKERS,
    CATEGORY_WORDS,
    CJK_OWNERS,
    CONJUNCTIONS,
    COUNT_LEADS,
    COUNT_TAILS,
    CURRENCY_CODES,
    DATE_STEMS,
    DATE_VERBS,
    DATE_WORDS,
    DEPOSITS,
    ELSEWHERE,
    ENTITIES,
    EVENTS,
    FAX_WORDS,
    FILLER,
    FIRST,
    FIRST_LEADS,
    GROUPS,
    ID_QUALIFIERS,
    ID_WORDS,
    KIND_COLUMN_WORDS,
    KIND_LETTERS,
    LAST,
    LAST_LEADS,
    LAST_TAILS,
    MOBILE_WORDS,
    MONEY,
    NAME_FIELDS,
    NO_LEADS,
    NOT_A_BIRTH_DATE,
    NOT_A_CUSTOMER_DATE,
    NOT_EVENTS,
    NOT_SLIPS,
    OCCASIONS,
    ONE_SALE,
    OTHER_THINGS,
    POINT_WORDS,
    PREFIX_KINDS,
    PRIVATE_PARTY,
    QUALIFIERS,
    STARTS,
    STRONG_DATE_WORDS,
    TOTAL_WORDS,
    WEAK_BIRTH,
    WHO_DID,
    WHOLE,
    WHOLE_ONLY,
    WORD_FORMS,
    WORDS,
)
from workbench.paths import resource_path
from workbench.standardize.record import ADDRESS_PARTS, PHONE_KINDS
from workbench.text import fold

_LABEL = re.compile(r"<([^<>]{2,40})>")  # a survey tool's field with its label: "attribute_3 <Birthday>"
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\[[a-z_]+:[^\]]*\]")
_SENTENCE_END = re.compile(r"[.?!]\s+(?=[A-ZÀ-Ý¿¡])")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|er|ere|re|e|eme|o|a|do|da|ro|ra|to|ta|te|de)$")
_COMPOUND_OWNERS = ("kunden", "kunde", "klanten", "klant", "mitglieds", "leden", "lid")
_NUMBER_SIGN = re.compile(r"\b[Nn]\s*\.?\s*[º°](?:\s*\.)?")  # "N.º Cliente", "N° client"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
# Letters of every script stay ("電話番号", "Имя"), and so do the vowel signs of Indian scripts, Thai,
# Lao, Tibetan, Myanmar and Khmer, which are marks, not letters: "पता" is not "पति".
_NON_WORD = re.compile(r"[^\w\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff]+|_+")
_PARTS = re.compile(r"\s*(?:/|\||\\|\(|\)|\[|\]|（|）|:|;|,| - | – )\s*")  # also the full-width brackets of CJK


def normalize_heading(heading: str) -> str:
    """'billing_FirstName' → 'billing first name'; 'E-Mail-Adresse' → 'e mail adresse'."""
    spaced = _CAMEL.sub(" ", _NUMBER_SIGN.sub("no ", heading.strip().rstrip("*:").strip()))
    return " ".join(_NON_WORD.sub(" ", fold(spaced)).split())


# The vocabularies, in the order their meanings win: the languages and systems the mapping was built
# on first, then the headings of some fifty more languages (Estonian to Arabic, Hindi to Swahili), then
# recurring concepts (purchase dates, contact persons, bookings counted …) in some thirty languages.
SYNONYM_FILES = ("header_synonyms.csv", "header_synonyms_languages.csv", "header_synonyms_concepts.csv")


def vocabulary(name: str) -> Iterator[tuple[str, str, list[str]]]:
    """The lines of one vocabulary in resources/reference/: the comment its section starts with (a
    language's name), the target and the headings that name it."""
    section = ""
    with resource_path("reference", name).open(encoding="utf-8", newline="") as handle:
        for line in handle:
            if line.startswith("#"):
                section = line.strip()
                continue
            target, headings = next(csv.reader([line]))
            if target != "target":
                yield section, target, headings.split("|")


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Normalized heading → target, from the vocabularies in resources/reference/ (SYNONYM_FILES)."""
    table: dict[str, str] = {}
    for name in SYNONYM_FILES:
        for _section, target, headings in vocabulary(name):
            for heading in headings:
                key = normalize_heading(heading)
                if key and key not in table:  # the first (most common) meaning of a heading wins
                    table[key] = target
    return table


def _kinded(found: str, kind: str | None) -> str:
    name = found.partition(":")[0]
    return with_kind(found, kind if name in ("email", "phone", "mobile") or name in ADDRESS_PARTS else None)


def _prefixed(tokens: list[str]) -> str | None:
    kind = PREFIX_KINDS.get(tokens[0]) if len(tokens) > 1 else None
    if kind is None:
        return None
    rest = tokens[1:]
    if rest[-1] in ID_WORDS and len(rest) > 1:
        rest = rest[:-1]  # "postal_country_id": the country
    found = _whole(rest)
    if found is None:
        return None
    name = found.partition(":")[0]
    if name == "postcode" and tokens[0] == "postal":
        return "postcode"  # "Postal / Zip": the postal code, not the postal address's
    if name in ADDRESS_PARTS or name in ("address", "email", "phone"):
        return with_kind(found if name != "phone" or ":" not in found else "phone", kind)
    return None


def _whole(tokens: list[str]) -> str | None:
    """The target these words name as a whole, with the kind their qualifiers give."""
    if not tokens:
        return None
    prefixed = _prefixed(tokens)
    if prefixed is not None:
        return prefixed
    table = synonyms()
    kind = next((QUALIFIERS[t] for t in tokens if t in QUALIFIERS), None)
    if any(QUALIFIERS.get(t) == "fax" for t in tokens) and \
            all(t in QUALIFIERS or t in FILLER or t in FAX_WORDS or t.isdigit() or t in CONJUNCTIONS or t in ENTITIES
                for t in tokens):  # "Fax", "Business Fax", "KontrFaks"
        if set(tokens) & CONJUNCTIONS and set(tokens) & FAX_WORDS - {"number", "no", "nr", "nummer", "numero", "num"}:
            return "phone"  # "Telefon- og faxnummer", "Phone and fax": the phone, which may take faxes too
        return "phone:fax"  # "Fax Number", "Business Fax": a fax, never the number of anything else
    key = " ".join(tokens)
    # "Namba ya simu (WhatsApp)": the messenger's name read as two words, "whats app"
    mobile = (any(t in MOBILE_WORDS for t in tokens) or " whats app" in f" {key}") and len(tokens) > 1
    if " box" in f" {key}" and ("po" in tokens or "p" in tokens or "post" in tokens):  # "Home Address PO Box"
        return _kinded("street2", next((QUALIFIERS[t] for t in tokens if t in QUALIFIERS and t != "po"), None))
    if key in table:
        if table[key] == "street2" and kind == "other":
            kind = None  # "Additional address", "Secondary address": the address's next line, not another address
        return _kinded(table[key], kind or ("mobile" if mobile else None))
    rest = [t for t in tokens if t not in QUALIFIERS]
    candidates = [" ".join(rest)]
    leading = list(rest)
    # "Default Address Address1" → "address 1"; "Address 1: Street 2" → "street 2" (the first address's second line)
    while len(leading) > 1 and (leading[0] in FILLER or leading[0].isdigit() and len(leading) > 2):
        leading.pop(0)
        candidates.append(" ".join(leading))
    if not rest and any(t.endswith(("adresse", "adres", "anschrift")) for t in tokens):
        return _kinded("street", kind)  # "Rechnungsadresse", "Afleveradres"
    if len(rest) == 2 and rest[1].endswith(ADDRESS_ENDINGS) and rest[1] not in ADDRESS_ENDINGS:
        part = table.get(rest[0], "").partition(":")[0]
        if part in ("postcode", "city", "region", "country", "street"):  # "PLZ Postadresse", "Plaats bezoekadres"
            return _kinded(part, kind)  # that address's part (a second address is told by `mapping_rules`)
    if len(rest) > 1 and rest[0] in ENTITIES:  # "Guest Email", "Donor Name", "Donor's Surname": whose field it is
        candidates.append(" ".join(rest[2:] if rest[1] == "s" and len(rest) > 2 else rest[1:]))
    elif len(rest) > 1 and rest[-1] in ENTITIES:  # "Nom adhérent", "Prénom adhérent": whose, said after
        candidates.append(" ".join(rest[:-1]))
    elif len(rest) > 1 and rest[0] == "owner" and not set(rest) & {"contact", "record", "account", "deal", "lead"}:
        candidates.append(" ".join(t for t in rest[1:] if t != "s"))  # "Owner's Full Name" of a pet
    candidates += [" ".join(t for t in rest if not t.isdigit() and not _ORDINAL.match(t)),
                   " ".join(t for t in rest if t not in MOBILE_WORDS),
                   " ".join(t for t in rest if t not in FILLER and not t.isdigit())]
    without_filler = candidates[-1]
    for candidate in candidates:
        if candidate and candidate in table:
            found = table[candidate]
            if candidate == without_filler and [t for t in rest if not t.isdigit()][-1:] == ["address"] and \
                    found.partition(":")[0] not in (*ADDRESS_PARTS, "address"):
                continue  # "Account Address": the account's address, not the account
            if found == "external_id" and set(tokens) & OTHER_THINGS:
                return None  # "Invoice Number": the number of something else
            if found == "external_id" and kind in PHONE_KINDS and set(rest) <= ID_WORDS - {"id", "ids", "identifier"}:
                return with_kind("phone", kind)  # "Work number", "Home No.": a phone of that kind
            if found == "external_id" and kind in PHONE_KINDS:
                return None  # "Business ID": the firm's registration number, not a phone nor the customer's id
            if found == "external_id" and kind in ("billing", "shipping"):  # "Billing Code": the address's postcode
                return _kinded("postcode", kind) if rest == ["code"] else None
            if found == "phone" and mobile:
                return "mobile"
            if found == "mobile" and candidate in ("text", "txt") and kind is not None:
                return None  # "Invoice Text": what the invoice says, not a number for texts
            if found in ("title", "job_title", "notes", "tags") and kind in ("billing", "shipping"):
                return None  # "InvoiceTitle", "Shipping Notes": the document's or the parcel's, not the customer's
            return _kinded(found, kind or ("mobile" if mobile and found == "phone" else None))
    if len(rest) == 1:
        for prefix in _COMPOUND_OWNERS:
            tail = rest[0][len(prefix):]
            if rest[0].startswith(prefix) and len(tail) >= 4 and table.get(tail) not in (None, "tags"):
                return _kinded(table[tail], kind)
        for prefix in CJK_OWNERS:  # "注文者名字", "注文者郵便番号1": the orderer's surname, postcode (first part)
            tail = rest[0][len(prefix):].rstrip("0123456789")
            if rest[0].startswith(prefix) and len(tail) >= 2 and table.get(tail) not in (None, "tags"):
                return _kinded(table[tail], kind)
    if "code" in rest and len(rest) > 1:  # "Code civilité", "Title code": the field, written as a code
        found = _whole([t for t in tokens if t != "code"])
        if found is not None and found.partition(":")[0] in ("title", "country", "region"):
            return found
    return None


def _date_field(tokens: list[str]) -> tuple[bool, str | None]:
    """(does the heading say it holds a date, which date field it names)."""
    words = set(tokens)
    if (words & BIRTH or words & WEAK_BIRTH and words & DATE_WORDS) and \
            not words & (NOT_A_BIRTH_DATE | NOT_A_CUSTOMER_DATE | MONEY | BLOCKERS):
        return True, "birth_date"
    if not words & DATE_WORDS and not words & DATE_VERBS and \
            not any(t.endswith(("datum", "date", "dato")) for t in tokens):
        return False, None
    if words & (NOT_A_CUSTOMER_DATE | MONEY) or words & STARTS and words & OCCASIONS:
        return True, None  # the record's upkeep, a plan, a leaving, an amount, an event's start: no date of the customer's
    for token in tokens:
        stem = token[:-5] if token.endswith("datum") else token[:-4] if token.endswith(("date", "dato")) else ""
        if len(stem) >= 4:
            for field, beginnings in DATE_STEMS:
                if stem.startswith(beginnings):
                    return True, field
    if words & BIRTH:
        return True, "birth_date"
    if words & FIRST_LEADS and not words & LAST_LEADS:
        return True, "created_at"  # "Date of first visit": the first, whatever the visit
    if words & LAST:
        return True, "last_order_at"
    if words & FIRST:
        return True, "created_at"
    return True, None


def _runs(words: list[str]) -> list[str]:
    """Runs of words, longest first; of equal length, the later first (the last words of a heading
    usually say what it is: "Email Opt In Date" is a date)."""
    return [" ".join(words[start:start + size]) for size in range(len(words), 0, -1)
            for start in range(len(words) - size, -1, -1)]


def _longest_run(tokens: list[str]) -> str | None:
    """The target of the longest run of words a vocabulary knows. One word alone must be telling:
    never a word that names several fields, and never a name (the Buyer of "VAT Paid by Buyer")."""
    table = synonyms()
    kind = next((QUALIFIERS[t] for t in tokens if t in QUALIFIERS), None)
    plain = [t for t in tokens if t not in QUALIFIERS]
    for words in (plain, [t for t in plain if t not in FILLER]):
        for run in _runs(words):
            if run not in table or len(run.split()) == len(tokens):
                continue
            found = table[run]
            if " " not in run and (len(run) < 3 or run in AMBIGUOUS or found.partition(":")[0] in NAME_FIELDS):
                continue
            if found == "phone" and any(t in MOBILE_WORDS for t in tokens):
                return "mobile"
            return _kinded(found, kind)
    return None


def _id_column(tokens: list[str], heading: str) -> str | None | bool:
    """A heading that ends in an id or a number: "Klaviyo ID" is the customer's id in that system;
    "Invoice Number", "Attendee #" or "Company ID" are ids of something else (False). None: no id."""
    hashed = heading.rstrip().endswith("#")
    last = tokens[-1] if tokens else ""
    if not (last in ID_WORDS or hashed):
        return None
    named = tokens if hashed else tokens[:-1]
    if "entry" in named:
        return False  # "Entry Id": a form entry's number ("entry_" is only a shop table's prefix elsewhere)
    before = [t for t in named if t not in FILLER and not t.isdigit()]
    kinds = {QUALIFIERS.get(t) or ("mobile" if t in MOBILE_WORDS else None) for t in before}
    if before and None not in kinds and len(kinds) == 1 and kinds <= set(PHONE_KINDS):
        if last in ("id", "ids", "identifier") and not hashed:
            return False  # "Business ID": the firm's registration number, not a phone nor the customer's id
        return with_kind("phone", kinds.pop())  # "Work number", "Home No.", "Cell #"
    point = _whole(before) if before else None
    if point is not None and point.partition(":")[0] in ("phone", "mobile"):
        return point  # "Phone #", "Cell #": a phone number, not the number of a phone
    field = _whole(before) if before else None
    if field is not None and field.partition(":")[0] in ADDRESS_PARTS and before[-1] not in OTHER_THINGS:
        return field  # "invoice_country_id": the invoice address's country, given by its id
    if any(t in OTHER_THINGS for t in before):
        return False
    if field is not None and field.partition(":")[0] in (*ADDRESS_PARTS, "phone", "mobile", "email"):
        return field  # "Landline Number" is a phone; "Postcode No." a postcode
    # "LGL Constituent ID", "External Unique ID": the customer's id in a system, named with whose and which
    if set(before) & ENTITIES and set(before) & ELSEWHERE:
        return False  # "External User ID": the customer's id in another system
    if len([t for t in before if t not in ENTITIES and t not in ID_QUALIFIERS]) <= 1:
        return "external_id"
    return False


def _event_field(tokens: list[str]) -> str | None:
    """The first, last or number of the customer's visits or orders, named after the shop's trade."""
    words = [t for t in tokens if t not in FILLER and t not in {"of", "de", "d", "di", "van", "des", "der", "el"}]
    if not words or len(words) > 3 or set(tokens) & (NOT_A_CUSTOMER_DATE | MONEY | NOT_EVENTS):
        return None  # "Total Donation Amount" is money, not a count; "Last Job Title" a position
    rest = set(words[1:])
    if len(words) == 1:  # "Erstbehandlung", "Letztkauf": a German compound of first / last and the event
        for lead, field in (("erst", "created_at"), ("letzt", "last_order_at")):
            if words[0].startswith(lead) and words[0][len(lead):] in EVENTS:
                return field
        return None
    if words[0] in LAST_LEADS and rest & EVENTS or words[-1] in LAST_TAILS and set(words[:-1]) & EVENTS:
        return "last_order_at"
    if words[0] in FIRST_LEADS and rest & EVENTS:
        return "created_at"
    if (words[0] in COUNT_LEADS and rest & EVENTS) or (words[-1] in COUNT_TAILS and set(words[:-1]) & EVENTS):
        return "order_count"
    return None


def _grouped(heading: str) -> tuple[str | None, str | None] | None:
    """"Name / First Name", "Phones / Primary Phone Number", "Created by / Name": a CRM's field under the
    group it belongs to; the field says what the column is, unless the group is whoever made the record.
    None when the heading is not written so."""
    parts = [p for p in heading.split(" / ") if p.strip()]
    if len(parts) != 2:
        return None
    group, field = (normalize_heading(p).split() for p in parts)
    if set(group) & WHO_DID:
        return None, None
    if not (set(group) <= GROUPS or len(field) > len(group) and set(group) <= set(field)):
        return None
    found = match_heading(parts[1])
    return found if found[0] is not None else None


def _listed_parts(heading: str) -> str | None:
    """"Indirizzo (via, CAP, città)", "Address (street, town, postcode)": an address with the parts it
    holds listed after it is a whole address in one cell (of the kind the first part gives)."""
    parts = [p for p in _PARTS.split(heading) if p and p.strip()]
    if len(parts) < 3:
        return None
    first = _whole(normalize_heading(parts[0]).split())
    listed = {(_whole(normalize_heading(p).split()) or "").partition(":")[0] for p in parts[1:]}
    if first is None or first.partition(":")[0] not in ("street", "address") or \
            len(listed & {"street", "street2", "postcode", "city"}) < 2:  # not "Address 1: Country/Region"
        return None
    kind = first.partition(":")[2]
    return f"address:{kind}" if kind else "address"


def _drop_entity_parts(parts: list[str]) -> list[str]:
    """"Person - Email - Work" → Email, Work: a part that only says whose field it is goes."""
    kept = [p for p in parts if normalize_heading(p) not in ENTITIES]
    return kept or parts


_LATER_ADDRESS = re.compile(r"\b(?:address|adresse|adres|adresa|direccion|indirizzo|endereco)\s+(?:[2-9])\s+\w")
_CURRENCY_MARK = re.compile(r"[$€£¥₹₱₩₫₺₴₪₸₽฿₦]|\bS/|\((?:kz|lek|lekë|тг|тенге|kzt|eur|usd|gbp|chf|cad|aud|sek|nok|dkk|pln|czk|huf|zł|zl|kč|kc|ft|kr|lei|rs|inr|rub|руб|tl|try|aed|sar|egp|zar|ksh|kes|ngn|idr|rp|vnd|vnđ|thb|php|myr|brl|r\$|ars|mxn|cop|clp|pen|uah|грн|din|rsd|tsh|tzs|ugx|ghs|bdt|tk|лв|ден|mkd|gel|amd|бат|บาท|৳)\.?\)",
                            re.IGNORECASE)


def says_money(heading: str) -> bool:
    """"Total (R)", "Tổng tiền (VNĐ)", "Umsatz EUR": an amount of money, whatever its other words."""
    return bool(_CURRENCY_MARK.search(heading) or set(normalize_heading(heading).split()) & CURRENCY_CODES)


@lru_cache(maxsize=4096)
def match_heading(heading: str) -> tuple[str | None, str | None]:
    """(target, how) for a heading: how is WHOLE or WORDS; (None, None) when nothing names it."""
    target, how = _match_heading(heading)
    key = normalize_heading(heading)
    if target in ADDRESS_PARTS and _LATER_ADDRESS.search(key):
        return f"{target}:other", how  # "Adresse 2 Straße": a second address, kept apart from the first
    first, _, rest = key.partition(" ")
    if first in ("second", "2nd") and rest and not rest.startswith("line"):  # "Second line of address": line 2
        found, found_how = _match_heading(rest)
        if found is not None and found.partition(":")[0] in (*ADDRESS_PARTS, "phone", "mobile"):
            return with_kind(found.partition(":")[0], "other"), found_how  # "Second City": a second address's
    words = set(key.split())
    if (target or "").partition(":")[0] == "email" and key.split()[0] in NO_LEADS and len(key.split()) <= 4:
        return "marketing_consent:inverted", WORDS  # "Geen e-mail", "Keine E-Mail": no mailing wanted, yes or no
    if (target or "").partition(":")[0] == "street" and "via" in key.split()[1:] and key not in synonyms():
        return None, None  # "Betaalt via", "Sent via": how something is paid or sent, not Italy's "via"
    if target is not None and something_else(target, key.split()):
        return None, None
    money = _CURRENCY_MARK.search(heading) or words & CURRENCY_CODES
    if target == "marketing_consent" and ("opt out" in key or words & {"optout", "unsubscribe", "unsubscribed"}
                                          or key.split()[0] in ("no", "nao") and len(key.split()) > 1
                                          and not words & {"of", "de", "do", "da"}):
        return "marketing_consent:inverted", how  # "Opt Out Email Marketing": yes is the opt-out
    if target == "order_count" and money:
        return "total_spent", how  # "Compras 2026 ($)": what the purchases came to, not how many
    if target is None and money and words & TOTAL_WORDS and not words & (ONE_SALE | DEPOSITS):
        return "total_spent", WORDS  # "Total retouches CHF": what the customer's work came to
    return target, how


def _match_heading(heading: str) -> tuple[str | None, str | None]:
    heading = _PLACEHOLDER.sub(" ", heading)  # a form's piped answers: "Lovely to meet you, {{field:…}}."
    label = _LABEL.search(heading)
    if label is not None and _LABEL.sub(" ", heading).strip() and match_heading(label.group(1))[0] is not None:
        return match_heading(label.group(1))[0], WORDS  # "attribute_1 <Company>": a field and its label
    sentences = [s for s in _SENTENCE_END.split(heading) if s.strip()]
    if len(sentences) > 1 and len(sentences[0].split()) >= 3:
        # "Lovely to meet you. And your surname?": the last question is what is asked
        last = match_heading(sentences[-1])
        if last[0] is not None:
            return last[0], WORDS
    asked = heading.rstrip().endswith("?") or ANSWER_HINT.search(heading) is not None
    heading = ANSWER_HINT.sub("", heading)
    key = normalize_heading(heading)  # "Newsletter (yes/no)"
    if not key:
        return None, None
    tokens = [WORD_FORMS.get(t, t) for t in key.split()]
    if len(tokens) == 2 and set(tokens) & PRIVATE_PARTY and {synonyms().get(t) for t in tokens} & {"company"}:
        return None, None  # "Bedrijf/Particulier", "Business / Individual": which of the two the customer is
    if len(tokens) > 1 and (tokens[-1] in KIND_COLUMN_WORDS or tokens[-1] in CATEGORY_WORDS
                            and set(tokens[:-1]) & POINT_WORDS):
        return None, None  # "Phone 1 - Label", "Adress-Kategorie": what kind another column's value is
    if len(tokens) > 1 and tokens[0] in ID_WORDS | {"n"} and all(t in ENTITIES or t in FILLER for t in tokens[1:]):
        return "external_id", WORDS  # "Nº Socio", "Nr klienta", "No. client": the customer's own number
    if heading.rstrip().endswith("#"):  # "Attendee #", "Account #": a number, whatever the word
        ident = _id_column(tokens, heading)
        return (ident, WORDS) if ident else (None, None)
    if "of" in tokens[1:]:  # "Country of postal address": what comes before "of" is what it is
        events = _event_field(tokens)  # "Number of Purchases": how many of the customer's orders
        if events is not None:
            return events, WORDS
        head_words = tokens[:tokens.index("of")]
        if set(head_words) <= ID_WORDS:  # "Number of Items": a count of something else, unless a vocabulary
            found = _whole(tokens)  # names it whole ("No. of hires": a bike hire's customer, hires counted)
            return (checked(found, tokens, WHOLE)) if found is not None else (None, None)
        head = _whole(head_words)
        owner = tokens[tokens.index("of") + 1:]
        if head is not None and head.partition(":")[0] in NAME_FIELDS and not set(owner) <= ENTITIES | FILLER:
            return None, None  # "Name of Pet": someone else's name
        if head is not None:
            return checked(head, tokens, WORDS)
    grouped = _grouped(heading)
    if grouped is not None:
        return grouped
    listed = _listed_parts(heading)
    if listed is not None:
        return listed, WORDS
    if key in WHOLE_ONLY:
        return WHOLE_ONLY[key], WHOLE
    found = _whole(tokens)
    if found is not None:
        return checked(found, tokens, WHOLE)
    if len(tokens) == 2 and tokens[1] in KIND_LETTERS and synonyms().get(tokens[0]) == "phone":
        return with_kind("phone", KIND_LETTERS[tokens[1]]), WORDS
    parts = _drop_entity_parts([p for p in _PARTS.split(heading) if p and p.strip()])
    if len(parts) == 1 and normalize_heading(parts[0]) != key:  # "Person - Email"
        return match_heading(parts[0])
    if tokens[0] in ("location", "site", "standort") and len(tokens) > 1:
        found = _whole(tokens[1:])  # "Location Address", "Location Zip": where the work is done, another address
        if found is not None and found.partition(":")[0] in ADDRESS_PARTS:
            return with_kind(found, "other"), WORDS
    if (set(tokens) & {"phone", "tel", "telephone", "mobile", "cell"} and set(tokens) & {"code", "prefix", "dial", "calling"}
            or tokens[-1:] == ["code"] and set(tokens[:-1]) in ({"dial"}, {"dialling"}, {"dialing"})) \
            and not set(tokens) & {"zip", "postal", "post", "area"}:
        return "phone:code", WORDS  # "Phone Code", "Dial code": the country's calling code, for the row's numbers
    if set(tokens) >= {"area", "code"} or set(tokens) & {"vorwahl", "netnummer", "riktnummer", "suuntanumero", "ddd"}:
        return "phone:area", WORDS  # "Area Code", "Vorwahl": the first digits of the row's numbers
    if set(tokens) & BLOCKERS and not consent_question(tokens, asked):
        return None, None  # about the field, not the field: its phonetic form, its owner, its IP address
    if "sign in" in " ".join(tokens) or "signed in" in " ".join(tokens):
        return None, None  # "Last Sign In", "Sign In Count": the account's logins, not visits or orders
    ident = _id_column(tokens, heading)
    if ident is not None:
        return (ident, WORDS) if ident else (None, None)
    both = _both_names(key)
    if both:
        return "full_name", WORDS
    # "Ort / City", "Company / Account", "E-Mail (privat)": the parts, if they agree ("Zgoda SMS/mail" asks).
    if len(parts) > 1 and not consent_question(tokens, asked):
        kinds = [QUALIFIERS[t] for p in parts for t in normalize_heading(p).split() if t in QUALIFIERS]
        named = {t.partition(":")[0]: t for p in parts if (t := _whole(normalize_heading(p).split())) is not None}
        if set(named) in ({"postcode", "city"}, {"city", "region"}):
            # "PLZ/Ort", "Città (Prov.)": the place with its postcode or province, split on import
            return checked(_kinded("city", kinds[0] if kinds else None), tokens, WORDS)
        if len(named) == 1:
            target = next(iter(named.values()))
            return checked(_kinded(target, kinds[0] if kinds else None), tokens, WORDS)
        place = [t for t in named.values() if t.partition(":")[0] in ("postcode", "city", "region", "country")]
        if len(named) == 2 and "street" in named and len(place) == 1:
            # "Bezoekadres - Land": the country of the visiting address, not its street
            return checked(_kinded(place[0], named["street"].partition(":")[2] or (kinds[0] if kinds else None)), tokens, WORDS)
    events = _event_field(tokens)
    if events is not None:
        return events, WORDS
    if len(tokens) > 1 and tokens[-1] in APPENDAGES:
        return None, None  # "Postal Code Suffix": a part added to a field, kept as it is
    if consent_question(tokens, asked) and not set(tokens) & STRONG_DATE_WORDS and \
            not any(t.endswith(("datum", "date")) for t in tokens):  # "Vuole ricevere le offerte?": no date's "le"
        consent = "marketing_consent:inverted" if set(tokens) & NEGATIONS else "marketing_consent"
        return checked(consent, tokens, WORDS)
    is_date, date = _date_field(tokens)
    if is_date:
        if date is None and not set(tokens) & (NOT_A_CUSTOMER_DATE | MONEY):
            run = _longest_run(tokens)  # "Geburtsdatum des Kunden": a date its words name
            date = run if run in ("birth_date", "created_at", "last_order_at") else None
        return (date, WORDS) if date else (None, None)
    if consent_question(tokens, asked):  # "Do not allow bulk e-mails", "Keine Werbung zusenden": the opt-out
        consent = "marketing_consent:inverted" if set(tokens) & NEGATIONS else "marketing_consent"
        return checked(consent, tokens, WORDS)
    spaced = run_apart(tokens)
    if spaced != tokens:  # "billingaddress1", "companyname", "customerid": words run together
        found = match_heading(" ".join(spaced))[0]
        if found is not None:
            return found, WORDS
    found = _longest_run(tokens)
    if found is not None:
        return checked(found, tokens, WORDS)
    found = abbreviated(heading, tokens, synonyms(), _whole) or mistyped(key, synonyms(), ENTITIES | FILLER | NOT_SLIPS)
    if found is not None:
        return checked(found, tokens, WORDS)
    return None, None


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    """Every word of the vocabularies: what a heading run together may be made of."""
    words = {w for key in synonyms() for w in key.split()}
    words |= set(QUALIFIERS) | FILLER | ENTITIES | ID_WORDS | DATE_WORDS | FIRST | LAST | MONEY
    return frozenset(w for w in words if len(w) >= 2 and not w.isdigit())


def run_apart(tokens: list[str]) -> list[str]:
    """Tokens with each long word that no vocabulary knows split into the known words it is made of."""
    return split_run_together(tokens, synonyms(), _known_words(), ID_WORDS)


def _both_names(key: str) -> bool:
    """Does a heading name the given name and the surname together ("Cognome e Nome", "Nachname Vorname")?"""
    words = [w for w in key.split() if w not in CONJUNCTIONS and w not in ENTITIES]
    table = synonyms()
    for cut in range(1, len(words)):
        named = {table.get(" ".join(words[:cut])), table.get(" ".join(words[cut:]))}
        if named in ({"first_name", "last_name"}, {"full_name", "first_name"}, {"full_name", "last_name"}):
            return True  # "Naam + voornaam", "Nom Prénom": the name (surname) and the given name
    return False


def target_for_heading(heading: str) -> str | None:
    """The canonical target a heading names, with its kind; None when the heading is not known."""
    return match_heading(heading)[0]
