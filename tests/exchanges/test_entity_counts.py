"""The summaries of much-linked entities (exchanges.EntityCount) answer what reading their exchanges answers.

An organisation, a person and a place on many random exchanges, published and
not, some changed and withdrawn after publication: under any combination of
structured filters, the total, each value facet (under every filter but its
own) and the timeline of the entity's page and of its filter on the list must
be those counted over the exchanges themselves; beyond COUNT_CAP they stay
exact. Entities below ENTITY_SUMMARY_MIN never ask for a summary. Runs on
SQLite and PostgreSQL alike (DATABASE_URL).
"""

import io
import random

from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person, Place
from exchanges.counts import entity_summary_expected, kept_entity_summary
from exchanges.filters import LINKS, ExchangeFilter, links_of
from exchanges.links import link_entities
from exchanges.models import EntityCount, Exchange
from exchanges.publishing import publish
from tests.exchanges.test_counts import (
    counted_by_filterset,
    counted_from_exchanges,
    random_exchange,
    random_query,
)

SUMMARY = "exchanges_entitycount"


def linked_exchange(randomiser):
    """A random exchange (tests.exchanges.test_counts) naming, most often, the State Department (as
    partner, sponsor or both), Wang Yi and Beijing."""
    names = {}
    if randomiser.random() < 0.8:
        names["partners"] = randomiser.choice(["U.S. Department of State"] * 6 + ["Ministry of Education"])
        names["sponsors"] = randomiser.choice(["U.S. Department of State", ""])
    if randomiser.random() < 0.7:
        names["participants"] = "Foreign Minister Wang Yi"
    if randomiser.random() < 0.7:
        names["location"] = randomiser.choice(["Beijing", "Shanghai"])
    exchange = random_exchange(randomiser)
    for name, value in names.items():
        setattr(exchange, name, value)
    exchange.save()
    link_entities(exchange)
    return exchange


