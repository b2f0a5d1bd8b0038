import datetime
import gc
import re
from unittest import mock
from urllib.parse import urlencode

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation
from exchanges.filters import ExchangeFilter
from exchanges.models import Exchange
from exchanges.search import synonyms
from tests.factories import make_exchange

D = datetime.date


def titles(response):
    return [exchange.title for exchange in response.context["page"].object_list]


class ListFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Sunnylands summit", date=D(2013, 6, 1), date_precision="month")
        make_exchange(title="Obama Xi call", date=D(2014, 7, 14))
        make_exchange(
            title="Sister cities Los Angeles Guangzhou",
            type="civic",
            levels=["local"],
            date=D(1981, 12, 8),
            continuing=True,
        )
        make_exchange(
            title="California Jiangsu education pact",
            type="education",
            levels=["state"],
            date=D(2011, 4, 1),
            continuing=True,
        )
        make_exchange(
            title="University exchange programme",
            type="education",
            government=False,
            date=D(2015, 9, 1),
            date_precision="year",
        )
        make_exchange(title="Blinken visit", date=D(2023, 6, 18), end_date=D(2023, 6, 19))
        make_exchange(title="Trade mission", type="business", government=False, date=D(2023, 5, 30))
        make_exchange(title="Unpublished draft", status=Exchange.Status.DRAFT, date=D(2023, 6, 18))

    def test_it_lists_published_exchanges_newest_first(self):
        response = self.client.get("/exchanges/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            titles(response),
            [
                "Blinken visit",
                "Trade mission",
                "University exchange programme",
                "Obama Xi call",
                "Sunnylands summit",
                "California Jiangsu education pact",
                "Sister cities Los Angeles Guangzhou",
            ],
        )
        self.assertContains(response, "7 exchanges")

    def test_an_approximate_date_in_a_row_explains_its_c(self):
        make_exchange(title="Textile fair", date=D(1985, 1, 1), date_precision="year", circa=True)
        response = self.client.get("/exchanges/?year=1985")
        self.assertContains(
            response,
            '<time datetime="1985"><abbr title="circa (approximately)">c.</abbr> 1985</time>',
            html=True,
        )
        self.assertNotContains(self.client.get("/exchanges/?year=2014"), "<abbr")

    def test_it_filters_by_type(self):
        response = self.client.get("/exchanges/?type=education")
        self.assertEqual(
            titles(response), ["University exchange programme", "California Jiangsu education pact"]
        )

    def test_type_can_be_repeated(self):
        response = self.client.get("/exchanges/?type=civic&type=business")
        self.assertEqual(titles(response), ["Trade mission", "Sister cities Los Angeles Guangzhou"])

    def test_an_empty_choice_is_no_choice(self):
        # As a form's blank option or a script's empty value sends it; an empty government= already was.
        response = self.client.get("/exchanges/?type=&level=&country=&government=")
        self.assertEqual(len(titles(response)), 7)
        self.assertNotContains(response, "could not be used")
        self.assertEqual(
            titles(self.client.get("/exchanges/?type=&type=education")),
            ["University exchange programme", "California Jiangsu education pact"],
        )

    def test_search_words_of_only_spaces_or_invisible_characters_are_no_search(self):
        # `q=%20` read "7 exchanges matching “ ”", and a zero-width space searched for nothing and
        # found nothing: a search with nothing to search for reads as an empty `q` does.
        unsearched = self.client.get("/exchanges/?q=")
        for q in [" ", "\t\t", "\u200b", "\u200b \t\ufeff\u2060"]:
            with self.subTest(q=q):
                response = self.client.get("/exchanges/", {"q": q})
                self.assertEqual(titles(response), titles(unsearched))
                self.assertEqual(response.context["filter"].search_words, "")
                page = response.content.decode()
                heading = re.search(r'<h2 id="results-heading"[^>]*>(.*?)</h2>', page, re.S)
                self.assertEqual(heading.group(1).strip(), "7 exchanges")
                self.assertContains(response, "<title>Browse exchanges · ")
                self.assertNotContains(response, "search for")
                self.assertNotContains(response, ">Relevance<")
                self.assertNotContains(response, "Clear all")
                # Sorting by relevance needs search words, as with an empty `q`.
                sorted_by = self.client.get("/exchanges/", {"q": q, "sort": "relevance"})
                self.assertContains(sorted_by, "Sorting by relevance needs search words.")

    def test_invisible_characters_in_search_words_are_left_out(self):
        # As a record's text is made plain when it is kept, so is a search typed or pasted with them.
        response = self.client.get("/exchanges/", {"q": "\u200bBlin\u00adken\ufeff"})
        self.assertEqual(titles(response), ["Blinken visit"])
        self.assertContains(response, "1 exchange matching “Blinken”")

    def test_it_filters_by_government(self):
        self.assertEqual(
            titles(self.client.get("/exchanges/?government=no")),
            ["Trade mission", "University exchange programme"],
        )
        self.assertEqual(len(titles(self.client.get("/exchanges/?government=yes"))), 5)

    def test_it_filters_by_level(self):
        self.assertEqual(
            titles(self.client.get("/exchanges/?level=state&level=local")),
            ["California Jiangsu education pact", "Sister cities Los Angeles Guangzhou"],
        )

    def test_it_filters_by_continuing(self):
        self.assertEqual(
            titles(self.client.get("/exchanges/?continuing=yes")),
            ["California Jiangsu education pact", "Sister cities Los Angeles Guangzhou"],
        )
        self.assertNotIn(
            "Sister cities Los Angeles Guangzhou", titles(self.client.get("/exchanges/?continuing=no"))
        )

    def test_a_month_range_finds_what_happened_in_that_month(self):
        response = self.client.get("/exchanges/?date_after=2023-06&date_before=2023-06")
        self.assertEqual(titles(response), ["Blinken visit"])

    def test_date_bounds_are_inclusive_and_overlap_spans(self):
        # The visit ran June 18-19: a range starting on the 19th still finds it.
        self.assertEqual(
            titles(self.client.get("/exchanges/?date_after=2023-06-19&date_before=2023-06-19")),
            ["Blinken visit"],
        )
        self.assertEqual(
            titles(self.client.get("/exchanges/?date_before=2023-05-30&date_after=2023-05-30")),
            ["Trade mission"],
        )

    def test_a_month_precision_exchange_matches_a_day_inside_that_month(self):
        response = self.client.get("/exchanges/?date_after=2013-06-15&date_before=2013-06-15")
        self.assertEqual(titles(response), ["Sunnylands summit"])

    def test_year_bounds(self):
        response = self.client.get("/exchanges/?date_after=2014&date_before=2015")
        self.assertEqual(titles(response), ["University exchange programme", "Obama Xi call"])

    def test_the_year_takes_years_as_the_date_reader_does(self):
        for year in ["2014-2015", "2014–15", "2014/15", "between 2014 and 2015"]:
            with self.subTest(year=year):
                response = self.client.get("/exchanges/", {"year": year})
                self.assertEqual(titles(response), ["University exchange programme", "Obama Xi call"])
        self.assertEqual(
            titles(self.client.get("/exchanges/?year=1980s")), ["Sister cities Los Angeles Guangzhou"]
        )
        for year, message in [
            ("June 2014", "Write a year (1971) or a range of years (2010-2014)."),
            ("2015-2014", "The range of years runs backwards."),
            ("0999", "999 is not a year we can record."),
        ]:
            with self.subTest(year=year):
                self.assertContains(self.client.get("/exchanges/", {"year": year}), message)

    def test_filters_combine(self):
        response = self.client.get("/exchanges/?type=education&level=state&date_after=2010&government=yes")
        self.assertEqual(titles(response), ["California Jiangsu education pact"])
        response = self.client.get("/exchanges/?type=diplomatic&date_after=2014&continuing=no&q=Blinken")
        self.assertEqual(titles(response), ["Blinken visit"])

    def test_it_sorts(self):
        self.assertEqual(
            titles(self.client.get("/exchanges/?sort=date"))[0], "Sister cities Los Angeles Guangzhou"
        )
        self.assertEqual(
            titles(self.client.get("/exchanges/?sort=title"))[:2],
            ["Blinken visit", "California Jiangsu education pact"],
        )
        self.assertEqual(titles(self.client.get("/exchanges/?sort=-date"))[0], "Blinken visit")

    def test_titles_sort_as_the_alphabet_does(self):
        # Case, accents and the quotes before the first letter do not count, on either database.
        for title in ["CCTV America opens", "“Ping-pong” rematch", "École exchange", "ping pong again"]:
            make_exchange(title=title, date=D(2001, 1, 1))
        listed = titles(self.client.get("/exchanges/?sort=title"))
        order = ["California", "CCTV", "École", "Obama", "ping pong again", "“Ping-pong”"]
        positions = [next(i for i, title in enumerate(listed) if title.startswith(o)) for o in order]
        self.assertEqual(positions, sorted(positions), listed)
        # Paged by cursor, the same order.
        second = self.client.get("/exchanges/?sort=title", {"page": f"2~after~{listed[1].casefold()}~0"})
        self.assertEqual(second.status_code, 200)

    def test_an_empty_result_says_so_and_offers_to_clear_the_filters(self):
        response = self.client.get("/exchanges/?type=media")
        self.assertContains(response, "No exchanges match these filters.")
        self.assertContains(
            response, '<a class="btn btn-outline-primary" href="/exchanges/">Clear the filters</a>', html=True
        )

    def test_a_search_that_finds_nothing_says_so_and_offers_it_without_the_filters(self):
        # It said "No exchanges match these filters." under a search alone, and under a search
        # with filters offered only to clear them all, search included.
        make_exchange(title="Climate talks in Beijing", type="environment")
        response = self.client.get("/exchanges/?q=zyzzogeton")
        self.assertContains(response, "No exchange matches “zyzzogeton”.")
        self.assertNotContains(response, "these filters")
        self.assertContains(
            response, '<a class="btn btn-outline-primary" href="/exchanges/">Clear the search</a>', html=True
        )
        response = self.client.get("/exchanges/?q=climate&type=sports&sort=title")
        self.assertContains(response, "No exchange matches “climate” under these filters.")
        without = '<a class="btn btn-outline-primary" href="?q=climate&amp;sort=title">{}</a>'
        self.assertContains(response, without.format("Search without the filters"), html=True)
        self.assertEqual(len(titles(self.client.get("/exchanges/?q=climate&sort=title"))), 1)

    def test_facet_counts_follow_the_other_filters(self):
        response = self.client.get("/exchanges/?government=no&type=education")
        type_counts = {value: count for value, _, count, _ in response.context["type_facets"]}
        # Counts for each type under government=no, ignoring the type selection itself.
        self.assertEqual(type_counts["education"], 1)
        self.assertEqual(type_counts["business"], 1)
        self.assertEqual(type_counts["diplomatic"], 0)
        checked = [value for value, _, _, selected in response.context["type_facets"] if selected]
        self.assertEqual(checked, ["education"])
        level_counts = {
            value: count for value, _, count, _ in self.client.get("/exchanges/").context["level_facets"]
        }
        # The two non-government exchanges have no level to record.
        self.assertEqual(level_counts, {"national": 3, "state": 1, "local": 1, "none": 0})
        self.assertContains(self.client.get("/exchanges/"), "(3)")


class BadParameterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for number in range(3):
            make_exchange(title=f"Exchange {number}")

    def assert_page_with_message(self, url, message):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "could not be used and was ignored")
        self.assertContains(response, message)
        return response

    def test_a_page_that_is_not_a_number(self):
        response = self.assert_page_with_message("/exchanges/?page=abc", "is not a page number")
        self.assertEqual(response.context["page"].number, 1)

    def test_a_page_past_the_end(self):
        response = self.assert_page_with_message("/exchanges/?page=99999", "There is no page 99999")
        self.assertEqual(response.context["page"].number, 1)

    def test_a_date_that_is_not_a_date(self):
        response = self.assert_page_with_message("/exchanges/?date_after=notadate", "Enter a day")
        self.assertEqual(len(titles(response)), 3)

    def test_an_impossible_month_or_day_is_named(self):
        self.assert_page_with_message("/exchanges/?date_after=2014-13", "13 is not a month")
        self.assert_page_with_message("/exchanges/?date_before=2014-02-30", "February 2014 has no day 30.")
        response = self.client.get("/exchanges/?date_after=2014-13")
        self.assertNotContains(response, "ends before it begins")

    def test_an_unknown_type(self):
        self.assert_page_with_message("/exchanges/?type=bogus", "bogus is not one of the available choices")

    def test_unknown_yes_no_values_and_sorts(self):
        self.assert_page_with_message("/exchanges/?government=maybe", "Government?")
        self.assert_page_with_message("/exchanges/?sort=popular", "Sort by")
        self.assert_page_with_message("/exchanges/?sort=relevance", "Sorting by relevance needs search words")

    def test_a_reversed_date_range(self):
        self.assert_page_with_message("/exchanges/?date_after=2020&date_before=2019", "is before the")

    def test_markup_in_parameters_is_escaped(self):
        response = self.client.get("/exchanges/?q=<script>alert(1)</script>&type=<b>x</b>")
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertNotContains(response, "<b>x</b>")

    def test_search_syntax_never_raises(self):
        for q in [
            '"',
            "OR",
            "-",
            "title:x",
            "a AND",
            "NEAR(a b)",
            "*",
            "'; DROP TABLE x",
            "(((",
            "^x",
            "-only",
        ]:
            with self.subTest(q=q):
                self.assertEqual(self.client.get("/exchanges/", {"q": q}).status_code, 200)


