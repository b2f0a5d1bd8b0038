"""A span whose ends are known to different precisions ("1985 – March 1986"): each end keeps its own,
from the contribution form and the import to the page, the filters, the API and the downloads, and
back into the form. It was stored and shown as if both ends were years ("1985–1986"), and read back
so, as ending in December."""

import csv
import datetime
import io
import json

from django.test import TestCase

from contributions.models import Submission
from exchanges.models import Exchange
from exchanges.rows import exchange_row, read_row
from tests.contributions.helpers import change_form_data
from tests.factories import form_data, make_exchange, make_moderator

D = datetime.date
TO_MARCH = {
    "date": D(1985, 1, 1),
    "date_precision": "year",
    "end_date": D(1986, 3, 31),
    "end_precision": "month",
}


def period_columns(record):
    return {name: getattr(record, name) for name in TO_MARCH}


class ContributedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def test_a_contribution_keeps_each_ends_precision_through_approval(self):
        for typed in ["1985 – March 1986", "1985 to March 1986", "1985年至1986年3月"]:
            with self.subTest(typed=typed):
                self.client.post("/contribute/", form_data(date=typed))
                submission = Submission.objects.get()
                self.assertEqual(period_columns(submission), TO_MARCH)
                self.assertEqual(submission.display_date, "1985 – March 1986")
                submission.delete()
        self.client.post("/contribute/", form_data(date="1985 – March 1986"))
        submission = Submission.objects.get()
        self.client.force_login(self.moderator)
        self.client.post(
            f"/admin/contributions/submission/{submission.pk}/change/",
            change_form_data(submission, _approve="1"),
        )
        exchange = Exchange.objects.get()
        self.assertEqual(period_columns(exchange), TO_MARCH)
        self.assertEqual(exchange.date_last, D(1986, 3, 31))
        self.assertEqual(exchange.display_date, "1985 – March 1986")


class PublishedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Scholars in residence", slug="scholars", sources=0, **TO_MARCH)
        cls.moderator = make_moderator()

    def test_its_page_shows_it_as_written(self):
        self.assertContains(self.client.get("/exchanges/scholars/"), "1985 – March 1986")

    def test_the_suggestion_form_reads_it_back_unchanged(self):
        form = self.client.get("/exchanges/scholars/suggest/").context["form"]
        self.assertEqual(form.initial["date"], "1985 – March 1986")

    def test_edited_in_the_admin_unchanged_it_stays_as_it_was(self):
        self.client.force_login(self.moderator)
        page = self.client.get(f"/admin/exchanges/exchange/{self.exchange.pk}/change/")
        self.assertEqual(page.context["adminform"].form.initial["date"], "1985 – March 1986")
        response = self.client.post(
            f"/admin/exchanges/exchange/{self.exchange.pk}/change/",
            {
                "title": "Scholars in residence",
                "status": "published",
                "summary": "Officials met to talk.",
                "date": "1985 – March 1986",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
                "submissions-TOTAL_FORMS": "0",
                "submissions-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.exchange.refresh_from_db()
        self.assertEqual(period_columns(self.exchange), TO_MARCH)
        self.assertEqual(self.exchange.date_last, D(1986, 3, 31))

    def test_the_filters_find_it_up_to_its_last_month_and_no_later(self):
        for query, found in [
            ("date_after=1986&date_before=1986", True),
            ("date_after=1986-04&date_before=1986-12", False),
            ("year=1985", True),
            ("date_after=1986", True),
            ("date_after=1986-03", True),
            ("date_after=1986-04", False),
            ("date_after=April 1986", False),
            ("date_before=1985", True),
            ("q=scholars 1986", True),
        ]:
            with self.subTest(query=query):
                slugs = [
                    record["slug"]
                    for record in self.client.get(f"/api/v1/exchanges/?{query}").json()["results"]
                ]
                self.assertEqual(slugs == ["scholars"], found, slugs)
                page = self.client.get(f"/exchanges/?{query}")
                self.assertEqual(b"/exchanges/scholars/" in page.content, found)

    def test_the_api_gives_each_ends_precision(self):
        record = self.client.get("/api/v1/exchanges/scholars/").json()
        self.assertEqual(
            {
                name: record[name]
                for name in ["date", "date_precision", "end_date", "end_precision", "display_date"]
            },
            {
                "date": "1985-01-01",
                "date_precision": "year",
                "end_date": "1986-03-31",
                "end_precision": "month",
                "display_date": "1985 – March 1986",
            },
        )

    def test_an_end_known_as_the_start_is_or_no_end_is_said_so(self):
        make_exchange(slug="years", date=D(2013, 1, 1), date_precision="year", end_date=D(2016, 12, 31))
        make_exchange(slug="one-day", date=D(2014, 7, 14))
        for slug, precision in [("years", "year"), ("one-day", None)]:
            with self.subTest(slug=slug):
                self.assertEqual(
                    self.client.get(f"/api/v1/exchanges/{slug}/").json()["end_precision"], precision
                )

    def test_the_downloads_give_it_as_the_api_does(self):
        rows = list(
            csv.DictReader(
                io.StringIO(b"".join(self.client.get("/exchanges.csv").streaming_content).decode("utf-8-sig"))
            )
        )
        self.assertEqual([row["Exchange Date"] for row in rows], ["1985 – March 1986"])
        records = json.loads(b"".join(self.client.get("/exchanges.json").streaming_content))
        records = records["exchanges"] if isinstance(records, dict) else records
        self.assertEqual(
            [(record["end_date"], record["end_precision"], record["display_date"]) for record in records],
            [("1986-03-31", "month", "1985 – March 1986")],
        )

    def test_a_row_of_the_import_format_reads_back_the_same(self):
        row = read_row(exchange_row(self.exchange, sources=[{"citation": "Report", "url": ""}]))
        self.assertEqual(row.errors, [])
        self.assertEqual({name: row.values[name] for name in TO_MARCH}, TO_MARCH)


class ImportedTests(TestCase):
    def test_an_end_date_column_keeps_its_own_precision(self):
        for cells in [
            {"Exchange Date": "1985 – March 1986"},
            {"Exchange Date": "1985", "End Date": "March 1986"},
        ]:
            with self.subTest(cells=cells):
                row = read_row(
                    {"Title": "Scholars", "Summary": "They came.", "Source URL": "Report", **cells}
                )
                self.assertEqual(row.errors, [])
                self.assertEqual({name: row.values[name] for name in TO_MARCH}, TO_MARCH)
