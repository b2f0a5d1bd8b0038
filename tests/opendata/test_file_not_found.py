"""A script fetching a file that is not there (`curl -O …/cite.bib`, a reference manager importing
`cite.json`, a mirror fetching a release's table) was answered the site's HTML 404 page, which it
saved as the file or failed to parse at `<!DOCTYPE`. A file's address answers in words a script
reads: plain text, JSON for a .json file; a page's address keeps the site's HTML 404 page."""

import json
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from exchanges.models import Exchange
from tests.factories import make_exchange


class FileNotFoundTests(TestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def assert_plain_text_404(self, path, words):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        self.assertEqual(response.content.decode(), words + "\n")

    def test_an_unknown_or_unpublished_exchanges_bibtex_and_ris_are_plain_text(self):
        draft = make_exchange(title="Draft", status=Exchange.Status.DRAFT)
        for slug in ["no-such-exchange", draft.slug]:
            for extension in ["bib", "ris"]:
                with self.subTest(slug=slug, extension=extension):
                    self.assert_plain_text_404(
                        f"/exchanges/{slug}/cite.{extension}", "No published exchange has this address."
                    )

    def test_an_unknown_exchanges_csl_json_is_json(self):
        response = self.client.get("/exchanges/no-such-exchange/cite.json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        self.assertEqual(json.loads(response.content), {"detail": "No published exchange has this address."})

    def test_release_files_not_there_are_plain_text(self):
        with override_settings(RELEASES_DIR=self.folder):
            self.assert_plain_text_404("/data/latest/exchanges.csv", "No release has been made yet.")
            self.assert_plain_text_404("/data/2026.12.02/exchanges.csv", "No such release.")
            self.assert_plain_text_404("/data/not-a-release/exchanges.csv", "Nothing is at this address.")
            self.assert_plain_text_404("/sitemap-nothing.xml", "No sitemap available for section: 'nothing'")

    def test_a_page_not_there_keeps_the_sites_html_404(self):
        for path in ["/exchanges/no-such-exchange/", "/data/nothing/", "/no-such-page/"]:
            with self.subTest(path):
                response = self.client.get(path)
                self.assertContains(response, "We cannot find that page", status_code=404)
                self.assertTemplateUsed(response, "404.html")
