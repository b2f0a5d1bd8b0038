"""The whole filtered catalogue as CSV or JSON, streamed so that memory stays flat at any size."""

import csv
import io
import json

from django.conf import settings
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .filtering import catalogue_filter, parameter_errors
from .rows import CSV_COLUMNS, csv_row, excel_safe, json_record

# Rows written to the response in one piece: fewer, larger writes than one per row.
ROWS_PER_WRITE = 200


def filtered_exchanges(filterset):
    """Every exchange the filters select, fetched in chunks with their sources (one query per chunk each)."""
    return filterset.qs.prefetch_related("sources").iterator(chunk_size=settings.DOWNLOAD_CHUNK_SIZE)


def bad_parameters(filterset):
    lines = [_("These parameters could not be used:"), *parameter_errors(filterset)]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csv_chunks(exchanges):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for number, exchange in enumerate(exchanges, start=1):
        writer.writerow({column: excel_safe(value) for column, value in csv_row(exchange).items()})
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
        csv_chunks(filtered_exchanges(filterset)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="exchanges.csv"'
    return response


@require_GET
def exchanges_json(request):
    filterset = catalogue_filter(request)
    if not filterset.is_valid():
        return bad_parameters(filterset)
    response = StreamingHttpResponse(
        json_chunks(filtered_exchanges(filterset)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="exchanges.json"'
    return response
