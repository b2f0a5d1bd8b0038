"""The migration to the folded search index carries every existing exchange over, found as before and better.

A database is built at the state before it (exchanges 0005), filled with
exchanges written the way the old index read them, then migrated forward.
Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest
from django.db import connection

from tests.migrating import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("exchanges", "0005_link_existing_exchanges")]


@pytest.fixture
def old_database():
    migrate(BEFORE)
    from django.db.migrations.loader import MigrationLoader

    apps = MigrationLoader(connection).project_state(BEFORE).apps
    Exchange = apps.get_model("exchanges", "Exchange")
    for number, (title, participants) in enumerate(
        [
            ("Xi Jinping's state visit to the U.S.", "Xi Jinping; Barack Obama"),
            ("Premier Chou En-lai receives the table tennis team", "Chou En-lai"),
        ]
    ):
        Exchange.objects.create(
            title=title,
            slug=f"old-{number}",
            summary="Officials met.",
            participants=participants,
            date=datetime.date(1971 + number * 40, 4, 1),
            date_last=datetime.date(1971 + number * 40, 4, 1),
            status="published",
        )
    yield
    migrate(latest())


def test_existing_exchanges_are_folded_and_found_by_the_new_index(old_database, client):
    migrate(latest())
    from exchanges.models import Exchange

    visit = Exchange.objects.get(slug="old-0")
    assert visit.search_title == "xi jinping state visit to the usa"
    assert visit.search_names == "xi jinping barack obama"
    for query, slug in [("Xi's visit", "old-0"), ("United States", "old-0"), ("Zhou Enlai", "old-1")]:
        response = client.get("/exchanges/", {"q": query})
        assert [exchange.slug for exchange in response.context["page"].object_list] == [slug], query
    # A new exchange is indexed through the new columns too.
    from tests.factories import make_exchange

    make_exchange(title="Panda diplomacy", title_zh="熊貓外交")
    response = client.get("/exchanges/", {"q": "熊猫"})
    assert [exchange.title for exchange in response.context["page"].object_list] == ["Panda diplomacy"]
