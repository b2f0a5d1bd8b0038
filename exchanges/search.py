"""Full-text search over exchanges: one query language, native indexes on each database.

The index lives in the database, outside the Django model, so that it stays in
step with every write, whichever code makes it (see the initial migration):

- PostgreSQL: a stored generated ``tsvector`` column, ``search_vector``, weighted
  (title A, summary B, the rest C) with a GIN index.
- SQLite: an FTS5 table, ``exchanges_exchange_fts``, that mirrors the text columns
  and is kept in sync by triggers.

What a reader types is parsed once, here, into a ``Query``, which is then
compiled to each database's own syntax. The language:

- words: every one must match, in any field, in any form (English stemming:
  "talks" finds "talk");
- "quoted phrases": the words next to each other, in that order;
- ``OR`` (in capitals) between two terms: either will do;
- ``-word`` or ``-"a phrase"``: exchanges without it. A query made only of
  exclusions means every exchange except those;
- ``word*``: a word starting with these letters (a trailing ``*`` only).

Punctuation inside a word splits it into a phrase of its parts, as both indexes
do when they read a record: "En-lai" is the phrase "en lai", "U.S." is "u s".
Very common words ("the", "of") are not indexed by PostgreSQL, so they are left
out of every query on both databases; a query of nothing else finds nothing
and says why. A query is bounded (``MAX_WORDS`` words, ``MAX_WORD_LENGTH``
characters a word) so that no input can overflow either database's parser;
whatever is left out is reported in ``Query.notes``.

The reader's words only ever reach the database as parameters: PostgreSQL gets
them through ``phraseto_tsquery`` (which applies the 'english' configuration's
stemming and stop words, exactly as the index did) combined with the tsquery
operators ``&&``, ``||``, ``!!`` and ``<->`` in SQL, never through the tsquery
parser's own syntax; FTS5 gets every term quoted, so its operators and column
filters typed by a reader are only text.
"""

import datetime
import difflib
import functools
import hashlib
import html
import itertools
import logging
import re
import sqlite3
import sys
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

import opencc
from django.core.cache import cache
from django.db import DatabaseError, connections
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from entities.names import CHINESE_CHARACTERS, PINYIN_FINAL, PINYIN_INITIAL, gazetteer, normalise

from .cache import bump_shared_version, cache_is_shared, shared_version
from .dates import (
    CHINESE_DATE_WORDS,
    DAY,
    DECADE_WORDS,
    EARLIEST_YEAR,
    FILLER,
    LATEST_YEAR,
    MONTHS,
    YEAR,
    DateNotUnderstood,
    DatesApart,
    Period,
    RoughDate,
    names_a_mistake,
    parse_period,
)

logger = logging.getLogger(__name__)

FTS_TABLE = "exchanges_exchange_fts"

# More words than this are left out (and the reader told): PostgreSQL's tsquery
# machinery has fixed stacks, and no real search needs more.
MAX_WORDS = 32
# A longer "word" is not a word anyone searches for; PostgreSQL cannot index one
# over 2,047 bytes at all.
MAX_WORD_LENGTH = 100
# The part of a too-long query quoted back to the reader.
QUOTED_LENGTH = 60

