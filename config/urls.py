from django.contrib import admin
from django.urls import include, path

from exchanges import views as exchange_views

urlpatterns = [
    path("", exchange_views.home, name="home"),
    path("about/", exchange_views.about, name="about"),
    path("exchanges/", include("exchanges.urls")),
    path("", include("contributions.urls")),
    path("admin/", admin.site.urls),
]
