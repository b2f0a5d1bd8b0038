"""exchanges 0026 and contributions 0010 give every published exchange its first publication.

A database at the state before them holds the seed exchanges, a draft, a pending submission, an
exchange an approved submission made, one a suggested change was approved on, and a withdrawn one
an approved submission had made. Migrated forward, each published exchange is first published
when its row was made, or when the submission that made it was approved; drafts have no time;
every other column, and every submission, is as it was; the feeds' index is on the new column.
Back and forth again, the same. Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest
from django.utils import timezone

from tests.migrating import (
    add_exchanges,
    add_searchable_seeds_and_a_submission,
    found_by_index,
    latest,
    migrate,
    submission_rows,
    table_shape,
)

ENTITIES = [("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0025_organisations_listed_apart"), ("contributions", "0009_form_key"), *ENTITIES]
AFTER = [
    ("exchanges", "0026_first_published"),
    ("contributions", "0010_first_published_on_approval"),
    *ENTITIES,
]

MADE = timezone.make_aware(datetime.datetime(2021, 5, 3, 9, 0))
APPROVED = MADE + datetime.timedelta(seconds=1)
CHANGED = MADE + datetime.timedelta(days=30)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_searchable_seeds_and_a_submission(apps)
    Exchange = apps.get_model("exchanges", "Exchange")
    add_exchanges(
        Exchange,
        [
            ("Draft visit", "draft", {}),
            ("Governors' forum", "published", {}),
            ("Panda loan", "published", {}),
            ("Withdrawn talks", "draft", {}),
        ],
    )
    Exchange.objects.filter(slug__in=["exchange-1", "exchange-3"]).update(created=MADE)
    Submission = apps.get_model("contributions", "Submission")
    made = {"kind": "new", "status": "approved", "date": datetime.date(2019, 5, 20)}
    for slug, values in [
        ("exchange-1", {**made, "decided_at": APPROVED}),
        ("exchange-2", {**made, "kind": "change", "decided_at": CHANGED}),
        ("exchange-3", {**made, "decided_at": APPROVED}),
    ]:
        exchange = Exchange.objects.get(slug=slug)
        Submission.objects.create(
            title=exchange.title, summary="Sent in.", published_exchange=exchange, exchange=exchange, **values
        )
    yield apps
    migrate(latest())


def snapshot(apps):
    Exchange = apps.get_model("exchanges", "Exchange")
    return {row["slug"]: row for row in Exchange.objects.values()}, submission_rows(apps)


def test_each_published_exchange_is_first_published_from_the_best_evidence(old_database):
    exchanges, submissions = snapshot(old_database)
    assert len(exchanges) > 8
    assert sorted(status for _reference, status, _title in submissions) == ["approved"] * 3 + ["pending"]
    columns, indexes = table_shape("exchanges_exchange")
    assert "published" not in columns and "exchange_published_created" in indexes

    apps = migrate(AFTER)

    after, submissions_after = snapshot(apps)
    assert submissions_after == submissions
    assert after.keys() == exchanges.keys()
    for slug, row in exchanges.items():
        assert {key: value for key, value in after[slug].items() if key != "published"} == row
    # Approved as a new exchange: then. A draft, even one a submission made: none. Otherwise, as made.
    assert after["exchange-1"]["published"] == APPROVED
    assert after["exchange-0"]["published"] is None and after["exchange-3"]["published"] is None
    for slug, row in exchanges.items():
        if row["status"] == "published" and slug != "exchange-1":
            assert after[slug]["published"] == row["created"], slug
    columns, indexes = table_shape("exchanges_exchange")
    assert "published" in columns and "exchange_published_created" not in indexes
    assert indexes["exchange_first_published"] == ["status", "published", "id"]

    # Undone and done again, it comes out the same, and the full-text index still follows the rows.
    migrate(BEFORE)
    columns, indexes = table_shape("exchanges_exchange")
    assert "published" not in columns and "exchange_published_created" in indexes
    apps = migrate(AFTER)
    assert snapshot(apps) == (after, submissions)
    Exchange = apps.get_model("exchanges", "Exchange")
    Exchange.objects.filter(slug="exchange-2").update(search_title="zebrafish")
    assert found_by_index("zebrafish") == [after["exchange-2"]["id"]]
