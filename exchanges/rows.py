"""One row of the import format: the labels the USC U.S.-China Institute's Exchange Database shows.

`read_row` turns a row (a mapping from column label to cell text) into the
values of an exchange, its sources, and what was wrong or noteworthy about it;
`exchange_row` writes an exchange back as such a row, and reading that row
gives the same exchange. The import command, the admin's import and export,
and the seed all go through these two functions.
"""

import csv
import dataclasses
import difflib
import functools
import re

from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from .dates import (
    DAY_FIRST,
    EITHER,
    MONTH_FIRST,
    DateNotUnderstood,
    Period,
    numeric_orders,
    parse_beginning,
    parse_period,
    refuse_stray_symbols,
)
from .models import (
    ADDRESS_START,
    RECORD_FIELDS,
    ExchangeRecord,
    parse_sources,
    source_line_errors,
    split_lines,
    stored_end_precision,
)
from .text import plain_text
from .values import (
    VOCABULARIES,
    key,
    not_recorded_spellings,
    read_levels,
    read_participants,
    read_type,
    read_yes_no,
    split_values,
)

COLUMNS = [
    "Title",
    "Summary",
    "Outcomes",
    "Government?",
    "Type of Exchange",
    "Partners",
    "Sponsors",
    "Participants (Types)",
    "Number of Participants",
    "Exchange Date",
    "End Date",
    "Continuing",
    "Level of Government",
    "Location",
    "Source URL",
    "Notes",
    # Optional: a file without them imports as before.
    "Title (Chinese)",
    "Summary (Chinese)",
]

# The CSV download's own columns after the import's (opendata/rows.py): which record a line is
# and when it was first published and last changed, for a reader to cite and link it. The
# database gives them, not the file: the import knows them as the download's and passes them
# over, neither reading them nor calling them unknown, so a download imports back unchanged.
DOWNLOAD_COLUMNS = ["Record URL", "First published", "Last updated"]

# Text cells copied as they are, with the field each fills.
TEXT_COLUMNS = {
    "Title": "title",
    "Summary": "summary",
    "Outcomes": "outcomes",
    "Participants (Types)": "participants",
    "Location": "location",
    "Notes": "notes",
    "Title (Chinese)": "title_zh",
    "Summary (Chinese)": "summary_zh",
}
# Cells with several values, one per line or per semicolon, stored one per line.
LIST_COLUMNS = {"Partners": "partners", "Sponsors": "sponsors"}

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What a cell excel_safe may change can start with: a formula character, or quotes before one.
RISKY_FIRST = frozenset(("'", *FORMULA_STARTS))


def excel_safe(value):
    """Text a spreadsheet shows as text: a leading formula character is escaped with a quote.

    Text that already starts with quotes before such a character gets one more,
    so that `unquote_cell` gives back exactly what was written.
    """
    text = "" if value is None else str(value)
    if text[:1] not in RISKY_FIRST:  # most cells: one look at the first character
        return text
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unquote_cell(text):
    """The inverse of `excel_safe`: "'-1 talks" is read as "-1 talks", "'Tis" stays as it is."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


# The columns of a value rather than prose. A spreadsheet keeps what is typed after an apostrophe
# as text ("'1985", "'0012"), and files typed by hand or exported by some tools keep the apostrophe:
# before a value it is no part of it, where before prose it may open a quotation ("'Ping-pong
# diplomacy' remembered") or an elision ("'Tis").
VALUE_COLUMNS = frozenset(
    [
        "Government?",
        "Type of Exchange",
        "Number of Participants",
        "Exchange Date",
        "End Date",
        "Continuing",
        "Level of Government",
    ]
)


def without_text_mark(column, text):
    """The cell's text without a spreadsheet's leading apostrophe where it cannot be the text's own."""
    if not text.startswith("'"):
        return text
    rest = text[1:].strip()
    # A source's citation may open with a quotation; its address never does.
    if column in VALUE_COLUMNS or (column == "Source URL" and ADDRESS_START.match(rest)):
        return rest
    return text


