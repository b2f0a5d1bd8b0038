"""Reads of anonymous requests go to PostgreSQL read replicas; everything else to the primary.

DATABASE_REPLICA_URLS (settings) adds one database alias per replica,
"replica1", "replica2"…, listed in settings.DATABASE_REPLICAS. A replica may
serve a read only when the current request allowed it: ReplicaMiddleware sets
`replica_allowed` for an anonymous GET or HEAD outside the admin, from a
visitor who has not written anything in the last READ_YOUR_WRITES_SECONDS (a
signed cookie set on every POST says so). Everything else reads the primary:
logged-in staff and moderators, the admin, the visitor who has just submitted,
the worker and management commands (no request, so the variable stays False).

A replica that refuses a connection is left alone for REPLICA_RETRY_SECONDS
and its reads go to the primary meanwhile, so a replica going down costs one
failed connection attempt per process, not an error page.
"""

import contextvars
import logging
import random
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

replica_allowed = contextvars.ContextVar("replica_allowed", default=False)

WROTE_COOKIE = "wrote"
WROTE_SALT = "config.routers.wrote"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# alias -> monotonic time before which the replica is not tried again (per process).
_down_until = {}


def mark_down(alias):
    _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    logger.warning(
        "Read replica %s is unreachable; reading from the primary for %s s.",
        alias,
        settings.REPLICA_RETRY_SECONDS,
    )


def is_up(alias):
    """Whether the replica answers: one health check per request at most (CONN_HEALTH_CHECKS)."""
    if _down_until.get(alias, 0) > time.monotonic():
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError:
        connection.close()
        mark_down(alias)
        return False
    _down_until.pop(alias, None)
    return True


def healthy_replica():
    replicas = list(settings.DATABASE_REPLICAS)
    random.shuffle(replicas)
    for alias in replicas:
        if is_up(alias):
            return alias
    return None


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if settings.DATABASE_REPLICAS and replica_allowed.get():
            return healthy_replica() or "default"
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replicas hold the primary's rows: an object read from one relates
        # to any other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas follow the primary's schema; they cannot be migrated.
        return db == "default"


def may_read_replica(request):
    if request.method not in SAFE_METHODS or request.path.startswith("/admin/"):
        return False
    if request.get_signed_cookie(
        WROTE_COOKIE, default=None, salt=WROTE_SALT, max_age=settings.READ_YOUR_WRITES_SECONDS
    ):
        return False
    # Reading request.user loads the session from the primary: the variable is not set yet.
    return not request.user.is_authenticated


class ReplicaMiddleware:
    """Lets this request's reads use a replica, or not (see the module's docstring).

    After AuthenticationMiddleware, which it asks whether the visitor is logged in.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        allowed = bool(settings.DATABASE_REPLICAS) and may_read_replica(request)
        token = replica_allowed.set(allowed)
        try:
            response = self.get_response(request)
        finally:
            replica_allowed.reset(token)
        if request.method not in SAFE_METHODS and settings.DATABASE_REPLICAS:
            # Whatever this visitor does next, for a while, reads what they just wrote.
            response.set_signed_cookie(
                WROTE_COOKIE,
                "1",
                salt=WROTE_SALT,
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
