"""The public contribution form, shared by "new exchange" and "suggest a change".

It is a ModelForm of Submission, whose exchange fields come from
exchanges.models.ExchangeRecord, and Submission.clean() applies the record's
own rules plus the contribution rules; so the form, the admin and the approval
step agree. Unknown is an answer: Government?, type, level and Continuing may
be left as "Not recorded".
"""

import re
import unicodedata
import uuid
from email.utils import parseaddr

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from exchanges.forms import ExchangeRecordForm, ParticipantNumberMixin, plain_data
from exchanges.models import FORM_FIELDS, RECORD_FIELDS

from .diff import contributed
from .models import NO_SOURCE, Submission, exchange_snapshot, record_from_snapshot, source_line

# The boxes of names, one a line. Cells copied from a spreadsheet's row arrive separated by tabs:
# each is a name of its own, as a line is (the tab was kept inside one name, linked and published).
NAME_BOXES = ("partners", "sponsors", "participants")
CELL_SEPARATORS = re.compile(r"[ ]*\t[\t ]*")


# A link's address, as "Copy email address" in some browsers copies it.
MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
# An address quoted in a document ("jane@example.org", “jane@example.org” as a word processor
# writes it) or copied from a mail program's list of recipients ("jane@example.org;").
QUOTED = re.compile(r"^[\"'“‘«„]\s*(?P<address>[^\"'“”‘’«»„]*?)\s*[\"'”’»“]$")
LIST_SEPARATORS = ";,"


class ContributorEmailField(forms.EmailField):
    """An email address as people paste or type it: from a mail program's "From" line ("Jane Doe
    <jane@example.org>"), from a link ("mailto:jane@example.org"), in quotation marks or with the
    semicolon of a list of recipients, or in the full-width letters of a Chinese or Japanese input
    method ("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｏｒｇ"). Each was refused as "Enter a valid email address."
    with the address there to read."""

    def to_python(self, value):
        value = unicodedata.normalize("NFKC", super().to_python(value))
        if MAILTO.match(value) and not MAILTO.sub("", value).strip():
            # Told "This field is required." before, though the box was not empty.
            raise ValidationError(
                _("“mailto:” is only the beginning of a link: give your email address after it, or alone."),
                code="mailto",
            )
        value = MAILTO.sub("", value).rstrip(LIST_SEPARATORS).strip()
        if quoted := QUOTED.match(value):
            value = quoted["address"]
        if value.endswith(">") and value.count("<") == 1:
            value = parseaddr(value)[1]
        return value

    def validate(self, value):
        super().validate(value)
        local, at, _domain = value.rpartition("@")
        if at and not local.isascii():
            # Django's validator refuses it too, with a message the contributor cannot act on: the
            # address is theirs, but neither the site's mail server nor most others can write to it.
            raise ValidationError(
                _(
                    "We cannot send email to an address with letters other than a to z before the @ "
                    "(“%(local)s”). Please give another address of yours."
                ),
                code="invalid",
                params={"local": local},
            )