@functools.cache
def column_spellings():
    """{spelling: column}: each column's own label, and the other headings files use for it."""
    with (VOCABULARIES / "columns.csv").open(encoding="utf-8") as file:
        spellings = {key(row["heading"]): row["column"] for row in csv.DictReader(file)}
    unknown = set(spellings.values()) - set(COLUMNS)
    if unknown:
        raise ValueError(f"exchanges/vocabularies/columns.csv names unknown columns: {sorted(unknown)}")
    spellings.update({key(column): column for column in COLUMNS})
    # A download's column read as one of the import's would change a record on import.
    taken = set(spellings) & download_spellings()
    if taken:
        raise ValueError(f"exchanges/vocabularies/columns.csv spells download columns: {sorted(taken)}")
    return spellings


@functools.cache
def download_spellings():
    """The download's own columns (DOWNLOAD_COLUMNS) as the import compares headings."""
    return frozenset(key(column) for column in DOWNLOAD_COLUMNS)


# What a heading may hold beside its words: characters that show nothing (a second byte-order
# mark, from a tool that adds one to text that has one; a zero-width space pasted from a web page),
# a colon after it ("Type of Exchange:") and a space before its question mark ("Government ?", as
# French is typed). Each made the heading unknown; "Title" so written, the whole file unreadable.
HEADING_EDGES = re.compile(r"\s+(?=[?？])|[:：]\s*$")


def heading_key(heading):
    """A heading as the vocabularies list the import's column headings (column_spellings)."""
    return key(HEADING_EDGES.sub("", plain_text(str(heading or ""), lines=False)))


def column_of(heading):
    """The import column a file's heading names; None for a heading the import does not know."""
    return column_spellings().get(heading_key(heading))


def match_columns(headings):
    """({heading: column} for the headings we know, [headings we do not know]); the download's
    own columns (DOWNLOAD_COLUMNS) are in neither: they are known, and read by nothing."""
    known, unknown = {}, []
    for heading in headings:
        column = column_of(heading)
        if column and column not in known.values():
            known[heading] = column
        elif heading_key(heading) and heading_key(heading) not in download_spellings():
            unknown.append(heading)
    return known, unknown


def misspelt_column(heading, present=()):
    """The column a heading the import does not know is likely a misspelling of ("Sumary",
    "Exchange Dates", "Locaton"), unless the file has that column (`present`); else None."""
    spellings = column_spellings()
    typed = heading_key(heading)
    # Two letters typed the wrong way round ("Titel") leave a short word less alike by difflib's
    # measure than an unrelated longer one ("Caption" and "Location").
    swapped = [typed[:at] + typed[at + 1] + typed[at] + typed[at + 2 :] for at in range(len(typed) - 1)]
    alike = difflib.get_close_matches(typed, spellings, n=3, cutoff=0.85)
    for spelling in [*(word for word in swapped if word in spellings), *alike]:
        if spellings[spelling] not in present:
            return spellings[spelling]
    return None


def unknown_columns_text(unknown, present):
    """The headings the import ignores (`unknown`), each quoted, for the report; one spelt like a
    column the file lacks (not among the columns `present`) says which: its cells were ignored
    without a word beyond "unknown", every row rejected as having no summary, or imported without
    its date or place."""
    present = set(present)
    named = []
    for heading in unknown:
        column = misspelt_column(heading, present)
        named.append(
            _("“%(heading)s” (is it %(column)s? Correct its heading to import it)")
            % {"heading": heading, "column": column}
            if column
            else f"“{heading}”"
        )
    return ", ".join(named)


def title_heading_hint(unknown):
    """For a file with no Title column: the heading that looks like it, " “Titel” looks like it: …"."""
    for heading in unknown:
        if misspelt_column(heading) == "Title":
            return " " + _("“%(heading)s” looks like it: correct its heading.") % {"heading": heading}
    return ""


def repeated_columns(headings):
    """What to tell a person whose headings name one column more than once ("Title" and "标题",
    "Date" and "Exchange Date"), or "" when none does: the file does not say which of the two
    holds the record's value, so neither is read in place of the other."""
    named = {}
    for heading in headings:
        column = column_of(heading)
        if column:
            named.setdefault(column, []).append(heading)
    for column, those in named.items():
        if len(those) == 2:
            return _("“%(first)s” and “%(second)s” are both the %(column)s column: keep one of them.") % {
                "first": those[0],
                "second": those[1],
                "column": column,
            }
        if len(those) > 2:
            return _("“%(headings)s” are all the %(column)s column: keep one of them.") % {
                "headings": "”, “".join(those),
                "column": column,
            }
    return ""


