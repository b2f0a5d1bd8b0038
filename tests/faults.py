"""The database going away in the middle of a request, at every statement in turn."""

import contextlib

from django.db import OperationalError, connection, transaction
from django.test import Client


def refused():
    return OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")


class DropAfter:
    """An execute wrapper: the database answers `answered` statements, then refuses every one.

    Rollbacks still go through, and the release of a savepoint (a test's
    transaction holds the request's): a server that loses its client discards
    the unfinished transaction, as a rollback does.
    """

    def __init__(self, answered):
        self.answered = answered
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(("ROLLBACK", "RELEASE")):
            self.count += 1
            if self.count > self.answered:
                raise refused()
        return execute(sql, params, many, context)


def each_drop(request, state=lambda: None):
    """(statements answered, response, state after) for the database dropping at each statement of
    `request()` in turn, and last for a request it answers in full; each is undone after it is read."""
    counter = DropAfter(float("inf"))
    with rolled_back(), connection.execute_wrapper(counter):
        request()
    for answered in range(counter.count + 1):
        with rolled_back():
            with connection.execute_wrapper(DropAfter(answered)):
                response = request()
            yield answered, response, state()


@contextlib.contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def as_in_production(client):
    """A new client with `client`'s cookies (session, CSRF, a contribution's receipt), whose
    request's exceptions become the error pages, as in production."""
    production = Client(raise_request_exception=False)
    for name, cookie in client.cookies.items():
        production.cookies[name] = cookie.value
    return production
