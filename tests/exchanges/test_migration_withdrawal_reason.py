"""exchanges 0034 adds why an exchange was withdrawn, said on the page left in its place.

A database before it holds the seed exchanges, exchanges published and withdrawn, a pending
submission and people with aliases; migrated forward, every row keeps every column and an
exchange gives no reason, takes one, and going back leaves every row as it was. Runs on SQLite
and PostgreSQL.
"""

import pytest

from tests.migrating import (
    add_exchanges,
    add_people,
    add_searchable_seeds_and_a_submission,
    found_by_index,
    latest,
    migrate,
    people_rows,
    record_rows,
)

OTHERS = [("contributions", "0017_last_changed"), ("entities", "0011_known_chinese_names")]
BEFORE = [("exchanges", "0033_notes_on_the_record"), *OTHERS]
AFTER = [("exchanges", "0034_withdrawal_reason"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_searchable_seeds_and_a_submission(apps)
    add_people(
        apps,
        [
            ("kurt-campbell", "Kurt Campbell", "库尔特·坎贝尔", ["Dr. Campbell"]),
            ("hu", "Hu Jintao", "胡锦涛", []),
        ],
    )
    add_exchanges(
        apps.get_model("exchanges", "Exchange"),
        [("Governors meet in Des Moines", "published", {}), ("Mayors visit", "draft", {"notes": "Seen."})],
    )
    yield apps
    migrate(latest())


def rows(apps):
    return {row["slug"]: row for row in apps.get_model("exchanges", "Exchange").objects.values()}


def test_every_row_is_kept_with_no_reason_given_and_back(old_database):
    records, people = record_rows(old_database), people_rows(old_database)
    assert len(records["Exchange"]) == 12 and len(records["Submission"]) == 1
    assert old_database.get_model("contributions", "Submission").objects.get().status == "pending"
    assert len(people["Person"]) == 2 and len(people["PersonAlias"]) == 1

    apps = migrate(AFTER)

    after = record_rows(apps)
    assert after["Submission"] == records["Submission"]
    assert after["Exchange"].keys() == records["Exchange"].keys()
    for pk, row in records["Exchange"].items():
        assert after["Exchange"][pk] == {**row, "withdrawal_reason": ""}, pk
    assert people_rows(apps) == people
    apps.get_model("exchanges", "Exchange").objects.filter(slug="exchange-1").update(
        withdrawal_reason="A repeat."
    )

    apps = migrate(BEFORE)

    assert record_rows(apps) == records
    assert people_rows(apps) == people


def test_the_search_still_follows_every_change_both_ways(old_database):
    # SQLite adds the column by making the table again, which dropped the triggers that keep its
    # full-text index in step: an exchange changed after it was no longer found by its new words.
    for target, word in ((AFTER, "zanzibar"), (BEFORE, "timbuktu")):
        Exchange = migrate(target).get_model("exchanges", "Exchange")
        Exchange.objects.filter(slug="exchange-0").update(search_title=word)
        assert found_by_index(word) == [Exchange.objects.get(slug="exchange-0").pk], target
