import datetime
import io
import os
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from exchanges.models import Exchange
from tests.factories import make_exchange

# The tests' own ten exchanges; the starter catalogue (fixtures/exchanges.csv) is
# checked on its own in tests/fixtures/.
SEED = str(Path(__file__).resolve().parent.parent / "data" / "seed_exchanges.csv")


def seed(*args):
    out = io.StringIO()
    if "--file" not in args:
        args = ("--file", SEED, *args)
    call_command("seed_exchanges", *args, stdout=out)
    return out.getvalue()


class SeedTests(TestCase):
    def test_it_loads_every_seed_exchange_published_with_sources(self):
        seed()
        published = Exchange.objects.published()
        self.assertEqual(published.count(), 10)
        self.assertFalse(published.filter(sources=None).exists())
        call = published.get(date=datetime.date(2014, 7, 14))
        self.assertEqual(call.participant_count, 2)
        self.assertEqual(call.location, "Beijing and Washington, DC")
        self.assertEqual(published.get(title="Xi and Obama meet at Sunnylands").display_date, "June 2013")
        expected_days = {
            datetime.date(2021, 2, 11),
            datetime.date(2024, 11, 7),
            datetime.date(2025, 1, 17),
            datetime.date(2023, 6, 18),
            datetime.date(2023, 6, 19),
            datetime.date(2013, 6, 1),
            datetime.date(2014, 3, 1),
            datetime.date(2022, 11, 1),
        }
        self.assertTrue(expected_days <= set(published.values_list("date", flat=True)))

    def test_loading_twice_duplicates_nothing(self):
        seed()
        output = seed()
        self.assertEqual(Exchange.objects.count(), 10)
        self.assertIn("Seeded 0 new exchange(s); 10 already listed.", output)

    def test_it_never_overwrites_an_edited_seed_exchange(self):
        seed()
        exchange = Exchange.objects.get(title="Biden and Xi meet in Bali")
        exchange.summary = "Corrected by a moderator."
        exchange.save()
        seed()
        exchange.refresh_from_db()
        self.assertEqual(exchange.summary, "Corrected by a moderator.")

    def test_if_empty_leaves_a_database_in_use_alone(self):
        make_exchange(title="Already here")
        self.assertIn("nothing seeded", seed("--if-empty"))
        self.assertEqual(Exchange.objects.count(), 1)

    def test_an_unreadable_seed_file_is_reported(self):
        broken = self.tmp_file("no title column here\n1,2\n")
        with self.assertRaisesMessage(CommandError, "Cannot read the seed file"):
            seed("--file", broken)

    def test_a_broken_seed_file_is_reported_row_by_row_and_nothing_is_stored(self):
        invalid = self.tmp_file(
            "Title,Summary,Government?,Type of Exchange,Exchange Date\n"
            "Good,S,No,Civic,2020-01-01\n"
            "Bad date,S,No,Civic,Spring 2020\n"
            ",No title,No,Civic,2020\n"
            "Bad answer,S,Perhaps,Civic,2020\n"
        )
        with self.assertRaises(CommandError) as caught:
            seed("--file", invalid)
        message = str(caught.exception)
        self.assertIn("line 3 (Bad date): Exchange Date “Spring 2020”", message)
        self.assertIn("line 4 (no title): It has no title.", message)
        self.assertIn("line 5 (Bad answer): Government?: “perhaps” is not Yes, No or empty.", message)
        self.assertNotIn("line 2", message)
        self.assertEqual(Exchange.objects.count(), 0)

    def test_the_seed_file_is_the_import_format(self):
        self.assertIn("Seeded 10 new exchange(s)", seed("--file", SEED))
        self.assertEqual(Exchange.objects.filter(government=True, levels__has="national").count(), 10)

    def tmp_file(self, text):
        handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8")
        handle.write(text)
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name
