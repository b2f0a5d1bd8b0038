"""The address of the person behind a request, for the contribution rate limit and the record."""

import ipaddress

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR; behind a proxy (BEHIND_PROXY=true), the address the proxy saw.

    The proxy appends the address it received the request from to
    X-Forwarded-For, so only the last entry is trusted: anything before it is
    whatever the client chose to send.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or ""
