"""The read-only JSON API: exchanges with the catalogue's filters, the withdrawn ones for mirrors, and the
organisations, people and places exchanges link to."""

from base64 import b64decode, b64encode
from urllib.parse import parse_qs, urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Lower
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, routers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param

from entities.models import DeletedEntity, Organisation, Person, Place
from exchanges.filters import ExchangeFilter, sent_more_than_once
from exchanges.models import Exchange

from ..filtering import date_left_out, former_slugs, searched_as_date, searched_instead, unknown_parameters
from ..models import Withdrawal
from ..revalidation import revalidated
from .filters import (
    ENTITY_PARAMETERS,
    ApiExchangeFilter,
    EntityWithdrawalFilter,
    OrganisationFilter,
    PersonFilter,
    PlaceFilter,
    WithdrawalFilter,
)
from .serializers import (
    EntityWithdrawalSerializer,
    ExchangeSerializer,
    OrganisationSerializer,
    PersonSerializer,
    PlaceSerializer,
    WithdrawalSerializer,
)


class CheckedPageSize:
    """`page_size` read as any parameter: a whole number from 1 (more than 500 gives 500), the
    default when absent or empty, and 400 naming it otherwise, where DRF gave the default page
    without a word."""

    page_size_query_param = "page_size"
    max_page_size = 500
    page_size_field = forms.IntegerField(min_value=1, required=False)

    def refuse_repeated(self, request):
        """`page`, `page_size` or `cursor` sent twice gets 400 naming it, as every parameter that takes
        one value does (SentOnceForm), where the last one sent was read without a word: a script that
        appended `page=2` to an address already holding `page=1` was given another page than it
        meant. The API's own `next` and `previous` replace them, never repeat them."""
        errors = {}
        for name in (self.page_size_query_param, "page", "cursor"):
            values = request.query_params.getlist(name)
            if len(values) > 1:
                errors[name] = [sent_more_than_once(name, values)]
        if errors:
            raise ValidationError(errors)

    def get_page_size(self, request):
        try:
            size = self.page_size_field.clean(request.query_params.get(self.page_size_query_param))
        except DjangoValidationError as error:
            raise ValidationError({self.page_size_query_param: error.messages}) from None
        return min(size, self.max_page_size) if size else settings.API_PAGE_SIZE

    def get_schema_operation_parameters(self, view):
        # DRF's words ("Number of results to return per page.") said neither the default nor the
        # largest, and a client asking for 1,000 got 500 without knowing why.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                # No `maximum`: a larger number is served (as max_page_size), as Google's AIP-158
                # asks, so the schema does not call invalid what the API answers with 200.
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"How many results a page holds: {settings.API_PAGE_SIZE} when absent, at most "
                    f"{self.max_page_size} (a larger number gives {self.max_page_size})."
                )
        return parameters


class CheckedCursorPagination(CheckedPageSize, CursorPagination):
    """A cursor whose position is not a value of the column it pages by (one edited by hand, or
    from another sort) gets 400 naming the cursor, as any parameter that does not validate,
    rather than an error when the database is asked for it."""

    invalid_cursor = "This cursor cannot be read; start again from the first page and follow `next`."
    # What a page number gets here: it would be ignored, the first page given as if it were that one.
    paged_by_cursor = "This list is read with a cursor: start from the first page and follow `next`."
    # The column whose values the cursor's position takes: the first of the ordering's by default.
    position_field = None

    def paginate_queryset(self, queryset, request, view=None):
        self.refuse_repeated(request)
        # page=1 is the first page, which a cursor's list starts with: a client paging every list the
        # same way (page=1, then `next`) was refused. Another number, or 1 beside a cursor, is not.
        page = request.query_params.get("page")
        if page and (page != "1" or request.query_params.get(self.cursor_query_param)):
            raise ValidationError({"page": [self.paged_by_cursor]})
        self.model = queryset.model
        self.sort = self.sort_sent(request)
        return super().paginate_queryset(queryset, request, view)

    def sort_sent(self, request):
        """The name of the order the pages are in, which the cursor carries; None where there is one."""
        return None

    def encode_cursor(self, cursor):
        """DRF's cursor (offset `o`, reverse `r`, position `p`) and the sort it was taken under (`s`),
        its link without `page` (page=1 was carried into `next`)."""
        tokens = {"o": cursor.offset or None, "r": "1" if cursor.reverse else None, "p": cursor.position}
        tokens["s"] = self.sort
        querystring = urlencode({name: value for name, value in tokens.items() if value is not None})
        encoded = b64encode(querystring.encode("ascii")).decode("ascii")
        return replace_query_param(
            remove_query_param(self.base_url, "page"), self.cursor_query_param, encoded
        )

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from None
        taken_under = self.sort_taken_under(request)
        if taken_under and taken_under != self.sort:
            # Its position is a value of another column (a date where a title is compared, or the
            # same column the other way): a page of other rows was given without a word.
            raise ValidationError(
                {
                    self.cursor_query_param: [
                        f"This cursor was taken with sort={taken_under}, not sort={self.sort}: "
                        f"send it with sort={taken_under}, or start again from the first page."
                    ]
                }
            )
        if cursor is not None and cursor.position is not None:
            column = self.model._meta.get_field(self.position_field or self.ordering[0].lstrip("-"))
            try:
                column.to_python(cursor.position)
                # PostgreSQL holds no NUL in a text, and raises when a title or name compared has one.
                ProhibitNullCharactersValidator()(cursor.position)
            except DjangoValidationError:
                raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from None
        return cursor

    def sort_taken_under(self, request):
        """The sort a cursor names (`s`), or None: cursors given before they named one are read as before."""
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded or self.sort is None:
            return None
        tokens = parse_qs(b64decode(encoded.encode("ascii")).decode("ascii"), keep_blank_values=True)
        return tokens.get("s", [None])[0]


