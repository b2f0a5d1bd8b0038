import datetime
import html
import json
import math
import re
import xml.etree.ElementTree as ET
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from entities.merge import merge
from entities.models import Person, Place
from exchanges.models import Exchange
from opendata.sitemaps import EntitySitemap, ExchangeSitemap
from tests.entities.factories import make_organisation
from tests.factories import make_exchange

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# The sitemaps list the pages under SITE_URL (its default in development), not the host asked.
SITE = "http://127.0.0.1:8000"


def json_ld(response):
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(block) for block in blocks]


def canonical(response):
    return html.unescape(
        re.search(r'<link rel="canonical" href="([^"]*)">', response.content.decode()).group(1)
    )


class SearchEngineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(
            title="Sunnylands </script> summit", location="Rancho Mirage", partners="White House\nZhongnanhai"
        )
        cls.draft = make_exchange(title="Secret draft", status=Exchange.Status.DRAFT)

    def test_an_exchange_describes_itself_as_an_event(self):
        response = self.client.get(f"/exchanges/{self.exchange.slug}/")
        [event] = json_ld(response)
        self.assertEqual(event["@type"], "Event")
        self.assertEqual(event["name"], "Sunnylands </script> summit")
        self.assertEqual(event["location"]["name"], "Rancho Mirage")
        self.assertEqual([attendee["name"] for attendee in event["attendee"]], ["White House", "Zhongnanhai"])
        self.assertEqual(event["startDate"], "2020-01-01")
        # The title's "</script>" did not close the element: the JSON above parsed whole.
        self.assertContains(response, "\\u003C/script\\u003E summit")
        self.assertContains(
            response, '<meta property="og:title" content="Sunnylands &lt;/script&gt; summit">'
        )
        self.assertContains(response, '<meta property="og:type" content="article">')
        self.assertContains(response, '<meta name="twitter:card" content="summary">')

    def test_the_data_page_describes_the_dataset(self):
        [dataset] = json_ld(self.client.get("/data/"))
        self.assertEqual(dataset["@type"], "Dataset")
        self.assertEqual(dataset["license"], "https://creativecommons.org/licenses/by/4.0/")

    def test_every_page_has_a_canonical_link(self):
        for url, expected in [
            ("/", "http://127.0.0.1:8000/"),
            ("/about/", "http://127.0.0.1:8000/about/"),
            (
                f"/exchanges/{self.exchange.slug}/?utm_source=x",
                f"http://127.0.0.1:8000/exchanges/{self.exchange.slug}/",
            ),
            ("/data/", "http://127.0.0.1:8000/data/"),
        ]:
            self.assertEqual(canonical(self.client.get(url)), expected, url)

    def test_an_accented_address_is_given_escaped_as_the_sitemap_and_json_ld_give_it(self):
        """A slug with a letter outside ASCII ("peña") was written as typed in the canonical link and
        og:url, and escaped ("pe%C3%B1a") in the sitemap and the JSON-LD: one page, two addresses."""
        exchange = make_exchange(title="Peña Nieto visit")
        self.assertEqual(exchange.slug[:4], "peña")
        response = self.client.get(f"/exchanges/{exchange.slug}/")
        escaped = f"{SITE}/exchanges/pe%C3%B1a{exchange.slug[4:]}/"
        self.assertEqual(canonical(response), escaped)
        self.assertContains(response, f'<meta property="og:url" content="{escaped}">')
        [event] = json_ld(response)
        self.assertEqual(event["url"], escaped)
        sitemap = ET.fromstring(self.client.get("/sitemap-exchanges.xml").content)
        self.assertIn(escaped, [loc.text for loc in sitemap.iter(f"{SITEMAP}loc")])

    def test_the_catalogue_canonical_puts_filters_in_one_order_without_defaults(self):
        response = self.client.get(
            "/exchanges/?utm=1&level=state&type=media&type=education&sort=-date&page=1&q="
        )
        self.assertEqual(
            canonical(response), "http://127.0.0.1:8000/exchanges/?type=education&type=media&level=state"
        )
        response = self.client.get("/exchanges/?sort=title&page=2&date_after=2014")
        self.assertEqual(
            canonical(response), "http://127.0.0.1:8000/exchanges/?date_after=2014&sort=title&page=2"
        )

    def test_the_sitemap_lists_pages_and_every_published_exchange(self):
        index = ET.fromstring(self.client.get("/sitemap.xml").content)
        sections = [element.text for element in index.iter(f"{SITEMAP}loc")]
        self.assertEqual(
            sections,
            [
                f"{SITE}/sitemap-{section}.xml"
                for section in ["pages", "exchanges", "organisations", "people", "places"]
            ],
        )
        locations = []
        for section in ["pages", "exchanges"]:
            tree = ET.fromstring(self.client.get(f"/sitemap-{section}.xml").content)
            locations += [element.text for element in tree.iter(f"{SITEMAP}loc")]
        self.assertIn(f"{SITE}/exchanges/{self.exchange.slug}/", locations)
        self.assertNotIn(f"{SITE}/exchanges/{self.draft.slug}/", locations)
        self.assertIn(f"{SITE}/about/", locations)
        self.assertIn(f"{SITE}/data/", locations)

    def test_the_sitemap_index_dates_the_exchanges_without_reading_each_one(self):
        later = make_exchange(title="Later summit")
        Exchange.objects.filter(pk=later.pk).update(
            updated=datetime.datetime(2031, 5, 6, 7, 8, tzinfo=datetime.UTC)
        )
        Exchange.objects.filter(pk=self.draft.pk).update(
            updated=datetime.datetime(2032, 1, 1, tzinfo=datetime.UTC)
        )
        # Django's default reads every published exchange to find the latest date.
        with (
            mock.patch.object(ExchangeSitemap, "lastmod", side_effect=AssertionError("read an exchange")),
            # 1: the latest change among the published exchanges; 2: the highest id (the sections);
            # 3-5: the highest id among the organisations, the people and the places (their sections).
            self.assertNumQueries(5),
        ):
            index = ET.fromstring(self.client.get("/sitemap.xml").content)
        dates = {
            element.find(f"{SITEMAP}loc").text: element.find(f"{SITEMAP}lastmod").text
            for element in index.iter(f"{SITEMAP}sitemap")
            if element.find(f"{SITEMAP}lastmod") is not None
        }
        # The latest published change; the draft's later one is not public.
        self.assertEqual(dates, {f"{SITE}/sitemap-exchanges.xml": "2031-05-06T07:08:00+00:00"})

    def test_the_latest_change_is_read_from_an_index_not_the_table(self):
        # A million exchanges: 0.5-0.8 s read from the table, one index entry from the index.
        with CaptureQueriesContext(connection) as queries:
            ExchangeSitemap().get_latest_lastmod()
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Among two rows every index costs the same, and PostgreSQL took the titles' index
                # (exchanges/0024) as readily as this one; among a thousand, known to it, it chooses.
                day = datetime.date(2020, 1, 1)
                Exchange.objects.bulk_create(
                    Exchange(
                        title=f"Visit {n}", slug=f"visit-{n}", date=day, date_last=day, status="published"
                    )
                    for n in range(1000)
                )
                cursor.execute("ANALYZE exchanges_exchange")
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute(f"EXPLAIN {queries[0]['sql']}")
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {queries[0]['sql']}")
            plan = " ".join(str(row) for row in cursor.fetchall())
        self.assertIn("exchange_published_updated", plan)

    def test_robots_keeps_crawlers_off_filter_combinations_and_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        lines = response.content.decode().splitlines()
        for rule in ["Disallow: /exchanges/?", "Disallow: /exchanges/feed/", "Disallow: /exchanges.csv"]:
            self.assertIn(rule, lines)
        self.assertIn(f"Sitemap: {SITE}/sitemap.xml", lines)


