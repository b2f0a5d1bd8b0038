import datetime
import re

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import OpenApiParameter, extend_schema_field

from entities.models import DeletedEntity, Organisation, Person, Place
from exchanges.filters import MAX_ENTITIES, ExchangeFilter, SearchWordsFilter, SentOnceForm
from exchanges.search import other_spellings

from ..models import Withdrawal

# A time with an offset whose "+" reached us as a space: a query string reads an unescaped "+" as
# one, and `…T11:00:00+08:00` written by a script arrives as "…T11:00:00 08:00", which can only be
# read one way (a "-" offset arrives whole).
OFFSET_SPACED = re.compile(r"^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


# The forms of a time a client keeping in sync sends: a date (midnight UTC), or a date and a time to
# the minute, the second or a fraction of it (to the nanosecond, as Go writes it), in UTC ("Z", or
# nothing) or with its offset (+08:00, or +0800 and +08 as strftime and others write it). RFC 3339,
# Python's isoformat() and JavaScript's toISOString() write these; "t" and "z" may be small (RFC 3339,
# 5.6), and are read in capitals. Python's own reading takes much more, none of which a client
# means: "11111111" and a run of thirty 1s as 1111-11-11, "2024-W01" (a week), "2024-01-01T10".
SYNC_TIME = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?"
)


