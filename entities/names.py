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
import itertools
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
ZERO_WIDTH_JOINERS = "\u200c\u200d"
_CHINESE_FOLDS = {"中华人民共和国": "中国", "美利坚合众国": "美国"}
# Dots and apostrophes join what they separate ("U.S." is "us", "People's" is "peoples");
# every other mark separates words.
_JOINING_MARKS = re.compile(r"[.'’‘`´ʼ]")
_SEPARATING_MARKS = re.compile(r"[\W_]+")
# The Chinese characters, for a regular expression's brackets: the CJK ideographs, their extensions
# and compatibility forms, as the search indexes them (exchanges/search.py) and the pages mark them
# (entities/templatetags/languages.py).
CHINESE_CHARACTERS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


# A catalogue names the same people, organisations and places again and again: a submission's
# duplicate hints compare the names of a few hundred records, 42 keys each.
@functools.lru_cache(maxsize=16384)
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
    words = _words(text)
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


def _words(text):
    """The words of `text` without case, accents or punctuation: "U.S.-China" is "us", "china"."""
    text = unicodedata.normalize("NFKD", text.casefold())
    # Nor the characters that show nothing, which a pasted name brings (a soft hyphen from a PDF, a
    # zero-width space): "Blin\u00adken" is "blinken". Not the zero-width (non-)joiner, which some
    # scripts write names with, as the records keep them (exchanges/text.py).
    text = "".join(
        char
        for char in text
        if not unicodedata.combining(char)
        and (unicodedata.category(char) != "Cf" or char in ZERO_WIDTH_JOINERS)
    )
    text = _JOINING_MARKS.sub("", text.replace("&", " and "))
    return _SEPARATING_MARKS.sub(" ", text).split()


# Participants ---------------------------------------------------------------


class Participant(NamedTuple):
    """A person named in a participants line, with the role they held then ("" when none is given)."""

    name: str
    role: str
    chinese_name: str = ""  # given beside the name in brackets: "Xi Jinping (习近平)"
    # Given beside the name without brackets ("习近平 Xi Jinping"): the two may be two people's names,
    # and are one person's only where both name that person (exchanges/links.py).
    side_by_side: bool = False


def _read_list(filename):
    lines = (VOCABULARIES / filename).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _has_latin_letter(text):
    """Whether `text` holds a letter of the Latin alphabet (the side of a name in other letters)."""
    return _LATIN_LETTER.search(text) is not None


_LATIN_LETTER = re.compile(r"[^\W\d_]", re.ASCII)


def _is_cjk(text):
    return any("\u3400" <= char <= "\u9fff" for char in text)


_WRITTEN_IN_CHINESE = re.compile(rf"[{CHINESE_CHARACTERS}][{CHINESE_CHARACTERS}·•・\s]*")


def written_in_chinese(text):
    """Whether `text` is written in Chinese characters alone ("邓小平", "亨利·基辛格", "北京大学")."""
    return bool(_WRITTEN_IN_CHINESE.fullmatch(text.strip()))


# A name in Chinese characters and one in other letters side by side, either first, the second
# perhaps in brackets, round or square, half- or full-width: "北京 Beijing", "Beijing (北京)",
# "北京（Beijing）", "Beijing【北京】".
_CHINESE_RUN = rf"[{CHINESE_CHARACTERS}][{CHINESE_CHARACTERS}·・]*"
_OPENING, _CLOSING = r"[(（\[【]", r"[)）\]】]"
_CHINESE_FIRST = re.compile(
    rf"^({_CHINESE_RUN})\s*(?:{_OPENING}\s*([^{CHINESE_CHARACTERS}()（）\[\]【】]+?)\s*{_CLOSING}"
    rf"|([^{CHINESE_CHARACTERS}]+))$"
)
_CHINESE_LAST = re.compile(
    rf"^([^{CHINESE_CHARACTERS}]+?)\s*(?:{_OPENING}\s*({_CHINESE_RUN})\s*{_CLOSING}|({_CHINESE_RUN}))$"
)


def in_two_scripts(text):
    """(the name in other letters, the name in Chinese) of a name written both ways side by side,
    as bilingual sources write one ("北京 Beijing", "Beijing 北京", "Beijing (北京)", "北京
    (Beijing)"), or None. Whether the two are one entity's names is for the caller to know."""
    text = text.strip()
    for pattern, chinese_first in ((_CHINESE_FIRST, True), (_CHINESE_LAST, False)):
        match = pattern.match(text)
        if match:
            first, second = match.group(1), match.group(2) or match.group(3)
            other, chinese = (second, first) if chinese_first else (first, second)
            if _has_latin_letter(other):
                return other.strip(), chinese
    return None


@functools.cache
def role_titles():
    """The curated role titles of entities/vocabularies/roles.txt, longest first."""
    return sorted(set(_read_list("roles.txt")), key=len, reverse=True)


@functools.cache
def _chinese_role_title():
    """One pattern finding any of the role titles in Chinese: a page of participants asks it of
    each name, and trying the 400 titles one by one was a tenth of an exchange page's time."""
    titles = [re.escape(title) for title in role_titles() if _is_cjk(title)]
    return re.compile("|".join(titles) or "(?!)")  # with none, a pattern that finds nothing


@functools.cache
def _role_patterns():
    patterns = []
    for title in role_titles():
        if _is_cjk(title):
            patterns.append((True, re.compile(re.escape(title))))
        else:
            words = r"\s+".join(re.escape(word) for word in title.split())
            # "Former governors Gary Locke and Christine Gregoire": a title in the plural names each person.
            plural = "(?P<plural>s)?" if title[-1].isalpha() else "(?P<plural>)"
            patterns.append((False, re.compile(rf"(?<![\w.]){words}{plural}(?![\w])", re.IGNORECASE)))
    return patterns


@functools.cache
def _one_word_titles():
    """Titles of one word ("Manager", "Dean"): a name that starts with one is read last."""
    return frozenset(
        title.casefold().rstrip(".") for title in role_titles() if " " not in title and not _is_cjk(title)
    )


@functools.cache
def _not_person_words():
    return frozenset(word.casefold() for word in _read_list("not_person_words.txt"))


@functools.cache
def _chinese_family_names():
    """The family names of entities/vocabularies/chinese_family_names.txt, by their length."""
    names = _read_list("chinese_family_names.txt")
    return {length: frozenset(name for name in names if len(name) == length) for length in (1, 2)}


@functools.cache
def _chinese_not_person_words():
    """(words found anywhere, words that end it) of entities/vocabularies/chinese_not_person_words.txt."""
    words = _read_list("chinese_not_person_words.txt")
    return (
        tuple(word for word in words if not word.startswith("-")),
        tuple(word[1:] for word in words if word.startswith("-")),
    )


def _may_be_chinese_name(text, foreign=False):
    """Whether Chinese written alone may be a person's name, by its shape and words: two to four
    characters or a foreign name with its dot ("亨利·基辛格"), no place ("北京"), title ("总理",
    "李教授"), group, institution or form of address ("学生代表", "北京大学", "王先生").
    `foreign`: five characters too, as a foreign family name is written without its given name
    ("布热津斯基": Brzezinski), to be a person's only when a person is called so."""
    shaped = _CJK_NAME.match(text) or (foreign and _CJK_FOREIGN_FAMILY_NAME.match(text))
    if not shaped or _is_place(text):
        return False
    if any(_is_cjk(title) and title in text for title in role_titles()):
        return False
    anywhere, ending = _chinese_not_person_words()
    return not any(word in text for word in anywhere) and not text.endswith(ending)


def _reads_as_chinese_name(text):
    """Whether Chinese written alone is a person's name whoever is known: of the shape of one
    (_may_be_chinese_name), and a foreign name with its dot, or one beginning with a family name of
    one character followed by one or two ("邓小平", "王毅"), or of two followed by one or two ("欧阳修")."""
    if not _may_be_chinese_name(text):
        return False
    if "·" in text or "•" in text or "・" in text:
        return True
    families = _chinese_family_names()
    return any(text[:length] in families[length] and 1 <= len(text) - length <= 2 for length in (1, 2))


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
# Forms of address that may stand before a title, though "his" and "her" end a qualifier.
_HONORIFICS = [("his", "excellency"), ("her", "excellency"), ("their", "excellencies")]
# Words that end a role's qualifier: what stands before them is not part of a title
# ("among them librarian Lalla Overby", "his wife Peng Liyuan").
_NOT_IN_A_QUALIFIER = {
    "and",
    "or",
    "among",
    "them",
    "his",
    "her",
    "their",
    "its",
    "with",
    "from",
    "who",
    "which",
    "whom",
    "in",
    "by",
    "as",
    "at",
    "on",
    "other",
    "others",
    "some",
    "many",
    "all",
    "several",
    "including",
    "between",
    "also",
    "both",
    "such",
}
_COMPLEMENT_WORDS = {"of", "for", "to", "at", "on"}
_INITIAL = re.compile(r"^(?:[A-Z]\.){1,3}$")
# A syllable of pinyin is an initial and a final ("jin", "ping", "xiang"; "an" has no initial).
PINYIN_INITIAL = r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
PINYIN_FINAL = (
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ui|ue|er|a|o|e|i|u|v)"
)
# A given name in pinyin: one to three syllables ("Yi", "Keqiang"), or two parted by a hyphen
# ("Xiao-ping"). Inside a word a syllable has its initial: one without is written after an
# apostrophe ("Xi'an"), so "jeou" (of Wade-Giles's "Ying-jeou") is none.
_PINYIN_GIVEN_NAME = re.compile(
    rf"{PINYIN_INITIAL}?{PINYIN_FINAL}(?:{PINYIN_INITIAL}{PINYIN_FINAL}){{0,2}}"
    rf"(?:[-'’]{PINYIN_INITIAL}?{PINYIN_FINAL}(?:{PINYIN_INITIAL}{PINYIN_FINAL})?)?",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’\-]*\.?$")
# A foreign name's dot, perhaps with spaces round it as text pasted from a page has it ("约翰 · 克里").
_NAME_DOT = r"\s*[·•・]\s*"
# "庄则栋 (Zhuang Zedong)": a Chinese name first, its romanisation in brackets after it.
_ROMANISED_AFTER_CHINESE = re.compile(
    rf"(?P<chinese>[\u3400-\u9fff](?:[\u3400-\u9fff]|{_NAME_DOT}){{1,19}})\s*[(（]\s*(?P<name>[^()（）]+?)\s*[)）]"
)


def foreign_family_name(chinese_name):
    """The family name of a foreign name written in Chinese with its dot, the part after the last
    dot ("基辛格" of "亨利·基辛格"), or "" for any other name."""
    name = _without_spaced_dots((chinese_name or "").strip())
    parts = re.split(r"[·•・]", name)
    if len(parts) < 2 or not written_in_chinese(name) or len(parts[-1]) < 2:
        return ""
    return parts[-1]


def _without_spaced_dots(name):
    """A name in Chinese with its dots written close: "约翰 · 克里" is "约翰·克里"."""
    return re.sub(_NAME_DOT, lambda dot: dot.group().strip(), name)


_CJK_NAME = re.compile(r"^[\u3400-\u9fff]{2,4}$|^[\u3400-\u9fff]+(?:[·•・][\u3400-\u9fff]+){1,3}$")
_CJK_FOREIGN_FAMILY_NAME = re.compile(r"^[\u3400-\u9fff]{5}$")
_LOWER_WORD = re.compile(r"^[^\W\d_][\w'’\-]*$")
_POSSESSIVE = re.compile(r"['’]s$")


def _fold_word(word):
    """A word as the vocabularies spell it: "Ministry's," is "ministry", "Inc." is "inc"."""
    return _POSSESSIVE.sub("", word.casefold().strip(",;:")).rstrip(".")


def _is_group_word(word):
    folded = _fold_word(word)
    return folded in _not_person_words() or f"{folded}." in _not_person_words()


# The same few words are looked at many times a line, and lines repeat across a catalogue:
# the readings below are pure and kept for the process.
@functools.lru_cache(maxsize=8192)
def _is_place(text):
    """Whether `text` is a known place or one of the two countries ("North Carolina", "China")."""
    key = normalise(text)
    return bool(key) and (key in gazetteer()[1] or key in _COUNTRIES)


