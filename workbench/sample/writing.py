"""How people and systems write the same thing differently: typos, e-mail and phone variants,
street lines, country labels, company name variants (used by the demo-data generator)."""

from __future__ import annotations

import random

import phonenumbers


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randint(1, len(text) - 2)
    kind = rng.choice(["swap", "drop", "double", "replace"])
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    neighbours = {"a": "s", "e": "r", "i": "o", "o": "i", "n": "m", "m": "n", "r": "t", "t": "r", "s": "a",
                  "l": "k", "u": "i", "c": "k", "k": "c", "y": "i", "h": "j"}
    return text[:i] + neighbours.get(text[i].lower(), "e") + text[i + 1:]


def mailbox(address: str) -> str:
    """The mailbox an address reaches: case and +tags ignored, and the dots Gmail ignores."""
    local, _, domain = address.strip().lower().partition("@")
    local = local.split("+")[0]
    if domain in ("gmail.com", "googlemail.com"):
        return local.replace(".", "") + "@gmail.com"
    return f"{local}@{domain}"


def email_variant(rng: random.Random, email: str) -> str:
    local, _, domain = email.partition("@")
    choice = rng.random()
    if choice < 0.35:
        return email.upper() if rng.random() < 0.3 else local.capitalize() + "@" + domain.capitalize()
    if choice < 0.6 and domain in ("gmail.com", "outlook.com", "icloud.com", "hotmail.com", "gmx.de", "web.de"):
        return f"{local}+{rng.choice(['shop', 'news', 'orders', 'promo'])}@{domain}"
    if choice < 0.8 and domain == "gmail.com":
        return f"{local.replace('.', '')}@googlemail.com" if "." in local else f"{local[:2]}.{local[2:]}@gmail.com"
    return f" {email} "


def format_phone(rng: random.Random, e164: str | None) -> str:
    """The same number the way a person or a system would write it."""
    if not e164:
        return ""
    number = phonenumbers.parse(e164, None)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    choice = rng.random()
    if choice < 0.25:
        return national
    if choice < 0.45:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    if choice < 0.6:
        return e164
    if choice < 0.75:
        return "".join(c for c in national if c.isdigit())
    if choice < 0.85:
        return "00" + e164[1:]
    if choice < 0.93:
        return national.replace(" ", "-")
    return "'" + "".join(c for c in national if c.isdigit())  # protected against spreadsheet number mangling


def street_line_for(locale: str, street: str, house: str) -> str:
    if locale in ("en-US", "en-GB", "fr-FR"):
        return f"{house} {street}" if locale != "fr-FR" else f"{house}, {street}"
    if locale == "es-ES":
        return f"{street}, {house}"
    return f"{street} {house}"


def country_label(code: str) -> str:
    return {"DE": "Deutschland", "AT": "Österreich", "CH": "Schweiz", "US": "USA", "GB": "United Kingdom",
            "FR": "France", "ES": "España", "NL": "Nederland", "IT": "Italia"}.get(code, code)


def company_variant(rng: random.Random, company: str) -> str:
    replacements = [("GmbH & Co. KG", "GmbH & Co KG"), (" GmbH", ""), (" Inc.", ", Inc"), (" Inc.", " Incorporated"),
                    (" Ltd", " Limited"), (" Limited", " Ltd."), ("The ", ""), (" & ", " and "), (" LLC", ""),
                    (" B.V.", " BV"), (" S.r.l.", " SRL"), (" S.L.", " SL"), (" AG", "")]
    rng.shuffle(replacements)
    for old, new in replacements:
        if old in company:
            return company.replace(old, new, 1)
    return company.lower()
