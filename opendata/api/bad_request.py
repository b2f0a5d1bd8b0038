"""What the API answers a request Django refuses before any view reads it: a JSON 400, as its other
errors are, where a client reading JSON was given the site's HTML page."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.http import HttpResponseBadRequest, JsonResponse
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views import defaults

from ..filtering import parameters_refused, refused
from .not_found import API_ADDRESS, FILE_ADDRESS


def bad_request(request, exception):
    """The site's 400 page (handler400, config/urls.py); under /api/, JSON saying what was wrong, and
    plain text for a download or a feed (refused_to_a_program).
    Answered without Django REST framework: its negotiation would read the query string again,
    which is what could not be read. Django's debug page stands in while DEBUG is on.

    The page is rendered without Django's own view, which checks the CSRF token first and so reads
    the posted form again: one refused as it was read (sent in a charset other than UTF-8) was
    refused again there, and a browser holding the site's CSRF cookie got the 500 page."""
    if isinstance(exception, TooManyFieldsSent):
        # Reached with more than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters (1,001 "a=" fit in the
        # request line gunicorn takes); the filters take at most 20 slugs of a kind (MAX_ENTITIES).
        detail = _(
            "This request sends more than %(limit)s parameters, which no search of the catalogue "
            "needs: send each filter once, or a slug filter at most 20 times."
        ) % {"limit": f"{settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:,}"}
    else:
        detail = _("This request cannot be read.")
    return refused_to_a_program(request, {"detail": detail}) or HttpResponseBadRequest(
        loader.render_to_string(defaults.ERROR_400_TEMPLATE_NAME, request=request)
    )


# The open data's files besides the API: their clients are scripts and feed readers.
PLAIN_TEXT_ANSWERS = {"opendata:csv", "opendata:json", "opendata:feed"}


def refused_to_a_program(request, errors):
    """The 400 of a request that cannot be read (`errors`: {parameter: [messages]}, or {"detail":
    message}), in the form its client reads: under /api/ JSON, as the API's other errors; for a
    download, a feed or another of the open data's files plain text, as their wrong filters, a line
    per parameter (JSON `{"detail": …}` for a .json file). None for the site's pages, which answer
    with the site's HTML page."""
    if API_ADDRESS.match(request.path_info):
        return JsonResponse(errors, status=400)
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        name = None
    # The open data's other files (a citation file, a release's file, a sitemap), as their 404 is
    # (not_found.file_not_found): they were given the site's HTML page, which a script saved as the file.
    file = name and name.startswith("opendata:") and FILE_ADDRESS.search(request.path_info)
    if name not in PLAIN_TEXT_ANSWERS and not file:
        return None
    in_json = name not in PLAIN_TEXT_ANSWERS and file[1].lower() == "json"
    if "detail" in errors:
        return refused(errors["detail"], in_json)
    return parameters_refused(
        [f"{parameter}: {message}" for parameter, messages in errors.items() for message in messages], in_json
    )
