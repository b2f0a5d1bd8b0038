"""The one place that reads the catalogue's query parameters.

Every way of reading the catalogue (the list page, and later exports and feeds)
goes through ExchangeFilter, so what a reader sees is what they download.
A parameter that does not validate is left out of the filtering and reported
on the page; it never reaches the database or raises.
"""

import collections
import contextlib
import functools
import operator
import re

import django_filters
from django import forms
from django.conf import settings
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
)
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from entities.models import ENTITY_MODELS, Place

from .counts import Total, among, catalogue_total, entity_summary, most_linked, summary_counts
from .dates import EARLIEST_YEAR, YEAR, DateNotUnderstood, parse_period
from .forms import SearchWordsField
from .models import Exchange, ExchangeOrganisation, ExchangePerson, ExchangePlace, levels_from_stored
from .search import counted_alone_under, plan_search, search_notes

# "Not recorded" is an answer of its own: records that do not say.
NOT_RECORDED = "none"
YES_NO = [("yes", _("Yes")), ("no", _("No")), (NOT_RECORDED, _("Not recorded"))]
YES_NO_VALUES = {"yes": True, "no": False, NOT_RECORDED: None}
# A non-government exchange has no level to record; one that names none otherwise does not say.
LEVEL_NOT_RECORDED = Q(levels=[]) & (Q(government=True) | Q(government__isnull=True))
# The same, and each level, over the summary table (exchanges/counts.py), which codes yes/no/none.
SUMMARY_LEVEL_NOT_RECORDED = Q(levels="") & Q(government__in=["yes", NOT_RECORDED])
# The filters the summary table answers; the others (search words, entities, countries, dates
# to the day) are counted over the exchanges themselves, up to settings.COUNT_CAP.
STRUCTURED = {"type", "government", "level", "continuing", "year"}
# The facets counted over at most COUNT_CAP exchanges once the set is larger, for the note above them.
VALUE_FACETS = ("type", "level", "government", "continuing", "year")


class ChoicesField(django_filters.fields.MultipleChoiceField):
    """Choices with the empty ones left out: `?type=` (a form's blank option, a script's empty
    value) says nothing, as an empty `government=` or `q=` does, rather than being a choice
    that is not one. Any other value that is not a choice is still an error."""

    def to_python(self, value):
        return [each for each in super().to_python(value) if each != ""]


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    field_class = ChoicesField


class CountryField(ChoicesField):
    """The country codes in any case: the places' own records (the API, the release's codebook)
    write them "US" and "CN", and a client filtering by the country it read there is not refused."""

    def to_python(self, value):
        return [each.lower() for each in super().to_python(value)]


class CountryFilter(ChoicesFilter):
    field_class = CountryField


class SearchWordsFilter(django_filters.CharFilter):
    field_class = SearchWordsField


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


# An entity filter names at most this many entities; a facet lists at most FACET_SHOWN at first
# and FACET_LIMIT in all (the rest are on the entity index, by number of exchanges).
MAX_ENTITIES = 20
FACET_SHOWN = 10
FACET_LIMIT = 30
SLUG = re.compile(r"^[-\w]+$")
# The link table and its entity field for each entity filter.
LINKS = {
    "organisation": (ExchangeOrganisation, "organisation"),
    "person": (ExchangePerson, "person"),
    "place": (ExchangePlace, "place"),
}
# The filters whose value alone says what it narrows to ("Diplomatic", "Xi Jinping", "China", "2014").
SELF_NAMING = {"type", "level", "country", "year", *LINKS}
COUNTRIES = [("us", _("United States")), ("cn", _("China")), ("other", _("Another country"))]
COUNTRY_CODES = {"us": Place.Country.UNITED_STATES, "cn": Place.Country.CHINA, "other": Place.Country.OTHER}
YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:[-–—]|to)?\s*(\d{4})?\s*$")


class SlugListField(forms.Field):
    """One or more entity slugs (`?person=wang-yi&person=antony-blinken`)."""

    widget = forms.SelectMultiple

    def to_python(self, value):
        values = [each.strip() for each in (value or []) if each and each.strip()]
        if len(values) > MAX_ENTITIES:
            raise forms.ValidationError(
                _("At most %(limit)s at once."), code="too_many", params={"limit": MAX_ENTITIES}
            )
        bad = [each for each in values if len(each) > 220 or not SLUG.match(each)]
        if bad:
            raise forms.ValidationError(
                _("“%(value)s” is not the address of a page here."), code="invalid", params={"value": bad[0]}
            )
        return list(dict.fromkeys(values))


class EntityFilter(django_filters.Filter):
    field_class = SlugListField


class YearField(forms.CharField):
    """A year ("1971") or a range of years ("2010-2014"), cleaned to (first, last)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = YEAR_RANGE.match(value)
        if match:
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if first > last:
                raise forms.ValidationError(_("The range of years runs backwards."), code="invalid")
        else:
            # Years as the date reader takes them: "1990s", "2015–16", "between 1990 and 1993".
            first, last = self._years(value)
        if first < EARLIEST_YEAR:
            raise forms.ValidationError(
                _("%(year)s is not a year we can record.") % {"year": first}, code="invalid"
            )
        return first, last

    @staticmethod
    def _years(value):
        try:
            period = parse_period(value)
        except DateNotUnderstood:
            period = None
        if period is None or period.precision != YEAR:  # a month or a day is not a year
            raise forms.ValidationError(
                _("Write a year (1971) or a range of years (2010-2014)."), code="invalid"
            )
        return period.first.year, period.last.year


def years_shown(first, last):
    """A year ("1972") or a range of years as the site writes ranges, with an en dash ("1972–1979"),
    however it was typed ("1972-1979", "1972 - 1979")."""
    return str(first) if first == last else f"{first}–{last}"


class YearFilter(django_filters.Filter):
    field_class = YearField


def links_of(kind):
    """The name by which an exchange's links to entities of `kind` are queried (organisation_links…)."""
    return LINKS[kind][0]._meta.get_field("exchange").related_query_name()


def linked_join(kind, ids):
    """linked_condition as a join on the links, which a query can order by (see _newest_ids)."""
    return Q(**{f"{links_of(kind)}__{LINKS[kind][1]}_id__in": ids})


def linked_condition(kind, ids):
    """Exchanges linked to any of the entities of `kind` whose ids are given. An EXISTS, not a
    join: an exchange linked to two of them is read once, without DISTINCT."""
    link, field = LINKS[kind]
    return Exists(link.objects.filter(exchange=OuterRef("pk"), **{f"{field}_id__in": ids}))


