"""Approval: a new exchange is published, a suggested change is applied; once only."""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import TestCase

from contributions import moderation
from contributions.models import Submission
from exchanges.models import Exchange
from tests.contributions.helpers import change_form_data
from tests.factories import make_exchange, make_moderator, make_submission

QUEUE = "/admin/contributions/submission/"


class ApproveNewExchangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)
        self.submission = make_submission(
            title="Sister-city agreement between Houston and Shenzhen",
            government=False,
            levels=[],
            type=Exchange.Type.CIVIC,
            sources="Houston Chronicle https://example.org/a\nhttps://example.org/b\nCity council minutes",
            participant_count=12,
            date=datetime.date(2019, 5, 1),
            date_precision=Exchange.Precision.MONTH,
        )

    def approve_on_its_page(self, **fields):
        return self.client.post(
            f"{QUEUE}{self.submission.pk}/change/",
            change_form_data(self.submission, _approve="1", **fields),
        )

    def test_approving_publishes_it_with_its_sources_and_records_the_decision(self):
        response = self.approve_on_its_page()
        self.assertRedirects(response, QUEUE)
        self.submission.refresh_from_db()
        exchange = Exchange.objects.get()
        self.assertEqual(exchange.status, Exchange.Status.PUBLISHED)
        self.assertEqual(exchange.title, "Sister-city agreement between Houston and Shenzhen")
        self.assertEqual(exchange.participant_count, 12)
        self.assertEqual(exchange.display_date, "May 2019")
        self.assertEqual(
            [(s.citation, s.url) for s in exchange.sources.all()],
            [
                ("Houston Chronicle", "https://example.org/a"),
                ("", "https://example.org/b"),
                ("City council minutes", ""),
            ],
        )
        self.assertEqual(self.submission.status, Submission.Status.APPROVED)
        self.assertEqual(self.submission.published_exchange, exchange)
        self.assertEqual(self.submission.decided_by, self.moderator)
        self.assertIsNotNone(self.submission.decided_at)
        self.assertEqual(list(exchange.submissions.all()), [self.submission])

    def test_a_source_given_twice_is_published_once(self):
        # Pasted twice, or its address given again on a line of its own: the page listed it twice.
        sources = (
            "Houston Chronicle https://example.org/a\r\nhttps://example.org/b\r\n"
            "houston chronicle https://example.org/a\r\nhttps://example.org/a\r\n"
            "City council minutes\r\nCity Council minutes\r\nHouston Chronicle, May 2 https://example.org/a"
        )
        self.approve_on_its_page(sources=sources)
        self.assertEqual(
            [(s.citation, s.url) for s in Exchange.objects.get().sources.all()],
            [
                ("Houston Chronicle", "https://example.org/a"),
                ("", "https://example.org/b"),
                ("City council minutes", ""),
                ("Houston Chronicle, May 2", "https://example.org/a"),
            ],
        )

    def test_the_published_exchange_is_found_by_search_and_on_its_own_page(self):
        self.assertNotContains(self.client.get("/exchanges/?q=Shenzhen"), "Sister-city agreement")
        self.approve_on_its_page()
        exchange = Exchange.objects.get()
        self.assertContains(self.client.get("/exchanges/?q=Shenzhen"), "Sister-city agreement")
        self.assertContains(self.client.get(exchange.get_absolute_url()), "Houston Chronicle")

    def test_a_moderator_can_correct_it_before_approving(self):
        self.approve_on_its_page(title="Houston–Shenzhen sister-city agreement", location="Shenzhen")
        exchange = Exchange.objects.get()
        self.assertEqual(exchange.title, "Houston–Shenzhen sister-city agreement")
        self.assertEqual(exchange.location, "Shenzhen")

    def test_an_invalid_correction_is_refused_and_nothing_is_published(self):
        response = self.approve_on_its_page(date="Spring 2019")
        self.assertContains(response, "does not say which days")
        self.assertFalse(Exchange.objects.exists())
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)

    def test_approving_twice_publishes_one_exchange(self):
        first = moderation.approve(self.submission.pk, self.moderator)
        second = moderation.approve(self.submission.pk, self.moderator)
        self.assertIs(first.outcome, moderation.Outcome.DONE)
        self.assertIs(second.outcome, moderation.Outcome.ALREADY_DECIDED)
        self.assertEqual(Exchange.objects.count(), 1)

    def test_a_resent_approval_form_says_it_was_already_decided(self):
        self.approve_on_its_page()
        response = self.approve_on_its_page()
        self.assertEqual(Exchange.objects.count(), 1)
        self.assertContains(self.client.get(response.url), "Already decided")

    def test_a_slug_already_taken_gets_a_suffix(self):
        taken = make_exchange(title="Sister-city agreement between Houston and Shenzhen")
        moderation.approve(self.submission.pk, self.moderator)
        published = Exchange.objects.exclude(pk=taken.pk).get()
        self.assertEqual(published.slug, f"{taken.slug}-2")


class ApproveActionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def test_the_changelist_action_approves_several_and_skips_the_decided(self):
        self.client.force_login(self.moderator)
        # Titles unlike each other: two alike are possible duplicates, which the bulk approval holds.
        titles = ["Governors meet in Salt Lake City", "Wuhan students tour Ohio farms"]
        pending = [make_submission(title=title) for title in titles]
        decided = make_submission(title="Rejected", status=Submission.Status.REJECTED)
        response = self.client.post(
            f"{QUEUE}?status=all",
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: [s.pk for s in [*pending, decided]]},
            follow=True,
        )
        self.assertEqual(sorted(Exchange.objects.values_list("title", flat=True)), titles)
        self.assertContains(response, "2 submissions are now approved")
        self.assertContains(response, f"Already decided, left as they were: {decided.reference} (rejected)")

    def test_from_the_pending_queue_one_decided_since_the_page_was_shown_is_reported(self):
        # The queue (its default filter: pending) was shown with both; another moderator, or
        # another tab, rejected one before this moderator chose the action.
        self.client.force_login(self.moderator)
        pending = make_submission(title="Pending")
        decided = make_submission(title="Rejected meanwhile", status=Submission.Status.REJECTED)
        response = self.client.post(
            QUEUE, {"action": "approve_selected", ACTION_CHECKBOX_NAME: [pending.pk, decided.pk]}, follow=True
        )
        self.assertEqual(list(Exchange.objects.values_list("title", flat=True)), ["Pending"])
        self.assertContains(response, f"1 submission is now approved and published: {pending.reference}.")
        self.assertContains(response, f"Already decided, left as they were: {decided.reference} (rejected)")

    def test_selecting_all_in_the_pending_queue_decides_only_the_pending(self):
        self.client.force_login(self.moderator)
        pending = make_submission(title="Pending")
        make_submission(title="Rejected", status=Submission.Status.REJECTED)
        response = self.client.post(
            QUEUE,
            {"action": "approve_selected", "select_across": "1", ACTION_CHECKBOX_NAME: [pending.pk]},
            follow=True,
        )
        self.assertEqual(list(Exchange.objects.values_list("title", flat=True)), ["Pending"])
        self.assertNotContains(response, "Already decided")

    def test_an_invalid_submission_is_reported_and_stays_pending(self):
        # An imported record without a date waits for a moderator to complete it.
        submission = make_submission(date=None)
        result = moderation.approve(submission.pk, self.moderator)
        self.assertIs(result.outcome, moderation.Outcome.INVALID)
        self.assertIn(
            "Exchange date: Enter the date first: an exchange cannot be published without one.",
            " ".join(result.errors),
        )
        submission.refresh_from_db()
        self.assertTrue(submission.is_pending)
        self.assertFalse(Exchange.objects.exists())


class ApproveChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.exchange = make_exchange(title="Strategic dialogue", location="Washington, DC", sources=2)
        self.slug = self.exchange.slug
        self.submission = make_submission(
            kind=Submission.Kind.CHANGE,
            exchange=self.exchange,
            **{
                name: getattr(self.exchange, name)
                for name in ["title", "summary", "government", "type", "levels", "date", "partners"]
            },
            location="Beijing",
            sources="State Department transcript https://example.org/transcript",
        )

    def test_approving_applies_the_change_and_replaces_the_sources(self):
        result = moderation.approve(self.submission.pk, self.moderator)
        self.assertTrue(result.done)
        self.exchange.refresh_from_db()
        self.assertEqual(self.exchange.location, "Beijing")
        self.assertEqual(self.exchange.slug, self.slug, "the permanent address does not move")
        self.assertEqual(
            [(s.citation, s.url) for s in self.exchange.sources.all()],
            [("State Department transcript", "https://example.org/transcript")],
        )
        self.assertEqual(Exchange.objects.count(), 1)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.published_exchange, self.exchange)
        self.assertContains(self.client.get(self.exchange.get_absolute_url()), "Beijing")

    def test_a_change_to_an_exchange_since_deleted_is_not_applied(self):
        self.exchange.delete()
        result = moderation.approve(self.submission.pk, self.moderator)
        self.assertIs(result.outcome, moderation.Outcome.INVALID)
        self.assertFalse(Exchange.objects.exists())

    def test_its_page_refuses_to_approve_a_change_to_a_deleted_exchange_saying_why(self):
        self.exchange.delete()
        self.client.force_login(self.moderator)
        url = f"{QUEUE}{self.submission.pk}/change/"
        self.assertEqual(self.client.get(url).status_code, 200)
        data = change_form_data(Submission.objects.get(pk=self.submission.pk), _approve="1")
        page = self.client.post(url, data, follow=True)
        self.assertContains(page, "was deleted")
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.PENDING)
        self.assertFalse(Exchange.objects.exists())

    def test_a_change_to_a_deleted_exchange_can_be_rejected_from_its_page(self):
        self.exchange.delete()
        self.client.force_login(self.moderator)
        url = f"{QUEUE}{self.submission.pk}/change/"
        data = change_form_data(
            Submission.objects.get(pk=self.submission.pk), rejection_reason="It was withdrawn.", _reject="1"
        )
        self.client.post(url, data)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.REJECTED)


class ImportedRecordTests(TestCase):
    """A record imported without a date or a source waits for a moderator to complete it."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)
        self.submission = make_submission(
            title="Mayors visit Chinese cities",
            government=None,
            type="",
            levels=["local"],
            date=None,
            sources="",
            contributor_email="",
            note="Imported from records.csv, line 12.",
        )

    def test_its_page_shows_what_is_missing_and_approving_asks_for_the_date(self):
        page = self.client.get(f"{QUEUE}{self.submission.pk}/change/")
        self.assertEqual(page.status_code, 200)
        response = self.client.post(
            f"{QUEUE}{self.submission.pk}/change/", change_form_data(self.submission, _approve="1")
        )
        self.assertFalse(Exchange.objects.exists())
        self.assertContains(
            self.client.get(response.url),
            "Exchange date: Enter the date first: an exchange cannot be published without one.",
        )

    def test_a_moderator_completes_the_date_and_publishes_it(self):
        response = self.client.post(
            f"{QUEUE}{self.submission.pk}/change/",
            change_form_data(self.submission, _approve="1", date="c. May 2015"),
        )
        self.assertRedirects(response, QUEUE)
        exchange = Exchange.objects.get()
        self.assertEqual(
            (exchange.display_date, exchange.government, exchange.levels), ("c. May 2015", None, ["local"])
        )

    def test_a_level_on_a_non_government_record_is_a_warning_on_its_page(self):
        self.submission.government = False
        self.submission.save()
        page = self.client.get(f"{QUEUE}{self.submission.pk}/change/")
        self.assertContains(page, "says governments were not a party")
