from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ENTITY_MODELS
from .names import normalise


class SuggestForm(forms.Form):
    """The suggest endpoint's query: which kind of entity, and what has been typed so far."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[(kind, kind) for kind in ENTITY_MODELS],
        error_messages={"invalid_choice": _("Ask for one of: organisation, person, place.")},
    )
    q = forms.CharField(
        label=_("typed text"),
        max_length=100,
        error_messages={
            "required": _("Type at least one letter or character."),
            "max_length": _("Type at most %(limit_value)d characters."),
        },
    )

    def clean_q(self):
        text = self.cleaned_data["q"]
        if not normalise(text):
            raise forms.ValidationError(_("Type at least one letter or character."))
        return text
