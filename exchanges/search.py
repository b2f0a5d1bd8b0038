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

import functools
import itertools
import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import opencc
from django.db import DatabaseError, connections
from django.db.models import BooleanField, FloatField, Value
from django.db.models.expressions import RawSQL
from django.utils.translation import get_language
from django.utils.translation import gettext as _

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
# may be missing) or a run of anything but spaces and quotes; then an optional *.
_TOKEN = re.compile(r'(?P<minus>-*)(?:"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+))')
# What both indexes take for one word: a run of letters and digits, in any script.
_PART = re.compile(r"[^\W_]+")

# ---------------------------------------------------------------------------
# Folding: the one reading of a text, at index time (Exchange.save computes the
# search columns with it) and at query time (every typed term goes through it),
# so that both databases index and look up the same words.

# Chinese characters (and the other ideographs) are indexed as overlapping pairs,
# so that any run of two or more characters is a phrase of pairs.
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
# "U.S.", "P.R.C.": dotted initials are one word.
_DOTTED = re.compile(r"(?<![^\W_])((?:[^\W\d_]\.){2,})")
# "Xi's", "Xi’s", "Americans'": the possessive is not part of the name.
_POSSESSIVE = re.compile(r"(?<=[^\W_])['’]s?(?![^\W_])")


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
    initials are joined ("U.S." → "us"), Chinese is converted to simplified
    characters and split into overlapping pairs. The United States written
    "US" is indexed as "usa" (PostgreSQL takes "us" for the pronoun and leaves
    it out); a reader's "us" in any case means it too.
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _DOTTED.sub(lambda match: match.group(1).replace(".", "") + " ", text)
    text = _POSSESSIVE.sub("", text)
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
    if len(text) > CACHED_LENGTH:
        return _parse(text, get_language())
    return _parse_cached(text, get_language())


def _parse(text, language):
    # The language is an argument so that the cache keeps the notes apart by language.
    groups, excluded, notes = [], [], []
    common, budget = [], MAX_WORDS
    join_next = False  # an OR stands between the last term found and the next one
    last_was_found = False
    for match in _TOKEN.finditer(text):
        phrase, word = match.group("phrase"), match.group("word")
        if word == "OR" and not match.group("minus"):
            join_next = last_was_found
            continue
        typed = phrase if phrase is not None else word
        prefix = typed.endswith("*") or (phrase is not None and text[match.end() : match.end() + 1] == "*")
        parts = tuple(fold(typed, query=True).split())
        if _CJK.fullmatch(typed.rstrip("*")) and len(parts) > 1:
            parts = parts[:-1]  # the run's last character alone is implied by its last pair
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
        term = Term(parts, " ".join(typed.rstrip("*").split()), prefix)
        if match.group("minus"):
            excluded.append(term)
            last_was_found = join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
            last_was_found = True
    groups = with_synonyms(groups)
    if not groups and not excluded and not notes and text.strip():
        if common:
            notes.append(
                _("“%(words)s”: words this common are not searched for; add a more specific word.")
                % {"words": shorten(" ".join(common))}
            )
        else:
            notes.append(_("“%(query)s” has no words to search for.") % {"query": shorten(text.strip())})
    return Query(tuple(tuple(group) for group in groups), tuple(excluded), tuple(dict.fromkeys(notes)))


_parse_cached_by_generation = functools.lru_cache(maxsize=256)(
    lambda text, language, generation: _parse(text, language)
)


def _parse_cached(text, language):
    return _parse_cached_by_generation(text, language, synonyms().generation)


# ---------------------------------------------------------------------------
# Synonyms: the curated file, and every entity's names and aliases.

SYNONYMS_FILE = Path(__file__).with_name("vocabularies") / "synonyms.txt"
# How long a process keeps the entities' names before reading them again; a
# change made in this process clears them at once (see exchanges/apps.py).
ENTITY_SYNONYMS_SECONDS = 300
# Longer phrases are not looked up as synonyms.
MAX_SYNONYM_WORDS = 6


@dataclass
class Synonyms:
    by_words: dict
    generation: int
    read_at: float


def read_synonym_lines(lines):
    """[(folded words, ...)] for each line of the synonyms file's format."""
    found = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spellings = {tuple(fold(spelling, query=True).split()) for spelling in line.split(" / ")}
        found.append({spelling for spelling in spellings if spelling})
    return found


def build_synonyms(sets):
    """{words: set of every spelling that means the same} from sets of spellings."""
    by_words = {}
    for spellings in sets:
        spellings = {words for words in spellings if 0 < len(words) <= MAX_SYNONYM_WORDS}
        if len(spellings) < 2:
            continue
        for words in spellings:
            by_words.setdefault(words, set()).update(spellings)
    return by_words


