"""The queue's bulk approval and a likely repeat of a published exchange.

An import holds back a row that very likely repeats a published exchange (the
same day and title under another source) for a moderator to look at its hints;
a contributor may send it too. Approving the queue in bulk shows no hints:
before, it published the second copy all the same, the very row the import had
queued for a moderator for that reason.
"""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import TestCase

from contributions import moderation
from contributions.models import DismissedHint, Submission
from exchanges.models import Exchange
from tests.contributions.helpers import change_form_data
from tests.factories import make_exchange, make_moderator, make_submission

QUEUE = "/admin/contributions/submission/"
VISIT_DAY = datetime.date(2015, 9, 22)


class BulkApprovalRepeatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.visit = make_exchange(title="Xi Jinping Visits Seattle", date=VISIT_DAY)

    def setUp(self):
        self.client.force_login(self.moderator)
        self.repeat = make_submission(
            title="Xi Jinping visits Seattle.",
            date=VISIT_DAY,
            sources="Seattle Times https://news.example.org/xi-seattle",
        )
        self.other = make_submission(title="Governors meet in Salt Lake City", date=VISIT_DAY)

    def approve_both(self):
        return self.client.post(
            QUEUE,
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: [self.repeat.pk, self.other.pk]},
            follow=True,
        )

    def test_a_likely_repeat_stays_pending_naming_the_exchange_it_repeats(self):
        response = self.approve_both()
        self.assertContains(response, f"1 submission is now approved and published: {self.other.reference}.")
        self.assertContains(
            response,
            f"{self.repeat.reference} was not decided, and is still pending: It very likely repeats "
            f"“Xi Jinping Visits Seattle” ({self.visit.get_absolute_url()}), published already: open it "
            "to see the hints, and approve it from its page if it is another exchange.",
        )
        self.repeat.refresh_from_db()
        self.assertTrue(self.repeat.is_pending)
        self.assertEqual(Exchange.objects.filter(title__icontains="Seattle").count(), 1)
        self.assertTrue(Exchange.objects.filter(title="Governors meet in Salt Lake City").exists())

    def test_from_its_page_where_the_hints_show_it_is_approved(self):
        response = self.client.post(
            f"{QUEUE}{self.repeat.pk}/change/", change_form_data(self.repeat, _approve="1")
        )
        self.assertRedirects(response, QUEUE)
        self.repeat.refresh_from_db()
        self.assertEqual(self.repeat.status, Submission.Status.APPROVED)

    def test_once_its_hint_is_dismissed_the_bulk_approval_publishes_it(self):
        DismissedHint.objects.create(submission=self.repeat, exchange=self.visit, by=self.moderator)
        response = self.approve_both()
        self.assertContains(response, "2 submissions are now approved and published")
        self.assertEqual(Exchange.objects.filter(title__icontains="Seattle").count(), 2)

    def test_the_check_costs_a_query_and_one_more_for_a_repeat(self):
        with self.assertNumQueries(1):  # the published exchanges of that day
            self.assertIsNone(moderation.unseen_repeat(self.other))
        with self.assertNumQueries(2):  # and the hints dismissed for the one it repeats
            self.assertEqual(moderation.unseen_repeat(self.repeat), self.visit)