class RelevancePagination(CheckedPageSize, PageNumberPagination):
    """Search results by relevance, paged by number: a rank is no column to keep a cursor on (and
    ranks tie). `next` and `previous` are followed as the cursor's are."""

    invalid_page_message = "There is no page {page_number} of these results; start again from the first page."

    def paginate_queryset(self, queryset, request, view=None):
        # Sorting by relevance ranks at most COUNT_CAP matches, the newest (ExchangeFilter.best_candidates):
        # the filter, kept on the view (KeptFilterBackend), knows whether more matched.
        self.filterset = getattr(view, "filterset", None)
        self.capped = getattr(self.filterset, "ranked_newest_only", False)
        self.refuse_repeated(request)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as error:
            raise ValidationError({self.page_query_param: [error.detail]}) from None

    def get_paginated_response(self, data):
        # Its links are numbered; a cursor sent with it would only be carried along.
        links = [
            remove_query_param(link, "cursor") if link else None
            for link in (self.get_next_link(), self.get_previous_link())
        ]
        # What the site's list says as "More than 10,000 exchanges", said to a program: the pages hold
        # `count` exchanges, and when `count_is_capped`, more match than are ranked.
        return Response(
            {
                "count": self.page.paginator.count,
                "count_is_capped": self.capped,
                "showing_results_for": searched_instead(self.filterset),
                "searched_as_date": searched_as_date(self.filterset),
                "date_left_out": date_left_out(self.filterset),
                "former_slugs": former_slugs(self.filterset),
                "next": links[0],
                "previous": links[1],
                "results": data,
            }
        )


class ExchangeCursorPagination(CheckedCursorPagination):
    """Pages that stay put while exchanges are added, in the order the `sort` parameter asks for;
    by number when it asks for relevance."""

    ordering = ExchangeFilter.SORTS["-date"]
    by_number = None
    paged_by_cursor = "Only sort=relevance is paged by number: start from the first page and follow `next`."

    def get_ordering(self, request, queryset, view):
        return tuple(ExchangeFilter.SORTS[self.sort_sent(request)])

    def sort_sent(self, request):
        # `sort` was validated by the filter backend before pagination runs; absent or empty, newest first.
        return request.query_params.get("sort") or "-date"

    def paginate_queryset(self, queryset, request, view=None):
        self.filterset = getattr(view, "filterset", None)
        if request.query_params.get("sort") == "relevance":
            # The filter has ranked the matches and ordered them by rank.
            self.by_number = RelevancePagination()
            return self.by_number.paginate_queryset(queryset, request, view)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.by_number:
            return self.by_number.get_paginated_response(data)
        response = super().get_paginated_response(data)
        response.data = {
            "showing_results_for": searched_instead(self.filterset),
            "searched_as_date": searched_as_date(self.filterset),
            "date_left_out": date_left_out(self.filterset),
            "former_slugs": former_slugs(self.filterset),
            **response.data,
        }
        return response

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["properties"] = {**RANKED_COUNT, **SHOWING_RESULTS_FOR, **paged["properties"]}
        return paged

    def get_schema_operation_parameters(self, view):
        # Sorted by relevance the pages are numbered: without it, a client built from the schema
        # could not ask for one.
        return [*super().get_schema_operation_parameters(view), RANKED_PAGE]


