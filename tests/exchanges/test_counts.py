"""The catalogue's counts: the summary table answers what counting the exchanges answered.

Random exchanges, published and not, and many random combinations of the
structured filters: the total, each facet (under every filter but its own) and
the timeline from the summary must equal those counted over the exchanges
themselves, through the FilterSet's own filters. Runs on SQLite and
PostgreSQL alike (DATABASE_URL).
"""

import csv
import datetime
import io
import random
from collections import Counter
from unittest import mock

import feedparser
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation
from exchanges.counts import kept_summary, most_linked, summary_from_scratch
from exchanges.filters import NOT_RECORDED, ExchangeFilter
from exchanges.models import CatalogueCount, Exchange, ExchangeOrganisation, levels_from_stored
from tests.factories import make_exchange

# For tests that read, after the response, the rows its counts were read from: the view lets go of
# them once the page is built (ExchangeFilter.forget_counted), and reading them again is a query.
KEEP_COUNTED = mock.patch.object(ExchangeFilter, "forget_counted", lambda filterset: None)

TYPES = [*Exchange.Type.values, ""]
LEVELS = Exchange.Level.values
YES_NO = {"yes": True, "no": False, NOT_RECORDED: None}


def random_exchange(randomiser):
    government = randomiser.choice([True, False, None])
    levels = (
        randomiser.sample(LEVELS, randomiser.choice([0, 0, 1, 1, 2, 3])) if government is not False else []
    )
    return make_exchange(
        sources=0,
        type=randomiser.choice(TYPES),
        government=government,
        levels=levels,
        continuing=randomiser.choice([True, False, None]),
        status=randomiser.choice([Exchange.Status.PUBLISHED] * 4 + [Exchange.Status.DRAFT]),
        **random_period(randomiser),
    )


def random_period(randomiser):
    """A day, a month or a year, some running into a later year: what whole-year date filters read."""
    start = datetime.date(randomiser.randrange(1995, 2003), randomiser.randrange(1, 13), 1)
    precision = randomiser.choice(["day", "day", "month", "year"])
    end = None
    if randomiser.random() < 0.3:
        end = datetime.date(start.year + randomiser.randrange(0, 3), randomiser.randrange(1, 13), 28)
        end = max(end, start.replace(month=12, day=31) if precision == "year" else start)
    return {"date": start, "date_precision": precision, "end_date": end}


def random_query(randomiser):
    query = QueryDict(mutable=True)
    if randomiser.random() < 0.5:
        query.setlist(
            "type", randomiser.sample([*Exchange.Type.values, NOT_RECORDED], randomiser.randrange(1, 3))
        )
    if randomiser.random() < 0.5:
        query.setlist("level", randomiser.sample([*LEVELS, NOT_RECORDED], randomiser.randrange(1, 3)))
    for name in ("government", "continuing"):
        if randomiser.random() < 0.4:
            query[name] = randomiser.choice(list(YES_NO))
    if randomiser.random() < 0.5:
        first = randomiser.randrange(1994, 2003)
        query["year"] = randomiser.choice([str(first), f"{first}-{first + randomiser.randrange(0, 4)}"])
    # Whole years, which the summary answers ("from 1997": still going on in 1997 or later).
    if randomiser.random() < 0.3:
        query["date_after"] = str(randomiser.randrange(1995, 2004))
    if randomiser.random() < 0.3:
        query["date_before"] = str(randomiser.randrange(1995, 2004))
    return query


def counted_from_exchanges(filterset):
    """What counting the exchanges gives: the total, each facet and the years, in Python."""
    rows = {
        name: list(filterset.without(name).values("type", "government", "continuing", "levels", "date"))
        for name in ("type", "level", "government", "continuing", "year")
    }
    words = {value: word for word, value in YES_NO.items()}
    levels = Counter()
    for row in rows["level"]:
        levels.update(row["levels"])
        if not row["levels"] and row["government"] is not False:
            levels[NOT_RECORDED] += 1
    return {
        "total": filterset.qs.count(),
        "type": Counter(row["type"] or NOT_RECORDED for row in rows["type"]),
        "level": levels,
        "government": Counter(words[row["government"]] for row in rows["government"]),
        "continuing": Counter(words[row["continuing"]] for row in rows["continuing"]),
        "years": sorted(Counter(row["date"].year for row in rows["year"]).items()),
    }


