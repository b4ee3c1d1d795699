"""Every comparison level, table-driven: (description, left, right, expected level).

The values are written as customers' fields hold them after import; the level is what a
careful person would call the relation between the two.
"""

import pytest

from workbench.matching.comparisons import BY_FIELD, COMPARISONS, level_of

FIRST_NAME = [
    ("either side without a first name", "Anna", None, "missing"),
    ("the same name", "Anna", "Anna", "exact"),
    ("case and accents do not matter", "JOSÉ", "jose", "exact"),
    ("a double name written with a space or a hyphen", "Anna-Lena", "Anna Lena", "exact"),
    ("a salutation typed into the field", "Mr John", "John", "exact"),
    ("Bob is Robert", "Bob", "Robert", "nickname"),
    ("Liz is Elizabeth", "Liz", "Elizabeth", "nickname"),
    ("Bill is William", "Bill", "William", "nickname"),
    ("Kate is Katherine", "Kate", "Katherine", "nickname"),
    ("Hans is Johannes", "Hans", "Johannes", "nickname"),
    ("Paco is Francisco", "Paco", "Francisco", "nickname"),
    ("two short forms of one name", "Bob", "Rob", "nickname"),
    ("a short form and its full name with a slip", "Alex", "Alxandra", "nickname"),
    ("a short form and its full name with a transposition", "Tommy", "Tohmas", "nickname"),
    ("a given name of its own is not a slip of another name (Alina, not Lina for Caroline)", "Alina", "Carol", "different"),
    ("a transposition", "Micheal", "Michael", "typo"),
    ("a dropped letter", "Chrstina", "Christina", "typo"),
    ("a short name with one wrong key", "Akex", "Alex", "typo"),
    ("spelled as it sounds", "Stefan", "Stephan", "sounds_alike"),
    ("an initial", "J.", "John", "initial"),
    ("an initial and a short form of a name with that initial (Ted for Edward)", "E.", "Ted", "initial"),
    ("an initial and Sasha, which stands for Alexander", "A.", "Sasha", "initial"),
    ("one part of a double name", "Anna", "Anna-Lena", "initial"),
    ("the same name for a man and a woman", "Daniel", "Daniela", "other_gender"),
    ("Mario and Maria", "Mario", "Maria", "other_gender"),
    ("Louis and Louise", "Louis", "Louise", "other_gender"),
    ("an initial that does not fit", "P.", "John", "different"),
    ("an initial that fits neither the short form nor its full names", "P.", "Ted", "different"),
    ("two different names", "Anna", "Peter", "different"),
    ("Chris is short for Christine and for Christopher, which are not one name", "Christine", "Christopher",
     "similar"),
    ("two slips in a short name", "Eni", "Erin", "similar"),
    ("two slips of the keyboard", "Chtos", "Chris", "similar"),
    ("two short names three letters apart", "Ida", "Eva", "different"),
]

LAST_NAME = [
    ("missing", None, "Smith", "missing"),
    ("the same", "Smith", "smith", "exact"),
    ("umlaut written out", "Müller", "Mueller", "exact"),
    ("umlaut in capitals", "MÜLLER", "Mueller", "exact"),
    ("a generation suffix is not part of the surname", "Smith Jr.", "Smith", "exact"),
    ("a typo", "Schmidt", "Schmitt", "typo"),
    ("umlaut dropped", "Müller", "Muller", "typo"),
    ("sounds the same", "Meier", "Mayer", "sounds_alike"),
    ("one half of a double surname", "García López", "García", "part"),
    ("similar", "Bertolucci", "Bertolini", "similar"),
    ("a different surname (a married name, or another person)", "Schmidt", "Weber", "different"),
]

GENERATION = [
    ("neither says", None, None, "missing"),
    ("one side says Jr", "Jr.", None, "missing"),
    ("both junior", "Jr.", "jr", "exact"),
    ("junior written out", "Junior", "Jr.", "exact"),
    ("father and son", "Sr.", "Jr.", "different"),
]

