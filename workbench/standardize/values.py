"""Dates, numbers and yes/no values as people and systems write them."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from workbench.standardize.named_dates import named_month_day, named_month_year, parse_named_date

_EXCEL_EPOCH = datetime(1899, 12, 30)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
_PARTS = re.compile(r"^(\d{1,4})[./\-\s](\d{1,2})[./\-\s](\d{1,4})(?:(?:[ T,]+|\s+-\s+)(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*([ap]\.?m\.?)?"
                    r"(?:(?<=\d)\s*[+-]\d{2}:?\d{2})?$",  # "2024/03/18 14:22:05 -0400" (Highrise): the offset is left out
                    re.IGNORECASE)

# What a system writes after a date in brackets ("2026-08-14 (KPLA-140826)": the booking's reference).
_NOTE_AFTER = re.compile(r"(?<=\d)\s+\([^()]{1,40}\)$")
_SPACED_DOTS = re.compile(r"^\d{1,4}\.\s*\d{1,2}\.\s*\d{1,4}\.?$")
_PLAIN_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}$")
_NOT_NUMBER = re.compile(r"[^\d,.\-]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")

# Day-first (most of the world), month-first (US), year-first.
DMY, MDY, YMD = "DMY", "MDY", "YMD"


def excel_serial_to_datetime(serial: float) -> datetime | None:
    if not 1 <= serial < 2_958_466:  # 1900-01-01 .. 9999-12-31
        return None
    return _EXCEL_EPOCH + timedelta(days=serial)


# A zone after the time ("… 11:02:37 UTC", "… 09:14:02 PST"): the master keeps the day and time as written.
_ZONE_NAME = re.compile(r"\s+(?:UTC|GMT|Z|[PMCE][SD]T|AK[SD]T|HST|[AN][SD]T|BST|IST|WES?T|CES?T|EES?T|MES?Z"
                        r"|AE[SD]T|AC[SD]T|AW[SD]T|NZ[SD]T)$", re.IGNORECASE)
# "Mon, 11/10/2026 - 09:11" (a CMS's medium date): the weekday before a date in figures says nothing more.
_WEEKDAY = re.compile(r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|mo|di|mi|do|fr|sa|so|lun|mar|mer|jeu|ven|"
                      r"sam|dim|mie|jue|vie|sab|dom|gio|ma|wo|vr|za|zo)[a-z]*\.?,\s*(?=\d)", re.IGNORECASE)


def parse_datetime(value: object, order: str | None = None) -> datetime | None:
    """ISO text, 'dd.mm.yyyy', 'mm/dd/yyyy' (by `order`), month names, Excel serials; unparseable → None."""
    if type(value) is str and len(value) == 19 and _PLAIN_ISO.match(value):  # what exports write
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float):
        return excel_serial_to_datetime(float(value))
    text = str(value).strip()
    if not text:
        return None
    text = _ZONE_NAME.sub("", _NOTE_AFTER.sub("", text))  # "… UTC": the master keeps times in UTC anyway
    text = _WEEKDAY.sub("", text)
    if _SPACED_DOTS.match(text):  # "3. 4. 2021" (Czech, Slovak), "1978.03.15." (Hungarian)
        text = re.sub(r"\.\s+", ".", text).rstrip(".")
    match = _ISO.match(text)
    if match:
        y, mo, d, h, mi, s, _tz = match.groups()
        return _build(int(y), int(mo), int(d), h, mi, s)
    match = _PARTS.match(text)
    if match:
        a, b, c, h, mi, s, ampm = match.groups()
        if h and ampm:
            hour = int(h) % 12 + (12 if ampm.lower().startswith("p") else 0)
            h = str(hour)
        if len(a) == 4:
            return _build(int(a), int(b), int(c), h, mi, s)
        year = int(c)
        if len(c) == 2:
            year += 2000 if year < 70 else 1900
        first, second = int(a), int(b)
        if order == MDY or (order is None and first <= 12 < second):
            return _build(year, first, second, h, mi, s)
        return _build(year, second, first, h, mi, s)
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return excel_serial_to_datetime(float(text))
    if _LETTER.search(text):
        return parse_named_date(text)  # "March 3, 2023", "3. März 2023"
    return None


# Years of the Buddhist era, as Thai lists write dates ("12/05/2530" is 12 May 1987): 543 years ahead.
_BUDDHIST_ERA = range(2443, 2700)


def _build(y: int, mo: int, d: int, h: str | None, mi: str | None, s: str | None) -> datetime | None:
    if y in _BUDDHIST_ERA:
        y -= 543
    try:
        return datetime(y, mo, d, int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None


_MONTH_YEAR = re.compile(r"^(?P<month>\d{1,2})\s*[./\-]\s*(?P<year>(?:19|20)\d{2})$")
_YEAR_MONTH = re.compile(r"^(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})$")
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def parse_period_start(value: object) -> datetime | None:
    """The first day of a month or a year written without a day: "03/2019", "Mar 2021", "März 2021",
    "2019" (how people note since when someone is a customer); None for anything else."""
    if type(value) is not str:
        return None
    text = value.strip().rstrip(".")
    if _YEAR.match(text):
        return datetime(int(text), 1, 1)
    match = _MONTH_YEAR.match(text) or _YEAR_MONTH.match(text)
    if match:
        month, year = int(match["month"]), int(match["year"])
        return datetime(year, month, 1) if 1 <= month <= 12 else None
    named = named_month_year(text)
    return datetime(named[1], named[0], 1) if named else None


_EPOCH = re.compile(r"^1\d{9}(?:\.\d+)?$")


def parse_epoch(value: object) -> datetime | None:
    """A Unix timestamp in seconds ("1694012345", as Customer.io and APIs export dates), 2001-2033,
    as the UTC time it is; None for anything else. Only for columns already known to hold dates:
    ten digits alone are a phone number as often."""
    text = str(value).strip() if value is not None else ""
    if not _EPOCH.match(text):
        return None
    return datetime(1970, 1, 1) + timedelta(seconds=float(text))


def parse_date(value: object, order: str | None = None) -> date | None:
    parsed = parse_datetime(value, order)
    return parsed.date() if parsed else None


# A day and month without a year: "12/25" (Mailchimp's birthdays), "25.12.", "--12-25" (ISO 8601 and vCard).
_MONTH_DAY = re.compile(r"^(\d{1,2})\s*([./\-])\s*(\d{1,2})\.?$")
_NO_YEAR_ISO = re.compile(r"^--(\d{2})-?(\d{2})$")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # 29 February is somebody's birthday


def parse_month_day(value: object, order: str | None = None) -> tuple[int, int] | None:
    """(month, day) of a date written without a year, else None.

    "12/25" and "25.12." can be read one way only; "03/04" is read by `order` (the column's
    DMY/MDY decision), else day first with dots and month first with slashes, as Mailchimp
    and the US write it."""
    if type(value) is not str:
        return None
    text = value.strip()
    named = named_month_day(text)  # "14-Feb", "Feb 14", "14. Februar"
    if named is not None:
        month, day = named
        return (month, day) if 1 <= day <= _DAYS_IN_MONTH[month - 1] else None
    match = _NO_YEAR_ISO.match(text)
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        return (month, day) if 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1] else None
    match = _MONTH_DAY.match(text)
    if not match:
        return None
    a, separator, b = int(match.group(1)), match.group(2), int(match.group(3))
    day_first = order == DMY or (order != MDY and separator == ".")
    readings = [(b, a), (a, b)] if day_first else [(a, b), (b, a)]
    for month, day in readings:
        if 1 <= month <= 12 and 1 <= day <= _DAYS_IN_MONTH[month - 1]:
            return month, day
    return None


def month_day_text(month: int, day: int) -> str:
    """The ISO 8601 form of a day of the year without a year: '--12-25'."""
    return f"--{month:02d}-{day:02d}"


def parse_number(value: object) -> float | None:
    """'1.234,56 €', '$1,234.56', '12' → float; None when it is not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = _NOT_NUMBER.sub("", str(value))
    if not _DIGIT.search(text):
        return None
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        head, _, tail = text.rpartition(",")
        text = text.replace(",", "") if len(tail) == 3 and head else text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