def counted_by_filterset(filterset):
    return {
        "total": filterset.total().count,
        **{
            name: Counter(
                {value: count for value, _label, count, _selected in filterset.facets(name) if count}
            )
            for name in ("type", "level", "government", "continuing")
        },
        "years": filterset.year_counts(),
    }


class SummaryAnswersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        randomiser = random.Random(14)
        for _number in range(160):
            random_exchange(randomiser)
        # A few withdrawn and changed after publication, so that the summary has moved both ways.
        for exchange in Exchange.objects.published().order_by("pk")[:10]:
            exchange.type = randomiser.choice(TYPES)
            exchange.levels = []
            exchange.save()
        for exchange in Exchange.objects.published().order_by("-pk")[:5]:
            exchange.status = Exchange.Status.DRAFT
            exchange.save()

    def catalogue(self, query):
        return ExchangeFilter(query, queryset=Exchange.objects.published().for_list(), whole_catalogue=True)

    def test_the_summary_equals_a_count_from_scratch(self):
        self.assertEqual(kept_summary(), summary_from_scratch())
        self.assertEqual(sum(kept_summary().values()), Exchange.objects.published().count())

    def test_any_combination_of_structured_filters_counts_as_the_exchanges_do(self):
        randomiser = random.Random(3)
        queries = [QueryDict(), *(random_query(randomiser) for _ in range(80))]
        for query in queries:
            with self.subTest(query=query.urlencode()):
                filterset = self.catalogue(query)
                self.assertTrue(filterset.from_summary)
                self.assertEqual(counted_by_filterset(filterset), counted_from_exchanges(filterset))

    def test_without_the_summary_the_first_results_count_the_same_when_they_are_all(self):
        randomiser = random.Random(5)
        queries = [QueryDict("date_after=1997"), *(random_query(randomiser) for _ in range(40))]
        for query in queries:
            if randomiser.random() < 0.5:
                query["date_before"] = "2001"
            with self.subTest(query=query.urlencode()):
                filterset = ExchangeFilter(query, queryset=Exchange.objects.published().for_list())
                self.assertFalse(filterset.from_summary)
                self.assertEqual(counted_by_filterset(filterset), counted_from_exchanges(filterset))
                self.assertEqual(filterset.sampled, set())

    def test_whole_years_of_dates_are_answered_by_the_summary_and_parts_of_years_are_not(self):
        for query, answered in [
            ("date_after=1997", True),
            ("date_before=2001", True),
            ("date_after=January 1997&date_before=December 2001", True),
            ("date_after=February 1997", False),
            ("date_before=2001-12-30", False),
        ]:
            with self.subTest(query=query):
                filterset = self.catalogue(QueryDict(query))
                self.assertEqual(filterset.from_summary, answered)
                self.assertEqual(counted_by_filterset(filterset), counted_from_exchanges(filterset))

    def test_the_first_results_levels_are_parsed_once_per_stored_spelling_not_per_row(self):
        # Parsing each of 10,000 rows' levels (and Django's per-row conversion with it) was a third
        # of a search page's Python time.
        filterset = ExchangeFilter(QueryDict("date_after=1990-03-02"), queryset=Exchange.objects.published())
        rows = filterset.qs.values_list("levels", "government")
        parse = mock.Mock(wraps=levels_from_stored)
        with (
            mock.patch("exchanges.models.levels_from_stored", parse),
            mock.patch("exchanges.filters.levels_from_stored", parse),
        ):
            counts = filterset.facet_counts("level")
        spellings = {(",".join(levels), government) for levels, government in rows}
        self.assertGreater(len(rows), 2 * len(spellings))
        self.assertLessEqual(parse.call_count, len(spellings))
        counted = {level: n for level, n in counts.items() if n}
        self.assertEqual(counted, counted_from_exchanges(filterset)["level"])

    def test_the_summary_answers_in_one_query(self):
        filterset = self.catalogue(
            QueryDict("type=education&type=none&level=state&government=yes&year=1996-1999")
        )
        with self.assertNumQueries(1):
            filterset.total()
            for name in ("type", "level", "government", "continuing"):
                filterset.facets(name)
            filterset.year_counts()

    def test_search_and_entity_filters_are_not_answered_by_the_summary(self):
        for query in (
            "q=officials",
            "date_after=June 1999",
            "date_before=1999-03-02",
            "organisation=nobody",
            "country=cn",
        ):
            with self.subTest(query=query):
                self.assertFalse(self.catalogue(QueryDict(query)).from_summary)

    def test_rebuild_counts_recounts_a_summary_gone_wrong(self):
        CatalogueCount.objects.filter(pk__in=CatalogueCount.objects.values("pk")[:5]).update(count=99)
        CatalogueCount.objects.filter(pk__in=CatalogueCount.objects.order_by("-pk").values("pk")[:3]).delete()
        self.assertNotEqual(kept_summary(), summary_from_scratch())
        call_command("rebuild_counts", stdout=open("/dev/null", "w"))
        self.assertEqual(kept_summary(), summary_from_scratch())


class CappedCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for number in range(7):
            make_exchange(
                title=f"Panda loan {number}",
                type="cultural" if number % 2 else "science",
                date=datetime.date(2000 + number, 1, 1),
                sources=0,
            )
        make_exchange(title="Trade talks", sources=0)

    @override_settings(COUNT_CAP=5)
    @KEEP_COUNTED
    def test_a_search_over_the_cap_says_more_than_and_counts_its_facets_over_cap_of_the_results(self):
        response = self.client.get("/exchanges/?q=panda")
        total = response.context["total"]
        self.assertEqual((total.count, total.more), (5, True))
        self.assertContains(response, "More than 5 exchanges")
        self.assertContains(response, "Counts from 5 of the results.")
        # Five of the seven pandas (three cultural, four science), as the search found them first:
        # the facets and the timeline count the same five.
        sample = Exchange.objects.filter(pk__in=response.context["filter"]._first_ids[:5])
        self.assertEqual(sample.count(), 5)
        self.assertTrue(all(exchange.title.startswith("Panda") for exchange in sample))
        types = {value: count for value, _label, count, _selected in response.context["type_facets"]}
        expected = Counter(exchange.type for exchange in sample)
        self.assertEqual((types["cultural"], types["science"]), (expected["cultural"], expected["science"]))
        bars = {bar.year: bar.count for bar in response.context["timeline"].bars if bar.count}
        self.assertEqual(bars, dict(Counter(exchange.date.year for exchange in sample)))
        # Its caption says the bars are of those counted, not of every match.
        self.assertContains(response, "among the 5 counted: at most 1 in one year.")
        self.assertNotContains(response, "5 in all")

    @override_settings(COUNT_CAP=5)
    def test_relevance_over_the_cap_ranks_the_newest_matches_and_says_so(self):
        make_exchange(title="Panda panda panda loan of 1990", date=datetime.date(1990, 1, 1), sources=0)
        response = self.client.get("/exchanges/?q=panda&sort=relevance")
        total = response.context["total"]
        self.assertEqual((total.count, total.more), (5, True))
        self.assertContains(response, "the 5 newest are ranked by relevance")
        # The five newest pandas are ranked; the older one, however well it matches, is not among them.
        years = sorted(exchange.date.year for exchange in response.context["page"].object_list)
        self.assertEqual(years, [2002, 2003, 2004, 2005, 2006])

    @override_settings(COUNT_CAP=5)
    def test_the_newest_matches_ranked_are_sent_as_one_parameter(self):
        # 10,000 ids as parameters of their own cost the page and its facet sample 0.1-0.2 s each
        # of Python to write and send. (A word without synonyms: each of those is a parameter too.)
        response = self.client.get("/exchanges/?q=loan&sort=relevance")
        self.assertEqual(len(response.context["page"].object_list), 5)
        sql, params = response.context["filter"].qs.query.sql_with_params()
        self.assertEqual(sum(str(param).count(",") >= 4 for param in params), 1, (sql, params))
        self.assertLess(len(params), 5)

    @override_settings(COUNT_CAP=5)
    def test_the_newest_matches_are_ranked_as_the_search_ranks_them(self):
        make_exchange(title="Panda panda panda", date=datetime.date(2001, 6, 1), sources=0)
        make_exchange(title="Panda loan and panda cub", date=datetime.date(2003, 6, 1), sources=0)
        response = self.client.get("/exchanges/?q=panda&sort=relevance")
        shown = list(response.context["page"].object_list)
        newest = Exchange.objects.published().search("panda", ranked=False).order_by("-date", "-id")[:5]
        ranked = Exchange.objects.published().search("panda").filter(pk__in=[each.pk for each in newest])
        self.assertEqual(shown, list(ranked.order_by("-search_rank", "-date", "-id")))
        self.assertEqual(shown[0].title, "Panda loan and panda cub")
        self.assertNotIn("Panda panda panda", [each.title for each in shown])  # not among the newest
        # The ids are matches already: PostgreSQL ranks them without testing the match again.
        page_sql = response.context["filter"].qs.query.sql_with_params()[0]
        if connection.vendor == "postgresql":
            self.assertIn("ts_rank", page_sql)
            self.assertNotIn("search_vector @@", page_sql.split(" WHERE ", 1)[1])

    @override_settings(COUNT_CAP=2)
    def test_the_newest_matches_ranked_are_those_of_every_filter(self):
        response = self.client.get("/exchanges/?q=panda&type=cultural&sort=relevance")
        self.assertContains(response, "the 2 newest are ranked by relevance")
        shown = response.context["page"].object_list
        self.assertEqual(sorted(exchange.date.year for exchange in shown), [2003, 2005])
        self.assertEqual({exchange.type for exchange in shown}, {"cultural"})

    @override_settings(COUNT_CAP=10)
    def test_relevance_under_the_cap_ranks_every_match(self):
        best = make_exchange(
            title="Panda panda panda loan of 1990", date=datetime.date(1990, 1, 1), sources=0
        )
        response = self.client.get("/exchanges/?q=panda+loan&sort=relevance")
        self.assertFalse(response.context["total"].more)
        self.assertNotContains(response, "newest are ranked")
        self.assertEqual(len(response.context["page"].object_list), 8)
        self.assertIn(best, list(response.context["page"].object_list))

    @staticmethod
    def panda_visits(first_year, count=4, animal="Panda", location="Beijing", partners="Ministry of Culture"):
        for number in range(count):
            make_exchange(
                title=f"{animal} visit {number}",
                location=location,
                partners=partners,
                date=datetime.date(first_year + number, 1, 1),
                sources=0,
            )

    @override_settings(COUNT_CAP=3, LINK_FACET_SAMPLE=2)
    @KEEP_COUNTED
    def test_the_link_facets_count_fewer_of_the_results_and_say_so(self):
        self.panda_visits(2010)
        # Four visits match, three are counted, two of those by the link facets.
        response = self.client.get("/exchanges/?q=visit")
        self.assertContains(response, "Counts from 3 of the results.")
        self.assertContains(response, "Partners, participants, places and countries: 2 of them.")
        self.assertEqual(len(response.context["filter"]._first_ids), 4)
        shown = {kind: facets for kind, _label, facets, _more in response.context["entity_facets"]}
        self.assertEqual(shown["organisation"][0][:3], ("ministry-of-culture", "Ministry of Culture", 2))
        countries = {value: count for value, _label, count, _selected in response.context["country_facets"]}
        self.assertEqual(countries["cn"], 2)

    @override_settings(COUNT_CAP=5, LINK_FACET_SAMPLE=2)
    def test_under_the_summary_the_countries_are_counted_over_the_first_results(self):
        self.panda_visits(2020)
        # No search words: the summary counts the values and the entities their exchanges; the
        # countries are counted over the first two in the page's order, the newest (in Beijing).
        response = self.client.get("/exchanges/")
        self.assertEqual(response.context["sampled_note"], "Counts of countries from the first 2 results.")
        countries = {value: count for value, _label, count, _selected in response.context["country_facets"]}
        self.assertEqual(countries["cn"], 2)
        shown = {kind: facets for kind, _label, facets, _more in response.context["entity_facets"]}
        self.assertEqual(shown["organisation"][0][:3], ("ministry-of-culture", "Ministry of Culture", 4))

    @override_settings(COUNT_CAP=5, LINK_FACET_SAMPLE=2)
    @KEEP_COUNTED
    def test_under_a_title_sort_the_summary_s_link_facets_count_the_newest_results(self):
        # Seven diplomatic exchanges: first by title the two oldest, with a partner of their own.
        self.panda_visits(1980, count=2, animal="Aardvark", location="Shanghai", partners="Zoo Board")
        self.panda_visits(2020)
        cases = [
            ("title", "the 2 newest results", "ministry-of-culture", "Aardvark visit 0"),
            ("-date", "the first 2 results", "ministry-of-culture", "Panda visit 3"),
            ("date", "the first 2 results", "zoo-board", "Aardvark visit 0"),
        ]
        for sort, said, counted, first_row in cases:
            # Seven queries whatever the order: the summary's counts, the first ids, the three
            # entity facets and the countries over them, the page's rows.
            with self.subTest(sort=sort), self.assertNumQueries(7):
                response = self.client.get(f"/exchanges/?type=diplomatic&sort={sort}")
                self.assertFalse(response.context["filter"].over_cap)
                self.assertEqual(
                    response.context["sampled_note"],
                    f"Counts of partners, participants, places and countries from {said}.",
                )
                shown = {kind: facets for kind, _label, facets, _more in response.context["entity_facets"]}
                self.assertEqual([facet[0] for facet in shown["organisation"]], [counted])
                self.assertEqual(shown["organisation"][0][2], 2)
                self.assertEqual(response.context["page"].object_list[0].title, first_row)

    @override_settings(COUNT_CAP=10)
    def test_under_the_cap_the_counts_are_exact_and_nothing_is_said(self):
        response = self.client.get("/exchanges/?q=panda&type=cultural")
        self.assertEqual(response.context["total"].count, 3)
        self.assertFalse(response.context["total"].more)
        self.assertContains(response, "3 exchanges")
        self.assertNotContains(response, "Counts from the first")
        types = {value: count for value, _label, count, _selected in response.context["type_facets"]}
        self.assertEqual((types["cultural"], types["science"]), (3, 4))

    @override_settings(COUNT_CAP=3)
    def test_structured_filters_stay_exact_while_entity_counts_say_they_are_from_the_first_results(self):
        response = self.client.get("/exchanges/?type=cultural&type=science")
        self.assertEqual((response.context["total"].count, response.context["total"].more), (7, False))
        self.assertContains(response, "7 exchanges")
        self.assertContains(
            response, "Counts of partners, participants, places and countries from the first 3 results."
        )

    @override_settings(COUNT_CAP=3)
    def test_unfiltered_only_the_countries_are_counted_over_the_first_results(self):
        make_exchange(title="Visit to Beijing", location="Beijing", partners="Ministry of Culture", sources=0)
        make_exchange(
            title="Visit to Shanghai", location="Shanghai", partners="Ministry of Culture", sources=0
        )
        response = self.client.get("/exchanges/")
        self.assertEqual(response.context["total"].count, 10)
        self.assertContains(response, "Counts of countries from the first 3 results.")
        shown = {kind: facets for kind, _label, facets, _more in response.context["entity_facets"]}
        self.assertEqual(shown["organisation"][0][:3], ("ministry-of-culture", "Ministry of Culture", 2))


