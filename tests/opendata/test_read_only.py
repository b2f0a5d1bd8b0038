"""The open data's files and pages are read-only: any other method gets 405 naming the methods they
take, not the CSRF failure page a form's refusal gives (a client posting to a feed is not a forger)."""

import datetime
import shutil
import tempfile
from pathlib import Path

from django.test import Client, TestCase, override_settings

from opendata.releases import make_release
from tests.factories import make_exchange


class ReadOnlyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.exchange = make_exchange(title="Sunnylands summit")

    def setUp(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        settings = override_settings(RELEASES_DIR=folder)
        settings.enable()
        self.addCleanup(settings.disable)
        make_release(folder, today=datetime.date(2026, 12, 2))
        # The test client skips CSRF checks unless asked: a real client meets them.
        self.client = Client(enforce_csrf_checks=True)

    def urls(self):
        slug = self.exchange.slug
        return [
            "/exchanges.csv",
            "/exchanges.json",
            "/exchanges/feed/",
            f"/exchanges/{slug}/cite.bib",
            f"/exchanges/{slug}/cite.ris",
            f"/exchanges/{slug}/cite.json",
            "/data/",
            "/data/2026.12.02/exchanges.csv",
            "/robots.txt",
            "/sitemap.xml",
            "/sitemap-exchanges.xml",
        ]

    def test_other_methods_than_get_and_head_are_not_allowed(self):
        for url in self.urls():
            for method in ("post", "put", "patch", "delete"):
                with self.subTest(url, method=method):
                    response = getattr(self.client, method)(url)
                    self.assertEqual(response.status_code, 405)
                    self.assertEqual(response["Allow"], "GET, HEAD")

    def test_get_and_head_still_answer(self):
        for url in self.urls():
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 200)
                self.assertEqual(self.client.head(url).status_code, 200)
