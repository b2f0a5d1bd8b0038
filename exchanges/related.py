"""Exchanges related to one: those sharing a person, an organisation or a place it names.

Nearest in time first, at most RELATED. In a bounded number of queries whatever
the catalogue's size: the exchange's own links come prefetched with it, then
the nearest sharing ones before and after its date (2 queries), and what each
of those shares (1).
"""

from dataclasses import dataclass

from django.db.models import Exists, IntegerField, OuterRef, Q, Value

from .models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace

RELATED = 5


@dataclass
class Related:
    exchange: Exchange
    shared: list  # names, people first, then organisations, then places


def related_exchanges(exchange, limit=RELATED):
    people, organisations, places = _links(exchange)
    if not (people or organisations or places):
        return []
    sharing = Q()
    if people:
        sharing |= Q(Exists(ExchangePerson.objects.filter(exchange=OuterRef("pk"), person__in=people)))
    if organisations:
        sharing |= Q(
            Exists(
                ExchangeOrganisation.objects.filter(exchange=OuterRef("pk"), organisation__in=organisations)
            )
        )
    if places:
        sharing |= Q(
            Exists(ExchangePlace.objects.filter(exchange=OuterRef("pk"), place__in=places, direct=True))
        )
    candidates = Exchange.objects.published().for_list().exclude(pk=exchange.pk).filter(sharing)
    before = list(candidates.filter(date__lte=exchange.date).order_by("-date", "-id")[:limit])
    after = list(candidates.filter(date__gt=exchange.date).order_by("date", "id")[:limit])
    nearest = sorted(before + after, key=lambda other: (abs((other.date - exchange.date).days), -other.pk))[
        :limit
    ]
    shared = _shared_names(nearest, people, organisations, places)
    return [Related(other, shared.get(other.pk, [])) for other in nearest]


def _links(exchange):
    """The ids of the people, organisations and places the record names, from its prefetched links
    (Exchange.objects.for_detail())."""
    return (
        {link.person_id for link in exchange.person_links.all()},
        {link.organisation_id for link in exchange.organisation_links.all()},
        {link.place_id for link in exchange.place_links.all() if link.direct},
    )


def _shared_names(exchanges, people, organisations, places):
    """{exchange id: [names shared]} for `exchanges`, in one query."""
    if not exchanges:
        return {}
    pks = [other.pk for other in exchanges]
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
