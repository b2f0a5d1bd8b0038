"""Reading a file of records (exchanges/importing.py): what it is, its encoding, its rows."""

import datetime
import os
import tempfile

from django.test import SimpleTestCase, TestCase

from contributions.models import Submission
from exchanges.importing import Records, UnreadableFile, decode
from exchanges.models import Exchange
from tests.contributions.test_import import run

D = datetime.date


def tmp_file(test, content, suffix=".csv"):
    handle = tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False)
    handle.write(content)
    handle.close()
    test.addCleanup(os.unlink, handle.name)
    return handle.name


class OtherFormatTests(SimpleTestCase):
    CASES = [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "It is an Excel 97-2003 workbook (.xls)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "It is a PDF document, not a CSV file"),
        (b"\n  <!DOCTYPE html>\n<html><body>Sign in</body></html>", "It is a web page (HTML)"),
        (b"\xef\xbb\xbf<html lang=en><head><title>Error</title>", "It is a web page (HTML)"),
    ]

    def test_an_old_workbook_a_pdf_or_a_web_page_is_named_for_what_it_is(self):
        for content, message in self.CASES:
            with self.subTest(message=message, start=content[:8]):
                # The command reads a path; the admin's upload the bytes.
                with self.assertRaisesMessage(UnreadableFile, message):
                    Records(tmp_file(self, content, ".xlsx"))
                with self.assertRaisesMessage(UnreadableFile, message):
                    decode(content)

    def test_a_csv_whose_first_cell_looks_like_a_tag_is_still_csv(self):
        path = tmp_file(self, b"Title,Summary\n<html> in a title,S\n")
        self.assertEqual(list(Records(path)), [(2, {"Title": "<html> in a title", "Summary": "S"})])


class PathTests(SimpleTestCase):
    def test_a_folder_is_named_as_a_folder(self):
        # Said before as "There is no file …", which sent a user looking for a file that was there.
        folder = tempfile.mkdtemp()
        self.addCleanup(os.rmdir, folder)
        with self.assertRaisesMessage(
            UnreadableFile, f"{folder} is a folder: name the file in it to import."
        ):
            Records(folder)

    def test_a_missing_file_is_named(self):
        with self.assertRaisesMessage(UnreadableFile, "There is no file /nowhere/records.csv."):
            Records("/nowhere/records.csv")


class EncodingTests(SimpleTestCase):
    def read(self, content):
        """The rows as the command reads the file, and the text as the admin's upload decodes it."""
        records = Records(tmp_file(self, content))
        return [cells for _line, cells in records], decode(content)

    def test_gbk_as_excel_saves_csv_on_chinese_windows(self):
        text = "Title,Summary,Exchange Date\n中美建交,两国建立外交关系，朱镕基出席。,1979年1月1日\n"
        rows, decoded = self.read(text.encode("gbk"))
        self.assertEqual(rows[0]["Title"], "中美建交")
        # 镕 is among GBK's characters beyond GB2312's: a real file has a few.
        self.assertEqual(rows[0]["Summary"], "两国建立外交关系，朱镕基出席。")
        self.assertEqual(decoded, text)

    def test_windows_1252_that_is_also_valid_gb18030_stays_windows_1252(self):
        # Each of é and ’ is followed by a letter, so the bytes decode as GB18030 too, as
        # "zoo抯 ... P閗in": rare characters, not Chinese text.
        text = "Title,Summary\nPanda loan,Two pandas arrived at the zoo’s new house in Pékin.\n"
        content = text.encode("cp1252")
        self.assertIn("抯", content.decode("gb18030"))
        rows, decoded = self.read(content)
        self.assertEqual(rows[0]["Summary"], "Two pandas arrived at the zoo’s new house in Pékin.")
        self.assertEqual(decoded, text)

    def test_windows_1252_that_is_no_gb18030_stays_windows_1252(self):
        text = "Title,Summary\nCafé talks,The délégation’s visit; résumé.\n"
        rows, decoded = self.read(text.encode("cp1252"))
        self.assertEqual(rows[0]["Summary"], "The délégation’s visit; résumé.")
        self.assertEqual(decoded, text)

    def test_utf8_with_a_stray_windows_1252_byte_is_refused_naming_its_line(self):
        # A UTF-8 file into which one line was pasted from Windows-1252 (’ as the byte 0x92). Read
        # as Windows-1252 throughout, every other line's ’ and é became "â€™" and "Ã©", unsaid.
        content = (
            "Title,Summary\nThe zoo’s pandas,Café talks.\n".encode() + b"Second,It was Deng\x92s visit.\n"
        )
        message = "It is UTF-8 but for 1 byte that is not, on line 3"
        with self.assertRaisesMessage(UnreadableFile, message):
            Records(tmp_file(self, content))
        with self.assertRaisesMessage(UnreadableFile, message):
            decode(content)

    def test_utf8_chinese_stays_utf8(self):
        text = "Title,Summary\n中美建交,两国建立外交关系。\n"
        rows, decoded = self.read(text.encode("utf-8"))
        self.assertEqual((rows[0]["Title"], decoded), ("中美建交", text))


