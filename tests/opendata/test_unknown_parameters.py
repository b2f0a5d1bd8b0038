"""A parameter no open-data address reads (`organization=` spelt the American way, `date_from=`
taken from another API) was dropped without a word: the API, the downloads and the feed answered
every exchange as if that filter had selected them, and a researcher's file held the whole
catalogue under the name of one university. It is refused, naming it and what the address takes;
the site's own links, a list page's address with its page, a script library's cache-buster and a
newsletter's campaign tags still work."""

import datetime
import re
from html import unescape

from django.test import TestCase

from tests.factories import make_exchange

D = datetime.date


class UnknownParameterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="Panda research", type="science", partners="Peking University", date=D(2015, 3, 2)
        )
        make_exchange(title="Students visit", type="education", date=D(2011, 9, 3))

    def test_the_api_refuses_it_naming_it_and_what_the_list_takes(self):
        for url, name, taken in [
            ("/api/v1/exchanges/?organization=peking-university", "organization", "organisation"),
            ("/api/v1/exchanges/?date_from=2014", "date_from", "date_after"),
            ("/api/v1/people/?kind=city", "kind", "modified_after"),
            ("/api/v1/withdrawn/?q=panda", "q", "withdrawn_after"),
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                [message] = response.json()[name]
                self.assertIn(f"“{name}” is not a parameter", message)
                self.assertIn(taken, message)

    def test_the_downloads_and_the_feed_refuse_it(self):
        for url in [
            "/exchanges.csv?organization=peking-university",
            "/exchanges.json?organization=peking-university",
            "/exchanges/feed/?organization=peking-university",
            "/exchanges.json?excel=1",
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertContains(response, "is not a parameter of this address", status_code=400)

    def test_what_every_address_reads_and_what_tools_add_are_taken(self):
        for url in [
            "/api/v1/exchanges/?organisation=peking-university&page_size=1&format=json&_=1733529600000",
            "/api/v1/exchanges/?q=panda&sort=relevance&page=1",
            "/api/v1/exchanges/panda-research/?anything=1",
            "/exchanges.csv?organisation=peking-university&excel=1&page=2",
            "/exchanges.json?type=science&utm_source=newsletter",
            "/exchanges/feed/?type=science&page=2&utm_medium=email",
            "/exchanges.csv?type=science&fbclid=IwAR0abc",
            "/exchanges/feed/?mc_cid=3f2a&mc_eid=9b1c",
            "/api/v1/exchanges/?type=science&gclid=Cj0KCQ",
        ]:
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_sites_own_links_to_them_are_taken(self):
        page = self.client.get("/exchanges/?type=science&q=panda&sort=title&government=yes&page=1").content
        links = [
            unescape(href)
            for href in re.findall(r'href="(/exchanges(?:\.csv|\.json|/feed/)\?[^"]*)"', page.decode())
        ]
        self.assertGreaterEqual(len(links), 4)
        for link in links:
            with self.subTest(link):
                self.assertEqual(self.client.get(link).status_code, 200)

    def test_the_schema_says_so(self):
        described = self.client.get("/api/v1/schema/?format=json").json()["info"]["description"]
        self.assertIn("a parameter it does not read", described)


class CitationParameterTests(TestCase):
    """A citation file reads no parameter: `cite.ris?format=bib` or `?style=apa` gave the same file
    without a word, and a script that thought it asked for another format or style saved the RIS. It is
    refused as the downloads refuse one (400 naming it), what tools add to a link aside."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Panda research")

    def test_a_parameter_is_refused_naming_it(self):
        for extension in ["bib", "ris", "json"]:
            for query, name in [("format=bib", "format"), ("style=apa&style=mla", "style")]:
                with self.subTest(extension=extension, query=query):
                    response = self.client.get(f"/exchanges/panda-research/cite.{extension}?{query}")
                    self.assertEqual(response.status_code, 400)
                    text = response.json()["detail"] if extension == "json" else response.content.decode()
                    self.assertIn(f"“{name}” is not a parameter of this address", text)
                    self.assertIn("takes none", text)

    def test_what_tools_add_and_no_parameter_are_taken(self):
        for query in ["", "?utm_source=newsletter&fbclid=abc", "?_=1733529600000"]:
            for extension in ["bib", "ris", "json"]:
                with self.subTest(query=query, extension=extension):
                    response = self.client.get(f"/exchanges/panda-research/cite.{extension}{query}")
                    self.assertEqual(response.status_code, 200)