@dataclasses.dataclass
class Row:
    """What one row says: the exchange's values, its sources, and what a person should know about it."""

    values: dict
    sources: list
    errors: list
    warnings: list

    @property
    def has_date(self):
        return self.values.get("date") is not None


def is_headings(cells):
    """Whether a row's cells ({column: text}) are headings, each its own column's, as the first
    line of a second file joined to the first is: it was read as a record and rejected for a
    Government? of "Government?" and a date of "Exchange Date"."""
    given = {column: text for column, text in cells.items() if text}
    return len(given) > 1 and all(column_of(text) == column for column, text in given.items())


def read_row(mapping, day_first=None):
    """Read one row, given as {column label: cell}; labels are matched as match_columns does.

    Errors make the row unusable (it is rejected, with the reason); warnings
    are kept for a moderator (a type that fits no choice, a missing date).
    `day_first`: whether numeric dates ("05/02/1979") put the day or the month first, as the
    file's dates show (dates_day_first); None when they do not say, and the row's own decide.
    """
    cells = {}
    for heading, cell in mapping.items():
        column = column_of(heading)
        if column and column not in cells:
            # Made plain first (exchanges/text.py), as the record will be: a cell of a zero-width
            # space is empty, "It has no summary", not a summary the model then finds blank.
            text = "" if cell is None else plain_text(str(cell), lines=True).strip()
            text = without_text_mark(column, unquote_cell(text).strip())
            # A cell that only says the source does not say ("N/A", "unknown", "-", "不详") is
            # empty: "Not recorded", not a type, a place or a date of its own.
            cells[column] = "" if key(text) in not_recorded_spellings() else text
    values = {name: field_default(name) for name in RECORD_FIELDS}
    if is_headings(cells):
        message = _(
            "It is a line of column headings, not a record (files joined one after the other?): if the "
            "rows after it give their columns in another order, import them as a file of their own."
        )
        return Row(values, [], [message], [])
    errors, warnings = [], []

    for column, name in TEXT_COLUMNS.items():
        values[name] = cells.get(column, "")
    for column, name in LIST_COLUMNS.items():
        values[name] = "\n".join(split_values(cells.get(column, "")))
    if not values["title"]:
        errors.append(_("It has no title."))
    if not values["summary"]:
        errors.append(_("It has no summary."))
    for name in [
        "title",
        "summary",
        "outcomes",
        "partners",
        "sponsors",
        "participants",
        "location",
        "notes",
        "title_zh",
        "summary_zh",
    ]:
        limit = ExchangeRecord._meta.get_field(name).max_length
        if len(values[name]) > limit:
            errors.append(
                _("%(field)s is longer than %(limit)s characters.")
                % {"field": label(name), "limit": f"{limit:,}"}
            )

    for column, name in [("Government?", "government"), ("Continuing", "continuing")]:
        try:
            values[name] = read_yes_no(cells.get(column, ""))
        except ValueError as error:
            errors.append(f"{column}: {error}")

    values["type"], values["type_as_recorded"] = read_type(cells.get("Type of Exchange", ""))
    if values["type_as_recorded"] and values["type"] == ExchangeRecord.Type.OTHER:
        warnings.append(
            _("Type of Exchange “%(value)s” fits no type: kept as recorded, under “Other”.")
            % {"value": values["type_as_recorded"]}
        )

    values["levels"], unknown_levels = read_levels(cells.get("Level of Government", ""))
    if unknown_levels:
        errors.append(
            _("Level of Government: “%(value)s” is not national, state or local.")
            % {"value": ", ".join(unknown_levels)}
        )

    try:
        values["participant_count"], values["participant_count_note"] = read_participants(
            cells.get("Number of Participants", "")
        )
    except ValueError as error:
        errors.append(f"Number of Participants: {error}")
    if (
        len(values["participant_count_note"])
        > ExchangeRecord._meta.get_field("participant_count_note").max_length
    ):
        errors.append(_("Number of Participants is longer than 300 characters."))

    read_dates(cells, values, errors, warnings, day_first)

    # A line with several addresses is a source for each (parse_sources).
    sources = [source for line in split_values(cells.get("Source URL", "")) for source in parse_sources(line)]
    for number, source in enumerate(sources, 1):
        errors += [f"Source URL: {message}" for message in source_line_errors(number, source)]
    if not sources:
        warnings.append(_("It names no source."))
    return Row(values, sources, errors, warnings)


