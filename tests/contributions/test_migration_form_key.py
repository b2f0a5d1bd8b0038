"""0009 gives submissions a form key (the same form sent twice is stored once).

A database at the state before it holds a pending and a decided submission; migrated forward,
every row keeps every column and has no key (they are not sending forms twice), and a form sent
twice afterwards is stored once beside them. Runs on SQLite and PostgreSQL.
"""

import pytest
from django.test import Client, override_settings

from tests.contributions.test_sent_twice import form_key
from tests.factories import form_data
from tests.migrating import latest, migrate

OTHERS = [("exchanges", "0024_title_sort"), ("entities", "0002_exchange_count")]
BEFORE = [("contributions", "0008_duplicate_of_published"), *OTHERS]
AFTER = [("contributions", "0009_form_key"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Submission = apps.get_model("contributions", "Submission")
    Submission.objects.create(reference="PEND-0001", title="Forum", summary="A visit.", date="2021-04-10")
    Submission.objects.create(
        reference="REJE-0001", title="Visit", summary="A visit.", status="rejected", rejection_reason="No."
    )
    yield apps
    migrate(latest())


def test_every_submission_is_kept_as_it_was_without_a_key(old_database):
    before = {
        row["reference"]: row
        for row in old_database.get_model("contributions", "Submission").objects.values()
    }

    apps = migrate(AFTER)

    after = {row["reference"]: row for row in apps.get_model("contributions", "Submission").objects.values()}
    assert set(after) == set(before)
    for reference, row in before.items():
        assert after[reference].pop("form_key") is None
        assert after[reference] == row, reference


@override_settings(CONTRIBUTION_RATE="1000/h")
def test_a_form_sent_twice_after_the_migration_is_stored_once(old_database):
    migrate(latest())
    from contributions.models import Submission

    client = Client()
    data = form_data(form_key=form_key(client.get("/contribute/")))
    client.post("/contribute/", data)
    client.post("/contribute/", data)
    assert Submission.objects.count() == 3
