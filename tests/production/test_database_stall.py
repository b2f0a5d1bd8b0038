"""A database that is stuck, or a network path to it that stalls, costs a reader seconds: the
503 page within the statement timeout, and the site recovers by itself.

gunicorn with production settings reaches PostgreSQL through a TCP proxy the
test controls. Stuck: another session holds a lock the catalogue's query needs
(statement_timeout ends the wait on the server). Stalled: the proxy stops
forwarding without closing anything, so neither the server's timeout nor TCP
can notice (the web process's own watchdog ends the wait).
"""

import json

import pytest

from .servers import TcpProxy, fetch, free_port, live_site, timed_get, wait_until

pytestmark = pytest.mark.postgres

STATEMENT_TIMEOUT = 2
CONNECT_TIMEOUT = 2


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import os

    import dj_database_url

    postgres = dj_database_url.parse(os.environ["DATABASE_URL"])
    proxy = TcpProxy(
        target=(postgres["HOST"] or "127.0.0.1", int(postgres["PORT"] or 5432)), port=free_port()
    )
    proxy.start()
    try:
        with live_site(
            tmp_path_factory.mktemp("stall"),
            "stall",
            database_port=proxy.port,
            DATABASE_STATEMENT_TIMEOUT=str(STATEMENT_TIMEOUT),
            DATABASE_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
            WEB_CONCURRENCY="2",
        ) as running:
            running.proxy = proxy
            yield running
    finally:
        proxy.resume()
        proxy.stop()


def assert_503_in_time(site, path, limit):
    response, seconds = timed_get(site, path)
    assert response is not None, f"{path}: no answer after {seconds:.1f} s\n{site.log()}"
    assert response.status == 503, f"{path}: {response.status} after {seconds:.1f} s\n{site.log()}"
    assert seconds < limit, f"{path}: the 503 took {seconds:.1f} s"
    return response


def serves_again(site):
    return all(
        (timed_get(site, path)[0] or fetch(site.port, "/")).status == 200 for path in ["/healthz", "/"]
    )


def test_a_stuck_database_gives_the_503_page_within_the_statement_timeout(site):
    assert timed_get(site, "/exchanges/")[0].status == 200
    with site.connect() as blocker:
        blocker.autocommit = False
        # The list's first query reads the summary of counts, and an empty catalogue's list reads
        # nothing else: both tables, so that the list waits whatever the catalogue holds.
        blocker.execute("LOCK TABLE exchanges_exchange, exchanges_cataloguecount IN ACCESS EXCLUSIVE MODE")
        for _ in range(3):
            page = assert_503_in_time(site, "/exchanges/", STATEMENT_TIMEOUT + 3)
            assert "The database is out of reach for a moment" in page.text
        blocker.rollback()
    response, seconds = timed_get(site, "/exchanges/")
    assert response.status == 200 and seconds < 2


def test_a_stalled_network_gives_the_503_page_and_the_site_recovers(site):
    for _ in range(4):  # every worker holds a kept connection through the proxy
        assert timed_get(site, "/exchanges/")[0].status == 200
    site.proxy.stall()
    try:
        # A kept connection: its health check gets no answer and is cut off after
        # the statement timeout and a grace; the new connection then times out.
        limit = STATEMENT_TIMEOUT + 2 + CONNECT_TIMEOUT + 4  # the margin is for a busy machine
        for path in ["/exchanges/", "/", "/exchanges/"]:
            assert_503_in_time(site, path, limit)
        health = assert_503_in_time(site, "/healthz", limit)
        assert json.loads(health.body)["database"] == "unreachable"
    finally:
        site.proxy.resume()
    wait_until(lambda: serves_again(site), timeout=30, message="the site to recover")
    assert site.gunicorn.alive()
    assert "WORKER TIMEOUT" not in site.gunicorn.log(), "gunicorn had to kill a stuck worker"
