import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from exchanges.filters import ExchangeFilter

from ..models import Withdrawal


class ApiExchangeFilter(ExchangeFilter):
    """The catalogue's filters, and what mirrors need to stay in sync."""

    modified_after = django_filters.IsoDateTimeFilter(
        field_name="updated",
        lookup_expr="gte",
        label=_("Changed at or after (ISO 8601 date and time, e.g. 2026-12-01T00:00:00Z)"),
    )


class WithdrawalFilter(django_filters.FilterSet):
    withdrawn_after = django_filters.IsoDateTimeFilter(
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