class RowTests(SimpleTestCase):
    def test_a_cell_past_the_last_column_is_ignored_when_empty_and_an_error_naming_its_line_when_not(self):
        content = (
            b"Title;Summary\n"
            b"Talks;Officials talked.;\n"  # a separator at the end of the line
            b"Visit;Mayors visited.;one cell too many\n"
            b"Tour\n"
        )
        rows = list(Records(tmp_file(self, content)))
        self.assertEqual(rows[0], (2, {"Title": "Talks", "Summary": "Officials talked."}))
        line, problem = rows[1]
        self.assertEqual(line, 3)
        self.assertIsInstance(problem, ValueError)
        self.assertIn("Line 3 has more cells than the first line has columns", str(problem))
        self.assertEqual(rows[2], (4, {"Title": "Tour", "Summary": ""}))

    def test_quotes_closed_or_inside_a_cell_are_no_quote_left_open(self):
        last_rows = {
            '"Ping" pong,Officials talked.\n': ("Ping pong", None),
            '12" records,"Say ""hello""\n, twice"\n': ('12" records', None),
            '"Ping-pong diplomacy,Officials talked.\n': ("Ping-pong diplomacy,Officials talked.\n", "Line 2"),
            'Visit,"Mayors\n""visited"",\nTour,S\n': ("Visit", "Line 2"),
        }
        for last_row, (title, problem) in last_rows.items():
            with self.subTest(last_row):
                rows = list(Records(tmp_file(self, ("Title,Summary\n" + last_row).encode())))
                line, cells = rows[-1]
                if problem is None:
                    self.assertEqual(cells["Title"], title)
                else:
                    self.assertIsInstance(cells, ValueError)
                    self.assertIn(f"{problem} opens a quotation mark", str(cells))
                    self.assertEqual(cells.cells["Title"], title)

    def test_a_column_without_a_heading_after_the_last_is_no_column(self):
        # A spreadsheet exported with an empty last column writes a separator at the end of every
        # line, the first line's too: text under it is past the last column, not a cell ignored.
        content = (
            b"Title,Summary,Government?,\r\n"
            b"Talks,Officials talked.,Yes,\r\n"
            b"Visit,Mayors visited,Yes,ignored text\r\n"
        )
        rows = list(Records(tmp_file(self, content)))
        self.assertEqual(
            rows[0], (2, {"Title": "Talks", "Summary": "Officials talked.", "Government?": "Yes"})
        )
        line, problem = rows[1]
        self.assertEqual(line, 3)
        self.assertIsInstance(problem, ValueError)
        self.assertIn("(“ignored text” lies past the last column)", str(problem))


class DateOrderTests(TestCase):
    """A file's numeric dates are read in the order its dates show, by the command and the admin."""

    FILE = (
        "Title;Summary;Date;End date;Source URL\n"
        "Talks;Officials talked.;05/02/1979;;https://example.org/talks\n"
        "Visit;Deng visited.;28/01/1979;05/02/1979;https://example.org/visit\n"
    )

    def test_a_file_whose_dates_show_the_day_first_is_read_day_first(self):
        self.assertIs(Records(tmp_file(self, self.FILE.encode())).day_first, True)
        code, output = run("--publish", tmp_file(self, self.FILE.encode()))
        self.assertEqual(code, 0, output)
        talks, visit = Exchange.objects.order_by("title")
        self.assertEqual((talks.date, talks.end_date), (D(1979, 2, 5), None))
        self.assertEqual((visit.date, visit.end_date), (D(1979, 1, 28), D(1979, 2, 5)))

    def test_a_file_whose_dates_disagree_is_refused_naming_the_lines(self):
        text = self.FILE + "Tour;A band toured.;02/13/1980;;https://example.org/tour\n"
        code, output = run(tmp_file(self, text.encode()))
        self.assertEqual(code, 2)
        self.assertIn(
            "Its dates put the day first on line 3 (“28/01/1979”) and the month first on line 4 "
            "(“02/13/1980”)",
            output,
        )
        self.assertFalse(Submission.objects.exists())

    def test_a_file_whose_dates_do_not_say_is_read_month_first_with_a_warning_on_those_rows(self):
        text = "Title;Summary;Date;Source URL\nTalks;Officials talked.;05/02/1979;https://example.org/talks\n"
        self.assertIsNone(Records(tmp_file(self, text.encode())).day_first)
        code, output = run("--publish", tmp_file(self, text.encode()))
        self.assertEqual(code, 0, output)
        self.assertEqual(Exchange.objects.get().date, D(1979, 5, 2))
        self.assertIn("Exchange Date “05/02/1979” read with the month first, as May 2, 1979", output)

    def test_json_lines_too(self):
        text = (
            '{"Title": "Talks", "Summary": "S", "Date": "05/02/1979"}\n'
            '{"Title": "Visit", "Summary": "S", "Date": "28/01/1979", "Colour": "red"}\n'
        )
        records = Records(tmp_file(self, text.encode(), ".jsonl"))
        self.assertIs(records.day_first, True)
        self.assertEqual(records.unknown_columns, [])  # noted as the import reads the rows, once
        list(records)
        self.assertEqual(records.unknown_columns, ["Colour"])
