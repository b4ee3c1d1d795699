"""The subject access export as one self-contained, readable HTML page (no scripts, no links
out): what a person receives when they ask what the business holds about them."""

from __future__ import annotations

from html import escape
from typing import Any

STYLE = """
body { font-family: "Segoe UI", "DejaVu Sans", Arial, sans-serif; color: #1f2933; margin: 24px 32px; }
h1 { font-size: 20pt; margin: 0 0 4px 0; color: #102a43; }
h2 { font-size: 13pt; margin: 22px 0 6px 0; color: #243b53; border-bottom: 1px solid #d9e2ec; }
h3 { font-size: 11pt; margin: 12px 0 4px 0; color: #334e68; }
p.meta { color: #52606d; margin: 0 0 12px 0; }
table { border-collapse: collapse; margin: 4px 0 10px 0; }
th, td { border: 1px solid #d9e2ec; padding: 3px 8px; text-align: left; vertical-align: top; font-size: 10pt; }
th { background: #f0f4f8; color: #334e68; font-weight: 600; }
td.key { background: #f8fafc; color: #486581; white-space: nowrap; }
p.none { color: #7b8794; font-style: italic; }
"""

LABELS = {
    "kind": "Kind", "title": "Title", "first_name": "First name", "middle_name": "Middle name",
    "last_name": "Last name", "suffix": "Suffix", "company": "Company", "job_title": "Job title",
    "birth_date": "Birth date", "status": "Status", "status_override": "Status set by hand",
    "status_reason": "Why", "roles": "Roles", "marketing_consent": "Marketing consent",
    "consent_updated_at": "Consent last changed", "do_not_contact": "Do not contact", "attributes": "Other details",
    "tags": "Tags", "notes": "Notes", "first_seen_at": "First seen", "last_order_at": "Last order",
    "order_count": "Orders", "total_spent": "Total spent", "created_at": "In the master since",
    "updated_at": "Last changed", "merged_into": "Merged into",
}


def _text(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return ""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, str) and len(value) >= 19 and value[:4].isdigit() and value[10:11] in ("T", " "):
        return value[:10] + " " + value[11:19]  # a moment, to the second
    return str(value)


def _cell(value: Any) -> str:
    return escape(_text(value))


def _pairs(data: dict[str, Any], keys: list[str] | None = None) -> str:
    rows = [(LABELS.get(k, k.replace("_", " ").capitalize()), v) for k, v in data.items()
            if (keys is None or k in keys) and _text(v)]
    if not rows:
        return '<p class="none">Nothing.</p>'
    return "<table>" + "".join(f'<tr><td class="key">{escape(k)}</td><td>{_cell(v)}</td></tr>' for k, v in rows) \
        + "</table>"


def _table(rows: list[dict[str, Any]], columns: list[tuple[str, str]], empty: str = "None.") -> str:
    if not rows:
        return f'<p class="none">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(label)}</th>" for _key, label in columns)
    body = "".join("<tr>" + "".join(f"<td>{_cell(row.get(key))}</td>" for key, _label in columns) + "</tr>"
                   for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def render_html(data: dict[str, Any]) -> str:
    golden = data["customer"]
    number = escape(data["master_number"])
    parts = [
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>What we hold about {escape(golden.get('name') or '')} ({number})</title>",
        f"<style>{STYLE}</style></head><body>",
        f"<h1>What we hold about {escape(golden.get('name') or data['master_number'])}</h1>",
        f"<p class=\"meta\">Customer {number} · prepared {_cell(data['generated_at'])} UTC by "
        f"{escape(data['generated_by'])}. The file {number}.json beside this page holds the same, for "
        "computers.</p>",
        "<h2>Your customer record</h2>", _pairs({k: v for k, v in golden.items() if k not in ("master_number", "name")}),
    ]
    if data["merged_records"]:
        parts.append("<h3>Records we found to be you and merged into it</h3>")
        parts.append(_table(data["merged_records"], [("master_number", "Number"), ("name", "Name"),
                                                     ("created_at", "Since"), ("marketing_consent", "Consent"),
                                                     ("do_not_contact", "Do not contact")]))
    points = data["contact_points"]
    parts.append("<h2>How we can reach you</h2>")
    for key, title in (("emails", "E-mail addresses"), ("phones", "Phone numbers"), ("addresses", "Addresses")):
        parts.append(f"<h3>{title}</h3>")
        parts.append(_table(points[key], [("value", "Value"), ("kind", "Kind"), ("primary", "Main"),
                                          ("valid", "Valid"), ("source", "Came from"), ("file", "File"),
                                          ("row", "Row")]))
    parts.append("<h2>Marketing consent over time</h2>")
    parts.append(_table(data["consent_history"], [("at", "When"), ("what", "What"), ("value", "Value"),
                                                  ("by", "Said by")]))
    parts.append(f"<h2>Where your data came from ({len(data['source_records'])} records)</h2>")
    for record in data["source_records"]:
        parts.append(f"<h3>{escape(record['source'])}: {escape(record['file'] or '')}, row "
                     f"{_cell(record['row'])}</h3>")
        parts.append(f"<p class=\"meta\">First imported {_cell(record['first_imported_at'])}, last "
                     f"{_cell(record['imported_at'])}; the source's key: {_cell(record['key'])}</p>")
        parts.append(_pairs(record["raw"]))
    parts.append("<h2>Merges and unmerges</h2>")
    parts.append(_table(data["merges"], [("merge", "Merge"), ("at", "When"), ("by", "By"), ("how", "How"),
                                         ("kept", "Kept"), ("merged", "Merged into it"), ("undone_at", "Undone")]))
    parts.append("<h2>Relationships</h2>")
    parts.append(_table(data["relationships"], [("kind", "Kind"), ("from", "From"), ("to", "To"),
                                                ("state", "State"), ("note", "Note"), ("since", "Since")]))
    parts.append("<h2>Possible duplicates and decisions</h2>")
    parts.append(_table(data["possible_duplicates"], [("pair", "Records"), ("score", "Score"), ("status", "Status"),
                                                      ("since", "Since")]))
    parts.append(_table(data["decisions"], [("pair", "Records"), ("verdict", "Decision"), ("at", "When"),
                                            ("by", "By"), ("note", "Note"), ("revoked_at", "Revoked")],
                        "No decisions."))
    parts.append("<h2>Exports that carried your data</h2>")
    parts.append(_table(data["exports"], [("at", "When"), ("tool", "For"), ("file", "File"), ("rows", "Rows")]))
    if data.get("exports_not_logged"):
        parts.append(f"<p class=\"meta\">{data['exports_not_logged']} earlier exports were made before the app "
                     "recorded who each one carried.</p>")
    parts.append(f"<h2>Every change recorded ({len(data['audit_log'])} entries)</h2>")
    parts.append(_table(data["audit_log"], [("at", "When"), ("actor", "By"), ("action", "What"),
                                            ("field", "Field"), ("old", "Before"), ("new", "After"),
                                            ("reason", "Why")]))
    parts.append("</body></html>")
    return "\n".join(parts)
