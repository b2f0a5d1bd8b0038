"""Rejecting with a reason, and marking as a duplicate: on a submission's page and as actions."""

import datetime
from unittest import mock

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from contributions import moderation
from contributions.models import Submission
from exchanges.admin import ExchangeAdmin
from exchanges.models import Exchange
from tests.contributions.helpers import ModeratorTestCase, change_form_data
from tests.factories import make_exchange, make_moderator, make_submission

QUEUE = "/admin/contributions/submission/"


class RejectTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def setUp(self):
        self.client.force_login(self.moderator)
        self.submission = make_submission()

    def post_page(self, **fields):
        return self.client.post(
            f"{QUEUE}{self.submission.pk}/change/", change_form_data(self.submission, **fields)
        )

    def test_a_reason_too_long_is_refused_saying_only_that(self):
        response = self.post_page(_reject="1", rejection_reason="Not sourced. " * 400)
        self.assertContains(response, "Ensure this value has at most 5000 characters")
        self.assertNotContains(response, "Give the contributor a reason for the rejection.")
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)

    def test_rejecting_needs_a_reason(self):
        response = self.post_page(_reject="1", rejection_reason=" ")
        self.assertContains(response, "Give the contributor a reason for the rejection.")
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)

    def test_rejecting_with_a_reason_records_who_and_when(self):
        response = self.post_page(_reject="1", rejection_reason="No source mentions this forum.")
        self.assertRedirects(response, QUEUE)
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.REJECTED)
        self.assertEqual(self.submission.rejection_reason, "No source mentions this forum.")
        self.assertEqual(self.submission.decided_by, self.moderator)
        self.assertIsNotNone(self.submission.decided_at)
        self.assertFalse(Exchange.objects.exists())

    def test_the_reject_action_asks_for_the_reason_first(self):
        other = make_submission(title="Second one")
        selected = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [self.submission.pk, other.pk]}
        page = self.client.post(QUEUE, selected)
        self.assertContains(page, "Reason for rejection")
        self.assertContains(page, other.reference)
        self.assertEqual(Submission.objects.pending().count(), 2)

        missing = self.client.post(QUEUE, {**selected, "apply": "1", "reason": ""})
        self.assertContains(missing, "This field is required.")
        self.assertEqual(Submission.objects.pending().count(), 2)

        done = self.client.post(
            QUEUE, {**selected, "apply": "1", "reason": "Outside our scope."}, follow=True
        )
        self.assertContains(done, "2 submissions are now rejected")
        self.assertEqual(
            set(Submission.objects.values_list("status", "rejection_reason")),
            {("rejected", "Outside our scope.")},
        )

    def test_the_reject_action_holds_the_reason_to_what_its_page_allows(self):
        # The page refuses a reason past the field's limit and stores it as plain text; the action
        # stored one of any length, with the textarea's "\r\n" and pasted invisible characters.
        selected = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [self.submission.pk], "apply": "1"}
        too_long = self.client.post(QUEUE, {**selected, "reason": "x" * 5001})
        self.assertContains(too_long, "Ensure this value has at most 5000 characters (it has 5001).")
        self.assertTrue(Submission.objects.get().is_pending)
        invisible = self.client.post(QUEUE, {**selected, "reason": "\u200b\r\n"})
        self.assertContains(invisible, "This field is required.")
        self.assertTrue(Submission.objects.get().is_pending)

        self.client.post(
            QUEUE, {**selected, "reason": "No source\u200b mentions it.\r\nPlease write again. "}
        )
        self.assertEqual(
            Submission.objects.get().rejection_reason, "No source mentions it.\nPlease write again."
        )

    def test_the_reject_action_from_the_pending_queue_names_one_decided_since(self):
        other = make_submission(title="Second one")
        moderation.approve(other.pk, self.moderator)
        selected = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [self.submission.pk, other.pk]}
        page = self.client.post(QUEUE, selected)
        self.assertContains(page, f"{other.reference}</a>: Second one (approved)")
        done = self.client.post(
            QUEUE, {**selected, "apply": "1", "reason": "Outside our scope."}, follow=True
        )
        self.assertContains(done, f"1 submission is now rejected: {self.submission.reference}.")
        self.assertContains(done, f"Already decided, left as they were: {other.reference} (approved)")
        self.assertEqual(Submission.objects.get(pk=other.pk).status, Submission.Status.APPROVED)

    def test_a_rejected_submission_cannot_then_be_approved(self):
        moderation.reject(self.submission.pk, self.moderator, reason="Spam.")
        result = moderation.approve(self.submission.pk, self.moderator)
        self.assertIs(result.outcome, moderation.Outcome.ALREADY_DECIDED)
        self.assertFalse(Exchange.objects.exists())


