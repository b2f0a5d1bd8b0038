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


class FileBadRequestTests(TestCase):
    """A request to a file's address that Django refuses before any view (a NUL character in the
    address or a parameter) was answered the site's HTML 400 page, as the 404 was: in words a script
    reads, as the downloads' and the feed's own, plain text or JSON for a .json file."""

    def setUp(self):
        # As in production: a 400 is the error page Django's handler gives, not a test failure.
        self.client.raise_request_exception = False

    def test_a_files_address_refused_before_any_view_answers_in_plain_text_or_json(self):
        make_exchange(title="Panda research")
        nul = "This value holds a NUL character, which no value here does."
        for path, words in [
            ("/exchanges/panda-research/cite.ris?q=%00", f"These parameters could not be used:\nq: {nul}"),
            (
                "/exchanges/pan%00da/cite.bib",
                "The address holds a NUL character, which no address here does.",
            ),
            ("/data/2026.12.02/exchanges.csv?x=%00", f"These parameters could not be used:\nx: {nul}"),
            ("/sitemap-exchanges.xml?p=%00", f"These parameters could not be used:\np: {nul}"),
            # A download's is as before.
            ("/exchanges.json?q=%00", f"These parameters could not be used:\nq: {nul}"),
        ]:
            with self.subTest(path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
                self.assertEqual(response.content.decode(), words + "\n")
        for path in ["/exchanges/panda-research/cite.json?q=%00", "/data/2026.12.02/datapackage.json?q=%00"]:
            with self.subTest(path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
                self.assertEqual(
                    json.loads(response.content), {"detail": f"These parameters could not be used:\nq: {nul}"}
                )

    def test_a_page_refused_so_keeps_the_sites_html_400(self):
        response = self.client.get("/exchanges/pan%00da/")
        self.assertEqual(response.status_code, 400)
        self.assertTemplateUsed(response, "400.html")
