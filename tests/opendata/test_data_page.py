import datetime
import json
import re
import shutil
import tempfile
from pathlib import Path

import frictionless
from django.test import TestCase, override_settings

from exchanges.rows import DOWNLOAD_COLUMNS
from opendata.releases import make_release
from tests.factories import make_exchange

D = datetime.date


class DataPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Sunnylands summit")

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        (self.folder.parent / "outside-secret.csv").write_text("secret")
        self.addCleanup((self.folder.parent / "outside-secret.csv").unlink)
        settings = override_settings(RELEASES_DIR=self.folder)
        settings.enable()
        self.addCleanup(settings.disable)

    def test_it_lists_releases_newest_first_with_licence_and_codebook(self):
        make_release(self.folder, today=D(2026, 11, 30))
        make_release(self.folder, today=D(2026, 12, 2))
        make_release(self.folder, today=D(2026, 12, 2))
        response = self.client.get("/data/")
        self.assertEqual(response.status_code, 200)
        content = response.content.decode()
        order = [
            re.search(rf"Release {re.escape(name)}[ <]", content).start()
            for name in ["2026.12.02.2", "2026.12.02", "2026.11.30"]
        ]
        self.assertEqual(order, sorted(order))
        self.assertContains(response, "Creative Commons Attribution 4.0 International")
        self.assertContains(response, 'href="/data/2026.12.02.2/exchanges.csv"')
        # The codebook comes from the models: verbose names, help texts and choices.
        self.assertContains(response, "Were governments a party to the exchange?")
        self.assertContains(response, "State / provincial")
        self.assertContains(response, "<code>levels</code>")
        self.assertContains(response, "Not recorded")
        self.assertContains(response, "How records are checked before publication")
        # The entities and the exchanges' links to them, from their models too.
        for file_name in ["organisations.csv", "people.csv", "places.csv", "exchange_places.csv"]:
            self.assertContains(response, file_name)
        self.assertContains(response, "The place this one lies in, e.g. California for Los Angeles.")
        self.assertContains(response, "The title the person held at the time")
        self.assertContains(response, 'href="/data/2026.12.02.2/exchange_people.csv"')

    def test_it_gives_the_fixed_address_of_the_latest_releases_files(self):
        # /data/latest/<file> led to the newest release's file, but only the README said so.
        self.assertNotContains(self.client.get("/data/"), "/data/latest/")  # no release: it leads nowhere
        make_release(self.folder, today=D(2026, 12, 2))
        response = self.client.get("/data/")
        self.assertContains(response, "<code>/data/latest/&lt;file&gt;</code>")
        self.assertContains(
            response, '<a href="/data/latest/exchanges.csv"><code>/data/latest/exchanges.csv</code></a>'
        )

    def test_it_names_the_columns_the_csv_download_adds_to_the_import_format(self):
        response = self.client.get("/data/")
        for column in DOWNLOAD_COLUMNS:
            self.assertContains(response, column)

    def test_the_codebook_says_it_is_not_the_downloads_columns(self):
        # Both are called exchanges.csv: a first visitor took the download's "Title", "Exchange Date"
        # and "Government?" (Yes, No) for the codebook's title, date and government (true, false).
        response = self.client.get("/data/")
        codebook = response.content.decode().split('id="codebook"')[1]
        self.assertIn("not of the downloads above", codebook)
        self.assertIn("the columns of the import format", codebook)

    def test_without_releases_it_says_so(self):
        self.assertContains(self.client.get("/data/"), "No release has been made yet.")

    def test_it_serves_the_files_of_a_release(self):
        make_release(self.folder, today=D(2026, 12, 2))
        response = self.client.get("/data/2026.12.02/exchanges.csv")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(b"".join(response.streaming_content).startswith(b"title,slug,"))
        self.assertEqual(self.client.get("/data/2026.12.02/changelog.md").status_code, 200)

    def test_a_mirror_asking_again_for_a_release_file_gets_304(self):
        # A release is never written over (a second one the same day is numbered): its files said
        # no ETag, no Last-Modified, and a mirror checking them each night downloaded them whole.
        make_release(self.folder, today=D(2026, 12, 2))
        package = json.loads((self.folder / "2026.12.02" / "datapackage.json").read_text())
        checksum = next(each["hash"] for each in package["resources"] if each["path"] == "exchanges.csv")
        response = self.client.get("/data/2026.12.02/exchanges.csv")
        self.assertEqual(response["ETag"], f'"{checksum.removeprefix("sha256:")}"')
        self.assertIn("max-age=86400", response["Cache-Control"])
        again = self.client.get("/data/2026.12.02/exchanges.csv", headers={"If-None-Match": response["ETag"]})
        self.assertEqual(again.status_code, 304)
        changelog = self.client.get("/data/2026.12.02/changelog.md")
        since = changelog["Last-Modified"]
        again = self.client.get("/data/2026.12.02/changelog.md", headers={"If-Modified-Since": since})
        self.assertEqual(again.status_code, 304)

    def test_files_downloaded_under_the_names_they_are_given_validate_as_the_package(self):
        make_release(self.folder, today=D(2026, 12, 2))
        downloaded = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, downloaded)
        package = json.loads((self.folder / "2026.12.02" / "datapackage.json").read_text())
        for file_name in ["datapackage.json", *[resource["path"] for resource in package["resources"]]]:
            response = self.client.get(f"/data/2026.12.02/{file_name}")
            saved_as = re.fullmatch(r'attachment; filename="([^"/]+)"', response["Content-Disposition"])[1]
            (downloaded / saved_as).write_bytes(b"".join(response.streaming_content))
        report = frictionless.validate(str(downloaded / "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))

    def test_nothing_outside_a_release_is_served(self):
        make_release(self.folder, today=D(2026, 12, 2))
        (self.folder / "2026.12.02" / "notes.txt").write_text("private")
        for url in [
            "/data/2026.12.02/notes.txt",
            "/data/2026.12.02/..%2F..%2Foutside-secret.csv",
            "/data/../outside-secret.csv",
            "/data/..%2Foutside-secret.csv/exchanges.csv",
            "/data/2026.12.09/exchanges.csv",
            "/data/2026.12/exchanges.csv",
        ]:
            self.assertEqual(self.client.get(url).status_code, 404, url)

    @override_settings(
        DATA_LICENSE_TITLE="Open Database License", DATA_LICENSE_URL="https://opendatacommons.org/"
    )
    def test_the_licence_follows_the_settings(self):
        self.assertContains(self.client.get("/data/"), 'href="https://opendatacommons.org/" rel="license"')
