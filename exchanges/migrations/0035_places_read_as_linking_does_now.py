"""Exchanges whose location line names other places than they link to are linked again from their texts.

Linking now reads location lines as archivists write them where it left a place unlinked, or made
one of words that are no place: a site in a bracket after its city ("Beijing (Great Hall of the
People)"), how a call was held ("By video link (Washington, DC and Beijing)", "Video conference,
Beijing and Washington", "北京（视频会议）"), the two ends of a call ("Washington-Beijing") and a
bracket adding places ("Beijing, Shanghai and Guangzhou (and Tokyo)"). A database published before
kept the old links until each exchange was published again. Here:

- every exchange with a location line is read as linking reads it now, and compared with the places
  it links to directly (by their names, Chinese names and aliases, as linking finds them); one that
  names a place it does not link to, or links to a place it no longer names, is linked again from
  its texts as publishing links it (its organisations and people too), and dated if its links
  changed (its record lists them, and the API's `modified_after` reads the date);
- a place that one of them linked to before, that nothing links to any more, that has no alias and
  no place within it, and whose name is not read as a place of that name now ("Video conference",
  placed in Beijing by "Video conference, Beijing"), is deleted, and its address remembered as the
  admin's deletions are (entities.DeletedEntity, for the API's mirrors);
- every organisation, person and place those exchanges linked to before or link to now is counted
  again, dated if its count moved, and its summary of counts made again when it has one.

Exchanges of any status are read (a draft is linked as a published one is); submissions are not
linked and are left as they are. Safe to run again: a second run finds nothing to link. Nothing to
undo: the old code reads the new links as any other.
"""

import importlib
from functools import lru_cache

from django.conf import settings
from django.db import migrations
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

BATCH = 2000
# (link model, the entity's field) of each kind, as exchanges/counts.py names them.
KINDS = {
    "organisation": ("ExchangeOrganisation", ("organisation_id", "role")),
    "person": ("ExchangePerson", ("person_id", "title")),
    "place": ("ExchangePlace", ("place_id", "direct")),
}


@lru_cache(maxsize=200_000)
def _named(location):
    """The keys each place a location line names is found by ((name key, Chinese key), …)."""
    from entities.names import normalise
    from exchanges.links import read_names

    return tuple(
        frozenset(key for key in (normalise(mention.name), normalise(mention.chinese_name)) if key)
        for mention in read_names(location=location).places
    )


def _keys_of_places(apps, pks):
    """{place id: {its key, Chinese key and alias keys}}."""
    Place, PlaceAlias = apps.get_model("entities", "Place"), apps.get_model("entities", "PlaceAlias")
    keys = {}
    for pk, key, chinese_key in Place._base_manager.filter(pk__in=pks).values_list(
        "pk", "key", "chinese_key"
    ):
        keys[pk] = {key, chinese_key} - {""}
    for pk, key in PlaceAlias._base_manager.filter(entity_id__in=pks).values_list("entity_id", "key"):
        keys[pk].add(key)
    return keys


def _read_otherwise(apps):
    """The ids of the exchanges whose location line, read now, names other places than they link to."""
    found, called = [], {}
    for rows, direct in located(apps):
        # A place's keys read once a run: the catalogue names the same few hundred places.
        needed = {place for places in direct.values() for place in places} - called.keys()
        called.update(_keys_of_places(apps, needed))
        for pk, location in rows:
            named = _named(location)
            linked = [called[place] for place in direct.get(pk, ())]
            named_keys = set().union(*named)
            linked_keys = set().union(*linked)
            if any(not keys & linked_keys for keys in named) or any(not keys & named_keys for keys in linked):
                found.append(pk)
    return found


def located(apps):
    """The exchanges with a location line, a batch at a time: ([(id, location line)], {id: {the ids of
    the places it links to directly}}) (exchanges 0041 reads them too)."""
    Exchange = apps.get_model("exchanges", "Exchange")
    ExchangePlace = apps.get_model("exchanges", "ExchangePlace")
    last = 0
    while True:
        rows = list(
            Exchange._base_manager.filter(pk__gt=last)
            .exclude(location="")
            .order_by("pk")
            .values_list("pk", "location")[:BATCH]
        )
        if not rows:
            return
        last = rows[-1][0]
        direct = {}
        for exchange, place in ExchangePlace._base_manager.filter(
            exchange_id__in=[pk for pk, _location in rows], direct=True
        ).values_list("exchange_id", "place_id"):
            direct.setdefault(exchange, set()).add(place)
        yield rows, direct


def _links(apps, exchange_ids):
    """{kind: {exchange id: {(entity id, role or title or direct)}}} of the exchanges `exchange_ids`."""
    links = {}
    for kind, (model, fields) in KINDS.items():
        held = links[kind] = {}
        rows = apps.get_model("exchanges", model)._base_manager.filter(exchange_id__in=exchange_ids)
        for exchange, *row in rows.values_list("exchange_id", *fields):
            held.setdefault(exchange, set()).add(tuple(row))
    return links


def _reads_as_itself(name, key):
    """Whether a place's name, read as a location line, names a place of that name."""
    from entities.names import normalise
    from exchanges.links import read_names

    places = read_names(location=name).places
    return len(places) == 1 and normalise(places[0].name) == key