@override_settings(EXCHANGES_PER_PAGE=2)
class PagingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for day in range(1, 6):
            make_exchange(title=f"Education exchange {day}", type="education", date=D(2020, 1, day))
        make_exchange(title="Diplomatic exchange", date=D(2021, 1, 1))

    def test_paging_keeps_the_filters(self):
        response = self.client.get("/exchanges/?type=education&sort=date")
        self.assertEqual(titles(response), ["Education exchange 1", "Education exchange 2"])
        next_link = re.search(r'href="([^"]+)" rel="next"', response.content.decode()).group(1)
        # Next carries the sort key of the page's last row (exchanges/paging.py).
        last_shown = Exchange.objects.get(title="Education exchange 2")
        self.assertEqual(
            next_link.replace("&amp;", "&"),
            f"?type=education&sort=date&page=2~after~2020-01-02~{last_shown.pk}",
        )
        self.assertEqual(
            titles(self.client.get("/exchanges/" + next_link.replace("&amp;", "&"))),
            ["Education exchange 3", "Education exchange 4"],
        )

    def test_the_title_says_the_search_and_the_page(self):
        self.assertContains(self.client.get("/exchanges/"), "<title>Browse exchanges · ")
        self.assertContains(
            self.client.get("/exchanges/?q=education&page=2"),
            "<title>“education” · Browse exchanges · page 2 · ",
        )

    def test_the_keyboard_can_skip_the_filters_and_the_chart(self):
        page = self.client.get("/exchanges/").content.decode()
        self.assertIn('href="#results">Skip to the results</a>', page)
        self.assertIn('id="results"', page)
        self.assertIn('href="#result-rows">Skip the chart to the exchanges</a>', page)
        self.assertIn('id="result-rows"', page)

    def test_sorting_keeps_the_filters_and_starts_again_at_page_one(self):
        response = self.client.get("/exchanges/?type=education&page=2")
        self.assertContains(response, 'href="?type=education&amp;sort=title"')


