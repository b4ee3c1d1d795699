"""E-mail addresses: syntax checked without network, domain lower-cased, a key for matching."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

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


def standardize_email(value: str) -> EmailValue:
    text = value.strip().strip("<>").strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
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
