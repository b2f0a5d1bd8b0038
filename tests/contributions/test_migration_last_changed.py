"""0017 records when a submission last changed, so that one held as a possible repeat of another
pending submission is tried again once that other is corrected.

A database before it holds pending and decided submissions, one held for another; migrated
forward, every row keeps every column and counts as changed at the migration, after the hold: the
held one is checked once more. Runs on SQLite and PostgreSQL.
"""

import datetime

import pytest
from django.utils import timezone

from tests.migrating import latest, migrate

OTHERS = [("exchanges", "0033_notes_on_the_record"), ("entities", "0011_known_chinese_names")]
BEFORE = [("contributions", "0016_held_for"), *OTHERS]
AFTER = [("contributions", "0017_last_changed"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Submission = apps.get_model("contributions", "Submission")
    values = {"title": "Oregon students visit Fujian", "summary": "A visit.", "date": "2011-09-03"}
    other = Submission.objects.create(reference="PEND-0001", **values)
    Submission.objects.create(
        reference="PEND-0002",
        held_at=timezone.now() - datetime.timedelta(days=1),
        held_for_submission_id=other.pk,
        **values,
    )
    Submission.objects.create(
        reference="REJE-0001", title="Visit", summary="A visit.", status="rejected", rejection_reason="No."
    )
    yield apps
    migrate(latest())


def test_every_submission_is_kept_and_counts_as_changed_at_the_migration(old_database):
    before = {
        row["reference"]: row
        for row in old_database.get_model("contributions", "Submission").objects.values()
    }
    started = timezone.now()

    apps = migrate(AFTER)

    after = {row["reference"]: row for row in apps.get_model("contributions", "Submission").objects.values()}
    assert set(after) == set(before)
    for reference, row in before.items():
        assert after[reference].pop("updated") >= started, reference
        assert after[reference] == row, reference


def test_a_hold_for_a_submission_stored_before_is_checked_once_more(old_database):
    migrate(latest())
    from contributions.models import Submission

    hold = dict(Submission.objects.with_hold().values_list("reference", "hold"))
    assert hold == {"PEND-0001": None, "PEND-0002": None, "REJE-0001": None}
