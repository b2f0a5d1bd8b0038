"""A download imports back into an empty database unchanged: the CSV is the import format."""

import csv
import datetime
import re
import tempfile
from io import StringIO
from pathlib import Path

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase

from contributions.models import Submission
from exchanges.models import Exchange, Source
from exchanges.rows import DOWNLOAD_COLUMNS, exchange_row
from tests.factories import make_exchange

D = datetime.date


def exchange(sources=1, **fields):
    """An exchange whose sources have URLs of their own, as real sources do: the import knows rows by them."""
    made = make_exchange(sources=0, **fields)
    for position in range(sources):
        Source.objects.create(
            exchange=made,
            citation=f"Report {position + 1} on {made.title}",
            url=f"https://example.org/{made.slug}/{position + 1}",
            position=position,
        )
    return made


def rows_by_title():
    exchanges = Exchange.objects.published().prefetch_related("sources").order_by("title")
    return {exchange.title: exchange_row(exchange) for exchange in exchanges}


class RoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        exchange(
            title="California Jiangsu education pact",
            type="education",
            levels=["state", "local"],
            date=D(2014, 4, 1),
            date_precision="month",
            partners="California Department of Education\nJiangsu Education Department",
            sponsors='=HYPERLINK("http://evil")',
            participant_count=40,
            continuing=True,
            location="Nanjing",
            sources=3,
        )
        exchange(
            title="-1 talks",
            type="education",
            government=None,
            continuing=None,
            date=D(2014, 9, 1),
            date_precision="year",
            circa=True,
            summary="+2 students; 中文 summary",
            outcomes="@mention\nand a second line",
            participant_count_note="200 Chinese students, 200 students from 50 US colleges",
        )
        exchange(title="=cmd", type="", type_as_recorded="Aviation", government=False, date=D(2014, 2, 3))
        exchange(title="'Tis the season", type="cultural", date=D(2013, 1, 1), sources=0)
        exchange(
            title="Fulbright years",
            type="education",
            date=D(2013, 1, 1),
            date_precision="year",
            end_date=D(2016, 12, 31),
            participants="Students, teachers",
        )
        exchange(title="Obama Xi call", date=D(2014, 7, 14), end_date=D(2014, 7, 15))
        exchange(title="Not education, out of the filter", type="business", date=D(2001, 5, 5))
        exchange(title="Draft education visit", type="education", status=Exchange.Status.DRAFT)

    def download(self, query):
        response = self.client.get(f"/exchanges.csv{query}")
        self.assertEqual(response.status_code, 200)
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(folder))
        path = folder / "exchanges.csv"
        path.write_bytes(b"".join(response.streaming_content))
        return path

    def test_a_filtered_download_imports_back_into_an_empty_database_unchanged(self):
        query = "?date_after=2013&date_before=2016"
        path = self.download(query)
        with path.open(encoding="utf-8", newline="") as file:
            self.assertEqual(next(csv.reader(file))[-3:], DOWNLOAD_COLUMNS)
        before = {
            title: row
            for title, row in rows_by_title().items()
            if title != "Not education, out of the filter"
        }
        self.assertEqual(len(before), 6)
        self.assertIn("'=cmd", path.read_text(encoding="utf-8"))

        Source.objects.all().delete()
        Exchange.objects.all().delete()
        Submission.objects.all().delete()
        out = StringIO()
        call_command("import_exchanges", str(path), "--publish", stdout=out, stderr=StringIO())

        after = rows_by_title()
        self.assertEqual(list(after), list(before), out.getvalue())
        for title, row in before.items():
            self.assertEqual(after[title], row, title)
        self.assertFalse(Exchange.objects.exclude(status=Exchange.Status.PUBLISHED).exists())
        # The download's own columns are known to the import: no warning about them.
        self.assertNotIn("Unknown columns", out.getvalue())

    def test_what_the_downloads_own_columns_say_changes_nothing_on_import(self):
        path = self.download("?date_after=2013&date_before=2016")
        before = {
            title: row
            for title, row in rows_by_title().items()
            if title != "Not education, out of the filter"
        }
        with path.open(encoding="utf-8", newline="") as file:
            lines = list(csv.DictReader(file))
        for line in lines:
            line.update(
                {
                    "Record URL": "https://elsewhere.example/exchanges/someone-elses/",
                    "First published": "1999-01-01T00:00:00Z",
                    "Last updated": '=HYPERLINK("http://evil")',
                }
            )
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, list(lines[0]))
            writer.writeheader()
            writer.writerows(lines)

        Exchange.objects.all().delete()
        out = StringIO()
        call_command("import_exchanges", str(path), "--publish", stdout=out, stderr=StringIO())

        self.assertEqual(rows_by_title(), before, out.getvalue())
        self.assertNotIn("Unknown columns", out.getvalue())
        self.assertFalse(Exchange.objects.filter(slug="someone-elses").exists())
        self.assertFalse(Exchange.objects.filter(published__year__lt=2000).exists())
        self.assertFalse(Exchange.objects.filter(updated__year__lt=2000).exists())

    def test_a_download_imports_back_in_the_admin_unchanged_and_without_a_warning(self):
        path = self.download("?date_after=2013&date_before=2016")
        before = {
            title: row
            for title, row in rows_by_title().items()
            if title != "Not education, out of the filter"
        }
        Exchange.objects.all().delete()
        self.client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
        preview = self.client.post(
            "/admin/exchanges/exchange/import/",
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile("exchanges.csv", path.read_bytes(), "text/csv"),
            },
        )
        page = re.sub(r"\s+", " ", preview.content.decode())
        self.assertIn("Confirm import", page)
        self.assertNotIn("Unknown columns", page)
        confirm = preview.context["confirm_form"]
        self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
            follow=True,
        )
        self.assertEqual(rows_by_title(), before)

    def test_protected_cells_are_read_back_as_the_original_text(self):
        path = self.download("?q=cmd")
        Exchange.objects.all().delete()
        call_command("import_exchanges", str(path), "--publish", stdout=StringIO(), stderr=StringIO())
        [exchange] = Exchange.objects.all()
        self.assertEqual(exchange.title, "=cmd")
        self.assertEqual(exchange.type_as_recorded, "Aviation")
        self.assertIs(exchange.government, False)
