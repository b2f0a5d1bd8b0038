"""The database goes away the moment after a contribution is stored, before its emails are handed
to the worker: the contributor is answered, the contribution stays, and the emails go out once
the database is back, handed over by the worker itself (contributions/tasks.py, send_overdue).

gunicorn with production settings on PostgreSQL, reached through a TCP proxy the test cuts, a
real SMTP server, and `manage.py db_worker` beside them. A trigger holds the hand-off (the insert
of the worker's task) on the server, so that the cut falls between the commit and the hand-off:
the proxy stops and the held connection is ended, as when the database restarts.
"""

import threading

import pytest
from django_tasks_db.models import DBTaskResult

from tests.factories import form_data

from .servers import Browser, live_site, mail_settings, wait_until

pytestmark = pytest.mark.postgres

QUEUE = DBTaskResult._meta.db_table
HOLD_THE_HAND_OFF = f"""
CREATE FUNCTION hold_the_hand_off() RETURNS trigger AS $$
BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$ LANGUAGE plpgsql;
CREATE TRIGGER hold_the_hand_off BEFORE INSERT ON {QUEUE}
FOR EACH ROW EXECUTE FUNCTION hold_the_hand_off();
"""
HELD = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'"
    f" AND query LIKE 'INSERT INTO \"{QUEUE}\"%%'"
)


@pytest.fixture
def site(tmp_path, proxy, mail):
    with live_site(
        tmp_path,
        "handoff",
        database_port=proxy.port,
        **mail_settings(mail[1]),
    ) as running:
        yield running


def rows(site, query):
    with site.connect() as connection:
        return connection.execute(query).fetchall()


def test_emails_whose_hand_off_was_cut_off_go_out_once_the_database_is_back(site, proxy, mail):
    inbox, _ = mail
    browser = Browser(site, follow_redirects=False)
    browser.get("/contribute/")
    with site.connect() as connection:
        connection.execute(HOLD_THE_HAND_OFF)
    answers = []
    sending = threading.Thread(
        target=lambda: answers.append(browser.post("/contribute/", form_data(title="Forum cut off"))),
    )
    sending.start()

    # The contribution has committed; its first email's hand-off is held on the server. Cut.
    held = wait_until(lambda: rows(site, HELD), timeout=30, message="the hand-off to be under way")
    proxy.stop()
    with site.connect() as connection:
        connection.execute(f"DROP TRIGGER hold_the_hand_off ON {QUEUE}")
        for (pid,) in held:
            connection.execute("SELECT pg_terminate_backend(%s)", [pid])
    sending.join(timeout=30)

    # The contributor is answered, and not with an error page for what was stored.
    (answer,) = answers
    assert answer.status == 302, f"{answer.status}: {answer.text[:300]}\n{site.log()}"
    assert answer.headers["Location"] == "/contribute/thanks/"
    assert rows(site, "SELECT title, status FROM contributions_submission") == [("Forum cut off", "pending")]
    assert rows(site, "SELECT status FROM contributions_emaildelivery") == [("queued",), ("queued",)]
    assert rows(site, f"SELECT count(*) FROM {QUEUE}") == [(0,)]

    # The database is back, and the worker (which looks every second here) hands them over once
    # they are overdue (a minute after they were queued: the test ages them).
    proxy.start()
    worker = site.start_worker("--interval", "0.2", "--sweep-interval", "1")
    with site.connect() as connection:
        connection.execute("UPDATE contributions_emaildelivery SET created = now() - interval '2 minutes'")
    wait_until(
        lambda: rows(site, "SELECT DISTINCT status FROM contributions_emaildelivery") == [("sent",)],
        timeout=60,
        message=f"the emails to be sent:\n{site.log()}",
    )
    ((reference,),) = rows(site, "SELECT reference FROM contributions_submission")
    assert sorted(inbox.subjects()) == [
        f"To review: new exchange {reference}, “Forum cut off”",
        f"We received your contribution {reference}",
    ]
    assert "Handed 2 queued email(s)" in worker.log()
