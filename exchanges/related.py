"""Exchanges related to one: those sharing a person, an organisation or a place it names.

Nearest in time first, at most RELATED. In a bounded number of queries, and a bounded amount
of work, whatever the catalogue's size and however often its entities are named.

Two ways find the nearest exchanges sharing an entity, each cheap where the other is not:

- an entity named in few exchanges: read all of them through its links (as many rows as it
  has exchanges);
- an entity named in many: walk the catalogue by date away from the exchange, before and
  after it, until RELATED sharing ones are met (about RELATED * total / named rows each way).

An entity takes the first when its exchange_count (kept on it, exchanges/counts.py) is below
the square root of 2 * RELATED * the catalogue's size * WALK_ROW_COST, where both cost about
the same: a row met on the walk costs a small share of a row read through the links (the walk
reads the date index in order and checks each exchange through a link index; the read joins
each link to its exchange, both where they lie). With a million exchanges the walk starts at
entities named in about 560 of them. The size is the highest exchange id, one index
lookup (summing the summary of counts reads thousands of rows): only the cost depends on it,
never which exchanges are found.

Queries: the catalogue's size (1), the rare entities' exchanges (1), the walks before and
after (2, only when a common entity is named), the chosen exchanges (1), and what each of
them shares (1).
"""

import math
from dataclasses import dataclass

from django.db.models import Exists, IntegerField, Max, OuterRef, Q, Value

from .models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace

RELATED = 5

# What a row met on the walk costs beside one read through the links, as measured on 150
# exchanges of bench_1m (bench/generate.py): the mean time of related_exchanges was 26.8 ms
# with the walk from 3,163 exchanges an entity (a cost ratio of 1), 13.4 ms from 791 (1/16),
# 11.3 ms from 396 (1/64), 11.4 ms from 198.
WALK_ROW_COST = 1 / 32

# Each kind of entity: its link model, and the link's field naming the entity.
KINDS = (
    (ExchangePerson, "person"),
    (ExchangeOrganisation, "organisation"),
    (ExchangePlace, "place"),
)


@dataclass
class Related:
    exchange: Exchange
    shared: list  # names, people first, then organisations, then places


def related_exchanges(exchange, limit=RELATED):
    linked = _links(exchange)
    if not any(linked):
        return []
    common_from = math.isqrt(int(2 * limit * catalogue_size() * WALK_ROW_COST)) + 1
    rare = [{pk for pk, count in counts.items() if count < common_from} for counts in linked]
    common = [{pk for pk, count in counts.items() if count >= common_from} for counts in linked]
    candidates = set(_exchanges_naming(rare, exchange))
    if any(common):
        candidates.update(_walk(common, exchange, limit))
    nearest = sorted(candidates, key=lambda found: (abs((found[1] - exchange.date).days), -found[0]))
    chosen = [pk for pk, _date in nearest[:limit]]
    rows = Exchange.objects.published().for_list().in_bulk(chosen) if chosen else {}
    shared = _shared_names(chosen, *[set(counts) for counts in linked])
    # One withdrawn or deleted since it was chosen is left out rather than failing the page.
    return [Related(rows[pk], shared.get(pk, [])) for pk in chosen if pk in rows]


def catalogue_size():
    return Exchange.objects.aggregate(highest=Max("pk"))["highest"] or 0


def _links(exchange):
    """{entity id: its number of published exchanges} for the people, organisations and places
    the record names, from its prefetched links (Exchange.objects.with_entities())."""
    return (
        {link.person_id: link.person.exchange_count for link in exchange.person_links.all()},
        {
            link.organisation_id: link.organisation.exchange_count
            for link in exchange.organisation_links.all()
        },
        {link.place_id: link.place.exchange_count for link in exchange.place_links.all() if link.direct},
    )


def _sharing_links(entities):
    """The links to `entities` (one set of ids per kind, in KINDS' order), per kind that has any."""
    for (model, field), ids in zip(KINDS, entities, strict=True):
        if ids:
            links = model.objects.filter(**{f"{field}__in": ids})
            yield links.filter(direct=True) if model is ExchangePlace else links


def _exchanges_naming(entities, exchange):
    """(id, date) of every other published exchange naming one of `entities`, in one query
    through the links; an exchange may come more than once."""
    queries = [
        links.filter(exchange__status=Exchange.Status.PUBLISHED)
        .exclude(exchange=exchange.pk)
        .order_by()
        .values_list("exchange_id", "exchange__date")
        for links in _sharing_links(entities)
    ]
    if not queries:
        return []
    return queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]


def _walk(entities, exchange, limit):
    """(id, date) of the `limit` nearest other published exchanges before and after the exchange's
    date naming one of `entities`, walking the catalogue by date (2 queries)."""
    sharing = Q()
    for links in _sharing_links(entities):
        # The link as a range of one exchange id rather than an equality: given an equality,
        # PostgreSQL hashes every link of the entities first (140,000 for a common place among
        # a million exchanges, 130 ms) where the walk meets a few dozen exchanges, each checked
        # through the link's index in microseconds.
        sharing |= Q(Exists(links.filter(exchange__gte=OuterRef("pk"), exchange__lte=OuterRef("pk"))))
    candidates = Exchange.objects.published().exclude(pk=exchange.pk).filter(sharing)
    candidates = candidates.values_list("pk", "date")
    return [
        *candidates.filter(date__lte=exchange.date).order_by("-date", "-id")[:limit],
        *candidates.filter(date__gt=exchange.date).order_by("date", "id")[:limit],
    ]


def _shared_names(pks, people, organisations, places):
    """{exchange id: [names shared]} for the exchanges `pks`, in one query."""
    if not pks:
        return {}
    rows = (
        ExchangePerson.objects.filter(exchange__in=pks, person__in=people)
        .annotate(kind=Value(0, output_field=IntegerField()))
        .order_by()
        .values_list("exchange_id", "kind", "position", "person__name")
        .union(
            ExchangeOrganisation.objects.filter(exchange__in=pks, organisation__in=organisations)
            .annotate(kind=Value(1, output_field=IntegerField()))
            .order_by()
            .values_list("exchange_id", "kind", "position", "organisation__name"),
            ExchangePlace.objects.filter(exchange__in=pks, place__in=places, direct=True)
            .annotate(kind=Value(2, output_field=IntegerField()))
            .order_by()
            .values_list("exchange_id", "kind", "position", "place__name"),
            all=True,
        )
    )
    shared = {}
    for exchange_id, _kind, _position, name in sorted(rows, key=lambda row: row[:3]):
        names = shared.setdefault(exchange_id, [])
        if name not in names:
            names.append(name)
    return shared
