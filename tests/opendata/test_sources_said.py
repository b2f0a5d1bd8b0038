"""What the About and data pages say of sources holds for every published record: the import may
publish a row that names none (`import_exchanges --publish` warns "It names no source"), and the
pages say what such a record shows rather than that every entry names its sources."""

import io
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings

from exchanges.models import Exchange

NO_SOURCE_ROW = "Title,Summary,Exchange Date\nA delegation visits Shanghai,Officials met.,2015\n"


@override_settings(RELEASES_DIR="/nonexistent-releases")
class SourcesSaidTests(TestCase):
    def test_the_import_can_publish_a_record_without_a_source(self):
        path = Path(tempfile.mkdtemp()) / "exchanges.csv"
        path.write_text(NO_SOURCE_ROW)
        self.addCleanup(path.parent.rmdir)
        self.addCleanup(path.unlink)
        call_command("import_exchanges", str(path), "--publish", stdout=io.StringIO())
        exchange = Exchange.objects.published().get()
        self.assertFalse(exchange.sources.exists())
        self.assertContains(self.client.get(exchange.get_absolute_url()), "No source recorded")

    def test_the_pages_say_what_a_record_without_a_source_shows(self):
        for url in ("/about/", "/data/"):
            with self.subTest(url):
                response = self.client.get(url)
                self.assertContains(response, "No source recorded")
                self.assertNotContains(response, "every entry names its sources.")
                self.assertNotContains(response, "Every exchange names its sources;")
