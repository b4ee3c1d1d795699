"""How the golden harness judges a cell, and where it believes a wrong one went wrong.

Field rules (what a right cell is), per (person, field):
- A cell is *scored* when the truth could be known: at least one of the person's rows carried
  the true value in a form the import can make right (another case, an abbreviated street and
  a postcode typed as a number count; a nickname, a typo, plain ASCII for an accented name, a
  maiden name, an old address or a month-and-day birthday do not). A cell whose truth is empty
  is scored only when the golden record has a value there anyway (a middle name made out of a
  Spanish second surname, a company the person has not): that is a wrong cell.
  Cells that could not be known are counted apart ("unknowable").
- right / wrong / missing: missing when the golden record has nothing, wrong when it has
  something else.
- Names, company and job title: compared exactly (white space collapsed), since the golden
  record should be properly cased; a case-insensitive figure is reported beside it.
- Title: right when the salutation means what the person is (Herr / Mr. / M. for a man,
  Frau / Ms. / Mme for a woman, Dr. for a doctor), in any language.
- E-mail: the primary e-mail, ignoring case. Second e-mail: present among the e-mails.
- Phone: the primary phone's E.164 is one of the person's numbers (a couple's shared
  landline is each one's). Mobile: the person's mobile is among the phones (E.164).
- Address: the PRIMARY address's street, postcode, city and country against the person's
  current address (an old address is wrong).
- Birth date: the date. Customer since / last order: the date (not the time of day).
- Orders and money: the sums over the systems that carry orders (exactly, to the cent).
- Marketing consent: whether the golden record may be sent marketing ("granted") equals
  whether the person's latest word was yes; scored for people some system holds a consent of.
- Kind: person.
- Status: not scored (no system states a truth for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.text import fold

from .apart import national as _national
from .population import Person
from .systems import Copy, Truth

if TYPE_CHECKING:
    from .harness import Cell, RowInfo

FIELDS = ("kind", "title", "first_name", "middle_name", "last_name", "suffix", "company", "job_title",
          "email", "email2", "phone", "mobile", "street", "postcode", "city", "country", "birth_date",
          "first_seen", "last_order", "orders", "spent", "consent")
NAME_LIKE = ("first_name", "middle_name", "last_name", "suffix", "company", "job_title", "street", "city")
MALE = {"mr", "herr", "hr", "m", "dhr", "sig", "sr", "monsieur", "signor", "senor"}
FEMALE = {"ms", "mrs", "miss", "frau", "mme", "madame", "mlle", "mevr", "sigra", "sra", "signora", "senora", "srta"}


def _collapse(value: Any) -> Any:
    return " ".join(value.split()) if isinstance(value, str) else value


def title_class(text: str | None) -> str | None:
    if not text:
        return None
    word = fold(text).replace(".", "").replace(" ", "")
    if word.startswith(("dr", "prof")):
        return "dr"
    if word in MALE:
        return "m"
    if word in FEMALE:
        return "f"
    return word


def golden_values(customer) -> dict[str, Any]:
    """A customer's values in the harness's field terms."""
    email = next((e for e in customer.emails if e.is_primary), None)
    phone = next((p for p in customer.phones if p.is_primary), None)
    address = next((a for a in customer.addresses if a.is_primary), None)
    return {
        "kind": customer.kind, "title": customer.title, "first_name": customer.first_name,
        "middle_name": customer.middle_name, "last_name": customer.last_name, "suffix": customer.suffix,
        "company": customer.company, "job_title": customer.job_title,
        "email": email.address if email else None, "emails": {e.normalized for e in customer.emails},
        "phone": (phone.e164 or phone.number) if phone else None, "phones": {p.e164 for p in customer.phones if p.e164},
        "street": address.street if address else None, "postcode": address.postcode if address else None,
        "city": address.city if address else None, "country": address.country if address else None,
        "birth_date": customer.birth_date,
        "first_seen": customer.first_seen_at.date() if customer.first_seen_at else None,
        "last_order": customer.last_order_at.date() if customer.last_order_at else None,
        "orders": customer.order_count, "spent": customer.total_spent,
        "consent": customer.marketing_consent,
    }


def truth_value(person: Person, truth: Truth, name: str) -> Any:
    address = person.address
    return {
        "kind": "person", "title": person.title, "first_name": person.first, "middle_name": person.middle,
        "last_name": person.last, "suffix": person.suffix, "company": person.company, "job_title": person.job_title,
        "email": person.email, "email2": person.email2, "phone": person.phones() or None, "mobile": person.mobile,
        "street": address.street, "postcode": address.postcode, "city": address.city, "country": address.country,
        "birth_date": person.birth, "first_seen": truth.since.date() if truth.since else None,
        "last_order": truth.last_order.date() if truth.last_order else None, "orders": truth.orders,
        "spent": truth.spent, "consent": person.consent,
    }[name]


def judge(name: str, person: Person, want: Any, golden: dict[str, Any], ignore_case: bool = False) -> str:
    """right / wrong / missing for one field of one golden record."""
    if name == "title":
        got = title_class(golden["title"])
        if not got:
            return "missing"
        allowed = {"m" if person.gender == "m" else "f"} | ({"dr"} if person.doctor else set())
        return "right" if got in allowed else "wrong"
    if name == "email2":
        return "right" if want.lower() in golden["emails"] else "missing"
    if name == "mobile":
        return "right" if want in golden["phones"] else "missing"
    if name == "consent":
        return "right" if (golden["consent"] == "granted") == (want == "granted") else "wrong"
    got = golden.get(name)
    if got is None or got == "":
        return "missing"
    if name == "phone":
        return "right" if got in want else "wrong"
    if name == "email":
        return "right" if want and got.lower() == want.lower() else "wrong"
    if name == "spent":
        return "right" if want is not None and abs(got - want) < 0.005 else "wrong"
    if name in NAME_LIKE or name == "postcode":
        a, b = _collapse(got), _collapse(want) if want else None
        if ignore_case and b:
            a, b = a.lower(), b.lower()
        return "right" if a == b else "wrong"
    return "right" if got == want else "wrong"


def carried(name: str, person: Person, truth: Truth, copy: Copy, carries: frozenset[str], raw: str = "") -> bool:
    """Whether one row holds the field's true value in a form the import can make right.

    `raw` is the row's digits as the file has them: a number counts as carried when its national
    digits are there (a layout writes only some of a person's numbers)."""
    if name not in carries and not (name == "email2" and "email" in carries):
        return False
    if name == "email2" and "email2" not in carries:  # only as the row's one e-mail
        return bool(copy.email and person.email2 and copy.email.lower() == person.email2.lower())
    want = truth_value(person, truth, name)
    if want is None or want == set():
        return False
    if name == "kind":
        return True
    if name == "title":
        return copy.title is not None
    if name in ("first_name", "middle_name", "last_name", "suffix", "company", "job_title"):
        value = {"first_name": copy.first, "middle_name": copy.middle, "last_name": copy.last,
                 "suffix": copy.suffix, "company": copy.company, "job_title": copy.job_title}[name]
        return value is not None and value.lower() == want.lower()
    if name == "email":
        return copy.email is not None and copy.email.lower() == want.lower()
    if name == "email2":
        return want.lower() in {e.lower() for e in (copy.email, copy.email2) if e}
    if name == "phone":
        return any(_national(n) in raw for n in set(copy.numbers()) & want)
    if name == "mobile":
        return copy.mobile == want and _national(want) in raw
    if name in ("street", "postcode", "city", "country"):
        if copy.address is None:
            return False
        if name == "street" and copy.extra.get("plain_street"):
            return False
        return getattr(copy.address, name) == want
    if name == "birth_date":
        return copy.birth == want
    if name == "first_seen":
        return copy.joined is not None and copy.joined.date() == want
    if name == "last_order":
        return copy.last_order is not None and copy.last_order.date() == want
    if name in ("orders", "spent"):
        return True  # a sum: known when every system with orders carries them, as all here do
    if name == "consent":
        return copy.consent is not None
    return False


def where_it_went_wrong(cell: Cell, person: Person, truth: Truth, rows: list[RowInfo], main: int,
           record_rows: dict[int, list[RowInfo]], before: dict[int, dict[str, Any]],
           layouts: dict[str, frozenset[str]], people: dict[int, Person]) -> str:
    """Where in the pipeline a wrong or missing cell is believed to go wrong, read from what each
    row made on import (one customer per row, before matching):

    - matching: merged with another person: the golden value came from another person's row;
    - matching: split: the rows that carried the truth are on another golden record;
    - import/standardisation: a row carried the truth and its import lost it or made it wrong;
    - merge/survivorship: a row on the record gave the truth on import and the merge chose a
      value of another row (the noise of that row is named) or dropped it.
    """
    name, want, got = cell.field, cell.want, cell.got
    on_main = {r.record_id for r in record_rows[main]}
    here = [r for r in rows if r.record_id in on_main]
    others = [r for r in record_rows[main] if r.copy.pid != person.pid]
    if name in ("orders", "spent", "first_seen", "last_order"):
        made = {r.record_id: before[r.first_customer].get(name) for r in record_rows[main]}
        if others and any(made[o.record_id] is not None for o in others):
            return "matching: merged with another person"
        if len(here) < len(rows) and any(before[r.first_customer].get(name) is not None
                                         for r in rows if r.record_id not in on_main):
            return "matching: split"
        if name in ("orders", "spent"):
            if any(made[r.record_id] is None for r in here if r.copy.orders):
                return "import: orders or money not read"
            extra = [r for r in here if not r.copy.orders and made[r.record_id] is not None]
            if extra:
                return f"import mapping: {extra[0].layout} gives {name} that are no orders of its own"
            return "merge/survivorship: sum"
        taken = [r for r in here if made[r.record_id] == got and not carried(
            name, person, truth, r.copy, layouts[r.layout], r.digits)]
        if name == "last_order":  # a date from a row with no orders is some other date
            taken = [r for r in taken if not r.copy.orders]
        if taken:
            return f"import mapping: {taken[0].layout} gives a date that is not {name.replace('_', ' ')}"
        if want is None or not any(made[r.record_id] == want for r in here):
            return "import: date not read right"
        return "merge/survivorship: date rule"
    if name == "consent":
        said = {r.layout: before[r.first_customer].get("consent") for r in here}
        if want == "granted":
            nos = sorted(lo for lo, v in said.items() if v not in ("granted", "unknown", None))
            if any(v == "granted" for v in said.values()) and nos:
                return "merge/survivorship: a no of " + ", ".join(nos) + " beats a yes"
        else:
            yeses = sorted(lo for lo, v in said.items() if v == "granted")
            if yeses:
                return "import mapping: " + ", ".join(yeses) + " read as granted"
        return "matching: merged with another person" if others else "import/standardisation: consent"
    carriers = [r for r in rows if carried(name, person, truth, r.copy, layouts[r.layout], r.digits)]
    if got is not None and got != [] and others:
        foreign = [o for o in others if _same(before[o.first_customer].get(name), got)]
        if foreign and not any(_same(before[r.first_customer].get(name), got) for r in here):
            return "matching: merged with another person"
    if carriers and not [r for r in carriers if r.record_id in on_main]:
        return "matching: split (the rows with it are elsewhere)"
    right_here = [r for r in here if judge(name, person, want, before[r.first_customer]) == "right"] if want \
        is not None and name not in ("email2", "mobile") else [
        r for r in here if want is not None and judge(name, person, want, before[r.first_customer]) == "right"]
    if cell.outcome == "missing":
        if not right_here:
            return "import/standardisation: " + ", ".join(sorted({r.layout for r in carriers if r.record_id in on_main}))
        return "merge/survivorship: dropped"
    sources = [r for r in here if _same(before[r.first_customer].get(name), got)]
    truthful = [r for r in sources if carried(name, person, truth, r.copy, layouts[r.layout], r.digits)]
    if truthful or (name in ("kind", "title", "consent") and sources and not right_here):
        return "import/standardisation: " + ", ".join(sorted({r.layout for r in (truthful or sources)}))
    if sources:
        noise = sorted({n for r in sources for n in r.copy.noise} - {"e-mail case"})
        return "merge/survivorship: chose " + (", ".join(noise) if noise else "a value of " + sources[0].layout)
    if not right_here:
        return "import/standardisation: " + ", ".join(sorted({r.layout for r in carriers})) if carriers \
            else "import/standardisation: value from nowhere"
    return "merge/survivorship"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return " ".join(a.split()) == " ".join(b.split())
    return a == b
