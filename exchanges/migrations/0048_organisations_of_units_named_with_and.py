"""Exchanges whose partners or sponsors line names a unit with "and" in its name, before what it is
part of, are linked again.

Linking read "Institute of Science and Technology, Chinese Academy of Sciences" as two
organisations, "Institute of Science" and "Technology, Chinese Academy of Sciences", and
"Department of International Cooperation and Exchanges, Ministry of Education" as "Department of
International Cooperation" and "Exchanges, Ministry of Education": the line was kept whole at its
comma (a unit and what it is part of), then parted at the "and" inside the unit's name, each side
judged by all of its words. Each side is now judged by its words up to the comma nearest the "and"
(entities.names.split_organisations), and such a line is one organisation. Here:

- of the exchanges whose partners or sponsors line holds a comma and "and" or "&", those linked to
  an organisation their lines, read now, do not name (by its name, Chinese name or an alias; a line
  an organisation is called by whole read whole, as publishing reads it) are linked again from their
  texts as publishing links them, and dated if their links changed (exchanges 0035's `link_again`);
- an organisation one of them linked to before, that nothing links to any more, that has no alias,
  and that their lines no longer name ("Technology, Chinese Academy of Sciences"), is deleted and its
  address listed among the deleted;
- the entities those exchanges linked to before or link to now are counted again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib

from django.db import migrations
from django.db.models import Exists, OuterRef, Q

BATCH = 2000


def _with_a_comma_and_and(field):
    """The exchanges whose `field` holds a comma and "and" or "&": the lines the change reads anew."""
    comma = Q(**{f"{field}__contains": ","}) | Q(**{f"{field}__contains": "，"})
    return comma & (Q(**{f"{field}__icontains": " and "}) | Q(**{f"{field}__contains": "&"}))


def _named(apps, partners, sponsors):
    """The keys of the organisations the lines name, as publishing reads them."""
    from entities.names import normalise, organisation_names
    from exchanges.links import read_names, whole_lines

    Organisation = apps.get_model("entities", "Organisation")
    whole = whole_lines(Organisation, partners, sponsors)
    keys = set()
    for name, _role in read_names(partners=partners, sponsors=sponsors, whole=whole).organisations:
        read_name, chinese_name, _abbreviation = organisation_names(name)
        keys |= {normalise(read_name), normalise(chinese_name)} - {""}
    return keys


def _read_otherwise(apps, ids):
    """Of the exchanges `ids`, those linked to an organisation their lines, read now, do not name
    ({exchange id: the keys their lines name})."""
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Alias = apps.get_model("entities", "OrganisationAlias")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    found = {}
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        texts = {
            pk: (partners, sponsors)
            for pk, partners, sponsors in Exchange._base_manager.filter(pk__in=batch).values_list(
                "pk", "partners", "sponsors"
            )
        }
        linked = {}
        for exchange, organisation in Link._base_manager.filter(exchange_id__in=batch).values_list(
            "exchange_id", "organisation_id"
        ):
            linked.setdefault(exchange, set()).add(organisation)
        held = set().union(*linked.values())
        keys = {
            pk: {key, chinese_key} - {""}
            for pk, key, chinese_key in Organisation._base_manager.filter(pk__in=held).values_list(
                "pk", "key", "chinese_key"
            )
        }
        for pk, key in Alias._base_manager.filter(entity_id__in=held).values_list("entity_id", "key"):
            keys[pk].add(key)
        for pk in batch:
            named = _named(apps, *texts[pk])
            if any(not keys[organisation] & named for organisation in linked.get(pk, ())):
                found[pk] = named
    return found


def link_organisations_as_read_now(apps, schema_editor):
    from django.utils import timezone

    relinking = importlib.import_module("exchanges.migrations.0035_places_read_as_linking_does_now")
    Exchange = apps.get_model("exchanges", "Exchange")
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    candidates = Exchange._base_manager.filter(
        _with_a_comma_and_and("partners") | _with_a_comma_and_and("sponsors")
    )
    found = _read_otherwise(apps, sorted(candidates.values_list("pk", flat=True)))
    if not found:
        return
    ids = sorted(found)
    now = timezone.now()
    # A line a moderator gave to one organisation whole stays whole, as publishing reads it.
    touched = relinking.link_again(apps, ids, now, kept_whole=True)
    named = set().union(*found.values())
    unlinked = (
        Organisation._base_manager.filter(pk__in=touched["organisation"], aliases__isnull=True)
        .exclude(Exists(Link._base_manager.filter(organisation_id=OuterRef("pk"))))
        .values_list("pk", "slug", "name", "key")
    )
    gone = {pk: (slug, name) for pk, slug, name, key in unlinked if key not in named}
    relinking.delete(apps, "organisation", gone)
    touched["organisation"] -= gone.keys()
    relinking.count_again(apps, touched, now)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0047_people_with_emissaries_clergy_and_professions")]

    operations = [migrations.RunPython(link_organisations_as_read_now, migrations.RunPython.noop)]
