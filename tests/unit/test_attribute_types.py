"""Checking attribute values against their definitions, one type at a time."""

import pytest

from workbench.definitions.attribute_types import AttributeSpec, check_value, guess_type

SIZES = ("S", "M", "L", "XL")

# (description, spec keywords, value, canonical value or None, problem fragment or None)
CASES = [
    ("text as typed, spaces collapsed", {"type": "text"}, "  gold   member ", "gold member", None),
    ("number with a decimal comma", {"type": "number"}, "1.234,5", "1234.5", None),
    ("whole number", {"type": "number"}, "42", "42", None),
    ("number from a spreadsheet float", {"type": "number"}, 42.0, "42", None),
    ("not a number", {"type": "number"}, "lots", "lots", "not a number"),
    ("date day first", {"type": "date"}, "31.01.2024", "2024-01-31", None),
    ("ISO date", {"type": "date"}, "2024-02-29", "2024-02-29", None),
    ("impossible date", {"type": "date"}, "2023-02-29", "2023-02-29", "not a date"),
    ("yes in German", {"type": "yes/no"}, "ja", "yes", None),
    ("no as a boolean", {"type": "yes/no"}, False, "no", None),
    ("maybe is not yes/no", {"type": "yes/no"}, "maybe", "maybe", "not yes or no"),
    ("choice in another case", {"type": "choice", "choices": SIZES}, "xl", "XL", None),
    ("choice not allowed", {"type": "choice", "choices": SIZES}, "XXL", "XXL", "not an allowed value"),
    ("multi-choice from text", {"type": "multi-choice", "choices": SIZES}, "s; m, L", ["S", "M", "L"], None),
    ("multi-choice from a list, repeats once", {"type": "multi-choice", "choices": SIZES}, ["M", "m"], ["M"], None),
    ("multi-choice with a stranger", {"type": "multi-choice", "choices": SIZES}, "S, XXS", "S, XXS",
     "'XXS' is not an allowed value"),
    ("e-mail with an upper-case domain", {"type": "email"}, "Anna@Example.COM", "Anna@example.com", None),
    ("e-mail without a domain", {"type": "email"}, "anna@", "anna@", "after the @-sign"),
    ("phone with its country code", {"type": "phone"}, "+49 30 1234567", "+49301234567", None),
    ("phone without a country code and no region", {"type": "phone"}, "030 1234567", "030 1234567",
     "no country code"),
    ("web address without a scheme", {"type": "url"}, "www.example.com", "https://www.example.com", None),
    ("web address with a path", {"type": "url"}, "http://shop.example.de/a?b=1", "http://shop.example.de/a?b=1",
     None),
    ("not a web address", {"type": "url"}, "my website", "my website", "not a web address"),
    ("pattern holds", {"type": "text", "pattern": r"K-\d{4}"}, "K-0042", "K-0042", None),
    ("pattern does not hold", {"type": "text", "pattern": r"K-\d{4}"}, "K-42", "K-42", "does not match"),
    ("pattern on a number's canonical form", {"type": "number", "pattern": r"\d{3}"}, "0420", "420", None),
    ("empty and optional", {"type": "number"}, "  ", None, None),
    ("empty and required", {"type": "number", "required": True}, "", None, "required"),
    ("empty list and required", {"type": "multi-choice", "choices": SIZES, "required": True}, [], None, "required"),
    ("retired is never required", {"type": "text", "required": True, "retired": True}, None, None, None),
    ("a list where one value belongs", {"type": "text"}, ["a", "b"], ["a", "b"], "a list"),
]


@pytest.mark.parametrize(("description", "spec", "value", "canonical", "problem"), CASES, ids=[c[0] for c in CASES])
def test_check_value(description, spec, value, canonical, problem):
    result = check_value(AttributeSpec("attr", **spec), value)
    assert result.value == canonical
    if problem is None:
        assert result.ok, result.problem
    else:
        assert problem in (result.problem or "")


def test_phone_uses_the_customers_region():
    result = check_value(AttributeSpec("hotline", type="phone"), "030 1234567", region="DE")
    assert result.ok and result.value == "+49301234567"


@pytest.mark.parametrize(("values", "expected"), [
    (["yes", "no", "ja", "Nein"], "yes/no"),
    (["12", "7,5", "1.000"], "number"),
    (["2024-01-03", "31.12.2023"], "date"),
    (["a@example.com", "b@example.org"], "email"),
    (["www.example.com", "https://shop.example.de"], "url"),
    (["+49 30 1234567", "+33 1 23 45 67 89"], "phone"),
    (["gold", "silver", "gold", "bronze", "gold", "silver", "gold", "gold", "silver"], "choice"),
    (["Anna likes tea", "call after 5", "prefers post"], "text"),
    ([["a", "b"], ["b"]], "multi-choice"),
    ([], "text"),
])
def test_guess_type(values, expected):
    assert guess_type(values).type == expected


def test_guessed_choices_are_the_distinct_values():
    guess = guess_type(["gold", "silver", "gold", "Gold", "silver", "gold", "gold", "silver", "gold"])
    assert guess.choices == ["gold", "silver"]
