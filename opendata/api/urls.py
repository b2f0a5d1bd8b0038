from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from ..revalidation import revalidated
from .views import (
    ApiRootView,
    ExchangeViewSet,
    OrganisationViewSet,
    PersonViewSet,
    PlaceViewSet,
    WithdrawalViewSet,
    WithdrawnOrganisationViewSet,
    WithdrawnPersonViewSet,
    WithdrawnPlaceViewSet,
)

app_name = "api"

router = DefaultRouter()
router.APIRootView = ApiRootView
router.register("exchanges", ExchangeViewSet, basename="exchange")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("places", PlaceViewSet, basename="place")
router.register("withdrawn", WithdrawalViewSet, basename="withdrawn")
# Beside the exchanges withdrawn rather than under each list: a slug there ("withdrawn") is an entity's.
router.register("withdrawn/organisations", WithdrawnOrganisationViewSet, basename="withdrawn-organisation")
router.register("withdrawn/people", WithdrawnPersonViewSet, basename="withdrawn-person")
router.register("withdrawn/places", WithdrawnPlaceViewSet, basename="withdrawn-place")

# The schema and the documentation are not counted against the rate limit (throttle_classes): they
# read no record, and a reader browsing the docs page, which loads the schema each time, would use
# up the quota their scripts need.
urlpatterns = [
    # With an ETag, as every answer of the API: a client built from the schema revalidates it.
    path("schema/", revalidated(SpectacularAPIView.as_view(throttle_classes=[])), name="schema"),
    # Swagger UI (served from this site, with its start-up script as a file of its own) under the
    # site's own band (templates/opendata/api_docs.html). It sets inline styles as it draws: this
    # page alone allows them.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:schema", template_name="opendata/api_docs.html", throttle_classes=[]
            )
        ),
        name="docs",
    ),
    path("", include(router.urls)),
]
