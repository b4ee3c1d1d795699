"""The match explanation as HTML: which fields agreed, differed or were missing, and what each contributed."""

from __future__ import annotations

from html import escape

from workbench.stewardship.queue import CandidateInfo, field_label, outcome

COLORS = {"agree": "#2f855a", "differ": "#c53030", "missing": "#9aa5b1"}
WORDS = {"agree": "agree", "differ": "differ", "missing": "missing"}
BAR_PX = 90  # the widest bar, for the largest weight shown
STYLE = """
body { color: #1f2933; }
td { padding: 1px 8px 1px 0; vertical-align: middle; }
th { text-align: left; color: #52606d; font-weight: 600; padding: 1px 8px 1px 0; }
.muted { color: #7b8794; }
"""


def _weight(entry: dict) -> float:
    value = entry.get("weight")
    return float(value) if isinstance(value, int | float) else 0.0


def _signed(value: float) -> str:
    return f"{value:+.1f}" if value else "0"


def _bar(value: float, scale: float, color: str) -> str:
    width = max(2, int(abs(value) / scale * BAR_PX)) if value else 0
    if not width:
        return ""
    return (f'<table cellspacing="0" cellpadding="0"><tr><td width="{width}" height="8" bgcolor="{color}">'
            '</td></tr></table>')


def _summary(entries: list[dict]) -> str:
    counts = {"agree": 0, "differ": 0, "missing": 0}
    for entry in entries:
        counts[outcome(entry)] += 1
    parts = [f'<span style="color:{COLORS[k]}">{n} {WORDS[k]}</span>' for k, n in counts.items() if n]
    return " · ".join(parts)


def _value_pair(entry: dict) -> str:
    left, right = str(entry.get("left") or ""), str(entry.get("right") or "")
    if not left and not right:
        return ""
    if left == right:
        return escape(left)
    return f"{escape(left) or '—'} <span class='muted'>vs</span> {escape(right) or '—'}"


def pair_html(candidate: CandidateInfo, columns: dict[int, int]) -> str:
    entries = candidate.explanation
    scale = max((abs(_weight(e)) for e in entries), default=1.0) or 1.0
    a, b = columns.get(candidate.customer_a_id), columns.get(candidate.customer_b_id)
    out = [f"<p><b>Score {candidate.score:.1f}</b> <span class='muted'>(records {a} and {b})</span> — "
           f"{_summary(entries)}</p>"]
    if not entries:
        out.append("<p class='muted'>Matching gave no per-field explanation for this pair.</p>")
        return "".join(out)
    out.append("<table cellspacing='0'>")
    for entry in sorted(entries, key=lambda e: -abs(_weight(e))):
        kind = outcome(entry)
        color = COLORS[kind]
        out.append(
            f"<tr><td>{escape(field_label(str(entry.get('field') or '?')))}</td>"
            f"<td style='color:{color}'>{escape(str(entry.get('level') or WORDS[kind]))}</td>"
            f"<td align='right' style='color:{color}'>{_signed(_weight(entry))}</td>"
            f"<td>{_bar(_weight(entry), scale, color)}</td>"
            f"<td class='muted'>{_value_pair(entry)}</td></tr>")
    out.append("</table>")
    return "".join(out)


def cluster_html(candidates: list[CandidateInfo], columns: dict[int, int]) -> str:
    """One column per pair, one row per field: a cluster's explanations side by side."""
    fields: list[str] = []
    for candidate in candidates:
        for entry in candidate.explanation:
            name = str(entry.get("field") or "?")
            if name not in fields:
                fields.append(name)
    pairs = sorted(candidates, key=lambda c: (columns.get(c.customer_a_id, 0), columns.get(c.customer_b_id, 0)))
    out = ["<p><b>Why these records were grouped</b> <span class='muted'>— each column is one pair of "
           "records; numbers are what each field added to the score</span></p>",
           "<table cellspacing='0'><tr><th></th>"]
    for candidate in pairs:
        label = f"{columns.get(candidate.customer_a_id)}–{columns.get(candidate.customer_b_id)}"
        out.append(f"<th align='right'>{label}</th>")
    out.append("</tr><tr><td><b>Score</b></td>")
    for candidate in pairs:
        out.append(f"<td align='right'><b>{candidate.score:.1f}</b></td>")
    out.append("</tr>")
    for name in fields:
        out.append(f"<tr><td>{escape(field_label(name))}</td>")
        for candidate in pairs:
            entry = next((e for e in candidate.explanation if e.get("field") == name), None)
            if entry is None:
                out.append("<td></td>")
                continue
            color = COLORS[outcome(entry)]
            text = _signed(_weight(entry)) if outcome(entry) != "missing" else "–"
            tip = escape(f"{entry.get('level')}: {entry.get('left') or '—'} / {entry.get('right') or '—'}")
            out.append(f"<td align='right' style='color:{color}' title='{tip}'>{text}</td>")
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def explanation_html(candidates: list[CandidateInfo], columns: dict[int, int]) -> str:
    if not candidates:
        return "<p class='muted'>No explanation.</p>"
    # Why matching split a group here (a link it did not follow), in its own words.
    splits = dict.fromkeys(str(e["description"]) for c in candidates for e in c.explanation
                           if e.get("field") == "group" and e.get("description"))
    note = "".join(f"<p style='color:{COLORS['differ']}'>{escape(text)}</p>" for text in splits)
    if len(candidates) == 1:
        return note + pair_html(candidates[0], columns)
    return note + cluster_html(candidates, columns)


