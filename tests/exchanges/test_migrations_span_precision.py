"""Exchanges 0032 and contributions 0013 give a span's end its own precision.

A database at the state before them (exchanges 0031, contributions 0012) holds the seed exchanges and
a pending submission, which need nothing, and spans stored from ends of two precisions, which the
start's precision made read otherwise: a year ending on March 31, 1986 ("1985 – March 1986", shown
as "1985–1986"), a month ending on July 4, and a submission of a year ending in March; beside them
spans whose ends are known alike (years, months, days), which stay as they were. Migrated forward,
the first have the end's precision and every other column of every row is as it was; backwards,
the column goes and the rows are as before. The full-text index stays in step on SQLite, whose
table is made again. Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest

from tests.migrating import (
    add_exchanges,
    add_searchable_seeds_and_a_submission,
    found_by_index,
    latest,
    migrate,
    record_rows,
)

D = datetime.date
OTHERS = [("entities", "0009_deleted_entities")]
BEFORE = [("exchanges", "0031_import_previews"), ("contributions", "0012_plain_texts"), *OTHERS]
AFTER = [
    ("exchanges", "0032_span_ends_of_their_own_precision"),
    ("contributions", "0013_span_ends_of_their_own_precision"),
    *OTHERS,
]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SPANS = [
    ("Scholars to March", "year", D(1985, 1, 1), D(1986, 3, 31)),
    ("Teachers to July 4", "month", D(1985, 6, 1), D(1986, 7, 4)),
    ("Years alike", "year", D(2013, 1, 1), D(2016, 12, 31)),
    ("Months alike", "month", D(2013, 6, 1), D(2014, 3, 31)),
    ("Days alike", "day", D(2015, 6, 30), D(2015, 7, 2)),
]


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    add_searchable_seeds_and_a_submission(apps)
    add_exchanges(
        Exchange,
        [(title, "published", {"date_precision": precision}) for title, precision, _start, _end in SPANS],
    )
    for title, _precision, start, end in SPANS:
        Exchange.objects.filter(title=title).update(date=start, end_date=end, date_last=end)
    apps.get_model("contributions", "Submission").objects.create(
        title="Scholars to March, contributed",
        summary="They came.",
        date=D(1985, 1, 1),
        date_precision="year",
        end_date=D(1986, 3, 31),
    )
    yield apps
    migrate(latest())


def test_an_end_stored_finer_than_its_start_is_given_its_own_precision(old_database):
    before = record_rows(old_database)
    assert len(before["Exchange"]) == 15 and len(before["Submission"]) == 2

    apps = migrate(AFTER)

    after = record_rows(apps)
    precisions = {row["title"]: row["end_precision"] for table in after.values() for row in table.values()}
    assert {title: precisions[title] for title, *_rest in SPANS} == {
        "Scholars to March": "month",
        "Teachers to July 4": "day",
        "Years alike": "",
        "Months alike": "",
        "Days alike": "",
    }
    assert precisions["Scholars to March, contributed"] == "month"
    # Every seed exchange and the pending submission need nothing.
    assert sorted(precisions.values()) == sorted(["month", "day", "month", *[""] * 14])
    for model, table in before.items():
        assert table.keys() == after[model].keys()
        for pk, row in table.items():
            assert {column: after[model][pk][column] for column in row} == row, (model, pk)

    from exchanges.models import Exchange

    # Only the columns these migrations know: the model of today may hold later ones.
    spans = Exchange.objects.only("title", "date", "date_precision", "end_date", "end_precision", "circa")
    scholars = spans.get(title="Scholars to March")
    assert scholars.display_date == "1985 – March 1986"
    assert spans.get(title="Teachers to July 4").display_date == "June 1985 – July 4, 1986"
    assert spans.get(title="Years alike").display_date == "2013–2016"
    # The full-text index follows an edit, its triggers made again with the table on SQLite.
    scholars.title = "Visiting scholars to March"
    scholars.save()
    assert scholars.pk in found_by_index("visiting")


def test_undone_the_column_goes_and_the_rows_are_as_before(old_database):
    before = record_rows(old_database)
    migrate(AFTER)

    apps = migrate(BEFORE)

    assert record_rows(apps) == before
    Exchange = apps.get_model("exchanges", "Exchange")
    edited = Exchange.objects.get(title="Years alike")
    edited.search_title = "renamed years alike"
    edited.save()
    assert edited.pk in found_by_index("renamed")