BIRTH_DATE = [
    ("missing", "1980-05-07", None, "missing"),
    ("the same day", "1980-05-07", "1980-05-07", "exact"),
    ("day and month read the other way round", "1980-05-07", "1980-07-05", "swapped"),
    ("the day mistyped", "1980-05-07", "1980-05-17", "one_part"),
    ("the year mistyped", "1980-05-07", "1981-05-07", "one_part"),
    ("two digits mistyped", "1939-11-23", "1939-12-13", "close"),
    ("parent and child", "1952-03-14", "1984-11-02", "different"),
    ("born the same day, a generation apart", "1952-03-14", "1979-03-14", "different"),
]

COMPANY = [
    ("missing", "Müller Bau GmbH", None, "missing"),
    ("legal form dropped", "Müller Bau GmbH", "Müller Bau", "exact"),
    ("legal form written differently", "Smith Inc.", "Smith, Inc", "exact"),
    ("The dropped, Company as the legal word", "The Archer Studio Company", "Archer Studio", "exact"),
    ("& for and", "Rossi & Bianchi S.r.l.", "Rossi and Bianchi SRL", "exact"),
    ("'and' inside the legal form", "Radisch Foods GmbH and Co. KG", "Radisch Foods GmbH & Co. KG", "exact"),
    ("the legal form mistyped", "Solutions Cook Limitrd", "Solutions Cook Limited", "exact"),
    ("a short legal form mistyped", "Bähr GmeH", "Bähr GmbH", "exact"),
    ("a last word one letter from a legal form is still a word", "Fitness Core", "Fitness", "contains"),
    ("shouted", "BORRANI TRADING S.R.L.", "Borrani Trading SRL", "exact"),
    ("a space in the wrong place", "Castejó nBau S.A.", "Castejón Bau S.A.", "typo"),
    ("a typo", "Schneider Logistik", "Schnieder Logistik", "typo"),
    ("one name contains the other", "Becker Media", "Becker Media Services", "contains"),
    ("nearly the same", "Nordlicht Design", "Nordlich Designs", "typo"),
    ("similar", "Hoffmann Logistik", "Hofmann Logistics", "similar"),
    ("another company", "Müller Bau GmbH", "Schmidt Handel GmbH", "different"),
]

EMAIL = [
    ("missing", "anna@example.com", None, "missing"),
    ("case", "Anna.Berg@Example.com", "anna.berg@example.com", "exact"),
    ("a +tag", "anna+shop@gmail.com", "anna@gmail.com", "exact"),
    ("gmail ignores dots", "a.n.n.a.berg@gmail.com", "annaberg@googlemail.com", "exact"),
    ("one of several addresses", ["anna@work.com", "anna.berg@gmail.com"], "annaberg@gmail.com", "exact"),
    ("a dot where the provider reads dots", "thomas.mueller@t-online.de", "thomasmueller@t-online.de", "separators"),
    ("an underscore for a dot", "anna_berg@web.de", "anna.berg@web.de", "separators"),
    ("gmail has no dots to differ in", "thomas.mueller@gmail.com", "thomasmueller@gmail.com", "exact"),
    ("a typo in the mailbox name", "anna.berg@web.de", "anna.brrg@web.de", "typo"),
    ("a typo in the provider", "anna.berg@web.de", "anna.berg@wbe.de", "typo"),
    ("one name with another number after it: a namesake's mailbox", "john.smith79@gmail.com",
     "john.smith72@gmail.com", "different"),
    ("a number mistyped inside the name is still a slip", "anna.berg@web.de", "anna.b3rg@web.de", "typo"),
    ("the same mailbox name at another provider", "anna.berg@gmail.com", "anna.berg@gmx.de", "same_name"),
    ("info@ at two companies says nothing", "info@mueller.de", "info@schmidt.de", "different"),
    ("different addresses", "anna@gmail.com", "peter@gmail.com", "different"),
    ("two people's mailboxes at one company", "mueller.baerbel@blumen-koch.de", "baerbel.fischer60@blumen-koch.de",
     "colleague"),
    ("two forms of one name at one company", "e.cerda@alberto-media.es", "elisabet.cerda@alberto-media.es",
     "different"),
    ("two people's mailboxes at one company, one name written on to the other",
     "vandam.joost@cafe-linde.nl", "joostdehaan@cafe-linde.nl", "colleague"),
    ("one person's name written whole and with its parts apart at one company",
     "joostdehaan@cafe-linde.nl", "j.dehaan@cafe-linde.nl", "different"),
    ("one person's first name alone and written with the surname at one company",
     "joostdehaan@cafe-linde.nl", "joost@cafe-linde.nl", "different"),
    ("a company's shared mailbox and a person's", "info@blumen-koch.de", "baerbel.fischer@blumen-koch.de",
     "different"),
    ("two people at a provider of private mailboxes", "anna.berg@yahoo.co.uk", "peter.berg@yahoo.co.uk",
     "different"),
]

