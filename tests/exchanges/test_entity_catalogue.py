"""Organisations, people and places in the catalogue: links, filters, facets, pages, the timeline.

Literal URLs: the addresses are part of the product.
"""

import datetime
import io
import json
import re
from unittest import mock
from urllib.parse import parse_qs

from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from entities.models import Organisation, Person, Place
from entities.names import normalise
from exchanges import related as related_module
from exchanges.models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace
from exchanges.publishing import publish
from exchanges.related import nearness, related_exchanges
from exchanges.templatetags.listing import list_rows
from tests.factories import make_exchange

D = datetime.date


def titles(response):
    return [exchange.title for exchange in response.context["page"].object_list]


class CatalogueData:
    @classmethod
    def setUpTestData(cls):
        cls.blinken = make_exchange(
            title="Blinken meets Wang Yi",
            date=D(2023, 6, 19),
            partners="U.S. Department of State\nMinistry of Foreign Affairs of China",
            participants="U.S. Secretary of State Antony Blinken, Chinese Foreign Minister Wang Yi",
            location="Beijing",
        )
        cls.wang_2016 = make_exchange(
            title="Wang Yi visits Washington",
            date=D(2016, 2, 23),
            partners="US Department of State",
            participants="Foreign Minister Wang Yi, Secretary of State John Kerry",
            location="Washington, DC",
        )
        cls.wang_2024 = make_exchange(
            title="Wang Yi meets Sullivan in Bangkok",
            date=D(2024, 1, 27),
            participants="Wang Yi, National Security Advisor Jake Sullivan",
            location="By telephone",
        )
        for number in range(30):
            make_exchange(
                title=f"California programme {number:02}",
                type="education" if number % 3 else "cultural",
                date=D(2014, 1 + number % 12, 1),
                partners="University of California",
                location="Los Angeles, California" if number % 2 else "San Francisco",
            )
        make_exchange(title="California programme in 2015", date=D(2015, 3, 1), location="Los Angeles")
        make_exchange(title="Shanghai in 2014", date=D(2014, 3, 1), location="Shanghai")


class LinkTests(CatalogueData, TestCase):
    def test_spellings_that_differ_only_in_punctuation_are_one_organisation(self):
        state = Organisation.objects.get(slug="us-department-of-state")
        self.assertEqual(
            set(
                ExchangeOrganisation.objects.filter(organisation=state).values_list(
                    "exchange__title", flat=True
                )
            ),
            {"Blinken meets Wang Yi", "Wang Yi visits Washington"},
        )
        self.assertFalse(Organisation.objects.filter(name="US Department of State").exists())

    def test_a_person_keeps_the_title_held_at_the_time_on_the_link(self):
        link = ExchangePerson.objects.get(exchange=self.blinken, person__name="Antony Blinken")
        self.assertEqual(link.title, "U.S. Secretary of State")
        self.assertEqual(Person.objects.filter(name="Wang Yi").count(), 1)

    def test_a_place_is_linked_with_the_places_it_lies_in_and_the_text_is_kept(self):
        programme = Exchange.objects.get(title="California programme 01")
        links = {link.place.name: link.direct for link in programme.place_links.select_related("place")}
        self.assertEqual(links, {"Los Angeles": True, "California": False})
        self.assertEqual(programme.location, "Los Angeles, California")

    def test_a_place_that_cannot_be_read_stays_only_in_the_text(self):
        self.assertFalse(self.wang_2024.place_links.exists())
        self.assertFalse(Place.objects.filter(name__icontains="telephone").exists())

    def test_a_name_with_its_chinese_in_brackets_is_the_entity_with_that_chinese_name(self):
        english = make_exchange(
            title="Tsinghua visit", partners="Tsinghua University", participants="Wang Yi"
        )
        both = make_exchange(
            title="Tsinghua forum",
            partners="Tsinghua University (清华大学)\nPeking University（北京大学）",
            participants="Foreign Minister Wang Yi (王毅), Premier Zhou Enlai (周恩来)",
        )
        chinese = make_exchange(title="周恩来会见", participants="国务院总理周恩来")
        tsinghua = Organisation.objects.get(name="Tsinghua University")
        self.assertEqual(tsinghua.chinese_name, "清华大学")  # a known entity gains it
        self.assertEqual(Organisation.objects.get(chinese_name="北京大学").name, "Peking University")
        self.assertFalse(Organisation.objects.filter(name__contains="(").exists())
        self.assertEqual(
            set(both.organisation_links.values_list("organisation__slug", flat=True)),
            {"tsinghua-university", "peking-university"},
        )
        self.assertEqual(english.organisation_links.get().organisation, tsinghua)
        self.assertEqual(Person.objects.get(name="Wang Yi").chinese_name, "王毅")
        zhou = Person.objects.get(name="Zhou Enlai")
        self.assertEqual(zhou.chinese_name, "周恩来")
        # Written in Chinese alone, the name finds the person by the Chinese name.
        self.assertEqual(chinese.person_links.get().person, zhou)
        # A title in brackets is no name: two ministers stay two people.
        ministers = make_exchange(title="Ministers", participants="Zhang Wei (外交部长)\nLi Qiang (外交部长)")
        self.assertEqual(ministers.person_links.count(), 2)
        self.assertFalse(Person.objects.filter(chinese_name="外交部长").exists())

    def test_a_line_listing_several_organisations_links_each(self):
        listed = make_exchange(
            title="Joint institute and sister cities",
            partners="University of Virginia / Peking University (北京大学)",
            sponsors="Sister Cities International and the Chinese People's Association for Friendship "
            "with Foreign Countries (中国人民对外友好协会)",
        )
        self.assertEqual(
            set(listed.organisation_links.values_list("organisation__name", flat=True)),
            {
                "University of Virginia",
                "Peking University",
                "Sister Cities International",
                "Chinese People's Association for Friendship with Foreign Countries",
            },
        )

    def test_publishing_a_change_relinks_and_finds_entities_by_alias(self):
        state = Organisation.objects.get(slug="us-department-of-state")
        # An alias chinese_names.csv does not give it ("State Department" it gives already).
        state.aliases.create(name="Foggy Bottom")
        values = {"partners": "Foggy Bottom\nNew Partner Foundation"}
        publish(values, [{"citation": "A source", "url": ""}], exchange=self.wang_2024)
        organisations = set(self.wang_2024.organisation_links.values_list("organisation__slug", flat=True))
        self.assertEqual(organisations, {"us-department-of-state", "new-partner-foundation"})


