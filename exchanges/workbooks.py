"""Reading an Excel workbook (.xlsx) as the import reads a CSV file: the headings in the first row,
each cell as a person sees it in Excel, the rows numbered as Excel numbers them.

The records are on the first sheet whose first row has a Title heading, or else the first
sheet. openpyxl reads the sheet as it streams it (read-only), so memory stays level whatever the
number of rows. A formula is read as the value the workbook keeps for it (Excel saves it with the
formula); a workbook written by a program that does not calculate keeps none, and the row is
rejected saying so rather than imported with "=A1" or nothing in that cell.
"""

import contextlib
import datetime
import io
import zipfile

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from .rows import column_of, match_columns

ZIP = b"PK\x03\x04"  # .xlsx is a zip file of XML parts (as .ods and .docx are)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and an .xlsx saved with a password
# The stream in which an .xlsx saved with a password keeps the encrypted workbook.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
OPEN_DOCUMENT = b"mimetypeapplication/vnd.oasis.opendocument"
# openpyxl holds a workbook's text (its shared strings) in memory while it streams the rows, and
# a zip file of a few megabytes may unpack to gigabytes of it.
SHARED_STRINGS_LIMIT = 256 * 1024 * 1024


class UnreadableWorkbook(ValueError):
    pass


# The columns a number may stand in for a month in ("1972.10", as Chinese records write October
# 1972, typed into a cell that Excel takes for a number).
DATE_COLUMNS = {"Exchange Date", "End Date"}


def lost_zero(value):
    """Whether a number in a date column may be a year and month that Excel cut short: 1972.10
    typed (October) is kept as the number 1972.1, which reads as January; "1972.1" itself is also
    January. Only a tenth can be both: 1972.2 typed as 1972.20 would be no month."""
    return isinstance(value, float) and 1000 <= value < 10000 and f"{value:.15g}".endswith(".1")


def is_workbook(head):
    """Whether a file beginning with the bytes `head` is a zip file, read as an .xlsx workbook; an
    OpenDocument file is a zip file too, refused by old_or_other_workbook()."""
    return head.startswith(ZIP) and OPEN_DOCUMENT not in head


def old_or_other_workbook(head, holds):
    """UnreadableWorkbook saying what to do with a workbook that is no .xlsx openpyxl reads: one
    saved with a password, an .xls or an .ods; None otherwise. `holds(bytes)` says whether the
    file holds those bytes."""
    if head.startswith(OLE) and holds(ENCRYPTED_PACKAGE):
        return UnreadableWorkbook(
            _(
                "It is an Excel workbook protected by a password: open it in Excel, remove the password "
                "(File › Info › Protect Workbook › Encrypt with Password, emptied), save it and import that."
            )
        )
    if head.startswith(OLE):
        return UnreadableWorkbook(
            _(
                "It is an Excel 97-2003 workbook (.xls): open it in Excel and save it as an Excel "
                "Workbook (.xlsx), or as “CSV UTF-8”, and import that."
            )
        )
    if head.startswith(ZIP) and OPEN_DOCUMENT in head:
        return UnreadableWorkbook(
            _(
                "It is an OpenDocument spreadsheet (.ods): save it as an Excel Workbook (.xlsx), or as "
                "“CSV UTF-8”, and import that."
            )
        )
    return None


def damaged(error):
    return UnreadableWorkbook(
        _(
            "It is a damaged Excel workbook, or a zip file of another kind (%(error)s): open it in Excel, "
            "save it again as an Excel Workbook (.xlsx) or as “CSV UTF-8”, and import that."
        )
        % {"error": str(error) or type(error).__name__}
    )


