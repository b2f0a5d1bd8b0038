"""The sitemaps: every address search engines should know, under SITE_URL whatever host was asked."""

import functools
import math
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max
from django.urls import reverse

from entities.models import Organisation, Person, Place
from exchanges.models import Exchange


def site_address():
    """SITE_URL's scheme, and the rest before a page's path (its host, and any path it has), as a
    sitemap's `protocol` and `get_domain()` take them: `{scheme}://{rest}{path}` is the page's
    permanent address, as the records' canonical links and the API's `url` write it."""
    site = urlsplit(settings.SITE_URL)
    return site.scheme, site.netloc + site.path.rstrip("/")


def on_site(path):
    """The permanent address of `path` (a page's path, and its query if any): under SITE_URL, as
    site_address() reads it. For the addresses that Django writes on the host asked."""
    scheme, domain = site_address()
    return f"{scheme}://{domain}{path}"


class SiteSitemap(Sitemap):
    """A sitemap of addresses under SITE_URL, whatever host was asked: Django's are on the host and
    scheme of the request (get_current_site), and a site answering under a second host listed that
    host's pages, which search engines took for pages of their own beside the canonical ones."""

    @property
    def protocol(self):
        return site_address()[0]

    def get_domain(self, site=None):
        return site_address()[1]


def sitemap_index(request, **kwargs):
    """Django's sitemap index, each section linked under SITE_URL. Its links take the sections'
    `protocol` but the host asked, which no setting of a sitemap changes: set here before the
    index is drawn."""
    response = sitemap_views.index(request, **kwargs)
    for section in response.context_data["sitemaps"]:
        address = urlsplit(section.location)
        section.location = on_site(address.path + (f"?{address.query}" if address.query else ""))
    return response


class PageSitemap(SiteSitemap):
    """The pages that are not records: home, the catalogue, about, the data page, the API docs."""

    def items(self):
        return ["home", "exchanges:list", "about", "opendata:data", "api:docs"]

    def location(self, name):
        return reverse(name)


class IdRangePaginator(Paginator):
    """Sections of a sitemap by ranges of ids: section n holds the items whose id is in
    ((n - 1) * per_page, n * per_page], in one range read of the primary key, however deep.

    Django's sections are slices of the items in order: section 95 of a million exchanges skipped
    940,000 of them (2 s uncached), and a withdrawal moved every later exchange to the section
    before. A section holds at most per_page items (fewer where ids went to drafts or to exchanges
    since withdrawn or deleted) and an item never changes section."""

    @functools.cached_property
    def num_pages(self):
        highest = self.object_list.aggregate(highest=Max("pk"))["highest"] or 0
        return max(1, math.ceil(highest / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        low = (number - 1) * self.per_page
        return self._get_page(self.object_list.filter(pk__gt=low, pk__lte=low + self.per_page), number, self)


class ExchangeSitemap(SiteSitemap):
    """Every published exchange, with when it last changed."""

    limit = 10000

    @property
    def paginator(self):
        return IdRangePaginator(self._items(), self.limit)

    def items(self):
        return Exchange.objects.published().only("slug", "updated").order_by("id")

    def lastmod(self, exchange):
        return exchange.updated

    def get_latest_lastmod(self):
        """The sitemap index's date for this section, in one aggregate: Django's default calls
        lastmod() on every item, reading each published exchange (11 s for a million)."""
        return self.items().aggregate(latest=Max("updated"))["latest"]


class EntitySitemap(SiteSitemap):
    """The pages of the organisations, people or places (`model`) that have published exchanges
    (exchange_count, kept as exchanges are published), in sections by ranges of ids as the
    exchanges' are. The page of one without any lists nothing.

    No lastmod: an entity's page changes when an exchange linked to it does, or is published,
    which the entity's own `updated` does not say; a date that is wrong is worse than none."""

    limit = 10000
    model = None

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def items(self):
        return self.model.objects.with_published_exchanges().only("slug").order_by("id")


class OrganisationSitemap(EntitySitemap):
    model = Organisation


class PersonSitemap(EntitySitemap):
    model = Person


class PlaceSitemap(EntitySitemap):
    model = Place


SITEMAPS = {
    "pages": PageSitemap,
    "exchanges": ExchangeSitemap,
    "organisations": OrganisationSitemap,
    "people": PersonSitemap,
    "places": PlaceSitemap,
}
