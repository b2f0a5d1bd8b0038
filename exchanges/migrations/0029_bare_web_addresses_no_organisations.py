"""Exchanges linked to an organisation named by a bare web address are linked as linking does now.

Linking left out a partners or sponsors line written as a web address from "https://" or "www."
(0028), but read a host and a path written without either ("state.gov/r/pa/ei",
"history.state.gov/milestones/1969-1976") as an organisation with a public page. It now leaves
those in the text too, as sources read them as addresses (exchanges/models.py, BARE_ADDRESS). Here,
as 0028 did for the others, every organisation so named has its exchanges linked again from their
texts, is deleted if nothing links to it any more and it has no alias (one given aliases in the
admin was meant to be kept; a moderator merges or renames it), and the counts of the organisations
those exchanges link to are made again.

Only names holding both a "." and a "/" are read, in one query. Nothing to undo: the old code reads
the new links as any other.
"""

import importlib

from django.db import migrations


def link_as_linking_does_now(apps, schema_editor):
    from exchanges.links import WEB_ADDRESS

    Organisation = apps.get_model("entities", "Organisation")
    candidates = Organisation.objects.filter(name__contains="/").filter(name__contains=".")
    named_so = [
        pk
        for pk, name in candidates.order_by("pk").values_list("pk", "name").iterator(chunk_size=2000)
        if WEB_ADDRESS.fullmatch(name.strip())
    ]
    # The relinking, deleting and counting of 0025 (a migration keeps its own copy of what it runs;
    # 0025 keeps it for 0028 and this one too).
    relink = importlib.import_module(
        "exchanges.migrations.0025_organisations_listed_apart"
    ).relink_organisations
    relink(apps, named_so)


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0028_organisations_linking_no_longer_makes"),
        ("entities", "0007_former_slugs"),
    ]

    operations = [migrations.RunPython(link_as_linking_does_now, migrations.RunPython.noop)]