@override_settings(EXCHANGES_PER_PAGE=3)
class PageFromTheMatchesFoundTests(TestCase):
    """Once a search's every match is in hand (for the counts), the page is read from their ids
    (ExchangeFilter.listed): the same rows, in the same order, on every page."""

    PHRASE = '"trade mission"'

    @classmethod
    def setUpTestData(cls):
        for number, (title, day) in enumerate(
            [
                ("Ohio trade mission to Shanghai", D(2019, 4, 2)),
                ("Trade mission from Guangdong", D(2021, 9, 9)),
                ("A mission on trade rules", D(2022, 1, 5)),  # both words, not the phrase
                ("Beijing trade mission", D(2021, 9, 9)),  # the same day as another
                ("Iowa trade mission", D(2015, 6, 30)),
                ("Texas trade mission", D(2023, 11, 20)),
                ("Cultural tour", D(2020, 3, 3)),
            ]
        ):
            make_exchange(title=title, date=day, summary=f"Visit number {number}.")
        make_exchange(title="Draft trade mission", status=Exchange.Status.DRAFT)

    def pages(self, url):
        """The titles on every page, following the next links."""
        shown = []
        while url:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            shown.append(titles(response))
            found = re.search(r'href="([^"]+)" rel="next"', response.content.decode())
            url = "/exchanges/" + found.group(1).replace("&amp;", "&") if found else None
        return shown

    def expected(self, order):
        matches = Exchange.objects.published().search(self.PHRASE, ranked=False).order_by(*order)
        found = [exchange.title for exchange in matches]
        return [found[start : start + 3] for start in range(0, len(found), 3)]

    def test_every_order_pages_through_the_same_matches(self):
        for sort, order in [
            ("", ["-date", "-id"]),
            ("date", ["date", "id"]),
            ("title", ["title_sort", "id"]),
        ]:
            with self.subTest(sort=sort):
                expected = self.expected(order)
                self.assertEqual(len(sum(expected, [])), 5)
                url = f"/exchanges/?q={self.PHRASE}&sort={sort}"
                self.assertEqual(self.pages(url), expected)
                # Counted to a cap below the matches, the page is read by the search itself.
                with override_settings(COUNT_CAP=2):
                    self.assertEqual(self.pages(url), expected)

    def page_query(self, url):
        synonyms()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        rows = [
            q["sql"] for q in queries if '"exchanges_exchange"."title"' in q["sql"] and "LIMIT" in q["sql"]
        ]
        self.assertEqual(len(rows), 1, rows)
        return rows[0]

    def test_the_page_is_read_by_id_once_every_match_is_known(self):
        searched = "search_vector" if connection.vendor == "postgresql" else "exchanges_exchange_fts"
        by_id = "ANY(" if connection.vendor == "postgresql" else "json_each("
        url = f"/exchanges/?q={self.PHRASE}"
        sql = self.page_query(url)
        self.assertIn(by_id, sql)
        self.assertNotIn(searched, sql)
        with override_settings(COUNT_CAP=2):
            sql = self.page_query(url)
        self.assertIn(searched, sql)
        self.assertNotIn(by_id, sql)
        # Ranked, the page reads every match's words for its rank: by the search, as before.
        self.assertIn(searched, self.page_query(url + "&sort=relevance"))

    def test_the_page_read_by_id_is_bounded_by_the_first_and_last_dates_of_the_matches(self):
        # Without the bounds PostgreSQL walks the date index from the newest exchange of all:
        # through nearly a million newer ones when the matches are old (1.3 s, see listed).
        sql = self.page_query(f"/exchanges/?q={self.PHRASE}&sort=title")
        dates = sorted(
            Exchange.objects.published().search(self.PHRASE, ranked=False).values_list("date", flat=True)
        )
        self.assertIn("BETWEEN", sql)
        self.assertIn(str(dates[0]), sql)
        self.assertIn(str(dates[-1]), sql)


