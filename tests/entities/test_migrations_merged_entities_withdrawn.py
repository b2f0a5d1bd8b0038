"""entities 0010 remembers the merges made before it as the deleted entities are remembered, dated
when each address was left behind, so that /api/v1/withdrawn/people/… names them too; an address
deleted as well keeps the later date. Going back leaves the rows, and running it again changes
nothing. Runs on SQLite and PostgreSQL alike."""

import datetime

import pytest

from tests.migrating import latest, migrate

BEFORE = [("entities", "0009_deleted_entities")]
AFTER = [("entities", "0010_merged_entities_withdrawn")]
UTC = datetime.UTC
MERGED = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
DELETED_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=UTC)
DELETED_AFTER = datetime.datetime(2025, 6, 1, tzinfo=UTC)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    DeletedEntity = apps.get_model("entities", "DeletedEntity")
    for model, kept, merged in [
        ("Person", "wang-yi", "wang-i"),
        ("Organisation", "ministry-of-education", "moe"),
        ("Place", "guangzhou", "canton"),
    ]:
        entity = apps.get_model("entities", model).objects.create(name=kept, slug=kept, key=kept)
        former = apps.get_model("entities", f"{model}FormerSlug")
        former.objects.create(slug=merged, entity=entity)
        former.objects.update(created=MERGED)
    # Deleted once and its address merged later, and an organisation deleted after its merged
    # address was given again: the later date stands.
    DeletedEntity.objects.create(kind="place", slug="canton", name="Canton")
    DeletedEntity.objects.create(kind="organisation", slug="moe", name="MOE")
    DeletedEntity.objects.create(kind="person", slug="li-keqiang", name="Li Keqiang")
    DeletedEntity.objects.filter(slug__in=["canton", "li-keqiang"]).update(deleted_at=DELETED_BEFORE)
    DeletedEntity.objects.filter(slug="moe").update(deleted_at=DELETED_AFTER)
    yield apps
    migrate(latest())


def remembered(apps):
    rows = apps.get_model("entities", "DeletedEntity").objects.order_by("kind", "slug")
    return list(rows.values_list("kind", "slug", "name", "deleted_at"))


def test_every_merge_made_before_is_remembered_dated_by_its_address(old_database):
    apps = migrate(AFTER)
    expected = [
        ("organisation", "moe", "MOE", DELETED_AFTER),
        ("person", "li-keqiang", "Li Keqiang", DELETED_BEFORE),
        ("person", "wang-i", "", MERGED),
        ("place", "canton", "Canton", MERGED),
    ]
    assert remembered(apps) == expected
    # Going back leaves them, and forward again changes nothing.
    assert remembered(migrate(BEFORE)) == expected
    assert remembered(migrate(AFTER)) == expected