class SitemapSectionTests(TestCase):
    """The exchanges' sitemap comes in sections of ids, read by range however deep."""

    def locations(self, section):
        response = self.client.get(f"/sitemap-exchanges.xml?p={section}")
        self.assertEqual(response.status_code, 200)
        return [element.text for element in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]

    def sections_of(self, exchanges):
        # The sections around the exchanges' ids (on PostgreSQL the ids go on from earlier tests).
        first, last = math.ceil(exchanges[0].pk / 3), math.ceil(exchanges[-1].pk / 3)
        return {
            exchange.pk: [
                section
                for section in range(max(1, first - 1), last + 1)
                if f"{SITE}/exchanges/{exchange.slug}/" in self.locations(section)
            ]
            for exchange in exchanges
        }

    @mock.patch.object(ExchangeSitemap, "limit", 3)
    def test_an_exchange_keeps_its_section_when_an_earlier_one_is_withdrawn(self):
        exchanges = [make_exchange(title=f"Delegation {number}") for number in range(7)]
        before = self.sections_of(exchanges)
        # Each in exactly one section, the one its id falls in.
        self.assertEqual(before, {exchange.pk: [math.ceil(exchange.pk / 3)] for exchange in exchanges})

        exchanges[0].status = Exchange.Status.DRAFT
        exchanges[0].save()
        after = self.sections_of(exchanges)
        self.assertEqual(after[exchanges[0].pk], [])
        self.assertEqual(
            {pk: found for pk, found in after.items() if pk != exchanges[0].pk},
            {pk: found for pk, found in before.items() if pk != exchanges[0].pk},
        )

    @mock.patch.object(ExchangeSitemap, "limit", 3)
    def test_the_index_lists_a_section_for_every_range_up_to_the_highest_id_and_no_further(self):
        exchanges = [make_exchange(title=f"Mission {number}") for number in range(4)]
        index = ET.fromstring(self.client.get("/sitemap.xml").content)
        sections = [element.text for element in index.iter(f"{SITEMAP}loc") if "exchanges" in element.text]
        self.assertEqual(len(sections), math.ceil(exchanges[-1].pk / 3))
        self.assertEqual(self.client.get(f"/sitemap-exchanges.xml?p={len(sections) + 1}").status_code, 404)
        for nonsense in ("first", "0", "-1", "1.5", "99999999999999999999999"):
            self.assertEqual(self.client.get(f"/sitemap-exchanges.xml?p={nonsense}").status_code, 404)

    @mock.patch.object(ExchangeSitemap, "limit", 3)
    def test_a_section_is_read_by_a_range_of_ids_not_by_skipping_rows(self):
        exchanges = [make_exchange(title=f"Forum {number}") for number in range(4)]
        paginator = ExchangeSitemap().paginator
        sql = str(paginator.page(math.ceil(exchanges[-1].pk / 3)).object_list.query).upper()
        self.assertNotIn("OFFSET", sql)
        self.assertIn(">", sql)
        # 1: the highest id (how many sections); 2: the section's range.
        with self.assertNumQueries(2):
            self.locations(math.ceil(exchanges[-1].pk / 3))


