"""A submission is decided one way: approved, rejected with a reason, or a duplicate of an exchange.

A reason for rejection typed, or a "Duplicate of" chosen, and then another decision's button
pressed on a submission's page were stored with that decision: an approved submission "duplicate
of" an exchange, or with a reason for rejection. The page now decides nothing and says why, keeping
what was typed. A reason or an exchange saved on the pending submission earlier (its page's "Save")
is emptied by another decision taken in the queue.
"""

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from contributions.models import Submission
from exchanges.models import Exchange
from tests.contributions.helpers import ModeratorTestCase, change_form_data
from tests.factories import make_exchange, make_submission

QUEUE = "/admin/contributions/submission/"
REASON = "No source mentions this forum."


class OneDecisionOnItsPageTests(ModeratorTestCase):
    def setUp(self):
        super().setUp()
        self.submission = make_submission()

    def post_page(self, **fields):
        return self.client.post(
            f"{QUEUE}{self.submission.pk}/change/", change_form_data(self.submission, **fields)
        )

    def assert_nothing_decided(self, response, field, value, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        # What was typed comes back, to be cleared or used.
        self.assertEqual(str(response.context["adminform"].form[field].value()), str(value))
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)
        self.assertEqual(self.submission.rejection_reason, "")
        self.assertIsNone(self.submission.duplicate_of)
        self.assertEqual(Exchange.objects.count(), 1)

    def test_approving_with_a_reason_for_rejection_typed_decides_nothing(self):
        response = self.post_page(_approve="1", rejection_reason=REASON)
        self.assert_nothing_decided(
            response,
            "rejection_reason",
            REASON,
            "You pressed “Save and approve”, but a reason for rejection is filled in, so nothing was "
            "decided. Empty this box to approve, or press “Save and reject” to reject with this reason.",
        )

    def test_approving_with_a_duplicate_of_chosen_decides_nothing(self):
        response = self.post_page(_approve="1", duplicate_of=self.existing.pk)
        self.assert_nothing_decided(
            response,
            "duplicate_of",
            self.existing.pk,
            "You pressed “Save and approve”, but an exchange is chosen as the one it repeats, so "
            "nothing was decided.",
        )

    def test_rejecting_with_a_duplicate_of_chosen_decides_nothing(self):
        response = self.post_page(_reject="1", rejection_reason=REASON, duplicate_of=self.existing.pk)
        self.assert_nothing_decided(
            response,
            "duplicate_of",
            self.existing.pk,
            "You pressed “Save and reject”, but an exchange is chosen as the one it repeats, so nothing "
            "was decided. Clear this box to reject, or press “Save and mark as duplicate”",
        )
        self.assertEqual(response.context["adminform"].form["rejection_reason"].value(), REASON)

    def test_marking_as_duplicate_with_a_reason_for_rejection_typed_decides_nothing(self):
        response = self.post_page(_duplicate="1", rejection_reason=REASON, duplicate_of=self.existing.pk)
        self.assert_nothing_decided(
            response,
            "rejection_reason",
            REASON,
            "You pressed “Save and mark as duplicate”, but a reason for rejection is filled in, so "
            "nothing was decided. Empty this box to mark it as a duplicate",
        )

    def test_a_reason_of_blank_characters_is_no_reason(self):
        response = self.post_page(_approve="1", rejection_reason="  ")
        self.assertRedirects(response, QUEUE)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.APPROVED)
        self.assertEqual(self.submission.rejection_reason, "")

    def test_saving_both_decides_nothing_and_keeps_them_for_later(self):
        response = self.post_page(_continue="1", rejection_reason=REASON, duplicate_of=self.existing.pk)
        self.assertEqual(response.status_code, 302)
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)
        self.assertEqual(self.submission.rejection_reason, REASON)
        self.assertEqual(self.submission.duplicate_of, self.existing)


class OneDecisionInTheQueueTests(ModeratorTestCase):
    """A reason and an exchange saved on a pending submission, then another decision in the queue."""

    def setUp(self):
        super().setUp()
        self.submission = make_submission(title="A trade mission to Wuhan")
        Submission.objects.filter(pk=self.submission.pk).update(
            rejection_reason=REASON, duplicate_of=self.existing
        )

    def act(self, action, **details):
        return self.client.post(
            QUEUE,
            {"action": action, ACTION_CHECKBOX_NAME: [self.submission.pk], "apply": "1", **details},
            follow=True,
        )

    def decided(self):
        self.submission.refresh_from_db()
        return self.submission.status, self.submission.rejection_reason, self.submission.duplicate_of

    def test_approving_empties_the_reason_and_the_exchange_repeated(self):
        self.assertContains(self.act("approve_selected"), "1 submission is now approved and published")
        self.assertEqual(self.decided(), (Submission.Status.APPROVED, "", None))

    def test_rejecting_empties_the_exchange_repeated(self):
        self.act("reject_selected", reason="Outside our scope.")
        self.assertEqual(self.decided(), (Submission.Status.REJECTED, "Outside our scope.", None))

    def test_marking_as_duplicate_empties_the_reason(self):
        other = make_exchange(title="A trade mission to Wuhan, 2019")
        self.act("mark_duplicate_selected", exchange=other.pk)
        self.assertEqual(self.decided(), (Submission.Status.DUPLICATE, "", other))
