"""/healthz: does this web instance answer, and do its database and its cache?

Load balancers, `docker compose` and the image's HEALTHCHECK poll it. It is
answered by the first middleware, before the HTTPS redirect and the host check,
so a checker can call it over plain HTTP by IP address. It says nothing about
why the database is unreachable: the reason goes to the log, not the network.

A cache (Redis) that is down makes the site slower, not unavailable: the
answer stays 200 and says {"cache": "degraded"}, so a load balancer keeps the
instance while monitoring sees the fault.
"""

import logging

from django.core.cache import cache
from django.db import Error, connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.rstrip("/") == HEALTH_PATH:
            return healthz(request)
        return self.get_response(request)


def healthz(request):
    cache_state = "ok" if cache_answers() else "degraded"
    if database_answers():
        response = JsonResponse({"status": "ok", "database": "ok", "cache": cache_state})
    else:
        response = JsonResponse(
            {"status": "unavailable", "database": "unreachable", "cache": cache_state}, status=503
        )
    add_never_cache_headers(response)
    return response


def database_answers():
    """True when a query reaches the database. A broken persistent connection
    is dropped by Django at the end of the request and reopened on the next."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as error:
        logger.warning("Health check: the database does not answer: %s", error)
        return False
    return True


def cache_answers():
    """True when the cache can be reached. django-redis hides its errors from the
    site (IGNORE_EXCEPTIONS), so Redis is asked directly."""
    try:
        client = getattr(cache, "client", None)
        if client is not None and hasattr(client, "get_client"):
            client.get_client(write=True).ping()
        else:
            cache.get("healthz")
    except Exception as error:
        logger.warning("Health check: the cache does not answer: %s", error)
        return False
    return True