class DuplicateTests(ModeratorTestCase):
    def setUp(self):
        super().setUp()
        self.submission = make_submission()

    def suggested(self, term):
        """The ids the duplicate box suggests for `term`, in order."""
        response = self.client.get(
            "/admin/autocomplete/",
            {
                "app_label": "contributions",
                "model_name": "submission",
                "field_name": "duplicate_of",
                "term": term,
            },
        )
        return [int(result["id"]) for result in response.json()["results"]]

    def test_marking_as_duplicate_needs_the_exchange(self):
        response = self.client.post(
            f"{QUEUE}{self.submission.pk}/change/", change_form_data(self.submission, _duplicate="1")
        )
        self.assertContains(response, "Choose the exchange this submission repeats.")
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)

    def test_marking_as_duplicate_links_it_to_the_exchange(self):
        self.client.post(
            f"{QUEUE}{self.submission.pk}/change/",
            change_form_data(self.submission, _duplicate="1", duplicate_of=self.existing.pk),
        )
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.status, Submission.Status.DUPLICATE)
        self.assertEqual(self.submission.duplicate_of, self.existing)
        self.assertEqual(self.submission.decided_by, self.moderator)
        self.assertEqual(Exchange.objects.count(), 1)

    def test_the_duplicate_action_asks_for_the_exchange_first(self):
        selected = {"action": "mark_duplicate_selected", ACTION_CHECKBOX_NAME: [self.submission.pk]}
        page = self.client.post(QUEUE, selected)
        self.assertContains(page, "Duplicate of")
        self.assertContains(page, "admin/js/autocomplete.js")
        self.client.post(QUEUE, {**selected, "apply": "1", "exchange": self.existing.pk})
        self.submission.refresh_from_db()
        self.assertEqual(self.submission.duplicate_of, self.existing)

    def test_a_moderator_finds_the_exchange_by_typing_words_of_its_title(self):
        response = self.client.get(
            "/admin/autocomplete/",
            {
                "app_label": "contributions",
                "model_name": "submission",
                "field_name": "duplicate_of",
                "term": "forum",
            },
        )
        self.assertEqual(
            response.json()["results"],
            [{"id": str(self.existing.pk), "text": "Governors' forum, Houston 2019"}],
        )

    def test_the_exchange_is_found_while_its_words_are_being_typed(self):
        for term in ["Govern", "forum Hous", "houston 201"]:
            with self.subTest(term=term):
                self.assertEqual(self.suggested(term), [self.existing.pk])

    def test_the_exchange_stays_found_letter_by_letter_past_the_stem_of_a_word(self):
        # The index holds "deleg" for "delegation" and "busi" for "business".
        wanted = make_exchange(title="Business delegation to Houston")
        for word in ["delegation", "business"]:
            for length in range(4, len(word) + 1):
                term = f"Houston {word[:length]}"
                with self.subTest(term=term):
                    self.assertEqual(self.suggested(term), [wanted.pk])

    def mentions_of_the_forum(self):
        """Three exchanges newer than the existing one that name its forum only in passing."""
        return [
            make_exchange(
                title=f"Trade mission {number}",
                summary="Delegates went on from the governors' forum in Houston to the port.",
                date=datetime.date(2023, 1, number),
            )
            for number in (1, 2, 3)
        ]

    def test_the_best_match_is_suggested_first_when_few_exchanges_match(self):
        newer = self.mentions_of_the_forum()
        for term in ["governors forum houston", "Governors' forum, Hous", "forum"]:
            with self.subTest(term=term):
                suggested = self.suggested(term)
                # The exchange with the words in its title first, then the others newest first.
                self.assertEqual(suggested, [self.existing.pk, *[each.pk for each in reversed(newer)]])

    def test_the_newest_are_suggested_first_when_many_exchanges_match(self):
        newer = self.mentions_of_the_forum()
        with mock.patch.object(ExchangeAdmin, "RANKED_SUGGESTIONS", 3):
            self.assertEqual(
                self.suggested("forum"), [*[each.pk for each in reversed(newer)], self.existing.pk]
            )

    def test_the_suggestions_come_a_page_at_a_time_counting_no_further_than_needed(self):
        for number in range(44):
            make_exchange(title=f"Governors' summit {number}", date=datetime.date(2001, 1, 1))

        def suggestions(page):
            query = {"app_label": "contributions", "model_name": "submission", "field_name": "duplicate_of"}
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(
                    "/admin/autocomplete/", {**query, "term": "governors", "page": page}
                )
            counts = [each["sql"] for each in captured.captured_queries if "COUNT(" in each["sql"]]
            return response, counts, len(captured.captured_queries)

        suggestions(1)  # the search's synonyms, read once
        seen = []
        for page, shown, more in [(1, 20, True), (2, 20, True), (3, 5, False)]:
            with self.subTest(page=page):
                response, counts, queries = suggestions(page)
                # The session, the moderator and their two kinds of permission, the catalogue's
                # words that begin with the last word typed, the matches to rank (few enough), the
                # count and the page, whichever page.
                self.assertEqual(queries, 8)
                self.assertEqual(len(response.json()["results"]), shown)
                self.assertEqual(response.json()["pagination"]["more"], more)
                seen += [result["id"] for result in response.json()["results"]]
                # A count that stops at one row past the page: not all 45 matches.
                self.assertEqual(len(counts), 1)
                self.assertIn(f"LIMIT {page * 20 + 1}", counts[0])
        self.assertEqual(len(set(seen)), 45)
        for page in ("4", "x", "-1", "9" * 30):
            with self.subTest(page=page):
                self.assertEqual(suggestions(page)[0].status_code, 404)

    def test_the_duplicate_action_says_what_it_did_in_words(self):
        other = make_submission(title="Second one")
        selected = {"action": "mark_duplicate_selected", ACTION_CHECKBOX_NAME: [self.submission.pk, other.pk]}
        done = self.client.post(QUEUE, {**selected, "apply": "1", "exchange": self.existing.pk}, follow=True)
        self.assertContains(done, "2 submissions are now marked as duplicates: ")
        third = make_submission(title="Third one")
        selected[ACTION_CHECKBOX_NAME] = [third.pk]
        done = self.client.post(QUEUE, {**selected, "apply": "1", "exchange": self.existing.pk}, follow=True)
        self.assertContains(done, "1 submission is now marked as a duplicate: ")

    def test_the_duplicate_action_refuses_an_unknown_exchange(self):
        selected = {"action": "mark_duplicate_selected", ACTION_CHECKBOX_NAME: [self.submission.pk]}
        page = self.client.post(QUEUE, {**selected, "apply": "1", "exchange": "999999"})
        self.assertContains(page, "Select a valid choice")
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)