STOP_WORDS = frozenset(
    line.strip()
    for line in (Path(__file__).with_name("search_stopwords.txt")).read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

# A term as typed: an optional minus, then a "quoted phrase" (the closing quote
# may be missing) or a run of anything but spaces, quotes and the commas and semicolons that
# list words (a comma between digits is the number's: "30,000"); then an optional *. Listed
# without a space ("Nixon,Mao"; 尼克松，中国 as Chinese writes a list) the words were one phrase.
_TOKEN = re.compile(r'(?P<minus>-*)(?:"(?P<phrase>[^"]*)"?|(?P<word>(?:[^\s",;，、；]|(?<=\d),(?=\d))+))')
# What both indexes take for one word: a run of letters and digits, in any script.
_PART = re.compile(r"[^\W_]+")

# ---------------------------------------------------------------------------
# Folding: the one reading of a text, at index time (Exchange.save computes the
# search columns with it) and at query time (every typed term goes through it),
# so that both databases index and look up the same words.

# Chinese characters (and the other ideographs) are indexed as overlapping pairs,
# so that any run of two or more characters is a phrase of pairs.
_CJK = re.compile(rf"[{CHINESE_CHARACTERS}]+")
# "U.S.", "P.R.C.": dotted initials are one word.
_DOTTED = re.compile(r"(?<![^\W_])((?:[^\W\d_]\.){2,})")
# "Xi's", "Xi’s", "Americans'": the possessive is not part of the name.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['’][sS]?(?![^\W_])")
# "Xi'an", "Yan'an": pinyin's apostrophe before a syllable that is also a common English word.
# Read as two words, PostgreSQL's index left the common word out, even of a phrase, and "Xi'an"
# found every exchange naming Xi; read as one ("xian", as "Xian" is also written), it is a name.
_APOSTROPHE_WORD = re.compile(r"(?<=[^\W\d_])['’]([^\W\d_]+)(?![^\W_])")


# Pinyin with its tones written as numbers, as learners and dictionaries type it ("Xi2 Jin4ping2",
# "Zhou1 En1lai2"): each syllable, an initial and a final, followed by its tone, 1 to 5. A word of
# two letters or more made only of such syllables is searched without the numbers; names and codes
# with digits ("G20", "MH370", "A380", "H1N1") are no such word and keep them.
_TONE_NUMBERED = re.compile(rf"(?=[a-z]{{2}})(?:{PINYIN_INITIAL}?{PINYIN_FINAL}[1-5])+")
_TONE_NUMBER = re.compile(r"[1-5]")


def _without_accents(text):
    """ "Communiqué" as "Communique", "Xí Jìnpíng" as "Xi Jinping": readers type names with and
    without their accents and pinyin's tones. SQLite's tokenizer drops them and PostgreSQL's
    'english' configuration keeps them, so they are dropped here, for both."""
    if text.isascii():
        return text
    bare = "".join(char for char in unicodedata.normalize("NFD", text) if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare)


def _join_common_word(match):
    return match.group(1) if match.group(1).lower() in STOP_WORDS else match.group(0)


@functools.cache
def _to_simplified():
    return opencc.OpenCC("t2s")


def _cjk_pairs(run):
    """乒乓外交 → 乒乓 乓外 外交; a lone character stays itself."""
    run = _to_simplified().convert(run)
    if len(run) == 1:
        return run
    # The last character alone too, so that a search for it finds the run's end.
    return " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " " + run[-1]


def fold(text, query=False):
    """`text` as both indexes read it: lower-case words separated by spaces.

    Hyphens and punctuation split words, possessives are dropped, dotted
    initials are joined ("U.S." → "us"), accents are dropped ("é" → "e"),
    Chinese is converted to simplified characters and split into overlapping pairs. The United States written
    "US" is indexed as "usa" (PostgreSQL takes "us" for the pronoun and leaves
    it out); a reader's "us" in any case means it too. A search's pinyin loses
    the numbers of its tones ("Xi2 Jin4ping2" → "xi jinping").
    """
    if not text:
        return ""
    text = _without_accents(unicodedata.normalize("NFKC", text))
    text = _DOTTED.sub(lambda match: match.group(1).replace(".", "") + " ", text)
    text = _POSSESSIVE.sub("", text)
    text = _APOSTROPHE_WORD.sub(_join_common_word, text)
    words = []
    for word in _PART.findall(text):
        if _CJK.search(word):
            # Latin letters next to Chinese ones are words of their own.
            for piece in re.split(f"({_CJK.pattern})", word):
                if piece:
                    words.append(_cjk_pairs(piece) if _CJK.fullmatch(piece) else piece.lower())
            continue
        if word == "US" or (query and word.lower() == "us"):
            word = "usa"
        if query and _TONE_NUMBERED.fullmatch(word.lower()):
            word = _TONE_NUMBER.sub("", word)
        words.append(word.lower())
    return " ".join(words)


@dataclass(frozen=True)
class Term:
    """A word or phrase to find: its words, lower-cased, and the text as typed."""

    parts: tuple
    text: str
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    """Terms to find (all of the groups; any term of a group) and terms to exclude."""

    groups: tuple = ()
    excluded: tuple = ()
    notes: tuple = field(default=(), compare=False)
    # Whether its prefixes were looked up among the catalogue's words already (with_whole_words).
    spelled_out: bool = field(default=False, compare=False)

    @classmethod
    def any_word(cls, words):
        """Exchanges holding any of `words` (folded words, as fold() gives them)."""
        return cls((tuple(Term((word,), word) for word in words),))

    @classmethod
    def every_word(cls, words):
        """Exchanges holding all of `words`."""
        return cls(tuple((Term((word,), word),) for word in words))

    def __bool__(self):
        return bool(self.groups or self.excluded)

    def fts5(self):
        """The FTS5 MATCH expression for the terms to find, and the one for the terms to exclude."""
        found = " AND ".join(_fts5_group(group) for group in self.groups)
        excluded = " OR ".join(_fts5_term(term) for term in self.excluded)
        if found and excluded:
            return f"({found}) NOT ({excluded})", ""
        return found, excluded

    def postgres(self):
        """(SQL, params) of one tsquery: every group, and none of the exclusions."""
        pieces = [_postgres_group(group) for group in self.groups]
        pieces += [(f"(!!{sql})", params) for sql, params in map(_postgres_term, self.excluded)]
        sql, params = pieces[0]
        for more_sql, more_params in pieces[1:]:
            sql, params = f"({sql} && {more_sql})", [*params, *more_params]
        return sql, params


# Queries up to this length are remembered (the list page reads one several
# times); longer ones are parsed again rather than kept in memory.
CACHED_LENGTH = 1000


def parse(text):
    """Read what a reader typed into a Query; never raises."""
    if not text.strip():
        # Nothing typed (every unsearched list asks for the notes): no synonyms to read for it.
        return Query((), ())
    if len(text) > CACHED_LENGTH:
        return _parse(text, get_language())
    return _parse_cached(text, get_language())


def _parse(text, language):
    # The language is an argument so that the cache keeps the notes apart by language.
    groups, excluded, notes = [], [], []
    common, budget = [], MAX_WORDS
    join_next = False  # an OR stands between the last term found and the next one
    last_was_found = False
    exclude_next = False  # a NOT stands before the next term
    for match in _TOKEN.finditer(text):
        phrase, word = match.group("phrase"), match.group("word")
        if word == "OR" and not match.group("minus"):
            join_next = last_was_found
            continue
        if word == "NOT" and not match.group("minus"):
            # As library catalogues and news archives write it: "Xi NOT Obama" is "Xi -Obama".
            exclude_next = True
            continue
        typed = phrase if phrase is not None else word
        prefix = typed.endswith("*") or (phrase is not None and text[match.end() : match.end() + 1] == "*")
        parts = _typed_parts(typed)
        if len(parts) == 1 and _CJK.fullmatch(parts[0]) and len(parts[0]) == 1:
            prefix = True  # one character: any pair that starts with it
        if not parts:
            continue
        if any(len(part) > MAX_WORD_LENGTH for part in parts):
            notes.append(
                _("Words longer than %(length)d characters cannot be searched for and were left out.")
                % {"length": MAX_WORD_LENGTH}
            )
            continue
        if all(part in STOP_WORDS for part in parts):
            common.append(typed)
            continue
        if len(parts) > budget:
            notes.append(
                _("Only the first %(count)d words are searched; “%(rest)s” and what follows were left out.")
                % {"count": MAX_WORDS, "rest": shorten(text[match.start() :].strip())}
            )
            break
        budget -= len(parts)
        if prefix:
            parts = (*parts[:-1], _stem_safe_prefix(parts[-1]))
        term = Term(parts, " ".join(typed.rstrip("*").split()), prefix)
        if match.group("minus") or exclude_next:
            excluded.append(term)
            exclude_next = False
            last_was_found = join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
            last_was_found = True
    groups = _drop_implied(with_synonyms(groups))
    # Leaving out a word leaves out its other spellings too: "-Peking" leaves out Beijing.
    excluded = list(dict.fromkeys(spelling for term in excluded for spelling in with_synonyms([[term]])[0]))
    if not groups and not excluded and not notes and text.strip():
        if common:
            notes.append(
                _("“%(words)s”: words this common are not searched for; add a more specific word.")
                % {"words": shorten(" ".join(common))}
            )
        else:
            notes.append(_("“%(query)s” has no words to search for.") % {"query": shorten(text.strip())})
    return Query(tuple(tuple(group) for group in groups), tuple(excluded), tuple(dict.fromkeys(notes)))


def _typed_parts(typed):
    """The words a typed term is looked up by."""
    parts = tuple(fold(typed, query=True).split())
    if _CJK.fullmatch(typed.rstrip("*")) and len(parts) > 1:
        parts = parts[:-1]  # the run's last character alone is implied by its last pair
    return parts


def spelling_parts(spelling):
    """A synonym's words as a search for it reads them, so that typing any spelling finds the others:
    华盛顿 typed is ("华盛", "盛顿"), where fold() alone adds the lone last character."""
    return tuple(part for typed in spelling.split() for part in _typed_parts(typed))


def _stem_safe_prefix(word):
    """A prefix that still matches after stemming: both stemmers rewrite a word's end
    ("sunny" → "sunni"), which would no longer start "sunnylands", so a final y, e or
    single s is dropped (keeping three letters)."""
    if len(word) > 3 and (word[-1] in "ye" or (word[-1] == "s" and word[-2] != "s")):
        return word[:-1]
    return word


def _drop_implied(groups):
    """Leave out words every exchange implies (implied.txt: the two countries) when other
    words remain: "US China trade agreement" looks for a trade agreement."""
    implied = implied_words()
    kept = [
        group
        for group in groups
        if not all(
            _key(term.parts) in implied or all((part,) in implied for part in term.parts) for term in group
        )
    ]
    return kept if kept else groups


def _key(parts):
    """Words as synonyms are looked up: without the common words the index leaves out."""
    kept = tuple(part for part in parts if part not in STOP_WORDS)
    # The same tuple when nothing is left out: the synonyms hold tens of thousands of keys.
    return parts if len(kept) == len(parts) else kept


@functools.cache
def implied_words():
    lines = IMPLIED_FILE.read_text(encoding="utf-8").splitlines()
    spellings = {_key(words) for line in read_synonym_lines(lines) for words in line}
    by_words = build_synonyms(curated_synonyms())
    return {_key(other) for words in spellings for other in by_words.get(words, (words,))} | spellings


_parse_cached_by_generation = functools.lru_cache(maxsize=256)(
    lambda text, language, generation: _parse(text, language)
)


def _parse_cached(text, language):
    return _parse_cached_by_generation(text, language, synonyms().generation)


# ---------------------------------------------------------------------------
# Synonyms: the curated file, and every entity's names and aliases.

SYNONYMS_FILE = Path(__file__).with_name("vocabularies") / "synonyms.txt"
IMPLIED_FILE = Path(__file__).with_name("vocabularies") / "implied.txt"
# How long a process keeps the entities' names before reading them again, when it cannot tell
# whether another process changed them (no cache shared by every process); a change made in this
# process clears them at once (see exchanges/apps.py).
ENTITY_SYNONYMS_SECONDS = 300
# With a shared cache, every change to a name or alias, in any process, makes a new token under
# this key; a process reads the names again only when the token differs from the one it read
# them under, looked at most every NAMES_CHECK_SECONDS. Reading a million-exchange catalogue's
# names again takes 2 s, which a reader's search paid every ENTITY_SYNONYMS_SECONDS in each
# worker, changed or not.
NAMES_VERSION_KEY = "search:entity-names"
NAMES_CHECK_SECONDS = 2
# With a shared cache, the synonyms the first process builds under a token are kept there, and the
# others (every gunicorn worker, all started afresh by a deploy) take them in about 80 ms rather
# than building them again from the names: 0.9 s for the generated million's, which the first
# search in each worker paid. Their key holds the curated file's digest and SYNONYMS_FORMAT, to be
# raised when a change to fold() or build_synonyms() changes what they hold, or a migration changes
# the names they are built from without the signals that move the names' token (entities/0006's
# aliases of places); kept a day at most.
SYNONYMS_FORMAT = 8
SHARED_SYNONYMS_SECONDS = 24 * 3600
# Longer phrases are not looked up as synonyms.
MAX_SYNONYM_WORDS = 6


@dataclass
class Synonyms:
    by_words: dict  # {words: (every spelling that means the same, in order)}
    generation: int
    read_at: float
    words: frozenset  # every word of the keys: known words, never "corrected"
    names_version: str | None = None  # the shared token they were read under (None: no shared cache)
    checked_at: float = 0.0


def read_synonym_lines(lines):
    """[(folded words, ...)] for each line of the synonyms file's format."""
    found = []
    for line in _spellings_by_line(lines):
        spellings = {spelling_parts(spelling) for spelling in line}
        found.append({spelling for spelling in spellings if spelling})
    return found


def _spellings_by_line(lines):
    """The spellings of each line of the synonyms file's format, as written."""
    for line in lines:
        line = line.strip()
        if line and not line.startswith("#"):
            yield [spelling.strip() for spelling in line.split(" / ") if spelling.strip()]


def build_synonyms(sets):
    """{words: (every spelling that means the same, sorted)} from sets of spellings.

    Kept small, as every web process holds it (a million-row catalogue's entities give tens of
    thousands of keys): each word one string however many names it is in, a key the spelling's
    own tuple where no common word is left out, and one sorted tuple shared by every spelling of
    a name, merged only where two names share a spelling. A spelling of common words only ("of",
    "ME" for Maine) has no key: it would join unrelated names."""
    by_words = {}
    for spellings in sets:
        spellings = {
            tuple(map(sys.intern, words)) for words in spellings if 0 < len(words) <= MAX_SYNONYM_WORDS
        }
        if len(spellings) < 2:
            continue
        group = tuple(sorted(spellings))
        for words in spellings:
            for key in _synonym_keys(words):
                by_words[key] = group if key not in by_words else tuple(sorted({*by_words[key], *group}))
    return by_words


def _synonym_keys(words):
    """The keys a spelling is found under: its words, and the words a search of them keeps once
    it leaves out the common ones ("Ministry of Commerce" typed is the run "ministry commerce").
    Not the second when it is one word, which would stand for the spelling wherever that word is
    typed: "Xi'an" made every search for Xi a search for 西安 too, "S&ED" one for "Ed"."""
    key = _key(words)
    if not key:
        return ()
    return (words,) if key == words or _shrinks_to_one_word(words) else (words, key)


def _shrinks_to_one_word(words):
    """Whether leaving out the common words leaves one word of several: "xi an" is "xi". Such a
    spelling is not searched for as another's synonym either, since PostgreSQL's index leaves the
    common word out of the phrase too: 西安 would find every exchange naming Xi there."""
    return len(words) > 1 and len(_key(words)) == 1


# A spelling of one word of this many Latin letters or fewer, from an entity's names ("GA" for
# Georgia, "CO" for Colorado), is a synonym only as written (see _searched_for_others).
MOST_LETTERS_OF_A_CODE = 2
_LATIN_WORD = re.compile(r"[a-z]+")


def _searched_for_others(spelling):
    """Whether `spelling` is searched for when another spelling of its line is typed. Not one that is
    one word once its common words are left out ("S&ED", "Xi'an"), nor a code of two letters that an
    entity's alias gives ("GA", "CO", "HI", "WA" for the states): the code is as often a common word's
    stem ("gas", "his", "was" to SQLite's stemmer) or part of one ("co-hosted"), and Hawaii found 45
    of the starter exchanges on SQLite and 7 on PostgreSQL. Typed, the code still finds the others.
    The synonyms file's own ("UN", "HK", "TV") are editors' choices and are searched for."""
    if _shrinks_to_one_word(spelling):
        return False
    if (
        len(spelling) == 1
        and len(spelling[0]) <= MOST_LETTERS_OF_A_CODE
        and _LATIN_WORD.fullmatch(spelling[0])
    ):
        return spelling in _curated_spellings()
    return True


@functools.cache
def _curated_spellings():
    return frozenset(words for line in curated_synonyms() for words in line)


def _synonyms_of(by_words, parts):
    """The spellings that mean the same as `parts` (a term's words, or a run of one-word terms)."""
    return by_words.get(parts) or by_words.get(_key(parts))


@functools.cache
def curated_synonyms():
    return read_synonym_lines(SYNONYMS_FILE.read_text(encoding="utf-8").splitlines())


# A name typed into an entity index is read as the beginning of a spelling of the synonyms file
# from this many characters on: "Chu" begins Chu Jung-chi (Zhu Rongji), where "C" or "Ch" began a
# hundred spellings (China, Chiang Kai-shek, climate…). A spelling typed whole counts however
# short ("HK", "北大").
MIN_BEGUN_SPELLING = 3


@functools.cache
def curated_entity_keys():
    """Each line of the synonyms file as (spelling as written, its entity key) pairs: the keys
    entities.names.normalise gives, which the entities' names and aliases are stored under."""
    lines = _spellings_by_line(SYNONYMS_FILE.read_text(encoding="utf-8").splitlines())
    return tuple(tuple((spelling, normalise(spelling)) for spelling in line) for line in lines)


def other_spellings(text):
    """{entity key: the spelling of the file `text` began} for the other spellings on each line of
    the synonyms file with a spelling that `text` begins: "Chou" begins "Chou En-lai", so an index of
    people also looks for the names beginning "zhou enlai" or "周恩来". Only the entities' curated
    knowledge, not their names and aliases, which the index reads as they are. Keys that `text`
    begins, or that another key of the answer begins, are left out: they find nothing more."""
    key = normalise(text)
    if not key:
        return {}
    typed = " ".join(text.casefold().split())
    found = {}
    for line in curated_entity_keys():
        begun = [
            spelling
            for spelling, spelling_key in line
            if spelling_key == key or (len(key) >= MIN_BEGUN_SPELLING and spelling_key.startswith(key))
        ]
        if not begun:
            continue
        # The spelling written as typed, where the keys fold several together ("PRC" is "china").
        begun = next((spelling for spelling in begun if spelling.casefold().startswith(typed)), begun[0])
        for _spelling, spelling_key in line:
            if spelling_key and not spelling_key.startswith(key):
                found.setdefault(spelling_key, begun)
    return {
        other: begun
        for other, begun in found.items()
        if not any(other != shorter and other.startswith(shorter) for shorter in found)
    }


def entity_synonym_sets():
    """Each entity's name, Chinese name and aliases, folded: one set, yielded, per entity that has
    more than one spelling. Only those make synonyms: a catalogue of a million exchanges has a hundred
    thousand people, most known by one name, which every web process would otherwise hold."""
    from entities.models import Organisation, Person, Place  # entities sit beside the catalogue
    from entities.names import chinese_short_name

    for model in (Organisation, Person, Place):
        alias_model = model._meta.get_field("aliases").related_model
        aliases = {}
        for pk, alias in alias_model.objects.values_list("entity_id", "name").iterator(chunk_size=2000):
            aliases.setdefault(pk, []).append(alias)
        # A name with a dot may have initials, which are written two other ways too.
        several = model.objects.filter(
            ~Q(chinese_name="")
            | Q(name__contains=".")
            | Exists(alias_model.objects.filter(entity=OuterRef("pk")))
        )
        # Read a few thousand at a time and folded as they come: the rows of every entity with a
        # Chinese name are never all held at once.
        for pk, name, chinese in several.values_list("pk", "name", "chinese_name").iterator(chunk_size=2000):
            spellings = (name, chinese, *aliases.pop(pk, ()))
            if model is Place:
                # 北京 for 北京市, and 爱荷华 for an alias 爱荷华州: each typed as it is usually written.
                spellings += tuple(map(chinese_short_name, spellings))
            if model is Person and (family := chinese_family_name(chinese)):
                spellings += (family,)  # 盖茨 for 比尔·盖茨, as the press writes him
            spellings += tuple(
                other for spelling in spellings for other in initials_written_otherwise(spelling)
            )
            folded = {spelling_parts(spelling) for spelling in spellings if spelling}
            # "The Wall Street Journal" is written without its article too ("three Wall Street Journal
            # reporters"), and matching reads the name so (entities.names.normalise); a name of one
            # word besides ("The Times") would stand for that word anywhere.
            folded |= {parts[1:] for parts in folded if len(parts) > 2 and parts[0] == "the"}
            if len(folded) > 1:
                yield folded


# A name's initials, each with its dot and perhaps a space after it ("H. W.", "H.W.", "F. K.").
_INITIALS = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.\s?){2,}(?![^\W_])")


def initials_written_otherwise(spelling):
    """`spelling` with its initials written the two other ways ("George H. W. Bush": "George HW Bush"
    and "George H W Bush"), or nothing when it has none. The index reads "H.W." as one word and
    "H. W." as two, so a reader who typed the other writing than the record's found nothing."""
    if not _INITIALS.search(spelling):
        return ()
    return tuple(
        _INITIALS.sub(
            lambda match, apart=apart: apart.join(re.findall(r"[^\W\d_]", match.group(0))) + " ", spelling
        )
        for apart in ("", " ")
    )


# The dots a foreign name written in Chinese characters puts between its parts (亨利·基辛格).
FOREIGN_NAME_DOTS = re.compile("[·•・]")


def chinese_family_name(chinese):
    """The family name of a foreign name written in Chinese with its dot (盖茨 of 比尔·盖茨), "" for
    another. Not of one character (曼 of 托马斯·曼), which would stand for that character anywhere.
    Every person of the family name shares it: 盖茨 finds Bill Gates and Robert Gates, as a reader of
    the Chinese press means, while "Bill Gates" keeps to his own spellings' records."""
    parts = FOREIGN_NAME_DOTS.split(chinese or "")
    return parts[-1] if len(parts) > 1 and len(parts[-1]) > 1 else ""


_synonyms = None
_generation = 0
# Held while the synonyms are read: a request's search waits for a worker's warm-up reading them
# in its own thread (config/warmup.py) rather than reading them a second time beside it.
_reading = threading.Lock()


def names_version():
    """The shared token of the entities' names; None without a shared cache, or when it cannot answer."""
    return shared_version(NAMES_VERSION_KEY) if cache_is_shared() else None


def _stale(current):
    """Whether the synonyms held may be out of date: another process changed a name (the shared
    token moved), or, when there is no token to compare, they were read a while ago. Asked of the
    cache at most every NAMES_CHECK_SECONDS."""
    now = time.monotonic()
    if now - current.checked_at < NAMES_CHECK_SECONDS:
        return False
    current.checked_at = now
    version = names_version()
    if version is None or current.names_version is None:
        # No shared cache, or it could not answer then or now: read again after a while, or as
        # soon as there is a token to keep.
        return version is not None or now - current.read_at > ENTITY_SYNONYMS_SECONDS
    return version != current.names_version


def synonyms():
    """The synonyms in force, read again when an entity changed (in any process, with a shared
    cache) or after a while (without one)."""
    global _synonyms, _generation
    current = _synonyms
    if current is not None and not _stale(current):
        return current
    with _reading:
        if _synonyms is not current and _synonyms is not None:
            return _synonyms  # read by another thread meanwhile
        # The token before the names: a change while they are read makes them read again.
        version = names_version()
        by_words = _shared_synonyms(version)
        if by_words is None:
            try:
                # One name at a time into the synonyms: tens of thousands of sets made and dropped
                # all at once would leave the process's memory fragmented, tens of MB larger.
                by_words = build_synonyms(itertools.chain(curated_synonyms(), entity_synonym_sets()))
            except DatabaseError:
                by_words = build_synonyms(curated_synonyms())  # no entities table yet (migrating)
            else:
                _share_synonyms(version, by_words)
        _generation += 1
        words = frozenset(word for key in by_words for word in key)
        now = time.monotonic()
        _synonyms = Synonyms(by_words, _generation, now, words, version, now)
    return _synonyms


