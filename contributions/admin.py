"""Moderation: the submissions queue, and where each decision is taken.

A moderator works from the changelist, which opens on the pending queue, oldest
first. On a submission's page they see its possible duplicates and, for a
suggested change, what it would alter; they may correct its fields, then
approve, reject with a reason, or mark it as a duplicate. The same three
decisions are actions on the changelist for several submissions at once.
Every decision goes through contributions/moderation.py.
"""

import datetime
import time

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.results import RowResult

from entities.templatetags.languages import lang_marked
from exchanges.admin import ExchangeAdmin, record_warnings
from exchanges.admin_inputs import KeyCheckingAutocompleteSelect, UntrustedInputAdminMixin, is_key
from exchanges.forms import ExchangeRecordForm, TypedLengthsMixin
from exchanges.links import names_to_review
from exchanges.models import FORM_FIELDS as EXCHANGE_FIELDS
from exchanges.models import PERIOD_FIELDS, RECORD_FIELDS, Exchange
from exchanges.text import plain_text

from . import moderation, tasks
from .diff import changes, differs, displayed
from .duplicates import hints, score
from .emails import one_line
from .importing import ModeratedExchangeResource
from .models import DismissedHint, EmailDelivery, Submission


class StatusFilter(admin.SimpleListFilter):
    """Status, defaulting to the pending queue; "All" is a choice of its own."""

    title = gettext_lazy("status")
    parameter_name = "status"
    default = Submission.Status.PENDING
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Submission.Status.choices, (self.ALL, gettext_lazy("All"))]

    def value(self):
        return super().value() or self.default

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())

    def choices(self, changelist):
        # No "All" entry that drops the parameter: that would lead back to the default.
        for choice in super().choices(changelist):
            if choice["query_string"] != changelist.get_query_string(remove=[self.parameter_name]):
                yield choice


class DecisionForm(ExchangeRecordForm):
    """The change form; its Reject and Mark-as-duplicate buttons need their detail filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page sends back, beside each field, the value it showed: a correction is what this
        # moderator changed from that, not what differs from the submission as it is when the page
        # is sent, which may hold another moderator's corrections saved meanwhile.
        for field in self.fields.values():
            field.show_hidden_initial = True

    def clean(self):
        cleaned = super().clean()
        # On a submission decided meanwhile these fields are read-only: the decision reports it.
        reason = "rejection_reason" in self.fields and (cleaned.get("rejection_reason") or "").strip()
        repeated = "duplicate_of" in self.fields and cleaned.get("duplicate_of")
        # Asked for only when left empty: one refused (too long, a draft, unknown) says why itself.
        if "_reject" in self.data and "rejection_reason" in self.fields and not reason:
            if "rejection_reason" not in self.errors:
                self.add_error("rejection_reason", _("Give the contributor a reason for the rejection."))
        if "_duplicate" in self.data and "duplicate_of" in self.fields and not repeated:
            if "duplicate_of" not in self.errors:
                self.add_error("duplicate_of", _("Choose the exchange this submission repeats."))
        # A reason or an exchange filled in for another decision than the button pressed says the
        # moderator meant two things: it would be stored with the one taken (approved, yet "duplicate
        # of" an exchange). Nothing is decided; what was typed stays, to be cleared or used.
        for button, field, filled in [
            ("_approve", "rejection_reason", reason),
            ("_duplicate", "rejection_reason", reason),
            ("_approve", "duplicate_of", repeated),
            ("_reject", "duplicate_of", repeated),
        ]:
            if filled and button in self.data:
                self.add_error(field, CONTRADICTIONS[button, field])
        return cleaned


# What a submission's page says when a field filled in for one decision comes with another's button.
CONTRADICTIONS = {
    ("_approve", "rejection_reason"): gettext_lazy(
        "You pressed “Save and approve”, but a reason for rejection is filled in, so nothing was "
        "decided. Empty this box to approve, or press “Save and reject” to reject with this reason."
    ),
    ("_duplicate", "rejection_reason"): gettext_lazy(
        "You pressed “Save and mark as duplicate”, but a reason for rejection is filled in, so nothing "
        "was decided. Empty this box to mark it as a duplicate, or press “Save and reject” to reject "
        "with this reason."
    ),
    ("_approve", "duplicate_of"): gettext_lazy(
        "You pressed “Save and approve”, but an exchange is chosen as the one it repeats, so nothing "
        "was decided. Clear this box to approve, or press “Save and mark as duplicate” to mark it as "
        "a repeat of that exchange."
    ),
    ("_reject", "duplicate_of"): gettext_lazy(
        "You pressed “Save and reject”, but an exchange is chosen as the one it repeats, so nothing "
        "was decided. Clear this box to reject, or press “Save and mark as duplicate” to mark it as "
        "a repeat of that exchange."
    ),
}


class RejectForm(TypedLengthsMixin, forms.Form):
    # As the submission's page takes it: within the field's limit (a text past it comes back whole,
    # a line break counted once), and plain text.
    reason = forms.CharField(
        label=gettext_lazy("Reason for rejection"),
        max_length=Submission._meta.get_field("rejection_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=gettext_lazy("Sent to each contributor, e.g. “We could not find a source for this visit.”"),
    )

    def clean_reason(self):
        reason = plain_text(self.cleaned_data["reason"], lines=True).strip()
        if not reason:  # only characters that show nothing
            raise ValidationError(self.fields["reason"].error_messages["required"], code="required")
        return reason


class PublishedExchangeField(forms.ModelChoiceField):
    """A published exchange, as "Duplicate of" takes it; a draft is refused saying why."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            if is_key(Exchange._meta.pk, value) and Exchange.objects.filter(pk=value).exists():
                raise ValidationError(moderation.not_published_message(), code="invalid_choice") from None
            raise


