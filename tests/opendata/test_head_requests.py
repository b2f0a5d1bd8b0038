"""HEAD is answered wherever GET is (link checkers, caches and `curl -I` ask with it), and the open
data's files and pages are read-only: any other method gets 405 naming the methods they take, not
the CSRF failure page a form's refusal gives (a client posting to a feed is not a forger)."""

import datetime
import shutil
import tempfile
from pathlib import Path

from django.test import Client, RequestFactory, TestCase, override_settings

from opendata import downloads
from opendata.releases import make_release
from tests.factories import make_exchange


class HeadRequestTests(TestCase):
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
            "/data/2026.12.02/datapackage.json",
            "/robots.txt",
            "/sitemap.xml",
            "/sitemap-exchanges.xml",
        ]

    def test_every_open_data_address_answers_head_as_it_answers_get(self):
        for url in self.urls():
            with self.subTest(url):
                head, get = self.client.head(url), self.client.get(url)
                self.assertEqual(head.status_code, 200)
                self.assertEqual(head["Content-Type"], get["Content-Type"])

    def test_a_download_asked_with_head_reads_no_records(self):
        for view in (downloads.exchanges_csv, downloads.exchanges_json):
            with self.subTest(view.__name__):
                response = view(RequestFactory().head("/exchanges.csv"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(b"".join(response.streaming_content), b"")

    def test_other_methods_than_get_and_head_are_not_allowed(self):
        # The test client skips CSRF checks unless asked: a real client meets them.
        client = Client(enforce_csrf_checks=True)
        for url in self.urls():
            for method in ("post", "put", "patch", "delete"):
                with self.subTest(url, method=method):
                    response = getattr(client, method)(url)
                    self.assertEqual(response.status_code, 405)
                    self.assertEqual(response["Allow"], "GET, HEAD")
