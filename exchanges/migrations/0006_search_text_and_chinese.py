"""Chinese title and summary, and a full-text index over folded search texts.

The index now reads three columns that Exchange.save() fills with the record's
texts as exchanges/search.py's fold() reads them (punctuation, possessives and
case folded, Chinese in simplified character pairs), weighted title, names,
the rest. Existing rows are folded here, then the index is built over them.
"""

import importlib

from django.db import migrations, models

import exchanges.models

FTS_TABLE = "exchanges_exchange_fts"
COLUMNS = ["search_title", "search_names", "search_body"]

POSTGRES_VECTOR = (
    "setweight(to_tsvector('english'::regconfig, search_title), 'A') || "
    "setweight(to_tsvector('english'::regconfig, search_names), 'B') || "
    "setweight(to_tsvector('english'::regconfig, search_body), 'C')"
)
POSTGRES_SQL = [
    f"ALTER TABLE exchanges_exchange ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({POSTGRES_VECTOR}) STORED",
    # The q= filter and sort=relevance.
    "CREATE INDEX exchange_search_vector ON exchanges_exchange USING gin (search_vector)",
]
POSTGRES_REVERSE_SQL = ["ALTER TABLE exchanges_exchange DROP COLUMN IF EXISTS search_vector"]

_columns = ", ".join(COLUMNS)
_new = ", ".join(f"new.{column}" for column in COLUMNS)
_old = ", ".join(f"old.{column}" for column in COLUMNS)
SQLITE_SQL = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_columns}, content='exchanges_exchange', "
    f"content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER exchanges_exchange_fts_insert AFTER INSERT ON exchanges_exchange BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
    f"CREATE TRIGGER exchanges_exchange_fts_delete AFTER DELETE ON exchanges_exchange BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); END",
    f"CREATE TRIGGER exchanges_exchange_fts_update AFTER UPDATE ON exchanges_exchange BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_columns}) VALUES ('delete', old.id, {_old}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_columns}) VALUES (new.id, {_new}); END",
    # bm25 weighted like PostgreSQL's A/B/C: title, names, the rest.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', 'bm25(10.0, 5.0, 2.0)')",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_REVERSE_SQL = [
    "DROP TRIGGER IF EXISTS exchanges_exchange_fts_insert",
    "DROP TRIGGER IF EXISTS exchanges_exchange_fts_delete",
    "DROP TRIGGER IF EXISTS exchanges_exchange_fts_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def _run(schema_editor, statements):
    for statement in statements[schema_editor.connection.vendor]:
        schema_editor.execute(statement)


def _initial():
    return importlib.import_module("exchanges.migrations.0001_initial")


def drop_old_index(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_REVERSE_SQL, "sqlite": SQLITE_REVERSE_SQL})


def create_old_index(apps, schema_editor):
    initial = _initial()
    _run(schema_editor, {"postgresql": initial.POSTGRES_SQL, "sqlite": initial.SQLITE_SQL})


def fold_existing_rows(apps, schema_editor):
    from exchanges.search import search_columns

    records = apps.get_model("exchanges", "Exchange")
    changed = []
    for record in records.objects.order_by("pk").iterator(chunk_size=1000):
        record.search_title, record.search_names, record.search_body = search_columns(record)
        changed.append(record)
        if len(changed) == 1000:
            records.objects.bulk_update(changed, COLUMNS)
            changed = []
    records.objects.bulk_update(changed, COLUMNS)


def create_new_index(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_SQL, "sqlite": SQLITE_SQL})


def drop_new_index(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_REVERSE_SQL, "sqlite": SQLITE_REVERSE_SQL})


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0005_link_existing_exchanges"),
    ]

    operations = [
        migrations.RunPython(drop_old_index, create_old_index),
        migrations.AddField(
            model_name="exchange",
            name="title_zh",
            field=models.CharField(
                blank=True,
                help_text="The title in Chinese, simplified or traditional, when there is one.",
                max_length=300,
                verbose_name="title (Chinese)",
            ),
        ),
        migrations.AddField(
            model_name="exchange",
            name="summary_zh",
            field=exchanges.models.bounded_text(
                "summary (Chinese)", 10000, blank=True, help_text="The summary in Chinese, when there is one."
            ),
        ),
        migrations.AddField(
            model_name="exchange", name="search_title", field=models.TextField(default="", editable=False)
        ),
        migrations.AddField(
            model_name="exchange", name="search_names", field=models.TextField(default="", editable=False)
        ),
        migrations.AddField(
            model_name="exchange", name="search_body", field=models.TextField(default="", editable=False)
        ),
        migrations.RunPython(fold_existing_rows, migrations.RunPython.noop),
        migrations.RunPython(create_new_index, drop_new_index),
    ]
