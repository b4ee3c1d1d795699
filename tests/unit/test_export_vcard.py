"""vCard output read back as an address book would: versions, folding, escaping, types."""

from __future__ import annotations

from datetime import date

import pytest
from export_helpers import add_customer, parse_vcards, unescape

from workbench.export.run import ExportRequest, export_customers
from workbench.export.vcard import escape, fold

TRICKY = dict(first="Zoë", last="Müller; Lüdenscheidt", company="Müller, Schmidt & Söhne\\Köln", consent="denied",
              job_title="Chefin\nEinkauf", birth=date(1984, 2, 9), kind="person",
              emails=[("zoe@example.de", "home"), ("z.m@firma.example", "work"), ("broken@", "other", False)],
              phones=[("+4915112345678", "mobile"), ("+49301234567", "work"), ("+49309999999", "fax")],
              addresses=[{"kind": "home", "street": "Ährenweg 7", "city": "Köln", "postcode": "50667",
                          "country": "DE"},
                         {"kind": "shipping", "street": "Lagerstraße 3, Tor 2", "city": "Hürth",
                          "postcode": "50354", "country": "DE"}])


def test_escape_and_fold_rules():
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "NOTE:" + "ä" * 100
    folded = fold(line)
    physical = folded.split("\r\n")[:-1]
    assert all(len(p.encode("utf-8")) <= 75 for p in physical)
    for p in physical:
        p.encode("utf-8").decode("utf-8")  # no line starts or ends inside a character
    assert "".join(p[1:] if i else p for i, p in enumerate(physical)) == line
    assert fold("FN:short") == "FN:short\r\n"


@pytest.mark.parametrize("preset, version", [("vcard4", "4.0"), ("vcard3", "3.0")])
def test_cards_read_back_with_every_contact_point(sqlite_master, tmp_path, preset, version):
    add_customer(sqlite_master, **TRICKY)
    add_customer(sqlite_master, kind="organization", company="Acme GmbH", emails=[("info@acme.example", "work")])
    add_customer(sqlite_master, first="Dora", last="Dnc", dnc=True, emails=[("dora@example.com", "home")])
    out = tmp_path / "contacts.vcf"
    summary = export_customers(sqlite_master, ExportRequest(preset), out)
    data = out.read_bytes()
    assert summary.rows == 2 and summary.left_out == {"do_not_contact": 1}
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    person, org = parse_vcards(data)
    props = {}
    for name, params, value in person:
        props.setdefault(name, []).append((params, value))
    assert props["VERSION"][0][1] == version
    assert unescape(props["FN"][0][1]) == "Zoë Müller; Lüdenscheidt"
    n = props["N"][0][1]
    assert n.split(";")[0] == "Müller\\" and unescape(n.replace("\\;", "\x00").split(";")[0]
                                                     .replace("\x00", ";")) == "Müller; Lüdenscheidt"
    assert unescape(props["ORG"][0][1]) == "Müller, Schmidt & Söhne\\Köln"
    assert unescape(props["TITLE"][0][1]) == "Chefin\nEinkauf"
    emails = [(p.get("TYPE", []), unescape(v)) for p, v in props["EMAIL"]]
    assert [e for _t, e in emails] == ["zoe@example.de", "z.m@firma.example"]  # the broken one is not sent
    tels = props["TEL"]
    assert len(tels) == 3
    adrs = [unescape(v.split(";")[2]) if "\\;" not in v else v for _p, v in props["ADR"]]
    assert len(props["ADR"]) == 2 and adrs[0] == "Ährenweg 7"
    assert "Lagerstraße 3\\, Tor 2" in props["ADR"][1][1]
    if version == "4.0":
        assert props["BDAY"][0][1] == "19840209"
        assert [p["TYPE"] for p, _ in props["EMAIL"]] == [["home"], ["work"]]
        assert props["EMAIL"][0][0]["PREF"] == ["1"]
        assert tels[0][1] == "tel:+4915112345678" and tels[0][0]["VALUE"] == ["uri"]
        assert [p["TYPE"] for p, _ in tels] == [["cell"], ["work"], ["fax"]]
        assert ("KIND", {}, "org") in org and not any(name == "N" for name, _p, _v in org)
    else:
        assert props["BDAY"][0][1] == "1984-02-09"
        assert props["EMAIL"][0][0]["TYPE"] == ["INTERNET", "HOME", "PREF"]
        assert tels[0][1] == "+4915112345678" and tels[0][0]["TYPE"] == ["CELL", "PREF"]
        assert props["ADR"][1][0]["TYPE"] == ["PARCEL"]
        assert any(name == "N" for name, _p, _v in org)
