"""Excel workbooks (.xlsx) read by the import as a CSV file is: the command and the admin alike."""

import csv
import datetime
import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from unittest import mock

import openpyxl
from django.conf import settings
from django.test import SimpleTestCase, TestCase

from contributions.models import Submission
from exchanges.importing import Records, UnreadableFile
from tests.contributions.test_import import run
from tests.exchanges.test_importing import tmp_file

EXAMPLE = Path(settings.BASE_DIR) / "fixtures" / "example_import.csv"


def example_rows():
    with EXAMPLE.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def as_typed(cell):
    """A cell of the CSV as Excel keeps what was typed into it: a whole number as a number."""
    return int(cell) if cell.isdigit() else cell or None


def xlsx(*sheets):
    """The bytes of a workbook holding `sheets`, each (name, rows), as openpyxl writes it."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for number, row in enumerate(rows, 1):
            for column, value in enumerate(row, 1):
                if value is not None:
                    sheet.cell(number, column, value)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def replaced(data, old, new):
    """The workbook `data` with `old` replaced by `new` in its sheets' XML."""
    source, result = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(result, "w") as archive:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                assert old.encode() in content, content
                content = content.replace(old.encode(), new.encode())
            archive.writestr(item, content)
    return result.getvalue()


def example_workbook():
    header, *rows = example_rows()
    return xlsx(("Records", [header, *([as_typed(cell) for cell in row] for row in rows)]))


