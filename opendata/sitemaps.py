from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from exchanges.models import Exchange


class PageSitemap(Sitemap):
    """The pages that are not records: home, the catalogue, about, the data page, the API docs."""

    def items(self):
        return ["home", "exchanges:list", "about", "opendata:data", "api:docs"]

    def location(self, name):
        return reverse(name)


class ExchangeSitemap(Sitemap):
    """Every published exchange, with when it last changed."""

    limit = 10000

    def items(self):
        return Exchange.objects.published().only("slug", "updated").order_by("id")

    def lastmod(self, exchange):
        return exchange.updated

    def get_latest_lastmod(self):
        """The sitemap index's date for this section, in one aggregate: Django's default calls
        lastmod() on every item, reading each published exchange (11 s for a million)."""
        return self.items().aggregate(latest=Max("updated"))["latest"]


SITEMAPS = {"pages": PageSitemap, "exchanges": ExchangeSitemap}
