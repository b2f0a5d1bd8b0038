"""0017 puts the levels beside the words and the type in the search's GIN index, on PostgreSQL.

A database at the state before it (exchanges 0016) holds the seed exchanges, a draft and a
pending submission; it is migrated forward and back. On PostgreSQL the index on the words and
the type becomes one on the words, the type and the levels, and back; on SQLite (FTS5)
nothing changes. On both every row stays, and a search under a level filter finds what it found
before.
"""

import pytest
from django.db import connection

from tests.exchanges.test_migrations_search_type import assert_index, found, rows, searchable_database
from tests.migrating import latest, migrate

SUBMISSIONS = ("contributions", "0006_dismissed_hint")
BEFORE = [("exchanges", "0016_sitemap_date_index"), SUBMISSIONS]
AFTER = [("exchanges", "0017_search_index_with_level"), SUBMISSIONS]
TYPE_ONLY = "USING gin (search_vector, type)"
WITH_LEVEL = "USING gin (search_vector, type, string_to_array((levels)::text, ','::text))"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    levels = [{"levels": ["state", "local"]}, {"levels": ["national"]}, {"levels": ["local"]}]
    yield searchable_database(BEFORE, levels)
    migrate(latest())


def has_statistics(index):
    """Whether the planner has statistics of the index's expression (ANALYZE read it)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [index])
        return cursor.fetchone()[0] == 1


def test_the_levels_join_the_search_index_and_leave_it_going_back(old_database):
    before = rows(old_database)
    levels = sorted(old_database.get_model("exchanges", "Exchange").objects.values_list("slug", "levels"))
    assert_index("exchange_search_type", TYPE_ONLY, "exchange_search_type_level")

    apps = migrate(AFTER)

    assert rows(apps) == before
    assert sorted(apps.get_model("exchanges", "Exchange").objects.values_list("slug", "levels")) == levels
    assert apps.get_model("contributions", "Submission").objects.filter(status="pending").count() == 1
    assert_index("exchange_search_type_level", WITH_LEVEL, "exchange_search_type")
    if connection.vendor == "postgresql":
        assert has_statistics("exchange_search_type_level")
    migrate(latest())
    assert found({"q": "ping-pong", "level": "local"}) == ["exchange-0"]
    assert found({"q": "ping-pong", "level": ["national", "local"]}) == ["exchange-1", "exchange-0"]

    apps = migrate(BEFORE)
    assert rows(apps) == before
    assert_index("exchange_search_type", TYPE_ONLY, "exchange_search_type_level")
    migrate(latest())
    assert found({"q": "ping-pong", "level": "state"}) == ["exchange-0"]
