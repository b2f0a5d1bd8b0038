"""A web page on another site reads the open data as it reads the API: an Observable notebook's
`d3.csv("…/exchanges.csv?type=science")`, a dashboard polling the feed, a reference manager's web
importer fetching `cite.ris`, a notebook loading a release's `exchanges.csv`. Only the API sent
CORS headers, and the browser withheld every other file from the script that asked for it."""

import datetime
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from opendata.releases import make_release
from tests.factories import make_exchange

ELSEWHERE = "https://notebook.example"


class OpenDataCorsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Panda research", slug="panda-research", date=datetime.date(2015, 3, 2))

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        make_release(self.folder, today=datetime.date(2026, 12, 2))

    def test_every_open_data_file_may_be_read_by_a_page_on_another_site(self):
        with override_settings(RELEASES_DIR=self.folder):
            for url in [
                "/exchanges.csv?q=panda",
                "/exchanges.json",
                "/exchanges/feed/?q=panda",
                "/exchanges/panda-research/cite.bib",
                "/exchanges/panda-research/cite.ris",
                "/exchanges/panda-research/cite.json",
                "/data/2026.12.02/exchanges.csv",
                "/data/2026.12.02/datapackage.json",
            ]:
                with self.subTest(url):
                    response = self.client.get(url, HTTP_ORIGIN=ELSEWHERE)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(response["Access-Control-Allow-Origin"], "*")

    def test_its_errors_are_readable_too(self):
        response = self.client.get("/exchanges.csv?date_after=1972-02-30", HTTP_ORIGIN=ELSEWHERE)
        self.assertContains(response, "February 1972 has no day 30", status_code=400)
        self.assertEqual(response["Access-Control-Allow-Origin"], "*")

    def test_a_script_revalidating_the_feed_is_cleared_by_its_preflight(self):
        preflight = self.client.options(
            "/exchanges/feed/",
            HTTP_ORIGIN=ELSEWHERE,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
        )
        self.assertEqual(preflight.status_code, 200)
        self.assertIn("if-none-match", preflight["Access-Control-Allow-Headers"])

    def test_the_sites_pages_stay_closed(self):
        for url in ["/exchanges/", "/exchanges/panda-research/", "/data/", "/contribute/"]:
            with self.subTest(url):
                response = self.client.get(url, HTTP_ORIGIN=ELSEWHERE)
                self.assertNotIn("Access-Control-Allow-Origin", response)
