"""Dates written with the month's name, as people and many exports write them, in six languages:
"March 3, 2023", "Fri, 3 Mar 2023 10:12", "3. März 2023", "3 mars 2023", "3 de marzo de 2023",
"3 maggio 2023", "3 maart 2023", "03-Mar-2023"."""

from __future__ import annotations

import re
from datetime import datetime

from workbench.text import fold

_MONTH_WORDS = (
    ("january jan januar janner janvier janv enero ene gennaio gen januari", 1),
    ("february feb februar fevrier fevr fev febrero febbraio febr februari", 2),
    ("march mar marz maerz mars marzo maart mrt", 3),
    ("april apr avril avr abril abr aprile", 4),
    ("may mai mayo maggio mag mei", 5),
    ("june jun juni juin junio giugno giu", 6),
    ("july jul juli juillet juil julio luglio lug", 7),
    ("august aug aout agosto ago augustus", 8),
    ("september sep sept septembre septiembre setiembre settembre set", 9),
    ("october oct oktober octobre octubre ottobre ott okt", 10),
    ("november nov novembre noviembre", 11),
    ("december dec dezember dez decembre diciembre dic dicembre", 12),
)
MONTHS = {word: number for words, number in _MONTH_WORDS for word in words.split()}
_WEEKDAY_WORDS = (
    "monday mon tuesday tue tues wednesday wed thursday thu thur thurs friday fri saturday sat sunday sun",
    "montag mo dienstag di mittwoch mi donnerstag do freitag fr samstag sa sonntag so",
    "lundi lun mardi mar mercredi mer jeudi jeu vendredi ven samedi sam dimanche dim",
    "lunes martes miercoles jueves viernes sabado domingo",
    "lunedi martedi mercoledi giovedi venerdi sabato",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
)
_WEEKDAYS = {word for words in _WEEKDAY_WORDS for word in words.split()}
_FILLER = {"de", "del", "of", "the", "le", "den", "der", "on", "at", "um", "alle", "om", "el"}
_TOKEN = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?|\d+(?:st|nd|rd|th|er|e|o|a)?|[a-z]+|[+\-]\d{2}:?\d{2}")
_DASH = re.compile(r"(?<=\d)[\-/](?=[a-z])|(?<=[a-z])[\-/](?=\d)")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?$")


def parse_named_date(text: str) -> datetime | None:
    """A date with its month's name; None when the text is not one."""
    folded = _DASH.sub(" ", fold(text))  # "03-Mar-2023"
    tokens = [t for t in _TOKEN.findall(folded) if t not in _FILLER]
    while tokens and tokens[0] in _WEEKDAYS and not (len(tokens) > 1 and tokens[1][:1].isdigit()
                                                      and tokens[0] in MONTHS):
        tokens.pop(0)  # "Friday, March 3": the weekday says nothing more ("mar" is March after a weekday)
    if len(tokens) >= 4 and _TIME.match(tokens[2]) and _year(tokens[3]) is not None:
        tokens = [*tokens[:2], tokens[3], tokens[2], *tokens[4:]]  # "Fri Sep 22 17:24:42 2017" (C's asctime)
    if len(tokens) < 3:
        return None
    first, second, third = tokens[:3]
    if first in MONTHS and _day(second) is not None:  # March 3, 2023
        month, day, year = MONTHS[first], _day(second), _year(third)
    elif second in MONTHS and _day(first) is not None:  # 3 March 2023
        month, day, year = MONTHS[second], _day(first), _year(third)
    else:
        return None
    if year is None or day is None:
        return None
    hour = minute = second_ = 0
    rest = tokens[3:]
    if rest and (time := _TIME.match(rest[0])):
        hour, minute, second_ = int(time.group(1)), int(time.group(2)), int(time.group(3) or 0)
        if len(rest) > 1 and rest[1] in ("pm", "p") and hour < 12:
            hour += 12
        elif len(rest) > 1 and rest[1] in ("am", "a") and hour == 12:
            hour = 0
    elif rest and not re.fullmatch(r"[a-z]{1,5}|[+\-]\d{2}:?\d{2}", rest[0]):
        return None  # more than a date, a time and a zone: some other text
    try:
        return datetime(year, month, day, hour, minute, second_)
    except ValueError:
        return None


def _day(token: str) -> int | None:
    digits = re.match(r"\d{1,2}", token)
    return int(digits.group()) if digits and len(digits.group()) == len(token.rstrip("stndrhoea")) else None


def _year(token: str) -> int | None:
    if re.fullmatch(r"\d{4}", token):
        return int(token)
    if re.fullmatch(r"\d{2}", token):
        return 2000 + int(token) if int(token) < 70 else 1900 + int(token)
    return None


def named_month_day(text: str) -> tuple[int, int] | None:
    """(month, day) of a day of the year written with its month's name and no year: "14-Feb",
    "Feb 14", "14. Februar", "3 de marzo"; None otherwise."""
    pair = _two_words(text)
    if pair is None:
        return None
    first, second = pair
    if first in MONTHS and _day(second) is not None:
        return MONTHS[first], _day(second)
    if second in MONTHS and _day(first) is not None:
        return MONTHS[second], _day(first)
    return None


def named_month_year(text: str) -> tuple[int, int] | None:
    """(month, year) of a month written with its name and a year: "Mar 2021", "Sept. 2022", "März 2021",
    "mars 2021"; None otherwise."""
    pair = _two_words(text)
    if pair is None:
        return None
    month, year = pair
    return (MONTHS[month], _year(year)) if month in MONTHS and _year(year) is not None else None


def _two_words(text: str) -> tuple[str, str] | None:
    """The two words of a day or a year beside a month's name ("14-Feb", "Mar 2021"), folded; None
    when the text holds more, or anything but words, dots, dashes, slashes and spaces."""
    tokens = [t for t in _TOKEN.findall(_DASH.sub(" ", fold(text))) if t not in _FILLER]
    if len(tokens) != 2 or not _LETTER_ONLY.fullmatch(text.strip()):
        return None
    return tokens[0], tokens[1]


_LETTER_ONLY = re.compile(r"[\w.\-/ ]+")  # words with their separators, nothing more
