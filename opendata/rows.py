"""One exchange as a row of a download: the import format's CSV columns, and a JSON object.

The CSV row is the import's own inverse, `exchanges.rows.exchange_row`, so that
a download imports back unchanged; this module only makes its cells safe to
open in a spreadsheet, which the import undoes (exchanges/rows.py).
"""

from django.conf import settings

from exchanges.rows import COLUMNS as CSV_COLUMNS
from exchanges.rows import excel_safe, exchange_row

__all__ = ["CSV_COLUMNS", "csv_cells", "excel_safe", "json_record"]


def csv_cells(exchange):
    """The cells of one exchange's CSV line, in the import's column order (sources must be prefetched)."""
    row = exchange_row(exchange)
    return [excel_safe(row[column]) for column in CSV_COLUMNS]


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
        "sources": [{"citation": source.citation, "url": source.url} for source in exchange.sources.all()],
        "created": exchange.created.isoformat().replace("+00:00", "Z"),
        "updated": exchange.updated.isoformat().replace("+00:00", "Z"),
    }