class LinkedIds(Func):
    """`id` is one of the exchange ids `links` selects: IN (the subquery), and on PostgreSQL
    = ANY(ARRAY(the subquery)), which it reads first, whole, before looking the exchanges up by id.

    As an IN, PostgreSQL's planner expects as many ids as the entities' statistics say (a sixth of
    a million for the most linked organisation) and may hash them against a scan of every published
    exchange's index: 0.12-0.17 s against 0.1-0.13 s for that organisation with a province. It
    knows nothing of an array's length, and looks up each of its ids."""

    output_field = BooleanField()

    def __init__(self, links):
        super().__init__(F("pk"), Subquery(links.values("exchange_id")))

    def as_sql(self, compiler, connection, template="%(id)s IN %(links)s"):
        (id_sql, id_params), (links_sql, links_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return template % {"id": id_sql, "links": links_sql}, (*id_params, *links_params)

    def as_postgresql(self, compiler, connection):
        return self.as_sql(compiler, connection, template="%(id)s = ANY(ARRAY%(links)s)")


def linked_together(named):
    """Exchanges linked to one of the entities of each group in `named`, [(kind, [entity…])], in one
    condition: the links of the group whose entities have the fewest exchanges, each tested for a
    link to the others (their index by entity and exchange), then the exchanges by id (LinkedIds).

    One EXISTS a group (linked_condition) leaves the planner to guess how many exchanges two much
    linked entities share: it hashes both sets of links and scans every published exchange for
    them, 0.2-0.3 s among a million for the most linked organisation with a province or a minister
    (10,000 of their exchanges in common), where this reads them in 0.05-0.1 s, and a
    little-linked person with either in 1-3 ms, as the EXISTS did."""
    ordered = sorted(named, key=lambda group: sum(entity.exchange_count for entity in group[1]))
    (kind, entities), others = ordered[0], ordered[1:]
    link, field = LINKS[kind]
    links = link.objects.filter(**{f"{field}_id__in": [entity.pk for entity in entities]}).order_by()
    for other, chosen in others:
        other_link, other_field = LINKS[other]
        linked = {f"{other_field}_id__in": [entity.pk for entity in chosen]}
        links = links.filter(Exists(other_link.objects.filter(exchange=OuterRef("exchange_id"), **linked)))
    return LinkedIds(links)


class SentOnceForm(forms.Form):
    """A form of query parameters that refuses one taking a single value sent more than once
    (`?sort=date&sort=title`): read as the last one sent, without a word, it gave another selection
    than one of those asked for. One taking several (a SelectMultiple: type, level, person…) is read
    whole. Every FilterSet of the catalogue and the open data reads its parameters through one."""

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or not hasattr(self.data, "getlist"):
            return
        for name, field in self.fields.items():
            values = self.data.getlist(self.add_prefix(name))
            if len(values) > 1 and not getattr(field.widget, "allow_multiple_selected", False):
                self.add_error(name, sent_more_than_once(name, values))


def sent_more_than_once(name, values):
    """What refuses parameter `name`, which takes one value, sent as `values` (two or more)."""
    return _("“%(name)s” was sent %(count)s times (%(values)s): send it once.") % {
        "name": name,
        "count": len(values),
        "values": ", ".join(values),
    }


class ExchangeFilterForm(SentOnceForm):
    # (kind, entity) of the page whose exchanges are read (an entity's page), set by the FilterSet.
    page_entity = None

    def clean(self):
        cleaned = super().clean()
        self._leave_out_others_of_the_pages_kind(cleaned)
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and before and after[0] > before[1]:
            self.add_error("date_before", _("The “to” date is before the “from” date."))
            cleaned.pop("date_before", None)
        if cleaned.get("sort") == "relevance" and not cleaned.get("q"):
            self.add_error("sort", _("Sorting by relevance needs search words."))
            cleaned.pop("sort", None)
        return cleaned

    def _leave_out_others_of_the_pages_kind(self, cleaned):
        """On an entity's page, another entity of its kind (`?person=` on a person's page) is left out
        and said so. The catalogue reads several of a kind as any of them, and the page's exchanges
        as those of its entity: with both, the page would list the exchanges naming the two, which
        neither its link to the catalogue nor its downloads and feed (the catalogue's) would give."""
        if self.page_entity is None:
            return
        kind, entity = self.page_entity
        others = [slug for slug in cleaned.get(kind) or [] if slug != entity.slug]
        if others:
            # A former slug of the page's own entity (a link to the catalogue copied before a merge)
            # names it: read as the list reads it, it leads to the page by the slug kept. Asked only
            # when another slug of the page's kind is sent.
            own = set(entity.former_slugs.filter(slug__in=others).values_list("slug", flat=True))
            others = [slug for slug in others if slug not in own]
        if others:
            self.add_error(
                kind,
                _("“%(value)s” was left out: this page lists the exchanges of %(name)s.")
                % {"value": others[0], "name": entity.name},
            )


# What the value facets (type, government?, continuing?, level, year) count of each exchange,
# read with the first results' ids when the summary of counts cannot answer (_first_rows). The
# levels as stored (",national,state,"), not parsed row by row: a query none of whose columns has
# a converter skips Django's per-row conversion, a third of the Python time of a search's page
# (10,000 rows); the few stored spellings are parsed once each when they are grouped.
SAMPLE_VALUES = (
    "type",
    "government",
    "continuing",
    ExpressionWrapper(F("levels"), output_field=CharField()),
    "date",
)


def _renamed(counts, name):
    """{name(value): count} of a Counter; values with the same name add up."""
    renamed = collections.Counter()
    for value, n in counts.items():
        renamed[name(value)] += n
    return renamed


class ExchangeFilter(django_filters.FilterSet):
    SORTS = {
        "-date": ["-date", "-id"],
        "date": ["date", "id"],
        "title": ["title_sort", "id"],
        "relevance": ["-search_rank", "-date", "-id"],
    }
    SORT_CHOICES = [
        ("-date", _("Newest first")),
        ("date", _("Oldest first")),
        ("title", _("Title")),
        ("relevance", _("Relevance")),
    ]

    q = SearchWordsFilter(label=_("Search"), method="filter_q")
    type = ChoicesFilter(
        label=_("Type of exchange"),
        choices=[*Exchange.Type.choices, (NOT_RECORDED, _("Not recorded"))],
        method="filter_type",
    )
    government = django_filters.ChoiceFilter(label=_("Government?"), choices=YES_NO, method="filter_yes_no")
    level = ChoicesFilter(
        label=_("Level of government"),
        choices=[*Exchange.Level.choices, (NOT_RECORDED, _("Not recorded"))],
        method="filter_level",
    )
    continuing = django_filters.ChoiceFilter(label=_("Continuing"), choices=YES_NO, method="filter_yes_no")
    date_after = PartialDateFilter(label=_("From"), method="filter_date_after")
    date_before = PartialDateFilter(label=_("To"), method="filter_date_before")
    organisation = EntityFilter(label=_("Partner or sponsor"), method="filter_entity")
    person = EntityFilter(label=_("Participant"), method="filter_entity")
    place = EntityFilter(label=_("Place"), method="filter_entity")
    country = CountryFilter(label=_("Country"), choices=COUNTRIES, method="filter_country")
    year = YearFilter(label=_("Year"), method="filter_year")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="filter_noop")

    class Meta:
        model = Exchange
        fields = []
        form = ExchangeFilterForm

    def __init__(self, data=None, queryset=None, *, whole_catalogue=False, linked_to=None, **kwargs):
        """`whole_catalogue`: the queryset is every published exchange (the catalogue's list page), so
        the summary table can answer the counts of the structured filters.

        `linked_to`: (kind, entity), to read only the exchanges linked to that organisation, person or
        place (its page), as its filter does. Known to the set rather than filtered beforehand, so
        that sorting by relevance can walk its links in date order (_newest_ids)."""
        super().__init__(data, queryset, **kwargs)
        self.whole_catalogue = whole_catalogue
        self.linked_to = linked_to
        # The queryset before the page's entity narrows it: what the walk of its links starts from.
        self.unlinked = self.queryset
        if linked_to is not None:
            kind, entity = linked_to
            self.queryset = self.queryset.filter(linked_condition(kind, [entity.pk]))
        # How the entity filters are written while one query is built (_entities_written): one
        # EXISTS each unless it says otherwise.
        self._entities_as = None
        # The facets whose counts were taken over the first COUNT_CAP exchanges only.
        self.sampled = set()
        # {(kind, id): whether it keeps a summary of its counts}, shared with the facets' sets.
        self.summaries_kept = {}

    @property
    def form(self):
        form = super().form
        form.page_entity = self.linked_to
        return form

    @property
    def search_words(self):
        """The search words as searched; "" when there are none to search for."""
        self.is_valid()
        return self.form.cleaned_data.get("q") or ""

    def filter_q(self, queryset, name, value):
        if not value:
            return queryset
        # Ranked only when sorted by relevance: a rank costs a read of every match.
        return self.search_plan.apply(queryset, ranked=self.sort_order == "relevance")

    @property
    def search_plan(self):
        """How the search words are read (a date in them, a correction): decided once, over the whole
        catalogue being read, and shared with the facet counts."""
        if getattr(self, "_search_plan", None) is None:
            self.is_valid()
            self._search_plan = plan_search(self.queryset, self.search_words)
        return self._search_plan

    @functools.cached_property
    def search_notices(self):
        """The search plan's notices, the words counted alone counted among the exchanges the other
        filters in force keep (the plan counts them among all the page's), as the links to them
        keep those filters."""
        notices = self.search_plan.notices
        if not any(notice.links for notice in notices) or not self.filtered_beyond_search:
            return notices
        return counted_alone_under(notices, self.without("q"))

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

    def filter_entity(self, queryset, name, value):
        """Exchanges linked to any of the entities named; a place matches the places within it too
        (their links to the places they lie in are stored, see ExchangePlace.direct).

        An EXISTS (linked_condition); a join only while the links are walked (_newest_ids); with
        other entities' filters or the page's entity, one condition for them all while the first
        results are read (_unordered)."""
        if not value:
            return queryset
        # By the entities' ids, not a join on their slugs: the planner then knows from its statistics
        # how many exchanges a much-linked entity has (a state with its cities: 93,000 of a million)
        # and walks the exchanges by date instead of fetching every one of them.
        ids = [entity.pk for entity in self.entities_named(name)]
        if self._entities_as == ("joined", name):
            return queryset.filter(linked_join(name, ids))
        if self._entities_as == "together":
            # The first of the entity filters in force applies them all, with the page's entity.
            first = next(kind for kind in LINKS if kind in self.active)
            return queryset.filter(linked_together(self._named_groups())) if name == first else queryset
        return queryset.filter(linked_condition(name, ids))

    def _named_groups(self):
        """[(kind, [entity…])]: the entities of each entity filter in force, and the page's entity,
        each group a condition of its own (an exchange of one of a filter's entities)."""
        named = [
            (kind, self.entities_named(kind))
            for kind in LINKS
            if kind in self.active and self.form.cleaned_data.get(kind)
        ]
        if self.linked_to is not None:
            kind, entity = self.linked_to
            named.append((kind, [entity]))
        return named

    def filter_country(self, queryset, name, value):
        codes = [COUNTRY_CODES[each] for each in value]
        # From the links alone, which hold their place's country (ExchangePlace.country).
        links = ExchangePlace.objects.filter(exchange=OuterRef("pk"), country__in=codes)
        return queryset.filter(Exists(links))

    def filter_year(self, queryset, name, value):
        """Exchanges that began in the year or range (as the timeline counts them)."""
        first, last = value
        return queryset.filter(date__year__gte=first, date__year__lte=last)

    def filter_noop(self, queryset, name, value):
        # Sorting is applied once, after every filter, in filter_queryset().
        return queryset

    # Set when more exchanges match than are ranked (best_candidates).
    ranked_newest_only = False
    # Set on the sets of a facet's own filter left out (_others): see _first_rows.
    counts_links_only = False
    # A page sorted by relevance ranks at most COUNT_CAP matches (best_candidates) and says so; a
    # reading of the whole selection (a download) ranks every one.
    ranks_newest_only = True

    def filter_queryset(self, queryset):
        if self.structured_select_none:
            return queryset.none()
        queryset = super().filter_queryset(queryset)
        if self.sort_order == "relevance" and self.ranks_newest_only:
            queryset = self.best_candidates(queryset)
        return queryset.order_by(*self.SORTS[self.sort_order])

    @functools.cached_property
    def structured_select_none(self):
        """Whether the summary table, exact in every publishing transaction, says that no published
        exchange meets the structured filters in force together: then nothing under them does, on
        any list of published exchanges (an entity's, the API's, a feed, a download).

        The database would find that out by walking a date index to its end, its planner taking
        the filters as independent: 0.6-1 s among a million exchanges for "not a government
        exchange" at the national level, which none is. Asked only of two filters or more (one
        filter's rows the planner estimates from that column's own statistics), and not where the
        summary gives the total already (from_summary: an empty count is not read, see paginate)."""
        conditions = self._summary_conditions
        if len(conditions) < 2 or self.from_summary:
            return False
        return not catalogue_total(conditions.values())

    def best_candidates(self, queryset):
        """What sorting by relevance ranks: every match, or when more than COUNT_CAP match, the
        newest COUNT_CAP of them, read in date order from the index, so that a word found in half
        the catalogue is not ranked row by row. The page says so (sampled_note).

        The ids are passed as one array (among): the search's SQL names the exchanges' table, which
        a subquery would alias to something else, and 10,000 parameters of their own cost the page
        and its facet sample, each, 0.1-0.2 s of Python to write and send."""
        cap = settings.COUNT_CAP
        newest = self._newest_ids(queryset, cap + 1)
        self.ranked_newest_only = len(newest) > cap
        # The ids are matches of every filter and of the page's entity: they alone select the
        # exchanges ranked, and the counts and the page then read them by id rather than searching
        # again (three searches of 0.2 s for a rare word among an entity's 110,000 exchanges).
        chosen = self.unlinked.filter(among(Exchange._meta.db_table, "id", newest[:cap]))
        return self.search_plan.rank(chosen)

    def _newest_ids(self, queryset, limit):
        """The ids of the `limit` newest exchanges of `queryset`, this set's exchanges, newest first.

        Read from the date index, each exchange's conditions tested in turn. Among the exchanges of
        one entity (its page, or its filter alone), from its links' own index instead, which holds
        each published exchange's date (DatedLink.published_date): the most linked organisation
        has a sixth of a million exchanges, and walking the catalogue's dates to find the newest
        10,000 of them with a word in half the catalogue tested 120,000 exchanges (0.6-0.9 s);
        walking its links tests 20,000 (0.15 s). Its condition is then a join, not an EXISTS,
        which the planner would count twice and so expect too few matches to walk anything.
        An organisation linked twice to an exchange (partner and sponsor) gives it twice, side by
        side in that order: DISTINCT keeps one."""
        walked = self._walked_entity()
        if walked is None:
            return list(queryset.order_by("-date", "-id").values_list("pk", flat=True)[:limit])
        kind, entity = walked
        if self.linked_to is not None:
            joined = super().filter_queryset(self.unlinked.filter(linked_join(kind, [entity.pk])))
        else:
            with self._entities_written(("joined", kind)):
                joined = super().filter_queryset(self.queryset)
        dated = f"{links_of(kind)}__published_date"
        newest = joined.order_by(f"-{dated}", "-id").values_list("pk", dated).distinct()
        return [row[0] for row in newest[:limit]]

    def _walked_entity(self):
        """(kind, entity) of the one entity every exchange read is linked to, when only one is named
        (the page's, or a single entity filter's); None otherwise."""
        # Of the filters in force only: a facet's set without its own filter shares `selected`.
        named = [(kind, entity) for kind, entities in self._named_groups() for entity in entities]
        return named[0] if len(named) == 1 else None

    @property
    def sort_order(self):
        self.is_valid()
        return self.form.cleaned_data.get("sort") or "-date"

    @property
    def invalid_parameters(self):
        """(label, messages) for each parameter that did not validate and was ignored, and each
        entity that is not known (which matches no exchange)."""
        return self.ignored_parameters + self.unknown_entities

    @property
    def ignored_parameters(self):
        """invalid_parameters but for the unknown entities, which are not ignored: they match nothing."""
        self.is_valid()
        return [
            (self.form.fields[name].label if name in self.form.fields else "", messages)
            for name, messages in self.form.errors.items()
        ] + self._search_problems()

    @property
    def unknown_entities(self):
        """(label, messages) for each entity filter naming slugs no entity of its kind has had."""
        return [
            (label, [_("Nothing is known as “%(slug)s”.") % {"slug": each} for each in unknown])
            for label, unknown in self.unknown_slugs()
        ]

    def unknown_slugs(self):
        """(label, [slug]) for each entity filter naming slugs no entity of its kind has had."""
        self.is_valid()
        found = []
        for kind in LINKS:
            unknown = [
                slug for slug in self.form.cleaned_data.get(kind) or [] if slug not in self.selected[kind]
            ]
            if unknown:
                found.append((self.form.fields[kind].label, unknown))
        return found

    @property
    def former_slugs(self):
        """{kind: {slug sent: the entity kept}} for each slug sent that was the address of an entity
        merged into another, which is read as the entity kept (selected); kinds with none left out."""
        former = {
            kind: {slug: entity for slug, entity in self.selected[kind].items() if entity.slug != slug}
            for kind in LINKS
        }
        return {kind: kept for kind, kept in former.items() if kept}

    @property
    def renamed_entities(self):
        """(label, messages) for the former slugs sent (former_slugs): the page led to by the slugs
        kept says so (exchanges/views.py, to_slugs_kept), or a saved search would seem to list what
        it no longer names."""
        return [
            (
                self.form.fields[kind].label,
                [
                    _("“%(slug)s” is now %(name)s.") % {"slug": slug, "name": entity.name}
                    for slug, entity in kept.items()
                ],
            )
            for kind, kept in self.former_slugs.items()
        ]

    def query_by_slugs_kept(self):
        """The parameters as sent, each former slug (former_slugs) replaced by the slug of the entity
        kept, each entity named once; None when no slug sent is a former one. The other parameters,
        even those that did not validate, are left as they were, in their order."""
        former = self.former_slugs
        if not former:
            return None
        query = self.data.copy()
        for kind in former:
            selected = self.selected[kind]
            # Read as SlugListField reads them: trimmed; a slug no entity has stays as sent.
            slugs = [
                selected[value.strip()].slug if value.strip() in selected else value
                for value in query.getlist(kind)
            ]
            query.setlist(kind, list(dict.fromkeys(slugs)))
        return query

    @functools.cached_property
    def selected(self):
        """{kind: {slug: entity}} for the entities the query names, by the slug as sent: one query per
        kind named, and only when some slug of it names no entity, one more for them.

        A slug no entity has may be the address of one merged into another (entities/merge.py),
        which saved searches, citations and scripts still send: it names the entity kept, as its
        page's address does. One no entity of the kind ever had stays unknown (unknown_entities)."""
        self.is_valid()
        chosen = {}
        for kind in LINKS:
            slugs = self.form.cleaned_data.get(kind) or []
            model = ENTITY_MODELS[kind]
            chosen[kind] = (
                {entity.slug: entity for entity in model.objects.filter(slug__in=slugs)} if slugs else {}
            )
            missing = [slug for slug in slugs if slug not in chosen[kind]]
            if missing:
                chosen[kind].update(model.objects.kept_for_each(missing))
        return chosen

    def entities_named(self, kind):
        """The entities of `kind` the query names, each once: an old slug and the slug of the entity
        it now names (`?person=chou-en-lai&person=zhou-enlai`) are one entity."""
        return list({entity.pk: entity for entity in self.selected[kind].values()}.values())

    def _search_problems(self):
        """What the search words could not use (too many words, nothing to search for), as above."""
        notes = search_notes(self.search_words)
        return [(self.form.fields["q"].label, notes)] if notes else []

    def active_filters(self, leaving_out=()):
        """(description, query string without it) for each filter in force, so a
        reader sees what narrows the list and can drop one filter at a time;
        `leaving_out` names parameters the caller describes in its own words."""
        return [
            (_("%(label)s: %(value)s") % {"label": label, "value": shown}, remaining.urlencode())
            for _name, _value, label, shown, remaining in self._in_force(leaving_out)
        ]

    def active_filter_parts(self):
        """(label, value shown, query string without it) for each filter in force: what
        active_filters says, with the value apart from the page's label, so that a page can mark
        the language of the value alone ("Search: 北京")."""
        return [(label, shown, remaining.urlencode()) for *_, label, shown, remaining in self._in_force(())]

    def title_filters(self):
        """The filters in force but the search words, as a page's title names them after those:
        "Diplomatic, National, Xi Jinping, 2014". A value that names no kind of thing on its own
        ("Yes", "Not recorded", "2010") goes with its label ("Government?: Yes", "From: 2010")."""
        return [
            shown
            if name in SELF_NAMING and value != NOT_RECORDED
            else _("%(label)s: %(value)s") % {"label": label, "value": shown}
            for name, value, label, shown, _remaining in self._in_force(leaving_out=("q",))
        ]

    def _in_force(self, leaving_out):
        """(parameter, value, label, value shown, query string without it) for each filter in force."""
        self.is_valid()
        cleaned = self.form.cleaned_data
        names = ["q", "type", "government", "level", "continuing", "date_after", "date_before", *LINKS]
        for name in [*names, "country", "year"]:
            if name in leaving_out or not cleaned.get(name):
                continue
            field = self.form.fields[name]
            values = cleaned[name] if isinstance(cleaned[name], list) else [self.data.get(name)]
            described = set()
            for value in values:
                # Every slug that names the same entity (its own, an old one) goes with it.
                same = {value}
                if name in LINKS:
                    entity = self.selected[name].get(value)
                    if entity is None or entity.pk in described:
                        continue
                    described.add(entity.pk)
                    shown = entity.name
                    same = {slug for slug, other in self.selected[name].items() if other.pk == entity.pk}
                elif name == "year":
                    shown = years_shown(*cleaned["year"])
                else:
                    shown = dict(field.choices).get(value, value) if hasattr(field, "choices") else value
                remaining = self.data.copy()
                remaining.setlist(name, [other for other in remaining.getlist(name) if other not in same])
                remaining.pop("page", None)
                yield name, value, field.label, shown, remaining

    def usable_data(self):
        """The parameters without the page and without any the page reported as unusable: what its
        links to the same exchanges elsewhere (the downloads, the feed, the catalogue) carry, which
        would answer 400 for a parameter the page ignored."""
        self.is_valid()
        query = self.data.copy()
        for name in [*self.form.errors, "page"]:
            query.pop(name, None)
        return query

    @property
    def is_filtered(self):
        # Search words of only spaces are none; any other parameter, even one that did not validate.
        others = any(self.data.get(name) for name in self.filters if name not in ("sort", "q"))
        return others or bool(self.search_words)

    @property
    def filtered_beyond_search(self):
        """Whether filters other than the search words are in force (an empty list says which)."""
        return bool(self.active - {"q"})

    def search_alone(self):
        """The query string of the search words without the filters, in the same order."""
        query = QueryDict(mutable=True)
        for name in ("q", "sort"):
            if name in self.data and name not in self.form.errors:
                query[name] = self.data[name]
        return query.urlencode()

    # Counting ------------------------------------------------------------------

    @functools.cached_property
    def active(self):
        """The names of the filters in force: valid and not empty."""
        self.is_valid()
        return {
            name
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "", [], ())
        }

    @property
    def from_summary(self):
        """Whether the summary table answers the total and the value facets of this set: the
        catalogue's under structured filters only, or a summarised entity's (summarised_entity)."""
        structured = self.active - self.whole_year_dates <= STRUCTURED
        return (self.whole_catalogue and structured) or self.summarised_entity is not None

    @functools.cached_property
    def summarised_entity(self):
        """(kind, id) of the one entity whose exchanges this set reads (its page, or its filter)
        under structured filters only, when it keeps a summary of its counts (EntityCount: those with
        ENTITY_SUMMARY_MIN published exchanges or more); None otherwise."""
        walked = self._walked_entity()
        if walked is None or self.active - self.whole_year_dates - {walked[0]} - STRUCTURED:
            return None
        if not (self.whole_catalogue or self.linked_to is not None):
            return None
        kind, entity = walked
        # Kept only for those with enough exchanges, and asked once for the page and its facets.
        if entity.exchange_count < settings.ENTITY_SUMMARY_MIN:
            return None
        key = (kind, entity.pk)
        if key not in self.summaries_kept:
            self.summaries_kept[key] = entity_summary(*key).exists()
        return key if self.summaries_kept[key] else None

    @functools.cached_property
    def whole_year_dates(self):
        """The date filters in force that the summary answers: "from" a first of January (exchanges
        still going on then: their last day's year is that year or later) and "to" a 31 December
        (exchanges begun by then: their first year is that year or earlier)."""
        cleaned, names = self.form.cleaned_data, set()
        after, before = cleaned.get("date_after"), cleaned.get("date_before")
        if after and (after[0].month, after[0].day) == (1, 1):
            names.add("date_after")
        if before and (before[1].month, before[1].day) == (12, 31):
            names.add("date_before")
        return names

    def total(self):
        """How many exchanges the filters select: a Total with `.count`, and `.more` when there are more.

        Exact from the summary table for the structured filters; otherwise counted
        over the exchanges up to settings.COUNT_CAP (the first cap + 1 of them)."""
        if self.from_summary:
            return Total(self._summary[0])
        return Total(min(len(self._first_ids), settings.COUNT_CAP), more=self.over_cap)

    @property
    def over_cap(self):
        """Whether more exchanges are selected than a facet outside the summary counts (COUNT_CAP)."""
        return len(self._first_ids) > settings.COUNT_CAP or self.ranked_newest_only

    @functools.cached_property
    def _first_rows(self):
        """Up to COUNT_CAP + 1 of the exchanges selected, in one query: their ids, what the total
        counts when the summary cannot and what the facets count (COUNT_CAP of them), with the
        values the value facets count (SAMPLE_VALUES), read in the same pass over the rows rather
        than fetching the same rows again to group them.

        In no order: sorting a search's matches (found by the full-text index in no useful
        order) or an entity's exchanges by date means reading every one of them, 30,000 rows for
        a word in 3% of a million exchanges, where the first 10,001 found are a third of that.
        When there are more, the page says the counts are of COUNT_CAP of them (sampled_note).

        When the summary answers the total and the value facets, only the link facets count them:
        their ids alone, the first in the page's date order or the newest (sample_order, read from
        the date index, cheap), as many as those read, and one more to know whether there were more."""
        if self.from_summary:
            if not self._summary[0]:
                # The summary, exact in every publishing transaction, says nothing matches; the
                # database would find that out by walking a date index to its end (1.2 s for "not
                # a government exchange" at the national level among a million).
                return []
            limit = self.link_sample_size() + 1
            ids = self._first_ids_from_links(limit)
            if ids is None:
                ids = self.qs.order_by(*self.SORTS[self.sample_order]).values_list("pk", flat=True)[:limit]
            return [(pk,) for pk in ids]
        found = self._unordered()
        if self.counts_links_only:
            return [(pk,) for pk in found.values_list("pk", flat=True)[: settings.COUNT_CAP + 1]]
        return list(found.values_list("pk", *SAMPLE_VALUES)[: settings.COUNT_CAP + 1])

    def _unordered(self):
        """This set's exchanges in no order, as _first_rows reads them. Under the entities of two
        filters or more, or of a filter and the page, in one condition (linked_together), which
        reads the exchanges they share before the exchanges themselves.

        Only here: the page, in date order, keeps an EXISTS for each, since walking the date index
        it meets the first 25 of a large set's exchanges long before the ids of every one are
        read (under 10 against 70 ms for the most linked organisation and person, 10,000 exchanges in
        common); a smaller set's page is read by id (listed). Not when sorted by relevance: the
        exchanges ranked are then read by id already (best_candidates)."""
        named = self._named_groups()
        if (
            len(named) < 2
            or not all(entities for _kind, entities in named)
            or self.sort_order == "relevance"
            or self.structured_select_none
        ):
            return self.qs.order_by()
        # From the queryset before the page's entity narrows it: its entity is among `named`.
        with self._entities_written("together"):
            return super().filter_queryset(self.unlinked.all()).order_by()

    @contextlib.contextmanager
    def _entities_written(self, how):
        """Builds a query with the entity filters written otherwise than as one EXISTS each:
        ("joined", kind), that kind's as a join on its links, which a query can order by
        (_newest_ids); "together", all of them and the page's entity as one condition
        (_unordered). django-filter calls each filter's method on its own, so they read it here."""
        self._entities_as = how
        try:
            yield
        finally:
            self._entities_as = None

    @property
    def sample_order(self):
        """The order in which a set the summary counts takes the first results its link facets count
        (_first_rows): the page's when it is by date, otherwise newest first. Walking the titles to
        find 2,001 of a state's local exchanges read 220,000 of a million exchanges and tested each
        for the state (0.5 s); the date index holds the levels and reads 30,000 (0.09 s)."""
        return self.sort_order if self.sort_order in self.LINK_ORDERS else "-date"

    # The page's date orders as the links' own index in date order holds them (DatedLink).
    LINK_ORDERS = {"-date": ["-published_date", "-exchange_id"], "date": ["published_date", "exchange_id"]}

    def _first_ids_from_links(self, limit):
        """The ids of the first `limit` exchanges in date order (sample_order), read from the links
        alone, when the set is one summarised entity's exchanges with no other filter in force (its
        page, or its filter alone); None otherwise.

        A link holds its exchange's date while the exchange is published (DatedLink), so the
        entity's index of its links by date lists them in the page's order without the exchanges'
        table. Walking the catalogue's date index instead and testing each exchange for a link read
        244,000 of a million exchanges to find the first 2,001 of a university named by 10,000
        (150 ms). Only on a page of published exchanges, as the summary it follows from."""
        entity = self.summarised_entity
        if entity is None or self.active - {entity[0]}:
            return None
        kind, pk = entity
        link, field = LINKS[kind]
        links = link.objects.filter(**{f"{field}_id": pk, "published_date__isnull": False})
        # An organisation linked twice to an exchange (partner and sponsor) gives it twice, side by
        # side in that order: DISTINCT keeps one.
        rows = links.order_by(*self.LINK_ORDERS[self.sample_order])
        rows = rows.values_list("exchange_id", "published_date")
        return [row[0] for row in rows.distinct()[:limit]]

    def listed(self):
        """The queryset the page's rows are read from: `qs`, or, once this request has read every
        exchange it selects (_first_rows, for the counts: COUNT_CAP at most), those exchanges by id.

        The planner cannot tell how many exchanges a phrase, words found together or an entity's
        links select. Taking 20,000 of a million for a phrase that 615 match, it walks the date
        index and reads the search words of 41,000 rows to fill a page (0.3 s), where the 615
        ids already in hand are read and sorted in 12 ms. Not when sorted by relevance: the
        rank is read from the words of every match anyway.

        Read by id between the first and the last of their dates, which the filters no longer
        say: the planner takes the ids to be spread over the catalogue and walks the date index
        from the newest exchange, through every later one when they are old. 3,399 matches of
        `q=naiza&date_before=1990` were read in 1.33 s, 18 ms between their dates."""
        # Read only if the counts read it: a page whose counts were kept is read by the search.
        known = "_first_rows" in self.__dict__
        if not known or self.from_summary or self.over_cap or self.sort_order == "relevance":
            return self.qs
        listed = self.unlinked.filter(among(Exchange._meta.db_table, "id", self._first_ids))
        # The rows carry their date after the id and the other values (SAMPLE_VALUES).
        dates = [row[5] for row in self._first_rows if len(row) > 5]
        if dates:
            listed = listed.filter(date__range=(min(dates), max(dates)))
        return listed.order_by(*self.SORTS[self.sort_order])

    @functools.cached_property
    def _first_ids(self):
        return [row[0] for row in self._first_rows]

    # What counting reads (_first_rows, COUNT_CAP + 1 rows with their values, here and on the set
    # without each facet's own filter), of no use once the counts and the page are built.
    COUNTED = ("_first_rows", "_first_ids", "_shared_sample_counts", "_others_cache")

    def forget_counted(self):
        """Let go of the rows read for the counts, once the counts and the page are built.

        A FilterSet outlives its request: its filters refer back to it (django-filter's `parent`),
        and so does the template context that holds it, to itself. Only Python's full collection of
        cycles, which comes every few dozen requests, frees it and what it holds. Until then each
        search's rows (about 3 MB of Python objects for 10,001) stayed in the worker: one serving
        uncached searches peaked at 209-266 MB, where it now stays at 106-113 (bench/search_memory.py).
        Let go here, they are freed at once."""
        for others in self.__dict__.get("_others_cache", {}).values():
            others.forget_counted()  # Each outlives the request as this one does.
        for name in self.COUNTED:
            self.__dict__.pop(name, None)

    @functools.cached_property
    def _summary(self):
        """(total, {facet: {value: count}}, [(year, count)]) from the summary table, in one query."""
        entity = self.summarised_entity
        return summary_counts(
            self._summary_conditions, SUMMARY_FACETS, None if entity is None else entity_summary(*entity)
        )

    @functools.cached_property
    def _summary_conditions(self):
        """{filter name: Q over the summary table} for the structured filters in force."""
        cleaned = self.form.cleaned_data
        conditions = {}
        if cleaned.get("type"):
            conditions["type"] = Q(
                type__in=["" if each == NOT_RECORDED else each for each in cleaned["type"]]
            )
        for name in ("government", "continuing"):
            if cleaned.get(name):
                conditions[name] = Q(**{name: cleaned[name]})
        if cleaned.get("level"):
            conditions["level"] = functools.reduce(
                operator.or_, [SUMMARY_LEVELS[each] for each in cleaned["level"]]
            )
        if cleaned.get("year"):
            conditions["year"] = Q(year__gte=cleaned["year"][0], year__lte=cleaned["year"][1])
        if "date_after" in self.whole_year_dates:
            conditions["date_after"] = Q(last_year__gte=cleaned["date_after"][0].year)
        if "date_before" in self.whole_year_dates:
            conditions["date_before"] = Q(year__lte=cleaned["date_before"][1].year)
        return conditions

    def _others(self, name):
        """The FilterSet of every filter but `name`'s: what its facet counts (this one, when not in force)."""
        if name not in self.active:
            return self
        cache = self.__dict__.setdefault("_others_cache", {})
        if name not in cache:
            data = self.data.copy()
            data.pop(name, None)
            data.pop("page", None)
            others = type(self)(
                data, queryset=self.unlinked, whole_catalogue=self.whole_catalogue, linked_to=self.linked_to
            )
            # The search words are read once (a date in them, a correction), for the page and its facets,
            # and so are the entities named (its filters are among these).
            others._search_plan = getattr(self, "_search_plan", None)
            others.__dict__["selected"] = self.selected
            others.summaries_kept = self.summaries_kept
            # Fewer structured filters select more: when these select some exchanges, so do those.
            if not self.structured_select_none:
                others.__dict__["structured_select_none"] = False
            # A facet's own filter left out, a link facet counts its first results by their ids
            # alone; a value facet counts the values read with them (_shared_sample_counts), as
            # from the rows themselves rather than by joining the ids back to the table, which
            # PostgreSQL's planner does by reading the whole table's index (0.3-0.5 s among a
            # million exchanges for a filter on the most linked organisation's page).
            others.counts_links_only = name not in VALUE_FACETS
            cache[name] = others
        return cache[name]

    def _sample_ids(self, name, size=None):
        """The ids of the exchanges the facet `name` counts when the summary cannot: those under
        every filter but its own, at most `size` (COUNT_CAP) of them, as _first_rows reads them
        (all of them, so exact, when there are no more). Noted in `sampled` when there were more."""
        others = self._others(name)
        size = min(size or settings.COUNT_CAP, settings.COUNT_CAP)
        if others.over_cap or len(others._first_ids) > size:
            self.sampled.add(name)
        return others._first_ids[:size]

    @staticmethod
    def link_sample_size():
        """How many exchanges the partner, participant, place and country facets count at most: their
        counts read the link tables, a few rows per exchange, so fewer than COUNT_CAP."""
        return min(settings.LINK_FACET_SAMPLE, settings.COUNT_CAP)

    @functools.cached_property
    def _shared_sample_counts(self):
        """{facet: {value: count}} of the value facets over this set's first COUNT_CAP results: those
        whose own filter is not in force, or, on the set without a facet's own filter (_others),
        that facet. Only asked of a set the summary cannot count, whose first rows carry those
        values (_first_rows).

        Each facet is counted column by column (collections.Counter over one column of 10,000
        rows is a loop in C); the levels by their few stored spellings, parsed once each."""
        rows = self._first_rows[: settings.COUNT_CAP]
        words = {value: word for word, value in YES_NO_VALUES.items()}
        counts = {
            "type": _renamed(collections.Counter(row[1] for row in rows), lambda kind: kind or NOT_RECORDED),
            "government": _renamed(collections.Counter(row[2] for row in rows), words.__getitem__),
            "continuing": _renamed(collections.Counter(row[3] for row in rows), words.__getitem__),
            "year": collections.Counter(row[5].year for row in rows),
        }
        levels = collections.Counter()
        # A government exchange (or one not known to be) with no level recorded counts as "not recorded".
        for (stored, government), n in collections.Counter((row[4], row[2]) for row in rows).items():
            named = levels_from_stored(stored)
            levels.update(dict.fromkeys(named, n))
            if not named and government is not False:
                levels[NOT_RECORDED] += n
        counts["level"] = levels
        return counts

    def _count_shared_sample(self, name):
        """{value: count} of one value facet (as the filters read each value) over the first results
        under every filter but its own: this set's when its own is not in force."""
        self._sample_ids(name)  # Notes the facet as counted over the first results when they were more.
        return dict(self._others(name)._shared_sample_counts[name])

    def facet_counts(self, name):
        """{value: count} for one filter, under every other filter currently applied.

        The filter's own selection is left out so that a reader sees how many
        exchanges each other choice would add.
        """
        if self.from_summary:
            # Each facet of the summary is summed under every condition but its own.
            return self._summary[1][name]
        return self._count_shared_sample(name)

    def facets(self, name):
        """The choices of one filter as (value, label, count, selected), for the filter form. The
        labels are plain text in the active language: kept in the cache (kept_counts), a lazy
        translation is unpickled by building a class, which cost a fifth of a moderator's list."""
        counts = self.facet_counts(name)
        selected = set(self.data.getlist(name)) if hasattr(self.data, "getlist") else set()
        return [
            (value, str(label), counts.get(value, 0), value in selected)
            for value, label in self.filters[name].extra["choices"]
        ]

    def without(self, name):
        """The exchanges under every filter but `name`'s, unordered: what its facet counts."""
        return self._others(name).qs.order_by()

    def entity_facets(self, kind):
        """The entities of one kind most linked under the other filters: [(slug, name, count, selected)],
        most exchanges first, at most FACET_LIMIT, with those chosen that fall outside them added.

        Under no other filter, from the entities' own counts of published exchanges (one query on
        an index); otherwise one GROUP BY over the link table for the exchanges counted (see
        _sample_ids). An organisation that is both partner and sponsor of an exchange counts it once."""
        if self.whole_catalogue and not self.active - {kind}:
            rows = (
                ENTITY_MODELS[kind]
                .objects.with_published_exchanges()
                .order_by("-exchange_count", "name", "pk")
                .values(facet_slug=F("slug"), facet_name=F("name"), count=F("exchange_count"))[:FACET_LIMIT]
            )
        else:
            # From the link table, for the exchanges counted: one GROUP BY, the exchanges not joined.
            link, field = LINKS[kind]
            rows = most_linked(
                ENTITY_MODELS[kind], link, field, self._sample_ids(kind, self.link_sample_size()), FACET_LIMIT
            )
        # By their own slugs: the entity an old slug names is ticked where it is listed, and the
        # form, sent again, names it by its own.
        chosen = {entity.slug: entity for entity in self.entities_named(kind)}
        facets = [
            (row["facet_slug"], row["facet_name"], row["count"], row["facet_slug"] in chosen) for row in rows
        ]
        listed = {slug for slug, *_rest in facets}
        facets += [(slug, entity.name, None, True) for slug, entity in chosen.items() if slug not in listed]
        return self._told_apart(kind, facets)

    @staticmethod
    def _told_apart(kind, facets):
        """`facets` with where each place lies after the names two places of it share ("Portland ·
        Oregon", "Portland · Maine"): a query more, only then."""
        shared = {
            name
            for name, times in collections.Counter(name for _slug, name, *_rest in facets).items()
            if times > 1
        }
        if kind != "place" or not shared:
            return facets
        slugs = [slug for slug, name, *_rest in facets if name in shared]
        where = {
            place.slug: place.where for place in Place.objects.filter(slug__in=slugs).select_related("parent")
        }
        return [
            (slug, f"{name} · {where[slug]}" if where.get(slug) else name, *rest)
            for slug, name, *rest in facets
        ]

    def country_facets(self):
        """[(value, label, count, selected)] for the countries, counted in one GROUP BY over the
        places of the exchanges counted (see _sample_ids; an exchange with two places in one country
        counts once)."""
        codes = {code: value for value, code in COUNTRY_CODES.items()}
        rows = (
            ExchangePlace.objects.filter(
                among(
                    ExchangePlace._meta.db_table,
                    "exchange_id",
                    self._sample_ids("country", self.link_sample_size()),
                ),
                country__in=list(codes),
            )
            .values(facet_country=F("country"))
            .annotate(count=Count("exchange_id", distinct=True))
            .order_by()
        )
        counts = {codes[row["facet_country"]]: row["count"] for row in rows}
        sent = self.data.getlist("country") if hasattr(self.data, "getlist") else []
        selected = {each.lower() for each in sent}
        return [(value, str(label), counts.get(value, 0), value in selected) for value, label in COUNTRIES]

    def year_counts(self):
        """[(year, count)] under every filter but the year's: the timeline."""
        if self.from_summary:
            return self._summary[2]
        return sorted(self._count_shared_sample("year").items())

    @property
    def sampled_note(self):
        """What the page says above the facets when some were counted over COUNT_CAP of the results
        only: the first in the page's order when the summary answers the rest, otherwise as many
        as were found first (_first_rows)."""
        cap, links = settings.COUNT_CAP, self.link_sample_size()
        numbers = {"cap": f"{cap:,}", "links": f"{links:,}"}
        linked = self.sampled & {*LINKS, "country"}
        first = self.from_summary
        # The link facets count fewer exchanges than the others (link_sample_size): said when it shows.
        if not (linked and links < cap):
            fewer = ""
        elif first:
            fewer = " " + _("Partners, participants, places and countries: the first %(links)s.") % numbers
        else:
            fewer = " " + _("Partners, participants, places and countries: %(links)s of them.") % numbers
        if self.ranked_newest_only:
            return (
                _(
                    "More than %(cap)s exchanges match: the %(cap)s newest are ranked by relevance, and "
                    "counted here. Add words or filters to rank them all."
                )
                % numbers
                + fewer
            )
        if self.sampled & set(VALUE_FACETS):
            return _("Counts from %(cap)s of the results.") % numbers + fewer
        # Under a title sort, a set the summary counts gives its link facets its newest (sample_order).
        newest = first and self.sample_order != self.sort_order
        if self.sampled == {"country"}:
            if newest:
                return _("Counts of countries from the %(links)s newest results.") % numbers
            if first:
                return _("Counts of countries from the first %(links)s results.") % numbers
            return _("Counts of countries from %(links)s of the results.") % numbers
        if self.sampled:
            if newest:
                return (
                    _(
                        "Counts of partners, participants, places and countries "
                        "from the %(links)s newest results."
                    )
                    % numbers
                )
            if first:
                return (
                    _(
                        "Counts of partners, participants, places and countries "
                        "from the first %(links)s results."
                    )
                    % numbers
                )
            return (
                _("Counts of partners, participants, places and countries from %(links)s of the results.")
                % numbers
            )
        return ""


SUMMARY_LEVELS = {
    **{level: Q(levels__contains=f",{level},") for level in Exchange.Level.values},
    NOT_RECORDED: SUMMARY_LEVEL_NOT_RECORDED,
}
# Each value of each facet the summary answers, as a condition on its rows.
SUMMARY_FACETS = {
    "type": {
        value: Q(type="" if value == NOT_RECORDED else value)
        for value in [*Exchange.Type.values, NOT_RECORDED]
    },
    "level": SUMMARY_LEVELS,
    "government": {word: Q(government=word) for word in YES_NO_VALUES},
    "continuing": {word: Q(continuing=word) for word in YES_NO_VALUES},
}
