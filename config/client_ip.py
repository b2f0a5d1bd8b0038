"""The address of the person behind a request: for the contribution rate limit,
the login lockout (django-axes) and the record of who sent a submission.

A client that connects to gunicorn directly is known by the address it connects
from (REMOTE_ADDR), whatever X-Forwarded-For it sends: nobody chooses their own
rate-limit key. Only a request that arrives from a proxy listed in
TRUSTED_PROXIES is known by the address that proxy saw, read from
X-Forwarded-For by django-ipware, counting proxies from the right: entries a
client wrote itself, further left, are never taken.
"""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR") or ""
    if not settings.TRUSTED_PROXIES or not request.META.get(FORWARDED_FOR):
        return remote
    # The whole chain as the last proxy knows it: what it was told, then who told it.
    # ipware checks that the trailing hops (the last one being who connects to
    # us) are the trusted proxies, in order, and picks the address just before them.
    chain = HttpRequest()
    chain.META = {FORWARDED_FOR: f"{request.META[FORWARDED_FOR]}, {remote}"}
    address, _ = get_client_ip(
        chain,
        proxy_order="left-most",
        proxy_trusted_ips=settings.TRUSTED_PROXIES,
        request_header_order=[FORWARDED_FOR],
        strict=False,
    )
    return address or remote