def _shared_synonyms_key(version):
    return f"search:synonyms:{SYNONYMS_FORMAT}:{_curated_digest()}:{version}"


@functools.cache
def _curated_digest():
    # Read once a process: the file changes with a deploy, which starts new processes.
    return hashlib.sha256(SYNONYMS_FILE.read_bytes()).hexdigest()[:16]


def _shared_synonyms(version):
    """The synonyms another process built under the names' token `version`; None without a shared
    cache, when none are kept, or when the cache cannot answer (they are then built here)."""
    if version is None:
        return None
    try:
        return cache.get(_shared_synonyms_key(version))
    except Exception:
        logger.warning("The shared synonyms cannot be read", exc_info=True)
        return None


def _share_synonyms(version, by_words):
    if version is None:
        return
    try:
        cache.set(_shared_synonyms_key(version), by_words, SHARED_SYNONYMS_SECONDS)
    except Exception:
        logger.warning("The synonyms cannot be shared", exc_info=True)


def forget_synonyms(**kwargs):
    """Read the entities' names again on the next search, in this process and, once the change is
    committed, in every other (connected to the saves and deletes of entities and aliases)."""
    global _synonyms
    _synonyms = None
    bump_shared_version(NAMES_VERSION_KEY)


def with_synonyms(groups):
    """Each run of one-word terms that spells a synonym becomes a group of all its spellings."""
    by_words = synonyms().by_words
    result, i = [], 0
    while i < len(groups):
        for j in range(min(len(groups), i + MAX_SYNONYM_WORDS), i, -1):
            run = groups[i:j]
            if any(len(group) != 1 or group[0].prefix for group in run):
                continue
            run_parts = tuple(part for group in run for part in group[0].parts)
            found = _synonyms_of(by_words, run_parts)
            if found:
                typed = " ".join(group[0].text for group in run)
                spellings = [s for s in found if s != run_parts and _searched_for_others(s)]
                result.append(
                    [Term(run_parts, typed), *(Term(spelling, " ".join(spelling)) for spelling in spellings)]
                )
                i = j
                break
        else:
            group = groups[i]
            expanded = list(group)
            for term in group:
                found = None if term.prefix else _synonyms_of(by_words, term.parts)
                if found:
                    expanded += [
                        Term(s, " ".join(s)) for s in found if s != term.parts and _searched_for_others(s)
                    ]
            result.append(expanded)
            i += 1
    return result


def shorten(text):
    return text if len(text) <= QUOTED_LENGTH else text[: QUOTED_LENGTH - 1] + "…"


def _fts5_term(term):
    # Inside quotes FTS5 reads only words, so nothing a reader typed is syntax.
    return '"' + " ".join(term.parts) + '"' + ("*" if term.prefix else "")


def _fts5_group(group):
    if len(group) == 1:
        return _fts5_term(group[0])
    return "(" + " OR ".join(_fts5_term(term) for term in group) + ")"


POSTGRES_PHRASE = "phraseto_tsquery('english'::regconfig, %s)"
POSTGRES_PREFIX = "to_tsquery('english'::regconfig, %s)"


# A phrase within one field, as FTS5 finds it: the index runs the fields together (title A, names
# B, the rest C), which made a title's last word and the names' first a phrase ("President Ford
# visits China" and "U.S. Government" were "China U.S.": on the starter catalogue "US China" found
# 70 exchanges where SQLite found 57). So its words are of one weight: the phrase's tsquery with
# that weight given to each lexeme (folded words, letters and digits: never a quote).
POSTGRES_PHRASE_IN_ONE_FIELD = " || ".join(
    f"regexp_replace({POSTGRES_PHRASE}::text, '''([^'']+)''', '''\\1'':{weight}', 'g')::tsquery"
    for weight in "ABC"
)


def _postgres_term(term):
    # The index holds folded text (see fold()), so the folded parts are all there is to look up.
    if term.prefix:
        return _postgres_prefix(term)
    if len(term.parts) == 1:
        return POSTGRES_PHRASE, list(term.parts)
    return f"({POSTGRES_PHRASE_IN_ONE_FIELD})", [" ".join(term.parts)] * 3


def _postgres_prefix(term):
    *head, last = term.parts
    # A quoted lexeme with :* is the one thing handed to the tsquery parser;
    # parts are letters and digits only, and quotes are doubled regardless.
    prefix = "'" + last.replace("'", "''").replace("\\", "\\\\") + "':*"
    if not head:
        return POSTGRES_PREFIX, [prefix]
    # The prefix follows the phrase's last indexed word after any stop words,
    # which take a position in the index without a lexeme of their own.
    distance = 1 + len(head) - len(list(itertools.dropwhile(STOP_WORDS.__contains__, reversed(head))))
    return f"tsquery_phrase({POSTGRES_PHRASE}, {POSTGRES_PREFIX}, %s)", [" ".join(head), prefix, distance]


def _postgres_group(group):
    pieces = [_postgres_term(term) for term in group]
    if len(pieces) == 1:
        return pieces[0]
    return "(" + " || ".join(sql for sql, _ in pieces) + ")", [p for _, params in pieces for p in params]


def search_columns(record):
    """The folded texts an exchange is found by: (title, names, the rest).

    Weighted in this order on both databases: a title match outranks a match
    in the names of partners, sponsors, participants and the place, which
    outranks one in the summary and outcomes.
    """
    return (
        fold(" ".join([record.title, record.title_zh])),
        fold(" ".join([record.partners, record.sponsors, record.participants, record.location])),
        fold(" ".join([record.summary, record.summary_zh, record.outcomes])),
    )


SEARCH_COLUMNS = ("search_title", "search_names", "search_body")

FTS5_MATCHING_IDS = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"


# How much more an exchange ranks when it holds the words as typed (not only a
# synonym), and when it holds them as one phrase (not scattered).
AS_TYPED_BOOST = 1.5
PHRASE_BOOST = 2.0


def rank_boosts(query):
    """[(Query, factor)]: the words as typed, and all the words as one phrase: reasons to rank higher."""
    boosts = []
    if any(len(group) > 1 for group in query.groups):
        boosts.append((Query(tuple((group[0],) for group in query.groups)), AS_TYPED_BOOST))
    if len(query.groups) > 1 and not any(term.prefix for group in query.groups for term in group[:1]):
        words = tuple(part for group in query.groups for part in group[0].parts)
        if len(words) <= MAX_WORDS:
            boosts.append((Query(((Term(words, " ".join(words)),),)), PHRASE_BOOST))
    return boosts


# A prefix of at least this many letters is also looked for as the catalogue's words that begin
# with it (with_whole_words); no more than PREFIX_WORDS of them, and no more than WHOLE_WORDS for
# all the prefixes of a search together: PostgreSQL nests each word of the tsquery one level
# deeper, and 6,400 of them (32 prefixes of 200 words) exceeded its stack.
MIN_EXPANDED_PREFIX = 4
PREFIX_WORDS = 200
WHOLE_WORDS = 1000
_LETTERS = re.compile(r"[a-z]+")


def with_whole_words(query, using):
    """`query` with each prefix term also matching, as whole words, the catalogue's words that begin
    with it (SearchWord, every word the exchanges' texts hold).

    Both indexes hold stems, and a stem can be shorter than the word or end differently: "business"
    is indexed as "busi", "delegation" as "deleg", "policy" as "polici". A prefix typed past the
    stem ("busin", "delegat", "educati") matches no stem, and the duplicate box, which takes the
    last word typed as a prefix, went empty after a few letters of a word, then found the exchange
    again once the word was whole. Whole words are stemmed as the index stems them, so "busin"
    also looks for "business" and finds what "business" finds. Four letters or more: fewer begin
    too many words, and a stem is seldom shorter, so the prefix alone finds them. On PostgreSQL
    only the words whose stem does not begin with the prefix are added (the prefix finds the
    others itself); SQLite offers its stemmer to FTS5 alone, so the words are added as they are."""
    if query.spelled_out:
        return query
    prefixed = [
        term
        for term in itertools.chain(itertools.chain.from_iterable(query.groups), query.excluded)
        if term.prefix and len(term.parts[-1]) >= MIN_EXPANDED_PREFIX and _LETTERS.fullmatch(term.parts[-1])
    ]
    if not prefixed:
        return replace(query, spelled_out=True)
    from django.apps import apps

    vocabulary = apps.get_model("exchanges", "SearchWord").objects.using(using)
    stems_known = connections[using].vendor == "postgresql"
    words = {}
    beginnings = {term.parts[-1] for term in prefixed}
    each = min(PREFIX_WORDS, WHOLE_WORDS // len(beginnings))
    for beginning in beginnings:
        if stems_known:
            found = vocabulary.filter(word__startswith=beginning)
            # A stop word has no stem: it is left out, as the index leaves it out.
            stem_begins = "coalesce((ts_lexize('english_stem', word))[1] ^@ %s, true)"
            found = found.exclude(RawSQL(stem_begins, [beginning], output_field=BooleanField()))
        else:
            # A range, which SQLite reads from the words' unique index; its LIKE, blind to case,
            # reads every word. The words are folded to lower case, and SQLite compares bytes.
            found = vocabulary.filter(word__gte=beginning, word__lt=beginning + "\U0010ffff")
        found = found.exclude(word=beginning)
        words[beginning] = list(found.order_by("word").values_list("word", flat=True)[:each])

    def spelled_out(term):
        if term not in prefixed:
            return (term,)
        *head, beginning = term.parts
        return (term, *(Term((*head, word), " ".join((*head, word))) for word in words[beginning]))

    def spelled_out_all(terms):
        # Without repeats: `busin* OR business` looks for "business" once.
        return tuple(dict.fromkeys(itertools.chain.from_iterable(map(spelled_out, terms))))

    return Query(
        tuple(map(spelled_out_all, query.groups)),
        spelled_out_all(query.excluded),
        query.notes,
        spelled_out=True,
    )


# ---------------------------------------------------------------------------
# SQLite's stemmer (Porter's) gives some words a stop word's stem: "one" is "on", "owned" and "owns"
# "own", "others" "other". PostgreSQL leaves stop words out of its index, so there "one China" finds
# "one China" alone; FTS5 indexes them, and found "on China" too (on the starter catalogue "one
# China" found 5 exchanges on SQLite and 1 on PostgreSQL, "one" 171 and 24). On SQLite such a word is
# therefore also looked for in the folded columns, where it stands as typed: a word of its stem that
# is not the stop word.

FTS5_TOKENIZER = "porter unicode61 remove_diacritics 2"
# The endings Porter's stemmer takes off a word of the stem it leaves ("one", "ones", "owned").
_STEM_ENDINGS = "(?:e|s|es|ed|d|ing|er|ers)?"
_FOLDED_COLUMNS = tuple(
    f"exchanges_exchange.{column}" for column in ("search_title", "search_names", "search_body")
)


def _porter_stems(words):
    """{word: its stem as SQLite's FTS5 index holds it}, from an FTS5 table in memory."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, tokenize='{FTS5_TOKENIZER}')")
        connection.execute("CREATE VIRTUAL TABLE stems USING fts5vocab(words, 'instance')")
        connection.executemany("INSERT INTO words(rowid, word) VALUES (?, ?)", enumerate(words))
        return {words[row]: stem for row, stem in connection.execute("SELECT doc, term FROM stems")}
    finally:
        connection.close()


@functools.cache
def _stop_words_by_stem():
    by_stem = {}
    for word, stem in _porter_stems(sorted(STOP_WORDS)).items():
        by_stem.setdefault(stem, set()).add(word)
    return by_stem


@functools.lru_cache(maxsize=4096)
def _stop_words_of_its_stem(word):
    """(the stem SQLite gives `word`, the stop words of that stem) when `word` is no stop word and
    has one's stem ("one": "on", {"on"}); None otherwise."""
    if word in STOP_WORDS or not (word.isascii() and word.isalpha()):
        return None
    stem = _porter_stems([word]).get(word)
    stop_words = _stop_words_by_stem().get(stem)
    return (stem, stop_words) if stop_words else None


def _stemmed_as_a_stop_word(term):
    return not term.prefix and any(_stop_words_of_its_stem(part) for part in term.parts)


def _as_folded(term):
    """(SQL, params): whether a folded column holds `term` with each of its words stemmed as a stop
    word written otherwise than the stop word (its other words are FTS5's to find)."""
    pieces = []
    for part in term.parts:
        if stemmed := _stop_words_of_its_stem(part):
            stem, stop_words = stemmed
            not_stop = "|".join(re.escape(word) for word in sorted(stop_words))
            pieces.append(rf"(?!(?:{not_stop})(?: |$))(?:{re.escape(part)}|{re.escape(stem)}{_STEM_ENDINGS})")
        else:
            pieces.append(r"\S+")
    pattern = r"(?:^| )" + " ".join(pieces) + r"(?= |$)"
    return "(" + " OR ".join(f"{column} REGEXP %s" for column in _FOLDED_COLUMNS) + ")", [pattern] * 3


def _fts5_holds(term):
    """(SQL, params): whether an exchange holds `term`, as PostgreSQL would find it."""
    sql, params = f"exchanges_exchange.id IN ({FTS5_MATCHING_IDS})", [_fts5_term(term)]
    if _stemmed_as_a_stop_word(term):
        folded_sql, folded_params = _as_folded(term)
        sql, params = f"({sql} AND {folded_sql})", [*params, *folded_params]
    return sql, params


def _fts5_stop_stem_conditions(query):
    """(the Query FTS5 matches, [where], [params]): for SQLite, the conditions that hold its words
    stemmed as stop words to what PostgreSQL finds (see above), and the Query without the exclusions
    of such words, which FTS5 would take for the stop word too and leave out nearly everything."""
    wheres, params = [], []
    for group in query.groups:
        if not any(map(_stemmed_as_a_stop_word, group)):
            continue
        if len(group) == 1:
            # FTS5's match holds the term: what is left to ask is how its words are written.
            sql, group_params = _as_folded(group[0])
        else:
            pieces = [_fts5_holds(term) for term in group]
            sql = "(" + " OR ".join(piece for piece, _ in pieces) + ")"
            group_params = [param for _, piece_params in pieces for param in piece_params]
        wheres.append(sql)
        params += group_params
    stop_stemmed = [term for term in query.excluded if _stemmed_as_a_stop_word(term)]
    for term in stop_stemmed:
        sql, term_params = _fts5_holds(term)
        wheres.append(f"NOT {sql}")
        params += term_params
    kept = tuple(term for term in query.excluded if term not in stop_stemmed)
    return replace(query, excluded=kept), wheres, params


def search_queryset(queryset, text, ranked=True):
    """Filter to exchanges matching `text` (a string or a Query), annotated with
    `search_rank` (higher is better). A query with nothing to search for finds nothing.

    With ranked=False (a list in date order), PostgreSQL's rank is 0 for every match rather
    than computed: it is evaluated for every match read, before any sort and limit, which was
    a third of the time of a three-word search matching 22,000 of a million exchanges. FTS5
    gives its rank with the match."""
    query = with_whole_words(text if isinstance(text, Query) else parse(text), queryset.db)
    vendor = connections[queryset.db].vendor
    if not query:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if vendor == "postgresql":
        found = queryset.filter(RawSQL(*_holds(query, vendor), output_field=BooleanField()))
        rank = _postgres_rank(query) if ranked else Value(0.0, output_field=FloatField())
        return found.annotate(search_rank=rank)
    if vendor == "sqlite":
        matched, stop_stem_wheres, stop_stem_params = _fts5_stop_stem_conditions(query)
        found, excluded = matched.fts5()
        if not found:
            # Only exclusions: every exchange but those FTS5 finds.
            wheres = [f"exchanges_exchange.id NOT IN ({FTS5_MATCHING_IDS})"] if excluded else []
            return queryset.extra(
                where=[*wheres, *stop_stem_wheres],
                params=[*([excluded] if excluded else []), *stop_stem_params],
            ).annotate(search_rank=Value(0.0, output_field=FloatField()))
        # A join, not a correlated subquery: FTS5 finds the matching rows once and
        # the exchanges are looked up by rowid. Django has no API to join a table
        # it has no relation to, hence extra(). FTS5's `rank` is bm25, lower for
        # better matches; negated so that both databases sort it the same way.
        rank_sql, rank_params = f"-{FTS_TABLE}.rank", []
        for boost, factor in rank_boosts(query):
            boost_sql, boost_params = _holds(boost, vendor)
            rank_sql += f" * (CASE WHEN {boost_sql} THEN {factor} ELSE 1 END)"
            rank_params += boost_params
        return queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = exchanges_exchange.id", f"{FTS_TABLE} MATCH %s", *stop_stem_wheres],
            params=[found, *stop_stem_params],
            select={"search_rank": rank_sql},
            select_params=rank_params,
        )
    raise NotImplementedError(f"Full-text search is not built for {vendor}.")


