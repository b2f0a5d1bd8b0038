from django.db import migrations, models


def give_the_links_their_places_country(apps, schema_editor):
    """Every place link gets its place's country: one UPDATE per country a place has."""
    ExchangePlace = apps.get_model("exchanges", "ExchangePlace")
    Place = apps.get_model("entities", "Place")
    # In no order: the places are ordered by name, which DISTINCT would then read as well.
    for country in Place.objects.exclude(country="").order_by().values_list("country", flat=True).distinct():
        ExchangePlace.objects.filter(place__country=country).update(country=country)


class Migration(migrations.Migration):
    dependencies = [
        ("entities", "0002_exchange_count"),
        ("exchanges", "0020_place_links_by_date"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchangeplace",
            name="country",
            field=models.CharField(
                blank=True, editable=False, max_length=10, verbose_name="country of the place"
            ),
        ),
        # The index before the rows are filled: on PostgreSQL the updates queue the deferred checks
        # of the links' foreign keys, and an index cannot be built on a table that has them pending.
        migrations.AddIndex(
            model_name="exchangeplace",
            index=models.Index(fields=["country", "exchange"], name="exchange_place_country"),
        ),
        migrations.RunPython(give_the_links_their_places_country, migrations.RunPython.noop, elidable=True),
    ]