DATE_COLUMNS = ["Exchange Date", "End Date"]


class MixedDateOrders(ValueError):
    """A file's numeric dates put the day first on some rows and the month first on others."""


def date_cells(mapping):
    """{column: cell} of a row's date columns, their headings matched as read_row matches them."""
    cells = {}
    for heading, cell in mapping.items():
        column = column_of(heading)
        if column in DATE_COLUMNS and column not in cells:
            cells[column] = "" if cell is None else str(cell)
    return cells


def dates_day_first(rows):
    """Whether the numeric dates of a file's rows ((line, {heading: cell})) put the day first:
    True when one does ("28/01/1979"), False when one puts the month first ("01/28/1979"), None
    when none says ("05/02/1979" is either). MixedDateOrders, naming the lines, when both do."""
    shown = {DAY_FIRST: [], MONTH_FIRST: []}
    for line, mapping in rows:
        if isinstance(mapping, Exception):
            continue
        for text in date_cells(mapping).values():
            for order in numeric_orders(text) & shown.keys():
                shown[order].append((line, text))
    if shown[DAY_FIRST] and shown[MONTH_FIRST]:
        raise MixedDateOrders(mixed_orders(shown[DAY_FIRST], shown[MONTH_FIRST]))
    return True if shown[DAY_FIRST] else False if shown[MONTH_FIRST] else None


def mixed_orders(day_first, month_first):
    """The message for dates that put the day first ([(line, text)]) and others the month first."""

    def where(found):
        lines = list(dict.fromkeys(line for line, _text in found))
        named = ", ".join(str(line) for line in lines[:5]) + (", …" if len(lines) > 5 else "")
        return ngettext("line %(lines)s (“%(date)s”)", "lines %(lines)s (“%(date)s”)", len(lines)) % {
            "lines": named,
            "date": found[0][1],
        }

    return _(
        "Its dates put the day first on %(day)s and the month first on %(month)s: write them one way "
        "throughout, or with the month's name (“28 January 1979”)."
    ) % {"day": where(day_first), "month": where(month_first)}


