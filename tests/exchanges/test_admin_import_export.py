"""The admin's import (upload, preview with each row's fate, confirm) and export of exchanges."""

import csv
import datetime
import io
import re
import tempfile
import warnings
from unittest import mock

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.test import TestCase

from exchanges.admin import ADMIN_IMPORT_ROWS
from exchanges.importing import sheet_rows
from exchanges.models import Exchange, ImportPreview
from exchanges.resources import ExchangeResource
from exchanges.rows import COLUMNS, DOWNLOAD_COLUMNS, read_row
from tests.exchanges.test_workbooks import (
    EXAMPLE,
    damaged_workbook,
    example_workbook,
    ods,
    protected_workbook,
    xlsx,
)
from tests.factories import make_exchange


def counted_rows(most):
    """sheet_rows, failing the test if more than `most` rows are read."""

    def rows(sheet):
        for count, row in enumerate(sheet_rows(sheet), 1):
            assert count <= most, f"{count} rows read"
            yield row

    return rows


CSV_TEXT = (
    "Title,Summary,Government?,Type of Exchange,Exchange Date,Level of Government,Source URL,Colour\n"
    "Panda loan,Two pandas arrived.,,Cultural,April 2013,,https://example.org/panda,red\n"
    ",No title,,,2013,,,\n"
    "Mayors visit,Mayors visited.,Yes,Government,,Local,https://example.org/mayors,\n"
    "Panda loan,Two pandas arrived.,,Cultural,April 2013,,https://example.org/panda,\n"
)


class AdminImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("editor", "editor@example.org", "pw")

    def setUp(self):
        self.client.force_login(self.staff)

    def upload(self, text=CSV_TEXT, encoding="utf-8", name="records.csv"):
        return self.client.post(
            "/admin/exchanges/exchange/import/",
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile(
                    name, text if isinstance(text, bytes) else text.encode(encoding), "text/csv"
                ),
            },
        )

    def confirm(self, response):
        confirm = response.context["confirm_form"]
        return self.client.post(
            "/admin/exchanges/exchange/process_import/",
            {name: confirm.initial.get(name, "") for name in confirm.fields},
            follow=True,
        )

    def test_a_windows_1252_file_is_read_as_the_command_reads_it(self):
        text = CSV_TEXT.replace("Two pandas arrived.", "Two pandas arrived at the zoo’s new house.")
        response = self.confirm(self.upload(text, encoding="cp1252"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Exchange.objects.get().summary, "Two pandas arrived at the zoo’s new house.")

    def test_text_under_a_last_column_without_a_heading_is_past_the_last_column(self):
        text = "Title,Summary,Exchange Date,\r\nTalks,Officials talked.,1979,more words\r\n"
        response = self.upload(text)
        self.assertContains(response, "(“more words” lies past the last column)")
        self.confirm(response)
        self.assertFalse(Exchange.objects.exists())

    def test_a_first_line_naming_the_separator_as_excel_reads_it(self):
        # "sep=;" tells Excel which separator the file uses; the headings are on the next line.
        # Saved from a sheet holding it in its first cell: a separator for each empty cell after it.
        text = "sep=;;\r\nTitle;Summary;Exchange Date\r\nTalks;Officials, talked.;1979\r\n"
        response = self.upload(text)
        self.assertContains(response, "Would be published.")
        self.confirm(response)
        self.assertEqual(Exchange.objects.get().summary, "Officials, talked.")

    def test_a_quote_never_closed_is_named_and_nothing_after_it_is_imported(self):
        text = 'Title,Summary,Exchange Date\r\nTalks,"Officials talked.,1979\r\nVisit,A visit.,1980\r\n'
        response = self.upload(text)
        self.assertContains(response, "Line 2 opens a quotation mark (&quot;) that no later line closes")
        self.confirm(response)
        self.assertFalse(Exchange.objects.exists())

    def test_confirming_twice_imports_once_and_says_so(self):
        # The button pressed twice, or the confirmation sent again from the back button: the
        # preview's copy of the file was removed by the first, and the second got the error page.
        preview = self.upload()
        first = self.confirm(preview)
        self.assertEqual(Exchange.objects.count(), 1)
        second = self.confirm(preview)
        self.assertEqual(second.status_code, 200)
        self.assertContains(second, "This import was confirmed already")
        self.assertEqual(Exchange.objects.count(), 1)
        self.assertEqual(first.redirect_chain, second.redirect_chain)

    def test_a_confirmation_reaching_another_web_instance_imports_the_previewed_file(self):
        # Several web containers serve the admin behind nginx, each with its own temporary folder:
        # a preview's copy kept in one was not found by a confirmation another served, which said
        # the import was confirmed already and imported nothing.
        preview = self.upload()
        with tempfile.TemporaryDirectory() as elsewhere, mock.patch.object(tempfile, "tempdir", elsewhere):
            response = self.confirm(preview)
        self.assertNotContains(response, "This import was confirmed already")
        self.assertEqual(Exchange.objects.get().title, "Panda loan")

    def test_a_preview_is_kept_with_its_time_and_who_uploaded_it_for_a_day(self):
        preview = self.upload()
        kept = ImportPreview.objects.get()
        self.assertEqual((kept.user, bytes(kept.data)), (self.staff, CSV_TEXT.encode()))
        ImportPreview.objects.update(created=kept.created - datetime.timedelta(days=1, minutes=1))
        # Storing a new preview removes those of more than a day, which are not confirmed any more.
        newer = self.upload("Title,Summary,Exchange Date\nTalks,Officials talked.,1979\n")
        self.assertEqual(ImportPreview.objects.get().user, self.staff)
        self.assertContains(
            self.confirm(preview), "This import was confirmed already, or its preview is too old"
        )
        self.assertFalse(Exchange.objects.exists())
        self.confirm(newer)
        self.assertEqual(Exchange.objects.get().title, "Talks")
        self.assertFalse(ImportPreview.objects.exists())

    def test_the_previews_waiting_are_listed_in_the_admin(self):
        # The table was kept but shown nowhere: an upload waiting, or one stuck, could not be seen.
        self.upload()
        self.upload("Title,Summary,Exchange Date\nTalks,Officials talked.,1979\n")
        ImportPreview.objects.filter(pk=ImportPreview.objects.earliest("created").pk).update(
            created=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
        )
        # The session and its user, then the previews counted (filtered and in all), and their page
        # with their uploaders joined.
        with self.assertNumQueries(5):
            response = self.client.get("/admin/exchanges/importpreview/")
        self.assertContains(response, "Waiting for its confirmation")
        self.assertContains(response, "Too old to confirm: upload the file again")
        self.assertContains(response, f'<td class="field-size">{len(CSV_TEXT.encode())}</td>', html=True)
        preview = ImportPreview.objects.latest("created")
        page = self.client.get(f"/admin/exchanges/importpreview/{preview.pk}/change/")
        self.assertContains(page, "editor")
        self.assertNotContains(page, 'name="_save"')

    def test_a_preview_name_that_names_no_preview_imports_nothing(self):
        preview = self.upload()
        confirm = preview.context["confirm_form"]
        data = {name: confirm.initial.get(name, "") for name in confirm.fields}
        for name in ("../no-preview", "x" * 500, ""):
            with self.subTest(name=name):
                data["import_file_name"] = name
                response = self.client.post("/admin/exchanges/exchange/process_import/", data, follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertFalse(Exchange.objects.exists())
        self.assertEqual(ImportPreview.objects.count(), 1)

    def test_utf16_without_a_byte_order_mark(self):
        text = "Title\tSummary\tExchange Date\r\nTalks\tOfficials talked, 会谈.\t1979\r\n"
        response = self.upload(text.encode("utf-16-le"))
        self.assertContains(response, "Would be published.")
        self.confirm(response)
        self.assertEqual(Exchange.objects.get().summary, "Officials talked, 会谈.")

    def test_a_confirmation_arriving_while_another_imports_imports_nothing(self):
        # Two requests at the same moment (tests/exchanges/test_concurrent_import_confirmation.py
        # sends them from two threads on PostgreSQL): here the second is sent while the first is
        # in its import, both read the preview's copy before either removed it, and every row was
        # imported twice.
        preview = self.upload("Title,Summary,Exchange Date\nTalks,Officials talked.,1979\n")
        real_import_data = ExchangeResource.import_data
        second = []

        def import_data(resource, *args, **kwargs):
            if not second:
                second.append(None)
                second[0] = self.confirm(preview)
            return real_import_data(resource, *args, **kwargs)

        with mock.patch.object(ExchangeResource, "import_data", import_data):
            first = self.confirm(preview)
        self.assertEqual(Exchange.objects.count(), 1)
        self.assertContains(second[0], "This import was confirmed already")
        self.assertNotContains(first, "This import was confirmed already")

    def test_a_confirmation_that_fails_leaves_the_preview_to_confirm_again(self):
        preview = self.upload()
        with mock.patch.object(ExchangeResource, "import_data", side_effect=DatabaseError("gone")):
            with self.assertRaises(DatabaseError):
                self.confirm(preview)
        response = self.confirm(preview)
        self.assertNotContains(response, "This import was confirmed already")
        self.assertEqual(Exchange.objects.get().title, "Panda loan")

    def test_a_file_too_long_to_preview_in_one_request_is_sent_to_the_command(self):
        # Every row is published (and rolled back) to preview it, in one request: 1,000 rows took
        # 173 s, far past the web server's 30 s, and the editor got an error page.
        rows = "".join(
            f"Visit {number},A visit.,1985,https://example.org/{number}\n"
            for number in range(ADMIN_IMPORT_ROWS + 1)
        )
        response = self.upload("Title,Summary,Exchange Date,Source URL\n" + rows)
        self.assertContains(
            response, f"It has {ADMIN_IMPORT_ROWS + 1} rows: here a file may have {ADMIN_IMPORT_ROWS}"
        )
        self.assertContains(response, "manage.py import_exchanges")
        self.assertFalse(Exchange.objects.exists())
        rows = "".join(f"Visit {number},A visit.,1985,https://example.org/{number}\n" for number in range(3))
        self.assertContains(
            self.upload("Title,Summary,Exchange Date,Source URL\n" + rows), "Would be published."
        )

    def test_a_json_lines_file_is_named_for_what_it_is(self):
        response = self.upload('{"Title": "Talks", "Summary": "Officials talked."}\n')
        self.assertContains(response, "It is JSON Lines (one JSON object a line), not CSV")
        self.assertNotContains(response, "no Title column")

    def test_gbk_as_excel_saves_csv_on_chinese_windows_is_read_as_the_command_reads_it(self):
        text = "Title,Summary,Exchange Date\n中美建交,两国建立外交关系。,1979年1月1日\n"
        response = self.confirm(self.upload(text, encoding="gbk"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Exchange.objects.get().title, "中美建交")

    def test_web_addresses_in_the_sources_are_read_where_they_end(self):
        text = (
            "Title,Summary,Exchange Date,Source URL\n"
            'Talks,Officials talked.,1979,"Office of the Historian (https://history.state.gov/x). '
            'www.nytimes.com/1979/talks.html, https://en.wikipedia.org/wiki/Talks_(1979)."\n'
        )
        self.confirm(self.upload(text))
        sources = Exchange.objects.get().sources.order_by("position")
        self.assertEqual(
            [(source.citation, source.url) for source in sources],
            [
                ("Office of the Historian", "https://history.state.gov/x"),
                ("", "https://www.nytimes.com/1979/talks.html"),
                ("", "https://en.wikipedia.org/wiki/Talks_(1979)"),
            ],
        )

    def test_excels_unicode_text_is_read_as_the_command_reads_it(self):
        # UTF-16 with its byte-order mark, cells separated by tabs: how Excel keeps Chinese text.
        text = (
            "Title\tTitle (Chinese)\tSummary\tExchange Date\n"
            "Panda loan\t大熊猫租借\tTwo pandas arrived.\t2013年4月\n"
        )
        response = self.confirm(self.upload(text, encoding="utf-16"))
        self.assertEqual(response.status_code, 200)
        exchange = Exchange.objects.get()
        self.assertEqual((exchange.title, exchange.title_zh), ("Panda loan", "大熊猫租借"))
        self.assertEqual(exchange.display_date, "April 2013")

    def test_a_file_separated_by_semicolons_is_read_as_the_command_reads_it(self):
        text = "".join(
            ";".join(next(csv.reader([line]))) + "\n"
            for line in CSV_TEXT.splitlines()
            if "No title" not in line
        )
        response = self.confirm(self.upload(text))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Exchange.objects.get().title, "Panda loan")

    def test_a_file_that_cannot_be_read_is_refused_with_the_reason(self):
        cases = [
            ((CSV_TEXT + "T\x81\x8d\x8f,S,,,2013,,,\n").encode("latin-1"), "neither UTF-8 nor Windows-1252"),
            (b"Title\x00,Summary\n", "NUL bytes"),
            (damaged_workbook(), "It is a damaged Excel workbook"),
        ]
        for content, reason in cases:
            with self.subTest(reason=reason):
                response = self.upload(content)
                self.assertContains(response, reason)
                self.assertNotContains(response, "encountered while trying to read file")
                self.assertNotContains(response, "Confirm import")
        self.assertFalse(Exchange.objects.exists())

    def test_cells_past_the_last_column_are_read_as_the_command_reads_them(self):
        text = (
            "Title;Summary;Exchange Date\n"
            "Talks;Officials talked.;1979;\n"  # a separator at the end of the line: ignored
            "Visit;Mayors visited.;1980;one cell too many\n"
            "Tour;A band toured.;1981\n"
        )
        page = re.sub(r"\s+", " ", self.upload(text).content.decode())
        self.assertIn(
            "Not imported: Line 3 has more cells than the first line has columns (“one cell too many” "
            "lies past the last column): a cell with the separator in it needs quotes around it.",
            page,
        )
        self.assertIn("Visit", page)  # the row is shown, with why it is left out
        self.confirm(self.upload(text))
        self.assertEqual(sorted(Exchange.objects.values_list("title", flat=True)), ["Talks", "Tour"])

    def test_a_file_whose_dates_show_the_day_first_is_read_day_first(self):
        text = (
            "Title;Summary;Date;End date\n"
            "Talks;Officials talked.;05/02/1979;\n"
            "Visit;Deng visited.;28/01/1979;05/02/1979\n"
        )
        self.confirm(self.upload(text))
        talks, visit = Exchange.objects.order_by("title")
        self.assertEqual((talks.date, talks.end_date), (datetime.date(1979, 2, 5), None))
        self.assertEqual(
            (visit.date, visit.end_date), (datetime.date(1979, 1, 28), datetime.date(1979, 2, 5))
        )
        # Dates that disagree: the file is refused, naming the lines.
        response = self.upload(text + "Tour;A band toured.;02/13/1980;\n")
        self.assertContains(
            response, "Its dates put the day first on line 3 (“28/01/1979”) and the month first"
        )
        self.assertNotContains(response, "Confirm import")
        # In words only: no traceback, no list brackets around the message.
        self.assertNotContains(response, "Traceback")
        self.assertNotContains(response, "[&#x27;")

    def test_a_workbook_is_previewed_and_imported_as_its_csv_is(self):
        rows = [next(csv.reader([line])) for line in CSV_TEXT.splitlines()]
        data = xlsx(("Read me", [["About these records"]]), ("Records", rows))
        response = self.upload(data, name="records.xlsx")
        # The rows' fates are the CSV's (test_the_example_as_a_workbook_previews_as_the_example_csv).
        self.assertContains(response, "Sheet read: “Records”.")
        self.assertContains(response, "Already imported: it repeats row 2 of the file.")
        self.assertFalse(Exchange.objects.exists())
        self.confirm(response)
        exchange = Exchange.objects.get()
        self.assertEqual((exchange.title, exchange.display_date), ("Panda loan", "April 2013"))
        self.assertEqual(exchange.sources.get().url, "https://example.org/panda")

    def test_the_example_as_a_workbook_previews_as_the_example_csv(self):
        with open(EXAMPLE, "rb") as file:
            from_csv = self.upload(file.read())
        from_workbook = self.upload(example_workbook(), name="example_import.xlsx")
        outcomes = [
            [row.diff for row in response.context["result"].valid_rows()]
            for response in (from_csv, from_workbook)
        ]
        # The same rows with the same fates; a repeat names the row it repeats, as Excel numbers it.
        self.assertEqual(
            [[cell.replace("repeats row 2", "repeats line 2") for cell in diff] for diff in outcomes[1]],
            outcomes[0],
        )

    def test_a_formula_without_its_value_is_named_in_the_preview(self):
        data = xlsx(
            ("Sheet1", [["Title", "Summary", "Exchange Date"], ["Talks", "=A2", 1979], ["Tour", "S", 1980]])
        )
        page = re.sub(r"\s+", " ", self.upload(data, name="records.xlsx").content.decode())
        self.assertIn("Not imported: Row 2: the cell B2 (Summary) holds a formula, =A2, whose value", page)
        self.assertIn("Would be published.", page)

    def test_a_workbook_too_long_to_preview_in_one_request_is_sent_to_the_command(self):
        rows = [[f"Visit {number}", "A visit.", 1985] for number in range(ADMIN_IMPORT_ROWS + 50)]
        data = xlsx(("Sheet1", [["Title", "Summary", "Exchange Date"], *rows]))
        # Its rows are not counted on: reading a sheet of a million rows to count them took minutes.
        with mock.patch("exchanges.admin.sheet_rows", side_effect=counted_rows(ADMIN_IMPORT_ROWS + 1)):
            response = self.upload(data, name="records.xlsx")
        self.assertContains(
            response, f"It has more than {ADMIN_IMPORT_ROWS} rows: here a file may have {ADMIN_IMPORT_ROWS}"
        )
        self.assertFalse(Exchange.objects.exists())

    def test_a_workbook_that_cannot_be_read_is_refused_with_the_reason(self):
        for content, reason in [
            (protected_workbook(), "It is an Excel workbook protected by a password"),
            (ods(), "It is an OpenDocument spreadsheet (.ods)"),
            (b"PK\x03\x04" + bytes(100), "It is a damaged Excel workbook"),
        ]:
            with self.subTest(reason=reason):
                response = self.upload(content, name="records.xlsx")
                self.assertContains(response, reason)
                self.assertNotContains(response, "encountered while trying to read file")
                self.assertNotContains(response, "Confirm import")

    def test_the_preview_shows_the_columns_under_their_other_headings(self):
        text = (
            "Title,Summary,Date,Type,Government,Level\n"
            "Talks,Officials talked.,March 1979,Diplomatic,Yes,National\n"
        )
        page = re.sub(r"\s+", " ", self.upload(text).content.decode())
        cells = re.findall(r"<td[^>]*>\s*(.*?)\s*</td>", page)
        for value in ["Talks", "March 1979", "Diplomatic", "Yes", "National"]:
            with self.subTest(value=value):
                self.assertIn(value, cells)

    def test_the_upload_page_names_the_columns(self):
        response = self.client.get("/admin/exchanges/exchange/import/")
        self.assertContains(response, "Number of Participants, Exchange Date, End Date")
        # And the columns of a download that it passes over.
        for column in DOWNLOAD_COLUMNS:
            self.assertContains(response, column)

    def test_the_upload_page_says_a_workbook_is_read_as_it_is(self):
        response = self.client.get("/admin/exchanges/exchange/import/")
        self.assertContains(
            response, "An Excel workbook (.xlsx) or a CSV file whose first row names the columns"
        )
        self.assertContains(response, "An .xls or .ods spreadsheet is refused")
        self.assertContains(response, "csv, xlsx")

    def test_the_upload_page_says_how_many_rows_it_takes_and_what_takes_more(self):
        # Said before the upload, not only once a longer file has been sent and refused.
        response = self.client.get("/admin/exchanges/exchange/import/")
        self.assertContains(response, f"A file here may have up to {ADMIN_IMPORT_ROWS} rows")
        self.assertContains(response, "<code>manage.py import_exchanges --publish</code>", html=True)

    def test_the_preview_shows_each_rows_fate_and_stores_nothing(self):
        response = self.upload()
        self.assertEqual(response.status_code, 200)
        page = re.sub(r"\s+", " ", response.content.decode())
        self.assertIn("Confirm import", page)
        # Nothing is published yet: the preview says what would be.
        self.assertIn("Would be published.", page)
        self.assertIn("Unknown columns, ignored: “Colour”.", page)
        self.assertIn("Not imported: It has no title.", page)
        self.assertIn("Not imported: it has no date.", page)
        self.assertIn("Already imported: it repeats line 2 of the file.", page)
        self.assertFalse(Exchange.objects.exists())

    def test_confirming_publishes_the_good_rows(self):
        response = self.confirm(self.upload())
        self.assertEqual(response.status_code, 200)
        exchange = Exchange.objects.get()
        self.assertEqual(
            (exchange.title, exchange.display_date, exchange.government), ("Panda loan", "April 2013", None)
        )
        self.assertEqual(exchange.status, Exchange.Status.PUBLISHED)
        self.assertEqual(exchange.sources.get().url, "https://example.org/panda")

    def test_a_misspelt_heading_is_named_with_the_column_it_looks_like(self):
        response = self.upload("Title,Summary,Exchange Date,Locaton\nTalks,S,2013,Beijing\n")
        self.assertContains(
            response,
            "Unknown columns, ignored: “Locaton” (is it Location? Correct its heading to import it).",
        )
        response = self.upload("Tittle,Summary,Date\nTalks,S,2013\n")
        self.assertContains(response, "no Title column")
        self.assertContains(response, "“Tittle” looks like it: correct its heading.")

    def test_a_file_without_a_title_column_is_refused_with_the_reason(self):
        response = self.upload("Summary,Date\nS,2013\n")
        self.assertContains(response, "no Title column")
        self.assertNotContains(response, "Traceback")
        self.assertNotContains(response, "Confirm import")


class AdminExportTests(TestCase):
    def test_selected_exchanges_export_as_rows_that_import_back(self):
        staff = User.objects.create_superuser("editor", "editor@example.org", "pw")
        self.client.force_login(staff)
        chosen = make_exchange(title="Chosen", levels=["national", "state"], government=None)
        make_exchange(title="Not chosen")
        response = self.client.post(
            "/admin/exchanges/exchange/",
            {"action": "export_admin_action", "_selected_action": [chosen.pk], "format": "0"},
        )
        if response.get("Content-Type", "").startswith("text/html"):
            # The export form asks for the format and the columns first.
            form = response.context["form"]
            data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
            data.update({"format": "0", "export_items": [chosen.pk]})
            data.update({name: "on" for name in form.fields if name.startswith("exchangeresource_")})
            response = self.client.post("/admin/exchanges/exchange/export/", data)
        self.assertEqual(response.status_code, 200)
        text = response.content.decode("utf-8-sig")
        lines = text.splitlines()
        self.assertEqual(lines[0], ",".join(f'"{c}"' if "," in c else c for c in COLUMNS))
        self.assertIn("Chosen", text)
        self.assertNotIn("Not chosen", text)
        row = next(csv.DictReader(io.StringIO(text)))
        back = read_row(row)
        self.assertEqual((back.values["levels"], back.values["government"]), (["national", "state"], None))

    def test_the_export_form_checks_the_ticked_exchanges_alone(self):
        staff = User.objects.create_superuser("editor", "editor@example.org", "pw")
        self.client.force_login(staff)
        chosen = make_exchange(title="Chosen")
        make_exchange(title="Not chosen")
        form = self.client.get("/admin/exchanges/exchange/export/").context["form"]
        data = {name: field.initial for name, field in form.fields.items() if field.initial is not None}
        data.update({name: "on" for name in form.fields if name.startswith("exchangeresource_")})
        with warnings.catch_warnings():
            # The library's way lists every exchange in the table, and warns that it is deprecated.
            warnings.simplefilter("error", DeprecationWarning)
            response = self.client.post(
                "/admin/exchanges/exchange/export/", {**data, "format": "0", "export_items": [chosen.pk]}
            )
        self.assertIn("Chosen", response.content.decode("utf-8-sig"))
        self.assertNotIn("Not chosen", response.content.decode("utf-8-sig"))
        # A primary key that is not an exchange, or not a number, is refused by the form.
        for bad in ("999999", "x'; drop"):
            with self.subTest(bad=bad):
                response = self.client.post(
                    "/admin/exchanges/exchange/export/", {**data, "format": "0", "export_items": [bad]}
                )
                self.assertEqual(response.status_code, 200)
                self.assertIn("not one of the available choices", response.content.decode())


class AdminImportPermissionTests(TestCase):
    def test_importing_takes_the_right_to_add_exchanges(self):
        from django.contrib.auth.models import Permission

        viewer = User.objects.create_user("viewer", is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_exchange"))
        self.client.force_login(viewer)
        self.assertEqual(self.client.get("/admin/exchanges/exchange/import/").status_code, 403)
        self.assertNotContains(
            self.client.get("/admin/exchanges/exchange/"), "/admin/exchanges/exchange/import/"
        )
