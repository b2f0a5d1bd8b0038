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

import pybreaker
from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

replica_allowed = contextvars.ContextVar("replica_allowed", default=False)

WROTE_COOKIE = "wrote"
WROTE_SALT = "config.routers.wrote"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

# The breaker of each replica (per process): after a failed connection, its reads go to the
# primary for REPLICA_RETRY_SECONDS, then one request tries it again (pybreaker's half-open state,
# as config/cache.py does for Redis).
_breakers = {}


class _Logged(pybreaker.CircuitBreakerListener):
    def __init__(self, alias):
        self.alias = alias

    def state_change(self, breaker, old, new):
        if new.name == pybreaker.STATE_OPEN:
            logger.warning(
                "Read replica %s is unreachable; reading from the primary for %g s.",
                self.alias,
                breaker.reset_timeout,
            )


def breaker(alias):
    if alias not in _breakers:
        _breakers[alias] = pybreaker.CircuitBreaker(
            fail_max=1,
            reset_timeout=settings.REPLICA_RETRY_SECONDS,
            listeners=[_Logged(alias)],
            throw_new_error_on_trip=False,
        )
    return _breakers[alias]


def _connect(connection):
    """One health check per request at most (CONN_HEALTH_CHECKS)."""
    connection.close_if_health_check_failed()
    connection.ensure_connection()


def is_up(alias):
    """Whether the replica answers; not asked while its breaker is open."""
    connection = connections[alias]
    try:
        breaker(alias).call(_connect, connection)
    except pybreaker.CircuitBreakerError:
        return False
    except DatabaseError:
        connection.close()
        return False
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
