"""Import profiles: a system's export recognised by its headings and read the way the system means it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.errors import WorkbenchError
from workbench.ingest import profiles
from workbench.ingest.importer import import_file, prepare_import
from workbench.ingest.plan import ImportOptions
from workbench.store.models import Customer, Source

AUDIENCE = """
id = "mailer_subscribed"
system = "Mailer"
label = "Mailer audience export (subscribed)"
documentation = ["https://example.invalid/help/export-audience"]
signature = ["Email Address", "OPTIN_TIME", "LEID"]
key = "LEID"
consent = "granted"
date_order = "YMD"

[columns]
"Email Address" = "email"
"First Name" = "first_name"
"Last Name" = "last_name"
"Phone Number" = "phone"
"OPTIN_TIME" = "created_at"
"OPTIN_IP" = "ignore"
"LEID" = "external_id"
"TAGS" = "tags"
"""

UNSUBSCRIBED = AUDIENCE.replace('id = "mailer_subscribed"', 'id = "mailer_unsubscribed"').replace(
    'signature = ["Email Address", "OPTIN_TIME", "LEID"]', 'signature = ["Email Address", "UNSUB_TIME"]').replace(
    'consent = "granted"', 'consent = "unsubscribed"').replace("(subscribed)", "(unsubscribed)") + \
    '"UNSUB_TIME" = "ignore"\n'

CONTACTS = """
id = "phonebook"
system = "Phonebook"
label = "Phonebook contacts"
documentation = ["https://example.invalid/help/contacts-csv"]
signature = ["Given Name", "Phone 1 - Type", "Phone 1 - Value"]

[columns]
"Given Name" = "first_name"
"Family Name" = "last_name"
"Phone 1 - Type" = "ignore"
"Phone 1 - Value" = "phone"
"E-mail 1 - Type" = "ignore"
"E-mail 1 - Value" = "email"
"Group Membership" = "tags"

[kinds]
"Phone 1 - Value" = "Phone 1 - Type"
"E-mail 1 - Value" = "E-mail 1 - Type"

