"""An exchange may be dated ahead, but not further than a year from today, however it comes in:
the form, the import (queued or published), the admin's import and the admin's exchange page."""

import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from contributions.models import Submission
from exchanges.models import Exchange
from tests.contributions.test_import import run
from tests.exchanges.test_importing import tmp_file


def rows(year):
    return (
        "Title,Summary,Exchange Date,Source URL\n"
        f"Typed a century late,A visit.,{year},https://example.org/late\n"
        "Announced for next month,A visit.,"
        f"{(timezone.localdate() + datetime.timedelta(days=31)):%B %Y},https://example.org/next\n"
    )


class FutureDateTests(TestCase):
    def test_the_import_refuses_a_row_dated_years_ahead_whether_it_publishes_or_queues(self):
        path = tmp_file(self, rows(2099).encode())
        for publish in (["--publish"], []):
            with self.subTest(publish=publish):
                code, output = run(path, *publish)
                self.assertEqual(code, 1, output)
                self.assertIn("“Typed a century late”: rejected", output)
                self.assertIn("later than a year from today", output)
        self.assertFalse(Exchange.objects.filter(title="Typed a century late").exists())
        self.assertFalse(Submission.objects.filter(title="Typed a century late").exists())
        # Ahead by a month is an exchange announced: published.
        self.assertTrue(Exchange.objects.published().filter(title="Announced for next month").exists())

    def test_the_admin_import_says_so_and_publishes_the_other_rows(self):
        editor = User.objects.create_superuser("editor", "editor@example.org", "pw")
        self.client.force_login(editor)
        upload = SimpleUploadedFile("records.csv", rows(2099).encode(), "text/csv")
        preview = self.client.post(
            "/admin/exchanges/exchange/import/", {"resource": "0", "format": "0", "import_file": upload}
        )
        self.assertContains(preview, "later than a year from today")
        confirm = preview.context["confirm_form"]
        self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
        )
        self.assertEqual(list(Exchange.objects.values_list("title", flat=True)), ["Announced for next month"])

    def test_the_admins_exchange_page_refuses_it_beside_the_date(self):
        editor = User.objects.create_superuser("editor", "editor@example.org", "pw")
        self.client.force_login(editor)
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Typed a century late",
                "summary": "A visit.",
                "status": "published",
                "date": "2099",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
                "submissions-TOTAL_FORMS": "0",
                "submissions-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["adminform"].form.errors), {"date"})
        self.assertContains(response, "later than a year from today")
        self.assertFalse(Exchange.objects.exists())