@functools.cache
def curated_synonyms():
    return read_synonym_lines(SYNONYMS_FILE.read_text(encoding="utf-8").splitlines())


def entity_synonym_sets():
    """Each entity's name, Chinese name and aliases, folded: one set per entity."""
    from entities.models import Organisation, Person, Place  # entities sit beside the catalogue

    sets = []
    for model in (Organisation, Person, Place):
        names = {}
        for pk, name, chinese in model.objects.values_list("pk", "name", "chinese_name"):
            names[pk] = {name, chinese}
        alias_model = model._meta.get_field("aliases").related_model
        for pk, alias in alias_model.objects.values_list("entity_id", "name"):
            names.setdefault(pk, set()).add(alias)
        for spellings in names.values():
            sets.append({tuple(fold(name, query=True).split()) for name in spellings if name})
    return sets


_synonyms = None
_generation = 0


def synonyms():
    """The synonyms in force, read again when an entity changed or after a while."""
    global _synonyms, _generation
    if _synonyms is None or time.monotonic() - _synonyms.read_at > ENTITY_SYNONYMS_SECONDS:
        try:
            entity_sets = entity_synonym_sets()
        except DatabaseError:
            entity_sets = []  # no entities table yet (migrating): the file alone
        _generation += 1
        _synonyms = Synonyms(
            build_synonyms([*curated_synonyms(), *entity_sets]), _generation, time.monotonic()
        )
    return _synonyms


def forget_synonyms(**kwargs):
    """Read the entities' names again on the next search (connected to their saves and deletes)."""
    global _synonyms
    _synonyms = None


def with_synonyms(groups):
    """Each run of one-word terms that spells a synonym becomes a group of all its spellings."""
    by_words = synonyms().by_words
    result, i = [], 0
    while i < len(groups):
        for j in range(min(len(groups), i + MAX_SYNONYM_WORDS), i, -1):
            run = groups[i:j]
            if any(len(group) != 1 or group[0].prefix for group in run):
                continue
            words = tuple(part for group in run for part in group[0].parts)
            if words in by_words:
                typed = " ".join(group[0].text for group in run)
                spellings = sorted(by_words[words] - {words})
                result.append(
                    [Term(words, typed), *(Term(spelling, " ".join(spelling)) for spelling in spellings)]
                )
                i = j
                break
        else:
            group = groups[i]
            expanded = list(group)
            for term in group:
                if not term.prefix and term.parts in by_words:
                    expanded += [Term(s, " ".join(s)) for s in sorted(by_words[term.parts] - {term.parts})]
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


def _postgres_term(term):
    # The index holds folded text (see fold()), so the folded parts are all there is to look up.
    return _postgres_prefix(term) if term.prefix else (POSTGRES_PHRASE, [" ".join(term.parts)])


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


def search_queryset(queryset, text):
    """Filter to exchanges matching `text` (a string or a Query), annotated with
    `search_rank` (higher is better). A query with nothing to search for finds nothing."""
    query = text if isinstance(text, Query) else parse(text)
    vendor = connections[queryset.db].vendor
    if not query:
        return queryset.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if vendor == "postgresql":
        sql, params = query.postgres()
        return queryset.filter(
            RawSQL(f"exchanges_exchange.search_vector @@ {sql}", params, output_field=BooleanField())
        ).annotate(
            search_rank=RawSQL(
                f"ts_rank(exchanges_exchange.search_vector, {sql})", params, output_field=FloatField()
            ),
        )
    if vendor == "sqlite":
        found, excluded = query.fts5()
        if not found:
            # Only exclusions: every exchange but those FTS5 finds.
            return queryset.extra(
                where=[f"exchanges_exchange.id NOT IN ({FTS5_MATCHING_IDS})"],
                params=[excluded],
            ).annotate(search_rank=Value(0.0, output_field=FloatField()))
        # A join, not a correlated subquery: FTS5 finds the matching rows once and
        # the exchanges are looked up by rowid. Django has no API to join a table
        # it has no relation to, hence extra(). FTS5's `rank` is bm25, lower for
        # better matches; negated so that both databases sort it the same way.
        return queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = exchanges_exchange.id", f"{FTS_TABLE} MATCH %s"],
            params=[found],
            select={"search_rank": f"-{FTS_TABLE}.rank"},
        )
    raise NotImplementedError(f"Full-text search is not built for {vendor}.")


def search_notes(text):
    """What the search could not use of `text`, to tell the reader."""
    return list(parse(text).notes)
