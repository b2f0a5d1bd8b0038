"""The one place that reads the catalogue's query parameters.

Every way of reading the catalogue (the list page, and later exports and feeds)
goes through ExchangeFilter, so what a reader sees is what they download.
A parameter that does not validate is left out of the filtering and reported
on the page; it never reaches the database or raises.
"""

import functools
import operator

import django_filters
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .dates import DateNotUnderstood, parse_period
from .models import Exchange
from .search import plan_search, search_notes

# "Not recorded" is an answer of its own: records that do not say.
NOT_RECORDED = "none"
YES_NO = [("yes", _("Yes")), ("no", _("No")), (NOT_RECORDED, _("Not recorded"))]
YES_NO_VALUES = {"yes": True, "no": False, NOT_RECORDED: None}
# A non-government exchange has no level to record; one that names none otherwise does not say.
LEVEL_NOT_RECORDED = Q(levels=[]) & (Q(government=True) | Q(government__isnull=True))


class PartialDateField(forms.CharField):
    """A date as people write it ("2013", "June 2013", "2013-06-07", "July 9–10, 2014"),
    cleaned to the (first, last) day it covers."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            period = parse_period(value)
        except DateNotUnderstood as error:
            raise forms.ValidationError(str(error), code="invalid") from None
        return period.first, period.last


class PartialDateFilter(django_filters.Filter):
    field_class = PartialDateField


class ExchangeFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and after[0] > before[1]:
            self.add_error("date_before", _("The “to” date is before the “from” date."))
            cleaned.pop("date_before", None)
        if cleaned.get("sort") == "relevance" and not cleaned.get("q"):
            self.add_error("sort", _("Sorting by relevance needs search words."))
            cleaned.pop("sort", None)
        return cleaned


class ExchangeFilter(django_filters.FilterSet):
    SORTS = {
        "-date": ["-date", "-id"],
        "date": ["date", "id"],
        "title": ["title", "id"],
        "relevance": ["-search_rank", "-date", "-id"],
    }
    SORT_CHOICES = [
        ("-date", _("Newest first")),
        ("date", _("Oldest first")),
        ("title", _("Title")),
        ("relevance", _("Relevance")),
    ]

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    type = django_filters.MultipleChoiceFilter(
        label=_("Type of exchange"),
        choices=[*Exchange.Type.choices, (NOT_RECORDED, _("Not recorded"))],
        method="filter_type",
    )
    government = django_filters.ChoiceFilter(label=_("Government?"), choices=YES_NO, method="filter_yes_no")
    level = django_filters.MultipleChoiceFilter(
        label=_("Level of government"),
        choices=[*Exchange.Level.choices, (NOT_RECORDED, _("Not recorded"))],
        method="filter_level",
    )
    continuing = django_filters.ChoiceFilter(label=_("Continuing"), choices=YES_NO, method="filter_yes_no")
    date_after = PartialDateFilter(label=_("From"), method="filter_date_after")
    date_before = PartialDateFilter(label=_("To"), method="filter_date_before")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_noop")

    class Meta:
        model = Exchange
        fields = []
        form = ExchangeFilterForm

    def filter_q(self, queryset, name, value):
        return self.search_plan.apply(queryset) if value.strip() else queryset

    @property
    def search_plan(self):
        """How the search words are read (a date in them, a correction): decided once, over the whole
        catalogue being read, and shared with the facet counts."""
        if getattr(self, "_search_plan", None) is None:
            self.is_valid()
            self._search_plan = plan_search(self.queryset, (self.form.cleaned_data.get("q") or "").strip())
        return self._search_plan

    def filter_yes_no(self, queryset, name, value):
        if value == NOT_RECORDED:
            return queryset.filter(**{f"{name}__isnull": True})
        return queryset.filter(**{name: YES_NO_VALUES[value]})

    def filter_type(self, queryset, name, value):
        return queryset.filter(type__in=["" if each == NOT_RECORDED else each for each in value])

    def filter_level(self, queryset, name, value):
        """Exchanges that name any of the levels chosen (or name none, for "Not recorded")."""
        matches = [LEVEL_NOT_RECORDED if level == NOT_RECORDED else Q(levels__has=level) for level in value]
        return queryset.filter(functools.reduce(operator.or_, matches)) if matches else queryset

    def filter_date_after(self, queryset, name, value):
        return queryset.on_or_after(value[0])

    def filter_date_before(self, queryset, name, value):
        return queryset.on_or_before(value[1])

    def filter_noop(self, queryset, name, value):
        # Sorting is applied once, after every filter, in filter_queryset().
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*self.SORTS[self.sort_order])

    @property
    def sort_order(self):
        self.is_valid()
        return self.form.cleaned_data.get("sort") or "-date"

    @property
    def invalid_parameters(self):
        """(label, messages) for each parameter that was ignored because it did not validate."""
        self.is_valid()
        return [
            (self.form.fields[name].label if name in self.form.fields else "", messages)
            for name, messages in self.form.errors.items()
        ] + self.search_problems()

    def search_problems(self):
        """What the search words could not use (too many words, nothing to search for), as above."""
        notes = search_notes(self.form.cleaned_data.get("q") or "")
        return [(self.form.fields["q"].label, notes)] if notes else []

    def active_filters(self):
        """(description, query string without it) for each filter in force, so a
        reader sees what narrows the list and can drop one filter at a time."""
        self.is_valid()
        cleaned, active = self.form.cleaned_data, []
        for name in ["q", "type", "government", "level", "continuing", "date_after", "date_before"]:
            if not cleaned.get(name):
                continue
            field = self.form.fields[name]
            values = cleaned[name] if isinstance(cleaned[name], list) else [self.data.get(name)]
            for value in values:
                shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
                remaining = self.data.copy()
                remaining.setlist(name, [other for other in remaining.getlist(name) if other != value])
                remaining.pop("page", None)
                active.append((f"{field.label}: {shown}", remaining.urlencode()))
        return active

    @property
    def is_filtered(self):
        return any(self.data.get(name) for name in self.filters if name != "sort")

    def facet_counts(self, name):
        """{value: count} for one filter, under every other filter currently applied.

        The filter's own selection is left out so that a reader sees how many
        exchanges each other choice would add.
        """
        data = self.data.copy()
        data.pop(name, None)
        data.pop("sort", None)
        others = type(self)(data, queryset=self.queryset)
        others._search_plan = getattr(self, "_search_plan", None)
        others = others.qs.order_by()
        if name == "level":
            # Levels share one column; each is counted with its own filtered COUNT, in one query.
            counts = others.aggregate(
                **{level: Count("id", filter=Q(levels__has=level)) for level in Exchange.Level.values},
                **{NOT_RECORDED: Count("id", filter=LEVEL_NOT_RECORDED)},
            )
            return counts
        rows = others.values(name).annotate(count=Count("id"))
        if name in ("government", "continuing"):
            words = {value: word for word, value in YES_NO_VALUES.items()}
            return {words[row[name]]: row["count"] for row in rows}
        return {(row[name] or NOT_RECORDED): row["count"] for row in rows}

    def facets(self, name):
        """The choices of one filter as (value, label, count, selected), for the filter form."""
        counts = self.facet_counts(name)
        selected = set(self.data.getlist(name)) if hasattr(self.data, "getlist") else set()
        return [
            (value, label, counts.get(value, 0), value in selected)
            for value, label in self.filters[name].extra["choices"]
        ]