_YES = {"yes", "y", "true", "t", "1", "x", "ja", "j", "oui", "si", "sí", "sì", "sim", "wahr", "vero", "waar",
        "accepted", "accepté", "acceptée", "accepte", "akzeptiert", "aceptado", "aceptada", "accettato", "accettata",
        "aceito", "aceita", "geaccepteerd", "zaakceptowano", "agreed",
        "subscribed", "opted in", "opt-in", "optin", "granted", "confirmed", "ok", "1.0", "✓", "✔", "☑", "checked",
        "abonniert", "angemeldet", "abonné", "abonnée", "abonne", "inscrit", "inscrite", "iscritto", "iscritta",
        "suscrito", "suscrita", "aangemeld", "geabonneerd", "yes please", "ja bitte", "ja gerne", "oui merci",
        "tak", "kyllä", "kylla", "k", "ano", "a", "da", "igen", "i", "o", "s", "✅", "evet", "да", "так", "ναι", "はい", "是", "예", "네",
        "希望する", "希望", "可", "する", "受け取る", "配信する", "購読する", "有", "受信する", "jah", "jaa", "jā", "taip", "tá", "já", "bai",
        "نعم", "כן", "بله", "بلی", "ہاں", "हाँ", "हां", "haan", "হ্যাঁ", "ya", "iya", "có", "ใช่", "มี", "รับ", "ndiyo",
        "ndio", "კი", "დიახ", "այո", "bəli", "beli", "иә", "тийм",
        "同意", "동의", "enabled", "ativado", "ativada", "activado", "activada", "activé", "activée", "aktiviert",
        "ingeschakeld", "attivato", "attivata"}  # "o": the French oui of an "O/N" column; "a", "k", "i": ano, kyllä, igen