class MostLinkedTests(TestCase):
    """The entity facets' counts (counts.most_linked): the most linked first, ties by name, at most
    `limit`, only the entities counted at the cut read by name."""

    @classmethod
    def setUpTestData(cls):
        # Organisations named in 4, 3, 3, 3, 2, 1 exchanges; one exchange names two of them.
        named = {"Zeta Council": 4, "Beta Office": 3, "Alpha Office": 3, "Gamma Office": 3, "Delta Bureau": 2}
        named["Epsilon Board"] = 1
        number = 0
        for name, times in named.items():
            for _ in range(times):
                number += 1
                make_exchange(title=f"Visit {number}", partners=name, sources=0)
        make_exchange(title="Joint visit", partners="Zeta Council\nEpsilon Board", sources=0)

    def expected(self, ids, limit):
        counts = Counter()
        for link in ExchangeOrganisation.objects.filter(exchange__in=ids):
            counts[(link.organisation.name, link.organisation.pk)] += 1
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [(name, n) for (name, _pk), n in ranked[:limit]]

    def test_most_linked_first_then_by_name_cut_at_the_limit_through_ties(self):
        ids = list(Exchange.objects.values_list("pk", flat=True))
        for limit in (1, 2, 3, 4, 5, 6, 30):
            with self.subTest(limit=limit):
                found = most_linked(Organisation, ExchangeOrganisation, "organisation", ids, limit)
                self.assertEqual(
                    [(row["facet_name"], row["count"]) for row in found], self.expected(ids, limit)
                )
        self.assertEqual(
            [
                row["facet_name"]
                for row in most_linked(Organisation, ExchangeOrganisation, "organisation", ids, 3)
            ],
            ["Zeta Council", "Alpha Office", "Beta Office"],
        )
        self.assertEqual(most_linked(Organisation, ExchangeOrganisation, "organisation", [], 5), [])


