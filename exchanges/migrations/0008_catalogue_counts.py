"""The catalogue's counts (exchanges/counts.py): the summary table of published exchanges per type,
government, continuing, levels and year, and every entity's number of published exchanges, both
counted from the rows already there.

The entities' column is added by entities 0002 and filled here, where the exchanges and their links
are known: the entities app knows nothing of exchanges."""

from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import ExtractYear

YES_NO = {True: "yes", False: "no", None: "none"}
LINKS = (
    ("Organisation", "ExchangeOrganisation", "organisation"),
    ("Person", "ExchangePerson", "person"),
    ("Place", "ExchangePlace", "place"),
)


def count_existing(apps, schema_editor):
    Exchange = apps.get_model("exchanges", "Exchange")
    CatalogueCount = apps.get_model("exchanges", "CatalogueCount")
    rows = (
        Exchange.objects.filter(status="published")
        .order_by()
        .values("type", "government", "continuing", "levels", year=ExtractYear("date"))
        .annotate(n=Count("pk"))
    )
    # Kept as the column stores them: ",national,state," (the field reads them as a list).
    stored = Exchange._meta.get_field("levels").get_prep_value
    counts = {}
    for row in rows:
        levels = stored(row["levels"])
        key = (row["type"] or "", YES_NO[row["government"]], YES_NO[row["continuing"]], levels, row["year"])
        counts[key] = counts.get(key, 0) + row["n"]
    CatalogueCount.objects.bulk_create(
        CatalogueCount(type=key[0], government=key[1], continuing=key[2], levels=key[3], year=key[4], count=n)
        for key, n in sorted(counts.items())
    )
    for entity_name, link_name, field in LINKS:
        # One GROUP BY over the links, then the entities updated a number at a time.
        link = apps.get_model("exchanges", link_name)
        rows = (
            link.objects.filter(exchange__status="published")
            .order_by()
            .values(f"{field}_id")
            .annotate(n=Count("exchange", distinct=field == "organisation"))
        )
        by_count = {}
        for row in rows:
            by_count.setdefault(row["n"], []).append(row[f"{field}_id"])
        entities = apps.get_model("entities", entity_name).objects
        for n, pks in by_count.items():
            for start in range(0, len(pks), 5000):
                entities.filter(pk__in=pks[start : start + 5000]).update(exchange_count=n)


def forget_counts(apps, schema_editor):
    for entity_name, _link, _field in LINKS:
        apps.get_model("entities", entity_name).objects.update(exchange_count=0)


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0007_search_words"),
        ("entities", "0002_exchange_count"),
    ]

    operations = [
        migrations.CreateModel(
            name="CatalogueCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("type", models.CharField(blank=True, max_length=20)),
                ("government", models.CharField(max_length=4)),
                ("continuing", models.CharField(max_length=4)),
                ("levels", models.CharField(blank=True, max_length=60)),
                ("year", models.IntegerField()),
                ("count", models.IntegerField(default=0)),
            ],
            options={
                "verbose_name": "catalogue count",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("type", "government", "continuing", "levels", "year"),
                        name="catalogue_count_once",
                    )
                ],
            },
        ),
        migrations.RunPython(count_existing, forget_counts),
    ]
