"""An exchange's notes on its record: where the sources disagree, and what is uncertain.

The import format's Notes column is the record's notes: published with the row (the command's
--publish, the admin's import, the starter catalogue), kept on the submission of a row queued for
the moderators, written back by the export. The exchange's page shows them under "Notes"; the
search does not read them.
"""

import io
import os
import tempfile

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase

from contributions.models import Submission
from exchanges.models import Exchange, ExchangeRecord
from exchanges.rows import exchange_row, read_row
from tests.factories import make_exchange

NOTE = "The earlier seed record dated this to June 2013 only; the sources give June 7–8, 2013."
NOTES_LIMIT = ExchangeRecord._meta.get_field("notes").max_length
HEADER = "Title,Summary,Exchange Date,Source URL,Notes\n"
ROWS = (
    HEADER
    + f'Sunnylands summit,The presidents met.,"June 7–8, 2013",https://example.org/sunnylands,"{NOTE}"\n'
    "Panda loan,Two pandas arrived.,April 2013,https://example.org/panda,\n"
)


def csv_file(test, text):
    handle = tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8")
    handle.write(text)
    handle.close()
    test.addCleanup(os.unlink, handle.name)
    return handle.name


def command(name, *args):
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


class NotesReadAndWrittenTests(TestCase):
    def test_the_notes_column_is_the_records_notes_and_the_export_writes_it_back(self):
        row = read_row(
            {"Title": "Talks", "Summary": "Officials talked.", "Exchange Date": "1979", "Notes": NOTE}
        )
        self.assertEqual(row.errors, [])
        self.assertEqual(row.values["notes"], NOTE)
        exchange = make_exchange(notes=NOTE)
        self.assertEqual(exchange_row(exchange)["Notes"], NOTE)
        self.assertEqual(read_row(exchange_row(exchange)).values["notes"], NOTE)

    def test_notes_past_their_limit_reject_the_row_saying_so(self):
        row = read_row(
            {"Title": "Talks", "Summary": "Officials talked.", "Exchange Date": "1979", "Notes": "x" * 5001}
        )
        self.assertEqual(row.errors, [f"Notes on the record is longer than {NOTES_LIMIT:,} characters."])


class NotesImportedTests(TestCase):
    def test_a_row_published_at_once_keeps_its_notes(self):
        command("import_exchanges", csv_file(self, ROWS), "--publish")
        self.assertEqual(Exchange.objects.get(title="Sunnylands summit").notes, NOTE)
        self.assertEqual(Exchange.objects.get(title="Panda loan").notes, "")

    def test_a_row_queued_for_the_moderators_keeps_its_notes_as_the_records(self):
        command("import_exchanges", csv_file(self, ROWS))
        submission = Submission.objects.get(title="Sunnylands summit")
        self.assertEqual(submission.notes, NOTE)
        # The note to the moderators says where the row came from, not the record's notes again.
        self.assertRegex(submission.note, r"^Imported from \S+\.csv, line 2\.$")

    def test_the_admins_import_publishes_the_notes(self):
        self.client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
        response = self.client.post(
            "/admin/exchanges/exchange/import/",
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile("r.csv", ROWS.encode(), "text/csv"),
            },
        )
        confirm = response.context["confirm_form"]
        self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
        )
        self.assertEqual(Exchange.objects.get(title="Sunnylands summit").notes, NOTE)