# What an answer sorted by relevance adds to its page (RelevancePagination), in the schema.
RANKED_COUNT = {
    "count": {
        "type": "integer",
        "description": "With sort=relevance only: how many exchanges its pages hold, "
        "a lower bound of the matches when count_is_capped.",
        "example": 123,
    },
    "count_is_capped": {
        "type": "boolean",
        "description": "With sort=relevance only: true when more exchanges match than are ranked "
        "(the newest COUNT_CAP, 10,000 by default); the pages, and `next`, end with those.",
    },
}


# What every page of exchanges says of its search, in the schema.
SHOWING_RESULTS_FOR = {
    "showing_results_for": {
        "type": "string",
        "nullable": True,
        "description": "The search these results are for when it is not `q` as sent, as the site's list "
        'says "Showing results for …": a misspelt word that finds (almost) nothing is corrected '
        '(`q=Henry Kisinger` gives the results for "Henry Kissinger"), and names joined by a dash that '
        "are never written together are searched apart. Null when `q` was searched as sent, or not sent. "
        'Quote a word to have it searched exactly as sent (`q="Kisinger"`).',
        "example": "Henry Kissinger",
    },
    "searched_as_date": {
        "type": "string",
        "nullable": True,
        "description": "The date `q` named, as sent, when it was searched as a date, as the site's list says "
        '"Searching “1972” as a date.": a year, a range of years, a month and year or a decade standing '
        "apart (`q=Nixon 1972` gives the exchanges of 1972 that match Nixon and names `1972`; also "
        "`2009-2016`, `1970s`, `1972年`). Null when `q` named no date, or when nothing matched in it and "
        'the date was searched as a word. Quote it to have it searched as a word (`q=Nixon "1972"`).',
        "example": "1972",
    },
    "date_left_out": {
        "type": "object",
        "nullable": True,
        "properties": {"date": {"type": "string"}, "mistake": {"type": "string"}},
        "description": "The date `q` named, as sent, and what is wrong with it, when it holds a mistake "
        "and was left out of the search, as a date filter that cannot be used is, as the site's list says "
        '"“1980s-70s” could not be searched as a date and was left out. The span ends before it begins.": '
        "(`q=Nixon Q5 1972` gives the exchanges that match Nixon, and "
        '`{"date": "Q5 1972", "mistake": "“Q5” is not a quarter: a year has four, Q1 to Q4."}`). '
        "Null when `q` named no date, or one that could be searched.",
        "example": {"date": "1980s-70s", "mistake": "The span ends before it begins."},
    },
    "former_slugs": {
        "type": "object",
        "nullable": True,
        "additionalProperties": {"type": "object", "additionalProperties": {"type": "string"}},
        "description": "The slugs sent in `organisation`, `person` or `place` that were the address of an "
        "entity merged into another since, each with the slug of the entity kept, which was read in its "
        'place, as the site\'s list says "“chou-en-lai” is now Zhou Enlai.": {parameter: {slug sent: slug '
        'kept}} (`person=chou-en-lai` gives `{"person": {"chou-en-lai": "zhou-enlai"}}`). Send the slug '
        "kept from then on. Null when no slug sent was a former one.",
        "example": {"person": {"chou-en-lai": "zhou-enlai"}},
    },
}


RANKED_PAGE = {
    "name": "page",
    "required": False,
    "in": "query",
    "description": "With sort=relevance only: the number of the page (1, 2…), as `next` gives it. "
    "Under any other sort the pages are read with `cursor`, and a `page` other than 1 gets 400.",
    "schema": {"type": "integer", "minimum": 1},
}


class KnownParametersBackend(DjangoFilterBackend):
    """A list's filters, refusing (400, naming it and what the list takes) a parameter that neither
    they nor the paging read, where it was dropped and every record listed as if it had selected
    them (`organization=…`, `date_from=…`). One record's address reads none: it is not checked."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None and not view.detail:
            known = {*filterset.form.fields, "page", "page_size", "cursor", api_settings.URL_FORMAT_OVERRIDE}
            if unknown := unknown_parameters(request.query_params, known):
                raise ValidationError(unknown)
        return filterset


class KeptFilterBackend(KnownParametersBackend):
    """The catalogue's filters, their FilterSet kept on the view for its pagination to read."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class EntityCursorPagination(CheckedCursorPagination):
    """Entities by name as the site's index orders them, whatever the case (exchanges.views.INDEX_SORTS):
    the database's collation compares bytes, and "CCTV America" came before "California". The id
    breaks ties between namesakes so the cursor never skips one."""

    ordering = ("name_folded", "id")
    position_field = "name"

    def paginate_queryset(self, queryset, request, view=None):
        return super().paginate_queryset(queryset.annotate(name_folded=Lower("name")), request, view)


