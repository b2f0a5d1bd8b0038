import datetime

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from exchanges.filters import ExchangeFilter

from ..models import Withdrawal


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, turned into UTC: any offset a client sends (+17:49 is valid
    ISO but not a PostgreSQL time zone) reaches the database as a plain UTC time."""

    default_error_messages = {
        "out_of_range": _("Enter a date and time between the years 1 and 9999."),
    }

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class ApiExchangeFilter(ExchangeFilter):
    """The catalogue's filters, and what mirrors need to stay in sync."""

    modified_after = UtcDateTimeFilter(
        field_name="updated",
        lookup_expr="gte",
        label=_("Changed at or after (ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z)"),
    )


class WithdrawalFilter(django_filters.FilterSet):
    withdrawn_after = UtcDateTimeFilter(
        field_name="withdrawn_at",
        lookup_expr="gte",
        label=_("Withdrawn at or after (ISO 8601 date and time)"),
    )

    class Meta:
        model = Withdrawal
        fields = []


# The partial dates (YYYY, YYYY-MM or YYYY-MM-DD) are text to the schema; their filters compute on it.
for _name in ("date_after", "date_before"):
    extend_schema_field({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"})(
        ApiExchangeFilter.base_filters[_name]
    )

# Entities are named by their slugs (repeatable); a year is 1971 or a span 2010-2014.
for _name in ("organisation", "person", "place"):
    extend_schema_field({"type": "string"})(ApiExchangeFilter.base_filters[_name])
YEAR = {"type": "string", "pattern": r"^\d{4}(-\d{4})?$"}
extend_schema_field(YEAR)(ApiExchangeFilter.base_filters["year"])

# yes / no / none ("Not recorded") are words, not booleans: the schema says so, with the words.
for _name in ("government", "continuing"):
    extend_schema_field({"type": "string", "enum": ["yes", "no", "none"]})(
        ApiExchangeFilter.base_filters[_name]
    )