_NO = {"no", "n", "false", "f", "0", "nein", "non", "nee", "falsch", "falso", "onwaar", "denied", "not subscribed",
       "not_subscribed", "keine",
       "refused", "refusé", "refusée", "refuse", "abgelehnt", "rechazado", "rechazada", "rifiutato", "rifiutata",
       "recusado", "recusada", "geweigerd", "odrzucono", "odmówiono", "declined",
       "never subscribed", "non-subscribed", "nonsubscribed", "0.0", "unchecked", "no thanks", "nein danke",
       "non merci", "no gracias", "no grazie", "nee bedankt", "nie", "nej", "nei", "não", "nao", "ei", "ne", "nu", "nem", "❌", "✗", "✘",
       "hayır", "hayir", "нет", "ні", "όχι", "οχι", "いいえ", "否", "아니오", "아니요", "不同意", "미동의", "비동의",
       "希望しない", "不要", "希望なし", "不可", "しない", "受け取らない", "配信しない", "購読しない", "無", "受信しない", "nē", "níl", "neen", "لا", "לא",
       "خیر", "نه", "نہیں", "नहीं", "नही", "nahi", "nahin", "না", "tidak", "tdk", "không", "khong", "ไม่", "ไม่ใช่",
       "ไม่มี", "ไม่รับ", "hapana", "არა", "ոչ", "xeyr", "yox", "жоқ", "yo'q", "yoq", "үгүй", "не", "yok",
       "disabled", "desativado", "desativada", "desactivado", "desactivada", "désactivé", "désactivée",
       "deaktiviert", "uitgeschakeld", "disattivato", "disattivata"}
_UNSUBSCRIBED = {"unsubscribed", "opted out", "opt-out", "optout", "abgemeldet", "ausgetragen", "désinscrit",
                 "desinscrit", "désinscrite", "désabonné", "désabonnée", "desabonne", "afgemeld", "uitgeschreven",
                 "disiscritto", "disiscritta", "baja", "dado de baja", "desuscrito", "desuscrita", "desuscripto",
                 "desuscripta", "desuscripto por usuario", "desuscrito por usuario", "blocklisted",
                 "blacklisted", "blocked", "do not allow", "don't allow", "not allowed", "disallowed", "odhlášen",
                 "odhlasen", "odhlášený", "wypisany", "wypisana", "odhlásený", "odhlaseny", "abbestellt", "desabonado",
                 "desabonada", "desinscrito", "desinscrita", "descadastrado", "descadastrada", "avregistrerad",
                 "avprenumererad", "afmeldt", "avmeldt", "leiratkozott", "dezabonat", "odjavljen", "odjavljena",
                 "uitgeschreven door gebruiker", "afgemeld door gebruiker", "removido", "removida"}
_BOUNCED = {"bounced", "cleaned", "hard bounce", "bounce", "invalid", "rebotado", "rebotada", "rebondi", "unzustellbar",
            "nedoručitelný", "nedorucitelny", "onbestelbaar", "niedostarczalny", "non recapitabile"}
