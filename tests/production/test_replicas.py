"""Reads of anonymous visitors go to a real PostgreSQL streaming replica.

The test starts a private primary cluster and a hot standby made from it by
pg_basebackup (ports 5440-5449, temporary directories), so nothing of the
shared server changes, then sends requests through the site with
DATABASE_REPLICAS pointing at the standby. Which server answered is asked of
the server itself: pg_is_in_recovery() is true only on the standby.
"""

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

import psycopg
import pybreaker
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import close_old_connections, connections, router
from django.http import JsonResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt

from config import routers
from config.settings import database_from_url
from exchanges.models import Exchange

pytestmark = pytest.mark.postgres

PORTS = range(5440, 5450)


def which_server(request):
    """Where this request's reads go, asked of that server, and the users it sees."""
    alias = router.db_for_read(User)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        (in_recovery,) = cursor.fetchone()
    return JsonResponse(
        {
            "alias": alias,
            "replica": in_recovery,
            "users": list(User.objects.values_list("username", flat=True)),
        }
    )


@csrf_exempt
def sign_up(request):
    User.objects.create(username=request.POST["username"])
    return JsonResponse({"ok": True})


urlpatterns = [
    path("probe/which/", which_server),
    path("probe/write/", sign_up),
    path("", include("config.urls")),
]


def postgres_binaries():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return os.path.dirname(found[-1])
    if os.environ.get("CI") == "true":
        pytest.fail("PostgreSQL's server binaries (initdb, pg_basebackup) are missing in CI.")
    pytest.skip("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) are not installed here.")


def free_ports(count):
    ports = []
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        ports.append(port)
        if len(ports) == count:
            return ports
    pytest.skip(f"Fewer than {count} free ports in {PORTS.start}-{PORTS.stop - 1}.")


class Cluster:
    """A PostgreSQL cluster of the test's own, run as the `postgres` user when the tests run as root."""

    def __init__(self, bin_dir, directory, port):
        self.bin_dir, self.directory, self.port = bin_dir, directory, port
        self.data = os.path.join(directory, f"data-{port}")

    def run(self, program, *arguments):
        command = [os.path.join(self.bin_dir, program), *arguments]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, cwd=self.directory, capture_output=True, timeout=60)

    def start(self):
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c full_page_writes=off -c shared_buffers=16MB"
        )
        self.run(
            "pg_ctl", "-D", self.data, "-o", options, "-l", self.data + ".log", "-w", "-t", "30", "start"
        )

    def stop(self):
        if os.path.exists(os.path.join(self.data, "postmaster.pid")):
            self.run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def url(self, database="exchanges"):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def query(self, sql):
        with psycopg.connect(self.url(), autocommit=True) as connection:
            return connection.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def clusters():
    bin_dir = postgres_binaries()
    directory = tempfile.mkdtemp(prefix="replicas-")
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres", "postgres")
    primary_port, replica_port = free_ports(2)
    primary = Cluster(bin_dir, directory, primary_port)
    replica = Cluster(bin_dir, directory, replica_port)
    try:
        primary.run("initdb", "-D", primary.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        primary.start()
        with psycopg.connect(primary.url("postgres"), autocommit=True) as connection:
            connection.execute("CREATE DATABASE exchanges")
        primary.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(primary_port), "-U", "postgres",
            "-D", replica.data, "-R", "-X", "stream", "-c", "fast", "--no-sync",
        )  # fmt: skip
        replica.start()
        yield primary, replica
    finally:
        replica.stop()
        primary.stop()
        shutil.rmtree(directory, ignore_errors=True)


def wait_for_replay(primary, replica, timeout=20):
    target = primary.query("SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while replica.query(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") is not True:
        assert time.monotonic() < deadline, "the replica did not replay the primary's changes"
        time.sleep(0.1)


def forget_connections():
    connections.close_all()
    for alias in list(connections.settings):
        if hasattr(connections._connections, alias):
            delattr(connections._connections, alias)


