"""Write resources/reference/country_names_cldr.csv: every country's name in the languages of the heading
vocabularies, from the Unicode CLDR (as Babel ships it), so that a country cell in Czech ("Německo"),
Georgian ("საქართველო") or Swahili ("Ujerumani") is read as its country.

Run with a Python that has Babel (it is not a dependency of the application, which reads only the CSV):
    python -m venv /tmp/cldr && /tmp/cldr/bin/pip install babel && /tmp/cldr/bin/python tools/country_names_from_cldr.py
A name that two countries share in any of these languages is left out (the application would have to guess).
"""

from __future__ import annotations

import csv
import unicodedata
from collections import defaultdict
from pathlib import Path

import babel
from babel import Locale

LANGUAGES = [
    "af", "sq", "ar", "hy", "az", "eu", "be", "bn", "bs", "bg", "ca", "zh", "zh_Hant", "hr", "cs", "da",
    "nl", "en", "et", "fil", "fi", "fr", "gl", "ka", "de", "el", "he", "hi", "hu", "is", "id", "ga", "it",
    "ja", "kk", "ko", "lv", "lt", "lb", "mk", "ms", "mt", "mn", "nb", "nn", "fa", "pl", "pt", "pt_PT", "ro",
    "ru", "sr", "sr_Latn", "sk", "sl", "es", "sw", "sv", "th", "tr", "uk", "ur", "uz", "vi", "cy", "ky",
    "tg", "km", "lo", "my", "si", "ne", "ta", "te", "mr", "gu", "pa", "kn", "ml", "am", "so", "ha", "yo",
    "ig", "zu", "xh"
]
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "reference" / "country_names_cldr.csv"


def key(text: str) -> str:
    """As workbench.standardize.countries compares names: accents, case and punctuation aside."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if ch.isalnum() and not unicodedata.combining(ch))


def main() -> None:
    with (ROOT / "resources" / "reference" / "countries.csv").open(encoding="utf-8", newline="") as handle:
        codes = [row["alpha2"] for row in csv.DictReader(handle)]
    names: dict[str, dict[str, str]] = defaultdict(dict)  # code → key → name
    owners: dict[str, set[str]] = defaultdict(set)  # key → codes
    for language in LANGUAGES:
        territories = Locale.parse(language).territories
        for code in codes:
            name = territories.get(code)
            if name and (len(key(name)) > 3 or not key(name).isascii()):  # "USA", "UK": codes; "德国" a name
                names[code].setdefault(key(name), name)
                owners[key(name)].add(code)
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        handle.write(f"# Country names in {len(LANGUAGES)} languages from the Unicode CLDR (Babel {babel.__version__}),"
                     " written by tools/country_names_from_cldr.py; names two countries share are left out.\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["alpha2", "names"])
        for code in codes:
            kept = [name for k, name in names[code].items() if owners[k] == {code}]
            writer.writerow([code, "|".join(kept)])


if __name__ == "__main__":
    main()
