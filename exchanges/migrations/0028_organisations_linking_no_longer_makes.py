"""Exchanges linked to an organisation that linking no longer makes are linked as it links them now.

Linking read a partners or sponsors line parted by the full-width semicolon a Chinese keyboard
types ("清华大学；北京大学") as one organisation of the whole line, and a web address pasted there
("https://www.state.gov") as an organisation, each with a public page. It now parts the first and
leaves the second in the text (exchanges/links.py, SPLIT_LINE and WEB_ADDRESS). Here, as 0025
did for lines listing several with "/", every organisation so named:

- its exchanges are linked again from their texts, as publishing links them, so they link to each
  organisation the line lists and to none for a web address;
- then it is deleted if nothing links to it any more and it has no alias (one given aliases in the
  admin was meant to be kept; a moderator merges or renames it);
- the count of published exchanges, and the summary of counts, of every organisation those
  exchanges linked to before or link to now are made again.

Only names holding a semicolon, "://" or beginning with "www." are read, in one query. Nothing to
undo: the old code reads the new links as any other.
"""

import importlib

from django.db import migrations
from django.db.models import Q


def link_as_linking_does_now(apps, schema_editor):
    from exchanges.links import SPLIT_LINE, WEB_ADDRESS

    Organisation = apps.get_model("entities", "Organisation")
    candidates = Organisation.objects.filter(
        Q(name__contains="；") | Q(name__contains=";") | Q(name__contains="://") | Q(name__istartswith="www.")
    )
    named_so = [
        pk
        for pk, name in candidates.order_by("pk").values_list("pk", "name").iterator(chunk_size=2000)
        if SPLIT_LINE.search(name) or WEB_ADDRESS.fullmatch(name.strip())
    ]
    # The relinking, deleting and counting of 0025 (a migration keeps its own copy of what it runs;
    # 0025 keeps it for both).
    relink = importlib.import_module(
        "exchanges.migrations.0025_organisations_listed_apart"
    ).relink_organisations
    relink(apps, named_so)


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0027_fold_accents"),
        ("entities", "0002_exchange_count"),
    ]

    operations = [migrations.RunPython(link_as_linking_does_now, migrations.RunPython.noop)]
