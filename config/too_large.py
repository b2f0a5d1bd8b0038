"""A form sent larger than the site reads (DATA_UPLOAD_MAX_MEMORY_SIZE) is answered 413 with a page
saying so and how to recover.

Django refuses such a form as it is read (RequestDataTooBig), and the site's 400 page blamed a control
character and asked for the text to be retyped: the contributor who had pasted a whole document into
a box learnt neither what was wrong nor that their browser's Back button keeps what they typed. The
form is read here, before any other middleware reads it, so that Django counts it as always (files
sent with it do not count)."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render

from config.null_bytes import FORM_CONTENT_TYPES


class FormTooLargeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in FORM_CONTENT_TYPES:
            try:
                request.POST  # noqa: B018 (read for Django to count)
            except RequestDataTooBig:
                context = {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE, "sent": sent_length(request)}
                return render(request, "413.html", context, status=413)
        return self.get_response(request)


def sent_length(request):
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0