# Words of CRM and e-mail tools that grant ("Explicit" / "Implicit" permission: Constant Contact; a
# HubSpot "Marketing contact") or say nothing either way ("Non-marketing contact", "Not set").
_GRANTED_WORDS = {"explicit", "implicit", "marketing contact", "double opt-in", "double opt in",
                  "single opt-in", "single opt in", "active", "subscriber", "opted-in", "allow", "allowed", "activo",
                  "activa", "ativo", "ativa", "attivo", "attiva", "aktiv", "actief", "přihlášen", "prihlasen",
                  "přihlášený", "prihlaseny", "aktivní", "aktivni", "aktívny", "aktivny", "aktywny", "suscripto",
                  "suscripta", "ingeschreven", "zapisany", "zapisana", "bevestigd", "doi", "doi+", "soi", "soi+",
                  "prenumererad", "prenumerant", "tilmeldt", "abonnert", "påmeldt", "tilaaja", "feliratkozott",
                  "abonat", "assinante", "inscrito", "inscrita", "subscrito", "subscrita", "prijavljen", "prijavljena"}
_NEUTRAL_WORDS = {"non-marketing contact", "not set", "pending", "unconfirmed", "not specified", "none",
                  "transactional", "never asked", "unknown", "non renseigné", "non renseigne", "nicht angegeben",
                  "no especificado", "non specificato", "niet opgegeven", "não informado", "nao informado",
                  "nepotvrzen", "nepotvrzený", "nepotvrzeny", "unbestätigt", "non confirmé", "non confirme",
                  "sin confirmar", "no confirmado", "pendiente", "ausstehend", "en attente", "in attesa",
                  "niet bevestigd", "niepotwierdzony", "obekräftad", "ubekræftet", "não confirmado", "onbevestigd",
                  "aguarda confirmação", "aguardando confirmação", "aguarda confirmacao"}


def parse_yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    answer = _ANSWER_FIRST.match(text)  # a form's option: "Yes, sign me up", "No, thanks"
    if answer is not None:
        return answer.group(1) in _YES
    return None


_ANSWER_FIRST = re.compile(r"^(yes|ja|oui|si|sí|sì|sim|no|nein|non|nee|não|nej|nei)\s*[,!]\s*\w[^\n]{0,60}$")


def parse_consent(value: object, *, inverted: bool = False) -> str:
    """Marketing consent as granted / denied / unsubscribed / bounced / unknown.

    `inverted` is for columns that say the opposite ("Opted out", "Unsubscribed"): yes is an
    unsubscribe; no says only that nobody opted out, which is not consent (unknown). A date says
    when the answer was given.
    """
    text = str(value or "").strip().lower()
    if not text:
        return "unknown"
    if text in _BOUNCED:
        return "bounced"
    if text in _UNSUBSCRIBED:
        return "unsubscribed"
    if text in _GRANTED_WORDS and not inverted:
        return "granted"
    flag = parse_yes_no(text)
    if flag is None:
        # A date where consent is asked is when it was given ("Subscribed: 2024-01-05") or, in an
        # opt-out column, when it was withdrawn ("Unsubscribed: 2023-11-02").
        if any(ch.isdigit() for ch in text) and not text.isdigit() and parse_datetime(text) is not None:
            return "unsubscribed" if inverted else "granted"
        return "unknown"
    if inverted:
        return "unsubscribed" if flag else "unknown"  # no opt-out on record is not consent either
    return "granted" if flag else "denied"


def is_consent_word(value: object) -> bool:
    """Does a cell speak of marketing consent at all (including "Non-marketing contact", "Not set")?"""
    text = str(value or "").strip().lower()
    return text in _NEUTRAL_WORDS or parse_consent(text) != "unknown"


MONTH_FIRST_REGIONS = {"US", "PH", "FM", "MH", "PW", "BZ"}


def decide_date_order(values: list[str], region: str | None = None) -> str | None:
    """DMY or MDY for a column, from its values: one '25/12' settles it; else dots mean day-first,
    else the region's habit (US month-first), else day-first. None when the column needs no decision."""
    day_first = month_first = ambiguous = 0
    dots = slashes = 0
    for value in values:
        text = str(value).strip()
        match = _PARTS.match(text)
        if match is not None:
            first, second = match.group(1), match.group(2)
        else:  # a birthday without a year ("12/25")
            short = _MONTH_DAY.match(text)
            if short is None:
                continue
            first, second = short.group(1), short.group(3)
        if len(first) == 4:
            continue
        a, b = int(first), int(second)
        dots += "." in text
        slashes += "/" in text
        if a > 12 >= b:
            day_first += 1
        elif b > 12 >= a:
            month_first += 1
        else:
            ambiguous += 1
    if not (day_first or month_first or ambiguous):
        return None
    if day_first != month_first:
        return DMY if day_first > month_first else MDY
    if dots > slashes:
        return DMY
    return MDY if (region or "").upper() in MONTH_FIRST_REGIONS else DMY
