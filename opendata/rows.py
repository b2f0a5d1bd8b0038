"""One exchange as a row of a download: the import format's CSV columns, and a JSON object.

The CSV row is the import's own inverse, `exchanges.rows.exchange_row`, so that
a download imports back unchanged; this module only makes its cells safe to
open in a spreadsheet, which the import undoes (exchanges/rows.py).
"""

import functools
from urllib.parse import quote

from django.conf import settings
from django.urls import get_script_prefix, reverse

from exchanges.rows import COLUMNS as CSV_COLUMNS
from exchanges.rows import excel_safe, exchange_row

__all__ = ["CSV_COLUMNS", "csv_cells", "excel_safe", "json_record"]


def csv_cells(exchange, sources=None):
    """The cells of one exchange's CSV line, in the import's column order; `sources` as exchange_row
    takes them, or the exchange's own (then prefetched)."""
    row = exchange_row(exchange, sources)
    return [excel_safe(row[column]) for column in CSV_COLUMNS]


def json_record(exchange):
    """One exchange as the JSON download gives it: the API's record (opendata/api/serializers.py),
    built by hand because a serializer per row would slow a million-row download down.
    `exchange` is a download's record (opendata/downloads.py, DownloadRecord): its columns, and
    its sources and entity links as lists of values."""
    return {
        "slug": exchange.slug,
        "url": exchange_url(exchange.slug),
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
        "display_date": exchange.display_date,
        "continuing": exchange.continuing,
        "location": exchange.location,
        "sources": exchange.sources,
        "organisations": exchange.organisations,
        "people": exchange.people,
        "places": exchange.places,
        "created": exchange.created.isoformat().replace("+00:00", "Z"),
        "updated": exchange.updated.isoformat().replace("+00:00", "Z"),
    }


def exchange_url(slug):
    """An exchange's permanent URL: the site's address and its page's path, without resolving the
    URL pattern again for each of a million rows."""
    return _url_template(settings.SITE_URL, get_script_prefix()).replace(SLUG_MARK, quote(slug))


SLUG_MARK = "slug-mark"


@functools.lru_cache(maxsize=8)
def _url_template(site_url, script_prefix):
    return site_url.rstrip("/") + reverse("exchanges:detail", kwargs={"slug": SLUG_MARK})
