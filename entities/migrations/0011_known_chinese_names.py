"""The starter catalogue's people, organisations and places gain their standard Chinese names.

The records give a Chinese name in brackets for the Chinese side ("Premier Zhou Enlai (周恩来)")
and the gazetteer (entities/vocabularies/places.csv) for the places it knows; the American side,
most organisations and the sites (the White House, the Great Hall of the People) had none, so
their pages showed none and a search in Chinese found them only through stand-ins in the search
synonyms. Linking now gives a person or an organisation named in
entities/vocabularies/chinese_names.csv its Chinese name and the other forms the press writes
("克里") as aliases (exchanges/links.py), and a place of the gazetteer's its row's names.

Here, an entity already there gains them: the one person or organisation of the kind called by a
row's English name (by its name's key, as linking finds it; none when two are, which a moderator
tells apart), and the one place of a gazetteer row's name in its country, which also takes the
row's kind when it has none known (the White House, linked as "other", is a site). A Chinese name
an editor gave stays, the row's then an alias; an alias is added only where the entity is not called
so, and, for a place, no spelling another place of its country answers to (as 0006 left them: a
location line's spelling is read as the place of the country called so). Nothing else changes.
Safe to run again; nothing to undo.
"""

from django.db import migrations
from django.utils import timezone

NAME_MAX_LENGTH = 200


def give_chinese_names(apps, schema_editor):
    from entities.names import known_chinese_names, known_places, normalise

    rows = {"person": [], "organisation": [], "place": known_places()}
    for (kind, _key), row in known_chinese_names().items():
        rows[kind].append(row)
    for kind, model_name in [("person", "Person"), ("organisation", "Organisation"), ("place", "Place")]:
        Model = apps.get_model("entities", model_name)
        Alias = apps.get_model("entities", f"{model_name}Alias")
        for row in rows[kind]:
            found = Model.objects.filter(key=normalise(row.name)[:NAME_MAX_LENGTH])
            if kind == "place":
                found = found.filter(country=row.country)
            found = list(found[:2])
            if len(found) == 1:
                taken = (
                    _answered_by_others(found[0], row, Model, Alias, normalise) if kind == "place" else set()
                )
                _give(found[0], row, Alias, normalise, taken)


def _answered_by_others(place, row, Place, PlaceAlias, normalise):
    """The keys of `row`'s spellings that another place of the country is called by: they stay its
    alone, as migration 0006 left them, since linking reads a location line's spelling as the place
    of the country called so."""
    keys = {normalise(name)[:NAME_MAX_LENGTH] for name in (row.chinese_name, *row.aliases)} - {""}
    others = Place.objects.filter(country=place.country).exclude(pk=place.pk)
    return ({key for pair in others.values_list("key", "chinese_key") for key in pair} & keys) | set(
        PlaceAlias.objects.filter(key__in=keys, entity__in=others).values_list("key", flat=True)
    )


def _give(entity, row, Alias, normalise, taken):
    from entities.places import missing_aliases

    changed = not entity.chinese_name and row.chinese_name and normalise(row.chinese_name) not in taken
    if changed:
        entity.chinese_name = row.chinese_name[:NAME_MAX_LENGTH]
        entity.chinese_key = normalise(entity.chinese_name)[:NAME_MAX_LENGTH]
    # A site linked before its row was written is of no known kind: the row's, as linking gives it.
    known_kind = getattr(entity, "kind", "") == "other" and getattr(row, "kind", "other") != "other"
    if known_kind:
        entity.kind = row.kind
    own = {entity.key, entity.chinese_key, *Alias.objects.filter(entity=entity).values_list("key", flat=True)}
    aliases = missing_aliases(row, own | taken)
    Alias.objects.bulk_create(Alias(entity=entity, key=key, name=name) for key, name in aliases.items())
    if changed or aliases or known_kind:
        # Its record shows its names: dated, as the API's `modified_after` reads it.
        entity.updated = timezone.now()
        entity.save(
            update_fields=["chinese_name", "chinese_key", "updated", *(["kind"] if known_kind else [])]
        )


class Migration(migrations.Migration):
    dependencies = [("entities", "0010_merged_entities_withdrawn")]

    operations = [migrations.RunPython(give_chinese_names, migrations.RunPython.noop)]