class EntitySitemapTests(TestCase):
    """The pages of organisations, people and places that readers search for, those with published
    exchanges only, in sections of ids as the exchanges'."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Education pact",
            partners="Ministry of Education",
            participants="Wang Yi",
            location="Rancho Mirage, California",
        )
        make_exchange(title="Draft visit", partners="Unpublished Foundation", status=Exchange.Status.DRAFT)
        make_organisation("Ministry of Commerce")

    def locations(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return [element.text for element in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]

    def test_each_kind_has_a_section_with_the_pages_of_those_with_published_exchanges(self):
        sections = self.locations("/sitemap.xml")
        for kind in ["organisations", "people", "places"]:
            self.assertIn(f"{SITE}/sitemap-{kind}.xml", sections)
        self.assertEqual(
            self.locations("/sitemap-organisations.xml"),
            [f"{SITE}/organisations/ministry-of-education/"],
        )
        self.assertEqual(self.locations("/sitemap-people.xml"), [f"{SITE}/people/wang-yi/"])
        self.assertIn(
            f"{SITE}/places/{Place.objects.get(name='California').slug}/",
            self.locations("/sitemap-places.xml"),
        )
        # Each address is the entity's page.
        for url in self.locations("/sitemap-organisations.xml"):
            self.assertEqual(self.client.get(url.removeprefix(SITE)).status_code, 200)

    def test_a_merged_entitys_old_address_is_not_listed_only_the_one_kept(self):
        # Its old address leads to the one kept (301): a search engine is given the kept one alone.
        make_exchange(title="Minister Wang I visits", participants="Wang I")
        merge(Person.objects.get(slug="wang-yi"), Person.objects.get(slug="wang-i"))
        self.assertEqual(self.locations("/sitemap-people.xml"), [f"{SITE}/people/wang-yi/"])

    @mock.patch.object(EntitySitemap, "limit", 2)
    def test_an_entity_section_is_read_by_a_range_of_ids_in_a_pinned_number_of_queries(self):
        more = [make_organisation(f"Delegation {number}") for number in range(3)]
        for organisation in more:
            make_exchange(title=f"Visit of {organisation.name}", partners=organisation.name)
        last = math.ceil(more[-1].pk / 2)
        # 1: the highest id (how many sections); 2: the section's range.
        with self.assertNumQueries(2):
            found = self.locations(f"/sitemap-organisations.xml?p={last}")
        self.assertIn(f"{SITE}/organisations/{more[-1].slug}/", found)
        self.assertEqual(self.client.get(f"/sitemap-organisations.xml?p={last + 1}").status_code, 404)
