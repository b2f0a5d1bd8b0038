"""The public contribution form, shared by "new exchange" and "suggest a change".

It is a ModelForm of Submission, whose exchange fields are copies of
Exchange's, and Submission.clean() applies Exchange's own rules plus the
contribution rules; so the form, the admin and the approval step agree.
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from exchanges.models import Exchange

from .diff import changes
from .models import EXCHANGE_FIELDS, NO_SOURCE, Submission, source_line

YES_NO = [("True", _("Yes")), ("False", _("No"))]
WHOLE_NUMBER = re.compile(r"[0-9][0-9,]*")


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContributionForm(forms.ModelForm):
    government = forms.TypedChoiceField(
        label=_("Government?"),
        choices=YES_NO,
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        help_text=_(
            "Were governments a party to it? E.g. “Yes” for a presidents’ phone call, "
            "“No” for a university exchange."
        ),
    )
    participant_number = forms.CharField(
        label=_("Number of participants"),
        required=False,
        max_length=300,
        help_text=_(
            "A number, or how your source puts it, e.g. “40” or "
            "“200 Chinese students, 200 students from 50 US colleges”."
        ),
    )
    # A field people never see: a bot that fills in every field fills this one too.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Submission
        fields = [
            *[name for name in EXCHANGE_FIELDS if not name.startswith("participant_count")],
            "sources",
            "contributor_name",
            "contributor_email",
            "note",
        ]
        labels = {
            "date_precision": _("How exact is the date? (day / month / year)"),
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
            "type": _("The kind of exchange, e.g. “Education / science” for a university partnership."),
            "level": _(
                "For government exchanges only, e.g. “National” for presidents and ministers, "
                "“State / provincial” for governors. Leave empty otherwise."
            ),
            "partners": _(
                "Organisations that took part, one per line, e.g. “Peking University” and, on the next "
                "line, “University of Southern California”."
            ),
            "sponsors": _(
                "Organisations that paid for or hosted it, one per line, e.g. “U.S. Department of State”."
            ),
            "date": _(
                "The first day, e.g. September 22, 2015. If you only know the month or the year, give "
                "any day in it and say so below."
            ),
            "date_precision": _("E.g. “Month” if you only know that it happened in September 2015."),
            "end_date": _(
                "For an exchange that lasted several days, e.g. September 25, 2015. Otherwise leave empty."
            ),
            "continuing": _("Tick if it still goes on, e.g. a sister-city tie or an annual dialogue."),
            "sources": _(
                "Where it is documented, one per line: a citation, a web address, or both, e.g. "
                "“White House statement, September 25, 2015 https://obamawhitehouse.archives.gov/…”."
            ),
            "contributor_name": _("Optional, e.g. “Jane Doe”. Never shown publicly."),
            "contributor_email": _("Required, so that we can tell you the decision. Never shown publicly."),
            "note": _(
                "Anything the moderators should know, e.g. how you know about this exchange. Not published."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "outcomes": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "sponsors": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.Textarea(attrs={"rows": 2}),
            "date": date_input(),
            "date_precision": forms.RadioSelect,
            "end_date": date_input(),
            "sources": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sources"].error_messages["required"] = NO_SOURCE
        self.fields["type"].choices = [("", _("Choose one")), *Exchange.Type.choices]
        self.fields["level"].choices = [("", _("None (not a government exchange)")), *Exchange.Level.choices]
        if self.instance.participant_count is not None or self.instance.participant_count_note:
            self.initial.setdefault(
                "participant_number", self.instance.participant_count_note or self.instance.participant_count
            )
        self.helper = FormHelper()
        # The template writes the <form> tag and its CSRF token.
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("The exchange"), "title", "summary", "outcomes", "government", "type", "level"),
            Fieldset(_("Who took part"), "partners", "sponsors", "participants", "participant_number"),
            Fieldset(_("When and where"), "date", "date_precision", "end_date", "continuing", "location"),
            Fieldset(_("Where it is documented"), "sources"),
            Fieldset(_("About you"), "contributor_name", "contributor_email", "note"),
            Div("homepage", css_class="contribution-homepage", aria_hidden="true"),
        )

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

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("participant_number", "")
        self.instance.participant_count = None
        self.instance.participant_count_note = ""
        if WHOLE_NUMBER.fullmatch(number):
            self.instance.participant_count = int(number.replace(",", ""))
        else:
            self.instance.participant_count_note = number
        return cleaned


class SuggestionForm(ContributionForm):
    """The same form, prefilled from a published exchange, for a change to it."""

    def __init__(self, data=None, *, exchange):
        self.exchange = exchange
        instance = Submission(
            kind=Submission.Kind.CHANGE,
            exchange=exchange,
            sources="\n".join(source_line(source) for source in exchange.sources.all()),
            **{name: getattr(exchange, name) for name in EXCHANGE_FIELDS},
        )
        super().__init__(data, instance=instance)

    def _post_clean(self):
        # The instance holds what was typed only from here on.
        super()._post_clean()
        if not self.errors and not self.instance.note and not changes(self.instance, self.exchange):
            self.add_error(
                None,
                _(
                    "Nothing differs from the published exchange. Change a field, or tell the "
                    "moderators what you know in the note."
                ),
            )