class DuplicateOfADraftTests(TestCase):
    """The contributor is sent the exchange's address: a draft, which has none, is not a choice."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()
        cls.draft = make_exchange(title="Governors' forum, Houston 2019", status=Exchange.Status.DRAFT)

    def setUp(self):
        self.client.force_login(self.moderator)
        self.submission = make_submission()

    def assert_refused(self, response):
        self.assertContains(response, "Choose a published exchange: the contributor is sent its address")
        self.submission.refresh_from_db()
        self.assertTrue(self.submission.is_pending)
        self.assertIsNone(self.submission.duplicate_of)

    def test_the_duplicate_box_does_not_suggest_a_draft(self):
        published = make_exchange(title="Governors' forum, Houston 2020")
        response = self.client.get(
            "/admin/autocomplete/",
            {
                "app_label": "contributions",
                "model_name": "submission",
                "field_name": "duplicate_of",
                "term": "forum",
            },
        )
        self.assertEqual([int(result["id"]) for result in response.json()["results"]], [published.pk])

    def test_its_page_refuses_a_draft(self):
        response = self.client.post(
            f"{QUEUE}{self.submission.pk}/change/",
            change_form_data(self.submission, _duplicate="1", duplicate_of=self.draft.pk),
        )
        self.assert_refused(response)
        # An exchange was chosen: the page does not also ask for one.
        self.assertNotContains(response, "Choose the exchange this submission repeats.")

    def test_its_page_says_an_unknown_exchange_is_not_a_choice_and_only_that(self):
        for value in ["99999999999999999999999", "abc", "0"]:
            with self.subTest(value):
                response = self.client.post(
                    f"{QUEUE}{self.submission.pk}/change/",
                    change_form_data(self.submission, _duplicate="1", duplicate_of=value),
                )
                self.assertContains(response, "Select a valid choice.")
                self.assertNotContains(response, "Choose the exchange this submission repeats.")
                self.submission.refresh_from_db()
                self.assertTrue(self.submission.is_pending)

    def test_the_action_refuses_a_draft(self):
        selected = {"action": "mark_duplicate_selected", ACTION_CHECKBOX_NAME: [self.submission.pk]}
        self.assert_refused(self.client.post(QUEUE, {**selected, "apply": "1", "exchange": self.draft.pk}))

    def test_the_decision_itself_refuses_a_draft(self):
        result = moderation.mark_duplicate(self.submission.pk, self.moderator, exchange=self.draft)
        self.assertIs(result.outcome, moderation.Outcome.INVALID)
        self.assertIn("Choose a published exchange", " ".join(result.errors))