class FilterTests(CatalogueData, TestCase):
    def test_it_filters_by_person(self):
        response = self.client.get("/exchanges/?person=wang-yi")
        self.assertEqual(
            titles(response),
            ["Wang Yi meets Sullivan in Bangkok", "Blinken meets Wang Yi", "Wang Yi visits Washington"],
        )

    def test_a_place_finds_the_places_within_it_and_a_year_narrows_it(self):
        response = self.client.get("/exchanges/?place=california&year=2014")
        self.assertEqual(response.context["page"].paginator.count, 30)
        self.assertNotIn("California programme in 2015", titles(response))

    def test_a_range_of_years_and_a_country(self):
        response = self.client.get("/exchanges/?year=2015-2016&country=us")
        self.assertEqual(titles(response), ["Wang Yi visits Washington", "California programme in 2015"])
        response = self.client.get("/exchanges/?country=cn&year=2014")
        self.assertEqual(titles(response), ["Shanghai in 2014"])

    def test_a_country_is_read_in_capitals_as_the_places_records_write_it(self):
        # The API's places say "country": "CN" (and the release's codebook "CN — China"): a client
        # that filters the exchanges by the country it read was refused ("CN is not one of the
        # available choices").
        response = self.client.get("/exchanges/?country=CN&year=2014")
        self.assertEqual(titles(response), ["Shanghai in 2014"])
        self.assertEqual(response.context["filter"].invalid_parameters, [])
        facets = response.context["country_facets"]
        checked = [value for value, _label, _count, selected in facets if selected]
        self.assertEqual(checked, ["cn"], "the facet shows the country chosen")
        answer = self.client.get("/api/v1/exchanges/?country=CN&year=2014")
        self.assertEqual(answer.status_code, 200, answer.content)
        self.assertEqual([row["title"] for row in answer.json()["results"]], ["Shanghai in 2014"])
        self.assertEqual(self.client.get("/exchanges.csv?country=Us&year=2015-2016").status_code, 200)

    def test_the_country_filter_and_its_facet_read_the_places_links_alone(self):
        # The links hold their place's country: no join to the places to test it. Nine queries:
        # 1: the first COUNT_CAP + 1 results with their values; 2, 3, 4: the organisation, person
        # and place facets over them; 5: the summary's counts of the set without the country (2014
        # alone); 6: its first ids in date order, 7: the countries counted over them; 8: the first
        # results without the year, which the timeline counts; 9: the page's rows.
        with CaptureQueriesContext(connection) as queries, self.assertNumQueries(9):
            response = self.client.get("/exchanges/?country=cn&year=2014")
        self.assertEqual(titles(response), ["Shanghai in 2014"])
        by_country = [
            query["sql"]
            for query in queries
            if "exchanges_exchangeplace" in query["sql"] and "country" in query["sql"]
        ]
        self.assertEqual(len(by_country), 3, by_country)  # the list's two reads and the facet
        for sql in by_country:
            self.assertNotIn("entities_place", sql)

    def test_two_people_match_either_and_each_exchange_is_listed_once(self):
        response = self.client.get("/exchanges/?person=wang-yi&person=antony-blinken")
        self.assertEqual(response.context["page"].paginator.count, 3)

    def test_bad_years_and_unknown_entities_are_reported_on_the_page(self):
        response = self.client.get("/exchanges/?year=2014-2010&person=nobody-at-all&place=bad%20slug!")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The range of years runs backwards.")
        self.assertContains(response, "Nothing is known as “nobody-at-all”.")
        self.assertContains(response, "is not the address of a page here.")
        response = self.client.get("/exchanges/?year=soon")
        self.assertContains(response, "Write a year (1971) or a range of years (2010-2014).")
        self.assertEqual(response.context["page"].paginator.count, Exchange.objects.count())

    def test_an_unknown_entity_is_not_said_to_be_ignored_since_it_matches_nothing(self):
        # The page said the parameter "could not be used and was ignored" above an empty list.
        response = self.client.get("/exchanges/?person=nobody-at-all")
        self.assertEqual(response.context["page"].paginator.count, 0)
        self.assertNotContains(response, "was ignored")
        self.assertContains(response, "Not known here, so no exchange matches it:")
        self.assertContains(response, "Participant: Nothing is known as “nobody-at-all”.")
        # Beside a parameter that is ignored, each is said apart.
        response = self.client.get("/exchanges/?person=nobody-at-all&year=2014-2010")
        self.assertContains(response, "could not be used and was ignored")
        self.assertContains(response, "The range of years runs backwards.")
        self.assertContains(response, "Not known here, so no exchange matches it:")

    def test_the_facet_counts_add_up_to_the_results(self):
        response = self.client.get("/exchanges/?place=california&year=2014")
        total = response.context["page"].paginator.count
        self.assertEqual(sum(count for _v, _l, count, _s in response.context["type_facets"]), total)
        timeline = response.context["timeline"]
        self.assertEqual(sum(bar.count for bar in timeline.bars if bar.year == 2014), total)
        places = {
            slug: count
            for slug, _name, count, _s in dict(
                (kind, shown + more) for kind, _label, shown, more in response.context["entity_facets"]
            )["place"]
        }
        self.assertEqual(places["los-angeles"] + places["san-francisco"], total)
        countries = {value: count for value, _label, count, _s in response.context["country_facets"]}
        self.assertEqual(countries, {"us": total, "cn": 0, "other": 0})
        shanghai = self.client.get("/exchanges/?year=2014")
        countries = {value: count for value, _label, count, _s in shanghai.context["country_facets"]}
        self.assertEqual(countries, {"us": 30, "cn": 1, "other": 0})

    def test_the_top_ten_are_shown_and_the_rest_are_reachable(self):
        for number in range(12):
            make_exchange(
                title=f"Partnered {number}", partners="\n".join(f"Org {n:02}" for n in range(number + 1))
            )
        response = self.client.get("/exchanges/")
        organisations = {kind: (shown, more) for kind, _l, shown, more in response.context["entity_facets"]}
        shown, more = organisations["organisation"]
        self.assertEqual(len(shown), 10)
        self.assertEqual(shown[0][1], "University of California")
        self.assertIn("Org 11", [name for _s, name, _c, _x in more])
        self.assertContains(response, 'href="/organisations/?sort=count"')

    def test_paging_keeps_the_entity_filters(self):
        response = self.client.get("/exchanges/?place=california&year=2014")
        next_link = re.search(r'href="([^"]+)" rel="next"', response.content.decode()).group(1)
        self.assertTrue(
            next_link.replace("&amp;", "&").startswith("?place=california&year=2014&page=2~after~")
        )
        second = self.client.get("/exchanges/" + next_link.replace("&amp;", "&"))
        self.assertEqual(len(titles(second)), 5)
        self.assertTrue(all(title.startswith("California programme") for title in titles(second)))

    def test_the_timeline_bars_narrow_to_their_year_keeping_the_filters(self):
        response = self.client.get("/exchanges/?place=california")
        self.assertContains(response, 'href="?place=california&amp;year=2014"')
        self.assertContains(response, "Exchanges per year, as a table")

    def test_entity_filters_use_exists_and_never_distinct(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.client.get("/exchanges/?person=wang-yi&place=beijing&organisation=us-department-of-state")
        # The exchanges are selected once, for the counts (their ids; the page is then read by id,
        # see ExchangeFilter.listed), and again without each entity filter for its facet.
        selecting = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "exchanges_exchange"') and "exchanges_exchangeperson" in q["sql"]
        ]
        self.assertGreaterEqual(len(selecting), 3)
        for sql in selecting:
            self.assertIn("EXISTS", sql)
            self.assertNotIn("DISTINCT", sql)

    def test_the_list_with_entity_filters_takes_twelve_queries(self):
        # 1, 2, 3: the organisation, person and place named (for their names and to report an unknown
        # one); 4: the first COUNT_CAP + 1 results, their ids (their count, and what the facets
        # count) with the values the type, level, government and continuing counts and the
        # timeline's years count; 5: the page's rows; 6, 7, 8: the organisation, person and
        # place facets, each over 9, 10, 11: the ids of the first results under every filter but
        # its own; 12: countries.
        with self.assertNumQueries(12):
            self.client.get("/exchanges/?person=wang-yi&place=beijing&organisation=us-department-of-state")