def _names_a_place(words):
    """Whether capitalised `words` are a place or start with one, not a person's name.

    "North Carolina" is a place, "California Jerry Brown" starts with one, and
    "Houston Rockets" (a city and a plural) is a team; two words that merely
    begin with a state's name ("Georgia Smith") are left to be a name.
    """
    if _is_place(" ".join(words)):
        return True
    if len(words) >= 3:
        return any(_is_place(" ".join(words[:size])) for size in (1, 2))
    first = gazetteer()[1].get(normalise(words[0]), [])
    return len(words) == 2 and words[1].endswith("s") and any(place.kind == "city" for place in first)


@functools.lru_cache(maxsize=8192)
def _looks_like_a_name(text, bare=False):
    """Whether `text` reads as a person's name: capitalised words, initials, particles, a suffix.

    A name has at most four words, none of them a word of groups or offices
    ("Force", "Fleet", "Affairs"), a nationality or the article "the", and is
    not a place; a bare name (no title before it) has at least two words.
    """
    text = text.strip()
    if _is_cjk(text):
        # "中国外交部长": a country or a place before a title is no one's name.
        return not bare and bool(_CJK_NAME.match(text)) and not _is_place(text)
    words = text.split()
    if not words or len(words) > 4 or (bare and len(words) < 2) or words[0].casefold() in _SUFFIXES:
        return False
    for index, word in enumerate(words):
        folded = word.casefold().rstrip(",")
        if _is_group_word(word) or folded in _NATIONALITIES or folded == "the":
            return False
        if index and (folded in _PARTICLES or folded in _SUFFIXES):
            continue
        if not (_INITIAL.match(word) or (_NAME_WORD.match(word) and word[0].isupper())):
            return False
    # "Vice Premier", "Disney Chairman": a title standing alone is not a name.
    return not _names_a_place(words) and not (bare and _is_role_alone(text))


def _is_qualifier(text):
    """Words that may stand before a title as part of the role.

    "U.S.", "Chinese", "California", "former", "Microsoft", "Table tennis",
    "SLAC computing services assistant": up to six words, none of them a word
    that starts a clause or a list ("among", "his", "and") or a number.
    """
    words = text.split()
    # "His Excellency President Xi Jinping": a form of address before the title is the role's too.
    folded_words = [word.casefold() for word in words]
    for honorific in _HONORIFICS:
        if folded_words[: len(honorific)] == list(honorific):
            words = words[len(honorific) :]
            break
    if len(words) > 6:
        return False
    for word in words:
        folded = word.casefold()
        if folded in _NOT_IN_A_QUALIFIER or word[0].isdigit():
            return False
        if folded in _QUALIFYING_WORDS or folded.startswith(("then-", "ex-", "former-")):
            continue
        if not (word[0].isupper() or not word[0].isalpha() or _LOWER_WORD.match(word)):
            return False
    return True


def _name_after_complement(words):
    """The complement and the name in "of California Jerry Brown", "for Climate Change Liu Zhenmin".

    `words` start with "of", "for", "to", "at" or "on". The complement runs to
    its last word of an office or a group ("Change", "Affairs", "Office") or
    place ("California"), and the name is all that follows, if it reads as a
    name ("Special Representative for Global Intergovernmental Affairs Reta Jo
    Lewis"). With no such word, the name is the last two words, or three with
    an initial or a suffix ("of Boeing John Smith", "of the Joint Staff John
    F. Smith"). Returns (complement, name) or None.
    """
    boundary = 0
    for index in range(1, len(words)):
        if _is_group_word(words[index]) or any(
            _is_place(" ".join(words[start : index + 1])) for start in range(max(1, index - 2), index + 1)
        ):
            boundary = index + 1
    if boundary:
        name = words[boundary:]
        if 2 <= len(name) <= 4 and _looks_like_a_name(" ".join(name)):
            return " ".join(words[:boundary]), " ".join(name)
        return None
    for size in (3, 2):
        # The complement has a word after its "of" or "for", and not only "the": "for East Asian"
        # is no one's, and "of the Brookings Institution" is where the holder works (no one is
        # "the John Smith"), where "of Boeing John Smith" names John Smith.
        if len(words) <= size + 1 or all(word.casefold() == "the" for word in words[1:-size]):
            continue
        name = words[-size:]
        if size == 3 and not (_INITIAL.match(name[1]) or name[2].casefold() in _SUFFIXES):
            continue
        if _looks_like_a_name(" ".join(name)) and _is_qualifier(" ".join(words[1:-size])):
            return " ".join(words[:-size]), " ".join(name)
    return None


_TRAILING_COMPLEMENT = re.compile(r"^(?P<name>.+?)\s+(?P<complement>of\s+(?:the\s+)?[A-Z].*)$")


def _name_and_complement(rest):
    """The name in what follows a title, and the complement of the title before or after the name.

    "Antony Blinken" gives ("", "Antony Blinken", ""); "of California Jerry
    Brown" gives ("of California", "Jerry Brown", ""); "James Conway of St.
    Louis" gives ("", "James Conway", "of St. Louis"). None when no name is there.
    """
    if _is_title_alone(rest):
        # "General Secretary of the CPC": no one called "Secretary".
        return None
    if _looks_like_a_name(rest):
        return "", rest, ""
    words = rest.split()
    if len(words) > 2 and words[0].casefold() in _COMPLEMENT_WORDS:
        found = _name_after_complement(words)
        return (found[0], found[1], "") if found else None
    if found := _name_then_complement(rest):
        return "", *found
    return None


def _name_then_complement(text, bare=False):
    """(name, complement) of a name and where its holder is from or works: "James Conway of St.
    Louis" after a title; "Howard Dean of Vermont", "Jack Ma of Alibaba" standing alone (`bare`),
    where the name has two words or more and begins with a given name of
    entities/vocabularies/given_names.txt or an initial, or is a Chinese name in pinyin ("Wang Yi
    of China": _is_name_in_pinyin). None otherwise: "Asia Hand of the NSC" or "Honorary Citizen
    of Shanghai" after a name is a role no title of roles.txt begins, not a person.

    The complement is "of" and up to eight words, each capitalised or "the", "of", "and".
    """
    match = _TRAILING_COMPLEMENT.match(text)
    if not match or len(match["complement"].split()) > 9:
        return None
    name = match["name"]
    if bare:
        first = name.split()[0]
        named = (
            len(name.split()) >= 2
            and (
                _fold_word(first) in _given_names()
                or bool(_INITIAL.match(first))
                or _is_name_in_pinyin(name.split())
            )
            and _looks_like_a_name(name, bare=True)
        )
    else:
        named = not _is_title_alone(name) and _looks_like_a_name(name)
    tail = match["complement"].split()[1:]
    if named and all(word[0].isupper() or word.casefold() in {"the", "of", "and"} for word in tail):
        return name, match["complement"]
    return None


def _is_name_in_pinyin(words):
    """Whether `words` are a Chinese name in pinyin: a family name of
    entities/vocabularies/romanised_family_names.txt, then a given name of pinyin syllables in one
    word or two ("Wang Yi", "Li Keqiang", "Deng Xiao Ping"; not "Song Dynasty", "Long Island")."""
    return (
        2 <= len(words) <= 3
        and _fold_word(words[0]) in _romanised_family_names()
        and all(_PINYIN_GIVEN_NAME.fullmatch(word) for word in words[1:])
    )


def _is_title_alone(words):
    """Whether `words` are one word that is a title ("Secretary", "Gen."): no one's name."""
    return " " not in words.strip() and _fold_word(words) in _one_word_titles()


# One-word titles that are given names too: "Secretary of State Dean G. Acheson" is Dean Acheson.
_GIVEN_NAMES_THAT_ARE_TITLES = frozenset({"dean", "king"})


def _given_name_as_title(title, qualifier, name):
    """Whether `title` read before `name` is more likely its given name: a title that is a given
    name too, after another title ("Secretary of State Dean G. Acheson") and before an initial,
    where "Law School Dean J. Smith" is a dean."""
    return (
        title.casefold() in _GIVEN_NAMES_THAT_ARE_TITLES
        and bool(_INITIAL.match(name.split()[0]))
        and any(not cjk and pattern.search(qualifier) for cjk, pattern in _role_patterns())
    )


def _given_name_alone_after(title, rest):
    """Whether `title`, a given name too, with one word after it and nothing before is a name
    standing alone: "Dean Rusk" is Dean Rusk, not a dean called Rusk."""
    return title.casefold() in _GIVEN_NAMES_THAT_ARE_TITLES and len(rest.split()) == 1


# Forms of address of a wife: the family name alone after one is her husband's too.
_ADDRESSES_OF_A_WIFE = {"mrs", "madame", "madam", "mme"}


def _is_family_name_of_a_husband(person):
    return (
        _fold_word(person.role) in _ADDRESSES_OF_A_WIFE
        and len(person.name.split()) == 1
        and not _is_cjk(person.name)
    )


# "and his wife Peng Liyuan", "her husband, Paul Pelosi": the spouse of the person before.
_SPOUSE = re.compile(
    r"^(?:and\s+)?(?:his|her)\s+(?P<role>wife|husband|spouse)\s*,?\s+(?P<name>.+)$", re.IGNORECASE
)
_CHINESE_WIFE = re.compile(r"^(?P<role>夫人)(?P<name>[\u3400-\u9fff·•・]{2,})$")
# "习近平夫人彭丽媛", "习近平主席夫人彭丽媛": the leader, perhaps with a title, then their wife.
_CHINESE_SPOUSE = re.compile(
    r"^(?P<leader>[\u3400-\u9fff·•・]{2,}?)(?P<role>夫人)(?P<name>[\u3400-\u9fff·•・]{2,})$"
)


def _spouse(piece):
    """The Participant of a piece naming the spouse of the person before it ("his wife Peng
    Liyuan"), with the word as the role, or None."""
    match = _SPOUSE.match(piece.strip())
    if match and _looks_like_a_name(match["name"], bare=True):
        return Participant(match["name"], match["role"].lower())
    # "习近平主席和夫人彭丽媛": 夫人 before the name, after the person whose wife she is.
    match = _CHINESE_WIFE.match(piece.strip())
    if match and _may_be_chinese_name(match["name"], foreign=True):
        return Participant(match["name"], match["role"])
    return None


def _leader_and_spouse(segment, known=frozenset()):
    """[leader, spouse] of a phrase in Chinese naming a person and then their wife ("习近平主席夫人
    彭丽媛": 习近平 with the role 主席, 彭丽媛 with the role 夫人), or None: not one person called so."""
    match = _CHINESE_SPOUSE.match(_without_spaced_dots(segment.strip()))
    if not match or not _may_be_chinese_name(match["name"], foreign=True):
        return None
    leader = match["leader"]
    reading = _chinese_name_alone(leader, known) or _titled_chinese_name(leader)
    if reading is None and (titled := _read_title_and_name(leader)) and _is_cjk(titled.person.name):
        reading = titled.person.name, titled.person.role
    if reading is None:
        return None
    return [Participant(*reading), Participant(match["name"], match["role"])]


def _person_before(qualifier):
    """Whether the words before a title in Chinese end with a person and 和, 与 or 及 ("中国国家主席
    习近平和美国总统拜登": two people), not a title's qualifier ("中华人民共和国主席")."""
    for joining in _CHINESE_AND.finditer(qualifier):
        before = qualifier[: joining.start()]
        reading = _read_title_and_name(before) if before else None
        if (reading and _is_cjk(reading.person.name)) or _chinese_name_alone(before):
            return True
    return False


def _title_after_a_chinese_name(text):
    """(name, title) of a name in Chinese with a title or form of address after it ("基辛格博士",
    "卡特先生"), read after a title before it; any other text is (text, "")."""
    if not _is_cjk(text):
        return text, ""
    for title in role_titles():
        name = text[: -len(title)]
        if _is_cjk(title) and text.endswith(title) and _may_be_chinese_name(name, foreign=True):
            return name, title
    return text, ""


class _Reading(NamedTuple):
    person: Participant
    plural: bool  # the title was in the plural ("U.S. players Dell Sweeris"): the next bare name shares it
    rank: tuple


