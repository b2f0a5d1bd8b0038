"""Reading a file of records, row by row, and importing each through one loop.

The file is streamed: rows are read, checked and stored one at a time, and
committed in batches, so memory stays flat whatever the file's size. A file is
an Excel workbook (.xlsx, exchanges/workbooks.py, known by its content whatever
its name), CSV (UTF-8 with or without a byte-order mark, Windows-1252, which
spreadsheets on Windows still write, GB18030 (GBK), which Excel writes on
Chinese Windows, or UTF-16 with its byte-order mark, which Excel writes as
"Unicode Text" to keep Chinese characters, or without one when it begins with
a heading in ASCII letters) or JSON Lines, one
object per line with the same column labels as keys.

What happens to a row that reads well is the caller's choice (`store`): the
seed and `--publish` publish it; the import command, by default, queues it for
a moderator (contributions/importing.py). Either way a row is known by its
first source URL with its title, else by its title and date, so importing a file twice
creates nothing the second time.
"""

import codecs
import csv
import dataclasses
import functools
import hashlib
import io
import json
import re
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .dates import first_day
from .models import RECORD_FIELDS, Exchange, Source
from .publishing import publish
from .rows import (
    DATE_COLUMNS,
    MixedDateOrders,
    dates_day_first,
    label,
    match_columns,
    read_row,
    repeated_columns,
    title_heading_hint,
    unknown_columns_text,
)
from .workbooks import Sheet, UnreadableWorkbook, is_workbook, old_or_other_workbook

FORMATS = ["csv", "jsonl"]
SNIFF_BYTES = 64 * 1024
CHUNK = 1024 * 1024
# The biggest cell csv accepts; a record's longest text is 20,000 characters.
csv.field_size_limit(1024 * 1024)


class UnreadableFile(Exception):
    """The file as a whole cannot be read: wrong encoding, not CSV, no Title column."""


@dataclasses.dataclass
class RowReport:
    line: int
    outcome: str  # one of OUTCOMES
    title: str
    messages: list
    reference: str = ""


# What became of a row, in the order the totals list them.
CREATED, PUBLISHED, KEPT, ALREADY, REJECTED = "created", "published", "kept", "already", "rejected"
OUTCOMES = [CREATED, PUBLISHED, KEPT, ALREADY, REJECTED]


def file_format(path, given=None):
    if given:
        return given
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix in ("jsonl", "ndjson", "json"):
        return "jsonl"
    return "csv"


# Excel on Chinese Windows saves CSV in the system's code page, GBK, of which GB18030 is the
# superset. Most Windows-1252 text is valid GB18030 too ("zoo’s" reads as "zoo抯"), so a file
# is read as GB18030 only when it reads as Chinese: it holds Chinese characters, and nearly all
# of what it holds beyond ASCII is among GB2312's characters, those Chinese text is written in.
# Windows-1252 read as GB18030 gives rare characters instead (an accented letter or a curly
# quote followed by a plain letter is no GB2312 character), or fails to decode at all.
GB18030 = "gb18030"
CHINESE_SHARE = 0.9
NON_ASCII = re.compile(r"[^\x00-\x7f]")
CHINESE_CHARACTER = re.compile(r"[\u4e00-\u9fff]")


