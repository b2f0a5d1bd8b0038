"""The read-only JSON API: exchanges with the catalogue's filters, the withdrawn ones for mirrors, and the
organisations, people and places exchanges link to."""

from django.conf import settings
from django.utils.http import http_date
from django.views.decorators.http import conditional_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.pagination import CursorPagination

from entities.models import Organisation, Person, Place
from exchanges.filters import ExchangeFilter
from exchanges.models import Exchange

from ..models import Withdrawal
from .filters import ApiExchangeFilter, OrganisationFilter, PersonFilter, PlaceFilter, WithdrawalFilter
from .serializers import (
    ExchangeSerializer,
    OrganisationSerializer,
    PersonSerializer,
    PlaceSerializer,
    WithdrawalSerializer,
)


class ExchangeCursorPagination(CursorPagination):
    """Pages that stay put while exchanges are added, in the order the `sort` parameter asks for."""

    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ExchangeFilter.SORTS["-date"]

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)

    def get_ordering(self, request, queryset, view):
        # `sort` was validated by the filter backend before pagination runs.
        return tuple(ExchangeFilter.SORTS.get(request.query_params.get("sort"), self.ordering))


class EntityCursorPagination(CursorPagination):
    """Entities by name; the id breaks ties between namesakes so the cursor never skips one."""

    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ("name", "id")

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)


class WithdrawalCursorPagination(CursorPagination):
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ("-withdrawn_at", "-id")

    def get_page_size(self, request):
        self.page_size = settings.API_PAGE_SIZE
        return super().get_page_size(request)


class ConditionalMixin:
    """An ETag on every answer (a hash of its body) and 304 Not Modified when it still matches;
    Last-Modified where one record is answered."""

    last_modified = None

    def dispatch(self, request, *args, **kwargs):
        return conditional_page(super().dispatch)(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if response.status_code == 200 and self.last_modified:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        return response


BAD_PARAMETERS = OpenApiResponse(
    OpenApiTypes.OBJECT, description="A parameter did not validate: {parameter: [messages]}."
)
NOT_FOUND = OpenApiResponse(OpenApiTypes.OBJECT, description="No such page or record: {detail: message}.")
THROTTLED = OpenApiResponse(OpenApiTypes.OBJECT, description="Too many requests; see Retry-After.")


@extend_schema_view(
    list=extend_schema(
        summary="Published exchanges, filtered like the catalogue",
        responses={200: ExchangeSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND, 429: THROTTLED},
    ),
    retrieve=extend_schema(
        summary="One published exchange, by its slug",
        responses={200: ExchangeSerializer, 400: BAD_PARAMETERS, 404: NOT_FOUND, 429: THROTTLED},
    ),
)
class ExchangeViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Exchange.objects.published().for_detail().with_entities()
    serializer_class = ExchangeSerializer
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ApiExchangeFilter
    pagination_class = ExchangeCursorPagination

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self.last_modified = self.object.updated
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

    queryset = Withdrawal.objects.all()
    serializer_class = WithdrawalSerializer
    filter_backends = [DjangoFilterBackend]
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
        retrieve=extend_schema(summary=f"One of the {plural}, by its slug", responses=responses),
    )
    class EntityViewSet(ConditionalMixin, viewsets.ReadOnlyModelViewSet):
        serializer_class = serializer
        lookup_field = "slug"
        lookup_value_regex = "[^/]+"
        filter_backends = [DjangoFilterBackend]
        filterset_class = filterset
        pagination_class = EntityCursorPagination

        def get_queryset(self):
            # Each entity keeps its number of published exchanges (exchange_count, exchanges/counts.py).
            entities = model.objects.all()
            if model is Place:
                entities = entities.select_related("parent")
            return entities.prefetch_related("aliases")

        def retrieve(self, request, *args, **kwargs):
            response = super().retrieve(request, *args, **kwargs)
            self.last_modified = self.object.updated
            return response

        def get_object(self):
            self.object = super().get_object()
            return self.object

    EntityViewSet.__name__ = EntityViewSet.__qualname__ = f"{model.__name__}ViewSet"
    return EntityViewSet


OrganisationViewSet = entity_views(Organisation, OrganisationSerializer, OrganisationFilter, "organisations")
PersonViewSet = entity_views(Person, PersonSerializer, PersonFilter, "people")
PlaceViewSet = entity_views(Place, PlaceSerializer, PlaceFilter, "places")
