"""vCard 4.0 (RFC 6350) and 3.0 (RFC 2426) cards for address books and phones.

Both versions: UTF-8, CRLF line ends, lines folded at 75 octets (a CRLF and one space) without
splitting a UTF-8 sequence, and text values escaped (backslash, comma, semicolon, newline).
Every valid e-mail and phone and every address goes in, each with its TYPE and the primary one
marked preferred (PREF=1 in 4.0, TYPE=pref in 3.0).
"""

from __future__ import annotations

from collections.abc import Iterable

from workbench.standardize.countries import country_name
from workbench.store.export_rows import (
    A_KIND,
    A_PARTS,
    E_ADDRESS,
    E_KIND,
    E_VALID,
    P_E164,
    P_KIND,
    P_NUMBER,
    P_VALID,
    AddressPoint,
    ExportCustomer,
    as_date,
    as_json,
)
from workbench.store.models import format_master_number

PRODID = "-//Steward Workbench//Customer master export//EN"
FOLD_OCTETS = 75

# Contact-point kinds → TYPE values. 4.0 knows work/home (+ cell, fax, voice … for TEL);
# 3.0 also has postal/parcel addresses, which is what billing and shipping addresses are.
TEL_TYPES_40 = {"mobile": "cell", "home": "home", "work": "work", "fax": "fax", "other": "voice"}
TEL_TYPES_30 = {"mobile": "CELL", "home": "HOME,VOICE", "work": "WORK,VOICE", "fax": "FAX", "other": "VOICE"}
EMAIL_TYPES_40 = {"home": "home", "work": "work"}
EMAIL_TYPES_30 = {"home": "INTERNET,HOME", "work": "INTERNET,WORK"}
ADR_TYPES_40 = {"home": "home", "work": "work"}
ADR_TYPES_30 = {"home": "HOME", "work": "WORK", "billing": "POSTAL", "shipping": "PARCEL"}


def escape(value: str) -> str:
    """Escape a text value (or one component of a structured value)."""
    return (value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Fold one content line to at most 75 octets per physical line, never inside a character."""
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return line + "\r\n"
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    limit = FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size = [], 0
            limit = FOLD_OCTETS - 1  # continuation lines start with the space that folds them
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _structured(*components: str | None) -> str:
    return ";".join(escape(c or "") for c in components)


def _name_parts(c: ExportCustomer) -> tuple[str, str]:
    """FN, and the person's name if there is one."""
    person = " ".join(p for p in (c.first_name, c.middle_name, c.last_name) if p)
    fn = c.display_name or person or c.company or ""
    return fn, person


def card(c: ExportCustomer, version: str = "4.0") -> str:
    v4 = version.startswith("4")
    lines: list[str] = ["BEGIN:VCARD", f"VERSION:{'4.0' if v4 else '3.0'}"]
    if v4:
        lines.append(f"PRODID:{PRODID}")
    fn, person = _name_parts(c)
    if v4 and c.kind == "organization":
        lines.append("KIND:org")
    lines.append("FN:" + escape(fn or c.company or "?"))
    if person or not v4:  # 3.0 requires N; an organization's is empty
        lines.append("N:" + _structured(c.last_name, c.first_name, c.middle_name, c.title, c.suffix))
    if c.company:
        lines.append("ORG:" + escape(c.company))
    if c.job_title:
        lines.append("TITLE:" + escape(c.job_title))
    birth = as_date(c.birth_date)
    if birth:
        lines.append("BDAY:" + (birth.strftime("%Y%m%d") if v4 else birth.isoformat()))
    for index, email in enumerate(e for e in c.emails if e[E_VALID]):
        lines.append("EMAIL" + _params(v4, index == 0, EMAIL_TYPES_40 if v4 else EMAIL_TYPES_30, email[E_KIND],
                                       "INTERNET") + ":" + escape(email[E_ADDRESS]))
    for index, phone in enumerate(p for p in c.phones if p[P_VALID]):
        params = _params(v4, index == 0, TEL_TYPES_40 if v4 else TEL_TYPES_30, phone[P_KIND], None)
        if v4 and phone[P_E164]:
            lines.append(f"TEL;VALUE=uri{params}:tel:{phone[P_E164]}")
        else:
            lines.append(f"TEL{params}:" + escape(phone[P_E164] or phone[P_NUMBER]))
    for index, address in enumerate(c.addresses):
        lines.append("ADR" + _params(v4, index == 0, ADR_TYPES_40 if v4 else ADR_TYPES_30, address[A_KIND], None)
                     + ":" + _adr(address))
    tags = as_json(c.tags)
    if tags:
        lines.append("CATEGORIES:" + ",".join(escape(str(t)) for t in tags if t))
    # An x-name property (allowed by both RFCs): the way back to the customer in the master.
    lines.append(f"X-STEWARD-MASTER-NUMBER:{format_master_number(c.id)}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def _params(v4: bool, preferred: bool, types: dict[str, str], kind: str, base: str | None) -> str:
    value = types.get(kind)
    if v4:
        text = f";TYPE={value}" if value else ""
        return text + (";PREF=1" if preferred else "")
    names = [n for n in ((value or base or "").split(",")) if n]
    if preferred:
        names.append("PREF")
    return f";TYPE={','.join(names)}" if names else ""


def _adr(a: AddressPoint) -> str:
    part = {name: a[index] for name, index in A_PARTS.items()}
    street = ", ".join(p for p in (part["street"], part["street2"]) if p)
    # ADR: post office box; extended address; street; locality; region; postal code; country name
    return _structured("", "", street, part["city"], part["region"], part["postcode"],
                       country_name(part["country"]) or part["country"])


def cards(customers: Iterable[ExportCustomer], version: str = "4.0") -> Iterable[str]:
    for customer in customers:
        yield card(customer, version)
