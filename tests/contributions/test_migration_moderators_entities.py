"""0011 gives the Moderators group its permissions on people, organisations and places.

A database at the state before it (contributions 0010) holds the seed exchanges, a pending
submission and a moderator, no superuser, in the group as 0002 made it. Migrated forward, the
moderator may view, add, change and delete organisations, people, places and their aliases (a merge
deletes), keeps what it had, and every exchange and submission is as it was; undone, the group
has what 0002 gave it again. On a database where neither the group nor the entities' permissions
exist yet, as on a fresh one, it makes both. Runs on SQLite and PostgreSQL alike.
"""

import pytest
from django.contrib.auth.models import Group, User

from tests.migrating import add_searchable_seeds_and_a_submission, latest, migrate, submission_rows

BEFORE_NAME = ("contributions", "0010_first_published_on_approval")

ENTITY_PERMISSIONS = {
    f"entities.{action}_{model}"
    for model in ["organisation", "organisationalias", "person", "personalias", "place", "placealias"]
    for action in ["view", "add", "change", "delete"]
}

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def before():
    return [(app, name) for app, name in latest() if app != "contributions"] + [BEFORE_NAME]


@pytest.fixture
def old_database():
    apps = migrate(before())
    add_searchable_seeds_and_a_submission(apps)
    group = apps.get_model("auth", "Group").objects.get(name="Moderators")
    apps.get_model("auth", "User").objects.create(username="mira", is_staff=True).groups.add(group)
    yield apps
    migrate(latest())


def snapshot(apps):
    Exchange = apps.get_model("exchanges", "Exchange")
    return sorted(Exchange.objects.values_list("slug", "title", "status", "partners")), submission_rows(apps)


def group_permissions(apps):
    group = apps.get_model("auth", "Group").objects.get(name="Moderators")
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_a_moderator_of_an_existing_database_may_work_on_entities(old_database):
    rows = snapshot(old_database)
    assert len(rows[0]) > 4 and rows[1][0][1] == "pending"
    earlier = group_permissions(old_database)
    assert "contributions.change_submission" in earlier and not earlier & ENTITY_PERMISSIONS

    apps = migrate(latest())

    assert snapshot(apps) == rows
    assert group_permissions(apps) == earlier | ENTITY_PERMISSIONS
    mira = User.objects.get(username="mira")
    assert not mira.is_superuser
    assert ENTITY_PERMISSIONS <= mira.get_all_permissions()
    assert mira.has_perm("contributions.change_submission")
    assert not mira.has_perm("exchanges.delete_exchange")

    apps = migrate(before())
    assert group_permissions(apps) == earlier
    assert snapshot(apps) == rows


def test_on_a_database_without_the_group_or_the_permissions_it_makes_both(old_database):
    # As on a fresh database, where Django makes permissions only after the last migration.
    old_database.get_model("auth", "Permission").objects.filter(content_type__app_label="entities").delete()
    old_database.get_model("auth", "Group").objects.filter(name="Moderators").delete()

    migrate(latest())

    permissions = Group.objects.get(name="Moderators").permissions.values_list(
        "content_type__app_label", "codename"
    )
    assert {f"{app}.{codename}" for app, codename in permissions} == ENTITY_PERMISSIONS
