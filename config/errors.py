"""The 500 page, the 503 page when the database is out of reach, the page
for a form sent without its security token, and the login lockout page.

Django calls ``server_error`` for any exception that escapes a view or a
middleware, while that exception is being handled. An OperationalError or an
InterfaceError means the database cannot be reached (a restart, a failover, a
network cut): the reader gets "back soon", not "something broke". Both pages
render without the request, so nothing here can touch the database or the
session again.
"""

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.module_loading import import_string

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def server_error(request):
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return service_unavailable()
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def service_unavailable():
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


# The forms whose text comes back when their security token is refused: the name of each one's
# view, and the view that shows it again (named, as those views import this module).
FORMS_SENT_AGAIN = {
    "contributions:submit": "contributions.views.token_refused",
    "contributions:suggest": "contributions.views.token_refused",
}


def csrf_failure(request, reason=""):
    """A form sent without the security (CSRF) token its page was given (CSRF_FAILURE_VIEW)."""
    match = request.resolver_match
    if match is not None and match.view_name in FORMS_SENT_AGAIN:
        return import_string(FORMS_SENT_AGAIN[match.view_name])(request, **match.kwargs)
    return render(request, "403_csrf.html", status=403)


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login while its username and address are locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else 0
    response = render(
        request,
        "lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response
