"""An exchange keeps public notes on its record: where the sources disagree, and what is uncertain.

The new column is empty for every exchange stored before: nothing is written to its rows (PostgreSQL
adds a column with a constant default without rewriting the table). The starter catalogue's notes are
not filled in here: a migration must do the same on every database and at every time, and the file
changes as its records are researched; `manage.py seed_exchanges --fill-notes` fills them, on the
exchanges that file loaded, when an operator asks (README, "Starter data"). Contributions 0014 adds
the same column to submissions.

Backwards, the column goes. On SQLite the triggers that keep the full-text index in step are made
again after the table is, both ways (as in 0024).
"""

import importlib

import django.core.validators
from django.db import migrations, models

# SQLite adds the column by making the table again, which drops the triggers that keep its full-text
# index in step: they are made again, as exchanges 0024 makes them, both ways.
TITLE_SORT = importlib.import_module("exchanges.migrations.0024_title_sort")


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0032_span_ends_of_their_own_precision"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, TITLE_SORT.restore_search_triggers),
        migrations.AddField(
            model_name="exchange",
            name="notes",
            field=models.TextField(
                blank=True,
                help_text="Public editorial notes: where the sources disagree on a date, a count or a name, "
                "which value the record gives and why, and what is uncertain.",
                max_length=5000,
                validators=[django.core.validators.MaxLengthValidator(5000)],
                verbose_name="notes on the record",
            ),
        ),
        migrations.RunPython(TITLE_SORT.restore_search_triggers, migrations.RunPython.noop),
    ]
