"""Exchanges 0033 and contributions 0014 give the record its notes.

A database at the state before them (exchanges 0032, contributions 0013) holds the seed exchanges,
published, and pending submissions, one of them imported with its row's Notes in the note to the
moderators. Migrated forward, every row is as it was with empty notes, the moderators' note
included, and the full-text index still follows an edit on SQLite, whose table is made again;
backwards, the column goes and the rows are as before. Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest

from tests.migrating import (
    add_searchable_seeds_and_a_submission,
    found_by_index,
    latest,
    migrate,
    record_rows,
)

OTHERS = [("entities", "0010_merged_entities_withdrawn")]
BEFORE = [
    ("exchanges", "0032_span_ends_of_their_own_precision"),
    ("contributions", "0013_span_ends_of_their_own_precision"),
    *OTHERS,
]
AFTER = [
    ("exchanges", "0033_notes_on_the_record"),
    ("contributions", "0014_notes_on_the_record"),
    *OTHERS,
]
IMPORTED_NOTE = "Imported from starter.csv, line 4.\nThe sources give June 7–8, 2013."

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_searchable_seeds_and_a_submission(apps)
    apps.get_model("contributions", "Submission").objects.create(
        title="Sunnylands summit",
        summary="The presidents met.",
        date=datetime.date(2013, 6, 7),
        note=IMPORTED_NOTE,
        import_key="a" * 64,
    )
    yield apps
    migrate(latest())


def test_every_row_is_carried_over_with_empty_notes(old_database):
    before = record_rows(old_database)
    assert len(before["Exchange"]) == 10 and len(before["Submission"]) == 2

    apps = migrate(AFTER)

    after = record_rows(apps)
    for model, table in before.items():
        assert table.keys() == after[model].keys()
        for pk, row in table.items():
            assert after[model][pk] == {**row, "notes": ""}, (model, pk)
    Submission = apps.get_model("contributions", "Submission")
    assert Submission.objects.get(title="Sunnylands summit").note == IMPORTED_NOTE

    from exchanges.models import Exchange

    # Without the columns later migrations add (exchanges 0034's withdrawal_reason): saved, the
    # exchange writes the columns it read.
    later = ["withdrawal_reason"]
    exchange = Exchange.objects.defer(*later).get(slug="seed-0")
    exchange.notes = "The readout gives the evening of July 14 in Washington."
    exchange.title = "Noted call"
    exchange.save()
    assert Exchange.objects.values_list("notes", flat=True).get(pk=exchange.pk).startswith("The readout")
    # The full-text index follows an edit, its triggers made again with the table on SQLite.
    assert exchange.pk in found_by_index("noted")


def test_undone_the_column_goes_and_the_rows_are_as_before(old_database):
    before = record_rows(old_database)
    migrate(AFTER)

    apps = migrate(BEFORE)

    assert record_rows(apps) == before
    Exchange = apps.get_model("exchanges", "Exchange")
    edited = Exchange.objects.get(slug="seed-1")
    edited.search_title = "renamed summit"
    edited.save()
    assert edited.pk in found_by_index("renamed")
