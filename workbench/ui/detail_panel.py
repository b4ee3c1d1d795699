"""The selected customer: names, every contact point with its kind, attributes, and sources.

The details are read through the window's read queue; while they are on their way the panel keeps
showing what it showed, so moving through the list never makes it blink.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from workbench.definitions.labels import attribute_labels, label_for
from workbench.standardize.countries import country_name
from workbench.standardize.phones import pretty
from workbench.store.queries import CustomerDetail, customer_detail
from workbench.ui.db import Database

CONSENT_TEXT = {"granted": "Subscribed", "denied": "Not subscribed", "unsubscribed": "Unsubscribed",
                "bounced": "Bounced", "unknown": "Unknown"}

STYLE = """
body { color: #1f2933; }
p.title { font-size: x-large; font-weight: 600; margin-bottom: 2px; }
p.section { font-size: small; font-weight: 600; color: #52606d; margin-top: 14px; margin-bottom: 3px; }
.sub { color: #616e7c; }
.chip { background: #e4e7eb; color: #323f4b; }
.kind { color: #7b8794; }
.primary { color: #2f6f4f; font-weight: 600; }
.bad { color: #b44d12; }
.empty { color: #9aa5b1; }
td { padding: 1px 10px 1px 0; vertical-align: top; }
th { text-align: left; color: #52606d; font-weight: 600; padding: 1px 10px 1px 0; }
"""


def _kind(kind: str) -> str:
    return "" if kind == "other" else f'<span class="kind">{escape(kind)}</span>'


def _flag(primary: bool, valid: bool, problem: str | None) -> str:
    parts = []
    if primary:
        parts.append('<span class="primary">primary</span>')
    if not valid:
        parts.append(f'<span class="bad" title="{escape(problem or "")}">invalid</span>')
    return " ".join(parts)


def render_detail(detail: CustomerDetail, extra_html: str = "", labels: dict[str, str] | None = None) -> str:
    """The panel's HTML; `extra_html` (sections features add) goes before the source records."""
    c = detail.customer
    out = [f"<p class='title'>{escape(c.display_name or '(no name)')}</p>"]
    chips = [c.master_number, "Organization" if c.kind == "organization" else "Person"]
    if c.effective_status:
        status = c.effective_status
        chips.append(status[:1].upper() + status[1:] + (" (set by hand)" if c.status_override else ""))
    out.append('<p class="sub">' + " · ".join(escape(x) for x in chips) + "</p>")
    if detail.merged_numbers:
        out.append(f'<p class="sub">Also known as {escape(", ".join(detail.merged_numbers))} (merged)</p>')

    out.append(_section("E-mail"))
    out.append(_table([(escape(e.address), _kind(e.kind), _flag(e.is_primary, e.is_valid, e.problem))
                       for e in c.emails]))
    out.append(_section("Phone"))
    out.append(_table([(escape(pretty(p.e164, p.number)), _kind(p.kind), _flag(p.is_primary, p.is_valid, p.problem))
                       for p in c.phones]))
    out.append(_section("Addresses"))
    rows = []
    for a in c.addresses:
        lines = [a.street, a.street2, " ".join(x for x in (a.postcode, a.city) if x), a.region,
                 country_name(a.country) or a.country]
        rows.append(("<br>".join(escape(x) for x in lines if x), _kind(a.kind), _flag(a.is_primary, a.is_valid,
                                                                                      a.problem)))
    out.append(_table(rows))

    facts = [
        ("Title", c.title), ("Company", c.company), ("Job title", c.job_title),
        ("Birth date", c.birth_date.isoformat() if c.birth_date else None),
        ("Marketing", CONSENT_TEXT.get(c.marketing_consent, c.marketing_consent)
         + (" · do not contact" if c.do_not_contact else "")),
        ("First seen", c.first_seen_at.strftime("%Y-%m-%d") if c.first_seen_at else None),
        ("Last order", c.last_order_at.strftime("%Y-%m-%d") if c.last_order_at else None),
        ("Orders", f"{c.order_count:,}" if c.order_count is not None else None),
        ("Total spent", f"{c.total_spent:,.2f}" if c.total_spent is not None else None),
        ("Roles", ", ".join(c.roles) if c.roles else None),
        ("Tags", ", ".join(c.tags) if c.tags else None),
    ]
    out.append(_section("Details"))
    out.append(_table([(f"<span class='kind'>{escape(k)}</span>", escape(str(v))) for k, v in facts if v]))
    if c.attributes:
        out.append(_section("Attributes"))
        named = sorted((label_for(str(k), labels or {}), v) for k, v in c.attributes.items())
        out.append(_table([(f"<span class='kind'>{escape(k)}</span>", escape(str(v))) for k, v in named]))
    if c.notes:
        out.append(_section("Notes"))
        out.append(f"<p>{escape(c.notes)}</p>")

    out.append(extra_html)
    out.append(_section(f"SOURCE RECORDS ({len(detail.source_records)})"))
    if detail.source_records:
        rows = [(escape(r.source), escape(r.file_name) + (f" · record {r.record_no}" if r.record_no else ""),
                 r.imported_at.strftime("%Y-%m-%d %H:%M")) for r in detail.source_records]
        out.append(_table(rows, header=("Source", "File", "Imported")))
    else:
        out.append('<p class="empty">None</p>')
    return "".join(out)


def _section(title: str) -> str:
    return f"<p class='section'>{escape(title.upper())}</p>"


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...] | None = None) -> str:
    if not rows:
        return '<p class="empty">None</p>'
    html = ["<table cellspacing='0'>"]
    if header:
        html.append("<tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr>")
    for row in rows:
        html.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    html.append("</table>")
    return "".join(html)


class CustomerDetailPanel(QWidget):
    customer_shown = Signal(object)  # the customer id shown, or None

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setObjectName("customerDetail")
        self.browser.document().setDefaultStyleSheet(STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.customer_id: int | None = None
        # Features add sections (relationships …): callables (session, customer id) → HTML, or "",
        # run with the details' read on a reader thread.
        self.extra_sections: list[Callable[[Any, int], str]] = []
        self.show_nothing()

    def show_nothing(self) -> None:
        self.db.drop(self)  # details still on their way are not wanted any more
        self.customer_id = None
        self.browser.setHtml("<p class='empty'>Select a customer to see everything "
                             "known about them.</p>")
        self.customer_shown.emit(None)

    def show_customer(self, customer_id: int) -> None:
        """Read the customer's details and show them when they arrive (nothing for a customer gone meanwhile)."""
        sections = list(self.extra_sections)

        def read(session: Any) -> str | None:  # rendered here too, while the session is open
            detail = customer_detail(session, customer_id)
            if detail is None:
                return None
            return render_detail(detail, "".join(section(session, customer_id) for section in sections),
                                 attribute_labels(session))

        self.db.read(read, lambda html: self._arrived(customer_id, html), key=self, label="Loading the customer",
                     owner=self)

    def _arrived(self, customer_id: int, html: str | None) -> None:
        if html is None:
            self.show_nothing()
            return
        self.customer_id = customer_id
        self.browser.setHtml(html)
        self.customer_shown.emit(customer_id)

    def text(self) -> str:
        return self.browser.toPlainText()
