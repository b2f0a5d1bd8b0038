"""Requests that carry a NUL character are answered 400 Bad Request, before any view.

Nobody types a NUL, and PostgreSQL can neither store nor compare text that
holds one: a NUL in an address (a slug), a filter (the admin's ?status=) or a
form field reached the database as a parameter and failed there, with a 500.
Django's form fields refuse NULs themselves, but not every value goes through
a form, so the check is made once, here, on the path, the query string (names
and values) and posted form data. The answer is the site's 400 page
(templates/400.html, rendered by Django's own bad-request handler); nothing is
read from or written to the database.
"""

from django.core.exceptions import BadRequest

NUL = "\x00"
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


class RejectNullBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request):
            raise BadRequest("The request holds a NUL character.")
        return self.get_response(request)


def holds_nul(request):
    if NUL in request.path_info or in_query_dict(request.GET):
        return True
    return (
        request.method == "POST"
        and request.content_type in FORM_CONTENT_TYPES
        and in_query_dict(request.POST)
    )


def in_query_dict(data):
    return any(NUL in name or any(NUL in value for value in values) for name, values in data.lists())