class DuplicateForm(forms.Form):
    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exchange"] = PublishedExchangeField(
            label=_("Duplicate of"),
            queryset=Exchange.objects.published(),
            widget=KeyCheckingAutocompleteSelect(Submission._meta.get_field("duplicate_of"), admin_site),
            help_text=_("Type words of its title to find the existing exchange."),
        )


@admin.register(Submission)
class SubmissionAdmin(UntrustedInputAdminMixin, admin.ModelAdmin):
    form = DecisionForm
    change_form_template = "admin/contributions/submission/change_form.html"
    list_display = ["reference", "marked_title", "kind", "exchange_date", "received", "status"]
    list_display_links = ["reference", "marked_title"]
    list_filter = [StatusFilter, "kind", "type"]
    search_fields = [
        "reference",
        "title",
        "summary",
        "partners",
        "participants",
        "contributor_name",
        "contributor_email",
    ]
    show_facets = admin.ShowFacets.ALWAYS
    ordering = ["created", "id"]
    autocomplete_fields = ["duplicate_of"]
    actions = ["approve_selected", "reject_selected", "mark_duplicate_selected"]
    # An action decides this many submissions in each transaction, and starts no batch after this many
    # seconds: an approval publishes three to seven a second on PostgreSQL (bench/bulk_approval.py),
    # so a run ends well within the web server's 30 s (GUNICORN_TIMEOUT) even on a busy machine,
    # and each transaction holds its locks for a few seconds at most.
    decision_batch = 10
    decision_seconds = 10
    decision_fields = ["reference", "kind", "exchange_link", "status", "created"]
    record_fields = ["decided_by", "decided_at", "published_link", "rejection_reason", "duplicate_of"]
    contributor_fields = ["contributor_name", "contributor_email", "note", "submitter_ip"]

    class Media:
        css = {"all": ["css/admin-fields.css", "css/admin-contributions.css"]}

    def get_list_display(self, request):
        # Showing one status, the column would say the same thing on every row.
        if request.GET.get(StatusFilter.parameter_name, StatusFilter.default) != StatusFilter.ALL:
            return [name for name in self.list_display if name != "status"]
        return self.list_display

    def has_add_permission(self, request):
        # Submissions come from the public form only.
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "duplicate_of":
            kwargs["form_class"] = PublishedExchangeField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": self.decision_fields}),
            (_("Decision"), {"fields": self.record_fields}),
        ]
        if obj and obj.is_pending:
            fieldsets.append((_("Possible duplicates"), {"fields": ["duplicates"]}))
            fieldsets.append((_("Organisations, people and places"), {"fields": ["names_to_review"]}))
        if obj and obj.kind == Submission.Kind.CHANGE and obj.exchange:
            fieldsets.append((_("What it would change"), {"fields": ["proposed_changes"]}))
        fieldsets += [
            (
                _("The exchange, as submitted (correct it before approving)"),
                {"fields": ["warnings", *self.record_shown(obj)]},
            ),
            (_("Sources"), {"fields": ["sources"]}),
            (_("Contributor (never shown publicly)"), {"fields": self.contributor_fields}),
        ]
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        always = [
            "reference",
            "kind",
            "exchange_link",
            "status",
            "created",
            "submitter_ip",
            "decided_by",
            "decided_at",
            "published_link",
            "duplicates",
            "names_to_review",
            "proposed_changes",
            "warnings",
        ]
        if obj and not obj.is_pending:
            # A decision is final: the record stays as it was decided.
            return [
                *always,
                *self.record_shown(obj),
                "sources",
                "rejection_reason",
                "duplicate_of",
                "contributor_name",
                "contributor_email",
                "note",
            ]
        return always

    def record_shown(self, submission):
        """The exchange's fields; once decided, shown rather than edited, the Chinese ones in their
        own displays, which mark them as Chinese (a read-only field is shown as bare text)."""
        if submission is None or submission.is_pending:
            return EXCHANGE_FIELDS
        chinese = {"title_zh": "title_in_chinese", "summary_zh": "summary_in_chinese"}
        return [chinese.get(name, name) for name in EXCHANGE_FIELDS]

    def warnings(self, submission):
        return record_warnings(submission)

    warnings.short_description = record_warnings.short_description

    @admin.display(description=Submission._meta.get_field("title").verbose_name, ordering="title")
    def marked_title(self, submission):
        # Its Chinese words marked as Chinese, as the public pages mark them.
        return lang_marked(submission.title)

    @admin.display(description=Submission._meta.get_field("title_zh").verbose_name)
    def title_in_chinese(self, submission):
        return render_to_string("admin/_chinese_text.html", {"text": submission.title_zh})

    @admin.display(description=Submission._meta.get_field("summary_zh").verbose_name)
    def summary_in_chinese(self, submission):
        return render_to_string("admin/_chinese_text.html", {"text": submission.summary_zh})

    @admin.display(description=gettext_lazy("received"), ordering="created")
    def received(self, submission):
        # "3 days ago" says how long it has waited; the page itself gives the date.
        return naturaltime(submission.created)

    @admin.display(description=gettext_lazy("exchange date"), ordering="date")
    def exchange_date(self, submission):
        return submission.as_exchange().display_date

    @admin.display(description=gettext_lazy("exchange to change"))
    def exchange_link(self, submission):
        return exchange_links(submission.exchange)

    @admin.display(description=gettext_lazy("published as"))
    def published_link(self, submission):
        return exchange_links(submission.published_exchange)

    @admin.display(description=gettext_lazy("names it gives"))
    def names_to_review(self, submission):
        return render_to_string(
            "admin/contributions/submission/names_to_review.html", {"names": names_to_review(submission)}
        )

    @admin.display(description=gettext_lazy("possible duplicates"))
    def duplicates(self, submission):
        dismissed = {hint.key for hint in submission.dismissed_hints.all()}
        return render_to_string(
            "admin/contributions/possible_duplicates.html",
            {"submission": submission, "hints": hints(submission, dismissed), "dismissed": len(dismissed)},
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/compare/<str:kind>/<int:other>/",
                view(self.compare_view),
                name="contributions_submission_compare",
            ),
            path(
                "<int:pk>/dismiss-hint/",
                view(self.dismiss_hint_view),
                name="contributions_submission_dismiss_hint",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, pk, kind, other):
        """The submission and a record it may repeat, side by side, field by field."""
        submission = get_object_or_404(Submission, pk=pk)
        if not self.has_view_permission(request, submission):
            raise PermissionDenied
        model = Exchange if kind == "exchange" else Submission
        record = get_object_or_404(model, pk=other)
        # Values as the public pages show them ("Not recorded", labels, the date as written), compared
        # as stored: the date counts as one answer however many columns hold it.
        rows = [
            (
                Submission._meta.get_field(name).verbose_name,
                displayed(submission, name),
                displayed(record, name),
                differs(submission, record, name),
            )
            for name in EXCHANGE_FIELDS
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Side by side"),
            "submission": submission,
            "record": record,
            "record_is_submission": model is Submission,
            "evidence": score(submission, record),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/contributions/side_by_side.html", context)

    def dismiss_hint_view(self, request, pk):
        """POST: set a hint aside for good; back to the submission."""
        submission = get_object_or_404(Submission, pk=pk)
        if request.method != "POST" or not self.has_change_permission(request, submission):
            raise PermissionDenied
        if submission.is_pending:
            self.dismiss_hint(request, submission, request.POST.get("hint", ""))
        else:
            # A page opened before another moderator (or another tab) decided it.
            self.message_user(request, decided_before(submission, decision=True), messages.WARNING)
        return HttpResponseRedirect(reverse("admin:contributions_submission_change", args=[submission.pk]))

    def dismiss_hint(self, request, submission, hint):
        """Set aside the hint "exchange:<id>" or "submission:<id>"; anything else is ignored."""
        kind, _sep, other = hint.partition(":")
        field = {"exchange": "exchange", "submission": "other_submission"}.get(kind)
        model = Exchange if kind == "exchange" else Submission
        # Not str.isdigit(), which "²" passes and int() then refuses.
        if field and is_key(model._meta.pk, other):
            record = model.objects.filter(pk=other).first()
            if record is not None:
                # If this hint held it, the queue's actions try it again among the first, not last:
                # a hold whose hint is dismissed no longer counts (Submission.with_hold).
                DismissedHint.objects.get_or_create(
                    submission=submission, **{field: record}, defaults={"by": request.user}
                )
                self.message_user(request, _("The hint “%(title)s” is dismissed.") % {"title": record.title})

    @admin.display(description=gettext_lazy("changes, field by field"))
    def proposed_changes(self, submission):
        start = submission.starting_point()
        rows = changes(submission, start or submission.exchange, submission.exchange)
        return render_to_string(
            "admin/contributions/submission/proposed_changes.html",
            {"rows": rows, "notes": change_notes(start, rows, submission.is_pending)},
        )

    # A submission's page. The copy the form was built from was loaded before
    # any lock: another moderator may have decided the submission since. So
    # nothing is saved from that copy. The fields this moderator changed are
    # handed to moderation, which applies them under the submission's row lock
    # only if it is still pending, together with the decision, if one was asked for.

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data)
        if "date" in changed:
            # The one date input sets all the date's columns (precision, end, circa).
            changed |= set(PERIOD_FIELDS)
        # The form has put every cleaned value on obj (participant number included).
        obj.moderator_edits = {name: getattr(obj, name) for name in changed if name in RECORD_FIELDS}
        obj.moderator_edits.update(
            {name: form.cleaned_data[name] for name in changed if name not in RECORD_FIELDS}
        )

    def response_change(self, request, obj):
        edits = getattr(obj, "moderator_edits", {})
        if "_approve" in request.POST:
            seen = exchange_seen(request.POST.get("_exchange_seen", ""))
            result = moderation.approve(obj.pk, request.user, edits=edits, exchange_seen=seen)
        elif "_reject" in request.POST:
            result = moderation.reject(obj.pk, request.user, edits=edits, reason=obj.rejection_reason)
        elif "_duplicate" in request.POST:
            result = moderation.mark_duplicate(obj.pk, request.user, edits=edits, exchange=obj.duplicate_of)
        elif "_dismiss_hint" in request.POST:
            # The button sends the page's form: the corrections typed are saved, not lost, and the
            # page comes back without the hint.
            result = moderation.save_edits(obj.pk, edits)
            if result.done:
                self.dismiss_hint(request, result.submission, request.POST["_dismiss_hint"])
                return HttpResponseRedirect(request.path)
        else:
            result = moderation.save_edits(obj.pk, edits)
            if result.done:
                return super().response_change(request, obj)
        if result.outcome is moderation.Outcome.ALREADY_DECIDED:
            deciding = any(button in request.POST for button in ("_approve", "_reject", "_duplicate"))
            self.message_user(request, decided_before(result.submission, deciding), messages.WARNING)
            return HttpResponseRedirect(request.path)
        self.report(request, [result])
        if not result.done:
            return HttpResponseRedirect(request.path)
        return HttpResponseRedirect(reverse("admin:contributions_submission_changelist"))

    def report(self, request, results):
        """One message per kind of outcome, naming each submission by reference."""
        done = [result.submission for result in results if result.done]
        already = [
            result.submission for result in results if result.outcome is moderation.Outcome.ALREADY_DECIDED
        ]
        # A change applied to an exchange that is not public publishes nothing: it says so.
        unpublished = [
            s
            for s in done
            if s.published_exchange and s.published_exchange.status != Exchange.Status.PUBLISHED
        ]
        done = [s for s in done if s not in unpublished]
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d submission is now %(status)s: %(references)s.",
                    "%(count)d submissions are now %(status)s: %(references)s.",
                    len(done),
                )
                % {
                    "count": len(done),
                    "status": decided_as(done[0].status, len(done)),
                    "references": references(done),
                },
                messages.SUCCESS,
            )
        if unpublished:
            self.message_user(
                request,
                _(
                    "Approved, but not public: %(references)s changed an exchange that is not published, "
                    "so the change will show only when that exchange is."
                )
                % {"references": ", ".join(s.reference for s in unpublished)},
                messages.WARNING,
            )
        if already:
            self.message_user(
                request,
                _("Already decided, left as they were: %(references)s.")
                % {
                    "references": ", ".join(
                        f"{s.reference} ({s.get_status_display().lower()})" for s in already
                    )
                },
                messages.WARNING,
            )
        invalid = [result for result in results if result.outcome is moderation.Outcome.INVALID]
        for result in invalid[:REFERENCES_NAMED]:
            self.message_user(
                request,
                _("%(reference)s was not decided, and is still pending: %(errors)s")
                % {"reference": result.submission.reference, "errors": " ".join(result.errors)},
                messages.ERROR,
            )
        if more := invalid[REFERENCES_NAMED:]:
            self.message_user(
                request,
                ngettext(
                    "And %(count)d more was not decided, and is still pending, for a reason of the kind "
                    "above: %(references)s. Open it from the queue to see why.",
                    "And %(count)d more were not decided, and are still pending, for reasons of the kinds "
                    "above: %(references)s. Open each from the queue to see why.",
                    len(more),
                )
                % {"count": len(more), "references": references([result.submission for result in more])},
                messages.ERROR,
            )

    def response_action(self, request, queryset):
        # The queue shows the pending submissions; one decided since the page was shown (another
        # moderator, another tab) is no longer among them, and the action would drop it without a
        # word. The submissions ticked are taken whatever their status, so each is decided or
        # reported as already decided. "Select all" still means all that the filters show now.
        if request.POST.get("select_across") not in ("1", "True"):
            queryset = self.get_queryset(request)
        return super().response_action(request, queryset)

    def decide_each(self, request, queryset, decision, **details):
        """The same decision on each selected submission, a batch at a time.

        Each batch is one transaction: a database that goes away midway leaves
        every submission of the batch as it was, not some decided and some not
        behind the 503 page, and the batches before it decided. No batch is
        started once the run has taken `decision_seconds`, so that thousands
        selected across pages ("Select all") are not cut off by the web
        server's timeout half way through: the message says how many are left,
        still pending, for the action to be chosen again.

        Those an earlier run left pending (held: a possible duplicate, a field
        to correct) come last, the one held longest ago first: checked first,
        hundreds of them filled every run, and choosing the action again never
        reached the others. The time of each hold, and the record it was held
        for, are stored on the submission, so that every moderator's runs share
        it; one whose reason has gone since (Submission.with_hold) comes among
        the first again. Within a batch, rows are
        locked in the order of their ids, so that two moderators' selections
        never wait for each other both ways.
        """
        order = [F("hold").asc(nulls_first=True), "pk"]
        rows = list(queryset.with_hold().order_by(*order).values_list("pk", "hold"))
        results, started = [], time.monotonic()
        for start in range(0, len(rows), self.decision_batch):
            if results and time.monotonic() - started >= self.decision_seconds:
                break
            with transaction.atomic():
                batch = sorted(pk for pk, _held in rows[start : start + self.decision_batch])
                decided = [decision(pk, request.user, **details) for pk in batch]
                held = [r for r in decided if r.outcome is moderation.Outcome.INVALID]
                for result in held:
                    result.submission.hold(result.hint)
                if held:
                    Submission.objects.bulk_update([r.submission for r in held], HOLD_FIELDS)
            results += decided
        self.report(request, results)
        if left := len(rows) - len(results):
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected submission was not reached and is still pending: the action "
                    "stops starting new batches after %(seconds)d seconds, so that the page does not "
                    "time out. Select it and choose the action again to go on.",
                    "%(count)d selected submissions were not reached and are still pending: the action "
                    "stops starting new batches after %(seconds)d seconds, so that the page does not "
                    "time out. Select them and choose the action again to go on.",
                    left,
                )
                % {"count": left, "seconds": self.decision_seconds},
                messages.WARNING,
            )
        if held_before := sum(1 for _pk, hold in rows[len(results) :] if hold):
            self.message_user(
                request,
                ngettext(
                    "%(count)d of the submissions not reached was held by an earlier run, for the reason "
                    "it gave (a possible duplicate, a field to correct): the action checks it again only "
                    "after those it has not tried yet. Open it from the queue to decide it on its page.",
                    "%(count)d of the submissions not reached were held by an earlier run, for the reasons "
                    "it gave (a possible duplicate, a field to correct): the action checks them again only "
                    "after those it has not tried yet. Open them from the queue to decide them on their "
                    "pages.",
                    held_before,
                )
                % {"count": held_before},
                messages.WARNING,
            )

    @admin.action(
        description=gettext_lazy("Approve and publish the selected submissions"), permissions=["change"]
    )
    def approve_selected(self, request, queryset):
        # The queue shows no possible duplicates: a submission with one no moderator dismissed waits.
        self.decide_each(request, queryset, moderation.approve, hints_seen=False)

    @admin.action(description=gettext_lazy("Reject the selected submissions…"), permissions=["change"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self.decide_each(request, queryset, moderation.reject, reason=form.cleaned_data["reason"])
            return None
        return self.intermediate(request, queryset, form, "reject_selected", _("Reject submissions"))

    @admin.action(
        description=gettext_lazy("Mark the selected submissions as duplicates…"), permissions=["change"]
    )
    def mark_duplicate_selected(self, request, queryset):
        data = request.POST if "apply" in request.POST else None
        form = DuplicateForm(data, admin_site=self.admin_site)
        if form.is_valid():
            self.decide_each(
                request, queryset, moderation.mark_duplicate, exchange=form.cleaned_data["exchange"]
            )
            return None
        return self.intermediate(request, queryset, form, "mark_duplicate_selected", _("Mark as duplicates"))

    def intermediate(self, request, queryset, form, action, title):
        """A page asking for what an action needs (a reason, an exchange) before it is applied."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "form": form,
            "media": self.media + form.media,
            "submissions": queryset,
            "action": action,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/contributions/submission/action_form.html", context)


# What Submission.hold() sets.
HOLD_FIELDS = ["held_at", "held_for_exchange", "held_for_submission"]

# A message names this many submissions; past it, it says how many more.
REFERENCES_NAMED = 50


def references(submissions):
    """The submissions' references, as a message names them: the first REFERENCES_NAMED, then a count."""
    named = ", ".join(s.reference for s in submissions[:REFERENCES_NAMED])
    if len(submissions) <= REFERENCES_NAMED:
        return named
    more = len(submissions) - REFERENCES_NAMED
    return ngettext("%(named)s, and %(count)d more", "%(named)s, and %(count)d more", more) % {
        "named": named,
        "count": more,
    }


def decided_as(status, count):
    """What the decision made of `count` submissions, to follow "is now" or "are now"."""
    if status == Submission.Status.APPROVED:
        return _("approved and published")
    if status == Submission.Status.DUPLICATE:
        return ngettext("marked as a duplicate", "marked as duplicates", count)
    return Submission.Status(status).label.lower()


def decided_before(submission, decision):
    """What a submission's page says when it was decided before this page's decision (`decision`)
    or corrections could be saved: by whom (perhaps this moderator, in another tab) and when."""
    values = {
        "reference": submission.reference,
        "decided": (
            _("marked as a duplicate")
            if submission.status == Submission.Status.DUPLICATE
            else submission.get_status_display().lower()
        ),
        "moderator": submission.decided_by.get_username() if submission.decided_by else _("a moderator"),
        "when": date_format(timezone.localtime(submission.decided_at), "DATETIME_FORMAT"),
    }
    if decision:
        return (
            _(
                "Already decided: %(reference)s was %(decided)s by %(moderator)s on %(when)s, so "
                "nothing you chose or typed on this page was saved."
            )
            % values
        )
    return (
        _(
            "Already decided: %(reference)s was %(decided)s by %(moderator)s on %(when)s, so the "
            "corrections you typed on this page were not saved."
        )
        % values
    )


def change_notes(start, rows, pending):
    """What a moderator must know before approving a suggested change, as sentences."""
    notes = []
    if start is None:
        notes.append(
            _(
                "This suggestion does not record the exchange as its contributor saw it: the fields "
                "listed are those that differ from the exchange now, edits made to it since included."
            )
        )
    clashing = [str(row.label) for row in rows if row.was is not None]
    if clashing and pending:
        notes.append(
            _(
                "Changed in the exchange since this suggestion was sent: %(fields)s. Approving puts "
                "the suggested value in place of the one published now; to keep both, correct the "
                "submission’s field below first."
            )
            % {"fields": ", ".join(clashing)}
        )
    return notes


def exchange_seen(text):
    """The exchange's last change as the submission's page showed it (ISO 8601); None if unreadable."""
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return None


def exchange_links(exchange):
    if exchange is None:
        return "-"
    return format_html(
        '<a href="{}">{}</a> · <a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse("admin:exchanges_exchange_change", args=[exchange.pk]),
        exchange.title,
        exchange.get_absolute_url(),
        _("public page"),
    )


class SubmissionOriginInline(admin.TabularInline):
    """On an exchange's page: the approved submissions that created or changed it."""

    model = Submission
    fk_name = "published_exchange"
    fields = ["reference", "kind", "contributor_name", "decided_by", "decided_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = gettext_lazy("submission it came from")
    verbose_name_plural = gettext_lazy("submissions it came from")

    def has_add_permission(self, request, obj=None):
        return False


admin.site.unregister(Exchange)


@admin.register(Exchange)
class ExchangeWithOriginAdmin(ExchangeAdmin):
    inlines = [*ExchangeAdmin.inlines, SubmissionOriginInline]
    # Its import holds back a likely repeat of a published exchange for a moderator, as --publish does.
    resource_classes = [ModeratedExchangeResource]

    def add_success_message(self, result, request):
        # The library's message counted a row queued for a moderator among the rows skipped: nothing
        # said it waits in the queue, and the moderator who imported the file did not look there.
        queued = sum(1 for row in result.valid_rows() if getattr(row, "queued", False))
        self.message_user(
            request,
            _(
                "Import finished. Published: %(published)s. Waiting for a moderator, in Contributions › "
                "Submissions: %(queued)s. Skipped (already imported, or not imported for the reason the "
                "preview gave): %(skipped)s."
            )
            % {
                "published": result.totals[RowResult.IMPORT_TYPE_NEW],
                "queued": queued,
                "skipped": result.totals[RowResult.IMPORT_TYPE_SKIP] - queued,
            },
            messages.SUCCESS,
        )


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    """Every email about a submission and how its sending went; a failed one can be sent again.

    The worker retries a failing email by itself (README, "Background worker");
    what is left here as "failed" has run out of attempts. Moderators see this
    list: an email their decision should have sent is part of their work.
    """

    list_display = ["kind", "submission_reference", "status", "attempts", "error"]
    list_filter = ["status", "kind"]
    list_select_related = ["submission"]
    search_fields = ["submission__reference", "recipients"]
    ordering = ["-created", "-id"]
    readonly_fields = [
        "submission",
        "kind",
        "status",
        "attempts",
        "recipients",
        "created",
        "last_attempt_at",
        "sent_at",
        "last_error",
    ]
    actions = ["retry_selected"]

    @admin.display(description=gettext_lazy("submission"), ordering="submission__reference")
    def submission_reference(self, delivery):
        return delivery.submission.reference

    @admin.display(description=gettext_lazy("last error"))
    def error(self, delivery):
        # The whole message is on the email's own page.
        return one_line(delivery.last_error, 90) or "-"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("contributions.change_submission")

    def has_change_permission(self, request, obj=None):
        # Nothing is edited here; the retry action is the only change.
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("contributions.change_submission")

    @admin.action(description=gettext_lazy("Send the selected failed emails again"), permissions=["retry"])
    def retry_selected(self, request, queryset):
        retried = tasks.retry(queryset)
        skipped = queryset.count() - len(retried)
        if retried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email is queued again.", "%(count)d emails are queued again.", len(retried)
                )
                % {"count": len(retried)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email was left as it was: only failed emails (or ones stuck while "
                    "sending or waiting to be sent) are sent again.",
                    "%(count)d emails were left as they were: only failed emails (or ones stuck while "
                    "sending or waiting to be sent) are sent again.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