def cell_text(value):
    """A cell's value as the text a person sees in it, in the forms the row reader takes: a date as
    2015-09-22 (a time beside it only when it has one), a whole number without ".0", TRUE as Yes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, float):
        # Excel shows 15 significant digits: 0.1 + 0.2 is 0.3 there.
        return str(int(value)) if value.is_integer() else f"{value:.15g}"
    return str(value)


class Sheet:
    """The sheet of a workbook (a path, or the bytes of an upload) that holds the records."""

    def __init__(self, source):
        self.source = source
        self.refuse_too_much_text()
        with self.opened(data_only=True) as book:
            sheets = book.worksheets
            try:
                headings = {sheet.title: self.first_row(sheet) for sheet in sheets}
            except Exception as error:  # openpyxl's XML reading raises many kinds for a damaged part
                raise damaged(error) from None
        with_title = [
            name for name, header in headings.items() if "Title" in match_columns(header)[0].values()
        ]
        if not headings:
            raise damaged(_("no sheet"))
        self.name = with_title[0] if with_title else sheets[0].title
        # Without the empty headings after the last, as a CSV file's first line is read: a column
        # without one is none, and text under it rejects its row (problem()).
        self.header = headings[self.name]
        while self.header and not self.header[-1].strip():
            self.header = self.header[:-1]

    def refuse_too_much_text(self):
        try:
            with zipfile.ZipFile(
                io.BytesIO(self.source) if isinstance(self.source, bytes) else self.source
            ) as archive:
                unpacked = sum(
                    item.file_size for item in archive.infolist() if "sharedstrings" in item.filename.lower()
                )
        except (zipfile.BadZipFile, OSError) as error:
            raise damaged(error) from None
        if unpacked > SHARED_STRINGS_LIMIT:
            raise UnreadableWorkbook(
                _(
                    "Its text takes more than %(limit)s MB unpacked, more than can be read at once: "
                    "import it in parts, or save it as “CSV UTF-8” and import that."
                )
                % {"limit": SHARED_STRINGS_LIMIT // 2**20}
            )

    @contextlib.contextmanager
    def opened(self, data_only):
        # A file rather than its name: openpyxl refuses a name that does not end in .xlsx (or
        # .xlsm), and a workbook is known by its content whatever its name.
        with contextlib.ExitStack() as stack:
            if isinstance(self.source, bytes):
                file = io.BytesIO(self.source)
            else:
                file = stack.enter_context(open(self.source, "rb"))
            try:
                book = openpyxl.load_workbook(file, read_only=True, data_only=data_only)
            except Exception as error:  # a zip without a workbook in it, a part missing, or bad XML
                raise damaged(error) from None
            stack.callback(book.close)
            yield book

    @staticmethod
    def first_row(sheet):
        for row in sheet.iter_rows(max_row=1, values_only=True):
            return [cell_text(value) for value in row]
        return []

    def rows(self):
        """(row number, cells, problem) for each row below the headings that holds anything: its
        cells as text, one for each heading, and what keeps the row from being read, or None.

        The sheet is read twice in step, for the values the workbook keeps and for its formulas:
        a formula whose value is not kept reads as an empty cell among the values."""
        with self.opened(data_only=True) as values, self.opened(data_only=False) as formulas:
            yield from self._rows(values, formulas)

    def _rows(self, values, formulas):
        number = 1
        try:
            pairs = zip(
                values[self.name].iter_rows(min_row=2), formulas[self.name].iter_rows(min_row=2), strict=False
            )
            for number, (cells, written) in enumerate(pairs, 2):
                texts = [cell_text(cell.value) for cell in cells]
                problem = self.problem(number, cells, written, texts)
                if problem or any(text.strip() for text in texts):
                    fitted = texts[: len(self.header)] + [""] * (len(self.header) - len(texts))
                    yield number, fitted, problem
        except UnreadableWorkbook:
            raise
        except Exception as error:  # a part of the zip damaged past the first row
            raise UnreadableWorkbook(
                _("Row %(row)s of the sheet “%(sheet)s” cannot be read: %(error)s")
                % {"row": number + 1, "sheet": self.name, "error": damaged(error)}
            ) from None

    def problem(self, number, cells, written, texts):
        """What keeps a row from being read: a formula without its value or an error value (#N/A)
        in a column with a heading, or text in a column without one."""
        for index, (cell, formula) in enumerate(zip(cells, written, strict=False)):
            heading = self.header[index] if index < len(self.header) else ""
            where = {"row": number, "cell": f"{get_column_letter(index + 1)}{number}", "heading": heading}
            if not heading.strip():
                if texts[index].strip():
                    return _(
                        "Row %(row)s has text in column %(column)s, which has no heading in row 1 "
                        "(“%(text)s”): give the column a heading, or move the text."
                    ) % {"row": number, "column": get_column_letter(index + 1), "text": texts[index].strip()}
            elif cell.value is None and getattr(formula, "data_type", None) == "f":
                return _(
                    "Row %(row)s: the cell %(cell)s (%(heading)s) holds a formula, %(formula)s, whose "
                    "value the workbook does not keep: open it in Excel and save it again, or type the value."
                ) % {**where, "formula": formula.value}
            elif column_of(heading) in DATE_COLUMNS and lost_zero(cell.value):
                return _(
                    "Row %(row)s: the cell %(cell)s (%(heading)s) holds the number %(number)s: January "
                    "%(year)s, or %(number)s0 (October %(year)s) as typed, which Excel keeps as that "
                    "number. Write the month's name (“January %(year)s” or “October %(year)s”), or format "
                    "the column as text and type the dates again."
                ) % {**where, "number": texts[index], "year": int(cell.value)}
            elif getattr(cell, "data_type", None) == "e":
                return _(
                    "Row %(row)s: the cell %(cell)s (%(heading)s) shows the error %(error)s: put it right "
                    "in the workbook, or empty it."
                ) % {**where, "error": cell.value}
        return None
