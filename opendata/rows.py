"""One exchange as a row of a download: the import format's CSV columns, and a JSON object.

The CSV row is the import's own inverse, `exchanges.rows.exchange_row`, so that
a download imports back unchanged; this module only makes its cells safe to
open in a spreadsheet, which the import undoes (exchanges/rows.py).
"""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse

from exchanges.rows import COLUMNS as CSV_COLUMNS
from exchanges.rows import excel_safe, exchange_row

__all__ = ["CSV_COLUMNS", "csv_cells", "excel_safe", "json_record", "record_context", "utc_iso"]


def csv_cells(exchange, sources=None, language=None):
    """The cells of one exchange's CSV line, in the import's column order; `sources` and `language`
    as exchange_row takes them (by default the exchange's own sources, then prefetched)."""
    row = exchange_row(exchange, sources, language)
    return [excel_safe(row[column]) for column in CSV_COLUMNS]


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
        "url": context["url_before"] + quote(exchange.slug) + context["url_after"],
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
        "circa": exchange.circa,
        "display_date": exchange.display_date_in(context["language"]),
        "continuing": exchange.continuing,
        "location": exchange.location,
        "sources": exchange.sources,
        "organisations": exchange.organisations,
        "people": exchange.people,
        "places": exchange.places,
        "created": utc_iso(exchange.created),
        "updated": utc_iso(exchange.updated),
        # Set whenever an exchange is saved published; null for a row written around save().
        "first_published": utc_iso(exchange.published) if exchange.published else None,
    }


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
