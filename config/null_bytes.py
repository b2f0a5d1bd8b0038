"""Requests that carry a NUL character are answered 400 Bad Request, before any view.

Nobody types a NUL, and PostgreSQL can neither store nor compare text that
holds one: a NUL in an address (a slug), a filter (the admin's ?status=) or a
form field reached the database as a parameter and failed there, with a 500.
Django's form fields refuse NULs themselves, but not every value goes through
a form, so the check is made once, here, on the path, the query string (names
and values) and posted form data. The answer is the site's 400 page
(templates/400.html, rendered by Django's own bad-request handler); under the
API it is JSON naming each parameter, as the API answers any parameter that
does not validate, and for a download or a feed plain text naming each, as
they answer a wrong filter (opendata/api/bad_request.py). Nothing is read
from or written to the database.
"""

from django.core.exceptions import BadRequest
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

# Named, not imported, as config/urls.py names handler400: the settings and their middleware sit
# beneath the apps, which import them.
REFUSED_TO_A_PROGRAM = "opendata.api.bad_request.refused_to_a_program"

NUL = "\x00"
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class RejectNullBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            refused = import_string(REFUSED_TO_A_PROGRAM)(request, nul_errors(request))
            if refused is None:
                raise BadRequest("The request holds a NUL character.")
            return refused
        return self.get_response(request)


def holds_nul(request):
    if NUL in request.path_info or in_query_dict(request.GET):
        return True
    return (
        request.method == "POST"
        and request.content_type in FORM_CONTENT_TYPES
        and in_query_dict(request.POST)
    )


def nul_errors(request):
    """{parameter: [message]} for each parameter holding a NUL; {"detail": …} for the address."""
    sent = [request.GET]
    if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
        sent.append(request.POST)
    errors = {
        name.replace(NUL, ""): [_("This value holds a NUL character, which no value here does.")]
        for data in sent
        for name, values in data.lists()
        if NUL in name or any(NUL in value for value in values)
    }
    return errors or {"detail": _("The address holds a NUL character, which no address here does.")}


def in_query_dict(data):
    return any(NUL in name or any(NUL in value for value in values) for name, values in data.lists())