def link_places_as_read_now(apps, schema_editor):
    now = timezone.now()
    forget_and_count_again(apps, link_again(apps, _read_otherwise(apps), now), now)


def forget_and_count_again(apps, touched, now):
    """Delete the places of `touched` (link_again's) that nothing links to any more, that have no alias
    and no place within it, and are not read as a place of their name now; count the rest again
    (exchanges 0041 reuses it)."""
    Place = apps.get_model("entities", "Place")
    ExchangePlace = apps.get_model("exchanges", "ExchangePlace")
    # Places made of words that are no place, left with nothing to link them.
    unlinked = (
        Place._base_manager.filter(pk__in=touched["place"], aliases__isnull=True, children__isnull=True)
        # Exists, not NOT IN: over millions of links, PostgreSQL's NOT IN ran for minutes.
        .exclude(Exists(ExchangePlace._base_manager.filter(place_id=OuterRef("pk"))))
        .values_list("pk", "slug", "name", "key")
    )
    gone = {pk: (slug, name) for pk, slug, name, key in unlinked if not _reads_as_itself(name, key)}
    delete(apps, "place", gone)
    touched["place"] -= gone.keys()
    count_again(apps, touched, now)


def links_of(apps, ids):
    """_links of the exchanges `ids`, a batch at a time: what link_again compares with, when the
    caller changes them first (exchanges 0036 deletes entities before)."""
    links = {kind: {} for kind in KINDS}
    for start in range(0, len(ids), BATCH):
        for kind, held in _links(apps, ids[start : start + BATCH]).items():
            links[kind].update(held)
    return links


def link_again(apps, ids, now, had=None, kept_whole=False):
    """Link the exchanges `ids` again from their texts, as publishing links them, and date those whose
    links changed since `had` (links_of; by default, as they are); {kind: {id}} of the entities they
    linked to before or link to now (exchanges 0036 reuses it). `kept_whole`: as link_entities."""
    from exchanges.links import link_entities

    Exchange = apps.get_model("exchanges", "Exchange")
    touched = {kind: set() for kind in KINDS}
    dated = []
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        if had is None:
            before = _links(apps, batch)
        else:
            # This batch's own: every batch read all of them, in time growing as their square.
            before = {kind: {pk: had[kind][pk] for pk in batch if pk in had[kind]} for kind in KINDS}
        for exchange in Exchange._base_manager.filter(pk__in=batch).order_by("pk"):
            link_entities(exchange, apps=apps, kept_whole=kept_whole)
        after = _links(apps, batch)
        for kind in KINDS:
            for links in (*before[kind].values(), *after[kind].values()):
                touched[kind].update(entity for entity, _role in links)
        dated.extend(pk for pk in batch if any(before[k].get(pk) != after[k].get(pk) for k in KINDS))
    for start in range(0, len(dated), BATCH):
        Exchange._base_manager.filter(pk__in=dated[start : start + BATCH]).update(updated=now)
    return touched


def delete(apps, kind, gone):
    """Delete the entities of `kind` in `gone` ({id: (slug, name)}), their addresses remembered as
    entities/signals.py remembers a deletion (no signal is sent in a migration)."""
    DeletedEntity = apps.get_model("entities", "DeletedEntity")
    for slug, name in gone.values():
        DeletedEntity._base_manager.update_or_create(kind=kind, slug=slug, defaults={"name": name})
    apps.get_model("entities", kind.capitalize())._base_manager.filter(pk__in=list(gone)).delete()
    apps.get_model("exchanges", "EntityCount")._base_manager.filter(
        kind=kind, entity_id__in=list(gone)
    ).delete()


def count_again(apps, touched, now):
    """_count_again for each kind of `touched` ({kind: {id}})."""
    for kind, pks in touched.items():
        _count_again(apps, kind, sorted(pks), now)


def _count_again(apps, kind, pks, now):
    """Count the published exchanges of the entities `pks` of `kind` again, date those whose count
    moved, and make their summaries of counts again (exchanges 0023's, as 0025 does)."""
    model = apps.get_model("entities", kind.capitalize())
    link = apps.get_model("exchanges", KINDS[kind][0])
    EntityCount = apps.get_model("exchanges", "EntityCount")
    summarise = importlib.import_module("exchanges.migrations.0023_chinese_names_aside")._summarise
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        published = link._base_manager.filter(**{f"{kind}_id__in": batch}, exchange__status="published")
        counts = dict.fromkeys(batch, 0) | dict(
            published.order_by()
            .values(f"{kind}_id")
            .annotate(n=Count("exchange", distinct=True))
            .values_list(f"{kind}_id", "n")
        )
        for pk, was in model._base_manager.filter(pk__in=batch).values_list("pk", "exchange_count"):
            if counts[pk] != was:
                model._base_manager.filter(pk=pk).update(exchange_count=counts[pk], updated=now)
        EntityCount._base_manager.filter(kind=kind, entity_id__in=batch).delete()
        for pk in batch:
            if counts[pk] >= settings.ENTITY_SUMMARY_MIN:
                summarise(EntityCount, link, kind, pk)


class Migration(migrations.Migration):
    dependencies = [
        ("exchanges", "0034_withdrawal_reason"),
        ("entities", "0012_foreign_family_name_aliases"),
    ]

    operations = [migrations.RunPython(link_places_as_read_now, migrations.RunPython.noop)]
