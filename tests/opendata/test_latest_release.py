"""A script that keeps the newest release (a nightly `curl -L -O …/data/latest/exchanges.csv`, a
notebook, `frictionless validate` of the package by address) had to read the /data/ page to learn
the newest release's name: no address led to it."""

import datetime
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from opendata.releases import make_release
from tests.factories import make_exchange

D = datetime.date


class LatestReleaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Panda research", date=D(2015, 3, 2))

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def test_latest_leads_to_the_newest_releases_file(self):
        make_release(self.folder, today=D(2026, 12, 1))
        make_release(self.folder, today=D(2026, 12, 2))
        make_release(self.folder, today=D(2026, 12, 2))
        with override_settings(RELEASES_DIR=self.folder):
            for file_name in ["exchanges.csv", "datapackage.json", "changelog.md"]:
                with self.subTest(file_name):
                    response = self.client.get(f"/data/latest/{file_name}", HTTP_ORIGIN="https://x.example")
                    self.assertRedirects(
                        response,
                        f"/data/2026.12.02.2/{file_name}",
                        status_code=302,
                        fetch_redirect_response=False,
                    )
                    self.assertIn("max-age=0", response["Cache-Control"])
                    self.assertEqual(response["Access-Control-Allow-Origin"], "*")
                    self.assertEqual(self.client.get(response["Location"]).status_code, 200)
            self.assertEqual(self.client.head("/data/latest/exchanges.csv").status_code, 302)

    def test_without_a_release_or_such_a_file_it_is_not_found(self):
        with override_settings(RELEASES_DIR=self.folder):
            self.assertEqual(self.client.get("/data/latest/exchanges.csv").status_code, 404)
            make_release(self.folder, today=D(2026, 12, 2))
            response = self.client.get("/data/latest/secrets.csv", follow=True)
            self.assertEqual(response.status_code, 404)