class StarterNotesTests(TestCase):
    """The starter catalogue's Notes: published with it, and given on request to the exchanges it loaded
    into a database before exchanges had notes, never over an editor's."""

    def test_seeding_publishes_the_notes(self):
        command("seed_exchanges", "--file", csv_file(self, ROWS))
        self.assertEqual(Exchange.objects.get(title="Sunnylands summit").notes, NOTE)

    def test_fill_notes_gives_the_files_notes_to_the_exchanges_it_loaded_without_any(self):
        path = csv_file(self, ROWS)
        command("seed_exchanges", "--file", path)
        # As in a database seeded before exchanges had notes.
        Exchange.objects.update(notes="")
        sunnylands = Exchange.objects.get(title="Sunnylands summit")
        updated = sunnylands.updated

        output = command("seed_exchanges", "--file", path, "--fill-notes")

        sunnylands.refresh_from_db()
        self.assertEqual(sunnylands.notes, NOTE)
        # A changed record: mirrors syncing by modified_after get it.
        self.assertGreater(sunnylands.updated, updated)
        self.assertIn("Filled the notes of 1 exchange(s); 0 kept notes of their own", output)
        self.assertEqual(Exchange.objects.count(), 2, "it adds no exchange")
        again = command("seed_exchanges", "--file", path, "--fill-notes")
        self.assertIn("Filled the notes of 0 exchange(s)", again)

    def test_fill_notes_keeps_an_editors_notes_and_leaves_other_records_alone(self):
        path = csv_file(self, ROWS)
        command("seed_exchanges", "--file", path)
        Exchange.objects.filter(title="Sunnylands summit").update(notes="Checked against the archive.")
        # The same title, not the file's record (another source): not the exchange the file loaded.
        other = make_exchange(title="Sunnylands summit")

        output = command("seed_exchanges", "--file", path, "--fill-notes")

        self.assertIn("line 2 (Sunnylands summit): kept the notes it has.", output)
        self.assertEqual(
            sorted(Exchange.objects.filter(title="Sunnylands summit").values_list("notes", flat=True)),
            ["", "Checked against the archive."],
        )
        other.refresh_from_db()
        self.assertEqual(other.notes, "")

    def test_fill_notes_names_a_row_the_catalogue_does_not_hold(self):
        output = command("seed_exchanges", "--file", csv_file(self, ROWS), "--fill-notes")
        self.assertIn("line 2 (Sunnylands summit): not in the catalogue as the file has it.", output)
        self.assertFalse(Exchange.objects.exists())


class NotesOnThePageTests(TestCase):
    def test_the_page_shows_the_notes_under_their_heading(self):
        exchange = make_exchange(notes=f"{NOTE}\n\nA second paragraph.")
        # 1: the exchange; 2: its sources; 3, 4, 5: its organisations, people and places: the notes
        # are a column of the exchange's row.
        with self.assertNumQueries(5):
            response = self.client.get(exchange.get_absolute_url())
        section = response.content.decode().split('<h2 class="h5" id="notes-heading">Notes</h2>')[1]
        section = section.split("</section>")[0]
        self.assertIn("<p>The earlier seed record dated this to June 2013 only;", section)
        self.assertIn("<p>A second paragraph.</p>", section)

    def test_a_record_without_notes_has_no_notes_section(self):
        response = self.client.get(make_exchange().get_absolute_url())
        self.assertNotContains(response, "notes-heading")

    def test_the_search_does_not_read_the_notes(self):
        exchange = make_exchange(title="Sunnylands summit", notes="Xinhua misdated it to Thursday.")
        self.assertEqual(list(Exchange.objects.published().search("Xinhua")), [])
        self.assertEqual(list(Exchange.objects.published().search("Sunnylands")), [exchange])


class NotesInTheAdminTests(TestCase):
    def test_an_editor_writes_an_exchanges_notes_on_its_page(self):
        self.client.force_login(User.objects.create_superuser("editor", "editor@example.org", "pw"))
        page = self.client.get("/admin/exchanges/exchange/add/")
        self.assertContains(page, '<label for="id_notes">Notes on the record:</label>', html=True)
        response = self.client.post(
            "/admin/exchanges/exchange/add/",
            {
                "title": "Governors meet in Salt Lake City",
                "status": "draft",
                "summary": "Governors met.",
                "type": "civic",
                "government": "False",
                "date": "2011",
                "notes": "One report says 2011,\r\nanother 2012.",
                "sources-TOTAL_FORMS": "0",
                "sources-INITIAL_FORMS": "0",
                "submissions-TOTAL_FORMS": "0",
                "submissions-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Exchange.objects.get().notes, "One report says 2011,\nanother 2012.")
