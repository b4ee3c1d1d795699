"""Who ends up in an export: consent, do-not-contact, merges, shared and broken e-mail addresses."""

from __future__ import annotations

import pytest
from export_helpers import add_customer, add_record, read_csv
from sqlalchemy import select, update

from workbench.errors import WorkbenchError
from workbench.export.run import ExportRequest, NothingToExport, export_customers
from workbench.store.filters import CustomerFilter
from workbench.store.models import AuditEntry, Customer, Segment


@pytest.fixture
def people(master):
    ids = {
        "granted": add_customer(master, first="Anna", last="Granted", consent="granted",
                                emails=[("anna@example.com", "home")]),
        "unsubscribed": add_customer(master, first="Uwe", last="Unsub", consent="unsubscribed",
                                     emails=[("uwe@example.com", "home")]),
        "bounced": add_customer(master, first="Bea", last="Bounce", consent="bounced",
                                emails=[("bea@example.com", "home")]),
        "denied": add_customer(master, first="Dirk", last="Denied", consent="denied",
                               emails=[("dirk@example.com", "home")]),
        "unknown": add_customer(master, first="Nina", last="Never", consent="unknown",
                                emails=[("nina@example.com", "home")]),
        "dnc": add_customer(master, first="Dora", last="Dnc", consent="granted", dnc=True,
                            emails=[("dora@example.com", "home")]),
    }
    return ids


def emails_in(path):
    return sorted(row["Email Address"] for row in read_csv(path))


def test_marketing_export_holds_only_consenting_customers_and_says_why_others_are_missing(master, people, tmp_path):
    summary = export_customers(master, ExportRequest("mailchimp"), tmp_path / "mc.csv")
    assert emails_in(tmp_path / "mc.csv") == ["anna@example.com"]
    assert summary.rows == 1
    assert summary.left_out == {"unsubscribed": 1, "bounced": 1, "denied": 1, "unknown": 1, "do_not_contact": 1}
    text = "\n".join(summary.lines())
    assert "1 unsubscribed" in text and "1 marked do not contact" in text and "never gave marketing consent" in text


def test_include_unsubscribed_adds_every_consent_state_but_never_do_not_contact(master, people, tmp_path):
    summary = export_customers(master, ExportRequest("mailchimp", include_without_consent=True), tmp_path / "mc.csv")
    assert emails_in(tmp_path / "mc.csv") == sorted(
        ["anna@example.com", "uwe@example.com", "bea@example.com", "dirk@example.com", "nina@example.com"])
    assert summary.left_out == {"do_not_contact": 1}
    assert summary.included_without_consent == {"unsubscribed": 1, "bounced": 1, "denied": 1, "unknown": 1}