@functools.cache
def gb2312_characters():
    """A pattern matching one of GB2312's characters: its hanzi and its punctuation."""
    characters = []
    for lead in range(0xA1, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                characters.append(bytes([lead, trail]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return re.compile("[" + re.escape("".join(characters)) + "]")


class ChineseText:
    """Counts, over text decoded as GB18030 a chunk at a time, whether it reads as Chinese."""

    def __init__(self):
        self.beyond_ascii = self.common = 0
        self.has_chinese = False

    def add(self, text):
        # Counted by what a substitution removes: the regex engine's speed, not a loop in Python.
        self.beyond_ascii += len(text) - len(NON_ASCII.sub("", text))
        self.common += len(text) - len(gb2312_characters().sub("", text))
        self.has_chinese = self.has_chinese or bool(CHINESE_CHARACTER.search(text))

    def reads_as_chinese(self):
        return self.has_chinese and self.common >= CHINESE_SHARE * self.beyond_ascii


# UTF-16 without a byte-order mark, as some tools write "Unicode" text: its first characters, a
# heading in ASCII letters, are each a byte and a NUL (before it in big-endian, after in little).
# Text of any other encoding has no NUL there; it was refused as holding NUL bytes, "not text".
UTF16_WITHOUT_MARK = {
    "utf-16-le": re.compile(rb"(?:[\x01-\x7f]\x00){4}"),
    "utf-16-be": re.compile(rb"(?:\x00[\x01-\x7f]){4}"),
}


def encodings(head):
    """The encodings to try for a file that begins with the bytes `head`, in order."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return ["utf-16"]
    for encoding, start in UTF16_WITHOUT_MARK.items():
        if start.match(head):
            return [encoding]
    return ["utf-8-sig", GB18030, "cp1252"]


def pdf():
    return UnreadableFile(
        _("It is a PDF document, not a CSV file: the records must be in a spreadsheet, saved as CSV.")
    )


def web_page():
    # Often what a download link gives instead of the file: a sign-in or error page.
    return UnreadableFile(
        _(
            "It is a web page (HTML), not a CSV file: download the file again, or save the table "
            "from a spreadsheet as CSV."
        )
    )


# Files that are not records in text, known by their first bytes: each would otherwise be refused
# for its encoding or its NUL bytes, which says nothing a person can act on. (An .xlsx workbook
# is read; an .xls or an .ods is named by old_or_other_workbook().)
SIGNATURES = [
    (b"%PDF", pdf),
]
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
HEAD_BYTES = 512


def other_format(head, holds):
    """UnreadableFile saying what the file is when it begins (`head`) as a workbook that is no
    .xlsx, a PDF or a web page does; None otherwise. `holds(bytes)` says whether the file holds
    those bytes anywhere."""
    if error := old_or_other_workbook(head, holds):
        return UnreadableFile(str(error))
    for signature, error in SIGNATURES:
        if head.startswith(signature):
            return error()
    if head.removeprefix(codecs.BOM_UTF8).lstrip().lower().startswith(HTML_STARTS):
        return web_page()
    return None


def not_text():
    return UnreadableFile(_("It holds NUL bytes: it is not a text file (CSV or JSON Lines)."))


def unknown_encoding():
    return UnreadableFile(
        _(
            "Its encoding is neither UTF-8 nor Windows-1252 (nor GB18030, as Excel saves CSV "
            "on Chinese Windows, nor UTF-16 with a byte-order mark)."
        )
    )


# A character of two to four bytes, well formed as UTF-8. Windows-1252 text seldom holds one (an
# accented capital followed by a curly quote); Windows-1252 read from UTF-8 is made of them.
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def refuse_stray_bytes(chunks):
    """UnreadableFile when bytes (given a chunk at a time) that are not UTF-8 are mostly UTF-8 all
    the same, but for a few bytes (a line pasted from a Windows-1252 file). Read as Windows-1252,
    every character of the rest would be two or three others ("zoo’s" as "zooâ€™s"), unsaid."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    well_formed = stray = 0
    line, first_line = 1, None
    for chunk in [*chunks, b""]:
        well_formed += len(UTF8_SEQUENCE.findall(chunk))
        text = decoder.decode(chunk, final=not chunk)
        if "\ufffd" in text and first_line is None:
            first_line = line + text[: text.index("\ufffd")].count("\n")
        stray += text.count("\ufffd")
        line += text.count("\n")
    if stray and well_formed >= stray:
        raise UnreadableFile(
            ngettext(
                "It is UTF-8 but for %(count)s byte that is not, on line %(line)s: save the file again "
                "as UTF-8 (“CSV UTF-8” in Excel) after putting that line right.",
                "It is UTF-8 but for %(count)s bytes that are not, the first on line %(line)s: save the "
                "file again as UTF-8 (“CSV UTF-8” in Excel) after putting those lines right.",
                stray,
            )
            % {"count": stray, "line": first_line}
        )


def file_chunks(path):
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            yield chunk


def file_holds(path, part):
    """Whether the file holds the bytes `part`, read a chunk at a time."""
    last = b""
    for chunk in file_chunks(path):
        if part in last[-len(part) :] + chunk:
            return True
        last = chunk
    return False


def detect_encoding(path):
    """ "utf-8-sig" (with or without its byte-order mark), "gb18030", "cp1252" or "utf-16" (with its
    mark; "utf-16-le" or "utf-16-be" without);
    UnreadableFile otherwise.

    The whole file is decoded once, a chunk at a time, before any row is
    imported: a file that turns out not to be UTF-8 on its last line must not
    be half imported under the wrong encoding.
    """
    try:
        with open(path, "rb") as file:
            head = file.read(HEAD_BYTES)
        if error := other_format(head, functools.partial(file_holds, path)):
            raise error
        for encoding in encodings(head):
            decoder = codecs.getincrementaldecoder(encoding)()
            chinese = ChineseText()
            try:
                with open(path, "rb") as file:
                    while chunk := file.read(CHUNK):
                        text = decoder.decode(chunk)
                        if "\x00" in text:
                            raise not_text()
                        if encoding == GB18030:
                            chinese.add(text)
                    decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            if encoding == "cp1252":
                refuse_stray_bytes(file_chunks(path))
            if encoding != GB18030 or chinese.reads_as_chinese():
                return encoding
    except OSError as error:
        raise UnreadableFile(str(error)) from None
    raise unknown_encoding()


def decode(data):
    """Bytes of a small file (an upload) as text, in the encodings detect_encoding accepts."""
    if error := other_format(data[:HEAD_BYTES], data.__contains__):
        raise error
    for encoding in encodings(data[:HEAD_BYTES]):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            raise not_text()
        if encoding == GB18030:
            chinese = ChineseText()
            chinese.add(text)
            if not chinese.reads_as_chinese():
                continue
        if encoding == "cp1252":
            refuse_stray_bytes([data])
        return text
    raise unknown_encoding()


def first_line(text):
    """The text's first line, whatever ends it: Excel for Mac's "CSV (Macintosh)" ends lines with a
    carriage return alone, and the whole file was taken for its first line."""
    return re.split(r"\r\n|\r|\n", text, maxsplit=1)[0]


def refuse_json_lines(text):
    """UnreadableFile when a file to read as CSV, beginning with `text`, is JSON Lines: its first
    line a JSON object. Read as CSV its "headings" are pieces of JSON, and the file was refused for
    having no Title column, which says nothing of what to do."""
    line = first_line(text).strip()
    if not line.startswith("{"):
        return
    try:
        is_object = isinstance(json.loads(line), dict)
    except ValueError:
        return
    if is_object:
        raise UnreadableFile(
            _(
                "It is JSON Lines (one JSON object a line), not CSV: import it with manage.py "
                "import_exchanges, which reads both (a file named .jsonl, or with --format jsonl)."
            )
        )


# A first line such as "sep=;" names the separator for Excel, which then opens the file with its
# headings on the next line; tools that write CSV for Excel in other countries add it. A sheet
# holding it in its first cell, saved as CSV, writes the separator after it once per empty cell.
SEPARATOR_LINE = re.compile(r"sep=(.)\1*", re.IGNORECASE)


def csv_dialect(text):
    """The CSV dialect of a file whose text begins with `text`: the delimiter its first line uses,
    or names ("sep=;"); `separator_line` says whether that line comes before the headings."""
    if named := SEPARATOR_LINE.fullmatch(first_line(text).strip()):
        return type("Named", (csv.excel,), {"delimiter": named[1], "separator_line": True})
    # Only the delimiter is taken from the header line: a line without quotes cannot
    # tell how quotes are escaped, and a guess of "not doubled" breaks every cell
    # written as "say ""hello""" (as Excel and Python's csv write it).
    try:
        delimiter = csv.Sniffer().sniff(first_line(text), delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter, "separator_line": False})


class UnreadableRow(ValueError):
    """A row that cannot be imported as it stands. `cells` ({heading: cell}) are what it holds
    under the file's columns, enough to name it by its title in the report."""

    def __init__(self, message, cells):
        super().__init__(message)
        self.cells = cells


def fitted_cells(header, cells, line):
    """(cells, problem): a row's cells, one for each column the first line names, and an
    UnreadableRow naming the line and the text past the last column when it has more cells that
    hold text. A row cut short has empty cells for the rest; cells past the last column are left
    out, and ignored when they are empty (a separator at the end of a line, as spreadsheets often
    write one). Text there rejects the row rather than being dropped: it usually comes of a cell
    with the separator in it and no quotes, which moves every cell after it one column on, so the
    cells under the columns are not the row's own."""
    fitted = cells[: len(header)] + [""] * (len(header) - len(cells))
    beyond = [cell.strip() for cell in cells[len(header) :] if cell.strip()]
    if not beyond:
        return fitted, None
    problem = UnreadableRow(
        _(
            "Line %(line)s has more cells than the first line has columns (“%(beyond)s” lies past "
            "the last column): a cell with the separator in it needs quotes around it."
        )
        % {"line": line, "beyond": "”, “".join(beyond)},
        dict(zip(header, fitted, strict=True)),
    )
    return fitted, problem


def without_blank_last_headings(header):
    """The first line's headings up to the last that names something. A spreadsheet with an empty
    column after its last writes a separator at the end of every line, the first one's too: such a
    column is none, so text under it is past the last column (fitted_cells), not silently dropped."""
    while header and not header[-1].strip():
        header = header[:-1]
    return header


class LinesRead:
    """The lines of a file, as csv.reader reads them, keeping those of the row being read."""

    def __init__(self, file):
        self.file = iter(file)
        self.lines = []

    def __iter__(self):
        return self

    def __next__(self):
        line = next(self.file)
        self.lines.append(line)
        return line

    def take(self):
        """The lines read since the last call: those of the row just read."""
        lines, self.lines = self.lines, []
        return "".join(lines)


def ends_inside_quotes(text, dialect):
    """Whether the text of a row, read as csv.reader reads it (not strictly), ends inside a quoted
    cell: one whose closing quotation mark is missing."""
    state = "start"  # of a cell; then "cell", "quoted", or "after quote" (closing, or doubled)
    for character in text:
        ends_cell = character in (dialect.delimiter, "\r", "\n")
        if state == "quoted":
            state = "after quote" if character == dialect.quotechar else "quoted"
        elif state in ("start", "after quote") and character == dialect.quotechar:
            state = "quoted"
        else:
            state = "start" if ends_cell else "cell"
    return state == "quoted"


def unclosed_quote(header, cells, start, end):
    # Not strict: a quote inside a cell ('12" records', '"Ping" pong') is read as the csv module
    # reads it. A quote that opens a cell and is never closed, though, reads on to the end of the
    # file, every row after it in that one cell: nothing is imported from there, saying so.
    return UnreadableRow(
        _(
            'Line %(line)s opens a quotation mark (") that no later line closes, so the rest of the '
            "file, to line %(end)s, was read as one cell and none of it is imported: close the "
            "quotation where the cell ends, or remove it."
        )
        % {"line": start, "end": end},
        dict(zip(header, cells[: len(header)], strict=False)),
    )


def csv_rows(file, dialect):
    """The first line's headings, then (line, cells, problem) for each row that is not blank, as
    fitted_cells gives them; UnreadableFile for text that is not CSV."""
    lines = LinesRead(file)
    reader = csv.reader(lines, dialect)
    line = 0
    try:
        if dialect.separator_line:
            next(reader, None)
        header = without_blank_last_headings(next(reader, []))
        yield header
        line = reader.line_num
        lines.take()
        # Each row is given out once the next is read: only the last can run on to the end of the
        # file inside a quoted cell, and only its text is looked at for that.
        last = None
        for cells in reader:
            text = lines.take()
            start, line = line + 1, reader.line_num
            if last is not None:
                yield last
            last = (start, *fitted_cells(header, cells, start)) if any(c.strip() for c in cells) else None
        if last is not None:
            start, fitted, problem = last
            if ends_inside_quotes(text, dialect):
                problem = unclosed_quote(header, fitted, start, line)
            yield start, fitted, problem
    except csv.Error as error:
        raise UnreadableFile(
            _("Line %(line)s cannot be read as CSV: %(error)s") % {"line": line + 1, "error": error}
        ) from None


class Records:
    """The rows of a file as (line number, {heading: cell}), with the headings it did not know."""

    def __init__(self, path, fmt=None):
        self.path = Path(path)
        self.format = file_format(path, fmt)
        if self.format not in FORMATS:
            raise UnreadableFile(
                _("Unknown format “%(format)s”: use csv or jsonl.") % {"format": self.format}
            )
        if self.path.is_dir():
            raise UnreadableFile(
                _("%(path)s is a folder: name the file in it to import.") % {"path": self.path}
            )
        if not self.path.is_file():
            raise UnreadableFile(_("There is no file %(path)s.") % {"path": self.path})
        # {heading: column} of the headings known, and the headings not known (in JSON Lines, as
        # its lines bring them, each with the columns of every line that brought it).
        self.columns = {}
        self.unknown_columns = []
        self.columns_beside = {}
        self.day_first = None
        self.sheet = None  # the name of the sheet read, in a workbook
        if self._is_workbook():
            self.format = "xlsx"
            self._check_workbook()
        else:
            self.encoding = detect_encoding(self.path)
            if self.format == "csv":
                self._check_csv_header()
            else:
                self._check_json_lines()
        self._find_date_order()

    def _is_workbook(self):
        try:
            with self.path.open("rb") as file:
                return is_workbook(file.read(HEAD_BYTES))
        except OSError as error:
            raise UnreadableFile(str(error)) from None

    def _check_workbook(self):
        self.workbook = open_sheet(self.path)
        self.sheet = self.workbook.name
        self._check_header(self.workbook.header)

    def _check_json_lines(self):
        # Many tools export "JSON" as one array of objects: read line by line, every line of it
        # was rejected as "not JSON", though it is one readable thing of another shape.
        with self.path.open(encoding=self.encoding) as file:
            start = file.read(SNIFF_BYTES).lstrip()
        if start.startswith("["):
            raise UnreadableFile(
                _(
                    "It is a JSON array, not JSON Lines: write one object a line, e.g. with "
                    "jq -c '.[]' records.json > records.jsonl, and import that."
                )
            )

    def _find_date_order(self):
        """Whether the file's numeric dates put the day first (rows.dates_day_first), read before
        any row is imported: "05/02/1979" on line 2 is February 5 when line 900 says
        "28/01/1979". UnreadableFile, naming the lines, when its dates disagree."""
        if self.format == "csv" and not set(DATE_COLUMNS) & set(self.columns.values()):
            return  # no date column: no second reading of the file
        # A workbook's sheet is read through in any case: a part of it that is damaged is found
        # before any row is imported.
        rows = {"csv": self._csv, "xlsx": self._xlsx}.get(self.format, lambda: self._jsonl(quietly=True))
        try:
            self.day_first = dates_day_first(rows())
        except MixedDateOrders as error:
            raise UnreadableFile(str(error)) from None

    def _check_csv_header(self):
        with self.path.open(encoding=self.encoding, newline="") as file:
            sample = file.read(SNIFF_BYTES)
        if not sample.strip():
            raise UnreadableFile(_("The file is empty."))
        refuse_json_lines(sample)
        self.dialect = csv_dialect(sample)
        rows = csv_rows(io.StringIO(sample, newline=""), self.dialect)
        header = next(rows)
        rows.close()
        self._check_header(header)

    def _check_header(self, header):
        if repeated := repeated_columns(header):
            raise UnreadableFile(repeated)
        self.columns, self.unknown_columns = match_columns(header)
        if "Title" not in self.columns.values() and self.sheet is not None:
            raise UnreadableFile(
                _(
                    "It has no Title column: the first row of the sheet “%(sheet)s” must name the "
                    "columns, e.g. Title, Summary, …"
                )
                % {"sheet": self.sheet}
                + title_heading_hint(self.unknown_columns)
            )
        if "Title" not in self.columns.values():
            raise UnreadableFile(
                _("It has no Title column: the first line must name the columns, e.g. “Title,Summary,…”.")
                + title_heading_hint(self.unknown_columns)
            )

    def __iter__(self):
        return {"csv": self._csv, "xlsx": self._xlsx}.get(self.format, self._jsonl)()

    def _xlsx(self):
        return sheet_rows(self.workbook)

    def _csv(self):
        with self.path.open(encoding=self.encoding, newline="") as file:
            rows = csv_rows(file, self.dialect)
            header = next(rows)
            for line, cells, problem in rows:
                yield line, problem or dict(zip(header, cells, strict=True))

    def _jsonl(self, quietly=False):
        """The rows; the headings not known are noted as they come, unless `quietly` (the reading
        for the order of dates, before the import's own)."""
        with self.path.open(encoding=self.encoding) as file:
            for line, text in enumerate(file, 1):
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except ValueError as error:
                    yield line, ValueError(_("It is not JSON: %(error)s") % {"error": error})
                    continue
                if not isinstance(record, dict):
                    yield line, ValueError(_("It is not a JSON object of column labels and values."))
                    continue
                cells = {heading: json_cell(value) for heading, value in record.items()}
                if repeated := repeated_columns(record):
                    yield line, UnreadableRow(repeated, cells)
                    continue
                known, unknown = match_columns(record) if not quietly else ({}, [])
                for heading in unknown:
                    if heading not in self.columns_beside:
                        self.unknown_columns.append(heading)
                    beside = set(known.values())
                    self.columns_beside[heading] = self.columns_beside.get(heading, beside) & beside
                yield line, cells

    def unknown_columns_text(self):
        """The headings ignored, for the report (rows.unknown_columns_text), each named with the
        column it looks like when the file lacks that column. A JSON Lines key is judged by the
        lines that bring it: "Sumary" on a line without "Summary" is likely it, "Summary 2" beside
        "Summary" on every line is not (it was told "is it Summary?", as no CSV heading was)."""
        if self.format != "jsonl":
            return unknown_columns_text(self.unknown_columns, self.columns.values())
        return ", ".join(
            unknown_columns_text([heading], self.columns_beside[heading]) for heading in self.unknown_columns
        )


def open_sheet(source):
    """The sheet of a workbook (a path, or an upload's bytes) holding the records (workbooks.Sheet);
    UnreadableFile saying why when there is none to read."""
    try:
        sheet = Sheet(source)
    except UnreadableWorkbook as error:
        raise UnreadableFile(str(error)) from None
    if not sheet.header:
        raise UnreadableFile(
            _(
                "The sheet “%(sheet)s” has nothing in its first row: the first row must name the "
                "columns, e.g. Title, Summary, …"
            )
            % {"sheet": sheet.name}
        )
    return sheet


def sheet_rows(sheet):
    """(row number, {heading: cell}) for each row of a workbook's sheet that holds anything, as
    Records gives a CSV file's; an UnreadableRow for one that cannot be read."""
    try:
        for number, cells, problem in sheet.rows():
            mapping = dict(zip(sheet.header, cells, strict=True))
            yield number, UnreadableRow(problem, mapping) if problem else mapping
    except UnreadableWorkbook as error:
        raise UnreadableFile(str(error)) from None


def json_cell(value):
    """A JSON value as the text of a cell: lists become one value per line, true/false Yes/No,
    a whole number written as a decimal (40.0) the number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "\n".join(json_cell(each) for each in value)
    if isinstance(value, float) and value.is_integer():
        # A column of whole numbers with gaps is written in decimals by pandas and other tools:
        # 40.0 people, the year 1985.0 (which would read as 1985 and a month 0).
        return str(int(value))
    return str(value)


def row_key(row):
    """What identifies a row across imports: its first source URL with its title, else its title and date.

    A URL alone is not enough: one readout or news page often reports several
    exchanges (two agreements signed the same day), and each is its own row.
    """
    urls = [source["url"] for source in row.sources if source["url"]]
    if urls:
        text = f"url:{urls[0]}|title:{row.values['title'].casefold()}"
    else:
        day = row.values.get("date")
        day = first_day(day, row.values["date_precision"]).isoformat() if day else ""
        text = f"title:{row.values['title'].casefold()}|{day}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def published_already(row):
    """Whether the catalogue already holds this row (imported_from)."""
    return imported_from(row).exists()


def imported_from(row):
    """The exchanges the catalogue holds of this row: with its title citing its first URL, or with its
    title and date."""
    urls = [source["url"] for source in row.sources if source["url"]]
    if urls:
        citing = Source.with_url(urls[0]).values("exchange")
        return Exchange.objects.filter(pk__in=citing, title__iexact=row.values["title"])
    day = row.values.get("date")
    if day is None:
        return Exchange.objects.filter(title=row.values["title"])
    day = first_day(day, row.values["date_precision"])
    return Exchange.objects.filter(title=row.values["title"], date=day)


class Publisher:
    """Publishes every row (the seed; import --publish uses a store that also queues dateless rows)."""

    def is_known(self, row, key):
        return published_already(row)

    def store(self, row, key, line):
        if not row.has_date:
            return RowReport(
                line, REJECTED, row.values["title"], [_("It has no date; it cannot be published.")]
            )
        exchange = publish(row.values, row.sources)
        return RowReport(line, PUBLISHED, exchange.title, row.warnings)


def import_records(records, store, *, dry_run=False, progress=None):
    """Import each row through `store` (is_known, store); yield a RowReport per row, in order.

    A row's own failure (a value the database refuses) rejects that row only.
    Each row commits on its own (import_one), unless the caller holds a transaction (the seed):
    a row locks the counts it changes (its entities', the summary's rows) until it commits, and
    a batch of rows held them for seconds while a moderator's approval or edit naming the same
    entities waited, or deadlocked with it, and got the 503 page. A dry run reads and checks
    every row and writes nothing. Numeric dates are read in the order the file's dates show
    (Records.day_first; None, for rows that come otherwise, lets each row's own dates decide).
    """
    seen = {}  # {row key: the line it was first read on}
    day_first = getattr(records, "day_first", None)
    in_rows = getattr(records, "format", None) == "xlsx"
    for line, mapping in records:
        if progress is not None:
            progress.update(1)
        yield import_one(line, mapping, store, seen, dry_run, day_first, in_rows)


def import_one(line, mapping, store, seen, dry_run, day_first=None, in_rows=False):
    if isinstance(mapping, Exception):
        # A row whose cells could be read still has a title to be known by.
        cells = getattr(mapping, "cells", None)
        title = read_row(cells, day_first).values["title"] if cells else ""
        return RowReport(line, REJECTED, title, [str(mapping)])
    row = read_row(mapping, day_first)
    title = row.values["title"]
    if row.errors:
        return RowReport(line, REJECTED, title, row.errors)
    key = row_key(row)
    if key in seen:
        return RowReport(line, ALREADY, title, [repeats(seen[key], in_rows)])
    if store.is_known(row, key):
        return RowReport(line, ALREADY, title, [])
    seen[key] = line
    try:
        with transaction.atomic():
            report = store.store(row, key, line)
            if dry_run:
                transaction.set_rollback(True)
                # What was stored is rolled back: its reference or address names nothing.
                report.reference = ""
            return report
    except DatabaseError as error:
        return RowReport(line, REJECTED, title, [_("The database refused it: %(error)s") % {"error": error}])
    except ValidationError as error:  # the model's own rules
        return RowReport(line, REJECTED, title, readable(error))


def repeats(line, in_rows=False):
    """What a row repeating an earlier one of its file is told: nothing was imported before it, but
    the line it repeats has been (or been rejected, or would be, in a dry run). A workbook's rows
    are numbered as Excel numbers them (`in_rows`)."""
    if in_rows:
        return _("It repeats row %(line)s of the file.") % {"line": line}
    return _("It repeats line %(line)s of the file.") % {"line": line}


def readable(error):
    """A ValidationError as sentences, each led by its field's label."""
    if not hasattr(error, "error_dict"):
        return error.messages
    messages = []
    for name, field_messages in error.message_dict.items():
        prefix = f"{label(name)}: " if name in RECORD_FIELDS else ""
        messages += [prefix + message for message in field_messages]
    return messages


def summary(counts, dry_run=False):
    """The totals line: "12 created, 1 already imported, 2 rejected."; a dry run's says what would be."""
    if dry_run:
        template = _(
            "%(created)s would be created (%(pending)s to wait for a moderator, %(published)s to be "
            "published), %(already)s already imported, %(rejected)s rejected."
        )
    else:
        template = _(
            "%(created)s created (%(pending)s waiting for a moderator, %(published)s published), "
            "%(already)s already imported, %(rejected)s rejected."
        )
    return template % {
        "created": counts[CREATED] + counts[KEPT] + counts[PUBLISHED],
        "pending": counts[CREATED] + counts[KEPT],
        "published": counts[PUBLISHED],
        "already": counts[ALREADY],
        "rejected": counts[REJECTED],
    }
