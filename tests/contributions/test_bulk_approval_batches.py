"""The queue's bulk approval at the scale of an import: thousands of submissions selected across
pages ("Select all"). Before, they were all published in one transaction, as long as that took: 200
imported submissions took 22 s on PostgreSQL, 3,000 several minutes, past the web server's 30 s,
which ended the request (and the transaction) half way through. Now the action decides them a
batch at a time, each batch in a transaction of its own, and starts no batch once its time is up:
the moderator is told how many were published, how many held, and how many wait for the action
to be chosen again."""

import datetime
import uuid
from unittest import mock

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contributions import moderation
from contributions.admin import SubmissionAdmin
from contributions.models import Submission
from exchanges.models import Exchange
from tests.contributions.helpers import ModeratorTestCase
from tests.factories import make_submission
from tests.faults import as_in_production, each_drop

QUEUE = "/admin/contributions/submission/"
TITLES = [
    "Sister-city agreement between Houston and Shenzhen",
    "Panda loan renewed at the National Zoo",
    "Iowa farmers host a delegation from Hebei",
    "Fulbright scholars convene in Nanjing",
    "Ping-pong players tour Detroit",
    "Climate envoys meet in Sunnylands",
]


def make_imported(count):
    """`count` pending submissions, none a possible duplicate of another (titles and years apart)."""
    return [
        make_submission(title=title, date=datetime.date(1980 + 7 * number, 5, 1))
        for number, title in enumerate(TITLES[:count])
    ]


def approve_all(client):
    """ "Select all" in the pending queue, then the approval, as the moderator does."""
    pending = Submission.objects.pending().values_list("pk", flat=True)
    return client.post(
        QUEUE,
        {"action": "approve_selected", "select_across": "1", "index": "0", ACTION_CHECKBOX_NAME: pending[:1]},
        follow=True,
    )


def batches_of(size, seconds=0):
    """The action's batch size and its time: with no time, every run decides a single batch."""
    return mock.patch.multiple(SubmissionAdmin, decision_batch=size, decision_seconds=seconds)


