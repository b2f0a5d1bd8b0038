"""A parameter that takes one value, sent twice (`?kind=province&kind=city`, `sort=date&sort=title`,
`excel=1&excel=0`), was read as the last one sent, without a word: a script that built its query
string wrong got another selection than one of those it asked for. It is refused, naming the
parameter, by the API, the downloads and the feed (400), and said on the list page; a parameter
that takes several (type, level, person…) is still read whole when repeated, and the site's own
links never repeat one that takes one value."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

from django.test import TestCase

from entities.models import Place
from exchanges.filters import ExchangeFilter
from tests.entities.factories import make_place
from tests.factories import make_exchange

D = datetime.date


class RepeatedParameterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_place("Sichuan", kind=Place.Kind.PROVINCE)
        make_place("Chengdu")
        make_exchange(title="Panda research", type="science", date=D(2015, 3, 2), location="Chengdu")
        make_exchange(title="Students visit", type="education", date=D(2011, 9, 3))

    def test_the_api_refuses_a_single_valued_parameter_sent_twice_naming_it(self):
        for url, name in [
            ("/api/v1/places/?kind=province&kind=city", "kind"),
            ("/api/v1/exchanges/?sort=date&sort=title", "sort"),
            ("/api/v1/exchanges/?date_after=2010&date_after=2014", "date_after"),
            ("/api/v1/people/?q=wang&q=li", "q"),
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertIn(name, response.json())
                self.assertIn("sent 2 times", " ".join(response.json()[name]))

    def test_the_apis_format_sent_twice_is_refused_naming_it(self):
        # `format=csv&format=json` was answered in JSON (the last one), its `next` carrying both;
        # the schema's `format=json&format=yaml` was YAML.
        for url in [
            "/api/v1/exchanges/?format=csv&format=json",
            "/api/v1/exchanges/?format=json&format=json",
            "/api/v1/exchanges/panda-research/?format=json&format=csv",
            "/api/v1/withdrawn/?format=json&format=json",
            "/api/v1/schema/?format=json&format=yaml",
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertIn("sent 2 times", " ".join(response.json()["format"]))
        self.assertEqual(self.client.get("/api/v1/exchanges/?format=json").status_code, 200)
        self.assertEqual(self.client.get("/api/v1/schema/?format=json").status_code, 200)

    def test_the_downloads_and_the_feed_refuse_it_naming_it(self):
        for url, label in [
            ("/exchanges.csv?excel=1&excel=0", "For Excel"),
            ("/exchanges.csv?sort=date&sort=title", "Sort by"),
            ("/exchanges.json?government=yes&government=no", "Government?"),
            ("/exchanges/feed/?q=panda&q=students", "Search"),
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertContains(response, f"{label}: ", status_code=400)
                self.assertContains(response, "sent 2 times", status_code=400)

    def test_the_list_page_says_so_and_sorts_as_by_default(self):
        response = self.client.get("/exchanges/?sort=date&sort=title")
        self.assertContains(response, "was sent 2 times")
        self.assertEqual(
            [exchange.title for exchange in response.context["page"].object_list],
            ["Panda research", "Students visit"],
        )

    def test_a_multi_valued_parameter_repeated_is_still_read_whole(self):
        response = self.client.get("/api/v1/exchanges/?type=science&type=education")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.json()["results"]), 2)
        self.assertEqual(self.client.get("/exchanges.csv?type=science&type=education").status_code, 200)
        response = self.client.get("/exchanges/?type=science&type=education")
        self.assertNotContains(response, "sent 2 times")

    def test_the_list_pages_links_never_repeat_a_single_valued_parameter(self):
        single = {
            name
            for name, field in ExchangeFilter().form.fields.items()
            if not getattr(field.widget, "allow_multiple_selected", False)
        }
        for url in [
            "/exchanges/?type=science&type=education&sort=title&q=panda&government=yes&date_after=2010",
            "/exchanges/?level=national&level=state&sort=date&year=2015",
        ]:
            page = self.client.get(url).content.decode()
            links = [unescape(href) for href in re.findall(r'href="([^"]*\?[^"]*)"', page)]
            self.assertTrue(links, url)
            for link in links:
                repeated = {
                    name
                    for name, values in parse_qs(urlsplit(link).query, keep_blank_values=True).items()
                    if name in single and len(values) > 1
                }
                self.assertFalse(repeated, link)


class RepeatedPagingTests(TestCase):
    """`page`, `page_size` and `cursor` take one value, as `sort` does: sent twice they were read as
    the last one sent (`page=2&page=3` gave page 3, `page_size=2&page_size=3` pages of 3)."""

    @classmethod
    def setUpTestData(cls):
        for day in range(1, 6):
            make_exchange(title=f"Panda talks {day}", date=D(2015, 3, day))

    def test_the_api_refuses_paging_parameters_sent_twice_naming_them(self):
        first = self.client.get("/api/v1/exchanges/?page_size=2").json()
        cursor = parse_qs(urlsplit(first["next"]).query)["cursor"][0]
        for url, name in [
            ("/api/v1/exchanges/?q=panda&sort=relevance&page=2&page=3", "page"),
            ("/api/v1/exchanges/?q=panda&sort=relevance&page_size=1&page_size=2", "page_size"),
            ("/api/v1/exchanges/?page_size=2&page_size=3", "page_size"),
            (f"/api/v1/exchanges/?page_size=2&cursor={cursor}&cursor={cursor}", "cursor"),
            ("/api/v1/people/?page_size=1&page_size=2", "page_size"),
            ("/api/v1/withdrawn/?page_size=1&page_size=2", "page_size"),
        ]:
            with self.subTest(url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()), [name])
                self.assertIn(f"“{name}” was sent 2 times", response.json()[name][0])

    def test_the_apis_own_links_send_each_once_and_are_followed(self):
        for url in [
            "/api/v1/exchanges/?page_size=2",
            "/api/v1/exchanges/?q=panda&sort=relevance&page_size=2",
        ]:
            titles = []
            while url:
                with self.subTest(url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    titles += [record["title"] for record in response.json()["results"]]
                    url = response.json()["next"]
            self.assertEqual(len(titles), 5)
            self.assertEqual(len(set(titles)), 5)
