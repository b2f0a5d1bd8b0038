from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from . import citations, downloads, feeds, views
from .read_only import read_only
from .revalidation import revalidated
from .sitemaps import SITEMAPS, sitemap_index

app_name = "opendata"

urlpatterns = [
    path("exchanges.csv", downloads.exchanges_csv, name="csv"),
    path("exchanges.json", downloads.exchanges_json, name="json"),
    path("exchanges/feed/", feeds.exchange_feed, name="feed"),
    re_path(
        r"^exchanges/(?P<slug>[^/]+)/cite\.(?P<extension>bib|ris|json)$", citations.citation_file, name="cite"
    ),
    path("data/", views.data, name="data"),
    re_path(
        r"^data/(?P<name>[0-9.]+)/(?P<file_name>[A-Za-z0-9_.-]+)$", views.release_file, name="release-file"
    ),
    re_path(
        r"^data/latest/(?P<file_name>[A-Za-z0-9_.-]+)$", views.latest_release_file, name="latest-release-file"
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        read_only(revalidated(sitemap_index)),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "opendata:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        read_only(revalidated(sitemap_views.sitemap)),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
