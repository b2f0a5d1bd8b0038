"""The migrations to the shared record model carry every exchange and submission over unchanged.

A database is built at the state before them (exchanges 0001, contributions
0002), filled the way the site filled it (published exchanges as the seed made
them, pending submissions as the form stored them), then migrated forward.
Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrating import migrate

BEFORE = [("exchanges", "0001_initial"), ("contributions", "0002_moderators_group")]
AFTER = [("exchanges", "0002_record_as_written"), ("contributions", "0003_record_as_written")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

D = datetime.date


OLD_EXCHANGES = [
    # (title, government, level, date, precision, end_date, continuing)
    (
        "Obama and Xi discuss cooperation in a phone call",
        True,
        "national",
        D(2014, 7, 14),
        "day",
        None,
        False,
    ),
    ("Xi and Obama meet at Sunnylands", True, "national", D(2013, 6, 1), "month", None, False),
    ("Blinken visits Beijing", True, "national", D(2023, 6, 18), "day", D(2023, 6, 19), False),
    ("Los Angeles and Guangzhou sister cities", True, "local", D(1981, 1, 1), "year", None, True),
    ("University exchange programme", False, "", D(2015, 9, 1), "day", None, True),
]


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    Source = apps.get_model("exchanges", "Source")
    Submission = apps.get_model("contributions", "Submission")
    for number, (title, government, level, day, precision, end, continuing) in enumerate(OLD_EXCHANGES):
        exchange = Exchange.objects.create(
            title=title,
            slug=f"old-{number}",
            summary=f"Summary of {title}.",
            outcomes="Outcomes.",
            government=government,
            type="diplomatic" if government else "education",
            level=level,
            partners="U.S. Government\nGovernment of the People's Republic of China",
            participants="Officials",
            participant_count=2,
            participant_count_note="",
            date=day,
            date_precision=precision,
            end_date=end,
            date_last=end or day,
            continuing=continuing,
            location="Beijing",
            status="published",
        )
        Source.objects.create(exchange=exchange, citation=f"Source of {title}", url="https://example.org/")
    for level, government in [("state", True), ("", False)]:
        Submission.objects.create(
            reference=f"AAAA-{level or 'NONE'}"[:9],
            title=f"Pending {level or 'civic'} submission",
            summary="Governors met.",
            government=government,
            type="business",
            level=level,
            date=D(2019, 5, 20),
            date_precision="day",
            continuing=False,
            sources="Houston Chronicle https://example.org/forum",
            contributor_email="jane@example.org",
        )
    yield apps
    # Back to the latest state, for the tests that follow.
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_every_exchange_and_submission_comes_over_unchanged(old_database):
    apps = migrate(AFTER)
    Exchange = apps.get_model("exchanges", "Exchange")
    Submission = apps.get_model("contributions", "Submission")
    rows = {exchange.title: exchange for exchange in Exchange.objects.all()}
    assert len(rows) == len(OLD_EXCHANGES)
    for title, government, level, day, precision, end, continuing in OLD_EXCHANGES:
        exchange = rows[title]
        assert exchange.government is government
        assert exchange.levels == ([level] if level else [])
        assert (exchange.date, exchange.date_precision, exchange.end_date) == (day, precision, end)
        assert exchange.circa is False
        assert exchange.continuing is continuing
        assert exchange.type_as_recorded == ""
        assert exchange.summary == f"Summary of {title}."
        assert exchange.partners == "U.S. Government\nGovernment of the People's Republic of China"
        assert exchange.participant_count == 2
        assert exchange.status == "published"
        assert exchange.sources.get().citation == f"Source of {title}"
    submissions = {submission.title: submission for submission in Submission.objects.all()}
    state = submissions["Pending state submission"]
    assert (state.government, state.levels, state.status) == (True, ["state"], "pending")
    assert (state.date, state.sources, state.contributor_email) == (
        D(2019, 5, 20),
        "Houston Chronicle https://example.org/forum",
        "jane@example.org",
    )
    civic = submissions["Pending civic submission"]
    assert (civic.government, civic.levels, civic.import_key) == (False, [], "")


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_the_migrated_catalogue_is_still_searched_and_filtered(old_database, client):
    # To the latest migrations: the current models (make_exchange below) need every column.
    migrate(latest())
    response = client.get("/exchanges/?q=Sunnylands")
    assert [exchange.title for exchange in response.context["page"].object_list] == [
        "Xi and Obama meet at Sunnylands"
    ]
    response = client.get("/exchanges/?level=local")
    assert [exchange.title for exchange in response.context["page"].object_list] == [
        "Los Angeles and Guangzhou sister cities"
    ]
    # A new exchange is indexed too: the full-text triggers survive SQLite's table rebuild.
    from tests.factories import make_exchange

    make_exchange(title="Panda diplomacy in Washington")
    response = client.get("/exchanges/?q=panda")
    assert [exchange.title for exchange in response.context["page"].object_list] == [
        "Panda diplomacy in Washington"
    ]
