"""Values read the way people write them: "Yes"/"No"/empty, "200 Chinese students", "national, state".

The contribution form, the admin and the import (exchanges/rows.py) read values
through these functions, so a value means the same wherever it is typed. The
spellings they know are data files under exchanges/vocabularies/ that editors
keep up to date: types.csv (a source's word for a type → our type),
levels.csv and yes_no.json.
"""

import csv
import functools
import heapq
import itertools
import json
import re
import unicodedata
from pathlib import Path

from django.utils.translation import gettext as _

from entities.names import split_outside_brackets

from .models import MAX_PARTICIPANTS, ExchangeRecord
from .numbers import numbers_in_words

VOCABULARIES = Path(__file__).resolve().parent / "vocabularies"
# Thousands grouped as people write them, one separator throughout: "1,200", "1 200" (a no-break
# space too: the text's spaces are single plain ones by then) and "1.200", as European
# spreadsheets write it. A dot followed by exactly three digits is read as grouping, never as a
# decimal point: no count of people has a fraction.
COUNT = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?: [0-9]{3})+|[0-9]+)"
WHOLE_NUMBER = re.compile(COUNT)
# A number standing alone: not part of a longer number or of a Latin word ("2k" is no count of
# 2), though Chinese writes words against it ("约200人").
LATIN = "A-Za-z\u00c0-\u024f"
NUMBER_IN_TEXT = re.compile(rf"(?<![0-9{LATIN}.,]){COUNT}(?![{LATIN}]|[.,]?[0-9])")
# Digits before a word for hundreds, thousands or millions ("2 million", "3万"): no count of 2 or 3.
BEFORE_A_MULTIPLE = re.compile(r" ?(?:hundred|thousand|million|billion)s?\b|[百千万萬亿億]", re.IGNORECASE)
# Digits, commas and dots and nothing else, but no whole number: "12.50", "1,20", "1.200,50".
NOT_A_WHOLE_NUMBER = re.compile(r"[-−+]?\s*[0-9][0-9,.]*")
# Digits grouped by spaces, though not in threes after the first group: "2 10", "21 000 0",
# "1 2345". Only a space would part a number so, and no decimal point is one: a mistake, not a
# number whose digits run together (210) nor two numbers. Within words, groups of one to three
# digits ("2 10 students"); a longer group there may be a year ("May 5 2019").
BADLY_GROUPED = re.compile(r"[0-9]{1,3}(?: [0-9]+)+")
BADLY_GROUPED_IN_TEXT = re.compile(rf"(?<![0-9{LATIN}.,])[0-9]{{1,3}}(?: [0-9]{{1,3}})+(?![0-9.,]?[0-9])")
# Commas or dots, more than one: grouping too ("1,200,0"), where one alone may be a decimal point.
GROUPED_BY_MARKS = re.compile(r"[0-9]{1,3}(?:,[0-9]+){2,}|[0-9]{1,3}(?:\.[0-9]+){2,}")


@functools.lru_cache(maxsize=4096)
def key(text):
    """A spelling as the vocabularies list it: lower case, single spaces, no spaces around "/"."""
    return re.sub(r"\s*/\s*", "/", " ".join(str(text).lower().split())).strip(" .")


@functools.cache
def type_spellings():
    with (VOCABULARIES / "types.csv").open(encoding="utf-8") as file:
        rows = {key(row["spelling"]): row["type"] for row in csv.DictReader(file)}
    unknown = set(rows.values()) - set(ExchangeRecord.Type.values)
    if unknown:
        raise ValueError(f"exchanges/vocabularies/types.csv names unknown types: {sorted(unknown)}")
    # Our own values and labels are spellings too.
    for value, label in ExchangeRecord.Type.choices:
        rows.setdefault(key(value), value)
        rows.setdefault(key(label), value)
    return rows


@functools.cache
def level_spellings():
    with (VOCABULARIES / "levels.csv").open(encoding="utf-8") as file:
        rows = {key(row["spelling"]): row["level"] for row in csv.DictReader(file)}
    for value, label in ExchangeRecord.Level.choices:
        rows.setdefault(key(value), value)
        rows.setdefault(key(label), value)
    return rows


@functools.cache
def yes_no_spellings():
    words = json.loads((VOCABULARIES / "yes_no.json").read_text(encoding="utf-8"))
    answers = {"yes": True, "no": False, "not_recorded": None}
    return {key(word): answers[answer] for answer, spellings in words.items() for word in spellings}


@functools.cache
def not_recorded_spellings():
    """The words for "the record does not say" (yes_no.json's not_recorded): "N/A", "unknown"."""
    return frozenset(word for word, answer in yes_no_spellings().items() if answer is None)


def read_yes_no(text):
    """True, False or None (not recorded); ValueError for a word that is none of them."""
    text = key(text or "")
    if text not in yes_no_spellings():
        raise ValueError(_("“%(value)s” is not Yes, No or empty.") % {"value": text})
    return yes_no_spellings()[text]


def read_type(text):
    """(type, as recorded): a known spelling gives its type; other words are kept under "Other"."""
    text = " ".join((text or "").split())
    if not text:
        return "", ""
    found = type_spellings().get(key(text))
    if found:
        return found, ""
    # "Education/science; Cultural", "Sports/Athletics": the first part that is a known type.
    for part in re.split(r"\s*(?:[;,/&]|\band\b)\s*", text):
        found = type_spellings().get(key(part))
        if found:
            return found, text
    return ExchangeRecord.Type.OTHER, text[: ExchangeRecord._meta.get_field("type_as_recorded").max_length]


