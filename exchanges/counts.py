"""Counts that cost nothing: the catalogue's totals and facet counts from small tables kept exact.

Three kinds of count are kept as exchanges are published, changed, withdrawn and
deleted, in the transaction of the write:

- `CatalogueCount`: published exchanges per combination of type, government,
  continuing, levels and year. A total or a facet count under any combination
  of those filters is a sum over it (`summary_counts`).
- Each organisation's, person's and place's `exchange_count`: its published
  exchanges (an organisation both partner and sponsor of one counts it once; a
  place counts those of the places within it, through the stored links to the
  places they lie in, as the place filter does).
- `EntityCount`: for the organisations, people and places with
  ENTITY_SUMMARY_MIN published exchanges or more, the same combinations as
  CatalogueCount among their exchanges only, so that an entity's page or filter
  under structured filters is a sum too. An entity has rows exactly while it is
  that linked: they are counted from its links when it gets there and dropped
  when it falls below (add_to_entities).

With them, each link's `published_date`: its exchange's date while the exchange is
published, empty otherwise (exchanges/related.py reads an entity's exchanges by
date from it). It is set when the links are made (exchanges/links.py) and moved
here when the exchange's status or date changes.

The counts are moved by increments (F() + 1), never recounted: the save and delete
signals below compare an exchange's stored values before the write with those
after, `link_entities` moves the entity counts when the links change, and a
merge of two entities recounts the one kept. `rebuild` recomputes everything
from scratch (`manage.py rebuild_counts`), for a database written outside
Django (a COPY, a restore, SQL by hand), and the tests compare the kept counts
with it after every way of writing an exchange.
"""

import json
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from entities.models import Organisation, Person, Place

from .cache import bump_catalogue_version
from .models import CatalogueCount, EntityCount, Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace

YES_NO_CODES = {True: "yes", False: "no", None: "none"}
# What the summary is keyed by, as Exchange stores it.
COUNTED_FIELDS = ("status", "type", "government", "continuing", "levels", "date", "date_last")
KEY_FIELDS = ("type", "government", "continuing", "levels", "year", "last_year")
# Each kind of entity with its link table and the link's field naming it.
ENTITY_LINKS = (
    (Organisation, ExchangeOrganisation, "organisation"),
    (Person, ExchangePerson, "person"),
    (Place, ExchangePlace, "place"),
)
LINK_MODELS = {field: link for _model, link, field in ENTITY_LINKS}


def summary_key(values):
    """The summary row a published exchange with these stored values counts in, or None if unpublished."""
    if values.get("status") != Exchange.Status.PUBLISHED or values.get("date") is None:
        return None
    levels = Exchange._meta.get_field("levels").get_prep_value(values["levels"])
    day = Exchange._meta.get_field("date").to_python(values["date"])
    last = Exchange._meta.get_field("date_last").to_python(values.get("date_last")) or day
    return (
        values["type"] or "",
        YES_NO_CODES[values["government"]],
        YES_NO_CODES[values["continuing"]],
        levels,
        day.year,
        last.year,
    )


def stored_values(pk):
    """The counted values of an exchange as its row holds them now, or None when there is no row."""
    if pk is None:
        return None
    return Exchange._base_manager.filter(pk=pk).values(*COUNTED_FIELDS).first()


def add_to_summary(key, delta, table=CatalogueCount, **entity):
    """Add `delta` to one summary row, creating it when missing: the catalogue's, or with `table`
    EntityCount and `entity` (kind=, entity_id=), an entity's.

    An UPDATE first; when no row was there, an INSERT in a savepoint, and when a
    concurrent transaction inserted the same row first (the unique constraint
    says so), the UPDATE again, which now finds it."""
    row = {**entity, **dict(zip(KEY_FIELDS, key, strict=True))}
    rows = table.objects.filter(**row)
    if rows.update(count=F("count") + delta):
        return
    try:
        with transaction.atomic():
            table.objects.create(**row, count=delta)
    except IntegrityError:
        rows.update(count=F("count") + delta)


