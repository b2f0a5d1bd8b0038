"""0024 keeps every exchange's title as sort=title orders it.

A database at the state before it (exchanges 0023) holds the seed exchanges, titles whose byte order
is not the alphabet's, a draft and a pending submission. Migrated forward, each exchange holds its
title folded (case, accents, leading quotes), every other column and the submission are as they
were, and the full-text index still follows the rows (SQLite adds the column by making the table
again, which dropped the index's triggers), also after going back and forth. Runs on SQLite and
PostgreSQL alike.
"""

import pytest

from exchanges.models import sort_title
from tests.migrating import (
    add_exchanges,
    add_searchable_seeds_and_a_submission,
    found_by_index,
    latest,
    migrate,
    submission_rows,
)

OTHERS = [("contributions", "0006_dismissed_hint"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0023_chinese_names_aside"), *OTHERS]
AFTER = [("exchanges", "0024_title_sort"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(
        apps.get_model("exchanges", "Exchange"),
        [
            ("CCTV America opens", "published", {}),
            ("“Ping-pong” rematch", "published", {}),
            ("École exchange", "draft", {}),
        ],
    )
    yield apps
    migrate(latest())


def snapshot(apps):
    Exchange = apps.get_model("exchanges", "Exchange")
    return (
        {row["slug"]: row for row in Exchange.objects.values()},
        submission_rows(apps),
    )


def test_each_title_is_kept_as_it_sorts_and_the_index_still_follows(old_database):
    exchanges, submissions = snapshot(old_database)
    assert len(exchanges) > 5 and submissions[0][1] == "pending"

    apps = migrate(AFTER)

    after, submissions_after = snapshot(apps)
    assert submissions_after == submissions
    assert after["exchange-0"]["title_sort"] == "cctv america opens"
    assert after["exchange-1"]["title_sort"] == "ping-pong” rematch"
    assert after["exchange-2"]["title_sort"] == "ecole exchange"
    for slug, row in exchanges.items():
        assert after[slug]["title_sort"] == sort_title(row["title"])
        assert {key: value for key, value in after[slug].items() if key != "title_sort"} == row

    # Rows written after the migration, and after undoing and redoing it, are still indexed.
    Exchange = apps.get_model("exchanges", "Exchange")
    added = add_one(Exchange, "zebrafish")
    assert found_by_index("zebrafish") == [added]
    Exchange = migrate(BEFORE).get_model("exchanges", "Exchange")
    Exchange.objects.filter(pk=added).update(search_title="okapi")
    assert found_by_index("okapi") == [added] and found_by_index("zebrafish") == []
    Exchange = migrate(AFTER).get_model("exchanges", "Exchange")
    Exchange.objects.filter(pk=added).delete()
    assert found_by_index("okapi") == []


def add_one(Exchange, word):
    exchange = Exchange.objects.create(
        title=word, slug=word, summary=".", date="2020-01-01", date_last="2020-01-01", status="published"
    )
    Exchange.objects.filter(pk=exchange.pk).update(search_title=word)
    return exchange.pk
