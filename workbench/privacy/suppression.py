"""Suppression: e-mail addresses and phone numbers an import must not bring back, kept only as
keyed hashes.

An erased person leaves an entry for each of their addresses and numbers, so that an old export
imported next month does not re-create them; a customer marked do not contact, or who
unsubscribed or declined marketing, is mirrored the same way, so that a new record of theirs
from another list does not arrive as a contactable stranger. An import holds back a new row
that meets an erased or do-not-contact entry and says why; a new row that meets an opt-out
arrives with that opt-out instead of the consent the old file claims.

The hash is HMAC-SHA256 with a secret of 32 random bytes kept in the master's own settings.
It travels with the master, so a copy or a restored backup still suppresses; without that
secret an entry cannot be tested against guessed addresses (an unkeyed hash of a phone number
can be reversed by trying every number of a country). Whoever holds the whole master holds
the secret as well; an encrypted master (see `store.encryption`) closes that door too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from workbench.ingest.prepare import CUSTOMER_COLUMNS, Prepared
from workbench.standardize.emails import match_key
from workbench.store import settings_table
from workbench.store.models import Customer, Email, Phone, SourceRecord, Suppression, utcnow
from workbench.store.queries import resolve_customer_id
from workbench.store.record_packing import payload_of
from workbench.text import digits

SECRET_SETTING = "privacy.suppression_secret"
ERASED, DO_NOT_CONTACT = "erased", "do_not_contact"
OPT_OUTS = ("unsubscribed", "denied")
# Strongest first: a row meeting several entries is treated by the strongest.
REASONS = (ERASED, DO_NOT_CONTACT, *OPT_OUTS)
HELD_BACK = {ERASED: "erased", DO_NOT_CONTACT: "do not contact"}
_CONSENT = CUSTOMER_COLUMNS.index("marketing_consent")
_EMAIL_NORMALIZED = 1  # ingest.prepare.EMAIL_COLUMNS
_PHONE_NUMBER, _PHONE_E164 = 0, 1  # ingest.prepare.PHONE_COLUMNS


def secret(session: Session, *, create: bool = False) -> bytes | None:
    """The master's suppression secret; made (inside the caller's transaction) when asked to."""
    stored = settings_table.get(session, SECRET_SETTING)
    if stored and stored.get("hmac_sha256"):
        return base64.b64decode(stored["hmac_sha256"])
    if not create:
        return None
    key = secrets.token_bytes(32)
    settings_table.put(session, SECRET_SETTING, {"hmac_sha256": base64.b64encode(key).decode("ascii"),
                                                 "created_at": utcnow().isoformat(timespec="seconds")})
    return key


def email_text(normalized: str | None) -> str | None:
    """The form an address is hashed in: the mailbox, as `match_key` sees it (Gmail dots, +tags)."""
    return f"email:{match_key(normalized)}" if normalized and "@" in normalized else None


def phone_text(number: str | None, e164: str | None) -> str | None:
    if e164:
        return f"phone:{e164}"
    number_digits = digits(number or "")
    return f"phone:{number_digits}" if len(number_digits) >= 5 else None


def digest(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def _texts(emails: Iterable[str | None], phones: Iterable[tuple[str | None, str | None]]) -> set[str]:
    found = {email_text(e) for e in emails} | {phone_text(n, e) for n, e in phones}
    found.discard(None)
    return found  # type: ignore[return-value]


def customer_texts(session: Session, ids: Iterable[int]) -> set[str]:
    """Every address and number the customers hold, on the customer or in any of their source
    records (a merge keeps one copy of a repeated address; the records keep what they said)."""
    ids = list(ids)
    emails = list(session.scalars(select(Email.normalized).where(Email.customer_id.in_(ids))))
    phones = [tuple(r) for r in session.execute(select(Phone.number, Phone.e164).where(Phone.customer_id.in_(ids)))]
    for packed in session.scalars(select(SourceRecord.packed).where(SourceRecord.customer_id.in_(ids))):
        fields = payload_of(packed)
        emails.extend(e.get("normalized") for e in (fields or {}).get("emails") or [])
        phones.extend((p.get("number"), p.get("e164")) for p in (fields or {}).get("phones") or [])
    return _texts(emails, phones)


def _kind(text: str) -> str:
    return text.partition(":")[0]


def record_erased(session: Session, texts: set[str], ids: Iterable[int]) -> int:
    """Suppress an erased person's addresses and numbers for good; their mirrored entries go."""
    ids = list(ids)
    session.execute(delete(Suppression).where(Suppression.customer_id.in_(ids)))
    if not texts:
        return 0
    key = secret(session, create=True)
    assert key is not None
    wanted = {digest(key, t): _kind(t) for t in texts}
    known = set(session.scalars(select(Suppression.digest).where(
        Suppression.reason == ERASED, Suppression.digest.in_(list(wanted)))))
    now = utcnow()
    session.add_all(Suppression(kind=kind, digest=d, reason=ERASED, customer_id=None, created_at=now)
                    for d, kind in wanted.items() if d not in known)
    return len(wanted)


