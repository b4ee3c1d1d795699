"""Whether a column's values are an e-mail list's subscriber states (subscribed, unsubscribed, bounced, in
many languages) rather than an account's or a membership's state, or a region: what the mapping asks of a
"Status", "Estado" or "Abonnementstatus" column before it takes it for marketing consent."""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.ingest.consent_words import MARKETING_STEMS
from workbench.ingest.heading_hints import says_someone_else
from workbench.ingest.heading_words import ENTITIES, FILLER, normalize_heading
from workbench.standardize.values import is_consent_word, parse_yes_no


def _share(values: Sequence[str], test) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


# Words of a subscription's state in six languages (not a plain yes / no, not "active").
SUBSCRIPTION_STATE = re.compile(r"subscri|opt|unconfirmed|pending|bounced|cleaned|abonn|abgemeld|angemeld|ausgetragen"
                                r"|inscri|afgemeld|aangemeld|uitgeschreven|iscritt|suscri|\bbaja\b|blocklist|blacklist"
                                r"|odhl[aá]|p[rř]ihl[aá]|wypisan|zapisan|desabon|désabon|rebot|nepotvrz|abbestellt"
                                r"|bevestigd|aguarda|\b[ds]oi\b|avmeld|afmeld|avregistr|leiratk",
                                re.IGNORECASE)
_STATUS_WORDS = {"status", "stav", "estado", "stato", "statut", "tila", "allapot", "durum", "stan", "stare", "staat",
                 "tilstand", "statuss", "busena", "olek", "stanje"}
_MEMBERSHIP_STATE = re.compile(r"laps|expir|renew|overdue|grace period|honorary|lifetime|ausgetreten|verstorben",
                               re.IGNORECASE)


def says_consent(heading: str, values: Sequence[str]) -> bool:
    """A heading that says only "Status" ("Status", "Contact Status", "Address Status") is a
    subscription's status when some value names a subscription's state; an account's "active" or
    "1" does not make it one."""
    words = [w for w in normalize_heading(heading).split() if w not in FILLER and w not in ENTITIES]
    # "Mitgliedsstatus", "Kundenstatus": a compound of a status is a status too, unless it is the newsletter's
    compound = len(words) == 1 and words[0].endswith(tuple(_STATUS_WORDS)) and \
        not words[0].startswith((*MARKETING_STEMS, "abo", "subscri", "mail", "email", "optin"))
    if len(words) != 1 or words[0] not in _STATUS_WORDS and not compound:
        return True
    filled = [v for v in values if v]
    # A membership's "Active / Lapsed / Pending" is no subscription's, though Mailchimp's "pending" is
    return not filled or (any(SUBSCRIPTION_STATE.search(v) for v in filled)
                          and not any(_MEMBERSHIP_STATE.search(v) for v in filled))


_OTHER_CHANNELS = {"sms", "text", "whatsapp", "phone", "call", "postal", "post", "push", "telefon", "brief"}


def unnamed_subscription_column(heading: str, filled: Sequence[str]) -> bool:
    """Values that are an e-mail list's states, subscribed and unsubscribed in so many words (not yes /
    no, not a membership's "active"), under a heading no vocabulary knows and that names no other channel."""
    return len(filled) >= 2 and _share(filled, is_consent_word) >= 0.8 \
        and _share(filled, lambda v: parse_yes_no(v) is None or bool(SUBSCRIPTION_STATE.search(v))) >= 0.8 \
        and any(SUBSCRIPTION_STATE.search(v) for v in filled) \
        and not any(_MEMBERSHIP_STATE.search(v) for v in filled) \
        and not set(normalize_heading(heading).split()) & _OTHER_CHANNELS and not says_someone_else(heading)


def are_subscriber_states(filled: Sequence[str], mailing_list: bool = True) -> bool:
    """"Estado", "Stav": Activo / Baja, Aktivní / Odhlášen — a subscriber's states, not a region's names.
    Spanish "Baja" is leaving anything, a gym as well as a newsletter: alone it is a subscriber's only in a
    `mailing_list` (a file that starts with the e-mail address, as e-mail tools' exports do)."""
    said = [v for v in filled if SUBSCRIPTION_STATE.search(v)]
    if said and not mailing_list and all(_LEFT.match(v) for v in said):
        return False
    return bool(filled) and _share(filled, is_consent_word) >= 0.8 and bool(said)


_LEFT = re.compile(r"^\s*(?:de\s+)?baja\s*$", re.IGNORECASE)
