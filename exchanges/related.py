"""Exchanges related to one: those sharing a person, an organisation or a place it names.

Nearest in time first, at most RELATED, in three queries whatever the catalogue's size and
however often its entities are named (for a record naming up to 100 entities):

1. for each entity the exchange names, the RELATED of its published exchanges just before the
   exchange and the RELATED just after it, in the catalogue's order (date, then id): read from
   the link's own index, which holds the exchange's date while it is published
   (DatedLink.published_date), so each is a few index entries however many exchanges the entity
   has. The nearest exchanges sharing any entity are among these (see `nearness`);
2. the chosen exchanges;
3. what each of them shares with the exchange.
"""

from dataclasses import dataclass

from django.db import connection

from .models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace

RELATED = 5

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
    linked = _linked(exchange)
    if not any(linked):
        return []
    candidates = set(_nearest_sharing(linked, exchange, limit))
    chosen = [pk for pk, _date in sorted(candidates, key=lambda found: nearness(found, exchange))[:limit]]
    if not chosen:
        return []
    rows = Exchange.objects.published().for_list().in_bulk(chosen)
    shared = _shared_names(chosen, linked)
    # One withdrawn or deleted since it was chosen is left out rather than failing the page.
    return [Related(rows[pk], shared.get(pk, [])) for pk in chosen if pk in rows]


def nearness(found, exchange):
    """The order of the related: fewest days apart first; at the same distance those before the
    exchange first; then, on each side, the nearer in the catalogue's order (date, then id).

    It follows the catalogue's order on each side, so the nearest exchanges sharing an entity
    are always among its RELATED before and RELATED after the exchange in that order: any
    exchange further along one side has RELATED nearer ones between it and the exchange."""
    pk, day = found
    before = (day, pk) < (exchange.date, exchange.pk)
    return (abs((day - exchange.date).days), 0 if before else 1, -pk if before else pk)


def _linked(exchange):
    """{entity id: name} of the people, organisations and places (those the record names) the
    exchange links to, one per kind in KINDS' order, from its prefetched links
    (Exchange.objects.with_entities())."""
    return (
        {link.person_id: link.person.name for link in exchange.person_links.all()},
        {link.organisation_id: link.organisation.name for link in exchange.organisation_links.all()},
        {link.place_id: link.place.name for link in exchange.place_links.all() if link.direct},
    )


def _nearest_sharing(linked, exchange, limit):
    """(id, date) of the `limit` published exchanges just before and just after the exchange,
    in the catalogue's order, naming each of its entities; one may come more than once.

    A UNION ALL of two small index reads an entity, in one query for up to PARTS_A_QUERY of them.
    Written as SQL because the ORM cannot put a LIMIT inside each part of a union on SQLite; the
    same text runs on both. The day's bound (<= or >=) comes first so that the index is read
    from the exchange's date on, however many exchanges the entity has on the other side."""
    parts = []
    for (model, field), ids in zip(KINDS, linked, strict=True):
        table, entity, direct = _columns(model, field)
        for pk in sorted(ids):
            for comparison, order in (("<", "DESC"), (">", "ASC")):
                sql = (
                    f"SELECT exchange_id, published_date FROM {table} WHERE {entity} = %s{direct} "
                    f"AND published_date {comparison}= %s "
                    f"AND (published_date {comparison} %s OR exchange_id {comparison} %s) "
                    f"ORDER BY published_date {order}, exchange_id {order} LIMIT %s"
                )
                params = [pk, *([True] if direct else []), exchange.date, exchange.date, exchange.pk, limit]
                parts.append((sql, params))
    date_field = Exchange._meta.get_field("date")
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(parts), PARTS_A_QUERY):
            chosen = parts[start : start + PARTS_A_QUERY]
            cursor.execute(
                " UNION ALL ".join(f"SELECT * FROM ({sql}) AS part{n}" for n, (sql, _) in enumerate(chosen)),
                [param for _, params in chosen for param in params],
            )
            # SQLite gives the dates as text.
            found += [(pk, date_field.to_python(day)) for pk, day in cursor.fetchall()]
    return found


# SQLite takes at most 500 parts in a UNION; a record naming more than 100 entities is read in
# more than one query.
PARTS_A_QUERY = 200


def _shared_names(pks, linked):
    """{exchange id: [names shared]} for the exchanges `pks`, in one query: which of the
    exchange's entities each links to, in that exchange's order of them (people first, then
    organisations, then places). The names are the exchange's own, already read with its links.

    Written as SQL like the query above: the ORM's union of three querysets took longer to build
    than to run."""
    parts, params = [], []
    for kind, ((model, field), ids) in enumerate(zip(KINDS, linked, strict=True)):
        if not ids:
            continue
        table, entity, direct = _columns(model, field)
        parts.append(
            f"SELECT exchange_id, {kind}, position, {entity} FROM {table} "
            f"WHERE exchange_id IN ({', '.join(['%s'] * len(pks))}) "
            f"AND {entity} IN ({', '.join(['%s'] * len(ids))}){direct}"
        )
        params += [*pks, *sorted(ids), *([True] if direct else [])]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    shared = {}
    for exchange_id, kind, _position, entity in sorted(rows, key=lambda row: row[:3]):
        found = shared.setdefault(exchange_id, [])
        name = linked[kind][entity]
        if name not in found:
            found.append(name)
    return shared


def _columns(model, field):
    """A link table's quoted name, its entity column's, and the condition keeping only the places
    a record names (with a parameter, True) for ExchangePlace."""
    table = connection.ops.quote_name(model._meta.db_table)
    entity = connection.ops.quote_name(model._meta.get_field(field).column)
    return table, entity, " AND direct = %s" if model is ExchangePlace else ""
