import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchanges.models import (
    RECORD_FIELDS,
    Exchange,
    ExchangeRecord,
    bounded_text,
    parse_source_line,
    source_line_errors,
    split_lines,
)

SOURCES_MAX_LENGTH = 20_000
NOTE_MAX_LENGTH = 5_000

NO_SOURCE = _("Give at least one source: a citation, a URL, or both.")

# Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference():
    """A short code a contributor can quote, e.g. "K7QM-3XPA"; not guessable, not sequential."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


# How long a contribution sent again unchanged is taken for the first sending (see sent_before).
SENT_AGAIN_WITHIN = datetime.timedelta(days=1)


class SubmissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Submission.Status.PENDING)

    def sent_before(self, submission):
        """The pending submission that `submission` repeats unchanged, sent from the same email
        address within SENT_AGAIN_WITHIN; None otherwise.

        Back from the thank-you page, the browser shows the form made afresh, with a new form key,
        but holding what was typed: sent again, the key cannot tell it from a new contribution.
        """
        candidates = self.pending().filter(
            contributor_email__iexact=submission.contributor_email,
            title=submission.title,
            created__gte=timezone.now() - SENT_AGAIN_WITHIN,
        )
        return next((earlier for earlier in candidates if earlier.same_as(submission)), None)

    def with_hold(self):
        """Each submission with `hold`: when an action on the queue left it pending (held_at), while
        the reason stands; None once it has gone, or if it was never held.

        A hold for a possible duplicate stands while the record it may repeat is as it was: the
        exchange published and unchanged since, the other submission pending and uncorrected since,
        the hint not dismissed. Read here rather than cleared where the record changes, since an exchange is
        withdrawn, edited or deleted on pages and by code that know nothing of submissions. A hold
        for a field to correct stands until the submission is corrected (moderation.apply_edits)."""
        dismissed = DismissedHint.objects.filter(submission=OuterRef("pk")).filter(
            Q(exchange=OuterRef("held_for_exchange")) | Q(other_submission=OuterRef("held_for_submission"))
        )
        stands = (
            Q(held_for_exchange__isnull=True, held_for_submission__isnull=True)
            | Q(
                held_for_exchange__status=Exchange.Status.PUBLISHED,
                held_for_exchange__updated__lte=F("held_at"),
            )
            | Q(
                held_for_submission__status=Submission.Status.PENDING,
                held_for_submission__updated__lte=F("held_at"),
            )
        ) & ~Exists(dismissed)
        return self.annotate(hold=Case(When(stands, then=F("held_at")), default=None))


def held_for(model, verbose_name):
    """A record a hold was for. Kept when that record is deleted (no constraint, nothing done on
    deletion): a hint to a record that is gone no longer holds (SubmissionQuerySet.with_hold)."""
    return models.ForeignKey(
        model,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=verbose_name,
    )


class Submission(ExchangeRecord):
    """What a member of the public sent: a new exchange, or a change to a published one.

    Nothing here is public. A moderator approves it (which publishes a new
    exchange or applies the change), rejects it with a reason, or marks it as
    a duplicate of an existing exchange; see contributions/moderation.py.
    """

    class Kind(models.TextChoices):
        NEW = "new", _("New exchange")
        CHANGE = "change", _("Suggested change")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")

    reference = models.CharField(
        _("reference"),
        max_length=9,
        unique=True,
        editable=False,
        default=new_reference,
        help_text=_("The code the contributor was given, e.g. “K7QM-3XPA”."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.NEW)
    exchange = models.ForeignKey(
        Exchange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("exchange to change"),
        help_text=_("For a suggested change: the published exchange it is about."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)

    # The exchange's facts come from ExchangeRecord. A submission may lack a date:
    # an imported record without one waits for a moderator to complete it (the
    # contribution form itself asks for one, and an exchange cannot be published without).
    date = models.DateField(
        _("exchange date"),
        null=True,
        blank=True,
        help_text=_("The first day; for a month or a year, any day in it."),
    )
    sources = bounded_text(
        _("sources"),
        SOURCES_MAX_LENGTH,
        # An imported record may name none yet; the contribution form asks for one.
        blank=True,
        help_text=_("One per line: a citation, a URL, or a citation followed by its URL."),
    )

    contributor_name = models.CharField(_("contributor's name"), max_length=200, blank=True)
    contributor_email = models.EmailField(
        _("contributor's email"),
        blank=True,
        help_text=_(
            "Never shown publicly; used to tell them the decision. Empty for an imported record "
            "(the contribution form asks for it)."
        ),
    )
    note = bounded_text(_("note to the moderators"), NOTE_MAX_LENGTH, blank=True)
    import_key = models.CharField(
        _("import key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("For a record that came from a file: what makes a second import of it find it."),
    )
    form_key = models.UUIDField(
        _("form key"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Made afresh for each form shown: the same form sent twice (a double click) is stored once."
        ),
    )
    submitter_ip = models.GenericIPAddressField(
        _("submitter's IP address"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kept only to trace abuse."),
    )
    created = models.DateTimeField(_("received"), auto_now_add=True)
    updated = models.DateTimeField(
        _("last changed"),
        auto_now=True,
        help_text=_(
            "When its fields last changed (sent, corrected by a moderator, decided): a submission "
            "held as a possible repeat of this one is tried again once this one has changed."
        ),
    )

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    rejection_reason = bounded_text(
        _("reason for rejection"),
        NOTE_MAX_LENGTH,
        blank=True,
        help_text=_("Sent to the contributor when you reject the submission."),
    )
    duplicate_of = models.ForeignKey(
        Exchange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicate_submissions",
        # The contributor is sent its address: a draft has no public page.
        limit_choices_to={"status": Exchange.Status.PUBLISHED},
        verbose_name=_("duplicate of"),
        help_text=_("The published exchange this submission repeats, when you mark it as a duplicate."),
    )
    # What a suggested change is measured against: only the fields that differ from
    # it are applied, so an edit made to the exchange meanwhile is not undone.
    started_from = models.JSONField(
        _("the exchange as the contributor saw it"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("For a suggested change: the exchange's values, sources included, that the form showed."),
    )
    published_exchange = models.ForeignKey(
        Exchange,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="submissions",
        verbose_name=_("published as"),
        help_text=_("The exchange this submission created or changed when it was approved."),
    )

    held_at = models.DateTimeField(
        _("held by an action at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "When an action on the queue last left it pending (a possible duplicate, a field to "
            "correct): the actions try first those they have not held."
        ),
    )

    # What held it: the record its best possible duplicate was, or neither (a field to correct).
    held_for_exchange = held_for(Exchange, _("held for the exchange"))
    held_for_submission = held_for("self", _("held for the submission"))

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["created", "id"]
        indexes = [
            # The moderation queue: one status, oldest first.
            models.Index(fields=["status", "created"], name="submission_status_created"),
            # Tracing abuse: everything sent from one address, newest first.
            models.Index(fields=["submitter_ip", "-created"], name="submission_ip_created"),
            # The import's "already imported?" check.
            models.Index(fields=["import_key"], name="submission_import_key"),
        ]
        constraints = [
            # One submission per form shown, however often it is sent; its index finds the first.
            models.UniqueConstraint(fields=["form_key"], name="submission_form_key"),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors.update(error.message_dict)
        if self.sources and not self.source_lines():
            # Only blank lines; an empty box is the field's own "required" error.
            errors["sources"] = [NO_SOURCE]
        line_errors = [
            message
            for number, line in enumerate(self.source_lines(), 1)
            for message in source_line_errors(number, parse_source_line(line))
        ]
        if line_errors:
            errors.setdefault("sources", []).extend(line_errors)
        if errors:
            raise ValidationError(errors)

    def clean_fields(self, exclude=None):
        # Here rather than in clean(), which a form without the field would fail on: the admin's
        # form has no `exchange`, and a suggestion whose exchange was deleted since must still be
        # rejected there (approving it is refused by moderation.approve, saying why).
        errors = {}
        # What held it is the queue's bookkeeping, no value to validate: the record may be gone.
        exclude = {*(exclude or ()), "held_for_exchange", "held_for_submission"}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors.update(error.message_dict)
        if self.kind == self.Kind.CHANGE and not self.exchange_id and "exchange" not in exclude:
            errors["exchange"] = [_("A suggested change needs the exchange it is about.")]
        if errors:
            raise ValidationError(errors)

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING

    def hold(self, hint=None):
        """Mark it held by an action now, for `hint` (duplicates.Hint) or for a field to correct."""
        self.held_at = timezone.now()
        self.held_for_exchange = hint.other if hint and not hint.is_submission else None
        self.held_for_submission = hint.other if hint and hint.is_submission else None

    def source_lines(self):
        return split_lines(self.sources)

    def parsed_sources(self):
        return [parse_source_line(line) for line in self.source_lines()]

    def same_as(self, other):
        """Whether `other` holds what this submission holds: the same form sent again, unchanged."""
        fields = ["kind", "exchange_id", "sources", "contributor_name", "contributor_email", "note"]
        return self.exchange_values() == other.exchange_values() and all(
            getattr(self, name) == getattr(other, name) for name in fields
        )

    def exchange_values(self):
        return {name: getattr(self, name) for name in RECORD_FIELDS}

    def as_exchange(self):
        """An unsaved Exchange holding this submission's values."""
        return Exchange(**self.exchange_values())

    def starting_point(self):
        """A suggested change's exchange as the contributor saw it, as an unsaved Submission; or None
        when it was not kept (a suggestion stored by the code before it kept one)."""
        if self.started_from is None:
            return None
        return record_from_snapshot(self.started_from)