class SeveralEntitiesTests(TestCase):
    """Filters on entities of several kinds, or on the page's entity and another, select the
    exchanges that every one of them names (one of a filter's entities, when it names several)."""

    @classmethod
    def setUpTestData(cls):
        people = ["Wang Yi", "Xi Jinping", "Wang Yi, Xi Jinping", "", "Wang Yi"]
        places = ["Los Angeles, California", "Beijing", "San Francisco", "Sacramento, California", "Shanghai"]
        for number in range(40):
            make_exchange(
                title=f"Exchange {number:02}",
                date=D(2000 + number % 20, 1 + number % 12, 1),
                partners="\n".join(
                    name
                    for name, named in (("Ford Foundation", number % 2), ("Asia Society", number % 3 == 0))
                    if named
                ),
                # Partner and sponsor of some: linked twice, listed once.
                sponsors="Ford Foundation" if number % 4 == 1 else "",
                participants=people[number % 5],
                location=places[number % 7 % 5],
                type="education" if number % 4 else "cultural",
            )
        make_exchange(
            title="Draft",
            partners="Ford Foundation",
            participants="Wang Yi",
            location="Los Angeles",
            status=Exchange.Status.DRAFT,
        )

    def shared(self, *groups):
        """The titles of the published exchanges linked to one of each group's entities, by their links."""
        found = set(Exchange.objects.published().values_list("pk", flat=True))
        for kind, slugs in groups:
            link = {"organisation": ExchangeOrganisation, "person": ExchangePerson, "place": ExchangePlace}[
                kind
            ]
            found &= set(
                link.objects.filter(**{f"{kind}__slug__in": slugs}).values_list("exchange_id", flat=True)
            )
        return sorted(Exchange.objects.filter(pk__in=found).values_list("title", flat=True))

    def listed(self, url):
        with override_settings(EXCHANGES_PER_PAGE=100):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return sorted(titles(response)), response.context["total"].count

    def test_the_exchanges_that_every_entity_names_are_listed_and_counted(self):
        cases = [
            (
                "/exchanges/?organisation=ford-foundation&person=wang-yi",
                [("organisation", ["ford-foundation"]), ("person", ["wang-yi"])],
            ),
            (
                "/exchanges/?person=xi-jinping&place=california",
                [("person", ["xi-jinping"]), ("place", ["california"])],
            ),
            (
                "/exchanges/?organisation=asia-society&person=wang-yi&place=california&type=education",
                [("organisation", ["asia-society"]), ("person", ["wang-yi"]), ("place", ["california"])],
            ),
            (
                "/exchanges/?person=wang-yi&person=xi-jinping&place=beijing&place=shanghai",
                [("person", ["wang-yi", "xi-jinping"]), ("place", ["beijing", "shanghai"])],
            ),
            (
                "/organisations/ford-foundation/?person=xi-jinping",
                [("organisation", ["ford-foundation"]), ("person", ["xi-jinping"])],
            ),
            (
                "/places/california/?organisation=ford-foundation&person=wang-yi",
                [("place", ["california"]), ("organisation", ["ford-foundation"]), ("person", ["wang-yi"])],
            ),
        ]
        for url, groups in cases:
            with self.subTest(url=url):
                expected = self.shared(*groups)
                if "type=education" in url:
                    education = set(Exchange.objects.filter(type="education").values_list("title", flat=True))
                    expected = [title for title in expected if title in education]
                self.assertTrue(expected)
                self.assertNotIn("Draft", expected)
                listed, total = self.listed(url)
                self.assertEqual(listed, expected)
                self.assertEqual(total, len(expected))

    def test_the_facets_count_under_the_other_entities(self):
        response = self.client.get("/exchanges/?organisation=ford-foundation&person=wang-yi&place=california")
        people = {
            slug: count
            for slug, _name, count, _selected in response.context["filter"].entity_facets("person")
        }
        expected = len(
            self.shared(
                ("organisation", ["ford-foundation"]), ("place", ["california"]), ("person", ["wang-yi"])
            )
        )
        self.assertEqual(people["wang-yi"], expected)
        self.assertEqual(
            people.get("xi-jinping", 0),
            len(
                self.shared(
                    ("organisation", ["ford-foundation"]),
                    ("place", ["california"]),
                    ("person", ["xi-jinping"]),
                )
            ),
        )

    def test_an_unknown_entity_with_others_selects_nothing_and_says_so(self):
        response = self.client.get("/exchanges/?organisation=ford-foundation&person=nobody-at-all")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(titles(response), [])
        self.assertContains(response, "Nothing is known as “nobody-at-all”.")

    def test_an_entity_page_under_another_entity_takes_a_fixed_number_of_queries(self):
        # 1, 2: the organisation and its aliases; 3: the person named; 4: the first results under
        # both, read as one condition, with the values the facets count; 5: the first results
        # without the person filter (the page's organisation alone), for 6: the person facet;
        # 7: the place facet and 8: countries, over the first results; 9: the page, by id; 10: the
        # organisation's roles in the page's exchanges (exchanges.views.add_parts).
        with self.assertNumQueries(10):
            response = self.client.get("/organisations/ford-foundation/?person=xi-jinping")
        self.assertEqual(response.status_code, 200)

    def test_the_first_results_read_the_shared_exchanges_from_the_least_linked_entitys_links(self):
        # Ford Foundation names more exchanges than Xi Jinping: his links are read, each tested for
        # a link to it, and the exchanges then by id; the page in date order keeps an EXISTS each.
        with CaptureQueriesContext(connection) as queries:
            self.client.get("/exchanges/?organisation=ford-foundation&person=xi-jinping")
        shape = "= ANY(ARRAY(SELECT" if connection.vendor == "postgresql" else "IN (SELECT"
        together = [query["sql"] for query in queries if shape in query["sql"] and "EXISTS" in query["sql"]]
        self.assertEqual(len(together), 1, [query["sql"] for query in queries])
        driven = together[0].split(shape, 1)[1]
        self.assertLess(
            driven.index("exchanges_exchangeperson"), driven.index("exchanges_exchangeorganisation")
        )
        self.assertNotIn("ORDER BY", driven.split("LIMIT")[0])


