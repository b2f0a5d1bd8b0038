"""Background work of the contributions app, run by the worker (`manage.py db_worker`).

Sending email is the only task for now. A request or a moderator's decision
records its emails (queue_received, queue_decision) as EmailDelivery rows
within its own transaction; each is handed to the worker once that commits.
The task renders the email (contributions/emails.py) and sends it. It takes
the id of an EmailDelivery row and is safe to run twice: the row is claimed
under a lock before the mail server is contacted, and an email already sent
(or being sent by another worker) is left alone.

django-tasks-db runs each task once and records the outcome; it has no retries
of its own. A failed email is therefore retried here: the task enqueues itself
again, to run after a delay that doubles each time (EMAIL_RETRY_DELAY seconds,
then twice that, ...), until EMAIL_MAX_ATTEMPTS attempts have failed. Then the
delivery is marked failed, logged as an error, and waits in the admin
("Email deliveries") for staff to retry it.

A hand-off can fail: the database gone the moment after the submission or decision committed.
Its email is then queued with no task to send it. The worker looks for such emails itself
(send_overdue, at its start and every minute: contributions/management/commands/db_worker.py)
and hands them over. django-tasks has no periodic scheduler; the worker is the one process that
is always running beside the site wherever it is installed (make run, docker-compose, systemd),
so the sweep needs no cron job of its own, and it runs when the database is back, which is
when it can do anything. Sweeping on the next successful hand-off instead would leave an email
waiting for the next contribution, days on a quiet site.
"""

import contextlib
import datetime
import logging
import signal
import threading

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, IntegerField, OuterRef, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from . import emails
from .models import EmailDelivery

logger = logging.getLogger(__name__)


def queue_received(submission_id):
    """Within the transaction that stores a submission: its receipt and the moderators' notice."""
    queue(submission_id, EmailDelivery.Kind.RECEIVED, EmailDelivery.Kind.MODERATORS)


def queue_decision(submission_id):
    """Within the transaction that records a decision: the email telling the contributor."""
    queue(submission_id, EmailDelivery.Kind.DECISION)


def queue(submission_id, *kinds):
    """Record the emails to send, in one query; the worker is handed each once this commits."""
    deliveries = EmailDelivery.objects.bulk_create(
        EmailDelivery(submission_id=submission_id, kind=kind) for kind in kinds
    )
    for delivery in deliveries:
        # Robust: the submission or decision has committed by then, and is what the person is told
        # of. A hand-off that fails (the database gone that moment) is logged, and the email waits,
        # queued, for the worker to find it (send_overdue); it gave the person an error page, and
        # the email was never sent nor shown as needing to be.
        # (A lambda, not functools.partial: Django's log of a failed robust callback reads the
        # callback's __qualname__, which a partial has not.)
        transaction.on_commit(lambda pk=delivery.pk: enqueue_delivery(pk), robust=True)
    return deliveries


@task()
def deliver_email(delivery_id):
    """Send one queued email; returns what became of it."""
    delivery = claim(delivery_id)
    if delivery is None:
        return "skipped"
    try:
        message = emails.message_for(delivery)
        if message is not None:
            # EMAIL_TIMEOUT bounds each wait on the mail server; this bounds the
            # whole attempt, so a server that answers a byte at a time cannot
            # hold the worker either.
            with deadline(settings.EMAIL_TIMEOUT):
                message.send()
    except Exception as error:
        return failed(delivery, error)
    if message is None:
        logger.warning("No address to send %s to.", delivery)
    delivery.status = EmailDelivery.Status.SENT
    delivery.sent_at = timezone.now()
    delivery.recipients = ", ".join(message.to) if message else ""
    delivery.last_error = "" if message else "No address to send it to."
    delivery.save(update_fields=["status", "sent_at", "recipients", "last_error"])
    return "sent" if message else "nobody to send to"


def enqueue_delivery(delivery_id, run_after=None):
    """Hand a delivery to the worker (after `run_after`, when the backend can wait)."""
    queued = deliver_email
    if run_after is not None and queued.get_backend().supports_defer:
        queued = queued.using(run_after=run_after)
    return queued.enqueue(delivery_id)


def claim(delivery_id):
    """Mark a queued delivery as being sent, under its row lock; None if it is not queued."""
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update()
            .select_related("submission")
            .filter(pk=delivery_id, status=EmailDelivery.Status.QUEUED)
            .first()
        )
        if delivery is None:
            return None
        delivery.status = EmailDelivery.Status.SENDING
        delivery.attempts += 1
        delivery.last_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "attempts", "last_attempt_at"])
    return delivery


