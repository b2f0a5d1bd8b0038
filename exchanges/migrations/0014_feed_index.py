"""An index for the feeds, the newest publications first (exchanges.Exchange.Meta.indexes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0013_covering_date_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(fields=["status", "-created", "-id"], name="exchange_published_created"),
        ),
    ]
