"""Every exchange keeps its title as sort=title orders it (Exchange.title_sort, models.sort_title()).

The list sorted by the title itself, and SQLite and PostgreSQL's C collation compare bytes: "CCTV"
came before "California", "NYU Shanghai" before "Nanjing", "Xi Jinping" before "Xi and Biden". The
column is filled for every exchange, a few thousand at a time, each batch committed on its own so
that publishing waits for one batch at most, before its index is built. Not atomic, for that and
for PostgreSQL's VACUUM (ANALYZE) at the end: every row was written again, and until a vacuum an
index-only scan (deep pages, exchanges/paging.py) reads the table for each row. On the generated
million: 5 minutes. Nothing to undo: the old code never reads it.
"""

from django.db import migrations, models, transaction

BATCH = 5000

# SQLite adds the column by making the table again, which drops the triggers that keep its full-text
# index in step (exchanges 0006): they are made again, as 0006 made them. The index itself is kept,
# and the rows keep their ids, so nothing needs indexing again.
FTS_TABLE = "exchanges_exchange_fts"
_columns = "search_title, search_names, search_body"
_new = "new.search_title, new.search_names, new.search_body"
_old = "old.search_title, old.search_names, old.search_body"
SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS exchanges_exchange_fts_insert",
    "DROP TRIGGER IF EXISTS exchanges_exchange_fts_delete",
    "DROP TRIGGER IF EXISTS exchanges_exchange_fts_update",
    f"CREATE TRIGGER exchanges_exchange_fts_insert AFTER INSERT ON exchanges_exchange BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
    f"CREATE TRIGGER exchanges_exchange_fts_delete AFTER DELETE ON exchanges_exchange BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); END",
    f"CREATE TRIGGER exchanges_exchange_fts_update AFTER UPDATE ON exchanges_exchange BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
]


def restore_search_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)


def fill_title_sort(apps, schema_editor):
    from exchanges.models import sort_title

    Exchange = apps.get_model("exchanges", "Exchange")
    table = schema_editor.quote_name(Exchange._meta.db_table)
    last = 0
    while True:
        rows = list(Exchange.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "title")[:BATCH])
        if not rows:
            return
        with (
            transaction.atomic(using=schema_editor.connection.alias),
            schema_editor.connection.cursor() as cursor,
        ):
            cursor.executemany(
                f"UPDATE {table} SET title_sort = %s WHERE id = %s",
                [(sort_title(title), pk) for pk, title in rows],
            )
        last = rows[-1][0]


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM (ANALYZE) exchanges_exchange")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("exchanges", "0023_chinese_names_aside"),
    ]

    operations = [
        # Undone, the column is dropped by making the table again too: the triggers follow.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers),
        migrations.AddField(
            model_name="exchange",
            name="title_sort",
            field=models.CharField(default="", editable=False, max_length=300),
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop),
        migrations.RunPython(fill_title_sort, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(fields=["status", "title_sort", "id"], name="exchange_published_title_sort"),
        ),
        migrations.RunPython(vacuum, migrations.RunPython.noop),
    ]
