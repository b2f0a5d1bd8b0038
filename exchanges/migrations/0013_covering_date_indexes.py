"""The date-ordered indexes carry the other structured columns, for index-only samples.

See Exchange.Meta.indexes. PostgreSQL rebuilds the four indexes (7.6 s for a million exchanges,
writes to the exchanges waiting meanwhile); SQLite builds them as before, without the non-key
columns.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0012_search_vector_statistics"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="exchange",
            name="exchange_published_date",
        ),
        migrations.RemoveIndex(
            model_name="exchange",
            name="exchange_type_date",
        ),
        migrations.RemoveIndex(
            model_name="exchange",
            name="exchange_government_date",
        ),
        migrations.RemoveIndex(
            model_name="exchange",
            name="exchange_continuing_date",
        ),
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(
                fields=["status", "-date", "-id"],
                include=("type", "government", "continuing", "levels", "date_last"),
                name="exchange_published_date",
            ),
        ),
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(
                fields=["status", "type", "-date", "-id"],
                include=("government", "continuing", "levels", "date_last"),
                name="exchange_type_date",
            ),
        ),
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(
                fields=["status", "government", "-date", "-id"],
                include=("type", "continuing", "levels", "date_last"),
                name="exchange_government_date",
            ),
        ),
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(
                fields=["status", "continuing", "-date", "-id"],
                include=("type", "government", "levels", "date_last"),
                name="exchange_continuing_date",
            ),
        ),
    ]