@functools.lru_cache(maxsize=8192)
def _read_title_and_name(segment):
    """The best reading of `segment` as a title and a name, or None.

    Of several readings, one whose name has two words or more wins, then one
    whose name does not start with a title ("Rockets General Manager Carroll
    Dawson" is Carroll Dawson, not "Manager Carroll Dawson"), then the one
    whose title ends last ("Vice President" beats "President").
    """
    segment = segment.strip(" \t-–—:")
    best = None
    for cjk, pattern in _role_patterns():
        for match in pattern.finditer(segment):
            qualifier, rest = segment[: match.start()], segment[match.end() :].strip()
            plural = False
            if cjk:
                # "美国前国务卿基辛格博士": a form of address after the name is the role's too.
                rest, after = _title_after_a_chinese_name(rest)
                # Not the title again in English: "外交部长 Foreign Minister" names no one.
                named = _looks_like_a_name(rest) and not _is_role_alone(rest)
                # "习近平主席和彭丽媛": after a name and its title, "和" joins the next person.
                joined = bool(qualifier) and _CHINESE_AND.match(rest) is not None
                if (
                    named
                    and not joined
                    and (not qualifier or _is_cjk(qualifier))
                    and not _person_before(qualifier)
                ):
                    person = Participant(
                        rest, " ".join(filter(None, (segment[: match.end()].strip(), after)))
                    )
                elif (
                    not rest
                    and _looks_like_a_name(qualifier)
                    # Not an office's words: "中国外交部长" is no one called 中国外交.
                    and _foreign_name_by_title(f"{qualifier}{match.group()}", qualifier, match.group())
                ):
                    person = Participant(qualifier, match.group())
                else:
                    continue
                rank = (True, True, True, match.end())
            elif not _is_qualifier(qualifier):
                continue
            elif not qualifier.strip() and _given_name_alone_after(match.group(), rest):
                continue
            elif reading := _name_and_complement(rest):
                before, name, after = reading
                plural = bool(match["plural"])
                # The title as it applies to one person: "Former governors" held by each is "Former governor".
                title = segment[: match.end() - len(match["plural"] or "")].strip()
                person = Participant(name, " ".join(part for part in (title, before, after) if part))
                first = _fold_word(name.split()[0])
                rank = (
                    len(name.split()) > 1,
                    not _given_name_as_title(match.group(), qualifier, name),
                    first not in _one_word_titles(),
                    match.end(),
                )
            else:
                continue
            if best is None or rank > best.rank:
                best = _Reading(person, plural, rank)
    if best is not None and _is_family_name_of_a_husband(best.person):
        # "Mrs. Obama" is not Obama: the name is written with its form of address, as a moderator
        # may give the person it names (Michelle Obama) for an alias.
        best = best._replace(person=Participant(f"{best.person.role} {best.person.name}", ""))
    if best is not None and not _is_cjk(best.person.name):
        # "Vice Chairman of the Central Military Commission Gen. Xu Qiliang": a title the role's
        # words left before the name is the role's too.
        # Only an abbreviated one ("Gen.", "Adm."): "Dean" of "Secretary Dean G. Acheson" is a name.
        first, _space, rest = best.person.name.partition(" ")
        abbreviated = first.endswith(".") and not _INITIAL.match(first)
        if abbreviated and _is_title_alone(first) and len(rest.split()) >= 2 and _looks_like_a_name(rest):
            person = best.person._replace(name=rest, role=f"{best.person.role} {first}")
            best = best._replace(person=person)
    return best


# Brackets in a line: a name's Chinese form ("Wang Yi (王毅)"), a nickname ("Edmund
# G. (Jerry) Brown Jr."), or a note ("President Xi Jinping (letter)").
_BRACKETED = re.compile(r"\s*[(（][^()（）]*[)）]")
_LAST_BRACKET = re.compile(r"\s*[(（]([^()（）]*)[)）]\s*$")
_CHINESE_BRACKETED = re.compile(r"\s*[(（][^()（）]*[\u3400-\u9fff][^()（）]*[)）]")


# Between two organisations of a line: a slash with spaces round it, a full-width slash, the
# Chinese enumeration comma; "and" or "&" when the words either side each name one.
_ORGANISATIONS_APART = re.compile(r"\s+/\s+|\s*[／、]\s*")
_ORGANISATIONS_AND = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?", re.IGNORECASE)


@functools.cache
def _organisation_words():
    return frozenset(word.casefold() for word in _read_list("organisation_words.txt"))


def _names_an_organisation(text):
    """Whether `text` holds a word that makes it an organisation's name by itself ("Iowa Farm
    Bureau"), in at least two words: "Army" in "Army and Navy Club" names none."""
    words = text.split()
    return len(words) >= 2 and any(_fold_word(word) in _organisation_words() for word in words)


# "et al." after the last name of a line: others, unnamed.
_ET_AL = re.compile(r"\s*,?\s*\bet\s+al\.?\s*$", re.IGNORECASE)


@functools.cache
def _unit_words():
    return frozenset(word.casefold() for word in _read_list("unit_words.txt"))


_COMMA = re.compile(r"\s*[,，]\s*")
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)


def _organisations_at_commas(group):
    """`group` parted at its commas when each side names an organisation (_names_an_organisation)
    and none is a unit of the other: "Harvard University, Peking University, and Tsinghua
    University" is three, "National Committee on U.S.-China Relations, Chinese People's
    Association for Friendship with Foreign Countries" two. Any other group is one: "University of
    California, Berkeley", "Smith, Jones and Partners LLP", "Department of Physics, Peking
    University" (a side starting or, before a comma, ending with a word of
    entities/vocabularies/unit_words.txt)."""
    # Not an empty piece: "Harvard University, Peking University," is what "and" left of a list.
    pieces = [_LEADING_AND.sub("", piece.strip()) for piece in split_outside_brackets(group, _COMMA)]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) < 2 or not all(_names_an_organisation(piece) for piece in pieces):
        return [group]
    for before, after in itertools.pairwise(pieces):
        if _fold_word(before.split()[-1]) in _unit_words() or any(
            _fold_word(side.split()[0]) in _unit_words() for side in (before, after)
        ):
            return [group]
    return pieces


def split_organisations(line):
    """The organisations a partners or sponsors line lists: "University of Virginia / Peking
    University", "清华大学、北京大学", "Iowa Soybean Association and Iowa Farm Bureau".

    "and" splits only between two phrases that each name an organisation, so the "and" of
    "Hong Kong University of Science and Technology" or "Department of Agriculture and Rural
    Development" stays in the name."""
    # "The Asia Foundation, et al.": the others are unnamed.
    line = _ET_AL.sub("", line)
    both = slash_in_two_scripts(line)
    if both and _known_translation(*both):
        return [with_chinese_in_brackets(*both)]
    names = []
    # Not inside brackets: "Ministry of Commerce (MOFCOM / 商务部)" is one, with its abbreviation and
    # Chinese name, where it was "Ministry of Commerce (MOFCOM" and "商务部)".
    apart = split_outside_brackets(line.strip(), _ORGANISATIONS_APART)
    for part in (piece for group in apart for piece in _organisations_at_commas(group)):
        joins = list(_ORGANISATIONS_AND.finditer(part))
        start = 0
        for index, join in enumerate(joins):
            following = joins[index + 1].start() if index + 1 < len(joins) else len(part)
            left, right = part[start : join.start()], part[join.end() : following]
            # Each side judged by its words up to the comma nearest the "and": a group kept whole at
            # its commas ("Institute of Science and Technology, Chinese Academy of Sciences", a unit
            # and what it is part of) is not parted by the "and" inside its unit's name.
            nearest_left = split_outside_brackets(left, _COMMA)[-1]
            nearest_right = split_outside_brackets(right, _COMMA)[0]
            if _names_an_organisation(nearest_left) and _names_an_organisation(nearest_right):
                names.append(left)
                start = join.end()
        names.append(part[start:])
    return [name.strip() for name in names if name.strip()]


def slash_in_two_scripts(line):
    """(the name in other letters, the name in Chinese) of a line parted in two by a slash, one
    side in Chinese characters and the other in other letters ("Ministry of Education / 教育部",
    either first), or None. Whether they are one organisation is for the caller to know."""
    sides = split_outside_brackets(line.strip(), _ORGANISATIONS_APART)
    chinese = [side for side in sides if written_in_chinese(side)]
    other = [side for side in sides if not _is_cjk(side) and _has_latin_letter(side)]
    if len(sides) != 2 or len(chinese) != 1 or len(other) != 1:
        return None
    return other[0].strip(), chinese[0].strip()


def _known_translation(name, chinese_name):
    """Whether entities/vocabularies/chinese_names.csv gives the organisation `name` (with any
    abbreviation in brackets) the Chinese name or Chinese alias `chinese_name`."""
    return known_translation("organisation", organisation_names(name)[0], chinese_name)


def known_translation(kind, name, chinese_name):
    """Whether entities/vocabularies/chinese_names.csv gives the `kind` of entity called `name`
    the Chinese name or Chinese alias `chinese_name`."""
    known = known_chinese_name(kind, name)
    return known is not None and normalise(chinese_name) in {
        normalise(spelling) for spelling in (known.chinese_name, *known.aliases)
    }


def with_chinese_in_brackets(name, chinese_name):
    """A name and its Chinese form written as one ("Ministry of Education (教育部)"): read as the
    organisation of that name with that Chinese name (organisation_names)."""
    return f"{name} ({chinese_name})"


# A bracket holding only a name in Chinese characters ("清华大学", "亨利·基辛格"), at the end.
_CHINESE_NAME_BRACKET = re.compile(rf"\s*{_OPENING}\s*([\u3400-\u9fff·・]{{2,40}})\s*{_CLOSING}\s*$")


def chinese_aside(name):
    """(name, Chinese name) of a name written with its Chinese form after it in brackets:
    "Tsinghua University (清华大学)" is ("Tsinghua University", "清华大学"), so that it is the
    entity "Tsinghua University" is, with its Chinese name. Any other name is (name, "")."""
    match = _CHINESE_NAME_BRACKET.search(name)
    if not match or not _has_latin_letter(name[: match.start()]):
        return name.strip(), ""
    if not is_chinese_name(match.group(1), person=False):
        return name.strip(), ""
    return name[: match.start()].strip(), match.group(1)


# A bracket at the end holding two to ten letters, at least two of them capitals ("MOFCOM", "MoE",
# "DoD", "ESnet"): perhaps the name's abbreviation. A capital and its word ("(Tianjin)") is not.
# Or up to three such words, one of them clipped ("AmCham China": American Chamber … in China).
_ABBREVIATION_BRACKET = re.compile(
    r"\s*[(（]\s*([A-Z][A-Za-z]{1,9}(?:[\s-][A-Z][A-Za-z]{1,9}){0,2})\s*[)）]\s*$"
)
# Words an abbreviation may leave out, or take a letter of ("DOS": Department of State).
_LINKING_WORDS = {"of", "for", "with", "on", "in", "at", "to", "and", "the", "a", "an", "de"}


def abbreviation_aside(name):
    """(name, abbreviation) of an organisation's name written with its abbreviation after it in
    brackets: "Ministry of Commerce (MOFCOM)" is ("Ministry of Commerce", "MOFCOM"), "Ministry of
    Education (MoE)" ("Ministry of Education", "MoE"). Any other name is (name, ""), a bracket
    that is no abbreviation of it ("(Beijing)", "(1979)", "(NYC)") staying in the name (see
    `abbreviates`)."""
    match = _ABBREVIATION_BRACKET.search(name)
    if (
        not match
        or sum(letter.isupper() for letter in match.group(1)) < 2
        or not abbreviates(re.sub(r"[\s-]", "", match.group(1)), name[: match.start()])
        or not _clips_a_word(match.group(1), name[: match.start()])
    ):
        return name.strip(), ""
    return name[: match.start()].strip(), match.group(1)


def _clips_a_word(abbreviation, name):
    """Whether an abbreviation of several words has one that is not a word of `name`: "(New York)"
    after "Asia Society of New York" is where it is, "(AmCham China)" abbreviates."""
    words = abbreviation.replace("-", " ").split()
    return len(words) == 1 or any(normalise(word) not in _words(name) for word in words)


def abbreviates(abbreviation, name):
    """Whether `abbreviation` is made of letters of `name`'s words, each's first, in their order.

    Each word gives none or its first letter and perhaps others of it ("MOFCOM": M, OF, COM of
    Ministry of Commerce; "PKU": P, K of Peking, U of University; "NCUSCR": National Committee
    on U.S.-China Relations), at least two words give some, and every word but linking words
    ("of", "for", "with"…) gives at least a letter, except one ("DOS": U.S. Department of State)."""
    letters = abbreviation.casefold()
    words = _words(unicodedata.normalize("NFKC", name))

    @functools.cache
    def reads(position, word, skipped, giving):
        # The most words giving letters when `letters[position:]` is read from `words[word:]`,
        # `skipped` words that are not linking words left out so far; None when it cannot be read.
        if position == len(letters):
            rest = sum(1 for each in words[word:] if each not in _LINKING_WORDS)
            return giving if skipped + rest <= 1 else None
        if word == len(words):
            return None
        best = []
        if words[word] in _LINKING_WORDS or skipped < 1:
            best.append(reads(position, word + 1, skipped + (words[word] not in _LINKING_WORDS), giving))
        for length in range(1, len(letters) - position + 1):
            if not _gives_letters(words[word], letters[position : position + length]):
                break
            best.append(reads(position + length, word + 1, skipped, giving + 1))
        found = [each for each in best if each is not None]
        return max(found) if found else None

    given = reads(0, 0, 0, 0)
    return given is not None and given >= 2


