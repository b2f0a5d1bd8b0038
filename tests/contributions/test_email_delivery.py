"""The worker's side of email: safe to run twice, retried with a growing delay, bounded in
time, and visible to staff (with a retry) when it keeps failing.

Tasks run at once here (tests/conftest.py); tests/production/test_worker.py
runs the real `manage.py db_worker` against a real mail server.
"""

import datetime
import socket
import threading
import time
from unittest import mock

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.db import OperationalError
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contributions import moderation, tasks
from contributions.models import EmailDelivery
from tests.factories import form_data, make_exchange, make_moderator, make_submission

DELIVERIES = "/admin/contributions/emaildelivery/"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
CONTRIBUTOR_TEXT = "Forward this to your bank: http://evil.example/"


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_down():
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        EMAIL_TIMEOUT=2,
    )


class NoContributorTextTests(TestCase):
    """Nobody has confirmed the contributor's address: what is sent there carries no text they typed."""

    @classmethod
    def setUpTestData(cls):
        make_moderator("ana", "ana@example.org")
        cls.moderator = make_moderator("ben", "")

    def test_the_receipt_has_the_reference_and_fixed_wording_only(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                "/contribute/",
                form_data(
                    title=CONTRIBUTOR_TEXT,
                    contributor_name=CONTRIBUTOR_TEXT,
                    summary=CONTRIBUTOR_TEXT,
                    note=CONTRIBUTOR_TEXT,
                ),
            )
        receipt, notice = mail.outbox
        self.assertEqual(receipt.to, ["jane@example.org"])
        for text in [receipt.subject, receipt.body, receipt.alternatives[0][0]]:
            self.assertNotIn("evil.example", text)
        self.assertIn("Your reference number is", receipt.body)
        # The moderators' own notice shows what was sent.
        self.assertIn(CONTRIBUTOR_TEXT, notice.body)

    def test_the_decision_has_the_reference_and_fixed_wording_only(self):
        for action, details in [
            (moderation.approve, {}),
            (moderation.reject, {"reason": "No source."}),
            (moderation.mark_duplicate, {"exchange": make_exchange()}),
        ]:
            mail.outbox = []
            submission = make_submission(title=CONTRIBUTOR_TEXT, contributor_name=CONTRIBUTOR_TEXT)
            with self.captureOnCommitCallbacks(execute=True):
                self.assertTrue(action(submission.pk, self.moderator, **details).done)
            (message,) = mail.outbox
            for text in [message.subject, message.body, message.alternatives[0][0]]:
                self.assertNotIn("evil.example", text, action.__name__)
            self.assertIn(submission.reference, message.body)


class DeliveryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator("ana", "ana@example.org")

    def queued(self, kind=EmailDelivery.Kind.RECEIVED):
        return EmailDelivery.objects.create(submission=make_submission(), kind=kind)

    def test_running_the_task_twice_sends_once(self):
        delivery = self.queued()
        self.assertEqual(tasks.deliver_email.call(delivery.pk), "sent")
        self.assertEqual(tasks.deliver_email.call(delivery.pk), "skipped")
        self.assertEqual(len(mail.outbox), 1)
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, EmailDelivery.Status.SENT)
        self.assertEqual(delivery.recipients, "jane@example.org")
        self.assertEqual(delivery.attempts, 1)

    @override_settings(TASKS=DATABASE_QUEUE, EMAIL_RETRY_DELAY=30, EMAIL_MAX_ATTEMPTS=3)
    def test_a_failure_is_queued_again_later_with_a_growing_delay_then_given_up(self):
        delivery = self.queued()
        with smtp_down(), self.assertLogs("contributions.tasks", "WARNING"):
            for expected_delay in [30, 60]:
                before = timezone.now()
                self.assertEqual(tasks.deliver_email.call(delivery.pk), "retrying")
                task = DBTaskResult.objects.order_by("-enqueued_at").first()
                self.assertEqual(task.args_kwargs["args"], [delivery.pk])
                self.assertAlmostEqual((task.run_after - before).total_seconds(), expected_delay, delta=2)
            self.assertEqual(tasks.deliver_email.call(delivery.pk), "failed")
        delivery.refresh_from_db()
        self.assertEqual(delivery.status, EmailDelivery.Status.FAILED)
        self.assertEqual(delivery.attempts, 3)
        self.assertIn("ConnectionRefusedError", delivery.last_error)
        self.assertEqual(DBTaskResult.objects.count(), 2, "no retry once given up")

    def test_a_mail_server_that_trickles_cannot_hold_the_worker_past_the_email_timeout(self):
        with (
            trickling_smtp_server() as port,
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
                EMAIL_USE_TLS=False,
                EMAIL_TIMEOUT=2,
            ),
        ):
            delivery = self.queued()
            started = time.monotonic()
            with self.assertLogs("contributions.tasks", "ERROR"):
                self.assertEqual(tasks.deliver_email.call(delivery.pk), "failed")
            elapsed = time.monotonic() - started
        # Unbounded, the trickle would last over an hour; the margin is for a busy machine.
        self.assertLess(elapsed, 5, "the whole attempt is bounded by EMAIL_TIMEOUT")
        delivery.refresh_from_db()
        self.assertIn("did not finish within 2 s", delivery.last_error)


class DeliveryAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_moderator("ana", "ana@example.org")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_staff_see_a_failed_email_with_its_error_and_send_it_again(self):
        with smtp_down(), self.assertLogs("contributions.tasks", "ERROR"):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post("/contribute/", form_data())
        failed = EmailDelivery.objects.filter(status=EmailDelivery.Status.FAILED)
        self.assertEqual(failed.count(), 2)
        page = self.client.get(f"{DELIVERIES}?status=failed")
        self.assertContains(page, "ConnectionRefusedError")
        self.assertContains(page, "Receipt to the contributor")

        sent = EmailDelivery.objects.create(
            submission=failed.first().submission, kind="decision", status="sent", attempts=1
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                DELIVERIES,
                {"action": "retry_selected", ACTION_CHECKBOX_NAME: [d.pk for d in [*failed, sent]]},
                follow=True,
            )
        self.assertContains(response, "2 emails are queued again.")
        self.assertContains(response, "1 email was left as it was")
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(
            EmailDelivery.objects.filter(status=EmailDelivery.Status.SENT).count(), 3, "each sent once"
        )

    def test_an_email_stuck_while_sending_can_be_sent_again_only_after_a_while(self):
        delivery = EmailDelivery.objects.create(
            submission=make_submission(), kind="received", status="sending", last_attempt_at=timezone.now()
        )
        self.assertEqual(tasks.retry([delivery]), [])
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            last_attempt_at=timezone.now() - datetime.timedelta(hours=1)
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(tasks.retry([delivery]), [delivery])
        self.assertEqual(len(mail.outbox), 1)

    def test_an_email_never_handed_to_the_worker_is_not_lost(self):
        # The database gone the moment after the contribution committed: the hand-off to the worker
        # failed, the contributor got an error page for a contribution stored, and its emails stayed
        # queued with no task to send them, and no way for staff to send them again.
        with (
            mock.patch.object(tasks, "enqueue_delivery", side_effect=OperationalError("gone")),
            self.assertLogs(level="ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post("/contribute/", form_data())
        self.assertRedirects(response, "/contribute/thanks/")
        queued = list(EmailDelivery.objects.filter(status=EmailDelivery.Status.QUEUED))
        self.assertEqual(len(queued), 2)
        # Not while the worker may still take it; once it is long overdue, staff send it again.
        self.assertEqual(tasks.retry(queued), [])
        EmailDelivery.objects.update(created=timezone.now() - datetime.timedelta(hours=1))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(len(tasks.retry(queued)), 2)
        self.assertEqual(len(mail.outbox), 2)

    def test_an_email_waiting_for_its_next_attempt_is_not_sent_again_before_it(self):
        delivery = EmailDelivery.objects.create(
            submission=make_submission(),
            kind="received",
            attempts=5,
            last_attempt_at=timezone.now() - datetime.timedelta(minutes=20),
        )
        # Its fifth failure set it to wait EMAIL_RETRY_DELAY × 16 (16 minutes by default).
        self.assertEqual(tasks.retry([delivery]), [])
        EmailDelivery.objects.update(last_attempt_at=timezone.now() - datetime.timedelta(hours=1))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(tasks.retry([delivery]), [delivery])

    def test_people_outside_moderation_do_not_see_the_emails(self):
        from django.contrib.auth.models import User

        self.client.force_login(User.objects.create_user("clerk", is_staff=True))
        self.assertEqual(self.client.get(DELIVERIES).status_code, 403)


class trickling_smtp_server:
    """An SMTP server that greets one byte at a time, every second: each wait is short, the whole endless."""

    def __enter__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.stop = threading.Event()
        threading.Thread(target=self.serve, daemon=True).start()
        return self.listener.getsockname()[1]

    def serve(self):
        self.listener.settimeout(0.2)
        while not self.stop.is_set():
            try:
                client, _ = self.listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self.trickle, args=(client,), daemon=True).start()

    def trickle(self, client):
        with client:
            for byte in b"220 slow.example ESMTP ready, eventually\r\n" * 100:
                if self.stop.wait(1):
                    return
                try:
                    client.sendall(bytes([byte]))
                except OSError:
                    return

    def __exit__(self, *exc):
        self.stop.set()
        self.listener.close()
