from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views import ExchangeViewSet, WithdrawalViewSet

app_name = "api"

# Organisations, people and places are registered here once they exist.
router = DefaultRouter()
router.register("exchanges", ExchangeViewSet, basename="exchange")
router.register("withdrawn", WithdrawalViewSet, basename="withdrawn")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
