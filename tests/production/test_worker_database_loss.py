"""The worker (`manage.py db_worker`) outlives a database that goes away, and sends what waits.

gunicorn with production settings on PostgreSQL, reached through a TCP proxy the test can cut,
and the worker beside it. The database goes away while the worker waits for tasks (a restart,
a failover), and its connections are ended while it sends an email (pg_terminate_backend):
each time the worker must still be running afterwards and send the emails queued since, as
the site itself recovers without a restart.
"""

import time

import pytest

from tests.factories import form_data

from .servers import Browser, Inbox, live_site, mail_settings, wait_until

pytestmark = pytest.mark.postgres


class SlowInbox(Inbox):
    """Takes a second and a half over each message: time to cut the database mid-send."""

    async def handle_DATA(self, server, session, envelope):
        time.sleep(1.5)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def inbox():
    return SlowInbox()


@pytest.fixture
def site(tmp_path, proxy, mail):
    with live_site(
        tmp_path,
        "workerloss",
        database_port=proxy.port,
        **mail_settings(mail[1]),
        EMAIL_TIMEOUT="10",
        CONTRIBUTION_RATE="1000/h",
    ) as running:
        yield running


def contribute(site, title):
    browser = Browser(site)
    assert browser.post("/contribute/", form_data(title=title)).status == 200


def statuses(site):
    with site.connect() as connection:
        return dict(
            connection.execute(
                "SELECT status, count(*) FROM contributions_emaildelivery GROUP BY status"
            ).fetchall()
        )


def end_the_sites_connections(site):
    with site.connect() as connection:
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_the_worker_outlives_the_database_going_away_and_sends_what_waits(site, proxy, mail):
    inbox, _ = mail
    worker = site.start_worker("--interval", "0.2")
    wait_until(lambda: "Starting worker" in site.log(), timeout=30, message="the worker to start")

    # The database goes away while the worker waits for tasks, and comes back.
    proxy.stop()
    time.sleep(3)
    assert worker.alive(), f"the worker exited while the database was away:\n{site.log()}"
    proxy.start()
    contribute(site, "Forum after the outage")
    wait_until(lambda: statuses(site) == {"sent": 2}, timeout=60, message=f"both emails ({statuses(site)})")

    # Its connection is ended while it talks to the mail server.
    contribute(site, "Forum cut off mid-send")
    wait_until(lambda: statuses(site).get("sending"), timeout=30, message="an email being sent")
    end_the_sites_connections(site)
    time.sleep(3)
    assert worker.alive(), f"the worker exited when its connection was ended mid-task:\n{site.log()}"
    contribute(site, "Forum after the cut")
    wait_until(
        lambda: any("Forum after the cut" in subject for subject in inbox.subjects()),
        timeout=60,
        message=f"the notice of the contribution sent after the cut ({statuses(site)})",
    )
    assert worker.alive(), site.log()
