"""An exchange withdrawn says why on the page left in its place, when its moderator gives a reason.

The new column is empty for every exchange stored before: nothing is written to its rows (PostgreSQL
adds a column with a constant default without rewriting the table). Backwards, the column goes. On
SQLite the triggers that keep the full-text index in step are made again after the table is, both
ways (as in 0024 and 0033).
"""

import importlib

from django.db import migrations, models

# SQLite adds the column by making the table again, which drops the triggers that keep its full-text
# index in step: they are made again, as exchanges 0024 makes them, both ways.
TITLE_SORT = importlib.import_module("exchanges.migrations.0024_title_sort")


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0033_notes_on_the_record"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, TITLE_SORT.restore_search_triggers),
        migrations.AddField(
            model_name="exchange",
            name="withdrawal_reason",
            field=models.TextField(
                blank=True,
                default="",
                help_text="Shown to readers on its page while it is a draft after being published "
                "(“A duplicate of …”, “The source was retracted.”). Leave empty to give no reason.",
                verbose_name="why it was withdrawn",
            ),
        ),
        migrations.RunPython(TITLE_SORT.restore_search_triggers, migrations.RunPython.noop),
    ]
