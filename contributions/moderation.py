"""What a moderator's decision does to a submission and to the catalogue.

Every decision locks the submission's row (select_for_update) inside one
transaction and acts only if it is still pending. Two moderators approving the
same submission at the same moment therefore wait for each other: the first
publishes, the second finds it decided and changes nothing. A decision that is
repeated (a double click, a resent form) is reported, never applied twice.

The contributor's email is queued once the decision is committed (see tasks.py).
"""

import enum
import functools
import logging

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext as _

from exchanges.models import Exchange
from exchanges.publishing import publish

from . import tasks
from .diff import columns, conflicts, contributed, label
from .duplicates import hints
from .models import Submission

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    DONE = "done"
    ALREADY_DECIDED = "already decided"
    INVALID = "invalid"


class Result:
    def __init__(self, outcome, submission, errors=None, hint=None):
        self.outcome = outcome
        self.submission = submission
        self.errors = errors or []
        # For a bulk approval refused for a possible duplicate: that hint (duplicates.Hint).
        self.hint = hint

    @property
    def done(self):
        return self.outcome is Outcome.DONE


def decide(action):
    """Run `action(submission, moderator, ...)` on the locked submission, if it is still pending.

    `edits` are a moderator's corrections from the submission's page (field
    name to value). They are applied under the same lock, only while the
    submission is pending, so a copy loaded before another moderator decided
    can never overwrite that decision. They are kept even when the decision
    itself is refused as invalid: the moderator corrects further and tries again.
    """

    @functools.wraps(action)
    def locked(submission_id, moderator, edits=None, **details):
        # No savepoint of its own: in a queue's batch (SubmissionAdmin.decide_each) an error that
        # gets out undoes the whole batch anyway. A decision refused is undone alone, below.
        with transaction.atomic(savepoint=False):
            submission = Submission.objects.select_for_update().get(pk=submission_id)
            if not submission.is_pending:
                return Result(Outcome.ALREADY_DECIDED, submission)
            apply_edits(submission, edits)
            try:
                with transaction.atomic():
                    action(submission, **details)
                    submission.decided_by = moderator
                    submission.decided_at = timezone.now()
                    submission.save()
                    # Written with the decision; the worker sends it once this commits.
                    tasks.queue_decision(submission.pk)
            except ValidationError as error:
                submission.refresh_from_db()
                hint = error.hint if isinstance(error, PossibleDuplicate) else None
                return Result(Outcome.INVALID, submission, readable_messages(error), hint)
            except (DataError, IntegrityError):
                # A value the checks above let through and the database refuses: the
                # decision is undone, the submission stays pending, and it is logged.
                logger.exception("The database refused the decision on %s.", submission.reference)
                submission.refresh_from_db()
                message = _(
                    "The database refused it; the error is in the log. Correct the submission and try again."
                )
                return Result(Outcome.INVALID, submission, [message])
        return Result(Outcome.DONE, submission)

    return locked


# Fields no moderator's page ever writes: they belong to the contributor's sending
# or to the decision, which only decide() records.
DECISION_FIELDS = {
    "status",
    "decided_by",
    "decided_at",
    "published_exchange",
    "reference",
    "kind",
    "created",
    "submitter_ip",
}


def apply_edits(submission, edits):
    """Save a moderator's corrections to a locked, pending submission."""
    edits = {name: value for name, value in (edits or {}).items() if name not in DECISION_FIELDS}
    if not edits:
        return
    for name, value in edits.items():
        setattr(submission, name, value)
    # Corrected, it may no longer be held for what held it: the queue's actions try it again among
    # those not yet tried (SubmissionAdmin.decide_each), not last; so may those held as its possible
    # repeats (Submission.with_hold reads `updated`). In the same UPDATE.
    submission.held_at = None
    submission.save(update_fields=[*edits, "held_at", "updated"])


def save_edits(submission_id, edits):
    """Corrections without a decision ("Save"): applied only while the submission is pending."""
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission_id)
        if not submission.is_pending:
            return Result(Outcome.ALREADY_DECIDED, submission)
        apply_edits(submission, edits)
    return Result(Outcome.DONE, submission)


@decide
def approve(submission, exchange_seen=None, hints_seen=True):
    """Publish a new exchange, or apply a suggested change to its exchange.

    `exchange_seen`: when the moderator's page was made, the changed
    exchange's `updated` time; see apply_change. `hints_seen`: False for the
    queue's bulk approval, which shows no possible duplicates: a new exchange
    with a possible duplicate no moderator dismissed is then left pending (unseen_hint).
    """
    if submission.kind == Submission.Kind.CHANGE and submission.exchange_id is None:
        raise ValidationError(
            _(
                "The exchange this suggestion is about was deleted: there is nothing to apply it to. "
                "Reject it, or mark it as a duplicate of another exchange."
            )
        )
    # Its reference and form key were unique when it was stored and no page changes them: no query
    # checks them again (validate_unique, validate_constraints); the table's constraints hold them.
    submission.full_clean(validate_unique=False, validate_constraints=False)
    if submission.date is None:
        # A record imported without one; the exchange's own rule would only say "cannot be null".
        raise ValidationError(
            {"date": _("Enter the date first: an exchange cannot be published without one.")}
        )
    if submission.kind == Submission.Kind.CHANGE:
        exchange = Exchange.objects.select_for_update().get(pk=submission.exchange_id)
        exchange = apply_change(submission, exchange, exchange_seen)
    else:
        if not hints_seen and (hint := unseen_hint(submission)):
            raise PossibleDuplicate(hint)
        exchange = publish(submission.exchange_values(), submission.parsed_sources())
    submission.status = Submission.Status.APPROVED
    submission.published_exchange = exchange
    leave_only_decided(submission)


