"""What the API answers a format it does not have: a JSON 404 (406 for an Accept header it cannot
meet) as its other errors are, saying which formats it has and where the CSV downloads are. Apart
from the views: Django REST framework imports its content negotiation class
(settings.REST_FRAMEWORK) while its views are being loaded."""

from django.http import Http404
from django.urls import reverse
from django.utils.http import parse_header_parameters
from rest_framework.exceptions import NotAcceptable, NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings
from rest_framework.utils.mediatypes import media_type_matches

from exchanges.filters import sent_more_than_once


class FormatsNamedNegotiation(DefaultContentNegotiation):
    """A `format` the address does not answer in (`?format=csv`, `/api/v1/exchanges.csv`) is 404, as
    Django REST framework answers it (the address names no resource in that format), with the formats
    it does answer in and where the CSV downloads are, where the framework said only "Not found."."""

    def select_renderer(self, request, renderers, format_suffix=None):
        self.refuse_repeated_format(request)
        # Django REST framework reads no `q`: a type refused with q=0 was answered in as any other.
        answerable = [renderer for renderer in renderers if not self.refuses(request, renderer.media_type)]
        if renderers and not answerable:
            raise self.not_acceptable(request, renderers)
        try:
            return super().select_renderer(request, answerable, format_suffix)
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
            raise self.not_acceptable(request, renderers) from None

    def refuse_repeated_format(self, request):
        """`format` sent twice gets 400 naming it, as every parameter that takes one value does, where
        the last one sent was answered in without a word (`format=csv&format=json` in JSON)."""
        name = api_settings.URL_FORMAT_OVERRIDE
        values = request.query_params.getlist(name) if name else []
        if len(values) > 1:
            raise ValidationError({name: [sent_more_than_once(name, values)]})

    def not_acceptable(self, request, renderers):
        types = ", ".join(dict.fromkeys(renderer.media_type for renderer in renderers))
        return NotAcceptable(
            f"This address answers in {types} only, which the Accept header sent does not take. "
            f"{_downloads(request)}",
            available_renderers=renderers,
        )

    def refuses(self, request, media_type):
        """Whether the Accept header gives `media_type` q=0, "not acceptable" (RFC 9110, 12.5.1): by
        the most specific of its ranges that covers it (`*/*, application/json;q=0` refuses JSON,
        `application/json, */*;q=0` does not)."""
        covering = [token for token in self.get_accept_list(request) if media_type_matches(media_type, token)]
        if not covering:
            return False
        return _quality(max(covering, key=_specificity)) == 0


def _specificity(token):
    """2 for a type and subtype, 1 for `type/*`, 0 for `*/*`."""
    main, _slash, sub = parse_header_parameters(token)[0].partition("/")
    return 0 if main == "*" else 1 if sub == "*" else 2


def _quality(token):
    try:
        return float(parse_header_parameters(token)[1].get("q", "1"))
    except ValueError:
        return 1.0


def _downloads(request):
    csv, data = (request.build_absolute_uri(reverse(name)) for name in ("opendata:csv", "opendata:data"))
    return (
        f"The exchanges a search selects download as CSV at {csv} with the catalogue's parameters "
        f"(e.g. {csv}?q=Nixon), and the whole catalogue at {data}."
    )


def answered_in_json(exc, context):
    """Django REST framework's exception handler, with the answer in JSON when no format could be
    agreed on (FormatsNamedNegotiation raised): the framework then took the view's first renderer,
    and the schema said its error in YAML with the message as a mapping (`string:`, `code:`), the
    documentation page in HTML. Every error under /api/ is `{"detail": …}` in JSON."""
    # Imported here: this module is loaded while rest_framework.views is (see above).
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    request = context["request"]
    if response is not None and not getattr(request, "accepted_renderer", None):
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return response
