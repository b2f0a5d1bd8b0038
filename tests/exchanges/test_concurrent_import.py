"""A moderator's approval during an import waits for a row at most, not for a batch of rows.

An import's transaction holds, until it commits, the locks on the counts it changed: the
exchange counts of the organisations its rows name and the catalogue's summary rows. An approval
naming one of those organisations waits for them; when the import held them for many rows, the
two could also deadlock.
Here the import (a thread with its own connection) publishes rows naming the State Department,
each made to take 0.1 s; while it does, a moderator approves a submission naming it too. The
approval must not wait more than a couple of seconds (a web request gives up at
DATABASE_STATEMENT_TIMEOUT, 5 s, with the 503 page), and the counts stay exact.
"""

import csv
import threading
import time

import pytest
from django.db import connections

from contributions import moderation
from entities.models import Organisation
from exchanges import importing
from exchanges.models import Exchange
from tests.factories import make_moderator, make_submission

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROWS = 60


def write_file(path):
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["Title", "Summary", "Partners", "Exchange Date", "Source URL"])
        for number in range(ROWS):
            writer.writerow(
                [
                    f"Imported dialogue {number}",
                    "Officials met.",
                    "U.S. Department of State",
                    "2015-03-01",
                    "https://example.org/",
                ]
            )


def run_import(path, reports):
    try:
        reports.extend(importing.import_records(importing.Records(path), importing.Publisher()))
    finally:
        connections.close_all()


def test_an_approval_during_an_import_waits_a_row_at_most(tmp_path, monkeypatch):
    moderator = make_moderator()
    submission = make_submission(title="Talks in Washington", partners="U.S. Department of State")
    path = tmp_path / "rows.csv"
    write_file(path)
    publishing = threading.Event()
    real_publish = importing.publish

    def slow_publish(*args, **kwargs):
        exchange = real_publish(*args, **kwargs)
        publishing.set()
        time.sleep(0.1)
        return exchange

    monkeypatch.setattr(importing, "publish", slow_publish)
    reports = []
    thread = threading.Thread(target=run_import, args=(path, reports))
    thread.start()
    try:
        assert publishing.wait(timeout=30)
        started = time.monotonic()
        result = moderation.approve(submission.pk, moderator)
        waited = time.monotonic() - started
    finally:
        thread.join(timeout=120)

    assert result.done
    assert waited < 2.5, f"the approval waited {waited:.1f} s for the import"
    assert [report.outcome for report in reports] == [importing.PUBLISHED] * ROWS
    state = Organisation.objects.get(name="U.S. Department of State")
    assert (
        state.exchange_count
        == ROWS + 1
        == Exchange.objects.published().filter(partners__contains="State").count()
    )
