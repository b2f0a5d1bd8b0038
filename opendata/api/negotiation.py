"""What the API answers a format it does not have: a JSON 404 (406 for an Accept header it cannot
meet) as its other errors are, saying which formats it has and where the CSV downloads are. Apart
from the views: Django REST framework imports its content negotiation class
(settings.REST_FRAMEWORK) while its views are being loaded."""

from django.http import Http404
from django.urls import reverse
from rest_framework.exceptions import NotAcceptable, NotFound
from rest_framework.negotiation import DefaultContentNegotiation


class FormatsNamedNegotiation(DefaultContentNegotiation):
    """A `format` the address does not answer in (`?format=csv`, `/api/v1/exchanges.csv`) is 404, as
    Django REST framework answers it (the address names no resource in that format), with the formats
    it does answer in and where the CSV downloads are, where the framework said only "Not found."."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            # Raised only by filter_renderers, when no renderer has the format asked for.
            formats = ", ".join(dict.fromkeys(renderer.format for renderer in renderers))
            raise NotFound(
                f"This address has no such format: it answers in {formats} (format={renderers[0].format}, "
                f"or no format at all). {_downloads(request)}"
            ) from None
        except NotAcceptable:
            # An Accept header no renderer meets (`text/csv`): the framework said only "Could not
            # satisfy the request Accept header.".
            types = ", ".join(dict.fromkeys(renderer.media_type for renderer in renderers))
            raise NotAcceptable(
                f"This address answers in {types} only, which the Accept header sent does not take. "
                f"{_downloads(request)}",
                available_renderers=renderers,
            ) from None


def _downloads(request):
    csv, data = (request.build_absolute_uri(reverse(name)) for name in ("opendata:csv", "opendata:data"))
    return (
        f"The exchanges a search selects download as CSV at {csv} with the catalogue's parameters "
        f"(e.g. {csv}?q=Nixon), and the whole catalogue at {data}."
    )