def read_dates(cells, values, errors, warnings, day_first=None):
    text, end_text = cells.get("Exchange Date", ""), cells.get("End Date", "")
    if not text:
        warnings.append(_("It has no date: a moderator must complete it before it is published."))
        if end_text:
            # Read without a beginning, it was dropped without a word: the warning goes into the
            # note of the queued row, for the moderator completing the date.
            warnings.append(
                _(
                    "Its End Date, “%(end)s”, is kept in the note to the moderators: it has no "
                    "Exchange Date to end."
                )
                % {"end": end_text}
            )
        return
    stray = []
    for column, each in (("Exchange Date", text), ("End Date", end_text)):
        try:
            refuse_stray_symbols(each)
        except DateNotUnderstood as error:
            # As the contribution form refuses it: read past, "1972 🎉" was imported as 1972.
            stray.append(f"{column} “{each}”: {error}")
    if stray:
        errors.extend(stray)
        return
    unsaid = False
    if day_first is None:
        # The file does not say: the row's own dates may ("28/01/1979 – 05/02/1979").
        try:
            day_first = dates_day_first([(None, cells)])
        except MixedDateOrders:
            errors.append(
                _("Its dates put the day first in one place and the month first in another: %(dates)s.")
                % {"dates": ", ".join(f"“{each}”" for each in (text, end_text) if each)}
            )
            return
        # When nothing says, the rule reads them month first, and each date it decided is named.
        unsaid, day_first = day_first is None, bool(day_first)
    try:
        period = parse_period(text, day_first)
    except DateNotUnderstood as error:
        # "2010–present": exports often write an exchange that goes on so; the date is when it
        # began, and the record says under Continuing that it goes on.
        period = parse_beginning(text, day_first)
        if period is None:
            errors.append(f"Exchange Date “{text}”: {error}")
            return
        if values["continuing"] is False:
            errors.append(_("Exchange Date “%(date)s” has no end, but Continuing says No.") % {"date": text})
            return
        values["continuing"] = True
        warnings.append(
            _("Exchange Date “%(date)s” read as %(period)s, and Continuing as Yes.")
            % {"date": text, "period": period}
        )
    values.update(
        date=period.first,
        date_precision=period.precision,
        end_date=period.end,
        end_precision=stored_end_precision(period),
        circa=period.circa,
    )
    if unsaid:
        ambiguous(text, period, "Exchange Date", warnings)
    if end_text:
        try:
            end = parse_period(end_text, day_first)
        except DateNotUnderstood as error:
            errors.append(f"End Date “{end_text}”: {error}")
            return
        if unsaid:
            ambiguous(end_text, end, "End Date", warnings)
        if end.last < period.first:
            errors.append(_("The End Date is before the Exchange Date."))
        elif end.last != period.last:
            # The End Date's own precision: "1985" to "March 1986" ends in a month.
            values["end_date"] = end.last
            values["end_precision"] = stored_end_precision(
                Period(
                    period.first, period.precision, end.last, end_precision=end.end_precision or end.precision
                )
            )


def ambiguous(text, period, column, warnings):
    """A warning for a date read month first only by the rule: nothing showed which comes first."""
    if EITHER in numeric_orders(text):
        warnings.append(
            _(
                "%(column)s “%(date)s” read with the month first, as %(period)s: no date in the file "
                "has a day after the 12th to show whether the day or the month comes first."
            )
            % {"column": column, "date": text, "period": period}
        )


def field_default(name):
    field = ExchangeRecord._meta.get_field(name)
    if field.null:
        return None
    return field.get_default()


def label(name):
    return str(ExchangeRecord._meta.get_field(name).verbose_name).capitalize()


def yes_no(value):
    return "" if value is None else ("Yes" if value else "No")


@functools.cache
def choice_labels(language):
    """{"type": {value: label}, "level": {...}} in one language: a download of a million rows
    looks each label up once instead of translating every choice on every row."""
    return {
        "type": {value: str(text) for value, text in ExchangeRecord.Type.choices},
        "level": {value: str(text) for value, text in ExchangeRecord.Level.choices},
    }


def exchange_row(record, sources=None, language=None):
    """An exchange (or submission) as a row of the import format; read_row reads it back the same.

    `sources`: [{"citation", "url"}]; by default the exchange's own. `language`: that of the
    labels and dates, by default the active one (a download names it once for all its rows).
    """
    if sources is None:
        sources = [{"citation": source.citation, "url": source.url} for source in record.sources.all()]
    language = language or get_language()
    labels = choice_labels(language)
    return {
        "Title": record.title,
        "Summary": record.summary,
        "Outcomes": record.outcomes,
        "Government?": yes_no(record.government),
        "Type of Exchange": record.type_as_recorded or labels["type"].get(record.type, record.type),
        "Partners": "\n".join(split_lines(record.partners)),
        "Sponsors": "\n".join(split_lines(record.sponsors)),
        "Participants (Types)": record.participants,
        "Number of Participants": record.participant_count_note
        or ("" if record.participant_count is None else str(record.participant_count)),
        "Exchange Date": record.display_date_in(language),
        "End Date": "",
        "Continuing": yes_no(record.continuing),
        "Level of Government": ", ".join(labels["level"].get(level, level) for level in record.levels),
        "Location": record.location,
        "Source URL": "\n".join(
            " ".join(part for part in (source["citation"], source["url"]) if part) for source in sources
        ),
        "Notes": record.notes,
        "Title (Chinese)": record.title_zh,
        "Summary (Chinese)": record.summary_zh,
    }