def unseen_hint(submission):
    """The best possible duplicate of `submission` that no moderator dismissed (duplicates.hints),
    or None.

    Hints show on a submission's page only: the queue's bulk approval published a submission whose
    page hinted at a published exchange or a pending submission (two contributors sending one
    exchange, both approved in one go) unseen. As the page, one query for the hints dismissed and
    those of duplicates.hints()."""
    dismissed = {hint.key for hint in submission.dismissed_hints.all()}
    found = hints(submission, dismissed)
    return found[0] if found else None


class PossibleDuplicate(ValidationError):
    """A bulk approval refused for `hint`, a possible duplicate no moderator dismissed."""

    def __init__(self, hint):
        super().__init__(held_for_hint(hint))
        self.hint = hint


def held_for_hint(hint):
    """Why a bulk approval left a submission pending: the record it may repeat, and the evidence."""
    values = {"title": hint.other.title, "why": hint.why or _("similar record")}
    if hint.is_submission:
        values["reference"] = hint.other.reference
        return (
            _(
                "It may repeat the pending submission %(reference)s, “%(title)s” (%(why)s): open it to "
                "see its possible duplicates, and approve it from its page, or dismiss the hint there "
                "if it is another exchange."
            )
            % values
        )
    values["address"] = uri_to_iri(hint.other.get_absolute_url())
    return (
        _(
            "It may repeat “%(title)s” (%(address)s), published already (%(why)s): open it to see its "
            "possible duplicates, and approve it from its page, or dismiss the hint there if it is "
            "another exchange."
        )
        % values
    )


def apply_change(submission, exchange, exchange_seen):
    """Publish only the fields the contributor changed, so that an edit made since stays.

    Where the exchange has changed one of them too, the moderator must have
    seen it on the submission's page: the page was made after the exchange's
    last change. Otherwise (a bulk approval, a page opened before that change)
    nothing is applied and they are told where to look.
    """
    start = submission.starting_point() or exchange
    clashing = conflicts(submission, start, exchange)
    if clashing and exchange_seen is None:
        raise ValidationError(
            _(
                "The exchange’s %(fields)s changed since this suggestion was sent. Its page shows "
                "how; correct the submission there if need be, and approve it again."
            )
            % {"fields": ", ".join(str(label(name)) for name in clashing)}
        )
    if clashing and exchange.updated > exchange_seen:
        # What changed since the page was made is not known here: the page, made again, shows it.
        raise ValidationError(
            _(
                "The exchange was changed after this page was opened. Open the submission again to "
                "see how it stands now, and approve it again."
            )
        )
    fields = contributed(submission, start)
    values = {
        each: getattr(submission, each) for name in fields if name != "sources" for each in columns(name)
    }
    # Sources left as they were stay as they are now.
    sources = submission.parsed_sources() if "sources" in fields else None
    return publish(values, sources, exchange=exchange)


@decide
def reject(submission, reason):
    if not reason.strip():
        raise ValidationError(_("Give the contributor a reason for the rejection."))
    submission.status = Submission.Status.REJECTED
    leave_only_decided(submission)
    submission.rejection_reason = reason.strip()


def not_published_message():
    return _(
        "Choose a published exchange: the contributor is sent its address, and a draft has no public page."
    )


@decide
def mark_duplicate(submission, exchange):
    if exchange is None:
        raise ValidationError(_("Choose the exchange this submission repeats."))
    if exchange.status != Exchange.Status.PUBLISHED:
        raise ValidationError(not_published_message())
    submission.status = Submission.Status.DUPLICATE
    leave_only_decided(submission)
    submission.duplicate_of = exchange


def leave_only_decided(submission):
    """Empty the reason for rejection and the exchange repeated, which the decision taken then sets
    again if they are its own. Either may have been saved on the pending submission (its page's
    "Save") before another decision was taken, in the queue: an approved submission kept a reason for
    rejection, a rejected one an exchange it "duplicates". A submission's page refuses that mix."""
    submission.rejection_reason = ""
    submission.duplicate_of = None


def readable_messages(error):
    """A ValidationError as sentences, each field's messages led by the field's name.

    The errors may come from the submission or from the exchange it would
    become, so a name is looked up on both; one known to neither is shown as is.
    """
    if not hasattr(error, "error_dict"):
        return error.messages
    messages = []
    for name, field_messages in error.message_dict.items():
        label = field_label(name)
        messages += [f"{label}: {message}" if label else message for message in field_messages]
    return messages


def field_label(name):
    if name == NON_FIELD_ERRORS:
        return ""
    for model in (Submission, Exchange):
        try:
            return str(model._meta.get_field(name).verbose_name).capitalize()
        except FieldDoesNotExist:
            continue
    return name
