"""One person held in five customer lists of a small shop, among other people, for privacy tests."""

from __future__ import annotations

import csv
from pathlib import Path

SURNAME = "Przybyszewski"
EMAILS = ("jan.przybyszewski@example.org", "J.Przybyszewski@Posteo.example", "jprzyb77@mailbox.example")
PHONES = ("+48 601 234 567", "0171 9876543")  # as the files write them
PHONE_FORMS = ("+48601234567", "601234567", "601 234 567", "+491719876543", "01719876543", "1719876543",
               "0171 9876543")

OTHERS = [
    ("Maria", "Lindqvist", "maria.lindqvist@example.com", "+46 70 123 45 67", "Storgatan 4", "Uppsala", "SE"),
    ("Tomasz", "Przybylski", "t.przybylski@example.net", "+48 602 111 222", "ul. Lipowa 3", "Kraków", "PL"),
    ("Heike", "Brandt", "heike.brandt@example.de", "030 2345678", "Hauptstr. 12", "Berlin", "DE"),
    ("Luca", "Ferrari", "luca.ferrari@example.it", "+39 347 555 0101", "Via Roma 8", "Torino", "IT"),
]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def five_files(folder: Path) -> list[Path]:
    """Five exports that each hold Jan Przybyszewski, each in its own layout, with other people."""
    folder.mkdir(parents=True, exist_ok=True)
    o = OTHERS
    return [
        write(folder / "webshop.csv", ["Customer ID", "First Name", "Last Name", "Email", "Phone", "Address", "City",
                                       "Country", "Accepts Marketing"],
              [["1001", "Jan", SURNAME, EMAILS[0], PHONES[0], "ul. Długa 17", "Gdańsk", "PL", "yes"]]
              + [[str(1002 + i), p[0], p[1], p[2], p[3], p[4], p[5], p[6], "no"] for i, p in enumerate(o)]),
        write(folder / "till.csv", ["Name", "Mobile", "E-mail", "Town"],
              [[f"Jan {SURNAME}", PHONES[0], EMAILS[1], "Gdańsk"]]
              + [[f"{p[0]} {p[1]}", p[3], p[2], p[5]] for p in o[:2]]),
        write(folder / "newsletter.csv", ["Email Address", "First Name", "Last Name"],
              [[EMAILS[0], "Jan", SURNAME]] + [[p[2], p[0], p[1]] for p in o[1:]]),
        write(folder / "fair-leads.csv", ["Contact", "Company", "Phone", "Email"],
              [[f"{SURNAME}, Jan", "Bursztyn Sp. z o.o.", PHONES[1], EMAILS[2]]]
              + [[f"{p[1]}, {p[0]}", "", p[3], p[2]] for p in o[2:]]),
        write(folder / "crm.csv", ["Id", "Given name", "Family name", "Work phone", "Email", "Notes"],
              [["C7", "Jan", SURNAME, PHONES[1], EMAILS[2], f"Met {SURNAME} at the amber fair"]]
              + [[f"C{8 + i}", p[0], p[1], p[3], p[2], ""] for i, p in enumerate(o)]),
    ]


def secrets_of_jan() -> list[bytes]:
    """Every form of Jan's data that must not be left in the master's files."""
    texts = {SURNAME, *EMAILS, *PHONES, *PHONE_FORMS, "przybyszewski", "Długa", "Bursztyn"}
    forms: set[bytes] = set()
    for t in texts:
        forms.add(t.encode("utf-8").lower())
        forms.add(t.encode("utf-16-le").lower())
    return sorted(forms)


def found_in(path: Path, secrets: list[bytes]) -> list[bytes]:
    if not path.exists():
        return []
    data = path.read_bytes().lower()
    if data.startswith(b"sqlite format 3"):  # big merge images are packed: look inside them too
        data += b"\n".join(_unpacked_images(path))
    return [s for s in secrets if s in data]


def _unpacked_images(path: Path) -> list[bytes]:
    import json
    import sqlite3

    from workbench.store.column_types import PackedJSON

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT before, picks FROM merge_events").fetchall()
    except sqlite3.DatabaseError:  # no such table (yet)
        return []
    finally:
        connection.close()
    found = []
    for row in rows:
        for text in row:
            value = json.loads(text) if text else None
            unpacked = PackedJSON().process_result_value(value, None)
            if unpacked is not value:
                found.append(json.dumps(unpacked, ensure_ascii=False).lower().encode("utf-8"))
    return found