class BatchTests(ModeratorTestCase):
    def test_a_run_out_of_time_says_how_many_are_left_and_the_next_run_goes_on(self):
        submissions = make_imported(5)
        with batches_of(2):
            response = approve_all(self.client)
            first, second, *rest = submissions
            self.assertContains(
                response,
                f"2 submissions are now approved and published: {first.reference}, {second.reference}.",
            )
            self.assertContains(
                response,
                "3 selected submissions were not reached and are still pending: the action stops "
                "starting new batches after 0 seconds, so that the page does not time out. Select "
                "them and choose the action again to go on.",
            )
            self.assertEqual(Submission.objects.pending().count(), 3)
            approve_all(self.client)
            response = approve_all(self.client)
        self.assertContains(response, f"1 submission is now approved and published: {rest[-1].reference}.")
        self.assertNotContains(response, "not reached")
        self.assertFalse(Submission.objects.pending().exists())
        self.assertEqual(Exchange.objects.published().count(), 6)

    def test_within_its_time_a_run_decides_every_batch(self):
        make_imported(5)
        with batches_of(2, seconds=60):
            response = approve_all(self.client)
        self.assertContains(response, "5 submissions are now approved and published")
        self.assertNotContains(response, "not reached")
        self.assertFalse(Submission.objects.pending().exists())

    def test_a_held_submission_is_reported_and_not_counted_as_left(self):
        first, second, third = make_imported(3)
        repeat = make_submission(title=self.existing.title, date=self.existing.date)
        with batches_of(2):
            response = approve_all(self.client)
            self.assertContains(response, "2 submissions are now approved and published")
            self.assertContains(response, "2 selected submissions were not reached")
            response = approve_all(self.client)
        self.assertContains(response, f"1 submission is now approved and published: {third.reference}.")
        self.assertContains(
            response, f"{repeat.reference} was not decided, and is still pending: It may repeat"
        )
        self.assertNotContains(response, "not reached")
        self.assertEqual(list(Submission.objects.pending()), [repeat])

    def test_a_run_goes_on_past_those_an_earlier_run_held(self):
        # Held submissions come first in the queue: before, each run checked them again and ended
        # before the others, so choosing the action again never approved the rest.
        held = [make_submission(title=self.existing.title, date=self.existing.date) for _ in range(2)]
        first, second = make_imported(2)
        with batches_of(2):
            response = approve_all(self.client)
            self.assertContains(response, f"{held[0].reference} was not decided")
            self.assertContains(response, "2 selected submissions were not reached")
            response = approve_all(self.client)
            self.assertContains(
                response,
                f"2 submissions are now approved and published: {first.reference}, {second.reference}.",
            )
            self.assertContains(
                response,
                "2 selected submissions were not reached and are still pending: the action stops "
                "starting new batches after 0 seconds, so that the page does not time out. Select "
                "them and choose the action again to go on.",
            )
            self.assertContains(
                response,
                "2 of the submissions not reached were held by an earlier run, for the reasons it gave "
                "(a possible duplicate, a field to correct): the action checks them again only after "
                "those it has not tried yet. Open them from the queue to decide them on their pages.",
            )
            # Then the held ones, the one checked longest ago first.
            response = approve_all(self.client)
            self.assertContains(response, f"{held[0].reference} was not decided")
            self.assertContains(response, f"{held[1].reference} was not decided")
        self.assertEqual(list(Submission.objects.pending().order_by("pk")), held)

    def test_a_held_submission_whose_hint_is_dismissed_is_tried_again_first(self):
        # Dismissing the hint that held it answers its reason: it waits no longer behind those
        # still held, nor behind those not tried yet.
        held = make_submission(title=self.existing.title, date=self.existing.date)
        with batches_of(10):
            approve_all(self.client)
        held.refresh_from_db()
        self.assertIsNotNone(held.held_at)
        make_imported(2)
        self.client.post(f"{QUEUE}{held.pk}/dismiss-hint/", {"hint": f"exchange:{self.existing.pk}"})
        with batches_of(1):
            response = approve_all(self.client)
        self.assertContains(response, f"1 submission is now approved and published: {held.reference}.")

    def test_a_held_submission_corrected_on_its_page_is_tried_again_first(self):
        held = make_submission(title=self.existing.title, date=self.existing.date)
        with batches_of(10):
            approve_all(self.client)
        moderation.save_edits(held.pk, {"title": "Governors meet again, in Boise"})
        held.refresh_from_db()
        self.assertIsNone(held.held_at)
        self.assertEqual(held.title, "Governors meet again, in Boise")

    def test_a_long_list_of_references_is_cut_short(self):
        make_imported(6)
        with mock.patch("contributions.admin.REFERENCES_NAMED", 4):
            response = approve_all(self.client)
        self.assertContains(response, "6 submissions are now approved and published: ")
        self.assertContains(response, ", and 2 more.")

    def test_past_a_few_held_submissions_the_rest_are_named_in_one_message(self):
        first, second, third = [
            make_submission(title=self.existing.title, date=self.existing.date) for _ in range(3)
        ]
        with mock.patch("contributions.admin.REFERENCES_NAMED", 1):
            response = approve_all(self.client)
        self.assertContains(response, f"{first.reference} was not decided, and is still pending: It may")
        self.assertContains(
            response,
            f"And 2 more were not decided, and are still pending, for reasons of the kinds above: "
            f"{second.reference}, and 1 more. Open each from the queue to see why.",
        )
        self.assertEqual(Submission.objects.pending().count(), 3)


