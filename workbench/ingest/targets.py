"""How a column's target reads for people ('street:shipping' → 'Street (shipping)') and which targets
the import dialog offers a column."""

from __future__ import annotations

from workbench.standardize.record import (
    ADDRESS_KINDS,
    ADDRESS_PARTS,
    CANONICAL_FIELDS,
    EMAIL_KINDS,
    PHONE_KINDS,
)

_FIELD_LABELS = {
    "first_name": "First name", "middle_name": "Middle name", "last_name": "Last name", "suffix": "Name suffix",
    "full_name": "Full name", "title": "Title / salutation", "address": "Address (whole, in one cell)",
    "company": "Company", "job_title": "Job title", "email": "E-mail", "phone": "Phone", "mobile": "Mobile",
    "street": "Street", "street2": "Street, 2nd line", "city": "City", "region": "Region / state",
    "postcode": "Postcode", "country": "Country", "birth_date": "Birth date", "created_at": "Customer since",
    "last_order_at": "Last order", "total_spent": "Total spent", "order_count": "Number of orders",
    "marketing_consent": "Marketing consent", "tags": "Tags", "notes": "Notes", "external_id": "Customer id",
}


def target_label(target: str | None) -> str:
    """How a target reads for people: 'street:shipping' → 'Street (shipping)'."""
    if target is None:
        return "(ignored)"
    name, _, kind = target.partition(":")
    if name == "attribute":  # the attribute's key as words: "contact_owner" → "Contact owner"
        words = kind.replace("_", " ").strip()
        return f"Custom: {words[:1].upper() + words[1:]}"
    if name == "marketing_consent" and kind == "optin":
        return "Marketing consent (a box ticked or not: no is no answer)"
    if name == "marketing_consent" and kind == "inverted":
        return "Marketing consent (column says opted out)"
    if name == "last_name" and kind == "second":
        return "Second surname (after the last name)"
    if name == "phone" and kind == "code":
        return "Country calling code of the row's phones"
    if name == "phone" and kind == "area":
        return "Area code of the row's phones"
    label = _FIELD_LABELS.get(name, name)
    return f"{label} ({kind})" if kind else label


def target_choices() -> list[str]:
    """Every target a column can be given in the import dialog, in a sensible order."""
    choices: list[str] = []
    for name in CANONICAL_FIELDS:
        choices.append(name)
        if name == "email":
            choices.extend(f"email:{k}" for k in EMAIL_KINDS)
        elif name == "phone":
            choices.extend([*(f"phone:{k}" for k in PHONE_KINDS if k != "mobile"), "phone:code", "phone:area"])
        elif name in ADDRESS_PARTS:
            choices.extend(f"{name}:{k}" for k in ADDRESS_KINDS if k != "home")
        elif name == "marketing_consent":
            choices.append("marketing_consent:inverted")
        elif name == "last_name":
            choices.append("last_name:second")
    return choices
