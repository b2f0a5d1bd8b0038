"""entities 0006 gives the places linking made from a gazetteer row the row's aliases.

A database at the state before it holds the seed exchanges and a pending submission, linked as the
old code linked them (Beijing, Washington, Sunnylands… without an alias), Guangzhou and Guangdong
linked too, Guangzhou with an alias an editor gave it ("Yangcheng") and one of the row's already
("Canton"), a place of its own an editor made called "Kwangtung" (an alias of Guangdong in the
gazetteer), Canton, Ohio, and a Shanghai an editor moved to no country. Migrated forward, each
place a row's name links to has the row's aliases, but a spelling another place of its country
answers to; what an editor wrote stays; nothing else changes; run again, it adds nothing. Runs on
SQLite and PostgreSQL alike.
"""

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from entities.names import known_places, normalise
from tests.migrating import (
    add_linked_seeds_and_a_submission,
    latest,
    latest_but_relinking,
    migrate,
    submission_rows,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = ("entities", "0005_entities_by_name")


def before():
    return [(app, name) for app, name in latest_but_relinking() if app != "entities"] + [BEFORE]


def gazetteer_aliases(name):
    return {alias for row in known_places() if row.name == name for alias in row.aliases}


def place(Place, name, slug, country, aliases=(), **fields):
    made = Place.objects.create(name=name, key=normalise(name), slug=slug, country=country, **fields)
    for alias in aliases:
        made.aliases.create(name=alias, key=normalise(alias))
    return made


@pytest.fixture
def old_database():
    apps = migrate(before())
    add_linked_seeds_and_a_submission(
        apps, [("Trade fair", "published", {"location": "Guangzhou"}), ("Draft", "draft", {})]
    )
    Place = apps.get_model("entities", "Place")
    PlaceAlias = apps.get_model("entities", "PlaceAlias")
    # As the old code linked them: no alias.
    PlaceAlias.objects.all().delete()
    guangzhou = Place.objects.get(name="Guangzhou")
    for alias in ("Yangcheng", "Canton"):
        guangzhou.aliases.create(name=alias, key=normalise(alias))
    place(Place, "Kwangtung", "kwangtung", "CN", kind="province")
    place(Place, "Canton", "canton-ohio", "US", kind="city")
    place(Place, "Shanghai", "shanghai", "", kind="city")
    yield apps
    migrate(latest())


def snapshot(apps):
    Exchange = apps.get_model("exchanges", "Exchange")
    ExchangePlace = apps.get_model("exchanges", "ExchangePlace")
    Place = apps.get_model("entities", "Place")
    return (
        sorted(Exchange.objects.values_list("slug", "title", "status", "location")),
        submission_rows(apps),
        sorted(ExchangePlace.objects.values_list("exchange__slug", "place__slug", "direct", "position")),
        sorted(Place.objects.values_list("slug", "name", "key", "chinese_name", "country", "parent__slug")),
    )


def aliases(apps):
    PlaceAlias = apps.get_model("entities", "PlaceAlias")
    found = {}
    for slug, name, key in PlaceAlias.objects.values_list("entity__slug", "name", "key"):
        assert key == normalise(name)
        found.setdefault(slug, set()).add(name)
    return found


def test_places_linked_from_the_gazetteer_gain_its_aliases(old_database):
    unchanged = snapshot(old_database)
    assert len(unchanged[0]) == 12 and unchanged[1][0][1] == "pending"

    apps = migrate(latest_but_relinking())
    assert ("entities", "0006_gazetteer_aliases_of_linked_places") in MigrationRecorder(
        connection
    ).applied_migrations()

    assert snapshot(apps) == unchanged
    found = aliases(apps)
    assert found["beijing"] == gazetteer_aliases("Beijing") and "Peking" in found["beijing"]
    assert found["sunnylands"] == gazetteer_aliases("Sunnylands")
    assert found["california"] == gazetteer_aliases("California")
    assert found["guangzhou"] == gazetteer_aliases("Guangzhou") | {"Yangcheng"}
    # "Kwangtung" stays the place an editor made of it.
    assert found["guangdong"] == gazetteer_aliases("Guangdong") - {"Kwangtung"}
    untouched = {"kwangtung", "canton-ohio", "shanghai", "great-hall-of-the-people"}
    assert untouched <= {row[0] for row in unchanged[3]} and not untouched & found.keys()

    # Run again, it adds nothing.
    migrate(before())
    assert aliases(migrate(latest_but_relinking())) == found
