"""The whole filtered catalogue as CSV or JSON, streamed so that memory stays flat at any size."""

import csv
import functools
import io
import itertools
import queue
import threading
from collections import defaultdict, namedtuple
from concurrent.futures import Future

import orjson
from django import forms
from django.conf import settings
from django.db import connections, transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from config import heartbeat
from exchanges.counts import among, among_sql
from exchanges.filters import SentOnceForm
from exchanges.models import (
    ExchangeOrganisation,
    ExchangePerson,
    ExchangePlace,
    RecordReading,
    Source,
    levels_from_stored,
)

from .feeds import latest_catalogue_change
from .filtering import bad_parameters, catalogue_filter
from .read_only import read_only
from .releases import SPREADSHEET_COPY
from .revalidation import revalidated
from .rows import CSV_COLUMNS, csv_cells, json_record, record_context

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
    "end_precision",
    "circa",
    "continuing",
    "levels",
    "location",
    "title_zh",
    "summary_zh",
    "notes",
    # The CSV's own columns after the import's (opendata/rows.py, csv_cells): its address and times.
    "slug",
    "published",
    "updated",
)
JSON_FIELDS = (*CSV_FIELDS, "created")

# The lists of related rows a JSON record gives (the API's, in its order): the model, the entity
# its rows name (none for sources), the record's keys with the columns they come from, and
# whether only the places the record names (direct) count, as on the exchange's page and in
# the API. The database writes each exchange's list as JSON text, one query per list and chunk:
# building a million records' six million related rows in Python took longer than the rest.
JSON_LISTS = {
    "sources": (Source, None, {"citation": "l.citation", "url": "l.url"}, False),
    "organisations": (
        ExchangeOrganisation,
        "organisation",
        {"slug": "e.slug", "name": "e.name", "role": "l.role"},
        False,
    ),
    "people": (ExchangePerson, "person", {"slug": "e.slug", "name": "e.name", "title": "l.title"}, False),
    "places": (ExchangePlace, "place", {"slug": "e.slug", "name": "e.name"}, True),
}