def test_asking_a_marketing_preset_for_unsubscribed_people_needs_the_explicit_choice(master, people, tmp_path):
    with pytest.raises(WorkbenchError, match="include-unsubscribed"):
        export_customers(master, ExportRequest("mailchimp", filter=CustomerFilter(consent=("unsubscribed",))),
                         tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    export_customers(master, ExportRequest("mailchimp", filter=CustomerFilter(consent=("unsubscribed", "bounced")),
                                           include_without_consent=True), tmp_path / "suppress.csv")
    assert emails_in(tmp_path / "suppress.csv") == ["bea@example.com", "uwe@example.com"]


def test_contact_presets_ignore_consent_but_leave_out_do_not_contact(master, people, tmp_path):
    summary = export_customers(master, ExportRequest("hubspot"), tmp_path / "hs.csv")
    rows = read_csv(tmp_path / "hs.csv")
    assert len(rows) == 5 and "dora@example.com" not in {r["Email"] for r in rows}
    assert summary.left_out == {"do_not_contact": 1}


def test_data_presets_keep_everyone_with_the_do_not_contact_flag(master, people, tmp_path):
    export_customers(master, ExportRequest("csv"), tmp_path / "all.csv")
    rows = {r["E-mail"]: r for r in read_csv(tmp_path / "all.csv")}
    assert len(rows) == 6
    assert rows["dora@example.com"]["Do not contact"] == "yes"
    assert rows["anna@example.com"]["Do not contact"] == "no"


def test_merged_away_customers_are_never_exported(master, tmp_path):
    survivor = add_customer(master, first="Eva", last="Survivor", emails=[("eva@example.com", "home")])
    gone = add_customer(master, first="Eva", last="Merged", emails=[("eva.old@example.com", "home")])
    with master.transaction() as session:
        session.execute(update(Customer).where(Customer.id == gone).values(merged_into_id=survivor))
    for preset in ("mailchimp", "hubspot", "csv"):
        summary = export_customers(master, ExportRequest(preset), tmp_path / f"{preset}.csv")
        assert summary.rows == 1, preset
    assert "Merged" not in (tmp_path / "csv.csv").read_text(encoding="utf-8-sig")


def test_a_shared_address_is_one_row_and_broken_addresses_are_not_sent(master, tmp_path):
    add_customer(master, first="Jan", last="Couple", emails=[("family@example.com", "home")])
    add_customer(master, first="Jana", last="Couple", emails=[("Family@Example.com", "home")])
    add_customer(master, first="Ben", last="Broken", emails=[("ben@example", "home", False),
                                                            ("ben@example.org", "work")])
    add_customer(master, first="Olga", last="Offline", emails=[("olga@", "home", False)])
    summary = export_customers(master, ExportRequest("brevo"), tmp_path / "brevo.csv")
    rows = read_csv(tmp_path / "brevo.csv", delimiter=";")
    assert sorted(r["EMAIL"] for r in rows) == ["ben@example.org", "family@example.com"]
    assert summary.left_out == {"duplicate_email": 1, "no_email": 1}


def test_filters_status_source_country_and_segment(master, tmp_path):
    a = add_customer(master, first="Ada", last="Vip", status="vip", emails=[("ada@example.com", "home")],
                     addresses=[{"kind": "home", "city": "Berlin", "country": "DE"}], source="Webshop")
    add_customer(master, first="Bo", last="Lead", status="lead", emails=[("bo@example.com", "home")],
                 addresses=[{"kind": "home", "city": "Paris", "country": "FR"}], source="Trade fair")
    add_customer(master, first="Cy", last="Vip", status="vip", emails=[("cy@example.com", "home")],
                 addresses=[{"kind": "home", "city": "Lyon", "country": "FR"}], source="Trade fair")
    with master.transaction() as session:
        session.add(Segment(name="French VIPs", filter=CustomerFilter(statuses=("vip",), countries=("FR",)).to_json()))

    def exported(request):
        export_customers(master, request, tmp_path / "out.csv", replace=True)
        return sorted(r["E-mail"] for r in read_csv(tmp_path / "out.csv"))

    assert exported(ExportRequest("csv", CustomerFilter(statuses=("vip",)))) == ["ada@example.com", "cy@example.com"]
    assert exported(ExportRequest("csv", CustomerFilter(sources=("Webshop",)))) == ["ada@example.com"]
    assert exported(ExportRequest("csv", CustomerFilter(countries=("FR",)))) == ["bo@example.com", "cy@example.com"]
    assert exported(ExportRequest("csv", segment="French VIPs")) == ["cy@example.com"]
    assert exported(ExportRequest("csv", CustomerFilter(sources=("webshop",)))) == ["ada@example.com"]
    # the segment and the explicit filter both hold: nobody is both, so no file is written
    before = (tmp_path / "out.csv").read_bytes()
    with pytest.raises(NothingToExport, match="no customer matches the filter .*sources: Webshop.*segment"):
        exported(ExportRequest("csv", CustomerFilter(sources=("Webshop",)), segment="French VIPs"))
    assert (tmp_path / "out.csv").read_bytes() == before
    with pytest.raises(WorkbenchError, match="no source called 'Webshopp' in this master .*Trade fair, Webshop"):
        exported(ExportRequest("csv", CustomerFilter(sources=("Webshopp",))))
    with pytest.raises(WorkbenchError, match="no segment called"):
        export_customers(master, ExportRequest("csv", segment="Nope"), tmp_path / "out.csv", replace=True)
    assert a


def test_each_export_is_recorded_in_the_audit_log(master, people, tmp_path):
    out = tmp_path / "mc.csv"
    export_customers(master, ExportRequest("mailchimp", CustomerFilter(consent=("granted",))), out)
    export_customers(master, ExportRequest("mailchimp"), out, replace=True)
    with pytest.raises(NothingToExport):  # nobody written, no file: nothing to record either
        export_customers(master, ExportRequest("mailchimp", CustomerFilter(statuses=("vip",))), out, replace=True)
    with master.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "export")
                                  .order_by(AuditEntry.id)).all()
    assert len(entries) == 2
    first, second = (e.details for e in entries)
    assert first["preset"] == "mailchimp" and first["file"] == str(out)
    assert first["filter"] == {"consent": ["granted"]} and first["rows"] == 1
    assert second["rows"] == 1 and second["left_out"]["unsubscribed"] == 1
    assert entries[0].actor


def test_cross_reference_resolves_records_of_merged_customers_to_the_survivor(master, tmp_path):
    survivor = add_customer(master, first="Eva", last="Survivor", source="Webshop", source_key="W-1")
    gone = add_customer(master, first="Eva", last="Gone", source="Point of sale", source_key="P-9")
    with master.transaction() as session:
        session.execute(update(Customer).where(Customer.id == gone).values(merged_into_id=survivor))
        add_record(session, survivor, "Newsletter", "N-3", record_no=7)
    export_customers(master, ExportRequest("crossref"), tmp_path / "x.csv")
    rows = read_csv(tmp_path / "x.csv")
    assert list(rows[0]) == ["master_number", "source", "file", "record", "source_key"]
    assert sorted((r["master_number"], r["source"], r["source_key"]) for r in rows) == [
        (f"C-{survivor:06d}", "Newsletter", "N-3"), (f"C-{survivor:06d}", "Point of sale", "P-9"),
        (f"C-{survivor:06d}", "Webshop", "W-1")]
    assert {r["record"] for r in rows if r["source"] == "Newsletter"} == {"7"}
