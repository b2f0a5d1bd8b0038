"""The migration that adds the catalogue's counts fills them from every exchange already there.

A database is built at the state before it (exchanges 0007, entities 0001),
holding published and draft exchanges of many kinds linked to organisations
(one both partner and sponsor), people and places; it is then migrated
forward, and the counts must be those of the rows. Runs on SQLite and
PostgreSQL alike.
"""

import datetime
import random
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from exchanges.links import link_entities
from tests.migrating import migrate

BEFORE = [("exchanges", "0007_search_words"), ("entities", "0001_initial")]
AFTER = [("exchanges", "0008_catalogue_counts")]
YES_NO = {True: "yes", False: "no", None: "none"}
LEVELS = ["national", "state", "local"]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def old_database():
    apps = migrate(BEFORE)
    Exchange = apps.get_model("exchanges", "Exchange")
    randomiser = random.Random(8)
    expected = Counter()
    for number in range(60):
        government = randomiser.choice([True, False, None])
        levels = sorted(randomiser.sample(LEVELS, randomiser.randrange(0, 3)), key=LEVELS.index)
        day = datetime.date(randomiser.randrange(2000, 2006), randomiser.randrange(1, 13), 1)
        status = randomiser.choice(["published", "published", "draft"])
        exchange = Exchange.objects.create(
            title=f"Exchange {number}",
            slug=f"exchange-{number}",
            summary="Officials met.",
            type=randomiser.choice(["diplomatic", "education", ""]),
            government=government,
            continuing=randomiser.choice([True, False, None]),
            levels=levels,
            partners=randomiser.choice(["U.S. Department of State", "Ministry of Education", ""]),
            sponsors=randomiser.choice(["U.S. Department of State", ""]),
            participants=randomiser.choice(["Foreign Minister Wang Yi", "Secretary Antony Blinken", ""]),
            location=randomiser.choice(["Beijing", "Sacramento, California", ""]),
            date=day,
            date_last=day,
            status=status,
        )
        link_entities(exchange, apps)
        if status == "published":
            stored = f",{','.join(levels)}," if levels else ""
            key = (exchange.type, YES_NO[government], YES_NO[exchange.continuing], stored, day.year)
            expected[key] += 1
    yield apps, expected
    executor = MigrationExecutor(connection)
    migrate(executor.loader.graph.leaf_nodes())


def test_the_summary_and_the_entity_counts_are_filled_from_the_rows(old_database):
    old_apps, expected = old_database
    links = {
        "Organisation": ("ExchangeOrganisation", "organisation_id"),
        "Person": ("ExchangePerson", "person_id"),
        "Place": ("ExchangePlace", "place_id"),
    }
    expected_entities = {}
    for kind, (link_name, field) in links.items():
        exchanges = defaultdict(set)
        link = old_apps.get_model("exchanges", link_name)
        for entity, exchange in link.objects.filter(exchange__status="published").values_list(
            field, "exchange"
        ):
            exchanges[entity].add(exchange)
        entity_model = old_apps.get_model("entities", kind)
        expected_entities[kind] = {
            pk: len(exchanges[pk]) for pk in entity_model.objects.values_list("pk", flat=True)
        }
    # Shared by several exchanges, and both partner and sponsor of some: counted once each.
    assert max(expected_entities["Organisation"].values()) > 1

    apps = migrate(AFTER)
    CatalogueCount = apps.get_model("exchanges", "CatalogueCount")
    kept = {
        (row.type, row.government, row.continuing, row.levels, row.year): row.count
        for row in CatalogueCount.objects.all()
    }
    assert kept == dict(expected)
    assert (
        sum(kept.values())
        == apps.get_model("exchanges", "Exchange").objects.filter(status="published").count()
    )
    for kind in links:
        counts = dict(apps.get_model("entities", kind).objects.values_list("pk", "exchange_count"))
        assert counts == expected_entities[kind], kind


def test_the_summary_gains_each_exchanges_last_year_and_loses_it_going_back(old_database):
    """exchanges 0010: the rows counted by (…, year) become rows by (…, year, last_year), from the
    exchanges' own last days, and back again; nothing else is touched."""
    old_apps, expected = old_database
    Exchange = old_apps.get_model("exchanges", "Exchange")
    # Some exchanges run into later years: their last day's year differs from their first.
    for number, exchange in enumerate(Exchange.objects.order_by("pk")[:20]):
        exchange.date_last = exchange.date.replace(year=exchange.date.year + number % 3)
        exchange.save(update_fields=["date_last"])
    published = list(Exchange.objects.filter(status="published").values_list("pk", "date", "date_last"))
    migrate([("exchanges", "0009_paging_indexes")])
    apps = migrate([("exchanges", "0010_catalogue_counts_last_year")])
    CatalogueCount = apps.get_model("exchanges", "CatalogueCount")
    rows = list(
        CatalogueCount.objects.values_list(
            "type", "government", "continuing", "levels", "year", "last_year", "count"
        )
    )
    assert sum(row[-1] for row in rows) == len(published)
    assert Counter(row[5] for row in rows for _ in range(row[-1])) == Counter(
        last.year for _, _, last in published
    )
    merged = Counter()
    for *key, _last_year, count in rows:
        merged[tuple(key)] += count
    assert merged == +expected

    apps = migrate([("exchanges", "0009_paging_indexes")])
    CatalogueCount = apps.get_model("exchanges", "CatalogueCount")
    back = {
        (row.type, row.government, row.continuing, row.levels, row.year): row.count
        for row in CatalogueCount.objects.all()
    }
    assert back == dict(expected)
    assert Exchange.objects.filter(status="published").count() == len(published)


def test_each_link_gets_its_exchanges_date_while_it_is_published(old_database):
    """exchanges 0011: every link of a published exchange holds the exchange's date, the links of
    the others nothing; no link is added or lost."""
    names = ("ExchangeOrganisation", "ExchangePerson", "ExchangePlace")
    apps = migrate([("exchanges", "0010_catalogue_counts_last_year")])
    before = {
        name: set(apps.get_model("exchanges", name).objects.values_list("pk", flat=True)) for name in names
    }
    apps = migrate([("exchanges", "0011_link_published_dates")])
    dates = dict(apps.get_model("exchanges", "Exchange").objects.values_list("pk", "date"))
    published = set(
        apps.get_model("exchanges", "Exchange")
        .objects.filter(status="published")
        .values_list("pk", flat=True)
    )
    assert published and set(dates) - published
    for name in names:
        links = list(
            apps.get_model("exchanges", name).objects.values_list("pk", "exchange_id", "published_date")
        )
        assert {pk for pk, _exchange, _day in links} == before[name], name
        assert links, name
        for _pk, exchange, day in links:
            assert day == (dates[exchange] if exchange in published else None), name
