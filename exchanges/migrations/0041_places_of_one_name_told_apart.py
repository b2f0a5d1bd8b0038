"""Exchanges linked to a place of their location line's name that is not where the line says are linked again.

Linking found a place by its name and country alone, and the reading took a known town followed by
a state it does not lie in as two places: "Portland, Maine" linked Oregon's Portland and Maine,
"Columbus, Georgia" Ohio's Columbus and Georgia, "Paris, Texas" Paris (France) and Texas,
"Springfield, Massachusetts" the Springfield of "Springfield, Illinois" when that was linked first;
"Cambridge, UK" linked Cambridge, Massachusetts; "Portland (Maine)" and "Springfield (IL)" were one
unknown place of the whole line, in no country, and linked nothing. Now a known town followed by a
state of the United States it does not lie in and that does not border its own, or by a third
country it is not in, is another town of its name there (entities.names._namesake), a state in a
bracket after a town says where it is (entities.names._names_regions), and linking takes a place
of the name only if it lies where the line says, making another otherwise
(entities.places.where_said).

Every exchange with a location line is read as linking reads it now; one that names a place it
links to no place of that name where the line says (by the place's name, Chinese name or aliases,
its country, and the places it lies in) is linked again as publishing links it, and dated if its
links changed, as exchanges 0035 does (its `link_again`); a place left linked by nothing, without an
alias or a place within it, and not read as a place of its name now, is deleted and its address
listed as 0035 deletes one; the entities touched are counted again.

Safe to run again: a second run finds nothing to link. Nothing to undo: the old code reads the new
links as any other.
"""

import importlib
from functools import lru_cache

from django.db import migrations
from django.utils import timezone


@lru_cache(maxsize=200_000)
def _mentions(location):
    """The places a location line names, as linking reads them, each with the keys it is found by."""
    from entities.names import normalise
    from exchanges.links import read_names

    return tuple(
        (mention, frozenset(key for key in (normalise(mention.name), normalise(mention.chinese_name)) if key))
        for mention in read_names(location=location).places
    )


def _placed_otherwise(apps):
    """The ids of the exchanges whose location line names a place that none of the places of its
    name they link to is: in its country, and in the place the line puts it in."""
    from exchanges.links import Linker

    relinking = importlib.import_module("exchanges.migrations.0035_places_read_as_linking_does_now")
    Place = apps.get_model("entities", "Place")
    found, called, places = [], {}, {}
    # One a run: the places a place lies in are walked once (Linker.ancestors).
    linker = Linker(apps)
    for rows, direct in relinking.located(apps):
        needed = {place for linked in direct.values() for place in linked} - called.keys()
        called.update(relinking._keys_of_places(apps, needed))
        places.update(Place._base_manager.in_bulk(needed - places.keys()))
        for pk, location in rows:
            linked = [places[place] for place in direct.get(pk, ())]
            for mention, keys in _mentions(location):
                named = [place for place in linked if keys & called[place.pk]]
                if not any(linker.is_where_said(place, mention) for place in named):
                    found.append(pk)
                    break
    return found


def link_places_where_their_lines_say(apps, schema_editor):
    relinking = importlib.import_module("exchanges.migrations.0035_places_read_as_linking_does_now")
    now = timezone.now()
    relinking.forget_and_count_again(apps, relinking.link_again(apps, _placed_otherwise(apps), now), now)


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0040_organisations_of_groups_read_as_linking_does_now")]

    operations = [migrations.RunPython(link_places_where_their_lines_say, migrations.RunPython.noop)]
