"""Places made by linking from a gazetteer row gain the row's aliases.

Linking gave a place it made from entities/vocabularies/places.csv the row's Chinese name, kind,
country and parent, but not its aliases ("Peking", "Canton", "北京"): only `manage.py load_places`
added them, so on a catalogue seeded or imported without it `/places/?q=Peking` listed nothing, and
the autocomplete, the duplicate hints and the search's synonyms knew no other name. Linking gives
them now (exchanges/links.py). Here, each place a row's name links to (its name, Chinese name or
an alias, in the row's country: by its name first, then the oldest, as `Linker.find` reads it)
gains the row's spellings it is not called by, as `load_places` gives them
(entities.places.missing_aliases).

Only aliases are added: no name, alias, parent or link changes, so what an editor wrote stays. A
spelling another place of the country answers to stays that place's alone: as the older place, the
one matched could otherwise take over the links of a spelling an editor gave another. Safe to run
again: what a place has is not added twice. Nothing to undo.
"""

from django.db import migrations
from django.db.models import Q

NAME_MAX_LENGTH = 200


def add_gazetteer_aliases(apps, schema_editor):
    from entities.names import known_places, normalise
    from entities.places import missing_aliases

    Place = apps.get_model("entities", "Place")
    PlaceAlias = apps.get_model("entities", "PlaceAlias")
    rows = known_places()
    keys = {
        normalise(name)[:NAME_MAX_LENGTH]
        for row in rows
        for name in (row.name, row.chinese_name, *row.aliases)
        if normalise(name)
    }
    # {(key, country): [place ids, by their own name first, then by alias, each oldest first]}:
    # only the places one of the gazetteer's spellings names (two queries however many places).
    holders = {}
    named = Place.objects.filter(Q(key__in=keys) | Q(chinese_key__in=keys)).order_by("pk")
    for pk, key, chinese_key, country in named.values_list("pk", "key", "chinese_key", "country"):
        for each in {key, chinese_key} & keys:
            holders.setdefault((each, country), []).append(pk)
    aliased = PlaceAlias.objects.filter(key__in=keys).order_by("entity_id")
    own = {}  # {place id: the keys of its aliases}
    for pk, key, country in aliased.values_list("entity_id", "key", "entity__country"):
        holders.setdefault((key, country), []).append(pk)
        own.setdefault(pk, set()).add(key)
    places = Place.objects.in_bulk({pk for pks in holders.values() for pk in pks})
    done = set()
    for row in rows:
        found = holders.get((normalise(row.name)[:NAME_MAX_LENGTH], row.country))
        if not found or found[0] in done:
            continue
        place = places[found[0]]
        done.add(place.pk)
        others = {
            key
            for (key, country), pks in holders.items()
            if country == place.country and set(pks) - {place.pk}
        }
        known = {place.key, place.chinese_key} | own.get(place.pk, set()) | others
        PlaceAlias.objects.bulk_create(
            PlaceAlias(entity=place, key=key, name=name) for key, name in missing_aliases(row, known).items()
        )


class Migration(migrations.Migration):
    dependencies = [("entities", "0005_entities_by_name")]

    operations = [migrations.RunPython(add_gazetteer_aliases, migrations.RunPython.noop)]
