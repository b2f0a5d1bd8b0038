"""A feed links the site's permanent addresses, under SITE_URL, whatever host it was fetched through,
as the sitemaps, robots.txt and the API's `url` do: its entries' links and ids, and its own links,
were on the host asked, and a reader subscribed through a second host (a mirror, an old name) kept
that host's addresses as the entries' identity."""

from xml.etree import ElementTree

from django.test import TestCase, override_settings

from tests.factories import make_exchange

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://exchanges.example.org"


@override_settings(SITE_URL=SITE_URL, ALLOWED_HOSTS=["mirror.example.net", "testserver"])
class FeedAddressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Education pact", type="education")

    def feed(self, query=""):
        # Asked over plain HTTP on another host: neither may show in what it links.
        response = self.client.get(f"/exchanges/feed/{query}", headers={"host": "mirror.example.net"})
        self.assertEqual(response.status_code, 200)
        return ElementTree.fromstring(response.content)

    def test_the_entries_link_and_name_the_exchanges_under_the_sites_address(self):
        entry = self.feed().find(f"{ATOM}entry")
        page = f"{SITE_URL}/exchanges/{self.exchange.slug}/"
        self.assertEqual(entry.find(f"{ATOM}link").get("href"), page)
        self.assertEqual(entry.findtext(f"{ATOM}id"), page)

    def test_the_feeds_own_links_and_id_keep_the_search_under_the_sites_address(self):
        feed = self.feed("?type=education&q=pact")
        links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
        self.assertEqual(links["self"], f"{SITE_URL}/exchanges/feed/?type=education&q=pact")
        self.assertEqual(links["alternate"], f"{SITE_URL}/exchanges/?type=education&q=pact")
        self.assertEqual(feed.findtext(f"{ATOM}id"), f"{SITE_URL}/exchanges/?type=education&q=pact")

    def test_a_site_url_written_with_its_slash_or_a_path_is_read_as_the_sitemaps_read_it(self):
        for site_url, expected in [
            ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/exchanges/feed/"),
            ("https://example.org/china/", "https://example.org/china/exchanges/feed/"),
        ]:
            with self.subTest(site_url), override_settings(SITE_URL=site_url):
                self.assertEqual(self.feed().find(f"{ATOM}link[@rel='self']").get("href"), expected)