class CountedRowsLetGoTests(TestCase):
    """The rows a list reads for its counts (ExchangeFilter._first_rows: up to COUNT_CAP + 1, with
    their values, on its FilterSet and on the set without each facet's own filter) are let go once
    counted. A FilterSet is freed only by Python's full collection of cycles, every few dozen
    requests: until then a worker serving uncached searches kept each one's rows (up to 266 MB)."""

    @classmethod
    def setUpTestData(cls):
        for number in range(4):
            make_exchange(title=f"Trade mission {number}", type="business", partners="Fudan")
            make_exchange(title=f"Trade fair {number}", type="education", partners="Fudan")
        cls.fudan = Organisation.objects.get(name="Fudan")

    def filtersets_left(self, url):
        """The FilterSets the request to `url` left for the cycle collector, with what each still holds
        of what counting read."""
        gc.collect()
        gc.disable()
        try:
            # type(), not isinstance(): a lazy object (the page's CSP nonce) would be evaluated by it.
            before = {id(each) for each in gc.get_objects() if issubclass(type(each), ExchangeFilter)}
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            left = [
                each
                for each in gc.get_objects()
                if issubclass(type(each), ExchangeFilter) and id(each) not in before
            ]
        finally:
            gc.enable()
        return left, {
            name for filterset in left for name in ExchangeFilter.COUNTED if name in filterset.__dict__
        }

    def test_a_search_under_filters_lets_go_of_its_counted_rows(self):
        for url in [
            "/exchanges/?q=trade&type=business&level=national",
            "/exchanges/?q=trade&type=business&sort=relevance",
            f"/organisations/{self.fudan.slug}/?q=trade&type=education",
        ]:
            with self.subTest(url=url):
                left, holding = self.filtersets_left(url)
                # The page's set and the sets without the type's and the level's filters.
                self.assertGreaterEqual(len(left), 2)
                self.assertEqual(holding, set())

    def test_the_page_and_its_counts_are_those_counted(self):
        response = self.client.get("/exchanges/?q=trade&type=business&level=national")
        self.assertEqual(response.context["total"].count, 4)
        # The type's facet counts without the type's own filter: the education fairs too.
        types = {value: count for value, _label, count, _selected in response.context["type_facets"]}
        self.assertEqual((types["business"], types["education"]), (4, 4))
        self.assertEqual(len(response.context["page"].object_list), 4)


