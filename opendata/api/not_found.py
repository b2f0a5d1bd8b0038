"""What the API answers an address it does not have: a JSON 404 as its other errors are
(`{"detail": …}`, through Django REST framework's exception handler), saying where to go instead."""

import json
import re

from django.http import Http404, HttpResponseNotFound
from django.urls import Resolver404, reverse
from django.views import defaults
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from exchanges.views import withdrawn_page

from ..models import Withdrawal

# The API's addresses: those of every version, and of none, as a client guessing one might try.
API_ADDRESS = re.compile(r"^/api(/|$)")
# An address naming a file (its last part has an extension: cite.bib, /data/<release>/exchanges.csv,
# sitemap-x.xml), which a script saves or parses; the site's pages end with a slash.
FILE_ADDRESS = re.compile(r"\.([A-Za-z0-9]+)$")


class UnknownAddressView(APIView):
    """Any address under /api/ that names nothing, whatever the method."""

    def initial(self, request, *args, **kwargs):
        # Before negotiation, throttling or anything else: the answer is the same whatever was asked.
        root, docs = (request.build_absolute_uri(reverse(name)) for name in ("api:api-root", "api:docs"))
        raise NotFound(
            f"Nothing is at this address. The API's collections are at {root}, documented at {docs}."
        )


unknown_address = UnknownAddressView.as_view()


def file_not_found(exception, extension):
    """A 404 a script reads: plain text, or JSON for a .json file, saying what is missing. The HTML
    page landed in the file saved (`curl -fO` aside) or made the parser fail on `<!DOCTYPE`."""
    said = (
        exception.args[0] if isinstance(exception, Http404) and not isinstance(exception, Resolver404) else ""
    )
    message = said if isinstance(said, str) and said else "Nothing is at this address."
    if extension.lower() == "json":
        return HttpResponseNotFound(
            json.dumps({"detail": message}) + "\n", content_type="application/json; charset=utf-8"
        )
    return HttpResponseNotFound(message + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception):
    """The site's 404 page (handler404, config/urls.py); under /api/, the API's JSON 404, which a
    client reading JSON can read (it was given the HTML page); at a file's address, plain text or
    JSON (file_not_found). Here, not with the site's other error pages in config/errors.py: this app
    imports config's helpers (the heartbeat, the client's address), and config's modules but the URL
    configuration import no app. Django's debug page stands in for both while DEBUG is on."""
    if API_ADDRESS.match(request.path_info):
        return unknown_address(request).render()
    if deleted_exchange(request.resolver_match):
        return withdrawn_page(request)
    if file := FILE_ADDRESS.search(request.path_info):
        return file_not_found(exception, file[1])
    return defaults.page_not_found(request, exception)


def deleted_exchange(match):
    """Whether the address is an exchange's page whose exchange was published and then deleted:
    gone for good as a withdrawn one is (410), where it was not found, as if mistyped."""
    if match is None or match.view_name != "exchanges:detail":
        return False
    return Withdrawal.objects.filter(slug=match.kwargs["slug"]).exists()
