"""Two moderators approving the same submission at the same moment publish exactly one exchange.

Two threads, each with its own database connection and its own transaction,
run the real approval. The first to lock the submission's row holds the lock
until it commits (the test makes it wait there, so that the second really
arrives while the first is mid-approval); the second then finds it decided.

serialized_rollback keeps the Moderators group, which a data migration
creates, across the table flushes of transactional tests.
"""

import threading
import time

import pytest
from django.db import connection, connections

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Exchange
from tests.factories import make_moderator, make_submission

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def approve_in_thread(submission_id, moderator, results, barrier):
    try:
        barrier.wait(timeout=10)
        results.append(moderation.approve(submission_id, moderator))
    finally:
        connections.close_all()


def test_two_simultaneous_approvals_publish_one_exchange(monkeypatch):
    moderator, other = make_moderator("ana"), make_moderator("ben")
    submission = make_submission()
    barrier = threading.Barrier(2)
    first_has_lock = threading.Event()
    second_is_waiting = threading.Event()

    real_save = Exchange.save

    def slow_save(self, *args, **kwargs):
        # The first approval to get here holds the submission's row lock; it
        # waits until the other has asked for the same lock.
        if not first_has_lock.is_set():
            first_has_lock.set()
            second_is_waiting.wait(timeout=10)
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Exchange, "save", slow_save)
    results = []
    threads = [
        threading.Thread(target=approve_in_thread, args=(submission.pk, user, results, barrier))
        for user in (moderator, other)
    ]
    for thread in threads:
        thread.start()
    assert first_has_lock.wait(timeout=10)
    wait_until_a_backend_waits_for_a_lock()
    second_is_waiting.set()
    for thread in threads:
        thread.join(timeout=20)

    outcomes = sorted(result.outcome.value for result in results)
    assert outcomes == ["already decided", "done"]
    assert Exchange.objects.count() == 1
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED
    assert submission.published_exchange == Exchange.objects.get()


def wait_until_a_backend_waits_for_a_lock(timeout=10):
    """Poll pg_stat_activity until another connection is blocked on a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second approval never waited for the first one's lock")


def test_approving_again_after_the_first_committed_changes_nothing():
    moderator = make_moderator()
    submission = make_submission()
    assert moderation.approve(submission.pk, moderator).done
    decided_at = Submission.objects.get().decided_at
    assert moderation.approve(submission.pk, moderator).outcome is moderation.Outcome.ALREADY_DECIDED
    assert Exchange.objects.count() == 1
    assert Submission.objects.get().decided_at == decided_at