def json_lists(name, ids, alias):
    """{exchange id: its list `name` as JSON text} for the exchanges `ids` that have any."""
    model, entity, members, direct_only = JSON_LISTS[name]
    connection = connections[alias]
    quote = connection.ops.quote_name
    joined = ""
    if entity:
        field = model._meta.get_field(entity)
        joined = f"JOIN {quote(field.related_model._meta.db_table)} e ON e.id = l.{quote(field.column)}"
    condition, params = among_sql("l.exchange_id", ids)
    if direct_only:
        condition += " AND l.direct"
    # The model's own order (Meta.ordering), as the API lists them.
    order = ", ".join(
        f"l.{quote(model._meta.get_field(f.lstrip('-')).column)}{' DESC' if f.startswith('-') else ''}"
        for f in model._meta.ordering
    )
    pairs = ", ".join(f"'{key}', {column}" for key, column in members.items())
    rows = f"FROM {quote(model._meta.db_table)} l {joined} WHERE {condition}"
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT l.exchange_id, json_agg(json_build_object({pairs}) ORDER BY {order})::text "
            f"{rows} GROUP BY l.exchange_id"
        )
    else:
        # SQLite before 3.44 has no ORDER BY inside an aggregate: it groups rows in the order given.
        sql = (
            f"SELECT exchange_id, json_group_array(json(item)) FROM (SELECT l.exchange_id, "
            f"json_object({pairs}) AS item {rows} ORDER BY l.exchange_id, {order}) GROUP BY exchange_id"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def record_class(fields):
    """A download's record of an exchange: its columns and its related rows as a named tuple, not
    a model instance, which costs more than writing the line when there are a million of them;
    it reads its dates and lists as an exchange does (RecordReading), and its levels from the
    stored text (STORED_AS_TEXT)."""
    values = namedtuple("DownloadValues", [STORED_AS_TEXT.get(name, name) for name in fields])
    levels = property(lambda record: levels_from_stored(record.stored_levels))
    return type("DownloadRecord", (RecordReading, values), {"__slots__": (), "levels": levels})


# Columns read as the database stores them, and the record's names for them: parsing two times a
# row into datetimes cost a tenth of the JSON download (opendata/rows.py, utc_iso, writes them
# as the API does), and converting each row's levels as the ORM does another tenth of the CSV.
STORED_AS_TEXT = {
    "created": "created",
    "updated": "updated",
    "published": "published",
    "levels": "stored_levels",
}
CSVRecord = record_class((*CSV_FIELDS, "sources"))
JSONRecord = record_class((*JSON_FIELDS, *JSON_LISTS))
NO_ROWS = orjson.Fragment("[]")


def download_records(filterset, as_json=False):
    """Every exchange the filters select as a record, read through a cursor in chunks of plain
    values, with the sources of each chunk fetched in one query (and, for the JSON, its entity
    links in one query per kind).

    The reading runs one chunk ahead in a thread of its own, so that the database reads the next
    chunk while this thread writes the last one, and a JSON chunk's lists are read by two more
    threads while the records of the chunk before are built: on two cores that halves a
    million-row download's time. A transaction already open (a test's) keeps the reading in
    this thread and its connection, which alone sees what the transaction wrote."""
    alias = filterset.qs.db
    if connections[alias].in_atomic_block:
        chunks = record_chunks(filterset.qs, alias, as_json)
    else:
        chunks = read_ahead(
            functools.partial(record_chunks, filterset.qs, alias, as_json),
            alias,
            helpers=READING_HELPERS if as_json else 0,
        )
    for chunk in chunks:
        # A download outlasts gunicorn's timeout for a silent worker: each chunk says it is alive.
        heartbeat.beat()
        yield from chunk


def record_chunks(queryset, alias, as_json, helpers=()):
    """Lists of records of at most DOWNLOAD_CHUNK_SIZE, read from the database `alias`: for the
    CSV with their sources as values, for the JSON with JSON_LISTS as JSON text. With `helpers`
    (QueryThreads) the JSON lists of a chunk are read by them while the records of the chunk
    before are built, so that the database is not idle meanwhile."""
    size = settings.DOWNLOAD_CHUNK_SIZE
    fields = JSON_FIELDS if as_json else CSV_FIELDS
    columns = [Cast(name, CharField()) if name in STORED_AS_TEXT else name for name in fields]
    rows = queryset.using(alias).values_list(*columns).iterator(chunk_size=size)
    try:
        if not as_json:
            while chunk := list(itertools.islice(rows, size)):
                yield csv_records(chunk, alias)
            return
        waiting = None
        while chunk := list(itertools.islice(rows, size)):
            lists = ask_json_lists([row[0] for row in chunk], alias, helpers)
            if waiting:
                yield json_records(*waiting)
            waiting = chunk, lists
        if waiting:
            yield json_records(*waiting)
    finally:
        # Its cursor closed now, not when an error's frames are let go: an open statement would
        # keep the reading's transaction from ending (SQLite keeps its tables locked).
        rows.close()


def csv_records(chunk, alias):
    """CSVRecords of a chunk of rows, with their sources read in one query."""
    sources = defaultdict(list)
    # The chunk's ids as one parameter: quoting 2,000 of them into each query of a chunk cost a
    # fifth of a million-row download's time.
    ids = [row[0] for row in chunk]
    of_chunk = Source.objects.using(alias).filter(among(Source._meta.db_table, "exchange_id", ids))
    for exchange_id, citation, url in of_chunk.values_list("exchange_id", "citation", "url"):
        sources[exchange_id].append({"citation": citation, "url": url})
    return [CSVRecord(*row, sources[row[0]]) for row in chunk]


def ask_json_lists(ids, alias, helpers):
    """Futures of json_lists of each of JSON_LISTS for the exchanges `ids`, in their order: shared
    among `helpers`, or read here at once without them."""
    futures = []
    for number, name in enumerate(JSON_LISTS):
        if helpers:
            futures.append(helpers[number % len(helpers)].submit(json_lists, name, ids, alias))
        else:
            futures.append(Future())
            futures[-1].set_result(json_lists(name, ids, alias))
    return futures


def json_records(chunk, lists):
    """JSONRecords of a chunk of rows, with its JSON_LISTS (ask_json_lists' futures)."""
    sources, organisations, people, places = [
        {exchange: orjson.Fragment(text) for exchange, text in found.result().items()} for found in lists
    ]
    return [
        JSONRecord(
            *row,
            sources.get(row[0], NO_ROWS),
            organisations.get(row[0], NO_ROWS),
            people.get(row[0], NO_ROWS),
            places.get(row[0], NO_ROWS),
        )
        for row in chunk
    ]


class QueryThread:
    """A thread that runs functions on a database connection of its own, closed when it stops."""

    def __init__(self, alias):
        self.alias = alias
        self.tasks = queue.SimpleQueue()
        self.thread = threading.Thread(target=self.run, name="download-queries", daemon=True)
        self.thread.start()

    def run(self):
        try:
            while (task := self.tasks.get()) is not None:
                future, function, args = task
                try:
                    future.set_result(function(*args))
                except BaseException as error:  # raised where the result is asked for
                    future.set_exception(error)
        finally:
            connections[self.alias].close()

    def submit(self, function, *args):
        future = Future()
        self.tasks.put((future, function, args))
        return future

    def stop(self):
        self.tasks.put(None)
        self.thread.join()


# Threads reading a JSON download's lists beside the reading thread, each on a connection of
# its own: two lists each. A third and a fourth gained 2-4% on two cores.
READING_HELPERS = 2

# What the reading thread puts last in its queue when it has read everything.
READ_TO_THE_END = object()


def read_ahead(make_chunks, alias, helpers=0):
    """The items of the generator make_chunks(helpers=[…]), each taken from a thread that reads the
    next meanwhile, with `helpers` QueryThreads to help it. The thread reads inside one
    transaction on a connection of its own: outside a transaction PostgreSQL would copy a whole
    million-row result into a holdable cursor before giving its first row (4 to 6.5 s with
    bench_1m, and the copy held on the server until the end). Stopping early (a client gone)
    stops the threads and closes their connections."""
    ready = queue.Queue(maxsize=1)
    stopping = threading.Event()

    def hand_over(item):
        while not stopping.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read():
        helping = [QueryThread(alias) for _ in range(helpers)]
        try:
            with transaction.atomic(using=alias):
                chunks = make_chunks(helpers=helping)
                for chunk in chunks:
                    if not hand_over(chunk):
                        break
                chunks.close()
            hand_over(READ_TO_THE_END)
        except BaseException as error:  # whatever it is, the response's thread raises it
            hand_over(error)
        finally:
            for helper in helping:
                helper.stop()
            connections[alias].close()

    thread = threading.Thread(target=read, name="download-reader", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not READ_TO_THE_END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stopping.set()
        thread.join()


class YesOrNoField(forms.Field):
    """A choice in the catalogue's words (government=yes) or a script's (1, true); empty is no. Any
    other word is refused rather than read as no: `excel=true` gave the plain file without a word."""

    WORDS = {"1": True, "yes": True, "true": True, "0": False, "no": False, "false": False}

    def to_python(self, value):
        if value in self.empty_values:
            return False
        try:
            return self.WORDS[value.strip().lower()]
        except KeyError:
            raise forms.ValidationError(
                _(
                    "“%(value)s” is not yes or no: send 1 (or yes) for the file for Excel, "
                    "0 (or no) or nothing for the plain file."
                ),
                code="invalid",
                params={"value": value},
            ) from None


class CsvOptions(SentOnceForm):
    """What the CSV download reads besides the catalogue's filters."""

    excel = YesOrNoField(label=_("For Excel"), required=False)


def csv_chunks(records, byte_order_mark=False):
    buffer = io.StringIO()
    if byte_order_mark:
        # Excel reads a CSV file as the system's code page (Windows-1252) unless it begins with
        # UTF-8's byte-order mark, and Chinese text comes out garbled. Scripts are better off
        # without it (pandas would keep it in the first heading), hence a choice.
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    context = record_context(get_language())
    for number, record in enumerate(records, start=1):
        writer.writerow(csv_cells(record, record.sources, context))
        if number % ROWS_PER_WRITE == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(exchanges):
    """A JSON array, one object per line, as UTF-8 bytes (orjson writes a record several times
    faster than the json module)."""
    context = record_context(get_language())
    pieces = [b"["]
    for number, exchange in enumerate(exchanges):
        pieces.append((b"\n" if number == 0 else b",\n") + orjson.dumps(json_record(exchange, context)))
        if len(pieces) >= ROWS_PER_WRITE:
            yield b"".join(pieces)
            pieces = []
    pieces.append(b"\n]\n")
    yield b"".join(pieces)


def unless_head(request, chunks):
    """The download's chunks (`chunks()`), or none for a HEAD request: gunicorn drops a HEAD's body
    only after reading all of it, which would read the whole selection for nothing."""
    return [] if request.method == "HEAD" else chunks()


def dated(response):
    """The download `response` with the catalogue's latest change as its Last-Modified (the feeds'
    date: what could change a selection moves it), so that a script fetching it again with
    If-Modified-Since (`curl -z exchanges.csv`, a mirror's nightly job) gets 304 from `revalidated`
    and reads no record, where it got the whole selection every time. One query, before any row."""
    changed = latest_catalogue_change()
    if changed:
        response["Last-Modified"] = http_date(changed.timestamp())
    return response


@read_only
@revalidated
def exchanges_csv(request):
    filterset = catalogue_filter(request)
    options = CsvOptions(request.GET)
    if refused := bad_parameters(filterset, options):
        return refused
    for_excel = options.cleaned_data["excel"]
    response = StreamingHttpResponse(
        unless_head(request, lambda: csv_chunks(download_records(filterset), byte_order_mark=for_excel)),
        content_type="text/csv; charset=utf-8",
    )
    # Its own name, the one the releases give their copy for Excel: saved as exchanges.csv, it wrote
    # over the plain file (or became "exchanges (1).csv") and nothing said which one Excel reads right.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=SPREADSHEET_COPY if for_excel else "exchanges.csv"
    )
    return dated(response)


@read_only
@revalidated
def exchanges_json(request):
    filterset = catalogue_filter(request)
    if refused := bad_parameters(filterset):
        return refused
    response = StreamingHttpResponse(
        unless_head(request, lambda: json_chunks(download_records(filterset, as_json=True))),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'inline; filename="exchanges.json"'
    return dated(response)