class UtcDateTimeField(IsoDateTimeField):
    """A date, or a date and time (SYNC_TIME), turned into UTC: any offset a client sends (+17:49 is
    valid ISO but not a PostgreSQL time zone) reaches the database as a plain UTC time."""

    default_error_messages = {
        "invalid": _(
            "Enter a date (2026-12-01, midnight UTC) or a date and time, in UTC (2026-12-01T00:00:00Z) "
            "or with its offset (2026-12-01T08:00:00+08:00)."
        ),
        "out_of_range": _("Enter a date and time between the years 1 and 9999."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            # Python reads a "T" and a "Z" in capitals only.
            value = OFFSET_SPACED.sub(r"\1+\2", value.strip().upper())
            if value and not SYNC_TIME.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except (OverflowError, ValueError):
            raise forms.ValidationError(self.error_messages["out_of_range"], code="out_of_range") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


CHANGED_AFTER = _(
    "Changed at or after: a date (2026-12-01, midnight UTC) or a date and time, in UTC "
    "(2026-12-01T00:00:00Z) or with its offset (2026-12-01T08:00:00+08:00)"
)


class ApiExchangeFilter(ExchangeFilter):
    """The catalogue's filters, and what mirrors need to stay in sync."""

    # `updated` moves too when an entity the record lists is renamed, merged or deleted
    # (exchanges/entity_changes.py): what changed is every record a mirror must read again.
    modified_after = UtcDateTimeFilter(
        field_name="updated",
        lookup_expr="gte",
        label=_(
            "Changed at or after, its record edited or an organisation, person or place it lists renamed, "
            "merged or deleted: a date (2026-12-01, midnight UTC) or a date and time, in UTC "
            "(2026-12-01T00:00:00Z) or with its offset (2026-12-01T08:00:00+08:00)"
        ),
    )
    # What is new since a time, not what changed: read from the index on (status, -published, -id).
    published_after = UtcDateTimeFilter(
        field_name="published",
        lookup_expr="gte",
        label=_(
            "First published at or after: a date (2026-12-01, midnight UTC) or a date and time, in UTC "
            "(2026-12-01T00:00:00Z) or with its offset (2026-12-01T08:00:00+08:00)"
        ),
    )


class EntityFilter(django_filters.FilterSet):
    """Entities by the beginning of a name or alias, and what changed since a time (for mirrors)."""

    q = SearchWordsFilter(
        method="filter_q",
        max_length=200,
        label=_(
            "Name, Chinese name, a word of the name or an alias beginning with this text, or a name "
            "beginning with another spelling of it that the search knows, such as Wade-Giles "
            "(Chou En-lai: Zhou Enlai); case, accents and punctuation are ignored"
        ),
    )
    modified_after = UtcDateTimeFilter(
        field_name="updated",
        lookup_expr="gte",
        label=CHANGED_AFTER,
    )

    class Meta:
        fields = []
        form = SentOnceForm

    def filter_q(self, queryset, name, value):
        # The entities' own prefix match (entities/models.py) with the other spellings the search
        # knows, as the site's index reads it; the pagination orders the page by name.
        return queryset.starting_with(value, other_spellings(value))


class OrganisationFilter(EntityFilter):
    class Meta(EntityFilter.Meta):
        model = Organisation


class PersonFilter(EntityFilter):
    class Meta(EntityFilter.Meta):
        model = Person


class CountryField(forms.ChoiceField):
    """A place's country in any case: its records write "US" and "CN", the exchanges' filter
    (?country=us) lower case, and a client passing one to the other is not refused."""

    def to_python(self, value):
        value = super().to_python(value)
        return {code.lower(): code for code, _label in self.choices}.get(value.lower(), value)


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryField


class PlaceFilter(EntityFilter):
    kind = django_filters.ChoiceFilter(choices=Place.Kind.choices, label=_("Kind of place"))
    country = CountryFilter(
        choices=[choice for choice in Place.Country.choices if choice[0]], label=_("Country")
    )

    class Meta(EntityFilter.Meta):
        model = Place


WITHDRAWN_AFTER = _(
    "Withdrawn at or after: a date (2026-12-01, midnight UTC) or a date and time, in UTC "
    "(2026-12-01T00:00:00Z) or with its offset (2026-12-01T08:00:00+08:00)"
)


class WithdrawalFilter(django_filters.FilterSet):
    withdrawn_after = UtcDateTimeFilter(field_name="withdrawn_at", lookup_expr="gte", label=WITHDRAWN_AFTER)

    class Meta:
        model = Withdrawal
        fields = []
        form = SentOnceForm


class EntityWithdrawalFilter(django_filters.FilterSet):
    """The exchanges' `withdrawn_after`, for the entities deleted or merged: one sync for both."""

    withdrawn_after = UtcDateTimeFilter(field_name="deleted_at", lookup_expr="gte", label=WITHDRAWN_AFTER)

    class Meta:
        model = DeletedEntity
        fields = []
        form = SentOnceForm


# Dates and years are text, read as the site reads them: no pattern, which the documentation page
# would enforce, refusing "June 2023" or "1980s"; the examples say what is taken.
DATE_WORDS = (
    "a day, a month or a year, as the site's pages write it or as numbers "
    "(`2013`, `June 2023`, `2023-06`, `June 7, 2013`, `2013-06-07`), included; "
    "an exchange matches when any part of it falls in the range"
)
extend_schema_field({"type": "string", "description": f"From: {DATE_WORDS}.", "example": "2023-06"})(
    ApiExchangeFilter.base_filters["date_after"]
)
extend_schema_field({"type": "string", "description": f"To: {DATE_WORDS}.", "example": "2023-06"})(
    ApiExchangeFilter.base_filters["date_before"]
)

YEAR = {
    "type": "string",
    "description": "The year an exchange began, or a range of years, both ends included "
    "(`2014`, `2010-2014`, `2014–15`, `1980s`).",
    "example": "2010-2014",
}
extend_schema_field(YEAR)(ApiExchangeFilter.base_filters["year"])

# Entities are named by their slugs, repeated for several (`?organisation=a&organisation=b`: the
# exchanges of any of them). Declared as arrays sent as repeated parameters (style form, explode),
# so that the docs page's "Try it out" sends several: the list's own parameters (views.py), which
# take the place of what the schema would read from these filters (a single string).
ENTITY_PARAMETERS = [
    OpenApiParameter(
        name,
        type={"type": "array", "items": {"type": "string"}, "maxItems": MAX_ENTITIES},
        location=OpenApiParameter.QUERY,
        style="form",
        explode=True,
        description=f"{description}; repeat it for several (any of them), at most {MAX_ENTITIES}.",
    )
    for name, description in [
        ("organisation", "The slug of an organisation, partner or sponsor"),
        ("person", "The slug of a person who took part"),
        ("place", "The slug of a place (the places within it count too)"),
    ]
]
# The filters themselves are strings, so that reading them raises no warning in `check --deploy`.
for _name in ("organisation", "person", "place"):
    extend_schema_field({"type": "string"})(ApiExchangeFilter.base_filters[_name])

# yes / no / none ("Not recorded") are words, not booleans: the schema says so, with the words.
for _name in ("government", "continuing"):
    extend_schema_field({"type": "string", "enum": ["yes", "no", "none"]})(
        ApiExchangeFilter.base_filters[_name]
    )
