import csv
import datetime
import hashlib
import json
import tempfile
from io import StringIO
from pathlib import Path

import frictionless
from django.core.management import call_command
from django.test import TestCase, override_settings

from entities.models import Organisation, Person
from exchanges.models import Exchange
from opendata.releases import make_release, release_names
from tests.factories import make_exchange

D = datetime.date


class ReleaseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pact = make_exchange(
            title="California Jiangsu education pact",
            type="education",
            levels=["state"],
            partners="A\nB",
            sources=2,
        )
        cls.fair = make_exchange(title="Trade fair", type="business", government=False, participant_count=300)
        cls.unsaid = make_exchange(
            title="Visit nobody classified",
            type="",
            type_as_recorded="Aviation",
            government=None,
            continuing=None,
            levels=["national", "local"],
            date=D(1985, 1, 1),
            date_precision="year",
            circa=True,
        )
        make_exchange(title="Draft", status=Exchange.Status.DRAFT)

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(self.folder))

    def test_the_command_writes_a_valid_data_package_named_by_date(self):
        out = StringIO()
        call_command("make_release", "--output", str(self.folder), stdout=out)
        [name] = release_names(self.folder)
        self.assertRegex(name, r"^\d{4}\.\d{2}\.\d{2}$")
        self.assertIn(f"Release {name} written", out.getvalue())
        self.assertIn("3 exchanges, 4 sources", out.getvalue())
        report = frictionless.validate(str(self.folder / name / "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))

    def test_rows_counts_and_checksums_describe_the_files(self):
        folder = make_release(self.folder, today=D(2026, 12, 2))
        package = json.loads((folder / "datapackage.json").read_text())
        self.assertEqual(package["licenses"][0]["name"], "CC-BY-4.0")
        resources = {resource["name"]: resource for resource in package["resources"]}
        self.assertEqual(resources["exchanges"]["rows"], 3)
        self.assertEqual(resources["sources"]["rows"], 4)
        for resource in package["resources"]:
            content = (folder / resource["path"]).read_bytes()
            self.assertEqual(resource["hash"], "sha256:" + hashlib.sha256(content).hexdigest())
            self.assertEqual(resource["bytes"], len(content))
        fields = [field["name"] for field in resources["exchanges"]["schema"]["fields"]]
        self.assertIn("slug", fields)
        self.assertNotIn("status", fields)
        with (folder / "exchanges.csv").open(newline="") as file:
            rows = {row["slug"]: row for row in csv.DictReader(file)}
        self.assertEqual(rows["trade-fair"]["government"], "false")
        self.assertEqual(rows["trade-fair"]["participant_count"], "300")
        self.assertNotIn("draft", rows)

    def test_a_second_release_the_same_day_is_numbered_and_has_a_changelog(self):
        make_release(self.folder, today=D(2026, 12, 2))
        make_exchange(title="Brand new")
        self.fair.delete()
        self.unsaid.delete()
        self.pact.summary = "Corrected"
        self.pact.save()
        second = make_release(self.folder, today=D(2026, 12, 2))
        self.assertEqual(second.name, "2026.12.02.2")
        self.assertEqual(release_names(self.folder), ["2026.12.02.2", "2026.12.02"])
        changelog = (second / "changelog.md").read_text()
        self.assertIn("Against release 2026.12.02: 1 added, 1 changed, 2 withdrawn.", changelog)
        self.assertIn("## Added\n\n- brand-new", changelog)
        self.assertIn("## Changed\n\n- california-jiangsu-education-pact", changelog)
        self.assertIn("## Withdrawn\n\n- trade-fair\n- visit-nobody-classified", changelog)
        package = json.loads((second / "datapackage.json").read_text())
        self.assertEqual(
            package["changes"], {"previous": "2026.12.02", "added": 1, "changed": 1, "withdrawn": 2}
        )
        third = make_release(self.folder, today=D(2026, 12, 3))
        self.assertEqual(release_names(self.folder)[0], third.name)

    def test_the_files_are_the_data_as_stored_without_a_byte_order_mark_or_quotes_for_spreadsheets(self):
        # Unlike the catalogue's CSV download, which guards spreadsheets (README, "Releases").
        make_exchange(title="=1+1 talks", summary="-1 degree\n@noon")
        folder = make_release(self.folder, today=D(2026, 12, 2))
        content = (folder / "exchanges.csv").read_bytes()
        self.assertTrue(content.startswith(b"title,slug,"))
        rows = {row["title"]: row for row in csv.DictReader(StringIO(content.decode("utf-8")))}
        self.assertEqual(rows["=1+1 talks"]["summary"], "-1 degree\n@noon")

    @override_settings(DATA_LICENSE="ODbL-1.0", DATA_LICENSE_TITLE="Open Database License")
    def test_the_licence_follows_the_settings(self):
        folder = make_release(self.folder)
        self.assertEqual(
            json.loads((folder / "datapackage.json").read_text())["licenses"][0]["name"], "ODbL-1.0"
        )

    def test_what_the_record_does_not_say_is_an_empty_cell_the_schema_calls_not_recorded(self):
        folder = make_release(self.folder, today=D(2026, 12, 2))
        package = json.loads((folder / "datapackage.json").read_text())
        [exchanges] = [resource for resource in package["resources"] if resource["name"] == "exchanges"]
        fields = {field["name"]: field for field in exchanges["schema"]["fields"]}
        self.assertEqual(list(fields)[:2], ["title", "slug"])
        self.assertIn({"value": "", "label": "Not recorded"}, fields["government"]["categories"])
        self.assertIn({"value": "", "label": "Not recorded"}, fields["continuing"]["categories"])
        self.assertIn({"value": "", "label": "Not recorded"}, fields["type"]["categories"])
        self.assertIn({"value": "state", "label": "State / provincial"}, fields["levels"]["categories"])
        self.assertEqual((fields["levels"]["type"], fields["levels"]["delimiter"]), ("list", ","))
        self.assertNotIn({"value": "", "label": "Not recorded"}, fields["circa"].get("categories", []))
        with (folder / "exchanges.csv").open(newline="") as file:
            rows = {row["slug"]: row for row in csv.DictReader(file)}
        unsaid = rows["visit-nobody-classified"]
        self.assertEqual((unsaid["government"], unsaid["continuing"], unsaid["type"]), ("", "", ""))
        self.assertEqual(unsaid["type_as_recorded"], "Aviation")
        self.assertEqual(unsaid["levels"], "national,local")
        self.assertEqual((unsaid["date_precision"], unsaid["circa"]), ("year", "true"))
        self.assertEqual(rows["california-jiangsu-education-pact"]["levels"], "state")
        report = frictionless.validate(str(folder / "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))


class EntityTablesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pact = make_exchange(
            title="Education pact",
            partners="Ministry of Education",
            sponsors="Ford Foundation",
            participants="Wang Yi",
            location="Rancho Mirage, California",
        )
        Organisation.objects.get(slug="ministry-of-education").aliases.create(name="MOE, the ministry")
        make_exchange(title="Draft", partners="Draft Partner", status=Exchange.Status.DRAFT)

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(self.folder))

    def rows(self, folder, file_name):
        with (folder / file_name).open(newline="", encoding="utf-8") as file:
            return list(csv.DictReader(file))

    def test_entities_and_links_are_tables_joined_by_slug_that_validate(self):
        folder = make_release(self.folder, today=D(2026, 12, 2))
        report = frictionless.validate(str(folder / "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))
        package = json.loads((folder / "datapackage.json").read_text())
        resources = {resource["name"]: resource for resource in package["resources"]}
        for name in ["organisations", "people", "places"]:
            self.assertEqual(resources[name]["schema"]["primaryKey"], ["slug"])
            self.assertEqual(resources[name]["rows"], len(self.rows(folder, f"{name}.csv")))
        self.assertEqual(
            resources["exchange_people"]["schema"]["foreignKeys"],
            [
                {"fields": ["exchange"], "reference": {"resource": "exchanges", "fields": ["slug"]}},
                {"fields": ["person"], "reference": {"resource": "people", "fields": ["slug"]}},
            ],
        )
        organisations = {row["slug"]: row for row in self.rows(folder, "organisations.csv")}
        self.assertEqual(organisations["ministry-of-education"]["aliases"], "MOE, the ministry")
        self.assertNotIn("key", organisations["ministry-of-education"])
        places = {row["slug"]: row for row in self.rows(folder, "places.csv")}
        self.assertEqual(places["rancho-mirage"]["parent"], "california")
        self.assertEqual(
            [
                (row["exchange"], row["organisation"], row["role"])
                for row in self.rows(folder, "exchange_organisations.csv")
            ],
            [
                ("education-pact", "ministry-of-education", "partner"),
                ("education-pact", "ford-foundation", "sponsor"),
            ],
        )
        # Links of drafts stay out: their exchanges are not in the release.
        links = self.rows(folder, "exchange_places.csv")
        self.assertEqual(
            {(row["place"], row["direct"]) for row in links},
            {("rancho-mirage", "true"), ("california", "false")},
        )
        # The place's country is in places.csv, and the link's copy of it stays in the database.
        self.assertEqual(list(links[0]), ["exchange", "place", "direct", "position"])
        self.assertEqual(places["california"]["country"], "US")

    def test_a_broken_reference_would_fail_validation(self):
        folder = make_release(self.folder, today=D(2026, 12, 2))
        path = folder / "exchange_people.csv"
        path.write_text(path.read_text().replace("wang-yi", "nobody"))
        package = json.loads((folder / "datapackage.json").read_text())
        for resource in package["resources"]:
            resource.pop("hash"), resource.pop("bytes")
        (folder / "datapackage.json").write_text(json.dumps(package))
        report = frictionless.validate(str(folder / "datapackage.json"))
        self.assertFalse(report.valid)
        self.assertIn("foreign-key", {error.type for task in report.tasks for error in task.errors})

    def test_the_changelog_stays_about_exchanges(self):
        make_release(self.folder, today=D(2026, 12, 2))
        Organisation.objects.filter(slug="ford-foundation").update(chinese_name="福特基金会")
        Person.objects.get(slug="wang-yi").aliases.create(name="王毅")
        second = make_release(self.folder, today=D(2026, 12, 2))
        self.assertIn("0 added, 0 changed, 0 withdrawn", (second / "changelog.md").read_text())


class DerivedColumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_exchange(title="Xi and Obama meet")
        make_exchange(title="CCTV and California sign a pact")

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(self.folder))

    def test_the_title_as_the_database_sorts_it_stays_out_of_the_release(self):
        # Like the folded search texts, it is the database's own key, derived from the title.
        folder = make_release(self.folder, today=D(2026, 12, 2))
        with (folder / "exchanges.csv").open(newline="", encoding="utf-8") as file:
            header = next(csv.reader(file))
        package = json.loads((folder / "datapackage.json").read_text())
        [exchanges] = [resource for resource in package["resources"] if resource["name"] == "exchanges"]
        self.assertIn("title", header)
        self.assertNotIn("title_sort", header)
        self.assertNotIn("title_sort", [field["name"] for field in exchanges["schema"]["fields"]])

    def test_a_column_only_the_release_before_had_changes_no_exchange(self):
        first = make_release(self.folder, today=D(2026, 12, 2))
        path = first / "exchanges.csv"
        with path.open(newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, [*rows[0], "title_sort"], lineterminator="\n")
            writer.writeheader()
            writer.writerows({**row, "title_sort": row["title"].lower()} for row in rows)
        second = make_release(self.folder, today=D(2026, 12, 3))
        self.assertIn("0 added, 0 changed, 0 withdrawn", (second / "changelog.md").read_text())


class SpreadsheetCopyTests(TestCase):
    """A release's exchanges as the catalogue's "CSV for Excel" gives them: Excel reads a CSV file
    without a byte-order mark as Windows-1252 (Chinese text garbled) and runs a cell beginning
    with "=" as a formula. exchanges.csv stays the data as stored, for scripts."""

    @classmethod
    def setUpTestData(cls):
        make_exchange(
            title="=1+1 talks",
            summary="-1 degree\n@noon",
            title_zh="中美“乒乓外交”",
            participant_count=12,
            levels=["national", "state"],
        )
        make_exchange(title="Ping-pong diplomacy, “the” visit", partners="A\nB")
        make_exchange(title="Draft", status=Exchange.Status.DRAFT)

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(lambda: __import__("shutil").rmtree(self.folder))

    def test_a_release_has_its_exchanges_for_excel_checksummed_in_the_package(self):
        folder = make_release(self.folder, today=D(2026, 12, 2))
        package = json.loads((folder / "datapackage.json").read_text())
        resources = {resource["name"]: resource for resource in package["resources"]}
        excel = resources["exchanges_for_excel"]
        content = (folder / excel["path"]).read_bytes()
        self.assertEqual(excel["path"], "exchanges-for-excel.csv")
        self.assertEqual(excel["hash"], "sha256:" + hashlib.sha256(content).hexdigest())
        self.assertEqual((excel["bytes"], excel["rows"]), (len(content), resources["exchanges"]["rows"]))
        self.assertEqual(excel["encoding"], "utf-8-sig")
        self.assertTrue(content.startswith(b"\xef\xbb\xbftitle,slug,"))
        self.assertIn(b"\r\n", content)
        with (folder / "exchanges.csv").open(newline="", encoding="utf-8") as file:
            plain = {row["slug"]: row for row in csv.DictReader(file)}
        spreadsheet = {row["slug"]: row for row in csv.DictReader(StringIO(content.decode("utf-8-sig")))}
        self.assertEqual(set(spreadsheet), set(plain))
        talks = spreadsheet["11-talks"]
        self.assertEqual((talks["title"], talks["summary"]), ("'=1+1 talks", "'-1 degree\n@noon"))
        self.assertEqual(talks["title_zh"], "中美“乒乓外交”")
        # Only text is quoted: numbers, dates and lists are as in exchanges.csv.
        for slug, row in plain.items():
            for name, value in row.items():
                if name not in ("title", "summary"):
                    self.assertEqual(spreadsheet[slug][name], value, (slug, name))
        report = frictionless.validate(str(folder / "datapackage.json"))
        self.assertTrue(report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"]))

    def test_the_data_page_offers_it_and_serves_it_under_its_name(self):
        make_release(self.folder, today=D(2026, 12, 2))
        with override_settings(RELEASES_DIR=self.folder):
            page = self.client.get("/data/")
            response = self.client.get("/data/2026.12.02/exchanges-for-excel.csv")
        self.assertContains(page, 'href="/data/2026.12.02/exchanges-for-excel.csv"')
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="exchanges-for-excel.csv"')
        self.assertTrue(b"".join(response.streaming_content).startswith(b"\xef\xbb\xbftitle,"))
        self.assertContains(
            page,
            "To open a release in Excel, take "
            '<a href="/data/2026.12.02/exchanges-for-excel.csv">exchanges-for-excel.csv</a>',
        )

    def test_the_data_page_says_nothing_of_it_while_the_latest_release_has_none(self):
        folder = make_release(self.folder, today=D(2026, 12, 2))
        # A release made before the copy existed: its package lists none, and it is never rewritten.
        package = json.loads((folder / "datapackage.json").read_text())
        package["resources"] = [
            each for each in package["resources"] if each["name"] != "exchanges_for_excel"
        ]
        (folder / "datapackage.json").write_text(json.dumps(package))
        (folder / "exchanges-for-excel.csv").unlink()
        with override_settings(RELEASES_DIR=self.folder):
            page = self.client.get("/data/")
            response = self.client.get("/data/2026.12.02/exchanges-for-excel.csv")
        self.assertContains(page, 'href="/data/2026.12.02/exchanges.csv"')
        self.assertNotContains(page, "exchanges-for-excel.csv")
        self.assertEqual(response.status_code, 404)
