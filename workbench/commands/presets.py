"""`workbench presets`: the export layouts there are, and what each follows."""

from __future__ import annotations

from argparse import ArgumentParser, Namespace

from workbench.commands import print_json
from workbench.export.presets import all_presets

NAME = "presets"
HELP = "list the export presets (target tools and file layouts)"

PURPOSE_TEXT = {"marketing": "marketing: consent required", "contact": "contacts: no do-not-contact",
                "data": "data: everyone, flags included"}


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--verbose", "-v", action="store_true", help="also say what each preset follows")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: Namespace) -> int:
    presets = all_presets()
    if args.json:
        print_json({"presets": [{
            "name": p.name, "label": p.label, "tool": p.tool, "purpose": p.purpose, "format": p.format,
            "rows": p.rows, "encoding": p.encoding, "extension": p.extension, "columns": p.headers,
            "chooses_fields": p.all_fields, "follows": p.follows,
        } for p in presets]})
        return 0
    width = max(len(p.name) for p in presets)
    for p in presets:
        print(f"{p.name.ljust(width)}  {p.label}  [{p.format}, one row per {p.rows.replace('_', ' ')}; "
              f"{PURPOSE_TEXT[p.purpose]}]")
        if args.verbose and p.follows:
            for line in p.follows.splitlines():
                print(" " * (width + 2) + line)
            print()
    return 0
