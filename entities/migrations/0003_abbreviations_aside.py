"""Organisations named with their abbreviation in brackets become the organisation of the name,
with the abbreviation as an alias.

Linking read "Ministry of Commerce (MOFCOM)" whole: an organisation of that name, and a line
"MOFCOM" another. Linking now sets the bracket aside as an alias of the organisation of the name
(entities.names.abbreviation_aside). Here, each organisation whose name ends in such a bracket
(after its Chinese name or before it):

- when no other has the name without it, is renamed (its slug, its permanent address, stays) and
  gains the abbreviation as an alias, and the Chinese name if it has none;
- when another has, that one gains the alias, and the two are left for a moderator to merge
  (the admin's organisations list, "may be the same as another"), as is an organisation named by
  the abbreviation alone ("CPAFFC"): the same capitals may abbreviate two organisations.

Only names, keys and aliases change: every link and count stays. Nothing to undo: the old code
reads the renamed organisations as any other.
"""

from django.db import migrations
from django.db.models import Q

NAME_MAX_LENGTH = 200


def set_abbreviations_aside(apps, schema_editor):
    from entities.names import normalise, organisation_names

    Organisation = apps.get_model("entities", "Organisation")
    Alias = apps.get_model("entities", "OrganisationAlias")
    bracketed = Organisation.objects.filter(Q(name__contains="(") | Q(name__contains="（")).order_by("pk")
    for entity in list(bracketed):
        name, chinese_name, abbreviation = organisation_names(entity.name)
        if not abbreviation:
            continue
        key = normalise(name)[:NAME_MAX_LENGTH]
        named = Organisation.objects.filter(key=key).exclude(pk=entity.pk).order_by("pk").first()
        if named is None:
            entity.name, entity.key = name[:NAME_MAX_LENGTH], key
            if chinese_name and not entity.chinese_name:
                entity.chinese_name = chinese_name[:NAME_MAX_LENGTH]
                entity.chinese_key = normalise(entity.chinese_name)[:NAME_MAX_LENGTH]
            entity.save(update_fields=["name", "key", "chinese_name", "chinese_key"])
            named = entity
        alias_key = normalise(abbreviation)[:NAME_MAX_LENGTH]
        if alias_key not in (named.key, named.chinese_key):
            Alias.objects.get_or_create(entity=named, key=alias_key, defaults={"name": abbreviation})


class Migration(migrations.Migration):
    dependencies = [("entities", "0002_exchange_count")]

    operations = [migrations.RunPython(set_abbreviations_aside, migrations.RunPython.noop)]