def _postgres_rank(query):
    sql, params = query.postgres()
    rank_sql, rank_params = f"ts_rank(exchanges_exchange.search_vector, {sql})", list(params)
    for boost, factor in rank_boosts(query):
        boost_sql, boost_params = _holds(boost, "postgresql")
        rank_sql += f" * (CASE WHEN {boost_sql} THEN {factor} ELSE 1 END)"
        rank_params += boost_params
    return RawSQL(rank_sql, rank_params, output_field=FloatField())


def _holds(query, vendor):
    """(SQL, params): the condition that an exchange of the row holds what `query` finds, tested row
    by row (a rank's boost, a word's flag) rather than as the search's own condition."""
    if vendor == "postgresql":
        sql, params = query.postgres()
        return f"exchanges_exchange.search_vector @@ {sql}", list(params)
    return f"exchanges_exchange.id IN ({FTS5_MATCHING_IDS})", [query.fts5()[0]]


def rank_matches(queryset, text):
    """`queryset`, exchanges already known to match `text` (a string or a Query), annotated with
    `search_rank` as search_queryset ranks them.

    PostgreSQL ranks them without testing the match again: given the condition, the planner
    read the index's 566,000 entries for a word in half of a million exchanges to AND them with
    the 10,000 ids being ranked (65-85 ms, twice a page). FTS5 gives its rank only with a match."""
    query = text if isinstance(text, Query) else parse(text)
    if not query or connections[queryset.db].vendor != "postgresql":
        return search_queryset(queryset, query)
    return queryset.annotate(search_rank=_postgres_rank(with_whole_words(query, queryset.db)))


def holding_words(queryset, words):
    """`queryset` annotated with holds_0, holds_1…: whether each exchange holds each of `words`
    (folded words, as fold() gives them), as its search finds them: stemmed, in any field.

    Read together, they say how many of a few exchanges each word is in and which words each
    exchange shares, from one query (contributions/duplicates.py weighs a title's words so)."""
    vendor = connections[queryset.db].vendor
    flags = {}
    for number, word in enumerate(words):
        sql, params = _holds(Query.any_word([word]), vendor)
        flags[f"holds_{number}"] = RawSQL(sql, params, output_field=BooleanField())
    return queryset.annotate(**flags)


def search_notes(text):
    """What the search could not use of `text`, to tell the reader."""
    return list(parse(text).notes)


# ---------------------------------------------------------------------------
# The catalogue's words, for "Did you mean…?"

# Words shorter than this are not corrected (too many near neighbours).
MIN_CORRECTED_LENGTH = 4
# How alike a word and its correction must be (difflib's ratio). On PostgreSQL the
# candidates are the 50 words most alike by trigrams (pg_trgm's % operator, 0.3).
MIN_LIKENESS = 0.75
# Every candidate, on either database, shares this share of its trigrams with the word typed
# (pg_trgm's default threshold) and is within this many letters of its length.
MIN_TRIGRAM_SIMILARITY = 0.3
MAX_LENGTH_DIFFERENCE = 2
# A word shorter than this is corrected by one letter at most (added, left out, changed, or two
# beside each other swapped, as in "Enlia"): two
# letters make a short word into another word more often than they mend a typo ("strait" is no
# misspelt "strains"), as search engines' fuzzy matching allows two edits only in longer words.
TWO_LETTERS_OFF_FROM = 7
# A word of up to this many capitals is an abbreviation ("CSIS", "CFIUS"), not a misspelt word.
ABBREVIATION_LENGTH = 5
_DIGITS = re.compile(r"\d")


def vocabulary_words(texts):
    """The words of folded texts worth suggesting: letters only, not Chinese pairs, not too long."""
    return {
        word
        for text in texts
        for word in text.split()
        if len(word) >= MIN_CORRECTED_LENGTH
        and len(word) <= MAX_WORD_LENGTH
        and not _DIGITS.search(word)
        and not _CJK.search(word)
    }


def remember_words(model, texts):
    """Add the words of `texts` to the vocabulary table `model` (one INSERT; known words are skipped)."""
    words = vocabulary_words(texts)
    if words:
        model.objects.bulk_create([model(word=word) for word in sorted(words)], ignore_conflicts=True)


def _likeness(one, other):
    return difflib.SequenceMatcher(None, one, other).ratio()


def _trigrams(word):
    padded = f"  {word} "
    return {padded[start : start + 3] for start in range(len(padded) - 2)}


def _one_letter_off(word, candidate):
    """Whether one letter added, left out or changed, or two letters beside each other swapped,
    makes `word` into `candidate`."""
    if len(word) > len(candidate):
        word, candidate = candidate, word
    if len(word) == len(candidate):
        differ = [
            index for index, (one, other) in enumerate(zip(word, candidate, strict=True)) if one != other
        ]
        return len(differ) <= 1 or _swapped(word, candidate)
    if len(candidate) - len(word) != 1:
        return False
    start = next(
        (index for index, (one, other) in enumerate(zip(word, candidate, strict=False)) if one != other),
        len(word),
    )
    return word[start:] == candidate[start + 1 :]


def _swapped(word, candidate):
    """Whether two letters beside each other swapped make `word` into `candidate`."""
    return len(word) == len(candidate) and any(
        _swap(word, index) == candidate for index in range(len(word) - 1) if word[index] != word[index + 1]
    )


def _swap(word, index):
    return word[:index] + word[index + 1] + word[index] + word[index + 2 :]


# An organisation's abbreviation typed ("NCUSCR", "USCBC") is looked for among its names' initials.
MOST_LETTERS_OF_INITIALS = 8
_NAME_WORD = re.compile(r"[^\W\d_]+")
# A name's parts with initials of their own: "National Council for United States-China Trade
# (US-China Business Council)" is NCUSCT and USCBC; "Yale University, New Haven" is YU.
_NAME_PARTS = re.compile(r"[(),;]")


def name_initials(name):
    """The initials of each part of an organisation's name, of three letters or more: the first letter
    of each capitalised word, a word in capitals whole ("U.S.-China Business Council": USCBC), not
    the small words ("National Committee on U.S.-China Relations": NCUSCR)."""
    for part in _NAME_PARTS.split(name):
        words = [word for word in _NAME_WORD.findall(part) if word[0].isupper()]
        letters = "".join(word if word.isupper() else word[0] for word in words)
        if len(letters) >= 3:
            yield letters


def abbreviated_organisation(typed):
    """The name of the organisation (of most exchanges) whose initials, or an alias's, are `typed`, a
    word in capitals that no record holds ("NCUSCR"; "NCUSCT", the former name of the U.S.-China
    Business Council), or None. One query, on a page that found little."""
    from entities.models import Organisation

    if not (typed.isalpha() and typed.isupper() and 3 <= len(typed) <= MOST_LETTERS_OF_INITIALS):
        return None
    first = typed[0].lower()
    # Each organisation with each of its aliases, one row each; of one found by an alias alone,
    # only the aliases that begin with the letter.
    rows = (
        Organisation.objects.filter(Q(key__startswith=first) | Q(aliases__key__startswith=first))
        .order_by("-exchange_count", "name", "pk")
        .values_list("name", "aliases__name")[:20000]
    )
    return next(
        (name for name, alias in rows if typed in name_initials(name) or typed in name_initials(alias or "")),
        None,
    )


def _is_abbreviation(typed):
    return typed.isalpha() and typed.isupper() and len(typed) <= ABBREVIATION_LENGTH


def _near(word, candidate):
    """Whether `candidate` may correct `word` on both databases alike: SQLite's candidates were
    only of about its length, PostgreSQL's only alike by trigrams, so "duck" became "dick" on
    one (difflib's 0.75, trigrams 0.25) and "Yenching" "Ching" on the other."""
    if candidate == word or abs(len(candidate) - len(word)) > MAX_LENGTH_DIFFERENCE:
        return False
    if len(word) < TWO_LETTERS_OFF_FROM and not _one_letter_off(word, candidate):
        return False
    if _swapped(word, candidate):
        # A swap in the middle of a short word leaves few trigrams in common ("tiawan" and "taiwan"
        # share 3 of 11), though it is the commonest typo there is.
        return True
    one, other = _trigrams(word), _trigrams(candidate)
    return len(one & other) / len(one | other) >= MIN_TRIGRAM_SIMILARITY


