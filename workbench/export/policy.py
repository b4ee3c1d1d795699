"""Who may be in an export: consent and do-not-contact, by what the file is for.

- Do not contact is always respected: nobody marked so is in a marketing or contact file
  (e-mail tools, CRMs, address books), and no option changes that. Data files (the generic
  CSV/XLSX and the cross-reference) are copies of the master, not contact lists: they keep
  everyone and carry the flag in their Do not contact column.
- Marketing files carry only customers whose marketing consent is "granted". Unsubscribed,
  bounced, declined ("denied") and never asked ("unknown") are left out, unless the user
  explicitly includes customers without consent (`--include-unsubscribed`, a check box in
  the dialog): then every consent state is included (do-not-contact still is not), for
  example to give the tool the list of people to suppress.

The summary counts who was left out and why; the counting runs as one GROUP BY over the same
filter, so it costs nothing per row.
"""

from __future__ import annotations

from workbench.export.presets import CONTACT, MARKETING, Preset
from workbench.store.filters import CustomerFilter

CONSENT_STATES = ("granted", "denied", "unsubscribed", "bounced", "unknown")

# Reason keys → the words the summary uses.
REASONS = {
    "do_not_contact": "marked do not contact",
    "unsubscribed": "unsubscribed",
    "bounced": "e-mail bounced",
    "denied": "declined marketing",
    "unknown": "never gave marketing consent",
    "no_email": "no valid e-mail address",
    "duplicate_email": "e-mail address already in the file for another customer",
}


def describe_reason(key: str) -> str:
    if key.startswith("missing:"):
        return f"no {key.split(':', 1)[1]} (the tool requires it)"
    return REASONS.get(key, key)


def policy_filters(preset: Preset, include_without_consent: bool) -> list[CustomerFilter]:
    filters: list[CustomerFilter] = []
    if preset.purpose in (MARKETING, CONTACT):
        filters.append(CustomerFilter(exclude_do_not_contact=True))
    if preset.purpose == MARKETING and not include_without_consent:
        filters.append(CustomerFilter(consent=("granted",)))
    return filters


def left_out_by_policy(breakdown: dict[tuple[str, bool], int], preset: Preset,
                       include_without_consent: bool) -> dict[str, int]:
    """From (consent, do-not-contact) → count, how many the policy leaves out and why."""
    left: dict[str, int] = {}
    for (consent, dnc), count in breakdown.items():
        reason = None
        if dnc and preset.purpose in (MARKETING, CONTACT):
            reason = "do_not_contact"
        elif preset.purpose == MARKETING and not include_without_consent and consent != "granted":
            reason = consent if consent in REASONS else "unknown"
        if reason:
            left[reason] = left.get(reason, 0) + count
    return left


def included_without_consent(breakdown: dict[tuple[str, bool], int], preset: Preset,
                             include_without_consent: bool) -> dict[str, int]:
    """When the user chose to include them: how many without consent are in, by state."""
    if preset.purpose != MARKETING or not include_without_consent:
        return {}
    counts: dict[str, int] = {}
    for (consent, dnc), count in breakdown.items():
        if not dnc and consent != "granted":
            counts[consent] = counts.get(consent, 0) + count
    return counts
