"""0021 gives every place link its place's country, which the country filter then reads.

A database at the state before it (exchanges 0020) holds the seed exchanges linked to their places
(and the places those lie in: American, Chinese and others), a draft, an exchange whose place has no
country known, and a pending submission. Migrated forward, every link holds its place's country,
and every exchange, link and the submission stay as they were; going back removes the column and
its index. Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.migrating import add_linked_seeds_and_a_submission, latest, migrate, table_shape

OTHERS = [("contributions", "0006_dismissed_hint"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0020_place_links_by_date"), *OTHERS]
AFTER = [("exchanges", "0021_place_links_hold_the_country"), *OTHERS]
INDEX = "exchange_place_country"

TABLE = "exchanges_exchangeplace"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_linked_seeds_and_a_submission(
        apps,
        [
            ("Draft visit to Los Angeles", "draft", {"location": "Los Angeles, California"}),
            ("Visit to Kyoto", "published", {"location": "Kyoto, Japan"}),
            ("Visit to Nowhereville", "published", {"location": "Nowhereville"}),
        ],
    )
    # A place whose country is not known.
    atlantis = apps.get_model("entities", "Place").objects.create(
        name="Atlantis", slug="atlantis", key="atlantis"
    )
    apps.get_model("exchanges", "ExchangePlace").objects.create(
        exchange=apps.get_model("exchanges", "Exchange").objects.get(title="Visit to Nowhereville"),
        place=atlantis,
    )
    yield apps
    migrate(latest())


def rows(apps):
    return (
        sorted(apps.get_model("exchanges", "Exchange").objects.values_list("slug", "status", "date")),
        sorted(
            apps.get_model("exchanges", "ExchangePlace").objects.values_list(
                "pk", "exchange__slug", "place__name", "direct", "published_date"
            )
        ),
        sorted(apps.get_model("contributions", "Submission").objects.values_list("reference", "status")),
    )


def test_every_place_link_gets_its_places_country_and_every_row_stays(old_database):
    before = rows(old_database)
    assert "pending" in {status for _reference, status in before[2]}
    columns, indexes = table_shape(TABLE)
    assert "country" not in columns and INDEX not in indexes

    with CaptureQueriesContext(connection) as queries:
        apps = migrate(AFTER)

    # One UPDATE of the links per country, whatever the number of places.
    updates = [
        query["sql"] for query in queries if query["sql"].startswith('UPDATE "exchanges_exchangeplace"')
    ]
    assert len(updates) == 3, updates
    assert rows(apps) == before
    links = apps.get_model("exchanges", "ExchangePlace").objects.values_list("country", "place__country")
    held = [country for country, _place in links]
    assert held == [place for _country, place in links]
    # Links of each kind of country were carried over, and of a place whose country is not known.
    assert {"US", "CN", "other", ""} <= set(held), set(held)
    columns, indexes = table_shape(TABLE)
    assert indexes[INDEX] == ["country", "exchange_id"]

    apps = migrate(BEFORE)
    assert rows(apps) == before
    columns, indexes = table_shape(TABLE)
    assert "country" not in columns and INDEX not in indexes
