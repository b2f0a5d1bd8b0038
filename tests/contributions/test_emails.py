"""Emails: queued with the submission or decision, sent by the worker after commit, to the right
people; a mail server that is down loses nothing.

The tests run tasks at once (the immediate backend, tests/conftest.py);
tests/production/test_worker.py runs a real worker against a real mail server.
"""

import socket

from django.core import mail
from django.test import TestCase, override_settings

from contributions import emails, moderation
from contributions.emails import moderator_addresses
from contributions.models import Submission
from exchanges.models import Exchange
from tests.factories import form_data, make_exchange, make_moderator, make_submission


def closed_port():
    """A local TCP port with nothing listening on it: a mail server that is down."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ModeratorAddressTests(TestCase):
    def test_active_moderators_with_an_address_and_the_setting_are_emailed_once_each(self):
        make_moderator("ana", "ana@example.org")
        make_moderator("ben", "")
        make_moderator("cy", "cy@example.org", is_active=False)
        with override_settings(MODERATOR_EMAILS=["desk@example.org", "ANA@example.org"]):
            self.assertEqual(moderator_addresses(), ["ana@example.org", "desk@example.org"])


class ReceivedEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_moderator("ana", "ana@example.org")

    def submit(self, **fields):
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            response = self.client.post("/contribute/", form_data(**fields))
        return response, callbacks

    def test_the_contributor_and_the_moderators_are_emailed_after_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            self.client.post("/contribute/", form_data(note="I was there."))
        self.assertEqual(len(mail.outbox), 0, "nothing is sent before the transaction commits")
        self.assertEqual(len(callbacks), 2, "one task for each email")
        for callback in callbacks:
            callback()
        submission = Submission.objects.get()
        contributor, moderators = mail.outbox
        self.assertEqual(contributor.to, ["jane@example.org"])
        self.assertEqual(contributor.subject, f"We received your contribution {submission.reference}")
        self.assertIn("Hello,", contributor.body)
        self.assertIn("Thank you for telling us about an exchange.", contributor.body)
        self.assertIn(f"Your reference number is {submission.reference}.", contributor.body)
        self.assertIn("What happens next", contributor.body)
        self.assertEqual(moderators.to, ["ana@example.org"])
        self.assertEqual(
            moderators.subject,
            f"To review: new exchange {submission.reference}, “Governors' forum in Houston”",
        )
        self.assertIn("Note to the moderators:\nI was there.", moderators.body)
        self.assertIn(
            f"http://127.0.0.1:8000/admin/contributions/submission/{submission.pk}/change/", moderators.body
        )

    @override_settings(SITE_URL="https://exchanges.example.org")
    def test_a_suggestion_email_names_the_exchange_it_changes(self):
        exchange = make_exchange(title="Strategic dialogue")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                f"/exchanges/{exchange.slug}/suggest/",
                form_data(title="Strategic dialogue", note="Wrong year"),
            )
        contributor, moderators = mail.outbox
        self.assertIn("suggested change to “Strategic dialogue”", contributor.body)
        self.assertIn(f"https://exchanges.example.org/exchanges/{exchange.slug}/", moderators.body)
        self.assertIn("To review: suggested change", moderators.subject)

    def test_a_suggestions_receipt_says_the_decision_is_whether_the_exchange_is_changed(self):
        # The exchange is published already: "published, or not" is said of a new one.
        exchange = make_exchange(title="Strategic dialogue")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(f"/exchanges/{exchange.slug}/suggest/", form_data(note="Wrong year"))
        contributor = mail.outbox[0]
        for text in (contributor.body, contributor.alternatives[0][0]):
            self.assertIn("whether the exchange was changed, or the reason it was not", text)
            self.assertNotIn("published, or not", text)

    def test_the_moderators_read_the_date_as_the_site_shows_it(self):
        for typed, shown in [("January 1979", "January 1979"), ("July 9–10, 2014", "July 9–10, 2014")]:
            with self.subTest(typed=typed):
                mail.outbox.clear()
                self.submit(date=typed)
                body, (html, _type) = mail.outbox[1].body, mail.outbox[1].alternatives[0]
                self.assertIn(f"Exchange date: {shown}\n", body)
                self.assertIn(f"<td>{shown}</td>", html)

    def test_the_moderators_read_an_unknown_type_as_not_recorded(self):
        # An empty line would read as a fault in the email, not as the contributor's answer.
        self.submit(type="")
        body, (html, _type) = mail.outbox[1].body, mail.outbox[1].alternatives[0]
        self.assertIn("Type of exchange: Not recorded\n", body)
        self.assertIn("<td>Not recorded</td>", html)

    def test_the_html_emails_say_their_language(self):
        # For screen readers and mail clients' fonts, as the site's pages do.
        self.submit()
        for message in mail.outbox:
            html, _type = message.alternatives[0]
            self.assertIn('<html lang="en">', html)

    def test_a_contributor_without_a_name_is_shown_by_the_address_alone(self):
        self.submit(contributor_name="")
        body, (html, _type) = mail.outbox[1].body, mail.outbox[1].alternatives[0]
        self.assertIn("From: jane@example.org\n", body)
        self.assertIn("<td>jane@example.org</td>", html)
        mail.outbox.clear()
        self.submit(title="Another forum")
        self.assertIn("From: Jane Doe <jane@example.org>\n", mail.outbox[1].body)

    def test_a_title_with_line_breaks_makes_a_one_line_subject(self):
        self.submit(title="Forum\r\nBcc: victim@example.org")
        self.assertIn("“Forum Bcc: victim@example.org”", mail.outbox[1].subject)
        self.assertEqual(mail.outbox[1].to, ["ana@example.org"])

    @override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        EMAIL_TIMEOUT=2,
    )
    def test_a_mail_server_that_is_down_loses_nothing_and_still_thanks(self):
        with self.assertLogs("contributions.tasks", "ERROR") as logs:
            response, _ = self.submit()
        self.assertRedirects(response, "/contribute/thanks/")
        submission = Submission.objects.get()
        self.assertTrue(submission.is_pending)
        self.assertContains(self.client.get("/contribute/thanks/"), submission.reference)
        self.assertEqual(len(logs.records), 2, "both the confirmation and the notice are logged")
        self.assertIn(submission.reference, logs.output[0])
        # Both wait for staff, with the reason, to be sent again (test_email_delivery.py).
        self.assertEqual(
            sorted(submission.emails.values_list("kind", "status")),
            [("moderators", "failed"), ("received", "failed")],
        )
        self.assertIn("ConnectionRefusedError", submission.emails.first().last_error)

    def test_with_no_moderator_address_the_notice_is_logged_not_lost(self):
        from django.contrib.auth.models import User

        User.objects.all().delete()
        with self.assertLogs("contributions.tasks", "WARNING") as logs:
            self.submit()
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("No address", logs.output[0])


class DecisionEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator()

    def decide(self, action, **details):
        submission = make_submission(contributor_name="")
        with self.captureOnCommitCallbacks(execute=True):
            action(submission.pk, self.moderator, **details)
        submission.refresh_from_db()
        (message,) = mail.outbox
        self.assertEqual(message.to, ["jane@example.org"])
        self.assertIn("Hello,", message.body)
        return submission, message

    def test_approval_sends_the_address_of_the_published_exchange(self):
        submission, message = self.decide(moderation.approve)
        self.assertEqual(message.subject, f"Your contribution {submission.reference}: approved")
        self.assertIn(
            f"http://127.0.0.1:8000{submission.published_exchange.get_absolute_url()}", message.body
        )

    def test_rejection_sends_the_reason(self):
        submission, message = self.decide(moderation.reject, reason="We found no source for this meeting.")
        self.assertEqual(message.subject, f"Your contribution {submission.reference}: rejected")
        self.assertIn("for this reason:\n\nWe found no source for this meeting.", message.body)

    def test_a_duplicate_is_pointed_to_the_existing_exchange(self):
        existing = make_exchange()
        submission, message = self.decide(moderation.mark_duplicate, exchange=existing)
        self.assertIn("already holds this exchange", message.body)
        self.assertIn(f"http://127.0.0.1:8000{existing.get_absolute_url()}", message.body)

    def test_a_duplicate_of_an_exchange_withdrawn_before_the_email_went_gives_no_dead_address(self):
        # The email is written when the worker sends it: a retry after the exchange was withdrawn
        # sent its address, a page not found, and asked to suggest a change from it.
        existing = make_exchange()
        submission = make_submission(contributor_name="")
        moderation.mark_duplicate(submission.pk, self.moderator, exchange=existing)
        existing.status = Exchange.Status.DRAFT
        existing.save()
        submission.refresh_from_db()
        message = emails.decision(submission)
        for text in (message.body, message.alternatives[0][0]):
            self.assertIn("the database already holds this exchange, so we have not added it again.", text)
            self.assertNotIn(existing.get_absolute_url(), text)
            self.assertNotIn("suggest a change from that page", text)

    def test_a_suggested_change_found_to_repeat_what_is_there_is_not_asked_to_suggest_it_again(self):
        exchange = make_exchange()
        suggestion = make_submission(kind=Submission.Kind.CHANGE, exchange=exchange, contributor_name="")
        with self.captureOnCommitCallbacks(execute=True):
            moderation.mark_duplicate(suggestion.pk, self.moderator, exchange=exchange)
        (message,) = mail.outbox
        html = message.alternatives[0][0]
        for text in (message.body, html):
            self.assertIn("already holds what you suggested, or another suggestion covers it", text)
            self.assertIn(f"http://127.0.0.1:8000{exchange.get_absolute_url()}", text)
            # A suggestion was sent from that page: "suggest a change from that page" and "we have
            # not added it again" are said to someone who told us of a new exchange.
            self.assertNotIn("suggest a change from that page", text)
            self.assertNotIn("added it again", text)

    def decide_suggestion(self, action, **details):
        exchange = make_exchange()
        suggestion = make_submission(
            kind=Submission.Kind.CHANGE, exchange=exchange, contributor_name="", summary="A better summary."
        )
        with self.captureOnCommitCallbacks(execute=True):
            action(suggestion.pk, self.moderator, **details)
        (message,) = mail.outbox
        return exchange, message

    def test_an_approved_suggestion_is_told_the_exchange_was_changed(self):
        exchange, message = self.decide_suggestion(moderation.approve)
        for text in (message.body, message.alternatives[0][0]):
            self.assertIn("a moderator has approved it, and the exchange now shows the change:", text)
            self.assertIn(f"http://127.0.0.1:8000{exchange.get_absolute_url()}", text)
            self.assertNotIn("now published", text)

    def test_a_rejected_suggestion_is_told_the_exchange_was_not_changed(self):
        _exchange, message = self.decide_suggestion(moderation.reject, reason="The source says 1979.")
        for text in (message.body, message.alternatives[0][0]):
            self.assertIn("a moderator has decided not to make this change, for this reason:", text)
            self.assertNotIn("not to publish", text)

    def test_no_email_when_nothing_was_decided(self):
        submission = make_submission(status=Submission.Status.REJECTED)
        with self.captureOnCommitCallbacks(execute=True):
            moderation.approve(submission.pk, self.moderator)
        self.assertEqual(mail.outbox, [])
