"""Spreadsheet formula injection: values a spreadsheet would run as a formula are neutralized.

A cell that starts with =, +, -, @, a tab or a carriage return is taken by Excel, LibreOffice
and Google Sheets as the start of a formula, which can call functions, fetch URLs or (DDE)
start programs. Such a value gets a leading apostrophe in CSV (the spreadsheets' own "this is
text" mark; OWASP's advice) and is written as a text cell with the quote-prefix flag in XLSX.

The one exception is principled, not a list of known-good values: a value that starts with +
or - and holds nothing but digits, spaces and the punctuation of numbers and phone numbers
( ) . , / - cannot name a function, a cell, a sheet or a DDE command, so it cannot do harm;
E.164 phone numbers ("+4930…", which Mailchimp, Brevo and Klaviyo require as they are) and
negative numbers ("-12.50") are such values and stay untouched.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"[+-][\d\s().,/-]*\d[\d\s().,/-]*")


def needs_guard(value: str) -> bool:
    if not value or not value.startswith(TRIGGERS):
        return False
    return not (value[0] in "+-" and _HARMLESS.fullmatch(value))


def guard(value: str) -> str:
    """The value as a spreadsheet will show it and never run it."""
    return "'" + value if needs_guard(value) else value
