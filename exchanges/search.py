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
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connections
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


@dataclass(frozen=True)
class Term:
    """A word or phrase to find: its words, lower-cased, and the text as typed."""

    parts: tuple
    text: str
    prefix: bool = False

    @property
    def has_punctuation(self):
        return " ".join(self.parts) != " ".join(self.text.lower().split())


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
        parts = tuple(part.lower() for part in _PART.findall(typed))
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
    if not groups and not excluded and not notes and text.strip():
        if common:
            notes.append(
                _("“%(words)s”: words this common are not searched for; add a more specific word.")
                % {"words": shorten(" ".join(common))}
            )
        else:
            notes.append(_("“%(query)s” has no words to search for.") % {"query": shorten(text.strip())})
    return Query(tuple(tuple(group) for group in groups), tuple(excluded), tuple(dict.fromkeys(notes)))


_parse_cached = functools.lru_cache(maxsize=256)(_parse)


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
# PostgreSQL's own reading of the term as typed is considered too, but only for
# terms short enough that its parser cannot be made to nest deeply.
POSTGRES_AS_TYPED_LENGTH = 2000


# PostgreSQL's own reading of a term as typed, as a prefix search: its phrase,
# with the last lexeme marked :*. Used only when that last lexeme is there to mark.
POSTGRES_PREFIX_AS_TYPED = (
    f"CASE WHEN right({POSTGRES_PHRASE}::text, 1) = '''' "
    f"THEN ({POSTGRES_PHRASE}::text || ':*')::tsquery ELSE ''::tsquery END"
)


def _postgres_term(term):
    sql, params = _postgres_prefix(term) if term.prefix else (POSTGRES_PHRASE, [" ".join(term.parts)])
    if term.has_punctuation and len(term.text) <= POSTGRES_AS_TYPED_LENGTH:
        # "En-lai" as the index read it (the compound word, then its parts), or
        # "U.S." as one word: matches where the record is written the same way.
        if not term.prefix:
            sql, params = f"({sql} || {POSTGRES_PHRASE})", [*params, term.text]
        elif term.parts[-1] not in STOP_WORDS:
            sql, params = f"({sql} || {POSTGRES_PREFIX_AS_TYPED})", [*params, term.text, term.text]
    return sql, params


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