class EntityPageTests(CatalogueData, TestCase):
    def test_the_phones_filters_button_counts_the_filters_not_the_entity(self):
        # The page's own entity narrows it by its address, not as a filter a reader can drop.
        for address, said in [
            (
                "/organisations/us-department-of-state/?type=diplomatic&government=yes",
                '"Search and filters, 2 in force">Search and filters (2)</button>',
            ),
            ("/organisations/us-department-of-state/", "Search and filters</button>"),
        ]:
            with self.subTest(address=address):
                self.assertContains(self.client.get(address), said)

    def test_under_value_filters_the_page_takes_ten_queries(self):
        # 1, 2: the organisation and its aliases; 3: the summary's total for the two filters
        # together; 4: the first results, with the values the facets count; 5, 6: the first
        # results without the type filter, then without the government one, with those values,
        # for those two facets; 7, 8: the person and place facets; 9: countries; 10: the page; 11:
        # the organisation's roles in its exchanges.
        with self.assertNumQueries(11):
            response = self.client.get(
                "/organisations/us-department-of-state/?type=diplomatic&government=yes"
            )
        self.assertGreater(response.context["total"].count, 0)

    def test_a_summarised_entity_under_value_filters_takes_nine_queries(self):
        # 1, 2: the organisation and its aliases; 3: whether it keeps a summary (EntityCount); 4: the
        # sum over it, the total, the value facets and the timeline at once; 5: the ids of its first
        # results, for 6, 7: the person and place facets and 8: countries; 9: the page; 10: the
        # organisation's roles in its exchanges.
        with self.settings(ENTITY_SUMMARY_MIN=1):
            call_command("rebuild_counts", stdout=io.StringIO())
            with self.assertNumQueries(10):
                response = self.client.get(
                    "/organisations/us-department-of-state/?type=diplomatic&government=yes"
                )
        self.assertGreater(response.context["total"].count, 0)
        self.assertFalse(response.context["total"].more)

    def test_a_summarised_entity_alone_takes_ten_queries_its_first_results_from_its_links(self):
        # Its page: 1, 2: the organisation and its aliases; 3: whether it keeps a summary; 4: the sum
        # over it; 5: the ids of its first results, from its links' index by date alone
        # (ExchangeFilter._first_ids_from_links), for 6, 7: the person and place facets and 8:
        # countries; 9: the page; 10: its roles in the page's exchanges. Its filter on the list: 1:
        # the organisation named, then 3 to 9, with the organisation facet (the catalogue's, its
        # own filter left out) from the entities' own counts.
        with self.settings(ENTITY_SUMMARY_MIN=1):
            call_command("rebuild_counts", stdout=io.StringIO())
            for url, count in (
                ("/organisations/us-department-of-state/", 10),
                ("/exchanges/?organisation=us-department-of-state", 9),
            ):
                with self.subTest(url=url):
                    with CaptureQueriesContext(connection) as queries:
                        response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(len(queries), count, [query["sql"] for query in queries])
                    from_links = [
                        query["sql"]
                        for query in queries
                        if query["sql"].startswith('SELECT DISTINCT "exchanges_exchangeorganisation"')
                    ]
                    self.assertEqual(len(from_links), 1)

    def test_from_the_blinken_visit_a_click_on_wang_yi_lists_his_exchanges_with_the_timeline(self):
        visit = self.client.get("/exchanges/blinken-meets-wang-yi/")
        self.assertContains(visit, '<a href="/people/wang-yi/">Wang Yi</a>', html=True)
        page = self.client.get("/people/wang-yi/")
        self.assertContains(page, "<h1", count=1)
        self.assertEqual(len(titles(page)), 3)
        self.assertEqual(page.context["timeline"].total, 3)
        self.assertContains(page, 'href="/exchanges/?person=wang-yi"')

    def test_an_entity_page_is_filtered_like_the_catalogue(self):
        page = self.client.get("/places/california/?type=cultural")
        self.assertEqual(page.context["page"].paginator.count, 10)
        self.assertContains(page, 'href="/exchanges/?type=cultural&amp;place=california"')

    def test_another_entity_of_the_pages_kind_is_left_out_and_its_links_give_what_it_shows(self):
        """The catalogue, its downloads and its feed read several people (organisations, places) as
        any of them, never as all: on a person's page another person's slug would list what none of
        its links could give. It is left out and said so; the page and its links then agree."""
        for page_url, kind, others, rest in [
            ("/people/wang-yi/", "person", ["antony-blinken"], ""),
            ("/people/wang-yi/", "person", ["antony-blinken", "wang-yi"], ""),
            ("/people/wang-yi/", "person", ["nobody-at-all"], ""),
            (
                "/organisations/us-department-of-state/",
                "organisation",
                ["ministry-of-foreign-affairs-of-china"],
                "",
            ),
            ("/places/california/", "place", ["los-angeles"], "type=cultural"),
        ]:
            with self.subTest(page=page_url, others=others):
                alone = self.client.get(f"{page_url}?{rest}")
                named = "&".join(f"{kind}={slug}" for slug in others)
                response = self.client.get(f"{page_url}?{named}&{rest}")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, f"“{others[0]}” was left out: this page lists the exchanges of")
                self.assertEqual(titles(response), titles(alone))
                self.assertEqual(response.context["total"].count, alone.context["total"].count)
                # Its links to the catalogue, the downloads and the feed give the same exchanges.
                query = response.context["catalogue_query"]
                self.assertEqual(parse_qs(query)[kind], [page_url.split("/")[2]])
                catalogue = self.client.get(f"/exchanges/?{query}")
                self.assertEqual(titles(catalogue), titles(response))
                self.assertEqual(catalogue.context["total"].count, response.context["total"].count)
                download = json.loads(b"".join(self.client.get(f"/exchanges.json?{query}").streaming_content))
                self.assertEqual(len(download), response.context["total"].count)
                self.assertEqual(
                    [record["title"] for record in download][: len(titles(response))], titles(response)
                )

    def test_a_persons_rows_say_the_title_held_in_each(self):
        response = self.client.get("/people/wang-yi/")
        parts = {row["title"]: row["part"] for row in list_rows(response.context["page"].object_list)}
        self.assertEqual(
            parts,
            {
                "Blinken meets Wang Yi": "Chinese Foreign Minister",
                "Wang Yi visits Washington": "Foreign Minister",
                # Named without a title: nothing said.
                "Wang Yi meets Sullivan in Bangkok": "",
            },
        )
        self.assertContains(
            response, '<span class="meta-item exchange-part">as Chinese Foreign Minister</span>'
        )
        self.assertContains(response, "exchange-part", count=2)

    def test_an_organisations_rows_say_when_it_sponsored(self):
        make_exchange(title="Sponsored tour", partners="Asia Society", sponsors="Ford Foundation")
        make_exchange(title="Both", partners="Ford Foundation", sponsors="Ford Foundation")
        make_exchange(title="Partnered", partners="Ford Foundation")
        response = self.client.get("/organisations/ford-foundation/")
        parts = {row["title"]: row["part"] for row in list_rows(response.context["page"].object_list)}
        # A partner alone, as most organisations of most exchanges are, is not said on every row.
        self.assertEqual(
            {title: parts[title] for title in ("Sponsored tour", "Both", "Partnered")},
            {"Sponsored tour": "sponsor", "Both": "partner and sponsor", "Partnered": ""},
        )
        self.assertContains(response, "as partner and sponsor")

    def test_a_note_in_brackets_is_said_as_written_not_as_a_title_held(self):
        make_exchange(title="Harvard lecture", participants="Jane Doe (Harvard)")
        make_exchange(title="Harvard seminar", participants="Jane Doe (Professor)")
        response = self.client.get("/people/jane-doe/")
        rows = {
            row["title"]: (row["part"], row["note"])
            for row in list_rows(response.context["page"].object_list)
        }
        self.assertEqual(rows, {"Harvard lecture": ("", "(Harvard)"), "Harvard seminar": ("Professor", "")})
        self.assertContains(response, '<span class="meta-item exchange-part">(Harvard)</span>')
        self.assertNotContains(response, "as (Harvard)")
        self.assertContains(response, "as Professor")

    def test_a_title_in_chinese_is_marked_as_chinese(self):
        make_exchange(title="Blinken in Chinese", participants="美国国务卿布林肯")
        link = ExchangePerson.objects.get(exchange__title="Blinken in Chinese")
        self.assertEqual(link.title, "美国国务卿")
        response = self.client.get(link.person.get_absolute_url())
        self.assertContains(response, 'as <span lang="zh">美国国务卿</span>')

    def test_the_catalogue_and_a_places_rows_say_no_part(self):
        for url in ("/places/beijing/", "/exchanges/?person=wang-yi"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertTrue(response.context["page"].object_list)
                self.assertNotContains(response, "exchange-part")

    def test_the_pages_own_entity_named_again_changes_nothing(self):
        alone = self.client.get("/people/wang-yi/")
        again = self.client.get("/people/wang-yi/?person=wang-yi")
        self.assertEqual(titles(again), titles(alone))
        self.assertFalse(again.context["filter"].invalid_parameters)

    def test_a_second_person_left_out_costs_one_query_more_than_the_page_alone(self):
        # 1, 2: the person and its aliases; 3: the first results, with the values the facets
        # count; 4, 5: the organisation and place facets; 6: countries; 7: the page, by id; 8: the
        # titles the person held in them. Left out, another person's slug costs one lookup more, on
        # the index of former slugs: whether it is an old address of the page's own person (then it
        # is read as the page's own), and nothing else: its exchanges are not counted.
        for url, count in (("/people/wang-yi/", 8), ("/people/wang-yi/?person=antony-blinken", 9)):
            with self.subTest(url=url), self.assertNumQueries(count):
                response = self.client.get(url)
            self.assertEqual(len(titles(response)), 3)

    def test_a_place_leads_to_the_places_within_it_that_exchanges_name_most_first(self):
        # A place's page named the place it lies in, but not those within it: with its own kind's facet
        # left out, the way from California to Los Angeles was through a row that happened to name it.
        california = Place.objects.get(slug="california")
        Place.objects.create(name="Sacramento", slug="sacramento", key="sacramento", parent=california)
        page = self.client.get("/places/california/")
        within = page.context["places_within"]
        self.assertEqual([place.name for place in within], ["Los Angeles", "San Francisco"])
        self.assertEqual([place.exchange_count for place in within], [16, 15])
        self.assertContains(page, '<a href="/places/los-angeles/">Los Angeles</a>', html=True)
        self.assertContains(page, '<a href="/places/san-francisco/">San Francisco</a>', html=True)
        self.assertNotContains(page, "/places/sacramento/")  # no exchange names it
        self.assertNotContains(page, "and more")
        with mock.patch("exchanges.views.PLACES_WITHIN_SHOWN", 1):
            fewer = self.client.get("/places/california/")
        self.assertContains(fewer, "/places/los-angeles/")
        self.assertNotContains(fewer, "/places/san-francisco/")
        self.assertContains(fewer, "and more")
        los_angeles = self.client.get("/places/los-angeles/")
        self.assertContains(los_angeles, '<a href="/places/california/">California</a>', html=True)
        self.assertNotContains(los_angeles, "Places within it")
        self.assertNotContains(self.client.get("/people/wang-yi/"), "Places within it")

    def test_the_place_named_for_a_whole_country_leads_to_every_exchange_in_it(self):
        # /places/china/ listed the two exchanges whose location names China itself ("China and the
        # United States"), which a reader took for every exchange in China; the country filter has them.
        for name, slug, country in [("China", "china", "CN"), ("United States", "united-states", "US")]:
            with self.subTest(name=name):
                Place.objects.create(name=name, slug=slug, key=normalise(name), country=country)
                page = self.client.get(f"/places/{slug}/")
                self.assertContains(page, f"Only the exchanges whose location names {name} itself.")
                every = f"Every exchange with a place in {name}"
                link = f'<a href="/exchanges/?country={country.lower()}">{every}</a>'
                self.assertContains(page, link, html=True)
        for slug in ["california", "los-angeles"]:
            with self.subTest(slug=slug):
                self.assertNotContains(self.client.get(f"/places/{slug}/"), "Every exchange with a place in")

    def test_a_place_within_another_takes_one_query_more_for_the_places_within_it(self):
        # 1, 2: the place and its aliases; 3: its first results, with the values the facets and the
        # timeline count; 4, 5: the organisation and person facets and 6: countries, over them; 7: the
        # page; 8: the place it lies in; 9: the places within it.
        with self.assertNumQueries(9):
            self.client.get("/places/los-angeles/")

    def test_names_in_both_languages_and_aliases_are_shown(self):
        person = Person.objects.get(slug="wang-yi")
        person.chinese_name = "王毅"
        person.save()
        person.aliases.create(name="Wang I")
        page = self.client.get("/people/wang-yi/")
        self.assertContains(page, "王毅")
        self.assertContains(page, "Wang I")

    def test_an_unknown_entity_is_not_found(self):
        self.assertEqual(self.client.get("/people/nobody/").status_code, 404)

    def test_the_index_sorts_by_name_or_by_number_of_exchanges(self):
        by_count = self.client.get("/places/?sort=count")
        names = [entity.name for entity in by_count.context["page"].object_list]
        self.assertEqual(names[0], "California")
        self.assertEqual(by_count.context["page"].object_list[0].exchange_count, 31)
        by_name = self.client.get("/places/")
        names = [entity.name for entity in by_name.context["page"].object_list]
        self.assertEqual(names, sorted(names, key=str.lower))
        # Whatever the case of the letters.
        for name in ["ABC News", "Alibaba Foundation", "aardvark Society"]:
            Organisation.objects.create(name=name, slug=name.lower().replace(" ", "-"), key=name.lower())
        names = [entity.name for entity in self.client.get("/organisations/").context["page"].object_list]
        self.assertEqual(names[:3], ["aardvark Society", "ABC News", "Alibaba Foundation"])

    def test_an_unknown_sort_is_said_and_the_index_shown_by_name(self):
        # Read silently as by name before: a link or a typed address that asked for another order
        # did not learn it was not given.
        page = self.client.get("/places/?sort=bogus")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "“bogus” is not a way to sort this list: showing it by name.")
        self.assertEqual(page.context["sort"], "name")
        self.assertNotContains(self.client.get("/places/?sort=count"), "is not a way to sort")
        self.assertNotContains(self.client.get("/places/"), "is not a way to sort")

    def test_the_index_groups_its_page_numbers_as_the_list_does(self):
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Organisation {number:04}", slug=f"organisation-{number:04}", key=f"o{number:04}"
            )
            for number in range(1_200)
        )
        with mock.patch("exchanges.views.ENTITIES_PER_PAGE", 1):
            page = self.client.get("/organisations/?page=1100")
        self.assertContains(page, "Page 1,100 of 1,20")
        self.assertContains(page, '<span class="page-link">1,100</span>', html=True)
        self.assertContains(page, "?page=1,1", count=0)  # the links' own numbers stay plain

    def test_the_index_takes_two_queries(self):
        # 1: count; 2: the page of entities with their numbers of exchanges.
        with self.assertNumQueries(2):
            self.client.get("/organisations/?sort=count")
        with self.assertNumQueries(2):
            self.client.get("/people/?q=wang")
        # The places with where each lies.
        with self.assertNumQueries(2):
            self.client.get("/places/")
        with self.assertNumQueries(2):
            self.client.get("/places/?q=cal")

    def test_the_index_of_places_says_where_each_lies(self):
        # Two places of one name: "Portland, Oregon" and "Portland, Maine".
        for line in ["Portland, Oregon", "Portland, Maine", "Cambridge, UK", "China"]:
            make_exchange(location=line)
        page = self.client.get("/places/", {"q": "Portland"})
        self.assertContains(page, '<span class="where text-body-secondary">· Oregon</span>', html=True)
        self.assertContains(page, '<span class="where text-body-secondary">· Maine</span>', html=True)
        # Without a parent, the country; the country's own place, nothing.
        self.assertContains(
            self.client.get("/places/", {"q": "Cambridge"}),
            '<span class="where text-body-secondary">· United Kingdom</span>',
            html=True,
        )
        self.assertNotContains(self.client.get("/places/", {"q": "China"}), 'class="where')
        self.assertNotContains(self.client.get("/people/"), 'class="where')

    def test_the_index_finds_a_name_by_its_beginning_a_word_a_chinese_name_or_an_alias(self):
        person = Person.objects.get(slug="wang-yi")
        person.chinese_name = "王毅"
        person.save()
        person.aliases.create(name="Wang I")
        for typed in ["wang", "Yi", "王", "wang i"]:
            with self.subTest(typed=typed):
                response = self.client.get("/people/", {"q": typed})
                self.assertIn("Wang Yi", [entity.name for entity in response.context["page"].object_list])
                self.assertNotIn(
                    "Antony Blinken", [entity.name for entity in response.context["page"].object_list]
                )
        response = self.client.get("/people/", {"q": "wang"})
        self.assertContains(response, "1 match for “wang”")
        self.assertContains(response, 'value="wang"')
        self.assertContains(response, 'href="?">Show all</a>', html=False)

    def test_the_index_leaves_out_the_invisible_characters_a_pasted_name_brings(self):
        # As the catalogue's search does: a soft hyphen inside a name, or a zero-width space or a
        # byte-order mark around it, found no one, and one alone was a name that matched nothing.
        for typed in ["Blin\u00adken", "\ufeffBlinken\u200b"]:
            with self.subTest(typed=typed):
                response = self.client.get("/people/", {"q": typed})
                self.assertEqual(
                    [entity.name for entity in response.context["page"].object_list], ["Antony Blinken"]
                )
                self.assertContains(response, "1 match for “Blinken”")
        everyone = self.client.get("/people/").context["page"].paginator.count
        for typed in ["\u200b", "\u00ad \ufeff"]:
            with self.subTest(typed=typed):
                response = self.client.get("/people/", {"q": typed})
                self.assertEqual(response.context["page"].paginator.count, everyone)
                self.assertNotContains(response, "match for")

    def test_the_index_keeps_its_sort_and_paging_with_a_name(self):
        Organisation.objects.bulk_create(
            Organisation(
                name=f"Ministry {number:02}", slug=f"ministry-{number:02}", key=f"ministry {number:02}"
            )
            for number in range(3)
        )
        by_name = self.client.get("/organisations/", {"q": "ministry"})
        names = [entity.name for entity in by_name.context["page"].object_list]
        self.assertEqual(
            names, ["Ministry 00", "Ministry 01", "Ministry 02", "Ministry of Foreign Affairs of China"]
        )
        by_count = self.client.get("/organisations/", {"q": "ministry", "sort": "count"})
        self.assertEqual(by_count.context["page"].object_list[0].name, "Ministry of Foreign Affairs of China")
        self.assertContains(by_count, '<input type="hidden" name="sort" value="count">', html=True)
        with mock.patch("exchanges.views.ENTITIES_PER_PAGE", 2):
            paged = self.client.get("/organisations/", {"q": "ministry"})
        self.assertContains(paged, 'href="?q=ministry&amp;page=2"')

    def test_a_page_number_below_one_shows_the_first_page_and_one_past_the_end_the_last(self):
        # "page=0" said "There is no page 0; showing the last page" and showed the last page.
        with mock.patch("exchanges.views.ENTITIES_PER_PAGE", 2):
            last = self.client.get("/organisations/").context["page"].paginator.num_pages
            for number in ["0", "-3"]:
                with self.subTest(page=number):
                    response = self.client.get("/organisations/", {"page": number})
                    self.assertEqual(response.context["page"].number, 1)
                    self.assertContains(response, f"There is no page {number}; showing the first page.")
            response = self.client.get("/organisations/", {"page": last + 1})
        self.assertEqual(response.context["page"].number, last)
        self.assertContains(response, f"There is no page {last + 1}; showing the last page, {last}.")

    def test_the_box_says_what_it_finds_in_a_hint_that_stays_and_is_read_with_it(self):
        # A placeholder was cut off on a phone's screen and went once typing began.
        for params in [{}, {"q": "x" * 201}]:
            with self.subTest(params=params):
                response = self.client.get("/people/", params)
                self.assertNotContains(response, "placeholder=")
                hint = "A name, a word of it, a Chinese name or another spelling"
                self.assertContains(response, f'<div id="q-help" class="form-text">{hint}</div>', html=True)
                described = "q-help q-errors" if params else "q-help"
                self.assertContains(response, f'aria-describedby="{described}"')

    def test_a_name_that_begins_nothing_or_is_too_long_is_said_so(self):
        response = self.client.get("/places/", {"q": "Atlantis"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "No name begins with “Atlantis”.")
        response = self.client.get("/places/", {"q": "x" * 201})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A name is at most 200 characters long.")
        self.assertGreater(len(response.context["page"].object_list), 0)  # the whole index instead

    def test_a_name_that_begins_nothing_is_said_once(self):
        # It was said twice: "0 matches for “zz”" above "No name begins with “zz”.", the second the
        # clearer; the count stays for a name that finds something.
        for url in ["/people/", "/organisations/", "/places/"]:
            with self.subTest(url=url):
                response = self.client.get(url, {"q": "zz"})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "No name begins with “zz”.", count=1)
                self.assertNotContains(response, "matches for")
                self.assertNotContains(response, "match for")


