import re

from django.test import TestCase
from django.urls import get_resolver

from exchanges.models import RESERVED_SLUGS
from tests.factories import make_exchange


def routes(patterns, prefix=""):
    """Every URL pattern's whole route, included ones joined to the route that includes them."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if hasattr(pattern, "url_patterns"):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route


def words_under_exchanges():
    """The literal first path segments the URL patterns serve under /exchanges/, e.g. "feed"."""
    words = set()
    for route in routes(get_resolver().url_patterns):
        if route.startswith("exchanges/"):
            segment = route.removeprefix("exchanges/").split("/")[0]
            if re.fullmatch(r"[\w-]+", segment):
                words.add(segment)
    return words


class ReservedSlugTests(TestCase):
    def test_an_exchange_titled_feed_is_not_hidden_behind_the_search_feed(self):
        exchange = make_exchange(title="Feed")
        self.assertEqual(exchange.slug, "feed-2")
        response = self.client.get("/exchanges/feed-2/")
        self.assertContains(response, "<h1", status_code=200)
        self.assertEqual(
            self.client.get("/exchanges/feed/")["Content-Type"], "application/atom+xml; charset=utf-8"
        )

    def test_every_word_the_site_serves_under_exchanges_is_reserved(self):
        words = words_under_exchanges()
        self.assertIn("feed", words)
        self.assertLessEqual(words, RESERVED_SLUGS)
