"""One exchange as a row of a download: the import format's CSV columns, and a JSON object.

The CSV row is the import's own inverse, `exchanges.rows.exchange_row`, so that
a download imports back unchanged, followed by the download's own read-only
columns (the record's address and times), which the import passes over; this
module only makes its cells safe to open in a spreadsheet, which the import
undoes (exchanges/rows.py).
"""

import datetime
from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.translation import get_language

from exchanges.rows import COLUMNS, DOWNLOAD_COLUMNS, excel_safe, exchange_row

__all__ = ["CSV_COLUMNS", "csv_cells", "excel_safe", "json_record", "record_context", "utc_iso"]

# The CSV download's columns: the import format's, then the record's address and times.
CSV_COLUMNS = [*COLUMNS, *DOWNLOAD_COLUMNS]


def csv_cells(exchange, sources=None, context=None):
    """The cells of one exchange's CSV line, in CSV_COLUMNS' order; `sources` as exchange_row takes
    them (by default the exchange's own, then prefetched), `context` record_context's (by
    default the active language's). `exchange` is an exchange or a download's record."""
    context = context or record_context(get_language())
    row = exchange_row(exchange, sources, context["language"])
    cells = [excel_safe(row[column]) for column in COLUMNS]
    # DOWNLOAD_COLUMNS: the JSON download's url, first_published and updated. An address under
    # SITE_URL and times that begin with their year never start as a formula does.
    cells += (record_url(exchange.slug, context), iso_time(exchange.published), iso_time(exchange.updated))
    return cells


def record_context(language):
    """What json_record needs from the request, looked up once per download instead of once per
    row: the language of the dates, and the exchange URL's two sides of its slug."""
    template = settings.SITE_URL.rstrip("/") + reverse("exchanges:detail", kwargs={"slug": SLUG_MARK})
    before, after = template.split(SLUG_MARK)
    return {"language": language, "url_before": before, "url_after": after}


def json_record(exchange, context):
    """One exchange as the JSON download gives it: the API's record (opendata/api/serializers.py),
    built by hand because a serializer per row would slow a million-row download down.
    `exchange` is a download's record (opendata/downloads.py, DownloadRecord): its columns, and
    its sources and entity links as lists of values; `context` is record_context's."""
    return {
        "slug": exchange.slug,
        "url": record_url(exchange.slug, context),
        "title": exchange.title,
        "title_zh": exchange.title_zh,
        "summary": exchange.summary,
        "summary_zh": exchange.summary_zh,
        "outcomes": exchange.outcomes,
        "government": exchange.government,
        "type": exchange.type,
        "type_as_recorded": exchange.type_as_recorded,
        "levels": exchange.levels,
        "partners": exchange.partner_list,
        "sponsors": exchange.sponsor_list,
        "participants": exchange.participants,
        "participant_count": exchange.participant_count,
        "participant_count_note": exchange.participant_count_note,
        "date": exchange.date.isoformat(),
        "date_precision": exchange.date_precision,
        "end_date": exchange.end_date.isoformat() if exchange.end_date else None,
        "end_precision": exchange.end_date_precision,
        "circa": exchange.circa,
        "display_date": exchange.display_date_in(context["language"]),
        "continuing": exchange.continuing,
        "location": exchange.location,
        "notes": exchange.notes,
        "sources": exchange.sources,
        "organisations": exchange.organisations,
        "people": exchange.people,
        "places": exchange.places,
        "created": utc_iso(exchange.created),
        "updated": utc_iso(exchange.updated),
        # Set whenever an exchange is saved published; null for a row written around save().
        "first_published": utc_iso(exchange.published) if exchange.published else None,
    }


def record_url(slug, context):
    """The exchange's permanent address under SITE_URL, as its page is served (record_context)."""
    return context["url_before"] + quote(slug) + context["url_after"]


def iso_time(value):
    """A time as the API gives it, empty for none: `value` is a download record's text as the
    database writes it (utc_iso), or an exchange's own datetime."""
    if value is None:
        return ""
    if isinstance(value, str):
        return utc_iso(value)
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def utc_iso(text):
    """A time as the database writes it in UTC, as the API gives it: "2026-12-02 15:07:08.2+00"
    (PostgreSQL, in the connection's UTC) or "2026-12-02 15:07:08.200000" (SQLite) is
    "2026-12-02T15:07:08.200000Z"; without a fraction, "2026-12-02T15:07:08Z"."""
    day, time = text.removesuffix("+00").split(" ")
    if "." in time:
        whole, fraction = time.split(".")
        time = f"{whole}.{fraction:0<6}"
    return f"{day}T{time}Z"


# Stands for the slug in the exchange URL that record_context cuts in two.
SLUG_MARK = "slug-mark"