def correct_word(model, word):
    """The catalogue's or the entities' word nearest to `word`, or None when none is near enough."""
    vendor = connections[model.objects.db].vendor
    if vendor == "postgresql":
        # The trigram index (exchanges 0005) finds the candidates; % is pg_trgm's similarity operator.
        candidates = list(
            model.objects.extra(
                select={"likeness": "similarity(word, %s)"},
                select_params=[word],
                # Or two letters beside each other swapped after the first (SQLite looks among the words of
                # the same first letter), which trigrams may not find (see _near).
                where=["(word %% %s OR word = ANY(%s))"],
                params=[word, [_swap(word, index) for index in range(1, len(word) - 1)]],
            )
            .order_by("-likeness")
            .values_list("word", flat=True)[:50]
        )
    else:
        # SQLite: words of about the same length that start with the same letter, through the unique index.
        first = word[0]
        candidates = [
            candidate
            for candidate in model.objects.filter(word__gte=first, word__lt=first + "\U0010ffff").values_list(
                "word", flat=True
            )[:20000]
        ]
    candidates += [name_word for name_word in synonyms().words if name_word[:1] == word[:1]]
    # Never a word every exchange implies: a search with other words leaves it out, so "Zhongxun"
    # made "Zhongguo" (China) would quietly drop the word typed.
    implied = implied_words()
    scored = sorted(
        (
            (_likeness(word, candidate), candidate)
            for candidate in set(candidates)
            if _near(word, candidate) and (candidate,) not in implied
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    return scored[0][1] if scored and scored[0][0] >= MIN_LIKENESS else None


def corrected_text(model, text):
    """`text` with each unknown word replaced by its nearest catalogue word: (text, [(typed, correction)]).

    Syllables typed apart that the catalogue writes as one word come first: "Xi Jin Ping",
    "Deng Xiao-ping" and "Zhou En-lai" are "Xi Jinping", "Deng Xiaoping" and "Zhou Enlai"; and a
    word typed for two comes apart ("XiJinping"), as does Chinese typed without spaces ("中美贸易").
    A word in double quotes is never corrected: that is how a reader searches
    for a spelling exactly as typed.
    """
    tokens = [
        match
        for match in _TOKEN.finditer(text)
        if match.group("word") and not match.group("minus") and not match.group("word").endswith("*")
    ]
    runs = _syllable_runs(text, tokens)
    words_to_check = {}
    for match in tokens:
        folded = fold(match.group("word"), query=True).split()
        if len(folded) == 1 and len(folded[0]) >= MIN_CORRECTED_LENGTH and not _CJK.search(folded[0]):
            words_to_check[match] = folded[0]
    # One look in the catalogue's words for all three: the words typed, the syllables joined, and
    # the halves of each word typed, which may be two of them written as one ("XiJinping").
    looked_up = set(words_to_check.values()) | {"".join(parts) for _start, _end, parts in runs}
    looked_up |= {half for word in words_to_check.values() for split in _splits(word) for half in split}
    known = set(model.objects.filter(word__in=looked_up).values_list("word", flat=True))
    replacements = _joined(text, runs, known)
    joined = {position for start, end, _word in replacements for position in range(start, end)}
    known |= synonyms().words | _place_words()
    for match, folded in words_to_check.items():
        if match.start() in joined or folded in known:
            continue
        typed = match.group("word")
        if apart := _split(typed, folded, known):
            replacements.append((match.start(), match.end(), apart))
        elif name := abbreviated_organisation(typed):
            replacements.append((match.start(), match.end(), name))
        elif not _is_abbreviation(typed) and (correction := correct_word(model, folded)):
            replacements.append((match.start(), match.end(), _cased_like(typed, correction)))
    for match in tokens:
        if _CJK.search(match.group("word")) and (apart := _chinese_apart(match.group("word"))):
            replacements.append((match.start(), match.end(), apart))
    pieces, changes, position = [], [], 0
    for start, end, correction in sorted(replacements):
        pieces.append(text[position:start] + correction)
        changes.append((text[start:end], correction))
        position = end
    pieces.append(text[position:])
    return "".join(pieces), changes


@functools.cache
def _place_words():
    """The words of every place the gazetteer knows: a real place no exchange names yet ("Hainan")
    is no misspelling of a catalogue word ("Hanban")."""
    return frozenset(word for key in gazetteer()[1] for word in fold(key).split())


# How many syllables typed apart may make one word ("Xi Jin Ping": two of them).
MAX_JOINED = 3


def _syllable_runs(text, tokens):
    """[(start, end, [folded parts])]: each run of up to MAX_JOINED syllables typed apart, or joined by
    hyphens ("Jin Ping", "Xiao-ping"), that might be one word. Never common words ("in to" is no
    "into"), never words a comma or other mark parts ("Xiao, ping")."""
    runs = []
    for first in range(len(tokens)):
        parts = []
        for last in range(first, min(first + MAX_JOINED, len(tokens))):
            word = tokens[last].group("word")
            if last > first and not text[tokens[last - 1].end() : tokens[last].start()].isspace():
                break  # parted by more than spaces: a comma ("Xiao, ping") or a dash
            if last > first and not (tokens[last - 1].group("word")[-1].isalpha() and word[0].isalpha()):
                break
            folded = fold(word, query=True).split()
            if not folded or any(
                not part.isalpha() or part in STOP_WORDS or _CJK.search(part) for part in folded
            ):
                break
            parts = [*parts, *folded]
            if 1 < len(parts) <= MAX_JOINED:
                runs.append((tokens[first].start(), tokens[last].end(), parts))
    return runs


def _joined(text, runs, known):
    """[(start, end, word)]: the runs the catalogue writes as one `known` word, longest first."""
    joins, taken = [], set()
    for start, end, parts in sorted(runs, key=lambda run: (-len(run[2]), run[0])):
        word = "".join(parts)
        if word in known and not taken & set(range(start, end)):
            joins.append((start, end, _cased_like(text[start:end], word)))
            taken |= set(range(start, end))
    return joins


# A word typed longer than this is not looked at for two words written as one.
MAX_SPLIT_LENGTH = 30


def _splits(word):
    """[(left, right)]: `word` cut in two, each half of two letters or more and no common word."""
    if len(word) > MAX_SPLIT_LENGTH or not word.isalpha():
        return []
    return [
        (word[:cut], word[cut:])
        for cut in range(2, len(word) - 1)
        if word[:cut] not in STOP_WORDS and word[cut:] not in STOP_WORDS
    ]


def _split(typed, folded, known):
    """`typed` as the two `known` words it joins ("XiJinping" is "Xi Jinping", "dengxiaoping" "deng
    xiaoping"), cut where they meet and in the case typed; None when it joins no two. Of several
    cuts, the one whose shorter half is longest."""
    cuts = [left for left, right in _splits(folded) if left in known and right in known]
    if not cuts:
        return None
    cut = len(max(cuts, key=lambda left: min(len(left), len(folded) - len(left))))
    # The letters typed, when folding kept one for one (no accent or mark dropped).
    shown = typed if len(typed) == len(folded) else folded
    return f"{shown[:cut]} {shown[cut:]}"


def _chinese_apart(typed):
    """`typed` with each run of Chinese characters set apart into the spellings the synonyms know
    that it holds, left to right and longest first ("中美贸易" is "中美 贸易", "上海姐妹城市" "上海
    姐妹城市"), the characters between them kept together, and apart from letters typed against
    them; None when that changes nothing. Chinese is written without spaces: as typed, each run
    was one phrase of characters, which a record in English never holds."""
    by_words = synonyms().by_words
    meetings = _meetings_spelt_out(typed)
    typed = meetings or typed
    typed_pieces = re.split(f"({_CJK.pattern})", typed)
    # Letters typed against characters ("Nixon访华") are words of their own, as fold() reads them,
    # not the phrase of both.
    changed = bool(meetings) or any(
        not _CJK.fullmatch(piece) and _PART.search(piece) for piece in typed_pieces
    )
    pieces = []
    for piece in typed_pieces:
        if not _CJK.fullmatch(piece) or len(piece) < 3 or _synonyms_of(by_words, spelling_parts(piece)):
            pieces.append(piece)
            continue
        found, rest, start = [], "", 0
        while start < len(piece):
            end = next(
                (
                    end
                    for end in range(min(len(piece), start + MAX_CHINESE_SPELLING), start + 1, -1)
                    if _synonyms_of(by_words, spelling_parts(piece[start:end]))
                ),
                None,
            )
            if end is None:
                rest += piece[start]
                start += 1
                continue
            found += [rest, piece[start:end]] if rest else [piece[start:end]]
            rest, start = "", end
        found += [rest] if rest else []
        changed = changed or len(found) > 1
        pieces.append(" ".join(found))
    # A number keeps the unit of the date it writes ("2008年北京奥运会" is "2008年 北京 奥运会").
    return _DATE_UNIT_APART.sub("", " ".join(" ".join(pieces).split())) if changed else None


_DATE_UNIT_APART = re.compile(r"(?<=\d)\s+(?=[年月日号號])")

LEADERS_FILE = Path(__file__).with_name("vocabularies") / "leaders.txt"


@functools.cache
def _leaders():
    """{character: leader's name} of the leaders file, and the pattern of a meeting of two of them."""
    names = dict(
        line[:2] for line in _spellings_by_line(LEADERS_FILE.read_text(encoding="utf-8").splitlines())
    )
    characters = re.escape("".join(names))
    # Not 会 that begins another word: 会议 (a conference), 会见 (a call), 会长 (a chairman)…
    return names, re.compile(rf"([{characters}])([{characters}])会(?:晤|谈)?(?![议见长员场所计])")


def _meetings_spelt_out(typed):
    """`typed` with each meeting named by its leaders' characters (习奥会, 習拜會) written out as their
    names and 会晤 ("习近平 奥巴马 会晤"), or None when it names none."""
    names, meeting = _leaders()
    simplified = _to_simplified().convert(typed)
    if len(simplified) != len(typed) or not meeting.search(simplified):
        return None

    def spelt_out(match):
        first, second = match.group(1), match.group(2)
        # Not two that begin a name of their own: 卡特会晤 is Carter's meeting, not Carter's and Trump's.
        if first == second or names[first].startswith(first + second):
            return match.group(0)
        return f" {names[first]} {names[second]} 会晤 "

    spelt = meeting.sub(spelt_out, simplified)
    return " ".join(spelt.split()) if spelt != simplified else None


# The longest Chinese spelling looked for inside a run typed (中美战略与经济对话 has nine characters).
MAX_CHINESE_SPELLING = 12


def _cased_like(typed, word):
    """The catalogue's word (lower case) in the case the reader typed: "Enlia" → "Enlai"."""
    if len(typed) > 1 and typed.isupper():
        return word.upper()
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word


# ---------------------------------------------------------------------------
# Dates in the query: "Nixon 1972", "June 2023", "Obama 2009-2016", "1970s".

_MONTH_NAMES = "|".join(sorted((re.escape(name) for name in MONTHS), key=len, reverse=True))
_YEAR = r"(?:1[89]\d\d|20\d\d)"
# A tilde between two years too, as East Asian writers mark a span ("1972~1979"); "~1979" alone is
# "about 1979".
_RANGE = r"(?:\s*[–—]\s*|-|\s+-\s+|[~～]|\s+[~～]\s+|\s+(?:to|until|through|thru)\s+)"
# "About" before the date, as the date filters read it ("abt. 1972", "c. 1972", "c1972", "~1972"),
# but not the abbreviations that are also words of a search: "CA" and "Cal" (California, its
# university) without a dot, "est", "cal"; nor the last of dotted initials ("D.C. 1972").
_ABOUT = (
    r"(?:about|around|approximately|approx\.?|circa|circ\.|abt\.?|cca\.?|c\.\s?a\.|ca\.|c\.|c(?=\d)|[~≈])"
)
# A quarter before its year ("Q1 1972", "1Q 1972", "first quarter of 1972"); after it ("1972 Q1").
# Or a half of a year ("H1 1972", "first half of 1972"), as the date filters read it too.
_QUARTER = (
    r"(?:[QH]\d|[1-4]Q|(?:first|second|third|fourth|1st|2nd|3rd|4th)\s+(?:quarter|qtr\.?|half)(?:\s+of)?)"
)
# Either of two dates ("1972 or 1973", "March or April 1972"): in small letters, since OR in
# capitals is the search's own "either word".
_OR = r"\s+(?-i:or)\s+"
# Two periods joined by "and" ("1972 and 1973", "February and March 1972"): the span of both when
# the second follows the first, as the date filters read it; two apart ("1972 and 1975") are a
# mistake they name. Only a year in full after it: "1972 and 50 delegates" is 1972 and words.
_AND = r"(?:\s+and\s+|\s*&\s*)"
_OR_AND = rf"(?:{_OR}|{_AND})"
# Or a list of them, each following the one before ("1971, 1972 and 1973", "February, March and April
# 1972"), perhaps with a comma before its "and" ("1971, 1972, and 1973"), as the date filters read it.
_LIST = r"\s*[,，、]\s*"
_LAST_AND = rf"(?:,?{_AND})"


# At most a year's months listed: each date of the search tries the rest of a list, and a search of
# a thousand years in a row is no list to read.
_MOST_LISTED = 12


def _listed(item):
    """A pattern for `item`s joined by "and", perhaps listed before it: "A and B", "A, B and C"."""
    return rf"(?:(?:{_LIST}|{_LAST_AND}){item}){{0,{_MOST_LISTED - 2}}}{_LAST_AND}{item}"


# A year after "and" may leave out its century when an apostrophe says it is a year ("1972 and
# '73"). Two digits alone are more likely a count ("1972 and 50 delegates"): a year only when they end
# the search or its clause ("Nixon 1972 and 73") and give the year after (see _read_at).
_LISTED_YEAR = rf"(?:{_YEAR}|['’]\d\d)"
# A year of two digits an apostrophe marks as one ("Nixon '72", "September '15"), as readers type
# it; the date filters ask for the century, but a search reads it by the catalogue's span, whose
# exchanges begin after 1949: '50 to '99 are 1950–1999, '00 to '49 2000–2049. Not "'70s", a decade.
_MARKED_YEAR = r"['’]\d\d(?![\d'’]|s\b)"
_MARKED_YEAR_ALONE = re.compile(rf"(?<![\w'’]){_MARKED_YEAR}", re.IGNORECASE)
PIVOT_YEAR = 50


def with_full_years(date_text):
    """`date_text` with each year its apostrophe marks as one, or a month's or a day's in two digits,
    written in full: "Sept '72" is "Sept 1972", "1/79" "1/1979", "1/1/79" "1/1/1979"."""

    def year_of(two):
        return str((1900 if int(two) >= PIVOT_YEAR else 2000) + int(two))

    def month_in_full(match):
        return f"{match.group(1)}/{year_of(match.group(2))}"

    date_text = _SHORT_MONTH_AND_YEAR.sub(month_in_full, date_text)
    date_text = _SHORT_DAY_AND_YEAR.sub(month_in_full, date_text)
    date_text = _MONTH_NAME_AND_YEAR.sub(lambda match: year_of(match.group(0)), date_text)
    return _MARKED_YEAR_ALONE.sub(lambda match: year_of(match.group(0)[1:]), date_text)


_SHORT_YEAR_AFTER_AND = rf"{_AND}(?P<short>\d\d)(?=\s*$|[,;:!?)])"
_MONTH_NUMBER = r"(?:1[0-2]|0?[1-9])"
# A month's year in two digits after its number, as readers write it ("Deng 1/79", "Xi 9/00"), read
# by the catalogue's span as a marked year is; but not two digits that may be the month's day
# ("Nixon 2/21", "Xi 9/15"), which stay words, as a day without its year.
_SHORT_YEAR_AFTER_MONTH = r"(?:3[2-9]|[4-9]\d|00)(?![\d/.])"
_SHORT_MONTH_AND_YEAR = re.compile(rf"(?<![\d/.])({_MONTH_NUMBER})/({_SHORT_YEAR_AFTER_MONTH})")
# Two digits after a month's name that can be no day of it are its year ("July 71"), by the span.
_YEAR_NO_DAY = r"(?:3[2-9]|[4-9]\d)(?![\d/.'’]|s\b)"
_MONTH_NAME_AND_YEAR = re.compile(rf"(?:(?<=[^\W\d_]\s)|(?<=[^\W\d_]\.\s)){_YEAR_NO_DAY}")
_SHORT_DAY_AND_YEAR = re.compile(r"(?<![\d/.])([0-3]?\d/[0-3]?\d)/(\d\d)(?![\d/.])")
_DECADE = rf"(?:{_YEAR}|['’]?\d0)['’]?s"
_MONTH = rf"(?:{_MONTH_NAMES})"
# "pre-1980", "post-2020": a date joined to the word that leaves one end of it open (see _OPEN_END).
_AFTER_PRE_OR_POST = r"(?<=\bpre-)|(?<=\bpost-)"
# A season or a part of a decade, year or month before it ("spring 1972", "mid-1970s", "late March
# 1972"), which the date filters refuse with the span it likely covers: the search reads it as that
# span, about, where it searched "spring" and "early" as words beside the year; "winter", which
# straddles two years, as the one that begins in the year's December.
_ROUGHLY = r"(?:spring|summer|autumn|fall|winter|early|mid|middle|late)(?:\s+of)?(?:\s+|-)"
_ROUGH_WORD = re.compile(_ROUGHLY, re.IGNORECASE)
_DATE_IN_QUERY = re.compile(
    rf"(?:{_AFTER_PRE_OR_POST}|(?<![\w\-\"*]))(?:(?<!\.){_ABOUT}\s*)?(?:{_QUARTER}(?:\s+|\s*[-/]\s*)|{_ROUGHLY})?"
    rf"(?:(?P<month>{_MONTH_NAMES})(?:{_OR}(?:{_MONTH_NAMES})|{_listed(_MONTH)})?\s+)?"
    # A decade of the last century without its century ("the '70s", "70s"), as the date filters read it.
    # A month in numbers, its year first or last ("9/2015", "2.1972", "2015/09", "2015.9"), as the
    # filters read it, or its year in two digits after a slash ("1/79"; see _SHORT_YEAR_AFTER_MONTH).
    rf"(?:(?:[01]?\d/|{_MONTH_NUMBER}\.)?(?P<year>{_YEAR}|{_MARKED_YEAR}|(?<=/){_SHORT_YEAR_AFTER_MONTH}"
    # After a month's name, two digits that can be no day ("Kissinger July 71").
    rf"|(?(month){_YEAR_NO_DAY}|(?!)))"
    # A range of years, as the date filters read them ("2009-2016", "2014–15", "2009 to 2016"), or a
    # decade ("1970s", "1970's", or with the curly apostrophe word processors type, "1970’s").
    # Without it, "2009-2016" was 2009 and the exclusion "-2016", and "1970s" a word found nowhere.
    # Or a span of decades, as the date filters read it ("1970s-80s", "1970s to 1980s"); or the
    # second of two years ("1972 or 73", "1972 and 1973", "1970s and 1980s"); or a quarter or a half
    # after its year ("1972 Q1", "1972-H1").
    rf"(?:{_RANGE}(?:{_YEAR}|\d\d|{_MARKED_YEAR})|['’]?s(?:{_RANGE}{_DECADE}|{_listed(_DECADE)})?"
    rf"|{_OR}(?:{_YEAR}|\d\d)|{_listed(_LISTED_YEAR)}|{_SHORT_YEAR_AFTER_AND}|(?:\s+|-)?[QH]\d"
    r"|[/.][01]?\d(?![\d.]))?"
    rf"|['’]?[3-9]0['’]?s|{DECADE_WORDS})"
    # Not a year joined by a dash to a word ("2008-Olympics"), whose "-Olympics" is no exclusion.
    r"(?![\w*]|[-–—]\w)",
    re.IGNORECASE,
)


# A day, or a span of days, with its year: "February 21, 1972", "21 February 1972", "Feb 21-28,
# 1972", "21–28 February 1972", "1972-02-21", "2/21/1972", "2/21-2/28/1972", "1972.2.21-28",
# "21.02.1972". Read apart, its month and year were the date and its day a word found nowhere, so
# that "Nixon February 21, 1972" found nothing. A day standing before a month ("11 July 1969") is
# read as the day, as the date filters read it; the page says what it searched as a date.
_ORDINAL = r"(?:st|nd|rd|th)?"
_DAY = rf"[0-3]?\d{_ORDINAL}"
_DAYS_TO = r"(?:\s*[-–—]\s*|\s+(?:to|until|through|thru)\s+)"
# Two days joined by "and" ("February 21 and 22, 1972"), as the date filters read them, or a list
# ("February 21, 22 and 23, 1972").
_DAYS_TO_OR_AND = rf"(?:{_DAYS_TO}|{_AND})"
_MONTH_AND_DAY = rf"(?:{_MONTH}\s+)?{_DAY}"
# "21st of February 1972", as the date filters read it too.
_OF_MONTH = rf"(?:\s+of)?\s+{_MONTH}"
# A whole day, its year written: either end of a span that writes both in full ("2/21/1972-2/28/1972",
# "1972-02-21 to 1972-02-28", "21.02.1972-28.02.1972"), whose second day was searched as words.
_WHOLE_DAY = (
    rf"(?:{_MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}{_OF_MONTH},?\s+{_YEAR}|{_YEAR}-[01]?\d-[0-3]?\d"
    rf"|{_YEAR}/[01]?\d/[0-3]?\d|{_YEAR}\.\s?[01]?\d\.\s?[0-3]?\d|[0-3]?\d/[0-3]?\d/{_YEAR}"
    rf"|[0-3]?\d\.[01]?\d\.{_YEAR})"
)
_NAMED_YEAR = rf"(?:{_YEAR}|{_MARKED_YEAR})"
_DAY_IN_QUERY = re.compile(
    rf"(?:{_AFTER_PRE_OR_POST}|(?<![\w\-\"*./]))(?:(?<!\.){_ABOUT}\s*)?(?:"
    rf"{_WHOLE_DAY}{_DAYS_TO}{_WHOLE_DAY}"
    # The year may be one an apostrophe marks ("Feb. 21 '72", "21 Feb '72"), as with a month.
    rf"|{_MONTH}\s+{_DAY}(?:{_DAYS_TO}(?:{_MONTH}\s+)?{_DAY}|{_listed(_MONTH_AND_DAY)})?,?\s+{_NAMED_YEAR}"
    rf"|{_DAY}(?:(?:{_OF_MONTH})?{_DAYS_TO_OR_AND}{_DAY}|{_listed(_DAY)})?{_OF_MONTH},?\s+{_NAMED_YEAR}"
    # An ISO day, perhaps with the last day of a span ("1972-02-21-28").
    rf"|{_YEAR}-[01]?\d-[0-3]?\d(?:-[0-3]?\d)?"
    rf"|[01]?\d/[0-3]?\d(?:\s*[-–—]\s*[01]?\d/[0-3]?\d)?/{_YEAR}|[0-3]?\d/[01]?\d/{_YEAR}"
    # A day in numbers with its year in two digits ("Carter 1/1/79"), read by the catalogue's span.
    r"|[0-3]?\d/[0-3]?\d/\d\d"
    rf"|{_YEAR}([./])[01]?\d\1[0-3]?\d(?:-[0-3]?\d(?:\1[0-3]?\d)?)?"
    rf"|[0-3]?\d\.[01]?\d\.{_YEAR}"
    # A day written year first with a space after each dot, as Korean, Chinese and Japanese writers
    # type it ("1972. 2. 21"), perhaps with the last day of a span; not a year and a number after a
    # full stop ("1972. 2 visits").
    rf"|{_YEAR}\.\s[01]?\d\.\s?[0-3]?\d(?:-[0-3]?\d)?"
    r")(?![\w*]|[-–—/]\w|\.\d)",
    re.IGNORECASE,
)

# The same written as Chinese writes it: a year with 年, perhaps its month and day (2015年9月22日), a
# third of a month or half of a year (9月下旬, 上半年), a span (2009年至2016年, 2015年9月22日至25日), a
# decade (1970年代, 70年代, 20世纪70年代) or a span of them (70年代至80年代). Chinese characters may
# stand right beside it ("尼克松1972年访华"), as Chinese is written without spaces; other letters and
# digits may not. What it means is
# parse_period's to say, as for a date typed into the filters.
_NOT_CJK_WORD = rf"[^\W{CHINESE_CHARACTERS}]"
# The year, month and day may be written in Chinese numerals (一九七二年二月二十一日, 二〇一五年九月,
# 元月: January), a decade too (八十年代, 二十世纪八十年代, 上世纪八十年代).
_CHINESE_YEAR = rf"(?:{_YEAR}|[一二][〇○零一二三四五六七八九]{{3}}(?=\s*年))"
_CHINESE_MONTH_NUMBER = r"(?:[01]?\d|十[一二]?|[一二三四五六七八九元])"
_CHINESE_DAY_NUMBER = r"(?:[0-3]?\d|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CHINESE_XUN = r"(?:上中|中下|[上中下])旬"  # a third of a month, or two (中下旬)
# Traditional characters too, as Taiwan and Hong Kong write dates (1972年2月21號, 約1972年, 二十世紀).
_CHINESE_MONTH = rf"{_CHINESE_MONTH_NUMBER}\s*月份?(?:\s*{_CHINESE_DAY_NUMBER}\s*[日号號]|\s*{_CHINESE_XUN})?"
_CHINESE_DAY = rf"(?:{_CHINESE_MONTH}|{_CHINESE_DAY_NUMBER}\s*[日号號])"
_CHINESE_DECADE = r"(?:\d\d\s*世[纪紀]\s*\d0|(?:(?:二十\s*世[纪紀]|上世[纪紀])\s*)?[三四五六七八九]十)"
# A year of the Republic of China, as Taiwan dates documents (民國61年: 1972; 民国元年, its first: 1912);
# the end of a span from one is one too (民國61年至62年).
_ROC = r"(?:中[华華])?民[国國]\s*"
_ROC_YEAR = r"(?:\d{1,3}|元|[一二三四五六七八九十]{1,3})(?=\s*年)"
# A quarter (第一季度, 一季度), and "about" before (约) or after (左右, 前后) the date; 约 only where it
# starts a word, not the end of one (条约, a treaty).
_CHINESE_QUARTER = r"(?:第\s*[一二三四五六七八九\d]\s*季度?|[一二三四五六七八九\d]\s*季度)"
# A season after a year (1972年春, 1979年冬天, 1972年秋季), as the date filters read it: not the festival,
# gala, travel rush or Games that begin with one (2020年春节, 春晚, 春运, 2022年冬奥会).
_CHINESE_SEASON = r"[春夏秋冬](?![节節晚运運奥奧残殘])[季天]?"
# The early, middle or late years of a decade (90年代初, 1970年代中期, 80年代末), as the date
# filters read them.
_CHINESE_DECADE_PART = r"(?:[初中末早晚后後]期|[初末](?![次步]))"
# Either of two (1972年或1973年), or both (1972年和1973年), as the date filters read them; or a list
# (1972年、1973年和1974年, 1972、1973和1974年: the years before the last may leave out 年).
_CHINESE_SPAN = r"\s*(?:[至到~～]|或者?|[-–—]{1,2}|[和与與及])\s*"
_CHINESE_AND = r"\s*[和与與及]\s*"
_CHINESE_END_YEAR = rf"(?(roc)(?:{_ROC})?{_ROC_YEAR}|{_CHINESE_YEAR})"
_CHINESE_END = (
    rf"(?:{_CHINESE_END_YEAR}\s*年(?:\s*{_CHINESE_QUARTER}|\s*{_CHINESE_MONTH})?"
    rf"|{_CHINESE_QUARTER}|{_CHINESE_DAY})"
)
_CHINESE_LISTED = (
    rf"(?:{_CHINESE_END_YEAR}(?:\s*年(?:\s*{_CHINESE_QUARTER}|\s*{_CHINESE_MONTH})?)?"
    rf"|{_CHINESE_QUARTER}|{_CHINESE_DAY})"
)
# The word after a Chinese date that leaves its other end open, as "before" and "since" do before an
# English one (1980年以前, 1980年前, 2020年以来, 1979年之后); not 前 or 后 that begin a word (1980年前往,
# went in 1980; 后来, later).
_CHINESE_OPEN_END = r"[以之][前后後]|以[来來]|前(?![往去来來夕])|[后後](?![来來])"
_CHINESE_OPEN_WORDS = {"以前": "before", "之前": "before", "前": "before", "以来": "since", "以來": "since"}
_CHINESE_DATE_IN_QUERY = re.compile(
    rf"(?<!{_NOT_CJK_WORD}|[\-\"*])(?:(?<![{CHINESE_CHARACTERS}])(?:大[约約]|大概|[约約])\s*)?"
    # A month before its year in Western order, as calendars set in Chinese show it ("9月 2015").
    rf"(?:(?P<month_first>{_CHINESE_MONTH}\s+{_YEAR}(?:\s*年)?)"
    rf"|(?P<decade>(?:{_YEAR}|[3-9]0|{_CHINESE_DECADE})\s*年代"
    rf"(?:{_CHINESE_SPAN}(?:{_YEAR}|\d0|[三四五六七八九]十)\s*年代|{_CHINESE_DECADE_PART})?)"
    # A Western year marked as the Republic's (民国2000年) too, which the date filters refuse.
    rf"|(?P<start>(?:(?P<roc>{_ROC})(?:{_ROC_YEAR}|\d{{4}}(?=\s*年))|{_CHINESE_YEAR})"
    rf"(?:\s*年(?:\s*[上下]半年|\s*{_CHINESE_QUARTER}|\s*{_CHINESE_MONTH}|{_CHINESE_SEASON})?)?)"
    rf"(?:(?:{_LIST}{_CHINESE_LISTED}){{1,{_MOST_LISTED - 2}}}{_CHINESE_AND}{_CHINESE_END}"
    rf"|{_CHINESE_SPAN}{_CHINESE_END})?)"
    rf"(?:\s*(?:左右|前[后後])|\s*(?P<open>{_CHINESE_OPEN_END}))?"
    rf"(?!{_NOT_CJK_WORD}|[*]|[-–—]\w)"
)
# A word before a date that leaves its other end open: "before 1980" is every day until the end of
# 1979, "after 2020" every day from 2021, "since 2020" and "until 1980" include the year.
_OPEN_END = re.compile(r"(?:^|(?<=\s))(?P<word>before|after|since|until|till|pre-|post-)\s*$", re.IGNORECASE)
_EARLIEST_DAY, _LATEST_DAY = datetime.date(EARLIEST_YEAR, 1, 1), datetime.date(LATEST_YEAR, 12, 31)
# "Between" before two dates joined by "and".
_BETWEEN = re.compile(r"(?<![\w\-\"*])between\s+$", re.IGNORECASE)
# A year named by its distance from today, as readers type it ("Xi last year", "this year", "the
# year before last", 去年, 今年, 前年): the calendar year counted back from today's date, which the
# page names ("Searching “last year” as a date: 2025."), so that the search shown can be cited and
# means the same next year. Each was searched as words ("last", "year") or found nothing (去年).
# Not 去年底 or 今年初, a part of the year, nor 2015年前年.
_YEARS_AGO = {"this": 0, "current": 0, "last": 1, "previous": 1, "the": 2, "今": 0, "去": 1, "前": 2}
_RELATIVE_YEAR = re.compile(
    r"(?<![\w\-\"*])(?P<word>(?:this|current|last|previous)\s+year|the\s+year\s+before\s+last)(?![\w*]|-\w)"
    r"|(?<![\d〇○零一二三四五六七八九十年])(?P<chinese>[今去前])年(?![初底末中代度级級])",
    re.IGNORECASE,
)


def _relative_year(match):
    """The Period of the year `match` (_RELATIVE_YEAR) names, counted from today."""
    word = match.group("chinese") or match.group("word").split()[0].lower()
    return Period(datetime.date(timezone.localdate().year - _YEARS_AGO[word], 1, 1), YEAR)


# Full-width digits (１９７２), as Chinese input methods type them, read as digits; one character
# for one, so that the text around a date keeps its place.
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


# A number after a capitalised word, before a month and its year ("Apollo 11 July 1969", "Shenzhou 5
# October 2003"), may end a name as well as be a day: names of missions, craft, summits and the like
# end in numbers. Not after a word that leads to a date ("On 11 July 1969", "Sunday 20 July 1969"), nor
# a number written as a day ("11th July 1969", "11-12 July 1969").
_NUMBER_BEFORE_A_MONTH = re.compile(rf"\d{{1,2}}\s+(?P<month>{_MONTH},?\s+{_YEAR})", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"(?:^|(?<=\s))(?P<word>[^\W\d_][\w'’.\-]*)\s+$")
_LEADS_TO_A_DATE = FILLER | {
    *("from", "since", "until", "till", "to", "through", "by", "before", "after", "between"),
    *("and", "or", "about", "around", "approximately", "circa", "dated", "date", "day"),
}


def split_date(text):
    """(the text without its date, the Period, the date as typed, "") or (text, None, "", "").

    Only a year (1800–2099), a month name and a year, a day or a span of days with its year
    ("February 21, 1972", "1972-02-21", "2/21-2/28/1972"), a range of years or a decade, standing apart
    and outside quotes, is read as a date, perhaps with "about", a quarter or a second year or month
    it may be ("abt. 1972", "Q1 1972", "1972 or 1973"), or the ones that follow it ("1972 and 1973",
    "1971, 1972 and 1973"), or the same written in Chinese (1972年, 2015年9月, 70年代, 约1972年,
    1972年第一季度, 民國61年); the first one found. A date with a mistake the date filters would name
    ("1980s-70s" ends before it begins, "1972 and 1975" do not follow one another) is (the text without
    it, None, the date as typed, the mistake): it is no date to search, and no words either.
    """
    return next(date_readings(text), (text, None, "", ""))


def date_readings(text):
    """split_date's readings of the first date in `text`, the likelier first: one, or two when a number
    may end the name before it or be a day ("Apollo 11 July 1969": "Apollo 11" in July 1969, then
    "Apollo" on July 11, 1969). None when the text names no date."""
    digits = text.translate(_FULL_WIDTH_DIGITS)
    chinese = [
        match
        for match in _CHINESE_DATE_IN_QUERY.finditer(digits)
        if CHINESE_DATE_WORDS.search(match.group(0))
    ]
    # The first date in the text; of two beginning at one place, the longer ("February 21, 1972"
    # before "February 1972" would be).
    matches = sorted(
        [
            *chinese,
            *_DAY_IN_QUERY.finditer(digits),
            *_DATE_IN_QUERY.finditer(digits),
            *_RELATIVE_YEAR.finditer(digits),
        ],
        key=lambda match: (match.start(), -match.end()),
    )
    for match in matches:
        reading = _read_at(text, match)
        if reading is None:
            continue
        if reading[1] is not None and _may_end_a_name(text, match):
            named = _NUMBER_BEFORE_A_MONTH.fullmatch(text, match.start(), match.end())
            yield _apart(text, named.start("month"), match.end(), parse_period(named.group("month")))
        yield reading
        return


def _may_end_a_name(text, match):
    """Whether the date `match` found is a number and a month with its year ("11 July 1969") right
    after a capitalised word that does not lead to a date ("Apollo", not "On" or "Sunday")."""
    named = _NUMBER_BEFORE_A_MONTH.fullmatch(text, match.start(), match.end())
    word = _WORD_BEFORE.search(text, 0, match.start())
    if not (named and word and word.group("word")[0].isupper()):
        return False
    if word.group("word").lower().rstrip(".") in _LEADS_TO_A_DATE:
        return False
    try:
        parse_period(named.group("month"))
    except DateNotUnderstood:
        return False
    return True


def _read_at(text, match):
    """split_date's reading of the date `match` found in `text`, or None when it is no date."""
    start, end = match.start(), match.end()
    if text[:start].count('"') % 2:
        return None  # inside a quoted phrase
    if match.re is _RELATIVE_YEAR:
        return _open_ended(text, start, end, _relative_year(match))
    between = _BETWEEN.search(text, 0, start)
    if between and re.search(_AND, text[start:end]):
        # "between 1972 and 1975" is the span between, as the date filters read it: no two years
        # apart, which "1972 and 1975" alone is.
        start = between.start()
    open_word = match.re is _CHINESE_DATE_IN_QUERY and match.group("open")
    date_end = match.start("open") if open_word else end
    try:
        return _open_ended(text, start, end, parse_period(with_full_years(text[start:date_end])), open_word)
    except RoughDate as error:
        if error.likely:
            return _open_ended(text, start, end, error.likely, open_word)
        # One with no span to offer ("early 1972-75") is read without its rough word, as it was.
        rough = _ROUGH_WORD.match(text, start)
        after = rough and _DATE_IN_QUERY.match(text, rough.end())
        return _read_at(text, after) if after else None
    except DateNotUnderstood as error:
        # "1972 and 75": two digits that are not the year after are a count, not a year apart.
        short = match.re is _DATE_IN_QUERY and match.group("short") and isinstance(error, DatesApart)
        if names_a_mistake(error) and not short:
            mistake = error.in_a_search() if isinstance(error, DatesApart) else str(error)
            return (*_apart(text, start, end, None)[:3], mistake)
        # "2009 to 16", "2009年至16": the first date alone, when it stands apart ("1972s" does not).
        if match.re is _DAY_IN_QUERY:
            return None
        end = match.end("year") if match.re is _DATE_IN_QUERY else match.end("start")
        start = match.start()
        if end < 0 or not (text[end : end + 1].isspace() or _CJK.match(text, end)):
            return None
        try:
            return _apart(text, start, end, parse_period(with_full_years(text[start:end])))
        except DateNotUnderstood:
            return None


def _open_ended(text, start, end, period, chinese_word=""):
    """_apart's reading of the date text[start:end], with its other end left open when a word before
    it says so ("before 1980", "post-2020"), which the search was: it searched 1980 alone, the
    common word "before" left out; or, in Chinese, the word after it that ends text[start:end]
    (1980年以前, 2020年以来), which the search read as a word beside the year and found nothing."""
    if chinese_word:
        word_typed = _CHINESE_OPEN_WORDS.get(chinese_word, "after")
    elif (word := _OPEN_END.search(text, 0, start)) is not None:
        word_typed, start = word.group("word").lower(), word.start()
    else:
        # "-post-2020" leaves out a word, as "-2020" does: no date.
        return None if text[:start].endswith("-") else _apart(text, start, end, period)
    one_day = datetime.timedelta(days=1)
    if word_typed in ("before", "pre-"):
        period = Period(_EARLIEST_DAY, DAY, period.first - one_day)
    elif word_typed in ("after", "post-"):
        period = Period(period.last + one_day, DAY, _LATEST_DAY)
    elif word_typed == "since":
        period = Period(period.first, DAY, _LATEST_DAY)
    else:  # until, till
        period = Period(_EARLIEST_DAY, DAY, period.last)
    return _apart(text, start, end, period)


def _is_rough(typed_date):
    """Whether a date read out of a search is a rough one ("spring 1972"), searched as its likely span."""
    try:
        parse_period(typed_date)
    except RoughDate:
        return True
    except DateNotUnderstood:
        pass
    return False


def _apart(text, start, end, period):
    """(the text without text[start:end], `period`, text[start:end], "")."""
    return " ".join((text[:start] + " " + text[end:]).split()), period, text[start:end], ""


# ---------------------------------------------------------------------------
# Snippets: a few sentences' worth of the summary around the words found.

SNIPPET_WORDS = 30


def _matches(word, query_parts):
    """Whether a folded word of the text is one the query found (stems compared loosely, like the indexes)."""
    for part, prefix in query_parts:
        if word == part or (prefix and word.startswith(part)):
            return True
        stem = part[: max(4, len(part) - 2)]
        if len(part) >= 4 and word.startswith(stem) and len(word) - len(stem) <= 4:
            return True
    return False


def snippet(text, query):
    """Some `text` around the first words `query` finds, HTML-escaped, the words found in <mark>.

    Safe to render as it is: every piece of the text is escaped, and only the
    <mark> tags added here are markup. Chinese runs are matched by the characters typed.
    """
    if not text or not query:
        return ""
    # Not the words no index keeps ("of" in "People's Republic of China", a synonym of "China"):
    # marked on their own they would light up every "of" of the text.
    terms = [
        (tuple(part for part in term.parts if part not in STOP_WORDS), term.prefix)
        for group in query.groups
        for term in group
    ]
    query_parts = {(parts[0], prefix) for parts, prefix in terms if len(parts) == 1}
    # A phrase's words are marked only where they stand together, as the phrase was found: "sister
    # city" marked the "City" of "City Hall" too.
    phrases = {(parts, prefix) for parts, prefix in terms if len(parts) > 1}
    chinese = [
        " ".join(term.text.split()) for group in query.groups for term in group if _CJK.search(term.text)
    ]
    tokens = list(re.finditer(r"[^\W_]+(?:['’.\-][^\W_]+)*", text))
    marked = set()
    words_read = []  # (the token's index, a folded word of it) for every word no index leaves out
    simplified = _to_simplified().convert(text) if _CJK.search(text) else text
    for index, token in enumerate(tokens):
        if _CJK.search(token.group()):
            for phrase in chinese:
                found_in = simplified[token.start() : token.end()]
                for found in re.finditer(re.escape(_to_simplified().convert(phrase)), found_in):
                    marked.add((token.start() + found.start(), token.start() + found.end()))
            continue
        words = fold(token.group(), query=True).split()
        if words and any(_matches(word, query_parts) for word in words):
            marked.add((token.start(), token.end()))
        words_read += [(index, word) for word in words if word not in STOP_WORDS]
    for parts, prefix in phrases:
        for start in range(len(words_read) - len(parts) + 1):
            run = words_read[start : start + len(parts)]
            if all(
                _matches(word, {(part, prefix and last)})
                for (_index, word), part, last in zip(
                    run, parts, [False] * (len(parts) - 1) + [True], strict=True
                )
            ):
                marked |= {(tokens[index].start(), tokens[index].end()) for index, _word in run}
    if not marked:
        return ""
    marked = sorted(marked)
    first_index = next(i for i, token in enumerate(tokens) if token.end() > marked[0][0])
    start_index = max(0, first_index - SNIPPET_WORDS // 3)
    end_index = min(len(tokens), start_index + SNIPPET_WORDS)
    start = 0 if start_index == 0 else tokens[start_index].start()
    end = len(text) if end_index == len(tokens) else tokens[end_index - 1].end()
    pieces, position = ["…" if start else ""], start
    for mark_start, mark_end in marked:
        if mark_start < position or mark_end > end:
            continue
        pieces += [
            html.escape(text[position:mark_start]),
            "<mark>",
            html.escape(text[mark_start:mark_end]),
            "</mark>",
        ]
        position = mark_end
    pieces += [html.escape(text[position:end]), "…" if end < len(text) else ""]
    return "".join(pieces)


# ---------------------------------------------------------------------------
# What the catalogue does with a reader's search: read a date out of it, and
# correct its spelling when it finds little. Decided once per page (the facet
# counts reuse the plan) in at most four small queries.

# Fewer results than this and the page suggests a correction.
FEW_RESULTS = 3


@dataclass(frozen=True)
class Notice:
    """A sentence for the reader about how the search was read, with a search to run instead."""

    message: str
    link_label: str = ""
    link_query: str = ""
    # More searches offered after it: ((label, the search, or "" for none, what it finds), …).
    links: tuple = ()


@dataclass(frozen=True)
class SearchPlan:
    text: str
    period: object = None
    notices: tuple = ()
    # What the reader typed, with its corrections when it was searched corrected ("Showing results
    # for"): the search the page names. None when searched as typed.
    corrected: str | None = None
    # {database: the Query}, its prefixes looked up once among the catalogue's words for the
    # page's several searches (the rows, the counts, the rank).
    spelled: dict = field(default_factory=dict, compare=False, repr=False)

    def apply(self, queryset, ranked=True):
        if self.period is not None:
            queryset = queryset.on_or_after(self.period.first).on_or_before(self.period.last)
        if self.text:
            return queryset.search(self._spelled(queryset.db), ranked=ranked)
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))

    def rank(self, queryset):
        """`queryset`, exchanges this search already found, ranked (see rank_matches)."""
        if self.text:
            return rank_matches(queryset, self._spelled(queryset.db))
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))

    def _spelled(self, using):
        if using not in self.spelled:
            self.spelled[using] = with_whole_words(parse(self.text), using)
        return self.spelled[using]

    @property
    def query(self):
        return parse(self.text) if self.text else Query()

    @property
    def searches(self):
        """Whether anything is left to search for: a search of nothing but a date it could not use
        ("80年代至70年代") lists the catalogue as a date filter left out does, matching nothing typed."""
        return bool(self.text or self.period)


