"""Any query string on the catalogue gets a page (or the 400 page for a NUL), never a 5xx,
and reading changes nothing stored."""

import datetime
from urllib.parse import quote, urlencode

from hypothesis import event, example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from tests.factories import make_exchange

from .inputs import holds_nul, snapshot, value

PARAMETERS = ["q", "type", "government", "level", "continuing", "date_after", "date_before", "sort", "page"]
# The search box first: it has the most to parse.
names = st.one_of(st.just("q"), st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=12))
# Repeated parameters included: a name may come back with another value.
query_strings = st.lists(st.tuples(names, value), max_size=10)


class CatalogueFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Nixon meets Chou En-lai", summary="Premier Chou En-lai and Nixon talked.")
        make_exchange(
            title="Sister cities Los Angeles and Guangzhou",
            type="civic",
            levels=["local"],
            continuing=True,
            date=datetime.date(1981, 12, 8),
        )
        make_exchange(title="Fulbright scholars", type="education", government=False, date_precision="year")
        make_exchange(title="习近平与拜登通电话", summary="两国元首通话。", date=datetime.date(2022, 11, 14))

    @given(query_strings)
    @example([("q", "OR"), ("sort", "relevance")])
    @example([("q", "-Xi"), ("sort", "relevance")])
    @example([("q", '""'), ("sort", "relevance")])
    @example([("q", " ".join(["a-b"] * 33))])
    @example([("q", " ".join(f"w{n}-x{n}" for n in range(200))), ("sort", "relevance")])
    @example([("q", "- " * 40)])
    @example([("q", "\x00")])
    @example([("type", "\x00"), ("page", "2")])
    @example([("page", "99999999999999999999"), ("date_after", "0000"), ("date_before", "9999-99-99")])
    def test_any_query_string_gets_a_page(self, pairs):
        before = snapshot()
        response = self.client.get("/exchanges/?" + urlencode(pairs))
        self.assertEqual(response.status_code, 400 if holds_nul(pairs) else 200)
        if response.status_code == 200:
            event(f"{response.context['page'].paginator.count} found")
        self.assertEqual(snapshot(), before)

    @given(st.text(min_size=1, max_size=80))
    @example("nixon-meets-chou-en-lai")
    @example("\x00")
    def test_any_exchange_address_gets_a_page_or_not_found(self, slug):
        response = self.client.get(f"/exchanges/{quote(slug, safe='')}/")
        self.assertIn(response.status_code, {200, 301, 400, 404})
