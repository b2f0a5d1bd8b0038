"""exchanges 0031 (ImportPreview) and entities 0009 (DeletedEntity) add tables of their own.

A database at the state before them holds the seed exchanges, each linked to the organisations,
people and places its texts name, and a pending submission. Migrated forward, every exchange,
entity and submission is as it was, the new tables are empty and take rows, and going back drops
them with the rows around them still as they were. Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.utils import timezone

from tests.migrating import add_linked_seeds_and_a_submission, exchanges_and_submissions, latest, migrate

OTHERS = [("contributions", "0012_plain_texts")]
BEFORE = [("exchanges", "0030_plain_texts"), ("entities", "0008_entities_by_last_change"), *OTHERS]
AFTER = [("exchanges", "0031_import_previews"), ("entities", "0009_deleted_entities"), *OTHERS]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    add_linked_seeds_and_a_submission(apps, [])
    yield apps
    migrate(latest())


def snapshot(apps):
    entities = {
        name: sorted(apps.get_model("entities", name).objects.values_list("slug", "name", "exchange_count"))
        for name in ("Organisation", "Person", "Place")
    }
    links = apps.get_model("exchanges", "ExchangeOrganisation").objects.count()
    return exchanges_and_submissions(apps, "updated", "date"), entities, links


def test_the_new_tables_leave_every_row_as_it_was(old_database):
    before = snapshot(old_database)
    (exchanges, submissions), entities, links = before
    assert len(exchanges) >= 10 and submissions[0][1] == "pending"
    assert entities["Organisation"] and links

    apps = migrate(AFTER)

    assert snapshot(apps) == before
    ImportPreview = apps.get_model("exchanges", "ImportPreview")
    DeletedEntity = apps.get_model("entities", "DeletedEntity")
    assert not ImportPreview.objects.exists() and not DeletedEntity.objects.exists()
    ImportPreview.objects.create(name="a", data=b"Title\nVisit\n", created=timezone.now())
    DeletedEntity.objects.create(kind="organisation", slug="gone", name="Gone")

    assert snapshot(migrate(BEFORE)) == before
