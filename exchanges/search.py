"""Full-text search over exchanges, native to each database.

The index itself lives in the database, outside the Django model, so that it
stays in step with every write, whichever code makes it:

- PostgreSQL: a stored generated ``tsvector`` column, ``search_vector``, weighted
  (title A, summary B, the rest C) with a GIN index.
- SQLite: an FTS5 table, ``exchanges_exchange_fts``, that mirrors the text columns
  and is kept in sync by triggers.

Both are created by the initial migration, before the table holds rows. Queries use the user's words as
parameters, never as SQL: PostgreSQL parses them with ``websearch_to_tsquery``,
and for FTS5 every word is quoted so that its query syntax cannot be triggered.
"""

import re

from django.db import connections
from django.db.models import BooleanField, FloatField
from django.db.models.expressions import RawSQL

FTS_TABLE = "exchanges_exchange_fts"

_TERM = re.compile(r'"([^"]*)"|(\S+)')


def fts5_query(text):
    """Turn what a reader typed into a safe FTS5 query.

    Words and "quoted phrases" must all match; OR between two terms offers
    either; a leading minus excludes a word. Every term is quoted, so FTS5's
    own operators and column filters typed by a reader are taken as text.
    """
    parts = []
    for phrase, word in _TERM.findall(text):
        if word == "OR":
            if parts and parts[-1] != "OR":
                parts.append("OR")
            continue
        negate = bool(word) and word.startswith("-") and len(word) > 1
        term = (phrase if phrase else word.lstrip("-") if negate else word).replace('"', "")
        if not term.strip():
            continue
        quoted = '"' + term + '"'
        if negate:
            # FTS5's NOT is binary: a leading exclusion has nothing to subtract from.
            if parts and parts[-1] != "OR":
                parts.append("NOT " + quoted)
            continue
        parts.append(quoted)
    while parts and parts[-1] == "OR":
        parts.pop()
    return " ".join(parts)


def search_queryset(queryset, text):
    """Filter to exchanges matching `text`, annotated with `search_rank` (higher is better)."""
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        query = "websearch_to_tsquery('english'::regconfig, %s)"
        return queryset.filter(
            RawSQL(f"exchanges_exchange.search_vector @@ {query}", [text], output_field=BooleanField())
        ).annotate(
            search_rank=RawSQL(
                f"ts_rank(exchanges_exchange.search_vector, {query})", [text], output_field=FloatField()
            ),
        )
    if vendor == "sqlite":
        match = fts5_query(text)
        if not match:
            return queryset.none()
        # A join, not a correlated subquery: FTS5 finds the matching rows once and
        # the exchanges are looked up by rowid. Django has no API to join a table
        # it has no relation to, hence extra(). FTS5's `rank` is bm25, lower for
        # better matches; negated so that both databases sort it the same way.
        return queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = exchanges_exchange.id", f"{FTS_TABLE} MATCH %s"],
            params=[match],
            select={"search_rank": f"-{FTS_TABLE}.rank"},
        )
    raise NotImplementedError(f"Full-text search is not built for {vendor}.")
