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
            f"{self.repeat.reference} was not decided, and is still pending: It may repeat "
            f"“Xi Jinping Visits Seattle” ({self.visit.get_absolute_url()}), published already (same "
            "date; titles 100% alike): open it to see its possible duplicates, and approve it from its "
            "page, or dismiss the hint there if it is another exchange.",
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

    def test_the_check_costs_what_the_hints_on_its_page_cost(self):
        # As on its page (1 query before, at most 1 + 6 + 6): the hints dismissed; the exchanges
        # nearest its date before and after it; those sharing a title word (the ids, which word each
        # holds, the exchanges); the pending submissions near it; the organisations it names; the
        # exchanges' links to people, organisations and places (one query per kind).
        with self.assertNumQueries(11):
            self.assertEqual(moderation.unseen_hint(self.repeat).other, self.visit)


class BulkApprovalHintTests(TestCase):
    """Any possible duplicate no moderator dismissed holds a new submission back from the bulk
    approval, not only the very likely repeat an import holds back: before, a title reworded or a
    date a day off was published unseen, and so were two contributors' copies of one exchange."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.visit = make_exchange(
            title="Xi Jinping Visits Seattle",
            date=VISIT_DAY,
            partners="Boeing",
            participants="Xi Jinping",
            location="Seattle, Washington",
        )

    def setUp(self):
        self.client.force_login(self.moderator)

    def approve(self, *submissions):
        return self.client.post(
            QUEUE,
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: [each.pk for each in submissions]},
            follow=True,
        )

    def test_a_weaker_hint_to_a_published_exchange_holds_it_naming_the_evidence(self):
        reworded = make_submission(
            title="President Xi in Seattle",
            date=VISIT_DAY + datetime.timedelta(days=1),
            participants="Xi Jinping",
            partners="Boeing",
            location="Seattle, Washington",
        )
        response = self.approve(reworded)
        self.assertContains(
            response,
            f"{reworded.reference} was not decided, and is still pending: It may repeat "
            f"“Xi Jinping Visits Seattle” ({self.visit.get_absolute_url()}), published already (1 day apart",
        )
        reworded.refresh_from_db()
        self.assertTrue(reworded.is_pending)
        self.assertEqual(Exchange.objects.count(), 1)

    def test_two_contributors_copies_of_one_exchange_are_both_held(self):
        first = make_submission(
            title="Panda pair arrives at the San Diego Zoo", date=datetime.date(2024, 6, 27)
        )
        second = make_submission(title="Panda pair arrive at San Diego Zoo", date=datetime.date(2024, 6, 27))
        response = self.approve(first, second)
        self.assertContains(
            response,
            f"{first.reference} was not decided, and is still pending: It may repeat the pending "
            f"submission {second.reference}, “Panda pair arrive at San Diego Zoo” (same date",
        )
        self.assertContains(response, f"It may repeat the pending submission {first.reference}")
        self.assertEqual(Submission.objects.pending().count(), 2)
        self.assertEqual(Exchange.objects.count(), 1)

    def test_once_each_hint_is_dismissed_it_is_published(self):
        first = make_submission(
            title="Panda pair arrives at the San Diego Zoo", date=datetime.date(2024, 6, 27)
        )
        second = make_submission(title="Panda pair arrive at San Diego Zoo", date=datetime.date(2024, 6, 27))
        DismissedHint.objects.create(submission=first, other_submission=second, by=self.moderator)
        response = self.approve(first)
        self.assertContains(response, f"1 submission is now approved and published: {first.reference}.")

    def test_one_without_a_hint_is_published(self):
        alone = make_submission(title="Governors meet in Salt Lake City", date=datetime.date(2019, 5, 20))
        response = self.approve(alone)
        self.assertContains(response, f"1 submission is now approved and published: {alone.reference}.")
