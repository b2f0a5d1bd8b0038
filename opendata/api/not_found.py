"""What the API answers an address it does not have: a JSON 404 as its other errors are
(`{"detail": …}`, through Django REST framework's exception handler), saying where to go instead."""

import re

from django.urls import reverse
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

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


def is_api_address(request):
    return API_ADDRESS.match(request.path_info) is not None


def api_not_found(request):
    """The JSON 404 of an address under /api/ that no view answers (config.errors.page_not_found)."""
    return unknown_address(request).render()
