"""A mail server that stalls costs contributors nothing, and loses nothing.

gunicorn with production settings on PostgreSQL and the worker beside it
(`manage.py db_worker`), sending to an SMTP server on 127.0.0.1 that first
accepts connections and never answers. Twenty people submit at once: each is
thanked within a second, and /healthz answers within a second, because no
email is sent inside a request. Then the mail server recovers (a real SMTP
server, aiosmtpd, on the same port) and every queued email is delivered
exactly once.
"""

import contextlib
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.factories import form_data

from .servers import Browser, Inbox, fetch, free_port, live_site, wait_until

pytestmark = pytest.mark.postgres

CONTRIBUTORS = 20


class StalledMailServer:
    """Accepts every connection and never says a word, until stopped."""

    def __init__(self, port):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(64)
        self.held = []
        self.running = True
        self.thread = threading.Thread(target=self.accept, daemon=True)
        self.thread.start()

    def accept(self):
        self.listener.settimeout(0.2)
        while self.running:
            try:
                connection, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            self.held.append(connection)

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)  # out of accept(), so the port is free at once
        self.listener.close()
        for connection in self.held:
            with contextlib.suppress(OSError):
                connection.close()


@pytest.fixture
def mail_port():
    return free_port()


@pytest.fixture
def site(tmp_path, mail_port):
    # The mail server's port is held while the site picks its own, so that the site cannot pick
    # the same free port; it is let go for the test's mail server once the site listens.
    with socket.socket() as held:
        held.bind(("127.0.0.1", mail_port))
        with live_site(
            tmp_path,
            "slowmail",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(mail_port),
            EMAIL_USE_TLS="false",
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_TIMEOUT="3",
            EMAIL_RETRY_DELAY="1",
            EMAIL_MAX_ATTEMPTS="20",
            MODERATOR_EMAILS="desk@example.org",
            CONTRIBUTION_RATE="1000/h",
        ) as running:
            held.close()
            yield running


def timed(call):
    started = time.monotonic()
    result = call()
    return result, time.monotonic() - started


def contribute(browser, number, barrier, answers):
    browser.get("/contribute/")
    barrier.wait(timeout=30)
    # The answer to the submission is the redirect to the thank-you page; the page follows.
    answers[number] = timed(lambda: browser.post("/contribute/", form_data(title=f"Forum number {number}")))
    answers[number] = (browser.get("/contribute/thanks/"), answers[number][0].status, answers[number][1])


def warm_up(site):
    """Every gunicorn worker loads its code and templates once, as a running site has."""
    browser = Browser(site)
    for _ in range(6):
        browser.post("/contribute/", form_data(title=""))  # refused: stores and sends nothing
        browser.get("/contribute/thanks/")


def burst(site, first):
    """CONTRIBUTORS people submit at the same moment while /healthz is polled; returns the waits."""
    barrier = threading.Barrier(CONTRIBUTORS)
    answers = {}
    threads = [
        threading.Thread(
            target=contribute, args=(Browser(site, follow_redirects=False), number, barrier, answers)
        )
        for number in range(first, first + CONTRIBUTORS)
    ]
    for thread in threads:
        thread.start()
    health = []
    for _ in range(5):
        health.append(timed(lambda: fetch(site.port, "/healthz", host="127.0.0.1", timeout=5)))
        time.sleep(0.1)
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == CONTRIBUTORS
    for number, (page, answer, _) in sorted(answers.items()):
        assert answer == 302, (number, answer)
        assert page.status == 200 and "Your reference number" in page.text, (number, page.status)
    for response, _ in health:
        assert response is not None and response.status == 200
    return {
        "waits": {number: round(seconds, 2) for number, (_, _, seconds) in answers.items()},
        "health": [round(seconds, 2) for _, seconds in health],
    }


def deliveries(site):
    with site.connect() as connection:
        return dict(
            connection.execute(
                "SELECT status, count(*) FROM contributions_emaildelivery GROUP BY status"
            ).fetchall()
        )


def test_a_stalled_mail_server_stalls_nobody_and_every_email_goes_once_it_recovers(site, mail_port):
    stalled = StalledMailServer(mail_port)
    try:
        site.start_worker("--interval", "0.2")
        wait_until(lambda: "Starting worker" in site.log(), timeout=30, message="the worker to start")
        warm_up(site)
        # This machine's CPUs may be shared with other work: a burst whose answers
        # were slow only for want of CPU is tried again, up to three times. An
        # email sent inside the request would make every burst wait on the
        # silent server (EMAIL_TIMEOUT, 3 s, at least), so none could pass.
        bursts = []
        for _ in range(3):
            bursts.append(burst(site, first=len(bursts) * CONTRIBUTORS))
            if all(seconds < 1 for seconds in bursts[-1]["waits"].values()) and all(
                seconds < 1 for seconds in bursts[-1]["health"]
            ):
                break
        else:
            raise AssertionError(f"every burst had an answer of a second or more: {bursts}\n{site.log()}")

        # The worker is meanwhile stuck on the silent server, each attempt cut at EMAIL_TIMEOUT.
        wait_until(
            lambda: "Could not send" in site.log(), timeout=20, message="the worker to fail an attempt"
        )
        assert deliveries(site).get("sent", 0) == 0
    finally:
        stalled.stop()

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=mail_port)
    controller.start()
    try:
        wait_until(
            lambda: deliveries(site) == {"sent": 2 * CONTRIBUTORS * len(bursts)},
            timeout=120,
            interval=0.5,
            message=f"every email to be sent ({deliveries(site)})",
        )
        time.sleep(2)  # anything sent twice would arrive now
    finally:
        controller.stop()

    with site.connect() as connection:
        references = [row[0] for row in connection.execute("SELECT reference FROM contributions_submission")]
    assert len(references) == CONTRIBUTORS * len(bursts)
    subjects = inbox.subjects()
    assert len(subjects) == 2 * len(references), subjects
    for reference in references:
        assert subjects.count(f"We received your contribution {reference}") == 1, reference
        notices = [
            subject for subject in subjects if subject.startswith("To review:") and reference in subject
        ]
        assert len(notices) == 1, (reference, notices, subjects[:4])
    assert site.workers[0].alive(), site.log()
