"""Exchanges linked to one organisation made of several that a line listed with commas are linked to each.

Linking read a partners or sponsors line listing organisations with commas as one organisation:
"Harvard University, Peking University, and Tsinghua University" became "Harvard University, Peking
University," and Tsinghua University; "National Committee on U.S.-China Relations, Chinese People's
Association for Friendship with Foreign Countries" one organisation of that whole name. It now parts
a line at its commas when each side names an organisation and none is a unit of the other
(entities.names._organisations_at_commas; "University of California, Berkeley" and "Department of
Physics, Peking University" stay one). As exchanges 0036 does for brackets, for every organisation
whose name holds a comma that this reading parts:

- first, it is deleted if something links to it and it has no alias, and its address is listed
  among the deleted: linking again would find it by its name, the whole line, and keep the line
  whole, as publishing keeps a line a moderator gave to one organisation;
- then its exchanges are linked again from their texts, as publishing links them (0036's
  `delete_and_link_again`), and dated if their links changed;
- one given an alias in the admin was meant to be kept, and so was its line: it and its exchanges
  are left as they are (publishing reads the line whole, as it is the organisation's name);
- the entities those exchanges linked to before or link to now are counted again.

Reads only the organisations whose names hold a comma. Safe to run again; nothing to undo: the old
code reads the new links as any other.
"""

import importlib

from django.db import migrations
from django.db.models import Q


def _parted_now(name):
    from entities.names import split_organisations

    return len(split_organisations(name)) > 1


def link_organisations_as_read_now(apps, schema_editor):
    Organisation = apps.get_model("entities", "Organisation")
    with_commas = Organisation._base_manager.filter(Q(name__contains=",") | Q(name__contains="，"))
    relink_organisations_read_otherwise(apps, with_commas, _parted_now)


def relink_organisations_read_otherwise(apps, candidates, read_otherwise):
    """Of the organisations `candidates` (a queryset), those whose name `read_otherwise`: the linked
    ones without an alias deleted, their exchanges linked again, the entities touched counted
    again (0036's delete_and_link_again); one with an alias left with its exchanges (exchanges 0040
    reuses it)."""
    Organisation = apps.get_model("entities", "Organisation")
    Link = apps.get_model("exchanges", "ExchangeOrganisation")
    listed = {
        pk: (slug, name)
        for pk, slug, name in candidates.order_by("pk")
        .values_list("pk", "slug", "name")
        .iterator(chunk_size=2000)
        if read_otherwise(name)
    }
    if not listed:
        return
    linked = Link._base_manager.filter(organisation_id__in=listed)
    unaliased = Organisation._base_manager.filter(
        pk__in=set(linked.values_list("organisation_id", flat=True)), aliases__isnull=True
    )
    gone = {pk: listed[pk] for pk in unaliased.values_list("pk", flat=True)}
    # Only theirs: a line an organisation with an alias is called by whole is one organisation, as
    # publishing reads it (exchanges.links.whole_lines), which a migration's linking does not ask.
    ids = sorted(set(linked.filter(organisation_id__in=gone).values_list("exchange_id", flat=True)))
    brackets = importlib.import_module(
        "exchanges.migrations.0036_organisations_in_brackets_read_as_linking_does_now"
    )
    brackets.delete_and_link_again(apps, gone, ids)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0038_people_read_as_linking_does_now")]

    operations = [migrations.RunPython(link_organisations_as_read_now, migrations.RunPython.noop)]