PHONE = [
    ("missing", "+15551234567", None, "missing"),
    ("the same number", "+15551234567", "+15551234567", "exact"),
    ("one digit mistyped", "+15551234567", "+15551234568", "typo"),
    ("written without its country code, read in two countries", "+33781890382", "+41781890382", "other_country"),
    ("a German mobile read as Swiss, its trunk 0 kept", "+41015123486466", "+4915123486466", "other_country"),
    ("the same digits after another area code are another line", "+4930123456789", "+4989123456789", "different"),
    ("another number", "+15551234567", "+15559876543", "different"),
]

ADDRESS = [
    ("missing", {"street": "Main St 1", "city": "Springfield"}, None, "missing"),
    ("the same address", {"street": "Goethestraße 12", "postcode": "10115", "city": "Berlin", "country": "DE"},
     {"street": "Goethestr. 12", "postcode": "10115", "city": "Berlin", "country": "DE"}, "exact"),
    ("street abbreviated in English", {"street": "12 Main Street", "postcode": "62701", "country": "US"},
     {"street": "12 Main St", "postcode": "62701", "country": "US"}, "exact"),
    ("Straße written out, Str. abbreviated", {"street": "Berliner Straße 5", "postcode": "80331", "country": "DE"},
     {"street": "Berliner Str. 5", "postcode": "80331", "country": "DE"}, "exact"),
    ("postcode missing on one side", {"street": "Kerkstraat 12", "postcode": "1011 AA", "city": "Amsterdam"},
     {"street": "Kerkstraat 12", "city": "Amsterdam"}, "same_house"),
    ("street name with a typo", {"street": "Lindenstraße 7", "postcode": "04109", "country": "DE"},
     {"street": "Lindnestraße 7", "postcode": "04109", "country": "DE"}, "street_typo"),
    ("another house in the same street", {"street": "Lindenstraße 7", "postcode": "04109"},
     {"street": "Lindenstraße 9", "postcode": "04109"}, "same_street"),
    ("only the town is known on one side", {"street": "Lindenstraße 7", "postcode": "04109", "city": "Leipzig"},
     {"city": "Leipzig"}, "same_place"),
    ("the same town is not the same address", {"city": "Leipzig"}, {"city": "Leipzig"}, "same_place"),
    ("another town", {"street": "Lindenstraße 7", "postcode": "04109"},
     {"street": "Lindenstraße 7", "postcode": "80331"}, "different"),
    ("another country", {"street": "Hauptstraße 1", "postcode": "1010", "country": "AT"},
     {"street": "Hauptstraße 1", "postcode": "1010", "country": "CH"}, "different"),
]

IDENTIFIER = [
    ("missing", "DE123456789", None, "missing"),
    ("formatting does not matter", "DE 123 456 789", "de123456789", "exact"),
    ("one character off", "DE123456789", "DE123456780", "typo"),
    ("another", "DE123456789", "FR987654321", "different"),
]

TABLES = {"first_name": FIRST_NAME, "last_name": LAST_NAME, "generation": GENERATION, "birth_date": BIRTH_DATE,
          "company": COMPANY, "email": EMAIL, "phone": PHONE, "address": ADDRESS, "identifier": IDENTIFIER}