def protected_workbook():
    """The first bytes of an .xlsx saved with a password: an OLE compound file, as .xls is, holding
    the encrypted workbook in a stream named EncryptedPackage."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return ole + "EncryptedInfo".encode("utf-16-le") + bytes(60) + "EncryptedPackage".encode("utf-16-le")


def chart_only():
    book = openpyxl.Workbook()
    book.create_chartsheet()
    book.remove(book.active)
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def zip_of(parts):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return data.getvalue()


def ods():
    return zip_of(
        {
            "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
            "content.xml": "<office:document-content/>",
        }
    )


def damaged_workbook():
    return zip_of({"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": "<worksheet/>"})


class ReadingTests(SimpleTestCase):
    def records(self, data, suffix=".xlsx"):
        return Records(tmp_file(self, data, suffix))

    def test_the_example_as_a_workbook_holds_the_cells_of_the_csv(self):
        from_csv = [cells for _line, cells in Records(EXAMPLE)]
        records = self.records(example_workbook())
        rows = list(records)
        self.assertEqual([cells for _row, cells in rows], from_csv)
        # Numbered as Excel numbers its rows, the headings being row 1: a CSV line holding a line
        # break inside a cell is two lines, an Excel row one.
        self.assertEqual([row for row, _cells in rows], list(range(2, len(from_csv) + 2)))
        self.assertEqual((records.format, records.sheet), ("xlsx", "Records"))
        self.assertEqual(records.unknown_columns, ["Image"])

    def test_cells_are_read_as_a_person_sees_them(self):
        rows = [
            ["Title", "Exchange Date", "End Date", "Number of Participants", "Government?", "Summary"],
            ["Visit", datetime.datetime(2015, 9, 22), datetime.date(2015, 9, 25), 40.0, True, 2.5],
            ["Talks", datetime.datetime(2015, 9, 22, 14, 30), None, 1200, False, "Talks."],
        ]
        (_row, visit), (_row, talks) = list(self.records(xlsx(("Sheet1", rows))))
        self.assertEqual(
            [visit[heading] for heading in rows[0][1:]], ["2015-09-22", "2015-09-25", "40", "Yes", "2.5"]
        )
        self.assertEqual(talks["Exchange Date"], "2015-09-22 14:30")
        self.assertEqual((talks["Number of Participants"], talks["Government?"]), ("1200", "No"))

    def test_a_formula_is_read_as_the_value_it_keeps_and_one_without_is_named(self):
        rows = [
            ["Title", "Summary", "Number of Participants"],
            ["Visit", "Mayors visited.", "=20*2"],
            ["Talks", "Officials talked.", "=C2+1"],
        ]
        # Kept as Excel keeps it beside the formula: openpyxl writes formulas without their values.
        data = replaced(xlsx(("Sheet1", rows)), "<f>20*2</f><v />", "<f>20*2</f><v>40</v>")
        (row, visit), (row_3, talks) = list(self.records(data))
        self.assertEqual((row, visit["Number of Participants"]), (2, "40"))
        self.assertEqual(row_3, 3)
        self.assertIsInstance(talks, ValueError)
        self.assertEqual(
            str(talks),
            "Row 3: the cell C3 (Number of Participants) holds a formula, =C2+1, whose value the "
            "workbook does not keep: open it in Excel and save it again, or type the value.",
        )
        self.assertEqual(talks.cells["Title"], "Talks")

    def test_an_error_value_is_named_for_its_row(self):
        rows = [["Title", "Summary"], ["Visit", "#N/A"]]
        ((row, problem),) = list(self.records(xlsx(("Sheet1", rows))))
        self.assertIsInstance(problem, ValueError)
        self.assertEqual(
            str(problem),
            "Row 2: the cell B2 (Summary) shows the error #N/A: put it right in the workbook, or empty it.",
        )

    def test_a_year_and_tenth_month_that_excel_kept_as_a_number_is_named_not_read_as_january(self):
        # "1972.10" (October 1972, as Chinese records write it) typed into a cell is the number
        # 1972.1, which was imported as January 1972 without a word.
        rows = [
            ["Title", "Exchange Date", "结束日期"],
            ["Visit", 1972.10, None],
            ["Talks", 1972.3, 1972.1],
            ["Tour", 1972.12, "1972.10"],
        ]
        (row, visit), (row_3, talks), (_row, tour) = list(self.records(xlsx(("Sheet1", rows))))
        self.assertEqual((row, row_3), (2, 3))
        self.assertIsInstance(visit, ValueError)
        self.assertEqual(
            str(visit),
            "Row 2: the cell B2 (Exchange Date) holds the number 1972.1: January 1972, or 1972.10 "
            "(October 1972) as typed, which Excel keeps as that number. Write the month's name "
            "(“January 1972” or “October 1972”), or format the column as text and type the dates again.",
        )
        self.assertIn("the cell C3 (结束日期) holds the number 1972.1", str(talks))
        # Months that no lost zero makes, and text, are read as they are.
        self.assertEqual((tour["Exchange Date"], tour["结束日期"]), ("1972.12", "1972.10"))

    def test_a_sheet_damaged_past_its_first_rows_is_refused_before_any_row_is_imported(self):
        rows = [["Title", "Exchange Date"], ["Visit", 1985], ["Talks", 1986]]
        data = replaced(xlsx(("Sheet1", rows)), '<c r="B3" t="n"><v>1986</v>', '<c r="B3" t="n"><v>x</v>')
        with self.assertRaisesMessage(UnreadableFile, "Row 3 of the sheet “Sheet1” cannot be read"):
            self.records(data)

    def test_empty_rows_are_passed_over_and_rows_keep_their_numbers(self):
        rows = [["Title", "Summary"], ["Visit", "S"], [], [None, None], ["Talks", "S"], [], []]
        self.assertEqual(
            list(self.records(xlsx(("Sheet1", rows)))),
            [(2, {"Title": "Visit", "Summary": "S"}), (5, {"Title": "Talks", "Summary": "S"})],
        )

    def test_text_in_a_column_without_a_heading_rejects_its_row(self):
        rows = [["Title", "Summary"], ["Visit", "S", None, "a note"], ["Talks", "S"]]
        (row, problem), talks = list(self.records(xlsx(("Sheet1", rows))))
        self.assertEqual(row, 2)
        self.assertIsInstance(problem, ValueError)
        self.assertIn("Row 2 has text in column D, which has no heading in row 1 (“a note”)", str(problem))
        self.assertEqual(talks, (3, {"Title": "Talks", "Summary": "S"}))

    def test_the_first_sheet_with_a_title_heading_is_read(self):
        data = xlsx(
            ("Notes", [["Read me"], ["Collected in 2024."]]),
            ("Records", [["Title", "Summary"], ["Visit", "S"]]),
            ("More", [["Title", "Summary"], ["Talks", "S"]]),
        )
        records = self.records(data)
        self.assertEqual(records.sheet, "Records")
        self.assertEqual(list(records), [(2, {"Title": "Visit", "Summary": "S"})])
        # None has one: the first is read, and has no Title column.
        with self.assertRaisesMessage(UnreadableFile, "It has no Title column"):
            self.records(xlsx(("Notes", [["Read me"]]), ("Other", [["Summary"]])))

    def test_a_workbook_named_csv_is_still_read_as_a_workbook(self):
        records = self.records(xlsx(("Sheet1", [["Title"], ["Visit"]])), ".csv")
        self.assertEqual(list(records), [(2, {"Title": "Visit"})])

    def test_a_workbook_whose_text_would_not_fit_in_memory_is_refused(self):
        # openpyxl holds a workbook's shared strings in memory: a small zip file can hold
        # gigabytes of them, compressed.
        data = io.BytesIO(xlsx(("Sheet1", [["Title"], ["Visit"]])))
        with zipfile.ZipFile(data, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/sharedStrings.xml", "<sst>" + " " * 2**20 + "</sst>")
        with mock.patch("exchanges.workbooks.SHARED_STRINGS_LIMIT", 2**20):
            with self.assertRaisesMessage(UnreadableFile, "Its text takes more than 1 MB unpacked"):
                self.records(data.getvalue())

    def test_workbooks_it_cannot_read_are_refused_saying_what_to_do(self):
        cases = [
            (damaged_workbook(), ".xlsx", "It is a damaged Excel workbook, or a zip file of another kind"),
            (b"PK\x03\x04" + bytes(100), ".xlsx", "It is a damaged Excel workbook"),
            (protected_workbook(), ".xlsx", "It is an Excel workbook protected by a password"),
            (
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
                ".xls",
                "It is an Excel 97-2003 workbook (.xls): open it in Excel and save it as an Excel "
                "Workbook (.xlsx), or as “CSV UTF-8”, and import that.",
            ),
            (ods(), ".ods", "It is an OpenDocument spreadsheet (.ods): save it as an Excel Workbook (.xlsx)"),
            # openpyxl cannot read a workbook of charts alone: it is named unreadable, no error page.
            (chart_only(), ".xlsx", "It is a damaged Excel workbook"),
            (xlsx(("Sheet1", [])), ".xlsx", "The sheet “Sheet1” has nothing in its first row"),
        ]
        for content, suffix, message in cases:
            with self.subTest(message=message):
                with self.assertRaisesMessage(UnreadableFile, message):
                    self.records(content, suffix)


class CommandTests(TestCase):
    def test_the_example_as_a_workbook_imports_the_same_records_as_the_csv(self):
        code, output = run(self.named(example_workbook(), "records.xlsx"))
        self.assertEqual(code, 1, output)
        self.assertIn("Sheet read: “Records”.", output)
        self.assertIn("Unknown columns, ignored: “Image”", output)
        self.assertIn(
            "row 7: “US calls on China for cooperation”: already imported: It repeats row 2 of the file.",
            output,
        )
        self.assertIn("row 8: (no title): rejected: It has no title.", output)
        self.assertIn(
            "16 created (16 waiting for a moderator, 0 published), 1 already imported, 3 rejected.", output
        )
        fair = Submission.objects.get(title="Trade fair for agricultural products")
        self.assertIn("Imported from records.xlsx, row 15.", fair.note)
        from_workbook = self.submissions()
        Submission.objects.all().delete()
        code, output = run(str(EXAMPLE))
        self.assertEqual(code, 1, output)
        self.assertEqual(self.submissions(), from_workbook)

    def named(self, content, name):
        folder = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, folder)
        path = Path(folder) / name
        path.write_bytes(content)
        return str(path)

    def submissions(self):
        # All but what names the submission or the file and line it came from.
        left_out = {"id", "reference", "note", "created", "updated", "form_key"}
        fields = [field.name for field in Submission._meta.concrete_fields if field.name not in left_out]
        return list(Submission.objects.order_by("title", "date").values(*fields))

    def test_publish_and_dry_run_as_for_a_csv(self):
        path = tmp_file(self, example_workbook(), ".xlsx")
        code, output = run("--publish", "--dry-run", path)
        self.assertEqual(code, 1, output)
        self.assertIn("15 to be published", output)
        self.assertFalse(Submission.objects.exists())
        code, output = run("--publish", path)
        self.assertEqual(code, 1, output)
        self.assertIn("row 2: “US calls on China for cooperation”: published at /exchanges/", output)
        code, output = run("--publish", path)
        self.assertIn("0 created (0 waiting for a moderator, 0 published), 17 already imported", output)

    def test_a_workbook_it_cannot_read_exits_with_2_and_says_why(self):
        for content, message in [
            (damaged_workbook(), "It is a damaged Excel workbook"),
            (protected_workbook(), "protected by a password"),
        ]:
            with self.subTest(message=message):
                code, output = run(tmp_file(self, content, ".xlsx"))
                self.assertEqual(code, 2, output)
                self.assertIn(message, output)
                self.assertNotIn("Traceback", output)
        self.assertFalse(Submission.objects.exists())
