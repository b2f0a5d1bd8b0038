"""A submission's admin page holds a copy loaded before any lock: it must never undo another
moderator's decision taken meanwhile.

The race is made certain here: another moderator decides right after the page's
POST has loaded the submission, before the page saves anything. The same race
between real processes is tested in tests/production/test_concurrent_moderation.py.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.models import LogEntry
from django.test import TestCase
from django.utils import timezone
from django.utils.formats import date_format

from contributions import moderation
from contributions.admin import SubmissionAdmin
from contributions.models import Submission
from exchanges.dates import parse_period
from exchanges.models import PERIOD_FIELDS, Exchange
from tests.contributions.helpers import change_form_data
from tests.factories import make_exchange, make_moderator, make_submission

QUEUE = "/admin/contributions/submission/"


class StaleChangePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator("ana")
        cls.other = make_moderator("ben", "ben@example.org")

    def setUp(self):
        self.client.force_login(self.moderator)
        self.submission = make_submission(title="Governors' forum")

    def post_while_another_decides(self, decision, **fields):
        """POST the change page; `decision(pk)` runs once the page has loaded its copy."""
        real_get_object = SubmissionAdmin.get_object

        def get_object_then_another_decides(model_admin, request, object_id, from_field=None):
            submission = real_get_object(model_admin, request, object_id, from_field)
            if request.method == "POST":
                decision(submission.pk)
            return submission

        model_admin = admin.site._registry[Submission]
        model_admin.get_object = get_object_then_another_decides.__get__(model_admin)
        try:
            return self.client.post(
                f"{QUEUE}{self.submission.pk}/change/",
                change_form_data(self.submission, **fields),
                follow=True,
            )
        finally:
            del model_admin.get_object

    def approve_by_another(self, pk):
        self.assertTrue(moderation.approve(pk, self.other).done)

    def test_a_second_approval_publishes_nothing_more_and_says_it_was_decided(self):
        response = self.post_while_another_decides(self.approve_by_another, _approve="1")
        self.assertContains(response, f"Already decided: {self.submission.reference} was approved by ben")
        self.assertEqual(Exchange.objects.count(), 1)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.APPROVED)
        self.assertEqual(self.submission.decided_by, self.other)
        self.assertEqual(self.submission.published_exchange, Exchange.objects.get())

    def test_a_rejection_after_an_approval_leaves_the_approval(self):
        response = self.post_while_another_decides(
            self.approve_by_another, _reject="1", rejection_reason="No source."
        )
        self.assertContains(response, "Already decided")
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.APPROVED)
        self.assertEqual(self.submission.rejection_reason, "")
        self.assertEqual(Exchange.objects.get().status, Exchange.Status.PUBLISHED)

    def test_an_approval_after_a_rejection_publishes_nothing(self):
        def reject_by_another(pk):
            self.assertTrue(moderation.reject(pk, self.other, reason="No source.").done)

        response = self.post_while_another_decides(reject_by_another, _approve="1")
        self.assertContains(response, "Already decided")
        self.assertFalse(Exchange.objects.exists())
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.REJECTED)

    def test_saving_corrections_after_a_decision_changes_nothing_and_says_so(self):
        response = self.post_while_another_decides(
            self.approve_by_another, title="Corrected title", _continue="1"
        )
        self.assertContains(
            response,
            f"Already decided: {self.submission.reference} was approved by ben on {self.decided_at()}, "
            "so the corrections you typed on this page were not saved.",
        )
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.title, "Governors' forum")
        self.assertEqual(self.submission.status, Submission.Status.APPROVED)
        self.assertIsNotNone(self.submission.published_exchange)

    def test_a_decision_after_another_names_who_took_it_and_when(self):
        response = self.post_while_another_decides(
            self.approve_by_another, _reject="1", rejection_reason="No source."
        )
        self.assertContains(
            response,
            f"Already decided: {self.submission.reference} was approved by ben on {self.decided_at()}, "
            "so nothing you chose or typed on this page was saved.",
        )

    def test_a_decision_taken_in_another_tab_is_not_said_to_be_another_moderators(self):
        tab_a = change_form_data(self.submission, _reject="1", rejection_reason="No source.")
        tab_b = change_form_data(self.submission, _duplicate="1", duplicate_of=make_exchange().pk)
        self.client.post(f"{QUEUE}{self.submission.pk}/change/", tab_a)
        response = self.client.post(f"{QUEUE}{self.submission.pk}/change/", tab_b, follow=True)
        self.assertContains(
            response,
            f"Already decided: {self.submission.reference} was rejected by ana on {self.decided_at()}",
        )
        self.assertNotContains(response, "another moderator")
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.REJECTED)

    def test_a_page_opened_before_another_moderators_corrections_keeps_them_when_it_decides(self):
        submission = make_submission(government=True, continuing=True, date=datetime.date(2019, 5, 20))
        opened = change_form_data(submission, location="Houston", _approve="1")
        # Meanwhile another moderator corrects what this page shows and leaves as it is.
        moderation.save_edits(submission.pk, {"government": False, "continuing": None})
        corrected = Submission.objects.get(pk=submission.pk)
        corrected.set_period(parse_period("May 2019"))
        moderation.save_edits(submission.pk, {name: getattr(corrected, name) for name in PERIOD_FIELDS})
        self.client.post(f"{QUEUE}{submission.pk}/change/", opened)
        exchange = Exchange.objects.get()
        self.assertEqual(
            (exchange.location, exchange.government, exchange.continuing, exchange.display_date),
            ("Houston", False, None, "May 2019"),
        )

    def test_the_history_names_only_the_fields_the_moderator_changed(self):
        # Yes for Government? and Continuing, and a date: what the page shows is what it sends back.
        Submission.objects.filter(pk=self.submission.pk).update(government=True, continuing=True)
        self.submission.refresh_from_db()
        self.client.post(
            f"{QUEUE}{self.submission.pk}/change/", change_form_data(self.submission, location="Dallas")
        )
        entry = LogEntry.objects.filter(object_id=str(self.submission.pk)).order_by("-action_time", "-id")[0]
        self.assertEqual(entry.get_change_message(), "Changed Location.")

    def decided_at(self):
        """When the submission was decided, as the admin writes a moment in the site's time zone."""
        self.submission.refresh_from_db()
        return date_format(timezone.localtime(self.submission.decided_at), "DATETIME_FORMAT")

    def test_corrections_on_a_pending_submission_are_saved(self):
        response = self.client.post(
            f"{QUEUE}{self.submission.pk}/change/",
            change_form_data(self.submission, title="Corrected title", _continue="1"),
        )
        self.assertEqual(response.status_code, 302)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.title, "Corrected title")
        self.assertTrue(self.submission.is_pending)


class DecisionReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)

    def approve_selected(self, submissions):
        return self.client.post(
            f"{QUEUE}?status=all",
            {"action": "approve_selected", ACTION_CHECKBOX_NAME: [s.pk for s in submissions]},
            follow=True,
        )

    def test_a_bulk_approval_decides_each_alone_and_reports_each(self):
        # Titles unlike each other: two alike are possible duplicates, which the bulk approval holds.
        good = make_submission(title="Governors meet in Salt Lake City")
        # Stored when the rules were looser: it no longer validates.
        stale = make_submission(title="Wuhan students tour Ohio farms", summary="Too long. " * 1001)
        response = self.approve_selected([good, stale])
        self.assertEqual(
            list(Exchange.objects.values_list("title", flat=True)), ["Governors meet in Salt Lake City"]
        )
        self.assertContains(response, f"1 submission is now approved and published: {good.reference}.")
        self.assertContains(
            response,
            f"{stale.reference} was not decided, and is still pending: Summary: ",
        )
        stale.refresh_from_db()
        self.assertTrue(stale.is_pending)
        self.assertIsNone(stale.decided_at)

    def test_a_stored_submission_that_no_longer_validates_is_not_decided_on_its_page(self):
        stale = make_submission(title="Stale one", summary="Too long. " * 1001)
        response = self.client.post(
            f"{QUEUE}{stale.pk}/change/",
            change_form_data(stale, _approve="1", title="A corrected title"),
            follow=True,
        )
        # Either the form or the decision says why; nothing is decided or published.
        self.assertContains(response, "Ensure this value has at most 10000 characters")
        self.assertFalse(Exchange.objects.exists())
        stale.refresh_from_db()
        self.assertTrue(stale.is_pending)

    def test_a_change_to_an_exchange_that_is_not_public_does_not_say_published(self):
        draft = make_exchange(title="Strategic dialogue", status=Exchange.Status.DRAFT)
        change = make_submission(
            kind=Submission.Kind.CHANGE,
            exchange=draft,
            title="Strategic dialogue",
            location="Beijing",
        )
        response = self.approve_selected([change])
        self.assertNotContains(response, "published:")
        self.assertContains(
            response,
            f"Approved, but not public: {change.reference} changed an exchange that is not published",
        )
        draft.refresh_from_db()
        self.assertEqual(draft.location, "Beijing")
        self.assertEqual(draft.status, Exchange.Status.DRAFT)


class DatabaseRefusalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def test_a_value_the_database_refuses_leaves_it_pending_and_says_so(self):
        from unittest import mock

        from django.db import DataError

        submission = make_submission(title="Refused one")
        with (
            mock.patch.object(Exchange, "save", side_effect=DataError("value too long")),
            self.assertLogs("contributions.moderation", "ERROR"),
        ):
            result = moderation.approve(submission.pk, self.moderator, edits={"location": "Beijing"})
        self.assertIs(result.outcome, moderation.Outcome.INVALID)
        self.assertIn("The database refused it", result.errors[0])
        submission.refresh_from_db()
        self.assertTrue(submission.is_pending)
        self.assertEqual(submission.location, "Beijing", "the corrections are kept")
        self.assertFalse(Exchange.objects.exists())
