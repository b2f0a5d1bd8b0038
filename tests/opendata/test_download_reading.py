"""How a download reads the catalogue outside a transaction, as in production: one chunk ahead in
a thread of its own, with a second thread reading half of each JSON chunk's lists, each on a
connection of its own; and how it tells gunicorn it is alive."""

import datetime
import json
import signal
import threading
import time
from unittest import mock

from django.db import DatabaseError, connection, transaction
from django.test import SimpleTestCase, TransactionTestCase, override_settings

from config import heartbeat
from exchanges.models import Exchange
from opendata import downloads
from opendata.rows import utc_iso
from tests.factories import make_exchange

D = datetime.date


def body(response):
    return b"".join(response.streaming_content)


def reading_threads():
    return [thread for thread in threading.enumerate() if thread.name.startswith("download-")]


def backends(expected=None):
    """Other sessions connected to this database (PostgreSQL), or None on SQLite. Given the number
    `expected`, asked again for a few seconds until it is reached: a session ends on the server a
    moment after its client closed it."""
    for _ in range(50):
        found = _backends()
        if expected is None or found == expected:
            break
        time.sleep(0.1)
    return found


def _backends():
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@override_settings(DOWNLOAD_CHUNK_SIZE=2)
class ReadAheadTests(TransactionTestCase):
    # What the migrations wrote (the gazetteer's places, the Moderators group) stays for the
    # tests that follow.
    serialized_rollback = True

    def setUp(self):
        for number in range(7):
            make_exchange(
                title=f"Visit {number}",
                date=D(2010 + number, 5, 1),
                partners=f"Partner {number}\nUniversity of Partner {number + 1}",
                sponsors=f"Foundation {number % 2}",
                participants="Foreign Minister Wang Yi, Governor Jerry Brown",
                location="Nanjing, Jiangsu",
                sources=2,
            )
        make_exchange(title="Draft visit", status=Exchange.Status.DRAFT)

    def downloads(self):
        return {url: body(self.client.get(url)) for url in ("/exchanges.csv", "/exchanges.json?q=visit")}

    def test_threads_read_what_one_transaction_reads(self):
        threaded = self.downloads()
        # Inside a transaction the reading stays in this thread, on this connection.
        with transaction.atomic():
            inline = self.downloads()
        self.assertEqual(threaded, inline)
        records = json.loads(threaded["/exchanges.json?q=visit"])
        self.assertEqual(len(records), 7)
        [last] = [record for record in records if record["title"] == "Visit 6"]
        self.assertEqual(
            [(organisation["name"], organisation["role"]) for organisation in last["organisations"]],
            [("Partner 6", "partner"), ("University of Partner 7", "partner"), ("Foundation 0", "sponsor")],
        )
        self.assertEqual(
            [(person["name"], person["title"]) for person in last["people"]],
            [("Wang Yi", "Foreign Minister"), ("Jerry Brown", "Governor")],
        )
        self.assertEqual([place["name"] for place in last["places"]], ["Nanjing"])
        self.assertEqual(len(last["sources"]), 2)
        self.assertEqual(threaded["/exchanges.csv"].count(b"Visit "), 7)

    def test_the_records_are_the_apis(self):
        downloaded = json.loads(body(self.client.get("/exchanges.json")))
        from_api = self.client.get("/api/v1/exchanges/?page_size=100").json()["results"]
        self.assertEqual(downloaded, from_api)

    def test_the_threads_stop_and_close_their_connections_when_the_download_ends(self):
        before = backends()
        self.downloads()
        self.assertEqual(reading_threads(), [])
        self.assertEqual(backends(expected=before), before)

    @mock.patch("opendata.downloads.ROWS_PER_WRITE", 1)
    def test_a_client_leaving_early_stops_the_threads(self):
        before = backends()
        response = self.client.get("/exchanges.json")
        pieces = iter(response.streaming_content)
        self.assertTrue(next(pieces).startswith(b"["))
        self.assertTrue(reading_threads())
        response.close()
        self.assertEqual(reading_threads(), [])
        self.assertEqual(backends(expected=before), before)

    def test_a_failure_while_reading_ahead_reaches_the_response_and_stops_the_threads(self):
        calls = []
        real = downloads.json_lists

        def failing_later(name, ids, alias):
            calls.append(name)
            if len(calls) > 5:  # in the second chunk, on either thread
                raise DatabaseError("the connection was lost")
            return real(name, ids, alias)

        def hung(*args):
            raise AssertionError("the download hung instead of failing")

        previous = signal.signal(signal.SIGALRM, hung)
        signal.alarm(30)
        try:
            with mock.patch("opendata.downloads.json_lists", failing_later):
                response = self.client.get("/exchanges.json")
                message = ""
                try:
                    body(response)
                except DatabaseError as error:
                    # Only the words kept: the error's frames would hold the reading's cursor.
                    message = str(error)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
        self.assertEqual(message, "the connection was lost")
        self.assertEqual(reading_threads(), [])


class Recorder:
    """Stands for a gunicorn worker: counts the signs of life it is given."""

    def __init__(self):
        self.beats = 0

    def notify(self):
        self.beats += 1


@override_settings(DOWNLOAD_CHUNK_SIZE=2)
class HeartbeatTests(TransactionTestCase):
    serialized_rollback = True

    def setUp(self):
        self.addCleanup(heartbeat.register, None)

    def test_each_chunk_of_a_download_is_a_sign_of_life(self):
        for number in range(5):
            make_exchange(title=f"Visit {number}")
        worker = Recorder()
        heartbeat.register(worker)
        for url in ("/exchanges.csv", "/exchanges.json"):
            worker.beats = 0
            body(self.client.get(url))
            # Five exchanges, two a chunk: three chunks.
            self.assertEqual(worker.beats, 3, url)


class UTCTimeTests(SimpleTestCase):
    def test_a_stored_time_reads_as_the_api_writes_it(self):
        for stored, written in [
            ("2026-12-02 15:07:08.209598+00", "2026-12-02T15:07:08.209598Z"),
            ("2026-12-02 15:07:08.2+00", "2026-12-02T15:07:08.200000Z"),
            ("2026-12-02 15:07:08+00", "2026-12-02T15:07:08Z"),
            ("2026-12-02 15:07:08.200000", "2026-12-02T15:07:08.200000Z"),
            ("2026-12-02 15:07:08", "2026-12-02T15:07:08Z"),
        ]:
            self.assertEqual(utc_iso(stored), written, stored)
        moment = datetime.datetime(2026, 12, 2, 15, 7, 8, 200000, tzinfo=datetime.UTC)
        self.assertEqual(utc_iso("2026-12-02 15:07:08.2+00"), moment.isoformat().replace("+00:00", "Z"))
