"""A submission's span keeps its end's own precision, as exchanges 0032 makes an exchange's: the
new column, and the submissions stored from a span with ends of two precisions given the end's."""

import importlib

from django.db import migrations, models

SPANS = importlib.import_module("exchanges.migrations.0032_span_ends_of_their_own_precision")


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0012_plain_texts"),
        ("exchanges", "0032_span_ends_of_their_own_precision"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="end_precision",
            field=models.CharField(
                blank=True,
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                default="",
                help_text="How exactly the end date is known, when not as exactly as the date: “1985 – March "
                "1986” ends in a month. Empty otherwise.",
                max_length=5,
                verbose_name="end date precision",
            ),
        ),
        migrations.RunPython(
            SPANS.carry_over(("contributions", "Submission")), migrations.RunPython.noop, elidable=True
        ),
    ]
