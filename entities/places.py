"""The gazetteer (entities/vocabularies/places.csv) as Place entities."""

from django.db import transaction

from .models import NAME_MAX_LENGTH, Place, PlaceAlias
from .names import gazetteer, known_places, normalise


def known_place(name, country):
    """The gazetteer's row called `name` (its name, not an alias) in `country`, or None: the row a
    place linked from a location line was made from (exchanges/links.py)."""
    key = normalise(name)
    return next(
        (row for row in gazetteer()[1].get(key, []) if normalise(row.name) == key and row.country == country),
        None,
    )


def missing_aliases(row, known):
    """The names of gazetteer `row` (its name, Chinese name and aliases) that a place is not called
    by yet, as {key: name}, the first spelling of each key: `known`, the keys it answers to (its
    name's, Chinese name's and aliases'), and any a caller keeps for another place. Each key once:
    the alias table holds a place's key once (place_alias_once), and "Xi'an" and "Xian" are one."""
    missing = {}
    for name in (row.name, row.chinese_name, *row.aliases):
        key = normalise(name)[:NAME_MAX_LENGTH]
        if key and key not in known and key not in missing:
            missing[key] = name[:NAME_MAX_LENGTH]
    return missing


def where_said(place, mention, ancestors):
    """Whether `place`, found by a PlaceMention's (or a gazetteer row's) name, is where it says: in
    its country; in the place its line put it in, when both lie in one ("Portland, Maine" is not
    Oregon's Portland, "Springfield, Massachusetts" not Illinois's); and in its third country
    ("Cambridge, UK" is not Cambridge, Massachusetts, nor a Cambridge of another third country). A
    place not known to lie in any is the mention's, as it always was. `ancestors()`: the places
    `place` lies in, asked for only when needed."""
    if mention.country and place.country != mention.country:
        return False
    if mention.country == "other" and mention.country_name and place.country_name:
        if normalise(place.country_name) != normalise(mention.country_name):
            return False
    if not mention.parent or not place.parent_id:
        return True
    # The parent by its gazetteer names too ("Maine", "缅因州"), as linking made it.
    rows = [
        row for row in gazetteer()[1].get(normalise(mention.parent), []) if row.country == mention.country
    ]
    keys = {normalise(name) for row in rows[:1] for name in (row.name, row.chinese_name)}
    keys = (keys | {normalise(mention.parent)}) - {""}
    return any({ancestor.key, ancestor.chinese_key} & keys for ancestor in ancestors())


@transaction.atomic
def load_known_places():
    """Create the places of the gazetteer that are missing, with their aliases and the places they lie in.

    Safe to run again: a place is found by any of its spellings and its
    country, and is then only given the names (as aliases), Chinese name and
    parent it lacks; what an editor changed stays. Returns (places created,
    aliases added).
    """
    places = {place.pk: place for place in Place.objects.all()}
    # (key, country) -> [place], for every name, Chinese name and alias in the database: places of
    # one name may lie in two states (Oregon's Portland and one in Maine).
    spellings = {}

    def spelt(key, place):
        found = spellings.setdefault(key, [])
        if place not in found:
            found.append(place)

    for place in places.values():
        for key in (place.key, place.chinese_key):
            spelt((key, place.country), place)
    for alias in PlaceAlias.objects.all():
        spelt((alias.key, places[alias.entity_id].country), places[alias.entity_id])

    def lain_in(place):
        found, seen = [], {place.pk}
        while place.parent_id and place.parent_id not in seen and place.parent_id in places:
            place = places[place.parent_id]
            seen.add(place.pk)
            found.append(place)
        return found

    own_keys = {pk: set() for pk in places}
    for alias in PlaceAlias.objects.all():
        own_keys[alias.entity_id].add(alias.key)

    created = added = 0
    by_name = {}
    aliased = set()  # the places given an alias, whose records list them: dated at the end
    rows = known_places()
    for row in rows:
        names = [name for name in (row.name, row.chinese_name, *row.aliases) if normalise(name)]
        # The row's place where the row says it lies: not Maine's Portland for Oregon's.
        place = next(
            (
                place
                for key in ((normalise(n), row.country) for n in names)
                for place in spellings.get(key, [])
                if where_said(place, row, lambda place=place: lain_in(place))
            ),
            None,
        )
        if place is None:
            place = Place.objects.create(
                name=row.name,
                chinese_name=row.chinese_name,
                kind=row.kind,
                country=row.country,
                country_name=row.country_name if row.country == Place.Country.OTHER else "",
            )
            created += 1
            own_keys[place.pk] = set()
        elif not place.chinese_name and row.chinese_name:
            place.chinese_name = row.chinese_name
            place.save()
        for key, name in missing_aliases(row, own_keys[place.pk] | {place.key, place.chinese_key}).items():
            place.aliases.create(name=name)
            own_keys[place.pk].add(key)
            added += 1
            aliased.add(place.pk)
        for name in names:
            spelt((normalise(name), place.country), place)
        by_name[row.name] = place
    for row in rows:
        place = by_name[row.name]
        if row.parent and place.parent_id is None:
            place.parent = by_name[row.parent]
            place.save(update_fields=["parent", "updated"])
    Place.objects.filter(pk__in=sorted(aliased)).mark_changed()
    return created, added
