"""One exchange as a row of a download: the import format's CSV columns, and a JSON object.

`csv_row` is the one mapping from an exchange to the import format. The
import's own reader will bring its inverse, `exchange_row`, into exchanges/;
this function then becomes a call to it, so that a download imports back
unchanged.
"""

import functools

from django.conf import settings
from django.utils.translation import get_language

from exchanges.models import Exchange

CSV_COLUMNS = [
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
]

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_safe(value):
    """Text a spreadsheet shows as text: a leading formula character is escaped with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@functools.cache
def _labels(language):
    # get_FOO_display() hashes lazy labels on every call: a million rows want them looked up once.
    return {
        "type": {value: str(label) for value, label in Exchange.Type.choices},
        "level": {value: str(label) for value, label in Exchange.Level.choices},
    }


def label(field, value):
    return _labels(get_language())[field].get(value, value)


def yes_no(value):
    return {True: "Yes", False: "No"}.get(value, "")


def partial_date(day, precision):
    """The date at the precision it is known: 2013, 2013-06 or 2013-06-07."""
    if day is None:
        return ""
    return {"year": day.strftime("%Y"), "month": day.strftime("%Y-%m")}.get(precision, day.isoformat())


def source_line(source):
    return " ".join(part for part in (source.citation, source.url) if part)


def csv_row(exchange):
    """{column: text} for one exchange, in the import format (sources must be prefetched)."""
    return {
        "Title": exchange.title,
        "Summary": exchange.summary,
        "Outcomes": exchange.outcomes,
        "Government?": yes_no(exchange.government),
        "Type of Exchange": label("type", exchange.type),
        "Partners": "\n".join(exchange.partner_list),
        "Sponsors": "\n".join(exchange.sponsor_list),
        "Participants (Types)": exchange.participants,
        "Number of Participants": exchange.participant_count_note
        or ("" if exchange.participant_count is None else str(exchange.participant_count)),
        "Exchange Date": partial_date(exchange.date, exchange.date_precision),
        "End Date": partial_date(exchange.end_date, "day"),
        "Continuing": yes_no(exchange.continuing),
        "Level of Government": label("level", exchange.level),
        "Location": exchange.location,
        "Source URL": "\n".join(source_line(source) for source in exchange.sources.all()),
        "Notes": "",
    }


def json_record(exchange):
    """One exchange as the JSON download gives it: the API's record (opendata/api/serializers.py),
    built by hand because a serializer per row would slow a million-row download down."""
    return {
        "slug": exchange.slug,
        "url": settings.SITE_URL.rstrip("/") + exchange.get_absolute_url(),
        "title": exchange.title,
        "summary": exchange.summary,
        "outcomes": exchange.outcomes,
        "government": exchange.government,
        "type": exchange.type,
        "level": exchange.level,
        "partners": exchange.partner_list,
        "sponsors": exchange.sponsor_list,
        "participants": exchange.participants,
        "participant_count": exchange.participant_count,
        "participant_count_note": exchange.participant_count_note,
        "date": exchange.date.isoformat(),
        "date_precision": exchange.date_precision,
        "end_date": exchange.end_date.isoformat() if exchange.end_date else None,
        "continuing": exchange.continuing,
        "location": exchange.location,
        "sources": [{"citation": source.citation, "url": source.url} for source in exchange.sources.all()],
        "created": exchange.created.isoformat().replace("+00:00", "Z"),
        "updated": exchange.updated.isoformat().replace("+00:00", "Z"),
    }
