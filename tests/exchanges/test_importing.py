"""Reading a file of records (exchanges/importing.py): what it is, its encoding, its rows."""

import io
import os
import tempfile
import zipfile

from django.test import SimpleTestCase

from exchanges.importing import Records, UnreadableFile, decode


def tmp_file(test, content, suffix=".csv"):
    handle = tempfile.NamedTemporaryFile("wb", suffix=suffix, delete=False)
    handle.write(content)
    handle.close()
    test.addCleanup(os.unlink, handle.name)
    return handle.name


def workbook():
    """The first bytes of an .xlsx as Excel writes it: a zip file of XML parts."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return data.getvalue()


class OtherFormatTests(SimpleTestCase):
    CASES = [
        (workbook(), "It is an Excel workbook, not a CSV file: open it in Excel, save it as “CSV UTF-8”"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "It is an Excel workbook"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "It is a PDF document, not a CSV file"),
        (b"\n  <!DOCTYPE html>\n<html><body>Sign in</body></html>", "It is a web page (HTML)"),
        (b"\xef\xbb\xbf<html lang=en><head><title>Error</title>", "It is a web page (HTML)"),
    ]

    def test_a_workbook_a_pdf_or_a_web_page_is_named_for_what_it_is(self):
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
