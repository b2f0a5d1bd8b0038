"""exchanges 0034 adds why an exchange was withdrawn, said on the page left in its place.

A database before it holds the seed exchanges, published and withdrawn; migrated forward, every
row keeps every column and gives no reason, takes one, and going back leaves the rows as they were.
Runs on SQLite and PostgreSQL.
"""

import pytest

from tests.migrating import add_exchanges, found_by_index, latest, migrate

OTHERS = [("contributions", "0017_last_changed"), ("entities", "0011_known_chinese_names")]
BEFORE = [("exchanges", "0033_notes_on_the_record"), *OTHERS]
AFTER = [("exchanges", "0034_withdrawal_reason"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_exchanges(
        apps.get_model("exchanges", "Exchange"),
        [("Governors meet in Des Moines", "published", {}), ("Mayors visit", "draft", {"notes": "Seen."})],
    )
    yield apps
    migrate(latest())


def rows(apps):
    return {row["slug"]: row for row in apps.get_model("exchanges", "Exchange").objects.values()}


def test_every_exchange_is_kept_with_no_reason_given(old_database):
    before = rows(old_database)
    assert len(before) == 2

    apps = migrate(AFTER)

    after = rows(apps)
    assert set(after) == set(before)
    for slug, row in before.items():
        assert after[slug].pop("withdrawal_reason") == "", slug
        assert after[slug] == row, slug
    apps.get_model("exchanges", "Exchange").objects.filter(slug="exchange-1").update(
        withdrawal_reason="A repeat."
    )
    assert rows(migrate(BEFORE)) == before


def test_the_search_still_follows_every_change_both_ways(old_database):
    # SQLite adds the column by making the table again, which dropped the triggers that keep its
    # full-text index in step: an exchange changed after it was no longer found by its new words.
    for target, word in ((AFTER, "zanzibar"), (BEFORE, "timbuktu")):
        Exchange = migrate(target).get_model("exchanges", "Exchange")
        Exchange.objects.filter(slug="exchange-0").update(search_title=word)
        assert found_by_index(word) == [Exchange.objects.get(slug="exchange-0").pk], target