def sync(session: Session) -> None:
    """Mirror every customer marked do not contact or opted out into entries of their own.

    An entry stays while its customer keeps the reason, even when the address is later edited
    away or a merge is undone; it goes when the customer no longer has the reason (a steward
    lifted do not contact, the customer subscribed again).
    """
    flagged = session.execute(select(Customer.id, Customer.do_not_contact, Customer.marketing_consent).where(
        Customer.merged_into_id.is_(None),
        or_(Customer.do_not_contact.is_(True), Customer.marketing_consent.in_(OPT_OUTS)))).all()
    existing = session.execute(select(Suppression.id, Suppression.digest, Suppression.reason,
                                      Suppression.customer_id).where(Suppression.customer_id.isnot(None))).all()
    if not flagged and not existing:
        return
    reasons: dict[int, list[str]] = {}
    for cid, dnc, consent in flagged:
        reasons[cid] = ([DO_NOT_CONTACT] if dnc else []) + ([consent] if consent in OPT_OUTS else [])
    stale: list[int] = []
    have: set[tuple[str, str, int]] = set()
    for entry_id, entry_digest, reason, cid in existing:
        root = cid if cid in reasons else resolve_customer_id(session, cid)
        if reason in reasons.get(root, ()):
            have.add((entry_digest, reason, cid))
        else:
            stale.append(entry_id)
    if stale:
        session.execute(delete(Suppression).where(Suppression.id.in_(stale)))
    if not reasons:
        return
    key = secret(session, create=True)
    assert key is not None
    now = utcnow()
    texts = _texts_by_customer(session, list(reasons))
    session.add_all(
        Suppression(kind=_kind(t), digest=d, reason=reason, customer_id=cid, created_at=now)
        for cid, customer_reasons in reasons.items() for t in texts.get(cid, ())
        for d in (digest(key, t),) for reason in customer_reasons if (d, reason, cid) not in have)


def _texts_by_customer(session: Session, ids: list[int]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for cid, normalized in session.execute(select(Email.customer_id, Email.normalized)
                                               .where(Email.customer_id.in_(chunk))):
            text = email_text(normalized)
            if text:
                found.setdefault(cid, set()).add(text)
        for cid, number, e164 in session.execute(select(Phone.customer_id, Phone.number, Phone.e164)
                                                 .where(Phone.customer_id.in_(chunk))):
            text = phone_text(number, e164)
            if text:
                found.setdefault(cid, set()).add(text)
    return found


# ------------------------------------------------------------------ what an import does with them


@dataclass
class ImportScreen:
    """Looks at an import's new rows: holds back the erased and do-not-contact, keeps opt-outs."""

    key: bytes
    reasons: dict[str, str]  # digest → its strongest reason
    held_back: Counter[str] = field(default_factory=Counter)
    opt_outs_kept: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)  # {"row": n, "reason": "erased"}

    def reason(self, item: Prepared) -> str | None:
        texts = _texts((e[_EMAIL_NORMALIZED] for e in item.emails),
                       ((p[_PHONE_NUMBER], p[_PHONE_E164]) for p in item.phones))
        found = [self.reasons[d] for d in (digest(self.key, t) for t in texts) if d in self.reasons]
        return min(found, key=REASONS.index) if found else None

    def __call__(self, items: list[Prepared]) -> list[Prepared]:
        kept: list[Prepared] = []
        for item in items:
            reason = self.reason(item)
            if reason in HELD_BACK:
                self.held_back[HELD_BACK[reason]] += 1
                self.rows.append({"row": item.row or item.record_no, "reason": HELD_BACK[reason]})
                continue
            if reason in OPT_OUTS and item.customer[_CONSENT] in ("granted", "unknown"):
                values = list(item.customer)
                values[_CONSENT] = reason
                item.customer = tuple(values)
                self.opt_outs_kept += 1
            kept.append(item)
        return kept


def import_screen(session: Session) -> ImportScreen | None:
    """The screen for an import running in `session`, after bringing the mirrored entries up to
    date; None when the master suppresses nothing."""
    sync(session)
    key = secret(session)
    if key is None:
        return None
    reasons: dict[str, str] = {}
    for entry_digest, reason in session.execute(select(Suppression.digest, Suppression.reason)):
        if entry_digest not in reasons or REASONS.index(reason) < REASONS.index(reasons[entry_digest]):
            reasons[entry_digest] = reason
    return ImportScreen(key, reasons) if reasons else None
