from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from entities import urls as entity_urls
from exchanges import views as exchange_views
from exchanges.search import other_spellings
from exchanges.urls import entity_page_patterns

# One `entities` namespace for the entities app's own addresses (the suggestions) and the
# catalogue's pages of organisations, people and places, which list exchanges and so live
# with the catalogue: the entities app never imports it. The suggestions are given the
# search's other spellings of a name ("Chou" for Zhou Enlai), as the index pages read them.
entities_patterns = [
    path("entities/", include(entity_urls.urlpatterns), {"other_spellings": other_spellings}),
    *entity_page_patterns,
]

# A moderator keeps the admin open beside the public site: its tabs and its heading name the site.
admin.site.site_header = _("U.S.-China Exchange Database moderation")
admin.site.site_title = _("U.S.-China Exchange Database admin")

urlpatterns = [
    # Pages that name no icon, such as the admin's, make browsers ask for /favicon.ico.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}img/favicon.svg")),
    path("", exchange_views.home, name="home"),
    path("about/", exchange_views.about, name="about"),
    # Open data: downloads, feeds and citation files (ahead of the catalogue's /exchanges/<slug>/),
    # the data page, robots.txt and the sitemap; the JSON API.
    path("", include("opendata.urls")),
    path("api/v1/", include("opendata.api.urls")),
    path("exchanges/", include("exchanges.urls")),
    path("", include((entities_patterns, "entities"))),
    path("", include("contributions.urls")),
    path("admin/", admin.site.urls),
]

# /healthz is answered by config.health.HealthCheckMiddleware, ahead of these.
# The 404 page is the API's JSON under /api/ (opendata/api/not_found.py), the site's elsewhere.
handler404 = "opendata.api.not_found.page_not_found"
# The same for a request refused before any view (more parameters than are read).
handler400 = "opendata.api.bad_request.bad_request"
handler500 = "config.errors.server_error"
