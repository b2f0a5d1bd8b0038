"""The migrations of the catalogue's speed at scale keep every row, list and search.

0012 widens the search index's statistics on PostgreSQL; 0013 rebuilds the date-ordered indexes
with the structured columns beside their keys. A database is built at the state before them
(exchanges 0011), holding the seed exchanges, a draft and a pending submission; it is migrated
forward and back. On PostgreSQL the column's statistics target goes to 1,000 and back to the
default; on SQLite nothing changes. On both the rows are all there, and a search and a filtered
list find what they found before.
"""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from tests.migrating import add_exchanges, add_seed_exchanges, latest, migrate, seed_rows

SUBMISSIONS = ("contributions", "0006_dismissed_hint")
BEFORE = [("exchanges", "0011_link_published_dates"), SUBMISSIONS]
AFTER = [("exchanges", "0012_search_vector_statistics"), SUBMISSIONS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def statistics_target():
    """The search column's statistics target on PostgreSQL (None or -1: the default), else None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'exchanges_exchange'::regclass AND attname = 'search_vector'"
        )
        return cursor.fetchone()[0]


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    Submission = apps.get_model("contributions", "Submission")
    add_exchanges(
        Exchange,
        [
            ("Ping-pong players tour Guangzhou", "published", {}),
            ("Governors meet in Sacramento", "published", {}),
            ("Ping-pong coaches visit Kunming", "draft", {}),
        ],
    )
    add_seed_exchanges(
        Exchange,
        lambda row: {
            "government": True,
            "continuing": False,
            "search_title": row["Title"],
            "search_names": row["Location"],
            "search_body": row["Summary"],
        },
    )
    Submission.objects.create(
        title="Ping-pong diplomacy anniversary", summary="Players met again.", date=datetime.date(2021, 4, 10)
    )
    yield apps
    migrate(latest())


def test_rows_and_searches_survive_and_postgresql_keeps_wider_statistics(old_database):
    assert statistics_target() in (None, -1)
    Exchange = old_database.get_model("exchanges", "Exchange")
    before = sorted(Exchange.objects.values_list("slug", "status", "title"))

    apps = migrate(AFTER)

    assert (
        sorted(apps.get_model("exchanges", "Exchange").objects.values_list("slug", "status", "title"))
        == before
    )
    assert apps.get_model("contributions", "Submission").objects.filter(status="pending").count() == 1
    if connection.vendor == "postgresql":
        assert statistics_target() == 1000
    migrate(latest())
    page = Client().get("/exchanges/", {"q": "ping-pong"})
    assert [exchange.slug for exchange in page.context["page"].object_list] == ["exchange-0"]
    rows = seed_rows()
    # Newest first (the seed rows were dated a day apart in their order); the word's stem finds
    # "telephone" too, in the summary or the place ("By telephone").
    calls = [
        f"seed-{n}"
        for n, row in reversed(list(enumerate(rows)))
        if "telephon" in (row["Summary"] + row["Location"]).lower()
    ]
    page = Client().get("/exchanges/", {"q": "telephoned"})
    assert calls and [exchange.slug for exchange in page.context["page"].object_list] == calls
    # Written through the historical models, not the publishing function: counted as the README says.
    call_command("rebuild_counts", verbosity=0)
    page = Client().get("/exchanges/", {"government": "none", "continuing": "none"})
    assert [exchange.slug for exchange in page.context["page"].object_list] == ["exchange-1", "exchange-0"]

    migrate(BEFORE)
    assert statistics_target() in (None, -1)