class RelatedTests(CatalogueData, TestCase):
    def test_related_exchanges_are_nearest_in_time_first_with_what_they_share(self):
        response = self.client.get("/exchanges/blinken-meets-wang-yi/")
        related = response.context["related"]
        self.assertEqual(
            [item.exchange.title for item in related],
            ["Wang Yi meets Sullivan in Bangkok", "Wang Yi visits Washington"],
        )
        self.assertEqual(related[1].shared, ["Wang Yi", "U.S. Department of State"])
        self.assertContains(response, "shares Wang Yi, U.S. Department of State")

    def test_at_most_five_and_the_detail_page_takes_eight_queries(self):
        programme = Exchange.objects.get(title="California programme 05")
        # 1: the exchange; 2: sources; 3, 4, 5: its organisations, people and places; 6: the
        # nearest exchanges naming each entity, before and after its date; 7: those chosen;
        # 8: what they share. However many entities it names and however often they are named.
        with self.assertNumQueries(8):
            response = self.client.get(programme.get_absolute_url())
        self.assertEqual(len(response.context["related"]), 5)
        self.assertEqual(ExchangePlace.objects.filter(exchange=programme, direct=True).count(), 1)

    def test_the_nearest_sharing_exchanges_whatever_the_ties(self):
        # The result is the nearest in time of every exchange sharing an entity, as reading them
        # all would find it, also when many share the same day (ties broken as `nearness` says)
        # and when an entity is named far more often on one side of the exchange's date.
        for day, participants, partners, location in (
            (D(2010, 1, 1), "Governor Gavin Newsom", "Zhejiang University", "Hangzhou"),
            (D(2010, 1, 5), "Governor Gavin Newsom", "Acme Trade Council", "Tulsa"),
            (D(2009, 12, 20), "", "Zhejiang University", "Tulsa"),
            (D(2010, 2, 1), "", "Acme Trade Council", "Hangzhou"),
            (D(2011, 3, 1), "", "Tulsa Sister Cities", "Hangzhou"),
            (D(2008, 5, 1), "Mayor Gavin Newsom", "Tulsa Sister Cities", "Tulsa"),
            (D(2010, 1, 2), "", "Acme Trade Council", "Tulsa"),
            *[(D(2010, 1, 1), "", "Acme Trade Council", "Tulsa")] * 4,
            *[(D(2009, 12, 31), "Governor Gavin Newsom", "", "")] * 3,
            *[(D(2010, 1, 3), "", "Zhejiang University", "")] * 3,
            *[(D(2015, 6, 1 + n), "", "Tulsa Sister Cities", "Tulsa") for n in range(12)],
        ):
            make_exchange(
                title=f"Visit of {day:%d %B %Y}",
                date=day,
                participants=participants,
                partners=partners,
                location=location,
            )
        exchanges = list(Exchange.objects.published().with_entities().order_by("pk"))
        named = {exchange.pk: self.named(exchange) for exchange in exchanges}
        for exchange in exchanges:
            sharing = [
                other
                for other in exchanges
                if other.pk != exchange.pk and named[other.pk] & named[exchange.pk]
            ]
            expected = sorted(sharing, key=lambda other: nearness((other.pk, other.date), exchange))[:5]
            found = [item.exchange.pk for item in related_exchanges(exchange)]
            self.assertEqual(found, [other.pk for other in expected], exchange.title)
        self.assertGreater(sum(1 for exchange in exchanges if len(related_exchanges(exchange)) == 5), 20)

    def test_nearness_puts_the_nearer_in_time_first_then_the_catalogue_order(self):
        exchange = Exchange(pk=10, date=D(2010, 1, 10))
        found = [
            (3, D(2010, 1, 12)),
            (12, D(2010, 1, 10)),
            (4, D(2010, 1, 8)),
            (9, D(2010, 1, 10)),
            (11, D(2010, 1, 10)),
            (2, D(2010, 1, 8)),
            (1, D(2009, 1, 1)),
        ]
        self.assertEqual(
            [pk for pk, _day in sorted(found, key=lambda one: nearness(one, exchange))],
            [9, 11, 12, 4, 2, 3, 1],
        )

    def test_one_unpublished_after_it_was_chosen_is_left_out(self):
        programme = Exchange.objects.with_entities().get(title="California programme 05")
        withdrawn = make_exchange(title="Withdrawn since", date=programme.date, location="California")
        Exchange.objects.filter(pk=withdrawn.pk).update(status=Exchange.Status.DRAFT)
        real = related_module._nearest_sharing

        def with_the_withdrawn(linked, exchange, limit):
            return [*real(linked, exchange, limit), (withdrawn.pk, withdrawn.date)]

        with mock.patch("exchanges.related._nearest_sharing", side_effect=with_the_withdrawn):
            related = related_exchanges(programme)
        self.assertNotIn(withdrawn.pk, [item.exchange.pk for item in related])
        self.assertEqual(len(related), 4)

    def test_a_record_naming_more_entities_than_one_query_reads(self):
        programme = Exchange.objects.with_entities().get(title="California programme 05")
        expected = [item.exchange.pk for item in related_exchanges(programme)]
        with mock.patch("exchanges.related.PARTS_A_QUERY", 1), CaptureQueriesContext(connection) as queries:
            found = [item.exchange.pk for item in related_exchanges(programme)]
        self.assertEqual(found, expected)
        parts = 2 * sum(len(ids) for ids in related_module._linked(programme))
        self.assertEqual(len(queries), parts + 2)

    @staticmethod
    def named(exchange):
        return (
            {("person", link.person_id) for link in exchange.person_links.all()}
            | {("organisation", link.organisation_id) for link in exchange.organisation_links.all()}
            | {("place", link.place_id) for link in exchange.place_links.all() if link.direct}
        )


