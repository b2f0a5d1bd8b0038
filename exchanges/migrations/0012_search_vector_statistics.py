"""PostgreSQL keeps statistics on ten times as many of the search index's words.

With the default target (100) the planner knows the frequencies of the 1,000 commonest words
and takes any other word to be in 0.5% of the exchanges. For a rare word (a name, a place, a
word found in a hundred exchanges of a million) it then expects the newest matches to turn up
within a few thousand rows of the date index and walks that index, filtering each row through
the text search: 1.4 s for a word in 135 of a million exchanges, where reading its matches
from the full-text index and sorting them takes 3.5 ms. With 1,000 the planner knows ten times
as many (7,773 on the benchmark's million exchanges), so a word it does not know is estimated
below the rarest of those and read from the full-text index; common words keep the date index.
ANALYZE of the column then reads 300,000 rows (2.4 s for a million exchanges); autovacuum keeps
it current afterwards.

SQLite's full-text table needs nothing: nothing changes there.
"""

from django.db import migrations

STATISTICS = 1000


def raise_statistics(apps, schema_editor):
    set_statistics(schema_editor, STATISTICS)


def restore_statistics(apps, schema_editor):
    set_statistics(schema_editor, -1)


def set_statistics(schema_editor, target):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE exchanges_exchange ALTER COLUMN search_vector SET STATISTICS {int(target)}"
    )
    # Now rather than at autovacuum's next pass: the first searches after a deploy plan with it.
    schema_editor.execute("ANALYZE exchanges_exchange (search_vector)")


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0011_link_published_dates"),
    ]

    operations = [
        migrations.RunPython(raise_statistics, restore_statistics, elidable=False),
    ]
