"""The open data's answers are read-only: GET and HEAD, and 405 naming them for anything else."""

from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


def read_only(view):
    """`require_safe`, exempt from the CSRF check: the CSRF middleware runs before the view and
    would answer a POST with its 403 failure page, telling a client that posts to a feed or a
    download it forged a form. A view that refuses every unsafe method has nothing to protect."""
    return csrf_exempt(require_safe(view))
