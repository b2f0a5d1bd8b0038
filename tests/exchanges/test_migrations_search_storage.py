"""0018 keeps each exchange's search words in its row, on PostgreSQL.

A database at the state before it (exchanges 0017) holds the seed exchanges, a draft, a pending
submission and exchanges long enough that their words were moved out to the TOAST table; it is
migrated forward and back. On PostgreSQL a search that reads every row's words then reads the
table's own pages and nothing else, and going back moves the words out again; on SQLite nothing
changes. On both every row stays, and searches find what they found before.
"""

import datetime
import json
import random
import string

import pytest
from django.db import connection

from tests.exchanges.test_migrations_search_type import found, rows, searchable_database
from tests.migrating import latest, migrate

SUBMISSIONS = ("contributions", "0006_dismissed_hint")
BEFORE = [("exchanges", "0017_search_index_with_level"), SUBMISSIONS]
AFTER = [("exchanges", "0018_search_words_kept_in_the_row"), SUBMISSIONS]
LONG = 12

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def long_text(seed):
    """120 made-up words that compress badly: their row is over 2 kB, their search words 1-2 kB."""
    letters = random.Random(seed)
    return " ".join("".join(letters.choices(string.ascii_lowercase, k=8)) for _ in range(120))


@pytest.fixture
def old_database():
    apps = searchable_database(BEFORE, [{}, {}, {}])
    Exchange = apps.get_model("exchanges", "Exchange")
    for number in range(LONG):
        title, text, day = f"Ping-pong league report {number}", long_text(number), datetime.date(2016, 1, 1)
        exchange = Exchange(title=title, slug=f"long-{number}", summary=text, date=day, date_last=day)
        # The search columns are filled by Exchange.save(), which a historical model lacks.
        exchange.search_title, exchange.search_body = title.lower(), text
        exchange.status = "published"
        exchange.save()
    yield apps
    migrate(latest())


def pages_read_by_a_search():
    """(pages the table has, pages a search reading every row's words reads) on PostgreSQL."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('exchanges_exchange') / current_setting('block_size')::int")
        table = cursor.fetchone()[0]
        cursor.execute("SET enable_indexscan = off; SET enable_bitmapscan = off")
        try:
            cursor.execute(
                "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT count(*) FROM exchanges_exchange "
                "WHERE search_vector @@ to_tsquery('english', 'pong')"
            )
            plan = cursor.fetchone()[0]
        finally:
            cursor.execute("RESET enable_indexscan; RESET enable_bitmapscan")
    plan = plan if isinstance(plan, list) else json.loads(plan)
    top = plan[0]["Plan"]
    return table, top["Shared Hit Blocks"] + top["Shared Read Blocks"]


def all_visible():
    """Whether the visibility map marks every page of the table, as index-only scans need."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible, relpages FROM pg_class WHERE relname = 'exchanges_exchange'")
        visible, pages = cursor.fetchone()
        return pages > 0 and visible == pages


def storage():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'exchanges_exchange'::regclass AND attname = 'search_vector'"
        )
        return cursor.fetchone()[0]


def test_the_search_words_come_into_the_row_and_leave_it_going_back(old_database):
    before = rows(old_database)
    postgres = connection.vendor == "postgresql"
    if postgres:
        table, read = pages_read_by_a_search()
        # The words of the long exchanges are read from the TOAST table, a page or more each.
        assert read >= table + LONG

    apps = migrate(AFTER)

    assert rows(apps) == before
    assert apps.get_model("contributions", "Submission").objects.filter(status="pending").count() == 1
    if postgres:
        assert storage() == "m"
        table, read = pages_read_by_a_search()
        assert read == table
        assert all_visible()
    migrate(latest())
    assert found({"q": "ping-pong league report 3"}) == ["long-3"]
    assert found({"q": long_text(5).split()[40]}) == ["long-5"]
    assert len(found({"q": "ping-pong"})) == 2 + LONG

    apps = migrate(BEFORE)
    assert rows(apps) == before
    if postgres:
        assert storage() == "x"
        table, read = pages_read_by_a_search()
        assert read >= table + LONG
        assert all_visible()
    migrate(latest())
    assert found({"q": "ping-pong league report 3"}) == ["long-3"]