def _gives_letters(word, letters):
    """Whether `word` gives `letters` to an abbreviation: its first letter, then any of its others
    in their order, as a romanised Chinese name gives its syllables' ("PKU": Pe-King University,
    "THU": Tsing-Hua University, "ZJU": Zhe-Jiang University)."""
    if not letters or word[:1] != letters[0]:
        return False
    rest = iter(word[1:])
    return all(letter in rest for letter in letters[1:])


# The abbreviation and the name in Chinese in one bracket, parted by a comma, a semicolon, a slash
# or an enumeration comma: "(CASS, 中国社会科学院)", "（清华大学；THU）".
_TWO_IN_ONE_BRACKET = re.compile(
    rf"{_OPENING}\s*([^()（）\[\]【】]+?)\s*[,;，；、/／]\s*([^()（）\[\]【】]+?)\s*{_CLOSING}\s*$"
)


def organisation_names(line):
    """(name, Chinese name, abbreviation) of a partners or sponsors line: "Ministry of Commerce
    (商务部) (MOFCOM)" is ("Ministry of Commerce", "商务部", "MOFCOM"), either bracket first, or
    both in one ("(MOFCOM, 商务部)"), "商务部 (Ministry of Commerce)" ("Ministry of Commerce",
    "商务部", ""), and "Tsinghua University 清华大学 (THU)" ("Tsinghua University 清华大学", "",
    "THU"): names side by side without brackets may be two organisations' (side_by_side_aside)."""
    both = _TWO_IN_ONE_BRACKET.search(line)
    if both:
        first, second = both.groups()
        if _is_cjk(first) != _is_cjk(second):
            chinese, other = (first, second) if _is_cjk(first) else (second, first)
            read = _names_of(f"{line[: both.start()].rstrip()} ({chinese}) ({other})")
            # Only when they are what they seem; "(New York, 纽约)" stays in the name.
            if read[1] and read[2]:
                return read
    return _names_of(line)


def _names_of(line):
    name, chinese_name = chinese_aside(line)
    name, abbreviation = abbreviation_aside(name)
    if not chinese_name:
        name, chinese_name = chinese_aside(name)
    if not chinese_name:
        name, chinese_name = english_aside(name)
    return name, chinese_name, abbreviation


def side_by_side_aside(name):
    """(name, Chinese name) of an organisation's names in English and in Chinese written side by
    side without brackets, as bilingual letterheads give them: "Tsinghua University 清华大学" and
    "清华大学 Tsinghua University" are ("Tsinghua University", "清华大学"), as they are in brackets.
    Only English that names an organisation by itself beside Chinese that is no place ("北京
    Peking University" is not); any other name is (name, ""). Unlike a bracket, the two may be
    two organisations' ("北京大学 Yale University"): whether they are one is for the caller to know."""
    both = in_two_scripts(name)
    if (
        both is None
        # Two organisations a slash parts ("University of Virginia / 教育部"): slash_in_two_scripts.
        or _ORGANISATIONS_APART.search(name)
        or not _names_an_organisation(both[0])
        or not is_chinese_name(both[1], person=False)
    ):
        return name.strip(), ""
    return both


# A name in Chinese characters alone, then a bracket of words in other letters.
_ENGLISH_NAME_BRACKET = re.compile(
    rf"^([\u3400-\u9fff·・]{{2,40}})\s*{_OPENING}\s*([^()（）\[\]【】\u3400-\u9fff]+?)\s*{_CLOSING}$"
)


def english_aside(name):
    """(name, Chinese name) of an organisation's Chinese name written with its English name after
    it in brackets, as Chinese writers give both: "北京大学 (Peking University)" is ("Peking
    University", "北京大学"), the organisation "Peking University (北京大学)" is; it was a new one,
    named with both. Only English that names an organisation by itself ("(Beijing)", "(CAS)" do
    not: `_names_an_organisation`) beside Chinese that is no place; any other name is (name, "")."""
    match = _ENGLISH_NAME_BRACKET.match(name.strip())
    if (
        not match
        or not _names_an_organisation(match.group(2))
        or not is_chinese_name(match.group(1), person=False)
    ):
        return name.strip(), ""
    return match.group(2), match.group(1)


# A country in brackets says where, not what the organisation is called.
_COUNTRIES_IN_CHINESE = {"中国", "中国大陆", "美国", "台湾", "香港", "澳门"}


def is_chinese_name(text, person):
    """Whether Chinese in brackets beside a name is that name in Chinese, not a note: never a place
    ("(北京)") or, beside a person, a title ("(外交部长)", "(习近平主席)"). A person's Chinese name
    is of two to four characters, or a foreign name written with its dot ("亨利·基辛格")."""
    if normalise(text) in _COUNTRIES_IN_CHINESE or normalise(text) in gazetteer()[1]:
        return False
    if not person:
        return True
    if _chinese_role_title().search(text):
        return False
    return 2 <= len(text) <= 4 or ("·" in text or "•" in text or "・" in text)


# A nickname in quotes inside a name, as a nickname in brackets: Henry M. "Scoop" Jackson.
_QUOTED_NICKNAME = re.compile(
    r"""\s+(?:"[A-Z][\w.\-]*"|“[A-Z][\w.\-]*”|'[A-Z][\w.\-]*'|‘[A-Z][\w.\-]*’)(?=\s+[A-Z])"""
)


def _set_brackets_aside(segment):
    """The segment without its brackets, and the note of a last bracket ("(California)", or in
    Chinese that is no name: "(习近平夫人)") to add to a role."""
    last = _LAST_BRACKET.search(segment)
    note = ""
    if last and _is_cjk(last.group(1)):
        chinese = _without_spaced_dots(last.group(1).strip())
        titled = _titled_chinese_name(chinese)
        if titled:
            # "President Xi Jinping (习近平主席)": the name in Chinese with its title, the title a role.
            note, last = titled[1], None
        elif is_chinese_name(chinese, person=True):
            last = None
    text = _CHINESE_BRACKETED.sub("", segment[: last.start()] if last else segment).strip()
    last = last or _LAST_BRACKET.search(text)
    if last:
        note = f"({last.group(1).strip()})" if last.group(1).strip() else ""
        text = text[: last.start()]
    text = " ".join(_QUOTED_NICKNAME.sub(" ", _BRACKETED.sub(" ", text)).split())
    return (text or segment.strip()), note


@functools.lru_cache(maxsize=8192)
def _is_role_alone(segment):
    """Whether `segment` is only a role ("Secretary of State", "commander of the U.S. Pacific Fleet")."""
    segment = segment.strip()
    for cjk, pattern in _role_patterns():
        match = pattern.search(segment)
        if not match or cjk or match["plural"]:
            continue
        rest = segment[match.end() :].strip()
        complement = rest.split(" ", 1)[0].casefold() in _COMPLEMENT_WORDS
        if _is_qualifier(segment[: match.start()]) and (not rest or complement):
            if not rest and _family_name_after_given_names(segment[: match.start()], match.group()):
                continue
            return True
    return False


# One-word titles that are family names too, of people the catalogue names: "Larry King", "Billie
# Jean King", "Martin Luther King" are people; "Disney Chairman" is a role.
_FAMILY_NAMES_THAT_ARE_TITLES = frozenset({"king"})
# And those that are a person's only after given names the vocabulary knows: "Howard Dean", "Paul
# Judge", "Peter Singer", "Gary Player" are people, "Harvard Dean", "Supreme Court Judge", "Opera
# Singer", "Chess Player" roles. ("Dean" as a given name is read already: _GIVEN_NAMES_THAT_ARE_TITLES.)
_FAMILY_NAMES_AFTER_GIVEN_NAMES = frozenset({"dean", "judge", "singer", "player", "painter", "chancellor"})


@functools.cache
def _given_names():
    return frozenset(_fold_word(word) for word in _read_list("given_names.txt"))


@functools.cache
def _romanised_family_names():
    return frozenset(word.casefold() for word in _read_list("romanised_family_names.txt"))


@functools.cache
def _nationality_words():
    return frozenset(word.casefold() for word in _read_list("nationality_words.txt"))


def _family_name_after_given_names(qualifier, title):
    """Whether `title` after `qualifier` is a family name after given names ("Larry King", "Thomas
    P. King"): one to three capitalised words or initials, none a nationality ("Saudi King": of
    nationality_words.txt), a title or a word of groups or offices, naming no place; before a title
    of _FAMILY_NAMES_AFTER_GIVEN_NAMES, given names of given_names.txt and initials ("Howard Dean",
    "Paul F. Judge")."""
    words = qualifier.split()
    if not 1 <= len(words) <= 3:
        return False
    if title.casefold() in _FAMILY_NAMES_AFTER_GIVEN_NAMES:
        given = [word for word in words if not _INITIAL.match(word)]
        return (
            bool(given)
            and all(word[0].isupper() and _fold_word(word) in _given_names() for word in given)
            and not _names_a_place(words)
        )
    if title.casefold() not in _FAMILY_NAMES_THAT_ARE_TITLES:
        return False
    for word in words:
        folded = word.casefold()
        nationality = folded in _NATIONALITIES or folded in _nationality_words()
        if nationality or _is_group_word(word) or _fold_word(word) in _one_word_titles():
            return False
        if not (_INITIAL.match(word) or (_NAME_WORD.match(word) and word[0].isupper())):
            return False
    return not _names_a_place(words)


def split_outside_brackets(text, separators):
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


_ROUND_BRACKETS = str.maketrans("[]【】", "()（）")
_LIST_SEPARATORS = re.compile(r"[,;，；、\n]")
_AND = re.compile(r"\s+(?:and|&)\s+|\s*(?:和|与|及)\s*", re.IGNORECASE)
_CHINESE_AND = re.compile(r"[和与及]")
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
_MEMBERS = re.compile(r"^(?:among\s+(?:them|whom)|including|with)\s+", re.IGNORECASE)


def _read_joined(pieces, bare_names, shared=None, known=frozenset()):
    """People in the pieces of a segment joined by "and", or None when there are none.

    "State Councilor and Foreign Minister Wang Yi" is one person with both
    titles; "U.S. players Dell Sweeris and Connie Sweeris" is two with one
    title; "Sarah Lande and Roger Lande" (or "Jay and Linda Mathews") is two
    people only when every piece is a name and names may stand alone there
    (so "Giant pandas Lun Lun and Yang Yang" stays text).
    """
    first, last = pieces[0].split(), pieces[-1].split()
    if bare_names and len(pieces) == 2 and len(first) == 1 and len(last) == 2:
        # "Jay and Linda Mathews": two people of one family name.
        couple = f"{first[0]} {last[1]}"
        if _looks_like_a_name(couple, bare=True) and _looks_like_a_name(pieces[1], bare=True):
            return [Participant(couple, ""), Participant(pieces[1], "")]
    items, titles = [], []
    for piece in pieces:
        if items and isinstance(items[-1], Participant) and (spouse := _spouse(piece)):
            # "President Xi and his wife Peng Liyuan".
            items.append(spouse)
            continue
        # "习近平 Xi Jinping and Barack Obama": a name in two scripts, perhaps after a title.
        both = _person_in_two_scripts(piece, shared is not None or bare_names)
        reading = _Reading(both._replace(role=both.role or shared or ""), False, ()) if both else None
        reading = reading or _read_title_and_name(piece)
        if reading:
            person = reading.person
            if titles:
                person = person._replace(role=" and ".join([*titles, person.role]))
                titles = []
            items.append(person)
            shared = person.role if reading.plural else None
        elif (shared is not None or bare_names) and (named := _name_then_complement(piece, bare=True)):
            # "Jerry Brown of California and Xi Jinping"; "Howard Dean of Vermont", though "Dean of
            # Vermont" would be a title.
            name, complement = named
            items.append(Participant(name, " ".join(filter(None, (shared or "", complement)))))
        elif _is_role_alone(piece) and not _looks_like_a_name(piece, bare=True):
            titles.append(piece)
        elif (shared is not None or bare_names) and (
            _looks_like_a_name(piece, bare=True) or _chinese_name_alone(piece, known) == (piece, "")
        ):
            # "习近平和彭丽媛": names in Chinese too.
            items.append(Participant(piece, shared or ""))
        else:
            items.extend(titles)
            titles = []
            items.append(piece)
            shared = None
    items.extend(titles)
    people = [item for item in items if isinstance(item, Participant)]
    if not people:
        return None
    if any(isinstance(item, str) for item in items) and any(not person.role for person in people):
        # A bare name among parts that are not people may be anything ("Peace Ark", a ship).
        return None
    return items


