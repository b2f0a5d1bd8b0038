"""The sitemaps and robots.txt name the site's permanent addresses, under SITE_URL, whatever host was
asked: a site answering under a second host (a mirror, an old name) listed that host's addresses,
which search engines then kept as pages of their own, beside the records' canonical links."""

import xml.etree.ElementTree as ET
from unittest import mock

from django.test import TestCase, override_settings

from entities.models import Place
from opendata.sitemaps import ExchangeSitemap
from tests.factories import make_exchange

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://exchanges.example.org"
SECTIONS = ["pages", "exchanges", "organisations", "people", "places"]


@override_settings(SITE_URL=SITE_URL, ALLOWED_HOSTS=["mirror.example.net", "testserver"])
class SitemapAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(
            title="Education pact",
            partners="Ministry of Education",
            participants="Wang Yi",
            location="Chengdu",
        )

    def locations(self, path):
        # Asked over plain HTTP on another host: neither may show in what is listed.
        response = self.client.get(path, headers={"host": "mirror.example.net"})
        self.assertEqual(response.status_code, 200)
        return [element.text for element in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]

    def test_the_index_links_each_section_under_the_sites_address(self):
        self.assertEqual(
            self.locations("/sitemap.xml"), [f"{SITE_URL}/sitemap-{section}.xml" for section in SECTIONS]
        )

    def test_every_section_lists_the_pages_under_the_sites_address(self):
        self.assertIn(f"{SITE_URL}/about/", self.locations("/sitemap-pages.xml"))
        self.assertEqual(
            self.locations("/sitemap-exchanges.xml"), [f"{SITE_URL}/exchanges/{self.exchange.slug}/"]
        )
        self.assertEqual(
            self.locations("/sitemap-organisations.xml"), [f"{SITE_URL}/organisations/ministry-of-education/"]
        )
        self.assertEqual(self.locations("/sitemap-people.xml"), [f"{SITE_URL}/people/wang-yi/"])
        chengdu = Place.objects.get(name="Chengdu")
        self.assertIn(f"{SITE_URL}/places/{chengdu.slug}/", self.locations("/sitemap-places.xml"))

    @mock.patch.object(ExchangeSitemap, "limit", 1)
    def test_the_sections_pages_are_linked_under_the_sites_address_too(self):
        second = make_exchange(title="Sunnylands summit")
        # SITE_URL as written in an environment file, with its slash.
        with override_settings(SITE_URL="http://127.0.0.1:8000/"):
            locations = self.locations("/sitemap.xml")
        self.assertIn("http://127.0.0.1:8000/sitemap-exchanges.xml", locations)
        self.assertIn(f"http://127.0.0.1:8000/sitemap-exchanges.xml?p={second.pk}", locations)
        with override_settings(SITE_URL="http://127.0.0.1:8000/"):
            self.assertEqual(
                self.locations(f"/sitemap-exchanges.xml?p={second.pk}"),
                [f"http://127.0.0.1:8000/exchanges/{second.slug}/"],
            )

    def test_robots_names_the_sitemap_under_the_sites_address(self):
        response = self.client.get("/robots.txt", headers={"host": "mirror.example.net"})
        self.assertIn(f"Sitemap: {SITE_URL}/sitemap.xml", response.content.decode().splitlines())
