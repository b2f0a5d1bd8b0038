"""Names of people, organisations and places: the key two spellings share, and the reading of free-text lines.

Three things live here, all pure functions over strings (no database):

* ``normalise(text)`` gives the key under which two lines are the same entity:
  "U.S. Department of State", "US Department of State" and "the United States
  Department of State" share one key, as do "PRC Ministry of Education" and
  "People's Republic of China Ministry of Education".
* ``split_participants(line)`` reads a participants line such as "U.S.
  President Barack Obama, Chinese President Xi Jinping" into people with the
  role they held; what it cannot read it hands back as the original text.
* ``split_places(line)`` reads a location line such as "Sunnylands, Rancho
  Mirage, California" into places with their country, using the gazetteer in
  entities/vocabularies/places.csv.

The vocabularies are data files editors maintain (entities/vocabularies/);
they are read once per process.
"""

import csv
import functools
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

VOCABULARIES = Path(__file__).resolve().parent / "vocabularies"

# Word sequences (after case and punctuation folding) spelled one way in keys.
# Longest first, so "united states of america" is not read as "united states" + "of america".
_FOLDS = [
    (("the", "peoples", "republic", "of", "china"), ("china",)),
    (("the", "united", "states", "of", "america"), ("united", "states")),
    (("peoples", "republic", "of", "china"), ("china",)),
    (("united", "states", "of", "america"), ("united", "states")),
    (("p", "r", "c"), ("china",)),
    (("u", "s", "a"), ("united", "states")),
    (("u", "s"), ("united", "states")),
    (("prc",), ("china",)),
    (("usa",), ("united", "states")),
    (("us",), ("united", "states")),
    (("the", "united", "states"), ("united", "states")),
    (("the", "p", "r", "c"), ("china",)),
    (("the", "u", "s"), ("united", "states")),
    (("the", "prc"), ("china",)),
    (("the", "usa"), ("united", "states")),
    (("the", "us"), ("united", "states")),
]
_CHINESE_FOLDS = {"中华人民共和国": "中国", "美利坚合众国": "美国"}
# Dots and apostrophes join what they separate ("U.S." is "us", "People's" is "peoples");
# every other mark separates words.
_JOINING_MARKS = re.compile(r"[.'’‘`´ʼ]")
_SEPARATING_MARKS = re.compile(r"[\W_]+")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


def normalise(text):
    """The key under which two spellings of a name are the same entity.

    Folds case, diacritics, full-width forms, punctuation and spacing, "&" and
    "and", the spellings of the United States ("U.S.", "US", "USA", "United
    States of America") and of the People's Republic of China ("PRC"), and a
    leading "the". Chinese text keeps its characters. An empty or
    punctuation-only text gives "".
    """
    text = unicodedata.normalize("NFKC", text or "")
    for long, short in _CHINESE_FOLDS.items():
        text = text.replace(long, short)
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _JOINING_MARKS.sub("", text.replace("&", " and "))
    words = _SEPARATING_MARKS.sub(" ", text).split()
    folded = []
    position = 0
    while position < len(words):
        for pattern, replacement in _FOLDS:
            if tuple(words[position : position + len(pattern)]) == pattern:
                folded.extend(replacement)
                position += len(pattern)
                break
        else:
            folded.append(words[position])
            position += 1
    if len(folded) > 1 and folded[0] == "the":
        folded = folded[1:]
    return _SPACE_BETWEEN_CJK.sub("", " ".join(folded))


# Participants ---------------------------------------------------------------


class Participant(NamedTuple):
    """A person named in a participants line, with the role they held then ("" when none is given)."""

    name: str
    role: str


def _read_list(filename):
    lines = (VOCABULARIES / filename).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _is_cjk(text):
    return any("\u3400" <= char <= "\u9fff" for char in text)


@functools.cache
def role_titles():
    """The curated role titles of entities/vocabularies/roles.txt, longest first."""
    return sorted(set(_read_list("roles.txt")), key=len, reverse=True)


@functools.cache
def _role_patterns():
    patterns = []
    for title in role_titles():
        if _is_cjk(title):
            patterns.append((True, re.compile(re.escape(title))))
        else:
            words = r"\s+".join(re.escape(word) for word in title.split())
            patterns.append((False, re.compile(rf"(?<![\w.]){words}(?![\w])", re.IGNORECASE)))
    return patterns