class QueryCountTests(TestCase):
    def list_with(self, rows, url, queries=7):
        for number in range(rows):
            make_exchange(title=f"Education exchange {number}", type="education", sources=0)
        # Unfiltered, or under the structured filters only: 1: the summary of counts (the total,
        # the type, level, government and continuing facets and the timeline's years, one query);
        # 2, 3, 4: the organisation, person and place facets (their top entities by their own
        # counts when nothing else filters; else one GROUP BY each over the links of 5: the ids
        # of the first COUNT_CAP results, fetched once); 6: the country counts (over those too);
        # 7: the page's rows.
        # With search words (or entity, country or dates to the day), the summary cannot answer:
        # 0: under two structured filters or more, the summary's total for them together (when
        # it is nought, no exchange is read); 1: the first COUNT_CAP + 1 results, their ids (the
        # count up to the cap, and what the facets count) with the values the type, level,
        # government and continuing counts and the timeline's years count for each facet whose
        # own filter is not in force; 2: the page's rows; 3, 4: the first results under every
        # filter but the type's, then the level's, with the same values, for those two facets;
        # 5, 6, 7: the entity facets; 8: the countries; and two for the search: whether it finds
        # a few (else a correction is looked for), and the page's summaries for the snippets.
        # The entities' names (search synonyms) are read once a process, before.
        synonyms()
        with self.assertNumQueries(queries):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_list_takes_seven_queries_with_few_rows(self):
        self.list_with(3, "/exchanges/")

    def test_the_list_takes_seven_queries_under_structured_filters(self):
        response = self.list_with(
            30, "/exchanges/?type=education&level=national&year=2015-2025&government=yes"
        )
        self.assertEqual(response.context["total"].count, 30)

    def test_the_list_takes_eleven_queries_with_many_rows_and_search_words(self):
        response = self.list_with(
            60, "/exchanges/?type=education&level=national&q=education&date_after=2000", queries=11
        )
        self.assertEqual(len(titles(response)), 25)

    def test_a_prefix_is_looked_up_among_the_catalogue_words_once_a_page(self):
        # As many queries as the word itself, and one: the words that begin with the prefix.
        response = self.list_with(
            60, "/exchanges/?type=education&level=national&q=educati*&date_after=2000", queries=12
        )
        self.assertEqual(len(titles(response)), 25)

    def test_words_never_found_together_cost_a_query_a_word_for_the_offer_of_any_and_each_of_them(self):
        for number in range(3):
            make_exchange(title=f"Panda loan {number}", summary="Two pandas arrived.")
            make_exchange(title=f"Ping-pong diplomacy {number}", summary="Players toured.")
        synonyms()
        # 1: whether the search finds a few; 2: the catalogue's words among those typed (none is
        # misspelt, so no correction is tried); 3-4: what each word finds alone, for the offer of
        # any of them and of each; 5: the first results and their counted values (none); 6-9: the
        # entity and country facets.
        with self.assertNumQueries(9):
            response = self.client.get("/exchanges/?q=panda+diplomacy")
        self.assertContains(response, "With any of them:")
        self.assertContains(response, "(3 exchanges)")
        # Under another filter: the type's facet counts the first results without the type (1 more),
        # and each word is counted again among the exchanges the type keeps (2 more, the last two).
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/exchanges/?q=panda+diplomacy&type=cultural")
        self.assertContains(response, "Each word alone:")
        self.assertEqual(len(queries), 12, "\n".join(q["sql"][:160] for q in queries))
        self.assertEqual(titles(response), [])

    def test_names_joined_by_a_dash_are_tried_apart_in_one_query(self):
        make_exchange(title="Kissinger meets Zhou Enlai", summary="Talks in Beijing.")
        make_exchange(title="Nixon visits China", summary="The week that changed the world.")
        synonyms()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/exchanges/?q=Kissinger-Zhou")
        self.assertContains(response, "Showing results for “Kissinger Zhou”.")
        self.assertEqual(titles(response), ["Kissinger meets Zhou Enlai"])
        # 1: whether the search as typed finds a few (none); 2: the catalogue's words among those
        # typed (all known: no correction); 3: whether the words apart find something; then the
        # page of the search apart, as any search's: 4: the first results and their counted
        # values; 5-8: the entity and country facets; 9: the page's rows; 10: their summaries.
        self.assertEqual(len(queries), 10, "\n".join(q["sql"][:120] for q in queries))

    def test_the_words_of_a_question_are_left_out_in_one_query(self):
        make_exchange(title="Nixon visits China", summary="The week that changed the world.")
        make_exchange(title="Students went to Iowa", summary="They toured farms.")
        synonyms()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/exchanges/?q=Nixon+went+to+China")
        self.assertContains(response, "Showing results for “Nixon China”.")
        self.assertEqual(titles(response), ["Nixon visits China"])
        # 1: whether the search as typed finds a few (none); 2: the catalogue's words among those
        # typed (all known: no correction); 3: whether the search without "went" finds something;
        # then the page of that search, as any search's: 4: the first results and their counted
        # values; 5-8: the entity and country facets; 9: the page's rows; 10: their summaries.
        self.assertEqual(len(queries), 10, "\n".join(q["sql"][:120] for q in queries))

    def test_a_word_typed_for_two_is_cut_in_the_queries_of_a_correction(self):
        make_exchange(title="Deng Xiaoping tours Houston", summary="He watched a rodeo.")
        synonyms()
        # 1: whether the search finds a few (none); 2: the catalogue's words among those typed and
        # their halves, "deng" and "xiaoping" among them; 3: whether "Deng Xiaoping" finds
        # anything; 4: the first results and their counted values; 5-8: the entity and country
        # facets; 9: the page's rows; 10: their summaries, for the snippets.
        with self.assertNumQueries(10):
            response = self.client.get("/exchanges/?q=DengXiaoping")
        self.assertContains(response, "Showing results for “Deng Xiaoping”.")
        # Chinese typed without spaces comes apart in memory, from the synonyms: no query of its own,
        # and no word of letters to look up (2 above), so one fewer.
        make_exchange(title="Soybean trade mission", summary="Buyers toured farms.")
        with self.assertNumQueries(9):
            response = self.client.get("/exchanges/?q=中美贸易")
        self.assertContains(response, "Showing results for “中美 贸易”.")

    def test_a_correction_is_tried_once_before_it_is_offered(self):
        make_exchange(title="Nixon visits China", summary="The week that changed the world.")
        make_exchange(title="Blinken visits Beijing", summary="Talks.")
        synonyms()
        # 1: whether the search finds a few (one); 2: the catalogue's words among those typed;
        # 3: the words near "blinkin"; 4: whether the corrected search finds anything, before the
        # page offers it; 5: the first results and their counted values; 6-9: the entity and
        # country facets; 10: the page's rows; 11: their summaries, for the snippets.
        with self.assertNumQueries(11):
            response = self.client.get("/exchanges/?q=Nixon+OR+Blinkin")
        self.assertContains(response, "Did you mean:")

    def test_structured_filters_nothing_matches_never_read_the_exchanges(self):
        make_exchange(title="A university programme", government=False, levels=[])
        for number in range(5):
            make_exchange(title=f"National exchange {number}")
        synonyms()
        # 1: the summary, which says that nothing matches; 2-5: the entity and country facets,
        # over no exchanges. No query walks the exchanges for rows the summary says are not there.
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/exchanges/?government=no&level=national")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(queries), 5)
        self.assertEqual([q["sql"] for q in queries if 'FROM "exchanges_exchange"' in q["sql"]], [])
        self.assertEqual(response.context["total"].count, 0)
        self.assertEqual(titles(response), [])

    def test_the_home_page_takes_two_queries(self):
        for number in range(12):
            make_exchange(title=f"Exchange {number}")
        # 1: the total, from the summary of counts; 2: the latest exchanges.
        with self.assertNumQueries(2):
            response = self.client.get("/")
        self.assertContains(response, "12 exchanges")

    def test_the_home_page_groups_the_total_as_the_list_does(self):
        for total, shown in (
            (1_000_000, "An open record of 1,000,000 exchanges"),
            (1, "An open record of 1 exchange"),
        ):
            with self.subTest(total=total), mock.patch("exchanges.views.catalogue_total", return_value=total):
                self.assertContains(self.client.get("/"), shown)


class ActiveFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Education exchange", type="education", government=False)

    def test_each_filter_in_force_is_shown_with_a_link_that_drops_only_it(self):
        response = self.client.get("/exchanges/?type=education&type=cultural&government=no&page=1&sort=title")
        active = dict(response.context["filter"].active_filters())
        self.assertEqual(
            active,
            {
                "Type of exchange: Education": "type=cultural&government=no&sort=title",
                "Type of exchange: Cultural": "type=education&government=no&sort=title",
                "Government?: No": "type=education&type=cultural&sort=title",
            },
        )
        self.assertContains(response, 'href="?type=cultural&amp;government=no&amp;sort=title"')

    def test_the_phones_filters_button_says_how_many_are_in_force(self):
        # On a phone the filters fold away behind the button: it said "Search and filters" alike
        # for the whole catalogue and for a list narrowed three ways.
        for address, said in [
            (
                "/exchanges/?type=education&type=cultural&government=no",
                'aria-label="Search and filters, 3 in force">Search and filters (3)</button>',
            ),
            (
                "/exchanges/?q=panda",
                'aria-label="Search and filters, 1 in force">Search and filters (1)</button>',
            ),
            ("/exchanges/?type=bogus&sort=title", "Search and filters</button>"),
        ]:
            with self.subTest(address=address):
                self.assertContains(self.client.get(address), said, html=False)

    def test_a_range_of_years_is_shown_with_an_en_dash_and_its_link_keeps_the_value_sent(self):
        # Typed or linked with a hyphen, a range reads as the site writes ranges elsewhere ("1972–1979").
        for sent, shown in [("1972-1979", "1972–1979"), ("1972 - 1979", "1972–1979"), ("1972", "1972")]:
            with self.subTest(sent=sent):
                response = self.client.get("/exchanges/", {"year": sent, "type": "education"})
                active = dict(response.context["filter"].active_filters())
                self.assertIn(f"Year: {shown}", active)
                self.assertEqual(active["Type of exchange: Education"], urlencode({"year": sent}))
                self.assertContains(response, f"Year: {shown} <span aria-hidden")
                self.assertContains(response, f"<title>Education, {shown} ·")

    def test_invalid_filters_are_not_shown_as_in_force(self):
        response = self.client.get("/exchanges/?type=bogus&date_after=2010")
        self.assertEqual([text for text, _ in response.context["filter"].active_filters()], ["From: 2010"])


