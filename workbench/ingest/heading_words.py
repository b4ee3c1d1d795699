"""What a column heading names, word by word, in six languages.

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
from functools import lru_cache

from workbench.paths import resource_path
from workbench.standardize.record import ADDRESS_KINDS, ADDRESS_PARTS, EMAIL_KINDS, PHONE_KINDS
from workbench.text import fold

WHOLE = "heading"  # the heading as a whole is a known name of the field
WORDS = "words"  # found from part of the heading

# Words around a heading that say which kind of address, e-mail or phone a column holds.
QUALIFIERS: dict[str, str] = {
    **dict.fromkeys(("billing", "bill", "invoice", "rechnung", "rechnungs", "rechnungsadresse", "facturation",
                     "facturacion", "fatturazione", "factuur", "factuuradres", "po"), "billing"),
    **dict.fromkeys(("shipping", "ship", "delivery", "lieferung", "liefer", "lieferadresse", "versand",
                     "livraison", "envio", "spedizione", "consegna", "verzending", "bezorg", "aflever",
                     "sa"), "shipping"),
    **dict.fromkeys(("work", "business", "office", "geschaftlich", "dienstlich", "buro", "travail",
                     "professionnel", "pro", "trabajo", "lavoro", "ufficio", "werk", "zakelijk"), "work"),
    **dict.fromkeys(("home", "private", "privat", "personal", "domicile", "perso", "casa", "thuis", "prive",
                     "personnel", "personale"), "home"),
    **dict.fromkeys(("fax", "telefax"), "fax"),
}
# Words that add nothing to what a column holds ("Default Address Zip", "Phone 1 - Value").
FILLER = {"default", "address", "primary", "main", "contact", "customer", "value", "the", "of", "der", "die",
          "du", "de", "del", "da", "di", "van", "mailing", "your", "my", "client", "kunde", "kunden", "field",
          "current", "preferred"}
MOBILE_WORDS = {"mobile", "mobil", "cell", "cellular", "handy", "portable", "movil", "cellulare", "mobiel", "gsm"}
# A column of dates: which of the date fields its other words name.
DATE_WORDS = {"date", "datum", "time", "timestamp", "at", "on", "fecha", "data", "dato", "le", "am", "when", "day"}
_BIRTH = {"birth", "birthday", "born", "geburt", "geburtstag", "geboren", "naissance", "nacimiento", "nascita",
          "geboortedatum", "anniversaire", "cumpleanos", "compleanno", "dob"}
_LAST = {"last", "latest", "recent", "most", "letzte", "letzter", "letztes", "dernier", "derniere", "ultimo",
         "ultima", "laatste", "active", "activity", "seen", "visit", "modified", "updated"}
_FIRST = {"created", "creation", "registered", "registration", "signup", "sign", "joined", "join", "added",
          "since", "first", "subscribed", "optin", "opt", "member", "start", "order", "purchase", "erstellt",
          "angelegt", "registriert", "seit", "erst", "anlage", "inscription", "alta", "registro",
          "iscrizione", "aangemaakt", "inschrijving"}
# Words that name several fields alone ("First" of First Visit, "Last" of Last active): a run of
# one word must be more telling than these to name a field.
AMBIGUOUS = {"first", "last", "name", "given", "family", "second", "middle", "full", "number", "no", "nr", "id",
             "code", "type", "date", "status", "state", "title", "group", "reference", "ref", "account", "since",
             "added", "created", "joined", "order", "orders", "total", "amount", "value", "label", "source",
             "contact", "person", "customer", "client", "member", "subscribed", "subscription", "marketing",
             "consent", "sales", "revenue", "visits", "purchases", "transactions", "registered", "info",
             "description", "function", "position", "role", "job", "land", "nom", "nome", "naam", "kunde", "mail",
             "email", "e", "tel"}
_FAX_WORDS = {"number", "no", "nr", "nummer", "numero", "num", "phone", "tel", "telephone", "telefon", "line"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_PARTS = re.compile(r"\s*(?:/|\||\\|\(|\)|\[|\]|:|;|,| - | – )\s*")


def normalize_heading(heading: str) -> str:
    """'billing_FirstName' → 'billing first name'; 'E-Mail-Adresse' → 'e mail adresse'."""
    spaced = _CAMEL.sub(" ", heading.strip().rstrip("*:").strip())
    return " ".join(_NON_WORD.sub(" ", fold(spaced)).split())


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Normalized heading → target, from resources/reference/header_synonyms.csv."""
    table: dict[str, str] = {}
    path = resource_path("reference", "header_synonyms.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(lines):
            for heading in row["headers"].split("|"):
                key = normalize_heading(heading)
                if key and key not in table:  # the first (most common) meaning of a heading wins
                    table[key] = row["target"]
    return table


def with_kind(target: str, kind: str | None) -> str:
    """`street` + billing → `street:billing`; a kind the field does not have is left off."""
    name, _, own_kind = target.partition(":")
    if own_kind or kind is None:
        return target
    if name in ADDRESS_PARTS and kind in ADDRESS_KINDS:
        return f"{name}:{kind}"
    if name == "email" and kind in EMAIL_KINDS:
        return f"email:{kind}"
    if name == "phone" and kind in PHONE_KINDS:
        return "mobile" if kind == "mobile" else f"phone:{kind}"
    return target


def _kinded(found: str, kind: str | None) -> str:
    name = found.partition(":")[0]
    return with_kind(found, kind if name in ("email", "phone") or name in ADDRESS_PARTS else None)


def _whole(tokens: list[str]) -> str | None:
    """The target these words name as a whole, with the kind their qualifiers give."""
    if not tokens:
        return None
    table = synonyms()
    kind = next((QUALIFIERS[t] for t in tokens if t in QUALIFIERS), None)
    if any(QUALIFIERS.get(t) == "fax" for t in tokens) and all(t in QUALIFIERS or t in FILLER or t in _FAX_WORDS or t.isdigit() for t in tokens):
        return "phone:fax"  # "Fax Number", "Business Fax": a fax, never the number of anything else
    mobile = any(t in MOBILE_WORDS for t in tokens) and len(tokens) > 1
    key = " ".join(tokens)
    if key in table:
        return _kinded(table[key], kind or ("mobile" if mobile else None))
    rest = [t for t in tokens if t not in QUALIFIERS]
    candidates = [" ".join(rest)]
    leading = list(rest)
    while len(leading) > 1 and leading[0] in FILLER:  # "Default Address Address1" → "address 1"
        leading.pop(0)
        candidates.append(" ".join(leading))
    candidates += [" ".join(t for t in rest if not t.isdigit()),
                  " ".join(t for t in rest if t not in MOBILE_WORDS),
                  " ".join(t for t in rest if t not in FILLER and not t.isdigit())]
    for candidate in candidates:
        if candidate and candidate in table:
            found = table[candidate]
            if found == "phone" and mobile:
                return "mobile"
            return _kinded(found, kind or ("mobile" if mobile and found == "phone" else None))
    return None


def _date_field(tokens: list[str]) -> str | None:
    """A column whose heading says it holds a date: which date, from its other words."""
    words = set(tokens)
    if not words & DATE_WORDS and not any(t.endswith(("datum", "date")) for t in tokens):
        return None
    if words & _BIRTH:
        return "birth_date"
    if words & _LAST:
        return "last_order_at"
    if words & _FIRST:
        return "created_at"
    return None


def _longest_run(tokens: list[str]) -> str | None:
    """The target of the longest run of words a vocabulary knows, the later one on a tie (the
    last words of a heading usually say what it is: "Email Opt In Date" is a date)."""
    table = synonyms()
    kind = next((QUALIFIERS[t] for t in tokens if t in QUALIFIERS), None)
    words = [t for t in tokens if t not in QUALIFIERS and t not in FILLER]
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size, -1, -1):
            run = " ".join(words[start:start + size])
            if run in table and not (size == 1 and (len(run) < 3 or run in AMBIGUOUS)):
                found = table[run]
                if found == "phone" and any(t in MOBILE_WORDS for t in tokens):
                    return "mobile"
                return _kinded(found, kind)
    return None


