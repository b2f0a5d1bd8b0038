"""What the API answers a format it does not have: a JSON 404 as its other errors are, saying which
formats it has and where the CSV downloads are. Apart from the views: Django REST framework imports
its content negotiation class (settings.REST_FRAMEWORK) while its views are being loaded."""

from django.http import Http404
from django.urls import reverse
from rest_framework.exceptions import NotFound
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
            csv, data = (
                request.build_absolute_uri(reverse(name)) for name in ("opendata:csv", "opendata:data")
            )
            raise NotFound(
                f"This address has no such format: it answers in {formats} (format={renderers[0].format}, "
                f"or no format at all). The exchanges a search selects download as CSV at {csv} with the "
                f"catalogue's parameters (e.g. {csv}?q=Nixon), and the whole catalogue at {data}."
            ) from None