@pytest.fixture(scope="module")
def site_on_replica(clusters, django_db_blocker):
    """The site's database connections swapped for the private primary and its replica."""
    primary, replica = clusters
    saved = connections.__dict__["settings"]
    forget_connections()
    connections.__dict__["settings"] = connections.configure_settings(
        {
            "default": database_from_url(primary.url(), "DATABASE_URL"),
            "replica1": database_from_url(replica.url(), "DATABASE_REPLICA_URLS"),
        }
    )
    try:
        with django_db_blocker.unblock():
            call_command("migrate", verbosity=0, database="default")
            wait_for_replay(primary, replica)
            with override_settings(DATABASE_REPLICAS=["replica1"], ROOT_URLCONF=__name__):
                yield primary, replica
    finally:
        forget_connections()
        connections.__dict__["settings"] = saved
        routers._breakers.clear()


def read_from(client, **extra):
    # What a real server does as each request starts (the test client leaves it
    # out): connections are health-checked again on their first use.
    close_old_connections()
    response = client.get("/probe/which/", **extra)
    assert response.status_code == 200
    return json.loads(response.content)


def test_anonymous_reads_go_to_the_replica_and_the_rest_to_the_primary(site_on_replica):
    primary, replica = site_on_replica
    anonymous = Client()
    answer = read_from(anonymous)
    assert answer == {"alias": "replica1", "replica": True, "users": []}

    # The catalogue's own pages read there too.
    with CaptureQueriesContext(connections["replica1"]) as on_replica:
        with CaptureQueriesContext(connections["default"]) as on_primary:
            assert anonymous.get("/exchanges/").status_code == 200
    assert any("exchanges_exchange" in query["sql"] for query in on_replica.captured_queries)
    assert not any("exchanges_exchange" in query["sql"] for query in on_primary.captured_queries)

    # A logged-in moderator reads the primary, pages and all.
    moderator = User.objects.create(username="moderator", is_staff=True)
    staff = Client()
    staff.force_login(moderator)
    assert read_from(staff)["replica"] is False
    # Outside any request (the worker, management commands): the primary.
    assert router.db_for_read(Exchange) == "default"


def test_a_visitor_who_has_just_written_reads_their_write_from_the_primary(site_on_replica):
    primary, replica = site_on_replica
    visitor, other = Client(), Client()
    assert visitor.post("/probe/write/", {"username": "new-contributor"}).status_code == 200
    # The write went to the primary, and the visitor's next reads go there too.
    assert primary.query("SELECT count(*) FROM auth_user WHERE username = 'new-contributor'") == 1
    answer = read_from(visitor)
    assert answer["replica"] is False
    assert "new-contributor" in answer["users"]
    # Someone else still reads from the replica.
    assert read_from(other)["replica"] is True
    # A forged or stale cookie does not keep a visitor on the primary.
    other.cookies["wrote"] = "1"
    assert read_from(other)["replica"] is True


def test_the_site_keeps_serving_from_the_primary_when_the_replica_stops(site_on_replica):
    primary, replica = site_on_replica
    anonymous = Client()
    with override_settings(REPLICA_RETRY_SECONDS=3):
        # Each replica's breaker is made with the setting as it is then.
        routers._breakers.clear()
        assert read_from(anonymous)["replica"] is True
        replica.stop()
        started = time.monotonic()
        answer = read_from(anonymous)
        assert answer["alias"] == "default" and answer["replica"] is False
        close_old_connections()
        assert anonymous.get("/exchanges/").status_code == 200
        # Marked down: the next requests do not try it again.
        assert routers._breakers["replica1"].current_state == pybreaker.STATE_OPEN
        assert read_from(anonymous)["alias"] == "default"
        assert time.monotonic() - started < 3
        # Back, and REPLICA_RETRY_SECONDS later the next request tries it and reads there again.
        replica.start()
        wait_for_replay(primary, replica)
        time.sleep(max(0, started + 3.1 - time.monotonic()))
        answer = read_from(anonymous)
        assert answer["alias"] == "replica1" and answer["replica"] is True
        assert routers._breakers["replica1"].current_state == pybreaker.STATE_CLOSED
