"""A span's end keeps its own precision ("1985 – March 1986"), where the start's stood for both.

The new column, end_precision, is empty when the end is known as exactly as the start (every span
that the reader wrote before with ends of one kind: "2013–2016", "June 30 – July 2, 2015"), so
nearly every row needs nothing. A row whose end date does not fall where its start's precision
would end (a year-precision start ending on March 31, 1986; a month-precision one ending on July 4)
was stored from a span with ends of two precisions, and shown as if it had one ("1985–1986", read
back as December): its end is given the coarsest precision that ends on that day (the month when it
is a month's last day, the day otherwise), so the page writes "1985 – March 1986" and the end date,
which the filters already read, is unchanged. Only the rows with an end date and a start coarser
than a day are read; those that change are written 1,000 at a time. Contributions 0013 does the same
for submissions with `carry_over`.

Backwards, the column goes, and the old code shows those spans as before. On SQLite the triggers that
keep the full-text index in step are made again after the table is, both ways (as in 0024).
"""

import calendar
import importlib

from django.db import migrations, models

BATCH = 1_000
# SQLite adds the column by making the table again, which drops the triggers that keep its full-text
# index in step: they are made again, as exchanges 0024 makes them, both ways.
TITLE_SORT = importlib.import_module("exchanges.migrations.0024_title_sort")


def fitting_precision(precision, end):
    """The precision `end` is known to: the start's when it ends where a period of that precision ends,
    else the month when it is a month's last day, else the day."""
    month_end = end.day == calendar.monthrange(end.year, end.month)[1]
    if precision == "year" and month_end and end.month == 12:
        return "year"
    if precision in ("year", "month") and month_end:
        return "month"
    return "day"


def carry_over(model):
    def forwards(apps, schema_editor):
        Record = apps.get_model(*model)
        spans = (
            Record._base_manager.filter(end_date__isnull=False, date_precision__in=["year", "month"])
            .only("id", "date_precision", "end_date")
            .order_by("id")
        )
        changed = []
        for record in spans.iterator(chunk_size=BATCH):
            precision = fitting_precision(record.date_precision, record.end_date)
            if precision != record.date_precision:
                record.end_precision = precision
                changed.append(record)
            if len(changed) == BATCH:
                Record._base_manager.bulk_update(changed, ["end_precision"])
                changed = []
        Record._base_manager.bulk_update(changed, ["end_precision"])

    return forwards


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0031_import_previews"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, TITLE_SORT.restore_search_triggers),
        migrations.AddField(
            model_name="exchange",
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
        migrations.RunPython(TITLE_SORT.restore_search_triggers, migrations.RunPython.noop),
        migrations.RunPython(carry_over(("exchanges", "Exchange")), migrations.RunPython.noop, elidable=True),
    ]
