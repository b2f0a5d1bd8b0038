"""The whole filtered catalogue as CSV or JSON, streamed so that memory stays flat at any size."""

import csv
import io
import itertools
import json
from collections import defaultdict

from django.conf import settings
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from exchanges.counts import among
from exchanges.models import ExchangeOrganisation, ExchangePerson, ExchangePlace, RecordReading, Source

from .filtering import catalogue_filter, parameter_errors
from .rows import CSV_COLUMNS, csv_cells, json_record

# Rows written to the response in one piece: fewer, larger writes than one per row.
ROWS_PER_WRITE = 200


# The columns each download's records are made from (exchanges/rows.py, exchange_row, and
# opendata/rows.py, json_record, read these names).
CSV_FIELDS = (
    "id",
    "title",
    "summary",
    "outcomes",
    "government",
    "type",
    "type_as_recorded",
    "partners",
    "sponsors",
    "participants",
    "participant_count",
    "participant_count_note",
    "date",
    "date_precision",
    "end_date",
    "circa",
    "continuing",
    "levels",
    "location",
    "title_zh",
    "summary_zh",
)
JSON_FIELDS = (*CSV_FIELDS, "slug", "created", "updated")

# Each exchange's entity links as the JSON record gives them (the API's order): the related
# rows' values, read with their entity in one query per chunk. The places are those the record
# names, as on the exchange's page and in the API.
ENTITY_LINKS = {
    "organisations": (
        ExchangeOrganisation.objects.all,
        {"slug": "organisation__slug", "name": "organisation__name", "role": "role"},
    ),
    "people": (
        ExchangePerson.objects.all,
        {"slug": "person__slug", "name": "person__name", "title": "title"},
    ),
    "places": (
        lambda: ExchangePlace.objects.filter(direct=True),
        {"slug": "place__slug", "name": "place__name"},
    ),
}


class DownloadRecord(RecordReading):
    """One exchange as a download reads it: its columns as plain values and its related rows as
    lists, without model instances, which cost more than writing the line when there are a
    million of them."""

    __slots__ = (*JSON_FIELDS, "sources", "organisations", "people", "places")

    def __init__(self, fields, values):
        for name, value in zip(fields, values, strict=True):
            setattr(self, name, value)


def download_records(filterset, with_entities=False):
    """Every exchange the filters select as a DownloadRecord, read through a cursor in chunks of
    plain values, with the sources of each chunk fetched in one query (and, for the JSON, its
    entity links in one query per kind)."""
    size = settings.DOWNLOAD_CHUNK_SIZE
    fields = JSON_FIELDS if with_entities else CSV_FIELDS
    rows = filterset.qs.values_list(*fields).iterator(chunk_size=size)
    while chunk := [DownloadRecord(fields, values) for values in itertools.islice(rows, size)]:
        related = {"sources": (Source.objects.all, {"citation": "citation", "url": "url"})}
        if with_entities:
            related.update(ENTITY_LINKS)
        ids = [record.id for record in chunk]
        for name, (rows_of, columns) in related.items():
            found = defaultdict(list)
            keys = list(columns)
            links = rows_of()
            # The chunk's ids as one parameter: quoting 2,000 of them into each of four queries
            # a chunk cost a fifth of a million-row download's time.
            links = links.filter(among(links.model._meta.db_table, "exchange_id", ids))
            for exchange_id, *values in links.values_list("exchange_id", *columns.values()):
                found[exchange_id].append(dict(zip(keys, values, strict=True)))
            for record in chunk:
                setattr(record, name, found[record.id])
        yield from chunk


def bad_parameters(filterset):
    lines = [_("These parameters could not be used:"), *parameter_errors(filterset)]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csv_chunks(records):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for number, record in enumerate(records, start=1):
        writer.writerow(csv_cells(record, record.sources))
        if number % ROWS_PER_WRITE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(exchanges):
    """A JSON array, one object per line."""
    pieces = ["["]
    for number, exchange in enumerate(exchanges):
        pieces.append(
            ("\n" if number == 0 else ",\n") + json.dumps(json_record(exchange), ensure_ascii=False)
        )
        if len(pieces) >= ROWS_PER_WRITE:
            yield "".join(pieces)
            pieces = []
    pieces.append("\n]\n")
    yield "".join(pieces)


@require_GET
def exchanges_csv(request):
    filterset = catalogue_filter(request)
    if not filterset.is_valid():
        return bad_parameters(filterset)
    response = StreamingHttpResponse(
        csv_chunks(download_records(filterset)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="exchanges.csv"'
    return response


@require_GET
def exchanges_json(request):
    filterset = catalogue_filter(request)
    if not filterset.is_valid():
        return bad_parameters(filterset)
    response = StreamingHttpResponse(
        json_chunks(download_records(filterset, with_entities=True)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="exchanges.json"'
    return response
