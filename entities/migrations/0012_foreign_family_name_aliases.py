"""People already given a foreign name in Chinese with its dot gain the family name as an alias.

Publishing and the admin now make the family name after the dot ("坎贝尔" of "库尔特·坎贝尔") an
alias of a person given such a Chinese name, so a participants line "坎贝尔博士" or "坎贝尔" links to
them (exchanges/links.py, entities/admin.py). People given theirs before had none, and those lines
stayed text. Here, each person whose Chinese name has a dot gains the family name
(entities.names.foreign_family_name) unless already called so, by a name or an alias a moderator
typed (as matching folds them), and is dated (its record lists its aliases). Two people of one
family name (比尔·克林顿, 希拉里·克林顿) both gain it, as publishing gives it: a line naming it alone
is linked to neither. Nothing else changes. Safe to run again; nothing to undo.
"""

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

NAME_MAX_LENGTH = 200
# The dots foreign names in Chinese are written with (entities.names.foreign_family_name).
DOTS = "·•・"
BATCH = 500


def give_family_name_aliases(apps, schema_editor):
    from entities.names import foreign_family_name, normalise

    Person = apps.get_model("entities", "Person")
    PersonAlias = apps.get_model("entities", "PersonAlias")
    dotted = Person._base_manager.filter(
        Q(*[Q(chinese_name__contains=dot) for dot in DOTS], _connector=Q.OR)
    ).order_by("pk")
    wanted = {}  # {person id: (key, family name)}
    for pk, key, chinese_key, chinese_name in dotted.values_list("pk", "key", "chinese_key", "chinese_name"):
        family = foreign_family_name(chinese_name)
        family_key = normalise(family)[:NAME_MAX_LENGTH]
        if family_key and family_key not in (key, chinese_key):
            wanted[pk] = (family_key, family[:NAME_MAX_LENGTH])
    pks = list(wanted)
    # In batches: a query's parameters are limited (SQLite's to a few thousand in older builds).
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        had = set(PersonAlias._base_manager.filter(entity_id__in=batch).values_list("entity_id", "key"))
        missing = [pk for pk in batch if (pk, wanted[pk][0]) not in had]
        PersonAlias._base_manager.bulk_create(
            PersonAlias(entity_id=pk, key=wanted[pk][0], name=wanted[pk][1]) for pk in missing
        )
        # Its record shows its aliases: dated, as the API's `modified_after` reads it.
        Person._base_manager.filter(pk__in=missing).update(updated=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("entities", "0011_known_chinese_names")]

    operations = [migrations.RunPython(give_family_name_aliases, migrations.RunPython.noop)]