@functools.cache
def _not_person_words():
    return frozenset(word.casefold() for word in _read_list("not_person_words.txt"))


_PARTICLES = {"de", "da", "van", "von", "der", "den", "del", "la", "le", "bin", "al", "di", "du", "st."}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_NATIONALITIES = {"u.s.", "us", "u.s", "american", "americans", "chinese", "prc", "china", "united", "states"}
_QUALIFYING_WORDS = {
    "former",
    "then",
    "acting",
    "the",
    "of",
    "for",
    "and",
    "deputy",
    "vice",
    "executive",
    "then-",
}
_INITIAL = re.compile(r"^[A-Z]\.$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’\-]*\.?$")
_CJK_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$|^[\u3400-\u9fff]+(?:[·•・][\u3400-\u9fff]+){1,3}$")


def _looks_like_a_name(text, bare=False):
    """Whether `text` reads as a person's name: capitalised words, initials, particles, a suffix."""
    text = text.strip()
    if _is_cjk(text):
        return not bare and bool(_CJK_NAME.match(text))
    words = text.split()
    if not words or len(words) > 4 or (bare and len(words) < 2) or words[0].casefold() in _SUFFIXES:
        return False
    for index, word in enumerate(words):
        folded = word.casefold().rstrip(",")
        if folded in _not_person_words() or folded.rstrip(".") in _not_person_words():
            return False
        if bare and folded in _NATIONALITIES:
            return False
        if index and (folded in _PARTICLES or folded in _SUFFIXES):
            continue
        if not (_INITIAL.match(word) or (_NAME_WORD.match(word) and word[0].isupper())):
            return False
    return True


def _is_qualifier(text):
    """Words that may stand before a title as part of the role: "U.S.", "Chinese", "California", "former"."""
    words = text.split()
    if len(words) > 6:
        return False
    for word in words:
        folded = word.casefold()
        if folded == "and":
            return False
        if folded in _QUALIFYING_WORDS or folded.startswith(("then-", "ex-", "former-")):
            continue
        if not (word[0].isupper() or not word[0].isalpha()):
            return False
    return True


def _name_after_of(rest):
    """The name at the end of "of California Jerry Brown": two words, three with an initial or a suffix."""
    words = rest.split()
    for size in (3, 2):
        if len(words) <= size:
            continue
        name = words[-size:]
        if size == 3 and not (_INITIAL.match(name[1]) or name[2].casefold() in _SUFFIXES):
            continue
        if _looks_like_a_name(" ".join(name)) and _is_qualifier(" ".join(words[1:-size])):
            return " ".join(words[:-size]), " ".join(name)
    return None


def _read_person(segment):
    """A Participant when `segment` is a role followed by a name (or a CJK name followed by a title)."""
    segment = segment.strip(" \t-–—:")
    best = None
    for cjk, pattern in _role_patterns():
        for match in pattern.finditer(segment):
            qualifier, rest = segment[: match.start()], segment[match.end() :].strip()
            if cjk:
                if _looks_like_a_name(rest) and (not qualifier or _is_cjk(qualifier)):
                    candidate = (match.end(), Participant(rest, segment[: match.end()].strip()))
                elif not rest and _looks_like_a_name(qualifier):
                    candidate = (match.end(), Participant(qualifier, match.group()))
                else:
                    continue
            elif not _is_qualifier(qualifier):
                continue
            elif _looks_like_a_name(rest):
                candidate = (match.end(), Participant(rest, segment[: match.end()].strip()))
            elif rest.casefold().startswith("of ") and (split := _name_after_of(rest)):
                role_end, name = split
                candidate = (match.end(), Participant(name, f"{segment[: match.end()]} {role_end}".strip()))
            else:
                continue
            if best is None or candidate[0] > best[0]:
                best = candidate
    return best[1] if best else None


