"""0020 adds an index of places' links in date order (their page's walk, sorted by relevance).

A database at the state before it (exchanges 0019) holds the seed exchanges linked to their places
(and the places those lie in), a draft and a pending submission. Migrated forward, every exchange,
link and the submission stay as they were and the index is there; going back removes it. Runs on
SQLite and PostgreSQL alike.
"""

import pytest

from tests.migrating import add_linked_seeds_and_a_submission, latest, migrate, table_shape

OTHERS = [("contributions", "0006_dismissed_hint"), ("entities", "0002_exchange_count")]
BEFORE = [("exchanges", "0019_entity_counts"), *OTHERS]
AFTER = [("exchanges", "0020_place_links_by_date"), *OTHERS]
INDEX = "exchange_place_all_by_date"

TABLE = "exchanges_exchangeplace"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_linked_seeds_and_a_submission(
        apps, [("Draft visit to Los Angeles", "draft", {"location": "Los Angeles, California"})]
    )
    yield apps
    migrate(latest())


def rows(apps):
    return (
        sorted(apps.get_model("exchanges", "Exchange").objects.values_list("slug", "status", "date")),
        sorted(
            apps.get_model("exchanges", "ExchangePlace").objects.values_list(
                "exchange__slug", "place__name", "direct", "published_date"
            )
        ),
        sorted(apps.get_model("contributions", "Submission").objects.values_list("reference", "status")),
    )


def test_the_index_is_added_and_every_row_stays(old_database):
    before = rows(old_database)
    assert before[1], "the seed exchanges are linked to places"
    assert "pending" in {status for _reference, status in before[2]}
    assert INDEX not in table_shape(TABLE)[1]

    apps = migrate(AFTER)

    assert rows(apps) == before
    assert table_shape(TABLE)[1][INDEX] == ["place_id", "published_date", "exchange_id"]

    apps = migrate(BEFORE)
    assert rows(apps) == before
    assert INDEX not in table_shape(TABLE)[1]
