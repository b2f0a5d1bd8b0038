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
    built by hand because a serializer per row would slow a million-row download down.
    The sources and the entity links must be attached (opendata/downloads.py, attach_related)."""
    return {
        "slug": exchange.slug,
        "url": settings.SITE_URL.rstrip("/") + exchange.get_absolute_url(),
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
        "sources": [{"citation": source.citation, "url": source.url} for source in exchange.sources.all()],
        "organisations": [
            {"slug": link.organisation.slug, "name": link.organisation.name, "role": link.role}
            for link in exchange.organisation_links.all()
        ],
        "people": [
            {"slug": link.person.slug, "name": link.person.name, "title": link.title}
            for link in exchange.person_links.all()
        ],
        "places": [{"slug": link.place.slug, "name": link.place.name} for link in exchange.place_links.all()],
        "created": exchange.created.isoformat().replace("+00:00", "Z"),
        "updated": exchange.updated.isoformat().replace("+00:00", "Z"),
    }