class WithdrawalCursorPagination(CheckedCursorPagination):
    ordering = ("-withdrawn_at", "-id")


class EntityWithdrawalCursorPagination(CheckedCursorPagination):
    ordering = ("-deleted_at", "-id")


class ConditionalMixin:
    """An ETag on every answer (a hash of its body), for HEAD as for GET, and 304 Not Modified when
    it still matches; Last-Modified where one exchange is answered (last_changed())."""

    last_modified = None

    def dispatch(self, request, *args, **kwargs):
        return revalidated(super().dispatch)(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and self.last_modified:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        return response


class RecordNotFoundMixin:
    """One record that is not there: 404 naming the slug asked for and where to look instead (the list's
    search, the list of those withdrawn), where Django REST framework said "No Exchange matches the
    given query.", naming a model and no way on. `missing` says it ("No published exchange has the
    slug …"); the list's and the withdrawn list's addresses are the router's names of the view."""

    # Set by each view: "{slug}" in the one, "{search}" and "{withdrawn}" in the other.
    missing = look_instead = withdrawn_view = None

    def handle_exception(self, exc):
        if self.detail and isinstance(exc, Http404):
            exc = NotFound(self.not_found_detail())
        return super().handle_exception(exc)

    def not_found_detail(self):
        listed = self.request.resolver_match.view_name.removesuffix("-detail") + "-list"
        search, withdrawn = (
            self.request.build_absolute_uri(reverse(name)) for name in (listed, self.withdrawn_view)
        )
        slug = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        return " ".join(
            [self.missing.format(slug=slug), self.look_instead.format(search=search, withdrawn=withdrawn)]
        )


class RecordOptionsMixin(RecordNotFoundMixin):
    """OPTIONS on one record answers 404 when GET would, where Django REST framework described the
    record whether or not it exists: a client probing an address was told it was there. Whether it
    exists is read as GET reads it (the same queryset and filters), its id alone in one query, and
    its absence said as GET says it (RecordNotFoundMixin)."""

    def options(self, request, *args, **kwargs):
        if self.detail:
            lookup = {self.lookup_field: self.kwargs[self.lookup_url_kwarg or self.lookup_field]}
            records = self.filter_queryset(self.get_queryset()).prefetch_related(None)
            get_object_or_404(records.values("pk"), **lookup)
        return super().options(request, *args, **kwargs)


class ApiRootView(ConditionalMixin, routers.APIRootView):
    """The collections, with an ETag as every answer of the API has."""


EVERY_MATCH = """The catalogue's parameters select the same exchanges as the site's list.

By date (the default, newest first; `sort=date` oldest first) or by title, the pages are read with a cursor:
follow `next` until it is null and every exchange selected has been read. A cursor is read under the sort it
was taken with: sent with another `sort`, it gets 400 naming both.

With `sort=relevance` (which needs `q`) the pages are numbered (`page=2`) and the answer also says `count`,
how many exchanges its pages hold, and `count_is_capped`. Ranking is capped, as on the site's list ("More
than 10,000 exchanges"): when more exchanges match than COUNT_CAP (10,000 unless the site says otherwise),
only the newest COUNT_CAP of them are ranked, `count_is_capped` is true, `count` is a lower bound of the
matches, and `next` ends with the last of those ranked.

To read every match, sort by date (`sort=-date`, the default, or `sort=date`) and follow `next`, or
download them (`/exchanges.json?q=…&sort=relevance`, `/exchanges.csv?…`): a download ranks every match.

`q` is read as the site's search reads it. A misspelt word that finds (almost) nothing is corrected, and
names joined by a dash that are never written together are searched apart: the results are then those of
another search, which every page names in `showing_results_for` (null when `q` was searched as sent), as
the site's list says "Showing results for …". Quote a word to have it searched exactly as sent.

A date standing apart in `q` (`q=Nixon 1972`, `2009-2016`, `1970s`, `1972年`) narrows the results to that date
when something matches in it, and every page names it, as sent, in `searched_as_date` (null otherwise, and
when nothing matched in it and it was searched as a word), as the site's list says "Searching “1972” as a
date." Quote it (`q=Nixon "1972"`) to have it searched as a word. A date with a mistake (`q=Nixon Q5 1972`,
`1980s-70s`) is left out of the search, and every page names it with its mistake in `date_left_out`
(`{"date": "Q5 1972", "mistake": "“Q5” is not a quarter: a year has four, Q1 to Q4."}`; null otherwise),
as the site's list says "“Q5 1972” could not be searched as a date and was left out."

The slug of an entity since merged into another (`person=chou-en-lai`, Chou En-lai merged into Zhou Enlai)
names the entity kept: the exchanges are Zhou Enlai's, and every page names each such slug with the slug
read in its place in `former_slugs` (`{"person": {"chou-en-lai": "zhou-enlai"}}`; null when none was sent),
as the site's list says "“chou-en-lai” is now Zhou Enlai."; the entity's own address answers 301 to
the one kept. A slug no entity of the kind ever had matches nothing."""


def last_changed(exchange):
    """When the record the API answers for `exchange` last changed, at the latest: the exchange, whose
    `updated` moves when an entity the record lists is renamed, merged or deleted
    (exchanges/entity_changes.py), or, when later, an entity it names, whose own date moves with any
    edit of it. The entities are those with_entities() read for the record already."""
    links = [
        *(link.organisation for link in exchange.organisation_links.all()),
        *(link.person for link in exchange.person_links.all()),
        *(link.place for link in exchange.place_links.all()),
    ]
    return max([exchange.updated, *(entity.updated for entity in links)])


BAD_PARAMETERS = OpenApiResponse(
    OpenApiTypes.OBJECT, description="A parameter did not validate: {parameter: [messages]}."
)
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="No such page or record: {detail: message}.")
MERGED_INTO_ANOTHER = OpenApiResponse(
    description="The address of an entity merged into another: Location is the address of the one kept "
    "(the newest, after later merges), with the same query."
)
THROTTLED = OpenApiResponse(OpenApiTypes.OBJECT, description="Too many requests; see Retry-After.")


