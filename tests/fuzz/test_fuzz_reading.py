"""Every way of reading the catalogue agrees with the others, whatever the filters and the order.

For any combination of the catalogue's filters (structured, entities, countries, dates, searches) and
any sort: the total is the rows its pages hold, each once, whether followed by Next from the first
page or by Previous from the last; each facet's count is the total its choice gives, and each year
of the timeline the total of that year; the API, the downloads and the feed hold the list's
exchanges, in its order; a draft appears on none of them. An organisation's or a place's page,
under the same filters, holds what its links to the catalogue (and so the downloads and the feed)
give. The catalogue has ties in dates and titles, so that the pages' edges fall between equal keys.
"""

import csv
import datetime
import io
import json
import random
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit
from xml.etree import ElementTree

from django.test import override_settings
from hypothesis import event, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from exchanges.models import EntityCount, Exchange
from tests.factories import make_exchange

D = datetime.date
PER_PAGE = 4
ATOM = "{http://www.w3.org/2005/Atom}"

filters = st.fixed_dictionaries(
    {},
    optional={
        "q": st.sampled_from(
            ["mission", "trade mission", '"trade mission"', "-mission", "mission OR pandas", "Peking", "北京"]
        ),
        "type": st.lists(st.sampled_from(["diplomatic", "education", "business", "none"]), max_size=2),
        "level": st.lists(st.sampled_from(["national", "state", "local", "none"]), max_size=2),
        "government": st.sampled_from(["yes", "no", "none"]),
        "continuing": st.sampled_from(["yes", "no", "none"]),
        "year": st.sampled_from(["2014", "2010-2016", "1970s"]),
        "date_after": st.sampled_from(["2014", "2014-06", "June 7, 2014"]),
        "date_before": st.sampled_from(["2016", "2014-06"]),
        "organisation": st.sampled_from(["us-department-of-state", "ministry-of-commerce"]),
        "place": st.sampled_from(["california", "beijing"]),
        "country": st.lists(st.sampled_from(["us", "cn", "other"]), max_size=2),
    },
)
sorts = st.sampled_from(["-date", "date", "title", "relevance"])
# Entity pages of the kinds the filters name, so that a filter may name another of the page's kind.
entity_pages = st.sampled_from(
    [
        ("organisation", "/organisations/us-department-of-state/"),
        ("organisation", "/organisations/ministry-of-commerce/"),
        ("place", "/places/california/"),
        ("place", "/places/beijing/"),
    ]
)


def pairs(chosen, **more):
    flat = [
        (name, each)
        for name, value in chosen.items()
        for each in (value if isinstance(value, list) else [value])
    ]
    return flat + list(more.items())


