import datetime
import io
import json
import os
import tempfile

from django.core.management import CommandError, call_command
from django.test import TestCase

from exchanges.models import Exchange
from tests.factories import make_exchange


def seed(*args):
    out = io.StringIO()
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

    def test_a_broken_seed_file_is_reported_and_nothing_is_stored(self):
        broken = self.tmp_file("[{")
        with self.assertRaisesMessage(CommandError, "Cannot read the seed file"):
            seed("--file", broken)
        invalid = self.tmp_file(
            json.dumps(
                [
                    {
                        "title": "Good",
                        "summary": "S",
                        "government": False,
                        "type": "civic",
                        "date": "2020-01-01",
                    },
                    {
                        "title": "Bad",
                        "summary": "S",
                        "government": True,
                        "level": "",
                        "type": "civic",
                        "date": "2020-01-01",
                    },
                ]
            )
        )
        with self.assertRaisesMessage(CommandError, "Bad"):
            seed("--file", invalid)
        self.assertEqual(Exchange.objects.count(), 0)

    def tmp_file(self, text):
        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        handle.write(text)
        handle.close()
        self.addCleanup(os.unlink, handle.name)
        return handle.name
