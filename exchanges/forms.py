"""Form fields for an exchange's facts, shared by the contribution form and the admin, and the
entity indexes' name box.

The date is one text input read by exchanges/dates.py ("June 2023", "July 9–10,
2014", "c. 1985"); Government? and Continuing are Yes, No or Not recorded; the
number of participants is a number or the source's words.
"""

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from entities.models import NAME_MAX_LENGTH

from .dates import DateNotUnderstood, StraySymbols, parse_period, refuse_stray_symbols
from .models import PERIOD_FIELDS, source_url_problem
from .text import plain_text
from .values import key, not_recorded_spellings, read_count, read_participants

YES_NO_UNKNOWN = [("True", _("Yes")), ("False", _("No")), ("", _("Not recorded"))]


class PeriodField(forms.Field):
    """A date as sources give it, cleaned to a dates.Period (or None when empty)."""

    MAX_LENGTH = 100
    widget = forms.TextInput

    def widget_attrs(self, widget):
        # Wide enough for a span of days across two years ("December 30, 2014 – January 2, 2015").
        return {**super().widget_attrs(widget), "maxlength": str(self.MAX_LENGTH), "size": "40"}

    def prepare_value(self, value):
        return str(value) if value and not isinstance(value, str) else value

    def has_changed(self, initial, data):
        # The page shows the date as text ("May 2019") and reads it back as a Period: compared as
        # periods, a date sent back as shown is no change (nor a correction to save over another's).
        try:
            return self.to_python(data) != self.to_python(initial)
        except forms.ValidationError:
            return True

    def to_python(self, value):
        # The parser overlooks stray punctuation; a NUL is never a typing slip.
        validators.ProhibitNullCharactersValidator()(str(value or ""))
        value = " ".join(str(value or "").split())
        if not value:
            return None
        if len(value) > self.MAX_LENGTH:
            raise forms.ValidationError(
                _("Give the date in at most %(limit)s characters.") % {"limit": self.MAX_LENGTH}, code="long"
            )
        if key(value) in not_recorded_spellings():  # "unknown", "n.d.", "不详", as the import reads them
            if not self.required:
                return None
            # The general message ("Enter a day, a month, a year or a span") told someone who knows
            # none of them nothing.
            raise forms.ValidationError(
                _(
                    "Your source gives no date? The catalogue needs one, if only an approximate one: give "
                    "the nearest you can, with “about” (“about 1985”, “1980s”, “about 1980–1985”), and say "
                    "in a note that your source gives none."
                ),
                code="no_date",
            )
        try:
            refuse_stray_symbols(value)
        except StraySymbols as error:
            raise forms.ValidationError(str(error), code="symbols") from None
        try:
            return parse_period(value)
        except DateNotUnderstood as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class YesNoUnknownField(forms.TypedChoiceField):
    def has_changed(self, initial, data):
        # The stored True, False or None against the text sent back: TypedChoiceField would coerce
        # the stored True as if it were text ("True" == True is false) and find every Yes changed.
        try:
            return self.clean(data) != (self.clean(initial) if isinstance(initial, str) else initial)
        except forms.ValidationError:
            return True


