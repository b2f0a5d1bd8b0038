"""Importing rows that publish (--publish, the admin's import): a likely repeat of a published
exchange, under another source URL, waits for a moderator instead of becoming a second copy."""

import datetime
import re

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from contributions.duplicates import published_repeat
from contributions.models import Submission
from exchanges.models import Exchange
from tests.contributions.test_import import HEADER, run, tmp_file
from tests.factories import make_exchange

# A second news report of a visit already in the catalogue: the same day, the title told with a
# mark of its own, another address; then an exchange the catalogue does not hold.
ROWS = (
    'Xi Jinping visits Seattle.,He arrived.,Yes,Diplomatic,"September 22, 2015",National,'
    "https://news.example.org/xi-seattle\n"
    'Governors meet in Salt Lake City,They met.,Yes,Diplomatic,"September 22, 2015",State,'
    "https://example.org/governors\n"
)


class RepeatFixtures:
    @classmethod
    def setUpTestData(cls):
        cls.visit = make_exchange(title="Xi Jinping Visits Seattle", date=datetime.date(2015, 9, 22))


class CommandPublishTests(RepeatFixtures, TestCase):
    def test_a_likely_repeat_waits_for_a_moderator_and_says_which_exchange_it_looks_like(self):
        path = tmp_file(self, (HEADER + ROWS).encode(), ".csv")
        code, output = run(path, "--publish")
        self.assertEqual(code, 0, output)
        queued = Submission.objects.pending().get()
        self.assertEqual(queued.title, "Xi Jinping visits Seattle.")
        address = self.visit.get_absolute_url()
        reason = f"Looks like “Xi Jinping Visits Seattle” ({address}); queued for a moderator."
        self.assertIn(
            f"line 2: “Xi Jinping visits Seattle.”: created, waiting for a moderator as "
            f"{queued.reference}: {reason}",
            output,
        )
        self.assertIn(reason, queued.note)
        # The row truly new is published.
        self.assertEqual(
            list(Exchange.objects.published().order_by("id").values_list("title", flat=True)),
            ["Xi Jinping Visits Seattle", "Governors meet in Salt Lake City"],
        )
        self.assertIn("2 created (1 waiting for a moderator, 1 published)", output)
        # Imported again, the queued row is known by its key.
        code, output = run(path, "--publish")
        self.assertIn("2 already imported", output)
        self.assertEqual(Submission.objects.count(), 1)

    def test_a_dry_run_says_the_same_and_stores_nothing(self):
        path = tmp_file(self, (HEADER + ROWS).encode(), ".csv")
        code, output = run(path, "--publish", "--dry-run")
        self.assertIn(
            "line 2: “Xi Jinping visits Seattle.”: would wait for a moderator: Looks like “Xi Jinping "
            f"Visits Seattle” ({self.visit.get_absolute_url()}); queued for a moderator.",
            output,
        )
        self.assertIn("line 3: “Governors meet in Salt Lake City”: would be published", output)
        self.assertFalse(Submission.objects.exists())
        self.assertEqual(Exchange.objects.count(), 1)


class RuleTests(RepeatFixtures, TestCase):
    def record(self, **fields):
        values = {
            "title": "Xi Jinping visits Seattle",
            "date": datetime.date(2015, 9, 22),
            "date_precision": "day",
        }
        return Exchange(**{**values, **fields})

    def test_the_same_title_and_day_is_a_repeat_read_in_one_query(self):
        with self.assertNumQueries(1):  # the published exchanges of that day
            self.assertEqual(published_repeat(self.record()), self.visit)

    def test_a_month_is_the_same_date_at_the_precision_given(self):
        april = make_exchange(title="Panda loan", date=datetime.date(2013, 4, 1), date_precision="month")
        self.assertEqual(
            published_repeat(self.record(title="Panda loan", date=april.date, date_precision="month")), april
        )
        self.assertIsNone(published_repeat(self.record(title="Panda loan", date=april.date)))

    def test_another_day_another_precision_or_another_title_is_no_repeat(self):
        for record in [
            self.record(date=datetime.date(2015, 9, 23)),
            self.record(date=datetime.date(2015, 9, 1), date_precision="month"),
            self.record(title="Xi Jinping visits Boeing in Everett"),
            self.record(end_date=datetime.date(2015, 9, 25)),
        ]:
            with self.subTest(record=(record.title, record.date, record.end_date)):
                self.assertIsNone(published_repeat(record))


class AdminImportTests(RepeatFixtures, TestCase):
    def setUp(self):
        self.client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))

    def upload(self):
        return self.client.post(
            "/admin/exchanges/exchange/import/",
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile("records.csv", (HEADER + ROWS).encode(), "text/csv"),
            },
        )

    def test_the_preview_says_a_likely_repeat_would_wait_and_stores_nothing(self):
        page = re.sub(r"\s+", " ", self.upload().content.decode())
        self.assertIn(
            f"Looks like “Xi Jinping Visits Seattle” ({self.visit.get_absolute_url()}); queued for a "
            "moderator.",
            page,
        )
        self.assertIn("Would be published.", page)
        self.assertFalse(Submission.objects.exists())
        self.assertEqual(Exchange.objects.count(), 1)

    def preview_labels(self):
        page = self.upload().content.decode()
        return sorted(
            re.sub(r"\s+", " ", label).strip()
            for label in re.findall(r'<td class="import-type">(.*?)</td>', page, re.S)
        )

    def test_the_preview_labels_a_likely_repeat_as_waiting_for_a_moderator(self):
        # It was labelled "Skipped", as if it would not be stored at all; the confirmation counts it
        # as waiting for a moderator, and so does the preview now.
        self.assertEqual(self.preview_labels(), ["New", "Waiting for a moderator"])

    def test_the_preview_labels_a_row_imported_already_as_skipped(self):
        confirm = self.upload().context["confirm_form"]
        self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
        )
        self.assertEqual(self.preview_labels(), ["Skipped", "Skipped"])

    def test_confirming_queues_the_repeat_and_publishes_the_new_row(self):
        confirm = self.upload().context["confirm_form"]
        self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
            follow=True,
        )
        queued = Submission.objects.pending().get()
        self.assertEqual(queued.title, "Xi Jinping visits Seattle.")
        self.assertIn("Imported from records.csv, line 2.", queued.note)
        self.assertTrue(
            Exchange.objects.published().filter(title="Governors meet in Salt Lake City").exists()
        )
        self.assertEqual(Exchange.objects.count(), 2)

    def test_the_confirmation_counts_the_rows_queued_for_a_moderator_apart_from_those_skipped(self):
        # Before, it said "1 new, 0 updated, 0 deleted and 1 skipped exchanges": the row waiting in the
        # queue was among the rows not imported, and nothing led the moderator to it.
        confirm = self.upload().context["confirm_form"]
        response = self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
            follow=True,
        )
        messages = [str(message) for message in response.context["messages"]]
        self.assertEqual(
            messages,
            [
                "Import finished. Published: 1. Waiting for a moderator, in Contributions › Submissions: 1. "
                "Skipped (already imported, or not imported for the reason the preview gave): 0."
            ],
        )

    def test_a_row_queued_by_an_earlier_import_is_counted_as_skipped(self):
        confirm = self.upload().context["confirm_form"]
        self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
        )
        confirm = self.upload().context["confirm_form"]
        response = self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
            follow=True,
        )
        self.assertIn(
            "Published: 0. Waiting for a moderator, in Contributions › Submissions: 0. Skipped (already "
            "imported, or not imported for the reason the preview gave): 2.",
            [str(message) for message in response.context["messages"]][0],
        )
        self.assertEqual(Submission.objects.count(), 1)
