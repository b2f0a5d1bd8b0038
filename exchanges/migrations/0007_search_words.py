"""The catalogue's words, for "Did you mean…?": a table filled from every exchange, trigram-indexed on PostgreSQL."""

from django.db import migrations, models

COLUMNS = ["search_title", "search_names", "search_body"]


def remember_existing_words(apps, schema_editor):
    from exchanges.search import remember_words

    records = apps.get_model("exchanges", "Exchange")
    words = apps.get_model("exchanges", "SearchWord")
    batch = []
    for texts in records.objects.order_by("pk").values_list(*COLUMNS).iterator(chunk_size=2000):
        batch += texts
        if len(batch) >= 6000:
            remember_words(words, batch)
            batch = []
    remember_words(words, batch)


def create_trigram_index(apps, schema_editor):
    # "Did you mean…?" finds its candidates with pg_trgm's % operator through this index.
    # SQLite suggests words without it. The extension stays when migrating back:
    # other databases' objects may use it.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX exchange_searchword_trigram ON exchanges_searchword USING gin (word gin_trgm_ops)"
        )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS exchange_searchword_trigram")


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0006_search_text_and_chinese"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=100, unique=True)),
            ],
            options={"verbose_name": "search word"},
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
        migrations.RunPython(remember_existing_words, migrations.RunPython.noop),
    ]
