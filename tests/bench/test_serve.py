"""bench/serve.py's random combinations of structured filters: the list's cold goal is for any
combination, so each one timed must be a list the filters accept, not an error page timed."""

from urllib.parse import parse_qsl, urlsplit

from django.http import QueryDict
from django.test import SimpleTestCase

from exchanges.filters import STRUCTURED, ExchangeFilter
from exchanges.models import Exchange
from tests.bench.scripts import load_script


class StructuredCombinationsTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.serve = load_script("serve")
        cls.paths = cls.serve.structured_combinations(200, seed=1)

    def test_each_is_a_list_the_filters_accept(self):
        for path in self.paths:
            with self.subTest(path=path):
                parts = urlsplit(path)
                self.assertEqual(parts.path, "/exchanges/")
                filterset = ExchangeFilter(QueryDict(parts.query), queryset=Exchange.objects.none())
                self.assertTrue(filterset.form.is_valid(), filterset.form.errors)

    def test_only_structured_filters_dates_a_sort_and_a_page(self):
        names = {name for path in self.paths for name, _value in parse_qsl(urlsplit(path).query)}
        self.assertLessEqual(names, STRUCTURED | {"date_after", "date_before", "sort", "page"})
        # Over 200 of them, every kind of filter comes up.
        self.assertTrue(STRUCTURED <= names, STRUCTURED - names)

    def test_the_same_seed_gives_the_same_requests(self):
        self.assertEqual(self.serve.structured_combinations(200, seed=1), self.paths)
        self.assertNotEqual(self.serve.structured_combinations(200, seed=2), self.paths)
        self.assertEqual(len(self.paths), 200)
