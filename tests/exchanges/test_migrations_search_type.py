"""0015 puts the type beside the words in the search's GIN index, on PostgreSQL.

A database at the state before it (exchanges 0014) holds the seed exchanges, a draft and a
pending submission; it is migrated forward and back. On PostgreSQL the index on the words alone
becomes one on the words and the type, and back; on SQLite (FTS5) nothing changes. On both every
row stays, and a search under a type filter finds what it found before.
"""

import pytest
from django.db import connection
from django.test import Client

from tests.migrating import add_exchanges, add_searchable_seeds_and_a_submission, latest, migrate

SUBMISSIONS = ("contributions", "0006_dismissed_hint")
BEFORE = [("exchanges", "0014_feed_index"), SUBMISSIONS]
AFTER = [("exchanges", "0015_search_index_with_type"), SUBMISSIONS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def search_indexes():
    """{name: definition} of the GIN indexes on the exchanges' table (PostgreSQL), else {}."""
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = 'exchanges_exchange' AND indexdef LIKE '%USING gin%'"
        )
        return dict(cursor.fetchall())


def rows(apps):
    exchanges = apps.get_model("exchanges", "Exchange").objects
    return sorted(exchanges.values_list("slug", "status", "type", "title"))


def assert_index(name, definition, gone):
    """On PostgreSQL: the GIN index `name` ends with `definition`, and index `gone` is not there."""
    if connection.vendor == "postgresql":
        assert search_indexes()[name].endswith(definition)
        assert gone not in search_indexes()


def searchable_database(state, fields):
    """The database at `state`, holding three ping-pong exchanges (two published, then a draft)
    with `fields` each, the seed exchanges and a pending submission."""
    apps = migrate(state)
    exchanges = [
        ("Ping-pong players tour Guangzhou", "published"),
        ("Ping-pong teachers visit Wuhan", "published"),
        ("Ping-pong coaches visit Kunming", "draft"),
    ]
    added = [(title, status, more) for (title, status), more in zip(exchanges, fields, strict=True)]
    add_exchanges(apps.get_model("exchanges", "Exchange"), added)
    add_searchable_seeds_and_a_submission(apps)
    return apps


@pytest.fixture
def old_database():
    yield searchable_database(BEFORE, [{"type": "sports"}, {"type": "education"}, {"type": "sports"}])
    migrate(latest())


def found(query):
    page = Client().get("/exchanges/", query)
    return [exchange.slug for exchange in page.context["page"].object_list]


def test_the_type_joins_the_search_index_and_leaves_it_going_back(old_database):
    before = rows(old_database)
    assert_index("exchange_search_vector", "USING gin (search_vector)", "exchange_search_type")

    apps = migrate(AFTER)

    assert rows(apps) == before
    assert apps.get_model("contributions", "Submission").objects.filter(status="pending").count() == 1
    assert_index("exchange_search_type", "USING gin (search_vector, type)", "exchange_search_vector")
    migrate(latest())
    assert found({"q": "ping-pong", "type": "education"}) == ["exchange-1"]
    assert found({"q": "ping-pong"}) == ["exchange-1", "exchange-0"]

    apps = migrate(BEFORE)
    assert rows(apps) == before
    assert_index("exchange_search_vector", "USING gin (search_vector)", "exchange_search_type")
    migrate(latest())
    assert found({"q": "ping-pong", "type": "sports"}) == ["exchange-0"]