class BatchQueryTests(ModeratorTestCase):
    """Each submission costs the same number of queries however many are selected, and so does each
    batch: a query added to either shows here. Measured after a first approval, which makes what
    the later ones share (their partners' organisations, their cell of the catalogue's counts)."""

    def approve(self, titles, batch, **fields):
        """The queries of approving a submission for each of `titles` ("Select all"), weeks apart."""
        for title in titles:
            make_submission(title=title, date=datetime.date(2001, 1, 1) + next(self.days), **fields)
        with batches_of(batch, seconds=60), CaptureQueriesContext(connection) as captured:
            response = self.client.post(
                QUEUE,
                {"action": "approve_selected", "select_across": "1", "index": "0", ACTION_CHECKBOX_NAME: [0]},
            )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Submission.objects.pending().exists())
        return len(captured)

    def setUp(self):
        super().setUp()
        self.days = (datetime.timedelta(days=40 * number) for number in range(9))
        self.approve(["Fulbright scholars convene in Nanjing"], batch=1)

    def test_each_submission_costs_a_fixed_number_of_queries(self):
        two = self.approve(["Panda loan renewed at the zoo", "Iowa farmers host Hebei"], batch=10)
        four = self.approve(
            [
                "Ping-pong players tour Detroit",
                "Climate envoys meet",
                "Orchestra plays Guangzhou",
                "Rice breeders",
            ],
            batch=10,
        )
        # Each new submission, 25 queries: its row locked (in the batch's transaction, no savepoint
        # of its own); its hints (5 here, where no candidate could be a
        # hint, and so no entities are read; 11 at most: see test_bulk_approval_repeats); the
        # exchange published through exchanges/publishing.py (its search words, its slug, its row,
        # its count, its sources, its organisations and their counts; none for its check
        # constraint, which clean() holds too; none for links to remove, which a new exchange does
        # not have, nor for people or places, which it does not name); the submission saved; the
        # email to its contributor queued, and sent here, as tests run tasks at once; the
        # savepoints around the decision and the publication. On PostgreSQL one more: the
        # organisations it names are locked before they are linked (SQLite locks the database).
        # Its reference and its form key, unique in the table, are not checked again by a query
        # each. Before, 26 (27), and 40 (41) before that.
        self.assertEqual((four - two) / 2, 26 if connection.vendor == "postgresql" else 25)

    def test_a_submission_sent_from_the_form_costs_the_same(self):
        imported = self.approve(["Panda loan renewed at the zoo"], batch=10)
        sent = self.approve(["Iowa farmers host Hebei"], batch=10, form_key=uuid.uuid4())
        self.assertEqual(sent, imported)

    def test_each_batch_costs_a_fixed_number_of_queries(self):
        one_batch = self.approve(["Panda loan renewed at the zoo", "Iowa farmers host Hebei"], batch=2)
        two_batches = self.approve(["Ping-pong players tour Detroit", "Climate envoys meet"], batch=1)
        # The transaction of each batch: a savepoint in a test, and its release.
        self.assertEqual(two_batches - one_batch, 2)


class BatchDropTests(ModeratorTestCase):
    def test_a_database_lost_midway_leaves_each_batch_whole_or_untouched(self):
        make_imported(3)

        def state():
            return sorted(Submission.objects.values_list("status", flat=True)), Exchange.objects.count()

        before = state()
        request = lambda: as_in_production(self.client).post(  # noqa: E731
            QUEUE,
            {"action": "approve_selected", "select_across": "1", "index": "0", ACTION_CHECKBOX_NAME: [0]},
        )
        with batches_of(1, seconds=60):
            outcomes = list(each_drop(request, state))
        wholes = [before] + [
            (sorted(["approved"] * done + ["pending"] * (3 - done)), 1 + done) for done in (1, 2, 3)
        ]
        for answered, response, after in outcomes:
            with self.subTest(answered=answered):
                self.assertIn(response.status_code, (302, 503))
                self.assertIn(after, wholes)
        self.assertEqual(outcomes[-1][2], wholes[-1])
