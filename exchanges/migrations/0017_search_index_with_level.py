"""The search's GIN index also holds each exchange's levels (PostgreSQL only).

The `has` lookup of a level reads the stored ",national,state," as the array of its tokens on
PostgreSQL (exchanges.models.HasLevel), and GIN's array operator class answers `@>` on that
array exactly. A search under a level filter (q=… with level=…) then finds the exchanges
matching both in one index scan, as 0015 did for the type, instead of reading every exchange
the word matches to test its levels. First requests of the list on a million exchanges
(PostgreSQL settings of config/settings.py), before → after:

- "naiza" (in 36,600) at the state level since 2010: 402 → 261-275 ms;
- "exchange" (in half of them) in sports at the state level: 532 → 232 ms;
- "exchange" at the local level since 2020: 619 → 327-332 ms.

A trigram index on the text (pg_trgm) was tried first: its matches must be read again, each
row's search words with them, which made a word sorted by relevance at the national level slower (501 → 665 ms).

A search alone reads the index as before: the levels' entries are only read when a level is
asked for. The index grew by 3 MB (191 → 194 MB) and was built in 32 s; the table is then
analysed for the array's statistics (14 s).
"""

from django.db import migrations

WITH_TYPE = "CREATE INDEX exchange_search_type ON exchanges_exchange USING gin (search_vector, type)"
# The expression is the one HasLevel.as_postgresql writes.
WITH_LEVEL = (
    "CREATE INDEX exchange_search_type_level ON exchanges_exchange "
    "USING gin (search_vector, type, (string_to_array(levels, ',')))"
)


def add_the_levels(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITH_LEVEL)
        schema_editor.execute("DROP INDEX IF EXISTS exchange_search_type")
        # The planner's statistics of the array come from the index's expression, read by ANALYZE
        # (14 s on a million). Until then it guesses that a level holds 0.5% of the exchanges
        # (the state level holds 15%), and a list filtered on a level and a place took 1.1 s,
        # not 0.3 s.
        schema_editor.execute("ANALYZE exchanges_exchange")


def type_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(WITH_TYPE)
        schema_editor.execute("DROP INDEX IF EXISTS exchange_search_type_level")


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0016_sitemap_date_index"),
    ]

    operations = [
        migrations.RunPython(add_the_levels, type_only),
    ]