@override_settings(ENTITY_SUMMARY_MIN=20)
class EntitySummaryAnswersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        randomiser = random.Random(21)
        for _number in range(140):
            linked_exchange(randomiser)
        for exchange in Exchange.objects.published().order_by("pk")[:10]:
            exchange.type = randomiser.choice([*Exchange.Type.values, ""])
            exchange.levels = []
            exchange.save()
        for exchange in Exchange.objects.published().order_by("-pk")[:5]:
            exchange.status = Exchange.Status.DRAFT
            exchange.save()
        cls.entities = {
            "organisation": Organisation.objects.get(key="united states department of state"),
            "person": Person.objects.get(name="Wang Yi"),
            "place": Place.objects.get(name="Beijing"),
        }

    def page(self, kind, query):
        """The FilterSet of an entity's page, as the view builds it."""
        return ExchangeFilter(
            query, queryset=Exchange.objects.published().for_list(), linked_to=(kind, self.entities[kind])
        )

    def listed(self, kind, query):
        """The FilterSet of the list under the entity's filter."""
        query = query.copy()
        query[kind] = self.entities[kind].slug
        return ExchangeFilter(query, queryset=Exchange.objects.published().for_list(), whole_catalogue=True)

    def test_the_entities_are_summarised_and_their_rows_equal_a_count_from_scratch(self):
        for kind, entity in self.entities.items():
            with self.subTest(kind=kind):
                self.assertGreaterEqual(entity.exchange_count, 20)
                self.assertTrue(EntityCount.objects.filter(kind=kind, entity_id=entity.pk).exists())
        self.assertEqual(kept_entity_summary(), entity_summary_expected())
        # The Ministry of Education (fewer exchanges) and Shanghai are not summarised.
        small = Organisation.objects.get(name="Ministry of Education")
        self.assertLess(small.exchange_count, 20)
        self.assertFalse(EntityCount.objects.filter(kind="organisation", entity_id=small.pk).exists())

    def test_any_combination_of_structured_filters_counts_as_the_exchanges_do(self):
        randomiser = random.Random(4)
        queries = [QueryDict(), *(random_query(randomiser) for _ in range(30))]
        for kind in self.entities:
            for query in queries:
                for filterset in (self.page(kind, query), self.listed(kind, query)):
                    with self.subTest(kind=kind, query=query.urlencode(), listed=filterset.whole_catalogue):
                        self.assertTrue(filterset.from_summary)
                        self.assertEqual(counted_by_filterset(filterset), counted_from_exchanges(filterset))

    @override_settings(COUNT_CAP=5, LINK_FACET_SAMPLE=5)
    def test_beyond_the_cap_the_total_stays_exact(self):
        for kind, entity in self.entities.items():
            with self.subTest(kind=kind):
                total = self.page(kind, QueryDict()).total()
                self.assertFalse(total.more)
                self.assertEqual(total.count, entity.exchange_count)
        # Without its summary the same page counts its first COUNT_CAP exchanges and says there are more.
        with override_settings(ENTITY_SUMMARY_MIN=10_000):
            total = self.page("organisation", QueryDict()).total()
        self.assertEqual((total.count, total.more), (5, True))

    def test_the_summary_answers_the_page_and_its_facets_and_is_asked_for_once(self):
        query = QueryDict("type=education&level=state&government=yes")
        filterset = self.page("organisation", query)
        with CaptureQueriesContext(connection) as queries:
            filterset.total()
            for name in ("type", "level", "government", "continuing"):
                filterset.facets(name)
            filterset.year_counts()
        # Whether it has rows, then one sum: each facet is summed under every filter but its own.
        self.assertEqual(len(queries), 2, [query["sql"] for query in queries])
        self.assertTrue(all(SUMMARY in query["sql"] for query in queries))

    def test_an_entity_below_the_threshold_never_asks_for_a_summary(self):
        small = Organisation.objects.get(name="Ministry of Education")
        query = QueryDict("type=education")
        filterset = ExchangeFilter(
            query, queryset=Exchange.objects.published().for_list(), linked_to=("organisation", small)
        )
        with CaptureQueriesContext(connection) as queries:
            counted = counted_by_filterset(filterset)
        self.assertFalse(filterset.from_summary)
        self.assertFalse(any(SUMMARY in query["sql"] for query in queries))
        self.assertEqual(counted, counted_from_exchanges(filterset))

    def test_two_entities_a_search_or_part_of_a_year_are_not_answered_by_a_summary(self):
        for query in (
            "person=wang-yi",
            "q=officials",
            "date_after=June 1999",
            "country=cn",
        ):
            with self.subTest(query=query):
                filterset = self.page("organisation", QueryDict(query))
                self.assertFalse(filterset.from_summary)
                self.assertEqual(counted_by_filterset(filterset), counted_from_exchanges(filterset))

    def test_the_list_page_of_a_summarised_entity_shows_its_exact_total(self):
        slug = self.entities["organisation"].slug
        with self.settings(COUNT_CAP=5, LINK_FACET_SAMPLE=5):
            response = self.client.get(f"/organisations/{slug}/")
            listed = self.client.get(f"/exchanges/?organisation={slug}&type=diplomatic")
        self.assertEqual(response.context["total"].count, self.entities["organisation"].exchange_count)
        self.assertFalse(response.context["total"].more)
        expected = self.listed("organisation", QueryDict("type=diplomatic")).qs.count()
        self.assertEqual((listed.context["total"].count, listed.context["total"].more), (expected, False))

    def test_with_no_other_filter_the_first_results_are_read_from_the_links_in_date_order(self):
        """The partner, participant, place and country facets count the first results in the page's
        date order, the newest under a title sort. With the entity alone, they come from its links'
        index: not the exchanges' table, and none of its exchanges that is not published (or is
        published twice)."""
        unpublished = Exchange.objects.exclude(status=Exchange.Status.PUBLISHED)
        for kind, entity in self.entities.items():
            self.assertTrue(unpublished.filter(**{f"{links_of(kind)}__{kind}": entity}).exists())
        twice = Exchange.objects.published().filter(
            organisation_links__organisation=self.entities["organisation"]
        )
        self.assertGreater(twice.count(), twice.distinct().count())
        for kind in self.entities:
            for sort in ("", "sort=date", "sort=title"):
                for filterset in (self.page(kind, QueryDict(sort)), self.listed(kind, QueryDict(sort))):
                    context = {"kind": kind, "sort": sort, "listed": filterset.whole_catalogue}
                    with self.subTest(**context), self.settings(LINK_FACET_SAMPLE=7):
                        with CaptureQueriesContext(connection) as queries:
                            first = filterset._first_ids
                        self.assertEqual(first, self.first_in_date_order(filterset, 8))
                        read = [
                            query["sql"] for query in queries if LINKS[kind][0]._meta.db_table in query["sql"]
                        ]
                        self.assertEqual(len(read), 1, read)
                        self.assertNotIn('"exchanges_exchange"', read[0])

    @staticmethod
    def first_in_date_order(filterset, n):
        """The first `n` exchanges of the set in the page's order when it is by date, otherwise the newest."""
        order = ["date", "id"] if filterset.data.get("sort") == "date" else ["-date", "-id"]
        return list(filterset.qs.order_by(*order).values_list("pk", flat=True)[:n])

    def test_under_another_filter_the_first_results_are_those_of_the_page_in_date_order(self):
        for query in (
            "type=diplomatic",
            "sort=title",
            "type=diplomatic&sort=title",
            "date_after=2000",
            "government=yes&sort=date",
        ):
            for filterset in (self.page("person", QueryDict(query)), self.listed("person", QueryDict(query))):
                with (
                    self.subTest(query=query, listed=filterset.whole_catalogue),
                    self.settings(LINK_FACET_SAMPLE=7),
                ):
                    self.assertTrue(filterset.from_summary)
                    self.assertEqual(filterset._first_ids, self.first_in_date_order(filterset, 8))

    def test_a_summary_missing_is_rebuilt_without_the_exchange_that_leaves(self):
        """An entity over the threshold whose rows are missing (the threshold lowered without
        rebuild_counts) is counted from scratch at its next change: without an exchange being
        deleted or unlinked, which is still there when the count moves."""
        state = self.entities["organisation"]
        EntityCount.objects.filter(kind="organisation", entity_id=state.pk).delete()
        Exchange.objects.published().filter(organisation_links__organisation=state).first().delete()
        self.assertEqual(kept_entity_summary(), entity_summary_expected())
        EntityCount.objects.filter(kind="organisation", entity_id=state.pk).delete()
        linked = Exchange.objects.published().filter(organisation_links__organisation=state).first()
        values = {
            name: getattr(linked, name)
            for name in (
                "title",
                "summary",
                "government",
                "type",
                "levels",
                "participants",
                "location",
                "date",
            )
        }
        publish({**values, "partners": "Ministry of Education", "sponsors": ""}, [], exchange=linked)
        self.assertFalse(linked.organisation_links.filter(organisation=state).exists())
        self.assertEqual(kept_entity_summary(), entity_summary_expected())

    def test_rebuild_counts_recounts_entity_summaries_gone_wrong(self):
        EntityCount.objects.filter(pk__in=EntityCount.objects.values("pk")[:5]).update(count=99)
        EntityCount.objects.create(
            kind="person", entity_id=0, government="yes", continuing="no", year=2000, last_year=2000, count=3
        )
        self.assertNotEqual(kept_entity_summary(), entity_summary_expected())
        output = io.StringIO()
        call_command("rebuild_counts", stdout=output)
        self.assertEqual(kept_entity_summary(), entity_summary_expected())
        summarised = {(kind, pk) for kind, pk, _key in kept_entity_summary()}
        said = f"Summarised {len(summarised)} organisations, people and places with 20 published exchanges"
        self.assertIn(said, output.getvalue())
