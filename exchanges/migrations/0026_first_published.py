"""Every exchange says when it was first published (Exchange.published), and the feeds read it.

The feeds ordered and dated their entries by `created`, when the row was made: a draft prepared
in the admin, or imported as one, weeks before it was published came out with an old date, behind
the newest 50, and feed readers never saw it. Exchange.save() now sets `published` the first time
an exchange is saved published, and keeps it through a withdrawal.

Every published exchange is given its `created` time here, in one UPDATE (drafts keep none:
published later, they are new then); contributions 0010 then gives those that an approved
submission made the time of its approval. The feeds' index on (status, -created, -id) gives way
to one on (status, -published, -id), built after the rows are filled. Not atomic, for
PostgreSQL's VACUUM (ANALYZE) at the end: every published row was written again, and until a
vacuum an index-only scan (deep pages, exchanges/paging.py) reads the table for each row. Nothing
to undo: the old code never reads the column.
"""

from django.db import migrations, models
from django.db.models import F


def published_when_created(apps, schema_editor):
    Exchange = apps.get_model("exchanges", "Exchange")
    Exchange.objects.using(schema_editor.connection.alias).filter(status="published").update(
        published=F("created")
    )


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("VACUUM (ANALYZE) exchanges_exchange")


class Migration(migrations.Migration):
    atomic = False
    dependencies = [
        ("exchanges", "0025_organisations_listed_apart"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchange",
            name="published",
            field=models.DateTimeField(
                editable=False,
                help_text="When it was first made public; kept if it is withdrawn and published again.",
                null=True,
                verbose_name="first published",
            ),
        ),
        migrations.RemoveIndex(model_name="exchange", name="exchange_published_created"),
        migrations.RunPython(published_when_created, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="exchange",
            index=models.Index(fields=["status", "-published", "-id"], name="exchange_first_published"),
        ),
        migrations.RunPython(vacuum, migrations.RunPython.noop),
    ]