def exchange_snapshot(exchange):
    """An exchange's values and source lines, as JSON can hold them: what a suggestion starts from."""
    values = {name: getattr(exchange, name) for name in RECORD_FIELDS}
    values = {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in values.items()
    }
    return {**values, "sources": [source_line(source) for source in exchange.sources.all()]}


def record_from_snapshot(snapshot):
    """exchange_snapshot read back, as an unsaved Submission (which compares like the submission)."""
    values = {
        name: Submission._meta.get_field(name).to_python(snapshot[name])
        for name in RECORD_FIELDS
        if name in snapshot
    }
    return Submission(**values, sources="\n".join(snapshot.get("sources", [])))


def source_line(source):
    """One source as a line of the sources box; parse_source_line reads it back."""
    return " ".join(part for part in (source.citation, source.url) if part)


class EmailDelivery(models.Model):
    """One email about a submission, and how its sending went.

    A row is written in the same transaction as the submission or decision it
    tells of; the worker sends it (contributions/tasks.py). The row is what
    makes sending safe to run twice, and what keeps an email that the mail
    server refuses visible to staff, to be retried from the admin.
    """

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Receipt to the contributor")
        MODERATORS = "moderators", _("Notice to the moderators")
        DECISION = "decision", _("Decision to the contributor")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="emails", verbose_name=_("submission")
    )
    kind = models.CharField(_("email"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    recipients = models.TextField(_("sent to"), blank=True)
    created = models.DateTimeField(_("queued at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        ordering = ["-created", "-id"]
        indexes = [
            # The admin's list of emails by status (failed ones first to look at), newest first.
            models.Index(fields=["status", "-created"], name="emaildelivery_status_created"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.submission.reference}"


class DismissedHint(models.Model):
    """A possible duplicate a moderator set aside: it is not hinted again for this submission."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="dismissed_hints", verbose_name=_("submission")
    )
    exchange = models.ForeignKey(
        Exchange,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("exchange"),
    )
    other_submission = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("other submission"),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed duplicate hint")
        constraints = [
            # One dismissal per pair; exactly one of the two records hinted.
            models.UniqueConstraint(
                fields=["submission", "exchange"], name="dismissed_hint_once_per_exchange"
            ),
            models.UniqueConstraint(
                fields=["submission", "other_submission"], name="dismissed_hint_once_per_submission"
            ),
            models.CheckConstraint(
                condition=Q(exchange__isnull=False, other_submission__isnull=True)
                | Q(exchange__isnull=True, other_submission__isnull=False),
                name="dismissed_hint_names_one_record",
            ),
        ]

    def __str__(self):
        return f"{self.submission} · {self.exchange or self.other_submission}"

    @property
    def key(self):
        return (
            ("exchange", self.exchange_id) if self.exchange_id else ("submission", self.other_submission_id)
        )