def move_summary(before, after):
    """Move one exchange's count from the row of its old values to that of its new ones."""
    if before == after:
        return
    # In a fixed order, so that two writes touching the same two rows cannot deadlock.
    for key, delta in sorted(((k, d) for k, d in ((before, -1), (after, 1)) if k is not None)):
        add_to_summary(key, delta)


def published_day(values):
    """The date an exchange with these stored values gives its links: its own while published."""
    if values.get("status") != Exchange.Status.PUBLISHED or values.get("date") is None:
        return None
    return Exchange._meta.get_field("date").to_python(values["date"])


def date_links(exchange_pk, day):
    """Give every link of the exchange the date `day` (None: it is not published)."""
    for _model, link, _field in ENTITY_LINKS:
        link.objects.filter(exchange_id=exchange_pk).update(published_date=day)


def add_to_entities(exchange_pk, delta, key, dated=True, undated=None, kinds=None):
    """Add `delta` to the count of every entity the exchange links to (each once, whatever its roles),
    and to the summary row of `key` (the exchange's, summary_key) of each summarised one; returns
    {kind: ids} of the entities counted. `kinds`, when known: the only kinds it links to (an
    UPDATE of the others would find none).

    Each is dated in the same UPDATE (`updated`, which the API's modified_after reads: its record
    shows the count), but for those in `undated` ({kind: ids}), and none when `dated` is false:
    link_entities takes the count off the links an exchange had before adding it to those it has,
    and an entity linked before and after keeps its count (link_entities dates those it lost).

    An entity is summarised (has EntityCount rows) while it has ENTITY_SUMMARY_MIN published
    exchanges or more: one that reaches it is counted from scratch, its exchange among them when
    it gains it (a publish, a new link) and not when it loses it (a deletion, a link about to go);
    one that falls below loses its rows."""
    threshold = settings.ENTITY_SUMMARY_MIN
    now = timezone.now()
    counted = {}
    for model, link, field in ENTITY_LINKS:
        counted[field] = set()
        if kinds is not None and field not in kinds:
            continue
        links = link.objects.filter(exchange_id=exchange_pk)
        linked = model.objects.filter(pk__in=links.values(f"{field}_id"))
        changes = {"exchange_count": F("exchange_count") + delta}
        if dated:
            kept = (undated or {}).get(field)
            changes["updated"] = (
                Case(When(pk__in=kept, then=F("updated")), default=Value(now)) if kept else Value(now)
            )
        if not linked.update(**changes):
            continue
        summarised = Exists(EntityCount.objects.filter(kind=field, entity_id=OuterRef("pk")))
        # In the order of the rows' keys, so that two writes touching the same rows cannot deadlock.
        for pk, count, has_rows in sorted(linked.values_list("pk", "exchange_count", summarised)):
            counted[field].add(pk)
            if has_rows and count < threshold:
                EntityCount.objects.filter(kind=field, entity_id=pk).delete()
            elif has_rows:
                add_to_summary(key, delta, EntityCount, kind=field, entity_id=pk)
            elif count >= threshold:
                summarise_entities(field, [pk], leaving_out=exchange_pk if delta < 0 else None)
    return counted


def date_entities(ids):
    """Date now the entities `ids` ({kind: ids}), one UPDATE for each kind that has some."""
    for model, _link, field in ENTITY_LINKS:
        if ids.get(field):
            model.objects.filter(pk__in=sorted(ids[field])).mark_changed()


def move_entity_summaries(exchange_pk, before, after):
    """Move a published exchange's count, in each summarised entity it links to, from the row of its
    old values to that of its new ones (move_summary for the entities)."""
    if before == after:
        return
    for _model, link, field in ENTITY_LINKS:
        linked = link.objects.filter(exchange_id=exchange_pk).values(f"{field}_id")
        summarised = (
            EntityCount.objects.filter(kind=field, entity_id__in=linked)
            .values_list("entity_id", flat=True)
            .distinct()
        )
        for pk in sorted(summarised):
            for key, delta in sorted(((before, -1), (after, 1))):
                add_to_summary(key, delta, EntityCount, kind=field, entity_id=pk)


