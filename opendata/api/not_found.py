"""What the API answers an address it does not have: a JSON 404 as its other errors are
(`{"detail": …}`, through Django REST framework's exception handler), saying where to go instead."""

import re

from django.urls import reverse
from django.views import defaults
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from exchanges.views import withdrawn_page

from ..models import Withdrawal

# The API's addresses: those of every version, and of none, as a client guessing one might try.
API_ADDRESS = re.compile(r"^/api(/|$)")


class UnknownAddressView(APIView):
    """Any address under /api/ that names nothing, whatever the method."""

    def initial(self, request, *args, **kwargs):
        # Before negotiation, throttling or anything else: the answer is the same whatever was asked.
        root, docs = (request.build_absolute_uri(reverse(name)) for name in ("api:api-root", "api:docs"))
        raise NotFound(
            f"Nothing is at this address. The API's collections are at {root}, documented at {docs}."
        )


unknown_address = UnknownAddressView.as_view()


def page_not_found(request, exception):
    """The site's 404 page (handler404, config/urls.py); under /api/, the API's JSON 404, which a
    client reading JSON can read (it was given the HTML page). Here, not with the site's other error
    pages in config/errors.py: this app imports config's helpers (the heartbeat, the client's
    address), and config's modules but the URL configuration import no app. Django's debug page
    stands in for both while DEBUG is on."""
    if API_ADDRESS.match(request.path_info):
        return unknown_address(request).render()
    if deleted_exchange(request.resolver_match):
        return withdrawn_page(request)
    return defaults.page_not_found(request, exception)


def deleted_exchange(match):
    """Whether the address is an exchange's page whose exchange was published and then deleted:
    gone for good as a withdrawn one is (410), where it was not found, as if mistyped."""
    if match is None or match.view_name != "exchanges:detail":
        return False
    return Withdrawal.objects.filter(slug=match.kwargs["slug"]).exists()
