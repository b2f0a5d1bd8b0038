"""The "Moderators" group: members work the submission queue and edit exchanges.

They can view and change submissions (approving, rejecting and marking
duplicates are changes), and view, add and change exchanges and their sources.
They cannot delete exchanges or submissions, nor manage users or groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
PERMISSIONS = {
    "contributions": ["view_submission", "change_submission"],
    "exchanges": [
        "view_exchange",
        "add_exchange",
        "change_exchange",
        "view_source",
        "add_source",
        "change_source",
        "delete_source",
    ],
}


def ensure_permissions(apps, permissions=PERMISSIONS):
    # Django creates permissions after the last migration has run; on a fresh
    # database they do not exist yet, so create the ones this group needs now
    # (0011 calls it for the entities' permissions).
    for label in permissions:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_group(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0001_initial"),
        ("exchanges", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
