"""The admin reads what a browser posts as untrusted, like every other page.

Django's admin hands two posted values to the database as they are: the ids
ticked on a changelist (``_selected_action``) and the value of an autocomplete
box when its form is shown again. Anything that is not an id there ("abc", "",
"1.5", or a number past a 64-bit integer, which SQLite cannot even bind) failed
in the database with a 500. Here such values select nothing, as an id of a
deleted row would.
"""

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.db import connection


def is_key(field, value):
    """Whether `value` can be a value of the model field `field` (a primary key) in the database."""
    try:
        value = field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    if isinstance(value, int):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or value >= low) and (high is None or value <= high)
    return value is not None


class KeyCheckingAutocompleteSelect(AutocompleteSelect):
    """An autocomplete box that shows a posted value only if it can name a row, named by its label."""

    @property
    def media(self):
        # After the admin's scripts that draw the box, which it names on their jQuery's "ready".
        after = ["admin/js/jquery.init.js", "admin/js/autocomplete.js"]
        return super().media + forms.Media(js=[*after, "js/admin-autocomplete-label.js"])

    def optgroups(self, name, value, attr=None):
        target = self.field.remote_field.model._meta.get_field(self.field.remote_field.field_name)
        value = [item for item in value if item in ("", None) or is_key(target, item)]
        return super().optgroups(name, value, attr)


class UntrustedInputAdminMixin:
    """For a ModelAdmin: changelist actions and autocomplete boxes that ignore what is not an id."""

    def response_action(self, request, queryset):
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        keys = [value for value in selected if is_key(self.model._meta.pk, value)]
        if keys != selected:
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, keys)
        return super().response_action(request, queryset)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request) and "widget" not in kwargs:
            kwargs["widget"] = KeyCheckingAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
