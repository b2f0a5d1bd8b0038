"""A record's notes in the open data: the downloads, the API and its schema, a release and the codebook."""

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings

from opendata.releases import make_release
from tests.factories import make_exchange

NOTE = "Xinhua gives June 8; the White House readout June 7, which the record uses."


class NotesInTheOpenDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.noted = make_exchange(title="Sunnylands summit", notes=NOTE)
        cls.plain = make_exchange(title="Panda loan")

    def test_the_csv_download_fills_its_notes_column(self):
        rows = list(csv.DictReader(io.StringIO(self.client.get("/exchanges.csv").getvalue().decode())))
        self.assertEqual(
            {row["Title"]: row["Notes"] for row in rows}, {"Sunnylands summit": NOTE, "Panda loan": ""}
        )

    def test_the_json_download_and_the_api_give_the_notes_after_the_location(self):
        download = json.loads(self.client.get("/exchanges.json").getvalue())
        self.assertEqual(
            {record["title"]: record["notes"] for record in download},
            {"Sunnylands summit": NOTE, "Panda loan": ""},
        )
        record = self.client.get(f"/api/v1/exchanges/{self.noted.slug}/").json()
        self.assertEqual(record["notes"], NOTE)
        keys = list(record)
        self.assertEqual(keys[keys.index("location") + 1], "notes")
        # The download's record is the API's, key for key.
        self.assertEqual(list(next(r for r in download if r["slug"] == self.noted.slug)), keys)

    def test_the_schema_documents_the_notes(self):
        schema = self.client.get("/api/v1/schema/?format=json").json()
        field = schema["components"]["schemas"]["Exchange"]["properties"]["notes"]
        self.assertEqual((field["type"], field["title"]), ("string", "Notes on the record"))
        self.assertIn("where the sources disagree", field["description"])


class NotesInReleasesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Sunnylands summit", notes=NOTE)

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def test_a_release_and_its_codebook_carry_the_notes(self):
        folder = make_release(self.folder)
        with (folder / "exchanges.csv").open(encoding="utf-8") as file:
            self.assertEqual([row["notes"] for row in csv.DictReader(file)], [NOTE])
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        fields = {field["name"]: field for field in package["resources"][0]["schema"]["fields"]}
        self.assertEqual(fields["notes"]["title"], "notes on the record")
        with override_settings(RELEASES_DIR=self.folder):
            page = self.client.get("/data/").content.decode()
        codebook = page.split('id="codebook"')[1].split("sources.csv")[0]
        self.assertIn("<code>notes</code>", codebook)
        self.assertIn("Notes on the record: Public editorial notes", codebook)
