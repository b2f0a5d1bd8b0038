"""A submission that the queue's bulk approval left pending ("held") is tried again only after those
not tried yet, while its reason stands. Once the reason is gone, wherever that happened, it is tried
among the first again: the published exchange it may repeat was withdrawn, deleted or changed since
(and may no longer look alike), the pending submission it may repeat was decided, or a moderator
dismissed the hint that held it. Before, only the hint dismissed or the submission corrected on its
own page did it, and it waited behind every new submission."""

import datetime

from contributions import moderation
from exchanges.models import Exchange
from tests.contributions.helpers import ModeratorTestCase
from tests.contributions.test_bulk_approval_batches import QUEUE, approve_all, batches_of, make_imported
from tests.factories import make_exchange, make_submission


class HoldReasonTests(ModeratorTestCase):
    def hold(self, *submissions):
        """A run that holds each of `submissions` (every one checked, in one batch), then a new
        submission, not tried yet, which would otherwise come first."""
        with batches_of(10):
            approve_all(self.client)
        for submission in submissions:
            submission.refresh_from_db()
            self.assertTrue(submission.is_pending)
            self.assertIsNotNone(submission.held_at)
        (self.fresh,) = make_imported(1)

    def next_run(self):
        """A run of one submission: the one the queue tries first."""
        with batches_of(1):
            return approve_all(self.client)

    def repeat_of_existing(self):
        held = make_submission(title=self.existing.title, date=self.existing.date)
        self.hold(held)
        return held

    def test_a_hold_whose_reason_stands_waits_behind_those_not_tried(self):
        held = self.repeat_of_existing()
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {self.fresh.reference}.")
        held.refresh_from_db()
        self.assertTrue(held.is_pending)

    def test_the_exchange_it_may_repeat_withdrawn(self):
        held = self.repeat_of_existing()
        self.existing.status = Exchange.Status.DRAFT
        self.existing.save()
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {held.reference}.")

    def test_the_exchange_it_may_repeat_deleted(self):
        held = self.repeat_of_existing()
        self.existing.delete()
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {held.reference}.")

    def test_the_exchange_it_may_repeat_changed_so_that_it_no_longer_looks_alike(self):
        held = self.repeat_of_existing()
        self.existing.title = "Ping-pong diplomats return to Beijing"
        self.existing.date = datetime.date(1971, 4, 10)
        self.existing.save()
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {held.reference}.")

    def test_the_exchange_changed_but_still_alike_holds_it_again_saying_why(self):
        held = self.repeat_of_existing()
        self.existing.summary = "Governors met again."
        self.existing.save()
        response = self.next_run()
        self.assertContains(
            response, f"{held.reference} was not decided, and is still pending: It may repeat"
        )
        held.refresh_from_db()
        self.assertTrue(held.is_pending)

    def test_the_pending_submission_it_may_repeat_rejected(self):
        values = {"title": "Oregon students visit Fujian", "date": datetime.date(2011, 9, 3)}
        first, second = make_submission(**values), make_submission(**values)
        self.hold(first, second)
        moderation.reject(second.pk, self.moderator, reason="Sent twice.")
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {first.reference}.")

    def test_the_pending_submission_it_may_repeat_approved_is_checked_again_against_the_exchange(self):
        values = {"title": "Oregon students visit Fujian", "date": datetime.date(2011, 9, 3)}
        first, second = make_submission(**values), make_submission(**values)
        self.hold(first, second)
        moderation.approve(second.pk, self.moderator)
        response = self.next_run()
        self.assertContains(
            response,
            f"{first.reference} was not decided, and is still pending: It may repeat “{values['title']}”",
        )
        self.assertContains(response, "published already")

    def test_the_pending_submission_it_may_repeat_corrected_so_that_it_no_longer_looks_alike(self):
        values = {"title": "Oregon students visit Fujian", "date": datetime.date(2011, 9, 3)}
        first, second = make_submission(**values), make_submission(**values)
        self.hold(first, second)
        edits = {"title": "Fujian teachers visit Oregon", "date": datetime.date(2012, 5, 20)}
        moderation.save_edits(second.pk, edits)
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {first.reference}.")

    def test_the_pending_submission_it_may_repeat_corrected_but_still_alike_holds_it_again(self):
        values = {"title": "Oregon students visit Fujian", "date": datetime.date(2011, 9, 3)}
        first, second = make_submission(**values), make_submission(**values)
        self.hold(first, second)
        moderation.save_edits(second.pk, {"summary": "Students from Portland spent a month in Fuzhou."})
        response = self.next_run()
        self.assertContains(
            response,
            f"{first.reference} was not decided, and is still pending: It may repeat the pending "
            f"submission {second.reference}",
        )
        first.refresh_from_db()
        self.assertTrue(first.is_pending)

    def test_the_hint_that_held_it_dismissed(self):
        held = self.repeat_of_existing()
        self.client.post(f"{QUEUE}{held.pk}/dismiss-hint/", {"hint": f"exchange:{self.existing.pk}"})
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {held.reference}.")

    def test_a_hold_the_run_did_not_reach_is_counted_only_while_its_reason_stands(self):
        other = make_exchange(title="Panda loan renewed at the National Zoo", date=datetime.date(2015, 3, 2))
        gone = make_submission(title=self.existing.title, date=self.existing.date)
        stands = make_submission(title=other.title, date=other.date)
        self.hold(gone, stands)
        self.existing.status = Exchange.Status.DRAFT
        self.existing.save()
        response = self.next_run()
        self.assertContains(response, f"1 submission is now approved and published: {gone.reference}.")
        self.assertContains(response, "1 of the submissions not reached was held by an earlier run")


class DismissQueryTests(ModeratorTestCase):
    def test_dismissing_a_hint_costs_a_fixed_number_of_queries(self):
        held = make_submission(title=self.existing.title, date=self.existing.date)
        with batches_of(10):
            approve_all(self.client)
        held.refresh_from_db()
        self.assertIsNotNone(held.held_at)
        with self.assertNumQueries(10):
            self.client.post(f"{QUEUE}{held.pk}/dismiss-hint/", {"hint": f"exchange:{self.existing.pk}"})
