"""The tests of the e-mail levels, and of the surname and the birth year read from a mailbox.

Comparable e-mail addresses arrive as `workbench.matching.normalize` makes them (lower case,
Gmail's dots gone); see `comparisons.py` for what a level is.
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA, JaroWinkler

from workbench.matching.normalize import ROLE_MAILBOXES, consumer_mail_domain


def mailbox_parts(address: str) -> tuple[str, str]:
    """Mailbox name (dots ignored: 'anna.berg' and 'annaberg' are the same name) and provider."""
    local, _, domain = address.partition("@")
    return local.replace(".", ""), domain


def same_mailbox_name(a: str, b: str) -> bool:
    """'anna.berg@gmail.com' and 'anna.berg@web.de': the same person's name at another provider."""
    local_a, _ = mailbox_parts(a)
    local_b, _ = mailbox_parts(b)
    return local_a == local_b and len(local_a) >= 5 and local_a not in ROLE_MAILBOXES


_SEPARATORS = str.maketrans("", "", "._-")


def other_separators(a: str, b: str) -> bool:
    """'thomas.mueller@t-online.de' and 'thomasmueller@t-online.de': one provider, the same letters
    with other dots, dashes or underscores between them. Where the provider reads those (all but
    Gmail, whose addresses arrive here without dots), that is another mailbox: the one a namesake
    took when the first was gone; a person's own address typed without its dot looks the same."""
    local_a, _, domain_a = a.partition("@")
    local_b, _, domain_b = b.partition("@")
    if domain_a != domain_b or local_a == local_b:
        return False
    bare = local_a.translate(_SEPARATORS)
    return bare == local_b.translate(_SEPARATORS) and len(bare) >= 5 and bare not in ROLE_MAILBOXES


_LETTERS = re.compile(r"[^\W\d_]+")


def colleague_mailbox(a: str, b: str) -> bool:
    """'mueller.baerbel@blumen-koch.de' and 'baerbel.fischer60@blumen-koch.de': two people's own
    mailboxes at one organisation's domain (not a provider of private mailboxes, not 'info@'). Their
    names differ where they differ: a word of each that is no part of the other's ('mueller',
    'fischer'); 'e.cerda@' and 'elisabet.cerda@' may be one person's two addresses."""
    local_a, _, domain_a = a.partition("@")
    local_b, _, domain_b = b.partition("@")
    if domain_a != domain_b or local_a == local_b or consumer_mail_domain(domain_a):
        return False
    if local_a in ROLE_MAILBOXES or local_b in ROLE_MAILBOXES:
        return False
    words_a, words_b = set(_LETTERS.findall(local_a)), set(_LETTERS.findall(local_b))
    only_a = _unshared(words_a - words_b, words_b)
    only_b = _unshared(words_b - words_a, words_a)
    if not only_a or not only_b:
        return False
    return not any(x.startswith(y) or y.startswith(x) or x.endswith(y) or y.endswith(x)
                   for x in only_a for y in only_b)


def _unshared(words: set[str], other: set[str]) -> list[str]:
    """Words of one mailbox (of three letters or more) that are no start or end of a word of the
    other, with a word of the other written on to them taken off: 'pieterdejong' against
    'vandenberg.pieter' leaves 'dejong'; 'dejong' against 'pieterdejong' leaves nothing."""
    out = []
    for word in words:
        if any(o.startswith(word) or o.endswith(word) for o in other):
            continue
        for part in other:
            if len(part) >= 3 and len(word) - len(part) >= 3:
                if word.startswith(part):
                    word = word[len(part):]
                elif word.endswith(part):
                    word = word[:-len(part)]
        if len(word) >= 3:
            out.append(word)
    return out


_TRAILING_NUMBER = re.compile(r"\d{2,}$")


def other_number(local_a: str, local_b: str) -> bool:
    """'john.smith79' and 'john.smith72': one name with another number after it, the mailbox a
    namesake took when the first was gone (often their birth year), not a slip."""
    found_a, found_b = _TRAILING_NUMBER.search(local_a), _TRAILING_NUMBER.search(local_b)
    return found_a is not None and found_b is not None and found_a.group() != found_b.group() \
        and local_a[:found_a.start()] == local_b[:found_b.start()]


def mailbox_typo(a: str, b: str) -> bool:
    """One slip in the mailbox name or in the provider's name, not both; another number after one
    name is no slip (`other_number`)."""
    local_a, domain_a = mailbox_parts(a)
    local_b, domain_b = mailbox_parts(b)
    if local_a in ROLE_MAILBOXES or local_b in ROLE_MAILBOXES:
        return False
    if domain_a == domain_b:
        if other_number(local_a, local_b):
            return False
        return min(len(local_a), len(local_b)) >= 4 and OSA.distance(local_a, local_b) <= 1
    return local_a == local_b and len(local_a) >= 4 and OSA.distance(domain_a, domain_b) <= 1


def one_side_without_surname(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a[0] != b[0]


def surname_in_mailbox(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """('n', 'gnatz') and ('m', 'ben', 'gnatz'): the surname one side lacks is in its e-mail address."""
    name, words = (a[1], b[1:]) if a[0] == "n" else (b[1], a[1:])
    if len(name) < 3:
        return False
    return any(word == name or (len(name) >= 4 and name in word)
               or (len(word) >= 5 and JaroWinkler.similarity(word, name) >= 0.92) for word in words)


def one_side_born(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return a[0] != b[0]


def birth_year_in_mailbox(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """('b', '85') and ('m', '07', '85'): the birth year one side lacks is in its e-mail address."""
    year, numbers = (a[1], b[1:]) if a[0] == "b" else (b[1], a[1:])
    return year in numbers