# ---------------------------------------------------------------------- in the steward's words

REASON_BAR_PX = 80
REASON_BAR_BITS = 12.0  # a reason this strong (about 4,000 to 1) fills the bar
EXPERT_LINK = "expert"
REASONS_SHOWN = 6  # the strongest; the rest are one click away, so the records keep the room


def _reason_bar(bits: float) -> str:
    width = max(3, int(min(abs(bits), REASON_BAR_BITS) / REASON_BAR_BITS * REASON_BAR_PX)) if bits else 0
    color = COLORS["agree"] if bits > 0 else COLORS["differ"]
    rest = REASON_BAR_PX - width
    cells = (f'<td width="{width}" height="8" bgcolor="{color}"></td>' if width else "") + \
        (f'<td width="{rest}" height="8" bgcolor="#e4e7eb"></td>' if rest else "")
    return f'<table cellspacing="0" cellpadding="0"><tr>{cells}</tr></table>'


def _expert_html(candidates: list[CandidateInfo], columns: dict[int, int]) -> str:
    if len(candidates) == 1:
        return pair_html(candidates[0], columns)
    out = ["<p class='muted'>Each pair's score in bits (log₂ of the odds for the same customer), and what each "
           "field added:</p>"]
    pairs = sorted(candidates, key=lambda c: (columns.get(c.customer_a_id, 0), columns.get(c.customer_b_id, 0)))
    for candidate in pairs:
        parts = " · ".join(f"{escape(field_label(str(e.get('field') or '?')))} {_signed(_weight(e))}"
                           for e in candidate.explanation if _weight(e))
        out.append(f"<p>Records {columns.get(candidate.customer_a_id)} and {columns.get(candidate.customer_b_id)}: "
                   f"<b>{candidate.score:+.1f}</b> <span class='muted'>— {parts}</span></p>")
    return "".join(out)


def reasons_html(candidates: list[CandidateInfo], columns: dict[int, int], *, expert: bool = False) -> str:
    """Why these records were grouped, as sentences with a strength and a bar; bits only for experts."""
    from workbench.stewardship.reasons import confidence, reasons

    if not candidates:
        return "<p class='muted'>No explanation.</p>"
    splits = dict.fromkeys(str(e["description"]) for c in candidates for e in c.explanation
                           if e.get("field") == "group" and e.get("description"))
    out = [f"<p style='color:{COLORS['differ']}'>{escape(text)}</p>" for text in splits]
    sure = confidence(candidates)
    assert sure is not None
    weakest = ""
    if len(candidates) > 1 and sure.weakest:
        a, b = (columns.get(i) for i in sure.weakest)
        weakest = f" <span class='muted'>— the least sure link holding the group together: records {a} and {b}</span>"
    out.append(f"<p><b>{escape(sure.words)}</b> ({sure.percent}){weakest}</p>")
    found = reasons(candidates)
    shown, rest = found[:REASONS_SHOWN], found[REASONS_SHOWN:]
    if found:
        out.append("<table cellspacing='0'>")
        for reason in (found if expert else shown):
            color = COLORS["agree"] if reason.bits > 0 else (COLORS["differ"] if reason.bits < 0 else
                                                             COLORS["missing"])
            out.append(f"<tr><td>{escape(reason.sentence)}</td><td>{_reason_bar(reason.bits)}</td>"
                       f"<td style='color:{color}'>{escape(reason.strength)}</td>"
                       f"<td class='muted'>{escape(reason.detail)}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p class='muted'>Matching gave no reasons for this group.</p>")
    more = f" and {len(rest)} weaker reason{'s' if len(rest) != 1 else ''}" if rest and not expert else ""
    if expert:
        out.append(f"<p><a href='{EXPERT_LINK}'>Hide the details for experts</a></p>")
        out.append(_expert_html(candidates, columns))
    else:
        out.append(f"<p><a href='{EXPERT_LINK}'>Details for experts{more} (scores in bits)</a></p>")
    return "".join(out)