def plan_search(queryset, text):
    """How to search `queryset` for what a reader typed: with a date narrowing it, corrected, or as typed."""
    from django.apps import apps

    plan, notices = _read_date(queryset, text)
    if plan.text and parse(plan.text).groups:
        found = len(plan.apply(queryset).order_by().values_list("pk", flat=True)[:FEW_RESULTS])
        nothing_found = found == 0
        if found < FEW_RESULTS:
            _corrected, changes = corrected_text(apps.get_model("exchanges", "SearchWord"), plan.text)
            if changes:
                # The whole search as typed, with the corrections, or with the corrected words
                # quoted (a quoted word is never corrected).
                whole, as_typed = text, text
                for typed, correction in changes:
                    whole = re.sub(rf"(?<![\w\"]){re.escape(typed)}(?![\w\"])", correction, whole, count=1)
                    as_typed = re.sub(
                        rf"(?<![\w\"]){re.escape(typed)}(?![\w\"])", f'"{typed}"', as_typed, count=1
                    )
                corrected_plan, corrected_notices = _shown_instead(queryset, whole, text, as_typed)
                # A correction is offered only when it finds something: "Camp David", in a
                # catalogue without it, is not "campus David" either.
                corrected_finds = corrected_plan.apply(queryset).exists()
                if not found and corrected_finds:
                    plan, nothing_found, notices = corrected_plan, False, corrected_notices
                elif corrected_finds:
                    notices.append(Notice(_("Did you mean:"), whole, whole))
        if nothing_found and (apart := words_apart(text)) != text:
            # "Xi-Biden summit", as news names a meeting: no record writes the two names side by
            # side, so the phrase "xi biden" finds nothing; the words apart may.
            apart_plan, apart_notices = _shown_instead(queryset, apart, text, words_apart(text, apart=False))
            if apart_plan.apply(queryset).exists():
                plan, nothing_found, notices = apart_plan, False, apart_notices
        if nothing_found and (plain := without_question_words(text)):
            # "Nixon went to China": the records say "visit", and the verb of the question found
            # nothing beside the names.
            plain_plan, plain_notices = _shown_instead(queryset, plain[0], text, plain[1])
            if plain_plan.apply(queryset).exists():
                plan, nothing_found, notices = plain_plan, False, plain_notices
        if nothing_found and (vague := _VAGUE_TIME.search(text)):
            # "recent", 最近: no period a reader could cite, so none is guessed; the page says so.
            notices.append(
                Notice(
                    _(
                        "“%(word)s” names no period, so it was not read as a date: sort by date to see"
                        " the newest first, or choose the years with the date filter."
                    )
                    % {"word": vague.group(0)}
                )
            )
        if nothing_found:
            loosened = any_of_the_words(plan.text)
            # (Never with a date read out of the words: a date is only read when it finds something.)
            words = loosened.split(" OR ") if loosened else []
            alone = _found_alone(queryset, words) if len(words) <= MOST_WORDS_COUNTED_ALONE else {}
            if alone:
                offered = any(alone.values())
            else:
                offered = bool(loosened) and SearchPlan(loosened).apply(queryset, ranked=False).exists()
            if offered:
                notices.append(
                    Notice(_("No exchange has all of these words. With any of them:"), loosened, loosened)
                )
            if offered and alone:
                notices.append(Notice(_("Each word alone:"), links=_each_alone(alone)))
    return SearchPlan(plan.text, plan.period, tuple(notices), spelled=plan.spelled, corrected=plan.corrected)