def failed(delivery, error):
    """Queue the delivery again after a growing delay, or give up on it, visibly."""
    delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
    can_wait = deliver_email.get_backend().supports_defer
    if delivery.attempts < settings.EMAIL_MAX_ATTEMPTS and can_wait:
        delay = settings.EMAIL_RETRY_DELAY * 2 ** (delivery.attempts - 1)
        with transaction.atomic():
            delivery.status = EmailDelivery.Status.QUEUED
            delivery.save(update_fields=["status", "last_error"])
            enqueue_delivery(delivery.pk, run_after=timezone.now() + datetime.timedelta(seconds=delay))
        logger.warning(
            "Could not send %s (attempt %d of %d), trying again in %d s: %s",
            delivery,
            delivery.attempts,
            settings.EMAIL_MAX_ATTEMPTS,
            delay,
            delivery.last_error,
        )
        return "retrying"
    delivery.status = EmailDelivery.Status.FAILED
    delivery.save(update_fields=["status", "last_error"])
    logger.error(
        "Gave up sending %s after %d attempt(s); staff can retry it in the admin: %s",
        delivery,
        delivery.attempts,
        delivery.last_error,
    )
    return "failed"


# A queued email that no task has been waiting to send for this long was never handed to the
# worker (or its task was lost). The hand-off follows the commit by milliseconds; a minute
# leaves a wide margin, and is how late such an email goes out once the database answers.
HAND_OFF_GRACE = datetime.timedelta(minutes=1)


def overdue():
    """Queued deliveries that no task is waiting to send, queued or last tried a while ago."""
    since = timezone.now() - HAND_OFF_GRACE
    waiting_task = (
        DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=deliver_email.module_path)
        .annotate(delivery_id=Cast(KT("args_kwargs__args__0"), IntegerField()))
        .filter(delivery_id=OuterRef("pk"))
    )
    return EmailDelivery.objects.filter(
        Q(attempts=0, created__lt=since) | Q(attempts__gt=0, last_attempt_at__lt=since),
        ~Exists(waiting_task),
        status=EmailDelivery.Status.QUEUED,
    )


def send_overdue(limit=500):
    """Hand the worker the queued emails whose hand-off failed; returns how many.

    Run by every worker: the rows are locked (skipping those another worker holds) and their
    tasks written in one transaction, so two workers do not both hand over the same email; were
    they to, the second task would find it claimed and skip it (claim()).
    """
    with transaction.atomic():
        ids = list(overdue().select_for_update(skip_locked=True).values_list("pk", flat=True)[:limit])
        for delivery_id in ids:
            enqueue_delivery(delivery_id)
    if ids:
        logger.warning("Handed %d queued email(s) to the worker that were never handed to it.", len(ids))
    return len(ids)


# A delivery still "sending" this long after its attempt began was abandoned (the
# worker was killed mid-send): staff may queue it again.
STUCK_AFTER = datetime.timedelta(minutes=10)


def retryable():
    """Deliveries staff may queue again: failed ones, ones stuck in sending, and queued ones the
    worker has not taken long after it would have (never handed to it: see queue())."""
    now = timezone.now()
    stuck = Q(status=EmailDelivery.Status.SENDING, last_attempt_at__lt=now - STUCK_AFTER)
    # The longest a queued email waits for its next attempt (failed()), the last being the longest.
    longest_wait = datetime.timedelta(
        seconds=settings.EMAIL_RETRY_DELAY * 2 ** max(settings.EMAIL_MAX_ATTEMPTS - 2, 0)
    )
    waiting = Q(status=EmailDelivery.Status.QUEUED) & (
        Q(attempts=0, created__lt=now - STUCK_AFTER)
        | Q(attempts__gt=0, last_attempt_at__lt=now - STUCK_AFTER - longest_wait)
    )
    return EmailDelivery.objects.filter(Q(status=EmailDelivery.Status.FAILED) | stuck | waiting)


def retry(deliveries):
    """Staff's retry: queue failed (or stuck) deliveries again with a fresh count of attempts."""
    retried = []
    for delivery in deliveries:
        with transaction.atomic():
            updated = (
                retryable().filter(pk=delivery.pk).update(status=EmailDelivery.Status.QUEUED, attempts=0)
            )
            if updated:
                transaction.on_commit(lambda pk=delivery.pk: enqueue_delivery(pk))
                retried.append(delivery)
    return retried


class SendingTimedOut(TimeoutError):
    pass


@contextlib.contextmanager
def deadline(seconds):
    """Raise SendingTimedOut if the block runs longer than `seconds`.

    It uses an interval timer and SIGALRM, so it works in a process's main
    thread (the worker's); elsewhere the block runs with only its socket timeouts.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise SendingTimedOut(f"the mail server did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
