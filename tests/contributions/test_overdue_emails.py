"""Emails whose hand-off to the worker failed (the database gone the moment after the contribution
or decision committed) are handed over by the worker itself: they stayed queued until staff sent
them again. The worker here is `manage.py db_worker --batch` on this test's database;
tests/production/test_hand_off_lost.py cuts a real site's database and runs a real worker."""

import datetime
import io
from unittest import mock

from django.core import mail
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.test import TestCase, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contributions import moderation, tasks
from contributions.models import EmailDelivery
from tests.factories import form_data, make_moderator, make_submission

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker():
    # The worker drops a connection that is not in autocommit between tasks, as this test's
    # transaction keeps it; a real worker has a connection of its own.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO())


def age(deliveries, **delta):
    deliveries.update(created=timezone.now() - datetime.timedelta(**delta))


def statuses():
    return sorted(EmailDelivery.objects.values_list("kind", "status"))


@override_settings(TASKS=DATABASE_QUEUE)
class OverdueEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_moderator("ana", "ana@example.org")

    def contribute_while_the_hand_off_fails(self):
        with (
            mock.patch.object(tasks, "enqueue_delivery", side_effect=OperationalError("gone")),
            self.assertLogs(level="ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post("/contribute/", form_data(title="Forum in Xiamen"))
        self.assertRedirects(response, "/contribute/thanks/")
        self.assertFalse(DBTaskResult.objects.exists())

    def test_the_worker_sends_an_email_never_handed_to_it(self):
        self.contribute_while_the_hand_off_fails()
        age(EmailDelivery.objects.all(), minutes=2)
        with self.assertLogs("contributions.tasks", "WARNING") as logs:
            run_worker()
        self.assertIn("Handed 2 queued email(s)", logs.output[0])
        self.assertEqual(statuses(), [("moderators", "sent"), ("received", "sent")])
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox), ["ana@example.org", "jane@example.org"]
        )
        # Handed over once: the next worker finds nothing to hand over, and sends nothing again.
        run_worker()
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(DBTaskResult.objects.count(), 2)

    def test_a_decision_never_handed_over_is_sent_too(self):
        submission = make_submission()
        with (
            mock.patch.object(tasks, "enqueue_delivery", side_effect=OperationalError("gone")),
            self.assertLogs(level="ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            moderation.reject(submission.pk, make_moderator("ben", "ben@example.org"), reason="No source.")
        age(EmailDelivery.objects.all(), minutes=2)
        with self.assertLogs("contributions.tasks", "WARNING"):
            run_worker()
        self.assertEqual(statuses(), [("decision", "sent")])
        self.assertIn("rejected", mail.outbox[0].subject)

    def test_an_email_just_queued_is_left_to_its_own_hand_off(self):
        # Between the commit and its hand-off (milliseconds): the request hands it over itself.
        self.contribute_while_the_hand_off_fails()
        age(EmailDelivery.objects.all(), seconds=10)
        self.assertEqual(tasks.send_overdue(), 0)
        self.assertFalse(DBTaskResult.objects.exists())

    def test_an_email_whose_task_waits_is_not_handed_over_again(self):
        # The worker was down (or busy) for a while: its task is in the queue, for it to take.
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/contribute/", form_data())
        age(EmailDelivery.objects.all(), hours=1)
        self.assertEqual(DBTaskResult.objects.count(), 2)
        self.assertEqual(tasks.send_overdue(), 0)
        # Nor one waiting for its next attempt after a failure (its task runs later).
        delivery = EmailDelivery.objects.first()
        EmailDelivery.objects.filter(pk=delivery.pk).update(
            attempts=2, last_attempt_at=timezone.now() - datetime.timedelta(hours=1)
        )
        DBTaskResult.objects.update(run_after=timezone.now() + datetime.timedelta(minutes=5))
        self.assertEqual(tasks.send_overdue(), 0)
        # Its task lost (deleted from the queue): handed over again.
        DBTaskResult.objects.filter(args_kwargs__args=[delivery.pk]).delete()
        with self.assertLogs("contributions.tasks", "WARNING"):
            self.assertEqual(tasks.send_overdue(), 1)
        self.assertEqual(
            DBTaskResult.objects.filter(args_kwargs__args=[delivery.pk], status="READY").count(), 1
        )

    def test_sent_failed_and_sending_emails_are_left_alone(self):
        submission = make_submission()
        long_ago = timezone.now() - datetime.timedelta(hours=1)
        for status in ["sent", "failed", "sending"]:
            EmailDelivery.objects.create(
                submission=submission, kind="received", status=status, attempts=1, last_attempt_at=long_ago
            )
        age(EmailDelivery.objects.all(), hours=1)
        self.assertEqual(tasks.send_overdue(), 0)
        self.assertFalse(DBTaskResult.objects.exists())


@override_settings(TASKS=DATABASE_QUEUE)
class SweepIntervalTests(TestCase):
    """--sweep-interval takes a number of seconds above zero: anything else is refused as the
    command starts, in words, before a worker runs (a negative one killed the sweeping thread with a
    traceback, zero looked without a pause)."""

    def test_garbage_is_refused_with_a_message_and_no_worker_starts(self):
        for value, message in [
            ("-1", "must be greater than zero"),
            ("0", "must be greater than zero"),
            ("nan", "must be a finite number of seconds"),
            ("soon", "invalid sweep_interval value"),
        ]:
            with self.subTest(value=value), mock.patch("contributions.tasks.send_overdue") as sweep:
                with self.assertRaisesMessage(CommandError, message):
                    call_command("db_worker", "--batch", "--sweep-interval", value)
                sweep.assert_not_called()