def read_levels(text):
    """(levels, unknown words): "national, state" → ["national", "state"]."""
    levels, unknown = [], []
    # "Federal/State" as "national, state"; "State / provincial" is one level whichever way it is read.
    for part in re.split(r"\s*(?:[,;/\n、]|\band\b|&|和)\s*", (text or "").strip()):
        if not part:
            continue
        found = level_spellings().get(key(part))
        if found:
            levels.append(found)
        else:
            unknown.append(part)
    return list(dict.fromkeys(levels)), unknown


def read_participants(text):
    """(count, note) from "40", "1,200" ("1 200", "1.200"), "200 Chinese students" or "twelve".

    A bare number is the count, and a word for unknown ("N/A", "unknown") none. A
    description holding exactly one number, in digits or in words ("a delegation of thirty",
    "三十名学生": exchanges/numbers.py), gives that number as the count and is
    kept as the note; with several numbers
    ("200 Chinese students, 200 from 50 US colleges", "200 students and twelve teachers") only
    the note is kept, since adding them up would be a guess, unless the first is the total and
    the others its parts in brackets ("12 (6 US, 6 Chinese)"). A number of a size the words
    leave open ("dozens", "several", "a few", "几十") is a number, but no count. ValueError for a
    negative, fractional or too large number.
    """
    text = " ".join((text or "").split())
    # Numbers are looked for in full-width digits too ("３０人"); the note keeps the text as written.
    plain = unicodedata.normalize("NFKC", text)
    if not text or key(plain) in not_recorded_spellings():  # "N/A", "unknown", "不详"
        return None, ""
    if WHOLE_NUMBER.fullmatch(plain):
        return checked_count(plain), ""
    if NOT_A_WHOLE_NUMBER.fullmatch(plain) or badly_grouped(plain):
        raise ValueError(not_a_whole_number(text))
    numbers = first_two_numbers(plain)
    total = total_of_parts(plain, numbers)
    value = (total or numbers[0])[2] if len(numbers) == 1 or total else None
    try:
        return (None if value is None else within_limit(value)), text
    except ValueError:  # a count past the limit in a description: the words alone
        return None, text


def first_two_numbers(plain):
    """(start, end, value) of the text's first two numbers, in digits or in words: the first may be
    the count, and a second says there are several."""
    digits = (
        (number.start(), number.end(), int(re.sub(r"[^0-9]", "", number.group())))
        for number in NUMBER_IN_TEXT.finditer(plain)
        if not BEFORE_A_MULTIPLE.match(plain, number.end())
    )
    return list(itertools.islice(heapq.merge(digits, numbers_in_words(plain)), 2))


def total_of_parts(plain, numbers):
    """The first number, where it is a total and the others its parts in brackets at the end:
    "12 (6 US, 6 Chinese)", "200 students (100 from each side)", "twelve (six US, six Chinese)"."""
    opening = plain.find("(")
    if len(numbers) < 2 or opening < 0 or not plain.endswith(")") or ")" in plain[:opening]:
        return None
    first = numbers[0]
    # Nothing else numbered before the brackets, not even what is no count ("2k (1k each)").
    rest = plain[: first[0]] + plain[first[1] : opening]
    if numbers[1][0] < opening or re.search("[0-9]", rest):
        return None
    return first


def read_count(text):
    """A bare whole number, its thousands grouped or not ("1,200", "1 200", "1.200"); ValueError
    for anything else, a fraction ("12.50") included."""
    plain = " ".join(unicodedata.normalize("NFKC", str(text)).split())
    if not WHOLE_NUMBER.fullmatch(plain):
        raise ValueError(not_a_whole_number(text))
    return checked_count(plain)


def not_a_whole_number(text):
    plain = " ".join(unicodedata.normalize("NFKC", str(text)).split())
    if str(text).strip().startswith(("-", "−")):
        # "-40" is a whole number, and saying it is not would leave the contributor puzzled.
        wrong = _("“%(value)s” is below zero.")
    elif badly_grouped(plain):
        # "21 000 0" is a whole number's digits grouped wrongly: saying how to group them tells
        # the contributor which digit went astray.
        wrong = _(
            "“%(value)s” groups its digits wrongly: after the first group, each group of digits holds "
            "three (2 100, 21 000)."
        )
    else:
        wrong = _("“%(value)s” is not a whole number.")
    return (
        (wrong % {"value": text})
        + " "
        + _("Give the number of participants as a whole number, e.g. 40 or 1,200.")
    )


def badly_grouped(plain):
    """Whether the text holds digits grouped by spaces, or by several commas or dots, in groups
    other than threes after the first ("2 10 students", "1,200,0")."""
    if BADLY_GROUPED.fullmatch(plain) or GROUPED_BY_MARKS.fullmatch(plain):
        return not WHOLE_NUMBER.fullmatch(plain)
    return any(
        not WHOLE_NUMBER.fullmatch(grouped.group()) for grouped in BADLY_GROUPED_IN_TEXT.finditer(plain)
    )


def checked_count(text):
    # The grouping, whichever it is, goes: "1.200" is 1200.
    return within_limit(int(re.sub(r"[^0-9]", "", text)))


def within_limit(count):
    if count > MAX_PARTICIPANTS:
        raise ValueError(
            _("The number of participants cannot be more than %(max)s.") % {"max": f"{MAX_PARTICIPANTS:,}"}
        )
    return count


SEMICOLON = re.compile(";")


def split_values(text):
    """A cell with several values, one per line, or (in a one-line cell) separated by semicolons
    outside brackets: "Peking University (PKU; 北京大学)" is one."""
    text = (text or "").replace("\r\n", "\n").strip()
    parts = text.split("\n") if "\n" in text else split_outside_brackets(text, SEMICOLON)
    return [part.strip() for part in parts if part.strip()]
