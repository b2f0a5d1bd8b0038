"""On PostgreSQL, the reads that a catalogue's size makes costly are answered from an index.

The facets of a list under the structured filters count its first ids in date order
(ExchangeFilter._first_rows). The date-ordered indexes carry the other structured columns, so
PostgreSQL can answer that query with an index-only scan whichever filters are in force, rather
than fetching every row it passes over from the table (exchanges/models.py). An entity's links, and
the admin's list, are read in date order from an index rather than sorted.
"""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person, Place
from exchanges.filters import ExchangeFilter
from exchanges.models import Exchange
from tests.factories import make_exchange


def plan_of(sql, params=(), *, ruled_out):
    """PostgreSQL's plan for a query with the planner's `ruled_out` ways ("sort", "seqscan"...) off:
    whatever it would choose for a test's handful of rows, what remains shows what it can do."""
    with connection.cursor() as cursor:
        for way in ruled_out:
            cursor.execute(f"SET LOCAL enable_{way} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


COMBINATIONS = [
    {},
    {"type": ["education"]},
    {"government": "no", "continuing": "yes", "level": ["local"]},
    {"type": ["civic", "none"], "level": ["state"], "government": "yes"},
    {"continuing": "none", "year": "1990-2000"},
    {"level": ["national"], "date_after": "2010", "date_before": "2014"},
]


@pytest.mark.postgres
class CoveringIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # At least one exchange for each combination: an empty one is answered by the summary alone.
        make_exchange(
            title="Programme", type="education", government=False, levels=["local"], continuing=True
        )
        make_exchange(title="Pact", type="civic", levels=["state"], date=datetime.date(1995, 5, 1))
        make_exchange(title="Talks", continuing=None, date=datetime.date(1996, 3, 1))
        make_exchange(title="Visit", date=datetime.date(2012, 3, 1))
        for number in range(10):
            make_exchange(title=f"Call {number}", date=datetime.date(1980 + number, 1, 1), sources=0)

    def plan(self, data):
        filterset = ExchangeFilter(
            data,
            queryset=Exchange.objects.published().for_list(),
            whole_catalogue=True,
        )
        self.assertTrue(filterset.is_valid(), filterset.errors)
        self.assertTrue(filterset.from_summary, data)
        # As ExchangeFilter._first_rows reads it for the link facets.
        sample = filterset.qs.values_list("pk", flat=True)[: filterset.link_sample_size() + 1]
        # Whether the query can be answered from an index alone: every other way is ruled out.
        return plan_of(*sample.query.sql_with_params(), ruled_out=["seqscan", "bitmapscan", "indexscan"])

    def test_every_combination_of_structured_filters_is_sampled_from_an_index_alone(self):
        for data in COMBINATIONS:
            with self.subTest(data):
                plan = self.plan(data)
                self.assertIn("Index Only Scan", plan)
                self.assertNotIn("Seq Scan", plan)


@pytest.mark.postgres
class EntityWalkIndexTests(TestCase):
    """Sorted by relevance, an entity's page ranks its newest matches, read by walking its links in
    date order (ExchangeFilter._newest_ids). A place's links, the places within it included, have an
    index in that order as the organisations' and people's have: without it, PostgreSQL sorts all
    of a city's links first (140,000 for the most linked among a million)."""

    @classmethod
    def setUpTestData(cls):
        for number in range(6):
            make_exchange(
                title=f"Trade talks {number}",
                summary="Officials discussed trade.",
                date=datetime.date(2000 + number, 1, 1),
                location="Los Angeles, California" if number % 2 else "Sacramento",
                partners="Ministry of Commerce",
                participants="Wang Yi",
            )

    def walk_plan(self, kind, slug):
        model = {"place": Place, "organisation": Organisation, "person": Person}[kind]
        entity = model.objects.get(slug=slug)
        filterset = ExchangeFilter(
            {"q": "trade", "sort": "relevance"},
            queryset=Exchange.objects.published().for_list(),
            linked_to=(kind, entity),
        )
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(len(filterset.qs), 6 if kind != "place" or slug == "california" else 3)
        walks = [query["sql"] for query in captured.captured_queries if "published_date" in query["sql"]]
        self.assertEqual(len(walks), 1, captured.captured_queries)
        # A sort is ruled out if any index gives the order.
        return plan_of(walks[0], ruled_out=["sort"])

    def test_an_entitys_links_are_walked_in_date_order_without_sorting_them(self):
        for kind, slug in [
            ("place", "california"),
            ("place", "sacramento"),
            ("organisation", "ministry-of-commerce"),
            ("person", "wang-yi"),
        ]:
            with self.subTest(kind=kind, slug=slug):
                plan = self.walk_plan(kind, slug)
                self.assertIn("Index", plan)
                self.assertNotIn("Sort", plan)


@pytest.mark.postgres
class AdminListIndexTests(TestCase):
    """The admin lists drafts first, then published exchanges newest first: the order of the public
    list's index, so that a page is read from it rather than the whole table sorted."""

    def test_the_changelist_page_is_read_in_date_order_without_sorting(self):
        for number in range(5):
            make_exchange(title=f"Visit {number}", date=datetime.date(2000 + number, 1, 1))
        self.client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get("/admin/exchanges/exchange/").status_code, 200)
        ordered = 'ORDER BY "exchanges_exchange"."status" ASC, "exchanges_exchange"."date" DESC'
        [page] = [query["sql"] for query in captured.captured_queries if ordered in query["sql"]]
        # An incremental sort too: with the statistics earlier tests leave, the planner sorted the
        # rows read from another index by date, and it can read them in order from this one.
        plan = plan_of(page, ruled_out=["sort", "incremental_sort"])
        self.assertIn("exchange_published_date", plan)
        self.assertNotIn("Sort", plan)


@pytest.mark.postgres
class EntityByNameIndexTests(TestCase):
    """The index pages and the API list organisations, people and places by name whatever the case
    (exchanges.views.INDEX_SORTS, the API's entity pagination): a page is read from an index in that
    order rather than every entity sorted (47 ms for the generated million's 100,000 people)."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Trade talks",
            location="Sacramento",
            partners="Ministry of Commerce",
            participants="Wang Yi",
        )

    def test_a_page_by_name_is_read_without_sorting(self):
        for path in ["/organisations/", "/people/", "/places/", "/api/v1/organisations/", "/api/v1/people/"]:
            with self.subTest(path=path):
                with CaptureQueriesContext(connection) as captured:
                    self.assertEqual(self.client.get(path).status_code, 200)
                # The site orders by LOWER("name"); the API by the same expression as a column.
                ordered = [
                    query["sql"]
                    for query in captured.captured_queries
                    if "ORDER BY" in query["sql"] and 'LOWER("entities_' in query["sql"]
                ]
                self.assertTrue(ordered, captured.captured_queries)
                plan = plan_of(ordered[0], ruled_out=["sort", "incremental_sort"])
                self.assertIn("_by_name", plan)
                self.assertNotIn("Sort", plan)
