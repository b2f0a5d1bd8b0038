"""The "Moderators" group works on people, organisations and places too.

Moderators link a submission's names by adding a new spelling as an alias of the entity it means,
and merge duplicates (README, "People, organisations and places"); the group had no permission on
the entities' models, so a moderator who is no superuser got 403 on their admin pages. It may now
view, add and change organisations, people and places and their aliases, and delete them: a merge
changes the one kept and deletes the others (entities/admin.py, has_merge_permission), and a
wrong alias, which links exchanges to the wrong entity, must go. It still cannot delete exchanges
or submissions, nor manage users or groups.

On a database made before, the group exists and gains these; on a fresh one, 0002 has just made it.
Undone, the group loses them again.
"""

import importlib

from django.db import migrations

GROUP = "Moderators"
MODELS = ["organisation", "person", "place", "organisationalias", "personalias", "placealias"]
PERMISSIONS = {
    "entities": [f"{action}_{model}" for model in MODELS for action in ("view", "add", "change", "delete")]
}


def ensure_permissions(apps):
    # As 0002 does for its own: on a fresh database the permissions do not exist yet.
    importlib.import_module("contributions.migrations.0002_moderators_group").ensure_permissions(
        apps, PERMISSIONS
    )


def permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    for label, codenames in PERMISSIONS.items():
        yield from Permission.objects.filter(content_type__app_label=label, codename__in=codenames)


def grant(apps, schema_editor):
    ensure_permissions(apps)
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(*permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0010_first_published_on_approval"),
        # Only the entities' models, which 0001 makes: the migrations' tests move entities back to
        # 0002 with every other app at its newest.
        ("entities", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