# A name in Chinese characters alone, perhaps with a bracket after it: "邓小平", "邓小平（副总理）".
_CHINESE_ALONE = re.compile(
    r"^(?P<name>[\u3400-\u9fff][\u3400-\u9fff·•・]*)\s*(?:[(（](?P<bracket>[^()（）]*)[)）])?$"
)


def _chinese_name_alone(text, known=frozenset()):
    """(name, role) of a part that is a person's name in Chinese alone, or None: one that reads as a
    name (_reads_as_chinese_name), or of the shape of one when its key is in `known`, the keys a
    person is called by ("尼克松": Nixon's Chinese name). A bracket after it holding a role is the
    role ("邓小平（副总理）"); any other is a note to it, as after a name in English ("(四川)")."""
    match = _CHINESE_ALONE.match(text.strip())
    if not match:
        return None
    name = match["name"]
    if not (_reads_as_chinese_name(name) or (normalise(name) in known and _may_be_chinese_name(name, True))):
        return None
    bracket = (match["bracket"] or "").strip()
    if not bracket:
        return name, ""
    titled = any(_is_cjk(title) and title in bracket for title in role_titles())
    return name, bracket if titled or _is_role_alone(bracket) else f"({bracket})"


def chinese_names_to_look_up(text):
    """The keys of the names in Chinese alone on participants lines `text` that are people only if
    a person is called so (split_participants' `known`): of a name's shape, but beginning with no
    family name ("尼克松"). Empty when the lines have none: no one need be looked up."""
    keys = set()
    for line in (text or "").splitlines():
        for segment in split_outside_brackets(line, _LIST_SEPARATORS):
            for part in [segment, *split_outside_brackets(segment, _AND)]:
                match = _CHINESE_ALONE.match(_LEADING_AND.sub("", part.strip()).translate(_ROUND_BRACKETS))
                if (
                    match
                    and _may_be_chinese_name(match["name"], foreign=True)
                    and not _reads_as_chinese_name(match["name"])
                ):
                    keys.add(normalise(match["name"]))
    return keys


_CHINESE_IN_A_SEGMENT = re.compile(
    rf"[{CHINESE_CHARACTERS}](?:[{CHINESE_CHARACTERS}]|{_NAME_DOT}(?=[{CHINESE_CHARACTERS}]))*"
)


def _person_in_two_scripts(segment, bare):
    """The person of a segment that writes their name in Chinese characters before or after their
    title and name in other letters, or right before or after the name ("习近平 Xi Jinping", "习近平
    President Xi Jinping", "President 习近平 Xi Jinping", "Secretary of State John Kerry 约翰·克里"),
    or None; a title in Chinese on the Chinese name is a role too ("国家主席习近平 Xi Jinping").
    `bare`: a name without a title may stand alone there. Whether the two names are one person's
    is for the caller to know (Participant.side_by_side)."""
    runs = list(_CHINESE_IN_A_SEGMENT.finditer(segment))
    title_after = ""
    if len(runs) == 2 and not segment[runs[1].end() :].strip() and runs[1].group() in role_titles():
        # "习近平 Xi Jinping 主席": a Chinese title at the end is the role.
        title_after, segment = runs[1].group(), segment[: runs[1].start()]
        runs = runs[:1]
    if len(runs) != 1:
        return None
    before, after = segment[: runs[0].start()].strip(), segment[runs[0].end() :].strip()
    chinese, chinese_role = _without_spaced_dots(runs[0].group()), ""
    titled = _read_title_and_name(chinese)
    foreign = False  # a name in Chinese that no family name begins, by a title ("奥巴马总统")
    if titled and _is_cjk(titled.person.name):
        # A name that a family name begins, not the words of an office ("外交部长": foreign minister).
        if not _reads_as_chinese_name(titled.person.name):
            if not _foreign_name_by_title(chinese, *titled.person[:2]):
                return None
            foreign = True
        chinese, chinese_role = titled.person.name, titled.person.role
    rest = f"{before} {after}".strip()
    if not _has_latin_letter(rest) or not _may_be_chinese_name(chinese):
        return None
    reading = _read_title_and_name(rest)
    if reading and (reading.person.role or not foreign):
        person = reading.person
    elif bare and not foreign and _looks_like_a_name(rest, bare=True):
        person = Participant(rest, "")
    else:
        return None
    # Between a title and the name ("President 习近平 Xi Jinping"), the Chinese is the name's neighbour.
    if before and after and not (after.startswith(person.name) or before.endswith(person.name)):
        return None
    role = " ".join(filter(None, (person.role, chinese_role, title_after)))
    return Participant(person.name, role, chinese, side_by_side=True)


def _foreign_name_by_title(chinese, name, title):
    """Whether `chinese` is a foreign name written with a Chinese title before or after it, as the
    press writes one ("奥巴马总统", "国务卿克里"), not an office's words: the whole is no title
    ("外交部长"), and a title after the name does not begin with the words of a ministry or a
    bureau ("农业部长": minister of the 农业部), though it may of a place ("布朗州长": Governor
    Brown). Taken only where the English names the title too: whether the two names are one
    person's is for the caller to know, as for any in two scripts."""
    if chinese in role_titles() or not _may_be_chinese_name(name):
        return False
    if chinese == f"{title}{name}":
        return True
    # Not the administrative words of a place ("州长": governor of a state): a place before them is
    # no name already (_may_be_chinese_name), and a person's name may end where they begin ("布朗州长").
    ending = tuple(
        word for word in _chinese_not_person_words()[1] if word not in CHINESE_ADMINISTRATIVE_SUFFIXES
    )
    return chinese == f"{name}{title}" and not f"{name}{title[0]}".endswith(ending)


# "Kerry, John (约翰·克里)": the given name after the family name and a comma, the Chinese name after it.
_GIVEN_NAME_WITH_CHINESE = re.compile(
    rf"^(?P<given>[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*)?)\s*{_OPENING}\s*"
    rf"(?P<chinese>[\u3400-\u9fff](?:[\u3400-\u9fff]|{_NAME_DOT})*)\s*{_CLOSING}$"
)


def _family_name_first(segments):
    """`segments` with a name written family name first, a comma, then the given name and the
    Chinese name in brackets ("Kerry, John (约翰·克里)") as one, written as "约翰·克里 John Kerry":
    whether the two are one person's is for the caller to know, as for any name in two scripts.
    Without the Chinese name, a comma parts two names."""
    joined, index = [], 0
    while index < len(segments):
        family = segments[index]
        given = _GIVEN_NAME_WITH_CHINESE.match(segments[index + 1]) if index + 1 < len(segments) else None
        if (
            given
            and _NAME_WORD.match(family)
            and family[0].isupper()
            and _fold_word(family) not in _one_word_titles()
            and _looks_like_a_name(f"{given['given']} {family}", bare=True)
            and is_chinese_name(_without_spaced_dots(given["chinese"]), person=True)
        ):
            joined.append(f"{given['chinese']} {given['given']} {family}")
            index += 2
        else:
            joined.append(family)
            index += 1
    return joined


# A member of Congress's party and state: "D-Calif.", "(R-Texas)", "D-NY", "R-N.J.", "D-WA 9th"; an
# officer's service ("USN", "USMC", "USAF") or retirement ("Ret.").
_TAG_AFTER_A_NAME = re.compile(
    r"[(（]?(?P<tag>[DRI]-(?:[A-Z][A-Za-z.]*)(?:\s[A-Z][A-Za-z.]*)?(?:\s\d{1,2}(?:st|nd|rd|th))?"
    r"|USN|USNR|USMC|USAF|USCG|USA\s\(?Ret\.?\)?|USN\s\(?Ret\.?\)?|Ret\.?)[)）]?"
)


def split_participants(line, known=frozenset()):
    """Read a participants line into people with their roles.

    Returns a list whose items are ``Participant(name, role)`` for each person
    recognised and, for any part that is not a person ("200 students",
    "business leaders"), that part's text as a plain string. A line in which
    no person is recognised comes back whole and untouched, as ``[line]``;
    an empty line gives ``[]``.

    A person is a title followed by a name ("Secretary of State Antony
    Blinken", "Special Envoy for Climate Change Xie Zhenhua", "Mayor James
    Conway of St. Louis"), or a name standing alone as the line's first part or
    after a person ("Henry Kissinger, Zhou Enlai"). A name has two to four
    capitalised words or initials (one after a title: "President Xi"); a part
    with a word of groups or offices ("Air Force", "Sea Fleet", "students") is
    never a person. A part after a person that is only a role ("John Kerry,
    Secretary of State", "commander of the U.S. Seventh Fleet") is that
    person's role.

    A name written in Chinese characters alone ("邓小平", "邓小平（副总理）",
    "习近平、李克强") is a person's when it begins with a family name
    (entities/vocabularies/chinese_family_names.txt) and holds no word of groups
    or forms of address ("学生代表", "王先生"), or, whatever it begins with, when
    its key is in `known`: the keys of such names (chinese_names_to_look_up)
    that a person is called by ("尼克松").

    >>> split_participants("Secretary of State Antony Blinken")
    [Participant(name='Antony Blinken', role='Secretary of State')]
    """
    if not line or not line.strip():
        return []
    # "Henry Kissinger et al.": the person, and the others as text.
    if (others := _ET_AL.search(line)) and others.start():
        return [*split_participants(line[: others.start()], known), "et al."]
    segments = _family_name_first(
        [
            _LEADING_AND.sub("", part.strip())
            for part in split_outside_brackets(line, _LIST_SEPARATORS)
            if part.strip()
        ]
    )
    found = []
    # The title of "CCTV hosts Chen Su, Geng Chenchen and Huang Wei", shared by the names after it.
    shared = None
    members = False  # after "among them": "U.S. table tennis players, among them Judy Bochenski"
    for position, original in enumerate(segments):
        tag = _TAG_AFTER_A_NAME.fullmatch(original.strip())
        if tag and found and isinstance(found[-1], Participant):
            # "Sen. Dianne Feinstein, D-Calif.", "Cmdr. John Smith, USN": as "(D-Calif.)" after the name.
            written = " ".join(re.sub(r"[()]", " ", tag["tag"]).split())
            found[-1] = found[-1]._replace(role=" ".join(filter(None, (found[-1].role, f"({written})"))))
            continue
        # Square brackets hold a name or a note as round ones do: "Xi Jinping [习近平]".
        read = original.translate(_ROUND_BRACKETS)
        segment, note = _set_brackets_aside(read)
        if position and (lead := _MEMBERS.match(segment)) and segment[lead.end() :].strip():
            members = True
            segment = segment[lead.end() :].strip()
        # Names standing alone are people at the head of the line, in a list of people or
        # after "among them", not after a group ("Giant pandas Mei Xiang, Tian Tian").
        bare_names = position == 0 or isinstance(found[0], Participant) or members
        romanised = _ROMANISED_AFTER_CHINESE.fullmatch(read.strip())
        if (
            romanised
            and bare_names
            and is_chinese_name(_without_spaced_dots(romanised["chinese"]), person=True)
            and _looks_like_a_name(romanised["name"], bare=True)
        ):
            found.append(Participant(romanised["name"], "", _without_spaced_dots(romanised["chinese"])))
            shared = None
            continue
        previous = found[-1] if found and isinstance(found[-1], Participant) else None
        spouse = _spouse(segment) if previous else None
        couple = None if spouse else _leader_and_spouse(segment, known)
        if spouse or couple:
            # "President Obama, his wife Michelle Obama"; "习近平主席夫人彭丽媛".
            found.extend([spouse] if spouse else couple)
            shared = None
            continue
        both = _person_in_two_scripts(segment, bare_names or shared is not None)
        if both:
            found.append(both._replace(role=" ".join(filter(None, (both.role or shared or "", note)))))
            shared = None
            continue
        alone = _chinese_name_alone(read, known) if bare_names or shared is not None else None
        if alone:
            found.append(Participant(alone[0], " ".join(filter(None, (shared or "", alone[1])))))
            continue
        reading = _read_title_and_name(segment)
        if reading:
            person = reading.person
            found.append(Participant(person.name, " ".join(filter(None, (person.role, note)))))
            shared = person.role if reading.plural else None
            continue
        pieces = [piece.strip() for piece in split_outside_brackets(segment, _AND) if piece.strip()]
        # A note after the last name may be of them all ("Lun Lun and Yang Yang (pandas)"): names
        # stand alone then only when each has a bracket of its own holding a role ("Wang Yi
        # (Foreign Minister) and Antony Blinken (Secretary of State)").
        alone = bare_names and (not note or _each_with_a_role(read))
        joined = _read_joined(pieces, alone, shared, known) if len(pieces) > 1 else None
        if (
            joined
            and any(isinstance(item, str) for item in joined)
            and (bare_names or shared is not None)
            and _name_then_complement(segment, bare=True)
        ):
            # "Tom Smith of Procter and Gamble": one person, of a company whose name holds "and".
            joined = None
        previous = found[-1] if found and isinstance(found[-1], Participant) else None
        if joined:
            found.extend(_with_notes_of_pieces(joined, read))
        elif (bare_names or shared is not None) and _looks_like_a_name(segment, bare=True):
            found.append(Participant(segment, _with_note(shared or "", note)))
            continue
        elif (bare_names or shared is not None) and (named := _name_then_complement(segment, bare=True)):
            # "Howard Dean of Vermont": not a role of the person before it, though "Dean of Vermont"
            # would be one.
            name, complement = named
            found.append(Participant(name, " ".join(filter(None, (shared or "", complement, note)))))
            continue
        elif previous and (
            _is_role_alone(segment)
            or all(_is_role_alone(piece) for piece in split_outside_brackets(segment, _AND))
        ):
            # "John Kerry, Secretary of State": the role follows the name; after a title, a second
            # title ("Admiral James A. Lyons, commander of the U.S. Pacific Fleet"), or two joined
            # by "and" ("Wang Yi, State Councilor and Foreign Minister").
            role = " ".join(filter(None, (segment, note)))
            found[-1] = previous._replace(role=f"{previous.role}, {role}" if previous.role else role)
        else:
            found.append(original.strip())
        shared = None
    if not any(isinstance(item, Participant) for item in found):
        return [line]
    # "Premier Zhou Enlai (周恩来)", "Liu Ying (刘英) and Gao Hong (高红)", "Mayor Gong Zheng (龚正) of
    # Shanghai": a name in Chinese right after a person's name is theirs.
    return [
        item._replace(
            chinese_name=item.chinese_name or _chinese_name_after(item.name, line.translate(_ROUND_BRACKETS))
        )
        if isinstance(item, Participant)
        else item
        for item in found
    ]


