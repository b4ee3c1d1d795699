"""Writing the shop's copies the way each system exports them.

Each `Layout` takes its headings from the layout's own sample export in
`tests/data/import_layouts/<id>/` (and its byte-order mark, line ends, delimiter and encoding),
and fills them the way that system writes its values: its date forms, yes/no words, phone
forms, country codes or names, whole-address cells, several values in one cell, title rows
above the table. A layout also says which golden fields it *carries* (a Mailchimp birthday
without a year does not carry the birth date), which the harness needs to tell a field the
merge could have got right from one nobody could.

`write_layout` returns the person behind every data row, in file order; that mapping never
goes into the file.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneNumberFormat

from . import world
from .population import TODAY, Address, Person
from .systems import Copy

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "import_layouts"

NAME_FIELDS = ("first_name", "last_name")
ALL_ADDRESS = ("street", "postcode", "city", "country")

Row = dict[str, object]


@dataclass
class Context:
    rng: random.Random
    people: dict[int, Person]


@dataclass(frozen=True)
class Layout:
    id: str
    file_name: str
    sample: str  # the sample export's file name in its folder
    carries: frozenset[str]
    rows: Callable[[list[Copy], Context], list[tuple[Copy, Row]]]
    quote: str = "minimal"  # minimal / all / spaces (cells with a space, comma or quote)
    header_row: int = 0  # the heading row's index in the sample
    preamble: tuple[tuple[str, ...], ...] = ()
    postamble: tuple[tuple[str, ...], ...] = ()
    padded_footer: bool = True  # footer lines padded to the table's width (QuickBooks), or one cell (Salesforce)
    encoding: str | None = None  # else the sample's
    xlsx: bool = False


# --------------------------------------------------------------------------- value forms


def parsed(e164: str) -> phonenumbers.PhoneNumber:
    return phonenumbers.parse(e164)


def intl(e164: str | None) -> str:
    return phonenumbers.format_number(parsed(e164), PhoneNumberFormat.INTERNATIONAL) if e164 else ""


def national(e164: str | None) -> str:
    return phonenumbers.format_number(parsed(e164), PhoneNumberFormat.NATIONAL) if e164 else ""


def digits_only(e164: str | None) -> str:
    return e164.lstrip("+") if e164 else ""


def typed(rng: random.Random, e164: str | None, home: str) -> str:
    """A number as a person types it: national inside the person's own country, else international."""
    if not e164:
        return ""
    region = phonenumbers.region_code_for_number(parsed(e164))
    roll = rng.random()
    if region == home and roll < 0.6:
        return national(e164)
    if roll < 0.8:
        return intl(e164)
    return e164


def country_name(code: str | None, local: bool = False) -> str:
    if not code:
        return ""
    own, english = world.COUNTRY_NAMES[code]
    return own if local else english


def full_name(copy: Copy, middle: bool = False) -> str:
    parts = [copy.first, copy.middle if middle else None, copy.last, copy.suffix if middle else None]
    return " ".join(p for p in parts if p)


def iso(when: datetime | None, sep: str = " ", seconds: bool = True) -> str:
    if when is None:
        return ""
    return when.strftime(f"%Y-%m-%d{sep}%H:%M" + (":%S" if seconds else ""))


def mdy(when) -> str:
    return f"{when.month}/{when.day}/{when.year}" if when else ""


