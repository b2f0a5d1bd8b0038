"""Two submissions with the same title approved at the same moment both publish, with distinct slugs.

Two threads, each with its own connection and transaction, approve two
submissions titled alike. Both pick the same free slug; the second insert
waits on the unique index until the first commits, fails, and is retried in a
savepoint with the next free slug.
"""

import threading

import pytest
from django.db import connections

from contributions import moderation
from exchanges.models import Exchange
from tests.factories import make_moderator, make_submission

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def approve_in_thread(submission_id, moderator, results, barrier):
    try:
        barrier.wait(timeout=10)
        results.append(moderation.approve(submission_id, moderator))
    finally:
        connections.close_all()


def test_two_approvals_of_one_title_publish_two_exchanges(monkeypatch):
    moderator, other = make_moderator("ana"), make_moderator("ben")
    submissions = [make_submission(title="Governors' forum in Houston") for _ in range(2)]
    both_chose_a_slug = threading.Barrier(2)
    real_save = Exchange.save

    def save_together(self, *args, **kwargs):
        # Both approvals compute their slug before either has inserted its row.
        if not self.slug:
            try:
                both_chose_a_slug.wait(timeout=5)
            except threading.BrokenBarrierError:
                pass
        real_save(self, *args, **kwargs)

    monkeypatch.setattr(Exchange, "save", save_together)
    results, barrier = [], threading.Barrier(2)
    threads = [
        threading.Thread(target=approve_in_thread, args=(submission.pk, user, results, barrier))
        for submission, user in zip(submissions, (moderator, other), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert [result.outcome.value for result in results] == ["done", "done"]
    slugs = sorted(Exchange.objects.values_list("slug", flat=True))
    assert slugs == ["governors-forum-in-houston", "governors-forum-in-houston-2"]