def _with_note(role, note):
    """A person's role with the note of the bracket after their name ("Governor (California)"); a
    bracket holding a role alone is the role of a person who has none ("Zhou Enlai (Premier)":
    Premier), not a note to it."""
    inside = note[1:-1].strip() if note else ""
    if not role and inside and _is_role_alone(inside):
        return inside
    return " ".join(filter(None, (role, note)))


def _each_with_a_role(segment):
    """Whether each part of `segment` joined by "and" ends in a bracket holding a role alone."""
    for piece in split_outside_brackets(segment, _AND):
        _text, note = _set_brackets_aside(piece)
        if not note or not _is_role_alone(note[1:-1]):
            return False
    return True


def _with_notes_of_pieces(people, segment):
    """`people` read from a `segment` joined by "and", each with the note of the bracket after its
    name there ("Sen. Dianne Feinstein (D-Calif.) and Rep. Tom Lantos (D-Calif.)")."""
    notes = {}
    for piece in split_outside_brackets(segment, _AND):
        text, note = _set_brackets_aside(piece)
        if note:
            notes[text.strip()] = note
    found = []
    for item in people:
        named = isinstance(item, Participant)
        note = next((note for text, note in notes.items() if named and text.endswith(item.name)), "")
        found.append(item._replace(role=_with_note(item.role, note)) if note else item)
    return found


def _chinese_name_after(name, line):
    match = re.search(
        rf"(?<!\w){re.escape(name)}\s*[(（]\s*((?:[\u3400-\u9fff]|{_NAME_DOT}){{2,20}}?)\s*[)）]", line
    )
    chinese_name = _without_spaced_dots(match.group(1)) if match else ""
    if chinese_name and (titled := _titled_chinese_name(chinese_name)):
        return titled[0]
    return chinese_name if chinese_name and is_chinese_name(chinese_name, person=True) else ""


def _titled_chinese_name(text):
    """(name, title) of a name in Chinese with its title before or after it ("习近平主席", "国务卿布林肯",
    "王明博士"), as a bracket gives a person's Chinese name beside their English one, or None: an
    office's words ("外交部长") or a title alone name no one."""
    reading = _read_title_and_name(text)
    if reading is None or not _is_cjk(reading.person.name):
        return None
    name, title = reading.person.name, reading.person.role
    if not is_chinese_name(name, person=True) or not _foreign_name_by_title(text, name, title):
        return None
    return name, title


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


# The administrative word a Chinese place name ends with, which it is often written without:
# 北京市 (Beijing city) is written 北京, 广东省 广东, 加利福尼亚州 (the state of California) 加利福尼亚.
CHINESE_ADMINISTRATIVE_SUFFIXES = ("特别行政区", "自治区", "市", "省", "县", "州")


def chinese_short_name(name):
    """The Chinese name without its administrative word, or "" when it has none to leave out.

    At least two characters stay: in 广州 (Guangzhou) or 福州 the 州 is part of the name."""
    for suffix in CHINESE_ADMINISTRATIVE_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return ""


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
    # Its Chinese name without the administrative word, as it is often written (加利福尼亚 for
    # 加利福尼亚州): only where no place is called so, as 华盛顿 is the city, not 华盛顿州.
    for place in rows:
        short = normalise(chinese_short_name(place.chinese_name))
        if short and short not in by_key:
            by_key[short] = [place]
    return rows, by_key


def known_places():
    """Every row of the gazetteer, in file order (states and provinces before the cities in them)."""
    return gazetteer()[0]


class KnownName(NamedTuple):
    """A row of entities/vocabularies/chinese_names.csv: a person or an organisation of the starter
    catalogue with its standard Chinese name (as Xinhua, the Chinese government or the
    organisation itself writes it) and the other forms the press uses, in Chinese ("克里") or not
    ("State Department")."""

    kind: str
    name: str
    chinese_name: str
    aliases: tuple


@functools.cache
def known_chinese_names():
    """{(kind, key of the English name): KnownName} of entities/vocabularies/chinese_names.csv;
    kind is "person" or "organisation", as Entity.entity_kind says it."""
    with (VOCABULARIES / "chinese_names.csv").open(encoding="utf-8", newline="") as file:
        rows = [
            KnownName(
                kind=row["kind"].strip(),
                name=row["name"].strip(),
                chinese_name=row["chinese_name"].strip(),
                aliases=tuple(alias.strip() for alias in row["aliases"].split("|") if alias.strip()),
            )
            for row in csv.DictReader(file)
        ]
    return {(row.kind, normalise(row.name)): row for row in rows}


_MIDDLE_INITIAL = re.compile(r"^(?:[A-Z]\.?){1,3}$")


def middle_initials(name):
    """(key of the first and last names, the middle initials' letters) of a person's name in other
    letters of two words or more whose middle words are all initials: "George H. W. Bush" and
    "George H.W. Bush" are ("george bush", "HW"), "Jacob Lew" ("jacob lew", ""); None for any
    other ("John Foster Dulles", "习近平")."""
    words = name.split()
    if len(words) < 2 or _is_cjk(name) or not all(_MIDDLE_INITIAL.match(word) for word in words[1:-1]):
        return None
    first_and_last = normalise(f"{words[0]} {words[-1]}")
    if len(first_and_last.split()) != 2:
        return None
    return first_and_last, "".join(letter for word in words[1:-1] for letter in word if letter.isalpha())


@functools.cache
def _known_people_initials():
    """{key of the first and last names: the middle initials each person of chinese_names.csv of
    those names has}: "george bush" has "HW" and "W"."""
    initials = {}
    for (kind, _key), row in known_chinese_names().items():
        parts = middle_initials(row.name) if kind == "person" else None
        if parts:
            initials.setdefault(parts[0], set()).add(parts[1])
    return initials


def same_but_for_initials(name, others):
    """Of `others` (names of people of the catalogue), the one that is `name` written with other
    middle initials or their spacing, or None. Initials spaced otherwise ("George H.W. Bush",
    "George H. W. Bush") are the same; initials left out ("Jacob Lew", "Jacob J. Lew") too, unless
    people of other initials share the first and last names (the catalogue's or chinese_names.csv's:
    "George Bush" may be George H. W. Bush or George W. Bush, and is neither's)."""
    written = middle_initials(name)
    if written is None:
        return None
    alike = [
        (other, parts[1]) for other in others if (parts := middle_initials(other)) and parts[0] == written[0]
    ]
    initials = {written[1], *_known_people_initials().get(written[0], ()), *(each for _other, each in alike)}
    if len(initials - {""}) > 1:
        alike = [(other, each) for other, each in alike if written[1] and each == written[1]]
    found = {other for other, _each in alike}
    return found.pop() if len(found) == 1 else None


def known_chinese_name(kind, name):
    """The row of chinese_names.csv for the `kind` of entity called `name` (any spelling that
    normalise folds together), or None; failing its name, by an alias in other letters ("State
    Department") or by the name with its country put another way ("PRC Ministry of Foreign
    Affairs", "Ministry of Foreign Affairs, PRC": the Ministry of Foreign Affairs of the People's
    Republic of China)."""
    key = normalise(name)
    rows = known_chinese_names()
    found = rows.get((kind, key)) or _known_by_english_alias().get((kind, key))
    return found or next((rows[(kind, form)] for form in _country_forms(key) if (kind, form) in rows), None)


@functools.cache
def _known_by_english_alias():
    """{(kind, key of an alias in other letters): KnownName} of chinese_names.csv."""
    return {
        (row.kind, normalise(alias)): row
        for row in known_chinese_names().values()
        for alias in row.aliases
        if not _is_cjk(alias)
    }


# How a name says whose an office is: "China X", "Chinese X", "China's X", "X, China", "X of China".
_COUNTRY_LEADS = {"china": ("china", "chinese", "chinas"), "united states": ("united states",)}


def _country_forms(key):
    """The other ways of writing the country of a name's key: "china ministry of commerce" may be
    "ministry of commerce of china", "ministry of commerce china" or "chinese ministry of commerce"."""
    forms = []
    for country, leads in _COUNTRY_LEADS.items():
        core = next((key[len(lead) + 1 :] for lead in leads if key.startswith(f"{lead} ")), None)
        for tail in (f" of {country}", f" {country}"):
            if core is None and key.endswith(tail):
                core = key[: -len(tail)]
        if core:
            forms.extend([f"{core} of {country}", f"{core} {country}", *(f"{lead} {core}" for lead in leads)])
    return [form for form in forms if form != key]


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
        "CN": ["China", "Mainland China", "P.R. China", "P. R. China", "中国", "中国大陆"],
    }.items()
    for spelling in spellings
}
_LEADING_PREPOSITION = re.compile(r"^(?:in|at|near|the)\s+", re.IGNORECASE)


@functools.cache
def _third_countries():
    """{key: name} of every spelling of the countries of entities/vocabularies/countries.csv."""
    with (VOCABULARIES / "countries.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return {
        normalise(spelling): row["name"].strip()
        for row in rows
        for spelling in (row["name"], row["chinese_name"], *row["aliases"].split("|"))
        if normalise(spelling)
    }


def _country(text):
    """(code, name) of the country `text` names ("China", "美国"), or None; one written in both
    scripts ("China (中国)", "中国 China") is called by its name in other letters. A third country
    (entities/vocabularies/countries.csv: "Switzerland", "瑞士") is ("other", its name), unless a
    place of the gazetteer is called so ("Georgia": the state)."""
    code = _COUNTRIES.get(normalise(text))
    if code:
        return code, text
    third = _third_countries().get(normalise(text))
    if third and not gazetteer()[1].get(normalise(text)):
        return "other", third
    both = in_two_scripts(text)
    codes = {_COUNTRIES.get(normalise(part)) for part in both or ()}
    return (codes.pop(), both[0]) if len(codes) == 1 and None not in codes else None