def counted_alone_under(notices, queryset):
    """`notices` with the words counted alone (the notice whose `links` say what each finds) counted
    again among `queryset`: the page's exchanges under its other filters, which the links keep, where
    the plan counted them among all the page's exchanges. One query a word, on a page that found
    nothing."""
    return tuple(
        replace(
            notice, links=_each_alone(_found_alone(queryset, [word for word, _query, _said in notice.links]))
        )
        if notice.links
        else notice
        for notice in notices
    )


# The words of a search that found nothing are each counted alone, up to COUNTED_ALONE matches, when
# it has this many or fewer: "Mar-a-Lago summit" found nothing in the starter catalogue, and the page
# did not say that "Mar-a-Lago" alone finds 1 exchange and "summit" 25, which tells the reader which
# word to drop.
MOST_WORDS_COUNTED_ALONE = 5
COUNTED_ALONE = 1000


def _found_alone(queryset, words):
    """{word: how many exchanges of `queryset` it finds alone, up to COUNTED_ALONE + 1}: one query
    each, and one more for a date ("1972" alone is searched as the year, as its link reads it)."""
    return {
        word: len(
            _read_date(queryset, word)[0]
            .apply(queryset, ranked=False)
            .order_by()
            .values_list("pk", flat=True)[: COUNTED_ALONE + 1]
        )
        for word in words
    }


