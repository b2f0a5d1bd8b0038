"""Exchanges linked to one organisation made of several that a line listed are linked to each.

Linking read a partners or sponsors line whole: "U.S. Information Agency / U.S. Department of
State" became one organisation of that name, and "Iowa Soybean Association and Iowa Farm Bureau"
another, beside the organisations themselves. Linking now reads each
(entities.names.split_organisations). Here, every organisation whose name that reading parts:

- its exchanges are linked again from their texts, as publishing links them, so they link to each
  organisation the line lists (found by name, Chinese name or alias, or made);
- then it is deleted if nothing links to it any more and it has no alias (one given aliases in the
  admin was meant to be kept; a moderator merges or renames it);
- the count of published exchanges, and the summary of counts when there is one (exchanges 0019),
  of every organisation those exchanges linked to before or link to now are made again.

Nothing to undo: the old code reads the new links as any other.
"""

import importlib

from django.conf import settings
from django.db import migrations
from django.db.models import Exists, OuterRef


def link_listed_organisations_apart(apps, schema_editor):
    from entities.names import split_organisations

    Organisation = apps.get_model("entities", "Organisation")
    listed = [
        pk
        for pk, name in Organisation.objects.order_by("pk")
        .values_list("pk", "name")
        .iterator(chunk_size=2000)
        if len(split_organisations(name)) > 1
    ]
    relink_organisations(apps, listed)


def relink_organisations(apps, listed):
    """Link the exchanges linked to the organisations `listed` (ids) again from their texts, delete
    those of them nothing links to any more that have no alias, and count again the exchanges of
    every organisation those exchanges linked to before or link to now (exchanges 0027 reuses it)."""
    from exchanges.links import link_entities

    Organisation = apps.get_model("entities", "Organisation")
    Exchange = apps.get_model("exchanges", "Exchange")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    EntityCount = apps.get_model("exchanges", "EntityCount")
    if not listed:
        return
    exchange_ids = sorted(
        set(Link.objects.filter(organisation_id__in=listed).values_list("exchange_id", flat=True))
    )
    touched = set(listed) | set(
        Link.objects.filter(exchange_id__in=exchange_ids).values_list("organisation_id", flat=True)
    )
    for exchange in Exchange._base_manager.filter(pk__in=exchange_ids).order_by("pk"):
        link_entities(exchange, apps=apps)
    touched |= set(
        Link.objects.filter(exchange_id__in=exchange_ids).values_list("organisation_id", flat=True)
    )
    unlinked = set(
        Organisation.objects.filter(pk__in=listed, aliases__isnull=True)
        .filter(~Exists(Link.objects.filter(organisation_id=OuterRef("pk"))))
        .values_list("pk", flat=True)
    )
    Organisation.objects.filter(pk__in=unlinked).delete()
    EntityCount.objects.filter(kind="organisation", entity_id__in=unlinked).delete()
    # The summary of one entity's counts as exchanges 0023 makes it (a migration keeps its own copy
    # of what it runs; 0023 keeps 0019's).
    summarise = importlib.import_module("exchanges.migrations.0023_chinese_names_aside")._summarise
    for organisation in Organisation.objects.filter(pk__in=touched - unlinked).order_by("pk"):
        organisation.exchange_count = (
            Link.objects.filter(organisation=organisation, exchange__status="published")
            .values("exchange_id")
            .distinct()
            .count()
        )
        organisation.save(update_fields=["exchange_count"])
        EntityCount.objects.filter(kind="organisation", entity_id=organisation.pk).delete()
        if organisation.exchange_count >= settings.ENTITY_SUMMARY_MIN:
            summarise(EntityCount, Link, "organisation", organisation.pk)


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0024_title_sort"),
        ("entities", "0002_exchange_count"),
    ]

    operations = [migrations.RunPython(link_listed_organisations_apart, migrations.RunPython.noop)]