class ContributionForm(ParticipantNumberMixin, ExchangeRecordForm):
    # A field people never see: a bot that fills in every field fills this one too.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    # Made afresh each time the empty form is shown, and sent back with it: the same form sent
    # twice (a double click) is stored once (contributions/views.py). A page edited by hand that
    # sends something else only loses that.
    form_key = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Submission
        fields = [
            *[
                name
                for name in FORM_FIELDS
                # The Chinese title and summary are entered by editors in the admin for now.
                if not name.startswith("participant_count") and name not in ("date", "title_zh", "summary_zh")
            ],
            "sources",
            "contributor_name",
            "contributor_email",
            "note",
        ]
        labels = {
            "type_as_recorded": _("Type, in your source’s words"),
            "notes": _("Notes on the record"),
            "contributor_name": _("Your name"),
            "contributor_email": _("Your email"),
            "note": _("Note to the moderators"),
        }
        help_texts = {
            "title": _(
                "A short name for the exchange, e.g. “Xi Jinping’s state visit to the United States”."
            ),
            "summary": _(
                "What happened, in a few sentences, e.g. “The two presidents met at the White House "
                "and agreed to cooperate on climate change.”"
            ),
            "outcomes": _(
                "What came of it, if anything is known, e.g. “A joint statement on climate change”."
            ),
            "type": _(
                "The kind of exchange, e.g. “Education” for a university partnership; “Not recorded” "
                "if your source does not say, “Other” if no choice fits."
            ),
            "type_as_recorded": _(
                "When no choice fits: what your source calls it, e.g. “Aviation”. Optional."
            ),
            "levels": _(
                "For an exchange between governments, each level that took part, e.g. “National” for "
                "presidents and ministers, “State / provincial” for governors. Leave all unticked if "
                "your source does not say."
            ),
            "partners": _(
                "Organisations that took part, one per line (or separated by semicolons or slashes), e.g. "
                "“Peking University” and, on the next line, “University of Southern California”."
            ),
            "sponsors": _(
                "Organisations that paid for or hosted it, one per line (or separated by semicolons or "
                "slashes), e.g. “U.S. Department of State”."
            ),
            "sources": _(
                "Where it is documented, one per line: a citation, a web address, or both, e.g. "
                "“Office of the Historian, Rapprochement with China, 1972 "
                "https://history.state.gov/milestones/1969-1976/rapprochement-china”."
            ),
            "notes": _(
                "Optional, and published with the exchange: where your sources disagree (on a date, a "
                "count, a name), which you believe and why, or what is uncertain, e.g. “The White House "
                "gives June 7, Xinhua June 8; the talks ran over both days.”"
            ),
            "contributor_name": _("Optional, e.g. “Jane Doe”. Never shown publicly."),
            "contributor_email": _("Required, so that we can tell you the decision. Never shown publicly."),
            "note": _(
                "Anything the moderators should know, e.g. how you know about this exchange. Not published."
            ),
        }
        field_classes = {"contributor_email": ContributorEmailField}
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            # data-entity-kind: static/js/entity-autocomplete.js suggests known entities for the line
            # being typed; without JavaScript these stay plain text, and a new name is always allowed.
            "partners": forms.Textarea(attrs={"rows": 3, "data-entity-kind": "organisation"}),
            "sponsors": forms.Textarea(attrs={"rows": 2, "data-entity-kind": "organisation"}),
            "participants": forms.Textarea(attrs={"rows": 2, "data-entity-kind": "person"}),
            "location": forms.TextInput(attrs={"data-entity-kind": "place"}),
            "sources": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("form_key", uuid.uuid4())
        self.fields["sources"].error_messages["required"] = NO_SOURCE
        # They may be empty on a record imported from a file, never on a contribution.
        self.fields["date"].required = True
        self.fields["contributor_email"].required = True
        self.fields["sources"].required = True
        self.helper = FormHelper()
        # The template writes the <form> tag and its CSRF token.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        sections = [
            (
                _("The exchange"),
                ["title", "summary", "outcomes", "government", "type", "type_as_recorded", "levels"],
            ),
            (_("Who took part"), ["partners", "sponsors", "participants", "participant_number"]),
            (_("When and where"), ["date", "continuing", "location"]),
            (_("Where it is documented"), ["sources", "notes"]),
            (_("About you"), ["contributor_name", "contributor_email", "note"]),
        ]
        # The summary of mistakes lists them in the order the page shows the fields.
        self.order_fields([name for _legend, names in sections for name in names])
        self.helper.layout = Layout(
            *(Fieldset(legend, *names) for legend, names in sections),
            Div("homepage", css_class="contribution-homepage", aria_hidden="true"),
            "form_key",
        )

    def clean(self):
        # Line breaks and characters that show nothing went before the fields were read
        # (exchanges/forms.py, plain_data): a box that held only those was empty, and said so.
        cleaned = super().clean()
        for name in NAME_BOXES:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = CELL_SEPARATORS.sub("\n", cleaned[name]).strip("\n")
        return cleaned

    def clean_form_key(self):
        try:
            return uuid.UUID(self.cleaned_data["form_key"])
        except ValueError:
            return None

    def _post_clean(self):
        super()._post_clean()
        self.instance.form_key = self.cleaned_data.get("form_key")

    def field_errors(self):
        """(element id, label, message) for each field's error, in the form's order.

        The summary above the form links each message to its field; a group of
        radio buttons is reached through its first button.
        """
        for field in self.visible_fields():
            target = field.id_for_label or f"{field.auto_id}_0"
            for error in field.errors:
                yield target, field.label, error

    def is_bot(self):
        return bool(self.data.get("homepage"))

    def show_as_sent(self, data):
        """Fill this unbound form with what was sent (`data`), to be sent again: shown, never checked."""
        data = plain_data(data)
        self.initial.update(
            (name, field.widget.value_from_datadict(data, {}, self.add_prefix(name)))
            for name, field in self.fields.items()
        )


class SuggestionForm(ContributionForm):
    """The same form, prefilled from a published exchange, for a change to it.

    The page carries, signed, the exchange as it showed it: an edit made to the
    exchange while the contributor was typing is then not taken for theirs.

    With no exchange (it could not be read: the database is away), the form is
    unbound and starts from what was sent, its signed copy included: it shows it,
    to be sent again, and is never checked or saved.
    """

    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *, exchange):
        self.exchange = exchange
        if exchange is None:
            super().__init__(instance=Submission(kind=Submission.Kind.CHANGE))
            self.show_as_sent(data)
        else:
            instance = Submission(
                kind=Submission.Kind.CHANGE,
                exchange=exchange,
                sources="\n".join(source_line(source) for source in exchange.sources.all()),
                **{name: getattr(exchange, name) for name in RECORD_FIELDS},
            )
            shown = signing.dumps(exchange_snapshot(exchange), salt=self.salt(), compress=True)
            super().__init__(data, instance=instance, initial={"shown": shown})
        self.helper.layout.fields.append("shown")

    def salt(self):
        # A page signed for one exchange is no starting point for another.
        return f"contributions.suggestion.{self.exchange.pk}"

    def starting_point(self):
        """The exchange as the page showed it; as it is now if the page's copy cannot be read."""
        try:
            return signing.loads(self.data.get("shown", ""), salt=self.salt())
        except signing.BadSignature:
            return exchange_snapshot(self.exchange)

    def _post_clean(self):
        # The instance holds what was typed only from here on.
        super()._post_clean()
        self.instance.started_from = self.starting_point()
        start = record_from_snapshot(self.instance.started_from)
        if not self.errors and not self.instance.note and not contributed(self.instance, start):
            self.add_error(
                None,
                _(
                    "Nothing differs from the published exchange. Change a field, or tell the "
                    "moderators what you know in the note."
                ),
            )


# Fields of the form that carry nothing the contributor wrote.
NOT_SENT = {"homepage", "form_key", "shown"}


def what_was_sent(submission):
    """The submission as the contribution form took it: (label, text) for each field filled in,
    for the contributor's receipt. Choices read as the form offered them ("Yes", "State")."""
    form = ContributionForm(instance=submission)
    sent = []
    for name, field in form.fields.items():
        value = form[name].value()
        if name in NOT_SENT or value in (None, "", []):
            continue
        if choices := dict(getattr(field, "choices", None) or []):
            values = value if isinstance(value, list) else [value]
            value = ", ".join(str(choices.get(str(each), each)) for each in values)
        sent.append((field.label, str(value)))
    return sent
