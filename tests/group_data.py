"""One customer held by many systems: a group of any size for the group view's tests, screenshots and benchmark.

Records come from up to 15 sources, each writing the person its own way: accents dropped,
a nickname, a married name, a typo, an old address, empty cells, a long company name.
"""

from __future__ import annotations

from review_data import add_candidates, add_customer

from workbench.store.master import Master

SOURCES = [("Webshop", 70), ("Point of sale", 60), ("Newsletter", 40), ("CRM Salesforce", 80),
           ("Zendesk support", 50), ("Trade fair leads", 30), ("Loyalty programme", 65),
           ("Invoicing DATEV", 75), ("Event registrations", 35), ("Marketplace Amazon", 45),
           ("Call centre", 55), ("Warranty cards", 25), ("Partner referrals", 20), ("Old ERP 2014", 15),
           ("Mobile app", 60)]

FIRST = ["Maria-Magdalena", "Maria Magdalena", "Maria-Magdalena", "MARIA-MAGDALENA", "Maria", "Marie-Madeleine"]
LAST = ["von Hohenzollern-Sigmaringen", "von Hohenzollern-Sigmaringen", "v. Hohenzollern-Sigmaringen",
        "Hohenzollern-Sigmaringen", "von Hohenzollern", "von Hohenzolern-Sigmaringen"]
EMAILS = ["maria-magdalena.hohenzollern@weinhandel-feinkost.de", "mm.hohenzollern@gmx.de",
          "maria-magdalena.hohenzollern@weinhandel-feinkost.de", "", "m.hohenzollern@t-online.de"]
PHONES = ["+49 211 8765432", "0171 2233445", "+49 211 8765432", "", "+49 171 2233445"]
STREETS = [("Königsallee 92a", "40212", "Düsseldorf"), ("Königsallee 92 a", "40212", "Düsseldorf"),
           ("Koenigsallee 92a", "40212", "Duesseldorf"), ("Kaiserswerther Straße 115", "40474", "Düsseldorf"),
           ("", "", "")]
COMPANIES = ["Hohenzollern Weinhandel & Feinkost GmbH & Co. KG", "", "Hohenzollern Weinhandel GmbH", ""]
BIRTHS = ["14.02.1971", "", "14.02.1971", "", "1971-02-14", "12.04.1971"]


def record_fields(i: int) -> dict[str, str]:
    fields = {"first_name": FIRST[i % len(FIRST)], "last_name": LAST[(i // 2) % len(LAST)],
              "email": EMAILS[i % len(EMAILS)], "phone": PHONES[(i // 3) % len(PHONES)]}
    street, postcode, city = STREETS[(i // 2) % len(STREETS)]
    if street:
        fields.update(street=street, postcode=postcode, city=city, country="DE")
    if COMPANIES[i % len(COMPANIES)]:
        fields["company"] = COMPANIES[i % len(COMPANIES)]
    if BIRTHS[i % len(BIRTHS)]:
        fields["birth_date"] = BIRTHS[i % len(BIRTHS)]
    if i % 4 == 0:
        fields["attribute__loyalty_tier"] = "Gold" if i % 8 == 0 else "Silver"
    return {k: v for k, v in fields.items() if v}


def many_systems_group(master: Master, size: int) -> list[int]:
    """`size` customers that are one person, from up to 15 systems, joined into one candidate group."""
    ids = []
    for i in range(size):
        source, trust = SOURCES[i % len(SOURCES)]
        ids.append(add_customer(master, source, trust, file=f"{source.lower().replace(' ', '-')}-export.csv",
                                **record_fields(i)))
    # As matching links a real group: each record to the earlier one it shares most with, plus a few more.
    fields = [record_fields(i) for i in range(size)]

    def shared(i: int, j: int) -> int:
        return sum(1 for k, v in fields[i].items() if fields[j].get(k) == v)

    pairs = [(ids[max(range(i), key=lambda j: shared(i, j))], ids[i]) for i in range(1, size)]
    pairs += [(ids[0], ids[i]) for i in range(2, size, 5)]
    add_candidates(master, pairs)
    return ids
