"""Exchanges linked to an organisation the old reading made of a bracket are linked again as linking does now.

Linking parted a partners or sponsors line at a semicolon or a slash inside a bracket ("Peking
University (PKU; 北京大学)" and "Ministry of Commerce (MOFCOM / 商务部)" became "Peking University (PKU"
and "北京大学)", "Ministry of Commerce (MOFCOM" and "商务部)"), and read a bracket holding a name's
abbreviation and its Chinese name ("Chinese Academy of Social Sciences (CASS, 中国社会科学院)") as part
of the name. It now reads each as one organisation, the organisation of the name with its Chinese
name and the abbreviation as an alias (entities.names.organisation_names, split_organisations). Here,
for every organisation so named (a bracket opened or closed alone, or such a bracket of two):

- first, it is deleted if something links to it and it has no alias (one given aliases in the admin
  was meant to be kept; a moderator merges or renames it), and its address is remembered as the
  admin's deletions are: linking again would find it by its folded name ("北京大学)" is "北京大学");
- then its exchanges are linked again from their texts, as publishing links them (0035's
  `link_again`), and dated if their links changed;
- the entities those exchanges linked to before or link to now are counted again.

Reads only the organisations whose names hold a bracket. Safe to run again; nothing to undo: the old
code reads the new links as any other.
"""

import importlib

from django.db import migrations
from django.db.models import Q
from django.utils import timezone

OPENING, CLOSING = "([（【", ")]）】"


def _made_by_the_old_reading(name):
    """Whether linking no longer names an organisation `name`: a bracket left open or closed alone,
    or a bracket of the name's abbreviation and its Chinese name that it sets aside."""
    from entities.names import organisation_names

    if sum(map(name.count, OPENING)) != sum(map(name.count, CLOSING)):
        return True
    read_name, chinese_name, abbreviation = organisation_names(name)
    return bool(chinese_name and abbreviation) and read_name != name.strip()


def link_organisations_as_read_now(apps, schema_editor):
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    bracketed = Organisation._base_manager.filter(
        Q(*[Q(name__contains=mark) for mark in OPENING + CLOSING], _connector=Q.OR)
    )
    listed = {
        pk: (slug, name)
        for pk, slug, name in bracketed.order_by("pk")
        .values_list("pk", "slug", "name")
        .iterator(chunk_size=2000)
        if _made_by_the_old_reading(name)
    }
    if not listed:
        return
    linked = Link._base_manager.filter(organisation_id__in=listed)
    ids = sorted(set(linked.values_list("exchange_id", flat=True)))
    # Deleted before their exchanges are linked again, which would find them: "北京大学)" is called
    # "北京大学" (brackets fold away), the Chinese name of "Peking University (PKU; 北京大学)".
    unaliased = Organisation._base_manager.filter(
        pk__in=set(linked.values_list("organisation_id", flat=True)), aliases__isnull=True
    )
    gone = {pk: listed[pk] for pk in unaliased.values_list("pk", flat=True)}
    delete_and_link_again(apps, gone, ids)


def delete_and_link_again(apps, gone, ids):
    """Delete the organisations `gone` ({id: (slug, name)}, their addresses listed), then link the
    exchanges `ids` again (0035's link_again, dated if their links changed) and count the entities
    they linked to before or link to now again (exchanges 0039 reuses it)."""
    relinking = importlib.import_module("exchanges.migrations.0035_places_read_as_linking_does_now")
    now = timezone.now()
    had = relinking.links_of(apps, ids)
    relinking.delete(apps, "organisation", gone)
    touched = relinking.link_again(apps, ids, now, had)
    touched["organisation"] -= gone.keys()
    relinking.count_again(apps, touched, now)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0035_places_read_as_linking_does_now")]

    operations = [migrations.RunPython(link_organisations_as_read_now, migrations.RunPython.noop)]
