"""The summary of counts gains the year of each exchange's last day (Exchange.date_last), so that
whole-year date filters ("from 2010", "to 2014") are answered by it. Its rows are counted again
from the exchanges: one row before may become several, one per last year."""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import ExtractYear

YES_NO = {True: "yes", False: "no", None: "none"}


def recount(apps, schema_editor, with_last_year=True):
    Exchange = apps.get_model("exchanges", "Exchange")
    CatalogueCount = apps.get_model("exchanges", "CatalogueCount")
    CatalogueCount.objects.all().delete()
    years = {"year": ExtractYear("date")}
    if with_last_year:
        years["last_year"] = ExtractYear("date_last")
    rows = (
        Exchange.objects.filter(status="published")
        .order_by()
        .values("type", "government", "continuing", "levels", **years)
        .annotate(n=Count("pk"))
    )
    # Kept as the column stores them: ",national,state," (the field reads them as a list).
    stored = Exchange._meta.get_field("levels").get_prep_value
    counts = {}
    for row in rows:
        key = (
            row["type"] or "",
            YES_NO[row["government"]],
            YES_NO[row["continuing"]],
            stored(row["levels"]),
            row["year"],
            row.get("last_year"),
        )
        counts[key] = counts.get(key, 0) + row["n"]
    CatalogueCount.objects.bulk_create(
        CatalogueCount(
            type=key[0],
            government=key[1],
            continuing=key[2],
            levels=key[3],
            year=key[4],
            # Going back, the column is still there until the step before: one row per old key.
            last_year=key[5] if with_last_year else 0,
            count=n,
        )
        for key, n in sorted(counts.items(), key=lambda item: tuple(str(part) for part in item[0]))
    )


def recount_without_last_year(apps, schema_editor):
    recount(apps, schema_editor, with_last_year=False)


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0009_paging_indexes"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="cataloguecount", name="catalogue_count_once"),
        migrations.AddField(
            model_name="cataloguecount",
            name="last_year",
            field=models.IntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(recount, recount_without_last_year),
        migrations.AddConstraint(
            model_name="cataloguecount",
            constraint=models.UniqueConstraint(
                fields=("type", "government", "continuing", "levels", "year", "last_year"),
                name="catalogue_count_once",
            ),
        ),
    ]
