"""The whole filtered catalogue as CSV or JSON, streamed so that memory stays flat at any size."""

import csv
import io
import itertools
import json

from django.conf import settings
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from exchanges.models import ExchangeOrganisation, ExchangePerson, ExchangePlace, Source

from .filtering import catalogue_filter, parameter_errors
from .rows import CSV_COLUMNS, csv_cells, json_record

# Rows written to the response in one piece: fewer, larger writes than one per row.
ROWS_PER_WRITE = 200


def filtered_exchanges(filterset, with_entities=False):
    """Every exchange the filters select, read through a cursor in chunks, with the sources of
    each chunk fetched in one query (and its entity links in one query per kind, if asked)."""
    size = settings.DOWNLOAD_CHUNK_SIZE
    exchanges = filterset.qs.iterator(chunk_size=size)
    while chunk := list(itertools.islice(exchanges, size)):
        attach_related(chunk, with_entities)
        yield from chunk


# What the JSON record reads: the related name, and its rows with what they need joined.
# The places are those the record names, as on the exchange's page and in the API.
ENTITY_LINKS = {
    "organisation_links": lambda: ExchangeOrganisation.objects.select_related("organisation"),
    "person_links": lambda: ExchangePerson.objects.select_related("person"),
    "place_links": lambda: ExchangePlace.objects.filter(direct=True).select_related("place"),
}


def attach_related(exchanges, with_entities=False):
    """Put each exchange's sources (and entity links) where `exchange.sources.all()` finds them,
    as prefetch_related does.

    prefetch_related() costs more per row than the download itself (a filtered
    queryset built per exchange); one plain query per chunk and table does the same job.
    """
    related = {"sources": Source.objects.all}
    if with_entities:
        related.update(ENTITY_LINKS)
    caches = {exchange.pk: {name: [] for name in related} for exchange in exchanges}
    for name, rows in related.items():
        for row in rows().filter(exchange_id__in=list(caches)):
            caches[row.exchange_id][name].append(row)
    for exchange in exchanges:
        exchange._prefetched_objects_cache = caches[exchange.pk]


def bad_parameters(filterset):
    lines = [_("These parameters could not be used:"), *parameter_errors(filterset)]
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csv_chunks(exchanges):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for number, exchange in enumerate(exchanges, start=1):
        writer.writerow(csv_cells(exchange))
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
        json_chunks(filtered_exchanges(filterset, with_entities=True)),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="exchanges.json"'
    return response