def yes_no_unknown(label, help_text):
    return YesNoUnknownField(
        label=label,
        choices=YES_NO_UNKNOWN,
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class ParticipantCountField(forms.IntegerField):
    """A whole number with its thousands grouped as people write them (exchanges/values.py)."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = read_count(value)
            except ValueError as error:
                raise ValidationError(str(error), code="invalid") from None
        return super().to_python(value)


def plain_data(data):
    """The form's data as a record keeps text: each line break a line feed, nothing that shows nothing.

    Browsers send a textarea's line breaks as "\r\n": counted so, a text within the limit as the
    person typed it was refused as longer, by a count nobody could find. A mark nobody sees (a
    byte-order or direction mark before a pasted email address, a soft hyphen inside a year) made a
    box refuse what looked right, as it was read before being left out (exchanges/text.py)."""
    if not hasattr(data, "lists"):
        return {name: plain_value(value) for name, value in data.items()}
    copy = data.copy()
    for name, values in data.lists():
        copy.setlist(name, [plain_value(value) for value in values])
    return copy


def plain_value(value):
    if not isinstance(value, str) or "\x00" in value:
        # A NUL is never a slip of pasting: left for the box to refuse, saying so.
        return value
    return plain_text(value, lines=True)


class TypedLengthsMixin:
    """Text lengths counted as the box shows them, and checked on sending rather than cut by the browser.

    A browser cuts text pasted past a box's maxlength without a word, and the form was sent with the
    end of a pasted summary lost: a text past a limit comes back whole instead, its message saying
    how long it is. The contribution form, the moderator's submission page and the exchange's admin
    page (and its sources) all read text so."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = plain_data(self.data)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)


class SourceForm(TypedLengthsMixin, forms.ModelForm):
    """A source of an exchange on its admin page, its citation and address read as its other boxes."""

    def clean_url(self):
        # As the contribution form and the import check it (models.source_line_errors).
        url = self.cleaned_data["url"]
        problem = source_url_problem(url) if url else None
        if problem == "private":
            raise ValidationError(
                _(
                    "It is on the reader's own computer or a private network, which no reader can open: "
                    "give the address where the source is published."
                ),
                code="private",
            )
        if problem == "invalid":
            raise ValidationError(_("The web address is not valid."), code="invalid")
        return url


# The record's fields written in Chinese.
CHINESE_FIELDS = {"title_zh", "summary_zh"}


class ExchangeRecordForm(TypedLengthsMixin, forms.ModelForm):
    """A ModelForm over an ExchangeRecord model (Exchange, Submission); subclasses give Meta.

    `date` stands for the four date columns: what was typed sets them all.
    """

    date = PeriodField(
        label=_("Exchange date"),
        help_text=_(
            "As your source gives it, e.g. a day (“July 14, 2014”), a month (“June 2023”), a year (“1971”) "
            "or a span (“July 9–10, 2014”, “2013–2016”); “about 1985” when it is approximate, “1985 or 1986” "
            "when your source is unsure between two."
        ),
    )
    government = yes_no_unknown(
        _("Government?"),
        _(
            "Were governments a party to it? E.g. “Yes” for a presidents’ phone call, “No” for a "
            "university exchange; “Not recorded” when your source does not say."
        ),
    )
    continuing = yes_no_unknown(
        _("Continuing"),
        _("Does it still go on, e.g. a sister-city tie or an annual dialogue? “Not recorded” if unknown."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "date" in self.fields:
            self.fields["date"].required = not self._meta.model._meta.get_field("date").blank
            if self.instance.date:
                self.initial["date"] = str(self.instance.period)
        if "participant_count" in self.fields:
            # The admin's box for the bare number reads it as the contribution form and the
            # import do: "1,200", "1 200" and "1.200" are all 1200.
            column = self._meta.model._meta.get_field("participant_count")
            self.fields["participant_count"] = column.formfield(form_class=ParticipantCountField)
        if "type" in self.fields:
            self.fields["type"].choices = [("", _("Not recorded")), *self._meta.model.Type.choices]
        # Typed in Chinese: a browser offers a Chinese font and spelling, a screen reader a Chinese voice.
        for name in CHINESE_FIELDS & self.fields.keys():
            self.fields[name].widget.attrs["lang"] = "zh"

    def _update_errors(self, errors):
        # The model names the column a date rule broke (end_date, date_precision);
        # here they are all the one "date" input, where the person can mend them.
        if "date" in self.fields and hasattr(errors, "error_dict"):
            remapped = {}
            for name, messages in errors.error_dict.items():
                remapped.setdefault("date" if name in PERIOD_FIELDS else name, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)

    def clean(self):
        cleaned = super().clean()
        if "date" in cleaned:
            period = cleaned["date"]
            self.instance.set_period(period)
            cleaned["date"] = period.first if period else None
        return cleaned


class ParticipantNumberMixin(forms.Form):
    """One input for the number of participants: "40", or the source's words, "200 Chinese students"."""

    participant_number = forms.CharField(
        label=_("Number of participants"),
        required=False,
        max_length=300,
        help_text=_(
            "A number, or how your source puts it, e.g. “40” or "
            "“200 Chinese students, 200 students from 50 US colleges”."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = self.instance
        if instance.participant_count is not None or instance.participant_count_note:
            self.initial.setdefault(
                "participant_number", instance.participant_count_note or instance.participant_count
            )

    def clean_participant_number(self):
        text = self.cleaned_data.get("participant_number", "")
        try:
            count, note = read_participants(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        self.instance.participant_count, self.instance.participant_count_note = count, note
        return text


class SearchWordsField(forms.CharField):
    """The search words as plain text (exchanges/text.py): without the invisible characters a pasted
    search brings, each run of spaces one space. Words of only spaces, tabs or zero-width spaces
    are no search at all, as an empty `q` is: the list, its downloads, its feed and the API list
    everything rather than search for nothing (which found nothing, headed "matching “ ”"), and so
    do the indexes of organisations, people and places and their lists in the API."""

    def clean(self, value):
        # Made plain once validated: a NUL is still refused and reported, not quietly dropped.
        return plain_text(super().clean(value), lines=False)


class EntityIndexForm(forms.Form):
    """The name an index of organisations, people or places is narrowed to."""

    q = SearchWordsField(
        label=_("Name begins with"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        error_messages={"max_length": _("A name is at most %(limit_value)d characters long.")},
    )