def summarise_entities(kind, pks, leaving_out=None):
    """Count the published exchanges of the entities `pks` of one kind from scratch into EntityCount
    (their rows replaced), without the exchange `leaving_out`; an organisation that is both
    partner and sponsor of an exchange counts it once."""
    EntityCount.objects.filter(kind=kind, entity_id__in=pks).delete()
    EntityCount.objects.bulk_create(
        EntityCount(kind=kind, entity_id=pk, **dict(zip(KEY_FIELDS, key, strict=True)), count=count)
        for (pk, key), count in sorted(entity_summary_from_scratch(kind, pks, leaving_out).items())
    )


# Signals: connected in ExchangesConfig.ready().


def remember_counted_values(sender, instance, raw=False, **kwargs):
    """pre_save: the values the exchange is counted under now, from its stored row."""
    # By its primary key rather than _state.adding: a fixture being loaded may overwrite a row.
    instance._counted_before = stored_values(instance.pk)


def count_saved_exchange(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    """post_save: move its summary count, its entities' counts when it was published or withdrawn, and
    its links' dates when it was published, withdrawn or moved in time."""
    before = getattr(instance, "_counted_before", None)
    after = {name: getattr(instance, name) for name in COUNTED_FIELDS}
    if update_fields is not None and before is not None:
        # Only the fields written changed; the others keep their stored values.
        after = {name: (after[name] if name in update_fields else before[name]) for name in COUNTED_FIELDS}
    old_key, new_key = summary_key(before or {}), summary_key(after)
    move_summary(old_key, new_key)
    # A new exchange has no links yet: its entities count it as they are linked (link_entities).
    if (old_key is None) != (new_key is None) and not created:
        add_to_entities(instance.pk, 1 if new_key is not None else -1, new_key or old_key)
    elif old_key is not None and new_key is not None and not created:
        move_entity_summaries(instance.pk, old_key, new_key)
    # A new exchange has no links yet: they are dated as they are made.
    if not created and published_day(before or {}) != published_day(after):
        date_links(instance.pk, published_day(after))
    instance._counted_before = after


def count_deleted_exchange(sender, instance, **kwargs):
    """pre_delete: take a published exchange out of the counts while its links still exist."""
    key = summary_key(stored_values(instance.pk) or {})
    if key is not None:
        add_to_summary(key, -1)
        add_to_entities(instance.pk, -1, key)


def recount_merged_entity(sender, kept, **kwargs):
    """After a merge: the kept entity's count, from its links (the two may have shared exchanges)."""
    for model, link, field in ENTITY_LINKS:
        if sender is model:
            recount_entities(model, link, field, [kept.pk])


def recount_entities(model, link, field, pks):
    """The count of each of the entities `pks` of one kind again from its links, and its summary."""
    with transaction.atomic():
        # Locked first, in a statement of its own: two recounts of one place at once (the worker's
        # relinking and a publish's) must count from the links as the other committed them. An
        # UPDATE that waited on the other's row lock would write a count from its earlier snapshot.
        list(model.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk"))
        # Dated with it: the record shows the count (a place relinked has its count moved).
        model.objects.filter(pk__in=pks).update(
            exchange_count=published_count(link, field), updated=timezone.now()
        )
        summarised = sorted(
            model.objects.filter(pk__in=pks, exchange_count__gte=settings.ENTITY_SUMMARY_MIN).values_list(
                "pk", flat=True
            )
        )
        EntityCount.objects.filter(kind=field, entity_id__in=pks).exclude(entity_id__in=summarised).delete()
        if summarised:
            summarise_entities(field, summarised)


def recount_places(pks):
    """recount_entities for places: after their links were made again (links.relink_places_lain_in)."""
    recount_entities(Place, ExchangePlace, "place", sorted(pks))


def place_links_follow_country(sender, instance, raw=False, **kwargs):
    """post_save of a place: its links hold its country (ExchangePlace.country), which an edit or a
    merge into it (which moves the merged place's links to it, then saves it) may have changed.
    One indexed UPDATE, of no row unless some link holds another country."""
    if raw:
        return  # A fixture being loaded: its links, if any, come with their country.
    ExchangePlace.objects.filter(place_id=instance.pk).exclude(country=instance.country).update(
        country=instance.country
    )


def forget_deleted_entity(sender, instance, **kwargs):
    """post_delete of an organisation, person or place (a merge deletes the one merged): its summary rows."""
    for model, _link, field in ENTITY_LINKS:
        if sender is model:
            EntityCount.objects.filter(kind=field, entity_id=instance.pk).delete()


def published_count(link, field):
    """A subquery: the published exchanges linked to the entity of the outer row, each once."""
    return Coalesce(
        Subquery(
            link.objects.filter(**{field: OuterRef("pk")}, exchange__status=Exchange.Status.PUBLISHED)
            .order_by()
            .values(field)
            .annotate(n=Count("exchange", distinct=field == "organisation"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


# From scratch ---------------------------------------------------------------


def summary_from_scratch():
    """{key: count} of the published exchanges, counted from the exchanges themselves."""
    rows = (
        Exchange.objects.published()
        .order_by()
        .values(
            "type",
            "government",
            "continuing",
            "levels",
            year=ExtractYear("date"),
            last_year=ExtractYear("date_last"),
        )
        .annotate(n=Count("pk"))
    )
    counts = Counter()
    for row in rows:
        counts[grouped_key(row)] += row["n"]
    return dict(counts)


def grouped_key(row, prefix=""):
    """The summary key of a row of a GROUP BY of published exchanges: their values (each named
    `prefix` + the field's name), `year` and `last_year`."""
    return summary_key(
        {
            "status": Exchange.Status.PUBLISHED,
            **{name: row[f"{prefix}{name}"] for name in ("type", "government", "continuing", "levels")},
            "date": f"{row['year']:04d}-01-01",
            "date_last": f"{row['last_year']:04d}-01-01",
        }
    )


def kept_summary():
    """{key: count} as the summary table holds it, without its empty rows."""
    return {
        tuple(row[name] for name in KEY_FIELDS): row["count"]
        for row in CatalogueCount.objects.exclude(count=0).values(*KEY_FIELDS, "count")
    }


@transaction.atomic
def rebuild():
    """Recount the summary table and every entity's count from the exchanges and their links, and
    date the links again and give the place links their place's country; retire the cached pages,
    whose counts may have been wrong. The links to the places lain in are read as they are:
    `rebuild_counts` makes them again first (exchanges/links.py, relink_places_lain_in)."""
    bump_catalogue_version()
    CatalogueCount.objects.all().delete()
    CatalogueCount.objects.bulk_create(
        CatalogueCount(**dict(zip(KEY_FIELDS, key, strict=True)), count=count)
        for key, count in sorted(summary_from_scratch().items())
    )
    now = timezone.now()
    for model, link, field in ENTITY_LINKS:
        # One GROUP BY over the links, then the entities updated a number at a time: a subquery
        # per entity would look up the links 155,000 times. Only those whose count is wrong are
        # written, and dated (`updated`: their record shows the count), so a mirror reads them again.
        counted = entity_counts_from_scratch(link, field)
        kept = dict(model.objects.exclude(exchange_count=0).values_list("pk", "exchange_count"))
        by_count = {}
        for pk, count in [*counted.items(), *((pk, 0) for pk in kept.keys() - counted.keys())]:
            if kept.get(pk, 0) != count:
                by_count.setdefault(count, []).append(pk)
        for count, pks in by_count.items():
            for start in range(0, len(pks), REBUILD_BATCH):
                model.objects.filter(pk__in=pks[start : start + REBUILD_BATCH]).update(
                    exchange_count=count, updated=now
                )
    EntityCount.objects.all().delete()
    for model, _link, field in ENTITY_LINKS:
        summarised = model.objects.filter(exchange_count__gte=settings.ENTITY_SUMMARY_MIN)
        pks = list(summarised.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), REBUILD_BATCH):
            summarise_entities(field, pks[start : start + REBUILD_BATCH])
    # Only the place links whose country is not their place's are written.
    ExchangePlace.objects.exclude(country=F("place__country")).update(
        country=Subquery(Place.objects.filter(pk=OuterRef("place_id")).values("country")[:1])
    )
    for _model, link, _field in ENTITY_LINKS:
        # Only the links whose date is wrong are written.
        link.objects.filter(exchange__status=Exchange.Status.PUBLISHED).exclude(
            published_date=F("exchange__date")
        ).update(
            published_date=Subquery(Exchange.objects.filter(pk=OuterRef("exchange_id")).values("date")[:1])
        )
        link.objects.exclude(exchange__status=Exchange.Status.PUBLISHED).exclude(published_date=None).update(
            published_date=None
        )


REBUILD_BATCH = 5000


def entity_summary_from_scratch(kind, pks, leaving_out=None):
    """{(entity pk, summary key): count} of the published exchanges of the entities `pks` of one kind
    (without the exchange `leaving_out`), in one GROUP BY over their links."""
    link = LINK_MODELS[kind]
    links = link.objects.filter(**{f"{kind}_id__in": pks}, exchange__status=Exchange.Status.PUBLISHED)
    if leaving_out is not None:
        links = links.exclude(exchange_id=leaving_out)
    rows = (
        links.order_by()
        .values(
            f"{kind}_id",
            "exchange__type",
            "exchange__government",
            "exchange__continuing",
            "exchange__levels",
            year=ExtractYear("exchange__date"),
            last_year=ExtractYear("exchange__date_last"),
        )
        .annotate(n=Count("exchange", distinct=True))
    )
    counts = Counter()
    for row in rows:
        counts[row[f"{kind}_id"], grouped_key(row, "exchange__")] += row["n"]
    return dict(counts)


def kept_entity_summary():
    """{(kind, entity pk, summary key): count} as EntityCount holds it, without its empty rows."""
    return {
        (row["kind"], row["entity_id"], tuple(row[name] for name in KEY_FIELDS)): row["count"]
        for row in EntityCount.objects.exclude(count=0).values("kind", "entity_id", *KEY_FIELDS, "count")
    }


def entity_summary_expected():
    """kept_entity_summary as it should be: the entities with ENTITY_SUMMARY_MIN published exchanges
    or more, counted from scratch."""
    expected = {}
    for model, _link, field in ENTITY_LINKS:
        summarised = model.objects.filter(exchange_count__gte=settings.ENTITY_SUMMARY_MIN)
        pks = list(summarised.values_list("pk", flat=True))
        for (pk, key), count in entity_summary_from_scratch(field, pks).items():
            expected[field, pk, key] = count
    return expected


def entity_counts_from_scratch(link, field):
    """{entity pk: its published exchanges} for the entities linked to any, in one GROUP BY."""
    rows = (
        link.objects.filter(exchange__status=Exchange.Status.PUBLISHED)
        .order_by()
        .values(f"{field}_id")
        .annotate(n=Count("exchange", distinct=field == "organisation"))
    )
    return {row[f"{field}_id"]: row["n"] for row in rows}


# Reading --------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """How many exchanges a list has: `count`, or more than it when `more`."""

    count: int
    more: bool = False


def published_years():
    """The years in which published exchanges began, from the summary table."""
    return sorted(CatalogueCount.objects.filter(count__gt=0).values_list("year", flat=True).distinct())


def catalogue_total(conditions=()):
    """The number of published exchanges, from the summary: all of them, or those meeting every
    one of `conditions` (Q over CatalogueCount, as summary_counts takes them)."""
    return CatalogueCount.objects.filter(*conditions).aggregate(total=Sum("count"))["total"] or 0


def summary_counts(conditions, facets, summary=None):
    """The total and facet counts under `conditions` ({filter name: Q over CatalogueCount}), in one query:
    of the catalogue, or of one entity with `summary` its EntityCount rows (entity_summary).

    `facets` is {facet name: {value: Q}}; each facet is counted under every
    condition but its own, as the catalogue's facets are. The year is both a
    condition and the timeline's facet: the query groups by year, and the
    other sums add up over the years. Returns (total, {facet: {value: count}}, [(year, count)]).
    """

    def under(*leaving_out):
        return [q for name, q in conditions.items() if name not in leaving_out]

    def summed(*parts):
        parts = [part for part in parts if part is not None]
        condition = Q()
        for part in parts:
            condition &= part
        return Sum("count", filter=condition) if parts else Sum("count")

    year_condition = conditions.get("year")
    aggregates = {"n_total": summed(*under("year"), year_condition)}
    aggregates["n_year"] = summed(*under("year"))
    names = {}
    for facet, values in facets.items():
        for index, (value, condition) in enumerate(values.items()):
            alias = f"f_{facet}_{index}"
            names[alias] = (facet, value)
            aggregates[alias] = summed(*under("year", facet), year_condition, condition)
    rows = (CatalogueCount.objects.all() if summary is None else summary).values("year")
    rows = rows.annotate(**aggregates).order_by("year")
    total, counts, years = 0, {facet: dict.fromkeys(values, 0) for facet, values in facets.items()}, []
    for row in rows:
        total += row["n_total"] or 0
        if row["n_year"]:
            years.append((row["year"], row["n_year"]))
        for alias, (facet, value) in names.items():
            counts[facet][value] += row[alias] or 0
    return total, counts, years


def entity_summary(kind, pk):
    """The EntityCount rows of one organisation, person or place, for summary_counts."""
    return EntityCount.objects.filter(kind=kind, entity_id=pk)


def among_sql(target, ids):
    """SQL and its parameters saying that the column `target` is one of `ids`, given as one
    parameter however many there are (an array on PostgreSQL, a JSON list on SQLite), so that the
    first 10,000 results of a list, fetched once, are counted by each facet without running
    their query again."""
    if connection.vendor == "postgresql":
        # Written as the array's text: psycopg adapts a list of 10,000 ints element by element,
        # 4 ms a query against 1 ms to join them, and a list page sends four such arrays.
        return f"{target} = ANY(%s::bigint[])", ["{" + ",".join(map(str, map(int, ids))) + "}"]
    return f"{target} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def among(table, column, ids):
    """among_sql as a condition for a queryset's filter()."""
    sql, params = among_sql(f"{connection.ops.quote_name(table)}.{connection.ops.quote_name(column)}", ids)
    return RawSQL(sql, params, output_field=BooleanField())


def most_linked(model, link, field, exchange_ids, limit):
    """[{"facet_slug", "facet_name", "count"}] for the `limit` entities of `model` most linked to the
    exchanges `exchange_ids`, most first, then by name; an entity linked twice to one exchange (an
    organisation both partner and sponsor) counts it once.

    The links are grouped by entity first, and the names read only for those counted at least
    as often as the `limit`-th, each through its primary key: the ORM would group by the names
    too, and a join lets PostgreSQL read every entity (50,000 organisations, 17 ms) to name a
    few dozen."""
    quote = connection.ops.quote_name
    links, entities = quote(link._meta.db_table), quote(model._meta.db_table)
    column = quote(link._meta.get_field(field).column)
    condition, params = among_sql(f"{links}.{quote('exchange_id')}", exchange_ids)
    counted = f"COUNT(DISTINCT {quote('exchange_id')})" if field == "organisation" else "COUNT(*)"

    def named(column):
        return f"(SELECT e.{quote(column)} FROM {entities} e WHERE e.{quote('id')} = top.entity)"

    sql = (
        f"WITH c AS (SELECT {column} AS entity, {counted} AS n FROM {links} WHERE {condition} "
        f"GROUP BY {column}), "
        "top AS (SELECT entity, n FROM c WHERE n >= "
        "COALESCE((SELECT n FROM c ORDER BY n DESC LIMIT 1 OFFSET %s), 0)) "
        f"SELECT {named('slug')} AS slug, {named('name')} AS name, n FROM top "
        "ORDER BY n DESC, name, entity LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, max(limit - 1, 0), limit])
        return [{"facet_slug": slug, "facet_name": name, "count": n} for slug, name, n in cursor.fetchall()]
