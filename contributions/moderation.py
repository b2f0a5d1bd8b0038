"""What a moderator's decision does to a submission and to the catalogue.

Every decision locks the submission's row (select_for_update) inside one
transaction and acts only if it is still pending. Two moderators approving the
same submission at the same moment therefore wait for each other: the first
publishes, the second finds it decided and changes nothing. A decision that is
repeated (a double click, a resent form) is reported, never applied twice.

The contributor is emailed once the decision is committed (see emails.py).
"""

import enum
import functools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.models import Exchange
from exchanges.publishing import publish

from . import emails
from .models import Submission


class Outcome(enum.Enum):
    DONE = "done"
    ALREADY_DECIDED = "already decided"
    INVALID = "invalid"


class Result:
    def __init__(self, outcome, submission, errors=None):
        self.outcome = outcome
        self.submission = submission
        self.errors = errors or []

    @property
    def done(self):
        return self.outcome is Outcome.DONE


def decide(action):
    """Run `action(submission, moderator, ...)` on the locked submission, if it is still pending."""

    @functools.wraps(action)
    def locked(submission_id, moderator, **details):
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission_id)
            if not submission.is_pending:
                return Result(Outcome.ALREADY_DECIDED, submission)
            try:
                action(submission, **details)
            except ValidationError as error:
                transaction.set_rollback(True)
                return Result(Outcome.INVALID, submission, readable_messages(error))
            submission.decided_by = moderator
            submission.decided_at = timezone.now()
            submission.save()
            transaction.on_commit(functools.partial(emails.send_decision, submission.pk))
        return Result(Outcome.DONE, submission)

    return locked


@decide
def approve(submission):
    """Publish a new exchange, or apply a suggested change to its exchange."""
    submission.full_clean()
    exchange = None
    if submission.kind == Submission.Kind.CHANGE:
        exchange = Exchange.objects.select_for_update().get(pk=submission.exchange_id)
    exchange = publish(submission.exchange_values(), submission.parsed_sources(), exchange=exchange)
    submission.status = Submission.Status.APPROVED
    submission.published_exchange = exchange


@decide
def reject(submission, reason):
    if not reason.strip():
        raise ValidationError(_("Give the contributor a reason for the rejection."))
    submission.status = Submission.Status.REJECTED
    submission.rejection_reason = reason.strip()


@decide
def mark_duplicate(submission, exchange):
    if exchange is None:
        raise ValidationError(_("Choose the exchange this submission repeats."))
    submission.status = Submission.Status.DUPLICATE
    submission.duplicate_of = exchange


def readable_messages(error):
    """A ValidationError as sentences, each field's messages led by the field's name."""
    if not hasattr(error, "error_dict"):
        return error.messages
    messages = []
    for name, field_messages in error.message_dict.items():
        label = Submission._meta.get_field(name).verbose_name if name != "__all__" else ""
        messages += [f"{label.capitalize()}: {message}" if label else message for message in field_messages]
    return messages
