"""A suggested change keeps the exchange as the contributor saw it (Submission.started_from).

A suggestion stored before it did not keep it: what the exchange said then is
not known. It is carried over with the exchange as it is at this migration, so
that an edit to the exchange from here on is not undone by approving it (what
was edited before is read as the contributor's, as it was until now). A new
exchange's submission, and a suggestion whose exchange was deleted, start from
nothing.
"""

import datetime

from django.db import migrations, models

# The exchange's fields as this migration knows them (exchanges.models.RECORD_FIELDS at the time).
RECORD_FIELDS = [
    "title",
    "summary",
    "outcomes",
    "title_zh",
    "summary_zh",
    "government",
    "type",
    "type_as_recorded",
    "levels",
    "partners",
    "sponsors",
    "participants",
    "participant_count",
    "participant_count_note",
    "date",
    "date_precision",
    "end_date",
    "circa",
    "continuing",
    "location",
]


def snapshot(exchange):
    """As contributions.models.exchange_snapshot writes it."""
    values = {name: getattr(exchange, name) for name in RECORD_FIELDS}
    values = {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in values.items()
    }
    sources = [
        " ".join(part for part in (source.citation, source.url) if part)
        for source in exchange.sources.order_by("position", "id")
    ]
    return {**values, "sources": sources}


def keep_starting_points(apps, schema_editor):
    Submission = apps.get_model("contributions", "Submission")
    suggestions = Submission.objects.filter(kind="change", exchange__isnull=False, started_from__isnull=True)
    for submission in suggestions.select_related("exchange").iterator(chunk_size=500):
        submission.started_from = snapshot(submission.exchange)
        submission.save(update_fields=["started_from"])


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0006_dismissed_hint"),
        ("exchanges", "0022_fold_pinyin_apostrophes"),
    ]

    operations = [
        migrations.AddField(
            model_name="submission",
            name="started_from",
            field=models.JSONField(
                blank=True,
                editable=False,
                help_text="For a suggested change: the exchange's values, sources included, that the form showed.",
                null=True,
                verbose_name="the exchange as the contributor saw it",
            ),
        ),
        migrations.RunPython(keep_starting_points, migrations.RunPython.noop),
    ]
