"""0007 gives every stored suggestion a starting point: the exchange as it is at the migration.

A database at the state before it holds a published exchange with two sources, a pending and an
approved suggestion about it, a suggestion whose exchange was deleted, and a new exchange's
submission. Migrated forward, both suggestions start from the exchange's values and source lines,
the other two from nothing, and every other column is as it was; an edit made to the exchange
after the migration then survives the pending suggestion's approval. Runs on SQLite and PostgreSQL.
"""

import datetime

import pytest

from tests.factories import make_moderator
from tests.migrating import add_exchanges, latest, migrate

OTHERS = [("exchanges", "0022_fold_pinyin_apostrophes"), ("entities", "0002_exchange_count")]
BEFORE = [("contributions", "0006_dismissed_hint"), *OTHERS]
AFTER = [("contributions", "0007_suggestion_starting_point"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    add_exchanges(
        Exchange,
        [
            (
                "Strategic dialogue",
                "published",
                {"location": "Washington, DC", "levels": ["national", "state"], "participant_count": 40},
            )
        ],
    )
    exchange = Exchange.objects.get()
    Source = apps.get_model("exchanges", "Source")
    Source.objects.create(exchange=exchange, citation="Transcript", url="https://example.org/t", position=0)
    Source.objects.create(exchange=exchange, citation="", url="https://example.org/u", position=1)
    Submission = apps.get_model("contributions", "Submission")
    # As the suggestion form sends it: the exchange's values, one of them changed.
    suggestion = {
        "kind": "change",
        **{
            name: getattr(exchange, name)
            for name in ["title", "summary", "levels", "participant_count", "date"]
        },
        "location": "Beijing",
        "sources": "Transcript https://example.org/t\nhttps://example.org/u",
    }
    Submission.objects.create(reference="PEND-0001", exchange=exchange, **suggestion)
    Submission.objects.create(reference="APPR-0001", exchange=exchange, status="approved", **suggestion)
    Submission.objects.create(reference="GONE-0001", exchange=None, **suggestion)
    Submission.objects.create(reference="NEW0-0001", title="New", summary="A visit.", date="2021-04-10")
    yield apps
    migrate(latest())


def test_every_suggestion_starts_from_the_exchange_as_it_is_at_the_migration(old_database):
    before = {
        row["reference"]: row
        for row in old_database.get_model("contributions", "Submission").objects.values()
    }

    apps = migrate(AFTER)

    after = {row["reference"]: row for row in apps.get_model("contributions", "Submission").objects.values()}
    start = after["PEND-0001"]["started_from"]
    assert start["title"] == "Strategic dialogue"
    assert start["location"] == "Washington, DC"
    assert start["levels"] == ["national", "state"]
    assert start["participant_count"] == 40
    assert start["date"] == "2015-03-01" and start["end_date"] is None and start["government"] is None
    assert start["sources"] == ["Transcript https://example.org/t", "https://example.org/u"]
    assert after["APPR-0001"]["started_from"] == start
    assert after["GONE-0001"]["started_from"] is None
    assert after["NEW0-0001"]["started_from"] is None
    for reference, row in before.items():
        assert {**after[reference], "started_from": None} == {**row, "started_from": None}, reference


def test_an_edit_after_the_migration_survives_approving_an_older_suggestion(old_database):
    migrate(latest())
    from contributions import moderation
    from contributions.models import Submission
    from exchanges.models import Exchange

    exchange = Exchange.objects.get()
    exchange.summary = "Edited after the upgrade."
    exchange.save()
    pending = Submission.objects.get(reference="PEND-0001")
    assert pending.starting_point().date == datetime.date(2015, 3, 1)

    assert moderation.approve(pending.pk, make_moderator()).done

    exchange.refresh_from_db()
    assert (exchange.location, exchange.summary) == ("Beijing", "Edited after the upgrade.")
    assert exchange.sources.count() == 2