class RelevanceAmongOneEntityTests(TestCase):
    """Sorting one entity's exchanges by relevance: its newest matches are read from its links'
    own date index (ExchangeFilter._newest_ids), on its page and under its filter alone."""

    @classmethod
    def setUpTestData(cls):
        for number in range(5):
            make_exchange(
                title=f"Panda loan {number}",
                date=D(2000 + number, 1, 1),
                partners="Ministry of Culture",
                # The newest is linked twice, as partner and as sponsor: one exchange all the same.
                sponsors="Ministry of Culture" if number == 4 else "",
                sources=0,
            )
        make_exchange(
            title="Ministry of Culture programme", date=D(2010, 1, 1), partners="Ministry of Culture"
        )
        # Newer pandas of another organisation: never among the ministry's.
        for number in range(3):
            make_exchange(title=f"Panda tour {number}", date=D(2020 + number, 1, 1), partners="Zoo Atlanta")

    def walks(self, queries):
        return [
            q["sql"]
            for q in queries.captured_queries
            if "published_date" in q["sql"] and "ORDER BY" in q["sql"]
        ]

    @override_settings(COUNT_CAP=3)
    def test_an_entity_page_ranks_its_newest_matches_read_from_its_links(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/organisations/ministry-of-culture/?q=panda&sort=relevance")
        self.assertContains(response, "the 3 newest are ranked by relevance")
        years = sorted(exchange.date.year for exchange in response.context["page"].object_list)
        self.assertEqual(years, [2002, 2003, 2004])
        walks = self.walks(queries)
        self.assertEqual(len(walks), 1, walks)
        self.assertIn("exchanges_exchangeorganisation", walks[0])
        self.assertNotIn("EXISTS", walks[0])

    @override_settings(COUNT_CAP=3)
    def test_one_entity_filter_ranks_the_same_newest_matches(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get("/exchanges/?organisation=ministry-of-culture&q=panda&sort=relevance")
        years = sorted(exchange.date.year for exchange in response.context["page"].object_list)
        self.assertEqual(years, [2002, 2003, 2004])
        # Only the page's own set walks the links; the partner facet's set, without the filter,
        # reads the whole catalogue's newest pandas.
        self.assertEqual(len(self.walks(queries)), 1)
        facets = {slug: count for slug, _name, count, _selected in self.partner_facets(response)}
        self.assertEqual(facets.get("zoo-atlanta"), 3)

    @staticmethod
    def partner_facets(response):
        for kind, _label, shown, rest in response.context["entity_facets"]:
            if kind == "organisation":
                return [*shown, *rest]
        return []

    @override_settings(COUNT_CAP=10)
    def test_under_the_cap_every_match_is_ranked_and_read_by_id(self):
        response = self.client.get("/organisations/ministry-of-culture/?q=panda&sort=relevance")
        shown = list(response.context["page"].object_list)
        self.assertEqual(len(shown), 5)
        self.assertFalse(response.context["total"].more)
        self.assertNotContains(response, "newest are ranked")
        sql = response.context["filter"].qs.query.sql_with_params()[0]
        self.assertIn("ANY(" if connection.vendor == "postgresql" else "json_each(", sql)
        if connection.vendor == "postgresql":
            self.assertNotIn("search_vector @@", sql.split(" WHERE ", 1)[1])

    def test_two_entities_are_not_walked(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(
                "/exchanges/?organisation=ministry-of-culture&organisation=zoo-atlanta&q=panda&sort=relevance"
            )
        self.assertEqual(len(response.context["page"].object_list), 8)
        self.assertEqual(self.walks(queries), [])

    @override_settings(COUNT_CAP=3)
    def test_an_entity_page_sorted_by_relevance_takes_a_fixed_number_of_queries(self):
        self.client.get("/organisations/ministry-of-culture/?q=panda&sort=relevance")  # names cached
        # The entity and its aliases, the search's check for few results, the walk of its links,
        # the matches' values for the counts, the people, places and countries facets, the
        # ranked page, the page's texts for the snippets and the organisation's roles in them:
        # whatever the number of matches.
        with self.assertNumQueries(11):
            self.client.get("/organisations/ministry-of-culture/?q=panda&sort=relevance")
