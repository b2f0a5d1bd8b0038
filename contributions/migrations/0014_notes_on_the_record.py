"""A submission holds the record's notes, as exchanges 0033 makes an exchange hold them: empty for
every submission stored before. An imported row's Notes, which went into the note to the moderators,
stay there: that note is the moderators', and nothing can tell the row's part of it from theirs."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0013_span_ends_of_their_own_precision"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
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
    ]
