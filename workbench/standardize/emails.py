"""E-mail addresses: syntax checked without network, domain lower-cased, a key for matching."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from email_validator import SPECIAL_USE_DOMAIN_NAMES, EmailNotValidError, validate_email

# Providers that deliver "j.o.h.n@gmail.com" and "john+shop@gmail.com" to "john@gmail.com".
_DOTS_IGNORED = {"gmail.com", "googlemail.com"}
_PLUS_TAGS = {"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "icloud.com",
              "me.com", "fastmail.com", "protonmail.com", "proton.me", "yahoo.com", "gmx.de", "web.de"}


@dataclass(frozen=True)
class EmailValue:
    address: str  # as it should be written: local part as typed, domain lower-cased
    normalized: str  # lower-cased whole address, the de-duplication key
    is_valid: bool
    problem: str | None = None


# The plain shape nearly every address has; such an address passes email-validator's syntax
# checks whenever it passes this one (and the few checks below), at a tenth of the cost.
_PLAIN = re.compile(r"^[\w%+\-]+(?:\.[\w%+\-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
                    r"[A-Za-z]{2,24}$")
_SPECIAL = tuple(SPECIAL_USE_DOMAIN_NAMES)


def _plain(text: str) -> EmailValue | None:
    if len(text) > 254 or not _PLAIN.match(text):
        return None
    local, _, domain = text.rpartition("@")
    if not local.isascii() and not unicodedata.is_normalized("NFC", local):
        return None
    domain = domain.lower()
    if len(local) > 64 or domain.endswith(_SPECIAL) and any(
            domain == special or domain.endswith("." + special) for special in _SPECIAL):
        return None
    address = f"{local}@{domain}"
    return EmailValue(address, address.lower(), True)


@lru_cache(maxsize=16384)  # repeats are few; a big cache would only cost memory
def standardize_email(value: str) -> EmailValue:
    text = value.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    fast = _plain(text)
    if fast is not None:
        return fast
    try:
        result = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        return EmailValue(text, text.lower(), False, str(exc))
    address = f"{result.local_part}@{result.domain.lower()}"
    return EmailValue(address, address.lower(), True)


def match_key(normalized: str) -> str:
    """The address as the mailbox sees it: +tags and ignored dots removed where the provider does."""
    local, _, domain = normalized.lower().partition("@")
    if domain in _PLUS_TAGS:
        local = local.split("+", 1)[0]
    if domain in _DOTS_IGNORED:
        local = local.replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"
