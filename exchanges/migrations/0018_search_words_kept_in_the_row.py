"""Each exchange's search words stay in its row, beside the columns a list reads (PostgreSQL only).

A row longer than 2 kB has its longest values moved out to the table's TOAST table, and the
stored `search_vector` (about 1 kB among the generated million) was the first to go. Every
search that checks its words row by row then read two or three more pages a row: a phrase (the
index cannot tell whether the words are next to each other), the newest 10,000 matches that
a relevance sort ranks, the date-ordered walk of a page's rows, the rank itself. With the
column's storage MAIN, PostgreSQL moves the summary and the other long texts out first and
keeps the words in the row. First requests on the million, median of 5, before → after:

- "exchange" (in half of them) sorted by relevance: 380 → 198 ms;
- "exchange" at the local level since 2020: 424 → 247 ms;
- the phrase "naiza exchange": 230 → 109 ms;
- "naiza" (in 36,600): 97 → 76 ms.

The table grows by a fifth (1,619 → 1,954 MB) and its TOAST table shrinks (877 → 656 MB);
reading every summary (the downloads) reads the TOAST table more.

A new storage applies to rows as they are written, so the table is then rewritten (VACUUM
FULL), which cannot run inside a transaction: this migration is not atomic. The rewrite holds
the table's exclusive lock, reads included: 61 s on a million exchanges, a few milliseconds on
a catalogue of thousands. A plain vacuum follows (16 s, reads and writes go on).
"""

from django.db import migrations

TABLE = "exchanges_exchange"


def storage(kind):
    def change(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN search_vector SET STORAGE {kind}")
        schema_editor.execute(f"VACUUM FULL {TABLE}")
        # VACUUM FULL leaves the visibility map empty: until a vacuum, an index-only scan (the
        # list's ids, a deep page) reads every row's page too, and page 400 of the million took
        # 83 ms, not 60. The plain vacuum sets the map again (16 s on the million).
        schema_editor.execute(f"VACUUM (ANALYZE) {TABLE}")

    return change


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("exchanges", "0017_search_index_with_level"),
    ]

    operations = [
        migrations.RunPython(storage("MAIN"), storage("EXTENDED")),
    ]