def _look_up(text, within=None):
    """The known place called `text`, preferring one inside `within` (a KnownPlace); a place
    written with its Chinese and its English name side by side ("北京 Beijing") is the place both
    name, never the Chinese one's alone ("上海 Beijing" is none)."""
    candidates = gazetteer()[1].get(normalise(text), []) or _named_both_ways(text)
    if within is not None:
        inside = [place for place in candidates if within in _ancestors(place)]
        if inside:
            return inside[0]
    return candidates[0] if candidates else None


def _named_both_ways(text):
    """The known places a name in two scripts ("北京 Beijing") names by both of its parts."""
    both = in_two_scripts(text)
    if both is None:
        return []
    other, chinese = (gazetteer()[1].get(normalise(name), []) for name in both)
    return [place for place in other if place in chinese]


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


def _qualifying_state(text, left):
    """The state or province `text` names when it qualifies the part on its left.

    In "Seattle, Washington" and "Bellevue, Washington", Washington is the
    state (the gazetteer's "Washington State"), not the capital: a part after
    a place names where that place is. It is the state when the part on the
    left is unknown or lies in it ("Beijing, Washington" stays two cities).
    """
    states = [
        place
        for spelling in (text, f"{text} State")
        for place in gazetteer()[1].get(normalise(spelling), [])
        if place.kind == "province"
    ]
    if not states:
        return None
    inner = _look_up(_LEADING_PREPOSITION.sub("", left.strip()).strip())
    if inner is None:
        return states[0]
    return next((state for state in states if state in _ancestors(inner)), None)


@functools.cache
def _vague_words():
    return frozenset(word.casefold() for word in _read_list("vague_place_words.txt"))


@functools.cache
def _set_aside_when_vague():
    nouns = (word.casefold() for word in _read_list("vague_place_nouns.txt"))
    return _vague_words() | _VAGUE_JOINING | frozenset(nouns)


# Words a vague part may hold besides its own, and the adjectives of the two countries.
_VAGUE_JOINING = frozenset({"the", "in", "of", "around", "all", "over", "and"})
_COUNTRY_ADJECTIVES = {"chinese": "China", "american": "United States"}
_COUNTRY_NAMES = {"US": "United States", "CN": "China"}


def _vaguely_in(text):
    """What a part of vague words (entities/vocabularies/vague_place_words.txt) names: the country
    or the known place among them, the country by its name ("Various U.S. cities", "Several Chinese
    cities", "Various cities in Guangdong": "United States", "China", "Guangdong"), "" for none
    ("Multiple locations", "other cities"); None for a part without such a word or holding any
    other, read as before ("Kansas City", "Twin Cities", "United States")."""
    words = [word for word in re.split(r"[\s,，]+", text.strip()) if word]
    if not any(word.casefold() in _vague_words() for word in words):
        return None
    vague = _set_aside_when_vague()
    rest = " ".join(word for word in words if word.casefold() not in vague)
    if not rest:
        return ""
    # The words after the vague ones too: "Across the United States" ("States" is a vague word).
    after = " ".join(itertools.dropwhile(lambda word: word.casefold() in vague, words))
    for named in dict.fromkeys([rest, after]):
        if named.casefold() in _COUNTRY_ADJECTIVES:
            return _COUNTRY_ADJECTIVES[named.casefold()]
        country = _country(named)
        if country is not None:
            return _COUNTRY_NAMES.get(country[0], country[1])
        if _look_up(named):
            return named
    return None


@functools.cache
def _state_borders():
    """{state: {the states it borders}} of entities/vocabularies/state_borders.txt, both ways."""
    borders = {}
    for line in _read_list("state_borders.txt"):
        state, _colon, neighbours = line.partition(":")
        for neighbour in (each.strip() for each in neighbours.split(",") if each.strip()):
            borders.setdefault(state.strip(), set()).add(neighbour)
            borders.setdefault(neighbour, set()).add(state.strip())
    return {state: frozenset(neighbours) for state, neighbours in borders.items()}


def _namesake(place, within, right, third_country):
    """Whether the known `place` a part names is another place of its name, because the part to its
    right says it is elsewhere: a state of the United States it does not lie in ("Portland, Maine",
    "Columbus, Georgia", "Paris, Texas"; as Americans write a town, its state after it), or a third
    country it is not in ("Cambridge, UK"). A place lying in no other ("Beijing, Hebei": two places
    apart), a state or province itself ("Texas, Oklahoma"), a province of China after a city
    ("Hangzhou, Jiangsu": written as a list at least as often), a city of China before a state
    ("Shenzhen, California") and a city before a state bordering its own ("New York, New Jersey",
    "Washington, Virginia": neighbours listed) are not."""
    if within is not None:
        if within.kind != "province" or within.country != "US" or place.kind == "province":
            return False
        around = _ancestors(place)
        if place == within or within in around:
            return False
        # A city of a neighbouring state is a list ("New York, New Jersey", "Washington, Virginia").
        states = [each.name for each in around if each.kind == "province"]
        if states and within.name in _state_borders().get(states[0], ()):
            return False
        # A town of China before a state is a list ("Shenzhen, California"): no such town there.
        return place.country == "other" or place.country == "US" and bool(place.parent)
    if right is None or right[1] != "other" or not third_country:
        return False
    return place.country != "other" or place.country_name != third_country


def _read_chain(parts):
    """Places in "Sunnylands, Rancho Mirage, California", read from the right.

    A part followed by a place it lies in is that place ("Rancho Mirage,
    California" is one place, Rancho Mirage); an unknown part followed by a
    known place lies in it ("Springfield, Illinois"); parts that are not
    inside one another are a list ("Beijing, Shanghai").
    """
    mentions = []
    right = None  # what the part to the right told: (KnownPlace or None, country code)
    third_country = ""  # the name of the third country a part to the right named
    read = []  # the parts' texts as read, from the right
    alone = None  # the country of the part to the right, while it has qualified no place
    for index in range(len(parts) - 1, -1, -1):
        text = _LEADING_PREPOSITION.sub("", parts[index].strip()).strip()
        bracket = _LAST_OTHER_NAME.search(text)
        if bracket and bracket.start() and _same_or_around(bracket.group(1), text[: bracket.start()]):
            # "Macau (Macao), China": another name of the place, or where it is, says no more.
            text = text[: bracket.start()].strip()
        vague = _vaguely_in(text)
        if vague is not None:
            # "Various cities" is no place; "Various U.S. cities" the country.
            text = vague
        if not text:
            continue
        read.append(text)
        country = _country(text)
        if country:
            # "Lyon, France": a place the gazetteer lacks is in that third country.
            third_country = country[1] if country[0] == "other" else ""
            mention = PlaceMention(name=country[1], country=country[0], country_name=third_country)
            if right is not None:
                # "United States, China": the country to the right qualified no place; both are.
                mentions.extend([*([alone] if alone else []), mention])
            alone = None if right is not None else mention
            right = (None, country[0])
            continue
        alone = None
        within = right[0] if right else None
        place = _look_up(text, within)
        if within is None and index > 0:
            place = _qualifying_state(text, parts[index - 1]) or place
        kind = ""
        if place and _namesake(place, within, right, third_country):
            # "Portland, Maine", "Cambridge, UK": another place of that name, where the part to the
            # right says, which the gazetteer does not know; read as a place it does not know there,
            # of the kind of the one it does (a city).
            place, kind = None, place.kind
        if within is not None and (place is None or place == within or within in _ancestors(place)):
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
                    country_name=within.country_name if within else third_country,
                    kind=kind,
                    parent=within.name if within else "",
                )
            )
            right = (None, right[1])
        else:
            mentions.append(PlaceMention(name=text, country=""))
    if not mentions and right:
        # The line names only a country ("China"): keep it, as written.
        named = ((_country(part) or (None, part))[1] for part in reversed(read))
        mentions.append(PlaceMention(name=", ".join(named), country=right[1], country_name=third_country))
    return list(reversed(mentions))


_PLACE_GROUPS = re.compile(r"[;；\n/]")
_PLACE_LIST = re.compile(r"\s+(?:and|&|to)\s+|\s*(?:和|与|及|、)\s*", re.IGNORECASE)
_PLACE_PARTS = re.compile(r"[,，]")


def _names_a_known_place(text):
    text = _LEADING_PREPOSITION.sub("", text.strip()).strip()
    return bool(_look_up(text)) or _country(text) is not None


def _place_list(group):
    """The places of a group joined by "and" or "to", keeping "and" inside a name.

    "Muscatine and Des Moines, Iowa" is two places, as one side of "and" is a
    known place; "Shanghai Science and Technology Museum, Shanghai" is one, as
    neither "Shanghai Science" nor "Technology Museum" is and they hold words
    of an institution's name (entities/vocabularies/not_person_words.txt).
    """
    pieces, end = [], 0
    for piece in split_outside_brackets(group, _PLACE_LIST):
        start = group.index(piece, end)
        between, end = group[end:start], start + len(piece)
        if pieces:
            left = split_outside_brackets(pieces[-1], _PLACE_PARTS)[-1]
            right = split_outside_brackets(piece, _PLACE_PARTS)[0]
            if _CHINESE_AND.search(between):
                # "中华人民共和国", "和平饭店": 和 inside a name; "北京和上海" joins two places.
                apart = _names_a_chinese_place(left) and _names_a_chinese_place(right)
            else:
                named = _names_a_known_place(left) or _names_a_known_place(right)
                apart = (
                    not piece.strip()
                    or named
                    or not any(_is_group_word(word) for word in f"{left} {right}".split())
                )
            if not apart:
                pieces[-1] = pieces[-1] + between + piece
                continue
        pieces.append(piece)
    return pieces


def _names_a_chinese_place(text):
    """Whether `text` is a known place, or a name in Chinese ending in an administrative word."""
    text = text.strip()
    return _names_a_known_place(text) or bool(re.fullmatch(r"[\u3400-\u9fff]{2,}[省市县区州镇乡村]", text))


_LAST_OTHER_NAME = re.compile(rf"\s*{_OPENING}\s*([^()（）\[\]【】]+?)\s*{_CLOSING}\s*$")


def _country_in_brackets_as_a_part(group):
    """`group` with a country, a state or province (_names_regions), or another name of the last
    part's place or of one it lies in, in a bracket at its end, written as a part after a comma,
    which says the same: "Beijing (PRC)" is "Beijing, PRC", "Taiwan (ROC)" "Taiwan, ROC",
    "Portland (Maine)" "Portland, Maine". Any other group is as written."""
    match = _LAST_OTHER_NAME.search(group)
    before = group[: match.start()] if match else ""
    last = split_outside_brackets(before, _PLACE_PARTS)[-1].strip()
    # "China (中国)": the country's name in the other script, which _country reads.
    if not last or _country(last) is not None:
        return group
    inside = match.group(1)
    if _country(inside) is None and not _same_or_around(inside, last) and not _names_regions(inside):
        return group
    return f"{before}, {inside}"


def _names_regions(text):
    """Whether each part of `text` is a country or a known state or province ("Maine", "IL",
    "Massachusetts, USA"): in a bracket after a place, where it is ("Portland (Maine)")."""
    parts = [part.strip() for part in split_outside_brackets(text, _PLACE_PARTS)]
    return all(
        part
        and (
            _country(part) is not None
            or any(place.kind == "province" for place in gazetteer()[1].get(normalise(part), []))
        )
        for part in parts
    )


def _same_or_around(outer, inner):
    """Whether the known place `outer` names is the one `inner` names or one it lies in: "ROC" of
    "Taiwan (ROC)" is Taiwan, which "Taiwan" names too."""
    outer_place = _look_up(_LEADING_PREPOSITION.sub("", outer.strip()).strip())
    inner_place = _look_up(_LEADING_PREPOSITION.sub("", inner.strip()).strip())
    return bool(outer_place and inner_place) and (
        outer_place == inner_place or outer_place in _ancestors(inner_place)
    )


def _without_other_name_of_all(group):
    """`group` without a bracket at its end giving, in the other script, the name of the place the
    parts before it name together ("Washington, D.C. (华盛顿特区)", "Shanghai, China [上海]"): it
    is not the last part's, which alone it would not name. Any other group is as written."""
    match = _LAST_OTHER_NAME.search(group)
    if not match:
        return group
    before, inside = group[: match.start()], match.group(1)
    parts = [part for part in split_outside_brackets(before, _PLACE_PARTS) if part.strip()]
    if len(parts) < 2 or _is_cjk(before) == _is_cjk(inside):
        return group
    named, read = (_known_places_of(text) for text in (inside, before))
    return before if named and named <= read else group