@lru_cache(maxsize=4096)
def match_heading(heading: str) -> tuple[str | None, str | None]:
    """(target, how) for a heading: how is WHOLE or WORDS; (None, None) when nothing names it."""
    key = normalize_heading(heading)
    if not key:
        return None, None
    tokens = key.split()
    found = _whole(tokens)
    if found is not None:
        return found, WHOLE
    # "Ort / City", "Company / Account", "E-Mail (privat)": the parts, if they agree.
    parts = [p for p in _PARTS.split(heading) if p and p.strip()]
    if len(parts) > 1:
        kinds = [QUALIFIERS[t] for p in parts for t in normalize_heading(p).split() if t in QUALIFIERS]
        named = {t.partition(":")[0]: t for p in parts
                 if (t := _whole([w for w in normalize_heading(p).split() if w not in QUALIFIERS])) is not None}
        if len(named) == 1:
            target = next(iter(named.values()))
            return _kinded(target, kinds[0] if kinds else None), WORDS
    date = _date_field(tokens)
    if date is not None:
        return date, WORDS
    found = _longest_run(tokens)
    if found is not None:
        return found, WORDS
    return None, None


def target_for_heading(heading: str) -> str | None:
    """The canonical target a heading names, with its kind; None when the heading is not known."""
    return match_heading(heading)[0]