class StructuredFiltersSelectingNothingTests(TestCase):
    """Structured filters that no published exchange meets together (no non-government exchange has
    a level) are answered from the summary on every list of published exchanges: none of them
    reads the exchanges under both filters, which PostgreSQL's planner, taking the two as
    independent, does by walking a date index to its end."""

    @classmethod
    def setUpTestData(cls):
        for number in range(3):
            make_exchange(
                title=f"University programme {number}", government=False, levels=[], partners="Fudan"
            )
            make_exchange(title=f"National exchange {number}", partners="Fudan")
        cls.fudan = Organisation.objects.get(name="Fudan")

    def read_under_both(self, url, read):
        """What `read` makes of the response to `url`, and the queries that read the exchanges
        under both filters."""
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            found = read(response)
        both = [
            query["sql"]
            for query in queries
            if 'FROM "exchanges_exchange"' in query["sql"]
            and 'NOT "exchanges_exchange"."government"' in query["sql"]
            and '"exchanges_exchange"."levels" LIKE' in query["sql"]
        ]
        return found, both

    def test_no_list_reads_the_exchanges_for_what_the_summary_says_is_not_there(self):
        both = "government=no&level=national"

        def listed(response):
            return list(response.context["page"].object_list)

        readers = {
            "/api/v1/exchanges/?": lambda response: response.json()["results"],
            "/exchanges/feed/?": lambda response: feedparser.parse(response.content).entries,
            "/exchanges.csv?": lambda response: list(
                csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")))
            ),
            f"/organisations/{self.fudan.slug}/?": lambda response: list(
                response.context["page"].object_list
            ),
            "/exchanges/?q=programme&": lambda response: list(response.context["page"].object_list),
        }
        for prefix, read in readers.items():
            with self.subTest(url=prefix):
                found, queries = self.read_under_both(prefix + both, read)
                self.assertEqual(found, [])
                self.assertEqual(queries, [])

    def test_each_filter_alone_still_finds_its_exchanges(self):
        for query, titles in [
            ("government=no", {f"University programme {number}" for number in range(3)}),
            ("level=national", {f"National exchange {number}" for number in range(3)}),
        ]:
            with self.subTest(query=query):
                results = self.client.get(f"/api/v1/exchanges/?{query}").json()["results"]
                self.assertEqual({result["title"] for result in results}, titles)

    def test_the_facets_beside_an_empty_entity_list_count_under_the_other_filter(self):
        response = self.client.get(f"/organisations/{self.fudan.slug}/?government=no&level=national")
        self.assertEqual(response.context["total"].count, 0)

        # The level facet counts the exchanges that are not government ones (no level: none), and
        # the government facet the national ones (all government exchanges).
        def facet(name):
            return {value: count for value, _label, count, _selected in response.context[f"{name}_facets"]}

        self.assertEqual(facet("level")["national"], 0)
        self.assertEqual(facet("government"), {"yes": 3, "no": 0, NOT_RECORDED: 0})
