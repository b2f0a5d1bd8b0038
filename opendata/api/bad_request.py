"""What the API answers a request Django refuses before any view reads it: a JSON 400, as its other
errors are, where a client reading JSON was given the site's HTML page."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

from .not_found import API_ADDRESS


def bad_request(request, exception):
    """The site's 400 page (handler400, config/urls.py); under /api/, JSON saying what was wrong.
    Answered without Django REST framework: its negotiation would read the query string again,
    which is what could not be read. Django's debug page stands in while DEBUG is on.

    The page is rendered without Django's own view, which checks the CSRF token first and so reads
    the posted form again: one refused as it was read (sent in a charset other than UTF-8) was
    refused again there, and a browser holding the site's CSRF cookie got the 500 page."""
    if not API_ADDRESS.match(request.path_info):
        return HttpResponseBadRequest(
            loader.render_to_string(defaults.ERROR_400_TEMPLATE_NAME, request=request)
        )
    if isinstance(exception, TooManyFieldsSent):
        # Reached with more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters (1,001 "a=" fit in the
        # request line gunicorn takes); the filters take at most 20 slugs of a kind (MAX_ENTITIES).
        detail = _(
            "This request sends more than %(limit)s parameters, which no question to the API needs: "
            "send each filter once, or a slug filter at most 20 times."
        ) % {"limit": f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}"}
    else:
        detail = _("This request cannot be read.")
    return JsonResponse({"detail": detail}, status=400)