def _is_role_alone(segment):
    """Whether `segment` is only a role ("Secretary of State", "President of China"), as after a name."""
    segment = segment.strip()
    for cjk, pattern in _role_patterns():
        match = pattern.search(segment)
        if not match or cjk:
            continue
        rest = segment[match.end() :].strip()
        complement = rest.split(" ", 1)[0].casefold() in {"of", "to", "for", "at"}
        if _is_qualifier(segment[: match.start()]) and (not rest or complement):
            return True
    return False


def _split_outside_brackets(text, separators):
    """Split on any of `separators` (a compiled pattern) except inside brackets."""
    parts, depth, start = [], 0, 0
    for match in re.finditer(r"[(\[（【]|[)\]）】]|" + separators.pattern, text):
        mark = match.group()
        if mark in "([（【":
            depth += 1
        elif mark in ")]）】":
            depth = max(depth - 1, 0)
        elif depth == 0:
            parts.append(text[start : match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


_LIST_SEPARATORS = re.compile(r"[,;，；、\n]")
_AND = re.compile(r"\s+(?:and|&)\s+|\s*(?:和|与|及)\s*", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)


# A name's Chinese form in brackets after it, as sources and the starter catalogue give it.
_CHINESE_ASIDE = re.compile(r"\s*[(（][^()（）]*[\u3400-\u9fff][^()（）]*[)）]\s*$")


def split_participants(line):
    """Read a participants line into people with their roles.

    Returns a list whose items are ``Participant(name, role)`` for each person
    recognised and, for any part that is not a person ("200 students",
    "business leaders"), that part's text as a plain string. A line in which
    no person is recognised comes back whole and untouched, as ``[line]``;
    an empty line gives ``[]``.

    >>> split_participants("Secretary of State Antony Blinken")
    [Participant(name='Antony Blinken', role='Secretary of State')]
    """
    if not line or not line.strip():
        return []
    segments = [
        _LEADING_AND.sub("", part.strip())
        for part in _split_outside_brackets(line, _LIST_SEPARATORS)
        if part.strip()
    ]
    found = []
    for segment in segments:
        # "Foreign Minister Wang Yi (王毅)": the name in Chinese beside it is not part of the name read.
        segment = _CHINESE_ASIDE.sub("", segment) or segment
        person = _read_person(segment)
        if person:
            found.append(person)
            continue
        pieces = [piece.strip() for piece in _split_outside_brackets(segment, _AND) if piece.strip()]
        people = [_read_person(piece) for piece in pieces] if len(pieces) > 1 else []
        if any(people):
            found.extend(person or piece for person, piece in zip(people, pieces, strict=True))
        elif _looks_like_a_name(segment, bare=True):
            found.append(Participant(segment, ""))
        elif _is_role_alone(segment) and found and isinstance(found[-1], Participant) and not found[-1].role:
            # "John Kerry, Secretary of State": the role follows the name.
            found[-1] = Participant(found[-1].name, segment)
        else:
            found.append(segment)
    if not any(isinstance(item, Participant) for item in found):
        return [line]
    return found


# Places ---------------------------------------------------------------------


class KnownPlace(NamedTuple):
    """A row of the gazetteer (entities/vocabularies/places.csv)."""

    name: str
    chinese_name: str
    kind: str
    country: str
    country_name: str
    parent: str
    aliases: tuple


class PlaceMention(NamedTuple):
    """A place read from a location line.

    `name` is the gazetteer's name when the place is known, else the text as
    written; `country` is "US", "CN", "other" or "" (unknown); `parent` names
    the enclosing place when the line or the gazetteer tells it.
    """

    name: str
    country: str
    country_name: str = ""
    kind: str = ""
    parent: str = ""
    chinese_name: str = ""
    known: bool = False


@functools.cache
def gazetteer():
    """Known places, by key: every name, Chinese name and alias of a row leads to it."""
    with (VOCABULARIES / "places.csv").open(encoding="utf-8", newline="") as file:
        rows = [
            KnownPlace(
                name=row["name"].strip(),
                chinese_name=row["chinese_name"].strip(),
                kind=row["kind"].strip(),
                country=row["country"].strip(),
                country_name=row["country_name"].strip(),
                parent=row["parent"].strip(),
                aliases=tuple(alias.strip() for alias in row["aliases"].split("|") if alias.strip()),
            )
            for row in csv.DictReader(file)
        ]
    by_key = {}
    for place in rows:
        for spelling in (place.name, place.chinese_name, *place.aliases):
            key = normalise(spelling)
            if key and place not in by_key.setdefault(key, []):
                by_key[key].append(place)
    return rows, by_key


def known_places():
    """Every row of the gazetteer, in file order (states and provinces before the cities in them)."""
    return gazetteer()[0]


def _ancestors(place):
    by_name = {row.name: row for row in known_places()}
    seen = []
    while place.parent and place.parent in by_name and by_name[place.parent] not in seen:
        place = by_name[place.parent]
        seen.append(place)
    return seen


_COUNTRIES = {
    normalise(spelling): code
    for code, spellings in {
        "US": ["United States", "America", "美国"],
        "CN": ["China", "Mainland China", "中国", "中国大陆"],
    }.items()
    for spelling in spellings
}
_LEADING_PREPOSITION = re.compile(r"^(?:in|at|near|the)\s+", re.IGNORECASE)


def _look_up(text, within=None):
    """The known place called `text`, preferring one inside `within` (a KnownPlace)."""
    candidates = gazetteer()[1].get(normalise(text), [])
    if within is not None:
        inside = [place for place in candidates if within in _ancestors(place)]
        if inside:
            return inside[0]
    return candidates[0] if candidates else None


def _mention(place):
    return PlaceMention(
        name=place.name,
        country=place.country,
        country_name=place.country_name,
        kind=place.kind,
        parent=place.parent,
        chinese_name=place.chinese_name,
        known=True,
    )


def _read_chain(parts):
    """Places in "Sunnylands, Rancho Mirage, California", read from the right.

    A part followed by a place it lies in is that place ("Rancho Mirage,
    California" is one place, Rancho Mirage); an unknown part followed by a
    known place lies in it ("Springfield, Illinois"); parts that are not
    inside one another are a list ("Beijing, Shanghai").
    """
    mentions = []
    right = None  # what the part to the right told: (KnownPlace or None, country code)
    for part in reversed(parts):
        text = _LEADING_PREPOSITION.sub("", part.strip()).strip()
        if not text:
            continue
        country = _COUNTRIES.get(normalise(text))
        if country:
            if right is not None:
                mentions.append(PlaceMention(name=text, country=country))
            right = (None, country)
            continue
        within = right[0] if right else None
        place = _look_up(text, within)
        if within is not None and (place is None or within in _ancestors(place)):
            # The part to the right only said where this one is: it is not a place of its own.
            mentions.pop()
        if place:
            mentions.append(_mention(place))
            right = (place, place.country)
        elif right:
            mentions.append(
                PlaceMention(
                    name=text,
                    country=right[1],
                    country_name=within.country_name if within else "",
                    parent=within.name if within else "",
                )
            )
            right = (None, right[1])
        else:
            mentions.append(PlaceMention(name=text, country=""))
    if not mentions and right:
        # The line names only a country ("China"): keep it, as written.
        mentions.append(PlaceMention(name=", ".join(part.strip() for part in parts), country=right[1]))
    return list(reversed(mentions))


_PLACE_GROUPS = re.compile(r"[;；\n/]")
_PLACE_LIST = re.compile(r"\s+(?:and|&|to)\s+|\s*(?:和|与|及|、)\s*", re.IGNORECASE)
_PLACE_PARTS = re.compile(r"[,，]")


def split_places(line):
    """Read a location line into PlaceMentions, most specific place first within each part.

    "Beijing and Washington, DC" gives Beijing (China) and Washington (United
    States); "Sunnylands, Rancho Mirage, California" gives Sunnylands, known to
    lie in Rancho Mirage; an unknown name is kept as written, with the country
    its qualifier gives ("Springfield, Illinois") or none. An empty line gives [].
    """
    mentions = []
    for group in _split_outside_brackets(line or "", _PLACE_GROUPS):
        if not group.strip():
            continue
        whole = _look_up(group)
        pieces = [group] if whole else _split_outside_brackets(group, _PLACE_LIST)
        for piece in pieces:
            parts = [part for part in _split_outside_brackets(piece, _PLACE_PARTS) if part.strip()]
            if parts:
                mentions.extend(_read_chain(parts))
    return mentions
