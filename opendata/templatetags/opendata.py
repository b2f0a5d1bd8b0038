"""What every page's <head> says about itself: its canonical address."""

from django import template
from django.conf import settings
from django.http import QueryDict
from django.utils.encoding import escape_uri_path

from exchanges.filters import ExchangeFilter

register = template.Library()

# Parameters whose defaults say nothing: left out of a canonical address.
DEFAULTS = {"sort": "-date", "page": "1"}


def canonical_query(query):
    """The catalogue's parameters in one order: filters as the FilterSet declares them, each
    parameter's values sorted, empty values and defaults dropped, anything else left out."""
    canonical = QueryDict(mutable=True)
    for name in [*ExchangeFilter.base_filters, "page"]:
        values = sorted({value for value in query.getlist(name) if value and DEFAULTS.get(name) != value})
        if values:
            canonical.setlist(name, values)
    return canonical.urlencode()


@register.simple_tag(takes_context=True)
def canonical_url(context):
    request = context.get("request")
    if request is None:
        return settings.SITE_URL.rstrip("/") + "/"
    # Escaped as an address is written (IRI to URI), as reverse() gives it to the sitemap and the
    # JSON-LD: request.path is decoded, and "peña" named a second address beside "pe%C3%B1a".
    url = settings.SITE_URL.rstrip("/") + escape_uri_path(request.path)
    match = request.resolver_match
    if match and match.view_name == "exchanges:list":
        query = canonical_query(request.GET)
        return f"{url}?{query}" if query else url
    return url


@register.simple_tag
def dataset_citations():
    from opendata.releases import dataset_citations as citations

    return citations()


@register.simple_tag
def usable_query(filterset):
    """The search's parameters for its downloads and feed, in the canonical order: without the
    page, and without any parameter the page reported as unusable (so the links do not fail)."""
    encoded = canonical_query(filterset.usable_data())
    return f"?{encoded}" if encoded else ""
