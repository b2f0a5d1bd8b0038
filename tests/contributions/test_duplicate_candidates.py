"""Which exchanges a submission is compared with when the catalogue is too large to compare it
with all of them (contributions/duplicates.py, candidates): the nearest in date, and those
sharing its title's rarer words.

The bounds are made small here (a few candidates, a word "common" once a few exchanges
hold it) so that a handful of exchanges stands for a catalogue of a million.
"""

import datetime
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from contributions import duplicates
from contributions.duplicates import candidates, sharing_title_words
from exchanges.models import Exchange
from tests.factories import make_exchange, make_submission

D = datetime.date


def exchange(title, date, summary=""):
    return make_exchange(title=title, date=date, summary=summary, partners="", participants="", location="")


def submission(title, date):
    return make_submission(title=title, date=date, partners="", participants="", location="", levels=[])


def compared(submission):
    """The titles of the exchanges the submission is compared with."""
    return {other.title for (kind, _), other in candidates(submission).items() if kind == "exchange"}


@mock.patch.object(duplicates, "MAX_CANDIDATES", 2)
class NearestInDateTests(TestCase):
    def test_the_exchanges_nearest_its_date_on_each_side_not_the_newest_of_the_window(self):
        exchange("Orchestra opens its season", D(2019, 5, 19))
        exchange("Farm bureau meets buyers", D(2019, 6, 10))
        exchange("Museum lends bronzes", D(2019, 6, 14))
        exchange("Port authority signs memorandum", D(2019, 4, 2))
        titles = compared(submission("Conservatory students perform", D(2019, 5, 20)))
        # The day before it and the first after it; the newest two of the month either side
        # were those of June.
        self.assertEqual(titles, {"Orchestra opens its season", "Farm bureau meets buyers"})


@mock.patch.object(duplicates, "MAX_CANDIDATES", 2)
@mock.patch.object(duplicates, "WORD_MATCHES", 3)
class SharingRareWordsTests(TestCase):
    def setUp(self):
        # Far from the submission's date: found by their words alone.
        for number in range(6):
            exchange(
                f"Presidents summit number {number}",
                D(2001, 1, 1 + number),
                summary="The presidents met at a summit; the summit of presidents.",
            )
        self.filoli = exchange(
            "Biden and Xi meet in Woodside", D(1990, 11, 15), summary="At the Filoli estate."
        )

    def test_a_word_few_exchanges_hold_outweighs_common_words_repeated(self):
        titles = compared(submission("Presidents' summit at the Filoli estate", D(2023, 11, 15)))
        self.assertIn("Biden and Xi meet in Woodside", titles)

    def test_the_best_is_the_one_sharing_the_rare_words(self):
        found = sharing_title_words(Exchange.objects.published(), ["presidents", "summit", "filoli"])
        self.assertEqual(found[0], self.filoli)
        self.assertEqual(len(found), 2)

    def test_when_every_word_is_common_those_holding_them_all_are_weighed(self):
        exchange("Presidents at the lake", D(2002, 1, 1))
        exchange("A summit by the sea", D(2002, 1, 2))
        found = sharing_title_words(Exchange.objects.published(), ["presidents", "summit"], D(2001, 1, 3))
        # The nearest to the day of those holding both words (number 2 on the day, 1 and 3 a day
        # off, the later first); not the ones holding one word.
        self.assertEqual(
            [each.title for each in found], ["Presidents summit number 2", "Presidents summit number 3"]
        )

    def test_without_a_day_the_newest_holding_them_all(self):
        found = sharing_title_words(Exchange.objects.published(), ["presidents", "summit"])
        self.assertEqual(
            [each.title for each in found], ["Presidents summit number 5", "Presidents summit number 4"]
        )

    def test_each_word_is_counted_once_in_a_large_catalogue(self):
        words = ["presidents", "summit", "filoli"]
        # Ids sharing any word; each word counted; ids sharing a rare word; the newest holding all
        # the common ones; which word each holds; the best of them.
        with self.assertNumQueries(1 + len(words) + 4):
            sharing_title_words(Exchange.objects.published(), words)

    def test_no_query_reads_the_catalogue_in_date_order(self):
        # Walking the date index for a word few exchanges hold reads most of a large catalogue:
        # the ids come in the search index's order and are sorted here.
        with CaptureQueriesContext(connection) as queries:
            sharing_title_words(
                Exchange.objects.published(), ["presidents", "summit", "filoli"], D(2001, 1, 3)
            )
        self.assertGreater(len(queries), 4)
        self.assertFalse([query["sql"] for query in queries if "ORDER BY" in query["sql"]])

    def test_in_a_small_catalogue_three_queries(self):
        with mock.patch.object(duplicates, "WORD_MATCHES", 100), self.assertNumQueries(3):
            found = sharing_title_words(Exchange.objects.published(), ["filoli", "summit"])
        self.assertEqual(found[0], self.filoli)

    def test_no_word_held_finds_nothing(self):
        with self.assertNumQueries(1):
            self.assertEqual(sharing_title_words(Exchange.objects.published(), ["zyxwv"]), [])