[separators]
"Phone 1 - Value" = " ::: "
"E-mail 1 - Value" = " ::: "
"Group Membership" = " ::: "
"""


@pytest.fixture
def shelf(tmp_path, monkeypatch):
    folder = tmp_path / "profiles"
    folder.mkdir()
    for name, text in (("mailer_subscribed", AUDIENCE), ("mailer_unsubscribed", UNSUBSCRIBED),
                       ("phonebook", CONTACTS)):
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(profiles, "profiles_dir", lambda: folder)
    return folder


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


AUDIENCE_HEADER = ["Email Address", "First Name", "Last Name", "Phone Number", "OPTIN_TIME", "OPTIN_IP", "LEID",
                   "TAGS"]
AUDIENCE_ROWS = [
    ["lena.vogel@example.de", "Lena", "Vogel", "", "2024-03-05 10:11:12", "203.0.113.7", "101", '"vip","event-2024"'],
    ["tom.becker@example.de", "Tom", "Becker", "+49 30 1234567", "2023-12-01 08:00:00", "198.51.100.23", "102", ""],
]


def test_a_layout_is_recognised_by_its_signature_and_the_closest_layout_wins(shelf):
    found = profiles.recognise(AUDIENCE_HEADER, "members_export.csv")
    assert found.profile.id == "mailer_subscribed" and found.key == "LEID"
    assert found.targets["OPTIN_IP"] is None and found.targets["TAGS"] == "tags"
    unsubscribed = profiles.recognise([*AUDIENCE_HEADER, "UNSUB_TIME"])
    assert unsubscribed.profile.id == "mailer_unsubscribed"
    assert profiles.recognise(["Email Address", "First Name"]) is None  # no signature complete
    # Headings are compared without case, accents, spacing or a byte-order mark.
    assert profiles.recognise(["\ufeffemail address", "optin_time", " leid "]).profile.id == "mailer_subscribed"


@pytest.mark.parametrize("change, words", [
    (('"TAGS" = "tags"', '"TAGS" = "tagz"'), "unknown field 'tagz'"),
    (('signature = ["Email Address", "OPTIN_TIME", "LEID"]', 'signature = ["Email"]'), "signature heading 'Email'"),
    (('consent = "granted"', 'consent = "yes"'), "consent must be one of"),
    (('key = "LEID"', 'key = "Member ID"'), "key column 'Member ID'"),
    (('date_order = "YMD"', 'date_order = "D/M/Y"'), "date_order must be one of"),
])
def test_a_broken_profile_names_its_file_and_the_problem(tmp_path, change, words):
    path = tmp_path / "broken.toml"
    path.write_text(AUDIENCE.replace(*change), encoding="utf-8")
    with pytest.raises(WorkbenchError, match=f"broken.toml: .*{words}"):
        profiles.load_profile(path)


def test_a_subscribed_audience_comes_in_as_subscribed_under_its_system(shelf, master, tmp_path):
    path = write(tmp_path / "members_export_2026.csv", AUDIENCE_HEADER, AUDIENCE_ROWS)
    plan = prepare_import(master, path)
    assert plan.recognised.profile.label == "Mailer audience export (subscribed)"
    assert plan.source_name == "Mailer" and plan.key_column == "LEID" and plan.consent_for_all == "granted"
    assert plan.mapping["OPTIN_IP"] is None and plan.confidence("OPTIN_IP") == "high"
    result = import_file(master, path)
    assert result.counts.new == 2
    with master.session() as session:
        lena = session.scalar(select(Customer).where(Customer.first_name == "Lena"))
        assert lena.marketing_consent == "granted" and sorted(lena.tags) == ["event-2024", "vip"]
        assert lena.first_seen_at is None or lena.first_seen_at.year == 2024
        assert all(not p.number.startswith("203.") for c in session.scalars(select(Customer)) for p in c.phones)


def test_a_newer_export_of_the_same_system_finds_its_source_whatever_the_file_is_called(shelf, master, tmp_path):
    import_file(master, write(tmp_path / "audience.csv", AUDIENCE_HEADER, AUDIENCE_ROWS))
    newer = [row[:] for row in AUDIENCE_ROWS]
    newer[0][2] = "Vogel-Brandt"  # married since
    again = import_file(master, write(tmp_path / "Mailer export 2026-12-01.csv", AUDIENCE_HEADER, newer))
    assert again.source == "Mailer" and (again.counts.new, again.counts.updated, again.counts.unchanged) == (0, 1, 1)
    with master.session() as session:
        assert session.scalars(select(Source.name)).all() == ["Mailer"]
        assert session.scalar(select(Customer.last_name).where(Customer.first_name == "Lena")) == "Vogel-Brandt"
    # The user's own choice of source still wins.
    assert prepare_import(master, tmp_path / "audience.csv", ImportOptions(source="Newsletter")).source_name == \
        "Newsletter"


def test_kind_columns_and_cells_with_several_values_are_read_row_by_row(shelf, master, tmp_path):
    header = ["Given Name", "Family Name", "Phone 1 - Type", "Phone 1 - Value", "E-mail 1 - Type", "E-mail 1 - Value",
              "Group Membership"]
    rows = [["Ines", "Roth", "Mobile ::: Work", "+49 171 2345678 ::: +49 30 7654321", "* Work", "ines@firma.example",
             "* myContacts ::: Kunden"],
            ["Paul", "Kern", "Home", "+49 221 123456", "Home", "paul@privat.example", "* myContacts"]]
    result = import_file(master, write(tmp_path / "contacts.csv", header, rows))
    assert result.counts.new == 2
    with master.session() as session:
        ines = session.scalar(select(Customer).where(Customer.first_name == "Ines"))
        assert sorted((p.e164, p.kind) for p in ines.phones) == [("+491712345678", "mobile"),
                                                                 ("+49307654321", "work")]
        assert [(e.address, e.kind) for e in ines.emails] == [("ines@firma.example", "work")]
        paul = session.scalar(select(Customer).where(Customer.first_name == "Paul"))
        assert [(p.e164, p.kind) for p in paul.phones] == [("+49221123456", "home")]
        assert all(":::" not in e.address for c in (ines, paul) for e in c.emails)


def test_every_shipped_profile_loads_cites_its_documentation_and_recognises_its_own_layout():
    shipped = profiles.all_profiles()
    for profile in shipped:
        assert profile.documentation, f"{profile.id}: cite the system's documentation"
        assert profile.path.stem == profile.id
        found = profiles.recognise(list(profile.columns))
        assert found is not None and found.profile.id == profile.id, \
            f"{profile.id}: its own headings are recognised as {found.profile.id if found else None}"