class NotRecordedTests(TestCase):
    """Unknown is an answer: records that do not say are found, and counted, under "Not recorded"."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Known", government=True, levels=["national", "state"], continuing=False)
        make_exchange(
            title="Unknown",
            government=None,
            type="",
            levels=[],
            continuing=None,
            date=D(2013, 4, 1),
            date_precision="month",
        )
        make_exchange(title="Local only", levels=["local"], continuing=True)

    def test_government_and_continuing_can_be_filtered_as_not_recorded(self):
        self.assertEqual(titles(self.client.get("/exchanges/?government=none")), ["Unknown"])
        self.assertEqual(titles(self.client.get("/exchanges/?continuing=none")), ["Unknown"])
        self.assertEqual(titles(self.client.get("/exchanges/?continuing=no")), ["Known"])

    def test_type_and_level_can_be_filtered_as_not_recorded(self):
        self.assertEqual(titles(self.client.get("/exchanges/?type=none")), ["Unknown"])
        self.assertEqual(titles(self.client.get("/exchanges/?level=none")), ["Unknown"])

    def test_each_not_recorded_choice_shows_its_count(self):
        response = self.client.get("/exchanges/")
        for facets in ["government_facets", "continuing_facets", "type_facets", "level_facets"]:
            with self.subTest(facets=facets):
                counts = {value: count for value, _, count, _ in response.context[facets]}
                self.assertEqual(counts["none"], 1)
        self.assertContains(response, 'id="government-none"')
        self.assertContains(response, "Not recorded <span")

    def test_the_level_filter_matches_any_level_of_an_exchange(self):
        self.assertEqual(titles(self.client.get("/exchanges/?level=state")), ["Known"])
        self.assertEqual(titles(self.client.get("/exchanges/?level=national")), ["Known"])
        self.assertEqual(
            sorted(titles(self.client.get("/exchanges/?level=state&level=local"))), ["Known", "Local only"]
        )
        counts = {
            value: count for value, _, count, _ in self.client.get("/exchanges/").context["level_facets"]
        }
        self.assertEqual(counts, {"national": 1, "state": 1, "local": 1, "none": 1})

    def test_date_filters_read_dates_as_people_write_them(self):
        for url in [
            "/exchanges/?date_after=April 2013&date_before=April 2013",
            "/exchanges/?date_after=2013-04&date_before=2013-04",
            "/exchanges/?date_after=April 1, 2013&date_before=April 30, 2013",
        ]:
            with self.subTest(url=url):
                self.assertEqual(titles(self.client.get(url)), ["Unknown"])

    def test_the_rows_say_not_recorded_by_leaving_it_out(self):
        response = self.client.get("/exchanges/?government=none")
        self.assertNotContains(response, "Non-government")
        self.assertContains(response, "April 2013")