@pytest.mark.parametrize(("field", "description", "left", "right", "expected"), [
    pytest.param(field, *row, id=f"{field}: {row[0]}") for field, table in TABLES.items() for row in table])
def test_level(field, description, left, right, expected):
    assert level_of(field, left, right) == expected, description
    assert level_of(field, right, left) == expected, f"{description} (the other way round)"


# Levels set from what the values alone do not say (the kind of a phone number): tested in test_coherence.py.
NOT_FROM_VALUES = {"phone": {"other_kind"}}


def test_every_level_of_every_table_driven_comparison_is_exercised():
    for field, table in TABLES.items():
        seen = {row[3] for row in table}
        levels = set(BY_FIELD[field].level_keys()) - NOT_FROM_VALUES.get(field, set())
        assert levels <= seen, f"{field}: untested levels {sorted(levels - seen)}"


def test_levels_are_ordered_missing_exact_then_weaker_then_different():
    for comparison in COMPARISONS:
        keys = comparison.level_keys()
        assert keys[:2] == ["missing", "exact"] and keys[-1] == "different", comparison.field
        assert len(set(keys)) == len(keys), comparison.field


def test_only_identity_levels_are_conflicts():
    # Another person's own mailbox at one organisation says who, as another first name does.
    conflicts = {(c.field, level.key) for c in COMPARISONS for level in c.levels if level.conflict}
    assert conflicts == {("first_name", "other_gender"), ("first_name", "similar"), ("first_name", "different"),
                         ("birth_date", "different"), ("generation", "different"), ("email", "colleague")}


SURNAME_IN_EMAIL = [
    ("the surname one side lacks is a word of its mailbox", ("n", "gnatz"), ("m", "ben", "gnatz"), "in_email"),
    ("a typo still counts", ("n", "hoedemakers"), ("m", "hoedemaker"), "in_email"),
    ("another surname in the mailbox", ("n", "weber"), ("m", "schulz"), "different"),
    ("both have surnames: the last-name comparison decides", ("n", "weber"), ("n", "weber"), "missing"),
]


@pytest.mark.parametrize(("description", "left", "right", "expected"), SURNAME_IN_EMAIL,
                         ids=[row[0] for row in SURNAME_IN_EMAIL])
def test_surname_in_email_level(description, left, right, expected):
    comparison = BY_FIELD["email_name"]
    assert comparison.levels[comparison.compare(left, right)].key == expected
    assert comparison.levels[comparison.compare(right, left)].key == expected


BIRTH_YEAR_IN_EMAIL = [
    ("the birth year the other's e-mail ends in", ("b", "85"), ("m", "85"), "in_email"),
    ("one of several numbers", ("b", "85"), ("m", "07", "85"), "in_email"),
    ("another number", ("b", "85"), ("m", "62"), "different"),
    ("both born: the birth-date comparison decides", ("b", "85"), ("b", "85"), "missing"),
    ("neither born: nothing to read", ("m", "85"), ("m", "85"), "missing"),
]


@pytest.mark.parametrize(("description", "left", "right", "expected"), BIRTH_YEAR_IN_EMAIL,
                         ids=[row[0] for row in BIRTH_YEAR_IN_EMAIL])
def test_birth_year_in_email_level(description, left, right, expected):
    comparison = BY_FIELD["email_year"]
    assert comparison.levels[comparison.compare(left, right)].key == expected
    assert comparison.levels[comparison.compare(right, left)].key == expected


@pytest.mark.parametrize(("address", "year"), [
    ("anna.berg85@web.de", "85"), ("a.berg1985@gmx.de", "85"), ("berg_anna07+shop@gmail.com", "07"),
    ("anna7@web.de", None), ("anna123@web.de", None), ("anna2985@web.de", None), ("anna.berg@web.de", None),
])
def test_the_year_a_mailbox_name_ends_in(address, year):
    from workbench.matching.normalize import mailbox_year

    assert mailbox_year(address) == year