def money(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else ""


def region_code(address: Address | None) -> str:
    return address.region if address and address.country in ("US", "CA", "IT", "ES") else ""


def sort_by_joined(copies: list[Copy]) -> list[Copy]:
    return sorted(copies, key=lambda c: (c.joined or TODAY, c.pid))


def english_title(copy: Copy, person: Person) -> str:
    if person.doctor:
        return "Dr."
    return "Mr." if person.gender == "m" else "Ms."


def salutation(person: Person) -> str:
    return "Dr." if person.doctor else person.title


def shop_id(rng: random.Random, digits: int) -> str:
    return str(rng.randrange(10 ** (digits - 1), 10 ** digits))


def code_id(rng: random.Random, length: int, alphabet: str = "ABCDEFGHJKMNPQRSTVWXYZ0123456789") -> str:
    return "".join(rng.choice(alphabet) for _ in range(length))


# --------------------------------------------------------------------------- the layouts


def _woocommerce_analytics(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        guest = ctx.rng.random() < 0.3
        a = c.address
        orders = c.orders or 0
        out.append((c, {
            "Name": full_name(c), "Username": "" if guest else (c.email or "x").split("@")[0][:12],
            "Last active": iso(c.last_order, "T"), "Date registered": "" if guest else iso(c.joined, "T"),
            "Email": c.email or "", "Orders": orders, "Total spend": money(c.spent),
            "AOV": money((c.spent or 0) / orders if orders else 0), "Country / Region": a.country if a else "",
            "City": a.city if a else "", "Region": region_code(a), "Postal code": a.postcode if a else ""}))
        if guest:
            c.joined = None  # not in the file: a guest has no registration date
    return out


def _shopify(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        a = c.address
        phone = c.mobile or c.landline
        out.append((c, {
            "Customer ID": "'" + shop_id(ctx.rng, 13), "First Name": c.first, "Last Name": c.last,
            "Email": c.email or "", "Accepts Email Marketing": "yes" if c.consent == "granted" else "no",
            "Default Address Company": c.company or "", "Default Address Address1": c.street() or "",
            "Default Address Address2": a.street2 if a else "", "Default Address City": a.city if a else "",
            "Default Address Province Code": region_code(a), "Default Address Country Code": a.country if a else "",
            "Default Address Zip": a.postcode if a else "",
            "Default Address Phone": "'" + phone if phone and a and ctx.rng.random() < 0.6 else "",
            "Phone": "'" + c.mobile if c.mobile else "", "Accepts SMS Marketing": "no",
            "Total Spent": money(c.spent), "Total Orders": c.orders, "Note": "", "Tax Exempt": "no",
            "Tags": "wholesale" if c.company else ""}))
    return out


def _square(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        rng = ctx.rng
        instant = c.email is None or rng.random() < 0.25  # made from a card payment: the name on the card
        first, last = (c.first.upper(), c.last.upper()) if instant and rng.random() < 0.6 else (c.first, c.last)
        a = c.address if not instant and rng.random() < 0.35 else None
        status = {"granted": "Subscribed", "unsubscribed": "Unsubscribed"}.get(c.consent or "", "Unknown")
        birthday = ""
        if c.birth and not instant and rng.random() < 0.5:
            birthday = c.birth.isoformat() if rng.random() < 0.6 else c.birth.strftime("%m-%d")
        out.append((c, {
            "First Name": first, "Last Name": last, "Email Address": "" if instant else c.email or "",
            "Phone Number": intl(c.mobile or c.landline), "Nickname": "", "Company Name": c.company or "",
            "Street Address 1": c.street() or "" if a else "", "City": a.city if a else "",
            "State": a.region if a else "", "Postal Code": a.postcode if a else "", "Birthday": birthday,
            "Memo": "", "Square Customer ID": code_id(rng, 26), "Creation Source": "Instant Profile" if instant
            else "Directory", "First Visit": c.joined.date().isoformat(), "Last Visit": c.last_order.date().isoformat(),
            "Transaction Count": c.orders, "Lifetime Spend": f"€{c.spent:,.2f}", "Email Subscription Status": status,
            "Instant Profile": "Yes" if instant else "No", "Blocked from online booking": "No"}))
        if a is None:
            c.address = None
        if instant:
            c.email = None
            if first != c.first:
                c.noise.append("capitals (card name)")
        if not birthday or len(birthday) < 10:
            c.birth = None
    return out


def _stripe(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        out.append((c, {
            "id": "cus_" + code_id(ctx.rng, 14, "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789"),
            "Description": "Werkstattkurs" if ctx.rng.random() < 0.3 else "", "Email": c.email or "",
            "Name": full_name(c), "Created (UTC)": iso(c.joined, seconds=False), "Delinquent": "false",
            "Plan": "Kurs monatlich", "Status": "active" if ctx.rng.random() < 0.7 else "canceled",
            "Total Spend": money(c.spent), "Payment Count": c.orders, "Refunded Volume": "0.00",
            "Dispute Losses": "0.00", "tag (metadata)": ""}))
    return out


def _mailchimp_address(c: Copy) -> str:
    a = c.address
    if a is None:
        return ""
    parts = [c.street(), a.street2, a.city, region_code(a), a.postcode, a.country]
    return "  ".join(p for p in parts if p)


def _mailchimp(unsubscribed: bool) -> Callable[[list[Copy], Context], list[tuple[Copy, Row]]]:
    def rows(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
        out = []
        for c in sort_by_joined(copies):
            rng = ctx.rng
            if rng.random() < 0.6:
                c.address = None  # most subscribers give an e-mail and a name only
            if rng.random() < 0.6:
                c.mobile = c.landline = c.work_phone = None
            phone = c.mobile or c.landline
            a = c.address
            row: Row = {
                "Email Address": c.email, "First Name": c.first, "Last Name": c.last,
                "Address": _mailchimp_address(c), "Phone Number": intl(phone),
                "Birthday": c.birth.strftime("%m/%d") if c.birth else "", "Company": c.company or "",
                "MEMBER_RATING": rng.randint(1, 5), "OPTIN_TIME": iso(c.joined),
                "CONFIRM_TIME": iso(c.joined + timedelta(seconds=50)), "CONFIRM_IP": "203.0.113.9",
                "CC": a.country if a else c.extra.get("cc", ""), "REGION": "",
                "LEID": shop_id(rng, 9), "EUID": code_id(rng, 10, "0123456789abcdef"), "NOTES": "",
                "TAGS": '"Customer"' if rng.random() < 0.5 else ""}
            if unsubscribed:
                when = max(c.joined + timedelta(days=30), TODAY - timedelta(days=rng.randint(5, 900)))
                row.update({"UNSUB_TIME": iso(min(when, TODAY)), "UNSUB_CAMPAIGN_TITLE": "Frühjahrs-News",
                            "UNSUB_CAMPAIGN_ID": code_id(rng, 10, "0123456789abcdef"),
                            "UNSUB_REASON": "I no longer want to receive these emails"})
            else:
                row["LAST_CHANGED"] = iso(min(c.joined + timedelta(days=rng.randint(0, 300)), TODAY))
            out.append((c, row))
            c.birth = None  # month and day only
        return out
    return rows


def _brevo(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for number, c in enumerate(sort_by_joined(copies), start=1):
        rng = ctx.rng
        out.append((c, {
            "CONTACT ID": number, "EMAIL": c.email, "LASTNAME": c.last, "FIRSTNAME": c.first, "WHATSAPP": "",
            "SMS": digits_only(c.mobile), "DOUBLE_OPT-IN": "Yes" if rng.random() < 0.7 else "No",
            "OPT_IN": "Yes" if c.consent == "granted" else "No", "LANDLINE_NUMBER": digits_only(c.landline),
            "EXT_ID": "", "CONTACT_TIMEZONE": "Europe/Berlin", "JOB_TITLE": c.job_title or "", "LINKEDIN": "",
            "EMAIL_BLACKLISTED": "No", "SMS_BLACKLISTED": "No", "ADDED_TIME": c.joined.strftime("%d-%m-%Y"),
            "MODIFIED_TIME": c.at.strftime("%d-%m-%Y")}))
    return out


STATES = {"BW": "Baden-Württemberg", "BY": "Bayern", "BE": "Berlin", "HH": "Hamburg", "NW": "Nordrhein-Westfalen",
          "SN": "Sachsen", "HE": "Hessen", "OR": "Oregon", "MA": "Massachusetts", "IL": "Illinois", "TX": "Texas",
          "WA": "Washington", "NY": "New York", "ON": "Ontario", "QC": "Quebec", "BC": "British Columbia"}


def _hubspot(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        a = c.address
        out.append((c, {
            "Record ID": shop_id(ctx.rng, 8), "First Name": c.first, "Last Name": c.last, "Email": c.email or "",
            "Phone Number": intl(c.work_phone or c.landline), "Mobile Phone Number": intl(c.mobile),
            "Contact owner": "Lena Vogt", "Associated Company": c.company or "", "Primary Associated Company ID":
            shop_id(ctx.rng, 10) if c.company else "", "Company Name": c.company or "", "Job Title": c.job_title or "",
            "Street Address": c.street() or "", "City": a.city if a else "",
            "State/Region": STATES.get(a.region, "") if a else "", "Postal Code": a.postcode if a else "",
            "Country/Region": country_name(a.country) if a else "",
            "Lifecycle Stage": "Customer", "Lead Status": "Open",
            "Marketing contact status": "Marketing contact" if c.consent == "granted" else "Non-marketing contact",
            "Create Date": iso(c.joined, seconds=False), "Last Activity Date": iso(c.activity, seconds=False)}))
    return out


def _us_or_intl(e164: str | None) -> str:
    if e164 and e164.startswith("+1"):
        return national(e164)
    return intl(e164)


def _salesforce_contacts(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        a = c.address
        person = ctx.people[c.pid]
        out.append((c, {
            "Contact Owner": "Lena Vogt", "Salutation": english_title(c, person), "First Name": c.first,
            "Last Name": c.last, "Title": c.job_title or "", "Account Name": c.company or "",
            "Mailing Street": c.street() or "", "Mailing City": a.city if a else "",
            "Mailing State/Province": region_code(a), "Mailing Zip/Postal Code": a.postcode if a else "",
            "Mailing Country": country_name(a.country) if a else "", "Phone": _us_or_intl(c.work_phone or c.landline),
            "Mobile": _us_or_intl(c.mobile), "Email": c.email or "",
            "Email Opt Out": "1" if c.consent == "unsubscribed" else "0", "Birthdate": mdy(c.birth),
            "Lead Source": ctx.rng.choice(["Web", "Trade Show", "Referral"]), "Created Date": mdy(c.joined),
            "Last Activity": mdy(c.activity), "Contact ID": "0035g0000" + code_id(ctx.rng, 9)}))
    return out


def _zoho_crm(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        a = c.address
        person = ctx.people[c.pid]
        out.append((c, {
            "Record Id": "zcrm_5712000000" + shop_id(ctx.rng, 6), "Contact Owner": "Lena Vogt",
            "Lead Source": "Trade Show", "First Name": c.first, "Last Name": c.last, "Account Name": c.company or "",
            "Email": c.email or "", "Title": c.job_title or "", "Department": "", "Phone": intl(c.work_phone),
            "Home Phone": intl(c.landline), "Mobile": intl(c.mobile),
            "Date of Birth": c.birth.isoformat() if c.birth else "", "Email Opt Out":
            "true" if c.consent == "unsubscribed" else "false", "Created By": "Lena Vogt", "Modified By": "Lena Vogt",
            "Created Time": iso(c.joined), "Modified Time": iso(c.at), "Full Name": full_name(c),
            "Mailing Street": c.street() or "", "Mailing City": a.city if a else "",
            "Mailing State": STATES.get(a.region, "") if a else "", "Mailing Zip": a.postcode if a else "",
            "Mailing Country": country_name(a.country) if a else "", "Salutation": english_title(c, person),
            "Secondary Email": c.email2 or "", "Last Activity Time": iso(c.activity), "Tag": "B2B"}))
    return out


def _xero(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for number, c in enumerate(sort_by_joined(copies), start=1):
        a = c.address
        out.append((c, {
            "*ContactName": c.company or full_name(c), "AccountNumber": f"K{number:04d}",
            "EmailAddress": c.email or "", "FirstName": c.first, "LastName": c.last,
            "POAddressLine1": c.street() or "", "POAddressLine2": a.street2 if a else "",
            "POCity": a.city if a else "", "PORegion": "", "POPostalCode": a.postcode if a else "",
            "POCountry": country_name(a.country) if a else "", "PhoneNumber": national(c.work_phone or c.landline),
            "MobileNumber": national(c.mobile), "DueDateSalesDay": "14", "DueDateSalesTerm": "DAYSAFTERBILLDATE",
            "SalesAccount": "8400"}))
    return out


def _eventbrite(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    """One row per ticket: a partner's ticket carries the buyer's e-mail; regulars come to several events."""
    rng = ctx.rng
    out: list[tuple[Copy, Row]] = []
    order = 8734561200
    tickets = []
    for c in sort_by_joined(copies):
        tickets.append((c.joined, c))
        if rng.random() < 0.3:
            later = c.joined + timedelta(days=rng.randint(30, 400))
            if later < TODAY:
                tickets.append((later, c))
    for when, c in sorted(tickets, key=lambda t: (t[0], t[1].pid)):
        order += rng.randint(1, 40)
        person = ctx.people[c.pid]
        partner = ctx.people.get(person.partner) if person.partner else None
        guests = [partner] if partner and rng.random() < 0.6 else []
        a = c.address
        stamp = when.strftime("%Y-%m-%d %H:%M:%S") + "+01:00"
        base = {"Order #": order, "Order Date": stamp, "Quantity": 1 + len(guests), "Ticket Type": "Töpferkurs",
                "Order Type": "Eventbrite Completed", "Currency": "EUR", "Total Paid": money(45.0 * (1 + len(guests))),
                "Fees Paid": "3.54", "Eventbrite Fees": "1.99", "Eventbrite Payment Processing": "1.55",
                "Attendee Status": "Attending"}
        out.append((c, {**base, "First Name": c.first, "Last Name": c.last, "Email": c.email or "",
                            "Attendee #": shop_id(rng, 11), "Home Address 1": c.street() or "",
                            "Home Address 2": a.street2 if a else "", "Home City": a.city if a else "",
                            "Home State": region_code(a), "Home Zip": a.postcode if a else "",
                            "Home Country": country_name(a.country) if a else "", "Cell Phone": intl(c.mobile),
                            "Job Title": c.job_title or "", "Company": c.company or ""}))
        for guest in guests:  # the partner's ticket: their name, the buyer's e-mail and address
            ticket = Copy(guest.pid, c.layout, c.role, when, first=guest.nickname if guest.nickname and
                          rng.random() < 0.5 else guest.first, last=guest.last, email=c.email, address=a,
                          street_short=c.street_short, joined=when, noise=["ticket bought by partner"])
            out.append((ticket, {**base, "First Name": ticket.first, "Last Name": ticket.last,
                                 "Email": c.email or "", "Attendee #": shop_id(rng, 11),
                                 "Home Address 1": c.street() or "", "Home City": a.city if a else "",
                                 "Home Zip": a.postcode if a else "",
                                 "Home Country": country_name(a.country) if a else ""}))
    return out


def _google(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    rng = ctx.rng
    out = []
    for c in sort_by_joined(copies):
        person = ctx.people[c.pid]
        a = c.address
        home = person.country
        emails = [(("* Work" if c.company else "* Home"), c.email)] if c.email else []
        if c.email2:
            emails.append(("Home", c.email2))
        phones = [(label, typed(rng, n, home)) for label, n in
                  (("Mobile", c.mobile), ("Work" if c.work_phone else "Home", c.work_phone or c.landline)) if n]
        row: Row = {"First Name": c.first, "Middle Name": c.middle or "", "Last Name": c.last,
                    "Name Suffix": c.suffix or "", "Nickname": person.nickname if c.first != person.nickname and
                    person.nickname and rng.random() < 0.3 else "",
                    "Organization Name": c.company or "", "Organization Title": c.job_title or "",
                    "Birthday": c.birth.isoformat() if c.birth else "",
                    "Labels": "* myContacts ::: " + ("Geschäftskunden" if c.company else "Kunden")}
        for i, (label, value) in enumerate(emails, start=1):
            row[f"E-mail {i} - Label"], row[f"E-mail {i} - Value"] = label, value
        for i, (label, value) in enumerate(phones, start=1):
            row[f"Phone {i} - Label"], row[f"Phone {i} - Value"] = label, value
        if a:
            street = c.street()
            row.update({"Address 1 - Label": "Work" if c.company else "Home",
                        "Address 1 - Formatted": f"{street}\n{a.postcode} {a.city}\n{country_name(a.country, True)}",
                        "Address 1 - Street": street, "Address 1 - City": a.city,
                        "Address 1 - Postal Code": a.postcode, "Address 1 - Country": country_name(a.country, True)})
        out.append((c, row))
    return out


def _outlook_web(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        person = ctx.people[c.pid]
        a = c.address
        if ctx.rng.random() < 0.6:
            c.title = None  # most contacts are saved without a courtesy title
        row: Row = {"First Name": c.first, "Middle Name": c.middle or "", "Last Name": c.last,
                    "Title": english_title(c, person) if c.title else "", "Suffix": c.suffix or "",
                    "E-mail Address": c.email or "", "E-mail 2 Address": c.email2 or "",
                    "Home Phone": intl(c.landline), "Business Phone": intl(c.work_phone), "Mobile Phone": intl(c.mobile),
                    "Job Title": c.job_title or "", "Company": c.company or "", "Birthday": mdy(c.birth)}
        if a:
            prefix = "Business" if c.company else "Home"
            row.update({f"{prefix} Street": c.street(), f"{prefix} City": a.city, f"{prefix} State": region_code(a),
                        f"{prefix} Postal Code": a.postcode, f"{prefix} Country/Region": country_name(a.country)})
        out.append((c, row))
    return out


def _kundenliste(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    rng = ctx.rng
    out = []
    lands = {"DE": ["D", "Deutschland", "", "D"], "AT": ["Österreich", "A", "AT"], "CH": ["Schweiz", "CH"],
             "FR": ["Frankreich", "F"]}
    for number, c in enumerate(sort_by_joined(copies), start=1001):
        person = ctx.people[c.pid]
        a = c.address
        postcode: object = a.postcode if a else None
        if isinstance(postcode, str) and postcode.isdigit():
            postcode = int(postcode)  # typed into a number cell: 01099 becomes 1099
        out.append((c, {
            "Kd.-Nr.": number, "Anrede": person.title if person.language == "de" else
            ("Herr" if person.gender == "m" else "Frau"), "Titel": "Dr." if person.doctor else None,
            "Vorname": c.first, "Nachname": c.last, "Firma": c.company, "Straße": c.street(), "PLZ": postcode,
            "Ort": a.city if a else None, "Land": rng.choice(lands[a.country]) if a and a.country in lands else
            (country_name(a.country, True) if a else None),
            "Telefon": national(c.landline or c.work_phone) or None, "Handy / Mobil": typed(rng, c.mobile, "DE") or None,
            "E-Mail": c.email, "Geburtstag": datetime(c.birth.year, c.birth.month, c.birth.day) if c.birth else None,
            "Kunde seit": datetime(c.joined.year, c.joined.month, c.joined.day),
            "Newsletter": {"granted": rng.choice(["ja", "x"]), "denied": "nein"}.get(c.consent or ""),
            "Bemerkung": None}))
    return out


def _quickbooks(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sorted(copies, key=lambda c: (c.company or full_name(c)).lower()):
        a = c.address
        numbers = []
        if c.work_phone or c.landline:
            numbers.append("Phone:" + _us_or_intl(c.work_phone or c.landline))
        if c.mobile:
            numbers.append("Mobile:" + _us_or_intl(c.mobile))
        address = ""
        if a:
            if a.country in ("US", "CA"):
                address = f"{c.street()}\n{a.city}, {a.region}  {a.postcode}"
            else:
                address = f"{c.street()}\n{a.city}  {a.postcode}\n{country_name(a.country)}"
        out.append((c, {"Customer full name": c.company or full_name(c), "Phone numbers": " ".join(numbers),
                            "Email": c.email or "", "Full name": full_name(c), "Bill address": address,
                            "Ship address": address if ctx.rng.random() < 0.5 else ""}))
    return out


def _shopify_legacy(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        a = c.address
        out.append((c, {
            "First Name": c.first, "Last Name": c.last, "Email": c.email or "", "Company": c.company or "",
            "Address1": c.street() or "", "Address2": a.street2 if a else "", "City": a.city if a else "",
            "Province": STATES.get(a.region, "") if a else "", "Province Code": region_code(a),
            "Country": country_name(a.country) if a else "", "Country Code": a.country if a else "",
            "Zip": a.postcode if a else "", "Phone": intl(c.mobile or c.landline),
            "Accepts Marketing": "yes" if c.consent == "granted" else "no", "Total Spent": money(c.spent),
            "Total Orders": c.orders, "Tags": "", "Note": "", "Tax Exempt": "no"}))
    return out


def _outlook_desktop(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        person = ctx.people[c.pid]
        a = c.address
        if ctx.rng.random() < 0.3:
            c.title = None
        name = full_name(c)
        row: Row = {"Title": salutation(person) if c.title else "", "First Name": c.first,
                    "Middle Name": c.middle or "", "Last Name": c.last, "Suffix": c.suffix or "",
                    "Company": c.company or "", "Job Title": c.job_title or "",
                    "Business Phone": typed(ctx.rng, c.work_phone, person.country),
                    "Home Phone": typed(ctx.rng, c.landline, person.country),
                    "Mobile Phone": typed(ctx.rng, c.mobile, person.country), "Anniversary": "0/0/00",
                    "Birthday": mdy(c.birth) or "0/0/00", "Categories": "Kunden",
                    "E-mail Address": c.email or "", "E-mail Type": "SMTP" if c.email else "",
                    "E-mail Display Name": f"{name} ({c.email})" if c.email else "",
                    "E-mail 2 Address": c.email2 or "", "E-mail 2 Type": "SMTP" if c.email2 else "",
                    "Gender": "Unspecified", "Initials": "".join(w[0] + "." for w in name.split()[:2]),
                    "Priority": "Normal", "Private": "False", "Sensitivity": "Normal"}
        if a:
            prefix = "Business" if c.company else "Home"
            row.update({f"{prefix} Street": c.street(), f"{prefix} City": a.city, f"{prefix} State": region_code(a),
                        f"{prefix} Postal Code": a.postcode,
                        f"{prefix} Country/Region": country_name(a.country, local=ctx.rng.random() < 0.7)})
        out.append((c, row))
    return out


def _salesforce_leads(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        a = c.address
        person = ctx.people[c.pid]
        out.append((c, {
            "Lead Owner": "Lena Vogt", "Salutation": english_title(c, person), "First Name": c.first,
            "Last Name": c.last, "Title": c.job_title or "", "Company / Account": c.company or "",
            "Street": c.street() or "", "City": a.city if a else "", "State/Province": region_code(a),
            "Zip/Postal Code": a.postcode if a else "", "Country": country_name(a.country) if a else "",
            "Phone": _us_or_intl(c.work_phone or c.landline), "Mobile": _us_or_intl(c.mobile), "Email": c.email or "",
            "Email Opt Out": "1" if c.consent == "unsubscribed" else "0", "Lead Source": "Trade Show",
            "Lead Status": "Working - Contacted", "Rating": "Warm", "Create Date": mdy(c.joined),
            "Last Activity": mdy(c.activity), "Lead ID": "00Q5g0000" + code_id(ctx.rng, 9)}))
    return out


def _constant_contact(copies: list[Copy], ctx: Context) -> list[tuple[Copy, Row]]:
    out = []
    for c in sort_by_joined(copies):
        a = c.address if ctx.rng.random() < 0.4 else None
        granted = c.consent == "granted"
        out.append((c, {
            "Email address": c.email, "First name": c.first, "Last name": c.last, "Company": c.company or "",
            "Job title": c.job_title or "", "Email status": "Active" if granted else "Unsubscribed",
            "Email permission status": ctx.rng.choice(["Explicit", "Implicit"]) if granted else "Unsubscribed",
            "Email update source": "Contact", "Phone - home": national(c.landline),
            "Phone - mobile": intl(c.mobile), "Street address line 1 - Home": c.street() or "" if a else "",
            "City - Home": a.city if a else "", "Zip/Postal Code - Home": a.postcode if a else "",
            "Country - Home": country_name(a.country) if a else "",
            "Birthday": c.birth.strftime("%m/%d") if c.birth else "", "Email Lists": "Newsletter",
            "Source Name": "Website sign-up form", "Created At": c.joined.strftime("%m/%d/%Y %I:%M %p"),
            "Updated At": c.at.strftime("%m/%d/%Y %I:%M %p")}))
        if a is None:
            c.address = None
        c.birth = None  # month and day only
    return out


PERSON = frozenset({"kind"})
NAMES = frozenset({"first_name", "last_name"})
ADDRESS = frozenset(ALL_ADDRESS)

LAYOUTS: dict[str, Layout] = {layout.id: layout for layout in (
    Layout("woocommerce_analytics_customers", "customers_2022-01-15_orderby-date_last_active_order-desc.csv",
           "export.csv", PERSON | NAMES | {"email", "postcode", "city", "country", "first_seen", "last_order",
                                           "orders", "spent"}, _woocommerce_analytics, quote="spaces"),
    Layout("shopify_customers", "customers_export.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "email", "phone", "mobile", "orders", "spent", "consent"}, _shopify),
    Layout("square_customers", "export-20250601.csv", "export.csv",
           PERSON | NAMES | ADDRESS - {"country"} | {"company", "email", "phone", "mobile", "birth_date",
                                                     "first_seen", "last_order", "orders", "spent", "consent"}, _square),
    Layout("stripe_customers", "unified_customers.csv", "export.csv",
           PERSON | NAMES | {"email", "first_seen", "orders", "spent"}, _stripe),
    Layout("mailchimp_subscribed", "subscribed_email_audience_export_3f1c9a.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "email", "phone", "mobile", "first_seen", "consent"},
           _mailchimp(False), quote="spaces"),
    Layout("mailchimp_unsubscribed", "unsubscribed_email_audience_export_3f1c9a.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "email", "phone", "mobile", "first_seen", "consent"},
           _mailchimp(True), quote="spaces"),
    Layout("brevo_contacts", "contacts-export.csv", "export.csv",
           PERSON | NAMES | {"email", "phone", "mobile", "job_title", "first_seen", "consent"}, _brevo),
    Layout("hubspot_contacts", "hubspot-crm-exports-all-contacts-2025-06-01.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "job_title", "email", "phone", "mobile", "first_seen", "consent"},
           _hubspot),
    Layout("salesforce_contacts_report", "report1717236000000.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"title", "company", "job_title", "email", "phone", "mobile", "birth_date",
                                       "first_seen", "consent"}, _salesforce_contacts, quote="all"),
    Layout("zoho_crm_contacts", "Contacts_2025_06_01.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"title", "company", "job_title", "email", "email2", "phone", "mobile",
                                       "birth_date", "first_seen", "consent"}, _zoho_crm, quote="all"),
    Layout("xero_contacts", "Contacts.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "email", "phone", "mobile"}, _xero),
    Layout("eventbrite_attendees", "report-2025-06-01.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "job_title", "email", "mobile", "phone", "first_seen"}, _eventbrite),
    Layout("google_contacts", "contacts.csv", "contacts.csv",
           PERSON | NAMES | ADDRESS | {"middle_name", "suffix", "company", "job_title", "email", "email2", "phone",
                                       "mobile", "birth_date"}, _google),
    Layout("outlook_web", "contacts.csv", "contacts.csv",
           PERSON | NAMES | ADDRESS | {"title", "middle_name", "suffix", "company", "job_title", "email", "email2",
                                       "phone", "mobile", "birth_date"}, _outlook_web),
    Layout("handmade_kundenliste_de", "Kundenliste.xlsx", "Kundenliste.xlsx",
           PERSON | NAMES | ADDRESS | {"title", "company", "email", "phone", "mobile", "birth_date", "first_seen",
                                       "consent"}, _kundenliste, header_row=2, xlsx=True,
           preamble=(("Kundenliste Töpferei am Mühlbach – Stand 31.12.2019",), ())),
    Layout("quickbooks_online_customer_contact_list", "Töpferei am Mühlbach_Customer Contact List.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "email", "phone", "mobile"}, _quickbooks, header_row=3,
           preamble=(("Töpferei am Mühlbach GmbH",), ("Customer Contact List",), ()),
           postamble=((), (), (), (" Sunday, June 1, 2025 09:14 AM GMT+02:00",))),
    Layout("shopify_customers_legacy", "customers_export_2021.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "email", "phone", "mobile", "orders", "spent", "consent"},
           _shopify_legacy),
    Layout("outlook_desktop", "contacts.CSV", "contacts.CSV",
           PERSON | NAMES | ADDRESS | {"title", "middle_name", "suffix", "company", "job_title", "email", "email2",
                                       "phone", "mobile", "birth_date"}, _outlook_desktop, quote="all"),
    Layout("salesforce_leads_report", "report1717236000001.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"title", "company", "job_title", "email", "phone", "mobile", "first_seen",
                                       "consent"}, _salesforce_leads, quote="all",
           postamble=((), ("Leads by Source",), ("Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.",),
                      ("Confidential Information - Do Not Distribute",),
                      ("Generated By:  Lena Vogt  6/1/2025 9:14 AM",), ("Töpferei am Mühlbach",)),
           padded_footer=False),
    Layout("constant_contact_contacts", "contacts_export.csv", "export.csv",
           PERSON | NAMES | ADDRESS | {"company", "job_title", "email", "phone", "mobile", "first_seen", "consent"},
           _constant_contact),
)}


# --------------------------------------------------------------------------- files


@dataclass
class SampleForm:
    headings: list[str]
    encoding: str
    bom: bool
    newline: str
    delimiter: str


def sample_form(layout: Layout) -> SampleForm:
    path = SAMPLES / layout.id / layout.sample
    if layout.xlsx:
        import openpyxl

        sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True, max_row=layout.header_row + 1))
        return SampleForm([str(v) for v in rows[layout.header_row] if v is not None], "", False, "", "")
    data = path.read_bytes()
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text = data.decode("cp1252")
        encoding = "cp1252"
    newline = "\r\n" if b"\r\n" in data else "\n"
    lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if text.count(";") > text.count(",")
                            else ","))
    header = lines[layout.header_row]
    delimiter = ";" if len(text.splitlines()[layout.header_row].split(";")) == len(header) and ";" in \
        text.splitlines()[layout.header_row] else ","
    return SampleForm(header, layout.encoding or encoding, bom, newline, delimiter)


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(value)


def _csv_line(cells: list[str], delimiter: str, quote: str) -> str:
    out = []
    for cell in cells:
        special = any(ch in cell for ch in (delimiter, '"', "\n", "\r"))
        if quote == "all" or special or (quote == "spaces" and (" " in cell or "," in cell)):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return delimiter.join(out)


def write_layout(layout: Layout, copies: list[Copy], ctx: Context, folder: Path) -> tuple[Path, list[Copy]]:
    """Write the layout's file into `folder`; returns the file and what each data row holds, in order
    (its person and the values written, after what the layout could not write was taken out)."""
    form = sample_form(layout)
    rows = layout.rows(copies, ctx)
    known = set(form.headings)
    for _copy, row in rows:
        unknown = set(row) - known
        if unknown:
            raise KeyError(f"{layout.id}: no such heading {sorted(unknown)}")
    path = folder / layout.file_name
    if layout.xlsx:
        import openpyxl
        from openpyxl.styles import Font

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "Kunden"
        for line in layout.preamble:
            sheet.append(list(line) or [None])
        sheet.append(form.headings)
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
        for _copy, row in rows:
            sheet.append([row.get(h) if row.get(h) != "" else None for h in form.headings])
        book.save(path)
        return path, [copy for copy, _ in rows]
    width = len(form.headings)
    # report title rows above and below the table: padded to the table's width, empty ones empty
    lines = [_csv_line([*line, *[""] * (width - len(line))], form.delimiter, "minimal") if line else ""
             for line in layout.preamble]
    lines.append(_csv_line(form.headings, form.delimiter, layout.quote))
    for _copy, row in rows:
        lines.append(_csv_line([_cell(row.get(h)) for h in form.headings], form.delimiter, layout.quote))
    for line in layout.postamble:
        if not line:
            lines.append("")
        elif layout.padded_footer:
            lines.append(_csv_line([*line, *[""] * (width - len(line))], form.delimiter, "minimal"))
        else:
            lines.append(_csv_line(list(line), form.delimiter, layout.quote))
    text = form.newline.join(lines) + form.newline
    path.write_bytes(("\ufeff" if form.bom else "").encode(form.encoding) + text.encode(form.encoding,
                                                                                         errors="replace"))
    return path, [copy for copy, _ in rows]
