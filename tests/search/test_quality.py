"""Search quality on the labelled set, on whichever database DATABASE_URL selects.

The figures recorded here (and in the README) are those reached on both
SQLite and PostgreSQL; the test fails when a change makes search find less.
Run `bench/search_quality.py` to see each query that misses.
"""

import datetime

from django.test import TestCase

from exchanges.models import Exchange
from tests.factories import make_exchange
from tests.search.quality import load_corpus, queries, score

RECALL_AT_10 = 1.0
FIRST_RESULT_RIGHT = 1.0


class LabelledSetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_corpus()

    def test_the_labelled_set_is_large_enough_to_mean_something(self):
        self.assertGreaterEqual(len(queries()), 60)
        self.assertGreaterEqual(Exchange.objects.count(), 80)

    def test_search_finds_what_each_query_should_at_the_recorded_figures(self):
        recall, first, results = score()
        misses = [(r.query, r.found[:3]) for r in results if r.recall < 1 or not r.first_right]
        self.assertGreaterEqual(round(recall, 3), RECALL_AT_10, misses)
        self.assertGreaterEqual(round(first, 3), FIRST_RESULT_RIGHT, misses)


D = datetime.date


class RankingTests(TestCase):
    def ranked(self, q):
        response = self.client.get("/exchanges/", {"q": q, "sort": "relevance"})
        return [exchange.slug for exchange in response.context["page"].object_list]

    def test_a_title_match_outranks_a_summary_match(self):
        make_exchange(
            slug="summary", title="Talks in Beijing", summary="Tariffs were discussed.", date=D(2024, 1, 1)
        )
        make_exchange(
            slug="title", title="Tariffs take effect", summary="Goods were taxed.", date=D(2018, 1, 1)
        )
        self.assertEqual(self.ranked("tariffs"), ["title", "summary"])

    def test_a_name_match_outranks_a_summary_match(self):
        make_exchange(slug="summary", title="A visit", summary="Yellen was mentioned.", date=D(2024, 1, 1))
        make_exchange(
            slug="names", title="A visit", summary="Talks.", participants="Janet Yellen", date=D(2018, 1, 1)
        )
        self.assertEqual(self.ranked("Yellen"), ["names", "summary"])

    def test_an_exact_phrase_outranks_scattered_words(self):
        # Words that spell no synonym: those that do are searched for as a phrase, or the others.
        make_exchange(slug="scattered", title="A visit for talks on a farm budget", date=D(2024, 1, 1))
        make_exchange(slug="phrase", title="Trade talks during a farm visit", date=D(2018, 1, 1))
        self.assertEqual(self.ranked("farm visit"), ["phrase", "scattered"])

    def test_the_words_as_typed_outrank_a_synonym(self):
        make_exchange(slug="synonym", title="Officials meet in Beijing", date=D(2024, 1, 1))
        make_exchange(slug="typed", title="Officials meet in Peking", date=D(1973, 1, 1))
        self.assertEqual(self.ranked("Peking"), ["typed", "synonym"])

    def test_among_equals_the_newer_comes_first(self):
        make_exchange(slug="older", title="Panda loan", date=D(1990, 1, 1))
        make_exchange(slug="newer", title="Panda loan", date=D(2020, 1, 1))
        self.assertEqual(self.ranked("panda"), ["newer", "older"])