@extend_schema_view(
    list=extend_schema(
        summary="Published exchanges, filtered like the catalogue",
        description=EVERY_MATCH,
        parameters=ENTITY_PARAMETERS,
        responses={200: ExchangeSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND, 429: THROTTLED},
    ),
    retrieve=extend_schema(
        summary="One published exchange, by its slug",
        responses={200: ExchangeSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND, 429: THROTTLED},
    ),
)
class ExchangeViewSet(ConditionalMixin, RecordOptionsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Exchange.objects.published().for_detail().with_entities()
    serializer_class = ExchangeSerializer
    missing = "No published exchange has the slug “{slug}”."
    look_instead = (
        "Search the published exchanges at {search}?q=<words>; one withdrawn (unpublished or deleted) "
        "is listed, with the reason given, at {withdrawn}."
    )
    withdrawn_view = "api:withdrawn-list"
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    filter_backends = [KeptFilterBackend]
    filterset_class = ApiExchangeFilter
    pagination_class = ExchangeCursorPagination

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self.last_modified = last_changed(self.object)
        return response

    def get_object(self):
        self.object = super().get_object()
        return self.object


@extend_schema_view(
    list=extend_schema(
        summary="Exchanges that were published and no longer are",
        responses={200: WithdrawalSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND, 429: THROTTLED},
    )
)
class WithdrawalViewSet(ConditionalMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Slugs of exchanges that were published and have been withdrawn: a mirror deletes these."""

    # The reason the page left at its address gives (exchanges.views.withdrawn), read beside each
    # tombstone in the list's one query; "" for one deleted, which leaves no record to give one.
    queryset = Withdrawal.objects.annotate(
        reason=Coalesce(
            Subquery(
                Exchange.objects.withdrawn().filter(slug=OuterRef("slug")).values("withdrawal_reason")[:1]
            ),
            Value(""),
            output_field=TextField(),
        )
    )
    serializer_class = WithdrawalSerializer
    filter_backends = [KnownParametersBackend]
    filterset_class = WithdrawalFilter
    pagination_class = WithdrawalCursorPagination


def entity_views(model, serializer, filterset, plural):
    """A list and a detail by slug for one kind of entity."""
    responses = {200: serializer, 400: BAD_PARAMETERS, 404: NOT_FOUND, 429: THROTTLED}

    @extend_schema_view(
        list=extend_schema(
            summary=f"{plural.capitalize()}, by name, each with its number of published exchanges",
            responses=responses,
        ),
        retrieve=extend_schema(
            summary=f"One of the {plural}, by its slug",
            responses={**responses, 301: MERGED_INTO_ANOTHER},
        ),
    )
    class EntityViewSet(ConditionalMixin, RecordOptionsMixin, viewsets.ReadOnlyModelViewSet):
        serializer_class = serializer
        # One merged into another answers 301 to it (to_entity_kept): one not found was deleted, or never was.
        missing = f"No {model._meta.model_name} has the slug “{{slug}}”."
        look_instead = (
            f"Find {plural} by name at {{search}}?q=<name>; one deleted is listed at {{withdrawn}}."
        )
        withdrawn_view = f"api:withdrawn-{model._meta.model_name}-list"
        lookup_field = "slug"
        lookup_value_regex = "[^/]+"
        filter_backends = [KnownParametersBackend]
        filterset_class = filterset
        pagination_class = EntityCursorPagination

        def get_queryset(self):
            # Each entity keeps its number of published exchanges (exchange_count, exchanges/counts.py).
            entities = model.objects.all()
            if model is Place:
                entities = entities.select_related("parent")
            return entities.prefetch_related("aliases")

        def retrieve(self, request, *args, **kwargs):
            # No Last-Modified: its `updated` follows the site's own writes of what the record shows
            # (its aliases, its count of exchanges), not a write by hand, and a date in whole seconds
            # does not tell apart two changes within one: a client sending it back could be told 304
            # with the record changed. Its ETag says whether it changed.
            try:
                return super().retrieve(request, *args, **kwargs)
            except Http404 as not_found:
                return self.to_entity_kept(request, not_found)

        def options(self, request, *args, **kwargs):
            # A former address leads to the one kept for OPTIONS too, as GET's does.
            try:
                return super().options(request, *args, **kwargs)
            except Http404 as not_found:
                return self.to_entity_kept(request, not_found)

        def to_entity_kept(self, request, not_found):
            """The entity that the one at this address was merged into, for good (301), as the site's
            page leads there: clients keep addresses. Read only when no entity lives there; the
            address's 404, `not_found`, when no entity of the kind ever had it."""
            kept = model.objects.kept_for(self.kwargs[self.lookup_field])
            if kept is None:
                raise not_found
            url = reverse(
                request.resolver_match.view_name, kwargs={**self.kwargs, self.lookup_field: kept.slug}
            )
            query = request.META.get("QUERY_STRING")
            return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)

    EntityViewSet.__name__ = EntityViewSet.__qualname__ = f"{model.__name__}ViewSet"
    return EntityViewSet


OrganisationViewSet = entity_views(Organisation, OrganisationSerializer, OrganisationFilter, "organisations")
PersonViewSet = entity_views(Person, PersonSerializer, PersonFilter, "people")
PlaceViewSet = entity_views(Place, PlaceSerializer, PlaceFilter, "places")


def entity_withdrawal_views(model, plural):
    """The addresses of one kind of entity deleted or merged into another, as the exchanges withdrawn."""

    @extend_schema_view(
        list=extend_schema(
            summary=f"{plural.capitalize()} deleted or merged into another, with the one kept",
            responses={200: EntityWithdrawalSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND, 429: THROTTLED},
        )
    )
    class EntityWithdrawalViewSet(ConditionalMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
        __doc__ = (
            f"Slugs of {plural} deleted, or merged into another (`merged_into`): a mirror of the "
            f"{plural} (their list's `modified_after`) deletes these, newest first."
        )
        serializer_class = EntityWithdrawalSerializer
        filter_backends = [KnownParametersBackend]
        filterset_class = EntityWithdrawalFilter
        pagination_class = EntityWithdrawalCursorPagination

        def get_queryset(self):
            return DeletedEntity.objects.gone(model)

    EntityWithdrawalViewSet.__name__ = EntityWithdrawalViewSet.__qualname__ = (
        f"Withdrawn{model.__name__}ViewSet"
    )
    return EntityWithdrawalViewSet


WithdrawnOrganisationViewSet = entity_withdrawal_views(Organisation, "organisations")
WithdrawnPersonViewSet = entity_withdrawal_views(Person, "people")
WithdrawnPlaceViewSet = entity_withdrawal_views(Place, "places")
