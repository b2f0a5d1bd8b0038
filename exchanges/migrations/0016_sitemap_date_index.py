"""An index for the sitemap index's date, the latest change to a published exchange
(exchanges.Exchange.Meta.indexes)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0015_search_index_with_type"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(fields=["status", "-updated"], name="exchange_published_updated"),
        ),
    ]