# The most named organisations and places keep a summary of their counts (EntityCount), as the
# catalogue's most linked do, so that both ways of counting an entity's exchanges are read.
# The API is read a hundred times an example: past the anonymous rate.
@override_settings(EXCHANGES_PER_PAGE=PER_PAGE, ENTITY_SUMMARY_MIN=8, API_ANON_RATE="100000/min")
class ReadingAgreesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Values drawn at random once (the same every run), so that the filters meet in every way;
        # three titles and four days shared by many exchanges put ties at the pages' edges.
        draw = random.Random(1972)
        for number in range(30):
            make_exchange(
                title=draw.choice(["Trade mission", "Pandas on loan", f"Education mission {number}"]),
                type=draw.choice(["diplomatic", "education", "business", ""]),
                government=draw.choice([True, False, None]),
                levels=draw.choice([["national"], ["state"], ["local", "state"], []]),
                continuing=draw.choice([True, False, None]),
                **draw.choice(
                    [
                        {"date": D(2014, 1, 1), "date_precision": "year"},
                        {"date": D(2014, 6, 7), "date_precision": "day"},
                        {"date": D(2016, 3, 1), "date_precision": "month"},
                        {"date": D(1972, 2, 21), "date_precision": "day"},
                    ]
                ),
                partners=draw.choice(
                    [
                        "U.S. Department of State",
                        "Ministry of Commerce",
                        "U.S. Department of State\nMinistry of Commerce",
                    ]
                ),
                location=draw.choice(
                    ["Beijing", "Los Angeles, California", "San Francisco", "Geneva", "Shanghai"]
                ),
            )
        make_exchange(
            title="Trade mission in draft", type="", status=Exchange.Status.DRAFT, location="Beijing"
        )

    def test_some_entities_are_counted_from_their_summary(self):
        summarised = set(EntityCount.objects.values_list("kind", "entity_id").distinct())
        self.assertGreaterEqual(len(summarised), 2)

    def page(self, query, path="/exchanges/"):
        response = self.client.get(path + "?" + urlencode(query))
        self.assertEqual(response.status_code, 200)
        return response

    def matching(self, query):
        """How many exchanges the API lists for `query`: read from the rows, never from a summary."""
        response = self.client.get("/api/v1/exchanges/?" + urlencode([*query, ("page_size", "500")]))
        self.assertEqual(response.status_code, 200, (query, response.content))
        self.assertIsNone(response.json()["next"])
        return len(response.json()["results"])

    def rows(self, response):
        return [exchange.slug for exchange in response.context["page"].object_list]

    def walk(self, query, pages):
        """The rows of every page, by Next from the first; and by Previous from the last. At most
        `pages` each way: a link that led back to a page already read would never end."""
        response, forward = self.page(query), []
        for _page in range(pages):
            forward += self.rows(response)
            page = response.context["page"]
            if not page.has_next:
                break
            response = self.page([*query, ("page", page.next_page)])
        backward, response = [], self.page([*query, ("page", "last")])
        for _page in range(pages):
            backward = self.rows(response) + backward
            page = response.context["page"]
            if not page.has_previous:
                break
            response = self.page([*query, ("page", page.previous_page)] if page.previous_page else query)
        return forward, backward

    def walk_numbers(self, query, pages, path="/exchanges/"):
        response, rows = self.page(query, path), []
        for number in range(2, pages + 2):
            rows += self.rows(response)
            if not response.context["page"].has_next:
                break
            response = self.page([*query, ("page", str(number))], path)
        return rows

    def api(self, query):
        url, slugs = "/api/v1/exchanges/?" + urlencode([*query, ("page_size", "3")]), []
        while url:
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, response.content)
            slugs += [record["slug"] for record in response.json()["results"]]
            url = response.json()["next"]
        return slugs

    def downloads(self, query):
        as_json = self.client.get("/exchanges.json?" + urlencode(query))
        as_csv = self.client.get("/exchanges.csv?" + urlencode(query))
        records = json.loads(b"".join(as_json.streaming_content))
        titles = [
            row["Title"] for row in csv.DictReader(io.StringIO(b"".join(as_csv.streaming_content).decode()))
        ]
        return [record["slug"] for record in records], titles

    def feed(self, query):
        root = ElementTree.fromstring(self.client.get("/exchanges/feed/?" + urlencode(query)).content)
        return {
            urlsplit(entry.find(f"{ATOM}link").get("href")).path.split("/")[2]
            for entry in root.iter(f"{ATOM}entry")
        }

    # Each example reads some fifty pages: a quarter of the suite's budget of examples.
    @settings(max_examples=max(10, settings.default.max_examples // 4))
    @given(filters, sorts)
    # Counted from the summaries: the whole catalogue, structured filters alone, a summarised entity.
    @example({}, "-date")
    @example({"level": ["none"], "continuing": "no", "date_after": "2014"}, "title")
    @example({"organisation": "us-department-of-state", "government": "none"}, "date")
    @example({"q": "mission", "place": "california", "country": ["us"]}, "relevance")
    def test_every_way_of_reading_holds_the_same_exchanges(self, chosen, sort):
        if sort == "relevance" and "q" not in chosen:
            sort = "title"
        query = pairs(chosen, sort=sort)
        first = self.page(query)
        self.assertFalse(first.context["filter"].invalid_parameters)
        total = first.context["total"]
        self.assertFalse(total.more)
        event(f"{total.count} found")
        pages = total.count // PER_PAGE + 1
        if sort == "relevance":
            listed = self.walk_numbers(query, pages)
        else:
            listed, backward = self.walk(query, pages)
            self.assertEqual(backward, listed)
        self.assertEqual(len(set(listed)), len(listed))
        self.assertEqual(len(listed), total.count)
        self.assertFalse(Exchange.objects.filter(slug__in=listed).exclude(status=Exchange.Status.PUBLISHED))

        self.assertEqual(self.api(query), listed)
        slugs, titles = self.downloads(query)
        self.assertEqual(slugs, listed)
        by_slug = dict(Exchange.objects.filter(slug__in=listed).values_list("slug", "title"))
        self.assertEqual(titles, [by_slug[slug] for slug in listed])
        self.assertEqual(self.feed(query), set(listed))

        # Each choice of a facet selects as many exchanges as it shows, under the other filters.
        context = first.context
        for name in ("type", "level", "government", "continuing"):
            others = [pair for pair in query if pair[0] != name]
            for value, _label, count, _chosen in context[f"{name}_facets"]:
                self.assertEqual(self.matching([*others, (name, value)]), count, (name, value))
        for value, _label, count, _chosen in context["country_facets"]:
            others = [pair for pair in query if pair[0] != "country"]
            self.assertEqual(self.matching([*others, ("country", value)]), count, ("country", value))
        for kind, _label, shown, more in context["entity_facets"]:
            others = [pair for pair in query if pair[0] != kind]
            for slug, _name, count, _chosen in [*shown, *more]:
                if count is not None:
                    self.assertEqual(self.matching([*others, (kind, slug)]), count, (kind, slug))
        others = [pair for pair in query if pair[0] != "year"]
        for year, count in context["year_counts"]:
            self.assertEqual(self.matching([*others, ("year", str(year))]), count, ("year", year))
        if "year" not in chosen:
            self.assertEqual(sum(count for _year, count in context["year_counts"]), total.count)
        for bar in context["timeline"].bars:
            self.assertEqual(parse_qs(bar.url[1:]).get("year"), [str(bar.year)])

    @settings(max_examples=max(10, settings.default.max_examples // 4))
    @given(filters, sorts, entity_pages)
    @example(
        {"organisation": "ministry-of-commerce"},
        "-date",
        ("organisation", "/organisations/us-department-of-state/"),
    )
    @example({"place": "california", "q": "mission"}, "relevance", ("place", "/places/beijing/"))
    @example({"place": "beijing", "type": ["business"]}, "title", ("place", "/places/beijing/"))
    def test_an_entity_page_holds_what_its_links_give(self, chosen, sort, entity_page):
        """Its links to the catalogue, the downloads and the feed carry the page's filters and its
        entity (catalogue_query): the catalogue under them lists the page's exchanges, in its order.
        Another entity of the page's kind, which the catalogue would read as either, is left out."""
        if sort == "relevance" and "q" not in chosen:
            sort = "title"
        kind, path = entity_page
        query = pairs(chosen, sort=sort)
        first = self.page(query, path)
        linked = parse_qsl(first.context["catalogue_query"])
        catalogue = self.page(linked)
        self.assertFalse(catalogue.context["filter"].invalid_parameters)
        total = first.context["total"]
        self.assertEqual(
            (total.count, total.more), (catalogue.context["total"].count, catalogue.context["total"].more)
        )
        event(f"{total.count} found")
        pages = total.count // PER_PAGE + 1
        listed = self.walk_numbers(query, pages, path)
        self.assertEqual(len(listed), total.count)
        self.assertEqual(listed, self.walk_numbers(linked, pages))
        self.assertEqual(self.downloads(linked)[0], listed)
        reported = [label for label, _messages in first.context["filter"].invalid_parameters]
        other_of_its_kind = chosen.get(kind) not in (None, path.split("/")[2])
        self.assertEqual(
            reported, [first.context["filter"].form.fields[kind].label] if other_of_its_kind else []
        )
