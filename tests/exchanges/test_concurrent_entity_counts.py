"""Two approvals at the same moment naming the same much-linked entities keep their summaries exact.

Two moderators, each in a thread with its own connection and transaction, approve two
submissions that name the State Department (already summarised) and Wang Yi (one exchange short
of the threshold: one approval takes him over it and counts him from his links, the other adds
to those rows), under a combination of values none of their exchanges had. Both exchanges
publish, and every entity's count and summary equal a count from scratch.
"""

import threading

import pytest
from django.db import connections
from django.test import override_settings

from contributions import moderation
from entities.models import Organisation, Person
from exchanges.counts import entity_summary_expected, kept_entity_summary
from exchanges.models import EntityCount, Exchange
from tests.factories import make_exchange, make_moderator, make_submission

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def approve_in_thread(submission_id, moderator, results, barrier):
    try:
        barrier.wait(timeout=10)
        results.append(moderation.approve(submission_id, moderator))
    finally:
        connections.close_all()


@override_settings(ENTITY_SUMMARY_MIN=3)
def test_two_approvals_at_once_keep_the_entity_summaries_exact(monkeypatch):
    for number in range(3):
        make_exchange(
            partners="U.S. Department of State",
            participants="Foreign Minister Wang Yi" if number < 2 else "",
        )
    state = Organisation.objects.get(name="U.S. Department of State")
    assert EntityCount.objects.filter(kind="organisation", entity_id=state.pk).exists()
    moderator, other = make_moderator("ana"), make_moderator("ben")
    submissions = [
        make_submission(
            title=f"Sports exchange {number}",
            type="sports",
            partners="U.S. Department of State",
            participants="Foreign Minister Wang Yi",
        )
        for number in range(2)
    ]
    both_about_to_save = threading.Barrier(2)
    real_save = Exchange.save

    def save_together(self, *args, **kwargs):
        # Both approvals write their exchange and move the counts at the same moment.
        if self.pk is None:
            try:
                both_about_to_save.wait(timeout=5)
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
    assert Exchange.objects.published().filter(type="sports").count() == 2
    wang_yi = Person.objects.get(name="Wang Yi")
    assert (Organisation.objects.get(pk=state.pk).exchange_count, wang_yi.exchange_count) == (5, 4)
    assert EntityCount.objects.filter(kind="person", entity_id=wang_yi.pk).exists()
    assert kept_entity_summary() == entity_summary_expected()