def _known_places_of(text):
    """The names of the known places a location part names, whole or as a chain."""
    whole = _look_up(text)
    if whole:
        return {whole.name}
    parts = [part for part in split_outside_brackets(text, _PLACE_PARTS) if part.strip()]
    return {mention.name for mention in _read_chain(parts) if mention.known}


# The administrative word that ends a district, county or town's name in Chinese.
_CHINESE_LOCAL_PLACE = re.compile(r"[\u3400-\u9fff]{1,6}?(?:区|县|镇|乡|村)")


def _chinese_from_the_largest(part):
    """The places of a part written in Chinese from the largest down without a mark between them,
    as Chinese addresses are ("浙江省杭州市", "中国北京市海淀区", "台湾台北"), as parts read from the
    smallest ("杭州市", "浙江省"): known places each lying in the one before, the last perhaps a
    district or county the gazetteer lacks ("海淀区"). Any other part is itself: "北京大学" is
    no place in Beijing."""
    text = _LEADING_PREPOSITION.sub("", part.strip()).strip()
    if not written_in_chinese(text) or _names_a_known_place(text):
        return [part]
    places, rest, within = [], text, None
    while rest:
        for end in range(len(rest), 1, -1):
            # "旧金山市": a city of the gazetteer written with its administrative word.
            short = chinese_short_name(rest[:end])
            place = _look_up(rest[:end], within) or (_look_up(short, within) if short else None)
            if _country(rest[:end]) or (place and (within is None or within in _ancestors(place))):
                break
        else:
            if places and _CHINESE_LOCAL_PLACE.fullmatch(rest):
                # "海淀区": a district, county or town the gazetteer lacks.
                places.append(rest)
                break
            return [part]
        # The gazetteer's name, which the chain reads as this place whichever way it was written.
        places.append(place.name if place else rest[:end])
        within, rest = place, rest[end:]
    return list(reversed(places)) if len(places) > 1 else [part]


_IN_A_PLACE = re.compile(r"^(?P<inner>[^,，]+?)\s+in\s+(?P<outer>[^,，]+)(?P<rest>[,，].*)?$")


@functools.cache
def _site_words():
    return frozenset(word.casefold() for word in _read_list("site_words.txt"))


def _names_a_site(text):
    """Whether `text` is a capitalised name holding a word of a site (entities/vocabularies/
    site_words.txt): "the Peace Hotel", "Carter Center"; not "meeting", nor "talks at the hotel"."""
    words = _LEADING_PREPOSITION.sub("", text.strip()).split()
    return (
        bool(words)
        and all(word[0].isupper() or word.casefold() in _LINKING_WORDS for word in words)
        and any(_fold_word(word) in _site_words() for word in words)
    )


def _in_a_place_as_a_part(group):
    """`group` with "in" between a known place or a site (_names_a_site) and a known place written
    as a comma, which says the same: "the Diaoyutai State Guesthouse in Beijing" is "the Diaoyutai
    State Guesthouse, Beijing", "Peace Hotel in Shanghai" "Peace Hotel, Shanghai", the hotel in
    Shanghai. Any other group is as written: "Meeting in Beijing" names no place called "Meeting"."""
    match = _IN_A_PLACE.match(group.strip())
    if not match or _look_up(group.strip()):
        return group
    if not (_names_a_known_place(match["inner"]) or _names_a_site(match["inner"])):
        return group
    if not _names_a_known_place(match["outer"]):
        return group
    return f"{match['inner']}, {match['outer']}{match['rest'] or ''}"


@functools.cache
def _manner_words():
    return frozenset(word.casefold() for word in _read_list("manner_words.txt"))


def _says_how_it_was_held(text):
    """Whether `text` is only words of how an exchange was held (entities/vocabularies/
    manner_words.txt): "by video", "video call", "视频会议"; not "country", nor a place."""
    words = [word for word in re.split(r"[\s,，、/]+", text.casefold().strip()) if word]
    return bool(words) and all(word in _manner_words() for word in words)


# Words before the places, then a colon, a comma or "between": "By phone: Beijing and Washington".
_LEADING_WORDS = re.compile(
    r"^(?P<lead>[^,:：，()（）\[\]【】]+?)(?:\s*[,:：，]\s*|\s+between\s+)(?P<rest>.+)$", re.IGNORECASE
)


def _manner_aside(group):
    """`group` without words saying how the exchange was held, not where: before the places
    ("By phone: Beijing and Washington", "Phone call between Washington and Beijing"), in a bracket
    after them ("Beijing (by video)", "Washington and Beijing (video call)"), or before a bracket
    of them ("Virtual (Washington and Beijing)"). A call names where each side sat, and such words
    left the places unread, or read "Video conference" as a place in Beijing. Any other group is
    as written."""
    lead = _LEADING_WORDS.match(group.strip())
    if lead and _says_how_it_was_held(lead["lead"]):
        group = lead["rest"]
    match = _LAST_BRACKET_OF_GROUP.match(group.strip())
    if not match:
        return group
    if _says_how_it_was_held(match["inner"]):
        return match["outer"]
    if _says_how_it_was_held(match["outer"]):
        return match["inner"]
    return group


# Words opening a bracket that adds to the places before it: "… and Guangzhou (and Tokyo)".
_ADDING = re.compile(r"(?:and|&|plus|as\s+well\s+as|also)\s+", re.IGNORECASE)


def _more_places_aside(group):
    """`group` with a bracket adding places written as "and": "Beijing, Shanghai and Guangzhou
    (and Tokyo)" is "… and Guangzhou and Tokyo", where Guangzhou and Tokyo were read as one
    unknown place. Any other group is as written."""
    match = _LAST_BRACKET_OF_GROUP.match(group.strip())
    adding = match and _ADDING.match(match["inner"].strip())
    if not adding:
        return group
    return f"{match['outer'].strip()} and {match['inner'].strip()[adding.end() :].strip()}"


# Two places joined by a dash: "Washington-Beijing", "Beijing–Washington".
_DASH_BETWEEN = re.compile(r"^(?P<first>[^-–—]+?)\s*[-–—]\s*(?P<second>[^-–—]+)$")


def _ends_of_a_line(group):
    """`group` with a dash between two known places written as "and", which says the same for
    the two ends of a call or a flight: "Washington-Beijing" is Washington and Beijing. A place
    whose name holds a dash ("Winston-Salem") or a group of anything else is as written."""
    match = _DASH_BETWEEN.match(group.strip())
    if not match or _look_up(group.strip()):
        return group
    if not (_names_a_known_place(match["first"]) and _names_a_known_place(match["second"])):
        return group
    return f"{match['first'].strip()} and {match['second'].strip()}"


# A bracket at the end of a group, and what stands before it: "Beijing (Great Hall of the People)".
_LAST_BRACKET_OF_GROUP = re.compile(
    r"^(?P<outer>[^()（）\[\]【】]+?)\s*[(（\[【](?P<inner>[^()（）\[\]【】]+)[)）\]】]\s*$"
)


@functools.cache
def _district_words():
    return tuple(word.casefold() for word in _read_list("district_words.txt"))


def _names_a_district(text):
    """Whether `text` is a capitalised name ending in a word of a district, county or town
    (entities/vocabularies/district_words.txt): "Haidian District", "Binhai New Area"; not
    "District" alone, nor "the new district"."""
    words = _LEADING_PREPOSITION.sub("", text.strip()).split()
    for ending in _district_words():
        size = len(ending.split())
        name = words[:-size]
        if name and " ".join(words[-size:]).casefold() == ending:
            return all(word[0].isupper() for word in name)
    return False


def _in_china(text):
    place = _look_up(_LEADING_PREPOSITION.sub("", text.strip()).strip())
    return place is not None and place.country == "CN"


def _site_in_brackets_as_a_part(group):
    """`group` with a site (_names_a_site), a known place inside the one before it, or a district
    of a place in China (_names_a_district), in a bracket after a known place, written as a part
    before it, which says the same: "Beijing (Great Hall of the People)" is "Great Hall of the
    People, Beijing", the hall in Beijing, where nothing was linked; "Tianjin (Binhai New Area)" is
    "Binhai New Area, Tianjin". Any other group is as written: "Beijing (APEC)", "Georgia (country)"."""
    match = _LAST_BRACKET_OF_GROUP.match(group.strip())
    if not match or _look_up(group.strip()):
        return group
    inner, outer = match["inner"].strip(), match["outer"].strip()
    # The place the bracket is after: the first part of "Beijing, China".
    first = split_outside_brackets(outer, _PLACE_PARTS)[0].strip()
    if _is_cjk(inner) or not _names_a_known_place(first):
        return group
    district = _names_a_district(inner) and _in_china(first)
    if not (_names_a_site(inner) or district or _same_or_around(first, inner)):
        return group
    return f"{inner}, {outer}"


# Words of a bracket saying which place of a name is meant, not where in it: "Georgia (country)".
_WHICH_PLACE = frozenset({"country", "nation", "state", "us", "u.s.", "usa", "province", "city", "county"})


def _note_in_brackets_aside(group):
    """`group` without a bracket after a known place that names no place the catalogue knows, nor
    which place of that name is meant: "Beijing (APEC)", "Beijing (Haidian)", "Shenzhen (Special
    Economic Zone)" are Beijing, Beijing and Shenzhen, where the whole line became one unknown place
    and the exchange was linked to none. The bracket stays in the text shown. A bracket naming
    another known place ("上海 (Beijing)"), or one saying which place is meant ("Georgia (country)",
    "Washington (state)"), is as written: either might be meant."""
    match = _LAST_BRACKET_OF_GROUP.match(group.strip())
    if not match or _look_up(group.strip()):
        return group
    inner, outer = match["inner"].strip(), match["outer"].strip()
    first = split_outside_brackets(outer, _PLACE_PARTS)[0].strip()
    if not _names_a_known_place(first) or _names_a_known_place(inner):
        return group
    if {word.strip(".,").casefold() for word in inner.split()} & _WHICH_PLACE:
        return group
    return outer


def _largest_first_as_a_part(group):
    """`group` with a district after the known place in China it lies in (_names_a_district),
    written as Chinese addresses go from the largest place down, turned to go from the smallest:
    "Beijing, Haidian District" is "Haidian District, Beijing", read as two places apart, the
    district with no country. Any other group is as written: "Beijing, Shanghai" is two cities."""
    parts = split_outside_brackets(group, _PLACE_PARTS)
    if len(parts) < 2 or not _names_a_district(parts[-1]) or _names_a_known_place(parts[-1]):
        return group
    if not _in_china(parts[-2]):
        return group
    return ", ".join(part.strip() for part in reversed(parts))


def split_places(line):
    """Read a location line into PlaceMentions, most specific place first within each part.

    "Beijing and Washington, DC" gives Beijing (China) and Washington (United
    States); "Sunnylands, Rancho Mirage, California" gives Sunnylands, known to
    lie in Rancho Mirage; an unknown name is kept as written, with the country
    its qualifier gives ("Springfield, Illinois") or none. An empty line gives [].
    """
    mentions = []
    # Words of how it was held round the whole line first: the places in "By telephone (Beijing
    # and Palm Beach/Washington)" are parted as those of the line without them.
    for group in split_outside_brackets(_manner_aside(line or ""), _PLACE_GROUPS):
        if not group.strip():
            continue
        group = _ends_of_a_line(_more_places_aside(_manner_aside(group)))
        group = _country_in_brackets_as_a_part(_without_other_name_of_all(group))
        group = _note_in_brackets_aside(_site_in_brackets_as_a_part(group))
        group = _largest_first_as_a_part(_in_a_place_as_a_part(group))
        whole = _look_up(group)
        pieces = [group] if whole else _place_list(group)
        for piece in pieces:
            if len(pieces) > 1:
                # A bracket after one place of a list: "Beijing and Shanghai (APEC)", "Washington,
                # DC (White House) and Beijing".
                piece = _note_in_brackets_aside(_site_in_brackets_as_a_part(piece))
            parts = [
                each
                for part in split_outside_brackets(piece, _PLACE_PARTS)
                if part.strip()
                for each in _chinese_from_the_largest(part)
            ]
            if parts:
                mentions.extend(_read_chain(parts))
    return mentions
