"""A Redis that stops answering costs each process one timeout, not one for every cache call.

django-redis ignores the cache's errors (IGNORE_EXCEPTIONS): a page is rendered as if nothing were
cached. But each call still waits up to SOCKET_TIMEOUT for a Redis that has stalled (a network path
that drops packets, a server paused or swapping), and a reader's page makes three calls or more:
3 s a page, so two sync workers serve less than one page a second. A refused connection fails at
once and needs no help; a stall does.

So a process that sees Redis fail to answer leaves it alone for CACHE_RETRY_SECONDS: every call
fails at once, as a miss or a write not made. Then one call tries again (a circuit breaker's
half-open state, pybreaker's); if Redis answers, the cache is used as before, and if not, the
process waits another CACHE_RETRY_SECONDS. Each process learns on its own, for each Redis server.
"""

import logging
import weakref

import pybreaker
from redis import Redis
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

# The breaker of each connection pool, i.e. of each Redis server and database this process talks
# to: django-redis makes a client for each thread and each cache, and they share their pool.
_breakers = weakref.WeakKeyDictionary()


class Resting(ConnectionError):
    """Redis was not asked: it failed to answer within the last CACHE_RETRY_SECONDS.

    A ConnectionError, so that django-redis takes it as it takes a refused connection."""


def _answered(error):
    # An error that Redis sent (a wrong command, a full memory) shows that it answers.
    return not isinstance(error, ConnectionError | TimeoutError)


class FailFastRedis(Redis):
    """django-redis's REDIS_CLIENT_CLASS: the client, with each command behind its server's breaker.

    Commands rather than connections go through the breaker, since a stalled server accepts the
    connection and then never answers a command. Pipelines do not go through it; the site does not
    use them. pybreaker holds a lock for each call: the threads of one process would take turns
    with Redis, which the site's processes (sync gunicorn workers, the task worker) never need to."""

    def __init__(self, *args, retry_after, **kwargs):
        super().__init__(*args, **kwargs)
        breaker = _breakers.get(self.connection_pool)
        if breaker is None:
            breaker = pybreaker.CircuitBreaker(
                fail_max=1,
                reset_timeout=retry_after,
                exclude=[_answered],
                listeners=[_Logged()],
                throw_new_error_on_trip=False,
            )
            _breakers[self.connection_pool] = breaker
        self.breaker = breaker

    def execute_command(self, *args, **options):
        try:
            return self.breaker.call(super().execute_command, *args, **options)
        except pybreaker.CircuitBreakerError as error:
            raise Resting(f"Redis is not asked for {self.breaker.reset_timeout:g} s after failing") from error


class _Logged(pybreaker.CircuitBreakerListener):
    """One line when a process stops asking Redis and one when it asks again, rather than an error
    for each call it does not make."""

    def state_change(self, breaker, old, new):
        if new.name == pybreaker.STATE_OPEN and old.name == pybreaker.STATE_CLOSED:
            logger.error("The cache does not answer; it is not asked again for %g s", breaker.reset_timeout)
        elif new.name == pybreaker.STATE_CLOSED:
            logger.warning("The cache answers again")


class WithoutResting(logging.Filter):
    """For django-redis's logger: drops its "Exception ignored" for each call not made while Redis
    rests (the breaker logs the rest once), and keeps every other error."""

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        while error is not None:
            if isinstance(error, Resting):
                return False
            error = error.__cause__
        return True


def redis_cache(url, retry_after):
    """The default cache on the Redis at `url` (REDIS_URL), as the settings and the tests build it."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "REDIS_CLIENT_CLASS": "config.cache.FailFastRedis",
            "REDIS_CLIENT_KWARGS": {"retry_after": retry_after},
        },
    }
