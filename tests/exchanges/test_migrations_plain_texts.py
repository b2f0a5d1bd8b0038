"""Exchanges 0030 and contributions 0012 make plain the texts stored before validation made them so.

A database at the state before them (exchanges 0029, contributions 0011) holds the seed exchanges
and a pending submission that need nothing, and rows stored with characters that show nothing: a
published exchange with a zero-width space and a soft hyphen in its title, a form feed in its
summary and doubled spaces on its location line; one titled with zero-width spaces alone; a draft
titled with a form feed; and a pending suggested change with a zero-width space after the
contributor's email, in its sources and in the exchange as it started from. Migrated forward, those
texts are plain, the search columns and sort title follow, an empty title becomes "Untitled", and
every other column of every row is as it was. Runs on SQLite and PostgreSQL alike.
"""

import datetime
import importlib

import pytest
from django.db import connection

from tests.migrating import add_exchanges, add_searchable_seeds_and_a_submission, latest, migrate, record_rows

OTHERS = [("entities", "0007_former_slugs")]
BEFORE = [
    ("exchanges", "0029_bare_web_addresses_no_organisations"),
    ("contributions", "0011_moderators_work_on_entities"),
    *OTHERS,
]
AFTER = [("exchanges", "0030_plain_texts"), ("contributions", "0012_plain_texts"), *OTHERS]
DERIVED = ["search_title", "search_names", "search_body", "title_sort"]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(
        Exchange,
        [
            (
                "Ping\u200bpong diplo\u00admacy",
                "published",
                {"location": " Beijing  and\tShanghai "},
            ),
            ("\u200b\u200b", "published", {"partners": "Ford Foundation\r\nAsia Society"}),
            ("\x0c", "draft", {}),
        ],
    )
    Exchange.objects.filter(slug="exchange-0").update(summary="Players met.\x0cPage two.")
    Exchange.objects.filter(slug="exchange-1").update(summary="Two foundations met.")
    Exchange.objects.filter(slug="exchange-2").update(summary="A draft.")
    apps.get_model("contributions", "Submission").objects.create(
        title="Ping-pong diplomacy, corrected",
        summary="Players met.\x0cPage two.",
        date=datetime.date(1971, 4, 10),
        kind="change",
        exchange=Exchange.objects.get(slug="exchange-0"),
        sources="Time magazine\u200b https://example.org/pingpong",
        contributor_email="jane@example.org\u200b",
        started_from={
            "title": "Ping\u200bpong diplo\u00admacy",
            "summary": "Players met.\x0cPage two.",
            "date": "2015-03-01",
            "sources": ["Time\u200b magazine"],
        },
    )
    yield apps
    migrate(latest())


def by_slug(exchanges, slug):
    return next(row for row in exchanges.values() if row["slug"] == slug)


def test_texts_stored_with_invisible_characters_are_made_plain(old_database):
    before = record_rows(old_database)
    assert len(before["Exchange"]) > 10
    assert [row["status"] for row in before["Submission"].values()] == ["pending", "pending"]

    apps = migrate(AFTER)

    after = record_rows(apps)
    exchanges = after["Exchange"]
    ping, invisible, draft = (by_slug(exchanges, f"exchange-{number}") for number in range(3))
    assert (ping["title"], ping["summary"], ping["location"]) == (
        "Pingpong diplomacy",
        "Players met.\nPage two.",
        "Beijing and Shanghai",
    )
    assert (ping["search_title"], ping["title_sort"]) == ("pingpong diplomacy", "pingpong diplomacy")
    # A title of nothing to show keeps a placeholder, and the exchange its address.
    assert (invisible["title"], invisible["title_sort"], invisible["slug"]) == (
        "Untitled",
        "untitled",
        "exchange-1",
    )
    assert invisible["partners"] == "Ford Foundation\nAsia Society"
    assert (draft["title"], draft["status"]) == ("Untitled", "draft")
    suggestion = next(row for row in after["Submission"].values() if row["kind"] == "change")
    assert suggestion["contributor_email"] == "jane@example.org"
    assert suggestion["sources"] == "Time magazine https://example.org/pingpong"
    assert suggestion["summary"] == "Players met.\nPage two."
    assert suggestion["started_from"] == {
        "title": "Pingpong diplomacy",
        "summary": "Players met.\nPage two.",
        "date": "2015-03-01",
        "sources": ["Time magazine"],
    }
    # Every other column of those rows, and every column of every other row, is as it was.
    changed = {
        ("Exchange", ping["id"]): ["title", "summary", "location", *DERIVED],
        ("Exchange", invisible["id"]): ["title", "partners", *DERIVED],
        ("Exchange", draft["id"]): ["title", *DERIVED],
        ("Submission", suggestion["id"]): ["summary", "sources", "contributor_email", "started_from"],
    }
    for model, table in before.items():
        assert table.keys() == after[model].keys()
        for pk, row in table.items():
            for column, value in row.items():
                if column not in changed.get((model, pk), []):
                    assert after[model][pk][column] == value, (model, pk, column)

    from exchanges.models import Exchange

    found = Exchange.objects.published().search("pingpong diplomacy").values_list("slug", flat=True)
    assert "exchange-0" in found


def test_only_the_rows_that_change_are_written_and_a_second_run_writes_none(old_database):
    plain = importlib.import_module("exchanges.migrations.0030_plain_texts")
    Exchange = old_database.get_model("exchanges", "Exchange")
    Submission = old_database.get_model("contributions", "Submission")
    # Texts plain_text leaves as they are (a box's tab, a line's single spaces) are not even read.
    day = datetime.date(2016, 1, 1)
    Exchange.objects.create(
        title="Plain title", slug="plain", summary="Tabs\tstay.", location="Beijing", date=day, date_last=day
    )

    assert plain.make_plain(Exchange, plain.TEXTS, connection) == 3
    assert plain.make_plain(Exchange, plain.TEXTS, connection) == 0
    submission_texts = importlib.import_module("contributions.migrations.0012_plain_texts").TEXTS
    assert plain.make_plain(Submission, submission_texts, connection) == 1
    assert plain.make_plain(Submission, submission_texts, connection) == 0


def test_source_citations_are_made_plain_and_one_of_nothing_without_an_address_is_named(old_database):
    Exchange = old_database.get_model("exchanges", "Exchange")
    Source = old_database.get_model("exchanges", "Source")
    exchange = Exchange.objects.get(slug="exchange-0")
    pasted = [
        ("Time\u200b magazine\x0c", "https://example.org/time"),
        ("\u200b", "https://example.org/only-an-address"),
        ("\ufeff\u200b", ""),
        ("Already plain", ""),
    ]
    ids = [
        Source.objects.create(exchange=exchange, citation=c, url=u, position=n).pk
        for n, (c, u) in enumerate(pasted)
    ]
    untouched = {row["id"]: row for row in Source.objects.exclude(pk__in=ids).values()}

    apps = migrate(AFTER)

    Source = apps.get_model("exchanges", "Source")
    after = {source.pk: (source.citation, source.url) for source in Source.objects.filter(pk__in=ids)}
    assert [after[pk] for pk in ids] == [
        ("Time magazine", "https://example.org/time"),
        ("", "https://example.org/only-an-address"),
        ("Source not named", ""),
        ("Already plain", ""),
    ]
    assert {row["id"]: row for row in Source.objects.exclude(pk__in=ids).values()} == untouched