def _each_alone(alone):
    """Notice links of the words counted alone: each a search of it, but for one that finds nothing."""
    links = []
    for word, found in alone.items():
        if found > COUNTED_ALONE:
            said = _("more than %(count)s") % {"count": f"{COUNTED_ALONE:,}"}
        elif found:
            said = ngettext("%(count)s exchange", "%(count)s exchanges", found) % {"count": f"{found:,}"}
        else:
            said = _("none")
        links.append((word, word if found else "", said))
    return tuple(links)


def _shown_instead(queryset, shown, typed, as_typed):
    """(the SearchPlan of `shown`, searched in place of what was `typed`, [its notices]): "Showing
    results for", with a link to `as_typed`, the search as typed that is never read so again; and
    its date read again ("Kisinger 1971" found nothing in 1971, "Kissinger 1971" does)."""
    plan, date_notices = _read_date(queryset, shown)
    notice = Notice(
        _("Showing results for “%(corrected)s”.") % {"corrected": shown},
        _("Search instead for “%(typed)s”") % {"typed": typed},
        as_typed,
    )
    return replace(plan, corrected=shown), [notice, *date_notices]


def _read_date(queryset, text):
    """(the SearchPlan, [its notices]): `text` narrowed by the date it names when that finds something
    (of two readings, "Apollo 11 July 1969", the first that does), or without a date it names with a
    mistake ("1980s-70s")."""
    readings = list(date_readings(text))
    for rest, period, typed_date, mistake in readings:
        left = parse(rest)
        if not left.groups and not left.excluded:
            # "in 1972", "the 1970s": words too common to search for leave the date alone, where they
            # found nothing in it and the page said that nothing happened in 1972.
            rest = ""
        if mistake:
            # As the date filters leave out a date they cannot use and say why: searched as words,
            # "1980s-70s" found nothing, and the page did not say that it was no date.
            return SearchPlan(rest), [
                Notice(
                    _("“%(date)s” could not be searched as a date and was left out. %(mistake)s")
                    % {"date": typed_date, "mistake": mistake}
                )
            ]
        dated = SearchPlan(rest, period)
        if dated.apply(queryset).exists():
            relative = _RELATIVE_YEAR.search(typed_date)
            if _is_rough(typed_date) or relative:
                # "spring 1972" is searched as what it likely covers: the page says which months;
                # "last year" as the year it is today, which the page names.
                notice = _("Searching “%(date)s” as a date: %(period)s.") % {
                    "date": typed_date,
                    "period": _relative_year(relative) if relative else period,
                }
            else:
                notice = _("Searching “%(date)s” as a date.") % {"date": typed_date}
            return dated, [Notice(notice)]
    if not readings:
        return SearchPlan(text), []
    typed_date = readings[-1][2]  # all of the date typed, searched as words: "11 July 1969"
    return SearchPlan(text), [
        Notice(_("Nothing matches in %(date)s, so “%(date)s” is searched as a word.") % {"date": typed_date})
    ]


# Words of a time no calendar fixes ("recent talks", 最近): read as no date.
_VAGUE_TIME = re.compile(
    r"(?<![\w\-\"])(?:recent|recently|lately|latest|newest|nowadays)(?![\w\"])|最近|近期|近来|近來|近年",
    re.IGNORECASE,
)


# A dash or slash between two words: "Xi-Biden", "Nixon–Mao", "Kerry/Xie".
_JOINED = re.compile(r"(?<=\w)[-‐‑–—/／](?=\w)")


def words_apart(text, apart=True):
    """`text` with the words that dashes or slashes join set apart ("Xi-Biden summit" is "Xi Biden
    summit"), but for quoted phrases and words left out ("-Nixon-Mao"), which say what the reader
    meant. With `apart` false, those words quoted instead: the search as typed, never set apart."""

    def read(word):
        if word.startswith("-") or not _JOINED.search(word):
            return word
        return _JOINED.sub(" ", word) if apart else f'"{word}"'

    pieces = text.split('"')
    for index in range(0, len(pieces), 2):  # outside quotes
        pieces[index] = " ".join(read(word) for word in pieces[index].split(" "))
    return '"'.join(pieces)


QUESTION_WORDS_FILE = Path(__file__).with_name("vocabularies") / "question_words.txt"


@functools.cache
def question_words():
    lines = QUESTION_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def without_question_words(text):
    """(`text` without the words of a question or a sentence that say nothing of an exchange, `text`
    with those words quoted, which keeps them), or None when it has none to leave out or nothing
    else: "Nixon went to China" is "Nixon to China", and searched as typed, `Nixon "went" to China`.
    Not in a search written with OR or quotes, which says what the reader meant."""
    if '"' in text or "OR" in text.split():
        return None
    words = [match for match in _TOKEN.finditer(text) if match.group("word") and not match.group("minus")]
    asked = [match for match in words if fold(match.group("word"), query=True) in question_words()]
    if not asked:
        return None
    # The common words of the question too ("what happened at Tiananmen" is "Tiananmen"), which the
    # search leaves out anyway; but for a date's, which it reads ("between 1972 and 1975").
    common = [] if _DIGITS.search(text) else [match for match in words if _is_common(match.group("word"))]
    kept, quoted, position = [], [], 0
    for match in sorted([*asked, *common], key=lambda match: match.start()):
        kept.append(text[position : match.start()])
        quoted.append(
            text[position : match.end()]
            if match in common
            else f'{text[position : match.start()]}"{match.group("word")}"'
        )
        position = match.end()
    kept, quoted = "".join(kept) + text[position:], "".join(quoted) + text[position:]
    return (" ".join(kept.split()), quoted) if parse(kept).groups else None


def _is_common(word):
    parts = fold(word, query=True).split()
    return bool(parts) and set(parts) <= STOP_WORDS


def any_of_the_words(text):
    """`text`'s words joined by OR, for a search of plain words that found nothing ("panda
    diplomacy"); "" when there is nothing to loosen: one word, or a search already written with
    OR, quotes or exclusions, which says what the reader meant."""
    query = parse(text)
    words = text.split()
    if len(query.groups) < 2 or query.excluded or '"' in text or "OR" in words:
        return ""
    # As searched: without the common words the search leaves out, and without the marks that end
    # a question or part a list ("Blinken?"), which would stand alone between two ORs.
    words = [match.group(0).strip(_LISTING_MARKS) for match in _TOKEN.finditer(text)]
    return " OR ".join(
        word for word in words if (parts := fold(word, query=True).split()) and not set(parts) <= STOP_WORDS
    )


# Marks around a word typed that end a sentence or part a list, in English and Chinese.
_LISTING_MARKS = "?!,;:…，。？！、；："


# The language of each text a snippet is taken from, in add_snippets' order: the page marks a
# Chinese one so that screen readers and fonts read it as Chinese.
SNIPPET_LANGUAGES = ("", "zh", "zh", "")


def add_snippets(exchanges, query):
    """Set `search_snippet` on each exchange of a page: its summary (or Chinese title, which the list
    does not show otherwise, or Chinese summary, or outcomes) around the words `query` found, and
    `search_snippet_lang`, "zh" when the text is Chinese. One query for the page's texts, which
    list pages do not load."""
    exchanges = list(exchanges)
    if not exchanges or not query:
        return
    model = type(exchanges[0])
    texts = {
        pk: (summary, title_zh, summary_zh, outcomes)
        for pk, summary, title_zh, summary_zh, outcomes in model.objects.filter(
            pk__in=[exchange.pk for exchange in exchanges]
        ).values_list("pk", "summary", "title_zh", "summary_zh", "outcomes")
    }
    for exchange in exchanges:
        exchange.search_snippet, exchange.search_snippet_lang = next(
            (
                (found, language)
                for text, language in zip(texts.get(exchange.pk, ("",) * 4), SNIPPET_LANGUAGES, strict=True)
                if (found := snippet(text, query))
            ),
            ("", ""),
        )
